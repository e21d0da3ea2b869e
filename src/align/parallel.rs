//! Parallel alignment: documents that translate each other, aligned in order by
//! dynamic programming over beads (1-1, 1-2, 2-1, 1-3, 3-1, 2-2, 1-0, 0-1).
//!
//! Two passes keep time and memory linear in length:
//! 1. A length-only pass (Gale–Church style, with the model's own length, shape and
//!    bias weights) runs in a band around the diagonal. It costs a few additions per
//!    cell, so even a wide band is cheap, and it gives the path to follow.
//! 2. The full model runs only in a narrow corridor around that path. Its gains
//!    (the expensive part) are computed row by row across cores.
//!
//! In both passes, when the best path touches the edge of the region searched, the
//! region is doubled and the pass rerun, so a narrow band never forces a wrong path.
//! The band of pass 1 stops growing at 1024 sentences a side: where lengths cannot
//! find the path (a long passage only one side has), pass 2 first follows anchors,
//! sentence pairs sure on their own content, which place such a passage at the cost
//! of its length.
//!
//! Self-training's second pass ([`realign`]) reruns step 2 only on the stretches
//! around the beads the first pass was unsure of.

use crate::align::Bead;
use crate::align::comparable::FrenchIndex;
use crate::features::{Features, Sentences};
use crate::score::{
    LEN_FEATURE, Model, PairFeatures, ScoreContext, Scratch, SentenceKeys, Units, sigmoid,
    unit_features, unit_features_summed,
};
use rayon::prelude::*;
use rustc_hash::FxHashMap;
use std::ops::Range;

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

/// Half width of the full model's corridor around the length-only path, in sentences.
pub const CORRIDOR: usize = 3;

/// The widest band the length-only pass searches, in sentences on each side of the
/// diagonal: wider, it would cost time quadratic in length. Where lengths cannot find
/// the path (a long passage only one side has), the full model's corridor touches
/// its edge and follows anchors instead ([`anchor_corridor`]).
const GUIDE_MAX_HALF_WIDTH: usize = 1024;

/// A sentence pair is an anchor candidate when its content alone gives at least this
/// probability ([`content_probability`]).
const ANCHOR_SURE: f64 = 0.9;

/// The largest share (numerator, denominator) of anchored sentences with several
/// sure French candidates for which anchors are followed.
const MAX_REPEATED: (usize, usize) = (1, 4);

/// French candidates looked at per Arabic sentence for anchors: a document may say
/// the same thing more than once, and the chain picks the occurrence in order.
const ANCHOR_CANDIDATES: usize = 4;

/// A bead end: (Arabic position, French position, index into [`SHAPES`]).
pub type BeadEnd = (usize, usize, usize);

/// Aligns one document pair in order. Every sentence of both sides ends in exactly
/// one bead; beads with an empty side are sentences left unaligned.
pub fn align_pair(
    ar: Sentences<'_>,
    fr: Sentences<'_>,
    ctx: &ScoreContext,
    model: &Model,
) -> Vec<Bead> {
    align_guided(ar, fr, &guide_path(ar, fr, model), ctx, model)
}

/// The length-only path of a document pair (pass 1), as bead ends from the first
/// bead to the last, found in a band around the diagonal reaching half the
/// documents' difference in length (plus 16 sentences) on each side, doubled while
/// the path touches its edge: sentences missing on one side are mostly spread
/// through the document, so the path strays far less than the whole drift, and a
/// block missing in one place makes it touch the edge and widen.
pub fn guide_path(ar: Sentences<'_>, fr: Sentences<'_>, model: &Model) -> Vec<BeadEnd> {
    let (n, m) = (ar.len(), fr.len());
    let cheap = CheapGain::new(ar, fr, model);
    let mut half_width = (n.abs_diff(m) / 2 + 16).clamp(16, GUIDE_MAX_HALF_WIDTH);
    loop {
        let rows: Vec<(usize, usize)> = (0..=n).map(|i| band(i, n, m, half_width)).collect();
        let (path, touched) = dp::<false>(&rows, m, |i, j, s| cheap.gain(i, j, s));
        if !touched || half_width >= n.max(m) || half_width >= GUIDE_MAX_HALF_WIDTH {
            return path.into_iter().map(|(i, j, s, _)| (i, j, s)).collect();
        }
        half_width *= 2;
    }
}

/// Aligns one document pair in order around its [`guide_path`] (pass 2), like
/// [`align_pair`].
pub fn align_guided(
    ar: Sentences<'_>,
    fr: Sentences<'_>,
    guide: &[BeadEnd],
    ctx: &ScoreContext,
    model: &Model,
) -> Vec<Bead> {
    let (n, m) = (ar.len(), fr.len());
    let (pa, pb) = model.parallel_calibration.unwrap_or((1.0, 0.0));
    let mut width = CORRIDOR;
    let mut rows = corridor(guide, n, m, width);
    // The path found through the anchors, once tried: later corridors cover it too.
    let mut anchor_path: Vec<BeadEnd> = Vec::new();
    // Whether the anchors were tried, and whether the rows searched last are theirs.
    let (mut anchored, mut on_anchors) = (false, false);
    loop {
        // 2. The full model in a corridor around it. The DP asks for the gains row
        // after row: they are computed a block of rows at a time (across cores), with
        // the block's sentences readied for it, and dropped once passed.
        let mut block = GainBlock::default();
        let (path, touched) = dp::<true>(&rows, m, |i, j, s| {
            if !block.rows.contains(&i) {
                block = full_gains(&rows, i..(i + GAIN_BLOCK).min(n + 1), ar, fr, ctx, model);
            }
            block.gains[i - block.rows.start][(j - rows[i].0) * SHAPES.len() + s]
        });
        if !touched || width >= n.max(m) {
            return path
                .into_iter()
                .map(|(i, j, s, gain)| {
                    let (a, b) = SHAPES[s];
                    Bead {
                        ar: i - a..i,
                        fr: j - b..j,
                        score: if a == 0 || b == 0 {
                            0.0
                        } else {
                            sigmoid(pa * gain + pb)
                        },
                    }
                })
                .collect();
        }
        // The path leaves the corridor: first follow the anchors, which find a
        // passage only one side has; if they do not hold the path either, widen.
        if !anchored {
            anchored = true;
            if let Some(anchor_rows) = anchor_corridor(ar, fr, ctx, model) {
                rows = anchor_rows;
                on_anchors = true;
                continue;
            }
        }
        // The path through the anchors left them where one is wrong: the corridors
        // from now on cover both that path and the length-only one, so that the
        // widening starts from whichever is nearer the truth.
        if std::mem::take(&mut on_anchors) {
            anchor_path = path.iter().map(|&(i, j, s, _)| (i, j, s)).collect();
        }
        width *= 2;
        rows = corridor(guide, n, m, width);
        if !anchor_path.is_empty() {
            for (row, other) in rows.iter_mut().zip(corridor(&anchor_path, n, m, width)) {
                *row = (row.0.min(other.0), row.1.max(other.1));
            }
        }
    }
}

