//! Progress bars go to stderr only when it is a terminal: with stderr captured (a
//! pipe, as here, or a log), `mizan align` prints its usual summary line and nothing
//! else, even with bars set to appear at once; `--quiet` and `--jsonl` likewise.

use assert_cmd::Command;
use mizan::progress::DELAY_VAR;

/// Marks of a drawn bar: its characters, its labels, cursor and colour control.
fn assert_no_bar(stderr: &str) {
    for mark in [
        "█",
        "▏",
        "ETA",
        "segment+features",
        "align pass",
        "\r",
        "\x1b",
    ] {
        assert!(!stderr.contains(mark), "{mark:?} in stderr:\n{stderr}");
    }
}

/// Runs `mizan ARGS` with bars set to appear at once: (success, stdout, stderr).
fn run(args: &[&str], stdin: &str) -> (bool, String, String) {
    let out = Command::cargo_bin("mizan")
        .unwrap()
        .args(args)
        .env(DELAY_VAR, "0")
        .write_stdin(stdin)
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn align_prints_no_progress_when_stderr_is_not_a_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    for quiet in [None, Some("-q"), Some("--quiet")] {
        let mut args = vec!["align", "seeds", "-o", out, "--name", "seeds"];
        args.extend(quiet);
        let (ok, stdout, stderr) = run(&args, "");
        assert!(ok, "{args:?} failed:\n{stderr}");
        assert_eq!(stdout, "");
        assert_no_bar(&stderr);
        // Only the summary: "N pairs from 5 documents → OUT/seeds.json and OUT/seeds.tmx".
        let lines: Vec<&str> = stderr.lines().collect();
        assert_eq!(lines.len(), 1, "{args:?}: stderr:\n{stderr}");
        assert!(
            lines[0].contains(" pairs from 5 documents → ") && lines[0].ends_with("seeds.tmx"),
            "{args:?}: stderr:\n{stderr}"
        );
    }
}

#[test]
fn jsonl_writes_pairs_only_and_no_progress() {
    let fr = "Le ministre a visité le stade de Doha mardi.\n";
    let ar = "زار الوزير ملعب الدوحة يوم الثلاثاء.\n";
    let input = format!(
        "{}\n{}\n",
        serde_json::json!({"id": "a.ar", "lang": "ar", "text": ar}),
        serde_json::json!({"id": "a.fr", "lang": "fr", "text": fr}),
    );
    let (ok, stdout, stderr) = run(&["align", "--jsonl"], &input);
    assert!(ok, "stderr:\n{stderr}");
    assert_eq!(stderr, "");
    for line in stdout.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
}
