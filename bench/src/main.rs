//! Times the schema engine on GitHub's public schema and prints the numbers as one JSON object.
//! `bench/engine` runs this beside `bench/reference.mjs` (graphql-js and graphql-language-service
//! on the same cases) and prints both in one table.

use std::time::Instant;

use schema_cache::cache::{CacheKey, CredentialIdentity, SchemaCache};
use serde::Deserialize;
use serde_json::json;

/// Calls per completion or validation case; each call is timed on its own.
const CALLS_PER_CASE: usize = 300;
/// Warm-up calls per case, not timed.
const WARM_UP_CALLS: usize = 20;
const SCHEMA_LOADS: usize = 15;

#[derive(Deserialize)]
struct Cases {
    completion: Vec<Case>,
    validation: Vec<Case>,
}

#[derive(Deserialize)]
struct Case {
    name: String,
    document: String,
}

fn main() {
    let cases_path = test_support::repository_root().join("bench/cases.json");
    let cases: Cases = serde_json::from_slice(&std::fs::read(&cases_path).expect("bench/cases.json")).expect("cases");

    let response = std::fs::read(test_support::github_introspection_path()).expect("GitHub's schema");
    let schema_from_json_ms = samples(SCHEMA_LOADS, || {
        let started = Instant::now();
        let loaded = schema_cache::introspection::schema_from_response(&response).expect("GitHub's schema loads");
        let elapsed = started.elapsed();
        drop(loaded);
        elapsed.as_secs_f64() * 1e3
    });
    let schema = schema_cache::introspection::schema_from_response(&response).expect("GitHub's schema loads").schema;

    let cache_dir = std::env::temp_dir().join(format!("sextant-engine-bench-{}", std::process::id()));
    let cache = SchemaCache::new(cache_dir.clone());
    let key = CacheKey::new("https://api.github.com/graphql", CredentialIdentity::Anonymous);
    let model = schema_cache::introspection::parse_response(&response).expect("GitHub's schema parses");
    cache.store(&key, schema_cache::cache::unix_now(), None, &response, &model).expect("the cache stores");
    let schema_from_cache_ms = samples(SCHEMA_LOADS, || {
        let started = Instant::now();
        let hit = cache.load(&key).hit().expect("the cache answers");
        let elapsed = started.elapsed();
        drop(hit);
        elapsed.as_secs_f64() * 1e3
    });
    let _ = std::fs::remove_dir_all(&cache_dir);

    let mut completion_all = Vec::new();
    let mut completion_cases = Vec::new();
    for case in &cases.completion {
        let (document, offset) = test_support::split_cursor(&case.document);
        for _ in 0..WARM_UP_CALLS {
            std::hint::black_box(language::completion::complete(&schema, &document, offset));
        }
        let mut n_items = 0;
        let times = samples(CALLS_PER_CASE, || {
            let started = Instant::now();
            let completions = language::completion::complete(&schema, &document, offset);
            let elapsed = started.elapsed();
            n_items = completions.items.len();
            elapsed.as_secs_f64() * 1e6
        });
        completion_cases.push(json!({ "name": case.name, "median": percentile(&times, 0.5), "p99": percentile(&times, 0.99), "n_items": n_items }));
        completion_all.extend(times);
    }

    let mut validation_all = Vec::new();
    let mut validation_cases = Vec::new();
    for case in &cases.validation {
        for _ in 0..WARM_UP_CALLS {
            std::hint::black_box(language::diagnostics::diagnostics(&schema, &case.document));
        }
        let mut n_diagnostics = 0;
        let times = samples(CALLS_PER_CASE, || {
            let started = Instant::now();
            let diagnostics = language::diagnostics::diagnostics(&schema, &case.document);
            let elapsed = started.elapsed();
            n_diagnostics = diagnostics.len();
            elapsed.as_secs_f64() * 1e6
        });
        validation_cases.push(json!({ "name": case.name, "median": percentile(&times, 0.5), "n_diagnostics": n_diagnostics }));
        validation_all.extend(times);
    }

    let report = json!({
        "schema_from_json_ms": summary(&schema_from_json_ms),
        "schema_from_cache_ms": summary(&schema_from_cache_ms),
        "completion_us": { "all": summary(&completion_all), "cases": completion_cases },
        "validation_us": { "all": summary(&validation_all), "cases": validation_cases },
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
