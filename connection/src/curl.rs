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
        // A credential written out (no `${VAR}` in it) is the secret itself.
        let written_out = pieces.iter().all(|piece| matches!(piece, Piece::Text(_)))
            && pieces.iter().any(|piece| matches!(piece, Piece::Text(text) if !text.trim().is_empty()));
        if net::is_credential_header(&given.name) && written_out && !request.include_secrets {
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
    fn a_command_written_here_reads_back_as_what_it_sends() {
        let variables = serde_json::json!({"id": "p-1", "text": "it's \"quoted\" $HOME"});
        let headers = [
            GivenHeader { name: "X-Trace".into(), value: "t-${TRACE:none}".into(), template: true },
            GivenHeader { name: "X-Api-Key".into(), value: "typed".into(), template: false },
        ];
        let bearer = AuthScheme::Bearer;
        let written = command(&CurlRequest {
            url: "https://backboard.railway.com/graphql/v2",
            document: "# it's mine\nquery P($id: String!) { project(id: $id) { name } }",
            operation_name: Some("P"),
            variables: &variables,
            headers: &headers,
            profile: Some(("work", &bearer, ProfileToken::FromEnvironment)),
            include_secrets: false,
        });
        let read = parse(&written).unwrap_or_else(|error| panic!("{error}: {written}"));
        assert_eq!(read.url, "https://backboard.railway.com/graphql/v2");
        assert_eq!(read.document, "# it's mine\nquery P($id: String!) { project(id: $id) { name } }");
        assert_eq!(read.operation_name.as_deref(), Some("P"));
        assert_eq!(serde_json::from_str::<serde_json::Value>(read.variables.as_deref().unwrap()).unwrap(), variables);
        assert_eq!(
            read.headers,
            [
                ("Authorization".to_owned(), "Bearer ${SEXTANT_TOKEN}".to_owned()),
                ("X-Trace".to_owned(), "t-${TRACE:-none}".to_owned()),
                ("X-Api-Key".to_owned(), "${SEXTANT_X_API_KEY}".to_owned()),
            ]
        );
    }

    #[test]
    fn commands_as_browsers_and_clients_write_them_are_read() {
        let cases: &[(&str, &str, &str, Option<&str>, Option<&str>, &[(&str, &str)])] = &[
            // (command, url, document, operation name, variables, headers)
            (
                // Chrome's "Copy as cURL (bash)": $'…' for a body with a quote or newline.
                "curl 'https://api.example.com/graphql' \\\n  -H 'accept: */*' \\\n  -H 'authorization: Bearer abc' \\\n  -H 'content-type: application/json' \\\n  --data-raw $'{\"query\":\"{ me { name } }\\\\n\",\"variables\":{}}' \\\n  --compressed",
                "https://api.example.com/graphql",
                "{ me { name } }\n",
                None,
                Some("{}"),
                &[("authorization", "Bearer abc")],
            ),
            (
                "curl -X POST https://h/graphql -H \"Content-Type: application/json\" -d \"{\\\"query\\\":\\\"query Q { a }\\\",\\\"operationName\\\":\\\"Q\\\"}\"",
                "https://h/graphql",
                "query Q { a }",
                Some("Q"),
                None,
                &[],
            ),
            // GET with the request in the URL.
            (
                "curl -sS 'https://h/graphql?query=%7B%20me%20%7B%20id%20%7D%20%7D&variables=%7B%22a%22%3A1%7D'",
                "https://h/graphql",
                "{ me { id } }",
                None,
                Some("{\n  \"a\": 1\n}"),
                &[],
            ),
            (
                "curl -G --data-urlencode 'query={ a(b: \"&=\") }' https://h/graphql --data 'variables=%7B%7D' -b 'session=s1' -u 'ada:pw'",
                "https://h/graphql",
                "{ a(b: \"&=\") }",
                None,
                Some("{}"),
                &[("Cookie", "session=s1"), ("Authorization", "Basic YWRhOnB3")],
            ),
            // A document sent as application/graphql.
            ("curl https://h/graphql -H 'Content-Type: application/graphql' -d '{ me { id } }'", "https://h/graphql", "{ me { id } }", None, None, &[]),
        ];
        for (text, url, document, operation_name, variables, headers) in cases {
            let read = parse(text).unwrap_or_else(|error| panic!("{error}: {text}"));
            assert_eq!(read.url, *url, "{text}");
            assert_eq!(read.document, *document, "{text}");
            assert_eq!(read.operation_name.as_deref(), *operation_name, "{text}");
            assert_eq!(read.variables.as_deref(), *variables, "{text}");
            let headers: Vec<(String, String)> = headers.iter().map(|(name, value)| (name.to_string(), value.to_string())).collect();
            assert_eq!(read.headers, headers, "{text}");
        }
    }

    #[test]
    fn what_is_not_a_graphql_request_says_why() {
        let cases: &[(&str, CurlParseError)] = &[
            ("wget https://h/graphql", CurlParseError::NotCurl),
            ("", CurlParseError::NotCurl),
            ("curl -H 'X: y' -d '{}'", CurlParseError::NoUrl),
            ("curl https://h/graphql", CurlParseError::NoDocument),
            ("curl https://h/graphql -d '{\"variables\":{}}'", CurlParseError::NoDocument),
            ("curl https://h/graphql -d @body.json", CurlParseError::BodyFromFile("body.json".into())),
            ("curl https://h/graphql -d '[1]'", CurlParseError::NotGraphql("the body is JSON but not an object".into())),
            ("curl https://h/graphql -d 'name=ada'", CurlParseError::NotGraphql("the body is neither JSON nor a GraphQL document".into())),
            ("curl 'https://h/graphql", CurlParseError::Unfinished("a ' is not closed")),
            ("curl https://h/graphql -H", CurlParseError::Unfinished("an option lacks its value")),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text).as_ref().err(), Some(expected), "{text}");
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

/// A curl command read back: what a new tab needs to send the same request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedCurl {
    pub url: String,
    pub document: String,
    pub operation_name: Option<String>,
    /// The variables as JSON text (`None` when there were none).
    pub variables: Option<String>,
    /// The headers sent, in order, without those every GraphQL request carries (`Content-Type`,
    /// `Accept`, `Content-Length`). Values as written: `${SEXTANT_TOKEN}` stays that text.
    pub headers: Vec<(String, String)>,
}

