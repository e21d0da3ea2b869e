//! Per-sentence evidence, extracted once per sentence and compared many times:
//! every sentence becomes a sorted bag of interned keys (lexicon concepts, numbers,
//! dates, Latin-script tokens, learned stem translations) plus its name candidates.

use crate::Lang;
use crate::anchor::lexicon::{self, Lexicon};
use crate::anchor::{acronyms, dates, entities, number_words, numbers, units};
pub use crate::text::Interner;
use crate::text::{Lists, stem::stem, tokenize::Token, tokenize::tokenize_into};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::cell::RefCell;
use std::fmt::{self, Write};
use std::ops::Range;

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
/// Packed (13 bytes, not 16): a run keeps some 50 items a sentence. Its fields are
/// read by value (a reference to one would be unaligned).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(C, packed)]
pub struct Item {
    /// The interned key; equal keys across languages are the same evidence.
    pub key: u32,
    /// Byte range in the sentence text.
    pub start: u32,
    /// End of the byte range.
    pub end: u32,
    /// The key's kind.
    pub kind: KeyKind,
}

const _: () = assert!(std::mem::size_of::<Item>() == 13);

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

/// Everything the scorer needs of one sentence, as extracted (a [`FeatureStore`]
/// keeps a document's sentences, and the aligners read them as [`Features`]).
#[derive(Debug, Clone, Default, PartialEq)]
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
    /// Latin-token or learned keys, as where each group's keys end in `group_keys`
    /// (a group starts where the one before ends; see [`Features::word_groups`]). A
    /// word counts as translated when any of its keys is on the other side, however
    /// many senses the lexicon gives it.
    pub groups: Vec<u32>,
    /// The keys of the groups, group after group.
    pub group_keys: Vec<u32>,
    /// The byte span of each group, for telling which groups are names.
    pub group_spans: Vec<(u32, u32)>,
    /// Number groups: the readings of each number, as where each group's keys end
    /// in `number_keys` (see [`Features::number_readings`]).
    pub number_groups: Vec<u32>,
    /// The keys of the number groups, group after group.
    pub number_keys: Vec<u32>,
    /// For each number group, whether it is part of a date: only the date feature
    /// judges it (a matched date counts for the pair; an unmatched date's numbers
    /// are not held against it, since comparable articles often date an event on
    /// one side only).
    pub number_in_date: Vec<bool>,
    /// Interned stems of the words with their byte ranges, for self-training
    /// (one entry per distinct stem, sorted by stem id).
    pub stems: Vec<(u32, u32, u32)>,
}

/// Extracts features of many sentences against one shared key space.
pub struct Extractor<'a> {
    lexicon: &'a Lexicon,
    /// The shared key space.
    pub interner: Interner,
    /// Reused for building keys before interning: most keys are already interned,
    /// so a fresh string per key would be allocated only to be dropped.
    key: String,
    /// Reused for building each sentence's lists, which are then copied out.
    scratch: Scratch,
    /// Reused for each sentence's tokens: growing a fresh list sentence after
    /// sentence was a good share of extraction's allocations.
    tokens: Vec<Token>,
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
            tokens: Vec::new(),
        }
    }

    /// The features of one sentence of language `lang`.
    pub fn extract(&mut self, text: &str, lang: Lang) -> SentenceFeatures {
        let (chars, words) = self.extract_scratch(text, lang);
        let mut features = SentenceFeatures {
            chars,
            words,
            items: self.scratch.items.clone(),
            names: self.scratch.names.clone(),
            stems: self.scratch.stems.clone(),
            ..SentenceFeatures::default()
        };
        features.regroup();
        features
    }

    /// Adds the items, names and stems of one sentence of language `lang` to `raw`,
    /// for sentences renumbered next ([`RawChunk::finish`] groups them).
    pub(crate) fn extract_raw(&mut self, text: &str, lang: Lang, raw: &mut RawChunk) {
        let (chars, words) = self.extract_scratch(text, lang);
        raw.chars.push(chars);
        raw.words.push(words);
        raw.items.push(&self.scratch.items);
        raw.names.push(&self.scratch.names);
        raw.stems.push(&self.scratch.stems);
    }

    /// Extracts one sentence into the scratch lists (items sorted by key, stems by
    /// stem, names in text order); returns its characters and words.
    fn extract_scratch(&mut self, text: &str, lang: Lang) -> (u32, u32) {
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
        let mut tokens = std::mem::take(&mut self.tokens);
        tokenize_into(text, lang, &mut tokens);
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
        self.scratch = Scratch {
            items,
            names,
            stems,
        };
        let words = tokens.len() as u32;
        self.tokens = tokens;
        (
            text.chars().filter(|c| !c.is_whitespace()).count() as u32,
            words,
        )
    }
}

