//! A gold made of text fragments, for comparable collections without sentence ids
//! (the seed articles): it does not depend on how the text is segmented.
//!
//! Each line is `kind<TAB>ar_doc<TAB>ar_fragment<TAB>fr_fragment`: `pair` lines must
//! be found (a pair whose texts hold both fragments), `ok` lines are right but not
//! required, `none` lines name Arabic statements with no counterpart. A predicted
//! pair is right when some `pair` or `ok` line has both fragments in its texts.

use crate::output::AlignmentFile;
use crate::{Error, Result};
use std::path::Path;

/// One line of a fragment gold.
#[derive(Debug, Clone, PartialEq)]
pub struct FragmentLine {
    /// `pair`, `ok` or `none`.
    pub kind: String,
    /// The Arabic document id.
    pub ar_doc: String,
    /// A piece of the Arabic statement.
    pub ar: String,
    /// A piece of the French statement (empty for `none`).
    pub fr: String,
}

/// Reads a fragment gold file (`#` starts a comment line).
pub fn read(path: &Path) -> Result<Vec<FragmentLine>> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| Error::file(path, format!("cannot read: {e}")))?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        let kind = cols[0];
        let ok = match kind {
            "pair" | "ok" => cols.len() == 4,
            "none" => cols.len() == 3,
            _ => false,
        };
        if !ok {
            return Err(Error::file(path, format!("line {}: malformed", n + 1)));
        }
        out.push(FragmentLine {
            kind: kind.to_string(),
            ar_doc: cols[1].to_string(),
            ar: cols[2].to_string(),
            fr: cols.get(3).unwrap_or(&"").to_string(),
        });
    }
    Ok(out)
}

/// How a run fares against a fragment gold.
#[derive(Debug, Clone, Default)]
pub struct FragmentScore {
    /// Predicted pairs that some `pair`/`ok` line supports.
    pub right: usize,
    /// Predicted pairs.
    pub predicted: usize,
    /// `pair` lines found.
    pub found: usize,
    /// `pair` lines.
    pub required: usize,
    /// The `pair` lines not found (Arabic fragment, French fragment).
    pub missed: Vec<(String, String)>,
    /// The predicted pairs no line supports (Arabic text, French text).
    pub wrong: Vec<(String, String)>,
}

impl FragmentScore {
    /// Right / predicted.
    pub fn precision(&self) -> f64 {
        if self.predicted == 0 {
            1.0
        } else {
            self.right as f64 / self.predicted as f64
        }
    }
    /// Found / required.
    pub fn recall(&self) -> f64 {
        if self.required == 0 {
            1.0
        } else {
            self.found as f64 / self.required as f64
        }
    }
}

/// Scores `run` against `gold`.
pub fn score(run: &AlignmentFile, gold: &[FragmentLine]) -> FragmentScore {
    let holds = |p: &crate::output::Pair, g: &FragmentLine| {
        p.ar.doc == g.ar_doc && p.ar.text.contains(&g.ar) && p.fr.text.contains(&g.fr)
    };
    let mut s = FragmentScore {
        predicted: run.pairs.len(),
        ..Default::default()
    };
    for p in &run.pairs {
        if gold.iter().any(|g| g.kind != "none" && holds(p, g)) {
            s.right += 1;
        } else {
            s.wrong.push((p.ar.text.clone(), p.fr.text.clone()));
        }
    }
    for g in gold.iter().filter(|g| g.kind == "pair") {
        s.required += 1;
        if run.pairs.iter().any(|p| holds(p, g)) {
            s.found += 1;
        } else {
            s.missed.push((g.ar.clone(), g.fr.clone()));
        }
    }
    s
}
