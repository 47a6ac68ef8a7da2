//! The desktop app's state, in one SQLite file in the state directory: the open tabs (each with
//! its document, variables, headers, endpoint and profile), the tabs closed lately (to reopen), and
//! small settings (the theme, the active tab, the endpoints used before).
//!
//! - Durable against a killed process: WAL journal, each save one transaction, so what was saved
//!   before a `kill -9` is there after it (the app saves typing at least every half second).
//! - Never a credential: headers are written only through [`net::keep_headers`], which leaves out
//!   every header whose name says it carries one; the store has no way to write them.
//! - A damaged file is moved aside with a note saying where (`state.sqlite.damaged-<unix seconds>`),
//!   and a new one started: never silently emptied, never a failure that keeps the app from opening.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard, PoisonError};

pub mod history;

use rusqlite::{Connection, OptionalExtension, params};
use serde::{Deserialize, Serialize};

/// How many closed tabs are kept to reopen.
pub const CLOSED_KEPT: usize = 20;

const SCHEMA_VERSION: i64 = 2;

/// The store's file in the state directory.
pub fn file_in(state_dir: &Path) -> PathBuf {
    state_dir.join("state.sqlite")
}

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("the app's state ({path}) cannot be used: {message}")]
    Unusable { path: String, message: String },
    #[error("there is no tab {id}")]
    NoSuchTab { id: String },
}

/// Which endpoint a tab sends to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EndpointChoice {
    /// The built-in Demo API (its URL changes between runs).
    Demo,
    Url { url: String },
}

/// A tab as kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tab {
    pub id: String,
    /// Set by the person; `None` names the tab after its operation.
    pub title: Option<String>,
    pub document: String,
    pub variables: String,
    pub endpoint: EndpointChoice,
    pub profile: Option<String>,
    /// The headers typed for each origin this tab has sent to, without credentials.
    pub headers: Vec<(String, String)>,
    /// The project document it is bound to (an absolute path), if any.
    pub file: Option<String>,
}

impl Tab {
    /// A new tab with these contents and a fresh id.
    pub fn new(document: &str, variables: &str, endpoint: EndpointChoice, profile: Option<String>) -> Tab {
        Tab {
            id: new_id(),
            title: None,
            document: document.to_owned(),
            variables: variables.to_owned(),
            endpoint,
            profile,
            headers: Vec::new(),
            file: None,
        }
    }
}

/// What opening found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Opened {
    /// The file was there and readable, or there was none.
    Fine,
    /// The file was damaged: moved to `moved_to`, and a new one started.
    Recovered { moved_to: PathBuf, reason: String },
}

pub struct Store {
    connection: Mutex<Connection>,
    path: PathBuf,
}

fn lock(connection: &Mutex<Connection>) -> MutexGuard<'_, Connection> {
    connection.lock().unwrap_or_else(PoisonError::into_inner)
}

fn new_id() -> String {
    let mut bytes = [0u8; 12];
    // Without randomness (never seen on Linux), ids still differ by the time they were made.
    if getrandom::fill(&mut bytes).is_err() {
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos();
        bytes.copy_from_slice(&nanos.to_le_bytes()[..12]);
    }
    bytes.iter().map(|byte| format!("{byte:02x}")).collect()
}

fn unix_now() -> i64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |since| since.as_secs() as i64)
}

