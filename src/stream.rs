//! JSON lines in, JSON lines out: `mizan align --jsonl`, for running mizan as the map
//! step of a distributed engine (Spark's `RDD.pipe`, Hadoop Streaming).
//!
//! Input: one document per line, `{"id": "...", "lang": "ar"|"fr", "text": "...",
//! "group": "..."}` (`group` optional), from files or standard input. Output: one pair
//! per line on standard output, the contract's pair object (`ar`, `fr`, `score`,
//! `anchors`, `status`) plus the `group` it came from when there is one.
//!
//! Memory stays bounded by the largest unit of work, never by the input:
//! - comparable mode aligns each run of consecutive lines with the same `group`
//!   together (a story, a day, a shard of an archive), then forgets it; lines without
//!   a group form one run until a line with a group comes;
//! - parallel mode aligns `X.ar` with `X.fr` (ids equal once a final `.ar` / `.fr` is
//!   taken off) as soon as both have come, each pair on its own.
//!
//! The result of a unit depends only on its documents, so any split of the input
//! that keeps a unit's lines together and in order (as a Spark job partitioned by
//! `group` does) gives the same pairs as one process reading everything.

use crate::anchor::lexicon::Lexicon;
use crate::ingest::{Document, Format};
use crate::output::Pair;
use crate::pipeline::{AlignOptions, Mode, align_documents};
use crate::score::Model;
use crate::{Error, Lang, Result};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};

/// One input line. Other fields are ignored: producers may carry their own (a URL,
/// a date), as the contract's outputs may grow fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct Record {
    /// The document's id; pairs name it.
    pub id: String,
    /// `ar` or `fr`.
    pub lang: Lang,
    /// The document's text.
    pub text: String,
    /// Documents aligned together in comparable mode.
    #[serde(default)]
    pub group: Option<String>,
}

/// One output line: a pair and the group it was found in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairLine {
    /// The group of the documents, if the input gave one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The pair, as in the contract's JSON.
    #[serde(flatten)]
    pub pair: Pair,
}

/// Parses one input line; `Err` is the message for `error: <file>: line N: ...`.
pub fn parse_line(line: &str) -> std::result::Result<Record, String> {
    // A byte-order mark may open a file (or a stream) of lines.
    let line = line.strip_prefix('\u{feff}').unwrap_or(line);
    let record: Record = serde_json::from_str(line).map_err(|e| {
        let msg = e.to_string();
        // serde_json appends " at line 1 column N": keep the column only.
        match msg.rsplit_once(" at line 1 ") {
            Some((head, col)) => format!("{head} at {col}"),
            None => msg,
        }
    })?;
    if record.id.trim().is_empty() {
        return Err("empty \"id\"".into());
    }
    // Blank as an empty file is: nothing to align.
    let blank = |c: char| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}';
    if record.text.trim_matches(blank).is_empty() {
        return Err("empty \"text\"".into());
    }
    Ok(record)
}

/// Aligns JSON-lines documents from `inputs` (standard input when empty or `-`) and
/// writes one JSON line per pair to `out`, unit by unit. Returns the number of pairs.
pub fn run(
    inputs: &[PathBuf],
    options: &AlignOptions,
    lexicon: &Lexicon,
    model: &Model,
    out: &mut dyn Write,
) -> Result<usize> {
    let mut state = Streamer {
        options,
        lexicon,
        model,
        out,
        batch: Vec::new(),
        batch_group: None,
        waiting: HashMap::new(),
        written: 0,
    };
    let stdin_only = inputs.is_empty();
    let sources: Vec<PathBuf> = if stdin_only {
        vec![PathBuf::from("-")]
    } else {
        inputs.to_vec()
    };
    for source in &sources {
        if source == Path::new("-") {
            let stdin = std::io::stdin();
            state.read(Path::new("<stdin>"), stdin.lock())?;
        } else {
            let file = std::fs::File::open(source)
                .map_err(|e| Error::file(source, format!("cannot read: {e}")))?;
            state.read(source, std::io::BufReader::new(file))?;
        }
    }
    state.flush_batch()?;
    for (key, doc) in std::mem::take(&mut state.waiting) {
        eprintln!(
            "warning: {} ({}): no {} document with the same id; left out",
            key,
            doc.lang,
            match doc.lang {
                Lang::Ar => Lang::Fr,
                Lang::Fr => Lang::Ar,
            }
        );
    }
    Ok(state.written)
}

struct Streamer<'a> {
    options: &'a AlignOptions,
    lexicon: &'a Lexicon,
    model: &'a Model,
    out: &'a mut dyn Write,
    /// Comparable mode: the documents of the current group.
    batch: Vec<Document>,
    batch_group: Option<String>,
    /// Parallel mode: documents waiting for their other half, by id stem and language.
    waiting: HashMap<String, Document>,
    written: usize,
}

