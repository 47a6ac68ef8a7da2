//! Declares the app's commands so that they go through the ACL: a command is callable only when a
//! capability in `capabilities/` grants its `allow-<command>` permission.

/// Every command of `commands.rs`. Keep in step with `generate_handler!` in `lib.rs`.
const COMMANDS: &[&str] = &[
    "schema_status",
    "use_demo_schema",
    "load_schema_text",
    "complete",
    "diagnostics",
    "hover",
    "format",
    "operations",
    "check_variables",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new().app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri-build failed");
}
