//! What the app keeps between commands: one newtype per managed value.

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use connection::paths::Paths;
use connection::{Session, SessionConfig};
use demo_server::{DemoConfig, DemoServer};
use language::{Schema, Valid};
use net::{CancellationToken, Outcome};

use crate::ipc::{IpcError, SchemaSource, SchemaStatus};
use crate::response_view::ResponseView;

/// The schema every language command works against, with where it came from.
#[derive(Debug)]
pub struct LoadedSchema {
    pub schema: Arc<Valid<Schema>>,
    pub source: SchemaSource,
    pub loaded_at: SystemTime,
    pub warnings: Vec<String>,
}

impl LoadedSchema {
    pub fn new(loaded: schema_cache::LoadedSchema, source: SchemaSource) -> Self {
        LoadedSchema {
            schema: Arc::new(loaded.schema),
            source,
            loaded_at: SystemTime::now(),
            warnings: loaded.warnings,
        }
    }

    pub fn status(&self) -> SchemaStatus {
        SchemaStatus::new(self.source.clone(), schema_cache::n_types(&self.schema), self.loaded_at, self.warnings.clone())
    }
}

/// The current schema, if any. The lock is held only to swap or clone the `Arc`, never while a
/// feature runs.
#[derive(Debug, Default)]
pub struct CurrentSchema(Mutex<Option<Arc<LoadedSchema>>>);

impl CurrentSchema {
    /// The schema to answer with, cloned out of the lock.
    pub fn schema(&self) -> Result<Arc<Valid<Schema>>, IpcError> {
        self.loaded().map(|loaded| loaded.schema.clone()).ok_or_else(IpcError::no_schema)
    }

    pub fn loaded(&self) -> Option<Arc<LoadedSchema>> {
        self.lock().clone()
    }

    /// Makes `loaded` the current schema and returns its status.
    pub fn replace(&self, loaded: LoadedSchema) -> SchemaStatus {
        let status = loaded.status();
        let previous = self.lock().replace(Arc::new(loaded));
        drop(previous);
        release_freed_memory();
        status
    }

