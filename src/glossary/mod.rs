//! `mizan glossary`: bilingual term pairs drawn from aligned pairs, for translators.
//!
//! The pipeline, one step a module:
//! 1. [`terms`]: each side of each pair becomes words keyed on light stems and candidate
//!    terms (stem n-grams of 1–5 content words, never starting or ending with a function
//!    word, never across punctuation); French acronyms are tied to the expansion in
//!    parentheses next to them, and stand for it wherever else they occur.
//! 2. [`assoc`]: counts over the pair set give each source–target couple a Dice
//!    coefficient and a log-likelihood ratio; outside support comes from the JSON's
//!    anchors (names verified by transliteration count fully, lexicon anchors only
//!    support), the built-in lexicon (on the sentence, and on each candidate taken on its
//!    own) and cross-script name similarity. Couples resting on statistics alone need
//!    two sightings and significance, and weigh less in small pair sets.
//! 3. Competitive linking inside each pair: multiword lexicon entries first, then
//!    couples best first (longer ones ahead of their fragments when nearly as good, and
//!    in the same relative place ahead of others), each word used once, so that
//!    `كأس العالم` takes `Coupe du monde` and leaves no room for `كأس` / `Coupe`. A link
//!    nearly always embedded in the same longer couple is shown as that couple; each
//!    source term keeps its best translation; fragments of a kept entry are dropped
//!    unless the lexicon vouches for them.
//! 4. Document level: multiword lexicon terms both documents of a related document
//!    pair use though no pair holds them on both sides (an institution named in full
//!    in a sentence the other article does not repeat), at a fixed lower confidence.
//! 5. [`write`]: OmegaT TSV, CSV or TBX-Basic, by the output file's extension.

pub mod assoc;
pub mod terms;
pub mod write;

use crate::anchor::AnchorKind;
use crate::anchor::entities;
use crate::anchor::lexicon::Lexicon;
use crate::output::export::{one_line, parse_lang, parse_status};
use crate::output::json::{AlignmentFile, Pair, PairSide, Status};
use crate::{Error, Lang, Result};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde::Serialize;
use std::path::PathBuf;
use terms::{Candidate, Vocab, Word};

/// Options of `mizan glossary`.
#[derive(Debug, Clone, clap::Args)]
pub struct GlossaryArgs {
    /// The alignment JSON to draw terms from.
    pub file: PathBuf,
    /// The glossary to write; its extension picks the format: `.tsv`/`.txt`/`.tab`
    /// (OmegaT: source, target, comment), `.csv` or `.tbx` (TBX-Basic).
    #[arg(short, long = "out")]
    pub out: PathBuf,
    /// Use only pairs with these statuses (comma-separated or repeated);
    /// default: every pair not rejected.
    #[arg(long, value_parser = parse_status, value_delimiter = ',')]
    pub status: Vec<Status>,
    /// The source column's language.
    #[arg(long, value_parser = parse_lang, default_value = "ar")]
    pub src: Lang,
    /// Keep only entries linked in at least this many pairs (an entry resting on
    /// statistics alone always needs two; one anchored by the JSON or the lexicon may
    /// come from one pair).
    #[arg(long, default_value_t = 1)]
    pub min_count: usize,
    /// Keep only the best N entries.
    #[arg(long)]
    pub top: Option<usize>,
    /// Keep only entries at least this confident (below 0.5 are mostly chance
    /// co-occurrences; 0 keeps everything).
    #[arg(long, default_value_t = DEFAULT_MIN_CONFIDENCE)]
    pub min_confidence: f64,
}

/// What an entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// A proper name matched across scripts (`حموشي` / `Hammouchi`).
    Entity,
    /// A word or multiword term (`مجلس الوزراء` / `Conseil des ministres`).
    Term,
}

impl EntryKind {
    /// The lowercase name written to the glossary files.
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Entity => "entity",
            EntryKind::Term => "term",
        }
    }
}

/// One pair the entry was seen in, shown to the translator as context.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Example {
    /// The source-language sentence(s), on one line.
    pub src: String,
    /// The target-language sentence(s), on one line.
    pub tgt: String,
    /// The source document's id.
    pub src_doc: String,
    /// The target document's id.
    pub tgt_doc: String,
}

/// One glossary entry.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Entry {
    /// The source term, in its most frequent written form.
    pub src: String,
    /// The target term, in its most frequent written form.
    pub tgt: String,
    /// The source language.
    pub src_lang: Lang,
    /// The target language.
    pub tgt_lang: Lang,
    /// Name or term.
    pub kind: EntryKind,
    /// In how many pairs the two were linked.
    pub count: usize,
    /// How sure the pairing is, in [0, 1].
    pub confidence: f64,
    /// The French acronym of the French term (`DGSN`), when the text gives one.
    pub acronym: Option<String>,
    /// A pair showing the entry in use.
    pub example: Example,
}

/// What [`build`] needs to know.
#[derive(Debug, Clone, PartialEq)]
pub struct Options {
    /// The source column's language.
    pub src: Lang,
    /// Minimum number of pairs linking an entry.
    pub min_count: usize,
    /// Keep only the best N entries.
    pub top: Option<usize>,
    /// Minimum confidence.
    pub min_confidence: f64,
    /// Use only pairs with these statuses; empty: every pair not rejected.
    pub status: Vec<Status>,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            src: Lang::Ar,
            min_count: 1,
            top: None,
            min_confidence: DEFAULT_MIN_CONFIDENCE,
            status: Vec::new(),
        }
    }
}

/// The default `--min-confidence`.
pub const DEFAULT_MIN_CONFIDENCE: f64 = 0.5;

/// Couples not significant at this G² (p < 0.05) need outside support to be kept.
const MIN_LLR: f64 = 3.84;
/// Sightings an entry resting on statistics alone needs.
const MIN_STAT_COUNT: usize = 2;
/// Outside support that stands in for significance.
const STRONG_PRIOR: f64 = 0.75;

/// Runs `mizan glossary`: reads and checks the JSON, builds the glossary, writes it
/// atomically in the format the output's extension names.
pub fn run(args: &GlossaryArgs) -> Result<()> {
    let format = write::Format::from_path(&args.out)?;
    if !args.min_confidence.is_finite() {
        return Err(Error::Input(format!(
            "--min-confidence must be a number, not {}",
            args.min_confidence
        )));
    }
    let file = AlignmentFile::load(&args.file)?;
    let opts = Options {
        src: args.src,
        min_count: args.min_count.max(1),
        top: args.top,
        min_confidence: args.min_confidence,
        status: args.status.clone(),
    };
    let pairs = selected(&file, &opts).len();
    let entries = build(&file, &opts);
    let source = args.file.display().to_string();
    let bytes = write::render(format, &entries, &source);
    crate::output::write_atomic(&args.out, &bytes)?;
    eprintln!(
        "{} glossary entries from {} pairs written to {}",
        entries.len(),
        pairs,
        args.out.display()
    );
    Ok(())
}

/// Interns strings of one language (candidate keys, written forms) as small ids.
#[derive(Debug, Default)]
struct Interner {
    ids: HashMap<String, u32>,
    keys: Vec<String>,
}

impl Interner {
    fn id(&mut self, key: &str) -> u32 {
        if let Some(&id) = self.ids.get(key) {
            return id;
        }
        let id = self.keys.len() as u32;
        self.ids.insert(key.to_string(), id);
        self.keys.push(key.to_string());
        id
    }

    fn get(&self, key: &str) -> Option<u32> {
        self.ids.get(key).copied()
    }
}

/// One side of one pair, analysed.
struct SideInfo<'a> {
    text: &'a str,
    lang: Lang,
    words: Vec<Word>,
    /// The side's candidates, by increasing id.
    cands: Vec<Cand>,
    /// The occurrences (first, last word) of every candidate, grouped by candidate,
    /// each group in the order the candidates were found.
    spans: Vec<(usize, usize)>,
    /// Content concepts of the lexicon found in the side, with their first and last
    /// word: a concept supports a candidate only when all its words lie inside it, so
    /// that `مجلس` alone does not borrow the match of `مجلس الوزراء`.
    concepts: Vec<(u32, usize, usize)>,
    /// For each word, the index of the entity mention covering it.
    mention: Vec<Option<usize>>,
    /// For each word: in a lexicon match or a name, or written in Latin letters.
    evidence: Vec<bool>,
    /// For each word: a function word, a number, in a lexicon match or a name.
    backed: Vec<bool>,
    /// Lexicon matches of two content words or more (first, last word).
    multiword: Vec<(usize, usize)>,
    mentions: Vec<entities::EntityMention>,
}

