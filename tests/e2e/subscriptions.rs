//! Subscriptions in the real window (issue 13): Run on a subscription streams into the tab, log
//! lines as a table with a filter and severities, Stop keeps the events, and a stream goes on
//! counting while its tab is in the background.

use demo_server::{DemoConfig, DemoServer, Mode};
use fantoccini::key::Key;
use serde_json::Value;

use crate::harness::{App, DEADLINE};
use crate::steps::{use_endpoint, wait_for_schema};

const LOGS: &str = r#"subscription Logs { deploymentLogs(deploymentId: "d0000001-aaaa-4bbb-8ccc-000000000001") { message severity timestamp } }"#;
/// The same with the lines' other fields, as Railway has them.
const LOGS_WITH_FIELDS: &str =
    r#"subscription Logs { deploymentLogs(deploymentId: "d0000001-aaaa-4bbb-8ccc-000000000001") { message severity timestamp attributes { key value } tags { deploymentId serviceId } } }"#;

async fn status(app: &App) -> String {
    let text = app.script("return document.getElementById('stream-status')?.textContent ?? ''", vec![]).await;
    text.as_str().unwrap_or_default().to_owned()
}

/// The count the status line gives ("Streaming · 1,234 events · …").
async fn counted(app: &App) -> u64 {
    let status = status(app).await;
    status.split(" · ").find(|part| part.ends_with("events") || part.ends_with("event")).and_then(|part| part.split(' ').next()).map_or(0, |n| n.replace(',', "").parse().unwrap_or(0))
}

async fn wait_for_status(app: &App, what: &str, wanted: impl Fn(&str) -> bool) -> String {
    app.wait_until(what, DEADLINE, async || {
        let status = status(app).await;
        if wanted(&status) { Ok(status) } else { Err(status) }
    })
    .await
}

/// Waits until `wanted` is the text selected and the first log line is `height` px tall.
async fn wait_for_selection(app: &App, what: &str, wanted: &str, height: &Value) {
    app.wait_until(what, DEADLINE, async || {
        let state = app
            .script("return [String(window.getSelection()).trim(), document.querySelector('#stream-log .stream-log-row').getBoundingClientRect().height]", vec![])
            .await;
        if state[0] == wanted && &state[1] == height { Ok(()) } else { Err(state.to_string()) }
    })
    .await;
}

