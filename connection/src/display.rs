//! How a response body is shown to a person, the same in the command line and the app: a GraphQL
//! body as one JSON object with `errors` first (as the GraphQL spec suggests, so that a failure is
//! seen before the data), then `data`, then `extensions`; any other body as the text it is.
//!
//! The layout never builds a JSON tree (a 20 MB answer is laid out as text, and a body nested
//! thousands deep would overflow a recursive parser) and is bounded: indentation stops growing at
//! [`MAX_INDENT_DEPTH`], and a layout that would grow past [`output_limit`] is given up for the
//! text as the server sent it.

use net::{Body, GraphqlBody, Response};

/// Indentation stops growing past this depth: without a bound, a small body nested 20,000 deep
/// lays out into gigabytes (the output grows with the square of the depth).
pub const MAX_INDENT_DEPTH: usize = 64;

/// The most bytes a layout of `input_len` bytes may take before it is given up: eight times the
/// input and a megabyte. Real responses lay out in two to four times their size.
pub fn output_limit(input_len: usize) -> usize {
    input_len.saturating_mul(8).saturating_add(1 << 20)
}

/// Which parts of a GraphQL body to show: the app lists `errors` apart from the body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorsShown {
    InBody,
    Apart,
}

/// The note for a GraphQL body of errors alone, shown apart.
pub const ONLY_ERRORS: &str = "The response holds GraphQL errors only, no data.";

/// A body laid out for people, with a sentence when the layout was bounded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    pub text: String,
    pub note: Option<String>,
}

/// A GraphQL body's parts as one compact JSON object: `errors` (unless shown apart), `data`,
/// `extensions`, each as the server sent it.
pub fn graphql_json(body: &GraphqlBody, errors: ErrorsShown) -> String {
    let mut parts = Vec::new();
    if errors == ErrorsShown::InBody && !body.errors.is_empty() {
        parts.push(format!("\"errors\":{}", serde_json::Value::Array(body.errors.clone())));
    }
    if let Some(data) = &body.data {
        parts.push(format!("\"data\":{}", data.text()));
    }
    if let Some(extensions) = &body.extensions {
        parts.push(format!("\"extensions\":{extensions}"));
    }
    format!("{{{}}}", parts.join(","))
}

/// The body of a response as people see it: GraphQL pretty-printed (see [`pretty_json`]), any
/// other text as it came, nothing for an empty body.
pub fn response_body(response: &Response, errors: ErrorsShown) -> Layout {
    match &response.body {
        Body::Graphql(body) => graphql_layout(body, errors),
        Body::Text { text } => Layout { text: text.replace("\r\n", "\n"), note: None },
        Body::Empty => Layout { text: String::new(), note: None },
    }
}

/// A GraphQL body laid out; errors and nothing else, listed apart, are no body at all and a note
/// (an empty `{}` beside them read as the data).
pub fn graphql_layout(body: &GraphqlBody, errors: ErrorsShown) -> Layout {
    if errors == ErrorsShown::Apart && body.data.is_none() && body.extensions.is_none() {
        return Layout { text: String::new(), note: (!body.errors.is_empty()).then(|| ONLY_ERRORS.to_owned()) };
    }
    pretty_json(&graphql_json(body, errors))
}

