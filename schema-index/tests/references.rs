//! References, table-driven: each case is a type and where it is used.

mod common;

use common::{On, report};

/// (schema, type, references as (coordinate, relation))
type Case<'a> = (On, &'a str, &'a [(&'a str, &'a str)]);

/// The references to `type_name` as (coordinate, relation).
fn references(on: On, type_name: &str) -> Vec<(String, &'static str)> {
    let index = on.index();
    let Some(type_id) = index.type_named(type_name) else { panic!("{on:?} has no type {type_name}") };
    index
        .references(type_id)
        .iter()
        .map(|reference| (index.coordinate(reference.element).to_string(), reference.relation.as_str()))
        .collect()
}

#[test]
fn every_use_of_a_type_with_its_relation_in_order() {
    // Exactly its references: by relation, then in schema order.
    let cases: &[Case<'_>] = &[
        (
            On::Fixture,
            "Project",
            &[
                ("Service.project", "field"),
                ("ProjectEdge.node", "field"),
                ("Query.project", "field"),
                ("Query.allProjects", "field"),
                ("Mutation.projectCreate", "field"),
                ("SearchResult", "unionMember"),
            ],
        ),
        (
            On::Fixture,
            "Node",
            &[
                ("Query.node", "field"),
                ("User", "implementation"),
                ("Project", "implementation"),
                ("Environment", "implementation"),
                ("Service", "implementation"),
                ("Deployment", "implementation"),
            ],
        ),
        (
            On::Fixture,
            "DeploymentStatus",
            &[
                ("Deployment.status", "field"),
                ("Project.deployments(status:)", "argument"),
                ("Project.deployments(statuses:)", "argument"),
                ("ProjectFilter.status", "inputField"),
            ],
        ),
        (On::Fixture, "CacheScope", &[("@cached(scope:)", "directiveArgument")]),
        (On::Fixture, "Order", &[("Project.deployments(order:)", "argument"), ("Query.projects(order:)", "argument")]),
        (On::Fixture, "OwnerFilter", &[("ProjectFilter.owner", "inputField")]),
        (On::Fixture, "SearchResult", &[("Query.search", "field")]),
        (On::Fixture, "Query", &[]),
    ];
    let mut failures = Vec::new();
    for (on, type_name, expected) in cases {
        let found = references(*on, type_name);
        let found: Vec<(&str, &str)> = found.iter().map(|(coordinate, relation)| (coordinate.as_str(), *relation)).collect();
        if found != *expected {
            failures.push(format!("{on:?} {type_name}: expected {expected:?}, got {found:?}"));
        }
    }
    report(failures);
}

#[test]
fn references_in_real_schemas_include_these() {
    // References that must be among the type's references.
    let cases: &[Case<'_>] = &[
        (On::Railway, "Project", &[("Query.project", "field"), ("Service.project", "field")]),
        (On::Railway, "VariableUpsertInput", &[("Mutation.variableUpsert(input:)", "argument")]),
        (
            On::GitHub,
            "RepositoryVisibility",
            &[("Repository.visibility", "field"), ("CreateRepositoryInput.visibility", "inputField")],
        ),
        (On::GitHub, "Starrable", &[("Repository", "implementation"), ("AddStarPayload.starrable", "field")]),
        (On::GitHub, "Issue", &[("Repository.issue", "field"), ("IssueOrPullRequest", "unionMember")]),
    ];
    let mut failures = Vec::new();
    for (on, type_name, expected) in cases {
        let found = references(*on, type_name);
        for (coordinate, relation) in *expected {
            if !found.iter().any(|(found_coordinate, found_relation)| found_coordinate == coordinate && found_relation == relation) {
                failures.push(format!("{on:?} {type_name}: {coordinate} ({relation}) missing from {} references", found.len()));
            }
        }
    }
    report(failures);
}

#[test]
fn every_reference_names_the_type_it_is_listed_under() {
    // Checked over every type of GitHub's schema: a field's, argument's or input field's named
    // type, a union's member, an implementation's interface.
    use schema_index::references::Relation;
    let index = On::GitHub.index();
    let mut failures = Vec::new();
    for type_id in index.ids().filter(|id| index.kind(*id).is_type()) {
        let name = index.name(type_id);
        for reference in index.references(type_id) {
            let refers = match reference.relation {
                Relation::Field | Relation::Argument | Relation::InputField | Relation::DirectiveArgument => {
                    index.named_type_of(reference.element) == Some(type_id)
                }
                Relation::UnionMember | Relation::Implementation => index.kind(reference.element).is_type(),
            };
            if !refers {
                failures.push(format!("{name}: {:?} ({:?})", index.coordinate(reference.element).to_string(), reference.relation));
            }
        }
    }
    report(failures);
}
