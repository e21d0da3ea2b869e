//! Glossary files: OmegaT's tab-separated glossary, CSV, and TBX-Basic.
//!
//! - TSV (`.tsv`, `.txt`, `.tab`): OmegaT's glossary format, UTF-8, one entry a line,
//!   `source<TAB>target<TAB>comment`, no header; tabs and newlines inside a field are
//!   folded to spaces so that a field can never break a line.
//! - CSV: a header line, then one entry a line with every field (frequency, confidence,
//!   kind, acronym, example pair).
//! - TBX (`.tbx`): TBX-Basic (`martif type="TBX-Basic"`), one `termEntry` per entry with
//!   a `langSet` per language; the French acronym is a second `tig` with
//!   `termType` `acronym`; the example sentences are `descrip type="context"`.
//!   Characters XML forbids never reach the file ([`xml_safe`]).

use super::Entry;
use crate::output::export::one_line;
use crate::output::tmx::xml_safe;
use crate::{Error, Result};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::path::Path;

/// A glossary file format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// OmegaT tab-separated glossary.
    Tsv,
    /// Comma-separated values with a header.
    Csv,
    /// TBX-Basic XML.
    Tbx,
}

impl Format {
    /// The format an output path's extension names.
    pub fn from_path(path: &Path) -> Result<Format> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "tsv" | "txt" | "tab" | "utf8" => Ok(Format::Tsv),
            "csv" => Ok(Format::Csv),
            "tbx" => Ok(Format::Tbx),
            _ => Err(Error::file(
                path,
                "unknown glossary format (use a .tsv, .txt, .csv or .tbx file name)",
            )),
        }
    }
}

/// The glossary `entries` in `format`; `source` names the alignment file in headers.
pub fn render(format: Format, entries: &[Entry], source: &str) -> Vec<u8> {
    match format {
        Format::Tsv => to_tsv(entries),
        Format::Csv => to_csv(entries),
        Format::Tbx => to_tbx(entries, source),
    }
}

/// Longest example sentence quoted in a TSV comment, in characters.
const COMMENT_EXAMPLE: usize = 160;

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return text.to_string();
    }
    let mut s: String = text.chars().take(max).collect();
    s.push('…');
    s
}

/// The comment column of the TSV: kind, frequency, confidence, acronym, example.
fn comment(e: &Entry) -> String {
    let mut c = format!(
        "{}; freq {}; conf {:.2}",
        e.kind.name(),
        e.count,
        e.confidence
    );
    if let Some(a) = &e.acronym {
        c.push_str(&format!("; acronym {a}"));
    }
    c.push_str(&format!(
        "; e.g. {} = {}",
        shorten(&e.example.src, COMMENT_EXAMPLE),
        shorten(&e.example.tgt, COMMENT_EXAMPLE)
    ));
    c
}

/// A field on one line, without the characters XML forbids (`U+FFFF` ...), which no
/// glossary tool expects in plain text either.
fn clean(text: &str) -> String {
    one_line(&xml_safe(text))
}

/// OmegaT's glossary: `source<TAB>target<TAB>comment` per line.
pub fn to_tsv(entries: &[Entry]) -> Vec<u8> {
    let mut out = String::new();
    for e in entries {
        for (i, field) in [&e.src, &e.tgt, &comment(e)].into_iter().enumerate() {
            if i > 0 {
                out.push('\t');
            }
            out.push_str(&clean(field));
        }
        out.push('\n');
    }
    out.into_bytes()
}

/// CSV with a header: source, target, languages, kind, frequency, confidence, acronym,
/// and the example pair.
pub fn to_csv(entries: &[Entry]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = [
        "source",
        "target",
        "source_lang",
        "target_lang",
        "kind",
        "frequency",
        "confidence",
        "acronym",
        "example_source",
        "example_target",
        "example_source_doc",
        "example_target_doc",
    ];
    // Writing records to a Vec cannot fail; a failure would only drop the record.
    let _ = w.write_record(header);
    for e in entries {
        let count = e.count.to_string();
        let conf = format!("{:.4}", e.confidence);
        let _ = w.write_record([
            clean(&e.src).as_str(),
            clean(&e.tgt).as_str(),
            e.src_lang.code(),
            e.tgt_lang.code(),
            e.kind.name(),
            &count,
            &conf,
            e.acronym.as_deref().unwrap_or(""),
            &clean(&e.example.src),
            &clean(&e.example.tgt),
            &clean(&e.example.src_doc),
            &clean(&e.example.tgt_doc),
        ]);
    }
    w.into_inner().unwrap_or_default()
}