/// Sentences as extracted, with the ids of their extractor's own interner: items,
/// names and stems, stored flat. [`RawChunk::finish`] renumbers them into the run's
/// key space and groups them, as a [`FeatureStore`] keeps them.
#[derive(Debug, Default)]
pub(crate) struct RawChunk {
    chars: Vec<u32>,
    words: Vec<u32>,
    items: Lists<Item>,
    names: Lists<Name>,
    stems: Lists<(u32, u32, u32)>,
}

impl RawChunk {
    /// The sentences renumbered through `map` (old id → new id), sorted and grouped
    /// as extraction with the new numbering would have left them.
    pub(crate) fn finish(self, map: &[u32]) -> Chunk {
        let n = self.chars.len();
        let mut chunk = Chunk {
            items: Lists::with_capacity(self.items.data.len(), n),
            names: Lists::with_capacity(self.names.data.len(), n),
            stems: Some(Lists::with_capacity(self.stems.data.len(), n)),
            ..Chunk::default()
        };
        let mut f = SentenceFeatures::default();
        for i in 0..n {
            f.chars = self.chars[i];
            f.words = self.words[i];
            f.items.clear();
            f.items.extend_from_slice(self.items.get(i));
            f.names.clear();
            f.names.extend_from_slice(self.names.get(i));
            f.stems.clear();
            f.stems.extend_from_slice(self.stems.get(i));
            f.remap(map);
            chunk.push(&f.view());
        }
        drop(self);
        chunk.shrink_to_fit();
        chunk
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

/// Empties the memos extraction fills, on this thread and every thread of the
/// current rayon pool (the stems here, the lexicon's word keys): they are worth
/// their memory while sentences are extracted, not for the rest of a run.
pub fn forget_memos() {
    let forget = || {
        CACHE.with_borrow_mut(|c| *c = Default::default());
        lexicon::forget_word_memo();
    };
    rayon::broadcast(|_| forget());
    forget();
}

/// Adds learned stem translations to already extracted features: each learned link
/// is a key, put on every sentence whose stems carry it (`learned` maps a stem id to
/// the keys of the links it takes part in), replacing earlier learned keys. Only the
/// items and word groups are rebuilt (the number groups hold no learned key), a
/// chunk of sentences at a time, across cores.
pub fn add_learned(store: &mut FeatureStore, learned: &FxHashMap<u32, Vec<u32>>) {
    add_learned_then(store, learned, Stems::Keep);
}

/// [`add_learned`], each chunk's stems then freed (only self-training reads them, and
/// they are a fifth of the features): what a run does, once. The sentences then show
/// no stems, and learned keys cannot be added again.
pub fn add_learned_forgetting_stems(store: &mut FeatureStore, learned: &FxHashMap<u32, Vec<u32>>) {
    add_learned_then(store, learned, Stems::Forget);
}

/// What [`add_learned_then`] does with a chunk's stems once its keys are added.
#[derive(Clone, Copy, PartialEq)]
enum Stems {
    /// Kept, for adding learned keys again.
    Keep,
    /// Freed: nothing reads them after.
    Forget,
}

/// [`add_learned`] or [`add_learned_forgetting_stems`], as `stems` says.
fn add_learned_then(store: &mut FeatureStore, learned: &FxHashMap<u32, Vec<u32>>, stems: Stems) {
    assert!(
        store.chunks.iter().all(|c| c.stems.is_some()),
        "learned keys are added through the stems, which were forgotten"
    );
    let gained = |v: &Features<'_>| -> usize {
        v.stems
            .iter()
            .map(|(s, _, _)| learned.get(s).map_or(0, Vec::len))
            .sum()
    };
    store.chunks.par_iter_mut().for_each(|chunk| {
        let n = chunk.len();
        let had = chunk.items.data.iter().any(|i| i.kind == KeyKind::Learned);
        let gains: Vec<usize> = (0..n).map(|i| gained(&chunk.get(i))).collect();
        let extra: usize = gains.iter().sum();
        if had || extra > 0 {
            // Each list holds at most what it held plus the keys gained (a gained
            // key joins a group or makes one); one sentence rebuilt at a time.
            let room = |len: usize| len + extra;
            let mut items = Lists::with_capacity(room(chunk.items.data.len()), n);
            let mut groups = Lists::with_capacity(room(chunk.groups.data.len()), n);
            let mut group_keys = Lists::with_capacity(room(chunk.group_keys.data.len()), n);
            let mut group_spans = Lists::with_capacity(room(chunk.group_spans.data.len()), n);
            let mut f = SentenceFeatures::default();
            for (i, &gain) in gains.iter().enumerate() {
                let v = chunk.get(i);
                let sentence = if !v.items.iter().any(|i| i.kind == KeyKind::Learned) && gain == 0 {
                    v // nothing to take out, nothing to add
                } else {
                    f.items.clear();
                    f.items
                        .extend(v.items.iter().filter(|i| i.kind != KeyKind::Learned));
                    for &(s, start, end) in v.stems {
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
                    f.view()
                };
                items.push(sentence.items);
                groups.push(sentence.groups);
                group_keys.push(sentence.group_keys);
                group_spans.push(sentence.group_spans);
            }
            chunk.items = items.shrunk();
            chunk.groups = groups.shrunk();
            chunk.group_keys = group_keys.shrunk();
            chunk.group_spans = group_spans.shrunk();
        }
        if stems == Stems::Forget {
            chunk.stems = None;
        }
    });
}

/// The lists `list` gives for each of `sentences`, allocated at their exact size
/// (a store keeps them for the whole run: grown by doubling, they would leave
/// holes behind).
fn exact_lists<'a, T: Copy + 'a, S: Clone + Iterator<Item = Features<'a>>>(
    sentences: &S,
    list: impl Fn(&Features<'a>) -> &'a [T],
) -> Lists<T> {
    let total = sentences.clone().map(|f| list(&f).len()).sum();
    let mut out = Lists::with_capacity(total, sentences.clone().count());
    for f in sentences.clone() {
        out.push(list(&f));
    }
    out
}

/// Sentences per [`Chunk`] of a [`FeatureStore`]: enough that a chunk's largest
/// lists get a mapping of their own from the allocator (over 128 KB), so that one
/// replaced by self-training goes back to the system instead of leaving a hole;
/// few enough that the sentences waiting for their chunk cost little. (256 and 4,096
/// both peaked higher on parallel 10,000.)
pub(crate) const CHUNK_SENTENCES: usize = 1024;

/// The features of up to [`CHUNK_SENTENCES`] consecutive sentences, each kind of
/// list stored flat for all of them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Chunk {
    chars: Vec<u32>,
    words: Vec<u32>,
    items: Lists<Item>,
    names: Lists<Name>,
    groups: Lists<u32>,
    group_keys: Lists<u32>,
    group_spans: Lists<(u32, u32)>,
    number_groups: Lists<u32>,
    number_keys: Lists<u32>,
    number_in_date: Lists<bool>,
    /// None once self-training is done with them ([`add_learned_forgetting_stems`]).
    stems: Option<Lists<(u32, u32, u32)>>,
}

impl Chunk {
    /// How many sentences the chunk holds.
    fn len(&self) -> usize {
        self.chars.len()
    }

