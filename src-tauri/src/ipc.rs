//! What crosses the IPC boundary, and the conversions from the engine's types.
//!
//! This module is the only place that knows how values are serialized for the web UI, and, with
//! [`language::offsets`], the only place where offsets change unit: the engine speaks UTF-8 byte
//! offsets, CodeMirror counts UTF-16 code units. Every type here derives `TS`; the TypeScript
//! declarations in `ui/src/generated/` are generated from them (see the `generated_types` test).

pub mod commands;
pub mod explorer;
pub mod history;
pub mod project;
pub mod stream;
pub mod network;
pub mod tabs;

use language::offsets::LineIndex;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// A document, for the features that need no cursor.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DocumentRequest {
    pub document: String,
}

/// A document and a cursor in it, counted in UTF-16 code units (CodeMirror's positions).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CursorRequest {
    pub document: String,
    pub cursor_utf16: u32,
}

/// A schema file's text, read by the web UI from a file the person picked.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SchemaTextRequest {
    /// The file's name, shown as where the schema came from.
    pub file_name: String,
    /// An introspection response (JSON, either shape) or SDL.
    pub text: String,
}

/// The variables editor's text, to check against one operation of the document.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VariablesRequest {
    pub document: String,
    /// The operation that would run; `null` when the document holds one.
    pub operation_name: Option<String>,
    /// The variables as JSON text; empty text means no variables.
    pub variables_json: String,
}

/// Where the current schema came from.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum SchemaSource {
    /// A file the person loaded.
    File { file_name: String },
    /// The endpoint's introspection: fetched now, or from the cache (fetched earlier).
    Endpoint {
        url: String,
        from_cache: bool,
        #[ts(type = "number")]
        fetched_at_unix_ms: u64,
    },
}

/// What the endpoint bar shows about the current schema.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SchemaStatus {
    pub source: SchemaSource,
    pub n_types: u32,
    /// When the schema was read, in milliseconds since the Unix epoch.
    #[ts(type = "number")]
    pub loaded_at_unix_ms: u64,
    /// Problems that did not stop the schema from loading, each a sentence.
    pub warnings: Vec<String>,
    /// When a refresh brought this schema in place of the endpoint's one before it: how it changed.
    pub changes: Option<explorer::ChangeSummary>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum CompletionKind {
    Field,
    Argument,
    EnumValue,
    Value,
    InputField,
    Variable,
    Type,
    Directive,
    Fragment,
    Keyword,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompletionItem {
    pub label: String,
    /// The text a typed word is matched against: the label without decoration (`$id` → `id`).
    pub filter: String,
    pub kind: CompletionKind,
    /// The type signature, such as `String!` or `(id: ID!): Project`.
    pub detail: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub deprecation_reason: Option<String>,
}

/// Completion items, best first, and the UTF-16 range of the text they replace.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CompletionList {
    pub from: u32,
    pub to: u32,
    pub items: Vec<CompletionItem>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
}

/// One problem of the document, over a UTF-16 range.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Diagnostic {
    pub from: u32,
    pub to: u32,
    pub severity: Severity,
    pub message: String,
}

/// What the name under the cursor is, and its UTF-16 range.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Hover {
    pub from: u32,
    pub to: u32,
    /// For example `Query.project(id: ID!): Project`.
    pub signature: String,
    pub description: Option<String>,
    pub deprecation_reason: Option<String>,
    /// What the explorer opens for it (go to definition): `Query.project`, `Project`, `@cached`.
    pub coordinate: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum OperationKind {
    Query,
    Mutation,
    Subscription,
}

/// One operation definition of the document, over a UTF-16 range.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Operation {
    pub name: Option<String>,
    pub kind: OperationKind,
    pub from: u32,
    pub to: u32,
}

/// One problem of the variables, each message starting with its path (`$filter.owner.id: ...`).
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum VariableProblem {
    /// No operation of that name (or, without a name, the document holds several or none).
    UnknownOperation { message: String },
    MissingRequired { name: String, message: String },
    WrongType { name: String, message: String },
    UnknownVariable { name: String, message: String },
    NotAnObject { message: String },
}

