//! The kinds of change and their criticality, named as graphql-inspector names them so that its
//! users and its reports read the same; the criticality of each is graphql-inspector's rule
//! (`@graphql-inspector/core` 8), written next to the kind, with the few departures said there.

use serde::Serialize;

/// How a change affects the clients of a schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Criticality {
    /// Existing operations may stop validating or working.
    Breaking,
    /// Existing operations still validate, but may see values or behaviour they were not written
    /// for (a new enum value, a changed default).
    Dangerous,
    /// Nothing an existing client does changes.
    NonBreaking,
}

impl Criticality {
    pub fn as_str(self) -> &'static str {
        match self {
            Criticality::Breaking => "BREAKING",
            Criticality::Dangerous => "DANGEROUS",
            Criticality::NonBreaking => "NON_BREAKING",
        }
    }
}

macro_rules! change_kinds {
    ($($(#[$doc:meta])* $variant:ident => $name:literal,)*) => {
        /// What changed. Each kind's documentation gives its criticality.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ChangeKind {
            $($(#[$doc])* $variant,)*
        }

        impl ChangeKind {
            pub const ALL: &'static [ChangeKind] = &[$(ChangeKind::$variant,)*];

            /// graphql-inspector's name for the kind, such as `FIELD_REMOVED`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(ChangeKind::$variant => $name,)*
                }
            }

            pub fn parse(name: &str) -> Option<ChangeKind> {
                ChangeKind::ALL.iter().copied().find(|kind| kind.as_str() == name)
            }
        }
    };
}

change_kinds! {
    // The schema definition.
    /// Breaking, unless the schema had no query type.
    SchemaQueryTypeChanged => "SCHEMA_QUERY_TYPE_CHANGED",
    /// Breaking, unless the schema had no mutation type.
    SchemaMutationTypeChanged => "SCHEMA_MUTATION_TYPE_CHANGED",
    /// Breaking, unless the schema had no subscription type.
    SchemaSubscriptionTypeChanged => "SCHEMA_SUBSCRIPTION_TYPE_CHANGED",

    // Types.
    /// Breaking.
    TypeRemoved => "TYPE_REMOVED",
    /// Non-breaking. What the new type contains is part of this change, not a change of its own.
    TypeAdded => "TYPE_ADDED",
    /// Breaking: the type became another kind (an interface became an object, say).
    TypeKindChanged => "TYPE_KIND_CHANGED",
    /// Non-breaking.
    TypeDescriptionChanged => "TYPE_DESCRIPTION_CHANGED",
    /// Non-breaking.
    TypeDescriptionAdded => "TYPE_DESCRIPTION_ADDED",
    /// Non-breaking.
    TypeDescriptionRemoved => "TYPE_DESCRIPTION_REMOVED",
    /// Dangerous: the type now implements the interface (for an object or interface type), so
    /// selections on the interface may now see it.
    ObjectTypeInterfaceAdded => "OBJECT_TYPE_INTERFACE_ADDED",
    /// Breaking: fragments on the interface no longer apply to the type.
    ObjectTypeInterfaceRemoved => "OBJECT_TYPE_INTERFACE_REMOVED",
    /// Dangerous: a value of the union may now be of the new member.
    UnionMemberAdded => "UNION_MEMBER_ADDED",
    /// Breaking.
    UnionMemberRemoved => "UNION_MEMBER_REMOVED",

    // Fields of objects and interfaces.
    /// Non-breaking.
    FieldAdded => "FIELD_ADDED",
    /// Breaking, deprecated first or not.
    FieldRemoved => "FIELD_REMOVED",
    /// Non-breaking.
    FieldDescriptionChanged => "FIELD_DESCRIPTION_CHANGED",
    /// Non-breaking.
    FieldDescriptionAdded => "FIELD_DESCRIPTION_ADDED",
    /// Non-breaking.
    FieldDescriptionRemoved => "FIELD_DESCRIPTION_REMOVED",
    /// Non-breaking.
    FieldDeprecationAdded => "FIELD_DEPRECATION_ADDED",
    /// Non-breaking.
    FieldDeprecationRemoved => "FIELD_DEPRECATION_REMOVED",
    /// Non-breaking.
    FieldDeprecationReasonChanged => "FIELD_DEPRECATION_REASON_CHANGED",
    /// Non-breaking: a reason replaced the default "No longer supported".
    FieldDeprecationReasonAdded => "FIELD_DEPRECATION_REASON_ADDED",
    /// Non-breaking: the reason became the default.
    FieldDeprecationReasonRemoved => "FIELD_DEPRECATION_REASON_REMOVED",
    /// Non-breaking when every value of the old type is a value of the new one as a client reads
    /// it (a nullable field becoming non-null, `[T]` becoming `[T!]`); breaking otherwise.
    FieldTypeChanged => "FIELD_TYPE_CHANGED",
    /// Breaking when the argument is required (non-null without a default); dangerous otherwise.
    FieldArgumentAdded => "FIELD_ARGUMENT_ADDED",
    /// Breaking.
    FieldArgumentRemoved => "FIELD_ARGUMENT_REMOVED",
    /// Non-breaking (also when a description is added or removed).
    FieldArgumentDescriptionChanged => "FIELD_ARGUMENT_DESCRIPTION_CHANGED",
    /// Dangerous: operations that leave the argument out get another value.
    FieldArgumentDefaultChanged => "FIELD_ARGUMENT_DEFAULT_CHANGED",
    /// Non-breaking when every value a client could send is still accepted (a non-null argument
    /// becoming nullable); breaking otherwise.
    FieldArgumentTypeChanged => "FIELD_ARGUMENT_TYPE_CHANGED",

    // Input object fields.
    /// Non-breaking when nullable without a default; breaking when required (non-null without a
    /// default); dangerous when it has a default (clients that left it out now send that value).
    InputFieldAdded => "INPUT_FIELD_ADDED",
    /// Breaking.
    InputFieldRemoved => "INPUT_FIELD_REMOVED",
    /// Non-breaking.
    InputFieldDescriptionAdded => "INPUT_FIELD_DESCRIPTION_ADDED",
    /// Non-breaking.
    InputFieldDescriptionRemoved => "INPUT_FIELD_DESCRIPTION_REMOVED",
    /// Non-breaking.
    InputFieldDescriptionChanged => "INPUT_FIELD_DESCRIPTION_CHANGED",
    /// Dangerous.
    InputFieldDefaultValueChanged => "INPUT_FIELD_DEFAULT_VALUE_CHANGED",
    /// Non-breaking when every value a client could send is still accepted; breaking otherwise.
    InputFieldTypeChanged => "INPUT_FIELD_TYPE_CHANGED",

    // Enum values.
    /// Dangerous: clients reading the enum may meet a value they do not handle.
    EnumValueAdded => "ENUM_VALUE_ADDED",
    /// Breaking.
    EnumValueRemoved => "ENUM_VALUE_REMOVED",
    /// Non-breaking (also when a description is added or removed).
    EnumValueDescriptionChanged => "ENUM_VALUE_DESCRIPTION_CHANGED",
    /// Non-breaking: the value became deprecated, or its reason replaced the default.
    EnumValueDeprecationReasonAdded => "ENUM_VALUE_DEPRECATION_REASON_ADDED",
    /// Non-breaking: the value is no longer deprecated, or its reason became the default.
    EnumValueDeprecationReasonRemoved => "ENUM_VALUE_DEPRECATION_REASON_REMOVED",
    /// Non-breaking.
    EnumValueDeprecationReasonChanged => "ENUM_VALUE_DEPRECATION_REASON_CHANGED",

    // Directive definitions (the specified ones, `@skip`, `@include`, `@deprecated`,
    // `@specifiedBy` and `@oneOf`, are never reported).
    /// Non-breaking. Its locations and arguments are part of this change.
    DirectiveAdded => "DIRECTIVE_ADDED",
    /// Breaking.
    DirectiveRemoved => "DIRECTIVE_REMOVED",
    /// Non-breaking.
    DirectiveDescriptionChanged => "DIRECTIVE_DESCRIPTION_CHANGED",
    /// Non-breaking.
    DirectiveLocationAdded => "DIRECTIVE_LOCATION_ADDED",
    /// Breaking.
    DirectiveLocationRemoved => "DIRECTIVE_LOCATION_REMOVED",
    /// Non-breaking.
    DirectiveRepeatableAdded => "DIRECTIVE_REPEATABLE_ADDED",
    /// Dangerous.
    DirectiveRepeatableRemoved => "DIRECTIVE_REPEATABLE_REMOVED",
    /// Breaking when the argument is required (non-null without a default); non-breaking
    /// otherwise. graphql-inspector calls any non-null argument breaking, default or not;
    /// graphql-js's `findBreakingChanges`, followed here, only a required one.
    DirectiveArgumentAdded => "DIRECTIVE_ARGUMENT_ADDED",
    /// Breaking.
    DirectiveArgumentRemoved => "DIRECTIVE_ARGUMENT_REMOVED",
    /// Non-breaking.
    DirectiveArgumentDescriptionChanged => "DIRECTIVE_ARGUMENT_DESCRIPTION_CHANGED",
    /// Dangerous.
    DirectiveArgumentDefaultValueChanged => "DIRECTIVE_ARGUMENT_DEFAULT_VALUE_CHANGED",
    /// Non-breaking when every value a client could send is still accepted; breaking otherwise.
    DirectiveArgumentTypeChanged => "DIRECTIVE_ARGUMENT_TYPE_CHANGED",

    // Directives applied to schema elements (`@deprecated` on fields and enum values is reported
    // by the deprecation kinds instead). Added: dangerous, but `@deprecated` is non-breaking and
    // `@oneOf` breaking. Removed: dangerous, but `@deprecated` and `@oneOf` are non-breaking.
    DirectiveUsageSchemaAdded => "DIRECTIVE_USAGE_SCHEMA_ADDED",
    DirectiveUsageSchemaRemoved => "DIRECTIVE_USAGE_SCHEMA_REMOVED",
    DirectiveUsageScalarAdded => "DIRECTIVE_USAGE_SCALAR_ADDED",
    DirectiveUsageScalarRemoved => "DIRECTIVE_USAGE_SCALAR_REMOVED",
    DirectiveUsageObjectAdded => "DIRECTIVE_USAGE_OBJECT_ADDED",
    DirectiveUsageObjectRemoved => "DIRECTIVE_USAGE_OBJECT_REMOVED",
    DirectiveUsageInterfaceAdded => "DIRECTIVE_USAGE_INTERFACE_ADDED",
    DirectiveUsageInterfaceRemoved => "DIRECTIVE_USAGE_INTERFACE_REMOVED",
    DirectiveUsageUnionMemberAdded => "DIRECTIVE_USAGE_UNION_MEMBER_ADDED",
    DirectiveUsageUnionMemberRemoved => "DIRECTIVE_USAGE_UNION_MEMBER_REMOVED",
    DirectiveUsageEnumAdded => "DIRECTIVE_USAGE_ENUM_ADDED",
    DirectiveUsageEnumRemoved => "DIRECTIVE_USAGE_ENUM_REMOVED",
    DirectiveUsageEnumValueAdded => "DIRECTIVE_USAGE_ENUM_VALUE_ADDED",
    DirectiveUsageEnumValueRemoved => "DIRECTIVE_USAGE_ENUM_VALUE_REMOVED",
    DirectiveUsageInputObjectAdded => "DIRECTIVE_USAGE_INPUT_OBJECT_ADDED",
    DirectiveUsageInputObjectRemoved => "DIRECTIVE_USAGE_INPUT_OBJECT_REMOVED",
    DirectiveUsageFieldDefinitionAdded => "DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED",
    DirectiveUsageFieldDefinitionRemoved => "DIRECTIVE_USAGE_FIELD_DEFINITION_REMOVED",
    DirectiveUsageArgumentDefinitionAdded => "DIRECTIVE_USAGE_ARGUMENT_DEFINITION_ADDED",
    DirectiveUsageArgumentDefinitionRemoved => "DIRECTIVE_USAGE_ARGUMENT_DEFINITION_REMOVED",
    DirectiveUsageInputFieldDefinitionAdded => "DIRECTIVE_USAGE_INPUT_FIELD_DEFINITION_ADDED",
    DirectiveUsageInputFieldDefinitionRemoved => "DIRECTIVE_USAGE_INPUT_FIELD_DEFINITION_REMOVED",
    /// Non-breaking: an applied directive got an argument.
    DirectiveUsageArgumentAdded => "DIRECTIVE_USAGE_ARGUMENT_ADDED",
    /// Dangerous: an applied directive lost an argument.
    DirectiveUsageArgumentRemoved => "DIRECTIVE_USAGE_ARGUMENT_REMOVED",
}

impl Serialize for ChangeKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}