impl Store {
    /// Opens (or makes) the store at `path`. A file that is not a readable store of this app is
    /// moved aside and a new one made ([`Opened::Recovered`]); only a folder that cannot be
    /// written at all is an error.
    pub fn open(path: &Path) -> Result<(Store, Opened), StoreError> {
        let (connection, opened) = open_or_move_aside(path, create_tables, Check::Whole)?;
        Ok((Store { connection: Mutex::new(connection), path: path.to_owned() }, opened))
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    fn failed(&self, error: rusqlite::Error) -> StoreError {
        StoreError::Unusable { path: self.path.display().to_string(), message: error.to_string() }
    }

    /// The open tabs, in order.
    pub fn tabs(&self) -> Result<Vec<Tab>, StoreError> {
        let connection = lock(&self.connection);
        let ids: Vec<String> = connection
            .prepare("SELECT id FROM tabs WHERE closed_at IS NULL ORDER BY position")
            .and_then(|mut statement| statement.query_map([], |row| row.get(0))?.collect())
            .map_err(|error| self.failed(error))?;
        ids.iter().map(|id| self.read_tab(&connection, id)).collect()
    }

    fn read_tab(&self, connection: &Connection, id: &str) -> Result<Tab, StoreError> {
        let row = connection
            .query_row("SELECT title, document, variables, endpoint, profile, file FROM tabs WHERE id = ?1", [id], |row| {
                Ok((
                    row.get::<_, Option<String>>(0)?,
                    row.get::<_, String>(1)?,
                    row.get::<_, String>(2)?,
                    row.get::<_, String>(3)?,
                    row.get::<_, Option<String>>(4)?,
                    row.get::<_, Option<String>>(5)?,
                ))
            })
            .optional()
            .map_err(|error| self.failed(error))?;
        let Some((title, document, variables, endpoint, profile, file)) = row else {
            return Err(StoreError::NoSuchTab { id: id.to_owned() });
        };
        let headers = connection
            .prepare("SELECT origin, headers FROM tab_headers WHERE tab_id = ?1 ORDER BY origin")
            .and_then(|mut statement| statement.query_map([id], |row| Ok((row.get(0)?, row.get(1)?)))?.collect())
            .map_err(|error| self.failed(error))?;
        // An endpoint this version cannot read is the Demo API: the tab's text is what matters.
        let endpoint = serde_json::from_str(&endpoint).unwrap_or(EndpointChoice::Demo);
        Ok(Tab { id: id.to_owned(), title, document, variables, endpoint, profile, headers, file })
    }

    /// Adds `tab` at `position` among the open tabs (clamped).
    pub fn insert(&self, tab: &Tab, position: usize) -> Result<(), StoreError> {
        let mut connection = lock(&self.connection);
        let transaction = connection.transaction().map_err(|error| self.failed(error))?;
        let mut order = open_ids(&transaction).map_err(|error| self.failed(error))?;
        order.insert(position.min(order.len()), tab.id.clone());
        let endpoint = serde_json::to_string(&tab.endpoint).unwrap_or_default();
        transaction
            .execute(
                "INSERT INTO tabs (id, position, title, document, variables, endpoint, profile, file) VALUES (?1, 0, ?2, ?3, ?4, ?5, ?6, ?7)",
                params![tab.id, tab.title, tab.document, tab.variables, endpoint, tab.profile, tab.file],
            )
            .map_err(|error| self.failed(error))?;
        write_headers(&transaction, &tab.id, &tab.headers).map_err(|error| self.failed(error))?;
        write_order(&transaction, &order).map_err(|error| self.failed(error))?;
        transaction.commit().map_err(|error| self.failed(error))
    }

    /// Writes a tab's contents (not its place or whether it is open).
    pub fn save(&self, tab: &Tab) -> Result<(), StoreError> {
        let mut connection = lock(&self.connection);
        let transaction = connection.transaction().map_err(|error| self.failed(error))?;
        let endpoint = serde_json::to_string(&tab.endpoint).unwrap_or_default();
        let changed = transaction
            .execute(
                "UPDATE tabs SET title = ?2, document = ?3, variables = ?4, endpoint = ?5, profile = ?6, file = ?7 WHERE id = ?1",
                params![tab.id, tab.title, tab.document, tab.variables, endpoint, tab.profile, tab.file],
            )
            .map_err(|error| self.failed(error))?;
        if changed == 0 {
            return Err(StoreError::NoSuchTab { id: tab.id.clone() });
        }
        let origins: Vec<&str> = tab.headers.iter().map(|(origin, _)| origin.as_str()).collect();
        let kept: Vec<String> = transaction
            .prepare("SELECT origin FROM tab_headers WHERE tab_id = ?1")
            .and_then(|mut statement| statement.query_map([&tab.id], |row| row.get(0))?.collect())
            .map_err(|error| self.failed(error))?;
        for gone in kept.iter().filter(|origin| !origins.contains(&origin.as_str())) {
            transaction.execute("DELETE FROM tab_headers WHERE tab_id = ?1 AND origin = ?2", [&tab.id, gone]).map_err(|error| self.failed(error))?;
        }
        write_headers(&transaction, &tab.id, &tab.headers).map_err(|error| self.failed(error))?;
        transaction.commit().map_err(|error| self.failed(error))
    }

    /// Closes a tab: it leaves the open tabs and goes first among the closed ones (of which
    /// [`CLOSED_KEPT`] are kept).
    pub fn close(&self, id: &str) -> Result<(), StoreError> {
        let mut connection = lock(&self.connection);
        let transaction = connection.transaction().map_err(|error| self.failed(error))?;
        // Closed in the same second as another: the order of closing still counts.
        let closed_at: i64 = transaction
            .query_row("SELECT MAX(?1, COALESCE(MAX(closed_at), 0) + 1) FROM tabs", [unix_now()], |row| row.get(0))
            .map_err(|error| self.failed(error))?;
        let changed = transaction
            .execute("UPDATE tabs SET closed_at = ?2 WHERE id = ?1 AND closed_at IS NULL", params![id, closed_at])
            .map_err(|error| self.failed(error))?;
        if changed == 0 {
            return Err(StoreError::NoSuchTab { id: id.to_owned() });
        }
        transaction
            .execute(
                "DELETE FROM tabs WHERE closed_at IS NOT NULL AND id NOT IN
                 (SELECT id FROM tabs WHERE closed_at IS NOT NULL ORDER BY closed_at DESC LIMIT ?1)",
                [CLOSED_KEPT as i64],
            )
            .map_err(|error| self.failed(error))?;
        let order = open_ids(&transaction).map_err(|error| self.failed(error))?;
        write_order(&transaction, &order).map_err(|error| self.failed(error))?;
        transaction.commit().map_err(|error| self.failed(error))
    }

    /// Reopens the tab closed last, at `position`; `None` when none is left.
    pub fn reopen(&self, position: usize) -> Result<Option<Tab>, StoreError> {
        let id = {
            let mut connection = lock(&self.connection);
            let transaction = connection.transaction().map_err(|error| self.failed(error))?;
            let id: Option<String> = transaction
                .query_row("SELECT id FROM tabs WHERE closed_at IS NOT NULL ORDER BY closed_at DESC LIMIT 1", [], |row| row.get(0))
                .optional()
                .map_err(|error| self.failed(error))?;
            let Some(id) = id else { return Ok(None) };
            transaction.execute("UPDATE tabs SET closed_at = NULL WHERE id = ?1", [&id]).map_err(|error| self.failed(error))?;
            let mut order = open_ids(&transaction).map_err(|error| self.failed(error))?;
            order.retain(|open| *open != id);
            order.insert(position.min(order.len()), id.clone());
            write_order(&transaction, &order).map_err(|error| self.failed(error))?;
            transaction.commit().map_err(|error| self.failed(error))?;
            id
        };
        let connection = lock(&self.connection);
        self.read_tab(&connection, &id).map(Some)
    }

    /// Puts the open tabs in this order; ids not given keep their order after those given.
    pub fn reorder(&self, ids: &[String]) -> Result<(), StoreError> {
        let mut connection = lock(&self.connection);
        let transaction = connection.transaction().map_err(|error| self.failed(error))?;
        let open = open_ids(&transaction).map_err(|error| self.failed(error))?;
        let mut order: Vec<String> = ids.iter().filter(|id| open.contains(id)).cloned().collect();
        order.extend(open.into_iter().filter(|id| !ids.contains(id)));
        write_order(&transaction, &order).map_err(|error| self.failed(error))?;
        transaction.commit().map_err(|error| self.failed(error))
    }

    pub fn setting(&self, key: &str) -> Result<Option<String>, StoreError> {
        lock(&self.connection)
            .query_row("SELECT value FROM settings WHERE key = ?1", [key], |row| row.get(0))
            .optional()
            .map_err(|error| self.failed(error))
    }

    pub fn set_setting(&self, key: &str, value: &str) -> Result<(), StoreError> {
        lock(&self.connection)
            .execute("INSERT INTO settings (key, value) VALUES (?1, ?2) ON CONFLICT (key) DO UPDATE SET value = ?2", [key, value])
            .map(drop)
            .map_err(|error| self.failed(error))
    }
}

/// The tables of a new store; `version` is the file's `user_version`.
fn create_tables(connection: &Connection, version: i64) -> Result<(), String> {
    match version {
        0 => connection
            .execute_batch(&format!(
                "BEGIN;
                 CREATE TABLE tabs (
                     id TEXT PRIMARY KEY,
                     position INTEGER NOT NULL,
                     title TEXT,
                     document TEXT NOT NULL,
                     variables TEXT NOT NULL,
                     endpoint TEXT NOT NULL,
                     profile TEXT,
                     closed_at INTEGER,
                     file TEXT
                 );
                 CREATE TABLE tab_headers (
                     tab_id TEXT NOT NULL REFERENCES tabs(id) ON DELETE CASCADE,
                     origin TEXT NOT NULL,
                     headers TEXT NOT NULL,
                     PRIMARY KEY (tab_id, origin)
                 );
                 CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
                 PRAGMA user_version = {SCHEMA_VERSION};
                 COMMIT;"
            ))
            .map_err(|error| error.to_string()),
        // Version 1 had no tab bound to a project document.
        1 => connection
            .execute_batch(&format!("BEGIN; ALTER TABLE tabs ADD COLUMN file TEXT; PRAGMA user_version = {SCHEMA_VERSION}; COMMIT;"))
            .map_err(|error| error.to_string()),
        SCHEMA_VERSION => Ok(()),
        // The window needs its tabs: a newer file is moved aside (kept) and a new one started.
        newer => Err(format!("it was written by a newer Sextant (format {newer}, this one reads {SCHEMA_VERSION})")),
    }
}

/// How much of a file is checked when it is opened.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Check {
    /// `PRAGMA quick_check`: every page (milliseconds for the tabs, a tenth of a second for a
    /// history of 100,000 runs).
    Whole,
    /// Only that it is a database of this app: damage further in is an error when it is met.
    Header,
}

