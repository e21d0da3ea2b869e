//! The Arabic–French lexicon, matched on stems.
//!
//! Every entry pairs Arabic and French forms of one meaning, a *concept*. A sentence of
//! either language becomes the concepts its words express ([`Lexicon::annotate`]);
//! two sentences that share many concepts probably say the same thing.
//!
//! Matching is on stems ([`crate::text::stem`]): Arabic words are tried with and without
//! their clitic prefixes, French words go through Snowball. Multiword entries
//! (`كأس العالم` / `Coupe du monde`) are matched longest first; inside a French
//! multiword entry, articles and `de`/`à` may be added or left out (`pays de Galles`
//! also matches `pays Galles`, `Coupe du monde` matches `coupe de monde`).
//!
//! The built-in data lives in `data/lexicon/*.tsv` ([`BUILTIN`]; the format is described
//! in the header of `function.tsv`): one line is one entry `ar<TAB>fr<TAB>tags`, each
//! side may list several forms separated by `|`, and lines with the same Arabic or French
//! headword (first form of a side) are merged into one concept (a headword written
//! `~form` is ambiguous and does not merge). The tag `func` marks function words
//! ([`Lexicon::is_function`], [`Lexicon::weight`]).
//!
//! Users add entries with [`Lexicon::load_dict`] (`--dict`), one pair at a time with
//! [`Lexicon::add_pair`]; FreeDict dictionaries can be pivoted through English with
//! `Lexicon::load_freedict_pivot` (optional, not shipped). Self-training does not touch
//! the lexicon: its links are keys of the sentences (`crate::align::learn`).

mod freedict;

use crate::Lang;
use crate::anchor::entities;
use crate::text::normalize::normalize;
use crate::text::stem::{self, analyses, entry_stems};
use crate::text::tokenize::{Token, tokenize};
use crate::text::{Interner, Lists, Strings};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};

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
    /// The concept of one word inside a longer multiword match (`ministre` inside
    /// `ministre de l'Intérieur`): weaker evidence, for translations that render only
    /// part of a multiword term.
    pub part: bool,
}

/// `(name, content)` of each named file of `data/lexicon/`, built in.
macro_rules! lexicon_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../data/lexicon/", $name)))),*]
    };
}

/// The built-in data files, by name (for error messages) and content.
pub const BUILTIN: &[(&str, &str)] = lexicon_files![
    "function.tsv",
    "numbers.tsv",
    "time.tsv",
    "geo.tsv",
    "politics.tsv",
    "security.tsv",
    "sport.tsv",
    "economy.tsv",
    "society.tsv",
    "general.tsv",
    "verbs.tsv",
    "adjectives.tsv",
    "nouns.tsv",
    "science.tsv",
    "culture.tsv",
    "maghreb.tsv",
    "expressions.tsv",
    "verbs2.tsv",
    "general2.tsv",
    "domains2.tsv",
    "life2.tsv",
    "politics2.tsv",
    "economy2.tsv",
    "people2.tsv",
    "freq_ar.tsv",
];

/// How much a function-word concept counts relative to a content concept, for scorers
/// that weight concepts ([`Lexicon::weight`]).
pub const FUNCTION_WEIGHT: f64 = 0.2;

/// How words are compared with entries: the default, [`Matching::Stems`], is what
/// mizan uses; the others exist to measure what stemming adds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Matching {
    /// Light stems, Arabic words tried with and without their clitic prefixes.
    #[default]
    Stems,
    /// Light stems of the words as written (no clitic readings).
    StemsNoClitics,
    /// Normalized surface forms, no stemming.
    Surface,
}

/// What one concept stands for.
#[derive(Debug, Clone, Default)]
struct ConceptInfo {
    /// An Arabic form as written in the data.
    ar: String,
    /// A French form as written in the data.
    fr: String,
    /// A function word (pronoun, preposition, conjunction ...): weak evidence.
    func: bool,
}

/// One distinct stem sequence of one language and the concepts it expresses.
#[derive(Debug, Clone)]
struct Phrase {
    /// The stems, as ids of the side's vocabulary.
    keys: Vec<u32>,
    /// Articles and prepositions may appear between the words (French content entries).
    gaps: bool,
    concepts: Vec<ConceptId>,
}

/// The phrases of one language, indexed by their first stem. Stems are numbered (the
/// side's vocabulary), so that matching a sentence compares numbers, and a word's
/// stems that no entry has are dropped once, when the word is first seen.
#[derive(Debug, Clone, Default)]
struct SideIndex {
    phrases: Vec<Phrase>,
    /// The side's stems, numbered in order of first appearance (in one buffer: the
    /// stems come from threads that analyse the data lines, and would otherwise stay
    /// behind in those threads' heaps, among the analyses' freed strings).
    vocabulary: Interner,
    /// The phrases starting with each stem id.
    by_first: Vec<Vec<usize>>,
    /// Names this version of the vocabulary for the per-thread word memo
    /// ([`SideIndex::word_keys`]): renewed when the vocabulary grows, shared by
    /// clones.
    stamp: u64,
}

impl SideIndex {
    fn add(&mut self, stems: Vec<String>, gaps: bool, concept: ConceptId) {
        if stems.is_empty() {
            return;
        }
        let known = self.vocabulary.len();
        let keys: Vec<u32> = stems
            .iter()
            .map(|stem| self.vocabulary.intern(stem))
            .collect();
        // The memo holds vocabulary ids only: it stays valid until the vocabulary grows.
        if self.vocabulary.len() > known {
            static STAMPS: AtomicU64 = AtomicU64::new(1);
            self.stamp = STAMPS.fetch_add(1, Ordering::Relaxed);
            self.by_first.resize(self.vocabulary.len(), Vec::new());
        }
        // The same stems already indexed: found among the phrases sharing the first
        // stem (a short list), rather than through a map of every phrase's stems.
        let phrases = &self.phrases;
        let same = self.by_first[keys[0] as usize]
            .iter()
            .copied()
            .find(|&i| phrases[i].keys == keys);
        if let Some(i) = same {
            let p = &mut self.phrases[i];
            p.gaps &= gaps;
            if !p.concepts.contains(&concept) {
                p.concepts.push(concept);
            }
            return;
        }
        let i = self.phrases.len();
        self.by_first[keys[0] as usize].push(i);
        self.phrases.push(Phrase {
            keys,
            gaps,
            concepts: vec![concept],
        });
    }

    /// The phrases starting with stem id `key`.
    fn starting_with(&self, key: u32) -> &[usize] {
        self.by_first.get(key as usize).map_or(&[], Vec::as_slice)
    }

