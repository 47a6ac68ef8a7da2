//! Tabs through IPC: what the window saves as it goes and finds again at the next start, in the
//! state directory's SQLite file, and a damaged file reported rather than emptied in silence.

mod support;

use serde_json::{Value, json};
use support::{TestApp, app};

fn tab(id: &str, document: &str, headers: Value) -> Value {
    json!({
        "id": id, "title": null, "document": document, "variables": "{}",
        "endpoint": {"kind": "url", "url": "https://backboard.railway.com/graphql/v2"}, "profile": "work", "headers": headers,
    })
}

impl TestApp {
    fn opened(&self) -> Value {
        self.invoke("tabs_open", json!({})).expect("the tabs are read")
    }

    fn ids(&self) -> Vec<String> {
        self.opened()["tabs"].as_array().unwrap().iter().map(|tab| tab["id"].as_str().unwrap().to_owned()).collect()
    }
}

#[test]
fn tabs_are_saved_as_they_change_and_found_again() {
    let app = app();
    assert_eq!(app.opened(), json!({"tabs": [], "active": null, "notice": null}), "a first run has no tabs");
    for (id, position) in [("one", 0), ("two", 1), ("three", 1)] {
        app.invoke("tab_insert", json!({"request": {"tab": tab(id, "{ me { email } }", json!([])), "position": position}})).unwrap();
    }
    assert_eq!(app.ids(), ["one", "three", "two"]);

    let headers = json!([{"origin": "https://backboard.railway.com", "headersJson": "{\"X-Trace\": \"on\", \"Authorization\": \"Bearer sentinel-4417\"}"}]);
    let mut edited = tab("two", "query Projects { projects { edges { node { name } } } }", headers);
    edited["title"] = json!("Projects (renamed)");
    app.invoke("tab_save", json!({"request": edited})).unwrap();
    app.invoke("tabs_order", json!({"request": {"ids": ["two", "one", "three"], "active": "one"}})).unwrap();

    let opened = app.opened();
    assert_eq!(app.ids(), ["two", "one", "three"]);
    assert_eq!(opened["active"], json!("one"));
    let two = &opened["tabs"][0];
    assert_eq!((&two["title"], &two["document"], &two["profile"]), (&json!("Projects (renamed)"), &edited["document"], &json!("work")));
    let kept = two["headers"][0]["headersJson"].as_str().unwrap();
    assert!(kept.contains("X-Trace") && !kept.contains("sentinel-4417"), "headers are kept without credentials: {kept}");

    app.invoke("tab_close", json!({"request": {"tab": "two"}})).unwrap();
    app.invoke("tab_close", json!({"request": {"tab": "three"}})).unwrap();
    assert_eq!(app.ids(), ["one"]);
    let reopened = app.invoke("tab_reopen", json!({"request": {"position": 0}})).unwrap();
    assert_eq!(reopened["id"], json!("three"), "the tab closed last comes back first");
    let reopened = app.invoke("tab_reopen", json!({"request": {"position": 2}})).unwrap();
    assert_eq!((&reopened["id"], &reopened["title"]), (&json!("two"), &json!("Projects (renamed)")));
    assert_eq!(app.ids(), ["three", "one", "two"]);
    assert_eq!(app.invoke("tab_reopen", json!({"request": {"position": 0}})).unwrap(), Value::Null, "none left to reopen");

    let state = app.home.path().join("state");
    let files: Vec<_> = std::fs::read_dir(&state).unwrap().flatten().map(|entry| entry.path()).collect();
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.windows(13).any(|window| window == b"sentinel-4417"), "a credential header reached {}", file.display());
    }
}

#[test]
fn a_damaged_state_file_is_moved_aside_and_reported() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    std::fs::create_dir_all(&state).unwrap();
    std::fs::write(state.join("state.sqlite"), b"not a database, a damaged file of forty bytes").unwrap();
    let app = support::app_in(home);
    let opened = app.opened();
    let notice = opened["notice"].as_str().expect("the damage is reported");
    assert!(notice.contains("state.sqlite.damaged-"), "{notice}");
    assert_eq!(opened["tabs"], json!([]));
    let moved: Vec<_> = std::fs::read_dir(app.home.path().join("state")).unwrap().flatten().filter(|entry| entry.file_name().to_string_lossy().contains("damaged")).collect();
    assert_eq!(moved.len(), 1, "the damaged file is kept beside the new one");
    app.invoke("tab_insert", json!({"request": {"tab": tab("fresh", "{ me { email } }", json!([])), "position": 0}})).expect("a new file is written");
}
