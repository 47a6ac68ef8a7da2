//! The variables a person gives (the app's Variables editor, the command line's `--variables`),
//! read the same way by both: empty text or `null` is no variables, a JSON object is the variables,
//! anything else is refused before sending, with where the problem is.

/// Why the variables cannot be sent. `line` and `column` count from 1.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariablesError {
    #[error("The variables are not JSON: {message} (line {line}, column {column})")]
    NotJson { message: String, line: usize, column: usize },
    #[error("The variables must be a JSON object such as {{\"id\": \"…\"}}, not {found}")]
    NotAnObject { found: &'static str },
}

impl VariablesError {
    /// The line the problem is on.
    pub fn line(&self) -> usize {
        match self {
            VariablesError::NotJson { line, .. } => *line,
            VariablesError::NotAnObject { .. } => 1,
        }
    }
}

/// The variables of `text`: `Value::Null` (sent as no `variables` at all) for empty text or `null`,
/// the object otherwise.
pub fn parse(text: &str) -> Result<serde_json::Value, VariablesError> {
    if text.trim().is_empty() {
        return Ok(serde_json::Value::Null);
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|error| VariablesError::NotJson {
        // serde_json's message ends with " at line L column C": said once, by this type.
        message: error.to_string().split(" at line ").next().unwrap_or_default().to_owned(),
        line: error.line().max(1),
        column: error.column().max(1),
    })?;
    let found = match &value {
        serde_json::Value::Object(_) | serde_json::Value::Null => return Ok(value),
        serde_json::Value::Array(_) => "a list",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::Bool(_) => "a boolean",
    };
    Err(VariablesError::NotAnObject { found })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_variables_are_an_object_or_nothing() {
        // The same table runs through the command line and the app (test_support::cases::VARIABLES).
        for case in test_support::cases::VARIABLES {
            match (parse(case.text), case.accepted) {
                (Ok(value), Some(expected)) => {
                    assert_eq!(value, serde_json::from_str::<serde_json::Value>(expected).unwrap(), "{:?}", case.text)
                }
                (Err(error), None) => {
                    assert!(error.to_string().contains(case.message), "{:?}: {error}", case.text)
                }
                (got, _) => panic!("{:?}: got {got:?}, expected {:?}", case.text, case.accepted),
            }
        }
    }

    #[test]
    fn a_problem_says_where_it_is() {
        let error = parse("{\n  \"id\": \n}").unwrap_err();
        assert_eq!((error.line(), error.to_string()), (3, "The variables are not JSON: expected value (line 3, column 1)".to_owned()));
    }
}
