//! The HTTP side: tokens, rate limits, modes, the request log and the control endpoints.

use crate::data::Store;
use crate::hostile::{self, HostileSchema};
use crate::schema::{self, Caller, DemoSchema, SharedStore};
use async_graphql_axum::{GraphQLBatchRequest, GraphQLResponse};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Json, Router};
use bytes::Bytes;
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, VecDeque};
use std::io;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};
use tokio::sync::watch;
use tokio::task::JoinHandle;

/// Railway's path for its public API.
pub const GRAPHQL_PATH: &str = "/graphql/v2";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoConfig {
    /// Requests allowed per `window` for each token (or each anonymous client).
    pub budget: u32,
    pub window: Duration,
    /// Accepted in `Authorization: Bearer <token>`; they act as the demo user.
    pub bearer_tokens: Vec<String>,
    /// (token, project id), accepted in `Project-Access-Token: <token>`.
    pub project_tokens: Vec<(String, String)>,
    /// Without a known token every request gets 401. Otherwise a request without a token acts as the demo user
    /// (a token that is sent and unknown is always refused).
    pub require_token: bool,
    pub mode: Mode,
    /// Serve `/_demo/mode`, `/_demo/requests` and `/_demo/window/end` (to loopback clients only). Off
    /// in the desktop app, where any local process could otherwise read the request log.
    pub control_endpoints: bool,
    /// Host names (besides loopback: `127.0.0.1`, `[::1]`, `localhost`) that requests may be
    /// addressed to. Anything else is refused: a web page that rebinds its own name to 127.0.0.1
    /// sends its name in `Host`.
    pub extra_hosts: Vec<String>,
}

impl Default for DemoConfig {
    fn default() -> Self {
        DemoConfig {
            budget: 1000,
            window: Duration::from_secs(3600),
            bearer_tokens: Vec::new(),
            project_tokens: Vec::new(),
            require_token: false,
            mode: Mode::Normal,
            control_endpoints: true,
            extra_hosts: Vec::new(),
        }
    }
}

/// The largest body [`Mode::Large`] builds: beyond the client's 64 MB limit, so that limit can be
/// tested, and far from what would exhaust memory.
pub const MAX_LARGE_BYTES: usize = 128 << 20;
/// The deepest nesting of [`Mode::Nested`].
pub const MAX_NESTED_DEPTH: usize = 1_000_000;
/// The longest delay of [`Mode::Slow`].
pub const MAX_DELAY_MS: u64 = 120_000;
/// The most events of [`Mode::Stream`].
pub const MAX_STREAM_EVENTS: u64 = 100_000_000;
/// The longest `Location` of [`Mode::RedirectTo`].
pub const MAX_LOCATION_LEN: usize = 2048;
/// How many requests the log keeps (the oldest go first); [`DemoServer::request_count`] counts all.
pub const MAX_LOGGED_REQUESTS: usize = 10_000;

/// How the server answers GraphQL requests; switchable while it runs.
/// As JSON (for `POST /_demo/mode`): `{"mode":"normal"}`, `{"mode":"introspection_disabled"}`,
/// `{"mode":"slow","delay_ms":500}`, `{"mode":"large","bytes":20000000}`, `{"mode":"html_error"}`,
/// `{"mode":"redirect_to","location":"http://127.0.0.1:4001/graphql/v2"}`, `{"mode":"hostile"}`,
/// `{"mode":"nested","depth":20000}`. Sizes and delays are bounded ([`Mode::check`]).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "mode", rename_all = "snake_case")]
pub enum Mode {
    Normal,
    /// Introspection queries get a GraphQL error; other queries work.
    IntrospectionDisabled,
    /// Waits this long before answering.
    Slow { delay_ms: u64 },
    /// Every query gets a valid GraphQL response of this many bytes (a long list of deployments).
    Large { bytes: usize },
    /// Every query gets `{"data":{"nested":[[[…]]]}}`, lists nested this deep: a small body that
    /// breaks clients that lay out or parse JSON recursively.
    Nested { depth: usize },
    /// 502 with an HTML page, as a proxy in front of an API sends.
    HtmlError,
    /// 307 to this location.
    RedirectTo { location: String },
    /// Text that runs script if a client puts it into a page as HTML (`hostile::PAYLOADS`): introspection
    /// describes a small schema with it, every other query gets 200 with it in data and in an error.
    Hostile,
    /// The schema's next version (`schema::NextVersion`) as introspection shows it:
    /// `Project.description` renamed to `summary`, `User.avatar` removed, `Project.archived` added.
    /// (The removed fields are hidden, not refused.)
    NextSchema,
    /// Subscriptions send `events` events, `interval_ms` apart (0: as fast as the socket takes
    /// them), then complete. Queries are answered as in `normal`.
    Stream { events: u64, interval_ms: u64 },
    /// Subscriptions' connections drop (no close frame, as a network failure) after `after`
    /// events.
    DroppingStream { after: u64 },
    /// Subscriptions send `events` events at a steady `per_second` (several at once when the
    /// clock's resolution asks), then complete: a log stream under load.
    SteadyStream { events: u64, per_second: u64 },
}

