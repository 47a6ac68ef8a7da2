//! The schema index: every element of a schema in one flat table, so that search, references and
//! paths speak of elements by a small copyable id instead of by names looked up again and again.
//!
//! An element holds a reference-counted handle to its definition in the schema (apollo-compiler's
//! `Node`s share their data), never a copy of its name or description: building the index bumps
//! about 12,000 reference counts on GitHub's schema and allocates only the tables around them.
//! The description word index, the one costly part, is built on the first search that needs it.

use std::collections::HashMap;
use std::ops::Range;
use std::sync::OnceLock;

use apollo_compiler::ast::{EnumValueDefinition, FieldDefinition, InputValueDefinition, OperationType, Type};
use apollo_compiler::schema::{DirectiveDefinition, ExtendedType};
use apollo_compiler::{Name, Node, Schema};
use serde::Serialize;

use crate::references::ReferenceTable;
use crate::search::NameTable;
use crate::words::DescriptionIndex;

/// An element of one [`SchemaIndex`]. Ids are meaningful only for the index that gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ElementId(u32);

impl ElementId {
    /// The element's position in its index, from 0 to `SchemaIndex::len()`.
    pub fn index(self) -> usize {
        self.0 as usize
    }

    pub(crate) fn at(position: usize) -> ElementId {
        // A schema with four billion elements would not fit in memory long before this saturates.
        ElementId(u32::try_from(position).unwrap_or(u32::MAX))
    }
}

/// What an element is. Named types are split by their kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ElementKind {
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
    Scalar,
    /// A field of an object or interface type.
    Field,
    /// An argument of a field.
    Argument,
    /// A field of an input object type.
    InputField,
    EnumValue,
    Directive,
    /// An argument of a directive definition.
    DirectiveArgument,
}

impl ElementKind {
    pub fn is_type(self) -> bool {
        matches!(
            self,
            ElementKind::Object
                | ElementKind::Interface
                | ElementKind::Union
                | ElementKind::Enum
                | ElementKind::InputObject
                | ElementKind::Scalar
        )
    }

    /// A type a field may return: anything but an input object.
    pub fn is_output(self) -> bool {
        self.is_type() && self != ElementKind::InputObject
    }

    /// The name used in the command line's output, the same as the serialized form.
    pub fn as_str(self) -> &'static str {
        match self {
            ElementKind::Object => "object",
            ElementKind::Interface => "interface",
            ElementKind::Union => "union",
            ElementKind::Enum => "enum",
            ElementKind::InputObject => "inputObject",
            ElementKind::Scalar => "scalar",
            ElementKind::Field => "field",
            ElementKind::Argument => "argument",
            ElementKind::InputField => "inputField",
            ElementKind::EnumValue => "enumValue",
            ElementKind::Directive => "directive",
            ElementKind::DirectiveArgument => "directiveArgument",
        }
    }

    fn of_type(ty: &ExtendedType) -> ElementKind {
        match ty {
            ExtendedType::Scalar(_) => ElementKind::Scalar,
            ExtendedType::Object(_) => ElementKind::Object,
            ExtendedType::Interface(_) => ElementKind::Interface,
            ExtendedType::Union(_) => ElementKind::Union,
            ExtendedType::Enum(_) => ElementKind::Enum,
            ExtendedType::InputObject(_) => ElementKind::InputObject,
        }
    }
}

/// The schema's own definition of an element, shared rather than copied.
#[derive(Debug, Clone)]
pub(crate) enum Definition {
    Type(ExtendedType),
    Field(Node<FieldDefinition>),
    /// An argument, an input field or a directive argument.
    InputValue(Node<InputValueDefinition>),
    EnumValue(Node<EnumValueDefinition>),
    Directive(Node<DirectiveDefinition>),
}

impl Definition {
    pub(crate) fn name(&self) -> &Name {
        match self {
            Definition::Type(ty) => ty.name(),
            Definition::Field(def) => &def.name,
            Definition::InputValue(def) => &def.name,
            Definition::EnumValue(def) => &def.value,
            Definition::Directive(def) => &def.name,
        }
    }

