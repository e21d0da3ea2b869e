//! Bad input through the real binary: every case ends with one `error: ...` line naming
//! the file and the problem, a non-zero exit, and no output file left behind (or, for
//! the skipped cases, a warning naming the file and the rest aligned). The same for
//! `review`, `glossary` and `export` reading a malformed or hostile JSON.
//!
//! Each run works in its own temporary folder with relative paths, so the messages are
//! compared exactly.

use assert_cmd::Command;
use std::path::{Path, PathBuf};

const FR: &str = "Le ministre a visité le stade de Doha mardi.\n\
                  Il a rencontré le chef de la police du Qatar.\n";
const AR: &str = "زار الوزير ملعب الدوحة يوم الثلاثاء.\nوالتقى بقائد شرطة قطر.\n";
const EN: &str = "The minister visited the stadium in Doha on Tuesday and met the police.\n";

/// A temporary working folder.
struct Work {
    dir: tempfile::TempDir,
}

impl Work {
    fn new() -> Work {
        Work {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Writes `bytes` to `rel`, creating its folder.
    fn file(&self, rel: &str, bytes: impl AsRef<[u8]>) -> &Work {
        let p = self.path(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, bytes).unwrap();
        self
    }

    /// A folder `rel` with one good Arabic and one good French article.
    fn good(&self, rel: &str) -> &Work {
        self.file(&format!("{rel}/a.ar.txt"), AR)
            .file(&format!("{rel}/a.fr.txt"), FR)
    }

    /// Runs `mizan ARGS` in the folder: (exit success, stderr).
    fn run(&self, args: &[&str]) -> (bool, String) {
        let out = Command::cargo_bin("mizan")
            .unwrap()
            .current_dir(self.dir.path())
            .args(args)
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    }

    /// Every file under `rel` (recursively), relative names; empty when missing.
    fn files_under(&self, rel: &str) -> Vec<String> {
        fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) {
            let Ok(entries) = std::fs::read_dir(dir) else {
                return;
            };
            for e in entries.flatten() {
                let p = e.path();
                if p.is_dir() {
                    walk(&p, base, out);
                } else {
                    out.push(p.strip_prefix(base).unwrap().display().to_string());
                }
            }
        }
        let mut out = Vec::new();
        walk(&self.path(rel), &self.path(rel), &mut out);
        out.sort();
        out
    }

    /// Runs `args`, expects failure with exactly `error` as the one `error:` line (the
    /// last line of stderr, after any warnings) and nothing written under `out`.
    fn fails(&self, args: &[&str], out: &str, error: &str) {
        let (ok, stderr) = self.run(args);
        assert!(!ok, "{args:?} succeeded; stderr:\n{stderr}");
        check_one_error(&stderr, error);
        assert_eq!(
            self.files_under(out),
            Vec::<String>::new(),
            "{args:?} left files in {out}"
        );
    }
}

/// stderr ends with exactly one line, `error`, which is the only `error:` line, and
/// nothing panicked.
fn check_one_error(stderr: &str, error: &str) {
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors, vec![error], "stderr:\n{stderr}");
    assert_eq!(stderr.lines().last(), Some(error), "stderr:\n{stderr}");
}

