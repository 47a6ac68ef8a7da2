//! Scenario 2: a field the schema does not have is underlined, and its message says which.

use crate::harness::{App, DEADLINE};
use crate::steps::wait_for_schema;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_unknown_field_is_underlined_with_its_message() {
    let app = App::start("unknown_field").await;
    wait_for_schema(&app).await;
    app.set_editor_text("{ projects { nope } }").await;
    let underline = app.wait_for(".cm-lintRange-error", DEADLINE).await;
    let underlined = app.text_content(&underline).await;
    assert!(underlined.contains("nope"), "the error underline covers {underlined:?}, not the unknown field");
    app.shot("underlined").await;

    // The list of problems, where the UI has one.
    if app.exists("#problems").await {
        let problem = app
            .wait_until("the unknown field's message in #problems", DEADLINE, async || {
                let script = "return Array.from(document.querySelectorAll('#problems li[data-severity=error]'), (li) => li.textContent);";
                let messages = app.script(script, vec![]).await;
                let messages: Vec<String> = serde_json::from_value(messages).unwrap_or_default();
                messages.iter().find(|m| m.contains("nope")).cloned().ok_or(format!("{messages:?}"))
            })
            .await;
        println!("#problems: {problem:?}");
    }

    // The message on hovering the underline.
    app.hover(&underline).await;
    let message = app
        .wait_until("the lint tooltip with the unknown field's message", DEADLINE, async || {
            let tooltips = app.find_all(".cm-tooltip-lint").await;
            let mut texts = Vec::new();
            for tooltip in &tooltips {
                texts.push(app.text_content(tooltip).await);
            }
            texts.iter().find(|t| t.contains("nope")).cloned().ok_or(format!("{texts:?}"))
        })
        .await;
    println!("tooltip: {message:?}");
    app.shot("message").await;
    app.close().await;
}
