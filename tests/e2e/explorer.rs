//! The schema explorer in the real window (issue 11): the list of types, search as one types,
//! a type's page with its links, back and forward, the paths from the root, and go to definition
//! from the editor.

use crate::harness::{App, AppEnvironment, DEADLINE};
use crate::steps::{use_endpoint, wait_for_schema};
use demo_server::{DemoConfig, DemoServer, Mode};
use fantoccini::key::Key;

/// The page the explorer shows, and the member in view on it.
async fn shown_page(app: &App) -> (String, String) {
    let shown = app
        .script(
            "const page = document.getElementById('explorer-page');\
             return [page?.dataset.coordinate ?? '', document.querySelector('#explorer .explorer-member.focused')?.dataset.member ?? ''];",
            vec![],
        )
        .await;
    (shown[0].as_str().unwrap_or_default().to_owned(), shown[1].as_str().unwrap_or_default().to_owned())
}

async fn wait_for_page(app: &App, page: &str, member: &str) {
    app.wait_until(&format!("the explorer to show {page} at {member:?}"), DEADLINE, async || {
        let shown = shown_page(app).await;
        if shown == (page.to_owned(), member.to_owned()) { Ok(()) } else { Err(format!("{shown:?}")) }
    })
    .await;
}

/// Types `text` into the explorer's search, waits for `first` to be the first result and opens it
/// with Enter, as a person does.
async fn search_and_open(app: &App, text: &str, first: &str) {
    app.click("explorer-search").await;
    app.type_at_cursor(text).await;
    app.wait_until(&format!("{first} first among the results"), DEADLINE, async || {
        let found = app.script("return document.querySelector('#explorer-results li .explorer-name')?.textContent ?? ''", vec![]).await;
        if found == first { Ok(()) } else { Err(found.to_string()) }
    })
    .await;
    app.press(&[], &[Key::Enter]).await;
}

