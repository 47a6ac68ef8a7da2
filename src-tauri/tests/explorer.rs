//! The schema explorer's commands through IPC, on the demo schema: search, a type's page with its
//! members and where it is used, and the paths that reach an element.

mod support;

use serde_json::{Value, json};
use support::{TestApp, app};

fn search(app: &TestApp, query: &str, kinds: &[&str]) -> Vec<(String, String)> {
    let results = app.invoke("explorer_search", json!({"request": {"query": query, "kinds": kinds, "limit": 5}})).expect("search answers");
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|result| (result["coordinate"].as_str().unwrap().to_owned(), result["place"]["page"].as_str().unwrap().to_owned()))
        .collect()
}

fn page(app: &TestApp, name: &str) -> Result<Value, Value> {
    app.invoke("explorer_page", json!({"request": {"name": name}}))
}

#[test]
fn search_ranks_what_a_person_means_and_says_where_each_is_shown() {
    let app = app().with_demo_schema();
    let cases: &[(&str, &[&str], &[(&str, &str)])] = &[
        // A root field before the type of the same name; each opens on the type that holds it.
        ("proj", &[], &[("Query.project", "Query"), ("Project", "Project"), ("Query.projects", "Query")]),
        ("crashed", &[], &[("DeploymentStatus.CRASHED", "DeploymentStatus")]),
        ("locator", &["argument"], &[("Query.service(locator:)", "Query")]),
        ("cached", &["directive"], &[("@cached", "@cached")]),
    ];
    for &(query, kinds, expected) in cases {
        let found = search(&app, query, kinds);
        let expected: Vec<(String, String)> = expected.iter().map(|&(a, b)| (a.to_owned(), b.to_owned())).collect();
        assert_eq!(&found[..expected.len().min(found.len())], &expected[..], "{query:?} {kinds:?}: {found:?}");
    }
}

#[test]
fn a_page_shows_members_with_types_defaults_deprecations_and_where_the_type_is_used() {
    let app = app().with_demo_schema();
    let user = page(&app, "User.avatar").expect("User's page");
    assert_eq!((&user["coordinate"], &user["kind"], &user["member"]), (&json!("User"), &json!("object"), &json!("avatar")));
    assert_eq!(user["interfaces"], json!(["Node", "Timestamped"]));
    let fields = user["fields"].as_array().unwrap();
    let avatar = fields.iter().find(|field| field["name"] == "avatar").unwrap();
    assert_eq!(avatar["arguments"][0]["defaultValue"], json!("64"));
    let id = fields.iter().find(|field| field["name"] == "id").unwrap();
    assert_eq!(id, &json!({"name": "id", "typeText": "ID!", "typeName": "ID"}), "what is empty is left out");
    let projects = fields.iter().find(|field| field["name"] == "projects").unwrap();
    assert_eq!((&projects["typeText"], &projects["typeName"]), (&json!("ProjectConnection!"), &json!("ProjectConnection")));
    let username = fields.iter().find(|field| field["name"] == "username").unwrap();
    assert_eq!((&username["deprecated"], &username["deprecationReason"]), (&json!(true), &json!("Use `name`.")));
    let used_by: Vec<&str> = user["references"].as_array().unwrap().iter().map(|r| r["coordinate"].as_str().unwrap()).collect();
    assert_eq!(used_by, ["Project.owner", "Query.me", "SearchResult"]);

    let union = page(&app, "SearchResult").unwrap();
    assert_eq!(union["members"], json!(["User", "Project", "Service"]));
    let directive = page(&app, "@cached").unwrap();
    assert_eq!((&directive["kind"], &directive["fields"][1]["defaultValue"]), (&json!("directive"), &json!("PUBLIC")));

    let missing = page(&app, "Nope").unwrap_err();
    assert_eq!((&missing["kind"], &missing["message"]), (&json!("notFound"), &json!("The schema has no Nope.")));
}

