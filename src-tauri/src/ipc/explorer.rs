//! The schema explorer as the page sees it: search results, a type's page (its members, where it is
//! used) and the paths that reach it, all named by schema coordinates and built from
//! `schema_index` answers.

use schema_index::paths::{PathOptions, SchemaPath};
use schema_index::search::{SearchKind, SearchOptions};
use schema_index::{ElementId, ElementKind, SchemaIndex};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::IpcError;
use language::build::{Route, RouteStep};
use language::offsets::LineIndex;
use language::{Schema, Valid};

/// Most results one search answers.
const MAX_RESULTS: usize = 200;
/// Most paths one page shows.
const MAX_PATHS: usize = 10;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExplorerSearchRequest {
    pub query: String,
    /// Only these kinds (`type`, `field`, `argument`, `inputField`, `enumValue`, `directive`); empty: all.
    pub kinds: Vec<String>,
    pub limit: u32,
}

/// Where an element is shown: the page of a type or directive, and the member on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Place {
    /// The page: a type's name, or `@directive`.
    pub page: String,
    /// The member on that page (a field, input field, enum value or argument's field), if any.
    pub member: Option<String>,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SearchResultShown {
    pub coordinate: String,
    pub kind: String,
    /// The first line of its description.
    pub summary: Option<String>,
    pub deprecated: bool,
    pub place: Place,
}

/// A page: a type name, a coordinate (`Project.services` opens `Project`), or `@directive`.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExplorerPageRequest {
    pub name: String,
}

/// A field, argument, input field, enum value or directive argument as a page lists it. What the
/// page can tell (its coordinate, its kind) and what is empty is left out: a page of GitHub's
/// `Mutation` lists hundreds of members, each with its arguments.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MemberShown {
    pub name: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub description: Option<String>,
    /// Its type as written (`[Project!]!`), for fields, arguments and input fields.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub type_text: Option<String>,
    /// The named type inside it, when the schema has its page.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub type_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub default_value: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    #[ts(as = "Option<bool>", optional)]
    pub deprecated: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub deprecation_reason: Option<String>,
    /// A field's or directive's arguments.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[ts(as = "Option<Vec<MemberShown>>", optional)]
    pub arguments: Vec<MemberShown>,
}

/// One place the page's type is used (the coordinate says which page shows it).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceShown {
    pub coordinate: String,
    /// field, argument, inputField, directiveArgument, unionMember or implementation.
    pub relation: String,
}

/// A type's or directive's page.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExplorerPage {
    pub coordinate: String,
    /// object, interface, union, enum, inputObject, scalar or directive.
    pub kind: String,
    pub description: Option<String>,
    /// The query, mutation or subscription root type.
    pub root: bool,
    /// The interfaces it implements.
    pub interfaces: Vec<String>,
    /// A union's member types.
    pub members: Vec<String>,
    /// Its fields, input fields, enum values, or a directive's arguments.
    pub fields: Vec<MemberShown>,
    /// Where it is used ("Used by"); for a directive, nothing.
    pub references: Vec<ReferenceShown>,
    /// The member asked for (`Project.services` → `services`).
    pub member: Option<String>,
}

/// The shortest ways from a root type to an element.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ExplorerPathsRequest {
    /// A type or a coordinate.
    pub name: String,
}

/// One field on a path, with the type condition it needs.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PathStepShown {
    /// The field with its required arguments: `Query.project(id:)`.
    pub text: String,
    /// `... on Repository` before this field, when needed.
    pub on: Option<String>,
    pub place: Place,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PathShown {
    pub steps: Vec<PathStepShown>,
    /// `... on Issue` after the last field, when its type is wider than the target.
    pub then_on: Option<String>,
}

/// How a refreshed schema differs from the one before it, counted by criticality.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeSummary {
    pub breaking: u32,
    pub dangerous: u32,
    pub safe: u32,
    /// When the schema compared against was fetched, in milliseconds since the Unix epoch.
    pub since_unix_ms: f64,
}

/// One change from the schema before a refresh to the one after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangeShown {
    /// breaking, dangerous or safe.
    pub criticality: String,
    pub kind: String,
    /// What changed; `null` for the schema definition itself.
    pub coordinate: Option<String>,
    pub message: String,
}

/// Every change from `old` to `new` (both as introspection gives them: no applied directives
/// beyond `@deprecated` and its kin to compare), and their summary.
pub fn changes(old: &Schema, new: &Schema, since_unix_ms: f64) -> (Vec<ChangeShown>, ChangeSummary) {
    use schema_index::diff::{Criticality, DiffOptions, diff};
    let found = diff(old, new, &DiffOptions { applied_directives: false });
    let count = |wanted: Criticality| u32::try_from(found.iter().filter(|change| change.criticality == wanted).count()).unwrap_or(u32::MAX);
    let summary = ChangeSummary {
        breaking: count(Criticality::Breaking),
        dangerous: count(Criticality::Dangerous),
        safe: count(Criticality::NonBreaking),
        since_unix_ms,
    };
    let shown = found
        .into_iter()
        .map(|change| ChangeShown {
            criticality: match change.criticality {
                Criticality::Breaking => "breaking",
                Criticality::Dangerous => "dangerous",
                Criticality::NonBreaking => "safe",
            }
            .to_owned(),
            kind: change.kind.as_str().to_owned(),
            coordinate: change.coordinate.map(|coordinate| coordinate.to_string()),
            message: change.message,
        })
        .collect();
    (shown, summary)
}

