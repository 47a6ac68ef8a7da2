//! Diagnostics: syntax errors (with recovery) and the spec's validation rules.
//!
//! Parsing and validation are apollo-compiler's. This module adds what it lacks: the spec rule
//! "Input Object Field Uniqueness" (5.6.3), deprecation warnings, "did you mean" suggestions and
//! spans narrowed to the offending name. Messages are apollo's graphql-js compatible ones, which
//! name the thing (`Cannot query field "nme" on type "User".`).

use std::collections::HashSet;

use apollo_compiler::ast;
use apollo_compiler::diagnostic::ToCliReport;
use apollo_compiler::executable::{self, ExecutableDocument};
use apollo_compiler::parser::{Parser, SourceSpan};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::DiagnosticList;
use apollo_compiler::{Node, Schema, validation::Valid};
use apollo_parser::{Lexer, TokenKind};
use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    Error,
    Warning,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// Byte range in the document.
    pub start: usize,
    pub end: usize,
    pub severity: Severity,
    pub message: String,
}

use crate::{RECURSION_LIMIT, TOKEN_LIMIT};

/// Syntax errors reported before the rest are summed up in one diagnostic.
const MAX_SYNTAX_ERRORS: usize = 100;

const PATH: &str = "document.graphql";

/// Every problem in `document` as a check of a whole file reports it: [`diagnostics`], and an error
/// for a document without any definition, which the spec does not allow (an editor's empty buffer
/// is quiet; a file handed to `sextant check` is not).
pub fn check(schema: &Valid<Schema>, document: &str) -> Vec<Diagnostic> {
    if has_definition(document) {
        return diagnostics(schema, document);
    }
    vec![Diagnostic {
        start: 0,
        end: document.len(),
        severity: Severity::Error,
        message: "The document has no operation or fragment: a GraphQL document needs at least one definition.".to_owned(),
    }]
}

