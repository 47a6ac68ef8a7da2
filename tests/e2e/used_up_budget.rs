//! Scenario 4: once the budget is used up, Run stays disabled with a countdown until the window
//! has passed; nothing is sent meanwhile (neither the button nor Ctrl+Enter) except the one request
//! of Send anyway, which the server refuses with 429; then Run works again.

use crate::harness::{App, DEADLINE};
use crate::steps::{run_against, use_endpoint};
use demo_server::{DemoConfig, DemoServer};
use fantoccini::key::Key;
use std::time::Duration;

/// Long enough that the steps between the last allowed request and Send anyway fit in one window.
const WINDOW: Duration = Duration::from_secs(10);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_used_up_budget_closes_the_gate_until_the_window_passes() {
    let config = DemoConfig { budget: 2, window: WINDOW, ..DemoConfig::default() };
    let server = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("used_up_budget").await;
    use_endpoint(&app, &server.url()).await;
    // Choosing an endpoint costs exactly one request: its introspection (Enter and `change` both
    // commit the URL; the schema must not be fetched twice).
    let address = server.local_addr().to_string();
    app.wait_until("the endpoint's schema", DEADLINE, async || {
        let source = app.text_of("schema-source").await;
        if source.contains(&address) { Ok(()) } else { Err(source) }
    })
    .await;
    assert_eq!(server.request_count(), 1, "requests after choosing the endpoint: {:?}", server.requests());
    app.set_editor_text("{ projects { edges { node { name } } } }").await;

    // The budget is two requests per window. The gate closes once it is used up: on the budget the
    // answers report (remaining 0), or at the latest on a 429.
    let mut statuses = Vec::new();
    while !gate_closed(&app).await {
        assert!(statuses.len() < 3, "the gate is still open after three runs of a budget of two: {statuses:?}");
        statuses.push(run_against(&app, &server, DEADLINE).await);
    }
    println!("statuses until the gate closed: {statuses:?}");
    app.shot("gate-closed").await;

    app.wait_until("Run disabled, a retry countdown and Send anyway", DEADLINE, async || {
        let run_enabled = app.is_enabled("run").await;
        let retry = app.is_displayed("rate-limit-retry").await.then_some(app.text_of("rate-limit-retry").await);
        let override_shown = app.is_displayed("run-override").await;
        match (&retry, run_enabled, override_shown) {
            (Some(text), false, true) if text.chars().any(|c| c.is_ascii_digit()) => Ok(()),
            _ => Err(format!("Run enabled: {run_enabled}, #rate-limit-retry: {retry:?}, #run-override shown: {override_shown}")),
        }
    })
    .await;
    println!("#rate-limit-retry: {:?}", app.text_of("rate-limit-retry").await);

    // Ctrl+Enter in the editor is Run too: with the gate closed it sends nothing (checked below,
    // while waiting for the gate to open).
    let n_sent = server.request_count();
    app.focus_editor().await;
    app.press(&[Key::Control], &[Key::Enter]).await;

    // Send anyway sends exactly one request past the gate; the server refuses it with 429.
    app.click("run-override").await;
    app.wait_until("the request sent anyway to reach the server", DEADLINE, async || {
        let n = server.request_count();
        if n > n_sent { Ok(()) } else { Err(format!("{n} requests")) }
    })
    .await;
    let status = app
        .wait_until("the answer to the request sent anyway", DEADLINE, async || {
            let status = app.text_of("response-status").await;
            if status.contains("429") {
                Ok(status)
            } else {
                Err(format!("#response-status {status:?} (200 would mean the {WINDOW:?} window passed before Send anyway)"))
            }
        })
        .await;
    println!("sent anyway: {status:?}");
    assert_eq!(server.request_count(), n_sent + 1, "Send anyway sends one request");
    let n_sent = n_sent + 1;
    app.shot("429").await;

    app.wait_until("Run to be enabled again once the window has passed", WINDOW + Duration::from_secs(5), async || {
        let n_now = server.request_count();
        assert_eq!(n_now, n_sent, "a request was sent while the rate-limit gate was closed");
        if app.is_enabled("run").await {
            Ok(())
        } else {
            Err(format!("Run disabled, #rate-limit-retry {:?}", app.text_of("rate-limit-retry").await))
        }
    })
    .await;
    assert_eq!(server.request_count(), n_sent, "a request was sent while the rate-limit gate was closed");
    assert!(!app.is_displayed("run-override").await, "Send anyway is hidden once the gate is open");
    app.shot("gate-open").await;

    let status = run_against(&app, &server, DEADLINE).await;
    assert!(status.contains("200"), "after the window: #response-status {status:?}");
    app.shot("run-again").await;
    app.close().await;
    server.shutdown().await;
}

/// Whether the rate-limit gate is closed: Run disabled and the retry countdown shown.
async fn gate_closed(app: &App) -> bool {
    app.is_displayed("rate-limit-retry").await && !app.is_enabled("run").await
}