/// The probability of each pair bead on its content alone (the mining weights and
/// calibration), in the order of `beads`, one-sided beads left out: the evidence that
/// the documents translate each other, without the DP's prior that neighbours of a
/// pair are pairs too.
pub fn content_scores(
    ar: Sentences<'_>,
    fr: Sentences<'_>,
    beads: &[Bead],
    ctx: &ScoreContext,
    model: &Model,
) -> Vec<f64> {
    beads
        .par_iter()
        .filter(|bead| bead.is_pair())
        .map_init(Scratch::default, |scratch, bead| {
            let f = unit_features(
                &keys(ar.slice(bead.ar.clone()), ctx, SentenceKeys::arabic),
                &keys(fr.slice(bead.fr.clone()), ctx, SentenceKeys::french),
                ctx,
                model,
                scratch,
            );
            content_probability(model, &f)
        })
        .collect()
}

/// The probability that a pair is right on its content alone: the mining weights
/// and calibration, as comparable mining scores a pair (no margin).
fn content_probability(model: &Model, f: &PairFeatures) -> f64 {
    let (a, b) = model.comparable_calibration.unwrap_or((1.0, 0.0));
    sigmoid(a * model.content_logit(f) + b)
}

/// The rows of a corridor through anchors: sentence pairs that are sure on their own
/// (see [`ANCHOR_SURE`]), found through an index of the French sentences, kept in
/// the longest chain in order on both sides. Between two anchors the path may take
/// any way (the box they span, with [`CORRIDOR`] sentences of margin), so a passage
/// only one side has costs its length, not the square of the document's. `None`
/// when the boxes would cover more than a band as wide as the widest guide.
fn anchor_corridor(
    ar: Sentences<'_>,
    fr: Sentences<'_>,
    ctx: &ScoreContext,
    model: &Model,
) -> Option<Vec<(usize, usize)>> {
    let (n, m) = (ar.len(), fr.len());
    let index = FrenchIndex::build(m, |g| fr.get(g));
    let found: Vec<Vec<usize>> = (0..n)
        .into_par_iter()
        .map_init(Scratch::default, |scratch, i| {
            let keys = [SentenceKeys::arabic(&ar.get(i), ctx)];
            let mut sure: Vec<usize> = index
                .lookup_scored(&ar.get(i), ctx, ANCHOR_CANDIDATES)
                .into_iter()
                .map(|(j, _)| j as usize)
                .filter(|&j| {
                    let f = unit_features(
                        &keys,
                        &[SentenceKeys::french(&fr.get(j), ctx)],
                        ctx,
                        model,
                        scratch,
                    );
                    content_probability(model, &f) >= ANCHOR_SURE
                })
                .collect();
            sure.sort_unstable();
            sure
        })
        .collect();
    if !worth_following(&found) {
        return None;
    }
    let chain = increasing_chain(&found);
    // Box corners: the origin, both ends of each anchor's bead, the end.
    let mut corners = vec![(0, 0)];
    for &(i, j) in &chain {
        corners.extend([(i, j), (i + 1, j + 1)]);
    }
    corners.push((n, m));
    let mut rows = vec![(usize::MAX, 0); n + 1];
    let mut cells = 0;
    for pair in corners.windows(2) {
        let ((i1, j1), (i2, j2)) = (pair[0], pair[1]);
        let (lo, hi) = (j1.saturating_sub(CORRIDOR), (j2 + CORRIDOR).min(m));
        let (first, last) = (i1.saturating_sub(CORRIDOR), (i2 + CORRIDOR).min(n));
        for row in &mut rows[first..=last] {
            *row = (row.0.min(lo), row.1.max(hi));
        }
        cells += (i2 - i1 + 1) * (hi - lo + 1);
        if cells > (n + 1) * (2 * GUIDE_MAX_HALF_WIDTH + 1) {
            return None;
        }
    }
    Some(rows)
}

/// Whether anchors (`found[i]`: the sure French sentences of Arabic sentence `i`)
/// are worth following: some sentence has one, and at most a quarter of those that
/// do have more than one. Where many do, the text repeats itself and the chain may
/// follow the wrong copy: lengths decide then.
fn worth_following(found: &[Vec<usize>]) -> bool {
    let sure = found.iter().filter(|f| !f.is_empty()).count();
    let repeated = found.iter().filter(|f| f.len() > 1).count();
    sure > 0 && repeated * MAX_REPEATED.1 <= sure * MAX_REPEATED.0
}

/// The longest chain of pairs `(i, j)`, `j` in `found[i]` (ascending), increasing
/// on both sides: at most one pair per `i` (patience sorting).
fn increasing_chain(found: &[Vec<usize>]) -> Vec<(usize, usize)> {
    // tails[k]: the pair ending the best chain of length k + 1 found so far, by the
    // smallest French index; back[p]: each pair's predecessor in its chain. The pairs
    // of one `i` come by descending `j`, so no chain takes two of them.
    let points: Vec<(usize, usize)> = found
        .iter()
        .enumerate()
        .flat_map(|(i, js)| js.iter().rev().map(move |&j| (i, j)))
        .collect();
    let mut tails: Vec<usize> = Vec::new();
    let mut back: Vec<Option<usize>> = vec![None; points.len()];
    for (p, &(_, j)) in points.iter().enumerate() {
        let k = tails.partition_point(|&t| points[t].1 < j);
        back[p] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(p);
        } else {
            tails[k] = p;
        }
    }
    let mut chain = Vec::with_capacity(tails.len());
    let mut at = tails.last().copied();
    while let Some(p) = at {
        chain.push(points[p]);
        at = back[p];
    }
    chain.reverse();
    chain
}

/// Pairs scored at least this by pass 1, and again with the new evidence, are kept
/// by [`realign`] unless a stretch being realigned reaches them.
pub const SURE: f64 = 0.95;

/// Beads of pass 1 on each side of an unsure one that [`realign`] realigns with it,
/// so that the new path may also move where the stretch meets its neighbours.
const MARGIN: usize = 2;

