//! The on-disk schema cache: round trips of real schemas, key separation, damaged entries, atomic
//! writes and the default directory.

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use schema_cache::cache::{
    self, CacheKey, CacheLookup, CredentialFingerprint, CredentialIdentity, FORMAT_VERSION, HEADER_LEN, MAGIC,
    MissReason, SchemaCache,
};
use schema_cache::introspection::{self, IntrospectionEdition, IntrospectionSchema};
use sha2::{Digest, Sha256};

fn railway() -> &'static (Vec<u8>, IntrospectionSchema) {
    static DATA: OnceLock<(Vec<u8>, IntrospectionSchema)> = OnceLock::new();
    DATA.get_or_init(|| read_response(&test_support::railway_introspection_path()))
}

fn github() -> &'static (Vec<u8>, IntrospectionSchema) {
    static DATA: OnceLock<(Vec<u8>, IntrospectionSchema)> = OnceLock::new();
    DATA.get_or_init(|| read_response(&test_support::github_introspection_path()))
}

fn read_response(path: &Path) -> (Vec<u8>, IntrospectionSchema) {
    let body = std::fs::read(path).unwrap();
    let schema = introspection::parse_response(&body).unwrap();
    (body, schema)
}

fn key(endpoint: &str, credential: CredentialIdentity) -> CacheKey {
    CacheKey::new(endpoint, credential)
}

/// The identity of a token, as `connection` fingerprints one (under a fixed test key).
fn profile(token: &str) -> CredentialIdentity {
    CredentialIdentity::Fingerprint(CredentialFingerprint::keyed(b"test key", &[b"authorization", token.as_bytes()]))
}

/// The files in a directory, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

fn miss_reason(lookup: CacheLookup) -> MissReason {
    match lookup {
        CacheLookup::Hit(_) => panic!("expected a miss, got a hit"),
        CacheLookup::Miss(reason) => reason,
    }
}

#[test]
fn real_schemas_round_trip_with_their_fetch_time_and_content_hash() {
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().join("schemas"));
    let cases = [
        ("railway", railway(), "https://backboard.railway.com/graphql/v2", Some(IntrospectionEdition::October2021)),
        ("github", github(), "https://api.github.com/graphql", None),
    ];
    for (what, (body, schema), endpoint, edition) in cases {
        let key = key(endpoint, profile("work"));
        let fetched_at = 1_700_000_000 + body.len() as u64;
        let info = cache.store(&key, fetched_at, edition, body, schema).unwrap();
        let expected_hash = hex(&Sha256::digest(body));
        assert_eq!(info.content_hash, expected_hash, "{what}");
        assert_eq!(info.size, std::fs::metadata(&info.path).unwrap().len(), "{what}");
        assert_eq!(info.path, cache.entry_path(&key), "{what}");

        let cached = cache.load(&key).hit().unwrap_or_else(|| panic!("{what}: miss"));
        assert_eq!(cached.fetched_at, fetched_at, "{what}");
        assert_eq!(cached.content_hash, expected_hash, "{what}");
        assert_eq!(cached.edition, edition, "{what}");
        assert!(cached.loaded.warnings.is_empty(), "{what}: {:?}", cached.loaded.warnings);

        // The same schema as reading the response directly, printed the same.
        let direct = introspection::schema_from_response(body).unwrap();
        assert_eq!(direct.schema.types.len(), cached.loaded.schema.types.len(), "{what}");
        for name in direct.schema.types.keys() {
            assert!(cached.loaded.schema.types.contains_key(name), "{what}: type {name} missing");
        }
        assert_eq!(schema_cache::print_sdl(&direct.schema), schema_cache::print_sdl(&cached.loaded.schema), "{what}");
    }
}

#[test]
fn the_stored_form_decodes_to_the_same_introspection_schema() {
    // Covers every field of the model, including the optional ones postcard must keep in order.
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().to_owned());
    let (body, schema) = railway();
    let key = key("https://railway.example/graphql", CredentialIdentity::Anonymous);
    cache.store(&key, 5, None, body, schema).unwrap();
    let bytes = std::fs::read(cache.entry_path(&key)).unwrap();
    assert_eq!(bytes[..8], MAGIC);
    assert_eq!(bytes[8..12], FORMAT_VERSION.to_le_bytes());
    // The entry is much smaller than the response it came from.
    assert!(bytes.len() < body.len() / 2, "{} bytes for a {}-byte response", bytes.len(), body.len());
}

