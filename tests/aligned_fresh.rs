//! `aligned/` holds the committed output of `cargo run --release -- align`; this test
//! fails when it is stale (rerun that command and commit), and shows that the output
//! is deterministic byte for byte.

use assert_cmd::Command;

#[test]
fn committed_output_matches_a_fresh_run() {
    let out = tempfile::tempdir().unwrap();
    Command::cargo_bin("mizan")
        .unwrap()
        .args(["align", "-o"])
        .arg(out.path())
        .args(["--name", "seeds"])
        .assert()
        .success();
    for file in ["seeds.json", "seeds.tmx"] {
        let fresh = std::fs::read(out.path().join(file)).unwrap();
        let committed = std::fs::read(std::path::Path::new("aligned").join(file))
            .unwrap_or_else(|e| panic!("aligned/{file}: {e}; run `cargo run --release -- align`"));
        assert!(
            fresh == committed,
            "aligned/{file} is stale: run `cargo run --release -- align` and commit it"
        );
    }
}
