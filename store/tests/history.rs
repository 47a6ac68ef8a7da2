//! The history of runs: recorded, searched (words as prefixes, filters), favourites kept past the
//! retention, and a damaged file moved aside.

use store::EndpointChoice;
use store::history::{History, Outcome, Run, Search, fts_query};

fn run(n: i64, endpoint: &str, document: &str, status: Option<u16>) -> Run {
    Run {
        at_unix_ms: 1_700_000_000_000 + n,
        from: "app".into(),
        endpoint: if endpoint == "demo" { EndpointChoice::Demo } else { EndpointChoice::Url { url: endpoint.into() } },
        profile: Some("railway".into()),
        operation_name: None,
        document: document.into(),
        variables: "{}".into(),
        status,
        failure: status.is_none().then(|| "the server could not be reached".to_owned()),
        graphql_errors: false,
        duration_ms: Some(12.5),
        size_bytes: Some(340),
        budget_remaining: Some(99),
        budget_limit: Some(100),
        events: None,
        stream_end: None,
    }
}

fn documents(entries: &[store::history::Entry]) -> Vec<&str> {
    entries.iter().map(|entry| entry.run.document.as_str()).collect()
}

fn search(text: &str) -> Search {
    Search { text: text.into(), limit: 50, ..Search::default() }
}

#[test]
fn runs_are_found_by_their_words_and_filters_newest_first() {
    let directory = tempfile::tempdir().unwrap();
    let (history, _) = History::open(&directory.path().join("history.sqlite")).unwrap();
    let railway = "https://backboard.railway.com/graphql/v2";
    history.record(&run(1, railway, "query Projects { projects { edges { node { id } } } }", Some(200))).unwrap();
    history.record(&run(2, "demo", "query Me { me { name } }", Some(200))).unwrap();
    let mut failed = run(3, railway, "mutation PluginCreate($input: PluginCreateInput!) { pluginCreate(input: $input) { id } }", Some(200));
    failed.graphql_errors = true;
    failed.operation_name = Some("PluginCreate".into());
    failed.variables = r#"{"input": {"projectId": "p-42"}}"#.into();
    history.record(&failed).unwrap();
    history.record(&run(4, railway, "{ me { projects { edges { node { name } } } } }", None)).unwrap();

    let cases: &[(Search, &[&str])] = &[
        // Everything, newest first.
        (search(""), &["{ me { projects", "mutation PluginCreate", "query Me", "query Projects"]),
        // A word's start, in any field; every word must be there.
        (search("proj"), &["{ me { projects", "mutation PluginCreate", "query Projects"]),
        (search("proj node name"), &["{ me { projects"]),
        (search("p-42"), &["mutation PluginCreate"]),
        (search("backboard"), &["{ me { projects", "mutation PluginCreate", "query Projects"]),
        (search("demo api"), &["query Me"]),
        // FTS5's own syntax typed is only words.
        (search("\"proj* OR NOT"), &[]),
        (search("me)( ^:"), &["{ me { projects", "query Me"]),
        // Filters.
        (Search { outcome: Outcome::Succeeded, ..search("") }, &["query Me", "query Projects"]),
        (Search { outcome: Outcome::Failed, ..search("") }, &["{ me { projects", "mutation PluginCreate"]),
        (Search { endpoint: Some(EndpointChoice::Demo), ..search("") }, &["query Me"]),
        (Search { limit: 2, ..search("") }, &["{ me { projects", "mutation PluginCreate"]),
        (Search { before: Some(3), ..search("") }, &["query Me", "query Projects"]),
    ];
    for (query, expected) in cases {
        let found = history.search(query).unwrap();
        let found = documents(&found);
        assert_eq!(found.len(), expected.len(), "{query:?}: {found:?}");
        for (document, start) in found.iter().zip(expected.iter()) {
            assert!(document.starts_with(start), "{query:?}: {found:?}");
        }
    }
    let entry = history.search(&search("p-42")).unwrap().remove(0);
    assert_eq!(history.get(entry.id).unwrap().unwrap(), entry);
    assert_eq!(entry.run, failed, "a run reads back as recorded");
    assert_eq!(
        history.endpoints().unwrap(),
        vec![EndpointChoice::Url { url: railway.into() }, EndpointChoice::Demo],
        "the endpoints, most recent first"
    );
}

#[test]
fn the_oldest_runs_go_beyond_the_retention_and_favourites_stay() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("history.sqlite");
    let (history, _) = History::open(&path).unwrap();
    assert_eq!(history.retention().unwrap(), store::history::DEFAULT_RETENTION);
    history.set_retention(3).unwrap();
    let first = history.record(&run(1, "demo", "{ first }", Some(200))).unwrap();
    assert!(history.set_favourite(first, true).unwrap());
    for n in 2..=6 {
        history.record(&run(n, "demo", &format!("{{ run{n} }}"), Some(200))).unwrap();
    }
    assert_eq!(documents(&history.search(&search("")).unwrap()), ["{ run6 }", "{ run5 }", "{ run4 }", "{ first }"]);
    // The text index forgot the runs that went.
    assert!(history.search(&search("run2")).unwrap().is_empty());
    assert_eq!(documents(&history.search(&Search { favourites_only: true, ..search("") }).unwrap()), ["{ first }"]);

    // No longer a favourite: past the retention, it goes.
    assert!(history.set_favourite(first, false).unwrap());
    assert_eq!(documents(&history.search(&search("")).unwrap()), ["{ run6 }", "{ run5 }", "{ run4 }"]);
    history.set_retention(1).unwrap();
    assert_eq!(documents(&history.search(&search("")).unwrap()), ["{ run6 }"]);
    let last = history.search(&search("")).unwrap()[0].id;
    assert!(history.remove(last).unwrap());
    assert!(!history.remove(last).unwrap());
    assert!(!history.set_favourite(last, true).unwrap());

    // Kept across opening again, the retention too.
    drop(history);
    let (history, opened) = History::open(&path).unwrap();
    assert_eq!(opened, store::Opened::Fine);
    assert_eq!(history.retention().unwrap(), 1);
}

