//! The client against the real demo server on loopback.

use std::time::Duration;

use demo_server::sample::PROJECT_SHOP;
use demo_server::{DemoConfig, DemoServer, Mode};
use net::{
    CancellationToken, Client, ClientConfig, Credential, Endpoint, FailureReason, GraphqlRequest, Origin, Outcome,
    Problem, RedirectReason, Response, TimeoutPhase,
};
use secret::Secret;

mod remote;

const ME: &str = "{ me { id name } }";

async fn start(config: DemoConfig) -> DemoServer {
    DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts")
}

fn endpoint(server: &DemoServer) -> Endpoint {
    Endpoint::parse(&server.url()).unwrap()
}

fn origin(server: &DemoServer) -> Origin {
    endpoint(server).origin()
}

fn client() -> Client {
    // Hermetic: whatever proxy the machine names is not this test's business.
    Client::new(ClientConfig { proxy: net::ProxySettings::none(), ..ClientConfig::default() }).unwrap()
}

fn token(text: &str) -> Secret {
    Secret::new(text.to_owned()).unwrap()
}

async fn send(client: &Client, request: &GraphqlRequest) -> Outcome {
    client.send(request, &CancellationToken::new()).await
}

#[track_caller]
fn response(outcome: &Outcome) -> &Response {
    outcome.response().unwrap_or_else(|| panic!("expected a response, got {outcome:#?}"))
}

#[track_caller]
fn failure(outcome: &Outcome) -> &FailureReason {
    &outcome.failure().unwrap_or_else(|| panic!("expected a failure, got {outcome:#?}")).reason
}

fn config_with_tokens() -> DemoConfig {
    DemoConfig {
        bearer_tokens: vec!["bearer-token-1".into()],
        project_tokens: vec![("project-token-1".into(), PROJECT_SHOP.into())],
        require_token: true,
        ..DemoConfig::default()
    }
}

#[tokio::test]
async fn a_plain_answer_has_data_timings_sizes_headers_and_the_budget() {
    let server = start(DemoConfig::default()).await;
    let outcome = send(&client(), &GraphqlRequest::new(endpoint(&server), ME)).await;
    let response = response(&outcome);
    assert_eq!(response.status, 200);
    assert_eq!(response.version, "HTTP/1.1");
    assert!(response.problems.is_empty(), "{:?}", response.problems);
    assert_eq!(response.summary, None);
    let graphql = response.graphql().unwrap();
    let data: serde_json::Value = serde_json::from_str(graphql.data.as_ref().unwrap().text()).unwrap();
    assert_eq!(data["me"]["name"], "Demo User");
    assert!(graphql.errors.is_empty());

    assert!(response.timings.time_to_first_byte.is_some());
    assert!(response.timings.total >= response.timings.time_to_first_byte.unwrap());
    assert!(response.body_bytes > 0);
    let content_length: u64 = response.header_values("content-length").next().unwrap().parse().unwrap();
    assert_eq!(response.body_bytes, content_length);
    assert!(response.headers.iter().all(|(name, _)| *name == name.to_ascii_lowercase()));

    assert_eq!(response.rate_limit.limit, Some(1000));
    assert_eq!(response.rate_limit.remaining, Some(999));
    assert!(response.rate_limit.reset_at.is_some());
    assert_eq!(response.rate_limit.retry_after_until, None);

    let received = server.requests();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].method, "POST");
    assert_eq!(received[0].header("user-agent"), Some(concat!("sextant/", env!("CARGO_PKG_VERSION"))));
    assert_eq!(received[0].header("content-type"), Some("application/json"));
    let encodings = received[0].header("accept-encoding").unwrap();
    assert!(encodings.contains("gzip") && encodings.contains("br"), "{encodings}");

    let json = serde_json::to_value(&outcome).unwrap();
    assert_eq!(json["kind"], "response");
    assert_eq!(json["body"]["kind"], "graphql");
}

