//! An endpoint with its credentials, as the command line and the desktop app use it. Every rule
//! that both front ends follow lives here, so that they cannot drift apart: which profile's token
//! goes where, whose schema and budget a request counts against, how variables are read and how a
//! response body is shown.

pub mod credentials;
pub mod curl;
pub mod display;
pub mod expand;
pub mod history;
pub mod paths;
pub mod profiles;
pub mod session;
pub mod variables;

pub use credentials::Credentials;
pub use session::{FetchedSchema, Operation, SchemaError, SchemaRequest, SchemaSource, SendError, Sent, Session, SessionConfig, StreamNotice, StreamOptions, Streamed};
