//! Diagnostics: each case is a document and the diagnostics expected in it, in document order, as
//! (text at the diagnostic's range, fragment of its message). Warnings start their fragment with
//! `warning: `.

use language::diagnostics::{Diagnostic, Severity, diagnostics};
use language::{Schema, Valid};
use test_support::{fixture_schema, github_schema};

fn describe(document: &str, found: &[Diagnostic]) -> String {
    found
        .iter()
        .map(|d| format!("  {:?} {:?} {:?}", document.get(d.start..d.end).unwrap_or("<bad range>"), d.severity, d.message))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Compares the diagnostics of `document` with `expected`; `Err` describes every difference.
fn compare(schema: &Valid<Schema>, document: &str, expected: &[(&str, &str)]) -> Result<(), String> {
    let found = diagnostics(schema, document);
    let report = |what: String| Err(format!("{what}\ndocument {document:?}\nfound:\n{}", describe(document, &found)));
    if found.len() != expected.len() {
        return report(format!("expected {} diagnostics, found {}", expected.len(), found.len()));
    }
    for (diagnostic, &(text, fragment)) in found.iter().zip(expected) {
        let (severity, fragment) = match fragment.strip_prefix("warning: ") {
            Some(rest) => (Severity::Warning, rest),
            None => (Severity::Error, fragment),
        };
        if !(diagnostic.start <= diagnostic.end && diagnostic.end <= document.len()) {
            return report(format!("bad range {}..{}", diagnostic.start, diagnostic.end));
        }
        if document.get(diagnostic.start..diagnostic.end) != Some(text) {
            return report(format!("expected the text {text:?} at the range"));
        }
        if !diagnostic.message.contains(fragment) {
            return report(format!("expected a message containing {fragment:?}"));
        }
        if diagnostic.severity != severity {
            return report(format!("expected severity {severity:?}"));
        }
    }
    Ok(())
}

/// Checks a table of cases and reports every failing case at once.
fn check_table_with(schema: &Valid<Schema>, cases: &[(&str, &[(&str, &str)])]) {
    let failures: Vec<String> =
        cases.iter().filter_map(|(document, expected)| compare(schema, document, expected).err()).collect();
    assert!(failures.is_empty(), "{} of {} cases failed:\n\n{}", failures.len(), cases.len(), failures.join("\n\n"));
}

fn check_table(cases: &[(&str, &[(&str, &str)])]) {
    check_table_with(fixture_schema(), cases)
}

fn check_diagnostics(document: &str, expected: &[(&str, &str)]) {
    check_table(&[(document, expected)])
}

#[test]
fn documents_without_definitions_have_no_diagnostics() {
    for document in ["", "   \n\t", "# just a comment\n# and another", ",,,"] {
        check_diagnostics(document, &[]);
    }
}

#[test]
fn valid_documents_have_no_diagnostics() {
    let cases = [
        "{ me { id name } }",
        "query Q($id: ID!, $first: Int = 10) { project(id: $id) { name deployments(last: $first) { status } } }",
        "query { search(text: \"x\") { __typename ... on User { name } ... on Project { name } } }",
        "fragment F on Node { id } query { node(id: 1) { ...F } }",
        "mutation M($input: ProjectCreateInput!) { projectCreate(input: $input) { id } }",
        "subscription S { deploymentStatus(id: 1) { status } }",
        "query @trace { me @cached(seconds: 1) @cached(seconds: 2) { id } }",
        "{ service(locator: {id: 1}) { name } }",
        "{ projects(filter: {tags: \"one\", owner: {id: 1}}) { totalCount } }",
        "query ($ids: [DeploymentStatus!] = [QUEUED]) { project(id: 1) { deployments(statuses: $ids) { id } } }",
    ];
    for document in cases {
        check_diagnostics(document, &[]);
    }
}

/// One line per rule of the spec's Validation section (and a few more); the first comment names it.
#[test]
fn validation_rules() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        // 5.2.1.1 Operation Name Uniqueness
        ("query A { me { id } } query A { me { id } }", &[("A", "There can be only one operation named \"A\"")]),
        // 5.2.2.1 Lone Anonymous Operation
        ("{ me { id } } query B { me { id } }", &[("{", "This anonymous operation must be the only defined operation")]),
        // 5.2.3.1 Single Root Field (subscriptions)
        ("subscription S { deploymentStatus(id: 1) { id } again: deploymentStatus(id: 2) { id } }", &[("deploymentStatus", "Subscription \"S\" must select only one top level field")]),
        ("subscription { deploymentStatus(id: 1) { id } __typename }", &[("__typename", "Anonymous Subscription must select only one top level field"), ("__typename", "must not select an introspection top level field")]),
        // 5.3.1 Field Selections
        ("{ me { nme } }", &[("nme", "Cannot query field \"nme\" on type \"User\". Did you mean \"name\"?")]),
        ("{ me { n: nme } }", &[("nme", "Cannot query field \"nme\" on type \"User\"")]),
        ("{ search(text: \"x\") { name } }", &[("name", "Cannot query field \"name\" on type \"SearchResult\"")]),
        // 5.3.2 Field Selection Merging
        ("{ me { name: email name } }", &[("name", "Fields \"name\" conflict because \"email\" and \"name\" are different fields")]),
        ("{ me { name: avatar(size: 1) name } }", &[("name", "Fields \"name\" conflict because \"avatar\" and \"name\" are different fields")]),
        ("{ search(text: \"\") { ... on User { x: name } ... on Project { x: description } } }", &[("x", "Fields \"x\" conflict because they return conflicting types \"String!\" and \"String\"")]),
        ("{ search(text: \"\") { ... on User { x: email } ... on Service { x: icon } } me { x: name x: email } }", &[("x", "Fields \"x\" conflict because \"name\" and \"email\" are different fields")]),
        ("{ project(id: 1) { name } project(id: 2) { name } }", &[("project", "Fields \"project\" conflict because they have differing arguments")]),
        // 5.3.3 Leaf Field Selections
        ("{ me }", &[("me", "Field \"me\" of type \"User!\" must have a selection of subfields")]),
        ("{ me { name { x } } }", &[("name", "Field \"name\" must not have a selection since type \"String\" has no subfields")]),
        // 5.4.1 Argument Names
        ("{ project(id: 1, idd: 2) { id } }", &[("idd", "Unknown argument \"idd\" on field \"Query.project\". Did you mean \"id\"?")]),
        ("{ me @skip(iff: true) { id } }", &[("@skip", "argument \"if\""), ("iff", "Unknown argument \"iff\"")]),
        // 5.4.2 Argument Uniqueness
        ("{ project(id: 1, id: 2) { id } }", &[("id", "There can be only one argument named \"id\"")]),
        // 5.4.2.1 Required Arguments
        ("{ project { id } }", &[("project", "argument \"id\" of type \"ID!\" is required")]),
        // 5.5.1.1 Fragment Name Uniqueness
        ("fragment F on User { id } fragment F on User { id } { me { ...F } }", &[("F", "There can be only one fragment named \"F\"")]),
        // 5.5.1.2 Fragment Spread Type Existence
        ("fragment F on Usr { id } { me { ...F } }", &[("Usr", "Unknown type \"Usr\". Did you mean \"User\"?")]),
        ("{ me { ... on Usr { id } } }", &[("Usr", "Unknown type \"Usr\"")]),
        // 5.5.1.3 Fragments On Composite Types
        ("fragment F on String { length } { me { ...F } }", &[("String", "Fragment \"F\" cannot condition on non composite type \"String\""), ("length", "Cannot query field"), ("F", "can never be of type \"String\"")]),
        ("{ me { ... on String { length } } }", &[("String", "Fragment cannot condition on non composite type \"String\""), ("length", "Cannot query field")]),
        // 5.5.1.4 Fragments Must Be Used
        ("fragment F on User { id } { me { id } }", &[("F", "Fragment \"F\" is never used")]),
        // 5.5.2.1 Fragment Spread Target Defined
        ("fragment Fields on User { id } { me { ...Field } }", &[("Fields", "never used"), ("Field", "Unknown fragment \"Field\". Did you mean \"Fields\"?")]),
        // 5.5.2.2 Fragment Spreads Must Not Form Cycles
        ("fragment A on User { ...B } fragment B on User { ...A } { me { ...A } }", &[("A", "Cannot spread fragment \"A\" within itself")]),
        // 5.5.2.3 Fragment Spread Is Possible
        ("{ me { ... on Project { id } } }", &[("Project", "objects of type \"User\" can never be of type \"Project\"")]),
        ("fragment P on Project { id } { me { ...P } }", &[("P", "Fragment \"P\" cannot be spread here")]),
        // 5.6.1 Values of Correct Type
        ("{ project(id: true) { id } }", &[("true", "ID cannot represent value: true")]),
        ("{ projects(order: UP) { totalCount } }", &[("UP", "Value \"UP\" does not exist in \"Order\" enum")]),
        ("{ projects(first: 99999999999999999999999) { totalCount } }", &[("99999999999999999999999", "Int cannot represent non 32-bit signed integer value")]),
        ("{ projects(first: 1.5) { totalCount } }", &[("1.5", "Int cannot represent")]),
        // 5.6.2 Input Object Field Names
        ("{ projects(filter: {nme: \"x\"}) { totalCount } }", &[("nme", "Field \"nme\" is not defined by type \"ProjectFilter\". Did you mean \"name\"?")]),
        // 5.6.3 Input Object Field Uniqueness, at every depth
        ("{ projects(filter: {name: \"a\", name: \"b\"}) { totalCount } }", &[("name", "There can be only one input field named \"name\"")]),
        ("{ projects(filter: {owner: {id: 1, id: 2}}) { totalCount } }", &[("id", "There can be only one input field named \"id\"")]),
        ("query Q($f: ProjectFilter = {name: \"a\", name: \"b\"}) { projects(filter: $f) { totalCount } }", &[("name", "There can be only one input field named \"name\"")]),
        ("{ me @include(if: {a: 1, a: 2}) { id } }", &[("{a: 1, a: 2}", "Boolean cannot represent"), ("a", "There can be only one input field named \"a\"")]),
        // OneOf input objects take exactly one field, not null
        ("{ service(locator: {id: 1, name: \"x\"}) { id } }", &[("{id: 1, name: \"x\"}", "OneOf input object \"ServiceLocator\" must specify exactly one key")]),
        ("{ service(locator: {id: null}) { id } }", &[("{id: null}", "OneOf input object")]),
        ("{ service(locator: {}) { id } }", &[("{}", "OneOf input object")]),
        // 5.6.4 Input Object Required Fields
        ("mutation { projectCreate(input: {name: \"x\"}) { id } }", &[("{name: \"x\"}", "Field \"ProjectCreateInput.isPublic\" of required type \"Boolean!\" was not provided")]),
        // 5.7.1 Directives Are Defined
        ("{ me @skp(if: true) { id } }", &[("@skp", "Unknown directive \"@skp\". Did you mean \"@skip\"?")]),
        // 5.7.2 Directives Are In Valid Locations
        ("{ me @computed { id } }", &[("@computed", "Directive \"@computed\" may not be used on FIELD")]),
        // 5.7.3 Directives Are Unique Per Location
        ("{ me @skip(if: true) @skip(if: false) { id } }", &[("@skip", "The directive \"@skip\" can only be used once at this location")]),
        // 5.8.1 Variable Uniqueness
        ("query Q($a: ID!, $a: ID!) { project(id: $a) { id } }", &[("$a", "There can be only one variable named \"$a\"")]),
        // 5.8.2 Variables Are Input Types
        ("query Q($a: User) { me { id } }", &[("$a", "never used"), ("User", "Variable \"$a\" cannot be non-input type \"User\"")]),
        // 5.8.3 All Variable Uses Defined
        ("{ project(id: $x) { id } }", &[("$x", "Variable \"$x\" is not defined")]),
        // 5.8.4 All Variables Used
        ("query Q($a: ID) { me { id } }", &[("$a", "Variable \"$a\" is never used")]),
        // 5.8.5 All Variable Usages Are Allowed
        ("query Q($a: String) { project(id: $a) { id } }", &[("$a", "Variable \"$a\" of type \"String\" used in position expecting type \"ID!\"")]),
    ];
    check_table(cases);
}

