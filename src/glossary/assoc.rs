//! Association statistics between source and target candidates over the pair set:
//! a candidate's count is the number of pairs whose side holds it, a couple's count the
//! number of pairs holding both.
//!
//! Dice says how exclusively two candidates go together; the log-likelihood ratio
//! (Dunning's G²) says whether that could be chance, which matters for the rare
//! candidates a small pair set is full of; the confidence of an entry combines them with
//! the evidence from outside the counts (anchors, lexicon, transliteration).

/// Dice coefficient of a couple seen together `both` times, its parts `a` and `b` times.
pub fn dice(both: usize, a: usize, b: usize) -> f64 {
    if a + b == 0 {
        return 0.0;
    }
    (2.0 * both as f64 / (a + b) as f64).clamp(0.0, 1.0)
}

/// Dunning's log-likelihood ratio G² of a 2×2 contingency table: `both` pairs hold both
/// candidates, `a` and `b` pairs hold each, out of `n` pairs. 3.84 is p < 0.05.
pub fn llr(both: usize, a: usize, b: usize, n: usize) -> f64 {
    let (k11, a, b, n) = (both as f64, a as f64, b as f64, n as f64);
    let k12 = a - k11;
    let k21 = b - k11;
    let k22 = n - a - b + k11;
    if k12 < 0.0 || k21 < 0.0 || k22 < 0.0 || n <= 0.0 {
        return 0.0;
    }
    let term = |k: f64, row: f64, col: f64| {
        if k <= 0.0 {
            0.0
        } else {
            k * (k * n / (row * col)).ln()
        }
    };
    let g = 2.0
        * (term(k11, a, b) + term(k12, a, n - b) + term(k21, n - a, b) + term(k22, n - a, n - b));
    if g.is_finite() { g.max(0.0) } else { 0.0 }
}

/// How much `count` sightings weigh as evidence, in [0, 1): two sightings are weak, a
/// few dozen are near-certain.
pub fn evidence(count: usize) -> f64 {
    let c = count as f64;
    c / (c + 1.5)
}

/// How well the lengths of two terms (in content words) fit a translation: 1 for equal
/// lengths, lower as they drift apart (`كأس العالم` / `Coupe du monde`: 2 and 2).
pub fn balance(a: usize, b: usize) -> f64 {
    if a == 0 || b == 0 {
        return 0.0;
    }
    let (lo, hi) = (a.min(b) as f64, a.max(b) as f64);
    (lo / hi).powf(0.7)
}

/// Pair-set size at which co-occurrence statistics count half.
pub const HALF_SAMPLE: f64 = 20.0;

/// An entry's confidence in [0, 1]: the association `dice` weighed by the evidence of
/// `count` sightings among `n` pairs, raised by outside support `prior` (anchors,
/// lexicon, transliteration, in [0, 1]), and scaled by the length balance `bal`.
/// Co-occurrence in a handful of pairs says little (in 7 pairs about the same event,
/// every frequent word goes with every other), so statistics weigh `n / (n + 20)`.
pub fn confidence(dice: f64, count: usize, n: usize, prior: f64, bal: f64) -> f64 {
    let sample = n as f64 / (n as f64 + HALF_SAMPLE);
    let assoc = dice.clamp(0.0, 1.0) * evidence(count) * sample;
    // Outside support is worth more the more often it was seen.
    let c = count as f64;
    let prior = prior.clamp(0.0, 1.0) * 0.9 * c / (c + 0.5);
    let c = (1.0 - (1.0 - assoc) * (1.0 - prior)) * bal.clamp(0.0, 1.0);
    if c.is_finite() {
        c.clamp(0.0, 1.0)
    } else {
        0.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dice_and_llr_behave() {
        assert_eq!(dice(3, 3, 3), 1.0);
        assert_eq!(dice(0, 0, 0), 0.0);
        assert!((dice(1, 2, 2) - 0.5).abs() < 1e-12);
        // Always together in 3 of 100 pairs: far from chance.
        assert!(llr(3, 3, 3, 100) > 20.0);
        // Independent: no association.
        assert!(llr(25, 50, 50, 100) < 1e-9);
        // Impossible tables do not panic.
        assert_eq!(llr(5, 2, 2, 3), 0.0);
    }

    #[test]
    fn confidence_is_bounded_and_monotone() {
        let lo = confidence(1.0, 2, 100, 0.0, 1.0);
        let hi = confidence(1.0, 20, 100, 0.0, 1.0);
        let backed = confidence(1.0, 2, 100, 1.0, 1.0);
        assert!(0.0 < lo && lo < hi && hi < 1.0);
        assert!(backed > lo && backed <= 1.0);
        assert_eq!(confidence(f64::NAN, 2, 100, 0.0, 1.0), 0.0);
        assert!(balance(2, 2) > balance(1, 3));
        // The same association means less in a small pair set.
        assert!(confidence(1.0, 3, 7, 0.0, 1.0) < 0.5);
        assert!(confidence(1.0, 3, 700, 0.0, 1.0) > 0.6);
    }
}
