//! When a type change is safe, and when two default values are the same value.
//!
//! A type change is safe for an output (a field) when every value of the new type is a value of
//! the old one as a client reads it: adding non-null is safe, removing it is not. For an input
//! (an argument, an input field) it is the other way round: every value a client could send must
//! still be accepted, so removing non-null is safe. These are graphql-inspector's
//! `safeChangeForField` and `safeChangeForInputValue`, read on apollo-compiler's types.
//! Default values are compared as the values they coerce to, as graphql-inspector does: the
//! order of an object's fields, `1` against `1.0`, and `X` against `[X]` make no difference.

use apollo_compiler::ast::{Type, Value};

/// A type as graphql-js sees it: non-null wraps a nullable type, and a list is nullable.
#[derive(Clone, Copy)]
struct Wrapped<'a> {
    ty: &'a Type,
    /// The outer non-null of `ty` is looked through.
    nullable_view: bool,
}

impl<'a> Wrapped<'a> {
    fn new(ty: &'a Type) -> Self {
        Wrapped { ty, nullable_view: false }
    }

    fn is_non_null(self) -> bool {
        !self.nullable_view && self.ty.is_non_null()
    }

    /// The type inside a non-null one.
    fn nullable(self) -> Self {
        Wrapped { ty: self.ty, nullable_view: true }
    }

    fn is_list(self) -> bool {
        !self.is_non_null() && matches!(self.ty, Type::List(_) | Type::NonNullList(_))
    }

    fn is_named(self) -> bool {
        !self.is_non_null() && matches!(self.ty, Type::Named(_) | Type::NonNullNamed(_))
    }

    fn item(self) -> Option<Self> {
        match self.ty {
            Type::List(item) | Type::NonNullList(item) if self.is_list() => Some(Wrapped::new(item)),
            _ => None,
        }
    }

    fn name(self) -> &'a str {
        self.ty.inner_named_type().as_str()
    }
}

/// Whether a field's type may change from `old` to `new` without breaking a client.
pub(crate) fn safe_output_change(old: &Type, new: &Type) -> bool {
    safe_for_output(Wrapped::new(old), Wrapped::new(new), 0)
}

/// Whether an argument's or input field's type may change from `old` to `new` without breaking a
/// client.
pub(crate) fn safe_input_change(old: &Type, new: &Type) -> bool {
    safe_for_input(Wrapped::new(old), Wrapped::new(new), 0)
}

/// Deeper list nesting than this is not compared (a type that deep is hostile); the change is
/// called unsafe.
const MAX_TYPE_DEPTH: usize = 64;

fn safe_for_output(old: Wrapped<'_>, new: Wrapped<'_>, depth: usize) -> bool {
    if depth > MAX_TYPE_DEPTH {
        return false;
    }
    if old.is_named() && new.is_named() {
        return old.name() == new.name();
    }
    if new.is_non_null() {
        let old_inner = if old.is_non_null() { old.nullable() } else { old };
        return safe_for_output(old_inner, new.nullable(), depth + 1);
    }
    match (old.item(), new.item()) {
        (Some(old_item), Some(new_item)) => safe_for_output(old_item, new_item, depth + 1),
        _ => false,
    }
}

fn safe_for_input(old: Wrapped<'_>, new: Wrapped<'_>, depth: usize) -> bool {
    if depth > MAX_TYPE_DEPTH {
        return false;
    }
    if old.is_named() && new.is_named() {
        return old.name() == new.name();
    }
    if let (Some(old_item), Some(new_item)) = (old.item(), new.item()) {
        return safe_for_input(old_item, new_item, depth + 1);
    }
    if old.is_non_null() {
        let new_inner = if new.is_non_null() { new.nullable() } else { new };
        return safe_for_input(old.nullable(), new_inner, depth + 1);
    }
    false
}

/// Whether two default values (either may be absent) are the same value.
pub(crate) fn defaults_equal(old: Option<&Value>, new: Option<&Value>) -> bool {
    match (old, new) {
        (None, None) => true,
        (Some(old), Some(new)) => values_equal(old, new, 0),
        _ => false,
    }
}

