//! Errors that reach the user: each names the file and the problem in one line.

use std::path::PathBuf;

/// Everything that can go wrong in a run, with the file it concerns.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A problem with one input or output file.
    #[error("{}: {message}", path.display())]
    File {
        /// The file concerned.
        path: PathBuf,
        /// What is wrong with it, lowercase, no final period.
        message: String,
    },
    /// A problem with the run as a whole (no Arabic document, bad option ...).
    #[error("{0}")]
    Input(String),
}

impl Error {
    /// An error about `path`.
    pub fn file(path: impl Into<PathBuf>, message: impl Into<String>) -> Error {
        Error::File {
            path: path.into(),
            message: message.into(),
        }
    }
}

/// The crate's result type.
pub type Result<T> = std::result::Result<T, Error>;
