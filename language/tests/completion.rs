//! Completion, table-driven: each case is a document with `|` at the cursor and what must be offered.

use language::Valid;
use language::completion::{CompletionKind, complete};
use language::Schema;
use test_support::{fixture_schema, github_schema, railway_schema, split_cursor};

fn labels(schema: &Valid<Schema>, marked: &str) -> Vec<String> {
    let (text, cursor) = split_cursor(marked);
    complete(schema, &text, cursor).items.into_iter().map(|item| item.label.into_owned()).collect()
}

/// The labels start with `expected`, in that order.
fn check(schema: &Valid<Schema>, marked: &str, expected: &[&str]) {
    let labels = labels(schema, marked);
    assert!(
        labels.len() >= expected.len() && labels[..expected.len()] == *expected,
        "{marked:?}: expected the list to start with {expected:?}, got {labels:?}"
    );
}

/// The labels are exactly `expected`, in that order.
fn check_exact(schema: &Valid<Schema>, marked: &str, expected: &[&str]) {
    let labels = labels(schema, marked);
    assert_eq!(labels, expected, "{marked:?}");
}

/// Every label of `present` is offered and none of `absent`.
fn check_has(schema: &Valid<Schema>, marked: &str, present: &[&str], absent: &[&str]) {
    let labels = labels(schema, marked);
    for label in present {
        assert!(labels.iter().any(|l| l == label), "{marked:?}: expected {label:?} in {labels:?}");
    }
    for label in absent {
        assert!(!labels.iter().any(|l| l == label), "{marked:?}: did not expect {label:?} in {labels:?}");
    }
}

#[test]
fn fields_at_every_depth_of_a_selection_set() {
    let schema = fixture_schema();
    let cases: &[(&str, &[&str])] = &[
        ("{ pro| }", &["project", "projects"]),
        ("{ | }", &["me", "project", "projects", "node", "search", "service", "now", "__typename", "__schema", "__type", "allProjects"]),
        ("{ me { | } }", &["id", "createdAt", "updatedAt", "name", "email", "avatar", "projects", "__typename", "username"]),
        ("{ me { na| } }", &["name"]),
        ("{ me { projects { edges { node { own| } } } } }", &["owner"]),
        ("{ me { projects { edges { node { owner { em| } } } } } }", &["email"]),
        ("{ project(id: 1) { services { project { deploy| } } } }", &["deployments"]),
        ("{ project(id: 1) {\n  name\n  |\n} }", &["id", "createdAt"]),
        ("{ me { name\n  ema| } }", &["email"]),
        // Aliases resolve the field they name.
        ("{ mine: me { na| } }", &["name"]),
        ("{ a: project(id: 1) { owner { ema| } } }", &["email"]),
        ("{ a: pro| }", &["project", "projects"]),
        // Inline fragments and fragment definitions.
        ("{ node(id: 1) { ... on Project { descr| } } }", &["description"]),
        ("{ node(id: 1) { ... on Timestamped { | } } }", &["createdAt", "updatedAt", "__typename"]),
        ("fragment F on Service { ic| }", &["icon"]),
        ("fragment F on User { projects { totalC| } }", &["totalCount"]),
        ("{ me { ... @trace { na| } } }", &["name"]),
        // Interfaces list their own fields.
        ("{ node(id: 1) { | } }", &["id", "__typename"]),
        // Mutations and subscriptions start at their roots.
        ("mutation { project| }", &["projectCreate", "projectDelete"]),
        ("mutation M { deploymentRedeploy(id: 1) { ur| } }", &["url"]),
        ("subscription { | }", &["deploymentStatus", "__typename"]),
        // Documents with several definitions.
        ("query A { me { name } }\nquery B { pro| }", &["project", "projects"]),
        ("fragment F on User { name }\n{ me { ...F } project(id: 1) { na| } }", &["name"]),
    ];
    for &(marked, expected) in cases {
        check(schema, marked, expected);
    }
}

