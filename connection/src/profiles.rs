//! Token profiles: a name, the origin a token is bound to, and how it is sent. The metadata lives
//! in `profiles.json`; the token itself only in the OS keychain, in an item named by the profile's
//! name *and* origin ([`Profile::keychain_account`]), so that a token is only ever read for the
//! origin it was stored for.

use std::path::Path;

use net::Origin;
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
    /// The only origin the token is ever sent to. Stored in the web's spelling (`https://host`);
    /// files of earlier versions wrote the default port out (`https://host:443`), read the same.
    pub origin: Origin,
    pub auth: AuthScheme,
}

impl Profile {
    /// The keychain item's account name: the profile's name and its origin. A token left in the
    /// keychain by a profile that no longer exists (its `profiles.json` deleted, say) is never read
    /// for a new profile of the same name bound to another origin.
    pub fn keychain_account(&self) -> String {
        format!("{}@{}", self.name, self.origin)
    }

    /// Set when the token would travel in the clear (see [`plain_http_warning`]).
    pub fn warning(&self) -> Option<String> {
        plain_http_warning(&self.origin)
    }

    /// Whether saving a token as `name` for `origin`, sent as `auth`, may replace this profile's token.
    fn is_same_binding(&self, origin: &Origin, auth: &AuthScheme) -> bool {
        self.origin == *origin && self.auth.header_name().eq_ignore_ascii_case(auth.header_name())
    }
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
    /// Saving a token under an existing name with another origin or header: refused, so that a
    /// profile's token is never rebound to somewhere else.
    #[error(
        "there is already a profile named {name:?}, for {existing_origin} in the {existing_header} header; \
         its token is not replaced by one for {requested_origin} in the {requested_header} header. \
         Choose another name, or remove {name:?} first"
    )]
    Conflict {
        name: String,
        existing_origin: String,
        existing_header: String,
        requested_origin: String,
        requested_header: String,
    },
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

    /// Adds a profile; a profile of that name must not exist.
    pub fn add(&mut self, profile: Profile) -> Result<(), ProfileError> {
        check(&profile)?;
        if self.profiles.iter().any(|existing| existing.name == profile.name) {
            return Err(ProfileError::Exists { name: profile.name });
        }
        self.profiles.push(profile);
        Ok(())
    }

    /// What saving a token as `profile` means: a new profile, the existing one of that name (same
    /// origin, same header), or a refusal when a profile of that name is bound elsewhere.
    pub fn plan_save(&self, profile: &Profile) -> Result<SavePlan, ProfileError> {
        check(profile)?;
        match self.profiles.iter().find(|existing| existing.name == profile.name) {
            None => Ok(SavePlan::New),
            Some(existing) if existing.is_same_binding(&profile.origin, &profile.auth) => Ok(SavePlan::Existing(existing.clone())),
            Some(existing) => Err(ProfileError::Conflict {
                name: existing.name.clone(),
                existing_origin: existing.origin.to_string(),
                existing_header: existing.auth.header_name().to_owned(),
                requested_origin: profile.origin.to_string(),
                requested_header: profile.auth.header_name().to_owned(),
            }),
        }
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
        let json = serde_json::to_string_pretty(&stored)
            .map_err(|error| ProfileError::Unwritable { path: path.display().to_string(), message: error.to_string() })?;
        private_file::write_atomically(path, json.as_bytes())
            .map_err(|error| ProfileError::Unwritable { path: path.display().to_string(), message: error.to_string() })
    }
}

/// Set for an `http` origin off this machine, where a token travels unencrypted: anyone on the
/// network path, and any HTTP proxy in between, can read it.
pub fn plain_http_warning(origin: &Origin) -> Option<String> {
    (origin.scheme == "http" && !origin.is_loopback()).then(|| {
        format!(
            "{origin} is plain http: a token sent there travels unencrypted, readable by anyone on the network path \
             and by any HTTP proxy in between. Use the API's https address if it has one."
        )
    })
}

/// What [`ProfileBook::plan_save`] found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SavePlan {
    /// No profile of that name: add it.
    New,
    /// The profile of that name, bound to the same origin and header: replace its token.
    Existing(Profile),
}

fn check(profile: &Profile) -> Result<(), ProfileError> {
    check_name(&profile.name)?;
    if let AuthScheme::Header { name } = &profile.auth {
        let valid = !name.is_empty() && name.bytes().all(|byte| byte.is_ascii_alphanumeric() || byte == b'-');
        if !valid {
            return Err(ProfileError::InvalidHeaderName { name: name.clone() });
        }
    }
    Ok(())
}