impl Streamer<'_> {
    fn read(&mut self, name: &Path, reader: impl BufRead) -> Result<()> {
        for (n, line) in reader.lines().enumerate() {
            let at = |msg: String| Error::file(name, format!("line {}: {msg}", n + 1));
            let line = line.map_err(|e| at(format!("cannot read: {e}")))?;
            if line.trim().is_empty() {
                continue;
            }
            let record = parse_line(&line).map_err(at)?;
            let doc = Document {
                id: record.id.clone(),
                path: PathBuf::from(format!("{}:{}", name.display(), n + 1)),
                lang: record.lang,
                text: record.text,
                offset: 0,
                format: Format::Text,
            };
            match self.options.mode {
                Mode::Comparable => {
                    if record.group != self.batch_group {
                        self.flush_batch()?;
                        self.batch_group = record.group;
                    }
                    if self.batch.iter().any(|d| d.id == doc.id) {
                        return Err(at(format!("document id {:?} appears twice", doc.id)));
                    }
                    self.batch.push(doc);
                }
                Mode::Parallel => {
                    let stem = doc
                        .id
                        .strip_suffix(&format!(".{}", doc.lang.code()))
                        .unwrap_or(&doc.id)
                        .to_string();
                    match self.waiting.remove(&stem) {
                        Some(other) if other.lang != doc.lang => {
                            self.align(vec![other, doc], None)?;
                        }
                        Some(_) => {
                            return Err(at(format!(
                                "a second {} document for id {stem:?}",
                                doc.lang
                            )));
                        }
                        None => {
                            self.waiting.insert(stem, doc);
                        }
                    }
                }
            }
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<()> {
        let docs = std::mem::take(&mut self.batch);
        let group = self.batch_group.clone();
        self.align(docs, group)
    }

    /// Aligns one unit of work and writes its pairs; a unit without both languages
    /// has none.
    fn align(&mut self, docs: Vec<Document>, group: Option<String>) -> Result<()> {
        let has = |lang| docs.iter().any(|d| d.lang == lang);
        if !has(Lang::Ar) || !has(Lang::Fr) {
            return Ok(());
        }
        let file = align_documents(&docs, self.options, self.lexicon, self.model)?;
        for pair in file.pairs {
            let line = PairLine {
                group: group.clone(),
                pair,
            };
            let mut bytes = serde_json::to_vec(&line).expect("pair serializes");
            bytes.push(b'\n');
            self.out
                .write_all(&bytes)
                .map_err(|e| Error::Input(format!("cannot write output: {e}")))?;
            self.written += 1;
        }
        self.out
            .flush()
            .map_err(|e| Error::Input(format!("cannot write output: {e}")))?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_document_line() {
        let r = parse_line(r#"{"id": "a1", "lang": "ar", "text": "نص", "group": "g"}"#).unwrap();
        assert_eq!(r.id, "a1");
        assert_eq!(r.lang, Lang::Ar);
        assert_eq!(r.group.as_deref(), Some("g"));
        let r = parse_line(r#"{"id": "f1", "lang": "fr", "text": "Texte."}"#).unwrap();
        assert_eq!(r.group, None);
    }

    #[test]
    fn bad_lines_say_why() {
        let e = parse_line(r#"{"id": "a1", "lang": "en", "text": "x"}"#).unwrap_err();
        assert!(e.contains("unknown variant"), "{e}");
        assert!(!e.contains("line 1"), "{e}");
        let e = parse_line(r#"{"id": "a1", "text": "x"}"#).unwrap_err();
        assert!(e.contains("missing field `lang`"), "{e}");
        let e = parse_line("not json").unwrap_err();
        assert!(e.contains("expected"), "{e}");
        let e = parse_line(r#"{"id": " ", "lang": "fr", "text": "x"}"#).unwrap_err();
        assert!(e.contains("empty"), "{e}");
        for blank in ["", " \\n ", "\\ufeff\\u200b"] {
            let line = format!(r#"{{"id": "f1", "lang": "fr", "text": "{blank}"}}"#);
            assert_eq!(parse_line(&line).unwrap_err(), "empty \"text\"", "{line}");
        }
    }

    #[test]
    fn a_byte_order_mark_and_unknown_fields_are_accepted() {
        let r = parse_line(
            "\u{feff}{\"id\": \"f1\", \"lang\": \"fr\", \"text\": \"Texte.\", \"url\": \"x\"}",
        )
        .unwrap();
        assert_eq!((r.id.as_str(), r.text.as_str()), ("f1", "Texte."));
    }
}
