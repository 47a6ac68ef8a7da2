//! Building a query from the schema explorer: a field added to the operation under the cursor, at
//! the place where its type is selected, with the selections that lead there created when the
//! document lacks them and a variable for every argument the new fields require.
//!
//! The place is, in order: the selection set around the cursor or one around it whose type has the
//! field (through `... on Type` when the set's type is an interface or union the field's type
//! belongs to); else the route from the root (several are given, shortest first) that the
//! operation already follows furthest; else a new operation at the end of the document. The
//! answer is text edits of the document as it is, so the editor applies them as one change that a
//! single undo takes back.

use apollo_compiler::ast::{OperationType, Type};
use apollo_compiler::schema::{ExtendedType, FieldDefinition};
use apollo_compiler::{Schema, validation::Valid};
use apollo_parser::{cst, cst::CstNode};
use serde::Serialize;
use serde_json::Value;

use crate::operations::significant_range;

/// One field on the way from a root type to the field being added.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteStep {
    /// The type condition the field needs (`... on Repository`) when the previous field's type is
    /// an interface or union.
    pub on: Option<String>,
    /// The type that has the field.
    pub parent: String,
    pub field: String,
}

/// A chain of fields from a root type's field to the field being added (its last step).
pub type Route = Vec<RouteStep>;

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// Byte range of the document replaced by `text`.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A variable the addition defines, for the variables editor.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewVariable {
    pub name: String,
    /// As written in the definition: `ID!`, `[String!]!`, `ProjectCreateInput!`.
    pub type_text: String,
    /// A value of that type to start from: the required fields of an input object (nested ones
    /// too), an empty string or list, zero, false, an enum's first value.
    pub value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Added to an operation the document has.
    Added,
    /// A new operation at the end of the document.
    NewOperation,
    /// The field was selected there already; nothing changes.
    AlreadySelected,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Addition {
    pub outcome: Outcome,
    /// Non-overlapping, in document order, on the document as it was given.
    pub edits: Vec<Edit>,
    pub variables: Vec<NewVariable>,
    /// Byte range of the added (or found) field's name in the document after the edits.
    pub select_start: usize,
    pub select_end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AddError {
    /// `Type.field` is not a field of an object or interface type of the schema.
    UnknownField(String),
    /// No route from a root type reaches the field, and the cursor is in no selection of its type.
    Unreachable(String),
    /// The selection set where the field belongs is not closed yet.
    Unfinished,
}

impl std::fmt::Display for AddError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            AddError::UnknownField(coordinate) => write!(f, "{coordinate} is not a field of this schema"),
            AddError::Unreachable(coordinate) => {
                write!(f, "no field from the root types reaches {coordinate}; place the cursor in a selection of its type")
            }
            AddError::Unfinished => write!(f, "the selection where the field belongs is not closed with `}}` yet"),
        }
    }
}

impl std::error::Error for AddError {}

