//! Gold formats and metrics.
