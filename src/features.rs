//! Per-sentence evidence, extracted once per sentence and compared many times:
//! every sentence becomes a sorted bag of interned keys (lexicon concepts, numbers,
//! dates, Latin-script tokens, learned stem translations) plus its name candidates.

use crate::Lang;
use crate::anchor::{acronyms, dates, entities, lexicon::Lexicon, number_words, numbers, units};
use crate::text::{Strings, stem::stem, tokenize::tokenize};
use hashbrown::HashTable;
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap};
use std::cell::RefCell;
use std::fmt::{self, Write};
use std::hash::BuildHasher;

/// What kind of evidence a key is; each kind has its own feature in the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum KeyKind {
    /// A lexicon concept (built-in or user dictionary).
    Concept,
    /// A number's canonical value.
    Number,
    /// A date key at some granularity.
    Date,
    /// A Latin-script token that appears in both languages (acronyms, names in Latin).
    Latin,
    /// A stem translation learned from a first pass (self-training).
    Learned,
}

/// One piece of evidence in a sentence: an interned key and where it was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Item {
    /// The interned key; equal keys across languages are the same evidence.
    pub key: u32,
    /// The key's kind.
    pub kind: KeyKind,
    /// Byte range in the sentence text.
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
}

/// A name candidate with its interned skeleton.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Name {
    /// Interned skeleton (see [`Interner`]).
    pub skeleton: u32,
    /// Byte range in the sentence text.
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
}

/// Everything the scorer needs of one sentence.
#[derive(Debug, Clone, Default)]
pub struct SentenceFeatures {
    /// Characters, not counting whitespace (the length model's unit).
    pub chars: u32,
    /// Word tokens.
    pub words: u32,
    /// Evidence keys, sorted by key.
    pub items: Vec<Item>,
    /// Name candidates.
    pub names: Vec<Name>,
    /// Translatable word groups: the keys of each span that carries lexicon,
    /// Latin-token or learned keys, as ranges into `group_keys`. A word counts as
    /// translated when any of its keys is on the other side, however many senses
    /// the lexicon gives it.
    pub groups: Vec<(u32, u32)>,
    /// The keys of the groups, group after group.
    pub group_keys: Vec<u32>,
    /// The byte span of each group, for telling which groups are names.
    pub group_spans: Vec<(u32, u32)>,
    /// Every key of the groups, sorted and unique, for membership tests.
    pub keyset: Vec<u32>,
    /// Number groups: the readings of each number, as ranges into `number_keys`.
    pub number_groups: Vec<(u32, u32)>,
    /// The keys of the number groups, group after group.
    pub number_keys: Vec<u32>,
    /// Every number key, sorted and unique.
    pub number_keyset: Vec<u32>,
    /// For each number group, whether it is part of a date: only the date feature
    /// judges it (a matched date counts for the pair; an unmatched date's numbers
    /// are not held against it, since comparable articles often date an event on
    /// one side only).
    pub number_in_date: Vec<bool>,
    /// Interned stems of the words with their byte ranges, for self-training
    /// (one entry per distinct stem, sorted by stem id).
    pub stems: Vec<(u32, u32, u32)>,
}

/// Interns strings (keys, skeletons, stems) to dense ids shared by both languages.
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

/// Extracts features of many sentences against one shared key space.
pub struct Extractor<'a> {
    lexicon: &'a Lexicon,
    /// The shared key space.
    pub interner: Interner,
    /// Reused for building keys before interning: most keys are already interned,
    /// so a fresh string per key would be allocated only to be dropped.
    key: String,
    /// Reused for building each sentence's lists, which are then copied out at their
    /// exact size: every sentence keeps them for the whole run.
    scratch: Scratch,
}

/// Lists [`Extractor`] builds a sentence's features in.
#[derive(Default)]
struct Scratch {
    items: Vec<Item>,
    names: Vec<Name>,
    stems: Vec<(u32, u32, u32)>,
}