    /// Adds to `out`, as the next token's, the ids of the stems a word of a sentence
    /// may match (its analyses that are in the vocabulary; an Arabic word that is a
    /// one-word entry as written keeps only that reading), memoized per thread:
    /// running text repeats its words, and a word's analyses (all its clitic
    /// readings, each stemmed) cost far more than a lookup.
    fn word_keys(&self, norm: &str, lang: Lang, matching: Matching, out: &mut TokenKeys) {
        /// Words kept per index before the memo starts over, and indexes kept (bound
        /// its memory on text with an unbounded vocabulary, or many lexicons).
        const MAX_WORDS: usize = 100_000;
        const MAX_INDEXES: usize = 4;
        WORD_KEYS.with_borrow_mut(|cache| {
            if cache.len() >= MAX_INDEXES && !cache.contains_key(&self.stamp) {
                cache.clear();
            }
            let words = cache.entry(self.stamp).or_default();
            if let Some(keys) = words.get(norm) {
                out.push(keys);
                return;
            }
            let stems = match matching {
                Matching::Stems => analyses(norm, lang),
                Matching::StemsNoClitics => vec![stem::light_stem(norm, lang)],
                Matching::Surface => vec![stem::fold(norm, lang)],
            };
            let mut keys: Vec<u32> = stems
                .iter()
                .filter_map(|s| self.vocabulary.get(s))
                .collect();
            // An Arabic word that is itself a one-word entry, read as written, means that
            // entry: `وزارة` is the ministry, not `و` + `زار` (visited). Not when that
            // reading keeps the article (`السنة` is the year, though `السن` is an
            // entry), nor when its stem is known only inside longer entries.
            if lang == Lang::Ar
                && let Some(first) = stems.iter().find(|s| self.vocabulary.get(s).is_some())
                && !first.starts_with("ال")
                && self
                    .starting_with(keys[0])
                    .iter()
                    .any(|&p| self.phrases[p].keys.len() == 1)
            {
                keys.truncate(1);
            }
            if words.len() >= MAX_WORDS {
                *words = WordKeys::default();
            }
            words.insert(norm, &keys);
            out.push(&keys);
        })
    }
}

thread_local! {
    /// [`SideIndex::word_keys`]'s memo: for each index (by stamp), its words' keys.
    static WORD_KEYS: RefCell<FxHashMap<u64, WordKeys>> = RefCell::default();
}

/// Empties this thread's word memo: it is worth its memory while sentences are
/// annotated (a run's extraction), not for the rest of the run (see
/// [`crate::features::forget_memos`], which empties every thread's).
pub fn forget_word_memo() {
    WORD_KEYS.with_borrow_mut(|c| *c = FxHashMap::default());
}

/// A bilingual lexicon: every entry maps stemmed Arabic and French word sequences to a
/// shared concept, so that a sentence of either language becomes a bag of concepts.
#[derive(Debug, Default, Clone)]
pub struct Lexicon {
    concepts: Vec<ConceptInfo>,
    ar: SideIndex,
    fr: SideIndex,
    /// Entries (lines of data or dictionary, pairs added) taken in.
    entries: usize,
    /// Folded (ar, fr) surface pairs already present, so a pair is never added twice.
    pairs: HashMap<(String, String), ConceptId>,
    /// Data lines not yet in `pairs`: only [`Lexicon::add_pair`] needs the pairs, so
    /// most runs never build them, and the lines wait in one buffer (see
    /// [`PendingPairs`]).
    pending_pairs: PendingPairs,
    /// How words are compared with entries.
    matching: Matching,
}

/// Data lines' surface keys waiting to become [`Lexicon`]'s pairs, all in one
/// buffer, so that the lines of the built-in data cost no allocation each.
#[derive(Debug, Default, Clone)]
struct PendingPairs {
    /// Each line's Arabic keys, then its French keys, line after line.
    keys: Strings,
    /// Each line's number of Arabic and of French keys, and its concept.
    lines: Vec<(usize, usize, ConceptId)>,
}

impl PendingPairs {
    /// Adds a line's keys under concept `c`.
    fn push(&mut self, ar: &[String], fr: &[String], c: ConceptId) {
        for key in ar.iter().chain(fr) {
            self.keys.push(key);
        }
        self.lines.push((ar.len(), fr.len(), c));
    }

    /// Each line's Arabic keys, French keys and concept.
    fn lines(&self) -> impl Iterator<Item = (Vec<&str>, Vec<&str>, ConceptId)> {
        let mut next = 0;
        self.lines.iter().map(move |&(n_ar, n_fr, c)| {
            let mut take = |n: usize| {
                let keys = (next..next + n).map(|i| self.keys.get(i as u32)).collect();
                next += n;
                keys
            };
            let ar = take(n_ar);
            (ar, take(n_fr), c)
        })
    }
}

/// One parsed data line.
struct Line<'a> {
    ar: Vec<&'a str>,
    fr: Vec<&'a str>,
    func: bool,
}

/// A data line's forms analysed for the index: each form's stem sequences (see
/// [`entry_sequences`]) and merge key ([`surface_key`]), per language.
#[derive(Default)]
struct AnalysedLine {
    ar: Vec<(Vec<Vec<String>>, bool)>,
    fr: Vec<(Vec<Vec<String>>, bool)>,
    ar_keys: Vec<String>,
    fr_keys: Vec<String>,
}

impl AnalysedLine {
    fn of(l: &Line<'_>, matching: Matching) -> AnalysedLine {
        let sequences = |forms: &[&str], lang| {
            forms
                .iter()
                .map(|f| entry_sequences(lang, f.trim_start_matches('~'), l.func, matching))
                .collect()
        };
        let keys = |forms: &[&str], lang| forms.iter().map(|f| surface_key(f, lang)).collect();
        AnalysedLine {
            ar: sequences(&l.ar, Lang::Ar),
            fr: sequences(&l.fr, Lang::Fr),
            ar_keys: keys(&l.ar, Lang::Ar),
            fr_keys: keys(&l.fr, Lang::Fr),
        }
    }
}

/// French words that may be inserted or left out inside a multiword entry.
const FR_GAP_WORDS: [&str; 12] = [
    "de", "des", "du", "d", "la", "le", "les", "l", "a", "au", "aux", "en",
];

/// The most characters a word of [`FR_GAP_WORDS`] has.
const GAP_WORD_CHARS: usize = 3;

impl Lexicon {
    /// The lexicon built into mizan (parsed once per process, then cloned).
    pub fn builtin() -> Lexicon {
        static CACHE: OnceLock<Lexicon> = OnceLock::new();
        CACHE
            .get_or_init(|| Lexicon::builtin_with(Matching::Stems))
            .clone()
    }

    /// The built-in lexicon, parsed anew rather than cloned from the copy
    /// [`Lexicon::builtin`] keeps: for a process that needs one lexicon only (the
    /// command line), which then does not hold it twice.
    pub fn builtin_uncached() -> Lexicon {
        Lexicon::builtin_with(Matching::Stems)
    }

    /// The built-in lexicon compared with words in another way (for measurements).
    pub fn builtin_with(matching: Matching) -> Lexicon {
        let mut lex = Lexicon::empty_with(matching);
        // The data is tested to parse cleanly; a bad line is skipped.
        let _ = lex.add_files(BUILTIN);
        lex
    }

    /// An empty lexicon that compares words in the given way.
    pub fn empty_with(matching: Matching) -> Lexicon {
        Lexicon {
            matching,
            ..Lexicon::default()
        }
    }

    /// Adds the entries of one data file in the built-in format (see the module doc):
    /// lines sharing a form become one concept. Returns the entries added, or the first
    /// bad line as `(line number, message)` after adding all good lines.
    pub fn add_data(&mut self, name: &str, text: &str) -> Result<usize, String> {
        self.add_files(&[(name, text)])
    }

