//! What the app keeps between commands: one newtype per managed value.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use connection::paths::Paths;
use connection::{Session, SessionConfig};
use demo_server::{DemoConfig, DemoServer};
use language::{Schema, Valid};
use net::{CancellationToken, Outcome};

use crate::ipc::explorer::{ChangeShown, ChangeSummary};
use crate::ipc::project::ProjectShown;
use crate::ipc::stream::{StreamEnded, StreamEventShown, StreamPage};
use crate::ipc::{IpcError, SchemaSource, SchemaStatus};
use crate::response_view::ResponseView;

/// The schema every language command works against, with where it came from.
#[derive(Debug)]
pub struct LoadedSchema {
    pub schema: Arc<Valid<Schema>>,
    pub source: SchemaSource,
    pub loaded_at: SystemTime,
    pub warnings: Vec<String>,
    /// The explorer's index of `schema`, built on its first question.
    index: schema_index::LazyIndex,
    /// How it differs from the endpoint's schema it replaced on a refresh.
    pub changes: Option<(Vec<ChangeShown>, ChangeSummary)>,
}

impl LoadedSchema {
    pub fn new(loaded: schema_cache::LoadedSchema, source: SchemaSource) -> Self {
        LoadedSchema {
            schema: Arc::new(loaded.schema),
            source,
            loaded_at: SystemTime::now(),
            warnings: loaded.warnings,
            index: schema_index::LazyIndex::new(),
            changes: None,
        }
    }

    /// The explorer's index, built now if no question has needed it before.
    pub fn index(&self) -> &schema_index::SchemaIndex {
        self.index.get(&self.schema)
    }

    /// The explorer's index, if a question has built it.
    pub fn index_built(&self) -> Option<&schema_index::SchemaIndex> {
        self.index.built()
    }

    pub fn status(&self) -> SchemaStatus {
        SchemaStatus::new(
            self.source.clone(),
            schema_cache::n_types(&self.schema),
            self.loaded_at,
            self.warnings.clone(),
            self.changes.as_ref().map(|(_, summary)| *summary),
        )
    }
}

/// The current schema, if any, and the endpoint whose schema the window asked for last. The lock
/// is held only to swap or clone, never while a feature runs.
#[derive(Debug, Default)]
pub struct CurrentSchema(Mutex<Current>);

#[derive(Debug, Default)]
struct Current {
    loaded: Option<Arc<LoadedSchema>>,
    /// The endpoint the front tab fetches for; `None` after a schema loaded from a file. A fetch
    /// that ends for another endpoint (a tab in the background, an endpoint left since) fills the
    /// cache but does not become current.
    wanted: Option<String>,
}

impl CurrentSchema {
    /// The schema to answer with, cloned out of the lock.
    pub fn schema(&self) -> Result<Arc<Valid<Schema>>, IpcError> {
        self.loaded().map(|loaded| loaded.schema.clone()).ok_or_else(IpcError::no_schema)
    }

    pub fn loaded(&self) -> Option<Arc<LoadedSchema>> {
        self.lock().loaded.clone()
    }

    /// Makes `loaded` (from a file) the current schema and returns its status; no endpoint's fetch
    /// replaces it until an endpoint is asked for again.
    pub fn replace(&self, loaded: LoadedSchema) -> SchemaStatus {
        let status = loaded.status();
        let previous = {
            let mut current = self.lock();
            current.wanted = None;
            current.loaded.replace(Arc::new(loaded))
        };
        drop(previous);
        release_freed_memory();
        status
    }

    /// The window asks for `url`'s schema. A schema introspected from another endpoint is dropped:
    /// completion and validation must not answer with one API's schema while another is chosen. A
    /// schema from a file stays (it was loaded for an endpoint that cannot be introspected).
    pub fn want(&self, url: &str) {
        let mut current = self.lock();
        current.wanted = Some(url.to_owned());
        if current.loaded.as_ref().is_some_and(|loaded| matches!(&loaded.source, SchemaSource::Endpoint { url: from, .. } if from != url)) {
            let previous = current.loaded.take();
            drop(current);
            drop(previous);
            release_freed_memory();
        }
    }

