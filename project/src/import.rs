//! Collections of other GraphQL clients read into requests a project keeps as files: Altair
//! (`.agc`), Bruno (`.bru`), Insomnia (export format 4) and Postman (collection v2.1). Their
//! secrets are dropped, each with a note saying what was dropped: a credential header's value,
//! an auth section's token, a password.

use serde_json::Value;

/// A request read from a collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedRequest {
    pub name: String,
    pub url: String,
    pub document: String,
    /// JSON text; `None` when there are none.
    pub variables: Option<String>,
    /// Headers that carry no credential.
    pub headers: Vec<(String, String)>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imported {
    pub requests: Vec<ImportedRequest>,
    /// What was left out, one sentence each: secrets, and requests that are not GraphQL.
    pub dropped: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Altair,
    Bruno,
    Insomnia,
    Postman,
}

impl Format {
    /// The format a file is in, by its name and first bytes.
    pub fn detect(file_name: &str, text: &str) -> Option<Format> {
        if file_name.ends_with(".bru") {
            return Some(Format::Bruno);
        }
        if file_name.ends_with(".agc") {
            return Some(Format::Altair);
        }
        let value: Value = serde_json::from_str(text).ok()?;
        if value.get("__export_format").is_some() || value.get("_type").and_then(Value::as_str) == Some("export") {
            return Some(Format::Insomnia);
        }
        if value.pointer("/info/schema").and_then(Value::as_str).is_some_and(|schema| schema.contains("getpostman.com")) {
            return Some(Format::Postman);
        }
        if value.get("queries").is_some() {
            return Some(Format::Altair);
        }
        None
    }
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ImportError(pub String);

pub fn import(format: Format, text: &str) -> Result<Imported, ImportError> {
    let mut imported = Imported::default();
    match format {
        Format::Bruno => bruno(text, &mut imported)?,
        _ => {
            let value: Value = serde_json::from_str(text).map_err(|error| ImportError(format!("the file is not JSON: {error}")))?;
            match format {
                Format::Altair => altair(&value, &mut imported),
                Format::Insomnia => insomnia(&value, &mut imported)?,
                Format::Postman => postman(&value, "", &mut imported),
                Format::Bruno => unreachable!("read above"),
            }
        }
    }
    Ok(imported)
}

/// Keeps a header, or drops its value with a note when it carries a credential.
fn keep_header(name: &str, value: &str, request: &str, imported: &mut Imported, headers: &mut Vec<(String, String)>) {
    if name.trim().is_empty() {
        return;
    }
    if is_credential(name) && !value.trim().is_empty() {
        imported.dropped.push(format!("{request:?}: the {name} header's value (a credential; give it with a token profile or ${{VAR}})"));
    } else {
        headers.push((name.trim().to_owned(), value.trim().to_owned()));
    }
}

/// A credential header, by the rules every front end shares.
fn is_credential(name: &str) -> bool {
    net::is_credential_header(name)
}

/// Variables given as JSON text or as an object: `None` when empty.
fn variables_of(value: Option<&Value>) -> Option<String> {
    let parsed = match value? {
        Value::String(text) if text.trim().is_empty() => return None,
        Value::String(text) => serde_json::from_str::<Value>(text).unwrap_or(Value::String(text.clone())),
        other => other.clone(),
    };
    match &parsed {
        Value::Null => None,
        Value::Object(object) if object.is_empty() => None,
        _ => Some(serde_json::to_string_pretty(&parsed).unwrap_or_default()),
    }
}

fn altair(value: &Value, imported: &mut Imported) {
    for query in value.get("queries").and_then(Value::as_array).into_iter().flatten() {
        let name = query.get("windowName").and_then(Value::as_str).unwrap_or("Untitled").to_owned();
        let Some(document) = query.get("query").and_then(Value::as_str) else { continue };
        let mut headers = Vec::new();
        for header in query.get("headers").and_then(Value::as_array).into_iter().flatten() {
            if header.get("enabled").and_then(Value::as_bool) == Some(false) {
                continue;
            }
            let key = header.get("key").and_then(Value::as_str).unwrap_or("");
            let value = header.get("value").and_then(Value::as_str).unwrap_or("");
            keep_header(key, value, &name, imported, &mut headers);
        }
        if query.pointer("/authorizationData/type").and_then(Value::as_str).is_some_and(|kind| kind != "none" && !kind.is_empty()) {
            imported.dropped.push(format!("{name:?}: its authorization settings (a credential)"));
        }
        imported.requests.push(ImportedRequest {
            url: query.get("apiUrl").and_then(Value::as_str).unwrap_or("").to_owned(),
            document: document.to_owned(),
            variables: variables_of(query.get("variables")),
            headers,
            name,
        });
    }
    for nested in value.get("collections").and_then(Value::as_array).into_iter().flatten() {
        altair(nested, imported);
    }
}

fn insomnia(value: &Value, imported: &mut Imported) -> Result<(), ImportError> {
    let resources = value.get("resources").and_then(Value::as_array).ok_or_else(|| ImportError("an Insomnia export lists `resources`".into()))?;
    for resource in resources.iter().filter(|resource| resource.get("_type").and_then(Value::as_str) == Some("request")) {
        let name = resource.get("name").and_then(Value::as_str).unwrap_or("Untitled").to_owned();
        let body = resource.get("body");
        let graphql = body.and_then(|body| body.get("mimeType")).and_then(Value::as_str) == Some("application/graphql");
        let Some(text) = body.and_then(|body| body.get("text")).and_then(Value::as_str).filter(|_| graphql) else {
            imported.dropped.push(format!("{name:?}: not a GraphQL request"));
            continue;
        };
        let parsed: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let Some(document) = parsed.get("query").and_then(Value::as_str) else {
            imported.dropped.push(format!("{name:?}: its body has no query"));
            continue;
        };
        let mut headers = Vec::new();
        for header in resource.get("headers").and_then(Value::as_array).into_iter().flatten() {
            if header.get("disabled").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let key = header.get("name").and_then(Value::as_str).unwrap_or("");
            if key.eq_ignore_ascii_case("content-type") {
                continue;
            }
            keep_header(key, header.get("value").and_then(Value::as_str).unwrap_or(""), &name, imported, &mut headers);
        }
        if resource.pointer("/authentication/type").and_then(Value::as_str).is_some_and(|kind| !kind.is_empty() && kind != "none") {
            imported.dropped.push(format!("{name:?}: its authentication ({}; a credential)", resource.pointer("/authentication/type").and_then(Value::as_str).unwrap_or("")));
        }
        imported.requests.push(ImportedRequest {
            url: resource.get("url").and_then(Value::as_str).unwrap_or("").to_owned(),
            document: document.to_owned(),
            variables: variables_of(parsed.get("variables")),
            headers,
            name,
        });
    }
    Ok(())
}

fn postman(value: &Value, folder: &str, imported: &mut Imported) {
    if let Some(kind) = value.pointer("/auth/type").and_then(Value::as_str).filter(|kind| *kind != "noauth") {
        let owner = value.get("name").or_else(|| value.pointer("/info/name")).and_then(Value::as_str).unwrap_or("the collection");
        imported.dropped.push(format!("{owner:?}: its {kind} auth (a credential)"));
    }
    for item in value.get("item").and_then(Value::as_array).into_iter().flatten() {
        let name = item.get("name").and_then(Value::as_str).unwrap_or("Untitled");
        let name = if folder.is_empty() { name.to_owned() } else { format!("{folder} {name}") };
        if item.get("item").is_some() {
            postman(item, &name, imported);
            continue;
        }
        let Some(request) = item.get("request") else { continue };
        let Some(graphql) = request.pointer("/body/graphql").filter(|_| request.pointer("/body/mode").and_then(Value::as_str) == Some("graphql")) else {
            imported.dropped.push(format!("{name:?}: not a GraphQL request"));
            continue;
        };
        let mut headers = Vec::new();
        for header in request.get("header").and_then(Value::as_array).into_iter().flatten() {
            if header.get("disabled").and_then(Value::as_bool) == Some(true) {
                continue;
            }
            let key = header.get("key").and_then(Value::as_str).unwrap_or("");
            if key.eq_ignore_ascii_case("content-type") {
                continue;
            }
            keep_header(key, header.get("value").and_then(Value::as_str).unwrap_or(""), &name, imported, &mut headers);
        }
        if let Some(kind) = request.pointer("/auth/type").and_then(Value::as_str).filter(|kind| *kind != "noauth") {
            imported.dropped.push(format!("{name:?}: its {kind} auth (a credential)"));
        }
        let url = match request.get("url") {
            Some(Value::String(url)) => url.clone(),
            Some(url) => url.get("raw").and_then(Value::as_str).unwrap_or("").to_owned(),
            None => String::new(),
        };
        imported.requests.push(ImportedRequest {
            name,
            url,
            document: graphql.get("query").and_then(Value::as_str).unwrap_or("").to_owned(),
            variables: variables_of(graphql.get("variables")),
            headers,
        });
    }
}

/// Bruno's `.bru`: blocks `name { … }`; `body:graphql` and `body:graphql:vars` hold text, the
/// others `key: value` lines (a `~` before the key disables it).
fn bruno(text: &str, imported: &mut Imported) -> Result<(), ImportError> {
    let mut blocks: Vec<(String, String)> = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.trim_end().strip_suffix('{').map(str::trim) else { continue };
        if name.is_empty() || line.starts_with(char::is_whitespace) {
            continue;
        }
        let mut body = Vec::new();
        for inner in lines.by_ref() {
            // A block ends at a `}` in the first column.
            if inner.trim_end() == "}" && !inner.starts_with(char::is_whitespace) {
                break;
            }
            body.push(inner.strip_prefix("  ").unwrap_or(inner));
        }
        blocks.push((name.to_owned(), body.join("\n")));
    }
    let block = |wanted: &str| blocks.iter().find(|(name, _)| name == wanted).map(|(_, body)| body.as_str());
    let pairs = |body: &str| -> Vec<(String, String)> {
        body.lines()
            .filter_map(|line| line.split_once(':'))
            .filter(|(key, _)| !key.trim_start().starts_with('~'))
            .map(|(key, value)| (key.trim().to_owned(), value.trim().to_owned()))
            .collect()
    };
    let meta = block("meta").map(pairs).unwrap_or_default();
    let name = meta.iter().find(|(key, _)| key == "name").map_or("Untitled".to_owned(), |(_, value)| value.clone());
    if meta.iter().any(|(key, value)| key == "type" && value != "graphql") {
        imported.dropped.push(format!("{name:?}: not a GraphQL request"));
        return Ok(());
    }
    let document = block("body:graphql").ok_or_else(|| ImportError(format!("{name:?} has no body:graphql block")))?;
    let url = ["post", "get"].iter().find_map(|method| block(method)).map(pairs).unwrap_or_default();
    let url = url.iter().find(|(key, _)| key == "url").map_or(String::new(), |(_, value)| value.clone());
    let mut headers = Vec::new();
    for (key, value) in block("headers").map(pairs).unwrap_or_default() {
        keep_header(&key, &value, &name, imported, &mut headers);
    }
    for (auth, _) in blocks.iter().filter(|(block_name, body)| block_name.starts_with("auth:") && !body.trim().is_empty()) {
        imported.dropped.push(format!("{name:?}: its {auth} block (a credential)"));
    }
    let variables = block("body:graphql:vars").map(|vars| Value::String(vars.to_owned()));
    imported.requests.push(ImportedRequest { name, url, document: document.to_owned(), variables: variables_of(variables.as_ref()), headers });
    Ok(())
}

