//! Every run, from the app and from `sextant run`, in its own SQLite file in the state directory
//! (`history.sqlite`): when, where, as which profile, what was sent (document, operation name,
//! variables) and how it went (status or failure, duration, size, the budget left). Never a header
//! and never a token: a [`Run`] has no field for either.
//!
//! Search is SQLite's FTS5 over the document, operation name, variables and endpoint (each word a
//! prefix, all of them required), with filters by endpoint, outcome and favourites. The newest
//! [`Retention`] runs are kept (favourites always), a number the person can change.
//!
//! A damaged file is moved aside and a new one started, as the tabs' store does; the app and the
//! command line write to it at once (WAL, a busy timeout).

use std::path::{Path, PathBuf};
use std::sync::{Mutex, PoisonError};

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

use crate::{EndpointChoice, Opened, StoreError};

const HISTORY_VERSION: i64 = 2;

/// Runs kept unless the person says otherwise.
pub const DEFAULT_RETENTION: u32 = 10_000;

/// History's file in the state directory.
pub fn file_in(state_dir: &Path) -> PathBuf {
    state_dir.join("history.sqlite")
}

/// One run as recorded.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Run {
    pub at_unix_ms: i64,
    /// `app` or `cli`.
    pub from: String,
    pub endpoint: EndpointChoice,
    /// The token profile's name (never its token).
    pub profile: Option<String>,
    pub operation_name: Option<String>,
    pub document: String,
    /// The variables as sent (JSON).
    pub variables: String,
    /// The HTTP status; `None` when no answer came (see `failure`).
    pub status: Option<u16>,
    /// Why no (usable) answer came: unreachable, timed out, cancelled, rate limited…
    pub failure: Option<String>,
    /// The response carried GraphQL errors.
    pub graphql_errors: bool,
    /// From sending to the end of the answer (or the failure), in milliseconds.
    pub duration_ms: Option<f64>,
    pub size_bytes: Option<u64>,
    /// The rate-limit budget after the answer, as far as it is known.
    pub budget_remaining: Option<u64>,
    pub budget_limit: Option<u64>,
    /// For a stream (a subscription, `@defer`): the events received; `None` for a request.
    #[serde(default)]
    pub events: Option<u64>,
    /// For a stream: how it ended, in a sentence.
    #[serde(default)]
    pub stream_end: Option<String>,
}

impl Run {
    /// A 2xx answer without GraphQL errors; for a stream, one that ended as the server meant it
    /// to (its `failure` says otherwise).
    pub fn succeeded(&self) -> bool {
        if self.events.is_some() {
            return self.failure.is_none() && !self.graphql_errors;
        }
        self.failure.is_none() && !self.graphql_errors && self.status.is_some_and(|status| (200..300).contains(&status))
    }
}

/// A recorded run.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Entry {
    pub id: i64,
    pub favourite: bool,
    #[serde(flatten)]
    pub run: Run,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    #[default]
    Any,
    /// A 2xx answer without GraphQL errors.
    Succeeded,
    /// Anything else: another status, GraphQL errors, no answer.
    Failed,
}

/// What to list.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Search {
    /// Words, each the start of a word in the document, operation name, variables or endpoint.
    pub text: String,
    pub endpoint: Option<EndpointChoice>,
    pub outcome: Outcome,
    pub favourites_only: bool,
    /// At most this many, newest first.
    pub limit: usize,
    /// Only entries older than this id (the next page).
    pub before: Option<i64>,
}

pub struct History {
    connection: Mutex<Connection>,
    path: PathBuf,
}