    /// Adds several data files at once, merging synonymous lines across files.
    pub fn add_files(&mut self, files: &[(&str, &str)]) -> Result<usize, String> {
        let mut lines = Vec::new();
        let mut first_error = None;
        for (name, text) in files {
            for (n, raw) in text.lines().enumerate() {
                match parse_data_line(raw) {
                    Ok(Some(l)) => lines.push(l),
                    Ok(None) => {}
                    Err(msg) => {
                        first_error.get_or_insert_with(|| format!("{name}: line {}: {msg}", n + 1));
                    }
                }
            }
        }
        // Union-find over lines: lines sharing an unambiguous form are one concept.
        let mut parent: Vec<usize> = (0..lines.len()).collect();
        fn find(p: &mut [usize], mut i: usize) -> usize {
            while p[i] != i {
                p[i] = p[p[i]];
                i = p[i];
            }
            i
        }
        let mut owner: HashMap<(Lang, String), usize> = HashMap::new();
        for (i, l) in lines.iter().enumerate() {
            // Only the first form of each side (the headword) merges lines: the other
            // forms are variants or secondary senses, and merging through them would chain
            // unrelated meanings (`présenter` ~ `offrir` ~ `fournir` ...).
            let forms =
                l.ar.first()
                    .map(|f| (Lang::Ar, f))
                    .into_iter()
                    .chain(l.fr.first().map(|f| (Lang::Fr, f)));
            for (lang, form) in forms {
                if form.starts_with('~') {
                    continue;
                }
                let key = (lang, surface_key(form, lang));
                match owner.get(&key) {
                    Some(&j) => {
                        let (a, b) = (find(&mut parent, i), find(&mut parent, j));
                        parent[a.max(b)] = a.min(b);
                    }
                    None => {
                        owner.insert(key, i);
                    }
                }
            }
        }
        // Stemming the forms is most of the work, and each line's is independent.
        let matching = self.matching;
        let mut analysed: Vec<AnalysedLine> = lines
            .par_iter()
            .map(|l| AnalysedLine::of(l, matching))
            .collect();
        let mut concept_of_root: HashMap<usize, ConceptId> = HashMap::new();
        for i in 0..lines.len() {
            let root = find(&mut parent, i);
            let l = &lines[i];
            let c = *concept_of_root.entry(root).or_insert_with(|| {
                let root_line = &lines[root];
                self.new_concept(
                    root_line.ar[0].trim_start_matches('~'),
                    root_line.fr[0].trim_start_matches('~'),
                    root_line.func,
                )
            });
            if l.func != lines[root].func {
                // A concept is a function word only when all its lines say so.
                if let Some(info) = self.concepts.get_mut(c as usize) {
                    info.func &= l.func;
                }
            }
            let analysed = std::mem::take(&mut analysed[i]);
            for (seqs, gaps) in analysed.ar {
                self.insert(Lang::Ar, seqs, gaps, c);
            }
            for (seqs, gaps) in analysed.fr {
                self.insert(Lang::Fr, seqs, gaps, c);
            }
            self.pending_pairs
                .push(&analysed.ar_keys, &analysed.fr_keys, c);
            self.entries += 1;
        }
        match first_error {
            Some(e) => Err(e),
            None => Ok(lines.len()),
        }
    }

    /// The concepts of the lexicon expressed in `text` (original text of one sentence):
    /// at each word, the longest entry starting there wins and its words are consumed;
    /// a matched sequence that several concepts share yields all of them.
    pub fn annotate(&self, text: &str, lang: Lang) -> Vec<LexMatch> {
        self.annotate_inner(text, &tokenize(text, lang), lang, false)
    }

    /// Like [`Lexicon::annotate`], and the content words inside a multiword match add
    /// their own concepts too (marked [`LexMatch::part`]): a translation may render
    /// `وزير الداخلية` as just `le ministre`. Better for scoring sentence pairs (on the
    /// dev comparable pools, the translation has the best concept Dice for 82.5% of the
    /// Arabic sentences instead of 78.8%); [`Lexicon::annotate`] suits term extraction.
    pub fn annotate_with_parts(&self, text: &str, lang: Lang) -> Vec<LexMatch> {
        self.annotate_tokens_with_parts(text, &tokenize(text, lang), lang)
    }

    /// [`Lexicon::annotate_with_parts`] given the text's tokens (`tokenize(text,
    /// lang)`), for callers that need them too: tokenizing costs a normalized string
    /// per word.
    pub fn annotate_tokens_with_parts(
        &self,
        text: &str,
        tokens: &[Token],
        lang: Lang,
    ) -> Vec<LexMatch> {
        self.annotate_inner(text, tokens, lang, true)
    }

    fn annotate_inner(
        &self,
        text: &str,
        tokens: &[Token],
        lang: Lang,
        parts: bool,
    ) -> Vec<LexMatch> {
        let side = self.side(lang);
        if side.phrases.is_empty() {
            return Vec::new();
        }
        let tokens = self.split_hyphens(text, tokens, lang);
        // Sized once (a word has a key or two): grown key by key, the lists were
        // reallocated several times a sentence.
        let mut keys = TokenKeys {
            keys: Vec::with_capacity(2 * tokens.len()),
            spans: Vec::with_capacity(tokens.len()),
        };
        for t in tokens.iter() {
            side.word_keys(unfolded(text, t, lang), lang, self.matching, &mut keys);
        }
        // Entries are indexed without their gap words, the verb `a` among them: the
        // test stays on the normalized form.
        let gap: Vec<bool> = tokens.iter().map(|t| is_gap_word(&t.norm, lang)).collect();
        // The word after `عبد` or `أبو` is part of a name (`عبد اللطيف` is Abdellatif,
        // not "the kind one"): left to the name matcher, unless an entry starts at the
        // joiner and takes that word in (`أبو ظبي`, Abu Dhabi).
        if lang == Lang::Ar {
            let entry_through = |i: usize| {
                keys.get(i).iter().any(|&k| {
                    side.starting_with(k).iter().any(|&p| {
                        side.phrases[p].keys.len() > 1
                            && match_phrase(&side.phrases[p], &keys, &gap, i).is_some()
                    })
                })
            };
            let names: Vec<usize> = (1..tokens.len())
                .filter(|&i| {
                    let prev = &tokens[i - 1];
                    // A joiner is short: most words are let through without folding.
                    !keys.get(i).is_empty()
                        && prev.end - prev.start <= 24
                        && entities::is_arabic_joiner(&text[prev.start..prev.end])
                        && !entry_through(i - 1)
                })
                .collect();
            for i in names {
                keys.clear(i);
            }
        }
        let mut out = Vec::with_capacity(tokens.len());
        let mut i = 0;
        // End of the last match: with parts, a multiword phrase that starts inside it
        // and reaches beyond is a match too (`de la sécurité publique` holds both
        // `de la sécurité` and `sécurité publique`).
        let mut covered = 0;
        // The phrases of the longest match at a word; reused from word to word.
        let mut best: Vec<usize> = Vec::new();
        while i < tokens.len() {
            let mut best_end = 0;
            best.clear();
            for &k in keys.get(i) {
                for &p in side.starting_with(k) {
                    let Some(end) = match_phrase(&side.phrases[p], &keys, &gap, i) else {
                        continue;
                    };
                    if i < covered && (end <= covered || end - i < 2) {
                        continue;
                    }
                    if end > best_end {
                        best_end = end;
                        best.clear();
                    }
                    if end == best_end && !best.contains(&p) {
                        best.push(p);
                    }
                }
            }
            if best.is_empty() {
                i += 1;
                continue;
            }
            let (start, end) = (tokens[i].start, tokens[best_end - 1].end);
            let first = out.len();
            for &p in &best {
                for &c in &side.phrases[p].concepts {
                    if !out[first..].iter().any(|m: &LexMatch| m.concept == c) {
                        out.push(LexMatch {
                            concept: c,
                            start,
                            end,
                            part: false,
                        });
                    }
                }
            }
            // The content words of a multiword match also express their own concepts.
            if parts && best_end - i > 1 {
                for j in i..best_end {
                    for &k in keys.get(j) {
                        for &p in side.starting_with(k) {
                            if side.phrases[p].keys.len() != 1 {
                                continue;
                            }
                            for &c in &side.phrases[p].concepts {
                                if !self.is_function(c)
                                    && !out[first..].iter().any(|m: &LexMatch| m.concept == c)
                                {
                                    out.push(LexMatch {
                                        concept: c,
                                        start: tokens[j].start,
                                        end: tokens[j].end,
                                        part: true,
                                    });
                                }
                            }
                        }
                    }
                }
            }
            covered = best_end;
            i = if parts { i + 1 } else { best_end };
        }
        out
    }

