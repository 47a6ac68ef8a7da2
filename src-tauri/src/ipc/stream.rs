//! A subscription's stream as the page sees it: the events Rust keeps for a tab, asked for in
//! batches after the last one the page has.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::network::RunRequest;

/// How a tab's stream travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum StreamTransport {
    /// A WebSocket, graphql-transport-ws or the legacy graphql-ws, as the server chooses.
    WebSocket,
    /// A WebSocket with the legacy graphql-ws only (subscriptions-transport-ws servers).
    GraphqlWs,
    /// graphql-sse over a POST.
    Sse,
    /// `multipart/mixed` over a POST: `@defer` and `@stream`.
    Multipart,
}

impl From<StreamTransport> for net::Protocol {
    fn from(transport: StreamTransport) -> net::Protocol {
        match transport {
            StreamTransport::WebSocket => net::Protocol::Either,
            StreamTransport::GraphqlWs => net::Protocol::LegacyWs,
            StreamTransport::Sse => net::Protocol::Sse,
            StreamTransport::Multipart => net::Protocol::Multipart,
        }
    }
}

/// Run on a subscription (or an `@defer` query): what to send, how, and how many events to keep.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StreamStartRequest {
    #[serde(flatten)]
    pub run: RunRequest,
    pub transport: StreamTransport,
    /// The newest events kept (older ones let go and counted); at least 1.
    pub keep: u32,
    /// Also send the credentials (the profile's token) in the WebSocket's `connection_init`
    /// payload, for servers that read them only there. The page never sees the token.
    pub credentials_in_init: bool,
}

/// The events after `after` (a `seq` the page has; 0 at first), at most `limit`; answers at once
/// when there are some or the stream ended, else when the next one comes.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StreamEventsRequest {
    pub tab: String,
    #[ts(type = "number")]
    pub after: u64,
    pub limit: u32,
    /// The reconnections the page has heard of: a new one is answered at once, events or not.
    #[serde(default)]
    pub reconnects: u32,
}

/// One event: its number in the stream (from 1), when it came, its payload as the server wrote it.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StreamEventShown {
    #[ts(type = "number")]
    pub seq: u64,
    #[ts(type = "number")]
    pub at_unix_ms: u64,
    pub payload: String,
}

/// How a stream ended, in a sentence, and whether as the server meant it to.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StreamEnded {
    pub message: String,
    pub success: bool,
}

/// A batch of a tab's stream.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct StreamPage {
    pub events: Vec<StreamEventShown>,
    /// Events received in all.
    #[ts(type = "number")]
    pub total: u64,
    /// The oldest events let go to keep memory bounded (the request's `keep`).
    #[ts(type = "number")]
    pub dropped: u64,
    /// `null` while it runs (or when the tab has no stream: `total` 0 and no events).
    pub ended: Option<StreamEnded>,
    /// The latest thing said while it runs (a reconnection and why), `null` before any.
    pub notice: Option<String>,
    /// New subscriptions after breaks so far.
    pub reconnects: u32,
    /// When Rust answered (ms since the Unix epoch, fractional): with the events' receipt and the
    /// page's own clock, it splits a batch's way to the screen (bench/app stream).
    pub answered_at_unix_ms: f64,
}
