//! Sextant's schema explorer engine: what a person asks of a schema rather than of a document.
//!
//! - [`index`]: [`SchemaIndex`], every element of a schema (types, fields, arguments, input
//!   fields, enum values, directives and their arguments) in one flat table, built once per schema;
//! - [`coordinates`]: schema coordinates as the GraphQL Schema Coordinates RFC spells them
//!   (`Type`, `Type.field`, `Type.field(arg:)`, `Enum.VALUE`, `Input.field`, `@directive`,
//!   `@directive(arg:)`), the one way elements are named in output, navigation and links;
//! - [`search`]: by name (exact coordinate, exact name, prefix, camelCase word starts and
//!   abbreviations, substring, typos) and by the words of descriptions, ranked;
//! - [`references`]: every place a type is used, with its relation;
//! - [`paths`]: the shortest chains of fields from the root types to a type or field;
//! - [`diff`]: every change between two schemas, with its kind, coordinate and criticality.
//!
//! The index holds reference-counted handles to the schema's own definitions (apollo-compiler's
//! `Node`s and `Name`s): nothing it answers copies a name or a description. This crate does no IO,
//! reads no clock and knows nothing about files, HTTP or Tauri. Schemas come from servers and are
//! untrusted: every operation is bounded and none panics on what a schema contains.

pub mod coordinates;
pub mod diff;
pub mod index;
pub mod paths;
pub mod references;
pub mod search;
mod words;

pub use apollo_compiler::coordinate::SchemaCoordinate;
pub use index::{ElementId, ElementKind, LazyIndex, SchemaIndex};
