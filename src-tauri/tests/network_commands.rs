//! The network commands through IPC against the demo server on loopback, with the real
//! Secret Service (run under `scripts/with-keyring`): what Run answers, how a response's lines
//! are served, the rate-limit panel and its gate, and token profiles that never answer a token.

mod support;

use std::time::Duration;

use demo_server::{DemoConfig, DemoServer};
use serde_json::{Value, json};
use support::{Page, TestApp, app, private_keyring};

fn demo(config: DemoConfig) -> DemoServer {
    tauri::async_runtime::block_on(DemoServer::start(config, "127.0.0.1:0".parse().unwrap())).expect("the demo server starts")
}

const PROJECTS: &str = "{ projects { edges { node { name } } } }";

impl TestApp {
    fn run(&self, endpoint: &str, profile: Option<&str>, document: &str, override_rate_limit: bool) -> Result<Value, Value> {
        self.run_in("first-tab", endpoint, profile, document, override_rate_limit)
    }

    fn run_in(&self, tab: &str, endpoint: &str, profile: Option<&str>, document: &str, override_rate_limit: bool) -> Result<Value, Value> {
        self.invoke(
            "run",
            json!({"request": {
                "tab": tab, "endpoint": endpoint, "profile": profile, "document": document, "cursorUtf16": 0, "operationName": null,
                "variablesJson": "", "headersJson": "{}", "overrideRateLimit": override_rate_limit,
            }}),
        )
    }

    fn lines(&self, result: &Value, from: u32, to: u32) -> Vec<String> {
        let lines = self
            .invoke("response_lines", json!({"request": {"responseId": result["responseId"], "from": from, "to": to}}))
            .expect("lines are served");
        serde_json::from_value(lines).unwrap()
    }
}

#[test]
fn run_answers_status_timing_and_rate_limit_and_serves_the_body_by_lines() {
    let server = demo(DemoConfig::default());
    let app = app();
    let first = app.run(&server.url(), None, PROJECTS, false).expect("run answers");
    let outcome = &first["outcome"];
    assert_eq!((&outcome["kind"], &outcome["status"]), (&json!("response"), &json!(200)), "{first}");
    assert!(outcome["elapsedMs"].as_f64().unwrap() > 0.0);
    assert_eq!(outcome["errors"], json!([]));
    let line_count = outcome["lineCount"].as_u64().unwrap() as u32;
    let lines = app.lines(&first, 0, line_count + 10);
    assert_eq!(lines.len() as u32, line_count);
    assert_eq!(lines[..2], ["{", "  \"data\": {"]);
    assert!(lines.iter().any(|line| line.contains("\"name\": ")), "{lines:?}");

    let rate = &first["rateLimit"];
    assert_eq!((&rate["limit"], &rate["remaining"], &rate["gate"]), (&json!(1000.0), &json!(999.0), &json!({"kind": "open"})));
    let second = app.run(&server.url(), None, PROJECTS, false).unwrap();
    assert_eq!(second["rateLimit"]["remaining"], json!(998.0));
    assert_eq!(second["rateLimit"]["recent"].as_array().unwrap().len(), 2, "newest first, each with what it left");
    assert_eq!(second["rateLimit"]["recent"][0]["remaining"], json!(998.0));
    assert!(app.lines(&first, 0, 5).is_empty(), "an older response's lines are not served");
    let find = |result: &Value, query: &str, limit: u32| {
        app.invoke("response_find", json!({"request": {"responseId": result["responseId"], "query": query, "limit": limit}})).unwrap()
    };
    let found = find(&second, "NAME", 100);
    let lines = app.lines(&second, 0, 1000);
    let expected: Vec<usize> = (0..lines.len()).filter(|&at| lines[at].to_lowercase().contains("name")).collect();
    assert!(!expected.is_empty());
    assert_eq!(found, json!({"lines": expected, "more": false}), "Find ignores case and answers line numbers");
    assert_eq!(find(&second, "name", 1), json!({"lines": [expected[0]], "more": true}));
    assert_eq!(find(&first, "name", 100), json!({"lines": [], "more": false}), "nothing of a response no longer kept");

    let panel = app.invoke("rate_limit", json!({"request": {"endpoint": server.url(), "profile": null, "headersJson": ""}})).unwrap();
    assert_eq!(panel["remaining"], json!(998.0));
}