impl History {
    /// Opens (or makes) the history at `path`; a damaged file is moved aside ([`Opened::Recovered`]).
    pub fn open(path: &Path) -> Result<(History, Opened), StoreError> {
        // Opened by every `sextant run`: only the header is checked (see `Check`).
        let (connection, opened) = crate::open_or_move_aside(path, create_tables, crate::Check::Header)?;
        Ok((History { connection: Mutex::new(connection), path: path.to_owned() }, opened))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn failed(&self, error: rusqlite::Error) -> StoreError {
        StoreError::Unusable { path: self.path.display().to_string(), message: error.to_string() }
    }

    fn connection(&self) -> std::sync::MutexGuard<'_, Connection> {
        self.connection.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Records a run, then lets the oldest go beyond the retention (favourites stay). Its id.
    pub fn record(&self, run: &Run) -> Result<i64, StoreError> {
        let mut connection = self.connection();
        let transaction = connection.transaction().map_err(|error| self.failed(error))?;
        let endpoint = serde_json::to_string(&run.endpoint).unwrap_or_default();
        transaction
            .execute(
                "INSERT INTO runs (at_unix_ms, source, endpoint, endpoint_text, profile, operation_name, document, variables,
                                   status, failure, graphql_errors, succeeded, duration_ms, size_bytes, budget_remaining, budget_limit,
                                   events, stream_end)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18)",
                params![
                    run.at_unix_ms,
                    run.from,
                    endpoint,
                    endpoint_text(&run.endpoint),
                    run.profile,
                    run.operation_name,
                    run.document,
                    run.variables,
                    run.status,
                    run.failure,
                    run.graphql_errors,
                    run.succeeded(),
                    run.duration_ms,
                    run.size_bytes.map(saturating_i64),
                    run.budget_remaining.map(saturating_i64),
                    run.budget_limit.map(saturating_i64),
                    run.events.map(saturating_i64),
                    run.stream_end,
                ],
            )
            .map_err(|error| self.failed(error))?;
        let id = transaction.last_insert_rowid();
        let retention = retention_in(&transaction).map_err(|error| self.failed(error))?;
        prune(&transaction, retention).map_err(|error| self.failed(error))?;
        transaction.commit().map_err(|error| self.failed(error))?;
        Ok(id)
    }

    /// The runs that match, newest first.
    pub fn search(&self, search: &Search) -> Result<Vec<Entry>, StoreError> {
        let connection = self.connection();
        let mut sql = format!("SELECT {COLUMNS} FROM runs WHERE 1");
        let mut values: Vec<rusqlite::types::Value> = Vec::new();
        let words = fts_query(&search.text);
        if let Some(words) = words {
            sql.push_str(" AND id IN (SELECT rowid FROM runs_text WHERE runs_text MATCH ?)");
            values.push(words.into());
        }
        if let Some(endpoint) = &search.endpoint {
            sql.push_str(" AND endpoint = ?");
            values.push(serde_json::to_string(endpoint).unwrap_or_default().into());
        }
        match search.outcome {
            Outcome::Any => {}
            Outcome::Succeeded => sql.push_str(" AND succeeded = 1"),
            Outcome::Failed => sql.push_str(" AND succeeded = 0"),
        }
        if search.favourites_only {
            sql.push_str(" AND favourite = 1");
        }
        if let Some(before) = search.before {
            sql.push_str(" AND id < ?");
            values.push(before.into());
        }
        sql.push_str(" ORDER BY id DESC LIMIT ?");
        values.push(saturating_i64(search.limit as u64).into());
        let mut statement = connection.prepare_cached(&sql).map_err(|error| self.failed(error))?;
        let rows = statement.query_map(rusqlite::params_from_iter(values), read_entry).map_err(|error| self.failed(error))?;
        rows.collect::<Result<Vec<_>, _>>().map_err(|error| self.failed(error))
    }

    pub fn get(&self, id: i64) -> Result<Option<Entry>, StoreError> {
        self.connection()
            .query_row(&format!("SELECT {COLUMNS} FROM runs WHERE id = ?1"), [id], read_entry)
            .optional()
            .map_err(|error| self.failed(error))
    }

    /// Marks a run as a favourite (kept whatever the retention) or not. `false` when there is no such run.
    pub fn set_favourite(&self, id: i64, favourite: bool) -> Result<bool, StoreError> {
        let mut connection = self.connection();
        let transaction = connection.transaction().map_err(|error| self.failed(error))?;
        let changed = transaction.execute("UPDATE runs SET favourite = ?2 WHERE id = ?1", params![id, favourite]).map_err(|error| self.failed(error))?;
        // A run no longer a favourite may be past the retention.
        let retention = retention_in(&transaction).map_err(|error| self.failed(error))?;
        prune(&transaction, retention).map_err(|error| self.failed(error))?;
        transaction.commit().map_err(|error| self.failed(error))?;
        Ok(changed > 0)
    }

    /// Forgets one run. `false` when there was none.
    pub fn remove(&self, id: i64) -> Result<bool, StoreError> {
        self.connection().execute("DELETE FROM runs WHERE id = ?1", [id]).map(|changed| changed > 0).map_err(|error| self.failed(error))
    }

    /// How many runs are kept besides the favourites.
    pub fn retention(&self) -> Result<u32, StoreError> {
        retention_in(&self.connection()).map_err(|error| self.failed(error))
    }

    /// Changes how many runs are kept, letting the oldest go at once.
    pub fn set_retention(&self, keep: u32) -> Result<(), StoreError> {
        let mut connection = self.connection();
        let transaction = connection.transaction().map_err(|error| self.failed(error))?;
        transaction
            .execute("INSERT INTO meta (key, value) VALUES ('retention', ?1) ON CONFLICT (key) DO UPDATE SET value = ?1", [keep.to_string()])
            .map_err(|error| self.failed(error))?;
        prune(&transaction, keep).map_err(|error| self.failed(error))?;
        transaction.commit().map_err(|error| self.failed(error))
    }

    /// The endpoints runs went to, most recent first, for the filter.
    pub fn endpoints(&self) -> Result<Vec<EndpointChoice>, StoreError> {
        let connection = self.connection();
        let mut statement = connection
            .prepare_cached("SELECT endpoint FROM runs GROUP BY endpoint ORDER BY MAX(id) DESC LIMIT 100")
            .map_err(|error| self.failed(error))?;
        let rows = statement.query_map([], |row| row.get::<_, String>(0)).map_err(|error| self.failed(error))?;
        let texts: Vec<String> = rows.collect::<Result<_, _>>().map_err(|error| self.failed(error))?;
        Ok(texts.iter().filter_map(|text| serde_json::from_str(text).ok()).collect())
    }
}

