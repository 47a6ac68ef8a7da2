//! The diff of two schemas: one table of cases per group of rules (an old and a new SDL and
//! exactly the changes expected), then real schemas: identical ones, one schema's introspection
//! JSON against its SDL, and GitHub's published history against graphql-inspector's verdicts.

use std::collections::BTreeMap;
use std::path::Path;

use schema_index::SchemaCoordinate;
use schema_index::diff::{Change, ChangeKind, DiffOptions, diff};
use schema_cache::{Schema, Valid};

fn schema(sdl: &str) -> Valid<Schema> {
    Schema::parse_and_validate(sdl, "case.graphql").unwrap_or_else(|errors| panic!("{sdl}\n{errors}"))
}

/// A change as the tables write it: (kind, coordinate or "" for the schema itself, criticality).
fn triple(change: &Change) -> (String, String, String) {
    (
        change.kind.as_str().to_owned(),
        change.coordinate.as_ref().map(SchemaCoordinate::to_string).unwrap_or_default(),
        change.criticality.as_str().to_owned(),
    )
}

/// (old SDL, new SDL, exactly the changes expected as (kind, coordinate, criticality))
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str, &'a str)]);

/// A case whose schemas are built from a common part.
type BuiltCase<'a> = (String, String, &'a [(&'a str, &'a str, &'a str)]);

fn check_with(options: &DiffOptions, cases: &[Case<'_>]) {
    let mut failures = Vec::new();
    for (old, new, expected) in cases {
        let mut found: Vec<(String, String, String)> = diff(&schema(old), &schema(new), options).iter().map(triple).collect();
        found.sort();
        let mut expected: Vec<(String, String, String)> =
            expected.iter().map(|(kind, coordinate, criticality)| (kind.to_string(), coordinate.to_string(), criticality.to_string())).collect();
        expected.sort();
        if found != expected {
            failures.push(format!("{old}\n  →\n{new}\n  expected {expected:?}\n  got      {found:?}"));
        }
    }
    assert!(failures.is_empty(), "{} failing case(s):\n\n{}", failures.len(), failures.join("\n\n"));
}

fn check(cases: &[Case<'_>]) {
    check_with(&DiffOptions::default(), cases);
}

const B: &str = "BREAKING";
const D: &str = "DANGEROUS";
const N: &str = "NON_BREAKING";

#[test]
fn types() {
    check(&[
        ("type Query { a: String }", "type Query { a: String }", &[]),
        // What a new type contains is part of its addition.
        ("type Query { a: String }", "type Query { a: String }\ntype B { x: Int y: B }", &[("TYPE_ADDED", "B", N)]),
        ("type Query { a: String }\ntype B { x: Int }", "type Query { a: String }", &[("TYPE_REMOVED", "B", B)]),
        ("type Query { a: String }\ninterface B { x: Int }", "type Query { a: String }\ntype B { x: Int }", &[("TYPE_KIND_CHANGED", "B", B)]),
        ("type Query { a: String }\nenum B { X }", "type Query { a: String }\ninput B { x: Int }", &[("TYPE_KIND_CHANGED", "B", B)]),
        ("type Query { a: String }", "\"The root.\" type Query { a: String }", &[("TYPE_DESCRIPTION_ADDED", "Query", N)]),
        ("\"The root.\" type Query { a: String }", "type Query { a: String }", &[("TYPE_DESCRIPTION_REMOVED", "Query", N)]),
        ("\"The root.\" type Query { a: String }", "\"The top.\" type Query { a: String }", &[("TYPE_DESCRIPTION_CHANGED", "Query", N)]),
        // An empty description is none.
        ("\"\" type Query { a: String }", "type Query { a: String }", &[]),
        // Built-in scalars come and go with their use: never reported.
        ("type Query { a: String }", "type Query { a: String b: Float }", &[("FIELD_ADDED", "Query.b", N)]),
        ("type Query { a: String b: Float }", "type Query { a: String }", &[("FIELD_REMOVED", "Query.b", B)]),
        ("type Query { a: String }\nscalar Date", "type Query { a: String }", &[("TYPE_REMOVED", "Date", B)]),
    ]);
}

#[test]
fn fields() {
    check(&[
        ("type Query { a: String }", "type Query { a: String b(x: Int!): Int }", &[("FIELD_ADDED", "Query.b", N)]),
        ("type Query { a: String b: Int @deprecated }", "type Query { a: String }", &[("FIELD_REMOVED", "Query.b", B)]),
        // A nullable output becoming non-null is safe; the reverse is not.
        ("type Query { a: String }", "type Query { a: String! }", &[("FIELD_TYPE_CHANGED", "Query.a", N)]),
        ("type Query { a: String! }", "type Query { a: String }", &[("FIELD_TYPE_CHANGED", "Query.a", B)]),
        ("type Query { a: String }", "type Query { a: Int }", &[("FIELD_TYPE_CHANGED", "Query.a", B)]),
        ("type Query { a: [String] }", "type Query { a: [String!]! }", &[("FIELD_TYPE_CHANGED", "Query.a", N)]),
        ("type Query { a: [String] }", "type Query { a: String }", &[("FIELD_TYPE_CHANGED", "Query.a", B)]),
        ("type Query { a: String }", "type Query { \"A.\" a: String }", &[("FIELD_DESCRIPTION_ADDED", "Query.a", N)]),
        ("type Query { \"A.\" a: String }", "type Query { a: String }", &[("FIELD_DESCRIPTION_REMOVED", "Query.a", N)]),
        ("type Query { \"A.\" a: String }", "type Query { \"B.\" a: String }", &[("FIELD_DESCRIPTION_CHANGED", "Query.a", N)]),
        ("type Query { a: String }", "type Query { a: String @deprecated }", &[("FIELD_DEPRECATION_ADDED", "Query.a", N)]),
        ("type Query { a: String @deprecated(reason: \"x\") }", "type Query { a: String }", &[("FIELD_DEPRECATION_REMOVED", "Query.a", N)]),
        (
            "type Query { a: String @deprecated(reason: \"x\") }",
            "type Query { a: String @deprecated(reason: \"y\") }",
            &[("FIELD_DEPRECATION_REASON_CHANGED", "Query.a", N)],
        ),
        ("type Query { a: String @deprecated }", "type Query { a: String @deprecated(reason: \"y\") }", &[("FIELD_DEPRECATION_REASON_ADDED", "Query.a", N)]),
        ("type Query { a: String @deprecated(reason: \"y\") }", "type Query { a: String @deprecated }", &[("FIELD_DEPRECATION_REASON_REMOVED", "Query.a", N)]),
        // The default reason written out is the same deprecation.
        ("type Query { a: String @deprecated }", "type Query { a: String @deprecated(reason: \"No longer supported\") }", &[]),
        // Interfaces have fields too.
        ("type Query { a: I }\ninterface I { x: Int }", "type Query { a: I }\ninterface I { x: Int y: Int }", &[("FIELD_ADDED", "I.y", N)]),
    ]);
}

#[test]
fn arguments() {
    check(&[
        ("type Query { a: String }", "type Query { a(x: Int): String }", &[("FIELD_ARGUMENT_ADDED", "Query.a(x:)", D)]),
        ("type Query { a: String }", "type Query { a(x: Int!): String }", &[("FIELD_ARGUMENT_ADDED", "Query.a(x:)", B)]),
        ("type Query { a: String }", "type Query { a(x: Int! = 1): String }", &[("FIELD_ARGUMENT_ADDED", "Query.a(x:)", D)]),
        ("type Query { a(x: Int): String }", "type Query { a: String }", &[("FIELD_ARGUMENT_REMOVED", "Query.a(x:)", B)]),
        // An input becoming nullable is safe; the reverse is not.
        ("type Query { a(x: Int!): String }", "type Query { a(x: Int): String }", &[("FIELD_ARGUMENT_TYPE_CHANGED", "Query.a(x:)", N)]),
        ("type Query { a(x: Int): String }", "type Query { a(x: Int!): String }", &[("FIELD_ARGUMENT_TYPE_CHANGED", "Query.a(x:)", B)]),
        ("type Query { a(x: [Int!]): String }", "type Query { a(x: [Int]): String }", &[("FIELD_ARGUMENT_TYPE_CHANGED", "Query.a(x:)", N)]),
        ("type Query { a(x: Int): String }", "type Query { a(x: String): String }", &[("FIELD_ARGUMENT_TYPE_CHANGED", "Query.a(x:)", B)]),
        ("type Query { a(x: Int = 1): String }", "type Query { a(x: Int = 2): String }", &[("FIELD_ARGUMENT_DEFAULT_CHANGED", "Query.a(x:)", D)]),
        ("type Query { a(x: Int): String }", "type Query { a(x: Int = 2): String }", &[("FIELD_ARGUMENT_DEFAULT_CHANGED", "Query.a(x:)", D)]),
        // The same value written another way is no change.
        ("type Query { a(x: I = {p: 1, q: 2}): String }\ninput I { p: Int q: Int }", "type Query { a(x: I = {q: 2, p: 1}): String }\ninput I { p: Int q: Int }", &[]),
        ("type Query { a(x: Float = 1): String }", "type Query { a(x: Float = 1.0): String }", &[]),
        ("type Query { a(x: Int): String }", "type Query { a(\"X.\" x: Int): String }", &[("FIELD_ARGUMENT_DESCRIPTION_CHANGED", "Query.a(x:)", N)]),
        // An argument's deprecation has no kind of its own: it is an applied `@deprecated`.
        (
            "type Query { a(x: Int): String }",
            "type Query { a(x: Int @deprecated): String }",
            &[("DIRECTIVE_USAGE_ARGUMENT_DEFINITION_ADDED", "Query.a(x:)", N)],
        ),
    ]);
}

#[test]
fn input_objects() {
    let query = "type Query { a(i: I): String }\n";
    let cases: Vec<BuiltCase<'_>> = vec![
        (format!("{query}input I {{ x: Int }}"), format!("{query}input I {{ x: Int y: Int }}"), &[("INPUT_FIELD_ADDED", "I.y", N)]),
        (format!("{query}input I {{ x: Int }}"), format!("{query}input I {{ x: Int y: Int! }}"), &[("INPUT_FIELD_ADDED", "I.y", B)]),
        (format!("{query}input I {{ x: Int }}"), format!("{query}input I {{ x: Int y: Int! = 1 }}"), &[("INPUT_FIELD_ADDED", "I.y", D)]),
        (format!("{query}input I {{ x: Int }}"), format!("{query}input I {{ x: Int y: Int = 1 }}"), &[("INPUT_FIELD_ADDED", "I.y", D)]),
        (format!("{query}input I {{ x: Int y: Int }}"), format!("{query}input I {{ x: Int }}"), &[("INPUT_FIELD_REMOVED", "I.y", B)]),
        (format!("{query}input I {{ x: Int! }}"), format!("{query}input I {{ x: Int }}"), &[("INPUT_FIELD_TYPE_CHANGED", "I.x", N)]),
        (format!("{query}input I {{ x: Int }}"), format!("{query}input I {{ x: Int! }}"), &[("INPUT_FIELD_TYPE_CHANGED", "I.x", B)]),
        (format!("{query}input I {{ x: Int = 1 }}"), format!("{query}input I {{ x: Int = 3 }}"), &[("INPUT_FIELD_DEFAULT_VALUE_CHANGED", "I.x", D)]),
        (format!("{query}input I {{ x: Int }}"), format!("{query}input I {{ \"X.\" x: Int }}"), &[("INPUT_FIELD_DESCRIPTION_ADDED", "I.x", N)]),
        (format!("{query}input I {{ \"X.\" x: Int }}"), format!("{query}input I {{ x: Int }}"), &[("INPUT_FIELD_DESCRIPTION_REMOVED", "I.x", N)]),
        (format!("{query}input I {{ \"X.\" x: Int }}"), format!("{query}input I {{ \"Y.\" x: Int }}"), &[("INPUT_FIELD_DESCRIPTION_CHANGED", "I.x", N)]),
        (
            format!("{query}input I {{ x: Int }}"),
            format!("{query}input I {{ x: Int @deprecated }}"),
            &[("DIRECTIVE_USAGE_INPUT_FIELD_DEFINITION_ADDED", "I.x", N)],
        ),
    ];
    let cases: Vec<Case<'_>> = cases.iter().map(|(old, new, expected)| (old.as_str(), new.as_str(), *expected)).collect();
    check(&cases);
}

#[test]
fn enums_unions_and_interfaces() {
    let query = "type Query { e: E u: U i: I }\ntype A implements I { x: Int }\ntype C { x: Int }\ninterface I { x: Int }\n";
    let with = |rest: &str| format!("{query}{rest}");
    let cases: Vec<BuiltCase<'_>> = vec![
        (with("enum E { X }\nunion U = A"), with("enum E { X Y }\nunion U = A"), &[("ENUM_VALUE_ADDED", "E.Y", D)]),
        (with("enum E { X Y }\nunion U = A"), with("enum E { X }\nunion U = A"), &[("ENUM_VALUE_REMOVED", "E.Y", B)]),
        (with("enum E { X }\nunion U = A"), with("enum E { \"The X.\" X }\nunion U = A"), &[("ENUM_VALUE_DESCRIPTION_CHANGED", "E.X", N)]),
        (with("enum E { X }\nunion U = A"), with("enum E { X @deprecated }\nunion U = A"), &[("ENUM_VALUE_DEPRECATION_REASON_ADDED", "E.X", N)]),
        (with("enum E { X @deprecated }\nunion U = A"), with("enum E { X }\nunion U = A"), &[("ENUM_VALUE_DEPRECATION_REASON_REMOVED", "E.X", N)]),
        (
            with("enum E { X @deprecated(reason: \"a\") }\nunion U = A"),
            with("enum E { X @deprecated(reason: \"b\") }\nunion U = A"),
            &[("ENUM_VALUE_DEPRECATION_REASON_CHANGED", "E.X", N)],
        ),
        (with("enum E { X }\nunion U = A"), with("enum E { X }\nunion U = A | C"), &[("UNION_MEMBER_ADDED", "U", D)]),
        (with("enum E { X }\nunion U = A | C"), with("enum E { X }\nunion U = A"), &[("UNION_MEMBER_REMOVED", "U", B)]),
        (
            with("enum E { X }\nunion U = A\ntype Z { x: Int }"),
            with("enum E { X }\nunion U = A\ntype Z implements I { x: Int }"),
            &[("OBJECT_TYPE_INTERFACE_ADDED", "Z", D)],
        ),
        (
            with("enum E { X }\nunion U = A\ntype Z implements I { x: Int }"),
            with("enum E { X }\nunion U = A\ntype Z { x: Int }"),
            &[("OBJECT_TYPE_INTERFACE_REMOVED", "Z", B)],
        ),
        (
            with("enum E { X }\nunion U = A\ninterface J { x: Int }"),
            with("enum E { X }\nunion U = A\ninterface J implements I { x: Int }"),
            &[("OBJECT_TYPE_INTERFACE_ADDED", "J", D)],
        ),
    ];
    let cases: Vec<Case<'_>> = cases.iter().map(|(old, new, expected)| (old.as_str(), new.as_str(), *expected)).collect();
    check(&cases);
}

#[test]
fn directive_definitions() {
    let query = "type Query { a: String }\n";
    let with = |rest: &str| format!("{query}{rest}");
    let cases: Vec<BuiltCase<'_>> = vec![
        (with(""), with("directive @d(x: Int!) on FIELD"), &[("DIRECTIVE_ADDED", "@d", N)]),
        (with("directive @d on FIELD"), with(""), &[("DIRECTIVE_REMOVED", "@d", B)]),
        (with("directive @d on FIELD"), with("\"D.\" directive @d on FIELD"), &[("DIRECTIVE_DESCRIPTION_CHANGED", "@d", N)]),
        (with("directive @d on FIELD"), with("directive @d on FIELD | QUERY"), &[("DIRECTIVE_LOCATION_ADDED", "@d", N)]),
        (with("directive @d on FIELD | QUERY"), with("directive @d on FIELD"), &[("DIRECTIVE_LOCATION_REMOVED", "@d", B)]),
        (with("directive @d on FIELD | QUERY"), with("directive @d on QUERY | FIELD"), &[]),
        (with("directive @d on FIELD"), with("directive @d repeatable on FIELD"), &[("DIRECTIVE_REPEATABLE_ADDED", "@d", N)]),
        (with("directive @d repeatable on FIELD"), with("directive @d on FIELD"), &[("DIRECTIVE_REPEATABLE_REMOVED", "@d", D)]),
        (with("directive @d on FIELD"), with("directive @d(x: Int) on FIELD"), &[("DIRECTIVE_ARGUMENT_ADDED", "@d(x:)", N)]),
        (with("directive @d on FIELD"), with("directive @d(x: Int!) on FIELD"), &[("DIRECTIVE_ARGUMENT_ADDED", "@d(x:)", B)]),
        (with("directive @d on FIELD"), with("directive @d(x: Int! = 1) on FIELD"), &[("DIRECTIVE_ARGUMENT_ADDED", "@d(x:)", N)]),
        (with("directive @d(x: Int) on FIELD"), with("directive @d on FIELD"), &[("DIRECTIVE_ARGUMENT_REMOVED", "@d(x:)", B)]),
        (with("directive @d(x: Int = 1) on FIELD"), with("directive @d(x: Int = 2) on FIELD"), &[("DIRECTIVE_ARGUMENT_DEFAULT_VALUE_CHANGED", "@d(x:)", D)]),
        (with("directive @d(x: Int!) on FIELD"), with("directive @d(x: Int) on FIELD"), &[("DIRECTIVE_ARGUMENT_TYPE_CHANGED", "@d(x:)", N)]),
        (with("directive @d(x: Int) on FIELD"), with("directive @d(x: String) on FIELD"), &[("DIRECTIVE_ARGUMENT_TYPE_CHANGED", "@d(x:)", B)]),
        (with("directive @d(x: Int) on FIELD"), with("directive @d(\"X.\" x: Int) on FIELD"), &[("DIRECTIVE_ARGUMENT_DESCRIPTION_CHANGED", "@d(x:)", N)]),
    ];
    let cases: Vec<Case<'_>> = cases.iter().map(|(old, new, expected)| (old.as_str(), new.as_str(), *expected)).collect();
    check(&cases);
}

#[test]
fn applied_directives() {
    let definitions = "directive @tag(name: String, color: String) repeatable on SCHEMA | OBJECT | FIELD_DEFINITION | ARGUMENT_DEFINITION | SCALAR | ENUM | ENUM_VALUE | UNION | INTERFACE | INPUT_OBJECT | INPUT_FIELD_DEFINITION\ndirective @oneOf on INPUT_OBJECT\n";
    let with = |rest: &str| format!("{definitions}{rest}");
    let cases: Vec<BuiltCase<'_>> = vec![
        (with("type Query { a: String }"), with("type Query { a: String @tag }"), &[("DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED", "Query.a", D)]),
        (with("type Query { a: String @tag }"), with("type Query { a: String }"), &[("DIRECTIVE_USAGE_FIELD_DEFINITION_REMOVED", "Query.a", D)]),
        (with("type Query { a: String }"), with("type Query @tag { a: String }"), &[("DIRECTIVE_USAGE_OBJECT_ADDED", "Query", D)]),
        (with("type Query { a(x: Int): String }"), with("type Query { a(x: Int @tag): String }"), &[("DIRECTIVE_USAGE_ARGUMENT_DEFINITION_ADDED", "Query.a(x:)", D)]),
        (with("type Query { a: String }"), with("schema @tag { query: Query }\ntype Query { a: String }"), &[("DIRECTIVE_USAGE_SCHEMA_ADDED", "", D)]),
        (with("type Query { a: String @tag(name: \"x\") }"), with("type Query { a: String @tag(name: \"x\", color: \"red\") }"), &[("DIRECTIVE_USAGE_ARGUMENT_ADDED", "Query.a", N)]),
        (with("type Query { a: String @tag(name: \"x\") }"), with("type Query { a: String @tag }"), &[("DIRECTIVE_USAGE_ARGUMENT_REMOVED", "Query.a", D)]),
        // A repeated directive pairs use by use.
        (with("type Query { a: String @tag }"), with("type Query { a: String @tag @tag }"), &[("DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED", "Query.a", D)]),
        // `@oneOf` added breaks inputs given with several fields; removed, it breaks nothing.
        (
            with("type Query { a(i: I): String }\ninput I { x: Int y: Int }"),
            with("type Query { a(i: I): String }\ninput I @oneOf { x: Int y: Int }"),
            &[("DIRECTIVE_USAGE_INPUT_OBJECT_ADDED", "I", B)],
        ),
        (
            with("type Query { a(i: I): String }\ninput I @oneOf { x: Int y: Int }"),
            with("type Query { a(i: I): String }\ninput I { x: Int y: Int }"),
            &[("DIRECTIVE_USAGE_INPUT_OBJECT_REMOVED", "I", N)],
        ),
        (with("type Query { e: E }\nenum E { X }"), with("type Query { e: E }\nenum E { X @tag }"), &[("DIRECTIVE_USAGE_ENUM_VALUE_ADDED", "E.X", D)]),
        (with("type Query { e: E }\nenum E { X }"), with("type Query { e: E }\nenum E @tag { X }"), &[("DIRECTIVE_USAGE_ENUM_ADDED", "E", D)]),
        (with("type Query { s: S }\nscalar S"), with("type Query { s: S }\nscalar S @tag"), &[("DIRECTIVE_USAGE_SCALAR_ADDED", "S", D)]),
        (
            with("type Query { u: U }\ntype A { x: Int }\nunion U = A"),
            with("type Query { u: U }\ntype A { x: Int }\nunion U @tag = A"),
            &[("DIRECTIVE_USAGE_UNION_MEMBER_ADDED", "U", D)],
        ),
        (
            with("type Query { i: I }\ninterface I { x: Int }"),
            with("type Query { i: I }\ninterface I @tag { x: Int }"),
            &[("DIRECTIVE_USAGE_INTERFACE_ADDED", "I", D)],
        ),
        (
            with("type Query { a(i: I): String }\ninput I { x: Int }"),
            with("type Query { a(i: I): String }\ninput I { x: Int @tag }"),
            &[("DIRECTIVE_USAGE_INPUT_FIELD_DEFINITION_ADDED", "I.x", D)],
        ),
    ];
    let cases: Vec<Case<'_>> = cases.iter().map(|(old, new, expected)| (old.as_str(), new.as_str(), *expected)).collect();
    check(&cases);

    // Against an introspection response, which carries `@deprecated`, `@specifiedBy` and
    // `@oneOf` only, the others are not compared.
    let without_applied = DiffOptions { applied_directives: false };
    let cases: Vec<BuiltCase<'_>> = vec![
        (with("type Query { a: String }"), with("type Query @tag { a: String @tag }"), &[]),
        (with("type Query { s: S }\nscalar S"), with("type Query { s: S }\nscalar S @specifiedBy(url: \"https://example.com\")"), &[("DIRECTIVE_USAGE_SCALAR_ADDED", "S", D)]),
        (with("type Query { a: String }"), with("type Query { a: String @deprecated }"), &[("FIELD_DEPRECATION_ADDED", "Query.a", N)]),
    ];
    let cases: Vec<Case<'_>> = cases.iter().map(|(old, new, expected)| (old.as_str(), new.as_str(), *expected)).collect();
    check_with(&without_applied, &cases);
}

