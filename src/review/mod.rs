//! `mizan review`: the terminal diff view where reviewers accept and reject pairs.
//!
//! On a terminal it is a full-screen view ([`app`], drawn by [`render`]); otherwise, or
//! with `--print`, the same two columns are printed as text ([`print`]). Both are built
//! from [`model::Review`], the rows of the diff and the decisions, through [`layout`],
//! which wraps and orders the text ([`bidi`]).
//!
//! Saving rewrites the JSON and the TMX beside it atomically, and refuses when the JSON
//! changed on disk since it was loaded, so that two reviewers (or a re-run of `align`)
//! never silently overwrite each other.

pub mod app;
pub mod bidi;
pub mod fold;
pub mod keys;
pub mod layout;
pub mod model;
pub mod print;
pub mod render;

use crate::output::{self, AlignmentFile, Status};
use crate::{Error, Result};
use std::hash::{Hash, Hasher};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

pub use bidi::BidiMode;

/// Options of `mizan review`.
#[derive(Debug, Clone, clap::Args)]
pub struct ReviewArgs {
    /// The alignment JSON to review.
    pub file: PathBuf,
    /// Show only pairs with these statuses (auto, accepted, rejected; comma-separated).
    #[arg(long, value_delimiter = ',', value_parser = parse_status)]
    pub status: Vec<Status>,
    /// Show only pairs scoring below SCORE; `n`/`N` jump between pairs below it
    /// (0.5 when not given).
    #[arg(long, value_name = "SCORE", value_parser = parse_score)]
    pub below: Option<f64>,
    /// Show only the pairs and sentences of document ID (repeatable).
    #[arg(long = "doc", value_name = "ID")]
    pub docs: Vec<String>,
    /// Print the view as text even when stdout is a terminal.
    #[arg(long)]
    pub print: bool,
    /// Colour in the printed view.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto)]
    pub color: ColorWhen,
    /// Width of the printed view in columns (default: the terminal's, else 120).
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// How Arabic reaches the terminal: `visual` reorders it here (most terminals),
    /// `logical` leaves it to a terminal that applies the bidi algorithm itself.
    #[arg(long, value_enum, default_value_t = BidiMode::Visual)]
    pub bidi: BidiMode,
}

/// When the printed view is coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// When stdout is a terminal and `NO_COLOR` is not set.
    Auto,
    /// Always, even into a pipe or with `NO_COLOR`.
    Always,
    /// Never.
    Never,
}

/// The threshold of `n`/`N` when `--below` is not given.
pub const DEFAULT_BELOW: f64 = 0.5;

fn parse_status(s: &str) -> std::result::Result<Status, String> {
    match s {
        "auto" => Ok(Status::Auto),
        "accepted" => Ok(Status::Accepted),
        "rejected" => Ok(Status::Rejected),
        _ => Err(format!("{s:?} is not a status (auto, accepted, rejected)")),
    }
}

fn parse_score(s: &str) -> std::result::Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if (0.0..=1.0).contains(&v) => Ok(v),
        _ => Err(format!("{s:?} is not a score between 0 and 1")),
    }
}

impl ReviewArgs {
    /// The filters these options ask for.
    pub fn filters(&self) -> model::Filters {
        model::Filters {
            status: self.status.clone(),
            below: self.below,
            docs: self.docs.clone(),
        }
    }
}

/// What the file on disk was when it was loaded or saved: its length and a hash of its
/// bytes, to notice a change by anyone else before overwriting it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    len: usize,
    hash: u64,
}

impl Stamp {
    /// The stamp of `bytes`.
    pub fn of(bytes: &[u8]) -> Stamp {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        bytes.hash(&mut h);
        Stamp {
            len: bytes.len(),
            hash: h.finish(),
        }
    }
}

/// Loads and validates `path` (through [`AlignmentFile::load`]) and stamps the bytes it
/// was loaded from.
pub fn load(path: &Path) -> Result<(AlignmentFile, Stamp)> {
    let read = || {
        std::fs::read(path)
            .map(|b| Stamp::of(&b))
            .map_err(|e| Error::file(path, format!("cannot read: {e}")))
    };
    let before = read()?;
    let file = AlignmentFile::load(path)?;
    // Stamped before and after loading: a file rewritten meanwhile is not trusted.
    if read()? != before {
        return Err(Error::file(
            path,
            "changed while it was being read; try again",
        ));
    }
    Ok((file, before))
}

/// The TMX written beside `json`: the same path with the extension `.tmx`.
pub fn tmx_path(json: &Path) -> PathBuf {
    json.with_extension("tmx")
}

