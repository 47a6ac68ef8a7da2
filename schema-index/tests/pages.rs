//! What a type page shows beside names and descriptions, table-driven: default values,
//! deprecation reasons, interfaces and union members.

mod common;

use common::{On, report};

#[test]
fn default_values_are_written_as_graphql_writes_them() {
    let cases: &[(On, &str, Option<&str>)] = &[
        (On::Railway, "Query.signalChanges(limit:)", Some("50")),
        (On::Railway, "Query.project(id:)", None),
        (On::Railway, "Query.project", None),
        (On::Fixture, "User.avatar(size:)", Some("64")),
        (On::GitHub, "Query.repository(followRenames:)", Some("true")),
    ];
    report(cases.iter().filter_map(|&(on, coordinate, expected)| {
        let index = on.index();
        let id = index.find(coordinate).unwrap_or_else(|| panic!("{on:?} has no {coordinate}"));
        let found = index.default_value(id);
        (found.as_deref() != expected).then(|| format!("{coordinate}: {found:?}, expected {expected:?}"))
    }).collect());
}

#[test]
fn a_deprecation_gives_its_reason() {
    let cases: &[(On, &str, Option<&str>)] = &[
        (On::Railway, "CustomDomain.cnameCheck", Some("Use the `status` field instead.")),
        (On::Railway, "CustomDomain.cdnMode", Some("Removed; always null.")),
        (On::Railway, "CustomDomain.status", None),
        (On::Railway, "CustomDomain", None),
        (On::Fixture, "DeploymentStatus.CRASHED", Some("Use `FAILED`.")),
    ];
    report(cases.iter().filter_map(|&(on, coordinate, expected)| {
        let index = on.index();
        let id = index.find(coordinate).unwrap_or_else(|| panic!("{on:?} has no {coordinate}"));
        let found = index.deprecation_reason(id);
        (found != expected).then(|| format!("{coordinate}: {found:?}, expected {expected:?}"))
    }).collect());
}

#[test]
fn interfaces_and_union_members_in_schema_order() {
    let cases: &[(On, &str, &[&str], &[&str])] = &[
        (On::Railway, "AdoptionInfo", &["Node"], &[]),
        (On::Railway, "NotificationDeliveryUpdate", &[], &["NotificationDeliveryCreated", "NotificationDeliveryResolved"]),
        (On::Railway, "Query", &[], &[]),
        (On::Fixture, "SearchResult", &[], &["User", "Project", "Service"]),
        (
            On::GitHub,
            "Repository",
            &["Node", "PackageOwner", "ProjectOwner", "ProjectV2Recent", "RepositoryInfo", "Starrable", "Subscribable", "UniformResourceLocatable"],
            &[],
        ),
    ];
    report(cases.iter().filter_map(|&(on, name, interfaces, members)| {
        let index = on.index();
        let id = index.type_named(name).unwrap_or_else(|| panic!("{on:?} has no {name}"));
        let found = (index.interfaces(id), index.union_members(id));
        (found != (interfaces.to_vec(), members.to_vec())).then(|| format!("{name}: {found:?}"))
    }).collect());
}
