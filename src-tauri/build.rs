//! Declares the app's commands so that they go through the ACL: a command is callable only when a
//! capability in `capabilities/` grants its `allow-<command>` permission.

/// Every command of `commands/`. Keep in step with `generate_handler!` in `lib.rs`.
const COMMANDS: &[&str] = &[
    "schema_status",
    "load_schema_text",
    "complete",
    "diagnostics",
    "hover",
    "format",
    "operations",
    "check_variables",
    "demo_endpoint",
    "fetch_schema",
    "run",
    "cancel_run",
    "cancel_schema_fetch",
    "response_lines",
    "response_text",
    "copy_response",
    "response_kept",
    "response_find",
    "rate_limit",
    "headers_kept",
    "endpoint_profiles",
    "save_profile",
    "remove_profile",
    "token_stored",
    "tabs_open",
    "tab_insert",
    "tab_save",
    "tab_close",
    "tab_reopen",
    "tabs_order",
    "explorer_types",
    "explorer_search",
    "explorer_page",
    "explorer_paths",
    "explorer_add_field",
    "open_link",
    "schema_versions",
    "compare_schema_version",
    "copy_as_curl",
    "read_curl",
    "history_search",
    "history_favourite",
    "history_remove",
    "history_retention",
    "schema_changes",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
