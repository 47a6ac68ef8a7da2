//! The history of runs in the real window (issue 12): a run appears, is found by a word, and
//! opens into a new tab with its document, variables and endpoint; it is there after a restart.

use crate::harness::{App, DEADLINE};
use crate::steps::{wait_for_answer, wait_for_schema};
use fantoccini::key::Key;

async fn entry_titles(app: &App) -> Vec<String> {
    let titles = app.script("return [...document.querySelectorAll('#history-entries .history-open')].map((b) => b.textContent)", vec![]).await;
    titles.as_array().into_iter().flatten().filter_map(|title| title.as_str().map(str::to_owned)).collect()
}

async fn wait_for_titles(app: &App, expected: &[&str]) {
    app.wait_until(&format!("the history to list {expected:?}"), DEADLINE, async || {
        let titles = entry_titles(app).await;
        if titles == expected { Ok(()) } else { Err(format!("{titles:?}")) }
    })
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_run_is_found_in_the_history_and_opens_into_a_new_tab() {
    let mut app = App::start("history").await;
    wait_for_schema(&app).await;
    app.set_editor_text_of("variables-input", "{\"first\": 2}").await;
    app.set_editor_text("query Projects($first: Int) { projects(first: $first) { edges { node { name } } } }").await;
    app.click("run").await;
    wait_for_answer(&app, DEADLINE).await;
    app.set_editor_text("query Me { me { name } }").await;
    app.click("run").await;
    wait_for_answer(&app, DEADLINE).await;

    app.press_ctrl('h').await;
    wait_for_titles(&app, &["Me", "Projects"]).await;
    app.shot("history").await;
    // Found by a word of its document; Enter opens it in a new tab.
    app.type_at_cursor("edges nod").await;
    wait_for_titles(&app, &["Projects"]).await;
    let tabs_before = app.find_all("#tab-strip .tab").await.len();
    app.press(&[], &[Key::Enter]).await;
    app.wait_until("a new tab with the run", DEADLINE, async || {
        let text = app.editor_text().await;
        let tabs = app.find_all("#tab-strip .tab").await.len();
        if tabs == tabs_before + 1 && text.starts_with("query Projects") { Ok(()) } else { Err(format!("{tabs} tabs, {text:?}")) }
    })
    .await;
    let variables = app.editor_text_of("variables-input").await;
    assert_eq!(variables, "{\n  \"first\": 2\n}\n", "its variables come with it");
    assert_eq!(app.prop_of("endpoint-kind", "value").await.as_deref(), Some("demo"), "its endpoint too");

    // Kept across a restart.
    app.restart().await;
    wait_for_schema(&app).await;
    app.click("history-toggle").await;
    wait_for_titles(&app, &["Me", "Projects"]).await;
    app.close().await;
}
