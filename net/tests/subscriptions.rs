//! Subscriptions over WebSocket (graphql-transport-ws, graphql-ws) and over HTTP (graphql-sse,
//! multipart `@defer`) against the real demo server: events in order until the server completes,
//! stopping after enough, credentials on the upgrade to their own origin only, a refused token's
//! close code, a dropped connection, an invalid document, a server that is not there, and the
//! budget the opening answer tells.

use demo_server::sample::PROJECT_SHOP;
use demo_server::{DemoConfig, DemoServer, Mode};
use net::{CancellationToken, Client, ClientConfig, Credential, Endpoint, FailureReason, Flow, GraphqlRequest, Protocol, StreamEnd};
use secret::Secret;

mod remote;

/// A deployment of the demo data (building, in the shop project).
const DEPLOYMENT: &str = "d0000001-aaaa-4bbb-8ccc-000000000001";

fn logs() -> String {
    format!(r#"subscription Logs {{ deploymentLogs(deploymentId: "{DEPLOYMENT}") {{ message severity timestamp }} }}"#)
}

async fn start(config: DemoConfig) -> DemoServer {
    DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts")
}

fn client() -> Client {
    Client::new(ClientConfig { proxy: net::ProxySettings::none(), ..ClientConfig::default() }).unwrap()
}

fn endpoint(server: &DemoServer) -> Endpoint {
    Endpoint::parse(&server.url()).unwrap()
}

/// Subscribes and collects the events' payloads, stopping after `at_most`.
async fn collect(request: &GraphqlRequest, at_most: usize) -> (Vec<serde_json::Value>, StreamEnd) {
    collect_with(request, Protocol::Either, at_most).await
}

async fn collect_with(request: &GraphqlRequest, protocol: Protocol, at_most: usize) -> (Vec<serde_json::Value>, StreamEnd) {
    let mut events = Vec::new();
    let end = client()
        .subscribe(request, protocol, &CancellationToken::new(), |payload| {
            events.push(serde_json::from_str(payload).expect("each payload is JSON"));
            if events.len() >= at_most { Flow::Stop } else { Flow::Continue }
        })
        .await;
    (events, end)
}

fn messages(events: &[serde_json::Value]) -> Vec<String> {
    events.iter().map(|event| event["data"]["deploymentLogs"][0]["message"].as_str().unwrap_or_default().to_owned()).collect()
}

#[tokio::test]
async fn events_arrive_in_order_until_the_server_completes() {
    let server = start(DemoConfig::default()).await;
    let (events, end) = collect(&GraphqlRequest::new(endpoint(&server), logs()), usize::MAX).await;
    assert_eq!(end, StreamEnd::Completed);
    assert_eq!(events.len(), 10);
    let numbers: Vec<u64> = messages(&events).iter().map(|message| message.rsplit('#').next().unwrap().parse().unwrap()).collect();
    assert_eq!(numbers, (0..10).collect::<Vec<_>>(), "in the order sent");
    assert!(events[0]["data"]["deploymentLogs"][0]["timestamp"].as_str().unwrap().ends_with('Z'));
    // The upgrade is a request like any other: logged, counted in the budget.
    let received = server.requests();
    assert_eq!(received.len(), 1);
    assert_eq!((received[0].method.as_str(), received[0].header("upgrade")), ("GET", Some("websocket")));
    assert_eq!(received[0].header("sec-websocket-protocol"), Some("graphql-transport-ws, graphql-ws"), "both offered, the current one first");
}

#[tokio::test]
async fn enough_events_stop_the_subscription_here() {
    let server = start(DemoConfig::default()).await;
    server.set_mode(Mode::Stream { events: 1_000_000, interval_ms: 0 });
    let (events, end) = collect(&GraphqlRequest::new(endpoint(&server), logs()), 3).await;
    assert_eq!((events.len(), end), (3, StreamEnd::Stopped));
    // Cancelling ends it too.
    let cancel = CancellationToken::new();
    let end = client()
        .subscribe(&GraphqlRequest::new(endpoint(&server), logs()), Protocol::Either, &cancel, |_| {
            cancel.cancel();
            Flow::Continue
        })
        .await;
    assert_eq!(end, StreamEnd::Stopped);
}

#[tokio::test]
async fn credentials_go_on_the_upgrade_to_their_origin_only_and_a_refused_one_is_named() {
    let config = DemoConfig { bearer_tokens: vec!["bearer-token-1".into()], require_token: true, ..DemoConfig::default() };
    let server = start(config).await;
    let other = start(DemoConfig::default()).await;
    let token = Secret::new("bearer-token-1".to_owned()).unwrap();
    let origin = endpoint(&server).origin();

    let request = GraphqlRequest::new(endpoint(&server), logs()).with_credential(Credential::bearer(&token, origin.clone()));
    let (events, end) = collect(&request, usize::MAX).await;
    assert_eq!((events.len(), &end), (10, &StreamEnd::Completed));
    assert!(server.requests()[0].carries("authorization", "Bearer bearer-token-1"));

    // A token the server does not know: the connection is refused with graphql-transport-ws's 4403.
    let wrong = Secret::new("bearer-token-2".to_owned()).unwrap();
    let request = GraphqlRequest::new(endpoint(&server), logs()).with_credential(Credential::bearer(&wrong, origin.clone()));
    let (events, end) = collect(&request, usize::MAX).await;
    assert!(events.is_empty());
    let StreamEnd::Closed { code, meaning, .. } = &end else { panic!("{end:?}") };
    assert_eq!((*code, meaning.as_str()), (4403, "forbidden (the credentials were refused)"));
    assert!(!end.message().contains("bearer-token"), "{}", end.message());

    // The same credential asked to go to another origin: refused before anything is sent.
    let request = GraphqlRequest::new(endpoint(&other), logs()).with_credential(Credential::bearer(&token, origin.clone()));
    let (_, end) = collect(&request, usize::MAX).await;
    assert!(matches!(end, StreamEnd::Failed { reason: FailureReason::CredentialOriginMismatch { .. } }), "{end:?}");
    assert_eq!(other.request_count(), 0);
}

#[tokio::test]
async fn a_dropped_connection_an_invalid_document_and_no_server_each_say_so() {
    let server = start(DemoConfig::default()).await;
    server.set_mode(Mode::DroppingStream { after: 3 });
    let (events, end) = collect(&GraphqlRequest::new(endpoint(&server), logs()), usize::MAX).await;
    assert_eq!(events.len(), 3);
    assert!(matches!(end, StreamEnd::Lost { .. }), "{end:?}");
    server.set_mode(Mode::Normal);

    let invalid = GraphqlRequest::new(endpoint(&server), format!(r#"subscription {{ deploymentLogs(deploymentId: "{DEPLOYMENT}") {{ nope }} }}"#));
    let (events, end) = collect(&invalid, usize::MAX).await;
    // graphql-ws servers answer `error`; async-graphql (as many others) an event of errors, then
    // `complete`. Either way the errors are told, and the stream ends.
    let errors = match &end {
        StreamEnd::Errors { errors } => errors.clone(),
        StreamEnd::Completed if events.len() == 1 => events[0]["errors"].to_string(),
        _ => panic!("{end:?} after {events:?}"),
    };
    assert!(errors.contains("nope"), "{errors}");

    let unknown = GraphqlRequest::new(endpoint(&server), r#"subscription { deployment(id: "no-such-deployment") { status } }"#);
    let (events, end) = collect(&unknown, usize::MAX).await;
    assert!(events.is_empty() || events[0]["errors"][0]["message"] == "Deployment not found", "{events:?}");
    assert!(matches!(end, StreamEnd::Errors { .. } | StreamEnd::Completed), "{end:?}");

    // The project token sees its project's deployment statuses move on.
    let statuses = GraphqlRequest::new(endpoint(&server), format!(r#"subscription {{ deployment(id: "{DEPLOYMENT}") {{ status projectId }} }}"#));
    let (events, end) = collect(&statuses, usize::MAX).await;
    assert_eq!(end, StreamEnd::Completed);
    let seen: Vec<&str> = events.iter().map(|event| event["data"]["deployment"]["status"].as_str().unwrap()).collect();
    assert_eq!(seen, ["QUEUED", "BUILDING", "DEPLOYING", "SUCCESS"]);
    assert_eq!(events[0]["data"]["deployment"]["projectId"], PROJECT_SHOP);

    let gone = demo_server::RefusingPort::new().expect("a port nobody listens on");
    let request = GraphqlRequest::new(Endpoint::parse(&gone.url()).unwrap(), logs());
    let (_, end) = collect(&request, usize::MAX).await;
    assert!(matches!(end, StreamEnd::Failed { reason: FailureReason::Unreachable { .. } }), "{end:?}");
}

/// The legacy `graphql-ws` protocol of older servers: the same events, when asked for by name or
/// when it is all a server offers; `--protocol graphql-transport-ws` is the default's first choice.
#[tokio::test]
async fn the_legacy_protocol_streams_the_same_events() {
    let server = start(DemoConfig::default()).await;
    for protocol in [Protocol::LegacyWs, Protocol::TransportWs, Protocol::Either] {
        let (events, end) = collect_with(&GraphqlRequest::new(endpoint(&server), logs()), protocol, usize::MAX).await;
        assert_eq!((events.len(), &end), (10, &StreamEnd::Completed), "{protocol:?}");
        assert!(messages(&events)[9].ends_with(" #9"), "{protocol:?}");
    }
    let offered: Vec<String> = server.requests().iter().filter_map(|request| request.header("sec-websocket-protocol").map(str::to_owned)).collect();
    assert_eq!(offered, ["graphql-ws", "graphql-transport-ws", "graphql-transport-ws, graphql-ws"]);
    // Stopped early in the legacy protocol too.
    server.set_mode(Mode::Stream { events: 1_000_000, interval_ms: 0 });
    let (events, end) = collect_with(&GraphqlRequest::new(endpoint(&server), logs()), Protocol::LegacyWs, 5).await;
    assert_eq!((events.len(), end), (5, StreamEnd::Stopped));
}

/// graphql-sse (distinct connections) over a plain POST: the same events in order, `complete` at
/// the end, a connection cut mid-stream told apart from a completed one, a query as one event, and
/// the credential on the POST to its own origin only.
#[tokio::test]
async fn server_sent_events_stream_the_same_events_over_a_post() {
    let config = DemoConfig { bearer_tokens: vec!["bearer-token-1".into()], require_token: true, ..DemoConfig::default() };
    let server = start(config).await;
    let token = Secret::new("bearer-token-1".to_owned()).unwrap();
    let with_token = |document: String| GraphqlRequest::new(endpoint(&server), document).with_credential(Credential::bearer(&token, endpoint(&server).origin()));
    let (events, end) = collect_with(&with_token(logs()), Protocol::Sse, usize::MAX).await;
    assert_eq!((events.len(), &end), (10, &StreamEnd::Completed));
    assert!(messages(&events)[9].ends_with(" #9"), "{events:?}");
    let received = &server.requests()[0];
    assert_eq!(received.method, "POST");
    assert!(received.header("accept").is_some_and(|accept| accept.starts_with("text/event-stream")), "{:?}", received.header("accept"));
    assert!(received.carries("authorization", "Bearer bearer-token-1"));

    server.set_mode(Mode::Stream { events: 1_000_000, interval_ms: 0 });
    let (events, end) = collect_with(&with_token(logs()), Protocol::Sse, 4).await;
    assert_eq!((events.len(), end), (4, StreamEnd::Stopped));

    server.set_mode(Mode::DroppingStream { after: 3 });
    let (events, end) = collect_with(&with_token(logs()), Protocol::Sse, usize::MAX).await;
    assert_eq!(events.len(), 3);
    assert!(matches!(&end, StreamEnd::Lost { detail } if detail.contains("without `complete`")), "{end:?}");
    server.set_mode(Mode::Normal);

    let (events, end) = collect_with(&with_token("{ me { name } }".to_owned()), Protocol::Sse, usize::MAX).await;
    assert_eq!((events.len(), &end), (1, &StreamEnd::Completed));
    assert_eq!(events[0]["data"]["me"]["name"], "Demo User");

    // Without the token: the server's 401, named.
    let (events, end) = collect_with(&GraphqlRequest::new(endpoint(&server), logs()), Protocol::Sse, usize::MAX).await;
    assert!(events.is_empty());
    assert!(matches!(&end, StreamEnd::Refused { status: 401, body } if body.contains("Not Authorized")), "{end:?}");
}

/// `@defer` as multipart/mixed incremental delivery: the initial result first, without the
/// deferred field, then a part per object at its path with `hasNext: false` at the end.
#[tokio::test]
async fn deferred_fields_arrive_in_later_parts() {
    let server = start(DemoConfig::default()).await;
    let document = format!(r#"query Usage {{ project(id: "{PROJECT_SHOP}") {{ name ... @defer(label: "members") {{ members {{ name role }} }} }} }}"#);
    for protocol in [Protocol::Multipart, Protocol::Sse] {
        let mut parts = Vec::new();
        let end = client()
            .subscribe(&GraphqlRequest::new(endpoint(&server), document.clone()), protocol, &CancellationToken::new(), |payload| {
                parts.push(serde_json::from_str::<serde_json::Value>(payload).expect("each part is JSON"));
                Flow::Continue
            })
            .await;
        assert_eq!(end, StreamEnd::Completed, "{protocol:?}");
        if protocol == Protocol::Sse {
            // graphql-sse is preferred when offered: one result with everything.
            assert_eq!(parts.len(), 1);
            assert!(parts[0]["data"]["project"]["members"].is_array(), "{:?}", parts[0]);
            continue;
        }
        assert_eq!(parts.len(), 2, "{parts:?}");
        assert_eq!(parts[0], serde_json::json!({ "data": { "project": { "name": "acme-shop" } }, "hasNext": true }));
        let later = &parts[1];
        assert_eq!(later["hasNext"], false);
        assert_eq!(later["incremental"][0]["path"], serde_json::json!(["project"]));
        assert_eq!(later["incremental"][0]["label"], "members");
        assert_eq!(later["incremental"][0]["data"]["members"][1], serde_json::json!({ "name": "Grace Hopper", "role": "VIEWER" }), "{later}");
    }
    // The field above the deferred fragment fails: its error comes, and the stream ends.
    let failing = r#"{ project(id: "no-such-project") { name ... @defer { members { name } } } }"#;
    let (parts, end) = collect_with(&GraphqlRequest::new(endpoint(&server), failing), Protocol::Multipart, usize::MAX).await;
    assert_eq!(end, StreamEnd::Completed);
    assert!(parts.iter().any(|part| part.to_string().contains("Project not found")), "{parts:?}");
    // A mutation with @defer is run once, whole, as plain JSON.
    let mutation = r#"mutation { pluginCreate(input: { name: "redis", projectId: "p" }) { id ... @defer { name } } }"#;
    let (parts, end) = collect_with(&GraphqlRequest::new(endpoint(&server), mutation), Protocol::Multipart, usize::MAX).await;
    assert_eq!((parts.len(), end), (1, StreamEnd::Completed), "{parts:?}");
    // A document without @defer is one plain JSON answer: one event.
    let (events, end) = collect_with(&GraphqlRequest::new(endpoint(&server), "{ me { name } }"), Protocol::Multipart, usize::MAX).await;
    assert_eq!((events.len(), end), (1, StreamEnd::Completed));
    assert_eq!(events[0]["data"]["me"]["name"], "Demo User");
}

/// The upgrade (or the POST) is a request like any other: its rate-limit headers are read.
#[tokio::test]
async fn the_answer_that_opens_a_stream_tells_the_budget() {
    let server = start(DemoConfig { budget: 50, ..DemoConfig::default() }).await;
    for protocol in [Protocol::Either, Protocol::Sse] {
        let mut opened = None;
        let end = client()
            .subscribe_observed(&GraphqlRequest::new(endpoint(&server), logs()), protocol, &CancellationToken::new(), |answer| opened = Some(answer), |_| Flow::Continue)
            .await;
        assert_eq!(end, StreamEnd::Completed);
        let opened = opened.expect("the answer was observed");
        assert_eq!(opened.status, if protocol == Protocol::Sse { 200 } else { 101 });
        assert_eq!(opened.rate_limit.limit, Some(50), "{protocol:?}");
        assert!(opened.rate_limit.remaining.is_some_and(|remaining| remaining < 50), "{protocol:?}: {:?}", opened.rate_limit);
    }
}

/// As a person meets an API: `https://api.sextant.test/graphql/v2` on port 443, through a proxy,
/// TLS checked end to end. The subscription's upgrade (`wss://`) and a graphql-sse POST go the way
/// requests go, the token on them, and an unknown authority is refused before anything is sent.
#[tokio::test]
async fn a_remote_api_on_its_default_port_streams_over_tls_through_a_proxy() {
    let config = DemoConfig { bearer_tokens: vec!["bearer-token-1".into()], require_token: true, ..DemoConfig::default() };
    let api = remote::RemoteApi::start(config).await;
    let (server, proxy) = (&api.server, &api.proxy);
    let endpoint = Endpoint::parse(remote::URL).unwrap();
    let token = Secret::new("bearer-token-1".to_owned()).unwrap();
    let request = GraphqlRequest::new(endpoint.clone(), logs()).with_credential(Credential::bearer(&token, endpoint.origin()));
    let trusted = api.client(true);
    for protocol in [Protocol::Either, Protocol::Sse] {
        let mut events = 0;
        let end = trusted.subscribe(&request, protocol, &CancellationToken::new(), |_| {
            events += 1;
            Flow::Continue
        })
        .await;
        assert_eq!((events, &end), (10, &StreamEnd::Completed), "{protocol:?}");
        let received = server.requests().pop().unwrap();
        assert!(received.carries("authorization", "Bearer bearer-token-1"), "{protocol:?}");
        if protocol == Protocol::Either {
            // The upgrade is HTTP/1.1 (the POST went over HTTP/2, where the name is `:authority`).
            assert_eq!(received.header("host"), Some("api.sextant.test"), "the default port is not written");
        }
    }
    let before = server.request_count();
    for protocol in [Protocol::Either, Protocol::Sse] {
        let end = api.client(false).subscribe(&request, protocol, &CancellationToken::new(), |_| Flow::Continue).await;
        assert!(matches!(&end, StreamEnd::Failed { reason: FailureReason::Tls { .. } }), "{protocol:?}: {end:?}");
        assert!(!end.may_reconnect(), "a certificate refused is not retried");
    }
    assert_eq!(server.request_count(), before, "nothing reached the server without a trusted certificate");
    assert!(proxy.asked().iter().all(|asked| asked == "api.sextant.test:443"), "{:?}", proxy.asked());
}

/// Subscriptions to one endpoint as one profile share a socket (one upgrade, one connection the
/// server counts); stopping one leaves the others streaming; other credentials get their own.
#[tokio::test]
async fn subscriptions_of_one_endpoint_and_profile_share_a_socket() {
    let config = DemoConfig { bearer_tokens: vec!["bearer-token-1".into(), "bearer-token-2".into()], require_token: true, ..DemoConfig::default() };
    let server = start(config).await;
    server.set_mode(Mode::Stream { events: 1_000_000, interval_ms: 5 });
    let client = client();
    let as_token = |token: &str| {
        GraphqlRequest::new(endpoint(&server), logs()).with_credential(Credential::bearer(&Secret::new(token.to_owned()).unwrap(), endpoint(&server).origin()))
    };
    let upgrades = || server.requests().iter().filter(|request| request.header("upgrade") == Some("websocket")).count();
    let first = as_token("bearer-token-1");
    let counting = |at_most: usize| {
        let client = client.clone();
        let request = first.clone();
        async move {
            let mut seen = 0;
            let end = client
                .subscribe(&request, Protocol::Either, &CancellationToken::new(), |_| {
                    seen += 1;
                    if seen >= at_most { Flow::Stop } else { Flow::Continue }
                })
                .await;
            (seen, end)
        }
    };
    // Started together: one opens the socket, the others wait for it and join.
    let (long, short, other) = tokio::join!(counting(60), counting(5), counting(10));
    assert_eq!((short, other), ((5, StreamEnd::Stopped), (10, StreamEnd::Stopped)));
    assert_eq!(long, (60, StreamEnd::Stopped), "one went on as the others stopped");
    assert_eq!(upgrades(), 1, "three subscriptions, one socket");

    // Another token: a socket of its own.
    let (mine, theirs) = tokio::join!(counting(3), async {
        let mut seen = 0;
        let end = client
            .subscribe(&as_token("bearer-token-2"), Protocol::Either, &CancellationToken::new(), |_| {
                seen += 1;
                if seen >= 3 { Flow::Stop } else { Flow::Continue }
            })
            .await;
        (seen, end)
    });
    assert_eq!((mine, theirs), ((3, StreamEnd::Stopped), (3, StreamEnd::Stopped)));
    let tokens: Vec<bool> = server.requests().iter().skip(1).map(|request| request.carries("authorization", "Bearer bearer-token-2")).collect();
    assert_eq!(upgrades(), 3, "the first socket closed with its last subscription; then one per token: {tokens:?}");
    assert_eq!(tokens.iter().filter(|carries| **carries).count(), 1);
}

/// Servers that authenticate in `connection_init` (what browser-based clients must do): the
/// payload carries the token, the upgrade none; a wrong one is refused with 4403; a payload that is
/// not a JSON object is refused here, its text said nowhere.
#[tokio::test]
async fn the_connection_init_payload_can_carry_the_credentials() {
    let config = DemoConfig { bearer_tokens: vec!["bearer-token-1".into()], require_token: true, ..DemoConfig::default() };
    let server = start(config).await;
    let with_params = |params: &str| {
        let mut request = GraphqlRequest::new(endpoint(&server), logs());
        request.connection_params = Secret::new(params.to_owned());
        request
    };
    let (events, end) = collect(&with_params(r#"{"Authorization": "Bearer bearer-token-1"}"#), usize::MAX).await;
    assert_eq!((events.len(), &end), (10, &StreamEnd::Completed));
    assert_eq!(server.requests()[0].header("authorization"), None, "the token went in the payload, not on the upgrade");

    let (events, end) = collect(&with_params(r#"{"Authorization": "Bearer wrong-token"}"#), usize::MAX).await;
    assert!(events.is_empty());
    assert!(matches!(&end, StreamEnd::Closed { code: 4403, .. }), "{end:?}");

    let (_, end) = collect(&with_params("Bearer bearer-token-1"), usize::MAX).await;
    assert!(matches!(&end, StreamEnd::Failed { .. }) && !end.message().contains("bearer-token-1"), "{end:?}");
}
