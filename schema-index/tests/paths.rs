//! Paths from the root, table-driven: each case is a target and the paths expected, shortest
//! first, written as a query would select them (`Query.node(id:) … on Project`).

mod common;

use common::{On, report};
use schema_index::paths::{PathOptions, SchemaPath};
use schema_index::SchemaIndex;

/// A path as text: each step with its required arguments and the type condition it needs, and the
/// last narrowing.
fn path_text(index: &SchemaIndex, path: &SchemaPath) -> String {
    let mut parts = Vec::new();
    for step in &path.steps {
        if let Some(on) = step.on {
            parts.push(format!("… on {}", index.name(on)));
        }
        parts.push(index.step_text(step.field));
    }
    if let Some(on) = path.then_on {
        parts.push(format!("… on {}", index.name(on)));
    }
    parts.join(" → ")
}

fn paths(on: On, target: &str, limit: usize) -> Vec<String> {
    let index = on.index();
    let Some(target_id) = index.find(target) else { panic!("{on:?} has no {target}") };
    index.paths_to(target_id, &PathOptions { limit }).iter().map(|path| path_text(index, path)).collect()
}

/// (schema, target coordinate, limit, exactly the paths expected)
type Case<'a> = (On, &'a str, usize, &'a [&'a str]);

fn check(cases: &[Case<'_>]) {
    let mut failures = Vec::new();
    for (on, target, limit, expected) in cases {
        let found = paths(*on, target, *limit);
        if found != *expected {
            failures.push(format!("{on:?} {target} (limit {limit}):\n  expected {expected:#?}\n  got {found:#?}"));
        }
    }
    report(failures);
}

#[test]
fn shortest_paths_to_types_first() {
    check(&[
        // Fields returning the type directly come before those needing a type condition; a
        // deprecated field comes last among paths of its length.
        (
            On::Fixture,
            "Project",
            6,
            &[
                "Query.project(id:)",
                "Query.node(id:) → … on Project",
                "Query.search(text:) → … on Project",
                "Query.allProjects",
                "Mutation.projectCreate(input:)",
                "Query.service(locator:) → Service.project",
            ],
        ),
        (
            On::Fixture,
            "PageInfo",
            2,
            &["Query.projects → ProjectConnection.pageInfo", "Query.me → User.projects → ProjectConnection.pageInfo"],
        ),
        (On::Fixture, "Query", 3, &[""]),
        (On::Fixture, "Mutation", 3, &[""]),
        (On::GitHub, "Repository", 2, &["Query.repository(owner:, name:)", "Query.node(id:) → … on Repository"]),
        // Not through the type itself (`… on PullRequestReviewComment →
        // PullRequestReviewComment.replyTo`); a path of two fields with two type conditions
        // comes before any of three fields.
        (
            On::GitHub,
            "PullRequestReviewComment",
            3,
            &[
                "Query.node(id:) → … on PullRequestReviewComment",
                "Query.nodes(ids:) → … on PullRequestReviewComment",
                "Query.node(id:) → … on Reaction → Reaction.reactable → … on PullRequestReviewComment",
            ],
        ),
        (On::Railway, "Project", 1, &["Query.project(id:)"]),
    ]);
}

#[test]
fn paths_to_fields_arguments_and_values_go_through_their_type() {
    check(&[
        (
            On::Fixture,
            "Deployment.url",
            3,
            &[
                "Query.node(id:) → … on Deployment → Deployment.url",
                "Mutation.deploymentRedeploy(id:) → Deployment.url",
                "Subscription.deploymentStatus(id:) → Deployment.url",
            ],
        ),
        (On::Fixture, "Project.deployments(order:)", 1, &["Query.project(id:) → Project.deployments"]),
        (On::Fixture, "Query.me", 1, &["Query.me"]),
        // An enum is reached where a field returns it and where an argument takes it, here inside
        // `ProjectFilter`.
        (On::Fixture, "DeploymentStatus.FAILED", 2, &["Query.projects", "Query.me → User.projects"]),
        (On::GitHub, "PullRequest.title", 1, &["Query.node(id:) → … on PullRequest → PullRequest.title"]),
    ]);
}

#[test]
fn input_types_are_reached_through_the_arguments_that_take_them() {
    check(&[
        // OwnerFilter is a field of ProjectFilter, which `Query.projects(filter:)` takes.
        (On::Fixture, "OwnerFilter", 2, &["Query.projects", "Query.me → User.projects"]),
        (On::Fixture, "ProjectCreateInput", 1, &["Mutation.projectCreate(input:)"]),
        (On::Railway, "VariableUpsertInput", 1, &["Mutation.variableUpsert(input:)"]),
    ]);
}

#[test]
fn nothing_reaches_directives_and_unused_types() {
    check(&[
        (On::Fixture, "@cached", 5, &[]),
        (On::Fixture, "@cached(seconds:)", 5, &[]),
        // Used by a directive's argument only.
        (On::Fixture, "CacheScope", 5, &[]),
        (On::Fixture, "Project", 0, &[]),
    ]);
}

#[test]
fn paths_are_shortest_first_and_stop_at_the_limit_on_every_type_of_github() {
    // Every type and the first field of every type of GitHub's schema: the walk is bounded, paths
    // are sorted by length, every path starts at a root, and each step's field belongs to the
    // type the previous step returned (or a type condition says which).
    let index = On::GitHub.index();
    let mut failures = Vec::new();
    let targets = index.ids().filter(|id| index.kind(*id).is_type()).chain(
        index.ids().filter(|id| index.kind(*id).is_type()).filter_map(|id| index.children(id).next()),
    );
    for target in targets {
        let found = index.paths_to(target, &PathOptions { limit: 4 });
        let coordinate = index.coordinate(target).to_string();
        if found.len() > 4 {
            failures.push(format!("{coordinate}: {} paths", found.len()));
        }
        let lengths: Vec<usize> = found.iter().map(|path| path.steps.len()).collect();
        if !lengths.windows(2).all(|pair| pair[0] <= pair[1]) {
            failures.push(format!("{coordinate}: lengths {lengths:?}"));
        }
        for path in &found {
            let Some(first) = path.steps.first() else { continue };
            let root = index.parent(first.field);
            if !root.is_some_and(|root| index.is_root_type(root)) {
                failures.push(format!("{coordinate}: {} does not start at a root", path_text(index, path)));
            }
            for pair in path.steps.windows(2) {
                let returned = index.named_type_of(pair[0].field);
                let parent = index.parent(pair[1].field);
                if returned != parent && pair[1].on != parent {
                    failures.push(format!("{coordinate}: {} breaks between steps", path_text(index, path)));
                }
            }
        }
    }
    report(failures);
}
