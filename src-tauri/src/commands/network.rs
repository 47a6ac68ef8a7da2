//! Requests: the demo endpoint, schemas from endpoints, Run and its response, the rate limit.

use connection::{Operation, SchemaRequest, SchemaSource as FetchedFrom};
use net::Endpoint;
use tauri::State;

use crate::ipc::network::{
    self, CompareVersionRequest, CopyCurlRequest, CurlRead, EndpointRequest, ReadCurlRequest, FetchSchemaRequest, HeadersKept, SchemaVersionShown, HeadersRequest, RateLimitShown, ResponseFindRequest, ResponseFound,
    ResponseLinesRequest, RunRequest, RunResult,
};
use crate::ipc::explorer::ChangeShown;
use crate::ipc::tabs::TabRequest;
use crate::ipc::{self, IpcError, SchemaSource, SchemaStatus};
use crate::state::{CurrentSchema, LoadedSchema, Network, SchemaFetchStart};

/// The built-in demo endpoint's URL; its server starts on loopback the first time.
#[tauri::command]
pub async fn demo_endpoint(network: State<'_, Network>) -> Result<String, IpcError> {
    network.demo_url().await
}

/// The endpoint's schema, from the cache unless `refresh`, made the current schema.
#[tauri::command]
pub async fn fetch_schema(
    network: State<'_, Network>,
    current: State<'_, CurrentSchema>,
    request: FetchSchemaRequest,
) -> Result<SchemaStatus, IpcError> {
    let session = network.session()?;
    let endpoint = Endpoint::parse(&request.target.endpoint)?;
    let schema_request = SchemaRequest {
        endpoint: endpoint.clone(),
        credentials: request.target.credentials()?,
        refresh: request.refresh,
        override_rate_limit: request.override_rate_limit,
    };
    current.want(endpoint.as_str());
    let fetching = loop {
        match network.begin_schema_fetch(&request.tab, endpoint.as_str(), request.refresh) {
            SchemaFetchStart::Go(fetching) => break fetching,
            SchemaFetchStart::After { cancel, over } => {
                over.cancelled().await;
                if cancel.is_cancelled() {
                    return Err(cancelled());
                }
            }
        }
    };
    let fetched = session.schema(schema_request, &fetching.cancel).await;
    // Cancelled (another endpoint chosen in this tab since, or Cancel): neither its schema nor its
    // failure belongs to what the window shows now.
    if fetching.cancel.is_cancelled() {
        return Err(cancelled());
    }
    drop(fetching);
    let fetched = fetched?;
    let (from_cache, fetched_at) = match fetched.source {
        FetchedFrom::Cache { fetched_at, .. } => (true, fetched_at),
        FetchedFrom::Fetched { fetched_at, .. } => (false, fetched_at),
    };
    let source = SchemaSource::Endpoint {
        url: endpoint.as_str().to_owned(),
        from_cache,
        fetched_at_unix_ms: fetched_at.saturating_mul(1000),
    };
    let mut loaded = LoadedSchema::new(fetched.loaded, source);
    loaded.warnings.extend(fetched.cache_note);
    // Introspected again in place of this endpoint's schema in use: what changed.
    let before = current.loaded().filter(|before| {
        !from_cache && matches!(&before.source, SchemaSource::Endpoint { url, .. } if url == endpoint.as_str())
    });
    if let Some(before) = before {
        let since = match before.source {
            SchemaSource::Endpoint { fetched_at_unix_ms, .. } => fetched_at_unix_ms as f64,
            SchemaSource::File { .. } => 0.0,
        };
        loaded = super::blocking(move || {
            loaded.changes = Some(crate::ipc::explorer::changes(&before.schema, &loaded.schema, since));
            Ok(loaded)
        })
        .await?;
    }
    // Fetched for a tab in the background, or an endpoint left since: cached, not current.
    current.replace_if_wanted(loaded, endpoint.as_str()).ok_or_else(|| IpcError::SchemaFetchCancelled {
        message: "Another endpoint was chosen while this schema was fetched; it is in the cache for when it comes back.".to_owned(),
    })
}

