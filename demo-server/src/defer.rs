//! `@defer` on inline fragments, answered as `multipart/mixed` incremental delivery
//! (deferSpec=20220824, what Apollo Client and urql read): the initial result without the deferred
//! fragments at once, then one part per fragment with its fields at their paths.
//!
//! async-graphql executes no `@defer`, so the demo server does it around the executor: the initial
//! result runs the document with each deferred fragment cut out (a `__typename` keeps the selection
//! set valid, and is removed from the answer unless it was asked for), the later parts come from
//! the whole document (the directive itself does nothing), cut to each fragment's fields. Only
//! inline fragments are deferred; `@defer` elsewhere (inside a deferred fragment, on a named
//! fragment's spread) runs with the rest.

use std::borrow::Cow;

use async_graphql::parser::types::{DocumentOperations, ExecutableDocument, Selection, SelectionSet};
use async_graphql::parser::{Pos, Positioned};
use async_graphql::registry::{MetaDirective, MetaInputValue, Registry, __DirectiveLocation};
use async_graphql::{ContextDirective, CustomDirective, CustomDirectiveFactory, ServerResult};
use serde_json::{Map, Value};

/// The `@defer` directive, declared so that documents using it validate (it changes nothing in
/// execution itself).
pub struct DeferDirective;

struct NoEffect;

impl CustomDirective for NoEffect {}

impl CustomDirectiveFactory for DeferDirective {
    fn name(&self) -> Cow<'static, str> {
        Cow::Borrowed("defer")
    }

    fn register(&self, registry: &mut Registry) {
        let argument = |name: &str, ty: &str, default: Option<&str>, description: &str| MetaInputValue {
            name: name.to_owned(),
            description: Some(description.to_owned()),
            ty: ty.to_owned(),
            deprecation: async_graphql::registry::Deprecation::NoDeprecated,
            default_value: default.map(str::to_owned),
            visible: None,
            inaccessible: false,
            tags: Vec::new(),
            is_secret: false,
            directive_invocations: Vec::new(),
        };
        let mut args = async_graphql::indexmap::IndexMap::new();
        args.insert("if".to_owned(), argument("if", "Boolean!", Some("true"), "Deferred when true."));
        args.insert("label".to_owned(), argument("label", "String", None, "Names the part that brings the fragment."));
        registry.add_directive(MetaDirective {
            name: "defer".to_owned(),
            description: Some(
                "The fragment's fields come later, in their own part of a `multipart/mixed` answer, when the request accepts one."
                    .to_owned(),
            ),
            locations: vec![__DirectiveLocation::INLINE_FRAGMENT, __DirectiveLocation::FRAGMENT_SPREAD],
            args,
            is_repeatable: false,
            visible: None,
            composable: None,
        });
    }

    fn create(&self, _ctx: &ContextDirective<'_>, _directive: &async_graphql::parser::types::Directive) -> ServerResult<Box<dyn CustomDirective>> {
        Ok(Box::new(NoEffect))
    }
}

/// One deferred inline fragment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Deferred {
    /// Response keys from the root to the object the fragment's fields belong to.
    pub path: Vec<String>,
    /// The fragment's own response keys.
    pub keys: Vec<String>,
    pub label: Option<String>,
    /// Whether the selection set it is in asks for `__typename` itself.
    typename_asked: bool,
    /// Where its text is in the document (bytes).
    span: std::ops::Range<usize>,
}

/// A document with deferred fragments: what runs first, and what comes later.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// The document without the deferred fragments.
    pub initial: String,
    pub deferred: Vec<Deferred>,
}

/// The deferred fragments of `query`'s operation (`operation_name`, or its only one); `None` when
/// it has none (or does not parse: the executor says why).
pub fn split(query: &str, operation_name: Option<&str>) -> Option<Split> {
    let document = async_graphql::parser::parse_query(query).ok()?;
    let operation = operation_of(&document, operation_name)?;
    // A mutation is run once, whole: deferring would run it twice here.
    if operation.ty != async_graphql::parser::types::OperationType::Query {
        return None;
    }
    let mut deferred = Vec::new();
    collect(query, &operation.selection_set, &mut Vec::new(), &mut deferred);
    if deferred.is_empty() {
        return None;
    }
    let mut initial = query.to_owned();
    for fragment in deferred.iter().rev() {
        initial.replace_range(fragment.span.clone(), " __typename ");
    }
    Some(Split { initial, deferred })
}