/// How often each written form (an interned id) of a term was seen.
#[derive(Debug, Default, Clone)]
struct FormCounts(Vec<(u32, usize)>);

impl FormCounts {
    /// Counts one more sighting of `form`.
    fn add(&mut self, form: u32) {
        match self.0.iter_mut().find(|x| x.0 == form) {
            Some(x) => x.1 += 1,
            None => self.0.push((form, 1)),
        }
    }
}

/// One candidate of one side of a pair.
struct Cand {
    id: u32,
    /// Its occurrences are `spans[from..to]` of the side.
    from: usize,
    to: usize,
    /// Facts on its first occurrence, the one the statistics look at: see [`backed`],
    /// [`SideInfo::has_evidence`] and [`cuts_match`].
    backed: bool,
    evidence: bool,
    cuts: bool,
}

/// Both sides of one pair: `[source, target]`.
struct PairInfo<'a> {
    sides: [SideInfo<'a>; 2],
    score: f64,
    /// (source id, target id) couples an anchor of the pair attests, and whether the
    /// anchor is an entity.
    attested: HashMap<(u32, u32), bool>,
}

impl SideInfo<'_> {
    /// The occurrences of candidate `c`.
    fn occ(&self, c: &Cand) -> &[(usize, usize)] {
        &self.spans[c.from..c.to]
    }

    /// The first occurrence of candidate `c`.
    fn first(&self, c: &Cand) -> (usize, usize) {
        self.spans[c.from]
    }

    /// The candidate with id `id`, if the side holds it.
    fn find(&self, id: u32) -> Option<&Cand> {
        self.cands
            .binary_search_by_key(&id, |c| c.id)
            .ok()
            .map(|k| &self.cands[k])
    }

    /// True when some word of span `o` has outside evidence.
    fn has_evidence(&self, o: (usize, usize)) -> bool {
        self.evidence
            .get(o.0..=o.1)
            .is_some_and(|e| e.iter().any(|&x| x))
    }

    /// Where an occurrence sits in the side, from 0 (start) to 1 (end).
    fn relative(&self, o: (usize, usize)) -> f64 {
        if self.words.is_empty() {
            return 0.5;
        }
        (o.0 + o.1) as f64 / 2.0 / self.words.len() as f64
    }
}

fn side(pair: &Pair, lang: Lang) -> &PairSide {
    match lang {
        Lang::Ar => &pair.ar,
        Lang::Fr => &pair.fr,
    }
}

fn other(lang: Lang) -> Lang {
    match lang {
        Lang::Ar => Lang::Fr,
        Lang::Fr => Lang::Ar,
    }
}

/// The pairs `opts` selects by status.
pub fn selected<'a>(file: &'a AlignmentFile, opts: &Options) -> Vec<&'a Pair> {
    file.pairs
        .iter()
        .filter(|p| {
            if opts.status.is_empty() {
                p.status != Status::Rejected
            } else {
                opts.status.contains(&p.status)
            }
        })
        .collect()
}

/// The selected pairs analysed: words, candidates and what supports them, with the
/// interned candidate keys and their counts.
struct Analysis<'a> {
    pairs: Vec<&'a Pair>,
    /// `[source, target]`.
    langs: [Lang; 2],
    vocabs: [Vocab; 2],
    lexicon: Lexicon,
    interners: [Interner; 2],
    /// Which side is French.
    fr_index: usize,
    /// The key of an acronym's expansion → the acronym.
    expansion_acronym: HashMap<String, String>,
    /// The pairs analysed, in order.
    infos: Vec<PairInfo<'a>>,
    /// For each side, the number of pairs holding each candidate id.
    counts: [Vec<usize>; 2],
}

/// Analyses the pairs of `file` that `opts` selects.
fn analyse<'a>(file: &'a AlignmentFile, opts: &Options) -> Analysis<'a> {
    let pairs = selected(file, opts);
    let langs = [opts.src, other(opts.src)];
    // Stems are chosen on every sentence of the collection, paired or not: the more
    // text, the better a clitic is told from a word's first letter.
    let mut vocabs = [Vocab::default(), Vocab::default()];
    for d in &file.documents {
        if let Some(k) = langs.iter().position(|&l| l == d.lang) {
            for s in &d.sentences {
                vocabs[k].add(&s.text, d.lang);
            }
        }
    }
    let lexicon = Lexicon::builtin();
    let mut interners = [Interner::default(), Interner::default()];

    // Acronyms of the French side and their expansions' keys, over all pairs.
    let fr_index = if langs[0] == Lang::Fr { 0 } else { 1 };
    let mut expansions: HashMap<String, HashMap<String, usize>> = HashMap::default();
    let mut analysed: Vec<(Vec<Word>, Vec<Word>)> = Vec::with_capacity(pairs.len());
    for p in &pairs {
        let w0 = terms::words(&side(p, langs[0]).text, langs[0], &vocabs[0]);
        let w1 = terms::words(&side(p, langs[1]).text, langs[1], &vocabs[1]);
        let fr_words = if fr_index == 0 { &w0 } else { &w1 };
        let fr_text = &side(p, Lang::Fr).text;
        for a in terms::acronyms(fr_text, fr_words) {
            let key = content_key(&fr_words[a.first..=a.last]);
            if !key.is_empty() {
                *expansions
                    .entry(a.acronym)
                    .or_default()
                    .entry(key)
                    .or_default() += 1;
            }
        }
        analysed.push((w0, w1));
    }
    // Each acronym stands for its most frequent expansion.
    let acronym_of: HashMap<String, String> = expansions
        .iter()
        .filter_map(|(acr, keys)| {
            let best = keys.iter().max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))?;
            Some((acr.clone(), best.0.clone()))
        })
        .collect();
    let expansion_acronym: HashMap<String, String> = acronym_of
        .iter()
        .map(|(a, k)| (k.clone(), a.clone()))
        .collect();

    let mut infos: Vec<PairInfo> = Vec::with_capacity(pairs.len());
    for (p, (w0, w1)) in pairs.iter().zip(analysed) {
        let mut sides_vec = Vec::with_capacity(2);
        for (k, words) in [w0, w1].into_iter().enumerate() {
            let lang = langs[k];
            let text = side(p, lang).text.as_str();
            let mut cands = terms::candidates(&words);
            if lang == Lang::Fr {
                add_acronym_candidates(text, &words, &acronym_of, &mut cands);
            }
            sides_vec.push(analyse_side(
                text,
                lang,
                words,
                cands,
                &lexicon,
                &mut interners[k],
            ));
        }
        let s1 = sides_vec.pop();
        let s0 = sides_vec.pop();
        let (Some(s0), Some(s1)) = (s0, s1) else {
            continue;
        };
        let mut info = PairInfo {
            sides: [s0, s1],
            score: p.score,
            attested: HashMap::default(),
        };
        for a in &p.anchors {
            let entity = match a.kind {
                AnchorKind::Entity => true,
                AnchorKind::Lexicon => false,
                AnchorKind::Number | AnchorKind::Date => continue,
            };
            let (t0, t1) = match langs[0] {
                Lang::Ar => (&a.ar, &a.fr),
                Lang::Fr => (&a.fr, &a.ar),
            };
            let k0 = terms::phrase_key(t0, langs[0], &vocabs[0]);
            let k1 = terms::phrase_key(t1, langs[1], &vocabs[1]);
            if let (Some(k0), Some(k1)) = (k0, k1)
                && let (Some(i0), Some(i1)) = (interners[0].get(&k0), interners[1].get(&k1))
                && info.sides[0].find(i0).is_some()
                && info.sides[1].find(i1).is_some()
            {
                *info.attested.entry((i0, i1)).or_insert(false) |= entity;
            }
        }
        infos.push(info);
    }

    // Pair counts of every candidate.
    let mut counts = [
        vec![0usize; interners[0].keys.len()],
        vec![0usize; interners[1].keys.len()],
    ];
    for info in &infos {
        for (count, side) in counts.iter_mut().zip(&info.sides) {
            for c in &side.cands {
                count[c.id as usize] += 1;
            }
        }
    }
    Analysis {
        pairs,
        langs,
        vocabs,
        lexicon,
        interners,
        fr_index,
        expansion_acronym,
        infos,
        counts,
    }
}