/// Adds `parent.field` to `document` at `cursor` (a byte offset). `routes` are ways from a root
/// type to the field, shortest first (the schema index's paths), each ending with the field.
pub fn add_field(
    schema: &Valid<Schema>,
    document: &str,
    cursor: usize,
    parent: &str,
    field: &str,
    routes: &[Route],
) -> Result<Addition, AddError> {
    let coordinate = format!("{parent}.{field}");
    let target = schema.type_field(parent, field).map_err(|_| AddError::UnknownField(coordinate.clone()))?;
    let tree = apollo_parser::Parser::new(document)
        .recursion_limit(crate::RECURSION_LIMIT)
        .token_limit(crate::TOKEN_LIMIT)
        .parse();
    let operations: Vec<cst::OperationDefinition> = tree
        .document()
        .definitions()
        .filter_map(|definition| match definition {
            cst::Definition::OperationDefinition(operation) => Some(operation),
            _ => None,
        })
        .collect();
    let builder = Builder { schema, document, indent_unit: indent_unit(document) };
    let cursor = cursor.min(document.len());

    let under_cursor = operations.iter().find(|operation| {
        significant_range(operation.syntax()).is_some_and(|(start, end)| start <= cursor && cursor <= end)
    });

    // The selection set around the cursor, or one around it, where the field belongs.
    if let Some(operation) = under_cursor
        && let Some(root) = root_type(schema, operation)
        && let Some(set) = operation.selection_set()
    {
        let mut around = Vec::new();
        sets_around(schema, set, root.to_owned(), cursor, &mut around);
        for (set, set_type) in around.iter().rev() {
            if let Some(on) = builder.fits(set_type, parent, field) {
                let steps = vec![RouteStep { on, parent: parent.to_owned(), field: field.to_owned() }];
                return builder.add_along(operation, set.clone(), &steps, target);
            }
        }
    }

    let kind_of_route = |route: &Route| route.first().and_then(|step| root_kind(schema, &step.parent));
    let routes: Vec<&Route> = routes.iter().filter(|route| route.last().is_some_and(|last| last.field == field)).collect();
    let Some(kind) = routes.iter().find_map(|route| kind_of_route(route)) else {
        return Err(AddError::Unreachable(coordinate));
    };
    let routes: Vec<&Route> = routes.into_iter().filter(|route| kind_of_route(route) == Some(kind)).collect();

    // The operation: the one under the cursor, else the only one of the route's kind.
    let of_kind = |operation: &&cst::OperationDefinition| crate::operations::operation_kind(operation.operation_type()) == kind;
    let operation = under_cursor.filter(of_kind).or_else(|| {
        let mut candidates = operations.iter().filter(of_kind);
        match (candidates.next(), candidates.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        }
    });
    match operation.and_then(|operation| Some((operation, operation.selection_set()?))) {
        Some((operation, set)) => {
            // The route the operation already follows furthest (the shortest of equals).
            let best = routes
                .iter()
                .enumerate()
                .max_by_key(|(order, route)| (builder.walk(set.clone(), route).matched, std::cmp::Reverse(*order)))
                .map(|(_, route)| *route)
                .expect("routes of the kind exist");
            builder.add_along(operation, set, best, target)
        }
        None => Ok(builder.new_operation(&operations, kind, routes[0], target)),
    }
}

struct Builder<'a> {
    schema: &'a Valid<Schema>,
    document: &'a str,
    indent_unit: String,
}

/// How far a selection set already follows a route.
struct Walked {
    matched: usize,
    /// Where the rest goes.
    at: InsertAt,
    /// The last step's field, when the whole route is selected already.
    found: Option<cst::Field>,
    /// The next step's `... on` is there already (`at` is inside it).
    inside_on: bool,
}

enum InsertAt {
    /// Into this selection set.
    Set(cst::SelectionSet),
    /// A selection set of its own after this field, which has none.
    AfterField(cst::Field),
}

/// One line of what is inserted: a field with its arguments, or a type condition.
enum Item {
    Field { text: String, target: bool },
    On(String),
}

impl Item {
    /// Appends the item's text; for the target, notes where its name starts.
    fn write(&self, text: &mut String, target: &mut usize) {
        match self {
            Item::Field { text: field, target: is_target } => {
                if *is_target {
                    *target = text.len();
                }
                text.push_str(field);
            }
            Item::On(on) => text.push_str(&format!("... on {on}")),
        }
    }
}

