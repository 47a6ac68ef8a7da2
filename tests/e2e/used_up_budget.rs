//! Scenario 4: once the budget is used up, Run stays disabled with a countdown; nothing is sent
//! meanwhile (neither the button nor Ctrl+Enter) except the one request of each Send anyway. When
//! the server's window has ended (the test ends it: no clock is waited for), Send anyway's success
//! opens the gate and Run works again.

use crate::harness::{App, DEADLINE};
use crate::steps::{run_against, shown_answer, use_endpoint};
use demo_server::{DemoConfig, DemoServer};
use fantoccini::key::Key;
use std::time::Duration;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_used_up_budget_closes_the_gate_until_the_window_passes() {
    let config = DemoConfig { budget: 2, window: Duration::from_secs(3600), ..DemoConfig::default() };
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
        let retry = if app.is_displayed("rate-limit-retry").await { Some(app.text_of("rate-limit-retry").await) } else { None };
        let override_shown = app.is_displayed("run-override").await;
        match (&retry, run_enabled, override_shown) {
            (Some(text), false, true) if text.chars().any(|c| c.is_ascii_digit()) => Ok(()),
            _ => Err(format!("Run enabled: {run_enabled}, #rate-limit-retry: {retry:?}, #run-override shown: {override_shown}")),
        }
    })
    .await;
    println!("#rate-limit-retry: {:?}", app.text_of("rate-limit-retry").await);

    // Ctrl+Enter in the editor is Run too: with the gate closed it sends nothing.
    let n_sent = server.request_count();
    app.focus_editor().await;
    app.press(&[Key::Control], &[Key::Enter]).await;

    // Send anyway sends exactly one request past the gate; the server refuses it with 429.
    let status = send_anyway(&app, "429").await;
    println!("sent anyway: {status:?}");
    assert_eq!(server.request_count(), n_sent + 1, "Ctrl+Enter sent nothing; Send anyway sent one request");
    app.shot("429").await;
    // The 429's Retry-After keeps the gate closed: Ctrl+Enter still sends nothing.
    app.focus_editor().await;
    app.press(&[Key::Control], &[Key::Enter]).await;
    assert!(gate_closed(&app).await, "the gate is closed after a 429");

    // The server's window ends. Send anyway gets through; its success opens the gate.
    server.end_window();
    send_anyway(&app, "200").await;
    assert_eq!(server.request_count(), n_sent + 2, "nothing was sent while the gate was closed but the two Send anyway");
    app.wait_until("Run to be enabled again", DEADLINE, async || {
        if app.is_enabled("run").await && !app.is_displayed("run-override").await {
            Ok(())
        } else {
            Err(format!("Run disabled, #rate-limit-retry {:?}", app.text_of("rate-limit-retry").await))
        }
    })
    .await;
    app.shot("gate-open").await;

    let status = run_against(&app, &server, DEADLINE).await;
    assert!(status.contains("200"), "after the window: #response-status {status:?}");
    app.shot("run-again").await;
    app.close().await;
    server.shutdown().await;
}

/// Clicks Send anyway and waits until the response pane shows its answer, which must be `status`.
async fn send_anyway(app: &App, status: &str) -> String {
    let before = app.attr_of("response-status", "data-response-id").await;
    app.click("run-override").await;
    app.wait_until(&format!("a new answer, {status}, in #response-status"), DEADLINE, async || {
        let now = shown_answer(app).await;
        let (shown, id, pending) = (now.status, now.id, now.pending);
        if id != before && !pending {
            assert!(shown.contains(status), "Send anyway answered {shown:?}, expected {status}");
            Ok(shown)
        } else {
            Err(format!("#response-status {shown:?}, pending {pending}"))
        }
    })
    .await
}

/// Whether the rate-limit gate is closed: Run disabled and the retry countdown shown.
async fn gate_closed(app: &App) -> bool {
    app.is_displayed("rate-limit-retry").await && !app.is_enabled("run").await
}