/// Each tab has its own last response: a Run in one tab leaves the other's lines served, and a
/// closed tab's response goes.
#[test]
fn each_tab_keeps_its_own_response_until_it_closes() {
    let server = demo(DemoConfig::default());
    let app = app();
    let me = app.run_in("a", &server.url(), None, "{ me { email } }", false).expect("run answers");
    let projects = app.run_in("b", &server.url(), None, PROJECTS, false).expect("run answers");
    assert!(app.lines(&me, 0, 100).join("\n").contains("\"email\""), "tab a's response is still served");
    assert!(app.lines(&projects, 0, 100).join("\n").contains("\"projects\""));
    let kept = |result: &Value| app.invoke("response_kept", json!({"request": {"responseId": result["responseId"], "from": 0, "to": 0}})).unwrap();
    assert_eq!(kept(&me), json!(true));
    let tab = json!({"id": "a", "title": null, "document": "", "variables": "", "endpoint": {"kind": "demo"}, "profile": null, "headers": []});
    app.invoke("tab_insert", json!({"request": {"tab": tab, "position": 0}})).expect("the tab is saved");
    app.invoke("tab_close", json!({"request": {"tab": "a"}})).expect("the tab closes");
    assert_eq!(kept(&me), json!(false), "a closed tab's response goes");
    assert_eq!(kept(&projects), json!(true));
}

/// Run sends the operation the cursor is in, else the picker's; with several operations and
/// neither, it says so instead of sending a document the server cannot run.
#[test]
fn run_sends_the_operation_under_the_cursor_else_the_chosen_one() {
    let server = demo(DemoConfig::default());
    let app = app();
    let document = "query Me { me { email } }\nquery Projects { projects { edges { node { name } } } }\n";
    let run = |cursor: usize, chosen: Option<&str>| {
        app.invoke(
            "run",
            json!({"request": {
                "tab": "first-tab", "endpoint": server.url(), "profile": null, "document": document, "cursorUtf16": cursor, "operationName": chosen,
                "variablesJson": "", "headersJson": "{}", "overrideRateLimit": false,
            }}),
        )
    };
    let body = |result: &Value| app.lines(result, 0, 100).join("\n");
    let in_projects = document.find("projects {").unwrap();
    let after_both = document.len();
    let cases = [(in_projects, Some("Me"), "\"projects\""), (5, Some("Projects"), "\"me\""), (after_both, Some("Me"), "\"me\"")];
    for (cursor, chosen, expected) in cases {
        let result = run(cursor, chosen).expect("run answers");
        assert!(body(&result).contains(expected), "cursor {cursor}, chosen {chosen:?}: {}", body(&result));
    }
    let refused = run(after_both, None).expect_err("no operation to run");
    assert_eq!(refused["kind"], json!("noOperationChosen"), "{refused}");
}

#[test]
fn graphql_errors_come_apart_from_data_and_a_refused_connection_is_a_failure() {
    let server = demo(DemoConfig::default());
    let app = app();
    let result = app.run(&server.url(), None, "{ project(id: \"missing\") { name } }", false).unwrap();
    let errors = result["outcome"]["errors"].as_array().unwrap();
    assert_eq!(errors.len(), 1, "{result}");
    assert!(!app.lines(&result, 0, 100).join("\n").contains("\"errors\""), "errors are listed apart");

    let url = server.url();
    tauri::async_runtime::block_on(server.shutdown());
    let mut failed = app.run(&url, None, PROJECTS, false).unwrap();
    assert_eq!(failed["outcome"]["kind"], json!("failure"), "{failed}");
    // The client may not yet have noticed that the connection it kept from the last request was
    // closed by the server going away (on a loaded machine): that request says the connection
    // broke, and the next one finds nobody there.
    if failed["outcome"]["message"].as_str().unwrap().contains("connection broke") {
        failed = app.run(&url, None, PROJECTS, false).unwrap();
    }
    assert!(failed["outcome"]["message"].as_str().unwrap().to_lowercase().contains("reach"), "{failed}");
}

