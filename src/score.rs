//! Pair scores from features: how likely an Arabic unit (one or more contiguous
//! sentences) and a French unit say the same thing.
//!
//! A pair becomes a small feature vector ([`PairFeatures`]): weighted overlap of the
//! lexicon concepts, numbers, dates, Latin tokens and learned stems the two sides
//! share, names matched across scripts, and how far the length ratio is from the
//! Arabic–French norm. A logistic [`Model`] fitted on the development data turns it
//! into a probability, so `score` reads as the chance that the pair is right.

use crate::anchor::entities;
use crate::features::{FeatureStore, Features, Interner, KeyKind, Sentences};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// Number of features in [`PairFeatures`].
pub const N_FEATURES: usize = 14;

/// Names of the features, in order (for reports and the model file).
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    "bias",
    "lex_dice",
    "lex_cov_min",
    "lex_matched",
    "learned_dice",
    "num_match",
    "num_unmatched",
    "date_match",
    "name_match",
    "name_unmatched",
    "len_dev",
    "shape_merge",
    "shape_wide",
    "tiny",
];

/// Index of the length-model feature.
pub const LEN_FEATURE: usize = 10;

/// Indices of the bead-shape features (priors of the parallel DP).
pub const SHAPE_FEATURES: [usize; 2] = [11, 12];

/// The feature vector of one candidate pair.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairFeatures(pub [f64; N_FEATURES]);

/// A fitted scoring model and the constants the aligners use with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Model {
    /// Logistic weights, one per feature of [`FEATURE_NAMES`].
    pub weights: Vec<f64>,
    /// Mean of ln(French chars / Arabic chars) over true pairs.
    pub len_mu: f64,
    /// Standard deviation of that log ratio.
    pub len_sigma: f64,
    /// Log-odds a sentence left unaligned is worth in the parallel DP.
    pub skip: f64,
    /// Name similarity from which two names count as the same.
    pub name_threshold: f64,
    /// Comparable mode: lowest margin-adjusted probability kept.
    pub comparable_threshold: f64,
    /// Comparable mode: weight of the margin against each sentence's best
    /// alternatives.
    #[serde(default = "default_margin")]
    pub comparable_margin: f64,
    /// Comparable mode: logistic weights fitted on the miner's own candidates (the
    /// translation among the sentences the index retrieves), if fitted.
    #[serde(default)]
    pub comparable_weights: Option<Vec<f64>>,
    /// Comparable mode: Platt scaling `(a, b)` of the miner's margin-adjusted
    /// log-odds `z`, so that `sigmoid(a · z + b)` reads as the probability that the
    /// pair is right (fitted on the development pools); none is the identity.
    #[serde(default)]
    pub comparable_calibration: Option<(f64, f64)>,
    /// Parallel mode: Platt scaling `(a, b)` of a bead's log-odds in the DP, so that
    /// a bead's `score` reads as the probability that it is right; none is the
    /// identity. The DP's choices do not depend on it.
    #[serde(default)]
    pub parallel_calibration: Option<(f64, f64)>,
}

fn default_margin() -> f64 {
    0.5
}

impl Model {
    /// The model shipped with mizan, fitted by `mizan tune` on the development data.
    pub fn builtin() -> Model {
        serde_json::from_str(include_str!("../data/model.json")).expect("data/model.json is valid")
    }

    /// The log-odds that the pair is right.
    pub fn logit(&self, f: &PairFeatures) -> f64 {
        self.weights
            .iter()
            .zip(f.0.iter())
            .map(|(w, x)| w * x)
            .sum()
    }

    /// The log-odds from the content evidence alone, without the bead-shape priors:
    /// how often translations merge sentences says nothing about comparable texts,
    /// where one side often says in one sentence what the other says in three.
    /// Uses the mining weights when the model has them.
    pub fn content_logit(&self, f: &PairFeatures) -> f64 {
        self.mining_weights()
            .iter()
            .zip(f.0.iter())
            .enumerate()
            .filter(|(n, _)| !SHAPE_FEATURES.contains(n))
            .map(|(_, (w, x))| w * x)
            .sum()
    }

    /// The part of [`Model::content_logit`] that the length model contributes.
    pub fn length_term(&self, f: &PairFeatures) -> f64 {
        self.mining_weights()[LEN_FEATURE] * f.0[LEN_FEATURE]
    }

    /// The weights comparable mining scores with: fitted on mining's own candidates
    /// when available, else the DP's.
    pub fn mining_weights(&self) -> &[f64] {
        self.comparable_weights.as_deref().unwrap_or(&self.weights)
    }

    /// The probability that the pair is right.
    pub fn prob(&self, f: &PairFeatures) -> f64 {
        sigmoid(self.logit(f))
    }
}

/// The logistic function.
pub fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

/// Collection-wide data the scorer needs: key weights and the name links.
#[derive(Debug, Clone, Default)]
pub struct ScoreContext {
    /// Weight of each interned key (inverse document frequency).
    pub weights: Vec<f32>,
    /// For each French name skeleton, the Arabic skeletons it matches, sorted.
    pub name_links: HashMap<u32, Vec<u32>>,
    /// The same links from the Arabic side: for each Arabic skeleton, the French
    /// skeletons it matches, sorted.
    pub ar_name_links: HashMap<u32, Vec<u32>>,
    /// The weight of a key found in a single sentence: the scale of `weights`.
    pub max_weight: f32,
}

