//! A token that cannot leak by accident.
//!
//! [`Secret`] has no `Serialize`, its `Debug` and `Display` print `[redacted]`, and its bytes are
//! overwritten when it is dropped. The only way to the text is [`Secret::expose`], whose callers
//! are the few places that hand the token to the keychain or put it in a request header; searching
//! for `expose(` lists them all.

use std::fmt;

pub struct Secret(String);

impl Secret {
    /// Takes the token, trimming the line break a terminal or a pasted value brings along.
    /// `None` when nothing is left.
    pub fn new(token: String) -> Option<Secret> {
        let kept = token.trim_end_matches(['\n', '\r']).len();
        let mut secret = Secret(token);
        secret.0.truncate(kept);
        // An empty secret is dropped here, which wipes what it held.
        (kept > 0).then_some(secret)
    }

    /// The token itself, for the keychain and for the request header: nowhere else.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl Clone for Secret {
    fn clone(&self) -> Self {
        Secret(self.0.clone())
    }
}

impl PartialEq for Secret {
    fn eq(&self, other: &Self) -> bool {
        // Compares every byte whatever the first difference, so that timing says nothing.
        self.0.len() == other.0.len() && self.0.bytes().zip(other.0.bytes()).fold(0, |acc, (a, b)| acc | (a ^ b)) == 0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

impl Drop for Secret {
    fn drop(&mut self) {
        // Overwrite the bytes before the allocation goes back to the allocator. Volatile writes,
        // so that the compiler does not drop them as dead stores.
        // SAFETY: zero bytes keep the string valid UTF-8, and the pointer stays inside it.
        unsafe {
            for byte in self.0.as_bytes_mut() {
                std::ptr::write_volatile(byte, 0);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_secret_never_prints() {
        let secret = Secret::new("sentinel-token-1234".into()).unwrap();
        let printed = [format!("{secret}"), format!("{secret:?}"), format!("{:#?}", Some(&secret)), format!("{:?}", vec![secret.clone()])];
        for text in printed {
            assert!(!text.contains("sentinel"), "{text}");
            assert!(text.contains("redacted"), "{text}");
        }
        assert_eq!(secret.expose(), "sentinel-token-1234");
    }

    #[test]
    fn line_breaks_are_trimmed_and_empty_tokens_refused() {
        let cases = [("abc\n", Some("abc")), ("abc\r\n", Some("abc")), (" abc ", Some(" abc ")), ("\n", None), ("", None)];
        for (input, expected) in cases {
            assert_eq!(Secret::new(input.into()).as_ref().map(Secret::expose), expected, "{input:?}");
        }
        assert_eq!(Secret::new("a".into()), Secret::new("a\n".into()));
        assert_ne!(Secret::new("a".into()), Secret::new("b".into()));
    }
}