impl Mode {
    /// Refuses sizes and delays that would exhaust the server's memory or hold requests for ever.
    pub fn check(&self) -> Result<(), String> {
        match self {
            Mode::Large { bytes } if *bytes > MAX_LARGE_BYTES => {
                Err(format!("a large body is at most {MAX_LARGE_BYTES} bytes, not {bytes}"))
            }
            Mode::Slow { delay_ms } if *delay_ms > MAX_DELAY_MS => Err(format!("a delay is at most {MAX_DELAY_MS} ms, not {delay_ms}")),
            Mode::Nested { depth } if *depth > MAX_NESTED_DEPTH => Err(format!("nesting is at most {MAX_NESTED_DEPTH} deep, not {depth}")),
            Mode::Stream { events, .. } | Mode::DroppingStream { after: events } | Mode::SteadyStream { events, .. } if *events > MAX_STREAM_EVENTS => {
                Err(format!("a stream has at most {MAX_STREAM_EVENTS} events, not {events}"))
            }
            Mode::Stream { interval_ms, .. } if *interval_ms > MAX_DELAY_MS => Err(format!("an interval is at most {MAX_DELAY_MS} ms, not {interval_ms}")),
            Mode::RedirectTo { location } if location.len() > MAX_LOCATION_LEN || location.contains(['\r', '\n']) => {
                Err(format!("a redirect location is one line of at most {MAX_LOCATION_LEN} bytes"))
            }
            _ => Ok(()),
        }
    }
}

/// One request to the GraphQL path, as the server received it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceivedRequest {
    /// When it arrived, in milliseconds since the Unix epoch.
    pub at_unix_ms: u64,
    pub method: String,
    pub path: String,
    /// Every header in the order received: names lowercased, values verbatim, except that the
    /// value of a header that carries a credential is replaced by [`redacted`] of it: the log never
    /// holds a token, and a test can still tell which one arrived ([`ReceivedRequest::carries`]).
    pub headers: Vec<(String, String)>,
}

impl ReceivedRequest {
    /// The first value of the header `name` (any case), as logged.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.iter().find(|(n, _)| n.eq_ignore_ascii_case(name)).map(|(_, v)| v.as_str())
    }

    /// Whether the header `name` arrived with exactly `value` (credentials are compared by their
    /// redacted form).
    pub fn carries(&self, name: &str, value: &str) -> bool {
        let logged = if is_credential_header(name) { redacted(value) } else { value.to_owned() };
        self.headers.iter().any(|(n, v)| n.eq_ignore_ascii_case(name) && *v == logged)
    }

    /// Whether any header value holds `text` as such (a credential's redacted form does not).
    pub fn mentions(&self, text: &str) -> bool {
        self.headers.iter().any(|(_, value)| value.contains(text))
    }
}

/// How the log writes a credential: a fingerprint that tells values apart and gives none away.
pub fn redacted(value: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(value.as_bytes());
    let hex: String = digest.iter().take(8).map(|byte| format!("{byte:02x}")).collect();
    format!("[redacted sha256:{hex}]")
}

/// Which headers the log redacts; the same rule as the client's (`net::is_credential_header`),
/// written here so that the server does not depend on the client it tests.
fn is_credential_header(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    let last_word = name.rsplit(['-', '_']).next().unwrap_or("");
    matches!(name.as_str(), "authorization" | "proxy-authorization" | "cookie" | "apikey" | "api-key" | "token")
        || ["token", "key", "secret", "password", "auth", "credential", "credentials", "session", "apikey"].contains(&last_word)
        || name.ends_with("apikey")
        || name.ends_with("token")
}

struct Shared {
    config: DemoConfig,
    mode: RwLock<Mode>,
    schema: DemoSchema,
    schema_without_introspection: DemoSchema,
    hostile_schema: HostileSchema,
    windows: Mutex<HashMap<String, Window>>,
    log: Mutex<VecDeque<ReceivedRequest>>,
    received: watch::Sender<usize>,
    large: Mutex<Option<(usize, Bytes)>>,
    stopping: watch::Sender<bool>,
}

struct Window {
    started: Instant,
    used: u32,
}

