//! Stemming for lexicon matching.
// PLACEHOLDER: the lexicon helper fills this file.
