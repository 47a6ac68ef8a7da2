//! Completion: what may be typed at a cursor, ranked.
//!
//! [`crate::context`] says where the cursor is (a selection of some type, an argument of some field,
//! a value of some input type...); this module lists what fits there, filters it by the word being
//! typed (prefix first, then substrings, subsequences and small typos) and ranks it.
//!
//! Items borrow their names, descriptions and deprecation reasons from the schema (and variable
//! names from the document) rather than copying them: a type condition on an interface most
//! types implement lists about a thousand types, and copying each one's description made that
//! list cost more than everything else the engine does for it.

use std::borrow::Cow;
use std::collections::HashSet;

use apollo_compiler::ast::{EnumValueDefinition, FieldDefinition, InputValueDefinition, OperationType};
use apollo_compiler::schema::{DirectiveDefinition, ExtendedType, ObjectType};
use apollo_compiler::{Schema, validation::Valid};
use serde::Serialize;

use crate::context::{self, Ctx, Located, Mode};

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

/// One completion item. Its text is borrowed from the schema or the document (`'a`); only what
/// has to be written out (a field's signature, `$name`) is owned.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CompletionItem<'a> {
    pub label: Cow<'a, str>,
    /// The text a typed word is matched against: the label without decoration (`$id` → `id`,
    /// `... on Project` → `Project`).
    pub filter: &'a str,
    pub kind: CompletionKind,
    /// The type signature, such as `String!` or `(id: ID!): Project`.
    pub detail: Option<Cow<'a, str>>,
    pub description: Option<&'a str>,
    pub deprecated: bool,
    pub deprecation_reason: Option<&'a str>,
}

/// The completion items at `cursor_offset` (UTF-8 bytes into `document`), best first, and the byte
/// range of the text they replace.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Completions<'a> {
    pub replace_start: usize,
    pub replace_end: usize,
    pub items: Vec<CompletionItem<'a>>,
}

pub fn complete<'a>(schema: &'a Valid<Schema>, document: &'a str, cursor_offset: usize) -> Completions<'a> {
    let cursor = context::clamp(document, cursor_offset);
    let Some(located) = context::locate(schema, document, cursor, Mode::Complete) else {
        return Completions { replace_start: cursor, replace_end: cursor, items: Vec::new() };
    };
    let (mut replace_start, replace_end) = located.word.unwrap_or((cursor, cursor));
    let prefix = &document[replace_start..cursor];
    if let Ctx::Value { dollar: Some(dollar), .. } = located.ctx {
        replace_start = dollar;
    }
    let candidates = candidates(schema, document, &located);
    let items = rank(prefix, candidates).into_iter().map(|candidate| candidate.into_item()).collect();
    Completions { replace_start, replace_end, items }
}

/// Where a candidate comes from; its item is built only when it matches.
enum Source<'a> {
    Field(&'a FieldDefinition),
    Argument(&'a InputValueDefinition),
    InputField(&'a InputValueDefinition),
    EnumValue(&'a str, &'a EnumValueDefinition),
    Type(&'a ExtendedType),
    Directive(&'a DirectiveDefinition),
    Plain(Option<Cow<'a, str>>),
}

struct Candidate<'a> {
    label: Cow<'a, str>,
    /// The text the typed word is matched against (the label without `$`, say).
    filter: &'a str,
    kind: CompletionKind,
    deprecated: bool,
    source: Source<'a>,
}

impl<'a> Candidate<'a> {
    fn plain(label: &'a str, kind: CompletionKind, detail: Option<Cow<'a, str>>) -> Candidate<'a> {
        Candidate { label: Cow::Borrowed(label), filter: label, kind, deprecated: false, source: Source::Plain(detail) }
    }

    fn into_item(self) -> CompletionItem<'a> {
        let (detail, description, deprecation_reason) = match self.source {
            Source::Field(def) => {
                let detail = if def.arguments.is_empty() { type_text(&def.ty) } else { Cow::Owned(context::field_detail(def)) };
                (Some(detail), def.description.as_deref(), context::deprecation_reason(&def.directives))
            }
            Source::Argument(def) | Source::InputField(def) => {
                (Some(type_text(&def.ty)), def.description.as_deref(), context::deprecation_reason(&def.directives))
            }
            Source::EnumValue(enum_name, def) => {
                (Some(Cow::Borrowed(enum_name)), def.description.as_deref(), context::deprecation_reason(&def.directives))
            }
            Source::Type(ty) => (Some(Cow::Borrowed(context::type_kind(ty))), ty.description().map(|description| &**description), None),
            Source::Directive(def) => {
                let arguments = context::arguments_signature(&def.arguments);
                ((!arguments.is_empty()).then_some(Cow::Owned(arguments)), def.description.as_deref(), None)
            }
            Source::Plain(detail) => (detail, None, None),
        };
        CompletionItem {
            label: self.label,
            filter: self.filter,
            kind: self.kind,
            detail,
            description,
            deprecated: self.deprecated,
            deprecation_reason,
        }
    }
}

/// A type reference as text, borrowed when it is a bare name.
fn type_text(ty: &apollo_compiler::ast::Type) -> Cow<'_, str> {
    match ty {
        apollo_compiler::ast::Type::Named(name) => Cow::Borrowed(name.as_str()),
        _ => Cow::Owned(context::type_string(ty)),
    }
}

fn is_deprecated(directives: &apollo_compiler::ast::DirectiveList) -> bool {
    directives.get("deprecated").is_some()
}

fn field<'a>(def: &'a FieldDefinition) -> Candidate<'a> {
    Candidate {
        label: Cow::Borrowed(def.name.as_str()),
        filter: def.name.as_str(),
        kind: CompletionKind::Field,
        deprecated: is_deprecated(&def.directives),
        source: Source::Field(def),
    }
}

