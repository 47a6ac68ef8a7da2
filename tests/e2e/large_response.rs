//! Scenario 6: a 20 MB response is shown (size, lines on screen) while the editor keeps taking
//! typing, and scrolling renders further lines.

use crate::harness::{App, DEADLINE};
use crate::steps::{body_lines, run_against, use_endpoint};
use demo_server::{DemoConfig, DemoServer, Mode};
use std::time::Duration;

const BYTES: usize = 20_000_000;

/// A 20 MB answer is received, parsed and pretty-printed once: more than a step, in a debug build.
const LARGE_DEADLINE: Duration = Duration::from_secs(60);

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_20_mb_response_is_shown_and_the_editor_keeps_working() {
    let config = DemoConfig { mode: Mode::Large { bytes: BYTES }, ..DemoConfig::default() };
    let server = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("large_response").await;
    use_endpoint(&app, &server.url()).await;
    app.set_editor_text("{ projects { edges { node { name } } } }").await;

    let status = run_against(&app, &server, LARGE_DEADLINE).await;
    assert!(status.contains("200"), "#response-status {status:?}, #response-message {:?}", app.text_of("response-message").await);
    let size = app
        .wait_until("about 20 MB in #response-size", LARGE_DEADLINE, async || {
            let text = app.text_of("response-size").await;
            match size_in_bytes(&text) {
                Some(bytes) if (18_500_000.0..=21_500_000.0).contains(&bytes) => Ok(text),
                _ => Err(format!("{text:?}")),
            }
        })
        .await;
    println!("#response-size {size:?}");
    let first_lines = app
        .wait_until(".json-line elements in #response-body", LARGE_DEADLINE, async || {
            let lines = body_lines(&app).await;
            if lines.is_empty() { Err("none".to_string()) } else { Ok(lines) }
        })
        .await;
    assert!(first_lines.len() < 2_000, "{} lines in the DOM: the view renders only what is on screen", first_lines.len());
    app.shot("large-response").await;

    // The editor still takes typing.
    app.set_editor_text("{ me { name } }").await;
    app.shot("typed-after-large-response").await;

    // Scrolling far down renders lines that were not there.
    let script = "const body = document.getElementById('response-body');\
                  const scrollable = [body, ...body.querySelectorAll('*')].find((e) => e.scrollHeight > e.clientHeight + 1);\
                  if (!scrollable) return null;\
                  scrollable.scrollTop = scrollable.scrollHeight / 2;\
                  scrollable.dispatchEvent(new Event('scroll'));\
                  return scrollable.scrollTop;";
    let scrolled = app.script(script, vec![]).await;
    assert!(scrolled.as_f64().is_some_and(|top| top > 0.0), "nothing in #response-body scrolls: {scrolled}");
    let middle = app
        .wait_until("lines from the middle of the response after scrolling", DEADLINE, async || {
            let lines = body_lines(&app).await;
            let new = lines.iter().any(|line| !first_lines.contains(line) && line.contains("large-"));
            if new { Ok(lines) } else { Err(format!("{} lines, none new", lines.len())) }
        })
        .await;
    println!("after scrolling: {:?}", middle.first());
    app.shot("scrolled").await;
    app.close().await;
    server.shutdown().await;
}

/// "19.1 MB", "20 MB", "20,000 kB" as bytes (MB read as 10^6 or 2^20, whichever the UI meant).
fn size_in_bytes(text: &str) -> Option<f64> {
    let text = text.replace(',', "");
    let number: f64 = crate::harness::leading_number(&text)?;
    let unit = text.trim().trim_start_matches(|c: char| c.is_ascii_digit() || c == '.').trim().to_lowercase();
    let scale = match unit.as_str() {
        "mb" => 1e6,
        "mib" => 1_048_576.0,
        "kb" => 1e3,
        "kib" => 1024.0,
        "b" | "bytes" => 1.0,
        _ => return None,
    };
    Some(number * scale)
}