#[test]
fn unions_offer_only_typename_and_type_conditions() {
    let schema = fixture_schema();
    check_exact(schema, "{ search(text: \"a\") { | } }", &["__typename", "... on User", "... on Project", "... on Service"]);
    check_has(schema, "{ search(text: \"a\") { na| } }", &[], &["name"]);
    check(schema, "{ search(text: \"a\") { ... on User { na| } } }", &["name"]);
}

#[test]
fn meta_fields_only_where_they_apply() {
    let schema = fixture_schema();
    check_has(schema, "{ __| }", &["__typename", "__schema", "__type"], &[]);
    check_has(schema, "{ me { __| } }", &["__typename"], &["__schema", "__type"]);
    check(schema, "{ __schema { quer| } }", &["queryType"]);
}

#[test]
fn arguments_of_fields_and_directives() {
    let schema = fixture_schema();
    let cases: &[(&str, &[&str])] = &[
        ("{ project(| }", &["id"]),
        ("{ projects(| ) }", &["first", "after", "filter", "order"]),
        ("{ projects(first: 1, | ) }", &["after", "filter", "order"]),
        ("{ projects(first: 1, af| }", &["after"]),
        ("{ projects(|, first: 2) }", &["after", "filter", "order"]),
        ("{ project(id: 1) { deployments(| ) { id } } }", &["status", "statuses", "order", "last"]),
        ("{ me { avatar(| ) } }", &["size"]),
        ("{ me @cached(| ) { id } }", &["seconds", "scope"]),
        ("{ me @cached(seconds: 1, | ) { id } }", &["scope"]),
        ("{ me { name @include(| ) } }", &["if"]),
    ];
    for &(marked, expected) in cases {
        check_exact(fixture_schema(), marked, expected);
    }
    check_exact(schema, "{ project(id: 1| }", &[]);
}

#[test]
fn argument_values() {
    let schema = fixture_schema();
    let cases: &[(&str, &[&str])] = &[
        // Enum values, deprecated last.
        ("{ project(id: 1) { deployments(status: | ) { id } } }", &["QUEUED", "BUILDING", "SUCCESS", "FAILED", "null", "CRASHED"]),
        ("{ project(id: 1) { deployments(status: F| ) { id } } }", &["FAILED"]),
        // A list of enums accepts one value too.
        ("{ project(id: 1) { deployments(statuses: | ) { id } } }", &["QUEUED", "BUILDING", "SUCCESS", "FAILED", "null", "CRASHED"]),
        // List items use the item type (non-null: no `null`).
        ("{ project(id: 1) { deployments(statuses: [QUEUED, | ]) { id } } }", &["QUEUED", "BUILDING", "SUCCESS", "FAILED", "CRASHED"]),
        ("{ projects(order: | ) { totalCount } }", &["ASC", "DESC", "null"]),
        ("mutation { deploymentRedeploy(id: 1, usePreviousImage: | ) { id } }", &["true", "false", "null"]),
        // Non-null Boolean: no null.
        ("mutation { projectCreate(input: { isPublic: | }) { id } }", &["true", "false"]),
        ("{ me @cached(seconds: 1, scope: | ) { id } }", &["PUBLIC", "PRIVATE", "null"]),
        ("{ me { name @include(if: | ) } }", &["true", "false"]),
        // Nested input objects: fields not given yet.
        ("{ projects(filter: { | }) { totalCount } }", &["name", "status", "createdAfter", "tags", "owner", "includeArchived"]),
        ("{ projects(filter: { name: \"x\", | }) { totalCount } }", &["status", "createdAfter", "tags", "owner", "includeArchived"]),
        ("{ projects(filter: { | name: \"x\" }) { totalCount } }", &["status", "createdAfter", "tags", "owner", "includeArchived"]),
        ("{ projects(filter: { owner: { | ", &["id", "email"]),
        ("{ projects(filter: { status: | }) { totalCount } }", &["QUEUED", "BUILDING", "SUCCESS", "FAILED", "null", "CRASHED"]),
        ("{ projects(filter: { owner: { id: 1 }, includeArchived: t| }) { totalCount } }", &["true"]),
        ("{ service(locator: { | }) { id } }", &["id", "name"]),
        ("mutation { projectCreate(input: { | }) { id } }", &["name", "description", "isPublic", "public"]),
        // Scalars other than Boolean have no literal to offer.
        ("{ project(id: | ) { id } }", &[]),
    ];
    for &(marked, expected) in cases {
        check_exact(schema, marked, expected);
    }
}

