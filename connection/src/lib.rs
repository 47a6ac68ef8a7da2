//! An endpoint with its token profile, as the command line and the desktop app use it.

pub mod paths;
pub mod profiles;
pub mod session;

pub use session::{FetchedSchema, Operation, SchemaError, SchemaSource, SendError, Sent, Session, SessionConfig};
