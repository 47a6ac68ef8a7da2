//! What the demo server refuses: a request addressed to a foreign name (DNS rebinding), control
//! endpoints where they are off (the app), modes out of bounds.

use crate::{client, query, send, start};
use demo_server::{DemoConfig, MAX_DELAY_MS, MAX_LARGE_BYTES, MAX_NESTED_DEPTH, Mode};
use serde_json::json;

const ME: &str = "{ me { name } }";

/// Regression: with a foreign `Host` (as a web page that rebinds its name to 127.0.0.1 sends), the
/// request log answered, Bearer token included.
#[tokio::test]
async fn a_request_addressed_to_a_foreign_name_is_refused() {
    let server = start(DemoConfig::default()).await;
    let port = server.local_addr().port();
    // (Host header, answered?)
    let cases = [
        (format!("127.0.0.1:{port}"), true),
        (format!("localhost:{port}"), true),
        ("localhost".to_string(), true),
        (format!("[::1]:{port}"), true),
        (format!("evil.example:{port}"), false),
        ("evil.example".to_string(), false),
        (format!("127.0.0.1.evil.example:{port}"), false),
        (format!("localhost.evil.example:{port}"), false),
    ];
    for (host, answered) in cases {
        for path in ["/graphql/v2", "/_demo/requests", "/_demo/mode"] {
            let reply = send(client().get(format!("{}{path}?query=%7B__typename%7D", server.origin())).header("Host", &host)).await;
            assert_eq!(reply.status != 421, answered, "Host {host} {path}: {} {}", reply.status, reply.text);
        }
    }
    let extra = start(DemoConfig { extra_hosts: vec!["api.sextant.test".into()], ..DemoConfig::default() }).await;
    let reply = send(client().get(format!("{}?query=%7B__typename%7D", extra.url())).header("Host", "api.sextant.test")).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    server.shutdown().await;
    extra.shutdown().await;
}

/// The app's Demo API serves the GraphQL path only: no process on the machine can read its log or
/// switch its mode.
#[tokio::test]
async fn control_endpoints_are_not_served_when_off() {
    let server = start(DemoConfig { control_endpoints: false, ..DemoConfig::default() }).await;
    assert_eq!(query(&server.url(), ME, &[]).await.status, 200);
    for (method, path) in [("GET", "/_demo/requests"), ("GET", "/_demo/mode"), ("POST", "/_demo/mode"), ("POST", "/_demo/window/end")] {
        let request = client().request(method.parse().unwrap(), format!("{}{path}", server.origin())).json(&json!({"mode": "normal"}));
        assert_eq!(send(request).await.status, 404, "{method} {path}");
    }
    server.shutdown().await;
}

/// Regression: `{"mode":"large","bytes":100000000000}` made the next query abort the process.
#[tokio::test]
async fn modes_out_of_bounds_are_refused() {
    let server = start(DemoConfig::default()).await;
    let control = format!("{}/_demo/mode", server.origin());
    let cases = [
        json!({ "mode": "large", "bytes": 100_000_000_000u64 }),
        json!({ "mode": "large", "bytes": MAX_LARGE_BYTES + 1 }),
        json!({ "mode": "slow", "delay_ms": MAX_DELAY_MS + 1 }),
        json!({ "mode": "slow", "delay_ms": u64::MAX }),
        json!({ "mode": "nested", "depth": MAX_NESTED_DEPTH + 1 }),
        json!({ "mode": "redirect_to", "location": "x".repeat(5000) }),
        json!({ "mode": "redirect_to", "location": "http://a/\r\nSet-Cookie: x=1" }),
    ];
    for mode in cases {
        let reply = send(client().post(&control).json(&mode)).await;
        assert_eq!(reply.status, 400, "{mode}: {}", reply.text);
        assert_eq!(server.mode(), Mode::Normal, "{mode}");
    }
    assert_eq!(query(&server.url(), ME, &[]).await.status, 200, "the server still answers");
    let refused = demo_server::DemoServer::start(
        DemoConfig { mode: Mode::Large { bytes: MAX_LARGE_BYTES + 1 }, ..DemoConfig::default() },
        "127.0.0.1:0".parse().unwrap(),
    )
    .await;
    assert!(refused.is_err(), "a configuration out of bounds does not start");
    server.shutdown().await;
}

#[tokio::test]
async fn the_window_ends_on_request() {
    let server = start(DemoConfig { budget: 1, window: std::time::Duration::from_secs(3600), ..DemoConfig::default() }).await;
    assert_eq!(query(&server.url(), ME, &[]).await.status, 200);
    assert_eq!(query(&server.url(), ME, &[]).await.status, 429);
    assert_eq!(send(client().post(format!("{}/_demo/window/end", server.origin()))).await.status, 204);
    assert_eq!(query(&server.url(), ME, &[]).await.status, 200, "a fresh window after the control request");
    assert_eq!(query(&server.url(), ME, &[]).await.status, 429);
    server.end_window();
    assert_eq!(query(&server.url(), ME, &[]).await.status, 200, "a fresh window after end_window");
    server.shutdown().await;
}

#[tokio::test]
async fn nested_mode_answers_deeply_nested_data() {
    let server = start(DemoConfig { mode: Mode::Nested { depth: 20_000 }, ..DemoConfig::default() }).await;
    let reply = query(&server.url(), ME, &[]).await;
    assert_eq!(reply.status, 200);
    assert!(reply.text.starts_with("{\"data\":{\"nested\":[[[["), "{}", &reply.text[..40]);
    assert_eq!(reply.text.len(), "{\"data\":{\"nested\":}}".len() + 40_000);
    server.shutdown().await;
}

#[tokio::test]
async fn tls_serves_the_api_with_a_test_certificate() {
    let certificates = demo_server::tls::TestCertificates::new(&["localhost"]).unwrap();
    let server = demo_server::DemoServer::start_tls(DemoConfig::default(), "127.0.0.1:0".parse().unwrap(), &certificates.server)
        .await
        .expect("the TLS server starts");
    let url = format!("https://localhost:{}/graphql/v2", server.local_addr().port());
    let trusting = reqwest::Client::builder()
        .add_root_certificate(reqwest::Certificate::from_pem(certificates.ca_pem.as_bytes()).unwrap())
        .build()
        .unwrap();
    let reply = trusting.post(&url).json(&json!({ "query": ME })).send().await.expect("a TLS answer");
    assert_eq!(reply.status(), 200);
    let untrusting = reqwest::Client::new();
    assert!(untrusting.post(&url).json(&json!({ "query": ME })).send().await.is_err(), "an unknown authority is refused");
    assert!(server.origin().starts_with("https://"));
    server.shutdown().await;
}
