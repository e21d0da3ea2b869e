//! Comparable alignment: mining the pairs that say the same thing from documents that
//! only partly overlap.
//!
//! 1. Candidates: an inverted index from the French sentences' keys (concepts,
//!    numbers, dates, Latin tokens, learned links, names) gives, for each Arabic
//!    sentence, the French sentences sharing the most weighted evidence — never every
//!    pair of the collection. Keys too common to discriminate are not indexed.
//! 2. Each Arabic sentence's top candidates are scored with the full model.
//! 3. Merges: each plausible candidate grows by neighbouring sentences on either side
//!    while that raises the score, for when one side says in one sentence what the
//!    other says in two or three.
//! 4. Margin: a pair's log-odds is compared with the best alternatives of both of its
//!    sentences (Artetxe & Schwenk's margin, on log-odds).
//! 5. Competitive linking: best first, a pair is kept when its score passes the
//!    threshold and none of its sentences is taken in that document pair.

use crate::features::{FeatureStore, Features};
use crate::score::{Model, ScoreContext, Scratch, SentenceKeys, sigmoid, unit_features};
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// Settings of the miner.
#[derive(Debug, Clone, Copy)]
pub struct MineSettings {
    /// Candidates per Arabic sentence scored with the full model.
    pub top_k: usize,
    /// Weight of the margin: the score is logit − margin × (mean of the best
    /// alternatives' logits, floored at the model's skip value).
    pub margin: f64,
    /// Lowest final probability kept.
    pub threshold: f64,
    /// Least gain in log-odds for growing a unit by a neighbouring sentence.
    pub merge_gain: f64,
    /// 1-1 candidates below this probability are not grown (they cost, rarely win).
    pub grow_floor: f64,
    /// Fewest words a unit needs on each side (boilerplate never pairs).
    pub min_words: u32,
    /// Platt scaling `(a, b)` from margin-adjusted log-odds to probability.
    pub calibration: (f64, f64),
}

impl MineSettings {
    /// The settings the model was tuned with.
    pub fn from_model(model: &Model) -> MineSettings {
        MineSettings {
            top_k: 10,
            margin: model.comparable_margin,
            threshold: model.comparable_threshold,
            merge_gain: 0.3,
            grow_floor: 0.01,
            min_words: 2,
            calibration: model.comparable_calibration.unwrap_or((1.0, 0.0)),
        }
    }
}

/// A mined pair: sentences of one Arabic and one French document.
#[derive(Debug, Clone, PartialEq)]
pub struct Mined {
    /// Index of the Arabic document in the input order.
    pub ar_doc: usize,
    /// Arabic sentence indices.
    pub ar: Range<usize>,
    /// Index of the French document.
    pub fr_doc: usize,
    /// French sentence indices.
    pub fr: Range<usize>,
    /// Final probability.
    pub score: f64,
}

/// A scored candidate: the 1-1 pair it grew from (global sentence numbers) and the
/// unit it grew to (indices in its documents).
#[derive(Debug, Clone)]
struct Candidate {
    ar: usize,
    fr: usize,
    ar_unit: Range<usize>,
    fr_unit: Range<usize>,
    logit: f64,
}

/// One document as the miner sees it.
#[derive(Debug, Clone, Copy)]
pub struct DocView<'a> {
    /// Its sentences' features.
    pub sentences: &'a FeatureStore,
    /// True for running text, where neighbouring sentences continue each other and
    /// may together say what one sentence of the other side says; false for sentence
    /// pools (BUCC style), whose neighbours are unrelated.
    pub running_text: bool,
}

/// A sentence's place: (document, index in the document).
pub type Place = (usize, usize);