    /// Reads a user dictionary (`--dict FILE`): TSV lines `ar<TAB>fr` (further columns
    /// ignored) or hunalign `.dic` lines `fr @ ar`; `#` starts a comment line. The side in
    /// Arabic script is taken as Arabic whatever the order. Each line is its own concept
    /// (big dictionaries list many senses per word, and merging lines through shared words
    /// would chain unrelated meanings). Returns the entries added.
    pub fn load_dict(&mut self, path: &Path) -> crate::Result<usize> {
        let bytes = std::fs::read(path)
            .map_err(|e| crate::Error::file(path, format!("cannot read dictionary: {e}")))?;
        let text = String::from_utf8(bytes)
            .map_err(|_| crate::Error::file(path, "dictionary is not valid UTF-8"))?;
        let mut pairs = Vec::new();
        for (n, raw) in text.lines().enumerate() {
            let line = raw.trim_start_matches('\u{feff}').trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            // A spreadsheet export's header line (`ar<TAB>fr`).
            if n == 0 && !has_arabic(line) && line.to_lowercase().starts_with("ar") {
                continue;
            }
            let (a, b) = if let Some((a, rest)) = line.split_once('\t') {
                (a, rest.split('\t').next().unwrap_or(""))
            } else if let Some((a, b)) = line.split_once(" @ ") {
                (a, b)
            } else {
                return Err(crate::Error::file(
                    path,
                    format!("line {}: expected `ar<TAB>fr` or `fr @ ar`", n + 1),
                ));
            };
            let (a, b) = (a.trim(), b.trim());
            let (ar, fr) = match (has_arabic(a), has_arabic(b)) {
                (true, false) => (a, b),
                (false, true) => (b, a),
                _ => {
                    return Err(crate::Error::file(
                        path,
                        format!("line {}: expected one Arabic and one French side", n + 1),
                    ));
                }
            };
            if fr.is_empty() || !fr.chars().any(char::is_alphanumeric) {
                return Err(crate::Error::file(
                    path,
                    format!("line {}: empty French side", n + 1),
                ));
            }
            pairs.push((ar.to_string(), fr.to_string()));
        }
        for (ar, fr) in &pairs {
            self.add_pair(ar, fr);
        }
        Ok(pairs.len())
    }

    /// Reads the user's dictionaries (`--dict`, repeatable): word lists as
    /// [`Lexicon::load_dict`] reads them, and FreeDict's dictd indexes, which come as a
    /// pair pivoted through English (`freedict-ara-eng.index` and
    /// `freedict-eng-fra.index`, as Debian installs them under `/usr/share/dictd`) and
    /// only fill the gaps the word lists leave. Returns the entries added.
    pub fn load_dicts(&mut self, paths: &[std::path::PathBuf]) -> crate::Result<usize> {
        let (indexes, lists): (Vec<_>, Vec<_>) = paths
            .iter()
            .partition(|p| p.extension().is_some_and(|e| e == "index"));
        let mut added = 0;
        for path in lists {
            added += self.load_dict(path)?;
        }
        if indexes.is_empty() {
            return Ok(added);
        }
        let named = |part: &str| {
            indexes.iter().find(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().contains(part))
            })
        };
        let (ara_eng, eng_fra) = (named("ara-eng"), named("eng-fra"));
        match (ara_eng, eng_fra, indexes.len()) {
            (Some(ara_eng), Some(eng_fra), 2) => {
                added += self.load_freedict_pivot(ara_eng, eng_fra)?;
                Ok(added)
            }
            _ => {
                // Name the index that does not fit the pair, if one stands out.
                let odd = indexes
                    .iter()
                    .find(|p| Some(*p) != ara_eng && Some(*p) != eng_fra)
                    .unwrap_or(&indexes[0]);
                Err(crate::Error::file(
                    odd,
                    "dictd indexes are used as one FreeDict pair pivoted through English: \
                     give exactly one index named *ara-eng* and one named *eng-fra* \
                     (freedict-ara-eng.index, freedict-eng-fra.index)",
                ))
            }
        }
    }

    /// Adds one entry at run time (user dictionaries, FreeDict) and returns its
    /// concept: the existing one if the same pair is already known, else a new concept.
    pub fn add_pair(&mut self, ar: &str, fr: &str) -> ConceptId {
        let pending = std::mem::take(&mut self.pending_pairs);
        for (ar_keys, fr_keys, c) in pending.lines() {
            for ar_key in &ar_keys {
                for fr_key in &fr_keys {
                    self.pairs
                        .insert((ar_key.to_string(), fr_key.to_string()), c);
                }
            }
        }
        let key = (surface_key(ar, Lang::Ar), surface_key(fr, Lang::Fr));
        if let Some(&c) = self.pairs.get(&key) {
            return c;
        }
        let c = self.new_concept(ar, fr, false);
        self.index(Lang::Ar, ar, c, false);
        self.index(Lang::Fr, fr, c, false);
        self.pairs.insert(key, c);
        self.entries += 1;
        c
    }

    /// Entries taken in (data lines, dictionary lines, pairs added).
    pub fn len(&self) -> usize {
        self.entries
    }

    /// True when the lexicon has no entry.
    pub fn is_empty(&self) -> bool {
        self.entries == 0
    }

    /// How many distinct concepts there are (synonymous entries share one).
    pub fn concept_count(&self) -> usize {
        self.concepts.len()
    }

    /// An (ar, fr) surface pair for the concept, for JSON anchors and the glossary;
    /// `("", "")` for an unknown id.
    pub fn concept_label(&self, c: ConceptId) -> (&str, &str) {
        self.concepts
            .get(c as usize)
            .map_or(("", ""), |i| (i.ar.as_str(), i.fr.as_str()))
    }

    /// True when the concept is a function word (pronoun, preposition, conjunction,
    /// auxiliary ...), which says little about whether two sentences match.
    pub fn is_function(&self, c: ConceptId) -> bool {
        self.concepts.get(c as usize).is_some_and(|i| i.func)
    }

    /// The weight of the concept as evidence: [`FUNCTION_WEIGHT`] for function words,
    /// 1 otherwise.
    pub fn weight(&self, c: ConceptId) -> f64 {
        if self.is_function(c) {
            FUNCTION_WEIGHT
        } else {
            1.0
        }
    }

    /// Splits the hyphenated words that no entry starts with into their parts
    /// (`nord-coréen` → `nord` `coréen`), keeping the ones the lexicon knows whole
    /// (`Royaume-Uni`, `cessez-le-feu`).
    fn split_hyphens<'t>(&self, text: &str, tokens: &'t [Token], lang: Lang) -> Cow<'t, [Token]> {
        // Most sentences have no hyphenated word: their tokens serve as they are.
        if !tokens.iter().any(|t| t.norm.contains('-')) {
            return Cow::Borrowed(tokens);
        }
        let side = self.side(lang);
        let mut out = Vec::with_capacity(tokens.len() + 4);
        for t in tokens {
            let whole_known = || {
                let mut keys = TokenKeys::default();
                side.word_keys(&t.norm, lang, self.matching, &mut keys);
                keys.get(0)
                    .iter()
                    .any(|&k| !side.starting_with(k).is_empty())
            };
            let Some(span) = text.get(t.start..t.end) else {
                out.push(t.clone());
                continue;
            };
            if !t.norm.contains('-') || whole_known() {
                out.push(t.clone());
                continue;
            }
            let mut start = t.start;
            for part in span.split(is_hyphen) {
                let end = start + part.len();
                if part.chars().any(char::is_alphanumeric) {
                    out.push(Token {
                        start,
                        end,
                        norm: normalize(part, lang),
                    });
                }
                // Skip the hyphen itself (any of the dash characters, 1–3 bytes).
                start = end + text[end..].chars().next().map_or(0, char::len_utf8);
            }
        }
        Cow::Owned(out)
    }

    fn side(&self, lang: Lang) -> &SideIndex {
        match lang {
            Lang::Ar => &self.ar,
            Lang::Fr => &self.fr,
        }
    }

    fn new_concept(&mut self, ar: &str, fr: &str, func: bool) -> ConceptId {
        let c = self.concepts.len() as ConceptId;
        self.concepts.push(ConceptInfo {
            ar: ar.trim().to_string(),
            fr: fr.trim().to_string(),
            func,
        });
        c
    }

    /// Indexes one form of a concept under every stem sequence it may take.
    fn index(&mut self, lang: Lang, form: &str, c: ConceptId, func: bool) {
        let (seqs, gaps) = entry_sequences(lang, form, func, self.matching);
        self.insert(lang, seqs, gaps, c);
    }

    /// Indexes sequences found by [`entry_sequences`] under concept `c`.
    fn insert(&mut self, lang: Lang, seqs: Vec<Vec<String>>, gaps: bool, c: ConceptId) {
        let side = match lang {
            Lang::Ar => &mut self.ar,
            Lang::Fr => &mut self.fr,
        };
        for s in seqs {
            side.add(s, gaps, c);
        }
    }
}

