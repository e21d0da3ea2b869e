//! `mizan export`: aligned pairs as files MT-evaluation tools read.
//!
//! Three layouts, all one pair per line so that line `i` of every file is the same pair:
//! - `plain`: `DIR/NAME.ar` and `DIR/NAME.fr` (what `sacrebleu`, `comet-score` and most
//!   MT toolkits take as source / reference files);
//! - `jsonl`: `DIR/NAME.jsonl`, one object `{"src", "ref", "score", "doc", ...}` a line;
//! - `tsv`: `DIR/NAME.tsv`, `source<TAB>reference` a line, no header.
//!
//! Newlines, tabs and the other characters a line reader may split on are folded to
//! spaces inside a sentence: one stray `\n` would shift every later line and silently
//! misalign the whole evaluation set.

use crate::output::json::{AlignmentFile, Pair, Status};
use crate::{Error, Lang, Result};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// The file layout `mizan export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// `NAME.ar` and `NAME.fr`, line-aligned plain text.
    Plain,
    /// `NAME.jsonl`, one JSON object per pair.
    Jsonl,
    /// `NAME.tsv`, `source<TAB>reference` per line.
    Tsv,
}

/// Options of `mizan export`.
#[derive(Debug, Clone, clap::Args)]
pub struct ExportArgs {
    /// The alignment JSON to export.
    pub file: PathBuf,
    /// The layout to write.
    #[arg(long, value_enum, default_value = "plain")]
    pub format: ExportFormat,
    /// Output folder (created when missing).
    #[arg(short, long = "out", default_value = "export")]
    pub out: PathBuf,
    /// Base name of the files written (default: the input file's name without `.json`).
    #[arg(long)]
    pub name: Option<String>,
    /// The source language; the other one is the reference.
    #[arg(long, value_parser = parse_lang, default_value = "ar")]
    pub src: Lang,
    /// Keep only pairs scored at least this.
    #[arg(long, default_value_t = 0.0)]
    pub min_score: f64,
    /// Keep only pairs with these statuses (comma-separated or repeated);
    /// default: every pair not rejected, as in the TMX.
    #[arg(long, value_parser = parse_status, value_delimiter = ',')]
    pub status: Vec<Status>,
}

/// Parses `ar` / `fr` for a command-line flag.
pub fn parse_lang(s: &str) -> std::result::Result<Lang, String> {
    Lang::from_code(s).ok_or_else(|| format!("unknown language {s:?} (expected ar or fr)"))
}

/// Parses `auto` / `accepted` / `rejected` for a command-line flag.
pub fn parse_status(s: &str) -> std::result::Result<Status, String> {
    match s {
        "auto" => Ok(Status::Auto),
        "accepted" => Ok(Status::Accepted),
        "rejected" => Ok(Status::Rejected),
        _ => Err(format!(
            "unknown status {s:?} (expected auto, accepted or rejected)"
        )),
    }
}

/// The JSON Lines record of one exported pair.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExportRecord {
    /// The source-language text, folded to one line.
    pub src: String,
    /// The reference (other language) text, folded to one line.
    pub r#ref: String,
    /// The pair's score.
    pub score: f64,
    /// The source document's id.
    pub doc: String,
    /// The reference document's id.
    pub ref_doc: String,
    /// The source language code.
    pub src_lang: Lang,
    /// The reference language code.
    pub ref_lang: Lang,
    /// Sentence indices of the source side in its document.
    pub src_sentences: Vec<usize>,
    /// Sentence indices of the reference side in its document.
    pub ref_sentences: Vec<usize>,
    /// The pair's review status.
    pub status: Status,
}

/// Folds `text` to a single line: every character a line reader could split on, and
/// tabs, become a space; other control characters are dropped; runs of spaces collapse.
pub fn one_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut space = false;
    for c in text.chars() {
        let folded = match c {
            '\n'
            | '\r'
            | '\t'
            | '\u{0B}'
            | '\u{0C}'
            | '\u{1C}'..='\u{1E}'
            | '\u{85}'
            | '\u{2028}'
            | '\u{2029}' => Some(' '),
            c if c.is_control() => None,
            c => Some(c),
        };
        match folded {
            Some(' ') => space = !out.is_empty(),
            Some(c) => {
                if space {
                    out.push(' ');
                    space = false;
                }
                out.push(c);
            }
            None => {}
        }
    }
    out
}

/// The pairs `args` selects, in file order.
pub fn select<'a>(file: &'a AlignmentFile, args: &ExportArgs) -> Vec<&'a Pair> {
    file.pairs
        .iter()
        .filter(|p| {
            if args.status.is_empty() {
                p.status != Status::Rejected
            } else {
                args.status.contains(&p.status)
            }
        })
        .filter(|p| p.score >= args.min_score)
        .collect()
}