/// Why a pasted command is not a GraphQL request Sextant can open.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CurlParseError {
    #[error("this is not a curl command")]
    NotCurl,
    #[error("the command is cut short: {0}")]
    Unfinished(&'static str),
    #[error("the command names no URL")]
    NoUrl,
    #[error("the request has no GraphQL document (no `query` in its body or URL)")]
    NoDocument,
    #[error("its body is read from a file ({0}); paste the command with the body in it")]
    BodyFromFile(String),
    #[error("its body is not GraphQL over HTTP: {0}")]
    NotGraphql(String),
}

/// Reads a curl command as browsers' "Copy as cURL", GraphQL clients and [`command`] write them:
/// POST with a JSON body (`-d`, `--data`, `--data-raw`, `--data-binary`, `--json`) or
/// `application/graphql`, or GET with `query`, `variables` and `operationName` in the URL. Shell
/// quoting (`'…'`, `"…"`, `$'…'`, `\`, line continuations) and comment lines are understood;
/// nothing is expanded or run.
pub fn parse(text: &str) -> Result<ParsedCurl, CurlParseError> {
    let words = shell_words(text)?;
    let mut words = words.into_iter().peekable();
    if words.next().as_deref() != Some("curl") {
        return Err(CurlParseError::NotCurl);
    }
    let mut url = None;
    let mut headers: Vec<(String, String)> = Vec::new();
    let mut body: Option<String> = None;
    let mut get = false;
    // Options whose value is not ours to read, but must be skipped.
    const WITH_VALUE: &[&str] = &[
        "-A", "--user-agent", "-e", "--referer", "-o", "--output", "-m", "--max-time", "--connect-timeout", "-x", "--proxy",
        "-w", "--write-out", "--retry", "-c", "--cookie-jar", "--cacert", "--cert", "--key", "-r", "--range", "-T", "--upload-file",
        "--limit-rate", "--resolve", "--interface",
    ];
    while let Some(word) = words.next() {
        let mut value = |_: &str| words.next().ok_or(CurlParseError::Unfinished("an option lacks its value"));
        match word.as_str() {
            "-H" | "--header" => {
                let header = value(&word)?;
                if let Some((name, content)) = header.split_once(':') {
                    headers.push((name.trim().to_owned(), content.trim().to_owned()));
                }
            }
            "-b" | "--cookie" => {
                let cookie = value(&word)?;
                headers.push(("Cookie".into(), cookie));
            }
            "-u" | "--user" => {
                // Basic credentials: sent as the header curl would make of them.
                let user = value(&word)?;
                headers.push(("Authorization".into(), format!("Basic {}", base64(user.as_bytes()))));
            }
            "-d" | "--data" | "--data-raw" | "--data-binary" | "--data-ascii" | "--json" => {
                let data = value(&word)?;
                if word != "--data-raw" && data.starts_with('@') {
                    return Err(CurlParseError::BodyFromFile(data[1..].to_owned()));
                }
                body = Some(match body.take() {
                    // curl joins several `-d` with `&`.
                    Some(before) => format!("{before}&{data}"),
                    None => data,
                });
            }
            "--data-urlencode" => {
                let data = value(&word)?;
                let encoded = match data.split_once('=') {
                    Some((name, content)) => format!("{name}={}", percent_encode(content)),
                    None => percent_encode(&data),
                };
                body = Some(match body.take() {
                    Some(before) => format!("{before}&{encoded}"),
                    None => encoded,
                });
            }
            "-G" | "--get" => get = true,
            "-X" | "--request" => {
                if value(&word)?.eq_ignore_ascii_case("GET") {
                    get = true;
                }
            }
            "--url" => url = Some(value(&word)?),
            option if WITH_VALUE.contains(&option) => {
                value(option)?;
            }
            option if option.starts_with('-') => {}
            _ => {
                if url.is_none() {
                    url = Some(word);
                }
            }
        }
    }
    let url = url.ok_or(CurlParseError::NoUrl)?;
    headers.retain(|(name, _)| !["content-type", "accept", "content-length"].contains(&name.to_ascii_lowercase().as_str()));
    let (url, fields) = match (get, body) {
        (false, Some(body)) => (url, body_fields(&body)?),
        (true, Some(body)) => (url, query_fields(&body)?),
        (_, None) => match url.split_once('?') {
            Some((base, query)) => (base.to_owned(), query_fields(query)?),
            None => return Err(CurlParseError::NoDocument),
        },
    };
    Ok(ParsedCurl { url, document: fields.0, operation_name: fields.1, variables: fields.2, headers })
}

