//! Formatter: (input, expected output) pairs. Every case, and every extra input, is also checked
//! for idempotence and for keeping its tokens: the sequence of significant tokens and comments
//! (everything but whitespace and the insignificant commas) is the same before and after.

use apollo_parser::{Lexer, TokenKind};
use language::format::format;

const CASES: &[(&str, &str)] = &[
    ("", ""),
    ("   \n", ""),
    ("{me{id name}}", "{\n  me {\n    id\n    name\n  }\n}\n"),
    (
        "query Q($id:ID!,$first:Int=10 $tags:[String!]! = [\"a\" \"b\"]){project(id:$id){deployments(last:$first,order:DESC){id}}}",
        "query Q($id: ID!, $first: Int = 10, $tags: [String!]! = [\"a\", \"b\"]) {\n  project(id: $id) {\n    deployments(last: $first, order: DESC) {\n      id\n    }\n  }\n}\n",
    ),
    ("query ($a: Int) { f(a: $a) }", "query ($a: Int) {\n  f(a: $a)\n}\n"),
    ("query{a}mutation M{b}", "query {\n  a\n}\n\nmutation M {\n  b\n}\n"),
    ("{ a } { b }", "{\n  a\n}\n\n{\n  b\n}\n"),
    // Aliases, fragments, directives
    (
        "{ n: me @include(if: $x) { ...F ... on User @skip(if: false) { id } ... @include(if: true) { name } } }",
        "{\n  n: me @include(if: $x) {\n    ...F\n    ... on User @skip(if: false) {\n      id\n    }\n    ... @include(if: true) {\n      name\n    }\n  }\n}\n",
    ),
    ("fragment F on User @trace { id }", "fragment F on User @trace {\n  id\n}\n"),
    ("{ a @d b }", "{\n  a @d\n  b\n}\n"),
    // Object and list values
    ("{ f(filter: {name: \"x\" owner: {id: 1}}, list: [1 2 [3]] empty: {}) }", "{\n  f(filter: { name: \"x\", owner: { id: 1 } }, list: [1, 2, [3]], empty: {})\n}\n"),
    ("{ f(a: [{a: 1}, {b: 2}]) }", "{\n  f(a: [{ a: 1 }, { b: 2 }])\n}\n"),
    // Numbers and strings exactly as written
    ("{ f(a: 1.50, b: 1e3, c: -0.0E+2, d: \"a\\u00e9 \\\"q\\\"\") }", "{\n  f(a: 1.50, b: 1e3, c: -0.0E+2, d: \"a\\u00e9 \\\"q\\\"\")\n}\n"),
    ("{ f(text: \"\"\"\n    block\n  string \"\"\"  ) }", "{\n  f(text: \"\"\"\n    block\n  string \"\"\")\n}\n"),
    // Comments stay on their line, or on their own line
    ("# top\n{ me { id # the id\n # own line\n name } }", "# top\n{\n  me {\n    id # the id\n    # own line\n    name\n  }\n}\n"),
    ("{ a } # after a definition\n\n# before b\nquery B { b }\n# at the end", "{\n  a\n} # after a definition\n\n# before b\nquery B {\n  b\n}\n# at the end\n"),
    ("query Q( # vars\n $a: Int # first\n $b: Int) { a }", "query Q( # vars\n  $a: Int, # first\n  $b: Int) {\n  a\n}\n"),
    ("# only a comment", "# only a comment\n"),
    // One blank line between selections is kept, more are not
    ("{\n\n  a\n\n\n  b\n  c\n\n}", "{\n  a\n\n  b\n  c\n}\n"),
    // Windows line ends
    ("{\r\n  a # c\r\n  b\r\n}\r\n", "{\n  a # c\n  b\n}\n"),
    // Schema definitions get a reasonable layout too
    ("type A implements B & C { f(x: Int = 1): [String!]! @deprecated }\nunion U = A | B\nscalar S", "type A implements B & C {\n  f(x: Int = 1): [String!]! @deprecated\n}\n\nunion U = A | B\n\nscalar S\n"),
    // Broken documents: laid out as far as the brackets allow, nothing lost
    ("{ me { id ", "{\n  me {\n    id\n"),
    ("{ a } } query { b", "{\n  a\n}\n\n}\n\nquery {\n  b\n"),
    ("{ f(a: 1 }", "{\n  f(a: 1\n}\n"),
    // A document the lexer cannot read comes back unchanged
    ("{ f(a: \"unterminated) }", "{ f(a: \"unterminated) }"),
    ("{ a ? b }", "{ a ? b }"),
];

