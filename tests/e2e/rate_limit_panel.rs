//! The rate-limit panel says one thing at a time: one countdown that ticks, and once the window has
//! reset, no longer the count of the window that ended.

use crate::harness::{App, DEADLINE};
use crate::steps::{run_against, use_endpoint, wait_for_schema};
use demo_server::{DemoConfig, DemoServer};
use std::time::Duration;

/// Issue 10, item 5: the panel showed three countdowns at once (reset, retry after, and a sentence
/// that never ticked) and still said "0 of 3 left" after the window had reset.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_panel_shows_one_countdown_and_forgets_an_ended_window() {
    // A short window, so that the test can see it end.
    let config = DemoConfig { budget: 3, window: Duration::from_secs(5), ..DemoConfig::default() };
    let server = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("rate_limit_panel").await;
    use_endpoint(&app, &server.url()).await;
    wait_for_schema(&app).await;
    app.set_editor_text("{ projects { edges { node { name } } } }").await;
    let mut runs = 0;
    while !(app.is_displayed("rate-limit-retry").await && !app.is_enabled("run").await) {
        assert!(runs < 3, "the gate is still open after the budget of three was used");
        run_against(&app, &server, DEADLINE).await;
        runs += 1;
    }
    app.shot("gate-closed").await;
    let countdowns = [
        ("rate-limit-reset", app.is_displayed("rate-limit-reset").await && !app.text_of("rate-limit-reset").await.trim().is_empty()),
        ("rate-limit-retry", app.is_displayed("rate-limit-retry").await),
        ("rate-limit-warning", app.is_displayed("rate-limit-warning").await && app.text_of("rate-limit-warning").await.chars().any(|c| c.is_ascii_digit())),
    ];
    let shown: Vec<_> = countdowns.iter().filter(|(_, shown)| *shown).map(|(id, _)| *id).collect();
    assert_eq!(shown, ["rate-limit-retry"], "one countdown while the gate is closed");

    // The countdown ticks.
    let first = app.text_of("rate-limit-retry").await;
    app.wait_until("the countdown to tick", DEADLINE, async || {
        let now = app.text_of("rate-limit-retry").await;
        if now != first || !app.is_displayed("rate-limit-retry").await { Ok(()) } else { Err(now) }
    })
    .await;

    // The window ends: the panel no longer says "0 of 3 left", and Run works again.
    app.wait_until("the panel to say the window has reset", Duration::from_secs(20), async || {
        let remaining = app.text_of("rate-limit-remaining").await;
        let reset = app.attr_of("rate-limit-remaining", "data-window-reset").await;
        if reset.as_deref() == Some("true") && !remaining.contains("0 of 3") && app.is_enabled("run").await {
            Ok(())
        } else {
            Err(format!("{remaining:?}, data-window-reset {reset:?}"))
        }
    })
    .await;
    app.shot("window-reset").await;
    app.close().await;
    server.shutdown().await;
}
