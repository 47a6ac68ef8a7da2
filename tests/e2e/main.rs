//! End-to-end tests of the real app window: the binary cargo built, driven through WebDriver
//! (tauri-driver in front of WebKitWebDriver) on a private Xvfb display, against demo servers
//! started in the test. One module per scenario; the element ids are the DOM contract of the UI.
//!
//! Run under a private keyring: `scripts/with-keyring cargo test -p sextant-app --test e2e`.

mod harness;
mod steps;

mod completion_ranking;
mod editing;
mod explorer;
mod finding;
mod first_run;
mod history;
mod project;
mod hostile_server;
mod large_response;
mod rate_limit_panel;
mod remote_endpoints;
mod running;
mod subscriptions;
mod switching_endpoints;
mod tabs;
mod tokens;
mod typed_credentials;
mod unknown_field;
mod used_up_budget;
mod window_layout;