/// Aligns one document pair again (self-training's second pass), given its pass-1
/// beads `first`: the sure pairs (scored at least [`SURE`] by pass 1 and again with
/// `ctx`) are kept with their new scores, and the stretches around the other beads
/// (with [`MARGIN`] beads on each side) are realigned with `ctx`. Most of a
/// translation is sure after pass 1, so this costs a fraction of a full pass
/// (hunalign's realign, done only where it can change something).
pub fn realign(
    ar: Sentences<'_>,
    fr: Sentences<'_>,
    first: &[Bead],
    ctx: &ScoreContext,
    model: &Model,
) -> Vec<Bead> {
    let (pa, pb) = model.parallel_calibration.unwrap_or((1.0, 0.0));
    // Each pass-1 sure pair's score with the new evidence.
    let rescored: Vec<Option<f64>> = first
        .par_iter()
        .map_init(Scratch::default, |scratch, bead| {
            (bead.is_pair() && bead.score >= SURE).then(|| {
                let features = unit_features(
                    &keys(ar.slice(bead.ar.clone()), ctx, SentenceKeys::arabic),
                    &keys(fr.slice(bead.fr.clone()), ctx, SentenceKeys::french),
                    ctx,
                    model,
                    scratch,
                );
                sigmoid(pa * model.logit(&features) + pb)
            })
        })
        .collect();
    let sure = |k: usize| rescored[k].is_some_and(|s| s >= SURE);
    // Stretches of beads to realign, merged where they meet.
    let mut stretches: Vec<Range<usize>> = Vec::new();
    for k in (0..first.len()).filter(|&k| !sure(k)) {
        let (lo, hi) = (k.saturating_sub(MARGIN), (k + 1 + MARGIN).min(first.len()));
        match stretches.last_mut() {
            Some(last) if last.end >= lo => last.end = hi,
            _ => stretches.push(lo..hi),
        }
    }
    // The beads in order: the sure ones between stretches, then each stretch realigned.
    let mut out: Vec<Bead> = Vec::with_capacity(first.len());
    let mut at = 0;
    let realigned: Vec<Vec<Bead>> = stretches
        .par_iter()
        .map(|stretch| {
            let a = first[stretch.start].ar.start..first[stretch.end - 1].ar.end;
            let f = first[stretch.start].fr.start..first[stretch.end - 1].fr.end;
            align_pair(ar.slice(a.clone()), fr.slice(f.clone()), ctx, model)
                .into_iter()
                .map(|b| Bead {
                    ar: b.ar.start + a.start..b.ar.end + a.start,
                    fr: b.fr.start + f.start..b.fr.end + f.start,
                    score: b.score,
                })
                .collect()
        })
        .collect();
    let kept = |k: usize| Bead {
        score: rescored[k].unwrap_or(0.0),
        ..first[k].clone()
    };
    for (stretch, beads) in stretches.iter().zip(realigned) {
        out.extend((at..stretch.start).map(kept));
        out.extend(beads);
        at = stretch.end;
    }
    out.extend((at..first.len()).map(kept));
    out
}

/// The sentences readied for scoring.
fn keys(
    side: Sentences<'_>,
    ctx: &ScoreContext,
    ready: fn(&Features<'_>, &ScoreContext) -> SentenceKeys,
) -> Vec<SentenceKeys> {
    side.iter().map(|s| ready(&s, ctx)).collect()
}

/// Rows of the corridor whose gains are computed together (see [`full_gains`]).
const GAIN_BLOCK: usize = 256;

/// The sentences the beads ending on a block of rows take, readied for scoring:
/// Arabic sentences from `ar_first` on, French ones from `fr_first` on, and the mark
/// words of the French sentences before each one (from `fr_first`).
struct BlockKeys {
    ar_first: usize,
    ar: Vec<SentenceKeys>,
    fr_first: usize,
    fr: Vec<SentenceKeys>,
    fr_words: Vec<usize>,
}

impl BlockKeys {
    fn new(
        rows: &[(usize, usize)],
        block: Range<usize>,
        ar: Sentences<'_>,
        fr: Sentences<'_>,
        ctx: &ScoreContext,
    ) -> BlockKeys {
        // Beads ending on row i take Arabic sentences i - 3..i and French sentences
        // from three before the row's first position to before its last.
        let ar_first = block.start.saturating_sub(3);
        let ar_end = block.end.saturating_sub(1).max(ar_first);
        let (mut fr_first, mut fr_end) = (usize::MAX, 0);
        for &(lo, hi) in &rows[block] {
            fr_first = fr_first.min(lo.saturating_sub(3));
            fr_end = fr_end.max(hi.min(fr.len()));
        }
        let fr_first = fr_first.min(fr_end);
        let ar: Vec<SentenceKeys> = (ar_first..ar_end)
            .into_par_iter()
            .map(|i| SentenceKeys::arabic(&ar.get(i), ctx))
            .collect();
        let fr: Vec<SentenceKeys> = (fr_first..fr_end)
            .into_par_iter()
            .map(|j| SentenceKeys::french(&fr.get(j), ctx))
            .collect();
        let mut fr_words = Vec::with_capacity(fr.len() + 1);
        fr_words.push(0);
        for f in &fr {
            fr_words.push(fr_words[fr_words.len() - 1] + f.mark_words());
        }
        BlockKeys {
            ar_first,
            ar,
            fr_first,
            fr,
            fr_words,
        }
    }

    /// The French sentences `r`.
    fn fr(&self, r: Range<usize>) -> &[SentenceKeys] {
        &self.fr[r.start - self.fr_first..r.end - self.fr_first]
    }

    /// The mark words of the French sentences from `fr_first` to before `f`.
    fn fr_words(&self, f: usize) -> usize {
        self.fr_words[f - self.fr_first]
    }
}

/// The band of row `i`: the French positions j considered, as an inclusive range.
fn band(i: usize, n: usize, m: usize, half_width: usize) -> (usize, usize) {
    let center = (i * m).checked_div(n).unwrap_or(0);
    (
        center.saturating_sub(half_width),
        (center + half_width).min(m),
    )
}

/// The rows of a corridor `width` sentences wide on each side of a path (given as
/// its bead ends, from the first bead to the last).
fn corridor(
    path: &[(usize, usize, usize)],
    n: usize,
    m: usize,
    width: usize,
) -> Vec<(usize, usize)> {
    // The French positions the path occupies at each row, beads crossing a row
    // counted at both their ends.
    let mut span: Vec<(usize, usize)> = vec![(usize::MAX, 0); n + 1];
    let mut cover = |i: usize, j: usize| {
        let s = &mut span[i];
        s.0 = s.0.min(j);
        s.1 = s.1.max(j);
    };
    cover(0, 0);
    for &(i, j, s) in path {
        let (a, b) = SHAPES[s];
        for r in i - a..=i {
            cover(r, j - b);
            cover(r, j);
        }
    }
    (0..=n)
        .map(|i| {
            let (lo, hi) = span[i.saturating_sub(width)..=(i + width).min(n)]
                .iter()
                .fold((usize::MAX, 0), |acc, s| (acc.0.min(s.0), acc.1.max(s.1)));
            let lo = if lo == usize::MAX { 0 } else { lo };
            (lo.saturating_sub(width), (hi + width).min(m))
        })
        .collect()
}

/// The gains of a block of rows: `gains[i - rows.start][(j - lo) * SHAPES.len() + s]`
/// for the bead of shape `s` ending at (i, j), NaN where the shape does not fit.
#[derive(Debug, Default)]
struct GainBlock {
    rows: Range<usize>,
    gains: Vec<Vec<f64>>,
}

/// The full model's gain of every shape ending at every cell of the rows `block` of
/// the corridor `rows`, computed across cores.
fn full_gains(
    rows: &[(usize, usize)],
    block: Range<usize>,
    ar: Sentences<'_>,
    fr: Sentences<'_>,
    ctx: &ScoreContext,
    model: &Model,
) -> GainBlock {
    let keys = BlockKeys::new(rows, block.clone(), ar, fr, ctx);
    let (marks, (ar_units, fr_units)) = rayon::join(
        || BlockMarks::new(rows, block.clone(), &keys),
        || rayon::join(|| Units::new(&keys.ar, ctx), || Units::new(&keys.fr, ctx)),
    );
    let gains = block
        .clone()
        .into_par_iter()
        .map_init(Scratch::default, |scratch, i| {
            let (lo, hi) = rows[i];
            let mut out = vec![f64::NAN; (hi - lo + 1) * SHAPES.len()];
            for j in lo..=hi {
                for (s, &(a, b)) in SHAPES.iter().enumerate() {
                    if a > i || b > j {
                        continue;
                    }
                    let (plo, phi) = rows[i - a];
                    if j - b < plo || j - b > phi {
                        continue;
                    }
                    out[(j - lo) * SHAPES.len() + s] = if a == 0 || b == 0 {
                        model.skip
                    } else {
                        let pair = |x: usize, y: usize, am: &mut [u64], fm: &mut [u64]| {
                            marks.or_into(i - a + x, j - b + y, am, fm);
                        };
                        let (ua, sa) = ar_units.get(i - a - keys.ar_first, i - keys.ar_first);
                        let (uf, sf) = fr_units.get(j - b - keys.fr_first, j - keys.fr_first);
                        model.logit(&unit_features_summed(
                            (ua, &sa),
                            (uf, &sf),
                            ctx,
                            model,
                            scratch,
                            &pair,
                        ))
                    };
                }
            }
            out
        })
        .collect();
    GainBlock { rows: block, gains }
}

/// The marks of every sentence pair the beads ending on a block of rows hold, each
/// pair marked once: a pair is in up to six beads on each of up to three rows.
struct BlockMarks<'a> {
    /// For each Arabic sentence of the block's keys, its marks against French ones.
    sentences: Vec<SentenceMarks>,
    keys: &'a BlockKeys,
}

