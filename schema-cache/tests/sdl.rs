//! Schemas from SDL text: valid files, repairable files, refusals and hostile input.

use schema_cache::LoadedSchema;
use schema_cache::sdl::{SdlError, schema_from_sdl};

/// What a case must produce.
enum Expect {
    /// Loads with no warnings; the field `Type.field` exists.
    Clean(&'static str, &'static str),
    /// Loads; the field exists, and for each fragment there is a warning containing it.
    Warned(&'static str, &'static str, &'static [&'static str]),
    /// Refused with a message containing the fragment.
    Refused(&'static str),
}

fn check(name: &str, text: &str, expect: Expect) {
    let result = schema_from_sdl(text);
    match expect {
        Expect::Clean(type_name, field) => {
            let loaded = result.unwrap_or_else(|error| panic!("{name}: refused: {error}"));
            assert!(loaded.warnings.is_empty(), "{name}: unexpected warnings {:?}", loaded.warnings);
            assert!(loaded.schema.type_field(type_name, field).is_ok(), "{name}: {type_name}.{field} missing");
        }
        Expect::Warned(type_name, field, fragments) => {
            let loaded = result.unwrap_or_else(|error| panic!("{name}: refused: {error}"));
            assert!(loaded.schema.type_field(type_name, field).is_ok(), "{name}: {type_name}.{field} missing");
            for fragment in fragments {
                assert!(
                    loaded.warnings.iter().any(|warning| warning.contains(fragment)),
                    "{name}: no warning contains {fragment:?}; warnings: {:?}",
                    loaded.warnings
                );
            }
        }
        Expect::Refused(fragment) => {
            let error = result.err().unwrap_or_else(|| panic!("{name}: loaded but should be refused"));
            let message = error.to_string();
            assert!(message.contains(fragment), "{name}: refusal {message:?} does not contain {fragment:?}");
        }
    }
}

#[test]
fn sdl_cases() {
    use Expect::*;
    let cases: Vec<(&str, &str, Expect)> = vec![
        ("implicit root", "type Query { hello(name: String = \"you\"): String! }", Clean("Query", "hello")),
        (
            "explicit schema definition",
            "schema { query: Root mutation: Change } type Root { a: [Int!]! } type Change { b: Boolean }",
            Clean("Root", "a"),
        ),
        (
            "every kind of type",
            "\"The root\" type Query { node(id: ID!): Node search: SearchResult color: Color }\n\
             interface Node { id: ID! }\n type User implements Node { id: ID! name: String @deprecated(reason: \"no\") }\n\
             union SearchResult = User\n enum Color { RED GREEN }\n input Filter @oneOf { a: Int b: String }\n\
             scalar DateTime @specifiedBy(url: \"https://example.com\")\n directive @cached(ttl: Int) repeatable on FIELD_DEFINITION",
            Clean("User", "name"),
        ),
        (
            "duplicate field",
            "type Query { a: Int a: String b: Int }",
            Warned("Query", "b", &["field Query.a is defined twice; the first definition is kept (line 1)"]),
        ),
        (
            "duplicate type",
            "type Query { a: Int }\ntype Thing { x: Int }\ntype Thing { y: Int }",
            Warned("Thing", "x", &["type Thing is defined more than once; the first definition is kept (line 3)"]),
        ),
        (
            "syntax error keeps the rest",
            "type Query { a: Int }\ntype Broken { b: }\ntype Other { c: String }",
            Warned("Other", "c", &["line 2:"]),
        ),
        (
            "undefined type is a warning naming it",
            "type Query { a: Missing b: Int }",
            Warned("Query", "b", &["Missing", "line 1"]),
        ),
        ("no query type", "type Foo { a: Int }", Refused("no query type")),
        ("empty text", "", Refused("no query type")),
        ("whitespace and comments only", "  # nothing here\n\n", Refused("no query type")),
        ("an executable document", "query { viewer { login } }", Refused("no query type")),
        ("prose", "This is not a schema, it is a sentence.", Refused("line 1")),
        ("json", "{\"data\": {\"__schema\": null}}", Refused("no query type")),
        ("binary-ish garbage", "\u{0}\u{1}\u{fffd}\u{fffd}}}}{{{ \"\"\" ", Refused("no query type")),
    ];
    for (name, text, expect) in cases {
        check(name, text, expect);
    }
}

