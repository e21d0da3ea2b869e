//! The contract's `NAME.json`: documents with their sentences, and the aligned pairs.

use crate::Lang;
use crate::anchor::Anchor;
use crate::{Error, Result};
use serde::{Deserialize, Serialize};
use std::path::Path;

/// The contract's JSON format version.
pub const VERSION: u32 = 1;

/// A whole `NAME.json` file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AlignmentFile {
    /// Format version, [`VERSION`].
    pub version: u32,
    /// Every aligned document with its sentences.
    pub documents: Vec<DocumentRecord>,
    /// The pairs found; a sentence in no pair is unaligned.
    pub pairs: Vec<Pair>,
    /// Which Arabic documents report the same story as which French ones, sorted by
    /// Arabic then French id. Absent from the file when empty, so files written
    /// before it existed still load, and readers that ignore unknown fields see the
    /// contract's shape unchanged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub document_pairs: Vec<DocumentPair>,
}

/// A pair of documents that report the same story.
///
/// What a run lists: in comparable mode, every Arabic–French document pair with at
/// least one sentence pair, plus, for a collection large enough to be paired at the
/// document level first (more than 64 Arabic × French document pairs), every
/// candidate pair the sentences were mined in, even when none was found there; in
/// parallel mode, the documents paired by name.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentPair {
    /// The Arabic document's id.
    pub ar: String,
    /// The French document's id.
    pub fr: String,
    /// How related the documents are, in [0, 1], rounded to 4 decimals: the weighted
    /// Dice coefficient of their evidence (the distinct numbers, dates, Latin tokens,
    /// lexicon concepts and names of each document, names matched across scripts,
    /// each weighted by its inverse document frequency in the collection) — the
    /// figure document pairing ranks candidates by. It does not depend on the pairs
    /// found.
    pub score: f64,
    /// The number of sentence pairs found between the two documents.
    pub pairs: usize,
}

/// One document and its sentences.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentRecord {
    /// File name without the final `.txt`.
    pub id: String,
    /// The path the document was read from.
    pub path: String,
    /// Its language.
    pub lang: Lang,
    /// Its sentences in order.
    pub sentences: Vec<SentenceRecord>,
}

/// One sentence: its text and byte offsets in the file as read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SentenceRecord {
    /// The sentence as written.
    pub text: String,
    /// Byte offset of its start in the file.
    pub start: usize,
    /// Byte offset just past its end.
    pub end: usize,
    /// The sentence's id in a sentence pool (`.tsv`, the part before the tab, as
    /// BUCC gold files name sentences); absent for running text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
}

/// An aligned pair: some Arabic sentences and some French sentences that say the same.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    /// The Arabic side.
    pub ar: PairSide,
    /// The French side.
    pub fr: PairSide,
    /// How certainly the sides are parallel, in [0, 1].
    pub score: f64,
    /// The evidence that matched.
    pub anchors: Vec<Anchor>,
    /// The reviewer's decision.
    pub status: Status,
}

/// One side of a pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairSide {
    /// The document id.
    pub doc: String,
    /// 0-based sentence indices, ascending and contiguous.
    pub sentences: Vec<usize>,
    /// The sentences joined by one space.
    pub text: String,
}

/// A reviewer's decision on a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Proposed by the aligner, not reviewed.
    Auto,
    /// Accepted by a reviewer.
    Accepted,
    /// Rejected by a reviewer; left out of the TMX.
    Rejected,
}

