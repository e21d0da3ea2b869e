//! `mizan glossary`: names and terms drawn from a hand-made pair set of the seed
//! articles (sentences of `seeds/000`, `002` and `003` paired as a human would), the
//! three output formats (TBX read back by translate-toolkit), and hostile input.

use assert_cmd::Command;
use mizan::Lang;
use mizan::glossary::{self, Entry, EntryKind, GlossaryArgs, Options};
use mizan::output::{AlignmentFile, Status};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/glossary/seeds_pairs.json")
}

fn seeds_glossary(opts: &Options) -> Vec<Entry> {
    let file = AlignmentFile::load(&fixture()).expect("fixture loads");
    glossary::build(&file, opts)
}

fn find<'a>(entries: &'a [Entry], src: &str, tgt: &str) -> Option<&'a Entry> {
    entries.iter().find(|e| e.src == src && e.tgt == tgt)
}

fn args(file: &Path, out: &Path) -> GlossaryArgs {
    GlossaryArgs {
        file: file.to_path_buf(),
        out: out.to_path_buf(),
        status: Vec::new(),
        src: Lang::Ar,
        min_count: 1,
        top: None,
        min_confidence: glossary::DEFAULT_MIN_CONFIDENCE,
    }
}

/// Whether `python3 -c "import MODULE"` works; outside CI a missing module skips the
/// test, under CI (`CI` set) it fails.
fn python_has(module: &str) -> bool {
    let ok = std::process::Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 module {module} is required under CI (pip install it)"
        );
        eprintln!("skipped: python3 module {module} is not installed");
    }
    ok
}

/// The names and terms the issue asks of the seeds' glossary.
const ISSUE_TERMS: [(&str, &str); 7] = [
    ("حموشي", "Hammouchi"),
    ("ميليبول", "Milipol"),
    ("الخليفي", "Al-Khulaifi"),
    ("كأس العالم", "Coupe du monde"),
    ("مجلس الوزراء", "Conseil des ministres"),
    ("الأمن العام", "sécurité publique"),
    (
        "المديرية العامة للأمن الوطني",
        "Direction générale de la sûreté nationale",
    ),
];

/// Asserts that `entries` hold every term of [`ISSUE_TERMS`], the DGSN's full name
/// tied to its acronym; returns that entry.
fn assert_holds_the_issue_terms(entries: &[Entry]) -> &Entry {
    for (src, tgt) in ISSUE_TERMS {
        assert!(
            find(entries, src, tgt).is_some(),
            "{src} → {tgt} missing from {:#?}",
            entries
                .iter()
                .map(|e| format!("{} → {}", e.src, e.tgt))
                .collect::<Vec<_>>()
        );
    }
    let (src, tgt) = ISSUE_TERMS[6];
    let dgsn = find(entries, src, tgt).unwrap();
    assert_eq!(dgsn.acronym.as_deref(), Some("DGSN"));
    dgsn
}

#[test]
fn seeds_hold_the_names_and_terms() {
    let entries = seeds_glossary(&Options::default());
    assert_holds_the_issue_terms(&entries);
    let hammouchi = find(&entries, "حموشي", "Hammouchi").unwrap();
    assert_eq!(hammouchi.kind, EntryKind::Entity);
    assert!(hammouchi.count >= 3, "{hammouchi:?}");
    // Fragments of a kept term do not come back as entries of their own.
    assert!(find(&entries, "العالم", "monde").is_none());
    assert!(find(&entries, "كأس", "Coupe").is_none());
}

