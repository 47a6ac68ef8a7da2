//! Checks a variables JSON object against one operation's variable definitions.
//!
//! The coercion rules are the spec's ("Coercing Variable Values" and the input coercion of each
//! type), written here rather than taken from apollo-compiler so that every problem is reported at
//! once, each with the path to the offending value (`$filter.owner.id: expected ID, found true`).

use apollo_compiler::ast::{self, Type};
use apollo_compiler::parser::Parser;
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::{Node, Schema, validation::Valid};
use serde::Serialize;
use serde_json::Value as Json;

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

/// Every problem of `variables` for the chosen operation. `variables` may be `null` (no variables).
/// The document may be broken: the operations the parser recovers are used.
pub fn check_variables(
    schema: &Valid<Schema>,
    document: &str,
    operation_name: Option<&str>,
    variables: &serde_json::Value,
) -> Vec<VariableProblem> {
    // The same limits as diagnostics: deeper or longer documents are cut short.
    let mut parser = Parser::new().recursion_limit(crate::RECURSION_LIMIT).token_limit(crate::TOKEN_LIMIT);
    let ast = match parser.parse_ast(document, "document.graphql") {
        Ok(ast) => ast,
        Err(with_errors) => with_errors.partial,
    };
    let operations: Vec<&Node<ast::OperationDefinition>> =
        ast.definitions.iter().filter_map(|definition| definition.as_operation_definition()).collect();
    let operation = match choose(&operations, operation_name) {
        Ok(operation) => operation,
        Err(message) => return vec![VariableProblem::UnknownOperation { message }],
    };

    let empty = serde_json::Map::new();
    let values = match variables {
        Json::Null => &empty,
        Json::Object(values) => values,
        other => {
            return vec![VariableProblem::NotAnObject {
                message: format!("Variables must be a JSON object, found {}.", describe(other)),
            }];
        }
    };

    let mut problems = Vec::new();
    for definition in &operation.variables {
        let name = definition.name.as_str();
        match values.get(name) {
            None => {
                if definition.ty.is_non_null() && definition.default_value.is_none() {
                    problems.push(VariableProblem::MissingRequired {
                        name: name.to_owned(),
                        message: format!("Variable \"${name}\" of required type \"{}\" was not provided.", definition.ty),
                    });
                }
            }
            Some(value) => {
                let mut messages = Vec::new();
                check_value(schema, &format!("${name}"), value, &definition.ty, &mut messages);
                problems.extend(
                    messages.into_iter().map(|message| VariableProblem::WrongType { name: name.to_owned(), message }),
                );
            }
        }
    }
    for name in values.keys() {
        if !operation.variables.iter().any(|definition| definition.name == name.as_str()) {
            let declared: Vec<String> = operation.variables.iter().map(|definition| format!("${}", definition.name)).collect();
            let operation = operation.name.as_ref().map_or("The operation".to_owned(), |name| format!("Operation \"{name}\""));
            let declared = if declared.is_empty() { "declares no variables".to_owned() } else { format!("declares {}", declared.join(", ")) };
            problems.push(VariableProblem::UnknownVariable {
                name: name.clone(),
                message: format!("Variable \"${name}\" is not declared: {operation} {declared}."),
            });
        }
    }
    problems
}

fn choose<'a>(
    operations: &[&'a Node<ast::OperationDefinition>],
    name: Option<&str>,
) -> Result<&'a Node<ast::OperationDefinition>, String> {
    let names = || {
        operations
            .iter()
            .map(|operation| operation.name.as_ref().map_or("(anonymous)".to_owned(), |name| format!("\"{name}\"")))
            .collect::<Vec<_>>()
            .join(", ")
    };
    match name {
        Some(name) => operations
            .iter()
            .find(|operation| operation.name.as_ref().is_some_and(|own| own == name))
            .copied()
            .ok_or_else(|| match operations.len() {
                0 => format!("No operation named \"{name}\": the document has no operations."),
                _ => format!("No operation named \"{name}\"; the document has {}.", names()),
            }),
        None => match operations {
            [only] => Ok(*only),
            [] => Err("The document has no operations.".to_owned()),
            _ => Err(format!("The document has several operations ({}); choose one by name.", names())),
        },
    }
}

fn describe(value: &Json) -> String {
    match value {
        Json::Object(_) => "an object".to_owned(),
        Json::Array(_) => "a list".to_owned(),
        Json::String(text) if text.chars().count() > 40 => {
            format!("{:?}", format!("{}…", text.chars().take(40).collect::<String>()))
        }
        other => other.to_string(),
    }
}

