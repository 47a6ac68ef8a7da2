//! Building a query from the explorer: each case is a document with the cursor marked `|`, the
//! field a person adds, and the document, variables and selection expected after it. Routes come
//! from the schema index's paths, as the app gets them. Every document built is checked to be
//! valid against the schema: what the "+" makes must run.

use apollo_compiler::{Schema, validation::Valid};
use language::build::{AddError, Addition, Outcome, Route, RouteStep, add_field};
use language::diagnostics::{Severity, diagnostics};
use schema_index::SchemaIndex;
use schema_index::paths::PathOptions;
use test_support::{fixture_schema, github_schema, railway_schema, split_cursor};

/// The routes the app passes: the index's shortest paths to the field.
fn routes(schema: &Valid<Schema>, coordinate: &str) -> Vec<Route> {
    let index = SchemaIndex::new(schema);
    let Some(target) = index.find(coordinate) else { return Vec::new() };
    index
        .paths_to(target, &PathOptions::default())
        .iter()
        .map(|path| {
            path.steps
                .iter()
                .map(|step| RouteStep {
                    on: step.on.map(|on| index.name(on).to_owned()),
                    parent: index.name(index.parent(step.field).expect("a field has a type")).to_owned(),
                    field: index.name(step.field).to_owned(),
                })
                .collect()
        })
        .collect()
}

fn add(schema: &Valid<Schema>, marked: &str, coordinate: &str) -> (String, Result<Addition, AddError>) {
    let (document, cursor) = split_cursor(marked);
    let (parent, field) = coordinate.split_once('.').expect("a field coordinate");
    let added = add_field(schema, &document, cursor, parent, field, &routes(schema, coordinate));
    (document, added)
}

fn apply(document: &str, addition: &Addition) -> String {
    let mut text = document.to_owned();
    for edit in addition.edits.iter().rev() {
        text.replace_range(edit.start..edit.end, &edit.text);
    }
    text
}

struct Case {
    marked: &'static str,
    add: &'static str,
    outcome: Outcome,
    expected: &'static str,
    /// (name, type, starting value)
    variables: &'static [(&'static str, &'static str, &'static str)],
}

fn check(schema: &Valid<Schema>, case: &Case) {
    let (document, added) = add(schema, case.marked, case.add);
    let addition = added.unwrap_or_else(|error| panic!("{} into {:?}: {error}", case.add, case.marked));
    let built = apply(&document, &addition);
    assert_eq!(built, case.expected, "{} into {:?}", case.add, case.marked);
    assert_eq!(addition.outcome, case.outcome, "{} into {:?}", case.add, case.marked);
    let field = case.add.split_once('.').unwrap().1;
    assert_eq!(&built[addition.select_start..addition.select_end], field, "the selection is the field's name in {built:?}");
    let variables: Vec<(String, String, serde_json::Value)> =
        addition.variables.iter().map(|variable| (variable.name.clone(), variable.type_text.clone(), variable.value.clone())).collect();
    let expected: Vec<(String, String, serde_json::Value)> = case
        .variables
        .iter()
        .map(|(name, ty, value)| (name.to_string(), ty.to_string(), serde_json::from_str(value).unwrap()))
        .collect();
    assert_eq!(variables, expected, "variables of {} into {:?}", case.add, case.marked);
    let errors: Vec<String> = diagnostics(schema, &built)
        .into_iter()
        .filter(|diagnostic| diagnostic.severity == Severity::Error)
        .map(|diagnostic| diagnostic.message)
        .collect();
    assert!(errors.is_empty(), "{built:?} is not valid: {errors:?}");
}

