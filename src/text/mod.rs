//! Text processing for matching: normalization, sentence segmentation, tokenization.
//! Outputs always keep the original text; these forms are for comparison only.

pub mod normalize;
pub mod segment;
pub mod stem;
pub mod tokenize;

/// `char::is_alphabetic`, answered without the Unicode tables for ASCII, the basic
/// Arabic letters (U+0621–U+064A, all alphabetic) and the accented Latin letters of
/// French (see [`latin_letter`]), most of the text mizan reads.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        ('\u{0621}'..='\u{064A}').contains(&c) || latin_letter(c) || c.is_alphabetic()
    }
}

/// `char::is_alphanumeric`, with the fast paths of [`is_alphabetic`].
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{0621}'..='\u{064A}').contains(&c) || latin_letter(c) || c.is_alphanumeric()
    }
}

/// True for the letters of Latin-1 (U+00C0–U+00FF but × and ÷) and Latin Extended-A
/// (U+0100–U+017F, letters only): é, ç, œ and the like.
#[inline]
fn latin_letter(c: char) -> bool {
    ('\u{00C0}'..='\u{017F}').contains(&c) && c != '\u{00D7}' && c != '\u{00F7}'
}

/// The fields of the data lines of a built-in table (`#` comments and blank lines
/// skipped), trimmed.
pub(crate) fn data_lines(s: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    s.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split('\t').map(str::trim).collect())
}

/// Strings kept one after another in one buffer, by index: many small strings
/// without an allocation each (the interner's keys, the lexicon's pending pairs).
#[derive(Debug, Default, Clone)]
pub struct Strings {
    /// The strings, one after another.
    text: String,
    /// Where each string ends in `text`, by index.
    ends: Vec<usize>,
}

impl Strings {
    /// Appends `s`; returns its index.
    pub fn push(&mut self, s: &str) -> u32 {
        self.text.push_str(s);
        self.ends.push(self.text.len());
        (self.ends.len() - 1) as u32
    }

    /// The string at an index.
    pub fn get(&self, id: u32) -> &str {
        let end = self.ends[id as usize];
        let start = match id {
            0 => 0,
            _ => self.ends[id as usize - 1],
        };
        &self.text[start..end]
    }

    /// How many strings.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when there is none.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The strings in order.
    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len() as u32).map(|id| self.get(id))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fast_paths_agree_with_the_standard_library() {
        for c in ('\0'..='\u{07FF}').chain('\u{FB50}'..='\u{FEFF}') {
            assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
