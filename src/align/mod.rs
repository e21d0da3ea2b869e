//! Alignment: which Arabic sentences and which French sentences say the same thing.
//! Two steps, as in vecalign: the [`crate::score`] model scores candidate pairs, then
//! [`parallel`] (dynamic programming in order) or [`comparable`] (mining) picks them.

pub mod comparable;
pub mod docpair;
pub mod learn;
pub mod parallel;

use std::ops::Range;

/// A group of Arabic sentences and a group of French sentences of one document pair
/// that the aligner put together; an empty side means the other side is unaligned.
#[derive(Debug, Clone, PartialEq)]
pub struct Bead {
    /// Arabic sentence indices in the Arabic document.
    pub ar: Range<usize>,
    /// French sentence indices in the French document.
    pub fr: Range<usize>,
    /// Probability that the bead is right; 0 for one-sided beads.
    pub score: f64,
}

impl Bead {
    /// True when both sides hold sentences.
    pub fn is_pair(&self) -> bool {
        !self.ar.is_empty() && !self.fr.is_empty()
    }
}