#[test]
fn a_used_up_budget_and_retry_after_send_nothing_unless_overridden() {
    let server = demo(DemoConfig { budget: 1, window: Duration::from_secs(600), ..DemoConfig::default() });
    let app = app();
    let last = app.run(&server.url(), None, PROJECTS, false).unwrap();
    assert_eq!(last["rateLimit"]["remaining"], json!(0.0));
    assert_eq!(last["rateLimit"]["gate"]["reason"], json!("budgetUsedUp"), "{last}");

    let refused = app.run(&server.url(), None, PROJECTS, false).unwrap_err();
    assert_eq!(refused["kind"], json!("rateLimited"), "{refused}");
    assert!(refused["untilUnixMs"].as_f64().unwrap() > 0.0);
    assert_eq!(server.request_count(), 1, "nothing reached the server");

    let overridden = app.run(&server.url(), None, PROJECTS, true).unwrap();
    assert_eq!(overridden["outcome"]["status"], json!(429));
    assert_eq!(overridden["rateLimit"]["gate"]["kind"], json!("closed"), "{overridden}");
    assert!(overridden["rateLimit"]["retryAfterUntilUnixMs"].as_f64().is_some(), "the 429's Retry-After is kept: {overridden}");
    assert_eq!(server.request_count(), 2);
    assert_eq!(app.run(&server.url(), None, PROJECTS, false).unwrap_err()["kind"], json!("rateLimited"));
    assert_eq!(server.request_count(), 2, "nothing reached the server while Retry-After is in force");
}

#[test]
fn a_profile_token_goes_to_the_keychain_and_never_comes_back() {
    private_keyring();
    let token = "sentinel-app-3f9c1e";
    let server = demo(DemoConfig { require_token: true, bearer_tokens: vec![token.into()], ..DemoConfig::default() });
    let app = app();
    let name = format!("app-test-{}", std::process::id());
    let mut answers = Vec::new();

    let saved = app
        .invoke("save_profile", json!({"request": {
            "name": name, "endpoint": server.url(), "auth": "bearer", "headerName": null, "token": token,
        }}))
        .expect("the profile is saved");
    assert_eq!(saved, json!({"name": name, "origin": server.origin(), "auth": "bearer", "headerName": "Authorization", "warning": null}));
    answers.push(saved);
    answers.push(app.invoke("endpoint_profiles", json!({"request": {"endpoint": server.url()}})).unwrap());
    let stored = app.invoke("token_stored", json!({"request": {"name": name}})).unwrap();
    assert_eq!(stored, json!(true));

    let unauthorized = app.run(&server.url(), None, PROJECTS, false).unwrap();
    assert_eq!(unauthorized["outcome"]["status"], json!(401));
    let authorized = app.run(&server.url(), Some(&name), PROJECTS, false).unwrap();
    assert_eq!(authorized["outcome"]["status"], json!(200), "{authorized}");
    assert!(server.requests().last().unwrap().carries("authorization", &format!("Bearer {token}")));
    answers.push(authorized);

    let elsewhere = demo(DemoConfig::default());
    let refused = app.run(&elsewhere.url(), Some(&name), PROJECTS, false).unwrap_err();
    assert_eq!(refused["kind"], json!("profile"), "{refused}");
    assert_eq!(elsewhere.request_count(), 0, "the token is not sent to another origin");
    answers.push(refused);

    for answer in &answers {
        assert!(!answer.to_string().contains(token), "an answer holds the token: {answer}");
    }
    for file in walk(app.home.path()) {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!bytes.windows(token.len()).any(|window| window == token.as_bytes()), "{} holds the token", file.display());
    }

    app.invoke("remove_profile", json!({"request": {"name": name}})).expect("the profile is removed");
    assert_eq!(profiles_for(&app, &server.url())["profiles"], json!([]));
    assert_eq!(keychain_items(&app), 0, "the token left the keychain with its profile");
}

