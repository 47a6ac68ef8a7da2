//! Hover, table-driven: each case is a document with `|` at the cursor and what the hover says.

use language::hover::hover;
use language::{Schema, Valid};
use test_support::{fixture_schema, github_schema, railway_schema, split_cursor};

/// The hover at the cursor has this signature and description.
fn check_hover_on(schema: &Valid<Schema>, marked: &str, signature: &str, description: Option<&str>) {
    let (text, cursor) = split_cursor(marked);
    let found = hover(schema, &text, cursor).unwrap_or_else(|| panic!("{marked:?}: no hover"));
    assert_eq!(found.signature, signature, "{marked:?}");
    assert_eq!(found.description.as_deref(), description, "{marked:?}");
}

fn check_hover(marked: &str, signature: &str, description: Option<&str>) {
    check_hover_on(fixture_schema(), marked, signature, description);
}

fn check_no_hover(marked: &str) {
    let (text, cursor) = split_cursor(marked);
    assert_eq!(hover(fixture_schema(), &text, cursor), None, "{marked:?}");
}

#[test]
fn fields() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("{ pro|ject(id: 1) { name } }", "Query.project(id: ID!): Project", Some("One project by id.")),
        ("{ |project(id: 1) { name } }", "Query.project(id: ID!): Project", Some("One project by id.")),
        ("{ project|(id: 1) { name } }", "Query.project(id: ID!): Project", Some("One project by id.")),
        ("{ project(id: 1) { na|me } }", "Project.name: String!", None),
        ("{ me { na|me } }", "User.name: String!", Some("The name shown to others.")),
        ("{ me { ava|tar } }", "User.avatar(size: Int = 64): String", None),
        ("{ pro|jects { totalCount } }", "Query.projects(first: Int, after: String, filter: ProjectFilter, order: Order = ASC): ProjectConnection!", Some("Every project the token can see.")),
        ("{ a: pro|ject(id: 1) { id } }", "Query.project(id: ID!): Project", Some("One project by id.")),
        ("{ node(id: 1) { ... on Project { ser|vices { id } } } }", "Project.services: [Service!]!", None),
        ("fragment F on Deployment { st|atus }", "Deployment.status: DeploymentStatus!", None),
        ("{ me { __type|name } }", "User.__typename: String!", None),
        ("mutation { project|Delete(id: 1) }", "Mutation.projectDelete(id: ID!): Boolean!", None),
        ("{ me { projects { edges { node { owner { em|ail } } } } } }", "User.email: String", None),
    ];
    for &(marked, signature, description) in cases {
        check_hover(marked, signature, description);
    }
}

#[test]
fn deprecation_reasons() {
    let cases: &[(&str, Option<&str>)] = &[
        ("{ allPro|jects { id } }", Some("Use `projects`.")),
        ("{ me { user|name } }", Some("Use `name`.")),
        ("{ project(id: 1) { deployments(status: CRA|SHED) { id } } }", Some("Use `FAILED`.")),
        ("mutation { projectCreate(input: { pub|lic: true }) { id } }", Some("Use `isPublic`.")),
        ("{ me { na|me } }", None),
    ];
    for &(marked, reason) in cases {
        let (text, cursor) = split_cursor(marked);
        let found = hover(fixture_schema(), &text, cursor).unwrap_or_else(|| panic!("{marked:?}: no hover"));
        assert_eq!(found.deprecation_reason.as_deref(), reason, "{marked:?}");
    }
}

