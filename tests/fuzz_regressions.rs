//! Replays the kept fuzz corpus (`tests/data/fuzz/<target>/`, minimized from the
//! cargo-fuzz runs, see `fuzz/README.md`) through the same checks the fuzz targets
//! run (`fuzz/checks.rs`), so that every input that once found new code paths keeps
//! passing without a fuzzer.

#[path = "../fuzz/checks.rs"]
mod checks;

use std::path::Path;

/// Runs `check` on every file of `tests/data/fuzz/<target>`; returns how many.
fn replay(target: &str, check: fn(&[u8])) -> usize {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/fuzz")
        .join(target);
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    for path in &files {
        let data = std::fs::read(path).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "{target}: {} fails", path.display());
    }
    files.len()
}

#[test]
fn segment_corpus() {
    assert!(replay("segment", checks::segment) > 10);
}

#[test]
fn normalize_corpus() {
    assert!(replay("normalize", checks::normalize) > 10);
}

#[test]
fn json_load_corpus() {
    assert!(replay("json_load", checks::json_load) > 10);
}

#[test]
fn tmx_roundtrip_corpus() {
    assert!(replay("tmx_roundtrip", checks::tmx_roundtrip) > 10);
}
