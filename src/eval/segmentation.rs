//! Sentence-boundary precision, recall and F1 against a gold segmentation.
// PLACEHOLDER: the segment/normalize helper fills this file.
