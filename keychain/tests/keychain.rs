//! The token store against a real Secret Service: run as `scripts/with-keyring cargo test -p keychain`,
//! which starts a private session bus with a fresh, unlocked GNOME Keyring.
//!
//! The failure modes run this test binary again as a child process (the keychain connection is per
//! process) in a broken environment: a session bus that is not there, a bus with no Secret Service,
//! and a keyring locked in a nested private session of its own, so that locking it disturbs no other test.

use std::path::{Path, PathBuf};
use std::process::Command;

use keychain::{KeychainError, TokenStore};
use secret::Secret;

/// The store under test, in the private keyring that `scripts/with-keyring` made; a clear failure elsewhere.
fn keyring(name: &str) -> TokenStore {
    assert_eq!(
        std::env::var("SEXTANT_TEST_KEYRING").as_deref(),
        Ok("private"),
        "the keychain tests need a private, throwaway GNOME Keyring: run them as \
         `scripts/with-keyring cargo test -p keychain` (after scripts/setup)"
    );
    let store = TokenStore::new(&format!("sextant-test-{}-{name}", std::process::id()));
    if let Err(error) = store.is_set("probe") {
        panic!("the Secret Service does not work here ({error:?}): run the tests as `scripts/with-keyring cargo test -p keychain`");
    }
    store
}

fn token(text: &str) -> Secret {
    Secret::new(text.to_owned()).expect("a non-empty token")
}

fn exposed(secret: Option<Secret>) -> Option<String> {
    secret.map(|secret| secret.expose().to_owned())
}

/// What `secret-tool`, a libsecret client independent of this crate, finds in the keyring.
fn secret_tool(args: &[&str]) -> String {
    let output = Command::new("secret-tool").args(args).output().expect("secret-tool runs (Debian package libsecret-tools)");
    String::from_utf8(output.stdout).expect("UTF-8 output")
}

#[test]
fn a_token_goes_through_its_whole_life() {
    let store = keyring("life");
    let profile = "github-work";
    assert!(!store.is_set(profile).unwrap());
    assert_eq!(exposed(store.get(profile).unwrap()), None);

    store.set(profile, &token("ghp_first")).unwrap();
    assert!(store.is_set(profile).unwrap());
    assert_eq!(store.get(profile).unwrap(), Some(token("ghp_first")));

    store.set(profile, &token("ghp_second")).unwrap();
    assert_eq!(exposed(store.get(profile).unwrap()).as_deref(), Some("ghp_second"));
    // Replacing keeps one item, not two.
    let found = secret_tool(&["search", "--all", "service", store.service(), "username", profile]);
    assert_eq!(found.lines().filter(|line| line.starts_with("label = ")).count(), 1, "{found}");

    assert!(store.delete(profile).unwrap());
    assert!(!store.is_set(profile).unwrap());
    assert_eq!(exposed(store.get(profile).unwrap()), None);
    assert!(!store.delete(profile).unwrap());
}

#[test]
fn profiles_and_services_are_independent() {
    let store = keyring("independent");
    let other_service = TokenStore::new(&format!("{}-other", store.service()));
    store.set("a", &token("token-a")).unwrap();
    store.set("b", &token("token-b")).unwrap();
    other_service.set("a", &token("token-other-a")).unwrap();

    assert!(store.delete("a").unwrap());
    assert_eq!(exposed(store.get("a").unwrap()), None);
    assert_eq!(exposed(store.get("b").unwrap()).as_deref(), Some("token-b"));
    assert_eq!(exposed(other_service.get("a").unwrap()).as_deref(), Some("token-other-a"));

    // A profile id that is a prefix of another one is still another profile.
    assert!(matches!(store.is_set(""), Err(KeychainError::Other { .. })), "an empty profile id has no token");
    assert!(!store.is_set("b-").unwrap());
    assert!(store.delete("b").unwrap());
    assert!(other_service.delete("a").unwrap());
}

