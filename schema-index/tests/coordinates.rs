//! Schema coordinates: every element has one, it names that element and nothing else, and text
//! that is not a coordinate names nothing.

mod common;

use common::{On, report};
use schema_index::coordinates::CoordinateText;
use schema_index::{ElementKind, SchemaCoordinate};

#[test]
fn every_element_is_found_again_by_its_coordinate() {
    let mut failures = Vec::new();
    for on in [On::Fixture, On::Railway, On::GitHub] {
        let index = on.index();
        for id in index.ids() {
            let coordinate = index.coordinate(id).to_string();
            if index.find(&coordinate) != Some(id) {
                failures.push(format!("{on:?}: {coordinate} ({:?}) finds {:?}", index.kind(id), index.find(&coordinate)));
            }
            if coordinate.parse::<SchemaCoordinate>().is_err() {
                failures.push(format!("{on:?}: {coordinate} is not a coordinate apollo-compiler reads"));
            }
        }
    }
    report(failures);
}

#[test]
fn coordinates_are_spelled_as_the_rfc_spells_them() {
    // (coordinate, kind of the element it names in the fixture schema)
    let cases: &[(&str, ElementKind)] = &[
        ("Project", ElementKind::Object),
        ("Node", ElementKind::Interface),
        ("SearchResult", ElementKind::Union),
        ("DeploymentStatus", ElementKind::Enum),
        ("ProjectFilter", ElementKind::InputObject),
        ("DateTime", ElementKind::Scalar),
        ("Project.owner", ElementKind::Field),
        ("Query.project(id:)", ElementKind::Argument),
        ("ProjectFilter.owner", ElementKind::InputField),
        ("DeploymentStatus.CRASHED", ElementKind::EnumValue),
        ("@cached", ElementKind::Directive),
        ("@cached(scope:)", ElementKind::DirectiveArgument),
    ];
    let index = On::Fixture.index();
    let mut failures = Vec::new();
    for (coordinate, kind) in cases {
        match index.find(coordinate) {
            Some(id) if index.kind(id) == *kind && index.coordinate(id).to_string() == *coordinate => {}
            found => failures.push(format!("{coordinate}: expected a {kind:?}, found {:?}", found.map(|id| index.kind(id)))),
        }
    }
    report(failures);
}

#[test]
fn text_that_is_not_a_coordinate_or_names_nothing_finds_nothing() {
    let index = On::Fixture.index();
    let cases = [
        "", " ", "project", "Project.nope", "Project.owner(x:)", "ProjectFilter.owner(x:)", "DeploymentStatus.CRASHED(x:)",
        "Query.project(id)", "Query.project(id:", "Query.project()", "Query.(id:)", ".owner", "Project.", "Project..owner",
        "@", "@nope", "@cached(nope:)", "@cached.seconds", "@@cached", "1Project", "Pro ject", "Project.owner.name",
        "Query.project(id:)(id:)", "@cached(seconds:)x",
    ];
    let mut failures = Vec::new();
    for text in cases {
        if let Some(found) = index.find(text) {
            failures.push(format!("{text:?} finds {}", index.coordinate(found)));
        }
    }
    report(failures);
    assert_eq!(CoordinateText::parse(" Query.project(id:) "), Some(CoordinateText::Argument("Query", "project", "id")));
}