    /// The features of the chunk's sentence `i`.
    fn get(&self, i: usize) -> Features<'_> {
        Features {
            chars: self.chars[i],
            words: self.words[i],
            items: self.items.get(i),
            names: self.names.get(i),
            groups: self.groups.get(i),
            group_keys: self.group_keys.get(i),
            group_spans: self.group_spans.get(i),
            number_groups: self.number_groups.get(i),
            number_keys: self.number_keys.get(i),
            number_in_date: self.number_in_date.get(i),
            stems: self.stems.as_ref().map_or(&[], |l| l.get(i)),
        }
    }

    /// Adds a sentence after the others.
    fn push(&mut self, f: &Features<'_>) {
        self.chars.push(f.chars);
        self.words.push(f.words);
        self.items.push(f.items);
        self.names.push(f.names);
        self.groups.push(f.groups);
        self.group_keys.push(f.group_keys);
        self.group_spans.push(f.group_spans);
        self.number_groups.push(f.number_groups);
        self.number_keys.push(f.number_keys);
        self.number_in_date.push(f.number_in_date);
        if let Some(stems) = &mut self.stems {
            stems.push(f.stems);
        }
    }

    /// Frees the room the lists were grown with.
    fn shrink_to_fit(&mut self) {
        self.chars.shrink_to_fit();
        self.words.shrink_to_fit();
        self.items.shrink_to_fit();
        self.names.shrink_to_fit();
        self.groups.shrink_to_fit();
        self.group_keys.shrink_to_fit();
        self.group_spans.shrink_to_fit();
        self.number_groups.shrink_to_fit();
        self.number_keys.shrink_to_fit();
        self.number_in_date.shrink_to_fit();
        if let Some(stems) = &mut self.stems {
            stems.shrink_to_fit();
        }
    }

