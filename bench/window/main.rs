//! The app benchmark: the real release window under WebDriver (the end-to-end tests' harness),
//! GitHub's public schema, timings taken in the page. Prints each number beside its target.
//!
//! Run with `bench/app` (release build, private keyring, Xvfb). Measures:
//! - keystroke to completion list on screen (in-page: `keydown` to the frame that paints the list);
//! - launch to interactive (process start to the page's `interactiveAtUnixMs` mark, schema from the cache);
//! - memory of the app and its WebKit processes with the schema loaded (PSS and RSS from /proc);
//! - a 20 MB response: Run to its first lines on screen, and the longest gap between frames meanwhile;
//! - launch to interactive with 20 tabs restored, and memory with 10 tabs each holding a 2 MB response.

#[path = "../../tests/e2e/harness.rs"]
#[allow(dead_code)]
mod harness;
#[path = "../../tests/e2e/steps.rs"]
#[allow(dead_code)]
mod steps;

use std::path::Path;
use std::time::Duration;

use demo_server::{DemoConfig, DemoServer, Mode};
use fantoccini::key::Key;
use harness::App;
use serde_json::Value;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const KEYSTROKES: usize = 200;
/// Ctrl+Space where the cursor rests (the list fetched ahead), and as many inside a name (Rust asked).
const CTRL_SPACES: usize = 50;
const LAUNCHES: usize = 5;

