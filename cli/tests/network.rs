//! The network commands against the real demo server on loopback, with tokens in a real Secret
//! Service: run these tests through `scripts/with-keyring` (scripts/test does).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use demo_server::{DemoConfig, DemoServer, Mode};

/// A token no file, log or output may ever contain.
const SENTINEL: &str = "sentinel-7f3a9c2e-never-print-me";
const PROJECT_TOKEN: &str = "sentinel-project-4b1d-never-print-me";

struct Run {
    status: i32,
    stdout: String,
    stderr: String,
}

/// One user's machine: its own configuration, cache and state directories, and a keychain service
/// name of its own in the private test keyring.
struct Home {
    dir: PathBuf,
    keychain_service: String,
    environment: Vec<(String, String)>,
}

/// Fails unless this runs in the private, throwaway keyring of `scripts/with-keyring`: these tests
/// store tokens, and never in a person's own keyring.
fn private_keyring() {
    assert_eq!(
        std::env::var("SEXTANT_TEST_KEYRING").as_deref(),
        Ok("private"),
        "these tests store tokens: run them in a private keyring, `scripts/with-keyring cargo test -p sextant-cli`"
    );
}

impl Home {
    fn new(name: &str) -> Home {
        private_keyring();
        let dir = std::env::temp_dir().join(format!("sextant-network-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Home { dir, keychain_service: format!("sextant-test-{}-{name}", std::process::id()), environment: Vec::new() }
    }

    /// Sets an environment variable for every `sextant` this home runs.
    fn with_env(mut self, name: &str, value: &str) -> Home {
        self.environment.push((name.to_owned(), value.to_owned()));
        self
    }

    fn sextant(&self, args: &[&str], stdin: &str) -> Run {
        self.sextant_in(&self.dir, args, stdin)
    }

    /// Runs in `dir`, where a project's config is looked for.
    fn sextant_in(&self, dir: &Path, args: &[&str], stdin: &str) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sextant"))
            .current_dir(dir)
            .args(args)
            .env("NO_COLOR", "1")
            .env("SEXTANT_CONFIG_DIR", self.dir.join("config"))
            .env("SEXTANT_CACHE_DIR", self.dir.join("cache"))
            .env("SEXTANT_STATE_DIR", self.dir.join("state"))
            .env("SEXTANT_KEYCHAIN_SERVICE", &self.keychain_service)
            .envs(self.environment.iter().map(|(name, value)| (name, value)))
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sextant starts");
        child.stdin.take().unwrap().write_all(stdin.as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        let run = Run {
            status: output.status.code().expect("sextant exits rather than being killed by a signal"),
            stdout: String::from_utf8(output.stdout).unwrap(),
            stderr: String::from_utf8(output.stderr).unwrap(),
        };
        assert!(!run.stderr.contains("panicked"), "sextant {args:?} panicked: {}", run.stderr);
        run
    }

    /// Runs and insists on the exit status.
    fn expect(&self, status: i32, args: &[&str], stdin: &str) -> Run {
        let run = self.sextant(args, stdin);
        assert_eq!(run.status, status, "sextant {args:?}\nstdout: {}\nstderr: {}", run.stdout, run.stderr);
        run
    }

    fn document(&self, name: &str, text: &str) -> String {
        let path = self.dir.join(name);
        std::fs::write(&path, text).unwrap();
        path.to_str().unwrap().to_owned()
    }
}

impl Drop for Home {
    /// The files go, and so does every token the test stored.
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
        let _ = Command::new("secret-tool").args(["clear", "service", &self.keychain_service]).status();
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap()
}

fn start(runtime: &tokio::runtime::Runtime, config: DemoConfig) -> DemoServer {
    runtime.block_on(DemoServer::start(config, "127.0.0.1:0".parse().unwrap())).unwrap()
}

fn tokens_config() -> DemoConfig {
    DemoConfig {
        bearer_tokens: vec![SENTINEL.into()],
        project_tokens: vec![(PROJECT_TOKEN.into(), demo_server::sample::PROJECT_SHOP.into())],
        require_token: true,
        ..DemoConfig::default()
    }
}

/// Every file under `dir` whose contents hold `needle`.
fn files_containing(dir: &Path, needle: &str) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_containing(&path, needle));
        } else if std::fs::read(&path).is_ok_and(|bytes| bytes.windows(needle.len()).any(|window| window == needle.as_bytes())) {
            found.push(path);
        }
    }
    found
}

