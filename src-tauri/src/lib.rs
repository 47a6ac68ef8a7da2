//! Sextant's desktop shell: the Tauri 2 app around the engine crates.
//!
//! - [`commands`]: what the web UI may invoke, thin adapters over the engine;
//! - [`ipc`]: the types that cross the IPC boundary (TypeScript generated from them), and the only
//!   conversions between CodeMirror's UTF-16 positions and the engine's UTF-8 offsets;
//! - [`state`]: what the app keeps between commands: the current schema, the network session;
//! - [`response_view`]: the last response's lines, served a screenful at a time;
//! - [`window_size`]: the window's size across restarts.
//!
//! This is the only crate that depends on Tauri or knows how values are serialized for the web UI.

pub mod commands;
pub mod ipc;
pub mod response_view;
pub mod state;
pub mod window_size;

use connection::SessionConfig;
use connection::paths::Paths;
use tauri::{Manager, Runtime};

/// The app's state and commands on any runtime: the real one in [`run`], the mock one in tests.
/// `paths` are where profiles, the schema cache and budgets live.
pub fn app_builder<R: Runtime>(builder: tauri::Builder<R>, paths: Option<Paths>, config: SessionConfig) -> tauri::Builder<R> {
    use commands::{explorer, history, language, network, profiles, project, stream, tabs};
    builder
        .manage(state::CurrentSchema::default())
        .manage(state::Tabs::open(paths.as_ref()))
        .manage(state::Network::open(paths, config))
        .manage(state::Projects::default())
        .manage(state::Streams::default())
        .invoke_handler(tauri::generate_handler![
            language::schema_status,
            language::load_schema_text,
            language::complete,
            language::diagnostics,
            language::hover,
            language::format,
            language::operations,
            language::check_variables,
            network::demo_endpoint,
            network::fetch_schema,
            network::run,
            network::cancel_run,
            network::cancel_schema_fetch,
            network::response_lines,
            network::response_text,
            network::copy_response,
            network::response_kept,
            network::response_find,
            network::rate_limit,
            network::headers_kept,
            profiles::endpoint_profiles,
            profiles::save_profile,
            profiles::remove_profile,
            profiles::token_stored,
            tabs::tabs_open,
            tabs::tab_insert,
            tabs::tab_save,
            tabs::tab_close,
            tabs::tab_reopen,
            tabs::tabs_order,
            explorer::explorer_types,
            explorer::explorer_search,
            explorer::explorer_page,
            explorer::explorer_paths,
            explorer::explorer_add_field,
            explorer::open_link,
            network::schema_versions,
            network::compare_schema_version,
            network::copy_as_curl,
            network::read_curl,
            history::history_search,
            history::history_favourite,
            history::history_remove,
            history::history_retention,
            explorer::schema_changes,
            project::project_open,
            project::project_current,
            project::project_close,
            project::project_read,
            project::project_save,
            project::project_rename,
            project::project_changes,
            stream::stream_start,
            stream::stream_events,
            stream::stream_stop,
            stream::stream_copy,
        ])
}

/// A folder named on the command line (`sextant-app DIR`) opens as the project.
fn launch_dir() -> Option<std::path::PathBuf> {
    std::env::args_os().skip(1).map(std::path::PathBuf::from).find(|arg| arg.is_dir())
}

/// Starts the app and blocks until its window closes.
pub fn run() {
    app_builder(tauri::Builder::default(), Paths::from_env(), SessionConfig::from_env())
        .setup(|app| {
            app.state::<state::Projects>().set_launch_dir(launch_dir());
            if let Some(window) = app.get_webview_window("main") {
                #[cfg(target_os = "linux")]
                render_without_compositing(&window);
                if let Some(file) = window_size::file() {
                    window_size::restore(&window, &file);
                }
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

/// WebKitGTK composites pages with OpenGL by default. Sextant's window is text, lists and a JSON
/// view that draws only the lines on screen, which WebKit paints cheaply without compositing; where
/// OpenGL is software (llvmpipe: virtual machines, remote desktops, Xvfb) compositing kept both
/// cores busy for every frame, stalled frames for 100 ms while a 20 MB response appeared, and cost
/// about 55 MB. Measured in docs/benchmarks.md.
#[cfg(target_os = "linux")]
fn render_without_compositing<R: Runtime>(window: &tauri::WebviewWindow<R>) {
    use webkit2gtk::{HardwareAccelerationPolicy, SettingsExt, WebViewExt};
    let set = window.with_webview(|webview| {
        if let Some(settings) = webview.inner().settings() {
            settings.set_hardware_acceleration_policy(HardwareAccelerationPolicy::Never);
        }
    });
    // The window still works with compositing, only heavier: say so and go on.
    if let Err(error) = set {
        eprintln!("sextant: could not turn WebKit's OpenGL compositing off: {error}");
    }
}