/// The glossary of mizan's own alignment of the seeds (the committed, fresh
/// `aligned/seeds.json`) holds every name and term the issue lists. The Arabic
/// `المديرية العامة للأمن الوطني` is written only in sentences of 002 and 004 that 003
/// has no counterpart for; it comes from the document pair 002–003, vouched for by
/// the lexicon, and only when no review status narrows the pairs.
#[test]
fn seeds_alignment_yields_the_names_and_terms() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("aligned/seeds.json");
    let file = AlignmentFile::load(&path).expect("aligned/seeds.json loads");
    let entries = glossary::build(&file, &Options::default());
    let dgsn = assert_holds_the_issue_terms(&entries);
    assert_eq!(dgsn.example.src_doc, "002_7a81686ae859071b");
    // A name of two Arabic words and one French word is one entry, not two halves.
    let abdellatif = find(&entries, "عبد اللطيف", "Abdellatif").unwrap();
    assert_eq!(abdellatif.kind, EntryKind::Entity);
    for half in ["عبد", "اللطيف"] {
        assert!(find(&entries, half, "Abdellatif").is_none(), "{half}");
    }
    // A term found at document level is written without the preposition glued to it
    // (`للمعرض الدولي`), as one entry with the same term found elsewhere.
    let salon = find(&entries, "المعرض الدولي", "Salon international").unwrap();
    assert_eq!(salon.count, 2);
    assert!(find(&entries, "للمعرض الدولي", "Salon international").is_none());
    // Ranked by confidence, document-level terms among the rest.
    assert!(
        entries
            .windows(2)
            .all(|w| w[0].confidence >= w[1].confidence)
    );
    // A reviewed pair set gives only what its pairs say.
    let mut file = file;
    for p in &mut file.pairs {
        p.status = Status::Accepted;
    }
    let reviewed = glossary::build(
        &file,
        &Options {
            status: vec![Status::Accepted],
            ..Options::default()
        },
    );
    assert!(
        find(
            &reviewed,
            "المديرية العامة للأمن الوطني",
            "Direction générale de la sûreté nationale"
        )
        .is_none()
    );
    assert!(find(&reviewed, "حموشي", "Hammouchi").is_some());
}

#[test]
fn entries_are_ranked_with_frequency_confidence_and_example() {
    let entries = seeds_glossary(&Options::default());
    assert!(entries.len() >= 10);
    for w in entries.windows(2) {
        assert!(w[0].confidence >= w[1].confidence);
    }
    for e in &entries {
        assert!((0.0..=1.0).contains(&e.confidence), "{e:?}");
        assert!(e.count >= 1);
        assert_eq!((e.src_lang, e.tgt_lang), (Lang::Ar, Lang::Fr));
        assert!(!e.example.src.is_empty() && !e.example.tgt.is_empty());
        assert!(e.example.src_doc.starts_with("00") && e.example.tgt_doc.starts_with("003"));
        // Surface forms, not stems: every entry's French appears as written in the
        // fixture's French text.
        assert!(!e.src.is_empty() && !e.tgt.is_empty());
    }
    let file = std::fs::read_to_string(fixture()).unwrap();
    for e in &entries {
        assert!(file.contains(&e.tgt), "{} is not a written form", e.tgt);
    }
}

#[test]
fn top_min_count_and_direction() {
    let all = seeds_glossary(&Options::default());
    let top = seeds_glossary(&Options {
        top: Some(5),
        ..Options::default()
    });
    assert_eq!(top.len(), 5);
    assert_eq!(top, all[..5].to_vec());
    let none = seeds_glossary(&Options {
        top: Some(0),
        ..Options::default()
    });
    assert!(none.is_empty());
    let frequent = seeds_glossary(&Options {
        min_count: 3,
        ..Options::default()
    });
    assert!(!frequent.is_empty() && frequent.iter().all(|e| e.count >= 3));
    assert!(frequent.len() < all.len());

    let fr = seeds_glossary(&Options {
        src: Lang::Fr,
        ..Options::default()
    });
    assert!(
        fr.iter()
            .all(|e| e.src_lang == Lang::Fr && e.tgt_lang == Lang::Ar)
    );
    assert!(find(&fr, "Hammouchi", "حموشي").is_some());
    assert!(find(&fr, "Conseil des ministres", "مجلس الوزراء").is_some());
    let e = find(&fr, "Hammouchi", "حموشي").unwrap();
    assert!(e.example.src.contains("Hammouchi"));
}

