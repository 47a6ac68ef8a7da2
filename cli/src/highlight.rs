//! Syntax coloring for terminal output, with syntect and two-face's GraphQL and JSON grammars.
//!
//! Loading the grammars takes tens of milliseconds, so it happens only when color is on.

use std::io::{IsTerminal, Write};

use syntect::easy::HighlightLines;
use syntect::highlighting::{Color, Style};
use syntect::util::LinesWithEndings;

use crate::ColorChoice;

#[derive(Clone, Copy)]
pub enum Language {
    GraphQl,
    Json,
    Plain,
}

pub fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty()),
    }
}

/// Writes `text` to stdout, colored when `color` is on.
pub fn print(text: &str, language: Language, color: bool) -> std::io::Result<()> {
    let mut stdout = std::io::stdout().lock();
    if !color {
        stdout.write_all(text.as_bytes())?;
        return stdout.flush();
    }
    let syntaxes = two_face::syntax::extra_newlines();
    let themes = two_face::theme::extra();
    let syntax = match language {
        Language::GraphQl => syntaxes.find_syntax_by_extension("graphql"),
        Language::Json => syntaxes.find_syntax_by_extension("json"),
        Language::Plain => None,
    }
    .unwrap_or_else(|| syntaxes.find_syntax_plain_text());
    let mut highlighter = HighlightLines::new(syntax, themes.get(two_face::theme::EmbeddedThemeName::Ansi));
    for line in LinesWithEndings::from(text) {
        match highlighter.highlight_line(line, &syntaxes) {
            Ok(regions) => stdout.write_all(terminal_escaped(&regions).as_bytes())?,
            Err(_) => stdout.write_all(line.as_bytes())?,
        }
    }
    // Reset the terminal's colors after the last line.
    stdout.write_all(b"\x1b[0m")?;
    stdout.flush()
}

/// Escapes for the `ansi` theme, whose colors name the terminal's own palette (alpha 0: palette
/// index in `r`; alpha 1: the terminal's default color), so that the output suits light and dark
/// terminals alike.
fn terminal_escaped(regions: &[(Style, &str)]) -> String {
    let mut escaped = String::new();
    for (style, text) in regions {
        match style.foreground {
            Color { r, a: 0, .. } if r < 8 => escaped += &format!("\x1b[{}m", 30 + r),
            Color { r, a: 0, .. } => escaped += &format!("\x1b[38;5;{r}m"),
            Color { a: 1, .. } => escaped += "\x1b[39m",
            Color { r, g, b, .. } => escaped += &format!("\x1b[38;2;{r};{g};{b}m"),
        }
        escaped += text;
    }
    escaped
}
