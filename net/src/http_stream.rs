//! Streams over plain HTTP: a POST whose answer comes in parts. `graphql-sse`'s distinct
//! connections mode (`text/event-stream`: `next` events, then `complete`) for subscriptions, and
//! `multipart/mixed` incremental delivery (`@defer`, `@stream`: an initial result, then parts with
//! `incremental` results and `hasNext`). Whatever the server chooses among what was offered is
//! read: a plain JSON answer is one event.
//!
//! The two parsers are pure (bytes in, events out) and bounded: an event larger than the client's
//! body limit ends the stream instead of growing a buffer without end.

use std::time::Duration;

use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};

use crate::subscription::{Flow, Opened, Protocol, StreamEnd};
use crate::{CancellationToken, Client, FailureReason, GraphqlRequest};

/// What a graphql-sse request accepts: an event stream first, else incremental parts, else JSON.
const ACCEPT_SSE: &str = "text/event-stream, multipart/mixed;deferSpec=20220824;q=0.9, application/graphql-response+json;q=0.8, application/json;q=0.7";
/// What an incremental-delivery request accepts (as Apollo Client and urql send it).
const ACCEPT_MULTIPART: &str = "multipart/mixed;deferSpec=20220824, application/graphql-response+json;q=0.9, application/json;q=0.8";

/// How long the server has to start answering (its headers).
const ANSWER_TIMEOUT: Duration = crate::subscription::HANDSHAKE_TIMEOUT;

/// One event of a `text/event-stream`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SseEvent {
    /// The `event:` field; `message` when the server named none.
    pub name: String,
    pub data: String,
}

/// Reads a `text/event-stream` as its bytes arrive (the WHATWG rules: `event:` and `data:` fields,
/// several `data:` lines joined by newlines, `:` comments and other fields ignored, an event
/// dispatched at a blank line; lines end with `\n`, `\r\n` or `\r`).
#[derive(Debug)]
pub struct SseParser {
    /// The line not yet ended.
    line: Vec<u8>,
    /// A `\r` ended the last line: a `\n` right after it belongs to it.
    after_cr: bool,
    name: String,
    data: String,
    has_data: bool,
    limit: usize,
}

impl SseParser {
    /// `limit`: the most bytes one event may hold.
    pub fn new(limit: usize) -> SseParser {
        SseParser { line: Vec::new(), after_cr: false, name: String::new(), data: String::new(), has_data: false, limit }
    }

    /// Takes the next bytes; the events they complete are added to `out`. `Err` when an event
    /// grows beyond the limit.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<SseEvent>) -> Result<(), usize> {
        for &byte in bytes {
            if self.after_cr {
                self.after_cr = false;
                if byte == b'\n' {
                    continue;
                }
            }
            match byte {
                b'\n' | b'\r' => {
                    self.after_cr = byte == b'\r';
                    let line = std::mem::take(&mut self.line);
                    self.line_ended(&line, out);
                }
                _ => {
                    self.line.push(byte);
                    if self.line.len() + self.data.len() > self.limit {
                        return Err(self.line.len() + self.data.len());
                    }
                }
            }
        }
        Ok(())
    }

    fn line_ended(&mut self, line: &[u8], out: &mut Vec<SseEvent>) {
        if line.is_empty() {
            if self.has_data {
                let name = if self.name.is_empty() { "message".to_owned() } else { std::mem::take(&mut self.name) };
                out.push(SseEvent { name, data: std::mem::take(&mut self.data) });
            }
            self.name.clear();
            self.data.clear();
            self.has_data = false;
            return;
        }
        let line = String::from_utf8_lossy(line);
        let (field, value) = match line.split_once(':') {
            Some(("", _)) => return, // a comment (servers send them to keep the connection awake)
            Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
            None => (line.as_ref(), ""),
        };
        match field {
            "event" => value.clone_into(&mut self.name),
            "data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(value);
                self.has_data = true;
            }
            _ => {}
        }
    }
}

