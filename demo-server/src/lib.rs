//! A Railway-shaped GraphQL API on loopback: what the project's tests of the HTTP client, tokens and
//! rate limits run against, and the desktop app's built-in Demo endpoint (no account, no network).
//!
//! The schema is a subset of Railway's real one with the same names and types (`schema`), over
//! fixed sample data (`data`); `server` adds tokens, Railway-style rate limits, switchable failure
//! modes and a log of the requests received. `subscriptions` streams Railway's log and deployment
//! subscriptions over WebSocket (`graphql-transport-ws` and the legacy `graphql-ws`).

mod data;
mod defer;
mod hostile;
pub mod proxy;
mod schema;
mod server;
mod subscriptions;
pub mod tls;

/// RFC 3339 in UTC with milliseconds, as Railway writes times (also `sextant history`'s times).
pub use data::rfc3339;
pub use hostile::PAYLOADS as HOSTILE_PAYLOADS;
pub use proxy::{ForwardProxy, RefusingPort};
pub use server::{
    DemoConfig, DemoServer, GRAPHQL_PATH, MAX_DELAY_MS, MAX_LARGE_BYTES, MAX_LOGGED_REQUESTS, MAX_NESTED_DEPTH, MAX_STREAM_EVENTS, Mode,
    ReceivedRequest, redacted, run_until_ctrl_c,
};

/// Ids of the sample projects, for tests and project tokens.
pub mod sample {
    pub use crate::data::{DEMO_USER_ID, PROJECT_SANDBOX, PROJECT_SHOP, PROJECT_WEATHER};
}

/// The demo schema as SDL (for an offline copy of the schema).
pub fn sdl() -> String {
    let store = std::sync::Arc::new(std::sync::RwLock::new(data::Store::sample()));
    schema::build(store, true).sdl()
}