fn input_value<'a>(def: &'a InputValueDefinition, kind: CompletionKind) -> Candidate<'a> {
    Candidate {
        label: Cow::Borrowed(def.name.as_str()),
        filter: def.name.as_str(),
        kind,
        deprecated: is_deprecated(&def.directives),
        source: if kind == CompletionKind::Argument { Source::Argument(def) } else { Source::InputField(def) },
    }
}

fn named_type(ty: &ExtendedType) -> Candidate<'_> {
    Candidate {
        label: Cow::Borrowed(ty.name().as_str()),
        filter: ty.name().as_str(),
        kind: CompletionKind::Type,
        deprecated: false,
        source: Source::Type(ty),
    }
}

fn is_composite(ty: &ExtendedType) -> bool {
    matches!(ty, ExtendedType::Object(_) | ExtendedType::Interface(_) | ExtendedType::Union(_))
}

fn candidates<'a>(schema: &'a Schema, document: &'a str, located: &Located<'a>) -> Vec<Candidate<'a>> {
    let mut out = Vec::new();
    match &located.ctx {
        Ctx::Nothing => {}
        Ctx::Definition => {
            out.push(Candidate::plain("query", CompletionKind::Keyword, None));
            if schema.root_operation(OperationType::Mutation).is_some() {
                out.push(Candidate::plain("mutation", CompletionKind::Keyword, None));
            }
            if schema.root_operation(OperationType::Subscription).is_some() {
                out.push(Candidate::plain("subscription", CompletionKind::Keyword, None));
            }
            out.push(Candidate::plain("fragment", CompletionKind::Keyword, None));
            out.push(Candidate::plain("{", CompletionKind::Keyword, None));
        }
        Ctx::Selection { parent: Some(parent) } => selections(schema, parent, &mut out),
        Ctx::Selection { parent: None } => {}
        Ctx::Spread { parent } => {
            out.push(Candidate::plain("on", CompletionKind::Keyword, None));
            for (name, condition) in context::fragment_definitions(document, &located.tokens) {
                if Some(name) == located.fragment || out.iter().any(|candidate| candidate.filter == name) {
                    continue;
                }
                if parent.is_none_or(|parent| context::types_overlap(schema, parent, condition)) {
                    out.push(Candidate::plain(name, CompletionKind::Fragment, Some(Cow::Owned(format!("on {condition}")))));
                }
            }
        }
        Ctx::TypeCondition { parent } => type_conditions(schema, *parent, &mut out),
        Ctx::OnKeyword => out.push(Candidate::plain("on", CompletionKind::Keyword, None)),
        Ctx::VariableType => {
            for ty in schema.types.values() {
                if ty.is_input_type() && !ty.name().starts_with("__") {
                    out.push(named_type(ty));
                }
            }
        }
        Ctx::Argument { owner: Some(owner), given } => {
            for argument in owner.arguments() {
                if !given.contains(&argument.name.as_str()) {
                    out.push(input_value(argument, CompletionKind::Argument));
                }
            }
        }
        Ctx::Argument { owner: None, .. } => {}
        Ctx::ObjectField { input: Some(input), given } => {
            for field in input.fields.values() {
                if !given.contains(&field.name.as_str()) {
                    out.push(input_value(field, CompletionKind::InputField));
                }
            }
        }
        Ctx::ObjectField { input: None, .. } => {}
        Ctx::Value { ty: Some(ty), has_default, konst, dollar } => {
            if dollar.is_none() {
                match schema.types.get(ty.inner_named_type()) {
                    Some(ExtendedType::Enum(def)) => {
                        for value in def.values.values() {
                            out.push(Candidate {
                                label: Cow::Borrowed(value.value.as_str()),
                                filter: value.value.as_str(),
                                kind: CompletionKind::EnumValue,
                                deprecated: is_deprecated(&value.directives),
                                source: Source::EnumValue(def.name.as_str(), value),
                            });
                        }
                    }
                    Some(ExtendedType::Scalar(def)) if def.name == "Boolean" => {
                        out.push(Candidate::plain("true", CompletionKind::Value, Some(Cow::Borrowed("Boolean"))));
                        out.push(Candidate::plain("false", CompletionKind::Value, Some(Cow::Borrowed("Boolean"))));
                    }
                    _ => {}
                }
                if !ty.is_non_null() {
                    out.push(Candidate::plain("null", CompletionKind::Value, None));
                }
            }
            if !konst {
                for variable in &located.variables {
                    if context::variable_fits(&variable.ty, variable.has_default, ty, *has_default) {
                        out.push(Candidate {
                            label: Cow::Owned(format!("${}", variable.name)),
                            filter: variable.name,
                            kind: CompletionKind::Variable,
                            deprecated: false,
                            source: Source::Plain(Some(Cow::Owned(context::type_string(&variable.ty)))),
                        });
                    }
                }
            }
        }
        Ctx::Value { ty: None, .. } => {}
        Ctx::Directive { location, given } => {
            for def in schema.directive_definitions.values() {
                if def.locations.contains(location) && (def.repeatable || !given.contains(&def.name.as_str())) {
                    out.push(Candidate {
                        label: Cow::Borrowed(def.name.as_str()),
                        filter: def.name.as_str(),
                        kind: CompletionKind::Directive,
                        deprecated: false,
                        source: Source::Directive(def),
                    });
                }
            }
        }
    }
    out
}