/// Significant tokens and comments, the things formatting must not change.
fn tokens(document: &str) -> Vec<(TokenKind, String)> {
    Lexer::new(document)
        .filter_map(Result::ok)
        .filter(|token| !matches!(token.kind(), TokenKind::Whitespace | TokenKind::Comma | TokenKind::Eof))
        .map(|token| (token.kind(), token.data().trim_end().to_owned()))
        .collect()
}

fn check_preserved(input: &str) -> Result<(), String> {
    let once = format(input);
    let twice = format(&once);
    if once != twice {
        return Err(format!("not idempotent for {input:?}:\nonce:\n{once}\ntwice:\n{twice}"));
    }
    if tokens(input) != tokens(&once) {
        return Err(format!("tokens changed for {input:?}:\n{once}"));
    }
    Ok(())
}

#[test]
fn format_table() {
    let mut failures = Vec::new();
    for &(input, expected) in CASES {
        let found = format(input);
        if found != expected {
            failures.push(format!("input {input:?}\nexpected:\n{expected}\nfound:\n{found}\n(found {found:?})"));
        }
        if let Err(problem) = check_preserved(input) {
            failures.push(problem);
        }
    }
    assert!(failures.is_empty(), "{} failures:\n\n{}", failures.len(), failures.join("\n\n"));
}

#[test]
fn formatting_keeps_every_token_of_odd_documents() {
    let inputs = [
        "query Q($a: ) { me( }",
        "}}}} (((( ]]]",
        "{ a(b: [1, {c: [2, {d: 3}]}]) { ... } }",
        "query\n# c1\n# c2\nQ\n# c3\n{\n# c4\n}\n# c5",
        "{ a(x: 1, # one\n # two\n y: 2) }",
        "{ a(x: [ # in a list\n 1]) }",
        "{ a(x: { # in an object\n b: 1 }) }",
        "mutation { a(input: {name: \"x\", tags: [\"a\"], nested: {deep: [[1], [2]]}}) { id } }",
        "subscription S { s }\nfragment F on T { a }\n{ ...F }",
        "query Q @a @b(c: 1) { x }",
        "directive @d(a: Int) repeatable on FIELD | QUERY\nextend type T { x: Int }\ninput I { a: Int = 1, b: [I!] }",
        "\"desc\" type T { \"field desc\" f: Int }",
        "{ f(a: $v b: 1) }",
        "{{{{{{",
    ];
    let failures: Vec<String> = inputs.iter().chain(CASES.iter().map(|(input, _)| input)).filter_map(|input| check_preserved(input).err()).collect();
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn formatting_the_github_schema_keeps_its_tokens() {
    let sdl = std::fs::read_to_string(test_support::github_sdl_path()).expect("GitHub's SDL");
    check_preserved(&sdl).unwrap_or_else(|problem| panic!("{}", &problem[..problem.len().min(2000)]));
}

/// Every prefix of a document, as an editor sees it while a person types, keeps its tokens and
/// formats idempotently.
#[test]
fn every_prefix_keeps_its_tokens() {
    let document = "query Q($id: ID!, $f: F = {a: [1, 2.5e3], b: \"é\"}) @d {\n  # comment\n  a: project(id: $id) { ...P ... on T @skip(if: true) { x } } # trailing\n}\nfragment P on Project { name }";
    let failures: Vec<String> =
        document.char_indices().filter_map(|(cut, _)| check_preserved(&document[..cut]).err()).collect();
    assert!(failures.is_empty(), "{} failures, first:\n{}", failures.len(), failures.first().map_or("", |f| f.as_str()));
}
