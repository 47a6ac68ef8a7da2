//! `sextant schema search | refs | paths | diff` as scripts use them: arguments in, text or JSON
//! out, exit status; on the demo schema and Railway's.

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};

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
    let dir = std::env::temp_dir().join(format!("sextant-explore-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, contents).unwrap();
    path
}

fn fixture() -> String {
    test_support::repository_root().join("demo/schema.graphql").to_str().unwrap().to_owned()
}

fn railway() -> String {
    test_support::railway_introspection_path().to_str().unwrap().to_owned()
}

/// The demo schema with one edit.
fn edited_fixture(name: &str, from: &str, to: &str) -> String {
    let sdl = test_support::fixture_sdl();
    assert!(sdl.contains(from), "the demo schema has {from:?}");
    file(name, sdl.replacen(from, to, 1).as_bytes()).to_str().unwrap().to_owned()
}

fn json_line(run: &Run) -> serde_json::Value {
    serde_json::from_str(run.stdout.trim()).unwrap_or_else(|error| panic!("{error}: {:?}", run.stdout))
}

#[test]
fn commands_answer_with_the_expected_status_and_output() {
    let (fixture, railway) = (fixture(), railway());
    let no_email = edited_fixture("no-email.graphql", "  email: String\n", "");
    let more_statuses = edited_fixture("more-statuses.graphql", "  QUEUED\n", "  QUEUED\n  PAUSED\n");
    let not_a_schema = file("not-a-schema.graphql", b"this is { not SDL");
    // (arguments, exit status, text in stdout, text in stderr)
    let cases: Vec<(Vec<&str>, i32, &str, &str)> = vec![
        (vec!["schema", "search", &fixture, "project"], 0, "Query.project", ""),
        (vec!["schema", "search", &fixture, "depstat"], 0, "Subscription.deploymentStatus", ""),
        (vec!["schema", "search", &fixture, "deploy", "--kind", "type,enumValue"], 0, "DeploymentStatus", ""),
        (vec!["schema", "search", &fixture, "x", "--kind", "tables"], 2, "", "unknown kind \"tables\""),
        (vec!["schema", "search", &railway, "varups"], 0, "Mutation.variableUpsert", ""),
        (vec!["schema", "search", "/no/such/schema.json", "x"], 2, "", "cannot read /no/such/schema.json"),
        (vec!["schema", "search", not_a_schema.to_str().unwrap(), "x"], 2, "", ""),
        (vec!["schema", "refs", &fixture, "Project"], 0, "unionMember        SearchResult", ""),
        (vec!["schema", "refs", &fixture, "Projct"], 2, "", "did you mean Project?"),
        (vec!["schema", "refs", &fixture, "Query.project"], 2, "", "Query.project is a field"),
        (vec!["schema", "refs", &fixture, "CacheScope"], 0, "directiveArgument  @cached(scope:)", ""),
        (vec!["schema", "refs", &railway, "Project"], 0, "field              Query.project", ""),
        (vec!["schema", "paths", &fixture, "Deployment.url"], 0, "Query.node(id:) → … on Deployment → Deployment.url", ""),
        (vec!["schema", "paths", &fixture, "Query"], 0, "(a root type: no field needed)", ""),
        (vec!["schema", "paths", &fixture, "@cached"], 0, "no field reaches @cached", ""),
        (vec!["schema", "paths", &railway, "Project", "--limit", "1"], 0, "Query.project(id:)", ""),
        (vec!["schema", "diff", &fixture, &fixture], 0, "No changes.", ""),
        (vec!["schema", "diff", &fixture, &no_email], 1, "Breaking changes (1)\n  User.email", ""),
        (vec!["schema", "diff", &fixture, &more_statuses], 0, "Dangerous changes (1)\n  DeploymentStatus.PAUSED", ""),
        (vec!["schema", "diff", &no_email, &fixture], 0, "Safe changes (1)", ""),
        (vec!["schema", "diff", &railway, &railway], 0, "No changes.", ""),
        (vec!["schema", "diff", &fixture, "/no/such/schema.graphql"], 2, "", "cannot read /no/such/schema.graphql"),
    ];
    let mut failures = Vec::new();
    for (args, status, stdout, stderr) in cases {
        let run = sextant(&args, b"");
        let what = format!("sextant {}", args.join(" "));
        if run.status != status || !run.stdout.contains(stdout) || !run.stderr.contains(stderr) || run.stderr.contains("panicked") {
            failures.push(format!(
                "{what}: expected status {status}, stdout with {stdout:?}, stderr with {stderr:?}; got {}\nstdout: {}\nstderr: {}",
                run.status, run.stdout, run.stderr
            ));
        } else if status == 2 && run.stderr.lines().count() != 1 {
            failures.push(format!("{what}: an error is one line: {:?}", run.stderr));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn json_output_has_the_documented_shape() {
    let fixture = fixture();
    let search = json_line(&sextant(&["schema", "search", &fixture, "project", "--format", "json", "--limit", "3"], b""));
    assert_eq!(search["results"].as_array().map(Vec::len), Some(3), "{search}");
    assert_eq!(search["results"][0]["coordinate"], "Query.project");
    assert_eq!(search["results"][0]["kind"], "field");
    assert_eq!(search["results"][0]["description"], "One project by id.");
    assert_eq!(search["results"][1]["coordinate"], "Project");
    assert_eq!(search["results"][1]["kind"], "object");

    let refs = json_line(&sextant(&["schema", "refs", &fixture, "DeploymentStatus", "--format", "json"], b""));
    assert_eq!(
        refs,
        serde_json::json!({"references": [
            {"coordinate": "Deployment.status", "relation": "field"},
            {"coordinate": "Project.deployments(status:)", "relation": "argument"},
            {"coordinate": "Project.deployments(statuses:)", "relation": "argument"},
            {"coordinate": "ProjectFilter.status", "relation": "inputField"},
        ]})
    );

    let paths = json_line(&sextant(&["schema", "paths", &fixture, "Deployment.url", "--limit", "2", "--format", "json"], b""));
    assert_eq!(paths["paths"], serde_json::json!([["Query.node", "Deployment.url"], ["Mutation.deploymentRedeploy", "Deployment.url"]]));
    assert_eq!(paths["details"][0]["steps"][0]["requiredArguments"], serde_json::json!(["id"]));
    assert_eq!(paths["details"][0]["steps"][1]["typeCondition"], "Deployment");

    let no_email = edited_fixture("json-no-email.graphql", "  email: String\n", "");
    let run = sextant(&["schema", "diff", &fixture, &no_email, "--format", "json"], b"");
    assert_eq!(run.status, 1, "{}", run.stderr);
    let diff = json_line(&run);
    assert_eq!(diff["changes"].as_array().map(Vec::len), Some(1), "{diff}");
    assert_eq!(diff["changes"][0]["criticality"], "BREAKING");
    assert_eq!(diff["changes"][0]["kind"], "FIELD_REMOVED");
    assert_eq!(diff["changes"][0]["coordinate"], "User.email");
    assert!(diff["changes"][0]["message"].as_str().is_some_and(|message| message.contains("User.email")), "{diff}");
}

#[test]
fn batch_search_answers_each_line_with_its_id_results_and_time() {
    let requests = [
        serde_json::json!({"id": 1, "query": "project"}),
        serde_json::json!({"id": "second", "query": "deploy", "kinds": ["type"], "limit": 1}),
        serde_json::json!({"id": 3, "query": "computed on each request"}),
    ];
    let input: String = requests.iter().map(|request| format!("{request}\n")).collect();
    let run = sextant(&["schema", "search", &fixture(), "--batch", "-"], input.as_bytes());
    assert_eq!(run.status, 0, "{}", run.stderr);
    let answers: Vec<serde_json::Value> = run.stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    let expected = [(serde_json::json!(1), "Query.project"), (serde_json::json!("second"), "Deployment"), (serde_json::json!(3), "@computed")];
    assert_eq!(answers.len(), expected.len());
    for (answer, (id, first)) in answers.iter().zip(expected) {
        assert_eq!(answer["id"], id);
        assert_eq!(answer["results"][0]["coordinate"], first, "{answer}");
        assert!(answer["us"].as_f64().is_some_and(|us| us >= 0.0), "{answer}");
    }
    assert_eq!(answers[1]["results"].as_array().map(Vec::len), Some(1));

    let run = sextant(&["schema", "search", &fixture(), "--batch", "-"], b"{\"query\": \"no id\"}\n");
    assert_eq!(run.status, 2);
    assert!(run.stderr.contains("line 1 is not"), "{}", run.stderr);
}

#[test]
fn one_schema_as_introspection_json_and_as_sdl_differs_in_nothing() {
    let railway = railway();
    let printed = sextant(&["schema", "print", &railway], b"");
    assert_eq!(printed.status, 0, "{}", printed.stderr);
    let sdl = file("railway.graphql", printed.stdout.as_bytes());
    for (old, new) in [(railway.as_str(), sdl.to_str().unwrap()), (sdl.to_str().unwrap(), railway.as_str())] {
        let run = sextant(&["schema", "diff", old, new, "--format", "json"], b"");
        assert_eq!(run.status, 0, "{}", run.stderr);
        assert_eq!(json_line(&run), serde_json::json!({"changes": []}));
    }
}
