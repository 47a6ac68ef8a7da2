//! A folder opened as a project: its config, its documents, the only paths the window may write,
//! and edits made outside told as they happen.

use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::Duration;

use project::folder::{self, PathError};

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_folder_opens_with_its_config_or_without_one() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "queries/me.graphql", "{ me }");
    write(root.path(), "other/x.graphql", "{ x }");
    let opened = folder::open(root.path()).unwrap();
    assert!(opened.config.is_none() && opened.config_problem.is_none());
    assert_eq!(opened.documents, [PathBuf::from("other/x.graphql"), PathBuf::from("queries/me.graphql")], "the default globs");

    write(root.path(), ".graphqlrc.yml", "schema: schema.graphql\ndocuments: queries/**/*.graphql\n");
    let opened = folder::open(root.path()).unwrap();
    assert_eq!(opened.config.as_ref().unwrap().documents, ["queries/**/*.graphql"]);
    assert_eq!(opened.documents, [PathBuf::from("queries/me.graphql")], "the config's globs");

    write(root.path(), ".graphqlrc.yml", "documents: [unclosed\n");
    let opened = folder::open(root.path()).unwrap();
    assert!(opened.config.is_none());
    assert!(opened.config_problem.as_deref().unwrap().contains(".graphqlrc.yml"), "{:?}", opened.config_problem);
    assert_eq!(opened.documents.len(), 2, "a broken config still opens the folder");

    assert!(folder::open(&root.path().join("queries/me.graphql")).unwrap_err().contains("not a folder"));
    assert!(folder::open(&root.path().join("missing")).unwrap_err().contains("cannot open"));
}

#[test]
fn the_window_reads_and_writes_only_documents_inside_the_folder() {
    let root = tempfile::tempdir().unwrap();
    let outside = tempfile::tempdir().unwrap();
    write(root.path(), "me.graphql", "{ me }");
    std::os::unix::fs::symlink(outside.path(), root.path().join("elsewhere")).unwrap();
    let opened = folder::open(root.path()).unwrap();
    let cases: [(&str, Option<fn(&PathError) -> bool>); 10] = [
        ("me.graphql", None),
        ("deep/new/one.gql", None),
        ("../me.graphql", Some(|error| matches!(error, PathError::Outside(_)))),
        ("queries/../../x.graphql", Some(|error| matches!(error, PathError::Outside(_)))),
        ("/etc/passwd.graphql", Some(|error| matches!(error, PathError::Outside(_)))),
        ("./me.graphql", Some(|error| matches!(error, PathError::Outside(_)))),
        ("", Some(|error| matches!(error, PathError::Outside(_)))),
        ("elsewhere/x.graphql", Some(|error| matches!(error, PathError::Outside(_)))),
        (".graphqlrc.yml", Some(|error| matches!(error, PathError::NotADocument(_)))),
        ("me.variables.json", Some(|error| matches!(error, PathError::NotADocument(_)))),
    ];
    for (path, refused) in cases {
        match (opened.document(path), refused) {
            (Ok(full), None) => assert!(full.starts_with(&opened.dir), "{path}"),
            (Err(error), Some(expected)) => assert!(expected(&error), "{path}: {error}"),
            (answer, _) => panic!("{path}: {answer:?}"),
        }
    }
    assert!(std::fs::read_dir(outside.path()).unwrap().next().is_none());
}

#[test]
fn save_as_never_overwrites_and_rename_takes_the_variables_along() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "me.graphql", "{ me }");
    let opened = folder::open(root.path()).unwrap();
    assert_eq!(opened.save("me.graphql", "{ other }", None, true).unwrap_err(), PathError::Exists("me.graphql".to_owned()));
    assert_eq!(std::fs::read_to_string(root.path().join("me.graphql")).unwrap(), "{ me }");
    opened.save("new/you.graphql", "query You { you }", Some("{\"a\": 1}"), true).unwrap();
    assert_eq!(std::fs::read_to_string(root.path().join("new/you.variables.json")).unwrap(), "{\"a\": 1}");

    assert_eq!(opened.rename("new/you.graphql", "me.graphql").unwrap_err(), PathError::Exists("me.graphql".to_owned()));
    let moved = opened.rename("new/you.graphql", "renamed/them.graphql").unwrap();
    assert_eq!(opened.relative(&moved).as_deref(), Some("renamed/them.graphql"));
    assert_eq!(std::fs::read_to_string(root.path().join("renamed/them.variables.json")).unwrap(), "{\"a\": 1}");
    assert!(!root.path().join("new/you.graphql").exists() && !root.path().join("new/you.variables.json").exists());
    assert!(matches!(opened.rename("missing.graphql", "x.graphql").unwrap_err(), PathError::Io(..)));
}

#[test]
fn edits_made_outside_are_told_once_per_batch_without_temporary_files() {
    let root = tempfile::tempdir().unwrap();
    write(root.path(), "me.graphql", "{ me }");
    let dir = root.path().canonicalize().unwrap();
    let (sender, told) = mpsc::channel();
    let watching = project::watch::watch(&dir, move |paths| sender.send(paths).unwrap()).unwrap();
    write(&dir, ".git/index", "ignored");
    write(&dir, "me.graphql", "{ me { name } }");
    let paths = told.recv_timeout(Duration::from_secs(10)).expect("the change told");
    assert!(paths.contains(&dir.join("me.graphql")), "{paths:?}");
    assert!(paths.iter().all(|path| !path.starts_with(dir.join(".git"))), "{paths:?}");

    // A save by the app: a temporary file renamed over the document; only the document is told.
    let opened = folder::open(&dir).unwrap();
    opened.save("me.graphql", "{ you }", None, false).unwrap();
    let mut seen = Vec::new();
    while !seen.contains(&dir.join("me.graphql")) {
        seen.extend(told.recv_timeout(Duration::from_secs(10)).expect("the save told"));
    }
    assert!(seen.iter().all(|path| !path.to_string_lossy().contains(".sextant-")), "{seen:?}");

    // A folder made after the watch began is watched too; an ignored one is not looked into.
    write(&dir, "later/new.graphql", "{ new }");
    let mut seen = Vec::new();
    while !seen.contains(&dir.join("later")) && !seen.contains(&dir.join("later/new.graphql")) {
        seen.extend(told.recv_timeout(Duration::from_secs(10)).expect("the new folder told"));
    }
    write(&dir, "later/edited.graphql", "{ edited }");
    let mut seen = Vec::new();
    while !seen.contains(&dir.join("later/edited.graphql")) {
        seen.extend(told.recv_timeout(Duration::from_secs(10)).expect("a document in the new folder told"));
    }

    drop(watching);
    write(&dir, "me.graphql", "{ after }");
    // The thread ends with the watcher (after telling what it had already seen): the channel closes.
    let ended = loop {
        match told.recv_timeout(Duration::from_secs(10)) {
            Ok(_) => continue,
            Err(error) => break error,
        }
    };
    assert_eq!(ended, mpsc::RecvTimeoutError::Disconnected);
}