#[test]
fn root_types() {
    check(&[
        (
            "type Query { a: String }",
            "type Query { a: String }\ntype Mutation { m: Int }",
            &[("SCHEMA_MUTATION_TYPE_CHANGED", "", N), ("TYPE_ADDED", "Mutation", N)],
        ),
        (
            "type Query { a: String }\ntype Mutation { m: Int }",
            "type Query { a: String }",
            &[("SCHEMA_MUTATION_TYPE_CHANGED", "", B), ("TYPE_REMOVED", "Mutation", B)],
        ),
        (
            "type Query { a: String }\ntype Q { a: String }",
            "schema { query: Q }\ntype Query { a: String }\ntype Q { a: String }",
            &[("SCHEMA_QUERY_TYPE_CHANGED", "", B)],
        ),
    ]);
}

#[test]
fn every_kind_has_a_name_it_is_read_back_from() {
    for kind in ChangeKind::ALL {
        assert_eq!(ChangeKind::parse(kind.as_str()), Some(*kind));
    }
    assert!(ChangeKind::ALL.len() >= 50, "{} kinds", ChangeKind::ALL.len());
}

// ---------------------------------------------------------------------------------------------
// Real schemas

fn load(path: &Path) -> Valid<Schema> {
    schema_cache::load_file(path).unwrap_or_else(|error| panic!("{error}")).schema
}