/// What the rate limiter decided for one request.
struct Limit {
    limit: u32,
    remaining: u32,
    reset_epoch_seconds: u64,
    retry_after_seconds: Option<u64>,
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Shared {
    fn mode(&self) -> Mode {
        self.mode.read().unwrap_or_else(PoisonError::into_inner).clone()
    }

    /// Sets a checked mode; a large body is built here, not on the first request, so that a
    /// client's timing of that request measures the client.
    fn set_mode(&self, mode: Mode) {
        if let Mode::Large { bytes } = mode {
            self.large_body(bytes);
        }
        *self.mode.write().unwrap_or_else(PoisonError::into_inner) = mode;
    }

    /// Ends every rate-limit window now: the next request of each client starts a fresh budget.
    fn end_windows(&self) {
        lock(&self.windows).clear();
    }

    /// A fixed window per key; a request over the budget is refused and not counted.
    fn admit(&self, key: String) -> Limit {
        let now = Instant::now();
        let mut windows = lock(&self.windows);
        let window = windows.entry(key).or_insert(Window { started: now, used: 0 });
        if now >= window.started + self.config.window {
            *window = Window { started: now, used: 0 };
        }
        let until_reset = (window.started + self.config.window).saturating_duration_since(now);
        let retry_after_seconds = if window.used >= self.config.budget {
            Some(ceil_seconds(until_reset).max(1))
        } else {
            window.used += 1;
            None
        };
        let reset = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default() + until_reset;
        Limit {
            limit: self.config.budget,
            remaining: self.config.budget - window.used,
            reset_epoch_seconds: ceil_seconds(reset),
            retry_after_seconds,
        }
    }

    fn record(&self, request: &Request) {
        let entry = ReceivedRequest {
            at_unix_ms: SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default().as_millis() as u64,
            method: request.method().to_string(),
            path: request.uri().path().to_string(),
            headers: request
                .headers()
                .iter()
                .map(|(name, value)| {
                    let value = String::from_utf8_lossy(value.as_bytes());
                    let logged = if is_credential_header(name.as_str()) { redacted(&value) } else { value.into_owned() };
                    (name.as_str().to_string(), logged)
                })
                .collect(),
        };
        {
            let mut log = lock(&self.log);
            if log.len() == MAX_LOGGED_REQUESTS {
                log.pop_front();
            }
            log.push_back(entry);
        }
        self.received.send_modify(|count| *count += 1);
    }

    fn requests(&self) -> Vec<ReceivedRequest> {
        lock(&self.log).iter().cloned().collect()
    }

    /// Whether the request is addressed to this server by a name it answers to.
    fn host_allowed(&self, request: &Request) -> bool {
        let authority = request
            .headers()
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .or_else(|| request.uri().authority().map(|authority| authority.as_str()));
        let Some(authority) = authority else { return false };
        let host = match authority.rsplit_once(':') {
            // `[::1]:4000`, `127.0.0.1:4000`, `localhost:4000`; not the colons inside `[::1]`.
            Some((host, port)) if !host.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit()) && !authority.ends_with(']') => host,
            _ => authority,
        };
        let host = host.trim_start_matches('[').trim_end_matches(']').to_ascii_lowercase();
        let loopback = host.parse::<std::net::IpAddr>().is_ok_and(|address| address.is_loopback())
            || host == "localhost"
            || host.ends_with(".localhost");
        loopback || self.config.extra_hosts.iter().any(|allowed| allowed.eq_ignore_ascii_case(&host))
    }

    fn large_body(&self, bytes: usize) -> Bytes {
        let mut cached = lock(&self.large);
        match &*cached {
            Some((size, body)) if *size == bytes => body.clone(),
            _ => {
                let body = Bytes::from(large_json(bytes));
                *cached = Some((bytes, body.clone()));
                body
            }
        }
    }

    /// Who sent the request, and the rate-limit key it counts against.
    fn authenticate(&self, headers: &HeaderMap, peer: SocketAddr) -> (Auth, String) {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::trim);
        let anonymous_key = format!("client:{}", peer.ip());
        if let Some(token) = text("project-access-token") {
            return match self.config.project_tokens.iter().find(|(t, _)| t == token) {
                Some((_, project)) => (Auth::Known(Caller::Project(project.clone())), format!("token:{token}")),
                None => (Auth::Unknown, anonymous_key),
            };
        }
        if let Some(value) = text("authorization") {
            let token = value
                .split_once(' ')
                .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
                .map(|(_, token)| token.trim());
            return match token {
                Some(token) if self.config.bearer_tokens.iter().any(|t| t == token) => {
                    (Auth::Known(Caller::User), format!("token:{token}"))
                }
                _ => (Auth::Unknown, anonymous_key),
            };
        }
        (Auth::Missing, anonymous_key)
    }
}

enum Auth {
    Known(Caller),
    Unknown,
    Missing,
}

fn ceil_seconds(duration: Duration) -> u64 {
    duration.as_secs() + u64::from(duration.subsec_nanos() > 0)
}

/// `{"data":{"deployments":[…]}}` of exactly `bytes` bytes when `bytes` is more than a few hundred.
pub(crate) fn large_json(bytes: usize) -> String {
    const HEAD: &str = r#"{"data":{"deployments":["#;
    const TAIL: &str = "]}}";
    const LOG_LINE: &str = "Build step 3/7: compiling the service with all of its dependencies, then copying the output into the image. ";
    let item = |i: usize, log_len: usize| {
        let log: String = LOG_LINE.chars().cycle().take(log_len).collect();
        format!(
            r#"{{"id":"d{i:07x}-aaaa-4bbb-8ccc-{i:012x}","status":"SUCCESS","createdAt":"2024-06-03T16:42:10.000Z","url":"https://large-{i}.up.railway.app","log":"{log}"}}"#
        )
    };
    let mut out = String::with_capacity(bytes + 1024);
    out.push_str(HEAD);
    let mut i = 0;
    loop {
        let separator = usize::from(i > 0);
        let room = bytes.saturating_sub(out.len() + TAIL.len() + separator);
        let empty = item(i, 0).len();
        if room < empty {
            break;
        }
        if i > 0 {
            out.push(',');
        }
        // Full items of about 1 KB; the last one is cut to land on the size.
        let log_len = (room - empty).min(900);
        out.push_str(&item(i, log_len));
        i += 1;
    }
    out.push_str(TAIL);
    out
}

