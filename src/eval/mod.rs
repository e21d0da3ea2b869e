//! Gold formats and metrics: beads for parallel runs, pairs for comparable runs,
//! sentence boundaries for segmentation.

pub mod calibration;
pub mod dev;
pub mod fragments;
pub mod segmentation;

use crate::ingest::pool_ids;
use crate::output::AlignmentFile;
use crate::{Error, Lang, Result};
use serde::{Deserialize, Serialize};
use std::collections::{HashMap, HashSet};
use std::path::Path;

/// Counts behind precision, recall and F1.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Prf {
    /// Predicted items that are in the gold.
    pub correct: usize,
    /// Predicted items.
    pub predicted: usize,
    /// Gold items.
    pub gold: usize,
}

impl Prf {
    /// Correct / predicted (1 when nothing was predicted).
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.correct as f64 / self.predicted as f64
        }
    }
    /// Correct / gold (1 when the gold is empty).
    pub fn recall(&self) -> f64 {
        if self.gold == 0 {
            1.0
        } else {
            self.correct as f64 / self.gold as f64
        }
    }
    /// Harmonic mean of precision and recall.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
    /// Adds another count.
    pub fn add(&mut self, other: Prf) {
        self.correct += other.correct;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

impl std::ops::AddAssign for Prf {
    fn add_assign(&mut self, other: Prf) {
        self.add(other);
    }
}

impl std::fmt::Display for Prf {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "P {:.4}  R {:.4}  F1 {:.4}  ({} correct, {} predicted, {} gold)",
            self.precision(),
            self.recall(),
            self.f1(),
            self.correct,
            self.predicted,
            self.gold
        )
    }
}

/// One document's gold beads (`gold.jsonl` of the parallel task).
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct GoldDoc {
    /// Document name without language suffix (`000_bbc.381790`).
    pub doc: String,
    /// Beads: Arabic line indices, French line indices; one side may be empty.
    pub beads: Vec<(Vec<usize>, Vec<usize>)>,
}

/// Reads a `gold.jsonl` file of beads.
pub fn read_gold_beads(path: &Path) -> Result<Vec<GoldDoc>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::file(path, format!("cannot read: {e}")))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            serde_json::from_str(l).map_err(|e| Error::file(path, format!("line {}: {e}", n + 1)))
        })
        .collect()
}

/// A bead as a comparable key: Arabic and French indices.
type BeadKey = (Vec<usize>, Vec<usize>);

/// Strict bead scores of a parallel run: a predicted pair counts only when the gold
/// has exactly that bead; only beads with both sides count, as vecalign and
/// Bertalign score. Documents are matched by id without the `.ar` / `.fr` suffix.
pub fn score_beads(run: &AlignmentFile, gold: &[GoldDoc]) -> Prf {
    let base = |id: &str| {
        id.strip_suffix(".ar")
            .or_else(|| id.strip_suffix(".fr"))
            .unwrap_or(id)
            .to_string()
    };
    let mut predicted: HashMap<String, HashSet<BeadKey>> = HashMap::new();
    for p in &run.pairs {
        predicted
            .entry(base(&p.ar.doc))
            .or_default()
            .insert((p.ar.sentences.clone(), p.fr.sentences.clone()));
    }
    let mut prf = Prf::default();
    let gold_docs: HashSet<&str> = gold.iter().map(|g| g.doc.as_str()).collect();
    for g in gold {
        let gold_set: HashSet<BeadKey> = g
            .beads
            .iter()
            .filter(|(a, f)| !a.is_empty() && !f.is_empty())
            .cloned()
            .collect();
        let pred = predicted.get(&g.doc);
        prf.gold += gold_set.len();
        if let Some(pred) = pred {
            prf.predicted += pred.len();
            prf.correct += pred.intersection(&gold_set).count();
        }
    }
    // Pairs in documents the gold does not know are wrong predictions too.
    for (doc, pred) in &predicted {
        if !gold_docs.contains(doc.as_str()) {
            prf.predicted += pred.len();
        }
    }
    prf
}

/// What makes a bead score meaningless, one line each: no document of the gold in
/// the run, or a document whose sentences are not the gold's lines (a run with
/// `--split auto` scored against line numbers).
pub fn bead_gold_problems(run: &AlignmentFile, gold: &[GoldDoc]) -> Vec<String> {
    let sentences: HashMap<&str, usize> = run
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.sentences.len()))
        .collect();
    let mut problems = Vec::new();
    let mut found = 0;
    for g in gold {
        for (n, lang) in [(0, "ar"), (1, "fr")] {
            let id = format!("{}.{lang}", g.doc);
            let Some(&count) = sentences.get(id.as_str()) else {
                continue;
            };
            found += 1;
            let lines = g
                .beads
                .iter()
                .flat_map(|b| if n == 0 { &b.0 } else { &b.1 })
                .max()
                .map_or(0, |&last| last + 1);
            if lines != count {
                problems.push(format!(
                    "document {id} has {count} sentences in the run but {lines} lines in the gold (align with --split lines to score against line numbers)"
                ));
            }
        }
    }
    if found == 0 {
        problems.push(format!(
            "none of the gold's {} documents is in the run",
            gold.len()
        ));
    }
    problems
}

/// Reads a `gold.tsv` of comparable pairs (`ar_id<TAB>fr_id`).
pub fn read_gold_pairs(path: &Path) -> Result<HashSet<(String, String)>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::file(path, format!("cannot read: {e}")))?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(n, l)| {
            l.split_once('\t')
                .map(|(a, f)| (a.trim().to_string(), f.trim().to_string()))
                .ok_or_else(|| {
                    Error::file(path, format!("line {}: expected ar_id<TAB>fr_id", n + 1))
                })
        })
        .collect()
}