/// The earlier versions of the endpoint's schema the cache keeps (newest first), for "Compare with…".
#[tauri::command]
pub async fn schema_versions(network: State<'_, Network>, request: EndpointRequest) -> Result<Vec<SchemaVersionShown>, IpcError> {
    let session = network.session()?;
    let endpoint = Endpoint::parse(&request.endpoint)?;
    let versions = session.schema_versions(&endpoint, &request.credentials()?).await?;
    Ok(versions
        .into_iter()
        .map(|version| SchemaVersionShown {
            id: version.id,
            fetched_at_unix_ms: version.fetched_at.saturating_mul(1000),
            hash: version.content_hash_prefix.chars().take(8).collect(),
        })
        .collect())
}

/// How the schema in use differs from an earlier version of its endpoint's schema.
#[tauri::command]
pub async fn compare_schema_version(
    network: State<'_, Network>,
    current: State<'_, CurrentSchema>,
    request: CompareVersionRequest,
) -> Result<Vec<ChangeShown>, IpcError> {
    let session = network.session()?;
    let endpoint = Endpoint::parse(&request.target.endpoint)?;
    let loaded = current.loaded().ok_or_else(IpcError::no_schema)?;
    if !matches!(&loaded.source, SchemaSource::Endpoint { url, .. } if url == endpoint.as_str()) {
        return Err(IpcError::NotFound { message: format!("The schema in use is not {}'s: fetch it first.", endpoint.as_str()) });
    }
    let (earlier, fetched_at) = session
        .schema_version(&endpoint, &request.target.credentials()?, &request.id)
        .await?
        .ok_or_else(|| IpcError::NotFound { message: "That version of the schema is no longer kept, or cannot be read.".to_owned() })?;
    super::blocking(move || Ok(crate::ipc::explorer::changes(&earlier.schema, &loaded.schema, fetched_at as f64 * 1000.0).0)).await
}

fn cancelled() -> IpcError {
    IpcError::SchemaFetchCancelled { message: "The schema fetch was cancelled.".to_owned() }
}

/// The operation Run sends from `document`: the one under the cursor, else the picker's, else the
/// only one. Decided on the document as sent, not on the picker's view of an older one.
/// What Run (and a subscription's Run) sends: the operation under the cursor, else the picker's.
pub(crate) fn operation_of(request: &RunRequest) -> Result<Operation, IpcError> {
    Ok(Operation {
        endpoint: Endpoint::parse(&request.target.endpoint)?,
        credentials: request.target.credentials()?,
        document: request.document.clone(),
        operation_name: operation_to_send(&request.document, request.cursor_utf16, request.operation_name.as_deref())?,
        variables: ipc::parse_variables(&request.variables_json)?,
        override_rate_limit: request.override_rate_limit,
    })
}

fn operation_to_send(document: &str, cursor_utf16: u32, picked: Option<&str>) -> Result<Option<String>, IpcError> {
    let cursor = ipc::byte_offset(document, cursor_utf16);
    let operations = language::operations::operations(document);
    let operation_name = language::operations::operation_to_run_of(&operations, cursor, picked);
    let n_operations = operations.len();
    if operation_name.is_none() && n_operations > 1 {
        return Err(IpcError::NoOperationChosen {
            message: format!("The document has {n_operations} operations: put the cursor in the one to run, or choose it above the editor."),
        });
    }
    Ok(operation_name)
}

/// "Copy as curl": the command that sends what Run would send, on the clipboard (and answered).
/// The profile's token is `$SEXTANT_TOKEN` and a typed credential header a variable: the window
/// never writes a secret out.
#[tauri::command]
pub async fn copy_as_curl<R: tauri::Runtime>(app: tauri::AppHandle<R>, network: State<'_, Network>, request: CopyCurlRequest) -> Result<String, IpcError> {
    let session = network.session()?;
    let operation = Operation {
        endpoint: Endpoint::parse(&request.target.endpoint)?,
        credentials: connection::Credentials { profile: request.target.profile.clone(), headers: Vec::new() },
        operation_name: operation_to_send(&request.document, request.cursor_utf16, request.operation_name.as_deref())?,
        document: request.document,
        variables: ipc::parse_variables(&request.variables_json)?,
        override_rate_limit: false,
    };
    let headers: Vec<connection::curl::GivenHeader> = network::parse_headers(&request.target.headers_json)?
        .into_iter()
        .map(|(name, value)| connection::curl::GivenHeader { name, value, template: false })
        .collect();
    let text = session.curl_command(&operation, &headers, false).await?;
    set_clipboard(&app, text.clone()).await?;
    Ok(text)
}

