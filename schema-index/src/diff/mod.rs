//! The diff of two schemas: every change, with its kind, the coordinate of what changed and its
//! criticality, so that a person sees what a new schema does to their operations and a CI job can
//! fail on a breaking change.
//!
//! The rules are graphql-inspector's (`@graphql-inspector/core` 8, which covers graphql-js's
//! `findBreakingChanges` and `findDangerousChanges`): see [`ChangeKind`] for each kind's
//! criticality. Where this diff departs from graphql-inspector, on purpose:
//!
//! - what an added type, field, argument, enum value or directive contains is part of that one
//!   change: graphql-inspector also lists each field of a new type, each field's description...;
//! - `@deprecated` on a field or enum value is reported by the deprecation kinds only, not also as
//!   an applied directive and its `reason` argument;
//! - a new directive argument is breaking only when required (non-null without a default);
//! - un-deprecating an enum value whose reason was the default is a removed reason, not an added
//!   one.
//!
//! Built-in scalars, introspection types and the specified directives are never reported. Work is
//! linear in the size of the two schemas: members are matched through maps, not nested scans.

mod kinds;
mod values;

use std::collections::{HashMap, HashSet, VecDeque};

use apollo_compiler::ast::{self, Directive, FieldDefinition, InputValueDefinition, OperationType};
use apollo_compiler::coordinate::{
    DirectiveArgumentCoordinate, DirectiveCoordinate, FieldArgumentCoordinate, SchemaCoordinate, TypeAttributeCoordinate,
    TypeCoordinate,
};
use apollo_compiler::schema::{Component, DirectiveDefinition, ExtendedType};
use apollo_compiler::{Name, Node, Schema};

pub use kinds::{ChangeKind, Criticality};
use values::{defaults_equal, safe_input_change, safe_output_change};

/// How two schemas are compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffOptions {
    /// Compare the directives applied to schema elements beyond those an introspection response
    /// carries (`@deprecated`, `@specifiedBy`, `@oneOf`, always compared). Turn it off when either
    /// schema comes from an introspection response: it has no other applied directives, so every
    /// one the other schema has would show as added or removed.
    pub applied_directives: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        DiffOptions { applied_directives: true }
    }
}

/// One change from the old schema to the new.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub kind: ChangeKind,
    pub criticality: Criticality,
    /// What changed, as a schema coordinate: the type, field, argument, input field, enum value or
    /// directive (a union for its members, a type for its interfaces, the element a directive is
    /// applied to). `None` for the schema definition itself (its root types and directives).
    pub coordinate: Option<SchemaCoordinate>,
    /// A sentence for people, naming the old and new values where there are some.
    pub message: String,
}

/// Every change from `old` to `new`: directive definitions, then the root types, then types in
/// the old schema's order (types only in the new schema after), then the schema's own directives.
/// The same schema twice gives no change.
pub fn diff(old: &Schema, new: &Schema, options: &DiffOptions) -> Vec<Change> {
    let mut differ = Differ { options, changes: Vec::new() };
    differ.directive_definitions(old, new);
    differ.root_types(old, new);
    differ.types(old, new);
    differ.applied_directives(
        Usage::Schema,
        None,
        "the schema",
        old.schema_definition.directives.iter().map(|directive| &*directive.node),
        new.schema_definition.directives.iter().map(|directive| &*directive.node),
    );
    differ.changes
}

/// Names of the built-in scalars: never reported, a schema has them whether or not it says so.
const BUILT_IN_SCALARS: [&str; 5] = ["String", "Int", "Float", "Boolean", "ID"];
/// The directives the specification defines.
const SPECIFIED_DIRECTIVES: [&str; 5] = ["skip", "include", "deprecated", "specifiedBy", "oneOf"];
/// The applied directives an introspection response carries (as `isDeprecated`,
/// `specifiedByURL`, `isOneOf`): compared whatever [`DiffOptions::applied_directives`] says.
const INTROSPECTED_DIRECTIVES: [&str; 3] = ["deprecated", "specifiedBy", "oneOf"];
/// The reason `@deprecated` gives when it names none.
const DEFAULT_DEPRECATION_REASON: &str = "No longer supported";

fn is_reported_type(name: &str) -> bool {
    !BUILT_IN_SCALARS.contains(&name) && !crate::index::is_introspection_type(name)
}

struct Differ<'o> {
    options: &'o DiffOptions,
    changes: Vec<Change>,
}

/// Where a directive is applied, which picks the kinds of its changes.
#[derive(Debug, Clone, Copy)]
enum Usage {
    Schema,
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    EnumValue,
    InputObject,
    FieldDefinition,
    ArgumentDefinition,
    InputFieldDefinition,
}

