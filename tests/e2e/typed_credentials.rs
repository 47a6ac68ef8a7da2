//! A credential typed into the Headers editor: sent only to the endpoint it was typed for, never
//! written to disk (WebKit's storage included), and offered to become a keychain profile.

use crate::harness::{App, DEADLINE, unique_secret};
use crate::steps::{run_against, use_endpoint};
use demo_server::{DemoConfig, DemoServer};

const QUERY: &str = "{ projects { edges { node { name } } } }";

/// Regression: headers typed by hand were kept in plain text in WebKit's localStorage and went to
/// whatever endpoint was chosen next, the Demo API included.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_credential_typed_in_headers_is_in_no_file_and_reaches_no_other_origin() {
    let sentinel = unique_secret("sx-e2e-typed-");
    let loopback = "127.0.0.1:0".parse().unwrap();
    let typed_for = DemoServer::start(DemoConfig::default(), loopback).await.expect("a server");
    let other = DemoServer::start(DemoConfig::default(), loopback).await.expect("another server");
    let mut app = App::start("typed_credentials").await;
    let headers = format!("{{\"X-Api-Key\": \"{sentinel}\"}}");

    use_endpoint(&app, &typed_for.url()).await;
    app.click("headers-tab").await;
    app.set_editor_text_of("headers-input", &headers).await;
    app.wait_until("the offer to keep the credential in a profile", DEADLINE, async || {
        let text = app.text_of("headers-credential-text").await;
        if app.is_displayed("headers-credential").await && text.contains("X-Api-Key looks like a credential") {
            Ok(())
        } else {
            Err(format!("{text:?}"))
        }
    })
    .await;
    app.shot("credential-typed").await;
    app.set_editor_text(QUERY).await;
    assert!(run_against(&app, &typed_for, DEADLINE).await.contains("200"));
    assert!(typed_for.requests().pop().unwrap().carries("x-api-key", &sentinel), "it goes where it was typed");

    // Another endpoint has headers of its own: the credential does not follow.
    use_endpoint(&app, &other.url()).await;
    app.wait_until("the other endpoint's own headers", DEADLINE, async || {
        let text = app.editor_text_of("headers-input").await;
        if text.contains(&sentinel) { Err(format!("{text:?}")) } else { Ok(()) }
    })
    .await;
    assert!(run_against(&app, &other, DEADLINE).await.contains("200"));
    assert!(other.requests().iter().all(|request| request.header("x-api-key").is_none()), "nothing reached the other origin");
    // Back on the first endpoint, this session still has it.
    use_endpoint(&app, &typed_for.url()).await;
    app.wait_until("the first endpoint's headers again", DEADLINE, async || {
        let text = app.editor_text_of("headers-input").await;
        if text.contains(&sentinel) { Ok(()) } else { Err(format!("{text:?}")) }
    })
    .await;

    // After a restart it is in no file, and not in the editor either.
    app.restart().await;
    let leaked = app.files_containing(&sentinel);
    assert!(leaked.is_empty(), "the typed credential was written to {leaked:?}");
    assert_eq!(app.prop_of("endpoint-url", "value").await.as_deref(), Some(typed_for.url().as_str()));
    app.click("headers-tab").await;
    let kept = app.editor_text_of("headers-input").await;
    assert!(!kept.contains(&sentinel), "{kept:?}");
    app.shot("after-restart").await;

    // Typed again, it becomes a profile: the dialog starts with it, and it leaves the editor.
    app.set_editor_text_of("headers-input", &headers).await;
    app.click("headers-to-profile").await;
    app.wait_for("#profile-dialog", DEADLINE).await;
    assert_eq!(app.prop_of("profile-scheme", "value").await.as_deref(), Some("header"));
    assert_eq!(app.prop_of("profile-header-name", "value").await.as_deref(), Some("X-Api-Key"));
    assert_eq!(app.prop_of("profile-token", "value").await.as_deref(), Some(sentinel.as_str()));
    app.fill("profile-name", "typed-key").await;
    app.click("profile-save").await;
    app.wait_until("the header to leave the editor for the profile", DEADLINE, async || {
        let text = app.editor_text_of("headers-input").await;
        let chosen = app.prop_of("token-profile", "value").await.unwrap_or_default();
        if !text.contains("X-Api-Key") && chosen == "typed-key" { Ok(()) } else { Err(format!("{text:?}, {chosen:?}")) }
    })
    .await;
    assert!(run_against(&app, &typed_for, DEADLINE).await.contains("200"));
    assert!(typed_for.requests().pop().unwrap().carries("x-api-key", &sentinel), "the profile sends it now");
    assert_eq!(app.keychain_token("typed-key", &typed_for.origin()).as_deref(), Some(sentinel.as_str()));
    app.shot("moved-to-profile").await;

    let home = app.close().await;
    let leaked = crate::harness::files_containing(home.path(), &sentinel);
    assert!(leaked.is_empty(), "the credential was written to {leaked:?}");
}