/// Like [`check_one_error`] when only the start of the message is fixed (parser
/// messages).
fn check_error_prefix(stderr: &str, prefix: &str) {
    assert!(!stderr.contains("panicked"), "panic:\n{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.starts_with("error:")).collect();
    assert_eq!(errors.len(), 1, "stderr:\n{stderr}");
    assert!(errors[0].starts_with(prefix), "stderr:\n{stderr}");
    assert_eq!(stderr.lines().last(), Some(errors[0]), "stderr:\n{stderr}");
}

/// `eval` says why a bead score means nothing: no gold document in the run, or
/// sentences that are not the gold's lines.
#[test]
fn eval_warns_when_the_gold_does_not_fit_the_run() {
    let w = Work::new();
    w.good("d");
    let (ok, err) = w.run(&[
        "align", "--mode", "parallel", "--split", "lines", "d", "-o", "out",
    ]);
    assert!(ok, "{err}");
    w.file("other.jsonl", r#"{"doc": "zzz", "beads": [[[0], [0]]]}"#);
    let (ok, err) = w.run(&["eval", "out/d.json", "--gold", "other.jsonl"]);
    assert!(ok, "{err}");
    assert_eq!(
        err.trim(),
        "warning: other.jsonl: none of the gold's 1 documents is in the run"
    );
    // Two lines a side in the run; the gold knows three French lines.
    w.file(
        "lines.jsonl",
        r#"{"doc": "a", "beads": [[[0], [0]], [[1], [1, 2]]]}"#,
    );
    let (ok, err) = w.run(&["eval", "out/d.json", "--gold", "lines.jsonl"]);
    assert!(ok, "{err}");
    assert!(
        err.starts_with(
            "warning: lines.jsonl: document a.fr has 2 sentences in the run but 3 lines in the gold"
        ),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
    w.file(
        "good.jsonl",
        r#"{"doc": "a", "beads": [[[0], [0]], [[1], [1]]]}"#,
    );
    let (ok, err) = w.run(&["eval", "out/d.json", "--gold", "good.jsonl"]);
    assert!(ok && err.is_empty(), "{err}");
}

/// Sentences of a pool keep their ids in the JSON, and `eval` scores a pool run by
/// them from any folder (it used to reread the pools through their relative paths).
#[test]
fn pool_sentences_keep_their_ids() {
    let w = Work::new();
    w.file("p/ar.tsv", "a7\tزار الوزير ملعب الدوحة يوم الثلاثاء.\n\na9\tوالتقى بقائد شرطة قطر.\n")
        .file("p/fr.tsv", "f1\tLe ministre a visité le stade de Doha mardi.\nf2\tIl a rencontré le chef de la police du Qatar.\n")
        .file("gold.tsv", "a7\tf1\na9\tf2\n");
    let (ok, err) = w.run(&["align", "p/ar.tsv", "p/fr.tsv", "-o", "out", "--name", "c"]);
    assert!(ok, "{err}");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(w.path("out/c.json")).unwrap()).unwrap();
    let ids: Vec<&str> = json["documents"][0]["sentences"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["a7", "a9"]);
    std::fs::create_dir(w.path("elsewhere")).unwrap();
    let out = Command::cargo_bin("mizan")
        .unwrap()
        .current_dir(w.path("elsewhere"))
        .args(["eval", "../out/c.json", "--gold", "../gold.tsv"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(report.contains("gold)"), "{report}");
    assert!(!report.contains("(0 correct"), "{report}");
}

/// A file whose name states one language over a text in the other is aligned as
/// named, with a warning naming it.
#[test]
fn a_name_stating_the_other_language_is_warned_about() {
    let w = Work::new();
    w.file("d/a.ar.txt", FR).file("d/a.fr.txt", AR);
    let (ok, err) = w.run(&["align", "--mode", "parallel", "d", "-o", "out"]);
    assert!(ok, "{err}");
    assert!(
        err.contains("warning: d/a.ar.txt: named as ar but its text reads as fr; aligned as ar"),
        "{err}"
    );
    assert!(
        err.contains("warning: d/a.fr.txt: named as fr but its text reads as ar"),
        "{err}"
    );
    let w = Work::new();
    w.good("d");
    let (ok, err) = w.run(&["align", "--mode", "parallel", "d", "-o", "out"]);
    assert!(ok && !err.contains("warning"), "{err}");
}

#[test]
fn missing_path() {
    let w = Work::new();
    w.fails(
        &["align", "nothere", "-o", "out"],
        "out",
        "error: nothere: no such file or folder",
    );
    w.good("docs");
    w.fails(
        &["align", "docs", "docs/b.fr.txt", "-o", "out"],
        "out",
        "error: docs/b.fr.txt: no such file or folder",
    );
}

#[test]
fn folder_without_txt() {
    let w = Work::new();
    w.file("docs/readme.md", "# notes\n")
        .file("docs/a.ar.text", AR);
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs: folder has no .txt file",
    );
    std::fs::create_dir_all(w.path("empty")).unwrap();
    w.fails(
        &["align", "empty", "-o", "out"],
        "out",
        "error: empty: folder has no .txt file",
    );
}

#[test]
fn invalid_utf8() {
    let w = Work::new();
    w.good("docs")
        .file("docs/b.fr.txt", b"Le caf\xe9 est ouvert.\n");
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/b.fr.txt: invalid UTF-8 at byte 6",
    );
    // Latin-1 bytes only, no NUL: a binary-looking file that is not UTF-8.
    let bytes: Vec<u8> = (0x80..=0xFFu8).collect();
    w.file("blob.txt", bytes);
    w.fails(
        &["align", "blob.txt", "-o", "out"],
        "out",
        "error: blob.txt: invalid UTF-8 at byte 0",
    );
}

#[test]
fn binary_file() {
    let w = Work::new();
    w.good("docs")
        .file("docs/image.txt", b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0");
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/image.txt: contains a NUL byte at offset 8 (binary file?)",
    );
}

#[test]
fn empty_file() {
    let w = Work::new();
    w.good("docs").file("docs/b.fr.txt", "");
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/b.fr.txt: empty file",
    );
    w.file("docs/b.fr.txt", " \n\t\r\n\u{FEFF}");
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/b.fr.txt: empty file",
    );
}

