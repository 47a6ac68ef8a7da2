//! Every language feature on an arbitrary document at an arbitrary offset: none may panic,
//! overflow the stack or hang, and the formatter must keep every token.
#![no_main]

use std::sync::OnceLock;

use apollo_compiler::{Schema, validation::Valid};
use libfuzzer_sys::fuzz_target;

fn schema() -> &'static Valid<Schema> {
    static SCHEMA: OnceLock<Valid<Schema>> = OnceLock::new();
    SCHEMA.get_or_init(|| Schema::parse_and_validate(include_str!("../../demo/schema.graphql"), "demo.graphql").unwrap())
}

fuzz_target!(|data: &[u8]| {
    let Some((&[high, low], rest)) = data.split_first_chunk::<2>() else { return };
    let document = String::from_utf8_lossy(rest);
    // Any offset, including ones past the end and inside characters: the engine clamps.
    let offset = usize::from(u16::from_be_bytes([high, low])) % (document.len() + 8);
    let schema = schema();
    let _ = language::completion::complete(schema, &document, offset);
    let _ = language::hover::hover(schema, &document, offset);
    let _ = language::diagnostics::diagnostics(schema, &document);
    let _ = language::operations::operations(&document);
    let formatted = language::format::format(&document);
    assert_eq!(language::format::format(&formatted), formatted, "formatting is idempotent");
});
