//! The Arabic–French lexicon, matched on stems.
// PLACEHOLDER: the lexicon helper replaces this file.

use crate::Lang;

/// Identifies one meaning shared by an Arabic and a French entry.
pub type ConceptId = u32;

/// A lexicon entry found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct LexMatch {
    /// The concept the words express.
    pub concept: ConceptId,
    /// Byte range of the matched words in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// A bilingual lexicon: every entry maps stemmed Arabic and French word sequences to a
/// shared concept, so that a sentence of either language becomes a bag of concepts.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {}

impl Lexicon {
    /// The lexicon built into mizan.
    pub fn builtin() -> Lexicon {
        Lexicon {}
    }

    /// The concepts of the lexicon expressed in `text` (original text of one sentence).
    pub fn annotate(&self, _text: &str, _lang: Lang) -> Vec<LexMatch> {
        Vec::new()
    }
}
