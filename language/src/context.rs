//! Where the cursor is: the shared machinery of completion and hover.
//!
//! A small lossless lexer turns the whole document into tokens (commas and whitespace dropped,
//! comments and strings only checked against the cursor). A tolerant recursive-descent parser then
//! walks the tokens *before* the cursor, resolving types as it goes (nested fields, aliases, inline
//! fragments, fragment definitions, arguments, input objects and lists), and stops at the first
//! point where the next token would be at the cursor. What it expected there is the [`Ctx`].
//!
//! The parser never looks past the cursor, so unfinished text after it cannot confuse it, and every
//! loop consumes a token or returns, so garbage cannot make it spin.

use apollo_compiler::ast::{self, DirectiveLocation, FieldDefinition, InputValueDefinition, Type};
use apollo_compiler::schema::{DirectiveDefinition, ExtendedType, InputObjectType};
use apollo_compiler::{Name, Node, Schema};

// ---------------------------------------------------------------------------------------------
// Lexer

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Name,
    /// One of `! $ & ( ) : = @ [ ] { } |`.
    Punct(u8),
    Spread,
    Str,
    Number,
    Other,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
}

/// Tokens of `text`, and whether `cursor` is inside a comment, a string or a number.
fn lex(text: &str, cursor: usize) -> (Vec<Token>, bool) {
    let b = text.as_bytes();
    let len = b.len();
    let mut tokens = Vec::with_capacity(len / 4 + 4);
    let mut inside_literal = false;
    let mut i = 0;
    while i < len {
        let c = b[i];
        let start = i;
        match c {
            b' ' | b'\t' | b'\n' | b'\r' | b',' => i += 1,
            b'#' => {
                while i < len && b[i] != b'\n' && b[i] != b'\r' {
                    i += 1;
                }
                if start < cursor && cursor <= i {
                    inside_literal = true;
                }
            }
            b'"' => {
                let terminated;
                if b[i..].starts_with(b"\"\"\"") {
                    i += 3;
                    loop {
                        if i >= len {
                            terminated = false;
                            break;
                        }
                        if b[i] == b'\\' && b[i + 1..].starts_with(b"\"\"\"") {
                            i += 4;
                        } else if b[i..].starts_with(b"\"\"\"") {
                            i += 3;
                            terminated = true;
                            break;
                        } else {
                            i += 1;
                        }
                    }
                } else {
                    i += 1;
                    loop {
                        if i >= len {
                            terminated = false;
                            break;
                        }
                        match b[i] {
                            b'\\' => i += if matches!(b.get(i + 1), Some(b'"' | b'\\')) { 2 } else { 1 },
                            b'"' => {
                                i += 1;
                                terminated = true;
                                break;
                            }
                            b'\n' | b'\r' => {
                                terminated = false;
                                break;
                            }
                            _ => i += 1,
                        }
                    }
                }
                i = i.min(len);
                if start < cursor && (cursor < i || (!terminated && cursor <= i)) {
                    inside_literal = true;
                }
                tokens.push(Token { kind: Kind::Str, start, end: i });
            }
            b'.' => {
                if b[i..].starts_with(b"...") {
                    i += 3;
                    tokens.push(Token { kind: Kind::Spread, start, end: i });
                } else {
                    i += 1;
                    tokens.push(Token { kind: Kind::Other, start, end: i });
                }
            }
            b'-' | b'0'..=b'9' => {
                i += 1;
                while i < len
                    && (b[i].is_ascii_alphanumeric()
                        || b[i] == b'.'
                        || b[i] == b'_'
                        || (matches!(b[i], b'+' | b'-') && matches!(b[i - 1], b'e' | b'E')))
                {
                    i += 1;
                }
                if start < cursor && cursor <= i {
                    inside_literal = true;
                }
                tokens.push(Token { kind: Kind::Number, start, end: i });
            }
            b'_' | b'a'..=b'z' | b'A'..=b'Z' => {
                i += 1;
                while i < len && (b[i].is_ascii_alphanumeric() || b[i] == b'_') {
                    i += 1;
                }
                tokens.push(Token { kind: Kind::Name, start, end: i });
            }
            b'!' | b'$' | b'&' | b'(' | b')' | b':' | b'=' | b'@' | b'[' | b']' | b'{' | b'}' | b'|' => {
                i += 1;
                tokens.push(Token { kind: Kind::Punct(c), start, end: i });
            }
            _ => {
                i += 1;
                while i < len && !text.is_char_boundary(i) {
                    i += 1;
                }
                // The byte order mark is whitespace.
                if &text[start..i] != "\u{feff}" {
                    tokens.push(Token { kind: Kind::Other, start, end: i });
                }
            }
        }
    }
    (tokens, inside_literal)
}