#[test]
fn a_damaged_history_is_moved_aside_and_a_new_one_started() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("history.sqlite");
    std::fs::write(&path, b"not a database at all, but long enough to look like a file of some sort").unwrap();
    let (history, opened) = History::open(&path).unwrap();
    let store::Opened::Recovered { moved_to, .. } = opened else { panic!("{opened:?}") };
    assert!(moved_to.file_name().unwrap().to_str().unwrap().starts_with("history.sqlite.damaged-"), "{moved_to:?}");
    assert!(std::fs::read(&moved_to).unwrap().starts_with(b"not a database"), "kept as it was");
    history.record(&run(1, "demo", "{ me { id } }", Some(200))).unwrap();
    assert_eq!(history.search(&search("")).unwrap().len(), 1);
}

#[test]
fn typed_text_becomes_prefix_words_only() {
    let cases: &[(&str, Option<&str>)] = &[
        ("", None),
        ("  ", None),
        ("{ } ( ) \" *", None),
        ("proj", Some("\"proj\"*")),
        ("me name", Some("\"me\"* AND \"name\"*")),
        ("project_id", Some("\"project_id\"*")),
        ("\"a\" OR b*", Some("\"a\"* AND \"OR\"* AND \"b\"*")),
        ("Ünïcode", Some("\"Ünïcode\"*")),
    ];
    for (typed, expected) in cases {
        assert_eq!(fts_query(typed).as_deref(), *expected, "{typed:?}");
    }
}

/// Streams are recorded with their events and how they ended; a history written before streams
/// were (format 1) is brought forward with its runs.
#[test]
fn streams_are_recorded_and_an_older_history_is_brought_forward() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("history.sqlite");
    {
        let (history, _) = History::open(&path).unwrap();
        history.record(&run(1, "demo", "query Before { me { name } }", Some(200))).unwrap();
    }
    // As format 1 left it: no stream columns.
    let connection = rusqlite::Connection::open(&path).unwrap();
    connection.execute_batch("ALTER TABLE runs DROP COLUMN events; ALTER TABLE runs DROP COLUMN stream_end; PRAGMA user_version = 1;").unwrap();
    drop(connection);

    let (history, opened) = History::open(&path).unwrap();
    assert!(matches!(opened, store::Opened::Fine), "{opened:?}");
    let mut stream = run(2, "demo", "subscription Logs { deploymentLogs(deploymentId: \"d\") { message } }", None);
    stream.failure = None;
    stream.events = Some(1234);
    stream.stream_end = Some("Stopped.".into());
    history.record(&stream).unwrap();
    let mut dropped = stream.clone();
    dropped.events = Some(3);
    dropped.stream_end = Some("The connection was lost: reset.".into());
    dropped.failure = dropped.stream_end.clone();
    history.record(&dropped).unwrap();

    let entries = history.search(&search("")).unwrap();
    let seen: Vec<(Option<u64>, Option<&str>, bool)> = entries.iter().map(|entry| (entry.run.events, entry.run.stream_end.as_deref(), entry.run.succeeded())).collect();
    assert_eq!(seen, [(Some(3), Some("The connection was lost: reset."), false), (Some(1234), Some("Stopped."), true), (None, None, true)]);
    let failed = history.search(&Search { outcome: Outcome::Failed, ..search("") }).unwrap();
    assert_eq!(documents(&failed), [dropped.document.as_str()]);
}

/// A history of a later format (a newer Sextant's) is left as it is, and said to be unreadable
/// here: never moved aside as if damaged.
#[test]
fn a_history_written_by_a_newer_sextant_is_left_alone() {
    let directory = tempfile::tempdir().unwrap();
    let path = directory.path().join("history.sqlite");
    {
        let (history, _) = History::open(&path).unwrap();
        history.record(&run(1, "demo", "query Kept { me { name } }", Some(200))).unwrap();
    }
    rusqlite::Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 99;").unwrap();
    let error = History::open(&path).err().expect("a newer format is not read");
    assert!(error.to_string().contains("newer Sextant's format (format 99"), "{error}");
    let names: Vec<String> = std::fs::read_dir(directory.path()).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect();
    assert!(!names.iter().any(|name| name.contains("damaged")), "{names:?}");
    rusqlite::Connection::open(&path).unwrap().execute_batch("PRAGMA user_version = 2;").unwrap();
    let (history, _) = History::open(&path).unwrap();
    assert_eq!(documents(&history.search(&search("")).unwrap()), ["query Kept { me { name } }"]);
}