#[test]
fn unicode_and_long_tokens_round_trip() {
    let store = keyring("shapes");
    let long: String = (0..4096).map(|i| char::from(b'!' + (i % 94) as u8)).collect();
    let cases = [
        ("unicode", "tøken-🔑-密钥-ключ".to_owned()),
        ("long", long),
        ("spaces", "  leading and trailing spaces  ".to_owned()),
        ("json-like", r#"{"token": "a\"b", "tab": "\t"}"#.to_owned()),
    ];
    for (profile, text) in cases {
        store.set(profile, &token(&text)).unwrap();
        assert_eq!(exposed(store.get(profile).unwrap()).as_deref(), Some(text.as_str()), "{profile}");
        assert!(store.delete(profile).unwrap(), "{profile}");
    }
    // Unicode profile ids too.
    store.set("profil-é-🚀", &token("x")).unwrap();
    assert!(store.is_set("profil-é-🚀").unwrap());
    assert!(store.delete("profil-é-🚀").unwrap());
}

#[test]
fn the_item_is_in_the_real_keyring_where_other_tools_see_it() {
    let store = keyring("visible");
    store.set("staging", &token("visible-token-9876")).unwrap();

    // keyring's Secret Service store names its attributes `service` and `username`.
    assert_eq!(secret_tool(&["lookup", "service", store.service(), "username", "staging"]), "visible-token-9876");
    let found = secret_tool(&["search", "--all", "service", store.service(), "username", "staging"]);
    assert!(found.contains("label = Sextant token: staging"), "{found}");

    // An item another tool stored is read back too.
    let status = Command::new("bash")
        .args(["-c", "printf %s from-secret-tool | secret-tool store --label=outside service \"$1\" username \"$2\"", "-"])
        .args([store.service(), "outside"])
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(exposed(store.get("outside").unwrap()).as_deref(), Some("from-secret-tool"));

    assert!(store.delete("staging").unwrap());
    assert!(store.delete("outside").unwrap());
    assert_eq!(secret_tool(&["lookup", "service", store.service(), "username", "staging"]), "");
}

#[test]
fn the_store_never_prints_a_token() {
    let store = keyring("printing");
    store.set("p", &token("sentinel-print-4242")).unwrap();
    let got = store.get("p").unwrap();
    let printed = [format!("{store:?}"), format!("{got:?}"), format!("{:?}", store.get("p"))];
    for text in printed {
        assert!(!text.contains("sentinel"), "{text}");
    }
    assert!(store.delete("p").unwrap());
}

const SENTINEL: &str = "sentinel-token-never-printed-1234";

/// Runs the child process entry point below in a broken environment and collects what each call returned.
fn run_child(mut command: Command, mode: &str) -> Vec<(String, String)> {
    let exe = std::env::current_exe().unwrap();
    command
        .arg(exe)
        .args(["--exact", "child_process_entry_point", "--nocapture", "--test-threads=1"])
        .env("KEYCHAIN_TEST_CHILD", mode)
        .env_remove("RUST_LOG");
    let output = command.output().expect("the child process starts");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "child {mode} failed\nstdout:\n{stdout}\nstderr:\n{stderr}");
    assert!(!stdout.contains(SENTINEL) && !stderr.contains(SENTINEL), "the token leaked:\n{stdout}\n{stderr}");
    let results: Vec<(String, String)> = stdout
        .lines()
        .filter_map(|line| line.find("CHILD\t").map(|start| &line[start + "CHILD\t".len()..]))
        .map(|line| {
            let (call, result) = line.split_once('\t').unwrap();
            (call.to_owned(), result.to_owned())
        })
        .collect();
    assert_eq!(results.len(), 4, "child {mode} reported every call\nstdout:\n{stdout}\nstderr:\n{stderr}");
    results
}

/// Asserts every call failed with `kind`, with an actionable message and without the token.
fn assert_all_failed(results: &[(String, String)], kind: &str, message_part: &str) {
    for (call, result) in results {
        let error: serde_json::Value = serde_json::from_str(result).unwrap_or_else(|_| panic!("{call}: {result}"));
        assert_eq!(error["kind"], kind, "{call}: {result}");
        let message = error["message"].as_str().unwrap();
        assert!(message.contains(message_part), "{call}: {message}");
        assert!(!message.contains(SENTINEL), "{call}: {message}");
    }
}