/// TBX-Basic: `martif` / `martifHeader` / `text` / `body` / `termEntry` / `langSet` /
/// `tig` / `term`.
pub fn to_tbx(entries: &[Entry], source: &str) -> Vec<u8> {
    let mut w = Writer::new_with_indent(Vec::new(), b' ', 2);
    // Every event below is written to a Vec, which cannot fail; errors are ignored.
    let ev = |w: &mut Writer<Vec<u8>>, e: Event| {
        let _ = w.write_event(e);
    };
    let start = |name: &str, attrs: &[(&str, &str)]| {
        let mut s = BytesStart::new(name.to_string());
        for &(k, v) in attrs {
            s.push_attribute((k, xml_safe(v).as_ref()));
        }
        Event::Start(s)
    };
    let end = |name: &str| Event::End(BytesEnd::new(name.to_string()));
    let src_lang = entries.first().map_or("ar", |e| e.src_lang.code());
    ev(
        &mut w,
        Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)),
    );
    ev(
        &mut w,
        Event::DocType(BytesText::from_escaped(
            r#"martif SYSTEM "TBXBasiccoreStructV02.dtd""#,
        )),
    );
    ev(
        &mut w,
        start("martif", &[("type", "TBX-Basic"), ("xml:lang", src_lang)]),
    );
    ev(&mut w, start("martifHeader", &[]));
    ev(&mut w, start("fileDesc", &[]));
    ev(&mut w, start("sourceDesc", &[]));
    let desc = format!(
        "Glossary drawn by mizan {} from the aligned pairs of {source}",
        env!("CARGO_PKG_VERSION")
    );
    text_element(&mut w, "p", &[], &desc);
    ev(&mut w, end("sourceDesc"));
    ev(&mut w, end("fileDesc"));
    ev(&mut w, start("encodingDesc", &[]));
    text_element(&mut w, "p", &[("type", "XCSURI")], "TBXBasicXCSV02.xcs");
    ev(&mut w, end("encodingDesc"));
    ev(&mut w, end("martifHeader"));
    ev(&mut w, start("text", &[]));
    ev(&mut w, start("body", &[]));
    for (i, e) in entries.iter().enumerate() {
        let id = format!("mizan-{}", i + 1);
        ev(&mut w, start("termEntry", &[("id", &id)]));
        let note = format!(
            "{}; frequency {}; confidence {:.4}; example from {} / {}",
            e.kind.name(),
            e.count,
            e.confidence,
            e.example.src_doc,
            e.example.tgt_doc
        );
        text_element(&mut w, "note", &[], &note);
        for (lang, term, context) in [
            (e.src_lang, &e.src, &e.example.src),
            (e.tgt_lang, &e.tgt, &e.example.tgt),
        ] {
            ev(&mut w, start("langSet", &[("xml:lang", lang.code())]));
            ev(&mut w, start("tig", &[]));
            text_element(&mut w, "term", &[], &one_line(term));
            if e.kind == super::EntryKind::Entity {
                text_element(
                    &mut w,
                    "termNote",
                    &[("type", "partOfSpeech")],
                    "properNoun",
                );
            }
            if !context.is_empty() {
                text_element(&mut w, "descrip", &[("type", "context")], context);
            }
            ev(&mut w, end("tig"));
            if lang == crate::Lang::Fr
                && let Some(acr) = &e.acronym
            {
                ev(&mut w, start("tig", &[]));
                text_element(&mut w, "term", &[], acr);
                text_element(&mut w, "termNote", &[("type", "termType")], "acronym");
                ev(&mut w, end("tig"));
            }
            ev(&mut w, end("langSet"));
        }
        ev(&mut w, end("termEntry"));
    }
    ev(&mut w, end("body"));
    ev(&mut w, end("text"));
    ev(&mut w, end("martif"));
    let mut bytes = w.into_inner();
    bytes.push(b'\n');
    bytes
}

/// `<name attrs>text</name>`, the text made XML-safe and escaped.
fn text_element(w: &mut Writer<Vec<u8>>, name: &str, attrs: &[(&str, &str)], text: &str) {
    let mut s = BytesStart::new(name.to_string());
    for &(k, v) in attrs {
        s.push_attribute((k, xml_safe(v).as_ref()));
    }
    let _ = w.write_event(Event::Start(s));
    let _ = w.write_event(Event::Text(BytesText::new(&xml_safe(text))));
    let _ = w.write_event(Event::End(BytesEnd::new(name.to_string())));
}

#[cfg(test)]
mod tests {
    use super::super::{EntryKind, Example};
    use super::*;
    use crate::Lang;

    fn entry(src: &str, tgt: &str) -> Entry {
        Entry {
            src: src.into(),
            tgt: tgt.into(),
            src_lang: Lang::Ar,
            tgt_lang: Lang::Fr,
            kind: EntryKind::Term,
            count: 3,
            confidence: 0.75,
            acronym: Some("DGSN".into()),
            example: Example {
                src: "مثال\tأول".into(),
                tgt: "exemple, \"premier\"".into(),
                src_doc: "a".into(),
                tgt_doc: "b".into(),
            },
        }
    }

    #[test]
    fn tsv_is_three_columns_one_line() {
        let out = String::from_utf8(to_tsv(&[entry("الأمن\tالعام", "sécurité\npublique")])).unwrap();
        assert_eq!(out.lines().count(), 1);
        let cols: Vec<&str> = out.trim_end().split('\t').collect();
        assert_eq!(cols.len(), 3);
        assert_eq!(cols[0], "الأمن العام");
        assert_eq!(cols[1], "sécurité publique");
        assert!(cols[2].contains("freq 3") && cols[2].contains("DGSN"));
    }

    #[test]
    fn tbx_has_no_forbidden_characters() {
        let out =
            String::from_utf8(to_tbx(&[entry("أ\u{1}ب", "a<b>&\u{FFFF}")], "x.json")).unwrap();
        assert!(!out.contains('\u{1}') && !out.contains('\u{FFFF}'));
        assert!(out.contains("a&lt;b&gt;&amp;"));
        assert!(out.contains(r#"<termNote type="termType">acronym</termNote>"#));
    }

    #[test]
    fn formats_by_extension() {
        assert_eq!(Format::from_path(Path::new("g.TBX")).unwrap(), Format::Tbx);
        assert_eq!(Format::from_path(Path::new("g.csv")).unwrap(), Format::Csv);
        assert!(Format::from_path(Path::new("g.xlsx")).is_err());
    }
}
