//! The lines of each diff row, shared by the full-screen view and the printed one: which
//! text goes in which column, wrapped, in display order, with a tone on every piece. The
//! two views only turn tones into colours (ratatui styles, or ANSI escapes).

use super::bidi::{self, BidiMode, Glyph, RtlParagraph};
use super::fold;
use super::model::{Review, Row};
use crate::Lang;
use crate::anchor::{Anchor, AnchorKind};
use crate::output::Status;
use std::collections::HashMap;
use std::ops::Range;

/// What a piece of text is, for colouring.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tone {
    /// Ordinary text.
    Plain,
    /// Secondary text (empty partner marks, sentence numbers).
    Dim,
    /// An anchor's text; the number picks the colour, the same on both sides.
    Anchor(usize),
    /// A visible escape of a control character.
    Escape,
    /// A score: 2 high, 1 middling, 0 low.
    Score(u8),
    /// A pair's status mark.
    Status(Status),
    /// A group title.
    Header,
    /// The diff mark between the columns.
    Mark,
}

/// A run of text with one tone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    /// The text, already safe for the terminal.
    pub text: String,
    /// Its tone.
    pub tone: Tone,
}

/// One screen line.
pub type Line = Vec<Span>;

/// How many anchor colours there are; anchor `i` gets colour `i % ANCHOR_COLOURS`.
pub const ANCHOR_COLOURS: usize = 6;

/// The widths of the parts of a line, in cells: `prefix`, French column, ` | `, Arabic
/// column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Columns {
    /// The pair number, score and status.
    pub prefix: usize,
    /// Each text column.
    pub side: usize,
}

/// The longest text shown of one row side, in bytes; the rest is cut with a note.
pub const MAX_TEXT: usize = 20_000;

/// The most anchors of a pair that are looked for in its text.
pub const MAX_ANCHORS: usize = 200;

/// The narrowest a text column gets, whatever the width asked for.
pub const MIN_SIDE: usize = 8;

impl Columns {
    /// Splits `total` cells for `review`: the prefix fits the largest pair number, the
    /// rest is shared by the two columns.
    pub fn new(review: &Review, total: usize) -> Columns {
        let digits = review.file.pairs.len().max(1).to_string().len();
        // "#" number " " 0.00 " " mark " "
        let prefix = 1 + digits + 1 + 4 + 1 + 1 + 1;
        let side = total.saturating_sub(prefix + 3) / 2;
        Columns {
            prefix,
            side: side.max(MIN_SIDE),
        }
    }

    /// The width of a whole line.
    pub fn total(&self) -> usize {
        self.prefix + 2 * self.side + 3
    }
}

/// The band of a score for its colour: 2 from 0.8, 1 from 0.5, else 0.
pub fn score_band(score: f64) -> u8 {
    if score >= 0.8 {
        2
    } else if score >= 0.5 {
        1
    } else {
        0
    }
}

/// The one-cell mark of a status.
pub fn status_mark(status: Status) -> &'static str {
    match status {
        Status::Auto => "·",
        Status::Accepted => "✓",
        Status::Rejected => "✗",
    }
}

/// The short name of an anchor kind.
pub fn kind_name(kind: AnchorKind) -> &'static str {
    match kind {
        AnchorKind::Number => "number",
        AnchorKind::Date => "date",
        AnchorKind::Entity => "entity",
        AnchorKind::Lexicon => "lexicon",
    }
}

/// The lines of `row` at `cols`.
pub fn row_lines(review: &Review, row: usize, cols: Columns, mode: BidiMode) -> Vec<Line> {
    match review.rows.get(row) {
        Some(Row::Header { fr, ar }) => vec![header_line(review, *fr, *ar, cols)],
        Some(Row::Pair(p)) => {
            let Some(pair) = review.file.pairs.get(*p) else {
                return Vec::new();
            };
            let colours = anchor_colours(&pair.anchors);
            let fr_needles: Vec<(String, usize)> = pair
                .anchors
                .iter()
                .zip(&colours)
                .map(|(a, &c)| (a.fr.to_string(), c))
                .collect();
            let ar_needles: Vec<(String, usize)> = pair
                .anchors
                .iter()
                .zip(&colours)
                .map(|(a, &c)| (a.ar.to_string(), c))
                .collect();
            let fr = column(&pair.fr.text, &fr_needles, cols.side, Lang::Fr, mode);
            let ar = column(&pair.ar.text, &ar_needles, cols.side, Lang::Ar, mode);
            let mut prefix = vec![
                span(&format!("#{p:<w$} ", w = cols.prefix - 9), Tone::Dim),
                span(
                    &format!("{:.2}", pair.score),
                    Tone::Score(score_band(pair.score)),
                ),
                span(" ", Tone::Plain),
                span(status_mark(pair.status), Tone::Status(pair.status)),
                span(" ", Tone::Plain),
            ];
            prefix.retain(|s| !s.text.is_empty());
            join(prefix, fr, "|", ar, cols)
        }
        Some(Row::Unaligned { lang, .. }) => {
            let (fr_text, ar_text) = review.texts(row);
            let fr = column(fr_text, &[], cols.side, Lang::Fr, mode);
            let ar = column(ar_text, &[], cols.side, Lang::Ar, mode);
            let mark = if *lang == Lang::Fr { "<" } else { ">" };
            join(Vec::new(), fr, mark, ar, cols)
        }
        None => Vec::new(),
    }
}

