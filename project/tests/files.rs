//! A project's documents on disk: listed by its globs, written back exactly, variables beside them.

use std::path::PathBuf;

use project::files::{documents, read, variables_file, write};

fn touch(root: &std::path::Path, relative: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, "{ a }").unwrap();
}

#[test]
fn documents_are_listed_by_the_globs_without_what_is_ignored() {
    let root = tempfile::tempdir().unwrap();
    for file in ["me.graphql", "queries/projects.graphql", "queries/deep/one.gql", "notes.md", ".hidden/x.graphql", "node_modules/pkg/y.graphql", "build/z.graphql"] {
        touch(root.path(), file);
    }
    std::fs::write(root.path().join(".ignore"), "node_modules/\nbuild/\n").unwrap();
    let list = |globs: &[&str]| {
        let globs: Vec<String> = globs.iter().map(|glob| glob.to_string()).collect();
        let (found, more) = documents(root.path(), &globs).unwrap();
        assert!(!more);
        found
    };
    let paths = |paths: &[&str]| paths.iter().map(PathBuf::from).collect::<Vec<_>>();
    assert_eq!(list(&[]), paths(&["me.graphql", "queries/deep/one.gql", "queries/projects.graphql"]), "the default globs");
    assert_eq!(list(&["queries/*.graphql"]), paths(&["queries/projects.graphql"]));
    assert_eq!(list(&["./queries/**/*.{graphql,gql}"]), paths(&["queries/deep/one.gql", "queries/projects.graphql"]));
    assert!(documents(root.path(), &["[".to_owned()]).unwrap_err().contains("glob"));
}

#[test]
fn a_document_is_written_back_exactly_with_its_variables_beside_it() {
    let root = tempfile::tempdir().unwrap();
    let document = root.path().join("me.graphql");
    assert_eq!(variables_file(&document), root.path().join("me.variables.json"));
    let text = "# kept\r\nquery Me {\r\n  me { name } # here too\r\n}";
    write(&document, text, Some("{}")).unwrap();
    assert_eq!(read(&document).unwrap(), (text.to_owned(), None), "no variables file for `{{}}`");
    write(&document, text, Some("{\n  \"a\": 1\n}\n")).unwrap();
    assert_eq!(read(&document).unwrap().1.as_deref(), Some("{\n  \"a\": 1\n}\n"));
    // Once there, emptied variables are written too (not left stale).
    write(&document, text, Some("{}")).unwrap();
    assert_eq!(read(&document).unwrap().1.as_deref(), Some("{}"));
    // No temporary file is left behind.
    let mut names: Vec<String> = std::fs::read_dir(root.path()).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    assert_eq!(names, ["me.graphql", "me.variables.json"]);
}