/// Every problem in `document`, sorted by position.
///
/// A document without any definition (empty, or only whitespace, commas and comments) gives no
/// diagnostic: the spec requires at least one definition, but an empty editor buffer is not an
/// error a person needs to be told about.
///
/// When the document has syntax errors, validation still runs on what the parser recovered, but
/// only problems inside definitions free of syntax errors are reported, and none of the
/// document-wide fragment checks (a spread in a broken definition may be what uses a fragment).
pub fn diagnostics(schema: &Valid<Schema>, document: &str) -> Vec<Diagnostic> {
    if !has_definition(document) {
        return Vec::new();
    }
    let mut parser = Parser::new().recursion_limit(RECURSION_LIMIT).token_limit(TOKEN_LIMIT);
    let (ast, mut errors) = match parser.parse_ast(document, PATH) {
        Ok(ast) => (ast, None),
        Err(with_errors) => (with_errors.partial, Some(with_errors.errors)),
    };

    let mut out = Vec::new();
    let mut syntax_error_offsets = Vec::new();
    let mut hit_limit = false;
    if let Some(errors) = errors.take() {
        for error in errors.iter() {
            let mut message = error.error.to_string();
            if message.contains("recursion limit") {
                hit_limit = true;
                message = format!("The document nests too deeply to check (more than {RECURSION_LIMIT} levels).");
            } else if message.contains("token limit") {
                hit_limit = true;
                message = format!("The document is too long to check (more than {TOKEN_LIMIT} tokens).");
            }
            let (start, end) = span_of(error.error.location(), document);
            // One syntax error per position (the parser often reports a second consequence of
            // the first), and a bounded number of them.
            if syntax_error_offsets.last() == Some(&start) {
                continue;
            }
            syntax_error_offsets.push(start);
            match syntax_error_offsets.len() {
                count if count <= MAX_SYNTAX_ERRORS => {
                    out.push(Diagnostic { start, end, severity: Severity::Error, message })
                }
                count if count == MAX_SYNTAX_ERRORS + 1 => out.push(Diagnostic {
                    start,
                    end,
                    severity: Severity::Error,
                    message: "Too many syntax errors; only the first ones are shown.".to_owned(),
                }),
                _ => {}
            }
        }
    }
    let has_syntax_errors = !syntax_error_offsets.is_empty();
    if hit_limit {
        // The parser stopped early: what it built is a fragment of the document, and validating a
        // fragment of a huge or absurdly deep document only costs time.
        out.sort_by_key(|diagnostic| (diagnostic.start, diagnostic.end));
        return out;
    }
    // Definitions that contain a syntax error: their validation problems are noise.
    let broken: Vec<(usize, usize)> = ast
        .definitions
        .iter()
        .filter_map(|definition| definition.location())
        .map(|span| (span.offset(), span.end_offset()))
        .filter(|&(start, end)| {
            let first_after = syntax_error_offsets.partition_point(|&offset| offset < start);
            syntax_error_offsets.get(first_after).is_some_and(|&offset| offset <= end)
        })
        .collect();

    let (executable, build_errors) = match ast.to_executable(schema) {
        Ok(executable) => (executable, None),
        Err(with_errors) => (with_errors.partial, Some(with_errors.errors)),
    };
    let (executable, validation_errors) = match executable.validate(schema) {
        Ok(valid) => (valid.into_inner(), None),
        Err(with_errors) => (with_errors.partial, Some(with_errors.errors)),
    };
    let mut object_fields = Vec::new();
    for_each_value(&ast, &mut |value| collect_object_fields(value, document, &mut object_fields));
    let ast_fragments = ast
        .definitions
        .iter()
        .filter_map(|definition| match definition {
            ast::Definition::FragmentDefinition(fragment) => Some(fragment.name.to_string()),
            _ => None,
        })
        .collect();
    let context = Context { schema, executable: &executable, document, object_fields, ast_fragments };
    let converted: Vec<Converted> = [build_errors, validation_errors]
        .iter()
        .flatten()
        .flat_map(|list| convert(&context, list).collect::<Vec<_>>())
        .collect();
    let mut seen = HashSet::new();
    for diagnostic in &converted {
        let inside_broken = broken.iter().any(|&(start, end)| start <= diagnostic.inner.start && diagnostic.inner.end <= end);
        if inside_broken || (has_syntax_errors && diagnostic.global) {
            continue;
        }
        // Two fields that differ in name usually differ in type too: one message is enough.
        if diagnostic.kind == "ConflictingFieldType"
            && converted.iter().any(|other| {
                other.kind == "ConflictingFieldName" && (other.inner.start, other.inner.end) == (diagnostic.inner.start, diagnostic.inner.end)
            })
        {
            continue;
        }
        // Build and validation sometimes report the same problem twice.
        if seen.insert((diagnostic.inner.start, diagnostic.inner.end, diagnostic.inner.message.clone())) {
            out.push(diagnostic.inner.clone());
        }
    }

    input_object_field_uniqueness(&ast, document, &mut out);
    deprecations(schema, &executable, document, &mut out);

    out.sort_by_key(|diagnostic| (diagnostic.start, diagnostic.end));
    out
}

/// Whether the document holds anything besides whitespace, commas and comments.
fn has_definition(document: &str) -> bool {
    Lexer::new(document).any(|token| match token {
        Ok(token) => !matches!(token.kind(), TokenKind::Whitespace | TokenKind::Comment | TokenKind::Comma | TokenKind::Eof),
        Err(_) => true,
    })
}

fn span_of(location: Option<SourceSpan>, document: &str) -> (usize, usize) {
    match location {
        Some(span) => {
            let start = span.offset().min(document.len());
            (start, span.end_offset().clamp(start, document.len()))
        }
        None => (0, 0),
    }
}

struct Converted {
    inner: Diagnostic,
    /// Depends on the whole document (fragment use), so unreliable when part of it is broken.
    global: bool,
    kind: &'static str,
}

/// What the conversion of apollo's diagnostics needs to know about the document.
struct Context<'a> {
    schema: &'a Schema,
    executable: &'a ExecutableDocument,
    document: &'a str,
    /// Every field of every input-object literal.
    object_fields: Vec<ObjectField>,
    /// Names of the fragment definitions in the syntax tree (apollo drops some of them).
    ast_fragments: HashSet<String>,
}

struct ObjectField {
    name: String,
    name_span: (usize, usize),
    value: (usize, usize),
}

