//! Reading real introspection responses into schemas.

use schema_cache::introspection::{self, IntrospectionEdition, IntrospectionError};

#[test]
fn real_schemas_load_in_both_response_shapes_with_every_type() {
    // (file, shape, a field that must be there)
    let cases = [
        (test_support::railway_introspection_path(), "data.__schema", ("Query", "projects")),
        (test_support::github_introspection_path(), "__schema", ("Query", "viewer")),
    ];
    for (path, shape, (type_name, field_name)) in cases {
        let loaded = schema_cache::load_file(&path).unwrap_or_else(|error| panic!("{shape}: {error}"));
        assert!(loaded.warnings.is_empty(), "{shape}: unexpected warnings {:?}", loaded.warnings);
        let response: serde_json::Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let types = response.pointer("/data/__schema/types").or(response.pointer("/__schema/types")).unwrap();
        for name in types.as_array().unwrap().iter().map(|ty| ty["name"].as_str().unwrap()) {
            assert!(loaded.schema.types.contains_key(name), "{shape}: type {name} missing");
        }
        assert!(loaded.schema.type_field(type_name, field_name).is_ok(), "{shape}: {type_name}.{field_name} missing");
    }
}

#[test]
fn a_response_with_errors_and_no_schema_is_a_refusal() {
    let body = br#"{"errors":[{"message":"GraphQL introspection is not allowed"}],"data":null}"#;
    assert_eq!(
        introspection::parse_response(body).unwrap_err(),
        IntrospectionError::Refused { messages: vec!["GraphQL introspection is not allowed".into()] }
    );
}

