//! Sextant's schema side: how a schema is obtained, printed and kept.
//!
//! - [`introspection`]: the introspection query texts (with fallbacks for older servers) and the
//!   reading of an introspection response into a schema;
//! - [`sdl`]: a schema from SDL files, for servers with introspection turned off;
//! - [`cache`]: the on-disk cache, keyed by endpoint and credential identity (never the secret).
//!
//! This crate never decides to fetch anything: it has no network code and no timers. Callers
//! refresh explicitly.

pub mod cache;
pub mod introspection;
pub mod sdl;

use std::path::Path;

pub use apollo_compiler::schema::{ComponentName, ExtendedType};
pub use apollo_compiler::{Schema, validation::Valid};

/// A schema ready for the language engine, with what a person should know about how it was read.
#[derive(Debug, Clone)]
pub struct LoadedSchema {
    pub schema: Valid<Schema>,
    /// Problems that did not stop the schema from loading, each a sentence naming what it concerns.
    pub warnings: Vec<String>,
}

/// Why a schema file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    // The causes are part of the message, not `#[source]`s, so that a cause chain printer does
    // not repeat them.
    #[error("cannot read {path}: {cause}")]
    Read { path: String, cause: std::io::Error },
    #[error("{path}: {cause}")]
    Introspection { path: String, cause: introspection::IntrospectionError },
    #[error("{path}: {cause}")]
    Sdl { path: String, cause: sdl::SdlError },
}

/// Reads a schema file: an introspection response (JSON) or SDL (.graphql, .graphqls, anything else
/// that does not start with `{`).
pub fn load_file(path: &Path) -> Result<LoadedSchema, LoadError> {
    let display = path.display().to_string();
    let bytes = std::fs::read(path).map_err(|cause| LoadError::Read { path: display.clone(), cause })?;
    load_bytes(&display, &bytes)
}

/// Reads the contents of a schema file already in memory (the desktop app reads the file a person
/// picked in the web view): an introspection response when it starts with `{`, SDL otherwise.
/// `name` stands for the file in error messages.
pub fn load_bytes(name: &str, bytes: &[u8]) -> Result<LoadedSchema, LoadError> {
    let display = name.to_owned();
    let looks_like_json = bytes.iter().find(|byte| !byte.is_ascii_whitespace()) == Some(&b'{');
    if looks_like_json {
        introspection::schema_from_response(bytes)
            .map_err(|cause| LoadError::Introspection { path: display, cause })
    } else {
        let text = String::from_utf8_lossy(bytes);
        sdl::schema_from_sdl(&text).map_err(|cause| LoadError::Sdl { path: display, cause })
    }
}

/// The number of types a schema defines, not counting the built-in scalars and introspection
/// types: what the command line and the app both show.
pub fn n_types(schema: &Schema) -> usize {
    schema.types.values().filter(|ty| !ty.is_built_in()).count()
}

/// The schema as SDL.
pub fn print_sdl(schema: &Schema) -> String {
    schema.to_string()
}
