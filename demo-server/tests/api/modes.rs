use crate::{client, query, send, start};
use demo_server::{DemoConfig, Mode};
use serde_json::{Value, json};
use std::time::Duration;

const ME: &str = "{ me { name } }";
const INTROSPECTION: &str = "{ __schema { queryType { name } } }";

#[tokio::test]
async fn introspection_disabled_refuses_only_introspection() {
    let server = start(DemoConfig { mode: Mode::IntrospectionDisabled, ..DemoConfig::default() }).await;
    let refused = query(&server.url(), INTROSPECTION, &[]).await;
    assert_eq!(refused.status, 200);
    let message = refused.at("/errors/0/message");
    assert!(message.as_str().unwrap().contains("introspection is not allowed"), "{}", refused.text);
    assert_eq!(refused.at("/data"), Value::Null);
    // Also when it hides in a fragment; `__typename` is not introspection.
    let hidden = query(&server.url(), "query { ...F } fragment F on Query { ... on Query { __type(name: \"User\") { name } } }", &[]).await;
    assert_eq!(hidden.at("/errors/0/message"), message);
    assert_eq!(query(&server.url(), "{ __typename }", &[]).await.at("/data/__typename"), json!("Query"));
    assert_eq!(query(&server.url(), ME, &[]).await.at("/data/me/name"), json!("Demo User"));
    server.set_mode(Mode::Normal);
    assert_eq!(query(&server.url(), INTROSPECTION, &[]).await.at("/data/__schema/queryType/name"), json!("Query"));
    server.shutdown().await;
}

#[tokio::test]
async fn slow_answers_late_and_shutdown_does_not_wait_for_it() {
    let server = start(DemoConfig::default()).await;
    server.set_mode(Mode::Slow { delay_ms: 20 });
    assert_eq!(query(&server.url(), ME, &[]).await.at("/data/me/name"), json!("Demo User"));

    // Far longer than the client waits: the client gives up; the request did reach the server.
    server.set_mode(Mode::Slow { delay_ms: demo_server::MAX_DELAY_MS });
    let request = client().post(server.url()).timeout(Duration::from_millis(200)).json(&json!({ "query": ME }));
    let error = request.send().await.expect_err("the client times out");
    assert!(error.is_timeout(), "{error}");
    assert_eq!(server.wait_for_requests(2).await.len(), 2);

    // A request still waiting when the server shuts down is ended rather than waited for.
    let url = server.url();
    let pending = tokio::spawn(async move { send(client().post(url).json(&json!({ "query": ME }))).await });
    server.wait_for_requests(3).await;
    server.shutdown().await;
    assert_eq!(pending.await.unwrap().status, 503);
}

#[tokio::test]
async fn large_answers_are_valid_graphql_of_the_size_asked() {
    let server = start(DemoConfig::default()).await;
    for bytes in [2_000, 21_000_000] {
        server.set_mode(Mode::Large { bytes });
        for _ in 0..2 {
            let reply = query(&server.url(), ME, &[]).await;
            assert_eq!(reply.status, 200);
            assert_eq!(reply.header("content-type"), Some("application/json"));
            assert_eq!(reply.text.len(), bytes);
            let deployments = reply.at("/data/deployments");
            let deployments = deployments.as_array().unwrap();
            assert!(deployments.len() >= bytes / 1100, "{} deployments", deployments.len());
            assert_eq!(deployments[0]["status"], json!("SUCCESS"));
        }
    }
    server.shutdown().await;
}

#[tokio::test]
async fn html_error_is_a_502_page() {
    let server = start(DemoConfig { mode: Mode::HtmlError, ..DemoConfig::default() }).await;
    let reply = query(&server.url(), ME, &[]).await;
    assert_eq!(reply.status, 502);
    assert!(reply.header("content-type").unwrap().starts_with("text/html"));
    assert!(reply.text.starts_with("<!DOCTYPE html>") && reply.text.contains("502 Bad Gateway"), "{}", reply.text);
    server.shutdown().await;
}

#[tokio::test]
async fn redirect_to_another_origin() {
    let config = DemoConfig {
        bearer_tokens: vec!["account-token".into()],
        project_tokens: vec![("project-token".into(), demo_server::sample::PROJECT_WEATHER.into())],
        ..DemoConfig::default()
    };
    let first = start(config.clone()).await;
    let second = start(config).await;
    assert_ne!(first.origin(), second.origin());
    first.set_mode(Mode::RedirectTo { location: second.url() });

    let reply = query(&first.url(), ME, &[("Authorization", "Bearer account-token")]).await;
    assert_eq!((reply.status, reply.header("location")), (307, Some(second.url().as_str())));
    assert_eq!(second.request_count(), 0);

    // A client that follows redirects: 307 keeps the method and body. What reaches the other origin is
    // what the client chose to send again (reqwest drops Authorization across origins but not custom headers).
    let following = reqwest::Client::new()
        .post(first.url())
        .header("Authorization", "Bearer account-token")
        .header("Project-Access-Token", "project-token")
        .json(&json!({ "query": "{ projects { edges { node { name } } } }" }));
    let followed = send(following).await;
    assert_eq!(followed.status, 200, "{}", followed.text);
    assert_eq!(followed.at("/data/projects/edges/0/node/name"), json!("weather-bot"));
    let at_first = first.requests().pop().unwrap();
    assert!(at_first.carries("authorization", "Bearer account-token"));
    let at_second = second.wait_for_requests(1).await.pop().unwrap();
    assert_eq!((at_second.method.as_str(), at_second.header("authorization")), ("POST", None));
    assert!(at_second.carries("project-access-token", "project-token"));
    first.shutdown().await;
    second.shutdown().await;
}