    /// Makes `loaded`, fetched from `url`, the current schema if `url` is still the endpoint asked
    /// for; returns its status then.
    pub fn replace_if_wanted(&self, loaded: LoadedSchema, url: &str) -> Option<SchemaStatus> {
        let status = loaded.status();
        let previous = {
            let mut current = self.lock();
            if current.wanted.as_deref() != Some(url) {
                return None;
            }
            current.loaded.replace(Arc::new(loaded))
        };
        drop(previous);
        release_freed_memory();
        Some(status)
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Current> {
        lock(&self.0)
    }
}

/// The network side: the session (HTTP client, keychain, profiles, budgets, schema cache), the
/// built-in demo endpoint once started, each tab's request in flight and last response.
pub struct Network {
    session: Result<Arc<Session>, String>,
    demo: tokio::sync::Mutex<Option<DemoServer>>,
    /// Each tab's request in flight: a new Run in a tab cancels that tab's previous one only.
    in_flight: Mutex<HashMap<String, (u64, CancellationToken)>>,
    requests_begun: std::sync::atomic::AtomicU64,
    /// Each tab's schema fetch in flight: a newer one in that tab (another endpoint chosen) or its
    /// Cancel stops it; another tab's goes on (its request is paid for) and fills the cache.
    schema_fetches: Mutex<HashMap<String, SchemaFetch>>,
    responses: Mutex<KeptResponses>,
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
            in_flight: Mutex::default(),
            requests_begun: std::sync::atomic::AtomicU64::new(0),
            schema_fetches: Mutex::default(),
            responses: Mutex::default(),
        }
    }

    pub fn session(&self) -> Result<Arc<Session>, IpcError> {
        self.session.clone().map_err(|message| IpcError::Unavailable { message })
    }

    /// Whether `url` is the built-in demo endpoint's (started already): history keeps it as the
    /// Demo API, whose URL changes between runs.
    pub async fn is_demo(&self, url: &str) -> bool {
        self.demo.lock().await.as_ref().is_some_and(|server| server.url() == url)
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

    /// A cancellation token for a new request of `tab`; cancels that tab's request before it, if
    /// still running (other tabs' requests go on).
    pub fn begin_request(&self, tab: &str) -> (u64, CancellationToken) {
        let number = self.requests_begun.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let token = CancellationToken::new();
        if let Some((_, previous)) = lock(&self.in_flight).insert(tab.to_owned(), (number, token.clone())) {
            previous.cancel();
        }
        (number, token)
    }

    /// `tab`'s request `number` is over: nothing of it is left to cancel.
    pub fn end_request(&self, tab: &str, number: u64) {
        let mut in_flight = lock(&self.in_flight);
        if in_flight.get(tab).is_some_and(|(current, _)| *current == number) {
            in_flight.remove(tab);
        }
    }

    pub fn cancel_request(&self, tab: &str) {
        if let Some((_, token)) = lock(&self.in_flight).remove(tab) {
            token.cancel();
        }
    }

    /// A schema fetch of `endpoint` for `tab`. The tab's fetch of another endpoint (or any, when
    /// `refresh`) is cancelled; one of the same endpoint is waited for instead of paying for a
    /// second introspection (the tab came forward again while it ran).
    pub fn begin_schema_fetch(&self, tab: &str, endpoint: &str, refresh: bool) -> SchemaFetchStart<'_> {
        let mut fetches = lock(&self.schema_fetches);
        if let Some(running) = fetches.get(tab).filter(|running| !refresh && running.endpoint == endpoint && !running.cancel.is_cancelled()) {
            return SchemaFetchStart::After { cancel: running.cancel.clone(), over: running.over.clone() };
        }
        let number = self.requests_begun.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let fetch = SchemaFetch { number, endpoint: endpoint.to_owned(), cancel: CancellationToken::new(), over: CancellationToken::new() };
        let ticket = SchemaFetchStart::Go(SchemaFetching {
            network: self,
            tab: tab.to_owned(),
            number,
            cancel: fetch.cancel.clone(),
            over: fetch.over.clone(),
        });
        if let Some(previous) = fetches.insert(tab.to_owned(), fetch) {
            previous.cancel.cancel();
        }
        ticket
    }

    /// Stops `tab`'s schema fetch, if any (and whatever waits for it); it answers `schemaFetchCancelled`.
    pub fn cancel_schema_fetch(&self, tab: &str) {
        if let Some(fetch) = lock(&self.schema_fetches).remove(tab) {
            fetch.cancel.cancel();
            fetch.over.cancel();
        }
    }

    /// Keeps `tab`'s last response (its outcome, for Copy response, and its shown lines) in place
    /// of the one before; returns its id.
    pub fn keep_response(&self, tab: &str, outcome: Outcome, view: ResponseView) -> u32 {
        let id = lock(&self.responses).keep_run(tab, outcome, view);
        // The run's passing buffers (the body as it came, its layout growing) are free now, in the
        // arenas of the threads that used them: given back, not kept resident (bench/app: 10 tabs
        // of 2 MB, the app process 162 MB before).
        release_freed_memory();
        id
    }

    /// Response `id`'s lines, if it is still kept; it counts as viewed now.
    pub fn response_view(&self, id: u32) -> Option<Arc<ResponseView>> {
        lock(&self.responses).viewed(id).map(|kept| kept.view.clone())
    }

    /// What Copy response copies for response `id`, if it is still kept.
    pub fn response_copy(&self, id: u32) -> Option<ResponseCopy> {
        lock(&self.responses).viewed(id).map(KeptResponse::copy)
    }

    /// A closed tab's request and schema fetch stop, and its response goes.
    pub fn forget_tab(&self, tab: &str) {
        self.cancel_request(tab);
        self.cancel_schema_fetch(tab);
        lock(&self.responses).forget(tab);
    }
}