/// Reads a `multipart/mixed` body as its bytes arrive: each part's body (its headers dropped).
#[derive(Debug)]
pub struct MultipartParser {
    /// `--` and the boundary.
    delimiter: Vec<u8>,
    buffer: Vec<u8>,
    state: PartState,
    limit: usize,
    /// Where the search for the next delimiter goes on (what came before was searched).
    searched: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartState {
    /// Before the first delimiter.
    Preamble,
    /// Inside a part (its headers, then its body).
    Part,
    /// Right after a delimiter, before the end of its line.
    Delimiter,
    /// After the closing delimiter (`--boundary--`).
    Done,
}

impl MultipartParser {
    pub fn new(boundary: &str, limit: usize) -> MultipartParser {
        MultipartParser { delimiter: format!("--{boundary}").into_bytes(), buffer: Vec::new(), state: PartState::Preamble, limit, searched: 0 }
    }

    /// Whether the closing delimiter came.
    pub fn is_done(&self) -> bool {
        self.state == PartState::Done
    }

    /// Takes the next bytes; the parts they complete are added to `out`. `Err` when one part grows
    /// beyond the limit.
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<Vec<u8>>) -> Result<(), usize> {
        if self.state == PartState::Done {
            return Ok(());
        }
        self.buffer.extend_from_slice(bytes);
        loop {
            match self.state {
                PartState::Preamble | PartState::Part => {
                    let Some(at) = self.next_delimiter() else {
                        // Only the end may yet hold the start of a delimiter.
                        self.searched = self.buffer.len().saturating_sub(self.delimiter.len() + 1);
                        break;
                    };
                    self.searched = 0;
                    if self.state == PartState::Part {
                        // The line break before the delimiter belongs to it.
                        let mut end = at;
                        if end > 0 && self.buffer[end - 1] == b'\n' {
                            end -= 1;
                            if end > 0 && self.buffer[end - 1] == b'\r' {
                                end -= 1;
                            }
                        }
                        out.push(part_body(&self.buffer[..end]).to_vec());
                    }
                    self.buffer.drain(..at + self.delimiter.len());
                    self.state = PartState::Delimiter;
                }
                PartState::Delimiter => {
                    // Two bytes after the delimiter say whether it closes the body (`--`) or opens a part.
                    if self.buffer.len() < 2 {
                        break;
                    }
                    if self.buffer.starts_with(b"--") {
                        self.state = PartState::Done;
                        self.buffer.clear();
                        return Ok(());
                    }
                    // The rest of the delimiter's line (transport padding, then the line break).
                    let Some(line_end) = self.buffer.iter().position(|&byte| byte == b'\n') else { break };
                    self.buffer.drain(..=line_end);
                    self.state = PartState::Part;
                }
                PartState::Done => return Ok(()),
            }
        }
        if self.buffer.len() > self.limit {
            return Err(self.buffer.len());
        }
        Ok(())
    }

    /// Where the next delimiter starts: at the start of the buffer or of a line.
    fn next_delimiter(&self) -> Option<usize> {
        let delimiter = &self.delimiter;
        let mut from = self.searched;
        while let Some(found) = find(&self.buffer[from..], delimiter) {
            let at = from + found;
            if at == 0 || self.buffer[at - 1] == b'\n' {
                return Some(at);
            }
            from = at + 1;
        }
        None
    }
}