async fn log_rows(app: &App) -> Vec<(String, String)> {
    let rows = app
        .script("return [...document.querySelectorAll('#stream-log .stream-log-row')].map((row) => [row.dataset.level, row.querySelector('.stream-message').textContent])", vec![])
        .await;
    rows.as_array()
        .into_iter()
        .flatten()
        .filter_map(|row| Some((row[0].as_str()?.to_owned(), row[1].as_str()?.to_owned())))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_log_stream_appears_as_a_table_and_stop_keeps_its_events() {
    let app = App::start("subscriptions").await;
    wait_for_schema(&app).await;
    // The built-in Demo API: ten log lines, then the server completes.
    app.set_editor_text(LOGS_WITH_FIELDS).await;
    app.click("run").await;
    wait_for_status(&app, "the stream to complete", |status| status.contains("completed the subscription") && status.contains("10 events")).await;
    let rows = log_rows(&app).await;
    assert_eq!(rows.len(), 10, "{rows:?}");
    assert_eq!(rows[0].1, "Server listening on port 8080 #0");
    assert!(rows.iter().any(|(level, message)| level == "error" && message.starts_with("Payment provider timed out")), "{rows:?}");
    app.click("stream-filter").await;
    app.type_at_cursor("slow query").await;
    app.wait_until("the filter to keep the slow queries", DEADLINE, async || {
        let rows = log_rows(&app).await;
        let levels: Vec<&str> = rows.iter().map(|(level, _)| level.as_str()).collect();
        if levels == ["warn", "warn"] { Ok(()) } else { Err(format!("{rows:?}")) }
    })
    .await;
    app.shot("log-table").await;

    // A line is one row of the table, its message cut at the pane's edge; a click shows the message
    // whole, another folds it again.
    app.resize(1024, 700).await;
    let slow_query = "const row = document.querySelector('#stream-log .stream-log-row');\
                      const message = row.querySelector('.stream-message');\
                      return [row.getBoundingClientRect().height, message.scrollWidth > message.clientWidth, message.textContent];";
    let folded = app.script(slow_query, vec![]).await;
    assert_eq!(folded[1], true, "at 1024 px the slow query's message is cut: {folded}");
    let line = app.wait_for("#stream-log .stream-log-row", DEADLINE).await;
    line.click().await.expect("a log line is clickable");
    let whole = app
        .wait_until("the line to show its message whole", DEADLINE, async || {
            let state = app.script(slow_query, vec![]).await;
            if state[1] == false { Ok(state) } else { Err(state.to_string()) }
        })
        .await;
    assert!(whole[0].as_f64() > folded[0].as_f64(), "the line grew to its message: {folded} then {whole}");
    assert_eq!(whole[2], folded[2]);
    // Under it, the line's other fields: its attributes by their keys, its tags.
    let fields = "const fields = document.querySelector('#stream-log .stream-log-details');\
                  return fields ? [...fields.children].map((field) => field.textContent) : [];";
    let shown = app.script(fields, vec![]).await;
    let pairs: Vec<(String, String)> = shown
        .as_array()
        .expect("the fields")
        .chunks(2)
        .filter_map(|pair| Some((pair[0].as_str()?.to_owned(), pair.get(1)?.as_str()?.to_owned())))
        .collect();
    for wanted in [("level", "warn"), ("duration_ms", "412"), ("table", "orders"), ("tags.deploymentId", "d0000001-aaaa-4bbb-8ccc-000000000001")] {
        assert!(pairs.contains(&(wanted.0.to_owned(), wanted.1.to_owned())), "{wanted:?} among the open line's fields: {pairs:?}");
    }
    app.shot("log-line-expanded").await;
    // A double-click on a field's value selects it and leaves the line open.
    let value = app.find("#stream-log .stream-log-details dd:nth-of-type(2)").await.expect("the second field's value");
    assert_eq!(app.text_content(&value).await, "412");
    app.click_at(&value, 8.0, 9.0, 2).await;
    wait_for_selection(&app, "the value selected, the line open", "412", &whole[0]).await;
    // A click on the line's first row (not on its message's other rows or its fields) folds it.
    let row = app.find("#stream-log .stream-log-row").await.expect("the slow query's line");
    app.click_at(&row, 8.0, 9.0, 1).await;
    app.wait_until("the line folded again", DEADLINE, async || {
        let state = app.script(slow_query, vec![]).await;
        if state[0] == folded[0] { Ok(()) } else { Err(state.to_string()) }
    })
    .await;
    assert_eq!(app.script(fields, vec![]).await, serde_json::json!([]), "a folded line shows its message alone");
    // A double-click selects a word of the message and leaves the line as it was (folded).
    let message = app.find("#stream-log .stream-log-row .stream-message").await.expect("the slow query's message");
    // (On its first word: 8 px into the message.)
    app.click_at(&message, 8.0, 9.0, 2).await;
    let first_word = folded[2].as_str().and_then(|text| text.split(' ').next()).expect("a message");
    wait_for_selection(&app, "the message's first word selected, the line folded", first_word, &folded[0]).await;
    assert_eq!(app.script(slow_query, vec![]).await[1], true, "the message is cut again");
    // Enter opens the line in hand, a word selected or not, and folds it again.
    app.press(&[], &[Key::Enter]).await;
    wait_for_selection(&app, "the line open from the keyboard, its word still selected", first_word, &whole[0]).await;
    app.press(&[], &[Key::Enter]).await;
    wait_for_selection(&app, "the line folded from the keyboard", first_word, &folded[0]).await;

    // And from the keyboard: Tab from the filter into the events, Down to the first line, Enter
    // opens it; Down to the next and Enter opens that one instead.
    let lines_open = "return [...document.querySelectorAll('#stream-log .stream-log-row')].map((row) => [row === document.activeElement, row.getAttribute('aria-expanded')])";
    let wait_for_lines = async |what: &str, wanted: Value| {
        app.wait_until(what, DEADLINE, async || {
            let lines = app.script(lines_open, vec![]).await;
            if lines == wanted { Ok(()) } else { Err(lines.to_string()) }
        })
        .await;
    };
    app.click("stream-filter").await;
    app.press(&[], &[Key::Tab, Key::Down, Key::Enter]).await;
    wait_for_lines("the first line open from the keyboard", serde_json::json!([[true, "true"], [false, "false"]])).await;
    app.press(&[], &[Key::Down, Key::Enter]).await;
    wait_for_lines("the second line open instead", serde_json::json!([[false, "false"], [true, "true"]])).await;
    app.shot("log-line-from-the-keyboard").await;
    app.press(&[], &[Key::Enter]).await;
    wait_for_lines("the second line folded", serde_json::json!([[false, "false"], [true, "false"]])).await;
    // The filter finds a word of a line's fields too (the payment provider, in no message).
    app.click("stream-filter").await;
    app.press_ctrl('a').await;
    app.type_at_cursor("stripe").await;
    app.wait_until("the filter to keep the payment line", DEADLINE, async || {
        let rows = log_rows(&app).await;
        if rows.len() == 1 && rows[0].1.starts_with("Payment provider timed out") { Ok(()) } else { Err(format!("{rows:?}")) }
    })
    .await;
    app.press_ctrl('a').await;
    app.type_at_cursor("slow query").await;

    // A stream that goes on until stopped, from a server the test holds.
    let server = DemoServer::start(DemoConfig::default(), "127.0.0.1:0".parse().unwrap()).await.expect("a demo server");
    server.set_mode(Mode::Stream { events: 1_000_000, interval_ms: 10 });
    use_endpoint(&app, &server.url()).await;
    app.set_editor_text(LOGS).await;
    app.click("run").await;
    wait_for_status(&app, "the stream to run", |status| status.starts_with("Streaming")).await;
    app.wait_until("events to arrive", DEADLINE, async || {
        let n = counted(&app).await;
        if n >= 20 { Ok(()) } else { Err(n.to_string()) }
    })
    .await;

    // Autoscroll keeps the newest line in view; paused, the view holds where it is while lines
    // arrive; resumed, it is back at the newest.
    let at_end = "const body = document.querySelector('.stream-body');\
                  const rows = [...document.querySelectorAll('#stream-log .stream-log-row')];\
                  const last = rows.at(-1)?.getBoundingClientRect();\
                  const shown = body.getBoundingClientRect();\
                  return [body.scrollTop, body.scrollTop + body.clientHeight >= body.scrollHeight - 2 && last !== undefined && last.bottom <= shown.bottom + 1 && last.bottom > shown.top];";
    let following = async |wanted: bool| {
        app.wait_until(if wanted { "the newest line in view" } else { "the view held" }, DEADLINE, async || {
            let state = app.script(at_end, vec![]).await;
            if state[1].as_bool() == Some(wanted) { Ok(state[0].as_f64().unwrap_or(0.0)) } else { Err(state.to_string()) }
        })
        .await
    };
    following(true).await;
    // Filtered to a few lines, which then grow past a short list: the newest of them in view; and
    // all of them again once the filter is cleared.
    app.click("stream-filter").await;
    app.press_ctrl('a').await;
    app.type_at_cursor("slow query").await;
    // One line in six is a slow query: 180 events more are 30 lines more.
    let filtered_at = counted(&app).await;
    app.wait_until("the filtered lines to grow past a short list", DEADLINE, async || {
        let n = counted(&app).await;
        if n > filtered_at + 180 { Ok(()) } else { Err(n.to_string()) }
    })
    .await;
    following(true).await;
    app.press_ctrl('a').await;
    app.press(&[], &[Key::Backspace]).await;
    following(true).await;
    app.click("stream-autoscroll").await;
    let held = app.script(at_end, vec![]).await[0].as_f64().unwrap_or(0.0);
    let paused_at = counted(&app).await;
    app.wait_until("lines to arrive while paused", DEADLINE, async || {
        let n = counted(&app).await;
        if n > paused_at + 5 { Ok(()) } else { Err(n.to_string()) }
    })
    .await;
    assert_eq!(following(false).await, held, "paused, the view stays where it was");
    app.click("stream-autoscroll").await;
    following(true).await;

    // In the background it goes on counting.
    let stream_tab = app.script("return document.querySelector('.tab[aria-selected=\"true\"]').dataset.tabId", vec![]).await;
    let before = counted(&app).await;
    app.press_ctrl('t').await;
    app.wait_until("another tab in front", DEADLINE, async || {
        let front = app.script("return document.querySelector('.tab[aria-selected=\"true\"]').dataset.tabId", vec![]).await;
        if front != stream_tab { Ok(()) } else { Err(front.to_string()) }
    })
    .await;
    assert!(!app.exists("#stream-view").await, "a new tab shows no stream");
    // The streaming tab wears a badge with its count, which goes on.
    let badge = async || {
        let text = app.script("return document.querySelector(`.tab[data-tab-id=\"${arguments[0]}\"] .tab-stream`)?.textContent ?? ''", vec![stream_tab.clone()]).await;
        // `999`, then `1k`, `1.2k`…
        let text = text.as_str().unwrap_or_default();
        let (number, scale) = text.strip_suffix('k').map_or((text, 1.0), |number| (number, 1000.0));
        (number.parse::<f64>().unwrap_or(0.0) * scale) as u64
    };
    let first = badge().await;
    app.wait_until("the badge to count on", DEADLINE, async || {
        let now = badge().await;
        if now > first { Ok(()) } else { Err(format!("{now} (was {first})")) }
    })
    .await;
    app.script(
        "document.querySelector(`.tab[data-tab-id=\"${arguments[0]}\"] .tab-title`).click()",
        vec![stream_tab.clone()],
    )
    .await;
    app.wait_until("the stream to have counted on meanwhile", DEADLINE, async || {
        let n = counted(&app).await;
        if n > before + 10 { Ok(()) } else { Err(format!("{n} (was {before})")) }
    })
    .await;

    app.click("stream-stop").await;
    let stopped = wait_for_status(&app, "the stream to stop", |status| status.starts_with("Stopped")).await;
    let kept = counted(&app).await;
    assert!(kept > 0, "{stopped}");
    assert!(!log_rows(&app).await.is_empty(), "the events stay after Stop");
    // Copy NDJSON: one JSON object per event, each with its payload as the server sent it.
    app.click("stream-copy").await;
    app.wait_until("the events on the clipboard", DEADLINE, async || {
        let said = app.text_of("stream-copied").await;
        if said.starts_with("Copied") { Ok(()) } else { Err(said) }
    })
    .await;
    // The toolbar's message took room from the events: the newest line is still in view.
    following(true).await;
    let copied = app.clipboard_text();
    let lines: Vec<Value> = copied.lines().map(|line| serde_json::from_str(line).expect("a JSON line")).collect();
    assert_eq!(lines.len() as u64, kept);
    assert_eq!(lines[0]["seq"], 1);
    assert!(lines[0]["payload"]["data"]["deploymentLogs"].is_array());
    app.shot("stopped").await;
    // On a large screen the newest line is still in view, and the lines are one row each.
    app.resize(1920, 1080).await;
    following(true).await;
    app.shot("stopped-1920x1080").await;
    app.close().await;
    server.shutdown().await;
}

/// Issue 13: a connection that drops is reconnected and says so; graphql-sse chosen as the
/// transport streams the same events; a query with `@defer` shows its parts and the result merged
/// from them; each stream is in the history with its events and how it ended.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn streams_reconnect_travel_over_sse_and_defer_merges_its_parts() {
    let app = App::start("streams_more").await;
    wait_for_schema(&app).await;
    let server = DemoServer::start(DemoConfig::default(), "127.0.0.1:0".parse().unwrap()).await.expect("a demo server");
    use_endpoint(&app, &server.url()).await;

    // Dropped after 3 events: the window says it reconnects and counts on across connections.
    server.set_mode(Mode::DroppingStream { after: 3 });
    app.set_editor_text(LOGS).await;
    app.click("run").await;
    let notice = app
        .wait_until("the reconnection to be told", DEADLINE, async || {
            let text = app.script("return document.getElementById('stream-notice')?.textContent ?? ''", vec![]).await;
            let text = text.as_str().unwrap_or_default().to_owned();
            if text.contains("Reconnecting in") { Ok(text) } else { Err(text) }
        })
        .await;
    assert!(notice.starts_with("The connection was lost"), "{notice}");
    wait_for_status(&app, "events from a second connection", |status| status.contains("reconnected 1×")).await;
    app.wait_until("events of both connections", DEADLINE, async || {
        let n = counted(&app).await;
        if n >= 6 { Ok(()) } else { Err(n.to_string()) }
    })
    .await;
    app.shot("reconnecting").await;
    app.click("stream-stop").await;
    wait_for_status(&app, "the stream to stop", |status| status.starts_with("Stopped")).await;
    server.set_mode(Mode::Normal);

    // graphql-sse, chosen in the stream view: a POST that streams the same ten lines.
    app.script("const select = document.getElementById('stream-transport'); select.value = 'sse'; select.dispatchEvent(new Event('change', { bubbles: true }));", vec![]).await;
    app.click("run").await;
    wait_for_status(&app, "the SSE stream to complete", |status| status.contains("completed the subscription") && status.contains("10 events")).await;
    let last = server.requests().last().cloned().expect("the stream's request");
    assert_eq!(last.method, "POST", "graphql-sse is a POST");
    assert_eq!(log_rows(&app).await.len(), 10);

    // @defer: the parts as events, and the result merged from them.
    app.set_editor_text(r#"query Members { projects { edges { node { name ... @defer { members { name role } } } } } }"#).await;
    app.click("run").await;
    wait_for_status(&app, "every part", |status| status.contains("completed")).await;
    let merged = app
        .wait_until("the merged result", DEADLINE, async || {
            let text = app.script("return document.querySelector('#stream-merged')?.textContent ?? ''", vec![]).await;
            let text = text.as_str().unwrap_or_default().to_owned();
            if text.contains("all parts merged") && text.contains("members") { Ok(text) } else { Err(text) }
        })
        .await;
    assert!(merged.contains("Grace Hopper") && merged.contains("acme-shop"), "{merged}");
    let parts = app.script("return document.querySelectorAll('#stream-events .stream-event').length", vec![]).await;
    assert!(parts.as_u64().unwrap_or(0) >= 2, "the initial part and a later one: {parts}");
    app.shot("defer-merged").await;

    // The history lists the streams with their events.
    app.click("history-toggle").await;
    let outcomes = app
        .wait_until("the streams in the history", DEADLINE, async || {
            let texts = app.script("return [...document.querySelectorAll('#history-entries .history-outcome')].map((o) => o.textContent)", vec![]).await;
            let texts: Vec<String> = texts.as_array().into_iter().flatten().filter_map(|text| text.as_str().map(str::to_owned)).collect();
            if texts.len() >= 3 { Ok(texts) } else { Err(format!("{texts:?}")) }
        })
        .await;
    assert_eq!(outcomes[1], "10 events", "{outcomes:?}");
    assert!(outcomes[2].ends_with("events"), "a stopped stream succeeded: {outcomes:?}");
    app.close().await;
    server.shutdown().await;
}
