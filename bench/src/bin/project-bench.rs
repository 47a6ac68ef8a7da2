//! Times opening a project folder as the app does (`project::folder::open`: its graphql-config
//! read, its documents listed by the config's globs with what `.gitignore` ignores left out) on a
//! folder of 1,000 documents among the files a real repository holds (code beside them, a
//! `node_modules` of ignored `.graphql` files), and reading a document as opening it in a tab does.
//! Beside it, the same listing by `find` as a whole process (a folder listed by a standard tool),
//! in the same run. The target: the folder listed within 100 ms, at p99.
//!
//! Usage: project-bench [DOCUMENTS]

use std::path::Path;
use std::process::Command;
use std::time::Instant;

const RUNS: usize = 30;
const TARGET_P99_MS: f64 = 100.0;

fn write(root: &Path, relative: &str, text: &str) {
    let path = root.join(relative);
    std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
    std::fs::write(path, text).expect("a file");
}

/// A repository with `documents` documents under `src/`, a third with variables, code beside them,
/// and a `node_modules` of three times as many ignored `.graphql` files.
fn repository(root: &Path, documents: usize) {
    write(root, ".graphqlrc.yml", "schema: schema.graphql\ndocuments: src/**/*.graphql\nextensions:\n  endpoints:\n    default:\n      url: https://backboard.railway.com/graphql/v2\n");
    write(root, ".gitignore", "node_modules/\ndist/\n");
    for n in 0..documents {
        let folder = format!("src/feature-{:02}/{}", n % 50, if n % 3 == 0 { "mutations" } else { "queries" });
        write(root, &format!("{folder}/operation-{n}.graphql"), &format!("# operation {n}\nquery Operation{n}($id: String!) {{\n  project(id: $id) {{ id name }}\n}}\n"));
        if n % 3 == 0 {
            write(root, &format!("{folder}/operation-{n}.variables.json"), "{\n  \"id\": \"p-1\"\n}\n");
        }
        if n % 2 == 0 {
            write(root, &format!("src/feature-{:02}/component-{n}.ts", n % 50), "export const component = 1;\n");
        }
    }
    for n in 0..documents * 3 {
        write(root, &format!("node_modules/pkg-{}/schema/part-{n}.graphql", n % 40), "type Query { a: Int }\n");
    }
}

fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() as f64 * p).ceil() as usize).clamp(1, sorted.len()) - 1]
}

fn timed(mut work: impl FnMut()) -> Vec<f64> {
    (0..3).for_each(|_| work());
    (0..RUNS)
        .map(|_| {
            let started = Instant::now();
            work();
            started.elapsed().as_secs_f64() * 1000.0
        })
        .collect()
}

fn main() {
    let documents: usize = std::env::args().nth(1).and_then(|n| n.parse().ok()).unwrap_or(1000);
    let root = std::env::temp_dir().join(format!("sextant-project-bench-{}", std::process::id()));
    repository(&root, documents);

    let mut listed = 0;
    let open = timed(|| {
        let folder = project::folder::open(&root).expect("the folder opens");
        listed = folder.documents.len();
    });
    let folder = project::folder::open(&root).expect("the folder opens");
    let mut n = 0;
    let reads = timed(|| {
        for _ in 0..documents / 10 {
            let path = folder.dir.join(&folder.documents[n % folder.documents.len()]);
            project::files::read(&path).expect("a document reads");
            n += 1;
        }
    });
    let per_read: Vec<f64> = reads.iter().map(|ms| ms / (documents / 10) as f64).collect();
    let mut found_by_find = 0;
    let find = timed(|| {
        // Every .graphql file but node_modules' (what .gitignore leaves out): the same documents.
        let output = Command::new("find")
            .arg(&root)
            .args(["-path", &root.join("node_modules").display().to_string(), "-prune", "-o", "-name", "*.graphql", "-print"])
            .output()
            .expect("find runs");
        found_by_find = String::from_utf8_lossy(&output.stdout).lines().count();
    });
    std::fs::remove_dir_all(&root).expect("the folder removed");

    assert_eq!(listed, documents, "every document listed");
    assert_eq!(found_by_find, documents, "find finds the same documents");
    println!("project-bench: a folder of {documents} documents (+ {} ignored in node_modules, {} code files); {RUNS} runs after 3 warm-up", documents * 3, documents / 2);
    println!("{:<58} {:>10} {:>10} {:>12}", "measure", "p50 ms", "p99 ms", "target");
    println!("{:<58} {:>10.2} {:>10.2} {:>12}", "open the folder (config, documents by globs, .gitignore)", percentile(&open, 0.5), percentile(&open, 0.99), format!("p99 ≤ {TARGET_P99_MS}"));
    println!("{:<58} {:>10.3} {:>10.3} {:>12}", "read a document and its variables (opening it in a tab)", percentile(&per_read, 0.5), percentile(&per_read, 0.99), "-");
    println!("{:<58} {:>10.2} {:>10.2} {:>12}", "reference: the same documents by find (a process)", percentile(&find, 0.5), percentile(&find, 0.99), "-");
    let met = percentile(&open, 0.99) <= TARGET_P99_MS;
    println!("target {}", if met { "met" } else { "NOT met" });
}
