//! Editing as a person expects of a code editor: Enter indents between braces, Ctrl+F finds,
//! Tab's way out is said, problems are listed whole and lead to their line, and a name that starts
//! with what was typed comes first.

use crate::harness::{App, DEADLINE};
use crate::steps::wait_for_schema;
use fantoccini::key::Key;
use serde_json::Value;

/// Issue 10, item 9: Enter between braces did not indent.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn enter_between_braces_indents() {
    let app = App::start("editing_indent").await;
    wait_for_schema(&app).await;
    app.clear_editor().await;
    // The editor closes the brace itself.
    app.type_in_editor("query {").await;
    app.wait_until("the brace closed", DEADLINE, async || {
        let text = app.editor_text().await;
        if text == "query {}" { Ok(()) } else { Err(format!("{text:?}")) }
    })
    .await;
    // Escape first: a completion list open after a brace would take the Enter.
    app.press(&[], &[Key::Escape, Key::Enter]).await;
    app.type_at_cursor("me {").await;
    app.press(&[], &[Key::Escape, Key::Enter]).await;
    app.type_at_cursor("name").await;
    let text = app
        .wait_until("the nested lines indented", DEADLINE, async || {
            let text = app.editor_text().await;
            if text.contains("name") { Ok(text) } else { Err(format!("{text:?}")) }
        })
        .await;
    assert_eq!(text, "query {\n  me {\n    name\n  }\n}");
    // The same in the Variables editor (JSON).
    app.set_editor_text_of("variables-input", "{}").await;
    app.press(&[], &[Key::Left]).await;
    app.press(&[], &[Key::Enter]).await;
    app.type_at_cursor("\"id\": 1").await;
    app.wait_until("the variables indented", DEADLINE, async || {
        let text = app.editor_text_of("variables-input").await;
        if text == "{\n  \"id\": 1\n}" { Ok(()) } else { Err(format!("{text:?}")) }
    })
    .await;
    app.close().await;
}

/// Issue 10, item 9: there was no Find (Ctrl+F) in the editor, and Tab was captured with no hint
/// of Esc then Tab.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_f_finds_and_the_way_out_of_tab_is_said() {
    let app = App::start("editing_find").await;
    wait_for_schema(&app).await;
    app.set_editor_text("{ projects { edges { node { name id } } } me { name } }").await;
    assert_eq!(hint_visibility(&app).await, "visible", "the hint is shown while the editor has the keyboard");
    assert!(app.text_of("tab-hint").await.contains("Esc then Tab"));

    app.press_ctrl('f').await;
    app.wait_for(".cm-search input[name=search]", DEADLINE).await;
    app.type_at_cursor("name").await;
    app.press(&[], &[Key::Enter]).await;
    app.wait_until("the two matches of `name` marked", DEADLINE, async || {
        let n = app.find_all("#query-editor .cm-searchMatch").await.len();
        if n == 2 { Ok(()) } else { Err(format!("{n} marked")) }
    })
    .await;
    app.shot("find").await;
    app.press(&[], &[Key::Escape]).await;
    app.wait_until("the find panel closed", DEADLINE, async || {
        if app.exists(".cm-search").await { Err("still open".into()) } else { Ok(()) }
    })
    .await;

    // Tab indents; Esc then Tab leaves the editor.
    app.focus_editor().await;
    app.press(&[], &[Key::Escape]).await;
    app.press(&[], &[Key::Tab]).await;
    let inside = app.script("return !!document.activeElement.closest('.cm-editor')", vec![]).await;
    assert_eq!(inside, Value::from(false), "Esc then Tab moves the focus out of the editor");
    assert_eq!(hint_visibility(&app).await, "hidden", "the hint goes with the editor's focus");
    app.close().await;
}

async fn hint_visibility(app: &App) -> String {
    let visibility = app.script("return getComputedStyle(document.getElementById('tab-hint')).visibility", vec![]).await;
    visibility.as_str().unwrap_or_default().to_string()
}

/// Issue 10, item 8: entries of Problems could not be clicked to move to their line, and the list
/// cut its fifth entry.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn problems_are_listed_whole_and_lead_to_their_line() {
    let app = App::start("editing_problems").await;
    wait_for_schema(&app).await;
    // A field per line (typed as a person types: the editor closes the braces and indents).
    app.clear_editor().await;
    app.type_in_editor("{").await;
    app.press(&[], &[Key::Escape, Key::Enter]).await;
    app.type_at_cursor("me {").await;
    for n in 1..=6 {
        app.press(&[], &[Key::Escape, Key::Enter]).await;
        app.type_at_cursor(&format!("nope{n}")).await;
    }
    app.wait_until("six fields on six lines", DEADLINE, async || {
        let text = app.editor_text().await;
        if text.lines().filter(|line| line.trim().starts_with("nope")).count() == 6 { Ok(()) } else { Err(format!("{text:?}")) }
    })
    .await;
    app.wait_until("six problems listed", DEADLINE, async || {
        let n = app.find_all("#problems li").await.len();
        if n == 6 { Ok(()) } else { Err(format!("{n} listed")) }
    })
    .await;
    let script = "const list = document.getElementById('problems').getBoundingClientRect();\
                  return Array.from(document.querySelectorAll('#problems li'), (li) => {\
                    const r = li.getBoundingClientRect(); return r.top >= list.top - 0.5 && r.bottom <= list.bottom + 0.5; });";
    let whole = app.script(script, vec![]).await;
    app.shot("problems").await;
    assert_eq!(whole.as_array().map(|w| w.iter().take(5).all(|w| w == &Value::from(true))), Some(true), "the first five are whole: {whole}");

    let third = app.find_all("#problems li").await.swap_remove(2);
    assert!(app.text_content(&third).await.contains("nope3"));
    third.click().await.expect("a problem can be clicked");
    app.wait_until("the cursor on nope3's line", DEADLINE, async || {
        let line = app.script("return document.querySelector('#query-input .cm-activeLine')?.textContent ?? ''", vec![]).await;
        let focused = app.script("return !!document.activeElement.closest('#query-editor')", vec![]).await;
        if line.as_str().map(str::trim) == Some("nope3") && focused == Value::from(true) { Ok(()) } else { Err(format!("active line {line}, focused {focused}")) }
    })
    .await;
    app.close().await;
}
