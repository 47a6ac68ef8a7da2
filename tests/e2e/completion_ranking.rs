//! Typing a name is answered in the page, from the list fetched when the cursor came to rest where
//! the name starts (ui/src/editor/ranking.ts ports the engine's ranking). For a table of names typed
//! a key at a time, the list on screen after every key is the engine's list for that document, and
//! none of those keys waited for a round trip to Rust.

use crate::harness::{App, DEADLINE};
use crate::steps::wait_for_schema;

/// (text typed first, the name then typed a key at a time). The typed text holds no closing
/// bracket or quote that the editor did not insert itself, so the cursor sits right after it.
const CASES: &[(&str, &str)] = &[
    ("{ ", "pro"),          // prefixes: `project` then `projects`
    ("{ ", "PRO"),          // prefixes ignoring case
    ("{ me { ", "At"),      // `createdAt` (at a word boundary) before `avatar` (inside a word)
    ("{ me { ", "crat"),    // letters in order
    ("{ me { ", "emial"),   // a typo
    ("{ projects(", "fst"), // arguments
    ("{ ", "zzz"),          // nothing matches: no list
    ("query Q($a: ", "Str"),
    ("{ ... on ", "Pro"),
    ("mutation { pluginCreate(input: { ", "na"),
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
        app.wait_until(&format!("the query editor to start with {before:?}"), DEADLINE, async || {
            let now = app.editor_text().await;
            if now.starts_with(before) { Ok(()) } else { Err(format!("{now:?}")) }
        })
        .await;
        let round_trips = completion_round_trips(&app).await;
        for typed in 1..=name.len() {
            app.type_at_cursor(&name[typed - 1..typed]).await;
            let cursor = before.len() + typed;
            app.wait_until(&format!("the list after typing {:?} after {before:?}", &name[..typed]), DEADLINE, async || {
                let document = app.editor_text().await;
                let engine: Vec<String> = language::completion::complete(&schema, &document, cursor)
                    .items
                    .into_iter()
                    .take(RENDERED)
                    .map(|item| item.label)
                    .collect();
                let (shown, _) = app.completion_labels().await;
                if shown == engine { Ok(()) } else { Err(format!("{document:?}: shown {shown:?}, engine {engine:?}")) }
            })
            .await;
        }
        app.shot(&format!("{}{name}", before.replace(|c: char| !c.is_ascii_alphanumeric(), "_"))).await;
        assert_eq!(
            completion_round_trips(&app).await,
            round_trips,
            "typing {name:?} after {before:?} asked Rust instead of ranking the list fetched ahead"
        );
    }
    app.close().await;
}

/// How many completion round trips to Rust a key has waited for so far (lists fetched ahead are
/// timed under another name).
async fn completion_round_trips(app: &App) -> u64 {
    let count = app.script("return performance.getEntriesByName('sextant:complete').length", vec![]).await;
    count.as_u64().expect("a count")
}