/// A pool line without a tab has no id: refused, naming the line, rather than
/// dropped without a word (blank lines are allowed).
#[test]
fn pool_line_without_tab() {
    let w = Work::new();
    w.file(
        "p/ar.tsv",
        "a1\tزار الوزير ملعب الدوحة.\n\nعاد الوزير\na2\tوالتقى بقائد شرطة قطر.\n",
    )
    .file("p/fr.tsv", "f1\tLe ministre a visité le stade.\n");
    w.fails(
        &["align", "p/ar.tsv", "p/fr.tsv", "-o", "out"],
        "out",
        "error: p/ar.tsv: line 3 has no tab (a pool line is id<TAB>sentence)",
    );
}

#[test]
fn nul_bytes() {
    let w = Work::new();
    w.good("docs").file("docs/b.fr.txt", "Le chat\0 dort.\n");
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/b.fr.txt: contains a NUL byte at offset 7 (binary file?)",
    );
    // Behind a byte-order mark the offset still counts the file's bytes.
    w.file("docs/b.fr.txt", "\u{FEFF}ab\0");
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/b.fr.txt: contains a NUL byte at offset 5 (binary file?)",
    );
}

#[test]
fn no_arabic_or_no_french_document() {
    let w = Work::new();
    w.file("fr/a.txt", FR).file("fr/b.txt", FR);
    w.fails(
        &["align", "fr", "-o", "out"],
        "out",
        "error: fr: no Arabic document among the inputs",
    );
    w.file("ar/a.txt", AR);
    w.fails(
        &["align", "ar", "-o", "out"],
        "out",
        "error: ar: no French document among the inputs",
    );
    // Only a third language beside Arabic: warned about, then no French.
    w.file("ar/en.txt", EN);
    let (ok, stderr) = w.run(&["align", "ar", "-o", "out"]);
    assert!(!ok);
    assert!(stderr.contains("warning: ar/en.txt: neither Arabic nor French; skipped"));
    check_one_error(&stderr, "error: ar: no French document among the inputs");
}

#[test]
fn third_language_is_skipped_by_name_and_the_rest_aligned() {
    let w = Work::new();
    w.good("docs").file("docs/c.txt", EN);
    let (ok, stderr) = w.run(&["align", "docs", "-o", "out"]);
    assert!(ok, "{stderr}");
    assert!(
        stderr
            .lines()
            .any(|l| l == "warning: docs/c.txt: neither Arabic nor French; skipped"),
        "{stderr}"
    );
    assert_eq!(w.files_under("out"), vec!["docs.json", "docs.tmx"]);
    let file = mizan::output::AlignmentFile::load(&w.path("out/docs.json")).unwrap();
    let ids: Vec<&str> = file.documents.iter().map(|d| d.id.as_str()).collect();
    assert_eq!(ids, vec!["a.ar", "a.fr"]);
    assert!(!file.pairs.is_empty());
}

#[test]
fn unwritable_output_folder() {
    let w = Work::new();
    w.good("docs").file("blocker", "a file, not a folder\n");
    w.fails(
        &["align", "docs", "-o", "blocker"],
        "nothing",
        "error: blocker: output folder is a file",
    );
    w.fails(
        &["align", "docs", "-o", "blocker/out"],
        "nothing",
        "error: blocker/out: cannot create output folder: blocker is a file",
    );
    assert_eq!(
        std::fs::read_to_string(w.path("blocker")).unwrap(),
        "a file, not a folder\n"
    );
    // A read-only folder (not for root, who may write anywhere).
    let ro = w.path("ro");
    std::fs::create_dir(&ro).unwrap();
    set_mode(&ro, 0o555);
    if std::fs::write(ro.join("probe"), "x").is_ok() {
        eprintln!("running as root: the read-only folder case is not checked");
    } else {
        w.fails(
            &["align", "docs", "-o", "ro"],
            "ro",
            "error: ro/docs.json: cannot write: permission denied",
        );
    }
    set_mode(&ro, 0o755);
}

