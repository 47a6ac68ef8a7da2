//! GraphQL subscriptions over WebSocket with the `graphql-transport-ws` protocol (what Railway and
//! every graphql-ws server speak), or the legacy `graphql-ws` of older servers: the upgrade goes through the same HTTP client as requests (its
//! proxy, its certificates), with the credentials on the upgrade's headers under the same rule
//! (their own origin only); then `connection_init`, `subscribe`, the events as they come, `ping`
//! answered, and the end named: completed, stopped here, the server's errors, a close code with its
//! meaning, or the connection lost.
//!
//! The protocol is a handful of JSON messages (<https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md>),
//! written here over `reqwest-websocket` so that every close code and every message reaches the
//! caller as it came.

use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use reqwest_websocket::{CloseCode, Message, Upgrade};
use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::{CancellationToken, Client, FailureReason, GraphqlRequest};

/// The sub-protocol of graphql-ws, what Railway and current servers speak.
pub const GRAPHQL_TRANSPORT_WS: &str = "graphql-transport-ws";
/// The legacy sub-protocol of subscriptions-transport-ws (Apollo's, 2016-2021), which older servers speak.
pub const GRAPHQL_WS: &str = "graphql-ws";

/// Which sub-protocol to speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    /// Both are offered, graphql-transport-ws first; the server's choice is spoken.
    #[default]
    Either,
    TransportWs,
    /// The legacy `graphql-ws` (subscriptions-transport-ws).
    LegacyWs,
    /// No WebSocket: a POST answered with `graphql-sse`'s event stream (distinct connections
    /// mode), or whatever else of `http_stream`'s the server chooses.
    Sse,
    /// No WebSocket: a POST answered with `multipart/mixed` incremental delivery (`@defer`,
    /// `@stream`), or plain JSON.
    Multipart,
}

impl Protocol {
    /// Whether it streams over a WebSocket (else over a plain HTTP answer).
    pub fn is_websocket(self) -> bool {
        matches!(self, Protocol::Either | Protocol::TransportWs | Protocol::LegacyWs)
    }
}

/// The server's answer to the upgrade or the POST that opens a stream: its status and what its
/// headers say of the rate-limit budget (the upgrade is a request like any other).
#[derive(Debug, Clone, PartialEq)]
pub struct Opened {
    pub status: u16,
    pub rate_limit: ratelimit::Observation,
}

impl Opened {
    pub(crate) fn of(status: u16, headers: &reqwest::header::HeaderMap) -> Opened {
        let headers = headers.iter().filter_map(|(name, value)| Some((name.as_str(), value.to_str().ok()?)));
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs() + 1);
        Opened { status, rate_limit: ratelimit::observe(headers, None, now) }
    }
}

/// The message names of a sub-protocol.
struct Dialect {
    name: &'static str,
    subscribe: &'static str,
    next: &'static str,
    stop: &'static str,
}

const TRANSPORT_WS: Dialect = Dialect { name: GRAPHQL_TRANSPORT_WS, subscribe: "subscribe", next: "next", stop: "complete" };
const LEGACY_WS: Dialect = Dialect { name: GRAPHQL_WS, subscribe: "start", next: "data", stop: "stop" };
/// How long the server has to acknowledge `connection_init` (as Railway's CLI waits).
pub const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);
/// A ping this often keeps the connection (and the proxies on its way) awake.
pub const KEEPALIVE: Duration = Duration::from_secs(20);

/// What to do after an event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    Continue,
    /// Stop the subscription (`complete` is sent, the socket closed normally).
    Stop,
}

/// How a subscription ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum StreamEnd {
    /// The server completed the stream.
    Completed,
    /// Stopped here: enough events, or cancelled.
    Stopped,
    /// The server answered `error`: the operation was not run (a validation error, say), with the
    /// GraphQL errors as it sent them.
    Errors { errors: String },
    /// The server closed the connection: its code, what the protocol says it means, its reason.
    Closed { code: u16, meaning: String, reason: String },
    /// The connection broke without a close (a network failure, the server gone).
    Lost { detail: String },
    /// The server answered the upgrade with HTTP instead of switching protocols (or the POST of
    /// a stream over HTTP with an error, or with something that is not a stream).
    Refused { status: u16, body: String },
    /// Nothing was streamed: refused before sending, unreachable, TLS, timeout.
    Failed { reason: FailureReason },
}