#[test]
fn paths_lead_from_the_root_with_their_required_arguments_shortest_first() {
    let app = app().with_demo_schema();
    let paths = app.invoke("explorer_paths", json!({"request": {"name": "Service.icon"}})).unwrap();
    let texts: Vec<Vec<String>> = paths
        .as_array()
        .unwrap()
        .iter()
        .map(|path| path["steps"].as_array().unwrap().iter().map(|step| step["text"].as_str().unwrap().to_owned()).collect())
        .collect();
    assert_eq!(texts[0], ["Query.service(locator:)", "Service.icon"]);
    assert!(texts.windows(2).all(|pair| pair[0].len() <= pair[1].len()), "shortest first: {texts:?}");
    assert_eq!(paths[1]["steps"][1]["on"], json!("Service"), "through Query.node, a type condition");
}

#[test]
fn the_first_page_lists_the_root_types_then_every_type_by_name() {
    let app = app().with_demo_schema();
    let types = app.invoke("explorer_types", json!({})).unwrap();
    let names: Vec<&str> = types.as_array().unwrap().iter().map(|shown| shown["name"].as_str().unwrap()).collect();
    assert_eq!(&names[..3], ["Query", "Mutation", "Subscription"]);
    assert!(names[3..].windows(2).all(|pair| pair[0] < pair[1]), "{names:?}");
    assert!(!names.iter().any(|name| name.starts_with("__")), "no introspection types");
}

#[test]
fn with_no_schema_the_explorer_says_so() {
    let app = app();
    let error = app.invoke("explorer_search", json!({"request": {"query": "x", "kinds": [], "limit": 5}})).unwrap_err();
    assert_eq!(error["kind"], json!("noSchema"), "{error}");
}

/// The "+": edits in CodeMirror's positions (UTF-16: the document has a character outside the
/// basic plane before the insertion), the field's name selected after them, and the variables.
#[test]
fn adding_a_field_answers_edits_in_the_editors_positions() {
    let app = app().with_demo_schema();
    let document = "# 🚀\n{ me { id } }";
    let cursor = document.encode_utf16().count();
    let added = app
        .invoke("explorer_add_field", json!({"request": {"document": document, "cursorUtf16": cursor, "coordinate": "Project.services"}}))
        .expect("the field is added");
    assert_eq!(added["outcome"], json!("added"));
    let mut text: Vec<u16> = document.encode_utf16().collect();
    for edit in added["edits"].as_array().unwrap().iter().rev() {
        let (from, to) = (edit["from"].as_u64().unwrap() as usize, edit["to"].as_u64().unwrap() as usize);
        text.splice(from..to, edit["insert"].as_str().unwrap().encode_utf16());
    }
    let built = String::from_utf16(&text).unwrap();
    assert_eq!(built, "# 🚀\nquery ($id: ID!) { me { id } project(id: $id) { services { id } } }");
    let (from, to) = (added["selectFrom"].as_u64().unwrap() as usize, added["selectTo"].as_u64().unwrap() as usize);
    assert_eq!(String::from_utf16(&text[from..to]).unwrap(), "services");
    assert_eq!(added["variables"], json!([{"name": "id", "typeText": "ID!", "valueJson": "\"\""}]));

    let refused = |coordinate: &str| {
        let error = app
            .invoke("explorer_add_field", json!({"request": {"document": "", "cursorUtf16": 0, "coordinate": coordinate}}))
            .expect_err("not added");
        (error["kind"].as_str().unwrap().to_owned(), error["message"].as_str().unwrap().to_owned())
    };
    assert_eq!(refused("DeploymentStatus.CRASHED").0, "cannotAdd");
    assert_eq!(refused("Nothing.here").0, "notFound");
}

#[test]
fn only_web_and_mail_links_are_opened_from_a_description() {
    let cases = [
        ("https://docs.railway.com/guides/services", true),
        ("http://example.com/a?b=c", true),
        ("mailto:team@example.com", true),
        ("javascript:alert(1)", false),
        ("file:///etc/passwd", false),
        ("ftp://example.com", false),
        ("/guides/services", false),
        ("x-scheme-handler://open", false),
        ("", false),
    ];
    for (url, opens) in cases {
        assert_eq!(sextant_app::ipc::explorer::link_to_open(url).is_ok(), opens, "{url}");
    }
}