fn convert<'a>(context: &'a Context<'a>, list: &'a DiagnosticList) -> impl Iterator<Item = Converted> + 'a {
    let Context { schema, executable, document, .. } = *context;
    list.iter().filter_map(move |diagnostic| {
        let error = diagnostic.error;
        let kind = error.unstable_error_name().unwrap_or("");
        let mut message = error.unstable_compat_message().unwrap_or_else(|| error.to_string());
        let (mut start, mut end) = span_of(error.location(), document);
        let operation_span = (start, end);
        if kind == "MissingSubselection" && tokens_in(document, start, end).any(|(kind, ..)| kind == TokenKind::LCurly) {
            // The selection set is there, but holds only unknown fields, which apollo drops (and
            // reports on their own).
            return None;
        }
        let original = message.clone();
        let quoted = quoted_names(&original);
        let candidates: Vec<&str> = match kind {
            "InvalidFragmentTarget" | "VariableInputType" => quoted.iter().rev().copied().collect(),
            "InvalidFragmentSpread" if message.starts_with("Fragment cannot") => quoted.iter().rev().copied().collect(),
            "UnsupportedValueType" | "IntCoercionError" | "FloatCoercionError" | "RequiredField" => Vec::new(),
            _ => quoted.clone(),
        };
        for candidate in candidates {
            if let Some(range) = find_name(document, start, end, candidate, kind == "UndefinedField") {
                (start, end) = range;
                break;
            }
        }
        if kind == "AmbiguousAnonymousOperation"
            && let Some(range) = first_token(document, start, end)
        {
            (start, end) = range;
        }
        match kind {
            "MissingSubselection" => {
                // apollo names the parent type where the field's own type is meant.
                if let [field, parent, ..] = quoted[..]
                    && let Ok(definition) = schema.type_field(parent, field)
                {
                    message = format!(
                        "Field \"{field}\" of type \"{}\" must have a selection of subfields. Did you mean \"{field} {{ ... }}\"?",
                        definition.ty
                    );
                }
            }
            // apollo's message misses a closing quote: `types "String and "String!"`.
            "ConflictingFieldType" if !message.contains("\" and \"") => message = message.replacen(" and \"", "\" and \"", 1),
            "UndefinedInputValue" => {
                // apollo points at the field's value; the name is more useful.
                if let Some(field) = context.object_fields.iter().find(|field| Some(&field.name.as_str()) == quoted.first() && field.value == (start, end)) {
                    (start, end) = field.name_span;
                }
            }
            "SubscriptionUsesMultipleFields" => {
                // Point at the second root field rather than at the operation's name.
                let second = executable
                    .operations
                    .iter()
                    .find(|operation| span_of(operation.location(), document) == operation_span)
                    .and_then(|operation| operation.selection_set.selections.get(1))
                    .and_then(|selection| match selection {
                        executable::Selection::Field(field) => field.name.location(),
                        executable::Selection::FragmentSpread(spread) => spread.location(),
                        executable::Selection::InlineFragment(inline) => inline.location(),
                    });
                if second.is_some() {
                    (start, end) = span_of(second, document);
                }
            }
            "UndefinedFragment" if quoted.first().is_some_and(|name| context.ast_fragments.contains(*name)) => {
                // Its definition has a problem of its own (an unknown type condition).
                return None;
            }
            _ => {}
        }
        if let Some(suggestion) = suggestion(schema, executable, kind, &quoted) {
            message.push_str(&suggestion);
        }
        let global = matches!(kind, "UnusedFragment" | "UndefinedFragment");
        Some(Converted { inner: Diagnostic { start, end, severity: Severity::Error, message }, global, kind })
    })
}

/// The `"…"`-quoted names in a message, in order.
fn quoted_names(message: &str) -> Vec<&str> {
    message.split('"').skip(1).step_by(2).filter(|name| !name.is_empty() && !name.contains(' ')).collect()
}

/// Tokens of `document[start..end]`, at most a few hundred: the names searched for sit near the
/// start of the span and a huge span must not make every diagnostic cost a full lex.
fn tokens_in(document: &str, start: usize, end: usize) -> impl Iterator<Item = (TokenKind, usize, usize)> + '_ {
    let text = document.get(start..end).unwrap_or("");
    Lexer::new(text)
        .take(400)
        .filter_map(Result::ok)
        .filter(|token| !matches!(token.kind(), TokenKind::Whitespace | TokenKind::Comment | TokenKind::Comma | TokenKind::Eof))
        .map(move |token| (token.kind(), start + token.index(), start + token.index() + token.data().len()))
}

fn first_token(document: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    tokens_in(document, start, end).next().map(|(_, s, e)| (s, e))
}

