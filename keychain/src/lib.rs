//! The secret of a token profile, kept in the OS keychain and nowhere else.
//!
//! On Linux and the BSDs that is the Secret Service (GNOME Keyring, KWallet) over the D-Bus session
//! bus; on macOS the login Keychain; on Windows the Credential Manager. A [`TokenStore`] keeps one item
//! per token profile: service = the store's service name (`sextant`), account/user = the profile id,
//! and on the Secret Service the label `Sextant token: <profile id>` that keyring managers show.
//!
//! There is no fallback. When the keychain cannot be used (no session bus, no Secret Service, a locked
//! keyring, a refused prompt) the call fails with a [`KeychainError`] whose message tells the person
//! what to do; the token is never written to a file, an environment variable or the kernel keyring.
//!
//! Every call **blocks**: it talks to the keychain daemon and may wait for an unlock prompt. Async
//! callers run it on a blocking thread (`tokio::task::spawn_blocking`); never from an async task.
//!
//! No error message and no `Debug` output holds the token: tokens travel as [`secret::Secret`], and
//! the only place this crate reads one is the call that hands it to the keychain.

use std::sync::{Arc, Mutex, PoisonError};

use keyring_core::{CredentialStore, Entry};
use secret::Secret;
use serde::Serialize;

/// The service name Sextant's items are stored under.
pub const DEFAULT_SERVICE: &str = "sextant";

/// Why the keychain could not be used. `message` says what to do about it, for the person.
///
/// Serializes as `{"kind": "Locked", "message": "..."}`.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error, Serialize)]
#[serde(tag = "kind")]
pub enum KeychainError {
    /// The keyring is locked (or there is no default keyring to put items in).
    #[error("{message}")]
    Locked { message: String },
    /// The session bus is there but no Secret Service answers on it.
    #[error("{message}")]
    NoSecretService { message: String },
    /// There is no D-Bus session bus to reach the Secret Service through.
    #[error("{message}")]
    NoSessionBus { message: String },
    /// The person dismissed the unlock prompt, or the keychain refused access.
    #[error("{message}")]
    Denied { message: String },
    /// Anything else the keychain reported.
    #[error("{message}")]
    Other { message: String },
}

impl KeychainError {
    /// The message alone, as shown to the person.
    pub fn message(&self) -> &str {
        match self {
            KeychainError::Locked { message }
            | KeychainError::NoSecretService { message }
            | KeychainError::NoSessionBus { message }
            | KeychainError::Denied { message }
            | KeychainError::Other { message } => message,
        }
    }

    /// The keychain itself could not be reached: the next call opens a new connection.
    fn is_unreachable(&self) -> bool {
        matches!(self, KeychainError::NoSecretService { .. } | KeychainError::NoSessionBus { .. })
    }

    /// Defence in depth: no message carries the token, even if a platform error were to echo it.
    fn without(mut self, token: &str) -> KeychainError {
        let message = match &mut self {
            KeychainError::Locked { message }
            | KeychainError::NoSecretService { message }
            | KeychainError::NoSessionBus { message }
            | KeychainError::Denied { message }
            | KeychainError::Other { message } => message,
        };
        if !token.is_empty() && message.contains(token) {
            *message = message.replace(token, "[redacted]");
        }
        self
    }
}

/// The token profiles' secrets in the OS keychain, under one service name.
///
/// Cheap to create and to clone: the connection to the keychain is opened on first use, shared by
/// every store in the process, and opened again after the keychain was found unreachable (so that
/// starting the keyring daemon fixes things without restarting Sextant). Every method blocks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenStore {
    service: String,
}

impl Default for TokenStore {
    fn default() -> Self {
        TokenStore::new(DEFAULT_SERVICE)
    }
}

impl TokenStore {
    /// A store whose items carry `service` as their service name: [`DEFAULT_SERVICE`] in Sextant,
    /// a unique name in tests.
    pub fn new(service: &str) -> TokenStore {
        TokenStore { service: service.to_owned() }
    }

    /// The service name of this store's items.
    pub fn service(&self) -> &str {
        &self.service
    }