#[cfg(target_os = "linux")]
#[test]
fn output_folder_that_cannot_be_created_even_by_root() {
    let w = Work::new();
    w.good("docs");
    let (ok, stderr) = w.run(&["align", "docs", "-o", "/proc/mizan-out"]);
    assert!(!ok);
    check_error_prefix(
        &stderr,
        "error: /proc/mizan-out: cannot create output folder: ",
    );
}

fn set_mode(path: &Path, mode: u32) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let _ = (path, mode);
}

#[test]
fn a_failed_run_keeps_the_old_output() {
    let w = Work::new();
    w.good("docs");
    let (ok, stderr) = w.run(&["align", "docs", "-o", "out"]);
    assert!(ok, "{stderr}");
    let json = std::fs::read(w.path("out/docs.json")).unwrap();
    let tmx = std::fs::read(w.path("out/docs.tmx")).unwrap();
    w.file("docs/b.fr.txt", "bad \u{0}");
    let (ok, _) = w.run(&["align", "docs", "-o", "out"]);
    assert!(!ok);
    assert_eq!(w.files_under("out"), vec!["docs.json", "docs.tmx"]);
    assert_eq!(std::fs::read(w.path("out/docs.json")).unwrap(), json);
    assert_eq!(std::fs::read(w.path("out/docs.tmx")).unwrap(), tmx);
}

#[test]
fn file_over_the_size_limit_is_refused_naming_the_flag() {
    let w = Work::new();
    let line = "mot ".repeat(500) + "fin";
    w.file("docs/a.ar.txt", AR).file("docs/a.fr.txt", &line);
    w.fails(
        &["align", "docs", "--max-bytes", "1000", "-o", "out"],
        "out",
        "error: docs/a.fr.txt: file is 2003 bytes, over the limit of 1000 (raise it with --max-bytes)",
    );
    let (ok, stderr) = w.run(&["align", "docs", "--max-bytes", "3000", "-o", "out"]);
    assert!(ok, "{stderr}");
}

#[test]
fn long_single_line_without_punctuation_is_one_sentence() {
    // A scraped page with no line break and no full stop (the 50 MB case, smaller):
    // aligned in linear time, kept whole as one sentence whose offsets slice the file.
    let w = Work::new();
    let line = "le ministre de l'intérieur a annoncé un plan de sécurité ".repeat(2000);
    w.file("docs/a.ar.txt", AR).file("docs/a.fr.txt", &line);
    let (ok, stderr) = w.run(&["align", "docs", "-o", "out"]);
    assert!(ok, "{stderr}");
    let file = mizan::output::AlignmentFile::load(&w.path("out/docs.json")).unwrap();
    let fr = file.documents.iter().find(|d| d.id == "a.fr").unwrap();
    assert_eq!(fr.sentences.len(), 1);
    let s = &fr.sentences[0];
    assert_eq!(&line[s.start..s.end], s.text);
    assert_eq!(s.text, line.trim_end());
}

#[cfg(unix)]
#[test]
fn symlink_loop_in_an_input_folder() {
    let w = Work::new();
    w.good("docs");
    std::os::unix::fs::symlink("loop2.txt", w.path("docs/loop1.txt")).unwrap();
    std::os::unix::fs::symlink("loop1.txt", w.path("docs/loop2.txt")).unwrap();
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/loop1.txt: symbolic link loop",
    );
}

#[cfg(unix)]
#[test]
fn dangling_symlink_fifo_and_folder_named_txt() {
    let w = Work::new();
    w.good("docs");
    std::os::unix::fs::symlink("gone.txt", w.path("docs/b.txt")).unwrap();
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/b.txt: no such file or folder",
    );
    std::fs::remove_file(w.path("docs/b.txt")).unwrap();
    std::fs::create_dir(w.path("docs/b.txt")).unwrap();
    w.fails(
        &["align", "docs", "-o", "out"],
        "out",
        "error: docs/b.txt: not a regular file",
    );
    std::fs::remove_dir(w.path("docs/b.txt")).unwrap();
    // A named pipe would block a reader forever: refused before it is opened.
    let fifo = w.path("docs/b.txt");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if made.is_ok_and(|s| s.success()) {
        w.fails(
            &["align", "docs", "-o", "out"],
            "out",
            "error: docs/b.txt: not a regular file",
        );
    }
}