/// Puts prefix, French lines, mark and Arabic lines side by side.
fn join(prefix: Line, fr: Vec<Line>, mark: &str, ar: Vec<Line>, cols: Columns) -> Vec<Line> {
    let height = fr.len().max(ar.len()).max(1);
    let mut out = Vec::with_capacity(height);
    for i in 0..height {
        let mut line: Line = if i == 0 && !prefix.is_empty() {
            prefix.clone()
        } else {
            vec![span(&" ".repeat(cols.prefix), Tone::Plain)]
        };
        let left = fr.get(i).cloned().unwrap_or_default();
        let lw = line_width(&left);
        line.extend(left);
        line.push(span(
            &" ".repeat(cols.side.saturating_sub(lw) + 1),
            Tone::Plain,
        ));
        line.push(span(mark, Tone::Mark));
        line.push(span(" ", Tone::Plain));
        // The Arabic column is right-aligned: its lines end at the right edge.
        let right = ar.get(i).cloned().unwrap_or_default();
        let rw = line_width(&right);
        if !right.is_empty() {
            line.push(span(&" ".repeat(cols.side.saturating_sub(rw)), Tone::Plain));
        }
        line.extend(right);
        line.retain(|s| !s.text.is_empty());
        out.push(line);
    }
    out
}

fn header_line(review: &Review, fr: Option<usize>, ar: Option<usize>, cols: Columns) -> Line {
    let name = |d: Option<usize>, lang: &str| match d.and_then(|d| review.file.documents.get(d)) {
        Some(doc) => format!("{lang} {}", bidi::sanitize(&doc.id).text),
        None => format!("{lang} (no pair)"),
    };
    let left = format!("── {} ", name(fr, "fr"));
    let right = format!(" {} ──", name(ar, "ar"));
    let fill = cols
        .total()
        .saturating_sub(bidi::width(&left) + bidi::width(&right));
    vec![span(
        &format!("{left}{}{right}", "─".repeat(fill)),
        Tone::Header,
    )]
}

/// The width of a line in cells.
pub fn line_width(line: &[Span]) -> usize {
    line.iter().map(|s| bidi::width(&s.text)).sum()
}

fn span(text: &str, tone: Tone) -> Span {
    Span {
        text: text.to_string(),
        tone,
    }
}

/// The colour of each anchor of a pair. Anchors that share a French or an Arabic form
/// (`Qatar` ~ `قطر`, `Qatar` ~ `القطري`) get one colour, since the same words on screen
/// can only have one; numbers, dates and names get the first colours.
pub fn anchor_colours(anchors: &[Anchor]) -> Vec<usize> {
    let n = anchors.len();
    let mut parent: Vec<usize> = (0..n).collect();
    fn root(parent: &mut [usize], mut i: usize) -> usize {
        while parent[i] != i {
            parent[i] = parent[parent[i]];
            i = parent[i];
        }
        i
    }
    let mut seen: HashMap<(bool, String), usize> = HashMap::new();
    for (i, a) in anchors.iter().enumerate() {
        for key in [
            (false, fold::fold_str(a.fr.trim())),
            (true, fold::fold_str(a.ar.trim())),
        ] {
            match seen.get(&key) {
                Some(&j) => {
                    let (ri, rj) = (root(&mut parent, i), root(&mut parent, j));
                    parent[ri.max(rj)] = ri.min(rj);
                }
                None => {
                    seen.insert(key, i);
                }
            }
        }
    }
    let roots: Vec<usize> = (0..n).map(|i| root(&mut parent, i)).collect();
    // Components in order of their strongest kind, then of first appearance.
    let rank = |k: AnchorKind| match k {
        AnchorKind::Number | AnchorKind::Date => 0,
        AnchorKind::Entity => 1,
        AnchorKind::Lexicon => 2,
    };
    let mut best: HashMap<usize, (u8, usize)> = HashMap::new();
    for (i, a) in anchors.iter().enumerate() {
        let e = best.entry(roots[i]).or_insert((rank(a.kind), i));
        *e = (*e).min((rank(a.kind), i));
    }
    let mut order: Vec<(u8, usize, usize)> = best.iter().map(|(&r, &(k, i))| (k, i, r)).collect();
    order.sort_unstable();
    let colour_of: HashMap<usize, usize> = order
        .iter()
        .enumerate()
        .map(|(c, &(_, _, r))| (r, c % ANCHOR_COLOURS))
        .collect();
    roots
        .iter()
        .map(|r| colour_of.get(r).copied().unwrap_or(0))
        .collect()
}

