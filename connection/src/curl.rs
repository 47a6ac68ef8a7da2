//! "Copy as curl" and `sextant curl`: a shell command that sends what a run sends, the same from
//! both front ends. A token is not written out: a profile's token becomes `$SEXTANT_TOKEN`, a
//! header typed with a credential in it becomes a variable named after the header, and a header
//! written with `${VAR}` keeps reading `$VAR` from the environment; each with a comment saying what
//! to set. Only an explicit request (`--include-secrets`) writes the values themselves.
//!
//! Every word is quoted for a POSIX shell: text in single quotes, variables in double quotes, so
//! that nothing in a document or a header value is read by the shell.

use crate::profiles::AuthScheme;

/// A header as it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GivenHeader {
    pub name: String,
    pub value: String,
    /// The value may hold `${VAR}` and `${VAR:default}`, read from the environment when sent
    /// (the command line's `--header`); else it is the value itself (the app's Headers editor).
    pub template: bool,
}

/// Where the profile's token comes from in the command.
pub enum ProfileToken<'a> {
    /// `$SEXTANT_TOKEN`, with a comment naming the profile.
    FromEnvironment,
    /// The token itself (asked for explicitly).
    Written(&'a secret::Secret),
}

/// What the command sends.
pub struct CurlRequest<'a> {
    pub url: &'a str,
    pub document: &'a str,
    pub operation_name: Option<&'a str>,
    /// `Null` sends no `variables`.
    pub variables: &'a serde_json::Value,
    pub headers: &'a [GivenHeader],
    /// The profile whose token goes with the request: its name, how it is sent, and the token's place.
    pub profile: Option<(&'a str, &'a AuthScheme, ProfileToken<'a>)>,
    /// Write typed credential headers' values instead of a variable.
    pub include_secrets: bool,
}

/// The variable a profile's token is read from.
pub const TOKEN_VARIABLE: &str = "SEXTANT_TOKEN";

/// A part of a shell word.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    Text(String),
    /// `"${NAME}"`, or `"${NAME:-default}"`.
    Variable { name: String, default: Option<String> },
}

/// The command: comments saying what to set, then `curl` with one option per line.
pub fn command(request: &CurlRequest) -> String {
    let mut comments: Vec<String> = Vec::new();
    let mut words: Vec<String> = vec![format!("curl -sS {}", quote(&[Piece::Text(request.url.to_owned())]))];
    let mut header = |name: &str, mut value: Vec<Piece>| {
        let mut word = vec![Piece::Text(format!("{name}: "))];
        word.append(&mut value);
        words.push(format!("-H {}", quote(&word)));
    };
    header("Content-Type", vec![Piece::Text("application/json".into())]);
    if let Some((profile, scheme, token)) = &request.profile {
        let value = match token {
            ProfileToken::Written(secret) => Piece::Text(secret.expose().to_owned()),
            ProfileToken::FromEnvironment => {
                comments.push(format!(
                    "# {TOKEN_VARIABLE}: the token of profile {profile:?}, kept in the OS keychain; export {TOKEN_VARIABLE}=… first."
                ));
                Piece::Variable { name: TOKEN_VARIABLE.into(), default: None }
            }
        };
        match scheme {
            AuthScheme::Bearer => header("Authorization", vec![Piece::Text("Bearer ".into()), value]),
            AuthScheme::Header { name } => header(name, vec![value]),
        }
    }
    for given in request.headers {
        let pieces = if given.template { template_pieces(&given.value) } else { vec![Piece::Text(given.value.clone())] };
        let holds_text = pieces.iter().any(|piece| matches!(piece, Piece::Text(text) if !text.trim().is_empty()));
        if net::is_credential_header(&given.name) && holds_text && !request.include_secrets {
            let variable = header_variable(&given.name);
            comments.push(format!("# {variable}: the {} header's value, left out of this command; export {variable}=… first.", given.name));
            header(&given.name, vec![Piece::Variable { name: variable, default: None }]);
        } else {
            for piece in &pieces {
                if let Piece::Variable { name, .. } = piece {
                    comments.push(format!("# {name} is read from the environment, as Sextant read it."));
                }
            }
            header(&given.name, pieces);
        }
    }
    let mut body = serde_json::Map::new();
    body.insert("query".into(), request.document.into());
    if let Some(name) = request.operation_name {
        body.insert("operationName".into(), name.into());
    }
    if !request.variables.is_null() {
        body.insert("variables".into(), request.variables.clone());
    }
    words.push(format!("--data-raw {}", quote(&[Piece::Text(serde_json::Value::Object(body).to_string())])));
    comments.dedup();
    let mut text: String = comments.iter().map(|comment| format!("{comment}\n")).collect();
    text.push_str(&words.join(" \\\n  "));
    text.push('\n');
    text
}