fn graphql_error(status: StatusCode, message: &str) -> Response {
    (status, Json(serde_json::json!({ "errors": [{ "message": message }] }))).into_response()
}

fn set_limit_headers(headers: &mut HeaderMap, limit: &Limit) {
    let mut set = |name: &'static str, value: u64| {
        headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
    };
    set("x-ratelimit-limit", u64::from(limit.limit));
    set("x-ratelimit-remaining", u64::from(limit.remaining));
    set("x-ratelimit-reset", limit.reset_epoch_seconds);
    if let Some(seconds) = limit.retry_after_seconds {
        headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
}

const HTML_ERROR: &str = "<!DOCTYPE html>\n<html>\n<head><title>502 Bad Gateway</title></head>\n<body>\n<center><h1>502 Bad Gateway</h1></center>\n<hr><center>demo-proxy</center>\n</body>\n</html>\n";

/// In front of every route: a request addressed to a name this server does not answer to (a web
/// page that rebinds its own name to 127.0.0.1) is refused before anything else.
async fn check_host(State(shared): State<Arc<Shared>>, request: Request, next: Next) -> Response {
    if !shared.host_allowed(&request) {
        let message = "This server answers requests addressed to 127.0.0.1, [::1] or localhost only.\n";
        return (StatusCode::MISDIRECTED_REQUEST, message).into_response();
    }
    next.run(request).await
}

/// Everything in front of the GraphQL executor: log, rate limit, modes, tokens.
async fn gate(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    mut request: Request,
    next: Next,
) -> Response {
    shared.record(&request);
    let (auth, key) = shared.authenticate(request.headers(), peer);
    let limit = shared.admit(key);
    let mut response = match answer(&shared, auth, &limit, &mut request).await {
        Some(response) => response,
        // The executor's answer, including its own rejections of malformed requests.
        None => next.run(request).await,
    };
    set_limit_headers(response.headers_mut(), &limit);
    response
}

/// The answer decided before the executor runs, or `None` to let the request through.
async fn answer(shared: &Shared, auth: Auth, limit: &Limit, request: &mut Request) -> Option<Response> {
    if let Some(seconds) = limit.retry_after_seconds {
        let message = format!("Rate limit exceeded. Retry after {seconds} seconds.");
        return Some(graphql_error(StatusCode::TOO_MANY_REQUESTS, &message));
    }
    match shared.mode() {
        Mode::HtmlError => {
            return Some((StatusCode::BAD_GATEWAY, [(header::CONTENT_TYPE, "text/html; charset=utf-8")], HTML_ERROR).into_response());
        }
        Mode::RedirectTo { location } => {
            return Some((StatusCode::TEMPORARY_REDIRECT, [(header::LOCATION, location)]).into_response());
        }
        _ => {}
    }
    let caller = match auth {
        Auth::Known(caller) => caller,
        Auth::Missing if !shared.config.require_token => Caller::User,
        // A WebSocket without valid credentials is refused after its `connection_init`, with
        // graphql-transport-ws's 4403 (no caller is set: `serve_socket` refuses).
        Auth::Missing | Auth::Unknown if is_websocket_upgrade(request.headers()) => return None,
        Auth::Missing | Auth::Unknown => return Some(graphql_error(StatusCode::UNAUTHORIZED, "Not Authorized")),
    };
    request.extensions_mut().insert(caller);
    let mode = shared.mode();
    if let Mode::Slow { delay_ms } = mode {
        let mut stopping = shared.stopping.subscribe();
        tokio::select! {
            () = tokio::time::sleep(Duration::from_millis(delay_ms)) => {}
            _ = stopping.wait_for(|stop| *stop) => {
                return Some(graphql_error(StatusCode::SERVICE_UNAVAILABLE, "The server is shutting down"));
            }
        }
    }
    if let Mode::Large { bytes } = mode {
        let body = shared.large_body(bytes);
        return Some(([(header::CONTENT_TYPE, "application/json")], body).into_response());
    }
    if let Mode::Nested { depth } = mode {
        let body = format!("{{\"data\":{{\"nested\":{}{}}}}}", "[".repeat(depth), "]".repeat(depth));
        return Some(([(header::CONTENT_TYPE, "application/json")], body).into_response());
    }
    if mode == Mode::Hostile {
        // Introspection goes on to the hostile schema; the body is read to tell, then put back.
        let body = std::mem::take(request.body_mut());
        let Ok(bytes) = axum::body::to_bytes(body, HOSTILE_BODY_LIMIT).await else {
            return Some(graphql_error(StatusCode::PAYLOAD_TOO_LARGE, "The request body is too large"));
        };
        if !hostile::is_introspection(&bytes) {
            return Some(Json(hostile::answer()).into_response());
        }
        *request.body_mut() = axum::body::Body::from(bytes);
    }
    None
}