#[test]
fn identical_schemas_give_no_change() {
    for schema in [test_support::fixture_schema(), test_support::railway_schema(), test_support::github_schema()] {
        let changes = diff(schema, schema, &DiffOptions::default());
        assert!(changes.is_empty(), "{:?}", &changes[..changes.len().min(5)]);
    }
}

#[test]
fn a_schema_as_introspection_json_and_as_sdl_gives_no_change() {
    // The same schema read from the introspection response and from the SDL printed from it:
    // nothing at all differs, so in particular nothing breaking or dangerous.
    let options = DiffOptions { applied_directives: false };
    for path in [test_support::railway_introspection_path(), test_support::github_introspection_path()] {
        let from_json = load(&path);
        let sdl = schema_cache::print_sdl(&from_json);
        let from_sdl = schema_cache::sdl::schema_from_sdl(&sdl).unwrap_or_else(|error| panic!("{error}")).schema;
        for (old, new) in [(&from_json, &from_sdl), (&from_sdl, &from_json)] {
            let changes = diff(old, new, &options);
            let shown: Vec<_> = changes.iter().take(10).map(|change| &change.message).collect();
            assert!(changes.is_empty(), "{}: {} changes, such as {shown:#?}", path.display(), changes.len());
        }
    }
}

/// Changes counted by (kind, coordinate, criticality).
type Tally = BTreeMap<(String, String, String), i64>;