#[test]
fn arguments_values_and_input_fields() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("{ project(i|d: 1) { name } }", "Query.project(id: ID!)", None),
        ("{ projects(first: 1, or|der: ASC) { totalCount } }", "Query.projects(order: Order = ASC)", None),
        ("{ me @cached(sec|onds: 1) { id } }", "@cached(seconds: Int!)", None),
        ("{ project(id: 1) { deployments(status: QUE|UED) { id } } }", "DeploymentStatus.QUEUED", Some("Waiting for a builder.")),
        ("{ project(id: 1) { deployments(statuses: [FAILED, QUE|UED]) { id } } }", "DeploymentStatus.QUEUED", Some("Waiting for a builder.")),
        ("{ projects(filter: { status: SUC|CESS }) { totalCount } }", "DeploymentStatus.SUCCESS", None),
        ("{ projects(filter: { crea|tedAfter: \"x\" }) { totalCount } }", "ProjectFilter.createdAfter: DateTime", Some("Only projects created after this moment.")),
        ("{ projects(filter: { owner: { em|ail: \"x\" } }) { totalCount } }", "OwnerFilter.email: String", None),
        ("{ projects(filter: { includeArch|ived: true }) { totalCount } }", "ProjectFilter.includeArchived: Boolean = false", None),
        ("query ($o: Order = DE|SC) { me { id } }", "Order.DESC", None),
        // Fragment spreads show their type condition.
        ("{ me { ...Us|erParts } }\nfragment UserParts on User { name }", "fragment UserParts on User", None),
        // Variables show their declared type.
        ("query ($id: ID!) { project(id: $i|d) { id } }", "$id: ID!", None),
        ("query ($s: [DeploymentStatus!]) { project(id: 1) { deployments(statuses: $|s) { id } } }", "$s: [DeploymentStatus!]", None),
    ];
    for &(marked, signature, description) in cases {
        check_hover(marked, signature, description);
    }
}

#[test]
fn types_and_directives() {
    let cases: &[(&str, &str, Option<&str>)] = &[
        ("{ node(id: 1) { ... on Pro|ject { id } } }", "type Project implements Node & Timestamped", Some("A group of services deployed together.")),
        ("fragment F on Us|er { id }", "type User implements Node & Timestamped", Some("The person using the API.")),
        ("fragment F on Search|Result { __typename }", "union SearchResult = User | Project | Service", Some("Something a search can find.")),
        ("fragment F on No|de { id }", "interface Node", Some("Anything with a global id.")),
        ("query ($s: Deployment|Status) { me { id } }", "enum DeploymentStatus", Some("Where a deployment is in its life.")),
        ("query ($f: [Project|Filter!]) { me { id } }", "input ProjectFilter", None),
        ("query ($l: Service|Locator!) { me { id } }", "input ServiceLocator @oneOf", Some("Exactly one of these identifies a service.")),
        ("query ($d: Date|Time) { me { id } }", "scalar DateTime", Some("A moment in time, ISO 8601.")),
        ("{ me @cac|hed(seconds: 1) { id } }", "directive @cached(seconds: Int!, scope: CacheScope = PUBLIC) repeatable on FIELD | QUERY", Some("Asks the server to cache this field for `seconds`.")),
        ("query Q @tr|ace { me { id } }", "directive @trace on QUERY | MUTATION | SUBSCRIPTION | FRAGMENT_DEFINITION | FRAGMENT_SPREAD | INLINE_FRAGMENT | VARIABLE_DEFINITION", None),
        ("{ me { name @sk|ip(if: true) } }", "directive @skip(if: Boolean!) on FIELD | FRAGMENT_SPREAD | INLINE_FRAGMENT", Some("Directs the executor to skip this field or fragment when the `if` argument is true.")),
    ];
    for &(marked, signature, description) in cases {
        check_hover(marked, signature, description);
    }
}

#[test]
fn nothing_where_no_schema_name_stands() {
    let cases = [
        "{ al|ias: project(id: 1) { id } }",
        "{ project(id: 1) { nope| } }",
        "quer|y { me { id } }",
        "query Na|me { me { id } }",
        "{ me { ...Fr|ag } }\nfragment Other on User { id }",
        "{ me { ... o|n User { id } } }",
        "{ me { name } } # n|ame",
        "{ search(text: \"pro|ject\") { __typename } }",
        "{ me { name }| }",
        "{ me { name } } |",
        "{ projects(first: 1|0) { totalCount } }",
        "query ($i|d: ID!) { me { id } }",
        "{ me { name @include(if: tr|ue) } }",
        "query ($id: ID!) { project(id: $nop|e) { id } }",
        "|",
    ];
    for marked in cases {
        check_no_hover(marked);
    }
}