/// Clamps a byte offset into the text and back onto a character boundary.
pub(crate) fn clamp(text: &str, offset: usize) -> usize {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

// ---------------------------------------------------------------------------------------------
// What the parser found

/// Who owns the arguments being written.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ArgOwner<'a> {
    Field { parent: &'a str, def: &'a FieldDefinition },
    Directive(&'a DirectiveDefinition),
}

impl<'a> ArgOwner<'a> {
    pub fn arguments(&self) -> &'a [Node<InputValueDefinition>] {
        match *self {
            ArgOwner::Field { def, .. } => &def.arguments,
            ArgOwner::Directive(def) => &def.arguments,
        }
    }

    pub fn argument(&self, name: &str) -> Option<&'a InputValueDefinition> {
        self.arguments().iter().find(|argument| argument.name == name).map(|argument| &**argument)
    }
}

/// What may be written at the cursor.
#[derive(Clone, Debug)]
pub(crate) enum Ctx<'a> {
    /// The start of a definition: `query`, `fragment`, `{`...
    Definition,
    /// A selection in a selection set of `parent` (`None`: the type is unknown).
    Selection { parent: Option<&'a str> },
    /// Right after `...`: a fragment name or `on`.
    Spread { parent: Option<&'a str> },
    /// After `... on` (with the parent type) or `fragment F on` (`None`: any composite type).
    TypeCondition { parent: Option<&'a str> },
    /// After `fragment F`: the keyword `on`.
    OnKeyword,
    /// The type of a variable definition, also inside `[`.
    VariableType,
    /// An argument name; `given` holds the arguments already written.
    Argument { owner: Option<ArgOwner<'a>>, given: Vec<&'a str> },
    /// A value of type `ty`. `dollar` is the offset of a `$` typed right before the cursor;
    /// `konst` forbids variables (default values).
    Value { ty: Option<Type>, has_default: bool, konst: bool, dollar: Option<usize> },
    /// A field name of an input object value.
    ObjectField { input: Option<&'a InputObjectType>, given: Vec<&'a str> },
    /// A directive name after `@`, at `location`; `given` holds directives already there.
    Directive { location: DirectiveLocation, given: Vec<&'a str> },
    /// A place where no name can be suggested (an operation or variable name, punctuation...).
    Nothing,
}

/// A variable definition of the operation around the cursor.
#[derive(Clone, Debug)]
pub(crate) struct Variable<'a> {
    pub name: &'a str,
    pub ty: Type,
    /// The definition has a default value other than `null`.
    pub has_default: bool,
}

/// The cursor's context in a document.
pub(crate) struct Located<'a> {
    pub ctx: Ctx<'a>,
    /// The name token at the cursor (its byte range), if any.
    pub word: Option<(usize, usize)>,
    /// The variables of the operation around the cursor.
    pub variables: Vec<Variable<'a>>,
    /// The name of the fragment definition around the cursor.
    pub fragment: Option<&'a str>,
    pub tokens: Vec<Token>,
    /// Index of the first token at or after the cursor (the word, when there is one).
    pub limit: usize,
}

impl Located<'_> {
    /// The token right after the word (or the cursor).
    pub fn next_token(&self) -> Option<Token> {
        let skip = usize::from(self.word.is_some());
        self.tokens.get(self.limit + skip).copied()
    }
}

/// How the name at the cursor is chosen.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    /// The name the cursor is inside of or at the end of (not at its start).
    Complete,
    /// The name the cursor touches.
    Hover,
}

