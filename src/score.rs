//! Pair scores from features: how likely an Arabic unit (one or more contiguous
//! sentences) and a French unit say the same thing.
//!
//! A pair becomes a small feature vector ([`PairFeatures`]): weighted overlap of the
//! lexicon concepts, numbers, dates, Latin tokens and learned stems the two sides
//! share, names matched across scripts, and how far the length ratio is from the
//! Arabic–French norm. A logistic [`Model`] fitted on the development data turns it
//! into a probability, so `score` reads as the chance that the pair is right.

use crate::anchor::entities;
use crate::features::{Interner, Item, KeyKind, SentenceFeatures};
use rayon::prelude::*;
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
        ar: &[&SentenceFeatures],
        fr: &[&SentenceFeatures],
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
    pub fn update_weights(
        &mut self,
        ar: &[&SentenceFeatures],
        fr: &[&SentenceFeatures],
        n_keys: usize,
    ) {
        let mut df = vec![0u32; n_keys];
        let mut names: Vec<u32> = Vec::new();
        for f in ar.iter().chain(fr.iter()) {
            let mut last = u32::MAX;
            for item in &f.items {
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
        let n = (ar.len() + fr.len()).max(1) as f32;
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
    ar: &[&SentenceFeatures],
    fr: &[&SentenceFeatures],
    interner: &Interner,
    name_threshold: f64,
) -> HashMap<u32, Vec<u32>> {
    let skeleton = |id: u32| interner.name(id).trim_start_matches("e:");
    let distinct = |side: &[&SentenceFeatures]| {
        let mut ids: Vec<u32> = side
            .iter()
            .flat_map(|f| f.names.iter().map(|n| n.skeleton))
            .collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    };
    let mut by_block: HashMap<String, Vec<u32>> = HashMap::new();
    for id in distinct(ar) {
        for key in entities::blocking_keys(skeleton(id)) {
            by_block.entry(key).or_default().push(id);
        }
    }
    let fr_names = distinct(fr);
    let links: Vec<(u32, Vec<u32>)> = fr_names
        .par_iter()
        .filter_map(|&id| {
            let mut candidates: Vec<u32> = entities::blocking_keys(skeleton(id))
                .iter()
                .filter_map(|k| by_block.get(k))
                .flatten()
                .copied()
                .collect();
            candidates.sort_unstable();
            candidates.dedup();
            candidates
                .retain(|&a| entities::similarity(skeleton(a), skeleton(id)) >= name_threshold);
            (!candidates.is_empty()).then_some((id, candidates))
        })
        .collect();
    links.into_iter().collect()
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
}

/// The items of a unit sorted by key; one sentence's are already sorted and are
/// borrowed (no allocation per call in the aligners' inner loops).
fn merged_items(unit: &[SentenceFeatures]) -> std::borrow::Cow<'_, [Item]> {
    if let [one] = unit {
        return std::borrow::Cow::Borrowed(&one.items[..]);
    }
    let mut v: Vec<Item> = unit.iter().flat_map(|f| f.items.iter().copied()).collect();
    v.sort_unstable_by_key(|i| i.key);
    std::borrow::Cow::Owned(v)
}

/// Computes the overlap of the items of two units, each given as sorted item lists.
fn overlap(ar: &[SentenceFeatures], fr: &[SentenceFeatures], ctx: &ScoreContext) -> Overlap {
    let (a, b) = (merged_items(ar), merged_items(fr));
    let mut o = Overlap::default();
    let w = |k: u32| ctx.weights.get(k as usize).copied().unwrap_or(1.0) as f64;
    o.learned_ar = a
        .iter()
        .filter(|i| i.kind == KeyKind::Learned)
        .map(|i| w(i.key))
        .sum();
    o.learned_fr = b
        .iter()
        .filter(|i| i.kind == KeyKind::Learned)
        .map(|i| w(i.key))
        .sum();
    // Word groups: weighted by their most specific key, matched when any key of the
    // group is among the other unit's keys.
    // A French word inside a name that matches an Arabic name of the other unit is
    // translated too (transliterated): `Jassim` has no key an Arabic word shares.
    let names_linked = |f: &SentenceFeatures, span: (u32, u32), other: &[SentenceFeatures]| {
        f.names.iter().any(|n| {
            n.start <= span.0
                && span.1 <= n.end
                && ctx.name_links.get(&n.skeleton).is_some_and(|links| {
                    other.iter().any(|o| {
                        o.names
                            .iter()
                            .any(|m| links.binary_search(&m.skeleton).is_ok())
                    })
                })
        })
    };
    let groups = |unit: &[SentenceFeatures], other: &[SentenceFeatures], french: bool| {
        let (mut total, mut matched, mut count) = (0.0, 0.0, 0.0);
        for f in unit {
            for (&(s, e), &span) in f.groups.iter().zip(&f.group_spans) {
                let keys = &f.group_keys[s as usize..e as usize];
                let weight = keys.iter().map(|&k| w(k)).fold(0.0, f64::max);
                total += weight;
                if keys
                    .iter()
                    .any(|k| other.iter().any(|o| o.keyset.binary_search(k).is_ok()))
                    || (french && names_linked(f, span, other))
                {
                    matched += weight;
                    count += 1.0;
                }
            }
            if french {
                continue;
            }
            // Arabic names outside the lexicon are content words too, translated when
            // they match a French name of the other unit (French names are always
            // groups: capitalized words carry Latin keys). One group per span, at its
            // rarest reading.
            let mut n = 0;
            while n < f.names.len() {
                let span = (f.names[n].start, f.names[n].end);
                let (mut weight, mut hit) = (0.0f64, false);
                while n < f.names.len() && (f.names[n].start, f.names[n].end) == span {
                    let skeleton = f.names[n].skeleton;
                    weight = weight.max(w(skeleton));
                    hit = hit
                        || ctx.ar_name_links.get(&skeleton).is_some_and(|links| {
                            other.iter().any(|o| {
                                o.names
                                    .iter()
                                    .any(|m| links.binary_search(&m.skeleton).is_ok())
                            })
                        });
                    n += 1;
                }
                if f.group_spans.iter().any(|g| g.0 < span.1 && span.0 < g.1) {
                    continue;
                }
                total += weight;
                if hit {
                    matched += weight;
                    count += 1.0;
                }
            }
        }
        (total, matched, count)
    };
    let (lex_ar, matched_ar, _) = groups(ar, fr, false);
    let (lex_fr, matched_fr, count_fr) = groups(fr, ar, true);
    o.lex_ar = lex_ar;
    o.lex_fr = lex_fr;
    o.lex_matched_ar = matched_ar;
    o.lex_matched_fr = matched_fr;
    o.lex_count = count_fr;
    // Numbers: a number is matched when any of its readings is on the other side.
    // A shared number counts by its rarity (idf relative to the rarest possible): the
    // year every sentence of a collection repeats says little, a rare figure much.
    // Returns (rarity-weighted matches, numbers unmatched).
    let numbers = |unit: &[SentenceFeatures], other: &[SentenceFeatures]| {
        let (mut matched, mut unmatched) = (0.0, 0.0);
        for f in unit {
            for (&(s, e), &in_date) in f.number_groups.iter().zip(&f.number_in_date) {
                let keys = &f.number_keys[s as usize..e as usize];
                let found = keys.iter().any(|k| {
                    other
                        .iter()
                        .any(|o| o.number_keyset.binary_search(k).is_ok())
                });
                if found {
                    let rarity = keys.iter().map(|&k| w(k)).fold(0.0, f64::max);
                    matched += (rarity / f64::from(ctx.max_weight.max(1e-6))).min(1.0);
                } else if !in_date {
                    unmatched += 1.0;
                }
            }
        }
        (matched, unmatched)
    };
    let (num_matched_ar, unmatched_ar) = numbers(ar, fr);
    let (num_matched_fr, unmatched_fr) = numbers(fr, ar);
    o.num_matched = f64::min(num_matched_ar, num_matched_fr);
    o.num_unmatched = unmatched_ar + unmatched_fr;
    // Merge join over sorted keys; each occurrence matches at most one on the other side.
    let (mut x, mut y) = (0, 0);
    while x < a.len() && y < b.len() {
        let (ka, kb) = (a[x].key, b[y].key);
        if ka < kb {
            x += 1;
        } else if kb < ka {
            y += 1;
        } else {
            let kind = a[x].kind;
            let (mut ca, mut cb) = (0, 0);
            while x < a.len() && a[x].key == ka {
                ca += 1;
                x += 1;
            }
            while y < b.len() && b[y].key == kb {
                cb += 1;
                y += 1;
            }
            let m = ca.min(cb) as f64;
            match kind {
                KeyKind::Learned => o.learned_matched += m * w(ka),
                KeyKind::Date => o.date_matched += m,
                _ => {}
            }
        }
    }
    o
}

/// The French names of the unit matched by some Arabic name, each counted by its
/// rarity (idf relative to the rarest possible, as numbers are), and the count of
/// those not matched; the readings of one name (same span) count once, at the
/// rarest matched reading.
fn name_overlap(
    ar: &[SentenceFeatures],
    fr: &[SentenceFeatures],
    ctx: &ScoreContext,
) -> (f64, f64) {
    let (mut matched, mut unmatched) = (0.0, 0.0);
    for f in fr {
        let mut n = 0;
        while n < f.names.len() {
            let span = (f.names[n].start, f.names[n].end);
            let mut hit: Option<f64> = None;
            while n < f.names.len() && (f.names[n].start, f.names[n].end) == span {
                let skeleton = f.names[n].skeleton;
                let linked = ctx.name_links.get(&skeleton).is_some_and(|links| {
                    ar.iter().any(|a| {
                        a.names
                            .iter()
                            .any(|m| links.binary_search(&m.skeleton).is_ok())
                    })
                });
                if linked {
                    let w = ctx.weights.get(skeleton as usize).copied().unwrap_or(1.0);
                    let rarity = (f64::from(w) / f64::from(ctx.max_weight.max(1e-6))).min(1.0);
                    hit = Some(hit.map_or(rarity, |h| h.max(rarity)));
                }
                n += 1;
            }
            if let Some(rarity) = hit {
                matched += rarity;
            } else {
                unmatched += 1.0;
            }
        }
    }
    (matched, unmatched)
}

/// The features of the pair (Arabic unit `ar`, French unit `fr`).
pub fn pair_features(
    ar: &[SentenceFeatures],
    fr: &[SentenceFeatures],
    ctx: &ScoreContext,
    model: &Model,
) -> PairFeatures {
    let o = overlap(ar, fr, ctx);
    let (name_match, name_unmatched) = name_overlap(ar, fr, ctx);
    let dice = |m: f64, a: f64, b: f64| if a + b > 0.0 { 2.0 * m / (a + b) } else { 0.0 };
    let cov_min = if o.lex_ar > 0.0 && o.lex_fr > 0.0 {
        (o.lex_matched_ar / o.lex_ar).min(o.lex_matched_fr / o.lex_fr)
    } else {
        0.0
    };
    let chars_ar: u32 = ar.iter().map(|f| f.chars).sum();
    let chars_fr: u32 = fr.iter().map(|f| f.chars).sum();
    let ratio = ((chars_fr as f64 + 1.0) / (chars_ar as f64 + 1.0)).ln();
    let dev = (ratio - model.len_mu) / model.len_sigma.max(1e-3);
    let words_ar: u32 = ar.iter().map(|f| f.words).sum();
    let words_fr: u32 = fr.iter().map(|f| f.words).sum();
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
        name_match.min(4.0),
        name_unmatched.min(6.0),
        (dev * dev).min(25.0),
        f64::from(shape == 3),
        f64::from(shape >= 4),
        f64::from(words_ar.min(words_fr) < 3),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::anchor::lexicon::Lexicon;
    use crate::features::Extractor;

    /// Features of Arabic and French sentences in one key space, and their context.
    fn setup(
        ar: &[&str],
        fr: &[&str],
    ) -> (Vec<SentenceFeatures>, Vec<SentenceFeatures>, ScoreContext) {
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let a: Vec<SentenceFeatures> = ar.iter().map(|t| x.extract(t, Lang::Ar)).collect();
        let f: Vec<SentenceFeatures> = fr.iter().map(|t| x.extract(t, Lang::Fr)).collect();
        let ctx = ScoreContext::build(
            &a.iter().collect::<Vec<_>>(),
            &f.iter().collect::<Vec<_>>(),
            &x.interner,
            0.75,
        );
        (a, f, ctx)
    }

    fn features(a: &SentenceFeatures, f: &SentenceFeatures, ctx: &ScoreContext) -> PairFeatures {
        pair_features(
            std::slice::from_ref(a),
            std::slice::from_ref(f),
            ctx,
            &Model::builtin(),
        )
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
        let both = features(&a[0], &f[0], &ctx).0[8];
        let common_only = features(&a[1], &f[1], &ctx).0[8];
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
        let with_names = features(&a[0], &f[0], &ctx);
        let crossed = features(&a[0], &f[1], &ctx);
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
        assert_eq!(features(&a[0], &f[0], &ctx).0[6], 0.0);
        // A lone number with no counterpart is still held against the pair.
        assert_eq!(features(&a[1], &f[0], &ctx).0[6], 1.0);
    }
}
