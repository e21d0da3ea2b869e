//! Word tokenization: word spans of the original text with their normalized form.
// PLACEHOLDER: the segment/normalize helper replaces this file.

use crate::Lang;
use crate::text::normalize::normalize;

/// One word of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte offset of the word in the original text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// The word normalized for matching (see [`normalize`]).
    pub norm: String,
}

/// Splits `text` into words (runs of letters, marks and digits), dropping punctuation.
pub fn tokenize(text: &str, lang: Lang) -> Vec<Token> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let inside = c.is_alphanumeric() || (start.is_some() && is_mark(c));
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push(Token {
                    start: s,
                    end: i,
                    norm: normalize(&text[s..i], lang),
                });
                start = None;
            }
            _ => {}
        }
    }
    out
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}
