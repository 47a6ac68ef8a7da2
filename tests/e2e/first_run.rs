//! Scenario 1, first run: the Demo API is chosen and its schema loaded; completion offers fields;
//! a valid query runs with status, time, data and the rate-limit budget, and a second run uses one
//! more request of it.

use crate::harness::{App, DEADLINE, assert_contains};
use crate::steps::{body_lines, rate_limit, shown_response_header, wait_for_schema};

/// Names of the demo server's sample projects (demo-server/src/data.rs).
const SAMPLE_PROJECTS: [&str; 3] = ["acme-shop", "weather-bot", "sandbox"];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_completes_and_runs_against_the_demo_api() {
    let app = App::start("first_run").await;
    let n_types = wait_for_schema(&app).await;
    app.shot("schema-loaded").await;
    println!("the demo schema has {n_types} types");

    // Completion: `{ pro` offers both fields; Enter accepts the chosen one.
    app.clear_editor().await;
    app.type_in_editor("{ pro").await;
    app.wait_for_completions(&["project", "projects"]).await;
    app.shot("completion-list").await;
    app.accept_completion("projects").await;
    app.wait_until("the accepted completion in the editor", DEADLINE, async || {
        let text = app.editor_text().await;
        if text.contains("projects") { Ok(()) } else { Err(format!("{text:?}")) }
    })
    .await;
    app.shot("completion-accepted").await;
    app.set_editor_text("{ projects { edges { node { name } } } }").await;
    app.shot("query-written").await;

    // The endpoint of a first run is the built-in Demo API.
    let kind = app.prop_of("endpoint-kind", "value").await;
    assert_eq!(kind.as_deref(), Some("demo"), "#endpoint-kind on a first run");

    app.click("run").await;
    let status = app
        .wait_until("a 200 in #response-status", DEADLINE, async || {
            let status = app.text_of("response-status").await;
            if status.contains("200") { Ok(status) } else { Err(format!("{status:?}, #response-message {:?}", app.text_of("response-message").await)) }
        })
        .await;
    println!("status {status:?}");
    let time = app.text_of("response-time").await;
    assert!(!time.trim().is_empty(), "#response-time is empty after a response");
    let body = app
        .wait_until("a sample project's name in #response-body", DEADLINE, async || {
            let text = body_lines(&app).await.join("\n");
            if SAMPLE_PROJECTS.iter().any(|name| text.contains(name)) { Ok(text) } else { Err(format!("{text:?}")) }
        })
        .await;
    assert_contains(&body, "\"data\"", "the response body");
    app.shot("first-response").await;

    // The rate-limit panel shows the server's budget.
    let (remaining, limit) = app
        .wait_until("the budget in #rate-limit-remaining", DEADLINE, async || {
            rate_limit(&app).await.ok_or_else(|| "no data-remaining / data-limit".to_string())
        })
        .await;
    assert!(remaining < limit, "one request was counted: {remaining} of {limit}");
    assert_eq!(app.text_of("rate-limit-remaining").await.trim(), format!("{remaining} of {limit} left"));
    let header = shown_response_header(&app, "x-ratelimit-limit").await.expect("the response's headers list X-RateLimit-Limit");
    assert_eq!(header, limit.to_string(), "the panel's limit is the server's X-RateLimit-Limit");
    let header = shown_response_header(&app, "x-ratelimit-remaining").await.expect("the response's headers list X-RateLimit-Remaining");
    assert_eq!(header, remaining.to_string(), "the panel's remaining is the server's X-RateLimit-Remaining");

    // Another run costs exactly one request.
    app.click("run").await;
    let after = app
        .wait_until("the budget to change after a second run", DEADLINE, async || match rate_limit(&app).await {
            Some((now, _)) if now != remaining => Ok(now),
            other => Err(format!("{other:?}")),
        })
        .await;
    assert_eq!(after, remaining - 1, "a second run uses one request of the budget");
    app.shot("second-response").await;
    app.close().await;
}
