//! The on-disk cache of fetched schemas.
//!
//! An entry is keyed by the endpoint URL and an identity of the credentials in use — a keyed
//! fingerprint, never the secret, and never a profile's name, so that a new token for a profile
//! never reuses another account's schema ([`CacheKey`], [`CredentialIdentity`]). Its file is named by
//! the SHA-256 of the key, so no URL or name appears in a path.
//!
//! This module never decides when to fetch: it stores what the caller fetched, returns what was
//! stored with the time it was fetched, and leaves the decision to refresh to the caller.
//!
//! # File format
//!
//! One file per entry, `<64 hex digits>.schema`:
//!
//! | bytes | content |
//! | --- | --- |
//! | 0..8 | [`MAGIC`] |
//! | 8..12 | [`FORMAT_VERSION`], little-endian `u32` |
//! | 12..44 | SHA-256 of the body |
//! | 44.. | body: the entry in [postcard](https://docs.rs/postcard) form |
//!
//! The body holds the key (to detect hash collisions), the fetch time, the SHA-256 of the original
//! response, the introspection edition used, and the [`IntrospectionSchema`], which converts to a
//! schema much faster than the JSON or SDL it came from can be parsed.
//!
//! A store that brings a different schema than the entry's (by content hash) first moves the entry
//! to `history/<the key's file stem>/<fetch time>-<16 hex digits>.schema`, where the last
//! [`KEPT_VERSIONS`] earlier versions stay, so that any two can be compared later.
//!
//! Writes are atomic: a temporary file in the same directory, flushed to disk, then renamed over the
//! entry. Reads never panic and never trust a length in the file: anything that is not an intact
//! entry of this format for this key is a [`CacheLookup::Miss`] with its reason.

use std::ffi::OsString;
use std::fmt;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::LoadedSchema;
use crate::introspection::{IntrospectionEdition, IntrospectionSchema};

/// The first bytes of every entry file.
pub const MAGIC: [u8; 8] = *b"SXSCHEMA";

/// The version of the entry format. An entry of another version is a miss
/// ([`MissReason::OlderFormat`]) and is overwritten by the next store.
pub const FORMAT_VERSION: u32 = 2;

/// The length of the fixed header: magic, version and body checksum.
pub const HEADER_LEN: usize = 8 + 4 + 32;

/// The extension of entry files.
const ENTRY_EXTENSION: &str = "schema";

/// Earlier versions kept per key beside its entry: with the entry, the last ten schemas.
pub const KEPT_VERSIONS: usize = 9;

/// The folder of earlier versions, inside the cache directory.
const HISTORY_DIR: &str = "history";

/// Which credential a schema was fetched with, without the credential itself.
///
/// Servers show different schemas to different users, so the same endpoint fetched with two
/// credentials gives two entries.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum CredentialIdentity {
    /// No credential.
    Anonymous,
    /// The credentials in use (a profile's token, headers typed by the person), known only by
    /// their fingerprint.
    Fingerprint(CredentialFingerprint),
}

/// A one-way fingerprint of secrets: the SHA-256 of a fixed prefix, a key and the secrets (each
/// length-prefixed), in hex. It tells two credentials apart without keeping either; the key (a
/// random value of the installation) keeps a short secret from being found again by trying values.
#[derive(Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CredentialFingerprint(String);

impl CredentialFingerprint {
    /// The fingerprint of `parts` (header names and values, say) under `key`. Nothing is kept.
    pub fn keyed(key: &[u8], parts: &[&[u8]]) -> Self {
        let mut hasher = Sha256::new();
        hasher.update(b"sextant credential fingerprint\0");
        for part in std::iter::once(key).chain(parts.iter().copied()) {
            hasher.update((part.len() as u64).to_le_bytes());
            hasher.update(part);
        }
        CredentialFingerprint(hex(&hasher.finalize()))
    }

    /// The fingerprint in hex (64 digits).
    pub fn as_hex(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for CredentialFingerprint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Short, so that logs stay readable; the fingerprint is not secret anyway.
        write!(f, "CredentialFingerprint({}…)", &self.0[..self.0.len().min(12)])
    }
}

