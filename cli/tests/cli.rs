//! The `sextant` binary as scripts and editors use it: arguments in, text or JSON out, exit status.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

/// (arguments, stdin, exit status, text in stdout, text in stderr)
type Case<'a> = (Vec<&'a str>, &'a [u8], i32, &'a str, &'a str);

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

fn sextant(args: &[&str], stdin: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sextant"))
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sextant starts");
    child.stdin.take().unwrap().write_all(stdin).unwrap();
    let output = child.wait_with_output().unwrap();
    Run {
        status: output.status.code().expect("sextant exits rather than being killed by a signal"),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

/// A file with these contents in a fresh temporary folder.
fn file(name: &str, contents: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sextant-cli-test-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn fixture() -> PathBuf {
    test_support::repository_root().join("demo/schema.graphql")
}

#[test]
fn commands_answer_with_the_expected_status_and_output() {
    let railway = test_support::railway_introspection_path();
    let railway = railway.to_str().unwrap();
    let fixture = fixture();
    let fixture = fixture.to_str().unwrap();
    let not_json = file("not-json.json", b"{ this is not json");
    let refused = file("refused.json", br#"{"errors":[{"message":"introspection is disabled"}]}"#);
    let html = file("error-page.json", b"<html><body>502 Bad Gateway</body></html>");
    let unfinished = file("unfinished.graphql", b"{ pro");
    let valid = file("valid.graphql", b"query One { me { name } }");
    let invalid = file("invalid.graphql", b"{ me { nme } }");
    let not_utf8 = file("latin1.graphql", b"{ me { name } } # caf\xe9");

    let cases: Vec<Case> = vec![
        (vec!["schema", "load", railway], b"", 0, "query: Query (152 fields)", ""),
        (vec!["schema", "load", "/no/such/schema.json"], b"", 2, "", "cannot read /no/such/schema.json"),
        (vec!["schema", "load", not_json.to_str().unwrap()], b"", 2, "", "not valid JSON"),
        (vec!["schema", "load", refused.to_str().unwrap()], b"", 2, "", "refused introspection: introspection is disabled"),
        (vec!["schema", "load", html.to_str().unwrap()], b"", 2, "", "schema"),
        (vec!["schema", "print", fixture], b"", 0, "type Project implements Node & Timestamped", ""),
        (vec!["complete", "--schema", fixture, "--offset", "5", unfinished.to_str().unwrap()], b"", 0, "project", ""),
        (vec!["complete", "--schema", fixture, "--offset", "6", unfinished.to_str().unwrap()], b"", 2, "", "offset 6 is past the end"),
        (vec!["complete", "--schema", fixture, "--offset", "3", "-"], "{ é".as_bytes(), 2, "", "inside a multi-byte character"),
        (vec!["check", "--schema", fixture, valid.to_str().unwrap()], b"", 0, "", ""),
        (vec!["check", "--schema", fixture, invalid.to_str().unwrap()], b"", 1, "invalid.graphql:1:8: error:", ""),
        (vec!["check", "--schema", fixture, not_utf8.to_str().unwrap()], b"", 2, "", "is not UTF-8 text"),
        // Regression: an empty document passed; the spec requires at least one definition.
        (vec!["check", "--schema", fixture, "-"], b"", 1, "-:1:1: error: The document has no operation or fragment", ""),
        (vec!["check", "--schema", fixture, "-"], b"  # only a comment\n", 1, "needs at least one definition", ""),
        (vec!["format", "-"], b"query   One{me{name}}", 0, "query One {\n  me {\n    name\n  }\n}", ""),
        (vec!["operations", "-"], b"query A { me { id } }\nmutation B { projectDelete(id: 1) }", 0, "2:1 mutation B", ""),
        (vec!["hover", "--schema", fixture, "--offset", "3", "-"], b"{ me { id } }", 0, "Query.me: User!", ""),
    ];
    for (args, stdin, status, stdout, stderr) in cases {
        let run = sextant(&args, stdin);
        let what = format!("sextant {}", args.join(" "));
        assert_eq!(run.status, status, "{what}: exit status; stderr: {}", run.stderr);
        assert!(run.stdout.contains(stdout), "{what}: stdout {:?} lacks {stdout:?}", run.stdout);
        assert!(run.stderr.contains(stderr), "{what}: stderr {:?} lacks {stderr:?}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{what} panicked: {}", run.stderr);
        if status == 2 {
            assert_eq!(run.stderr.lines().count(), 1, "{what}: an error is one line: {:?}", run.stderr);
        }
    }
}

#[test]
fn check_prints_one_json_object_per_document() {
    let fixture = fixture();
    let valid = file("json-valid.graphql", b"{ me { name } }");
    let invalid = file("json-invalid.graphql", b"{ me { nme } }");
    let run = sextant(
        &["check", "--format", "json", "--schema", fixture.to_str().unwrap(), valid.to_str().unwrap(), invalid.to_str().unwrap()],
        b"",
    );
    assert_eq!(run.status, 1, "{}", run.stderr);
    let objects: Vec<serde_json::Value> = run.stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(objects.len(), 2);
    assert_eq!(objects[0]["valid"], true);
    assert_eq!(objects[0]["diagnostics"], serde_json::json!([]));
    assert_eq!(objects[1]["valid"], false);
    let diagnostic = &objects[1]["diagnostics"][0];
    assert_eq!(diagnostic["severity"], "error");
    assert_eq!((diagnostic["line"].as_u64(), diagnostic["column"].as_u64()), (Some(1), Some(8)));
    assert_eq!((diagnostic["start"].as_u64(), diagnostic["end"].as_u64()), (Some(7), Some(10)));
    assert!(diagnostic["message"].as_str().unwrap().contains("nme"));
}

#[test]
fn batch_completion_answers_each_line_with_its_id_items_and_time() {
    let fixture = fixture();
    let requests = [
        serde_json::json!({"id": 1, "document": "{ pro", "offset": 5}),
        serde_json::json!({"id": "second", "document": "{ me { na } }", "offset": 9}),
    ];
    let input: String = requests.iter().map(|request| format!("{request}\n")).collect();
    let run = sextant(&["complete", "--schema", fixture.to_str().unwrap(), "--batch", "-"], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let answers: Vec<serde_json::Value> = run.stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(answers.len(), 2);
    for (answer, (id, first_label)) in answers.iter().zip([(serde_json::json!(1), "project"), (serde_json::json!("second"), "name")]) {
        assert_eq!(answer["id"], id);
        assert_eq!(answer["items"][0]["label"], first_label, "{answer}");
        assert!(answer["us"].as_f64().is_some_and(|us| us >= 0.0), "{answer}");
    }
}

/// Issue 12: `sextant import` writes another client's requests into a project folder, each secret
/// named on stderr and in no file.
#[test]
fn import_writes_a_collection_into_a_project_and_names_what_it_dropped() {
    let dir = tempfile::tempdir().unwrap();
    let collection = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../project/tests/data/railway.agc");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_sextant"))
        .args(["import", collection.to_str().unwrap(), "--into", dir.path().to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(report["format"], "altair");
    assert_eq!(report["files"], serde_json::json!(["my-projects.graphql", "one-project.graphql", "one-project.variables.json"]));
    assert_eq!(report["config"], ".graphqlrc.yml");
    assert!(report["dropped"][0].as_str().unwrap().contains("Authorization"), "{report}");
    let config = std::fs::read_to_string(dir.path().join(".graphqlrc.yml")).unwrap();
    assert!(config.contains("https://backboard.railway.com/graphql/v2") && !config.contains("altair-secret-1"), "{config}");

    let unknown = std::process::Command::new(env!("CARGO_BIN_EXE_sextant")).args(["import", "Cargo.toml"]).output().unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("not a collection Sextant reads"));
}