/// The stem sequences an entry's form is indexed under, and whether articles and
/// prepositions may come between its words; no sequence for a form of no word or of
/// more than 12. Pure, so that entries are analysed across cores.
fn entry_sequences(
    lang: Lang,
    form: &str,
    func: bool,
    matching: Matching,
) -> (Vec<Vec<String>>, bool) {
    let tokens = tokenize(form, lang);
    let mut words: Vec<Vec<String>> = Vec::with_capacity(tokens.len());
    let mut is_gap = Vec::with_capacity(tokens.len());
    for t in &tokens {
        words.push(entry_keys(&t.norm, lang, matching));
        is_gap.push(is_gap_word(&t.norm, lang));
    }
    // Content entries of French drop the articles and prepositions between their
    // words, which may then be present or not in the text (`pays de Galles`), and
    // the leading and trailing ones too when two content words remain (`la semaine
    // prochaine`); with one content word they are kept (`l'Est` must not match every
    // `est`).
    let first = is_gap.iter().position(|g| !g);
    let last = is_gap.iter().rposition(|g| !g);
    let gaps = lang == Lang::Fr && !func && first.is_some();
    if gaps && let (Some(first), Some(last)) = (first, last) {
        let trim_edges = is_gap.iter().filter(|g| !**g).count() >= 2;
        words = words
            .into_iter()
            .enumerate()
            .filter(|(n, _)| {
                let edge = *n < first || *n > last;
                if edge { !trim_edges } else { !is_gap[*n] }
            })
            .map(|(_, w)| w)
            .collect();
    }
    if words.is_empty() || words.len() > 12 {
        return (Vec::new(), gaps);
    }
    // Every combination of the words' stems, capped: entries have few variants.
    let mut seqs: Vec<Vec<String>> = vec![Vec::new()];
    for w in &words {
        let mut next = Vec::new();
        for s in &seqs {
            for k in w {
                if next.len() < 16 {
                    let mut s2 = s.clone();
                    s2.push(k.clone());
                    next.push(s2);
                }
            }
        }
        seqs = next;
    }
    (seqs, gaps)
}

/// Memoized [`SideIndex::word_keys`] of the words of one index: the words in one
/// buffer, their keys in another (a few bytes a word; a thread memoizes thousands).
#[derive(Debug, Default)]
struct WordKeys {
    words: Interner,
    /// The keys of each word, by the word's id.
    keys: Lists<u32>,
}

impl WordKeys {
    /// The keys of `word`, if memoized.
    fn get(&self, word: &str) -> Option<&[u32]> {
        let id = self.words.get(word)?;
        Some(self.keys.get(id as usize))
    }

    /// Memoizes a word not memoized yet.
    fn insert(&mut self, word: &str, keys: &[u32]) {
        let id = self.words.intern(word) as usize;
        debug_assert_eq!(id, self.keys.ends.len(), "a word is memoized once");
        self.keys.push(keys);
    }

    /// How many words are memoized.
    fn len(&self) -> usize {
        self.words.len()
    }
}

/// The keys of each token of a sentence, one after another.
#[derive(Debug, Default)]
struct TokenKeys {
    keys: Vec<u32>,
    /// Each token's range in `keys`.
    spans: Vec<(u32, u32)>,
}

impl TokenKeys {
    /// Adds the next token's keys.
    fn push(&mut self, keys: &[u32]) {
        let start = self.keys.len() as u32;
        self.keys.extend_from_slice(keys);
        self.spans.push((start, self.keys.len() as u32));
    }

    /// The keys of token `i`.
    fn get(&self, i: usize) -> &[u32] {
        let (start, end) = self.spans[i];
        &self.keys[start as usize..end as usize]
    }

    /// Token `i` keeps no key.
    fn clear(&mut self, i: usize) {
        self.spans[i].1 = self.spans[i].0;
    }

    /// How many tokens.
    fn len(&self) -> usize {
        self.spans.len()
    }
}

/// The keys a word of an entry is indexed under.
fn entry_keys(norm: &str, lang: Lang, matching: Matching) -> Vec<String> {
    match matching {
        Matching::Stems => entry_stems(norm, lang),
        Matching::StemsNoClitics => vec![stem::light_stem(norm, lang)],
        Matching::Surface => vec![stem::fold(norm, lang)],
    }
}

/// The end (token index past the last word) of `p` matched at token `i`, if it matches.
fn match_phrase(p: &Phrase, keys: &TokenKeys, gap: &[bool], i: usize) -> Option<usize> {
    let mut j = i;
    for (n, k) in p.keys.iter().enumerate() {
        if n > 0 && p.gaps {
            // Up to two articles or prepositions between the words of the entry.
            let mut skipped = 0;
            while j < keys.len() && gap[j] && skipped < 2 && !keys.get(j).contains(k) {
                j += 1;
                skipped += 1;
            }
        }
        if j >= keys.len() || !keys.get(j).contains(k) {
            return None;
        }
        j += 1;
    }
    Some(j)
}

