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
        if Origin::of(&url).is_none() {
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
        // `from_url` checked the scheme and the host, so the origin exists; the fallback is never
        // taken, and keeps this function total.
        Origin::of(&self.url).unwrap_or_else(|| Origin { scheme: self.url.scheme().to_owned(), host: String::new(), port: 0 })
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

/// Scheme, host and port: where a credential may be sent.
///
/// There is one spelling of an origin in the whole program, the web platform's
/// (`new URL(u).origin`): the port is left out when it is the scheme's default
/// (`https://example.com`, `http://127.0.0.1:4000`, `http://[::1]`). Hosts are compared as the URL
/// parser normalized them (lowercase, punycode for international names, IPv6 in brackets), with a
/// single trailing dot of a domain name removed (`example.com.` names the same host as
/// `example.com`). The web UI never derives an origin itself: it shows and compares these strings.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
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
        let host = match url.host()? {
            url::Host::Domain(domain) => {
                let domain = domain.strip_suffix('.').unwrap_or(domain);
                if domain.is_empty() {
                    return None;
                }
                domain.to_owned()
            }
            url::Host::Ipv4(address) => address.to_string(),
            url::Host::Ipv6(address) => format!("[{address}]"),
        };
        Some(Origin { scheme: scheme.to_owned(), host, port: url.port_or_known_default()? })
    }

    /// Reads an origin written by [`Origin`]'s `Display`, or any URL (whose origin it takes), such
    /// as the `scheme://host:port` with the default port written out that earlier versions stored.
    pub fn parse(text: &str) -> Result<Origin, EndpointError> {
        Endpoint::parse(text).map(|endpoint| endpoint.origin())
    }

    fn default_port(&self) -> u16 {
        if self.scheme == "https" { 443 } else { 80 }
    }

    /// Whether the host is this machine's loopback (`localhost`, `127.0.0.0/8`, `[::1]`).
    pub fn is_loopback(&self) -> bool {
        let host = self.host.trim_start_matches('[').trim_end_matches(']');
        match host.parse::<std::net::IpAddr>() {
            Ok(address) => address.is_loopback(),
            Err(_) => host == "localhost" || host.ends_with(".localhost"),
        }
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.port == self.default_port() {
            write!(f, "{}://{}", self.scheme, self.host)
        } else {
            write!(f, "{}://{}:{}", self.scheme, self.host, self.port)
        }
    }
}

impl Serialize for Origin {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Origin {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Origin::parse(&text).map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints_are_checked_once() {
        let cases: Vec<(&str, Result<&str, EndpointError>)> = vec![
            ("https://backboard.railway.com/graphql/v2", Ok("https://backboard.railway.com")),
            ("  http://127.0.0.1:4000/graphql\n", Ok("http://127.0.0.1:4000")),
            ("ftp://example.com/", Err(EndpointError::UnsupportedScheme { scheme: "ftp".into() })),
            ("file:///etc/passwd", Err(EndpointError::UnsupportedScheme { scheme: "file".into() })),
            ("https://user:pass@example.com/", Err(EndpointError::CredentialsInUrl)),
            ("https://token@example.com/", Err(EndpointError::CredentialsInUrl)),
            ("https://./graphql", Err(EndpointError::NoHost)),
        ];
        for (input, expected) in cases {
            let got = Endpoint::parse(input).map(|endpoint| endpoint.origin().to_string());
            assert_eq!(got.as_deref().map_err(Clone::clone), expected, "{input}");
        }
        for input in ["", "example.com/graphql", "http://", "https://exa mple.com/"] {
            assert!(Endpoint::parse(input).is_err(), "{input}");
        }
    }