impl Builder<'_> {
    /// Whether `parent.field` can be selected in a selection set of `set_type`: `Some(None)`
    /// directly, `Some(Some(parent))` through `... on parent`.
    fn fits(&self, set_type: &str, parent: &str, field: &str) -> Option<Option<String>> {
        if set_type == parent || self.schema.type_field(set_type, field).is_ok() && self.schema.is_subtype(parent, set_type) {
            return Some(None);
        }
        if self.schema.is_subtype(set_type, parent) {
            // An interface that has the field itself needs no type condition.
            if self.schema.get_interface(set_type).is_some_and(|interface| interface.fields.contains_key(field)) {
                return Some(None);
            }
            return Some(Some(parent.to_owned()));
        }
        None
    }

    fn walk(&self, set: cst::SelectionSet, route: &[RouteStep]) -> Walked {
        let mut at = InsertAt::Set(set);
        for (matched, step) in route.iter().enumerate() {
            let InsertAt::Set(set) = &at else {
                return Walked { matched, at, found: None, inside_on: false };
            };
            let mut container = set.clone();
            if let Some(on) = &step.on {
                match inline_fragment_on(&container, on) {
                    Some(inner) => container = inner,
                    None => return Walked { matched, at, found: None, inside_on: false },
                }
            }
            let Some(existing) = field_named(&container, &step.field) else {
                return Walked { matched, at: InsertAt::Set(container), found: None, inside_on: step.on.is_some() };
            };
            if matched + 1 == route.len() {
                return Walked { matched: matched + 1, at: InsertAt::Set(container), found: Some(existing), inside_on: false };
            }
            at = match existing.selection_set() {
                Some(inner) => InsertAt::Set(inner),
                None => InsertAt::AfterField(existing),
            };
        }
        Walked { matched: route.len(), at, found: None, inside_on: false }
    }

    fn add_along(
        &self,
        operation: &cst::OperationDefinition,
        set: cst::SelectionSet,
        route: &[RouteStep],
        target: &FieldDefinition,
    ) -> Result<Addition, AddError> {
        let walked = self.walk(set, route);
        if let Some(found) = walked.found {
            let name = found.name().map(|name| name.syntax().text_range()).expect("a field found by its name has one");
            return Ok(Addition {
                outcome: Outcome::AlreadySelected,
                edits: Vec::new(),
                variables: Vec::new(),
                select_start: name.start().into(),
                select_end: name.end().into(),
            });
        }
        let mut names = VariableNames::of(operation);
        let mut rest = route[walked.matched..].to_vec();
        if walked.inside_on {
            rest[0].on = None;
        }
        let (items, variables) = self.items(&rest, target, &mut names);

        // The insertion, and where the target's name starts in its text.
        let (insertion, target_offset) = match &walked.at {
            InsertAt::Set(set) => {
                let open = set.l_curly_token().ok_or(AddError::Unfinished)?;
                let close = set.r_curly_token().ok_or(AddError::Unfinished)?;
                let open_end: usize = open.text_range().end().into();
                let close_start: usize = close.text_range().start().into();
                let last = set.selections().last().and_then(|selection| significant_range(selection.syntax()));
                if !self.document[open_end..close_start].contains('\n') {
                    // A set written on one line gets the new selections on that line.
                    let (line, offset) = one_line(&items);
                    match last {
                        Some((_, end)) => (Edit { start: end, end, text: format!(" {line}") }, 1 + offset),
                        None => (Edit { start: open_end, end: close_start, text: format!(" {line} ") }, 1 + offset),
                    }
                } else {
                    let (start, indent) = match last {
                        Some((selection_start, end)) => {
                            // After the last selection's line (its comment stays with it).
                            let line_end = self.document[end..close_start].find('\n').map_or(end, |newline| end + newline);
                            (line_end, line_indent(self.document, selection_start).to_owned())
                        }
                        None => (open_end, format!("{}{}", line_indent(self.document, close_start), self.indent_unit)),
                    };
                    let (lines, offset) = self.lines(&items, &indent);
                    (Edit { start, end: start, text: format!("\n{indent}{lines}") }, 1 + indent.len() + offset)
                }
            }
            InsertAt::AfterField(field) => {
                let (field_start, end) = significant_range(field.syntax()).expect("a field has a name");
                let outer = line_indent(self.document, field_start).to_owned();
                let indent = format!("{outer}{}", self.indent_unit);
                let (lines, offset) = self.lines(&items, &indent);
                (Edit { start: end, end, text: format!(" {{\n{indent}{lines}\n{outer}}}") }, 3 + indent.len() + offset)
            }
        };
        let mut edits = Vec::new();
        let mut shift = 0;
        if let Some(definitions) = variable_definitions_edit(operation, &variables) {
            if definitions.start <= insertion.start {
                shift = definitions.text.len() - (definitions.end - definitions.start);
            }
            edits.push(definitions);
        }
        let select_start = insertion.start + shift + target_offset;
        let name_len = target.name.len();
        edits.push(insertion);
        edits.sort_by_key(|edit| edit.start);
        Ok(Addition { outcome: Outcome::Added, edits, variables, select_start, select_end: select_start + name_len })
    }

    fn new_operation(
        &self,
        operations: &[cst::OperationDefinition],
        kind: crate::operations::OperationKind,
        route: &[RouteStep],
        target: &FieldDefinition,
    ) -> Addition {
        let mut names = VariableNames::default();
        let (items, variables) = self.items(route, target, &mut names);
        let keyword = match kind {
            crate::operations::OperationKind::Query => "query",
            crate::operations::OperationKind::Mutation => "mutation",
            crate::operations::OperationKind::Subscription => "subscription",
        };
        let taken: Vec<String> = operations.iter().filter_map(|operation| Some(operation.name()?.text().to_string())).collect();
        let base = pascal_case(&route[0].field);
        let name = (1..).map(|n| if n == 1 { base.clone() } else { format!("{base}{n}") }).find(|name| !taken.contains(name)).expect("names run out never");
        let mut header = format!("{keyword} {name}");
        if !variables.is_empty() {
            header.push_str(&format!("({})", definitions_text(&variables)));
        }
        let indent = self.indent_unit.clone();
        let (lines, offset) = self.lines(&items, &indent);
        let operation = format!("{header} {{\n{indent}{lines}\n}}\n");

        let trimmed = self.document.trim_end();
        let (start, separator) = if trimmed.is_empty() { (0, "") } else { (trimmed.len(), "\n\n") };
        let text = format!("{separator}{operation}");
        let select_start = start + separator.len() + header.len() + " {\n".len() + indent.len() + offset;
        Addition {
            outcome: Outcome::NewOperation,
            edits: vec![Edit { start, end: self.document.len(), text }],
            variables,
            select_start,
            select_end: select_start + target.name.len(),
        }
    }

    /// What is inserted for `steps` (the last one the target), and the variables it defines.
    fn items(&self, steps: &[RouteStep], target: &FieldDefinition, names: &mut VariableNames) -> (Vec<Item>, Vec<NewVariable>) {
        let mut items = Vec::new();
        let mut variables = Vec::new();
        for (n, step) in steps.iter().enumerate() {
            if let Some(on) = &step.on {
                items.push(Item::On(on.clone()));
            }
            let is_target = n + 1 == steps.len();
            let Ok(definition) = self.schema.type_field(&step.parent, &step.field) else { continue };
            let definition: &FieldDefinition = if is_target { target } else { definition };
            let mut arguments = Vec::new();
            for argument in definition.arguments.iter().filter(|argument| argument.ty.is_non_null() && argument.default_value.is_none()) {
                let name = names.fresh(&argument.name, &definition.name);
                arguments.push(format!("{}: ${name}", argument.name));
                variables.push(NewVariable {
                    name,
                    type_text: argument.ty.to_string(),
                    value: self.starting_value(&argument.ty, 0),
                });
            }
            let mut text = definition.name.to_string();
            if !arguments.is_empty() {
                text.push_str(&format!("({})", arguments.join(", ")));
            }
            items.push(Item::Field { text, target: is_target });
        }
        for field in self.first_selection(target.ty.inner_named_type(), 0) {
            items.push(Item::Field { text: field, target: false });
        }
        (items, variables)
    }

    /// What a field of an object, interface or union type selects first, so that the document
    /// stays valid and shows something: `id`; else the first leaf field (a mutation payload's
    /// `clientMutationId` last); else the first object field's `id` (`issue { id }` in a payload);
    /// else a connection's `edges { node { … } }`; else `__typename`. Empty for a leaf type.
    fn first_selection(&self, type_name: &str, depth: usize) -> Vec<String> {
        let fields = match self.schema.types.get(type_name) {
            Some(ExtendedType::Object(object)) => &object.fields,
            Some(ExtendedType::Interface(interface)) => &interface.fields,
            Some(ExtendedType::Union(_)) => return vec!["__typename".to_owned()],
            _ => return Vec::new(),
        };
        let plain = |definition: &FieldDefinition| {
            !definition.arguments.iter().any(|argument| argument.ty.is_non_null() && argument.default_value.is_none())
        };
        let leaf = |definition: &FieldDefinition| {
            plain(definition) && self.schema.types.get(definition.ty.inner_named_type()).is_some_and(ExtendedType::is_leaf)
        };
        let has_id = |definition: &FieldDefinition| {
            plain(definition) && self.schema.type_field(definition.ty.inner_named_type(), "id").is_ok_and(|id| leaf(id))
        };
        if let Some(id) = fields.get("id").filter(|id| leaf(id)) {
            return vec![id.name.to_string()];
        }
        if let Some(first) = fields.values().find(|definition| leaf(definition) && definition.name != "clientMutationId") {
            return vec![first.name.to_string()];
        }
        if let Some(object) = fields.values().find(|definition| definition.name != "edges" && has_id(definition)) {
            return vec![object.name.to_string(), "id".to_owned()];
        }
        if depth == 0
            && let Some(edges) = fields.get("edges")
            && let Ok(node) = self.schema.type_field(edges.ty.inner_named_type(), "node")
        {
            let inside = self.first_selection(node.ty.inner_named_type(), depth + 1);
            if !inside.is_empty() {
                return ["edges".to_owned(), "node".to_owned()].into_iter().chain(inside).collect();
            }
        }
        if let Some(first) = fields.values().find(|definition| leaf(definition)) {
            return vec![first.name.to_string()];
        }
        vec!["__typename".to_owned()]
    }

    /// A value of `ty` to start editing from.
    fn starting_value(&self, ty: &Type, depth: usize) -> Value {
        if ty.is_list() {
            // A list of input objects starts with one to fill in; a list of scalars empty.
            let item = ty.item_type();
            return match self.schema.types.get(item.inner_named_type()) {
                Some(ExtendedType::InputObject(_)) if !item.is_list() => Value::Array(vec![self.starting_value(item, depth + 1)]),
                _ => Value::Array(Vec::new()),
            };
        }
        let name = ty.inner_named_type();
        match self.schema.types.get(name) {
            Some(ExtendedType::Scalar(_)) | None => match name.as_str() {
                "Int" => Value::from(0),
                "Float" => Value::from(0.0),
                "Boolean" => Value::Bool(false),
                _ => Value::String(String::new()),
            },
            Some(ExtendedType::Enum(enum_)) => enum_.values.keys().next().map_or(Value::Null, |value| Value::String(value.to_string())),
            Some(ExtendedType::InputObject(input)) => {
                let mut object = serde_json::Map::new();
                // Required input fields nest; a schema cannot make them endless (the spec forbids
                // a cycle of non-null fields), the depth guards a hostile one.
                if depth < 8 {
                    for (field_name, field) in &input.fields {
                        if field.ty.is_non_null() && field.default_value.is_none() {
                            object.insert(field_name.to_string(), self.starting_value(&field.ty, depth + 1));
                        }
                    }
                }
                Value::Object(object)
            }
            Some(_) => Value::Null,
        }
    }

    /// The items one per line, each inside the one before, at `indent` (the first line's indent is
    /// the caller's); and where the target's name starts, from the text's start.
    fn lines(&self, items: &[Item], indent: &str) -> (String, usize) {
        let mut text = String::new();
        let mut target = 0;
        let last = items.len() - 1;
        for (depth, item) in items.iter().enumerate() {
            if depth > 0 {
                text.push('\n');
                text.push_str(indent);
                text.push_str(&self.indent_unit.repeat(depth));
            }
            item.write(&mut text, &mut target);
            if depth < last {
                text.push_str(" {");
            }
        }
        for depth in (0..last).rev() {
            text.push('\n');
            text.push_str(indent);
            text.push_str(&self.indent_unit.repeat(depth));
            text.push('}');
        }
        (text, target)
    }
}

