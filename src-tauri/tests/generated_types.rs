//! The TypeScript declarations in `ui/src/generated/` are generated from the IPC types in
//! `src/ipc.rs`. This test fails when they differ; `UPDATE_GENERATED=1 cargo test -p sextant-app
//! --test generated_types` rewrites them.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn typescript_files(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|extension| extension == "ts") {
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            files.insert(name, std::fs::read_to_string(&path).expect("readable"));
        }
    }
    files
}

#[test]
fn committed_typescript_matches_the_ipc_types() {
    let committed_dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/generated");
    let fresh_dir = tempfile::tempdir().expect("a temporary directory");
    sextant_app::ipc::export_typescript(fresh_dir.path()).expect("the types export");
    let fresh = typescript_files(fresh_dir.path());

    if std::env::var_os("UPDATE_GENERATED").is_some() {
        std::fs::create_dir_all(&committed_dir).unwrap();
        for stale in typescript_files(&committed_dir).keys().filter(|name| !fresh.contains_key(*name)) {
            std::fs::remove_file(committed_dir.join(stale)).unwrap();
        }
        for (name, text) in &fresh {
            std::fs::write(committed_dir.join(name), text).unwrap();
        }
        return;
    }

    let committed = typescript_files(&committed_dir);
    let names = |files: &BTreeMap<String, String>| files.keys().cloned().collect::<Vec<_>>();
    assert_eq!(
        names(&committed),
        names(&fresh),
        "ui/src/generated/ is out of date: run UPDATE_GENERATED=1 cargo test -p sextant-app --test generated_types"
    );
    for (name, text) in &fresh {
        assert_eq!(
            &committed[name], text,
            "ui/src/generated/{name} is out of date: run UPDATE_GENERATED=1 cargo test -p sextant-app --test generated_types"
        );
    }
}

/// Every command of the table is declared to the ACL in `build.rs` and granted to the window by
/// `capabilities/main.json`, in the same order, and nothing else is.
#[test]
fn command_table_matches_the_acl() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let build = std::fs::read_to_string(root.join("build.rs")).unwrap();
    let list = &build[build.find("const COMMANDS").unwrap()..];
    let list = &list[..list.find("];").unwrap()];
    let declared: Vec<&str> = list.split('"').skip(1).step_by(2).collect();
    let table = sextant_app::ipc::commands::names();
    assert_eq!(declared, table, "build.rs's COMMANDS and ipc::commands::table differ");
    let capability: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join("capabilities/main.json")).unwrap()).unwrap();
    let granted: Vec<String> = capability["permissions"].as_array().unwrap().iter().map(|p| p.as_str().unwrap().to_owned()).collect();
    let expected: Vec<String> = table.iter().map(|name| format!("allow-{}", name.replace('_', "-"))).collect();
    assert_eq!(granted, expected, "capabilities/main.json grants other commands than the table");
}