/// One Arabic sentence's marks against the French sentences `first..`: its own marks
/// (`words` words per French sentence, one after the other), and each French
/// sentence's marks against it (French sentence `f` from `keys.fr_words(f) -
/// keys.fr_words(first)` on).
struct SentenceMarks {
    first: usize,
    words: usize,
    ar: Vec<u64>,
    fr: Vec<u64>,
}

impl<'a> BlockMarks<'a> {
    fn new(rows: &[(usize, usize)], block: Range<usize>, keys: &'a BlockKeys) -> BlockMarks<'a> {
        // The French sentences of the rows that take each Arabic sentence k.
        let french: Vec<(usize, usize)> = (keys.ar_first..keys.ar_first + keys.ar.len())
            .map(|k| {
                let (mut lo, mut hi) = (usize::MAX, 0);
                for i in (k + 1..=k + 3).filter(|i| block.contains(i)) {
                    lo = lo.min(rows[i].0.saturating_sub(3));
                    hi = hi.max(rows[i].1.min(keys.fr_first + keys.fr.len()));
                }
                (lo.min(hi), hi)
            })
            .collect();
        // A few Arabic sentences at a time, with the French sentences they meet indexed
        // by id: the index stays small (it is built for every chunk, and a chunk's
        // French sentences are a few more than its Arabic ones).
        let sentences = french
            .par_chunks(MARK_CHUNK)
            .enumerate()
            .flat_map_iter(|(c, french)| {
                let lo = french.iter().map(|r| r.0).min().unwrap_or(0);
                let hi = french.iter().map(|r| r.1).max().unwrap_or(0).max(lo);
                let ids = FrenchIds::new(keys.fr(lo..hi), lo);
                let first = keys.ar_first + c * MARK_CHUNK;
                french
                    .iter()
                    .enumerate()
                    .map(|(n, &(lo, hi))| {
                        let a = &keys.ar[first + n - keys.ar_first];
                        ids.marks(a, lo..hi, keys)
                    })
                    .collect::<Vec<_>>()
            })
            .collect();
        BlockMarks { sentences, keys }
    }

    /// ORs the marks of the pair (Arabic sentence `a`, French sentence `f`).
    fn or_into(&self, a: usize, f: usize, ar_marks: &mut [u64], fr_marks: &mut [u64]) {
        let s = &self.sentences[a - self.keys.ar_first];
        let n = f - s.first;
        for (m, &w) in ar_marks.iter_mut().zip(&s.ar[n * s.words..]) {
            *m |= w;
        }
        let at = self.keys.fr_words(f) - self.keys.fr_words(s.first);
        let words = self.keys.fr_words(f + 1) - self.keys.fr_words(f);
        for (m, &w) in fr_marks.iter_mut().zip(&s.fr[at..at + words]) {
            *m |= w;
        }
    }
}

/// Some French sentences by the ids they hold: for each id, the sentences whose
/// targets hold it, and the probes (tests) looking for it, by sentence. An Arabic
/// sentence is then marked against its French neighbours by a lookup per id, not by
/// a merge per pair: a pair shares few ids, and an Arabic sentence meets some twenty
/// French ones.
struct FrenchIds {
    /// For each id: the ranges of `targets` and `probes` that hold it.
    at: FxHashMap<u32, (u32, u32, u32, u32)>,
    /// (id, sentence) packed in one integer, sorted.
    targets: Vec<u64>,
    /// (id, position in `flat`) packed in one integer, sorted: by id, then sentence,
    /// then test.
    probes: Vec<u64>,
    /// Every probe's (sentence, test), sentence after sentence.
    flat: Vec<(u32, u32)>,
    /// The block index of the first sentence (the lists number them from it).
    first: usize,
}

/// Arabic sentences marked against French ones at a time by [`BlockMarks`].
const MARK_CHUNK: usize = 64;

impl FrenchIds {
    /// Indexes the French sentences `fr`, the first of which is sentence `first`.
    fn new(fr: &[SentenceKeys], first: usize) -> FrenchIds {
        // Sorted as one integer each, (id, position) packed: the targets by id then
        // sentence, the probes by id then position in `flat` (by sentence, then test).
        let mut targets = Vec::with_capacity(fr.iter().map(|k| k.targets().len()).sum());
        for (f, k) in fr.iter().enumerate() {
            targets.extend(k.targets().iter().map(|&id| u64::from(id) << 32 | f as u64));
        }
        targets.sort_unstable();
        let n = fr.iter().map(|k| k.probes().len()).sum();
        let (mut probes, mut flat) = (Vec::with_capacity(n), Vec::with_capacity(n));
        for (f, k) in fr.iter().enumerate() {
            for &(id, t) in k.probes() {
                probes.push(u64::from(id) << 32 | flat.len() as u64);
                flat.push((f as u32, t));
            }
        }
        probes.sort_unstable();
        let id = |e: u64| (e >> 32) as u32;
        // The ranges of each id, found in one merge of the two sorted lists.
        let distinct = |list: &[u64]| list.windows(2).filter(|w| id(w[0]) != id(w[1])).count() + 1;
        let mut at = FxHashMap::default();
        at.reserve(distinct(&targets).max(distinct(&probes)));
        let run = |list: &[u64], n: usize| n + list[n..].partition_point(|&e| id(e) == id(list[n]));
        let (mut x, mut y) = (0, 0);
        while x < targets.len() || y < probes.len() {
            let next = match (targets.get(x), probes.get(y)) {
                (Some(&t), Some(&p)) => id(t).min(id(p)),
                (Some(&t), None) => id(t),
                (None, Some(&p)) => id(p),
                (None, None) => unreachable!(),
            };
            let (x0, y0) = (x, y);
            if x < targets.len() && id(targets[x]) == next {
                x = run(&targets, x);
            }
            if y < probes.len() && id(probes[y]) == next {
                y = run(&probes, y);
            }
            at.insert(next, (x0 as u32, x as u32, y0 as u32, y as u32));
        }
        FrenchIds {
            at,
            targets,
            probes,
            flat,
            first,
        }
    }

