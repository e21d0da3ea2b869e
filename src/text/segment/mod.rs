//! Sentence segmentation with byte offsets into the original text.
// PLACEHOLDER: the segment/normalize helper replaces this file.

use crate::Lang;

/// A sentence's byte range in the text it was cut from; trimmed, never empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// Splits `text` into sentences.
pub fn segment(text: &str, _lang: Lang) -> Vec<Span> {
    split_lines(text)
}

/// One sentence per non-empty line (`--split lines`), trimmed.
pub fn split_lines(text: &str) -> Vec<Span> {
    let mut out = Vec::new();
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        if !t.is_empty() {
            let lead = line.len() - line.trim_start().len();
            out.push(Span {
                start: pos + lead,
                end: pos + lead + t.len(),
            });
        }
        pos += line.len();
    }
    out
}
