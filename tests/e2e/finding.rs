//! Find in the response: Ctrl+F in the response pane, the count, Enter and Shift+Enter through the
//! lines found, each marked and scrolled into view. (Issue 10, item 9: there was no Find.)

use crate::harness::{App, DEADLINE};
use crate::steps::{wait_for_answer, wait_for_body_text, wait_for_schema};
use fantoccini::key::Key;

async fn found(app: &App) -> (String, String) {
    let marked = app.script("return document.querySelector('#response-body .json-found')?.textContent ?? ''", vec![]).await;
    (app.text_of("response-find-count").await, marked.as_str().unwrap_or_default().to_owned())
}

async fn wait_for_found(app: &App, count: &str, marked: &str) {
    app.wait_until(&format!("Find to say {count:?} with a line holding {marked:?} marked"), DEADLINE, async || {
        let (shown, line) = found(app).await;
        if shown == count && line.contains(marked) { Ok(()) } else { Err(format!("{shown:?}, marked {line:?}")) }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_f_finds_in_the_response_and_enter_walks_the_lines_found() {
    let app = App::start("finding").await;
    wait_for_schema(&app).await;
    app.set_editor_text("{ projects { edges { node { name services { edges { node { name icon } } } } } } }").await;
    app.click("run").await;
    assert!(wait_for_answer(&app, DEADLINE).await.starts_with("200"));
    wait_for_body_text(&app, "\"icon\"", DEADLINE).await;
    app.click("response-body").await;
    app.press_ctrl('f').await;
    app.wait_until("the Find box to have the keyboard", DEADLINE, async || {
        let focused = app.script("return document.activeElement?.id ?? ''", vec![]).await;
        if focused == "response-find" { Ok(()) } else { Err(focused.to_string()) }
    })
    .await;
    app.type_at_cursor("ICON").await;
    // Counted in Rust over the whole body (the page holds only the lines on screen).
    let icons = app
        .wait_until("Find to count the lines with icon", DEADLINE, async || {
            let count = app.text_of("response-find-count").await;
            match count.strip_prefix("1 of ").and_then(|n| n.parse::<usize>().ok()) {
                Some(n) if n >= 2 => Ok(n),
                _ => Err(count),
            }
        })
        .await;
    wait_for_found(&app, &format!("1 of {icons}"), "\"icon\"").await;
    let first = found(&app).await.1;
    app.press(&[], &[Key::Enter]).await;
    wait_for_found(&app, &format!("2 of {icons}"), "\"icon\"").await;
    app.press(&[Key::Shift], &[Key::Enter]).await;
    wait_for_found(&app, &format!("1 of {icons}"), &first).await;
    app.shot("found").await;

    app.press_ctrl('a').await;
    app.type_at_cursor("no such text").await;
    wait_for_found(&app, "No match", "").await;
    app.close().await;
}