fn operation_of<'a>(document: &'a ExecutableDocument, name: Option<&str>) -> Option<&'a async_graphql::parser::types::OperationDefinition> {
    match (&document.operations, name) {
        (DocumentOperations::Single(operation), _) => Some(&operation.node),
        (DocumentOperations::Multiple(operations), Some(name)) => operations.get(name).map(|operation| &operation.node),
        (DocumentOperations::Multiple(operations), None) if operations.len() == 1 => operations.values().next().map(|operation| &operation.node),
        _ => None,
    }
}

fn collect(query: &str, selection_set: &Positioned<SelectionSet>, path: &mut Vec<String>, out: &mut Vec<Deferred>) {
    let typename_asked = selection_set.node.items.iter().any(|item| matches!(&item.node, Selection::Field(field) if field.node.alias.is_none() && field.node.name.node == "__typename"));
    for item in &selection_set.node.items {
        match &item.node {
            Selection::Field(field) => {
                path.push(field.node.response_key().node.to_string());
                collect(query, &field.node.selection_set, path, out);
                path.pop();
            }
            Selection::InlineFragment(fragment) => {
                let defer = fragment.node.directives.iter().find(|directive| directive.node.name.node == "defer");
                let enabled = defer.is_some_and(|directive| {
                    !matches!(directive.node.get_argument("if").and_then(|value| value.node.clone().into_const()), Some(async_graphql::Value::Boolean(false)))
                });
                match defer {
                    Some(directive) if enabled => {
                        let Some(span) = fragment_span(query, item.pos) else { continue };
                        let label = match directive.node.get_argument("label").and_then(|value| value.node.clone().into_const()) {
                            Some(async_graphql::Value::String(label)) => Some(label),
                            _ => None,
                        };
                        let mut keys = Vec::new();
                        keys_of(&fragment.node.selection_set, &mut keys);
                        out.push(Deferred { path: path.clone(), keys, label, typename_asked, span });
                    }
                    _ => collect(query, &fragment.node.selection_set, path, out),
                }
            }
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// The response keys a selection set gives its object (through inline fragments).
fn keys_of(selection_set: &Positioned<SelectionSet>, out: &mut Vec<String>) {
    for item in &selection_set.node.items {
        match &item.node {
            Selection::Field(field) => {
                let key = field.node.response_key().node.to_string();
                if !out.contains(&key) {
                    out.push(key);
                }
            }
            Selection::InlineFragment(fragment) => keys_of(&fragment.node.selection_set, out),
            Selection::FragmentSpread(_) => {}
        }
    }
}

/// The bytes of the inline fragment whose `...` is at `pos`: to its selection set's closing brace
/// (braces in strings and comments skipped).
fn fragment_span(query: &str, pos: Pos) -> Option<std::ops::Range<usize>> {
    let line_start: usize = query.split_inclusive('\n').take(pos.line.saturating_sub(1)).map(str::len).sum();
    let start = line_start + query[line_start..].char_indices().nth(pos.column.saturating_sub(1))?.0;
    let mut depth = 0usize;
    let mut chars = query[start..].char_indices();
    while let Some((at, c)) = chars.next() {
        match c {
            '"' => {
                // A string (block strings are three of these: the same walk skips them).
                while let Some((_, c)) = chars.next() {
                    match c {
                        '\\' => {
                            chars.next();
                        }
                        '"' => break,
                        _ => {}
                    }
                }
            }
            '#' => {
                for (_, c) in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            '{' => depth += 1,
            '}' => {
                depth = depth.checked_sub(1)?;
                if depth == 0 {
                    return Some(start..start + at + 1);
                }
            }
            _ => {}
        }
    }
    None
}

/// The initial result as it is sent: the `__typename`s that stood in for deferred fragments taken
/// out where nobody asked for them.
pub fn initial_result(split: &Split, mut result: Value) -> Value {
    if let Some(data) = result.get_mut("data") {
        for fragment in split.deferred.iter().filter(|fragment| !fragment.typename_asked) {
            for object in objects_at(data, &fragment.path) {
                object.remove("__typename");
            }
        }
    }
    result
}

/// The incremental results of one deferred fragment, from the whole document's `data`: one per
/// object at its path (lists expanded, their indexes in the path).
pub fn incremental(fragment: &Deferred, data: &Value) -> Vec<Value> {
    let mut out = Vec::new();
    walk(data, &fragment.path, &mut Vec::new(), &mut |object, path| {
        let picked: Map<String, Value> = fragment.keys.iter().filter_map(|key| Some((key.clone(), object.get(key)?.clone()))).collect();
        let mut result = serde_json::json!({ "data": picked, "path": path });
        if let Some(label) = &fragment.label {
            result["label"] = Value::String(label.clone());
        }
        out.push(result);
    });
    out
}

fn walk(value: &Value, path: &[String], at: &mut Vec<Value>, found: &mut impl FnMut(&Map<String, Value>, &[Value])) {
    match value {
        Value::Array(items) => {
            for (index, item) in items.iter().enumerate() {
                at.push(Value::from(index));
                walk(item, path, at, found);
                at.pop();
            }
        }
        Value::Object(object) => match path.split_first() {
            None => found(object, at),
            Some((key, rest)) => {
                if let Some(next) = object.get(key) {
                    at.push(Value::String(key.clone()));
                    walk(next, rest, at, found);
                    at.pop();
                }
            }
        },
        _ => {}
    }
}

fn objects_at<'a>(value: &'a mut Value, path: &[String]) -> Vec<&'a mut Map<String, Value>> {
    match value {
        Value::Array(items) => items.iter_mut().flat_map(|item| objects_at(item, path)).collect(),
        Value::Object(object) => match path.split_first() {
            None => vec![object],
            Some((key, rest)) => object.get_mut(key).map(|next| objects_at(next, rest)).unwrap_or_default(),
        },
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn deferred_fragments_are_found_with_their_paths() {
        struct Case {
            query: &'static str,
            initial: &'static str,
            deferred: Vec<(Vec<&'static str>, Vec<&'static str>, Option<&'static str>)>,
        }
        let cases = [
            Case {
                query: "{ project(id: \"p\") { name ... @defer { members } } }",
                initial: "{ project(id: \"p\") { name  __typename  } }",
                deferred: vec![(vec!["project"], vec!["members"], None)],
            },
            Case {
                query: "query Q { me { name } projects { edges { node { p: id ... @defer(label: \"slow\") { members ... on Project { name } } } } } }",
                initial: "query Q { me { name } projects { edges { node { p: id  __typename  } } } }",
                deferred: vec![(vec!["projects", "edges", "node"], vec!["members", "name"], Some("slow"))],
            },
            Case {
                query: "{ me { name ... @defer(if: false) { email } } }",
                initial: "",
                deferred: vec![],
            },
            Case {
                query: "{ me { name ... @defer { email # a } here\n } } }",
                initial: "{ me { name  __typename  } }",
                deferred: vec![(vec!["me"], vec!["email"], None)],
            },
        ];
        for case in cases {
            let split = split(case.query, None);
            if case.deferred.is_empty() {
                assert_eq!(split, None, "{}", case.query);
                continue;
            }
            let split = split.expect("a deferred fragment");
            assert_eq!(split.initial, case.initial, "{}", case.query);
            let found: Vec<_> = split
                .deferred
                .iter()
                .map(|fragment| (fragment.path.iter().map(String::as_str).collect::<Vec<_>>(), fragment.keys.iter().map(String::as_str).collect::<Vec<_>>(), fragment.label.as_deref()))
                .collect();
            assert_eq!(found, case.deferred, "{}", case.query);
        }
    }

    #[test]
    fn results_are_cut_to_the_fragment_and_its_paths() {
        let split = split("{ projects { edges { node { name ... @defer { members } } } } }", None).unwrap();
        let initial = json!({ "data": { "projects": { "edges": [{ "node": { "name": "a", "__typename": "Project" } }, { "node": { "name": "b", "__typename": "Project" } }] } } });
        assert_eq!(initial_result(&split, initial), json!({ "data": { "projects": { "edges": [{ "node": { "name": "a" } }, { "node": { "name": "b" } }] } } }));
        let whole = json!({ "projects": { "edges": [{ "node": { "name": "a", "members": "x" } }, { "node": { "name": "b", "members": "y" } }] } });
        assert_eq!(
            incremental(&split.deferred[0], &whole),
            vec![
                json!({ "data": { "members": "x" }, "path": ["projects", "edges", 0, "node"] }),
                json!({ "data": { "members": "y" }, "path": ["projects", "edges", 1, "node"] }),
            ]
        );
    }
}