#[test]
fn keys_with_different_credentials_are_different_entries() {
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().to_owned());
    let (railway_body, railway_schema) = railway();
    let (github_body, github_schema) = github();
    let endpoint = "https://api.example.com/graphql";
    let work = key(endpoint, profile("work"));
    let personal = key(endpoint, profile("personal"));
    let anonymous = key(endpoint, CredentialIdentity::Anonymous);
    let fingerprinted = key(endpoint, CredentialIdentity::Fingerprint(CredentialFingerprint::keyed(b"test key", &[b"x-api-key", b"ghp_secret"])));
    let other_endpoint = key("https://api.example.com/graphql/", profile("work"));

    cache.store(&work, 1, None, railway_body, railway_schema).unwrap();
    assert!(matches!(miss_reason(cache.load(&personal)), MissReason::NotCached));
    assert!(matches!(miss_reason(cache.load(&anonymous)), MissReason::NotCached));
    assert!(matches!(miss_reason(cache.load(&fingerprinted)), MissReason::NotCached));
    assert!(matches!(miss_reason(cache.load(&other_endpoint)), MissReason::NotCached));

    cache.store(&anonymous, 2, None, github_body, github_schema).unwrap();
    cache.store(&fingerprinted, 3, None, github_body, github_schema).unwrap();
    let work_entry = cache.load(&work).hit().unwrap();
    let anonymous_entry = cache.load(&anonymous).hit().unwrap();
    assert_eq!(work_entry.fetched_at, 1);
    assert!(work_entry.loaded.schema.type_field("Query", "projects").is_ok());
    assert_eq!(anonymous_entry.fetched_at, 2);
    assert!(anonymous_entry.loaded.schema.type_field("Query", "viewer").is_ok());
    assert_eq!(cache.load(&fingerprinted).hit().unwrap().fetched_at, 3);

    let mut stems = vec![work.file_stem(), personal.file_stem(), anonymous.file_stem(), fingerprinted.file_stem(), other_endpoint.file_stem()];
    stems.sort();
    stems.dedup();
    assert_eq!(stems.len(), 5, "two keys share a file name");

    // Keys whose parts run together do not collide.
    assert_ne!(key("ab", profile("c")).file_stem(), key("a", profile("bc")).file_stem());
    assert_ne!(key("x", profile("anonymous")).file_stem(), key("x", CredentialIdentity::Anonymous).file_stem());
    let parts = |parts: &[&[u8]]| CredentialFingerprint::keyed(b"k", parts);
    assert_ne!(parts(&[b"ab", b"c"]), parts(&[b"a", b"bc"]));
    assert_ne!(CredentialFingerprint::keyed(b"k1", &[b"t"]), CredentialFingerprint::keyed(b"k2", &[b"t"]), "the key matters");

    // Removing one entry leaves the others.
    assert!(cache.remove(&work).unwrap());
    assert!(!cache.remove(&work).unwrap());
    assert!(matches!(miss_reason(cache.load(&work)), MissReason::NotCached));
    assert!(cache.load(&anonymous).hit().is_some());
}