type Fields = (String, Option<String>, Option<String>);

/// `{"query", "operationName", "variables"}`, or a raw `application/graphql` document.
fn body_fields(body: &str) -> Result<Fields, CurlParseError> {
    let object = match serde_json::from_str::<serde_json::Value>(body) {
        Ok(serde_json::Value::Object(object)) => object,
        Ok(_) => return Err(CurlParseError::NotGraphql("the body is JSON but not an object".into())),
        Err(_) => {
            // Not JSON: a document sent as `application/graphql` (`{ me { id } }` starts like JSON).
            let trimmed = body.trim_start();
            let document = trimmed.starts_with('{') || ["query", "mutation", "subscription", "fragment"].iter().any(|keyword| trimmed.starts_with(keyword));
            return if document {
                Ok((body.to_owned(), None, None))
            } else {
                Err(CurlParseError::NotGraphql("the body is neither JSON nor a GraphQL document".into()))
            };
        }
    };
    let document = object.get("query").and_then(serde_json::Value::as_str).ok_or(CurlParseError::NoDocument)?;
    let operation_name = object.get("operationName").and_then(serde_json::Value::as_str).map(str::to_owned);
    let variables = object.get("variables").filter(|variables| !variables.is_null()).map(|variables| {
        // Variables sent as a JSON string (some clients do) are the object inside it.
        let inner = variables.as_str().and_then(|text| serde_json::from_str::<serde_json::Value>(text).ok());
        serde_json::to_string_pretty(inner.as_ref().unwrap_or(variables)).unwrap_or_default()
    });
    Ok((document.to_owned(), operation_name, variables))
}

