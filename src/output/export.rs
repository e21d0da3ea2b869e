//! `mizan export`: aligned pairs as files MT-evaluation tools read.
// PLACEHOLDER: the glossary/export helper fills this module.

use std::path::PathBuf;

/// Options of `mizan export`.
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// The alignment JSON to export.
    pub file: PathBuf,
}

/// Runs `mizan export`.
pub fn run(args: &ExportArgs) -> crate::Result<()> {
    Err(crate::Error::file(&args.file, "export is not built yet"))
}