/// The context at `cursor` (already clamped), or `None` inside a comment, string or number.
pub(crate) fn locate<'a>(schema: &'a Schema, text: &'a str, cursor: usize, mode: Mode) -> Option<Located<'a>> {
    let (tokens, inside_literal) = lex(text, cursor);
    if inside_literal {
        return None;
    }
    // The first token that reaches the cursor; when hovering between two tokens (`$|id`), the next
    // one may be the name.
    let first_reaching = tokens.partition_point(|token| token.end < cursor);
    let reaching = match mode {
        Mode::Complete => first_reaching..first_reaching + 1,
        Mode::Hover => first_reaching..first_reaching + 2,
    };
    let word = reaching.filter(|&index| index < tokens.len()).find(|&index| {
        let token = tokens[index];
        token.kind == Kind::Name
            && match mode {
                Mode::Complete => token.start < cursor && cursor <= token.end,
                Mode::Hover => token.start <= cursor && cursor <= token.end,
            }
    });
    let (word, limit) = match word {
        Some(index) => (Some((tokens[index].start, tokens[index].end)), index),
        None => (None, tokens.partition_point(|token| token.end <= cursor)),
    };
    let mut parser = Parser {
        schema,
        text,
        tokens: &tokens,
        pos: 0,
        limit,
        variables: Vec::new(),
        fragment: None,
        found: None,
        steps: 0,
        anchor: word.map_or(cursor, |(start, _)| start),
        depth: 0,
    };
    let _ = parser.document();
    let mut ctx = parser.found.take().unwrap_or(Ctx::Nothing);
    // Arguments and input fields written after the cursor are given too.
    let after = limit + usize::from(word.is_some());
    match &mut ctx {
        Ctx::Argument { given, .. } => names_before_close(text, &tokens[after.min(tokens.len())..], given),
        Ctx::ObjectField { given, .. } => names_before_close(text, &tokens[after.min(tokens.len())..], given),
        _ => {}
    }
    let variables = std::mem::take(&mut parser.variables);
    let fragment = parser.fragment;
    Some(Located { ctx, word, variables, fragment, tokens, limit })
}

/// Collects the names of `name:` pairs at nesting depth 0, up to the closing punctuation.
fn names_before_close<'a>(text: &'a str, tokens: &[Token], names: &mut Vec<&'a str>) {
    let mut depth = 0usize;
    for (index, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Punct(b'(' | b'[' | b'{') => depth += 1,
            Kind::Punct(b')' | b']' | b'}') => {
                if depth == 0 {
                    return;
                }
                depth -= 1;
            }
            Kind::Name if depth == 0 => {
                if matches!(tokens.get(index + 1), Some(Token { kind: Kind::Punct(b':'), .. })) {
                    names.push(&text[token.start..token.end]);
                }
            }
            _ => {}
        }
    }
}

/// Fragment definitions of the whole document: (name, type condition).
pub(crate) fn fragment_definitions<'a>(text: &'a str, tokens: &[Token]) -> Vec<(&'a str, &'a str)> {
    let mut fragments = Vec::new();
    let mut depth = 0usize;
    let name = |token: Option<&Token>| -> Option<&'a str> {
        token.filter(|token| token.kind == Kind::Name).map(|token| &text[token.start..token.end])
    };
    for (index, token) in tokens.iter().enumerate() {
        match token.kind {
            Kind::Punct(b'{') => depth += 1,
            Kind::Punct(b'}') => depth = depth.saturating_sub(1),
            Kind::Name if depth == 0 && &text[token.start..token.end] == "fragment" => {
                if let (Some(fragment), Some("on"), Some(condition)) =
                    (name(tokens.get(index + 1)), name(tokens.get(index + 2)), name(tokens.get(index + 3)))
                {
                    fragments.push((fragment, condition));
                }
            }
            _ => {}
        }
    }
    fragments
}

// ---------------------------------------------------------------------------------------------
// Parser

/// The parser reached the cursor (or gave up); `Parser::found` says what it expected there.
struct Stop;

type Step<T = ()> = Result<T, Stop>;

struct Parser<'a, 't> {
    schema: &'a Schema,
    text: &'a str,
    tokens: &'t [Token],
    pos: usize,
    limit: usize,
    variables: Vec<Variable<'a>>,
    fragment: Option<&'a str>,
    found: Option<Ctx<'a>>,
    /// Guards against a loop that does not advance (a bug would otherwise hang the editor).
    steps: usize,
    /// Where the word at the cursor starts, or the cursor without a word.
    anchor: usize,
    /// Nesting of selection sets, lists, objects and types; bounded so that no document can exhaust
    /// the stack.
    depth: usize,
}

/// Deeper nesting than this is given up on (no completion, no hover).
const MAX_DEPTH: usize = 200;