impl StreamEnd {
    pub fn message(&self) -> String {
        match self {
            StreamEnd::Completed => "The server completed the subscription.".to_owned(),
            StreamEnd::Stopped => "Stopped.".to_owned(),
            StreamEnd::Errors { errors } => format!("The server refused the subscription: {errors}"),
            StreamEnd::Closed { code, meaning, reason } if reason.is_empty() => format!("The server closed the connection: {code} {meaning}."),
            StreamEnd::Closed { code, meaning, reason } => format!("The server closed the connection: {code} {meaning} ({reason})."),
            StreamEnd::Lost { detail } => format!("The connection was lost: {detail}."),
            StreamEnd::Refused { status, body } if body.is_empty() => format!("The server answered HTTP {status} instead of opening the stream."),
            StreamEnd::Refused { status, body } => format!("The server answered HTTP {status} instead of opening the stream: {body}"),
            StreamEnd::Failed { reason } => reason.message(),
        }
    }

    /// Whether the stream ended as the server meant it to (the command line's exit status 0).
    pub fn is_success(&self) -> bool {
        matches!(self, StreamEnd::Completed | StreamEnd::Stopped)
    }

    /// Whether subscribing again may help: a break of the connection, a server restarting or
    /// overloaded, a network that was away. Never after the server refused the credentials, the
    /// document or the rate (4401, 4403, 4400, 429…), nor after it completed.
    pub fn may_reconnect(&self) -> bool {
        match self {
            StreamEnd::Lost { .. } => true,
            StreamEnd::Closed { code, .. } => matches!(code, 1001 | 1006 | 1011 | 1012 | 1013 | 4500),
            StreamEnd::Refused { status, .. } => matches!(status, 502..=504),
            StreamEnd::Failed { reason } => matches!(reason, FailureReason::Unreachable { .. } | FailureReason::Timeout { .. } | FailureReason::Interrupted { .. }),
            StreamEnd::Completed | StreamEnd::Stopped | StreamEnd::Errors { .. } => false,
        }
    }
}

/// How long to wait before reconnection `attempt` (from 1): `first`, doubled each time, at most 30 s.
pub fn reconnect_wait(first: Duration, attempt: u32) -> Duration {
    first.saturating_mul(1 << attempt.saturating_sub(1).min(16)).min(Duration::from_secs(30))
}

/// What a close code means in `graphql-transport-ws` (44xx) and in WebSocket itself.
pub fn close_meaning(code: u16) -> &'static str {
    match code {
        1000 => "normal closure",
        1001 => "going away",
        1002 => "protocol error",
        1003 => "unsupported data",
        1006 => "closed abnormally",
        1008 => "policy violation",
        1009 => "message too big",
        1011 => "internal server error",
        1012 => "service restart",
        1013 => "try again later",
        4400 => "bad request",
        4401 => "unauthorized (no valid credentials)",
        4403 => "forbidden (the credentials were refused)",
        4406 => "subprotocol not acceptable",
        4408 => "connection initialisation timeout",
        4409 => "subscriber already exists",
        4429 => "too many initialisation requests",
        4500 => "internal server error",
        _ => "unknown code",
    }
}

/// A message the server sends, its payload kept as the server wrote it.
#[derive(Deserialize)]
struct ServerMessage<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    #[serde(borrow, default)]
    id: Option<&'a str>,
    #[serde(borrow, default)]
    payload: Option<&'a RawValue>,
}

fn text(json: serde_json::Value) -> Message {
    Message::Text(json.to_string())
}

