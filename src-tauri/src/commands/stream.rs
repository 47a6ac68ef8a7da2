//! Subscriptions in a tab: Run on a subscription starts a stream (`Session::subscribe` on a task
//! of its own, which keeps running while the tab is in the background), the page asks for its
//! events in batches (a long poll, as `project_changes`), stops it, and copies it as NDJSON.

use tauri::State;

use crate::ipc::tabs::TabRequest;
use crate::ipc::stream::{StreamEnded, StreamEventsRequest, StreamPage, StreamStartRequest, StreamTransport};
use crate::ipc::IpcError;
use crate::state::{Network, Streams};

/// Most events a stream may keep, whatever is asked (a million log events is some 300 MB).
const MOST_KEPT: u32 = 1_000_000;

/// Most events one answer carries.
const MOST_PER_PAGE: u32 = 5_000;

/// Starts the tab's stream (the one it had stops). Answers once it is under way; when it ends,
/// it goes into the history with its events and how it ended.
#[tauri::command]
pub async fn stream_start(network: State<'_, Network>, streams: State<'_, Streams>, request: StreamStartRequest) -> Result<(), IpcError> {
    let session = network.session()?;
    let operation = super::network::operation_of(&request.run)?;
    let endpoint = if network.is_demo(operation.endpoint.as_str()).await {
        store::EndpointChoice::Demo
    } else {
        store::EndpointChoice::Url { url: operation.endpoint.as_str().to_owned() }
    };
    let stream = streams.start(&request.run.tab, request.keep.clamp(1, MOST_KEPT) as usize);
    let options = connection::StreamOptions {
        protocol: request.transport.into(),
        credentials_in_init: request.credentials_in_init,
        // Multipart is a query's or mutation's `@defer`: never run again after a break.
        reconnect_attempts: if request.transport == StreamTransport::Multipart { 0 } else { connection::StreamOptions::default().reconnect_attempts },
        ..connection::StreamOptions::default()
    };
    tauri::async_runtime::spawn(async move {
        let events = stream.clone();
        let notices = stream.clone();
        let result = session
            .subscribe(
                operation.clone(),
                options,
                &stream.cancel,
                move |payload| {
                    events.push(payload);
                    net::Flow::Continue
                },
                move |notice| notices.reconnecting(notice.message()),
            )
            .await;
        let run = connection::history::stream_record(&operation, endpoint, &result, "app", connection::history::unix_now_ms());
        let recorder = session.clone();
        // A stream is not failed by a history that cannot be written.
        let _ = tauri::async_runtime::spawn_blocking(move || recorder.history().map(|history| history.record(&run))).await;
        stream.end(match result {
            Ok(streamed) => StreamEnded { message: streamed.end.message(), success: streamed.end.is_success() },
            Err(error) => StreamEnded { message: IpcError::from(error).to_string(), success: false },
        });
    });
    Ok(())
}

/// The tab's events after the one asked after: at once when there are some (or the stream
/// ended), else when the next comes.
#[tauri::command]
pub async fn stream_events(streams: State<'_, Streams>, request: StreamEventsRequest) -> Result<StreamPage, IpcError> {
    let Some(stream) = streams.get(&request.tab) else {
        return Ok(StreamPage { events: Vec::new(), total: 0, dropped: 0, ended: None, notice: None, reconnects: 0, answered_at_unix_ms: now_unix_ms() });
    };
    let limit = request.limit.clamp(1, MOST_PER_PAGE) as usize;
    let mut changed = stream.watch();
    loop {
        changed.borrow_and_update();
        let page = StreamPage { answered_at_unix_ms: now_unix_ms(), ..stream.page(request.after, limit) };
        if !page.events.is_empty() || page.ended.is_some() || page.reconnects != request.reconnects {
            return Ok(page);
        }
        if changed.changed().await.is_err() {
            return Ok(page);
        }
    }
}

fn now_unix_ms() -> f64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0.0, |since| since.as_secs_f64() * 1000.0)
}

/// Stops the tab's stream; its events stay.
#[tauri::command]
pub async fn stream_stop(streams: State<'_, Streams>, request: TabRequest) -> Result<(), IpcError> {
    streams.stop(&request.tab);
    Ok(())
}

/// Puts the tab's stream on the clipboard as NDJSON (one `{"seq","receivedAt","payload"}` per
/// event, as `sextant subscribe --format json` prints); answers how many bytes.
#[tauri::command]
pub async fn stream_copy<R: tauri::Runtime>(app: tauri::AppHandle<R>, streams: State<'_, Streams>, request: TabRequest) -> Result<u32, IpcError> {
    let Some(stream) = streams.get(&request.tab) else { return Ok(0) };
    let text = super::blocking(move || Ok(stream.ndjson())).await?;
    let bytes = u32::try_from(text.len()).unwrap_or(u32::MAX);
    super::network::set_clipboard(&app, text).await?;
    Ok(bytes)
}
