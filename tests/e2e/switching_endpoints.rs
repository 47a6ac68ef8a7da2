//! A schema belongs to its endpoint: switching says which endpoint's schema is coming, a slow
//! introspection can be cancelled, and one left behind never lands on the endpoint chosen since.

use crate::harness::{App, DEADLINE};
use crate::steps::{use_endpoint, wait_for_schema};
use demo_server::{DemoConfig, DemoServer, Mode};

/// Issue 10, item 3: after switching endpoints the status still named the previous endpoint's
/// schema, and a slow introspection could not be cancelled.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schema_fetch_belongs_to_its_endpoint_and_can_be_cancelled() {
    // Answers after a minute: longer than the test waits for anything.
    let config = DemoConfig { mode: Mode::Slow { delay_ms: 60_000 }, ..DemoConfig::default() };
    let slow = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let address = slow.local_addr().to_string();
    let app = App::start("switching_endpoints").await;
    wait_for_schema(&app).await;

    use_endpoint(&app, &slow.url()).await;
    app.wait_until("the status to name the endpoint whose schema is coming", DEADLINE, async || {
        let (source, types) = (app.text_of("schema-source").await, app.text_of("schema-types").await);
        if source.contains(&address) && !source.contains("Demo API") && types.is_empty() && app.is_displayed("cancel-schema").await {
            Ok(())
        } else {
            Err(format!("#schema-source {source:?}, #schema-types {types:?}"))
        }
    })
    .await;
    app.shot("loading").await;
    app.click("cancel-schema").await;
    app.wait_until("the fetch cancelled", DEADLINE, async || {
        let source = app.text_of("schema-source").await;
        let error = app.is_displayed("schema-error").await;
        if source == "No schema" && !error && !app.is_displayed("cancel-schema").await && app.is_enabled("refresh-schema").await {
            Ok(())
        } else {
            Err(format!("#schema-source {source:?}, #schema-error shown: {error}"))
        }
    })
    .await;

    // Slow again, and the Demo API chosen before it answers: the Demo API's schema is the one shown.
    app.click("refresh-schema").await;
    app.wait_until("the refresh under way", DEADLINE, async || {
        let source = app.text_of("schema-source").await;
        if source.contains(&address) { Ok(()) } else { Err(source) }
    })
    .await;
    app.select("endpoint-kind", "demo").await;
    wait_for_schema(&app).await;
    let source = app.text_of("schema-source").await;
    assert!(source.starts_with("Demo API"), "#schema-source {source:?}");
    assert!(app.is_enabled("refresh-schema").await && !app.is_displayed("cancel-schema").await);
    app.close().await;
    // Not awaited: its cancelled requests would hold a graceful shutdown for their minute.
    drop(slow);
}