impl Client {
    /// Subscribes with `request` over a WebSocket at its endpoint (`http` → `ws`, `https` → `wss`);
    /// `on_event` gets each `next` payload as the server sent it (JSON text) and says whether to go on.
    /// Ends when the server completes, errs or closes, the connection breaks, `on_event` stops or
    /// `cancel` is cancelled; never a panic.
    pub async fn subscribe(&self, request: &GraphqlRequest, protocol: Protocol, cancel: &CancellationToken, on_event: impl FnMut(&str) -> Flow) -> StreamEnd {
        self.subscribe_observed(request, protocol, cancel, |_| {}, on_event).await
    }

    /// [`Client::subscribe`], and `on_open` gets the server's answer to the upgrade (or to the
    /// POST) when it comes, whatever it is: its status and rate-limit headers. Subscriptions to the
    /// same URL with the same headers and credentials share one socket (as graphql-ws clients do,
    /// and as servers that limit connections expect); a subscription that joins an open socket
    /// makes no request, so `on_open` is not called for it.
    pub async fn subscribe_observed(
        &self,
        request: &GraphqlRequest,
        protocol: Protocol,
        cancel: &CancellationToken,
        on_open: impl FnOnce(Opened),
        mut on_event: impl FnMut(&str) -> Flow,
    ) -> StreamEnd {
        let mut headers = match crate::client::checked_headers(request) {
            Ok(headers) => headers,
            Err(reason) => return StreamEnd::Failed { reason },
        };
        let offered: &[&str] = match protocol {
            Protocol::Either => &[GRAPHQL_TRANSPORT_WS, GRAPHQL_WS],
            Protocol::TransportWs => &[GRAPHQL_TRANSPORT_WS],
            Protocol::LegacyWs => &[GRAPHQL_WS],
            Protocol::Sse | Protocol::Multipart => return self.subscribe_over_http(request, headers, protocol, cancel, on_open, on_event).await,
        };
        headers.remove(reqwest::header::CONTENT_TYPE);
        headers.remove(reqwest::header::ACCEPT);
        let payload: serde_json::Value = match serde_json::from_slice(&request.body()) {
            Ok(payload) => payload,
            Err(error) => return StreamEnd::Lost { detail: error.to_string() },
        };
        let init: serde_json::Value = match &request.connection_params {
            None => serde_json::json!({}),
            Some(params) => match serde_json::from_str(params.expose()) {
                Ok(object @ serde_json::Value::Object(_)) => object,
                // Never the text itself: it may hold a token.
                _ => return StreamEnd::Failed { reason: FailureReason::Interrupted { detail: "the connection_init payload is not a JSON object".to_owned() } },
            },
        };
        let key = socket_key(request.endpoint.url().as_str(), offered, &headers, &init);
        let mut on_open = Some(on_open);
        loop {
            let (deliveries, stop) = match self.sockets.join(key, &payload) {
                Joining::Joined(joined) => joined,
                // Another subscription is opening the socket: wait for it, then join.
                Joining::Wait(mut opening) => {
                    tokio::select! {
                        biased;
                        () = cancel.cancelled() => return StreamEnd::Stopped,
                        _ = opening.changed() => {}
                    }
                    continue;
                }
                Joining::Connect(connecting) => {
                    let connected = tokio::select! {
                        biased;
                        () = cancel.cancelled() => return StreamEnd::Stopped,
                        connected = self.connect_socket(request, headers.clone(), offered, &init, on_open.take()) => connected,
                    };
                    match connected {
                        Ok((socket, dialect)) => self.sockets.open(key, socket, dialect, &payload, connecting),
                        Err(end) => return end,
                    }
                }
            };
            match follow(deliveries, stop, cancel, &mut on_event).await {
                // The socket closed as this subscription joined it: a new one.
                None => continue,
                Some(end) => return end,
            }
        }
    }

