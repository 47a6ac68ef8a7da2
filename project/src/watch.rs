//! Changes on disk under an open folder, told in batches: a `git checkout` or an editor's save
//! comes as dozens of events, and the window wants one word about them.
//!
//! Each folder is watched on its own (inotify watches one folder at a time), and only the folders
//! the documents' listing walks: what `.gitignore` ignores (`node_modules`, build output) is not
//! watched, as a `node_modules` alone can hold more folders than the system allows watches.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, mpsc};
use std::time::{Duration, Instant};

use notify::Watcher;

/// Events this close together are told together.
const QUIET: Duration = Duration::from_millis(50);
/// A stream of changes that never pauses is still told this often.
const AT_MOST: Duration = Duration::from_millis(500);

/// Watching a folder; dropping it stops.
pub struct Watch {
    _watcher: Arc<Mutex<notify::RecommendedWatcher>>,
}

/// Watches `dir` and its folders; `on_change` gets the paths changed (absolute, each once per
/// batch), on a thread of its own. Left out: ignored folders, `.git`, and the temporary files a
/// save writes before renaming ([`crate::files::write`]). A folder made later is watched from then.
pub fn watch(dir: &Path, on_change: impl Fn(Vec<PathBuf>) + Send + 'static) -> Result<Watch, String> {
    let (sender, events) = mpsc::channel::<notify::Result<notify::Event>>();
    let watcher = notify::recommended_watcher(sender).map_err(|error| format!("cannot watch {}: {error}", dir.display()))?;
    let watcher = Arc::new(Mutex::new(watcher));
    watch_folders(&watcher, dir).map_err(|error| format!("cannot watch {}: {error}", dir.display()))?;
    let root = dir.to_owned();
    // The thread holds the watcher weakly: dropping the `Watch` drops the watcher, which closes
    // the channel and ends the thread.
    let adding = Arc::downgrade(&watcher);
    std::thread::Builder::new()
        .name("project-watch".to_owned())
        .spawn(move || {
            while let Ok(first) = events.recv() {
                let started = Instant::now();
                let mut changed = Vec::new();
                let mut take = |event: notify::Result<notify::Event>| {
                    for path in event.map(|event| event.paths).unwrap_or_default() {
                        if worth_telling(&root, &path) && !changed.contains(&path) {
                            changed.push(path);
                        }
                    }
                };
                take(first);
                while started.elapsed() < AT_MOST {
                    match events.recv_timeout(QUIET) {
                        Ok(event) => take(event),
                        Err(mpsc::RecvTimeoutError::Timeout) => break,
                        Err(mpsc::RecvTimeoutError::Disconnected) => return,
                    }
                }
                // New folders (a `git checkout`, a folder made for a document) are watched too.
                if let Some(watcher) = adding.upgrade() {
                    for folder in changed.iter().filter(|path| path.is_dir()) {
                        let _ = watch_folders(&watcher, folder);
                    }
                }
                if !changed.is_empty() {
                    on_change(changed);
                }
            }
        })
        .map_err(|error| error.to_string())?;
    Ok(Watch { _watcher: watcher })
}

/// Watches `dir` and the folders under it that the documents' walk visits.
fn watch_folders(watcher: &Mutex<notify::RecommendedWatcher>, dir: &Path) -> notify::Result<()> {
    let mut watcher = watcher.lock().unwrap_or_else(PoisonError::into_inner);
    let walk = ignore::WalkBuilder::new(dir).hidden(true).build().filter_map(Result::ok);
    for folder in walk.filter(|entry| entry.file_type().is_some_and(|kind| kind.is_dir())) {
        watcher.watch(folder.path(), notify::RecursiveMode::NonRecursive)?;
    }
    Ok(())
}

fn worth_telling(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else { return false };
    let hidden_tool = relative.components().any(|part| matches!(part.as_os_str().to_str(), Some(".git" | "node_modules")));
    let temporary = path.file_name().and_then(|name| name.to_str()).is_some_and(|name| name.starts_with('.') && name.contains(".sextant-"));
    !hidden_tool && !temporary
}