/// One text column: sanitized, anchors found (each `(form, colour)`), wrapped to
/// `width`, and for Arabic put in display order when `mode` asks.
pub fn column(
    text: &str,
    anchors: &[(String, usize)],
    width: usize,
    lang: Lang,
    mode: BidiMode,
) -> Vec<Line> {
    // A sentence is a few hundred bytes; a hostile or broken file may hold megabytes in
    // one, which would be laid out again on every frame. Past the cap it is cut, visibly.
    let cut;
    let text = if text.len() > MAX_TEXT {
        let mut end = MAX_TEXT;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        cut = format!("{} …[{} more bytes]", &text[..end], text.len() - end);
        cut.as_str()
    } else {
        text
    };
    let anchors = &anchors[..anchors.len().min(MAX_ANCHORS)];
    let safe = bidi::sanitize(text);
    let text = safe.text.as_ref();
    let tones = tones(text, anchors, &safe.escapes);
    let lines = bidi::wrap_keeping(text, width, &safe.escapes);
    let rtl = (lang == Lang::Ar && mode == BidiMode::Visual).then(|| RtlParagraph::new(text));
    lines
        .into_iter()
        .map(|r| {
            let glyphs = match &rtl {
                Some(p) => p.visual(r),
                None => bidi::logical(text, r),
            };
            spans(glyphs, &tones)
        })
        .collect()
}

/// The tone of every byte of `text`: escapes, then anchors (whole words, matched
/// loosely, see [`fold`]; longer forms win over shorter ones inside them), else plain.
fn tones(text: &str, anchors: &[(String, usize)], escapes: &[Range<usize>]) -> Vec<Tone> {
    let mut tones = vec![Tone::Plain; text.len()];
    if !anchors.is_empty() {
        let folded = fold::fold(text);
        let mut needles: Vec<(String, usize)> = anchors
            .iter()
            .map(|(a, c)| (fold::fold_str(&bidi::sanitize(a.trim()).text), *c))
            .collect();
        needles.sort_by_key(|(n, _)| n.len());
        needles.dedup();
        for (needle, colour) in needles {
            for r in folded.find_words(&needle) {
                if let Some(slot) = tones.get_mut(r) {
                    slot.fill(Tone::Anchor(colour % ANCHOR_COLOURS));
                }
            }
        }
    }
    for r in escapes {
        if let Some(slot) = tones.get_mut(r.clone()) {
            slot.fill(Tone::Escape);
        }
    }
    tones
}

/// Glyphs to spans, merging neighbours of the same tone.
fn spans(glyphs: Vec<Glyph>, tones: &[Tone]) -> Line {
    let mut line: Line = Vec::new();
    for g in glyphs {
        let tone = tones.get(g.at).copied().unwrap_or(Tone::Plain);
        match line.last_mut() {
            Some(last) if last.tone == tone => last.text.push_str(&g.text),
            _ => line.push(Span { text: g.text, tone }),
        }
    }
    line
}

