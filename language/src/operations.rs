//! The operations in a document, so that a person can choose which one runs.

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OperationKind {
    Query,
    Mutation,
    Subscription,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Operation {
    pub name: Option<String>,
    pub kind: OperationKind,
    /// Byte range of the whole definition.
    pub start: usize,
    pub end: usize,
}

pub fn operations(document: &str) -> Vec<Operation> {
    let _ = document;
    Vec::new()
}