/// How much laid-out response text all tabs keep together. A body is held twice (as received, and
/// laid out for the pane), so this bounds about twice as much memory; past it the responses viewed
/// least recently are let go (the pane says so and Run brings them back). The newest is always
/// kept, whatever its size.
/// (bench/app: 10 tabs of 2 MB beside an earlier 20 MB one went past 400 MB with 96 MB kept.)
pub const RESPONSE_TEXT_KEPT: usize = 32 * 1024 * 1024;

#[derive(Default)]
struct KeptResponses {
    last_id: u32,
    /// A clock of views: a larger number was viewed more recently.
    clock: u64,
    kept: Vec<KeptResponse>,
}

struct KeptResponse {
    tab: String,
    id: u32,
    viewed: u64,
    /// `None` when Copy response copies `view`'s text.
    outcome: Option<Arc<Outcome>>,
    view: Arc<ResponseView>,
}

impl KeptResponse {
    fn copy(&self) -> ResponseCopy {
        match &self.outcome {
            Some(outcome) => ResponseCopy::Outcome(outcome.clone()),
            None => ResponseCopy::View(self.view.clone()),
        }
    }
}

/// What Copy response copies: the body pretty-printed with its GraphQL errors in it. That is the
/// pane's own text when there are no errors to put back, and then the body as received is not
/// kept beside it (bench/app: 10 tabs of 2 MB held each body twice).
pub enum ResponseCopy {
    View(Arc<ResponseView>),
    Outcome(Arc<Outcome>),
}

impl ResponseCopy {
    /// Whether the pane's layout of `outcome` is what Copy response copies.
    pub fn is_view(outcome: &Outcome) -> bool {
        match outcome.response().map(|response| &response.body) {
            // Listed apart, errors leave the body; a body of nothing at all is `{}` copied, nothing shown.
            Some(net::Body::Graphql(body)) => body.errors.is_empty() && (body.data.is_some() || body.extensions.is_some()),
            Some(net::Body::Text { .. } | net::Body::Empty) | None => true,
        }
    }

    /// The text to copy (the body laid out again, when it is not the pane's).
    pub fn text(&self) -> String {
        match self {
            ResponseCopy::View(view) => view.text().to_owned(),
            ResponseCopy::Outcome(outcome) => crate::ipc::network::response_copy(outcome),
        }
    }
}

impl KeptResponses {
    /// Keeps a run's response: its body held once where Copy response copies what the pane shows.
    fn keep_run(&mut self, tab: &str, outcome: Outcome, view: ResponseView) -> u32 {
        let outcome = (!ResponseCopy::is_view(&outcome)).then(|| Arc::new(outcome));
        self.keep(tab, outcome, Arc::new(view))
    }