/// The anchors of a pair as one line: `kind fr = ar` each in its colour.
pub fn anchor_line(review: &Review, pair: usize, mode: BidiMode) -> Line {
    let Some(pair) = review.file.pairs.get(pair) else {
        return Vec::new();
    };
    let mut line = vec![span("anchors: ", Tone::Dim)];
    if pair.anchors.is_empty() {
        line.push(span("none", Tone::Dim));
    }
    let colours = anchor_colours(&pair.anchors);
    for (i, (a, c)) in pair.anchors.iter().zip(colours).enumerate() {
        if i > 0 {
            line.push(span("  ", Tone::Plain));
        }
        let tone = Tone::Anchor(c);
        line.push(span(&format!("{} ", kind_name(a.kind)), Tone::Dim));
        line.push(span(&bidi::sanitize(&a.fr).text, tone));
        line.push(span(" = ", Tone::Dim));
        let ar: String = column(&a.ar, &[], usize::MAX / 4, Lang::Ar, mode)
            .into_iter()
            .flatten()
            .map(|s| s.text)
            .collect::<Vec<_>>()
            .join(" ");
        line.push(span(&ar, tone));
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.iter().map(|s| s.text.as_str()).collect()
    }

    #[test]
    fn anchors_get_the_same_colour_on_both_sides() {
        let fr = column(
            "Hammouchi au Qatar 2022",
            &[("Hammouchi".into(), 0), ("2022".into(), 1)],
            40,
            Lang::Fr,
            BidiMode::Visual,
        );
        let ar = column(
            "حموشي في قطر 2022",
            &[("حموشي".into(), 0), ("2022".into(), 1)],
            40,
            Lang::Ar,
            BidiMode::Visual,
        );
        let tone_of =
            |lines: &[Line], t: &str| lines.iter().flatten().find(|s| s.text == t).map(|s| s.tone);
        assert_eq!(tone_of(&fr, "Hammouchi"), Some(Tone::Anchor(0)));
        assert_eq!(tone_of(&fr, "2022"), Some(Tone::Anchor(1)));
        assert_eq!(tone_of(&ar, "2022"), Some(Tone::Anchor(1)));
        // In display order the Arabic name is reversed, still one anchor span.
        assert_eq!(tone_of(&ar, "يشومح"), Some(Tone::Anchor(0)));
    }

    #[test]
    fn anchors_match_ignoring_case_when_not_exact() {
        let fr = column(
            "LE MAROC",
            &[("Maroc".into(), 0)],
            40,
            Lang::Fr,
            BidiMode::Visual,
        );
        assert!(
            fr[0]
                .iter()
                .any(|s| s.text == "MAROC" && s.tone == Tone::Anchor(0))
        );
    }

    #[test]
    fn anchors_sharing_a_form_share_a_colour() {
        let a = |kind, ar: &str, fr: &str| Anchor {
            kind,
            ar: ar.into(),
            fr: fr.into(),
        };
        let anchors = [
            a(AnchorKind::Lexicon, "من", "de"),
            a(AnchorKind::Lexicon, "قطر", "Qatar"),
            a(AnchorKind::Number, "2022", "2022"),
            a(AnchorKind::Lexicon, "القطري", "Qatar"),
            a(AnchorKind::Entity, "قطر", "Qatar"),
        ];
        let c = anchor_colours(&anchors);
        assert_eq!(c[1], c[3]);
        assert_eq!(c[1], c[4]);
        assert_eq!(c[2], 0, "numbers first");
        assert_eq!(c[4], 1, "then names");
        assert_eq!(c[0], 2);
    }

    #[test]
    fn anchors_match_whole_words_loosely() {
        let fr = column(
            "de la demande",
            &[("de".into(), 0)],
            40,
            Lang::Fr,
            BidiMode::Logical,
        );
        let marked: Vec<&str> = fr[0]
            .iter()
            .filter(|s| s.tone == Tone::Anchor(0))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["de"]);
        let ar = column(
            "استُقبِل في ٢٠٢٢",
            &[("استقبل".into(), 1), ("2022".into(), 2)],
            40,
            Lang::Ar,
            BidiMode::Logical,
        );
        let marked: Vec<&str> = ar[0]
            .iter()
            .filter(|s| matches!(s.tone, Tone::Anchor(_)))
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(marked, ["استُقبِل", "٢٠٢٢"]);
    }

    #[test]
    fn huge_text_is_cut_visibly() {
        let text = "é".repeat(MAX_TEXT);
        let lines = column(&text, &[], 100, Lang::Fr, BidiMode::Visual);
        let all: String = lines.iter().flatten().map(|s| s.text.as_str()).collect();
        assert!(
            all.ends_with(&format!("…[{} more bytes]", MAX_TEXT)),
            "{}",
            &all[all.len() - 40..]
        );
    }

    #[test]
    fn escapes_are_marked_and_columns_fit() {
        let lines = column(
            "evil \u{202E} txt.exe and more words here",
            &[],
            10,
            Lang::Fr,
            BidiMode::Visual,
        );
        assert!(
            lines
                .iter()
                .flatten()
                .any(|s| s.text == "⟨U+202E⟩" && s.tone == Tone::Escape)
        );
        for l in &lines {
            assert!(line_width(l) <= 10, "{}", text(l));
        }
    }

    #[test]
    fn logical_mode_keeps_memory_order() {
        let l = column("قطر 2022", &[], 40, Lang::Ar, BidiMode::Logical);
        assert_eq!(text(&l[0]), "قطر 2022");
        let v = column("قطر 2022", &[], 40, Lang::Ar, BidiMode::Visual);
        assert_eq!(text(&v[0]), "2022 رطق");
    }
}
