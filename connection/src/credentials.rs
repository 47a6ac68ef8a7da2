//! Who a request goes out as: a token profile and headers typed by the person, turned into the
//! credentials `net` attaches (each bound to the endpoint's origin) and the fingerprint that keys
//! the schema cache and the rate-limit budget.
//!
//! Schemas and budgets belong to an account, not to a profile's name: a new token saved under the
//! same name (another account, another workspace) must neither reuse the schema fetched with the
//! old one nor inherit its budget. So both are keyed by a fingerprint of the credentials actually
//! sent, under a random key of this installation (`fingerprint.key` in the state directory), which
//! keeps a short typed API key from being found again from the files by trying values.

use std::path::Path;

use net::{Credential, is_credential_header};
use schema_cache::cache::{CredentialFingerprint, CredentialIdentity};

/// The token profile and the headers typed by the person, as a front end names them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Credentials {
    /// The token profile whose token goes with the request.
    pub profile: Option<String>,
    /// Headers typed by the person (`Name`, `value`). They may hold credentials, so they are bound
    /// to the endpoint's origin like a profile's token, and never printed.
    pub headers: Vec<(String, String)>,
}

impl Credentials {
    pub fn none() -> Credentials {
        Credentials::default()
    }

    pub fn profile(name: &str) -> Credentials {
        Credentials { profile: Some(name.to_owned()), headers: Vec::new() }
    }
}

/// The length of the installation's fingerprint key.
const KEY_LEN: usize = 32;

/// The installation's random fingerprint key.
#[derive(Clone)]
pub struct FingerprintKey([u8; KEY_LEN]);

impl std::fmt::Debug for FingerprintKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("FingerprintKey([redacted])")
    }
}

impl FingerprintKey {
    /// The key kept at `path`, made (random, owner-only) on first use. When the file can be neither
    /// read nor written, a fixed key: fingerprints then only lose their protection against trying
    /// values, and the cache and budgets keep working across restarts.
    pub fn load_or_create(path: &Path) -> FingerprintKey {
        if let Ok(bytes) = std::fs::read(path)
            && let Ok(key) = <[u8; KEY_LEN]>::try_from(bytes.as_slice())
        {
            return FingerprintKey(key);
        }
        let mut key = [0u8; KEY_LEN];
        if getrandom::fill(&mut key).is_err() || private_file::write_atomically(path, &key).is_err() {
            return FingerprintKey(*b"sextant fixed fingerprint key 01");
        }
        FingerprintKey(key)
    }

    #[cfg(test)]
    pub(crate) fn fixed(byte: u8) -> FingerprintKey {
        FingerprintKey([byte; KEY_LEN])
    }

    /// Who a request with these credentials is, for the schema cache and the budgets: anonymous
    /// when nothing counts as a credential; otherwise a fingerprint of every credential header
    /// (a profile's token, typed headers whose names say they carry a credential) by name and value.
    /// Plain headers (`X-Request-Id`, `Accept-Language`) do not change who the caller is.
    pub fn identity(&self, credentials: &[Credential]) -> CredentialIdentity {
        let mut counted: Vec<(String, &str)> = credentials
            .iter()
            .filter(|credential| is_credential_header(&credential.header_name))
            .map(|credential| (credential.header_name.trim().to_ascii_lowercase(), credential.value.expose()))
            .collect();
        if counted.is_empty() {
            return CredentialIdentity::Anonymous;
        }
        counted.sort();
        let parts: Vec<&[u8]> = counted.iter().flat_map(|(name, value)| [name.as_bytes(), value.as_bytes()]).collect();
        CredentialIdentity::Fingerprint(CredentialFingerprint::keyed(&self.0, &parts))
    }
}

/// The identity's text for the budget book: `None` when anonymous, else the fingerprint's hex.
pub fn budget_identity(identity: &CredentialIdentity) -> Option<String> {
    match identity {
        CredentialIdentity::Anonymous => None,
        CredentialIdentity::Fingerprint(fingerprint) => Some(fingerprint.as_hex().to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use net::Origin;
    use secret::Secret;

    fn credential(name: &str, value: &str) -> Credential {
        Credential::header(name, Secret::new(value.to_owned()).unwrap(), Origin::parse("https://api.example").unwrap())
    }

    fn identity(key: &FingerprintKey, headers: &[(&str, &str)]) -> CredentialIdentity {
        let credentials: Vec<Credential> = headers.iter().map(|(name, value)| credential(name, value)).collect();
        key.identity(&credentials)
    }

    /// Regression: schemas and budgets were keyed by the profile's name, so a new token saved under
    /// that name reused the schema and the budget of the account before it.
    #[test]
    fn identity_follows_the_credentials_not_a_name() {
        let key = FingerprintKey::fixed(7);
        let bearer = |token: &str| identity(&key, &[("Authorization", &format!("Bearer {token}"))]);
        // (a, b, same identity?)
        let cases: Vec<(CredentialIdentity, CredentialIdentity, bool)> = vec![
            (bearer("token-of-account-a"), bearer("token-of-account-a"), true),
            (bearer("token-of-account-a"), bearer("token-of-account-b"), false),
            (identity(&key, &[]), CredentialIdentity::Anonymous, true),
            // Plain headers do not make another caller.
            (identity(&key, &[("X-Request-Id", "1")]), CredentialIdentity::Anonymous, true),
            (
                identity(&key, &[("Authorization", "Bearer t"), ("X-Request-Id", "1")]),
                identity(&key, &[("Authorization", "Bearer t"), ("X-Request-Id", "2")]),
                true,
            ),
            // Header names in any case and any order.
            (
                identity(&key, &[("authorization", "Bearer t"), ("X-Api-Key", "k")]),
                identity(&key, &[("X-API-KEY", "k"), ("Authorization", "Bearer t")]),
                true,
            ),
            // The same value in another header is another credential.
            (identity(&key, &[("Project-Access-Token", "t")]), identity(&key, &[("X-Api-Key", "t")]), false),
            (identity(&key, &[("X-Api-Key", "t")]), identity(&FingerprintKey::fixed(8), &[("X-Api-Key", "t")]), false),
        ];
        for (index, (a, b, same)) in cases.into_iter().enumerate() {
            assert_eq!(a == b, same, "case {index}: {a:?} vs {b:?}");
        }
    }

    #[test]
    fn the_key_is_kept_across_restarts_and_never_printed() {
        let directory = std::env::temp_dir().join(format!("sextant-fingerprint-key-{}", std::process::id()));
        let path = directory.join("fingerprint.key");
        let first = FingerprintKey::load_or_create(&path);
        let again = FingerprintKey::load_or_create(&path);
        assert_eq!(first.0, again.0);
        assert_eq!(std::fs::read(&path).unwrap().len(), KEY_LEN);
        assert_eq!(format!("{first:?}"), "FingerprintKey([redacted])");
        // A damaged key file is replaced by a new key.
        std::fs::write(&path, b"short").unwrap();
        let replaced = FingerprintKey::load_or_create(&path);
        assert_ne!(replaced.0, first.0);
        std::fs::remove_dir_all(&directory).unwrap();
    }
}
