//! Scenario 3: a token typed into a profile reaches the server as `Authorization: Bearer`, lives in
//! the keychain only (no file under the app's home, nothing in the page), and survives a restart.

use crate::harness::{App, DEADLINE, unique_secret};
use crate::steps::{run_against, use_endpoint, wait_for_body_text};
use demo_server::{DemoConfig, DemoServer};

const PROFILE: &str = "e2e-bearer";
const QUERY: &str = "{ projects { edges { node { name } } } }";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_token_is_sent_kept_in_the_keychain_only_and_survives_a_restart() {
    let sentinel = unique_secret("sx-e2e-token-");
    let config = DemoConfig { require_token: true, bearer_tokens: vec![sentinel.clone()], ..DemoConfig::default() };
    let server = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let mut app = App::start("tokens").await;

    use_endpoint(&app, &server.url()).await;
    app.click("add-profile").await;
    app.wait_for("#profile-dialog", DEADLINE).await;
    app.fill("profile-name", PROFILE).await;
    app.select("profile-scheme", "bearer").await;
    app.fill("profile-token", &sentinel).await;
    app.shot("profile-dialog").await;
    app.click("profile-save").await;
    app.wait_until("the dialog to close and the new profile to be chosen", DEADLINE, async || {
        let chosen = app.prop_of("token-profile", "value").await.unwrap_or_default();
        let open = app.attr_of("profile-dialog", "open").await.is_some();
        if chosen == PROFILE && !open {
            Ok(())
        } else {
            Err(format!("#token-profile {chosen:?}, dialog open: {open}, #profile-error {:?}", app.text_of("profile-error").await))
        }
    })
    .await;
    println!("#token-state: {:?}", app.text_of("token-state").await);
    app.shot("profile-saved").await;

    app.set_editor_text(QUERY).await;
    let status = run_against(&app, &server, DEADLINE).await;
    assert!(status.contains("200"), "#response-status {status:?}, #response-message {:?}", app.text_of("response-message").await);
    wait_for_body_text(&app, "acme-shop", DEADLINE).await;
    let sent = server.requests().pop().expect("a request arrived");
    assert!(sent.carries("authorization", &format!("Bearer {sentinel}")), "the token as sent");
    app.shot("run-with-token").await;
    // The token is in the keychain itself, under the profile and the origin it is bound to.
    assert_eq!(app.keychain_token(PROFILE, &server.origin()).as_deref(), Some(sentinel.as_str()), "the keychain holds the token");

    assert_not_in_page(&app, &sentinel).await;
    assert_not_in_files(&app, &sentinel);

    // After a restart the profile is still there and its token comes from the keychain.
    app.restart().await;
    assert_not_in_files(&app, &sentinel);
    app.wait_until("the profile in #token-profile after a restart", DEADLINE, async || {
        let script = "return Array.from(document.querySelectorAll('#token-profile option'), (o) => o.value);";
        let names: Vec<String> = serde_json::from_value(app.script(script, vec![]).await).unwrap_or_default();
        if names.iter().any(|n| n == PROFILE) { Ok(()) } else { Err(format!("{names:?}")) }
    })
    .await;
    app.shot("restarted").await;
    // The endpoint and the chosen profile are restored, not chosen again.
    assert_eq!(app.prop_of("endpoint-kind", "value").await.as_deref(), Some("url"), "the endpoint kind is restored");
    assert_eq!(app.prop_of("endpoint-url", "value").await.as_deref(), Some(server.url().as_str()), "the endpoint is restored");
    app.wait_until("the chosen profile to be restored", DEADLINE, async || {
        let chosen = app.prop_of("token-profile", "value").await.unwrap_or_default();
        if chosen == PROFILE { Ok(()) } else { Err(format!("{chosen:?}")) }
    })
    .await;
    app.set_editor_text(QUERY).await;
    let n_before = server.request_count();
    let status = run_against(&app, &server, DEADLINE).await;
    assert!(status.contains("200"), "after a restart: #response-status {status:?}, #response-message {:?}", app.text_of("response-message").await);
    let sent = server.requests();
    assert!(
        sent[n_before..].iter().any(|r| r.carries("authorization", &format!("Bearer {sentinel}"))),
        "after a restart the token is sent again"
    );
    assert_not_in_page(&app, &sentinel).await;
    app.shot("run-after-restart").await;
    // Everything the app wrote on its way out, too.
    let home = app.close().await;
    let leaked = crate::harness::files_containing(home.path(), &sentinel);
    assert!(leaked.is_empty(), "the token was written to {leaked:?}");
    server.shutdown().await;
}

/// Neither the page's HTML nor any input's value holds `secret`.
async fn assert_not_in_page(app: &App, secret: &str) {
    let script = "return [document.documentElement.outerHTML,\
                  Array.from(document.querySelectorAll('input, textarea, select'), (i) => `${i.id}=${i.value}`)];";
    let page = app.script(script, vec![]).await;
    let html = page[0].as_str().unwrap_or_default();
    assert!(!html.is_empty(), "the page's HTML was read");
    assert!(!html.contains(secret), "the token is in the page's HTML");
    let values: Vec<String> = serde_json::from_value(page[1].clone()).unwrap_or_default();
    let holding: Vec<&str> = values.iter().filter(|v| v.contains(secret)).filter_map(|v| v.split('=').next()).collect();
    assert!(holding.is_empty(), "inputs still hold the token: ids {holding:?}");
}

/// No file under the app's temporary home (HOME and the XDG folders) holds `secret`.
fn assert_not_in_files(app: &App, secret: &str) {
    let leaked = app.files_containing(secret);
    assert!(leaked.is_empty(), "the token was written to {leaked:?}");
}