#[tokio::main]
async fn main() {
    let schema = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/node_modules/@octokit/graphql-schema/schema.json");
    let schema_json = std::fs::read(&schema).unwrap_or_else(|error| panic!("{}: {error} (run scripts/setup)", schema.display()));
    // The package holds `{"__schema": ...}`; a server answers `{"data": {"__schema": ...}}`.
    let introspection = [b"{\"data\":".as_slice(), &schema_json, b"}"].concat();
    let github = serve_introspection(introspection).await;

    let mut app = App::start("bench-app").await;
    steps::use_endpoint(&app, &github).await;
    let types = app
        .wait_until("GitHub's schema to load", Duration::from_secs(60), async || {
            let types = app.text_of("schema-types").await;
            if harness::leading_number(&types).is_some_and(|n| n > 1000.0) { Ok(types) } else { Err(types) }
        })
        .await;
    println!("schema: GitHub's public schema ({types}), from {github}");

    // `bench/app explorer`: the explorer's part alone, each type's time listed (for working on it).
    if std::env::args().any(|arg| arg == "explorer") {
        let (pages, keys, rows, ipc) = explorer(&app).await;
        let built = durations(&app, "sextant:explorer-page-built").await;
        let settled = durations(&app, "sextant:explorer-page-settled").await;
        for (n, name) in EXPLORER_TYPES.iter().enumerate() {
            println!(
                "explorer: {name:<14} page {:>5.1} ms, its elements made at {:>5.1}, settled at {:>5.1}",
                pages[n], built.get(n).unwrap_or(&f64::NAN), settled.get(n).unwrap_or(&f64::NAN)
            );
        }
        println!("explorer: {} pages asked of Rust, round trip median {:.1} ms, p99 {:.1} ms", ipc.len(), percentile(&ipc, 0.5), percentile(&ipc, 0.99));
        let searches = durations(&app, "sextant:explorer-search-ipc").await;
        println!("explorer: {} searches asked of Rust, round trip median {:.1} ms, p99 {:.1} ms", searches.len(), percentile(&searches, 0.5), percentile(&searches, 0.99));
        let typed: Vec<String> = EXPLORER_TYPES.iter().flat_map(|name| (1..=name.len()).map(|n| name[..n].to_owned())).collect();
        let mut slowest: Vec<(f64, String)> = keys.iter().zip(&typed).map(|(ms, text)| (*ms, text.clone())).collect();
        slowest.sort_by(|a, b| b.0.total_cmp(&a.0));
        println!("explorer: slowest keys {:?}", &slowest[..slowest.len().min(6)]);
        println!(
            "explorer: pages median {:.1} ms, p99 {:.1} ms; keys {} median {:.1} ms, p99 {:.1} ms; most rows drawn {rows}",
            percentile(&pages, 0.5), percentile(&pages, 0.99), keys.len(), percentile(&keys, 0.5), percentile(&keys, 0.99)
        );
        app.close().await;
        return;
    }

    // `bench/app stream`: the stream's part alone.
    if std::env::args().any(|arg| arg == "stream") {
        let stream = stream_into_window(&mut app).await;
        let at = |p: f64| percentile(&stream.latencies, p);
        let arrived = |p: f64| percentile(&stream.from_arrival, p);
        let ipc = |p: f64| percentile(&stream.ipc, p);
        println!(
            "stream: {} events in {:.1} s, longest frame gap {:.0} ms, socket to frame median {:.1} ms p99 {:.1} ms ({} batches), \
             Rust's answer to the page median {:.1} ms p99 {:.1} ms, the page's receipt to the frame median {:.1} ms p99 {:.1} ms, memory {:.0} MB",
            stream.events, stream.seconds, stream.longest_gap, at(0.5), at(0.99), stream.latencies.len(), ipc(0.5), ipc(0.99), arrived(0.5), arrived(0.99), stream.memory.pss_mb
        );
        println!(
            "stream: socket to the next frame's start (no client sooner) median {:.1} ms p99 {:.1} ms; painted by the next frame {:.1}% of batches, a frame later {:.1}%, later still {:.1}%",
            percentile(&stream.to_next_frame, 0.5), percentile(&stream.to_next_frame, 0.99),
            stream.share_painted(|passed| passed == 0), stream.share_painted(|passed| passed == 1), stream.share_painted(|passed| passed > 1)
        );
        println!(
            "stream: the {} batches a frame passed by had come {:.0} ms before its start (median), {:.0}% of them within 2 ms",
            stream.late_lead.len(), percentile(&stream.late_lead, 0.5), stream.share_late_within(2.0)
        );
        app.close().await;
        return;
    }

    // Launch to interactive, the schema from the cache (what every start after the first does).
    let launches = launch_times(&mut app).await;
    let memory = memory_of_app();
    // And with 20 tabs to restore, each with a document of its own.
    for n in 1..20 {
        app.press_with(&[Key::Control], 't').await;
        app.wait_until("a new tab", harness::DEADLINE, async || {
            let count = app.script("return document.querySelectorAll('#tabs .tab').length", vec![]).await;
            if count.as_u64() == Some(n + 1) { Ok(()) } else { Err(count.to_string()) }
        })
        .await;
        app.set_editor_text(&format!("query Tab{n} {{ viewer {{ login }} }}")).await;
    }
    let launches_20_tabs = launch_times(&mut app).await;
    let (keystrokes, at_rest_keys, asking_keys, ahead, waited, on_key) = keystroke_to_list(&app).await;
    let (explorer_pages, explorer_keys, explorer_rows, explorer_ipc) = explorer(&app).await;
    let explorer_search_ipc = durations(&app, "sextant:explorer-search-ipc").await;
    app.shot("explorer").await;
    let (large_on_screen, longest_stall) = large_response(&mut app).await;
    app.shot("large-response").await;
    let memory_10_responses = ten_tabs_with_2_mb_responses(&mut app).await;
    app.shot("ten-responses").await;
    let stream = stream_into_window(&mut app).await;
    app.shot("stream").await;

    let placed: Vec<f64> = keystrokes.iter().map(|key| key.placed).collect();
    let frame: Vec<f64> = keystrokes.iter().map(|key| key.frame).collect();
    let in_dom: Vec<f64> = keystrokes.iter().map(|key| key.in_dom).collect();
    let at_rest_frame: Vec<f64> = at_rest_keys.iter().map(|key| key.frame).collect();
    let asked_frame: Vec<f64> = asking_keys.iter().map(|key| key.frame).collect();
    let in_first_frame = keystrokes.iter().filter(|key| key.first_frame).count();
    let launch_max = launches.iter().copied().fold(0.0, f64::max);
    let launch_median = percentile(&launches, 0.5);
    let launch_20_max = launches_20_tabs.iter().copied().fold(0.0, f64::max);
    let launch_20_median = percentile(&launches_20_tabs, 0.5);

    println!();
    println!("machine: {}", machine());
    println!("{:<62} {:>12} {:>12}", "measure (release build, Xvfb)", "Sextant", "target");
    for (what, values) in [("fetched ahead", &ahead), ("fetched ahead, a key waited", &waited), ("a key asked", &on_key)] {
        if values.is_empty() {
            println!("{:<62} {:>12}", format!("completion round trips to Rust, {what}"), "none");
            continue;
        }
        println!("{:<62} {:>9.1} ms", format!("completion round trips to Rust, {what}: {}, median", values.len()), percentile(values, 0.5));
        println!("{:<62} {:>9.1} ms", format!("completion round trips to Rust, {what}: p99"), percentile(values, 0.99));
    }
    for (what, values) in [("list in the DOM (the page's work)", &in_dom), ("list placed", &placed), ("start of the frame that paints the list", &frame)] {
        println!("{:<62} {:>9.1} ms {:>9} ms", format!("keystroke to {what}, median of {}", values.len()), percentile(values, 0.5), "-");
        println!("{:<62} {:>9.1} ms {:>9} ms", format!("keystroke to {what}, p99"), percentile(values, 0.99), "16");
    }
    println!("{:<62} {:>9} of {}", "lists painted in the first frame after the key", in_first_frame, keystrokes.len());
    println!("{:<62} {:>9.1} ms {:>9} ms", format!("Ctrl+Space at rest (fetched ahead) to the painting frame, median of {}", at_rest_frame.len()), percentile(&at_rest_frame, 0.5), "-");
    println!("{:<62} {:>9.1} ms {:>9} ms", "Ctrl+Space at rest (fetched ahead) to the painting frame, p99", percentile(&at_rest_frame, 0.99), "16");
    println!("{:<62} {:>9} of {}", "Ctrl+Space at rest: lists painted in the first frame", at_rest_keys.iter().filter(|key| key.first_frame).count(), at_rest_keys.len());
    // Keys whose list was not fetched ahead: the round trip to Rust is inside these numbers.
    println!("{:<62} {:>9.1} ms {:>9} ms", format!("Ctrl+Space in a name (asks Rust) to the painting frame, median of {}", asked_frame.len()), percentile(&asked_frame, 0.5), "-");
    println!("{:<62} {:>9.1} ms {:>9} ms", "Ctrl+Space in a name (asks Rust) to the painting frame, p99", percentile(&asked_frame, 0.99), "16");
    println!("{:<62} {:>9} of {}", "Ctrl+Space in a name: lists painted in the first frame", asking_keys.iter().filter(|key| key.first_frame).count(), asking_keys.len());
    for key in keystrokes.iter().filter(|key| !key.first_frame) {
        println!("  a later frame: in the DOM at {:.0} ms, placed at {:.0} ms, frame at {:.0} ms", key.in_dom, key.placed, key.frame);
    }
    for (what, values) in [("a type opened (search, Enter) to its page painted", &explorer_pages), ("a key in its search to the results painted", &explorer_keys)] {
        println!("{:<62} {:>9.1} ms {:>9} ms", format!("explorer: {what}, median of {}", values.len()), percentile(values, 0.5), "-");
        println!("{:<62} {:>9.1} ms {:>9} ms", format!("explorer: {what}, p99"), percentile(values, 0.99), "16");
    }
    println!("{:<62} {:>9.1} ms", "explorer: of a page's time, its round trip to Rust, median", percentile(&explorer_ipc, 0.5));
    println!("{:<62} {:>9.1} ms", "explorer: of a page's time, its round trip to Rust, p99", percentile(&explorer_ipc, 0.99));
    println!("{:<62} {:>9.1} ms", "explorer: of a key's time, its search's round trip, median", percentile(&explorer_search_ipc, 0.5));
    println!("{:<62} {:>9.1} ms", "explorer: of a key's time, its search's round trip, p99", percentile(&explorer_search_ipc, 0.99));
    println!("{:<62} {:>12}", "explorer: most rows drawn for one page (virtual lists)", explorer_rows);
    println!("{:<62} {:>9.0} ms {:>9} ms", format!("launch to interactive, median of {LAUNCHES}"), launch_median, "1500");
    println!("{:<62} {:>9.0} ms {:>9} ms", "launch to interactive, slowest", launch_max, "1500");
    println!("{:<62} {:>9.0} ms {:>9} ms", format!("launch to interactive, 20 tabs restored, median of {LAUNCHES}"), launch_20_median, "1500");
    println!("{:<62} {:>9.0} ms {:>9} ms", "launch to interactive, 20 tabs restored, slowest", launch_20_max, "1500");
    println!("{:<62} {:>9.0} MB {:>9} MB", "memory, app + WebKit processes (PSS)", memory.pss_mb, "300");
    println!("{:<62} {:>9.0} MB {:>9} MB", "memory, app + WebKit processes (RSS, shared counted twice)", memory.rss_mb, "-");
    for (name, pss) in &memory.processes {
        println!("{:<62} {:>9.0} MB", format!("  {name} (PSS)"), pss);
    }
    println!("{:<62} {:>9.0} ms {:>9} ms", "20 MB response: Run to first lines on screen", large_on_screen, "1500");
    println!("{:<62} {:>9.0} ms {:>9} ms", "20 MB response: longest gap between frames", longest_stall, "100");
    println!("{:<62} {:>9.0} MB {:>9} MB", "memory, 10 tabs each with a 2 MB response (PSS)", memory_10_responses.pss_mb, "400");
    println!("{:<62} {:>9.0} MB {:>9} MB", "memory, 10 tabs each with a 2 MB response (RSS)", memory_10_responses.rss_mb, "-");
    for (name, pss) in &memory_10_responses.processes {
        println!("{:<62} {:>9.0} MB", format!("  {name} (PSS)"), pss);
    }
    println!("{:<62} {:>12}", format!("stream: {STREAM_PER_SECOND}/s for {} s, events shown", STREAM_EVENTS / STREAM_PER_SECOND), stream.events);
    println!("{:<62} {:>9.1} s", "stream: from Run to the last event shown", stream.seconds);
    println!("{:<62} {:>9.0} ms {:>9} ms", "stream: longest gap between frames meanwhile", stream.longest_gap, "50");
    println!("{:<62} {:>9.1} ms {:>9} ms", format!("stream: socket to the painting frame, median of {} batches", stream.latencies.len()), percentile(&stream.latencies, 0.5), "-");
    println!("{:<62} {:>9.1} ms {:>9} ms", "stream: socket to the painting frame, p99", percentile(&stream.latencies, 0.99), "16");
    println!("{:<62} {:>9.1} ms {:>9} ms", "stream: socket to the next frame's start (no client sooner), p99", percentile(&stream.to_next_frame, 0.99), "-");
    println!("{:<62} {:>9.1} % {:>10} %", "stream: batches painted by the next frame after their socket", stream.share_painted(|passed| passed == 0), "-");
    println!("{:<62} {:>9.1} % {:>10} %", "stream: batches painted by that frame or the one after", stream.share_painted(|passed| passed <= 1), "99");
    println!("{:<62} {:>9.1} % {:>10} %", "stream: of the others, come within 2 ms of the frame they missed", stream.share_late_within(2.0), "-");
    println!("{:<62} {:>9.1} ms", "stream: of which from Rust's answer to the page, median", percentile(&stream.ipc, 0.5));
    println!("{:<62} {:>9.1} ms", "stream: of which from Rust's answer to the page, p99", percentile(&stream.ipc, 0.99));
    println!("{:<62} {:>9.1} ms", "stream: of which from the page's receipt, median", percentile(&stream.from_arrival, 0.5));
    println!("{:<62} {:>9.1} ms", "stream: of which from the page's receipt, p99", percentile(&stream.from_arrival, 0.99));
    println!("{:<62} {:>9.0} MB {:>9} MB", "memory with the stream's events kept (PSS)", stream.memory.pss_mb, "-");
    app.close().await;
}