/// What a cache entry is for: an endpoint and the identity of the credential used on it.
///
/// The endpoint is taken as given: callers that want `https://x/graphql` and `https://x/graphql/`
/// to share an entry normalize it first.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct CacheKey {
    endpoint: String,
    credential: CredentialIdentity,
}

impl CacheKey {
    pub fn new(endpoint: &str, credential: CredentialIdentity) -> Self {
        CacheKey { endpoint: endpoint.to_owned(), credential }
    }

    pub fn endpoint(&self) -> &str {
        &self.endpoint
    }

    pub fn credential(&self) -> &CredentialIdentity {
        &self.credential
    }

    /// The entry's file name without extension: the SHA-256, in hex, of a canonical encoding of
    /// the key (each part length-prefixed, so that no two keys encode alike).
    pub fn file_stem(&self) -> String {
        let mut hasher = Sha256::new();
        hasher.update(b"sextant schema cache key\0");
        let mut part = |bytes: &[u8]| {
            hasher.update((bytes.len() as u64).to_le_bytes());
            hasher.update(bytes);
        };
        part(self.endpoint.as_bytes());
        match &self.credential {
            CredentialIdentity::Anonymous => part(b"anonymous"),
            CredentialIdentity::Fingerprint(fingerprint) => {
                part(b"fingerprint");
                part(fingerprint.0.as_bytes());
            }
        }
        hex(&hasher.finalize())
    }
}

/// The SHA-256 of a response body, in hex: what [`CachedSchema::content_hash`] holds, for telling
/// whether a fresh fetch changed anything.
pub fn content_hash(body: &[u8]) -> String {
    hex(&Sha256::digest(body))
}

/// How long ago something was fetched, for "cached 3 h ago". Zero when `fetched_at` is in the
/// future (a clock that moved back).
pub fn age(fetched_at: u64, now: u64) -> Duration {
    Duration::from_secs(now.saturating_sub(fetched_at))
}

/// The current time in unix seconds, for [`SchemaCache::store`] and [`age`].
pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs())
}

/// What a store wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CachedEntryInfo {
    pub path: PathBuf,
    /// The size of the entry file in bytes.
    pub size: u64,
    pub fetched_at: u64,
    /// The SHA-256 of the response body, in hex.
    pub content_hash: String,
}

/// A schema read back from the cache.
#[derive(Debug, Clone)]
pub struct CachedSchema {
    pub loaded: LoadedSchema,
    /// When the schema was fetched, in unix seconds.
    pub fetched_at: u64,
    /// The SHA-256 of the response it was read from, in hex.
    pub content_hash: String,
    /// The introspection edition the server answered, when the caller knew it.
    pub edition: Option<IntrospectionEdition>,
}

/// The answer of [`SchemaCache::load`].
#[derive(Debug)]
pub enum CacheLookup {
    Hit(Box<CachedSchema>),
    Miss(MissReason),
}

impl CacheLookup {
    /// The cached schema, if there was one.
    pub fn hit(self) -> Option<CachedSchema> {
        match self {
            CacheLookup::Hit(cached) => Some(*cached),
            CacheLookup::Miss(_) => None,
        }
    }
}

/// Why there is no usable cached schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MissReason {
    /// Nothing was stored for this key.
    NotCached,
    /// The file is not an intact entry: truncated, damaged, or not an entry at all.
    Corrupt(String),
    /// The entry was written in another format version (by an older, or newer, Sextant).
    OlderFormat { found: u32 },
    /// The file holds another key's entry (two keys whose hashes collide, or a file moved by hand).
    KeyMismatch,
    /// The file exists but could not be read.
    Unreadable(String),
}

impl fmt::Display for MissReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MissReason::NotCached => write!(f, "not cached"),
            MissReason::Corrupt(reason) => write!(f, "the cache entry is damaged: {reason}"),
            MissReason::OlderFormat { found } => {
                write!(f, "the cache entry has format version {found}, this version of Sextant reads {FORMAT_VERSION}")
            }
            MissReason::KeyMismatch => write!(f, "the cache entry belongs to another endpoint or credential"),
            MissReason::Unreadable(reason) => write!(f, "the cache entry cannot be read: {reason}"),
        }
    }
}

