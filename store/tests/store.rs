//! The app's state file: tabs kept in order across reopening, closed tabs reopened, credentials
//! never written, a damaged file moved aside and reported.

use std::path::Path;

use store::{EndpointChoice, Opened, Store, Tab};

fn open(path: &Path) -> Store {
    let (store, opened) = Store::open(path).expect("the store opens");
    assert_eq!(opened, Opened::Fine);
    store
}

fn tab(document: &str) -> Tab {
    Tab::new(document, "{}", EndpointChoice::Demo, None)
}

fn documents(store: &Store) -> Vec<String> {
    store.tabs().unwrap().into_iter().map(|tab| tab.document).collect()
}

#[test]
fn tabs_keep_their_contents_and_order_across_reopening() {
    let folder = tempfile::tempdir().unwrap();
    let path = store::file_in(folder.path());
    let store = open(&path);
    assert!(store.tabs().unwrap().is_empty());
    let (a, b, c) = (tab("{ a }"), tab("{ b }"), tab("{ c }"));
    store.insert(&a, 0).unwrap();
    store.insert(&b, 1).unwrap();
    store.insert(&c, 1).unwrap();
    assert_eq!(documents(&store), ["{ a }", "{ c }", "{ b }"]);
    let mut edited = a.clone();
    edited.document = "query Edited { é 😀 }".into();
    edited.variables = "{\"id\": 1}".into();
    edited.title = Some("Mine".into());
    edited.endpoint = EndpointChoice::Url { url: "https://backboard.railway.com/graphql/v2".into() };
    edited.profile = Some("work".into());
    edited.file = Some("/home/ana/api/queries/edited.graphql".into());
    store.save(&edited).unwrap();
    store.reorder(&[b.id.clone(), a.id.clone()]).unwrap();
    drop(store);

    let store = open(&path);
    let tabs = store.tabs().unwrap();
    assert_eq!(tabs.iter().map(|tab| tab.id.as_str()).collect::<Vec<_>>(), [b.id.as_str(), a.id.as_str(), c.id.as_str()]);
    assert_eq!(tabs[1], edited);
}

#[test]
fn closed_tabs_reopen_last_closed_first_and_only_some_are_kept() {
    let folder = tempfile::tempdir().unwrap();
    let store = open(&store::file_in(folder.path()));
    let tabs: Vec<Tab> = (0..store::CLOSED_KEPT + 3).map(|n| tab(&format!("{{ tab{n} }}"))).collect();
    for (position, tab) in tabs.iter().enumerate() {
        store.insert(tab, position).unwrap();
    }
    for tab in &tabs {
        store.close(&tab.id).unwrap();
    }
    assert!(store.tabs().unwrap().is_empty());
    let reopened = store.reopen(0).unwrap().expect("a closed tab");
    assert_eq!(reopened.document, tabs.last().unwrap().document, "the last closed comes back first");
    let mut n_reopened = 1;
    while store.reopen(0).unwrap().is_some() {
        n_reopened += 1;
    }
    assert_eq!(n_reopened, store::CLOSED_KEPT, "only the last {} closed are kept", store::CLOSED_KEPT);
    assert!(matches!(store.close("no-such-tab"), Err(store::StoreError::NoSuchTab { .. })));
}

