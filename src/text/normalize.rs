//! Normalization for matching (never for output).
// PLACEHOLDER: the segment/normalize helper replaces this file.

use crate::Lang;
use unicode_normalization::UnicodeNormalization;

/// Returns `text` normalized for comparison in `lang`.
pub fn normalize(text: &str, lang: Lang) -> String {
    let s: String = text.nfkc().collect();
    match lang {
        Lang::Ar => s,
        Lang::Fr => s.to_lowercase(),
    }
}