    /// Stores the token of `profile_id`, replacing any token it had.
    pub fn set(&self, profile_id: &str, secret: &Secret) -> Result<(), KeychainError> {
        let token = secret.expose();
        match self.run(profile_id, |entry| entry.set_password(token)) {
            Ok(()) => Ok(()),
            Err(Missing) => Err(KeychainError::Other { message: "The keychain lost the item while storing it: try again.".into() }),
            Err(Failed(error)) => Err(error.without(token)),
        }
    }

    /// The token of `profile_id`, `None` when it has none. For the request path only: the token goes
    /// into a request header and nowhere else (never to the UI, which asks [`TokenStore::is_set`]).
    pub fn get(&self, profile_id: &str) -> Result<Option<Secret>, KeychainError> {
        match self.run(profile_id, Entry::get_password) {
            // `Secret::new` takes the string over, so it is wiped when the secret is dropped.
            Ok(token) => Ok(Secret::new(token)),
            Err(Missing) => Ok(None),
            Err(Failed(error)) => Err(error),
        }
    }

    /// Removes the token of `profile_id`; `false` when it had none.
    pub fn delete(&self, profile_id: &str) -> Result<bool, KeychainError> {
        match self.run(profile_id, Entry::delete_credential) {
            Ok(()) => Ok(true),
            Err(Missing) => Ok(false),
            Err(Failed(error)) => Err(error),
        }
    }

    /// Whether `profile_id` has a token, without reading it.
    pub fn is_set(&self, profile_id: &str) -> Result<bool, KeychainError> {
        match self.run(profile_id, Entry::get_credential) {
            Ok(_) => Ok(true),
            Err(Missing) => Ok(false),
            Err(Failed(error)) => Err(error),
        }
    }

    /// Runs one keychain call on the entry of `profile_id`, mapping its errors.
    fn run<T>(&self, profile_id: &str, call: impl FnOnce(&Entry) -> keyring_core::Result<T>) -> Result<T, Outcome> {
        if profile_id.is_empty() {
            return Err(Failed(KeychainError::Other { message: "A token profile without an id cannot have a token.".into() }));
        }
        let store = shared_store().map_err(Failed)?;
        let entry = platform::entry(&store, &self.service, profile_id).map_err(|error| Failed(classify(error)))?;
        call(&entry).map_err(|error| match error {
            keyring_core::Error::NoEntry => Missing,
            error => {
                let error = classify(error);
                if error.is_unreachable() {
                    forget_store();
                }
                Failed(error)
            }
        })
    }
}

/// A keychain call's failure: the item is not there, or the keychain failed.
enum Outcome {
    Missing,
    Failed(KeychainError),
}
use Outcome::{Failed, Missing};

/// The process's connection to the keychain: opened on first use, kept while it works.
static STORE: Mutex<Option<Arc<CredentialStore>>> = Mutex::new(None);

fn shared_store() -> Result<Arc<CredentialStore>, KeychainError> {
    let mut store = STORE.lock().unwrap_or_else(PoisonError::into_inner);
    if let Some(store) = store.as_ref() {
        return Ok(store.clone());
    }
    let opened = platform::open()?;
    *store = Some(opened.clone());
    Ok(opened)
}

fn forget_store() {
    STORE.lock().unwrap_or_else(PoisonError::into_inner).take();
}

/// Maps a keychain error to the person's terms. Never looks at secret bytes: `BadEncoding` and
/// `BadDataFormat` carry the stored data, and only their kind is used.
fn classify(error: keyring_core::Error) -> KeychainError {
    use keyring_core::Error as E;
    match error {
        E::PlatformFailure(error) => platform::failure(&*error, false),
        E::NoStorageAccess(error) => platform::failure(&*error, true),
        E::NoEntry => KeychainError::Other { message: "There is no token for this profile in the keychain.".into() },
        E::BadEncoding(_) | E::BadDataFormat(..) => KeychainError::Other {
            message: "The keychain item of this profile does not hold a text token: set the token again.".into(),
        },
        E::Ambiguous(items) => KeychainError::Other {
            message: format!(
                "{} keychain items match this profile: remove the extra ones (for example in Seahorse) and try again.",
                items.len()
            ),
        },
        E::TooLong(name, limit) => KeychainError::Other {
            message: format!("The keychain refuses a {name} longer than {limit} characters."),
        },
        E::Invalid(name, reason) => KeychainError::Other { message: format!("The keychain refuses this {name}: {reason}.") },
        E::NoDefaultStore => KeychainError::NoSecretService { message: platform::NO_STORE.into() },
        other => KeychainError::Other { message: format!("The OS keychain failed: {other}") },
    }
}

