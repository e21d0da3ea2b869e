//! Document pairing: which Arabic articles report the same story as which French
//! ones, before any sentence is compared.
//!
//! Each document becomes the set of its distinct keys (numbers, dates, Latin tokens,
//! lexicon concepts) and names (an Arabic name stands for the French skeletons it is
//! linked to). Keys are weighted by inverse document frequency over the collection;
//! an inverted index over the French documents gives, for each Arabic document, the
//! French documents sharing the most weighted evidence — never every pair. A pair's
//! score is the weighted Dice coefficient of the two key sets, in [0, 1]. Candidates
//! are the top `k` French documents of each Arabic one and the top `k` Arabic
//! documents of each French one.

use crate::features::{FeatureStore, KeyKind};
use crate::score::ScoreContext;
use rayon::prelude::*;
use std::collections::HashMap;

/// A candidate document pair: indices into the Arabic and French document lists.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DocPair {
    /// Index of the Arabic document.
    pub ar: usize,
    /// Index of the French document.
    pub fr: usize,
    /// Weighted Dice coefficient of the documents' evidence, in [0, 1].
    pub score: f64,
}

/// Settings of document pairing.
#[derive(Debug, Clone, Copy)]
pub struct DocPairSettings {
    /// Candidates kept per document, in each direction.
    pub top_k: usize,
    /// Collections with at most this many Arabic × French document pairs are not
    /// paired: every pair is a candidate and sentences are mined across all of them.
    pub all_pairs_limit: usize,
    /// Keys in more than this share of the documents (and at least 8) are not indexed.
    pub max_df_share: f64,
}

impl Default for DocPairSettings {
    fn default() -> DocPairSettings {
        DocPairSettings {
            top_k: 3,
            all_pairs_limit: 64,
            max_df_share: 0.1,
        }
    }
}

