//! Alignment quality on real data, held to floors just below what was measured:
//! the seed articles against the hand-made gold in `tests/data/seeds-gold.tsv`, and the
//! NTREX-128 development split vendored in `tests/data/ntrex-dev/`.

use mizan::anchor::lexicon::Lexicon;
use mizan::eval::calibration::Reliability;
use mizan::eval::{self, fragments};
use mizan::ingest::read_collection;
use mizan::score::Model;
use mizan::{AlignOptions, Mode, Split, align_documents};
use std::path::{Path, PathBuf};

fn align(inputs: &[PathBuf], mode: Mode, split: Split) -> mizan::output::AlignmentFile {
    let docs = read_collection(inputs, u64::MAX)
        .expect("inputs read")
        .documents;
    let options = AlignOptions {
        mode,
        split,
        self_train: true,
    };
    align_documents(&docs, &options, &Lexicon::builtin(), &Model::builtin()).expect("aligned")
}

#[test]
fn seeds_pairs_are_right_and_found() {
    let run = align(&["seeds".into()], Mode::Comparable, Split::Auto);
    let gold = fragments::read(Path::new("tests/data/seeds-gold.tsv")).unwrap();
    let score = fragments::score(&run, &gold);
    // Measured 8 of 8 right and 5 of 5 statements found; the issue asks at least 90%
    // right with every statement found.
    assert!(
        score.precision() >= 0.9,
        "precision {:.3}; wrong pairs: {:#?}",
        score.precision(),
        score.wrong
    );
    assert!(
        score.recall() >= 1.0,
        "recall {:.3}; missed: {:#?}",
        score.recall(),
        score.missed
    );
}

#[test]
fn seeds_boilerplate_never_pairs() {
    let run = align(&["seeds".into()], Mode::Comparable, Split::Auto);
    let boilerplate = [
        "0",
        "212",
        "DR",
        "حدث/م",
        "التعليقات مغلقة.",
        "زر الذهاب إلى الأعلى",
    ];
    for pair in &run.pairs {
        for text in [&pair.ar.text, &pair.fr.text] {
            assert!(
                !boilerplate.contains(&text.as_str()),
                "boilerplate paired: {pair:?}"
            );
            assert!(!text.starts_with("Par Hajar"), "byline paired: {pair:?}");
        }
    }
}

#[test]
fn ntrex_parallel_strict_f1() {
    let dir = Path::new("tests/data/ntrex-dev/parallel");
    let run = align(&[dir.to_path_buf()], Mode::Parallel, Split::Lines);
    let prf = eval::score_beads(
        &run,
        &eval::read_gold_beads(&dir.join("gold.jsonl")).unwrap(),
    );
    // Measured 0.982 (hunalign 0.79, Gale–Church 0.84 on the same data).
    assert!(prf.f1() >= 0.97, "parallel strict {prf}");
    // Scores read as probabilities: measured expected calibration error 0.003.
    let gold = eval::read_gold_beads(&dir.join("gold.jsonl")).unwrap();
    let reliability = Reliability::new(&eval::label_beads(&run, &gold));
    assert!(
        reliability.ece() <= 0.05,
        "parallel calibration {reliability}"
    );
}

#[test]
fn ntrex_comparable_f1() {
    let dir = Path::new("tests/data/ntrex-dev/comparable");
    let run = align(
        &[dir.join("ar.tsv"), dir.join("fr.tsv")],
        Mode::Comparable,
        Split::Lines,
    );
    let prf =
        eval::score_pairs(&run, &eval::read_gold_pairs(&dir.join("gold.tsv")).unwrap()).unwrap();
    // Measured 0.900.
    assert!(prf.f1() >= 0.88, "comparable {prf}");
    // Pairs scored p are right about a share p of the time: measured expected
    // calibration error 0.03 (0.17 before Platt scaling).
    let gold = eval::read_gold_pairs(&dir.join("gold.tsv")).unwrap();
    let reliability = Reliability::new(&eval::label_pairs(&run, &gold).unwrap());
    assert!(
        reliability.ece() <= 0.08,
        "comparable calibration {reliability}"
    );
}

/// Parallel mode given documents that do not translate each other (each Arabic dev
/// document beside the next one's French) scores their pairs on content alone: none
/// is rated sure, while the true pairs of the same documents keep their scores.
#[test]
fn mismatched_documents_are_not_rated_as_translations() {
    let dir = Path::new("tests/data/ntrex-dev/parallel");
    let mut ids: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            name.strip_suffix(".ar.txt").map(str::to_string)
        })
        .collect();
    ids.sort();
    let ids = &ids[..8];
    let (true_dir, mixed_dir) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    for (k, id) in ids.iter().enumerate() {
        let next = &ids[(k + 1) % ids.len()];
        // Document k: its own French in one folder, the next document's in the other.
        for (to, fr_id) in [(&true_dir, id), (&mixed_dir, next)] {
            for (from, lang) in [(id, "ar"), (fr_id, "fr")] {
                let target = to.path().join(format!("d{k}.{lang}.txt"));
                std::fs::copy(dir.join(format!("{from}.{lang}.txt")), target).unwrap();
            }
        }
    }
    let sure = |run: &mizan::output::AlignmentFile| {
        run.pairs.iter().filter(|p| p.score >= 0.9).count() as f64 / run.pairs.len() as f64
    };
    let truth = align(&[true_dir.path().into()], Mode::Parallel, Split::Lines);
    let mixed = align(&[mixed_dir.path().into()], Mode::Parallel, Split::Lines);
    assert!(
        sure(&truth) > 0.8,
        "true pairs rated sure: {}",
        sure(&truth)
    );
    assert_eq!(sure(&mixed), 0.0, "mismatched pairs rated sure");
    assert!(!mixed.pairs.is_empty());
}
