//! The commands as the web UI calls them: through Tauri's IPC, the app's capability and its ACL,
//! with the mock runtime instead of a window. Positions are UTF-16 code units, as CodeMirror sends
//! them; the documents put emoji (two UTF-16 units, four UTF-8 bytes) before the interesting spot
//! so that a missing or doubled conversion shows.

mod support;

use serde_json::{Value, json};
use support::app;

/// UTF-16 length of `text`, as JavaScript's `String.length` counts.
fn utf16_len(text: &str) -> usize {
    text.encode_utf16().count()
}

/// The document without its `|` marker, and the marker's UTF-16 offset.
fn split_cursor(marked: &str) -> (String, usize) {
    let at = marked.find('|').expect("a | marks the cursor");
    (marked.replacen('|', "", 1), utf16_len(&marked[..at]))
}

fn labels(completions: &Value) -> Vec<&str> {
    completions["items"].as_array().expect("items").iter().map(|item| item["label"].as_str().unwrap()).collect()
}

#[test]
fn completion_after_an_emoji_replaces_the_word_at_its_utf16_range() {
    let app = app().with_demo_schema();
    let (document, cursor) = split_cursor("# 😀 projects\n{ project(id: \"😀\") { na| } }");
    let completions = app.complete(&document, cursor);
    assert_eq!(labels(&completions).first(), Some(&"name"));
    assert_eq!(completions["from"], json!(cursor - 2), "the range starts at `na`");
    assert_eq!(completions["to"], json!(cursor));
    let name = &completions["items"][0];
    assert_eq!(name["kind"], json!("field"));
    assert_eq!(name["detail"], json!("String!"));
}

#[test]
fn completion_items_carry_kind_signature_description_and_deprecation() {
    let app = app().with_demo_schema();
    let (document, cursor) = split_cursor("{ allPro| }");
    let completions = app.complete(&document, cursor);
    let item = completions["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["label"] == json!("allProjects"))
        .expect("allProjects is offered");
    assert_eq!(item["deprecated"], json!(true));
    assert_eq!(item["deprecationReason"], json!("Use `projects`."));
    assert_eq!(item["description"], json!("Use `projects`."));
    assert_eq!(item["detail"], json!("[Project!]!"));
}

#[test]
fn a_cursor_past_the_end_or_inside_a_surrogate_pair_is_clamped() {
    let app = app().with_demo_schema();
    let document = "{ 😀";
    // Offset 3 falls between the two halves of the emoji; 100 is past the end.
    for cursor in [3, 100] {
        let completions = app.complete(document, cursor);
        assert!(completions["from"].as_u64().unwrap() <= utf16_len(document) as u64);
    }
}

#[test]
fn diagnostics_ranges_are_utf16() {
    let app = app().with_demo_schema();
    let document = "# 😀😀\n{ me { nme } }";
    let found = app.invoke("diagnostics", json!({"request": {"document": document}})).expect("diagnostics answer");
    let start = utf16_len(&document[..document.find("nme").unwrap()]);
    assert_eq!(found.as_array().unwrap().len(), 1, "{found}");
    assert_eq!(found[0]["from"], json!(start));
    assert_eq!(found[0]["to"], json!(start + 3));
    assert_eq!(found[0]["severity"], json!("error"));
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("\"nme\""), "{message}");
}

#[test]
fn hover_describes_the_name_under_the_cursor() {
    let app = app().with_demo_schema();
    let (document, cursor) = split_cursor("# 😀\n{ proj|ect(id: 1) { name } }");
    let hover = app.invoke("hover", json!({"request": {"document": document, "cursorUtf16": cursor}})).unwrap();
    assert_eq!(hover["signature"], json!("Query.project(id: ID!): Project"));
    assert_eq!(hover["description"], json!("One project by id."));
    assert_eq!(hover["from"], json!(cursor - 4));
    assert_eq!(hover["to"], json!(cursor + 3));
    let nothing = app.invoke("hover", json!({"request": {"document": "{ }", "cursorUtf16": 1}})).unwrap();
    assert_eq!(nothing, Value::Null);
}

#[test]
fn format_lays_out_the_document() {
    let app = app();
    let formatted = app.invoke("format", json!({"request": {"document": "{me{name}}"}})).unwrap();
    assert_eq!(formatted, json!("{\n  me {\n    name\n  }\n}\n"));
}

#[test]
fn operations_are_listed_with_utf16_ranges() {
    let app = app();
    let document = "# 😀\nquery A { me { id } }\nmutation B { projectDelete(id: 1) }";
    let operations = app.invoke("operations", json!({"request": {"document": document}})).unwrap();
    let start_b = utf16_len(&document[..document.find("mutation").unwrap()]);
    assert_eq!(
        operations,
        json!([
            {"name": "A", "kind": "query", "from": 5, "to": 5 + "query A { me { id } }".len()},
            {"name": "B", "kind": "mutation", "from": start_b, "to": utf16_len(document)},
        ])
    );
}