    /// The upgrade, then `connection_init` until the server acknowledges it (answering pings
    /// meanwhile): a socket ready for subscriptions, or how it failed.
    async fn connect_socket(
        &self,
        request: &GraphqlRequest,
        headers: reqwest::header::HeaderMap,
        offered: &[&str],
        init: &serde_json::Value,
        on_open: Option<impl FnOnce(Opened)>,
    ) -> Result<(reqwest_websocket::WebSocket, &'static Dialect), StreamEnd> {
        let url = request.endpoint.url().clone();
        let upgrade = self.websocket_http().get(url.clone()).headers(headers).upgrade().protocols(offered.iter().copied());
        let response = tokio::select! {
            biased;
            () = tokio::time::sleep(HANDSHAKE_TIMEOUT) => {
                return Err(StreamEnd::Failed { reason: FailureReason::Timeout { phase: crate::TimeoutPhase::Connect, after: HANDSHAKE_TIMEOUT } });
            }
            response = upgrade.send() => response,
        };
        let response = match response {
            Ok(response) => response,
            Err(reqwest_websocket::Error::Reqwest(error)) => return Err(StreamEnd::Failed { reason: self.reason_of(&error, &url) }),
            Err(error) => return Err(StreamEnd::Lost { detail: innermost(&error) }),
        };
        let status = response.status();
        if let Some(on_open) = on_open {
            on_open(Opened::of(status.as_u16(), response.headers()));
        }
        if status != reqwest::StatusCode::SWITCHING_PROTOCOLS {
            let body = crate::http_stream::read_some(&mut response.into_inner(), 300).await;
            return Err(StreamEnd::Refused { status: status.as_u16(), body });
        }
        let mut socket = match response.into_websocket().await {
            Ok(socket) => socket,
            Err(error) => return Err(StreamEnd::Lost { detail: innermost(&error) }),
        };
        let dialect = match socket.protocol() {
            Some(chosen) if chosen == GRAPHQL_TRANSPORT_WS && offered.contains(&chosen) => &TRANSPORT_WS,
            Some(chosen) if chosen == GRAPHQL_WS && offered.contains(&chosen) => &LEGACY_WS,
            chosen => {
                let chosen = chosen.unwrap_or("none").to_owned();
                let _ = socket.close(CloseCode::Protocol, Some("unexpected sub-protocol")).await;
                return Err(StreamEnd::Refused { status: 101, body: format!("the server speaks the sub-protocol {chosen:?}, not {}", offered.join(" or ")) });
            }
        };
        if let Err(error) = socket.send(text(serde_json::json!({ "type": "connection_init", "payload": init }))).await {
            return Err(StreamEnd::Lost { detail: innermost(&error) });
        }
        let handshake = tokio::time::sleep(HANDSHAKE_TIMEOUT);
        tokio::pin!(handshake);
        loop {
            let message = tokio::select! {
                biased;
                () = &mut handshake => {
                    let _ = socket.close(CloseCode::Normal, None).await;
                    return Err(StreamEnd::Failed { reason: FailureReason::Timeout { phase: crate::TimeoutPhase::Connect, after: HANDSHAKE_TIMEOUT } });
                }
                message = socket.next() => message,
            };
            match message {
                Some(Ok(Message::Text(text_message))) => match serde_json::from_str::<ServerMessage>(&text_message) {
                    Ok(message) if message.kind == "connection_ack" => return Ok((socket, dialect)),
                    Ok(message) if message.kind == "ping" => {
                        let _ = socket.send(text(serde_json::json!({ "type": "pong" }))).await;
                    }
                    // The legacy protocol's refusal of the connection.
                    Ok(message) if message.kind == "connection_error" => {
                        let errors = message.payload.map_or_else(|| "{}".to_owned(), |payload| payload.get().to_owned());
                        let _ = socket.close(CloseCode::Normal, None).await;
                        return Err(StreamEnd::Errors { errors });
                    }
                    _ => {}
                },
                Some(Ok(Message::Close { code, reason })) => return Err(closed(code, reason)),
                Some(Ok(_)) => {}
                Some(Err(error)) => return Err(StreamEnd::Lost { detail: innermost(&error) }),
                None => return Err(StreamEnd::Lost { detail: "closed without a close frame".to_owned() }),
            }
        }
    }
}

/// What a shared socket hands one of its subscriptions.
enum Delivery {
    /// A `next` (`data`) payload, as the server wrote it.
    Next(String),
    /// The socket ended (or the server ended this subscription): how.
    Ended(StreamEnd),
    /// The socket was closing as the subscription joined it: subscribe again on a new one.
    Retry,
}

