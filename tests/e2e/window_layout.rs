//! The window as a person sees it, at the sizes people use (1024×700, 1280×800, 1920×1080): the
//! endpoint bar in one row also with a schema error in it, GraphQL errors read whole, the theme.

use crate::harness::{App, DEADLINE};
use crate::steps::{run_against, use_endpoint, wait_for_answer, wait_for_schema};
use demo_server::{DemoConfig, DemoServer, Mode};
use serde_json::Value;

const SIZES: [(u32, u32); 3] = [(1024, 700), (1280, 800), (1920, 1080)];

/// The shown children of the endpoint bar: (id, top, bottom).
async fn bar_items(app: &App) -> Vec<(String, f64, f64)> {
    let script = "return Array.from(document.getElementById('endpoint-bar').children)\
                  .filter((e) => e.getClientRects().length > 0 && !e.classList.contains('visually-hidden'))\
                  .map((e) => { const r = e.getBoundingClientRect(); return [e.id || e.tagName, r.top, r.bottom]; });";
    let items = app.script(script, vec![]).await;
    items
        .as_array()
        .map(|items| {
            items.iter().map(|item| (item[0].as_str().unwrap_or("").to_string(), item[1].as_f64().unwrap_or(0.0), item[2].as_f64().unwrap_or(0.0))).collect()
        })
        .unwrap_or_default()
}

/// Fails unless every shown part of the bar sits in one row and the query editor starts right below it.
async fn assert_one_row(app: &App, size: (u32, u32), what: &str) {
    // Parts with no height (an empty status) are in no row.
    let items: Vec<_> = bar_items(app).await.into_iter().filter(|&(_, top, bottom)| bottom - top > 1.0).collect();
    assert!(items.len() >= 6, "{what} at {size:?}: the bar shows {items:?}");
    // One row: every part overlaps the part whose box ends highest.
    let first_row_bottom = items.iter().fold(f64::MAX, |highest, &(_, _, bottom)| highest.min(bottom));
    let wrapped: Vec<_> = items.iter().filter(|&&(_, top, _)| top >= first_row_bottom - 1.0).collect();
    if !wrapped.is_empty() {
        app.shot(&format!("wrapped-{}x{}", size.0, size.1)).await;
    }
    assert!(wrapped.is_empty(), "{what} at {size:?}: the endpoint bar wraps; below its first row: {wrapped:?}");
    let overflow = app.script("const bar = document.getElementById('endpoint-bar'); return [bar.scrollWidth, bar.clientWidth, document.documentElement.scrollWidth, window.innerWidth];", vec![]).await;
    let n = |i: usize| overflow[i].as_f64().unwrap_or(f64::NAN);
    assert!(n(0) <= n(1) + 1.0 && n(2) <= n(3) + 1.0, "{what} at {size:?}: wider than the window (bar scroll/client, page scroll/window): {overflow}");
    let (_, bar_top, _, bar_height) = app.rect_of("endpoint-bar").await;
    let (_, strip_top, _, strip_height) = app.rect_of("tab-strip").await;
    let (_, editor_top, _, _) = app.rect_of("query-editor").await;
    assert!(bar_height < 50.0, "{what} at {size:?}: the endpoint bar is {bar_height} px tall");
    assert!(strip_top - (bar_top + bar_height) < 2.0 && strip_height < 36.0, "{what} at {size:?}: the tab strip is at {strip_top}, {strip_height} px tall");
    assert!(editor_top - (strip_top + strip_height) < 50.0, "{what} at {size:?}: the query editor starts {editor_top} px down");
    // The URL has room: the schema's status went to the status bar, which is one line at the bottom.
    let (_, _, url_width, _) = app.rect_of("endpoint-url").await;
    assert!(url_width >= f64::from(size.0) * 0.35, "{what} at {size:?}: the URL field is {url_width} px wide");
    let (_, status_top, status_width, status_height) = app.rect_of("status-bar").await;
    assert!(status_height < 32.0 && status_width <= f64::from(size.0) + 1.0, "{what} at {size:?}: the status bar is {status_width}×{status_height} px");
    let page_height = app.script("return window.innerHeight", vec![]).await.as_f64().unwrap_or(f64::NAN);
    assert!((status_top + status_height - page_height).abs() < 2.0, "{what} at {size:?}: the status bar ends at {} of {page_height} px", status_top + status_height);
}

/// Issue 10, items 2 and 10: the bar wrapped to two rows at 1280 px, and a server with
/// introspection off filled it with its error messages, pushing the editor down.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_endpoint_bar_is_one_row_at_every_size_also_with_a_schema_error() {
    let config = DemoConfig { mode: Mode::IntrospectionDisabled, ..DemoConfig::default() };
    let server = DemoServer::start(config, "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("window_layout_bar").await;
    wait_for_schema(&app).await;
    for size in SIZES {
        app.resize(size.0, size.1).await;
        assert_one_row(&app, size, "the Demo API").await;
    }
    use_endpoint(&app, &server.url()).await;
    let message = app
        .wait_until("the schema error", DEADLINE, async || {
            let error = app.text_of("schema-error").await;
            let shown = app.attr_of("schema-error", "hidden").await.is_none();
            if shown && error.to_lowercase().contains("introspection") { Ok(error) } else { Err(format!("shown: {shown}, {error:?}")) }
        })
        .await;
    for size in SIZES {
        app.resize(size.0, size.1).await;
        app.shot(&format!("schema-error-{}x{}", size.0, size.1)).await;
        assert_one_row(&app, size, "a schema error").await;
        // The whole message stays one hover away.
        assert_eq!(app.attr_of("schema-error", "title").await.as_deref(), Some(message.as_str()));
    }
    app.close().await;
    server.shutdown().await;
}

