//! Latin-script folds: lowercase and accent-free, so `État`, `etat` and `ÉTAT` match.

use unicode_normalization::char::{decompose_canonical, is_combining_mark};

/// Appends the folded form of a non-ASCII Latin-script character to `out` and
/// returns true, or returns false (writing nothing) for other characters.
/// Ligatures `œ` and `æ` expand to two letters; other letters are lowercased, then
/// decomposed with their combining accents dropped.
pub fn fold(c: char, out: &mut String) -> bool {
    if !is_latin(c) {
        return false;
    }
    for lower in c.to_lowercase() {
        match lower {
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            'ø' => out.push('o'),
            'đ' => out.push('d'),
            'ł' => out.push('l'),
            _ => decompose_canonical(lower, |d| {
                if !is_combining_mark(d) {
                    out.push(d);
                }
            }),
        }
    }
    true
}

/// Latin-1 Supplement letters and Latin Extended-A/B/Additional.
#[inline]
fn is_latin(c: char) -> bool {
    matches!(c, '\u{00C0}'..='\u{024F}' | '\u{1E00}'..='\u{1EFF}')
        && c != '\u{00D7}'
        && c != '\u{00F7}'
}
