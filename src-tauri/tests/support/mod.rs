//! The app on Tauri's mock runtime, invoked as its own page invokes it: through IPC, the
//! capability and the ACL.

#![allow(dead_code)] // Each test file uses its own part.

use std::sync::atomic::{AtomicUsize, Ordering};

use connection::SessionConfig;
use connection::paths::Paths;
use serde_json::{Value, json};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{INVOKE_KEY, MockRuntime, get_ipc_response, mock_builder};
use tauri::webview::InvokeRequest;
use tauri::{App, Manager, WebviewWindow, WebviewWindowBuilder};

pub struct TestApp {
    // Kept alive for the window's sake.
    _app: App<MockRuntime>,
    window: WebviewWindow<MockRuntime>,
    /// The app's configuration, schema cache and state directories are under here.
    pub home: tempfile::TempDir,
    /// The keychain service name of this app's tokens: its own, in the private test keyring.
    pub keychain_service: String,
}

/// The app on the mock runtime, with its files in a fresh temporary directory and its tokens under
/// a keychain service name of its own. Tests that store tokens call [`private_keyring`] first.
pub fn app() -> TestApp {
    app_in(tempfile::tempdir().expect("a temporary directory"))
}

/// [`app`] with its files under `home` (prepared by the test).
pub fn app_in(home: tempfile::TempDir) -> TestApp {
    static N_APPS: AtomicUsize = AtomicUsize::new(0);
    let paths = Paths {
        config_dir: home.path().join("config"),
        schema_cache_dir: home.path().join("cache"),
        state_dir: home.path().join("state"),
    };
    let keychain_service = format!("sextant-test-{}-{}", std::process::id(), N_APPS.fetch_add(1, Ordering::Relaxed));
    let config = SessionConfig { keychain_service: keychain_service.clone(), ..SessionConfig::default() };
    let app = sextant_app::app_builder(mock_builder(), Some(paths), config).build(tauri::generate_context!()).expect("the app builds");
    let window = match app.get_webview_window("main") {
        Some(window) => window,
        None => WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("the window builds"),
    };
    TestApp { _app: app, window, home, keychain_service }
}

/// Fails unless this runs in the private, throwaway keyring of `scripts/with-keyring`: tests that
/// store tokens never touch a person's own keyring.
pub fn private_keyring() {
    assert_eq!(
        std::env::var("SEXTANT_TEST_KEYRING").as_deref(),
        Ok("private"),
        "this test stores tokens: run it in a private keyring, `scripts/with-keyring cargo test -p sextant-app`"
    );
}

impl Drop for TestApp {
    /// Whatever a test left in the keychain under this app's service name goes with it.
    fn drop(&mut self) {
        if std::env::var("SEXTANT_TEST_KEYRING").as_deref() == Ok("private") {
            let _ = std::process::Command::new("secret-tool").args(["clear", "service", &self.keychain_service]).status();
        }
    }
}

impl TestApp {
    /// Invokes `command` as the app's own page does.
    pub fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        self.invoke_from("tauri://localhost", command, args)
    }

    /// The page's side of the app, for invoking from other threads (commands that run at once).
    pub fn page(&self) -> Page {
        Page { window: self.window.clone() }
    }

    pub fn invoke_from(&self, url: &str, command: &str, args: Value) -> Result<Value, Value> {
        invoke_in(&self.window, url, command, args)
    }



    /// With the schema fixture of `demo/schema.graphql` loaded, as from a file.
    pub fn with_demo_schema(self) -> Self {
        let text = include_str!("../../../demo/schema.graphql");
        let status = self
            .invoke("load_schema_text", json!({"request": {"fileName": "schema.graphql", "text": text}}))
            .expect("the demo schema loads");
        assert_eq!(status["warnings"], json!([]));
        self
    }

    pub fn complete(&self, document: &str, cursor_utf16: usize) -> Value {
        self.invoke("complete", json!({"request": {"document": document, "cursorUtf16": cursor_utf16}}))
            .expect("completion answers")
    }
}


/// The app's window, which other threads may invoke through while a test waits on one of them.
#[derive(Clone)]
pub struct Page {
    window: WebviewWindow<MockRuntime>,
}

impl Page {
    pub fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        invoke_in(&self.window, "tauri://localhost", command, args)
    }
}

fn invoke_in(window: &WebviewWindow<MockRuntime>, url: &str, command: &str, args: Value) -> Result<Value, Value> {
    let request = InvokeRequest {
        cmd: command.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: url.parse().expect("a URL"),
        body: InvokeBody::Json(args),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.into(),
    };
    get_ipc_response(window, request).map(|body| body.deserialize::<Value>().expect("JSON"))
}