#[test]
fn no_session_bus_is_an_error_that_says_so() {
    keyring("no-bus-parent");
    // A bus address whose socket is not there.
    let mut command = Command::new("env");
    command.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/sextant-test/bus");
    let results = run_child(command, "plain");
    assert_all_failed(&results, "NoSessionBus", "/nonexistent/sextant-test/bus cannot be reached");

    // No address at all, and no bus in the runtime folder that zbus falls back to.
    let runtime = tempdir("runtime");
    let mut command = Command::new("env");
    command.env_remove("DBUS_SESSION_BUS_ADDRESS").env("XDG_RUNTIME_DIR", runtime.path());
    let results = run_child(command, "plain");
    assert_all_failed(&results, "NoSessionBus", "DBUS_SESSION_BUS_ADDRESS is not set");
}

#[test]
fn a_bus_without_a_secret_service_is_an_error_that_says_so() {
    keyring("no-service-parent");
    // A private session bus that cannot start any service, so nobody owns org.freedesktop.secrets.
    let folder = tempdir("bus");
    let services = folder.path().join("services");
    std::fs::create_dir(&services).unwrap();
    let config = folder.path().join("session.conf");
    std::fs::write(
        &config,
        format!(
            r#"<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={}</listen>
  <servicedir>{}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"#,
            folder.path().display(),
            services.display()
        ),
    )
    .unwrap();
    let mut command = Command::new("dbus-run-session");
    command.arg("--config-file").arg(&config).arg("--");
    let results = run_child(command, "plain");
    assert_all_failed(&results, "NoSecretService", "install and start gnome-keyring or KWallet");
}

#[test]
fn a_locked_keyring_is_an_error_that_says_so() {
    keyring("locked-parent");
    // A nested private session with its own keyring: the child stores a token, locks the login
    // collection over D-Bus, and tries again. The nested keyring is thrown away afterwards.
    let with_keyring = Path::new(env!("CARGO_MANIFEST_DIR")).join("../scripts/with-keyring");
    let results = run_child(Command::new(with_keyring), "locked");
    assert_all_failed(&results, "Locked", "unlock it");
}

/// The child process's side: does nothing in a normal run.
#[test]
fn child_process_entry_point() {
    let Ok(mode) = std::env::var("KEYCHAIN_TEST_CHILD") else { return };
    let store = TokenStore::new(&format!("sextant-test-child-{}", std::process::id()));
    if mode == "locked" {
        store.set("before-lock", &token("stored-before-the-lock")).expect("the nested keyring works before the lock");
        let status = Command::new("dbus-send")
            .args([
                "--session",
                "--print-reply",
                "--dest=org.freedesktop.secrets",
                "/org/freedesktop/secrets",
                "org.freedesktop.Secret.Service.Lock",
                "array:objpath:/org/freedesktop/secrets/collection/login",
            ])
            .stdout(std::process::Stdio::null())
            .status()
            .expect("dbus-send runs");
        assert!(status.success(), "locking the login collection failed");
    }
    let report = |call: &str, result: Result<String, KeychainError>| {
        let text = match result {
            Ok(value) => format!("ok {value}"),
            Err(error) => {
                // Every way of printing the error, checked by the parent for the token.
                eprintln!("{call}: {error} / {error:?} / {error:#?}");
                serde_json::to_string(&error).unwrap()
            }
        };
        println!("CHILD\t{call}\t{text}");
    };
    report("set", store.set("profile", &token(SENTINEL)).map(|()| String::new()));
    report("is_set", store.is_set("before-lock").map(|set| set.to_string()));
    report("get", store.get("before-lock").map(|secret| format!("{secret:?}")));
    report("delete", store.delete("before-lock").map(|deleted| deleted.to_string()));
    eprintln!("store: {store:?}");
}

/// A folder of the test's own, removed when the test ends, passed or not.
struct TempDir(PathBuf);

impl TempDir {
    fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn tempdir(name: &str) -> TempDir {
    let folder = std::env::temp_dir().join(format!("keychain-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&folder);
    std::fs::create_dir_all(&folder).unwrap();
    TempDir(folder)
}