#[test]
fn status_filter() {
    let accepted = seeds_glossary(&Options {
        status: vec![Status::Accepted],
        ..Options::default()
    });
    assert!(accepted.is_empty());
    // Rejected pairs never feed the glossary.
    let mut file = AlignmentFile::load(&fixture()).unwrap();
    for p in &mut file.pairs {
        p.status = Status::Rejected;
    }
    assert!(glossary::build(&file, &Options::default()).is_empty());
    file.pairs[1].status = Status::Accepted;
    file.pairs[5].status = Status::Accepted;
    let only = glossary::build(
        &file,
        &Options {
            status: vec![Status::Accepted],
            ..Options::default()
        },
    );
    assert!(find(&only, "مجلس الوزراء", "Conseil des ministres").is_some());
}

#[test]
fn writes_omegat_tsv_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let tsv = dir.path().join("g.tsv");
    glossary::run(&args(&fixture(), &tsv)).unwrap();
    let text = std::fs::read_to_string(&tsv).unwrap();
    let entries = seeds_glossary(&Options::default());
    assert_eq!(text.lines().count(), entries.len());
    for (line, e) in text.lines().zip(&entries) {
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(cols.len(), 3, "{line}");
        assert_eq!((cols[0], cols[1]), (e.src.as_str(), e.tgt.as_str()));
        assert!(cols[2].contains(&format!("freq {}", e.count)));
    }

    let csv_path = dir.path().join("g.csv");
    glossary::run(&args(&fixture(), &csv_path)).unwrap();
    let mut reader = csv::Reader::from_path(&csv_path).unwrap();
    let header = reader.headers().unwrap().clone();
    assert_eq!(&header[0], "source");
    assert_eq!(&header[5], "frequency");
    assert_eq!(&header[6], "confidence");
    let rows: Vec<csv::StringRecord> = reader.records().map(|r| r.unwrap()).collect();
    assert_eq!(rows.len(), entries.len());
    let dgsn = rows
        .iter()
        .find(|r| &r[7] == "DGSN")
        .expect("acronym column");
    assert_eq!(&dgsn[1], "Direction générale de la sûreté nationale");
    assert!(!dgsn[8].is_empty() && !dgsn[9].is_empty());
}

