//! What crosses the IPC boundary for requests, schemas from endpoints, token profiles and rate
//! limits, and the conversions from the network crates' types. No type here can carry a token
//! out of the app: the one that carries a token in, [`SaveProfileRequest`], is `Deserialize`
//! only and redacts it in `Debug`.

use connection::profiles::{AuthScheme, Profile};
use net::Outcome;
use ratelimit::book::{Budget, ClosedReason, Gate};
use secret::Secret;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::response_view::ResponseView;

/// Milliseconds, as JavaScript's `Date` counts them, from Unix seconds.
fn unix_ms(seconds: u64) -> f64 {
    seconds as f64 * 1000.0
}

fn ms(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Which endpoint as which profile: the key of schemas, budgets and requests.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EndpointRequest {
    pub endpoint: String,
    /// The token profile; `null` sends no token.
    pub profile: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FetchSchemaRequest {
    pub endpoint: String,
    pub profile: Option<String>,
    /// Introspect even when the cache holds the schema.
    pub refresh: bool,
}

/// One press of Run.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RunRequest {
    pub endpoint: String,
    pub profile: Option<String>,
    pub document: String,
    pub operation_name: Option<String>,
    /// The variables editor's text; empty means none.
    pub variables_json: String,
    /// The headers editor's text: a JSON object of strings; empty means none.
    pub headers_json: String,
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

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `<header name>: <token>`, such as Railway's `Project-Access-Token`.
    Header,
}

/// Adds a profile bound to the endpoint's origin, or replaces the token of an existing one.
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
}

impl From<Profile> for ProfileShown {
    fn from(profile: Profile) -> Self {
        let header_name = profile.auth.header_name().to_owned();
        let auth = match profile.auth {
            AuthScheme::Bearer => AuthKind::Bearer,
            AuthScheme::Header { .. } => AuthKind::Header,
        };
        ProfileShown { name: profile.name, origin: profile.origin, auth, header_name }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GateReason {
    RetryAfter,
    BudgetUsedUp,
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
            gate: match gate {
                Gate::Open => GateShown::Open,
                Gate::Closed { until, reason, .. } => GateShown::Closed {
                    until_unix_ms: unix_ms(until),
                    reason: match reason {
                        ClosedReason::RetryAfter => GateReason::RetryAfter,
                        ClosedReason::BudgetUsedUp => GateReason::BudgetUsedUp,
                    },
                },
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
pub fn run_outcome(outcome: &Outcome, line_count: usize) -> RunOutcome {
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
                line_count: u32::try_from(line_count).unwrap_or(u32::MAX),
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
    body_view(outcome, false)
}

/// The whole body for Copy response: a GraphQL body with its errors, pretty-printed.
pub fn response_copy(outcome: &Outcome) -> String {
    body_view(outcome, true).text().to_owned()
}

fn body_view(outcome: &Outcome, with_errors: bool) -> ResponseView {
    let Some(response) = outcome.response() else { return ResponseView::default() };
    let Some(body) = response.graphql() else { return ResponseView::plain(response.body.text().unwrap_or("")) };
    let mut parts = Vec::new();
    if let Some(data) = &body.data {
        parts.push(format!("\"data\":{}", data.text()));
    }
    if with_errors && !body.errors.is_empty() {
        parts.push(format!("\"errors\":{}", serde_json::Value::Array(body.errors.clone())));
    }
    if let Some(extensions) = &body.extensions {
        parts.push(format!("\"extensions\":{extensions}"));
    }
    ResponseView::json(&format!("{{{}}}", parts.join(",")))
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
    fn a_token_in_a_save_request_is_redacted_in_debug() {
        let request: SaveProfileRequest = serde_json::from_value(json!({
            "name": "ci", "endpoint": "https://example.com/graphql", "auth": "bearer", "headerName": null,
            "token": "sentinel-7d1f"
        }))
        .unwrap();
        assert!(!format!("{request:?}").contains("sentinel-7d1f"));
    }
}
