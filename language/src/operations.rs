//! The operations in a document, so that a person can choose which one runs.

use apollo_parser::{SyntaxKind, cst, cst::CstNode};
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

/// Every operation definition in document order, read from apollo-parser's lossless syntax tree so
/// that a broken document still lists what it can.
pub fn operations(document: &str) -> Vec<Operation> {
    let tree = apollo_parser::Parser::new(document)
        .recursion_limit(crate::RECURSION_LIMIT)
        .token_limit(crate::TOKEN_LIMIT)
        .parse();
    tree.document()
        .definitions()
        .filter_map(|definition| match definition {
            cst::Definition::OperationDefinition(operation) => Some(operation),
            _ => None,
        })
        .filter_map(|operation| {
            let (start, end) = significant_range(operation.syntax())?;
            Some(Operation {
                name: operation.name().map(|name| name.text().to_string()),
                kind: operation_kind(operation.operation_type()),
                start,
                end,
            })
        })
        .collect()
}

pub(crate) fn operation_kind(operation_type: Option<cst::OperationType>) -> OperationKind {
    match operation_type {
        Some(ty) if ty.mutation_token().is_some() => OperationKind::Mutation,
        Some(ty) if ty.subscription_token().is_some() => OperationKind::Subscription,
        _ => OperationKind::Query,
    }
}

/// The byte range of a node without the whitespace, commas and comments the parser attaches to
/// its edges. `None` for a node made only of such trivia.
pub(crate) fn significant_range(node: &apollo_parser::SyntaxNode) -> Option<(usize, usize)> {
    let mut tokens = node
        .descendants_with_tokens()
        .filter_map(|element| element.into_token())
        .filter(|token| !matches!(token.kind(), SyntaxKind::WHITESPACE | SyntaxKind::COMMENT | SyntaxKind::COMMA));
    let first = tokens.next()?;
    let last = tokens.last().unwrap_or_else(|| first.clone());
    Some((first.text_range().start().into(), last.text_range().end().into()))
}

/// Which operation Run sends: the one the cursor is in (as GraphiQL runs the one under the
/// cursor), else `chosen` (the picker's choice) when the document has it, else the only one.
/// `None` for a document of one anonymous operation or none (nothing to name), and when several
/// operations leave the choice open. Decided on the document as it is when Run is pressed.
pub fn operation_to_run(document: &str, cursor_offset: usize, chosen: Option<&str>) -> Option<String> {
    operation_to_run_of(&operations(document), cursor_offset, chosen)
}

/// [`operation_to_run`] over a document's [`operations`], for a caller that needs them too.
pub fn operation_to_run_of(operations: &[Operation], cursor_offset: usize, chosen: Option<&str>) -> Option<String> {
    // The cursor is in an operation from its first character to just after its last.
    if let Some(under_cursor) = operations.iter().find(|operation| operation.start <= cursor_offset && cursor_offset <= operation.end) {
        return under_cursor.name.clone();
    }
    if let Some(chosen) = chosen.filter(|chosen| operations.iter().any(|operation| operation.name.as_deref() == Some(chosen))) {
        return Some(chosen.to_owned());
    }
    match operations {
        [only] => only.name.clone(),
        _ => None,
    }
}