    /// The marks of Arabic sentence `a` against the French sentences `french` (all
    /// indexed), and theirs against it: what [`SentenceKeys::mark`] finds pair by
    /// pair.
    fn marks(&self, a: &SentenceKeys, french: Range<usize>, keys: &BlockKeys) -> SentenceMarks {
        let words = a.mark_words();
        let mut am = vec![0; words * french.len()];
        let mut fm = vec![0; keys.fr_words(french.end) - keys.fr_words(french.start)];
        let (lo, hi) = (
            (french.start - self.first) as u32,
            (french.end - self.first) as u32,
        );
        // Each test of the Arabic sentence, against the French sentences whose
        // targets hold its id.
        for &(id, t) in a.probes() {
            for f in self
                .targets(id)
                .skip_while(|&f| f < lo)
                .take_while(|&f| f < hi)
            {
                am[(f - lo) as usize * words + t as usize / 64] |= 1 << (t % 64);
            }
        }
        // Each French test looking for an id the Arabic sentence holds.
        let base = keys.fr_words(french.start);
        for &id in a.targets() {
            let found = self.probes(id).skip_while(|p| p.0 < lo);
            for (f, t) in found.take_while(|p| p.0 < hi) {
                let at = keys.fr_words(f as usize + self.first) - base;
                fm[at + t as usize / 64] |= 1 << (t % 64);
            }
        }
        SentenceMarks {
            first: french.start,
            words,
            ar: am,
            fr: fm,
        }
    }

    /// The French sentences whose targets hold `id`, ascending.
    fn targets(&self, id: u32) -> impl Iterator<Item = u32> + '_ {
        let (a, b) = self.at.get(&id).map_or((0, 0), |r| (r.0, r.1));
        self.targets[a as usize..b as usize]
            .iter()
            .map(|&e| e as u32)
    }

    /// The French probes looking for `id`, as (sentence, test), by sentence.
    fn probes(&self, id: u32) -> impl Iterator<Item = (u32, u32)> + '_ {
        let (a, b) = self.at.get(&id).map_or((0, 0), |r| (r.2, r.3));
        self.probes[a as usize..b as usize]
            .iter()
            .map(|&e| self.flat[e as u32 as usize])
    }
}

/// The length-only gain: the model's bias, length, shape and tiny-unit terms, as if
/// no content evidence were shared.
struct CheapGain {
    /// For each Arabic position `i` and `a` = 1, 2, 3: the logarithm of the
    /// characters of the `a` sentences ending at `i`, plus one, over the length
    /// model's deviation, and whether they hold fewer than three words (NaN where
    /// there are fewer than `a` sentences before `i`). Taken once per unit, so that
    /// a cell costs a subtraction, a square and a few additions.
    ar: Vec<[(f64, bool); 3]>,
    /// The same for French, less the length model's mean ratio.
    fr: Vec<[(f64, bool); 3]>,
    /// Bias and shape terms of each shape.
    base: [f64; SHAPES.len()],
    len: f64,
    tiny: f64,
    skip: f64,
}

/// The length term is capped at this many standard deviations (squared: 25).
const LEN_CAP: f64 = 5.0;

