//! A project folder in the real window (issue 12): opened from the sidebar, a document opened into
//! a tab, saved back exactly, edited outside (taken in, or asked about when the tab has unsaved
//! changes), Save as and New without overwriting, rename, a token refused, all after a restart too.

use std::path::Path;

use fantoccini::key::Key;
use serde_json::Value;

use crate::harness::{App, AppEnvironment, DEADLINE};
use crate::steps::wait_for_schema;

const ME: &str = "# Who am I?\nquery Me {\n  me { name } # the name only\n}\n";
const ME_VARIABLES: &str = "{\n  \"first\": 2\n}\n";

/// A project as a team commits it: a config, documents under `queries/`, and a file its globs leave out.
fn project_folder() -> tempfile::TempDir {
    let folder = tempfile::tempdir().expect("a project folder");
    let write = |relative: &str, text: &str| {
        let path = folder.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    write(".graphqlrc.yml", "schema: schema.graphql\ndocuments: queries/**/*.graphql\n");
    write("queries/me.graphql", ME);
    write("queries/me.variables.json", ME_VARIABLES);
    write("queries/projects/list.graphql", "query Projects { projects { edges { node { name } } } }\n");
    write("notes/scratch.graphql", "{ not listed }\n");
    folder
}

async fn listed(app: &App) -> Vec<String> {
    let paths = app.script("return [...document.querySelectorAll('#project-documents .project-document')].map((row) => row.dataset.path)", vec![]).await;
    paths.as_array().into_iter().flatten().filter_map(|path| path.as_str().map(str::to_owned)).collect()
}

async fn wait_for_listed(app: &App, expected: &[&str]) {
    app.wait_until(&format!("the sidebar to list {expected:?}"), DEADLINE, async || {
        let now = listed(app).await;
        if now == expected { Ok(()) } else { Err(format!("{now:?}")) }
    })
    .await;
}

async fn open_document(app: &App, path: &str) {
    let clicked = app
        .script(
            "const button = document.querySelector(`#project-documents [data-path=\"${arguments[0]}\"] .project-open-document`);\
             if (!button) return false; button.click(); return true;",
            vec![Value::from(path)],
        )
        .await;
    assert_eq!(clicked, Value::Bool(true), "{path} is in the sidebar");
}

async fn wait_for_editor(app: &App, expected: &str) {
    app.wait_until(&format!("the query editor to hold {expected:?}"), DEADLINE, async || {
        let now = app.editor_text().await;
        if now == expected { Ok(()) } else { Err(format!("{now:?}")) }
    })
    .await;
}

/// Whether the front tab says it has unsaved changes (its dot in the strip).
async fn front_unsaved(app: &App) -> bool {
    app.script("return document.querySelector('.tab[aria-selected=\"true\"]')?.classList.contains('unsaved') ?? false", vec![]).await == Value::Bool(true)
}

async fn wait_for_saved_state(app: &App, unsaved: bool) {
    app.wait_until(if unsaved { "the tab to show unsaved changes" } else { "the tab to show no unsaved changes" }, DEADLINE, async || {
        if front_unsaved(app).await == unsaved { Ok(()) } else { Err(format!("unsaved: {}", !unsaved)) }
    })
    .await;
}

/// Waits until the query pane names the front tab's document `path`.
async fn wait_for_file_path(app: &App, path: &str) {
    app.wait_until(&format!("the front tab to be {path}"), DEADLINE, async || {
        let shown = app.script("return document.getElementById('file-path')?.textContent ?? ''", vec![]).await;
        let shown = shown.as_str().unwrap_or_default().to_owned();
        if shown == path { Ok(()) } else { Err(shown) }
    })
    .await;
}

fn read(folder: &Path, relative: &str) -> String {
    std::fs::read_to_string(folder.join(relative)).unwrap_or_else(|error| panic!("{relative}: {error}"))
}

async fn open_folder(app: &App, folder: &Path) {
    app.click("project-toggle").await;
    app.fill("project-dir", &folder.display().to_string()).await;
    app.click("project-open-dir").await;
    wait_for_listed(app, &["queries/me.graphql", "queries/projects/list.graphql"]).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_project_document_is_saved_exactly_and_follows_edits_made_outside() {
    let folder = project_folder();
    let dir = folder.path().canonicalize().unwrap();
    let mut app = App::start("project-edits").await;
    wait_for_schema(&app).await;
    open_folder(&app, &dir).await;
    assert_eq!(app.text_of("project-name").await, dir.file_name().unwrap().to_string_lossy());
    app.shot("project-opened").await;

    // A document opens in a new tab, with its variables; opened again, the same tab comes forward.
    let tabs_before = app.find_all("#tab-strip .tab").await.len();
    open_document(&app, "queries/me.graphql").await;
    wait_for_editor(&app, ME).await;
    assert_eq!(app.editor_text_of("variables-input").await, ME_VARIABLES);
    assert_eq!(app.find_all("#tab-strip .tab").await.len(), tabs_before + 1);
    assert!(!front_unsaved(&app).await, "just opened: nothing unsaved");
    open_document(&app, "queries/me.graphql").await;
    assert_eq!(app.find_all("#tab-strip .tab").await.len(), tabs_before + 1, "no second tab for the same document");

    // Edited and saved: written back exactly (its comments too), the dot gone.
    let edited = format!("{ME}# more");
    app.focus_editor().await;
    app.press(&[Key::Control], &[Key::End]).await;
    app.type_at_cursor("# more").await;
    wait_for_editor(&app, &edited).await;
    wait_for_saved_state(&app, true).await;
    app.press_ctrl('s').await;
    wait_for_saved_state(&app, false).await;
    assert_eq!(read(&dir, "queries/me.graphql"), edited);
    assert_eq!(read(&dir, "queries/me.variables.json"), ME_VARIABLES, "the variables file kept as it was");

    // Changed outside while the tab has nothing unsaved: the tab takes the new text.
    let outside = "query Me {\n  me { id }\n}\n";
    std::fs::write(dir.join("queries/me.graphql"), outside).unwrap();
    wait_for_editor(&app, outside).await;
    assert!(!front_unsaved(&app).await);

    // Changed outside while the tab has unsaved changes: it asks, and nothing is lost.
    let mine = "query Me { me { id name } }";
    app.set_editor_text(mine).await;
    wait_for_saved_state(&app, true).await;
    let theirs = "query Me {\n  me { id login }\n}\n";
    std::fs::write(dir.join("queries/me.graphql"), theirs).unwrap();
    app.wait_for("#disk-note", DEADLINE).await;
    crate::harness::assert_contains(&app.text_of("disk-note-text").await, "changed on disk", "the question");
    assert_eq!(app.editor_text().await, mine, "the tab's text is not replaced without asking");
    app.shot("changed-outside").await;
    app.click("disk-keep").await;
    app.press_ctrl('s').await;
    wait_for_saved_state(&app, false).await;
    assert_eq!(read(&dir, "queries/me.graphql"), mine, "Keep mine, then Save: the tab's text over theirs");
    // The other answer: Reload takes the file's text.
    app.set_editor_text("query Me { me { unsaved } }").await;
    std::fs::write(dir.join("queries/me.graphql"), theirs).unwrap();
    app.wait_for("#disk-reload", DEADLINE).await;
    app.click("disk-reload").await;
    wait_for_editor(&app, theirs).await;
    wait_for_saved_state(&app, false).await;

    // A document added outside appears in the sidebar; one deleted goes.
    std::fs::write(dir.join("queries/added.graphql"), "{ added }\n").unwrap();
    wait_for_listed(&app, &["queries/added.graphql", "queries/me.graphql", "queries/projects/list.graphql"]).await;
    std::fs::remove_file(dir.join("queries/added.graphql")).unwrap();
    wait_for_listed(&app, &["queries/me.graphql", "queries/projects/list.graphql"]).await;

    // After a restart: the folder open again, the tab still bound to its document.
    app.set_editor_text("query Me { me { afterRestart } }").await;
    wait_for_saved_state(&app, true).await;
    app.restart().await;
    wait_for_listed(&app, &["queries/me.graphql", "queries/projects/list.graphql"]).await;
    wait_for_editor(&app, "query Me { me { afterRestart } }").await;
    wait_for_saved_state(&app, true).await;
    app.press_ctrl('s').await;
    wait_for_saved_state(&app, false).await;
    assert_eq!(read(&dir, "queries/me.graphql"), "query Me { me { afterRestart } }");
    app.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn save_as_new_and_rename_never_overwrite_and_a_token_stays_out_of_the_project() {
    let folder = project_folder();
    let dir = folder.path().canonicalize().unwrap();
    let app = App::start("project-files").await;
    wait_for_schema(&app).await;
    open_folder(&app, &dir).await;

    // A tab of no document: Ctrl+S asks for a name, offering its operation's.
    app.press_ctrl('t').await;
    app.set_editor_text("query Viewer { me { name } }").await;
    app.press_ctrl('s').await;
    app.wait_for("#save-as[open]", DEADLINE).await;
    assert_eq!(app.prop_of("save-as-path", "value").await.as_deref(), Some("Viewer.graphql"));
    // A name taken: refused, nothing overwritten, the dialog still open.
    app.fill("save-as-path", "queries/me").await;
    app.click("save-as-save").await;
    app.wait_until("Save as to refuse a taken name", DEADLINE, async || {
        let problem = app.script("return document.getElementById('save-as-problem')?.textContent ?? ''", vec![]).await;
        let problem = problem.as_str().unwrap_or_default().to_owned();
        if problem.contains("exists already") { Ok(()) } else { Err(problem) }
    })
    .await;
    assert_eq!(read(&dir, "queries/me.graphql"), ME);
    app.fill("save-as-path", "queries/viewer").await;
    app.click("save-as-save").await;
    wait_for_listed(&app, &["queries/me.graphql", "queries/projects/list.graphql", "queries/viewer.graphql"]).await;
    assert_eq!(read(&dir, "queries/viewer.graphql"), "query Viewer { me { name } }");
    assert!(!dir.join("queries/viewer.variables.json").exists(), "no variables file for no variables");
    wait_for_file_path(&app, "queries/viewer.graphql").await;

    // A token typed into the variables is not written into the project.
    let token = crate::harness::unique_secret("ghp_");
    app.set_editor_text_of("variables-input", &format!("{{\"auth\": \"{token}\"}}")).await;
    app.press_ctrl('s').await;
    app.wait_until("the save to be refused", DEADLINE, async || {
        let notice = app.text_of("tabs-notice").await;
        if notice.contains("looks like a GitHub token") { Ok(()) } else { Err(notice) }
    })
    .await;
    assert!(!app.text_of("tabs-notice").await.contains(&token), "the message does not repeat the token");
    assert!(crate::harness::files_containing(&dir, &token).is_empty(), "the token is in no project file");
    app.set_editor_text_of("variables-input", "{}").await;

    // New: a document made in the folder and opened.
    app.click("project-new").await;
    app.wait_for("#save-as[open]", DEADLINE).await;
    app.fill("save-as-path", "queries/projects/create").await;
    app.click("save-as-save").await;
    wait_for_listed(&app, &["queries/me.graphql", "queries/projects/create.graphql", "queries/projects/list.graphql", "queries/viewer.graphql"]).await;
    wait_for_file_path(&app, "queries/projects/create.graphql").await;

    // Rename: the document and its variables file move, the open tab follows.
    open_document(&app, "queries/me.graphql").await;
    wait_for_editor(&app, ME).await;
    app.script(
        "document.querySelector('#project-documents [data-path=\"queries/me.graphql\"] .project-rename').click()",
        vec![],
    )
    .await;
    app.wait_for(".project-rename-input:focus", DEADLINE).await;
    app.press_ctrl('a').await;
    app.type_at_cursor("queries/account/whoami").await;
    app.press(&[], &[Key::Enter]).await;
    wait_for_listed(&app, &["queries/account/whoami.graphql", "queries/projects/create.graphql", "queries/projects/list.graphql", "queries/viewer.graphql"])
        .await;
    assert_eq!(read(&dir, "queries/account/whoami.graphql"), ME);
    assert_eq!(read(&dir, "queries/account/whoami.variables.json"), ME_VARIABLES);
    assert!(!dir.join("queries/me.graphql").exists() && !dir.join("queries/me.variables.json").exists());
    wait_for_file_path(&app, "queries/account/whoami.graphql").await;
    app.shot("renamed").await;
    app.close().await;
}

/// `sextant-app DIR` with a folder of a thousand documents: it opens as the project, its sidebar
/// draws the rows in view only, and the filter finds one to open.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_folder_given_at_launch_opens_with_a_thousand_documents() {
    let folder = tempfile::tempdir().expect("a project folder");
    for n in 0..1000 {
        let path = folder.path().join(format!("feature-{:02}/operation-{n}.graphql", n % 20));
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, format!("query Operation{n} {{ me {{ name }} }}\n")).unwrap();
    }
    let dir = folder.path().canonicalize().unwrap();
    let environment = AppEnvironment { args: vec![dir.display().to_string()], ..AppEnvironment::default() };
    let app = App::start_with("project-launch", environment).await;
    app.wait_until("the sidebar to offer the thousand documents", DEADLINE, async || {
        let placeholder = app.script("return document.getElementById('project-filter')?.placeholder ?? ''", vec![]).await;
        let placeholder = placeholder.as_str().unwrap_or_default().to_owned();
        if placeholder == "Filter 1000 documents…" { Ok(()) } else { Err(placeholder) }
    })
    .await;
    let drawn = app.find_all("#project-documents .project-document").await.len();
    assert!((1..=100).contains(&drawn), "{drawn} rows drawn of 1000: the list draws what is in view");
    app.click("project-filter").await;
    app.type_at_cursor("operation-999.").await;
    wait_for_listed(&app, &["feature-19/operation-999.graphql"]).await;
    app.press(&[], &[Key::Enter]).await;
    wait_for_editor(&app, "query Operation999 { me { name } }\n").await;
    wait_for_file_path(&app, "feature-19/operation-999.graphql").await;
    app.shot("thousand-documents").await;
    app.close().await;
}