#[test]
fn no_url_profile_name_or_secret_appears_in_the_cache_files_names() {
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().to_owned());
    let (body, schema) = railway();
    let secret = b"ghp_thisIsTheSecretToken";
    let keys = [
        key("https://api.example.com/graphql", profile("work-profile")),
        key("https://api.example.com/graphql", CredentialIdentity::Fingerprint(CredentialFingerprint::keyed(b"test key", &[secret]))),
    ];
    for key in &keys {
        let info = cache.store(key, 1, None, body, schema).unwrap();
        let name = info.path.file_name().unwrap().to_str().unwrap().to_owned();
        assert_eq!(name.len(), 64 + ".schema".len(), "{name}");
        assert!(name[..64].bytes().all(|byte| byte.is_ascii_hexdigit()), "{name}");
        assert!(!name.contains("example") && !name.contains("work"), "{name}");
        // The secret is nowhere in the file, nor in the key's debug form.
        let bytes = std::fs::read(&info.path).unwrap();
        assert!(!bytes.windows(secret.len()).any(|window| window == secret));
        assert!(!format!("{key:?}").contains("ghp_"));
    }
    assert_eq!(
        CredentialFingerprint::keyed(b"test key", &[secret]),
        CredentialFingerprint::keyed(b"test key", &[secret]),
        "a fingerprint is stable"
    );
    assert_ne!(CredentialFingerprint::keyed(b"test key", &[secret]), CredentialFingerprint::keyed(b"test key", &[b"another"]));
}

/// A real entry, and the key it was stored under.
fn stored_entry(cache: &SchemaCache) -> (CacheKey, Vec<u8>) {
    let (body, schema) = railway();
    let key = key("https://backboard.railway.com/graphql/v2", profile("default"));
    let info = cache.store(&key, 42, None, body, schema).unwrap();
    (key, std::fs::read(info.path).unwrap())
}

/// An entry file with a correct header and checksum around any body.
fn framed(version: u32, body: &[u8]) -> Vec<u8> {
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&version.to_le_bytes());
    bytes.extend_from_slice(&Sha256::digest(body));
    bytes.extend_from_slice(body);
    bytes
}

#[test]
fn damaged_entries_are_misses_with_a_reason() {
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().to_owned());
    let (key, good) = stored_entry(&cache);
    let body = &good[HEADER_LEN..];
    let other_key_entry = {
        let other = SchemaCache::new(directory.path().join("other"));
        let (body, schema) = railway();
        let info = other.store(&key_for_other(), 1, None, body, schema).unwrap();
        std::fs::read(info.path).unwrap()
    };

    let mut invalid_utf8_body = body.to_vec();
    // The body starts with the key: a length, then the endpoint's bytes.
    invalid_utf8_body[1] = 0xff;
    invalid_utf8_body[2] = 0xfe;
    let mut huge_length_body = vec![0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f];
    huge_length_body.extend_from_slice(&body[1..]);

    // (case, file content, what the reason must be)
    type Check = fn(&MissReason) -> bool;
    let cases: Vec<(&str, Vec<u8>, Check)> = vec![
        ("empty file", Vec::new(), |reason| matches!(reason, MissReason::Corrupt(_))),
        ("garbage", b"this is not a cache entry at all, it is text".to_vec(), |reason| matches!(reason, MissReason::Corrupt(_))),
        ("header only", good[..HEADER_LEN].to_vec(), |reason| matches!(reason, MissReason::Corrupt(_))),
        ("truncated body", good[..good.len() - 1].to_vec(), |reason| matches!(reason, MissReason::Corrupt(_))),
        ("extra byte", [good.as_slice(), &[0]].concat(), |reason| matches!(reason, MissReason::Corrupt(_))),
        ("older version", framed(0, body), |reason| *reason == MissReason::OlderFormat { found: 0 }),
        ("newer version", framed(FORMAT_VERSION + 1, body), |reason| matches!(reason, MissReason::OlderFormat { .. })),
        ("another key's entry", other_key_entry, |reason| *reason == MissReason::KeyMismatch),
        // Correct checksums around bad bodies: the decoder itself must refuse them.
        ("valid checksum, invalid UTF-8", framed(FORMAT_VERSION, &invalid_utf8_body), |reason| matches!(reason, MissReason::Corrupt(_))),
        ("valid checksum, huge length", framed(FORMAT_VERSION, &huge_length_body), |reason| matches!(reason, MissReason::Corrupt(_))),
        ("valid checksum, truncated body", framed(FORMAT_VERSION, &body[..body.len() / 2]), |reason| matches!(reason, MissReason::Corrupt(_))),
        ("valid checksum, empty body", framed(FORMAT_VERSION, &[]), |reason| matches!(reason, MissReason::Corrupt(_))),
    ];
    let path = cache.entry_path(&key);
    for (case, content, expected) in cases {
        std::fs::write(&path, &content).unwrap();
        let reason = miss_reason(cache.load(&key));
        assert!(expected(&reason), "{case}: unexpected reason {reason:?}");
        assert!(!reason.to_string().is_empty(), "{case}");
    }

    // A directory where the entry should be cannot be read.
    std::fs::remove_file(&path).unwrap();
    std::fs::create_dir(&path).unwrap();
    assert!(matches!(miss_reason(cache.load(&key)), MissReason::Unreadable(_)));
    std::fs::remove_dir(&path).unwrap();

    // The good entry still loads, so the cases above failed for their damage alone.
    std::fs::write(&path, &good).unwrap();
    assert_eq!(cache.load(&key).hit().unwrap().fetched_at, 42);
}