/// What a subscription asks of its socket.
enum Command {
    Subscribe { id: String, payload: serde_json::Value, deliveries: tokio::sync::mpsc::Sender<Delivery> },
    /// `done` is told once `complete` is sent (and the socket closed, when it was the last).
    Stop { id: String, done: tokio::sync::oneshot::Sender<()> },
}

/// Deliveries a subscription may have waiting: a slow reader holds the socket back beyond this
/// (every subscription on it), rather than letting events pile up without bound.
const DELIVERIES_WAITING: usize = 1024;

/// The open sockets, by URL, sub-protocols and headers (credentials included): one per endpoint
/// and profile.
#[derive(Default)]
pub(crate) struct Sockets {
    open: std::sync::Mutex<std::collections::HashMap<u64, SocketEntry>>,
}

impl std::fmt::Debug for Sockets {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.debug_struct("Sockets").finish_non_exhaustive()
    }
}

/// A key's socket: being opened (those who wait learn when it is done, or given up), or open.
enum SocketEntry {
    Opening(tokio::sync::watch::Receiver<()>),
    Open(SocketHandle),
}

/// What a subscription does about its key's socket.
enum Joining {
    Joined(Joined),
    Wait(tokio::sync::watch::Receiver<()>),
    /// Open it: the sender tells the others when it is open, or (dropped) that it was not.
    Connect(Connecting),
}

/// The right to open a key's socket; dropped without opening, the key is free for the next.
struct Connecting {
    sockets: std::sync::Weak<Sockets>,
    key: u64,
    _done: tokio::sync::watch::Sender<()>,
}

impl Drop for Connecting {
    fn drop(&mut self) {
        if let Some(sockets) = self.sockets.upgrade() {
            let mut open = sockets.lock();
            if matches!(open.get(&self.key), Some(SocketEntry::Opening(_))) {
                open.remove(&self.key);
            }
        }
    }
}

struct SocketHandle {
    commands: tokio::sync::mpsc::UnboundedSender<Command>,
    /// Tells this socket's entry from a later one of the same key.
    generation: u64,
    next_id: u64,
}

/// A subscription on a socket: its deliveries, and how to stop it.
type Joined = (tokio::sync::mpsc::Receiver<Delivery>, Stopper);

/// Stops a subscription on its socket (`complete`, `stop` in the legacy protocol).
struct Stopper {
    id: String,
    commands: tokio::sync::mpsc::UnboundedSender<Command>,
}

/// A subscription given up without a word (its future dropped) is stopped on the socket too, so
/// that a quiet one does not keep the socket open.
impl Drop for Stopper {
    fn drop(&mut self) {
        let (done, _) = tokio::sync::oneshot::channel();
        let _ = self.commands.send(Command::Stop { id: self.id.clone(), done });
    }
}

impl Stopper {
    /// Stops the subscription, and waits (a moment at most) until the server was told, so that a
    /// process that ends right after still ends it cleanly.
    async fn stop(&self) {
        let (done, told) = tokio::sync::oneshot::channel();
        if self.commands.send(Command::Stop { id: self.id.clone(), done }).is_ok() {
            let _ = tokio::time::timeout(std::time::Duration::from_secs(1), told).await;
        }
    }
}

impl Sockets {
    fn lock(&self) -> std::sync::MutexGuard<'_, std::collections::HashMap<u64, SocketEntry>> {
        self.open.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Subscribes on the open socket of `key`; else says to wait for the one being opened, or
    /// to open it.
    fn join(self: &std::sync::Arc<Self>, key: u64, payload: &serde_json::Value) -> Joining {
        let mut open = self.lock();
        match open.get_mut(&key) {
            Some(SocketEntry::Open(handle)) => {
                if let Some(joined) = subscribe_on(handle, payload) {
                    return Joining::Joined(joined);
                }
            }
            Some(SocketEntry::Opening(opening)) => return Joining::Wait(opening.clone()),
            None => {}
        }
        let (done, opening) = tokio::sync::watch::channel(());
        open.insert(key, SocketEntry::Opening(opening));
        Joining::Connect(Connecting { sockets: std::sync::Arc::downgrade(self), key, _done: done })
    }