impl AlignmentFile {
    /// Serializes to pretty JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        self.write_json(&mut bytes)
            .expect("alignment file serializes");
        bytes
    }

    /// Writes the same bytes as [`AlignmentFile::to_json`] to `out` as they are
    /// rendered, so that a large alignment is never held in memory whole.
    pub fn write_json<W: std::io::Write>(&self, mut out: W) -> std::io::Result<()> {
        serde_json::to_writer_pretty(&mut out, self)?;
        out.write_all(b"\n")
    }

    /// Reads and checks a `NAME.json` file: the version, every pair's documents and
    /// sentence indices must hold, so that later stages can index without checks.
    pub fn load(path: &Path) -> Result<AlignmentFile> {
        let bytes =
            std::fs::read(path).map_err(|e| Error::file(path, format!("cannot read: {e}")))?;
        let file: AlignmentFile = serde_json::from_slice(&bytes)
            .map_err(|e| Error::file(path, format!("not a mizan alignment file: {e}")))?;
        file.validate().map_err(|m| Error::file(path, m))?;
        Ok(file)
    }

    /// Checks the invariants of the contract; returns what is wrong.
    pub fn validate(&self) -> std::result::Result<(), String> {
        if self.version != VERSION {
            return Err(format!(
                "unsupported version {} (expected {VERSION})",
                self.version
            ));
        }
        let mut by_id: std::collections::HashMap<&str, &DocumentRecord> =
            std::collections::HashMap::with_capacity(self.documents.len());
        for d in &self.documents {
            // Pairs name documents by id: a repeated id makes them ambiguous.
            if by_id.insert(d.id.as_str(), d).is_some() {
                return Err(format!("document id {:?} appears twice", d.id));
            }
        }
        for (i, pair) in self.pairs.iter().enumerate() {
            for (side, lang) in [(&pair.ar, Lang::Ar), (&pair.fr, Lang::Fr)] {
                let doc = *by_id
                    .get(side.doc.as_str())
                    .ok_or_else(|| format!("pair {i}: unknown document {:?}", side.doc))?;
                if doc.lang != lang {
                    return Err(format!("pair {i}: document {:?} is not {lang}", side.doc));
                }
                if side.sentences.is_empty() {
                    return Err(format!("pair {i}: empty {lang} side"));
                }
                for w in side.sentences.windows(2) {
                    if w[0].checked_add(1) != Some(w[1]) {
                        return Err(format!("pair {i}: {lang} sentences are not contiguous"));
                    }
                }
                if side.sentences.iter().any(|&s| s >= doc.sentences.len()) {
                    return Err(format!("pair {i}: {lang} sentence index out of range"));
                }
            }
            if !(0.0..=1.0).contains(&pair.score) {
                return Err(format!("pair {i}: score {:?} is not in [0, 1]", pair.score));
            }
        }
        for (i, pair) in self.document_pairs.iter().enumerate() {
            for (id, lang) in [(&pair.ar, Lang::Ar), (&pair.fr, Lang::Fr)] {
                let doc = by_id
                    .get(id.as_str())
                    .ok_or_else(|| format!("document pair {i}: unknown document {id:?}"))?;
                if doc.lang != lang {
                    return Err(format!("document pair {i}: document {id:?} is not {lang}"));
                }
            }
            if !(0.0..=1.0).contains(&pair.score) {
                return Err(format!(
                    "document pair {i}: score {:?} is not in [0, 1]",
                    pair.score
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file() -> AlignmentFile {
        let doc = |id: &str, lang| DocumentRecord {
            id: id.into(),
            path: format!("{id}.txt"),
            lang,
            sentences: vec![SentenceRecord {
                text: "x".into(),
                start: 0,
                end: 1,
                id: None,
            }],
        };
        AlignmentFile {
            version: VERSION,
            documents: vec![doc("a", Lang::Ar), doc("f", Lang::Fr)],
            pairs: Vec::new(),
            document_pairs: Vec::new(),
        }
    }

    #[test]
    fn no_document_pairs_leave_the_field_out() {
        let json = String::from_utf8(file().to_json()).unwrap();
        assert!(!json.contains("document_pairs"), "{json}");
        let back: AlignmentFile = serde_json::from_str(&json).unwrap();
        assert_eq!(back, file());
    }

    #[test]
    fn document_pairs_round_trip() {
        let mut f = file();
        f.document_pairs.push(DocumentPair {
            ar: "a".into(),
            fr: "f".into(),
            score: 0.4321,
            pairs: 2,
        });
        let json = String::from_utf8(f.to_json()).unwrap();
        assert!(json.contains("\"document_pairs\""), "{json}");
        let back: AlignmentFile = serde_json::from_str(&json).unwrap();
        assert_eq!(back, f);
        assert_eq!(back.validate(), Ok(()));
    }

    #[test]
    fn validate_rejects_document_pairs_naming_wrong_documents() {
        let pair = |ar: &str, fr: &str, score| DocumentPair {
            ar: ar.into(),
            fr: fr.into(),
            score,
            pairs: 0,
        };
        let check = |p: DocumentPair| {
            let mut f = file();
            f.document_pairs = vec![p];
            f.validate().unwrap_err()
        };
        assert_eq!(
            check(pair("a", "nope", 0.5)),
            "document pair 0: unknown document \"nope\""
        );
        assert_eq!(
            check(pair("f", "f", 0.5)),
            "document pair 0: document \"f\" is not ar"
        );
        assert_eq!(
            check(pair("a", "f", 1.5)),
            "document pair 0: score 1.5 is not in [0, 1]"
        );
    }
}
