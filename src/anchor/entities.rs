//! Named entities across scripts: Arabic words and French names reduced to a common
//! Latin consonant skeleton and compared by string similarity.
// PLACEHOLDER: the anchors helper replaces this file.

use crate::Lang;

/// A word that may be a name.
#[derive(Debug, Clone, PartialEq)]
pub struct EntityMention {
    /// The skeleton both scripts are compared on.
    pub skeleton: String,
    /// Byte range of the word in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// Finds the words of `text` that may be names.
pub fn extract(_text: &str, _lang: Lang) -> Vec<EntityMention> {
    Vec::new()
}

/// How alike two skeletons are, in [0, 1].
pub fn similarity(a: &str, b: &str) -> f64 {
    strsim::normalized_levenshtein(a, b)
}

/// Keys shared by skeletons that may be similar, to find candidates without
/// comparing every pair.
pub fn blocking_keys(skeleton: &str) -> Vec<String> {
    vec![skeleton.chars().take(2).collect()]
}