/// Keystroke to list, from a closed list: type a letter after `query { `, wait for the list,
/// then delete it and wait for the list to close. In the page: `keydown` (capture) to the
/// animation frame that paints the list. Then Ctrl+Space, as often where the cursor rests as inside
/// a name (their samples returned apart). Also returns the completion round trips to Rust: lists
/// fetched ahead (when the cursor comes to rest where a name starts), the waits of keys typed
/// before such a list arrived, and lists a key asked for.
async fn keystroke_to_list(app: &App) -> (Vec<KeySample>, Vec<KeySample>, Vec<KeySample>, Vec<f64>, Vec<f64>, Vec<f64>) {
    // The cursor goes inside the braces, after the space: `query { |}`.
    app.set_editor_text("query { }").await;
    app.press(&[], &[Key::Left]).await;
    // CodeMirror adds the list off screen (top: -10000px) and moves it into place in its next
    // measure cycle, inside an animation frame; that frame paints it. Kept per key: the time from
    // `keydown` to when the list is placed, to the start of that frame (its `document.timeline`
    // time), and whether it is the first frame after the key (a frame requested at `keydown` has
    // the same start time).
    app.script(
        "window.__keys = { samples: [], t0: null, key: null, firstFrame: null };
         document.addEventListener('keydown', (e) => {
           __keys.t0 = performance.now(); __keys.key = e.ctrlKey ? 'Ctrl+' + e.key : e.key; __keys.firstFrame = null; __keys.created = null;
           requestAnimationFrame((start) => { if (__keys.firstFrame === null) __keys.firstFrame = start; });
         }, true);
         new MutationObserver(() => {
           if (__keys.t0 === null) return;
           const list = document.querySelector('.cm-tooltip-autocomplete');
           if (!list || !list.querySelector('li')) return;
           __keys.created ??= performance.now() - __keys.t0;
           if (list.style.top === '-10000px' || list.style.top === '') return;
           const t0 = __keys.t0, key = __keys.key, placed = performance.now() - t0;
           const frame = document.timeline.currentTime;
           const first = __keys.firstFrame === null || __keys.firstFrame === frame;
           __keys.t0 = null;
           __keys.samples.push([key, placed, frame - t0, first, __keys.created]);
           __keys.sampled?.();
         }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['style'] });
         // Answers once the list is gone, right away or when the page removes it.
         window.__listClosed = (done) => {
           if (!document.querySelector('.cm-tooltip-autocomplete')) return done(null);
           const observer = new MutationObserver(() => {
             if (document.querySelector('.cm-tooltip-autocomplete')) return;
             observer.disconnect();
             done(null);
           });
           observer.observe(document.body, { childList: true, subtree: true });
         };
         return null;",
        vec![],
    )
    .await;
    // Each starts a field of GitHub's Query type.
    let letters = ['v', 'r', 'o', 'u', 'n', 's', 'e', 'l', 't', 'm', 'c'];
    for n in 0..KEYSTROKES {
        let letter = letters[n % letters.len()];
        app.press(&[], &[Key::Escape]).await;
        app.type_at_cursor(&letter.to_string()).await;
        // Waiting happens in the page, woken by the sample itself: nothing polls while one is taken.
        // (WebDriver's script timeout is the deadline.)
        let wait = "const [wanted, done] = arguments;
                    const count = () => __keys.samples.filter(([k]) => k.length === 1).length;
                    if (count() >= wanted) return done(count());
                    __keys.sampled = () => { if (count() >= wanted) { __keys.sampled = null; done(count()); } };";
        let n_samples = app.client().execute_async(wait, vec![Value::from(n + 1)]).await.expect("waiting in the page");
        assert_eq!(n_samples.as_u64(), Some(n as u64 + 1), "no completion list after typing {letter:?}");
        app.press(&[], &[Key::Backspace]).await;
        app.client().execute_async("__listClosed(arguments[0])", vec![]).await.expect("waiting in the page");
    }
    // Ctrl+Space where the cursor rests (`query { |}`): the list fetched ahead, shown as it is.
    ctrl_space_presses(app, 0).await;
    // And inside a name (`query { v|i }`): nothing was fetched ahead, so Rust is asked.
    app.press(&[], &[Key::Escape]).await;
    app.set_editor_text("query { vi }").await;
    app.press(&[], &[Key::Left, Key::Left, Key::Left]).await;
    ctrl_space_presses(app, CTRL_SPACES).await;
    app.press(&[], &[Key::Escape]).await;
    let mut round_trips = Vec::new();
    for name in ["sextant:complete-ahead", "sextant:complete-waited", "sextant:complete"] {
        let durations = app.script("return performance.getEntriesByName(arguments[0]).map((e) => e.duration)", vec![Value::from(name)]).await;
        round_trips.push(durations.as_array().expect("measures").iter().filter_map(Value::as_f64).collect());
    }
    let samples_of = async |keys: &str| -> Vec<KeySample> {
        let samples = app
            .script(&format!("return __keys.samples.filter(([k]) => {keys}).map(([, ...sample]) => sample)"), vec![])
            .await;
        samples
            .as_array()
            .expect("samples")
            .iter()
            .filter_map(|sample| {
                Some(KeySample { placed: sample[0].as_f64()?, frame: sample[1].as_f64()?, first_frame: sample[2].as_bool()?, in_dom: sample[3].as_f64()? })
            })
            .collect()
    };
    let typed = samples_of("k.length === 1").await;
    let mut at_rest = samples_of("k === 'Ctrl+ '").await;
    let inside_a_name = at_rest.split_off(CTRL_SPACES);
    let [ahead, waited, on_key] = <[Vec<f64>; 3]>::try_from(round_trips).expect("three names");
    (typed, at_rest, inside_a_name, ahead, waited, on_key)
}

