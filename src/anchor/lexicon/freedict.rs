//! FreeDict dictionaries (dictd format: `.index` + `.dict.dz`) pivoted
//! Arabic → English → French into lexicon entries. Optional: mizan works without them.
//!
//! The `ara-eng` and `eng-fra` FreeDict dictionaries are GPL and are not shipped with
//! mizan; Debian installs them as `/usr/share/dictd/freedict-ara-eng.index` and
//! `freedict-eng-fra.index` (packages `dict-freedict-ara-eng`, `dict-freedict-eng-fra`).
//! Pivoting through English multiplies senses, so only short glosses and English words
//! with few French translations are used, and every pair is its own concept.

use super::{Lexicon, has_arabic};
use std::collections::HashMap;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Longest gloss, in words, taken from a sense.
const MAX_GLOSS_WORDS: usize = 3;
/// English words with more French translations than this are too ambiguous to pivot.
const MAX_FR_PER_EN: usize = 2;
/// At most this many pairs per Arabic headword.
const MAX_PAIRS_PER_HEADWORD: usize = 2;

impl Lexicon {
    /// Adds the Arabic–French pairs obtained by pivoting two FreeDict dictd
    /// dictionaries through English: `ara_eng_index` and `eng_fra_index` are the
    /// `.index` files, each with its `.dict.dz` (or `.dict`) beside it. Returns the pairs
    /// added.
    pub fn load_freedict_pivot(
        &mut self,
        ara_eng_index: &Path,
        eng_fra_index: &Path,
    ) -> crate::Result<usize> {
        let ara_eng = read_dictd(ara_eng_index)?;
        let eng_fra = read_dictd(eng_fra_index)?;
        let mut en_fr: HashMap<String, Vec<String>> = HashMap::new();
        for (head, body) in &eng_fra {
            let fr = glosses(body);
            if !fr.is_empty() && fr.len() <= MAX_FR_PER_EN {
                let e = en_fr.entry(head.to_lowercase()).or_default();
                for f in fr {
                    if !e.contains(&f) {
                        e.push(f);
                    }
                }
            }
        }
        let mut added = 0;
        for (ar, body) in &ara_eng {
            // Only fill gaps: words the lexicon already knows keep their curated senses.
            if !has_arabic(ar) || !self.annotate(ar, crate::Lang::Ar).is_empty() {
                continue;
            }
            let mut pairs: Vec<&str> = Vec::new();
            for en in glosses(body) {
                for fr in en_fr.get(&en.to_lowercase()).into_iter().flatten() {
                    if pairs.len() < MAX_PAIRS_PER_HEADWORD && !pairs.contains(&fr.as_str()) {
                        pairs.push(fr);
                    }
                }
            }
            for fr in pairs {
                if !self.annotate(fr, crate::Lang::Fr).is_empty() {
                    continue;
                }
                let before = self.len();
                self.add_pair(ar, fr);
                added += self.len() - before;
            }
        }
        Ok(added)
    }
}

/// The (headword, definition) entries of a dictd dictionary, from its index file.
fn read_dictd(index: &Path) -> crate::Result<Vec<(String, String)>> {
    let text = std::fs::read_to_string(index)
        .map_err(|e| crate::Error::file(index, format!("cannot read dictionary index: {e}")))?;
    let dict = dict_path(index)
        .ok_or_else(|| crate::Error::file(index, "no .dict.dz or .dict file beside the index"))?;
    let raw = std::fs::read(&dict)
        .map_err(|e| crate::Error::file(&dict, format!("cannot read dictionary: {e}")))?;
    let data = if dict.extension().is_some_and(|e| e == "dz") {
        let mut out = Vec::new();
        flate2::read::MultiGzDecoder::new(raw.as_slice())
            .read_to_end(&mut out)
            .map_err(|e| crate::Error::file(&dict, format!("cannot decompress: {e}")))?;
        out
    } else {
        raw
    };
    let mut entries = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let mut cols = line.split('\t');
        let (Some(head), Some(off), Some(len)) = (cols.next(), cols.next(), cols.next()) else {
            if line.trim().is_empty() {
                continue;
            }
            return Err(crate::Error::file(
                index,
                format!("line {}: expected `word<TAB>offset<TAB>length`", n + 1),
            ));
        };
        if head.starts_with("00database") || head.starts_with("00-database") {
            continue;
        }
        let bad = || crate::Error::file(index, format!("line {}: bad offset or length", n + 1));
        let (off, len) = (
            decode_b64(off).ok_or_else(bad)?,
            decode_b64(len).ok_or_else(bad)?,
        );
        let body = off
            .checked_add(len)
            .and_then(|end| data.get(off..end))
            .ok_or_else(bad)?;
        entries.push((head.to_string(), String::from_utf8_lossy(body).into_owned()));
    }
    Ok(entries)
}