fn tally_of(changes: &[Change]) -> Tally {
    let mut tally = Tally::new();
    for change in changes {
        *tally.entry(triple(change)).or_default() += 1;
    }
    tally
}

/// One change of graphql-inspector's reference: (kind, coordinate, criticality, the applied
/// directive for changes of applied directives).
struct InspectorChange {
    kind: String,
    coordinate: String,
    criticality: String,
    directive: Option<String>,
}

/// Given one of graphql-inspector's changes and its whole list: whether Sextant leaves it out.
type Departs = fn(&InspectorChange, &[InspectorChange]) -> bool;

/// Why some of graphql-inspector's verdicts are not expected from Sextant, each a decision
/// written down with its reason.
const DEPARTURES: &[(&str, Departs)] = &[
    (
        "graphql-inspector lists what an added type, field, argument, enum value, input field or directive \
         contains (each field of a new type, their descriptions, a new field's arguments...); Sextant's one \
         *_ADDED change stands for all of it",
        |change, all| {
            all.iter().any(|added| {
                let adds = matches!(
                    added.kind.as_str(),
                    "TYPE_ADDED" | "FIELD_ADDED" | "FIELD_ARGUMENT_ADDED" | "ENUM_VALUE_ADDED" | "INPUT_FIELD_ADDED" | "DIRECTIVE_ADDED"
                );
                let inside = change.coordinate.starts_with(&format!("{}.", added.coordinate))
                    || change.coordinate.starts_with(&format!("{}(", added.coordinate))
                    || (change.coordinate == added.coordinate && change.kind != added.kind);
                adds && inside
            })
        },
    ),
    (
        "`@deprecated` on a field or enum value is reported once, by FIELD_DEPRECATION_* or \
         ENUM_VALUE_DEPRECATION_REASON_*, not again as an applied directive and its `reason` argument",
        |change, _| {
            change.directive.as_deref() == Some("deprecated")
                && matches!(
                    change.kind.as_str(),
                    "DIRECTIVE_USAGE_FIELD_DEFINITION_ADDED"
                        | "DIRECTIVE_USAGE_FIELD_DEFINITION_REMOVED"
                        | "DIRECTIVE_USAGE_ENUM_VALUE_ADDED"
                        | "DIRECTIVE_USAGE_ENUM_VALUE_REMOVED"
                        | "DIRECTIVE_USAGE_ARGUMENT_ADDED"
                        | "DIRECTIVE_USAGE_ARGUMENT_REMOVED"
                )
        },
    ),
];