/// The distinct evidence keys of a document, with names of Arabic documents mapped
/// to the French skeletons they match.
fn doc_keys(doc: &FeatureStore, ar_to_fr_names: Option<&HashMap<u32, Vec<u32>>>) -> Vec<u32> {
    let mut keys: Vec<u32> = Vec::new();
    for f in doc.iter() {
        keys.extend(
            f.items
                .iter()
                .filter(|i| i.kind != KeyKind::Learned)
                .map(|i| i.key),
        );
        for n in f.names {
            match ar_to_fr_names {
                Some(map) => keys.extend(map.get(&n.skeleton).into_iter().flatten()),
                None => keys.push(n.skeleton),
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    keys
}

/// The evidence of a collection's documents, for scoring document pairs: each
/// document's distinct keys and their weights (inverse document frequency over the
/// collection). Keys in more than `max_df_share` of the documents (and at least 8)
/// count in a document's total but are never shared: they say nothing of a story.
#[derive(Debug, Clone)]
pub struct DocEvidence {
    ar_keys: Vec<Vec<u32>>,
    fr_keys: Vec<Vec<u32>>,
    df: HashMap<u32, u32>,
    n_docs: f64,
    cap: u32,
    ar_total: Vec<f64>,
    fr_total: Vec<f64>,
}

impl DocEvidence {
    /// Gathers the evidence of the Arabic and French documents.
    pub fn build(
        ar_docs: &[&FeatureStore],
        fr_docs: &[&FeatureStore],
        ctx: &ScoreContext,
        settings: &DocPairSettings,
    ) -> DocEvidence {
        let ar_keys: Vec<Vec<u32>> = ar_docs
            .par_iter()
            .map(|d| doc_keys(d, Some(&ctx.ar_name_links)))
            .collect();
        let fr_keys: Vec<Vec<u32>> = fr_docs.par_iter().map(|d| doc_keys(d, None)).collect();
        let mut df: HashMap<u32, u32> = HashMap::new();
        for k in ar_keys.iter().chain(fr_keys.iter()).flatten() {
            *df.entry(*k).or_default() += 1;
        }
        let n_docs = (ar_docs.len() + fr_docs.len()) as f64;
        let cap = ((settings.max_df_share * n_docs) as u32).max(8);
        let mut evidence = DocEvidence {
            ar_keys,
            fr_keys,
            df,
            n_docs,
            cap,
            ar_total: Vec::new(),
            fr_total: Vec::new(),
        };
        let total = |keys: &[u32]| keys.iter().map(|k| evidence.weight(*k)).sum::<f64>();
        let ar_total = evidence.ar_keys.iter().map(|k| total(k)).collect();
        let fr_total = evidence.fr_keys.iter().map(|k| total(k)).collect();
        evidence.ar_total = ar_total;
        evidence.fr_total = fr_total;
        evidence
    }

    /// The weight of a key: the log of the inverse share of documents holding it.
    fn weight(&self, key: u32) -> f64 {
        (self.n_docs / f64::from(self.df[&key])).ln().max(0.0)
    }

    /// True for a key rare enough to be shared.
    fn indexed(&self, key: u32) -> bool {
        self.df[&key] <= self.cap
    }

    /// The weighted Dice coefficient of the evidence, in [0, 1], from the weight the
    /// documents share.
    fn dice(&self, ar: usize, fr: usize, shared: f64) -> f64 {
        let sum = self.ar_total[ar] + self.fr_total[fr];
        if sum > 0.0 {
            (2.0 * shared / sum).min(1.0)
        } else {
            0.0
        }
    }

    /// The score of Arabic document `ar` with French document `fr` (indices into the
    /// lists given to [`DocEvidence::build`]): the weighted Dice coefficient of their
    /// evidence, in [0, 1]; the same figure [`pair_documents`] ranks candidates by.
    pub fn score(&self, ar: usize, fr: usize) -> f64 {
        let (a, f) = (&self.ar_keys[ar], &self.fr_keys[fr]);
        let (mut i, mut j, mut shared) = (0, 0, 0.0);
        // Both lists are sorted; shared keys are summed in ascending order.
        while i < a.len() && j < f.len() {
            match a[i].cmp(&f[j]) {
                std::cmp::Ordering::Less => i += 1,
                std::cmp::Ordering::Greater => j += 1,
                std::cmp::Ordering::Equal => {
                    if self.indexed(a[i]) {
                        shared += self.weight(a[i]);
                    }
                    i += 1;
                    j += 1;
                }
            }
        }
        self.dice(ar, fr, shared)
    }
}

/// Pairs the documents: candidate pairs sorted by Arabic then French index.
pub fn pair_documents(
    ar_docs: &[&FeatureStore],
    fr_docs: &[&FeatureStore],
    ctx: &ScoreContext,
    settings: &DocPairSettings,
) -> Vec<DocPair> {
    let evidence = DocEvidence::build(ar_docs, fr_docs, ctx, settings);
    let mut postings: HashMap<u32, Vec<u32>> = HashMap::new();
    for (f, keys) in evidence.fr_keys.iter().enumerate() {
        for &k in keys {
            if evidence.indexed(k) {
                postings.entry(k).or_default().push(f as u32);
            }
        }
    }
    // Every scored pair, found through the index.
    let scored: Vec<Vec<DocPair>> = evidence
        .ar_keys
        .par_iter()
        .enumerate()
        .map(|(a, keys)| {
            let mut acc: HashMap<u32, f64> = HashMap::new();
            for &k in keys {
                if let Some(list) = postings.get(&k) {
                    let w = evidence.weight(k);
                    for &f in list {
                        *acc.entry(f).or_default() += w;
                    }
                }
            }
            let mut out: Vec<DocPair> = acc
                .into_iter()
                .map(|(f, shared)| DocPair {
                    ar: a,
                    fr: f as usize,
                    score: evidence.dice(a, f as usize, shared),
                })
                .collect();
            out.sort_unstable_by(|x, y| y.score.total_cmp(&x.score).then(x.fr.cmp(&y.fr)));
            out
        })
        .collect();
    // Top k of each Arabic document, and top k of each French document.
    let mut keep: Vec<DocPair> = Vec::new();
    let mut by_fr: Vec<Vec<DocPair>> = vec![Vec::new(); fr_docs.len()];
    for list in &scored {
        keep.extend(list.iter().take(settings.top_k).copied());
        for p in list {
            by_fr[p.fr].push(*p);
        }
    }
    for list in &mut by_fr {
        list.sort_unstable_by(|x, y| y.score.total_cmp(&x.score).then(x.ar.cmp(&y.ar)));
        keep.extend(list.iter().take(settings.top_k).copied());
    }
    keep.sort_unstable_by_key(|p| (p.ar, p.fr));
    keep.dedup_by_key(|p| (p.ar, p.fr));
    keep
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{Item, SentenceFeatures};

    fn doc(keys: &[&[u32]]) -> FeatureStore {
        keys.iter()
            .map(|ks| SentenceFeatures {
                items: ks
                    .iter()
                    .map(|&key| Item {
                        key,
                        kind: KeyKind::Number,
                        start: 0,
                        end: 1,
                    })
                    .collect(),
                ..SentenceFeatures::default()
            })
            .collect()
    }

    #[test]
    fn documents_sharing_rare_keys_pair() {
        // Four stories, each with its own numbers, plus a key every document has.
        let ar: Vec<FeatureStore> = (0..4u32)
            .map(|s| doc(&[&[100 + s, 999], &[200 + s]]))
            .collect();
        let fr: Vec<FeatureStore> = [2u32, 0, 3, 1]
            .iter()
            .map(|&s| doc(&[&[200 + s], &[100 + s, 999]]))
            .collect();
        let ar_refs: Vec<&FeatureStore> = ar.iter().collect();
        let fr_refs: Vec<&FeatureStore> = fr.iter().collect();
        let settings = DocPairSettings {
            top_k: 1,
            ..DocPairSettings::default()
        };
        let pairs = pair_documents(&ar_refs, &fr_refs, &ScoreContext::default(), &settings);
        let got: Vec<(usize, usize)> = pairs.iter().map(|p| (p.ar, p.fr)).collect();
        assert_eq!(got, vec![(0, 1), (1, 3), (2, 0), (3, 2)]);
        assert!(pairs.iter().all(|p| p.score > 0.5 && p.score <= 1.0));
        // Any pair scores the same outside the candidate search.
        let evidence = DocEvidence::build(&ar_refs, &fr_refs, &ScoreContext::default(), &settings);
        for p in &pairs {
            assert_eq!(evidence.score(p.ar, p.fr), p.score);
        }
        assert!(evidence.score(0, 0) < 0.5);
    }
}