    /// The chunk of `sentences`, each list allocated at its exact size.
    fn exact<'a>(sentences: impl Clone + Iterator<Item = Features<'a>>) -> Chunk {
        Chunk {
            chars: sentences.clone().map(|f| f.chars).collect(),
            words: sentences.clone().map(|f| f.words).collect(),
            items: exact_lists(&sentences, |f| f.items),
            names: exact_lists(&sentences, |f| f.names),
            groups: exact_lists(&sentences, |f| f.groups),
            group_keys: exact_lists(&sentences, |f| f.group_keys),
            group_spans: exact_lists(&sentences, |f| f.group_spans),
            number_groups: exact_lists(&sentences, |f| f.number_groups),
            number_keys: exact_lists(&sentences, |f| f.number_keys),
            number_in_date: exact_lists(&sentences, |f| f.number_in_date),
            stems: Some(exact_lists(&sentences, |f| f.stems)),
        }
    }
}

/// The features of a document's sentences, in chunks of [`CHUNK_SENTENCES`] whose
/// lists are stored flat: a few allocations per chunk instead of a dozen per
/// sentence, and a chunk is rebuilt whole (self-training) with little memory
/// besides. [`FeatureStore::get`] gives one sentence's [`Features`].
#[derive(Debug, Clone, Default)]
pub struct FeatureStore {
    chunks: Vec<Chunk>,
    len: usize,
}

impl FeatureStore {
    /// How many sentences the store holds.
    pub fn len(&self) -> usize {
        self.len
    }

    /// True when the store holds no sentence.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The features of sentence `i`.
    pub fn get(&self, i: usize) -> Features<'_> {
        assert!(i < self.len, "sentence {i} of {}", self.len);
        self.chunks[i / CHUNK_SENTENCES].get(i % CHUNK_SENTENCES)
    }

    /// The features of every sentence, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Features<'_>> + Clone + '_ {
        (0..self.len()).map(|i| self.get(i))
    }

    /// Every sentence, as a [`Sentences`] view.
    pub fn sentences(&self) -> Sentences<'_> {
        Sentences {
            store: self,
            start: 0,
            end: self.len(),
        }
    }
}

impl FromIterator<SentenceFeatures> for FeatureStore {
    fn from_iter<I: IntoIterator<Item = SentenceFeatures>>(sentences: I) -> FeatureStore {
        let mut builder = StoreBuilder::default();
        builder.extend(sentences);
        builder.finish()
    }
}

/// Builds a [`FeatureStore`] from sentences given in order, in as many parts as
/// come: a chunk is stored once its sentences are all there.
#[derive(Debug, Default)]
pub struct StoreBuilder {
    store: FeatureStore,
    /// The sentences of the chunk being filled.
    pending: Vec<SentenceFeatures>,
}

impl StoreBuilder {
    /// Adds sentences after those added before.
    pub fn extend(&mut self, sentences: impl IntoIterator<Item = SentenceFeatures>) {
        for f in sentences {
            self.pending.push(f);
            if self.pending.len() == CHUNK_SENTENCES {
                self.store_pending();
            }
        }
    }

    /// Adds a chunk of sentences after those added before, which must fill whole
    /// chunks (every chunk is full but the last).
    pub(crate) fn push_chunk(&mut self, chunk: Chunk) {
        assert!(
            self.pending.is_empty() && self.store.len.is_multiple_of(CHUNK_SENTENCES),
            "a chunk is added where one starts"
        );
        assert!(
            chunk.len() <= CHUNK_SENTENCES,
            "a chunk holds at most CHUNK_SENTENCES"
        );
        self.store.len += chunk.len();
        self.store.chunks.push(chunk);
    }