/// Why a command could not answer. Expected outcomes (diagnostics, variable problems) are data in
/// a successful answer; these are the cases where there is no answer to give.
#[derive(Debug, Clone, PartialEq, Serialize, TS, thiserror::Error)]
#[serde(tag = "kind", rename_all = "camelCase", rename_all_fields = "camelCase")]
pub enum IpcError {
    /// A feature that needs a schema was asked for before any schema was loaded.
    #[error("{message}")]
    NoSchema { message: String },
    /// A schema file could not be read as an introspection response or as SDL.
    #[error("{message}")]
    SchemaLoad { message: String },
    /// The Variables editor's text is not a JSON object; `line` (from 1) is where the problem is.
    #[error("{message}")]
    InvalidVariables { message: String, line: u32 },
    /// Copy response could not put the text on the clipboard.
    #[error("{message}")]
    Clipboard { message: String },
    /// The schema fetch was cancelled (Cancel, or another endpoint chosen meanwhile).
    #[error("{message}")]
    SchemaFetchCancelled { message: String },
    /// The document has several operations and neither the cursor nor the picker says which.
    #[error("{message}")]
    NoOperationChosen { message: String },
    /// The endpoint is not an http(s) URL.
    #[error("{message}")]
    InvalidEndpoint { message: String },
    /// The headers editor's text is not a JSON object of strings, or a header cannot be sent.
    #[error("{message}")]
    InvalidHeaders { message: String },
    /// Nothing was sent: the server's `Retry-After` is in force or the budget is used up.
    #[error("{message}")]
    RateLimited { message: String, until_unix_ms: f64 },
    /// A token profile problem: unknown or duplicate name, another origin, no token stored.
    #[error("{message}")]
    Profile { message: String },
    /// The OS keychain could not be used (locked, no Secret Service); the message says what to do.
    #[error("{message}")]
    Keychain { message: String },
    /// The endpoint gave no schema; `reason` says what the person can do about it.
    #[error("{message}")]
    SchemaFetch { message: String, reason: SchemaFetchReason },
    /// Sextant's own files could not be opened at start (a damaged profiles file, say).
    #[error("{message}")]
    Unavailable { message: String },
    /// The built-in demo endpoint could not start.
    #[error("{message}")]
    Demo { message: String },
    /// The explorer was asked for a type, coordinate or search kind the schema does not have.
    #[error("{message}")]
    NotFound { message: String },
    /// The explorer's "+" could not add a field to the document (no route to it, an unclosed
    /// selection set where it belongs).
    #[error("{message}")]
    CannotAdd { message: String },
    /// A pasted text is not a curl command of a GraphQL request.
    #[error("{message}")]
    NotCurl { message: String },
    /// A description's link was not opened (not a web address, no system browser).
    #[error("{message}")]
    CannotOpen { message: String },
    /// A project folder could not be opened, or a document in it read or written (a path outside
    /// it, a token in its variables).
    #[error("{message}")]
    Project { message: String },
    /// Save as or New document named a file that exists: nothing was overwritten.
    #[error("{message}")]
    FileExists { message: String },
}

/// Why an endpoint gave no schema, for what the page offers next.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SchemaFetchReason {
    /// Introspection is off: load the schema from a file.
    IntrospectionDisabled,
    /// The server refused the credentials or their absence: add or fix a token profile.
    Unauthorized,
    /// Anything else (an error page, no answer, a schema that cannot be read).
    Other,
}

impl IpcError {
    pub fn no_schema() -> IpcError {
        IpcError::NoSchema { message: "No schema is loaded: load one from a file or use the demo schema.".into() }
    }
}

impl From<connection::SendError> for IpcError {
    fn from(error: connection::SendError) -> IpcError {
        use connection::SendError;
        let message = sentence(error.to_string());
        match error {
            SendError::RateLimited { until, .. } => IpcError::RateLimited { message, until_unix_ms: until as f64 * 1000.0 },
            SendError::Profile(_) | SendError::NoToken { .. } | SendError::OriginMismatch { .. } => IpcError::Profile { message },
            SendError::Keychain(_) => IpcError::Keychain { message },
            SendError::InvalidHeader { .. } => IpcError::InvalidHeaders { message },
        }
    }
}

impl From<connection::SchemaError> for IpcError {
    fn from(error: connection::SchemaError) -> IpcError {
        use connection::SchemaError;
        let reason = match &error {
            SchemaError::NotSent(_) => None,
            SchemaError::NoSchema { .. } => Some(SchemaFetchReason::Other),
            SchemaError::IntrospectionDisabled { .. } => Some(SchemaFetchReason::IntrospectionDisabled),
            SchemaError::Unauthorized { .. } => Some(SchemaFetchReason::Unauthorized),
        };
        match (error, reason) {
            (SchemaError::NotSent(error), _) => error.into(),
            (error, reason) => IpcError::SchemaFetch { message: sentence(error.to_string()), reason: reason.unwrap_or(SchemaFetchReason::Other) },
        }
    }
}

impl From<connection::variables::VariablesError> for IpcError {
    fn from(error: connection::variables::VariablesError) -> IpcError {
        IpcError::InvalidVariables { message: format!("Variables (line {}): {error}", error.line()), line: count(error.line()) }
    }
}

/// A message of the engine crates (lower case, no full stop: they are also parts of longer
/// messages on the command line) as the window shows it: a sentence.
pub(crate) fn sentence(message: String) -> String {
    let mut chars = message.chars();
    let mut sentence: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => return message,
    };
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}