/// A part's body: what follows its headers' blank line (a part may have no headers).
fn part_body(part: &[u8]) -> &[u8] {
    for separator in [&b"\r\n\r\n"[..], b"\n\n"] {
        if part.starts_with(&separator[separator.len() / 2..]) {
            return &part[separator.len() / 2..];
        }
        if let Some(at) = find(part, separator) {
            return &part[at + separator.len()..];
        }
    }
    part
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

/// The `boundary` parameter of a `multipart/mixed` content type (quotes removed); `-` when it has
/// none, the value the incremental delivery spec uses.
pub fn boundary_of(content_type: &str) -> String {
    content_type
        .split(';')
        .skip(1)
        .filter_map(|parameter| parameter.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("boundary"))
        .map_or_else(|| "-".to_owned(), |(_, value)| value.trim().trim_matches('"').to_owned())
}

/// What the answer's content type says to read.
enum Framing {
    EventStream,
    Multipart(String),
    Json,
}

fn framing_of(content_type: &str) -> Option<Framing> {
    let essence = content_type.split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    match essence.as_str() {
        "text/event-stream" => Some(Framing::EventStream),
        "multipart/mixed" => Some(Framing::Multipart(boundary_of(content_type))),
        "application/json" | "application/graphql-response+json" => Some(Framing::Json),
        _ => None,
    }
}

/// Whether an incremental-delivery part says more is to come (`hasNext`, `true` when absent).
fn has_next(part: &str) -> bool {
    #[derive(serde::Deserialize)]
    struct Part {
        #[serde(rename = "hasNext")]
        has_next: Option<bool>,
    }
    serde_json::from_str::<Part>(part).ok().and_then(|part| part.has_next).unwrap_or(true)
}

impl Client {
    /// `request` as a POST whose answer streams (see the module's documentation), with `headers`
    /// as `checked_headers` made them. `on_open` gets the answer's status and rate-limit headers
    /// once they come.
    pub(crate) async fn subscribe_over_http(
        &self,
        request: &GraphqlRequest,
        mut headers: reqwest::header::HeaderMap,
        protocol: Protocol,
        cancel: &CancellationToken,
        on_open: impl FnOnce(Opened),
        mut on_event: impl FnMut(&str) -> Flow,
    ) -> StreamEnd {
        let accept = if protocol == Protocol::Multipart { ACCEPT_MULTIPART } else { ACCEPT_SSE };
        headers.insert(ACCEPT, HeaderValue::from_static(accept));
        let url = request.endpoint.url().clone();
        let post = self.http.post(url.clone()).headers(headers).body(request.body()).send();
        let response = tokio::select! {
            biased;
            () = cancel.cancelled() => return StreamEnd::Stopped,
            () = tokio::time::sleep(ANSWER_TIMEOUT) => {
                return StreamEnd::Failed { reason: FailureReason::Timeout { phase: crate::TimeoutPhase::Connect, after: ANSWER_TIMEOUT } };
            }
            response = post => response,
        };
        let mut response = match response {
            Ok(response) => response,
            Err(error) => return StreamEnd::Failed { reason: self.reason_of(&error, &url) },
        };
        let status = response.status();
        on_open(Opened::of(status.as_u16(), response.headers()));
        let content_type = response.headers().get(CONTENT_TYPE).and_then(|value| value.to_str().ok()).unwrap_or_default().to_owned();
        let framing = framing_of(&content_type);
        let limit = usize::try_from(self.config().body_limit).unwrap_or(usize::MAX);
        if !status.is_success() || framing.is_none() {
            let body = tokio::select! {
                biased;
                () = cancel.cancelled() => return StreamEnd::Stopped,
                body = read_some(&mut response, 300) => body,
            };
            let body = if framing.is_none() && status.is_success() {
                format!("a {} body, not a stream", if content_type.is_empty() { "untyped" } else { &content_type })
            } else {
                body
            };
            return StreamEnd::Refused { status: status.as_u16(), body };
        }
        let mut sse = SseParser::new(limit);
        let mut multipart = match &framing {
            Some(Framing::Multipart(boundary)) => Some(MultipartParser::new(boundary, limit)),
            _ => None,
        };
        let mut json = Vec::new();
        let mut events = Vec::new();
        let mut parts = Vec::new();
        loop {
            let chunk = tokio::select! {
                biased;
                () = cancel.cancelled() => return StreamEnd::Stopped,
                chunk = response.chunk() => chunk,
            };
            let chunk = match chunk {
                Ok(Some(chunk)) => chunk,
                Ok(None) => break,
                Err(error) => return StreamEnd::Lost { detail: crate::client::innermost(&error) },
            };
            let too_large = |size: usize| StreamEnd::Failed {
                reason: FailureReason::TooLarge { limit: limit as u64, received: size as u64, declared: None },
            };
            match framing {
                Some(Framing::EventStream) => {
                    if let Err(size) = sse.push(&chunk, &mut events) {
                        return too_large(size);
                    }
                    for event in events.drain(..) {
                        match event.name.as_str() {
                            "next" | "message" if on_event(&event.data) == Flow::Stop => return StreamEnd::Stopped,
                            "complete" => return StreamEnd::Completed,
                            _ => {}
                        }
                    }
                }
                Some(Framing::Multipart(_)) => {
                    let parser = multipart.as_mut().expect("a multipart parser for a multipart answer");
                    if let Err(size) = parser.push(&chunk, &mut parts) {
                        return too_large(size);
                    }
                    for part in parts.drain(..) {
                        let part = String::from_utf8_lossy(&part);
                        let part = part.trim();
                        // `{}`: a heartbeat some servers send while a part is on its way.
                        if part.is_empty() || part == "{}" {
                            continue;
                        }
                        if on_event(part) == Flow::Stop {
                            return StreamEnd::Stopped;
                        }
                        if !has_next(part) {
                            return StreamEnd::Completed;
                        }
                    }
                    if parser.is_done() {
                        return StreamEnd::Completed;
                    }
                }
                Some(Framing::Json) | None => {
                    json.extend_from_slice(&chunk);
                    if json.len() > limit {
                        return too_large(json.len());
                    }
                }
            }
        }
        match framing {
            Some(Framing::Json) | None => {
                let body = String::from_utf8_lossy(&json);
                on_event(body.trim());
                StreamEnd::Completed
            }
            Some(Framing::Multipart(_)) => StreamEnd::Lost { detail: "the answer ended before its last part".to_owned() },
            Some(Framing::EventStream) => StreamEnd::Lost { detail: "the event stream ended without `complete`".to_owned() },
        }
    }
}

/// The start of a body (for saying what came instead of a stream), at most `most` characters,
/// what came within [`ANSWER_TIMEOUT`] (a body that stalls does not hold the stream's end).
pub(crate) async fn read_some(response: &mut reqwest::Response, most: usize) -> String {
    let mut bytes = Vec::new();
    let reading = async {
        while bytes.len() < most * 4 {
            match response.chunk().await {
                Ok(Some(chunk)) => bytes.extend_from_slice(&chunk),
                _ => break,
            }
        }
    };
    let _ = tokio::time::timeout(ANSWER_TIMEOUT, reading).await;
    String::from_utf8_lossy(&bytes).trim().chars().take(most).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sse(chunks: &[&str]) -> Vec<(String, String)> {
        let mut parser = SseParser::new(1 << 20);
        let mut out = Vec::new();
        for chunk in chunks {
            parser.push(chunk.as_bytes(), &mut out).expect("within the limit");
        }
        out.into_iter().map(|event| (event.name, event.data)).collect()
    }

    #[test]
    fn event_streams_are_split_into_events() {
        let pair = |name: &str, data: &str| (name.to_owned(), data.to_owned());
        let cases: Vec<(&str, Vec<&str>, Vec<(String, String)>)> = vec![
            ("one event", vec!["event: next\ndata: {\"data\":1}\n\n"], vec![pair("next", "{\"data\":1}")]),
            ("split anywhere", vec!["eve", "nt: next\nda", "ta: {}\n", "\n"], vec![pair("next", "{}")]),
            ("CRLF lines", vec!["event: next\r\ndata: 1\r\n\r\nevent: complete\r\ndata:\r\n\r\n"], vec![pair("next", "1"), pair("complete", "")]),
            ("CR lines", vec!["event: next\rdata: 1\r\r"], vec![pair("next", "1")]),
            ("CR then LF in another chunk", vec!["data: 1\r", "\n\r", "\n"], vec![pair("message", "1")]),
            ("data lines joined", vec!["data: {\ndata: \"a\": 1\ndata: }\n\n"], vec![pair("message", "{\n\"a\": 1\n}")]),
            ("comments and ids ignored", vec![": keep-alive\n\nid: 7\nevent: next\ndata: 2\nretry: 10\n\n"], vec![pair("next", "2")]),
            ("an event without data is not dispatched", vec!["event: next\n\n"], vec![]),
            ("no space after the colon", vec!["event:complete\ndata:\n\n"], vec![pair("complete", "")]),
            ("unfinished event waits", vec!["event: next\ndata: 1\n"], vec![]),
        ];
        for (name, chunks, expected) in cases {
            assert_eq!(sse(&chunks), expected, "{name}");
        }
    }

    #[test]
    fn an_event_larger_than_the_limit_is_refused() {
        let mut parser = SseParser::new(16);
        let mut out = Vec::new();
        assert!(parser.push(b"data: 0123456789", &mut out).is_ok());
        assert!(parser.push(b"0123456789", &mut out).is_err());
    }

    fn multipart(boundary: &str, chunks: &[&str]) -> (Vec<String>, bool) {
        let mut parser = MultipartParser::new(boundary, 1 << 20);
        let mut out = Vec::new();
        for chunk in chunks {
            parser.push(chunk.as_bytes(), &mut out).expect("within the limit");
        }
        (out.into_iter().map(|part| String::from_utf8(part).unwrap()).collect(), parser.is_done())
    }

    #[test]
    fn multipart_bodies_are_split_into_parts() {
        let initial = "\r\n---\r\nContent-Type: application/json; charset=utf-8\r\n\r\n{\"data\":{\"a\":1},\"hasNext\":true}\r\n---";
        let later = "\r\nContent-Type: application/json\r\n\r\n{\"incremental\":[],\"hasNext\":false}\r\n-----\r\n";
        let parts = |texts: &[&str]| texts.iter().map(|text| (*text).to_owned()).collect::<Vec<_>>();
        let cases: Vec<(&str, &str, Vec<&str>, (Vec<String>, bool))> = vec![
            ("two parts", "-", vec![initial, later], (parts(&["{\"data\":{\"a\":1},\"hasNext\":true}", "{\"incremental\":[],\"hasNext\":false}"]), true)),
            ("byte by byte", "-", initial.as_bytes().chunks(1).map(|byte| std::str::from_utf8(byte).unwrap()).collect(), (parts(&["{\"data\":{\"a\":1},\"hasNext\":true}"]), false)),
            ("a part without headers", "graphql", vec!["--graphql\r\n\r\n{}\r\n--graphql--"], (parts(&["{}"]), true)),
            ("LF only", "b", vec!["--b\nContent-Type: application/json\n\n{\"x\":1}\n--b--\n"], (parts(&["{\"x\":1}"]), true)),
            ("a preamble", "b", vec!["ignored\r\n--b\r\n\r\n1\r\n--b--"], (parts(&["1"]), true)),
            ("the boundary inside a body is not a delimiter", "b", vec!["--b\r\n\r\n\"x--b\"\r\n--b--"], (parts(&["\"x--b\""]), true)),
            ("an unfinished part waits", "b", vec!["--b\r\n\r\n{\"x\":"], (parts(&[]), false)),
        ];
        for (name, boundary, chunks, expected) in cases {
            assert_eq!(multipart(boundary, &chunks), expected, "{name}");
        }
    }

    #[test]
    fn boundaries_are_read_from_the_content_type() {
        let cases = [
            ("multipart/mixed; boundary=\"-\"; deferSpec=20220824", "-"),
            ("multipart/mixed;boundary=graphql;subscriptionSpec=1.0", "graphql"),
            ("multipart/mixed", "-"),
            ("multipart/mixed; deferSpec=20220824; Boundary=abc", "abc"),
        ];
        for (content_type, boundary) in cases {
            assert_eq!(boundary_of(content_type), boundary, "{content_type}");
        }
    }

    #[test]
    fn has_next_defaults_to_more() {
        let cases = [("{\"hasNext\":false}", false), ("{\"hasNext\":true}", true), ("{\"data\":{}}", true), ("not json", true)];
        for (part, expected) in cases {
            assert_eq!(has_next(part), expected, "{part}");
        }
    }
}