    /// The store of every sentence added.
    pub fn finish(mut self) -> FeatureStore {
        self.store_pending();
        self.store.chunks.shrink_to_fit();
        self.store
    }

    /// Stores the pending sentences as the next chunk.
    fn store_pending(&mut self) {
        if self.pending.is_empty() {
            return;
        }
        assert!(
            self.store.len.is_multiple_of(CHUNK_SENTENCES),
            "sentences are added after a short chunk"
        );
        let chunk = Chunk::exact(self.pending.iter().map(SentenceFeatures::view));
        self.store.chunks.push(chunk);
        self.store.len += self.pending.len();
        self.pending.clear();
    }
}

/// A run of consecutive sentences of a [`FeatureStore`] (a document or a part of
/// one), as the aligners read them: what a slice of sentences would be.
#[derive(Debug, Clone, Copy)]
pub struct Sentences<'a> {
    store: &'a FeatureStore,
    start: usize,
    end: usize,
}

impl<'a> Sentences<'a> {
    /// How many sentences the run has.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the run has no sentence.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The features of the run's sentence `i` (counted from the run's start).
    pub fn get(&self, i: usize) -> Features<'a> {
        assert!(i < self.len(), "sentence {i} of a run of {}", self.len());
        self.store.get(self.start + i)
    }

    /// The run's sentences `range` (counted from the run's start).
    pub fn slice(&self, range: Range<usize>) -> Sentences<'a> {
        assert!(
            range.start <= range.end && range.end <= self.len(),
            "sentences {range:?} of a run of {}",
            self.len()
        );
        Sentences {
            store: self.store,
            start: self.start + range.start,
            end: self.start + range.end,
        }
    }

    /// The features of the run's sentences, in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = Features<'a>> + Clone + 'a {
        let store = self.store;
        (self.start..self.end).map(move |i| store.get(i))
    }
}

/// One sentence's features as the scorer reads them, borrowed from a
/// [`FeatureStore`] or a [`SentenceFeatures`] (the fields are those of
/// [`SentenceFeatures`]).
#[derive(Debug, Clone, Copy)]
pub struct Features<'a> {
    /// See [`SentenceFeatures::chars`].
    pub chars: u32,
    /// See [`SentenceFeatures::words`].
    pub words: u32,
    /// See [`SentenceFeatures::items`].
    pub items: &'a [Item],
    /// See [`SentenceFeatures::names`].
    pub names: &'a [Name],
    /// See [`SentenceFeatures::groups`].
    pub groups: &'a [u32],
    /// See [`SentenceFeatures::group_keys`].
    pub group_keys: &'a [u32],
    /// See [`SentenceFeatures::group_spans`].
    pub group_spans: &'a [(u32, u32)],
    /// See [`SentenceFeatures::number_groups`].
    pub number_groups: &'a [u32],
    /// See [`SentenceFeatures::number_keys`].
    pub number_keys: &'a [u32],
    /// See [`SentenceFeatures::number_in_date`].
    pub number_in_date: &'a [bool],
    /// See [`SentenceFeatures::stems`].
    pub stems: &'a [(u32, u32, u32)],
}

impl SentenceFeatures {
    /// The features borrowed, as a [`FeatureStore`] gives them.
    pub fn view(&self) -> Features<'_> {
        Features {
            chars: self.chars,
            words: self.words,
            items: &self.items,
            names: &self.names,
            groups: &self.groups,
            group_keys: &self.group_keys,
            group_spans: &self.group_spans,
            number_groups: &self.number_groups,
            number_keys: &self.number_keys,
            number_in_date: &self.number_in_date,
            stems: &self.stems,
        }
    }
}

impl<'a> Features<'a> {
    /// The keys of each word group, group after group.
    pub fn word_groups(&self) -> impl Iterator<Item = &'a [u32]> + 'a {
        ranges(self.groups, self.group_keys)
    }

    /// The readings (keys) of each number group, group after group.
    pub fn number_readings(&self) -> impl Iterator<Item = &'a [u32]> + 'a {
        ranges(self.number_groups, self.number_keys)
    }

