//! Schemas from servers are untrusted: huge, deep or odd schemas give answers, never a panic, and
//! every operation's work stays bounded. Each case is a schema; every feature runs on it.

use schema_index::SchemaIndex;
use schema_index::diff::{DiffOptions, diff};
use schema_index::paths::PathOptions;
use schema_index::search::SearchOptions;

fn wide_type(n_fields: usize) -> String {
    let fields: String = (0..n_fields).map(|i| format!("f{i}(a: Int, b: [String!]! = [\"x\"]): Wide\n")).collect();
    format!("type Query {{ wide: Wide }}\ntype Wide {{\n{fields}}}")
}

fn many_arguments(n_arguments: usize) -> String {
    let arguments: String = (0..n_arguments).map(|i| format!("a{i}: Int! ")).collect();
    format!("type Query {{ f({arguments}): Int }}")
}

fn long_names(length: usize) -> String {
    let name = format!("T{}", "aB".repeat(length / 2));
    format!("type Query {{ {0}: {1} }}\ntype {1} {{ {0}: {1} }}", name.to_lowercase(), name)
}

fn deep_lists(depth: usize) -> String {
    format!("type Query {{ f(a: {open}Int{close}): {open}Int{close} }}", open = "[".repeat(depth), close = "]".repeat(depth))
}

fn big_union(n_members: usize) -> String {
    let members: Vec<String> = (0..n_members).map(|i| format!("M{i}")).collect();
    let types: String = members.iter().map(|member| format!("type {member} implements I {{ id: ID u: U }}\n")).collect();
    format!("type Query {{ u: U i: I }}\ninterface I {{ id: ID }}\nunion U = {}\n{types}", members.join(" | "))
}

/// A chain of types each pointing at every later one: many paths of every length.
fn dense_graph(n_types: usize) -> String {
    let types: String = (0..n_types)
        .map(|i| {
            let fields: String = (i + 1..n_types).map(|j| format!("t{j}: T{j} ")).collect();
            format!("type T{i} {{ id: ID {fields}}}\n")
        })
        .collect();
    format!("type Query {{ t0: T0 }}\n{types}")
}

fn descriptions(n: usize) -> String {
    let text = "word ".repeat(2_000);
    let fields: String = (0..n).map(|i| format!("\"\"\"{text} unique{i}\"\"\" f{i}: Int\n")).collect();
    format!("type Query {{\n{fields}}}")
}

#[test]
fn every_feature_answers_on_hostile_schemas() {
    let cases = [
        ("a type with 20,000 fields", wide_type(20_000)),
        ("a field with 5,000 arguments", many_arguments(5_000)),
        ("names of 100,000 letters", long_names(100_000)),
        ("lists nested 100 deep", deep_lists(100)),
        ("a union of 3,000 types", big_union(3_000)),
        ("a graph where every type reaches every later one", dense_graph(60)),
        ("500 descriptions of 2,000 words", descriptions(500)),
    ];
    for (name, sdl) in &cases {
        let loaded = schema_cache::sdl::schema_from_sdl(sdl).unwrap_or_else(|error| panic!("{name}: {error}"));
        let schema = &loaded.schema;
        let index = SchemaIndex::new(schema);
        assert!(!index.is_empty(), "{name}");
        let queries = ["f1", "wide", "aBaB", "word", "unique7", "M29", "t5", "Query.f", "@deprecated", "zz", &sdl[..sdl.len().min(300)]];
        for query in queries {
            let _ = index.search(query, &SearchOptions::default());
        }
        for id in index.ids().filter(|id| index.kind(*id).is_type()).take(50) {
            let _ = index.references(id);
            let _ = index.paths_to(id, &PathOptions { limit: 10 });
        }
        let empty = schema_cache::sdl::schema_from_sdl("type Query { a: Int }").expect("a small schema").schema;
        for (old, new) in [(schema, &empty), (&empty, schema), (schema, schema)] {
            let _ = diff(old, new, &DiffOptions::default());
        }
    }
}

#[test]
fn paths_in_a_dense_graph_stop_at_the_limit_shortest_first() {
    let loaded = schema_cache::sdl::schema_from_sdl(&dense_graph(60)).expect("the dense graph");
    let index = SchemaIndex::new(&loaded.schema);
    let target = index.type_named("T59").expect("T59");
    let paths = index.paths_to(target, &PathOptions { limit: 25 });
    assert_eq!(paths.len(), 25);
    // Query.t0 → T0.t59 is the only path of two fields; then come those of three.
    assert_eq!(paths[0].steps.len(), 2);
    assert!(paths[1..].iter().all(|path| path.steps.len() == 3), "{:?}", paths.iter().map(|path| path.steps.len()).collect::<Vec<_>>());
}