/// How much of a request body hostile mode reads to tell introspection from other queries.
const HOSTILE_BODY_LIMIT: usize = 4 << 20;

async fn graphql(
    State(shared): State<Arc<Shared>>,
    Extension(caller): Extension<Caller>,
    headers: HeaderMap,
    request: GraphQLBatchRequest,
) -> Response {
    let mut batch = request.into_inner();
    // One operation may stream over HTTP: graphql-sse's event stream when the client accepts one,
    // `@defer` as multipart/mixed parts when it accepts those.
    if let async_graphql::BatchRequest::Single(single) = batch {
        let accept = headers.get(header::ACCEPT).and_then(|value| value.to_str().ok()).unwrap_or_default();
        if accepts(accept, "text/event-stream") {
            return event_stream(&shared, single.data(caller));
        }
        if accepts(accept, "multipart/mixed")
            && let Some(split) = crate::defer::split(&single.query, single.operation_name.as_deref())
        {
            return incremental(shared, single, caller, split);
        }
        batch = async_graphql::BatchRequest::Single(single);
    }
    let request = batch.data(caller);
    let response: GraphQLResponse = match shared.mode() {
        Mode::IntrospectionDisabled => shared.schema_without_introspection.execute_batch(request).await.into(),
        Mode::Hostile => shared.hostile_schema.execute_batch(request).await.into(),
        Mode::NextSchema => shared.schema.execute_batch(request.data(crate::schema::NextVersion)).await.into(),
        _ => shared.schema.execute_batch(request).await.into(),
    };
    response.into_response()
}

/// Whether an `Accept` header names `media_type` (parameters and weights aside; `q=0` refuses).
fn accepts(accept: &str, media_type: &str) -> bool {
    accept.split(',').any(|item| {
        let mut parameters = item.split(';');
        let named = parameters.next().is_some_and(|name| name.trim().eq_ignore_ascii_case(media_type));
        let refused = parameters.any(|parameter| {
            parameter.split_once('=').is_some_and(|(name, value)| name.trim() == "q" && value.trim().parse::<f32>().is_ok_and(|q| q <= 0.0))
        });
        named && !refused
    })
}

/// How the server's mode paces subscriptions: events and their rhythm, and after how many events
/// the connection drops (without a close, as a network failure).
fn pace_of(mode: &Mode) -> (crate::subscriptions::StreamPace, Option<u64>) {
    use crate::subscriptions::StreamPace;
    match *mode {
        Mode::Stream { events, interval_ms } => (StreamPace { events, interval: Duration::from_millis(interval_ms), per_second: None }, None),
        Mode::SteadyStream { events, per_second } => (StreamPace { events, interval: Duration::ZERO, per_second: Some(per_second.max(1)) }, None),
        Mode::DroppingStream { after } => (StreamPace { events: after.saturating_add(100), ..Default::default() }, Some(after)),
        _ => (StreamPace::default(), None),
    }
}

/// graphql-sse's distinct connections mode: each result a `next` event, then `complete` (a
/// query's one result, a subscription's every event).
fn event_stream(shared: &Shared, request: async_graphql::Request) -> Response {
    use futures_util::StreamExt;
    let (pace, drop_after) = pace_of(&shared.mode());
    let results = shared.schema.execute_stream(request.data(pace));
    let events = results.map(|result| {
        let json = serde_json::to_string(&result).unwrap_or_else(|_| "{}".to_owned());
        Bytes::from(format!("event: next\ndata: {json}\n\n"))
    });
    let body: futures_util::stream::BoxStream<'static, Bytes> = match drop_after {
        // The body ends without `complete`: the connection dropped.
        Some(after) => events.take(usize::try_from(after).unwrap_or(usize::MAX)).boxed(),
        None => events.chain(futures_util::stream::once(std::future::ready(Bytes::from_static(b"event: complete\ndata:\n\n")))).boxed(),
    };
    let body = axum::body::Body::from_stream(body.map(Ok::<_, std::convert::Infallible>));
    ([(header::CONTENT_TYPE, "text/event-stream; charset=utf-8"), (header::CACHE_CONTROL, "no-cache")], body).into_response()
}

