//! The checks the fuzz targets run, shared with `tests/fuzz_regressions.rs`, which
//! replays the kept corpus (`tests/data/fuzz/<target>/`) through the same functions.
//! Each takes the raw fuzz input and panics when an invariant breaks.

#![allow(dead_code)]

use mizan::Lang;
use mizan::output::export::{ExportArgs, ExportFormat};
use mizan::output::tmx::{to_tmx, xml_safe};
use mizan::output::{AlignmentFile, DocumentRecord, Pair, PairSide, SentenceRecord, Status};
use mizan::review::BidiMode;
use mizan::review::model::{Filters, Review};
use mizan::review::print::{PrintOptions, to_string};
use quick_xml::events::Event;
use std::path::PathBuf;

/// True for what the segmenter trims from sentence edges.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// Spans are ordered, disjoint, on character boundaries, trimmed and never empty.
fn check_spans(text: &str, spans: &[mizan::text::segment::Span]) {
    let mut prev_end = 0;
    for s in spans {
        assert!(prev_end <= s.start, "spans overlap or are out of order");
        assert!(s.start < s.end && s.end <= text.len(), "bad span {s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        let t = &text[s.start..s.end];
        assert_eq!(t, t.trim_matches(is_space), "untrimmed span {t:?}");
        prev_end = s.end;
    }
}

/// The segmenter: sentence offsets slice the text, and every character that is not
/// whitespace lies in exactly one sentence; `--split lines` keeps the same invariants.
pub fn segment(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for lang in [Lang::Ar, Lang::Fr] {
        let spans = mizan::text::segment::segment(&text, lang);
        check_spans(&text, &spans);
        let mut covered = vec![false; text.len()];
        for s in &spans {
            covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
        }
        for (i, c) in text.char_indices() {
            assert!(is_space(c) || covered[i], "{c:?} at {i} is in no sentence");
        }
    }
    check_spans(&text, &mizan::text::segment::split_lines(&text));
}

/// The normalizer and the tokenizer on any text: no panic, and normalizing twice
/// is as safe as once.
pub fn normalize(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for lang in [Lang::Ar, Lang::Fr] {
        let once = mizan::text::normalize::normalize(&text, lang);
        let _ = mizan::text::normalize::normalize(&once, lang);
        if text.is_ascii() {
            assert_eq!(once.len(), text.len(), "ASCII folding changed the length");
        }
        for token in mizan::text::tokenize::tokenize(&text, lang) {
            let _ = token;
        }
    }
}

/// Characters that reorder a terminal line and must never reach it raw.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// The JSON loader and everything that reads a loaded file: a hostile JSON either is
/// refused by `AlignmentFile` parsing and validation, or goes through the TMX writer,
/// the review model and printed view, and the exporter without a panic.
pub fn json_load(data: &[u8]) {
    let Ok(file) = serde_json::from_slice::<AlignmentFile>(data) else {
        return;
    };
    if file.validate().is_err() {
        return;
    }
    let tmx = read_tmx(&to_tmx(&file)).expect("the TMX of a valid file parses");
    let kept = file
        .pairs
        .iter()
        .filter(|p| p.status != Status::Rejected)
        .count();
    assert_eq!(tmx.len(), kept, "one <tu> per pair not rejected");
    let again: AlignmentFile =
        serde_json::from_slice(&file.to_json()).expect("written JSON reads back");
    assert!(again.validate().is_ok(), "written JSON validates");
    for path in ["-", "x"] {
        let args = ExportArgs {
            file: PathBuf::from(path),
            format: ExportFormat::Tsv,
            out: PathBuf::from("out"),
            name: None,
            src: Lang::Ar,
            min_score: 0.0,
            status: Vec::new(),
        };
        for (_, bytes) in mizan::output::export::render(&file, &args, "n") {
            let lines = bytes.iter().filter(|&&b| b == b'\n').count();
            assert_eq!(lines, kept, "one exported line per pair");
        }
    }
    if let Ok(review) = Review::new(file, &Filters::default()) {
        for width in [20, 100] {
            let shown = to_string(
                &review,
                PrintOptions {
                    width,
                    color: false,
                    bidi: BidiMode::Visual,
                },
            );
            assert!(
                !shown.chars().any(|c| is_bidi_control(c) || c == '\u{1b}'),
                "a bidi control or an escape reached the printed view"
            );
        }
    }
}

/// One `<tu>` as a reader sees it: its props and its segments by language.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct Tu {
    /// `(type, value)` of each `<prop>`.
    pub props: Vec<(String, String)>,
    /// `(xml:lang, text)` of each `<tuv>`'s `<seg>`.
    pub segs: Vec<(String, String)>,
}

