//! The editor's commands: completion, diagnostics, hover, formatting, operations and the
//! variables check against the current schema, and loading a schema from a file.

use tauri::State;

use crate::ipc::{
    self, CompletionList, CursorRequest, Diagnostic, DocumentRequest, Hover, IpcError, Operation, SchemaSource,
    SchemaStatus, SchemaTextRequest, VariableProblem, VariablesRequest,
};
use crate::state::{CurrentSchema, LoadedSchema};

#[tauri::command]
pub async fn schema_status(current: State<'_, CurrentSchema>) -> Result<Option<SchemaStatus>, IpcError> {
    Ok(current.loaded().map(|loaded| loaded.status()))
}

#[tauri::command]
pub async fn load_schema_text(
    current: State<'_, CurrentSchema>,
    request: SchemaTextRequest,
) -> Result<SchemaStatus, IpcError> {
    let SchemaTextRequest { file_name, text } = request;
    let loaded = super::blocking(move || {
        let loaded = schema_cache::load_bytes(&file_name, text.as_bytes())?;
        Ok(LoadedSchema::new(loaded, SchemaSource::File { file_name }))
    })
    .await?;
    Ok(current.replace(loaded))
}

#[tauri::command]
pub async fn complete(current: State<'_, CurrentSchema>, request: CursorRequest) -> Result<CompletionList, IpcError> {
    let schema = current.schema()?;
    let cursor = ipc::byte_offset(&request.document, request.cursor_utf16);
    let completions = language::completion::complete(&schema, &request.document, cursor);
    Ok(CompletionList::from_engine(&request.document, completions))
}

#[tauri::command]
pub async fn diagnostics(
    current: State<'_, CurrentSchema>,
    request: DocumentRequest,
) -> Result<Vec<Diagnostic>, IpcError> {
    let schema = current.schema()?;
    let diagnostics = language::diagnostics::diagnostics(&schema, &request.document);
    Ok(Diagnostic::from_engine(&request.document, diagnostics))
}

#[tauri::command]
pub async fn hover(current: State<'_, CurrentSchema>, request: CursorRequest) -> Result<Option<Hover>, IpcError> {
    let schema = current.schema()?;
    let cursor = ipc::byte_offset(&request.document, request.cursor_utf16);
    let hover = language::hover::hover(&schema, &request.document, cursor);
    Ok(Hover::from_engine(&request.document, hover))
}

#[tauri::command]
pub async fn format(request: DocumentRequest) -> Result<String, IpcError> {
    Ok(language::format::format(&request.document))
}

#[tauri::command]
pub async fn operations(request: DocumentRequest) -> Result<Vec<Operation>, IpcError> {
    let operations = language::operations::operations(&request.document);
    Ok(Operation::from_engine(&request.document, operations))
}

#[tauri::command]
pub async fn check_variables(
    current: State<'_, CurrentSchema>,
    request: VariablesRequest,
) -> Result<Vec<VariableProblem>, IpcError> {
    let schema = current.schema()?;
    let variables = ipc::parse_variables(&request.variables_json)?;
    let problems = language::variables::check_variables(
        &schema,
        &request.document,
        request.operation_name.as_deref(),
        &variables,
    );
    Ok(problems.into_iter().map(VariableProblem::from).collect())
}