fn profiles_for(app: &TestApp, endpoint: &str) -> Value {
    app.invoke("endpoint_profiles", json!({"request": {"endpoint": endpoint}})).expect("the endpoint's profiles")
}

fn save_profile(app: &TestApp, name: &str, endpoint: &str, auth: &str, header: Option<&str>, token: &str) -> Result<Value, Value> {
    app.invoke("save_profile", json!({"request": {"name": name, "endpoint": endpoint, "auth": auth, "headerName": header, "token": token}}))
}

/// How many keychain items hold this app's tokens, as `secret-tool` (a libsecret client of its own) sees them.
fn keychain_items(app: &TestApp) -> usize {
    let output = std::process::Command::new("secret-tool")
        .args(["search", "--all", "service", &app.keychain_service])
        .output()
        .expect("secret-tool runs (Debian package libsecret-tools)");
    String::from_utf8_lossy(&output.stderr).lines().chain(String::from_utf8_lossy(&output.stdout).lines()).filter(|line| line.starts_with("[/")).count()
}

/// Regression: the page compared origins with `new URL(u).origin` (`https://host`) while profiles
/// were stored as `https://host:443`, so a profile for a public API was never listed for it.
#[test]
fn a_profile_on_a_default_port_origin_is_listed_for_its_endpoint() {
    private_keyring();
    let app = app();
    let saved = save_profile(&app, "railway", "https://backboard.railway.com/graphql/v2", "bearer", None, "sentinel-default-port").unwrap();
    assert_eq!(saved["origin"], json!("https://backboard.railway.com"));
    // (endpoint as typed, origin answered, profile listed?)
    let cases = [
        ("https://backboard.railway.com/graphql/v2", "https://backboard.railway.com", true),
        ("https://backboard.railway.com:443/graphql/v2", "https://backboard.railway.com", true),
        ("HTTPS://Backboard.Railway.COM./graphql/v2", "https://backboard.railway.com", true),
        ("http://backboard.railway.com/graphql/v2", "http://backboard.railway.com", false),
        ("https://backboard.railway.com:8443/graphql/v2", "https://backboard.railway.com:8443", false),
        ("https://api.railway.app/graphql/v2", "https://api.railway.app", false),
    ];
    for (endpoint, origin, listed) in cases {
        let answer = profiles_for(&app, endpoint);
        assert_eq!(answer["origin"], json!(origin), "{endpoint}");
        let names: Vec<&str> = answer["profiles"].as_array().unwrap().iter().map(|p| p["name"].as_str().unwrap()).collect();
        assert_eq!(names == ["railway"], listed, "{endpoint}: {names:?}");
    }
    let plain = profiles_for(&app, "http://api.example.com/graphql");
    assert!(plain["tokenWarning"].as_str().unwrap().contains("plain http"), "{plain}");
    assert_eq!(profiles_for(&app, "http://127.0.0.1:4000/graphql")["tokenWarning"], json!(null));
}

/// Regression: saving a token under an existing profile's name from another endpoint replaced that
/// profile's token, which then went to its origin.
#[test]
fn saving_a_profile_under_an_existing_name_for_another_origin_is_refused_and_keeps_its_token() {
    private_keyring();
    let first_token = "sentinel-first-origin";
    let server = demo(DemoConfig { require_token: true, bearer_tokens: vec![first_token.into()], ..DemoConfig::default() });
    let other = demo(DemoConfig::default());
    let app = app();
    save_profile(&app, "work", &server.url(), "bearer", None, first_token).expect("saved");
    // (endpoint, auth, header name): each refused
    let cases = [
        (other.url(), "bearer", None),
        (server.url(), "header", Some("Project-Access-Token")),
        ("https://backboard.railway.com/graphql/v2".to_string(), "header", Some("X-Api-Key")),
    ];
    for (endpoint, auth, header) in cases {
        let refused = save_profile(&app, "work", &endpoint, auth, header, "sentinel-other-token").unwrap_err();
        assert_eq!(refused["kind"], json!("profile"), "{refused}");
        assert!(refused["message"].as_str().unwrap().contains("already a profile named \"work\""), "{refused}");
    }
    // The same binding replaces the token, as Token… on the chosen profile does.
    save_profile(&app, "work", &server.url(), "bearer", None, first_token).expect("a new token for the same binding");
    let sent = app.run(&server.url(), Some("work"), PROJECTS, false).unwrap();
    assert_eq!(sent["outcome"]["status"], json!(200), "the first token is still the profile's: {sent}");
    assert!(server.requests().last().unwrap().carries("authorization", &format!("Bearer {first_token}")));
    assert_eq!(keychain_items(&app), 1);
}

