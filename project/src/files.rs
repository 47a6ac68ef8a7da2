//! A project's documents on disk: listed by its `documents` globs (the `.graphql` and `.gql`
//! files when it names none), read and written back exactly as they are, with their variables
//! in a file beside them (`me.graphql` → `me.variables.json`).

use std::path::{Path, PathBuf};

use globset::{Glob, GlobSetBuilder};

/// Globs of a folder whose config names no documents (or that has no config).
pub const DEFAULT_DOCUMENTS: [&str; 2] = ["**/*.graphql", "**/*.gql"];

/// At most this many documents are listed: a folder that holds more is not a GraphQL project
/// (a home folder opened by mistake), and listing it would freeze nothing but help nobody.
pub const MAX_DOCUMENTS: usize = 10_000;

/// The documents under `dir` matching `globs` (relative to `dir`), sorted, with whether the list
/// stopped at [`MAX_DOCUMENTS`]. Ignored files (`.gitignore`, hidden folders) are left out, as
/// editors do.
pub fn documents(dir: &Path, globs: &[String]) -> Result<(Vec<PathBuf>, bool), String> {
    let mut set = GlobSetBuilder::new();
    let defaults: Vec<String> = DEFAULT_DOCUMENTS.iter().map(|glob| (*glob).to_owned()).collect();
    for glob in if globs.is_empty() { &defaults } else { globs } {
        // `./queries/*.graphql` is written as often as `queries/*.graphql`.
        let glob = glob.trim_start_matches("./");
        set.add(Glob::new(glob).map_err(|error| format!("the documents glob {glob:?}: {error}"))?);
    }
    let set = set.build().map_err(|error| error.to_string())?;
    let mut found = Vec::new();
    let mut more = false;
    for entry in ignore::WalkBuilder::new(dir).build().filter_map(Result::ok) {
        if !entry.file_type().is_some_and(|kind| kind.is_file()) {
            continue;
        }
        let Ok(relative) = entry.path().strip_prefix(dir) else { continue };
        if set.is_match(relative) {
            if found.len() == MAX_DOCUMENTS {
                more = true;
                break;
            }
            found.push(relative.to_owned());
        }
    }
    found.sort();
    Ok((found, more))
}

/// The variables file beside a document: `me.graphql` → `me.variables.json`.
pub fn variables_file(document: &Path) -> PathBuf {
    let stem = document.file_stem().map(|stem| stem.to_string_lossy().into_owned()).unwrap_or_default();
    document.with_file_name(format!("{stem}.variables.json"))
}

/// A document as saved: its text, and its variables file's (`None` when there is none).
pub fn read(document: &Path) -> std::io::Result<(String, Option<String>)> {
    let text = std::fs::read_to_string(document)?;
    let variables = match std::fs::read_to_string(variables_file(document)) {
        Ok(variables) => Some(variables),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    Ok((text, variables))
}

/// Writes a document back exactly (a temporary file beside it, renamed over it) and its variables
/// beside it: written when given and not empty, left alone when there is no file and nothing
/// to keep (`{}`).
pub fn write(document: &Path, text: &str, variables: Option<&str>) -> std::io::Result<()> {
    write_whole(document, text)?;
    if let Some(variables) = variables {
        let file = variables_file(document);
        let nothing = matches!(variables.trim(), "" | "{}");
        if !nothing || file.exists() {
            write_whole(&file, variables)?;
        }
    }
    Ok(())
}

fn write_whole(path: &Path, text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    for n in 0..100 {
        let temporary = dir.join(format!(".{name}.sextant-{}-{n}", std::process::id()));
        let mut file = match std::fs::OpenOptions::new().write(true).create_new(true).open(&temporary) {
            Ok(file) => file,
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(error) => return Err(error),
        };
        // The document keeps the permissions it had.
        if let Ok(metadata) = std::fs::metadata(path) {
            let _ = std::fs::set_permissions(&temporary, metadata.permissions());
        }
        let written = file.write_all(text.as_bytes()).and_then(|()| file.sync_all()).and_then(|()| std::fs::rename(&temporary, path));
        if written.is_err() {
            let _ = std::fs::remove_file(&temporary);
        }
        return written;
    }
    Err(std::io::Error::other("too many temporary files of earlier writes"))
}