/// Opens (or makes) the SQLite file at `path` and brings its tables to this version with
/// `migrate` (given the file's `user_version`). A file that is not a readable database this
/// version can use is moved aside with its WAL files ([`Opened::Recovered`]) and a new one made;
/// only a folder that cannot be written at all is an error.
/// How a migration says that the file is of a later format and is to be left as it is (the newer
/// Sextant that wrote it still reads it; this one reports it instead of moving it aside). The
/// history says so: nothing needs it to start, and `sextant run` goes on without it.
pub(crate) const WRITTEN_BY_NEWER: &str = "it is in a newer Sextant's format";

pub(crate) fn open_or_move_aside(
    path: &Path,
    migrate: fn(&Connection, i64) -> Result<(), String>,
    check: Check,
) -> Result<(Connection, Opened), StoreError> {
    let unusable = |message: String| StoreError::Unusable { path: path.display().to_string(), message };
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|error| unusable(error.to_string()))?;
    }
    let opened = match open_checked(path, migrate, check) {
        Ok(connection) => return Ok((connection, Opened::Fine)),
        Err(reason) if reason.starts_with(WRITTEN_BY_NEWER) => return Err(unusable(reason)),
        Err(reason) => {
            let extension = path.extension().and_then(|extension| extension.to_str()).unwrap_or("sqlite");
            let moved_to = path.with_extension(format!("{extension}.damaged-{}", unix_now()));
            std::fs::rename(path, &moved_to).map_err(|error| unusable(format!("{reason}; moving it aside failed: {error}")))?;
            for suffix in ["-wal", "-shm"] {
                let side = PathBuf::from(format!("{}{suffix}", path.display()));
                if side.exists() {
                    let _ = std::fs::rename(&side, PathBuf::from(format!("{}{suffix}", moved_to.display())));
                }
            }
            Opened::Recovered { moved_to, reason }
        }
    };
    let connection = open_checked(path, migrate, check).map_err(unusable)?;
    Ok((connection, opened))
}

