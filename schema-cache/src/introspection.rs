//! The introspection query and the reading of its response into a schema.
//!
//! Servers differ in which introspection fields they know: the current spec's `isOneOf`, the 2021
//! edition's `specifiedByURL`, `isRepeatable` and deprecated arguments, or only June 2018's. A
//! caller sends [`query`] for [`IntrospectionEdition::Current`] first and, when the server rejects
//! it, the edition [`fallback_after`] names.

use apollo_compiler::ast::{self, DirectiveLocation};
use apollo_compiler::schema::{
    ComponentName, EnumType, ExtendedType, InputObjectType, InterfaceType, ObjectType, ScalarType, UnionType,
};
use apollo_compiler::collections::{HashMap, HashSet};
use apollo_compiler::validation::Valid;
use apollo_compiler::{Name, Node, Schema, schema::Component};
use serde::{Deserialize, Serialize};
use std::fmt;

use crate::LoadedSchema;

/// How deep a type reference (`[[String!]!]!` and so on) may nest. Real schemas stay under 8.
const MAX_TYPE_REF_DEPTH: usize = 32;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IntrospectionEdition {
    /// The current spec: `isOneOf` on input objects, and everything below.
    Current,
    /// The October 2021 spec: schema description, `specifiedByURL`, `isRepeatable`, deprecated
    /// arguments and input fields.
    October2021,
    /// The June 2018 spec, which every server answers.
    June2018,
}

/// The query text of one edition.
pub fn query(edition: IntrospectionEdition) -> String {
    let modern = edition != IntrospectionEdition::June2018;
    let one_of = if edition == IntrospectionEdition::Current { " isOneOf" } else { "" };
    let (schema_description, specified_by, repeatable, include_deprecated, input_deprecation) = if modern {
        (" description", " specifiedByURL", " isRepeatable", "(includeDeprecated: true)", " isDeprecated deprecationReason")
    } else {
        ("", "", "", "", "")
    };
    let mut type_ref = String::from("kind name");
    for _ in 0..8 {
        type_ref = format!("kind name ofType {{ {type_ref} }}");
    }
    format!(
        "query IntrospectionQuery {{\n  __schema {{\n   {schema_description} queryType {{ name }} mutationType {{ name }} subscriptionType {{ name }}\n    types {{ ...FullType }}\n    directives {{ name description{repeatable} locations args{include_deprecated} {{ ...InputValue }} }}\n  }}\n}}\n\n\
         fragment FullType on __Type {{\n  kind name description{specified_by}{one_of}\n  fields(includeDeprecated: true) {{ name description args{include_deprecated} {{ ...InputValue }} type {{ ...TypeRef }} isDeprecated deprecationReason }}\n  inputFields{include_deprecated} {{ ...InputValue }}\n  interfaces {{ ...TypeRef }}\n  enumValues(includeDeprecated: true) {{ name description isDeprecated deprecationReason }}\n  possibleTypes {{ ...TypeRef }}\n}}\n\n\
         fragment InputValue on __InputValue {{ name description type {{ ...TypeRef }} defaultValue{input_deprecation} }}\n\n\
         fragment TypeRef on __Type {{ {type_ref} }}\n"
    )
}

/// The edition to try after the server answered `edition` with these error messages, or `None`
/// when the errors are not about introspection fields the server does not know (introspection
/// disabled, authentication) or there is no older edition.
pub fn fallback_after(edition: IntrospectionEdition, error_messages: &[String]) -> Option<IntrospectionEdition> {
    const UNKNOWN_FIELD_WORDS: [&str; 6] =
        ["isOneOf", "specifiedByURL", "isRepeatable", "includeDeprecated", "isDeprecated", "description"];
    let about_unknown_fields = error_messages.iter().any(|message| {
        UNKNOWN_FIELD_WORDS.iter().any(|word| message.contains(word))
            && (message.contains("Cannot query field") || message.contains("Unknown argument") || message.contains("unknown"))
    });
    if !about_unknown_fields {
        return None;
    }
    match edition {
        IntrospectionEdition::Current => Some(IntrospectionEdition::October2021),
        IntrospectionEdition::October2021 => Some(IntrospectionEdition::June2018),
        IntrospectionEdition::June2018 => None,
    }
}