#[test]
fn each_token_kind_reaches_the_server_in_its_own_header() {
    let runtime = runtime();
    let server = start(&runtime, tokens_config());
    let home = Home::new("token-kinds");
    let url = server.url();
    let query = home.document("q.graphql", "{ projects { edges { node { name } } } }");
    // (profile, header name option, token, header that must arrive, value that must arrive)
    let cases = [
        ("account", None, SENTINEL, "authorization", format!("Bearer {SENTINEL}")),
        ("project", Some("Project-Access-Token"), PROJECT_TOKEN, "project-access-token", PROJECT_TOKEN.to_owned()),
    ];
    for (profile, header_name, token, header, value) in cases {
        let mut add = vec!["profile", "add", profile, "--origin", &url];
        if let Some(name) = header_name {
            add.extend(["--header-name", name]);
        }
        home.expect(0, &add, "");
        home.expect(0, &["token", "set", profile], &format!("{token}\n"));
        let before = server.request_count();
        let run = home.expect(0, &["run", &url, &query, "--profile", profile], "");
        assert!(run.stdout.contains("acme-shop"), "{profile}: {}", run.stdout);
        let received = &server.requests()[before];
        assert!(received.carries(header, &value), "{profile}: the token arrives in {header}");
    }
    let listed = home.expect(0, &["profile", "list"], "");
    assert!(listed.stdout.lines().all(|line| line.ends_with("token set")), "{}", listed.stdout);
}

#[test]
fn no_token_reaches_another_origin_on_a_redirect() {
    let runtime = runtime();
    let server = start(&runtime, tokens_config());
    let elsewhere = start(&runtime, DemoConfig::default());
    server.set_mode(Mode::RedirectTo { location: elsewhere.url() });
    let home = Home::new("redirect");
    let url = server.url();
    let query = home.document("q.graphql", "{ me { name } }");
    home.expect(0, &["profile", "add", "account", "--origin", &url], "");
    home.expect(0, &["token", "set", "account"], SENTINEL);
    // (extra arguments: the profile's token, and a typed header)
    let cases: [&[&str]; 2] = [&["--profile", "account"], &["--header", "Project-Access-Token: sentinel-typed-header"]];
    for extra in cases {
        let mut args = vec!["run", url.as_str(), query.as_str()];
        args.extend(extra);
        let run = home.expect(1, &args, "");
        assert!(run.stderr.contains("307") && run.stderr.contains("another origin"), "{extra:?}: {}", run.stderr);
    }
    assert_eq!(elsewhere.request_count(), 0, "nothing at all reached the other origin");
    // A profile's token is refused outright for an endpoint at another origin.
    let run = home.expect(2, &["run", &elsewhere.url(), &query, "--profile", "account"], "");
    assert!(run.stderr.contains("its token is not sent to"), "{}", run.stderr);
    assert_eq!(elsewhere.request_count(), 0);
}

