//! Numbers written with digits, in any of the digit systems and separators news use.
// PLACEHOLDER: the anchors helper replaces this file.

use crate::Lang;

/// A number found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct NumberMention {
    /// Canonical value: ASCII digits, `.` as decimal mark, no grouping ("6000", "1.5").
    pub value: String,
    /// Byte range in the text it was found in.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// Finds the numbers in `text`.
pub fn extract(text: &str, _lang: Lang) -> Vec<NumberMention> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        match (c.is_ascii_digit(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(NumberMention {
                    value: text[s..i].to_string(),
                    start: s,
                    end: i,
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}