impl Usage {
    fn kinds(self) -> (ChangeKind, ChangeKind) {
        use ChangeKind::*;
        match self {
            Usage::Schema => (DirectiveUsageSchemaAdded, DirectiveUsageSchemaRemoved),
            Usage::Scalar => (DirectiveUsageScalarAdded, DirectiveUsageScalarRemoved),
            Usage::Object => (DirectiveUsageObjectAdded, DirectiveUsageObjectRemoved),
            Usage::Interface => (DirectiveUsageInterfaceAdded, DirectiveUsageInterfaceRemoved),
            Usage::Union => (DirectiveUsageUnionMemberAdded, DirectiveUsageUnionMemberRemoved),
            Usage::Enum => (DirectiveUsageEnumAdded, DirectiveUsageEnumRemoved),
            Usage::EnumValue => (DirectiveUsageEnumValueAdded, DirectiveUsageEnumValueRemoved),
            Usage::InputObject => (DirectiveUsageInputObjectAdded, DirectiveUsageInputObjectRemoved),
            Usage::FieldDefinition => (DirectiveUsageFieldDefinitionAdded, DirectiveUsageFieldDefinitionRemoved),
            Usage::ArgumentDefinition => (DirectiveUsageArgumentDefinitionAdded, DirectiveUsageArgumentDefinitionRemoved),
            Usage::InputFieldDefinition => (DirectiveUsageInputFieldDefinitionAdded, DirectiveUsageInputFieldDefinitionRemoved),
        }
    }
}