/// `query=…&variables=…&operationName=…`, percent-decoded (`+` a space).
fn query_fields(query: &str) -> Result<Fields, CurlParseError> {
    let mut document = None;
    let mut operation_name = None;
    let mut variables = None;
    for pair in query.split('&') {
        let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
        let value = percent_decode(value);
        match name {
            "query" => document = Some(value),
            "operationName" if !value.is_empty() => operation_name = Some(value),
            "variables" if !value.is_empty() => {
                variables = Some(match serde_json::from_str::<serde_json::Value>(&value) {
                    Ok(parsed) => serde_json::to_string_pretty(&parsed).unwrap_or(value),
                    Err(_) => value,
                });
            }
            _ => {}
        }
    }
    Ok((document.ok_or(CurlParseError::NoDocument)?, operation_name, variables))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let hex = |byte: u8| (byte as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        match bytes[at] {
            b'+' => out.push(b' '),
            b'%' if at + 2 < bytes.len() => match (hex(bytes[at + 1]), hex(bytes[at + 2])) {
                (Some(high), Some(low)) => {
                    out.push((high * 16 + low) as u8);
                    at += 2;
                }
                _ => out.push(b'%'),
            },
            byte => out.push(byte),
        }
        at += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|byte| if byte.is_ascii_alphanumeric() || b"-_.~".contains(&byte) { (byte as char).to_string() } else { format!("%{byte:02X}") })
        .collect()
}

fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, byte)| n | u32::from(*byte) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Splits a command as a POSIX shell would, without expanding anything: `'…'`, `"…"` (with `\"`,
/// `\\`, `\$`, `` \` ``), `$'…'` (with C escapes), `\` outside quotes, `\` + newline as a space,
/// and lines starting with `#` left out.
fn shell_words(text: &str) -> Result<Vec<String>, CurlParseError> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = text.chars().peekable();
    let mut line_start = true;
    while let Some(c) = chars.next() {
        if line_start && c == '#' {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            continue;
        }
        line_start = false;
        match c {
            '\n' => {
                line_start = true;
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c if c.is_whitespace() => {
                if in_word {
                    words.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '\\' => match chars.next() {
                Some('\n' | '\r') if chars.peek() == Some(&'\n') => {
                    chars.next();
                }
                Some('\n' | '\r') => {}
                Some(next) => {
                    word.push(next);
                    in_word = true;
                }
                None => {}
            },
            '\'' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some(c) => word.push(c),
                        None => return Err(CurlParseError::Unfinished("a ' is not closed")),
                    }
                }
            }
            '"' => {
                in_word = true;
                loop {
                    match chars.next() {
                        Some('"') => break,
                        Some('\\') => match chars.next() {
                            Some(next @ ('"' | '\\' | '$' | '`')) => word.push(next),
                            Some('\n') => {}
                            Some(next) => {
                                word.push('\\');
                                word.push(next);
                            }
                            None => return Err(CurlParseError::Unfinished("a \" is not closed")),
                        },
                        Some(c) => word.push(c),
                        None => return Err(CurlParseError::Unfinished("a \" is not closed")),
                    }
                }
            }
            '$' if chars.peek() == Some(&'\'') => {
                chars.next();
                in_word = true;
                loop {
                    match chars.next() {
                        Some('\'') => break,
                        Some('\\') => match chars.next() {
                            Some('n') => word.push('\n'),
                            Some('t') => word.push('\t'),
                            Some('r') => word.push('\r'),
                            Some('u') => {
                                let hex: String = (0..4).filter_map(|_| chars.next()).collect();
                                if let Some(decoded) = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32) {
                                    word.push(decoded);
                                }
                            }
                            Some(next) => word.push(next),
                            None => return Err(CurlParseError::Unfinished("a $' is not closed")),
                        },
                        Some(c) => word.push(c),
                        None => return Err(CurlParseError::Unfinished("a $' is not closed")),
                    }
                }
            }
            c => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        words.push(word);
    }
    Ok(words)
}
