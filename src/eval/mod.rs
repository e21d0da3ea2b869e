//! Gold formats and metrics: alignment beads and pairs, sentence boundaries.

pub mod segmentation;