    pub(crate) fn description(&self) -> Option<&str> {
        let description = match self {
            Definition::Type(ty) => ty.description(),
            Definition::Field(def) => def.description.as_ref(),
            Definition::InputValue(def) => def.description.as_ref(),
            Definition::EnumValue(def) => def.description.as_ref(),
            Definition::Directive(def) => def.description.as_ref(),
        };
        description.map(|text| &**text).filter(|text| !text.trim().is_empty())
    }
}

#[derive(Debug)]
pub(crate) struct Element {
    pub(crate) kind: ElementKind,
    pub(crate) definition: Definition,
    /// The type of a field, input field or enum value; the field of an argument; the directive of
    /// a directive argument.
    pub(crate) parent: Option<ElementId>,
    /// The fields, input fields or enum values of a type, the arguments of a field or directive:
    /// always a contiguous run of the table.
    pub(crate) children: Range<u32>,
    /// Ranks elements that match a query equally well (lower first): types, directives and the
    /// root types' fields 0; other fields and enum values 1; arguments and input fields 2.
    pub(crate) rank_class: u8,
    /// How many places use the element's type (for a type: itself; for a member: its parent type;
    /// for an argument: its field's type). Among equal matches, members of much-used types come
    /// before those of a payload type used once.
    pub(crate) popularity: u32,
}

/// Every element of a schema, with the tables search, references and paths work over.
///
/// Built by [`SchemaIndex::new`] in a few milliseconds on GitHub's schema (docs/benchmarks.md);
/// the description word index is built on the first description search, or ahead of time by
/// [`SchemaIndex::prepare_description_search`] (on a background thread, say).
#[derive(Debug)]
pub struct SchemaIndex {
    pub(crate) elements: Vec<Element>,
    pub(crate) types_by_name: HashMap<Name, ElementId>,
    pub(crate) directives_by_name: HashMap<Name, ElementId>,
    /// The query, mutation and subscription root types, in that order.
    pub(crate) roots: [Option<ElementId>; 3],
    pub(crate) references: ReferenceTable,
    pub(crate) names: NameTable,
    descriptions: OnceLock<DescriptionIndex>,
    /// Each type's distance from the roots, for paths (see `paths`).
    distances: OnceLock<Vec<u32>>,
}

/// What a front end keeps beside a loaded schema: its index, built on the first question that
/// needs it rather than when the schema is loaded. Building GitHub's index costs about as much as
/// loading the schema from the cache (docs/benchmarks.md), so a schema served from the cache is
/// ready without it, and the first search, reference list or path pays for it once.
#[derive(Debug, Default)]
pub struct LazyIndex {
    index: OnceLock<SchemaIndex>,
}

impl LazyIndex {
    pub fn new() -> LazyIndex {
        LazyIndex::default()
    }

    /// The index of `schema`, built on the first call. Every call must pass the schema the
    /// `LazyIndex` was made for: keep one beside each loaded schema, and a new one for a new schema.
    pub fn get(&self, schema: &Schema) -> &SchemaIndex {
        self.index.get_or_init(|| SchemaIndex::new(schema))
    }

    /// The index, if a call to [`LazyIndex::get`] has built it.
    pub fn built(&self) -> Option<&SchemaIndex> {
        self.index.get()
    }
}

/// The root operations in the order paths and search prefer them.
pub(crate) const ROOT_OPERATIONS: [OperationType; 3] =
    [OperationType::Query, OperationType::Mutation, OperationType::Subscription];