fn key_for_other() -> CacheKey {
    key("https://somewhere.else/graphql", CredentialIdentity::Anonymous)
}

#[test]
fn every_truncation_and_flipped_byte_is_a_miss() {
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().to_owned());
    let (key, good) = stored_entry(&cache);
    let path = cache.entry_path(&key);

    // Every length in the header, then lengths spread over the whole file.
    let step = good.len() / 97;
    let lengths: Vec<usize> = (0..HEADER_LEN + 8).chain((HEADER_LEN + 8..good.len()).step_by(step)).collect();
    for length in lengths {
        std::fs::write(&path, &good[..length]).unwrap();
        let reason = miss_reason(cache.load(&key));
        assert!(matches!(reason, MissReason::Corrupt(_) | MissReason::OlderFormat { .. }), "length {length}: {reason:?}");
    }

    // A flipped bit anywhere: in the magic, the version, the checksum, the key, the schema.
    let positions: Vec<usize> = (0..HEADER_LEN + 16).chain((HEADER_LEN + 16..good.len()).step_by(step)).chain([good.len() - 1]).collect();
    for position in positions {
        for mask in [0x01u8, 0x80, 0xff] {
            let mut damaged = good.clone();
            damaged[position] ^= mask;
            std::fs::write(&path, &damaged).unwrap();
            let reason = miss_reason(cache.load(&key));
            assert!(
                matches!(reason, MissReason::Corrupt(_) | MissReason::OlderFormat { .. }),
                "byte {position} ^ {mask:#x}: {reason:?}"
            );
        }
    }

    // Pseudo-random garbage of many lengths, with and without a valid header.
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for length in [1, 7, 12, 43, 44, 45, 100, 1000, 65_536] {
        let random: Vec<u8> = (0..length).map(|_| next() as u8).collect();
        for content in [random.clone(), framed(FORMAT_VERSION, &random)] {
            std::fs::write(&path, &content).unwrap();
            let reason = miss_reason(cache.load(&key));
            assert!(matches!(reason, MissReason::Corrupt(_) | MissReason::OlderFormat { .. }), "random {length}: {reason:?}");
        }
    }
}

#[test]
fn a_crafted_entry_with_deeply_nested_type_references_is_refused_without_overflowing() {
    // A body whose first field decodes, then a schema with one type whose field's type nests
    // `ofType` a million times. Only a crafted file (the checksum is valid) can get here.
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().to_owned());
    let key = key("e", CredentialIdentity::Anonymous);
    let mut body = postcard::to_stdvec(&(&key, 1u64, "hash", None::<IntrospectionEdition>)).unwrap();
    // IntrospectionSchema: description None, query type Some("Q"), mutation None, subscription None,
    // one type: kind OBJECT (1), name Some("Q"), description, specifiedByURL, isOneOf None,
    // fields Some(1 field named "f": description None, no args, type = NonNull(NonNull(...))).
    body.extend_from_slice(&[0, 1, 1, b'Q', 0, 0, 1]);
    body.extend_from_slice(&[1, 1, 1, b'Q', 0, 0, 0, 1, 1, 1, b'f', 0, 0]);
    for _ in 0..1_000_000 {
        body.extend_from_slice(&[7, 0, 1]); // kind NON_NULL, name None, ofType Some(
    }
    std::fs::write(cache.entry_path(&key), framed(FORMAT_VERSION, &body)).unwrap();
    let reason = miss_reason(cache.load(&key));
    assert!(matches!(reason, MissReason::Corrupt(_)), "{reason:?}");
}