/// Builds the glossary of the pairs of `file` that `opts` selects, best entries first.
pub fn build(file: &AlignmentFile, opts: &Options) -> Vec<Entry> {
    let min_count = opts.min_count.max(1);
    // Statistics alone need a few sightings; one is enough with outside support.
    let min_assoc = min_count.max(MIN_STAT_COUNT);
    let Analysis {
        pairs,
        langs,
        vocabs,
        lexicon,
        interners,
        fr_index,
        expansion_acronym,
        infos,
        counts,
    } = analyse(file, opts);
    let pairs = pairs.as_slice();
    let n = infos.len();

    let mut couples = count_couples(&infos, &counts, min_count, min_assoc, &lexicon);

    // Score every couple; keep those significant or supported from outside.
    // Each key's number of content words.
    let sizes = interners.each_ref().map(|i| {
        i.keys
            .iter()
            .map(|k| k.split(' ').count())
            .collect::<Vec<_>>()
    });
    let content = |k: usize, id: u32| -> usize { sizes[k][id as usize] };
    // How well two candidates' lengths fit; a name matched whole fits whatever its
    // words (`عبد اللطيف` / `Abdellatif`).
    let balance = |named: bool, a: u32, b: u32| -> f64 {
        if named {
            1.0
        } else {
            assoc::balance(content(0, a), content(1, b))
        }
    };
    for c in &mut couples {
        let (a, b) = (c.src, c.tgt);
        if c.dropped {
            continue;
        }
        let both = c.both as usize;
        let (ca, cb) = (counts[0][a as usize], counts[1][b as usize]);
        let prior = c.prior();
        let g = assoc::llr(both, ca, cb, n);
        let strong = prior >= STRONG_PRIOR;
        if (g < MIN_LLR || both < min_assoc) && !strong {
            continue;
        }
        let bal = balance(c.entity, a, b) * c.whole();
        c.scored = true;
        c.score = assoc::confidence(assoc::dice(both, ca, cb), both, n, prior, bal);
    }
    let couples = CoupleIndex::new(couples, interners[0].keys.len());
    let support = |key: (u32, u32)| couples.scored(key).map(Couple::support);

    // Competitive linking inside each pair, best couple first.
    /// How often a couple was seen, and its written forms on each side.
    type Seen = (usize, [FormCounts; 2]);
    #[derive(Default)]
    struct Linked {
        count: usize,
        example: Option<(usize, f64, usize)>,
        forms: [FormCounts; 2],
        /// Longer couples whose spans held this link's spans, with their counts and
        /// forms: `كأس العالم` / `Coupe du monde` around `العالم` / `monde`.
        ext: HashMap<(u32, u32), Seen>,
    }
    let mut linked: HashMap<(u32, u32), Linked> = HashMap::default();
    // The written forms of the links, interned.
    let mut forms = [Interner::default(), Interner::default()];
    for (pi, info) in infos.iter().enumerate() {
        let (s0, s1) = (&info.sides[0], &info.sides[1]);
        // The form of each span of the pair written out once, however many couples hold it.
        let mut surfaces: [HashMap<(usize, usize), u32>; 2] = Default::default();
        let mut form_of = |k: usize, s: &SideInfo, o: (usize, usize)| -> u32 {
            *surfaces[k]
                .entry(o)
                .or_insert_with(|| forms[k].id(&terms::surface(s.text, &s.words, o.0, o.1, s.lang)))
        };
        // (multiword lexicon entry's size or 0, score, size, source candidate, target
        // candidate); the candidates' indices follow their ids.
        let mut list: Vec<(usize, f64, usize, usize, usize)> = Vec::new();
        for (i0, c0) in s0.cands.iter().enumerate() {
            let mut row = couples.row(c0.id);
            for (i1, c1) in s1.cands.iter().enumerate() {
                // Both lists go by target id: the row only shrinks.
                row = &row[row.partition_point(|x| x.tgt < c1.id)..];
                let Some(x) = row.first().filter(|x| x.tgt == c1.id && x.scored) else {
                    continue;
                };
                let (a, b) = (c0.id, c1.id);
                // Terms of a pair tend to keep their order across the languages: among
                // equally associated couples, the ones at the same relative place link
                // first.
                let near = 1.0 - (s0.relative(s0.first(c0)) - s1.relative(s1.first(c1))).abs();
                // Of two couples nearly as good, the longer is the term (`الأمن العام` /
                // `sécurité publique` before `الأمن` / `sécurité`).
                let size = content(0, a) + content(1, b);
                let longer = if x.composite {
                    // Two lexicon entries side by side (`رئيس مجلس الوزراء`) are two
                    // entries, not one term: the parts link first.
                    0.97
                } else {
                    1.0 + 0.04 * (size.saturating_sub(2).min(4)) as f64
                };
                // A multiword entry of the lexicon matching both candidates whole is the
                // surest link there is: those link first, longest first, so that
                // `مجلس الوزراء` / `Conseil des ministres` is not split into words that
                // happen to be more frequent.
                let unit = x.local >= 0.99 && !x.composite && size >= 3;
                let rank = if unit { size } else { 0 };
                list.push((rank, x.score * (0.8 + 0.2 * near) * longer, size, i0, i1));
            }
        }
        // No two items tie: the candidates' indices end the order.
        list.sort_unstable_by(|x, y| {
            y.0.cmp(&x.0)
                .then(y.1.total_cmp(&x.1))
                .then(y.2.cmp(&x.2))
                .then(x.3.cmp(&y.3))
                .then(x.4.cmp(&y.4))
        });
        let mut used0 = vec![false; s0.words.len()];
        let mut used1 = vec![false; s1.words.len()];
        for (_, _, _, i0, i1) in list {
            let free = |used: &[bool], occ: &[(usize, usize)]| {
                occ.iter()
                    .copied()
                    .find(|&(f, l)| !used[f..=l].iter().any(|&u| u))
            };
            let (c0, c1) = (&s0.cands[i0], &s1.cands[i1]);
            let (a, b) = (c0.id, c1.id);
            let (Some(o0), Some(o1)) = (free(&used0, s0.occ(c0)), free(&used1, s1.occ(c1))) else {
                continue;
            };
            used0[o0.0..=o0.1].iter_mut().for_each(|u| *u = true);
            used1[o1.0..=o1.1].iter_mut().for_each(|u| *u = true);
            let l = linked.entry((a, b)).or_default();
            l.count += 1;
            for (k, (s, o)) in [(s0, o0), (s1, o1)].into_iter().enumerate() {
                l.forms[k].add(form_of(k, s, o));
            }
            let around = |s: &SideInfo, o: (usize, usize)| -> Vec<(u32, (usize, usize))> {
                let mut v: Vec<(u32, (usize, usize))> = s
                    .cands
                    .iter()
                    .flat_map(|c| {
                        s.occ(c)
                            .iter()
                            .copied()
                            .filter(move |x| x.0 <= o.0 && o.1 <= x.1)
                            .map(move |x| (c.id, x))
                    })
                    .collect();
                v.sort_unstable();
                v.dedup_by_key(|x| x.0);
                v
            };
            let (up0, up1) = (around(s0, o0), around(s1, o1));
            for &(a2, x0) in &up0 {
                for &(b2, x1) in &up1 {
                    if (a2, b2) == (a, b) || couples.scored((a2, b2)).is_none() {
                        continue;
                    }
                    let e = l.ext.entry((a2, b2)).or_default();
                    e.0 += 1;
                    for (k, (s, x)) in [(s0, x0), (s1, x1)].into_iter().enumerate() {
                        e.1[k].add(form_of(k, s, x));
                    }
                }
            }
            let len = s0.text.len() + s1.text.len();
            let better = match l.example {
                None => true,
                Some((_, sc, ln)) => info.score > sc || (info.score == sc && len < ln),
            };
            if better {
                l.example = Some((pi, info.score, len));
            }
        }
    }

    // Final confidences on the linked counts. A link nearly always embedded in the same
    // longer couple on both sides is shown as that couple: the glossary wants
    // `كأس العالم` / `Coupe du monde`, not `العالم` / `monde`.
    struct Ranked {
        conf: f64,
        a: u32,
        b: u32,
        count: usize,
        pair: usize,
        forms: [FormCounts; 2],
    }
    let fit = |k: (u32, u32)| balance(support(k).is_some_and(|x| x.named), k.0, k.1);
    let stat_ok = |count: usize, prior: f64| {
        count >= min_count && (count >= min_assoc || prior >= STRONG_PRIOR)
    };
    let mut ranked: Vec<Ranked> = Vec::new();
    for (&(a, b), l) in &linked {
        let Some(Support { prior, .. }) = support((a, b)) else {
            continue;
        };
        if !stat_ok(l.count, prior) {
            continue;
        }
        let Some((pi, _, _)) = l.example else {
            continue;
        };
        let need = (3 * l.count).div_ceil(4);
        let ext = l
            .ext
            .iter()
            .filter(|(k, (n, _))| {
                // Repeated sightings carry a longer couple on their own; a single one
                // only when the text marks it as a unit: an acronym's expansion
                // (`Direction générale de la sûreté nationale (DGSN)`).
                let p = support(**k).map_or(0.0, |x| x.prior);
                let fr_key =
                    &interners[fr_index].keys[if fr_index == 0 { k.0 } else { k.1 } as usize];
                let unit = expansion_acronym.contains_key(fr_key);
                *n >= need
                    && ((*n >= min_assoc.max(3) && p >= prior - 0.5) || (unit && p >= prior - 0.25))
                    && fit(**k) >= 0.8
            })
            .max_by(|x, y| {
                // The best-balanced extension, then the longest: `المديرية العامة للأمن
                // الوطني` rather than the same with the verb before it.
                let size = |k: &(u32, u32)| content(0, k.0) + content(1, k.1);
                let bal = |k: &(u32, u32)| (fit(*k) * 100.0).round() as i64;
                bal(x.0)
                    .cmp(&bal(y.0))
                    .then(size(x.0).cmp(&size(y.0)))
                    .then(x.1.0.cmp(&y.1.0))
                    .then(y.0.cmp(x.0))
            });
        // The link itself stays when it is better balanced than any extension.
        let bal_of = |k: (u32, u32)| (fit(k) * 100.0).round() as i64;
        let ext = ext.filter(|(k, _)| bal_of(**k) >= bal_of((a, b)));
        let (a, b, count, prior, forms) = match ext {
            Some((&(a2, b2), (n, forms))) => {
                let p = support((a2, b2)).map_or(0.0, |x| x.prior);
                (a2, b2, *n, p, forms.clone())
            }
            None => (a, b, l.count, prior, l.forms.clone()),
        };
        let (ca, cb) = (counts[0][a as usize], counts[1][b as usize]);
        let support = support((a, b)).unwrap_or_default();
        if support.composite && count < MIN_STAT_COUNT.max(3) {
            // A phrase of several lexicon entries seen once or twice
            // (`استقباله من قبل رئيس` / `reçu par le président`): its parts are the
            // entries.
            continue;
        }
        let bal = fit((a, b)) * support.whole;
        let conf = assoc::confidence(assoc::dice(count, ca, cb), count, n, prior, bal);
        if conf >= opts.min_confidence {
            ranked.push(Ranked {
                conf,
                a,
                b,
                count,
                pair: pi,
                forms,
            });
        }
    }
    ranked.sort_by(|x, y| {
        y.conf
            .total_cmp(&x.conf)
            .then(y.count.cmp(&x.count))
            .then(x.a.cmp(&y.a))
            .then(x.b.cmp(&y.b))
    });
    // One translation per source term, and no entry that is a fragment of a better one
    // on both sides.
    let mut kept: Vec<Ranked> = Vec::new();
    // The words of the kept entries' keys, split once.
    let mut kept_words: Vec<[Vec<&str>; 2]> = Vec::new();
    let mut src_done: HashSet<u32> = HashSet::default();
    for r in ranked {
        if opts.top.is_some_and(|t| kept.len() >= t) {
            break;
        }
        if src_done.contains(&r.a) {
            continue;
        }
        let wa: Vec<&str> = interners[0].keys[r.a as usize].split(' ').collect();
        let wb: Vec<&str> = interners[1].keys[r.b as usize].split(' ').collect();
        // A fragment the lexicon vouches for is a glossary entry of its own
        // (`الأمن` / `sécurité` beside `الأمن العام` / `sécurité publique`).
        let vouched = support((r.a, r.b)).is_some_and(|x| x.local >= 0.99);
        let clash = kept
            .iter()
            .zip(&kept_words)
            .any(|(k, [ka, kb])| nested(&wa, ka) && nested(&wb, kb) && !(vouched && r.a != k.a));
        if clash {
            continue;
        }
        src_done.insert(r.a);
        kept.push(r);
        kept_words.push([wa, wb]);
    }

    // Surface forms: the most frequent written form among the linked occurrences, an
    // acronym standing for its expansion aside.
    let best_form = |k: usize, r: &Ranked| -> String {
        let id = if k == 0 { r.a } else { r.b };
        r.forms[k]
            .0
            .iter()
            .map(|&(f, n)| (&forms[k].keys[f as usize], n))
            .filter(|(f, _)| !(terms::is_acronym(f) && content(k, id) > 1))
            .max_by(|x, y| {
                // On a tie, the form not capitalized (`sécurité`, not a title's `Sécurité`).
                let lower = |f: &str| f.chars().next().is_some_and(|c| !c.is_uppercase());
                x.1.cmp(&y.1)
                    .then(lower(x.0).cmp(&lower(y.0)))
                    .then(y.0.cmp(x.0))
            })
            .map(|x| x.0.clone())
            .unwrap_or_else(|| interners[k].keys[id as usize].clone())
    };

    let entries: Vec<Entry> = kept
        .iter()
        .map(|r| {
            let (conf, a, b, count, pi) = (r.conf, r.a, r.b, r.count, r.pair);
            let entity = support((a, b)).is_some_and(|x| x.entity);
            let src = best_form(0, r);
            let tgt = best_form(1, r);
            let fr_key = &interners[fr_index].keys[if fr_index == 0 { a } else { b } as usize];
            let acronym = expansion_acronym.get(fr_key).cloned();
            let kind = if entity {
                EntryKind::Entity
            } else {
                EntryKind::Term
            };
            let p = pairs.get(pi).copied();
            let example = match p {
                Some(p) => Example {
                    src: one_line(&side(p, langs[0]).text),
                    tgt: one_line(&side(p, langs[1]).text),
                    src_doc: side(p, langs[0]).doc.clone(),
                    tgt_doc: side(p, langs[1]).doc.clone(),
                },
                None => Example {
                    src: String::new(),
                    tgt: String::new(),
                    src_doc: String::new(),
                    tgt_doc: String::new(),
                },
            };
            Entry {
                src,
                tgt,
                src_lang: langs[0],
                tgt_lang: langs[1],
                kind,
                count,
                confidence: (conf * 10000.0).round() / 10000.0,
                acronym,
                example,
            }
        })
        .collect();
    // Two keys may show the same forms (`الملعب` read with or without a clitic): one
    // entry, the best, with both counts.
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    let mut index: HashMap<(String, String), usize> = HashMap::default();
    for e in entries {
        match index.get(&(e.src.clone(), e.tgt.clone())) {
            Some(&i) => out[i].count += e.count,
            None => {
                index.insert((e.src.clone(), e.tgt.clone()), out.len());
                out.push(e);
            }
        }
    }
    if opts.status.is_empty() && DOCUMENT_TERM_CONFIDENCE >= opts.min_confidence {
        let extra = document_terms(file, langs, &vocabs, &lexicon, &out);
        out.extend(extra.into_iter().filter(|e| e.count >= opts.min_count));
        out.sort_by(|x, y| y.confidence.total_cmp(&x.confidence));
        if let Some(top) = opts.top {
            out.truncate(top);
        }
    }
    out
}

