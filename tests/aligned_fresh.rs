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
    // Document pairing is reported: the Arabic article 000 and the French article 003
    // tell the same story.
    let fresh: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.path().join("seeds.json")).unwrap()).unwrap();
    let pairs = fresh["document_pairs"]
        .as_array()
        .expect("seeds.json has document_pairs");
    let pair = pairs
        .iter()
        .find(|p| {
            p["ar"].as_str().unwrap().starts_with("000_")
                && p["fr"].as_str().unwrap().starts_with("003_")
        })
        .unwrap_or_else(|| panic!("no 000_ / 003_ document pair in {pairs:?}"));
    assert!(pair["pairs"].as_u64().unwrap() >= 1, "{pair}");
    assert!(
        (0.0..=1.0).contains(&pair["score"].as_f64().unwrap()),
        "{pair}"
    );
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