    /// Keeps `socket` open for `key` (its task reads and writes it), and subscribes on it.
    fn open(
        self: &std::sync::Arc<Self>,
        key: u64,
        socket: reqwest_websocket::WebSocket,
        dialect: &'static Dialect,
        payload: &serde_json::Value,
        connecting: Connecting,
    ) -> Joined {
        static GENERATIONS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let generation = GENERATIONS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let (commands, receiver) = tokio::sync::mpsc::unbounded_channel();
        let mut handle = SocketHandle { commands, generation, next_id: 0 };
        let joined = subscribe_on(&mut handle, payload).expect("a socket just opened takes commands");
        self.lock().insert(key, SocketEntry::Open(handle));
        // Those waiting join it now.
        drop(connecting);
        tokio::spawn(run_socket(socket, dialect, receiver, std::sync::Arc::downgrade(self), key, generation));
        joined
    }

    /// Forgets `key`'s socket if it is still the one of `generation`.
    fn forget(&self, key: u64, generation: u64) {
        let mut open = self.lock();
        if matches!(open.get(&key), Some(SocketEntry::Open(handle)) if handle.generation == generation) {
            open.remove(&key);
        }
    }
}

fn subscribe_on(handle: &mut SocketHandle, payload: &serde_json::Value) -> Option<Joined> {
    handle.next_id += 1;
    let id = handle.next_id.to_string();
    let (sender, receiver) = tokio::sync::mpsc::channel(DELIVERIES_WAITING);
    handle.commands.send(Command::Subscribe { id: id.clone(), payload: payload.clone(), deliveries: sender }).ok()?;
    Some((receiver, Stopper { id, commands: handle.commands.clone() }))
}

/// A socket's key: its URL, the sub-protocols offered, every header and the `connection_init`
/// payload (credentials included, hashed in memory only), so that only the same endpoint as the
/// same profile shares it.
fn socket_key(url: &str, offered: &[&str], headers: &reqwest::header::HeaderMap, init: &serde_json::Value) -> u64 {
    use std::hash::{BuildHasher, Hash, Hasher};
    static KEYS: std::sync::OnceLock<std::collections::hash_map::RandomState> = std::sync::OnceLock::new();
    let mut hasher = KEYS.get_or_init(std::collections::hash_map::RandomState::new).build_hasher();
    url.hash(&mut hasher);
    offered.hash(&mut hasher);
    let mut pairs: Vec<(&str, &[u8])> = headers.iter().map(|(name, value)| (name.as_str(), value.as_bytes())).collect();
    pairs.sort_unstable();
    pairs.hash(&mut hasher);
    init.to_string().hash(&mut hasher);
    hasher.finish()
}

/// One subscription's side: its deliveries to `on_event` until it ends, stopping it on its socket
/// when `on_event` or `cancel` says so. `None`: subscribe again (the socket was closing).
async fn follow(
    mut deliveries: tokio::sync::mpsc::Receiver<Delivery>,
    stopper: Stopper,
    cancel: &CancellationToken,
    on_event: &mut impl FnMut(&str) -> Flow,
) -> Option<StreamEnd> {
    loop {
        let delivery = tokio::select! {
            biased;
            () = cancel.cancelled() => {
                stopper.stop().await;
                return Some(StreamEnd::Stopped);
            }
            delivery = deliveries.recv() => delivery,
        };
        match delivery {
            Some(Delivery::Next(payload)) => {
                if on_event(&payload) == Flow::Stop {
                    stopper.stop().await;
                    return Some(StreamEnd::Stopped);
                }
            }
            Some(Delivery::Ended(end)) => return Some(end),
            Some(Delivery::Retry) => return None,
            None => return Some(StreamEnd::Lost { detail: "the connection's task ended".to_owned() }),
        }
    }
}