#[tokio::test]
async fn hostile_puts_markup_in_descriptions_data_and_errors() {
    let server = start(DemoConfig { mode: Mode::Hostile, ..DemoConfig::default() }).await;
    let schema = query(&server.url(), "{ __schema { queryType { name description fields { name description } } } }", &[]).await;
    assert_eq!(schema.status, 200);
    assert_eq!(schema.at("/data/__schema/queryType/name"), json!("Query"));
    let answer = query(&server.url(), "{ projects { edges { node { name } } } }", &[]).await;
    assert_eq!(answer.status, 200);
    for payload in demo_server::HOSTILE_PAYLOADS {
        let description = schema.at("/data/__schema/queryType/fields/0/description");
        assert!(description.as_str().unwrap().contains(payload), "{}", schema.text);
        assert!(answer.at("/data/note").as_str().unwrap().contains(payload), "{}", answer.text);
        assert!(answer.at("/errors/0/message").as_str().unwrap().contains(payload), "{}", answer.text);
    }
    server.shutdown().await;
}

#[tokio::test]
async fn modes_switch_through_the_control_endpoint() {
    let server = start(DemoConfig::default()).await;
    let control = format!("{}/_demo/mode", server.origin());
    for (mode, status) in [
        (json!({ "mode": "html_error" }), 502),
        (json!({ "mode": "redirect_to", "location": "http://127.0.0.1:9/graphql/v2" }), 307),
        (json!({ "mode": "large", "bytes": 3000 }), 200),
        (json!({ "mode": "slow", "delay_ms": 1 }), 200),
        (json!({ "mode": "introspection_disabled" }), 200),
        (json!({ "mode": "hostile" }), 200),
        (json!({ "mode": "normal" }), 200),
    ] {
        let set = send(client().post(&control).json(&mode)).await;
        assert_eq!((set.status, set.json()), (200, mode.clone()));
        assert_eq!(send(client().get(&control)).await.json(), mode);
        assert_eq!(query(&server.url(), ME, &[]).await.status, status, "{mode}");
    }
    assert_eq!(server.mode(), Mode::Normal);
    let unknown = send(client().post(&control).json(&json!({ "mode": "sideways" }))).await;
    assert!((400..500).contains(&unknown.status), "{}", unknown.status);
    assert_eq!(server.mode(), Mode::Normal);
    server.shutdown().await;
}

#[tokio::test]
async fn the_next_schema_renames_removes_and_adds_a_field() {
    let server = start(DemoConfig::default()).await;
    let fields = |reply: crate::Reply, type_name: &str| -> Vec<String> {
        let fields = reply.at("/data/__type/fields");
        let names = fields.as_array().unwrap_or_else(|| panic!("{type_name}: {}", reply.text)).iter();
        names.map(|field| field["name"].as_str().unwrap().to_owned()).collect()
    };
    let type_fields = |name: &str| format!("{{ __type(name: \"{name}\") {{ fields {{ name }} }} }}");
    let project = fields(query(&server.url(), &type_fields("Project"), &[]).await, "Project");
    assert!(project.contains(&"description".to_owned()) && !project.contains(&"summary".to_owned()), "{project:?}");

    server.set_mode(Mode::NextSchema);
    let project = fields(query(&server.url(), &type_fields("Project"), &[]).await, "Project");
    assert!(project.contains(&"summary".to_owned()) && project.contains(&"archived".to_owned()), "{project:?}");
    assert!(!project.contains(&"description".to_owned()), "{project:?}");
    assert!(!fields(query(&server.url(), &type_fields("User"), &[]).await, "User").contains(&"avatar".to_owned()));
    // What the next version adds answers. (What it drops is only hidden from introspection, which
    // is what a schema diff reads: queries for it still answer.)
    let project_id = "5f0e2c1a-8b3d-4c7e-9a61-2d4f6b8e0a11";
    let summary = query(&server.url(), &format!("{{ project(id: \"{project_id}\") {{ summary archived }} }}"), &[]).await;
    assert_eq!(summary.at("/data/project/archived"), json!(false), "{}", summary.text);
    server.shutdown().await;
}