/// Presses Ctrl+Space `CTRL_SPACES` times where the cursor is, each from a closed list, and waits
/// for each list (`before` of them were taken already).
async fn ctrl_space_presses(app: &App, before: usize) {
    for n in before..before + CTRL_SPACES {
        app.press(&[], &[Key::Escape]).await;
        app.client().execute_async("__listClosed(arguments[0])", vec![]).await.expect("waiting in the page");
        app.press_ctrl(' ').await;
        let wait = "const [wanted, done] = arguments;
                    const count = () => __keys.samples.filter(([k]) => k === 'Ctrl+ ').length;
                    if (count() >= wanted) return done(count());
                    __keys.sampled = () => { if (count() >= wanted) { __keys.sampled = null; done(count()); } };";
        let n_samples = app.client().execute_async(wait, vec![Value::from(n + 1)]).await.expect("waiting in the page");
        assert_eq!(n_samples.as_u64(), Some(n as u64 + 1), "no completion list after Ctrl+Space");
    }
}

/// Types of GitHub's schema opened in the explorer: the largest (Mutation's hundreds of fields,
/// String's thousands of uses) among ordinary ones.
const EXPLORER_TYPES: [&str; 24] = [
    "Mutation", "Query", "Repository", "User", "Organization", "PullRequest", "Issue", "String", "ID", "Boolean", "DateTime",
    "URI", "Int", "Commit", "Team", "Project", "ProjectV2", "Discussion", "Release", "Gist", "Enterprise", "Sponsorship",
    "CheckRun", "Workflow",
];

