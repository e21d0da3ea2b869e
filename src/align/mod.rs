//! Alignment: parallel (monotone DP) and comparable (mining).