#[test]
fn two_inputs_with_one_document_id() {
    let w = Work::new();
    w.good("docs").file("other/a.fr.txt", FR);
    w.fails(
        &["align", "docs", "other", "-o", "out"],
        "out",
        "error: other/a.fr.txt: same document id \"a.fr\" as docs/a.fr.txt (each input file name must be unique)",
    );
}

#[test]
fn one_file_given_twice() {
    let w = Work::new();
    w.good("docs");
    w.fails(
        &["align", "docs", "docs/a.fr.txt", "-o", "out"],
        "out",
        "error: docs/a.fr.txt: given twice",
    );
}

#[test]
fn output_name_with_a_control_character_is_refused() {
    let w = Work::new();
    w.good("docs");
    w.fails(
        &["align", "docs", "--name", "a\nb", "-o", "out"],
        "out",
        "error: invalid output name \"a\\nb\" (control characters)",
    );
}

/// `--name run.json` writes run.json.json and run.json.tmx, as the contract says
/// (NAME.json), with a warning that NAME is given without extension.
#[test]
fn an_output_name_with_an_extension_is_warned_about() {
    let w = Work::new();
    w.good("docs");
    let (ok, err) = w.run(&["align", "docs", "--name", "run.json", "-o", "out"]);
    assert!(ok, "{err}");
    assert_eq!(w.files_under("out"), ["run.json.json", "run.json.tmx"]);
    assert!(
        err.starts_with(
            "warning: --name run.json: NAME is given without extension; writing run.json.json and run.json.tmx"
        ),
        "{err}"
    );
    let (ok, err) = w.run(&["align", "docs", "--name", "run", "-o", "out2"]);
    assert!(ok && !err.contains("warning"), "{err}");
}

#[test]
fn output_name_with_a_folder_is_refused() {
    let w = Work::new();
    w.good("docs");
    w.fails(
        &["align", "docs", "--name", "../escape", "-o", "out"],
        "out",
        "error: invalid output name \"../escape\" (a file name without folders)",
    );
    assert!(!w.path("escape.json").exists());
}

#[test]
fn parallel_mode_without_a_pair_of_names() {
    let w = Work::new();
    w.file("docs/x.ar.txt", AR)
        .file("docs/y.ar.txt", AR)
        .file("docs/z.fr.txt", FR);
    let (ok, stderr) = w.run(&["align", "docs", "--mode", "parallel", "-o", "out"]);
    assert!(!ok);
    assert!(stderr.contains("warning: docs/x.ar.txt: no document of the other language"));
    check_one_error(
        &stderr,
        "error: docs: parallel mode: no X.ar.txt / X.fr.txt pair of documents",
    );
    assert!(w.files_under("out").is_empty());
}

/// A valid alignment file made by `align`, and its JSON text.
fn aligned(w: &Work) -> serde_json::Value {
    w.good("docs");
    let (ok, stderr) = w.run(&["align", "docs", "-o", "run"]);
    assert!(ok, "{stderr}");
    serde_json::from_slice(&std::fs::read(w.path("run/docs.json")).unwrap()).unwrap()
}

