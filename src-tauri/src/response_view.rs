//! The last response, laid out for the response pane: pretty-printed once here, kept here, and
//! handed to the web UI a screenful of lines at a time. A 20 MB body never crosses the IPC
//! boundary whole, so the webview neither parses nor holds it.

use std::ops::Range;

/// Lines of a response body, stored as one text and the offsets where lines start.
#[derive(Debug, Default)]
pub struct ResponseView {
    text: String,
    /// Byte offset of each line's start; `text[starts[i]..starts[i+1]]` ends with `\n`.
    starts: Vec<usize>,
}

impl ResponseView {
    /// A JSON value's text, pretty-printed without building a tree (it was checked when read).
    pub fn json(text: &str) -> ResponseView {
        Self::from_text(pretty_json(text))
    }

    /// Any other body, line by line as it came.
    pub fn plain(text: &str) -> ResponseView {
        Self::from_text(text.replace("\r\n", "\n"))
    }

    fn from_text(text: String) -> ResponseView {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(at, _)| at + 1).filter(|&start| start < text.len()));
        if text.is_empty() {
            starts.clear();
        }
        ResponseView { text, starts }
    }

    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The lines in `range` (clamped), without their line breaks.
    pub fn lines(&self, range: Range<usize>) -> Vec<String> {
        let end = range.end.min(self.line_count());
        (range.start.min(end)..end)
            .map(|line| {
                let to = self.starts.get(line + 1).copied().unwrap_or(self.text.len());
                self.text[self.starts[line]..to].trim_end_matches('\n').to_owned()
            })
            .collect()
    }

    /// Everything, for Copy response.
    pub fn text(&self) -> &str {
        &self.text
    }
}

/// Re-indents valid JSON text with two spaces, the layout of `JSON.stringify(value, null, 2)`.
/// Strings are copied byte for byte. Invalid JSON comes out re-spaced but not lost.
pub fn pretty_json(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut depth = 0usize;
    let bytes = text.as_bytes();
    let mut at = 0;
    let newline = |out: &mut String, depth: usize| {
        out.push('\n');
        for _ in 0..depth {
            out.push_str("  ");
        }
    };
    while at < bytes.len() {
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
                let next = next_significant(bytes, at + 1);
                if next.is_some_and(|next| bytes[next] == close) {
                    out.push(open as char);
                    out.push(close as char);
                    at = next.unwrap_or(at) + 1;
                    continue;
                }
                out.push(open as char);
                depth += 1;
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
                // A number, `true`, `false` or `null`: copy the run up to the next structural byte.
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
    out
}

fn next_significant(bytes: &[u8], from: usize) -> Option<usize> {
    (from..bytes.len()).find(|&at| !matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r'))
}

#[cfg(test)]
mod tests {
    use super::*;

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
            assert_eq!(pretty_json(input), expected, "input: {input}");
        }
    }

    #[test]
    fn pretty_json_agrees_with_serde_json_on_a_real_response() {
        // Keys in sorted order: serde_json's map sorts them.
        let input = r#"{"data":{"projects":{"edges":[{"node":{"id":"p1","n":3,"name":"shop","ok":true,"tags":[]}}]}},"extensions":{"cost":{"requested":1.5}}}"#;
        let reference = serde_json::to_string_pretty(&serde_json::from_str::<serde_json::Value>(input).unwrap()).unwrap();
        assert_eq!(pretty_json(input), reference);
    }

    #[test]
    fn unfinished_or_invalid_text_loses_nothing_and_does_not_panic() {
        for input in [r#"{"a":"unterminated"#, r#""ends with backslash\"#, "}}]]", "{[", "tru", ""] {
            let shown = pretty_json(input);
            let kept: String = shown.chars().filter(|c| !c.is_whitespace()).collect();
            let original: String = input.chars().filter(|c| !c.is_whitespace()).collect();
            assert_eq!(kept, original, "input: {input}");
        }
    }

    #[test]
    fn lines_are_served_by_range_and_clamped() {
        let view = ResponseView::json(r#"{"a":[1,2]}"#);
        assert_eq!(view.line_count(), 6);
        assert_eq!(view.lines(0..2), ["{", "  \"a\": ["]);
        assert_eq!(view.lines(4..100), ["  ]", "}"]);
        assert_eq!(view.lines(10..20), Vec::<String>::new());
        let plain = ResponseView::plain("<html>\r\n<body>502</body>\n");
        assert_eq!(plain.lines(0..10), ["<html>", "<body>502</body>"]);
        assert_eq!(ResponseView::plain("").line_count(), 0);
    }
}