#[test]
fn githubs_published_sdl_loads_with_warnings_naming_the_duplicate_fields() {
    let text = std::fs::read_to_string(test_support::github_sdl_path()).unwrap();
    let loaded = schema_from_sdl(&text).unwrap_or_else(|error| panic!("{error}"));
    let duplicates: Vec<&String> = loaded.warnings.iter().filter(|warning| warning.contains("EnterpriseOwnerInfo.")).collect();
    assert_eq!(duplicates.len(), 2, "warnings: {:?}", loaded.warnings);
    for warning in duplicates {
        assert!(warning.starts_with("field EnterpriseOwnerInfo."), "{warning}");
        assert!(warning.contains("is defined twice; the first definition is kept (line "), "{warning}");
    }
    assert!(loaded.schema.type_field("EnterpriseOwnerInfo", "repositoryDeployKeySetting").is_ok());
    assert!(loaded.schema.type_field("Query", "viewer").is_ok());
    assert_eq!(loaded.warnings.len(), 2, "warnings: {:?}", loaded.warnings);
    for name in ["Repository", "Issue", "PullRequest", "User", "Organization", "Mutation", "EnterpriseOwnerInfo"] {
        assert!(loaded.schema.types.contains_key(name), "type {name} missing");
    }
    assert!(loaded.schema.types.len() > 1500, "only {} types", loaded.schema.types.len());
}

#[test]
fn load_file_reads_graphql_files() {
    let directory = tempfile::tempdir().unwrap();
    let cases = [("schema.graphql", "type Query { a: Int }"), ("schema.graphqls", "\n\n  type Query { b: Int }")];
    for (file_name, text) in cases {
        let path = directory.path().join(file_name);
        std::fs::write(&path, text).unwrap();
        let loaded = schema_cache::load_file(&path).unwrap_or_else(|error| panic!("{file_name}: {error}"));
        assert!(loaded.warnings.is_empty(), "{file_name}: {:?}", loaded.warnings);
        assert_eq!(loaded.schema.root_operation(apollo_compiler::ast::OperationType::Query).map(|name| name.as_str()), Some("Query"));
    }

    let loaded = schema_cache::load_file(&test_support::github_sdl_path()).unwrap();
    assert!(loaded.schema.type_field("Repository", "issues").is_ok());

    // Invalid UTF-8 is read lossily; what remains is still a schema.
    let path = directory.path().join("latin1.graphql");
    std::fs::write(&path, b"\"caf\xe9\" type Query { a: Int }").unwrap();
    let loaded = schema_cache::load_file(&path).unwrap();
    assert!(loaded.schema.type_field("Query", "a").is_ok());

    let path = directory.path().join("nothing.graphql");
    std::fs::write(&path, "type Foo { a: Int }").unwrap();
    let error = schema_cache::load_file(&path).unwrap_err();
    assert!(error.to_string().contains("nothing.graphql"), "{error}");
    assert!(matches!(error, schema_cache::LoadError::Sdl { cause: SdlError::NoQueryType { .. }, .. }));
}

