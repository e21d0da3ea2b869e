//! `mizan glossary`: bilingual term pairs drawn from aligned pairs.
// PLACEHOLDER: the glossary/export helper fills this module.

use std::path::PathBuf;

/// Options of `mizan glossary`.
#[derive(Debug, clap::Args)]
pub struct GlossaryArgs {
    /// The alignment JSON to draw terms from.
    pub file: PathBuf,
}

/// Runs `mizan glossary`.
pub fn run(args: &GlossaryArgs) -> crate::Result<()> {
    Err(crate::Error::file(&args.file, "glossary is not built yet"))
}
