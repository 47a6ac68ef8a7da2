//! Times the history of runs (`store::history`) at 100,000 runs: recording one, and searching as a
//! person does in the History pane (words as prefixes, filters), each query beside the plain scan
//! (`LIKE '%word%'` over the same rows, in the same file) that a history without a text index does.
//! Prints a table; the target is a search's p99 within 20 ms.
//!
//! Usage: history-bench [RUNS]

use std::time::Instant;

use store::EndpointChoice;
use store::history::{History, Outcome, Run, Search};

const CALLS_PER_QUERY: usize = 200;
const TARGET_P99_MS: f64 = 20.0;

/// Documents as people write them, varied by a number so that the rows differ.
const DOCUMENTS: &[&str] = &[
    "query Projects { projects(first: 20) { edges { node { id name services { edges { node { id name } } } } } } }",
    "query Me { me { id name email projects { edges { node { id } } } } }",
    "mutation PluginCreate($input: PluginCreateInput!) { pluginCreate(input: $input) { id name status } }",
    "query Deployments($id: String!) { deployments(input: { projectId: $id }) { edges { node { id status url } } } }",
    "query Repository($owner: String!, $name: String!) { repository(owner: $owner, name: $name) { issues(first: 50) { nodes { title } } } }",
    "{ viewer { login repositories(first: 10) { nodes { nameWithOwner stargazerCount } } } }",
];

fn run(n: usize) -> Run {
    let document = format!("# run {n}\n{}", DOCUMENTS[n % DOCUMENTS.len()]);
    let endpoint = match n % 3 {
        0 => EndpointChoice::Demo,
        1 => EndpointChoice::Url { url: "https://backboard.railway.com/graphql/v2".into() },
        _ => EndpointChoice::Url { url: "https://api.github.com/graphql".into() },
    };
    Run {
        at_unix_ms: 1_760_000_000_000 + n as i64 * 1000,
        from: if n % 5 == 0 { "cli".into() } else { "app".into() },
        endpoint,
        profile: (n % 2 == 0).then(|| "work".to_owned()),
        operation_name: None,
        document,
        variables: format!(r#"{{"id": "p-{n}", "first": {}}}"#, n % 50),
        status: if n % 17 == 0 { None } else { Some(if n % 11 == 0 { 502 } else { 200 }) },
        failure: (n % 17 == 0).then(|| "the server could not be reached".to_owned()),
        graphql_errors: n % 13 == 0,
        duration_ms: Some(40.0 + (n % 300) as f64),
        size_bytes: Some(200 + (n % 5000) as u64),
        budget_remaining: Some((1000 - n % 1000) as u64),
        budget_limit: Some(1000),
        events: None,
        stream_end: None,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 * p) as usize).min(sorted.len() - 1)]
}

fn timed(mut call: impl FnMut() -> usize) -> (f64, f64, usize) {
    let mut found = 0;
    for _ in 0..5 {
        found = call();
    }
    let mut ms: Vec<f64> = (0..CALLS_PER_QUERY)
        .map(|_| {
            let started = Instant::now();
            found = call();
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    (percentile(&ms, 0.5), percentile(&ms, 0.99), found)
}

fn main() {
    let runs: usize = std::env::args().nth(1).map_or(100_000, |n| n.parse().expect("RUNS is a number"));
    let dir = std::env::temp_dir().join(format!("sextant-history-bench-{}", std::process::id()));
    let path = dir.join("history.sqlite");
    let (history, _) = History::open(&path).expect("the history opens");
    history.set_retention(u32::try_from(runs).unwrap_or(u32::MAX)).unwrap();
    let started = Instant::now();
    for n in 0..runs {
        history.record(&run(n)).expect("a run is recorded");
    }
    let fill_s = started.elapsed().as_secs_f64();
    let mut record_ms: Vec<f64> = (runs..runs + 200)
        .map(|n| {
            let started = Instant::now();
            history.record(&run(n)).expect("a run is recorded");
            started.elapsed().as_secs_f64() * 1e3
        })
        .collect();
    record_ms.sort_by(f64::total_cmp);
    for id in (1..runs as i64).step_by(997) {
        history.set_favourite(id, true).unwrap();
    }
    let reopened = Instant::now();
    drop(History::open(&path).expect("the history opens again"));
    let open_ms = reopened.elapsed().as_secs_f64() * 1e3;

    // The same file read without the text index: what a history without FTS does.
    let scan = rusqlite::Connection::open(&path).unwrap();
    let scan_like = |words: &[&str]| {
        let mut sql = String::from("SELECT id FROM runs WHERE 1");
        for _ in words {
            sql.push_str(" AND (document LIKE ? OR variables LIKE ? OR endpoint_text LIKE ?)");
        }
        sql.push_str(" ORDER BY id DESC LIMIT 200");
        let values: Vec<String> = words.iter().flat_map(|word| std::iter::repeat_n(format!("%{word}%"), 3)).collect();
        let mut statement = scan.prepare_cached(&sql).unwrap();
        statement.query_map(rusqlite::params_from_iter(values), |row| row.get::<_, i64>(0)).unwrap().count()
    };

    let search = |text: &str| Search { text: text.into(), limit: 200, ..Search::default() };
    let cases: Vec<(&str, Search, Option<Vec<&str>>)> = vec![
        ("newest 200, no words", search(""), None),
        ("one word: pluginCreate", search("pluginCreate"), Some(vec!["pluginCreate"])),
        ("a prefix: stargaz", search("stargaz"), Some(vec!["stargaz"])),
        ("two words: repository issues", search("repository issues"), Some(vec!["repository", "issues"])),
        ("a variable's value: p-4242", search("p-4242"), Some(vec!["p", "4242"])),
        ("a rare word: run 99999", search("99999"), Some(vec!["99999"])),
        ("no match: zzzq", search("zzzq"), Some(vec!["zzzq"])),
        ("failed runs", Search { outcome: Outcome::Failed, ..search("") }, None),
        ("one endpoint", Search { endpoint: Some(EndpointChoice::Url { url: "https://api.github.com/graphql".into() }), ..search("") }, None),
        ("favourites", Search { favourites_only: true, ..search("") }, None),
        ("word + failed + endpoint", Search { outcome: Outcome::Failed, endpoint: Some(EndpointChoice::Demo), ..search("projects") }, None),
    ];
    println!("history-bench: {runs} runs recorded in {fill_s:.1} s; one more recorded in {:.2} ms median, {:.2} ms p99; opened in {open_ms:.1} ms", percentile(&record_ms, 0.5), percentile(&record_ms, 0.99));
    println!("{:<30} {:>8} {:>10} {:>10}   {:>18}", "search (200 newest that match)", "found", "p50 ms", "p99 ms", "LIKE scan p50/p99");
    let mut worst = 0.0f64;
    for (name, query, like) in &cases {
        let (p50, p99, found) = timed(|| history.search(query).expect("search answers").len());
        worst = worst.max(p99);
        let reference = like.as_ref().map_or("-".to_owned(), |words| {
            let (p50, p99, _) = timed(|| scan_like(words));
            format!("{p50:.2} / {p99:.2}")
        });
        println!("{name:<30} {found:>8} {p50:>10.2} {p99:>10.2}   {reference:>18}");
    }
    println!("worst p99 {worst:.2} ms; target ≤ {TARGET_P99_MS} ms: {}", if worst <= TARGET_P99_MS { "met" } else { "NOT met" });
    drop(history);
    let _ = std::fs::remove_dir_all(&dir);
}
