//! What one GraphQL request is made of, and the credential rule.

use std::time::Duration;

use secret::Secret;
use serde::Serialize;

use crate::endpoint::{Endpoint, Origin};

/// A header whose value is a secret (a token), bound to the one origin it may be sent to.
///
/// `Authorization: Bearer <token>` ([`Credential::bearer`]) and named headers such as
/// `Project-Access-Token: <token>` ([`Credential::header`]) are both credentials. `Debug` shows the
/// header name and origin, never the value.
#[derive(Debug, Clone, PartialEq)]
pub struct Credential {
    pub header_name: String,
    /// The whole header value, `Bearer ` included.
    pub value: Secret,
    pub origin: Origin,
}

impl Credential {
    /// `Authorization: Bearer <token>`, sent to `origin` only.
    pub fn bearer(token: &Secret, origin: Origin) -> Credential {
        const PREFIX: &str = "Bearer ";
        // Sized up front, so that no copy of the token is left behind by a reallocation.
        let mut value = String::with_capacity(PREFIX.len() + token.expose().len());
        value.push_str(PREFIX);
        value.push_str(token.expose());
        let value = Secret::new(value).expect("a bearer value is never empty");
        Credential { header_name: "authorization".to_owned(), value, origin }
    }

    /// `<header_name>: <token>`, sent to `origin` only.
    pub fn header(header_name: impl Into<String>, token: Secret, origin: Origin) -> Credential {
        Credential { header_name: header_name.into(), value: token, origin }
    }
}

/// One GraphQL request over HTTP POST.
#[derive(Debug, Clone)]
pub struct GraphqlRequest {
    pub endpoint: Endpoint,
    /// Plain headers, sent as given (duplicates allowed). Nothing secret goes here: a header whose
    /// value is a secret is a [`Credential`].
    pub headers: Vec<(String, String)>,
    /// The profile's token and any user header marked secret. Each is attached only when the
    /// request's origin is the credential's origin; otherwise nothing is sent.
    pub credentials: Vec<Credential>,
    pub query: String,
    pub operation_name: Option<String>,
    /// `null` leaves `variables` out of the body.
    pub variables: serde_json::Value,
    /// Overrides the client's total timeout for this request.
    pub timeout: Option<Duration>,
    /// A subscription's `connection_init` payload (JSON text): how browser-based clients, which
    /// cannot put headers on an upgrade, authenticate, so it may hold a token. Sent only with the
    /// request, to its endpoint.
    pub connection_params: Option<Secret>,
}

impl GraphqlRequest {
    pub fn new(endpoint: Endpoint, query: impl Into<String>) -> GraphqlRequest {
        GraphqlRequest {
            endpoint,
            headers: Vec::new(),
            credentials: Vec::new(),
            query: query.into(),
            operation_name: None,
            variables: serde_json::Value::Null,
            timeout: None,
            connection_params: None,
        }
    }

    pub fn with_credential(mut self, credential: Credential) -> GraphqlRequest {
        self.credentials.push(credential);
        self
    }

    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> GraphqlRequest {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn with_variables(mut self, variables: serde_json::Value) -> GraphqlRequest {
        self.variables = variables;
        self
    }

    pub fn with_operation_name(mut self, name: impl Into<String>) -> GraphqlRequest {
        self.operation_name = Some(name.into());
        self
    }

    pub fn with_timeout(mut self, timeout: Duration) -> GraphqlRequest {
        self.timeout = Some(timeout);
        self
    }

    /// The JSON body: `{"query", "operationName"?, "variables"?}`.
    pub fn body(&self) -> Vec<u8> {
        #[derive(Serialize)]
        struct Body<'a> {
            query: &'a str,
            #[serde(rename = "operationName", skip_serializing_if = "Option::is_none")]
            operation_name: Option<&'a str>,
            #[serde(skip_serializing_if = "serde_json::Value::is_null")]
            variables: &'a serde_json::Value,
        }
        let body = Body { query: &self.query, operation_name: self.operation_name.as_deref(), variables: &self.variables };
        serde_json::to_vec(&body).expect("a JSON value always serializes")
    }

    /// The first credential that may not go to `origin`.
    pub(crate) fn credential_mismatch(&self, origin: &Origin) -> Option<&Credential> {
        self.credentials.iter().find(|credential| credential.origin != *origin)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(text: &str) -> Origin {
        Endpoint::parse(text).unwrap().origin()
    }

    #[test]
    fn credentials_never_print() {
        let token = Secret::new("sentinel-token-1234".into()).unwrap();
        let request = GraphqlRequest::new(Endpoint::parse("https://a.example/graphql").unwrap(), "{ me { id } }")
            .with_credential(Credential::bearer(&token, origin("https://a.example")))
            .with_credential(Credential::header("Project-Access-Token", token.clone(), origin("https://a.example")));
        for text in [format!("{request:?}"), format!("{request:#?}")] {
            assert!(!text.contains("sentinel"), "{text}");
            assert!(text.contains("Project-Access-Token"), "{text}");
        }
        assert_eq!(request.credentials[0].value.expose(), "Bearer sentinel-token-1234");
        assert!(!String::from_utf8(request.body()).unwrap().contains("sentinel"));
    }

    #[test]
    fn the_body_leaves_out_what_is_not_given() {
        let endpoint = Endpoint::parse("https://a.example/graphql").unwrap();
        let cases = [
            (GraphqlRequest::new(endpoint.clone(), "{ a }"), serde_json::json!({ "query": "{ a }" })),
            (
                GraphqlRequest::new(endpoint.clone(), "query Q($x: Int) { a(x: $x) }")
                    .with_operation_name("Q")
                    .with_variables(serde_json::json!({ "x": 1 })),
                serde_json::json!({ "query": "query Q($x: Int) { a(x: $x) }", "operationName": "Q", "variables": { "x": 1 } }),
            ),
        ];
        for (request, expected) in cases {
            let body: serde_json::Value = serde_json::from_slice(&request.body()).unwrap();
            assert_eq!(body, expected);
        }
    }

    #[test]
    fn credentials_are_bound_to_their_origin() {
        let token = Secret::new("t".into()).unwrap();
        let request = GraphqlRequest::new(Endpoint::parse("https://a.example/graphql").unwrap(), "{ a }")
            .with_credential(Credential::bearer(&token, origin("https://a.example:443")));
        assert!(request.credential_mismatch(&origin("https://a.example")).is_none());
        for other in ["http://a.example", "https://a.example:8443", "https://b.example"] {
            assert!(request.credential_mismatch(&origin(other)).is_some(), "{other}");
        }
    }
}
