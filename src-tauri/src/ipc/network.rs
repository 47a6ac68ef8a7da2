//! What crosses the IPC boundary for requests, schemas from endpoints, token profiles and rate
//! limits, and the conversions from the network crates' types. No type here can carry a token
//! out of the app: the one that carries a token in, [`SaveProfileRequest`], is `Deserialize`
//! only and redacts it in `Debug`.

use connection::display::{self, ErrorsShown};
use connection::profiles::{AuthScheme, Profile};
use net::Outcome;
use ratelimit::book::{Budget, ClosedReason, Gate};
use secret::Secret;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::ipc::IpcError;
use crate::response_view::ResponseView;

/// Milliseconds, as JavaScript's `Date` counts them, from Unix seconds.
fn unix_ms(seconds: u64) -> f64 {
    seconds as f64 * 1000.0
}

fn ms(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Which endpoint, with which credentials: what schemas, budgets and requests belong to.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndpointRequest {
    pub endpoint: String,
    /// The token profile; `null` sends no token.
    pub profile: Option<String>,
    /// The headers editor's text: a JSON object of strings; empty means none.
    pub headers_json: String,
}

impl EndpointRequest {
    pub fn credentials(&self) -> Result<connection::Credentials, IpcError> {
        Ok(connection::Credentials { profile: self.profile.clone(), headers: parse_headers(&self.headers_json)? })
    }
}

/// "Copy as curl": what Run would send, as a shell command.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CopyCurlRequest {
    #[serde(flatten)]
    pub target: EndpointRequest,
    pub document: String,
    /// Where the query editor's cursor is (UTF-16 code units): the operation it is in is the one.
    pub cursor_utf16: u32,
    pub operation_name: Option<String>,
    pub variables_json: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReadCurlRequest {
    pub text: String,
}

/// A pasted curl command, as a new tab opens it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CurlRead {
    pub endpoint: String,
    /// The endpoint's origin as Rust spells it: the headers belong to it.
    pub origin: String,
    pub document: String,
    pub operation_name: Option<String>,
    pub variables_json: Option<String>,
    /// The headers as a JSON object (the Headers editor's text); `None` when there are none.
    pub headers_json: Option<String>,
}

/// An earlier version of an endpoint's schema, kept in the cache.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SchemaVersionShown {
    pub id: String,
    #[ts(type = "number")]
    pub fetched_at_unix_ms: u64,
    /// The start of its content hash, to tell versions fetched close together apart.
    pub hash: String,
}

/// Compare the schema in use with an earlier version of its endpoint's schema.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompareVersionRequest {
    #[serde(flatten)]
    pub target: EndpointRequest,
    /// A [`SchemaVersionShown::id`].
    pub id: String,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FetchSchemaRequest {
    /// The tab that asks: its fetch replaces only that tab's fetch, and its Cancel stops only it.
    pub tab: String,
    #[serde(flatten)]
    pub target: EndpointRequest,
    /// Introspect even when the cache holds the schema.
    pub refresh: bool,
    /// Introspect even while the server's `Retry-After` is in force or the budget is used up.
    pub override_rate_limit: bool,
}

/// One press of Run.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunRequest {
    /// The tab that runs: its request replaces only that tab's request and response.
    pub tab: String,
    #[serde(flatten)]
    pub target: EndpointRequest,
    pub document: String,
    /// Where the query editor's cursor is (UTF-16 code units): the operation it is in runs.
    pub cursor_utf16: u32,
    /// The operation picker's choice, for a cursor outside every operation.
    pub operation_name: Option<String>,
    /// The variables editor's text; empty means none.
    pub variables_json: String,
    /// Send even while the server's `Retry-After` is in force or the budget is used up.
    pub override_rate_limit: bool,
}

/// A range of the last response's lines, for the lines on screen.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResponseLinesRequest {
    /// The response they belong to; lines of an older one are not served.
    pub response_id: u32,
    pub from: u32,
    pub to: u32,
}

/// Find in a response: the text to look for (ignoring ASCII case), and how many lines at most.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResponseFindRequest {
    pub response_id: u32,
    pub query: String,
    pub limit: u32,
}

/// The lines (from 0) of a response that hold the text, in order; `more` when there were more than asked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ResponseFound {
    pub lines: Vec<u32>,
    pub more: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `<header name>: <token>`, such as Railway's `Project-Access-Token`.
    Header,
}

/// The endpoint whose origin and profiles the endpoint bar shows.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OriginRequest {
    pub endpoint: String,
}