impl From<store::StoreError> for IpcError {
    fn from(error: store::StoreError) -> IpcError {
        IpcError::Unavailable { message: format!("Tabs are not saved: {error}") }
    }
}

impl From<net::EndpointError> for IpcError {
    fn from(error: net::EndpointError) -> IpcError {
        IpcError::InvalidEndpoint { message: error.to_string() }
    }
}

impl From<schema_cache::LoadError> for IpcError {
    fn from(error: schema_cache::LoadError) -> IpcError {
        IpcError::SchemaLoad { message: error.to_string() }
    }
}

/// A UTF-16 offset as the IPC types carry it. Documents beyond 4 GiB do not reach the engine.
fn utf16(index: &LineIndex<'_>, byte_offset: usize) -> u32 {
    u32::try_from(index.utf16_offset(byte_offset)).unwrap_or(u32::MAX)
}

/// The engine's byte offset of a CodeMirror position (clamped to the document).
pub fn byte_offset(document: &str, cursor_utf16: u32) -> usize {
    LineIndex::new(document).byte_offset_from_utf16(cursor_utf16 as usize)
}

fn count(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

impl SchemaStatus {
    /// `n_types` counts the schema's own types, as `schema_cache::n_types` does for every front end.
    pub fn new(
        source: SchemaSource,
        n_types: usize,
        loaded_at: std::time::SystemTime,
        warnings: Vec<String>,
        changes: Option<explorer::ChangeSummary>,
    ) -> Self {
        let loaded_at_unix_ms = loaded_at
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |since| u64::try_from(since.as_millis()).unwrap_or(u64::MAX));
        SchemaStatus { source, n_types: count(n_types), loaded_at_unix_ms, warnings, changes }
    }
}

impl CompletionList {
    pub fn from_engine(document: &str, completions: language::completion::Completions<'_>) -> Self {
        let index = LineIndex::new(document);
        CompletionList {
            from: utf16(&index, completions.replace_start),
            to: utf16(&index, completions.replace_end),
            items: completions.items.into_iter().map(CompletionItem::from).collect(),
        }
    }
}

impl From<language::completion::CompletionItem<'_>> for CompletionItem {
    fn from(item: language::completion::CompletionItem<'_>) -> Self {
        use language::completion::CompletionKind as Engine;
        let kind = match item.kind {
            Engine::Field => CompletionKind::Field,
            Engine::Argument => CompletionKind::Argument,
            Engine::EnumValue => CompletionKind::EnumValue,
            Engine::Value => CompletionKind::Value,
            Engine::InputField => CompletionKind::InputField,
            Engine::Variable => CompletionKind::Variable,
            Engine::Type => CompletionKind::Type,
            Engine::Directive => CompletionKind::Directive,
            Engine::Fragment => CompletionKind::Fragment,
            Engine::Keyword => CompletionKind::Keyword,
        };
        CompletionItem {
            label: item.label.into_owned(),
            filter: item.filter.to_owned(),
            kind,
            detail: item.detail.map(|detail| detail.into_owned()),
            description: item.description.map(str::to_owned),
            deprecated: item.deprecated,
            deprecation_reason: item.deprecation_reason.map(str::to_owned),
        }
    }
}

impl Diagnostic {
    pub fn from_engine(document: &str, diagnostics: Vec<language::diagnostics::Diagnostic>) -> Vec<Self> {
        let index = LineIndex::new(document);
        diagnostics
            .into_iter()
            .map(|diagnostic| Diagnostic {
                from: utf16(&index, diagnostic.start),
                to: utf16(&index, diagnostic.end),
                severity: match diagnostic.severity {
                    language::diagnostics::Severity::Error => Severity::Error,
                    language::diagnostics::Severity::Warning => Severity::Warning,
                },
                message: diagnostic.message,
            })
            .collect()
    }
}

impl Hover {
    pub fn from_engine(document: &str, hover: Option<language::hover::Hover>) -> Option<Self> {
        let hover = hover?;
        let index = LineIndex::new(document);
        Some(Hover {
            from: utf16(&index, hover.start),
            to: utf16(&index, hover.end),
            signature: hover.signature,
            description: hover.description,
            deprecation_reason: hover.deprecation_reason,
            coordinate: hover.coordinate,
        })
    }
}

impl Operation {
    pub fn from_engine(document: &str, operations: Vec<language::operations::Operation>) -> Vec<Self> {
        let index = LineIndex::new(document);
        operations
            .into_iter()
            .map(|operation| Operation {
                name: operation.name,
                kind: match operation.kind {
                    language::operations::OperationKind::Query => OperationKind::Query,
                    language::operations::OperationKind::Mutation => OperationKind::Mutation,
                    language::operations::OperationKind::Subscription => OperationKind::Subscription,
                },
                from: utf16(&index, operation.start),
                to: utf16(&index, operation.end),
            })
            .collect()
    }
}

