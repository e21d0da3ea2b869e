//! Parallel alignment: documents that translate each other, aligned in order by
//! dynamic programming over beads (1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-0, 0-1).
//!
//! The DP runs in a band around the diagonal, so time and memory grow with
//! length × band rather than length²; when the best path touches the band's edge
//! the band is doubled and the DP rerun, so a narrow band never forces a wrong path.

use crate::align::Bead;
use crate::features::SentenceFeatures;
use crate::score::{Model, ScoreContext, pair_features, sigmoid};

/// Bead shapes the DP considers: (Arabic sentences, French sentences).
pub const SHAPES: [(usize, usize); 8] = [
    (1, 1),
    (1, 0),
    (0, 1),
    (1, 2),
    (2, 1),
    (2, 2),
    (1, 3),
    (3, 1),
];

/// Aligns one document pair in order. Every sentence of both sides ends in exactly
/// one bead; beads with an empty side are sentences left unaligned.
pub fn align_pair(
    ar: &[SentenceFeatures],
    fr: &[SentenceFeatures],
    ctx: &ScoreContext,
    model: &Model,
) -> Vec<Bead> {
    let (n, m) = (ar.len(), fr.len());
    let mut half_width = 16usize.max(2 * n.abs_diff(m) + 8);
    loop {
        let (beads, touched_edge) = banded(ar, fr, ctx, model, half_width);
        if !touched_edge || half_width >= n.max(m) {
            return beads;
        }
        half_width *= 2;
    }
}

/// The band of row `i`: the French positions j considered, as an inclusive range.
fn band(i: usize, n: usize, m: usize, half_width: usize) -> (usize, usize) {
    let center = if n == 0 { 0 } else { i * m / n };
    (
        center.saturating_sub(half_width),
        (center + half_width).min(m),
    )
}

/// One DP run with a fixed band; also says whether the path touched the band's edge.
fn banded(
    ar: &[SentenceFeatures],
    fr: &[SentenceFeatures],
    ctx: &ScoreContext,
    model: &Model,
    half_width: usize,
) -> (Vec<Bead>, bool) {
    let (n, m) = (ar.len(), fr.len());
    let rows: Vec<(usize, usize)> = (0..=n).map(|i| band(i, n, m, half_width)).collect();
    let mut best: Vec<Vec<f64>> = rows
        .iter()
        .map(|&(lo, hi)| vec![f64::NEG_INFINITY; hi - lo + 1])
        .collect();
    let mut back: Vec<Vec<u8>> = rows
        .iter()
        .map(|&(lo, hi)| vec![u8::MAX; hi - lo + 1])
        .collect();
    let mut gain: Vec<Vec<[f64; SHAPES.len()]>> = rows
        .iter()
        .map(|&(lo, hi)| vec![[f64::NAN; SHAPES.len()]; hi - lo + 1])
        .collect();
    if rows[0].0 == 0 {
        best[0][0] = 0.0;
    }
    for i in 0..=n {
        let (lo, hi) = rows[i];
        for j in lo..=hi {
            if i == 0 && j == 0 {
                continue;
            }
            let mut cell_best = f64::NEG_INFINITY;
            let mut cell_back = u8::MAX;
            let mut cell_gain = [f64::NAN; SHAPES.len()];
            for (s, &(a, b)) in SHAPES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let (pi, pj) = (i - a, j - b);
                let (plo, phi) = rows[pi];
                if pj < plo || pj > phi {
                    continue;
                }
                let prev = best[pi][pj - plo];
                if prev == f64::NEG_INFINITY {
                    continue;
                }
                let g = if a == 0 || b == 0 {
                    model.skip
                } else {
                    model.logit(&pair_features(&ar[i - a..i], &fr[j - b..j], ctx, model))
                };
                cell_gain[s] = g;
                if prev + g > cell_best {
                    cell_best = prev + g;
                    cell_back = s as u8;
                }
            }
            best[i][j - lo] = cell_best;
            back[i][j - lo] = cell_back;
            gain[i][j - lo] = cell_gain;
        }
    }
    // Trace back from (n, m).
    let mut beads = Vec::new();
    let mut touched = false;
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let (lo, hi) = rows[i];
        if (j == lo && lo > 0) || (j == hi && hi < m) {
            touched = true;
        }
        let s = back[i][j - lo];
        if s == u8::MAX {
            // Unreachable only if the band excludes the end; treat as edge contact.
            return (Vec::new(), true);
        }
        let (a, b) = SHAPES[s as usize];
        let g = gain[i][j - lo][s as usize];
        beads.push(Bead {
            ar: i - a..i,
            fr: j - b..j,
            score: if a == 0 || b == 0 { 0.0 } else { sigmoid(g) },
        });
        i -= a;
        j -= b;
    }
    beads.reverse();
    (beads, touched)
}