#[test]
fn variables_only_where_their_type_fits() {
    let schema = fixture_schema();
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("query ($id: ID!) { project(id: $| ", &["$id"], &[]),
        ("query ($id: ID!, $x: String) { project(id: | ) { id } }", &["$id"], &["$x"]),
        ("query ($id: ID) { project(id: $| ) { id } }", &[], &["$id"]),
        ("query ($id: ID = 1) { project(id: $| ) { id } }", &["$id"], &[]),
        ("query ($id: ID!) { projects(after: $| ) { totalCount } }", &[], &["$id"]),
        ("query ($n: Int!, $m: Int) { projects(first: $| ) { totalCount } }", &["$n", "$m"], &[]),
        ("query ($s: [DeploymentStatus!]!, $t: DeploymentStatus) { project(id: 1) { deployments(statuses: $| ) { id } } }", &["$s"], &["$t"]),
        ("query ($t: DeploymentStatus!) { project(id: 1) { deployments(statuses: [$| ]) { id } } }", &["$t"], &[]),
        ("query ($t: [DeploymentStatus]) { project(id: 1) { deployments(statuses: $| ) { id } } }", &[], &["$t"]),
        ("query ($f: ProjectFilter) { projects(filter: $| ) { totalCount } }", &["$f"], &[]),
        ("query ($e: String) { projects(filter: { owner: { email: $| } }) { totalCount } }", &["$e"], &[]),
        // An argument with a default accepts a nullable variable.
        ("query ($o: Order) { projects(order: $| ) { totalCount } }", &["$o"], &[]),
        ("query ($b: Boolean) { me { name @include(if: $| ) } }", &[], &["$b"]),
        ("query ($b: Boolean!) { me { name @include(if: | ) } }", &["true", "false", "$b"], &[]),
        // Only the operation's own variables.
        ("query A ($a: ID!) { me { id } }\nquery B ($b: ID!) { project(id: $| ) { id } }", &["$b"], &["$a"]),
        // Default values are constants.
        ("query ($a: ID!, $o: Order = | ) { me { id } }", &["ASC", "DESC"], &["$a"]),
    ];
    for &(marked, present, absent) in cases {
        check_has(schema, marked, present, absent);
    }
}

#[test]
fn variable_replacement_covers_the_dollar() {
    let schema = fixture_schema();
    let (text, cursor) = split_cursor("query ($id: ID!) { project(id: $i| ) { id } }");
    let completions = complete(schema, &text, cursor);
    assert_eq!(completions.items[0].label, "$id");
    assert_eq!(completions.items[0].kind, CompletionKind::Variable);
    assert_eq!(completions.items[0].detail.as_deref(), Some("ID!"));
    assert_eq!(&text[completions.replace_start..completions.replace_end], "$i");
    let (text, cursor) = split_cursor("query ($id: ID!) { project(id: $| ) { id } }");
    let completions = complete(schema, &text, cursor);
    assert_eq!(&text[completions.replace_start..completions.replace_end], "$");
}

