//! Self-training: word translations learned from a first pass's confident pairs.
//!
//! hunalign's `-realign` idea: stems that keep appearing together in confident pairs
//! (Dice coefficient over pair co-occurrence) are probably translations, even when no
//! lexicon knows them — names in other spellings, domain terms, frequent words the
//! lexicon lacks. Each learned link becomes a key shared by both sides, and the
//! collection is aligned again. Nothing learned is stored: it comes from the input.

use crate::features::{Interner, Sentences};
use rustc_hash::FxHashMap;

/// Settings of the association test.
#[derive(Debug, Clone, Copy)]
pub struct LearnSettings {
    /// Fewest confident pairs a stem pair must share.
    pub min_count: u32,
    /// Lowest Dice coefficient kept.
    pub min_dice: f64,
    /// Stems in more than this share of the pairs are too common to tell anything.
    pub max_share: f64,
    /// Fewest confident pairs to learn from: below it, co-occurrence is chance.
    pub min_pairs: u32,
}

impl Default for LearnSettings {
    fn default() -> LearnSettings {
        LearnSettings {
            min_count: 2,
            min_dice: 0.5,
            max_share: 0.25,
            min_pairs: 20,
        }
    }
}

/// Learns stem links from confident pairs (each an Arabic unit and a French unit).
/// Returns, for each stem id taking part in a link, the keys of its links: an Arabic
/// stem keeps its single best French partner, and a link is kept only when the Arabic
/// stem is also among the best partners of the French one (competitive linking).
/// The pairs are read twice, so their iterator must give the same pairs each time;
/// their sentences must still have their stems (see
/// [`add_learned_forgetting_stems`](crate::features::add_learned_forgetting_stems)).
pub fn learn_links<'a, P>(
    pairs: P,
    interner: &mut Interner,
    settings: LearnSettings,
) -> FxHashMap<u32, Vec<u32>>
where
    P: IntoIterator<Item = (Sentences<'a>, Sentences<'a>)>,
    P::IntoIter: Clone,
{
    // The pairs are read twice (counts, then postings) rather than copied: the
    // copy of every confident unit's stems was the largest thing a run held.
    let pairs = pairs.into_iter();
    let (mut ar_list, mut fr_list) = (Vec::new(), Vec::new());
    // In how many pairs each stem is, by stem id (ids are dense: interned), and in
    // how many on the Arabic side (the languages' stems never share an id, but the
    // postings below must not depend on it).
    let mut count: Vec<u32> = Vec::new();
    let mut ar_count: Vec<u32> = Vec::new();
    let mut n_pairs = 0u32;
    for (ar, fr) in pairs.clone() {
        n_pairs += 1;
        for (list, unit, is_ar) in [(&mut ar_list, ar, true), (&mut fr_list, fr, false)] {
            distinct_stems(list, unit);
            for &s in list.iter() {
                let s = s as usize;
                if s >= count.len() {
                    count.resize(s + 1, 0);
                    ar_count.resize(s + 1, 0);
                }
                count[s] += 1;
                ar_count[s] += u32::from(is_ar);
            }
        }
    }
    if n_pairs < settings.min_pairs {
        return FxHashMap::default();
    }
    let max_count = (settings.max_share * n_pairs as f64).max(settings.min_count as f64);
    // A stem pair shares at most as many pairs as either stem is in: a stem seen in
    // fewer than `min_count` pairs, or too common, takes part in no link, and leaving
    // it out before pairing the stems saves most of the joint counts.
    let usable = |s: u32| {
        let c = count[s as usize];
        c >= settings.min_count && c as f64 <= max_count
    };
    // The pairs of each usable Arabic stem, in order (stem `a`'s are
    // `ar_pairs[starts[a]..starts[a + 1]]`), and the usable French stems of each pair.
    let mut starts: Vec<u32> = Vec::with_capacity(count.len() + 1);
    let mut total = 0u32;
    for (s, &on_ar) in ar_count.iter().enumerate() {
        starts.push(total);
        if usable(s as u32) {
            total += on_ar;
        }
    }
    starts.push(total);
    let mut fill: Vec<u32> = starts[..count.len()].to_vec();
    let mut ar_pairs = vec![0u32; total as usize];
    let mut fr_usable: Vec<u32> = Vec::new();
    let mut fr_ends: Vec<usize> = Vec::with_capacity(n_pairs as usize + 1);
    fr_ends.push(0);
    for (p, (ar, fr)) in pairs.enumerate() {
        distinct_stems(&mut ar_list, ar);
        for &s in ar_list.iter().filter(|&&s| usable(s)) {
            ar_pairs[fill[s as usize] as usize] = p as u32;
            fill[s as usize] += 1;
        }
        distinct_stems(&mut fr_list, fr);
        fr_usable.extend(fr_list.iter().copied().filter(|&s| usable(s)));
        fr_ends.push(fr_usable.len());
    }
    debug_assert!(fill == starts[1..], "both readings gave the same pairs");
    drop(fill);
    let dice =
        |a: u32, f: u32, c: u32| 2.0 * c as f64 / (count[a as usize] + count[f as usize]) as f64;
    // Best French partner of each Arabic stem (ascending Arabic stems), best Dice
    // reached by each French stem.
    let mut best_fr: Vec<(u32, f64, u32)> = Vec::new();
    let mut best_for_fr = vec![f64::NEG_INFINITY; count.len()];
    // Joint counts of one Arabic stem with every French stem, by French stem id, and
    // the French stems it met; the stem pairs are visited in (Arabic, French) order,
    // which breaks ties deterministically.
    let mut joint = vec![0u32; count.len()];
    let mut met: Vec<u32> = Vec::new();
    for a in 0..count.len() {
        let postings = &ar_pairs[starts[a] as usize..starts[a + 1] as usize];
        if postings.is_empty() {
            continue;
        }
        let a = a as u32;
        for &p in postings {
            for &f in &fr_usable[fr_ends[p as usize]..fr_ends[p as usize + 1]] {
                if joint[f as usize] == 0 {
                    met.push(f);
                }
                joint[f as usize] += 1;
            }
        }
        met.sort_unstable();
        let mut best: Option<(f64, u32)> = None;
        for &f in &met {
            let c = std::mem::take(&mut joint[f as usize]);
            if c < settings.min_count {
                continue;
            }
            let d = dice(a, f, c);
            if d < settings.min_dice {
                continue;
            }
            if best.is_none_or(|(bd, _)| d > bd) {
                best = Some((d, f));
            }
            let b = &mut best_for_fr[f as usize];
            if d > *b {
                *b = d;
            }
        }
        met.clear();
        if let Some((d, f)) = best {
            best_fr.push((a, d, f));
        }
    }
    let mut links: FxHashMap<u32, Vec<u32>> = FxHashMap::default();
    for (a, d, f) in best_fr {
        // Keep it when the Arabic stem is (nearly) the French stem's best partner too.
        if d + 1e-9 >= best_for_fr[f as usize] * 0.8 {
            let key = interner.intern(&format!("l:{a}:{f}"));
            links.entry(a).or_default().push(key);
            links.entry(f).or_default().push(key);
        }
    }
    links
}

