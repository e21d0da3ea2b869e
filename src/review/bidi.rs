//! Text as the terminal must get it: control characters made visible, lines wrapped to a
//! column width in terminal cells, and Arabic put in display order.
//!
//! Most terminals draw characters strictly left to right; for them the Arabic column is
//! reordered here with the Unicode Bidirectional Algorithm (`unicode-bidi`), one wrapped
//! line at a time, as UAX #9 asks (wrap in logical order, then reorder each line).
//! Terminals that reorder themselves get the logical order (`--bidi logical`).

use std::borrow::Cow;
use std::ops::Range;
use unicode_bidi::{Level, ParagraphBidiInfo};
use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// How the Arabic column reaches the terminal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum BidiMode {
    /// Reordered here into display order, for terminals that draw left to right only.
    #[default]
    Visual,
    /// Left in logical (memory) order, for terminals that apply the bidi algorithm.
    Logical,
}

/// Whether `c` must never reach the terminal as is: every C0/C1 control and DEL (they
/// move the cursor, ring, switch charsets), the bidi embedding, override, isolate and
/// mark characters (they reorder what is around them and can make a text look like
/// another), and the line/paragraph separators and interlinear annotation marks.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200E}' | '\u{200F}' | '\u{061C}'
                | '\u{202A}'..='\u{202E}'
                | '\u{2066}'..='\u{2069}'
                | '\u{2028}' | '\u{2029}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{FEFF}'
        )
}

/// `text` made safe for the terminal, with the byte ranges of the escapes it contains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Safe<'a> {
    /// The text: tab, newline and carriage return became a space, every other unsafe
    /// character a visible escape such as `⟨U+202E⟩`.
    pub text: Cow<'a, str>,
    /// Where the escapes are in `text`, so that they can be shown apart.
    pub escapes: Vec<Range<usize>>,
}

impl Safe<'_> {
    /// The safe text as an owned string.
    pub fn into_owned_text(self) -> String {
        self.text.into_owned()
    }
}

/// Makes `text` safe to print; see [`Safe`].
///
/// Besides the unsafe characters, marks and joiners that have no letter to sit on (at
/// the start, after a space or after a control character) are escaped too: once the
/// Arabic is reordered, they would attach to whatever lands before them and change its
/// width on screen. So is a zero width joiner that ends an emoji or symbol, which would
/// fuse it with a neighbour brought next to it by reordering.
pub fn sanitize(text: &str) -> Safe<'_> {
    let zero_width = |c: char| unicode_width::UnicodeWidthChar::width(c) == Some(0);
    if !text.chars().any(|c| is_unsafe(c) || zero_width(c)) {
        return Safe {
            text: Cow::Borrowed(text),
            escapes: Vec::new(),
        };
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut escapes = Vec::new();
    let mut changed = false;
    let mut push_escape = |out: &mut String, c: char| {
        let start = out.len();
        out.push_str(&escape(c));
        escapes.push(start..out.len());
    };
    for g in text.graphemes(true) {
        let mut chars = g.chars();
        let Some(first) = chars.next() else { continue };
        // The first character carries the others unless it is a space, a control or
        // itself a mark.
        let based = !(first.is_whitespace() || is_unsafe(first) || zero_width(first));
        let last = g.chars().count() - 1;
        for (k, c) in g.chars().enumerate() {
            let orphan = k > 0 && !based && zero_width(c);
            let loose_zwj = k == last && k > 0 && c == '\u{200D}' && !first.is_alphabetic();
            if matches!(c, '\t' | '\n' | '\r') {
                out.push(' ');
                changed = true;
            } else if is_unsafe(c) || orphan || loose_zwj || (k == 0 && zero_width(c)) {
                push_escape(&mut out, c);
                changed = true;
            } else {
                out.push(c);
            }
        }
    }
    if !changed {
        return Safe {
            text: Cow::Borrowed(text),
            escapes: Vec::new(),
        };
    }
    Safe {
        text: Cow::Owned(out),
        escapes,
    }
}

/// The visible form of an unsafe character.
pub fn escape(c: char) -> String {
    format!("⟨U+{:04X}⟩", c as u32)
}

