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
        let mut bytes = serde_json::to_vec_pretty(self).expect("alignment file serializes");
        bytes.push(b'\n');
        bytes
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
        Ok(())
    }
}