#[test]
fn tbx_basic_structure_and_translate_toolkit() {
    let dir = tempfile::tempdir().unwrap();
    let tbx = dir.path().join("g.tbx");
    glossary::run(&args(&fixture(), &tbx)).unwrap();
    let text = std::fs::read_to_string(&tbx).unwrap();
    let entries = seeds_glossary(&Options::default());
    // Well-formed XML with the TBX-Basic skeleton.
    let mut reader = quick_xml::Reader::from_str(&text);
    let mut path: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    let mut terms = 0;
    loop {
        match reader.read_event().expect("well-formed XML") {
            quick_xml::events::Event::Start(e) => {
                path.push(e.name().as_ref().to_string());
                seen.insert(path.join("/"));
                if path.last().is_some_and(|n| n == "term") {
                    terms += 1;
                }
            }
            quick_xml::events::Event::End(_) => {
                path.pop();
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    for p in [
        "martif/martifHeader/fileDesc/sourceDesc/p",
        "martif/text/body/termEntry/langSet/tig/term",
        "martif/text/body/termEntry/langSet/tig/termNote",
        "martif/text/body/termEntry/langSet/tig/descrip",
    ] {
        assert!(seen.contains(p), "{p} missing");
    }
    // Two terms per entry, plus the acronym.
    assert_eq!(terms, 2 * entries.len() + 1);
    assert!(text.contains(r#"<langSet xml:lang="ar">"#) && text.contains(r#"type="TBX-Basic""#));

    if !python_has("translate.storage.tbx") {
        return;
    }
    let script = r#"
import sys
from translate.storage import tbx
store = tbx.tbxfile.parsefile(sys.argv[1])
for u in store.units:
    print(u.source + "\t" + u.target)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&tbx)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8(out.stdout).unwrap();
    let read: Vec<&str> = stdout.lines().collect();
    assert_eq!(read.len(), entries.len());
    for (line, e) in read.iter().zip(&entries) {
        assert_eq!(*line, format!("{}\t{}", e.src, e.tgt));
    }
}

/// A pair set of hostile texts: control characters XML forbids, tabs and newlines,
/// punctuation only, a long run of one word, an empty side.
fn hostile_file(dir: &Path) -> PathBuf {
    let mut file = AlignmentFile::load(&fixture()).unwrap();
    let texts = [
        (
            "حموشي\u{1}\u{FFFF} يزور\tالملعب\nمرة",
            "Hammouchi\u{1}\u{FFFF} visite\tle stade\nune fois",
        ),
        (
            "حموشي\u{8} يزور الملعب",
            "Hammouchi\u{8} visite le <stade> & \"x\"",
        ),
        ("،،، !!! ...", "((( ))) ,,,"),
        ("", ""),
    ];
    for (p, (ar, fr)) in file.pairs.iter_mut().zip(texts) {
        p.ar.text = ar.into();
        p.fr.text = fr.into();
    }
    file.pairs[4].ar.text = "حموشي ".repeat(400);
    file.pairs[4].fr.text = "Hammouchi ".repeat(400);
    let path = dir.join("hostile.json");
    std::fs::write(&path, file.to_json()).unwrap();
    path
}

#[test]
fn hostile_texts_never_reach_the_files() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_file(dir.path());
    for name in ["h.tbx", "h.tsv", "h.csv"] {
        let out = dir.path().join(name);
        glossary::run(&args(&input, &out)).unwrap();
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(!text.contains(['\u{1}', '\u{8}', '\u{FFFF}']), "{name}");
        if name == "h.tbx" {
            let mut reader = quick_xml::Reader::from_str(&text);
            while !matches!(
                reader.read_event().expect("well-formed"),
                quick_xml::events::Event::Eof
            ) {}
        }
        if name == "h.tsv" {
            assert!(text.lines().all(|l| l.split('\t').count() == 3));
        }
    }
}

#[test]
fn bad_input_gives_one_line_errors_and_no_file() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str); 4] = [
        ("truncated.json", r#"{"version": 1, "pairs": ["#),
        ("binary.json", "\u{0}\u{2}garbage\u{FFFF}"),
        (
            "version.json",
            r#"{"version": 9, "documents": [], "pairs": []}"#,
        ),
        (
            "lang.json",
            r#"{"version":1,"documents":[{"id":"a","path":"a","lang":"fr","sentences":[{"text":"x","start":0,"end":1}]}],
               "pairs":[{"ar":{"doc":"a","sentences":[0],"text":"x"},"fr":{"doc":"a","sentences":[0],"text":"x"},
               "score":0.5,"anchors":[],"status":"auto"}]}"#,
        ),
    ];
    for (name, body) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        let out = dir.path().join("g.tbx");
        let msg = glossary::run(&args(&path, &out)).unwrap_err().to_string();
        assert!(!msg.contains('\n') && msg.contains(name), "{msg}");
        assert!(!out.exists());
    }
    // An unknown extension is refused before anything is read or written.
    let out = dir.path().join("g.xlsx");
    let msg = glossary::run(&args(&fixture(), &out))
        .unwrap_err()
        .to_string();
    assert!(msg.contains("g.xlsx") && !msg.contains('\n'));
    assert!(!out.exists());
}

#[test]
fn cli_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("seeds.tbx");
    Command::cargo_bin("mizan")
        .unwrap()
        .args(["glossary", fixture().to_str().unwrap(), "--top", "3", "-o"])
        .arg(&out)
        .assert()
        .success();
    let text = std::fs::read_to_string(&out).unwrap();
    assert_eq!(text.matches("<termEntry").count(), 3);
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "[").unwrap();
    let res = Command::cargo_bin("mizan")
        .unwrap()
        .args(["glossary", bad.to_str().unwrap(), "-o"])
        .arg(dir.path().join("x.tsv"))
        .output()
        .unwrap();
    assert!(!res.status.success());
    let stderr = String::from_utf8_lossy(&res.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error:"));
    assert!(!dir.path().join("x.tsv").exists());
}
