//! Token profiles: a name, the origin a token is bound to, and how it is sent. The metadata lives
//! in `profiles.json`; the token itself only in the OS keychain, under the profile's name.

use std::path::Path;

use serde::{Deserialize, Serialize};

const FORMAT_VERSION: u32 = 1;
const MAX_NAME_LEN: usize = 64;

/// How a token is sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>`: Railway account, workspace and OAuth tokens; most APIs.
    Bearer,
    /// `<name>: <token>`, such as Railway's `Project-Access-Token`.
    Header { name: String },
}

impl AuthScheme {
    pub fn header_name(&self) -> &str {
        match self {
            AuthScheme::Bearer => "Authorization",
            AuthScheme::Header { name } => name,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Profile {
    pub name: String,
    /// The only origin (`scheme://host:port`) the token is ever sent to.
    pub origin: String,
    pub auth: AuthScheme,
}

#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProfileError {
    #[error("a profile name is 1 to {MAX_NAME_LEN} letters, digits, `-`, `_` or `.`; {name:?} is not")]
    InvalidName { name: String },
    #[error("{name:?} is not a header name (letters, digits and `-`)")]
    InvalidHeaderName { name: String },
    #[error("there is already a profile named {name:?}")]
    Exists { name: String },
    #[error("there is no profile named {name:?}")]
    Unknown { name: String },
    #[error("cannot read {path}: {message}")]
    Unreadable { path: String, message: String },
    #[error("{path} is damaged ({message}); fix or remove it")]
    Corrupt { path: String, message: String },
    #[error("cannot write {path}: {message}")]
    Unwritable { path: String, message: String },
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileBook {
    profiles: Vec<Profile>,
}

#[derive(Serialize, Deserialize)]
struct StoredProfiles {
    version: u32,
    profiles: Vec<Profile>,
}

impl ProfileBook {
    pub fn list(&self) -> &[Profile] {
        &self.profiles
    }

    pub fn get(&self, name: &str) -> Result<&Profile, ProfileError> {
        self.profiles.iter().find(|profile| profile.name == name).ok_or_else(|| ProfileError::Unknown { name: name.to_owned() })
    }

    /// Adds a profile. `origin` must already be a normalized origin (`scheme://host:port`).
    pub fn add(&mut self, profile: Profile) -> Result<(), ProfileError> {
        check_name(&profile.name)?;
        if let AuthScheme::Header { name } = &profile.auth {
            let valid = !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
            if !valid {
                return Err(ProfileError::InvalidHeaderName { name: name.clone() });
            }
        }
        if self.profiles.iter().any(|existing| existing.name == profile.name) {
            return Err(ProfileError::Exists { name: profile.name });
        }
        self.profiles.push(profile);
        Ok(())
    }

    pub fn remove(&mut self, name: &str) -> Result<Profile, ProfileError> {
        let index = self.profiles.iter().position(|profile| profile.name == name).ok_or_else(|| ProfileError::Unknown { name: name.to_owned() })?;
        Ok(self.profiles.remove(index))
    }

    /// Reads the book; a missing file is an empty book.
    pub fn load(path: &Path) -> Result<ProfileBook, ProfileError> {
        let display = path.display().to_string();
        let bytes = match std::fs::read(path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(ProfileBook::default()),
            Err(error) => return Err(ProfileError::Unreadable { path: display, message: error.to_string() }),
        };
        let stored: StoredProfiles = serde_json::from_slice(&bytes).map_err(|error| ProfileError::Corrupt { path: display.clone(), message: error.to_string() })?;
        if stored.version != FORMAT_VERSION {
            return Err(ProfileError::Corrupt { path: display, message: format!("format version {} is not {FORMAT_VERSION}", stored.version) });
        }
        Ok(ProfileBook { profiles: stored.profiles })
    }

    pub fn save(&self, path: &Path) -> Result<(), ProfileError> {
        let stored = StoredProfiles { version: FORMAT_VERSION, profiles: self.profiles.clone() };
        let json = serde_json::to_string_pretty(&stored).expect("profiles serialize");
        private_file::write_atomically(path, json.as_bytes())
            .map_err(|error| ProfileError::Unwritable { path: path.display().to_string(), message: error.to_string() })
    }
}

/// A profile name is also the keychain item's account name and appears in file contents and
/// messages: a short, plain name keeps all of those unsurprising.
fn check_name(name: &str) -> Result<(), ProfileError> {
    let valid = !name.is_empty()
        && name.len() <= MAX_NAME_LEN
        && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.'));
    if valid { Ok(()) } else { Err(ProfileError::InvalidName { name: name.to_owned() }) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn profile(name: &str, auth: AuthScheme) -> Profile {
        Profile { name: name.into(), origin: "https://backboard.railway.com:443".into(), auth }
    }

    #[test]
    fn adding_checks_names_and_header_names() {
        let header = |name: &str| AuthScheme::Header { name: name.into() };
        // (profile, expected)
        let cases = [
            (profile("work", AuthScheme::Bearer), Ok(())),
            (profile("railway-project_1.prod", header("Project-Access-Token")), Ok(())),
            (profile("", AuthScheme::Bearer), Err(ProfileError::InvalidName { name: "".into() })),
            (profile("has space", AuthScheme::Bearer), Err(ProfileError::InvalidName { name: "has space".into() })),
            (profile(&"x".repeat(65), AuthScheme::Bearer), Err(ProfileError::InvalidName { name: "x".repeat(65) })),
            (profile("p", header("Bad: Header")), Err(ProfileError::InvalidHeaderName { name: "Bad: Header".into() })),
            (profile("existing", AuthScheme::Bearer), Err(ProfileError::Exists { name: "existing".into() })),
        ];
        for (candidate, expected) in cases {
            let mut book = ProfileBook::default();
            book.add(profile("existing", AuthScheme::Bearer)).unwrap();
            assert_eq!(book.add(candidate.clone()), expected, "{candidate:?}");
        }
    }

    #[test]
    fn header_names_per_scheme() {
        let cases = [
            (AuthScheme::Bearer, "Authorization"),
            (AuthScheme::Header { name: "Project-Access-Token".into() }, "Project-Access-Token"),
        ];
        for (scheme, name) in cases {
            assert_eq!(scheme.header_name(), name);
        }
    }

    #[test]
    fn the_book_survives_a_restart_and_a_damaged_file_is_an_error() {
        let dir = std::env::temp_dir().join(format!("sextant-profiles-{}", std::process::id()));
        let path = dir.join("profiles.json");
        assert_eq!(ProfileBook::load(&path).unwrap(), ProfileBook::default());
        let mut book = ProfileBook::default();
        book.add(profile("work", AuthScheme::Bearer)).unwrap();
        book.add(profile("project", AuthScheme::Header { name: "Project-Access-Token".into() })).unwrap();
        book.save(&path).unwrap();
        assert_eq!(ProfileBook::load(&path).unwrap(), book);
        assert_eq!(book.clone().remove("work").unwrap().name, "work");
        for damaged in [&b"{"[..], b"\xff", b"{\"version\": 2, \"profiles\": []}"] {
            std::fs::write(&path, damaged).unwrap();
            assert!(matches!(ProfileBook::load(&path), Err(ProfileError::Corrupt { .. })), "{damaged:?}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