#[test]
fn types_in_variable_definitions_are_input_types() {
    let schema = fixture_schema();
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("query ($id: | ) { me { id } }", &["ID", "String", "Int", "Boolean", "DateTime", "DeploymentStatus", "ProjectFilter", "ServiceLocator"], &["User", "Node", "SearchResult", "Query"]),
        ("query ($f: Proj| ) { me { id } }", &["ProjectFilter", "ProjectCreateInput"], &["Project", "ProjectConnection"]),
        ("query ($ids: [| ) { me { id } }", &["ID", "ProjectFilter"], &["User"]),
        ("query ($ids: [ID!]!, $o: | ) { me { id } }", &["Order"], &["__TypeKind"]),
        ("query ($s: [[Deploy| ", &["DeploymentStatus"], &["Deployment"]),
    ];
    for &(marked, present, absent) in cases {
        check_has(schema, marked, present, absent);
    }
    check(schema, "query ($s: Deploy| ) { me { id } }", &["DeploymentStatus"]);
}

#[test]
fn directives_valid_at_each_location() {
    let schema = fixture_schema();
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("{ me @| }", &["skip", "include", "cached"], &["trace", "deprecated", "computed", "oneOf"]),
        ("{ me { name @| } }", &["skip", "include", "cached"], &["trace"]),
        ("{ me { name @include(if: true) @| } }", &["skip", "cached"], &["include"]),
        ("{ me @cached(seconds: 1) @| { id } }", &["cached"], &[]),
        ("query Q @| { me { id } }", &["cached", "trace"], &["skip", "include"]),
        ("query @| { me { id } }", &["cached", "trace"], &["skip"]),
        ("mutation M @| { projectDelete(id: 1) }", &["trace"], &["cached", "skip"]),
        ("subscription @| { deploymentStatus(id: 1) { id } }", &["trace"], &["cached"]),
        ("query ($a: Int @| ) { me { id } }", &["trace"], &["skip", "cached"]),
        ("fragment F on User @| { id }", &["trace"], &["skip", "cached"]),
        ("{ me { ...F @| } }", &["trace", "skip", "include"], &["cached"]),
        ("{ me { ... on User @| { id } } }", &["trace", "skip", "include"], &["cached"]),
        ("{ me { ... @| { id } } }", &["trace", "skip", "include"], &["cached"]),
        ("{ me @sk| }", &["skip"], &["include"]),
    ];
    for &(marked, present, absent) in cases {
        check_has(schema, marked, present, absent);
    }
    let (text, cursor) = split_cursor("{ me @cach| }");
    let completions = complete(schema, &text, cursor);
    let item = &completions.items[0];
    assert_eq!(item.label, "cached");
    assert_eq!(item.kind, CompletionKind::Directive);
    assert_eq!(item.detail.as_deref(), Some("(seconds: Int!, scope: CacheScope = PUBLIC)"));
    assert_eq!(item.description, Some("Asks the server to cache this field for `seconds`."));
    assert_eq!(&text[completions.replace_start..completions.replace_end], "cach");
}