const COLUMNS: &str = "id, favourite, at_unix_ms, source, endpoint, profile, operation_name, document, variables, status, failure,
                       graphql_errors, duration_ms, size_bytes, budget_remaining, budget_limit, events, stream_end";

fn read_entry(row: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    let endpoint: String = row.get(4)?;
    let unsigned = |value: Option<i64>| value.and_then(|value| u64::try_from(value).ok());
    Ok(Entry {
        id: row.get(0)?,
        favourite: row.get(1)?,
        run: Run {
            at_unix_ms: row.get(2)?,
            from: row.get(3)?,
            // An endpoint this version cannot read is the Demo API: the run's text is what matters.
            endpoint: serde_json::from_str(&endpoint).unwrap_or(EndpointChoice::Demo),
            profile: row.get(5)?,
            operation_name: row.get(6)?,
            document: row.get(7)?,
            variables: row.get(8)?,
            status: row.get(9)?,
            failure: row.get(10)?,
            graphql_errors: row.get(11)?,
            duration_ms: row.get(12)?,
            size_bytes: unsigned(row.get(13)?),
            budget_remaining: unsigned(row.get(14)?),
            budget_limit: unsigned(row.get(15)?),
            events: unsigned(row.get(16)?),
            stream_end: row.get(17)?,
        },
    })
}

/// The endpoint as searched: its URL, or the Demo API's name.
fn endpoint_text(endpoint: &EndpointChoice) -> String {
    match endpoint {
        EndpointChoice::Demo => "Demo API".to_owned(),
        EndpointChoice::Url { url } => url.clone(),
    }
}

/// The FTS5 query for what a person typed: each word (letters, digits, `_`) a quoted prefix, all
/// required. `None` when nothing searchable was typed. Nothing typed reaches FTS5's syntax.
pub fn fts_query(text: &str) -> Option<String> {
    let words: Vec<String> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
        .filter(|word| !word.is_empty())
        .take(16)
        .map(|word| format!("\"{word}\"*"))
        .collect();
    (!words.is_empty()).then(|| words.join(" AND "))
}