/// Saves `file` to `path` and its TMX beside it, both atomically, unless the file on
/// disk is no longer the one stamped `loaded`. Returns the new stamp.
pub fn save(path: &Path, file: &AlignmentFile, loaded: Stamp) -> Result<Stamp> {
    let tmx = tmx_path(path);
    if tmx == path {
        // A JSON named `*.tmx` would be overwritten by its own TMX.
        return Err(Error::file(
            path,
            "the TMX beside it would have the same name; rename the file to .json; not saved",
        ));
    }
    let now = std::fs::read(path).map_err(|e| {
        Error::file(
            path,
            format!("cannot check it before saving ({e}); not saved"),
        )
    })?;
    if Stamp::of(&now) != loaded {
        return Err(Error::file(
            path,
            "changed on disk since it was loaded; not saved (your decisions are kept \
             until you quit; review the new file to redo them)",
        ));
    }
    let json = file.to_json();
    let stamp = Stamp::of(&json);
    let tmx_bytes = output::tmx::to_tmx(file);
    output::write_all_atomic(&[(path, json), (&tmx, tmx_bytes)])?;
    Ok(stamp)
}

/// Runs the review of `args.file`.
pub fn run(args: &ReviewArgs) -> Result<()> {
    let (file, stamp) = load(&args.file)?;
    if let Some(id) = args
        .docs
        .iter()
        .find(|id| !file.documents.iter().any(|d| &d.id == *id))
    {
        let id = bidi::sanitize(id).into_owned_text();
        return Err(Error::file(&args.file, format!("no document {id:?}")));
    }
    let review =
        model::Review::new(file, &args.filters()).map_err(|m| Error::file(&args.file, m))?;
    let stdout = std::io::stdout();
    if args.print || !stdout.is_terminal() {
        let opts = print::PrintOptions {
            width: args.width.unwrap_or_else(terminal_width),
            color: print_colour(args.color, stdout.is_terminal(), no_color()),
            bidi: args.bidi,
        };
        let mut out = std::io::BufWriter::new(stdout.lock());
        let result = print::print(&review, opts, &mut out).and_then(|_| {
            use std::io::Write;
            out.flush()
        });
        return match result {
            // A pager or `head` that stops reading is not an error.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
            Err(e) => Err(Error::Input(format!("cannot write the view: {e}"))),
            Ok(()) => Ok(()),
        };
    }
    let state = app::App::new(
        review,
        app::Options {
            path: args.file.clone(),
            stamp,
            below: args.below.unwrap_or(DEFAULT_BELOW),
            bidi: args.bidi,
            color: !no_color(),
        },
    );
    app::run(state)
}

/// Whether the printed view is coloured: an explicit `--color` wins; `auto` colours a
/// terminal unless `NO_COLOR` is set.
pub fn print_colour(choice: ColorWhen, terminal: bool, no_color: bool) -> bool {
    match choice {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => terminal && !no_color,
    }
}

/// Whether `NO_COLOR` asks for no colour (set and not empty, as no-color.org says).
pub fn no_color() -> bool {
    std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty())
}

/// The terminal's width, else `COLUMNS`, else 120.
fn terminal_width() -> usize {
    if let Ok((w, _)) = ratatui::crossterm::terminal::size()
        && w > 0
    {
        return w as usize;
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.trim().parse().ok())
        .filter(|&w: &usize| w > 0)
        .unwrap_or(120)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_json_named_tmx_is_not_overwritten_by_its_tmx() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("odd.tmx");
        let src = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/review/seeds_small.json"
        );
        std::fs::copy(src, &path).unwrap();
        let (file, stamp) = load(&path).unwrap();
        let err = save(&path, &file, stamp).unwrap_err().to_string();
        assert!(err.contains("same name"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), std::fs::read(src).unwrap());
    }

    #[test]
    fn colour_choice() {
        assert!(print_colour(ColorWhen::Auto, true, false));
        assert!(!print_colour(ColorWhen::Auto, true, true), "NO_COLOR");
        assert!(!print_colour(ColorWhen::Auto, false, false), "pipe");
        assert!(
            print_colour(ColorWhen::Always, false, true),
            "explicit flag wins"
        );
        assert!(!print_colour(ColorWhen::Never, true, false));
    }

    #[test]
    fn scores_and_statuses_parse() {
        assert_eq!(parse_score("0.5"), Ok(0.5));
        assert!(parse_score("NaN").is_err());
        assert!(parse_score("-0.1").is_err());
        assert!(parse_score("inf").is_err());
        assert_eq!(parse_status("rejected"), Ok(Status::Rejected));
        assert!(parse_status("Rejected").is_err());
    }
}