/// An endpoint's origin as Sextant spells it everywhere (`https://backboard.railway.com`), and the
/// token profiles bound to it: the only ones whose token may go there.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndpointProfiles {
    pub origin: String,
    pub profiles: Vec<ProfileShown>,
    /// Set when a token would travel there unencrypted (plain http off this machine).
    pub token_warning: Option<String>,
}

/// Adds a profile bound to the endpoint's origin, or replaces the token of the profile of that name
/// when it is bound to the same origin and header (anything else is refused).
#[derive(Debug, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SaveProfileRequest {
    pub name: String,
    pub endpoint: String,
    pub auth: AuthKind,
    /// For [`AuthKind::Header`].
    pub header_name: Option<String>,
    /// Written to the keychain and dropped; never answered back, never stored elsewhere.
    pub token: TokenInput,
}

/// A token as typed: becomes a [`Secret`] (wiped on drop) at once; redacted in `Debug`.
#[derive(Deserialize, TS)]
#[ts(type = "string")]
pub struct TokenInput(String);

impl TokenInput {
    /// `None` when nothing was typed.
    pub fn into_secret(self) -> Option<Secret> {
        Secret::new(self.0)
    }
}

impl std::fmt::Debug for TokenInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("[redacted]")
    }
}


#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileRequest {
    pub name: String,
}

/// A token profile as the picker shows it: never its token.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProfileShown {
    pub name: String,
    /// The only origin its token is sent to.
    pub origin: String,
    pub auth: AuthKind,
    /// The header the token goes in: `Authorization` for Bearer.
    pub header_name: String,
    /// Set when the token would travel unencrypted (plain http off this machine).
    pub warning: Option<String>,
}

impl From<Profile> for ProfileShown {
    fn from(profile: Profile) -> Self {
        let header_name = profile.auth.header_name().to_owned();
        let warning = profile.warning();
        let auth = match profile.auth {
            AuthScheme::Bearer => AuthKind::Bearer,
            AuthScheme::Header { .. } => AuthKind::Header,
        };
        ProfileShown { name: profile.name, origin: profile.origin.to_string(), auth, header_name, warning }
    }
}

impl AuthKind {
    /// The scheme a saved profile gets: Bearer, or the named header (required for `Header`).
    pub fn scheme(self, header_name: Option<&str>) -> Result<AuthScheme, IpcError> {
        match (self, header_name.map(str::trim)) {
            (AuthKind::Bearer, _) => Ok(AuthScheme::Bearer),
            (AuthKind::Header, Some(name)) if !name.is_empty() => Ok(AuthScheme::Header { name: name.to_owned() }),
            (AuthKind::Header, _) => {
                Err(IpcError::Profile { message: "Name the header the token goes in, such as Project-Access-Token.".into() })
            }
        }
    }
}

/// The headers editor's text, as far as keeping it is concerned.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeadersRequest {
    pub headers_json: String,
}

/// Which typed headers carry credentials, and the text that may be kept on disk.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HeadersKept {
    /// The headers (with a value) whose names say they carry a credential: never written to disk,
    /// offered to become a keychain profile.
    pub credential_names: Vec<String>,
    /// The text to keep across restarts: the headers without the credential ones (the text as typed
    /// when there are none); `null` while the text is not a JSON object of strings.
    pub keepable_json: Option<String>,
}

impl HeadersKept {
    pub fn of(text: &str) -> HeadersKept {
        match net::keep_headers(text) {
            Some(kept) => HeadersKept { credential_names: kept.credential_names, keepable_json: Some(kept.keepable) },
            None => HeadersKept { credential_names: Vec::new(), keepable_json: None },
        }
    }
}

/// The headers editor's text: a JSON object whose values are strings.
pub fn parse_headers(text: &str) -> Result<Vec<(String, String)>, IpcError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let invalid = |message: String| IpcError::InvalidHeaders { message };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| invalid(format!("The headers (Headers tab) are not JSON: {error}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(invalid("The headers (Headers tab) must be a JSON object such as {\"X-Api-Key\": \"…\"}.".into()));
    };
    map.into_iter()
        .map(|(name, value)| match value {
            serde_json::Value::String(value) => Ok((name, value)),
            // The value is not repeated: it may be a credential.
            _ => Err(invalid(format!("The header {name:?} (Headers tab) must have a string value."))),
        })
        .collect()
}

/// [`ClosedReason`], for the web UI.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GateReason {
    RetryAfter,
    BudgetUsedUp,
}

