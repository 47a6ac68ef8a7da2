//! Token-shaped values: a project's files are committed and shared, so the app refuses to write
//! one into them. Recognised by the prefixes their issuers give them (GitHub, GitLab, Slack,
//! Stripe, AWS), by a JSON Web Token's shape, and by a `Bearer` credential; not by length or
//! randomness alone, which would refuse every id.

/// What kind of token `value` looks like, if any.
pub fn token_like(value: &str) -> Option<&'static str> {
    let value = value.trim();
    let rest_is_key = |rest: &str, at_least: usize| rest.len() >= at_least && rest.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'-');
    const PREFIXED: [(&str, usize, &str); 11] = [
        ("ghp_", 30, "a GitHub token"),
        ("gho_", 30, "a GitHub token"),
        ("ghu_", 30, "a GitHub token"),
        ("ghs_", 30, "a GitHub token"),
        ("ghr_", 30, "a GitHub token"),
        ("github_pat_", 30, "a GitHub token"),
        ("glpat-", 20, "a GitLab token"),
        ("xoxb-", 20, "a Slack token"),
        ("xoxp-", 20, "a Slack token"),
        ("sk_live_", 20, "a Stripe key"),
        ("rk_live_", 20, "a Stripe key"),
    ];
    for (prefix, at_least, kind) in PREFIXED {
        if value.strip_prefix(prefix).is_some_and(|rest| rest_is_key(rest, at_least)) {
            return Some(kind);
        }
    }
    if value.len() == 20 && value.starts_with("AKIA") && value.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit()) {
        return Some("an AWS access key");
    }
    let parts: Vec<&str> = value.split('.').collect();
    if parts.len() == 3 && parts[0].starts_with("eyJ") && parts[1].starts_with("eyJ") && parts.iter().all(|part| rest_is_key(part, 8)) {
        return Some("a JSON Web Token");
    }
    if let Some(rest) = value.strip_prefix("Bearer ").or_else(|| value.strip_prefix("bearer "))
        && rest.len() >= 16
        && !rest.contains(char::is_whitespace)
        && !rest.starts_with("${")
    {
        return Some("a bearer token");
    }
    None
}

/// The first token-shaped string in a variables file's JSON, said as where and what
/// (`$.input.token looks like a GitHub token`); never the value. Text that is not JSON is not
/// looked into.
pub fn token_in_variables(json: &str) -> Option<String> {
    let value: serde_json::Value = serde_json::from_str(json).ok()?;
    find(&value, "$".to_owned())
}

fn find(value: &serde_json::Value, at: String) -> Option<String> {
    match value {
        serde_json::Value::String(text) => token_like(text).map(|kind| format!("{at} looks like {kind}")),
        serde_json::Value::Array(items) => items.iter().enumerate().find_map(|(n, item)| find(item, format!("{at}[{n}]"))),
        serde_json::Value::Object(fields) => fields.iter().find_map(|(name, item)| find(item, format!("{at}.{name}"))),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_told_by_their_shape_and_ids_are_not() {
        let cases: [(&str, Option<&str>); 14] = [
            ("ghp_0123456789abcdefghijABCDEFGHIJ012345", Some("a GitHub token")),
            ("github_pat_11ABCDEFG0123456789_abcdefghijklmnopqrstuvwxyz", Some("a GitHub token")),
            ("glpat-abcdefghij0123456789", Some("a GitLab token")),
            ("xoxb-1234567890-abcdefghijkl", Some("a Slack token")),
            ("sk_live_abcdefghijklmnopqrstuv", Some("a Stripe key")),
            ("AKIAIOSFODNN7EXAMPLE", Some("an AWS access key")),
            ("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0In0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U", Some("a JSON Web Token")),
            ("Bearer 2f6e3c1a-8b3d-4c7e-9a61-2d4f6b8e0a11", Some("a bearer token")),
            // Ids, names and variables-to-be are not tokens.
            ("5f0e2c1a-8b3d-4c7e-9a61-2d4f6b8e0a11", None),
            ("MDEwOlJlcG9zaXRvcnkxMjk2MjY5", None),
            ("ghp_short", None),
            ("Bearer ${RAILWAY_TOKEN}", None),
            ("the ghp_ prefix in a sentence", None),
            ("octocat", None),
        ];
        for (value, expected) in cases {
            assert_eq!(token_like(value), expected, "{value}");
        }
    }

    #[test]
    fn variables_say_where_the_token_is_without_its_value() {
        let json = r#"{"id": "5f0e2c1a-8b3d-4c7e-9a61-2d4f6b8e0a11", "input": {"hooks": [{"secret": "ghp_0123456789abcdefghijABCDEFGHIJ012345"}]}}"#;
        let found = token_in_variables(json).unwrap();
        assert_eq!(found, "$.input.hooks[0].secret looks like a GitHub token");
        assert_eq!(token_in_variables(r#"{"id": "5f0e2c1a-8b3d-4c7e-9a61-2d4f6b8e0a11"}"#), None);
        assert_eq!(token_in_variables("{ not json"), None);
    }
}
