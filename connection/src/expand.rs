//! `${VAR}` and `${VAR:default}` in header values, read from the environment: how scripts and CI
//! hand a token to Sextant without a keychain, keeping it off the command line (which `ps` shows to
//! every user) and out of shell history. The same syntax graphql-config files use.

/// A `${NAME}` whose variable is not set and that has no default.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("the environment variable {name} is not set (and `${{{name}}}` has no `:default`)")]
pub struct UnsetVariable {
    pub name: String,
}

/// Replaces each `${NAME}` in `text` with `lookup(NAME)`, and each `${NAME:default}` with the
/// variable or, when it is unset, `default`. `NAME` is letters, digits and `_`, not starting with a
/// digit; anything else (a lone `$`, `$NAME`, an unclosed `${`) is kept as written. An unset
/// variable without a default is an error naming it; the values are never part of an error.
pub fn expand(text: &str, lookup: impl Fn(&str) -> Option<String>) -> Result<String, UnsetVariable> {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let Some(end) = after.find('}') else {
            out.push_str(&rest[start..]);
            return Ok(out);
        };
        let inside = &after[..end];
        let (name, default) = match inside.split_once(':') {
            Some((name, default)) => (name, Some(default)),
            None => (inside, None),
        };
        if !is_variable_name(name) {
            out.push_str("${");
            rest = after;
            continue;
        }
        match (lookup(name), default) {
            (Some(value), _) => out.push_str(&value),
            (None, Some(default)) => out.push_str(default),
            (None, None) => return Err(UnsetVariable { name: name.to_owned() }),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(out)
}

pub(crate) fn is_variable_name(name: &str) -> bool {
    let mut bytes = name.bytes();
    bytes.next().is_some_and(|first| first.is_ascii_alphabetic() || first == b'_')
        && bytes.all(|byte| byte.is_ascii_alphanumeric() || byte == b'_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variables_are_expanded_from_the_environment() {
        let environment = |name: &str| match name {
            "RAILWAY_TOKEN" => Some("tok-123".to_owned()),
            "EMPTY" => Some(String::new()),
            _ => None,
        };
        // (text, expected)
        let cases: &[(&str, Result<&str, &str>)] = &[
            ("Bearer ${RAILWAY_TOKEN}", Ok("Bearer tok-123")),
            ("${RAILWAY_TOKEN}${RAILWAY_TOKEN}", Ok("tok-123tok-123")),
            ("${MISSING:fallback}", Ok("fallback")),
            ("${MISSING:}", Ok("")),
            ("${RAILWAY_TOKEN:fallback}", Ok("tok-123")),
            ("x${EMPTY}y", Ok("xy")),
            ("${EMPTY:default}", Ok("")),
            ("no variables", Ok("no variables")),
            ("$RAILWAY_TOKEN", Ok("$RAILWAY_TOKEN")),
            ("cost $5", Ok("cost $5")),
            ("${not a name}", Ok("${not a name}")),
            ("${1ABC}", Ok("${1ABC}")),
            ("unclosed ${RAILWAY_TOKEN", Ok("unclosed ${RAILWAY_TOKEN")),
            ("${}", Ok("${}")),
            ("é ${RAILWAY_TOKEN} ü", Ok("é tok-123 ü")),
            ("Bearer ${MISSING}", Err("MISSING")),
            ("${RAILWAY_TOKEN} ${ALSO_MISSING}", Err("ALSO_MISSING")),
        ];
        for (text, expected) in cases {
            let got = expand(text, environment);
            match expected {
                Ok(expected) => assert_eq!(got.as_deref(), Ok(*expected), "{text}"),
                Err(name) => assert_eq!(got, Err(UnsetVariable { name: (*name).to_owned() }), "{text}"),
            }
        }
    }

    #[test]
    fn an_unset_variable_names_itself_and_nothing_else() {
        let error = expand("Bearer ${TOKEN}", |_| None).unwrap_err();
        assert_eq!(error.to_string(), "the environment variable TOKEN is not set (and `${TOKEN}` has no `:default`)");
    }
}