/// One pair as a record, `src` side first.
pub fn record(pair: &Pair, src: Lang) -> ExportRecord {
    let (s, r, ref_lang) = match src {
        Lang::Ar => (&pair.ar, &pair.fr, Lang::Fr),
        Lang::Fr => (&pair.fr, &pair.ar, Lang::Ar),
    };
    ExportRecord {
        src: one_line(&s.text),
        r#ref: one_line(&r.text),
        score: pair.score,
        doc: s.doc.clone(),
        ref_doc: r.doc.clone(),
        src_lang: src,
        ref_lang,
        src_sentences: s.sentences.clone(),
        ref_sentences: r.sentences.clone(),
        status: pair.status,
    }
}

/// The files `args` asks for, as (path, bytes), built from the selected pairs.
pub fn render(file: &AlignmentFile, args: &ExportArgs, name: &str) -> Vec<(PathBuf, Vec<u8>)> {
    let records: Vec<ExportRecord> = select(file, args)
        .into_iter()
        .map(|p| record(p, args.src))
        .collect();
    let path = |ext: &str| args.out.join(format!("{name}.{ext}"));
    match args.format {
        ExportFormat::Plain => {
            let mut src = String::new();
            let mut rf = String::new();
            for r in &records {
                src.push_str(&r.src);
                src.push('\n');
                rf.push_str(&r.r#ref);
                rf.push('\n');
            }
            let src_lang = args.src;
            let ref_lang = if src_lang == Lang::Ar {
                Lang::Fr
            } else {
                Lang::Ar
            };
            vec![
                (path(src_lang.code()), src.into_bytes()),
                (path(ref_lang.code()), rf.into_bytes()),
            ]
        }
        ExportFormat::Jsonl => {
            let mut bytes = Vec::new();
            for r in &records {
                // A record of strings, numbers and enums always serializes.
                if let Ok(line) = serde_json::to_vec(r) {
                    bytes.extend_from_slice(&line);
                    bytes.push(b'\n');
                }
            }
            vec![(path("jsonl"), bytes)]
        }
        ExportFormat::Tsv => {
            let mut text = String::new();
            for r in &records {
                text.push_str(&r.src);
                text.push('\t');
                text.push_str(&r.r#ref);
                text.push('\n');
            }
            vec![(path("tsv"), text.into_bytes())]
        }
    }
}

/// The base name of the output files: `--name`, or the input's file name without `.json`.
fn base_name(args: &ExportArgs) -> Result<String> {
    let name = match &args.name {
        Some(n) => n.clone(),
        None => args
            .file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default(),
    };
    if name.is_empty() || name.contains(['/', '\\']) || name == "." || name == ".." {
        return Err(Error::Input(format!("invalid output name {name:?}")));
    }
    Ok(name)
}

/// Runs `mizan export`: reads and checks the JSON, writes the files all-or-nothing.
pub fn run(args: &ExportArgs) -> Result<()> {
    if !args.min_score.is_finite() {
        return Err(Error::Input(format!(
            "--min-score must be a number, not {}",
            args.min_score
        )));
    }
    let file = AlignmentFile::load(&args.file)?;
    let name = base_name(args)?;
    std::fs::create_dir_all(&args.out)
        .map_err(|e| Error::file(&args.out, format!("cannot create folder: {e}")))?;
    let files = render(&file, args, &name);
    let lines = files
        .first()
        .map(|(_, b)| b.iter().filter(|&&c| c == b'\n').count())
        .unwrap_or(0);
    let (paths, bytes): (Vec<PathBuf>, Vec<Vec<u8>>) = files.into_iter().unzip();
    let staged: Vec<(&Path, Vec<u8>)> = paths.iter().map(PathBuf::as_path).zip(bytes).collect();
    crate::output::write_all_atomic(&staged)?;
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    eprintln!("exported {lines} pairs to {}", names.join(", "));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_line_folds_line_breaks_and_tabs() {
        assert_eq!(one_line("a\nb\tc\r\nd\u{2028}e"), "a b c d e");
        assert_eq!(one_line("  x \u{0}y\n"), "x y");
        assert_eq!(one_line("مرحبا\u{85}بكم"), "مرحبا بكم");
    }

    #[test]
    fn status_and_lang_parse() {
        assert_eq!(parse_status("accepted"), Ok(Status::Accepted));
        assert!(parse_status("ok").is_err());
        assert_eq!(parse_lang("fr"), Ok(Lang::Fr));
        assert!(parse_lang("en").is_err());
    }
}