#[test]
fn fragment_spreads_that_apply_and_type_conditions() {
    let schema = fixture_schema();
    let fragments = "fragment U on User { id }\nfragment P on Project { id }\nfragment N on Node { id }\nfragment S on SearchResult { __typename }\nfragment T on Timestamped { createdAt }\n";
    let cases: &[(&str, &[&str], &[&str])] = &[
        ("{ me { ...| } }", &["on", "U", "N", "S", "T"], &["P"]),
        ("{ me { ... | } }", &["on", "U"], &["P"]),
        ("{ project(id: 1) { ...| } }", &["P", "N", "S", "T"], &["U"]),
        ("{ node(id: 1) { ...| } }", &["U", "P", "N", "S", "T"], &[]),
        ("{ search(text: \"\") { ...| } }", &["U", "P", "N", "S", "T"], &[]),
        ("{ project(id: 1) { services { ...| } } }", &["N", "S"], &["U", "P", "T"]),
        ("{ me { ...U| } }", &["U"], &[]),
        // Inline fragment type conditions: the types that overlap the parent.
        ("{ node(id: 1) { ... on | } }", &["Node", "Timestamped", "User", "Project", "Environment", "Service", "Deployment", "SearchResult"], &["Query", "PageInfo", "ProjectFilter", "DateTime"]),
        ("{ search(text: \"\") { ... on | } }", &["SearchResult", "User", "Project", "Service", "Node", "Timestamped"], &["Deployment", "Environment", "Query"]),
        ("{ me { ... on | } }", &["User", "Node", "Timestamped", "SearchResult"], &["Project", "Query"]),
        ("{ me { ... on Ti| } }", &["Timestamped"], &[]),
        // Fragment definitions: any composite type.
        ("fragment F on | ", &["User", "Node", "SearchResult", "Query", "PageInfo"], &["ProjectFilter", "DateTime", "String", "DeploymentStatus", "__Type"]),
        ("fragment F | ", &["on"], &[]),
        ("{ me { ...| } }\nfragment Self on User { ...| }", &["U"], &[]),
    ];
    for &(marked, present, absent) in cases {
        check_has(schema, &format!("{fragments}{marked}"), present, absent);
    }
    // A fragment does not spread itself.
    check_has(schema, "fragment Me on User { ...| }", &["on"], &["Me"]);
    let (text, cursor) = split_cursor(&format!("{fragments}{{ me {{ ...U| }} }}"));
    let item = complete(schema, &text, cursor).items.into_iter().find(|item| item.label == "U").unwrap();
    assert_eq!(item.kind, CompletionKind::Fragment);
    assert_eq!(item.detail.as_deref(), Some("on User"));
}

#[test]
fn keywords_at_the_start_of_a_definition() {
    let schema = fixture_schema();
    check_exact(schema, "|", &["query", "mutation", "subscription", "fragment", "{"]);
    check_exact(schema, "qu|", &["query"]);
    check_exact(schema, "{ me { id } }\n|", &["query", "mutation", "subscription", "fragment", "{"]);
    check_exact(schema, "{ me { id } }\nfr|", &["fragment"]);
    check_exact(schema, "query Q { me { id } } mu|", &["mutation"]);
    // An operation's name is not completed.
    check_exact(schema, "query Q| { me { id } }", &[]);
}

#[test]
fn deprecated_items_are_marked_and_ranked_last() {
    let schema = fixture_schema();
    let (text, cursor) = split_cursor("{ | }");
    let items = complete(schema, &text, cursor).items;
    let position = |label: &str| items.iter().position(|item| item.label == label).unwrap();
    assert!(position("allProjects") > position("__type"), "deprecated after everything");
    let all = &items[position("allProjects")];
    assert!(all.deprecated);
    assert_eq!(all.deprecation_reason, Some("Use `projects`."));
    assert!(!items[position("projects")].deprecated);
    // Even a better match comes after a worse one when deprecated.
    check(schema, "{ me { u| } }", &["updatedAt", "username"]);
    check(schema, "mutation { projectCreate(input: { p| }) { id } }", &["public"]);
    check(schema, "mutation { projectCreate(input: { | }) { id } }", &["name", "description", "isPublic", "public"]);
}

#[test]
fn typos_and_fuzzy_matches_come_after_prefix_matches() {
    let schema = fixture_schema();
    let cases: &[(&str, &[&str])] = &[
        ("{ projcet| }", &["project", "projects"]),
        ("{ porject| }", &["project", "projects"]),
        ("{ me { nme| } }", &["name"]),
        ("{ me { crAt| } }", &["createdAt"]),
        ("{ me { At| } }", &["createdAt", "updatedAt"]),
        // Case-insensitive prefix after exact prefix.
        ("{ Pro| }", &["project", "projects"]),
        // Exact prefix first, then the rest.
        ("{ project(id: 1) { de| } }", &["description", "deployments"]),
        ("{ me { pro| } }", &["projects"]),
        ("{ project(id: 1) { deployments(status: quee| ) { id } } }", &["QUEUED"]),
    ];
    for &(marked, expected) in cases {
        check(schema, marked, expected);
    }
    check_exact(schema, "{ me { zzz| } }", &[]);
}