#[test]
fn retry_after_is_honoured_and_no_token_is_left_anywhere() {
    let runtime = runtime();
    let server = start(&runtime, DemoConfig { budget: 2, window: std::time::Duration::from_secs(3600), ..tokens_config() });
    let home = Home::new("scripted");
    let url = server.url();
    let query = home.document("q.graphql", "query Me { me { name } }");
    let mut outputs = Vec::new();
    let mut remember = |run: Run| outputs.push(format!("{}{}", run.stdout, run.stderr));

    remember(home.expect(0, &["profile", "add", "account", "--origin", &url], ""));
    remember(home.expect(0, &["token", "set", "account"], &format!("{SENTINEL}\n")));
    remember(home.expect(0, &["schema", "fetch", &url, "--profile", "account"], ""));
    let cached = home.expect(0, &["schema", "fetch", &url, "--profile", "account"], "");
    assert!(cached.stdout.contains("schema from the cache"), "{}", cached.stdout);
    remember(cached);
    remember(home.expect(0, &["run", &url, &query, "--profile", "account", "--format", "json"], ""));
    // The budget is used up: the next run is refused without a request...
    let before = server.request_count();
    let refused = home.expect(2, &["run", &url, &query, "--profile", "account"], "");
    assert!(refused.stderr.contains("budget is used up"), "{}", refused.stderr);
    assert_eq!(server.request_count(), before, "a refused run sends nothing");
    remember(refused);
    // ...unless overridden; the server then answers 429 with Retry-After.
    let limited = home.expect(1, &["run", &url, &query, "--profile", "account", "--override-rate-limit"], "");
    assert!(limited.stderr.contains("429") && limited.stderr.contains("Retry-After"), "{}", limited.stderr);
    remember(limited);
    // While Retry-After is in force, runs and schema refreshes are refused and reach nothing.
    let after_429 = server.request_count();
    for args in [vec!["run", &url, &query, "--profile", "account"], vec!["schema", "fetch", &url, "--profile", "account", "--refresh"]] {
        let run = home.expect(2, &args, "");
        assert!(run.stderr.contains("Retry-After"), "{}", run.stderr);
        remember(run);
    }
    assert_eq!(server.request_count(), after_429, "no request reaches the server while Retry-After is in force");
    // The server's window ends; an explicit override goes out once, and its success opens the gate.
    server.end_window();
    remember(home.expect(0, &["schema", "fetch", &url, "--profile", "account", "--refresh", "--override-rate-limit"], ""));
    remember(home.expect(0, &["run", &url, &query, "--profile", "account"], ""));
    assert_eq!(server.request_count(), after_429 + 2);

    // Every run is in the history, refused ones too; never the token (checked with the files below).
    let history = home.expect(0, &["history", "--format", "json"], "");
    let runs: serde_json::Value = serde_json::from_str(&history.stdout).unwrap();
    let runs = runs["runs"].as_array().unwrap();
    let statuses: Vec<Option<u64>> = runs.iter().map(|run| run["status"].as_u64()).collect();
    assert_eq!(statuses, [Some(200), None, Some(429), None, Some(200)], "newest first: {}", history.stdout);
    assert!(runs.iter().all(|run| run["profile"] == "account" && run["operationName"].is_null() && run["from"] == "cli"), "{}", history.stdout);
    assert!(runs[1]["failure"].as_str().unwrap().contains("Retry-After"), "a refused run says why: {}", runs[1]);
    assert_eq!(runs[0]["endpoint"], serde_json::json!({"kind": "url", "url": url}));
    let failed = home.expect(0, &["history", "--failed", "--search", "me name", "--format", "json"], "");
    let failed: serde_json::Value = serde_json::from_str(&failed.stdout).unwrap();
    assert_eq!(failed["runs"].as_array().unwrap().len(), 3);
    let text = home.expect(0, &["history", "--limit", "2"], "");
    assert_eq!(text.stdout.lines().count(), 2, "{}", text.stdout);
    assert!(text.stdout.lines().next().unwrap().contains("200") && text.stdout.contains(&url), "{}", text.stdout);
    remember(history);
    remember(text);
    assert!(home.dir.join("state/history.sqlite").exists(), "the history is among the files searched for the token");

    let leaks: Vec<_> = ["config", "cache", "state"].iter().flat_map(|dir| files_containing(&home.dir.join(dir), SENTINEL)).collect();
    assert!(leaks.is_empty(), "the token is in {leaks:?}");
    for output in &outputs {
        assert!(!output.contains(SENTINEL), "the token is in the output: {output}");
    }
}

#[test]
fn bad_responses_give_clear_messages() {
    let runtime = runtime();
    let server = start(&runtime, DemoConfig::default());
    let home = Home::new("bad-responses");
    let url = server.url();
    let query = home.document("q.graphql", "{ me { name } }");
    let refusing = demo_server::RefusingPort::new().unwrap();
    let closed_port = refusing.url();
    // (mode, command, exit status, text on stderr)
    let cases: Vec<(Mode, Vec<&str>, i32, &str)> = vec![
        (Mode::HtmlError, vec!["run", &url, &query], 1, "HTML page, not GraphQL JSON"),
        (Mode::IntrospectionDisabled, vec!["schema", "fetch", &url], 2, "introspection is disabled on this server"),
        (Mode::IntrospectionDisabled, vec!["schema", "fetch", &url], 2, "load the schema from a file"),
        (Mode::Normal, vec!["run", &closed_port, &query], 1, "unreachable"),
        (Mode::Normal, vec!["run", "ftp://example.com/graphql", &query], 2, "an endpoint starts with http:// or https://"),
        (Mode::Normal, vec!["run", &url, &query, "--variables", "[1]"], 2, "must be a JSON object"),
        (Mode::Normal, vec!["run", &url, &query, "--header", "Authorization: Bearer ${SEXTANT_TEST_UNSET_VARIABLE}"], 2, "SEXTANT_TEST_UNSET_VARIABLE is not set"),
        (Mode::Normal, vec!["run", &url, &query, "--header", "no colon"], 2, "`Name: value`"),
        (Mode::Normal, vec!["run", &url, &query, "--profile", "nobody"], 2, "no profile named \"nobody\""),
    ];
    for (mode, args, status, message) in cases {
        server.set_mode(mode);
        let run = home.expect(status, &args, "");
        assert!(run.stderr.contains(message), "sextant {args:?}: {:?} lacks {message:?}", run.stderr);
    }
}

