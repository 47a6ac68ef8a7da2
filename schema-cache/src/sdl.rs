//! A schema from SDL text, for servers with introspection turned off.
//!
//! SDL files found in the wild are not always valid: GitHub's published schema defines two fields
//! of `EnterpriseOwnerInfo` twice, and hand-edited files have syntax errors. As long as what remains
//! has a query type, the schema is loaded and each problem becomes a warning naming the thing and
//! the line. Only text that leaves nothing usable is refused.

use apollo_compiler::parser::Parser;
use apollo_compiler::validation::{DiagnosticList, Valid};

use crate::LoadedSchema;

/// How deeply the parser follows nesting (list types, object values in default values). Real
/// schemas stay under 10; the limit keeps hostile input from overflowing the stack, in the parser
/// and in everything that walks the tree after it.
const RECURSION_LIMIT: usize = 64;

/// How many tokens the parser reads at most. GitHub's 1.2 MB schema has about 105,000; the limit
/// stops a huge file of garbage from being parsed to its end.
const TOKEN_LIMIT: usize = 2_000_000;

/// How many problems become warnings; the rest are counted in one last warning.
const MAX_WARNINGS: usize = 100;

/// How many problems a refusal quotes.
const MAX_QUOTED_ERRORS: usize = 5;

/// The name under which the text appears in apollo-compiler's diagnostics (never shown: warnings
/// give the line only).
const SOURCE_NAME: &str = "schema.graphql";

/// Why SDL text gave no usable schema.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum SdlError {
    /// The text has no query type: no `schema { query: … }` and no type named `Query`. Often this
    /// means the text is not SDL at all; `problems` quotes the first few errors found, if any.
    #[error("not a usable schema: it has no query type{}", describe_problems(.problems, *.more))]
    NoQueryType {
        /// The first problems found, each naming the line.
        problems: Vec<String>,
        /// How many more problems there were.
        more: usize,
    },
}

fn describe_problems(problems: &[String], more: usize) -> String {
    if problems.is_empty() {
        return String::new();
    }
    let mut text = format!(" ({}", problems.join("; "));
    if more > 0 {
        text.push_str(&format!("; and {more} more problems"));
    }
    text.push(')');
    text
}

/// Reads SDL text into a schema.
///
/// Build and validation errors (duplicate definitions, syntax errors, references to undefined
/// types, …) do not stop the schema from loading when it has a query type: each becomes a warning
/// in [`LoadedSchema::warnings`], naming the thing concerned and its line. Duplicate definitions
/// keep the first one, as in `field EnterpriseOwnerInfo.xyz is defined twice; the first definition
/// is kept (line 15150)`.
///
/// The returned schema is then used as valid although it may not be: it is the best that can be
/// made of the text, and the warnings say what is wrong with it.
pub fn schema_from_sdl(text: &str) -> Result<LoadedSchema, SdlError> {
    let mut parser = Parser::new().recursion_limit(RECURSION_LIMIT).token_limit(TOKEN_LIMIT);
    let mut problems = Problems::default();
    let schema = match parser.parse_schema(text, SOURCE_NAME) {
        Ok(schema) => schema,
        Err(with_errors) => {
            problems.add_all(&with_errors.errors);
            with_errors.partial
        }
    };

    if schema.schema_definition.query.is_none() {
        let more = problems.more + problems.list.len().saturating_sub(MAX_QUOTED_ERRORS);
        problems.list.truncate(MAX_QUOTED_ERRORS);
        return Err(SdlError::NoQueryType { problems: problems.list, more });
    }

    let mut schema = schema;
    crate::introspection::define_one_of_if_used(&mut schema);
    let schema = match schema.validate() {
        Ok(valid) => valid,
        Err(with_errors) => {
            problems.add_all(&with_errors.errors);
            Valid::assume_valid(with_errors.partial)
        }
    };

    let mut warnings = problems.list;
    if problems.more > 0 {
        warnings.push(format!("and {} more problems", problems.more));
    }
    Ok(LoadedSchema { schema, warnings })
}

/// The problems found, the first [`MAX_WARNINGS`] as sentences, the rest counted.
#[derive(Default)]
struct Problems {
    list: Vec<String>,
    more: usize,
}

impl Problems {
    fn add_all(&mut self, errors: &DiagnosticList) {
        for diagnostic in errors.iter() {
            if self.list.len() >= MAX_WARNINGS {
                self.more += 1;
                continue;
            }
            let message = diagnostic.error.to_string();
            let line = diagnostic.line_column_range().map(|range| range.start.line);
            self.list.push(describe(&message, line));
        }
    }
}

/// One problem as a sentence naming what it concerns and where.
fn describe(message: &str, line: Option<usize>) -> String {
    let at = match line {
        Some(line) => format!(" (line {line})"),
        None => String::new(),
    };
    if let Some(sentence) = duplicate_member(message) {
        return format!("{sentence}{at}");
    }
    if let Some(name) = between(message, "the type `", "` is defined multiple times in the schema") {
        return format!("type {name} is defined more than once; the first definition is kept{at}");
    }
    if let Some(name) = between(message, "the directive `@", "` is defined multiple times in the schema") {
        return format!("directive @{name} is defined more than once; the first definition is kept{at}");
    }
    match line {
        Some(line) => format!("line {line}: {message}"),
        None => message.to_owned(),
    }
}

/// apollo-compiler's "duplicate definitions for the `x` field of object type `T`" and its kin,
/// reworded the way introspection reports the same problem.
fn duplicate_member(message: &str) -> Option<String> {
    let rest = message.strip_prefix("duplicate definitions for the `")?;
    let (member, rest) = rest.split_once("` ")?;
    let (what, rest) = rest.split_once(" of ")?;
    let owner = rest.split_once('`')?.1.strip_suffix('`')?;
    Some(format!("{what} {owner}.{member} is defined twice; the first definition is kept"))
}

fn between<'a>(text: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    text.strip_prefix(prefix)?.strip_suffix(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn duplicate_messages_are_reworded() {
        let cases = [
            (
                "duplicate definitions for the `xyz` field of object type `EnterpriseOwnerInfo`",
                "field EnterpriseOwnerInfo.xyz is defined twice; the first definition is kept (line 3)",
            ),
            (
                "duplicate definitions for the `RED` value of enum type `Color`",
                "value Color.RED is defined twice; the first definition is kept (line 3)",
            ),
            ("the type `Foo` is defined multiple times in the schema", "type Foo is defined more than once; the first definition is kept (line 3)"),
            ("syntax error: expected a Name", "line 3: syntax error: expected a Name"),
        ];
        for (message, expected) in cases {
            assert_eq!(describe(message, Some(3)), expected);
        }
    }
}
