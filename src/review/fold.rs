//! Loose matching for the review: anchors and searches are found in the text even when
//! they differ from it by case, French accents, Arabic short vowels and tatweel, the
//! hamza forms of alef, or Arabic-Indic digits — the variations the aligner itself
//! ignores — and the matches are mapped back to byte ranges of the original text.

use std::ops::Range;
use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// `text` folded, with for every byte of the folded text the byte in `text` where the
/// character it came from starts (and one more entry: `text.len()`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Folded {
    /// The folded text.
    pub text: String,
    /// Folded byte offset → original byte offset.
    origin: Vec<usize>,
}

/// Folds one character into `out`.
fn fold_char(c: char, out: &mut String) {
    match c {
        // Arabic short vowels, shadda, sukun, superscript alef; tatweel.
        '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}' => {}
        'أ' | 'إ' | 'آ' | 'ٱ' => out.push('ا'),
        'ى' | 'ئ' => out.push('ي'),
        'ؤ' => out.push('و'),
        'ة' => out.push('ه'),
        '\u{0660}'..='\u{0669}' => out.push(char::from(b'0' + (c as u32 - 0x0660) as u8)),
        '\u{06F0}'..='\u{06F9}' => out.push(char::from(b'0' + (c as u32 - 0x06F0) as u8)),
        _ if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        _ => {
            let mut base = String::new();
            decompose_canonical(c, |d| {
                if !is_combining_mark(d) {
                    base.push(d);
                }
            });
            for b in base.chars() {
                out.extend(b.to_lowercase());
            }
        }
    }
}

/// Folds `text`.
pub fn fold(text: &str) -> Folded {
    let mut out = String::with_capacity(text.len());
    let mut origin = Vec::with_capacity(text.len() + 1);
    for (i, c) in text.char_indices() {
        let before = out.len();
        fold_char(c, &mut out);
        origin.resize(origin.len() + (out.len() - before), i);
    }
    origin.push(text.len());
    Folded { text: out, origin }
}

/// Folds a needle (no offsets needed).
pub fn fold_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        fold_char(c, &mut out);
    }
    out
}

impl Folded {
    /// The original byte range of folded range `r`. The end reaches to the start of the
    /// next kept character, so marks dropped by folding stay inside the match.
    fn original(&self, r: Range<usize>) -> Option<Range<usize>> {
        Some(*self.origin.get(r.start)?..*self.origin.get(r.end)?)
    }

    /// Original byte ranges of the whole-word occurrences of `needle` (folded already):
    /// no letter or digit may touch a match on either side.
    pub fn find_words(&self, needle: &str) -> Vec<Range<usize>> {
        if needle.is_empty() {
            return Vec::new();
        }
        let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
        self.text
            .match_indices(needle)
            .filter(|(i, m)| {
                let before = self.text[..*i].chars().next_back();
                let after = self.text[i + m.len()..].chars().next();
                !word(before) && !word(after)
            })
            .filter_map(|(i, m)| self.original(i..i + m.len()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_accents_vowels_and_digits() {
        assert_eq!(fold_str("Sécurité"), "securite");
        assert_eq!(fold_str("استُقبِل"), "استقبل");
        assert_eq!(fold_str("إلى الأمن"), "الي الامن");
        assert_eq!(fold_str("٢٠٢٢ ۲۰۲۲"), "2022 2022");
        assert_eq!(fold_str("مـــدير"), "مدير");
    }

    #[test]
    fn matches_map_back_to_the_original_text() {
        let text = "Le président a reçu la DÉLÉGATION le ٢٥ mai";
        let f = fold(text);
        let hits = f.find_words(&fold_str("délégation"));
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].clone()], "DÉLÉGATION");
        let hits = f.find_words("25");
        assert_eq!(&text[hits[0].clone()], "٢٥");
    }

    #[test]
    fn only_whole_words_match() {
        let f = fold("demande de la défense");
        assert_eq!(f.find_words("de").len(), 1);
        let text = "واستُقبِل حموشي، والحموشي";
        let f = fold(text);
        let hits = f.find_words(&fold_str("حموشي"));
        assert_eq!(hits.len(), 1);
        assert_eq!(&text[hits[0].clone()], "حموشي");
        // Dropped vowels inside the match stay inside it.
        let hits = f.find_words(&fold_str("واستقبل"));
        assert_eq!(&text[hits[0].clone()], "واستُقبِل");
    }
}