/// Checks `value` against `ty`, pushing one message per problem, each starting with its path.
fn check_value(schema: &Schema, path: &str, value: &Json, ty: &Type, out: &mut Vec<String>) {
    if value.is_null() {
        if ty.is_non_null() {
            out.push(format!("{path}: expected {ty}, found null"));
        }
        return;
    }
    match ty {
        Type::List(item) | Type::NonNullList(item) => match value {
            Json::Array(items) => {
                for (index, item_value) in items.iter().enumerate() {
                    check_value(schema, &format!("{path}[{index}]"), item_value, item, out);
                }
            }
            // Input coercion of lists: a single value stands for a list of one.
            single => check_value(schema, path, single, item, out),
        },
        Type::Named(name) | Type::NonNullNamed(name) => check_named(schema, path, value, name, out),
    }
}

fn check_named(schema: &Schema, path: &str, value: &Json, type_name: &str, out: &mut Vec<String>) {
    let mismatch = |out: &mut Vec<String>| out.push(format!("{path}: expected {type_name}, found {}", describe(value)));
    match schema.types.get(type_name) {
        Some(ExtendedType::Scalar(_)) => match type_name {
            "Int" => match value {
                Json::Number(number) => {
                    // 1.0 is an integer too (graphql-js accepts it); 1.5 is not.
                    let integer = number.as_i64().map(|i| i as f64).or_else(|| number.as_f64().filter(|f| f.fract() == 0.0));
                    match integer {
                        Some(integer) if (f64::from(i32::MIN)..=f64::from(i32::MAX)).contains(&integer) => {}
                        Some(_) => out.push(format!("{path}: expected Int, found {number}, outside the 32-bit range")),
                        None => mismatch(out),
                    }
                }
                _ => mismatch(out),
            },
            "Float" if !value.is_number() => mismatch(out),
            "String" if !value.is_string() => mismatch(out),
            "Boolean" if !value.is_boolean() => mismatch(out),
            "ID" if !(value.is_string() || value.as_i64().is_some() || value.as_u64().is_some()) => mismatch(out),
            // Custom scalars accept whatever the server accepts; the others matched.
            _ => {}
        },
        Some(ExtendedType::Enum(enum_)) => {
            let known = value.as_str().is_some_and(|text| enum_.values.contains_key(text));
            if !known {
                let values: Vec<&str> = enum_.values.keys().map(|name| name.as_str()).collect();
                let listed = if values.len() <= 12 {
                    values.join(", ")
                } else {
                    format!("{}, … ({} values)", values[..12].join(", "), values.len())
                };
                out.push(format!("{path}: expected {type_name} (one of {listed}), found {}", describe(value)));
            }
        }
        Some(ExtendedType::InputObject(input)) => {
            let Json::Object(fields) = value else {
                return mismatch(out);
            };
            for key in fields.keys() {
                if !input.fields.contains_key(key.as_str()) {
                    let suggestion = closest(key, input.fields.keys().map(|name| name.as_str()))
                        .map(|name| format!("; did you mean \"{name}\"?"))
                        .unwrap_or_default();
                    out.push(format!("{path}.{key}: {type_name} has no field \"{key}\"{suggestion}"));
                }
            }
            for (field_name, definition) in &input.fields {
                match fields.get(field_name.as_str()) {
                    Some(field_value) => check_value(schema, &format!("{path}.{field_name}"), field_value, &definition.ty, out),
                    None if definition.ty.is_non_null() && definition.default_value.is_none() => {
                        out.push(format!("{path}.{field_name}: required field of type {} was not provided", definition.ty))
                    }
                    None => {}
                }
            }
            if input.directives.get("oneOf").is_some() {
                let given: Vec<&String> = fields.iter().filter(|(_, value)| !value.is_null()).map(|(key, _)| key).collect();
                if given.len() != 1 || fields.len() != 1 {
                    out.push(format!(
                        "{path}: {type_name} takes exactly one field, not null (it is a oneOf input object), found {}",
                        if fields.is_empty() { "none".to_owned() } else { format!("{} ({})", fields.len(), fields.keys().cloned().collect::<Vec<_>>().join(", ")) }
                    ));
                }
            }
        }
        // Output types and unknown types are the document's problem, which diagnostics report.
        _ => {}
    }
}

/// The known name closest to `unknown` when it is close enough to be a likely typo.
fn closest<'a>(unknown: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|name| (typo_distance(unknown, name), name))
        .filter(|&(distance, _)| distance <= unknown.len() * 2 / 5 + 1)
        .min()
        .map(|(_, name)| name)
}

/// Levenshtein distance, case-insensitive.
fn typo_distance(a: &str, b: &str) -> usize {
    strsim::levenshtein(&a.to_lowercase(), &b.to_lowercase())
}