/// Display width of `s` in terminal cells: the sum of its graphemes' widths, as
/// terminals and ratatui's buffer place them one grapheme at a time. (The width of the
/// whole string would count some pairs, like lam-alef, as one ligature cell, which a
/// terminal does not draw.)
pub fn width(s: &str) -> usize {
    s.graphemes(true).map(UnicodeWidthStr::width).sum()
}

/// Splits `text` (already sanitized, one paragraph) into lines of at most `max` cells,
/// breaking after spaces when it can and inside a word only when a word is too long.
/// Returns byte ranges into `text`, without the spaces at the breaks. A grapheme wider
/// than `max` gets a line of its own. Empty text gives no line.
pub fn wrap(text: &str, max: usize) -> Vec<Range<usize>> {
    wrap_keeping(text, max, &[])
}

/// [`wrap`], where the ranges `keep` (escapes) are also places to break before and
/// after, and are cut only when longer than a line.
pub fn wrap_keeping(text: &str, max: usize, keep: &[Range<usize>]) -> Vec<Range<usize>> {
    let max = max.max(1);
    let mut lines = Vec::new();
    // The line being filled: its byte range and its width in cells.
    let mut line: Option<(Range<usize>, usize)> = None;
    for word in words(text, keep) {
        let w = width(&text[word.clone()]);
        if w > max {
            // Too long for any line: it starts a line of its own and is cut in pieces.
            lines.extend(line.take().map(|(r, _)| r));
            let mut piece: Option<(Range<usize>, usize)> = None;
            for (i, g) in text[word.clone()].grapheme_indices(true) {
                let at = word.start + i;
                let gw = width(g);
                match &mut piece {
                    Some((r, used)) if *used + gw <= max => {
                        r.end = at + g.len();
                        *used += gw;
                    }
                    _ => {
                        lines.extend(piece.take().map(|(r, _)| r));
                        piece = Some((at..at + g.len(), gw));
                    }
                }
            }
            line = piece;
            continue;
        }
        match &mut line {
            Some((r, used)) => {
                let gap = width(&text[r.end..word.start]);
                if *used + gap + w <= max {
                    *used += gap + w;
                    r.end = word.end;
                } else {
                    lines.push(r.clone());
                    line = Some((word, w));
                }
            }
            None => line = Some((word, w)),
        }
    }
    lines.extend(line.map(|(r, _)| r));
    lines
}