/// What the response pane shows of its GraphQL errors: for each, its box and the part of it the
/// list shows (its box cut to the list's visible box), and the list's scroll size.
async fn shown_errors(app: &App) -> Value {
    let script = "const list = document.getElementById('response-errors');\
                  const box = list.getBoundingClientRect();\
                  const items = Array.from(list.querySelectorAll('li'), (li) => {\
                    const r = li.getBoundingClientRect();\
                    const shown = Math.max(0, Math.min(r.bottom, box.bottom) - Math.max(r.top, box.top));\
                    return { text: li.textContent, height: r.height, shown };\
                  });\
                  return { items, listHeight: box.height, scrollHeight: list.scrollHeight, clientHeight: list.clientHeight };";
    app.script(script, vec![]).await
}

/// Issue 10, item 1: the server's GraphQL errors were squeezed into a strip about 15 px tall (the
/// first cut in half, the rest hidden) at every size, and after a 400 the body showed `{}`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn graphql_errors_are_read_whole_at_every_size() {
    let server = DemoServer::start(DemoConfig::default(), "127.0.0.1:0".parse().unwrap()).await.expect("the demo server starts");
    let app = App::start("window_layout_errors").await;
    wait_for_schema(&app).await;
    use_endpoint(&app, &server.url()).await;
    wait_for_schema(&app).await;
    // Three fields the schema does not have: three errors, and no data.
    app.set_editor_text("{ me { nope1 nope2 nope3 } }").await;
    run_against(&app, &server, DEADLINE).await;
    app.wait_until("three GraphQL errors in the response pane", DEADLINE, async || {
        let n = app.find_all("#response-errors li").await.len();
        if n == 3 && app.is_displayed("response-errors").await { Ok(()) } else { Err(format!("{n} errors listed")) }
    })
    .await;
    for size in SIZES {
        app.resize(size.0, size.1).await;
        app.shot(&format!("errors-{}x{}", size.0, size.1)).await;
        let shown = shown_errors(&app).await;
        let items = shown["items"].as_array().cloned().unwrap_or_default();
        assert_eq!(items.len(), 3, "{shown}");
        for item in &items {
            let (height, visible) = (item["height"].as_f64().unwrap_or(0.0), item["shown"].as_f64().unwrap_or(0.0));
            assert!(height >= 14.0 && visible >= height - 0.5, "at {size:?} an error is not shown whole: {item} in {shown}");
        }
        assert!(shown["scrollHeight"].as_f64() <= shown["clientHeight"].as_f64().map(|h| h + 1.0), "at {size:?} the errors scroll: {shown}");
    }
    // The body of an answer that holds only errors is not an empty `{}` beside them.
    let lines = crate::steps::body_lines(&app).await;
    assert!(lines.join("").replace(char::is_whitespace, "") != "{}", "the body shows {lines:?}");
    app.close().await;
    server.shutdown().await;
}

/// Issue 10, item 8: bad variables JSON was reported without naming the Variables editor, and the
/// previous 200 badge and body stayed, looking like a success.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_variables_are_named_and_the_previous_answer_goes() {
    let app = App::start("window_layout_variables").await;
    wait_for_schema(&app).await;
    app.click("run").await;
    let status = wait_for_answer(&app, DEADLINE).await;
    assert!(status.starts_with("200"), "the default query answers 200, not {status:?}");
    assert!(!crate::steps::body_lines(&app).await.is_empty());

    // A trailing comma: not JSON.
    app.set_editor_text_of("variables-input", "{\"id\": 5,}").await;
    app.click("run").await;
    let message = app
        .wait_until("the variables' problem in the response pane", DEADLINE, async || {
            let message = app.text_of("response-message").await;
            if app.is_displayed("response-message").await && !message.is_empty() { Ok(message) } else { Err(message) }
        })
        .await;
    app.shot("bad-variables").await;
    assert!(message.starts_with("Variables (line 1)"), "the message does not say where: {message:?}");
    let status = app.text_of("response-status").await;
    assert!(!status.starts_with("200"), "the previous 200 is still shown: {status:?}");
    assert!(crate::steps::body_lines(&app).await.is_empty(), "the previous body is still shown");
    assert_eq!(app.attr_of("variables-tab", "aria-selected").await.as_deref(), Some("true"));
    app.close().await;
}

/// Issue 10, item 9: no way to choose the theme. The choice applies at once and after a restart.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_theme_is_chosen_and_kept() {
    let mut app = App::start("window_layout_theme").await;
    wait_for_schema(&app).await;
    let background = async |app: &App| app.script("return getComputedStyle(document.body).backgroundColor", vec![]).await;
    app.select("theme", "dark").await;
    assert_eq!(background(&app).await, Value::from("rgb(22, 25, 29)"));
    let editor = app.script("return getComputedStyle(document.querySelector('#query-editor .cm-editor')).backgroundColor", vec![]).await;
    assert_eq!(editor, Value::from("rgb(22, 25, 29)"), "the editor follows the theme");
    app.shot("dark").await;
    app.restart().await;
    wait_for_schema(&app).await;
    assert_eq!(app.prop_of("theme", "value").await.as_deref(), Some("dark"));
    assert_eq!(background(&app).await, Value::from("rgb(22, 25, 29)"));
    app.select("theme", "light").await;
    assert_eq!(background(&app).await, Value::from("rgb(255, 255, 255)"));
    app.close().await;
}