/// The explorer on GitHub's schema: each type typed into its search (every key timed to the frame
/// that paints the results) and opened with Enter (timed to the frame that paints its page). Also
/// answers the most rows any page had in the DOM, to show the long lists stay virtual.
async fn explorer(app: &App) -> (Vec<f64>, Vec<f64>, u64, Vec<f64>) {
    app.click("explorer-toggle").await;
    app.wait_for("#explorer-types", harness::DEADLINE).await;
    let mut most_rows = 0;
    for (n, name) in EXPLORER_TYPES.iter().enumerate() {
        app.click("explorer-search").await;
        app.type_at_cursor(name).await;
        app.wait_until(&format!("{name} first among the results"), harness::DEADLINE, async || {
            let first = app.script("return document.querySelector('#explorer-results li .explorer-name')?.textContent ?? ''", vec![]).await;
            if first == *name { Ok(()) } else { Err(first.to_string()) }
        })
        .await;
        app.press(&[], &[Key::Enter]).await;
        app.wait_until(&format!("the page of {name}"), harness::DEADLINE, async || {
            let shown = app.script("return [document.getElementById('explorer-page')?.dataset.coordinate ?? '', performance.getEntriesByName('sextant:explorer-page').length]", vec![]).await;
            if shown[0] == *name && shown[1].as_u64() >= Some(n as u64 + 1) { Ok(()) } else { Err(shown.to_string()) }
        })
        .await;
        let rows = app.script("return document.querySelectorAll('#explorer-page li').length", vec![]).await;
        most_rows = most_rows.max(rows.as_u64().unwrap_or(0));
    }
    (
        durations(app, "sextant:explorer-page").await,
        durations(app, "sextant:explorer-search").await,
        most_rows,
        durations(app, "sextant:explorer-page-ipc").await,
    )
}

