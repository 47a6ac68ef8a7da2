//! Run as a person presses it: the operation under the cursor, the document as it is at that
//! moment, Ctrl+Enter from the URL field; and Copy response.

use crate::harness::{App, DEADLINE};
use crate::steps::{shown_answer, shown_response_header, use_endpoint, wait_for_answer, wait_for_schema};
use demo_server::{DemoConfig, DemoServer};
use fantoccini::key::Key;

/// Waits for a 200 other than answer `previous` whose body has `needle`; fails with what is shown instead.
async fn wait_for_body_with(app: &App, needle: &str, previous: Option<String>) -> Vec<String> {
    app.wait_until(&format!("a new 200 with {needle:?} in its body"), DEADLINE, async || {
        let shown = shown_answer(app).await;
        if shown.id.is_some() && shown.id != previous && shown.status.starts_with("200") && shown.lines.iter().any(|line| line.contains(needle)) {
            Ok(shown.lines)
        } else {
            Err(format!("#response-status {:?}, #response-message {:?}, body {:?}", shown.status, app.text_of("response-message").await, shown.lines))
        }
    })
    .await
}

/// Issue 10, item 7: with two operations, Run used the picker even with the cursor inside the other
/// one; and Ctrl+Enter right after typing a second operation sent the document with no operation
/// name (the server answered 400).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn run_sends_the_operation_under_the_cursor_as_the_document_is_then() {
    let app = App::start("running_operation").await;
    wait_for_schema(&app).await;
    app.set_editor_text("query Me { me { email } } query Projects { projects { edges { node { name } } } }").await;
    app.wait_until("both operations in the picker", DEADLINE, async || {
        let options = app.find_all("#operation-picker option").await.len();
        if options == 2 && app.is_displayed("operation-picker").await { Ok(()) } else { Err(format!("{options} options")) }
    })
    .await;
    app.select("operation-picker", "Me").await;
    // The cursor is at the end, in `Projects`: that one runs.
    app.focus_editor().await;
    app.press(&[], &[Key::End]).await;
    app.press(&[Key::Control], &[Key::Enter]).await;
    wait_for_body_with(&app, "\"projects\"", None).await;
    let first = shown_answer(&app).await.id;

    // A second operation typed, and Ctrl+Enter at once (before the picker has caught up).
    app.set_editor_text("query Me { me { email } }").await;
    app.type_at_cursor(" query Projects { projects { edges { node { name } } } }").await;
    app.press(&[Key::Control], &[Key::Enter]).await;
    let lines = wait_for_body_with(&app, "\"projects\"", first).await;
    app.shot("second-operation").await;
    assert!(!lines.iter().any(|line| line.contains("\"me\"")), "only the operation under the cursor ran: {lines:?}");
    app.close().await;
}

/// Issue 10, item 9: Ctrl+Enter did nothing from the URL field. A URL typed there (not yet
/// committed with Enter) is where the request goes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ctrl_enter_in_the_url_field_runs_against_that_url() {
    // Told apart from the built-in Demo API by its budget, which its answers carry.
    let config = DemoConfig { budget: 77, ..DemoConfig::default() };
    let server = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("running_url_field").await;
    wait_for_schema(&app).await;
    use_endpoint(&app, "http://127.0.0.1:9/graphql").await;
    // Typed, not committed: Ctrl+Enter applies it and runs.
    let field = app.wait_for("#endpoint-url", DEADLINE).await;
    field.clear().await.expect("the URL field can be cleared");
    field.send_keys(&server.url()).await.expect("a URL can be typed");
    app.press(&[Key::Control], &[Key::Enter]).await;
    app.wait_until("the answer of the typed URL's server", DEADLINE, async || {
        let limit = shown_response_header(&app, "x-ratelimit-limit").await;
        if limit.as_deref() == Some("77") { Ok(()) } else { Err(format!("x-ratelimit-limit {limit:?}, #response-status {:?}", app.text_of("response-status").await)) }
    })
    .await;
    let status = wait_for_answer(&app, DEADLINE).await;
    assert!(status.starts_with("200"), "{status:?}");
    app.close().await;
    server.shutdown().await;
}

