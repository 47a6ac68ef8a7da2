//! Sending an operation as a person means it: with the chosen profile's token (read from the
//! keychain for the profile's own origin only) and the headers they typed (bound to the endpoint's
//! origin), past the rate-limit gate of those credentials, recording the budget the answer reports.
//! Schemas come from the cache unless a refresh is asked for, because an introspection costs a
//! request like any other.

use std::sync::{Mutex, MutexGuard, PoisonError};

use keychain::{KeychainError, TokenStore};
use net::{CancellationToken, Client, Credential, Endpoint, GraphqlRequest, Outcome};
use ratelimit::book::{Budget, BudgetBook, BudgetKey, ClosedReason, Gate};
use schema_cache::LoadedSchema;
use schema_cache::cache::{CacheKey, CacheLookup, CredentialIdentity, SchemaCache, unix_now};
use schema_cache::introspection::{self, IntrospectionEdition, IntrospectionError};
use secret::Secret;
use serde::Serialize;

use crate::credentials::{Credentials, FingerprintKey, budget_identity};
use crate::paths::Paths;
use crate::profiles::{AuthScheme, Profile, ProfileBook, ProfileError, SavePlan};

/// The keychain service name under which Sextant's tokens live.
pub const KEYCHAIN_SERVICE: &str = "sextant";

/// Replaces [`KEYCHAIN_SERVICE`] for a process: the tests give every run a throwaway service
/// name of its own, so that nothing they store could ever mix with a person's tokens.
pub const KEYCHAIN_SERVICE_VARIABLE: &str = "SEXTANT_KEYCHAIN_SERVICE";

#[derive(Debug, Clone)]
pub struct SessionConfig {
    pub keychain_service: String,
    pub client: net::ClientConfig,
    /// Warn when a budget has this many requests left, or fewer.
    pub low_budget_threshold: u64,
}

impl Default for SessionConfig {
    fn default() -> Self {
        SessionConfig { keychain_service: KEYCHAIN_SERVICE.to_owned(), client: net::ClientConfig::default(), low_budget_threshold: 10 }
    }
}

impl SessionConfig {
    /// The configuration of the command line and the app: the defaults, with the keychain service
    /// name from [`KEYCHAIN_SERVICE_VARIABLE`] when it is set.
    pub fn from_env() -> SessionConfig {
        let service = std::env::var(KEYCHAIN_SERVICE_VARIABLE).ok().filter(|service| !service.trim().is_empty());
        SessionConfig { keychain_service: service.unwrap_or_else(|| KEYCHAIN_SERVICE.to_owned()), ..SessionConfig::default() }
    }
}

/// How a stream is opened and kept going ([`Session::subscribe`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StreamOptions {
    pub protocol: net::Protocol,
    /// The `connection_init` payload (a JSON object), for servers that authenticate there; it
    /// may hold a token, so it is a secret: in no history, no log, no error.
    pub connection_params: Option<Secret>,
    /// Also put the credentials (the profile's token, headers marked secret) in the
    /// `connection_init` payload, by their header names (`{"Authorization": "Bearer …"}`), for
    /// servers that read them only there. Ignored when `connection_params` is given.
    pub credentials_in_init: bool,
    /// New subscriptions after breaks that may heal, in a row; 0: none.
    pub reconnect_attempts: u32,
    /// The wait before the first of them, doubled for each next one (at most 30 s).
    pub first_wait: std::time::Duration,
}

impl Default for StreamOptions {
    fn default() -> Self {
        StreamOptions { protocol: net::Protocol::Either, connection_params: None, credentials_in_init: false, reconnect_attempts: 5, first_wait: std::time::Duration::from_secs(1) }
    }
}

/// The credentials as a `connection_init` payload: each under its header's name (`authorization`
/// written `Authorization`, as servers that read it there expect). `None` when there are none.
fn credentials_payload(credentials: &[Credential]) -> Option<Secret> {
    let mut payload = serde_json::Map::new();
    for credential in credentials {
        let name = if credential.header_name.eq_ignore_ascii_case("authorization") { "Authorization".to_owned() } else { credential.header_name.clone() };
        payload.insert(name, serde_json::Value::String(credential.value.expose().to_owned()));
    }
    if payload.is_empty() {
        return None;
    }
    Secret::new(serde_json::Value::Object(payload).to_string())
}

/// A connection open this long counts as one that held: the next break gets every attempt again.
const STABLE_CONNECTION: std::time::Duration = std::time::Duration::from_secs(60);

/// What a stream tells while it runs, besides its events.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum StreamNotice {
    /// The connection broke in a way that may heal: a new subscription in `after`.
    Reconnecting { attempt: u32, of: u32, #[serde(skip)] after: std::time::Duration, because: String },
}

