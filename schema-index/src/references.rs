//! "Where is this type used": every place a type is named, with how it is used there.
//!
//! Built with the index as one table grouped by the type used (a counting sort, no per-type
//! allocation), because search ranks members of much-used types first and paths walk the same
//! table backwards from a type to the fields that return it.

use std::collections::HashMap;

use apollo_compiler::Name;
use apollo_compiler::schema::ExtendedType;
use serde::Serialize;

use crate::index::{Definition, Element, ElementId, ElementKind, SchemaIndex};

/// How a type is used by the element that refers to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Relation {
    /// A field returns it (named inside any lists and non-nulls).
    Field,
    /// A field's argument takes it.
    Argument,
    /// An input object's field takes it.
    InputField,
    /// A directive's argument takes it.
    DirectiveArgument,
    /// A union has it as a member; the referring element is the union.
    UnionMember,
    /// An object or interface type implements it (an interface); the referring element is the
    /// implementing type.
    Implementation,
}

impl Relation {
    pub fn as_str(self) -> &'static str {
        match self {
            Relation::Field => "field",
            Relation::Argument => "argument",
            Relation::InputField => "inputField",
            Relation::DirectiveArgument => "directiveArgument",
            Relation::UnionMember => "unionMember",
            Relation::Implementation => "implementation",
        }
    }
}

/// Every relation, in the order references are listed.
const RELATIONS: [Relation; 6] = [
    Relation::Field,
    Relation::Argument,
    Relation::InputField,
    Relation::DirectiveArgument,
    Relation::UnionMember,
    Relation::Implementation,
];

/// One place a type is used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reference {
    /// The field, argument, input field, directive argument, union or implementing type.
    pub element: ElementId,
    pub relation: Relation,
}

/// Every reference, grouped by the type referred to: the references to type `t` are
/// `entries[offsets[t]..offsets[t + 1]]`, ordered by relation, then by schema order.
#[derive(Debug, Default)]
pub(crate) struct ReferenceTable {
    offsets: Vec<u32>,
    entries: Vec<Reference>,
}

impl ReferenceTable {
    pub(crate) fn build(elements: &[Element], types_by_name: &HashMap<Name, ElementId>) -> ReferenceTable {
        // (type used, reference), ordered by relation, then in schema order: one pass over the
        // elements per relation, so that the counting sort below (stable) keeps that order within
        // each type without sorting every group.
        let mut found: Vec<(ElementId, Reference)> = Vec::with_capacity(elements.len());
        for relation in RELATIONS {
            for (position, element) in elements.iter().enumerate() {
                let id = ElementId::at(position);
                let mut add = |name: &str| {
                    if let Some(target) = types_by_name.get(name) {
                        found.push((*target, Reference { element: id, relation }));
                    }
                };
                match (relation, element.kind, &element.definition) {
                    (Relation::Field, _, Definition::Field(def)) => add(def.ty.inner_named_type()),
                    (Relation::Argument, ElementKind::Argument, Definition::InputValue(def))
                    | (Relation::InputField, ElementKind::InputField, Definition::InputValue(def))
                    | (Relation::DirectiveArgument, ElementKind::DirectiveArgument, Definition::InputValue(def)) => {
                        add(def.ty.inner_named_type())
                    }
                    (Relation::UnionMember, _, Definition::Type(ExtendedType::Union(def))) => {
                        def.members.iter().for_each(|member| add(member))
                    }
                    (Relation::Implementation, _, Definition::Type(ExtendedType::Object(def))) => {
                        def.implements_interfaces.iter().for_each(|interface| add(interface))
                    }
                    (Relation::Implementation, _, Definition::Type(ExtendedType::Interface(def))) => {
                        def.implements_interfaces.iter().for_each(|interface| add(interface))
                    }
                    _ => {}
                }
            }
        }
        // A counting sort by the type used.
        let mut offsets = vec![0u32; elements.len() + 1];
        for (target, _) in &found {
            offsets[target.index() + 1] += 1;
        }
        for position in 1..offsets.len() {
            offsets[position] += offsets[position - 1];
        }
        let mut next = offsets.clone();
        let placeholder = Reference { element: ElementId::at(0), relation: Relation::Field };
        let mut entries = vec![placeholder; found.len()];
        for (target, reference) in found {
            let slot = &mut next[target.index()];
            entries[*slot as usize] = reference;
            *slot += 1;
        }
        ReferenceTable { offsets, entries }
    }

    /// The references to `target`: empty for anything but a type.
    pub(crate) fn of(&self, target: ElementId) -> &[Reference] {
        let (Some(start), Some(end)) = (self.offsets.get(target.index()), self.offsets.get(target.index() + 1)) else {
            return &[];
        };
        self.entries.get(*start as usize..*end as usize).unwrap_or(&[])
    }
}

impl SchemaIndex {
    /// Every place the type `type_id` is used: fields returning it, arguments and input fields
    /// taking it, directive arguments, unions containing it and (for an interface) the types
    /// implementing it. Ordered by relation in that order, then by schema order.
    pub fn references(&self, type_id: ElementId) -> &[Reference] {
        self.references.of(type_id)
    }
}