impl ScoreContext {
    /// Builds the context for a collection: idf weights over all sentences of both
    /// languages, and the name links.
    pub fn build(
        ar: &[&FeatureStore],
        fr: &[&FeatureStore],
        interner: &Interner,
        name_threshold: f64,
    ) -> ScoreContext {
        let name_links = name_links(ar, fr, interner, name_threshold);
        let mut ar_name_links: HashMap<u32, Vec<u32>> = HashMap::new();
        for (&f, ars) in &name_links {
            for &a in ars {
                ar_name_links.entry(a).or_default().push(f);
            }
        }
        for list in ar_name_links.values_mut() {
            list.sort_unstable();
        }
        let mut ctx = ScoreContext {
            weights: Vec::new(),
            max_weight: 1.0,
            name_links,
            ar_name_links,
        };
        ctx.update_weights(ar, fr, interner.len());
        ctx
    }

    /// Recomputes the key weights (after keys were added, as self-training does);
    /// the name links do not change.
    pub fn update_weights(&mut self, ar: &[&FeatureStore], fr: &[&FeatureStore], n_keys: usize) {
        let mut df = vec![0u32; n_keys];
        let mut names: Vec<u32> = Vec::new();
        for f in ar.iter().chain(fr).flat_map(|s| s.iter()) {
            let mut last = u32::MAX;
            for item in f.items {
                if item.key != last {
                    df[item.key as usize] += 1;
                    last = item.key;
                }
            }
            // Name skeletons are weighted like keys: a name every sentence repeats
            // (the story's protagonist) says less than one a single sentence holds.
            names.clear();
            names.extend(f.names.iter().map(|n| n.skeleton));
            names.sort_unstable();
            names.dedup();
            for &k in &names {
                if let Some(d) = df.get_mut(k as usize) {
                    *d += 1;
                }
            }
        }
        let sentences: usize = ar.iter().chain(fr).map(|s| s.len()).sum();
        let n = sentences.max(1) as f32;
        self.max_weight = ((n + 1.0) / 1.5).ln().max(0.1);
        self.weights = df
            .iter()
            .map(|&d| ((n + 1.0) / (d as f32 + 0.5)).ln().max(0.1))
            .collect();
    }

    /// True when the French name `fr` matches the Arabic name `ar`.
    pub fn names_match(&self, ar: u32, fr: u32) -> bool {
        self.name_links
            .get(&fr)
            .is_some_and(|l| l.binary_search(&ar).is_ok())
    }
}

