//! Reading input: files and folders → [`Document`]s with their language.

use crate::progress::Progress;
use crate::{Error, Lang, Result};
use std::path::{Path, PathBuf};

/// Refuse files larger than this by default (bytes); `--max-bytes` raises it.
pub const DEFAULT_MAX_BYTES: u64 = 64 * 1024 * 1024;

/// One input article.
#[derive(Debug, Clone, PartialEq)]
pub struct Document {
    /// File name without the final `.txt`.
    pub id: String,
    /// Where it was read from.
    pub path: PathBuf,
    /// Its language, from the name or the script.
    pub lang: Lang,
    /// The text, without a byte-order mark.
    pub text: String,
    /// Bytes before `text` in the file (3 when it had a UTF-8 BOM), so that offsets
    /// into `text` plus this are offsets into the file as read.
    pub offset: usize,
    /// How the text holds its sentences.
    pub format: Format,
}

/// How a document's file holds its text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Running text (`*.txt`), split into sentences by `--split`.
    Text,
    /// A sentence pool (`*.tsv`, BUCC style): one `id<TAB>sentence` per line, each
    /// line's sentence one sentence.
    Pool,
}

/// The lines of a pool with their byte offsets, without their line ends. A line ends
/// at `\n`, `\r\n` or a lone `\r` (old Mac files), so that no line ending runs
/// several sentences into one.
fn pool_lines(text: &str) -> impl Iterator<Item = (usize, &str)> + '_ {
    let bytes = text.as_bytes();
    let mut start = 0;
    std::iter::from_fn(move || {
        if start > text.len() || (start == text.len() && start > 0) {
            return None;
        }
        let line_start = start;
        let end = bytes[line_start..]
            .iter()
            .position(|&b| b == b'\n' || b == b'\r')
            .map_or(text.len(), |i| line_start + i);
        start = match bytes.get(end) {
            Some(b'\r') if bytes.get(end + 1) == Some(&b'\n') => end + 2,
            Some(_) => end + 1,
            None => text.len() + 1,
        };
        Some((line_start, &text[line_start..end]))
    })
}

/// The sentence spans of a pool: the part after the first tab of each line, trimmed;
/// lines without a tab or with an empty sentence hold none.
pub fn pool_spans(text: &str) -> Vec<crate::text::segment::Span> {
    pool_lines(text)
        .filter_map(|(pos, line)| {
            let tab = line.find('\t')?;
            let rest = &line[tab + 1..];
            let trimmed = rest.trim();
            let lead = rest.len() - rest.trim_start().len();
            let start = pos + tab + 1 + lead;
            (!trimmed.is_empty()).then_some(crate::text::segment::Span {
                start,
                end: start + trimmed.len(),
            })
        })
        .collect()
}

/// The number (from 1) of a pool's first non-blank line without a tab: such a line
/// has no id, and would otherwise be dropped without a word.
fn line_without_tab(text: &str) -> Option<usize> {
    pool_lines(text)
        .position(|(_, l)| !is_blank(l) && !l.contains('\t'))
        .map(|i| i + 1)
}

/// True when `text` holds nothing the segmenter would see: whitespace, byte-order
/// marks, zero-width spaces.
fn is_blank(text: &str) -> bool {
    text.chars()
        .all(|c| c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}')
}

/// The ids of a pool's sentences (the part before the tab), in the order of
/// [`pool_spans`].
pub fn pool_ids(text: &str) -> Vec<String> {
    pool_lines(text)
        .filter_map(|(_, l)| l.split_once('\t'))
        .filter(|(_, s)| !s.trim().is_empty())
        .map(|(id, _)| id.trim().to_string())
        .collect()
}

/// What reading a collection gave: the documents, and those skipped with why.
#[derive(Debug, Default)]
pub struct Collection {
    /// Documents in Arabic or French, in path order.
    pub documents: Vec<Document>,
    /// Files skipped, with the reason (a third language).
    pub skipped: Vec<(PathBuf, String)>,
    /// Documents read whose text looks wrong for them, with the reason (a name
    /// stating one language over a text in the other's script).
    pub warnings: Vec<(PathBuf, String)>,
}