impl Differ<'_> {
    fn add(&mut self, kind: ChangeKind, criticality: Criticality, coordinate: Option<SchemaCoordinate>, message: String) {
        self.changes.push(Change { kind, criticality, coordinate, message });
    }

    // -----------------------------------------------------------------------------------------
    // Directive definitions

    fn directive_definitions(&mut self, old: &Schema, new: &Schema) {
        let reported = |name: &Name| !SPECIFIED_DIRECTIVES.contains(&name.as_str());
        for (name, old_directive) in old.directive_definitions.iter().filter(|(name, _)| reported(name)) {
            match new.directive_definitions.get(name) {
                None => self.add(
                    ChangeKind::DirectiveRemoved,
                    Criticality::Breaking,
                    directive_coordinate(name),
                    format!("Directive '@{name}' was removed"),
                ),
                Some(new_directive) => self.directive_definition(old_directive, new_directive),
            }
        }
        for name in new.directive_definitions.keys().filter(|name| reported(name)) {
            if !old.directive_definitions.contains_key(name) {
                self.add(ChangeKind::DirectiveAdded, Criticality::NonBreaking, directive_coordinate(name), format!("Directive '@{name}' was added"));
            }
        }
    }

    fn directive_definition(&mut self, old: &DirectiveDefinition, new: &DirectiveDefinition) {
        let name = &new.name;
        let coordinate = || directive_coordinate(name);
        if let Some(message) = description_message(&format!("directive '@{name}'"), text(&old.description), text(&new.description)) {
            self.add(ChangeKind::DirectiveDescriptionChanged, Criticality::NonBreaking, coordinate(), message);
        }
        if old.repeatable && !new.repeatable {
            self.add(ChangeKind::DirectiveRepeatableRemoved, Criticality::Dangerous, coordinate(), format!("Directive '@{name}' is no longer repeatable"));
        }
        if !old.repeatable && new.repeatable {
            self.add(ChangeKind::DirectiveRepeatableAdded, Criticality::NonBreaking, coordinate(), format!("Directive '@{name}' became repeatable"));
        }
        let old_locations: HashSet<_> = old.locations.iter().collect();
        let new_locations: HashSet<_> = new.locations.iter().collect();
        for location in new.locations.iter().filter(|location| !old_locations.contains(location)) {
            self.add(ChangeKind::DirectiveLocationAdded, Criticality::NonBreaking, coordinate(), format!("Location '{location}' was added to directive '@{name}'"));
        }
        for location in old.locations.iter().filter(|location| !new_locations.contains(location)) {
            self.add(ChangeKind::DirectiveLocationRemoved, Criticality::Breaking, coordinate(), format!("Location '{location}' was removed from directive '@{name}'"));
        }
        let paired = pair_by_name(&old.arguments, &new.arguments);
        for argument in paired.removed {
            self.add(
                ChangeKind::DirectiveArgumentRemoved,
                Criticality::Breaking,
                directive_argument_coordinate(name, &argument.name),
                format!("Argument '{}' was removed from directive '@{name}'", argument.name),
            );
        }
        for argument in paired.added {
            let criticality = if is_required(argument) { Criticality::Breaking } else { Criticality::NonBreaking };
            self.add(
                ChangeKind::DirectiveArgumentAdded,
                criticality,
                directive_argument_coordinate(name, &argument.name),
                format!("Argument '{}: {}' was added to directive '@{name}'", argument.name, argument.ty),
            );
        }
        for (old_argument, new_argument) in paired.mutual {
            let coordinate = || directive_argument_coordinate(name, &new_argument.name);
            let what = format!("argument '{}' of directive '@{name}'", new_argument.name);
            if let Some(message) = description_message(&what, text(&old_argument.description), text(&new_argument.description)) {
                self.add(ChangeKind::DirectiveArgumentDescriptionChanged, Criticality::NonBreaking, coordinate(), message);
            }
            if !defaults_equal(old_argument.default_value.as_deref(), new_argument.default_value.as_deref()) {
                self.add(ChangeKind::DirectiveArgumentDefaultValueChanged, Criticality::Dangerous, coordinate(), default_message(&what, old_argument, new_argument));
            }
            if old_argument.ty != new_argument.ty {
                let criticality = if safe_input_change(&old_argument.ty, &new_argument.ty) { Criticality::NonBreaking } else { Criticality::Breaking };
                self.add(
                    ChangeKind::DirectiveArgumentTypeChanged,
                    criticality,
                    coordinate(),
                    format!("Type of {what} changed from '{}' to '{}'", old_argument.ty, new_argument.ty),
                );
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // The schema definition

    fn root_types(&mut self, old: &Schema, new: &Schema) {
        let roots = [
            (OperationType::Query, ChangeKind::SchemaQueryTypeChanged, "query"),
            (OperationType::Mutation, ChangeKind::SchemaMutationTypeChanged, "mutation"),
            (OperationType::Subscription, ChangeKind::SchemaSubscriptionTypeChanged, "subscription"),
        ];
        for (operation, kind, role) in roots {
            let old_root = old.root_operation(operation).map(|name| name.as_str());
            let new_root = new.root_operation(operation).map(|name| name.as_str());
            if old_root != new_root {
                let criticality = if old_root.is_some() { Criticality::Breaking } else { Criticality::NonBreaking };
                let message = format!(
                    "Schema {role} root type changed from '{}' to '{}'",
                    old_root.unwrap_or("(none)"),
                    new_root.unwrap_or("(none)")
                );
                self.add(kind, criticality, None, message);
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Types

    fn types(&mut self, old: &Schema, new: &Schema) {
        for (name, old_type) in old.types.iter().filter(|(name, _)| is_reported_type(name)) {
            match new.types.get(name) {
                None => self.add(
                    ChangeKind::TypeRemoved,
                    Criticality::Breaking,
                    type_coordinate(name),
                    format!("Type '{name}' ({}) was removed", kind_name(old_type)),
                ),
                Some(new_type) => self.type_changes(name, old_type, new_type),
            }
        }
        for (name, new_type) in new.types.iter().filter(|(name, _)| is_reported_type(name)) {
            if !old.types.contains_key(name) {
                self.add(
                    ChangeKind::TypeAdded,
                    Criticality::NonBreaking,
                    type_coordinate(name),
                    format!("Type '{name}' ({}) was added", kind_name(new_type)),
                );
            }
        }
    }

    fn type_changes(&mut self, name: &Name, old: &ExtendedType, new: &ExtendedType) {
        let old_directives = old.directives().iter().map(|directive| &*directive.node);
        let new_directives = new.directives().iter().map(|directive| &*directive.node);
        let what = format!("{} '{name}'", kind_name(new));
        match (old, new) {
            (ExtendedType::Object(old_object), ExtendedType::Object(new_object)) => {
                self.interfaces(name, &old_object.implements_interfaces, &new_object.implements_interfaces);
                self.fields(name, &old_object.fields, &new_object.fields);
                self.applied_directives(Usage::Object, type_coordinate(name), &what, old_directives, new_directives);
            }
            (ExtendedType::Interface(old_interface), ExtendedType::Interface(new_interface)) => {
                self.interfaces(name, &old_interface.implements_interfaces, &new_interface.implements_interfaces);
                self.fields(name, &old_interface.fields, &new_interface.fields);
                self.applied_directives(Usage::Interface, type_coordinate(name), &what, old_directives, new_directives);
            }
            (ExtendedType::Union(old_union), ExtendedType::Union(new_union)) => {
                for member in old_union.members.iter().filter(|member| !new_union.members.contains(*member)) {
                    self.add(
                        ChangeKind::UnionMemberRemoved,
                        Criticality::Breaking,
                        type_coordinate(name),
                        format!("Member '{}' was removed from union '{name}'", member.name),
                    );
                }
                for member in new_union.members.iter().filter(|member| !old_union.members.contains(*member)) {
                    self.add(
                        ChangeKind::UnionMemberAdded,
                        Criticality::Dangerous,
                        type_coordinate(name),
                        format!("Member '{}' was added to union '{name}'", member.name),
                    );
                }
                self.applied_directives(Usage::Union, type_coordinate(name), &what, old_directives, new_directives);
            }
            (ExtendedType::Enum(old_enum), ExtendedType::Enum(new_enum)) => {
                self.enum_values(name, &old_enum.values, &new_enum.values);
                self.applied_directives(Usage::Enum, type_coordinate(name), &what, old_directives, new_directives);
            }
            (ExtendedType::InputObject(old_input), ExtendedType::InputObject(new_input)) => {
                self.input_fields(name, &old_input.fields, &new_input.fields);
                self.applied_directives(Usage::InputObject, type_coordinate(name), &what, old_directives, new_directives);
            }
            (ExtendedType::Scalar(_), ExtendedType::Scalar(_)) => {
                self.applied_directives(Usage::Scalar, type_coordinate(name), &what, old_directives, new_directives);
            }
            _ => self.add(
                ChangeKind::TypeKindChanged,
                Criticality::Breaking,
                type_coordinate(name),
                format!("Type '{name}' changed from {} to {}", kind_name(old), kind_name(new)),
            ),
        }
        let (old_description, new_description) = (text_of(old.description()), text_of(new.description()));
        if old_description != new_description {
            let (kind, message) = match (old_description, new_description) {
                (None, Some(added)) => (ChangeKind::TypeDescriptionAdded, format!("Type '{name}' has description '{}'", short(added))),
                (Some(_), None) => (ChangeKind::TypeDescriptionRemoved, format!("Description was removed from type '{name}'")),
                (old, new) => (
                    ChangeKind::TypeDescriptionChanged,
                    format!("Description of type '{name}' changed from '{}' to '{}'", short(old.unwrap_or_default()), short(new.unwrap_or_default())),
                ),
            };
            self.add(kind, Criticality::NonBreaking, type_coordinate(name), message);
        }
    }

    fn interfaces(&mut self, name: &Name, old: &apollo_compiler::collections::IndexSet<apollo_compiler::schema::ComponentName>, new: &apollo_compiler::collections::IndexSet<apollo_compiler::schema::ComponentName>) {
        for interface in new.iter().filter(|interface| !old.contains(*interface)) {
            self.add(
                ChangeKind::ObjectTypeInterfaceAdded,
                Criticality::Dangerous,
                type_coordinate(name),
                format!("'{name}' now implements interface '{}'", interface.name),
            );
        }
        for interface in old.iter().filter(|interface| !new.contains(*interface)) {
            self.add(
                ChangeKind::ObjectTypeInterfaceRemoved,
                Criticality::Breaking,
                type_coordinate(name),
                format!("'{name}' no longer implements interface '{}'", interface.name),
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // Fields and arguments

    fn fields(
        &mut self,
        type_name: &Name,
        old: &apollo_compiler::collections::IndexMap<Name, Component<FieldDefinition>>,
        new: &apollo_compiler::collections::IndexMap<Name, Component<FieldDefinition>>,
    ) {
        for (name, old_field) in old {
            match new.get(name) {
                None => {
                    let deprecated = if deprecation(&old_field.directives).is_some() { " (deprecated)" } else { "" };
                    self.add(
                        ChangeKind::FieldRemoved,
                        Criticality::Breaking,
                        member_coordinate(type_name, name),
                        format!("Field '{type_name}.{name}'{deprecated} was removed"),
                    );
                }
                Some(new_field) => self.field(type_name, old_field, new_field),
            }
        }
        for (name, new_field) in new {
            if !old.contains_key(name) {
                self.add(
                    ChangeKind::FieldAdded,
                    Criticality::NonBreaking,
                    member_coordinate(type_name, name),
                    format!("Field '{type_name}.{name}: {}' was added", new_field.ty),
                );
            }
        }
    }

    fn field(&mut self, type_name: &Name, old: &FieldDefinition, new: &FieldDefinition) {
        let name = &new.name;
        let coordinate = || member_coordinate(type_name, name);
        let (old_description, new_description) = (text(&old.description), text(&new.description));
        if old_description != new_description {
            let (kind, message) = match (old_description, new_description) {
                (None, Some(added)) => (ChangeKind::FieldDescriptionAdded, format!("Field '{type_name}.{name}' has description '{}'", short(added))),
                (Some(_), None) => (ChangeKind::FieldDescriptionRemoved, format!("Description was removed from field '{type_name}.{name}'")),
                (old, new) => (
                    ChangeKind::FieldDescriptionChanged,
                    format!(
                        "Description of field '{type_name}.{name}' changed from '{}' to '{}'",
                        short(old.unwrap_or_default()),
                        short(new.unwrap_or_default())
                    ),
                ),
            };
            self.add(kind, Criticality::NonBreaking, coordinate(), message);
        }
        match (deprecation(&old.directives), deprecation(&new.directives)) {
            (None, Some(reason)) => self.add(
                ChangeKind::FieldDeprecationAdded,
                Criticality::NonBreaking,
                coordinate(),
                format!("Field '{type_name}.{name}' is deprecated: '{}'", short(reason)),
            ),
            (Some(_), None) => self.add(
                ChangeKind::FieldDeprecationRemoved,
                Criticality::NonBreaking,
                coordinate(),
                format!("Field '{type_name}.{name}' is no longer deprecated"),
            ),
            (Some(old_reason), Some(new_reason)) if old_reason != new_reason => {
                let kind = if old_reason == DEFAULT_DEPRECATION_REASON {
                    ChangeKind::FieldDeprecationReasonAdded
                } else if new_reason == DEFAULT_DEPRECATION_REASON {
                    ChangeKind::FieldDeprecationReasonRemoved
                } else {
                    ChangeKind::FieldDeprecationReasonChanged
                };
                let message = format!(
                    "Deprecation reason of field '{type_name}.{name}' changed from '{}' to '{}'",
                    short(old_reason),
                    short(new_reason)
                );
                self.add(kind, Criticality::NonBreaking, coordinate(), message);
            }
            _ => {}
        }
        if old.ty != new.ty {
            let criticality = if safe_output_change(&old.ty, &new.ty) { Criticality::NonBreaking } else { Criticality::Breaking };
            self.add(
                ChangeKind::FieldTypeChanged,
                criticality,
                coordinate(),
                format!("Field '{type_name}.{name}' changed type from '{}' to '{}'", old.ty, new.ty),
            );
        }
        let paired = pair_by_name(&old.arguments, &new.arguments);
        for argument in paired.removed {
            self.add(
                ChangeKind::FieldArgumentRemoved,
                Criticality::Breaking,
                argument_coordinate(type_name, name, &argument.name),
                format!("Argument '{}: {}' was removed from field '{type_name}.{name}'", argument.name, argument.ty),
            );
        }
        for argument in paired.added {
            let criticality = if is_required(argument) { Criticality::Breaking } else { Criticality::Dangerous };
            let default = if argument.default_value.is_some() { " (with a default value)" } else { "" };
            self.add(
                ChangeKind::FieldArgumentAdded,
                criticality,
                argument_coordinate(type_name, name, &argument.name),
                format!("Argument '{}: {}'{default} was added to field '{type_name}.{name}'", argument.name, argument.ty),
            );
        }
        for (old_argument, new_argument) in paired.mutual {
            self.argument(type_name, name, old_argument, new_argument);
        }
        self.applied_directives(
            Usage::FieldDefinition,
            coordinate(),
            &format!("field '{type_name}.{name}'"),
            old.directives.iter().map(|directive| &**directive).filter(|directive| directive.name != "deprecated"),
            new.directives.iter().map(|directive| &**directive).filter(|directive| directive.name != "deprecated"),
        );
    }

    fn argument(&mut self, type_name: &Name, field_name: &Name, old: &InputValueDefinition, new: &InputValueDefinition) {
        let name = &new.name;
        let coordinate = || argument_coordinate(type_name, field_name, name);
        let what = format!("argument '{name}' of field '{type_name}.{field_name}'");
        if let Some(message) = description_message(&what, text(&old.description), text(&new.description)) {
            self.add(ChangeKind::FieldArgumentDescriptionChanged, Criticality::NonBreaking, coordinate(), message);
        }
        if !defaults_equal(old.default_value.as_deref(), new.default_value.as_deref()) {
            self.add(ChangeKind::FieldArgumentDefaultChanged, Criticality::Dangerous, coordinate(), default_message(&what, old, new));
        }
        if old.ty != new.ty {
            let criticality = if safe_input_change(&old.ty, &new.ty) { Criticality::NonBreaking } else { Criticality::Breaking };
            self.add(
                ChangeKind::FieldArgumentTypeChanged,
                criticality,
                coordinate(),
                format!("Type of {what} changed from '{}' to '{}'", old.ty, new.ty),
            );
        }
        self.applied_directives(
            Usage::ArgumentDefinition,
            coordinate(),
            &what,
            old.directives.iter().map(|directive| &**directive),
            new.directives.iter().map(|directive| &**directive),
        );
    }

    // -----------------------------------------------------------------------------------------
    // Input fields and enum values

    fn input_fields(
        &mut self,
        type_name: &Name,
        old: &apollo_compiler::collections::IndexMap<Name, Component<InputValueDefinition>>,
        new: &apollo_compiler::collections::IndexMap<Name, Component<InputValueDefinition>>,
    ) {
        for (name, old_field) in old {
            let Some(new_field) = new.get(name) else {
                self.add(
                    ChangeKind::InputFieldRemoved,
                    Criticality::Breaking,
                    member_coordinate(type_name, name),
                    format!("Input field '{type_name}.{name}' was removed"),
                );
                continue;
            };
            let coordinate = || member_coordinate(type_name, name);
            let (old_description, new_description) = (text(&old_field.description), text(&new_field.description));
            if old_description != new_description {
                let (kind, message) = match (old_description, new_description) {
                    (None, Some(added)) => {
                        (ChangeKind::InputFieldDescriptionAdded, format!("Input field '{type_name}.{name}' has description '{}'", short(added)))
                    }
                    (Some(_), None) => (ChangeKind::InputFieldDescriptionRemoved, format!("Description was removed from input field '{type_name}.{name}'")),
                    (old, new) => (
                        ChangeKind::InputFieldDescriptionChanged,
                        format!(
                            "Description of input field '{type_name}.{name}' changed from '{}' to '{}'",
                            short(old.unwrap_or_default()),
                            short(new.unwrap_or_default())
                        ),
                    ),
                };
                self.add(kind, Criticality::NonBreaking, coordinate(), message);
            }
            let what = format!("input field '{type_name}.{name}'");
            if !defaults_equal(old_field.default_value.as_deref(), new_field.default_value.as_deref()) {
                self.add(ChangeKind::InputFieldDefaultValueChanged, Criticality::Dangerous, coordinate(), default_message(&what, old_field, new_field));
            }
            if old_field.ty != new_field.ty {
                let criticality = if safe_input_change(&old_field.ty, &new_field.ty) { Criticality::NonBreaking } else { Criticality::Breaking };
                self.add(
                    ChangeKind::InputFieldTypeChanged,
                    criticality,
                    coordinate(),
                    format!("Input field '{type_name}.{name}' changed type from '{}' to '{}'", old_field.ty, new_field.ty),
                );
            }
            self.applied_directives(
                Usage::InputFieldDefinition,
                coordinate(),
                &what,
                old_field.directives.iter().map(|directive| &**directive),
                new_field.directives.iter().map(|directive| &**directive),
            );
        }
        for (name, new_field) in new {
            if old.contains_key(name) {
                continue;
            }
            let criticality = match (new_field.ty.is_non_null(), new_field.default_value.is_some()) {
                (_, true) => Criticality::Dangerous,
                (false, false) => Criticality::NonBreaking,
                (true, false) => Criticality::Breaking,
            };
            let default = match &new_field.default_value {
                Some(value) => format!(" with default value '{value}'"),
                None => String::new(),
            };
            self.add(
                ChangeKind::InputFieldAdded,
                criticality,
                member_coordinate(type_name, name),
                format!("Input field '{type_name}.{name}: {}'{default} was added", new_field.ty),
            );
        }
    }

    fn enum_values(
        &mut self,
        type_name: &Name,
        old: &apollo_compiler::collections::IndexMap<Name, Component<ast::EnumValueDefinition>>,
        new: &apollo_compiler::collections::IndexMap<Name, Component<ast::EnumValueDefinition>>,
    ) {
        for (name, old_value) in old {
            let Some(new_value) = new.get(name) else {
                self.add(
                    ChangeKind::EnumValueRemoved,
                    Criticality::Breaking,
                    member_coordinate(type_name, name),
                    format!("Enum value '{type_name}.{name}' was removed"),
                );
                continue;
            };
            let coordinate = || member_coordinate(type_name, name);
            let what = format!("enum value '{type_name}.{name}'");
            if let Some(message) = description_message(&what, text(&old_value.description), text(&new_value.description)) {
                self.add(ChangeKind::EnumValueDescriptionChanged, Criticality::NonBreaking, coordinate(), message);
            }
            let (old_reason, new_reason) = (deprecation(&old_value.directives), deprecation(&new_value.directives));
            if old_reason != new_reason {
                let kind = match (old_reason, new_reason) {
                    (None, _) => ChangeKind::EnumValueDeprecationReasonAdded,
                    (_, None) => ChangeKind::EnumValueDeprecationReasonRemoved,
                    (Some(DEFAULT_DEPRECATION_REASON), _) => ChangeKind::EnumValueDeprecationReasonAdded,
                    (_, Some(DEFAULT_DEPRECATION_REASON)) => ChangeKind::EnumValueDeprecationReasonRemoved,
                    _ => ChangeKind::EnumValueDeprecationReasonChanged,
                };
                let message = match (old_reason, new_reason) {
                    (None, Some(reason)) => format!("Enum value '{type_name}.{name}' is deprecated: '{}'", short(reason)),
                    (Some(_), None) => format!("Enum value '{type_name}.{name}' is no longer deprecated"),
                    (old, new) => format!(
                        "Deprecation reason of enum value '{type_name}.{name}' changed from '{}' to '{}'",
                        short(old.unwrap_or_default()),
                        short(new.unwrap_or_default())
                    ),
                };
                self.add(kind, Criticality::NonBreaking, coordinate(), message);
            }
            self.applied_directives(
                Usage::EnumValue,
                coordinate(),
                &what,
                old_value.directives.iter().map(|directive| &**directive).filter(|directive| directive.name != "deprecated"),
                new_value.directives.iter().map(|directive| &**directive).filter(|directive| directive.name != "deprecated"),
            );
        }
        for name in new.keys() {
            if !old.contains_key(name) {
                self.add(
                    ChangeKind::EnumValueAdded,
                    Criticality::Dangerous,
                    member_coordinate(type_name, name),
                    format!("Enum value '{type_name}.{name}' was added"),
                );
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Applied directives

    /// The directives applied to one element: the n-th use of a directive in the old list pairs
    /// with its n-th use in the new one; a pair is compared by its arguments' names.
    fn applied_directives<'d>(
        &mut self,
        usage: Usage,
        coordinate: Option<SchemaCoordinate>,
        what: &str,
        old: impl Iterator<Item = &'d Directive>,
        new: impl Iterator<Item = &'d Directive>,
    ) {
        let compared = |directive: &&Directive| {
            self.options.applied_directives || INTROSPECTED_DIRECTIVES.contains(&directive.name.as_str())
        };
        let old: Vec<&Directive> = old.filter(compared).collect();
        let new: Vec<&Directive> = new.filter(compared).collect();
        if old.is_empty() && new.is_empty() {
            return;
        }
        let mut unpaired_new: HashMap<&str, VecDeque<usize>> = HashMap::new();
        for (position, directive) in new.iter().enumerate() {
            unpaired_new.entry(directive.name.as_str()).or_default().push_back(position);
        }
        let mut paired_new = vec![false; new.len()];
        let (added_kind, removed_kind) = usage.kinds();
        for old_directive in &old {
            let name = old_directive.name.as_str();
            let Some(position) = unpaired_new.get_mut(name).and_then(VecDeque::pop_front) else {
                let criticality = if matches!(name, "deprecated" | "oneOf") { Criticality::NonBreaking } else { Criticality::Dangerous };
                self.add(removed_kind, criticality, coordinate.clone(), format!("Directive '@{name}' was removed from {what}"));
                continue;
            };
            paired_new[position] = true;
            if name == "deprecated" {
                // Its reason is what the deprecation kinds compare.
                continue;
            }
            let new_directive = new[position];
            let old_arguments: HashSet<&str> = old_directive.arguments.iter().map(|argument| argument.name.as_str()).collect();
            let new_arguments: HashSet<&str> = new_directive.arguments.iter().map(|argument| argument.name.as_str()).collect();
            for argument in new_directive.arguments.iter().filter(|argument| !old_arguments.contains(argument.name.as_str())) {
                self.add(
                    ChangeKind::DirectiveUsageArgumentAdded,
                    Criticality::NonBreaking,
                    coordinate.clone(),
                    format!("Argument '{}' was added to '@{name}' on {what}", argument.name),
                );
            }
            for argument in old_directive.arguments.iter().filter(|argument| !new_arguments.contains(argument.name.as_str())) {
                self.add(
                    ChangeKind::DirectiveUsageArgumentRemoved,
                    Criticality::Dangerous,
                    coordinate.clone(),
                    format!("Argument '{}' was removed from '@{name}' on {what}", argument.name),
                );
            }
        }
        for (position, new_directive) in new.iter().enumerate() {
            if paired_new[position] {
                continue;
            }
            let name = new_directive.name.as_str();
            let criticality = match name {
                "deprecated" => Criticality::NonBreaking,
                "oneOf" => Criticality::Breaking,
                _ => Criticality::Dangerous,
            };
            self.add(added_kind, criticality, coordinate.clone(), format!("Directive '@{name}' was added to {what}"));
        }
    }
}

/// Arguments (a list, not a map) matched by name: removed, pairs and added, each in list order.
struct Paired<'a> {
    removed: Vec<&'a InputValueDefinition>,
    mutual: Vec<(&'a InputValueDefinition, &'a InputValueDefinition)>,
    added: Vec<&'a InputValueDefinition>,
}

fn pair_by_name<'a>(old: &'a [Node<InputValueDefinition>], new: &'a [Node<InputValueDefinition>]) -> Paired<'a> {
    let new_by_name: HashMap<&str, &InputValueDefinition> = new.iter().map(|argument| (argument.name.as_str(), &**argument)).collect();
    let old_names: HashSet<&str> = old.iter().map(|argument| argument.name.as_str()).collect();
    let mut paired = Paired { removed: Vec::new(), mutual: Vec::new(), added: Vec::new() };
    for argument in old {
        match new_by_name.get(argument.name.as_str()) {
            Some(new_argument) => paired.mutual.push((argument, new_argument)),
            None => paired.removed.push(argument),
        }
    }
    paired.added = new.iter().filter(|argument| !old_names.contains(argument.name.as_str())).map(|argument| &**argument).collect();
    paired
}

/// Non-null without a default: every operation must give it.
fn is_required(argument: &InputValueDefinition) -> bool {
    argument.ty.is_non_null() && argument.default_value.is_none()
}

/// The deprecation reason of a deprecated element (the default when `@deprecated` names none).
fn deprecation(directives: &ast::DirectiveList) -> Option<&str> {
    let directive = directives.get("deprecated")?;
    Some(directive.specified_argument_by_name("reason").and_then(|reason| reason.as_str()).unwrap_or(DEFAULT_DEPRECATION_REASON))
}

/// A description, where an empty one is none (graphql-inspector compares them so too).
fn text(description: &Option<Node<str>>) -> Option<&str> {
    text_of(description.as_ref())
}

fn text_of(description: Option<&Node<str>>) -> Option<&str> {
    description.map(|text| &**text).filter(|text| !text.is_empty())
}

/// The message of a description change of `what` ("argument 'first' of field 'Query.a'"), or
/// `None` when nothing changed.
fn description_message(what: &str, old: Option<&str>, new: Option<&str>) -> Option<String> {
    match (old, new) {
        (old, new) if old == new => None,
        (None, Some(added)) => Some(format!("Description '{}' was added to {what}", short(added))),
        (Some(_), None) => Some(format!("Description was removed from {what}")),
        (old, new) => Some(format!(
            "Description of {what} changed from '{}' to '{}'",
            short(old.unwrap_or_default()),
            short(new.unwrap_or_default())
        )),
    }
}

fn default_message(what: &str, old: &InputValueDefinition, new: &InputValueDefinition) -> String {
    let show = |value: &Option<Node<ast::Value>>| value.as_ref().map_or_else(|| "(none)".to_owned(), |value| value.to_string());
    format!("Default value of {what} changed from '{}' to '{}'", show(&old.default_value), show(&new.default_value))
}

/// A description in a one-line message: its first line, at most 80 characters.
fn short(text: &str) -> String {
    let line = text.trim().lines().next().unwrap_or_default();
    let mut shown: String = line.chars().take(80).collect();
    if shown.len() < line.len() || text.trim().lines().nth(1).is_some() {
        shown.push('…');
    }
    shown
}

fn kind_name(ty: &ExtendedType) -> &'static str {
    match ty {
        ExtendedType::Scalar(_) => "scalar",
        ExtendedType::Object(_) => "object type",
        ExtendedType::Interface(_) => "interface",
        ExtendedType::Union(_) => "union",
        ExtendedType::Enum(_) => "enum",
        ExtendedType::InputObject(_) => "input object type",
    }
}

fn type_coordinate(name: &Name) -> Option<SchemaCoordinate> {
    Some(SchemaCoordinate::Type(TypeCoordinate { ty: name.clone() }))
}

fn member_coordinate(ty: &Name, member: &Name) -> Option<SchemaCoordinate> {
    Some(SchemaCoordinate::TypeAttribute(TypeAttributeCoordinate { ty: ty.clone(), attribute: member.clone() }))
}

fn argument_coordinate(ty: &Name, field: &Name, argument: &Name) -> Option<SchemaCoordinate> {
    Some(SchemaCoordinate::FieldArgument(FieldArgumentCoordinate { ty: ty.clone(), field: field.clone(), argument: argument.clone() }))
}

fn directive_coordinate(directive: &Name) -> Option<SchemaCoordinate> {
    Some(SchemaCoordinate::Directive(DirectiveCoordinate { directive: directive.clone() }))
}

fn directive_argument_coordinate(directive: &Name, argument: &Name) -> Option<SchemaCoordinate> {
    Some(SchemaCoordinate::DirectiveArgument(DirectiveArgumentCoordinate { directive: directive.clone(), argument: argument.clone() }))
}
