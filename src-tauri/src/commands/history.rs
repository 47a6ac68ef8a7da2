//! The history of runs (`store::history`, shared with `sextant run`): search it, mark favourites,
//! forget a run, change how many are kept. Each run is recorded by `run` itself.

use tauri::State;

use crate::ipc::IpcError;
use crate::ipc::history::{self, HistoryEntryRequest, HistoryFavouriteRequest, HistoryPage, HistoryRetentionRequest, HistorySearchRequest};
use crate::state::Network;

fn unavailable(message: String) -> IpcError {
    IpcError::Unavailable { message: format!("The history of runs cannot be used: {message}") }
}

#[tauri::command]
pub async fn history_search(network: State<'_, Network>, request: HistorySearchRequest) -> Result<HistoryPage, IpcError> {
    let session = network.session()?;
    super::blocking(move || {
        let history = session.history().map_err(unavailable)?;
        let entries = history.search(&history::search(request)).map_err(|error| unavailable(error.to_string()))?;
        Ok(HistoryPage {
            entries: entries.into_iter().map(Into::into).collect(),
            endpoints: history.endpoints().map_err(|error| unavailable(error.to_string()))?.into_iter().map(Into::into).collect(),
            retention: history.retention().map_err(|error| unavailable(error.to_string()))?,
            note: session.history_note(),
        })
    })
    .await
}

#[tauri::command]
pub async fn history_favourite(network: State<'_, Network>, request: HistoryFavouriteRequest) -> Result<(), IpcError> {
    let session = network.session()?;
    super::blocking(move || {
        let history = session.history().map_err(unavailable)?;
        history.set_favourite(request.id, request.favourite).map(drop).map_err(|error| unavailable(error.to_string()))
    })
    .await
}

#[tauri::command]
pub async fn history_remove(network: State<'_, Network>, request: HistoryEntryRequest) -> Result<(), IpcError> {
    let session = network.session()?;
    super::blocking(move || {
        let history = session.history().map_err(unavailable)?;
        history.remove(request.id).map(drop).map_err(|error| unavailable(error.to_string()))
    })
    .await
}

#[tauri::command]
pub async fn history_retention(network: State<'_, Network>, request: HistoryRetentionRequest) -> Result<(), IpcError> {
    let session = network.session()?;
    super::blocking(move || {
        let history = session.history().map_err(unavailable)?;
        history.set_retention(request.keep.max(1)).map_err(|error| unavailable(error.to_string()))
    })
    .await
}
