//! What a request came to, as data: a response (whatever its status and body) or a failure
//! without one. Both serialize with a `kind` tag for the UI; every case carries a sentence a
//! person understands.

use std::time::Duration;

use ratelimit::Observation;
use serde::{Serialize, Serializer};

use crate::endpoint::Origin;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
// One per request, moved a few times: its size does not matter.
#[allow(clippy::large_enum_variant)]
pub enum Outcome {
    /// The server answered: any status, any body.
    Response(Response),
    /// No (complete) answer: refused before sending, unreachable, timed out, cancelled, too large...
    Failure(Failure),
}

impl Outcome {
    pub fn response(&self) -> Option<&Response> {
        match self {
            Outcome::Response(response) => Some(response),
            Outcome::Failure(_) => None,
        }
    }

    pub fn failure(&self) -> Option<&Failure> {
        match self {
            Outcome::Response(_) => None,
            Outcome::Failure(failure) => Some(failure),
        }
    }

    /// One sentence for a banner; `None` for a plain GraphQL answer.
    pub fn summary(&self) -> Option<&str> {
        match self {
            Outcome::Response(response) => response.summary.as_deref(),
            Outcome::Failure(failure) => Some(&failure.message),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Response {
    /// The URL that gave this answer (after any same-origin redirects that were followed).
    pub url: String,
    pub status: u16,
    pub status_text: Option<String>,
    /// `HTTP/1.1`, `HTTP/2.0`.
    pub version: String,
    /// Names in lowercase, values as received (non-UTF-8 bytes replaced). Duplicates are kept, in
    /// order; different names are in order of first appearance.
    pub headers: Vec<(String, String)>,
    pub timings: Timings,
    /// Size of the body after decompression.
    pub body_bytes: u64,
    pub body: Body,
    /// Empty when the answer is what a GraphQL client expects (GraphQL errors are not a problem
    /// of the transport: they are in `body`).
    pub problems: Vec<Problem>,
    /// One or more sentences about `problems` and `redirect`; `None` when there is nothing to say.
    pub summary: Option<String>,
    pub rate_limit: Observation,
    /// A redirect that was not followed; this response is the redirect itself.
    pub redirect: Option<RedirectNotice>,
    /// Same-origin 307/308 redirects that were followed on the way here.
    pub followed: Vec<RedirectHop>,
}

impl Response {
    /// An answer as read from the wire (`headers` with lowercase names, `now_unix` in seconds):
    /// its body classified, its problems (the body's before the status's; a redirect not followed
    /// has only its own, its stub body says nothing about GraphQL) and their summary, its rate-limit
    /// headers and GraphQL extensions read. No redirect followed on the way.
    pub fn read(url: String, status: u16, version: String, headers: Vec<(String, String)>, bytes: &[u8], redirect: Option<RedirectNotice>, now_unix: u64) -> Response {
        // As `HeaderValue::to_str` reads it: visible ASCII only.
        let content_type = headers
            .iter()
            .find(|(name, _)| name == "content-type")
            .map(|(_, value)| value.as_str())
            .filter(|value| value.bytes().all(|byte| byte == b'\t' || (32..127).contains(&byte)));
        let (body, mut problems) = classify_body(content_type, bytes);
        if let Some(notice) = &redirect {
            problems = vec![Problem::Redirect { status: notice.status }];
        }
        // Body problems first: "answered 502 with an HTML page" reads before "502 is a server error".
        problems.extend(status_problem(status));
        let summary = summarize(status, &problems, redirect.as_ref());
        let extensions = match &body {
            Body::Graphql(graphql) => graphql.extensions.as_ref(),
            _ => None,
        };
        let rate_limit = ratelimit::observe(headers.iter().map(|(name, value)| (name.as_str(), value.as_str())), extensions, now_unix);
        Response {
            url,
            status,
            status_text: reqwest::StatusCode::from_u16(status).ok().and_then(|code| code.canonical_reason()).map(str::to_owned),
            version,
            headers,
            timings: Timings::default(),
            body_bytes: bytes.len() as u64,
            body,
            problems,
            summary,
            rate_limit,
            redirect,
            followed: Vec::new(),
        }
    }

    /// All values of a header, by case-insensitive name.
    pub fn header_values<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.headers.iter().filter(move |(key, _)| key.eq_ignore_ascii_case(name)).map(|(_, value)| value.as_str())
    }

    pub fn graphql(&self) -> Option<&GraphqlBody> {
        match &self.body {
            Body::Graphql(body) => Some(body),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Body {
    /// A GraphQL response: an object with `data` and/or `errors`.
    Graphql(GraphqlBody),
    /// Anything else, as text (invalid UTF-8 replaced); `problems` says what it is.
    Text { text: String },
    Empty,
}

impl Body {
    pub fn text(&self) -> Option<&str> {
        match self {
            Body::Text { text } => Some(text),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GraphqlBody {
    /// `None` when absent or `null`. Kept as the server's JSON text, checked but not built into a
    /// tree: a 20 MB answer is shown as text, and building a tree would double the time to it.
    pub data: Option<RawJson>,
    /// Empty when absent. Each error is kept as the server sent it.
    pub errors: Vec<serde_json::Value>,
    pub extensions: Option<serde_json::Value>,
}

/// A checked JSON value kept as its text. Serializes as the value itself.
#[derive(Debug, Clone, Serialize)]
#[serde(transparent)]
pub struct RawJson(Box<serde_json::value::RawValue>);

impl RawJson {
    /// The value's text as the server sent it. There is deliberately no conversion to a tree: the
    /// text may nest deeper than a recursive parser allows (`data` nested 200 deep made
    /// `serde_json::from_str` fail where a tree was expected), and a 20 MB answer is shown as text.
    pub fn text(&self) -> &str {
        self.0.get()
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.text() == other.text()
    }
}

impl GraphqlBody {
    pub fn error_messages(&self) -> impl Iterator<Item = &str> {
        self.errors.iter().filter_map(|error| error.get("message").and_then(serde_json::Value::as_str))
    }
}

/// Something off about a response, typed for the UI; `Response::summary` says it in words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Problem {
    /// 401.
    Unauthorized,
    /// 403.
    Forbidden,
    /// 429.
    RateLimited,
    /// Any other 4xx.
    ClientError { status: u16 },
    /// 5xx.
    ServerError { status: u16 },
    /// A redirect that was not followed (see `Response::redirect`).
    Redirect { status: u16 },
    /// An HTML page where GraphQL JSON was expected (an error page, a login page, a proxy).
    HtmlPage,
    /// Text that is not JSON.
    NotJson { detail: String },
    /// JSON that stops early.
    TruncatedJson { detail: String },
    /// JSON, but neither `data` nor `errors` at the top.
    NotGraphql,
    /// GraphQL JSON labelled as something else (or not labelled).
    UnexpectedContentType { content_type: Option<String> },
    EmptyBody,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedirectNotice {
    pub status: u16,
    /// The `Location` header as sent.
    pub location: String,
    /// `location` resolved against the request's URL; `None` when it is not a valid URL.
    pub target: Option<String>,
    /// The target has another scheme, host or port. Such a redirect is never followed, so no
    /// credential ever goes there.
    pub cross_origin: bool,
    pub reason: RedirectReason,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RedirectReason {
    /// Another scheme, host or port.
    CrossOrigin,
    /// 301, 302 and 303 turn a POST into a GET without its body.
    ChangesMethod,
    /// More same-origin hops than the client follows.
    TooManyHops,
    /// `Location` missing or not a URL.
    InvalidLocation,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RedirectHop {
    pub status: u16,
    pub from: String,
    pub to: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Timings {
    /// From the start of `send` to the response headers of the last hop; `None` when none came.
    #[serde(serialize_with = "milliseconds_opt")]
    pub time_to_first_byte: Option<Duration>,
    /// From the start of `send` to the end of the body (or the failure).
    #[serde(serialize_with = "milliseconds")]
    pub total: Duration,
}

fn milliseconds<S: Serializer>(duration: &Duration, serializer: S) -> Result<S::Ok, S::Error> {
    serializer.serialize_f64(duration.as_secs_f64() * 1000.0)
}

fn milliseconds_opt<S: Serializer>(duration: &Option<Duration>, serializer: S) -> Result<S::Ok, S::Error> {
    match duration {
        Some(duration) => milliseconds(duration, serializer),
        None => serializer.serialize_none(),
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Failure {
    pub reason: FailureReason,
    pub message: String,
    /// The URL being requested when it failed.
    pub url: String,
    /// Status and headers, when they arrived before the failure (a body too large, a timeout or a
    /// cancellation while the body was arriving).
    pub partial: Option<PartialResponse>,
    pub timings: Timings,
    /// Body bytes received before the failure.
    pub received_bytes: u64,
}

impl Failure {
    pub(crate) fn new(reason: FailureReason, url: String, timings: Timings) -> Failure {
        Failure { message: reason.message(), reason, url, partial: None, timings, received_bytes: 0 }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PartialResponse {
    pub status: u16,
    pub version: String,
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FailureReason {
    /// A credential is bound to another origin than the request's: nothing was sent.
    CredentialOriginMismatch { header_name: String, request_origin: Origin, credential_origin: Origin },
    /// A header name or value that HTTP cannot carry: nothing was sent. The value is not repeated.
    InvalidHeader { name: String },
    InvalidUrl { url: String, detail: String },
    Timeout { phase: TimeoutPhase, #[serde(serialize_with = "milliseconds")] after: Duration },
    /// Connection refused, no route, name not resolved.
    Unreachable { origin: String, detail: String },
    Tls { origin: String, detail: String },
    Cancelled,
    TooLarge { limit: u64, received: u64, declared: Option<u64> },
    /// The connection broke after it was made (reset, closed mid-body, a protocol error).
    Interrupted { detail: String },
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeoutPhase {
    Connect,
    Total,
}

impl FailureReason {
    pub fn message(&self) -> String {
        match self {
            FailureReason::CredentialOriginMismatch { header_name, request_origin, credential_origin } => format!(
                "Refused before sending: the credential for the `{header_name}` header belongs to {credential_origin}, \
                 but this request goes to {request_origin}. Nothing was sent."
            ),
            FailureReason::InvalidHeader { name } => {
                format!("Refused before sending: the header `{name}` has a name or value HTTP cannot carry. Nothing was sent.")
            }
            FailureReason::InvalidUrl { url, detail } => format!("`{url}` is not a valid URL: {detail}."),
            FailureReason::Timeout { phase: TimeoutPhase::Connect, after } => {
                format!("Timed out: no connection to the server within {}.", seconds(*after))
            }
            FailureReason::Timeout { phase: TimeoutPhase::Total, after } => {
                format!("Timed out: no complete answer within {}.", seconds(*after))
            }
            FailureReason::Unreachable { origin, detail } => {
                format!("Server unreachable: could not connect to {origin} ({detail}).")
            }
            FailureReason::Tls { origin, detail } => {
                format!("The secure connection (TLS) to {origin} failed: {detail}.")
            }
            FailureReason::Cancelled => "Cancelled before the answer was complete.".to_owned(),
            FailureReason::TooLarge { limit, received, declared: Some(declared) } if received == &0 => format!(
                "The answer would be {} (Content-Length), over the {} limit: not downloaded.",
                size(*declared),
                size(*limit)
            ),
            FailureReason::TooLarge { limit, received, .. } => {
                format!("The answer is larger than the {} limit: stopped after {}.", size(*limit), size(*received))
            }
            FailureReason::Interrupted { detail } => {
                format!("The connection broke before the whole answer arrived ({detail}).")
            }
        }
    }
}

fn seconds(duration: Duration) -> String {
    let seconds = duration.as_secs_f64();
    if seconds < 1.0 {
        return format!("{} ms", duration.as_millis());
    }
    let text = format!("{seconds:.1}");
    format!("{} s", text.strip_suffix(".0").unwrap_or(&text))
}

/// A byte count for people: `512 bytes`, `1.5 KB`, `64 MB` (powers of 1024).
pub fn size(bytes: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if bytes < 1024 {
        return format!("{bytes} bytes");
    }
    let mut value = bytes as f64 / 1024.0;
    let mut unit = 0;
    while value >= 1024.0 && unit + 1 < UNITS.len() {
        value /= 1024.0;
        unit += 1;
    }
    let text = format!("{value:.1}");
    format!("{} {}", text.strip_suffix(".0").unwrap_or(&text), UNITS[unit])
}

/// Reads a body: GraphQL JSON, or text with the problems that explain why it is not.
pub fn classify_body(content_type: Option<&str>, bytes: &[u8]) -> (Body, Vec<Problem>) {
    let text = || String::from_utf8_lossy(bytes).into_owned();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return (Body::Empty, vec![Problem::EmptyBody]);
    }
    // Serde would read a top-level array as a struct's fields in order: only an object may be one.
    let starts_an_object = bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{');
    let parsed = if starts_an_object {
        serde_json::from_slice::<Envelope>(bytes)
    } else {
        serde_json::from_slice::<serde::de::IgnoredAny>(bytes).map(|_| Envelope { data: None, errors: None, extensions: None })
    };
    match parsed {
        Ok(envelope) if envelope.is_graphql_shaped() => {
            let body = GraphqlBody {
                data: envelope.data.flatten().map(RawJson),
                errors: match envelope.errors {
                    Some(serde_json::Value::Array(errors)) => errors,
                    _ => Vec::new(),
                },
                extensions: envelope.extensions.filter(|extensions| !extensions.is_null()),
            };
            let problems = if content_type.is_some_and(is_json_type) {
                Vec::new()
            } else {
                vec![Problem::UnexpectedContentType { content_type: content_type.map(str::to_owned) }]
            };
            (Body::Graphql(body), problems)
        }
        // Valid JSON of another shape (an array, a string, an object without `data` or `errors`).
        Err(error) if error.classify() == serde_json::error::Category::Data => (Body::Text { text: text() }, vec![Problem::NotGraphql]),
        Ok(_) => (Body::Text { text: text() }, vec![Problem::NotGraphql]),
        Err(error) => {
            let problem = if looks_like_html(content_type, bytes) {
                Problem::HtmlPage
            } else if error.is_eof() {
                Problem::TruncatedJson { detail: error.to_string() }
            } else {
                Problem::NotJson { detail: error.to_string() }
            };
            (Body::Text { text: text() }, vec![problem])
        }
    }
}

/// The top level of a GraphQL response. `data` is checked as JSON but kept as text.
#[derive(serde::Deserialize)]
struct Envelope {
    /// `None` when absent, `Some(None)` when `null`: `{"data": null}` is a GraphQL answer, `{}` is not.
    #[serde(default, deserialize_with = "present")]
    data: Option<Option<Box<serde_json::value::RawValue>>>,
    #[serde(default)]
    errors: Option<serde_json::Value>,
    #[serde(default)]
    extensions: Option<serde_json::Value>,
}

fn present<'de, D: serde::Deserializer<'de>, T: serde::Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

impl Envelope {
    /// `{"data": …}` and/or `{"errors": [...]}`, with `data` an object or null and `errors` a list.
    fn is_graphql_shaped(&self) -> bool {
        let data_is_object = self.data.as_ref().is_none_or(|data| data.as_ref().is_none_or(|data| data.get().starts_with('{')));
        let errors_are_a_list = self.errors.as_ref().is_none_or(|errors| errors.is_array() || errors.is_null());
        (self.data.is_some() || self.errors.is_some()) && data_is_object && errors_are_a_list
    }
}

fn is_json_type(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

fn looks_like_html(content_type: Option<&str>, bytes: &[u8]) -> bool {
    if content_type.is_some_and(|content_type| content_type.to_ascii_lowercase().contains("html")) {
        return true;
    }
    let start = bytes.iter().position(|byte| !byte.is_ascii_whitespace()).unwrap_or(bytes.len());
    let head = String::from_utf8_lossy(&bytes[start..bytes.len().min(start + 256)]).to_ascii_lowercase();
    head.starts_with("<!doctype html") || head.starts_with("<html") || (head.starts_with('<') && head.contains("<body"))
}

/// The problems a status brings by itself (3xx is reported through the redirect notice).
pub fn status_problem(status: u16) -> Option<Problem> {
    match status {
        401 => Some(Problem::Unauthorized),
        403 => Some(Problem::Forbidden),
        429 => Some(Problem::RateLimited),
        400..=499 => Some(Problem::ClientError { status }),
        500..=599 => Some(Problem::ServerError { status }),
        _ => None,
    }
}

/// The sentences for a banner: what the body is, then what the status means, then the redirect.
pub fn summarize(status: u16, problems: &[Problem], redirect: Option<&RedirectNotice>) -> Option<String> {
    let mut sentences = Vec::new();
    for problem in problems {
        let sentence = match problem {
            Problem::HtmlPage => format!("The server answered {status} with an HTML page, not GraphQL JSON."),
            Problem::NotJson { .. } => format!("The server answered {status} with text that is not JSON, not GraphQL JSON."),
            Problem::TruncatedJson { .. } => {
                format!("The server answered {status} with JSON that stops early (truncated), not complete GraphQL JSON.")
            }
            Problem::NotGraphql => format!(
                "The server answered {status} with JSON that has neither `data` nor `errors`: not a GraphQL response."
            ),
            Problem::EmptyBody => format!("The server answered {status} with an empty body, not GraphQL JSON."),
            Problem::UnexpectedContentType { content_type: Some(content_type) } => {
                format!("The answer is GraphQL JSON, but labelled `{content_type}` rather than JSON.")
            }
            Problem::UnexpectedContentType { content_type: None } => {
                "The answer is GraphQL JSON, but has no Content-Type header.".to_owned()
            }
            Problem::Unauthorized => {
                "401 Unauthorized: the server did not accept the credential (missing, wrong or expired token).".to_owned()
            }
            Problem::Forbidden => "403 Forbidden: the credential is not allowed to do this.".to_owned(),
            Problem::RateLimited => "429 Too Many Requests: the rate limit is used up; wait before sending again.".to_owned(),
            Problem::ClientError { status } => {
                format!("{status}{}: the server refused the request.", reason_suffix(*status))
            }
            Problem::ServerError { status } => {
                format!("{status}{}: an error on the server's side.", reason_suffix(*status))
            }
            Problem::Redirect { .. } => continue,
        };
        sentences.push(sentence);
    }
    if let Some(redirect) = redirect {
        sentences.push(redirect.message.clone());
    }
    (!sentences.is_empty()).then(|| sentences.join(" "))
}

fn reason_suffix(status: u16) -> String {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|status| status.canonical_reason())
        .map(|reason| format!(" {reason}"))
        .unwrap_or_default()
}

impl RedirectNotice {
    pub(crate) fn new(status: u16, location: String, target: Option<String>, cross_origin: bool, reason: RedirectReason) -> Self {
        let shown = target.as_deref().unwrap_or(&location).to_owned();
        let message = match reason {
            RedirectReason::CrossOrigin => format!(
                "The server redirected ({status}) to {shown}, another origin: not followed, and no credential was sent there. \
                 If that address is right, make it the endpoint."
            ),
            RedirectReason::ChangesMethod => format!(
                "The server redirected ({status}) to {shown}: not followed, because a {status} turns the POST into a GET. \
                 If that address is right, make it the endpoint."
            ),
            RedirectReason::TooManyHops => format!("The server redirected ({status}) to {shown} once more: stopped following."),
            RedirectReason::InvalidLocation => {
                format!("The server redirected ({status}) to `{location}`, which is not a valid address: not followed.")
            }
        };
        RedirectNotice { status, location, target, cross_origin, reason, message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_classified() {
        let json = Some("application/json");
        let html = Some("text/html; charset=utf-8");
        let cases: Vec<(Option<&str>, &str, Option<Problem>)> = vec![
            (json, r#"{"data":{"a":1}}"#, None),
            (Some("application/graphql-response+json; charset=utf-8"), r#"{"errors":[{"message":"no"}]}"#, None),
            (json, r#"{"data":null,"errors":[{"message":"no"}]}"#, None),
            (Some("text/plain"), r#"{"data":{}}"#, Some(Problem::UnexpectedContentType { content_type: Some("text/plain".into()) })),
            (None, r#"{"data":{}}"#, Some(Problem::UnexpectedContentType { content_type: None })),
            (html, "<!DOCTYPE html><html><body>502 Bad Gateway</body></html>", Some(Problem::HtmlPage)),
            (json, "  <html><body>oops</body></html>", Some(Problem::HtmlPage)),
            (json, r#"{"message":"Internal error"}"#, Some(Problem::NotGraphql)),
            (json, r#"[{"data":{}}]"#, Some(Problem::NotGraphql)),
            (json, r#"{"data":"yes"}"#, Some(Problem::NotGraphql)),
            (json, "", Some(Problem::EmptyBody)),
            (json, " \n", Some(Problem::EmptyBody)),
        ];
        for (content_type, body, expected) in cases {
            let (parsed, problems) = classify_body(content_type, body.as_bytes());
            assert_eq!(problems.first(), expected.as_ref(), "{body}");
            if expected.is_none() || matches!(expected, Some(Problem::UnexpectedContentType { .. })) {
                assert!(matches!(parsed, Body::Graphql(_)), "{body}");
            } else if body.trim().is_empty() {
                assert_eq!(parsed, Body::Empty);
            } else {
                assert_eq!(parsed.text(), Some(body), "the raw text is kept");
            }
        }
        let kinds = |body: &str| classify_body(Some("application/json"), body.as_bytes()).1;
        assert!(matches!(kinds(r#"{"data":{"a":[1,2"#)[..], [Problem::TruncatedJson { .. }]));
        assert!(matches!(kinds("Internal Server Error")[..], [Problem::NotJson { .. }]));
        assert!(matches!(kinds("{\"data\": nope}")[..], [Problem::NotJson { .. }]));
    }

    #[test]
    fn data_and_errors_are_separated() {
        let body = r#"{"data":{"me":null},"errors":[{"message":"Not authorized","path":["me"]}],"extensions":{"cost":1}}"#;
        let (Body::Graphql(graphql), problems) = classify_body(Some("application/json"), body.as_bytes()) else { panic!() };
        assert!(problems.is_empty());
        assert_eq!(graphql.data.as_ref().map(RawJson::text), Some(r#"{"me":null}"#));
        assert_eq!(graphql.error_messages().collect::<Vec<_>>(), ["Not authorized"]);
        assert_eq!(graphql.extensions, Some(serde_json::json!({ "cost": 1 })));
    }

    #[test]
    fn summaries_name_the_status_and_the_body() {
        let (_, mut problems) = classify_body(Some("text/html"), b"<html><body>Bad gateway</body></html>");
        problems.extend(status_problem(502));
        let summary = summarize(502, &problems, None).unwrap();
        assert!(summary.starts_with("The server answered 502 with an HTML page, not GraphQL JSON."), "{summary}");
        assert!(summary.contains("502 Bad Gateway: an error on the server's side."), "{summary}");
        assert_eq!(summarize(200, &[], None), None);
        assert!(summarize(401, &[Problem::Unauthorized], None).unwrap().contains("401 Unauthorized"));
    }

    #[test]
    fn failures_say_what_happened() {
        let origin = |port| Origin { scheme: "https".into(), host: "a.example".into(), port };
        let cases = [
            (
                FailureReason::CredentialOriginMismatch { header_name: "authorization".into(), request_origin: origin(8443), credential_origin: origin(443) },
                "Refused before sending: the credential for the `authorization` header belongs to https://a.example, but this request goes to https://a.example:8443. Nothing was sent.",
            ),
            (FailureReason::Timeout { phase: TimeoutPhase::Total, after: Duration::from_secs(30) }, "Timed out: no complete answer within 30 s."),
            (FailureReason::Timeout { phase: TimeoutPhase::Connect, after: Duration::from_millis(250) }, "Timed out: no connection to the server within 250 ms."),
            (
                FailureReason::Unreachable { origin: "http://127.0.0.1:9".into(), detail: "connection refused".into() },
                "Server unreachable: could not connect to http://127.0.0.1:9 (connection refused).",
            ),
            (FailureReason::TooLarge { limit: 64 << 20, received: (64 << 20) + 512, declared: None }, "The answer is larger than the 64 MB limit: stopped after 64 MB."),
            (FailureReason::TooLarge { limit: 1024, received: 0, declared: Some(1536) }, "The answer would be 1.5 KB (Content-Length), over the 1 KB limit: not downloaded."),
            (FailureReason::Cancelled, "Cancelled before the answer was complete."),
        ];
        for (reason, expected) in cases {
            assert_eq!(reason.message(), expected);
        }
    }

    #[test]
    fn outcomes_serialize_with_kind_tags() {
        let failure = Failure::new(
            FailureReason::Timeout { phase: TimeoutPhase::Total, after: Duration::from_millis(1500) },
            "http://x/".into(),
            Timings { time_to_first_byte: None, total: Duration::from_millis(1500) },
        );
        let json = serde_json::to_value(Outcome::Failure(failure)).unwrap();
        assert_eq!(json["kind"], "failure");
        assert_eq!(json["reason"]["kind"], "timeout");
        assert_eq!(json["reason"]["phase"], "total");
        assert_eq!(json["reason"]["after"], 1500.0);
        assert_eq!(json["timings"]["time_to_first_byte"], serde_json::Value::Null);
        assert_eq!(json["message"], "Timed out: no complete answer within 1.5 s.");
    }

    #[test]
    fn sizes_read_well() {
        let cases = [(0, "0 bytes"), (1023, "1023 bytes"), (1024, "1 KB"), (1536, "1.5 KB"), (64 << 20, "64 MB"), (3 << 30, "3 GB")];
        for (bytes, expected) in cases {
            assert_eq!(size(bytes), expected);
        }
    }
}