/// Regression: a 401 to introspection said "introspection is disabled: load the schema from a
/// file", sending a new user to the wrong fix.
#[test]
fn a_refused_introspection_says_to_add_a_token_not_to_load_a_file() {
    let server = demo(DemoConfig { require_token: true, bearer_tokens: vec!["t".into()], ..DemoConfig::default() });
    let app = app();
    let error = fetch(&app, &server.url(), None, false, false).unwrap_err();
    assert_eq!((&error["kind"], &error["reason"]), (&json!("schemaFetch"), &json!("unauthorized")), "{error}");
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("401") && message.contains("none was sent") && message.contains("token profile"), "{message}");
    assert!(!message.contains("introspection is disabled"), "{message}");
}

/// Regression: a Retry-After or a used-up budget also held back Refresh schema, with no way to
/// override it as Run has.
#[test]
fn a_schema_refresh_overrides_the_rate_limit_when_asked() {
    let server = demo(DemoConfig { budget: 1, window: Duration::from_secs(3600), ..DemoConfig::default() });
    let app = app();
    fetch(&app, &server.url(), None, true, false).expect("the first introspection");
    let refused = fetch(&app, &server.url(), None, true, false).unwrap_err();
    assert_eq!(refused["kind"], json!("rateLimited"), "{refused}");
    assert_eq!(server.request_count(), 1);
    server.end_window();
    let overridden = fetch(&app, &server.url(), None, true, true).expect("an explicit override goes out");
    assert_eq!(overridden["source"]["fromCache"], json!(false));
    assert_eq!(server.request_count(), 2);
}

fn fetch(app: &TestApp, endpoint: &str, profile: Option<&str>, refresh: bool, override_rate_limit: bool) -> Result<Value, Value> {
    fetch_in(app, "first-tab", endpoint, profile, refresh, override_rate_limit)
}

fn fetch_in(app: &TestApp, tab: &str, endpoint: &str, profile: Option<&str>, refresh: bool, override_rate_limit: bool) -> Result<Value, Value> {
    fetch_from(&app.page(), tab, endpoint, profile, refresh, override_rate_limit)
}

fn fetch_from(page: &Page, tab: &str, endpoint: &str, profile: Option<&str>, refresh: bool, override_rate_limit: bool) -> Result<Value, Value> {
    page.invoke(
        "fetch_schema",
        json!({"request": {
            "tab": tab, "endpoint": endpoint, "profile": profile, "headersJson": "", "refresh": refresh, "overrideRateLimit": override_rate_limit,
        }}),
    )
}

