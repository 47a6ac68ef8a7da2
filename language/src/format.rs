//! The formatter (prettify): layout changes, comments and literal values stay exactly as written.
//!
//! It works on apollo-parser's lexer tokens rather than on a syntax tree, so it is lossless by
//! construction: every token (names, numbers as written, strings and block strings byte for byte,
//! comments) is copied in order; only whitespace and the insignificant commas change. That also
//! makes it tolerant: a document with syntax errors is laid out as well as its brackets allow.
//! A document the lexer cannot read (an unterminated string, a stray character) comes back
//! unchanged.
//!
//! Layout follows graphql-js's printer and prettier: two-space indent, one selection per line, `{`
//! on the line it opens, arguments and variable definitions inline and separated by `, `, object
//! values as `{ a: 1 }`, lists as `[1, 2]`, one blank line between definitions, at most one blank
//! line kept between selections. A comment stays at the end of its line or on its own line, as
//! written.

use apollo_parser::{Lexer, TokenKind};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Frame {
    /// A selection set (or, in SDL, a fields block): one item per line.
    Block,
    /// Arguments or variable definitions.
    Paren,
    List,
    /// An input-object value.
    Object,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Nothing,
    Space,
    Comma,
    Newline,
    BlankLine,
}

struct Comment<'a> {
    text: &'a str,
    own_line: bool,
    blank_before: bool,
}

/// A significant token with the comments written before it.
struct Item<'a> {
    kind: TokenKind,
    text: &'a str,
    comments: Vec<Comment<'a>>,
    blank_before: bool,
}

const DEFINITION_KEYWORDS: &[&str] =
    &["query", "mutation", "subscription", "fragment", "schema", "scalar", "type", "interface", "union", "enum", "input", "directive", "extend"];
const OPERATION_KEYWORDS: &[&str] = &["query", "mutation", "subscription"];

pub fn format(document: &str) -> String {
    let Some(items) = items(document) else {
        return document.to_owned();
    };
    let mut out = Writer { out: String::with_capacity(document.len() + document.len() / 4), stack: Vec::new() };
    // Index of the item that started the current top-level definition.
    let mut definition_start = 0;
    for (index, item) in items.iter().enumerate() {
        let previous = index.checked_sub(1).map(|i| &items[i]);
        let before_previous = index.checked_sub(2).map(|i| &items[i]);
        if item.kind == TokenKind::Eof {
            out.comments(&item.comments, if previous.is_some() { Separator::Newline } else { Separator::Nothing });
            break;
        }
        // Closers leave their frame first, so that they are indented like their opener.
        let closed = match item.kind {
            TokenKind::RCurly => out.pop(&[Frame::Block, Frame::Object]),
            TokenKind::RParen => out.pop(&[Frame::Paren]),
            TokenKind::RBracket => out.pop(&[Frame::List]),
            _ => None,
        };
        let mut separator = separator(previous, before_previous, item, closed, out.stack.last().copied(), index == definition_start + 1 && previous.is_some_and(|p| OPERATION_KEYWORDS.contains(&p.text)));
        if separator == Separator::BlankLine && out.stack.is_empty() {
            definition_start = index;
        }
        if separator == Separator::Newline && item.blank_before && previous.is_some_and(|p| p.kind != TokenKind::LCurly) && item.kind != TokenKind::RCurly && item.comments.is_empty() {
            separator = Separator::BlankLine;
        }
        if item.comments.is_empty() {
            out.separate(separator);
        } else {
            out.comments(&item.comments, separator);
            let after = if item.blank_before && out.stack.last() != Some(&Frame::Paren) && item.kind != TokenKind::RCurly {
                Separator::BlankLine
            } else {
                Separator::Newline
            };
            out.separate(after);
        }
        out.out.push_str(item.text);
        match item.kind {
            TokenKind::LCurly => {
                let frame = match out.stack.last() {
                    Some(Frame::Paren | Frame::List | Frame::Object) => Frame::Object,
                    _ => Frame::Block,
                };
                out.stack.push(frame);
            }
            TokenKind::LParen => out.stack.push(Frame::Paren),
            TokenKind::LBracket => out.stack.push(Frame::List),
            _ => {}
        }
    }
    if !out.out.is_empty() {
        out.out.push('\n');
    }
    out.out
}

/// The significant tokens with their comments, or `None` when the lexer reports an error.
fn items(document: &str) -> Option<Vec<Item<'_>>> {
    let mut items = Vec::new();
    let mut comments = Vec::new();
    let mut newlines = 0;
    let mut first = true;
    for token in Lexer::new(document) {
        let token = token.ok()?;
        match token.kind() {
            TokenKind::Whitespace => newlines += line_breaks(token.data()),
            TokenKind::Comma => {}
            TokenKind::Comment => {
                comments.push(Comment { text: token.data(), own_line: first || newlines > 0, blank_before: !first && newlines > 1 });
                first = false;
                newlines = 0;
            }
            kind => {
                // A blank line right before the token (after its comments, if any).
                let blank_before = newlines > 1;
                items.push(Item { kind, text: token.data(), comments: std::mem::take(&mut comments), blank_before });
                first = false;
                newlines = 0;
            }
        }
    }
    Some(items)
}

fn line_breaks(whitespace: &str) -> usize {
    whitespace.matches('\n').count() + whitespace.matches('\r').filter(|_| !whitespace.contains("\r\n")).count()
}