/// The form as a merge key: normalized and trimmed, case-folded.
fn surface_key(form: &str, lang: Lang) -> String {
    let form = form.trim_start_matches('~').trim();
    let norm = normalize(form, lang);
    let norm = match lang {
        Lang::Ar => crate::text::stem::fold_arabic(&norm),
        Lang::Fr => norm.to_lowercase(),
    };
    norm.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}')
}

/// The form a token is matched under: its normalized form, except for the French
/// verb `a` (has), which accent folding would confuse with the preposition `à`
/// (capital `A` stays ambiguous: French often drops the accent of `À`).
fn unfolded<'t>(text: &str, token: &'t Token, lang: Lang) -> &'t str {
    if lang == Lang::Fr && &text[token.start..token.end] == "a" {
        "avoir"
    } else {
        &token.norm
    }
}

/// True for a French article or preposition that may be inserted or left out inside a
/// multiword entry (`de`, `l'`, `du` ...).
fn is_gap_word(norm: &str, lang: Lang) -> bool {
    let word = norm.trim_end_matches(['\'', '’']);
    // Lowercased char by char rather than into a new string per word: the gap words
    // have no sigma, the one letter whose string lowercasing differs. Lowercasing
    // never shortens a word, so one of more than three characters is none of them.
    lang == Lang::Fr
        && word.chars().nth(GAP_WORD_CHARS).is_none()
        && FR_GAP_WORDS
            .iter()
            .any(|gap| word.chars().flat_map(char::to_lowercase).eq(gap.chars()))
}