#[test]
fn variables_problems_are_data_and_broken_json_is_a_tagged_error() {
    let app = app().with_demo_schema();
    let document = "query P($id: ID!, $n: Int) { project(id: $id) { name } }";
    let check = |variables: &str| {
        app.invoke(
            "check_variables",
            json!({"request": {"document": document, "operationName": null, "variablesJson": variables}}),
        )
    };
    assert_eq!(check("{\"id\": \"p1\"}"), Ok(json!([])));
    let problems = check("{\"n\": \"three\"}").unwrap();
    let kinds: Vec<&str> = problems.as_array().unwrap().iter().map(|problem| problem["kind"].as_str().unwrap()).collect();
    assert_eq!(kinds, ["missingRequired", "wrongType"], "{problems}");
    let broken = "{\n  \"😀\": 1,\n  \"id\": \n}";
    let error = check(broken).unwrap_err();
    assert_eq!((&error["kind"], &error["line"]), (&json!("invalidVariables"), &json!(4)), "the line at fault: {error}");
    assert!(error["message"].as_str().unwrap().starts_with("Variables (line 4): The variables are not JSON"), "{error}");
}

/// Regression: the app sent any JSON as variables and the command line only objects. Both read them
/// with `connection::variables::parse`; this is the table the command line's test runs too.
#[test]
fn variables_are_accepted_as_the_command_line_accepts_them() {
    let app = app().with_demo_schema();
    for case in test_support::cases::VARIABLES {
        let answer = app.invoke(
            "check_variables",
            json!({"request": {"document": "query Q($id: ID, $first: Int) { project(id: $id) { name } }", "operationName": null, "variablesJson": case.text}}),
        );
        match (case.accepted, answer) {
            (Some(_), Ok(problems)) => assert_eq!(problems, json!([]), "{:?}", case.text),
            (None, Err(error)) => {
                assert_eq!(error["kind"], json!("invalidVariables"), "{:?}", case.text);
                assert!(error["message"].as_str().unwrap().contains(case.message), "{:?}: {error}", case.text);
            }
            (accepted, answer) => panic!("{:?}: expected {accepted:?}, got {answer:?}", case.text),
        }
    }
}

/// The schema's type count is the command line's: the schema's own types, built-ins not counted.
#[test]
fn the_type_count_is_the_command_lines() {
    let app = app();
    let path = test_support::railway_introspection_path();
    let text = std::fs::read_to_string(&path).unwrap();
    let status = app.invoke("load_schema_text", json!({"request": {"fileName": "railway.json", "text": text}})).unwrap();
    let loaded = schema_cache::load_file(&path).unwrap();
    assert_eq!(status["nTypes"], json!(schema_cache::n_types(&loaded.schema)));
    assert!(schema_cache::n_types(&loaded.schema) < loaded.schema.types.len(), "built-ins are not counted");
}

#[test]
fn language_commands_before_any_schema_is_loaded_say_so() {
    let app = app();
    let error = app.invoke("complete", json!({"request": {"document": "{ ", "cursorUtf16": 2}})).unwrap_err();
    assert_eq!(error["kind"], json!("noSchema"));
    assert_eq!(app.invoke("schema_status", json!({})), Ok(Value::Null));
}

#[test]
fn a_schema_file_read_by_the_page_becomes_the_current_schema() {
    let app = app();
    let sdl = "type Query { hello(name: String): String }";
    let status = app
        .invoke("load_schema_text", json!({"request": {"fileName": "hello.graphql", "text": sdl}}))
        .expect("the schema loads");
    assert_eq!(status["source"], json!({"kind": "file", "fileName": "hello.graphql"}));
    assert_eq!(status["warnings"], json!([]));
    assert!(status["nTypes"].as_u64().unwrap() >= 1);
    assert_eq!(app.invoke("schema_status", json!({})).unwrap()["source"], status["source"]);
    assert_eq!(labels(&app.complete("{ hel", 5)), ["hello"]);

    let error = app
        .invoke("load_schema_text", json!({"request": {"fileName": "broken.json", "text": "{\"data\": 1}"}}))
        .unwrap_err();
    assert_eq!(error["kind"], json!("schemaLoad"));
    assert!(error["message"].as_str().unwrap().contains("broken.json"), "{error}");
    assert_eq!(app.invoke("schema_status", json!({})).unwrap()["source"], status["source"], "the old schema stays");
}

#[test]
fn the_capability_grants_no_core_or_plugin_permission() {
    let app = app();
    for command in ["plugin:event|listen", "plugin:window|set_title", "plugin:webview|print"] {
        let refused = app.invoke(command, json!({})).expect_err(command);
        assert!(refused.as_str().is_some_and(|message| message.contains("not allowed")), "{command}: {refused}");
    }
}

#[test]
fn a_remote_page_cannot_invoke_commands() {
    let app = app();
    let refused =
        app.invoke_from("https://example.com", "format", json!({"request": {"document": "{}"}})).unwrap_err();
    assert!(refused.as_str().is_some_and(|message| message.contains("not allowed")), "{refused}");
}