impl CheapGain {
    fn new(ar: Sentences<'_>, fr: Sentences<'_>, model: &Model) -> CheapGain {
        let (mu, sigma) = (model.len_mu, model.len_sigma.max(1e-3));
        // The lengths of the units of one to three sentences ending at each position.
        let units = |side: Sentences<'_>, shift: f64| {
            let mut prefix = Vec::with_capacity(side.len() + 1);
            let (mut c, mut w) = (0u64, 0u64);
            prefix.push((0, 0));
            for f in side.iter() {
                c += u64::from(f.chars);
                w += u64::from(f.words);
                prefix.push((c, w));
            }
            (0..prefix.len())
                .map(|i| {
                    std::array::from_fn(|k| match i.checked_sub(k + 1) {
                        Some(start) => (
                            (((prefix[i].0 - prefix[start].0) as f64 + 1.0).ln() - shift) / sigma,
                            prefix[i].1 - prefix[start].1 < 3,
                        ),
                        None => (f64::NAN, false),
                    })
                })
                .collect()
        };
        let weight = |k: usize| model.weights.get(k).copied().unwrap_or(0.0);
        let base = SHAPES.map(|(a, b)| {
            weight(0)
                + match a + b {
                    3 => weight(11),
                    4.. => weight(12),
                    _ => 0.0,
                }
        });
        CheapGain {
            ar: units(ar, 0.0),
            fr: units(fr, mu),
            base,
            len: weight(LEN_FEATURE),
            tiny: weight(13),
            skip: model.skip,
        }
    }

    fn gain(&self, i: usize, j: usize, s: usize) -> f64 {
        let (a, b) = SHAPES[s];
        if a == 0 || b == 0 {
            return self.skip;
        }
        let (za, tiny_a) = self.ar[i][a - 1];
        let (zf, tiny_f) = self.fr[j][b - 1];
        let dev = zf - za;
        self.base[s]
            + self.len * (dev * dev).min(LEN_CAP * LEN_CAP)
            + if tiny_a || tiny_f { self.tiny } else { 0.0 }
    }
}