/// The range of `name` inside the span: `@name` and `$name` cover the sigil too. With `skip_alias`,
/// a name followed by `:` (an alias) does not count.
fn find_name(document: &str, start: usize, end: usize, name: &str, skip_alias: bool) -> Option<(usize, usize)> {
    let (sigil, bare) = match name.as_bytes().first() {
        Some(b'@') => (Some(TokenKind::At), &name[1..]),
        Some(b'$') => (Some(TokenKind::Dollar), &name[1..]),
        _ => (None, name),
    };
    let tokens: Vec<_> = tokens_in(document, start, end).collect();
    for (index, &(kind, token_start, token_end)) in tokens.iter().enumerate() {
        if kind != TokenKind::Name || &document[token_start..token_end] != bare {
            continue;
        }
        if skip_alias && tokens.get(index + 1).is_some_and(|next| next.0 == TokenKind::Colon) {
            continue;
        }
        match sigil {
            None => return Some((token_start, token_end)),
            Some(sigil) => {
                if index > 0 && tokens[index - 1].0 == sigil {
                    return Some((tokens[index - 1].1, token_end));
                }
            }
        }
    }
    None
}

/// " Did you mean …?" for an unknown name, when a known one is close.
fn suggestion(schema: &Schema, executable: &ExecutableDocument, kind: &str, quoted: &[&str]) -> Option<String> {
    let unknown = quoted.first()?.trim_start_matches(['@', '$']);
    let known: Vec<String> = match kind {
        "UndefinedField" => match schema.types.get(*quoted.get(1)?)? {
            ExtendedType::Object(object) => object.fields.keys().map(|name| name.to_string()).collect(),
            ExtendedType::Interface(interface) => interface.fields.keys().map(|name| name.to_string()).collect(),
            _ => Vec::new(),
        },
        "UndefinedArgument" => {
            let coordinate = *quoted.get(1)?;
            let arguments = if let Some(directive) = coordinate.strip_prefix('@') {
                schema.directive_definitions.get(directive)?.arguments.clone()
            } else {
                let (ty, field) = coordinate.split_once('.')?;
                schema.type_field(ty, field).ok()?.arguments.clone()
            };
            arguments.iter().map(|argument| argument.name.to_string()).collect()
        }
        "UndefinedDefinition" | "UndefinedTypeInNamedFragmentTypeCondition" | "UndefinedTypeInInlineFragmentTypeCondition" => {
            schema.types.keys().filter(|name| !name.starts_with("__")).map(|name| name.to_string()).collect()
        }
        "UndefinedDirective" => {
            return best_matches(unknown, schema.directive_definitions.keys().map(|name| name.to_string()).collect())
                .map(|names| format!(" Did you mean {}?", quote_all(&names, "@")));
        }
        "UndefinedFragment" => executable.fragments.keys().map(|name| name.to_string()).collect(),
        "UndefinedInputValue" => match schema.types.get(*quoted.get(1)?)? {
            ExtendedType::InputObject(input) => input.fields.keys().map(|name| name.to_string()).collect(),
            _ => Vec::new(),
        },
        "UndefinedEnumValue" => match schema.types.get(*quoted.get(1)?)? {
            ExtendedType::Enum(enum_) => enum_.values.keys().map(|name| name.to_string()).collect(),
            _ => Vec::new(),
        },
        _ => return None,
    };
    best_matches(unknown, known).map(|names| format!(" Did you mean {}?", quote_all(&names, "")))
}

fn quote_all(names: &[String], sigil: &str) -> String {
    let quoted: Vec<String> = names.iter().map(|name| format!("\"{sigil}{name}\"")).collect();
    match quoted.as_slice() {
        [one] => one.clone(),
        [init @ .., last] => format!("{} or {last}", init.join(", ")),
        [] => String::new(),
    }
}

/// Up to three known names close to `unknown`, closest first (graphql-js's threshold: an edit
/// distance of at most 40% of the unknown name, plus one; a change of case alone counts as one).
fn best_matches(unknown: &str, known: Vec<String>) -> Option<Vec<String>> {
    let mut scored: Vec<(usize, String)> = known
        .into_iter()
        .filter_map(|candidate| {
            let distance = if candidate.eq_ignore_ascii_case(unknown) { 1 } else { edit_distance(unknown, &candidate) };
            let threshold = unknown.len() * 2 / 5 + 1;
            (distance <= threshold && candidate != unknown).then_some((distance, candidate))
        })
        .collect();
    scored.sort();
    scored.truncate(3);
    (!scored.is_empty()).then(|| scored.into_iter().map(|(_, name)| name).collect())
}

