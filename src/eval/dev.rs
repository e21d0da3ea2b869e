//! Runs on the development data (`ntrex-ar-fr-dev` layout): scoring every task, and
//! fitting the scoring model.
//!
//! Documents are split in two halves by their position in the sorted gold: the even
//! half is the one `tune` fits on; the odd half is reported apart, so that a figure
//! that holds only on the data it was tuned on shows.

use crate::align::comparable::{DocView, MineSettings, candidate_pairs};
use crate::align::parallel::align_pair;
use crate::anchor::lexicon::Lexicon;
use crate::eval::calibration::{Reliability, fit_platt};
use crate::eval::{
    GoldDoc, Prf, label_beads, label_pairs, read_gold_beads, read_gold_pairs, score_beads,
    score_pairs,
};
use crate::features::Sentences;
use crate::ingest::pool_ids;
use crate::ingest::{Document, read_collection};
use crate::pipeline::{
    AlignOptions, Found, Mode, Prepared, Split, align_prepared, context, docs_in, learn_from,
    prepare, to_alignment_file,
};
use crate::score::{Model, N_FEATURES, PairFeatures, ScoreContext, pair_features};
use crate::{Error, Lang, Result};
use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;
use std::time::Instant;

/// Figures of one development run.
#[derive(Debug, Clone, Default)]
pub struct DevReport {
    /// Parallel task, strict beads: all documents, tuning half, held-out half.
    pub parallel: [Prf; 3],
    /// Comparable task, pairs: all, tuning half (Arabic sentences of even position),
    /// held-out half (odd).
    pub comparable: [Prf; 3],
    /// Error kinds of the parallel run (name, count).
    pub errors: Vec<(&'static str, usize)>,
    /// Whether scores read as probabilities: the parallel run (all documents), the
    /// comparable run's tuning half and its held-out half.
    pub calibration: [Reliability; 3],
    /// Seconds spent aligning each task.
    pub seconds: [f64; 2],
}

impl std::fmt::Display for DevReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "parallel (strict beads, --split lines), {:.2} s",
            self.seconds[0]
        )?;
        writeln!(f, "  all       {}", self.parallel[0])?;
        writeln!(f, "  tune half {}", self.parallel[1])?;
        writeln!(f, "  held half {}", self.parallel[2])?;
        let errors: Vec<String> = self
            .errors
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        writeln!(f, "  errors: {}", errors.join(", "))?;
        writeln!(f, "  calibration: {}", self.calibration[0])?;
        writeln!(f, "comparable (pairs), {:.2} s", self.seconds[1])?;
        writeln!(f, "  all       {}", self.comparable[0])?;
        writeln!(f, "  tune half {}", self.comparable[1])?;
        writeln!(f, "  held half {}", self.comparable[2])?;
        writeln!(f, "  calibration, tune half: {}", self.calibration[1])?;
        writeln!(f, "  calibration, held half: {}", self.calibration[2])
    }
}

fn read_docs(dir: &Path) -> Result<Vec<Document>> {
    let collection = read_collection(&[dir.to_path_buf()], u64::MAX)?;
    Ok(collection.documents)
}

/// The gold documents sorted, with their half: true for the tuning (even) half.
fn halves(gold: &[GoldDoc]) -> HashMap<String, bool> {
    let mut names: Vec<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
    names.sort_unstable();
    names
        .into_iter()
        .enumerate()
        .map(|(i, n)| (n.to_string(), i % 2 == 0))
        .collect()
}

