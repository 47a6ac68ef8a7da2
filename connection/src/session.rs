//! Sending an operation as a person means it: with the chosen profile's token (fetched from the
//! keychain, attached only at its own origin), past the rate-limit gate, recording the budget the
//! answer reports. Schemas come from the cache unless a refresh is asked for, because an
//! introspection costs a request like any other.

use std::sync::Mutex;

use keychain::{KeychainError, TokenStore};
use net::{CancellationToken, Client, Credential, Endpoint, GraphqlRequest, Origin, Outcome};
use ratelimit::book::{Budget, BudgetBook, BudgetKey, ClosedReason, Gate};
use schema_cache::LoadedSchema;
use schema_cache::cache::{CacheKey, CacheLookup, CredentialIdentity, SchemaCache, unix_now};
use schema_cache::introspection::{self, IntrospectionEdition, IntrospectionError};
use secret::Secret;
use serde::Serialize;

use crate::paths::Paths;
use crate::profiles::{AuthScheme, Profile, ProfileBook, ProfileError};

/// The keychain service name under which Sextant's tokens live.
pub const KEYCHAIN_SERVICE: &str = "sextant";

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

/// One per app: the HTTP client, the keychain, the profiles, the budgets and the schema cache.
pub struct Session {
    paths: Paths,
    client: Client,
    tokens: TokenStore,
    profiles: Mutex<ProfileBook>,
    budgets: Mutex<BudgetBook>,
    schemas: SchemaCache,
    low_budget_threshold: u64,
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
    /// The token profile whose token goes with the request.
    pub profile: Option<String>,
    pub document: String,
    pub operation_name: Option<String>,
    pub variables: serde_json::Value,
    /// Headers typed by the person. They may hold credentials, so they are bound to the
    /// endpoint's origin like a profile's token, and never printed.
    pub headers: Vec<(String, String)>,
    /// Send even while a `Retry-After` is in force or the budget is used up.
    pub override_rate_limit: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct Sent {
    pub outcome: Outcome,
    /// The budget as known after this answer.
    pub budget: Option<Budget>,
    /// Set when the remaining budget is low.
    pub warning: Option<String>,
}

/// Why nothing was sent.
#[derive(Debug, Clone, thiserror::Error, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum SendError {
    #[error("{}", rate_limited_message(*.reason, *.seconds_left))]
    RateLimited { until: u64, seconds_left: u64, reason: ClosedReasonName },
    #[error(transparent)]
    Profile(ProfileError),
    #[error("profile {profile:?} has no token yet: set one (`sextant token set {profile}`)")]
    NoToken { profile: String },
    #[error("profile {profile:?} is bound to {profile_origin}; its token is not sent to {endpoint_origin}")]
    OriginMismatch { profile: String, profile_origin: String, endpoint_origin: String },
    #[error("{0}")]
    Keychain(KeychainError),
    #[error("the header {name:?} is empty or has a line break")]
    InvalidHeader { name: String },
}

/// [`ClosedReason`] for serialization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClosedReasonName {
    RetryAfter,
    BudgetUsedUp,
}