/// The items on one line, for a selection set written on one line.
fn one_line(items: &[Item]) -> (String, usize) {
    let mut text = String::new();
    let mut target = 0;
    for (n, item) in items.iter().enumerate() {
        if n > 0 {
            text.push_str(" { ");
        }
        item.write(&mut text, &mut target);
    }
    text.push_str(&" }".repeat(items.len() - 1));
    (text, target)
}

/// Variable names of an operation and those given out, so that none is defined twice.
#[derive(Default)]
struct VariableNames(Vec<String>);

impl VariableNames {
    fn of(operation: &cst::OperationDefinition) -> Self {
        let names = operation
            .variable_definitions()
            .into_iter()
            .flat_map(|definitions| definitions.variable_definitions())
            .filter_map(|definition| Some(definition.variable()?.name()?.text().to_string()))
            .collect();
        VariableNames(names)
    }

    /// The argument's name, else the field's name and the argument's (`projectId`), else numbered.
    fn fresh(&mut self, argument: &str, field: &str) -> String {
        let qualified = format!("{field}{}", capitalized(argument));
        let name = std::iter::once(argument.to_owned())
            .chain(std::iter::once(qualified.clone()))
            .chain((2..).map(|n| format!("{qualified}{n}")))
            .find(|name| !self.0.contains(name))
            .expect("numbered names run out never");
        self.0.push(name.clone());
        name
    }
}