/// Optimal string alignment distance (Levenshtein with transpositions), case-insensitive.
fn edit_distance(a: &str, b: &str) -> usize {
    strsim::osa_distance(&a.to_lowercase(), &b.to_lowercase())
}

// ---------------------------------------------------------------------------------------------
// 5.6.3 Input Object Field Uniqueness, which apollo-compiler does not check.

fn input_object_field_uniqueness(document: &ast::Document, text: &str, out: &mut Vec<Diagnostic>) {
    for_each_value(document, &mut |value| unique_object_fields(value, text, out));
}

/// Calls `check` with every value written in the document's executable definitions: arguments,
/// directive arguments and variable default values (not the values nested in them).
fn for_each_value(document: &ast::Document, check: &mut impl FnMut(&Node<ast::Value>)) {
    for definition in &document.definitions {
        match definition {
            ast::Definition::OperationDefinition(operation) => {
                for variable in &operation.variables {
                    if let Some(default) = &variable.default_value {
                        check(default);
                    }
                    directive_values(&variable.directives, check);
                }
                directive_values(&operation.directives, check);
                selection_values(&operation.selection_set, check);
            }
            ast::Definition::FragmentDefinition(fragment) => {
                directive_values(&fragment.directives, check);
                selection_values(&fragment.selection_set, check);
            }
            _ => {}
        }
    }
}

fn collect_object_fields(value: &Node<ast::Value>, text: &str, out: &mut Vec<ObjectField>) {
    match &**value {
        ast::Value::List(items) => items.iter().for_each(|item| collect_object_fields(item, text, out)),
        ast::Value::Object(fields) => {
            for (name, field_value) in fields {
                out.push(ObjectField {
                    name: name.to_string(),
                    name_span: span_of(name.location(), text),
                    value: span_of(field_value.location(), text),
                });
                collect_object_fields(field_value, text, out);
            }
        }
        _ => {}
    }
}

fn directive_values(directives: &ast::DirectiveList, check: &mut impl FnMut(&Node<ast::Value>)) {
    for directive in directives.iter() {
        for argument in &directive.arguments {
            check(&argument.value);
        }
    }
}

fn selection_values(selections: &[ast::Selection], check: &mut impl FnMut(&Node<ast::Value>)) {
    for selection in selections {
        match selection {
            ast::Selection::Field(field) => {
                for argument in &field.arguments {
                    check(&argument.value);
                }
                directive_values(&field.directives, check);
                selection_values(&field.selection_set, check);
            }
            ast::Selection::FragmentSpread(spread) => directive_values(&spread.directives, check),
            ast::Selection::InlineFragment(inline) => {
                directive_values(&inline.directives, check);
                selection_values(&inline.selection_set, check);
            }
        }
    }
}

