//! Checked endpoints and their origins.

use std::fmt;
use std::str::FromStr;

use reqwest::Url;
use serde::{Deserialize, Serialize};

/// A GraphQL endpoint: an `http` or `https` URL with a host and no user name or password in it.
/// Parsed once; everything else takes `&Endpoint`.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Endpoint {
    url: Url,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum EndpointError {
    #[error("`{input}` is not a URL: {detail}")]
    NotAUrl { input: String, detail: String },
    #[error("`{scheme}` is not supported: an endpoint starts with http:// or https://")]
    UnsupportedScheme { scheme: String },
    #[error("the URL has no host name")]
    NoHost,
    #[error("the URL carries a user name or password: keep credentials in a profile, not in the endpoint")]
    CredentialsInUrl,
}

impl Endpoint {
    pub fn parse(input: &str) -> Result<Endpoint, EndpointError> {
        let url = Url::parse(input.trim())
            .map_err(|error| EndpointError::NotAUrl { input: input.to_owned(), detail: error.to_string() })?;
        Endpoint::from_url(url)
    }

    pub fn from_url(url: Url) -> Result<Endpoint, EndpointError> {
        if !matches!(url.scheme(), "http" | "https") {
            return Err(EndpointError::UnsupportedScheme { scheme: url.scheme().to_owned() });
        }
        if url.host_str().is_none_or(str::is_empty) {
            return Err(EndpointError::NoHost);
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err(EndpointError::CredentialsInUrl);
        }
        Ok(Endpoint { url })
    }

    pub fn url(&self) -> &Url {
        &self.url
    }

    pub fn as_str(&self) -> &str {
        self.url.as_str()
    }

    pub fn origin(&self) -> Origin {
        Origin::of(&self.url).expect("an endpoint always has an http(s) scheme and a host")
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.url.as_str())
    }
}

impl fmt::Debug for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Endpoint({})", self.url)
    }
}

impl FromStr for Endpoint {
    type Err = EndpointError;
    fn from_str(input: &str) -> Result<Self, Self::Err> {
        Endpoint::parse(input)
    }
}

impl Serialize for Endpoint {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.url.as_str())
    }
}

impl<'de> Deserialize<'de> for Endpoint {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Endpoint::parse(&text).map_err(serde::de::Error::custom)
    }
}

/// Scheme, host and port, with the default port written out: `https://example.com` and
/// `https://example.com:443` are the same origin, `http://example.com` is another. Hosts are
/// compared as the URL parser normalized them (lowercase, punycode); nothing else is folded.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Origin {
    pub scheme: String,
    pub host: String,
    pub port: u16,
}

impl Origin {
    /// The origin of an `http` or `https` URL with a host; `None` for anything else.
    pub fn of(url: &Url) -> Option<Origin> {
        let scheme = url.scheme();
        if !matches!(scheme, "http" | "https") {
            return None;
        }
        let host = url.host_str().filter(|host| !host.is_empty())?;
        Some(Origin { scheme: scheme.to_owned(), host: host.to_owned(), port: url.port_or_known_default()? })
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_checked_once() {
        let cases: Vec<(&str, Result<&str, EndpointError>)> = vec![
            ("https://backboard.railway.com/graphql/v2", Ok("https://backboard.railway.com:443")),
            ("  http://127.0.0.1:4000/graphql\n", Ok("http://127.0.0.1:4000")),
            ("HTTPS://Example.COM:443/x", Ok("https://example.com:443")),
            ("http://[::1]/graphql", Ok("http://[::1]:80")),
            ("ftp://example.com/", Err(EndpointError::UnsupportedScheme { scheme: "ftp".into() })),
            ("file:///etc/passwd", Err(EndpointError::UnsupportedScheme { scheme: "file".into() })),
            ("https://user:pass@example.com/", Err(EndpointError::CredentialsInUrl)),
            ("https://token@example.com/", Err(EndpointError::CredentialsInUrl)),
        ];
        for (input, expected) in cases {
            let got = Endpoint::parse(input).map(|endpoint| endpoint.origin().to_string());
            assert_eq!(got.as_deref().map_err(Clone::clone), expected, "{input}");
        }
        for input in ["", "example.com/graphql", "http://", "https://exa mple.com/"] {
            assert!(Endpoint::parse(input).is_err(), "{input}");
        }
    }

    #[test]
    fn origins_compare_exactly_with_default_ports_explicit() {
        let origin = |text: &str| Endpoint::parse(text).unwrap().origin();
        assert_eq!(origin("https://a.example/graphql"), origin("https://a.example:443/other?x=1"));
        assert_eq!(origin("http://a.example"), origin("http://A.EXAMPLE:80/"));
        for other in ["http://a.example/graphql", "https://a.example:8443/graphql", "https://b.a.example/graphql", "https://a.example.evil/"] {
            assert_ne!(origin("https://a.example/graphql"), origin(other), "{other}");
        }
    }

    #[test]
    fn endpoints_round_trip_through_serde() {
        let endpoint = Endpoint::parse("https://backboard.railway.com/graphql/v2").unwrap();
        let json = serde_json::to_string(&endpoint).unwrap();
        assert_eq!(json, "\"https://backboard.railway.com/graphql/v2\"");
        assert_eq!(serde_json::from_str::<Endpoint>(&json).unwrap(), endpoint);
        assert!(serde_json::from_str::<Endpoint>("\"ftp://x\"").is_err());
    }
}