/// A file name for a request's name: lowercase words joined by `-`, unique among `taken`.
pub fn file_stem(name: &str, taken: &mut Vec<String>) -> String {
    let mut stem = String::new();
    for c in name.chars() {
        if c.is_alphanumeric() {
            stem.extend(c.to_lowercase());
        } else if !stem.is_empty() && !stem.ends_with('-') {
            stem.push('-');
        }
    }
    let stem = stem.trim_end_matches('-').chars().take(60).collect::<String>();
    let stem = if stem.is_empty() { "request".to_owned() } else { stem };
    let unique = (1..).map(|n| if n == 1 { stem.clone() } else { format!("{stem}-{n}") }).find(|candidate| !taken.contains(candidate)).expect("numbers run out never");
    taken.push(unique.clone());
    unique
}

/// What [`write_into`] wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Written {
    /// The files written, relative to the folder.
    pub files: Vec<String>,
    /// Set when a config file was written (there was none).
    pub config: Option<String>,
    /// Endpoints of the requests that the folder's existing config does not name.
    pub endpoints_not_in_config: Vec<String>,
}

/// Writes each request as `<name>.graphql`, its variables beside it as `<name>.variables.json`
/// (never over an existing file), and a `.graphqlrc.yml` naming the requests' endpoints when the
/// folder has no config. Headers kept are those without credentials.
pub fn write_into(dir: &std::path::Path, imported: &Imported) -> std::io::Result<Written> {
    std::fs::create_dir_all(dir)?;
    let mut written = Written::default();
    let mut taken: Vec<String> = Vec::new();
    for request in &imported.requests {
        let stem = loop {
            let stem = file_stem(&request.name, &mut taken);
            if !dir.join(format!("{stem}.graphql")).exists() && !dir.join(format!("{stem}.variables.json")).exists() {
                break stem;
            }
        };
        write_new(&dir.join(format!("{stem}.graphql")), &ensure_newline(&request.document))?;
        written.files.push(format!("{stem}.graphql"));
        if let Some(variables) = &request.variables {
            write_new(&dir.join(format!("{stem}.variables.json")), &ensure_newline(variables))?;
            written.files.push(format!("{stem}.variables.json"));
        }
    }
    let mut urls: Vec<(&str, &[(String, String)])> = Vec::new();
    for request in imported.requests.iter().filter(|request| !request.url.is_empty()) {
        if !urls.iter().any(|(url, _)| *url == request.url) {
            urls.push((&request.url, &request.headers));
        }
    }
    let existing = crate::FILE_NAMES.iter().map(|name| dir.join(name)).find(|file| file.is_file());
    match existing {
        Some(file) => {
            let known: Vec<String> = crate::load(&file).map(|project| project.endpoints.into_iter().map(|endpoint| endpoint.url).collect()).unwrap_or_default();
            written.endpoints_not_in_config = urls.iter().filter(|(url, _)| !known.iter().any(|known| known == url)).map(|(url, _)| (*url).to_owned()).collect();
        }
        None => {
            let mut config = String::from("documents: '**/*.graphql'\n");
            if let Some((first, _)) = urls.first() {
                config.push_str(&format!("schema: {}\n", yaml_string(first)));
            }
            if !urls.is_empty() {
                config.push_str("extensions:\n  endpoints:\n");
                let mut names: Vec<String> = Vec::new();
                for (n, (url, headers)) in urls.iter().enumerate() {
                    let name = if n == 0 { "default".to_owned() } else { file_stem(&host_of(url), &mut names) };
                    config.push_str(&format!("    {name}:\n      url: {}\n", yaml_string(url)));
                    if !headers.is_empty() {
                        config.push_str("      headers:\n");
                        for (header, value) in headers.iter() {
                            config.push_str(&format!("        {}: {}\n", yaml_string(header), yaml_string(value)));
                        }
                    }
                }
            }
            write_new(&dir.join(".graphqlrc.yml"), &config)?;
            written.config = Some(".graphqlrc.yml".to_owned());
        }
    }
    Ok(written)
}

fn host_of(url: &str) -> String {
    url.split("://").nth(1).unwrap_or(url).split(['/', ':']).next().unwrap_or(url).to_owned()
}

/// A YAML double-quoted string (JSON's escapes are YAML's).
fn yaml_string(text: &str) -> String {
    serde_json::Value::String(text.to_owned()).to_string()
}

fn ensure_newline(text: &str) -> String {
    if text.ends_with('\n') { text.to_owned() } else { format!("{text}\n") }
}

fn write_new(path: &std::path::Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(path)?;
    file.write_all(text.as_bytes())
}