/// Confidence of a term found at document level only (see [`document_terms`]): the
/// lexicon vouches for the translation, the document pair for its use in this story,
/// but no aligned pair shows the two side by side.
const DOCUMENT_TERM_CONFIDENCE: f64 = 0.6;

/// Multiword terms of the built-in lexicon (function words aside) that both documents
/// of a related document pair use (the JSON's `document_pairs`), though no pair holds
/// them on both sides:
/// comparable articles often name an institution in full in a sentence the other
/// article does not repeat (`المديرية العامة للأمن الوطني` / `Direction générale de la
/// sûreté nationale`). Terms already entered on either side are left out; the
/// French acronym in parentheses after the term is kept. Reviewed pair sets
/// (`--status`) get none: these terms rest on no pair.
fn document_terms(
    file: &AlignmentFile,
    langs: [Lang; 2],
    vocabs: &[Vocab; 2],
    lexicon: &Lexicon,
    existing: &[Entry],
) -> Vec<Entry> {
    let docs: HashMap<&str, &crate::output::json::DocumentRecord> =
        file.documents.iter().map(|d| (d.id.as_str(), d)).collect();
    // The sentences each pair joins, source side first: a term both sentences of a
    // pair hold is the statistics' business.
    let mut joined: HashSet<(&str, usize, &str, usize)> = HashSet::default();
    for p in file.pairs.iter().filter(|p| p.status != Status::Rejected) {
        let (src, tgt) = match langs[0] {
            Lang::Ar => (&p.ar, &p.fr),
            Lang::Fr => (&p.fr, &p.ar),
        };
        for &i in &src.sentences {
            for &j in &tgt.sentences {
                joined.insert((src.doc.as_str(), i, tgt.doc.as_str(), j));
            }
        }
    }
    // Each multiword match of a document: concept → (surface, sentence text, acronym,
    // the sentences holding it).
    type Found = (String, String, Option<String>, Vec<usize>);
    let multiword = |id: &str| -> HashMap<u32, Found> {
        let mut found: HashMap<u32, Found> = HashMap::default();
        let Some(doc) = docs.get(id) else {
            return found;
        };
        let vocab = &vocabs[usize::from(doc.lang != langs[0])];
        for (i, s) in doc.sentences.iter().enumerate() {
            for m in lexicon.annotate(&s.text, doc.lang) {
                let surface = &s.text[m.start..m.end];
                if m.part
                    || lexicon.is_function(m.concept)
                    || !surface.contains(char::is_whitespace)
                {
                    continue;
                }
                // Written as the other entries are: without a conjunction or
                // preposition glued to the first word (`للمعرض الدولي` → `المعرض الدولي`).
                let words = terms::words(surface, doc.lang, vocab);
                let Some(last) = words.len().checked_sub(1) else {
                    continue;
                };
                let surface = terms::surface(surface, &words, 0, last, doc.lang);
                let acronym = (doc.lang == Lang::Fr)
                    .then(|| acronym_after(&s.text[m.end..]))
                    .flatten();
                found
                    .entry(m.concept)
                    .or_insert_with(|| (surface, s.text.clone(), acronym, Vec::new()))
                    .3
                    .push(i);
            }
        }
        found
    };
    let mut out: Vec<Entry> = Vec::new();
    let mut seen: HashMap<(String, String), usize> = HashMap::default();
    // Each document's terms, found once however many document pairs it is in.
    let mut terms_of: HashMap<&str, HashMap<u32, Found>> = HashMap::default();
    // Related: the documents share at least one pair.
    for dp in file.document_pairs.iter().filter(|dp| dp.pairs > 0) {
        let (src_id, tgt_id) = match langs[0] {
            Lang::Ar => (dp.ar.as_str(), dp.fr.as_str()),
            Lang::Fr => (dp.fr.as_str(), dp.ar.as_str()),
        };
        for id in [src_id, tgt_id] {
            terms_of.entry(id).or_insert_with(|| multiword(id));
        }
        let (src_terms, tgt_terms) = (&terms_of[src_id], &terms_of[tgt_id]);
        let mut concepts: Vec<&u32> = src_terms
            .keys()
            .filter(|c| tgt_terms.contains_key(c))
            .collect();
        concepts.sort_unstable();
        for c in concepts {
            let (src, src_sentence, src_acr, src_at) = &src_terms[c];
            let (tgt, tgt_sentence, tgt_acr, tgt_at) = &tgt_terms[c];
            let in_a_pair = src_at.iter().any(|&i| {
                tgt_at
                    .iter()
                    .any(|&j| joined.contains(&(src_id, i, tgt_id, j)))
            });
            if in_a_pair || existing.iter().any(|e| &e.src == src || &e.tgt == tgt) {
                continue;
            }
            if let Some(&i) = seen.get(&(src.clone(), tgt.clone())) {
                out[i].count += 1;
                continue;
            }
            seen.insert((src.clone(), tgt.clone()), out.len());
            out.push(Entry {
                src: src.clone(),
                tgt: tgt.clone(),
                src_lang: langs[0],
                tgt_lang: langs[1],
                kind: EntryKind::Term,
                count: 1,
                confidence: DOCUMENT_TERM_CONFIDENCE,
                acronym: src_acr.clone().or_else(|| tgt_acr.clone()),
                example: Example {
                    src: one_line(src_sentence),
                    tgt: one_line(tgt_sentence),
                    src_doc: src_id.to_string(),
                    tgt_doc: tgt_id.to_string(),
                },
            });
        }
    }
    out
}