/// The selections of a selection set of type `parent`.
fn selections<'a>(schema: &'a Schema, parent: &'a str, out: &mut Vec<Candidate<'a>>) {
    let Some(ty) = schema.types.get(parent) else { return };
    let fields = match ty {
        ExtendedType::Object(def) => Some(&def.fields),
        ExtendedType::Interface(def) => Some(&def.fields),
        _ => None,
    };
    for def in fields.into_iter().flat_map(|fields| fields.values()) {
        out.push(field(def));
    }
    let meta: &[&str] = if schema.root_operation(OperationType::Query).is_some_and(|query| query == parent) {
        &["__typename", "__schema", "__type"]
    } else {
        &["__typename"]
    };
    for name in meta {
        if let Ok(def) = schema.type_field(parent, name) {
            out.push(field(def));
        }
    }
    if let ExtendedType::Union(union) = ty {
        for member in &union.members {
            out.push(Candidate {
                label: Cow::Owned(format!("... on {member}")),
                filter: member.as_str(),
                kind: CompletionKind::Type,
                deprecated: false,
                source: Source::Plain(Some(Cow::Borrowed(member.as_str()))),
            });
        }
    }
}

/// The types that may follow `... on` in a selection set of `parent` (any composite type without one).
fn type_conditions<'a>(schema: &'a Schema, parent: Option<&str>, out: &mut Vec<Candidate<'a>>) {
    let Some(parent_type) = parent.and_then(|parent| schema.types.get(parent)) else {
        out.extend(schema.types.values().filter(|ty| is_composite(ty) && !ty.name().starts_with("__")).map(named_type));
        return;
    };
    // A type condition applies when it shares a possible object type with the parent. The checks
    // compare names in short lists rather than hashing each type's name: an interface such as
    // GitHub's `Node` has hundreds of implementations, and the list has a thousand candidates.
    let is_possible = |object: &ObjectType| match parent_type {
        ExtendedType::Object(def) => object.name == def.name,
        ExtendedType::Union(def) if def.members.len() > SHORT_LIST => def.members.contains(object.name.as_str()),
        ExtendedType::Union(def) => def.members.iter().any(|member| member.name == object.name),
        ExtendedType::Interface(def) => object.implements_interfaces.iter().any(|interface| interface.name == def.name),
        _ => false,
    };
    let possible: Vec<&ObjectType> = match parent_type {
        ExtendedType::Object(def) => vec![&**def],
        ExtendedType::Union(def) => def.members.iter().filter_map(|member| schema.get_object(member)).map(|object| &**object).collect(),
        _ => schema
            .types
            .values()
            .filter_map(|ty| match ty {
                ExtendedType::Object(object) if is_possible(object) => Some(&**object),
                _ => None,
            })
            .collect(),
    };
    let possible_set: Option<HashSet<&str>> =
        (possible.len() > SHORT_LIST).then(|| possible.iter().map(|object| object.name.as_str()).collect());
    let is_possible_name = |name: &str| match &possible_set {
        Some(set) => set.contains(name),
        None => possible.iter().any(|object| object.name == name),
    };
    // The interfaces some possible object implements.
    let mut implemented: Vec<&str> =
        possible.iter().flat_map(|object| object.implements_interfaces.iter().map(|interface| interface.as_str())).collect();
    implemented.sort_unstable();
    implemented.dedup();
    for ty in schema.types.values() {
        let overlaps = match ty {
            _ if ty.name() == parent_type.name() => true,
            ExtendedType::Object(def) => is_possible(def),
            ExtendedType::Union(def) => def.members.iter().any(|member| is_possible_name(member.as_str())),
            ExtendedType::Interface(def) => implemented.binary_search(&def.name.as_str()).is_ok(),
            _ => false,
        };
        if overlaps {
            out.push(named_type(ty));
        }
    }
}

