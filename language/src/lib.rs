//! Sextant's language engine: everything the editor knows about a GraphQL document and a schema.
//!
//! Every feature is a pure function of (document text, cursor, schema). None of them fails on
//! unfinished input, because an unfinished document is the normal state of an editor. Offsets at
//! this crate's boundary are UTF-8 byte offsets into the document; [`offsets`] converts them to
//! UTF-16 code units (CodeMirror) and to line/column, in one place.
//!
//! This crate does no IO and knows nothing about HTTP, caches, keychains or Tauri.

pub mod completion;
mod context;
pub mod diagnostics;
pub mod format;
pub mod hover;
pub mod offsets;
pub mod operations;
pub mod variables;

pub use apollo_compiler::{Schema, validation::Valid};