/// The candidates the miner scores: for each Arabic sentence (document, index), the
/// French sentences (document, index) the index retrieves for it. Used to fit the
/// mining weights on the same candidates the miner sees.
pub fn candidate_pairs(
    ar_views: &[DocView<'_>],
    fr_views: &[DocView<'_>],
    ctx: &ScoreContext,
    settings: &MineSettings,
) -> Vec<(Place, Vec<Place>)> {
    let fr_at: Vec<(usize, usize)> = fr_views
        .iter()
        .enumerate()
        .flat_map(|(d, v)| (0..v.sentences.len()).map(move |i| (d, i)))
        .collect();
    let index = FrenchIndex::build(fr_at.len(), |g| {
        fr_views[fr_at[g].0].sentences.get(fr_at[g].1)
    });
    let mut out = Vec::new();
    for (d, v) in ar_views.iter().enumerate() {
        for (i, f) in v.sentences.iter().enumerate() {
            let found = index
                .lookup(&f, ctx, settings.top_k)
                .into_iter()
                .map(|g| fr_at[g])
                .collect();
            out.push(((d, i), found));
        }
    }
    out
}

/// Mines the pairs of a collection of Arabic and French documents.
pub fn mine(
    ar_views: &[DocView<'_>],
    fr_views: &[DocView<'_>],
    ctx: &ScoreContext,
    model: &Model,
    settings: &MineSettings,
) -> Vec<Mined> {
    let ar_docs: Vec<&FeatureStore> = ar_views.iter().map(|d| d.sentences).collect();
    let fr_docs: Vec<&FeatureStore> = fr_views.iter().map(|d| d.sentences).collect();
    let (ar_docs, fr_docs) = (&ar_docs[..], &fr_docs[..]);
    // Global sentence numbering: (document, index) for each side.
    let ar_at: Vec<(usize, usize)> = ar_docs
        .iter()
        .enumerate()
        .flat_map(|(d, s)| (0..s.len()).map(move |i| (d, i)))
        .collect();
    let fr_at: Vec<(usize, usize)> = fr_docs
        .iter()
        .enumerate()
        .flat_map(|(d, s)| (0..s.len()).map(move |i| (d, i)))
        .collect();
    let ar_sent = |g: usize| ar_docs[ar_at[g].0].get(ar_at[g].1);
    let fr_sent = |g: usize| fr_docs[fr_at[g].0].get(fr_at[g].1);
    // Every sentence readied for scoring once; each thread scores with its own scratch.
    let ready = |docs: &[&FeatureStore], keys: fn(&Features<'_>, &ScoreContext) -> SentenceKeys| {
        docs.iter()
            .map(|d| {
                (0..d.len())
                    .into_par_iter()
                    .map(|i| keys(&d.get(i), ctx))
                    .collect()
            })
            .collect::<Vec<Vec<SentenceKeys>>>()
    };
    let (ar_keys, fr_keys) = (
        ready(ar_docs, SentenceKeys::arabic),
        ready(fr_docs, SentenceKeys::french),
    );
    thread_local! {
        static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
    }
    let features = |ad: usize, ar: &Range<usize>, fd: usize, fr: &Range<usize>| {
        SCRATCH.with_borrow_mut(|scratch| {
            unit_features(
                &ar_keys[ad][ar.clone()],
                &fr_keys[fd][fr.clone()],
                ctx,
                model,
                scratch,
            )
        })
    };
    let logit = |ad: usize, ar: &Range<usize>, fd: usize, fr: &Range<usize>| {
        model.content_logit(&features(ad, ar, fd, fr))
    };

    // 1. Candidates from the index, scored 1-1, then grown to their best unit.
    let index = FrenchIndex::build(fr_at.len(), fr_sent);
    let scored: Vec<Vec<(usize, f64, bool)>> = (0..ar_at.len())
        .into_par_iter()
        .map(|a| {
            if ar_sent(a).words < settings.min_words {
                return Vec::new();
            }
            let (ad, ai) = ar_at[a];
            index
                .lookup(&ar_sent(a), ctx, settings.top_k)
                .into_iter()
                .filter(|&g| fr_sent(g).words >= settings.min_words)
                .map(|g| {
                    let (fd, fi) = fr_at[g];
                    let f = features(ad, &(ai..ai + 1), fd, &(fi..fi + 1));
                    // Whether to grow is decided without the length term: a sentence
                    // that says what three say is too long for any one of them.
                    let growable = sigmoid(model.content_logit(&f) - model.length_term(&f))
                        >= settings.grow_floor;
                    (g, model.content_logit(&f), growable)
                })
                .collect()
        })
        .collect();

    // 2. Margin (Artetxe & Schwenk, on log-odds): each sentence's hub value is the
    //    mean of its best 1-1 logits; a pair between two hubs loses that much.
    let top_mean = |mut logits: Vec<f64>| {
        logits.sort_unstable_by(|x, y| y.total_cmp(x));
        let k = logits.len().min(4);
        if k == 0 {
            model.skip
        } else {
            logits[..k].iter().sum::<f64>() / k as f64
        }
    };
    let mut by_fr: HashMap<usize, Vec<f64>> = HashMap::new();
    for (g, l, _) in scored.iter().flatten() {
        by_fr.entry(*g).or_default().push(*l);
    }
    let fr_mean: HashMap<usize, f64> = by_fr.into_iter().map(|(g, l)| (g, top_mean(l))).collect();
    let ar_mean: Vec<f64> = scored
        .iter()
        .map(|list| top_mean(list.iter().map(|c| c.1).collect()))
        .collect();
    let penalty = |a: usize, g: usize| {
        let hub = ((ar_mean[a] + fr_mean[&g]) / 2.0).max(model.skip);
        settings.margin * (hub - model.skip)
    };
    // A sentence added to a unit must say part of it on its own: without that, a
    // neighbour that merely evens out the lengths would be taken in.
    let supported = |ad: usize, ar: &Range<usize>, fd: usize, fr: &Range<usize>| {
        let f = features(ad, ar, fd, fr);
        sigmoid(model.content_logit(&f) - model.length_term(&f)) >= settings.grow_floor
    };
    let (ar_at_ref, fr_at_ref, logit_ref, penalty_ref, supported_ref) =
        (&ar_at, &fr_at, &logit, &penalty, &supported);
    let candidates: Vec<Candidate> = scored
        .par_iter()
        .enumerate()
        .flat_map_iter(|(a, list)| {
            list.iter().map(move |&(g, l, growable)| {
                let (ad, ai) = ar_at_ref[a];
                let (fd, fi) = fr_at_ref[g];
                let (ar_unit, fr_unit, grown) = if growable {
                    let side = Growth {
                        ar_len: if ar_views[ad].running_text {
                            ar_docs[ad].len()
                        } else {
                            0
                        },
                        fr_len: if fr_views[fd].running_text {
                            fr_docs[fd].len()
                        } else {
                            0
                        },
                        gain: settings.merge_gain,
                    };
                    grow(
                        ai..ai + 1,
                        fi..fi + 1,
                        l,
                        &|x, y| logit_ref(ad, x, fd, y),
                        &|x, y| supported_ref(ad, x, fd, y),
                        side,
                    )
                } else {
                    (ai..ai + 1, fi..fi + 1, l)
                };
                Candidate {
                    ar: a,
                    fr: g,
                    ar_unit,
                    fr_unit,
                    logit: grown - penalty_ref(a, g),
                }
            })
        })
        .collect();

    // 3. Competitive linking within each document pair: best first, a unit is kept
    //    when none of its sentences is taken yet — mutual best pairs first, then the
    //    best of what remains, since each sentence says its thing once per pair of
    //    documents.
    let (a, b) = settings.calibration;
    let probability = |logit: f64| sigmoid(a * logit + b);
    let mut ranked: Vec<&Candidate> = candidates
        .iter()
        .filter(|c| probability(c.logit) >= settings.threshold)
        .collect();
    ranked.sort_unstable_by(|x, y| better_order(x, y));
    let mut used: HashSet<(usize, usize, usize, bool)> = HashSet::new(); // (ar doc, fr doc, index, is_ar)
    let mut out = Vec::new();
    for c in ranked {
        let (ad, fd) = (ar_at[c.ar].0, fr_at[c.fr].0);
        let free = c
            .ar_unit
            .clone()
            .all(|i| !used.contains(&(ad, fd, i, true)))
            && c.fr_unit
                .clone()
                .all(|j| !used.contains(&(ad, fd, j, false)));
        if !free {
            continue;
        }
        used.extend(c.ar_unit.clone().map(|i| (ad, fd, i, true)));
        used.extend(c.fr_unit.clone().map(|j| (ad, fd, j, false)));
        out.push(Mined {
            ar_doc: ad,
            ar: c.ar_unit.clone(),
            fr_doc: fd,
            fr: c.fr_unit.clone(),
            score: probability(c.logit),
        });
    }
    out.sort_by(|x, y| {
        (x.ar_doc, x.ar.start, x.fr_doc, x.fr.start)
            .cmp(&(y.ar_doc, y.ar.start, y.fr_doc, y.fr.start))
    });
    out
}

/// A way to grow a unit pair: (new Arabic unit, new French unit, the added sentence
/// alone, whether it was added on the Arabic side).
type GrowthOption = (Range<usize>, Range<usize>, Range<usize>, bool);

/// How far a unit pair may grow: the lengths of its documents (0 for a side that
/// must not grow, as in sentence pools) and the least gain in log-odds per step.
#[derive(Debug, Clone, Copy)]
struct Growth {
    ar_len: usize,
    fr_len: usize,
    gain: f64,
}

/// Grows a unit pair greedily by neighbouring sentences (up to three a side) while
/// that raises the log-odds by at least the gain and the added sentence is
/// `supported` on its own against the other side; returns the units and log-odds.
fn grow(
    mut ar: Range<usize>,
    mut fr: Range<usize>,
    mut current: f64,
    logit: &dyn Fn(&Range<usize>, &Range<usize>) -> f64,
    supported: &dyn Fn(&Range<usize>, &Range<usize>) -> bool,
    limits: Growth,
) -> (Range<usize>, Range<usize>, f64) {
    loop {
        // (new Arabic unit, new French unit, the added sentence alone on its side)
        let mut options: Vec<GrowthOption> = Vec::with_capacity(4);
        if ar.len() < 3 && limits.ar_len > 0 {
            if ar.start > 0 {
                options.push((
                    ar.start - 1..ar.end,
                    fr.clone(),
                    ar.start - 1..ar.start,
                    true,
                ));
            }
            if ar.end < limits.ar_len {
                options.push((ar.start..ar.end + 1, fr.clone(), ar.end..ar.end + 1, true));
            }
        }
        if fr.len() < 3 && limits.fr_len > 0 {
            if fr.start > 0 {
                options.push((
                    ar.clone(),
                    fr.start - 1..fr.end,
                    fr.start - 1..fr.start,
                    false,
                ));
            }
            if fr.end < limits.fr_len {
                options.push((ar.clone(), fr.start..fr.end + 1, fr.end..fr.end + 1, false));
            }
        }
        let best = options
            .into_iter()
            .filter(|(_, _, added, is_ar)| {
                if *is_ar {
                    supported(added, &fr)
                } else {
                    supported(&ar, added)
                }
            })
            .map(|(a, f, _, _)| (logit(&a, &f), a, f))
            .max_by(|x, y| x.0.total_cmp(&y.0));
        match best {
            Some((l, a, f)) if l >= current + limits.gain => {
                ar = a;
                fr = f;
                current = l;
            }
            _ => return (ar, fr, current),
        }
    }
}

/// Sort order of kept candidates: best first, ties by position, for determinism.
fn better_order(x: &Candidate, y: &Candidate) -> std::cmp::Ordering {
    y.logit
        .total_cmp(&x.logit)
        .then(x.ar.cmp(&y.ar))
        .then(x.fr.cmp(&y.fr))
}

/// Inverted index of the French sentences by key and by name skeleton, stored flat:
/// the sentences of key `k` are `sentences[starts[k]..starts[k + 1]]` (ids are
/// dense, so no hashing per lookup).
pub(crate) struct FrenchIndex {
    starts: Vec<u32>,
    sentences: Vec<u32>,
    n_fr: usize,
}

/// Per-thread space for lookups: a running sum per French sentence and the sentences
/// touched (a slot per sentence and one more, filled from the front), so a lookup
/// costs what it touches.
#[derive(Default)]
struct Accumulator {
    sums: Vec<f64>,
    touched: Vec<u32>,
}

/// Up to this many candidates per lookup, the best are kept sorted while scanning.
const SMALL_K: usize = 64;

thread_local! {
    static ACCUMULATOR: std::cell::RefCell<Accumulator> = std::cell::RefCell::default();
}

impl FrenchIndex {
    pub(crate) fn build<'a>(n_fr: usize, sentence: impl Fn(usize) -> Features<'a>) -> FrenchIndex {
        let keys = |g: usize| {
            let f = sentence(g);
            f.items
                .iter()
                .map(|i| i.key)
                .chain(f.names.iter().map(|n| n.skeleton))
        };
        // Each sentence counted once per key: items are sorted by key, names follow.
        let mut count: Vec<u32> = Vec::new();
        let mut last: Vec<u32> = Vec::new();
        for g in 0..n_fr {
            for k in keys(g) {
                let k = k as usize;
                if k >= count.len() {
                    count.resize(k + 1, 0);
                    last.resize(k + 1, u32::MAX);
                }
                if last[k] != g as u32 {
                    last[k] = g as u32;
                    count[k] += 1;
                }
            }
        }
        // Keys in too many sentences cost much and tell little.
        let cap = 64.max(n_fr / 50) as u32;
        let mut starts = Vec::with_capacity(count.len() + 1);
        let mut total = 0u32;
        for c in &mut count {
            starts.push(total);
            if *c > cap {
                *c = 0;
            }
            total += *c;
        }
        starts.push(total);
        let mut fill: Vec<u32> = starts[..count.len()].to_vec();
        let mut sentences = vec![0u32; total as usize];
        last.fill(u32::MAX);
        for g in 0..n_fr {
            for k in keys(g) {
                let k = k as usize;
                if count[k] > 0 && last[k] != g as u32 {
                    last[k] = g as u32;
                    sentences[fill[k] as usize] = g as u32;
                    fill[k] += 1;
                }
            }
        }
        FrenchIndex {
            starts,
            sentences,
            n_fr,
        }
    }

    /// The sentences holding key `k`.
    fn postings(&self, k: u32) -> &[u32] {
        let k = k as usize;
        match (self.starts.get(k), self.starts.get(k + 1)) {
            (Some(&a), Some(&b)) => &self.sentences[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The `k` French sentences sharing the most weighted evidence with `f`.
    fn lookup(&self, f: &Features<'_>, ctx: &ScoreContext, k: usize) -> Vec<usize> {
        let found = self.lookup_scored(f, ctx, k);
        found.into_iter().map(|(g, _)| g as usize).collect()
    }

    /// [`FrenchIndex::lookup`] with the weighted evidence each sentence shares.
    pub(crate) fn lookup_scored(
        &self,
        f: &Features<'_>,
        ctx: &ScoreContext,
        k: usize,
    ) -> Vec<(u32, f32)> {
        ACCUMULATOR.with_borrow_mut(|acc| {
            acc.sums.resize(self.n_fr.max(acc.sums.len()), 0.0);
            // One slot more than sentences: the next slot is written before it is known
            // whether the sentence is new (no data-dependent branch in the hot loop).
            // A sentence is counted once only because every weight is above 0 (idf
            // weights are floored, names weigh 2).
            acc.touched.resize(acc.sums.len() + 1, 0);
            let (sums, touched) = (&mut acc.sums[..], &mut acc.touched[..]);
            let mut n_touched = 0;
            // Every addend is positive, so a sentence is new while its sum is 0. The
            // sums are of f32 weights in f64, where they are exact (the weights lie
            // within a factor of 2^8 of each other, a few dozen a sentence): a sum
            // does not depend on the order its weights are added in.
            let mut add = |g: u32, w: f32| {
                debug_assert!(w > 0.0);
                let s = &mut sums[g as usize];
                touched[n_touched] = g;
                n_touched += usize::from(*s == 0.0);
                *s += f64::from(w);
            };
            let weight = |key: u32| ctx.weights.get(key as usize).copied().unwrap_or(1.0);
            let mut last = u32::MAX;
            for item in f.items {
                if item.key == last {
                    continue;
                }
                last = item.key;
                let w = weight(item.key);
                for &g in self.postings(item.key) {
                    add(g, w);
                }
            }
            // A French name matching one of the sentence's Arabic names.
            for name in f.names {
                for &fr_name in ctx.ar_name_links.get(&name.skeleton).into_iter().flatten() {
                    for &g in self.postings(fr_name) {
                        add(g, 2.0);
                    }
                }
            }
            let touched = &touched[..n_touched];
            // The best k by a total order (score, then position).
            let order = |x: &(u32, f64), y: &(u32, f64)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
            let ranked: Vec<(u32, f64)> = if k <= SMALL_K {
                // Kept sorted while the touched sentences are scanned: most fail the
                // first comparison with the k-th best, so this costs about one
                // comparison per sentence touched.
                let mut ranked: Vec<(u32, f64)> = Vec::with_capacity(k + 1);
                // The k-th best sum once k are ranked: a lower sum ranks after it
                // whatever the positions (sums are finite), a plain comparison.
                let mut floor = f64::NEG_INFINITY;
                for &g in touched {
                    let entry = (g, sums[g as usize]);
                    sums[g as usize] = 0.0;
                    if entry.1 < floor {
                        continue;
                    }
                    let worse = |last: &(u32, f64)| order(&entry, last).is_ge();
                    if ranked.len() == k && ranked.last().is_none_or(worse) {
                        continue;
                    }
                    let at = ranked.partition_point(|r| order(r, &entry).is_lt());
                    ranked.insert(at, entry);
                    ranked.truncate(k);
                    if ranked.len() == k {
                        floor = ranked[k - 1].1;
                    }
                }
                ranked
            } else {
                // Selecting the k best first and sorting only those gives what sorting
                // everything would.
                let mut ranked: Vec<(u32, f64)> =
                    touched.iter().map(|&g| (g, sums[g as usize])).collect();
                for &g in touched {
                    sums[g as usize] = 0.0;
                }
                if ranked.len() > k {
                    ranked.select_nth_unstable_by(k - 1, order);
                    ranked.truncate(k);
                }
                ranked.sort_unstable_by(order);
                ranked
            };
            ranked.into_iter().map(|(g, s)| (g, s as f32)).collect()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::anchor::lexicon::Lexicon;
    use crate::features::Extractor;

    /// The index's top k equal the brute-force ranking: every French sentence scored
    /// by the weights of the Arabic sentence's keys it holds (plus 2 per linked name),
    /// ranked by score and then by position.
    #[test]
    fn lookup_ranks_like_brute_force() {
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let fr_words = [
            "Rabat",
            "Doha",
            "2022",
            "police",
            "ministre",
            "sécurité",
            "Qatar",
            "stade",
            "Hammouchi",
            "coupe",
            "300",
            "délégation",
        ];
        let ar_texts = [
            "وصل 300 شرطي إلى الدوحة في 2022",
            "استقبل الوزير الوفد في الرباط",
            "قال حموشي إن الأمن في قطر مستمر",
            "زار الوفد الملعب",
        ];
        // Forty French sentences mixing the words in different proportions, with
        // repeats, so that scores tie and lists have several lengths.
        let fr: FeatureStore = (0..40)
            .map(|i: usize| {
                let text: Vec<&str> = (0..4)
                    .map(|j| fr_words[(i * (j + 3) + j * j) % fr_words.len()])
                    .collect();
                x.extract(&text.join(" "), Lang::Fr)
            })
            .collect();
        let ar: FeatureStore = ar_texts.iter().map(|t| x.extract(t, Lang::Ar)).collect();
        let ctx = ScoreContext::build(&[&ar], &[&fr], &x.interner, 0.75);
        let index = FrenchIndex::build(fr.len(), |g| fr.get(g));
        let holds = |g: usize, key: u32| {
            fr.get(g).items.iter().any(|i| i.key == key)
                || fr.get(g).names.iter().any(|n| n.skeleton == key)
        };
        for a in ar.iter() {
            let mut keys: Vec<(u32, f32)> = Vec::new();
            for item in a.items {
                if keys.last().is_none_or(|&(k, _)| k != item.key) {
                    keys.push((
                        item.key,
                        ctx.weights.get(item.key as usize).copied().unwrap_or(1.0),
                    ));
                }
            }
            for name in a.names {
                for &f in ctx.ar_name_links.get(&name.skeleton).into_iter().flatten() {
                    keys.push((f, 2.0));
                }
            }
            let mut brute: Vec<(usize, f64)> = (0..fr.len())
                .map(|g| {
                    let sum = keys
                        .iter()
                        .filter(|&&(k, _)| holds(g, k))
                        .fold(0.0f64, |s, &(_, w)| s + f64::from(w));
                    (g, sum)
                })
                .filter(|&(_, s)| s > 0.0)
                .collect();
            brute.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
            assert!(brute.len() > 5, "the fixture must give candidates");
            // Small k take the sorted scan, large ones the selection.
            for k in [0, 1, 3, 5, brute.len() + 2, SMALL_K + 1, usize::MAX] {
                let expected: Vec<usize> = brute.iter().take(k).map(|&(g, _)| g).collect();
                assert_eq!(index.lookup(&a, &ctx, k), expected, "k = {k}");
            }
        }
    }
}