impl From<ClosedReason> for GateReason {
    fn from(reason: ClosedReason) -> Self {
        match reason {
            ClosedReason::RetryAfter => GateReason::RetryAfter,
            ClosedReason::BudgetUsedUp => GateReason::BudgetUsedUp,
        }
    }
}

/// Whether Run may send now.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum GateShown {
    Open,
    Closed { until_unix_ms: f64, reason: GateReason },
}

/// One earlier request and the budget it left.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecentRequest {
    pub at_unix_ms: f64,
    pub status: u16,
    pub remaining: Option<f64>,
}

/// The rate-limit panel: what the server's headers said, as of the last answer.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RateLimitShown {
    pub limit: Option<f64>,
    pub remaining: Option<f64>,
    pub reset_at_unix_ms: Option<f64>,
    pub retry_after_until_unix_ms: Option<f64>,
    /// What the limit counts, when the server says (GitHub's `X-RateLimit-Resource`).
    pub resource: Option<String>,
    /// Set when the server put its reset or `Retry-After` more than a day ahead, and Sextant waits a day.
    pub clamp_note: Option<String>,
    pub gate: GateShown,
    /// Newest first.
    pub recent: Vec<RecentRequest>,
}

impl RateLimitShown {
    pub fn new(budget: &Budget, gate: Gate) -> Self {
        RateLimitShown {
            limit: budget.limit.map(|n| n as f64),
            remaining: budget.remaining.map(|n| n as f64),
            reset_at_unix_ms: budget.reset_at.map(unix_ms),
            retry_after_until_unix_ms: budget.retry_after_until.map(unix_ms),
            resource: budget.resource.clone(),
            clamp_note: budget.clamp_note(),
            gate: match gate {
                Gate::Open => GateShown::Open,
                Gate::Closed { until, reason, .. } => GateShown::Closed { until_unix_ms: unix_ms(until), reason: reason.into() },
            },
            recent: budget
                .recent
                .iter()
                .rev()
                .map(|record| RecentRequest {
                    at_unix_ms: unix_ms(record.at),
                    status: record.status,
                    remaining: record.remaining.map(|n| n as f64),
                })
                .collect(),
        }
    }
}

/// One GraphQL error of a response, as text.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct GraphqlError {
    pub message: String,
    /// `projects.edges.0.node`, when the error has a path.
    pub path: Option<String>,
}

/// The response pane shows at most this many errors; the rest are counted.
pub const MAX_ERRORS_SHOWN: usize = 200;

/// What came back from one Run.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum RunOutcome {
    Response {
        status: u16,
        status_text: Option<String>,
        elapsed_ms: f64,
        body_bytes: f64,
        headers: Vec<(String, String)>,
        /// What is off about it (401, an HTML page, a redirect not followed...), as a sentence.
        summary: Option<String>,
        errors: Vec<GraphqlError>,
        /// Errors beyond [`MAX_ERRORS_SHOWN`].
        errors_not_shown: u32,
        /// The pretty-printed body (data and extensions for GraphQL), fetched by range.
        line_count: u32,
        /// Set when the body's layout was bounded (nested too deep, or shown as sent).
        layout_note: Option<String>,
    },
    /// No answer: unreachable, timed out, cancelled, too large...
    Failure { message: String, elapsed_ms: f64 },
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunResult {
    /// Names this response's lines for `response_lines`.
    pub response_id: u32,
    pub outcome: RunOutcome,
    pub rate_limit: Option<RateLimitShown>,
    /// Set when the remaining budget is low.
    pub warning: Option<String>,
    /// Set when the run could not be recorded in the history.
    pub history_note: Option<String>,
}

/// The errors of a GraphQL body as the pane lists them.
pub fn graphql_errors(errors: &[serde_json::Value]) -> (Vec<GraphqlError>, u32) {
    let shown = errors
        .iter()
        .take(MAX_ERRORS_SHOWN)
        .map(|error| GraphqlError {
            message: match error.get("message") {
                Some(serde_json::Value::String(message)) => message.clone(),
                _ => error.to_string(),
            },
            path: error.get("path").and_then(serde_json::Value::as_array).map(|path| {
                path.iter()
                    .map(|segment| match segment {
                        serde_json::Value::String(name) => name.clone(),
                        other => other.to_string(),
                    })
                    .collect::<Vec<_>>()
                    .join(".")
            }),
        })
        .collect();
    (shown, u32::try_from(errors.len().saturating_sub(MAX_ERRORS_SHOWN)).unwrap_or(u32::MAX))
}

