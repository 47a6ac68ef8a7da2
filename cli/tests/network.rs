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

/// One user's machine: its own configuration, cache and state directories.
struct Home {
    dir: PathBuf,
}

impl Home {
    fn new(name: &str) -> Home {
        let dir = std::env::temp_dir().join(format!("sextant-network-test-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Home { dir }
    }

    fn sextant(&self, args: &[&str], stdin: &str) -> Run {
        let mut child = Command::new(env!("CARGO_BIN_EXE_sextant"))
            .args(args)
            .env("NO_COLOR", "1")
            .env("SEXTANT_CONFIG_DIR", self.dir.join("config"))
            .env("SEXTANT_CACHE_DIR", self.dir.join("cache"))
            .env("SEXTANT_STATE_DIR", self.dir.join("state"))
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
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
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
        assert_eq!(received.header(header), Some(value.as_str()), "{profile}: the token arrives in {header}");
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
    let server = start(&runtime, DemoConfig { budget: 2, window: std::time::Duration::from_secs(2), ..tokens_config() });
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
    // While Retry-After is in force, runs are refused and reach nothing. The wait is bounded by the
    // server's window: each attempt either is refused (and sends nothing) or succeeds after it.
    let after_429 = server.request_count();
    let mut refusals = 0;
    loop {
        let run = home.sextant(&["run", &url, &query, "--profile", "account"], "");
        if run.status == 0 {
            break;
        }
        assert_eq!(run.status, 2, "refused, not sent: {}", run.stderr);
        assert!(run.stderr.contains("Retry-After") || run.stderr.contains("budget is used up"), "{}", run.stderr);
        assert_eq!(server.request_count(), after_429, "no request reaches the server before Retry-After ends");
        refusals += 1;
        assert!(refusals < 2_000, "Retry-After never ended");
        remember(run);
    }
    assert!(refusals > 0, "the run right after a 429 is refused");
    assert_eq!(server.request_count(), after_429 + 1);

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
    let closed_port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://127.0.0.1:{}/graphql/v2", listener.local_addr().unwrap().port())
    };
    // (mode, command, exit status, text on stderr)
    let cases: Vec<(Mode, Vec<&str>, i32, &str)> = vec![
        (Mode::HtmlError, vec!["run", &url, &query], 1, "HTML page, not GraphQL JSON"),
        (Mode::IntrospectionDisabled, vec!["schema", "fetch", &url], 2, "introspection is disabled on this server"),
        (Mode::IntrospectionDisabled, vec!["schema", "fetch", &url], 2, "load the schema from a file"),
        (Mode::Normal, vec!["run", &closed_port, &query], 1, "unreachable"),
        (Mode::Normal, vec!["run", "ftp://example.com/graphql", &query], 2, "an endpoint starts with http:// or https://"),
        (Mode::Normal, vec!["run", &url, &query, "--variables", "[1]"], 2, "must be a JSON object"),
        (Mode::Normal, vec!["run", &url, &query, "--header", "no colon"], 2, "`Name: value`"),
        (Mode::Normal, vec!["run", &url, &query, "--profile", "nobody"], 2, "no profile named \"nobody\""),
    ];
    for (mode, args, status, message) in cases {
        server.set_mode(mode);
        let run = home.expect(status, &args, "");
        assert!(run.stderr.contains(message), "sextant {args:?}: {:?} lacks {message:?}", run.stderr);
    }
}
