//! The last response, laid out for the response pane: laid out once by `connection::display` (as
//! the command line does), kept here, and handed to the web UI a screenful of lines at a time. A
//! 20 MB body never crosses the IPC boundary whole, so the webview neither parses nor holds it.

pub use connection::display::{MAX_SHOWN_LINE_BYTES, ShownLines as ResponseView};