/// Issue 10: a schema fetch belongs to its tab. Another tab's fetch neither cancels it (its
/// request is paid for: it fills the cache) nor lets it replace the schema the front tab uses, and
/// the tab coming forward again waits for it rather than introspecting a second time.
#[test]
fn a_tabs_schema_fetch_goes_on_behind_another_tab_and_is_not_paid_for_twice() {
    let slow = demo(DemoConfig { mode: demo_server::Mode::Slow { delay_ms: 1500 }, ..DemoConfig::default() });
    let quick = demo(DemoConfig::default());
    let app = app();
    let source = |app: &TestApp| app.invoke("schema_status", json!({})).unwrap()["source"]["url"].clone();
    std::thread::scope(|scope| {
        // Tab A asks for the slow endpoint's schema; tab B comes forward on another endpoint meanwhile.
        let (page, url) = (app.page(), slow.url());
        let behind = scope.spawn(move || fetch_from(&page, "a", &url, None, false, false));
        tauri::async_runtime::block_on(slow.wait_for_requests(1));
        fetch_in(&app, "b", &quick.url(), None, false, false).expect("the front tab's schema");
        let error = behind.join().unwrap().expect_err("a fetch for a tab behind does not become current");
        assert_eq!(error["kind"], json!("schemaFetchCancelled"), "{error}");
        assert_eq!(source(&app), json!(quick.url()), "the front tab's schema is the one in use");
    });
    let cached = fetch_in(&app, "b", &slow.url(), None, false, false).expect("from the cache");
    assert_eq!(cached["source"]["fromCache"], json!(true), "{cached}");
    assert_eq!(slow.request_count(), 1, "the introspection that went on filled the cache");

    let slower = demo(DemoConfig { mode: demo_server::Mode::Slow { delay_ms: 1500 }, ..DemoConfig::default() });
    std::thread::scope(|scope| {
        // Tab A fetches; tab B is in front for a moment; A comes forward again while its fetch runs.
        let (page, url) = (app.page(), slower.url());
        let first = scope.spawn(move || fetch_from(&page, "a", &url, None, false, false));
        tauri::async_runtime::block_on(slower.wait_for_requests(1));
        let again = fetch_in(&app, "a", &slower.url(), None, false, false).expect("the schema, once the fetch before is over");
        assert_eq!(again["source"]["fromCache"], json!(true), "{again}");
        assert_eq!(first.join().unwrap().expect("the first fetch")["source"]["fromCache"], json!(false));
    });
    assert_eq!(slower.request_count(), 1, "one introspection");
    assert_eq!(source(&app), json!(slower.url()));

    // Cancel stops the tab's own fetch only.
    let slowest = demo(DemoConfig { mode: demo_server::Mode::Slow { delay_ms: 60_000 }, ..DemoConfig::default() });
    std::thread::scope(|scope| {
        let (page_a, page_b, url_a, url_b) = (app.page(), app.page(), slowest.url(), slowest.url());
        let cancelled = scope.spawn(move || fetch_from(&page_a, "a", &url_a, None, false, false));
        let other = scope.spawn(move || fetch_from(&page_b, "b", &url_b, None, false, false));
        tauri::async_runtime::block_on(slowest.wait_for_requests(2));
        app.invoke("cancel_schema_fetch", json!({"request": {"tab": "a"}})).unwrap();
        assert_eq!(cancelled.join().unwrap().unwrap_err()["kind"], json!("schemaFetchCancelled"));
        assert!(!other.is_finished(), "the other tab's fetch goes on");
        app.invoke("cancel_schema_fetch", json!({"request": {"tab": "b"}})).unwrap();
        assert_eq!(other.join().unwrap().unwrap_err()["kind"], json!("schemaFetchCancelled"));
    });
}

