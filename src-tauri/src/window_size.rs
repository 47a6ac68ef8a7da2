//! The main window's size survives a restart: written to `window.json` in Sextant's state
//! directory when the window closes, applied when the app starts. Nothing here involves the web UI.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tauri::{LogicalSize, Runtime, WebviewWindow, Window};

/// The window's inner size in logical pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
struct WindowSize {
    width: f64,
    height: f64,
}

/// Sizes outside these bounds (a damaged file, a vanished monitor) are ignored.
const SMALLEST: f64 = 400.0;
const LARGEST: f64 = 16_384.0;

pub fn file() -> Option<PathBuf> {
    connection::paths::Paths::from_env().map(|paths| paths.state_dir.join("window.json"))
}

/// Applies the saved size, if there is a sensible one.
pub fn restore<R: Runtime>(window: &WebviewWindow<R>, file: &Path) {
    let Ok(bytes) = std::fs::read(file) else { return };
    let Ok(size) = serde_json::from_slice::<WindowSize>(&bytes) else { return };
    let sensible = |value: f64| (SMALLEST..=LARGEST).contains(&value);
    if sensible(size.width) && sensible(size.height) {
        let _ = window.set_size(LogicalSize::new(size.width, size.height));
    }
}

/// Saves the window's current size. A failure only costs the size at the next start.
pub fn save<R: Runtime>(window: &Window<R>, file: &Path) {
    let (Ok(physical), Ok(scale)) = (window.inner_size(), window.scale_factor()) else { return };
    let logical = physical.to_logical::<f64>(scale);
    let size = WindowSize { width: logical.width, height: logical.height };
    if let Ok(bytes) = serde_json::to_vec(&size) {
        let _ = private_file::write_atomically(file, &bytes);
    }
}