/// Lists longer than this are searched through their hash set instead of one by one.
const SHORT_LIST: usize = 16;

// ---------------------------------------------------------------------------------------------
// Ranking

/// How well `filter` matches the typed `prefix`: (tier, rank within the tier), lower is better;
/// `None` when it does not match.
fn score(prefix: &str, filter: &str) -> Option<(u8, usize)> {
    let (p, f) = (prefix.as_bytes(), filter.as_bytes());
    if p.is_empty() {
        return Some((0, 0));
    }
    if f.starts_with(p) {
        return Some((0, usize::from(f.len() != p.len())));
    }
    if f.len() >= p.len() && f[..p.len()].eq_ignore_ascii_case(p) {
        return Some((1, usize::from(f.len() != p.len())));
    }
    if p.len() >= 2 {
        if let Some((position, at_boundary)) = find_ignore_case(f, p) {
            return Some((if at_boundary { 2 } else { 3 }, position));
        }
        if let Some(span) = subsequence_span(p, f) {
            return Some((4, span));
        }
    }
    if p.len() >= 3 {
        let allowed = if p.len() >= 6 { 2 } else { 1 };
        let distance = prefix_distance(p, f);
        if distance <= allowed {
            return Some((5, distance));
        }
    }
    None
}

/// Where `needle` first occurs in `haystack` ignoring case, preferring an occurrence that starts a
/// word (`createdAt`'s `At`, `created_at`'s `at`); and whether it does.
fn find_ignore_case(haystack: &[u8], needle: &[u8]) -> Option<(usize, bool)> {
    if needle.len() > haystack.len() {
        return None;
    }
    let starts_word = |start: usize| {
        start > 0 && (haystack[start].is_ascii_uppercase() && !haystack[start - 1].is_ascii_uppercase() || haystack[start - 1] == b'_')
    };
    let mut first = None;
    for start in 0..=haystack.len() - needle.len() {
        if haystack[start..start + needle.len()].eq_ignore_ascii_case(needle) {
            if starts_word(start) {
                return Some((start, true));
            }
            first = first.or(Some((start, false)));
        }
    }
    first
}

/// When `p`'s letters appear in order in `f` (ignoring case) and the first ones agree: the length of
/// `f` up to the last matched letter.
fn subsequence_span(p: &[u8], f: &[u8]) -> Option<usize> {
    if f.is_empty() || !f[0].eq_ignore_ascii_case(&p[0]) {
        return None;
    }
    let mut matched = 1;
    for (index, byte) in f.iter().enumerate().skip(1) {
        if byte.eq_ignore_ascii_case(&p[matched]) {
            matched += 1;
            if matched == p.len() {
                return Some(index + 1);
            }
        }
    }
    None
}

/// The longest typed word checked for typos; longer ones only match by prefix or substring.
const MAX_TYPO_PREFIX: usize = 32;

