//! The HTTP side of Sextant: one shared client that sends GraphQL requests and returns every
//! outcome as data.
//!
//! - [`Endpoint`] is a checked `http(s)` URL; [`Origin`] is its scheme, host and port.
//! - [`GraphqlRequest`] holds plain headers and [`Credential`]s, each bound to one origin: a
//!   request to another origin is refused before anything is sent.
//! - [`Client::send`] returns an [`Outcome`]: a [`Response`] for every HTTP answer (with the body
//!   classified, the rate-limit [`ratelimit::Observation`], timings and sizes) or a [`Failure`]
//!   (unreachable, timeout, TLS, cancelled, too large...). Both serialize with a `kind` tag.
//! - Redirects are never followed silently: only same-origin 307/308; everything else comes
//!   back as a [`RedirectNotice`].

mod client;
mod endpoint;
mod headers;
pub mod http_stream;
mod proxy;
mod outcome;
mod request;
pub mod subscription;

pub use client::{
    Client, ClientConfig, ClientError, DEFAULT_BODY_LIMIT, DEFAULT_CONNECT_TIMEOUT, DEFAULT_MAX_REDIRECTS, DEFAULT_TOTAL_TIMEOUT,
};
pub use endpoint::{Endpoint, EndpointError, Origin};
pub use headers::{KeptHeaders, is_credential_header, keep_headers};
pub use proxy::ProxySettings;
pub use outcome::{
    Body, Failure, FailureReason, GraphqlBody, Outcome, PartialResponse, Problem, RedirectHop, RedirectNotice, RedirectReason,
    RawJson, Response, TimeoutPhase, Timings, classify_body, size, status_problem, summarize,
};
pub use request::{Credential, GraphqlRequest};
pub use subscription::{Flow, Opened, Protocol, StreamEnd};
pub use tokio_util::sync::CancellationToken;
