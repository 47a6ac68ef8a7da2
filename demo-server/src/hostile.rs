//! `Mode::Hostile`: a server whose text tries to run script in a client that puts it into a page as
//! HTML. Introspection is answered from a small schema whose descriptions carry the payloads; every
//! other query gets 200 with the payloads in string values and in an error message.

use async_graphql::{EmptyMutation, EmptySubscription, Object};
use serde_json::{Value, json};

/// Markup that runs script when it is parsed as HTML (it sets `window.__pwned`), and is harmless text otherwise.
pub const PAYLOADS: [&str; 2] = [
    r#"<img src=x onerror="window.__pwned=1">"#,
    "<script>window.__pwned=1</script>",
];

pub type HostileSchema = async_graphql::Schema<HostileQuery, EmptyMutation, EmptySubscription>;

pub fn build() -> HostileSchema {
    async_graphql::Schema::build(HostileQuery, EmptyMutation, EmptySubscription).finish()
}

/// Every payload, one after the other.
pub fn payload_text() -> String {
    PAYLOADS.join(" ")
}

// Doc comments become the schema's descriptions, so the payloads are written out in them; the unit
// test checks that they match `PAYLOADS`.

pub struct HostileQuery;

/// The query type. <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>
#[Object(name = "Query")]
impl HostileQuery {
    /// A note. <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>
    async fn note(
        &self,
        #[graphql(desc = r#"A format. <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>"#)]
        format: Option<String>,
    ) -> String {
        let _ = format;
        payload_text()
    }

    /// Always fails. <img src=x onerror="window.__pwned=1"> <script>window.__pwned=1</script>
    async fn broken(&self) -> async_graphql::Result<String> {
        Err(format!("Broken: {}", payload_text()).into())
    }
}

/// Whether a request body asks for the schema (`__schema` anywhere in it).
pub fn is_introspection(body: &[u8]) -> bool {
    body.windows(b"__schema".len()).any(|window| window == b"__schema")
}

/// The answer to every query that is not introspection, whatever it asked for.
pub fn answer() -> Value {
    let text = payload_text();
    json!({
        "data": {
            "note": text,
            "broken": null,
            "items": PAYLOADS.iter().map(|payload| json!({ "name": payload })).collect::<Vec<_>>(),
        },
        "errors": [{ "message": format!("Broken: {text}"), "path": ["broken"] }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn every_description_and_answer_carries_every_payload() {
        let introspection = build()
            .execute("{ __schema { queryType { description fields { description args { description } } } } }")
            .await;
        assert!(introspection.errors.is_empty(), "{:?}", introspection.errors);
        let query_type = introspection.data.into_json().unwrap()["__schema"]["queryType"].clone();
        let mut descriptions = vec![query_type["description"].clone()];
        for field in query_type["fields"].as_array().unwrap() {
            descriptions.push(field["description"].clone());
            descriptions.extend(field["args"].as_array().unwrap().iter().map(|arg| arg["description"].clone()));
        }
        assert_eq!(descriptions.len(), 4, "{query_type}");
        let answer = answer();
        for payload in PAYLOADS {
            for description in &descriptions {
                let text = description.as_str().unwrap_or_default();
                assert!(text.contains(payload), "{description} lacks {payload} in {query_type}");
            }
            let in_data = answer.pointer("/data/note").unwrap().as_str().unwrap().contains(payload);
            let in_error = answer.pointer("/errors/0/message").unwrap().as_str().unwrap().contains(payload);
            assert!(in_data && in_error, "{answer} lacks {payload}");
        }
    }

    #[test]
    fn introspection_is_told_from_other_queries() {
        for (body, introspection) in [
            (r#"{"query":"query IntrospectionQuery { __schema { types { name } } }"}"#, true),
            (r#"{"query":"{ note }"}"#, false),
            (r#"{"query":"{ __typename }"}"#, false),
        ] {
            assert_eq!(is_introspection(body.as_bytes()), introspection, "{body}");
        }
    }
}