/// `SEXTANT_` and the header's name in capitals, other characters as `_`: `X-Api-Key` → `SEXTANT_X_API_KEY`.
fn header_variable(name: &str) -> String {
    let upper: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_uppercase() } else { '_' }).collect();
    format!("SEXTANT_{upper}")
}

/// A header template's parts, read as `crate::expand` reads it: `${NAME}`, `${NAME:default}`;
/// anything else is text.
fn template_pieces(template: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = template;
    while let Some(start) = rest.find("${") {
        text.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            text.push_str(&rest[start..]);
            rest = "";
            break;
        };
        let inside = &after[..end];
        let (name, default) = match inside.split_once(':') {
            Some((name, default)) => (name, Some(default.to_owned())),
            None => (inside, None),
        };
        if !crate::expand::is_variable_name(name) {
            text.push_str("${");
            rest = after;
            continue;
        }
        if !text.is_empty() {
            pieces.push(Piece::Text(std::mem::take(&mut text)));
        }
        pieces.push(Piece::Variable { name: name.to_owned(), default });
        rest = &after[end + 1..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(Piece::Text(text));
    }
    pieces
}

/// One shell word: text in single quotes (a `'` as `'\''`), variables in double quotes.
fn quote(pieces: &[Piece]) -> String {
    // Text next to text is one quoted run.
    let mut merged: Vec<Piece> = Vec::with_capacity(pieces.len());
    for piece in pieces {
        match (merged.last_mut(), piece) {
            (Some(Piece::Text(before)), Piece::Text(text)) => before.push_str(text),
            _ => merged.push(piece.clone()),
        }
    }
    let mut word = String::new();
    for piece in &merged {
        match piece {
            Piece::Text(text) if text.is_empty() => {}
            Piece::Text(text) => {
                word.push('\'');
                word.push_str(&text.replace('\'', r"'\''"));
                word.push('\'');
            }
            Piece::Variable { name, default: None } => word.push_str(&format!("\"${{{name}}}\"")),
            Piece::Variable { name, default: Some(default) } => {
                let escaped: String = default
                    .chars()
                    .flat_map(|c| if matches!(c, '\\' | '"' | '$' | '`' | '}') { vec!['\\', c] } else { vec![c] })
                    .collect();
                word.push_str(&format!("\"${{{name}:-{escaped}}}\""));
            }
        }
    }
    if word.is_empty() { "''".to_owned() } else { word }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_are_quoted_so_that_the_shell_reads_nothing_in_them() {
        let cases: &[(&[Piece], &str)] = &[
            (&[Piece::Text("plain".into())], "'plain'"),
            (&[Piece::Text("it's $HOME `x` \\ \"q\"".into())], r#"'it'\''s $HOME `x` \ "q"'"#),
            (&[], "''"),
            (&[Piece::Text("Bearer ".into()), Piece::Variable { name: "TOKEN".into(), default: None }], r#"'Bearer '"${TOKEN}""#),
            (&[Piece::Variable { name: "V".into(), default: Some("a\"b$c`d}e".into()) }], r#""${V:-a\"b\$c\`d\}e}""#),
        ];
        for (pieces, expected) in cases {
            assert_eq!(quote(pieces), *expected, "{pieces:?}");
        }
    }

    #[test]
    fn templates_are_read_as_the_environment_expansion_reads_them() {
        let text = |t: &str| Piece::Text(t.into());
        let variable = |name: &str, default: Option<&str>| Piece::Variable { name: name.into(), default: default.map(Into::into) };
        let cases: Vec<(&str, Vec<Piece>)> = vec![
            ("Bearer ${RAILWAY_TOKEN}", vec![text("Bearer "), variable("RAILWAY_TOKEN", None)]),
            ("${A:x}-${B}", vec![variable("A", Some("x")), text("-"), variable("B", None)]),
            ("$HOME ${1X} ${unclosed", vec![text("$HOME ${1X} ${unclosed")]),
            ("plain", vec![text("plain")]),
        ];
        for (template, expected) in cases {
            assert_eq!(template_pieces(template), expected, "{template:?}");
        }
    }
}
