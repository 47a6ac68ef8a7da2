//! The engine's ranking on the table of cases the page's port is tested against too
//! (`tests/data/completion-ranking.json`, also read by `ui/test/ranking.test.ts`).

#[derive(serde::Deserialize)]
struct Table {
    cases: Vec<Case>,
}

#[derive(serde::Deserialize)]
struct Case {
    typed: String,
    candidates: Vec<(String, bool)>,
    ranked: Vec<String>,
}

#[test]
fn names_rank_as_the_shared_table_says() {
    let path = test_support::repository_root().join("tests/data/completion-ranking.json");
    let table: Table = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut failures = Vec::new();
    for case in &table.cases {
        let candidates: Vec<(&str, bool)> = case.candidates.iter().map(|(filter, deprecated)| (filter.as_str(), *deprecated)).collect();
        let ranked = language::completion::rank_names(&case.typed, &candidates);
        if ranked != case.ranked {
            failures.push(format!("{:?}: expected {:?}, got {ranked:?}", case.typed, case.ranked));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