#[test]
fn stores_leave_only_entry_files_and_replace_entries_whole() {
    let directory = tempfile::tempdir().unwrap();
    let dir = directory.path().join("nested").join("schemas");
    let cache = SchemaCache::new(dir.clone());
    let (railway_body, railway_schema) = railway();
    let (github_body, github_schema) = github();
    let first = key("https://one.example/graphql", CredentialIdentity::Anonymous);
    let second = key("https://two.example/graphql", profile("p"));

    cache.store(&first, 1, None, railway_body, railway_schema).unwrap();
    cache.store(&second, 2, None, railway_body, railway_schema).unwrap();
    // Replacing an entry.
    cache.store(&first, 3, None, github_body, github_schema).unwrap();
    let mut expected = vec![format!("{}.schema", first.file_stem()), format!("{}.schema", second.file_stem()), "history".to_owned()];
    expected.sort();
    assert_eq!(files_in(&dir), expected, "the replaced schema is kept as an earlier version");
    assert_eq!(files_in(&dir.join("history").join(first.file_stem())).len(), 1);
    let replaced = cache.load(&first).hit().unwrap();
    assert_eq!(replaced.fetched_at, 3);
    assert!(replaced.loaded.schema.type_field("Query", "viewer").is_ok());

    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(std::fs::metadata(&dir).unwrap().permissions().mode() & 0o777, 0o700);
        let entry = cache.entry_path(&first);
        assert_eq!(std::fs::metadata(entry).unwrap().permissions().mode() & 0o777, 0o600);
    }
}

#[test]
fn a_failed_store_leaves_no_temporary_file_and_the_old_entry_intact() {
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().to_owned());
    let (body, schema) = railway();
    let key = key("https://one.example/graphql", CredentialIdentity::Anonymous);
    // A directory in the entry's place makes the final rename fail after the temporary file is written.
    std::fs::create_dir(cache.entry_path(&key)).unwrap();
    std::fs::write(cache.entry_path(&key).join("keep"), b"x").unwrap();
    let error = cache.store(&key, 1, None, body, schema).unwrap_err();
    assert!(error.to_string().contains("cannot write the schema cache"), "{error}");
    assert_eq!(files_in(directory.path()), vec![format!("{}.schema", key.file_stem())]);

    // A cache whose directory cannot be created (a file is in the way).
    let blocked = SchemaCache::new(directory.path().join("file").join("schemas"));
    std::fs::write(directory.path().join("file"), b"x").unwrap();
    assert!(blocked.store(&key, 1, None, body, schema).is_err());
    assert!(matches!(miss_reason(blocked.load(&key)), MissReason::NotCached | MissReason::Unreadable(_)));
}

#[test]
fn the_default_directory_follows_the_environment() {
    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| vars.iter().find(|(var, _)| *var == name).map(|(_, value)| OsString::from(value))
    }
    type Vars = &'static [(&'static str, &'static str)];
    let cases: &[(Vars, Option<&str>)] = &[
        (&[("HOME", "/home/ada")], Some("/home/ada/.cache/sextant/schemas")),
        (&[("HOME", "/home/ada"), ("XDG_CACHE_HOME", "/var/cache/ada")], Some("/var/cache/ada/sextant/schemas")),
        (&[("HOME", "/home/ada"), ("XDG_CACHE_HOME", "relative/cache")], Some("/home/ada/.cache/sextant/schemas")),
        (&[("HOME", "/home/ada"), ("XDG_CACHE_HOME", "")], Some("/home/ada/.cache/sextant/schemas")),
        (
            &[("HOME", "/home/ada"), ("XDG_CACHE_HOME", "/var/cache/ada"), ("SEXTANT_CACHE_DIR", "/tmp/sextant")],
            Some("/tmp/sextant/schemas"),
        ),
        (&[("SEXTANT_CACHE_DIR", "/tmp/sextant")], Some("/tmp/sextant/schemas")),
        (&[("HOME", "/home/ada"), ("SEXTANT_CACHE_DIR", "")], Some("/home/ada/.cache/sextant/schemas")),
        (&[("HOME", "")], None),
        (&[], None),
    ];
    for (vars, expected) in cases {
        let vars: Vars = vars;
        assert_eq!(cache::default_dir_from(env(vars)), expected.map(PathBuf::from), "{vars:?}");
    }
}