impl SchemaIndex {
    /// Indexes every element of `schema` but the introspection types (`__Type`...), which no
    /// person browses and no diff reports.
    pub fn new(schema: &Schema) -> SchemaIndex {
        let mut elements = Vec::with_capacity(count_elements(schema));
        let mut types_by_name = HashMap::new();
        for ty in schema.types.values() {
            if is_introspection_type(ty.name()) {
                continue;
            }
            let type_id = push(&mut elements, ElementKind::of_type(ty), Definition::Type(ty.clone()), None);
            types_by_name.insert(ty.name().clone(), type_id);
            match ty {
                ExtendedType::Object(def) => add_fields(&mut elements, type_id, def.fields.values().map(|field| &field.node)),
                ExtendedType::Interface(def) => {
                    add_fields(&mut elements, type_id, def.fields.values().map(|field| &field.node))
                }
                ExtendedType::InputObject(def) => {
                    let start = elements.len();
                    for field in def.fields.values() {
                        push(&mut elements, ElementKind::InputField, Definition::InputValue(field.node.clone()), Some(type_id));
                    }
                    set_children(&mut elements, type_id, start);
                }
                ExtendedType::Enum(def) => {
                    let start = elements.len();
                    for value in def.values.values() {
                        push(&mut elements, ElementKind::EnumValue, Definition::EnumValue(value.node.clone()), Some(type_id));
                    }
                    set_children(&mut elements, type_id, start);
                }
                ExtendedType::Scalar(_) | ExtendedType::Union(_) => {}
            }
        }
        let mut directives_by_name = HashMap::new();
        for directive in schema.directive_definitions.values() {
            let directive_id = push(&mut elements, ElementKind::Directive, Definition::Directive(directive.clone()), None);
            directives_by_name.insert(directive.name.clone(), directive_id);
            let start = elements.len();
            for argument in &directive.arguments {
                push(&mut elements, ElementKind::DirectiveArgument, Definition::InputValue(argument.clone()), Some(directive_id));
            }
            set_children(&mut elements, directive_id, start);
        }
        let roots = ROOT_OPERATIONS.map(|operation| {
            schema.root_operation(operation).and_then(|name| types_by_name.get(name.as_str()).copied())
        });
        let references = ReferenceTable::build(&elements, &types_by_name);
        rank_elements(&mut elements, &roots, &references);
        let names = NameTable::build(&elements);
        SchemaIndex {
            elements,
            types_by_name,
            directives_by_name,
            roots,
            references,
            names,
            descriptions: OnceLock::new(),
            distances: OnceLock::new(),
        }
    }

    /// How many elements the index holds.
    pub fn len(&self) -> usize {
        self.elements.len()
    }

    pub fn is_empty(&self) -> bool {
        self.elements.is_empty()
    }