/// The smallest edit distance (with transpositions, ignoring case) between `p` and a prefix of `f`.
fn prefix_distance(p: &[u8], f: &[u8]) -> usize {
    if p.len() > MAX_TYPO_PREFIX {
        return usize::MAX;
    }
    let f = &f[..f.len().min(p.len() + 2)];
    let columns = f.len() + 1;
    // Three rows of the optimal-string-alignment table; rows are letters of `p`.
    let mut before = [0usize; MAX_TYPO_PREFIX + 3];
    let mut previous = [0usize; MAX_TYPO_PREFIX + 3];
    let mut current = [0usize; MAX_TYPO_PREFIX + 3];
    for (j, cell) in previous.iter_mut().enumerate().take(columns) {
        *cell = j;
    }
    for i in 1..=p.len() {
        current[0] = i;
        for j in 1..columns {
            let same = p[i - 1].eq_ignore_ascii_case(&f[j - 1]);
            let mut cost = (previous[j] + 1).min(current[j - 1] + 1).min(previous[j - 1] + usize::from(!same));
            if i > 1 && j > 1 && p[i - 1].eq_ignore_ascii_case(&f[j - 2]) && p[i - 2].eq_ignore_ascii_case(&f[j - 1]) {
                cost = cost.min(before[j - 2] + 1);
            }
            current[j] = cost;
        }
        before = previous;
        previous = current;
    }
    previous[..columns].iter().copied().min().unwrap_or(usize::MAX)
}

/// Keeps the candidates that match `prefix`, best first; deprecated ones last; ties keep their order.
fn rank<'a>(prefix: &str, candidates: Vec<Candidate<'a>>) -> Vec<Candidate<'a>> {
    let mut scored: Vec<(RankKey, Candidate<'a>)> = candidates
        .into_iter()
        .filter_map(|candidate| Some((rank_key(prefix, candidate.filter, candidate.deprecated)?, candidate)))
        .collect();
    scored.sort_by_key(|(key, _)| *key);
    scored.into_iter().map(|(_, candidate)| candidate).collect()
}

/// (not a prefix match, deprecated, tier, rank within the tier): a name that starts with what was
/// typed comes before every fuzzy match (words inside, letters in order, typos), deprecated or not;
/// within each of the two groups, deprecated items come last. Typing `proj` offers `projects`
/// (deprecated) before `profile` (a typo away). Ties keep the schema's order (the sort is stable).
type RankKey = (bool, bool, u8, usize);

fn rank_key(prefix: &str, filter: &str, deprecated: bool) -> Option<RankKey> {
    let (tier, within) = score(prefix, filter)?;
    Some((tier > 1, deprecated, tier, within))
}

/// The engine's ranking of names alone: `(filter, deprecated)` pairs in schema order, answered
/// best first without those that do not match. The page's port (`ui/src/editor/ranking.ts`) is
/// checked against the same table of cases (`tests/data/completion-ranking.json`) as this.
pub fn rank_names<'a>(prefix: &str, candidates: &[(&'a str, bool)]) -> Vec<&'a str> {
    let mut scored: Vec<(RankKey, &'a str)> = candidates
        .iter()
        .filter_map(|&(filter, deprecated)| Some((rank_key(prefix, filter, deprecated)?, filter)))
        .collect();
    scored.sort_by_key(|(key, _)| *key);
    scored.into_iter().map(|(_, filter)| filter).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scores_rank_prefixes_before_fuzzy_matches() {
        // (prefix, filter, tier or None)
        let cases: &[(&str, &str, Option<u8>)] = &[
            ("", "anything", Some(0)),
            ("pro", "project", Some(0)),
            ("Pro", "project", Some(1)),
            ("at", "createdAt", Some(2)),
            ("at", "created_at", Some(2)),
            ("ject", "project", Some(3)),
            ("pjt", "project", Some(4)),
            ("viewr", "viewer", Some(4)),
            ("veiw", "viewer", Some(5)),
            ("xyz", "project", None),
            ("p", "ap", None),
            ("reposiotry", "repository", Some(5)),
        ];
        for &(prefix, filter, tier) in cases {
            assert_eq!(score(prefix, filter).map(|(tier, _)| tier), tier, "{prefix:?} against {filter:?}");
        }
    }

    #[test]
    fn prefix_distance_counts_edits_against_the_closest_prefix() {
        assert_eq!(prefix_distance(b"proj", b"project"), 0);
        assert_eq!(prefix_distance(b"porj", b"project"), 1);
        assert_eq!(prefix_distance(b"prxj", b"project"), 1);
        assert_eq!(prefix_distance(b"abc", b"xyz"), 3);
        assert_eq!(prefix_distance(b"abc", b""), 3);
        assert_eq!(prefix_distance(&[b'a'; 40], &[b'a'; 40]), usize::MAX, "too long to check for typos");
    }
}