#[tokio::test]
async fn graphql_errors_and_data_are_separated() {
    let server = start(DemoConfig::default()).await;
    let client = client();
    let named = GraphqlRequest::new(endpoint(&server), "query Named($id: String!) { project(id: $id) { name } }")
        .with_operation_name("Named")
        .with_variables(serde_json::json!({ "id": PROJECT_SHOP }));
    let cases = [
        (GraphqlRequest::new(endpoint(&server), ME), true, Vec::<&str>::new()),
        (named, true, Vec::new()),
        (GraphqlRequest::new(endpoint(&server), r#"{ project(id: "no-such-project") { name } }"#), false, vec!["Project not found"]),
        (GraphqlRequest::new(endpoint(&server), "{ nope }"), false, vec![]),
    ];
    for (request, has_data, messages) in cases {
        let outcome = send(&client, &request).await;
        let response = response(&outcome);
        let graphql = response.graphql().unwrap_or_else(|| panic!("{outcome:#?}"));
        assert_eq!(graphql.data.is_some(), has_data, "{}: {graphql:?}", request.query);
        if messages.is_empty() && !has_data {
            assert_eq!(graphql.errors.len(), 1, "{}", request.query);
        } else {
            assert_eq!(graphql.error_messages().collect::<Vec<_>>(), messages, "{}", request.query);
        }
        assert!(response.problems.is_empty(), "{}: {:?}", request.query, response.problems);
    }
}

#[tokio::test]
async fn credentials_reach_their_own_origin() {
    let server = start(config_with_tokens()).await;
    let client = client();
    let bearer = Credential::bearer(&token("bearer-token-1"), origin(&server));
    let project = Credential::header("Project-Access-Token", token("project-token-1"), origin(&server));
    let cases = [
        (bearer, "authorization", "Bearer bearer-token-1", ME.to_owned()),
        (project, "project-access-token", "project-token-1", format!(r#"{{ project(id: "{PROJECT_SHOP}") {{ name }} }}"#)),
    ];
    for (index, (credential, header, expected, query)) in cases.into_iter().enumerate() {
        let request = GraphqlRequest::new(endpoint(&server), query).with_credential(credential);
        let outcome = send(&client, &request).await;
        assert_eq!(response(&outcome).status, 200, "{outcome:#?}");
        let received = server.requests();
        assert_eq!(received.len(), index + 1);
        assert!(received[index].carries(header, expected), "{header}");
        // Nothing secret in the outcome the UI gets.
        let shown = serde_json::to_string(&outcome).unwrap() + &format!("{outcome:?}{request:?}");
        assert!(!shown.contains("token-1"), "{shown}");
    }

    let outcome = send(&client, &GraphqlRequest::new(endpoint(&server), ME)).await;
    let response = response(&outcome);
    assert_eq!(response.status, 401);
    assert_eq!(response.problems, [Problem::Unauthorized]);
    assert!(response.summary.as_deref().unwrap().contains("401 Unauthorized"));
    assert_eq!(response.graphql().unwrap().error_messages().collect::<Vec<_>>(), ["Not Authorized"]);
}

#[tokio::test]
async fn a_credential_bound_to_another_origin_is_refused_before_sending() {
    let server = start(config_with_tokens()).await;
    let other = start(DemoConfig::default()).await;
    let client = client();
    let cases = [
        Credential::bearer(&token("bearer-token-1"), origin(&other)),
        Credential::header("Project-Access-Token", token("project-token-1"), origin(&other)),
        // Same host and port, another scheme.
        Credential::bearer(&token("bearer-token-1"), Origin { scheme: "https".into(), ..origin(&server) }),
    ];
    for credential in cases {
        let credential_origin = credential.origin.clone();
        let header_name = credential.header_name.clone();
        let request = GraphqlRequest::new(endpoint(&server), ME).with_credential(credential);
        let outcome = send(&client, &request).await;
        assert_eq!(
            failure(&outcome),
            &FailureReason::CredentialOriginMismatch { header_name, request_origin: origin(&server), credential_origin }
        );
        assert!(outcome.summary().unwrap().contains("Nothing was sent"));
    }
    assert_eq!(server.request_count(), 0);
    assert_eq!(other.request_count(), 0);
}

#[tokio::test]
async fn a_redirect_to_another_origin_is_reported_not_followed() {
    let target = start(config_with_tokens()).await;
    let server = start(DemoConfig { mode: Mode::RedirectTo { location: target.url() }, ..config_with_tokens() }).await;
    let request = GraphqlRequest::new(endpoint(&server), ME)
        .with_credential(Credential::bearer(&token("bearer-token-1"), origin(&server)))
        .with_credential(Credential::header("Project-Access-Token", token("project-token-1"), origin(&server)));
    let outcome = send(&client(), &request).await;
    let response = response(&outcome);
    assert_eq!(response.status, 307);
    let notice = response.redirect.as_ref().unwrap();
    assert_eq!((notice.status, notice.cross_origin, notice.reason), (307, true, RedirectReason::CrossOrigin));
    assert_eq!(notice.location, target.url());
    assert_eq!(response.problems, [Problem::Redirect { status: 307 }]);
    assert!(response.summary.as_deref().unwrap().contains("another origin: not followed"));
    assert!(response.followed.is_empty());
    assert_eq!(server.request_count(), 1);
    assert_eq!(target.request_count(), 0, "nothing reaches the other origin");
}

#[tokio::test]
async fn same_origin_307_is_followed_with_method_body_and_credential() {
    // The demo server redirects every request while in this mode, so the client follows its
    // hops and then reports the redirect it stops at.
    let server = start(config_with_tokens()).await;
    let location = format!("{}?hop", server.url());
    server.set_mode(Mode::RedirectTo { location: location.clone() });
    let client = client();
    let request = GraphqlRequest::new(endpoint(&server), ME)
        .with_credential(Credential::bearer(&token("bearer-token-1"), origin(&server)));
    let outcome = send(&client, &request).await;
    let response = response(&outcome);
    let hops = client.config().max_redirects;
    assert_eq!(response.followed.len(), hops);
    assert!(response.followed.iter().all(|hop| hop.status == 307 && hop.to == location));
    assert_eq!(response.url, location);
    let notice = response.redirect.as_ref().unwrap();
    assert_eq!((notice.cross_origin, notice.reason), (false, RedirectReason::TooManyHops));

    let received = server.requests();
    assert_eq!(received.len(), hops + 1);
    let body_length = request.body().len().to_string();
    for hop in &received {
        assert_eq!(hop.method, "POST");
        assert!(hop.carries("authorization", "Bearer bearer-token-1"));
        assert_eq!(hop.header("content-length"), Some(body_length.as_str()));
    }
}

#[tokio::test]
async fn bad_responses_are_classified() {
    struct Case {
        mode: Mode,
        config: ClientConfig,
        timeout: Option<Duration>,
        check: fn(&Outcome),
    }
    let small_limit = ClientConfig { body_limit: 64 * 1024, ..ClientConfig::default() };
    let cases = [
        Case {
            mode: Mode::HtmlError,
            config: ClientConfig::default(),
            timeout: None,
            check: |outcome| {
                let response = response(outcome);
                assert_eq!(response.status, 502);
                assert_eq!(response.problems, [Problem::HtmlPage, Problem::ServerError { status: 502 }]);
                let summary = response.summary.as_deref().unwrap();
                assert!(summary.starts_with("The server answered 502 with an HTML page, not GraphQL JSON."), "{summary}");
                assert!(response.body.text().unwrap().contains("<h1>502 Bad Gateway</h1>"));
            },
        },
        Case {
            mode: Mode::Large { bytes: 1_000_000 },
            config: small_limit.clone(),
            timeout: None,
            check: |outcome| {
                let failure = outcome.failure().unwrap();
                assert_eq!(failure.reason, FailureReason::TooLarge { limit: 64 * 1024, received: 0, declared: Some(1_000_000) });
                assert_eq!(failure.partial.as_ref().unwrap().status, 200);
                assert!(failure.message.contains("over the 64 KB limit"), "{}", failure.message);
            },
        },
        Case {
            mode: Mode::Large { bytes: 1_000_000 },
            config: ClientConfig::default(),
            timeout: None,
            check: |outcome| {
                let response = response(outcome);
                assert_eq!(response.body_bytes, 1_000_000);
                assert!(response.problems.is_empty());
                assert!(response.graphql().unwrap().data.is_some());
            },
        },
        Case {
            mode: Mode::Slow { delay_ms: 60_000 },
            config: ClientConfig::default(),
            timeout: Some(Duration::from_millis(200)),
            check: |outcome| {
                assert_eq!(failure(outcome), &FailureReason::Timeout { phase: TimeoutPhase::Total, after: Duration::from_millis(200) });
                assert_eq!(outcome.summary(), Some("Timed out: no complete answer within 200 ms."));
            },
        },
        Case {
            mode: Mode::IntrospectionDisabled,
            config: ClientConfig::default(),
            timeout: None,
            check: |outcome| {
                let response = response(outcome);
                assert!(response.problems.is_empty());
                assert!(!response.graphql().unwrap().errors.is_empty());
            },
        },
    ];
    for case in cases {
        let server = start(DemoConfig { mode: case.mode.clone(), ..DemoConfig::default() }).await;
        let mut request = GraphqlRequest::new(endpoint(&server), "{ __schema { queryType { name } } }");
        request.timeout = case.timeout;
        let outcome = send(&Client::new(case.config).unwrap(), &request).await;
        (case.check)(&outcome);
        server.shutdown().await;
    }
}

#[tokio::test]
async fn no_server_gives_unreachable_and_plain_http_gives_a_tls_failure() {
    let refusing = demo_server::RefusingPort::new().unwrap();
    let outcome = send(&client(), &GraphqlRequest::new(Endpoint::parse(&refusing.url()).unwrap(), ME)).await;
    assert!(matches!(failure(&outcome), FailureReason::Unreachable { .. }), "{outcome:#?}");
    let summary = outcome.summary().unwrap();
    assert!(summary.starts_with("Server unreachable: could not connect to http://127.0.0.1:"), "{summary}");
    assert!(summary.to_ascii_lowercase().contains("connection refused"), "{summary}");

    let server = start(DemoConfig::default()).await;
    let https = Endpoint::parse(&format!("https://{}/graphql/v2", server.local_addr())).unwrap();
    let outcome = send(&client(), &GraphqlRequest::new(https, ME)).await;
    assert!(matches!(failure(&outcome), FailureReason::Tls { .. }), "{outcome:#?}");
    assert!(outcome.summary().unwrap().contains("TLS"));
}

#[tokio::test]
async fn a_used_up_budget_gives_429_with_retry_after() {
    let server = start(DemoConfig { budget: 1, ..DemoConfig::default() }).await;
    let client = client();
    let first = send(&client, &GraphqlRequest::new(endpoint(&server), ME)).await;
    assert_eq!(response(&first).rate_limit.remaining, Some(0));
    let second = send(&client, &GraphqlRequest::new(endpoint(&server), ME)).await;
    let response = response(&second);
    assert_eq!(response.status, 429);
    assert_eq!(response.problems, [Problem::RateLimited]);
    assert!(response.rate_limit.retry_after_until.is_some(), "{:?}", response.rate_limit);
    assert_eq!(response.rate_limit.remaining, Some(0));
}

#[tokio::test]
async fn a_request_in_flight_can_be_cancelled() {
    let server = start(DemoConfig { mode: Mode::Slow { delay_ms: 60_000 }, ..DemoConfig::default() }).await;
    let client = client();
    let cancel = CancellationToken::new();
    let request = GraphqlRequest::new(endpoint(&server), ME);
    let task = tokio::spawn({
        let (client, cancel, request) = (client.clone(), cancel.clone(), request.clone());
        async move { client.send(&request, &cancel).await }
    });
    server.wait_for_requests(1).await;
    cancel.cancel();
    let outcome = task.await.unwrap();
    assert_eq!(failure(&outcome), &FailureReason::Cancelled);
    assert_eq!(outcome.failure().unwrap().timings.time_to_first_byte, None);

    // Dropping the future cancels too.
    let task = tokio::spawn({
        let (client, request) = (client.clone(), request.clone());
        async move { client.send(&request, &CancellationToken::new()).await }
    });
    server.wait_for_requests(2).await;
    task.abort();
    assert!(task.await.unwrap_err().is_cancelled());
    server.shutdown().await;
}

#[tokio::test]
async fn invalid_headers_are_refused_before_sending() {
    let server = start(DemoConfig::default()).await;
    let request = GraphqlRequest::new(endpoint(&server), ME).with_header("X-Bad", "line\nbreak");
    let outcome = send(&client(), &request).await;
    assert_eq!(failure(&outcome), &FailureReason::InvalidHeader { name: "X-Bad".into() });
    assert_eq!(server.request_count(), 0);
}

/// An API on a real-looking name and its scheme's default port, through a proxy of the test's (the
/// way the end-to-end tests reach one): TLS is verified end to end against the test's authority.
#[tokio::test]
async fn an_https_api_on_its_default_port_is_reached_through_a_proxy_with_its_certificate_checked() {
    let api = remote::RemoteApi::start(config_with_tokens()).await;
    let (server, proxy) = (&api.server, &api.proxy);
    let endpoint = Endpoint::parse(remote::URL).unwrap();
    assert_eq!(endpoint.origin().to_string(), "https://api.sextant.test");
    let request = GraphqlRequest::new(endpoint.clone(), ME).with_credential(Credential::bearer(&token("bearer-token-1"), endpoint.origin()));
    let outcome = send(&api.client(true), &request).await;
    assert_eq!(response(&outcome).status, 200, "{outcome:#?}");
    assert!(server.requests().pop().unwrap().carries("authorization", "Bearer bearer-token-1"));
    // Without the authority the certificate is refused, and nothing reaches the server.
    let before = server.request_count();
    let refused = send(&api.client(false), &request).await;
    assert!(matches!(failure(&refused), FailureReason::Tls { .. }), "{refused:#?}");
    assert_eq!(server.request_count(), before);
    assert_eq!(proxy.asked(), ["api.sextant.test:443", "api.sextant.test:443"]);
}

/// Regression: reqwest sent every request to HTTP(S)_PROXY, loopback included, so a Bearer header
/// for a local plain-http server went to the proxy. Loopback never goes through one.
#[tokio::test]
async fn loopback_never_goes_through_a_proxy_and_other_hosts_do() {
    let server = start(DemoConfig { extra_hosts: vec!["api.sextant.test".into()], ..DemoConfig::default() }).await;
    let proxy = demo_server::ForwardProxy::start(&[("api.sextant.test:80", server.local_addr())]).await.unwrap();
    let client = Client::new(ClientConfig {
        proxy: net::ProxySettings { http: Some(proxy.url()), https: Some(proxy.url()), no_proxy: Vec::new() },
        ..ClientConfig::default()
    })
    .unwrap();
    let port = server.local_addr().port();
    for url in [format!("http://127.0.0.1:{port}/graphql/v2"), format!("http://localhost:{port}/graphql/v2")] {
        let outcome = send(&client, &GraphqlRequest::new(Endpoint::parse(&url).unwrap(), ME)).await;
        assert_eq!(response(&outcome).status, 200, "{url}: {outcome:#?}");
    }
    assert!(proxy.asked().is_empty(), "loopback went through the proxy: {:?}", proxy.asked());
    let outcome = send(&client, &GraphqlRequest::new(Endpoint::parse("http://api.sextant.test/graphql/v2").unwrap(), ME)).await;
    assert_eq!(response(&outcome).status, 200, "{outcome:#?}");
    assert_eq!(proxy.asked(), ["api.sextant.test:80"]);
}
