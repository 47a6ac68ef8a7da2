//! Requests: the demo endpoint, schemas from endpoints, Run and its response, the rate limit.

use connection::{Operation, SchemaSource as FetchedFrom};
use net::Endpoint;
use tauri::State;

use crate::ipc::network::{
    self, EndpointRequest, FetchSchemaRequest, RateLimitShown, ResponseLinesRequest, RunRequest, RunResult,
};
use crate::ipc::{self, IpcError, SchemaSource, SchemaStatus};
use crate::state::{CurrentSchema, LoadedSchema, Network};

/// The built-in demo endpoint's URL; its server starts on loopback the first time.
#[tauri::command]
pub async fn demo_endpoint(network: State<'_, Network>) -> Result<String, IpcError> {
    network.demo_url().await
}

/// The endpoint's schema, from the cache unless `refresh`, made the current schema.
#[tauri::command]
pub async fn fetch_schema(
    network: State<'_, Network>,
    current: State<'_, CurrentSchema>,
    request: FetchSchemaRequest,
) -> Result<SchemaStatus, IpcError> {
    let session = network.session()?;
    let endpoint = Endpoint::parse(&request.endpoint)?;
    let cancel = net::CancellationToken::new();
    let fetched = session.schema(&endpoint, request.profile.as_deref(), request.refresh, &cancel).await?;
    let (from_cache, fetched_at) = match fetched.source {
        FetchedFrom::Cache { fetched_at, .. } => (true, fetched_at),
        FetchedFrom::Fetched { fetched_at, .. } => (false, fetched_at),
    };
    let source = SchemaSource::Endpoint {
        url: endpoint.as_str().to_owned(),
        from_cache,
        fetched_at_unix_ms: fetched_at.saturating_mul(1000),
    };
    let mut loaded = LoadedSchema::new(fetched.loaded, source);
    loaded.warnings.extend(fetched.cache_note);
    Ok(current.replace(loaded))
}

#[tauri::command]
pub async fn run(network: State<'_, Network>, request: RunRequest) -> Result<RunResult, IpcError> {
    let session = network.session()?;
    let endpoint = Endpoint::parse(&request.endpoint)?;
    let operation = Operation {
        endpoint: endpoint.clone(),
        profile: request.profile.clone(),
        document: request.document,
        operation_name: request.operation_name,
        variables: ipc::parse_variables(&request.variables_json)?,
        headers: parse_headers(&request.headers_json)?,
        override_rate_limit: request.override_rate_limit,
    };
    let cancel = network.begin_request();
    let sent = session.send(operation, &cancel).await?;
    // Laying out a large body takes tens of milliseconds: not on an async worker.
    let (sent, view) = super::blocking(move || {
        let view = network::response_view(&sent.outcome);
        Ok((sent, view))
    })
    .await?;
    let outcome = network::run_outcome(&sent.outcome, view.line_count());
    let rate_limit = sent
        .budget
        .as_ref()
        .map(|budget| RateLimitShown::new(budget, session.gate(&endpoint, request.profile.as_deref())));
    let response_id = network.keep_response(sent.outcome, view);
    Ok(RunResult { response_id, outcome, rate_limit, warning: sent.warning })
}

/// Stops the request in flight, if any; its Run answers with a "cancelled" failure.
#[tauri::command]
pub async fn cancel_run(network: State<'_, Network>) -> Result<(), IpcError> {
    network.cancel_request();
    Ok(())
}

/// Lines `from..to` of the last response, for the lines on screen.
#[tauri::command]
pub async fn response_lines(network: State<'_, Network>, request: ResponseLinesRequest) -> Result<Vec<String>, IpcError> {
    Ok(network
        .response_view(request.response_id)
        .map(|view| view.lines(request.from as usize..request.to as usize))
        .unwrap_or_default())
}

/// The last response's whole body (GraphQL errors included), pretty-printed, for Copy response.
#[tauri::command]
pub async fn response_text(network: State<'_, Network>, request: ResponseLinesRequest) -> Result<String, IpcError> {
    let Some(outcome) = network.response_outcome(request.response_id) else { return Ok(String::new()) };
    super::blocking(move || Ok(network::response_copy(&outcome))).await
}

/// The rate-limit panel of an endpoint and profile, as the last answer left it.
#[tauri::command]
pub async fn rate_limit(network: State<'_, Network>, request: EndpointRequest) -> Result<Option<RateLimitShown>, IpcError> {
    let session = network.session()?;
    let endpoint = Endpoint::parse(&request.endpoint)?;
    let profile = request.profile.as_deref();
    Ok(session.budget(&endpoint, profile).map(|budget| RateLimitShown::new(&budget, session.gate(&endpoint, profile))))
}

/// The headers editor's text: a JSON object whose values are strings.
fn parse_headers(text: &str) -> Result<Vec<(String, String)>, IpcError> {
    if text.trim().is_empty() {
        return Ok(Vec::new());
    }
    let invalid = |message: String| IpcError::InvalidHeaders { message };
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|error| invalid(format!("The headers are not JSON: {error}")))?;
    let serde_json::Value::Object(map) = value else {
        return Err(invalid("The headers must be a JSON object such as {\"X-Api-Key\": \"…\"}.".into()));
    };
    map.into_iter()
        .map(|(name, value)| match value {
            serde_json::Value::String(value) => Ok((name, value)),
            // The value is not repeated: it may be a credential.
            _ => Err(invalid(format!("The header {name:?} must have a string value."))),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::parse_headers;

    #[test]
    fn headers_are_a_json_object_of_strings() {
        let cases: &[(&str, Result<&[(&str, &str)], &str>)] = &[
            ("", Ok(&[])),
            ("  {} ", Ok(&[])),
            (r#"{"X-Api-Key": "k", "Accept-Language": "fr"}"#, Ok(&[("Accept-Language", "fr"), ("X-Api-Key", "k")])),
            ("[]", Err("must be a JSON object")),
            (r#"{"X-Count": 3}"#, Err("\"X-Count\" must have a string value")),
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
}