/// One DP over the given rows (row `i` holds French positions `rows[i].0..=rows[i].1`)
/// with `gain(i, j, shape)` for the bead of that shape ending at (i, j), NaN when it
/// is not available; it is asked row after row, never for an earlier row. Returns the
/// best path as bead ends `(i, j, shape, gain)` from first to last, the gain of each
/// bead kept when `KEEP` (NaN otherwise: the length-only pass has many cells and no
/// use for them), and whether it touched the edge of the rows (an empty path when
/// the end is out of reach, which counts as touching).
fn dp<const KEEP: bool>(
    rows: &[(usize, usize)],
    m: usize,
    mut gain: impl FnMut(usize, usize, usize) -> f64,
) -> (Vec<(usize, usize, usize, f64)>, bool) {
    let n = rows.len() - 1;
    // Beads take at most three Arabic sentences: the best scores of the last four rows
    // are all the DP reads, kept in a ring (row `i` in `best[i % 4]`); only the
    // back pointers are kept for every row.
    let mut best: [Vec<f64>; 4] = Default::default();
    let mut back: Vec<Vec<u8>> = rows
        .iter()
        .map(|&(lo, hi)| vec![u8::MAX; hi - lo + 1])
        .collect();
    // With `KEEP`, the gain of each cell's best bead.
    let mut kept: Vec<Vec<f64>> = match KEEP {
        true => rows
            .iter()
            .map(|&(lo, hi)| vec![0.0; hi - lo + 1])
            .collect(),
        false => Vec::new(),
    };
    for i in 0..=n {
        let (lo, hi) = rows[i];
        let row = &mut best[i % 4];
        row.clear();
        row.resize(hi - lo + 1, f64::NEG_INFINITY);
        if i == 0 && lo == 0 {
            row[0] = 0.0;
        }
        for j in lo..=hi {
            if i == 0 && j == 0 {
                continue;
            }
            let mut cell_best = f64::NEG_INFINITY;
            let mut cell_back = u8::MAX;
            let mut cell_gain = f64::NAN;
            for (s, &(a, b)) in SHAPES.iter().enumerate() {
                if a > i || b > j {
                    continue;
                }
                let (pi, pj) = (i - a, j - b);
                let (plo, phi) = rows[pi];
                if pj < plo || pj > phi {
                    continue;
                }
                let prev = best[pi % 4][pj - plo];
                if prev == f64::NEG_INFINITY {
                    continue;
                }
                let g = gain(i, j, s);
                if prev + g > cell_best {
                    cell_best = prev + g;
                    cell_back = s as u8;
                    cell_gain = g;
                }
            }
            best[i % 4][j - lo] = cell_best;
            back[i][j - lo] = cell_back;
            if KEEP {
                kept[i][j - lo] = cell_gain;
            }
        }
    }
    // Trace back from (n, m).
    let mut path = Vec::new();
    let mut touched = false;
    let (mut i, mut j) = (n, m);
    if j < rows[n].0 || j > rows[n].1 {
        return (Vec::new(), true);
    }
    while i > 0 || j > 0 {
        let (lo, hi) = rows[i];
        if (j == lo && lo > 0) || (j == hi && hi < m) {
            touched = true;
        }
        let s = back[i][j - lo];
        if s == u8::MAX {
            return (Vec::new(), true);
        }
        let gain = if KEEP { kept[i][j - lo] } else { f64::NAN };
        path.push((i, j, s as usize, gain));
        let (a, b) = SHAPES[s as usize];
        i -= a;
        j -= b;
    }
    path.reverse();
    (path, touched)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::anchor::lexicon::Lexicon;
    use crate::features::{Extractor, FeatureStore};

    /// The scoring context of a document pair.
    fn context(ar: &FeatureStore, fr: &FeatureStore, x: &Extractor) -> ScoreContext {
        ScoreContext::build(&[ar], &[fr], &x.interner, 0.75)
    }

    /// A small document pair with irregular lengths and sentences with more than 64
    /// tests (marks of several words), and its scoring context.
    /// Arabic sentences of the fixtures, each translated by the French one at its
    /// position in [`FR_TEXTS`].
    const AR_TEXTS: [&str; 4] = [
        "استقبل الوزير الوفد في الرباط يوم 25 مايو 2022",
        "قال حموشي إن التعاون مستمر مع قطر",
        "وصل 300 شرطي إلى الدوحة",
        "أكد جاسم أهمية الأمن",
    ];

    /// French sentences of the fixtures: the translations, then one of its own.
    const FR_TEXTS: [&str; 5] = [
        "Le ministre a reçu la délégation à Rabat le 25 mai 2022",
        "Hammouchi a dit que la coopération avec le Qatar continue",
        "300 policiers sont arrivés à Doha",
        "Jassim a souligné l'importance de la sécurité",
        "Une phrase de plus",
    ];

    fn fixture() -> (FeatureStore, FeatureStore, ScoreContext) {
        let (ar_texts, fr_texts) = (AR_TEXTS, FR_TEXTS);
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        // Irregular lengths, and sentences with more than 64 tests (marks of
        // several words).
        let long_ar = ar_texts.join(" و ").repeat(4);
        let long_fr = fr_texts.join(" et ").repeat(4);
        let ar: FeatureStore = (0..23)
            .map(|n| match n % 9 {
                8 => x.extract(&long_ar, Lang::Ar),
                k => x.extract(ar_texts[k % ar_texts.len()], Lang::Ar),
            })
            .collect();
        let fr: FeatureStore = (0..27)
            .map(|n| match n % 10 {
                7 => x.extract(&long_fr, Lang::Fr),
                k => x.extract(fr_texts[k % fr_texts.len()], Lang::Fr),
            })
            .collect();
        let ctx = context(&ar, &fr, &x);
        (ar, fr, ctx)
    }

    /// Checks that the gains [`full_gains`] computes by blocks of each size, over the
    /// corridor `rows`, are bit for bit those of each bead scored alone.
    fn assert_blocks_score_beads_alone(
        (ar, fr, ctx): (&FeatureStore, &FeatureStore, &ScoreContext),
        rows: &[(usize, usize)],
        sizes: &[usize],
    ) {
        let model = Model::builtin();
        let n = ar.len();
        let ar_keys = keys(ar.sentences(), ctx, SentenceKeys::arabic);
        let fr_keys = keys(fr.sentences(), ctx, SentenceKeys::french);
        let mut scratch = Scratch::default();
        for &size in sizes {
            for start in (0..=n).step_by(size) {
                let block = full_gains(
                    rows,
                    start..(start + size).min(n + 1),
                    ar.sentences(),
                    fr.sentences(),
                    ctx,
                    &model,
                );
                for i in block.rows.clone() {
                    let (lo, hi) = rows[i];
                    for j in lo..=hi {
                        for (s, &(a, b)) in SHAPES.iter().enumerate() {
                            let got = block.gains[i - start][(j - lo) * SHAPES.len() + s];
                            if a > i || b > j || j - b < rows[i - a].0 || j - b > rows[i - a].1 {
                                assert!(got.is_nan());
                                continue;
                            }
                            let want = if a == 0 || b == 0 {
                                model.skip
                            } else {
                                let (u, v) = (&ar_keys[i - a..i], &fr_keys[j - b..j]);
                                model.logit(&unit_features(u, v, ctx, &model, &mut scratch))
                            };
                            assert_eq!(
                                got.to_bits(),
                                want.to_bits(),
                                "block {size}: ({i}, {j}) shape {s}"
                            );
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn gains_computed_by_blocks_are_each_bead_scored_alone() {
        let (ar, fr, ctx) = fixture();
        let model = Model::builtin();
        let rows = corridor(
            &guide_path(ar.sentences(), fr.sentences(), &model),
            ar.len(),
            fr.len(),
            CORRIDOR,
        );
        assert!(
            keys(ar.sentences(), &ctx, SentenceKeys::arabic)
                .iter()
                .any(|k| k.mark_words() > 1)
        );
        assert!(
            keys(fr.sentences(), &ctx, SentenceKeys::french)
                .iter()
                .any(|k| k.mark_words() > 1)
        );
        assert_blocks_score_beads_alone((&ar, &fr, &ctx), &rows, &[1, 2, 5, 64]);
    }

    /// Blocks of more Arabic sentences than one marking chunk (64), over wide and
    /// irregular corridors, with empty sentences and sentences of many tests: the
    /// paths the small fixture does not reach.
    #[test]
    fn large_blocks_over_irregular_corridors_score_beads_alone() {
        let ar_texts: Vec<&str> = AR_TEXTS
            .into_iter()
            .chain(["ارتفعت الأسعار بنسبة 12 في المئة في باريس"])
            .collect();
        let fr_texts: Vec<&str> = FR_TEXTS
            .into_iter()
            .chain(["Les prix ont augmenté de 12 % à Paris"])
            .collect();
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let (long_ar, long_fr) = (
            ar_texts.join(" و ").repeat(4),
            fr_texts.join(" et ").repeat(4),
        );
        // A fixed xorshift sequence: the same fixture every run.
        let mut seed: u64 = 0x1234_5678_9abc_def1;
        let mut rnd = move |m: usize| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % m as u64) as usize
        };
        let (n, m): (usize, usize) = (170, 190);
        let ar: FeatureStore = (0..n)
            .map(|k| match rnd(11) {
                0 => x.extract(&long_ar, Lang::Ar),
                1 => x.extract("", Lang::Ar),
                r => x.extract(
                    &format!("{} {}", ar_texts[r % ar_texts.len()], k % 13),
                    Lang::Ar,
                ),
            })
            .collect();
        let fr: FeatureStore = (0..m)
            .map(|k| match rnd(11) {
                0 => x.extract(&long_fr, Lang::Fr),
                1 => x.extract("", Lang::Fr),
                r => x.extract(
                    &format!("{} {}", fr_texts[r % fr_texts.len()], k % 13),
                    Lang::Fr,
                ),
            })
            .collect();
        let ctx = context(&ar, &fr, &x);
        // A band of random widths, then rows of random spans in no order.
        let banded: Vec<(usize, usize)> = (0..=n)
            .map(|i| {
                let (c, w) = (i * m / n, 1 + rnd(40));
                (c.saturating_sub(w), (c + w).min(m))
            })
            .collect();
        let irregular: Vec<(usize, usize)> = (0..=n)
            .map(|_| {
                let lo = rnd(m + 1);
                (lo, lo + rnd(m + 1 - lo))
            })
            .collect();
        for rows in [banded, irregular] {
            assert_blocks_score_beads_alone((&ar, &fr, &ctx), &rows, &[65, 100, 256]);
        }
    }

    #[test]
    fn increasing_chain_takes_one_pair_per_sentence_in_order() {
        let found = [vec![5], vec![1, 3], vec![2], vec![], vec![4], vec![0, 6]];
        // (1, 1) (2, 2) (4, 4) (5, 6): the longest, and never two pairs of row 1 or 5.
        assert_eq!(increasing_chain(&found), [(1, 1), (2, 2), (4, 4), (5, 6)]);
        assert!(increasing_chain(&[vec![], vec![]]).is_empty());
    }

    /// A French passage the Arabic lacks, in the middle of a long document pair: the
    /// length-only path cannot place it, the anchors do, in a corridor that costs a
    /// small part of the whole matrix.
    #[test]
    fn a_passage_only_one_side_has_is_found_through_anchors() {
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let n = 120;
        let ar: FeatureStore = (0..n)
            .map(|k| {
                x.extract(
                    &format!("وصل {} شرطيا إلى الدوحة يوم الثلاثاء", 1000 + 7 * k),
                    Lang::Ar,
                )
            })
            .collect();
        let said = |k: usize| format!("{} policiers sont arrivés à Doha mardi", 1000 + 7 * k);
        let mut fr_texts: Vec<String> = (0..n / 2).map(said).collect();
        fr_texts.extend((0..80).map(|k| {
            format!(
                "La pluie tombe sur Lyon depuis {} heures et les rues sont inondées",
                3 + k
            )
        }));
        fr_texts.extend((n / 2..n).map(said));
        let fr: FeatureStore = fr_texts.iter().map(|t| x.extract(t, Lang::Fr)).collect();
        let ctx = context(&ar, &fr, &x);
        let model = Model::builtin();
        let rows =
            anchor_corridor(ar.sentences(), fr.sentences(), &ctx, &model).expect("anchors found");
        let cells: usize = rows.iter().map(|r| r.1 + 1 - r.0).sum();
        assert!(cells * 4 < (n + 1) * (fr.len() + 1), "{cells} cells");
        let beads = align_pair(ar.sentences(), fr.sentences(), &ctx, &model);
        let pairs: Vec<(Range<usize>, Range<usize>)> = beads
            .iter()
            .filter(|b| b.is_pair())
            .map(|b| (b.ar.clone(), b.fr.clone()))
            .collect();
        let expected: Vec<(Range<usize>, Range<usize>)> = (0..n)
            .map(|k| {
                let j = if k < n / 2 { k } else { k + 80 };
                (k..k + 1, j..j + 1)
            })
            .collect();
        assert_eq!(pairs, expected);
    }

    /// Anchors are followed when some exist and few sentences have several.
    #[test]
    fn anchors_are_not_followed_in_repeated_text() {
        let unique = [vec![0], vec![1], vec![], vec![3], vec![4, 9]];
        assert!(worth_following(&unique));
        let repeated = [vec![0, 5], vec![1, 6], vec![], vec![3], vec![4, 9]];
        assert!(!worth_following(&repeated));
        assert!(!worth_following(&[vec![], vec![]]));
    }

    #[test]
    fn realign_redoes_unsure_stretches_and_keeps_sure_beads() {
        let (ar, fr, ctx) = fixture();
        let model = Model::builtin();
        let full = align_pair(ar.sentences(), fr.sentences(), &ctx, &model);
        assert!(full.len() > 8 && full.iter().filter(|b| b.is_pair()).count() > 4);
        let same = |got: &[Bead]| {
            assert_eq!(got.len(), full.len());
            for (g, w) in got.iter().zip(&full) {
                assert_eq!((&g.ar, &g.fr), (&w.ar, &w.fr));
                assert_eq!(g.score.to_bits(), w.score.to_bits(), "{:?}", w);
            }
        };
        // Every pair sure: the same beads, rescored as the full pass scores them.
        let sure: Vec<Bead> = full
            .iter()
            .map(|b| Bead {
                score: if b.is_pair() { 1.0 } else { 0.0 },
                ..b.clone()
            })
            .collect();
        same(&realign(
            ar.sentences(),
            fr.sentences(),
            &sure,
            &ctx,
            &model,
        ));
        // A wrong, unsure bead joining three: its stretch is realigned to the best path.
        let k = full.len() / 2;
        let mut wrong = sure[..k].to_vec();
        wrong.push(Bead {
            ar: full[k].ar.start..full[k + 2].ar.end,
            fr: full[k].fr.start..full[k + 2].fr.end,
            score: 0.1,
        });
        wrong.extend_from_slice(&sure[k + 3..]);
        same(&realign(
            ar.sentences(),
            fr.sentences(),
            &wrong,
            &ctx,
            &model,
        ));
        // Nothing sure: the whole pair is realigned.
        let unsure: Vec<Bead> = sure
            .iter()
            .map(|b| Bead {
                score: 0.5,
                ..b.clone()
            })
            .collect();
        same(&realign(
            ar.sentences(),
            fr.sentences(),
            &unsure,
            &ctx,
            &model,
        ));
    }

    #[test]
    fn realign_redoes_sure_beads_the_new_evidence_doubts() {
        let pairs = [
            (
                "استقبل الوزير الوفد في الرباط يوم 25 مايو 2022",
                "Le ministre a reçu la délégation à Rabat le 25 mai 2022",
            ),
            (
                "قال حموشي إن التعاون مستمر مع قطر",
                "Hammouchi a dit que la coopération avec le Qatar continue",
            ),
            (
                "وصل 300 شرطي إلى الدوحة",
                "300 policiers sont arrivés à Doha",
            ),
            (
                "أكد جاسم أهمية الأمن",
                "Jassim a souligné l'importance de la sécurité",
            ),
            (
                "افتتحت البطولة في ملعب البيت",
                "Le tournoi s'est ouvert au stade Al Bayt",
            ),
            (
                "شارك المغرب في معرض ميليبول",
                "Le Maroc a participé au salon Milipol",
            ),
            (
                "زار الوفد مركز القيادة",
                "La délégation a visité le centre de commandement",
            ),
            (
                "عاد اللاعبون إلى بلادهم",
                "Les joueurs sont rentrés dans leur pays",
            ),
        ];
        let lexicon = Lexicon::builtin();
        let mut x = Extractor::new(&lexicon);
        let ar: FeatureStore = pairs.iter().map(|p| x.extract(p.0, Lang::Ar)).collect();
        let fr: FeatureStore = pairs.iter().map(|p| x.extract(p.1, Lang::Fr)).collect();
        let ctx = context(&ar, &fr, &x);
        let model = Model::builtin();
        let full = align_pair(ar.sentences(), fr.sentences(), &ctx, &model);
        assert_eq!(full.len(), pairs.len(), "one bead a pair: {full:?}");
        // Pass 1 called two misplaced beads sure: 2+3 with 2, and 4 with 3+4.
        let bead = |a: Range<usize>, f: Range<usize>| Bead {
            ar: a,
            fr: f,
            score: 1.0,
        };
        let mut first: Vec<Bead> = (0..8).map(|k| bead(k..k + 1, k..k + 1)).collect();
        first.splice(2..5, [bead(2..4, 2..3), bead(4..5, 3..5)]);
        let got = realign(ar.sentences(), fr.sentences(), &first, &ctx, &model);
        let ranges = |b: &[Bead]| {
            b.iter()
                .map(|b| (b.ar.clone(), b.fr.clone()))
                .collect::<Vec<_>>()
        };
        assert_eq!(ranges(&got), ranges(&full));
    }
}