fn retention_in(connection: &Connection) -> rusqlite::Result<u32> {
    let kept: Option<String> = connection.query_row("SELECT value FROM meta WHERE key = 'retention'", [], |row| row.get(0)).optional()?;
    Ok(kept.and_then(|kept| kept.parse().ok()).unwrap_or(DEFAULT_RETENTION))
}

/// Lets the runs beyond the newest `keep` go, favourites excepted.
fn prune(connection: &Connection, keep: u32) -> rusqlite::Result<()> {
    connection.execute(
        "DELETE FROM runs WHERE favourite = 0 AND id <= (SELECT id FROM runs WHERE favourite = 0 ORDER BY id DESC LIMIT 1 OFFSET ?1)",
        [i64::from(keep)],
    )?;
    Ok(())
}

fn saturating_i64(value: u64) -> i64 {
    i64::try_from(value).unwrap_or(i64::MAX)
}

fn create_tables(connection: &Connection, version: i64) -> Result<(), String> {
    match version {
        // The text index is an external-content FTS5 table over `runs`, kept in step by triggers.
        0 => connection
            .execute_batch(
                "BEGIN;
                 CREATE TABLE runs (
                     id INTEGER PRIMARY KEY AUTOINCREMENT,
                     at_unix_ms INTEGER NOT NULL,
                     source TEXT NOT NULL,
                     endpoint TEXT NOT NULL,
                     endpoint_text TEXT NOT NULL,
                     profile TEXT,
                     operation_name TEXT,
                     document TEXT NOT NULL,
                     variables TEXT NOT NULL,
                     status INTEGER,
                     failure TEXT,
                     graphql_errors INTEGER NOT NULL,
                     succeeded INTEGER NOT NULL,
                     duration_ms REAL,
                     size_bytes INTEGER,
                     budget_remaining INTEGER,
                     budget_limit INTEGER,
                     favourite INTEGER NOT NULL DEFAULT 0
                 );
                 CREATE INDEX runs_by_endpoint ON runs (endpoint, id);
                 CREATE INDEX runs_favourites ON runs (favourite, id);
                 CREATE VIRTUAL TABLE runs_text USING fts5 (
                     document, operation_name, variables, endpoint_text,
                     content = 'runs', content_rowid = 'id', tokenize = 'unicode61'
                 );
                 CREATE TRIGGER runs_text_insert AFTER INSERT ON runs BEGIN
                     INSERT INTO runs_text (rowid, document, operation_name, variables, endpoint_text)
                     VALUES (new.id, new.document, new.operation_name, new.variables, new.endpoint_text);
                 END;
                 CREATE TRIGGER runs_text_delete AFTER DELETE ON runs BEGIN
                     INSERT INTO runs_text (runs_text, rowid, document, operation_name, variables, endpoint_text)
                     VALUES ('delete', old.id, old.document, old.operation_name, old.variables, old.endpoint_text);
                 END;
                 CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 PRAGMA user_version = 1;
                 COMMIT;"
            )
            .map_err(|error| error.to_string())
            .and_then(|()| create_tables(connection, 1)),
        // Format 2: streams, with their events and how they ended.
        // The app and the command line may open it at once: the version is read again under
        // the write lock, so that only one of them adds the columns.
        1 => {
            let migrate = || -> rusqlite::Result<()> {
                connection.execute_batch("BEGIN IMMEDIATE;")?;
                let now: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0))?;
                if now == 1 {
                    connection.execute_batch(&format!(
                        "ALTER TABLE runs ADD COLUMN events INTEGER;
                         ALTER TABLE runs ADD COLUMN stream_end TEXT;
                         PRAGMA user_version = {HISTORY_VERSION};"
                    ))?;
                }
                connection.execute_batch("COMMIT;")
            };
            migrate().map_err(|error| {
                let _ = connection.execute_batch("ROLLBACK;");
                error.to_string()
            })
        }
        HISTORY_VERSION => Ok(()),
        newer => Err(format!("{} (format {newer}, this one reads {HISTORY_VERSION})", crate::WRITTEN_BY_NEWER)),
    }
}