/// The sentence ids of a run over sentence pools: (document id, index, language) →
/// the pool's id for that sentence, read from the pool files the run names.
fn pool_id_reader(run: &AlignmentFile) -> Result<impl Fn(&str, usize, Lang) -> String + '_> {
    let mut ids: HashMap<&str, Vec<String>> = HashMap::new();
    for d in &run.documents {
        // The run's own ids when it has them; a run written before they were
        // recorded reads them from its pool files.
        let recorded: Option<Vec<String>> = d.sentences.iter().map(|s| s.id.clone()).collect();
        if let Some(recorded) = recorded.filter(|r| !r.is_empty()) {
            ids.insert(d.id.as_str(), recorded);
            continue;
        }
        if !d.path.ends_with(".tsv") {
            continue;
        }
        let text = std::fs::read_to_string(&d.path)
            .map_err(|e| Error::file(&d.path, format!("cannot read: {e}")))?;
        ids.insert(d.id.as_str(), pool_ids(text.trim_start_matches('\u{feff}')));
    }
    Ok(move |doc: &str, i: usize, lang: Lang| {
        ids.get(doc)
            .and_then(|v| v.get(i))
            .cloned()
            .unwrap_or_else(|| format!("{lang}:{doc}:{i}"))
    })
}

/// Pair scores of a comparable run over sentence pools: each predicted pair counts
/// as every (Arabic sentence, French sentence) combination it joins; sentence ids
/// are read from the pool files named by the run's documents.
pub fn score_pairs(run: &AlignmentFile, gold: &HashSet<(String, String)>) -> Result<Prf> {
    let id_of = pool_id_reader(run)?;
    let mut predicted = HashSet::new();
    for p in &run.pairs {
        for &a in &p.ar.sentences {
            for &f in &p.fr.sentences {
                predicted.insert((id_of(&p.ar.doc, a, Lang::Ar), id_of(&p.fr.doc, f, Lang::Fr)));
            }
        }
    }
    Ok(Prf {
        correct: predicted.intersection(gold).count(),
        predicted: predicted.len(),
        gold: gold.len(),
    })
}

/// Each pair of a comparable run over sentence pools with its score and whether it is
/// right: every combination it joins is a gold pair.
pub fn label_pairs(
    run: &AlignmentFile,
    gold: &HashSet<(String, String)>,
) -> Result<Vec<(f64, bool)>> {
    let id_of = pool_id_reader(run)?;
    Ok(run
        .pairs
        .iter()
        .map(|p| {
            let right = p.ar.sentences.iter().all(|&a| {
                p.fr.sentences.iter().all(|&f| {
                    gold.contains(&(id_of(&p.ar.doc, a, Lang::Ar), id_of(&p.fr.doc, f, Lang::Fr)))
                })
            });
            (p.score, right)
        })
        .collect())
}

/// Each pair of a parallel run with its score and whether it is right: the gold has
/// exactly that bead. Pairs of documents the gold does not know are left out.
pub fn label_beads(run: &AlignmentFile, gold: &[GoldDoc]) -> Vec<(f64, bool)> {
    let base = |id: &str| {
        id.strip_suffix(".ar")
            .or_else(|| id.strip_suffix(".fr"))
            .unwrap_or(id)
            .to_string()
    };
    let beads: HashMap<&str, HashSet<&BeadKey>> = gold
        .iter()
        .map(|g| (g.doc.as_str(), g.beads.iter().collect()))
        .collect();
    run.pairs
        .iter()
        .filter_map(|p| {
            let set = beads.get(base(&p.ar.doc).as_str())?;
            let key = (p.ar.sentences.clone(), p.fr.sentences.clone());
            Some((p.score, set.contains(&key)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::{DocumentRecord, Pair, PairSide, SentenceRecord, Status};

    fn doc(id: &str, lang: Lang, n: usize) -> DocumentRecord {
        DocumentRecord {
            id: id.into(),
            path: format!("{id}.txt"),
            lang,
            sentences: (0..n)
                .map(|i| SentenceRecord {
                    text: format!("s{i}"),
                    start: i,
                    end: i + 1,
                    id: None,
                })
                .collect(),
        }
    }

    fn pair(ar: &[usize], fr: &[usize]) -> Pair {
        let side = |doc: &str, s: &[usize]| PairSide {
            doc: doc.into(),
            sentences: s.to_vec(),
            text: String::new(),
        };
        Pair {
            ar: side("d.ar", ar),
            fr: side("d.fr", fr),
            score: 0.5,
            anchors: Vec::new(),
            status: Status::Auto,
        }
    }

    #[test]
    fn strict_beads_count_only_exact_matches() {
        let run = AlignmentFile {
            version: 1,
            documents: vec![doc("d.ar", Lang::Ar, 4), doc("d.fr", Lang::Fr, 4)],
            pairs: vec![pair(&[0], &[0]), pair(&[1, 2], &[1]), pair(&[3], &[3])],
            document_pairs: Vec::new(),
        };
        let gold = vec![GoldDoc {
            doc: "d".into(),
            beads: vec![
                (vec![0], vec![0]),
                (vec![1], vec![1]),
                (vec![2], vec![]),
                (vec![3], vec![2, 3]),
            ],
        }];
        let prf = score_beads(&run, &gold);
        assert_eq!((prf.correct, prf.predicted, prf.gold), (1, 3, 3));
        assert!((prf.f1() - 1.0 / 3.0).abs() < 1e-9);
    }

    #[test]
    fn empty_counts_are_not_nan() {
        let prf = Prf::default();
        assert_eq!((prf.precision(), prf.recall()), (1.0, 1.0));
        let none = Prf {
            correct: 0,
            predicted: 3,
            gold: 2,
        };
        assert_eq!(none.f1(), 0.0);
    }
}
