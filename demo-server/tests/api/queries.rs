use crate::{query, start};
use demo_server::DemoConfig;
use demo_server::sample::{DEMO_USER_ID, PROJECT_SANDBOX, PROJECT_SHOP, PROJECT_WEATHER};
use serde_json::{Value, json};

#[tokio::test]
async fn queries_return_the_sample_data() {
    let server = start(DemoConfig::default()).await;
    let shop_services = format!(r#"{{ project(id: "{PROJECT_SHOP}") {{ services {{ edges {{ node {{ name projectId deployments {{ edges {{ node {{ status }} }} }} }} }} }} }} }}"#);
    let cases: Vec<(String, &str, Value)> = vec![
        ("{ me { id name email avatar createdAt } }".into(), "/data/me/id", json!(DEMO_USER_ID)),
        ("{ me { id name email avatar createdAt } }".into(), "/data/me/name", json!("Demo User")),
        ("{ me { id name email avatar createdAt } }".into(), "/data/me/email", json!("demo@example.com")),
        ("{ me { id name email avatar createdAt } }".into(), "/data/me/createdAt", json!("2023-11-02T09:15:00.000Z")),
        ("{ projects { edges { node { name } } } }".into(), "/data/projects/edges/0/node/name", json!("acme-shop")),
        ("{ projects { edges { node { name } } } }".into(), "/data/projects/edges/2/node/name", json!("sandbox")),
        ("{ projects { edges { node { name } } } }".into(), "/data/projects/edges/3", Value::Null),
        ("{ projects(first: 2) { pageInfo { hasNextPage hasPreviousPage endCursor } } }".into(), "/data/projects/pageInfo/hasNextPage", json!(true)),
        ("{ projects(first: 2) { pageInfo { hasNextPage hasPreviousPage endCursor } } }".into(), "/data/projects/pageInfo/endCursor", json!(PROJECT_WEATHER)),
        (format!(r#"{{ projects(first: 1, after: "{PROJECT_WEATHER}") {{ edges {{ cursor node {{ id }} }} pageInfo {{ hasNextPage hasPreviousPage }} }} }}"#), "/data/projects/edges/0/node/id", json!(PROJECT_SANDBOX)),
        (format!(r#"{{ projects(first: 1, after: "{PROJECT_WEATHER}") {{ edges {{ cursor node {{ id }} }} pageInfo {{ hasNextPage hasPreviousPage }} }} }}"#), "/data/projects/pageInfo", json!({"hasNextPage": false, "hasPreviousPage": true})),
        ("{ projects(last: 1) { edges { node { name } } } }".into(), "/data/projects/edges/0/node/name", json!("sandbox")),
        (r#"{ projects(after: "no-such-cursor") { edges { cursor } } }"#.into(), "/errors/0/message", json!("Invalid cursor")),
        (format!(r#"{{ project(id: "{PROJECT_SHOP}") {{ name description isPublic createdAt updatedAt }} }}"#), "/data/project", json!({
            "name": "acme-shop", "description": "Storefront, API and a background worker", "isPublic": false,
            "createdAt": "2024-01-15T10:00:00.000Z", "updatedAt": "2024-06-03T16:42:10.000Z"})),
        (format!(r#"{{ project(id: "{PROJECT_SANDBOX}") {{ description isPublic services {{ edges {{ cursor }} }} }} }}"#), "/data/project", json!({
            "description": null, "isPublic": true, "services": {"edges": []}})),
        (format!(r#"{{ project(id: "{PROJECT_SHOP}") {{ environments {{ edges {{ node {{ name }} }} }} }} }}"#), "/data/project/environments/edges", json!([
            {"node": {"name": "production"}}, {"node": {"name": "staging"}}])),
        (shop_services.clone(), "/data/project/services/edges/0/node/name", json!("api")),
        (shop_services.clone(), "/data/project/services/edges/2/node/name", json!("worker")),
        (shop_services.clone(), "/data/project/services/edges/0/node/projectId", json!(PROJECT_SHOP)),
        (shop_services, "/data/project/services/edges/0/node/deployments/edges", json!([
            {"node": {"status": "BUILDING"}}, {"node": {"status": "SUCCESS"}}, {"node": {"status": "FAILED"}}])),
        (format!(r#"{{ project(id: "{PROJECT_SHOP}") {{ deployments(first: 2) {{ edges {{ node {{ status url staticUrl }} }} pageInfo {{ hasNextPage }} }} }} }}"#), "/data/project/deployments", json!({
            "edges": [
                {"node": {"status": "BUILDING", "url": null, "staticUrl": null}},
                {"node": {"status": "SUCCESS", "url": "https://api-production-1a2b.up.railway.app", "staticUrl": "api-production-1a2b.up.railway.app"}}],
            "pageInfo": {"hasNextPage": true}})),
        (format!(r#"{{ project(id: "{PROJECT_WEATHER}") {{ deployments {{ edges {{ node {{ status serviceId environmentId }} }} }} }} }}"#), "/data/project/deployments/edges/0/node/status", json!("CRASHED")),
        (format!(r#"{{ project(id: "{PROJECT_SHOP}") {{ plugins {{ edges {{ node {{ name friendlyName status createdAt }} }} }} }} }}"#), "/data/project/plugins/edges", json!([
            {"node": {"name": "postgresql", "friendlyName": "Postgres", "status": "RUNNING", "createdAt": "2024-01-15T10:10:00.000Z"}}])),
        (format!(r#"{{ project(id: "{PROJECT_WEATHER}") {{ plugins {{ edges {{ node {{ name status }} }} }} }} }}"#), "/data/project/plugins/edges/0/node", json!({"name": "redis", "status": "STOPPED"})),
        // Like Railway: an unknown project is an error and, the field being non-null, no data.
        (r#"{ project(id: "00000000-0000-0000-0000-000000000000") { id } }"#.into(), "/data", Value::Null),
        (r#"{ project(id: "00000000-0000-0000-0000-000000000000") { id } }"#.into(), "/errors/0/message", json!("Project not found")),
    ];
    for (document, pointer, expected) in cases {
        let reply = query(&server.url(), &document, &[]).await;
        assert_eq!(reply.status, 200, "{document}");
        assert_eq!(reply.at(pointer), expected, "{document} at {pointer}: {}", reply.text);
    }
    server.shutdown().await;
}

const CREATE: &str = "mutation($input: PluginCreateInput!) { pluginCreate(input: $input) { id name friendlyName status createdAt } }";

async fn create(url: &str, input: Value, headers: &[(&str, &str)]) -> crate::Reply {
    let mut request = crate::client().post(url).json(&json!({ "query": CREATE, "variables": { "input": input } }));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    crate::send(request).await
}

#[tokio::test]
async fn a_created_plugin_appears_in_its_project_of_this_server_only() {
    let server = start(DemoConfig::default()).await;
    let other = start(DemoConfig::default()).await;
    let plugins = format!(r#"{{ project(id: "{PROJECT_SANDBOX}") {{ plugins {{ edges {{ node {{ id name friendlyName }} }} }} }} }}"#);
    assert_eq!(query(&server.url(), &plugins, &[]).await.at("/data/project/plugins/edges"), json!([]));

    let created = create(&server.url(), json!({ "projectId": PROJECT_SANDBOX, "name": "redis", "friendlyName": "Cache" }), &[]).await;
    assert_eq!(created.status, 200, "{}", created.text);
    let plugin = created.at("/data/pluginCreate");
    assert_eq!((&plugin["name"], &plugin["friendlyName"], &plugin["status"]), (&json!("redis"), &json!("Cache"), &json!("RUNNING")));
    let created_at = plugin["createdAt"].as_str().unwrap();
    assert!(created_at.len() == 24 && created_at.ends_with('Z') && created_at.as_bytes()[10] == b'T', "{created_at}");

    let listed = query(&server.url(), &plugins, &[]).await.at("/data/project/plugins/edges");
    assert_eq!(listed, json!([{ "node": { "id": plugin["id"], "name": "redis", "friendlyName": "Cache" } }]));
    let second = create(&server.url(), json!({ "projectId": PROJECT_SANDBOX, "name": "mysql" }), &[]).await;
    assert_eq!(second.at("/data/pluginCreate/friendlyName"), json!("MySQL"));
    assert_ne!(second.at("/data/pluginCreate/id"), plugin["id"]);
    assert_eq!(query(&other.url(), &plugins, &[]).await.at("/data/project/plugins/edges"), json!([]));

    for (input, message) in [
        (json!({ "projectId": PROJECT_SANDBOX, "name": "oracle" }), "Invalid plugin name: oracle"),
        (json!({ "projectId": "no-such-project", "name": "redis" }), "Project not found"),
    ] {
        let refused = create(&server.url(), input, &[]).await;
        assert_eq!((refused.at("/data"), refused.at("/errors/0/message")), (Value::Null, json!(message)));
    }
    server.shutdown().await;
    other.shutdown().await;
}