/// Why a store or remove failed.
#[derive(Debug, thiserror::Error)]
pub enum CacheError {
    #[error("cannot write the schema cache at {path}: {source}")]
    Io { path: PathBuf, source: io::Error },
    #[error("cannot encode the schema for the cache: {0}")]
    Encode(String),
}

/// An earlier version of a key's schema, kept when a store brought a different one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaVersion {
    /// What [`SchemaCache::load_version`] takes: the fetch time and the start of the content hash.
    pub id: String,
    /// When it was fetched, in unix seconds.
    pub fetched_at: u64,
    /// The first 16 hex digits of the SHA-256 of its response.
    pub content_hash_prefix: String,
}

impl SchemaVersion {
    /// Reads a version file's name (`<fetch time>-<16 hex digits>.schema`); `None` for any other.
    fn from_file_name(name: &str) -> Option<SchemaVersion> {
        let id = name.strip_suffix(&format!(".{ENTRY_EXTENSION}"))?;
        let (time, hash) = id.split_once('-')?;
        let valid = !time.is_empty()
            && time.bytes().all(|byte| byte.is_ascii_digit())
            && hash.len() == 16
            && hash.bytes().all(|byte| matches!(byte, b'0'..=b'9' | b'a'..=b'f'));
        valid.then(|| SchemaVersion { id: id.to_owned(), fetched_at: time.parse().unwrap_or(0), content_hash_prefix: hash.to_owned() })
    }
}

/// The first fields of an entry's body: what a store compares without reading the schema.
#[derive(Deserialize)]
struct EntryHead {
    key: CacheKey,
    fetched_at: u64,
    content_hash: String,
}

/// The stored body of an entry.
#[derive(Serialize, Deserialize)]
struct Entry {
    key: CacheKey,
    fetched_at: u64,
    content_hash: String,
    edition: Option<IntrospectionEdition>,
    schema: IntrospectionSchema,
}

/// The body of an entry as written: the same fields, borrowed.
#[derive(Serialize)]
struct EntryRef<'a> {
    key: &'a CacheKey,
    fetched_at: u64,
    content_hash: &'a str,
    edition: Option<IntrospectionEdition>,
    schema: &'a IntrospectionSchema,
}

/// The cache directory and its entries.
#[derive(Debug, Clone)]
pub struct SchemaCache {
    dir: PathBuf,
}