/// A shared socket's task: writes its subscriptions' `subscribe` and `complete`, pings, and hands
/// each message to the subscription it is for. Closes the socket when its last subscription ends;
/// when the socket ends, every subscription on it learns how.
async fn run_socket(
    mut socket: reqwest_websocket::WebSocket,
    dialect: &'static Dialect,
    mut commands: tokio::sync::mpsc::UnboundedReceiver<Command>,
    sockets: std::sync::Weak<Sockets>,
    key: u64,
    generation: u64,
) {
    let mut subscriptions: std::collections::HashMap<String, tokio::sync::mpsc::Sender<Delivery>> = std::collections::HashMap::new();
    let mut keepalive = tokio::time::interval_at(tokio::time::Instant::now() + KEEPALIVE, KEEPALIVE);
    // Stops waiting to hear that the socket is closed.
    let mut closing: Vec<tokio::sync::oneshot::Sender<()>> = Vec::new();
    // Whether it served a subscription yet: it closes once it has none left, not before the first.
    let mut served = false;
    // Whether anything came since the last ping (`None` before the first).
    let mut heard_since_ping: Option<bool> = None;
    let end = loop {
        tokio::select! {
            // Commands first: a subscription's `subscribe` goes out before anything is read for it.
            biased;
            command = commands.recv() => match command {
                Some(Command::Subscribe { id, payload, deliveries }) => {
                    if let Err(error) = socket.send(text(serde_json::json!({ "id": id, "type": dialect.subscribe, "payload": payload }))).await {
                        let _ = deliveries.send(Delivery::Ended(StreamEnd::Lost { detail: innermost(&error) })).await;
                        break StreamEnd::Lost { detail: innermost(&error) };
                    }
                    subscriptions.insert(id, deliveries);
                    served = true;
                }
                Some(Command::Stop { id, done }) => {
                    if subscriptions.remove(&id).is_some() {
                        let _ = socket.send(text(serde_json::json!({ "id": id, "type": dialect.stop }))).await;
                    }
                    if subscriptions.is_empty() { closing.push(done) } else { let _ = done.send(()); }
                }
                None => break StreamEnd::Stopped,
            },
            // The legacy protocol has no ping: its server sends `ka` instead.
            _ = keepalive.tick(), if dialect.name == GRAPHQL_TRANSPORT_WS => {
                // Nothing heard since the last ping (not even its pong): the connection is gone
                // without a word, as a sleeping laptop's or a NAT's that forgot it.
                if heard_since_ping == Some(false) {
                    break StreamEnd::Lost { detail: format!("no answer to a ping within {} s", KEEPALIVE.as_secs()) };
                }
                if let Err(error) = socket.send(text(serde_json::json!({ "type": "ping" }))).await {
                    break StreamEnd::Lost { detail: innermost(&error) };
                }
                heard_since_ping = Some(false);
            }
            message = socket.next() => match message {
                Some(Ok(Message::Text(text_message))) => {
                    heard_since_ping = heard_since_ping.map(|_| true);
                    let Ok(message) = serde_json::from_str::<ServerMessage>(&text_message) else { continue };
                    let ended = match message.kind {
                        kind if kind == dialect.next => {
                            let Some(deliveries) = message.id.and_then(|id| subscriptions.get(id)) else { continue };
                            let payload = message.payload.map_or("null", RawValue::get).to_owned();
                            // A subscription whose reader went away is stopped on the server too.
                            if deliveries.send(Delivery::Next(payload)).await.is_ok() { None } else { Some(None) }
                        }
                        "error" => Some(Some(StreamEnd::Errors { errors: message.payload.map_or_else(|| "[]".to_owned(), |payload| capped(payload.get())) })),
                        "complete" => Some(Some(StreamEnd::Completed)),
                        "ping" => {
                            if let Err(error) = socket.send(text(serde_json::json!({ "type": "pong" }))).await {
                                break StreamEnd::Lost { detail: innermost(&error) };
                            }
                            None
                        }
                        _ => None,
                    };
                    if let (Some(end), Some(id)) = (ended, message.id)
                        && let Some(deliveries) = subscriptions.remove(id)
                    {
                        match end {
                            Some(end) => {
                                let _ = deliveries.send(Delivery::Ended(end)).await;
                            }
                            None => {
                                let _ = socket.send(text(serde_json::json!({ "id": id, "type": dialect.stop }))).await;
                            }
                        }
                    }
                }
                Some(Ok(Message::Close { code, reason })) => break closed(code, reason),
                Some(Ok(_)) => continue,
                Some(Err(error)) => break StreamEnd::Lost { detail: innermost(&error) },
                None => break StreamEnd::Lost { detail: "closed without a close frame".to_owned() },
            },
        }
        if served && subscriptions.is_empty() {
            // The last one ended: close, unless one is joining right now (then go on for it; the
            // commands are read first, so it is served at the next turn).
            if !commands.is_empty() {
                continue;
            }
            // Any joining after this sees its commands answered with a Retry below.
            break StreamEnd::Stopped;
        }
    };
    if let Some(sockets) = sockets.upgrade() {
        sockets.forget(key, generation);
    }
    let _ = socket.close(CloseCode::Normal, None).await;
    for done in closing {
        let _ = done.send(());
    }
    for (_, deliveries) in subscriptions.drain() {
        let _ = deliveries.send(Delivery::Ended(end.clone())).await;
    }
    // Subscriptions that joined while it was ending subscribe again.
    commands.close();
    while let Some(command) = commands.recv().await {
        if let Command::Subscribe { deliveries, .. } = command {
            let _ = deliveries.send(Delivery::Retry).await;
        }
    }
}

