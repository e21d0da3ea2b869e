//! The contract's `NAME.tmx`: TMX 1.4b, one `<tu>` per pair not rejected.

use crate::output::json::{AlignmentFile, Status};
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use std::io::Write;

/// Removes the characters XML 1.0 forbids (C0 controls but tab, newline and carriage
/// return; U+FFFE, U+FFFF; lone surrogates cannot occur in a `str`). They are dropped,
/// not replaced: they carry no text a translator could use.
pub fn xml_safe(text: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c < '\u{20}' && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{FFFE}' | '\u{FFFF}')
    };
    if text.chars().any(bad) {
        text.chars().filter(|&c| !bad(c)).collect::<String>().into()
    } else {
        text.into()
    }
}

/// The text event of `text`: forbidden characters dropped ([`xml_safe`]), `&`, `<`,
/// `>` and quotes escaped, and a carriage return written `&#13;`, since an XML reader
/// turns a raw one into a line feed (XML 1.0 end-of-line handling).
fn text_event(text: &str) -> BytesText<'static> {
    let escaped = quick_xml::escape::escape(xml_safe(text).into_owned());
    let escaped = if escaped.contains('\r') {
        escaped.replace('\r', "&#13;")
    } else {
        escaped.into_owned()
    };
    BytesText::from_escaped(escaped)
}

/// Renders the pairs of `file` (all but the rejected ones) as a TMX 1.4b document.
pub fn to_tmx(file: &AlignmentFile) -> Vec<u8> {
    let mut bytes = Vec::new();
    write_tmx(file, &mut bytes).expect("writing to a Vec cannot fail");
    bytes
}

/// Writes the TMX 1.4b document of `file` ([`to_tmx`]) to `out` as it is rendered,
/// so that a large alignment is never held in memory whole.
pub fn write_tmx<W: Write>(file: &AlignmentFile, out: W) -> std::io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::DocType(BytesText::from_escaped(
        r#"tmx SYSTEM "tmx14.dtd""#,
    )))?;
    let mut tmx = BytesStart::new("tmx");
    tmx.push_attribute(("version", "1.4"));
    w.write_event(Event::Start(tmx))?;
    let mut header = BytesStart::new("header");
    for (k, v) in [
        ("creationtool", "mizan"),
        ("creationtoolversion", env!("CARGO_PKG_VERSION")),
        ("datatype", "plaintext"),
        ("segtype", "block"),
        ("adminlang", "en"),
        ("srclang", "ar"),
        ("o-tmf", "mizan-json"),
    ] {
        header.push_attribute((k, v));
    }
    w.write_event(Event::Empty(header))?;
    w.write_event(Event::Start(BytesStart::new("body")))?;
    for pair in file.pairs.iter().filter(|p| p.status != Status::Rejected) {
        w.write_event(Event::Start(BytesStart::new("tu")))?;
        let score = format!("{:.4}", pair.score);
        let props = [
            ("x-score", score.as_str()),
            ("x-status", status_name(pair.status)),
            ("x-ar-doc", pair.ar.doc.as_str()),
            ("x-fr-doc", pair.fr.doc.as_str()),
        ];
        for (kind, value) in props {
            let mut prop = BytesStart::new("prop");
            prop.push_attribute(("type", kind));
            w.write_event(Event::Start(prop))?;
            w.write_event(Event::Text(text_event(value)))?;
            w.write_event(Event::End(BytesEnd::new("prop")))?;
        }
        for (lang, text) in [("ar", &pair.ar.text), ("fr", &pair.fr.text)] {
            let mut tuv = BytesStart::new("tuv");
            tuv.push_attribute(("xml:lang", lang));
            w.write_event(Event::Start(tuv))?;
            w.write_event(Event::Start(BytesStart::new("seg")))?;
            w.write_event(Event::Text(text_event(text)))?;
            w.write_event(Event::End(BytesEnd::new("seg")))?;
            w.write_event(Event::End(BytesEnd::new("tuv")))?;
        }
        w.write_event(Event::End(BytesEnd::new("tu")))?;
    }
    w.write_event(Event::End(BytesEnd::new("body")))?;
    w.write_event(Event::End(BytesEnd::new("tmx")))?;
    let mut out = w.into_inner();
    out.write_all(b"\n")
}

fn status_name(status: Status) -> &'static str {
    match status {
        Status::Auto => "auto",
        Status::Accepted => "accepted",
        Status::Rejected => "rejected",
    }
}