/// A type as the explorer's first page lists it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TypeShown {
    pub name: String,
    /// object, interface, union, enum, inputObject or scalar.
    pub kind: String,
    pub summary: Option<String>,
    /// The query, mutation or subscription root type.
    pub root: bool,
}

/// Every type: the root types first (query, mutation, subscription), then the others by name.
pub fn types(index: &SchemaIndex) -> Vec<TypeShown> {
    let mut types: Vec<ElementId> = index.ids().filter(|&id| index.kind(id).is_type()).collect();
    let roots: Vec<ElementId> = index.root_types().collect();
    types.retain(|id| !roots.contains(id));
    types.sort_by(|a, b| index.name(*a).cmp(index.name(*b)));
    roots
        .into_iter()
        .chain(types)
        .map(|id| TypeShown {
            name: index.name(id).to_owned(),
            kind: index.kind(id).as_str().to_owned(),
            summary: index.summary(id).map(str::to_owned),
            root: index.is_root_type(id),
        })
        .collect()
}

/// The element a page request or path request names: a type, `@directive`, or a coordinate.
pub fn element(index: &SchemaIndex, name: &str) -> Result<ElementId, IpcError> {
    let name = name.trim();
    index
        .find(name)
        .or_else(|| index.type_named(name))
        .ok_or_else(|| IpcError::NotFound { message: format!("The schema has no {name}.") })
}

/// Where `id` is shown: its type's (or directive's) page, with the member on it.
pub fn place(index: &SchemaIndex, id: ElementId) -> Place {
    let mut page = id;
    let mut member = None;
    while let Some(parent) = index.parent(page) {
        member = Some(page);
        page = parent;
    }
    let page_name = match index.kind(page) {
        ElementKind::Directive => format!("@{}", index.name(page)),
        _ => index.name(page).to_owned(),
    };
    Place { page: page_name, member: member.map(|member| index.name(member).to_owned()) }
}

pub fn search(index: &SchemaIndex, request: &ExplorerSearchRequest) -> Result<Vec<SearchResultShown>, IpcError> {
    let kinds = request
        .kinds
        .iter()
        .map(|name| SearchKind::parse(name).ok_or_else(|| IpcError::NotFound { message: format!("There is no kind {name:?} to search.") }))
        .collect::<Result<Vec<_>, _>>()?;
    let limit = (request.limit as usize).clamp(1, MAX_RESULTS);
    let hits = index.search(&request.query, &SearchOptions { kinds, limit });
    Ok(hits
        .iter()
        .map(|hit| SearchResultShown {
            coordinate: index.coordinate(hit.element).to_string(),
            kind: index.kind(hit.element).as_str().to_owned(),
            summary: index.summary(hit.element).map(str::to_owned),
            deprecated: index.is_deprecated(hit.element),
            place: place(index, hit.element),
        })
        .collect())
}

fn member(index: &SchemaIndex, id: ElementId) -> MemberShown {
    let arguments = match index.kind(id) {
        ElementKind::Field | ElementKind::Directive => index.children(id).map(|argument| member(index, argument)).collect(),
        _ => Vec::new(),
    };
    MemberShown {
        name: index.name(id).to_owned(),
        description: index.description(id).map(str::to_owned),
        type_text: index.value_type(id).map(ToString::to_string),
        type_name: index.named_type_of(id).map(|named| index.name(named).to_owned()),
        default_value: index.default_value(id),
        deprecated: index.is_deprecated(id),
        deprecation_reason: index.deprecation_reason(id).map(str::to_owned),
        arguments,
    }
}