/// Issue 11: a refresh that brings a different schema says how it changed, and lists the changes.
#[test]
fn a_refresh_says_how_the_schema_changed() {
    let server = demo(DemoConfig::default());
    let app = app();
    let first = fetch(&app, &server.url(), None, false, false).unwrap();
    assert_eq!(first["changes"], Value::Null, "nothing to compare the first schema with");
    let same = fetch(&app, &server.url(), None, true, false).unwrap();
    assert_eq!((&same["changes"]["breaking"], &same["changes"]["safe"]), (&json!(0), &json!(0)), "{same}");

    server.set_mode(demo_server::Mode::NextSchema);
    let next = fetch(&app, &server.url(), None, true, false).unwrap();
    let summary = &next["changes"];
    assert_eq!((&summary["breaking"], &summary["dangerous"], &summary["safe"]), (&json!(2), &json!(0), &json!(2)), "{next}");
    let changes = app.invoke("schema_changes", json!({})).unwrap();
    let listed: Vec<(&str, &str)> = changes
        .as_array()
        .unwrap()
        .iter()
        .map(|change| (change["criticality"].as_str().unwrap(), change["coordinate"].as_str().unwrap_or("")))
        .collect();
    for expected in [("breaking", "Project.description"), ("breaking", "User.avatar"), ("safe", "Project.summary"), ("safe", "Project.archived")] {
        assert!(listed.contains(&expected), "{expected:?} in {listed:?}");
    }
    // From the cache again: no comparison, no changes said.
    let cached = fetch(&app, &server.url(), None, false, false).unwrap();
    assert_eq!((&cached["source"]["fromCache"], &cached["changes"]), (&json!(true), &Value::Null));

    // The schema the refresh replaced is kept: "Compare with…" it gives the same changes; the
    // first schema fetched again is a version too, and the same as the one kept.
    let target = json!({"endpoint": server.url(), "profile": null, "headersJson": ""});
    let versions = app.invoke("schema_versions", json!({"request": target})).unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 1, "{versions}");
    let compare = |id: &Value| {
        let mut request = target.clone();
        request["id"] = id.clone();
        app.invoke("compare_schema_version", json!({"request": request}))
    };
    assert_eq!(compare(&versions[0]["id"]).unwrap(), changes);
    server.set_mode(demo_server::Mode::Normal);
    fetch(&app, &server.url(), None, true, false).unwrap();
    let versions = app.invoke("schema_versions", json!({"request": target})).unwrap();
    assert_eq!(versions.as_array().unwrap().len(), 2, "{versions}");
    assert_eq!(compare(&versions[1]["id"]).unwrap(), json!([]), "the oldest version is the schema in use again");
    let gone = compare(&json!("1-0000000000000000")).unwrap_err();
    assert_eq!(gone["kind"], json!("notFound"), "{gone}");
}

/// Regression: `data` nested thousands deep laid out into gigabytes. The pane gets bounded lines and
/// says why.
#[test]
fn a_deeply_nested_response_is_shown_within_bounds() {
    let server = demo(DemoConfig { mode: demo_server::Mode::Nested { depth: 20_000 }, ..DemoConfig::default() });
    let app = app();
    let result = app.run(&server.url(), None, PROJECTS, false).unwrap();
    let outcome = &result["outcome"];
    assert_eq!(outcome["status"], json!(200), "{result}");
    assert!(outcome["layoutNote"].as_str().unwrap().starts_with("Shown as the server sent it"), "{result}");
    let lines = app.lines(&result, 0, 1000);
    assert!(lines.iter().all(|line| line.len() <= sextant_app::response_view::MAX_SHOWN_LINE_BYTES), "long lines are cut for display");
    let copied = app.invoke("response_text", json!({"request": {"responseId": result["responseId"], "from": 0, "to": 0}})).unwrap();
    assert!(copied.as_str().unwrap().len() >= 40_000, "Copy response has the whole body");
}

#[test]
fn a_profile_without_a_token_or_header_name_is_refused_with_what_to_do() {
    let app = app();
    let save = |auth: &str, header: Value, token: &str| {
        app.invoke("save_profile", json!({"request": {
            "name": "p", "endpoint": "https://backboard.railway.com/graphql/v2", "auth": auth, "headerName": header, "token": token,
        }}))
    };
    assert!(save("bearer", Value::Null, "").unwrap_err()["message"].as_str().unwrap().contains("Type the token"));
    assert!(save("header", json!(" "), "t").unwrap_err()["message"].as_str().unwrap().contains("Project-Access-Token"));
    assert_eq!(profiles_for(&app, "https://backboard.railway.com/graphql/v2")["profiles"], json!([]));
}