/// The data file of a dictd index: `X.index` → `X.dict.dz`, else `X.dict`.
fn dict_path(index: &Path) -> Option<PathBuf> {
    let stem = index.to_str()?.strip_suffix(".index")?;
    [format!("{stem}.dict.dz"), format!("{stem}.dict")]
        .into_iter()
        .map(PathBuf::from)
        .find(|p| p.exists())
}

/// Decodes dictd's base-64 numbers (`A`–`Z`, `a`–`z`, `0`–`9`, `+`, `/`).
fn decode_b64(s: &str) -> Option<usize> {
    if s.is_empty() || s.len() > 10 {
        return None;
    }
    s.bytes().try_fold(0usize, |n, c| {
        let d = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        };
        Some(n * 64 + d as usize)
    })
}

/// The short translations of a definition: the lines after the headword line, without
/// sense numbers, split at commas and semicolons, parentheses removed.
fn glosses(body: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in body.lines().skip(1) {
        let line = line.trim();
        let line = match line.split_once(". ") {
            Some((num, rest)) if num.chars().all(|c| c.is_ascii_digit()) => rest,
            _ => line,
        };
        for part in line.split([',', ';']) {
            let mut g = String::new();
            let mut depth = 0usize;
            for c in part.chars() {
                match c {
                    '(' | '[' => depth += 1,
                    ')' | ']' => depth = depth.saturating_sub(1),
                    c if depth == 0 => g.push(c),
                    _ => {}
                }
            }
            let g = g.split_whitespace().collect::<Vec<_>>().join(" ");
            let words = g.split(' ').count();
            if !g.is_empty() && words <= MAX_GLOSS_WORDS && !out.contains(&g) {
                out.push(g);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_offsets() {
        assert_eq!(decode_b64("B"), Some(1));
        assert_eq!(decode_b64("IhAH"), Some(((8 * 64 + 33) * 64) * 64 + 7));
        assert_eq!(decode_b64("!"), None);
        assert_eq!(decode_b64(""), None);
    }

    #[test]
    fn glosses_of_a_definition() {
        assert_eq!(
            glosses("أصعب /ʔˈas̪ʕab/\n1. Trickiest\n2. Trickier\n"),
            ["Trickiest", "Trickier"]
        );
        assert_eq!(glosses("ass /əs/\nâne, baudet (fam.)\n"), ["âne", "baudet"]);
    }

    /// Writes a dictd dictionary (`NAME.index` and `NAME.dict`) into `dir`; returns the
    /// index's path.
    fn write_dictd(dir: &Path, name: &str, entries: &[(&str, &str)]) -> PathBuf {
        let enc = |mut n: usize| {
            let a = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
            let mut s = Vec::new();
            loop {
                s.push(a[n % 64]);
                n /= 64;
                if n == 0 {
                    break;
                }
            }
            s.reverse();
            String::from_utf8(s).unwrap()
        };
        let (mut data, mut index) = (String::new(), String::new());
        for (head, body) in entries {
            index.push_str(&format!(
                "{head}\t{}\t{}\n",
                enc(data.len()),
                enc(body.len())
            ));
            data.push_str(body);
        }
        std::fs::write(dir.join(format!("{name}.index")), index).unwrap();
        std::fs::write(dir.join(format!("{name}.dict")), data).unwrap();
        dir.join(format!("{name}.index"))
    }

    const ARA_ENG: &[(&str, &str)] = &[("ملعب", "ملعب /x/\n1. Stadium\n")];
    const ENG_FRA: &[(&str, &str)] = &[("stadium", "stadium /x/\nstade\n")];

    #[test]
    fn pivot_on_a_tiny_dictionary() {
        let dir = tempfile::tempdir().unwrap();
        let ae = write_dictd(dir.path(), "ae", ARA_ENG);
        let ef = write_dictd(dir.path(), "ef", ENG_FRA);
        let mut lex = Lexicon::default();
        assert_eq!(lex.load_freedict_pivot(&ae, &ef).unwrap(), 1);
        let a = lex.annotate("الملعب", crate::Lang::Ar);
        let f = lex.annotate("le stade", crate::Lang::Fr);
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].concept, f[0].concept);
        let missing = dir.path().join("none.index");
        assert!(lex.load_freedict_pivot(&missing, &ef).is_err());
    }

    #[test]
    fn dict_option_takes_the_freedict_pair_in_any_order() {
        let dir = tempfile::tempdir().unwrap();
        let ae = write_dictd(dir.path(), "freedict-ara-eng", ARA_ENG);
        let ef = write_dictd(dir.path(), "freedict-eng-fra", ENG_FRA);
        let mut lex = Lexicon::default();
        assert_eq!(lex.load_dicts(&[ef.clone(), ae.clone()]).unwrap(), 1);
        assert_eq!(lex.annotate("ملعب", crate::Lang::Ar).len(), 1);
        // One index alone cannot be pivoted: an error naming it, not a silent no-op.
        let err = Lexicon::default()
            .load_dicts(&[ae])
            .unwrap_err()
            .to_string();
        assert!(
            err.contains("freedict-ara-eng.index") && err.contains("pair"),
            "{err}"
        );
    }
}