/// The value below which a share `p` of `values` lie (the nearest rank).
fn percentile(values: &[f64], p: f64) -> f64 {
    if values.is_empty() {
        return f64::NAN;
    }
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

/// The durations of the page's measures named `name`, oldest first.
async fn durations(app: &App, name: &str) -> Vec<f64> {
    let found = app.script("return performance.getEntriesByName(arguments[0]).map((e) => e.duration)", vec![Value::from(name)]).await;
    found.as_array().expect("measures").iter().filter_map(Value::as_f64).collect()
}

/// What the numbers were measured on, read off this machine.
fn machine() -> String {
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo.lines().find_map(|line| line.strip_prefix("model name")).map(|rest| rest.trim_start_matches([' ', '\t', ':']).to_owned());
    let cores = std::thread::available_parallelism().map_or(0, usize::from);
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_gib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(String::new(), |kb| format!(", {:.0} GiB", kb / 1024.0 / 1024.0));
    format!("{} × {cores} cores{memory_gib}", model.unwrap_or_else(|| "unknown CPU".to_owned()))
}

/// One key that opened the completion list.
struct KeySample {
    /// From `keydown` to the list moved into place, ms.
    placed: f64,
    /// From `keydown` to the start of the frame that paints the list, ms.
    frame: f64,
    /// Whether that frame is the first one after the key.
    first_frame: bool,
    /// From `keydown` to the list in the DOM (not yet placed): the page's own work, ms.
    in_dom: f64,
}

/// Restarts the app `LAUNCHES` times; each time, process start to the page's interactive mark.
async fn launch_times(app: &mut App) -> Vec<f64> {
    let mut launches = Vec::new();
    for _ in 0..LAUNCHES {
        let started = app.restart_timed().await;
        let interactive = app
            .wait_until("the interactive mark", Duration::from_secs(60), async || {
                match app.script("return document.documentElement.dataset.interactiveAtUnixMs ?? null", vec![]).await {
                    Value::String(at) => at.parse::<f64>().map_err(|error| error.to_string()),
                    other => Err(other.to_string()),
                }
            })
            .await;
        launches.push(interactive - started);
    }
    launches
}

/// Ten new tabs, each running a query that answers 2 MB; the app's memory with all ten kept.
async fn ten_tabs_with_2_mb_responses(app: &mut App) -> Memory {
    let server = DemoServer::start(DemoConfig::default(), "127.0.0.1:0".parse().unwrap()).await.expect("the demo server");
    for n in 0..10 {
        app.press_with(&[Key::Control], 't').await;
        steps::use_endpoint(app, &server.url()).await;
        if n == 0 {
            // Its schema first, then every answer 2 MB.
            app.wait_until("the demo schema", harness::DEADLINE, async || {
                let (source, types) = (app.text_of("schema-source").await, app.text_of("schema-types").await);
                let loaded = source.contains(&server.local_addr().to_string()) && harness::leading_number(&types).is_some_and(|n| n > 0.0);
                if loaded { Ok(()) } else { Err(format!("{source:?}, {types:?}")) }
            })
            .await;
            server.set_mode(Mode::Large { bytes: 2_000_000 });
        }
        app.set_editor_text(&format!("query Large{n} {{ projects {{ edges {{ node {{ name }} }} }} }}")).await;
        let status = steps::run_against(app, &server, Duration::from_secs(60)).await;
        assert!(status.starts_with("200"), "tab {n}: {status}");
        steps::wait_for_body_text(app, "\"", Duration::from_secs(60)).await;
    }
    let memory = memory_of_app();
    server.shutdown().await;
    memory
}

/// Run on a 20 MB response: time from the click to the first lines on screen, and the longest gap
/// between animation frames from the click until half a second after.
async fn large_response(app: &mut App) -> (f64, f64) {
    let server = DemoServer::start(DemoConfig::default(), "127.0.0.1:0".parse().unwrap()).await.expect("the demo server");
    steps::use_endpoint(app, &server.url()).await;
    app.wait_until("the demo schema", harness::DEADLINE, async || {
        let source = app.text_of("schema-source").await;
        if source.contains(&server.local_addr().to_string()) { Ok(()) } else { Err(source) }
    })
    .await;
    server.set_mode(Mode::Large { bytes: 20_000_000 });
    app.set_editor_text("{ projects { edges { node { name } } } }").await;
    app.script(
        "window.__large = { t0: performance.now(), shown: null, gap: 0, last: performance.now(), done: false };
         const frame = (now) => {
           __large.gap = Math.max(__large.gap, now - __large.last);
           __large.last = now;
           if (__large.shown !== null && now - __large.t0 > __large.shown + 500) { __large.done = true; return; }
           requestAnimationFrame(frame);
         };
         requestAnimationFrame(frame);
         const body = document.getElementById('response-body');
         new MutationObserver((_, observer) => {
           if (!body.querySelector('.json-line:not(.json-pending)')) return;
           observer.disconnect();
           requestAnimationFrame(() => { __large.shown = performance.now() - __large.t0; });
         }).observe(body, { childList: true, subtree: true });
         document.getElementById('run').click();
         return null;",
        vec![],
    )
    .await;
    let result = app
        .wait_until("the 20 MB response on screen", Duration::from_secs(60), async || {
            let state = app.script("return __large.done ? [__large.shown, __large.gap] : null", vec![]).await;
            match state.as_array() {
                Some(pair) => Ok((pair[0].as_f64().unwrap_or(f64::NAN), pair[1].as_f64().unwrap_or(f64::NAN))),
                None => Err("not yet".into()),
            }
        })
        .await;
    let size = app.text_of("response-size").await;
    assert!(size.contains("MB"), "the response pane shows {size:?}");
    server.shutdown().await;
    result
}

/// A log stream into the window: `STREAM_EVENTS` events at `STREAM_PER_SECOND` from the demo server.
const STREAM_EVENTS: u64 = 100_000;
const STREAM_PER_SECOND: u64 = 10_000;

struct StreamNumbers {
    events: u64,
    seconds: f64,
    longest_gap: f64,
    latencies: Vec<f64>,
    /// The same batches from their arrival in the page (after the IPC) to their painting frame.
    from_arrival: Vec<f64>,
    /// The same batches from Rust's answer to their arrival in the page.
    ipc: Vec<f64>,
    /// The same batches from the socket to the start of the next frame: the least any client shows.
    to_next_frame: Vec<f64>,
    /// For each batch, the frames that started after its socket and did not paint it.
    frames_passed: Vec<u64>,
    /// For each batch a frame passed by: how long before that frame's start its socket was (a
    /// batch that came in the frame's last millisecond or two could not be in it: no client gets
    /// an event from its socket into a page that fast).
    late_lead: Vec<f64>,
    memory: Memory,
}

impl StreamNumbers {
    /// The share of batches, in percent, painted after as many frames had passed them by as `wanted` says.
    fn share_painted(&self, wanted: impl Fn(u64) -> bool) -> f64 {
        100.0 * self.frames_passed.iter().filter(|&&passed| wanted(passed)).count() as f64 / self.frames_passed.len() as f64
    }

    /// The share of batches a frame passed by, in percent, that had come at most `ms` before its start.
    fn share_late_within(&self, ms: f64) -> f64 {
        100.0 * self.late_lead.iter().filter(|&&lead| lead <= ms).count() as f64 / self.late_lead.len().max(1) as f64
    }
}

/// Run on Railway's `deploymentLogs` in a new tab, the demo server sending 10,000 events a second
/// for 10 seconds: the frames meanwhile (their longest gap), each batch from the socket to the frame
/// that paints it, and the app's memory with the events kept.
async fn stream_into_window(app: &mut App) -> StreamNumbers {
    let server = DemoServer::start(DemoConfig::default(), "127.0.0.1:0".parse().unwrap()).await.expect("the demo server");
    app.press_with(&[Key::Control], 't').await;
    steps::use_endpoint(app, &server.url()).await;
    app.wait_until("the demo schema", harness::DEADLINE, async || {
        let source = app.text_of("schema-source").await;
        if source.contains(&server.local_addr().to_string()) { Ok(()) } else { Err(source) }
    })
    .await;
    server.set_mode(Mode::SteadyStream { events: STREAM_EVENTS, per_second: STREAM_PER_SECOND });
    app.set_editor_text(r#"subscription Logs { deploymentLogs(deploymentId: "d0000001-aaaa-4bbb-8ccc-000000000001") { message severity timestamp } }"#)
        .await;
    app.script(
        "window.__stream = { t0: performance.now(), gap: 0, last: performance.now(), done: false, frames: [] };
         const frame = (now) => {
           __stream.gap = Math.max(__stream.gap, now - __stream.last);
           __stream.last = now;
           __stream.frames.push(now);
           if (!__stream.done) requestAnimationFrame(frame);
         };
         requestAnimationFrame(frame);
         document.getElementById('run').click();
         return null;",
        vec![],
    )
    .await;
    // The count as the locale writes it, separators or not.
    let wanted = format!("{STREAM_EVENTS} events");
    app.wait_until("the whole stream shown", Duration::from_secs(120), async || {
        let status = app.script("return document.getElementById('stream-status')?.textContent ?? ''", vec![]).await;
        let status = status.as_str().unwrap_or_default().replace([',', '.', '\u{a0}', '\u{202f}'], "");
        if status.contains("completed") && status.contains(&wanted) { Ok(()) } else { Err(status) }
    })
    .await;
    let done = app.script("__stream.done = true; return [__stream.gap, (performance.now() - __stream.t0) / 1000]", vec![]).await;
    let latencies = app.script("return performance.getEntriesByName('sextant:stream-event').map((e) => e.duration)", vec![]).await;
    let from_arrival = app.script("return performance.getEntriesByName('sextant:stream-arrived').map((e) => e.duration)", vec![]).await;
    let ipc = app.script("return performance.getEntriesByName('sextant:stream-ipc').map((e) => e.duration)", vec![]).await;
    // Each batch against the frames: how long from its socket to the next frame's start (what a
    // client with no delay of its own would score), and how many frames began before the one that
    // painted it (0: painted by the next frame, "within one frame").
    let against_frames = app
        .script(
            "return performance.getEntriesByName('sextant:stream-event').map((batch) => {
               const painted = batch.startTime + batch.duration;
               const next = __stream.frames.find((start) => start > batch.startTime);
               // (Frame times are whole milliseconds here: the painting frame itself is not counted.)
               const before = __stream.frames.filter((start) => start > batch.startTime && start < painted - 0.5).length;
               return [next === undefined ? null : next - batch.startTime, before];
             })",
            vec![],
        )
        .await;
    let against_frames = against_frames.as_array().expect("batches");
    let memory = memory_of_app();
    server.shutdown().await;
    StreamNumbers {
        to_next_frame: against_frames.iter().filter_map(|batch| batch[0].as_f64()).collect(),
        frames_passed: against_frames.iter().filter_map(|batch| batch[1].as_u64()).collect(),
        late_lead: against_frames.iter().filter(|batch| batch[1].as_u64() > Some(0)).filter_map(|batch| batch[0].as_f64()).collect(),
        events: STREAM_EVENTS,
        seconds: done[1].as_f64().unwrap_or(f64::NAN),
        longest_gap: done[0].as_f64().unwrap_or(f64::NAN),
        latencies: latencies.as_array().expect("measures").iter().filter_map(Value::as_f64).collect(),
        from_arrival: from_arrival.as_array().expect("measures").iter().filter_map(Value::as_f64).collect(),
        ipc: ipc.as_array().expect("measures").iter().filter_map(Value::as_f64).collect(),
        memory,
    }
}