/// `@defer` (`crate::defer`): the initial result as the first part, then a part per deferred
/// fragment, the last with `hasNext: false`.
fn incremental(shared: Arc<Shared>, request: async_graphql::Request, caller: Caller, split: crate::defer::Split) -> Response {
    use futures_util::StreamExt;
    let part = |json: &serde_json::Value| Bytes::from(format!("\r\nContent-Type: application/json; charset=utf-8\r\n\r\n{json}\r\n---"));
    let rerun = |query: String| {
        let mut again = async_graphql::Request::new(query).variables(request.variables.clone()).data(caller.clone());
        again.operation_name.clone_from(&request.operation_name);
        again
    };
    let first = rerun(split.initial.clone());
    let whole = rerun(request.query.clone());
    let initial_shared = shared.clone();
    let initial_split = split.clone();
    let initial = futures_util::stream::once(async move {
        let result = serde_json::to_value(initial_shared.schema.execute(first).await).unwrap_or_default();
        let mut result = crate::defer::initial_result(&initial_split, result);
        result["hasNext"] = serde_json::Value::Bool(true);
        let mut bytes = b"\r\n---".to_vec();
        bytes.extend_from_slice(&part(&result));
        Bytes::from(bytes)
    });
    let later = futures_util::stream::once(async move {
        let result = serde_json::to_value(shared.schema.execute(whole).await).unwrap_or_default();
        let data = result.get("data").cloned().unwrap_or_default();
        let mut bytes = Vec::new();
        let count = split.deferred.len();
        for (at, fragment) in split.deferred.iter().enumerate() {
            let mut payload = serde_json::json!({ "incremental": crate::defer::incremental(fragment, &data), "hasNext": at + 1 < count });
            // The whole document's errors come with the first later part (on the part itself when
            // nothing was found at the fragment's path: the field above it failed).
            if at == 0 && let Some(errors) = result.get("errors") {
                match payload["incremental"].get_mut(0) {
                    Some(first) => first["errors"] = errors.clone(),
                    None => payload["errors"] = errors.clone(),
                }
            }
            bytes.extend_from_slice(&part(&payload));
        }
        bytes.extend_from_slice(b"--\r\n");
        Bytes::from(bytes)
    });
    let body = axum::body::Body::from_stream(initial.chain(later).map(Ok::<_, std::convert::Infallible>));
    ([(header::CONTENT_TYPE, "multipart/mixed; boundary=\"-\"; deferSpec=20220824")], body).into_response()
}

fn is_websocket_upgrade(headers: &HeaderMap) -> bool {
    headers.get(header::UPGRADE).and_then(|value| value.to_str().ok()).is_some_and(|value| value.eq_ignore_ascii_case("websocket"))
}

/// A GET: a WebSocket for subscriptions, or a query in the URL.
async fn graphql_get(State(shared): State<Arc<Shared>>, request: Request) -> Response {
    use axum::extract::{FromRequest, FromRequestParts, ws::WebSocketUpgrade};
    if !is_websocket_upgrade(request.headers()) {
        let caller = request.extensions().get::<Caller>().cloned();
        let Some(caller) = caller else { return graphql_error(StatusCode::UNAUTHORIZED, "Not Authorized") };
        return match GraphQLBatchRequest::from_request(request, &shared).await {
            Ok(batch) => graphql(State(shared), Extension(caller), HeaderMap::new(), batch).await,
            Err(rejection) => rejection.into_response(),
        };
    }
    let (mut parts, _) = request.into_parts();
    // The client's protocols in its order of preference; the first this server speaks is used.
    let protocol = parts
        .headers
        .get(header::SEC_WEBSOCKET_PROTOCOL)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| value.split(',').find_map(|name| name.trim().parse::<async_graphql::http::WebSocketProtocols>().ok()));
    let Some(protocol) = protocol else {
        return (StatusCode::BAD_REQUEST, "Sec-WebSocket-Protocol names neither graphql-transport-ws nor graphql-ws.\n").into_response();
    };
    let upgrade = match WebSocketUpgrade::from_request_parts(&mut parts, &shared).await {
        Ok(upgrade) => upgrade,
        Err(rejection) => return rejection.into_response(),
    };
    let caller = parts.extensions.get::<Caller>().cloned();
    upgrade
        .protocols(async_graphql::http::ALL_WEBSOCKET_PROTOCOLS)
        .on_upgrade(move |socket| serve_socket(shared, socket, protocol, caller))
        .into_response()
}

