//! mizan — finds the sentences of Arabic and French news articles that say the same
//! thing and writes them out as aligned bilingual pairs (JSON and TMX).
//!
//! The data flows one way, one module per stage:
//! [`ingest`] → [`text`] (normalize, segment, tokenize) → [`anchor`] (numbers, dates,
//! entities, lexicon) → [`score`] → [`align`] (parallel DP, comparable mining) →
//! [`output`] (JSON, TMX), with [`eval`] scoring a run against gold alignments and
//! [`progress`] showing the stages of long runs on a terminal.

pub mod align;
pub mod anchor;
pub mod error;
pub mod eval;
pub mod features;
pub mod glossary;
pub mod ingest;
pub mod lang;
pub mod output;
pub mod pipeline;
pub mod progress;
pub mod review;
pub mod score;
pub mod stream;
pub mod text;

pub use error::{Error, Result};
pub use lang::Lang;
pub use pipeline::{AlignOptions, Mode, Split, align_documents};