impl StreamNotice {
    pub fn message(&self) -> String {
        match self {
            StreamNotice::Reconnecting { attempt, of, after, because } => {
                let wait = if *after < std::time::Duration::from_secs(1) { format!("{} ms", after.as_millis()) } else { format!("{} s", after.as_secs()) };
                format!("{because} Reconnecting in {wait} (attempt {attempt} of {of}).")
            }
        }
    }
}

/// How a stream went: its end, the events and reconnections on the way, and the budget after.
#[derive(Debug, Clone)]
pub struct Streamed {
    pub end: net::StreamEnd,
    pub events: u64,
    pub reconnects: u32,
    pub duration: std::time::Duration,
    pub budget: Option<Budget>,
}

/// One per app: the HTTP client, the keychain, the profiles, the budgets and the schema cache.
pub struct Session {
    paths: Paths,
    client: Client,
    tokens: TokenStore,
    profiles: Mutex<ProfileBook>,
    budgets: Mutex<BudgetBook>,
    schemas: SchemaCache,
    fingerprint_key: FingerprintKey,
    low_budget_threshold: u64,
    /// The history of runs, opened on first use: (the history, a note when a damaged file was moved aside).
    history: std::sync::OnceLock<Result<(store::history::History, Option<String>), String>>,
}

/// Why a session could not open.
#[derive(Debug, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum OpenError {
    #[error(transparent)]
    Profiles(ProfileError),
    #[error("{message}")]
    Client { message: String },
}

/// What to send.
#[derive(Debug, Clone)]
pub struct Operation {
    pub endpoint: Endpoint,
    pub credentials: Credentials,
    pub document: String,
    pub operation_name: Option<String>,
    pub variables: serde_json::Value,
    /// Send even while a `Retry-After` is in force or the budget is used up.
    pub override_rate_limit: bool,
}

/// Which schema to get.
#[derive(Debug, Clone)]
pub struct SchemaRequest {
    pub endpoint: Endpoint,
    pub credentials: Credentials,
    /// Introspect even when the cache holds the schema.
    pub refresh: bool,
    /// Introspect even while a `Retry-After` is in force or the budget is used up.
    pub override_rate_limit: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub outcome: Outcome,
    /// The budget as known after this answer.
    pub budget: Option<Budget>,
    /// Whether the next request may go out, as of this answer.
    pub gate: Gate,
    /// Set when the remaining budget is low.
    pub warning: Option<String>,
}

/// Why nothing was sent.
#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SendError {
    #[error("{}", rate_limited_message(*.reason, *.seconds_left))]
    RateLimited { until: u64, seconds_left: u64, reason: ClosedReason },
    #[error(transparent)]
    Profile(ProfileError),
    #[error("profile {profile:?} has no token yet: set one (`sextant token set {profile}`, or Token… in the app)")]
    NoToken { profile: String },
    #[error("profile {profile:?} is bound to {profile_origin}; its token is not sent to {endpoint_origin}")]
    OriginMismatch { profile: String, profile_origin: String, endpoint_origin: String },
    #[error("{0}")]
    Keychain(KeychainError),
    #[error("the header {name:?} is empty or has a line break")]
    InvalidHeader { name: String },
}

fn rate_limited_message(reason: ClosedReason, seconds_left: u64) -> String {
    let wait = ratelimit::book::describe_seconds(seconds_left);
    match reason {
        ClosedReason::RetryAfter => format!("the server asked to wait (Retry-After): {wait} left; not sent"),
        ClosedReason::BudgetUsedUp => format!("the rate-limit budget is used up until its reset in {wait}; not sent"),
    }
}

/// Where a schema came from.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SchemaSource {
    Cache { fetched_at: u64, age_seconds: u64 },
    Fetched { fetched_at: u64, edition: IntrospectionEdition },
}

pub struct FetchedSchema {
    pub loaded: LoadedSchema,
    /// The cache entry it is kept under (never a secret): with `source`'s fetch time, names this
    /// schema for sharing it between tabs.
    pub cache_entry: String,
    pub source: SchemaSource,
    /// Why a cached copy was not used, when there was one.
    pub cache_note: Option<String>,
    /// The introspection exchanges, when the schema was fetched.
    pub sent: Vec<Sent>,
}

#[derive(Debug, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SchemaError {
    #[error(transparent)]
    NotSent(SendError),
    /// The server answered, but with no schema.
    #[error("{message}")]
    NoSchema { message: String, sent: Box<Sent> },
    #[error("introspection is disabled on this server ({}): load the schema from a file instead", first_of(.messages))]
    IntrospectionDisabled { messages: Vec<String>, sent: Box<Sent> },
    /// The server refused the credentials (or their absence): not a schema problem.
    #[error("{}", unauthorized_message(*.status, .profile.as_deref(), *.typed_credentials))]
    Unauthorized { status: u16, profile: Option<String>, typed_credentials: bool, sent: Box<Sent> },
}

