use crate::{query, start};
use demo_server::DemoConfig;
use demo_server::sample::{PROJECT_SHOP, PROJECT_WEATHER};
use serde_json::{Value, json};

fn config(require_token: bool) -> DemoConfig {
    DemoConfig {
        bearer_tokens: vec!["account-token".into()],
        project_tokens: vec![("project-token".into(), PROJECT_WEATHER.into())],
        require_token,
        ..DemoConfig::default()
    }
}

/// (require_token, headers, document, status, JSON pointer, value)
type Case<'a> = (bool, Vec<(&'a str, &'a str)>, &'a str, u16, &'a str, Value);

const ME: &str = "{ me { name } }";
const PROJECT_IDS: &str = "{ projects { edges { node { id } } } }";
const NOT_AUTHORIZED: &str = r#"{"errors":[{"message":"Not Authorized"}]}"#;

#[tokio::test]
async fn tokens() {
    let shop = format!(r#"{{ project(id: "{PROJECT_SHOP}") {{ name }} }}"#);
    let weather = format!(r#"{{ project(id: "{PROJECT_WEATHER}") {{ name }} }}"#);
    // (require_token, headers, document, status, JSON pointer, value); a 401 has exactly Railway's body.
    let cases: Vec<Case> = vec![
        (true, vec![], ME, 401, "", json!(null)),
        (true, vec![("Authorization", "Bearer account-token")], ME, 200, "/data/me/name", json!("Demo User")),
        (true, vec![("authorization", "bearer account-token")], ME, 200, "/data/me/name", json!("Demo User")),
        (true, vec![("Authorization", "Bearer wrong-token")], ME, 401, "", json!(null)),
        (true, vec![("Authorization", "Basic account-token")], ME, 401, "", json!(null)),
        (true, vec![("Authorization", "Bearer project-token")], ME, 401, "", json!(null)),
        (true, vec![("Project-Access-Token", "account-token")], ME, 401, "", json!(null)),
        (true, vec![("Project-Access-Token", "project-token")], PROJECT_IDS, 200, "/data/projects/edges", json!([{ "node": { "id": PROJECT_WEATHER } }])),
        (true, vec![("Project-Access-Token", "project-token")], &weather, 200, "/data/project/name", json!("weather-bot")),
        // Railway's `me` does not work with project tokens, nor does another project.
        (true, vec![("Project-Access-Token", "project-token")], ME, 200, "/errors/0/message", json!("Not Authorized")),
        (true, vec![("Project-Access-Token", "project-token")], ME, 200, "/data", json!(null)),
        (true, vec![("Project-Access-Token", "project-token")], &shop, 200, "/errors/0/message", json!("Not Authorized")),
        (true, vec![("Authorization", "Bearer account-token")], PROJECT_IDS, 200, "/data/projects/edges/2/node/id", json!(demo_server::sample::PROJECT_SANDBOX)),
        // Without require_token, no token is the demo user; a wrong token is still refused.
        (false, vec![], ME, 200, "/data/me/name", json!("Demo User")),
        (false, vec![], &shop, 200, "/data/project/name", json!("acme-shop")),
        (false, vec![("Authorization", "Bearer wrong-token")], ME, 401, "", json!(null)),
        (false, vec![("Project-Access-Token", "wrong-token")], ME, 401, "", json!(null)),
    ];
    let strict = start(config(true)).await;
    let open = start(config(false)).await;
    for (require_token, headers, document, status, pointer, expected) in cases {
        let server = if require_token { &strict } else { &open };
        let reply = query(&server.url(), document, &headers).await;
        let case = format!("require_token {require_token}, {headers:?}, {document}: {}", reply.text);
        assert_eq!(reply.status, status, "{case}");
        if status == 401 {
            assert_eq!(reply.json(), serde_json::from_str::<Value>(NOT_AUTHORIZED).unwrap(), "{case}");
            assert!(reply.header("content-type").unwrap().starts_with("application/json"), "{case}");
        } else {
            assert_eq!(reply.at(pointer), expected, "{case}");
        }
    }
    strict.shutdown().await;
    open.shutdown().await;
}
