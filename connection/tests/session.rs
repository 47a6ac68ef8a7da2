//! A session against the demo server on loopback with tokens in a real Secret Service: run under
//! `scripts/with-keyring` (scripts/test does), which gives a private, throwaway keyring.

use connection::paths::Paths;
use connection::profiles::AuthScheme;
use connection::session::{Operation, SchemaRequest, SchemaSource};
use connection::{Credentials, SendError, Session, SessionConfig};
use demo_server::{DemoConfig, DemoServer};
use net::{CancellationToken, Endpoint};
use secret::Secret;

const ME: &str = "{ me { name } }";

/// A user's machine: its own folders, and a keychain service name of its own in the private keyring.
struct Machine {
    folder: tempfile::TempDir,
    service: String,
}

impl Machine {
    fn new(name: &str) -> Machine {
        assert_eq!(
            std::env::var("SEXTANT_TEST_KEYRING").as_deref(),
            Ok("private"),
            "these tests store tokens: run them in a private keyring, `scripts/with-keyring cargo test -p connection`"
        );
        Machine { folder: tempfile::tempdir().unwrap(), service: format!("sextant-test-{}-{name}", std::process::id()) }
    }

    fn paths(&self) -> Paths {
        let root = self.folder.path();
        Paths { config_dir: root.join("config"), schema_cache_dir: root.join("cache"), state_dir: root.join("state") }
    }

    /// A session as the app or the command line opens one at start.
    fn session(&self) -> Session {
        let config = SessionConfig { keychain_service: self.service.clone(), ..SessionConfig::default() };
        Session::open(self.paths(), config).expect("the session opens")
    }
}

impl Drop for Machine {
    fn drop(&mut self) {
        let _ = std::process::Command::new("secret-tool").args(["clear", "service", &self.service]).status();
    }
}

fn token(text: &str) -> Secret {
    Secret::new(text.to_owned()).unwrap()
}

async fn start(tokens: &[&str]) -> DemoServer {
    let config = DemoConfig { require_token: true, bearer_tokens: tokens.iter().map(|t| t.to_string()).collect(), ..DemoConfig::default() };
    DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.unwrap()
}

fn operation(server: &DemoServer, profile: &str) -> Operation {
    Operation {
        endpoint: Endpoint::parse(&server.url()).unwrap(),
        credentials: Credentials::profile(profile),
        document: ME.into(),
        operation_name: None,
        variables: serde_json::Value::Null,
        override_rate_limit: false,
    }
}

/// Regression: a keychain item was named by the profile's name alone, so a token left behind by a
/// profile whose `profiles.json` was deleted went to whatever origin a new profile of that name had.
#[tokio::test]
async fn a_stale_keychain_item_is_never_sent_to_a_new_origin() {
    let machine = Machine::new("stale");
    let first = start(&["sentinel-first-origin"]).await;
    let second = start(&["sentinel-first-origin"]).await;
    let session = machine.session();
    session.save_profile("work", &Endpoint::parse(&first.url()).unwrap(), AuthScheme::Bearer, &token("sentinel-first-origin")).unwrap();
    let sent = session.send(operation(&first, "work"), &CancellationToken::new()).await.unwrap();
    assert_eq!(sent.outcome.response().unwrap().status, 200);

    // profiles.json goes; the keychain item stays behind. A new profile of the same name, elsewhere:
    std::fs::remove_file(machine.paths().profiles_file()).unwrap();
    let session = machine.session();
    session.add_profile("work", &Endpoint::parse(&second.url()).unwrap(), AuthScheme::Bearer).unwrap();
    assert!(!session.has_token("work").unwrap(), "the new profile starts without a token");
    let refused = session.send(operation(&second, "work"), &CancellationToken::new()).await.unwrap_err();
    assert!(matches!(refused, SendError::NoToken { .. }), "{refused:?}");
    assert_eq!(second.request_count(), 0, "the stale token never left the keychain");

    // And back at the first origin, a new profile of that name does not inherit the old token either.
    std::fs::remove_file(machine.paths().profiles_file()).unwrap();
    let session = machine.session();
    session.add_profile("work", &Endpoint::parse(&first.url()).unwrap(), AuthScheme::Bearer).unwrap();
    assert!(!session.has_token("work").unwrap(), "a stale item is removed when a profile of its name and origin is added");
}

/// Regression: schemas and budgets were keyed by the profile's name, so a new token for a profile
/// (another account) reused the schema fetched with the old one and inherited its budget.
#[tokio::test]
async fn a_new_token_for_a_profile_gets_its_own_schema_and_budget() {
    let machine = Machine::new("new-token");
    let server = start(&["sentinel-account-a", "sentinel-account-b"]).await;
    let endpoint = Endpoint::parse(&server.url()).unwrap();
    let session = machine.session();
    session.save_profile("work", &endpoint, AuthScheme::Bearer, &token("sentinel-account-a")).unwrap();
    let schema = |refresh| SchemaRequest { endpoint: endpoint.clone(), credentials: Credentials::profile("work"), refresh, override_rate_limit: false };
    let fetched = session.schema(schema(false), &CancellationToken::new()).await.unwrap();
    assert!(matches!(fetched.source, SchemaSource::Fetched { .. }));
    let again = session.schema(schema(false), &CancellationToken::new()).await.unwrap();
    assert!(matches!(again.source, SchemaSource::Cache { .. }), "the same token finds its schema in the cache");
    session.send(operation(&server, "work"), &CancellationToken::new()).await.unwrap();
    let (budget_a, _) = session.budget(&endpoint, &Credentials::profile("work")).await.unwrap();
    assert!(budget_a.is_some());

    session.set_token("work", &token("sentinel-account-b")).unwrap();
    let (budget_b, _) = session.budget(&endpoint, &Credentials::profile("work")).await.unwrap();
    assert_eq!(budget_b, None, "another account's budget is not this one's");
    let before = server.request_count();
    let other = session.schema(schema(false), &CancellationToken::new()).await.unwrap();
    assert!(matches!(other.source, SchemaSource::Fetched { .. }), "another account's schema is fetched, not reused");
    assert_eq!(server.request_count(), before + 1);
    assert!(server.requests().last().unwrap().carries("authorization", "Bearer sentinel-account-b"));

    // Nothing on disk holds a token or a profile's name as a key.
    for entry in walk(machine.folder.path()) {
        let bytes = std::fs::read(&entry).unwrap();
        assert!(!bytes.windows(16).any(|window| window == b"sentinel-account"), "{} holds a token", entry.display());
    }
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}
