//! The indexes the tests share, built once per test binary.

use std::sync::OnceLock;

use schema_index::SchemaIndex;

pub fn fixture() -> &'static SchemaIndex {
    static INDEX: OnceLock<SchemaIndex> = OnceLock::new();
    INDEX.get_or_init(|| SchemaIndex::new(test_support::fixture_schema()))
}

pub fn railway() -> &'static SchemaIndex {
    static INDEX: OnceLock<SchemaIndex> = OnceLock::new();
    INDEX.get_or_init(|| SchemaIndex::new(test_support::railway_schema()))
}

pub fn github() -> &'static SchemaIndex {
    static INDEX: OnceLock<SchemaIndex> = OnceLock::new();
    INDEX.get_or_init(|| SchemaIndex::new(test_support::github_schema()))
}

/// Which schema a case runs on.
#[derive(Debug, Clone, Copy)]
pub enum On {
    Fixture,
    Railway,
    GitHub,
}

impl On {
    pub fn index(self) -> &'static SchemaIndex {
        match self {
            On::Fixture => fixture(),
            On::Railway => railway(),
            On::GitHub => github(),
        }
    }
}

/// Fails with every failed case at once.
pub fn report(failures: Vec<String>) {
    assert!(failures.is_empty(), "{} failing case(s):\n{}", failures.len(), failures.join("\n"));
}