#[test]
fn items_carry_kind_detail_and_description() {
    let schema = fixture_schema();
    let (text, cursor) = split_cursor("{ pro| }");
    let items = complete(schema, &text, cursor).items;
    assert_eq!(items[0].kind, CompletionKind::Field);
    assert_eq!(items[0].detail.as_deref(), Some("(id: ID!): Project"));
    assert_eq!(items[0].description, Some("One project by id."));
    assert_eq!(
        items[1].detail.as_deref(),
        Some("(first: Int, after: String, filter: ProjectFilter, order: Order = ASC): ProjectConnection!")
    );
    let (text, cursor) = split_cursor("{ me { |name } }");
    let items = complete(schema, &text, cursor).items;
    let name = items.iter().find(|item| item.label == "name").unwrap();
    assert_eq!(name.detail.as_deref(), Some("String!"));
    assert_eq!(name.description, Some("The name shown to others."));

    // (document, label, kind, detail, description)
    type Case<'a> = (&'a str, &'a str, CompletionKind, Option<&'a str>, Option<&'a str>);
    let cases: &[Case] = &[
        ("{ project(| }", "id", CompletionKind::Argument, Some("ID!"), None),
        ("{ projects(filter: { | }) { totalCount } }", "createdAfter", CompletionKind::InputField, Some("DateTime"), Some("Only projects created after this moment.")),
        ("{ project(id: 1) { deployments(status: | ) { id } } }", "QUEUED", CompletionKind::EnumValue, Some("DeploymentStatus"), Some("Waiting for a builder.")),
        ("{ project(id: 1) { deployments(status: | ) { id } } }", "null", CompletionKind::Value, None, None),
        ("query ($x: | ", "DeploymentStatus", CompletionKind::Type, Some("enum"), Some("Where a deployment is in its life.")),
        ("query ($x: | ", "ProjectFilter", CompletionKind::Type, Some("input"), None),
        ("|", "query", CompletionKind::Keyword, None, None),
        ("{ me { ...| } }", "on", CompletionKind::Keyword, None, None),
        ("{ project(id: 1) { services { | } } }", "project", CompletionKind::Field, Some("Project!"), None),
        ("{ me { | } }", "avatar", CompletionKind::Field, Some("(size: Int = 64): String"), None),
    ];
    for &(marked, label, kind, detail, description) in cases {
        let (text, cursor) = split_cursor(marked);
        let items = complete(schema, &text, cursor).items;
        let item = items.iter().find(|item| item.label == label).unwrap_or_else(|| panic!("{marked:?}: no {label:?} in {items:?}"));
        assert_eq!(item.kind, kind, "{marked:?} {label}");
        assert_eq!(item.detail.as_deref(), detail, "{marked:?} {label}");
        assert_eq!(item.description, description, "{marked:?} {label}");
    }
    let (text, cursor) = split_cursor("{ project(id: 1) { deployments(status: | ) { id } } }");
    let crashed = complete(schema, &text, cursor).items.into_iter().find(|item| item.label == "CRASHED").unwrap();
    assert!(crashed.deprecated);
    assert_eq!(crashed.deprecation_reason, Some("Use `FAILED`."));
}

#[test]
fn the_replace_range_is_the_word_at_the_cursor() {
    let schema = fixture_schema();
    // (document, replaced text)
    let cases: &[(&str, &str)] = &[
        ("{ pro| }", "pro"),
        ("{ pro|ject }", "project"),
        ("{ | }", ""),
        ("{ |me }", ""),
        ("{ me { na|}}", "na"),
        ("query ($x: Proj|", "Proj"),
        ("{ me @incl|ude(if: true) }", "include"),
        ("{ project(id: 1) { deployments(status: QUE|) { id } } }", "QUE"),
    ];
    for &(marked, replaced) in cases {
        let (text, cursor) = split_cursor(marked);
        let completions = complete(schema, &text, cursor);
        assert_eq!(&text[completions.replace_start..completions.replace_end], replaced, "{marked:?}");
        assert!(completions.replace_start <= cursor && cursor <= completions.replace_end, "{marked:?}");
    }
}