/// The edit that defines `variables` in the operation's header.
fn variable_definitions_edit(operation: &cst::OperationDefinition, variables: &[NewVariable]) -> Option<Edit> {
    if variables.is_empty() {
        return None;
    }
    let added = definitions_text(variables);
    if let Some(definitions) = operation.variable_definitions()
        && let Some(close) = definitions.r_paren_token()
    {
        let at: usize = close.text_range().start().into();
        let text = if definitions.variable_definitions().next().is_some() { format!(", {added}") } else { added };
        // After the last definition, not after a trailing comma or space before `)`.
        let at = definitions
            .variable_definitions()
            .last()
            .and_then(|last| significant_range(last.syntax()))
            .map_or(at, |(_, end)| end);
        return Some(Edit { start: at, end: at, text });
    }
    if let Some(name) = operation.name() {
        let at: usize = name.syntax().text_range().end().into();
        return Some(Edit { start: at, end: at, text: format!("({added})") });
    }
    if let Some(keyword) = operation.operation_type() {
        let at: usize = keyword.syntax().text_range().end().into();
        return Some(Edit { start: at, end: at, text: format!(" ({added})") });
    }
    // `{ … }`: the shorthand has no header to put definitions in.
    let (start, _) = significant_range(operation.syntax())?;
    Some(Edit { start, end: start, text: format!("query ({added}) ") })
}

