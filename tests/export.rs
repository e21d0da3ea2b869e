//! `mizan export`: line-aligned files MT-evaluation tools read, checked by hand and with
//! `sacrebleu` itself.

use assert_cmd::Command;
use mizan::output::export::{ExportArgs, ExportFormat, one_line, run};
use mizan::output::{AlignmentFile, Status};
use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/glossary/seeds_pairs.json")
}

fn args(file: &Path, format: ExportFormat, out: &Path) -> ExportArgs {
    ExportArgs {
        file: file.to_path_buf(),
        format,
        out: out.to_path_buf(),
        name: None,
        src: mizan::Lang::Ar,
        min_score: 0.0,
        status: Vec::new(),
    }
}

/// The fixture with a few hostile texts: newlines, tabs, a line separator inside
/// sentences, and one rejected pair.
fn hostile_fixture(dir: &Path) -> PathBuf {
    let mut file = AlignmentFile::load(&fixture()).unwrap();
    file.pairs[0].ar.text = "سطر أول\nسطر\tثان\r\nثالث".into();
    file.pairs[0].fr.text = "ligne un\nligne\u{2028}deux\u{85}trois\t!".into();
    file.pairs[1].status = Status::Rejected;
    file.pairs[2].status = Status::Accepted;
    let path = dir.join("hostile.json");
    std::fs::write(&path, file.to_json()).unwrap();
    path
}

fn lines(path: &Path) -> Vec<String> {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .map(String::from)
        .collect()
}

#[test]
fn plain_is_line_aligned_and_folded() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_fixture(dir.path());
    let out = dir.path().join("out");
    run(&args(&input, ExportFormat::Plain, &out)).unwrap();
    let file = AlignmentFile::load(&input).unwrap();
    let kept: Vec<_> = file
        .pairs
        .iter()
        .filter(|p| p.status != Status::Rejected)
        .collect();
    let ar = lines(&out.join("hostile.ar"));
    let fr = lines(&out.join("hostile.fr"));
    assert_eq!(ar.len(), kept.len());
    assert_eq!(fr.len(), kept.len());
    assert_eq!(ar[0], "سطر أول سطر ثان ثالث");
    assert_eq!(fr[0], "ligne un ligne deux trois !");
    for (i, p) in kept.iter().enumerate() {
        assert_eq!(ar[i], one_line(&p.ar.text));
        assert_eq!(fr[i], one_line(&p.fr.text));
        assert!(!ar[i].contains('\t') && !fr[i].contains('\t'));
    }
    // Python's str.splitlines (which some tools use) splits on more than \n: the files
    // must still have one line per pair for it.
    let text = std::fs::read_to_string(out.join("hostile.fr")).unwrap();
    assert!(!text.contains(['\u{2028}', '\u{2029}', '\u{85}', '\u{0B}', '\u{0C}', '\r']));
    // No temporary file left behind.
    let names: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");
}

#[test]
fn jsonl_direction_and_filters() {
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_fixture(dir.path());
    let mut a = args(&input, ExportFormat::Jsonl, dir.path());
    a.src = mizan::Lang::Fr;
    a.min_score = 0.7;
    a.name = Some("dev".into());
    run(&a).unwrap();
    let file = AlignmentFile::load(&input).unwrap();
    let want: Vec<_> = file
        .pairs
        .iter()
        .filter(|p| p.status != Status::Rejected && p.score >= 0.7)
        .collect();
    let got = lines(&dir.path().join("dev.jsonl"));
    assert_eq!(got.len(), want.len());
    assert!(!want.is_empty());
    for (line, p) in got.iter().zip(&want) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(v["src"], one_line(&p.fr.text));
        assert_eq!(v["ref"], one_line(&p.ar.text));
        assert_eq!(v["doc"], p.fr.doc.as_str());
        assert_eq!(v["ref_doc"], p.ar.doc.as_str());
        assert_eq!(v["src_lang"], "fr");
        assert!((v["score"].as_f64().unwrap() - p.score).abs() < 1e-12);
    }

    // --status accepted keeps exactly the accepted pair.
    let mut a = args(&input, ExportFormat::Tsv, dir.path());
    a.status = vec![Status::Accepted];
    run(&a).unwrap();
    let got = lines(&dir.path().join("hostile.tsv"));
    assert_eq!(got.len(), 1);
    let cols: Vec<&str> = got[0].split('\t').collect();
    assert_eq!(cols.len(), 2);
    assert_eq!(cols[0], one_line(&file.pairs[2].ar.text));
    assert_eq!(cols[1], one_line(&file.pairs[2].fr.text));
}

