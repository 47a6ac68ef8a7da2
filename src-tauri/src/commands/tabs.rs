//! Tabs: what the window restores at start, and each change to them, saved as it happens in the
//! state directory's SQLite store (so that a killed process loses at most the last moments).

use tauri::State;

use crate::ipc::IpcError;
use crate::ipc::tabs::{TabInsertRequest, TabOrderRequest, TabPositionRequest, TabRequest, TabState, TabsOpened};
use crate::state::{Network, Streams, Tabs};

const ACTIVE_TAB: &str = "activeTab";

/// The tabs open last time, in order, with the one in front; empty on a first run.
#[tauri::command]
pub async fn tabs_open(tabs: State<'_, Tabs>) -> Result<TabsOpened, IpcError> {
    let store = tabs.store()?;
    let open = store.tabs()?;
    let active = store.setting(ACTIVE_TAB)?;
    Ok(TabsOpened { tabs: open.into_iter().map(TabState::from).collect(), active, notice: tabs.notice() })
}

#[tauri::command]
pub async fn tab_insert(tabs: State<'_, Tabs>, request: TabInsertRequest) -> Result<(), IpcError> {
    Ok(tabs.store()?.insert(&request.tab.into(), request.position as usize)?)
}

/// Writes a tab's contents; headers are kept without their credentials.
#[tauri::command]
pub async fn tab_save(tabs: State<'_, Tabs>, request: TabState) -> Result<(), IpcError> {
    Ok(tabs.store()?.save(&request.into())?)
}

/// Closes a tab: its request stops, its response goes, and it can be reopened.
#[tauri::command]
pub async fn tab_close(tabs: State<'_, Tabs>, network: State<'_, Network>, streams: State<'_, Streams>, request: TabRequest) -> Result<(), IpcError> {
    network.forget_tab(&request.tab);
    streams.forget(&request.tab);
    Ok(tabs.store()?.close(&request.tab)?)
}

/// The tab closed last, open again at `position`; `null` when none is left.
#[tauri::command]
pub async fn tab_reopen(tabs: State<'_, Tabs>, request: TabPositionRequest) -> Result<Option<TabState>, IpcError> {
    Ok(tabs.store()?.reopen(request.position as usize)?.map(TabState::from))
}

/// The open tabs' order, and the one in front.
#[tauri::command]
pub async fn tabs_order(tabs: State<'_, Tabs>, request: TabOrderRequest) -> Result<(), IpcError> {
    let store = tabs.store()?;
    store.reorder(&request.ids)?;
    Ok(store.set_setting(ACTIVE_TAB, &request.active)?)
}