/// Regression: `data` nested 200 deep made `sextant run` panic (a recursive parser's limit behind
/// an `expect`). Deeper still, the body is shown as the server sent it, and nothing panics.
#[test]
fn deeply_nested_data_is_printed_without_a_panic() {
    let runtime = runtime();
    let home = Home::new("nested");
    let query = home.document("q.graphql", "{ me { name } }");
    for depth in [200, 20_000] {
        let server = start(&runtime, DemoConfig { mode: Mode::Nested { depth }, ..DemoConfig::default() });
        let run = home.expect(0, &["run", &server.url(), &query], "");
        assert_eq!(run.stdout.matches('[').count(), depth, "every level is printed");
        let json = home.expect(0, &["run", &server.url(), &query, "--format", "json"], "");
        assert!(json.stdout.contains("[[[["), "{}", &json.stdout[..200.min(json.stdout.len())]);
    }
}

/// Regression: `schema fetch --header` was refused, though on CI and servers (no keychain) a header
/// is how scripts authenticate. The value comes from the environment and keys the cache by its
/// fingerprint, never its value.
#[test]
fn schema_fetch_takes_a_header_from_the_environment_and_caches_by_its_fingerprint() {
    let runtime = runtime();
    let server = start(&runtime, tokens_config());
    let home = Home::new("header-fetch").with_env("RAILWAY_TOKEN", SENTINEL).with_env("OTHER_TOKEN", "sentinel-another-account");
    let url = server.url();
    let header = "Authorization: Bearer ${RAILWAY_TOKEN}";
    let fetched = home.expect(0, &["schema", "fetch", &url, "--header", header], "");
    assert!(fetched.stdout.contains("fetched by introspection"), "{}", fetched.stdout);
    assert!(server.requests().last().unwrap().carries("authorization", &format!("Bearer {SENTINEL}")));
    let cached = home.expect(0, &["schema", "fetch", &url, "--header", header], "");
    assert!(cached.stdout.contains("schema from the cache"), "the same credential finds its schema: {}", cached.stdout);
    // Another credential is another caller: its own schema and budget, not the first one's.
    let other = home.sextant(&["schema", "fetch", &url, "--header", "Authorization: Bearer ${OTHER_TOKEN}"], "");
    assert_eq!(other.status, 2, "the unknown token is refused by the server: {}", other.stderr);
    assert!(other.stderr.contains("401"), "{}", other.stderr);
    let before_anonymous = server.request_count();
    home.expect(2, &["schema", "fetch", &url], "");
    assert_eq!(server.request_count(), before_anonymous + 1, "without the header, the cached schema is not used");
    for dir in ["config", "cache", "state"] {
        for value in [SENTINEL, "RAILWAY_TOKEN", "sentinel-another-account"] {
            assert!(files_containing(&home.dir.join(dir), value).is_empty(), "{value} is in {dir}");
        }
    }
    // An unset variable sends nothing and names itself.
    let before = server.request_count();
    let unset = home.expect(2, &["schema", "fetch", &url, "--refresh", "--header", "Authorization: Bearer ${SEXTANT_UNSET}"], "");
    assert!(unset.stderr.contains("SEXTANT_UNSET is not set") && unset.stderr.contains("nothing was sent"), "{}", unset.stderr);
    assert_eq!(server.request_count(), before);
}

/// Regression: a 401 to introspection said "introspection is disabled: load the schema from a file".
#[test]
fn a_refused_introspection_names_the_profile() {
    let runtime = runtime();
    let server = start(&runtime, tokens_config());
    let home = Home::new("refused-introspection");
    let url = server.url();
    let anonymous = home.expect(2, &["schema", "fetch", &url], "");
    assert!(anonymous.stderr.contains("401") && anonymous.stderr.contains("none was sent"), "{}", anonymous.stderr);
    assert!(!anonymous.stderr.contains("introspection is disabled"), "{}", anonymous.stderr);
    home.expect(0, &["profile", "add", "stale", "--origin", &url], "");
    home.expect(0, &["token", "set", "stale"], "sentinel-expired-token");
    let wrong = home.expect(2, &["schema", "fetch", &url, "--profile", "stale"], "");
    assert!(wrong.stderr.contains("the token of profile \"stale\" was not accepted"), "{}", wrong.stderr);
}

