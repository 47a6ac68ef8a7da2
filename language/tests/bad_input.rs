//! Hostile and huge documents: every feature answers (an error is a diagnostic), none panics,
//! overflows the stack or runs away with memory.

use language::diagnostics::Severity;

/// Runs every feature on `document` at a few offsets, including ones past the end.
fn every_feature(document: &str) -> Vec<language::diagnostics::Diagnostic> {
    let schema = test_support::fixture_schema();
    for offset in [0, document.len() / 2, document.len(), document.len() + 10] {
        let _ = language::completion::complete(schema, document, offset);
        let _ = language::hover::hover(schema, document, offset);
    }
    let _ = language::operations::operations(document);
    let _ = language::format::format(document);
    let _ = language::variables::check_variables(schema, document, None, &serde_json::json!({}));
    language::diagnostics::diagnostics(schema, document)
}

fn has_error(diagnostics: &[language::diagnostics::Diagnostic], fragment: &str) -> bool {
    diagnostics.iter().any(|diagnostic| diagnostic.severity == Severity::Error && diagnostic.message.contains(fragment))
}

#[test]
fn ten_thousand_levels_of_nesting_is_a_diagnostic() {
    let cases = [
        ("selection sets", format!("{}{}", "{ me ".repeat(10_000), "}".repeat(10_000))),
        ("list values", format!("{{ search(text: {}\"x\"{}) {{ __typename }} }}", "[".repeat(10_000), "]".repeat(10_000))),
        ("object values", format!("{{ projects(filter: {}{}) {{ totalCount }} }}", "{owner: ".repeat(10_000), "}".repeat(10_000))),
        ("unclosed braces", "{".repeat(10_000)),
    ];
    for (what, document) in cases {
        let diagnostics = every_feature(&document);
        assert!(diagnostics.iter().any(|d| d.severity == Severity::Error), "{what}: no error for 10,000 levels");
    }
}

#[test]
fn integers_beyond_64_bits_are_a_diagnostic() {
    let diagnostics = every_feature("{ me { avatar(size: 123456789012345678901234567890) } }");
    assert!(has_error(&diagnostics, "123456789012345678901234567890"), "{diagnostics:?}");
}

#[test]
fn a_50_megabyte_document_gets_an_answer() {
    // 50 MB of one long, valid-looking selection: the parser's token limit stops it with a diagnostic.
    let document = format!("{{ me {{ {} }} }}", "name ".repeat(10_000_000));
    assert!(document.len() >= 50_000_000);
    let diagnostics = every_feature(&document);
    assert!(!diagnostics.is_empty(), "a 50 MB document is not silently accepted");
}

#[test]
fn garbage_gets_diagnostics_not_panics() {
    let cases = ["\u{0}\u{1}\u{2}", "}}}}))))", "query query query", "\"unterminated", "\"\"\"unterminated block", "{ me { name } } }", "@@@ $$$ ...", "\u{feff}{ me { name } }"];
    for document in cases {
        let _ = every_feature(document);
    }
}