impl SchemaCache {
    /// A cache in `dir`, which is created on the first store.
    pub fn new(dir: PathBuf) -> Self {
        SchemaCache { dir }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The usual cache directory, from this process's environment: see [`default_dir_from`].
    pub fn default_dir() -> Option<PathBuf> {
        default_dir_from(|name| std::env::var_os(name))
    }

    /// The file that holds (or would hold) the entry for `key`.
    pub fn entry_path(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(format!("{}.{ENTRY_EXTENSION}", key.file_stem()))
    }

    /// Stores a fetched schema for `key`, replacing any previous entry atomically: a reader sees
    /// the old entry or the new one, never a part.
    ///
    /// `fetched_at` is in unix seconds; `response_body` is the response the schema was read from,
    /// kept only as its hash; `edition` is the introspection edition the server answered, if known.
    pub fn store(
        &self,
        key: &CacheKey,
        fetched_at: u64,
        edition: Option<IntrospectionEdition>,
        response_body: &[u8],
        schema: &IntrospectionSchema,
    ) -> Result<CachedEntryInfo, CacheError> {
        let content_hash = content_hash(response_body);
        let entry = EntryRef { key, fetched_at, content_hash: &content_hash, edition, schema };
        let body = postcard::to_stdvec(&entry).map_err(|error| CacheError::Encode(error.to_string()))?;
        let bytes = frame(&body);

        let path = self.entry_path(key);
        // A different schema than the entry's: the entry becomes an earlier version, not lost.
        if let Some(previous) = self.head(&path, key)
            && previous.content_hash != content_hash
        {
            let history = self.history_dir(key);
            let io_error = |path: &Path| {
                let path = path.to_owned();
                move |source| CacheError::Io { path, source }
            };
            private_file::create_private_dir(&history).map_err(io_error(&history))?;
            let hash_prefix = previous.content_hash.get(..16).unwrap_or(&previous.content_hash);
            let kept = history.join(format!("{}-{hash_prefix}.{ENTRY_EXTENSION}", previous.fetched_at));
            fs::rename(&path, &kept).map_err(io_error(&kept))?;
            for old in self.versions(key).iter().skip(KEPT_VERSIONS) {
                let old = history.join(format!("{}.{ENTRY_EXTENSION}", old.id));
                fs::remove_file(&old).map_err(io_error(&old))?;
            }
        }
        private_file::write_atomically(&path, &bytes).map_err(|source| CacheError::Io { path: path.clone(), source })?;
        Ok(CachedEntryInfo { path, size: bytes.len() as u64, fetched_at, content_hash })
    }

    /// The key and fetch details of the entry at `path`, if it is an intact entry of `key`.
    fn head(&self, path: &Path, key: &CacheKey) -> Option<EntryHead> {
        let bytes = fs::read(path).ok()?;
        let (head, _) = postcard::take_from_bytes::<EntryHead>(checked_body(&bytes).ok()?).ok()?;
        (head.key == *key).then_some(head)
    }

    fn history_dir(&self, key: &CacheKey) -> PathBuf {
        self.dir.join(HISTORY_DIR).join(key.file_stem())
    }

    /// The earlier versions kept for `key`, newest first (the entry itself is not among them).
    pub fn versions(&self, key: &CacheKey) -> Vec<SchemaVersion> {
        let Ok(files) = fs::read_dir(self.history_dir(key)) else { return Vec::new() };
        // Fetch times are in seconds: versions fetched within one are ordered by when their file
        // was written (a rename keeps that time).
        let mut versions: Vec<(SchemaVersion, Option<std::time::SystemTime>)> = files
            .filter_map(|file| {
                let file = file.ok()?;
                let version = SchemaVersion::from_file_name(file.file_name().to_str()?)?;
                Some((version, file.metadata().ok().and_then(|metadata| metadata.modified().ok())))
            })
            .collect();
        versions.sort_by(|(a, a_written), (b, b_written)| {
            b.fetched_at.cmp(&a.fetched_at).then_with(|| b_written.cmp(a_written)).then_with(|| b.id.cmp(&a.id))
        });
        versions.into_iter().map(|(version, _)| version).collect()
    }

    /// Reads an earlier version of `key`'s schema by its [`SchemaVersion::id`]. An id that is not
    /// one (a path, say) is [`MissReason::NotCached`].
    pub fn load_version(&self, key: &CacheKey, id: &str) -> CacheLookup {
        if SchemaVersion::from_file_name(&format!("{id}.{ENTRY_EXTENSION}")).is_none() {
            return CacheLookup::Miss(MissReason::NotCached);
        }
        let path = self.history_dir(key).join(format!("{id}.{ENTRY_EXTENSION}"));
        match fs::read(&path) {
            Ok(bytes) => match decode(&bytes, key) {
                Ok(cached) => CacheLookup::Hit(Box::new(cached)),
                Err(reason) => CacheLookup::Miss(reason),
            },
            Err(error) if error.kind() == io::ErrorKind::NotFound => CacheLookup::Miss(MissReason::NotCached),
            Err(error) => CacheLookup::Miss(MissReason::Unreadable(error.to_string())),
        }
    }

    /// Reads the entry for `key`. Never panics, whatever the file holds.
    pub fn load(&self, key: &CacheKey) -> CacheLookup {
        let path = self.entry_path(key);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == io::ErrorKind::NotFound => return CacheLookup::Miss(MissReason::NotCached),
            Err(error) => return CacheLookup::Miss(MissReason::Unreadable(error.to_string())),
        };
        match decode(&bytes, key) {
            Ok(cached) => CacheLookup::Hit(Box::new(cached)),
            Err(reason) => CacheLookup::Miss(reason),
        }
    }

    /// Removes the entry for `key` and its earlier versions. `Ok(false)` when there was no entry.
    pub fn remove(&self, key: &CacheKey) -> Result<bool, CacheError> {
        let history = self.history_dir(key);
        match fs::remove_dir_all(&history) {
            Ok(()) => {}
            Err(error) if error.kind() == io::ErrorKind::NotFound => {}
            Err(source) => return Err(CacheError::Io { path: history, source }),
        }
        let path = self.entry_path(key);
        match fs::remove_file(&path) {
            Ok(()) => Ok(true),
            Err(error) if error.kind() == io::ErrorKind::NotFound => Ok(false),
            Err(source) => Err(CacheError::Io { path, source }),
        }
    }
}

