//! Text processing for matching: normalization, sentence segmentation, tokenization.
//! Outputs always keep the original text; these forms are for comparison only.

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

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

/// Interns strings to dense ids, in order of first appearance (the features' keys,
/// skeletons and stems, shared by both languages; a lexicon side's stems; the words
/// of the lexicon's word memo).
/// The strings are kept one after another in one buffer, and the lookup table holds
/// only ids: interning a new string allocates nothing of its own (an extraction
/// interns hundreds of thousands).
#[derive(Debug, Default, Clone)]
pub struct Interner {
    strings: Strings,
    /// The ids, found by their strings' hashes.
    table: HashTable<u32>,
}

impl Interner {
    /// The id of `s`, assigning the next one if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        let hash = FxBuildHasher.hash_one(s);
        let strings = &mut self.strings;
        if let Some(&id) = self.table.find(hash, |&id| strings.get(id) == s) {
            return id;
        }
        let id = strings.push(s);
        self.table
            .insert_unique(hash, id, |&id| FxBuildHasher.hash_one(strings.get(id)));
        id
    }

    /// The id of `s` if it was interned.
    pub fn get(&self, s: &str) -> Option<u32> {
        let hash = FxBuildHasher.hash_one(s);
        self.table
            .find(hash, |&id| self.strings.get(id) == s)
            .copied()
    }

    /// The string of an id.
    pub fn name(&self, id: u32) -> &str {
        self.strings.get(id)
    }

    /// How many strings are interned.
    pub fn len(&self) -> usize {
        self.strings.len()
    }

    /// True when nothing is interned.
    pub fn is_empty(&self) -> bool {
        self.strings.is_empty()
    }

    /// The strings by id, without the lookup table.
    pub fn into_strings(self) -> Strings {
        self.strings
    }
}

/// Many short lists of one element type stored flat, one after another (list `i`
/// ends at `ends[i]` and starts where the one before ends): one allocation for all
/// of them (a chunk's sentences' features, a memo's words' keys).
#[derive(Debug, Clone)]
pub(crate) struct Lists<T> {
    /// The elements, list after list.
    pub(crate) data: Vec<T>,
    /// Where each list ends in `data`.
    pub(crate) ends: Vec<u32>,
}

impl<T> Default for Lists<T> {
    fn default() -> Self {
        Lists {
            data: Vec::new(),
            ends: Vec::new(),
        }
    }
}

impl<T: Copy> Lists<T> {
    /// Empty lists with room for `data` elements and the ends of `n` lists.
    pub(crate) fn with_capacity(data: usize, n: usize) -> Lists<T> {
        Lists {
            data: Vec::with_capacity(data),
            ends: Vec::with_capacity(n),
        }
    }

    /// The lists without their spare room.
    pub(crate) fn shrunk(mut self) -> Lists<T> {
        self.shrink_to_fit();
        self
    }

    /// Frees the spare room.
    pub(crate) fn shrink_to_fit(&mut self) {
        self.data.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    /// List `i`.
    pub(crate) fn get(&self, i: usize) -> &[T] {
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.data[start as usize..self.ends[i] as usize]
    }

    /// Adds the next list.
    pub(crate) fn push(&mut self, list: &[T]) {
        self.data.extend_from_slice(list);
        // Every use holds far fewer than 2^32 elements (a chunk of sentences read
        // whole into memory, a memo of at most 100,000 words).
        let end = u32::try_from(self.data.len()).expect("flat lists fit u32 offsets");
        self.ends.push(end);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interner_gives_one_id_per_string_in_order() {
        let mut i = Interner::default();
        // Enough strings for the table to grow several times.
        let words: Vec<String> = (0..5000).map(|n| format!("k:{n}")).collect();
        for (n, w) in words.iter().enumerate() {
            assert_eq!(i.intern(w), n as u32);
        }
        for (n, w) in words.iter().enumerate().rev() {
            assert_eq!(i.intern(w), n as u32);
            assert_eq!(i.get(w), Some(n as u32));
            assert_eq!(i.name(n as u32), w);
        }
        assert_eq!(i.get("k:5000"), None);
        // The empty string is a string like any other.
        assert_eq!(i.intern(""), 5000);
        assert_eq!(i.name(5000), "");
        assert_eq!(i.len(), 5001);
        let strings = i.into_strings();
        assert!(
            strings
                .iter()
                .take(5000)
                .eq(words.iter().map(String::as_str))
        );
        assert_eq!(strings.iter().last(), Some(""));
    }

    #[test]
    fn fast_paths_agree_with_the_standard_library() {
        for c in ('\0'..='\u{07FF}').chain('\u{FB50}'..='\u{FEFF}') {
            assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