/// The first of a server's messages, and how many more: a server with introspection off may send
/// dozens (one per field of the introspection query), which would fill a status line.
fn first_of(messages: &[String]) -> String {
    match messages {
        [] => "no message".to_owned(),
        [only] => only.clone(),
        [first, rest @ ..] => format!("{first}; and {} more", rest.len()),
    }
}

impl SchemaError {
    /// The exchange that ended the attempt, when something was sent.
    pub fn sent(&self) -> Option<&Sent> {
        match self {
            SchemaError::NotSent(_) => None,
            SchemaError::NoSchema { sent, .. } | SchemaError::IntrospectionDisabled { sent, .. } | SchemaError::Unauthorized { sent, .. } => {
                Some(sent)
            }
        }
    }
}

fn unauthorized_message(status: u16, profile: Option<&str>, typed_credentials: bool) -> String {
    let refused = match status {
        403 => "the server refused the introspection (403 Forbidden)".to_owned(),
        401 => "the server refused the introspection (401 Unauthorized)".to_owned(),
        status => format!("the server refused the introspection as not authorized ({status})"),
    };
    let forbidden = status == 403;
    match (profile, typed_credentials) {
        (Some(profile), _) if forbidden => format!(
            "{refused}: the token of profile {profile:?} is not allowed to read the schema. Use a token with more access, or another profile"
        ),
        (Some(profile), _) => format!(
            "{refused}: the token of profile {profile:?} was not accepted (wrong or expired). Set a new token for it, or choose another profile"
        ),
        (None, true) => format!("{refused}: the credential in the headers was not accepted. Check it, or use a token profile"),
        (None, false) => format!("{refused}: it needs a token, and none was sent. Add a token profile for this endpoint, or choose one"),
    }
}

/// A request's credentials, resolved: what goes into the headers, and whose budget and schema it is.
struct Caller {
    credentials: Vec<Credential>,
    identity: CredentialIdentity,
}

