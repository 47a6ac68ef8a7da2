use crate::{client, query, send, start};
use demo_server::{DemoConfig, MAX_LOGGED_REQUESTS, ReceivedRequest};
use std::time::{SystemTime, UNIX_EPOCH};

#[tokio::test]
async fn the_server_records_every_request_with_its_headers() {
    let server = start(DemoConfig { bearer_tokens: vec!["secret-test-token".into()], ..DemoConfig::default() }).await;
    assert_eq!((server.request_count(), server.requests()), (0, vec![]));
    let before = SystemTime::now().duration_since(UNIX_EPOCH).unwrap().as_millis() as u64;

    let url = server.url();
    let sender = tokio::spawn(async move {
        query(&url, "{ me { name } }", &[("Authorization", "Bearer secret-test-token"), ("X-Trace-ID", "Mixed-Case Value")]).await;
        query(&url, "{ me { name } }", &[("Authorization", "Bearer wrong")]).await;
    });
    let received = server.wait_for_requests(2).await;
    sender.await.unwrap();
    assert_eq!(received.len(), 2);
    let first = &received[0];
    assert_eq!((first.method.as_str(), first.path.as_str()), ("POST", "/graphql/v2"));
    assert!(first.carries("authorization", "Bearer secret-test-token"));
    assert!(!first.mentions("secret-test-token"), "the log holds no token: {first:?}");
    assert_eq!(first.header("X-Trace-Id"), Some("Mixed-Case Value"));
    assert!(first.headers.iter().any(|(name, value)| name == "x-trace-id" && value == "Mixed-Case Value"));
    assert!(first.headers.iter().all(|(name, _)| *name == name.to_lowercase()));
    assert!(first.at_unix_ms >= before && received[1].at_unix_ms >= first.at_unix_ms);
    // Refused requests are recorded too.
    assert!(received[1].carries("authorization", "Bearer wrong"));
    assert!(!received[1].carries("authorization", "Bearer secret-test-token"));

    // The same log over HTTP, for tests in another process; control requests are not in it.
    let over_http = send(client().get(format!("{}/_demo/requests", server.origin()))).await;
    let parsed: Vec<ReceivedRequest> = serde_json::from_str(&over_http.text).unwrap();
    assert_eq!(parsed, server.requests());
    assert_eq!(server.request_count(), 2);
    // Other paths are not GraphQL requests.
    assert_eq!(send(client().get(format!("{}/graphql", server.origin()))).await.status, 404);
    assert_eq!(server.request_count(), 2);
    server.shutdown().await;
}

/// Regression: the request log returned a Bearer token to anyone who asked, and grew for ever.
#[tokio::test]
async fn the_log_redacts_credentials_and_keeps_the_latest_requests() {
    let server = start(DemoConfig::default()).await;
    let url = server.url();
    let headers = [
        ("Authorization", "Bearer sentinel-log-1"),
        ("Project-Access-Token", "sentinel-log-2"),
        ("X-Api-Key", "sentinel-log-3"),
        ("Cookie", "session=sentinel-log-4"),
        ("X-Trace", "visible"),
    ];
    query(&url, "{ me { name } }", &headers).await;
    let logged = &server.requests()[0];
    for (name, value) in &headers[..4] {
        assert!(logged.carries(name, value), "{name}");
        assert!(!logged.mentions(value), "{name} is logged in the clear: {logged:?}");
    }
    assert_eq!(logged.header("x-trace"), Some("visible"));
    let over_http = send(client().get(format!("{}/_demo/requests", server.origin()))).await;
    assert!(!over_http.text.contains("sentinel-log"), "{}", over_http.text);
    server.shutdown().await;
}

#[tokio::test]
async fn the_log_keeps_at_most_its_limit_and_counts_everything() {
    let server = start(DemoConfig { budget: u32::MAX, ..DemoConfig::default() }).await;
    let client = client();
    for _ in 0..MAX_LOGGED_REQUESTS + 3 {
        client.get(format!("{}?query=%7B__typename%7D", server.url())).send().await.unwrap();
    }
    assert_eq!(server.request_count(), MAX_LOGGED_REQUESTS + 3);
    assert_eq!(server.requests().len(), MAX_LOGGED_REQUESTS);
    server.shutdown().await;
}