#[test]
fn nothing_inside_comments_strings_and_numbers() {
    let schema = fixture_schema();
    let cases = [
        "# { me { na| } }",
        "{ me { # na|\n } }",
        "{ search(text: \"pro|\") { __typename } }",
        "{ search(text: \"pro| ",
        "{ search(text: \"\"\"a\n  pro|\"\"\") { __typename } }",
        "{ projects(first: 1|0) { totalCount } }",
        "{ projects(filter: { name: \"a|b\" }) { totalCount } }",
    ];
    for marked in cases {
        check_exact(schema, marked, &[]);
    }
    // Right after a closed string or a comment line, completion is back.
    check(schema, "# comment\n{ pro| }", &["project"]);
    check(schema, "{ search(text: \"a\", | ) { __typename } }", &["limit"]);
}

#[test]
fn unfinished_documents_still_complete() {
    let schema = fixture_schema();
    let cases: &[(&str, &[&str])] = &[
        ("{ me { na|", &["name"]),
        ("query ($id: ID!) { project(id: $|", &["$id"]),
        ("{ projects(filter: { owner: { | ", &["id", "email"]),
        ("{ project(id: 1 { na| } }", &["name"]),
        ("{ me { name } } garbage } } { pro| }", &["project", "projects"]),
        ("{ me { na| } ", &["name"]),
        ("query Q($a: Int, { pro| }", &["project"]),
        ("{ me { projects(first: ) { totalC| } } }", &["totalCount"]),
        ("{ me { ... on { na| } } }", &["name"]),
    ];
    for &(marked, expected) in cases {
        check(schema, marked, expected);
    }
}

#[test]
fn no_panic_at_any_offset_of_any_document() {
    let schema = fixture_schema();
    let documents = [
        "query Q($id: ID!, $f: ProjectFilter = { name: \"x\", tags: [\"a\"] }) @trace {\n  p: project(id: $id) { ...F ... on Project @skip(if: false) { name } }\n  projects(filter: { owner: { email: \"é😀\" } }) { edges { node { id } } }\n}\n# comment ü\nfragment F on Project { deployments(statuses: [QUEUED], order: ASC) { status } }",
        "{ search(text: \"\"\"block\n\\\"\"\" \"\"\") { ... on User { name } } }",
        "}}{{(( $$ @@ ... ... on on : : [ ] ! = & | \"unterminated",
        "query ( $ : [ [ ! = { a: [ { b: } ] } @ ( ) { f( a: { b: [ c",
        "fragment on on on { ... on }",
        "\u{feff}{ me { name } }",
        "𝕏 { me { ñame } } 😀",
        "",
        "-1.5e+ \"\\",
    ];
    for document in documents {
        for offset in 0..=document.len() + 2 {
            let completions = complete(schema, document, offset);
            assert!(completions.replace_start <= completions.replace_end && completions.replace_end <= document.len());
            assert!(document.is_char_boundary(completions.replace_start) && document.is_char_boundary(completions.replace_end));
        }
    }
}

#[test]
fn deep_nesting_does_not_exhaust_the_stack() {
    let schema = fixture_schema();
    let documents = [
        "{ me ".repeat(50_000),
        format!("{{ projects(filter: {{ tags: {} ", "[".repeat(100_000)),
        format!("{{ projects(filter: {} ", "{ owner: ".repeat(50_000)),
        format!("query ($a: {} ", "[".repeat(100_000)),
        "{ ... on User ".repeat(30_000),
    ];
    for document in documents {
        let completions = complete(schema, &document, document.len());
        assert!(completions.items.is_empty(), "too deep to say anything");
        assert_eq!(language::hover::hover(schema, &document, document.len() - 2), None);
    }
    // Reasonable nesting still completes.
    check(schema, &format!("{{ me {}{{ na| }}", "{ projects { edges { node { owner ".repeat(20)), &["name"]);
}