/// Aligns and scores every task of the development data in `dir`.
pub fn run_dev(dir: &Path, lexicon: &Lexicon, model: &Model) -> Result<DevReport> {
    let mut report = DevReport::default();
    let par_dir = dir.join("parallel");
    let docs = read_docs(&par_dir)?;
    let gold = read_gold_beads(&par_dir.join("gold.jsonl"))?;
    let start = Instant::now();
    let options = AlignOptions {
        mode: Mode::Parallel,
        split: Split::Lines,
        self_train: true,
    };
    let file = crate::align_documents(&docs, &options, lexicon, model)?;
    report.seconds[0] = start.elapsed().as_secs_f64();
    let half = halves(&gold);
    report.parallel[0] = score_beads(&file, &gold);
    for (slot, tuning) in [(1, true), (2, false)] {
        let part: Vec<GoldDoc> = gold
            .iter()
            .filter(|g| half[&g.doc] == tuning)
            .cloned()
            .collect();
        let mut sub = file.clone();
        let base = |id: &str| {
            id.rsplit_once('.')
                .map(|(b, _)| b.to_string())
                .unwrap_or_default()
        };
        sub.pairs
            .retain(|p| half.get(&base(&p.ar.doc)) == Some(&tuning));
        report.parallel[slot] = score_beads(&sub, &part);
    }
    report.errors = error_kinds(&file, &gold);
    report.calibration[0] = Reliability::new(&label_beads(&file, &gold));

    let cmp_dir = dir.join("comparable");
    let pools = [
        read_collection(&[cmp_dir.join("ar.tsv")], u64::MAX)?.documents,
        read_collection(&[cmp_dir.join("fr.tsv")], u64::MAX)?.documents,
    ]
    .concat();
    let start = Instant::now();
    let options = AlignOptions {
        mode: Mode::Comparable,
        split: Split::Lines,
        self_train: true,
    };
    let file = crate::align_documents(&pools, &options, lexicon, model)?;
    report.seconds[1] = start.elapsed().as_secs_f64();
    let gold = read_gold_pairs(&cmp_dir.join("gold.tsv"))?;
    report.comparable[0] = score_pairs(&file, &gold)?;
    let ar_position: HashMap<String, usize> = pool_ids(&pools[0].text)
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    for (slot, parity) in [(1, 0), (2, 1)] {
        let mut sub = file.clone();
        sub.pairs.retain(|p| p.ar.sentences[0] % 2 == parity);
        let part = gold
            .iter()
            .filter(|(a, _)| ar_position.get(a).is_some_and(|i| i % 2 == parity))
            .cloned()
            .collect();
        report.comparable[slot] = score_pairs(&sub, &part)?;
        report.calibration[slot] = Reliability::new(&label_pairs(&sub, &gold)?);
    }
    Ok(report)
}

/// Classifies the parallel run's mistakes against the gold: a predicted bead that is
/// not gold is a wrong 1-1, a spurious merge (wider than every gold bead it overlaps)
/// or a false pair (overlapping no gold pair); a gold bead not predicted is a missed
/// merge (when the run split it) or a missed pair.
pub fn error_kinds(
    run: &crate::output::AlignmentFile,
    gold: &[GoldDoc],
) -> Vec<(&'static str, usize)> {
    let base = |id: &str| {
        id.rsplit_once('.')
            .map(|(b, _)| b.to_string())
            .unwrap_or_default()
    };
    let mut counts = [0usize; 5];
    for g in gold {
        let gold_pairs: Vec<&(Vec<usize>, Vec<usize>)> = g
            .beads
            .iter()
            .filter(|(a, f)| !a.is_empty() && !f.is_empty())
            .collect();
        let pred: Vec<(Vec<usize>, Vec<usize>)> = run
            .pairs
            .iter()
            .filter(|p| base(&p.ar.doc) == g.doc)
            .map(|p| (p.ar.sentences.clone(), p.fr.sentences.clone()))
            .collect();
        let overlaps = |x: &(Vec<usize>, Vec<usize>), y: &(Vec<usize>, Vec<usize>)| {
            x.0.iter().any(|i| y.0.contains(i)) || x.1.iter().any(|j| y.1.contains(j))
        };
        for p in &pred {
            if gold_pairs.contains(&p) {
                continue;
            }
            let over: Vec<_> = gold_pairs.iter().filter(|g| overlaps(p, g)).collect();
            if over.is_empty() {
                counts[4] += 1; // false pair
            } else if over
                .iter()
                .all(|g| p.0.len() + p.1.len() > g.0.len() + g.1.len())
            {
                counts[2] += 1; // spurious merge
            } else {
                counts[0] += 1; // wrong 1-1 or otherwise misplaced
            }
        }
        for gp in &gold_pairs {
            if pred.iter().any(|p| p == *gp) {
                continue;
            }
            let over = pred.iter().filter(|p| overlaps(p, gp)).count();
            if gp.0.len() + gp.1.len() > 2 && over > 0 {
                counts[1] += 1; // missed merge
            } else if over == 0 {
                counts[3] += 1; // missed pair
            }
        }
    }
    vec![
        ("wrong/misplaced", counts[0]),
        ("missed merge", counts[1]),
        ("spurious merge", counts[2]),
        ("missed pair", counts[3]),
        ("false pair", counts[4]),
    ]
}