#[test]
fn hostile_json_gives_one_line_errors() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &str); 5] = [
        ("truncated.json", r#"{"version": 1, "documents": ["#),
        ("binary.json", "\u{0}\u{1}\u{FFFF}garbage"),
        (
            "wrong.json",
            r#"{"version": 1, "documents": [], "pairs": 7}"#,
        ),
        (
            "index.json",
            r#"{"version":1,"documents":[{"id":"a","path":"a","lang":"ar","sentences":[]},
               {"id":"f","path":"f","lang":"fr","sentences":[]}],
               "pairs":[{"ar":{"doc":"a","sentences":[99999999999],"text":"x"},
                         "fr":{"doc":"f","sentences":[0],"text":"y"},
                         "score":0.5,"anchors":[],"status":"auto"}]}"#,
        ),
        (
            "score.json",
            r#"{"version":1,"documents":[],"pairs":[{"ar":{"doc":"a","sentences":[0],"text":"x"},
               "fr":{"doc":"f","sentences":[0],"text":"y"},"score":1e999,"anchors":[],"status":"auto"}]}"#,
        ),
    ];
    for (name, body) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, body).unwrap();
        let out = dir.path().join("out");
        let err = run(&args(&path, ExportFormat::Plain, &out)).unwrap_err();
        let msg = err.to_string();
        assert!(!msg.contains('\n'), "{name}: {msg}");
        assert!(msg.contains(name), "{name}: {msg}");
        assert!(
            !out.join(format!("{}.ar", name.trim_end_matches(".json")))
                .exists()
        );
    }
}

#[test]
fn cli_export_and_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    Command::cargo_bin("mizan")
        .unwrap()
        .args([
            "export",
            fixture().to_str().unwrap(),
            "--format",
            "plain",
            "-o",
        ])
        .arg(dir.path())
        .assert()
        .success();
    assert!(dir.path().join("seeds_pairs.ar").exists());
    let bad = dir.path().join("bad.json");
    std::fs::write(&bad, "{").unwrap();
    let out = Command::cargo_bin("mizan")
        .unwrap()
        .args(["export", bad.to_str().unwrap(), "-o"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with("error:"), "{stderr}");
}

/// Whether `python3 -c "import MODULE"` works. Outside CI a missing module skips the
/// test (a fresh clone need not have it); under CI (`CI` set) it is a failure.
pub fn python_has(module: &str) -> bool {
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

#[test]
fn sacrebleu_reads_the_export() {
    if !python_has("sacrebleu") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = hostile_fixture(dir.path());
    run(&args(&input, ExportFormat::Plain, dir.path())).unwrap();
    let fr = dir.path().join("hostile.fr");
    let ar = dir.path().join("hostile.ar");
    let sacrebleu = |reference: &Path, hyp: &Path| {
        std::process::Command::new("python3")
            .args(["-m", "sacrebleu"])
            .arg(reference)
            .arg("-i")
            .arg(hyp)
            .args(["-m", "bleu", "chrf", "-b", "-w", "2"])
            .output()
            .unwrap()
    };
    // The reference scored against itself: 100, so every line matched its twin.
    let out = sacrebleu(&fr, &fr);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let scores: Vec<f64> = String::from_utf8_lossy(&out.stdout)
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '[' | ']'))
        .filter_map(|s| s.parse().ok())
        .collect();
    assert_eq!(scores, vec![100.0, 100.0]);
    // The two languages have the same number of lines: sacrebleu refuses otherwise.
    let out = sacrebleu(&fr, &ar);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