/// Expands the inputs to file paths: a folder means every `*.txt` directly inside it,
/// sorted by name; a file stands for itself.
pub fn expand_inputs(inputs: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        let meta = std::fs::metadata(input).map_err(|e| Error::file(input, describe_io(&e)))?;
        if meta.is_dir() {
            let entries =
                std::fs::read_dir(input).map_err(|e| Error::file(input, describe_io(&e)))?;
            let mut found: Vec<PathBuf> = Vec::new();
            for entry in entries {
                let entry = entry.map_err(|e| Error::file(input, describe_io(&e)))?;
                let path = entry.path();
                if path.extension().is_some_and(|e| e == "txt") {
                    found.push(path);
                }
            }
            if found.is_empty() {
                return Err(Error::file(input, "folder has no .txt file"));
            }
            found.sort();
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

/// Reads every input into a collection; fails on the first unreadable file.
pub fn read_collection(inputs: &[PathBuf], max_bytes: u64) -> Result<Collection> {
    read_collection_with_progress(inputs, max_bytes, &Progress::hidden())
}

/// [`read_collection`], counting the files read on a `read` progress stage.
pub fn read_collection_with_progress(
    inputs: &[PathBuf],
    max_bytes: u64,
    progress: &Progress,
) -> Result<Collection> {
    let mut collection = Collection::default();
    let mut seen: std::collections::HashMap<String, PathBuf> = std::collections::HashMap::new();
    let files = expand_inputs(inputs)?;
    let bar = progress.stage("read", files.len() as u64, "files");
    for path in files {
        let read = read_document(&path, max_bytes)?;
        bar.inc(1);
        match read {
            Ok(doc) => {
                // Pairs name documents by id: two documents with one id would make
                // the output ambiguous.
                if let Some(first) = seen.insert(doc.id.clone(), path.clone()) {
                    if same_file(&first, &path) {
                        return Err(Error::file(&path, "given twice"));
                    }
                    return Err(Error::file(
                        &path,
                        format!(
                            "same document id {:?} as {} (each input file name must be unique)",
                            doc.id,
                            first.display()
                        ),
                    ));
                }
                if let Some(seen) = named_against_text(&doc) {
                    collection.warnings.push((
                        path.clone(),
                        format!(
                            "named as {} but its text reads as {}; aligned as {}",
                            doc.lang.code(),
                            seen.code(),
                            doc.lang.code()
                        ),
                    ));
                }
                collection.documents.push(doc)
            }
            Err(reason) => collection.skipped.push((path, reason)),
        }
    }
    Ok(collection)
}

/// True when two paths name one file (the same path given twice, or through a link).
fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => a == b,
    }
}

