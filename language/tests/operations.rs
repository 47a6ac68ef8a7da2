//! Operations list: each case is a document and the operations expected in it, as
//! (name, kind, text of the definition's range).

use language::operations::{OperationKind, operations};

use OperationKind::{Mutation, Query, Subscription};

/// (name, kind, text of the definition's range)
type Expected<'a> = (Option<&'a str>, OperationKind, &'a str);

fn check_operations(document: &str, expected: &[Expected]) {
    let found = operations(document);
    let found: Vec<(Option<&str>, OperationKind, &str)> =
        found.iter().map(|op| (op.name.as_deref(), op.kind, &document[op.start..op.end])).collect();
    assert_eq!(found, expected, "operations of {document:?}");
}

#[test]
fn operations_table() {
    let cases: &[(&str, &[Expected])] = &[
        ("", &[]),
        ("# only a comment", &[]),
        ("{ me { id } }", &[(None, Query, "{ me { id } }")]),
        ("query { me { id } }", &[(None, Query, "query { me { id } }")]),
        ("query Me { me { id } }", &[(Some("Me"), Query, "query Me { me { id } }")]),
        (
            "query A { me { id } }\n\n# between\nmutation B($id: ID!) { projectDelete(id: $id) }\nsubscription C { deploymentStatus(id: 1) { id } } # after\n",
            &[
                (Some("A"), Query, "query A { me { id } }"),
                (Some("B"), Mutation, "mutation B($id: ID!) { projectDelete(id: $id) }"),
                (Some("C"), Subscription, "subscription C { deploymentStatus(id: 1) { id } }"),
            ],
        ),
        (
            "fragment F on User { id }\nquery Q { me { ...F } }",
            &[(Some("Q"), Query, "query Q { me { ...F } }")],
        ),
        // Broken documents still list their operations.
        ("query Broken { me(id: ) { id } }\nmutation M { x }", &[(Some("Broken"), Query, "query Broken { me(id: ) { id } }"), (Some("M"), Mutation, "mutation M { x }")]),
        // An unclosed selection set swallows what follows: `mutation` reads as a field name there.
        ("query Open { me { id \nmutation M { x }", &[(Some("Open"), Query, "query Open { me { id \nmutation M { x }")]),
        ("query Q(", &[(Some("Q"), Query, "query Q(")]),
        ("mutation", &[(None, Mutation, "mutation")]),
        ("query é { a }", &[(None, Query, "query é { a }")]),
        ("query Ünïcode { a }  query After { b }", &[(Some("n"), Query, "query Ünïcode"), (None, Query, "{ a }"), (Some("After"), Query, "query After { b }")]),
    ];
    for (document, expected) in cases {
        check_operations(document, expected);
    }
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let document = format!("query Deep {{ {} }}", "a { ".repeat(10_000));
    let found = operations(&document);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].name.as_deref(), Some("Deep"));
}

/// Regression: with two operations, Run used the picker's choice even with the cursor in the other
/// one, and right after a second operation was typed it sent none (the server answered "Unable to
/// detect operation AST").
#[test]
fn run_sends_the_operation_under_the_cursor() {
    let document = "query First { me { name } }\n\nquery Second { projects { edges { node { name } } } }\n";
    let second = document.find("query Second").unwrap();
    // (cursor, the picker's choice, what runs)
    let cases: &[(usize, Option<&str>, Option<&str>)] = &[
        (0, None, Some("First")),
        (5, Some("Second"), Some("First")),
        (second + 10, Some("First"), Some("Second")),
        (document.find("edges").unwrap(), None, Some("Second")),
        (document.len() - 1, None, Some("Second")),
        // Between the two: the picker decides.
        (document.find("\n\n").unwrap() + 1, Some("Second"), Some("Second")),
        (document.find("\n\n").unwrap() + 1, None, None),
        (document.find("\n\n").unwrap() + 1, Some("Gone"), None),
    ];
    for &(cursor, chosen, expected) in cases {
        assert_eq!(language::operations::operation_to_run(document, cursor, chosen).as_deref(), expected, "cursor {cursor}, chosen {chosen:?}");
    }
    assert_eq!(language::operations::operation_to_run("{ me { name } }", 3, None), None, "one anonymous operation has no name to send");
    assert_eq!(language::operations::operation_to_run("query Only { me { name } }", 0, None).as_deref(), Some("Only"));
    assert_eq!(language::operations::operation_to_run("", 0, Some("X")), None);
}