/// A poisoned lock only means another thread panicked while holding it; the values are swapped
/// whole, so they are never half-written.
fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Session {
    pub fn open(paths: Paths, config: SessionConfig) -> Result<Session, OpenError> {
        let profiles = ProfileBook::load(&paths.profiles_file()).map_err(OpenError::Profiles)?;
        // Budgets are a convenience: a damaged file starts an empty book rather than blocking work.
        let budgets = BudgetBook::load(&paths.budgets_file()).unwrap_or_default();
        let client = Client::new(config.client).map_err(|error| OpenError::Client { message: error.to_string() })?;
        Ok(Session {
            schemas: SchemaCache::new(paths.schema_cache_dir.clone()),
            tokens: TokenStore::new(&config.keychain_service),
            profiles: Mutex::new(profiles),
            budgets: Mutex::new(budgets),
            fingerprint_key: FingerprintKey::load_or_create(&paths.fingerprint_key_file()),
            client,
            paths,
            low_budget_threshold: config.low_budget_threshold,
            history: std::sync::OnceLock::new(),
        })
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    /// The history of runs (`history.sqlite` in the state directory), opened on first use. An
    /// error says why it cannot be used; runs go on without it.
    pub fn history(&self) -> Result<&store::history::History, String> {
        self.opened_history().map(|(history, _)| history)
    }

    /// Set when the history file was damaged and moved aside as it was opened: where it went.
    pub fn history_note(&self) -> Option<String> {
        self.opened_history().ok().and_then(|(_, note)| note.clone())
    }

    fn opened_history(&self) -> Result<&(store::history::History, Option<String>), String> {
        self.history
            .get_or_init(|| {
                let path = store::history::file_in(&self.paths.state_dir);
                let (history, opened) = store::history::History::open(&path).map_err(|error| error.to_string())?;
                let note = match opened {
                    store::Opened::Fine => None,
                    store::Opened::Recovered { moved_to, reason } => {
                        Some(format!("The history of runs could not be read ({reason}); it was moved to {} and a new one started.", moved_to.display()))
                    }
                };
                Ok((history, note))
            })
            .as_ref()
            .map_err(Clone::clone)
    }

    pub fn profiles(&self) -> Vec<Profile> {
        lock(&self.profiles).list().to_vec()
    }

    /// The profiles whose token may go to `endpoint`: those bound to its origin.
    pub fn profiles_for(&self, endpoint: &Endpoint) -> Vec<Profile> {
        let origin = endpoint.origin();
        lock(&self.profiles).list().iter().filter(|profile| profile.origin == origin).cloned().collect()
    }

    /// Adds a profile bound to `origin_url`'s origin, without a token. Blocks on the keychain: an
    /// item left behind for this name and origin (its `profiles.json` deleted, say) is removed, so
    /// that a new profile never starts with someone's old token.
    pub fn add_profile(&self, name: &str, origin_url: &Endpoint, auth: AuthScheme) -> Result<Profile, SendError> {
        let profile = Profile { name: name.trim().to_owned(), origin: origin_url.origin(), auth };
        let mut profiles = lock(&self.profiles);
        let mut updated = profiles.clone();
        updated.add(profile.clone()).map_err(SendError::Profile)?;
        self.tokens.delete(&profile.keychain_account()).map_err(SendError::Keychain)?;
        updated.save(&self.paths.profiles_file()).map_err(SendError::Profile)?;
        *profiles = updated;
        Ok(profile)
    }

    /// Stores `token` for the profile `name` bound to `endpoint`'s origin and sent as `auth`: adds
    /// the profile if there is none of that name, replaces the token of the one there is if it is
    /// bound to the same origin and header, and refuses otherwise (a profile's token is never
    /// rebound to another origin or header). The keychain is written first, so a failure leaves no
    /// profile without its token. Blocks on the keychain.
    pub fn save_profile(&self, name: &str, endpoint: &Endpoint, auth: AuthScheme, token: &Secret) -> Result<Profile, SendError> {
        let requested = Profile { name: name.trim().to_owned(), origin: endpoint.origin(), auth };
        let mut profiles = lock(&self.profiles);
        match profiles.plan_save(&requested).map_err(SendError::Profile)? {
            SavePlan::Existing(existing) => {
                self.tokens.set(&existing.keychain_account(), token).map_err(SendError::Keychain)?;
                Ok(existing)
            }
            SavePlan::New => {
                let mut updated = profiles.clone();
                updated.add(requested.clone()).map_err(SendError::Profile)?;
                self.tokens.set(&requested.keychain_account(), token).map_err(SendError::Keychain)?;
                if let Err(error) = updated.save(&self.paths.profiles_file()) {
                    // The token without its profile would be found by nothing: take it back out.
                    let _ = self.tokens.delete(&requested.keychain_account());
                    return Err(SendError::Profile(error));
                }
                *profiles = updated;
                Ok(requested)
            }
        }
    }

    /// Removes a profile and its token. Blocks on the keychain.
    pub fn remove_profile(&self, name: &str) -> Result<Profile, SendError> {
        let mut profiles = lock(&self.profiles);
        let mut updated = profiles.clone();
        let removed = updated.remove(name).map_err(SendError::Profile)?;
        self.tokens.delete(&removed.keychain_account()).map_err(SendError::Keychain)?;
        updated.save(&self.paths.profiles_file()).map_err(SendError::Profile)?;
        *profiles = updated;
        Ok(removed)
    }

    /// Stores the profile's token in the keychain. Blocks on the keychain.
    pub fn set_token(&self, profile: &str, token: &Secret) -> Result<(), SendError> {
        let profile = self.profile(profile)?;
        self.tokens.set(&profile.keychain_account(), token).map_err(SendError::Keychain)
    }

    /// Deletes the profile's token; `false` when there was none. Blocks on the keychain.
    pub fn delete_token(&self, profile: &str) -> Result<bool, SendError> {
        let profile = self.profile(profile)?;
        self.tokens.delete(&profile.keychain_account()).map_err(SendError::Keychain)
    }

    /// Whether the profile has a token. Blocks on the keychain. There is deliberately no way to
    /// read a token back out of a session.
    pub fn has_token(&self, profile: &str) -> Result<bool, SendError> {
        let profile = self.profile(profile)?;
        self.tokens.is_set(&profile.keychain_account()).map_err(SendError::Keychain)
    }

    fn profile(&self, name: &str) -> Result<Profile, SendError> {
        lock(&self.profiles).get(name).cloned().map_err(SendError::Profile)
    }

    /// The budget of `endpoint` with these credentials, and whether a request may go out now. The
    /// profile's token is read (on a blocking thread) to tell whose budget it is.
    pub async fn budget(&self, endpoint: &Endpoint, credentials: &Credentials) -> Result<(Option<Budget>, Gate), SendError> {
        let caller = self.caller(endpoint, credentials).await?;
        let key = budget_key(endpoint, &caller.identity);
        let budgets = lock(&self.budgets);
        Ok((budgets.get(&key).cloned(), budgets.gate(&key, unix_now())))
    }

    /// The request for `operation` with its credentials, and the budget it counts against; refused
    /// while the rate-limit gate is closed (unless overridden). The keychain is read on a blocking thread.
    async fn request_for(&self, operation: Operation) -> Result<(GraphqlRequest, BudgetKey), SendError> {
        let caller = self.caller(&operation.endpoint, &operation.credentials).await?;
        let key = budget_key(&operation.endpoint, &caller.identity);
        if !operation.override_rate_limit
            && let Gate::Closed { until, seconds_left, reason } = lock(&self.budgets).gate(&key, unix_now())
        {
            return Err(SendError::RateLimited { until, seconds_left, reason });
        }
        let mut request = GraphqlRequest::new(operation.endpoint.clone(), operation.document).with_variables(operation.variables);
        if let Some(name) = operation.operation_name {
            request = request.with_operation_name(name);
        }
        request.credentials = caller.credentials;
        Ok((request, key))
    }

    /// Sends one operation.
    pub async fn send(&self, operation: Operation, cancel: &CancellationToken) -> Result<Sent, SendError> {
        let (request, key) = self.request_for(operation).await?;
        let outcome = self.client.send(&request, cancel).await;
        let now = unix_now();
        let mut budgets = lock(&self.budgets);
        let warning = match &outcome {
            Outcome::Response(response) => {
                budgets.record(&key, &response.rate_limit, response.status, now);
                // Losing a budget update is harmless; the next answer brings a fresh one.
                let _ = budgets.save(&self.paths.budgets_file());
                budgets.low_budget_warning(&key, self.low_budget_threshold, now)
            }
            Outcome::Failure(_) => None,
        };
        Ok(Sent { budget: budgets.get(&key).cloned(), gate: budgets.gate(&key, now), outcome, warning })
    }

    /// Subscribes with `operation` (`net::subscription`: a WebSocket, or a POST that streams): the
    /// credentials resolved as for [`Session::send`] (a profile's token for its own origin only),
    /// refused while the rate-limit gate is closed, and the answer that opens the stream recorded
    /// in the budget like any request's. `on_event` gets each event's payload as the server sent
    /// it. A break that may heal ([`net::StreamEnd::may_reconnect`]) is followed by a new
    /// subscription after a growing wait, as many times as `options` allow, each told to
    /// `on_notice`; events keep their order and count across them.
    pub async fn subscribe(
        &self,
        operation: Operation,
        options: StreamOptions,
        cancel: &CancellationToken,
        mut on_event: impl FnMut(&str) -> net::Flow,
        mut on_notice: impl FnMut(&StreamNotice),
    ) -> Result<Streamed, SendError> {
        let started = std::time::Instant::now();
        let mut events = 0u64;
        let mut reconnects = 0u32;
        // Attempts since the last connection that held: one that streamed for a while earns a fresh set.
        let mut attempts = 0u32;
        loop {
            let (mut request, key) = match self.request_for(operation.clone()).await {
                Ok(ready) => ready,
                // The first attempt's refusal is the caller's error; a later one ends the stream.
                Err(error) if reconnects == 0 => return Err(error),
                Err(error) => {
                    let end = net::StreamEnd::Failed { reason: net::FailureReason::Interrupted { detail: error.to_string() } };
                    return Ok(Streamed { end, events, reconnects, duration: started.elapsed(), budget: None });
                }
            };
            request.connection_params.clone_from(&options.connection_params);
            if options.credentials_in_init && request.connection_params.is_none() {
                request.connection_params = credentials_payload(&request.credentials);
            }
            let opened_at = std::time::Instant::now();
            let end = self
                .client
                .subscribe_observed(
                    &request,
                    options.protocol,
                    cancel,
                    |opened| {
                        let now = unix_now();
                        let mut budgets = lock(&self.budgets);
                        budgets.record(&key, &opened.rate_limit, opened.status, now);
                        let _ = budgets.save(&self.paths.budgets_file());
                    },
                    |payload| {
                        events += 1;
                        on_event(payload)
                    },
                )
                .await;
            if opened_at.elapsed() >= STABLE_CONNECTION {
                attempts = 0;
            }
            if cancel.is_cancelled() || !end.may_reconnect() || attempts >= options.reconnect_attempts {
                let budget = lock(&self.budgets).get(&key).cloned();
                return Ok(Streamed { end, events, reconnects, duration: started.elapsed(), budget });
            }
            attempts += 1;
            let wait = net::subscription::reconnect_wait(options.first_wait, attempts);
            on_notice(&StreamNotice::Reconnecting { attempt: attempts, of: options.reconnect_attempts, after: wait, because: end.message() });
            tokio::select! {
                () = cancel.cancelled() => {
                    let budget = lock(&self.budgets).get(&key).cloned();
                    return Ok(Streamed { end: net::StreamEnd::Stopped, events, reconnects, duration: started.elapsed(), budget });
                }
                () = tokio::time::sleep(wait) => {}
            }
            reconnects += 1;
        }
    }

    /// The credentials of a request to `endpoint`: the typed headers, each bound to the endpoint's
    /// origin, and the profile's token, read from the keychain item of the profile's own origin
    /// (refused for any other).
    /// A profile's token from the keychain (on a blocking thread). Private: no front end gets one.
    async fn token_of(&self, profile: &Profile) -> Result<Secret, SendError> {
        let tokens = self.tokens.clone();
        let account = profile.keychain_account();
        tokio::task::spawn_blocking(move || tokens.get(&account))
            .await
            .unwrap_or_else(|_| Err(KeychainError::Other { message: "the keychain call was interrupted".into() }))
            .map_err(SendError::Keychain)?
            .ok_or_else(|| SendError::NoToken { profile: profile.name.clone() })
    }

    /// The curl command that sends `operation` (see [`crate::curl`]), with `headers` as they were
    /// given. The profile's token is `$SEXTANT_TOKEN`; only with `include_secrets` is it read from
    /// the keychain and written, and only for the origin the profile is bound to.
    pub async fn curl_command(&self, operation: &Operation, headers: &[crate::curl::GivenHeader], include_secrets: bool) -> Result<String, SendError> {
        let profile = match &operation.credentials.profile {
            Some(name) => {
                let profile = self.profile(name)?;
                let endpoint_origin = operation.endpoint.origin();
                if profile.origin != endpoint_origin {
                    return Err(SendError::OriginMismatch {
                        profile: profile.name,
                        profile_origin: profile.origin.to_string(),
                        endpoint_origin: endpoint_origin.to_string(),
                    });
                }
                Some(profile)
            }
            None => None,
        };
        let token = match (&profile, include_secrets) {
            (Some(profile), true) => Some(self.token_of(profile).await?),
            _ => None,
        };
        let profile = profile.as_ref().map(|profile| {
            let place = match &token {
                Some(token) => crate::curl::ProfileToken::Written(token),
                None => crate::curl::ProfileToken::FromEnvironment,
            };
            (profile.name.as_str(), &profile.auth, place)
        });
        Ok(crate::curl::command(&crate::curl::CurlRequest {
            url: operation.endpoint.as_str(),
            document: &operation.document,
            operation_name: operation.operation_name.as_deref(),
            variables: &operation.variables,
            headers,
            profile,
            include_secrets,
        }))
    }

    async fn caller(&self, endpoint: &Endpoint, credentials: &Credentials) -> Result<Caller, SendError> {
        let endpoint_origin = endpoint.origin();
        let mut resolved = Vec::with_capacity(credentials.headers.len() + 1);
        for (name, value) in &credentials.headers {
            let value = Secret::new(value.clone()).ok_or_else(|| SendError::InvalidHeader { name: name.clone() })?;
            resolved.push(Credential::header(name.clone(), value, endpoint_origin.clone()));
        }
        if let Some(profile_name) = &credentials.profile {
            let profile = self.profile(profile_name)?;
            if profile.origin != endpoint_origin {
                return Err(SendError::OriginMismatch {
                    profile: profile.name,
                    profile_origin: profile.origin.to_string(),
                    endpoint_origin: endpoint_origin.to_string(),
                });
            }
            let token = self.token_of(&profile).await?;
            resolved.push(match &profile.auth {
                AuthScheme::Bearer => Credential::bearer(&token, endpoint_origin.clone()),
                AuthScheme::Header { name } => Credential::header(name.clone(), token, endpoint_origin.clone()),
            });
        }
        let identity = self.fingerprint_key.identity(&resolved);
        Ok(Caller { credentials: resolved, identity })
    }

    /// The cached schema of `endpoint` as these credentials see it, if there is a usable one, and
    /// when it was fetched (Unix seconds). Sends nothing: what a refresh is compared against.
    pub async fn cached_schema(&self, endpoint: &Endpoint, credentials: &Credentials) -> Result<Option<(schema_cache::LoadedSchema, u64)>, SchemaError> {
        let caller = self.caller(endpoint, credentials).await.map_err(SchemaError::NotSent)?;
        let key = CacheKey::new(endpoint.as_str(), caller.identity);
        Ok(self.schemas.load(&key).hit().map(|cached| (cached.loaded, cached.fetched_at)))
    }

    /// The earlier versions of `endpoint`'s schema kept in the cache for these credentials, newest
    /// first (the cached schema itself is not among them). Sends nothing.
    pub async fn schema_versions(&self, endpoint: &Endpoint, credentials: &Credentials) -> Result<Vec<schema_cache::cache::SchemaVersion>, SchemaError> {
        let caller = self.caller(endpoint, credentials).await.map_err(SchemaError::NotSent)?;
        Ok(self.schemas.versions(&CacheKey::new(endpoint.as_str(), caller.identity)))
    }

    /// One earlier version of `endpoint`'s schema (see [`Session::schema_versions`]) and when it
    /// was fetched; `None` when it is not kept or cannot be read. Sends nothing.
    pub async fn schema_version(
        &self,
        endpoint: &Endpoint,
        credentials: &Credentials,
        id: &str,
    ) -> Result<Option<(schema_cache::LoadedSchema, u64)>, SchemaError> {
        let caller = self.caller(endpoint, credentials).await.map_err(SchemaError::NotSent)?;
        let key = CacheKey::new(endpoint.as_str(), caller.identity);
        Ok(self.schemas.load_version(&key, id).hit().map(|cached| (cached.loaded, cached.fetched_at)))
    }

    /// The schema of `endpoint` as these credentials see it: from the cache, unless `refresh` is
    /// set or there is no usable cached copy; then by introspection, stepping down to older spec
    /// editions when the server rejects newer introspection fields, and stored in the cache.
    pub async fn schema(&self, request: SchemaRequest, cancel: &CancellationToken) -> Result<FetchedSchema, SchemaError> {
        let SchemaRequest { endpoint, credentials, refresh, override_rate_limit } = request;
        let caller = self.caller(&endpoint, &credentials).await.map_err(SchemaError::NotSent)?;
        let key = CacheKey::new(endpoint.as_str(), caller.identity);
        let mut cache_note = None;
        if !refresh {
            match self.schemas.load(&key) {
                CacheLookup::Hit(cached) => {
                    let age_seconds = schema_cache::cache::age(cached.fetched_at, unix_now()).as_secs();
                    return Ok(FetchedSchema {
                        cache_entry: key.file_stem(),
                        loaded: cached.loaded,
                        source: SchemaSource::Cache { fetched_at: cached.fetched_at, age_seconds },
                        cache_note: None,
                        sent: Vec::new(),
                    });
                }
                CacheLookup::Miss(schema_cache::cache::MissReason::NotCached) => {}
                CacheLookup::Miss(reason) => cache_note = Some(format!("the cached schema could not be used ({reason}); fetched it again")),
            }
        }

        let mut edition = IntrospectionEdition::Current;
        let mut sent_all = Vec::new();
        loop {
            let operation = Operation {
                endpoint: endpoint.clone(),
                credentials: credentials.clone(),
                document: introspection::query(edition),
                operation_name: Some("IntrospectionQuery".into()),
                variables: serde_json::Value::Null,
                override_rate_limit,
            };
            let sent = self.send(operation, cancel).await.map_err(SchemaError::NotSent)?;
            if let Some(status) = refused_as_unauthorized(&sent.outcome) {
                return Err(SchemaError::Unauthorized {
                    status,
                    profile: credentials.profile.clone(),
                    typed_credentials: credentials.headers.iter().any(|(name, _)| net::is_credential_header(name)),
                    sent: Box::new(sent),
                });
            }
            let Some(body) = sent.outcome.response().and_then(|response| response.graphql()) else {
                let message = sent.outcome.summary().unwrap_or("the server did not answer with GraphQL JSON").to_owned();
                return Err(SchemaError::NoSchema { message, sent: Box::new(sent) });
            };
            let messages: Vec<String> = body.error_messages().map(str::to_owned).collect();
            // `{"data": <the server's data text>}`: the introspection reader takes a whole response.
            let response_body = format!("{{\"data\":{}}}", body.data.as_ref().map_or("null", |data| data.text())).into_bytes();
            let model = match introspection::parse_response(&response_body) {
                Ok(model) => model,
                Err(error) => {
                    if let Some(older) = introspection::fallback_after(edition, &messages) {
                        edition = older;
                        sent_all.push(sent);
                        continue;
                    }
                    if body.data.is_none() && !messages.is_empty() {
                        return Err(SchemaError::IntrospectionDisabled { messages, sent: Box::new(sent) });
                    }
                    return Err(no_schema(error, sent));
                }
            };
            let loaded = match model.to_schema() {
                Ok(loaded) => loaded,
                Err(error) => return Err(no_schema(error, sent)),
            };
            let fetched_at = unix_now();
            // A schema that cannot be cached is still a schema; the next start fetches again.
            if let Err(error) = self.schemas.store(&key, fetched_at, Some(edition), &response_body, &model) {
                cache_note = Some(format!("the schema could not be cached: {error}"));
            }
            sent_all.push(sent);
            let cache_entry = key.file_stem();
            return Ok(FetchedSchema { loaded, cache_entry, source: SchemaSource::Fetched { fetched_at, edition }, cache_note, sent: sent_all });
        }
    }
}

/// The status of an answer that refuses the caller rather than the introspection: 401 and 403, and
/// a GraphQL answer without data whose errors all say the caller is not authorized (servers that
/// answer 200 with `{"errors":[{"message":"Not Authorized"}]}`).
fn refused_as_unauthorized(outcome: &Outcome) -> Option<u16> {
    let response = outcome.response()?;
    if matches!(response.status, 401 | 403) {
        return Some(response.status);
    }
    let body = response.graphql()?;
    let all_say_unauthorized = !body.errors.is_empty() && body.errors.iter().all(is_unauthorized_error);
    (body.data.is_none() && all_say_unauthorized).then_some(response.status)
}

/// A GraphQL error that says the caller is not authenticated or not allowed: by its
/// `extensions.code` (Apollo's `UNAUTHENTICATED`, `FORBIDDEN`) or its message.
fn is_unauthorized_error(error: &serde_json::Value) -> bool {
    let code = error.pointer("/extensions/code").and_then(serde_json::Value::as_str).unwrap_or("");
    if ["UNAUTHENTICATED", "UNAUTHORIZED", "FORBIDDEN"].contains(&code.to_ascii_uppercase().as_str()) {
        return true;
    }
    let message = error.get("message").and_then(serde_json::Value::as_str).unwrap_or("").to_ascii_lowercase();
    ["not authorized", "not authorised", "unauthorized", "unauthorised", "unauthenticated", "not authenticated", "authentication required"]
        .iter()
        .any(|phrase| message.contains(phrase))
}

fn no_schema(error: IntrospectionError, sent: Sent) -> SchemaError {
    SchemaError::NoSchema { message: error.to_string(), sent: Box::new(sent) }
}

fn budget_key(endpoint: &Endpoint, identity: &CredentialIdentity) -> BudgetKey {
    BudgetKey { endpoint: endpoint.as_str().to_owned(), credential: budget_identity(identity) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_go_into_the_init_payload_by_their_header_names() {
        let origin = Endpoint::parse("https://backboard.railway.com/graphql/v2").unwrap().origin();
        let token = |text: &str| Secret::new(text.to_owned()).unwrap();
        let cases: Vec<(Vec<Credential>, Option<serde_json::Value>)> = vec![
            (vec![], None),
            (vec![Credential::bearer(&token("t-1"), origin.clone())], Some(serde_json::json!({ "Authorization": "Bearer t-1" }))),
            (
                vec![Credential::header("Project-Access-Token", token("p-1"), origin.clone()), Credential::header("x-api-key", token("k-1"), origin.clone())],
                Some(serde_json::json!({ "Project-Access-Token": "p-1", "x-api-key": "k-1" })),
            ),
        ];
        for (credentials, expected) in cases {
            let payload = credentials_payload(&credentials).map(|payload| serde_json::from_str::<serde_json::Value>(payload.expose()).unwrap());
            assert_eq!(payload, expected);
        }
    }

    /// Regression: a 401 to introspection was reported as "introspection is disabled", sending a
    /// new user to load the schema from a file instead of adding a token.
    /// Issue 10: a server with introspection off sent 34 messages, all joined into the status line.
    #[test]
    fn a_refused_introspection_names_its_first_message_and_counts_the_rest() {
        let messages = |n: usize| (1..=n).map(|i| format!("message {i}")).collect::<Vec<_>>();
        let cases = [(0, "no message"), (1, "message 1"), (34, "message 1; and 33 more")];
        for (n, expected) in cases {
            assert_eq!(first_of(&messages(n)), expected);
        }
    }

    #[test]
    fn refusals_of_the_caller_are_told_from_disabled_introspection() {
        // (status, body, refused as unauthorized?)
        let cases: &[(u16, &str, bool)] = &[
            (401, r#"{"errors":[{"message":"Not Authorized"}]}"#, true),
            (403, r#"{"errors":[{"message":"Forbidden"}]}"#, true),
            (401, "<html>login</html>", true),
            (200, r#"{"errors":[{"message":"Not Authorized"}]}"#, true),
            (200, r#"{"errors":[{"message":"x","extensions":{"code":"UNAUTHENTICATED"}}]}"#, true),
            (200, r#"{"errors":[{"message":"You must be authenticated"},{"message":"Authentication required"}]}"#, false),
            (200, r#"{"errors":[{"message":"GraphQL introspection is not allowed"}]}"#, false),
            (400, r#"{"errors":[{"message":"Cannot query field \"__schema\""}]}"#, false),
            (200, r#"{"data":{"__schema":null},"errors":[{"message":"Not Authorized"}]}"#, false),
            (200, r#"{"data":{"me":null}}"#, false),
            (502, "<html>Bad gateway</html>", false),
        ];
        for (status, text, expected) in cases {
            let headers = vec![("content-type".into(), "application/json".into())];
            let response = net::Response::read("https://api.example/graphql".into(), *status, "HTTP/1.1".into(), headers, text.as_bytes(), None, 0);
            assert_eq!(refused_as_unauthorized(&Outcome::Response(response)).is_some(), *expected, "{status} {text}");
        }
    }

    #[test]
    fn an_authentication_failure_names_the_profile_or_its_absence() {
        let cases = [
            (401, Some("work"), false, "the token of profile \"work\" was not accepted (wrong or expired)"),
            (403, Some("work"), false, "the token of profile \"work\" is not allowed to read the schema"),
            (401, None, true, "the credential in the headers was not accepted"),
            (401, None, false, "it needs a token, and none was sent. Add a token profile for this endpoint"),
        ];
        for (status, profile, typed, expected) in cases {
            let message = unauthorized_message(status, profile, typed);
            assert!(message.contains(expected), "{message}");
            assert!(!message.contains("introspection is disabled"), "{message}");
        }
    }
}
