//! What the app keeps between commands: one newtype per managed value.

use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use language::{Schema, Valid};

use crate::ipc::{IpcError, SchemaSource, SchemaStatus};

/// The schema every language command works against, with where it came from.
#[derive(Debug)]
pub struct LoadedSchema {
    pub schema: Arc<Valid<Schema>>,
    pub source: SchemaSource,
    pub loaded_at: SystemTime,
    pub warnings: Vec<String>,
}

impl LoadedSchema {
    pub fn new(loaded: schema_cache::LoadedSchema, source: SchemaSource) -> Self {
        LoadedSchema {
            schema: Arc::new(loaded.schema),
            source,
            loaded_at: SystemTime::now(),
            warnings: loaded.warnings,
        }
    }

    pub fn status(&self) -> SchemaStatus {
        SchemaStatus::new(self.source.clone(), self.schema.types.len(), self.loaded_at, self.warnings.clone())
    }
}

/// The current schema, if any. The lock is held only to swap or clone the `Arc`, never while a
/// feature runs.
#[derive(Debug, Default)]
pub struct CurrentSchema(Mutex<Option<Arc<LoadedSchema>>>);

impl CurrentSchema {
    /// The schema to answer with, cloned out of the lock.
    pub fn schema(&self) -> Result<Arc<Valid<Schema>>, IpcError> {
        self.loaded().map(|loaded| loaded.schema.clone()).ok_or_else(IpcError::no_schema)
    }

    pub fn loaded(&self) -> Option<Arc<LoadedSchema>> {
        self.lock().clone()
    }

    /// Makes `loaded` the current schema and returns its status.
    pub fn replace(&self, loaded: LoadedSchema) -> SchemaStatus {
        let status = loaded.status();
        *self.lock() = Some(Arc::new(loaded));
        status
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Option<Arc<LoadedSchema>>> {
        // A panic elsewhere cannot leave an `Option<Arc<_>>` half-written: keep using it.
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
