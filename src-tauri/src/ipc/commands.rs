//! The command table: every command the web UI may invoke, with the type it takes and the type it
//! answers. The page's `ipc.ts` calls commands only through the generated `commands.ts`, so a
//! command renamed, added or changed in Rust is a type error in the page, not a runtime surprise.
//! `build.rs` declares the same names to the ACL and `capabilities/main.json` grants them (the
//! `generated_types` test checks all three agree).

use std::path::Path;

use ts_rs::{Config, TS};

use super::explorer::*;
use super::history::*;
use super::project::*;
use super::stream::*;
use super::network::*;
use super::tabs::*;
use super::*;

/// One command: its name, and the TypeScript of its request (none for commands that take
/// nothing) and of its answer.
pub struct Signature {
    pub name: &'static str,
    pub request: Option<String>,
    pub response: String,
    /// The named types the request and answer use, to import.
    pub uses: Vec<String>,
}

/// The TypeScript name of `T`, noting the named types it mentions in `uses`: `T` itself when it is
/// exported (one file per type), else the exported types it wraps (`Array<Diagnostic>`,
/// `SchemaStatus | null`).
fn named<T: TS + ?Sized + 'static>(config: &Config, uses: &mut Vec<String>) -> String {
    if T::output_path().is_some() {
        uses.push(T::ident(config));
    } else {
        // The type arguments, at any depth (`Array<Diagnostic>`, `Hover | null`).
        T::visit_generics(&mut Collect { config, names: uses });
    }
    T::name(config)
}

struct Collect<'a> {
    config: &'a Config,
    names: &'a mut Vec<String>,
}

impl ts_rs::TypeVisitor for Collect<'_> {
    fn visit<T: TS + 'static + ?Sized>(&mut self) {
        if T::output_path().is_some() {
            self.names.push(T::ident(self.config));
        }
    }
}

macro_rules! table {
    ($config:ident; $( $name:literal: $request:ty => $response:ty ),* $(,)?) => {{
        let mut table = Vec::new();
        $(
            let mut uses = Vec::new();
            let request = table!(@request $config, uses, $request);
            let response = named::<$response>($config, &mut uses);
            table.push(Signature { name: $name, request, response, uses });
        )*
        table
    }};
    (@request $config:ident, $uses:ident, ()) => { None };
    (@request $config:ident, $uses:ident, $request:ty) => { Some(named::<$request>($config, &mut $uses)) };
}

/// Every command, in the order `lib.rs` registers them.
pub fn table(config: &Config) -> Vec<Signature> {
    table! { config;
        "schema_status": () => Option<SchemaStatus>,
        "load_schema_text": SchemaTextRequest => SchemaStatus,
        "complete": CursorRequest => CompletionList,
        "diagnostics": DocumentRequest => Vec<Diagnostic>,
        "hover": CursorRequest => Option<Hover>,
        "format": DocumentRequest => String,
        "operations": DocumentRequest => Vec<Operation>,
        "check_variables": VariablesRequest => Vec<VariableProblem>,
        "demo_endpoint": () => String,
        "fetch_schema": FetchSchemaRequest => SchemaStatus,
        "run": RunRequest => RunResult,
        "cancel_run": TabRequest => (),
        "cancel_schema_fetch": TabRequest => (),
        "response_lines": ResponseLinesRequest => Vec<String>,
        "response_text": ResponseLinesRequest => String,
        "copy_response": ResponseLinesRequest => u32,
        "response_kept": ResponseLinesRequest => bool,
        "response_find": ResponseFindRequest => ResponseFound,
        "rate_limit": EndpointRequest => Option<RateLimitShown>,
        "headers_kept": HeadersRequest => HeadersKept,
        "endpoint_profiles": OriginRequest => EndpointProfiles,
        "save_profile": SaveProfileRequest => ProfileShown,
        "remove_profile": ProfileRequest => (),
        "token_stored": ProfileRequest => bool,
        "tabs_open": () => TabsOpened,
        "tab_insert": TabInsertRequest => (),
        "tab_save": TabState => (),
        "tab_close": TabRequest => (),
        "tab_reopen": TabPositionRequest => Option<TabState>,
        "tabs_order": TabOrderRequest => (),
        "explorer_types": () => Vec<TypeShown>,
        "explorer_search": ExplorerSearchRequest => Vec<SearchResultShown>,
        "explorer_page": ExplorerPageRequest => ExplorerPage,
        "explorer_paths": ExplorerPathsRequest => Vec<PathShown>,
        "explorer_add_field": AddFieldRequest => FieldAdded,
        "open_link": OpenLinkRequest => (),
        "schema_versions": EndpointRequest => Vec<SchemaVersionShown>,
        "compare_schema_version": CompareVersionRequest => Vec<ChangeShown>,
        "copy_as_curl": CopyCurlRequest => String,
        "read_curl": ReadCurlRequest => CurlRead,
        "history_search": HistorySearchRequest => HistoryPage,
        "history_favourite": HistoryFavouriteRequest => (),
        "history_remove": HistoryEntryRequest => (),
        "history_retention": HistoryRetentionRequest => (),
        "project_open": ProjectOpenRequest => ProjectShown,
        "project_current": () => ProjectCurrent,
        "project_close": () => (),
        "project_read": ProjectFileRequest => ProjectFile,
        "project_save": ProjectSaveRequest => ProjectSaved,
        "project_rename": ProjectRenameRequest => ProjectShown,
        "project_changes": ProjectChangesRequest => ProjectChanges,
        "stream_start": StreamStartRequest => (),
        "stream_events": StreamEventsRequest => StreamPage,
        "stream_stop": TabRequest => (),
        "stream_copy": TabRequest => u32,
        "schema_changes": () => Vec<ChangeShown>,
    }
}

/// Writes `commands.ts` into `dir`: the `Commands` interface (name → request and response).
pub fn export(config: &Config, dir: &Path) -> Result<(), ts_rs::ExportError> {
    let table = table(config);
    let mut uses: Vec<String> = table.iter().flat_map(|signature| signature.uses.iter().cloned()).collect();
    uses.sort();
    uses.dedup();
    let mut text = String::from("// This file was generated from src-tauri/src/ipc/commands.rs. Do not edit this file manually.\n\n");
    for name in &uses {
        text += &format!("import type {{ {name} }} from \"./{name}\";\n");
    }
    text += "\n/** Every command the page may invoke: what it takes (`null`: nothing) and what it answers. */\nexport interface Commands {\n";
    for signature in &table {
        let request = signature.request.as_deref().unwrap_or("null");
        text += &format!("  {}: {{ request: {request}; response: {} }};\n", signature.name, signature.response);
    }
    text += "}\n";
    std::fs::create_dir_all(dir)?;
    std::fs::write(dir.join("commands.ts"), text)?;
    Ok(())
}

/// The names of every command, for the check against `build.rs` and the capability.
pub fn names() -> Vec<&'static str> {
    table(&Config::new()).into_iter().map(|signature| signature.name).collect()
}