/// The acronym in parentheses at the start of `rest` (` (DGSN) et ...` → `DGSN`).
fn acronym_after(rest: &str) -> Option<String> {
    let inner = rest.trim_start().strip_prefix('(')?;
    let (acr, _) = inner.split_once(')')?;
    terms::is_acronym(acr).then(|| acr.to_string())
}

/// The content stems of `words` joined by one space, as a candidate key.
fn content_key(words: &[Word]) -> String {
    words
        .iter()
        .filter(|w| !w.func && !w.digit)
        .map(|w| w.key.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Lets a known acronym stand for its expansion: the acronym's word becomes a candidate
/// with the expansion's key, in place of its own.
fn add_acronym_candidates(
    text: &str,
    words: &[Word],
    acronym_of: &HashMap<String, String>,
    cands: &mut Vec<Candidate>,
) {
    for (i, w) in words.iter().enumerate() {
        let Some(acr) = text.get(w.start..w.end) else {
            continue;
        };
        let Some(key) = acronym_of.get(acr) else {
            continue;
        };
        cands.retain(|c| !(c.first == i && c.last == i));
        cands.push(Candidate {
            key: key.clone(),
            first: i,
            last: i,
            content: key.split(' ').count(),
        });
    }
}

/// What the statistics gather on one source–target couple over the pairs, then its
/// score.
#[derive(Debug, Default, Clone, PartialEq)]
struct Couple {
    /// The source candidate's id.
    src: u32,
    /// The target candidate's id.
    tgt: u32,
    /// Pairs holding the couple in view.
    both: u32,
    /// Pairs where one of its spans cuts through a multiword lexicon match.
    cuts: u32,
    /// Outside support of each sighting (lexicon, names, identity), summed.
    prior_sum: f64,
    /// Name support of each sighting, summed.
    ent_sum: f64,
    /// Support the JSON's anchors gave, summed over pairs.
    attested: f64,
    /// Attested by a name anchor.
    entity: bool,
    /// Lexicon support of the two candidates taken on their own.
    local: f64,
    /// Wholly covered by two lexicon entries or more: a phrase, not a term.
    composite: bool,
    /// `local` and `composite` are known: they never change once computed.
    local_done: bool,
    /// Seen in fewer pairs than `--min-count`: left out of the statistics.
    dropped: bool,
    /// The couple's confidence, when it is significant or supported from outside
    /// (`scored`).
    score: f64,
    /// `score` is set: an `Option` would make every record 8 bytes longer.
    scored: bool,
}

impl Couple {
    /// Outside support in [0, 1]: the best of the sightings' mean support, the anchors'
    /// and the lexicon's on the candidates alone.
    fn prior(&self) -> f64 {
        (self.prior_sum / self.both as f64)
            .max(self.attested / self.both as f64)
            .max(self.local)
    }

    /// 1, less when its spans cut through multiword lexicon matches: a span cutting
    /// through one (`général sécurité` out of `directeur général de la sécurité`)
    /// rarely has a term's boundaries.
    fn whole(&self) -> f64 {
        1.0 - 0.3 * self.cuts as f64 / self.both as f64
    }

    /// What is known of the couple beside its counts.
    fn support(&self) -> Support {
        Support {
            prior: self.prior(),
            entity: self.entity || self.ent_sum / self.both as f64 >= 0.5,
            whole: self.whole(),
            local: self.local,
            composite: self.composite,
            named: self.entity,
        }
    }
}

/// What is known of a scored couple beside its counts.
#[derive(Debug, Clone, Copy, Default)]
struct Support {
    /// Outside support in [0, 1].
    prior: f64,
    /// Matched as a name.
    entity: bool,
    /// 1, less when its spans cut through lexicon matches.
    whole: f64,
    /// Lexicon support of the candidates on their own.
    local: f64,
    /// Made of several lexicon entries.
    composite: bool,
    /// Matched as a whole name by the JSON's anchors (`عبد اللطيف` / `Abdellatif`): its
    /// sides may differ in words.
    named: bool,
}

/// The couples by source id, each row by target id: a pair's couples are found by
/// walking one small row per source candidate, not by a lookup each.
#[derive(Debug, Default)]
struct CoupleIndex {
    /// The row of source id `a` is `all[rows[a]..rows[a + 1]]`.
    rows: Vec<usize>,
    all: Vec<Couple>,
}

impl CoupleIndex {
    /// Sorts `all` (whose source ids are below `n_src`) into rows.
    fn new(mut all: Vec<Couple>, n_src: usize) -> CoupleIndex {
        all.sort_unstable_by_key(|c| (c.src, c.tgt));
        let mut rows = vec![0usize; n_src + 1];
        for c in &all {
            rows[c.src as usize + 1] += 1;
        }
        for a in 0..n_src {
            rows[a + 1] += rows[a];
        }
        CoupleIndex { rows, all }
    }

    /// The couples of source id `a`, by target id.
    fn row(&self, a: u32) -> &[Couple] {
        let a = a as usize;
        match (self.rows.get(a), self.rows.get(a + 1)) {
            (Some(&from), Some(&to)) => &self.all[from..to],
            _ => &[],
        }
    }

    /// Couple `key` when it was scored.
    fn scored(&self, key: (u32, u32)) -> Option<&Couple> {
        let row = self.row(key.0);
        let k = row.binary_search_by_key(&key.1, |x| x.tgt).ok()?;
        Some(&row[k]).filter(|c| c.scored)
    }
}

/// Calls `f` with the candidates (indices into each side's `cands`) of every couple of
/// the pair the statistics look at, in (source id, target id) order. Statistics can
/// only speak for couples of candidates seen often enough; a rarer couple is kept in
/// view only when every content word of both candidates is backed by the lexicon or
/// is a name, or an anchor attests it, since it can only stand on outside support (and
/// counting every couple of every pair would cost quadratic time for nothing).
fn for_each_in_view(
    info: &PairInfo,
    counts: &[Vec<usize>; 2],
    min_count: usize,
    min_assoc: usize,
    mut f: impl FnMut(usize, usize),
) {
    // (index, frequent, backed) of the candidates that may take part.
    let usable = |k: usize| -> Vec<(usize, bool, bool)> {
        info.sides[k]
            .cands
            .iter()
            .enumerate()
            .filter(|(_, c)| counts[k][c.id as usize] >= min_count)
            .map(|(i, c)| (i, counts[k][c.id as usize] >= min_assoc, c.backed))
            .filter(|&(_, frequent, backed)| frequent || backed)
            .collect()
    };
    let (u0, u1) = (usable(0), usable(1));
    let (s0, s1) = (&info.sides[0], &info.sides[1]);
    for &(i0, f0, b0) in &u0 {
        for &(i1, f1, b1) in &u1 {
            if (f0 && f1)
                || (b0 && b1)
                || (!info.attested.is_empty()
                    && info
                        .attested
                        .contains_key(&(s0.cands[i0].id, s1.cands[i1].id)))
            {
                f(i0, i1);
            }
        }
    }
}

/// Counts the couples in view over the pairs (see [`for_each_in_view`]) and gathers
/// their outside support; couples seen in fewer than `min_count` pairs are dropped.
fn count_couples(
    infos: &[PairInfo],
    counts: &[Vec<usize>; 2],
    min_count: usize,
    min_assoc: usize,
    lexicon: &Lexicon,
) -> Vec<Couple> {
    // Only the counts grow while the pairs are read: the full records are allocated
    // once their number is known (a vector of them doubling would double the peak).
    let mut index: HashMap<(u32, u32), u32> = HashMap::default();
    let mut keys: Vec<(u32, u32)> = Vec::new();
    let mut both: Vec<u32> = Vec::new();
    // The couples in view, pair after pair, so that the second pass finds them without
    // a lookup.
    let mut in_view: Vec<u32> = Vec::new();
    for info in infos {
        let (s0, s1) = (&info.sides[0], &info.sides[1]);
        for_each_in_view(info, counts, min_count, min_assoc, |i0, i1| {
            let key = (s0.cands[i0].id, s1.cands[i1].id);
            let k = *index.entry(key).or_insert(keys.len() as u32) as usize;
            if k == keys.len() {
                keys.push(key);
                both.push(0);
            }
            both[k] += 1;
            in_view.push(k as u32);
        });
    }
    drop(index);
    let mut couples: Vec<Couple> = keys
        .iter()
        .zip(&both)
        .map(|(&(src, tgt), &n)| Couple {
            src,
            tgt,
            both: n,
            dropped: (n as usize) < min_count,
            ..Couple::default()
        })
        .collect();
    drop((keys, both));
    // Support needs the sums over all pairs in view to be complete only at the end, but
    // the lexicon's view of a candidate on its own is taken from the first sighting of
    // a couple kept: hence a second pass.
    // The lexicon also looks at each candidate on its own: inside a sentence its greedy
    // longest match may have taken a word away (`de la sécurité` → `sécuritaire` leaves
    // `publique` alone, and `sécurité publique` unmatched).
    let mut local: [HashMap<u32, LocalLex>; 2] = [HashMap::default(), HashMap::default()];
    let mut in_view = in_view.into_iter();
    for info in infos {
        let (s0, s1) = (&info.sides[0], &info.sides[1]);
        // The support facts of each candidate's first occurrence, found when needed.
        let mut facts: [Vec<Option<SpanFacts>>; 2] = [
            s0.cands.iter().map(|_| None).collect(),
            s1.cands.iter().map(|_| None).collect(),
        ];
        for_each_in_view(info, counts, min_count, min_assoc, |i0, i1| {
            let k = in_view
                .next()
                .expect("the second pass sees the couples of the first");
            let c = &mut couples[k as usize];
            if c.dropped {
                return;
            }
            let (c0, c1) = (&s0.cands[i0], &s1.cands[i1]);
            let (o0, o1) = (s0.first(c0), s1.first(c1));
            if !c.local_done && c0.backed && c1.backed {
                let [local0, local1] = &mut local;
                let l0 = local_lexicon(local0, c0.id, s0, o0, lexicon);
                let l1 = local_lexicon(local1, c1.id, s1, o1, lexicon);
                (c.local, c.composite) = local_coverage(l0, l1);
                c.local_done = true;
            }
            // Support needs evidence on both sides; most couples have none.
            let (lex, ent, ident) = if c0.evidence && c1.evidence {
                let [facts0, facts1] = &mut facts;
                let f0 = facts0[i0].get_or_insert_with(|| span_facts(s0, o0));
                let f1 = facts1[i1].get_or_insert_with(|| span_facts(s1, o1));
                occurrence_support(s0, f0, s1, f1)
            } else {
                (0.0, 0.0, 0.0)
            };
            c.prior_sum += lex.max(ent).max(ident);
            c.ent_sum += ent.max(ident);
            if c0.cuts || c1.cuts {
                c.cuts += 1;
            }
            if let Some(&entity) = info.attested.get(&(c0.id, c1.id)) {
                // A name matched by transliteration is verified; a lexicon anchor may
                // come from a learned lexicon and only supports.
                c.attested += if entity { 1.0 } else { 0.5 };
                c.entity |= entity;
            }
        });
    }
    couples
}

fn analyse_side<'a>(
    text: &'a str,
    lang: Lang,
    words: Vec<Word>,
    cands: Vec<Candidate>,
    lexicon: &Lexicon,
    interner: &mut Interner,
) -> SideInfo<'a> {
    // Grouped by id (a stable sort, so each group stays in the order found).
    let mut found: Vec<(u32, usize, usize)> = cands
        .iter()
        .map(|c| (interner.id(&c.key), c.first, c.last))
        .collect();
    found.sort_by_key(|x| x.0);
    let mut concepts = Vec::new();
    for m in lexicon.annotate(text, lang) {
        // A word's own concept inside a longer match is weaker evidence, and would make
        // every multiword entry look like a phrase of several entries.
        if lexicon.is_function(m.concept) || m.part {
            continue;
        }
        let inside: Vec<usize> = (0..words.len())
            .filter(|&i| words[i].start < m.end && m.start < words[i].end)
            .collect();
        if let (Some(&f), Some(&l)) = (inside.first(), inside.last()) {
            concepts.push((m.concept, f, l));
        }
    }
    let mut mention = vec![None; words.len()];
    let mentions = entities::extract(text, lang);
    for (k, m) in mentions.iter().enumerate() {
        for (i, w) in words.iter().enumerate() {
            if w.start < m.end && m.start < w.end {
                mention[i] = Some(k);
            }
        }
    }
    let in_match: Vec<bool> = (0..words.len())
        .map(|i| concepts.iter().any(|&(_, f, l)| f <= i && i <= l))
        .collect();
    let evidence = (0..words.len())
        .map(|i| {
            mention[i].is_some()
                || in_match[i]
                || words[i].norm.chars().all(|c| c.is_ascii_alphanumeric())
        })
        .collect();
    let backed_words = (0..words.len())
        .map(|i| words[i].func || words[i].digit || mention[i].is_some() || in_match[i])
        .collect();
    let mut multiword: Vec<(usize, usize)> = concepts
        .iter()
        .filter(|&&(_, f, l)| (f..=l).filter(|&i| !words[i].func).count() >= 2)
        .map(|&(_, f, l)| (f, l))
        .collect();
    multiword.sort_unstable();
    multiword.dedup();
    let mut side = SideInfo {
        text,
        lang,
        evidence,
        backed: backed_words,
        multiword,
        words,
        cands: Vec::new(),
        spans: found.iter().map(|&(_, f, l)| (f, l)).collect(),
        concepts,
        mention,
        mentions,
    };
    let mut from = 0;
    while from < found.len() {
        let id = found[from].0;
        let to = from + found[from..].iter().take_while(|x| x.0 == id).count();
        let o = side.spans[from];
        side.cands.push(Cand {
            id,
            from,
            to,
            backed: backed(&side, o),
            evidence: side.has_evidence(o),
            cuts: cuts_match(&side, o),
        });
        from = to;
    }
    side
}