impl<'a> Extractor<'a> {
    /// An extractor using `lexicon`.
    pub fn new(lexicon: &'a Lexicon) -> Extractor<'a> {
        Extractor {
            lexicon,
            interner: Interner::default(),
            key: String::new(),
            scratch: Scratch::default(),
        }
    }

    /// The features of one sentence of language `lang`.
    pub fn extract(&mut self, text: &str, lang: Lang) -> SentenceFeatures {
        let mut features = self.extract_ungrouped(text, lang);
        features.regroup();
        features
    }

    /// [`Extractor::extract`] without the word and number groups, for features that
    /// are renumbered next ([`SentenceFeatures::remap`] builds the groups).
    pub(crate) fn extract_ungrouped(&mut self, text: &str, lang: Lang) -> SentenceFeatures {
        let Scratch {
            mut items,
            mut names,
            mut stems,
        } = std::mem::take(&mut self.scratch);
        items.clear();
        names.clear();
        stems.clear();
        let mut push = |interner: &mut Interner, key: &str, kind, start: usize, end: usize| {
            items.push(Item {
                key: interner.intern(key),
                kind,
                start: start as u32,
                end: end as u32,
            });
        };
        let key = &mut self.key;
        let tokens = tokenize(text, lang);
        for m in self.lexicon.annotate_tokens_with_parts(text, &tokens, lang) {
            push(
                &mut self.interner,
                fill(key, format_args!("c:{}", m.concept)),
                KeyKind::Concept,
                m.start,
                m.end,
            );
        }
        for n in numbers::extract(text, lang) {
            // Miles, feet, pounds are also read converted, as the other side may
            // write them.
            let amount = n.scaled.as_deref().unwrap_or(&n.value);
            let metric = units::metric_readings(amount, &text[n.end..], lang);
            // One-digit numbers are as often counts written in words on the other
            // side as digits: little evidence either way, unless converted.
            let one_digit = n.value.len() == 1 && n.alt.is_none() && n.scaled.is_none();
            if one_digit && metric.is_empty() {
                continue;
            }
            let written = n.values().filter(|_| !one_digit);
            for v in written.chain(metric.iter().map(String::as_str)) {
                push(
                    &mut self.interner,
                    fill(key, format_args!("n:{v}")),
                    KeyKind::Number,
                    n.start,
                    n.end,
                );
            }
        }
        // Numbers in words are the same evidence as in digits (أربعة عشر ~ 14); from
        // 10 up, as for digits.
        for n in number_words::extract(text, &tokens, lang, 10) {
            push(
                &mut self.interner,
                fill(key, format_args!("n:{}", n.value)),
                KeyKind::Number,
                n.start,
                n.end,
            );
        }
        for d in dates::extract(text, lang) {
            for k in d.keys() {
                push(
                    &mut self.interner,
                    fill(key, format_args!("d:{k}")),
                    KeyKind::Date,
                    d.start,
                    d.end,
                );
            }
        }
        for t in &tokens {
            let word = &text[t.start..t.end];
            // Latin-script words are shared evidence when both languages write them
            // the same (acronyms, names, brands kept in Latin inside Arabic text).
            if word.chars().count() >= 2
                && word.chars().all(|c| c.is_ascii_alphanumeric())
                && word.chars().any(|c| c.is_ascii_alphabetic())
                && (lang == Lang::Ar
                    || (word.chars().any(|c| c.is_ascii_uppercase())
                        && (word.chars().all(|c| c.is_ascii_uppercase())
                            || !entities::is_french_stopword(word))))
            {
                // All ASCII here, so ASCII lowercasing is full lowercasing.
                key.clear();
                key.push_str("t:");
                key.extend(word.chars().map(|c| c.to_ascii_lowercase()));
                push(&mut self.interner, key, KeyKind::Latin, t.start, t.end);
            }
            if t.norm.chars().any(crate::text::is_alphabetic) {
                let id = stem_key(&t.norm, lang, |key| self.interner.intern(key));
                stems.push((id, t.start as u32, t.end as u32));
            }
        }
        // Acronyms spelled in Arabic letter names (سي إن إن) are the French Latin
        // acronym (CNN).
        let spelled = match lang {
            Lang::Ar => acronyms::spelled_acronyms(&tokens),
            Lang::Fr => Vec::new(),
        };
        for a in &spelled {
            for spelling in &a.spellings {
                push(
                    &mut self.interner,
                    fill(key, format_args!("t:{spelling}")),
                    KeyKind::Latin,
                    a.start,
                    a.end,
                );
            }
        }
        // Its letter names are not words: إن in سي إن إن is not "that".
        for a in &spelled {
            let (start, end) = (a.start as u32, a.end as u32);
            items.retain(|i| i.kind != KeyKind::Concept || i.end <= start || i.start >= end);
        }
        stems.sort_unstable();
        stems.dedup_by_key(|s| s.0);
        items.sort_by_key(|i| (i.key, i.start));
        // A name may be read several ways (with or without a clitic letter): each
        // reading is a name candidate over the same span.
        for e in entities::extract(text, lang) {
            for skeleton in e.skeletons() {
                names.push(Name {
                    skeleton: self
                        .interner
                        .intern(fill(key, format_args!("e:{skeleton}"))),
                    start: e.start as u32,
                    end: e.end as u32,
                });
            }
        }
        let features = SentenceFeatures {
            chars: text.chars().filter(|c| !c.is_whitespace()).count() as u32,
            words: tokens.len() as u32,
            items: items.to_vec(),
            names: names.to_vec(),
            stems: stems.to_vec(),
            ..SentenceFeatures::default()
        };
        self.scratch = Scratch {
            items,
            names,
            stems,
        };
        features
    }
}

/// `buf` holding just `args`, formatted.
fn fill<'a>(buf: &'a mut String, args: fmt::Arguments<'_>) -> &'a str {
    buf.clear();
    buf.write_fmt(args)
        .expect("formatting into a String cannot fail");
    buf
}

/// The stem key of a word (`s` and the language code, then the stem), given to
/// `intern`. Memoized per thread: running text repeats its words, and stemming costs
/// far more than a lookup.
fn stem_key(norm: &str, lang: Lang, intern: impl FnOnce(&str) -> u32) -> u32 {
    /// Words kept per language before the memo starts over (bounds its memory).
    const MAX_WORDS: usize = 100_000;
    CACHE.with_borrow_mut(|cache| {
        let words = &mut cache[usize::from(lang == Lang::Fr)];
        if let Some(key) = words.get(norm) {
            return intern(key);
        }
        let key = format!("s{}:{}", lang.code(), stem(norm, lang));
        let id = intern(&key);
        if words.len() >= MAX_WORDS {
            words.clear();
        }
        words.insert(norm.to_string(), key);
        id
    })
}

thread_local! {
    /// The stem keys of the words this thread has seen, per language (see [`stem_key`]).
    static CACHE: RefCell<[FxHashMap<String, String>; 2]> = RefCell::default();
}

/// Empties the stem memos of every thread of the current rayon pool: the memo is
/// worth its memory while sentences are extracted, not for the rest of a run.
pub fn forget_stem_memos() {
    rayon::broadcast(|_| CACHE.with_borrow_mut(|c| *c = Default::default()));
    CACHE.with_borrow_mut(|c| *c = Default::default());
}

/// Adds learned stem translations to already extracted features: each learned link
/// is a key, put on every sentence whose stems carry it (`learned` maps a stem id to
/// the keys of the links it takes part in), replacing earlier learned keys. The
/// features must be grouped (as [`Extractor::extract`] leaves them): only the word
/// groups are rebuilt, and only for sentences whose learned keys change.
pub fn add_learned(features: &mut [SentenceFeatures], learned: &FxHashMap<u32, Vec<u32>>) {
    // Each sentence on its own, across cores.
    features.par_iter_mut().for_each(|f| {
        let had = f.items.iter().any(|i| i.kind == KeyKind::Learned);
        let gained: usize = f
            .stems
            .iter()
            .map(|(s, _, _)| learned.get(s).map_or(0, Vec::len))
            .sum();
        if !had && gained == 0 {
            return; // nothing to take out, nothing to add
        }
        f.items.retain(|i| i.kind != KeyKind::Learned);
        f.items.reserve_exact(gained);
        for &(s, start, end) in &f.stems {
            for &key in learned.get(&s).map(Vec::as_slice).unwrap_or(&[]) {
                f.items.push(Item {
                    key,
                    kind: KeyKind::Learned,
                    start,
                    end,
                });
            }
        }
        f.items.sort_by_key(|i| (i.key, i.start));
        // Learned keys are word keys: the number groups stay as they are.
        f.regroup_words();
    });
}

/// Items grouped by span, written into the vectors of [`Grouped`] (cleared first, so
/// regrouping a sentence reuses its memory).
struct Grouped<'a> {
    /// Group ranges into `keys`.
    groups: &'a mut Vec<(u32, u32)>,
    /// The keys, group after group.
    keys: &'a mut Vec<u32>,
    /// Sorted unique keys.
    keyset: &'a mut Vec<u32>,
    /// Each group's byte span.
    spans: &'a mut Vec<(u32, u32)>,
}

