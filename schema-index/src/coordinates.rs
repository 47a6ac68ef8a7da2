//! Schema coordinates, the one way an element is named in output, navigation and links.
//!
//! The GraphQL Schema Coordinates RFC spells them `Type`, `Type.field`, `Type.field(arg:)`,
//! `Enum.VALUE`, `Input.field`, `@directive` and `@directive(arg:)`. apollo-compiler's
//! [`SchemaCoordinate`] parses and prints them; this module maps them to and from index elements,
//! reading text without allocating, since search tries every query as a coordinate first.

use apollo_compiler::Name;
use apollo_compiler::coordinate::{
    DirectiveArgumentCoordinate, DirectiveCoordinate, FieldArgumentCoordinate, SchemaCoordinate, TypeAttributeCoordinate,
    TypeCoordinate,
};

use crate::index::{ElementId, ElementKind, SchemaIndex};

/// A coordinate read from text, its names still borrowed from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CoordinateText<'a> {
    Type(&'a str),
    /// `Type.field`, `Enum.VALUE` or `Input.field`.
    Member(&'a str, &'a str),
    /// `Type.field(arg:)`.
    Argument(&'a str, &'a str, &'a str),
    Directive(&'a str),
    DirectiveArgument(&'a str, &'a str),
}

impl<'a> CoordinateText<'a> {
    /// Reads `text` (surrounding whitespace ignored) as a schema coordinate; `None` when it is not
    /// one. Names are checked for GraphQL's name syntax.
    pub fn parse(text: &'a str) -> Option<CoordinateText<'a>> {
        let text = text.trim();
        if let Some(directive) = text.strip_prefix('@') {
            return match split_argument(directive)? {
                (name, _) if !is_name(name) => None,
                (name, None) => Some(CoordinateText::Directive(name)),
                (name, Some(argument)) => Some(CoordinateText::DirectiveArgument(name, argument)),
            };
        }
        let (path, argument) = split_argument(text)?;
        match (path.split_once('.'), argument) {
            (None, None) => is_name(path).then_some(CoordinateText::Type(path)),
            (None, Some(_)) => None,
            (Some((ty, member)), None) => (is_name(ty) && is_name(member)).then_some(CoordinateText::Member(ty, member)),
            (Some((ty, field)), Some(argument)) => {
                (is_name(ty) && is_name(field)).then_some(CoordinateText::Argument(ty, field, argument))
            }
        }
    }
}

/// Splits `name(arg:)` into `name` and `arg`; a plain name has no argument.
fn split_argument(text: &str) -> Option<(&str, Option<&str>)> {
    let Some((before, after)) = text.split_once('(') else {
        return (!text.contains([')', ':'])).then_some((text, None));
    };
    let argument = after.strip_suffix(":)")?;
    if !is_name(argument) {
        return None;
    }
    let path_is_name = before.split('.').all(is_name);
    path_is_name.then_some((before, Some(argument)))
}

/// GraphQL's name syntax: `[_A-Za-z][_0-9A-Za-z]*`.
pub(crate) fn is_name(text: &str) -> bool {
    let mut bytes = text.bytes();
    bytes.next().is_some_and(|first| first == b'_' || first.is_ascii_alphabetic())
        && bytes.all(|byte| byte == b'_' || byte.is_ascii_alphanumeric())
}

impl SchemaIndex {
    /// The element a coordinate names, exactly (names are case-sensitive).
    pub fn find(&self, coordinate: &str) -> Option<ElementId> {
        self.resolve(CoordinateText::parse(coordinate)?)
    }

    pub fn resolve(&self, coordinate: CoordinateText<'_>) -> Option<ElementId> {
        match coordinate {
            CoordinateText::Type(name) => self.type_named(name),
            CoordinateText::Member(ty, member) => self.child_named(self.type_named(ty)?, member),
            CoordinateText::Argument(ty, field, argument) => {
                let field = self.child_named(self.type_named(ty)?, field)?;
                (self.kind(field) == ElementKind::Field).then(|| self.child_named(field, argument))?
            }
            CoordinateText::Directive(name) => self.directive_named(name),
            CoordinateText::DirectiveArgument(directive, argument) => self.child_named(self.directive_named(directive)?, argument),
        }
    }

    /// A member of a type or an argument of a field or directive, by name.
    pub fn child_named(&self, parent: ElementId, name: &str) -> Option<ElementId> {
        self.children(parent).find(|child| self.name(*child) == name)
    }

    /// The element's schema coordinate.
    pub fn coordinate(&self, id: ElementId) -> SchemaCoordinate {
        let name = || self.definition(id).name().clone();
        let parent_name = |parent: Option<ElementId>| -> Name {
            parent.map_or_else(name, |parent| self.definition(parent).name().clone())
        };
        let element = self.element(id);
        match element.kind {
            kind if kind.is_type() => SchemaCoordinate::Type(TypeCoordinate { ty: name() }),
            ElementKind::Field | ElementKind::InputField | ElementKind::EnumValue => {
                SchemaCoordinate::TypeAttribute(TypeAttributeCoordinate { ty: parent_name(element.parent), attribute: name() })
            }
            ElementKind::Argument => {
                let field = element.parent;
                let ty = field.and_then(|field| self.parent(field));
                SchemaCoordinate::FieldArgument(FieldArgumentCoordinate {
                    ty: parent_name(ty),
                    field: parent_name(field),
                    argument: name(),
                })
            }
            ElementKind::Directive => SchemaCoordinate::Directive(DirectiveCoordinate { directive: name() }),
            _ => SchemaCoordinate::DirectiveArgument(DirectiveArgumentCoordinate {
                directive: parent_name(element.parent),
                argument: name(),
            }),
        }
    }
}