impl<'a> Parser<'a, '_> {
    fn at_cursor(&self) -> bool {
        self.pos >= self.limit || self.pos >= self.tokens.len()
    }

    fn peek(&self) -> Option<Kind> {
        if self.at_cursor() { None } else { Some(self.tokens[self.pos].kind) }
    }

    fn peek_punct(&self, c: u8) -> bool {
        self.peek() == Some(Kind::Punct(c))
    }

    fn peek_name(&self) -> Option<&'a str> {
        match self.peek() {
            Some(Kind::Name) => {
                let token = self.tokens[self.pos];
                Some(&self.text[token.start..token.end])
            }
            _ => None,
        }
    }

    fn bump(&mut self) -> Step<Token> {
        self.steps += 1;
        if self.at_cursor() || self.steps > self.tokens.len() * 4 + 16 {
            return Err(Stop);
        }
        let token = self.tokens[self.pos];
        self.pos += 1;
        Ok(token)
    }

    fn bump_name(&mut self) -> Step<&'a str> {
        let token = self.bump()?;
        Ok(&self.text[token.start..token.end])
    }

    /// Records what is expected at the cursor and stops.
    fn stop<T>(&mut self, ctx: Ctx<'a>) -> Step<T> {
        self.found = Some(ctx);
        Err(Stop)
    }

    /// Runs `parse` one level deeper, or stops when the document nests too deep.
    fn nested<T>(&mut self, parse: impl FnOnce(&mut Self) -> Step<T>) -> Step<T> {
        if self.depth >= MAX_DEPTH {
            self.found = Some(Ctx::Nothing);
            return Err(Stop);
        }
        self.depth += 1;
        let result = parse(self);
        self.depth -= 1;
        result
    }

    /// The schema's spelling of a type name, which lives as long as the schema.
    fn known_type(&self, name: &str) -> Option<&'a str> {
        self.schema.types.get_key_value(name).map(|(name, _)| name.as_str())
    }

    fn document(&mut self) -> Step {
        loop {
            if self.at_cursor() {
                return self.stop(Ctx::Definition);
            }
            match (self.peek(), self.peek_name()) {
                (_, Some(keyword @ ("query" | "mutation" | "subscription"))) => {
                    let kind = match keyword {
                        "query" => ast::OperationType::Query,
                        "mutation" => ast::OperationType::Mutation,
                        _ => ast::OperationType::Subscription,
                    };
                    self.bump()?;
                    self.operation(kind)?;
                }
                (_, Some("fragment")) => {
                    self.bump()?;
                    self.fragment_definition()?;
                }
                (Some(Kind::Punct(b'{')), _) => {
                    self.variables.clear();
                    self.fragment = None;
                    let root = self.root(ast::OperationType::Query);
                    self.selection_set(root)?;
                }
                _ => {
                    self.bump()?;
                }
            }
        }
    }

    fn root(&self, kind: ast::OperationType) -> Option<&'a str> {
        self.schema.root_operation(kind).map(Name::as_str)
    }

    fn operation(&mut self, kind: ast::OperationType) -> Step {
        self.variables.clear();
        self.fragment = None;
        if self.at_cursor() {
            return self.stop(Ctx::Nothing);
        }
        if self.peek_name().is_some() {
            self.bump()?;
        }
        if self.peek_punct(b'(') {
            self.variable_definitions()?;
        }
        let location = match kind {
            ast::OperationType::Query => DirectiveLocation::Query,
            ast::OperationType::Mutation => DirectiveLocation::Mutation,
            ast::OperationType::Subscription => DirectiveLocation::Subscription,
        };
        self.directives(location)?;
        if self.at_cursor() {
            return self.stop(Ctx::Nothing);
        }
        if self.peek_punct(b'{') {
            let root = self.root(kind);
            self.selection_set(root)?;
        }
        Ok(())
    }

    fn variable_definitions(&mut self) -> Step {
        self.bump()?; // (
        loop {
            match self.peek() {
                None => return self.stop(Ctx::Nothing),
                Some(Kind::Punct(b')')) => {
                    self.bump()?;
                    return Ok(());
                }
                Some(Kind::Punct(b'{' | b'}')) => return Ok(()),
                Some(Kind::Punct(b'$')) => {
                    self.bump()?;
                    if self.at_cursor() {
                        return self.stop(Ctx::Nothing);
                    }
                    let Some(name) = self.peek_name() else { continue };
                    self.bump()?;
                    if self.at_cursor() {
                        return self.stop(Ctx::Nothing);
                    }
                    let mut ty = None;
                    if self.peek_punct(b':') {
                        self.bump()?;
                        ty = self.type_reference()?;
                    }
                    let mut has_default = false;
                    if self.peek_punct(b'=') {
                        self.bump()?;
                        has_default = self.peek_name() != Some("null");
                        self.value(ty.as_ref(), false, true)?;
                    }
                    self.directives(DirectiveLocation::VariableDefinition)?;
                    if let Some(ty) = ty {
                        self.variables.push(Variable { name, ty, has_default });
                    }
                }
                Some(_) => {
                    self.bump()?;
                }
            }
        }
    }

    /// A type reference of a variable definition.
    fn type_reference(&mut self) -> Step<Option<Type>> {
        self.nested(Self::type_reference_inner)
    }

    fn type_reference_inner(&mut self) -> Step<Option<Type>> {
        if self.at_cursor() {
            return self.stop(Ctx::VariableType);
        }
        let ty = if let Some(name) = self.peek_name() {
            self.bump()?;
            Name::new(name).ok().map(Type::Named)
        } else if self.peek_punct(b'[') {
            self.bump()?;
            let item = self.type_reference()?;
            if self.peek_punct(b']') {
                self.bump()?;
            }
            item.map(|item| Type::List(Box::new(item)))
        } else {
            return Ok(None);
        };
        if self.peek_punct(b'!') {
            self.bump()?;
            return Ok(ty.map(Type::non_null));
        }
        Ok(ty)
    }

    fn fragment_definition(&mut self) -> Step {
        self.variables.clear();
        self.fragment = None;
        if self.at_cursor() {
            return self.stop(Ctx::Nothing);
        }
        let Some(name) = self.peek_name() else { return Ok(()) };
        self.bump()?;
        self.fragment = Some(name);
        if self.at_cursor() {
            return self.stop(Ctx::OnKeyword);
        }
        let mut condition = None;
        if self.peek_name() == Some("on") {
            self.bump()?;
            if self.at_cursor() {
                return self.stop(Ctx::TypeCondition { parent: None });
            }
            if let Some(name) = self.peek_name() {
                self.bump()?;
                condition = self.known_type(name);
            }
        } else if let Some(name) = self.peek_name() {
            // `fragment F Type`: the `on` is missing; take the name as the type.
            self.bump()?;
            condition = self.known_type(name);
        }
        self.directives(DirectiveLocation::FragmentDefinition)?;
        if self.peek_punct(b'{') {
            self.selection_set(condition)?;
        }
        Ok(())
    }

    fn directives(&mut self, location: DirectiveLocation) -> Step {
        let mut given = Vec::new();
        while self.peek_punct(b'@') {
            self.bump()?;
            if self.at_cursor() {
                return self.stop(Ctx::Directive { location, given });
            }
            let Some(name) = self.peek_name() else { continue };
            self.bump()?;
            given.push(name);
            if self.peek_punct(b'(') {
                let owner = self.schema.directive_definitions.get(name).map(|def| ArgOwner::Directive(def));
                self.arguments(owner)?;
            }
        }
        Ok(())
    }

    fn selection_set(&mut self, parent: Option<&'a str>) -> Step {
        self.nested(|parser| parser.selection_set_inner(parent))
    }

    fn selection_set_inner(&mut self, parent: Option<&'a str>) -> Step {
        self.bump()?; // {
        loop {
            match self.peek() {
                None => return self.stop(Ctx::Selection { parent }),
                Some(Kind::Punct(b'}')) => {
                    self.bump()?;
                    return Ok(());
                }
                Some(Kind::Name) => self.field(parent)?,
                Some(Kind::Spread) => self.spread(parent)?,
                Some(_) => {
                    self.bump()?;
                }
            }
        }
    }

    fn field(&mut self, parent: Option<&'a str>) -> Step {
        let mut name = self.bump_name()?;
        if self.peek_punct(b':') {
            self.bump()?;
            if self.at_cursor() {
                return self.stop(Ctx::Selection { parent });
            }
            match self.peek_name() {
                Some(field) => {
                    self.bump()?;
                    name = field;
                }
                None => return Ok(()),
            }
        }
        let def = parent.and_then(|parent| self.schema.type_field(parent, name).ok()).map(|def| &**def);
        if self.peek_punct(b'(') {
            let owner = parent.zip(def).map(|(parent, def)| ArgOwner::Field { parent, def });
            self.arguments(owner)?;
        }
        self.directives(DirectiveLocation::Field)?;
        if self.peek_punct(b'{') {
            let ty = def.and_then(|def| self.known_type(def.ty.inner_named_type()));
            self.selection_set(ty)?;
        }
        Ok(())
    }

    fn spread(&mut self, parent: Option<&'a str>) -> Step {
        self.bump()?; // ...
        if self.at_cursor() {
            return self.stop(Ctx::Spread { parent });
        }
        match self.peek_name() {
            Some("on") => {
                self.bump()?;
                if self.at_cursor() {
                    return self.stop(Ctx::TypeCondition { parent });
                }
                let mut condition = parent;
                if let Some(name) = self.peek_name() {
                    self.bump()?;
                    condition = self.known_type(name);
                }
                self.directives(DirectiveLocation::InlineFragment)?;
                if self.peek_punct(b'{') {
                    self.selection_set(condition)?;
                }
            }
            Some(_) => {
                self.bump()?;
                self.directives(DirectiveLocation::FragmentSpread)?;
            }
            None => {
                self.directives(DirectiveLocation::InlineFragment)?;
                if self.peek_punct(b'{') {
                    self.selection_set(parent)?;
                }
            }
        }
        Ok(())
    }

    fn arguments(&mut self, owner: Option<ArgOwner<'a>>) -> Step {
        self.bump()?; // (
        let mut given = Vec::new();
        loop {
            match self.peek() {
                None => return self.stop(Ctx::Argument { owner, given }),
                Some(Kind::Punct(b')')) => {
                    self.bump()?;
                    return Ok(());
                }
                Some(Kind::Punct(b'{' | b'}')) => return Ok(()),
                Some(Kind::Name) => {
                    let name = self.bump_name()?;
                    given.push(name);
                    if self.peek_punct(b':') {
                        self.bump()?;
                        let def = owner.and_then(|owner| owner.argument(name));
                        let has_default = def.is_some_and(|def| def.default_value.is_some());
                        self.value(def.map(|def| &*def.ty), has_default, false)?;
                    } else if self.at_cursor() {
                        return self.stop(Ctx::Nothing);
                    }
                }
                Some(_) => {
                    self.bump()?;
                }
            }
        }
    }

    /// A value of type `ty`. Consumes at least one token unless the next one closes a structure.
    fn value(&mut self, ty: Option<&Type>, has_default: bool, konst: bool) -> Step {
        self.nested(|parser| parser.value_inner(ty, has_default, konst))
    }

    fn value_inner(&mut self, ty: Option<&Type>, has_default: bool, konst: bool) -> Step {
        let Some(kind) = self.peek() else {
            return self.stop(Ctx::Value { ty: ty.cloned(), has_default, konst, dollar: None });
        };
        match kind {
            Kind::Punct(b'$') => {
                let dollar = self.bump()?;
                if self.at_cursor() {
                    let dollar = (dollar.end == self.anchor).then_some(dollar.start);
                    return self.stop(Ctx::Value { ty: ty.cloned(), has_default, konst, dollar });
                }
                if self.peek_name().is_some() {
                    self.bump()?;
                }
            }
            Kind::Name | Kind::Number | Kind::Str => {
                self.bump()?;
            }
            Kind::Punct(b'[') => {
                self.bump()?;
                let item = ty.map(Type::item_type);
                loop {
                    match self.peek() {
                        Some(Kind::Punct(b']')) => {
                            self.bump()?;
                            return Ok(());
                        }
                        Some(Kind::Punct(b')' | b'}' | b':')) => return Ok(()),
                        _ => {
                            let before = self.pos;
                            self.value(item, false, konst)?;
                            if self.pos == before {
                                self.bump()?;
                            }
                        }
                    }
                }
            }
            Kind::Punct(b'{') => {
                let input = ty.and_then(|ty| self.schema.get_input_object(ty.inner_named_type())).map(|input| &**input);
                self.object_value(input, konst)?;
            }
            _ => {}
        }
        Ok(())
    }

    fn object_value(&mut self, input: Option<&'a InputObjectType>, konst: bool) -> Step {
        self.bump()?; // {
        let mut given = Vec::new();
        loop {
            match self.peek() {
                None => return self.stop(Ctx::ObjectField { input, given }),
                Some(Kind::Punct(b'}')) => {
                    self.bump()?;
                    return Ok(());
                }
                Some(Kind::Punct(b')')) => return Ok(()),
                Some(Kind::Name) => {
                    let name = self.bump_name()?;
                    given.push(name);
                    if self.peek_punct(b':') {
                        self.bump()?;
                        let def = input.and_then(|input| input.fields.get(name));
                        let has_default = def.is_some_and(|def| def.default_value.is_some());
                        self.value(def.map(|def| &*def.ty), has_default, konst)?;
                    } else if self.at_cursor() {
                        return self.stop(Ctx::Nothing);
                    }
                }
                Some(_) => {
                    self.bump()?;
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Types and descriptions shared by completion and hover

/// Whether a variable of type `variable` (with or without a non-null default) may be used where
/// `location` is expected (with or without a default), per the spec's "All Variable Usages Are
/// Allowed".
pub(crate) fn variable_fits(variable: &Type, variable_default: bool, location: &Type, location_default: bool) -> bool {
    if location.is_non_null() && !variable.is_non_null() {
        if !(variable_default || location_default) {
            return false;
        }
        return compatible(variable, &location.clone().nullable());
    }
    compatible(variable, location)
}

fn compatible(variable: &Type, location: &Type) -> bool {
    match (variable, location) {
        (Type::NonNullNamed(a) | Type::Named(a), Type::Named(b)) | (Type::NonNullNamed(a), Type::NonNullNamed(b)) => a == b,
        (Type::NonNullList(a) | Type::List(a), Type::List(b)) | (Type::NonNullList(a), Type::NonNullList(b)) => compatible(a, b),
        _ => false,
    }
}

/// The reason of a `@deprecated` directive, if there is one.
pub(crate) fn deprecation(directives: &ast::DirectiveList) -> Option<String> {
    deprecation_reason(directives).map(str::to_owned)
}

/// The reason of `@deprecated` (the specification's default when it gives none), borrowed.
pub(crate) fn deprecation_reason(directives: &ast::DirectiveList) -> Option<&str> {
    let directive = directives.get("deprecated")?;
    let reason = directive.specified_argument_by_name("reason").and_then(|reason| reason.as_str());
    Some(reason.unwrap_or("No longer supported"))
}

pub(crate) fn description(description: &Option<Node<str>>) -> Option<String> {
    description.as_deref().map(str::to_owned)
}

/// Writes a type reference such as `[String!]!`.
pub(crate) fn push_type(out: &mut String, ty: &Type) {
    match ty {
        Type::Named(name) => out.push_str(name),
        Type::NonNullNamed(name) => {
            out.push_str(name);
            out.push('!');
        }
        Type::List(item) | Type::NonNullList(item) => {
            out.push('[');
            push_type(out, item);
            out.push(']');
            if ty.is_non_null() {
                out.push('!');
            }
        }
    }
}

pub(crate) fn type_string(ty: &Type) -> String {
    let mut out = String::with_capacity(16);
    push_type(&mut out, ty);
    out
}

/// Writes `name: Type = default`.
fn push_input_value(out: &mut String, def: &InputValueDefinition) {
    out.push_str(&def.name);
    out.push_str(": ");
    push_type(out, &def.ty);
    if let Some(default) = &def.default_value {
        out.push_str(" = ");
        out.push_str(&default.serialize().no_indent().to_string());
    }
}

/// `name: Type = default`.
pub(crate) fn input_value_signature(def: &InputValueDefinition) -> String {
    let mut out = String::with_capacity(32);
    push_input_value(&mut out, def);
    out
}

/// Writes `(a: A, b: B = 1)`, or nothing without arguments.
fn push_arguments(out: &mut String, arguments: &[Node<InputValueDefinition>]) {
    if arguments.is_empty() {
        return;
    }
    out.push('(');
    for (index, argument) in arguments.iter().enumerate() {
        if index > 0 {
            out.push_str(", ");
        }
        push_input_value(out, argument);
    }
    out.push(')');
}

/// `(a: A, b: B = 1)`, or nothing without arguments.
pub(crate) fn arguments_signature(arguments: &[Node<InputValueDefinition>]) -> String {
    let mut out = String::with_capacity(arguments.len() * 24);
    push_arguments(&mut out, arguments);
    out
}

/// `(id: ID!): Project`, or `Project` without arguments.
pub(crate) fn field_detail(def: &FieldDefinition) -> String {
    let mut out = String::with_capacity(16 + def.arguments.len() * 24);
    if !def.arguments.is_empty() {
        push_arguments(&mut out, &def.arguments);
        out.push_str(": ");
    }
    push_type(&mut out, &def.ty);
    out
}

/// `Parent.field(args): Type`.
pub(crate) fn field_signature(parent: &str, def: &FieldDefinition) -> String {
    let mut out = String::with_capacity(32 + def.arguments.len() * 24);
    out.push_str(parent);
    out.push('.');
    out.push_str(&def.name);
    push_arguments(&mut out, &def.arguments);
    out.push_str(": ");
    push_type(&mut out, &def.ty);
    out
}

/// `directive @name(args) repeatable on A | B`.
pub(crate) fn directive_signature(def: &DirectiveDefinition) -> String {
    let locations: Vec<&str> = def.locations.iter().map(|location| location.name()).collect();
    format!(
        "directive @{}{}{} on {}",
        def.name,
        arguments_signature(&def.arguments),
        if def.repeatable { " repeatable" } else { "" },
        locations.join(" | ")
    )
}

/// `type Project implements Node & Timestamped`, `enum DeploymentStatus`...
pub(crate) fn type_signature(ty: &ExtendedType) -> String {
    fn implements(interfaces: &apollo_compiler::collections::IndexSet<apollo_compiler::schema::ComponentName>) -> String {
        if interfaces.is_empty() {
            return String::new();
        }
        let names: Vec<&str> = interfaces.iter().map(|name| name.as_str()).collect();
        format!(" implements {}", names.join(" & "))
    }
    match ty {
        ExtendedType::Scalar(def) => format!("scalar {}", def.name),
        ExtendedType::Object(def) => format!("type {}{}", def.name, implements(&def.implements_interfaces)),
        ExtendedType::Interface(def) => format!("interface {}{}", def.name, implements(&def.implements_interfaces)),
        ExtendedType::Union(def) => {
            let members: Vec<&str> = def.members.iter().map(|member| member.as_str()).collect();
            format!("union {} = {}", def.name, members.join(" | "))
        }
        ExtendedType::Enum(def) => format!("enum {}", def.name),
        ExtendedType::InputObject(def) => {
            let one_of = if def.directives.get("oneOf").is_some() { " @oneOf" } else { "" };
            format!("input {}{one_of}", def.name)
        }
    }
}

/// The kind keyword of a type: `type`, `interface`...
pub(crate) fn type_kind(ty: &ExtendedType) -> &'static str {
    match ty {
        ExtendedType::Scalar(_) => "scalar",
        ExtendedType::Object(_) => "type",
        ExtendedType::Interface(_) => "interface",
        ExtendedType::Union(_) => "union",
        ExtendedType::Enum(_) => "enum",
        ExtendedType::InputObject(_) => "input",
    }
}

/// Whether some object type can be both `a` and `b` (fragment applicability).
pub(crate) fn types_overlap(schema: &Schema, a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (Some(ta), Some(tb)) = (schema.types.get(a), schema.types.get(b)) else { return false };
    match (ta, tb) {
        (ExtendedType::Object(_), ExtendedType::Object(_)) => false,
        (ExtendedType::Object(_), _) => schema.is_subtype(b, a),
        (_, ExtendedType::Object(_)) => schema.is_subtype(a, b),
        (ExtendedType::Union(union), _) => union.members.iter().any(|member| schema.is_subtype(b, member)),
        (_, ExtendedType::Union(union)) => union.members.iter().any(|member| schema.is_subtype(a, member)),
        (ExtendedType::Interface(_), ExtendedType::Interface(_)) => schema.types.values().any(|ty| match ty {
            ExtendedType::Object(object) => {
                object.implements_interfaces.contains(a) && object.implements_interfaces.contains(b)
            }
            _ => false,
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_are_written_as_in_graphql() {
        for text in ["A", "A!", "[A]", "[A!]!", "[[A]!]"] {
            let ty = Type::parse(text, "type.graphql").unwrap();
            assert_eq!(type_string(&ty), text);
            assert_eq!(type_string(&ty), ty.to_string());
        }
    }

    #[test]
    fn default_values_are_written_on_one_line() {
        let schema = Schema::parse_and_validate(
            "type Query { f(a: [E!] = [X, Y], b: I = { c: 1, d: \"e\" }): Int } enum E { X Y } input I { c: Int d: String }",
            "schema.graphql",
        )
        .unwrap();
        let field = schema.type_field("Query", "f").unwrap();
        assert_eq!(field_detail(field), "(a: [E!] = [X, Y], b: I = {c: 1, d: \"e\"}): Int");
    }

    #[test]
    fn the_lexer_covers_every_kind_of_token() {
        let text = "query($a: [Int!]=[1, -2.5e+3]) { f(s: \"x\\\"y\", b: \"\"\"z\"\"\") @d ...F } # c";
        let (tokens, inside) = lex(text, 0);
        assert!(!inside);
        let kinds: Vec<Kind> = tokens.iter().map(|token| token.kind).collect();
        assert!(kinds.contains(&Kind::Spread));
        assert_eq!(kinds.iter().filter(|kind| **kind == Kind::Str).count(), 2);
        assert_eq!(kinds.iter().filter(|kind| **kind == Kind::Number).count(), 2);
        let texts: Vec<&str> = tokens.iter().map(|token| &text[token.start..token.end]).collect();
        assert_eq!(texts[texts.len() - 3..], ["...", "F", "}"], "the comment is no token");
    }

    #[test]
    fn the_lexer_knows_when_the_cursor_is_inside_a_literal() {
        // (text, cursor, inside)
        let cases: &[(&str, usize, bool)] = &[
            ("# abc", 3, true),
            ("# abc", 0, false),
            ("# abc\n", 6, false),
            ("\"abc\"", 2, true),
            ("\"abc\"", 5, false),
            ("\"abc", 4, true),
            ("\"\"\"a\nb\"\"\"", 5, true),
            ("x 12", 4, true),
            ("x 12", 2, false),
        ];
        for &(text, cursor, inside) in cases {
            assert_eq!(lex(text, cursor).1, inside, "{text:?} at {cursor}");
        }
    }
}