/// Per gold document: the indices of its Arabic and French documents in `docs`.
fn doc_index(docs: &[Document], gold: &[GoldDoc]) -> Result<Vec<(usize, usize, usize)>> {
    let by_id: HashMap<&str, usize> = docs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.id.as_str(), i))
        .collect();
    gold.iter()
        .enumerate()
        .map(|(g, gd)| {
            let find = |lang: Lang| {
                by_id
                    .get(format!("{}.{}", gd.doc, lang.code()).as_str())
                    .copied()
                    .ok_or_else(|| {
                        Error::Input(format!("gold document {} has no {lang} file", gd.doc))
                    })
            };
            Ok((g, find(Lang::Ar)?, find(Lang::Fr)?))
        })
        .collect()
}

/// Training samples of one document: every gold bead with both sides is a positive;
/// the beads a DP could confuse with it (one sentence more or less on either side,
/// shifted by one) and a few distant pairs are negatives.
fn samples(
    ar: Sentences<'_>,
    fr: Sentences<'_>,
    gold: &GoldDoc,
    ctx: &ScoreContext,
    model: &Model,
) -> Vec<(PairFeatures, bool)> {
    let to_range = |v: &[usize]| v[0]..v[v.len() - 1] + 1;
    let golds: Vec<(Range<usize>, Range<usize>)> = gold
        .beads
        .iter()
        .filter(|(a, f)| !a.is_empty() && !f.is_empty())
        .map(|(a, f)| (to_range(a), to_range(f)))
        .collect();
    let mut out = Vec::new();
    let valid = |a: &Range<usize>, f: &Range<usize>| {
        !a.is_empty()
            && !f.is_empty()
            && a.end <= ar.len()
            && f.end <= fr.len()
            && a.len() <= 3
            && f.len() <= 3
    };
    let mut seen = std::collections::HashSet::new();
    for (a, f) in &golds {
        if !valid(a, f) {
            continue;
        }
        out.push((
            pair_features(ar.slice(a.clone()), fr.slice(f.clone()), ctx, model),
            true,
        ));
        let grow = |r: &Range<usize>, d: isize, front: bool| -> Option<Range<usize>> {
            let (s, e) = (r.start as isize, r.end as isize);
            let (s, e) = if front { (s - d, e) } else { (s, e + d) };
            (s >= 0 && s < e).then_some(s as usize..e as usize)
        };
        let shift = |r: &Range<usize>, d: isize| -> Option<Range<usize>> {
            let s = r.start as isize + d;
            (s >= 0).then(|| s as usize..(s as usize + r.len()))
        };
        let mut variants = Vec::new();
        for d in [1, -1] {
            for front in [true, false] {
                if let Some(x) = grow(a, d, front) {
                    variants.push((x, f.clone()));
                }
                if let Some(y) = grow(f, d, front) {
                    variants.push((a.clone(), y));
                }
            }
            if let Some(x) = shift(a, d) {
                variants.push((x, f.clone()));
            }
            if let Some(y) = shift(f, d) {
                variants.push((a.clone(), y));
            }
        }
        for (x, y) in variants {
            if valid(&x, &y)
                && !golds.contains(&(x.clone(), y.clone()))
                && seen.insert((x.clone(), y.clone()))
            {
                out.push((pair_features(ar.slice(x), fr.slice(y), ctx, model), false));
            }
        }
    }
    // Distant pairs, deterministic: a fixed stride through the document.
    for i in (0..ar.len()).step_by(3) {
        let j = (i * 7 + fr.len() / 2) % fr.len().max(1);
        let (x, y) = (i..i + 1, j..j + 1);
        if valid(&x, &y) && !golds.contains(&(x.clone(), y.clone())) && j.abs_diff(i) > 2 {
            out.push((pair_features(ar.slice(x), fr.slice(y), ctx, model), false));
        }
    }
    out
}