/// Regression: the command line accepted only an object of variables, the app any JSON. Both read
/// them with `connection::variables::parse`; this table is the one the app's test runs too.
#[test]
fn variables_are_accepted_as_the_app_accepts_them() {
    let runtime = runtime();
    let server = start(&runtime, DemoConfig::default());
    let home = Home::new("variables");
    let query = home.document("q.graphql", "query Q($id: String) { project(id: $id) { name } }");
    for case in test_support::cases::VARIABLES {
        let run = home.sextant(&["run", &server.url(), &query, "--variables", case.text], "");
        match case.accepted {
            Some(_) => assert_ne!(run.status, 2, "{:?} is sent: {}", case.text, run.stderr),
            None => {
                assert_eq!(run.status, 2, "{:?} is refused: {}", case.text, run.stdout);
                assert!(run.stderr.contains(case.message), "{:?}: {}", case.text, run.stderr);
            }
        }
    }
}

/// Regression: the plain-http warning for a profile whose token would travel unencrypted.
#[test]
fn a_profile_for_plain_http_off_this_machine_is_warned_about() {
    let home = Home::new("plain-http");
    let warned = home.expect(0, &["profile", "add", "lan", "--origin", "http://api.example.com/graphql"], "");
    assert!(warned.stderr.contains("plain http"), "{}", warned.stderr);
    let quiet = home.expect(0, &["profile", "add", "local", "--origin", "http://127.0.0.1:4000/graphql"], "");
    assert!(!quiet.stderr.contains("plain http"), "{}", quiet.stderr);
    let listed = home.expect(0, &["profile", "list", "--format", "json"], "");
    assert!(listed.stdout.contains("\"origin\":\"http://api.example.com\""), "one spelling of origins: {}", listed.stdout);
}

/// Issue 11: `schema fetch --refresh` says how the schema changed since the cached one.
#[test]
fn a_refresh_says_how_the_schema_changed_since_the_cached_one() {
    let runtime = runtime();
    let server = start(&runtime, DemoConfig::default());
    let home = Home::new("refresh-changes");
    let url = server.url();
    let first = home.expect(0, &["schema", "fetch", &url], "");
    assert!(!first.stdout.contains("since the cached schema"), "nothing to compare with: {}", first.stdout);
    server.set_mode(Mode::NextSchema);
    let refreshed = home.expect(0, &["schema", "fetch", &url, "--refresh"], "");
    assert!(refreshed.stdout.contains("since the cached schema: 2 breaking, 0 dangerous, 2 safe changes"), "{}", refreshed.stdout);
    let again = home.expect(0, &["--format", "json", "schema", "fetch", &url, "--refresh"], "");
    let report: serde_json::Value = serde_json::from_str(again.stdout.lines().last().unwrap()).unwrap();
    assert_eq!(report["changes"]["breaking"], serde_json::json!(0), "{}", again.stdout);
    assert_eq!(server.request_count(), 3, "the comparison costs no request");
}