fn is_value_end(item: &Item) -> bool {
    matches!(
        item.kind,
        TokenKind::Name | TokenKind::Int | TokenKind::Float | TokenKind::StringValue | TokenKind::RBracket | TokenKind::RCurly | TokenKind::RParen | TokenKind::Bang
    )
}

fn is_item_start(item: &Item) -> bool {
    matches!(
        item.kind,
        TokenKind::Name | TokenKind::Dollar | TokenKind::StringValue | TokenKind::Int | TokenKind::Float | TokenKind::LBracket | TokenKind::LCurly
    )
}

/// What goes between `previous` and `item`. `closed` is the frame `item` just closed; `top` the
/// frame `item` sits in.
fn separator(
    previous: Option<&Item>,
    before_previous: Option<&Item>,
    item: &Item,
    closed: Option<Frame>,
    top: Option<Frame>,
    after_operation_keyword: bool,
) -> Separator {
    let Some(previous) = previous else { return Separator::Nothing };
    let is = |item: &Item, kind: TokenKind| item.kind == kind;
    match closed {
        Some(Frame::Block) => return if is(previous, TokenKind::LCurly) { Separator::Nothing } else { Separator::Newline },
        Some(Frame::Object) => return if is(previous, TokenKind::LCurly) { Separator::Nothing } else { Separator::Space },
        Some(Frame::Paren | Frame::List) => return Separator::Nothing,
        None => {}
    }
    if matches!(item.kind, TokenKind::RParen | TokenKind::RBracket) {
        return Separator::Nothing;
    }
    if is(previous, TokenKind::LCurly) {
        // `previous` opened the frame `item` is in.
        return if top == Some(Frame::Object) { Separator::Space } else { Separator::Newline };
    }
    if matches!(previous.kind, TokenKind::LParen | TokenKind::LBracket) {
        return Separator::Nothing;
    }
    let after_spread_on = previous.text == "on" && is(previous, TokenKind::Name) && before_previous.is_some_and(|p| is(p, TokenKind::Spread));
    match top {
        None => {
            if is(previous, TokenKind::RCurly) {
                return Separator::BlankLine;
            }
            if is(item, TokenKind::Name)
                && DEFINITION_KEYWORDS.contains(&item.text)
                && is_value_end(previous)
                && !(is(previous, TokenKind::Name) && (DEFINITION_KEYWORDS.contains(&previous.text) || ["on", "implements"].contains(&previous.text)))
            {
                return Separator::BlankLine;
            }
        }
        Some(Frame::Block) => {
            let starts_selection = matches!(item.kind, TokenKind::Name | TokenKind::Spread | TokenKind::StringValue);
            let continues = matches!(previous.kind, TokenKind::Colon | TokenKind::At | TokenKind::Spread | TokenKind::Eq | TokenKind::Pipe | TokenKind::Amp | TokenKind::Dollar)
                || after_spread_on;
            if starts_selection && !continues {
                return Separator::Newline;
            }
        }
        Some(Frame::Paren | Frame::List | Frame::Object) => {
            if is_value_end(previous) && is_item_start(item) && !is(previous, TokenKind::Dollar) {
                return Separator::Comma;
            }
        }
    }
    match (previous.kind, item.kind) {
        (_, TokenKind::Colon | TokenKind::Bang) => Separator::Nothing,
        (_, TokenKind::LParen) if after_operation_keyword => Separator::Space,
        (_, TokenKind::LParen) => Separator::Nothing,
        (TokenKind::Dollar | TokenKind::At, _) => Separator::Nothing,
        (TokenKind::Spread, TokenKind::Name) if item.text != "on" => Separator::Nothing,
        _ => Separator::Space,
    }
}

struct Writer {
    out: String,
    stack: Vec<Frame>,
}

impl Writer {
    /// Leaves the innermost frame of one of `kinds`, with the frames opened inside it; nothing
    /// when no such frame is open (a stray closer).
    fn pop(&mut self, kinds: &[Frame]) -> Option<Frame> {
        let position = self.stack.iter().rposition(|frame| kinds.contains(frame))?;
        let frame = self.stack[position];
        self.stack.truncate(position);
        Some(frame)
    }

    fn newline(&mut self, blank: bool) {
        let trimmed = self.out.trim_end_matches(' ').len();
        self.out.truncate(trimmed);
        if self.out.is_empty() {
            return;
        }
        self.out.push('\n');
        if blank {
            self.out.push('\n');
        }
        for _ in 0..self.stack.len() {
            self.out.push_str("  ");
        }
    }

    fn separate(&mut self, separator: Separator) {
        match separator {
            Separator::Nothing => {}
            Separator::Space => self.out.push(' '),
            Separator::Comma => self.out.push_str(", "),
            Separator::Newline => self.newline(false),
            Separator::BlankLine => self.newline(true),
        }
    }

    /// Writes comments where `separator` would have gone: a comment written on its own line stays
    /// on its own line, one written after code stays after it.
    fn comments(&mut self, comments: &[Comment], separator: Separator) {
        if separator == Separator::Comma {
            self.out.push(',');
        }
        for (index, comment) in comments.iter().enumerate() {
            if comment.own_line {
                let blank = comment.blank_before || (index == 0 && separator == Separator::BlankLine);
                self.newline(blank);
            } else if !self.out.is_empty() {
                self.out.push(' ');
            }
            self.out.push_str(comment.text.trim_end());
        }
    }
}
