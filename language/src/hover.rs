//! Hover: what the name under the cursor is.

use apollo_compiler::{Schema, validation::Valid};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hover {
    /// Byte range of the name the hover describes.
    pub start: usize,
    pub end: usize,
    /// For example `Query.project(id: ID!): Project`.
    pub signature: String,
    pub description: Option<String>,
    pub deprecation_reason: Option<String>,
}

pub fn hover(schema: &Valid<Schema>, document: &str, cursor_offset: usize) -> Option<Hover> {
    let _ = (schema, document, cursor_offset);
    None
}
