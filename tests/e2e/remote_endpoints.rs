//! Endpoints shaped like public APIs: a real-looking name on its scheme's default port, over TLS
//! and over plain http (Railway's is `https://backboard.railway.com/graphql/v2`, port 443). The app
//! reaches them through a forward proxy of the test's (`demo_server::ForwardProxy`), which maps
//! `api.sextant.test:443` and `:80` to demo servers on loopback, and trusts the test's certificate
//! authority through `SSL_CERT_FILE`: no privileges, no ports 80 and 443 of the machine, nothing of
//! the person's touched.

use crate::harness::{App, AppEnvironment, DEADLINE, files_containing, unique_secret};
use crate::steps::{run_against, use_endpoint, wait_for_schema};
use demo_server::tls::TestCertificates;
use demo_server::{DemoConfig, DemoServer, ForwardProxy};

const HOST: &str = "api.sextant.test";
const QUERY: &str = "{ projects { edges { node { name } } } }";
const LOGS: &str = r#"subscription Logs { deploymentLogs(deploymentId: "d0000001-aaaa-4bbb-8ccc-000000000001") { message severity timestamp } }"#;

/// Regression: a profile saved for an API on its default port was never listed in the picker (the
/// page spelled the origin `https://host`, Rust `https://host:443`), so Run went out without a token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_on_a_default_port_origin_is_listed_chosen_and_its_token_arrives() {
    let tls_token = unique_secret("sx-e2e-tls-");
    let http_token = unique_secret("sx-e2e-http-");
    let certificates = TestCertificates::new(&[HOST]).expect("test certificates");
    let config = |token: &str| DemoConfig {
        require_token: true,
        bearer_tokens: vec![token.to_owned()],
        extra_hosts: vec![HOST.to_owned()],
        ..DemoConfig::default()
    };
    let loopback = "127.0.0.1:0".parse().unwrap();
    let https_server = DemoServer::start_tls(config(&tls_token), loopback, &certificates.server).await.expect("the TLS server starts");
    let http_server = DemoServer::start(config(&http_token), loopback).await.expect("the server starts");
    let proxy = ForwardProxy::start(&[
        (&format!("{HOST}:443"), https_server.local_addr()),
        (&format!("{HOST}:80"), http_server.local_addr()),
    ])
    .await
    .expect("the proxy starts");
    let authority = tempfile::tempdir().expect("a folder for the test authority");
    let ca_file = authority.path().join("test-authority.pem");
    std::fs::write(&ca_file, &certificates.ca_pem).expect("the authority's certificate is written");
    let environment = AppEnvironment {
        variables: vec![
            ("https_proxy".into(), proxy.url()),
            ("http_proxy".into(), proxy.url()),
            // WebDriver reaches the window over loopback through the same environment; as any
            // well-set proxy configuration does, loopback bypasses the proxy.
            ("no_proxy".into(), "localhost,127.0.0.1,::1".into()),
            ("SSL_CERT_FILE".into(), ca_file.display().to_string()),
        ],
        ..AppEnvironment::default()
    };
    let mut app = App::start_with("remote_endpoints", environment).await;
    // The Demo API on loopback loads first, and never through the proxy.
    wait_for_schema(&app).await;

    // (endpoint as a person types it, its origin as shown, profile, token, server, plain http?)
    let cases = [
        (format!("https://{HOST}/graphql/v2"), format!("https://{HOST}"), "e2e-tls", &tls_token, &https_server, false),
        (format!("http://{HOST}/graphql/v2"), format!("http://{HOST}"), "e2e-http", &http_token, &http_server, true),
    ];
    for (url, origin, profile, token, server, plain_http) in &cases {
        use_endpoint(&app, url).await;
        // Without a token the server refuses the introspection; the message says what to do.
        app.wait_until("the refusal of the schema without a token", DEADLINE, async || {
            let error = app.text_of("schema-error").await;
            if error.contains("none was sent") && error.contains("token profile") { Ok(()) } else { Err(format!("{error:?}")) }
        })
        .await;
        let suggested = app.attr_of("add-profile", "class").await.unwrap_or_default();
        assert!(suggested.contains("suggested"), "Token… is pointed at: {suggested:?}");
        app.shot(&format!("{profile}-refused")).await;

        app.click("add-profile").await;
        app.wait_for("#profile-dialog", DEADLINE).await;
        assert_eq!(app.text_of("profile-origin").await, *origin, "the dialog names the origin as everywhere else");
        assert_eq!(app.is_displayed("profile-warning").await, *plain_http, "the plain-http warning");
        app.fill("profile-name", profile).await;
        app.select("profile-scheme", "bearer").await;
        app.fill("profile-token", token).await;
        app.shot(&format!("{profile}-dialog")).await;
        app.click("profile-save").await;
        app.wait_until("the new profile to be listed and chosen", DEADLINE, async || {
            let chosen = app.prop_of("token-profile", "value").await.unwrap_or_default();
            let open = app.attr_of("profile-dialog", "open").await.is_some();
            if chosen == *profile && !open { Ok(()) } else { Err(format!("chosen {chosen:?}, dialog open {open}, {:?}", app.text_of("profile-error").await)) }
        })
        .await;
        app.wait_until("the schema fetched with the token", DEADLINE, async || {
            let source = app.text_of("schema-source").await;
            if source.starts_with(HOST) && !app.is_displayed("schema-error").await { Ok(()) } else { Err(format!("{source:?}")) }
        })
        .await;
        app.set_editor_text(QUERY).await;
        let status = run_against(&app, server, DEADLINE).await;
        assert!(status.contains("200"), "{url}: #response-status {status:?}, {:?}", app.text_of("response-message").await);
        let sent = server.requests().pop().expect("a request arrived");
        assert!(sent.carries("authorization", &format!("Bearer {token}")), "{url}: the token arrives");
        assert_eq!(app.keychain_token(profile, origin).as_deref(), Some(token.as_str()), "the keychain holds it, for {origin}");
        app.shot(&format!("{profile}-ran")).await;

        // A subscription on the same endpoint: its upgrade goes the same way (`wss://` on 443 for
        // TLS) with the profile's token, and its log lines come as the table.
        app.set_editor_text(LOGS).await;
        app.click("run").await;
        app.wait_until("the log stream to complete", DEADLINE, async || {
            let shown = app
                .script("return [document.getElementById('stream-status')?.textContent ?? '', document.querySelectorAll('#stream-log .stream-log-row').length]", vec![])
                .await;
            let done = shown[0].as_str().is_some_and(|status| status.contains("completed the subscription"));
            if done && shown[1] == 10 { Ok(()) } else { Err(shown.to_string()) }
        })
        .await;
        app.shot(&format!("{profile}-streamed")).await;
    }
    let asked = proxy.asked();
    assert!(asked.contains(&format!("{HOST}:443")) && asked.contains(&format!("{HOST}:80")), "{asked:?}");
    assert!(asked.iter().all(|authority| authority.starts_with(HOST)), "loopback never goes through a proxy: {asked:?}");

    // After a restart the last endpoint and its profile are restored, and its token still works.
    app.restart().await;
    let (url, _, profile, token, server, _) = &cases[1];
    assert_eq!(app.prop_of("endpoint-url", "value").await.as_deref(), Some(url.as_str()), "the endpoint is restored");
    app.wait_until("the profile to be restored", DEADLINE, async || {
        let chosen = app.prop_of("token-profile", "value").await.unwrap_or_default();
        if chosen == *profile { Ok(()) } else { Err(format!("{chosen:?}")) }
    })
    .await;
    app.set_editor_text(QUERY).await;
    let status = run_against(&app, server, DEADLINE).await;
    assert!(status.contains("200"), "after a restart: {status:?}");
    assert!(server.requests().pop().unwrap().carries("authorization", &format!("Bearer {token}")));

    let home = app.close().await;
    for (_, _, _, token, _, _) in &cases {
        let leaked = files_containing(home.path(), token);
        assert!(leaked.is_empty(), "a token was written to {leaked:?}");
    }
}
