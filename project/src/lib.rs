//! A project is a folder with a graphql-config file, as the GraphQL extensions of VS Code and
//! JetBrains read it: `schema` (files or URLs), `documents` (globs), and
//! `extensions.endpoints.<name>` with a `url` and `headers`. Sextant's own settings go under
//! `extensions.sextant` (the token profile per endpoint: a name, never a token).
//!
//! This crate finds the file (upward from a folder) and reads it; values are kept as written, with
//! their `${VAR}` and `${VAR:default}`: the front ends read the environment when they send.

pub mod files;
pub mod folder;
pub mod import;
pub mod secrets;
pub mod watch;

use std::path::{Path, PathBuf};

use indexmap::IndexMap;
use serde::Deserialize;

/// The file names graphql-config reads, in the order they are looked for in a folder.
pub const FILE_NAMES: [&str; 7] =
    [".graphqlrc.yml", ".graphqlrc.yaml", ".graphqlrc.json", ".graphqlrc", "graphql.config.yml", "graphql.config.yaml", "graphql.config.json"];

/// Config files that are programs: graphql-config runs them, Sextant does not.
const PROGRAM_FILE_NAMES: [&str; 6] =
    ["graphql.config.js", "graphql.config.ts", "graphql.config.cjs", ".graphqlrc.js", ".graphqlrc.ts", ".graphqlrc.cjs"];