/// True when every content word of span `o` lies in a lexicon match or a name.
fn backed(s: &SideInfo, o: (usize, usize)) -> bool {
    s.backed
        .get(o.0..=o.1)
        .is_some_and(|b| b.iter().all(|&x| x))
}

/// True when the span `o` cuts through a lexicon match of two content words or more:
/// shares a content word with it without holding it whole or lying inside it.
fn cuts_match(s: &SideInfo, o: (usize, usize)) -> bool {
    s.multiword.iter().any(|&(f, l)| {
        let shared = (f.max(o.0)..=l.min(o.1)).any(|i| !s.words[i].func);
        let holds = o.0 <= f && l <= o.1;
        let inside = f <= o.0 && o.1 <= l;
        shared && !holds && !inside
    })
}

/// The lexicon's matches inside one candidate taken on its own: its content words, and
/// for each distinct matched span, its content words and concepts.
#[derive(Debug, Default, Clone)]
struct LocalLex {
    content: usize,
    spans: Vec<(usize, Vec<u32>)>,
}

/// [`LocalLex`] of candidate `id`, computed from occurrence `o` of side `s` once.
fn local_lexicon<'m>(
    cache: &'m mut HashMap<u32, LocalLex>,
    id: u32,
    s: &SideInfo,
    o: (usize, usize),
    lexicon: &Lexicon,
) -> &'m LocalLex {
    cache.entry(id).or_insert_with(|| {
        let text = s
            .text
            .get(s.words[o.0].start..s.words[o.1].end)
            .unwrap_or("");
        let content_in = |t: &str| {
            crate::text::tokenize::tokenize(t, s.lang)
                .iter()
                .filter(|w| !terms::is_function_word(&w.norm, s.lang))
                .count()
        };
        let mut spans: Vec<((usize, usize), usize, Vec<u32>)> = Vec::new();
        for m in lexicon.annotate(text, s.lang) {
            if lexicon.is_function(m.concept) || m.part {
                continue;
            }
            match spans.iter_mut().find(|x| x.0 == (m.start, m.end)) {
                Some(x) => x.2.push(m.concept),
                None => {
                    let n = content_in(text.get(m.start..m.end).unwrap_or(""));
                    spans.push(((m.start, m.end), n, vec![m.concept]));
                }
            }
        }
        LocalLex {
            content: content_in(text),
            spans: spans.into_iter().map(|(_, n, c)| (n, c)).collect(),
        }
    })
}