/// Fits logistic weights by Newton's method (IRLS) with an L2 penalty on all but
/// the bias.
pub fn fit_logistic(data: &[(PairFeatures, bool)], l2: f64) -> Vec<f64> {
    let n = N_FEATURES;
    let mut w = vec![0.0; n];
    for _ in 0..30 {
        let mut grad = vec![0.0; n];
        let mut hess = vec![vec![0.0; n]; n];
        for (x, y) in data {
            let z: f64 = w.iter().zip(x.0.iter()).map(|(a, b)| a * b).sum();
            let p = crate::score::sigmoid(z);
            let t = if *y { 1.0 } else { 0.0 };
            for (i, (g, row)) in grad.iter_mut().zip(hess.iter_mut()).enumerate() {
                *g += (p - t) * x.0[i];
                for (h, xj) in row.iter_mut().zip(x.0.iter()) {
                    *h += p * (1.0 - p) * x.0[i] * xj;
                }
            }
        }
        for i in 1..n {
            grad[i] += l2 * w[i];
            hess[i][i] += l2;
        }
        for (i, row) in hess.iter_mut().enumerate() {
            row[i] += 1e-6; // keeps constant features from making it singular
        }
        let step = solve(hess, grad);
        let mut change = 0.0f64;
        for i in 0..n {
            w[i] -= step[i];
            change = change.max(step[i].abs());
        }
        if change < 1e-7 {
            break;
        }
    }
    w
}

/// Solves `a x = b` by Gaussian elimination with partial pivoting.
fn solve(mut a: Vec<Vec<f64>>, mut b: Vec<f64>) -> Vec<f64> {
    let n = b.len();
    for col in 0..n {
        let pivot = (col..n)
            .max_by(|&x, &y| a[x][col].abs().total_cmp(&a[y][col].abs()))
            .unwrap_or(col);
        a.swap(col, pivot);
        b.swap(col, pivot);
        let d = a[col][col];
        if d.abs() < 1e-12 {
            continue;
        }
        for row in col + 1..n {
            let factor = a[row][col] / d;
            if factor != 0.0 {
                let pivot_row = a[col].clone();
                for (x, p) in a[row][col..n].iter_mut().zip(&pivot_row[col..n]) {
                    *x -= factor * p;
                }
                b[row] -= factor * b[col];
            }
        }
    }
    let mut x = vec![0.0; n];
    for col in (0..n).rev() {
        let s: f64 = (col + 1..n).map(|k| a[col][k] * x[k]).sum();
        x[col] = if a[col][col].abs() < 1e-12 {
            0.0
        } else {
            (b[col] - s) / a[col][col]
        };
    }
    x
}