fn open_checked(path: &Path, migrate: fn(&Connection, i64) -> Result<(), String>, check: Check) -> Result<Connection, String> {
    let connection = Connection::open(path).map_err(|error| error.to_string())?;
    connection.busy_timeout(std::time::Duration::from_secs(5)).map_err(|error| error.to_string())?;
    if check == Check::Whole {
        let check: String = connection.query_row("PRAGMA quick_check", [], |row| row.get(0)).map_err(|error| error.to_string())?;
        if check != "ok" {
            return Err(format!("the database is damaged ({check})"));
        }
    }
    connection
        .execute_batch(
            "PRAGMA journal_mode = WAL;
             PRAGMA synchronous = NORMAL;
             PRAGMA foreign_keys = ON;",
        )
        .map_err(|error| error.to_string())?;
    let version: i64 = connection.query_row("PRAGMA user_version", [], |row| row.get(0)).map_err(|error| error.to_string())?;
    migrate(&connection, version)?;
    Ok(connection)
}

fn open_ids(connection: &Connection) -> rusqlite::Result<Vec<String>> {
    connection.prepare("SELECT id FROM tabs WHERE closed_at IS NULL ORDER BY position")?.query_map([], |row| row.get(0))?.collect()
}

fn write_order(connection: &Connection, order: &[String]) -> rusqlite::Result<()> {
    let mut statement = connection.prepare("UPDATE tabs SET position = ?2 WHERE id = ?1")?;
    for (position, id) in order.iter().enumerate() {
        statement.execute(params![id, position as i64])?;
    }
    Ok(())
}

/// The headers of each origin, as [`net::keep_headers`] keeps them: never a credential. Text that
/// is not (yet) headers is not written: what was kept before stays.
fn write_headers(connection: &Connection, tab_id: &str, headers: &[(String, String)]) -> rusqlite::Result<()> {
    let mut statement = connection.prepare("INSERT OR REPLACE INTO tab_headers (tab_id, origin, headers) VALUES (?1, ?2, ?3)")?;
    for (origin, text) in headers {
        if let Some(kept) = net::keep_headers(text) {
            statement.execute(params![tab_id, origin, kept.keepable])?;
        }
    }
    Ok(())
}