fn has_arabic(s: &str) -> bool {
    s.chars().any(|c| matches!(c, '\u{0600}'..='\u{06FF}' | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') && c.is_alphabetic())
}

/// Parses one line of built-in data: `None` for blank and comment lines.
fn parse_data_line(raw: &str) -> Result<Option<Line<'_>>, String> {
    let line = raw.trim_end_matches('\r');
    if line.trim().is_empty() || line.trim_start().starts_with('#') {
        return Ok(None);
    }
    let mut cols = line.split('\t');
    let ar = cols.next().unwrap_or("");
    let fr = cols.next().ok_or("expected `ar<TAB>fr[<TAB>tags]`")?;
    let tags = cols.next().unwrap_or("");
    let ar: Vec<&str> = ar
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let fr: Vec<&str> = fr
        .split('|')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if ar.is_empty() || fr.is_empty() {
        return Err("empty side".into());
    }
    if let Some(bad) = ar.iter().find(|f| !has_arabic(f)) {
        return Err(format!("Arabic form without Arabic letters: {bad}"));
    }
    if let Some(bad) = fr.iter().find(|f| has_arabic(f)) {
        return Err(format!("French form with Arabic letters: {bad}"));
    }
    let func = tags.split([',', ' ']).any(|t| t.trim() == "func");
    Ok(Some(Line { ar, fr, func }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gap_words_are_those_that_lowercase_to_one() {
        let plain = |w: &str| {
            let w = w.trim_end_matches(['\'', '’']).to_lowercase();
            FR_GAP_WORDS.contains(&w.as_str())
        };
        assert!(
            FR_GAP_WORDS
                .iter()
                .all(|g| g.chars().count() <= GAP_WORD_CHARS)
        );
        for w in [
            "de", "DES", "Du", "d'", "l’", "La", "les", "aux", "En", "dès", "desk", "lesquels",
            "a", "À", "au", "", "'", "İa", "delà", "aUx'", "l''",
        ] {
            assert_eq!(is_gap_word(w, Lang::Fr), plain(w), "{w:?}");
            assert!(!is_gap_word(w, Lang::Ar));
        }
    }

    fn concepts(lex: &Lexicon, text: &str, lang: Lang) -> Vec<ConceptId> {
        lex.annotate(text, lang)
            .into_iter()
            .map(|m| m.concept)
            .collect()
    }

    #[test]
    fn builtin_data_parses_cleanly() {
        let mut lex = Lexicon::default();
        if let Err(e) = lex.add_files(BUILTIN) {
            panic!("{e}");
        }
        assert!(lex.len() > 100);
    }

    #[test]
    fn the_verb_a_is_not_the_preposition_a() {
        let mut lex = Lexicon::default();
        lex.add_data("t", "إلى\tà\nلدى\tavoir\n").unwrap();
        let to = concepts(&lex, "إلى", Lang::Ar);
        let has = concepts(&lex, "لدى", Lang::Ar);
        assert_eq!(concepts(&lex, "Il a dit", Lang::Fr), has);
        assert_eq!(concepts(&lex, "Il va à Rabat", Lang::Fr), to);
        // A capital A may be À without its accent: both readings stay possible.
        assert_eq!(concepts(&lex, "A Rabat", Lang::Fr), to);
        // Inside a multiword entry `a` is still a word that may be left out.
        lex.add_data("u", "قضت المحكمة\tle tribunal a statué\n")
            .unwrap();
        let ruled = concepts(&lex, "قضت المحكمة", Lang::Ar);
        assert_eq!(concepts(&lex, "Le tribunal a statué", Lang::Fr), ruled);
    }

    /// The per-thread word memo belongs to one version of one lexicon: entries added
    /// after a text was annotated match in it, and a clone taken before sees none.
    #[test]
    fn words_match_entries_added_after_they_were_seen() {
        let texts = [
            (Lang::Fr, "Le zorglub arrive à Rabat"),
            (Lang::Ar, "وصل زورغلوب"),
        ];
        let finds = |l: &Lexicon, lang, text| {
            concepts(l, text, lang)
                .iter()
                .any(|&c| l.concept_label(c).1 == "zorglub")
        };
        let mut lex = Lexicon::builtin();
        for (lang, text) in texts {
            assert!(!finds(&lex, lang, text), "{lang}");
        }
        let before = lex.clone();
        lex.add_data("t", "زورغلوب\tzorglub\n").unwrap();
        for (lang, text) in texts {
            assert!(finds(&lex, lang, text), "{lang}");
            assert!(!finds(&before, lang, text), "{lang}");
        }
    }

    #[test]
    fn synonyms_share_a_concept() {
        let mut lex = Lexicon::default();
        lex.add_data("t", "سنة\tannée\nعام\tannée|an\n~عام\tgénéral\n")
            .unwrap();
        let a = concepts(&lex, "السنة", Lang::Ar);
        let b = concepts(&lex, "an", Lang::Fr);
        assert_eq!(a, b);
        let g = concepts(&lex, "général", Lang::Fr);
        assert_ne!(g, b);
        assert!(concepts(&lex, "العام", Lang::Ar).contains(&g[0]));
    }

    #[test]
    fn multiword_longest_first_with_gaps() {
        let mut lex = Lexicon::default();
        lex.add_data("t", "كأس العالم\tCoupe du monde\nكأس\tcoupe\nعالم\tmonde\n")
            .unwrap();
        let fr = lex.annotate_with_parts("la Coupe du monde 2022", Lang::Fr);
        assert_eq!(
            concepts(&lex, "coupe monde", Lang::Fr),
            concepts(&lex, "Coupe du monde", Lang::Fr)
        );
        // The whole entry, then its words as parts.
        assert_eq!(fr.len(), 3);
        assert!(!fr[0].part && fr[1].part && fr[2].part);
        assert_eq!(
            &"la Coupe du monde 2022"[fr[0].start..fr[0].end],
            "Coupe du monde"
        );
        assert_eq!(&"la Coupe du monde 2022"[fr[2].start..fr[2].end], "monde");
        assert_eq!(lex.annotate("ملاعب كأس العالم 2022", Lang::Ar).len(), 1);
        let ar = lex.annotate_with_parts("ملاعب كأس العالم 2022", Lang::Ar);
        assert_eq!(ar.len(), 3);
        assert_eq!(ar[0].concept, fr[0].concept);
        // A translation naming only part of the term still shares a concept.
        let part = lex.annotate("la coupe", Lang::Fr);
        assert!(ar.iter().any(|m| m.concept == part[0].concept));
    }

    #[test]
    fn with_parts_a_phrase_overlapping_the_previous_match_is_found_too() {
        let mut lex = Lexicon::default();
        lex.add_data(
            "t",
            "الأمن\tde la sécurité|sécurité\nالأمن العام\tsécurité publique\n",
        )
        .unwrap();
        let text = "le directeur de la sécurité publique";
        let public = concepts(&lex, "الأمن العام", Lang::Ar)[0];
        let with_parts = lex.annotate_with_parts(text, Lang::Fr);
        let spans: Vec<&str> = with_parts.iter().map(|m| &text[m.start..m.end]).collect();
        assert!(spans.contains(&"de la sécurité"), "{spans:?}");
        assert!(
            with_parts
                .iter()
                .any(|m| m.concept == public && &text[m.start..m.end] == "sécurité publique"),
            "{spans:?}"
        );
        // Without parts (term extraction), matches never overlap.
        assert!(!concepts(&lex, text, Lang::Fr).contains(&public));
    }

    #[test]
    fn unknown_hyphenated_words_are_split() {
        let mut lex = Lexicon::default();
        lex.add_data(
            "t",
            "كوري\tcoréen\nالمملكة المتحدة\tRoyaume-Uni\nمتحد\tuni\n",
        )
        .unwrap();
        let text = "le régime nord-coréen et le Royaume-Uni";
        let m = lex.annotate(text, Lang::Fr);
        let spans: Vec<&str> = m.iter().map(|m| &text[m.start..m.end]).collect();
        assert_eq!(spans, ["coréen", "Royaume-Uni"]);
    }

    #[test]
    fn arabic_words_take_their_most_literal_known_reading() {
        let mut lex = Lexicon::default();
        lex.add_data("t", "وزارة\tministère\nزار|زيارة\tvisiter\n")
            .unwrap();
        let labels = |text: &str| -> Vec<&str> {
            lex.annotate(text, Lang::Ar)
                .iter()
                .map(|m| lex.concept_label(m.concept).1)
                .collect()
        };
        assert_eq!(labels("وزارة"), ["ministère"]);
        assert_eq!(labels("والوزارة"), ["ministère"]);
        // No literal reading: the clitic is stripped.
        assert_eq!(labels("فزار"), ["visiter"]);
        // Readings that keep the article and stems known only inside longer entries
        // leave every reading.
        let mut lex = Lexicon::default();
        lex.add_data(
            "t",
            "سنة\tannée\nالسن\tâge\nبعد\taprès\nقبل وبعد\tavant et après\n",
        )
        .unwrap();
        let labels = |text: &str| -> Vec<&str> {
            let mut l: Vec<&str> = lex
                .annotate(text, Lang::Ar)
                .iter()
                .map(|m| lex.concept_label(m.concept).1)
                .collect();
            l.sort_unstable();
            l
        };
        assert!(labels("السنة").contains(&"année"), "{:?}", labels("السنة"));
        assert_eq!(labels("وبعد"), ["après"]);
    }

    /// Words whose stems used to collide keep apart in the built-in data: the
    /// countries are not international, operations are not work.
    #[test]
    fn builtin_keeps_nisba_and_feminine_nouns_apart() {
        let lex = Lexicon::builtin();
        let fr = |w: &str| concepts(&lex, w, Lang::Fr);
        let ar = |w: &str| concepts(&lex, w, Lang::Ar);
        let international = fr("international");
        assert!(!international.is_empty());
        for w in ["الدولي", "الدولية", "دوليا"] {
            assert!(ar(w).iter().any(|c| international.contains(c)), "{w}");
        }
        for w in ["للدول", "دولة", "الدول"] {
            assert!(!ar(w).is_empty(), "{w}");
            assert!(!ar(w).iter().any(|c| international.contains(c)), "{w}");
        }
        let (work, operations) = (fr("travail"), fr("opérations"));
        assert!(ar("العمليات").iter().any(|c| operations.contains(c)));
        assert!(!ar("العمليات").iter().any(|c| work.contains(c)));
        assert!(!ar("العمل").iter().any(|c| operations.contains(c)));
    }

    #[test]
    fn builtin_keeps_homographs_and_false_stems_apart() {
        let lex = Lexicon::builtin();
        let side = |w: &str| {
            if w.chars().any(|c| c.is_ascii_alphabetic()) {
                concepts(&lex, w, Lang::Fr)
            } else {
                concepts(&lex, w, Lang::Ar)
            }
        };
        let meet = |a: &str, b: &str| {
            let (ca, cb) = (side(a), side(b));
            assert!(!ca.is_empty() && !cb.is_empty(), "{a} {b}");
            ca.iter().any(|c| cb.contains(c))
        };
        // Words whose ending is part of the word, French words Snowball merges, and
        // lines whose headwords only look alike once folded (كرة ball / كره hated,
        // سوق market / مسيرة march through marché / marche, ساحل coast / جانب side
        // through côte / côté ...): unrelated, so they share no concept ...
        for (a, b) in [
            ("المدنيين", "ville"),
            ("المدن", "civils"),
            ("الحالية", "cas"),
            ("حالة", "actuel"),
            ("الرئيسي", "président"),
            ("الشرعية", "commencer"),
            ("الجمهورية", "public"),
            ("البلدية", "pays"),
            ("حملة", "porter"),
            ("حملة", "الريف"),
            ("مائة", "eau"),
            ("يونيو", "Grèce"),
            ("الإعلام", "drapeau"),
            ("قبل", "accepter"),
            ("حسب", "compter"),
            ("الطلبة", "demande"),
            ("عاد", "normal"),
            ("البابا", "porte"),
            ("يكره", "ballon"),
            ("السوق", "مسيرة"),
            ("الساحل", "جانب"),
            ("مغلق", "مزرعة"),
            ("النظام", "حمية"),
            ("خطة", "صعيد"),
            ("استسلم", "توجه"),
            ("البورصة", "منحة"),
            ("commencer", "sembler"),
            ("armée", "armes"),
            ("importantes", "واردات"),
            ("accordé", "اتفاق"),
            ("كبير", "considérer"),
            ("extrémistes", "extrêmement"),
            ("France", "فرنك"),
            ("délai", "جنحة"),
            ("course", "خلال"),
            ("mari", "paire"),
            ("العمومي", "spectateurs"),
            ("الجمهور", "secteur public"),
            ("دعوة", "استئناف"),
            ("معنى", "direction"),
            ("شائع", "تيار"),
            ("العدوى", "ennemi"),
            ("tué", "أنت"),
            ("relations", "نسبيا"),
            ("الدرجة", "escalier"),
            ("مروحية", "ventilateur"),
        ] {
            assert!(!meet(a, b), "{a} = {b}");
        }
        // ... while each still meets its own translation.
        for (a, b) in [
            ("المدنيين", "civils"),
            ("الحالية", "actuelle"),
            ("الرئيسي", "principal"),
            ("الشرعية", "légitimité"),
            ("الجمهورية", "République"),
            ("البلدية", "municipalité"),
            ("حملة", "campagne"),
            ("مائة", "cent"),
            ("يونيه", "juin"),
            ("اليونانية", "grec"),
            ("قبلت", "accepter"),
            ("الطلبة", "étudiants"),
            ("البابا", "pape"),
            ("السوق", "marché"),
            ("الجيش", "armée"),
            ("المهمة", "importante"),
            ("منح", "accordé"),
            ("المتطرفين", "extrémistes"),
            ("سباق", "course"),
            ("زوجها", "mari"),
            ("الجمهور", "public"),
            ("العمومي", "public"),
            ("العدوى", "infection"),
            ("قتل", "tué"),
            ("العلاقات", "relations"),
            ("درجة", "degré"),
            ("المروحيات", "hélicoptères"),
            ("الشائعات", "rumeurs"),
            ("الخصوصية", "vie privée"),
        ] {
            assert!(meet(a, b), "{a} != {b}");
        }
    }

    #[test]
    fn the_word_after_abd_or_abu_is_a_name() {
        let mut lex = Lexicon::default();
        lex.add_data("t", "لطيف|لطيفة\tgentil\nبكر|مبكر\ttôt\n")
            .unwrap();
        let spans = |text: &str| -> Vec<String> {
            lex.annotate(text, Lang::Ar)
                .iter()
                .map(|m| text[m.start..m.end].to_string())
                .collect()
        };
        assert_eq!(spans("التقى عبد اللطيف بأبي بكر"), Vec::<String>::new());
        assert_eq!(spans("كان رجلا لطيفا ووصل بكرا"), ["لطيفا", "بكرا"]);
    }

    #[test]
    fn an_entry_that_starts_with_a_joiner_still_matches() {
        let mut lex = Lexicon::default();
        lex.add_data(
            "t",
            "أبوظبي|أبو ظبي\tAbou Dhabi\nأب|أبو\tpère\nظبي\tgazelle\nبكر\ttôt\n",
        )
        .unwrap();
        let labels = |text: &str| -> Vec<(String, String)> {
            lex.annotate(text, Lang::Ar)
                .iter()
                .map(|m| {
                    let fr = lex.concept_label(m.concept).1.to_string();
                    (text[m.start..m.end].to_string(), fr)
                })
                .collect()
        };
        let pair = |ar: &str, fr: &str| (ar.to_string(), fr.to_string());
        assert_eq!(labels("وصل إلى أبو ظبي"), [pair("أبو ظبي", "Abou Dhabi")]);
        assert_eq!(labels("وصل إلى وأبو ظبي"), [pair("وأبو ظبي", "Abou Dhabi")]);
        // A name after the joiner is still left alone.
        assert_eq!(labels("أبو بكر"), [pair("أبو", "père")]);
    }

    #[test]
    fn the_pope_is_no_joiner() {
        let mut lex = Lexicon::default();
        lex.add_data("t", "فاتيكان\tVatican\nحديد\tfer\n").unwrap();
        let spans = |text: &str| -> Vec<String> {
            lex.annotate(text, Lang::Ar)
                .iter()
                .map(|m| text[m.start..m.end].to_string())
                .collect()
        };
        // `بابا` is not `ب` + `ابا`, nor `بابي` (my door) `ب` + `ابي`.
        assert_eq!(spans("زار بابا الفاتيكان القدس"), ["الفاتيكان"]);
        assert_eq!(spans("أغلق بابي الحديد"), ["الحديد"]);
        assert_eq!(spans("التقى بأبي الحديد"), Vec::<String>::new());
    }

    #[test]
    fn add_pair_and_labels() {
        let mut lex = Lexicon::default();
        let c = lex.add_pair("ملعب", "stade");
        assert_eq!(lex.add_pair("ملعب", "stade"), c);
        assert_eq!(lex.concept_label(c), ("ملعب", "stade"));
        assert_eq!(lex.concept_label(999), ("", ""));
        assert_eq!(concepts(&lex, "بالملعب", Lang::Ar), vec![c]);
        assert_eq!(concepts(&lex, "stades", Lang::Fr), vec![c]);
        assert_eq!(lex.len(), 1);
    }

    #[test]
    fn add_pair_finds_the_pairs_of_data_lines() {
        let mut lex = Lexicon::default();
        lex.add_data(
            "t",
            "ملعب|ملاعب\tstade|stades\nوزير الداخلية\tministre de l'Intérieur\n",
        )
        .unwrap();
        let stadium = concepts(&lex, "ملعب", Lang::Ar)[0];
        // Any form of a line with any form of its other side: that line's concept.
        assert_eq!(lex.add_pair("ملاعب", "stade"), stadium);
        assert_eq!(lex.add_pair("ملعب", "stades"), stadium);
        let minister = lex.add_pair("وزير الداخلية", "ministre de l'Intérieur");
        assert_ne!(minister, stadium);
        assert_eq!(lex.len(), 2);
        // A pair no line has is a new concept.
        let new = lex.add_pair("ملعب", "ministre de l'Intérieur");
        assert!(new != stadium && new != minister);
        assert_eq!(lex.len(), 3);
        // A form holding control characters stays one form.
        lex.add_data("t", "فريق\u{1e}مدرب\tentraîneur\n").unwrap();
        let coach = lex.add_pair("مدرب", "entraîneur");
        assert_eq!(lex.len(), 5, "{coach}");
    }

    /// Lists the stem sequences that several unrelated concepts share (stemming
    /// collisions), for reviewing the data: `cargo test --lib collisions -- --ignored`.
    #[test]
    #[ignore = "prints stem collisions for review"]
    fn collisions() {
        let lex = Lexicon::builtin();
        for (lang, side) in [(Lang::Ar, &lex.ar), (Lang::Fr, &lex.fr)] {
            let stems: Vec<&str> = (0..side.vocabulary.len() as u32)
                .map(|id| side.vocabulary.name(id))
                .collect();
            for p in side.phrases.iter().filter(|p| p.concepts.len() > 1) {
                let keys: Vec<&str> = p.keys.iter().map(|&k| stems[k as usize]).collect();
                let labels: Vec<String> = p
                    .concepts
                    .iter()
                    .map(|&c| {
                        let (a, f) = lex.concept_label(c);
                        format!("{a}={f}")
                    })
                    .collect();
                eprintln!(
                    "collision {lang} {}: {}",
                    keys.join(" "),
                    labels.join(" | ")
                );
            }
        }
    }

    #[test]
    fn odd_input_never_panics() {
        let lex = Lexicon::builtin();
        for t in ["", " ", "ال", "l'", "’’", "١٢٣", "a\u{0651}", "😀 و"] {
            let _ = lex.annotate(t, Lang::Ar);
            let _ = lex.annotate(t, Lang::Fr);
        }
    }
}
