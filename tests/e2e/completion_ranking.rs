//! Typing a name is answered in the page, from the list fetched when the cursor came to rest where
//! the name starts (ui/src/editor/ranking.ts ports the engine's ranking). For a table of names typed
//! a key at a time, the list on screen after every key is the engine's list for that document, and
//! none of those keys asked Rust; nor does Ctrl+Space where the cursor rests.

use serde_json::Value;

use crate::harness::{App, DEADLINE};
use crate::steps::wait_for_schema;

/// (text typed first, the name then typed a key at a time). The typed text holds no closing
/// bracket or quote that the editor did not insert itself, so the cursor sits right after it.
const CASES: &[(&str, &str)] = &[
    ("{ ", "pro"),                                      // prefixes: `project` then `projects`
    ("{ ", "PRO"),                                      // prefixes ignoring case
    ("{ me { ", "At"),                                  // `createdAt` (a word boundary) before `avatar`
    ("{ me { ", "crat"),                                // letters in order
    ("{ me { ", "emial"),                               // one typo
    ("{ projects { edges { node { ", "descirptoin"),    // two typos in a long name
    ("{ project(id: \"x\") { ", "dep"),                 // deprecated `deployments` after `description`
    ("{ projects(", "fst"),                             // arguments
    ("{ ", "meqq"),                                     // the list closes when nothing matches
    ("query Q($a: ", "Str"),                            // types
    ("{ ... on ", "Pro"),                               // type conditions
    ("mutation { pluginCreate(input: { ", "na"),        // input fields
];

/// CodeMirror renders at most this many options of a list.
const RENDERED: usize = 100;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn typed_names_are_ranked_as_the_engine_ranks_them() {
    let schema = schema_cache::sdl::schema_from_sdl(&demo_server::sdl()).expect("the demo schema").schema;
    let app = App::start("completion_ranking").await;
    wait_for_schema(&app).await;

    for &(before, name) in CASES {
        app.clear_editor().await;
        app.type_in_editor(before).await;
        wait_for_editor_to_start_with(&app, before).await;
        let typing_started = app.script("return performance.now()", vec![]).await;
        for typed in 1..=name.len() {
            app.type_at_cursor(&name[typed - 1..typed]).await;
            let typed_text = format!("{before}{}", &name[..typed]);
            wait_for_editor_to_start_with(&app, &typed_text).await;
            app.wait_until(&format!("the list after typing {:?} after {before:?}", &name[..typed]), DEADLINE, async || {
                let document = app.editor_text().await;
                let engine: Vec<String> = language::completion::complete(&schema, &document, typed_text.len())
                    .items
                    .into_iter()
                    .take(RENDERED)
                    .map(|item| item.label.into_owned())
                    .collect();
                let (shown, _) = app.completion_labels().await;
                if shown == engine { Ok(()) } else { Err(format!("{document:?}: shown {shown:?}, engine {engine:?}")) }
            })
            .await;
        }
        app.shot(&format!("{}{name}", before.replace(|c: char| !c.is_ascii_alphanumeric(), "_"))).await;
        let asked = app
            .script(
                "return performance.getEntriesByName('sextant:complete').filter((e) => e.startTime >= arguments[0]).length",
                vec![typing_started],
            )
            .await;
        assert_eq!(asked, Value::from(0), "typing {name:?} after {before:?} asked Rust instead of ranking the list fetched ahead");
    }
    app.close().await;
}