#[test]
fn garbage_of_every_shape_does_not_panic() {
    let schema = fixture_schema();
    // Every prefix of a soup of GraphQL punctuation and names, with the cursor at the end.
    let soup = "{ ( [ ] ) } ... on @ $ : = ! | & , # \n \" x me project(id: $a) { ... F } fragment query mutation subscription 1.5 true null";
    let pieces: Vec<&str> = soup.split(' ').collect();
    for a in &pieces {
        for b in &pieces {
            for c in &pieces {
                let document = format!("{a}{b} {c}");
                for offset in 0..=document.len() {
                    let _ = complete(schema, &document, offset);
                }
            }
        }
    }
}

#[test]
fn on_railway_schema() {
    let schema = railway_schema();
    check(schema, "{ project(id: \"x\") { serv| } }", &["services"]);
    check_has(schema, "{ project(id: \"x\") { services { edges { node { | } } } } }", &["id", "name"], &[]);
    check_has(schema, "{ me { pro| } }", &["projects"], &[]);
}

#[test]
fn on_github_schema() {
    let schema = github_schema();
    check(schema, "{ viewr| }", &["viewer"]);
    check(schema, "{ viewer { log| } }", &["login"]);
    check_has(schema, "{ repository(owner: \"a\", name: \"b\") { issues(states: | ", &["OPEN", "CLOSED"], &[]);
    check_has(schema, "{ repository(owner: \"a\", name: \"b\") { issues(states: [OPEN, | ]) { totalCount } } }", &["CLOSED"], &["null"]);
    check(schema, "{ repository(| ", &["owner", "name", "followRenames"]);
    check_has(schema, "{ repository(owner: \"a\", name: \"b\") { issues(first: 1) { nodes { auth| } } } }", &["author"], &[]);
    check_has(schema, "{ node(id: \"x\") { ... on Rep| } }", &["Repository"], &[]);
    check_has(schema, "{ search(query: \"x\", type: | ", &["REPOSITORY", "ISSUE", "USER"], &[]);
    check_has(schema, "query ($o: String!) { repository(owner: $| ", &["$o"], &[]);
    check_has(schema, "mutation { addStar(input: { | }) { clientMutationId } }", &["starrableId", "clientMutationId"], &[]);
}

#[test]
fn type_conditions_are_exactly_the_types_that_overlap_on_github() {
    // `... on` inside `Node` (hundreds of implementations) and in a fragment definition (every
    // composite type, about a thousand), checked against overlap written another way: two types
    // overlap when some object type is possible in both (apollo-compiler's `is_subtype`).
    use apollo_compiler::schema::ExtendedType;
    let schema = github_schema();
    let possible = |ty: &str, object: &str| ty == object || schema.is_subtype(ty, object);
    let objects: Vec<&str> = schema.types.values().filter(|ty| ty.is_object()).map(|ty| ty.name().as_str()).collect();
    let composite = |ty: &ExtendedType| matches!(ty, ExtendedType::Object(_) | ExtendedType::Interface(_) | ExtendedType::Union(_)) && !ty.name().starts_with("__");
    let overlapping_node: Vec<String> = schema
        .types
        .values()
        .filter(|ty| composite(ty))
        .map(|ty| ty.name().as_str())
        .filter(|ty| *ty == "Node" || objects.iter().any(|object| possible("Node", object) && possible(ty, object)))
        .map(str::to_owned)
        .collect();
    let every_composite: Vec<String> = schema.types.values().filter(|ty| composite(ty)).map(|ty| ty.name().to_string()).collect();
    for (marked, expected) in [("{ node(id: \"x\") { ... on | } }", overlapping_node), ("fragment F on | { id }", every_composite)] {
        let mut offered = labels(schema, marked);
        offered.sort();
        let mut expected = expected;
        expected.sort();
        assert!(expected.len() > 300, "{marked}: {} types", expected.len());
        assert_eq!(offered, expected, "{marked}");
    }
}