/// Fits the scoring model on the tuning half of the development data in `dir`:
/// the length model from gold beads, the logistic weights (twice: before and after
/// the self-training links, as a run computes them), then the DP's skip value and
/// the miner's threshold by grid search on strict F1.
pub fn tune(dir: &Path, lexicon: &Lexicon, base: &Model) -> Result<Model> {
    let par_dir = dir.join("parallel");
    let docs = read_docs(&par_dir)?;
    let mut gold = read_gold_beads(&par_dir.join("gold.jsonl"))?;
    gold.sort_by(|a, b| a.doc.cmp(&b.doc));
    let index = doc_index(&docs, &gold)?;
    let tuning: Vec<(usize, usize, usize)> = index
        .iter()
        .copied()
        .filter(|&(g, _, _)| g % 2 == 0)
        .collect();
    let (mut prepared, mut interner) = prepare(&docs, Split::Lines, lexicon);
    let mut model = base.clone();

    // Length model: log ratio of French to Arabic characters over gold beads.
    let mut ratios = Vec::new();
    for &(g, a, f) in &tuning {
        for (x, y) in gold[g]
            .beads
            .iter()
            .filter(|(x, y)| !x.is_empty() && !y.is_empty())
        {
            let ca: u32 = x.iter().map(|&i| prepared[a].features.get(i).chars).sum();
            let cf: u32 = y.iter().map(|&j| prepared[f].features.get(j).chars).sum();
            ratios.push(((cf as f64 + 1.0) / (ca as f64 + 1.0)).ln());
        }
    }
    let mean = ratios.iter().sum::<f64>() / ratios.len().max(1) as f64;
    let var = ratios.iter().map(|r| (r - mean).powi(2)).sum::<f64>() / ratios.len().max(1) as f64;
    model.len_mu = mean;
    model.len_sigma = var.sqrt().max(0.05);

    let fit = |prepared: &[Prepared<'_>], ctx: &ScoreContext, model: &Model| {
        let data: Vec<(PairFeatures, bool)> = tuning
            .iter()
            .flat_map(|&(g, a, f)| {
                samples(
                    prepared[a].features.sentences(),
                    prepared[f].features.sentences(),
                    &gold[g],
                    ctx,
                    model,
                )
            })
            .collect();
        fit_logistic(&data, 0.1)
    };
    // Round 1: without learned links.
    let ctx = context(&prepared, &interner, &model);
    model.weights = fit(&prepared, &ctx, &model);
    // Round 2: learned links from a first pass over every document (as a run does).
    let options = AlignOptions {
        mode: Mode::Parallel,
        split: Split::Lines,
        self_train: false,
    };
    let (first, _) = align_prepared(&mut prepared, &mut interner, &options, &model)?;
    learn_from(&mut prepared, &mut interner, &first);
    let ctx = context(&prepared, &interner, &model);
    model.weights = fit(&prepared, &ctx, &model);

    // Skip value: strict F1 of the DP on the tuning half.
    let mut best = (f64::NEG_INFINITY, model.skip);
    for step in 0..=24 {
        let skip = -4.0 + step as f64 * 0.25;
        let trial = Model {
            skip,
            ..model.clone()
        };
        let mut prf = Prf::default();
        for &(g, a, f) in &tuning {
            let beads = align_pair(
                prepared[a].features.sentences(),
                prepared[f].features.sentences(),
                &ctx,
                &trial,
            );
            let found: Vec<Found> = beads
                .into_iter()
                .filter(|b| b.is_pair())
                .map(|b| Found {
                    ar_doc: a,
                    ar: b.ar,
                    fr_doc: f,
                    fr: b.fr,
                    score: b.score,
                })
                .collect();
            let file = to_alignment_file(&prepared, &found, &ctx);
            prf.add(score_beads(&file, std::slice::from_ref(&gold[g])));
        }
        eprintln!("skip {skip:+.2}: {prf}");
        if prf.f1() > best.0 {
            best = (prf.f1(), skip);
        }
    }
    model.skip = best.1;

    // Parallel calibration: Platt scaling of the beads' log-odds, fitted on the
    // tuning half's beads of a run over every document (as `eval --dev` runs).
    let raw = Model {
        parallel_calibration: None,
        ..model.clone()
    };
    let options = AlignOptions {
        mode: Mode::Parallel,
        split: Split::Lines,
        self_train: true,
    };
    let file = crate::align_documents(&docs, &options, lexicon, &raw)?;
    let tuning_gold: Vec<GoldDoc> = tuning.iter().map(|&(g, _, _)| gold[g].clone()).collect();
    let logits: Vec<(f64, bool)> = label_beads(&file, &tuning_gold)
        .into_iter()
        .map(|(p, right)| (log_odds(p), right))
        .collect();
    model.parallel_calibration = Some(fit_platt(&logits));

    // Comparable: mining weights fitted on the miner's own candidates for the
    // Arabic sentences of even position (the odd ones are the held-out half), then
    // calibration, threshold and margin on the same half.
    let cmp_dir = dir.join("comparable");
    let pools = [
        read_docs_file(&cmp_dir.join("ar.tsv"))?,
        read_docs_file(&cmp_dir.join("fr.tsv"))?,
    ]
    .concat();
    let pairs_gold = read_gold_pairs(&cmp_dir.join("gold.tsv"))?;
    model.comparable_weights = Some(fit_mining(&pools, &pairs_gold, lexicon, &model)?);
    // For each margin weight: Platt scaling of the miner's log-odds, fitted on the
    // tuning half's pairs of a run that keeps nearly everything; then the threshold
    // on the calibrated probability, by F1 on the tuning half. The held-out half
    // takes no part.
    let tuning_gold = tuning_half(&pools, &pairs_gold);
    let options = AlignOptions {
        mode: Mode::Comparable,
        split: Split::Lines,
        self_train: true,
    };
    let mut best = (f64::NEG_INFINITY, model.clone());
    for margin in [0.0, 0.5] {
        let raw = Model {
            comparable_threshold: 0.01,
            comparable_margin: margin,
            comparable_calibration: None,
            ..model.clone()
        };
        let file = tuning_pairs(crate::align_documents(&pools, &options, lexicon, &raw)?);
        let logits: Vec<(f64, bool)> = label_pairs(&file, &pairs_gold)?
            .into_iter()
            .map(|(p, right)| (log_odds(p), right))
            .collect();
        let calibration = fit_platt(&logits);
        for step in 0..=16 {
            let threshold = 0.1 + step as f64 * 0.05;
            let trial = Model {
                comparable_threshold: threshold,
                comparable_margin: margin,
                comparable_calibration: Some(calibration),
                ..model.clone()
            };
            let file = tuning_pairs(crate::align_documents(&pools, &options, lexicon, &trial)?);
            let prf = score_pairs(&file, &tuning_gold)?;
            eprintln!(
                "comparable margin {margin:.2} calibration ({:.3}, {:.3}) threshold {threshold:.2}: tuning half {prf}",
                calibration.0, calibration.1
            );
            if prf.f1() > best.0 {
                best = (prf.f1(), trial);
            }
        }
    }
    Ok(best.1)
}

