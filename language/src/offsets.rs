//! The one place where offsets change unit.
//!
//! The engine speaks UTF-8 byte offsets. CodeMirror counts UTF-16 code units, people and terminals
//! count lines and columns. [`LineIndex`] is built once per document text and answers both.

use serde::Serialize;

/// A position as a person reads it: 1-based line, 1-based column counted in Unicode scalar values.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineColumn {
    pub line: usize,
    pub column: usize,
}

/// Line starts of one document text, for offset conversions.
#[derive(Debug, Clone)]
pub struct LineIndex<'text> {
    text: &'text str,
    /// Byte offset at which each line starts; the first is always 0.
    line_starts: Vec<usize>,
}

impl<'text> LineIndex<'text> {
    pub fn new(text: &'text str) -> Self {
        let mut line_starts = vec![0];
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            match bytes[i] {
                b'\n' => line_starts.push(i + 1),
                // GraphQL counts "\r\n" as one line terminator and a lone "\r" as one too.
                b'\r' if bytes.get(i + 1) != Some(&b'\n') => line_starts.push(i + 1),
                _ => {}
            }
            i += 1;
        }
        LineIndex { text, line_starts }
    }

    /// Clamps a byte offset into the text and back onto a character boundary.
    pub fn clamp(&self, byte_offset: usize) -> usize {
        let mut offset = byte_offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        offset
    }

    pub fn line_column(&self, byte_offset: usize) -> LineColumn {
        let offset = self.clamp(byte_offset);
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        LineColumn { line: line + 1, column: self.text[start..offset].chars().count() + 1 }
    }

    /// Byte offset of a 1-based line and column; `None` when the line does not exist. A column past
    /// the line's end gives the line's end.
    pub fn byte_offset(&self, position: LineColumn) -> Option<usize> {
        let start = *self.line_starts.get(position.line.checked_sub(1)?)?;
        let end = self.line_starts.get(position.line).copied().unwrap_or(self.text.len());
        let line = &self.text[start..end];
        let within = line
            .char_indices()
            .nth(position.column.saturating_sub(1))
            .map_or(line.trim_end_matches(['\n', '\r']).len(), |(index, _)| index);
        Some(start + within)
    }

    pub fn utf16_offset(&self, byte_offset: usize) -> usize {
        utf8_to_utf16(self.text, byte_offset)
    }

    pub fn byte_offset_from_utf16(&self, utf16_offset: usize) -> usize {
        utf16_to_utf8(self.text, utf16_offset)
    }
}

/// UTF-16 length of the text before `byte_offset` (clamped to the text and to a char boundary).
pub fn utf8_to_utf16(text: &str, byte_offset: usize) -> usize {
    let mut offset = byte_offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    text[..offset].chars().map(char::len_utf16).sum()
}

/// Byte offset of a UTF-16 offset. An offset inside a surrogate pair or past the end is clamped to
/// the character boundary before it.
pub fn utf16_to_utf8(text: &str, utf16_offset: usize) -> usize {
    let mut units = 0;
    for (index, character) in text.char_indices() {
        if units + character.len_utf16() > utf16_offset {
            return index;
        }
        units += character.len_utf16();
    }
    text.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_agree_on_a_table_of_cases() {
        // (text, byte offset, utf-16 offset, line, column)
        let cases: &[(&str, usize, usize, usize, usize)] = &[
            ("", 0, 0, 1, 1),
            ("{ me }", 2, 2, 1, 3),
            ("{\n  me\n}", 4, 4, 2, 3),
            ("{\r\n  me\r\n}", 5, 5, 2, 3),
            ("\r{", 1, 1, 2, 1),
            ("# é\n{", 5, 4, 2, 1),
            ("# 😀 x", 7, 5, 1, 5),
            ("# 😀 x", 2, 2, 1, 3),
        ];
        for &(text, byte, utf16, line, column) in cases {
            let index = LineIndex::new(text);
            assert_eq!(index.utf16_offset(byte), utf16, "utf16 of {byte} in {text:?}");
            assert_eq!(index.byte_offset_from_utf16(utf16), byte, "bytes of {utf16} in {text:?}");
            assert_eq!(index.line_column(byte), LineColumn { line, column }, "line/column of {byte} in {text:?}");
            assert_eq!(index.byte_offset(LineColumn { line, column }), Some(byte), "offset of {line}:{column} in {text:?}");
        }
    }

    #[test]
    fn offsets_inside_a_character_or_past_the_end_are_clamped() {
        let text = "a😀b";
        assert_eq!(utf8_to_utf16(text, 3), 1, "byte 3 is inside the emoji");
        assert_eq!(utf16_to_utf8(text, 2), 1, "utf-16 unit 2 is inside the surrogate pair");
        assert_eq!(utf8_to_utf16(text, 100), 4);
        assert_eq!(utf16_to_utf8(text, 100), text.len());
        assert_eq!(LineIndex::new(text).line_column(100), LineColumn { line: 1, column: 4 });
        assert_eq!(LineIndex::new(text).byte_offset(LineColumn { line: 3, column: 1 }), None);
    }
}
