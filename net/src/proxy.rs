//! Which HTTP proxy a request goes through. Proxies come from the environment as curl reads them
//! (`https_proxy`, `http_proxy`, `all_proxy`, `no_proxy`, in either case), with one rule added:
//! nothing for this machine's loopback ever goes to a proxy. A proxy sees a plain-http request
//! whole, headers and tokens included, and a local server (the Demo API, a server under
//! development) is never behind one.

/// The proxies of one client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProxySettings {
    /// The proxy for `http://` endpoints.
    pub http: Option<String>,
    /// The proxy for `https://` endpoints (a `CONNECT` tunnel: the proxy sees the host, not the request).
    pub https: Option<String>,
    /// Hosts that bypass the proxies, as `no_proxy` lists them (`example.com`, `.example.com`,
    /// `10.0.0.0/8`, `*`). Loopback is always added.
    pub no_proxy: Vec<String>,
}

/// Always bypassed: this machine.
const LOOPBACK: [&str; 4] = ["localhost", "127.0.0.0/8", "::1", ".localhost"];

impl ProxySettings {
    /// No proxy at all.
    pub fn none() -> ProxySettings {
        ProxySettings::default()
    }

    /// The proxies of the process environment.
    pub fn from_env() -> ProxySettings {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// The proxies these environment values name: `https_proxy` for https, `http_proxy` for http
    /// (the upper-case `HTTP_PROXY` is not read when `REQUEST_METHOD` says this runs as CGI, where a
    /// request's `Proxy:` header would set it), `all_proxy` for both, `no_proxy` to bypass.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> ProxySettings {
        let get = |lower: &str, upper: &str| {
            let upper_allowed = upper != "HTTP_PROXY" || lookup("REQUEST_METHOD").is_none();
            lookup(lower)
                .or_else(|| if upper_allowed { lookup(upper) } else { None })
                .map(|value| value.trim().to_owned())
                .filter(|value| !value.is_empty())
        };
        let all = get("all_proxy", "ALL_PROXY");
        let no_proxy = get("no_proxy", "NO_PROXY")
            .map(|list| list.split(',').map(|entry| entry.trim().to_owned()).filter(|entry| !entry.is_empty()).collect())
            .unwrap_or_default();
        ProxySettings {
            http: get("http_proxy", "HTTP_PROXY").or_else(|| all.clone()),
            https: get("https_proxy", "HTTPS_PROXY").or(all),
            no_proxy,
        }
    }

    /// The `no_proxy` list that is applied: the configured one and loopback.
    pub fn bypass_list(&self) -> String {
        let mut entries: Vec<&str> = self.no_proxy.iter().map(String::as_str).collect();
        entries.extend(LOOPBACK);
        entries.join(",")
    }

    /// Sets the client's proxies: only these (reqwest's own reading of the environment is off).
    pub(crate) fn apply(&self, builder: reqwest::ClientBuilder) -> Result<reqwest::ClientBuilder, reqwest::Error> {
        let mut builder = builder.no_proxy();
        let bypass = reqwest::NoProxy::from_string(&self.bypass_list());
        if let Some(url) = &self.http {
            builder = builder.proxy(reqwest::Proxy::http(url)?.no_proxy(bypass.clone()));
        }
        if let Some(url) = &self.https {
            builder = builder.proxy(reqwest::Proxy::https(url)?.no_proxy(bypass));
        }
        Ok(builder)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(environment: &[(&str, &str)]) -> ProxySettings {
        ProxySettings::from_lookup(|name| environment.iter().find(|(key, _)| *key == name).map(|(_, value)| value.to_string()))
    }

    #[test]
    fn proxies_are_read_as_curl_reads_them() {
        let proxy = |http: Option<&str>, https: Option<&str>, no_proxy: &[&str]| ProxySettings {
            http: http.map(str::to_owned),
            https: https.map(str::to_owned),
            no_proxy: no_proxy.iter().map(|entry| entry.to_string()).collect(),
        };
        let cases: Vec<(&[(&str, &str)], ProxySettings)> = vec![
            (&[], ProxySettings::none()),
            (&[("HTTPS_PROXY", "http://proxy:3128")], proxy(None, Some("http://proxy:3128"), &[])),
            (&[("https_proxy", "http://lower:1"), ("HTTPS_PROXY", "http://upper:2")], proxy(None, Some("http://lower:1"), &[])),
            (&[("http_proxy", "http://p:1")], proxy(Some("http://p:1"), None, &[])),
            (&[("HTTP_PROXY", "http://p:1")], proxy(Some("http://p:1"), None, &[])),
            // As CGI, a request's `Proxy:` header becomes HTTP_PROXY: not read.
            (&[("HTTP_PROXY", "http://evil:1"), ("REQUEST_METHOD", "GET")], ProxySettings::none()),
            (&[("ALL_PROXY", "socks5://p:1080")], proxy(Some("socks5://p:1080"), Some("socks5://p:1080"), &[])),
            (&[("all_proxy", "http://all:1"), ("https_proxy", "http://s:2")], proxy(Some("http://all:1"), Some("http://s:2"), &[])),
            (&[("NO_PROXY", " internal.example, 10.0.0.0/8 ,,")], proxy(None, None, &["internal.example", "10.0.0.0/8"])),
            (&[("https_proxy", "  ")], ProxySettings::none()),
        ];
        for (environment, expected) in cases {
            assert_eq!(settings(environment), expected, "{environment:?}");
        }
    }

    #[test]
    fn loopback_is_always_bypassed() {
        let bypass = settings(&[("no_proxy", "internal.example")]).bypass_list();
        assert_eq!(bypass, "internal.example,localhost,127.0.0.0/8,::1,.localhost");
        assert_eq!(ProxySettings::none().bypass_list(), "localhost,127.0.0.0/8,::1,.localhost");
    }
}