#[test]
fn the_demo_endpoint_starts_once_and_its_schema_comes_from_the_cache_the_second_time() {
    let app = app();
    let url = app.invoke("demo_endpoint", json!({})).expect("the demo endpoint starts");
    assert_eq!(app.invoke("demo_endpoint", json!({})).unwrap(), url, "the same server");
    let url = url.as_str().unwrap();
    let fetched = fetch(&app, url, None, false, false).unwrap();
    assert_eq!(fetched["source"]["fromCache"], json!(false), "{fetched}");
    assert_eq!(fetch(&app, url, None, false, false).unwrap()["source"]["fromCache"], json!(true));
    assert_eq!(fetch(&app, url, None, true, false).unwrap()["source"]["fromCache"], json!(false), "Refresh introspects again");
    let completions = app.complete("{ pro", 5);
    let labels: Vec<&str> = completions["items"].as_array().unwrap().iter().map(|item| item["label"].as_str().unwrap()).collect();
    let mut best_two = labels[..2].to_vec();
    best_two.sort();
    assert_eq!(best_two, ["project", "projects"], "{labels:?}");
}

#[test]
fn a_server_with_introspection_off_says_to_load_a_file() {
    let server = demo(DemoConfig { mode: demo_server::Mode::IntrospectionDisabled, ..DemoConfig::default() });
    let app = app();
    let error = fetch(&app, &server.url(), None, false, false).unwrap_err();
    assert_eq!((&error["kind"], &error["reason"]), (&json!("schemaFetch"), &json!("introspectionDisabled")), "{error}");
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.is_dir() { files.extend(walk(&path)) } else { files.push(path) }
    }
    files
}

/// Issue 12: every run of the window is in the history, the Demo API's as the Demo API (its URL
/// changes between starts); favourites, forgetting and the retention.
#[test]
fn runs_are_kept_in_the_history_and_found_again() {
    let server = demo(DemoConfig::default());
    let app = app();
    let demo_url = app.invoke("demo_endpoint", json!({})).unwrap();
    app.run(demo_url.as_str().unwrap(), None, "query Me { me { name } }", false).unwrap();
    app.run(&server.url(), None, "{ projects { edges { node { name } } } }", false).unwrap();
    app.run(&server.url(), None, "{ nothing }", false).unwrap();
    let search = |text: &str, outcome: &str| {
        let page = app
            .invoke("history_search", json!({"request": {"text": text, "endpoint": null, "outcome": outcome, "favouritesOnly": false, "limit": 50, "before": null}}))
            .expect("the history answers");
        page["entries"].as_array().unwrap().clone()
    };
    let all = search("", "any");
    let documents: Vec<&str> = all.iter().map(|entry| entry["document"].as_str().unwrap()).collect();
    assert_eq!(documents, ["{ nothing }", "{ projects { edges { node { name } } } }", "query Me { me { name } }"]);
    assert_eq!(all[2]["endpoint"], json!({"kind": "demo"}), "the Demo API is kept as such");
    assert_eq!(all[1]["endpoint"], json!({"kind": "url", "url": server.url()}));
    assert_eq!((&all[0]["status"], &all[0]["graphqlErrors"], &all[0]["succeeded"]), (&json!(200), &json!(true), &json!(false)));
    assert_eq!((&all[2]["operationName"], &all[2]["from"]), (&json!("Me"), &json!("app")));
    assert!(all[1]["durationMs"].as_f64().is_some_and(|ms| ms > 0.0) && all[1]["sizeBytes"].as_u64().unwrap() > 0, "{}", all[1]);
    assert_eq!(search("proj node", "any").len(), 1);
    assert_eq!(search("", "failed").len(), 1);

    let id = &all[1]["id"];
    app.invoke("history_favourite", json!({"request": {"id": id, "favourite": true}})).unwrap();
    app.invoke("history_retention", json!({"request": {"keep": 1}})).unwrap();
    let kept: Vec<Value> = search("", "any").iter().map(|entry| entry["id"].clone()).collect();
    assert_eq!(kept, [all[0]["id"].clone(), id.clone()], "the newest and the favourite stay");
    app.invoke("history_remove", json!({"request": {"id": id}})).unwrap();
    assert_eq!(search("", "any").len(), 1);
}
