//! Steps that several scenarios take through the UI: choosing an endpoint, running, reading the
//! response and the rate-limit panel.

use crate::harness::{App, DEADLINE, leading_number};
use demo_server::DemoServer;
use fantoccini::key::Key;
use std::time::Duration;

/// Waits until the schema is loaded (`#schema-types` reads "N types" with N > 0) and returns N.
pub async fn wait_for_schema(app: &App) -> usize {
    app.wait_until("a loaded schema in #schema-types", DEADLINE, async || {
        let text = app.text_of("schema-types").await;
        match leading_number(&text) {
            Some(n) if n > 0.0 => Ok(n as usize),
            _ => Err(format!("{text:?}; #schema-error: {:?}", app.text_of("schema-error").await)),
        }
    })
    .await
}

/// Chooses a URL endpoint and types `url` into `#endpoint-url`, committed with Enter.
pub async fn use_endpoint(app: &App, url: &str) {
    app.select("endpoint-kind", "url").await;
    app.wait_until("#endpoint-url to be editable", DEADLINE, async || {
        let read_only = app.attr_of("endpoint-url", "readonly").await;
        if read_only.is_none() && app.is_enabled("endpoint-url").await { Ok(()) } else { Err(format!("readonly: {read_only:?}")) }
    })
    .await;
    app.fill("endpoint-url", url).await;
    app.press(&[], &[Key::Enter]).await;
    app.wait_until(&format!("#endpoint-url to hold {url}"), DEADLINE, async || {
        let value = app.prop_of("endpoint-url", "value").await.unwrap_or_default();
        if value == url { Ok(()) } else { Err(format!("{value:?}")) }
    })
    .await;
}

/// Clicks Run and waits until `server` has received the request and the UI has shown its answer
/// (Run is enabled again, or the rate-limit gate has closed). Returns `#response-status`.
pub async fn run_against(app: &App, server: &DemoServer, deadline: Duration) -> String {
    let n_before = server.request_count();
    app.click("run").await;
    app.wait_until("the request to reach the server", DEADLINE, async || {
        let n = server.request_count();
        if n > n_before { Ok(()) } else { Err(format!("{n} requests, as before the click")) }
    })
    .await;
    wait_for_answer(app, deadline).await
}

/// Waits until no request is in flight (Run enabled, or the gate closed) and a status is shown.
pub async fn wait_for_answer(app: &App, deadline: Duration) -> String {
    app.wait_until("the answer in the response pane", deadline, async || {
        let status = app.text_of("response-status").await;
        let settled = app.is_enabled("run").await || app.is_displayed("rate-limit-retry").await;
        if settled && !status.trim().is_empty() {
            Ok(status)
        } else {
            Err(format!("#response-status {status:?}, settled: {settled}, #response-message {:?}", app.text_of("response-message").await))
        }
    })
    .await
}

/// Waits until the response body's lines on screen contain `needle`, and returns their text.
pub async fn wait_for_body_text(app: &App, needle: &str, deadline: Duration) -> String {
    app.wait_until(&format!("{needle:?} in #response-body"), deadline, async || {
        let text = body_lines(app).await.join("\n");
        if text.contains(needle) { Ok(text) } else { Err(shorten(&text)) }
    })
    .await
}

/// The text of each `.json-line` in `#response-body` (the lines the view has rendered).
pub async fn body_lines(app: &App) -> Vec<String> {
    let lines = app.script("return Array.from(document.querySelectorAll('#response-body .json-line'), (l) => l.textContent);", vec![]).await;
    lines.as_array().map(|lines| lines.iter().filter_map(|l| l.as_str().map(String::from)).collect()).unwrap_or_default()
}

/// The rate-limit panel's numbers: (remaining, limit) from `#rate-limit-remaining`'s attributes.
pub async fn rate_limit(app: &App) -> Option<(u64, u64)> {
    let remaining = app.attr_of("rate-limit-remaining", "data-remaining").await?.parse().ok()?;
    let limit = app.attr_of("rate-limit-remaining", "data-limit").await?.parse().ok()?;
    Some((remaining, limit))
}

/// A response header as `#response-headers-list` shows it (`<dt>` name, `<dd>` value).
pub async fn shown_response_header(app: &App, name: &str) -> Option<String> {
    let script = "const dts = document.querySelectorAll('#response-headers-list dt');\
                  const dt = Array.from(dts).find((dt) => dt.textContent.trim().toLowerCase() === arguments[0]);\
                  const dd = dt && dt.nextElementSibling;\
                  return dd ? dd.textContent.trim() : null;";
    app.script(script, vec![name.to_lowercase().into()]).await.as_str().map(String::from)
}

/// At most a few hundred characters of `text`, for failure messages.
pub fn shorten(text: &str) -> String {
    let mut short: String = text.chars().take(300).collect();
    if short.len() < text.len() {
        short.push_str(" …");
    }
    format!("{short:?}")
}

/// What the response pane shows at one moment. Read in one script: a status read before an answer
/// arrives and an id read after it would mix two answers.
pub struct ShownAnswer {
    pub status: String,
    /// `data-response-id`: tells one answer from the next, also when they look alike.
    pub id: Option<String>,
    /// A request is on its way.
    pub pending: bool,
    /// The body's lines that have arrived (a new answer empties the view until its own arrive).
    pub lines: Vec<String>,
}

pub async fn shown_answer(app: &App) -> ShownAnswer {
    let now = app
        .script(
            "const status = document.getElementById('response-status');\
             const lines = Array.from(document.querySelectorAll('#response-body .json-line:not(.json-pending)'), (l) => l.textContent);\
             return [status.textContent, status.dataset.responseId ?? null, document.getElementById('response-pane').hasAttribute('aria-busy'), lines];",
            vec![],
        )
        .await;
    ShownAnswer {
        status: now[0].as_str().unwrap_or_default().to_string(),
        id: now[1].as_str().map(String::from),
        pending: now[2].as_bool().unwrap_or(true),
        lines: serde_json::from_value(now[3].clone()).unwrap_or_default(),
    }
}