/// Every type and field of `expected` is in `actual`, with the same field types and arguments.
fn assert_same_types_and_fields(what: &str, expected: &LoadedSchema, actual: &LoadedSchema) {
    use apollo_compiler::schema::ExtendedType;
    assert_eq!(expected.schema.types.len(), actual.schema.types.len(), "{what}: type count");
    for (name, ty) in &expected.schema.types {
        let other = actual.schema.types.get(name).unwrap_or_else(|| panic!("{what}: type {name} missing"));
        assert_eq!(std::mem::discriminant(ty), std::mem::discriminant(other), "{what}: kind of {name}");
        match (ty, other) {
            (ExtendedType::Object(a), ExtendedType::Object(b)) => {
                assert_eq!(a.fields.keys().collect::<Vec<_>>(), b.fields.keys().collect::<Vec<_>>(), "{what}: fields of {name}");
                for (field, definition) in &a.fields {
                    assert_eq!(definition.ty, b.fields[field].ty, "{what}: type of {name}.{field}");
                    assert_eq!(definition.arguments, b.fields[field].arguments, "{what}: arguments of {name}.{field}");
                }
            }
            (ExtendedType::Interface(a), ExtendedType::Interface(b)) => {
                assert_eq!(a.fields.keys().collect::<Vec<_>>(), b.fields.keys().collect::<Vec<_>>(), "{what}: fields of {name}");
            }
            (ExtendedType::InputObject(a), ExtendedType::InputObject(b)) => {
                assert_eq!(a.fields, b.fields, "{what}: input fields of {name}");
            }
            (ExtendedType::Enum(a), ExtendedType::Enum(b)) => {
                assert_eq!(a.values.keys().collect::<Vec<_>>(), b.values.keys().collect::<Vec<_>>(), "{what}: values of {name}");
            }
            (ExtendedType::Union(a), ExtendedType::Union(b)) => assert_eq!(a.members, b.members, "{what}: members of {name}"),
            _ => {}
        }
    }
    assert_eq!(expected.schema.schema_definition.query, actual.schema.schema_definition.query, "{what}: query root");
    assert_eq!(expected.schema.schema_definition.mutation, actual.schema.schema_definition.mutation, "{what}: mutation root");
}

#[test]
fn printing_a_schema_as_sdl_and_reading_it_back_gives_the_same_types_and_fields() {
    for (what, path) in [("railway", test_support::railway_introspection_path()), ("github", test_support::github_introspection_path())] {
        let original = schema_cache::load_file(&path).unwrap();
        let printed = schema_cache::print_sdl(&original.schema);
        let reloaded = schema_from_sdl(&printed).unwrap_or_else(|error| panic!("{what}: {error}"));
        assert!(reloaded.warnings.is_empty(), "{what}: warnings {:?}", &reloaded.warnings[..reloaded.warnings.len().min(5)]);
        assert_same_types_and_fields(what, &original, &reloaded);
    }
}

#[test]
fn hostile_input_is_refused_or_loaded_without_panicking() {
    let deep = 100_000;
    let cases: Vec<(&str, String)> = vec![
        ("deeply nested list type", format!("type Query {{ a: {}Int{} }}", "[".repeat(deep), "]".repeat(deep))),
        ("deeply nested object default", format!("type Query {{ a(x: In = {}1{}): Int }} input In {{ a: Int }}", "{a:".repeat(deep), "}".repeat(deep))),
        ("deeply nested list default", format!("type Query {{ a(x: [Int] = {}1{}): Int }}", "[".repeat(deep), "]".repeat(deep))),
        ("deeply nested directive argument", format!("type Query {{ a: Int @d(x: {}1{}) }}", "[".repeat(deep), "]".repeat(deep))),
        ("unclosed brackets", format!("type Query {{ a: Int }} {}", "{[(".repeat(deep))),
        ("a huge selection set", format!("type Query {{ a: Int }} query {}", "{ a ".repeat(deep))),
        ("many errors", "type Query { a: Int } ".to_owned() + &"} ! ".repeat(deep)),
    ];
    for (name, text) in cases {
        // Loaded with warnings or refused: both are fine, a panic or stack overflow is not.
        match schema_from_sdl(&text) {
            Ok(loaded) => {
                assert!(!loaded.warnings.is_empty(), "{name}: loaded without a warning");
                assert!(loaded.warnings.len() <= 101, "{name}: {} warnings", loaded.warnings.len());
                let _ = schema_cache::print_sdl(&loaded.schema);
            }
            Err(error) => assert!(!error.to_string().is_empty(), "{name}"),
        }
    }
}

#[test]
fn fifty_megabytes_of_garbage_are_refused() {
    // Pseudo-random printable bytes, with a few characters GraphQL treats specially.
    let mut state: u32 = 0x2545_f491;
    let alphabet = b"abcXYZ019_{}[]()!:=@$\"#\n \t.,&|";
    let garbage: String = (0..50 * 1024 * 1024)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            alphabet[state as usize % alphabet.len()] as char
        })
        .collect();
    let error = schema_from_sdl(&garbage).expect_err("garbage must be refused");
    let SdlError::NoQueryType { problems, more } = &error;
    assert!(problems.len() <= 5, "{error}");
    assert!(!problems.is_empty() && *more > 0, "{error}");
}