/// A pasted curl command read into what a new tab needs (nothing is run or sent).
#[tauri::command]
pub async fn read_curl(request: ReadCurlRequest) -> Result<CurlRead, IpcError> {
    let read = connection::curl::parse(&request.text).map_err(|error| IpcError::NotCurl { message: ipc::sentence(format!("Not opened as a request: {error}")) })?;
    let endpoint = Endpoint::parse(&read.url)?;
    let headers_json = (!read.headers.is_empty()).then(|| {
        let object: serde_json::Map<String, serde_json::Value> = read.headers.into_iter().map(|(name, value)| (name, value.into())).collect();
        serde_json::to_string_pretty(&object).unwrap_or_default()
    });
    Ok(CurlRead {
        origin: endpoint.origin().to_string(),
        endpoint: endpoint.as_str().to_owned(),
        document: read.document,
        operation_name: read.operation_name,
        variables_json: read.variables,
        headers_json,
    })
}

#[tauri::command]
pub async fn run(network: State<'_, Network>, request: RunRequest) -> Result<RunResult, IpcError> {
    let session = network.session()?;
    let operation = operation_of(&request)?;
    let (number, cancel) = network.begin_request(&request.tab);
    let sent = session.send(operation.clone(), &cancel).await;
    network.end_request(&request.tab, number);
    let endpoint = if network.is_demo(operation.endpoint.as_str()).await {
        store::EndpointChoice::Demo
    } else {
        store::EndpointChoice::Url { url: operation.endpoint.as_str().to_owned() }
    };
    let run = connection::history::run_record(&operation, endpoint, &sent, "app", connection::history::unix_now_ms());
    // The history is written off the async workers; a run is not failed by a history that cannot be.
    let recorder = session.clone();
    let recorded = super::blocking(move || Ok(recorder.history().and_then(|history| history.record(&run).map_err(|error| error.to_string())))).await?;
    let history_note = recorded.err().map(|message| format!("This run is not in the history: {message}"));
    let sent = sent?;
    // Laying out a large body takes tens of milliseconds: not on an async worker.
    let (sent, view) = super::blocking(move || {
        let view = network::response_view(&sent.outcome);
        Ok((sent, view))
    })
    .await?;
    let outcome = network::run_outcome(&sent.outcome, &view);
    let rate_limit = sent.budget.as_ref().map(|budget| RateLimitShown::new(budget, sent.gate.clone()));
    let response_id = network.keep_response(&request.tab, sent.outcome, view);
    Ok(RunResult { response_id, outcome, rate_limit, warning: sent.warning, history_note })
}

/// Stops the tab's schema fetch in flight, if any; it answers with `schemaFetchCancelled`.
#[tauri::command]
pub async fn cancel_schema_fetch(network: State<'_, Network>, request: TabRequest) -> Result<(), IpcError> {
    network.cancel_schema_fetch(&request.tab);
    Ok(())
}

/// Stops the tab's request in flight, if any; its Run answers with a "cancelled" failure.
#[tauri::command]
pub async fn cancel_run(network: State<'_, Network>, request: TabRequest) -> Result<(), IpcError> {
    network.cancel_request(&request.tab);
    Ok(())
}

/// The lines of a response that hold the text; the body stays here, the page gets line numbers.
#[tauri::command]
pub async fn response_find(network: State<'_, Network>, request: ResponseFindRequest) -> Result<ResponseFound, IpcError> {
    let Some(view) = network.response_view(request.response_id) else { return Ok(ResponseFound { lines: Vec::new(), more: false }) };
    // A 20 MB body takes tens of milliseconds to search: not on an async worker.
    super::blocking(move || {
        let (lines, more) = view.find(&request.query, request.limit as usize);
        Ok(ResponseFound { lines: lines.into_iter().map(|line| line as u32).collect(), more })
    })
    .await
}

