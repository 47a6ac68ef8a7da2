//! Test data shared by the engine crates.
//!
//! The large schemas are real: Railway's introspection response from `tests/data/`, and GitHub's public schema from the npm package `@octokit/graphql-schema`,
//! which the test setup (`scripts/setup`) installs under `tests/node_modules`. A missing file fails the
//! test with a message that says how to get it; nothing is skipped.

pub mod cases;

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use apollo_compiler::{Schema, validation::Valid};

/// The marker for the cursor in test documents. `|` never appears in an executable GraphQL
/// document outside a string.
pub const CURSOR: char = '|';

/// Splits the cursor marker out of a test document: the text without it and the marker's byte offset.
pub fn split_cursor(marked: &str) -> (String, usize) {
    let offset = marked.find(CURSOR).unwrap_or_else(|| panic!("no cursor marker `{CURSOR}` in {marked:?}"));
    let mut text = marked.to_owned();
    text.remove(offset);
    (text, offset)
}

pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("test-support sits in the repository").to_owned()
}

pub fn fixture_sdl() -> &'static str {
    include_str!("../../demo/schema.graphql")
}

/// The small fixture schema that has one of everything.
pub fn fixture_schema() -> &'static Valid<Schema> {
    static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        Schema::parse_and_validate(fixture_sdl(), "fixture.graphql").unwrap_or_else(|errors| panic!("fixture schema: {errors}"))
    })
}

pub fn railway_introspection_path() -> PathBuf {
    existing(repository_root().join("tests/data/railway-schema.json"), "it comes with the repository")
}

pub fn github_introspection_path() -> PathBuf {
    existing(github_package().join("schema.json"), "run scripts/setup to install @octokit/graphql-schema")
}

pub fn github_sdl_path() -> PathBuf {
    existing(github_package().join("schema.graphql"), "run scripts/setup to install @octokit/graphql-schema")
}

fn github_package() -> PathBuf {
    repository_root().join("tests/node_modules/@octokit/graphql-schema")
}

fn existing(path: PathBuf, how_to_get_it: &str) -> PathBuf {
    assert!(path.exists(), "{} is missing: {how_to_get_it}", path.display());
    path
}

/// Railway's real schema (601 types).
pub fn railway_schema() -> &'static Valid<Schema> {
    static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| load(&railway_introspection_path()))
}

/// GitHub's public schema (1,628 types), from its introspection response.
pub fn github_schema() -> &'static Valid<Schema> {
    static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| load(&github_introspection_path()))
}

fn load(path: &Path) -> Valid<Schema> {
    schema_cache::load_file(path).unwrap_or_else(|error| panic!("{error}")).schema
}
