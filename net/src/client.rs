//! The shared HTTP client and `send`.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::{StatusCode, Url};
use tokio_util::sync::CancellationToken;

use crate::endpoint::Origin;
use crate::outcome::{
    Failure, FailureReason, Outcome, PartialResponse, RedirectHop, RedirectNotice, RedirectReason, Response, TimeoutPhase, Timings,
};
use crate::request::GraphqlRequest;

pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
pub const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(60);
pub const DEFAULT_BODY_LIMIT: u64 = 64 * 1024 * 1024;
pub const DEFAULT_MAX_REDIRECTS: usize = 3;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientConfig {
    /// Time allowed to open a connection (TCP and TLS).
    pub connect_timeout: Duration,
    /// Time allowed for a whole `send`: every hop, up to the last byte. A request may override it.
    pub total_timeout: Duration,
    /// The most body bytes read (after decompression); beyond it the outcome is `TooLarge`.
    pub body_limit: u64,
    /// Same-origin 307/308 redirects followed before stopping.
    pub max_redirects: usize,
    pub user_agent: String,
    /// The HTTP proxies (from the environment by default); loopback never goes through one.
    pub proxy: crate::ProxySettings,
    /// Certificate authorities trusted beside the system's, as PEM (a company's own CA, a test's).
    pub extra_root_certificates_pem: Vec<Vec<u8>>,
}

