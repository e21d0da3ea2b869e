//! Anchors: evidence that an Arabic and a French sentence say the same thing —
//! the same number, date or named entity, or words the lexicon translates.

pub mod acronyms;
pub mod dates;
pub mod entities;
pub mod lexicon;
pub mod number_words;
pub mod numbers;
pub mod units;

use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// What kind of evidence an anchor is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorKind {
    /// The same number (2022 = ٢٠٢٢, 1,5 = 1.5).
    Number,
    /// The same date or weekday.
    Date,
    /// A name transliterated across scripts (حموشي ~ Hammouchi).
    Entity,
    /// Words the lexicon (built-in, user's or learned) translates.
    Lexicon,
}

/// One matched piece of evidence in a pair, as written to the JSON's `anchors`.
///
/// The surfaces are mostly single words, held inline (up to 24 bytes) rather than
/// each in its own allocation: a large run has about ten anchors per pair.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Anchor {
    /// What matched.
    pub kind: AnchorKind,
    /// The Arabic surface form.
    pub ar: CompactString,
    /// The French surface form.
    pub fr: CompactString,
}
