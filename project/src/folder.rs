//! A folder opened as a project in the app: its graphql-config file (in the folder itself, as an
//! editor opening a workspace reads it), its documents, and the only paths the app may read and
//! write in it.

use std::path::{Component, Path, PathBuf};

use crate::{FILE_NAMES, PROGRAM_FILE_NAMES, Project, files};

/// What the app shows of an open folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folder {
    /// The folder, canonical: every path the app reads or writes is inside it.
    pub dir: PathBuf,
    /// Its config, when it has a readable one.
    pub config: Option<Project>,
    /// Why its config was not read (a program, invalid YAML…); the folder opens all the same.
    pub config_problem: Option<String>,
    /// Its documents, relative to `dir`, sorted.
    pub documents: Vec<PathBuf>,
    /// The list stopped at [`files::MAX_DOCUMENTS`].
    pub more: bool,
}

/// Why a path given by the window is not a document of the folder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("{0:?} is not a path inside the project (a relative path without \"..\")")]
    Outside(String),
    #[error("{0:?} is not a GraphQL document: its name ends in .graphql or .gql")]
    NotADocument(String),
    #[error("{0} exists already")]
    Exists(String),
    #[error("{0}: {1}")]
    Io(String, String),
}

/// Opens `dir`: its config (when it has one) and its documents.
pub fn open(dir: &Path) -> Result<Folder, String> {
    let dir = dir.canonicalize().map_err(|error| format!("cannot open {}: {error}", dir.display()))?;
    if !dir.is_dir() {
        return Err(format!("{} is not a folder", dir.display()));
    }
    let mut folder = Folder { dir, config: None, config_problem: None, documents: Vec::new(), more: false };
    folder.reload()?;
    Ok(folder)
}

impl Folder {
    /// Reads the config and lists the documents again (after a change on disk).
    pub fn reload(&mut self) -> Result<(), String> {
        (self.config, self.config_problem) = match config_in(&self.dir) {
            None => (None, None),
            Some(Ok(project)) => (Some(project), None),
            Some(Err(problem)) => (None, Some(problem)),
        };
        let globs = self.config.as_ref().map(|config| config.documents.clone()).unwrap_or_default();
        (self.documents, self.more) = files::documents(&self.dir, &globs)?;
        Ok(())
    }

    /// The document `relative` (`/`-separated, as the window shows it) as a path inside the
    /// folder: refused when it leaves the folder (`..`, an absolute path, a link pointing out) or
    /// is not a `.graphql`/`.gql` file, so that the window can write nothing else.
    pub fn document(&self, relative: &str) -> Result<PathBuf, PathError> {
        let outside = || PathError::Outside(relative.to_owned());
        let path = Path::new(relative);
        if relative.is_empty() || !path.components().all(|part| matches!(part, Component::Normal(_))) {
            return Err(outside());
        }
        if !path.extension().is_some_and(|extension| extension == "graphql" || extension == "gql") {
            return Err(PathError::NotADocument(relative.to_owned()));
        }
        let full = self.dir.join(path);
        // The deepest part that exists, resolved through links, must still be inside.
        let existing = full.ancestors().find(|ancestor| ancestor.exists()).unwrap_or(&self.dir);
        let resolved = existing.canonicalize().map_err(|error| PathError::Io(relative.to_owned(), error.to_string()))?;
        if !resolved.starts_with(&self.dir) {
            return Err(outside());
        }
        Ok(full)
    }

    /// `path` (inside the folder) as the window names it.
    pub fn relative(&self, path: &Path) -> Option<String> {
        let relative = path.strip_prefix(&self.dir).ok()?;
        Some(relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/"))
    }

    /// Writes a document and its variables ([`files::write`]); a new one (`create`) must not
    /// exist yet, and its folders are made.
    pub fn save(&self, relative: &str, text: &str, variables: Option<&str>, create: bool) -> Result<PathBuf, PathError> {
        let path = self.document(relative)?;
        let failed = |error: std::io::Error| PathError::Io(relative.to_owned(), error.to_string());
        if create {
            if path.exists() {
                return Err(PathError::Exists(relative.to_owned()));
            }
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(failed)?;
            }
        }
        files::write(&path, text, variables).map_err(failed)?;
        Ok(path)
    }

    /// Renames a document, and its variables file with it; nothing is overwritten.
    pub fn rename(&self, from: &str, to: &str) -> Result<PathBuf, PathError> {
        let (old, new) = (self.document(from)?, self.document(to)?);
        let failed = |error: std::io::Error| PathError::Io(from.to_owned(), error.to_string());
        let (old_variables, new_variables) = (files::variables_file(&old), files::variables_file(&new));
        if new.exists() {
            return Err(PathError::Exists(to.to_owned()));
        }
        if old_variables.exists() && new_variables.exists() {
            return Err(PathError::Exists(self.relative(&new_variables).unwrap_or_default()));
        }
        if !old.is_file() {
            return Err(PathError::Io(from.to_owned(), "no such document".to_owned()));
        }
        if let Some(parent) = new.parent() {
            std::fs::create_dir_all(parent).map_err(failed)?;
        }
        std::fs::rename(&old, &new).map_err(failed)?;
        if old_variables.exists() {
            std::fs::rename(&old_variables, &new_variables).map_err(failed)?;
        }
        Ok(new)
    }
}

/// The config file in `dir` read, `None` when it has none.
fn config_in(dir: &Path) -> Option<Result<Project, String>> {
    if let Some(file) = FILE_NAMES.iter().map(|name| dir.join(name)).find(|file| file.is_file()) {
        return Some(crate::load(&file).map_err(|error| error.to_string()));
    }
    let program = PROGRAM_FILE_NAMES.iter().map(|name| dir.join(name)).find(|file| file.is_file())?;
    Some(Err(crate::ProjectError::Program { file: program }.to_string()))
}