/// Re-indents JSON text with two spaces, the layout of `JSON.stringify(value, null, 2)`, without
/// parsing it into a tree. Strings are copied byte for byte; invalid JSON comes out re-spaced but not
/// lost. Bounded: see the module's documentation.
pub fn pretty_json(text: &str) -> Layout {
    let limit = output_limit(text.len());
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let mut deepest = 0usize;
    let bytes = text.as_bytes();
    let mut at = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth.min(MAX_INDENT_DEPTH) {
            out.push_str("  ");
        }
    };
    while at < bytes.len() {
        if out.len() > limit {
            let note = format!(
                "Shown as the server sent it: laid out, this {} body would take more than {}.",
                net::size(text.len() as u64),
                net::size(limit as u64)
            );
            return Layout { text: text.to_owned(), note: Some(note) };
        }
        match bytes[at] {
            b'"' => {
                let start = at;
                at += 1;
                while at < bytes.len() && bytes[at] != b'"' {
                    at += if bytes[at] == b'\\' { 2 } else { 1 };
                }
                at = (at + 1).min(bytes.len());
                out.push_str(&text[start..at]);
                continue;
            }
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                match next_significant(bytes, at + 1) {
                    Some(next) if bytes[next] == close => {
                        out.push(open as char);
                        out.push(close as char);
                        at = next + 1;
                        continue;
                    }
                    _ => {}
                }
                out.push(open as char);
                depth += 1;
                deepest = deepest.max(depth);
                newline(&mut out, depth);
            }
            close @ (b'}' | b']') => {
                depth = depth.saturating_sub(1);
                newline(&mut out, depth);
                out.push(close as char);
            }
            b',' => {
                out.push(',');
                newline(&mut out, depth);
            }
            b':' => out.push_str(": "),
            b' ' | b'\t' | b'\n' | b'\r' => {}
            _ => {
                // A number, `true`, `false` or `null` (or stray bytes): the run up to the next
                // structural byte, on a character boundary.
                let start = at;
                while at < bytes.len() && !matches!(bytes[at], b'"' | b'{' | b'[' | b'}' | b']' | b',' | b':' | b' ' | b'\t' | b'\n' | b'\r') {
                    at += 1;
                }
                out.push_str(&text[start..at]);
                continue;
            }
        }
        at += 1;
    }
    let note = (deepest > MAX_INDENT_DEPTH).then(|| {
        format!("The body nests {deepest} levels deep: indentation stops growing at {MAX_INDENT_DEPTH} levels.")
    });
    Layout { text: out, note }
}

/// Lines longer than this are shown in pieces of this many bytes (at a character boundary): a body
/// shown as the server sent it may be one line of megabytes, which no text view lays out quickly.
pub const MAX_SHOWN_LINE_BYTES: usize = 4096;

/// A layout's lines as a response view shows them, a range at a time: one text and the offsets
/// where shown lines start (long lines in pieces of [`MAX_SHOWN_LINE_BYTES`]).
#[derive(Debug, Default)]
pub struct ShownLines {
    text: String,
    /// Byte offset of each shown line's start; a shown line ends where the next starts (its line
    /// break, if any, trimmed).
    starts: Vec<usize>,
    note: Option<String>,
}