struct Memory {
    pss_mb: f64,
    rss_mb: f64,
    processes: Vec<(String, f64)>,
}

/// The app's process and the WebKit processes it started, from /proc.
fn memory_of_app() -> Memory {
    let processes: Vec<(u32, u32, String)> = std::fs::read_dir("/proc")
        .unwrap()
        .flatten()
        .filter_map(|entry| {
            let pid: u32 = entry.file_name().to_str()?.parse().ok()?;
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            let name = stat[stat.find('(')? + 1..stat.rfind(')')?].to_owned();
            let parent: u32 = stat[stat.rfind(')')? + 2..].split(' ').nth(1)?.parse().ok()?;
            Some((pid, parent, name))
        })
        .collect();
    let apps: Vec<u32> = processes.iter().filter(|(_, _, name)| name == "sextant-app").map(|(pid, _, _)| *pid).collect();
    assert_eq!(apps.len(), 1, "one app runs: {apps:?}");
    let ours: Vec<&(u32, u32, String)> =
        processes.iter().filter(|(pid, parent, _)| *pid == apps[0] || *parent == apps[0]).collect();
    let field = |pid: u32, file: &str, name: &str| -> f64 {
        std::fs::read_to_string(format!("/proc/{pid}/{file}"))
            .unwrap_or_default()
            .lines()
            .find(|line| line.starts_with(name))
            .and_then(|line| line.split_whitespace().nth(1)?.parse::<f64>().ok())
            .unwrap_or(0.0)
            / 1024.0
    };
    let processes: Vec<(String, f64)> =
        ours.iter().map(|(pid, _, name)| (format!("{name} [{pid}]"), field(*pid, "smaps_rollup", "Pss:"))).collect();
    Memory {
        pss_mb: processes.iter().map(|(_, mb)| mb).sum(),
        rss_mb: ours.iter().map(|(pid, _, _)| field(*pid, "status", "VmRSS:")).sum(),
        processes,
    }
}

/// An HTTP server on loopback that answers every request with GitHub's introspection response.
async fn serve_introspection(body: Vec<u8>) -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/graphql", listener.local_addr().unwrap());
    let body = std::sync::Arc::new(body);
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            let body = body.clone();
            tokio::spawn(async move {
                // Read the request's head and its body (the introspection query), then answer.
                let mut request = Vec::new();
                let mut buffer = [0u8; 16 * 1024];
                loop {
                    let Ok(n) = stream.read(&mut buffer).await else { return };
                    if n == 0 { return }
                    request.extend_from_slice(&buffer[..n]);
                    let text = String::from_utf8_lossy(&request);
                    if let Some(head_end) = text.find("\r\n\r\n") {
                        let length = text[..head_end]
                            .lines()
                            .find_map(|line| line.to_ascii_lowercase().strip_prefix("content-length:").map(|v| v.trim().parse::<usize>().unwrap_or(0)))
                            .unwrap_or(0);
                        if request.len() >= head_end + 4 + length { break }
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
            });
        }
    });
    url
}