/// Files larger than this are not read as a config.
const MAX_CONFIG_BYTES: u64 = 1 << 20;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Project {
    /// The folder the config is in: relative paths start here.
    pub dir: PathBuf,
    pub file: PathBuf,
    /// Where the schema comes from, in order.
    pub schema: Vec<SchemaSource>,
    /// Globs of the project's documents, relative to `dir`.
    pub documents: Vec<String>,
    /// The endpoints, in the file's order.
    pub endpoints: Vec<EndpointConfig>,
    /// Set when the file holds several projects and one was chosen: which, among which.
    pub chosen_from: Option<(String, Vec<String>)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaSource {
    /// A file, relative to the project's folder as written.
    File(PathBuf),
    /// An endpoint to introspect, with the headers to send (values as written).
    Url { url: String, headers: Vec<(String, String)> },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointConfig {
    pub name: String,
    /// As written: may hold `${VAR}`.
    pub url: String,
    /// As written: values may hold `${VAR}`.
    pub headers: Vec<(String, String)>,
    /// The token profile for this endpoint (`extensions.sextant.profiles.<name>`).
    pub profile: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProjectError {
    #[error("no graphql-config file ({}) in {} or a folder above it", FILE_NAMES.join(", "), .from.display())]
    NotFound { from: PathBuf },
    #[error("{} is a program (graphql-config runs it); Sextant reads .graphqlrc.yml, .graphqlrc.json or graphql.config.yml", .file.display())]
    Program { file: PathBuf },
    #[error("cannot read {}: {message}", .file.display())]
    Unreadable { file: PathBuf, message: String },
    #[error("{}: {message}", .file.display())]
    Invalid { file: PathBuf, message: String },
    #[error("{} names no endpoint (extensions.endpoints): give the URL", .file.display())]
    NoEndpoint { file: PathBuf },
    #[error("{} has no endpoint {name:?}; it has {}", .file.display(), .known.join(", "))]
    UnknownEndpoint { file: PathBuf, name: String, known: Vec<String> },
    #[error("{} names no schema: give one with --schema", .file.display())]
    NoSchema { file: PathBuf },
}

/// The config file that applies to `start`: in it or the nearest folder above.
pub fn find(start: &Path) -> Result<PathBuf, ProjectError> {
    for dir in start.ancestors() {
        if let Some(file) = FILE_NAMES.iter().map(|name| dir.join(name)).find(|file| file.is_file()) {
            return Ok(file);
        }
        if let Some(file) = PROGRAM_FILE_NAMES.iter().map(|name| dir.join(name)).find(|file| file.is_file()) {
            return Err(ProjectError::Program { file });
        }
    }
    Err(ProjectError::NotFound { from: start.to_owned() })
}

/// Reads the config file at `file`.
pub fn load(file: &Path) -> Result<Project, ProjectError> {
    let unreadable = |message: String| ProjectError::Unreadable { file: file.to_owned(), message };
    let size = std::fs::metadata(file).map_err(|error| unreadable(error.to_string()))?.len();
    if size > MAX_CONFIG_BYTES {
        return Err(unreadable(format!("it has {size} bytes; a config has at most {MAX_CONFIG_BYTES}")));
    }
    let text = std::fs::read_to_string(file).map_err(|error| unreadable(error.to_string()))?;
    let dir = file.parent().map_or_else(|| PathBuf::from("."), Path::to_owned);
    parse(&text, file.extension().is_some_and(|extension| extension == "json"), &dir)
        .map(|project| Project { file: file.to_owned(), ..project })
        .map_err(|message| ProjectError::Invalid { file: file.to_owned(), message })
}

/// Reads a config's text (YAML, of which JSON is a part; `json` reads it as JSON only).
pub fn parse(text: &str, json: bool, dir: &Path) -> Result<Project, String> {
    let raw: RawConfig = if json {
        serde_json::from_str(text).map_err(|error| error.to_string())?
    } else {
        serde_saphyr::from_str(text).map_err(|error| error.to_string())?
    };
    let (config, chosen_from) = match raw.projects {
        Some(projects) if raw.schema.is_none() && raw.extensions.is_none() => {
            let names: Vec<String> = projects.keys().cloned().collect();
            let name = if projects.contains_key("default") { "default".to_owned() } else { names.first().cloned().ok_or("`projects` is empty")? };
            let chosen = projects.into_iter().find(|(key, _)| *key == name).map(|(_, project)| project).ok_or("`projects` is empty")?;
            (chosen, Some((name, names)))
        }
        _ => (RawProject { schema: raw.schema, documents: raw.documents, extensions: raw.extensions }, None),
    };
    let schema = config
        .schema
        .map(OneOrMany::into_vec)
        .unwrap_or_default()
        .into_iter()
        .flat_map(|item| match item {
            SchemaItem::Plain(pointer) => vec![schema_source(&pointer, Vec::new())],
            SchemaItem::WithOptions(map) => {
                map.into_iter().map(|(pointer, options)| schema_source(&pointer, options.headers.into_iter().collect())).collect()
            }
        })
        .collect();
    let documents = config.documents.map(OneOrMany::into_vec).unwrap_or_default().into_iter().filter_map(|item| match item {
        SchemaItem::Plain(glob) => Some(glob),
        SchemaItem::WithOptions(_) => None,
    });
    let extensions = config.extensions.unwrap_or_default();
    let profiles = extensions.sextant.unwrap_or_default().profiles;
    let endpoints = extensions
        .endpoints
        .into_iter()
        .map(|(name, endpoint)| {
            let (url, headers) = match endpoint {
                RawEndpoint::Url(url) => (url, IndexMap::new()),
                RawEndpoint::Full { url, headers } => (url, headers),
            };
            EndpointConfig { profile: profiles.get(&name).cloned(), name, url, headers: headers.into_iter().collect() }
        })
        .collect();
    Ok(Project { dir: dir.to_owned(), file: PathBuf::new(), schema, documents: documents.collect(), endpoints, chosen_from })
}

fn schema_source(pointer: &str, headers: Vec<(String, String)>) -> SchemaSource {
    if pointer.starts_with("http://") || pointer.starts_with("https://") {
        SchemaSource::Url { url: pointer.to_owned(), headers }
    } else {
        SchemaSource::File(PathBuf::from(pointer))
    }
}

impl Project {
    /// The endpoint named `name`, else the one named `default`, else the first.
    pub fn endpoint(&self, name: Option<&str>) -> Result<&EndpointConfig, ProjectError> {
        if self.endpoints.is_empty() {
            return Err(ProjectError::NoEndpoint { file: self.file.clone() });
        }
        let wanted = name.or_else(|| self.endpoints.iter().any(|endpoint| endpoint.name == "default").then_some("default"));
        match wanted {
            None => Ok(&self.endpoints[0]),
            Some(wanted) => self.endpoints.iter().find(|endpoint| endpoint.name == wanted).ok_or_else(|| ProjectError::UnknownEndpoint {
                file: self.file.clone(),
                name: wanted.to_owned(),
                known: self.endpoints.iter().map(|endpoint| endpoint.name.clone()).collect(),
            }),
        }
    }

    /// The first schema source, a file made absolute.
    pub fn schema_source(&self) -> Result<SchemaSource, ProjectError> {
        match self.schema.first() {
            Some(SchemaSource::File(path)) => Ok(SchemaSource::File(self.dir.join(path))),
            Some(url) => Ok(url.clone()),
            None => Err(ProjectError::NoSchema { file: self.file.clone() }),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    schema: Option<OneOrMany>,
    documents: Option<OneOrMany>,
    extensions: Option<RawExtensions>,
    projects: Option<IndexMap<String, RawProject>>,
    // Keys other tools read that Sextant does not.
    #[serde(default, rename = "include")]
    _include: Option<serde::de::IgnoredAny>,
    #[serde(default, rename = "exclude")]
    _exclude: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
struct RawProject {
    schema: Option<OneOrMany>,
    documents: Option<OneOrMany>,
    extensions: Option<RawExtensions>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(SchemaItem),
    Many(Vec<SchemaItem>),
}

impl OneOrMany {
    fn into_vec(self) -> Vec<SchemaItem> {
        match self {
            OneOrMany::One(item) => vec![item],
            OneOrMany::Many(items) => items,
        }
    }
}

#[derive(Deserialize)]
#[serde(untagged)]
enum SchemaItem {
    Plain(String),
    /// `{"https://api/graphql": {"headers": {...}}}`
    WithOptions(IndexMap<String, SchemaOptions>),
}

#[derive(Deserialize, Default)]
struct SchemaOptions {
    #[serde(default)]
    headers: IndexMap<String, String>,
}

#[derive(Deserialize, Default)]
struct RawExtensions {
    #[serde(default)]
    endpoints: IndexMap<String, RawEndpoint>,
    sextant: Option<SextantExtension>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum RawEndpoint {
    Url(String),
    Full {
        url: String,
        #[serde(default)]
        headers: IndexMap<String, String>,
    },
}

#[derive(Deserialize, Default)]
struct SextantExtension {
    /// The token profile of each endpoint, by the endpoint's name.
    #[serde(default)]
    profiles: IndexMap<String, String>,
}