#[test]
fn the_range_is_the_name() {
    let (text, cursor) = split_cursor("{ me { na|me } }");
    let found = hover(fixture_schema(), &text, cursor).unwrap();
    assert_eq!(&text[found.start..found.end], "name");
    let (text, cursor) = split_cursor("{ project(id: 1) { deployments(status: QUEUED|) { id } } }");
    let found = hover(fixture_schema(), &text, cursor).unwrap();
    assert_eq!(&text[found.start..found.end], "QUEUED");
}

#[test]
fn no_panic_at_any_offset() {
    let documents = [
        "query Q($id: ID!, $f: ProjectFilter = { name: \"x\" }) @trace {\n  p: project(id: $id) { ...F ... on Project @skip(if: false) { name } }\n  projects(filter: { owner: { email: \"é😀\" } }) { edges { node { id } } }\n}\nfragment F on Project { deployments(statuses: [QUEUED], order: ASC) { status } }",
        "}}{{(( $$ @@ ... on : [ ] ! = \"unterminated",
        "",
    ];
    for document in documents {
        for offset in 0..=document.len() + 2 {
            if let Some(found) = hover(fixture_schema(), document, offset) {
                assert!(found.start <= found.end && found.end <= document.len());
            }
        }
    }
}

#[test]
fn on_the_large_schemas() {
    check_hover_on(github_schema(), "{ view|er { login } }", "Query.viewer: User!", Some("The currently authenticated user."));
    let (text, cursor) = split_cursor("{ repository(owner: \"a\", name: \"b\") { issues(states: [OP|EN]) { totalCount } } }");
    let found = hover(github_schema(), &text, cursor).unwrap();
    assert_eq!(found.signature, "IssueState.OPEN");
    let (text, cursor) = split_cursor("{ project(id: \"x\") { serv|ices { edges { node { id } } } } }");
    let found = hover(railway_schema(), &text, cursor).unwrap();
    assert!(found.signature.starts_with("Project.services"), "{}", found.signature);
}

/// What go-to-definition opens in the explorer: the coordinate of the name under the cursor.
#[test]
fn coordinates_for_going_to_the_definition() {
    let cases: &[(&str, &str)] = &[
        ("{ pro|ject(id: 1) { name } }", "Query.project"),
        ("{ project(i|d: 1) { name } }", "Query.project(id:)"),
        ("{ me { ava|tar(size: 2) } }", "User.avatar"),
        ("{ project(id: 1) { deployments(status: CRA|SHED) { id } } }", "DeploymentStatus.CRASHED"),
        ("mutation { projectCreate(input: { pub|lic: true }) { id } }", "ProjectCreateInput.public"),
        ("{ node(id: 1) { ... on Pro|ject { id } } }", "Project"),
        ("query Q($f: Project|Filter) { projects(filter: $f) { totalCount } }", "ProjectFilter"),
        ("query Q($f: ProjectFilter) { projects(filter: $|f) { totalCount } }", "ProjectFilter"),
        ("{ me @cac|hed(seconds: 1) { name } }", "@cached"),
        ("{ me @cached(sec|onds: 1) { name } }", "@cached(seconds:)"),
    ];
    for &(marked, coordinate) in cases {
        let (text, cursor) = split_cursor(marked);
        let found = hover(fixture_schema(), &text, cursor).unwrap_or_else(|| panic!("{marked:?}: no hover"));
        assert_eq!(found.coordinate, coordinate, "{marked:?}");
    }
}
