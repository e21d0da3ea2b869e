//! Pair scores from features.
