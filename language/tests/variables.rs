//! Variables check: each case is (document, operation name, variables JSON, expected problems as
//! (kind, variable name, fragment of the message)).

use language::variables::{VariableProblem, check_variables};
use language::{Schema, Valid};
use serde_json::json;
use test_support::{fixture_schema, github_schema};

fn parts(problem: &VariableProblem) -> (&'static str, &str, &str) {
    match problem {
        VariableProblem::UnknownOperation { message } => ("unknown_operation", "", message),
        VariableProblem::MissingRequired { name, message } => ("missing_required", name, message),
        VariableProblem::WrongType { name, message } => ("wrong_type", name, message),
        VariableProblem::UnknownVariable { name, message } => ("unknown_variable", name, message),
        VariableProblem::NotAnObject { message } => ("not_an_object", "", message),
    }
}

type Case<'a> = (&'a str, Option<&'a str>, serde_json::Value, &'a [(&'a str, &'a str, &'a str)]);

fn check_table_with(schema: &Valid<Schema>, cases: &[Case]) {
    let mut failures = Vec::new();
    for (document, operation, variables, expected) in cases {
        let found = check_variables(schema, document, *operation, variables);
        let found: Vec<_> = found.iter().map(parts).collect();
        let matches = found.len() == expected.len()
            && found.iter().zip(expected.iter()).all(|(f, e)| f.0 == e.0 && f.1 == e.1 && f.2.contains(e.2));
        if !matches {
            failures.push(format!("document {document:?} operation {operation:?} variables {variables}\nexpected {expected:#?}\nfound {found:#?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

const FILTER: &str = "query Q($filter: ProjectFilter, $first: Int) { projects(filter: $filter, first: $first) { totalCount } }";
const TWO: &str = "query A { me { id } } mutation B($id: ID!, $previous: Boolean) { deploymentRedeploy(id: $id, usePreviousImage: $previous) { id } }";

#[test]
fn variables_table() {
    let cases: &[Case] = &[
        // Choosing the operation
        ("query Q($id: ID!) { project(id: $id) { id } }", None, json!({"id": "1"}), &[]),
        (TWO, Some("B"), json!({"id": 1}), &[]),
        (TWO, None, json!({}), &[("unknown_operation", "", "several operations (\"A\", \"B\")")]),
        (TWO, Some("C"), json!({}), &[("unknown_operation", "", "No operation named \"C\"; the document has \"A\", \"B\"")]),
        ("", None, json!({}), &[("unknown_operation", "", "no operations")]),
        ("{ me { id } } query { me { id } }", None, json!({}), &[("unknown_operation", "", "(anonymous), (anonymous)")]),
        // The variables value itself
        (FILTER, None, json!(null), &[]),
        (FILTER, None, json!([1]), &[("not_an_object", "", "must be a JSON object, found a list")]),
        (FILTER, None, json!("x"), &[("not_an_object", "", "found \"x\"")]),
        // Missing, unknown, null
        (TWO, Some("B"), json!({}), &[("missing_required", "id", "Variable \"$id\" of required type \"ID!\" was not provided")]),
        (TWO, Some("B"), json!({"id": null}), &[("wrong_type", "id", "$id: expected ID!, found null")]),
        (TWO, Some("B"), json!({"id": "1", "previous": null}), &[]),
        (TWO, Some("B"), json!({"id": "1", "idd": 2}), &[("unknown_variable", "idd", "Variable \"$idd\" is not declared: Operation \"B\" declares $id, $previous")]),
        ("query Q($n: Int! = 3) { projects(first: $n) { totalCount } }", None, json!({}), &[]),
        // Scalars
        (FILTER, None, json!({"first": 10}), &[]),
        (FILTER, None, json!({"first": 1.0}), &[]),
        (FILTER, None, json!({"first": 1.5}), &[("wrong_type", "first", "$first: expected Int, found 1.5")]),
        (FILTER, None, json!({"first": 3_000_000_000u64}), &[("wrong_type", "first", "$first: expected Int, found 3000000000, outside the 32-bit range")]),
        (FILTER, None, json!({"first": -2147483648}), &[]),
        (FILTER, None, json!({"first": "10"}), &[("wrong_type", "first", "$first: expected Int, found \"10\"")]),
        ("query Q($b: Boolean) { deploymentRedeploy(id: 1, usePreviousImage: $b) { id } }", None, json!({"b": "true"}), &[("wrong_type", "b", "$b: expected Boolean, found \"true\"")]),
        ("query Q($id: ID!) { project(id: $id) { id } }", None, json!({"id": 1.5}), &[("wrong_type", "id", "$id: expected ID, found 1.5")]),
        ("query Q($t: String!) { search(text: $t) { __typename } }", None, json!({"t": 5}), &[("wrong_type", "t", "$t: expected String, found 5")]),
        ("query Q($t: String!, $l: Int) { search(text: $t, limit: $l) { __typename } }", None, json!({"t": {}, "l": true}), &[("wrong_type", "t", "$t: expected String, found an object"), ("wrong_type", "l", "$l: expected Int, found true")]),
        ("query Q($f: Float) { me { avatar(size: 1) } }", None, json!({"f": 1}), &[]),
        ("query Q($d: DateTime) { me { id } }", None, json!({"d": {"any": "thing"}}), &[]),
        // Enums
        ("query Q($o: Order) { projects(order: $o) { totalCount } }", None, json!({"o": "ASC"}), &[]),
        ("query Q($o: Order) { projects(order: $o) { totalCount } }", None, json!({"o": "UP"}), &[("wrong_type", "o", "$o: expected Order (one of ASC, DESC), found \"UP\"")]),
        ("query Q($o: Order) { projects(order: $o) { totalCount } }", None, json!({"o": 1}), &[("wrong_type", "o", "found 1")]),
        // Input objects, deep
        (FILTER, None, json!({"filter": {"name": "x", "owner": {"id": "1"}}}), &[]),
        (FILTER, None, json!({"filter": {"owner": {"id": true}}}), &[("wrong_type", "filter", "$filter.owner.id: expected ID, found true")]),
        (FILTER, None, json!({"filter": {"nme": "x"}}), &[("wrong_type", "filter", "$filter.nme: ProjectFilter has no field \"nme\"; did you mean \"name\"?")]),
        (FILTER, None, json!({"filter": {"status": "NOPE", "owner": 1}}), &[("wrong_type", "filter", "$filter.status: expected DeploymentStatus"), ("wrong_type", "filter", "$filter.owner: expected OwnerFilter, found 1")]),
        (FILTER, None, json!({"filter": []}), &[("wrong_type", "filter", "$filter: expected ProjectFilter, found a list")]),
        ("mutation M($input: ProjectCreateInput!) { projectCreate(input: $input) { id } }", None, json!({"input": {"name": "x"}}), &[("wrong_type", "input", "$input.isPublic: required field of type Boolean! was not provided")]),
        ("mutation M($input: ProjectCreateInput!) { projectCreate(input: $input) { id } }", None, json!({"input": {"name": null, "isPublic": false}}), &[("wrong_type", "input", "$input.name: expected String!, found null")]),
        // Lists, including a single value standing for a list of one
        (FILTER, None, json!({"filter": {"tags": ["a", "b"]}}), &[]),
        (FILTER, None, json!({"filter": {"tags": "a"}}), &[]),
        (FILTER, None, json!({"filter": {"tags": ["a", null, 3]}}), &[("wrong_type", "filter", "$filter.tags[1]: expected String!, found null"), ("wrong_type", "filter", "$filter.tags[2]: expected String, found 3")]),
        ("query Q($s: [DeploymentStatus!]!) { project(id: 1) { deployments(statuses: $s) { id } } }", None, json!({"s": "QUEUED"}), &[]),
        ("query Q($s: [DeploymentStatus!]!) { project(id: 1) { deployments(statuses: $s) { id } } }", None, json!({"s": ["QUEUED", "DONE"]}), &[("wrong_type", "s", "$s[1]: expected DeploymentStatus")]),
        ("query Q($m: [[Int]]) { me { id } }", None, json!({"m": [[1], 2, [true]]}), &[("wrong_type", "m", "$m[2][0]: expected Int, found true")]),
        // oneOf input objects take exactly one non-null field
        ("query Q($l: ServiceLocator!) { service(locator: $l) { id } }", None, json!({"l": {"id": "1"}}), &[]),
        ("query Q($l: ServiceLocator!) { service(locator: $l) { id } }", None, json!({"l": {"id": "1", "name": "x"}}), &[("wrong_type", "l", "$l: ServiceLocator takes exactly one field")]),
        ("query Q($l: ServiceLocator!) { service(locator: $l) { id } }", None, json!({"l": {}}), &[("wrong_type", "l", "found none")]),
        ("query Q($l: ServiceLocator!) { service(locator: $l) { id } }", None, json!({"l": {"id": null}}), &[("wrong_type", "l", "takes exactly one field, not null")]),
        // Broken documents still give their variables
        ("query Q($id: ID!) { project(id: $id) { id ", None, json!({}), &[("missing_required", "id", "\"$id\"")]),
    ];
    check_table_with(fixture_schema(), cases);
}

#[test]
fn github_schema_variables() {
    let document = "query ($owner: String!, $name: String!, $states: [IssueState!]) { repository(owner: $owner, name: $name) { issues(first: 1, states: $states) { totalCount } } }";
    let cases: &[Case] = &[
        (document, None, json!({"owner": "rust-lang", "name": "rust", "states": "OPEN"}), &[]),
        (document, None, json!({"owner": "rust-lang", "states": ["OPEN", "SHUT"]}), &[("missing_required", "name", "$name"), ("wrong_type", "states", "$states[1]: expected IssueState (one of")]),
    ];
    check_table_with(github_schema(), cases);
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let document = format!("query Deep($id: ID!) {{ {} }}", "a { ".repeat(10_000));
    let found = check_variables(fixture_schema(), &document, None, &json!({}));
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(matches!(&found[0], VariableProblem::MissingRequired { name, .. } if name == "id"));
    let lists = format!("query Deep($id: {}ID{}) {{ a }}", "[".repeat(10_000), "]".repeat(10_000));
    let _ = check_variables(fixture_schema(), &lists, None, &json!({"id": 1}));
}