/// Issue 12: `sextant curl` prints a command that, run by a shell, gets the answer `run` gets; the
/// profile's token is `$SEXTANT_TOKEN` (written only with --include-secrets), a header's `${VAR}`
/// stays a variable, and a quote in the document survives the shell.
#[test]
fn curl_prints_a_command_that_gets_the_same_answer_without_the_token() {
    let runtime = runtime();
    let server = start(&runtime, tokens_config());
    let home = Home::new("curl");
    let url = server.url();
    let query = home.document("q.graphql", "# it's mine\nquery Project($id: String!) { project(id: $id) { name } }");
    let variables = format!(r#"{{"id": "{}"}}"#, demo_server::sample::PROJECT_SHOP);
    home.expect(0, &["profile", "add", "account", "--origin", &url], "");
    home.expect(0, &["token", "set", "account"], &format!("{SENTINEL}\n"));
    let ran = home.expect(0, &["run", &url, &query, "--profile", "account", "--variables", &variables, "--format", "json"], "");
    let ran: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    let answer = &ran["outcome"]["body"]["data"];
    assert!(answer["project"]["name"].is_string(), "{ran}");

    let args = ["curl", &url, &query, "--profile", "account", "--variables", &variables, "--header", "X-Trace: t-${TRACE_ID:none}"];
    let printed = home.expect(0, &args, "");
    assert!(!printed.stdout.contains(SENTINEL), "{}", printed.stdout);
    assert!(printed.stdout.starts_with("# SEXTANT_TOKEN: the token of profile \"account\""), "{}", printed.stdout);
    assert!(printed.stdout.contains(r#"-H 'X-Trace: t-'"${TRACE_ID:-none}""#), "{}", printed.stdout);
    let shell = |command: &str, token: Option<&str>| {
        let mut shell = Command::new("sh");
        shell.arg("-c").arg(command).env_remove("SEXTANT_TOKEN");
        if let Some(token) = token {
            shell.env("SEXTANT_TOKEN", token);
        }
        let output = shell.output().expect("sh runs");
        assert!(output.status.success(), "{command}\n{}", String::from_utf8_lossy(&output.stderr));
        serde_json::from_slice::<serde_json::Value>(&output.stdout).unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stdout)))
    };
    assert_eq!(&shell(&printed.stdout, Some(SENTINEL))["data"], answer, "the same answer, the token from the environment");
    assert!(shell(&printed.stdout, None)["errors"].is_array(), "without the token the server refuses");

    let written = home.expect(0, &[&args[..], &["--include-secrets"]].concat(), "");
    assert!(written.stdout.contains(SENTINEL) && !written.stdout.contains("SEXTANT_TOKEN"), "{}", written.stdout);
    assert_eq!(&shell(&written.stdout, None)["data"], answer);
    // Nothing was sent by `curl` itself; no file holds the token.
    let leaks: Vec<_> = ["config", "cache", "state"].iter().flat_map(|dir| files_containing(&home.dir.join(dir), SENTINEL)).collect();
    assert!(leaks.is_empty(), "the token is in {leaks:?}");
}