impl Default for ClientConfig {
    fn default() -> Self {
        ClientConfig {
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            total_timeout: DEFAULT_TOTAL_TIMEOUT,
            body_limit: DEFAULT_BODY_LIMIT,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            user_agent: concat!("sextant/", env!("CARGO_PKG_VERSION")).to_owned(),
            proxy: crate::ProxySettings::from_env(),
            extra_root_certificates_pem: Vec::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("could not set up the HTTP client: {0}")]
pub struct ClientError(#[source] reqwest::Error);

/// One per app: cheap to clone, connections are pooled and reused across clones.
#[derive(Clone, Debug)]
pub struct Client {
    pub(crate) http: reqwest::Client,
    /// The same, speaking HTTP/1.1 only: a WebSocket upgrade is an HTTP/1.1 exchange, and ALPN
    /// would otherwise pick HTTP/2 where the server offers it.
    websocket_http: reqwest::Client,
    /// Open subscription sockets, shared by the clones (one per endpoint and credentials).
    pub(crate) sockets: Arc<crate::subscription::Sockets>,
    config: Arc<ClientConfig>,
}

/// How `send` ended before the outcome is built.
#[allow(clippy::large_enum_variant)]
enum Ended {
    Done(Result<Response, FailureReason>),
    Cancelled,
    TimedOut(Duration),
}

/// What is known of an exchange in flight, kept for the outcome when it ends early.
#[derive(Default)]
struct Progress {
    url: Option<Url>,
    partial: Option<PartialResponse>,
    first_byte: Option<Duration>,
    received: u64,
}

impl Client {
    pub fn new(config: ClientConfig) -> Result<Client, ClientError> {
        let builder = || -> Result<reqwest::ClientBuilder, ClientError> {
            let mut builder = reqwest::Client::builder()
                // Redirects are decided in `exchange`, hop by hop.
                .redirect(reqwest::redirect::Policy::none())
                .connect_timeout(config.connect_timeout)
                .user_agent(config.user_agent.clone())
                .gzip(true)
                .brotli(true)
                .tcp_nodelay(true);
            for pem in &config.extra_root_certificates_pem {
                builder = builder.add_root_certificate(reqwest::Certificate::from_pem(pem).map_err(ClientError)?);
            }
            Ok(builder)
        };
        let http = config.proxy.apply(builder()?).and_then(reqwest::ClientBuilder::build).map_err(ClientError)?;
        let websocket_http = config.proxy.apply(builder()?.http1_only()).and_then(reqwest::ClientBuilder::build).map_err(ClientError)?;
        Ok(Client { http, websocket_http, sockets: Arc::default(), config: Arc::new(config) })
    }

    pub(crate) fn websocket_http(&self) -> &reqwest::Client {
        &self.websocket_http
    }

    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// Sends `request` and returns what came of it. Every result is an [`Outcome`], never a
    /// panic. Cancelling `cancel` ends a request in flight with `FailureReason::Cancelled`;
    /// dropping the future ends it too (the connection is closed).
    ///
    /// Credentials go only to their own origin: a request to another origin is refused before
    /// anything is sent. Redirects: same-origin 307/308 are followed (method, body and credentials
    /// kept, up to `max_redirects`); every other redirect is returned as the response, with a
    /// [`RedirectNotice`].
    pub async fn send(&self, request: &GraphqlRequest, cancel: &CancellationToken) -> Outcome {
        let started = Instant::now();
        let origin = request.endpoint.origin();
        let failure_at_start = |reason: FailureReason| {
            Outcome::Failure(Failure::new(
                reason,
                request.endpoint.to_string(),
                Timings { time_to_first_byte: None, total: started.elapsed() },
            ))
        };
        let headers = match checked_headers(request) {
            Ok(headers) => headers,
            Err(reason) => return failure_at_start(reason),
        };
        let timeout = request.timeout.unwrap_or(self.config.total_timeout);
        let mut progress = Progress::default();
        let ended = {
            let exchange = self.exchange(request, &origin, headers, started, &mut progress);
            tokio::select! {
                biased;
                () = cancel.cancelled() => Ended::Cancelled,
                () = tokio::time::sleep(timeout) => Ended::TimedOut(timeout),
                result = exchange => Ended::Done(result),
            }
        };
        let timings = Timings { time_to_first_byte: progress.first_byte, total: started.elapsed() };
        let reason = match ended {
            Ended::Done(Ok(mut response)) => {
                response.timings = timings;
                return Outcome::Response(response);
            }
            Ended::Done(Err(reason)) => reason,
            Ended::Cancelled => FailureReason::Cancelled,
            Ended::TimedOut(after) => FailureReason::Timeout { phase: TimeoutPhase::Total, after },
        };
        let url = progress.url.as_ref().map_or_else(|| request.endpoint.to_string(), Url::to_string);
        let mut failure = Failure::new(reason, url, timings);
        failure.partial = progress.partial;
        failure.received_bytes = progress.received;
        Outcome::Failure(failure)
    }

    async fn exchange(
        &self,
        request: &GraphqlRequest,
        origin: &Origin,
        headers: HeaderMap,
        started: Instant,
        progress: &mut Progress,
    ) -> Result<Response, FailureReason> {
        let body = request.body();
        let mut url = request.endpoint.url().clone();
        let mut followed = Vec::new();
        loop {
            progress.url = Some(url.clone());
            progress.partial = None;
            progress.received = 0;
            let mut response = self
                .http
                .post(url.clone())
                .headers(headers.clone())
                .body(body.clone())
                .send()
                .await
                .map_err(|error| self.reason_of(&error, &url))?;
            progress.first_byte = Some(started.elapsed());
            let status = response.status();
            let version = format!("{:?}", response.version());
            let response_headers: Vec<(String, String)> = response
                .headers()
                .iter()
                .map(|(name, value)| (name.as_str().to_owned(), String::from_utf8_lossy(value.as_bytes()).into_owned()))
                .collect();
            progress.partial =
                Some(PartialResponse { status: status.as_u16(), version: version.clone(), headers: response_headers.clone() });

            let redirect = match redirect_decision(status, response.headers(), &url, origin, followed.len(), self.config.max_redirects) {
                Some(Redirect::Follow(target)) => {
                    followed.push(RedirectHop { status: status.as_u16(), from: url.to_string(), to: target.to_string() });
                    url = target;
                    continue;
                }
                Some(Redirect::Report(notice)) => Some(notice),
                None => None,
            };

            let declared = response.content_length();
            let limit = self.config.body_limit;
            if let Some(declared) = declared.filter(|declared| *declared > limit) {
                return Err(FailureReason::TooLarge { limit, received: 0, declared: Some(declared) });
            }
            let mut bytes = Vec::with_capacity(declared.unwrap_or(0).min(limit) as usize);
            while let Some(chunk) = response.chunk().await.map_err(|error| self.reason_of(&error, &url))? {
                progress.received += chunk.len() as u64;
                if progress.received > limit {
                    return Err(FailureReason::TooLarge { limit, received: progress.received, declared });
                }
                bytes.extend_from_slice(&chunk);
            }

            let read = Response::read(url.to_string(), status.as_u16(), version, response_headers, &bytes, redirect, unix_now_rounded_up());
            return Ok(Response { followed, ..read });
        }
    }

    pub(crate) fn reason_of(&self, error: &reqwest::Error, url: &Url) -> FailureReason {
        let origin = Origin::of(url).map_or_else(|| url.to_string(), |origin| origin.to_string());
        if let Some(detail) = tls_failure(error) {
            return FailureReason::Tls { origin, detail };
        }
        if error.is_connect() && error.is_timeout() {
            return FailureReason::Timeout { phase: TimeoutPhase::Connect, after: self.config.connect_timeout };
        }
        if error.is_connect() {
            return FailureReason::Unreachable { origin, detail: innermost(error) };
        }
        if error.is_builder() {
            return FailureReason::InvalidUrl { url: url.to_string(), detail: innermost(error) };
        }
        if error.is_timeout() {
            return FailureReason::Timeout { phase: TimeoutPhase::Total, after: self.config.total_timeout };
        }
        FailureReason::Interrupted { detail: innermost(error) }
    }
}

/// The current time in whole seconds, rounded up: a `Retry-After: 5` received at 100.7 s ends no
/// earlier than 106 s, so a wait computed from it never ends before the server's does.
fn unix_now_rounded_up() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |since| since.as_secs() + u64::from(since.subsec_nanos() > 0))
}

/// The request's headers, once its credentials are known to be for its own origin: the refusal
/// otherwise (a credential bound to another origin, a header HTTP cannot carry), before anything
/// is sent. Requests and subscriptions alike.
// Once per request, before sending: the size of the refusal costs nothing worth boxing.
#[allow(clippy::result_large_err)]
pub(crate) fn checked_headers(request: &GraphqlRequest) -> Result<HeaderMap, FailureReason> {
    let origin = request.endpoint.origin();
    if let Some(credential) = request.credential_mismatch(&origin) {
        return Err(FailureReason::CredentialOriginMismatch {
            header_name: credential.header_name.clone(),
            request_origin: origin,
            credential_origin: credential.origin.clone(),
        });
    }
    headers_of(request).map_err(|name| FailureReason::InvalidHeader { name })
}

/// The request's headers: JSON in and out, the plain headers, then the credentials (marked
/// sensitive, so that HTTP/2 never indexes them). `Err` names the first header HTTP cannot carry.
pub(crate) fn headers_of(request: &GraphqlRequest) -> Result<HeaderMap, String> {
    let mut headers = HeaderMap::new();
    headers.insert(reqwest::header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    headers.insert(
        reqwest::header::ACCEPT,
        HeaderValue::from_static("application/graphql-response+json, application/json;q=0.9"),
    );
    for (name, value) in &request.headers {
        let header_name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| name.clone())?;
        let header_value = HeaderValue::from_str(value.trim()).map_err(|_| name.clone())?;
        headers.append(header_name, header_value);
    }
    for credential in &request.credentials {
        let name = &credential.header_name;
        let header_name = HeaderName::from_bytes(name.trim().as_bytes()).map_err(|_| name.clone())?;
        let mut header_value = HeaderValue::from_str(credential.value.expose()).map_err(|_| name.clone())?;
        header_value.set_sensitive(true);
        headers.insert(header_name, header_value);
    }
    Ok(headers)
}

enum Redirect {
    Follow(Url),
    Report(RedirectNotice),
}

/// Whether a response is a redirect, and what to do with it: follow same-origin 307/308 (which
/// keep method and body) while hops remain; report everything else.
fn redirect_decision(
    status: StatusCode,
    headers: &HeaderMap,
    url: &Url,
    origin: &Origin,
    hops: usize,
    max_hops: usize,
) -> Option<Redirect> {
    if !matches!(status.as_u16(), 301..=303 | 307 | 308) {
        return None;
    }
    let status = status.as_u16();
    let Some(location) = headers.get(reqwest::header::LOCATION) else {
        return Some(Redirect::Report(RedirectNotice::new(status, String::new(), None, false, RedirectReason::InvalidLocation)));
    };
    let location = String::from_utf8_lossy(location.as_bytes()).into_owned();
    let target = url.join(location.trim()).ok().filter(|target| Origin::of(target).is_some());
    let Some(target) = target else {
        return Some(Redirect::Report(RedirectNotice::new(status, location, None, false, RedirectReason::InvalidLocation)));
    };
    let cross_origin = Origin::of(&target).as_ref() != Some(origin);
    let reason = if cross_origin {
        RedirectReason::CrossOrigin
    } else if matches!(status, 301..=303) {
        RedirectReason::ChangesMethod
    } else if hops >= max_hops {
        RedirectReason::TooManyHops
    } else {
        return Some(Redirect::Follow(target));
    };
    Some(Redirect::Report(RedirectNotice::new(status, location, Some(target.to_string()), cross_origin, reason)))
}

/// The next error of a chain. `io::Error::source` skips the error it wraps (and reports that
/// error's source instead), so an `io::Error` is opened with `get_ref`.
fn next_in_chain<'a>(error: &'a (dyn std::error::Error + 'static)) -> Option<&'a (dyn std::error::Error + 'static)> {
    match error.downcast_ref::<std::io::Error>().and_then(std::io::Error::get_ref) {
        Some(inner) => Some(inner),
        None => error.source(),
    }
}

/// A rustls error anywhere in the chain.
fn tls_failure(error: &reqwest::Error) -> Option<String> {
    let mut current: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(error) = current {
        if let Some(tls) = error.downcast_ref::<rustls::Error>() {
            return Some(tls.to_string());
        }
        current = next_in_chain(error);
    }
    None
}

/// The most specific message of an error chain ("Connection refused (os error 111)").
pub(crate) fn innermost(error: &reqwest::Error) -> String {
    let mut current: &(dyn std::error::Error + 'static) = error;
    while let Some(next) = next_in_chain(current) {
        current = next;
    }
    current.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::endpoint::Endpoint;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn redirects_are_followed_only_to_the_same_origin_with_307_and_308() {
        let here = url("https://a.example/graphql");
        let origin = Endpoint::parse(here.as_str()).unwrap().origin();
        let decide = |status: u16, location: Option<&str>, hops: usize| {
            let mut headers = HeaderMap::new();
            if let Some(location) = location {
                headers.insert(reqwest::header::LOCATION, HeaderValue::from_str(location).unwrap());
            }
            match redirect_decision(StatusCode::from_u16(status).unwrap(), &headers, &here, &origin, hops, 3) {
                None => "none".to_owned(),
                Some(Redirect::Follow(target)) => format!("follow {target}"),
                Some(Redirect::Report(notice)) => format!("report {:?} cross={}", notice.reason, notice.cross_origin),
            }
        };
        let cases = [
            (200, Some("/elsewhere"), 0, "none"),
            (304, None, 0, "none"),
            (307, Some("/v2"), 0, "follow https://a.example/v2"),
            (308, Some("https://a.example:443/v3"), 2, "follow https://a.example/v3"),
            (308, Some("/v2"), 3, "report TooManyHops cross=false"),
            (301, Some("/v2"), 0, "report ChangesMethod cross=false"),
            (302, Some("/v2"), 0, "report ChangesMethod cross=false"),
            (303, Some("/v2"), 0, "report ChangesMethod cross=false"),
            (307, Some("https://b.example/graphql"), 0, "report CrossOrigin cross=true"),
            (307, Some("http://a.example/graphql"), 0, "report CrossOrigin cross=true"),
            (308, Some("https://a.example:8443/graphql"), 0, "report CrossOrigin cross=true"),
            (301, Some("//b.example/graphql"), 0, "report CrossOrigin cross=true"),
            (307, Some("ftp://a.example/"), 0, "report InvalidLocation cross=false"),
            (307, None, 0, "report InvalidLocation cross=false"),
        ];
        for (status, location, hops, expected) in cases {
            assert_eq!(decide(status, location, hops), expected, "{status} {location:?}");
        }
    }

    #[test]
    fn headers_carry_credentials_marked_sensitive() {
        let endpoint = Endpoint::parse("https://a.example/graphql").unwrap();
        let token = secret::Secret::new("tok".into()).unwrap();
        let request = GraphqlRequest::new(endpoint.clone(), "{ a }")
            .with_header("X-Trace", "1")
            .with_header("X-Trace", "2")
            .with_credential(crate::Credential::bearer(&token, endpoint.origin()))
            .with_credential(crate::Credential::header("Project-Access-Token", token.clone(), endpoint.origin()));
        let headers = headers_of(&request).unwrap();
        assert_eq!(headers.get_all("x-trace").iter().collect::<Vec<_>>(), ["1", "2"]);
        assert_eq!(headers["authorization"], "Bearer tok");
        assert!(headers["authorization"].is_sensitive());
        assert!(headers["project-access-token"].is_sensitive());
        for bad in [("Bad Name", "x"), ("X-Ok", "line\nbreak")] {
            let request = GraphqlRequest::new(endpoint.clone(), "{ a }").with_header(bad.0, bad.1);
            assert_eq!(headers_of(&request), Err(bad.0.to_owned()));
        }
    }
}