#[test]
fn deprecated_usage_is_a_warning_with_the_reason() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("{ me { username } }", &[("username", "warning: The field \"User.username\" is deprecated. Use `name`.")]),
        ("{ allProjects { id } }", &[("allProjects", "warning: Use `projects`.")]),
        ("{ project(id: 1) { deployments(status: CRASHED) { id } } }", &[("CRASHED", "warning: The enum value \"DeploymentStatus.CRASHED\" is deprecated. Use `FAILED`.")]),
        ("{ project(id: 1) { deployments(statuses: [QUEUED, CRASHED]) { id } } }", &[("CRASHED", "warning: Use `FAILED`.")]),
        ("mutation { projectCreate(input: {name: \"x\", isPublic: true, public: true}) { id } }", &[("public", "warning: The input field \"ProjectCreateInput.public\" is deprecated. Use `isPublic`.")]),
        ("query ($s: DeploymentStatus = CRASHED) { project(id: 1) { deployments(status: $s) { id } } }", &[("CRASHED", "warning: Use `FAILED`.")]),
        ("{ me { username nme } }", &[("username", "warning: deprecated"), ("nme", "Cannot query field")]),
    ];
    check_table(cases);
}

#[test]
fn syntax_errors_are_all_reported() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("{ me { id }", &[("", "syntax error: expected R_CURLY")]),
        ("{ me(id: ) { id } }", &[(")", "syntax error")]),
        ("query Q($a: ) { me { id } } query R { me { id } ) }", &[(")", "syntax error: expected a Type"), (")", "syntax error: expected R_CURLY, got )"), ("}", "syntax error")]),
        // A broken definition hides its validation errors, a sound one keeps them.
        ("{ me { nme } }\nquery Broken { me { id }", &[("{", "anonymous operation"), ("nme", "Cannot query field"), ("", "syntax error")]),
        ("§", &[("§", "syntax error: Unexpected character \"§\""), ("", "syntax error: Unexpected <EOF>")]),
        // Type system definitions do not belong in an operations document.
        ("type T { a: Int }\n{ me { id } }", &[("T", "The \"T\" definition is not executable")]),
    ];
    check_table(cases);
}

