//! Text processing for matching: normalization, sentence segmentation, tokenization.
//! Outputs always keep the original text; these forms are for comparison only.

pub mod normalize;
pub mod segment;
pub mod stem;
pub mod tokenize;
