//! Search, table-driven: each case is a query and the coordinates its results must start with, in
//! that order. Every failing case is reported at once.

mod common;

use common::{On, report};
use schema_index::search::{MatchTier, SearchKind, SearchOptions};

/// The coordinates of the results of `query` (at most `limit`).
fn results(on: On, query: &str, kinds: &[SearchKind], limit: usize) -> Vec<(String, MatchTier)> {
    let index = on.index();
    index
        .search(query, &SearchOptions { kinds: kinds.to_vec(), limit })
        .into_iter()
        .map(|hit| (index.coordinate(hit.element).to_string(), hit.tier))
        .collect()
}

/// (schema, query, kinds, the coordinates results must start with)
type Case<'a> = (On, &'a str, &'a [SearchKind], &'a [&'a str]);

fn check(cases: &[Case<'_>]) {
    let mut failures = Vec::new();
    for (on, query, kinds, expected) in cases {
        let found = results(*on, query, kinds, 20);
        let coordinates: Vec<&str> = found.iter().map(|(coordinate, _)| coordinate.as_str()).collect();
        if coordinates.len() < expected.len() || coordinates[..expected.len()] != **expected {
            failures.push(format!("{on:?} {query:?} {kinds:?}: expected to start with {expected:?}, got {found:?}"));
        }
    }
    report(failures);
}

#[test]
fn exact_coordinates_come_first() {
    check(&[
        (On::Fixture, "Project", &[], &["Project", "Query.project", "Service.project"]),
        (On::Fixture, "Query.project", &[], &["Query.project"]),
        (On::Fixture, "Query.project(id:)", &[], &["Query.project(id:)"]),
        (On::Fixture, "DeploymentStatus.CRASHED", &[], &["DeploymentStatus.CRASHED"]),
        (On::Fixture, "ProjectFilter.owner", &[], &["ProjectFilter.owner"]),
        (On::Fixture, "@cached", &[], &["@cached"]),
        (On::Fixture, "@cached(seconds:)", &[], &["@cached(seconds:)"]),
        (On::GitHub, "Repository", &[], &["Repository", "Query.repository"]),
        (On::GitHub, "Query.repository(owner:)", &[], &["Query.repository(owner:)"]),
        (On::Railway, "Query.variables", &[], &["Query.variables"]),
    ]);
}

#[test]
fn exact_names_rank_root_fields_and_types_before_other_members() {
    check(&[
        // Lowercase: the root field is the exact name, the type differs in case only.
        (On::Fixture, "project", &[], &["Query.project", "Project", "Service.project"]),
        (On::GitHub, "repository", &[], &["Query.repository", "Repository"]),
        (On::GitHub, "viewer", &[], &["Query.viewer"]),
        (On::GitHub, "createIssue", &[], &["Mutation.createIssue"]),
        (On::Railway, "project", &[], &["Query.project", "Project"]),
        // Spaces are ignored for names.
        (On::GitHub, "pull request", &[], &["PullRequest"]),
    ]);
}

#[test]
fn the_hundred_payload_fields_of_a_name_come_after_the_ones_meant() {
    // GitHub has about a hundred fields named `repository`, most on mutation payloads: the root
    // field, the type and the fields of much-used types come before any payload's.
    let found = results(On::GitHub, "repository", &[], 12);
    let payloads: Vec<&str> = found.iter().map(|(coordinate, _)| coordinate.as_str()).filter(|coordinate| coordinate.contains("Payload.")).collect();
    assert!(payloads.is_empty(), "payload fields among the first twelve results: {payloads:?} in {found:?}");
    assert!(found.iter().take(12).all(|(_, tier)| *tier == MatchTier::Name), "{found:?}");
}

#[test]
fn prefixes_word_starts_and_abbreviations() {
    check(&[
        (On::Fixture, "deploy", &[SearchKind::Type], &["Deployment", "DeploymentStatus"]),
        (On::Fixture, "depstat", &[], &["Subscription.deploymentStatus", "DeploymentStatus"]),
        (On::Fixture, "pf", &[SearchKind::Type], &["ProjectFilter"]),
        (On::Fixture, "archived", &[], &["ProjectFilter.includeArchived"]),
        (On::GitHub, "repovis", &[SearchKind::Type], &["RepositoryVisibility"]),
        (On::GitHub, "pullreq", &[SearchKind::Type], &["PullRequest"]),
        (On::GitHub, "REPOSITORY_VIS", &[SearchKind::Type], &["RepositoryVisibility"]),
        (On::Railway, "varups", &[], &["Mutation.variableUpsert", "VariableUpsertInput"]),
    ]);
}

#[test]
fn substrings_then_typos() {
    check(&[
        (On::Fixture, "ployment", &[SearchKind::Type], &["Deployment", "DeploymentStatus"]),
        (On::Fixture, "projcet", &[], &["Query.project", "Project"]),
        (On::Fixture, "deplyoments", &[], &["Project.deployments"]),
        (On::GitHub, "reposiotry", &[], &["Query.repository", "Repository"]),
        (On::GitHub, "viewr", &[], &["Query.viewer"]),
    ]);
}

#[test]
fn descriptions_by_their_words_after_names() {
    check(&[
        (On::Fixture, "computed on each request", &[], &["@computed"]),
        (On::Fixture, "waiting builder", &[], &["DeploymentStatus.QUEUED"]),
        // Plural, case and stemming: "moments" finds "moment", "Created" finds "created".
        (On::Fixture, "Only projects CREATED after moments", &[], &["ProjectFilter.createdAfter"]),
        // The word typed last may be unfinished.
        (On::Fixture, "identifies a serv", &[], &["ServiceLocator"]),
        (On::GitHub, "star a starrable", &[], &["Mutation.addStar"]),
    ]);
    // Every name match ranks before any description match: `ProjectFilter.createdAfter` ("Only
    // projects created after this moment.") comes after every element named like a project.
    let found = results(On::Fixture, "project", &[], 50);
    let first_description = found.iter().position(|(_, tier)| *tier == MatchTier::Description);
    let created_after = found.iter().position(|(coordinate, _)| coordinate == "ProjectFilter.createdAfter");
    assert!(first_description.is_some_and(|first| first > 0), "{found:?}");
    assert!(created_after.is_some_and(|position| Some(position) >= first_description), "{found:?}");
    assert!(found[first_description.unwrap_or(0)..].iter().all(|(_, tier)| *tier == MatchTier::Description), "{found:?}");
}

#[test]
fn kind_filters_keep_only_those_kinds() {
    check(&[
        (On::Fixture, "project", &[SearchKind::Type], &["Project", "ProjectEdge"]),
        (On::Fixture, "project", &[SearchKind::Field], &["Query.project", "Service.project", "Query.projects"]),
        (
            On::Fixture,
            "id",
            &[SearchKind::Argument],
            &["Query.project(id:)", "Query.node(id:)", "Mutation.projectDelete(id:)", "Mutation.deploymentRedeploy(id:)"],
        ),
        (On::Fixture, "name", &[SearchKind::InputField], &["ProjectFilter.name", "ProjectCreateInput.name", "ServiceLocator.name"]),
        (On::Fixture, "failed", &[SearchKind::EnumValue], &["DeploymentStatus.FAILED"]),
        (On::Fixture, "c", &[SearchKind::Directive], &["@cached", "@computed"]),
    ]);
    for kind in SearchKind::ALL {
        let index = On::GitHub.index();
        for hit in index.search("repository", &SearchOptions { kinds: vec![kind], limit: 50 }) {
            assert_eq!(SearchKind::of(index.kind(hit.element)), kind, "{:?} in a search for {kind:?}", index.coordinate(hit.element));
        }
    }
}

#[test]
fn scoped_searches_look_inside_one_type_or_among_directives() {
    check(&[
        (On::Fixture, "Project.dep", &[], &["Project.deployments"]),
        (On::Fixture, "project.desc", &[], &["Project.description"]),
        (On::Fixture, "Query.proj", &[], &["Query.project", "Query.projects"]),
        (On::Fixture, "@ca", &[], &["@cached"]),
        (On::GitHub, "Repository.issu", &[], &["Repository.issue", "Repository.issues"]),
    ]);
    let found = results(On::Fixture, "Project.", &[], 50);
    assert!(found.iter().all(|(coordinate, _)| coordinate.starts_with("Project.")), "{found:?}");
    assert_eq!(found.len(), 9, "every field of Project: {found:?}");
}

#[test]
fn nothing_matches_nothing_and_limits_hold() {
    for query in ["", "   ", "zzzzqqqq", "\u{1F600}", "Query.nosuchfield(x:)"] {
        let found = results(On::Fixture, query, &[], 20);
        assert!(found.is_empty(), "{query:?}: {found:?}");
    }
    assert_eq!(results(On::GitHub, "e", &[], 7).len(), 7);
    assert!(results(On::GitHub, "repository", &[], 0).is_empty());
}

#[test]
fn hostile_queries_cost_bounded_work_and_do_not_panic() {
    let long = "a".repeat(100_000);
    let dotted = "a.".repeat(10_000);
    let parens = "(".repeat(10_000) + &")".repeat(10_000);
    for query in [long.as_str(), dotted.as_str(), parens.as_str(), "@", "@(", "A.b(c:", ".", "..", "(x:)", "Query.(x:)"] {
        let _ = results(On::GitHub, query, &[], 20);
    }
}

#[test]
fn a_lazy_index_is_built_once_on_first_use() {
    let lazy = schema_index::LazyIndex::new();
    assert!(lazy.built().is_none());
    let schema = test_support::fixture_schema();
    let first: *const schema_index::SchemaIndex = lazy.get(schema);
    assert!(lazy.built().is_some());
    assert!(std::ptr::eq(first, lazy.get(schema)), "the same index the second time");
    let index = lazy.get(schema);
    let first_hit = index.search("Project", &SearchOptions::default())[0].element;
    assert_eq!(index.coordinate(first_hit).to_string(), "Project");
}