/// Hostile JSON files: name, content, and the start of the expected message (after
/// `error: NAME: `).
fn hostile_jsons(good: &serde_json::Value) -> Vec<(&'static str, Vec<u8>, &'static str)> {
    let text = serde_json::to_string(good).unwrap();
    let with = |f: &dyn Fn(&mut serde_json::Value)| {
        let mut v = good.clone();
        f(&mut v);
        serde_json::to_vec(&v).unwrap()
    };
    let deep = format!(
        "{{\"version\":1,\"documents\":{}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    vec![
        ("empty.json", Vec::new(), "not a mizan alignment file: "),
        (
            "text.json",
            b"hello".to_vec(),
            "not a mizan alignment file: ",
        ),
        (
            "truncated.json",
            text.as_bytes()[..text.len() / 2].to_vec(),
            "not a mizan alignment file: ",
        ),
        (
            "latin1.json",
            b"{\"version\":1,\"documents\":[{\"id\":\"caf\xe9\"}]}".to_vec(),
            "not a mizan alignment file: ",
        ),
        (
            "wrong_type.json",
            with(&|v| v["pairs"][0]["score"] = "high".into()),
            "not a mizan alignment file: invalid type",
        ),
        (
            "huge_index.json",
            text.replacen(
                "\"sentences\":[0]",
                "\"sentences\":[18446744073709551616]",
                1,
            )
            .into_bytes(),
            "not a mizan alignment file: ",
        ),
        (
            "huge_score.json",
            with(&|v| v["pairs"][0]["score"] = serde_json::json!(1e308)),
            "pair 0: score 1e308 is not in [0, 1]",
        ),
        (
            "out_of_range.json",
            with(&|v| v["pairs"][0]["fr"]["sentences"] = serde_json::json!([999])),
            "pair 0: fr sentence index out of range",
        ),
        (
            "not_contiguous.json",
            with(&|v| v["pairs"][0]["ar"]["sentences"] = serde_json::json!([1, 0])),
            "pair 0: ar sentences are not contiguous",
        ),
        (
            "unknown_doc.json",
            with(&|v| v["pairs"][0]["ar"]["doc"] = "nope".into()),
            "pair 0: unknown document \"nope\"",
        ),
        (
            "wrong_lang.json",
            with(&|v| v["pairs"][0]["ar"]["doc"] = "a.fr".into()),
            "pair 0: document \"a.fr\" is not ar",
        ),
        (
            "duplicate_doc.json",
            with(&|v| {
                let d = v["documents"][0].clone();
                v["documents"].as_array_mut().unwrap().push(d);
            }),
            "document id \"a.ar\" appears twice",
        ),
        (
            "version.json",
            with(&|v| v["version"] = 2.into()),
            "unsupported version 2 (expected 1)",
        ),
        (
            "deep.json",
            deep.into_bytes(),
            "not a mizan alignment file: ",
        ),
        (
            "bad_status.json",
            with(&|v| v["pairs"][0]["status"] = "maybe".into()),
            "not a mizan alignment file: unknown variant",
        ),
    ]
}

#[test]
fn review_glossary_and_export_refuse_hostile_json() {
    let w = Work::new();
    let good = aligned(&w);
    let cases = hostile_jsons(&good);
    for (name, bytes, message) in &cases {
        w.file(name, bytes);
        let commands: [&[&str]; 3] = [
            &["review", "--print", name],
            &["glossary", "-o", "out/g.tsv", name],
            &["export", "-o", "out", name],
        ];
        for args in commands {
            let (ok, stderr) = w.run(args);
            assert!(!ok, "{args:?} accepted {name}");
            check_error_prefix(&stderr, &format!("error: {name}: {message}"));
            assert!(w.files_under("out").is_empty(), "{args:?} wrote files");
        }
    }
    // A missing file and a folder in its place.
    std::fs::create_dir(w.path("dir.json")).unwrap();
    for name in ["missing.json", "dir.json"] {
        for args in [
            vec!["review", "--print", name],
            vec!["glossary", "-o", "out/g.tsv", name],
            vec!["export", "-o", "out", name],
        ] {
            let (ok, stderr) = w.run(&args);
            assert!(!ok);
            check_error_prefix(&stderr, &format!("error: {name}: cannot read: "));
        }
    }
}

#[test]
fn hostile_but_valid_json_goes_through_every_reader() {
    // Valid by the contract but made to hurt: forbidden XML characters, bidi overrides
    // and terminal escapes in the text and the ids. Every reader copes.
    let w = Work::new();
    let mut good = aligned(&w);
    let evil = "\u{202E}<b>&amp;\"'\u{1b}[31m\u{0}\u{7}\u{2066}x\u{FFFF}";
    good["pairs"][0]["ar"]["text"] = format!("{evil} عربي").into();
    good["pairs"][0]["fr"]["text"] = format!("{evil} français").into();
    w.file("evil.json", serde_json::to_vec(&good).unwrap());
    let (ok, stderr) = w.run(&["export", "--format", "tsv", "-o", "ex", "evil.json"]);
    assert!(ok, "{stderr}");
    let tsv = std::fs::read_to_string(w.path("ex/evil.tsv")).unwrap();
    assert_eq!(tsv.lines().count(), good["pairs"].as_array().unwrap().len());
    let (ok, stderr) = w.run(&["glossary", "-o", "g.tbx", "evil.json"]);
    assert!(ok, "{stderr}");
    let out = Command::cargo_bin("mizan")
        .unwrap()
        .current_dir(w.dir.path())
        .args(["review", "--print", "--color", "never", "evil.json"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let shown = String::from_utf8(out.stdout).unwrap();
    assert!(
        !shown.chars().any(
            |c| matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{1b}' | '\u{0}')
        ),
        "raw control characters reached the view:\n{shown}"
    );
}