/// The distinct stems of a unit's sentences, sorted, into `list`.
fn distinct_stems(list: &mut Vec<u32>, unit: Sentences<'_>) {
    list.clear();
    list.extend(unit.iter().flat_map(|f| f.stems.iter().map(|s| s.0)));
    list.sort_unstable();
    list.dedup();
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::features::{FeatureStore, SentenceFeatures};
    use std::collections::HashMap;

    fn with_stems(stems: &[u32]) -> SentenceFeatures {
        SentenceFeatures {
            stems: stems.iter().map(|&s| (s, 0, 0)).collect(),
            ..SentenceFeatures::default()
        }
    }

    /// Sentence `k` of `store` as a unit.
    fn one(store: &FeatureStore, k: usize) -> Sentences<'_> {
        store.sentences().slice(k..k + 1)
    }

    /// The plain all-pairs count over a hash map, which [`learn_links`] must agree with.
    fn naive_links<'a>(
        pairs: impl IntoIterator<Item = (Sentences<'a>, Sentences<'a>)>,
        interner: &mut Interner,
        settings: LearnSettings,
    ) -> HashMap<u32, Vec<u32>> {
        let mut count: HashMap<u32, u32> = HashMap::new();
        let mut joint: HashMap<(u32, u32), u32> = HashMap::new();
        let mut n_pairs = 0u32;
        let mut ar_stems = Vec::new();
        let mut fr_stems = Vec::new();
        for (ar, fr) in pairs {
            n_pairs += 1;
            ar_stems.clear();
            fr_stems.clear();
            ar_stems.extend(ar.iter().flat_map(|f| f.stems.iter().map(|s| s.0)));
            fr_stems.extend(fr.iter().flat_map(|f| f.stems.iter().map(|s| s.0)));
            for list in [&mut ar_stems, &mut fr_stems] {
                list.sort_unstable();
                list.dedup();
            }
            for &s in ar_stems.iter().chain(fr_stems.iter()) {
                *count.entry(s).or_default() += 1;
            }
            for &a in &ar_stems {
                for &f in &fr_stems {
                    *joint.entry((a, f)).or_default() += 1;
                }
            }
        }
        if n_pairs < settings.min_pairs {
            return HashMap::new();
        }
        let max_count = (settings.max_share * n_pairs as f64).max(settings.min_count as f64);
        let dice = |a: u32, f: u32, c: u32| 2.0 * c as f64 / (count[&a] + count[&f]) as f64;
        // Best French partner of each Arabic stem, best Dice reached by each French stem.
        let mut best_fr: HashMap<u32, (f64, u32)> = HashMap::new();
        let mut best_for_fr: HashMap<u32, f64> = HashMap::new();
        let mut entries: Vec<(&(u32, u32), &u32)> = joint.iter().collect();
        entries.sort_unstable(); // deterministic tie-breaking
        for (&(a, f), &c) in entries {
            if c < settings.min_count
                || count[&a] as f64 > max_count
                || count[&f] as f64 > max_count
            {
                continue;
            }
            let d = dice(a, f, c);
            if d < settings.min_dice {
                continue;
            }
            let e = best_fr.entry(a).or_insert((d, f));
            if d > e.0 {
                *e = (d, f);
            }
            let b = best_for_fr.entry(f).or_insert(d);
            if d > *b {
                *b = d;
            }
        }
        let mut links: HashMap<u32, Vec<u32>> = HashMap::new();
        let mut chosen: Vec<(u32, (f64, u32))> = best_fr.into_iter().collect();
        chosen.sort_unstable_by_key(|&(a, (_, f))| (a, f));
        for (a, (d, f)) in chosen {
            // Keep it when the Arabic stem is (nearly) the French stem's best partner too.
            if d + 1e-9 >= best_for_fr[&f] * 0.8 {
                let key = interner.intern(&format!("l:{a}:{f}"));
                links.entry(a).or_default().push(key);
                links.entry(f).or_default().push(key);
            }
        }
        links
    }

    #[test]
    fn links_stems_that_keep_appearing_together() {
        let mut interner = Interner::default();
        // Arabic stem 1 + k always appears with French stem 11 + k (k < 8, each in
        // 5 of 40 pairs); stems 3 and 13 are in every pair (too common to tell
        // anything); stems from 100 on are seen once.
        let ar: FeatureStore = (0..40)
            .map(|k| with_stems(&[1 + (k % 8), 3, 100 + k]))
            .collect();
        let fr: FeatureStore = (0..40)
            .map(|k| with_stems(&[11 + (k % 8), 13, 200 + k]))
            .collect();
        let pairs = (0..40).map(|k| (one(&ar, k), one(&fr, k)));
        let links = learn_links(pairs, &mut interner, LearnSettings::default());
        let key = |s: u32| links.get(&s).cloned().unwrap_or_default();
        assert!(!key(1).is_empty() && key(1) == key(11), "{links:?}");
        assert!(!key(2).is_empty() && key(2) == key(12), "{links:?}");
        assert_ne!(key(1), key(2));
        assert!(
            key(3).is_empty() && key(13).is_empty(),
            "common stems linked: {links:?}"
        );
        assert!(
            key(100).is_empty(),
            "a stem seen once was linked: {links:?}"
        );
    }

    #[test]
    fn too_few_pairs_teach_nothing() {
        let mut interner = Interner::default();
        let ar: FeatureStore = (0..10)
            .map(|k| with_stems(&[1 + (k % 2), 100 + k]))
            .collect();
        let fr: FeatureStore = (0..10)
            .map(|k| with_stems(&[11 + (k % 2), 200 + k]))
            .collect();
        let pairs = (0..10).map(|k| (one(&ar, k), one(&fr, k)));
        assert!(learn_links(pairs, &mut interner, LearnSettings::default()).is_empty());
    }

    #[test]
    fn nothing_to_learn_from_nothing() {
        let mut interner = Interner::default();
        let none: Vec<(Sentences<'_>, Sentences<'_>)> = Vec::new();
        assert!(learn_links(none, &mut interner, LearnSettings::default()).is_empty());
    }

    #[test]
    fn agrees_with_counting_every_stem_pair() {
        // Pseudo-random units over a small vocabulary with a few planted translations.
        let mut seed = 12345u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 33) % n
        };
        let (mut ar, mut fr) = (Vec::new(), Vec::new());
        for _ in 0..300 {
            let (mut a, mut f) = (Vec::new(), Vec::new());
            for _ in 0..1 + next(12) {
                let w = next(60) as u32;
                a.push(w);
                if next(4) > 0 {
                    f.push(1000 + w / 2);
                }
            }
            for _ in 0..next(6) {
                f.push(1000 + next(80) as u32);
            }
            ar.push(with_stems(&a));
            fr.push(with_stems(&f));
        }
        let (ar, fr): (FeatureStore, FeatureStore) =
            (ar.into_iter().collect(), fr.into_iter().collect());
        let pairs = || (0..300).map(|k| (one(&ar, k), one(&fr, k)));
        let (mut x, mut y) = (Interner::default(), Interner::default());
        let links = learn_links(pairs(), &mut x, LearnSettings::default());
        assert!(links.len() > 10, "{links:?}");
        let naive = naive_links(pairs(), &mut y, LearnSettings::default());
        assert_eq!(links, naive.into_iter().collect::<FxHashMap<_, _>>());
        assert_eq!(x.len(), y.len());
        for id in 0..x.len() as u32 {
            assert_eq!(x.name(id), y.name(id));
        }
    }
}