    /// Keeps `tab`'s new response in place of its last; answers its id.
    fn keep(&mut self, tab: &str, outcome: Option<Arc<Outcome>>, view: Arc<ResponseView>) -> u32 {
        self.last_id = self.last_id.wrapping_add(1);
        self.clock += 1;
        self.kept.retain(|kept| kept.tab != tab);
        self.kept.push(KeptResponse { tab: tab.to_owned(), id: self.last_id, viewed: self.clock, outcome, view });
        self.bound(RESPONSE_TEXT_KEPT);
        self.last_id
    }

    /// Lets go of the least recently viewed responses until the text kept is within `limit`.
    fn bound(&mut self, limit: usize) {
        let mut total: usize = self.kept.iter().map(|kept| kept.view.text_len()).sum();
        while total > limit && self.kept.len() > 1 {
            let newest = self.last_id;
            let Some(oldest) = self.kept.iter().enumerate().filter(|(_, kept)| kept.id != newest).min_by_key(|(_, kept)| kept.viewed).map(|(at, _)| at)
            else {
                break;
            };
            total -= self.kept.remove(oldest).view.text_len();
        }
    }

    fn viewed(&mut self, id: u32) -> Option<&KeptResponse> {
        self.clock += 1;
        let clock = self.clock;
        let kept = self.kept.iter_mut().find(|kept| kept.id == id)?;
        kept.viewed = clock;
        Some(kept)
    }

    fn forget(&mut self, tab: &str) {
        self.kept.retain(|kept| kept.tab != tab);
    }
}

/// The window's tabs and settings, in the state directory's SQLite file. A file that could not be
/// opened at all is reported by every tab command; the window still works, unsaved.
pub struct Tabs {
    store: Result<store::Store, String>,
    /// Set when a damaged file was moved aside at start.
    notice: Option<String>,
}

impl Tabs {
    pub fn open(paths: Option<&Paths>) -> Tabs {
        let opened = paths
            .ok_or_else(|| "Sextant found no home directory for its files (set HOME).".to_owned())
            .and_then(|paths| store::Store::open(&store::file_in(&paths.state_dir)).map_err(|error| error.to_string()));
        match opened {
            Ok((store, store::Opened::Fine)) => Tabs { store: Ok(store), notice: None },
            Ok((store, store::Opened::Recovered { moved_to, reason })) => Tabs {
                store: Ok(store),
                notice: Some(format!("The saved tabs could not be read ({reason}); the file was moved to {} and new tabs started.", moved_to.display())),
            },
            Err(message) => Tabs { store: Err(message), notice: None },
        }
    }

    pub fn store(&self) -> Result<&store::Store, IpcError> {
        self.store.as_ref().map_err(|message| IpcError::Unavailable { message: format!("Tabs are not saved: {message}") })
    }

    pub fn notice(&self) -> Option<String> {
        self.notice.clone()
    }
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
/// (bench/app: the app process went from 88 to 83 MB PSS on GitHub's schema). It takes a few
/// milliseconds and every arena's lock in turn: done on a blocking thread, not on the async worker
/// that answers a Run or a schema.
fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tauri::async_runtime::spawn_blocking(|| {
        // SAFETY: `malloc_trim` only returns free memory to the OS; it is safe to call at any time.
        unsafe {
            libc::malloc_trim(0);
        }
    });
}

/// A tab's schema fetch in flight: which endpoint, how to stop it, and a token cancelled once it is
/// over (however it ended), which a second fetch of the same endpoint in that tab waits on.
struct SchemaFetch {
    number: u64,
    endpoint: String,
    cancel: CancellationToken,
    over: CancellationToken,
}

/// What a schema fetch does: go out, or wait for the tab's fetch of the same endpoint.
pub enum SchemaFetchStart<'a> {
    Go(SchemaFetching<'a>),
    /// Wait for `over`, then begin again (the cache answers unless that fetch failed); `cancel` is
    /// that fetch's, so that Cancel stops the wait too.
    After { cancel: CancellationToken, over: CancellationToken },
}

/// A schema fetch going out; when it is dropped, it is over (whatever waits for it goes on).
pub struct SchemaFetching<'a> {
    network: &'a Network,
    tab: String,
    number: u64,
    pub cancel: CancellationToken,
    over: CancellationToken,
}

