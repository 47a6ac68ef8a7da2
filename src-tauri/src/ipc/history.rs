//! The history of runs as the page sees it: a search, and entries to open into a tab.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::tabs::TabEndpoint;

/// Most entries one search answers.
pub const MAX_ENTRIES: u32 = 200;

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistorySearchRequest {
    /// Words each run must have (the start of a word of its document, operation name, variables or endpoint).
    pub text: String,
    /// Only runs to this endpoint.
    pub endpoint: Option<TabEndpoint>,
    /// `any`, `succeeded` or `failed`.
    pub outcome: String,
    pub favourites_only: bool,
    pub limit: u32,
    /// Only runs older than this one (the next page).
    #[ts(type = "number | null")]
    pub before: Option<i64>,
}

/// One run, newest first in a search.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntryShown {
    #[ts(type = "number")]
    pub id: i64,
    pub favourite: bool,
    #[ts(type = "number")]
    pub at_unix_ms: i64,
    /// `app` or `cli`.
    pub from: String,
    pub endpoint: TabEndpoint,
    pub profile: Option<String>,
    pub operation_name: Option<String>,
    pub document: String,
    pub variables: String,
    pub status: Option<u16>,
    pub failure: Option<String>,
    pub graphql_errors: bool,
    pub succeeded: bool,
    pub duration_ms: Option<f64>,
    #[ts(type = "number | null")]
    pub size_bytes: Option<u64>,
    #[ts(type = "number | null")]
    pub budget_remaining: Option<u64>,
    #[ts(type = "number | null")]
    pub budget_limit: Option<u64>,
    /// For a stream (a subscription, `@defer`): its events; `null` for a request.
    #[ts(type = "number | null")]
    pub events: Option<u64>,
    /// For a stream: how it ended, in a sentence.
    pub stream_end: Option<String>,
}

impl From<store::history::Entry> for HistoryEntryShown {
    fn from(entry: store::history::Entry) -> HistoryEntryShown {
        let succeeded = entry.run.succeeded();
        let run = entry.run;
        HistoryEntryShown {
            id: entry.id,
            favourite: entry.favourite,
            at_unix_ms: run.at_unix_ms,
            from: run.from,
            endpoint: run.endpoint.into(),
            profile: run.profile,
            operation_name: run.operation_name,
            document: run.document,
            variables: run.variables,
            status: run.status,
            failure: run.failure,
            graphql_errors: run.graphql_errors,
            succeeded,
            duration_ms: run.duration_ms,
            size_bytes: run.size_bytes,
            budget_remaining: run.budget_remaining,
            budget_limit: run.budget_limit,
            events: run.events,
            stream_end: run.stream_end,
        }
    }
}

#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryPage {
    pub entries: Vec<HistoryEntryShown>,
    /// The endpoints runs went to, most recent first, for the filter.
    pub endpoints: Vec<TabEndpoint>,
    /// How many runs are kept besides favourites.
    pub retention: u32,
    /// Set when the history file was damaged and moved aside: where it went.
    pub note: Option<String>,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryFavouriteRequest {
    #[ts(type = "number")]
    pub id: i64,
    pub favourite: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntryRequest {
    #[ts(type = "number")]
    pub id: i64,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HistoryRetentionRequest {
    /// Runs kept besides favourites (at least 1).
    pub keep: u32,
}

pub fn search(request: HistorySearchRequest) -> store::history::Search {
    store::history::Search {
        text: request.text,
        endpoint: request.endpoint.map(Into::into),
        outcome: match request.outcome.as_str() {
            "succeeded" => store::history::Outcome::Succeeded,
            "failed" => store::history::Outcome::Failed,
            _ => store::history::Outcome::Any,
        },
        favourites_only: request.favourites_only,
        limit: request.limit.clamp(1, MAX_ENTRIES) as usize,
        before: request.before,
    }
}