    /// The features copied out.
    pub fn to_owned(&self) -> SentenceFeatures {
        SentenceFeatures {
            chars: self.chars,
            words: self.words,
            items: self.items.to_vec(),
            names: self.names.to_vec(),
            groups: self.groups.to_vec(),
            group_keys: self.group_keys.to_vec(),
            group_spans: self.group_spans.to_vec(),
            number_groups: self.number_groups.to_vec(),
            number_keys: self.number_keys.to_vec(),
            number_in_date: self.number_in_date.to_vec(),
            stems: self.stems.to_vec(),
        }
    }
}

/// The parts of `keys` that end at `ends`, one after another.
fn ranges<'a>(ends: &'a [u32], keys: &'a [u32]) -> impl Iterator<Item = &'a [u32]> + 'a {
    let starts = std::iter::once(0).chain(ends.iter().copied());
    starts
        .zip(ends)
        .map(move |(start, &end)| &keys[start as usize..end as usize])
}

/// Items grouped by span, written into the vectors of [`Grouped`] (cleared first, so
/// regrouping a sentence reuses its memory).
struct Grouped<'a> {
    /// Where each group ends in `keys`.
    groups: &'a mut Vec<u32>,
    /// The keys, group after group.
    keys: &'a mut Vec<u32>,
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
        spans: group_spans,
    } = out;
    groups.clear();
    keys.clear();
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
        let mut n = 0;
        while n < spans.len() {
            let (start, end) = (spans[n].0, spans[n].1);
            while n < spans.len() && (spans[n].0, spans[n].1) == (start, end) {
                keys.push(spans[n].2);
                n += 1;
            }
            groups.push(keys.len() as u32);
            group_spans.push((start, end));
        }
    });
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
        // More sentences than a chunk holds, every other one with the stem.
        let other = x.extract("Il pleut sur Lyon", Lang::Fr);
        let n = CHUNK_SENTENCES * 2 + 3;
        let sentences = || (0..n).map(|i| if i % 2 == 0 { &fresh } else { &other });
        let mut store: FeatureStore = sentences().cloned().collect();
        let learned_all = |store: &FeatureStore| -> Vec<Vec<u32>> {
            store.iter().map(|f| learned(&f.to_owned())).collect()
        };
        let expect = |keys: &[u32]| -> Vec<Vec<u32>> {
            (0..n)
                .map(|i| {
                    if i % 2 == 0 {
                        keys.to_vec()
                    } else {
                        Vec::new()
                    }
                })
                .collect()
        };
        add_learned(&mut store, &link(&[900_001]));
        assert_eq!(learned_all(&store), expect(&[900_001]));
        assert!(
            store
                .iter()
                .step_by(2)
                .all(|f| f.group_keys.contains(&900_001))
        );
        add_learned(&mut store, &link(&[900_002]));
        assert_eq!(learned_all(&store), expect(&[900_002]));
        assert!(!store.iter().any(|f| f.group_keys.contains(&900_001)));
        // Taken out again: the features are as extracted.
        add_learned(&mut store, &FxHashMap::default());
        assert_eq!(store.len(), n);
        for (f, original) in store.iter().zip(sentences()) {
            assert_eq!(&f.to_owned(), original);
        }
    }

    #[test]
    fn forgetting_the_stems_adds_the_same_keys_and_frees_the_stems() {
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let texts = [
            "La délégation a visité le centre de commandement",
            "Il pleut",
        ];
        let store: FeatureStore = (0..CHUNK_SENTENCES + 9)
            .map(|i| x.extract(texts[i % 2], Lang::Fr))
            .collect();
        let stem = store.get(0).stems[0].0;
        let links = FxHashMap::from_iter([(stem, vec![900_001])]);
        let (mut kept, mut forgot) = (store.clone(), store);
        add_learned(&mut kept, &links);
        add_learned_forgetting_stems(&mut forgot, &links);
        assert_eq!(kept.len(), forgot.len());
        for (k, f) in kept.iter().zip(forgot.iter()) {
            let mut k = k.to_owned();
            k.stems.clear();
            assert_eq!(k, f.to_owned());
            assert!(f.stems.is_empty());
        }
        assert!(forgot.get(0).items.iter().any(|i| i.key == 900_001));
    }

    #[test]
    fn raw_chunks_finish_as_extraction_in_the_shared_key_space_would() {
        let lexicon = Lexicon::builtin();
        let texts = [
            ("استقبل الوزير الوفد في الرباط يوم 25 مايو 2022", Lang::Ar),
            (
                "Le ministre a reçu la délégation à Rabat le 25 mai 2022",
                Lang::Fr,
            ),
            ("قال حموشي إن 300 شرطي وصلوا إلى الدوحة", Lang::Ar),
            (
                "Hammouchi a dit que 300 policiers sont arrivés à Doha",
                Lang::Fr,
            ),
        ];
        let mut shared = Extractor::new(&lexicon);
        let expected: Vec<SentenceFeatures> = texts
            .iter()
            .map(|&(t, lang)| shared.extract(t, lang))
            .collect();
        // Another extractor numbers the same strings otherwise (it saw other text
        // first); its chunk is renumbered into the shared key space.
        let mut local = Extractor::new(&lexicon);
        local.extract(
            "Doha, Rabat et le Qatar en 2022 : policiers et ministre",
            Lang::Fr,
        );
        let mut raw = RawChunk::default();
        for &(t, lang) in &texts {
            local.extract_raw(t, lang, &mut raw);
        }
        let map: Vec<u32> = (0..local.interner.len() as u32)
            .map(|id| shared.interner.intern(local.interner.name(id)))
            .collect();
        assert!(map.iter().enumerate().any(|(old, &new)| old as u32 != new));
        let chunk = raw.finish(&map);
        assert_eq!(chunk.len(), texts.len());
        for (i, f) in expected.iter().enumerate() {
            assert_eq!(&chunk.get(i).to_owned(), f, "sentence {i}");
        }
    }

    #[test]
    fn a_store_gives_back_every_sentence_however_it_was_filled() {
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let texts = [
            ("استقبل الوزير الوفد في الرباط يوم 25 مايو 2022", Lang::Ar),
            (
                "Le ministre a reçu la délégation à Rabat le 25 mai 2022",
                Lang::Fr,
            ),
            ("300 policiers sont arrivés à Doha", Lang::Fr),
            ("", Lang::Fr),
            ("قال حموشي إن التعاون مستمر مع قطر", Lang::Ar),
        ];
        let all: Vec<SentenceFeatures> = (0..CHUNK_SENTENCES * 3 + 7)
            .map(|i| {
                let (t, lang) = texts[i % texts.len()];
                // Each sentence its own: a number from its position.
                x.extract(&format!("{t} {}", 1000 + i), lang)
            })
            .collect();
        // At once; a chunk at a time; in uneven parts across chunk ends.
        let whole: FeatureStore = all.iter().cloned().collect();
        let in_parts = |size: usize| {
            let mut builder = StoreBuilder::default();
            for part in all.chunks(size) {
                builder.extend(part.to_vec());
                builder.extend(Vec::new());
            }
            builder.finish()
        };
        let (by_chunk, uneven) = (in_parts(CHUNK_SENTENCES), in_parts(CHUNK_SENTENCES / 3 + 5));
        for store in [&whole, &by_chunk, &uneven] {
            assert_eq!(store.len(), all.len());
            for (i, f) in all.iter().enumerate() {
                assert_eq!(&store.get(i).to_owned(), f, "sentence {i}");
            }
            // A run across a chunk end, and a run inside it.
            let start = CHUNK_SENTENCES - 100;
            let run = store.sentences().slice(start..start + 350);
            assert_eq!(run.len(), 350);
            assert_eq!(&run.get(9).to_owned(), &all[start + 9]);
            assert_eq!(
                run.slice(100..101).iter().next().map(|f| f.to_owned()),
                Some(all[start + 100].clone())
            );
        }
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
        let mut keys = f.group_keys.clone();
        keys.sort_unstable();
        assert_eq!(keys, vec![2, 5, 7, 9]);
        let view = f.view();
        let groups: Vec<&[u32]> = view.word_groups().collect();
        assert_eq!(groups.len(), 3);
        assert_eq!(groups[0], &[5, 7]);
        assert!(groups.iter().all(|g| !g.is_empty()));
        assert_eq!(groups.concat(), f.group_keys);
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
        assert!(ar.group_keys.contains(&cnn) && fr.group_keys.contains(&cnn));
        // The letter names carry no word senses.
        let acronym = text.find("سي").unwrap() as u32..text.find(" إن الوضع").unwrap() as u32;
        assert!(
            !ar.items
                .iter()
                .any(|i| i.kind == KeyKind::Concept && acronym.contains(&{ i.start })),
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