/// Issue 12: a graphql-config project gives `run`, `curl`, `check` and `schema fetch` their
/// endpoint, headers (`${VAR}` read when sent; unset: an error naming it, nothing sent), profile and
/// schema (a URL through the cache), found upward from the current folder or named by --project.
#[test]
fn a_project_file_gives_the_endpoint_headers_and_schema() {
    let runtime = runtime();
    let server = start(&runtime, tokens_config());
    let home = Home::new("project").with_env("DEMO_URL", &server.url());
    let project = home.dir.join("api");
    let nested = project.join("queries/deep");
    std::fs::create_dir_all(&nested).unwrap();
    std::fs::write(
        project.join(".graphqlrc.yml"),
        format!(
            "schema: {url}\ndocuments: 'queries/**/*.graphql'\nextensions:\n  endpoints:\n    default:\n      url: ${{DEMO_URL}}\n      headers:\n        Authorization: Bearer ${{TOKEN_VAR}}\n    other: http://127.0.0.1:9/graphql\n",
            url = server.url()
        ),
    )
    .unwrap();
    let query = nested.join("me.graphql");
    std::fs::write(&query, "query Me { me { name } }").unwrap();
    let query = query.to_str().unwrap();
    let dir = project.to_str().unwrap();

    // An unset variable: named, nothing sent.
    let before = server.request_count();
    let unset = home.expect(2, &["run", query, "--project", dir], "");
    assert!(unset.stderr.contains("TOKEN_VAR"), "{}", unset.stderr);
    assert_eq!(server.request_count(), before, "nothing was sent");

    // Found upward from the current folder; the header's variable read when sent.
    let home = home.with_env("TOKEN_VAR", SENTINEL);
    let ran = home.sextant_in(&nested, &["run", "me.graphql"], "");
    assert_eq!(ran.status, 0, "{}", ran.stderr);
    assert!(ran.stdout.contains("Demo User"), "{}", ran.stdout);
    let unknown = home.expect(2, &["run", query, "--project", dir, "--endpoint", "staging"], "");
    assert!(unknown.stderr.contains("default, other"), "{}", unknown.stderr);

    // curl keeps the config's variable; the token is not written.
    let curl = home.expect(0, &["curl", query, "--project", dir], "");
    assert!(curl.stdout.contains(r#"-H 'Authorization: Bearer '"${TOKEN_VAR}""#) && !curl.stdout.contains(SENTINEL), "{}", curl.stdout);

    // check uses the project's schema, a URL through the cache: one introspection, then none.
    let bad = nested.join("bad.graphql");
    std::fs::write(&bad, "{ me { nope } }").unwrap();
    let before = server.request_count();
    let checked = home.sextant_in(&nested, &["check", "me.graphql", "bad.graphql"], "");
    assert_eq!(checked.status, 1, "{}\n{}", checked.stdout, checked.stderr);
    assert!(checked.stdout.contains("nope"), "{}", checked.stdout);
    assert_eq!(server.request_count(), before + 1, "one introspection");
    home.expect(0, &["check", query, "--project", dir], "");
    assert_eq!(server.request_count(), before + 1, "the cached schema the second time");

    // schema fetch --write puts the schema into the project as SDL.
    let written = project.join("schema.graphql");
    home.expect(0, &["schema", "fetch", "--project", dir, "--write", written.to_str().unwrap()], "");
    let sdl = std::fs::read_to_string(&written).unwrap();
    assert!(sdl.contains("type Query") && sdl.contains("me: User"), "{sdl}");
    // A project whose schema is that file: check reads it, nothing is sent.
    std::fs::write(project.join(".graphqlrc.yml"), "schema: schema.graphql\n").unwrap();
    let before = server.request_count();
    home.expect(0, &["check", query, "--project", dir], "");
    assert_eq!(server.request_count(), before);
    let no_endpoint = home.expect(2, &["run", query, "--project", dir], "");
    assert!(no_endpoint.stderr.contains("names no endpoint"), "{}", no_endpoint.stderr);

    let leaks: Vec<_> = ["config", "cache", "state", "api"].iter().flat_map(|dir| files_containing(&home.dir.join(dir), SENTINEL)).collect();
    assert!(leaks.is_empty(), "the token is in {leaks:?}");
}

/// `sextant subscribe` against the demo server's log stream: every event on its own line until the
/// server completes, `--max-events`, `--format json`, a refused token's close code, a dropped
/// connection and an invalid document each with exit status 1; the token in no output or file.
#[test]
fn subscribe_prints_each_event_and_says_how_the_stream_ended() {
    let runtime = runtime();
    let server = start(&runtime, tokens_config());
    let home = Home::new("subscribe").with_env("SUBSCRIBE_TOKEN", SENTINEL);
    let url = server.url();
    let logs = home.document(
        "logs.graphql",
        "subscription Logs($id: String!) { deploymentLogs(deploymentId: $id) { message severity timestamp } }",
    );
    let variables = r#"{"id": "d0000001-aaaa-4bbb-8ccc-000000000001"}"#;
    home.expect(0, &["profile", "add", "account", "--origin", &url], "");
    home.expect(0, &["token", "set", "account"], SENTINEL);

    let run = home.expect(0, &["subscribe", &url, &logs, "--variables", variables, "--profile", "account"], "");
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 10, "{}", run.stdout);
    assert!(lines[0].starts_with(r#"{"data":{"deploymentLogs":[{"message":"Server listening on port 8080 #0""#), "{}", lines[0]);
    assert!(run.stderr.contains("completed the subscription (10 events)"), "{}", run.stderr);
    assert!(server.requests().last().unwrap().carries("authorization", &format!("Bearer {SENTINEL}")));

    // The legacy protocol, asked for by name: the same events.
    let run = home.expect(0, &["subscribe", &url, &logs, "--variables", variables, "--profile", "account", "--protocol", "graphql-ws"], "");
    assert_eq!(run.stdout.lines().count(), 10, "{}", run.stderr);
    assert_eq!(server.requests().last().unwrap().header("sec-websocket-protocol"), Some("graphql-ws"));

    server.set_mode(Mode::Stream { events: 100_000, interval_ms: 0 });
    let run = home.expect(0, &["--format", "json", "subscribe", &url, &logs, "--variables", variables, "--profile", "account", "--max-events", "3"], "");
    let events: Vec<serde_json::Value> = run.stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert_eq!(events.iter().map(|event| event["seq"].as_u64().unwrap()).collect::<Vec<_>>(), [1, 2, 3]);
    assert!(events[0]["receivedAt"].as_str().unwrap().ends_with('Z'));
    assert!(events[2]["payload"]["data"]["deploymentLogs"][0]["message"].as_str().unwrap().ends_with("#2"));
    assert!(run.stderr.contains("Stopped (3 events)."), "{}", run.stderr);

    // A token the server does not know: closed with 4403, named; the token printed nowhere.
    let run = home.expect(1, &["subscribe", &url, &logs, "--variables", variables, "--header", "Authorization: Bearer not-the-token"], "");
    assert!(run.stderr.contains("4403 forbidden"), "{}", run.stderr);
    assert!(!run.stderr.contains("not-the-token") && run.stdout.is_empty());

    // A connection that keeps dropping: reconnected as often as asked, each time said, then given up.
    server.set_mode(Mode::DroppingStream { after: 2 });
    let run = home.expect(1, &["subscribe", &url, &logs, "--variables", variables, "--profile", "account", "--reconnect", "1"], "");
    assert_eq!(run.stdout.lines().count(), 4, "two connections of two events: {}", run.stderr);
    assert!(run.stderr.contains("The connection was lost") && run.stderr.contains("Reconnecting in 1 s (attempt 1 of 1)"), "{}", run.stderr);
    assert!(run.stderr.contains("(4 events, 1 reconnection)"), "{}", run.stderr);
    let run = home.expect(1, &["subscribe", &url, &logs, "--variables", variables, "--profile", "account", "--reconnect", "0", "--protocol", "sse"], "");
    assert_eq!(run.stdout.lines().count(), 2);
    assert!(run.stderr.contains("without `complete`") && !run.stderr.contains("Reconnecting"), "{}", run.stderr);
    server.set_mode(Mode::Normal);

    // graphql-sse over a POST: the same events, the token on the POST.
    let run = home.expect(0, &["subscribe", &url, &logs, "--variables", variables, "--profile", "account", "--protocol", "sse"], "");
    assert_eq!(run.stdout.lines().count(), 10, "{}", run.stderr);
    let last = server.requests().last().unwrap().clone();
    assert_eq!(last.method, "POST");
    assert!(last.carries("authorization", &format!("Bearer {SENTINEL}")));

    // A query with @defer: its parts as they come, the deferred field in the last.
    let deferred = home.document("usage.graphql", r#"{ projects { edges { node { name ... @defer { members { name } } } } } }"#);
    let run = home.expect(0, &["subscribe", &url, &deferred, "--profile", "account", "--protocol", "multipart"], "");
    let parts: Vec<serde_json::Value> = run.stdout.lines().map(|line| serde_json::from_str(line).unwrap()).collect();
    assert!(parts.len() >= 2 && parts[0]["hasNext"] == true && parts.last().unwrap()["hasNext"] == false, "{}", run.stdout);
    assert!(!run.stdout.lines().next().unwrap().contains("members"), "{}", run.stdout);
    assert!(parts[1]["incremental"][0]["data"]["members"].is_array(), "{}", run.stdout);

    // The token in the connection_init payload, read from the environment: in no file, no output.
    let payload = r#"{"Authorization": "Bearer ${SUBSCRIBE_TOKEN}"}"#;
    let run = home.expect(0, &["subscribe", &url, &logs, "--variables", variables, "--init-payload", payload, "--max-events", "2"], "");
    assert_eq!(run.stdout.lines().count(), 2, "{}", run.stderr);
    assert_eq!(server.requests().last().unwrap().header("authorization"), None, "not on the upgrade");
    let run = home.expect(2, &["subscribe", &url, &logs, "--init-payload", "Bearer ${SUBSCRIBE_TOKEN}"], "");
    assert!(run.stderr.contains("--init-payload is not a JSON object") && !run.stderr.contains(SENTINEL), "{}", run.stderr);

    // Nothing sent: exit status 2.
    let gone = demo_server::RefusingPort::new().expect("a port nobody listens on");
    let run = home.expect(2, &["subscribe", &gone.url(), &logs, "--variables", variables, "--reconnect", "0"], "");
    assert!(run.stderr.contains("(0 events)"), "{}", run.stderr);

    // The streams are in the history with their events and how they ended.
    let history = home.expect(0, &["history", "--search", "deploymentLogs"], "");
    assert!(history.stdout.contains("10 ev ") && history.stdout.contains("4 ev failed"), "{}", history.stdout);

    let invalid = home.document("invalid.graphql", "subscription { deploymentLogs(deploymentId: \"x\") { nope } }");
    let run = home.expect(1, &["subscribe", &url, &invalid, "--profile", "account"], "");
    assert!(run.stdout.contains("nope") && run.stderr.contains("GraphQL errors and no data"), "{}\n{}", run.stdout, run.stderr);

    assert!(files_containing(&home.dir, SENTINEL).is_empty(), "the token is in no file of the home");
}