/// The share of content words of two candidates the lexicon matches across them, each
/// taken on its own, and whether that takes several entries (a phrase, not a term).
fn local_coverage(a: &LocalLex, b: &LocalLex) -> (f64, bool) {
    let covered = |x: &LocalLex, y: &LocalLex| -> (usize, usize) {
        let spans: Vec<usize> = x
            .spans
            .iter()
            .filter(|(n, cs)| *n > 0 && cs.iter().any(|c| y.spans.iter().any(|s| s.1.contains(c))))
            .map(|(n, _)| *n)
            .collect();
        (spans.iter().sum(), spans.len())
    };
    let total = a.content + b.content;
    if total == 0 {
        return (0.0, false);
    }
    let ((ca, na), (cb, nb)) = (covered(a, b), covered(b, a));
    let coverage = ((ca + cb) as f64 / total as f64).min(1.0);
    (coverage, coverage >= 0.99 && na >= 2 && nb >= 2)
}

/// What outside support looks at in one span of a side, gathered once per candidate
/// and pair rather than once per couple.
#[derive(Debug, Clone, PartialEq)]
struct SpanFacts {
    /// Its content words: neither function words nor numbers.
    content: Vec<usize>,
    /// The lexicon concepts lying wholly inside it.
    concepts: Vec<(u32, usize, usize)>,
    /// The names covering its content words, in order, when names cover them all.
    mentions: Option<Vec<usize>>,
    /// Every content word is written in Latin letters or digits.
    latin: bool,
}

/// The [`SpanFacts`] of span `o` of side `s`.
fn span_facts(s: &SideInfo, o: (usize, usize)) -> SpanFacts {
    let content: Vec<usize> = (o.0..=o.1)
        .filter(|&i| !s.words[i].func && !s.words[i].digit)
        .collect();
    let concepts = s
        .concepts
        .iter()
        .copied()
        .filter(|&(_, f, l)| o.0 <= f && l <= o.1)
        .collect();
    let mut mentions: Option<Vec<usize>> = Some(Vec::new());
    for &i in &content {
        match (s.mention[i], mentions.as_mut()) {
            (Some(m), Some(v)) => {
                if v.last() != Some(&m) {
                    v.push(m);
                }
            }
            _ => mentions = None,
        }
    }
    let latin = content
        .iter()
        .all(|&i| s.words[i].norm.chars().all(|c| c.is_ascii_alphanumeric()));
    SpanFacts {
        content,
        concepts,
        mentions,
        latin,
    }
}

/// Outside support for one occurrence of a couple, each in [0, 1]: the share of content
/// words the lexicon matches across the two spans, the transliteration similarity when
/// both spans are names, and 1 when both spans are the same word sequence (a Latin name
/// quoted inside Arabic text). `f0` and `f1` are the [`SpanFacts`] of the spans.
fn occurrence_support(
    s0: &SideInfo,
    f0: &SpanFacts,
    s1: &SideInfo,
    f1: &SpanFacts,
) -> (f64, f64, f64) {
    let (c0, c1) = (&f0.content, &f1.content);
    if c0.is_empty() || c1.is_empty() {
        return (0.0, 0.0, 0.0);
    }
    // Lexicon: the content words covered by a concept inside the span that the other
    // span holds too.
    let covered = |c: &[usize], mine: &[(u32, usize, usize)], other: &[(u32, usize, usize)]| {
        c.iter()
            .filter(|&&i| {
                mine.iter()
                    .any(|&(x, f, l)| f <= i && i <= l && other.iter().any(|o| o.0 == x))
            })
            .count()
    };
    let lex = (covered(c0, &f0.concepts, &f1.concepts) + covered(c1, &f1.concepts, &f0.concepts))
        as f64
        / (c0.len() + c1.len()) as f64;
    // Names: the spans' mentions compared; below the entity threshold it is no support.
    let sim = match (&f0.mentions, &f1.mentions) {
        (Some(a), Some(b)) if a.len() == 1 && b.len() == 1 => {
            entities::mention_similarity(&s0.mentions[a[0]], &s1.mentions[b[0]])
        }
        (Some(a), Some(b)) => {
            let join = |s: &SideInfo, v: &[usize]| -> String {
                v.iter().map(|&m| s.mentions[m].skeleton.as_str()).collect()
            };
            entities::similarity(&join(s0, a), &join(s1, b))
        }
        _ => 0.0,
    };
    let ent = if sim >= entities::THRESHOLD {
        0.5 + 0.5 * (sim - entities::THRESHOLD) / (1.0 - entities::THRESHOLD)
    } else {
        0.0
    };
    let same = c0.len() == c1.len()
        && c0
            .iter()
            .zip(c1)
            .all(|(&i, &j)| s0.words[i].norm == s1.words[j].norm);
    let ident = if f0.latin && same { 1.0 } else { 0.0 };
    (lex, ent, ident)
}