/// The innermost cause of a WebSocket error ("Connection reset without closing handshake", not
/// "tungstenite error").
fn innermost(error: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = error;
    while let Some(source) = cause.source() {
        cause = source;
    }
    cause.to_string()
}

/// A server's text kept in an end (said to people, written to the history): at most 4 kB.
fn capped(text: &str) -> String {
    const MOST: usize = 4096;
    if text.len() <= MOST {
        return text.to_owned();
    }
    let mut end = MOST;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}…", &text[..end])
}

fn closed(code: CloseCode, reason: String) -> StreamEnd {
    let code = u16::from(code);
    StreamEnd::Closed { code, meaning: close_meaning(code).to_owned(), reason }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_breaks_that_may_heal_are_retried() {
        let closed = |code: u16| StreamEnd::Closed { code, meaning: close_meaning(code).to_owned(), reason: String::new() };
        let unreachable = FailureReason::Unreachable { origin: "https://a.example".into(), detail: "refused".into() };
        let cases = [
            (StreamEnd::Lost { detail: "reset".into() }, true),
            (closed(1006), true),
            (closed(1012), true),
            (closed(1000), false),
            (closed(4401), false),
            (closed(4403), false),
            (closed(4429), false),
            (StreamEnd::Refused { status: 503, body: String::new() }, true),
            (StreamEnd::Refused { status: 429, body: String::new() }, false),
            (StreamEnd::Refused { status: 401, body: String::new() }, false),
            (StreamEnd::Failed { reason: unreachable }, true),
            (StreamEnd::Failed { reason: FailureReason::InvalidHeader { name: "x".into() } }, false),
            (StreamEnd::Completed, false),
            (StreamEnd::Stopped, false),
            (StreamEnd::Errors { errors: "[]".into() }, false),
        ];
        for (end, expected) in cases {
            assert_eq!(end.may_reconnect(), expected, "{end:?}");
        }
        let waits: Vec<u64> = (1..=7).map(|attempt| reconnect_wait(Duration::from_secs(1), attempt).as_secs()).collect();
        assert_eq!(waits, [1, 2, 4, 8, 16, 30, 30]);
    }

    #[test]
    fn close_codes_are_named() {
        let cases = [(4401, "unauthorized"), (4403, "forbidden"), (4400, "bad request"), (1000, "normal closure"), (1011, "internal server error"), (4999, "unknown code")];
        for (code, starts) in cases {
            assert!(close_meaning(code).starts_with(starts), "{code}: {}", close_meaning(code));
        }
        let end = closed(CloseCode::from(4403), "Forbidden".to_owned());
        assert_eq!(end.message(), "The server closed the connection: 4403 forbidden (the credentials were refused) (Forbidden).");
        assert!(!end.is_success());
    }
}
