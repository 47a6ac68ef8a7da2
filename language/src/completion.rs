//! Completion: what may be typed at a cursor, ranked.

use apollo_compiler::{Schema, validation::Valid};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
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

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    /// The type signature, such as `String!` or `(id: ID!): Project`.
    pub detail: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub deprecation_reason: Option<String>,
}

/// The completion items at `cursor_offset` (UTF-8 bytes into `document`), best first, and the byte
/// range of the text they replace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completions {
    pub replace_start: usize,
    pub replace_end: usize,
    pub items: Vec<CompletionItem>,
}

pub fn complete(schema: &Valid<Schema>, document: &str, cursor_offset: usize) -> Completions {
    let _ = (schema, document);
    Completions { replace_start: cursor_offset, replace_end: cursor_offset, items: Vec::new() }
}