impl ShownLines {
    pub fn new(layout: Layout) -> ShownLines {
        let Layout { text, note } = layout;
        let mut starts = Vec::new();
        let mut line_start = 0;
        while line_start < text.len() {
            let line_end = text[line_start..].find('\n').map_or(text.len(), |at| line_start + at);
            let mut piece = line_start;
            loop {
                starts.push(piece);
                if line_end - piece <= MAX_SHOWN_LINE_BYTES {
                    break;
                }
                let mut next = piece + MAX_SHOWN_LINE_BYTES;
                while !text.is_char_boundary(next) {
                    next -= 1;
                }
                piece = next;
            }
            line_start = line_end + 1;
        }
        ShownLines { text, starts, note }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Why the layout was bounded, when it was.
    pub fn note(&self) -> Option<&str> {
        self.note.as_deref()
    }

    /// The bytes of text held.
    pub fn text_len(&self) -> usize {
        self.text.len()
    }

    /// The whole laid-out text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The shown lines that contain `query` (ignoring ASCII case), in order, at most `limit`; and
    /// whether there were more. Find in a response: the text stays here, the page gets line numbers.
    pub fn find(&self, query: &str, limit: usize) -> (Vec<usize>, bool) {
        if query.is_empty() {
            return (Vec::new(), false);
        }
        let needle = query.to_ascii_lowercase();
        let mut found = Vec::new();
        for line in 0..self.line_count() {
            let to = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
            let text = &self.text[self.starts[line]..to];
            // Most lines are ASCII: compare without allocating unless a case differs.
            let hit = text.contains(query) || text.to_ascii_lowercase().contains(&needle);
            if hit {
                if found.len() == limit {
                    return (found, true);
                }
                found.push(line);
            }
        }
        (found, false)
    }

    /// The lines in `range` (clamped), without their line breaks.
    pub fn lines(&self, range: std::ops::Range<usize>) -> Vec<String> {
        let end = range.end.min(self.line_count());
        (range.start.min(end)..end)
            .map(|line| {
                let to = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
                self.text[self.starts[line]..to].trim_end_matches('\n').to_owned()
            })
            .collect()
    }
}

fn next_significant(bytes: &[u8], from: usize) -> Option<usize> {
    (from..bytes.len()).find(|&at| !matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pretty(text: &str) -> String {
        pretty_json(text).text
    }

    #[test]
    fn pretty_json_lays_out_like_json_stringify_with_two_spaces() {
        let cases = [
            ("{}", "{}"),
            ("[ ]", "[]"),
            ("1", "1"),
            (r#"{"a":1}"#, "{\n  \"a\": 1\n}"),
            (r#"{"a":[1,2],"b":{}}"#, "{\n  \"a\": [\n    1,\n    2\n  ],\n  \"b\": {}\n}"),
            (r#"{ "a" : -1.5e3 , "b" : null }"#, "{\n  \"a\": -1.5e3,\n  \"b\": null\n}"),
            // Strings are copied as they are: brackets, commas, escaped quotes, markup.
            (r#"["{,}:[ ]","a\"b\\","<script>x</script>"]"#, "[\n  \"{,}:[ ]\",\n  \"a\\\"b\\\\\",\n  \"<script>x</script>\"\n]"),
            (r#"{"é😀":"ü"}"#, "{\n  \"é😀\": \"ü\"\n}"),
        ];
        for (input, expected) in cases {
            assert_eq!(pretty_json(input), Layout { text: expected.to_owned(), note: None }, "input: {input}");
        }
    }

    #[test]
    fn pretty_json_agrees_with_serde_json_on_a_real_response() {
        // Keys in sorted order: serde_json's map sorts them.
        let input = r#"{"data":{"projects":{"edges":[{"node":{"id":"p1","n":3,"name":"shop","ok":true,"tags":[]}}]}},"extensions":{"cost":{"requested":1.5}}}"#;
        let reference = serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(input).unwrap()).unwrap();
        assert_eq!(pretty(input), reference);
    }

    #[test]
    fn unfinished_or_invalid_text_loses_nothing_and_does_not_panic() {
        for input in [r#"{"a":"unterminated"#, r#""ends with backslash\"#, "}}]]", "{[", "tru", "", "\u{1F600}\"\\"] {
            let shown = pretty(input);
            let kept: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
            let original: String = input.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(kept, original, "input: {input}");
        }
    }

    /// Regression: a 40 KB body of 20,000 nested arrays laid out into gigabytes (the indentation of
    /// each line grew with the depth) and the app was killed for memory.
    #[test]
    fn twenty_thousand_nested_arrays_lay_out_within_bounds() {
        let depth = 20_000;
        let input = format!("{{\"data\":{{\"a\":{}{}}}}}", "[".repeat(depth), "]".repeat(depth));
        let layout = pretty_json(&input);
        assert!(layout.text.len() <= output_limit(input.len()) + input.len(), "{} bytes laid out", layout.text.len());
        // Laid out, every bracket would take a line of 129 bytes: the raw text is shown instead.
        assert_eq!(layout.text, input);
        assert!(layout.note.expect("the bound is said").starts_with("Shown as the server sent it"));
    }

    #[test]
    fn indentation_stops_growing_at_the_depth_limit() {
        let depth = 100;
        let input = format!("{}1{}", "{\"a\":".repeat(depth), "}".repeat(depth));
        let layout = pretty_json(&input);
        assert_eq!(layout.text.lines().count(), 2 * depth + 1, "every level still on its own line");
        let widest = layout.text.lines().map(str::len).max().unwrap();
        assert_eq!(widest, 2 * MAX_INDENT_DEPTH + "\"a\": {".len());
        assert_eq!(layout.note.as_deref(), Some("The body nests 100 levels deep: indentation stops growing at 64 levels."));
    }

    fn shown(text: &str) -> ShownLines {
        ShownLines::new(Layout { text: text.to_owned(), note: None })
    }

    #[test]
    fn lines_are_served_by_range_and_clamped() {
        let json = ShownLines::new(pretty_json(r#"{"a":[1,2]}"#));
        assert_eq!(json.line_count(), 6);
        assert_eq!(json.lines(0..2), ["{", "  \"a\": ["]);
        assert_eq!(json.lines(4..100), ["  ]", "}"]);
        assert_eq!(json.lines(10..20), Vec::<String>::new());
        assert_eq!(shown("<html>\n<body>502</body>\n").lines(0..10), ["<html>", "<body>502</body>"]);
        assert_eq!(shown("").line_count(), 0);
        assert_eq!(shown("a\n\nb").lines(0..3), ["a", "", "b"]);
    }

    #[test]
    fn a_very_long_line_is_shown_in_pieces_at_character_boundaries() {
        let line = "é".repeat(MAX_SHOWN_LINE_BYTES); // two bytes each
        let view = shown(&format!("{line}\nend"));
        assert_eq!(view.line_count(), 3);
        let pieces = view.lines(0..3);
        assert_eq!(pieces[0].len(), MAX_SHOWN_LINE_BYTES);
        assert_eq!(format!("{}{}", pieces[0], pieces[1]), line);
        assert_eq!(pieces[2], "end");
        let odd = shown(&format!("a{line}"));
        assert!(odd.lines(0..10).iter().all(|piece| piece.len() <= MAX_SHOWN_LINE_BYTES));
        assert_eq!(odd.lines(0..10).concat(), format!("a{line}"));
    }

    #[test]
    fn find_answers_the_lines_that_contain_the_query() {
        let view = ShownLines::new(pretty_json(r#"{"projects":[{"name":"Acme"},{"name":"acme-shop"},{"name":"weather"}]}"#));
        let (lines, more) = view.find("ACME", 10);
        assert_eq!(lines.iter().map(|&line| view.lines(line..line + 1).remove(0)).collect::<Vec<_>>(), ["      \"name\": \"Acme\"", "      \"name\": \"acme-shop\""]);
        assert!(!more);
        assert_eq!(view.find("name", 2), (vec![3, 6], true));
        assert_eq!(view.find("", 10), (vec![], false));
        assert_eq!(view.find("nothing", 10), (vec![], false));
    }

    /// One order for both front ends (the command line showed errors first, the app data first).
    #[test]
    fn graphql_bodies_show_errors_first_then_data_then_extensions() {
        let (Body::Graphql(body), _) = net::classify_body(
            Some("application/json"),
            br#"{"extensions":{"cost":1},"data":{"me":null},"errors":[{"message":"no"}]}"#,
        ) else {
            panic!("a GraphQL body")
        };
        assert_eq!(graphql_json(&body, ErrorsShown::InBody), r#"{"errors":[{"message":"no"}],"data":{"me":null},"extensions":{"cost":1}}"#);
        assert_eq!(graphql_json(&body, ErrorsShown::Apart), r#"{"data":{"me":null},"extensions":{"cost":1}}"#);
    }

    #[test]
    fn a_body_of_errors_alone_shown_apart_is_a_note_not_an_empty_object() {
        let layout = |raw: &[u8], errors| {
            let (Body::Graphql(body), _) = net::classify_body(Some("application/json"), raw) else { panic!("a GraphQL body") };
            graphql_layout(&body, errors)
        };
        let only_errors = br#"{"errors":[{"message":"Unable to detect operation AST"}]}"#;
        assert_eq!(layout(only_errors, ErrorsShown::Apart), Layout { text: String::new(), note: Some(ONLY_ERRORS.to_owned()) });
        assert!(layout(only_errors, ErrorsShown::InBody).text.contains("Unable to detect"));
        // `data: null` is no data (net reads it as absent), as is no `data` at all.
        assert_eq!(layout(br#"{"data":null,"errors":[{"message":"no"}]}"#, ErrorsShown::Apart).note.as_deref(), Some(ONLY_ERRORS));
        assert_eq!(layout(br#"{"data":{"me":null},"errors":[{"message":"no"}]}"#, ErrorsShown::Apart).text, "{\n  \"data\": {\n    \"me\": null\n  }\n}");
    }
}
