//! Calibration: whether a pair's `score` reads as the probability that it is right.
//!
//! [`Reliability`] bins scored predictions and compares each bin's mean score with
//! the share of its predictions that are right (a reliability diagram in figures);
//! [`fit_platt`] fits the two-parameter logistic map (Platt scaling) that turns a raw
//! log-odds into a calibrated probability.

use crate::score::sigmoid;
use serde::Serialize;

/// Upper edges of the reliability bins (the first starts at 0).
const EDGES: [f64; 5] = [0.5, 0.7, 0.8, 0.9, 1.0];

/// One bin of a reliability table.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize)]
pub struct Bin {
    /// Lowest score of the bin (inclusive).
    pub lo: f64,
    /// Highest score of the bin (exclusive, except for the last bin).
    pub hi: f64,
    /// Predictions in the bin.
    pub count: usize,
    /// Predictions in the bin that are right.
    pub right: usize,
    /// Sum of the bin's scores (mean = sum / count).
    pub score_sum: f64,
}

impl Bin {
    /// Mean score of the bin.
    pub fn mean_score(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.score_sum / self.count as f64
        }
    }
    /// Share of the bin's predictions that are right.
    pub fn accuracy(&self) -> f64 {
        if self.count == 0 {
            0.0
        } else {
            self.right as f64 / self.count as f64
        }
    }
}

/// A reliability table: predictions binned by score.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Reliability {
    /// The bins, by increasing score.
    pub bins: Vec<Bin>,
}

impl Reliability {
    /// Bins `(score, right)` predictions.
    pub fn new(scored: &[(f64, bool)]) -> Reliability {
        let mut lo = 0.0;
        let mut bins: Vec<Bin> = EDGES
            .iter()
            .map(|&hi| {
                let bin = Bin {
                    lo,
                    hi,
                    ..Bin::default()
                };
                lo = hi;
                bin
            })
            .collect();
        for &(score, right) in scored {
            let k = EDGES
                .iter()
                .position(|&hi| score < hi)
                .unwrap_or(EDGES.len() - 1);
            bins[k].count += 1;
            bins[k].right += usize::from(right);
            bins[k].score_sum += score;
        }
        Reliability { bins }
    }

    /// Expected calibration error: the gap between mean score and accuracy, averaged
    /// over the bins weighted by their counts (0 is perfectly calibrated).
    pub fn ece(&self) -> f64 {
        let n: usize = self.bins.iter().map(|b| b.count).sum();
        if n == 0 {
            return 0.0;
        }
        self.bins
            .iter()
            .map(|b| b.count as f64 * (b.mean_score() - b.accuracy()).abs())
            .sum::<f64>()
            / n as f64
    }
}

impl std::fmt::Display for Reliability {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let cells: Vec<String> = self
            .bins
            .iter()
            .filter(|b| b.count > 0)
            .map(|b| {
                format!(
                    "[{:.1},{:.1}) n {} score {:.2} right {:.2}",
                    b.lo,
                    b.hi,
                    b.count,
                    b.mean_score(),
                    b.accuracy()
                )
            })
            .collect();
        write!(f, "ECE {:.3}; {}", self.ece(), cells.join("; "))
    }
}

/// Fits Platt scaling on `(log-odds, right)` examples: `a`, `b` such that
/// `sigmoid(a · z + b)` is the probability of being right, by Newton's method on the
/// log-likelihood with Platt's smoothed targets (so that separable data keeps finite
/// parameters). Returns the identity `(1, 0)` when one class is missing.
pub fn fit_platt(data: &[(f64, bool)]) -> (f64, f64) {
    let positives = data.iter().filter(|d| d.1).count() as f64;
    let negatives = data.len() as f64 - positives;
    if positives == 0.0 || negatives == 0.0 {
        return (1.0, 0.0);
    }
    let hi = (positives + 1.0) / (positives + 2.0);
    let lo = 1.0 / (negatives + 2.0);
    // Negative log-likelihood against the smoothed targets.
    let loss = |a: f64, b: f64| -> f64 {
        data.iter()
            .map(|&(z, right)| {
                let t = if right { hi } else { lo };
                let x = a * z + b;
                // log(1 + e^x) − t·x, computed without overflow.
                x.max(0.0) + (-x.abs()).exp().ln_1p() - t * x
            })
            .sum()
    };
    let (mut a, mut b) = (1.0, 0.0);
    let mut current = loss(a, b);
    for _ in 0..100 {
        // Gradient and Hessian of the negative log-likelihood.
        let (mut ga, mut gb, mut haa, mut hab, mut hbb) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for &(z, right) in data {
            let t = if right { hi } else { lo };
            let p = sigmoid(a * z + b);
            let w = (p * (1.0 - p)).max(1e-12);
            ga += (p - t) * z;
            gb += p - t;
            haa += w * z * z;
            hab += w * z;
            hbb += w;
        }
        let det = haa * hbb - hab * hab;
        if det.abs() < 1e-12 {
            break;
        }
        let da = (hbb * ga - hab * gb) / det;
        let db = (haa * gb - hab * ga) / det;
        // Newton's step, halved until the loss falls (a full step can overshoot on
        // nearly separable data).
        let mut step = 1.0;
        let mut moved = false;
        while step > 1e-6 {
            let (na, nb) = (a - step * da, b - step * db);
            let next = loss(na, nb);
            if next < current {
                (a, b, current) = (na, nb, next);
                moved = true;
                break;
            }
            step /= 2.0;
        }
        if !moved || step * (da.abs() + db.abs()) < 1e-9 {
            break;
        }
    }
    // A slope that is not positive would reverse the order of the scores (and the
    // miner's threshold): such data says nothing usable, so the map stays the identity.
    if a > 0.0 && a.is_finite() && b.is_finite() {
        (a, b)
    } else {
        (1.0, 0.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bins_count_scores_and_rights() {
        let r = Reliability::new(&[(0.95, true), (0.92, false), (0.6, true), (1.0, true)]);
        let last = r.bins.last().unwrap();
        assert_eq!((last.count, last.right), (3, 2));
        assert_eq!(r.bins[1].count, 1);
        assert!((last.mean_score() - 2.87 / 3.0).abs() < 1e-9);
        // Mean scores 0.957 and 0.6 against accuracies 0.667 and 1.
        assert!((r.ece() - (3.0 * (2.87 / 3.0 - 2.0 / 3.0) + 0.4) / 4.0).abs() < 1e-9);
    }

    #[test]
    fn platt_recovers_a_known_map() {
        // Under-confident raw scores: the truth is sigmoid(2z + 1).
        let mut data = Vec::new();
        for i in 0..400 {
            let z = -3.0 + 6.0 * i as f64 / 400.0;
            let p = sigmoid(2.0 * z + 1.0);
            // Deterministic labels in the right proportion within each small window.
            let right = ((i * 7919) % 100) as f64 / 100.0 < p;
            data.push((z, right));
        }
        let (a, b) = fit_platt(&data);
        assert!(
            (a - 2.0).abs() < 0.5 && (b - 1.0).abs() < 0.5,
            "a {a} b {b}"
        );
        assert_eq!(fit_platt(&[(1.0, true)]), (1.0, 0.0));
        // Scores that run against the truth are not turned upside down.
        let reversed: Vec<(f64, bool)> = (0..100).map(|i| (i as f64 / 10.0, i < 50)).collect();
        assert_eq!(fit_platt(&reversed), (1.0, 0.0));
    }
}
