//! `mizan align --jsonl`: documents as JSON lines in, pairs as JSON lines out.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

/// The seed articles as JSON lines, in one group.
fn seed_lines(group: Option<&str>) -> String {
    let mut names: Vec<_> = std::fs::read_dir("seeds")
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    let mut out = String::new();
    for path in names {
        let text = std::fs::read_to_string(&path).unwrap();
        let lang = match mizan::ingest::detect_lang(&text) {
            Some(mizan::Lang::Ar) => "ar",
            _ => "fr",
        };
        let mut record = serde_json::json!({
            "id": mizan::ingest::document_id(&path),
            "lang": lang,
            "text": text,
        });
        if let Some(g) = group {
            record["group"] = g.into();
        }
        out.push_str(&record.to_string());
        out.push('\n');
    }
    out
}

fn run_jsonl(args: &[&str], stdin: &str) -> Vec<Value> {
    let out = Command::cargo_bin("mizan")
        .unwrap()
        .args(["align", "--jsonl"])
        .args(args)
        .write_stdin(stdin)
        .assert()
        .success()
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// The pairs of a JSON line or of the contract file, without the group.
fn key(pair: &Value) -> (String, String, String, String, String) {
    (
        pair["ar"]["doc"].to_string(),
        pair["ar"]["sentences"].to_string(),
        pair["fr"]["doc"].to_string(),
        pair["fr"]["sentences"].to_string(),
        pair["score"].to_string(),
    )
}

#[test]
fn jsonl_pairs_equal_those_of_the_file_run() {
    let lines = run_jsonl(&[], &seed_lines(Some("seeds")));
    assert!(lines.len() >= 5, "{} pairs", lines.len());
    assert!(lines.iter().all(|l| l["group"] == "seeds"));
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("mizan")
        .unwrap()
        .args(["align", "seeds", "--name", "s", "-o"])
        .arg(out.path())
        .assert()
        .success();
    let file: Value =
        serde_json::from_slice(&std::fs::read(out.path().join("s.json")).unwrap()).unwrap();
    let expected: Vec<_> = file["pairs"].as_array().unwrap().iter().map(key).collect();
    let got: Vec<_> = lines.iter().map(key).collect();
    assert_eq!(got, expected);
    // The same object as in the contract's file, plus the group.
    let mut first = lines[0].clone();
    first.as_object_mut().unwrap().remove("group");
    assert_eq!(first, file["pairs"][0]);
}

#[test]
fn groups_are_aligned_apart_and_files_are_read() {
    // Two copies of the seeds in two groups: each group gives the same pairs.
    let one = seed_lines(Some("a"));
    let both = format!("{one}{}", seed_lines(Some("b")));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("docs.jsonl");
    std::fs::write(&path, &both).unwrap();
    let lines = run_jsonl(&[path.to_str().unwrap()], "");
    let a: Vec<_> = lines
        .iter()
        .filter(|l| l["group"] == "a")
        .map(key)
        .collect();
    let b: Vec<_> = lines
        .iter()
        .filter(|l| l["group"] == "b")
        .map(key)
        .collect();
    assert!(!a.is_empty());
    assert_eq!(a, b);
    assert_eq!(a.len() + b.len(), lines.len());
}

#[test]
fn parallel_mode_pairs_documents_by_id() {
    let dir = Path::new("tests/data/ntrex-dev/parallel");
    let mut input = String::new();
    for stem in ["000_bbc.381790", "002_nytimes.184853"] {
        for lang in ["fr", "ar"] {
            let text = std::fs::read_to_string(dir.join(format!("{stem}.{lang}.txt"))).unwrap();
            let record =
                serde_json::json!({"id": format!("{stem}.{lang}"), "lang": lang, "text": text});
            input.push_str(&record.to_string());
            input.push('\n');
        }
    }
    let lines = run_jsonl(&["--mode", "parallel", "--split", "lines"], &input);
    for stem in ["000_bbc.381790", "002_nytimes.184853"] {
        let n = lines
            .iter()
            .filter(|l| l["ar"]["doc"] == format!("{stem}.ar"))
            .inspect(|l| assert_eq!(l["fr"]["doc"], format!("{stem}.fr")))
            .count();
        assert!(n >= 10, "{stem}: {n} pairs");
    }
}

#[test]
fn a_bad_line_is_a_one_line_error_with_its_number() {
    let input = format!(
        "{}\n{{\"id\": \"x\", \"lang\": \"de\", \"text\": \"Hallo\"}}\n",
        r#"{"id": "a", "lang": "ar", "text": "نص قصير"}"#
    );
    let out = Command::cargo_bin("mizan")
        .unwrap()
        .args(["align", "--jsonl"])
        .write_stdin(input)
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("error: <stdin>: line 2: "), "{err}");
    assert!(err.contains("unknown variant `de`"), "{err}");

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.jsonl");
    std::fs::write(&path, "{\"id\": \"a\", \"lang\": \"ar\"\n").unwrap();
    let out = Command::cargo_bin("mizan")
        .unwrap()
        .args(["align", "--jsonl"])
        .arg(&path)
        .assert()
        .failure()
        .get_output()
        .clone();
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(
        err.starts_with(&format!("error: {}: line 1: ", path.display())),
        "{err}"
    );
}
