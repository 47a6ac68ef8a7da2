//! Collections of other clients (Altair, Bruno, Insomnia, Postman) into a project's files: each
//! request with its document, variables and headers, every secret dropped with a note.

use std::path::Path;

use project::import::{Format, ImportedRequest, import, write_into};

const SECRETS: [&str; 6] = ["altair-secret-1", "bruno-secret-2", "bruno-secret-3", "insomnia-secret-4", "postman-secret-5", "postman-secret-6"];

fn read(name: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data").join(name)).unwrap()
}

fn request(name: &str, url: &str, document: &str, variables: Option<&str>, headers: &[(&str, &str)]) -> ImportedRequest {
    ImportedRequest {
        name: name.into(),
        url: url.into(),
        document: document.into(),
        variables: variables.map(Into::into),
        headers: headers.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect(),
    }
}

#[test]
fn each_format_gives_its_requests_and_drops_its_secrets() {
    let railway = "https://backboard.railway.com/graphql/v2";
    let cases: Vec<(&str, Format, Vec<ImportedRequest>, Vec<&str>)> = vec![
        (
            "railway.agc",
            Format::Altair,
            vec![
                request("My projects", railway, "query Projects { projects { edges { node { id name } } } }", None, &[("X-Request-Source", "altair")]),
                request("One project", railway, "query Project($id: String!) { project(id: $id) { name } }", Some("{\n  \"id\": \"p-1\"\n}"), &[]),
            ],
            vec!["\"My projects\": the Authorization header's value"],
        ),
        (
            "me.bru",
            Format::Bruno,
            vec![request("Who am I", railway, "query Me {\n  me {\n    name\n  }\n}", Some("{\n  \"first\": 2\n}"), &[("X-Request-Source", "bruno")])],
            vec!["\"Who am I\": the Project-Access-Token header's value", "\"Who am I\": its auth:bearer block"],
        ),
        (
            "insomnia.json",
            Format::Insomnia,
            vec![request(
                "Deployments",
                railway,
                "query D($id: String!) { deployments(input: { projectId: $id }) { edges { node { id } } } }",
                Some("{\n  \"id\": \"p-9\"\n}"),
                &[("X-Team", "ops")],
            )],
            vec!["\"Deployments\": its authentication (bearer", "\"Health\": not a GraphQL request"],
        ),
        (
            "postman.json",
            Format::Postman,
            vec![request("Repos Viewer repositories", "https://api.github.com/graphql", "{ viewer { repositories(first: 5) { nodes { name } } } }", None, &[("X-Github-Next-Global-ID", "1")])],
            vec!["\"GitHub\": its bearer auth", "\"Repos Viewer repositories\": the Cookie header's value", "\"REST thing\": not a GraphQL request"],
        ),
    ];
    for (file, format, requests, dropped) in cases {
        let text = read(file);
        assert_eq!(Format::detect(file, &text), Some(format), "{file}");
        let imported = import(format, &text).unwrap_or_else(|error| panic!("{file}: {error}"));
        assert_eq!(imported.requests, requests, "{file}");
        assert_eq!(imported.dropped.len(), dropped.len(), "{file}: {:?}", imported.dropped);
        for (note, start) in imported.dropped.iter().zip(&dropped) {
            assert!(note.starts_with(start), "{file}: {note:?} should start {start:?}");
        }
        for secret in SECRETS {
            assert!(!format!("{imported:?}").contains(secret), "{file}: {secret} was kept");
        }
    }
}

#[test]
fn requests_become_files_and_a_config_without_a_secret() {
    let dir = tempfile::tempdir().unwrap();
    let mut all = import(Format::Altair, &read("railway.agc")).unwrap();
    all.requests.extend(import(Format::Postman, &read("postman.json")).unwrap().requests);
    let written = write_into(dir.path(), &all).unwrap();
    assert_eq!(written.files, ["my-projects.graphql", "one-project.graphql", "one-project.variables.json", "repos-viewer-repositories.graphql"]);
    assert_eq!(written.config.as_deref(), Some(".graphqlrc.yml"));
    let config = project::load(&dir.path().join(".graphqlrc.yml")).unwrap();
    let endpoints: Vec<(&str, &str)> = config.endpoints.iter().map(|endpoint| (endpoint.name.as_str(), endpoint.url.as_str())).collect();
    assert_eq!(endpoints, [("default", "https://backboard.railway.com/graphql/v2"), ("api-github-com", "https://api.github.com/graphql")]);
    assert_eq!(config.endpoints[0].headers, [("X-Request-Source".to_owned(), "altair".to_owned())]);
    assert_eq!(config.documents, ["**/*.graphql"]);
    assert_eq!(std::fs::read_to_string(dir.path().join("one-project.variables.json")).unwrap(), "{\n  \"id\": \"p-1\"\n}\n");

    // Again into the same folder: nothing is overwritten, the config is kept and says what it lacks.
    let again = write_into(dir.path(), &import(Format::Bruno, &read("me.bru")).unwrap()).unwrap();
    assert_eq!(again.files, ["who-am-i.graphql", "who-am-i.variables.json"]);
    assert_eq!(again.config, None);
    assert!(again.endpoints_not_in_config.is_empty(), "Railway's endpoint is in the config");
    let twice = write_into(dir.path(), &all).unwrap();
    assert_eq!(twice.files[0], "my-projects-2.graphql");
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} in {text}");
        }
    }
}