/// True when one key's word sequence lies inside the other's (or they are equal).
fn nested(x: &[&str], y: &[&str]) -> bool {
    let (short, long) = if x.len() <= y.len() { (x, y) } else { (y, x) };
    long.windows(short.len()).any(|w| w == short)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`occurrence_support`] computed straight from the spans.
    fn naive_support(
        s0: &SideInfo,
        o0: (usize, usize),
        s1: &SideInfo,
        o1: (usize, usize),
    ) -> (f64, f64, f64) {
        let content = |s: &SideInfo, o: (usize, usize)| -> Vec<usize> {
            (o.0..=o.1)
                .filter(|&i| !s.words[i].func && !s.words[i].digit)
                .collect()
        };
        let (c0, c1) = (content(s0, o0), content(s1, o1));
        if c0.is_empty() || c1.is_empty() {
            return (0.0, 0.0, 0.0);
        }
        // Lexicon: concepts lying wholly inside each span, and the content words they cover.
        let inside = |s: &SideInfo, o: (usize, usize)| -> Vec<(u32, usize, usize)> {
            s.concepts
                .iter()
                .copied()
                .filter(|&(_, f, l)| o.0 <= f && l <= o.1)
                .collect()
        };
        let (k0, k1) = (inside(s0, o0), inside(s1, o1));
        let covered = |s: &SideInfo,
                       c: &[usize],
                       mine: &[(u32, usize, usize)],
                       other: &[(u32, usize, usize)]| {
            c.iter()
                .filter(|&&i| {
                    mine.iter().any(|&(x, f, l)| {
                        f <= i && i <= l && other.iter().any(|o| o.0 == x) && !s.words[i].func
                    })
                })
                .count()
        };
        let lex = (covered(s0, &c0, &k0, &k1) + covered(s1, &c1, &k1, &k0)) as f64
            / (c0.len() + c1.len()) as f64;
        // Names: the spans' mentions compared; below the entity threshold it is no support.
        let mentions = |s: &SideInfo, c: &[usize]| -> Option<Vec<usize>> {
            let mut out: Vec<usize> = Vec::new();
            for &i in c {
                let m = s.mention[i]?;
                if out.last() != Some(&m) {
                    out.push(m);
                }
            }
            Some(out)
        };
        let sim = match (mentions(s0, &c0), mentions(s1, &c1)) {
            (Some(a), Some(b)) if a.len() == 1 && b.len() == 1 => {
                entities::mention_similarity(&s0.mentions[a[0]], &s1.mentions[b[0]])
            }
            (Some(a), Some(b)) => {
                let join = |s: &SideInfo, v: &[usize]| -> String {
                    v.iter().map(|&m| s.mentions[m].skeleton.as_str()).collect()
                };
                entities::similarity(&join(s0, &a), &join(s1, &b))
            }
            _ => 0.0,
        };
        let ent = if sim >= entities::THRESHOLD {
            0.5 + 0.5 * (sim - entities::THRESHOLD) / (1.0 - entities::THRESHOLD)
        } else {
            0.0
        };
        let norms = |s: &SideInfo, c: &[usize]| -> Vec<String> {
            c.iter().map(|&i| s.words[i].norm.clone()).collect()
        };
        let (n0, n1) = (norms(s0, &c0), norms(s1, &c1));
        let latin = n0
            .iter()
            .all(|w| w.chars().all(|c| c.is_ascii_alphanumeric()));
        let ident = if latin && n0 == n1 { 1.0 } else { 0.0 };
        (lex, ent, ident)
    }

    /// The couple statistics the straightforward way: every candidate of one side with
    /// every candidate of the other, looked up in one map, and each sighting's support
    /// computed afresh from the spans.
    fn naive_couples(
        a: &Analysis,
        min_count: usize,
        min_assoc: usize,
    ) -> HashMap<(u32, u32), Couple> {
        let counts = &a.counts;
        let mut couples: HashMap<(u32, u32), Couple> = HashMap::default();
        let mut in_view: Vec<Vec<(u32, u32)>> = Vec::new();
        for info in &a.infos {
            let usable = |k: usize| -> Vec<(u32, bool, bool)> {
                let side = &info.sides[k];
                let mut v: Vec<(u32, bool, bool)> = side
                    .cands
                    .iter()
                    .filter(|c| counts[k][c.id as usize] >= min_count)
                    .map(|c| {
                        let frequent = counts[k][c.id as usize] >= min_assoc;
                        (c.id, frequent, backed(side, side.occ(c)[0]))
                    })
                    .filter(|&(_, f, b)| f || b)
                    .collect();
                v.sort_unstable();
                v
            };
            let mut seen = Vec::new();
            for &(x, fx, bx) in &usable(0) {
                for &(y, fy, by) in &usable(1) {
                    if (fx && fy) || (bx && by) || info.attested.contains_key(&(x, y)) {
                        couples.entry((x, y)).or_default().both += 1;
                        seen.push((x, y));
                    }
                }
            }
            in_view.push(seen);
        }
        couples.retain(|_, c| c.both as usize >= min_count);
        let mut local: [HashMap<u32, LocalLex>; 2] = [HashMap::default(), HashMap::default()];
        for (info, seen) in a.infos.iter().zip(&in_view) {
            let (s0, s1) = (&info.sides[0], &info.sides[1]);
            for &(x, y) in seen {
                let (Some(c0), Some(c1)) = (s0.find(x), s1.find(y)) else {
                    continue;
                };
                let (o0, o1) = (s0.occ(c0)[0], s1.occ(c1)[0]);
                let Some(c) = couples.get_mut(&(x, y)) else {
                    continue;
                };
                if c.local == 0.0 && backed(s0, o0) && backed(s1, o1) {
                    let [local0, local1] = &mut local;
                    let l0 = local_lexicon(local0, x, s0, o0, &a.lexicon);
                    let l1 = local_lexicon(local1, y, s1, o1, &a.lexicon);
                    (c.local, c.composite) = local_coverage(l0, l1);
                }
                let (lex, ent, ident) = if s0.has_evidence(o0) && s1.has_evidence(o1) {
                    naive_support(s0, o0, s1, o1)
                } else {
                    (0.0, 0.0, 0.0)
                };
                c.prior_sum += lex.max(ent).max(ident);
                c.ent_sum += ent.max(ident);
                if cuts_match(s0, o0) || cuts_match(s1, o1) {
                    c.cuts += 1;
                }
                if let Some(&entity) = info.attested.get(&(x, y)) {
                    c.attested += if entity { 1.0 } else { 0.5 };
                    c.entity |= entity;
                }
            }
        }
        couples
    }

    #[test]
    fn couple_counts_equal_the_naive_ones() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/glossary/seeds_pairs.json");
        let mut file = AlignmentFile::load(&path).expect("fixture loads");
        // Two pairs quoting a Latin name inside the Arabic text.
        for (ar, fr) in [
            (
                "قال رئيس FIFA Gianni Infantino إن الملعب جاهز",
                "Le président de la FIFA Gianni Infantino a dit que le stade est prêt",
            ),
            (
                "زار Gianni Infantino الملعب",
                "Gianni Infantino a visité le stade",
            ),
        ] {
            let mut pair = file.pairs[0].clone();
            pair.ar.text = ar.to_string();
            pair.fr.text = fr.to_string();
            file.pairs.push(pair);
        }
        for (src, min_count) in [(Lang::Ar, 1), (Lang::Ar, 2), (Lang::Fr, 1), (Lang::Ar, 3)] {
            let opts = Options {
                src,
                min_count,
                ..Options::default()
            };
            let a = analyse(&file, &opts);
            let min_assoc = min_count.max(MIN_STAT_COUNT);
            let fast = count_couples(&a.infos, &a.counts, min_count, min_assoc, &a.lexicon);
            let naive = naive_couples(&a, min_count, min_assoc);
            let mut kept = 0;
            for c in &fast {
                let key = &(c.src, c.tgt);
                if c.dropped {
                    assert!(!naive.contains_key(key));
                    continue;
                }
                kept += 1;
                let expected = naive
                    .get(key)
                    .expect("the naive count holds every couple kept");
                // The naive map keeps the ids in its keys.
                let c = Couple {
                    src: 0,
                    tgt: 0,
                    local_done: false,
                    ..c.clone()
                };
                assert_eq!(&c, expected, "couple {key:?}");
            }
            assert_eq!(kept, naive.len());
            // The fixture exercises every kind of support.
            if min_count == 1 {
                let any = |f: fn(&Couple) -> bool| naive.values().any(f);
                assert!(any(|c| c.prior_sum > 0.0) && any(|c| c.ent_sum > 0.0));
                assert!(any(|c| c.local > 0.0) && any(|c| c.composite));
                assert!(any(|c| c.cuts > 0) && any(|c| c.attested > 0.0));
                assert!(any(|c| c.prior_sum >= 1.0
                    && c.ent_sum >= 1.0
                    && c.local == 0.0));
            }
        }
    }

    #[test]
    fn nested_keys() {
        let words = |key: &'static str| key.split(' ').collect::<Vec<_>>();
        let nested = |a, b| nested(&words(a), &words(b));
        assert!(nested("كاس", "كاس عالم"));
        assert!(nested("coup mond", "coup mond"));
        assert!(!nested("coup", "mondial coupe"));
        assert!(nested("direct general", "direct general suret national"));
    }
}