impl From<language::variables::VariableProblem> for VariableProblem {
    fn from(problem: language::variables::VariableProblem) -> Self {
        use language::variables::VariableProblem as Engine;
        match problem {
            Engine::UnknownOperation { message } => VariableProblem::UnknownOperation { message },
            Engine::MissingRequired { name, message } => VariableProblem::MissingRequired { name, message },
            Engine::WrongType { name, message } => VariableProblem::WrongType { name, message },
            Engine::UnknownVariable { name, message } => VariableProblem::UnknownVariable { name, message },
            Engine::NotAnObject { message } => VariableProblem::NotAnObject { message },
        }
    }
}

/// The Variables editor's text, read as the command line reads `--variables`.
pub fn parse_variables(text: &str) -> Result<serde_json::Value, IpcError> {
    Ok(connection::variables::parse(text)?)
}

/// Every type the web UI sees, exported into `dir` (one `.ts` file per type).
pub fn export_typescript(dir: &std::path::Path) -> Result<(), ts_rs::ExportError> {
    let config = ts_rs::Config::new().with_out_dir(dir);
    DocumentRequest::export_all(&config)?;
    CursorRequest::export_all(&config)?;
    SchemaTextRequest::export_all(&config)?;
    VariablesRequest::export_all(&config)?;
    SchemaStatus::export_all(&config)?;
    CompletionList::export_all(&config)?;
    Diagnostic::export_all(&config)?;
    Hover::export_all(&config)?;
    Operation::export_all(&config)?;
    VariableProblem::export_all(&config)?;
    IpcError::export_all(&config)?;
    network::EndpointRequest::export_all(&config)?;
    network::FetchSchemaRequest::export_all(&config)?;
    network::RunRequest::export_all(&config)?;
    network::RunResult::export_all(&config)?;
    network::ResponseLinesRequest::export_all(&config)?;
    network::ResponseFindRequest::export_all(&config)?;
    network::ResponseFound::export_all(&config)?;
    network::SaveProfileRequest::export_all(&config)?;
    network::ProfileRequest::export_all(&config)?;
    network::ProfileShown::export_all(&config)?;
    network::RateLimitShown::export_all(&config)?;
    network::OriginRequest::export_all(&config)?;
    network::EndpointProfiles::export_all(&config)?;
    network::HeadersRequest::export_all(&config)?;
    network::HeadersKept::export_all(&config)?;
    tabs::TabState::export_all(&config)?;
    tabs::TabsOpened::export_all(&config)?;
    tabs::TabRequest::export_all(&config)?;
    tabs::TabInsertRequest::export_all(&config)?;
    tabs::TabPositionRequest::export_all(&config)?;
    tabs::TabOrderRequest::export_all(&config)?;
    explorer::ExplorerSearchRequest::export_all(&config)?;
    explorer::SearchResultShown::export_all(&config)?;
    explorer::ExplorerPageRequest::export_all(&config)?;
    explorer::ExplorerPage::export_all(&config)?;
    explorer::ExplorerPathsRequest::export_all(&config)?;
    explorer::PathShown::export_all(&config)?;
    explorer::TypeShown::export_all(&config)?;
    explorer::ChangeShown::export_all(&config)?;
    explorer::AddFieldRequest::export_all(&config)?;
    explorer::FieldAdded::export_all(&config)?;
    explorer::OpenLinkRequest::export_all(&config)?;
    network::SchemaVersionShown::export_all(&config)?;
    network::CompareVersionRequest::export_all(&config)?;
    network::CopyCurlRequest::export_all(&config)?;
    network::ReadCurlRequest::export_all(&config)?;
    network::CurlRead::export_all(&config)?;
    history::HistorySearchRequest::export_all(&config)?;
    project::ProjectShown::export_all(&config)?;
    stream::StreamEventsRequest::export_all(&config)?;
    stream::StreamStartRequest::export_all(&config)?;
    stream::StreamPage::export_all(&config)?;
    project::ProjectEndpointShown::export_all(&config)?;
    project::ProjectCurrent::export_all(&config)?;
    project::ProjectOpenRequest::export_all(&config)?;
    project::ProjectFileRequest::export_all(&config)?;
    project::ProjectFile::export_all(&config)?;
    project::ProjectSaveRequest::export_all(&config)?;
    project::ProjectSaved::export_all(&config)?;
    project::ProjectRenameRequest::export_all(&config)?;
    project::ProjectChangesRequest::export_all(&config)?;
    project::ProjectChanges::export_all(&config)?;
    history::HistoryPage::export_all(&config)?;
    history::HistoryFavouriteRequest::export_all(&config)?;
    history::HistoryEntryRequest::export_all(&config)?;
    history::HistoryRetentionRequest::export_all(&config)?;
    commands::export(&config, dir)?;
    Ok(())
}