fn definitions_text(variables: &[NewVariable]) -> String {
    variables.iter().map(|variable| format!("${}: {}", variable.name, variable.type_text)).collect::<Vec<_>>().join(", ")
}

/// The selection sets that hold the cursor, outermost first, each with its type.
fn sets_around(schema: &Schema, set: cst::SelectionSet, set_type: String, cursor: usize, around: &mut Vec<(cst::SelectionSet, String)>) {
    let Some(open) = set.l_curly_token() else { return };
    let inside_from: usize = open.text_range().end().into();
    let inside_to: usize = set.r_curly_token().map_or_else(|| set.syntax().text_range().end().into(), |close| close.text_range().start().into());
    if cursor < inside_from || cursor > inside_to {
        return;
    }
    for selection in set.selections() {
        let (inner, inner_type) = match &selection {
            cst::Selection::Field(field) => {
                let Some(name) = field.name() else { continue };
                let Ok(definition) = schema.type_field(&set_type, &name.text()) else { continue };
                (field.selection_set(), definition.ty.inner_named_type().to_string())
            }
            cst::Selection::InlineFragment(fragment) => {
                let on = fragment.type_condition().and_then(|condition| condition.named_type()?.name()).map(|name| name.text().to_string());
                (fragment.selection_set(), on.unwrap_or_else(|| set_type.clone()))
            }
            cst::Selection::FragmentSpread(_) => continue,
        };
        if let Some(inner) = inner
            && schema.types.contains_key(inner_type.as_str())
        {
            let before = around.len();
            sets_around(schema, inner, inner_type, cursor, around);
            if around.len() > before {
                around.insert(before, (set.clone(), set_type));
                return;
            }
        }
    }
    around.push((set, set_type));
}