/// One subscription connection: async-graphql's protocol state machine between the socket and the
/// schema, with the stream modes applied (how fast events come, a connection that drops).
async fn serve_socket(shared: Arc<Shared>, socket: axum::extract::ws::WebSocket, protocol: async_graphql::http::WebSocketProtocols, caller: Option<Caller>) {
    use async_graphql::http::WsMessage;
    use axum::extract::ws::{CloseFrame, Message};
    use futures_util::{SinkExt, StreamExt};
    let (mut sink, stream) = socket.split();
    let (pace, drop_after) = pace_of(&shared.mode());
    let mut data = async_graphql::Data::default();
    data.insert(pace);
    if let Some(caller) = &caller {
        data.insert(caller.clone());
    }
    let input = stream.take_while(|message| std::future::ready(message.is_ok())).filter_map(|message| {
        std::future::ready(match message {
            Ok(Message::Text(text)) => Some(text.as_str().to_owned()),
            Ok(Message::Binary(bytes)) => String::from_utf8(bytes.to_vec()).ok(),
            _ => None,
        })
    });
    // Without credentials on the upgrade, the `connection_init` payload may carry them (as
    // browser-based clients send them: `{"Authorization": "Bearer …"}` or
    // `{"Project-Access-Token": …}`); without either the socket is closed with 4403.
    let tokens = shared.clone();
    let mut output = async_graphql::http::WebSocket::new(shared.schema.clone(), input, protocol).connection_data(data).on_connection_init(
        move |payload: serde_json::Value| async move {
            let mut data = async_graphql::Data::default();
            if caller.is_some() {
                return Ok(data);
            }
            let mut headers = HeaderMap::new();
            for (name, value) in payload.as_object().into_iter().flatten() {
                if let (Ok(name), Some(Ok(value))) = (HeaderName::from_bytes(name.to_ascii_lowercase().as_bytes()), value.as_str().map(HeaderValue::from_str)) {
                    headers.insert(name, value);
                }
            }
            match tokens.authenticate(&headers, SocketAddr::from(([127, 0, 0, 1], 0))).0 {
                Auth::Known(caller) => {
                    data.insert(caller);
                    Ok(data)
                }
                Auth::Missing if !tokens.config.require_token => {
                    data.insert(Caller::User);
                    Ok(data)
                }
                Auth::Missing | Auth::Unknown => Err(async_graphql::Error::new("Forbidden")),
            }
        },
    );
    let mut events = 0u64;
    while let Some(message) = output.next().await {
        match message {
            WsMessage::Text(text) => {
                if text.starts_with("{\"type\":\"next\"") || text.starts_with("{\"type\":\"data\"") {
                    events += 1;
                    // Dropped without a close frame, as a network failure ends a connection.
                    if drop_after.is_some_and(|after| events > after) {
                        return;
                    }
                }
                if sink.send(Message::Text(text.into())).await.is_err() {
                    return;
                }
            }
            WsMessage::Close(code, reason) => {
                // async-graphql closes a refused `connection_init` with 1002; graphql-transport-ws
                // says 4403 Forbidden, as Railway answers.
                let code = if code == 1002 && reason == "Forbidden" { 4403 } else { code };
                let _ = sink.send(Message::Close(Some(CloseFrame { code, reason: reason.into() }))).await;
                return;
            }
        }
    }
}

/// The refusal for a client that is not on loopback.
fn refuse_remote(peer: SocketAddr) -> Option<Response> {
    (!peer.ip().is_loopback())
        .then(|| (StatusCode::FORBIDDEN, "The control endpoints answer loopback clients only.\n").into_response())
}

async fn get_mode(State(shared): State<Arc<Shared>>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    refuse_remote(peer).unwrap_or_else(|| Json(shared.mode()).into_response())
}

async fn post_mode(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    Json(mode): Json<Mode>,
) -> Response {
    if let Some(refused) = refuse_remote(peer) {
        return refused;
    }
    if let Err(message) = mode.check() {
        return (StatusCode::BAD_REQUEST, format!("{message}\n")).into_response();
    }
    shared.set_mode(mode.clone());
    Json(mode).into_response()
}

async fn get_requests(State(shared): State<Arc<Shared>>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    refuse_remote(peer).unwrap_or_else(|| Json(shared.requests()).into_response())
}

async fn post_end_window(State(shared): State<Arc<Shared>>, ConnectInfo(peer): ConnectInfo<SocketAddr>) -> Response {
    refuse_remote(peer).unwrap_or_else(|| {
        shared.end_windows();
        StatusCode::NO_CONTENT.into_response()
    })
}

/// A running demo server. Dropping it stops it without waiting; `shutdown` waits.
pub struct DemoServer {
    shared: Arc<Shared>,
    address: SocketAddr,
    /// `http`, or `https` for [`DemoServer::start_tls`].
    scheme: &'static str,
    task: Option<JoinHandle<io::Result<()>>>,
}