    /// Drops a schema introspected from another endpoint than `url`: completion and validation
    /// must not answer with one API's schema while another is chosen. A schema from a file stays
    /// (it was loaded for an endpoint that cannot be introspected).
    pub fn forget_other_endpoint(&self, url: &str) {
        let mut current = self.lock();
        if current.as_ref().is_some_and(|loaded| matches!(&loaded.source, SchemaSource::Endpoint { url: from, .. } if from != url)) {
            *current = None;
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<LoadedSchema>>> {
        lock(&self.0)
    }
}

/// The network side: the session (HTTP client, keychain, profiles, budgets, schema cache), the
/// built-in demo endpoint once started, the request in flight and the last response's lines.
pub struct Network {
    session: Result<Arc<Session>, String>,
    demo: tokio::sync::Mutex<Option<DemoServer>>,
    in_flight: InFlight,
    /// The schema fetch in flight: a newer one (another endpoint chosen) or Cancel stops it, so
    /// that a slow introspection's answer or timeout never lands on the endpoint chosen since.
    schema_fetch: InFlight,
    response: Mutex<LastResponse>,
}

impl Network {
    /// Opens the session over `paths`; a failure is reported by every command that needs it.
    pub fn open(paths: Option<Paths>, config: SessionConfig) -> Network {
        let session = paths
            .ok_or_else(|| "Sextant found no home directory for its files (set HOME).".to_owned())
            .and_then(|paths| Session::open(paths, config).map_err(|error| error.to_string()))
            .map(Arc::new);
        Network {
            session,
            demo: tokio::sync::Mutex::new(None),
            in_flight: InFlight::default(),
            schema_fetch: InFlight::default(),
            response: Mutex::new(LastResponse::default()),
        }
    }

    pub fn session(&self) -> Result<Arc<Session>, IpcError> {
        self.session.clone().map_err(|message| IpcError::Unavailable { message })
    }

    /// The demo endpoint's URL, starting its server on loopback the first time.
    pub async fn demo_url(&self) -> Result<String, IpcError> {
        let mut demo = self.demo.lock().await;
        if let Some(server) = demo.as_ref() {
            return Ok(server.url());
        }
        let server = start_demo().await.map_err(|error| IpcError::Demo {
            message: format!("The demo endpoint could not start on 127.0.0.1: {error}"),
        })?;
        let url = server.url();
        *demo = Some(server);
        Ok(url)
    }

    /// A cancellation token for a new request; cancels the one before it, if still running.
    pub fn begin_request(&self) -> CancellationToken {
        self.in_flight.begin()
    }

    pub fn cancel_request(&self) {
        self.in_flight.cancel();
    }

    /// A cancellation token for a new schema fetch; cancels the one before it, if still running.
    pub fn begin_schema_fetch(&self) -> CancellationToken {
        self.schema_fetch.begin()
    }

    pub fn cancel_schema_fetch(&self) {
        self.schema_fetch.cancel();
    }

    /// Keeps the last response (its outcome, for Copy response, and its shown lines); returns its id.
    pub fn keep_response(&self, outcome: Outcome, view: ResponseView) -> u32 {
        let mut last = lock(&self.response);
        let id = last.id.wrapping_add(1);
        *last = LastResponse { id, outcome: Some(Arc::new(outcome)), view: Arc::new(view) };
        id
    }

    /// The last response's lines, if it is still `id`.
    pub fn response_view(&self, id: u32) -> Option<Arc<ResponseView>> {
        let last = lock(&self.response);
        (last.id == id).then(|| last.view.clone())
    }

    /// The last response's outcome, if it is still `id`.
    pub fn response_outcome(&self, id: u32) -> Option<Arc<Outcome>> {
        let last = lock(&self.response);
        if last.id == id { last.outcome.clone() } else { None }
    }
}

#[derive(Default)]
struct LastResponse {
    id: u32,
    outcome: Option<Arc<Outcome>>,
    view: Arc<ResponseView>,
}

/// The demo endpoint listens on a fixed loopback port when it is free, so that its cached schema
/// and rate-limit budget are found again after a restart; on another port otherwise.
const DEMO_PORT: u16 = 47_913;

/// The in-app Demo API: the GraphQL path only. Its control and request-log endpoints are not
/// served (any local process, or a web page rebinding a name to 127.0.0.1, could reach them), and
/// it answers only requests addressed to a loopback host name.
fn demo_config() -> DemoConfig {
    DemoConfig { control_endpoints: false, ..DemoConfig::default() }
}

async fn start_demo() -> std::io::Result<DemoServer> {
    let loopback = std::net::Ipv4Addr::LOCALHOST;
    match DemoServer::start(demo_config(), (loopback, DEMO_PORT).into()).await {
        Ok(server) => Ok(server),
        Err(_) => DemoServer::start(demo_config(), (loopback, 0).into()).await,
    }
}

/// A panic elsewhere cannot leave these values half-written (each is swapped whole): keep using them.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// Reading a large schema allocates several times its final size on worker threads; glibc keeps
/// what was freed in per-thread arenas. Handing it back keeps the app's footprint to what it uses
/// (bench/app: the app process went from 88 to 83 MB PSS on GitHub's schema). Takes a few
/// milliseconds; callers are off the main thread.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: `malloc_trim` only returns free memory to the OS; it is safe to call at any time.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// One kind of work of which only the newest runs: beginning another cancels the one before.
#[derive(Debug, Default)]
struct InFlight(Mutex<Option<CancellationToken>>);

impl InFlight {
    fn begin(&self) -> CancellationToken {
        let token = CancellationToken::new();
        if let Some(previous) = lock(&self.0).replace(token.clone()) {
            previous.cancel();
        }
        token
    }

    fn cancel(&self) {
        if let Some(token) = lock(&self.0).take() {
            token.cancel();
        }
    }
}
