//! Tabs as a person uses them: each keeps its own document, response and name; new, rename,
//! duplicate, move, close and reopen from the keyboard; all of it back after a restart, and what
//! was typed up to a second before a `kill -9` too.

use std::time::Duration;

use crate::harness::{App, DEADLINE};
use crate::steps::{wait_for_answer, wait_for_schema};
use fantoccini::key::Key;

/// The tab strip as shown: each tab's title, and the one in front.
async fn strip(app: &App) -> (Vec<String>, String) {
    let script = "const tabs = Array.from(document.querySelectorAll('#tabs .tab'));\
                  return [tabs.map((tab) => tab.querySelector('.tab-title').textContent),\
                          tabs.find((tab) => tab.getAttribute('aria-selected') === 'true')?.querySelector('.tab-title').textContent ?? ''];";
    let value = app.script(script, vec![]).await;
    let titles = value[0].as_array().map(|titles| titles.iter().filter_map(|title| title.as_str().map(str::to_owned)).collect()).unwrap_or_default();
    (titles, value[1].as_str().unwrap_or_default().to_owned())
}

async fn wait_for_strip(app: &App, titles: &[&str], active: &str) {
    app.wait_until(&format!("the tabs {titles:?} with {active:?} in front"), DEADLINE, async || {
        let (shown, front) = strip(app).await;
        if shown == titles && front == active { Ok(()) } else { Err(format!("{shown:?}, {front:?} in front")) }
    })
    .await;
}

async fn wait_for_editor(app: &App, text: &str) {
    app.wait_until(&format!("the query editor to hold {text:?}"), DEADLINE, async || {
        let now = app.editor_text().await;
        if now == text { Ok(()) } else { Err(format!("{now:?}")) }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tabs_keep_their_own_work_and_come_back_after_a_restart() {
    let mut app = App::start("tabs").await;
    wait_for_schema(&app).await;
    wait_for_strip(&app, &["Project"], "Project").await;
    let first_document = app.editor_text().await;

    // A new tab: empty, at the same endpoint; its own document and response.
    app.focus_editor().await;
    app.press_with(&[Key::Control], 't').await;
    wait_for_strip(&app, &["Project", "Untitled"], "Untitled").await;
    assert!(app.is_displayed("response-empty").await, "a new tab has no response yet");
    app.set_editor_text("query Account { me { email } }").await;
    app.click("run").await;
    let status = wait_for_answer(&app, DEADLINE).await;
    assert!(status.starts_with("200"), "#response-status {status:?}");
    wait_for_strip(&app, &["Project", "Account"], "Account").await;

    // Back to the first: its document, and no response (it has not run).
    app.press(&[Key::Control, Key::Shift], &[Key::Tab]).await;
    wait_for_strip(&app, &["Project", "Account"], "Project").await;
    wait_for_editor(&app, &first_document).await;
    assert!(app.is_displayed("response-empty").await, "the first tab's pane is its own, empty");
    // And forward again: the second tab's response is still there.
    app.press(&[Key::Control], &[Key::Tab]).await;
    wait_for_strip(&app, &["Project", "Account"], "Account").await;
    crate::steps::wait_for_body_text(&app, "\"email\"", DEADLINE).await;
    app.shot("second-tab").await;

    // Rename (F2), duplicate (Ctrl+Shift+D), move left (Ctrl+Shift+PageUp).
    app.press(&[], &[Key::F2]).await;
    app.wait_for("#tab-rename", DEADLINE).await;
    app.press_ctrl('a').await;
    app.type_at_cursor("My account").await;
    app.press(&[], &[Key::Enter]).await;
    wait_for_strip(&app, &["Project", "My account"], "My account").await;
    app.press_with(&[Key::Control, Key::Shift], 'd').await;
    wait_for_strip(&app, &["Project", "My account", "My account (copy)"], "My account (copy)").await;
    wait_for_editor(&app, "query Account { me { email } }").await;
    app.press(&[Key::Control, Key::Shift], &[Key::PageUp]).await;
    wait_for_strip(&app, &["Project", "My account (copy)", "My account"], "My account (copy)").await;

    // Close (Ctrl+W): the next tab comes forward. Reopen (Ctrl+Shift+T): back with its text.
    app.set_editor_text("query Copy { me { name } }").await;
    app.press_with(&[Key::Control], 'w').await;
    wait_for_strip(&app, &["Project", "My account"], "My account").await;
    app.press_with(&[Key::Control, Key::Shift], 't').await;
    wait_for_strip(&app, &["Project", "My account", "My account (copy)"], "My account (copy)").await;
    wait_for_editor(&app, "query Copy { me { name } }").await;

    // Closing with the button; then the strip after a restart: same tabs, order, names, front tab.
    app.shot("before-close").await;
    let close = app.wait_for(".tab[aria-selected=\"true\"] .tab-close", DEADLINE).await;
    close.click().await.expect("the close button is clicked");
    wait_for_strip(&app, &["Project", "My account"], "My account").await;
    app.restart().await;
    wait_for_strip(&app, &["Project", "My account"], "My account").await;
    wait_for_editor(&app, "query Account { me { email } }").await;
    app.close().await;
}

/// Issue 10: nothing typed more than a second before a `kill -9` is lost.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn what_was_typed_a_second_before_a_kill_is_there_after_it() {
    let mut app = App::start("tabs_killed").await;
    wait_for_schema(&app).await;
    app.focus_editor().await;
    app.press_with(&[Key::Control], 't').await;
    wait_for_strip(&app, &["Project", "Untitled"], "Untitled").await;
    app.set_editor_text("query Typed { me { email } }").await;
    app.set_editor_text_of("variables-input", "{\"kept\": true}").await;
    // The promise under test: a second after the last key, the text is safe. (A fixed wait is the
    // point here: the test must not learn from the app when it has saved.)
    tokio::time::sleep(Duration::from_secs(1)).await;
    app.kill_and_restart().await;
    wait_for_strip(&app, &["Project", "Typed"], "Typed").await;
    wait_for_editor(&app, "query Typed { me { email } }").await;
    assert_eq!(app.editor_text_of("variables-input").await, "{\"kept\": true}");
    app.close().await;
}