fn unique_object_fields(value: &Node<ast::Value>, text: &str, out: &mut Vec<Diagnostic>) {
    match &**value {
        ast::Value::List(items) => items.iter().for_each(|item| unique_object_fields(item, text, out)),
        ast::Value::Object(fields) => {
            for (index, (name, field_value)) in fields.iter().enumerate() {
                if fields[..index].iter().any(|(earlier, _)| earlier == name) {
                    let (start, end) = span_of(name.location(), text);
                    out.push(Diagnostic {
                        start,
                        end,
                        severity: Severity::Error,
                        message: format!("There can be only one input field named \"{name}\"."),
                    });
                }
                unique_object_fields(field_value, text, out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// Deprecation warnings, and the `@oneOf` rule, on a walk through the values with their types.

struct Deprecations<'a> {
    schema: &'a Schema,
    text: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

fn deprecations(schema: &Schema, document: &ExecutableDocument, text: &str, out: &mut Vec<Diagnostic>) {
    let mut walker = Deprecations { schema, text, out };
    for operation in document.operations.iter() {
        for variable in &operation.variables {
            if let Some(default) = &variable.default_value {
                walker.value(default, &variable.ty);
            }
            walker.directives(&variable.directives);
        }
        walker.directives(&operation.directives);
        walker.selection_set(&operation.selection_set);
    }
    for fragment in document.fragments.values() {
        walker.directives(&fragment.directives);
        walker.selection_set(&fragment.selection_set);
    }
}

fn deprecation_reason(directives: &ast::DirectiveList) -> Option<String> {
    let deprecated = directives.get("deprecated")?;
    Some(
        deprecated
            .specified_argument_by_name("reason")
            .and_then(|reason| reason.as_str())
            .unwrap_or("No longer supported")
            .to_owned(),
    )
}

impl Deprecations<'_> {
    fn warn(&mut self, location: Option<SourceSpan>, message: String) {
        if location.is_none() {
            return;
        }
        let (start, end) = span_of(location, self.text);
        self.out.push(Diagnostic { start, end, severity: Severity::Warning, message });
    }

    fn selection_set(&mut self, selection_set: &executable::SelectionSet) {
        for selection in &selection_set.selections {
            match selection {
                executable::Selection::Field(field) => {
                    if let Some(reason) = deprecation_reason(&field.definition.directives) {
                        self.warn(
                            field.name.location(),
                            format!("The field \"{}.{}\" is deprecated. {reason}", selection_set.ty, field.name),
                        );
                    }
                    for argument in &field.arguments {
                        if let Some(definition) = field.definition.argument_by_name(&argument.name) {
                            if let Some(reason) = deprecation_reason(&definition.directives) {
                                self.warn(
                                    argument.name.location(),
                                    format!(
                                        "The argument \"{}\" of \"{}.{}\" is deprecated. {reason}",
                                        argument.name, selection_set.ty, field.name
                                    ),
                                );
                            }
                            self.value(&argument.value, &definition.ty);
                        }
                    }
                    self.directives(&field.directives);
                    self.selection_set(&field.selection_set);
                }
                executable::Selection::FragmentSpread(spread) => self.directives(&spread.directives),
                executable::Selection::InlineFragment(inline) => {
                    self.directives(&inline.directives);
                    self.selection_set(&inline.selection_set);
                }
            }
        }
    }

    fn directives(&mut self, directives: &ast::DirectiveList) {
        let schema = self.schema;
        for directive in directives.iter() {
            let Some(definition) = schema.directive_definitions.get(&directive.name) else { continue };
            for argument in &directive.arguments {
                let Some(argument_definition) = definition.argument_by_name(&argument.name) else { continue };
                if let Some(reason) = deprecation_reason(&argument_definition.directives) {
                    self.warn(
                        argument.name.location(),
                        format!("The argument \"{}\" of \"@{}\" is deprecated. {reason}", argument.name, directive.name),
                    );
                }
                self.value(&argument.value, &argument_definition.ty);
            }
        }
    }

    fn value(&mut self, value: &Node<ast::Value>, ty: &ast::Type) {
        let schema = self.schema;
        match (&**value, ty) {
            (ast::Value::List(items), ast::Type::List(item_ty) | ast::Type::NonNullList(item_ty)) => {
                items.iter().for_each(|item| self.value(item, item_ty));
            }
            (ast::Value::List(items), _) => items.iter().for_each(|item| self.value(item, ty)),
            (ast::Value::Enum(name), _) => {
                if let Some(ExtendedType::Enum(enum_)) = schema.types.get(ty.inner_named_type())
                    && let Some(definition) = enum_.values.get(name)
                    && let Some(reason) = deprecation_reason(&definition.directives)
                {
                    self.warn(
                        value.location(),
                        format!("The enum value \"{}.{name}\" is deprecated. {reason}", enum_.name),
                    );
                }
            }
            (ast::Value::Object(fields), _) => {
                let Some(ExtendedType::InputObject(input)) = schema.types.get(ty.inner_named_type()) else { return };
                // apollo-compiler 1.33 does not know `@oneOf` input objects: exactly one field,
                // and not null.
                if input.directives.get("oneOf").is_some()
                    && (fields.len() != 1 || fields.iter().any(|(_, value)| value.is_null()))
                {
                    let (start, end) = span_of(value.location(), self.text);
                    self.out.push(Diagnostic {
                        start,
                        end,
                        severity: Severity::Error,
                        message: format!(
                            "OneOf input object \"{}\" must specify exactly one key, and its value must not be null.",
                            input.name
                        ),
                    });
                }
                for (name, field_value) in fields {
                    let Some(definition) = input.fields.get(name) else { continue };
                    if let Some(reason) = deprecation_reason(&definition.directives) {
                        self.warn(
                            name.location(),
                            format!("The input field \"{}.{name}\" is deprecated. {reason}", input.name),
                        );
                    }
                    self.value(field_value, &definition.ty);
                }
            }
            _ => {}
        }
    }
}