pub fn page(index: &SchemaIndex, name: &str) -> Result<ExplorerPage, IpcError> {
    let asked = element(index, name)?;
    let shown = place(index, asked);
    let page = index.find(&shown.page).ok_or_else(|| IpcError::NotFound { message: format!("The schema has no {}.", shown.page) })?;
    let references = if index.kind(page).is_type() {
        index
            .references(page)
            .iter()
            .map(|reference| ReferenceShown {
                coordinate: index.coordinate(reference.element).to_string(),
                relation: reference.relation.as_str().to_owned(),
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(ExplorerPage {
        coordinate: index.coordinate(page).to_string(),
        kind: index.kind(page).as_str().to_owned(),
        description: index.description(page).map(str::to_owned),
        root: index.kind(page).is_type() && index.is_root_type(page),
        interfaces: index.interfaces(page).into_iter().map(str::to_owned).collect(),
        members: index.union_members(page).into_iter().map(str::to_owned).collect(),
        fields: index.children(page).map(|child| member(index, child)).collect(),
        references,
        member: shown.member,
    })
}

pub fn paths(index: &SchemaIndex, name: &str) -> Result<Vec<PathShown>, IpcError> {
    let target = element(index, name)?;
    let shown = |path: &SchemaPath| PathShown {
        steps: path
            .steps
            .iter()
            .map(|step| PathStepShown {
                text: index.step_text(step.field),
                on: step.on.map(|on| index.name(on).to_owned()),
                place: place(index, step.field),
            })
            .collect(),
        then_on: path.then_on.map(|on| index.name(on).to_owned()),
    };
    Ok(index.paths_to(target, &PathOptions { limit: MAX_PATHS }).iter().map(shown).collect())
}

/// The explorer's "+": add a field to the document at the cursor.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddFieldRequest {
    pub document: String,
    pub cursor_utf16: u32,
    /// `Type.field`.
    pub coordinate: String,
}

/// One replacement of the document, in CodeMirror's positions (UTF-16 code units).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TextEdit {
    pub from: u32,
    pub to: u32,
    pub insert: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VariableAdded {
    pub name: String,
    /// `ID!`, `ProjectCreateInput!`.
    pub type_text: String,
    /// A value of the type to start from, as JSON text.
    pub value_json: String,
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldAdded {
    /// `added`, `new_operation` or `already_selected`.
    pub outcome: String,
    /// On the document as sent, in document order: applied together, as one change.
    pub edits: Vec<TextEdit>,
    pub variables: Vec<VariableAdded>,
    /// The field's name after the edits, to select.
    pub select_from: u32,
    pub select_to: u32,
}

/// Adds `request.coordinate` (a field) to the document: the routes are the index's shortest paths.
pub fn add_field(schema: &Valid<Schema>, index: &SchemaIndex, request: &AddFieldRequest) -> Result<FieldAdded, IpcError> {
    let target = element(index, &request.coordinate)?;
    let (Some(parent), ElementKind::Field) = (index.parent(target), index.kind(target)) else {
        return Err(IpcError::CannotAdd { message: format!("{} is not a field: only fields can be added to a query.", request.coordinate.trim()) });
    };
    let routes: Vec<Route> = index
        .paths_to(target, &PathOptions { limit: MAX_PATHS })
        .iter()
        .map(|path| {
            path.steps
                .iter()
                .filter_map(|step| {
                    Some(RouteStep {
                        on: step.on.map(|on| index.name(on).to_owned()),
                        parent: index.name(index.parent(step.field)?).to_owned(),
                        field: index.name(step.field).to_owned(),
                    })
                })
                .collect()
        })
        .collect();
    let document = &request.document;
    let lines = LineIndex::new(document);
    let cursor = lines.byte_offset_from_utf16(request.cursor_utf16 as usize);
    let added = language::build::add_field(schema, document, cursor, index.name(parent), index.name(target), &routes)
        .map_err(|error| IpcError::CannotAdd { message: super::sentence(format!("Cannot add {}: {error}", request.coordinate.trim())) })?;
    let utf16 = |offset: usize| u32::try_from(lines.utf16_offset(offset)).unwrap_or(u32::MAX);
    // The selection is in the document after the edits.
    let mut after = document.clone();
    for edit in added.edits.iter().rev() {
        after.replace_range(edit.start..edit.end, &edit.text);
    }
    let after_lines = LineIndex::new(&after);
    let after_utf16 = |offset: usize| u32::try_from(after_lines.utf16_offset(offset)).unwrap_or(u32::MAX);
    Ok(FieldAdded {
        outcome: serde_json::to_value(added.outcome).ok().and_then(|value| value.as_str().map(str::to_owned)).unwrap_or_default(),
        edits: added.edits.iter().map(|edit| TextEdit { from: utf16(edit.start), to: utf16(edit.end), insert: edit.text.clone() }).collect(),
        variables: added
            .variables
            .iter()
            .map(|variable| VariableAdded {
                name: variable.name.clone(),
                type_text: variable.type_text.clone(),
                value_json: variable.value.to_string(),
            })
            .collect(),
        select_from: after_utf16(added.select_start),
        select_to: after_utf16(added.select_end),
    })
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OpenLinkRequest {
    pub url: String,
}

/// The address a description's link may open: absolute `http`, `https` or `mailto` only (a
/// schema's text must not start programs through `file:` or custom schemes).
pub fn link_to_open(text: &str) -> Result<tauri::Url, IpcError> {
    let refused = |why: &str| IpcError::CannotOpen { message: format!("Not opened: {why}.") };
    let url = tauri::Url::parse(text.trim()).map_err(|_| refused("the link is not an absolute address"))?;
    match url.scheme() {
        "http" | "https" if url.host_str().is_some() => Ok(url),
        "mailto" => Ok(url),
        scheme => Err(refused(&format!("links of the {scheme}: kind are not opened from a schema"))),
    }
}