fn values_equal(old: &Value, new: &Value, depth: usize) -> bool {
    if depth > MAX_TYPE_DEPTH {
        return old == new;
    }
    match (old, new) {
        (Value::Null, Value::Null) => true,
        (Value::Enum(old), Value::Enum(new)) => old == new,
        (Value::Variable(old), Value::Variable(new)) => old == new,
        (Value::String(old), Value::String(new)) => old == new,
        (Value::Boolean(old), Value::Boolean(new)) => old == new,
        (Value::Int(_) | Value::Float(_), Value::Int(_) | Value::Float(_)) => match (number(old), number(new)) {
            (Some(old), Some(new)) => old == new,
            _ => old == new,
        },
        (Value::List(old), Value::List(new)) => {
            old.len() == new.len() && old.iter().zip(new).all(|(old, new)| values_equal(old, new, depth + 1))
        }
        // Input coercion makes a single value a list of one.
        (Value::List(old), new) if old.len() == 1 => values_equal(&old[0], new, depth + 1),
        (old, Value::List(new)) if new.len() == 1 => values_equal(old, &new[0], depth + 1),
        (Value::Object(old), Value::Object(new)) => {
            old.len() == new.len()
                && old.iter().all(|(name, old_value)| {
                    new.iter().find(|(new_name, _)| new_name == name).is_some_and(|(_, new_value)| values_equal(old_value, new_value, depth + 1))
                })
        }
        _ => false,
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Int(int) => int.try_to_f64().ok(),
        Value::Float(float) => float.try_to_f64().ok(),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(text: &str) -> Type {
        Type::parse(text, "type.graphql").unwrap_or_else(|error| panic!("{text}: {error}"))
    }

    fn value(text: &str) -> Value {
        let document = format!("type Query {{ f(a: Int = {text}): Int }}");
        let schema = apollo_compiler::Schema::parse(&document, "value.graphql").unwrap_or_else(|error| panic!("{error}"));
        let argument = &schema.get_object("Query").unwrap().fields["f"].arguments[0];
        (**argument.default_value.as_ref().unwrap()).clone()
    }

    #[test]
    fn type_changes_safe_for_outputs_and_inputs() {
        // (old, new, safe for a field, safe for an argument)
        let cases: &[(&str, &str, bool, bool)] = &[
            ("String", "String", true, true),
            ("String", "String!", true, false),
            ("String!", "String", false, true),
            ("[String]", "[String!]", true, false),
            ("[String!]", "[String]", false, true),
            ("[String]", "[String]!", true, false),
            ("[String]!", "[String]", false, true),
            ("String", "Int", false, false),
            ("String", "[String]", false, false),
            ("[String]", "String", false, false),
            ("[[String]]", "[[String!]!]!", true, false),
        ];
        for (old, new, output, input) in cases {
            assert_eq!(safe_output_change(&ty(old), &ty(new)), *output, "{old} → {new} for a field");
            assert_eq!(safe_input_change(&ty(old), &ty(new)), *input, "{old} → {new} for an argument");
        }
    }

    #[test]
    fn default_values_compare_as_values() {
        // (old, new, equal)
        let cases: &[(&str, &str, bool)] = &[
            ("1", "1", true),
            ("1", "1.0", true),
            ("1", "2", false),
            ("\"a\"", "\"a\"", true),
            ("A", "B", false),
            ("{a: 1, b: 2}", "{b: 2, a: 1}", true),
            ("{a: 1}", "{a: 1, b: 2}", false),
            ("[A]", "A", true),
            ("[A, B]", "[B, A]", false),
            ("null", "null", true),
            ("null", "1", false),
        ];
        for (old, new, equal) in cases {
            assert_eq!(defaults_equal(Some(&value(old)), Some(&value(new))), *equal, "{old} against {new}");
        }
        assert!(!defaults_equal(None, Some(&value("1"))));
        assert!(defaults_equal(None, None));
    }
}