/// Why an introspection response gave no schema.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum IntrospectionError {
    #[error("the response is not valid JSON: {0}")]
    NotJson(String),
    #[error("the response is JSON but not an introspection result: {0}")]
    NotIntrospection(String),
    /// The server answered with GraphQL errors, typically because introspection is disabled.
    #[error("the server refused introspection: {}", .messages.join("; "))]
    Refused { messages: Vec<String> },
    #[error("the schema has no query type")]
    NoQueryType,
}

/// The `__schema` object of an introspection response, as the server sent it. It is also the
/// cache's stored form: reading it back and converting is faster than parsing SDL.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectionSchema {
    #[serde(default)]
    pub description: Option<String>,
    pub query_type: Option<NamedRef>,
    #[serde(default)]
    pub mutation_type: Option<NamedRef>,
    #[serde(default)]
    pub subscription_type: Option<NamedRef>,
    pub types: Vec<IntrospectionType>,
    #[serde(default)]
    pub directives: Vec<IntrospectionDirective>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NamedRef {
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum TypeKind {
    Scalar,
    Object,
    Interface,
    Union,
    Enum,
    InputObject,
    List,
    NonNull,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectionType {
    pub kind: TypeKind,
    pub name: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default, rename = "specifiedByURL")]
    pub specified_by_url: Option<String>,
    #[serde(default)]
    pub is_one_of: Option<bool>,
    #[serde(default)]
    pub fields: Option<Vec<IntrospectionField>>,
    #[serde(default)]
    pub input_fields: Option<Vec<IntrospectionInputValue>>,
    #[serde(default)]
    pub interfaces: Option<Vec<TypeRef>>,
    #[serde(default)]
    pub enum_values: Option<Vec<IntrospectionEnumValue>>,
    #[serde(default)]
    pub possible_types: Option<Vec<TypeRef>>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectionField {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub args: Vec<IntrospectionInputValue>,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    #[serde(default)]
    pub is_deprecated: Option<bool>,
    #[serde(default)]
    pub deprecation_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectionInputValue {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(rename = "type")]
    pub ty: TypeRef,
    #[serde(default)]
    pub default_value: Option<String>,
    #[serde(default)]
    pub is_deprecated: Option<bool>,
    #[serde(default)]
    pub deprecation_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectionEnumValue {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub is_deprecated: Option<bool>,
    #[serde(default)]
    pub deprecation_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TypeRef {
    pub kind: TypeKind,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default, deserialize_with = "bounded_of_type")]
    pub of_type: Option<Box<TypeRef>>,
}

/// How deep a type reference may nest when read. Deeper than JSON's own limit allows, so that
/// responses read as before; the limit is there for formats without one (the cache's binary form),
/// where a crafted file could otherwise overflow the stack.
const MAX_DESERIALIZED_TYPE_REF_DEPTH: usize = 160;

std::thread_local! {
    static TYPE_REF_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn bounded_of_type<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Option<Box<TypeRef>>, D::Error> {
    let depth = TYPE_REF_DEPTH.get();
    if depth >= MAX_DESERIALIZED_TYPE_REF_DEPTH {
        return Err(serde::de::Error::custom("a type reference is nested too deeply"));
    }
    TYPE_REF_DEPTH.set(depth + 1);
    let result = Option::<Box<TypeRef>>::deserialize(deserializer);
    TYPE_REF_DEPTH.set(depth);
    result
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct IntrospectionDirective {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub is_repeatable: Option<bool>,
    #[serde(default)]
    pub locations: Vec<DirectiveLocationName>,
    #[serde(default)]
    pub args: Vec<IntrospectionInputValue>,
}

/// A directive location as introspection spells it (`FIELD_DEFINITION`). Kept as text so that a
/// location this crate does not know is skipped with a warning instead of failing the whole schema.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct DirectiveLocationName(pub String);

/// The whole response, in either shape: `{"data": {"__schema": …}}` or `{"__schema": …}`.
#[derive(Deserialize)]
struct Response {
    #[serde(default)]
    data: Option<ResponseData>,
    #[serde(default, rename = "__schema")]
    schema: Option<IntrospectionSchema>,
    #[serde(default)]
    errors: Option<Vec<ResponseError>>,
}

#[derive(Deserialize)]
struct ResponseData {
    #[serde(default, rename = "__schema")]
    schema: Option<IntrospectionSchema>,
}

#[derive(Deserialize)]
struct ResponseError {
    #[serde(default)]
    message: Option<serde_json::Value>,
}

/// Reads an introspection response body.
pub fn parse_response(body: &[u8]) -> Result<IntrospectionSchema, IntrospectionError> {
    // Straight into the model; only when that fails is the body read again as any JSON, so that
    // "not JSON" and "JSON of the wrong shape" get different messages.
    let response: Response = match serde_json::from_slice(body) {
        Ok(response) => response,
        Err(shape_error) => {
            let value: serde_json::Value =
                serde_json::from_slice(body).map_err(|error| IntrospectionError::NotJson(error.to_string()))?;
            if !value.is_object() {
                return Err(IntrospectionError::NotIntrospection("the top level is not an object".into()));
            }
            return Err(IntrospectionError::NotIntrospection(shape_error.to_string()));
        }
    };
    let schema = response.schema.or(response.data.and_then(|data| data.schema));
    match (schema, response.errors) {
        (Some(schema), _) => Ok(schema),
        (None, Some(errors)) if !errors.is_empty() => Err(IntrospectionError::Refused {
            messages: errors
                .into_iter()
                .map(|error| match error.message {
                    Some(serde_json::Value::String(message)) => message,
                    Some(other) => other.to_string(),
                    None => "an error without a message".into(),
                })
                .collect(),
        }),
        (None, _) => Err(IntrospectionError::NotIntrospection("there is no `__schema` object".into())),
    }
}

/// Reads an introspection response body into a schema.
pub fn schema_from_response(body: &[u8]) -> Result<LoadedSchema, IntrospectionError> {
    parse_response(body)?.to_schema()
}

impl IntrospectionSchema {
    /// Builds the schema. Items that cannot be represented (invalid names, type references nested
    /// absurdly deep, unknown directive locations) are left out, each with a warning.
    pub fn to_schema(&self) -> Result<LoadedSchema, IntrospectionError> {
        let mut builder = Builder::default();
        let mut schema = Schema::new();

        for introspected in &self.types {
            let Some(name) = introspected.name.as_deref() else {
                builder.warn("a type without a name was left out".into());
                continue;
            };
            // The introspection types and the built-in scalars are already in `Schema::new()`.
            if name.starts_with("__") || schema.types.get(name).is_some_and(ExtendedType::is_built_in) {
                continue;
            }
            let Some(type_name) = builder.name(name, format_args!("type")) else { continue };
            if let Some(converted) = builder.extended_type(type_name.clone(), introspected) {
                schema.types.insert(type_name, converted);
            }
        }

        define_one_of_if_used(&mut schema);

        for directive in &self.directives {
            if schema.directive_definitions.contains_key(directive.name.as_str()) {
                continue;
            }
            let Some(name) = builder.name(&directive.name, format_args!("directive")) else { continue };
            let mut locations = Vec::with_capacity(directive.locations.len());
            for location in &directive.locations {
                match directive_location(&location.0) {
                    Some(known) => locations.push(known),
                    None => builder.warn(format!("directive @{name}: unknown location `{}` left out", location.0)),
                }
            }
            let arguments = builder.input_values(&directive.args, format_args!("@{name}"));
            schema.directive_definitions.insert(
                name.clone(),
                Node::new(ast::DirectiveDefinition {
                    description: directive.description.as_deref().map(Node::new_str),
                    name,
                    arguments,
                    repeatable: directive.is_repeatable.unwrap_or(false),
                    locations,
                }),
            );
        }

        let mut root = |named: &Option<NamedRef>, role: &str| -> Option<ComponentName> {
            let name = named.as_ref()?;
            if !schema.types.contains_key(name.name.as_str()) {
                builder.warn(format!("the {role} type `{}` is not among the types; it was left out", name.name));
                return None;
            }
            Some(Name::new_unchecked(&name.name).into())
        };
        let query = root(&self.query_type, "query").ok_or(IntrospectionError::NoQueryType)?;
        let mutation = root(&self.mutation_type, "mutation");
        let subscription = root(&self.subscription_type, "subscription");
        let definition = schema.schema_definition.make_mut();
        definition.description = self.description.as_deref().map(Node::new_str);
        definition.query = Some(query);
        definition.mutation = mutation;
        definition.subscription = subscription;

        // The server is the authority on its own schema: it is used as it is, not re-validated.
        Ok(LoadedSchema { schema: Valid::assume_valid(schema), warnings: builder.warnings })
    }
}

/// Adds the definition of `@oneOf` when an input object uses it and the schema does not define it:
/// apollo-compiler does not have it built in, and servers do not print or introspect built-in
/// directives.
pub(crate) fn define_one_of_if_used(schema: &mut Schema) {
    if schema.directive_definitions.contains_key("oneOf") {
        return;
    }
    let used = schema.types.values().any(|ty| matches!(ty, ExtendedType::InputObject(input) if input.directives.has("oneOf")));
    if used {
        let one_of = Name::new_unchecked("oneOf");
        schema.directive_definitions.insert(
            one_of.clone(),
            Node::new(ast::DirectiveDefinition {
                description: Some(Node::new_str("Exactly one field of the input object must be given.")),
                name: one_of,
                arguments: Vec::new(),
                repeatable: false,
                locations: vec![DirectiveLocation::InputObject],
            }),
        );
    }
}

/// Converts the parts of an introspection schema. Names are checked and allocated once each
/// (`String`, `id`, `nodes` recur thousands of times in large schemas), default values parsed once
/// per distinct text, and the descriptions of where a problem is are only formatted for a warning.
#[derive(Default)]
struct Builder {
    warnings: Vec<String>,
    names: HashSet<Name>,
    default_values: HashMap<String, Option<Node<ast::Value>>>,
}

impl Builder {
    fn warn(&mut self, warning: String) {
        self.warnings.push(warning);
    }

    fn name(&mut self, name: &str, what: fmt::Arguments<'_>) -> Option<Name> {
        if let Some(known) = self.names.get(name) {
            return Some(known.clone());
        }
        match Name::new(name) {
            Ok(name) => {
                self.names.insert(name.clone());
                Some(name)
            }
            Err(_) => {
                self.warn(format!("a {what} named {name:?} was left out: that is not a valid GraphQL name"));
                None
            }
        }
    }

    fn default_value(&mut self, text: &str) -> Option<Node<ast::Value>> {
        if let Some(parsed) = self.default_values.get(text) {
            return parsed.clone();
        }
        let parsed = parse_value(text);
        self.default_values.insert(text.to_owned(), parsed.clone());
        parsed
    }

    fn extended_type(&mut self, name: Name, introspected: &IntrospectionType) -> Option<ExtendedType> {
        let description = introspected.description.as_deref().map(Node::new_str);
        let converted = match introspected.kind {
            TypeKind::Scalar => {
                let mut directives = apollo_compiler::schema::DirectiveList::new();
                if let Some(url) = &introspected.specified_by_url {
                    directives.push(directive("specifiedBy", Some(("url", url))));
                }
                ExtendedType::Scalar(Node::new(ScalarType { description, name, directives }))
            }
            TypeKind::Object => ExtendedType::Object(Node::new(ObjectType {
                description,
                implements_interfaces: self.component_names(introspected.interfaces.as_deref(), &name),
                fields: self.fields(introspected.fields.as_deref(), &name),
                directives: Default::default(),
                name,
            })),
            TypeKind::Interface => ExtendedType::Interface(Node::new(InterfaceType {
                description,
                implements_interfaces: self.component_names(introspected.interfaces.as_deref(), &name),
                fields: self.fields(introspected.fields.as_deref(), &name),
                directives: Default::default(),
                name,
            })),
            TypeKind::Union => ExtendedType::Union(Node::new(UnionType {
                description,
                members: self.component_names(introspected.possible_types.as_deref(), &name),
                directives: Default::default(),
                name,
            })),
            TypeKind::Enum => {
                let mut values = apollo_compiler::collections::IndexMap::default();
                for value in introspected.enum_values.as_deref().unwrap_or_default() {
                    let Some(value_name) = self.name(&value.name, format_args!("value of enum {name}")) else { continue };
                    values.insert(
                        value_name.clone(),
                        Component::new(ast::EnumValueDefinition {
                            description: value.description.as_deref().map(Node::new_str),
                            value: value_name,
                            directives: deprecation(value.is_deprecated, value.deprecation_reason.as_deref()),
                        }),
                    );
                }
                ExtendedType::Enum(Node::new(EnumType { description, name, directives: Default::default(), values }))
            }
            TypeKind::InputObject => {
                let mut fields = apollo_compiler::collections::IndexMap::default();
                for field in self.input_values(introspected.input_fields.as_deref().unwrap_or_default(), format_args!("{name}")) {
                    fields.insert(field.name.clone(), Component::from(field));
                }
                let mut directives = apollo_compiler::schema::DirectiveList::new();
                if introspected.is_one_of == Some(true) {
                    directives.push(directive("oneOf", None));
                }
                ExtendedType::InputObject(Node::new(InputObjectType { description, name, directives, fields }))
            }
            TypeKind::List | TypeKind::NonNull => {
                self.warn(format!("type {name} has kind {:?}, which only type references have; left out", introspected.kind));
                return None;
            }
        };
        Some(converted)
    }

    fn component_names(&mut self, refs: Option<&[TypeRef]>, owner: &Name) -> apollo_compiler::collections::IndexSet<ComponentName> {
        let mut names = apollo_compiler::collections::IndexSet::default();
        for type_ref in refs.unwrap_or_default() {
            match type_ref.name.as_deref().and_then(|name| self.name(name, format_args!("member of {owner}"))) {
                Some(name) => {
                    names.insert(name.into());
                }
                None => self.warn(format!("{owner}: an interface or member without a name was left out")),
            }
        }
        names
    }

    fn fields(
        &mut self,
        fields: Option<&[IntrospectionField]>,
        owner: &Name,
    ) -> apollo_compiler::collections::IndexMap<Name, Component<ast::FieldDefinition>> {
        let mut converted = apollo_compiler::collections::IndexMap::default();
        for field in fields.unwrap_or_default() {
            let Some(name) = self.name(&field.name, format_args!("field of {owner}")) else { continue };
            let Some(ty) = self.type_ref(&field.ty, format_args!("{owner}.{name}")) else { continue };
            let arguments = self.input_values(&field.args, format_args!("{owner}.{name}"));
            if converted.contains_key(&name) {
                self.warn(format!("field {owner}.{name} is defined twice; the first definition is kept"));
                continue;
            }
            converted.insert(
                name.clone(),
                Component::new(ast::FieldDefinition {
                    description: field.description.as_deref().map(Node::new_str),
                    name,
                    arguments,
                    ty,
                    directives: deprecation(field.is_deprecated, field.deprecation_reason.as_deref()),
                }),
            );
        }
        converted
    }

    fn input_values(&mut self, values: &[IntrospectionInputValue], owner: fmt::Arguments<'_>) -> Vec<Node<ast::InputValueDefinition>> {
        let mut converted = Vec::with_capacity(values.len());
        for value in values {
            let Some(name) = self.name(&value.name, format_args!("argument or input field of {owner}")) else { continue };
            let Some(ty) = self.type_ref(&value.ty, format_args!("{owner}.{name}")) else { continue };
            let default_value = value.default_value.as_deref().and_then(|text| match self.default_value(text) {
                Some(parsed) => Some(parsed),
                None => {
                    self.warn(format!("{owner}.{name}: the default value {text:?} is not a GraphQL value; left out"));
                    None
                }
            });
            converted.push(Node::new(ast::InputValueDefinition {
                description: value.description.as_deref().map(Node::new_str),
                name,
                ty: Node::new(ty),
                default_value,
                directives: deprecation(value.is_deprecated, value.deprecation_reason.as_deref()),
            }));
        }
        converted
    }

    fn type_ref(&mut self, type_ref: &TypeRef, owner: fmt::Arguments<'_>) -> Option<ast::Type> {
        match self.convert_type_ref(type_ref, 0) {
            Ok(ty) => Some(ty),
            Err(problem) => {
                self.warn(format!("{owner} was left out: its type {problem}"));
                None
            }
        }
    }

    fn convert_type_ref(&mut self, type_ref: &TypeRef, depth: usize) -> Result<ast::Type, &'static str> {
        if depth > MAX_TYPE_REF_DEPTH {
            return Err("is nested too deeply");
        }
        let inner = || type_ref.of_type.as_deref().ok_or("has a list or non-null wrapper around nothing");
        match type_ref.kind {
            TypeKind::NonNull => match self.convert_type_ref(inner()?, depth + 1)? {
                ast::Type::Named(name) => Ok(ast::Type::NonNullNamed(name)),
                ast::Type::List(item) => Ok(ast::Type::NonNullList(item)),
                ast::Type::NonNullNamed(_) | ast::Type::NonNullList(_) => Err("is non-null twice"),
            },
            TypeKind::List => Ok(ast::Type::List(Box::new(self.convert_type_ref(inner()?, depth + 1)?))),
            _ => {
                let name = type_ref.name.as_deref().ok_or("has no name")?;
                if let Some(known) = self.names.get(name) {
                    return Ok(ast::Type::Named(known.clone()));
                }
                let name = Name::new(name).map_err(|_| "has an invalid name")?;
                self.names.insert(name.clone());
                Ok(ast::Type::Named(name))
            }
        }
    }
}

fn directive(name: &'static str, argument: Option<(&'static str, &str)>) -> Node<ast::Directive> {
    Node::new(ast::Directive {
        name: Name::new_unchecked(name),
        arguments: argument
            .map(|(argument, value)| {
                Node::new(ast::Argument {
                    name: Name::new_unchecked(argument),
                    value: Node::new(ast::Value::String(value.to_owned())),
                })
            })
            .into_iter()
            .collect(),
    })
}

fn deprecation(is_deprecated: Option<bool>, reason: Option<&str>) -> ast::DirectiveList {
    let mut directives = ast::DirectiveList::new();
    if is_deprecated == Some(true) {
        directives.push(directive("deprecated", reason.map(|reason| ("reason", reason))));
    }
    directives
}

/// Parses a GraphQL literal (an introspection `defaultValue`). `None` when it is not exactly one value.
fn parse_value(text: &str) -> Option<Node<ast::Value>> {
    let source = format!("{{f(a:{text})}}");
    let document = ast::Document::parse(source, "defaultValue").ok()?;
    let [ast::Definition::OperationDefinition(operation)] = document.definitions.as_slice() else { return None };
    let [ast::Selection::Field(field)] = operation.selection_set.as_slice() else { return None };
    let [argument] = field.arguments.as_slice() else { return None };
    Some(argument.value.clone())
}

fn directive_location(name: &str) -> Option<DirectiveLocation> {
    Some(match name {
        "QUERY" => DirectiveLocation::Query,
        "MUTATION" => DirectiveLocation::Mutation,
        "SUBSCRIPTION" => DirectiveLocation::Subscription,
        "FIELD" => DirectiveLocation::Field,
        "FRAGMENT_DEFINITION" => DirectiveLocation::FragmentDefinition,
        "FRAGMENT_SPREAD" => DirectiveLocation::FragmentSpread,
        "INLINE_FRAGMENT" => DirectiveLocation::InlineFragment,
        "VARIABLE_DEFINITION" => DirectiveLocation::VariableDefinition,
        "SCHEMA" => DirectiveLocation::Schema,
        "SCALAR" => DirectiveLocation::Scalar,
        "OBJECT" => DirectiveLocation::Object,
        "FIELD_DEFINITION" => DirectiveLocation::FieldDefinition,
        "ARGUMENT_DEFINITION" => DirectiveLocation::ArgumentDefinition,
        "INTERFACE" => DirectiveLocation::Interface,
        "UNION" => DirectiveLocation::Union,
        "ENUM" => DirectiveLocation::Enum,
        "ENUM_VALUE" => DirectiveLocation::EnumValue,
        "INPUT_OBJECT" => DirectiveLocation::InputObject,
        "INPUT_FIELD_DEFINITION" => DirectiveLocation::InputFieldDefinition,
        _ => return None,
    })
}