/// The outcome without its body, which goes to a [`crate::response_view::ResponseView`].
pub fn run_outcome(outcome: &Outcome, view: &ResponseView) -> RunOutcome {
    match outcome {
        Outcome::Response(response) => {
            let (errors, errors_not_shown) = response.graphql().map_or((Vec::new(), 0), |body| graphql_errors(&body.errors));
            RunOutcome::Response {
                status: response.status,
                status_text: response.status_text.clone(),
                elapsed_ms: ms(response.timings.total),
                body_bytes: response.body_bytes as f64,
                headers: response.headers.clone(),
                summary: response.summary.clone(),
                errors,
                errors_not_shown,
                line_count: u32::try_from(view.line_count()).unwrap_or(u32::MAX),
                layout_note: view.note().map(str::to_owned),
            }
        }
        Outcome::Failure(failure) => {
            RunOutcome::Failure { message: failure.message.clone(), elapsed_ms: ms(failure.timings.total) }
        }
    }
}

/// Where the body's shown lines come from: data and extensions of a GraphQL body (errors are
/// listed apart), any other body as text.
pub fn response_view(outcome: &Outcome) -> ResponseView {
    match outcome.response() {
        Some(response) => ResponseView::new(display::response_body(response, ErrorsShown::Apart)),
        None => ResponseView::default(),
    }
}

/// The whole body for Copy response: a GraphQL body with its errors, pretty-printed.
pub fn response_copy(outcome: &Outcome) -> String {
    outcome.response().map(|response| display::response_body(response, ErrorsShown::InBody).text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn errors_are_listed_as_text_with_their_paths() {
        let errors = [
            json!({"message": "<b>Not found</b>", "path": ["project", 0, "name"]}),
            json!({"message": 42}),
            json!("just a string"),
        ];
        let (shown, more) = graphql_errors(&errors);
        assert_eq!(more, 0);
        assert_eq!(shown[0], GraphqlError { message: "<b>Not found</b>".into(), path: Some("project.0.name".into()) });
        assert_eq!(shown[1].message, r#"{"message":42}"#);
        assert_eq!(shown[2].message, r#""just a string""#);
    }

    #[test]
    fn a_flood_of_errors_is_cut_and_counted() {
        let errors: Vec<_> = (0..MAX_ERRORS_SHOWN + 5).map(|n| json!({"message": n.to_string()})).collect();
        let (shown, more) = graphql_errors(&errors);
        assert_eq!((shown.len(), more), (MAX_ERRORS_SHOWN, 5));
    }

    #[test]
    fn headers_are_a_json_object_of_strings() {
        let cases: &[(&str, Result<&[(&str, &str)], &str>)] = &[
            ("", Ok(&[])),
            ("  {} ", Ok(&[])),
            (r#"{"X-Api-Key": "k", "Accept-Language": "fr"}"#, Ok(&[("Accept-Language", "fr"), ("X-Api-Key", "k")])),
            ("[]", Err("must be a JSON object")),
            (r#"{"X-Count": 3}"#, Err("\"X-Count\" (Headers tab) must have a string value")),
            ("{", Err("not JSON")),
        ];
        for (text, expected) in cases {
            let got = parse_headers(text).map_err(|error| error.to_string());
            match (expected, got) {
                (Ok(pairs), Ok(got)) => {
                    let got: Vec<(&str, &str)> = got.iter().map(|(n, v)| (n.as_str(), v.as_str())).collect();
                    assert_eq!(&got, pairs, "{text}");
                }
                (Err(part), Err(message)) => assert!(message.contains(part), "{text}: {message}"),
                (expected, got) => panic!("{text}: expected {expected:?}, got {got:?}"),
            }
        }
    }

    #[test]
    fn a_non_string_header_value_is_not_repeated_in_the_error() {
        let error = parse_headers(r#"{"Authorization": ["Bearer sentinel-0a9c"]}"#).unwrap_err();
        assert!(!error.to_string().contains("sentinel-0a9c"));
    }

    #[test]
    fn a_token_in_a_save_request_is_redacted_in_debug() {
        let request: SaveProfileRequest = serde_json::from_value(json!({
            "name": "ci", "endpoint": "https://example.com/graphql", "auth": "bearer", "headerName": null,
            "token": "sentinel-7d1f"
        }))
        .unwrap();
        assert!(!format!("{request:?}").contains("sentinel-7d1f"));
    }
}
