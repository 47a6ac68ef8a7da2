//! The app on Tauri's mock runtime, invoked as its own page invokes it: through IPC, the
//! capability and the ACL.

#![allow(dead_code)] // Each test file uses its own part.

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
}

/// The app on the mock runtime, with its files in a fresh temporary directory.
pub fn app() -> TestApp {
    let home = tempfile::tempdir().expect("a temporary directory");
    let paths = Paths {
        config_dir: home.path().join("config"),
        schema_cache_dir: home.path().join("cache"),
        state_dir: home.path().join("state"),
    };
    let app = sextant_app::app_builder(mock_builder(), Some(paths)).build(tauri::generate_context!()).expect("the app builds");
    let window = match app.get_webview_window("main") {
        Some(window) => window,
        None => WebviewWindowBuilder::new(&app, "main", Default::default()).build().expect("the window builds"),
    };
    TestApp { _app: app, window, home }
}

impl TestApp {
    /// Invokes `command` as the app's own page does.
    pub fn invoke(&self, command: &str, args: Value) -> Result<Value, Value> {
        self.invoke_from("tauri://localhost", command, args)
    }

    pub fn invoke_from(&self, url: &str, command: &str, args: Value) -> Result<Value, Value> {
        let request = InvokeRequest {
            cmd: command.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: url.parse().expect("a URL"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.into(),
        };
        get_ipc_response(&self.window, request).map(|body| body.deserialize::<Value>().expect("JSON"))
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