/// True for characters XML 1.0 allows.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Reads a TMX as an XML 1.0 reader does (line ends normalized, references resolved)
/// and refuses what XML 1.0 forbids, raw or as a character reference.
pub fn read_tmx(bytes: &[u8]) -> Result<Vec<Tu>, String> {
    let text = std::str::from_utf8(bytes).map_err(|e| format!("not UTF-8: {e}"))?;
    if let Some(c) = text.chars().find(|&c| !xml_char(c)) {
        return Err(format!("character {c:?} is not allowed in XML 1.0"));
    }
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut out = Vec::new();
    let mut tu: Option<Tu> = None;
    let mut lang = String::new();
    let mut prop_type: Option<String> = None;
    let mut buf = String::new();
    let mut depth = 0usize;
    loop {
        let event = reader.read_event().map_err(|e| e.to_string())?;
        match event {
            Event::Start(e) => {
                depth += 1;
                let attr = |name: &str| -> Result<Option<String>, String> {
                    match e.try_get_attribute(name).map_err(|e| e.to_string())? {
                        Some(a) => Ok(Some(
                            a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                                .map_err(|e| e.to_string())?
                                .into_owned(),
                        )),
                        None => Ok(None),
                    }
                };
                match e.name().as_ref() {
                    "tu" => tu = Some(Tu::default()),
                    "tuv" => lang = attr("xml:lang")?.unwrap_or_default(),
                    "prop" => prop_type = Some(attr("type")?.unwrap_or_default()),
                    _ => {}
                }
                buf.clear();
            }
            Event::End(e) => {
                depth = depth.checked_sub(1).ok_or("unbalanced end tag")?;
                match e.name().as_ref() {
                    "tu" => out.push(tu.take().ok_or("</tu> without <tu>")?),
                    "seg" => {
                        let t = tu.as_mut().ok_or("<seg> outside <tu>")?;
                        t.segs.push((lang.clone(), std::mem::take(&mut buf)));
                    }
                    "prop" => {
                        let t = tu.as_mut().ok_or("<prop> outside <tu>")?;
                        let kind = prop_type.take().unwrap_or_default();
                        t.props.push((kind, std::mem::take(&mut buf)));
                    }
                    _ => {}
                }
            }
            Event::Text(t) => buf.push_str(&t.xml10_content()),
            Event::CData(t) => buf.push_str(&t.xml10_content()),
            Event::GeneralRef(r) => {
                let name = r.xml10_content();
                if let Some(c) = r.resolve_char_ref().map_err(|e| e.to_string())? {
                    if !xml_char(c) {
                        return Err(format!("reference to {c:?}, not allowed in XML 1.0"));
                    }
                    buf.push(c);
                } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                    buf.push_str(s);
                } else {
                    return Err(format!("unknown entity &{name};"));
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if depth != 0 {
        return Err("unclosed element".into());
    }
    Ok(out)
}

/// A one-pair alignment file with the given texts and document ids.
pub fn one_pair_file(ar: &str, fr: &str, ar_doc: &str, fr_doc: &str, score: f64) -> AlignmentFile {
    let doc = |id: &str, lang: Lang, text: &str| DocumentRecord {
        id: id.to_string(),
        path: format!("{id}.txt"),
        lang,
        sentences: vec![SentenceRecord {
            text: text.to_string(),
            start: 0,
            end: text.len(),
            id: None,
        }],
    };
    let side = |id: &str, text: &str| PairSide {
        doc: id.to_string(),
        sentences: vec![0],
        text: text.to_string(),
    };
    AlignmentFile {
        version: mizan::output::json::VERSION,
        documents: vec![doc(ar_doc, Lang::Ar, ar), doc(fr_doc, Lang::Fr, fr)],
        pairs: vec![Pair {
            ar: side(ar_doc, ar),
            fr: side(fr_doc, fr),
            score,
            anchors: Vec::new(),
            status: Status::Auto,
        }],
        document_pairs: Vec::new(),
    }
}

/// The TMX writer → XML reader round trip: any text comes back as [`xml_safe`] of
/// it (forbidden characters dropped, everything else intact, `<`, `&`, quotes and
/// line ends included), and the document ids likewise in the props.
pub fn tmx_roundtrip(data: &[u8]) {
    let (head, rest) = data.split_first().unwrap_or((&0, &[]));
    let cut = (*head as usize).min(rest.len());
    let (a, f) = rest.split_at(cut);
    let ar = String::from_utf8_lossy(a);
    let fr = String::from_utf8_lossy(f);
    let (ar_doc, fr_doc) = if head % 2 == 0 {
        ("a<&\"'>\u{1}".to_string(), "f]]>\r\n".to_string())
    } else {
        (ar.chars().take(8).collect(), fr.chars().take(8).collect())
    };
    let file = one_pair_file(&ar, &fr, &ar_doc, &fr_doc, f64::from(*head) / 255.0);
    let tus = read_tmx(&to_tmx(&file)).unwrap_or_else(|e| panic!("TMX does not read back: {e}"));
    assert_eq!(tus.len(), 1);
    let segs = &tus[0].segs;
    assert_eq!(
        segs,
        &vec![
            ("ar".to_string(), xml_safe(&ar).into_owned()),
            ("fr".to_string(), xml_safe(&fr).into_owned())
        ]
    );
    let prop = |kind: &str| {
        tus[0]
            .props
            .iter()
            .find(|(k, _)| k == kind)
            .map(|(_, v)| v.clone())
    };
    assert_eq!(prop("x-ar-doc"), Some(xml_safe(&ar_doc).into_owned()));
    assert_eq!(prop("x-fr-doc"), Some(xml_safe(&fr_doc).into_owned()));
}