    /// Every element, in schema order (a type, then its members, then their arguments).
    pub fn ids(&self) -> impl Iterator<Item = ElementId> + '_ {
        (0..self.elements.len()).map(ElementId::at)
    }

    pub(crate) fn element(&self, id: ElementId) -> &Element {
        &self.elements[id.index()]
    }

    pub fn kind(&self, id: ElementId) -> ElementKind {
        self.element(id).kind
    }

    pub fn name(&self, id: ElementId) -> &str {
        self.element(id).definition.name().as_str()
    }

    /// The type of a field, input field or enum value; the field of an argument; the directive of
    /// a directive argument; `None` for types and directives.
    pub fn parent(&self, id: ElementId) -> Option<ElementId> {
        self.element(id).parent
    }

    /// The fields, input fields or enum values of a type; the arguments of a field or directive.
    pub fn children(&self, id: ElementId) -> impl Iterator<Item = ElementId> + '_ {
        let range = self.element(id).children.clone();
        (range.start as usize..range.end as usize).map(ElementId::at)
    }

    /// The element's description as the schema has it, unless it is empty.
    pub fn description(&self, id: ElementId) -> Option<&str> {
        self.element(id).definition.description()
    }

    /// The first line of the description, trimmed: what a list shows beside a name.
    pub fn summary(&self, id: ElementId) -> Option<&str> {
        let description = self.description(id)?;
        description.trim_start().lines().next().map(str::trim).filter(|line| !line.is_empty())
    }

    /// Whether a field, argument, input field or enum value carries `@deprecated`.
    pub fn is_deprecated(&self, id: ElementId) -> bool {
        match &self.element(id).definition {
            Definition::Field(def) => def.directives.has("deprecated"),
            Definition::InputValue(def) => def.directives.has("deprecated"),
            Definition::EnumValue(def) => def.directives.has("deprecated"),
            Definition::Type(_) | Definition::Directive(_) => false,
        }
    }

    /// The type a field returns or an argument or input field takes, as written (`[Issue!]!`).
    pub fn value_type(&self, id: ElementId) -> Option<&Type> {
        match &self.element(id).definition {
            Definition::Field(def) => Some(&def.ty),
            Definition::InputValue(def) => Some(&def.ty),
            _ => None,
        }
    }

    /// The named type a field returns or an argument or input field takes, when it is indexed.
    pub fn named_type_of(&self, id: ElementId) -> Option<ElementId> {
        self.type_named(self.value_type(id)?.inner_named_type())
    }

    pub fn type_named(&self, name: &str) -> Option<ElementId> {
        self.types_by_name.get(name).copied()
    }

    /// The directive definition `@name` (without the `@`).
    pub fn directive_named(&self, name: &str) -> Option<ElementId> {
        self.directives_by_name.get(name).copied()
    }

    /// The root type of an operation, when the schema has it.
    pub fn root(&self, operation: OperationType) -> Option<ElementId> {
        let position = ROOT_OPERATIONS.iter().position(|root| *root == operation)?;
        self.roots[position]
    }

    /// The root types the schema has, in the order query, mutation, subscription.
    pub fn root_types(&self) -> impl Iterator<Item = ElementId> + '_ {
        self.roots.iter().flatten().copied()
    }

    /// Whether the type is the query, mutation or subscription root type.
    pub fn is_root_type(&self, type_id: ElementId) -> bool {
        self.root_order(type_id).is_some()
    }

    /// Where a root type comes in the order query, mutation, subscription; `None` for other types.
    pub(crate) fn root_order(&self, type_id: ElementId) -> Option<usize> {
        self.roots.iter().position(|root| *root == Some(type_id))
    }

    /// The arguments of a field that a query must give: non-null and without a default value.
    pub fn required_arguments(&self, field: ElementId) -> impl Iterator<Item = ElementId> + '_ {
        self.children(field).filter(|argument| match &self.element(*argument).definition {
            Definition::InputValue(def) => def.ty.is_non_null() && def.default_value.is_none(),
            _ => false,
        })
    }

    /// The default value of an argument, input field or directive argument, as GraphQL writes it
    /// (`50`, `"main"`, `{first: 10}`).
    pub fn default_value(&self, id: ElementId) -> Option<String> {
        match &self.element(id).definition {
            Definition::InputValue(def) => def.default_value.as_ref().map(|value| value.to_string()),
            _ => None,
        }
    }

    /// Why an element is deprecated, when its `@deprecated` gives a reason.
    pub fn deprecation_reason(&self, id: ElementId) -> Option<&str> {
        let directives = match &self.element(id).definition {
            Definition::Field(def) => &def.directives,
            Definition::InputValue(def) => &def.directives,
            Definition::EnumValue(def) => &def.directives,
            Definition::Type(_) | Definition::Directive(_) => return None,
        };
        directives.get("deprecated")?.specified_argument_by_name("reason")?.as_str()
    }

    /// The interfaces an object or interface type implements, in schema order.
    pub fn interfaces(&self, type_id: ElementId) -> Vec<&str> {
        match &self.element(type_id).definition {
            Definition::Type(ExtendedType::Object(def)) => def.implements_interfaces.iter().map(|name| name.as_str()).collect(),
            Definition::Type(ExtendedType::Interface(def)) => def.implements_interfaces.iter().map(|name| name.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// A union's member types, in schema order.
    pub fn union_members(&self, type_id: ElementId) -> Vec<&str> {
        match &self.element(type_id).definition {
            Definition::Type(ExtendedType::Union(def)) => def.members.iter().map(|name| name.as_str()).collect(),
            _ => Vec::new(),
        }
    }

    /// Builds the description word index now rather than on the first search that needs it.
    pub fn prepare_description_search(&self) {
        self.descriptions();
    }

    pub(crate) fn descriptions(&self) -> &DescriptionIndex {
        self.descriptions.get_or_init(|| DescriptionIndex::build(&self.elements))
    }

    pub(crate) fn distances(&self) -> &[u32] {
        self.distances.get_or_init(|| self.distances_from_roots())
    }

    pub(crate) fn definition(&self, id: ElementId) -> &Definition {
        &self.element(id).definition
    }
}

/// How many elements [`SchemaIndex::new`] will make of `schema`, to allocate the table once.
fn count_elements(schema: &Schema) -> usize {
    let in_types: usize = schema
        .types
        .values()
        .map(|ty| match ty {
            ExtendedType::Object(def) => 1 + def.fields.values().map(|field| 1 + field.arguments.len()).sum::<usize>(),
            ExtendedType::Interface(def) => 1 + def.fields.values().map(|field| 1 + field.arguments.len()).sum::<usize>(),
            ExtendedType::InputObject(def) => 1 + def.fields.len(),
            ExtendedType::Enum(def) => 1 + def.values.len(),
            ExtendedType::Scalar(_) | ExtendedType::Union(_) => 1,
        })
        .sum();
    let in_directives: usize = schema.directive_definitions.values().map(|directive| 1 + directive.arguments.len()).sum();
    in_types + in_directives
}

/// `__Schema`, `__Type` and the other introspection types: described by the specification, the
/// same in every schema.
pub(crate) fn is_introspection_type(name: &str) -> bool {
    name.starts_with("__")
}

fn push(elements: &mut Vec<Element>, kind: ElementKind, definition: Definition, parent: Option<ElementId>) -> ElementId {
    let id = ElementId::at(elements.len());
    elements.push(Element { kind, definition, parent, children: 0..0, rank_class: 0, popularity: 0 });
    id
}

fn set_children(elements: &mut [Element], parent: ElementId, start: usize) {
    let end = elements.len();
    if let Some(element) = elements.get_mut(parent.index()) {
        element.children = ElementId::at(start).0..ElementId::at(end).0;
    }
}

/// The fields of a type, then each field's arguments (so that both are contiguous runs).
fn add_fields<'a>(elements: &mut Vec<Element>, type_id: ElementId, fields: impl Iterator<Item = &'a Node<FieldDefinition>>) {
    let first_field = elements.len();
    let fields: Vec<&Node<FieldDefinition>> = fields.collect();
    for field in &fields {
        push(elements, ElementKind::Field, Definition::Field((*field).clone()), Some(type_id));
    }
    set_children(elements, type_id, first_field);
    for (offset, field) in fields.iter().enumerate() {
        let field_id = ElementId::at(first_field + offset);
        let start = elements.len();
        for argument in &field.arguments {
            push(elements, ElementKind::Argument, Definition::InputValue(argument.clone()), Some(field_id));
        }
        set_children(elements, field_id, start);
    }
}

fn rank_elements(elements: &mut [Element], roots: &[Option<ElementId>; 3], references: &ReferenceTable) {
    // Parents come before their children in the table, so one pass in order sees each parent's
    // numbers already set.
    for position in 0..elements.len() {
        let id = ElementId::at(position);
        let parent = elements[position].parent;
        let parent_numbers = parent.and_then(|parent| elements.get(parent.index())).map(|parent| (parent.kind, parent.popularity));
        let (rank_class, popularity) = match elements[position].kind {
            kind if kind.is_type() => (0, saturating_u32(references.of(id).len())),
            ElementKind::Directive => (0, 0),
            ElementKind::Field if parent.is_some_and(|parent| roots.contains(&Some(parent))) => (0, u32::MAX),
            ElementKind::Field | ElementKind::EnumValue => (1, parent_numbers.map_or(0, |(_, popularity)| popularity)),
            _ => (2, parent_numbers.map_or(0, |(_, popularity)| popularity)),
        };
        elements[position].rank_class = rank_class;
        elements[position].popularity = popularity;
    }
}

pub(crate) fn saturating_u32(count: usize) -> u32 {
    u32::try_from(count).unwrap_or(u32::MAX)
}