#[test]
fn github_schema_cases() {
    let cases: &[(&str, &[(&str, &str)])] = &[
        ("{ viewer { login name } }", &[]),
        // Root operation types the schema lacks
        ("subscription { x }", &[("subscription", "The schema has no \"subscription\" root type defined")]),
        ("query ($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { issues(first: 10, states: [OPEN]) { nodes { title author { login } } } } }", &[]),
        ("{ viewer { logn } }", &[("logn", "Cannot query field \"logn\" on type \"User\". Did you mean \"login\"?")]),
        ("{ repository(owner: \"a\") { id } }", &[("repository", "argument \"name\" of type \"String!\" is required")]),
        ("{ repository(owner: \"a\", name: \"b\") { issues(first: 10, states: [OPENED]) { totalCount } } }", &[("OPENED", "Value \"OPENED\" does not exist in \"IssueState\" enum")]),
    ];
    check_table_with(github_schema(), cases);
}

#[test]
fn hostile_documents_give_diagnostics_not_panics() {
    // Braces alone are not nesting but one syntax error each: reported once per position, and
    // capped.
    let braces = "{".repeat(10_000);
    let found = diagnostics(fixture_schema(), &braces);
    assert!(!found.is_empty() && found.len() <= 101, "{} diagnostics: {}", found.len(), describe(&braces, &found[..found.len().min(5)]));
    let deep_selections = format!("{{ me {} }}", "{ a ".repeat(10_000));
    let deep_lists = format!("{{ projects(filter: {{tags: {}\"x\"{}}}) {{ totalCount }} }}", "[".repeat(10_000), "]".repeat(10_000));
    let deep_objects = format!("{{ projects(filter: {}{}) {{ totalCount }} }}", "{owner: ".repeat(10_000), "}".repeat(10_000));
    for document in [&deep_selections, &deep_lists, &deep_objects] {
        let found = diagnostics(fixture_schema(), document);
        assert!(found.iter().any(|d| d.message.contains("nests too deeply")), "{}", describe(document, &found));
    }
    // 50 MB: the parser stops at its token limit and says so.
    let huge = format!("query Q {{ me {{ {} }} }}", "name ".repeat(10_000_000));
    let found = diagnostics(fixture_schema(), &huge);
    assert!(found.iter().any(|d| d.message.contains("too long to check")), "{:?}", &found[..found.len().min(3)]);

    for garbage in ["}}}}", "(((", "\"unterminated", "\"\"\"block", "query ($: ) @ { ... on }", "\u{0}\u{1}", "{ f(a: -) }", "{ a(b: $) }"] {
        let found = diagnostics(fixture_schema(), garbage);
        assert!(!found.is_empty(), "{garbage:?} should have a diagnostic");
        for d in &found {
            assert!(d.start <= d.end && d.end <= garbage.len() && garbage.is_char_boundary(d.start) && garbage.is_char_boundary(d.end), "{garbage:?}: {d:?}");
        }
    }
}