thread_local! {
    /// (start, end, key) of the wanted items, reused by [`group`].
    static SPANS: std::cell::RefCell<Vec<(u32, u32, u32)>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Groups the items of the kinds `wanted` by span.
fn group(items: &[Item], wanted: impl Fn(KeyKind) -> bool, out: Grouped<'_>) {
    let Grouped {
        groups,
        keys,
        keyset,
        spans: group_spans,
    } = out;
    groups.clear();
    keys.clear();
    keyset.clear();
    group_spans.clear();
    SPANS.with_borrow_mut(|spans| {
        spans.clear();
        spans.extend(
            items
                .iter()
                .filter(|i| wanted(i.kind))
                .map(|i| (i.start, i.end, i.key)),
        );
        spans.sort_unstable();
        spans.dedup();
        // Every sentence keeps its lists for the whole run: sized exactly, not grown
        // by doubling.
        let distinct = spans.chunk_by(|a, b| (a.0, a.1) == (b.0, b.1)).count();
        keys.reserve_exact(spans.len());
        groups.reserve_exact(distinct);
        group_spans.reserve_exact(distinct);
        let mut n = 0;
        while n < spans.len() {
            let first = keys.len() as u32;
            let (start, end) = (spans[n].0, spans[n].1);
            while n < spans.len() && (spans[n].0, spans[n].1) == (start, end) {
                keys.push(spans[n].2);
                n += 1;
            }
            groups.push((first, keys.len() as u32));
            group_spans.push((start, end));
        }
    });
    keyset.extend_from_slice(keys);
    keyset.sort_unstable();
    keyset.dedup();
    keyset.shrink_to_fit();
}

impl SentenceFeatures {
    /// Rebuilds the word and number groups from the items.
    pub fn regroup(&mut self) {
        self.regroup_words();
        let mut spans = Vec::new();
        group(
            &self.items,
            |k| k == KeyKind::Number,
            Grouped {
                groups: &mut self.number_groups,
                keys: &mut self.number_keys,
                keyset: &mut self.number_keyset,
                spans: &mut spans,
            },
        );
        self.number_in_date.clear();
        self.number_in_date.extend(spans.iter().map(|&(s, e)| {
            self.items
                .iter()
                .any(|i| i.kind == KeyKind::Date && i.start <= s && e <= i.end)
        }));
    }
}

impl SentenceFeatures {
    /// Rebuilds the word groups from the items.
    fn regroup_words(&mut self) {
        let lexical =
            |k: KeyKind| matches!(k, KeyKind::Concept | KeyKind::Latin | KeyKind::Learned);
        group(
            &self.items,
            lexical,
            Grouped {
                groups: &mut self.groups,
                keys: &mut self.group_keys,
                keyset: &mut self.keyset,
                spans: &mut self.group_spans,
            },
        );
    }

    /// Renumbers every interned id (keys, name skeletons, stems) through `map` (old id
    /// → new id) and restores the sort orders and groups that depend on ids, as if the
    /// features had been extracted with the new numbering.
    pub fn remap(&mut self, map: &[u32]) {
        for i in &mut self.items {
            i.key = map[i.key as usize];
        }
        self.items.sort_by_key(|i| (i.key, i.start));
        for n in &mut self.names {
            n.skeleton = map[n.skeleton as usize];
        }
        for s in &mut self.stems {
            s.0 = map[s.0 as usize];
        }
        self.stems.sort_unstable();
        self.regroup();
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
    fn learned_keys_are_added_replaced_and_taken_out() {
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let fresh = x.extract("La délégation a visité le centre de commandement", Lang::Fr);
        let stem = fresh.stems[0].0;
        let link = |keys: &[u32]| FxHashMap::from_iter([(stem, keys.to_vec())]);
        let learned = |f: &SentenceFeatures| -> Vec<u32> {
            f.items
                .iter()
                .filter(|i| i.kind == KeyKind::Learned)
                .map(|i| i.key)
                .collect()
        };
        let mut features = vec![fresh.clone()];
        add_learned(&mut features, &link(&[900_001]));
        assert_eq!(learned(&features[0]), vec![900_001]);
        assert!(features[0].keyset.contains(&900_001));
        add_learned(&mut features, &link(&[900_002]));
        assert_eq!(learned(&features[0]), vec![900_002]);
        assert!(!features[0].keyset.contains(&900_001));
        // Taken out again: the features are as extracted.
        add_learned(&mut features, &FxHashMap::default());
        let f = &features[0];
        assert!(learned(f).is_empty());
        assert_eq!(f.items, fresh.items);
        assert_eq!(
            (&f.groups, &f.group_keys, &f.keyset, &f.group_spans),
            (
                &fresh.groups,
                &fresh.group_keys,
                &fresh.keyset,
                &fresh.group_spans
            )
        );
        assert_eq!(
            (&f.number_groups, &f.number_keys, &f.number_in_date),
            (
                &fresh.number_groups,
                &fresh.number_keys,
                &fresh.number_in_date
            )
        );
    }

    #[test]
    fn items_of_one_word_form_one_group() {
        let item = |key, start, end| Item {
            key,
            kind: KeyKind::Concept,
            start,
            end,
        };
        let mut f = SentenceFeatures {
            items: vec![item(5, 0, 4), item(7, 0, 4), item(9, 5, 8), item(2, 10, 12)],
            ..SentenceFeatures::default()
        };
        f.items.push(Item {
            key: 3,
            kind: KeyKind::Number,
            start: 13,
            end: 15,
        });
        f.regroup();
        assert_eq!(f.groups.len(), 3);
        assert_eq!(f.keyset, vec![2, 5, 7, 9]);
        let first = f.groups[0];
        assert_eq!(&f.group_keys[first.0 as usize..first.1 as usize], &[5, 7]);
    }

    #[test]
    fn acronyms_spelled_in_letter_names_match_the_latin_acronym() {
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let text = "وقالت شبكة سي إن إن إن الوضع صعب";
        let ar = x.extract(text, Lang::Ar);
        let fr = x.extract(
            "La chaîne CNN affirme que la situation est difficile",
            Lang::Fr,
        );
        let cnn = x.interner.get("t:cnn").expect("CNN is keyed");
        assert!(ar.keyset.contains(&cnn) && fr.keyset.contains(&cnn));
        // The letter names carry no word senses.
        let acronym = text.find("سي").unwrap() as u32..text.find(" إن الوضع").unwrap() as u32;
        assert!(
            !ar.items
                .iter()
                .any(|i| i.kind == KeyKind::Concept && acronym.contains(&i.start)),
            "{:?}",
            ar.items
        );
    }

    #[test]
    fn latin_tokens_are_shared_keys_and_numbers_are_extracted() {
        let lexicon = Lexicon::default();
        let mut x = Extractor::new(&lexicon);
        let ar = x.extract("قال مسؤول في DGSN إن 2022 كان عاما صعبا", Lang::Ar);
        let fr = x.extract("Selon la DGSN, 2022 a été une année difficile", Lang::Fr);
        let keys = |f: &SentenceFeatures, kind| -> Vec<u32> {
            f.items
                .iter()
                .filter(|i| i.kind == kind)
                .map(|i| i.key)
                .collect()
        };
        // "DGSN" is one key on both sides (French also keys capitalized words).
        assert_eq!(keys(&ar, KeyKind::Latin).len(), 1);
        assert!(keys(&fr, KeyKind::Latin).contains(&keys(&ar, KeyKind::Latin)[0]));
        assert!(
            keys(&ar, KeyKind::Number)
                .iter()
                .any(|k| keys(&fr, KeyKind::Number).contains(k))
        );
        assert!(ar.chars > 0 && fr.words >= 7);
    }

    #[test]
    fn capitalized_function_words_are_not_latin_keys() {
        let lexicon = Lexicon::default();
        let mut x = Extractor::new(&lexicon);
        let fr = x.extract("Le ministre Saad a visité Doha", Lang::Fr);
        let mut latin: Vec<&str> = fr
            .items
            .iter()
            .filter(|i| i.kind == KeyKind::Latin)
            .map(|i| x.interner.name(i.key))
            .collect();
        latin.sort_unstable();
        assert_eq!(latin, ["t:doha", "t:saad"]);
    }

    #[test]
    fn numbers_inside_a_date_are_marked() {
        let lexicon = Lexicon::default();
        let mut x = Extractor::new(&lexicon);
        let fr = x.extract("Le mercredi 25 mai 2022, 300 agents sont arrivés", Lang::Fr);
        let marked: Vec<bool> = fr.number_in_date.clone();
        assert_eq!(marked.len(), fr.number_groups.len());
        assert!(marked.iter().any(|&d| d), "{marked:?}");
        assert!(marked.iter().any(|&d| !d), "300 is no date: {marked:?}");
    }
}
