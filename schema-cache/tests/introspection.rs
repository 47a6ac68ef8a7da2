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