/// Whether response `response_id` is still kept (a tab's response may have been let go to bound
/// memory; Run brings it back).
#[tauri::command]
pub async fn response_kept(network: State<'_, Network>, request: ResponseLinesRequest) -> Result<bool, IpcError> {
    Ok(network.response_view(request.response_id).is_some())
}

/// Lines `from..to` of a tab's last response, for the lines on screen.
#[tauri::command]
pub async fn response_lines(network: State<'_, Network>, request: ResponseLinesRequest) -> Result<Vec<String>, IpcError> {
    Ok(network
        .response_view(request.response_id)
        .map(|view| view.lines(request.from as usize..request.to as usize))
        .unwrap_or_default())
}

/// The last response's whole body (GraphQL errors included), pretty-printed, for Copy response.
#[tauri::command]
pub async fn response_text(network: State<'_, Network>, request: ResponseLinesRequest) -> Result<String, IpcError> {
    let Some(copy) = network.response_copy(request.response_id) else { return Ok(String::new()) };
    super::blocking(move || Ok(copy.text())).await
}

/// Puts the whole body of response `response_id` (GraphQL errors included, pretty-printed) on the
/// clipboard; answers its size in bytes. An older response is refused: the page shows another.
#[tauri::command]
pub async fn copy_response<R: tauri::Runtime>(
    app: tauri::AppHandle<R>,
    network: State<'_, Network>,
    request: ResponseLinesRequest,
) -> Result<u32, IpcError> {
    let Some(copy) = network.response_copy(request.response_id) else {
        return Err(IpcError::Clipboard { message: "That response is no longer the one shown; run again.".to_owned() });
    };
    let text = super::blocking(move || Ok(copy.text())).await?;
    let bytes = u32::try_from(text.len()).unwrap_or(u32::MAX);
    set_clipboard(&app, text).await?;
    Ok(bytes)
}

/// Puts `text` on the system clipboard through GTK, on the main thread where GTK lives (X11 and
/// Wayland alike); the app owns it while it runs. (Not `store()`d: handing 20 MB to a clipboard
/// manager would hold the main thread.)
#[cfg(target_os = "linux")]
pub(crate) async fn set_clipboard<R: tauri::Runtime>(app: &tauri::AppHandle<R>, text: String) -> Result<(), IpcError> {
    let (done, set) = tokio::sync::oneshot::channel();
    app.run_on_main_thread(move || {
        let clipboard = gtk::Clipboard::get(&gtk::gdk::SELECTION_CLIPBOARD);
        clipboard.set_text(&text);
        let _ = done.send(());
    })
    .map_err(|error| IpcError::Clipboard { message: format!("The clipboard could not be reached: {error}") })?;
    set.await.map_err(|_| IpcError::Clipboard { message: "The clipboard could not be reached.".to_owned() })
}

#[cfg(not(target_os = "linux"))]
pub(crate) async fn set_clipboard<R: tauri::Runtime>(_app: &tauri::AppHandle<R>, _text: String) -> Result<(), IpcError> {
    Err(IpcError::Clipboard { message: "Copy response is not available on this system yet.".to_owned() })
}

/// The rate-limit panel of an endpoint with these credentials, as the last answer left it.
#[tauri::command]
pub async fn rate_limit(network: State<'_, Network>, request: EndpointRequest) -> Result<Option<RateLimitShown>, IpcError> {
    let session = network.session()?;
    let endpoint = Endpoint::parse(&request.endpoint)?;
    let (budget, gate) = session.budget(&endpoint, &request.credentials()?).await?;
    Ok(budget.map(|budget| RateLimitShown::new(&budget, gate)))
}

/// Which headers of the Headers editor carry credentials, and the text that may be kept on disk.
#[tauri::command]
pub async fn headers_kept(request: HeadersRequest) -> Result<HeadersKept, IpcError> {
    Ok(HeadersKept::of(&request.headers_json))
}
