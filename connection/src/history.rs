//! What a run leaves in the history (`store::history`), the same from the app and the command line:
//! what was sent (never a header, never a token: an [`Operation`]'s credentials give only the
//! profile's name) and how it went.

use store::EndpointChoice;
use store::history::Run;

use crate::session::{Operation, SendError, Sent, Streamed};

/// The history record of `operation` sent to `endpoint` (the Demo API, or its URL), with what came
/// of it. `from` says which front end ran it (`app`, `cli`).
pub fn run_record(operation: &Operation, endpoint: EndpointChoice, result: &Result<Sent, SendError>, from: &str, at_unix_ms: i64) -> Run {
    let mut run = sent_record(operation, endpoint, from, at_unix_ms);
    match result {
        Ok(sent) => {
            match &sent.outcome {
                net::Outcome::Response(response) => {
                    run.status = Some(response.status);
                    run.graphql_errors = response.graphql().is_some_and(|body| !body.errors.is_empty());
                    run.duration_ms = Some(millis(response.timings.total));
                    run.size_bytes = Some(response.body_bytes);
                }
                net::Outcome::Failure(failure) => {
                    run.failure = Some(failure.message.clone());
                    run.status = failure.partial.as_ref().map(|partial| partial.status);
                    run.duration_ms = Some(millis(failure.timings.total));
                }
            }
            if let Some(budget) = &sent.budget {
                run.budget_remaining = budget.remaining;
                run.budget_limit = budget.limit;
            }
        }
        // Not sent (rate limited, no token…): recorded too, so that the attempt is not lost.
        Err(error) => run.failure = Some(error.to_string()),
    }
    run
}

/// The history record of a stream (a subscription, an `@defer` query): how many events came, how
/// it ended and what the budget was after. A stream that did not end as the server meant it to
/// (or could not start) has a `failure`.
pub fn stream_record(operation: &Operation, endpoint: EndpointChoice, result: &Result<Streamed, SendError>, from: &str, at_unix_ms: i64) -> Run {
    let mut run = sent_record(operation, endpoint, from, at_unix_ms);
    match result {
        Ok(streamed) => {
            run.events = Some(streamed.events);
            run.stream_end = Some(streamed.end.message());
            run.duration_ms = Some(millis(streamed.duration));
            if !streamed.end.is_success() {
                run.failure = Some(streamed.end.message());
            }
            if let Some(budget) = &streamed.budget {
                run.budget_remaining = budget.remaining;
                run.budget_limit = budget.limit;
            }
        }
        Err(error) => {
            run.events = Some(0);
            run.failure = Some(error.to_string());
        }
    }
    run
}

/// What every record says: when, from where, to which endpoint as which profile, what was sent.
fn sent_record(operation: &Operation, endpoint: EndpointChoice, from: &str, at_unix_ms: i64) -> Run {
    Run {
        at_unix_ms,
        from: from.to_owned(),
        endpoint,
        profile: operation.credentials.profile.clone(),
        operation_name: operation.operation_name.clone(),
        document: operation.document.clone(),
        variables: if operation.variables.is_null() { String::new() } else { operation.variables.to_string() },
        status: None,
        failure: None,
        graphql_errors: false,
        duration_ms: None,
        size_bytes: None,
        budget_remaining: None,
        budget_limit: None,
        events: None,
        stream_end: None,
    }
}

fn millis(duration: std::time::Duration) -> f64 {
    duration.as_secs_f64() * 1000.0
}

/// Milliseconds since the Unix epoch, for [`run_record`].
pub fn unix_now_ms() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
}