impl DemoServer {
    /// Binds `address` (`127.0.0.1:0` for any free port) and serves in the background.
    /// Refuses a configuration whose mode is out of bounds ([`Mode::check`]).
    pub async fn start(config: DemoConfig, address: SocketAddr) -> io::Result<DemoServer> {
        let listener = tokio::net::TcpListener::bind(address).await?;
        let address = listener.local_addr()?;
        let (shared, router) = Self::router(config)?;
        let mut stopping = shared.stopping.subscribe();
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move {
            axum::serve(listener, service)
                .with_graceful_shutdown(async move {
                    let _ = stopping.wait_for(|stop| *stop).await;
                })
                .await
        });
        Ok(DemoServer { shared, address, scheme: "http", task: Some(task) })
    }

    /// Like [`DemoServer::start`], over TLS with `identity` (see [`crate::tls::TestCertificates`]):
    /// an `https://` endpoint for the tests of certificate handling and default ports.
    pub async fn start_tls(config: DemoConfig, address: SocketAddr, identity: &crate::tls::ServerIdentity) -> io::Result<DemoServer> {
        use axum::serve::ListenerExt;
        let listener = crate::tls::TlsListener::bind(address, identity).await?;
        let address = axum::serve::Listener::local_addr(&listener)?;
        let (shared, router) = Self::router(config)?;
        let mut stopping = shared.stopping.subscribe();
        // `tap_io` gives the connection's peer address to `ConnectInfo<SocketAddr>`, as for TCP.
        let listener = listener.tap_io(|_| {});
        let service = router.into_make_service_with_connect_info::<SocketAddr>();
        let task = tokio::spawn(async move {
            axum::serve(listener, service)
                .with_graceful_shutdown(async move {
                    let _ = stopping.wait_for(|stop| *stop).await;
                })
                .await
        });
        Ok(DemoServer { shared, address, scheme: "https", task: Some(task) })
    }

    fn router(config: DemoConfig) -> io::Result<(Arc<Shared>, Router)> {
        config.mode.check().map_err(|message| io::Error::new(io::ErrorKind::InvalidInput, message))?;
        let store: SharedStore = Arc::new(RwLock::new(Store::sample()));
        let control_endpoints = config.control_endpoints;
        let shared = Arc::new(Shared {
            mode: RwLock::new(config.mode.clone()),
            config,
            schema: schema::build(store.clone(), true),
            schema_without_introspection: schema::build(store, false),
            hostile_schema: hostile::build(),
            windows: Mutex::new(HashMap::new()),
            log: Mutex::new(VecDeque::new()),
            received: watch::Sender::new(0),
            large: Mutex::new(None),
            stopping: watch::Sender::new(false),
        });
        let mut router = Router::new().route(
            GRAPHQL_PATH,
            get(graphql_get).post(graphql).layer(middleware::from_fn_with_state(shared.clone(), gate)),
        );
        if control_endpoints {
            router = router
                .route("/_demo/mode", get(get_mode).post(post_mode))
                .route("/_demo/requests", get(get_requests))
                .route("/_demo/window/end", axum::routing::post(post_end_window));
        }
        let router = router.layer(middleware::from_fn_with_state(shared.clone(), check_host)).with_state(shared.clone());
        Ok((shared, router))
    }

    pub fn local_addr(&self) -> SocketAddr {
        self.address
    }

    /// `http://127.0.0.1:PORT` (`https://` for a TLS server).
    pub fn origin(&self) -> String {
        format!("{}://{}", self.scheme, self.address)
    }

    /// `http://127.0.0.1:PORT/graphql/v2`, Railway's path.
    pub fn url(&self) -> String {
        format!("{}{GRAPHQL_PATH}", self.origin())
    }

    pub fn mode(&self) -> Mode {
        self.shared.mode()
    }

    /// Answers every request from now on as `mode` says. Panics on a mode out of bounds
    /// ([`Mode::check`]): tests set modes, and a wrong one is the test's mistake.
    pub fn set_mode(&self, mode: Mode) {
        if let Err(message) = mode.check() {
            panic!("set_mode: {message}");
        }
        self.shared.set_mode(mode);
    }

    /// Ends every rate-limit window now, as if its time had passed: tests of a used-up budget wait
    /// for this instead of for a clock.
    pub fn end_window(&self) {
        self.shared.end_windows();
    }

    /// The requests to the GraphQL path so far, oldest first (also those answered 401, 429, 502 or
    /// 307): the last [`MAX_LOGGED_REQUESTS`] of them.
    pub fn requests(&self) -> Vec<ReceivedRequest> {
        self.shared.requests()
    }

    /// How many requests the GraphQL path has received, logged or not.
    pub fn request_count(&self) -> usize {
        *self.shared.received.borrow()
    }

    /// Waits until at least `count` requests have arrived (they may still be being answered), and returns the log.
    pub async fn wait_for_requests(&self, count: usize) -> Vec<ReceivedRequest> {
        let mut received = self.shared.received.subscribe();
        // The sender lives in `self`, so the channel cannot close while we wait.
        let _ = received.wait_for(|n| *n >= count).await;
        self.requests()
    }

    /// Stops accepting, ends slow answers early, and waits for open requests to finish.
    pub async fn shutdown(mut self) {
        self.shared.stopping.send_replace(true);
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for DemoServer {
    fn drop(&mut self) {
        self.shared.stopping.send_replace(true);
    }
}

/// Serves until Ctrl-C, after printing `demo server listening on <url>` to stdout (for scripts to wait for).
pub async fn run_until_ctrl_c(config: DemoConfig, address: SocketAddr) -> io::Result<()> {
    use std::io::Write;
    let server = DemoServer::start(config, address).await?;
    {
        let mut stdout = io::stdout().lock();
        writeln!(stdout, "demo server listening on {}", server.url())?;
        stdout.flush()?;
    }
    tokio::signal::ctrl_c().await?;
    server.shutdown().await;
    Ok(())
}
