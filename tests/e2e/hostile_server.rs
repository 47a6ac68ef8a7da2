//! Scenario 5: a hostile server's descriptions, data and error messages are shown as text; none of
//! their markup becomes elements and none of their script runs.

use crate::harness::{App, DEADLINE, leading_number};
use crate::steps::{run_against, use_endpoint, wait_for_body_text, wait_for_schema};
use demo_server::{DemoConfig, DemoServer, Mode};
use fantoccini::key::Key;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hostile_servers_text_stays_text() {
    let config = DemoConfig { mode: Mode::Hostile, ..DemoConfig::default() };
    let server = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("hostile_server").await;
    let n_demo_types = wait_for_schema(&app).await;
    use_endpoint(&app, &server.url()).await;

    // The schema from the hostile server's introspection.
    let n_before = server.request_count();
    app.click("refresh-schema").await;
    app.wait_until("the hostile server's schema", DEADLINE, async || {
        let types = app.text_of("schema-types").await;
        let asked = server.request_count() > n_before;
        match leading_number(&types) {
            Some(n) if asked && n > 0.0 && n as usize != n_demo_types => Ok(()),
            _ => Err(format!("asked: {asked}, #schema-types {types:?}, #schema-error {:?}", app.text_of("schema-error").await)),
        }
    })
    .await;
    app.shot("hostile-schema").await;

    // A hostile description in the completion list's info panel, as text.
    app.clear_editor().await;
    app.type_in_editor("{ no").await;
    app.wait_for_completions(&["note"]).await;
    let info = app
        .wait_until("the description of `note` beside the completion list", DEADLINE, async || {
            let infos = app.find_all(".cm-completionInfo").await;
            let mut texts = Vec::new();
            for info in &infos {
                texts.push(app.text_content(info).await);
            }
            texts.into_iter().find(|t| t.contains("<script>")).ok_or_else(|| format!("{} info panels", infos.len()))
        })
        .await;
    assert!(info.contains("<img src=x"), "the description shown as text: {info:?}");
    app.shot("hostile-description").await;
    app.press(&[], &[Key::Escape]).await;

    // The same descriptions on the explorer's page of the query type, as text.
    app.click("explorer-toggle").await;
    let query_type = app.wait_for("#explorer-types li button.explorer-link", DEADLINE).await;
    query_type.click().await.expect("the query type opens");
    app.wait_for("#explorer-page", DEADLINE).await;
    let page = app
        .wait_until("the explorer's page with the hostile descriptions", DEADLINE, async || {
            let text = app.text_of("explorer-page").await;
            if text.contains("<script>") { Ok(text) } else { Err(format!("{text:?}")) }
        })
        .await;
    assert!(page.contains("<img src=x"), "{page:?}");
    app.shot("hostile-explorer").await;

    app.set_editor_text("{ note broken }").await;
    let status = run_against(&app, &server, DEADLINE).await;
    assert!(status.contains("200"), "#response-status {status:?}");
    let error = app
        .wait_until("the hostile error message in #response-errors", DEADLINE, async || {
            let script = "return Array.from(document.querySelectorAll('#response-errors li'), (li) => li.textContent);";
            let errors: Vec<String> = serde_json::from_value(app.script(script, vec![]).await).unwrap_or_default();
            errors.into_iter().find(|e| e.contains("<script>")).ok_or("no <li> with the payload as text".to_string())
        })
        .await;
    assert!(error.contains("<img src=x"), "{error:?}");
    wait_for_body_text(&app, "<img src=x", DEADLINE).await;
    app.shot("hostile-response").await;

    let pwned = app.script("return typeof window.__pwned;", vec![]).await;
    assert_eq!(pwned.as_str(), Some("undefined"), "a payload's script ran");
    let images = app.script("return document.querySelectorAll('img[src=\"x\"]').length;", vec![]).await;
    assert_eq!(images.as_u64(), Some(0), "a payload became an <img> element");
    let scripts = app.script("return Array.from(document.scripts).filter((s) => s.textContent.includes('__pwned')).length;", vec![]).await;
    assert_eq!(scripts.as_u64(), Some(0), "a payload became a <script> element");
    app.close().await;
    server.shutdown().await;
}