fn inspector_reference() -> serde_json::Value {
    let path = test_support::repository_root().join("tests/data/github-schema-diffs.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

#[test]
fn github_history_matches_graphql_inspector_but_for_the_listed_departures() {
    let reference = inspector_reference();
    let pairs = reference["pairs"].as_array().expect("pairs");
    assert!(pairs.len() >= 3, "the reference has {} pairs", pairs.len());
    let mut failures = Vec::new();
    let mut departed_overall = vec![0usize; DEPARTURES.len()];
    for pair in pairs {
        let name = pair["name"].as_str().unwrap_or_default();
        let root = test_support::repository_root();
        let (old_path, new_path) = (root.join(pair["old"].as_str().unwrap_or_default()), root.join(pair["new"].as_str().unwrap_or_default()));
        let is_sdl = |path: &Path| path.extension().is_some_and(|extension| extension == "graphql");
        let options = DiffOptions { applied_directives: is_sdl(&old_path) && is_sdl(&new_path) };
        let ours = tally_of(&diff(&load(&old_path), &load(&new_path), &options));

        let theirs: Vec<InspectorChange> = pair["changes"]
            .as_array()
            .expect("changes")
            .iter()
            .map(|change| InspectorChange {
                kind: change[0].as_str().unwrap_or_default().to_owned(),
                coordinate: change[1].as_str().unwrap_or_default().to_owned(),
                criticality: change[2].as_str().unwrap_or_default().to_owned(),
                directive: change[3].as_str().map(str::to_owned),
            })
            .collect();
        let mut expected = Tally::new();
        let mut departed = vec![0usize; DEPARTURES.len()];
        for change in &theirs {
            match DEPARTURES.iter().position(|(_, departs)| departs(change, &theirs)) {
                Some(rule) => departed[rule] += 1,
                None => *expected.entry((change.kind.clone(), change.coordinate.clone(), change.criticality.clone())).or_default() += 1,
            }
        }
        assert!(expected.len() > 50, "{name}: only {} changes left to compare", expected.len());
        let mut differences = Vec::new();
        for key in expected.keys().chain(ours.keys()).collect::<std::collections::BTreeSet<_>>() {
            let (theirs, ours) = (expected.get(key).copied().unwrap_or(0), ours.get(key).copied().unwrap_or(0));
            if theirs != ours {
                differences.push(format!("  {key:?}: graphql-inspector {theirs}, Sextant {ours}"));
            }
        }
        if !differences.is_empty() {
            failures.push(format!("{name} ({} differences):\n{}", differences.len(), differences.join("\n")));
        }
        for (rule, count) in departed.iter().enumerate() {
            departed_overall[rule] += count;
        }
    }
    // Every departure leaves something out, or it would be a rule guarding nothing.
    for ((reason, _), count) in DEPARTURES.iter().zip(&departed_overall) {
        if *count == 0 {
            failures.push(format!("no change of graphql-inspector's was left out by: {reason}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