fn rate_limited_message(reason: ClosedReasonName, seconds_left: u64) -> String {
    let wait = ratelimit::book::describe_seconds(seconds_left);
    match reason {
        ClosedReasonName::RetryAfter => format!("the server asked to wait (Retry-After): {wait} left; not sent"),
        ClosedReasonName::BudgetUsedUp => format!("the rate-limit budget is used up until its reset in {wait}; not sent"),
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
    #[error("introspection is disabled on this server ({}): load the schema from a file instead", .messages.join("; "))]
    IntrospectionDisabled { messages: Vec<String>, sent: Box<Sent> },
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
            client,
            paths,
            low_budget_threshold: config.low_budget_threshold,
        })
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    pub fn profiles(&self) -> Vec<Profile> {
        self.profiles.lock().unwrap().list().to_vec()
    }

    /// Adds a profile bound to `origin_url`'s origin.
    pub fn add_profile(&self, name: &str, origin_url: &Endpoint, auth: AuthScheme) -> Result<Profile, ProfileError> {
        let profile = Profile { name: name.to_owned(), origin: origin_url.origin().to_string(), auth };
        let mut profiles = self.profiles.lock().unwrap();
        let mut updated = profiles.clone();
        updated.add(profile.clone())?;
        updated.save(&self.paths.profiles_file())?;
        *profiles = updated;
        Ok(profile)
    }

    /// Removes a profile and its token. Blocks on the keychain.
    pub fn remove_profile(&self, name: &str) -> Result<Profile, SendError> {
        let mut profiles = self.profiles.lock().unwrap();
        let mut updated = profiles.clone();
        let removed = updated.remove(name).map_err(SendError::Profile)?;
        self.tokens.delete(name).map_err(SendError::Keychain)?;
        updated.save(&self.paths.profiles_file()).map_err(SendError::Profile)?;
        *profiles = updated;
        Ok(removed)
    }

    /// Stores the profile's token in the keychain. Blocks on the keychain.
    pub fn set_token(&self, profile: &str, token: &Secret) -> Result<(), SendError> {
        self.profile(profile)?;
        self.tokens.set(profile, token).map_err(SendError::Keychain)
    }

    /// Deletes the profile's token; `false` when there was none. Blocks on the keychain.
    pub fn delete_token(&self, profile: &str) -> Result<bool, SendError> {
        self.profile(profile)?;
        self.tokens.delete(profile).map_err(SendError::Keychain)
    }

    /// Whether the profile has a token. Blocks on the keychain. There is deliberately no way to
    /// read a token back out of a session.
    pub fn has_token(&self, profile: &str) -> Result<bool, SendError> {
        self.profile(profile)?;
        self.tokens.is_set(profile).map_err(SendError::Keychain)
    }

    fn profile(&self, name: &str) -> Result<Profile, SendError> {
        self.profiles.lock().unwrap().get(name).cloned().map_err(SendError::Profile)
    }

    pub fn budget(&self, endpoint: &Endpoint, profile: Option<&str>) -> Option<Budget> {
        self.budgets.lock().unwrap().get(&budget_key(endpoint, profile)).cloned()
    }

    pub fn gate(&self, endpoint: &Endpoint, profile: Option<&str>) -> Gate {
        self.budgets.lock().unwrap().gate(&budget_key(endpoint, profile), unix_now())
    }

    /// Sends one operation. The keychain is read on a blocking thread.
    pub async fn send(&self, operation: Operation, cancel: &CancellationToken) -> Result<Sent, SendError> {
        let key = budget_key(&operation.endpoint, operation.profile.as_deref());
        if !operation.override_rate_limit
            && let Gate::Closed { until, seconds_left, reason } = self.budgets.lock().unwrap().gate(&key, unix_now())
        {
            let reason = match reason {
                ClosedReason::RetryAfter => ClosedReasonName::RetryAfter,
                ClosedReason::BudgetUsedUp => ClosedReasonName::BudgetUsedUp,
            };
            return Err(SendError::RateLimited { until, seconds_left, reason });
        }

        let endpoint_origin = operation.endpoint.origin();
        let mut request = GraphqlRequest::new(operation.endpoint.clone(), operation.document)
            .with_variables(operation.variables);
        if let Some(name) = operation.operation_name {
            request = request.with_operation_name(name);
        }
        for (name, value) in operation.headers {
            let value = Secret::new(value).ok_or_else(|| SendError::InvalidHeader { name: name.clone() })?;
            request = request.with_credential(Credential::header(name, value, endpoint_origin.clone()));
        }
        if let Some(profile_name) = &operation.profile {
            request = request.with_credential(self.credential(profile_name, &endpoint_origin).await?);
        }

        let outcome = self.client.send(&request, cancel).await;
        let (budget, warning) = match &outcome {
            Outcome::Response(response) => {
                let now = unix_now();
                let mut budgets = self.budgets.lock().unwrap();
                budgets.record(&key, &response.rate_limit, response.status, now);
                // Losing a budget update is harmless; the next answer brings a fresh one.
                let _ = budgets.save(&self.paths.budgets_file());
                (budgets.get(&key).cloned(), budgets.low_budget_warning(&key, self.low_budget_threshold, now))
            }
            Outcome::Failure(_) => (self.budgets.lock().unwrap().get(&key).cloned(), None),
        };
        Ok(Sent { outcome, budget, warning })
    }

    async fn credential(&self, profile_name: &str, endpoint_origin: &Origin) -> Result<Credential, SendError> {
        let profile = self.profile(profile_name)?;
        if profile.origin != endpoint_origin.to_string() {
            return Err(SendError::OriginMismatch {
                profile: profile.name,
                profile_origin: profile.origin,
                endpoint_origin: endpoint_origin.to_string(),
            });
        }
        let tokens = self.tokens.clone();
        let name = profile.name.clone();
        let token = tokio::task::spawn_blocking(move || tokens.get(&name))
            .await
            .unwrap_or_else(|_| Err(KeychainError::Other { message: "the keychain call was interrupted".into() }))
            .map_err(SendError::Keychain)?
            .ok_or_else(|| SendError::NoToken { profile: profile.name.clone() })?;
        Ok(match &profile.auth {
            AuthScheme::Bearer => Credential::bearer(&token, endpoint_origin.clone()),
            AuthScheme::Header { name } => Credential::header(name.clone(), token, endpoint_origin.clone()),
        })
    }

    /// The schema of `endpoint` as `profile` sees it: from the cache, unless `refresh` is set or
    /// there is no usable cached copy; then by introspection, stepping down to older spec editions
    /// when the server rejects newer introspection fields, and stored in the cache.
    pub async fn schema(
        &self,
        endpoint: &Endpoint,
        profile: Option<&str>,
        refresh: bool,
        cancel: &CancellationToken,
    ) -> Result<FetchedSchema, SchemaError> {
        let key = cache_key(endpoint, profile);
        let mut cache_note = None;
        if !refresh {
            match self.schemas.load(&key) {
                CacheLookup::Hit(cached) => {
                    let age_seconds = schema_cache::cache::age(cached.fetched_at, unix_now()).as_secs();
                    return Ok(FetchedSchema {
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
                profile: profile.map(str::to_owned),
                document: introspection::query(edition),
                operation_name: Some("IntrospectionQuery".into()),
                variables: serde_json::Value::Null,
                headers: Vec::new(),
                override_rate_limit: false,
            };
            let sent = self.send(operation, cancel).await.map_err(SchemaError::NotSent)?;
            let Some(body) = sent.outcome.response().and_then(|response| response.graphql()) else {
                let message = sent.outcome.summary().unwrap_or("the server did not answer with GraphQL JSON").to_owned();
                return Err(SchemaError::NoSchema { message, sent: Box::new(sent) });
            };
            let messages: Vec<String> = body.error_messages().map(str::to_owned).collect();
            if body.data.as_ref().is_none_or(|data| data.get("__schema").is_none()) {
                if let Some(older) = introspection::fallback_after(edition, &messages) {
                    edition = older;
                    sent_all.push(sent);
                    continue;
                }
                if messages.is_empty() {
                    return Err(SchemaError::NoSchema { message: "the answer holds no `__schema`".into(), sent: Box::new(sent) });
                }
                return Err(SchemaError::IntrospectionDisabled { messages, sent: Box::new(sent) });
            }
            let response_body = serde_json::to_vec(&serde_json::json!({ "data": body.data })).expect("JSON serializes");
            let model = match introspection::parse_response(&response_body) {
                Ok(model) => model,
                Err(error) => return Err(no_schema(error, sent)),
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
            return Ok(FetchedSchema { loaded, source: SchemaSource::Fetched { fetched_at, edition }, cache_note, sent: sent_all });
        }
    }
}

fn no_schema(error: IntrospectionError, sent: Sent) -> SchemaError {
    SchemaError::NoSchema { message: error.to_string(), sent: Box::new(sent) }
}

fn budget_key(endpoint: &Endpoint, profile: Option<&str>) -> BudgetKey {
    BudgetKey { endpoint: endpoint.as_str().to_owned(), profile: profile.map(str::to_owned) }
}

fn cache_key(endpoint: &Endpoint, profile: Option<&str>) -> CacheKey {
    let identity = profile.map_or(CredentialIdentity::Anonymous, |name| CredentialIdentity::Profile(name.to_owned()));
    CacheKey::new(endpoint.as_str(), identity)
}