/// Where the cursor rests before a name (the text typed first), Ctrl+Space shows the engine's list
/// for that spot from the list fetched ahead: without asking Rust, so it opens in the next frame as
/// a typed key's list does. (Not where a type goes: the app's schema, introspected, has the built-in
/// scalars the SDL this test reads leaves out.)
const RESTING: &[&str] = &["{ ", "{ me { ", "{ projects(", "{ ... on ", "mutation { pluginCreate(input: { "];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_space_where_the_cursor_rests_shows_the_list_fetched_ahead() {
    let schema = schema_cache::sdl::schema_from_sdl(&demo_server::sdl()).expect("the demo schema").schema;
    let app = App::start("completion_at_rest").await;
    wait_for_schema(&app).await;

    for &before in RESTING {
        app.clear_editor().await;
        app.type_in_editor(before).await;
        wait_for_editor_to_start_with(&app, before).await;
        let pressed = app.script("return performance.now()", vec![]).await;
        app.press_ctrl(' ').await;
        app.wait_until(&format!("the list after Ctrl+Space after {before:?}"), DEADLINE, async || {
            let document = app.editor_text().await;
            let engine: Vec<String> =
                language::completion::complete(&schema, &document, before.len()).items.into_iter().take(RENDERED).map(|item| item.label.into_owned()).collect();
            let (shown, _) = app.completion_labels().await;
            if !shown.is_empty() && shown == engine { Ok(()) } else { Err(format!("{document:?}: shown {shown:?}, engine {engine:?}")) }
        })
        .await;
        let asked = app
            .script("return performance.getEntriesByName('sextant:complete').filter((e) => e.startTime >= arguments[0]).length", vec![pressed])
            .await;
        assert_eq!(asked, Value::from(0), "Ctrl+Space after {before:?} asked Rust instead of showing the list fetched ahead");
        app.press(&[], &[fantoccini::key::Key::Escape]).await;
    }
    app.close().await;
}

/// The key reached the editor before its list is compared (an empty list is also what shows
/// before the key is handled).
async fn wait_for_editor_to_start_with(app: &App, text: &str) {
    app.wait_until(&format!("the query editor to start with {text:?}"), DEADLINE, async || {
        let now = app.editor_text().await;
        if now.starts_with(text) { Ok(()) } else { Err(format!("{now:?}")) }
    })
    .await;
}

/// Issue 10, item 4: a name that starts with what was typed came after typo and subsequence
/// matches when it was deprecated (Railway's `projects` inside `me`, here the demo's deprecated
/// `deployments` of a project after `description`), and Enter inserted the other name.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_name_that_starts_with_the_typed_text_comes_first_deprecated_or_not() {
    let app = App::start("completion_prefix_first").await;
    wait_for_schema(&app).await;
    app.clear_editor().await;
    app.type_in_editor("{ project(id: \"x\") { dep").await;
    app.wait_until("`deployments` first in the list", DEADLINE, async || {
        let (labels, selected) = app.completion_labels().await;
        if labels.first().map(String::as_str) == Some("deployments") && selected.as_deref() == Some("deployments") {
            Ok(())
        } else {
            Err(format!("{labels:?}, selected {selected:?}"))
        }
    })
    .await;
    // CodeMirror lets Enter through as a newline within 75 ms of the list changing (so that a list
    // that changes under a fast typist's Enter is not accepted): wait until it has settled.
    app.script(
        "window.__listChangedAt = performance.now();
         new MutationObserver(() => { window.__listChangedAt = performance.now(); })
           .observe(document.body, { childList: true, subtree: true, attributes: true });
         return null;",
        vec![],
    )
    .await;
    app.wait_until("the list to settle", DEADLINE, async || {
        let quiet = app.script("return performance.now() - window.__listChangedAt", vec![]).await;
        if quiet.as_f64().is_some_and(|ms| ms > 150.0) { Ok(()) } else { Err(format!("changed {quiet} ms ago")) }
    })
    .await;
    let (labels, _) = app.completion_labels().await;
    assert_eq!(labels.first().map(String::as_str), Some("deployments"), "{labels:?}");
    app.press(&[], &[fantoccini::key::Key::Enter]).await;
    app.wait_until("Enter to insert `deployments`", DEADLINE, async || {
        let text = app.editor_text().await;
        if text.contains("{ deployments") { Ok(()) } else { Err(format!("{text:?}")) }
    })
    .await;
    app.close().await;
}