#[cfg(all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))))]
mod platform {
    //! The Secret Service over the D-Bus session bus.

    use std::collections::HashMap;
    use std::sync::Arc;

    use keyring_core::{CredentialStore, Entry};
    use secret_service::Error as Ss;

    use super::KeychainError;

    pub(crate) const NO_STORE: &str = "No Secret Service is running: install and start gnome-keyring or KWallet.";

    pub(crate) fn open() -> Result<Arc<CredentialStore>, KeychainError> {
        match zbus_secret_service_keyring_store::Store::new() {
            Ok(store) => Ok(store),
            Err(keyring_core::Error::PlatformFailure(error) | keyring_core::Error::NoStorageAccess(error)) => {
                Err(failure(&*error, false))
            }
            Err(error) => Err(super::classify(error)),
        }
    }

    pub(crate) fn entry(store: &Arc<CredentialStore>, service: &str, profile_id: &str) -> keyring_core::Result<Entry> {
        let label = format!("Sextant token: {profile_id}");
        let modifiers = HashMap::from([("label", label.as_str())]);
        Entry::new_in_store_with_modifiers(store, service, profile_id, &modifiers)
    }

    /// Maps a Secret Service error. `no_access`: the store reported it as a storage-access failure.
    pub(crate) fn failure(error: &(dyn std::error::Error + 'static), no_access: bool) -> KeychainError {
        let Some(error) = error.downcast_ref::<Ss>() else {
            return other(error, no_access);
        };
        match error {
            Ss::Locked => locked(),
            Ss::NoResult => KeychainError::Locked {
                message: "The keyring has no default collection to keep tokens in: create or unlock a default \
                          keyring (for example in GNOME Keyring / Seahorse) and try again."
                    .into(),
            },
            // Headless, the prompt cannot even be shown and comes back dismissed: either way the keyring
            // stays locked, and unlocking it is what the person has to do.
            Ss::Prompt | Ss::PromptDisconnected => KeychainError::Locked {
                message: "The keyring is locked and was not unlocked (its unlock prompt was dismissed or could not \
                          be shown): unlock it (for example in GNOME Keyring / Seahorse) and try again."
                    .into(),
            },
            Ss::Unavailable => no_session_bus(),
            Ss::Zbus(error) => zbus_failure(error).unwrap_or_else(|| other(error, no_access)),
            Ss::ZbusFdo(error) => fdo_failure(error).unwrap_or_else(|| other(error, no_access)),
            other_error => other(other_error, no_access),
        }
    }

    fn zbus_failure(error: &zbus::Error) -> Option<KeychainError> {
        match error {
            zbus::Error::Address(_)
            | zbus::Error::Connection(..)
            | zbus::Error::InputOutput(_)
            | zbus::Error::Handshake(_) => Some(no_session_bus()),
            zbus::Error::MethodError(name, ..) => named_failure(name.as_str()),
            zbus::Error::FDO(error) => fdo_failure(error),
            _ => None,
        }
    }

    fn fdo_failure(error: &zbus::fdo::Error) -> Option<KeychainError> {
        match error {
            zbus::fdo::Error::ServiceUnknown(_) | zbus::fdo::Error::NameHasNoOwner(_) => {
                Some(KeychainError::NoSecretService { message: NO_STORE.into() })
            }
            zbus::fdo::Error::AccessDenied(_) | zbus::fdo::Error::AuthFailed(_) => Some(denied()),
            zbus::fdo::Error::ZBus(error) => zbus_failure(error),
            _ => None,
        }
    }

    fn named_failure(name: &str) -> Option<KeychainError> {
        match name {
            "org.freedesktop.DBus.Error.ServiceUnknown" | "org.freedesktop.DBus.Error.NameHasNoOwner" => {
                Some(KeychainError::NoSecretService { message: NO_STORE.into() })
            }
            "org.freedesktop.Secret.Error.IsLocked" => Some(locked()),
            "org.freedesktop.DBus.Error.AccessDenied" | "org.freedesktop.DBus.Error.AuthFailed" => Some(denied()),
            _ => None,
        }
    }

    fn locked() -> KeychainError {
        KeychainError::Locked {
            message: "The keyring is locked: unlock it (for example in GNOME Keyring / Seahorse) and try again.".into(),
        }
    }

    fn denied() -> KeychainError {
        KeychainError::Denied {
            message: "The Secret Service refused access to the keyring: allow Sextant in your keyring settings and \
                      try again."
                .into(),
        }
    }

    fn no_session_bus() -> KeychainError {
        let message = match std::env::var_os("DBUS_SESSION_BUS_ADDRESS") {
            None => "There is no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set): Sextant stores tokens in \
                     the OS keychain and needs one. Start Sextant from a desktop session, or under dbus-run-session \
                     with gnome-keyring."
                .to_owned(),
            Some(address) => format!(
                "The D-Bus session bus at {} cannot be reached: Sextant stores tokens in the OS keychain and needs \
                 it. Start Sextant from a desktop session, or fix DBUS_SESSION_BUS_ADDRESS.",
                address.to_string_lossy()
            ),
        };
        KeychainError::NoSessionBus { message }
    }

    fn other(error: &dyn std::fmt::Display, no_access: bool) -> KeychainError {
        if no_access {
            return KeychainError::Locked {
                message: format!(
                    "The keyring cannot be used ({error}): unlock it (for example in GNOME Keyring / Seahorse) \
                     and try again."
                ),
            };
        }
        KeychainError::Other { message: format!("The Secret Service failed: {error}") }
    }
}

#[cfg(any(target_os = "macos", windows))]
mod platform {
    //! The login Keychain on macOS, the Credential Manager on Windows, as keyring's `v1` sets them up.

