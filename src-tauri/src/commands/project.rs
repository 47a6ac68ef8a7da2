//! A project folder in the window (`project::folder`): open one, list its documents, read and
//! write them (only `.graphql`/`.gql` files inside it, their variables beside them), rename, and
//! wait for edits made outside (the watcher's batches, asked for again and again by the page).

use tauri::State;

use crate::ipc::IpcError;
use crate::ipc::project::{
    ProjectChanges, ProjectChangesRequest, ProjectCurrent, ProjectFile, ProjectFileRequest, ProjectOpenRequest, ProjectRenameRequest, ProjectSaveRequest,
    ProjectSaved, ProjectShown,
};
use crate::state::{Projects, Tabs};

/// The setting that reopens the last folder at start.
const PROJECT_DIR: &str = "projectDir";

/// Opens a folder as the project (the one open before closes).
#[tauri::command]
pub async fn project_open(projects: State<'_, Projects>, tabs: State<'_, Tabs>, request: ProjectOpenRequest) -> Result<ProjectShown, IpcError> {
    let shown = projects.open(std::path::Path::new(&request.dir))?;
    tabs.store()?.set_setting(PROJECT_DIR, &shown.dir)?;
    Ok(shown)
}

/// The folder open now; at start, the one given on the command line, else the one open last time
/// (none when there is none or it is gone).
#[tauri::command]
pub async fn project_current(projects: State<'_, Projects>, tabs: State<'_, Tabs>) -> Result<ProjectCurrent, IpcError> {
    if let Some(dir) = projects.take_launch_dir() {
        let shown = projects.open(&dir)?;
        tabs.store()?.set_setting(PROJECT_DIR, &shown.dir)?;
        return Ok(ProjectCurrent { project: Some(shown), launched: true });
    }
    if let Some(shown) = projects.shown() {
        return Ok(ProjectCurrent { project: Some(shown), launched: false });
    }
    let last = tabs.store()?.setting(PROJECT_DIR)?.filter(|dir| !dir.is_empty());
    let project = last.and_then(|dir| projects.open(std::path::Path::new(&dir)).ok());
    Ok(ProjectCurrent { project, launched: false })
}

#[tauri::command]
pub async fn project_close(projects: State<'_, Projects>, tabs: State<'_, Tabs>) -> Result<(), IpcError> {
    projects.close();
    Ok(tabs.store()?.set_setting(PROJECT_DIR, "")?)
}

#[tauri::command]
pub async fn project_read(projects: State<'_, Projects>, request: ProjectFileRequest) -> Result<ProjectFile, IpcError> {
    projects.reading(|folder| {
        let path = folder.document(&request.path).map_err(project_error)?;
        let (text, variables) = project::files::read(&path).map_err(|error| IpcError::Project { message: format!("{}: {error}", request.path) })?;
        Ok(ProjectFile { path: request.path, text, variables })
    })
}

/// Writes a document (and its variables beside it); `create` never overwrites.
#[tauri::command]
pub async fn project_save(projects: State<'_, Projects>, request: ProjectSaveRequest) -> Result<ProjectSaved, IpcError> {
    // A project's files are committed and shared: a token typed into the variables stays in the tab.
    if let Some(found) = request.variables.as_deref().and_then(project::secrets::token_in_variables) {
        return Err(IpcError::Project {
            message: format!("Not saved: {found}. A project's files are shared; keep the token in a token profile (the OS keychain), sent as a header."),
        });
    }
    let (saved, project) = projects.changing(|folder| {
        let path = folder.save(&request.path, &request.text, request.variables.as_deref(), request.create).map_err(project_error)?;
        // What is on disk now, which the tab compares its text with.
        let (text, variables) = project::files::read(&path).map_err(|error| IpcError::Project { message: format!("{}: {error}", request.path) })?;
        Ok(ProjectFile { path: request.path.clone(), text, variables })
    })?;
    Ok(ProjectSaved { project, saved })
}

/// Renames a document and its variables file.
#[tauri::command]
pub async fn project_rename(projects: State<'_, Projects>, request: ProjectRenameRequest) -> Result<ProjectShown, IpcError> {
    projects.changing(|folder| folder.rename(&request.from, &request.to).map_err(project_error)).map(|(_, shown)| shown)
}

/// Answers once something changed after `after`: documents edited on disk, another folder opened.
#[tauri::command]
pub async fn project_changes(projects: State<'_, Projects>, request: ProjectChangesRequest) -> Result<ProjectChanges, IpcError> {
    let mut changes = projects.subscribe();
    loop {
        {
            let log = changes.borrow_and_update();
            if log.generation > request.after {
                let (paths, everything) = log.since(request.after);
                let generation = log.generation;
                drop(log);
                return Ok(ProjectChanges { generation, paths, everything, project: projects.shown() });
            }
        }
        if changes.changed().await.is_err() {
            return Ok(ProjectChanges { generation: request.after, paths: Vec::new(), everything: false, project: None });
        }
    }
}

fn project_error(error: project::folder::PathError) -> IpcError {
    match error {
        project::folder::PathError::Exists(_) => IpcError::FileExists { message: error.to_string() },
        _ => IpcError::Project { message: error.to_string() },
    }
}