/// A profile name is also part of the keychain item's account name and appears in file contents and
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
        Profile { name: name.into(), origin: Origin::parse("https://backboard.railway.com").unwrap(), auth }
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

    /// Regression: saving a token under an existing name from another endpoint replaced the token
    /// of the profile bound to the first endpoint.
    #[test]
    fn saving_under_an_existing_name_with_another_origin_or_header_is_refused() {
        let header = |name: &str| AuthScheme::Header { name: name.into() };
        let at = |origin: &str, auth: AuthScheme| Profile { name: "work".into(), origin: Origin::parse(origin).unwrap(), auth };
        let mut book = ProfileBook::default();
        book.add(at("https://backboard.railway.com", AuthScheme::Bearer)).unwrap();
        // (requested binding, expected: Ok(existing) / Err(part of the message))
        let cases: Vec<(Profile, Result<SavePlan, &str>)> = vec![
            (at("https://backboard.railway.com", AuthScheme::Bearer), Ok(SavePlan::Existing(book.list()[0].clone()))),
            (at("https://backboard.railway.com:443/graphql/v2", AuthScheme::Bearer), Ok(SavePlan::Existing(book.list()[0].clone()))),
            (at("https://backboard.railway.com", header("authorization")), Ok(SavePlan::Existing(book.list()[0].clone()))),
            (at("http://127.0.0.1:4000", AuthScheme::Bearer), Err("for https://backboard.railway.com in the Authorization header; its token is not replaced by one for http://127.0.0.1:4000")),
            (at("https://backboard.railway.com", header("Project-Access-Token")), Err("in the Project-Access-Token header")),
            (at("https://api.github.com", header("X-Api-Key")), Err("Choose another name, or remove \"work\" first")),
        ];
        for (requested, expected) in cases {
            match (book.plan_save(&requested), expected) {
                (Ok(plan), Ok(expected)) => assert_eq!(plan, expected, "{requested:?}"),
                (Err(error @ ProfileError::Conflict { .. }), Err(part)) => {
                    assert!(error.to_string().contains(part), "{requested:?}: {error}")
                }
                (got, expected) => panic!("{requested:?}: got {got:?}, expected {expected:?}"),
            }
        }
        let mut other = at("https://backboard.railway.com", AuthScheme::Bearer);
        other.name = "other".into();
        assert_eq!(book.plan_save(&other), Ok(SavePlan::New));
    }

    #[test]
    fn keychain_items_are_named_by_profile_and_origin() {
        let cases = [
            ("https://backboard.railway.com:443", "work@https://backboard.railway.com"),
            ("http://127.0.0.1:4000/graphql", "work@http://127.0.0.1:4000"),
        ];
        for (origin, account) in cases {
            let profile = Profile { name: "work".into(), origin: Origin::parse(origin).unwrap(), auth: AuthScheme::Bearer };
            assert_eq!(profile.keychain_account(), account);
        }
    }

    #[test]
    fn plain_http_off_this_machine_is_warned_about() {
        let cases = [
            ("http://api.example.com", true),
            ("http://10.1.2.3:8080", true),
            ("https://api.example.com", false),
            ("http://127.0.0.1:4000", false),
            ("http://localhost:4000", false),
            ("http://[::1]:4000", false),
        ];
        for (origin, warned) in cases {
            let profile = Profile { name: "p".into(), origin: Origin::parse(origin).unwrap(), auth: AuthScheme::Bearer };
            assert_eq!(profile.warning().is_some(), warned, "{origin}");
        }
    }

    /// Files written before origins had one spelling keep working.
    #[test]
    fn a_book_with_default_ports_written_out_reads_the_same() {
        let dir = std::env::temp_dir().join(format!("sextant-profiles-old-{}", std::process::id()));
        let path = dir.join("profiles.json");
        std::fs::create_dir_all(&dir).unwrap();
        let old = r#"{"version":1,"profiles":[{"name":"work","origin":"https://backboard.railway.com:443","auth":{"kind":"bearer"}}]}"#;
        std::fs::write(&path, old).unwrap();
        let book = ProfileBook::load(&path).unwrap();
        assert_eq!(book.list()[0].origin.to_string(), "https://backboard.railway.com");
        std::fs::remove_dir_all(&dir).unwrap();
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
