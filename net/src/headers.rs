//! Which header names carry credentials.
//!
//! A header typed by a person is always bound to the endpoint's origin, like a profile's token. The
//! ones whose names say they hold a credential also key the schema cache and the rate-limit budget
//! (by a fingerprint, never the value), are never written to disk by the app, and make the app offer
//! to move them into a keychain profile.

/// Whether a header with this name carries a credential: `Authorization`, `Proxy-Authorization`,
/// `Cookie`, and any name whose last word is `Token`, `Key`, `Secret`, `Password`, `Auth`,
/// `Credential(s)` or `Session` (`Project-Access-Token`, `X-Api-Key`, `X-Shopify-Access-Token`,
/// `X-Hasura-Admin-Secret`, `apikey`). Case does not matter; `-` and `_` both separate words.
pub fn is_credential_header(name: &str) -> bool {
    let name = name.trim().to_ascii_lowercase();
    if matches!(name.as_str(), "authorization" | "proxy-authorization" | "cookie" | "apikey" | "api-key" | "token") {
        return true;
    }
    let last_word = name.rsplit(['-', '_']).next().unwrap_or("");
    const CREDENTIAL_WORDS: [&str; 9] =
        ["token", "key", "secret", "password", "auth", "credential", "credentials", "session", "apikey"];
    CREDENTIAL_WORDS.contains(&last_word) || name.ends_with("apikey") || name.ends_with("token")
}

/// A headers text (a JSON object of strings, as the app's Headers editor holds it) split into what
/// may be kept on disk and the names of the credential headers that may not.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeptHeaders {
    /// The headers (with a value) whose names say they carry a credential.
    pub credential_names: Vec<String>,
    /// The text without them: the text as typed when there are none.
    pub keepable: String,
}

/// Splits a headers text (a JSON object of strings; empty text is no headers) into what may be kept
/// on disk and the credential headers that may not; `None` while the text is not such an object
/// (being typed), when nothing can be said.
pub fn keep_headers(text: &str) -> Option<KeptHeaders> {
    if text.trim().is_empty() {
        return Some(KeptHeaders { credential_names: Vec::new(), keepable: text.to_owned() });
    }
    let serde_json::Value::Object(map) = serde_json::from_str::<serde_json::Value>(text).ok()? else { return None };
    if !map.values().all(serde_json::Value::is_string) {
        return None;
    }
    let is_kept_back = |name: &str, value: &serde_json::Value| {
        is_credential_header(name) && value.as_str().is_some_and(|value| !value.trim().is_empty())
    };
    let credential_names: Vec<String> = map.iter().filter(|(name, value)| is_kept_back(name, value)).map(|(name, _)| name.clone()).collect();
    if credential_names.is_empty() {
        return Some(KeptHeaders { credential_names, keepable: text.to_owned() });
    }
    let plain: serde_json::Map<String, serde_json::Value> =
        map.into_iter().filter(|(name, value)| !is_kept_back(name, value)).collect();
    let keepable = serde_json::to_string_pretty(&plain).unwrap_or_else(|_| "{}".to_owned()) + "\n";
    Some(KeptHeaders { credential_names, keepable })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Regression: a credential typed into the Headers editor was kept in plain text in WebKit's
    /// localStorage. Credential headers are named, and the text kept on disk leaves them out.
    #[test]
    fn credential_headers_are_named_and_left_out_of_the_kept_text() {
        // (headers text, credential names, kept text)
        let cases: &[(&str, &[&str], Option<&str>)] = &[
            ("", &[], Some("")),
            ("{}\n", &[], Some("{}\n")),
            ("{ \"X-Trace\": \"1\" }", &[], Some("{ \"X-Trace\": \"1\" }")),
            (
                r#"{"Authorization": "Bearer sentinel-1", "X-Trace": "1"}"#,
                &["Authorization"],
                Some("{\n  \"X-Trace\": \"1\"\n}\n"),
            ),
            (r#"{"Project-Access-Token": "t", "X-Api-Key": "k"}"#, &["Project-Access-Token", "X-Api-Key"], Some("{}\n")),
            // An empty value carries nothing yet.
            (r#"{"Authorization": ""}"#, &[], Some(r#"{"Authorization": ""}"#)),
            // Text being typed, or not headers, is not kept until it is headers again.
            (r#"{"Authorization": "Bearer sentin"#, &[], None),
            (r#"{"X-Count": 3}"#, &[], None),
            ("[1]", &[], None),
        ];
        for (text, names, kept) in cases {
            let got = keep_headers(text);
            assert_eq!(got.as_ref().map(|got| got.keepable.as_str()), *kept, "{text}");
            assert_eq!(got.as_ref().map_or(&[][..], |got| got.credential_names.as_slice()), *names, "{text}");
            assert!(!got.is_some_and(|got| got.keepable.contains("sentinel")), "{text}");
        }
    }

    #[test]
    fn credential_headers_are_told_by_their_names() {
        let cases = [
            ("Authorization", true),
            ("authorization", true),
            ("Proxy-Authorization", true),
            ("Cookie", true),
            ("Project-Access-Token", true),
            ("project-access-token", true),
            ("X-Api-Key", true),
            ("x_api_key", true),
            ("apikey", true),
            ("X-Shopify-Access-Token", true),
            ("X-Hasura-Admin-Secret", true),
            ("X-Auth", true),
            ("X-Session", true),
            ("X-Csrftoken", true),
            ("Accept", false),
            ("Accept-Language", false),
            ("Content-Type", false),
            ("X-Request-Id", false),
            ("X-Trace", false),
            ("X-Keyboard-Layout", false),
            ("User-Agent", false),
        ];
        for (name, expected) in cases {
            assert_eq!(is_credential_header(name), expected, "{name}");
        }
    }
}