/// Issue 10, item 6: Copy response did nothing (nothing reached the clipboard, nothing was said).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_response_puts_the_whole_body_on_the_clipboard_and_says_so() {
    let app = App::start("running_copy").await;
    wait_for_schema(&app).await;
    app.click("run").await;
    let status = wait_for_answer(&app, DEADLINE).await;
    assert!(status.starts_with("200"), "{status:?}");
    app.click("copy-response").await;
    let copied = app
        .wait_until("the body on the clipboard", DEADLINE, async || {
            let text = app.clipboard_text();
            if text.contains("acme-shop") { Ok(text) } else { Err(format!("{text:?}")) }
        })
        .await;
    let body: serde_json::Value = serde_json::from_str(&copied).expect("the clipboard holds the body as JSON");
    assert_eq!(body["data"]["project"]["name"], "acme-shop");
    let said = app.text_of("copy-status").await;
    assert!(said.starts_with("Copied"), "#copy-status says {said:?}");
    app.close().await;
}

/// Issue 12: Copy as curl puts on the clipboard a command that a shell runs to the same answer;
/// a credential typed in the Headers editor is a variable in it, never its value.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn copy_as_curl_gives_a_command_that_gets_the_same_answer_without_the_typed_secret() {
    let app = App::start("running_curl").await;
    wait_for_schema(&app).await;
    app.click("headers-tab").await;
    app.set_editor_text_of("headers-input", "{\"X-Api-Key\": \"typed-secret-41\"}").await;
    app.set_editor_text("{ me { name } }").await;
    app.click("copy-curl").await;
    let copied = app
        .wait_until("the command on the clipboard", DEADLINE, async || {
            let text = app.clipboard_text();
            if text.contains("curl -sS") { Ok(text) } else { Err(format!("{text:?}")) }
        })
        .await;
    assert!(!copied.contains("typed-secret-41"), "{copied}");
    assert!(copied.contains(r#"-H 'X-Api-Key: '"${SEXTANT_X_API_KEY}""#), "{copied}");
    app.wait_until("Copy as curl to say so", DEADLINE, async || {
        let said = app.text_of("copy-curl-status").await;
        if said.starts_with("Copied as curl") { Ok(()) } else { Err(said) }
    })
    .await;
    let output = std::process::Command::new("sh").arg("-c").arg(&copied).env("SEXTANT_X_API_KEY", "typed-secret-41").output().expect("sh runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let answer: serde_json::Value = serde_json::from_slice(&output.stdout).expect("the Demo API answers JSON");
    assert_eq!(answer["data"]["me"]["name"], "Demo User");
    app.close().await;
}

/// Issue 12: a curl command pasted into the query editor opens as a request in a new tab: its
/// endpoint, document, variables and headers; the token in its Authorization header is offered
/// to become a profile, as a typed one is.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_pasted_curl_command_opens_as_a_request_in_a_new_tab() {
    let config = DemoConfig { bearer_tokens: vec!["pasted-token-9".into()], require_token: true, ..DemoConfig::default() };
    let server = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("running_paste_curl").await;
    wait_for_schema(&app).await;
    let url = server.url();
    let command = format!(
        "curl '{url}' \\\n  -H 'authorization: Bearer pasted-token-9' \\\n  -H 'content-type: application/json' \\\n  --data-raw $'{{\"query\":\"query Me {{ me {{ name }} }}\",\"variables\":{{\"a\":1}}}}'"
    );
    let tabs_before = app.find_all("#tab-strip .tab").await.len();
    app.focus_editor().await;
    let pasted = app
        .script(
            "const data = new DataTransfer(); data.setData('text/plain', arguments[0]);\
             const event = new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true });\
             document.getElementById('query-input').dispatchEvent(event); return event.defaultPrevented;",
            vec![command.into()],
        )
        .await;
    assert_eq!(pasted, serde_json::json!(true), "the paste is taken as a request, not as text");
    app.wait_until("a new tab with the request", DEADLINE, async || {
        let text = app.editor_text().await;
        let tabs = app.find_all("#tab-strip .tab").await.len();
        if tabs == tabs_before + 1 && text == "query Me { me { name } }" { Ok(()) } else { Err(format!("{tabs} tabs, {text:?}")) }
    })
    .await;
    assert_eq!(app.prop_of("endpoint-url", "value").await.as_deref(), Some(url.as_str()));
    assert_eq!(app.editor_text_of("variables-input").await, "{\n  \"a\": 1\n}\n");
    app.click("headers-tab").await;
    app.wait_until("the token offered as a profile", DEADLINE, async || {
        let headers = app.editor_text_of("headers-input").await;
        let offered = app.is_displayed("headers-credential").await;
        if headers.contains("pasted-token-9") && offered { Ok(()) } else { Err(format!("{headers:?}, offered: {offered}")) }
    })
    .await;
    app.shot("pasted").await;
    // It runs as pasted, its token with it (the server requires it).
    app.click("run").await;
    let status = wait_for_answer(&app, DEADLINE).await;
    assert!(status.starts_with("200"), "{status}");
    app.close().await;
    server.shutdown().await;
}
