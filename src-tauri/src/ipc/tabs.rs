//! Tabs as the page sees them, and their conversion to and from the store's.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Which endpoint a tab sends to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum TabEndpoint {
    /// The built-in Demo API (its URL changes between runs).
    Demo,
    Url { url: String },
}

/// The headers typed for one origin. Kept on disk without credentials: the store writes only what
/// `net::keep_headers` keeps.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OriginHeaders {
    pub origin: String,
    pub headers_json: String,
}

/// A tab's contents, as saved and as restored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TabState {
    pub id: String,
    /// Set by the person; `null` names the tab after its operation.
    pub title: Option<String>,
    pub document: String,
    pub variables: String,
    pub endpoint: TabEndpoint,
    pub profile: Option<String>,
    pub headers: Vec<OriginHeaders>,
    /// The project document it is bound to (an absolute path); `null` for a tab of no file.
    pub file: Option<String>,
}

/// What the window starts with: the tabs open last time, in order, and which was in front.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TabsOpened {
    pub tabs: Vec<TabState>,
    pub active: Option<String>,
    /// Set when the state file was damaged and moved aside: where, and why.
    pub notice: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TabRequest {
    pub tab: String,
}

/// A new tab (new, duplicated, pasted) at `position` among the open ones.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TabInsertRequest {
    pub tab: TabState,
    pub position: u32,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TabPositionRequest {
    pub position: u32,
}

/// The open tabs' new order, and the one in front.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TabOrderRequest {
    pub ids: Vec<String>,
    pub active: String,
}

impl From<store::EndpointChoice> for TabEndpoint {
    fn from(endpoint: store::EndpointChoice) -> TabEndpoint {
        match endpoint {
            store::EndpointChoice::Demo => TabEndpoint::Demo,
            store::EndpointChoice::Url { url } => TabEndpoint::Url { url },
        }
    }
}

impl From<TabEndpoint> for store::EndpointChoice {
    fn from(endpoint: TabEndpoint) -> store::EndpointChoice {
        match endpoint {
            TabEndpoint::Demo => store::EndpointChoice::Demo,
            TabEndpoint::Url { url } => store::EndpointChoice::Url { url },
        }
    }
}

impl From<store::Tab> for TabState {
    fn from(tab: store::Tab) -> TabState {
        TabState {
            id: tab.id,
            title: tab.title,
            document: tab.document,
            variables: tab.variables,
            endpoint: tab.endpoint.into(),
            profile: tab.profile,
            headers: tab.headers.into_iter().map(|(origin, headers_json)| OriginHeaders { origin, headers_json }).collect(),
            file: tab.file,
        }
    }
}

impl From<TabState> for store::Tab {
    fn from(tab: TabState) -> store::Tab {
        store::Tab {
            id: tab.id,
            title: tab.title,
            document: tab.document,
            variables: tab.variables,
            endpoint: tab.endpoint.into(),
            profile: tab.profile,
            headers: tab.headers.into_iter().map(|kept| (kept.origin, kept.headers_json)).collect(),
            file: tab.file,
        }
    }
}
