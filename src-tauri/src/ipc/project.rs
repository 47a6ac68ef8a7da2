//! A project folder as the page sees it: its documents, the file a tab is bound to, and the
//! changes made on disk.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// An open project folder.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectShown {
    /// The folder, absolute.
    pub dir: String,
    /// Its last part, for the sidebar's title.
    pub name: String,
    /// The graphql-config file read, relative to `dir`.
    pub config_file: Option<String>,
    /// Why the config was not read (the folder opens all the same).
    pub config_problem: Option<String>,
    /// The documents, `/`-separated paths relative to `dir`, sorted.
    pub documents: Vec<String>,
    /// The list stopped at its limit: the folder holds more documents.
    pub more: bool,
    /// The config's endpoints, default first.
    pub endpoints: Vec<ProjectEndpointShown>,
}

/// An endpoint of the project's config.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectEndpointShown {
    pub name: String,
    /// As written (may hold `${VAR}`).
    pub url: String,
    /// The URL with its variables read from the environment; `null` when one is unset.
    pub resolved: Option<String>,
    /// The token profile the config names for it.
    pub profile: Option<String>,
}

/// The folder open at start: given on the command line (`launched`), or open last time.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectCurrent {
    pub project: Option<ProjectShown>,
    pub launched: bool,
}

/// A document written: the folder's listing now, and the document as it is on disk.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectSaved {
    pub project: ProjectShown,
    pub saved: ProjectFile,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectOpenRequest {
    pub dir: String,
}

/// A document of the open project, by its path relative to the folder.
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectFileRequest {
    pub path: String,
}

/// A document as saved: its text, and its variables file's (`null` when it has none).
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectFile {
    pub path: String,
    pub text: String,
    pub variables: Option<String>,
}

/// Save (`create`: false) or Save as and New file (`create`: true, never overwrites).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectSaveRequest {
    pub path: String,
    pub text: String,
    /// The Variables editor's text, written beside the document.
    pub variables: Option<String>,
    pub create: bool,
}

#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectRenameRequest {
    pub from: String,
    pub to: String,
}

/// Waits for changes on disk after `after` (a generation an earlier answer gave; 0 at first).
#[derive(Debug, Clone, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectChangesRequest {
    #[ts(type = "number")]
    pub after: u64,
}

/// Changes on disk since the generation asked after.
#[derive(Debug, Clone, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ProjectChanges {
    /// Ask after this one next.
    #[ts(type = "number")]
    pub generation: u64,
    /// The documents changed (and those whose variables file changed), relative to the folder.
    pub paths: Vec<String>,
    /// More changed than were kept to tell: every open document should be read again.
    pub everything: bool,
    /// The project as it is now (`null`: none is open).
    pub project: Option<ProjectShown>,
}

impl From<&project::folder::Folder> for ProjectShown {
    fn from(folder: &project::folder::Folder) -> ProjectShown {
        let config = folder.config.as_ref();
        ProjectShown {
            dir: folder.dir.display().to_string(),
            name: folder.dir.file_name().map_or_else(|| folder.dir.display().to_string(), |name| name.to_string_lossy().into_owned()),
            config_file: config.and_then(|config| folder.relative(&config.file)),
            config_problem: folder.config_problem.clone(),
            documents: folder.documents.iter().filter_map(|path| folder.relative(&folder.dir.join(path))).collect(),
            more: folder.more,
            endpoints: config
                .map(|config| {
                    config
                        .endpoints
                        .iter()
                        .map(|endpoint| ProjectEndpointShown {
                            name: endpoint.name.clone(),
                            url: endpoint.url.clone(),
                            resolved: connection::expand::expand(&endpoint.url, |name| std::env::var(name).ok()).ok(),
                            profile: endpoint.profile.clone(),
                        })
                        .collect()
                })
                .unwrap_or_default(),
        }
    }
}
