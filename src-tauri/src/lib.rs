//! Sextant's desktop shell: the Tauri 2 app around the engine crates.
//!
//! - [`commands`]: what the web UI may invoke, thin adapters over the engine;
//! - [`ipc`]: the types that cross the IPC boundary (TypeScript generated from them), and the only
//!   conversions between CodeMirror's UTF-16 positions and the engine's UTF-8 offsets;
//! - [`state`]: what the app keeps between commands;
//! - [`window_size`]: the window's size across restarts.
//!
//! This is the only crate that depends on Tauri or knows how values are serialized for the web UI.

pub mod commands;
pub mod ipc;
pub mod state;
pub mod window_size;

use tauri::{Manager, Runtime};

/// The app's state and commands on any runtime: the real one in [`run`], the mock one in tests.
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    builder.manage(state::CurrentSchema::default()).invoke_handler(tauri::generate_handler![
        commands::schema_status,
        commands::use_demo_schema,
        commands::load_schema_text,
        commands::complete,
        commands::diagnostics,
        commands::hover,
        commands::format,
        commands::operations,
        commands::check_variables,
    ])
}

/// Starts the app and blocks until its window closes.
pub fn run() {
    app_builder(tauri::Builder::default())
        .setup(|app| {
            if let (Some(window), Some(file)) = (app.get_webview_window("main"), window_size::file()) {
                window_size::restore(&window, &file);
            }
            Ok(())
        })
        .on_window_event(|window, event| {
            if let (tauri::WindowEvent::CloseRequested { .. }, Some(file)) = (event, window_size::file()) {
                window_size::save(window, &file);
            }
        })
        .run(tauri::generate_context!())
        .expect("the app could not start");
}
