//! Times the schema explorer's engine (`schema_index`) on GitHub's public schema and prints one
//! JSON object: the index build (and the schema from the cache before it, which the app does
//! first), the description word index, search per query over `bench/cases.json`'s `search`
//! table, paths, and the diff of two published versions in process. `bench/explorer` prints it
//! beside graphql-inspector's diff, both as whole processes.

use std::time::Instant;

use schema_cache::cache::{CacheKey, CredentialIdentity, SchemaCache};
use schema_index::SchemaIndex;
use schema_index::diff::{DiffOptions, diff};
use schema_index::paths::PathOptions;
use schema_index::search::SearchOptions;
use serde::Deserialize;
use serde_json::json;

/// Calls per search query; each call is timed on its own.
const CALLS_PER_QUERY: usize = 300;
const WARM_UP_CALLS: usize = 20;
const BUILDS: usize = 30;
const DIFFS: usize = 10;

#[derive(Deserialize)]
struct Cases {
    search: Vec<SearchCase>,
    paths: Vec<String>,
}

#[derive(Deserialize)]
struct SearchCase {
    name: String,
    query: String,
}

fn main() {
    let cases_path = test_support::repository_root().join("bench/cases.json");
    let cases: Cases = serde_json::from_slice(&std::fs::read(&cases_path).expect("bench/cases.json")).expect("cases");

    // The schema from the cache, as the app loads it, then the index over it.
    let response = std::fs::read(test_support::github_introspection_path()).expect("GitHub's schema");
    let cache_dir = std::env::temp_dir().join(format!("sextant-explorer-bench-{}", std::process::id()));
    let cache = SchemaCache::new(cache_dir.clone());
    let key = CacheKey::new("https://api.github.com/graphql", CredentialIdentity::Anonymous);
    let model = schema_cache::introspection::parse_response(&response).expect("GitHub's schema parses");
    cache.store(&key, schema_cache::cache::unix_now(), None, &response, &model).expect("the cache stores");
    let mut from_cache_ms = Vec::new();
    let mut cache_and_index_ms = Vec::new();
    let mut index_ms = Vec::new();
    let mut description_index_ms = Vec::new();
    for _ in 0..BUILDS {
        let started = Instant::now();
        let hit = cache.load(&key).hit().expect("the cache answers");
        let loaded = started.elapsed();
        let index = SchemaIndex::new(&hit.loaded.schema);
        let indexed = started.elapsed();
        index.prepare_description_search();
        let described = started.elapsed();
        from_cache_ms.push(loaded.as_secs_f64() * 1e3);
        index_ms.push((indexed - loaded).as_secs_f64() * 1e3);
        cache_and_index_ms.push(indexed.as_secs_f64() * 1e3);
        description_index_ms.push((described - indexed).as_secs_f64() * 1e3);
        drop(index);
        drop(hit);
    }
    let _ = std::fs::remove_dir_all(&cache_dir);

    let schema = test_support::github_schema();
    let index = SchemaIndex::new(schema);
    index.prepare_description_search();
    let options = SearchOptions::default();
    let mut search_all = Vec::new();
    let mut search_cases = Vec::new();
    for case in &cases.search {
        for _ in 0..WARM_UP_CALLS {
            std::hint::black_box(index.search(&case.query, &options));
        }
        let mut first = String::new();
        let times = samples(CALLS_PER_QUERY, || {
            let started = Instant::now();
            let hits = index.search(&case.query, &options);
            let elapsed = started.elapsed();
            first = hits.first().map(|hit| index.coordinate(hit.element).to_string()).unwrap_or_default();
            elapsed.as_secs_f64() * 1e6
        });
        search_cases.push(json!({
            "name": case.name,
            "query": case.query,
            "median": percentile(&times, 0.5),
            "p99": percentile(&times, 0.99),
            "first": first,
        }));
        search_all.extend(times);
    }

    let mut paths_all = Vec::new();
    let mut paths_cases = Vec::new();
    for target in &cases.paths {
        let id = index.find(target).unwrap_or_else(|| panic!("GitHub's schema has no {target}"));
        let mut n_paths = 0;
        let times = samples(30, || {
            let started = Instant::now();
            let paths = index.paths_to(id, &PathOptions { limit: 5 });
            let elapsed = started.elapsed();
            n_paths = paths.len();
            elapsed.as_secs_f64() * 1e3
        });
        paths_cases.push(json!({ "target": target, "median": percentile(&times, 0.5), "n_paths": n_paths }));
        paths_all.extend(times);
    }

    let root = test_support::repository_root();
    let old = schema_cache::load_file(&root.join("tests/node_modules/octokit-schema-v14/schema.json")).expect("v14").schema;
    let new = test_support::github_schema();
    let mut n_changes = 0;
    let diff_ms = samples(DIFFS, || {
        let started = Instant::now();
        let changes = diff(&old, new, &DiffOptions { applied_directives: false });
        let elapsed = started.elapsed();
        n_changes = changes.len();
        elapsed.as_secs_f64() * 1e3
    });

    let report = json!({
        "elements": index.len(),
        "schema_from_cache_ms": summary(&from_cache_ms),
        "index_build_ms": summary(&index_ms),
        "schema_from_cache_and_index_ms": summary(&cache_and_index_ms),
        "description_index_ms": summary(&description_index_ms),
        "search_us": { "all": summary(&search_all), "cases": search_cases },
        "paths_ms": { "all": summary(&paths_all), "cases": paths_cases },
        "diff_in_process_ms": summary(&diff_ms),
        "diff_changes": n_changes,
    });
    println!("{report}");
}

fn samples(n: usize, mut measure: impl FnMut() -> f64) -> Vec<f64> {
    (0..n).map(|_| measure()).collect()
}

fn summary(samples: &[f64]) -> serde_json::Value {
    json!({ "median": percentile(samples, 0.5), "p99": percentile(samples, 0.99), "n": samples.len() })
}

/// The same nearest-rank percentile as bench/reference.mjs uses.
fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}
