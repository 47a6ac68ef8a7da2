//! Tables of cases that more than one front end must answer alike: each runs through the function
//! both call (in `connection`), through the command line and through the app's commands, so that
//! the front ends cannot drift apart again.

/// Variables as a person types them, and whether they are sent.
pub struct VariablesCase {
    pub text: &'static str,
    /// The JSON value sent (`null`: no variables); `None` when refused before sending.
    pub accepted: Option<&'static str>,
    /// Part of the refusal's message, when refused.
    pub message: &'static str,
}

pub const VARIABLES: &[VariablesCase] = &[
    VariablesCase { text: "", accepted: Some("null"), message: "" },
    VariablesCase { text: "  \n", accepted: Some("null"), message: "" },
    VariablesCase { text: "null", accepted: Some("null"), message: "" },
    VariablesCase { text: "{}", accepted: Some("{}"), message: "" },
    VariablesCase { text: r#"{"id": "p1", "first": 2}"#, accepted: Some(r#"{"id": "p1", "first": 2}"#), message: "" },
    VariablesCase { text: "[1, 2]", accepted: None, message: "must be a JSON object such as {\"id\": \"…\"}, not a list" },
    VariablesCase { text: "\"p1\"", accepted: None, message: "not a string" },
    VariablesCase { text: "3", accepted: None, message: "not a number" },
    VariablesCase { text: "true", accepted: None, message: "not a boolean" },
    VariablesCase { text: "{\"id\": ", accepted: None, message: "The variables are not JSON: EOF while parsing a value (line 1, column 7)" },
    VariablesCase { text: "{id: 1}", accepted: None, message: "The variables are not JSON: key must be a string (line 1, column 2)" },
];