/// Every prefix of some real documents, cut at every character: what an editor sees while a person
/// types. Nothing panics, every range lies on character boundaries inside the text.
#[test]
fn every_prefix_of_a_document_is_handled() {
    let documents = [
        "query Q($id: ID!, $f: ProjectFilter = {name: \"é\", tags: [\"a\"]}) @trace {\n  project(id: $id) { ...P deployments(status: CRASHED) { id } }\n}\nfragment P on Project { name owner { username } }",
        "mutation { projectCreate(input: {name: \"\"\"block 😀\"\"\", isPublic: true}) { id } } # done",
    ];
    for document in documents {
        for (cut, _) in document.char_indices() {
            let prefix = &document[..cut];
            for d in diagnostics(fixture_schema(), prefix) {
                assert!(
                    d.start <= d.end && d.end <= prefix.len() && prefix.is_char_boundary(d.start) && prefix.is_char_boundary(d.end),
                    "{prefix:?}: {d:?}"
                );
            }
        }
    }
}

/// Regression: `sextant check` accepted an empty document; the spec requires at least one
/// definition. The editor's diagnostics stay quiet on an empty buffer.
#[test]
fn a_check_of_a_whole_file_refuses_a_document_without_definitions() {
    let schema = test_support::fixture_schema();
    for document in ["", "  \n", "# only a comment\n", ",,,"] {
        let found = language::diagnostics::check(schema, document);
        assert_eq!(found.len(), 1, "{document:?}: {found:?}");
        assert!(found[0].message.contains("at least one definition"), "{document:?}: {found:?}");
        assert!(language::diagnostics::diagnostics(schema, document).is_empty(), "{document:?}: an editor stays quiet");
    }
    assert!(language::diagnostics::check(schema, "{ me { name } }").is_empty());
}