#[test]
fn fallback_moves_to_an_older_edition_only_for_unknown_introspection_fields() {
    let unknown_one_of = vec![r#"Cannot query field "isOneOf" on type "__Type"."#.to_owned()];
    let disabled = vec!["introspection is disabled".to_owned()];
    assert_eq!(introspection::fallback_after(IntrospectionEdition::Current, &unknown_one_of), Some(IntrospectionEdition::October2021));
    assert_eq!(introspection::fallback_after(IntrospectionEdition::Current, &disabled), None);
    assert!(introspection::query(IntrospectionEdition::Current).contains("isOneOf"));
    assert!(!introspection::query(IntrospectionEdition::June2018).contains("specifiedByURL"));
}

/// A response whose `__schema` has a `Query` type with these fields (JSON text of the field list).
fn schema_with_query_fields(fields: &str) -> String {
    format!(r#"{{"__schema":{{"queryType":{{"name":"Query"}},"types":[{{"kind":"OBJECT","name":"Query","fields":{fields},"interfaces":[]}}]}}}}"#)
}

#[test]
fn bad_responses_are_errors_that_say_what_is_wrong() {
    let deep_type = format!(
        r#"[{{"name":"deep","args":[],"type":{}"kind":"SCALAR","name":"String"{}}}]"#,
        r#"{"kind":"LIST","ofType":"#.repeat(10_000),
        "}".repeat(10_000)
    );
    // (body, the start of the error's message)
    let cases: Vec<(String, &str)> = vec![
        ("<html><body>502 Bad Gateway</body></html>".into(), "the response is not valid JSON"),
        (r#"{"data": {"__schema": "#.into(), "the response is not valid JSON"),
        ("[1, 2]".into(), "the response is JSON but not an introspection result: the top level is not an object"),
        (r#"{"data": {"user": null}}"#.into(), "the response is JSON but not an introspection result: there is no `__schema` object"),
        (r#"{"data": {"__schema": {"types": 7}}}"#.into(), "the response is JSON but not an introspection result"),
        (r#"{"data": null, "errors": [{"message": "introspection is disabled"}, {"message": 42}]}"#.into(), "the server refused introspection: introspection is disabled; 42"),
        (r#"{"__schema": {"queryType": null, "types": []}}"#.into(), "the schema has no query type"),
        (r#"{"__schema": {"queryType": {"name": "Missing"}, "types": []}}"#.into(), "the schema has no query type"),
        (deep_type, "the response is not valid JSON: recursion limit exceeded"),
    ];
    for (body, expected) in cases {
        let error = schema_cache::introspection::schema_from_response(body.as_bytes()).expect_err(&body[..body.len().min(80)]);
        assert!(error.to_string().starts_with(expected), "{:?}: got {error}", &body[..body.len().min(80)]);
    }
}

#[test]
fn parts_that_cannot_be_represented_are_left_out_with_a_warning() {
    // (fields of Query, the warning, a field that must still be there)
    let cases = [
        (
            r#"[{"name":"bad name","args":[],"type":{"kind":"SCALAR","name":"String"}},{"name":"ok","args":[],"type":{"kind":"SCALAR","name":"String"}}]"#,
            r#"a field of Query named "bad name" was left out: that is not a valid GraphQL name"#,
        ),
        (
            r#"[{"name":"wrapped","args":[],"type":{"kind":"NON_NULL","ofType":null}},{"name":"ok","args":[],"type":{"kind":"SCALAR","name":"String"}}]"#,
            "Query.wrapped was left out: its type has a list or non-null wrapper around nothing",
        ),
        (
            r#"[{"name":"twice","args":[],"type":{"kind":"SCALAR","name":"String"}},{"name":"twice","args":[],"type":{"kind":"SCALAR","name":"Int"}},{"name":"ok","args":[],"type":{"kind":"SCALAR","name":"String"}}]"#,
            "field Query.twice is defined twice; the first definition is kept",
        ),
        (
            r#"[{"name":"ok","args":[{"name":"a","type":{"kind":"SCALAR","name":"Int"},"defaultValue":"1) { evil"}],"type":{"kind":"SCALAR","name":"String"}}]"#,
            r#"Query.ok.a: the default value "1) { evil" is not a GraphQL value; left out"#,
        ),
    ];
    for (fields, warning) in cases {
        let loaded = schema_cache::introspection::schema_from_response(schema_with_query_fields(fields).as_bytes())
            .unwrap_or_else(|error| panic!("{fields}: {error}"));
        assert_eq!(loaded.warnings, vec![warning.to_owned()], "{fields}");
        assert!(loaded.schema.type_field("Query", "ok").is_ok() || loaded.schema.type_field("Query", "twice").is_ok());
    }
}

#[test]
fn deprecations_defaults_one_of_and_specified_by_survive_conversion() {
    let loaded = schema_cache::load_file(&test_support::railway_introspection_path()).unwrap();
    let sdl = schema_cache::print_sdl(&loaded.schema);
    // (text that must be in the printed SDL, what it shows)
    let expected = [
        ("@deprecated(reason:", "a deprecated field keeps its reason"),
        ("@oneOf", "a oneOf input object keeps its directive"),
        ("directive @oneOf on INPUT_OBJECT", "the oneOf directive is defined"),
    ];
    for (text, what) in expected {
        assert!(sdl.contains(text), "{what}: {text} missing from the printed SDL");
    }
    let github = schema_cache::load_file(&test_support::github_introspection_path()).unwrap();
    let sdl = schema_cache::print_sdl(&github.schema);
    assert!(sdl.contains("= 25"), "GitHub's default argument values survive (e.g. `first: Int = 25`)");
}

#[test]
fn bodies_that_are_not_introspection_results_are_told_apart() {
    type Check = fn(&IntrospectionError) -> bool;
    let cases: [(&[u8], Check); 6] = [
        (b"not json at all", |error| matches!(error, IntrospectionError::NotJson(_))),
        (b"{\"data\": ", |error| matches!(error, IntrospectionError::NotJson(_))),
        (b"[1, 2]", |error| *error == IntrospectionError::NotIntrospection("the top level is not an object".into())),
        (br#"{"data":{"__schema":{"types":"nope"}}}"#, |error| matches!(error, IntrospectionError::NotIntrospection(message) if message.contains("expected a sequence"))),
        (br#"{"data":{}}"#, |error| *error == IntrospectionError::NotIntrospection("there is no `__schema` object".into())),
        (br#"{"__schema":{"queryType":{"name":"Q"},"types":[]}}"#, |error| *error == IntrospectionError::NoQueryType),
    ];
    for (body, expected) in cases {
        let error = introspection::schema_from_response(body).err().unwrap_or_else(|| panic!("{}: loaded", String::from_utf8_lossy(body)));
        assert!(expected(&error), "{}: {error:?}", String::from_utf8_lossy(body));
    }
}
