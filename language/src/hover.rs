//! Hover: what the name under the cursor is.
//!
//! [`crate::context`] finds what the parser expected where the name stands (a field of some type,
//! an argument of some field, a value of some enum...); this module looks the name up there.

use apollo_compiler::schema::ExtendedType;
use apollo_compiler::{Schema, validation::Valid};
use serde::Serialize;

use crate::context::{self, ArgOwner, Ctx, Kind, Mode};

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Hover {
    /// Byte range of the name the hover describes.
    pub start: usize,
    pub end: usize,
    /// For example `Query.project(id: ID!): Project`.
    pub signature: String,
    pub description: Option<String>,
    pub deprecation_reason: Option<String>,
    /// The schema coordinate of what the name is (`Query.project`, `Query.project(id:)`,
    /// `DeploymentStatus.CRASHED`, `Project`, `@cached`), for going to its definition; a
    /// variable's or fragment's is its type's.
    pub coordinate: String,
}

pub fn hover(schema: &Valid<Schema>, document: &str, cursor_offset: usize) -> Option<Hover> {
    let cursor = context::clamp(document, cursor_offset);
    let located = context::locate(schema, document, cursor, Mode::Hover)?;
    let (start, end) = located.word?;
    let name = &document[start..end];
    let found = |coordinate: String, signature: String, description: Option<String>, deprecation_reason: Option<String>| {
        Some(Hover { start, end, signature, description, deprecation_reason, coordinate })
    };
    match &located.ctx {
        Ctx::Selection { parent: Some(parent) } => {
            // `alias: field`: the alias is no schema name.
            if located.next_token().is_some_and(|token| token.kind == Kind::Punct(b':')) {
                return None;
            }
            let def = schema.type_field(parent, name).ok()?;
            found(
                format!("{parent}.{name}"),
                context::field_signature(parent, def),
                context::description(&def.description),
                context::deprecation(&def.directives),
            )
        }
        Ctx::Argument { owner: Some(owner), .. } => {
            let def = owner.argument(name)?;
            let (coordinate, signature) = match owner {
                ArgOwner::Field { parent, def: field } => {
                    (format!("{parent}.{}({name}:)", field.name), format!("{parent}.{}({})", field.name, context::input_value_signature(def)))
                }
                ArgOwner::Directive(directive) => {
                    (format!("@{}({name}:)", directive.name), format!("@{}({})", directive.name, context::input_value_signature(def)))
                }
            };
            found(coordinate, signature, context::description(&def.description), context::deprecation(&def.directives))
        }
        Ctx::ObjectField { input: Some(input), .. } => {
            let def = input.fields.get(name)?;
            found(
                format!("{}.{name}", input.name),
                format!("{}.{}", input.name, context::input_value_signature(def)),
                context::description(&def.description),
                context::deprecation(&def.directives),
            )
        }
        Ctx::Value { ty: Some(ty), dollar: None, .. } => {
            let ExtendedType::Enum(def) = schema.types.get(ty.inner_named_type())? else { return None };
            let value = def.values.get(name)?;
            found(
                format!("{}.{name}", def.name),
                format!("{}.{name}", def.name),
                context::description(&value.description),
                context::deprecation(&value.directives),
            )
        }
        Ctx::Spread { .. } => {
            let (_, condition) =
                context::fragment_definitions(document, &located.tokens).into_iter().find(|(fragment, _)| *fragment == name)?;
            found(condition.to_string(), format!("fragment {name} on {condition}"), None, None)
        }
        Ctx::Value { dollar: Some(_), .. } => {
            let variable = located.variables.iter().find(|variable| variable.name == name)?;
            found(variable.ty.inner_named_type().to_string(), format!("${name}: {}", context::type_string(&variable.ty)), None, None)
        }
        Ctx::TypeCondition { .. } | Ctx::VariableType => {
            let ty = schema.types.get(name)?;
            found(name.to_owned(), context::type_signature(ty), ty.description().map(|description| str::to_owned(description)), None)
        }
        Ctx::Directive { .. } => {
            let def = schema.directive_definitions.get(name)?;
            found(format!("@{name}"), context::directive_signature(def), context::description(&def.description), None)
        }
        _ => None,
    }
}