/// Reads one file. The outer error is a file that cannot be used at all; the inner
/// `Err` is a readable file in neither language, to be skipped with that reason.
pub fn read_document(path: &Path, max_bytes: u64) -> Result<std::result::Result<Document, String>> {
    let meta = std::fs::metadata(path).map_err(|e| Error::file(path, describe_io(&e)))?;
    if !meta.is_file() {
        return Err(Error::file(path, "not a regular file"));
    }
    if meta.len() > max_bytes {
        return Err(Error::file(
            path,
            format!(
                "file is {} bytes, over the limit of {max_bytes} (raise it with --max-bytes)",
                meta.len()
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| Error::file(path, describe_io(&e)))?;
    let (body, offset) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (rest, 3),
        None => (&bytes[..], 0),
    };
    if let Some(pos) = body.iter().position(|&b| b == 0) {
        return Err(Error::file(
            path,
            format!(
                "contains a NUL byte at offset {} (binary file?)",
                pos + offset
            ),
        ));
    }
    let text = match std::str::from_utf8(body) {
        Ok(t) => t.to_string(),
        Err(e) => {
            return Err(Error::file(
                path,
                format!("invalid UTF-8 at byte {}", e.valid_up_to() + offset),
            ));
        }
    };
    if is_blank(&text) {
        return Err(Error::file(path, "empty file"));
    }
    let format = if path.extension().is_some_and(|e| e == "tsv") {
        Format::Pool
    } else {
        Format::Text
    };
    if format == Format::Pool
        && let Some(line) = line_without_tab(&text)
    {
        return Err(Error::file(
            path,
            format!("line {line} has no tab (a pool line is id<TAB>sentence)"),
        ));
    }
    let id = document_id(path);
    let lang = match lang_from_name(&id) {
        Some(l) => l,
        None => match detect_lang(&text) {
            Some(l) => l,
            None => return Ok(Err("neither Arabic nor French".to_string())),
        },
    };
    Ok(Ok(Document {
        id,
        path: path.to_path_buf(),
        lang,
        text,
        offset,
        format,
    }))
}

/// A document's id: its file name without the final `.txt` (or `.tsv`).
pub fn document_id(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = name
        .strip_suffix(".txt")
        .or_else(|| name.strip_suffix(".tsv"));
    id.map(str::to_string).unwrap_or(name)
}

/// The language a name states (`X.ar`, `X.fr`, from `X.ar.txt`), if any.
pub fn lang_from_name(id: &str) -> Option<Lang> {
    let (_, code) = id.rsplit_once('.')?;
    Lang::from_code(code)
}

/// Detects Arabic or French from the text: Arabic when most letters are Arabic
/// script; French when most are Latin and French function words outnumber English
/// ones. Anything else is neither.
pub fn detect_lang(text: &str) -> Option<Lang> {
    let (arabic, latin) = letter_counts(text);
    let letters = arabic + latin;
    if letters == 0 {
        return None;
    }
    if arabic * 2 > letters {
        return Some(Lang::Ar);
    }
    let (mut fr, mut en) = (0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        let w = word.to_lowercase();
        if FRENCH_MARKERS.contains(&w.as_str()) {
            fr += 1;
        }
        if ENGLISH_MARKERS.contains(&w.as_str()) {
            en += 1;
        }
    }
    (fr > en && fr >= 1).then_some(Lang::Fr)
}

/// The Arabic and the Latin letters of `text`.
fn letter_counts(text: &str) -> (usize, usize) {
    let (mut arabic, mut latin) = (0usize, 0usize);
    for c in text.chars() {
        if is_arabic_letter(c) {
            arabic += 1;
        } else if c.is_alphabetic()
            && (c.is_ascii_alphabetic() || ('\u{C0}'..='\u{24F}').contains(&c))
        {
            latin += 1;
        }
    }
    (arabic, latin)
}

/// The other language a document's text reads as, when its name states one
/// (`X.ar.txt`) and the text is in the other: a French text needs the full
/// detection only when it is named Arabic, an Arabic one only its letters.
fn named_against_text(doc: &Document) -> Option<Lang> {
    lang_from_name(&doc.id)?;
    match doc.lang {
        Lang::Fr => {
            let (arabic, latin) = letter_counts(&doc.text);
            (arabic * 2 > arabic + latin).then_some(Lang::Ar)
        }
        Lang::Ar => detect_lang(&doc.text).filter(|&l| l == Lang::Fr),
    }
}

/// True for letters of the Arabic script blocks.
pub fn is_arabic_letter(c: char) -> bool {
    matches!(c, '\u{0621}'..='\u{064A}' | '\u{066E}'..='\u{06D3}' | '\u{06FA}'..='\u{06FF}'
        | '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFC}')
}

/// Frequent French words that English and other Latin-script languages rarely use.
const FRENCH_MARKERS: &[&str] = &[
    "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "qui", "que", "sur", "au",
    "aux", "avec", "pas", "ont", "été", "sont", "par", "ce", "cette", "il", "elle",
];
/// Frequent English words, to tell English from French.
const ENGLISH_MARKERS: &[&str] = &[
    "the", "and", "of", "to", "is", "in", "that", "was", "for", "with", "are", "on", "it", "by",
    "this", "have", "from", "which", "were", "has",
];

fn describe_io(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        _ if e.raw_os_error() == Some(40) => "symbolic link loop".to_string(),
        _ if e.raw_os_error() == Some(21) => "is a folder".to_string(),
        _ => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_arabic_french_and_neither() {
        assert_eq!(detect_lang("هذه جملة عربية قصيرة"), Some(Lang::Ar));
        assert_eq!(
            detect_lang("Le ministre est arrivé à Doha pour la visite."),
            Some(Lang::Fr)
        );
        assert_eq!(
            detect_lang("The minister arrived in Doha for the visit."),
            None
        );
        assert_eq!(detect_lang("2022 — 17:53"), None);
    }

    #[test]
    fn ids_and_languages_come_from_names() {
        assert_eq!(
            document_id(Path::new("x/000_bbc.381790.ar.txt")),
            "000_bbc.381790.ar"
        );
        assert_eq!(lang_from_name("000_bbc.381790.ar"), Some(Lang::Ar));
        assert_eq!(lang_from_name("003_99b00789f6a52da7"), None);
    }

    #[test]
    fn pool_spans_slice_the_sentences_and_ids_follow_them() {
        let text = "a-1\tPremière phrase.\r\nbad line\na-2\t  Deuxième.  \na-3\t\n";
        let spans = pool_spans(text);
        let got: Vec<&str> = spans.iter().map(|s| &text[s.start..s.end]).collect();
        assert_eq!(got, vec!["Première phrase.", "Deuxième."]);
        assert_eq!(pool_ids(text), vec!["a-1", "a-2"]);
    }

    #[test]
    fn a_pool_line_without_a_tab_is_found_and_blank_lines_are_not() {
        assert_eq!(
            line_without_tab("a\tx\r\n\r\n \t \n\u{200B}\n\u{FEFF}\nb\ty\n"),
            None
        );
        assert_eq!(line_without_tab("a\tx\r\n\r\nno tab\r\nb\ty"), Some(3));
        assert_eq!(line_without_tab("\u{FEFF}a\tx\nb\ty"), None);
        assert_eq!(line_without_tab("a\tx\r\rno tab\rb\ty"), Some(3));
    }

    #[test]
    fn pool_lines_end_at_any_line_break() {
        let lines = |t: &'static str| pool_lines(t).collect::<Vec<_>>();
        assert_eq!(
            lines("a\nb\r\nc\rd"),
            [(0, "a"), (2, "b"), (5, "c"), (7, "d")]
        );
        assert_eq!(lines("a\n"), [(0, "a")]);
        assert_eq!(lines("a\r\n\r\n"), [(0, "a"), (3, "")]);
        assert_eq!(lines(""), [(0, "")]);
        // Old Mac line ends: three sentences, not one running over the others.
        let text = "a-1\tUne.\ra-2\tDeux.\ra-3\tTrois.\r";
        let got: Vec<&str> = pool_spans(text)
            .iter()
            .map(|s| &text[s.start..s.end])
            .collect();
        assert_eq!(got, ["Une.", "Deux.", "Trois."]);
        assert_eq!(pool_ids(text), ["a-1", "a-2", "a-3"]);
    }
}