/// The usual cache directory, given a way to read environment variables (so that it can be
/// computed from values other than the process's own):
///
/// 1. `$SEXTANT_CACHE_DIR/schemas`, when `SEXTANT_CACHE_DIR` is set and not empty;
/// 2. `$XDG_CACHE_HOME/sextant/schemas`, when `XDG_CACHE_HOME` is an absolute path (the XDG base
///    directory spec says to ignore a relative one);
/// 3. `$HOME/.cache/sextant/schemas`, when `HOME` is set and not empty;
/// 4. on Windows, `%LOCALAPPDATA%\sextant\schemas`.
///
/// `None` when none applies; the caller then asks for a directory or runs without a cache.
pub fn default_dir_from(env: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let non_empty = |name: &str| env(name).filter(|value| !value.is_empty()).map(PathBuf::from);
    if let Some(dir) = non_empty("SEXTANT_CACHE_DIR") {
        return Some(dir.join("schemas"));
    }
    if let Some(dir) = non_empty("XDG_CACHE_HOME").filter(|dir| dir.is_absolute()) {
        return Some(dir.join("sextant").join("schemas"));
    }
    if let Some(home) = non_empty("HOME") {
        return Some(home.join(".cache").join("sextant").join("schemas"));
    }
    if cfg!(windows) {
        return non_empty("LOCALAPPDATA").map(|dir| dir.join("sextant").join("schemas"));
    }
    None
}

/// The header and body of an entry file.
fn frame(body: &[u8]) -> Vec<u8> {
    let mut bytes = Vec::with_capacity(HEADER_LEN + body.len());
    bytes.extend_from_slice(&MAGIC);
    bytes.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    bytes.extend_from_slice(&Sha256::digest(body));
    bytes.extend_from_slice(body);
    bytes
}

/// The body of an intact entry of this format: header, version and checksum checked.
fn checked_body(bytes: &[u8]) -> Result<&[u8], MissReason> {
    let corrupt = |reason: String| Err(MissReason::Corrupt(reason));
    if bytes.len() < 12 {
        return corrupt(format!("the file has {} bytes, fewer than its header", bytes.len()));
    }
    if bytes[..8] != MAGIC {
        return corrupt("the file does not start like a schema cache entry".into());
    }
    let version = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]);
    if version != FORMAT_VERSION {
        return Err(MissReason::OlderFormat { found: version });
    }
    if bytes.len() < HEADER_LEN {
        return corrupt(format!("the file has {} bytes, fewer than its header", bytes.len()));
    }
    let (checksum, body) = bytes[12..].split_at(32);
    if Sha256::digest(body).as_slice() != checksum {
        return corrupt("the checksum does not match: the file is truncated or damaged".into());
    }
    Ok(body)
}

fn decode(bytes: &[u8], key: &CacheKey) -> Result<CachedSchema, MissReason> {
    let corrupt = |reason: String| Err(MissReason::Corrupt(reason));
    let body = checked_body(bytes)?;
    let entry = match postcard::take_from_bytes::<Entry>(body) {
        Ok((entry, [])) => entry,
        Ok((_, rest)) => return corrupt(format!("{} unexpected bytes after the entry", rest.len())),
        Err(error) => return corrupt(format!("the entry cannot be decoded: {error}")),
    };
    if entry.key != *key {
        return Err(MissReason::KeyMismatch);
    }
    let loaded = match entry.schema.to_schema() {
        Ok(loaded) => loaded,
        Err(error) => return corrupt(format!("the stored schema is unusable: {error}")),
    };
    Ok(CachedSchema { loaded, fetched_at: entry.fetched_at, content_hash: entry.content_hash, edition: entry.edition })
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(bytes.len() * 2);
    for byte in bytes {
        text.push(DIGITS[usize::from(byte >> 4)] as char);
        text.push(DIGITS[usize::from(byte & 0xf)] as char);
    }
    text
}
