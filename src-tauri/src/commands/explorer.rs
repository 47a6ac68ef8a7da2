//! The schema explorer over the current schema: search, a type's page, the paths that reach an
//! element. The index is built on the first of these (not when the schema loads, so that a schema
//! from the cache stays ready at once), on the blocking pool; once it is built, a search or a page
//! (under a millisecond, a few for GitHub's `String` page) is answered in place: the hop to the
//! blocking pool and back cost more than the answer.

use tauri::State;

use crate::ipc::IpcError;
use crate::ipc::explorer::{self, AddFieldRequest, ChangeShown, FieldAdded, OpenLinkRequest, ExplorerPage, ExplorerPageRequest, ExplorerPathsRequest, ExplorerSearchRequest, PathShown, SearchResultShown, TypeShown};
use crate::state::CurrentSchema;

/// Every type, the root types first.
#[tauri::command]
pub async fn explorer_types(current: State<'_, CurrentSchema>) -> Result<Vec<TypeShown>, IpcError> {
    let loaded = current.loaded().ok_or_else(IpcError::no_schema)?;
    super::blocking(move || Ok(explorer::types(loaded.index()))).await
}

#[tauri::command]
pub async fn explorer_search(current: State<'_, CurrentSchema>, request: ExplorerSearchRequest) -> Result<Vec<SearchResultShown>, IpcError> {
    let loaded = current.loaded().ok_or_else(IpcError::no_schema)?;
    if let Some(index) = loaded.index_built() {
        return explorer::search(index, &request);
    }
    super::blocking(move || explorer::search(loaded.index(), &request)).await
}

#[tauri::command]
pub async fn explorer_page(current: State<'_, CurrentSchema>, request: ExplorerPageRequest) -> Result<ExplorerPage, IpcError> {
    let loaded = current.loaded().ok_or_else(IpcError::no_schema)?;
    if let Some(index) = loaded.index_built() {
        return explorer::page(index, &request.name);
    }
    super::blocking(move || explorer::page(loaded.index(), &request.name)).await
}

#[tauri::command]
pub async fn explorer_paths(current: State<'_, CurrentSchema>, request: ExplorerPathsRequest) -> Result<Vec<PathShown>, IpcError> {
    let loaded = current.loaded().ok_or_else(IpcError::no_schema)?;
    super::blocking(move || explorer::paths(loaded.index(), &request.name)).await
}

/// The explorer's "+": the edits that add a field to the document at the cursor.
#[tauri::command]
pub async fn explorer_add_field(current: State<'_, CurrentSchema>, request: AddFieldRequest) -> Result<FieldAdded, IpcError> {
    let loaded = current.loaded().ok_or_else(IpcError::no_schema)?;
    super::blocking(move || explorer::add_field(&loaded.schema, loaded.index(), &request)).await
}

/// How the schema in use differs from the endpoint's schema before the last refresh; empty when no
/// refresh has compared two.
#[tauri::command]
pub async fn schema_changes(current: State<'_, CurrentSchema>) -> Result<Vec<ChangeShown>, IpcError> {
    Ok(current.loaded().and_then(|loaded| loaded.changes.as_ref().map(|(changes, _)| changes.clone())).unwrap_or_default())
}

/// A link from a schema's description, opened in the system browser because the person clicked
/// it: only `http(s)` and `mailto` addresses, handed to `xdg-open` as one argument (no shell).
#[tauri::command]
pub async fn open_link(request: OpenLinkRequest) -> Result<(), IpcError> {
    let url = explorer::link_to_open(&request.url)?;
    let mut opener = std::process::Command::new("xdg-open")
        .arg(url.as_str())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|error| IpcError::CannotOpen { message: format!("Cannot start the system browser (xdg-open): {error}.") })?;
    // Reaped off the async runtime: the browser may outlive the opener or not.
    std::thread::spawn(move || opener.wait());
    Ok(())
}
