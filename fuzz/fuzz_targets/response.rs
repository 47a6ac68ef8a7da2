//! What a server sends, arbitrary: the body read as GraphQL or text (`net::classify_body`), laid out
//! for people (`connection::display`, as the command line prints it and the app's response view
//! shows it, a range of lines at a time) and its rate-limit headers read (`ratelimit::observe`).
//! None may panic, overflow the stack or allocate without bound; a layout keeps every byte of JSON
//! that is not whitespace, and stays within its output limit.
#![no_main]

use connection::display::{self, ErrorsShown, ShownLines};
use libfuzzer_sys::fuzz_target;

const CONTENT_TYPES: [Option<&str>; 5] =
    [None, Some("application/json"), Some("application/graphql-response+json"), Some("text/html; charset=utf-8"), Some("text/plain")];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else { return };
    // The first lines are headers (`name: value`) up to an empty line; the rest is the body.
    let split = rest.windows(2).position(|window| window == b"\n\n").map_or(0, |at| at + 2);
    let (head, body) = rest.split_at(split);
    let head = String::from_utf8_lossy(head);
    let headers: Vec<(&str, &str)> = head.lines().filter_map(|line| line.split_once(':')).collect();
    let content_type = CONTENT_TYPES[usize::from(selector) % CONTENT_TYPES.len()];

    let (classified, _problems) = net::classify_body(content_type, body);
    let extensions = match &classified {
        net::Body::Graphql(graphql) => graphql.extensions.as_ref(),
        _ => None,
    };
    let _ = ratelimit::observe(headers.iter().copied(), extensions, 1_790_000_000);

    let text = match &classified {
        net::Body::Graphql(graphql) => display::graphql_json(graphql, if selector & 1 == 0 { ErrorsShown::InBody } else { ErrorsShown::Apart }),
        net::Body::Text { text } => text.clone(),
        net::Body::Empty => String::new(),
    };
    let layout = display::pretty_json(&text);
    assert!(layout.text.len() <= display::output_limit(text.len()).max(text.len()), "a layout stays within its limit");
    let kept: Vec<char> = layout.text.chars().filter(|c| !c.is_whitespace()).collect();
    let original: Vec<char> = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert_eq!(kept, original, "the layout keeps every character but whitespace");
    let lines = ShownLines::new(layout);
    let count = lines.line_count();
    let from = usize::from(selector) % (count + 2);
    for line in lines.lines(from..from + 50) {
        assert!(line.len() <= display::MAX_SHOWN_LINE_BYTES);
    }
});