fn inline_fragment_on(set: &cst::SelectionSet, on: &str) -> Option<cst::SelectionSet> {
    set.selections().find_map(|selection| match selection {
        cst::Selection::InlineFragment(fragment)
            if fragment.type_condition().and_then(|condition| condition.named_type()?.name()).is_some_and(|name| name.text() == on) =>
        {
            fragment.selection_set()
        }
        _ => None,
    })
}

/// A field selected under its own name (not an alias of it, which may have other arguments).
fn field_named(set: &cst::SelectionSet, name: &str) -> Option<cst::Field> {
    set.selections().find_map(|selection| match selection {
        cst::Selection::Field(field)
            if field.name().is_some_and(|field_name| field_name.text() == name)
                && field.alias().and_then(|alias| alias.name()).is_none_or(|alias| alias.text() == name) =>
        {
            Some(field)
        }
        _ => None,
    })
}

fn root_type<'s>(schema: &'s Schema, operation: &cst::OperationDefinition) -> Option<&'s str> {
    let kind = match crate::operations::operation_kind(operation.operation_type()) {
        crate::operations::OperationKind::Query => OperationType::Query,
        crate::operations::OperationKind::Mutation => OperationType::Mutation,
        crate::operations::OperationKind::Subscription => OperationType::Subscription,
    };
    schema.root_operation(kind).map(|name| name.as_str())
}

fn root_kind(schema: &Schema, type_name: &str) -> Option<crate::operations::OperationKind> {
    use crate::operations::OperationKind;
    [(OperationType::Query, OperationKind::Query), (OperationType::Mutation, OperationKind::Mutation), (OperationType::Subscription, OperationKind::Subscription)]
        .into_iter()
        .find(|(operation, _)| schema.root_operation(*operation).is_some_and(|root| root == type_name))
        .map(|(_, kind)| kind)
}

/// The whitespace that starts the line `offset` is on.
fn line_indent(document: &str, offset: usize) -> &str {
    let line_start = document[..offset].rfind('\n').map_or(0, |newline| newline + 1);
    let line = &document[line_start..];
    &line[..line.len() - line.trim_start_matches([' ', '\t']).len()]
}

/// The document's indentation step: a tab if its indented lines start with one, else the fewest
/// spaces an indented line has (two in a document with none).
fn indent_unit(document: &str) -> String {
    let mut fewest: Option<usize> = None;
    for line in document.lines().filter(|line| !line.trim().is_empty()) {
        if line.starts_with('\t') {
            return "\t".to_owned();
        }
        let spaces = line.len() - line.trim_start_matches(' ').len();
        if spaces > 0 {
            fewest = Some(fewest.map_or(spaces, |fewest| fewest.min(spaces)));
        }
    }
    " ".repeat(fewest.unwrap_or(2).min(8))
}

fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

fn pascal_case(name: &str) -> String {
    name.split('_').map(capitalized).collect()
}