/// Byte ranges of the runs of non-breaking characters in `text`, also split at the
/// edges of the `keep` ranges.
fn words(text: &str, keep: &[Range<usize>]) -> Vec<Range<usize>> {
    let breaks = |c: char| c.is_whitespace() && !matches!(c, '\u{A0}' | '\u{202F}' | '\u{2007}');
    let mut cuts: Vec<usize> = keep.iter().flat_map(|r| [r.start, r.end]).collect();
    cuts.sort_unstable();
    let mut cuts = cuts.into_iter().peekable();
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        let mut cut_here = false;
        while let Some(k) = cuts.next_if(|&k| k <= i) {
            cut_here |= k == i;
        }
        if cut_here && let Some(s) = start.take() {
            out.push(s..i);
        }
        match (breaks(c), start) {
            (true, Some(s)) => {
                out.push(s..i);
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// One grapheme as it is drawn: where it is in the text (to look up its style) and what
/// to draw (a bracket in a right-to-left run is drawn mirrored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glyph {
    /// Byte offset of the grapheme in the text.
    pub at: usize,
    /// What to draw.
    pub text: String,
}

/// The bidi analysis of one right-to-left paragraph (the Arabic column).
pub struct RtlParagraph<'a> {
    text: &'a str,
    info: ParagraphBidiInfo<'a>,
}

impl<'a> RtlParagraph<'a> {
    /// Analyses `text` (sanitized: one paragraph) with a right-to-left base direction.
    pub fn new(text: &'a str) -> RtlParagraph<'a> {
        RtlParagraph {
            text,
            info: ParagraphBidiInfo::new(text, Some(Level::rtl())),
        }
    }

    /// The graphemes of `line` (a range from [`wrap`]) in the order they are drawn from
    /// left to right.
    pub fn visual(&self, line: Range<usize>) -> Vec<Glyph> {
        if line.start >= line.end
            || line.end > self.text.len()
            || !self.text.is_char_boundary(line.start)
            || !self.text.is_char_boundary(line.end)
        {
            return Vec::new();
        }
        let (_, runs) = self.info.visual_runs(line.clone());
        let mut out = Vec::new();
        for run in runs {
            let rtl = self.info.levels.get(run.start).is_some_and(|l| l.is_rtl());
            let Some(slice) = self.text.get(run.clone()) else {
                continue;
            };
            let glyphs = slice.grapheme_indices(true).map(|(i, g)| Glyph {
                at: run.start + i,
                text: g.to_string(),
            });
            if rtl {
                let mut run_glyphs: Vec<Glyph> = glyphs.collect();
                run_glyphs.reverse();
                for g in &mut run_glyphs {
                    if let Some(m) = mirror(&g.text) {
                        g.text = m.to_string();
                    }
                }
                out.extend(run_glyphs);
            } else {
                out.extend(glyphs);
            }
        }
        out
    }
}

/// Graphemes of `line` in logical order, for terminals that reorder themselves.
pub fn logical(text: &str, line: Range<usize>) -> Vec<Glyph> {
    let Some(slice) = text.get(line.clone()) else {
        return Vec::new();
    };
    slice
        .grapheme_indices(true)
        .map(|(i, g)| Glyph {
            at: line.start + i,
            text: g.to_string(),
        })
        .collect()
}

/// The mirrored glyph of a paired bracket (Bidi_Mirroring_Glyph, the common ones).
fn mirror(g: &str) -> Option<char> {
    let mut chars = g.chars();
    let c = chars.next()?;
    if chars.next().is_some() {
        return None;
    }
    Some(match c {
        '(' => ')',
        ')' => '(',
        '[' => ']',
        ']' => '[',
        '{' => '}',
        '}' => '{',
        '<' => '>',
        '>' => '<',
        '«' => '»',
        '»' => '«',
        '‹' => '›',
        '›' => '‹',
        '⟨' => '⟩',
        '⟩' => '⟨',
        '﴾' => '﴿',
        '﴿' => '﴾',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(p: &RtlParagraph, line: Range<usize>) -> String {
        p.visual(line).into_iter().map(|g| g.text).collect()
    }

    #[test]
    fn bidi_controls_and_c0_are_escaped() {
        let s = sanitize("a\u{202E}b\u{1b}[31mc\u{2067}d\u{200F}\u{061C}\te\u{85}");
        assert_eq!(
            s.text,
            "a⟨U+202E⟩b⟨U+001B⟩[31mc⟨U+2067⟩d⟨U+200F⟩⟨U+061C⟩ e⟨U+0085⟩"
        );
        assert_eq!(s.escapes.len(), 6);
        assert_eq!(&s.text[s.escapes[0].clone()], "⟨U+202E⟩");
        assert!(!s.text.chars().any(is_unsafe));
    }

    #[test]
    fn marks_without_a_letter_are_escaped() {
        assert_eq!(sanitize("\u{301}a").text, "⟨U+0301⟩a");
        assert_eq!(sanitize("a \u{FE0F}1").text, "a ⟨U+FE0F⟩1");
        assert_eq!(sanitize("x\u{1b}\u{64E}").text, "x⟨U+001B⟩⟨U+064E⟩");
        assert_eq!(sanitize("😀\u{200D}").text, "😀⟨U+200D⟩");
        // Marks on letters, joiners between Arabic letters and emoji sequences stay.
        for ok in [
            "استُقبِل",
            "ب\u{200D}ت",
            "👩\u{200D}💻",
            "e\u{301}",
            "ب\u{200C}ت",
        ] {
            assert_eq!(sanitize(ok).text, ok);
            assert!(matches!(sanitize(ok).text, Cow::Borrowed(_)));
        }
    }

    #[test]
    fn clean_text_is_borrowed() {
        assert!(matches!(sanitize("مرحبا bonjour").text, Cow::Borrowed(_)));
    }

    #[test]
    fn wrap_breaks_at_spaces_and_inside_long_words() {
        let t = "aaa bbb ccc dddddddddd e";
        let lines: Vec<&str> = wrap(t, 7).into_iter().map(|r| &t[r]).collect();
        assert_eq!(lines, ["aaa bbb", "ccc", "ddddddd", "ddd e"]);
        for r in wrap(t, 7) {
            assert!(width(&t[r]) <= 7);
        }
        assert!(wrap("", 5).is_empty());
        assert!(wrap("   ", 5).is_empty());
    }

    #[test]
    fn lam_alef_counts_two_cells() {
        // A terminal draws lam and alef in a cell each, whatever the font joins.
        assert_eq!(width("لا"), 2);
        assert_eq!(width("الإلكترونية"), 11);
    }

    #[test]
    fn escapes_are_not_cut_across_lines() {
        let safe = sanitize("abcdef\u{202E}ghij");
        let t = safe.text.as_ref();
        let lines: Vec<&str> = wrap_keeping(t, 12, &safe.escapes)
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(lines, ["abcdef", "⟨U+202E⟩ghij"]);
        // Joined back without gaps where there was no space.
        let lines: Vec<&str> = wrap_keeping(t, 40, &safe.escapes)
            .into_iter()
            .map(|r| &t[r])
            .collect();
        assert_eq!(lines, [t]);
    }

    #[test]
    fn wrap_counts_cells_not_bytes() {
        // Arabic letters are one cell each but two bytes; wide CJK is two cells.
        let t = "مرحبا بكم";
        assert_eq!(wrap(t, 9).len(), 1);
        let lines: Vec<&str> = wrap("漢字漢字", 3)
            .into_iter()
            .map(|r| &"漢字漢字"[r])
            .collect();
        assert_eq!(lines, ["漢", "字", "漢", "字"]);
        // Width 1 column with a wide grapheme: one per line, no endless loop.
        assert_eq!(wrap("漢字", 1).len(), 2);
    }

    #[test]
    fn arabic_is_reversed_and_numbers_keep_their_order() {
        let t = "قطر 2022";
        let p = RtlParagraph::new(t);
        // Drawn left to right: the number first (it ends the sentence, on the left),
        // then the word reversed.
        assert_eq!(joined(&p, 0..t.len()), "2022 رطق");
    }

    #[test]
    fn brackets_are_mirrored_in_rtl_runs() {
        let t = "(ميليبول قطر)";
        let p = RtlParagraph::new(t);
        let v = joined(&p, 0..t.len());
        assert!(v.starts_with('(') && v.ends_with(')'), "{v}");
    }

    #[test]
    fn combining_marks_stay_on_their_letter() {
        // استُقبِل: damma and kasra must follow their base letter after reversal.
        let t = "استُقبِل";
        let p = RtlParagraph::new(t);
        let glyphs = p.visual(0..t.len());
        assert!(glyphs.iter().any(|g| g.text == "تُ"));
        assert!(glyphs.iter().any(|g| g.text == "بِ"));
        let w: usize = glyphs.iter().map(|g| width(&g.text)).sum();
        assert_eq!(w, 6);
    }

    #[test]
    fn latin_in_rtl_paragraph_stays_readable() {
        let t = "مدير DGSN العام";
        let p = RtlParagraph::new(t);
        let v = joined(&p, 0..t.len());
        assert!(v.contains("DGSN"), "{v}");
        assert!(v.starts_with("ماعلا"), "{v}");
    }

    #[test]
    fn reordering_never_panics_on_odd_text() {
        let samples = [
            "",
            " ",
            "\u{0301}",
            "a\u{0301}",
            "(((",
            "١٢٣ ((abc)) «نص» [x] 3.5% -4",
            "ب\u{200D}\u{200C}ت",
            "⟨U+202E⟩مرحبا",
        ];
        for s in samples {
            let safe = sanitize(s);
            let p = RtlParagraph::new(&safe.text);
            for r in wrap(&safe.text, 3) {
                let _ = p.visual(r.clone());
                let _ = logical(&safe.text, r);
            }
            assert!(p.visual(0..safe.text.len() + 5).is_empty());
        }
    }
}