    use std::sync::Arc;

    use keyring_core::{CredentialStore, Entry};

    use super::KeychainError;

    pub(crate) const NO_STORE: &str = "The OS keychain cannot be opened: check that your user account has one.";

    pub(crate) fn open() -> Result<Arc<CredentialStore>, KeychainError> {
        match keyring::Entry::store_status() {
            Ok(()) => keyring_core::get_default_store().ok_or_else(|| KeychainError::Other { message: NO_STORE.into() }),
            Err(error) => Err(KeychainError::Other { message: format!("The OS keychain cannot be opened: {error}") }),
        }
    }

    pub(crate) fn entry(store: &Arc<CredentialStore>, service: &str, profile_id: &str) -> keyring_core::Result<Entry> {
        Entry::new_in_store(store, service, profile_id)
    }

    pub(crate) fn failure(error: &(dyn std::error::Error + 'static), no_access: bool) -> KeychainError {
        if no_access {
            return KeychainError::Denied {
                message: format!(
                    "The keychain is locked or refused access ({error}): unlock it, allow Sextant, and try again."
                ),
            };
        }
        KeychainError::Other { message: format!("The OS keychain failed: {error}") }
    }
}

#[cfg(not(any(
    all(unix, not(any(target_os = "macos", target_os = "ios", target_os = "android"))),
    target_os = "macos",
    windows
)))]
mod platform {
    use std::sync::Arc;

    use keyring_core::{CredentialStore, Entry};

    use super::KeychainError;

    pub(crate) const NO_STORE: &str = "Sextant has no OS keychain on this platform, and stores tokens nowhere else.";

    pub(crate) fn open() -> Result<Arc<CredentialStore>, KeychainError> {
        Err(KeychainError::Other { message: NO_STORE.into() })
    }

    pub(crate) fn entry(_: &Arc<CredentialStore>, _: &str, _: &str) -> keyring_core::Result<Entry> {
        Err(keyring_core::Error::NoDefaultStore)
    }

    pub(crate) fn failure(error: &(dyn std::error::Error + 'static), _: bool) -> KeychainError {
        KeychainError::Other { message: format!("The OS keychain failed: {error}") }
    }
}