    /// One spelling of an origin for the whole program: the web platform's `new URL(u).origin`.
    /// Regression: profiles were stored as `https://host:443` and the page compared them with
    /// `https://host`, so a profile for an API on its default port was never listed.
    #[test]
    fn origins_are_spelled_as_the_web_spells_them() {
        // (endpoint URL, its origin as every part of Sextant writes it)
        let cases = [
            // Default ports are left out, explicit other ports kept.
            ("https://backboard.railway.com/graphql/v2", "https://backboard.railway.com"),
            ("https://backboard.railway.com:443/graphql/v2", "https://backboard.railway.com"),
            ("http://api.example:80/graphql", "http://api.example"),
            ("https://api.example:8443/graphql", "https://api.example:8443"),
            ("http://api.example:443/graphql", "http://api.example:443"),
            ("https://api.example:80/graphql", "https://api.example:80"),
            ("http://127.0.0.1:4000/graphql", "http://127.0.0.1:4000"),
            ("http://127.0.0.1/graphql", "http://127.0.0.1"),
            // Scheme and host in any case.
            ("HTTPS://Example.COM:443/x", "https://example.com"),
            ("https://API.GitHub.com/graphql", "https://api.github.com"),
            // International names in punycode, as the URL standard writes them.
            ("https://bücher.example/graphql", "https://xn--bcher-kva.example"),
            ("https://BÜCHER.example:8443/graphql", "https://xn--bcher-kva.example:8443"),
            // A trailing dot names the same host.
            ("https://backboard.railway.com./graphql/v2", "https://backboard.railway.com"),
            ("https://example.com.:8443/", "https://example.com:8443"),
            // IPv6 in brackets, compressed.
            ("http://[::1]/graphql", "http://[::1]"),
            ("http://[::1]:4000/graphql", "http://[::1]:4000"),
            ("https://[0:0:0:0:0:0:0:1]:443/", "https://[::1]"),
            ("http://[2001:DB8::1]:8080/", "http://[2001:db8::1]:8080"),
            // IPv4 written oddly is normalized by the URL parser.
            ("http://0x7f.0.0.1:4000/", "http://127.0.0.1:4000"),
        ];
        for (url, expected) in cases {
            let origin = Endpoint::parse(url).unwrap_or_else(|error| panic!("{url}: {error}")).origin();
            assert_eq!(origin.to_string(), expected, "{url}");
            // Reading the spelling back, or the old spelling with the default port, gives the same origin.
            assert_eq!(Origin::parse(expected).as_ref(), Ok(&origin), "{expected}");
            let explicit = format!("{}://{}:{}", origin.scheme, origin.host, origin.port);
            assert_eq!(Origin::parse(&explicit).as_ref(), Ok(&origin), "{explicit}");
            let json = serde_json::to_string(&origin).unwrap();
            assert_eq!(json, format!("\"{expected}\""));
            assert_eq!(serde_json::from_str::<Origin>(&json).unwrap(), origin);
        }
    }

    #[test]
    fn origins_compare_exactly() {
        let origin = |text: &str| Endpoint::parse(text).unwrap().origin();
        assert_eq!(origin("https://a.example/graphql"), origin("https://a.example:443/other?x=1"));
        assert_eq!(origin("http://a.example"), origin("http://A.EXAMPLE:80/"));
        assert_eq!(origin("https://a.example."), origin("https://a.example/"));
        for other in ["http://a.example/graphql", "https://a.example:8443/graphql", "https://b.a.example/graphql", "https://a.example.evil/"] {
            assert_ne!(origin("https://a.example/graphql"), origin(other), "{other}");
        }
    }

    #[test]
    fn loopback_origins() {
        let cases = [
            ("http://127.0.0.1:4000", true),
            ("http://127.8.9.10", true),
            ("http://[::1]:4000", true),
            ("http://localhost:4000", true),
            ("http://api.localhost", true),
            ("http://localhost.example", false),
            ("https://backboard.railway.com", false),
            ("http://10.0.0.1", false),
            ("http://[::2]", false),
        ];
        for (text, expected) in cases {
            assert_eq!(Origin::parse(text).unwrap().is_loopback(), expected, "{text}");
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
