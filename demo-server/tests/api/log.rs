use crate::{client, query, send, start};
use demo_server::{DemoConfig, ReceivedRequest};
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
    assert_eq!(first.header("authorization"), Some("Bearer secret-test-token"));
    assert_eq!(first.header("X-Trace-Id"), Some("Mixed-Case Value"));
    assert!(first.headers.iter().any(|(name, value)| name == "x-trace-id" && value == "Mixed-Case Value"));
    assert!(first.headers.iter().all(|(name, _)| *name == name.to_lowercase()));
    assert!(first.at_unix_ms >= before && received[1].at_unix_ms >= first.at_unix_ms);
    // Refused requests are recorded too.
    assert_eq!(received[1].header("authorization"), Some("Bearer wrong"));

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