/// For each French name skeleton, the Arabic skeletons that match it, found through
/// the skeletons' blocking keys (never comparing every Arabic name with every French
/// one); each distinct pair of skeletons is compared once.
fn name_links(
    ar: &[&FeatureStore],
    fr: &[&FeatureStore],
    interner: &Interner,
    name_threshold: f64,
) -> HashMap<u32, Vec<u32>> {
    let skeleton = |id: u32| interner.name(id).trim_start_matches("e:");
    let distinct = |side: &[&FeatureStore]| {
        let mut ids: Vec<u32> = side
            .iter()
            .flat_map(|s| s.iter())
            .flat_map(|f| f.names.iter().map(|n| n.skeleton))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    // The Arabic names readied for comparison, and by blocking key (indices into them).
    let ar_names = distinct(ar);
    let ar_skeletons: Vec<entities::Skeleton<'_>> = ar_names
        .iter()
        .map(|&id| entities::Skeleton::new(skeleton(id)))
        .collect();
    let mut by_block: FxHashMap<String, Vec<usize>> = FxHashMap::default();
    for (n, &id) in ar_names.iter().enumerate() {
        for key in entities::blocking_keys(skeleton(id)) {
            by_block.entry(key).or_default().push(n);
        }
    }
    let fr_names = distinct(fr);
    let links: Vec<(u32, Vec<u32>)> = fr_names
        .par_iter()
        // For the French names one task takes in turn: the French name each Arabic
        // name was last a candidate for (compared once, however many keys it shares).
        .map_init(
            || vec![u32::MAX; ar_names.len()],
            |last, &id| {
                let fr_skeleton = entities::Skeleton::new(skeleton(id));
                let mut matches: Vec<u32> = Vec::new();
                for key in entities::blocking_keys(skeleton(id)) {
                    for &n in by_block.get(&key).into_iter().flatten() {
                        if std::mem::replace(&mut last[n], id) != id
                            && ar_skeletons[n].similar(&fr_skeleton, name_threshold)
                        {
                            matches.push(ar_names[n]);
                        }
                    }
                }
                // By Arabic id: `names_match` searches the list.
                matches.sort_unstable();
                (!matches.is_empty()).then_some((id, matches))
            },
        )
        .flatten()
        .collect();
    links.into_iter().collect()
}

/// One sentence readied for scoring under a context, so that comparing it with many
/// others costs no lookup: the weights of its evidence ("tests", in the order the
/// score adds them up) and probes telling which tests another sentence passes, found
/// by one merge of the probes with that sentence's targets.
///
/// Tests are numbered word groups first (for an Arabic sentence, then its names
/// outside the groups), then numbers, then (French only) name readings.
#[derive(Debug, Clone, Default)]
pub struct SentenceKeys {
    /// Weight of each word group at its most specific key; for Arabic, then each name
    /// span outside the groups at its rarest reading.
    lex: Vec<f64>,
    /// For each number: its rarity term and whether it is part of a date.
    numbers: Vec<(f64, bool)>,
    /// French only: each name reading's rarity term and whether it is the last
    /// reading of its span.
    names: Vec<(f64, bool)>,
    /// (id looked for, test), sorted: the test passes against a sentence whose
    /// targets hold the id.
    probes: Vec<(u32, u32)>,
    /// What the other language's probes look for: word-group keys, number keys and
    /// name skeletons, sorted and unique (the kinds never share an id).
    targets: Vec<u32>,
    /// Learned and date keys with their multiplicity, sorted by key; true for learned.
    counted: Vec<(u32, bool)>,
    /// Sum of the weights of the learned keys (in key order).
    learned: f64,
    /// Sum of `lex` from 0, in order: the total a unit's sum starts with.
    lex_total: f64,
    chars: u32,
    words: u32,
}

impl SentenceKeys {
    /// Readies an Arabic sentence.
    pub fn arabic(f: &Features<'_>, ctx: &ScoreContext) -> SentenceKeys {
        let mut k = SentenceKeys::common(f, ctx);
        // Names outside the lexicon are content words too, translated when they match
        // a French name of the other unit (French names are always groups:
        // capitalized words carry Latin keys). One test per span, at its rarest
        // reading, unless a word group covers part of it.
        // The groups are sorted by start: those starting before a span ends are a
        // prefix, and one of them overlaps the span when the prefix's furthest end
        // passes the span's start.
        let mut furthest = Vec::with_capacity(f.group_spans.len());
        for g in f.group_spans {
            furthest.push(furthest.last().map_or(g.1, |&e: &u32| e.max(g.1)));
        }
        let mut n = 0;
        while n < f.names.len() {
            let span = (f.names[n].start, f.names[n].end);
            let (first, mut weight) = (n, 0.0f64);
            while n < f.names.len() && (f.names[n].start, f.names[n].end) == span {
                weight = weight.max(ctx.weight(f.names[n].skeleton));
                n += 1;
            }
            let before = f.group_spans.partition_point(|g| g.0 < span.1);
            if before > 0 && furthest[before - 1] > span.0 {
                continue;
            }
            let t = k.lex.len() as u32;
            k.lex.push(weight);
            for name in &f.names[first..n] {
                for &fr in ctx.ar_name_links.get(&name.skeleton).into_iter().flatten() {
                    k.probes.push((fr, t));
                }
            }
        }
        k.add_numbers(f, ctx);
        k.probes.sort_unstable();
        k.total_lex();
        k
    }

    /// Readies a French sentence.
    pub fn french(f: &Features<'_>, ctx: &ScoreContext) -> SentenceKeys {
        let mut k = SentenceKeys::common(f, ctx);
        // A French word inside a name that matches an Arabic name of the other unit is
        // translated too (transliterated): `Jassim` has no key an Arabic word shares.
        // (The probes are sorted below, so they may be found name by name: the
        // groups inside a name are found by binary search, the groups sorted by start.)
        for name in f.names {
            let links = ctx.name_links.get(&name.skeleton).into_iter().flatten();
            let first = f.group_spans.partition_point(|g| g.0 < name.start);
            for (t, span) in f.group_spans.iter().enumerate().skip(first) {
                if span.0 > name.end {
                    break;
                }
                if span.1 <= name.end {
                    for &ar in links.clone() {
                        k.probes.push((ar, t as u32));
                    }
                }
            }
        }
        k.add_numbers(f, ctx);
        // The names, each counted by its rarity (relative to the rarest possible, as
        // numbers are) when some reading of it matches an Arabic name.
        let first = (k.lex.len() + k.numbers.len()) as u32;
        for (r, name) in f.names.iter().enumerate() {
            let last = f
                .names
                .get(r + 1)
                .is_none_or(|next| (next.start, next.end) != (name.start, name.end));
            k.names.push((ctx.rarity(ctx.weight(name.skeleton)), last));
            for &ar in ctx.name_links.get(&name.skeleton).into_iter().flatten() {
                k.probes.push((ar, first + r as u32));
            }
        }
        k.probes.sort_unstable();
        k.total_lex();
        k
    }

    /// The parts both languages share: word groups, targets, counted keys, sizes.
    fn common(f: &Features<'_>, ctx: &ScoreContext) -> SentenceKeys {
        // The lists sized once for what is known to go in (the name links add some
        // probes): a sentence is readied many times a run, and grown entry by entry
        // its lists were reallocated several times each.
        let tests = f.groups.len() + f.names.len();
        let keys = f.group_keys.len() + f.number_keys.len();
        let mut k = SentenceKeys {
            chars: f.chars,
            words: f.words,
            lex: Vec::with_capacity(tests),
            numbers: Vec::with_capacity(f.number_groups.len()),
            probes: Vec::with_capacity(keys + f.names.len()),
            targets: Vec::with_capacity(keys + f.names.len()),
            ..SentenceKeys::default()
        };
        // Word groups: weighted by their most specific key, passed when any key of the
        // group is among the other sentence's keys.
        for (t, keys) in f.word_groups().enumerate() {
            k.lex
                .push(keys.iter().map(|&key| ctx.weight(key)).fold(0.0, f64::max));
            k.probes.extend(keys.iter().map(|&key| (key, t as u32)));
        }
        k.targets.extend_from_slice(f.group_keys);
        k.targets.extend_from_slice(f.number_keys);
        k.targets.extend(f.names.iter().map(|n| n.skeleton));
        k.targets.sort_unstable();
        k.targets.dedup();
        k.counted = f
            .items
            .iter()
            .filter(|i| matches!(i.kind, KeyKind::Learned | KeyKind::Date))
            .map(|i| (i.key, i.kind == KeyKind::Learned))
            .collect();
        k.learned = learned_sum(&k.counted, ctx);
        k
    }

    /// Numbers: passed when any reading is on the other side; a shared number counts
    /// by its rarity: the year every sentence of a collection repeats says little, a
    /// rare figure much.
    fn add_numbers(&mut self, f: &Features<'_>, ctx: &ScoreContext) {
        let first = self.lex.len() as u32;
        for (n, (keys, &in_date)) in f.number_readings().zip(f.number_in_date).enumerate() {
            let rarity = keys.iter().map(|&k| ctx.weight(k)).fold(0.0, f64::max);
            self.numbers.push((ctx.rarity(rarity), in_date));
            self.probes
                .extend(keys.iter().map(|&k| (k, first + n as u32)));
        }
    }

    /// Sets `lex_total` once `lex` is complete.
    fn total_lex(&mut self) {
        self.lex_total = self.lex.iter().fold(0.0, |sum, &w| sum + w);
    }

    /// The probes: (id looked for, test), sorted.
    pub fn probes(&self) -> &[(u32, u32)] {
        &self.probes
    }

    /// The ids the other language's probes look for, sorted and unique.
    pub fn targets(&self) -> &[u32] {
        &self.targets
    }

    /// How many 64-bit words the pass marks of this sentence's tests take.
    pub fn mark_words(&self) -> usize {
        (self.lex.len() + self.numbers.len() + self.names.len()).div_ceil(64)
    }

    /// Marks (in `marks`, [`SentenceKeys::mark_words`] long) the tests of this
    /// sentence that `other` passes.
    pub fn mark(&self, other: &SentenceKeys, marks: &mut [u64]) {
        let (probes, targets) = (&self.probes, &other.targets);
        let (mut x, mut y) = (0, 0);
        while x < probes.len() && y < targets.len() {
            let (id, t) = probes[x];
            match id.cmp(&targets[y]) {
                std::cmp::Ordering::Less => x += 1,
                std::cmp::Ordering::Greater => y += 1,
                std::cmp::Ordering::Equal => {
                    marks[t as usize / 64] |= 1 << (t % 64);
                    x += 1;
                }
            }
        }
    }
}

/// The weights of the learned keys among `counted`, summed in key order.
fn learned_sum(counted: &[(u32, bool)], ctx: &ScoreContext) -> f64 {
    counted
        .iter()
        .filter(|c| c.1)
        .map(|c| ctx.weight(c.0))
        .sum()
}

impl ScoreContext {
    /// A key's weight; keys the context has not seen weigh 1.
    fn weight(&self, key: u32) -> f64 {
        self.weights.get(key as usize).copied().unwrap_or(1.0) as f64
    }

    /// A weight relative to the rarest possible, at most 1.
    fn rarity(&self, weight: f64) -> f64 {
        (weight / f64::from(self.max_weight.max(1e-6))).min(1.0)
    }
}

/// Reusable space for scoring units: the pass marks of each sentence of both units
/// (sentence `n`'s between `ends[n]` and `ends[n + 1]`), and their counted keys
/// merged.
#[derive(Debug, Default)]
pub struct Scratch {
    ar: Vec<u64>,
    fr: Vec<u64>,
    ar_ends: Vec<usize>,
    fr_ends: Vec<usize>,
    ar_counted: Vec<(u32, bool)>,
    fr_counted: Vec<(u32, bool)>,
}

/// Weighted and counted overlap of two units' keys, by kind.
#[derive(Debug, Clone, Copy, Default)]
struct Overlap {
    lex_ar: f64,
    lex_fr: f64,
    lex_matched_ar: f64,
    lex_matched_fr: f64,
    lex_count: f64,
    learned_ar: f64,
    learned_fr: f64,
    learned_matched: f64,
    num_matched: f64,
    num_unmatched: f64,
    date_matched: f64,
    name_matched: f64,
    name_unmatched: f64,
}

/// Whether test `t` is marked.
fn marked(marks: &[u64], t: usize) -> bool {
    marks[t / 64] >> (t % 64) & 1 == 1
}

/// The counted keys of a unit in key order: one sentence's are borrowed, several
/// are merged into `buf`.
fn counted<'a>(unit: &'a [SentenceKeys], buf: &'a mut Vec<(u32, bool)>) -> &'a [(u32, bool)] {
    if let [one] = unit {
        return &one.counted;
    }
    // Each sentence's keys are sorted: merged, not sorted again (the same order,
    // since equal entries are equal values).
    buf.clear();
    let Some((head, rest)) = unit.split_first() else {
        return buf;
    };
    buf.extend_from_slice(&head.counted);
    for k in rest {
        let (mut x, end) = (0, buf.len());
        for &c in &k.counted {
            while x < end && buf[x] <= c {
                buf.push(buf[x]);
                x += 1;
            }
            buf.push(c);
        }
        buf.extend_from_within(x..end);
        buf.drain(..end);
    }
    buf
}

/// The overlap of two units: each sentence's tests are marked against every sentence
/// of the other unit, then added up in order.
fn overlap(
    (ar, ar_sums): (&[SentenceKeys], &UnitSums<'_>),
    (fr, fr_sums): (&[SentenceKeys], &UnitSums<'_>),
    ctx: &ScoreContext,
    scratch: &mut Scratch,
    pair_marks: PairMarks<'_>,
) -> Overlap {
    let offsets = |unit: &[SentenceKeys], ends: &mut Vec<usize>, marks: &mut Vec<u64>| {
        ends.clear();
        ends.push(0);
        for k in unit {
            ends.push(ends[ends.len() - 1] + k.mark_words());
        }
        marks.clear();
        marks.resize(ends[unit.len()], 0);
    };
    offsets(ar, &mut scratch.ar_ends, &mut scratch.ar);
    offsets(fr, &mut scratch.fr_ends, &mut scratch.fr);
    let (ar_ends, fr_ends) = (&scratch.ar_ends, &scratch.fr_ends);
    for x in 0..ar.len() {
        for y in 0..fr.len() {
            pair_marks(
                x,
                y,
                &mut scratch.ar[ar_ends[x]..ar_ends[x + 1]],
                &mut scratch.fr[fr_ends[y]..fr_ends[y + 1]],
            );
        }
    }
    let mut o = Overlap::default();
    // Word groups: (total weight, matched weight, matched count); numbers:
    // (rarity-weighted matches, numbers unmatched outside dates).
    let sums = |unit: &[SentenceKeys], marks: &[u64], ends: &[usize]| {
        let (mut matched, mut count) = (0.0, 0.0);
        let (mut num_matched, mut num_unmatched) = (0.0, 0.0);
        for (n, k) in unit.iter().enumerate() {
            let marks = &marks[ends[n]..ends[n + 1]];
            // The sums run in test order as one loop over every test would: the
            // matched tests only (the total is the unit's, summed in the same order).
            for (w, &bits) in marks.iter().enumerate() {
                let mut bits = bits;
                while bits != 0 {
                    let t = w * 64 + bits.trailing_zeros() as usize;
                    if t >= k.lex.len() {
                        break;
                    }
                    matched += k.lex[t];
                    count += 1.0;
                    bits &= bits - 1;
                }
            }
            for (t, &(rarity, in_date)) in k.numbers.iter().enumerate() {
                if marked(marks, k.lex.len() + t) {
                    num_matched += rarity;
                } else if !in_date {
                    num_unmatched += 1.0;
                }
            }
        }
        (matched, count, num_matched, num_unmatched)
    };
    let (matched_ar, _, num_matched_ar, unmatched_ar) = sums(ar, &scratch.ar, ar_ends);
    let (matched_fr, count_fr, num_matched_fr, unmatched_fr) = sums(fr, &scratch.fr, fr_ends);
    o.lex_ar = ar_sums.lex;
    o.lex_fr = fr_sums.lex;
    o.lex_matched_ar = matched_ar;
    o.lex_matched_fr = matched_fr;
    o.lex_count = count_fr;
    o.num_matched = f64::min(num_matched_ar, num_matched_fr);
    o.num_unmatched = unmatched_ar + unmatched_fr;
    // The French names matched by some Arabic name, each at its rarest matched
    // reading; the readings of one name (same span) count once.
    for (n, k) in fr.iter().enumerate() {
        let marks = &scratch.fr[fr_ends[n]..fr_ends[n + 1]];
        let first = k.lex.len() + k.numbers.len();
        let mut hit: Option<f64> = None;
        for (r, &(rarity, last)) in k.names.iter().enumerate() {
            if marked(marks, first + r) {
                hit = Some(hit.map_or(rarity, |h| h.max(rarity)));
            }
            if last {
                match hit.take() {
                    Some(rarity) => o.name_matched += rarity,
                    None => o.name_unmatched += 1.0,
                }
            }
        }
    }
    // Learned and date keys: merge join over sorted keys; each occurrence matches at
    // most one on the other side.
    let (a, b) = (ar_sums.counted, fr_sums.counted);
    o.learned_ar = ar_sums.learned;
    o.learned_fr = fr_sums.learned;
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        let (ka, kb) = (a[x].0, b[y].0);
        if ka < kb {
            x += 1;
        } else if kb < ka {
            y += 1;
        } else {
            let learned = a[x].1;
            let (mut ca, mut cb) = (0, 0);
            while x < a.len() && a[x].0 == ka {
                ca += 1;
                x += 1;
            }
            while y < b.len() && b[y].0 == kb {
                cb += 1;
                y += 1;
            }
            let m = ca.min(cb) as f64;
            if learned {
                o.learned_matched += m * ctx.weight(ka);
            } else {
                o.date_matched += m;
            }
        }
    }
    o
}

/// Marks, for the `x`-th Arabic and `y`-th French sentence of two units, the tests of
/// each that the other passes (into the two slices given, by OR).
pub type PairMarks<'a> = &'a dyn Fn(usize, usize, &mut [u64], &mut [u64]);

/// The features of the pair (Arabic unit `ar`, French unit `fr`, each one to three
/// sentences readied with [`SentenceKeys::arabic`] and [`SentenceKeys::french`]).
pub fn unit_features(
    ar: &[SentenceKeys],
    fr: &[SentenceKeys],
    ctx: &ScoreContext,
    model: &Model,
    scratch: &mut Scratch,
) -> PairFeatures {
    let marks = |x: usize, y: usize, ar_marks: &mut [u64], fr_marks: &mut [u64]| {
        ar[x].mark(&fr[y], ar_marks);
        fr[y].mark(&ar[x], fr_marks);
    };
    unit_features_marked(ar, fr, ctx, model, scratch, &marks)
}

/// [`unit_features`] with the marks of each sentence pair given by `pair_marks`, for
/// callers that compute them once for the many units sharing a pair.
pub fn unit_features_marked(
    ar: &[SentenceKeys],
    fr: &[SentenceKeys],
    ctx: &ScoreContext,
    model: &Model,
    scratch: &mut Scratch,
    pair_marks: PairMarks<'_>,
) -> PairFeatures {
    let (mut ar_buf, mut fr_buf) = (
        std::mem::take(&mut scratch.ar_counted),
        std::mem::take(&mut scratch.fr_counted),
    );
    let features = unit_features_summed(
        (ar, &UnitSums::new(ar, ctx, &mut ar_buf)),
        (fr, &UnitSums::new(fr, ctx, &mut fr_buf)),
        ctx,
        model,
        scratch,
        pair_marks,
    );
    (scratch.ar_counted, scratch.fr_counted) = (ar_buf, fr_buf);
    features
}

/// What one side of a pair's features takes from its unit alone, summed once for
/// the many pairs a unit is in: the word-group and learned weights (in the order
/// [`unit_features`] adds them up), the sizes, and the counted keys in key order.
#[derive(Debug, Clone, Copy)]
pub struct UnitSums<'a> {
    lex: f64,
    learned: f64,
    chars: u32,
    words: u32,
    counted: &'a [(u32, bool)],
}

impl<'a> UnitSums<'a> {
    /// The sums of `unit` (its counted keys merged into `buf` if it has several
    /// sentences).
    pub fn new(
        unit: &'a [SentenceKeys],
        ctx: &ScoreContext,
        buf: &'a mut Vec<(u32, bool)>,
    ) -> UnitSums<'a> {
        let mut lex = unit.first().map_or(0.0, |k| k.lex_total);
        for k in unit.iter().skip(1) {
            for &weight in &k.lex {
                lex += weight;
            }
        }
        let counted = counted(unit, buf);
        UnitSums {
            lex,
            learned: match unit {
                [one] => one.learned,
                _ => learned_sum(counted, ctx),
            },
            chars: unit.iter().map(|f| f.chars).sum(),
            words: unit.iter().map(|f| f.words).sum(),
            counted,
        }
    }
}