#[test]
fn age_is_the_time_since_the_fetch() {
    use std::time::Duration;
    assert_eq!(cache::age(1_000, 1_000 + 3 * 3600), Duration::from_secs(3 * 3600));
    assert_eq!(cache::age(2_000, 1_000), Duration::ZERO, "a clock that moved back");
    assert!(cache::unix_now() > 1_700_000_000);
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

/// A small schema that differs by one field name, so that each store brings a different schema.
fn version(n: usize) -> (Vec<u8>, IntrospectionSchema) {
    let body = format!(
        r#"{{"data":{{"__schema":{{"queryType":{{"name":"Query"}},"mutationType":null,"subscriptionType":null,"directives":[],
        "types":[{{"kind":"OBJECT","name":"Query","fields":[{{"name":"field{n}","args":[],"type":{{"kind":"SCALAR","name":"String"}},"isDeprecated":false}}],"interfaces":[]}},
        {{"kind":"SCALAR","name":"String"}}]}}}}}}"#
    );
    let schema = introspection::parse_response(body.as_bytes()).unwrap();
    (body.into_bytes(), schema)
}

#[test]
fn a_different_schema_keeps_the_one_it_replaces_and_the_last_ten_stay() {
    let directory = tempfile::tempdir().unwrap();
    let cache = SchemaCache::new(directory.path().join("schemas"));
    let key = key("https://api.example/graphql", profile("p"));
    let other = key_for_other();
    assert!(cache.versions(&key).is_empty());
    for n in 1..=12 {
        let (body, schema) = version(n);
        cache.store(&key, 100 + n as u64, None, &body, &schema).unwrap();
        // The same schema fetched again is no new version.
        cache.store(&key, 100 + n as u64, None, &body, &schema).unwrap();
    }
    let (body, schema) = version(1);
    cache.store(&other, 1, None, &body, &schema).unwrap();

    let versions = cache.versions(&key);
    let times: Vec<u64> = versions.iter().map(|version| version.fetched_at).collect();
    assert_eq!(times, (103..=111).rev().collect::<Vec<u64>>(), "the nine before the entry, newest first");
    assert_eq!(cache.load(&key).hit().unwrap().fetched_at, 112);
    for version in &versions {
        let n = version.fetched_at - 100;
        let loaded = cache.load_version(&key, &version.id).hit().unwrap_or_else(|| panic!("{} loads", version.id));
        assert_eq!(loaded.fetched_at, version.fetched_at);
        assert!(loaded.loaded.schema.type_field("Query", &format!("field{n}")).is_ok(), "version {n} is its own schema");
        assert!(loaded.content_hash.starts_with(&version.content_hash_prefix));
    }
    assert!(cache.versions(&other).is_empty(), "another key has its own versions");
    // Another key's version is not this key's.
    assert_eq!(miss_reason(cache.load_version(&other, &versions[0].id)), MissReason::NotCached);

    // Ids that are not versions never reach the file system.
    for id in ["", "../../x", "103", "103-zzzzzzzzzzzzzzzz", "/etc/passwd", &format!("{}/../{}", versions[0].id, versions[1].id)] {
        assert_eq!(miss_reason(cache.load_version(&key, id)), MissReason::NotCached, "{id:?}");
    }
    // A damaged version is a miss with its reason.
    let damaged = directory.path().join("schemas/history").join(key.file_stem()).join(format!("{}.schema", versions[0].id));
    std::fs::write(&damaged, b"SXSCHEMA").unwrap();
    assert!(matches!(miss_reason(cache.load_version(&key, &versions[0].id)), MissReason::Corrupt(_)));

    // Forgetting the key forgets its versions.
    assert!(cache.remove(&key).unwrap());
    assert!(cache.versions(&key).is_empty());
    assert!(cache.load(&other).hit().is_some());
}