/// Clicks the explorer link whose text is `text`, inside `within` (a CSS selector).
async fn click_link(app: &App, within: &str, text: &str) {
    let found = app
        .script(
            "const link = [...document.querySelectorAll(arguments[0] + ' button.explorer-link')].find((b) => b.textContent === arguments[1]);\
             if (!link) return false; link.click(); return true;",
            vec![within.into(), text.into()],
        )
        .await;
    assert_eq!(found, serde_json::json!(true), "a link {text:?} in {within}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_explorer_searches_navigates_and_opens_what_the_cursor_is_on() {
    let app = App::start("explorer").await;
    wait_for_schema(&app).await;
    app.click("explorer-toggle").await;
    let first = app.wait_for("#explorer-types li button.explorer-link", DEADLINE).await;
    assert_eq!(app.text_content(&first).await, "Query", "the root types come first");
    // The root type's page and search results drawn out of sight with the list (their code made
    // ready for the first page opened) are let go: nothing hidden stays in the pane.
    app.wait_until("the page drawn out of sight let go", DEADLINE, async || {
        let left = app.script("return document.querySelectorAll('#explorer .explorer-warm').length", vec![]).await;
        if left == 0 { Ok(()) } else { Err(format!("{left} left")) }
    })
    .await;
    // The list draws the rows in view; scrolled to its end, the last types are drawn there.
    let last = app
        .wait_until("the last types drawn at the end of the list", DEADLINE, async || {
            let last = app
                .script(
                    "const body = document.querySelector('.explorer-body').getBoundingClientRect();\
                     const rows = [...document.querySelectorAll('#explorer-types .virtual-row')];\
                     const row = rows.at(-1); const box = row?.getBoundingClientRect();\
                     if (row && box.top >= body.top && box.bottom <= body.bottom + 1) return [Number(row.dataset.index), row.textContent];\
                     /* Rows measured as they come into view move the end: scrolled on, as a person would. */\
                     const scroller = document.querySelector('.explorer-body'); scroller.scrollTop = scroller.scrollHeight; return null;",
                    vec![],
                )
                .await;
            if last.is_array() { Ok(last) } else { Err(last.to_string()) }
        })
        .await;
    assert!(last[0].as_u64().is_some_and(|index| index > 30) && !last[1].as_str().unwrap_or_default().is_empty(), "{last}");
    app.script("document.querySelector('.explorer-body').scrollTop = 0;", vec![]).await;

    // Search as one types; Enter opens the first result where it is. What was shown stays until
    // the results come: never "Nothing matches." first, while the answer is on its way.
    app.script(
        "window.__saidNothing = false;\
         new MutationObserver(() => { if (document.getElementById('explorer-results')?.textContent === 'Nothing matches.') window.__saidNothing = true; })\
           .observe(document.getElementById('explorer'), { childList: true, subtree: true });\
         return null;",
        vec![],
    )
    .await;
    search_and_open(&app, "proj", "Query.project").await;
    assert_eq!(app.script("return window.__saidNothing", vec![]).await, serde_json::json!(false), "\"Nothing matches.\" shown while typing");
    wait_for_page(&app, "Query", "project").await;
    app.shot("query-project").await;

    // The field's type is a link; its page says where it is used.
    click_link(&app, ".explorer-member.focused", "Project!").await;
    wait_for_page(&app, "Project", "").await;
    let used_by = app.text_of("explorer-references").await;
    assert!(used_by.contains("Query.project") && used_by.contains("returns it"), "{used_by}");
    app.click("explorer-show-paths").await;
    let path = app.wait_for("#explorer-paths li", DEADLINE).await;
    assert!(app.text_content(&path).await.starts_with("Query.project(id:)"), "the shortest path first");

    // Back and forward: the buttons, and Alt+Left/Right in the pane.
    app.click("explorer-back").await;
    wait_for_page(&app, "Query", "").await;
    app.click("explorer-search").await;
    app.press(&[Key::Alt], &[Key::Right]).await;
    wait_for_page(&app, "Project", "").await;

    // Go to definition: F12 on a field in the editor opens its page with the field in view.
    app.set_editor_text("{ me { avatar } }").await;
    app.press(&[], &[Key::Left, Key::Left, Key::Left, Key::Left, Key::Left]).await;
    app.press(&[], &[Key::F12]).await;
    wait_for_page(&app, "User", "avatar").await;
    let avatar = app.text_of("explorer-fields").await;
    assert!(avatar.contains("avatar: String"), "{avatar}");

    // It stays open after a restart.
    let mut app = app;
    app.restart().await;
    wait_for_schema(&app).await;
    app.wait_for("#explorer-types", DEADLINE).await;
    app.close().await;
}

/// Issue 11: Refresh schema that brings a different schema says how it changed and lists the
/// changes, grouped, with links into the explorer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refresh_that_changes_the_schema_shows_what_changed() {
    let server = DemoServer::start(DemoConfig::default(), "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("explorer_changes").await;
    wait_for_schema(&app).await;
    use_endpoint(&app, &server.url()).await;
    app.wait_until("the server's schema", DEADLINE, async || {
        let source = app.text_of("schema-source").await;
        if source.starts_with("127.0.0.1") { Ok(()) } else { Err(source) }
    })
    .await;

    server.set_mode(Mode::NextSchema);
    app.click("refresh-schema").await;
    let said = app
        .wait_until("the changes said in the status bar", DEADLINE, async || {
            let said = app.script("return document.getElementById('schema-changes')?.textContent ?? ''", vec![]).await;
            let said = said.as_str().unwrap_or_default().to_owned();
            if said.is_empty() { Err("no #schema-changes".into()) } else { Ok(said) }
        })
        .await;
    assert_eq!(said, "2 breaking, 2 safe changes");
    // The explorer opens on them, grouped.
    let breaking = app.wait_for("ul.explorer-change-list[data-criticality=\"breaking\"]", DEADLINE).await;
    let text = app.text_content(&breaking).await;
    assert!(text.contains("Project.description") && text.contains("User.avatar"), "{text}");
    app.shot("changes").await;
    click_link(&app, "ul.explorer-change-list[data-criticality=\"safe\"]", "Project.summary").await;
    wait_for_page(&app, "Project", "summary").await;

    // Back to the first schema: the refresh shows the way back; "Compare with…" the oldest version
    // kept (the first schema) finds nothing, the one after it what the refresh undid.
    server.set_mode(Mode::Normal);
    app.click("refresh-schema").await;
    app.wait_until("the changes back", DEADLINE, async || {
        let breaking = app.script("return document.querySelector('ul.explorer-change-list[data-criticality=\"breaking\"]')?.textContent ?? ''", vec![]).await;
        let breaking = breaking.as_str().unwrap_or_default().to_owned();
        if breaking.contains("Project.summary") { Ok(()) } else { Err(breaking) }
    })
    .await;
    let versions = app
        .wait_until("two earlier versions to compare with", DEADLINE, async || {
            let ids = app.script("return [...document.querySelectorAll('#explorer-compare option')].map((o) => o.value).filter(Boolean)", vec![]).await;
            let ids: Vec<String> = ids.as_array().into_iter().flatten().filter_map(|id| id.as_str().map(str::to_owned)).collect();
            if ids.len() == 2 { Ok(ids) } else { Err(format!("{ids:?}")) }
        })
        .await;
    app.select("explorer-compare", &versions[1]).await;
    app.wait_until("the oldest version found the same", DEADLINE, async || {
        // The page is redrawn when the comparison answers: absent for a moment is not a failure.
        let text = app.script("return document.getElementById('explorer-changes')?.textContent ?? ''", vec![]).await;
        let text = text.as_str().unwrap_or_default().to_owned();
        if text.contains("That version is the same schema.") { Ok(()) } else { Err(text) }
    })
    .await;
    app.select("explorer-compare", &versions[0]).await;
    app.wait_until("the next version's changes", DEADLINE, async || {
        let text = app.script("return document.querySelector('ul.explorer-change-list[data-criticality=\"breaking\"]')?.textContent ?? ''", vec![]).await;
        let text = text.as_str().unwrap_or_default().to_owned();
        if text.contains("Project.summary") && text.contains("Project.archived") { Ok(()) } else { Err(text) }
    })
    .await;
    app.close().await;
    server.shutdown().await;
}

/// Issue 11: the "+" beside a field adds it to the query at the cursor with the path that leads to
/// it, its required argument as a variable of the operation and an entry in the Variables editor;
/// one undo takes it all back from the query. (Interfaces, unions and inputs: `language/tests/build.rs`.)
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_plus_beside_a_field_builds_the_query_with_its_arguments() {
    let app = App::start("explorer_build").await;
    wait_for_schema(&app).await;
    app.set_editor_text_of("variables-input", "{\"kept\": 1}").await;
    app.set_editor_text("{ me { id } }").await;
    app.click("explorer-toggle").await;
    app.wait_for("#explorer-types", DEADLINE).await;
    search_and_open(&app, "Project.services", "Project.services").await;
    wait_for_page(&app, "Project", "services").await;

    let add = |coordinate: &str| format!("#explorer-fields button.explorer-add[data-coordinate=\"{coordinate}\"]");
    app.wait_for(&add("Project.services"), DEADLINE).await.click().await.expect("the + is clickable");
    // The Demo API is Railway's shape: `project(id: String!)`, services as a connection.
    let expected = "query ($id: String!) { me { id } project(id: $id) { services { edges { node { id } } } } }";
    wait_for_query(&app, expected).await;
    let variables = app.editor_text_of("variables-input").await;
    assert_eq!(variables, "{\n  \"kept\": 1,\n  \"id\": \"\"\n}", "the typed variable stays, the new one is added");
    app.shot("built").await;

    // Selected already (the cursor is on the field now): nothing changes, the explorer says so.
    app.wait_for(&add("Project.services"), DEADLINE).await.click().await.expect("the + is clickable");
    let said = app.wait_for("#explorer-said", DEADLINE).await;
    assert!(app.text_content(&said).await.contains("selected there already"));
    assert_eq!(app.editor_text().await, expected);

    // One undo takes the whole addition back.
    app.focus_editor().await;
    app.press_ctrl('z').await;
    wait_for_query(&app, "{ me { id } }").await;
    app.close().await;
}

async fn wait_for_query(app: &App, expected: &str) {
    app.wait_until(&format!("the query to read {expected:?}"), DEADLINE, async || {
        let now = app.editor_text().await;
        if now == expected { Ok(()) } else { Err(format!("{now:?}")) }
    })
    .await;
}

/// Issue 11: a link in a description opens in the system browser when clicked, and not before.
/// The browser here is a stand-in `xdg-open` first on the app's PATH that writes down what it was
/// asked to open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_description_link_opens_in_the_browser_when_clicked() {
    use std::os::unix::fs::PermissionsExt;
    let bin = tempfile::tempdir().expect("a folder for the browser");
    let opened = bin.path().join("opened");
    let opener = bin.path().join("xdg-open");
    std::fs::write(&opener, format!("#!/bin/sh\nprintf '%s\\n' \"$@\" >> '{}'\n", opened.display())).unwrap();
    std::fs::set_permissions(&opener, std::fs::Permissions::from_mode(0o755)).unwrap();
    let path = format!("{}:{}", bin.path().display(), std::env::var("PATH").unwrap_or_default());
    let app = App::start_with("explorer_link", AppEnvironment { variables: vec![("PATH".into(), path)], ..AppEnvironment::default() }).await;
    wait_for_schema(&app).await;
    app.click("explorer-toggle").await;
    app.wait_for("#explorer-types", DEADLINE).await;
    // The list of types draws the rows in view: the type is found by its name.
    search_and_open(&app, "Service", "Service").await;
    wait_for_page(&app, "Service", "").await;
    let link = app.wait_for("#explorer-page button.explorer-external", DEADLINE).await;
    assert_eq!(app.text_content(&link).await, "Railway's guide to services");
    assert!(!opened.exists(), "showing a link opens nothing");
    link.click().await.expect("the link is clickable");
    let asked = app
        .wait_until("the browser asked to open the link", DEADLINE, async || {
            // The file exists as soon as the shell opens it for appending; the line comes after.
            match std::fs::read_to_string(&opened) {
                Ok(text) if text.ends_with('\n') => Ok(text),
                Ok(text) => Err(format!("so far {text:?}")),
                Err(error) => Err(error.to_string()),
            }
        })
        .await;
    assert_eq!(asked, "https://docs.railway.com/guides/services\n");
    app.close().await;
}