/// The [`UnitSums`] of the units of one to three sentences ending at each position
/// of some readied sentences, for an aligner that scores each unit against many.
#[derive(Debug, Default)]
pub struct Units<'a> {
    keys: &'a [SentenceKeys],
    /// For each end position (0..=keys.len()) and length less one: the unit's sums.
    sums: Vec<[UnitEntry; 3]>,
    /// The merged counted keys of the units of several sentences (a single
    /// sentence's are its own).
    counted: Vec<(u32, bool)>,
}

/// One unit's [`UnitSums`] in [`Units`], its counted keys as a range of `counted`.
#[derive(Debug, Clone, Copy, Default)]
struct UnitEntry {
    lex: f64,
    learned: f64,
    chars: u32,
    words: u32,
    counted: (u32, u32),
}

impl<'a> Units<'a> {
    /// Sums the units of `keys`.
    pub fn new(keys: &'a [SentenceKeys], ctx: &ScoreContext) -> Units<'a> {
        let mut counted = Vec::new();
        let mut buf = Vec::new();
        let sums = (0..=keys.len())
            .map(|end| {
                std::array::from_fn(|l| {
                    let Some(start) = end.checked_sub(l + 1) else {
                        return UnitEntry::default();
                    };
                    let u = UnitSums::new(&keys[start..end], ctx, &mut buf);
                    let from = counted.len() as u32;
                    if l > 0 {
                        counted.extend_from_slice(u.counted);
                    }
                    UnitEntry {
                        lex: u.lex,
                        learned: u.learned,
                        chars: u.chars,
                        words: u.words,
                        counted: (from, counted.len() as u32),
                    }
                })
            })
            .collect();
        Units {
            keys,
            sums,
            counted,
        }
    }

    /// The sentences `start..end` and their sums (at most three sentences).
    pub fn get(&self, start: usize, end: usize) -> (&'a [SentenceKeys], UnitSums<'_>) {
        let unit = &self.keys[start..end];
        let e = self.sums[end][end - start - 1];
        let counted = match unit {
            [one] => &one.counted[..],
            _ => &self.counted[e.counted.0 as usize..e.counted.1 as usize],
        };
        (
            unit,
            UnitSums {
                lex: e.lex,
                learned: e.learned,
                chars: e.chars,
                words: e.words,
                counted,
            },
        )
    }
}

/// [`unit_features_marked`] with each unit's [`UnitSums`] given.
pub fn unit_features_summed(
    (ar, ar_sums): (&[SentenceKeys], &UnitSums<'_>),
    (fr, fr_sums): (&[SentenceKeys], &UnitSums<'_>),
    ctx: &ScoreContext,
    model: &Model,
    scratch: &mut Scratch,
    pair_marks: PairMarks<'_>,
) -> PairFeatures {
    let o = overlap((ar, ar_sums), (fr, fr_sums), ctx, scratch, pair_marks);
    let dice = |m: f64, a: f64, b: f64| if a + b > 0.0 { 2.0 * m / (a + b) } else { 0.0 };
    let cov_min = if o.lex_ar > 0.0 && o.lex_fr > 0.0 {
        (o.lex_matched_ar / o.lex_ar).min(o.lex_matched_fr / o.lex_fr)
    } else {
        0.0
    };
    let (chars_ar, chars_fr) = (ar_sums.chars, fr_sums.chars);
    let ratio = ((chars_fr as f64 + 1.0) / (chars_ar as f64 + 1.0)).ln();
    let dev = (ratio - model.len_mu) / model.len_sigma.max(1e-3);
    let (words_ar, words_fr) = (ar_sums.words, fr_sums.words);
    let shape = ar.len() + fr.len();
    PairFeatures([
        1.0,
        if o.lex_ar + o.lex_fr > 0.0 {
            (o.lex_matched_ar + o.lex_matched_fr) / (o.lex_ar + o.lex_fr)
        } else {
            0.0
        },
        cov_min,
        (1.0 + o.lex_count).ln(),
        dice(o.learned_matched, o.learned_ar, o.learned_fr),
        o.num_matched.min(4.0),
        o.num_unmatched.min(6.0),
        o.date_matched.min(3.0),
        o.name_matched.min(4.0),
        o.name_unmatched.min(6.0),
        (dev * dev).min(25.0),
        f64::from(shape == 3),
        f64::from(shape >= 4),
        f64::from(words_ar.min(words_fr) < 3),
    ])
}

/// The features of the pair (Arabic unit `ar`, French unit `fr`), readying the
/// sentences on the way; aligners that score a sentence many times ready it once and
/// call [`unit_features`].
pub fn pair_features(
    ar: Sentences<'_>,
    fr: Sentences<'_>,
    ctx: &ScoreContext,
    model: &Model,
) -> PairFeatures {
    let ar: Vec<SentenceKeys> = ar.iter().map(|f| SentenceKeys::arabic(&f, ctx)).collect();
    let fr: Vec<SentenceKeys> = fr.iter().map(|f| SentenceKeys::french(&f, ctx)).collect();
    unit_features(&ar, &fr, ctx, model, &mut Scratch::default())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::anchor::lexicon::Lexicon;
    use crate::features::Extractor;

    /// Features of Arabic and French sentences in one key space, and their context.
    fn setup(ar: &[&str], fr: &[&str]) -> (FeatureStore, FeatureStore, ScoreContext) {
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let a: FeatureStore = ar.iter().map(|t| x.extract(t, Lang::Ar)).collect();
        let f: FeatureStore = fr.iter().map(|t| x.extract(t, Lang::Fr)).collect();
        let ctx = ScoreContext::build(&[&a], &[&f], &x.interner, 0.75);
        (a, f, ctx)
    }

    /// The features of the pair (sentence `i` of `a`, sentence `j` of `f`).
    fn features(
        a: &FeatureStore,
        i: usize,
        f: &FeatureStore,
        j: usize,
        ctx: &ScoreContext,
    ) -> PairFeatures {
        let (a, f) = (a.sentences().slice(i..i + 1), f.sentences().slice(j..j + 1));
        pair_features(a, f, ctx, &Model::builtin())
    }

    /// The sums of one loop over every test of `unit` (its sentences numbered from
    /// `first`), in order, a test passed when `mark(test, sentence, other)` holds for
    /// any sentence of `others`: (total, matched, count, numbers matched, unmatched).
    fn plain_sums(
        unit: &[SentenceKeys],
        first: usize,
        others: std::ops::Range<usize>,
        mark: impl Fn(usize, usize, usize) -> bool,
    ) -> (f64, f64, f64, f64, f64) {
        let (mut total, mut matched, mut count) = (0.0, 0.0, 0.0);
        let (mut num_matched, mut num_unmatched) = (0.0, 0.0);
        for (n, k) in unit.iter().enumerate() {
            let passed = |t: usize| others.clone().any(|o| mark(t, first + n, o));
            for (t, &w) in k.lex.iter().enumerate() {
                total += w;
                if passed(t) {
                    matched += w;
                    count += 1.0;
                }
            }
            for (t, &(rarity, in_date)) in k.numbers.iter().enumerate() {
                if passed(k.lex.len() + t) {
                    num_matched += rarity;
                } else if !in_date {
                    num_unmatched += 1.0;
                }
            }
        }
        (total, matched, count, num_matched, num_unmatched)
    }

    #[test]
    fn unit_sums_are_those_of_one_loop_over_every_test() {
        // Weights whose sums depend on the order, and more than 64 tests.
        let keys = |lex: usize, numbers: usize, seed: usize| {
            let mut k = SentenceKeys {
                lex: (0..lex)
                    .map(|t| 0.1 + ((t * 7 + seed) as f64).sqrt() / 3.0)
                    .collect(),
                numbers: (0..numbers)
                    .map(|t| (1.0 / (t + seed + 2) as f64, t % 2 == 0))
                    .collect(),
                ..SentenceKeys::default()
            };
            k.total_lex();
            k
        };
        let ar = [keys(70, 2, 1), keys(5, 0, 2), keys(0, 3, 3)];
        let fr = [keys(9, 1, 4), keys(130, 0, 5), keys(1, 0, 6)];
        // Arbitrary marks of each Arabic sentence against each French one, and back.
        let ar_bit = |t: usize, a: usize, f: usize| (t * 7 + a * 3 + f).is_multiple_of(5);
        let fr_bit = |t: usize, f: usize, a: usize| (t * 3 + f * 5 + a).is_multiple_of(4);
        let (ctx, mut scratch) = (ScoreContext::default(), Scratch::default());
        for (u, v) in [
            (0..3, 0..3),
            (0..1, 1..3),
            (1..3, 2..3),
            (2..3, 0..2),
            (1..2, 1..2),
        ] {
            let marks = |x: usize, y: usize, am: &mut [u64], fm: &mut [u64]| {
                let (a, f) = (u.start + x, v.start + y);
                for t in 0..am.len() * 64 {
                    am[t / 64] |= u64::from(ar_bit(t, a, f)) << (t % 64);
                }
                for t in 0..fm.len() * 64 {
                    fm[t / 64] |= u64::from(fr_bit(t, f, a)) << (t % 64);
                }
            };
            let (ua, uf) = (&ar[u.clone()], &fr[v.clone()]);
            let (mut ab, mut fb) = (Vec::new(), Vec::new());
            let sums = (
                UnitSums::new(ua, &ctx, &mut ab),
                UnitSums::new(uf, &ctx, &mut fb),
            );
            let o = overlap((ua, &sums.0), (uf, &sums.1), &ctx, &mut scratch, &marks);
            let a = plain_sums(&ar[u.clone()], u.start, v.clone(), ar_bit);
            let f = plain_sums(&fr[v.clone()], v.start, u.clone(), fr_bit);
            let got = [
                o.lex_ar,
                o.lex_matched_ar,
                o.lex_fr,
                o.lex_matched_fr,
                o.lex_count,
            ];
            assert_eq!(got, [a.0, a.1, f.0, f.1, f.2], "{u:?} {v:?}");
            if u == (0..3) {
                // Some tests passed, not all.
                assert!(a.1 > 0.0 && a.1 < a.0 && f.1 > 0.0 && f.1 < f.0);
            }
            assert_eq!(o.num_matched, f64::min(a.3, f.3), "{u:?} {v:?}");
            assert_eq!(o.num_unmatched, a.4 + f.4, "{u:?} {v:?}");
        }
    }

    #[test]
    fn counted_keys_of_a_unit_merge_into_the_sorted_union() {
        let keys = |counted: &[(u32, bool)]| SentenceKeys {
            counted: counted.to_vec(),
            ..SentenceKeys::default()
        };
        let unit = [
            keys(&[(2, true), (5, false), (5, false), (9, true)]),
            keys(&[]),
            keys(&[(1, true), (5, false), (9, true), (12, true)]),
            keys(&[(0, false), (13, true)]),
        ];
        for n in 0..=unit.len() {
            for start in 0..n {
                let mut all: Vec<(u32, bool)> = unit[start..n]
                    .iter()
                    .flat_map(|k| k.counted.iter().copied())
                    .collect();
                all.sort_unstable();
                let mut buf = vec![(7, true)];
                assert_eq!(counted(&unit[start..n], &mut buf), &all[..]);
            }
        }
    }

    #[test]
    fn a_rare_name_counts_more_than_one_every_sentence_repeats() {
        let ar = [
            "زار حموشي الدوحة واستقبله جاسم",
            "قال حموشي إن التعاون مستمر",
            "أكد حموشي أهمية الأمن",
            "حموشي في قطر",
        ];
        let fr = [
            "Hammouchi a été reçu par Jassim",
            "Hammouchi a salué la coopération",
            "Hammouchi a parlé de sécurité",
            "Hammouchi au Qatar",
        ];
        let (a, f, ctx) = setup(&ar, &fr);
        let both = features(&a, 0, &f, 0, &ctx).0[8];
        let common_only = features(&a, 1, &f, 1, &ctx).0[8];
        assert!(common_only > 0.0, "Hammouchi matches");
        assert!(
            both > common_only + 0.5,
            "the rare name Jassim adds much: {both} vs {common_only}"
        );
    }

    #[test]
    fn matched_names_count_as_translated_words_on_both_sides() {
        let (a, f, ctx) = setup(
            &["استقبل سعد بن جاسم الخليفي الوزير", "استقبل الوزير الضيوف"],
            &[
                "Saad bin Jassim Al-Khulaifi a reçu le ministre",
                "Le ministre a reçu les invités",
            ],
        );
        let with_names = features(&a, 0, &f, 0, &ctx);
        let crossed = features(&a, 0, &f, 1, &ctx);
        // Lexical Dice and the smaller coverage see the names as shared words.
        assert!(with_names.0[1] > 0.8, "{:?}", with_names.0);
        assert!(with_names.0[2] > 0.8, "{:?}", with_names.0);
        assert!(
            crossed.0[2] < 0.5,
            "unmatched names lower coverage: {:?}",
            crossed.0
        );
    }

    #[test]
    fn numbers_of_an_unmatched_date_are_not_counted_twice() {
        let (a, f, ctx) = setup(
            &["استقبل الوزير الوفد", "استقبل الوزير 300 شرطي"],
            &["Le ministre a reçu, mercredi 25 mai 2022, la délégation"],
        );
        assert_eq!(features(&a, 0, &f, 0, &ctx).0[6], 0.0);
        // A lone number with no counterpart is still held against the pair.
        assert_eq!(features(&a, 1, &f, 0, &ctx).0[6], 1.0);
    }
}
