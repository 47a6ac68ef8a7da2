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
    /// POST) when it comes, whatever it is: its status and rate-limit headers.
    pub async fn subscribe_observed(
        &self,
        request: &GraphqlRequest,
        protocol: Protocol,
        cancel: &CancellationToken,
        on_open: impl FnOnce(Opened),
        mut on_event: impl FnMut(&str) -> Flow,
    ) -> StreamEnd {
        let origin = request.endpoint.origin();
        if let Some(credential) = request.credential_mismatch(&origin) {
            return StreamEnd::Failed {
                reason: FailureReason::CredentialOriginMismatch {
                    header_name: credential.header_name.clone(),
                    request_origin: origin,
                    credential_origin: credential.origin.clone(),
                },
            };
        }
        let mut headers = match crate::client::headers_of(request) {
            Ok(headers) => headers,
            Err(name) => return StreamEnd::Failed { reason: FailureReason::InvalidHeader { name } },
        };
        headers.remove(reqwest::header::CONTENT_TYPE);
        headers.remove(reqwest::header::ACCEPT);
        let url = request.endpoint.url().clone();
        let offered: &[&str] = match protocol {
            Protocol::Either => &[GRAPHQL_TRANSPORT_WS, GRAPHQL_WS],
            Protocol::TransportWs => &[GRAPHQL_TRANSPORT_WS],
            Protocol::LegacyWs => &[GRAPHQL_WS],
            Protocol::Sse | Protocol::Multipart => return self.subscribe_over_http(request, protocol, cancel, on_open, on_event).await,
        };
        let upgrade = self.websocket_http().get(url.clone()).headers(headers).upgrade().protocols(offered.iter().copied());
        let response = tokio::select! {
            biased;
            () = cancel.cancelled() => return StreamEnd::Stopped,
            () = tokio::time::sleep(HANDSHAKE_TIMEOUT) => {
                return StreamEnd::Failed { reason: FailureReason::Timeout { phase: crate::TimeoutPhase::Connect, after: HANDSHAKE_TIMEOUT } };
            }
            response = upgrade.send() => response,
        };
        let response = match response {
            Ok(response) => response,
            Err(reqwest_websocket::Error::Reqwest(error)) => return StreamEnd::Failed { reason: self.reason_of(&error, &url) },
            Err(error) => return StreamEnd::Lost { detail: innermost(&error) },
        };
        let status = response.status();
        on_open(Opened::of(status.as_u16(), response.headers()));
        if status != reqwest::StatusCode::SWITCHING_PROTOCOLS {
            let body = response.into_inner().text().await.unwrap_or_default();
            let body = body.trim().chars().take(300).collect();
            return StreamEnd::Refused { status: status.as_u16(), body };
        }
        let mut socket = match response.into_websocket().await {
            Ok(socket) => socket,
            Err(error) => return StreamEnd::Lost { detail: innermost(&error) },
        };
        let dialect = match socket.protocol() {
            Some(chosen) if chosen == GRAPHQL_TRANSPORT_WS && offered.contains(&chosen) => &TRANSPORT_WS,
            Some(chosen) if chosen == GRAPHQL_WS && offered.contains(&chosen) => &LEGACY_WS,
            chosen => {
                let chosen = chosen.unwrap_or("none").to_owned();
                let _ = socket.close(CloseCode::Protocol, Some("unexpected sub-protocol")).await;
                return StreamEnd::Refused { status: 101, body: format!("the server speaks the sub-protocol {chosen:?}, not {}", offered.join(" or ")) };
            }
        };

        // connection_init, then wait for connection_ack (answering pings meanwhile).
        if let Err(error) = socket.send(text(serde_json::json!({ "type": "connection_init", "payload": {} }))).await {
            return StreamEnd::Lost { detail: innermost(&error) };
        }
        let handshake = tokio::time::sleep(HANDSHAKE_TIMEOUT);
        tokio::pin!(handshake);
        loop {
            let message = tokio::select! {
                biased;
                () = cancel.cancelled() => {
                    let _ = socket.close(CloseCode::Normal, None).await;
                    return StreamEnd::Stopped;
                }
                () = &mut handshake => {
                    let _ = socket.close(CloseCode::Normal, None).await;
                    return StreamEnd::Failed { reason: FailureReason::Timeout { phase: crate::TimeoutPhase::Connect, after: HANDSHAKE_TIMEOUT } };
                }
                message = socket.next() => message,
            };
            match message {
                Some(Ok(Message::Text(text_message))) => match serde_json::from_str::<ServerMessage>(&text_message) {
                    Ok(message) if message.kind == "connection_ack" => break,
                    Ok(message) if message.kind == "ping" => {
                        let _ = socket.send(text(serde_json::json!({ "type": "pong" }))).await;
                    }
                    // The legacy protocol's refusal of the connection.
                    Ok(message) if message.kind == "connection_error" => {
                        let errors = message.payload.map_or_else(|| "{}".to_owned(), |payload| payload.get().to_owned());
                        let _ = socket.close(CloseCode::Normal, None).await;
                        return StreamEnd::Errors { errors };
                    }
                    _ => {}
                },
                Some(Ok(Message::Close { code, reason })) => return closed(code, reason),
                Some(Ok(_)) => {}
                Some(Err(error)) => return StreamEnd::Lost { detail: innermost(&error) },
                None => return StreamEnd::Lost { detail: "closed without a close frame".to_owned() },
            }
        }

        let payload: serde_json::Value = match serde_json::from_slice(&request.body()) {
            Ok(payload) => payload,
            Err(error) => return StreamEnd::Lost { detail: innermost(&error) },
        };
        if let Err(error) = socket.send(text(serde_json::json!({ "id": "1", "type": dialect.subscribe, "payload": payload }))).await {
            return StreamEnd::Lost { detail: innermost(&error) };
        }
        let mut keepalive = tokio::time::interval_at(tokio::time::Instant::now() + KEEPALIVE, KEEPALIVE);
        loop {
            let message = tokio::select! {
                biased;
                () = cancel.cancelled() => return stop(socket, dialect).await,
                // The legacy protocol has no ping: its server sends `ka` instead.
                _ = keepalive.tick(), if dialect.name == GRAPHQL_TRANSPORT_WS => {
                    if let Err(error) = socket.send(text(serde_json::json!({ "type": "ping" }))).await {
                        return StreamEnd::Lost { detail: innermost(&error) };
                    }
                    continue;
                }
                message = socket.next() => message,
            };
            match message {
                Some(Ok(Message::Text(text_message))) => {
                    let Ok(message) = serde_json::from_str::<ServerMessage>(&text_message) else { continue };
                    match message.kind {
                        kind if kind == dialect.next => {
                            let payload = message.payload.map_or("null", RawValue::get);
                            if on_event(payload) == Flow::Stop {
                                return stop(socket, dialect).await;
                            }
                        }
                        "error" => {
                            let errors = message.payload.map_or_else(|| "[]".to_owned(), |payload| payload.get().to_owned());
                            let _ = socket.close(CloseCode::Normal, None).await;
                            return StreamEnd::Errors { errors };
                        }
                        "complete" => {
                            let _ = socket.close(CloseCode::Normal, None).await;
                            return StreamEnd::Completed;
                        }
                        "ping" => {
                            if let Err(error) = socket.send(text(serde_json::json!({ "type": "pong" }))).await {
                                return StreamEnd::Lost { detail: innermost(&error) };
                            }
                        }
                        _ => {}
                    }
                }
                Some(Ok(Message::Close { code, reason })) => return closed(code, reason),
                Some(Ok(_)) => {}
                Some(Err(error)) => return StreamEnd::Lost { detail: innermost(&error) },
                None => return StreamEnd::Lost { detail: "closed without a close frame".to_owned() },
            }
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

fn closed(code: CloseCode, reason: String) -> StreamEnd {
    let code = u16::from(code);
    StreamEnd::Closed { code, meaning: close_meaning(code).to_owned(), reason }
}

/// Ends the subscription from this side: `complete` (`stop`), then a normal close.
async fn stop(mut socket: reqwest_websocket::WebSocket, dialect: &Dialect) -> StreamEnd {
    let _ = socket.send(text(serde_json::json!({ "id": "1", "type": dialect.stop }))).await;
    let _ = socket.close(CloseCode::Normal, None).await;
    StreamEnd::Stopped
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
