//! Sextant's language engine: everything the editor knows about a GraphQL document and a schema.
//!
//! Every feature is a pure function of (document text, cursor, schema). None of them fails on
//! unfinished input, because an unfinished document is the normal state of an editor. Offsets at
//! this crate's boundary are UTF-8 byte offsets into the document; [`offsets`] converts them to
//! UTF-16 code units (CodeMirror) and to line/column, in one place.
//!
//! This crate does no IO and knows nothing about HTTP, caches, keychains or Tauri.

pub mod build;
pub mod completion;
mod context;
pub mod diagnostics;
pub mod format;
pub mod hover;
pub mod offsets;
pub mod operations;
pub mod variables;

pub use apollo_compiler::{Schema, validation::Valid};

/// How deep the parser may nest (selection sets, lists, objects, types). Deeper documents get a
/// diagnostic instead of a stack overflow; apollo-compiler's conversion and validation recurse
/// along the same nesting, so the limit keeps them shallow too, even on a 2 MB thread stack in a
/// debug build. No hand-written query comes close.
pub(crate) const RECURSION_LIMIT: usize = 128;

/// How many tokens the parser reads before it gives up (about 5 MB of typical GraphQL). Keeps a
/// pasted 50 MB document from freezing the editor.
pub(crate) const TOKEN_LIMIT: usize = 1_000_000;
