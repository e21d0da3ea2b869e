//! Comparable alignment: mining the pairs that say the same thing from documents that
//! only partly overlap.
//!
//! 1. Candidates: an inverted index from the French sentences' keys (concepts,
//!    numbers, dates, Latin tokens, learned links, names) gives, for each Arabic
//!    sentence, the French sentences sharing the most weighted evidence — never every
//!    pair of the collection. Keys too common to discriminate are not indexed.
//! 2. Each Arabic sentence's top candidates are scored with the full model.
//! 3. Margin: a pair's log-odds is compared with the best alternatives of both of its
//!    sentences (Artetxe & Schwenk's margin, on log-odds), and a pair is kept when it
//!    is the mutual best within its document pair and its margin-adjusted score
//!    passes the threshold.
//! 4. Merges: a kept pair grows by a neighbouring unaligned sentence on either side
//!    when that raises the score, for when one side says in one sentence what the
//!    other says in two or three.

use crate::features::SentenceFeatures;
use crate::score::{Model, ScoreContext, pair_features, sigmoid};
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
    /// Least gain in log-odds for a merge with a neighbouring sentence.
    pub merge_gain: f64,
    /// Fewest words a unit needs on each side (boilerplate never pairs).
    pub min_words: u32,
}

impl MineSettings {
    /// The settings the model was tuned with.
    pub fn from_model(model: &Model) -> MineSettings {
        MineSettings {
            top_k: 10,
            margin: 0.5,
            threshold: model.comparable_threshold,
            merge_gain: 0.3,
            min_words: 3,
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

/// A scored 1-1 candidate.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    ar: usize,
    fr: usize,
    logit: f64,
}

/// Mines the pairs of a collection; `ar_docs[d]` are the sentences of Arabic
/// document `d`, likewise for French.
pub fn mine(
    ar_docs: &[&[SentenceFeatures]],
    fr_docs: &[&[SentenceFeatures]],
    ctx: &ScoreContext,
    model: &Model,
    settings: &MineSettings,
) -> Vec<Mined> {
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
    let ar_sent = |g: usize| &ar_docs[ar_at[g].0][ar_at[g].1];
    let fr_sent = |g: usize| &fr_docs[fr_at[g].0][fr_at[g].1];

    let index = FrenchIndex::build(fr_at.len(), fr_sent, ctx);
    let candidates: Vec<Vec<Candidate>> = (0..ar_at.len())
        .into_par_iter()
        .map(|a| {
            let f = ar_sent(a);
            if f.words < settings.min_words {
                return Vec::new();
            }
            index
                .lookup(f, ctx, settings.top_k)
                .into_iter()
                .filter(|&g| fr_sent(g).words >= settings.min_words)
                .map(|g| Candidate {
                    ar: a,
                    fr: g,
                    logit: model.logit(&pair_features(
                        std::slice::from_ref(f),
                        std::slice::from_ref(fr_sent(g)),
                        ctx,
                        model,
                    )),
                })
                .collect()
        })
        .collect();

    // Margin: the mean of each sentence's best alternatives (up to 3, excluding
    // the pair itself is approximated by including it, as in Artetxe & Schwenk).
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
    for c in candidates.iter().flatten() {
        by_fr.entry(c.fr).or_default().push(c.logit);
    }
    let fr_mean: HashMap<usize, f64> = by_fr.into_iter().map(|(g, l)| (g, top_mean(l))).collect();
    let fr_mean = &fr_mean;
    let adjusted: Vec<Candidate> = candidates
        .iter()
        .flat_map(|list| {
            let a_mean = top_mean(list.iter().map(|c| c.logit).collect());
            list.iter().map(move |c| {
                let hub = ((a_mean + fr_mean[&c.fr]) / 2.0).max(model.skip);
                Candidate {
                    logit: c.logit - settings.margin * (hub - model.skip),
                    ..*c
                }
            })
        })
        .collect();

    // Mutual best within each document pair.
    let mut best_ar: HashMap<(usize, usize), Candidate> = HashMap::new(); // (a, fr doc)
    let mut best_fr: HashMap<(usize, usize), Candidate> = HashMap::new(); // (f, ar doc)
    for c in &adjusted {
        let ka = (c.ar, fr_at[c.fr].0);
        if best_ar.get(&ka).is_none_or(|b| better(c, b)) {
            best_ar.insert(ka, *c);
        }
        let kf = (c.fr, ar_at[c.ar].0);
        if best_fr.get(&kf).is_none_or(|b| better(c, b)) {
            best_fr.insert(kf, *c);
        }
    }
    let mut kept: Vec<Candidate> = best_ar
        .values()
        .filter(|c| {
            let b = best_fr[&(c.fr, ar_at[c.ar].0)];
            b.ar == c.ar && sigmoid(c.logit) >= settings.threshold
        })
        .copied()
        .collect();
    kept.sort_unstable_by(|x, y| {
        y.logit
            .total_cmp(&x.logit)
            .then(x.ar.cmp(&y.ar))
            .then(x.fr.cmp(&y.fr))
    });

    // Merges with unaligned neighbours, best pairs first.
    let mut used: HashSet<(usize, usize, bool)> = HashSet::new(); // (global sentence, other doc, is_ar)
    for c in &kept {
        used.insert((c.ar, fr_at[c.fr].0, true));
        used.insert((c.fr, ar_at[c.ar].0, false));
    }
    let mut out = Vec::with_capacity(kept.len());
    for c in kept {
        let (ad, ai) = ar_at[c.ar];
        let (fd, fi) = fr_at[c.fr];
        let (adoc, fdoc) = (ar_docs[ad], fr_docs[fd]);
        let mut ar = ai..ai + 1;
        let mut fr = fi..fi + 1;
        let raw = |ar: &Range<usize>, fr: &Range<usize>| {
            model.logit(&pair_features(
                &adoc[ar.clone()],
                &fdoc[fr.clone()],
                ctx,
                model,
            ))
        };
        let mut current = raw(&ar, &fr);
        let margin_shift = c.logit - current;
        loop {
            let free_ar = |i: usize| !used.contains(&(c.ar - ai + i, fd, true));
            let free_fr = |j: usize| !used.contains(&(c.fr - fi + j, ad, false));
            let mut options: Vec<(Range<usize>, Range<usize>)> = Vec::new();
            if ar.len() < 3 {
                if ar.start > 0 && free_ar(ar.start - 1) {
                    options.push((ar.start - 1..ar.end, fr.clone()));
                }
                if ar.end < adoc.len() && free_ar(ar.end) {
                    options.push((ar.start..ar.end + 1, fr.clone()));
                }
            }
            if fr.len() < 3 {
                if fr.start > 0 && free_fr(fr.start - 1) {
                    options.push((ar.clone(), fr.start - 1..fr.end));
                }
                if fr.end < fdoc.len() && free_fr(fr.end) {
                    options.push((ar.clone(), fr.start..fr.end + 1));
                }
            }
            let best = options
                .into_iter()
                .map(|(a, f)| {
                    let l = raw(&a, &f);
                    (l, a, f)
                })
                .max_by(|x, y| x.0.total_cmp(&y.0));
            match best {
                Some((l, a, f)) if l >= current + settings.merge_gain => {
                    for i in a.clone() {
                        used.insert((c.ar - ai + i, fd, true));
                    }
                    for j in f.clone() {
                        used.insert((c.fr - fi + j, ad, false));
                    }
                    ar = a;
                    fr = f;
                    current = l;
                }
                _ => break,
            }
        }
        out.push(Mined {
            ar_doc: ad,
            ar,
            fr_doc: fd,
            fr,
            score: sigmoid(current + margin_shift),
        });
    }
    out.sort_by(|x, y| {
        (x.ar_doc, x.ar.start, x.fr_doc, x.fr.start)
            .cmp(&(y.ar_doc, y.ar.start, y.fr_doc, y.fr.start))
    });
    out
}

/// Higher adjusted logit wins; ties go to the lower indices, for determinism.
fn better(c: &Candidate, than: &Candidate) -> bool {
    c.logit > than.logit || (c.logit == than.logit && (c.ar, c.fr) < (than.ar, than.fr))
}

/// Inverted index of the French sentences by key and by name skeleton.
struct FrenchIndex {
    postings: HashMap<u32, Vec<u32>>,
    /// Arabic name skeleton → the French skeletons it matches.
    ar_to_fr_names: HashMap<u32, Vec<u32>>,
    n_fr: usize,
}

impl FrenchIndex {
    fn build<'a>(
        n_fr: usize,
        sentence: impl Fn(usize) -> &'a SentenceFeatures,
        ctx: &ScoreContext,
    ) -> FrenchIndex {
        let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
        for g in 0..n_fr {
            let f = sentence(g);
            let keys = f
                .items
                .iter()
                .map(|i| i.key)
                .chain(f.names.iter().map(|n| n.skeleton));
            for k in keys {
                let list = postings.entry(k).or_default();
                if list.last() != Some(&(g as u32)) {
                    list.push(g as u32);
                }
            }
        }
        // Keys in too many sentences cost much and tell little.
        let cap = 64.max(n_fr / 50);
        postings.retain(|_, list| list.len() <= cap);
        let mut ar_to_fr_names: HashMap<u32, Vec<u32>> = HashMap::new();
        for (&fr, ars) in &ctx.name_links {
            for &a in ars {
                ar_to_fr_names.entry(a).or_default().push(fr);
            }
        }
        FrenchIndex {
            postings,
            ar_to_fr_names,
            n_fr,
        }
    }

    /// The `k` French sentences sharing the most weighted evidence with `f`.
    fn lookup(&self, f: &SentenceFeatures, ctx: &ScoreContext, k: usize) -> Vec<usize> {
        let mut acc: HashMap<u32, f32> = HashMap::new();
        let weight = |key: u32| ctx.weights.get(key as usize).copied().unwrap_or(1.0);
        let mut last = u32::MAX;
        for item in &f.items {
            if item.key == last {
                continue;
            }
            last = item.key;
            for &g in self
                .postings
                .get(&item.key)
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                *acc.entry(g).or_default() += weight(item.key);
            }
        }
        for name in &f.names {
            for fr_name in self
                .ar_to_fr_names
                .get(&name.skeleton)
                .map(Vec::as_slice)
                .unwrap_or(&[])
            {
                for &g in self.postings.get(fr_name).map(Vec::as_slice).unwrap_or(&[]) {
                    *acc.entry(g).or_default() += 2.0;
                }
            }
        }
        let mut ranked: Vec<(u32, f32)> = acc.into_iter().collect();
        ranked.sort_unstable_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
        ranked.truncate(k);
        debug_assert!(ranked.iter().all(|&(g, _)| (g as usize) < self.n_fr));
        ranked.into_iter().map(|(g, _)| g as usize).collect()
    }
}
