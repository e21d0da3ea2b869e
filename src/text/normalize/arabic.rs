//! Arabic-script folds: what varies in spelling but not in meaning.

/// `ة`, folded to [`HA`] at the end of a word.
pub const TA_MARBUTA: char = '\u{0629}';
/// `ه`.
pub const HA: char = '\u{0647}';

/// True for characters dropped entirely: harakat (U+064B–U+065F), the superscript
/// alef U+0670 and tatweel U+0640, which decorate but never distinguish words.
#[inline]
pub fn is_dropped(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}' | '\u{0640}')
}

/// True for Arabic letters, the characters that continue a word.
#[inline]
pub fn is_letter(c: char) -> bool {
    crate::ingest::is_arabic_letter(c)
}

/// The folded form of an Arabic-script character, or `None` to keep it.
/// Alef with hamza or madda and alef wasla become bare alef, alef maqsura and the
/// Persian ya become ya, the Persian kaf becomes kaf (both common in web text
/// typed on Persian keyboards), and Arabic punctuation becomes its ASCII counterpart.
#[inline]
pub fn fold(c: char) -> Option<char> {
    Some(match c {
        '\u{0622}' | '\u{0623}' | '\u{0625}' | '\u{0671}' | '\u{0672}' | '\u{0673}' => '\u{0627}',
        '\u{0649}' | '\u{06CC}' => '\u{064A}',
        '\u{06A9}' => '\u{0643}',
        '\u{060C}' => ',',
        '\u{061B}' => ';',
        '\u{061F}' => '?',
        '\u{066A}' => '%',
        '\u{066B}' => '.',
        '\u{066C}' => ',',
        '\u{06D4}' => '.',
        _ => return None,
    })
}
