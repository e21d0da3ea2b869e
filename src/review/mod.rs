//! `mizan review`: the terminal diff view where reviewers accept and reject pairs.
// PLACEHOLDER: the review helper fills this module.

use std::path::PathBuf;

/// Options of `mizan review`.
#[derive(Debug, clap::Args)]
pub struct ReviewArgs {
    /// The alignment JSON to review.
    pub file: PathBuf,
}

/// Runs the review of `args.file`.
pub fn run(args: &ReviewArgs) -> crate::Result<()> {
    Err(crate::Error::file(&args.file, "review is not built yet"))
}