/// Regression (issue of credentials typed in the Headers editor): a credential header is never
/// written, whatever the caller hands over.
#[test]
fn headers_are_kept_without_credentials() {
    let folder = tempfile::tempdir().unwrap();
    let path = store::file_in(folder.path());
    let store = open(&path);
    let mut with_headers = tab("{ me { name } }");
    with_headers.headers = vec![
        ("https://backboard.railway.com".into(), r#"{"Authorization": "Bearer sentinel-store-1", "X-Trace": "1"}"#.into()),
        ("http://127.0.0.1:4000".into(), r#"{"X-Api-Key": "sentinel-store-2"}"#.into()),
    ];
    store.insert(&with_headers, 0).unwrap();
    // Half typed: what was kept before stays.
    with_headers.headers[0].1 = r#"{"Authorization": "Bearer sentinel-store-3", "X-Tr"#.into();
    store.save(&with_headers).unwrap();
    let kept = store.tabs().unwrap().remove(0).headers;
    assert_eq!(kept[0], ("http://127.0.0.1:4000".to_owned(), "{}\n".to_owned()));
    assert_eq!(kept[1], ("https://backboard.railway.com".to_owned(), "{\n  \"X-Trace\": \"1\"\n}\n".to_owned()));
    drop(store);
    for file in std::fs::read_dir(folder.path()).unwrap().flatten() {
        let bytes = std::fs::read(file.path()).unwrap();
        assert!(!bytes.windows(15).any(|window| window == b"sentinel-store-"), "{} holds a credential", file.path().display());
    }
}

/// A damaged file is moved aside and said so, never silently emptied.
#[test]
fn a_damaged_file_is_moved_aside_and_reported() {
    let folder = tempfile::tempdir().unwrap();
    let path = store::file_in(folder.path());
    // (what is in the file, part of the reason)
    let cases: [(&[u8], &str); 2] = [(b"not a database at all, just words", "not a database"), (b"", "")];
    for (contents, reason) in cases {
        std::fs::write(&path, contents).unwrap();
        let (store, opened) = Store::open(&path).expect("a new store replaces the damaged one");
        if contents.is_empty() {
            // An empty file is an empty database to SQLite: nothing to lose, nothing to report.
            assert_eq!(opened, Opened::Fine);
            continue;
        }
        let Opened::Recovered { moved_to, reason: said } = opened else { panic!("not reported: {opened:?}") };
        assert!(said.contains(reason), "{said}");
        assert_eq!(std::fs::read(&moved_to).unwrap(), contents, "the damaged file is kept, as it was");
        assert!(store.tabs().unwrap().is_empty());
        store.insert(&tab("{ a }"), 0).unwrap();
        std::fs::remove_file(&moved_to).unwrap();
        drop(store);
        std::fs::remove_file(&path).unwrap();
    }
    // A file written by a newer version is not read, and not lost either.
    {
        mark_newer(&path);
        let (_, opened) = Store::open(&path).unwrap();
        let Opened::Recovered { reason, .. } = opened else { panic!("a newer file is reported") };
        assert!(reason.contains("newer Sextant"), "{reason}");
    }
}

/// Makes a store file, then marks its format newer than this build reads: SQLite keeps the
/// user version in the file's header, bytes 60..64, big-endian.
fn mark_newer(path: &Path) {
    let (store, _) = Store::open(path).unwrap();
    drop(store);
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&99u32.to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

/// A store written before tabs could be bound to a project document (format 1) opens with its
/// tabs, each bound to none, and can bind them.
#[test]
fn a_store_of_the_first_format_opens_with_its_tabs() {
    let folder = tempfile::tempdir().unwrap();
    let path = store::file_in(folder.path());
    {
        let connection = rusqlite::Connection::open(&path).unwrap();
        connection
            .execute_batch(
                "CREATE TABLE tabs (id TEXT PRIMARY KEY, position INTEGER NOT NULL, title TEXT, document TEXT NOT NULL,
                     variables TEXT NOT NULL, endpoint TEXT NOT NULL, profile TEXT, closed_at INTEGER);
                 CREATE TABLE tab_headers (tab_id TEXT NOT NULL REFERENCES tabs(id) ON DELETE CASCADE, origin TEXT NOT NULL,
                     headers TEXT NOT NULL, PRIMARY KEY (tab_id, origin));
                 CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 INSERT INTO tabs VALUES ('old', 0, NULL, '{ kept }', '{}', '{\"kind\":\"demo\"}', NULL, NULL);
                 PRAGMA user_version = 1;",
            )
            .unwrap();
    }
    let store = open(&path);
    let mut tabs = store.tabs().unwrap();
    assert_eq!((tabs[0].document.as_str(), tabs[0].file.as_deref()), ("{ kept }", None));
    tabs[0].file = Some("/work/api/me.graphql".into());
    store.save(&tabs[0]).unwrap();
    drop(store);
    assert_eq!(open(&path).tabs().unwrap()[0].file.as_deref(), Some("/work/api/me.graphql"));
}
