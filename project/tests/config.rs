//! graphql-config files as the GraphQL editors' extensions read them: each case a file's text and
//! what Sextant reads of it.

use std::path::{Path, PathBuf};

use project::{EndpointConfig, ProjectError, SchemaSource, find, load, parse};

fn endpoint(name: &str, url: &str, headers: &[(&str, &str)], profile: Option<&str>) -> EndpointConfig {
    EndpointConfig {
        name: name.into(),
        url: url.into(),
        headers: headers.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect(),
        profile: profile.map(Into::into),
    }
}

#[test]
fn configs_are_read_as_written() {
    let railway = "https://backboard.railway.com/graphql/v2";
    let cases: Vec<(&str, bool, Vec<SchemaSource>, Vec<&str>, Vec<EndpointConfig>)> = vec![
        // The smallest: a schema file.
        ("schema: schema.graphql\n", false, vec![SchemaSource::File("schema.graphql".into())], vec![], vec![]),
        // Documents as a list, a URL schema, endpoints with headers and `${VAR}`, Sextant's profiles.
        (
            "schema: https://backboard.railway.com/graphql/v2\ndocuments:\n  - 'queries/**/*.graphql'\n  - '*.gql'\nextensions:\n  endpoints:\n    default:\n      url: https://backboard.railway.com/graphql/v2\n      headers:\n        Authorization: Bearer ${RAILWAY_TOKEN}\n    staging: ${STAGING_URL:http://localhost:4000/graphql}\n  sextant:\n    profiles:\n      default: railway\n",
            false,
            vec![SchemaSource::Url { url: railway.into(), headers: vec![] }],
            vec!["queries/**/*.graphql", "*.gql"],
            vec![
                endpoint("default", railway, &[("Authorization", "Bearer ${RAILWAY_TOKEN}")], Some("railway")),
                endpoint("staging", "${STAGING_URL:http://localhost:4000/graphql}", &[], None),
            ],
        ),
        // A schema URL with its own headers; another tool's extension is left alone.
        (
            "schema:\n  - https://api.github.com/graphql:\n      headers:\n        Authorization: bearer ${GITHUB_TOKEN}\ndocuments: src/**/*.graphql\nextensions:\n  codegen:\n    generates: {}\n",
            false,
            vec![SchemaSource::Url { url: "https://api.github.com/graphql".into(), headers: vec![("Authorization".into(), "bearer ${GITHUB_TOKEN}".into())] }],
            vec!["src/**/*.graphql"],
            vec![],
        ),
        // JSON.
        (
            r#"{"schema": ["schema.json", "extra.graphql"], "extensions": {"endpoints": {"prod": {"url": "https://x/graphql"}}}}"#,
            true,
            vec![SchemaSource::File("schema.json".into()), SchemaSource::File("extra.graphql".into())],
            vec![],
            vec![endpoint("prod", "https://x/graphql", &[], None)],
        ),
    ];
    for (text, json, schema, documents, endpoints) in cases {
        let project = parse(text, json, Path::new("/p")).unwrap_or_else(|error| panic!("{error}\n{text}"));
        assert_eq!(project.schema, schema, "{text}");
        assert_eq!(project.documents, documents, "{text}");
        assert_eq!(project.endpoints, endpoints, "{text}");
        assert_eq!(project.dir, PathBuf::from("/p"));
    }
}

#[test]
fn a_file_of_several_projects_uses_the_default_one_and_says_so() {
    let text = "projects:\n  app:\n    schema: app.graphql\n  default:\n    schema: main.graphql\n    extensions:\n      endpoints:\n        local: http://localhost:4000/graphql\n";
    let project = parse(text, false, Path::new("/p")).unwrap();
    assert_eq!(project.schema, [SchemaSource::File("main.graphql".into())]);
    assert_eq!(project.chosen_from, Some(("default".into(), vec!["app".into(), "default".into()])));
    assert_eq!(project.endpoint(None).unwrap().url, "http://localhost:4000/graphql");
}

#[test]
fn the_endpoint_asked_for_else_default_else_the_first() {
    let text = "schema: s.graphql\nextensions:\n  endpoints:\n    first: https://a/graphql\n    default: https://b/graphql\n";
    let project = parse(text, false, Path::new("/p")).unwrap();
    assert_eq!(project.endpoint(None).unwrap().name, "default");
    assert_eq!(project.endpoint(Some("first")).unwrap().url, "https://a/graphql");
    let error = project.endpoint(Some("prod")).unwrap_err();
    assert!(matches!(&error, ProjectError::UnknownEndpoint { known, .. } if known == &["first", "default"]), "{error}");
    let only = parse("schema: s.graphql\nextensions:\n  endpoints:\n    one: https://a/graphql\n", false, Path::new("/p")).unwrap();
    assert_eq!(only.endpoint(None).unwrap().name, "one");
    let none = parse("schema: s.graphql\n", false, Path::new("/p")).unwrap();
    assert!(matches!(none.endpoint(None), Err(ProjectError::NoEndpoint { .. })));
}

#[test]
fn a_bad_config_says_what_is_wrong() {
    let cases: &[(&str, bool, &str)] = &[
        ("shcema: s.graphql\n", false, "shcema"),
        ("schema: [\n", false, ""),
        ("{\"schema\": 1}", true, ""),
        // An alias bomb is refused, not expanded.
        (
            "extensions:\n  other:\n    a: &a [x, x, x, x, x, x, x, x, x, x]\n    b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\n    c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\n    d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\n    e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\n    f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n    g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f, *f]\n    h: [*g, *g, *g, *g, *g, *g, *g, *g, *g, *g]\n",
            false,
            "",
        ),
    ];
    for (text, json, mentions) in cases {
        let error = parse(text, *json, Path::new("/p")).expect_err(text);
        assert!(error.contains(mentions), "{error}");
    }
}

#[test]
fn the_config_is_found_upward_and_a_program_config_is_named() {
    let root = tempfile::tempdir().unwrap();
    let nested = root.path().join("queries/deep");
    std::fs::create_dir_all(&nested).unwrap();
    assert!(matches!(find(&nested), Err(ProjectError::NotFound { .. })));
    std::fs::write(root.path().join("graphql.config.yml"), "schema: schema.graphql\n").unwrap();
    std::fs::write(root.path().join(".graphqlrc.yml"), "schema: first.graphql\n").unwrap();
    let file = find(&nested).unwrap();
    assert_eq!(file, root.path().join(".graphqlrc.yml"), "the first name graphql-config looks for");
    let project = load(&file).unwrap();
    assert_eq!(project.dir, root.path());
    assert_eq!(project.schema_source().unwrap(), SchemaSource::File(root.path().join("first.graphql")));

    let program = root.path().join("queries/graphql.config.ts");
    std::fs::write(&program, "export default {}").unwrap();
    assert_eq!(find(&nested), Err(ProjectError::Program { file: program }));
}