impl Drop for SchemaFetching<'_> {
    fn drop(&mut self) {
        let mut fetches = lock(&self.network.schema_fetches);
        if fetches.get(&self.tab).is_some_and(|fetch| fetch.number == self.number) {
            fetches.remove(&self.tab);
        }
        self.over.cancel();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use connection::display::{Layout, ShownLines};
    use net::{Failure, FailureReason, Timings};

    fn kept(responses: &mut KeptResponses, tab: &str, bytes: usize) -> u32 {
        let outcome = Outcome::Failure(Failure {
            reason: FailureReason::Cancelled,
            message: String::new(),
            url: String::new(),
            partial: None,
            timings: Timings::default(),
            received_bytes: 0,
        });
        let view = ShownLines::new(Layout { text: "x".repeat(bytes), note: None });
        let id = responses.keep(tab, Some(Arc::new(outcome)), Arc::new(view));
        responses.bound(250);
        id
    }

    /// Copy response copies the body with its GraphQL errors in it, pretty-printed, whether the
    /// body is kept beside the pane's text or the pane's text is copied.
    #[test]
    fn copy_response_copies_the_same_text_when_the_body_is_not_kept_twice() {
        let cases = [
            (r#"{"data":{"me":{"name":"Ada"}}}"#, true),
            (r#"{"data":{"me":null},"errors":[{"message":"Not found"}]}"#, false),
            (r#"{"errors":[{"message":"Not Authorized"}]}"#, false),
            (r#"{"data":null,"extensions":{"cost":3}}"#, true),
            (r#"{}"#, true),
            ("<html>Bad gateway</html>\r\n", true),
            ("   ", true),
        ];
        for (text, copies_view) in cases {
            let headers = vec![("content-type".into(), "application/json".into())];
            let outcome = Outcome::Response(net::Response::read("https://api.example/graphql".into(), 200, "HTTP/1.1".into(), headers, text.as_bytes(), None, 0));
            let expected = crate::ipc::network::response_copy(&outcome);
            let view = crate::ipc::network::response_view(&outcome);
            let mut responses = KeptResponses::default();
            let id = responses.keep_run("a", outcome, view);
            let kept = responses.viewed(id).expect("kept");
            assert_eq!(kept.outcome.is_none(), copies_view, "{text}: the body kept only when the copy is not the pane's text");
            assert_eq!(kept.copy().text(), expected, "{text}");
        }
    }

    #[test]
    fn each_tab_keeps_its_last_response_and_the_least_recently_viewed_go_past_the_bound() {
        let mut responses = KeptResponses::default();
        let a = kept(&mut responses, "a", 100);
        let b = kept(&mut responses, "b", 100);
        assert!(responses.viewed(a).is_some() && responses.viewed(b).is_some(), "two tabs, two responses");
        let a_again = kept(&mut responses, "a", 100);
        assert!(responses.viewed(a).is_none(), "a tab's new response replaces its last");
        assert!(responses.viewed(b).is_some());
        // b was viewed after a's new response: c's response pushes a's out, not b's.
        let c = kept(&mut responses, "c", 100);
        assert!(responses.viewed(a_again).is_none(), "the least recently viewed goes past the bound");
        assert!(responses.viewed(b).is_some() && responses.viewed(c).is_some());
        let huge = kept(&mut responses, "d", 1000);
        assert!(responses.viewed(huge).is_some(), "the newest is kept whatever its size");
        assert_eq!(responses.kept.len(), 1);
        responses.forget("d");
        assert!(responses.viewed(huge).is_none(), "a closed tab's response goes");
    }
}

/// The project folder open in the window, if any, and what changed in it on disk since it opened.
pub struct Projects {
    open: Arc<Mutex<Option<OpenFolder>>>,
    /// Every change (a batch from the watcher, another folder opened) raises the generation;
    /// `project_changes` waits on it.
    changes: Arc<tokio::sync::watch::Sender<ChangeLog>>,
    /// A folder given on the command line (`sextant-app DIR`), opened by the window's first
    /// `project_current`.
    launch_dir: Mutex<Option<std::path::PathBuf>>,
}

struct OpenFolder {
    folder: project::folder::Folder,
    /// Stops watching when the folder closes.
    _watch: Option<project::watch::Watch>,
}

/// Batches of changed paths, the newest [`ChangeLog::KEPT`] of them.
#[derive(Debug, Default)]
pub struct ChangeLog {
    pub generation: u64,
    batches: std::collections::VecDeque<(u64, Vec<String>)>,
}

impl ChangeLog {
    const KEPT: usize = 64;

    /// The paths changed after `after`, and whether some of them were no longer kept.
    pub fn since(&self, after: u64) -> (Vec<String>, bool) {
        let lost = self.batches.front().is_some_and(|(first, _)| *first > after + 1) && self.generation > after;
        let mut paths: Vec<String> = Vec::new();
        for (_, batch) in self.batches.iter().filter(|(generation, _)| *generation > after) {
            paths.extend(batch.iter().filter(|path| !paths.contains(path)).cloned().collect::<Vec<_>>());
        }
        (paths, lost)
    }

    fn record(&mut self, paths: Vec<String>) {
        self.generation += 1;
        self.batches.push_back((self.generation, paths));
        while self.batches.len() > Self::KEPT {
            self.batches.pop_front();
        }
    }
}

impl Default for Projects {
    fn default() -> Self {
        Projects { open: Arc::default(), changes: Arc::new(tokio::sync::watch::Sender::new(ChangeLog::default())), launch_dir: Mutex::default() }
    }
}

impl Projects {
    pub fn set_launch_dir(&self, dir: Option<std::path::PathBuf>) {
        *lock(&self.launch_dir) = dir;
    }

    /// The folder given at launch, once.
    pub fn take_launch_dir(&self) -> Option<std::path::PathBuf> {
        lock(&self.launch_dir).take()
    }

    /// Opens `dir` (closing the folder open before) and watches it.
    pub fn open(&self, dir: &std::path::Path) -> Result<ProjectShown, IpcError> {
        let folder = project::folder::open(dir).map_err(|message| IpcError::Project { message })?;
        let (shared, changes) = (Arc::downgrade(&self.open), Arc::downgrade(&self.changes));
        let root = folder.dir.clone();
        let watch = project::watch::watch(&folder.dir, move |paths| {
            let (Some(shared), Some(changes)) = (shared.upgrade(), changes.upgrade()) else { return };
            let mut open = lock(&shared);
            // Told late about a folder closed since: nothing to say.
            let Some(open) = open.as_mut().filter(|open| open.folder.dir == root) else { return };
            let _ = open.folder.reload();
            let relative = paths.iter().filter_map(|path| open.folder.relative(path)).collect();
            changes.send_modify(|log| log.record(relative));
        });
        // A folder that cannot be watched (too many inotify watches) still opens; edits made
        // outside show when a document is opened again.
        let shown = ProjectShown::from(&folder);
        *lock(&self.open) = Some(OpenFolder { folder, _watch: watch.ok() });
        self.changes.send_modify(|log| log.record(Vec::new()));
        Ok(shown)
    }

    pub fn close(&self) {
        *lock(&self.open) = None;
        self.changes.send_modify(|log| log.record(Vec::new()));
    }

    pub fn shown(&self) -> Option<ProjectShown> {
        lock(&self.open).as_ref().map(|open| ProjectShown::from(&open.folder))
    }

    /// Runs `work` on the open folder.
    pub fn reading<T>(&self, work: impl FnOnce(&project::folder::Folder) -> Result<T, IpcError>) -> Result<T, IpcError> {
        let open = lock(&self.open);
        work(&open.as_ref().ok_or_else(no_project)?.folder)
    }

    /// Runs `work` on the open folder and answers with its listing read again.
    pub fn changing<T>(&self, work: impl FnOnce(&project::folder::Folder) -> Result<T, IpcError>) -> Result<(T, ProjectShown), IpcError> {
        let mut open = lock(&self.open);
        let open = open.as_mut().ok_or_else(no_project)?;
        let done = work(&open.folder)?;
        open.folder.reload().map_err(|message| IpcError::Project { message })?;
        Ok((done, ProjectShown::from(&open.folder)))
    }

    pub fn subscribe(&self) -> tokio::sync::watch::Receiver<ChangeLog> {
        self.changes.subscribe()
    }
}

fn no_project() -> IpcError {
    IpcError::Project { message: "No project folder is open.".to_owned() }
}

/// Each tab's subscription stream: the events kept (the newest the person chose to keep), how it
/// ended, and a generation the page's `stream_events` waits on.
#[derive(Default)]
pub struct Streams(Mutex<HashMap<String, Arc<TabStream>>>);

pub struct TabStream {
    pub cancel: CancellationToken,
    /// The newest events kept.
    keep: usize,
    buffer: Mutex<StreamBuffer>,
    changed: tokio::sync::watch::Sender<u64>,
}

#[derive(Default)]
struct StreamBuffer {
    events: std::collections::VecDeque<StreamEventShown>,
    total: u64,
    dropped: u64,
    ended: Option<StreamEnded>,
    notice: Option<String>,
    reconnects: u32,
}

impl TabStream {
    fn new(keep: usize) -> TabStream {
        TabStream { cancel: CancellationToken::new(), keep: keep.max(1), buffer: Mutex::default(), changed: tokio::sync::watch::Sender::new(0) }
    }

    pub fn push(&self, payload: &str) {
        let at_unix_ms = SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_millis() as u64);
        {
            let mut buffer = lock(&self.buffer);
            buffer.total += 1;
            let seq = buffer.total;
            buffer.events.push_back(StreamEventShown { seq, at_unix_ms, payload: payload.to_owned() });
            if buffer.events.len() > self.keep {
                buffer.events.pop_front();
                buffer.dropped += 1;
            }
        }
        self.changed.send_modify(|generation| *generation += 1);
    }

    /// A reconnection under way, counted, and what the person is told of it.
    pub fn reconnecting(&self, notice: String) {
        {
            let mut buffer = lock(&self.buffer);
            buffer.notice = Some(notice);
            buffer.reconnects += 1;
        }
        self.changed.send_modify(|generation| *generation += 1);
    }

    pub fn end(&self, ended: StreamEnded) {
        lock(&self.buffer).ended = Some(ended);
        self.changed.send_modify(|generation| *generation += 1);
    }

    /// The events after `after`, at most `limit`, with the stream's counts.
    pub fn page(&self, after: u64, limit: usize) -> StreamPage {
        let buffer = lock(&self.buffer);
        let first = buffer.events.front().map_or(0, |event| event.seq);
        let skip = usize::try_from((after + 1).saturating_sub(first)).unwrap_or(usize::MAX);
        let events = buffer.events.iter().skip(skip).take(limit).cloned().collect();
        StreamPage {
            events,
            total: buffer.total,
            dropped: buffer.dropped,
            ended: buffer.ended.clone(),
            notice: buffer.notice.clone(),
            reconnects: buffer.reconnects,
            answered_at_unix_ms: 0.0,
        }
    }

    /// Every event kept, as `sextant subscribe --format json` prints them.
    pub fn ndjson(&self) -> String {
        let buffer = lock(&self.buffer);
        let mut text = String::new();
        for event in &buffer.events {
            let at = demo_server::rfc3339(std::time::Duration::from_millis(event.at_unix_ms));
            text.push_str(&format!("{{\"seq\":{},\"receivedAt\":\"{at}\",\"payload\":{}}}\n", event.seq, event.payload));
        }
        text
    }

    pub fn watch(&self) -> tokio::sync::watch::Receiver<u64> {
        self.changed.subscribe()
    }
}

impl Streams {
    /// A new stream for `tab` keeping the newest `keep` events; the one it had stops.
    pub fn start(&self, tab: &str, keep: usize) -> Arc<TabStream> {
        let stream = Arc::new(TabStream::new(keep));
        if let Some(before) = lock(&self.0).insert(tab.to_owned(), stream.clone()) {
            before.cancel.cancel();
        }
        stream
    }

    pub fn get(&self, tab: &str) -> Option<Arc<TabStream>> {
        lock(&self.0).get(tab).cloned()
    }

    /// Stops the tab's stream; its events stay.
    pub fn stop(&self, tab: &str) {
        if let Some(stream) = self.get(tab) {
            stream.cancel.cancel();
        }
    }

    /// A closed tab's stream stops and goes.
    pub fn forget(&self, tab: &str) {
        if let Some(stream) = lock(&self.0).remove(tab) {
            stream.cancel.cancel();
        }
    }
}
