//! Whole-pipeline throughput (issue 6): read, segment, normalize and anchor (feature
//! extraction) of running text, in MB/s for each language. Not a criterion
//! benchmark: it times one pass over large files, as `wc -l` is timed beside it.
//!
//! `MIZAN_THROUGHPUT_DIR` names a folder with `ar.txt` and `fr.txt` (bench/run.sh
//! makes 32 MB ones); without it, the dev documents kept in tests/data are used.

use mizan::anchor::lexicon::Lexicon;
use mizan::ingest::{Document, read_document};
use mizan::pipeline::{Split, prepare, segment_documents};
use std::path::PathBuf;
use std::time::Instant;

fn main() {
    let dir = std::env::var_os("MIZAN_THROUGHPUT_DIR").map(PathBuf::from);
    let lexicon = Lexicon::builtin();
    for lang in ["ar", "fr"] {
        let t = Instant::now();
        let docs: Vec<Document> = match &dir {
            Some(d) => vec![
                read_document(&d.join(format!("{lang}.txt")), u64::MAX)
                    .expect("readable")
                    .expect("Arabic or French"),
            ],
            None => {
                let src = PathBuf::from("tests/data/ntrex-dev/parallel");
                let mut names: Vec<PathBuf> = std::fs::read_dir(&src)
                    .expect("tests/data/ntrex-dev/parallel")
                    .map(|e| e.unwrap().path())
                    .filter(|p| p.to_string_lossy().ends_with(&format!(".{lang}.txt")))
                    .collect();
                names.sort();
                names
                    .iter()
                    .map(|p| read_document(p, u64::MAX).unwrap().unwrap())
                    .collect()
            }
        };
        let read = t.elapsed().as_secs_f64();
        let bytes: usize = docs.iter().map(|d| d.text.len()).sum();
        let mb = bytes as f64 / 1e6;
        let t = Instant::now();
        let spans = segment_documents(&docs, Split::Auto);
        let seg = t.elapsed().as_secs_f64();
        let sentences: usize = spans.iter().map(Vec::len).sum();
        let t = Instant::now();
        let (prepared, interner) = prepare(&docs, Split::Auto, &lexicon);
        let prep = t.elapsed().as_secs_f64();
        let keys: usize = prepared
            .iter()
            .flat_map(|p| p.features.iter())
            .map(|f| f.items.len())
            .sum();
        println!(
            "throughput {lang}: {mb:.1} MB, {sentences} sentences, {keys} keys, {} interned; \
             read {:.0} MB/s, segment {:.1} MB/s, segment+normalize+anchor {:.2} MB/s, \
             whole (read+segment+normalize+anchor) {:.2} MB/s ({:.2} s)",
            interner.len(),
            mb / read,
            mb / seg,
            mb / prep,
            mb / (read + prep),
            read + prep
        );
    }
}
