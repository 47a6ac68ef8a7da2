use crate::{Reply, client, query, send, start};
use demo_server::{DemoConfig, Mode};
use serde_json::json;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const ME: &str = "{ me { name } }";

fn number(reply: &Reply, name: &str) -> u64 {
    reply.header(name).unwrap_or_else(|| panic!("no {name} in {:?}", reply.headers)).parse().unwrap()
}

fn now() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_secs()
}

#[tokio::test]
async fn the_budget_runs_out_then_429_with_retry_after() {
    let config = DemoConfig { budget: 3, window: Duration::from_secs(60), bearer_tokens: vec!["a".into(), "b".into()], ..DemoConfig::default() };
    let server = start(config).await;
    let a = [("Authorization", "Bearer a")];
    for remaining in [2, 1, 0] {
        let reply = query(&server.url(), ME, &a).await;
        assert_eq!(reply.status, 200);
        assert_eq!((number(&reply, "x-ratelimit-limit"), number(&reply, "x-ratelimit-remaining")), (3, remaining));
        let reset = number(&reply, "x-ratelimit-reset");
        assert!(now() <= reset && reset <= now() + 61, "reset {reset} is an epoch second within the window");
        assert_eq!(reply.header("retry-after"), None);
    }
    // The control endpoints count for nothing.
    send(client().get(format!("{}/_demo/requests", server.origin()))).await;
    for _ in 0..2 {
        let refused = query(&server.url(), ME, &a).await;
        assert_eq!(refused.status, 429);
        let retry_after = number(&refused, "retry-after");
        assert!((1..=60).contains(&retry_after), "{retry_after}");
        assert_eq!(refused.json(), json!({ "errors": [{ "message": format!("Rate limit exceeded. Retry after {retry_after} seconds.") }] }));
        assert_eq!((number(&refused, "x-ratelimit-limit"), number(&refused, "x-ratelimit-remaining")), (3, 0));
        assert!(number(&refused, "x-ratelimit-reset") >= now());
    }
    // Every token (and the anonymous client) has its own window.
    let other = query(&server.url(), ME, &[("Authorization", "Bearer b")]).await;
    assert_eq!((other.status, number(&other, "x-ratelimit-remaining")), (200, 2));
    let anonymous = query(&server.url(), ME, &[]).await;
    assert_eq!((anonymous.status, number(&anonymous, "x-ratelimit-remaining")), (200, 2));
    assert_eq!(server.request_count(), 7);
    server.shutdown().await;
}

#[tokio::test]
async fn after_retry_after_the_budget_is_back() {
    let server = start(DemoConfig { budget: 1, window: Duration::from_secs(2), ..DemoConfig::default() }).await;
    assert_eq!(query(&server.url(), ME, &[]).await.status, 200);
    let refused = query(&server.url(), ME, &[]).await;
    assert_eq!(refused.status, 429);
    // Ask again until the window has passed (refused requests are not counted), within a deadline.
    let deadline = std::time::Instant::now() + Duration::from_secs(number(&refused, "retry-after") + 5);
    let again = loop {
        let reply = query(&server.url(), ME, &[]).await;
        if reply.status != 429 || std::time::Instant::now() > deadline {
            break reply;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    };
    assert_eq!((again.status, number(&again, "x-ratelimit-remaining")), (200, 0), "{}", again.text);
    server.shutdown().await;
}

#[tokio::test]
async fn every_kind_of_answer_carries_the_headers() {
    let server = start(DemoConfig { bearer_tokens: vec!["a".into()], ..DemoConfig::default() }).await;
    let url = server.url();
    let mut replies = vec![
        ("query", query(&url, ME, &[]).await),
        ("introspection", query(&url, "{ __schema { queryType { name } } }", &[]).await),
        ("GraphQL error", query(&url, r#"{ project(id: "nope") { id } }"#, &[]).await),
        ("invalid document", query(&url, "{ nope }", &[]).await),
        ("401", query(&url, ME, &[("Authorization", "Bearer wrong")]).await),
        ("malformed body", send(client().post(&url).header("content-type", "application/json").body("{")).await),
        ("GET", send(client().get(format!("{url}?query=%7B%20me%20%7B%20name%20%7D%20%7D"))).await),
    ];
    for mode in [Mode::HtmlError, Mode::RedirectTo { location: "http://127.0.0.1:1/graphql/v2".into() }, Mode::Large { bytes: 1000 }] {
        server.set_mode(mode);
        replies.push(("mode", query(&url, ME, &[]).await));
    }
    let statuses: Vec<u16> = replies.iter().map(|(_, reply)| reply.status).collect();
    assert_eq!(statuses, [200, 200, 200, 200, 401, 400, 200, 502, 307, 200]);
    for (kind, reply) in &replies {
        for name in ["x-ratelimit-limit", "x-ratelimit-remaining", "x-ratelimit-reset"] {
            assert!(reply.header(name).is_some(), "{kind}: no {name} in {:?}", reply.headers);
        }
    }
    assert_eq!(replies[6].1.at("/data/me/name"), json!("Demo User"));
    server.shutdown().await;
}