#[test]
fn adding_fields_to_the_fixture_schema() {
    use Outcome::*;
    let cases = [
        // An empty document gets a named operation.
        Case { marked: "|", add: "Query.me", outcome: NewOperation, expected: "query Me {\n  me {\n    id\n  }\n}\n", variables: &[] },
        // Into the selection set around the cursor, after its last line.
        Case {
            marked: "query {\n  me {\n    id|\n  }\n}",
            add: "User.name",
            outcome: Added,
            expected: "query {\n  me {\n    id\n    name\n  }\n}",
            variables: &[],
        },
        // A set written on one line stays on one line.
        Case { marked: "{ me { id| } }", add: "User.email", outcome: Added, expected: "{ me { id email } }", variables: &[] },
        Case { marked: "{ me {|} }", add: "User.email", outcome: Added, expected: "{ me { email } }", variables: &[] },
        // A field of an outer set when the inner one is of another type.
        Case {
            marked: "query {\n  me {\n    projects {\n      totalCount|\n    }\n  }\n}",
            add: "User.email",
            outcome: Added,
            expected: "query {\n  me {\n    projects {\n      totalCount\n    }\n    email\n  }\n}",
            variables: &[],
        },
        // Selected already: nothing changes, the field is selected.
        Case { marked: "{ me { id name| } }", add: "User.name", outcome: AlreadySelected, expected: "{ me { id name } }", variables: &[] },
        // The path is created, a required argument becomes a variable of the operation; the
        // shorthand gets a header for it. A list field selects a first field of its items.
        Case {
            marked: "{\n  me {\n    id\n  }\n|}",
            add: "Project.services",
            outcome: Added,
            expected: "query ($id: ID!) {\n  me {\n    id\n  }\n  project(id: $id) {\n    services {\n      id\n    }\n  }\n}",
            variables: &[("id", "ID!", "\"\"")],
        },
        // The path the operation already has is followed; the taken variable name is not reused.
        Case {
            marked: "query Q($id: ID!) {\n  project(id: $id) {\n    id\n  }\n}\n|",
            add: "Project.owner",
            outcome: Added,
            expected: "query Q($id: ID!) {\n  project(id: $id) {\n    id\n    owner {\n      id\n    }\n  }\n}\n",
            variables: &[],
        },
        Case {
            marked: "query Q($id: ID!) {\n  project(id: $id) {\n    id\n  }\n|}",
            add: "Query.node",
            outcome: Added,
            expected: "query Q($id: ID!, $nodeId: ID!) {\n  project(id: $id) {\n    id\n  }\n  node(id: $nodeId) {\n    id\n  }\n}",
            variables: &[("nodeId", "ID!", "\"\"")],
        },
        // A named operation without variables gets its parentheses.
        Case {
            marked: "query Q {\n  now|\n}",
            add: "Query.project",
            outcome: Added,
            expected: "query Q($id: ID!) {\n  now\n  project(id: $id) {\n    id\n  }\n}",
            variables: &[("id", "ID!", "\"\"")],
        },
        // An interface: the field of an implementation goes in `... on`.
        Case {
            marked: "query ($id: ID!) {\n  node(id: $id) {\n    id|\n  }\n}",
            add: "Project.name",
            outcome: Added,
            expected: "query ($id: ID!) {\n  node(id: $id) {\n    id\n    ... on Project {\n      name\n    }\n  }\n}",
            variables: &[],
        },
        // ... and into the `... on` already there.
        Case {
            marked: "query ($id: ID!) {\n  node(id: $id) {\n    ... on Project {\n      id\n    }|\n  }\n}",
            add: "Project.name",
            outcome: Added,
            expected: "query ($id: ID!) {\n  node(id: $id) {\n    ... on Project {\n      id\n      name\n    }\n  }\n}",
            variables: &[],
        },
        // An interface's own field needs no type condition.
        Case {
            marked: "query ($id: ID!) {\n  node(id: $id) {\n    __typename|\n  }\n}",
            add: "Project.id",
            outcome: Added,
            expected: "query ($id: ID!) {\n  node(id: $id) {\n    __typename\n    id\n  }\n}",
            variables: &[],
        },
        // A union.
        Case {
            marked: "query ($text: String!) {\n  search(text: $text) {\n    __typename|\n  }\n}",
            add: "User.email",
            outcome: Added,
            expected: "query ($text: String!) {\n  search(text: $text) {\n    __typename\n    ... on User {\n      email\n    }\n  }\n}",
            variables: &[],
        },
        // A field of another root: a new operation after the document, its variables with it;
        // an input object starts with its required fields.
        Case {
            marked: "query Q {\n  now|\n}\n",
            add: "Mutation.projectCreate",
            outcome: NewOperation,
            expected: "query Q {\n  now\n}\n\nmutation ProjectCreate($input: ProjectCreateInput!) {\n  projectCreate(input: $input) {\n    id\n  }\n}\n",
            variables: &[("input", "ProjectCreateInput!", r#"{"name": "", "isPublic": false}"#)],
        },
        // A @oneOf input has no required field.
        Case {
            marked: "|",
            add: "Query.service",
            outcome: NewOperation,
            expected: "query Service($locator: ServiceLocator!) {\n  service(locator: $locator) {\n    id\n  }\n}\n",
            variables: &[("locator", "ServiceLocator!", "{}")],
        },
        // A leaf field selects nothing inside; a subscription is an operation of its own kind.
        Case {
            marked: "mutation M {\n  projectDelete(id: \"1\")|\n}",
            add: "Subscription.deploymentStatus",
            outcome: NewOperation,
            expected: "mutation M {\n  projectDelete(id: \"1\")\n}\n\nsubscription DeploymentStatus($id: ID!) {\n  deploymentStatus(id: $id) {\n    id\n  }\n}\n",
            variables: &[("id", "ID!", "\"\"")],
        },
        Case {
            marked: "mutation M {\n  projectDelete(id: \"1\")|\n}",
            add: "Mutation.deploymentRedeploy",
            outcome: Added,
            expected: "mutation M($id: ID!) {\n  projectDelete(id: \"1\")\n  deploymentRedeploy(id: $id) {\n    id\n  }\n}",
            variables: &[("id", "ID!", "\"\"")],
        },
        // A field selected without a selection set gets one.
        Case {
            marked: "query {\n  me|\n}",
            add: "User.email",
            outcome: Added,
            expected: "query {\n  me {\n    email\n  }\n}",
            variables: &[],
        },
        // A new operation's name is not one the document has.
        Case {
            marked: "query Me { now }\nquery Other { now }\n|",
            add: "Query.me",
            outcome: NewOperation,
            expected: "query Me { now }\nquery Other { now }\n\nquery Me2 {\n  me {\n    id\n  }\n}\n",
            variables: &[],
        },
        // The document's own indentation.
        Case {
            marked: "query {\n\tme {\n\t\tid|\n\t}\n}",
            add: "User.projects",
            outcome: Added,
            expected: "query {\n\tme {\n\t\tid\n\t\tprojects {\n\t\t\ttotalCount\n\t\t}\n\t}\n}",
            variables: &[],
        },
        // A comment after the last selection stays with it.
        Case {
            marked: "query {\n  me {\n    id # mine|\n  }\n}",
            add: "User.name",
            outcome: Added,
            expected: "query {\n  me {\n    id # mine\n    name\n  }\n}",
            variables: &[],
        },
    ];
    for case in &cases {
        check(fixture_schema(), case);
    }
}

#[test]
fn adding_fields_to_real_schemas() {
    use Outcome::*;
    check(
        railway_schema(),
        &Case {
            marked: "|",
            add: "Project.services",
            outcome: NewOperation,
            expected: "query Project($id: String!) {\n  project(id: $id) {\n    services {\n      edges {\n        node {\n          id\n        }\n      }\n    }\n  }\n}\n",
            variables: &[("id", "String!", "\"\"")],
        },
    );
    // Nested required inputs start filled in.
    check(
        railway_schema(),
        &Case {
            marked: "|",
            add: "Mutation.updateServiceEdgeConfig",
            outcome: NewOperation,
            expected: "mutation UpdateServiceEdgeConfig($input: UpdateServiceEdgeConfigInput!) {\n  updateServiceEdgeConfig(input: $input) {\n    id\n  }\n}\n",
            variables: &[("input", "UpdateServiceEdgeConfigInput!", r#"{"config": {}, "environmentId": "", "serviceId": ""}"#)],
        },
    );
    // A list of inputs starts with one, its required inputs nested in it; a leaf result selects nothing.
    check(
        railway_schema(),
        &Case {
            marked: "mutation M {\n  __typename|\n}",
            add: "Mutation.observabilityDashboardUpdate",
            outcome: Added,
            expected: "mutation M($id: String!, $input: [ObservabilityDashboardUpdateInput!]!) {\n  __typename\n  observabilityDashboardUpdate(id: $id, input: $input)\n}",
            variables: &[
                ("id", "String!", "\"\""),
                (
                    "input",
                    "[ObservabilityDashboardUpdateInput!]!",
                    r#"[{"dashboardItem": {"config": {}, "id": "", "name": "", "type": "DNS_LOGS_ITEM"}, "displayConfig": "", "id": ""}]"#,
                ),
            ],
        },
    );
    check(
        github_schema(),
        &Case {
            marked: "query {\n  viewer {\n    login|\n  }\n}",
            add: "Repository.description",
            outcome: Added,
            expected: "query ($owner: String!, $name: String!) {\n  viewer {\n    login\n  }\n  repository(owner: $owner, name: $name) {\n    description\n  }\n}",
            variables: &[("owner", "String!", "\"\""), ("name", "String!", "\"\"")],
        },
    );
    check(
        github_schema(),
        &Case {
            marked: "|",
            add: "Mutation.createIssue",
            outcome: NewOperation,
            expected: "mutation CreateIssue($input: CreateIssueInput!) {\n  createIssue(input: $input) {\n    issue {\n      id\n    }\n  }\n}\n",
            variables: &[("input", "CreateIssueInput!", r#"{"repositoryId": "", "title": ""}"#)],
        },
    );
}

#[test]
fn what_cannot_be_added_says_why() {
    let cases: &[(&str, &str, AddError)] = &[
        ("|", "Query.nothing", AddError::UnknownField("Query.nothing".into())),
        ("|", "ProjectFilter.name", AddError::UnknownField("ProjectFilter.name".into())),
        ("query {\n  me {\n    id|", "User.name", AddError::Unfinished),
    ];
    for (marked, coordinate, expected) in cases {
        let (_, added) = add(fixture_schema(), marked, coordinate);
        assert_eq!(added.as_ref().err(), Some(expected), "{coordinate} into {marked:?}");
    }
}