/// The log-odds of a probability written in a run (rounded, so kept off 0 and 1).
fn log_odds(p: f64) -> f64 {
    let p = p.clamp(1e-4, 1.0 - 1e-4);
    (p / (1.0 - p)).ln()
}

/// The pairs of a comparable run whose Arabic sentence is in the tuning half (even
/// position in its pool).
fn tuning_pairs(mut file: crate::output::AlignmentFile) -> crate::output::AlignmentFile {
    file.pairs.retain(|p| p.ar.sentences[0] % 2 == 0);
    file
}

/// The gold pairs whose Arabic sentence is in the tuning half (even position in the
/// Arabic pool, the first document of `pools`).
fn tuning_half(
    pools: &[Document],
    gold: &std::collections::HashSet<(String, String)>,
) -> std::collections::HashSet<(String, String)> {
    let position: HashMap<String, usize> = pool_ids(&pools[0].text)
        .into_iter()
        .enumerate()
        .map(|(i, id)| (id, i))
        .collect();
    gold.iter()
        .filter(|(a, _)| position.get(a).is_some_and(|i| i % 2 == 0))
        .cloned()
        .collect()
}

/// Fits the mining weights on the comparable pools: for each Arabic sentence of even
/// position, its gold translation is a positive and the other candidates the index
/// retrieves for it are negatives; features are computed after self-training, as a
/// run computes them.
fn fit_mining(
    pools: &[Document],
    gold: &std::collections::HashSet<(String, String)>,
    lexicon: &Lexicon,
    model: &Model,
) -> Result<Vec<f64>> {
    let (mut prepared, mut interner) = prepare(pools, Split::Lines, lexicon);
    let options = AlignOptions {
        mode: Mode::Comparable,
        split: Split::Lines,
        self_train: true,
    };
    let (_, ctx) = align_prepared(&mut prepared, &mut interner, &options, model)?;
    let ids: Vec<Vec<String>> = prepared.iter().map(|p| pool_ids(&p.doc.text)).collect();
    let ar = docs_in(&prepared, Lang::Ar);
    let fr = docs_in(&prepared, Lang::Fr);
    let view = |d: usize| DocView {
        sentences: &prepared[d].features,
        running_text: false,
    };
    let ar_views: Vec<DocView<'_>> = ar.iter().map(|&d| view(d)).collect();
    let fr_views: Vec<DocView<'_>> = fr.iter().map(|&d| view(d)).collect();
    let settings = MineSettings::from_model(model);
    let position: HashMap<&str, (usize, usize)> = fr
        .iter()
        .enumerate()
        .flat_map(|(v, &d)| {
            ids[d]
                .iter()
                .enumerate()
                .map(move |(i, id)| (id.as_str(), (v, i)))
        })
        .collect();
    let mut gold_of: HashMap<&str, Vec<(usize, usize)>> = HashMap::new();
    for (a, f) in gold {
        if let Some(&p) = position.get(f.as_str()) {
            gold_of.entry(a.as_str()).or_default().push(p);
        }
    }
    let mut data = Vec::new();
    for ((v, i), found) in candidate_pairs(&ar_views, &fr_views, &ctx, &settings) {
        if i % 2 == 1 {
            continue;
        }
        let a = ar_views[v].sentences.sentences().slice(i..i + 1);
        let golds = gold_of
            .get(ids[ar[v]][i].as_str())
            .cloned()
            .unwrap_or_default();
        for &(fv, j) in &golds {
            data.push((
                pair_features(
                    a,
                    fr_views[fv].sentences.sentences().slice(j..j + 1),
                    &ctx,
                    model,
                ),
                true,
            ));
        }
        for (fv, j) in found.into_iter().filter(|p| !golds.contains(p)) {
            data.push((
                pair_features(
                    a,
                    fr_views[fv].sentences.sentences().slice(j..j + 1),
                    &ctx,
                    model,
                ),
                false,
            ));
        }
    }
    Ok(fit_logistic(&data, 0.1))
}

fn read_docs_file(path: &Path) -> Result<Vec<Document>> {
    Ok(read_collection(&[path.to_path_buf()], u64::MAX)?.documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_fit_separates_a_separable_feature() {
        let mut x = [0.0; N_FEATURES];
        x[0] = 1.0;
        let data: Vec<(PairFeatures, bool)> = (0..200)
            .map(|k| {
                let mut f = x;
                f[1] = (k % 10) as f64 / 10.0;
                (PairFeatures(f), f[1] >= 0.5)
            })
            .collect();
        let w = fit_logistic(&data, 0.1);
        assert!(w[1] > 5.0, "{w:?}");
        let p = |v: f64| crate::score::sigmoid(w[0] + w[1] * v);
        assert!(p(0.9) > 0.9 && p(0.1) < 0.1);
    }

    #[test]
    fn solve_solves() {
        let x = solve(vec![vec![2.0, 1.0], vec![1.0, 3.0]], vec![3.0, 5.0]);
        assert!(
            (x[0] - 0.8).abs() < 1e-9 && (x[1] - 1.4).abs() < 1e-9,
            "{x:?}"
        );
    }
}
