//! The commands the web UI invokes. Each one converts its input, calls the engine or the network
//! crates and converts the output; the conversions live in [`crate::ipc`], the state in
//! [`crate::state`].
//!
//! All commands are `async` so that Tauri runs them off the main thread: a slow answer never
//! freezes the window. Work that blocks (parsing a schema, the keychain) goes to the blocking pool.

pub mod explorer;
pub mod history;
pub mod language;
pub mod network;
pub mod profiles;
pub mod project;
pub mod stream;
pub mod tabs;

use crate::ipc::IpcError;

/// Runs `work` on the blocking pool.
async fn blocking<T: Send + 'static>(work: impl FnOnce() -> Result<T, IpcError> + Send + 'static) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .unwrap_or_else(|error| Err(IpcError::Unavailable { message: format!("the work stopped unexpectedly: {error}") }))
}
