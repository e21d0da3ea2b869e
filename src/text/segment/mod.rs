//! Sentence segmentation with byte offsets into the original text.
//!
//! The text is cut into lines first: a line break always ends a sentence, so
//! headlines, datelines (`Le 27/05/2022 à 17h53`), bylines and photo credits stand
//! alone. Each line is then cut into whitespace-separated chunks, and every gap
//! between two chunks is a candidate boundary decided by the language's [`Rules`]:
//! after terminal punctuation (`.` `!` `?` `؟` `…`, looking through closing quotes
//! and brackets, so `« ... . »` ends after the `»`), or, without punctuation, where a
//! sentence evidently starts (a headline run into its first paragraph).
//!
//! Own rules rather than the `sentencex` crate (0.1.33, tried on the same data):
//! on the NTREX dev segmentation set sentencex scores boundary F1 0.821 (Arabic)
//! and 0.850 (French) against 0.960 and 0.966 for these rules (`tests/segmentation.rs`).
//! It has no notion of a headline run into the text, splits Arabic on `...` and
//! French after `M.` (`M. ‖ Dupont`), and pulls in `regex`; here the rules are a few hundred lines with their word lists
//! as data under `data/segment/`, and a line break always wins.

mod arabic;
mod french;

use crate::Lang;
use crate::text::normalize::normalize;
use std::collections::HashSet;

/// A sentence's byte range in the text it was cut from; trimmed, never empty.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    /// Byte offset of the first character.
    pub start: usize,
    /// Byte offset just past the last character.
    pub end: usize,
}

/// Splits `text` into sentences following the rules of `lang`.
///
/// Every character that is not whitespace (nor a BOM or zero-width space) lies in
/// exactly one span; spans are in text order, trimmed, never empty. A leading
/// byte-order mark is skipped and CRLF, CR, NEL and the Unicode line and paragraph
/// separators all count as line breaks.
pub fn segment(text: &str, lang: Lang) -> Vec<Span> {
    let rules: &dyn Rules = match lang {
        Lang::Ar => &arabic::Arabic,
        Lang::Fr => &french::French,
    };
    let mut out = Vec::new();
    let mut chunks = Vec::new();
    for (index, (start, end)) in lines(text).enumerate() {
        split_line(text, start, end, index == 0, rules, &mut chunks, &mut out);
    }
    out
}

/// One sentence per non-empty line (`--split lines`), trimmed.
pub fn split_lines(text: &str) -> Vec<Span> {
    lines(text)
        .map(|(start, end)| Span { start, end })
        .collect()
}

/// True for characters trimmed from sentence edges: whitespace and the BOM.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{FEFF}' || c == '\u{200B}'
}

/// True for characters that end a line.
fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The trimmed, non-empty lines of `text` as byte ranges.
fn lines(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let breaks = text
        .char_indices()
        .filter(|&(_, c)| is_line_break(c))
        .map(|(i, c)| (i, i + c.len_utf8()));
    let mut line_start = 0;
    breaks
        .chain(std::iter::once((text.len(), text.len())))
        .filter_map(move |(end, next_start)| {
            let line = &text[line_start..end];
            let base = line_start;
            line_start = next_start;
            let trimmed = line.trim_start_matches(is_space);
            let start = base + (line.len() - trimmed.len());
            let trimmed = trimmed.trim_end_matches(is_space);
            (!trimmed.is_empty()).then_some((start, start + trimmed.len()))
        })
}

/// A whitespace-separated piece of a line, with its byte range in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Chunk<'a> {
    /// The piece itself.
    pub text: &'a str,
    /// Byte offset in the whole text.
    pub start: usize,
    /// Byte offset just past it.
    pub end: usize,
}

/// What a language's rules see at a gap between two chunks of a line.
pub(crate) struct Gap<'a, 'c> {
    /// The chunks of the sentence so far, the last one right before the gap.
    pub sentence: &'c [Chunk<'a>],
    /// The chunks after the gap up to the end of the line; never empty.
    pub rest: &'c [Chunk<'a>],
    /// The terminal punctuation ending the sentence so far (`.`, `?!`, `...`), looking
    /// through closing quotes and brackets; empty when there is none.
    pub terminal: &'a str,
    /// The word carrying the terminal punctuation, without it, without quotes or
    /// brackets around it (`M` for `M.`, `U.S.A` for `U.S.A.`); empty if the
    /// punctuation stands apart or is missing.
    pub word: &'a str,
    /// True when the sentence so far starts the text: the headline position, where
    /// a title may run into the first paragraph without punctuation.
    pub opens_text: bool,
}

/// A language's decisions at candidate boundaries.
pub(crate) trait Rules {
    /// Whether the sentence ends at a gap that follows terminal punctuation.
    fn ends_after_punctuation(&self, gap: &Gap) -> bool;
    /// Whether a new sentence starts at a gap with no terminal punctuation before it.
    fn starts_without_punctuation(&self, gap: &Gap) -> bool;
}

/// Closing quotes and brackets, looked through when finding terminal punctuation.
pub(crate) fn is_closer(c: char) -> bool {
    matches!(
        c,
        '»' | '”' | '"' | '’' | '\'' | ')' | ']' | '}' | '›' | '“' | '\u{201F}'
    )
}

/// Opening quotes and brackets, skipped to find the first word of a chunk.
pub(crate) fn is_opener(c: char) -> bool {
    matches!(
        c,
        '«' | '“' | '"' | '‘' | '\'' | '(' | '[' | '{' | '‹' | '„' | '”'
    )
}

/// True for sentence-ending punctuation.
pub(crate) fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '؟' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '۔' | '。'
    )
}

/// Characters that, starting the next chunk, mean the sentence goes on: closing
/// quotes, French-spaced `:` `;` `?` `!`, commas, percent and the like.
fn continues_sentence(c: char) -> bool {
    is_closer(c) && c != '"' && c != '\''
        || matches!(
            c,
            ',' | ';' | ':' | '?' | '!' | '؟' | '،' | '؛' | '%' | '٪' | '.' | '…'
        )
}

/// The first word of `chunks`, skipping opening quotes and brackets (also a lone
/// `«` chunk): its text and whether an opening quote preceded it.
pub(crate) fn first_word<'a>(chunks: &[Chunk<'a>]) -> Option<(&'a str, bool)> {
    let mut quoted = false;
    for chunk in chunks.iter().take(2) {
        let word = chunk.text.trim_start_matches(is_opener);
        quoted |= word.len() < chunk.text.len();
        if !word.is_empty() {
            return Some((word, quoted));
        }
    }
    None
}

/// A word without surrounding quotes, brackets and trailing punctuation.
pub(crate) fn core(word: &str) -> &str {
    word.trim_start_matches(is_opener)
        .trim_end_matches(|c: char| is_closer(c) || c.is_ascii_punctuation() || c == '،')
}

/// The terminal punctuation at the end of `text` (looking through closers and
/// spaces) and the word right before it.
fn terminal_and_word(text: &str) -> (&str, &str) {
    let body = text.trim_end_matches(|c: char| is_closer(c) || is_space(c));
    let before = body.trim_end_matches(is_terminal);
    let terminal = &body[before.len()..];
    if terminal.is_empty() || before.ends_with(is_space) {
        return (terminal, "");
    }
    let word_start = before.rfind(is_space).map_or(0, |i| {
        i + before[i..].chars().next().map_or(1, char::len_utf8)
    });
    let word = before[word_start..]
        .trim_start_matches(is_opener)
        .trim_end_matches(is_closer);
    (terminal, word)
}

/// Cuts the line `text[start..end]` into sentences, appending them to `out`;
/// `first_line` tells whether it is the text's first (where a headline may be).
fn split_line<'a>(
    text: &'a str,
    start: usize,
    end: usize,
    first_line: bool,
    rules: &dyn Rules,
    chunks: &mut Vec<Chunk<'a>>,
    out: &mut Vec<Span>,
) {
    chunks.clear();
    let line = &text[start..end];
    let mut pos = 0;
    for piece in line.split(is_space) {
        if !piece.is_empty() {
            chunks.push(Chunk {
                text: piece,
                start: start + pos,
                end: start + pos + piece.len(),
            });
        }
        pos += piece.len()
            + line[pos + piece.len()..]
                .chars()
                .next()
                .map_or(0, char::len_utf8);
    }
    let mut first = 0;
    for i in 0..chunks.len().saturating_sub(1) {
        let next = chunks[i + 1].text;
        if next.starts_with(continues_sentence) {
            continue;
        }
        let sentence = &chunks[first..=i];
        let (terminal, word) = terminal_and_word(&text[sentence[0].start..chunks[i].end]);
        let gap = Gap {
            sentence,
            rest: &chunks[i + 1..],
            terminal,
            word,
            opens_text: first == 0 && first_line,
        };
        let ends = if terminal.is_empty() {
            rules.starts_without_punctuation(&gap)
        } else {
            rules.ends_after_punctuation(&gap)
        };
        if ends {
            out.push(Span {
                start: chunks[first].start,
                end: chunks[i].end,
            });
            first = i + 1;
        }
    }
    if let (Some(a), Some(b)) = (chunks.get(first), chunks.last()) {
        out.push(Span {
            start: a.start,
            end: b.end,
        });
    }
}

/// What a period after a Latin-script word means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Abbreviation {
    /// Not an abbreviation: the period may end the sentence.
    No,
    /// A title or reference abbreviation (`M.`, `Dr.`, `art.`) or an initial (`J.`):
    /// the sentence goes on.
    Never,
    /// An abbreviation that may close a sentence (`etc.`): it does when a capital follows.
    MayEnd,
    /// Letters with dots (`U.S.A.`, `p.ex.`): ends a sentence only before a clear
    /// sentence opener.
    Dotted,
}

/// Latin-script abbreviations: (never ending a sentence, possibly ending one).
static LATIN_ABBREVIATIONS: std::sync::LazyLock<(HashSet<&str>, HashSet<&str>)> =
    std::sync::LazyLock::new(|| parse_list(include_str!("../../../data/segment/latin_abbrev.txt")));

/// Classifies a Latin-script `word` written before a period (without that period).
pub(crate) fn latin_abbreviation(word: &str) -> Abbreviation {
    let (never, may_end) = &*LATIN_ABBREVIATIONS;
    if never.contains(word) {
        return Abbreviation::Never;
    }
    if may_end.contains(word) {
        return Abbreviation::MayEnd;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next())
        && c.is_uppercase()
    {
        return Abbreviation::Never;
    }
    let dotted = word.contains('.')
        && word.split(['.', '-']).all(|part| {
            !part.is_empty() && part.chars().count() <= 2 && part.chars().all(char::is_alphabetic)
        });
    if dotted {
        return Abbreviation::Dotted;
    }
    Abbreviation::No
}

/// True for a list marker: the period follows a short number opening the line.
pub(crate) fn is_list_marker(gap: &Gap) -> bool {
    gap.sentence.len() == 1
        && !gap.word.is_empty()
        && gap.word.len() <= 3
        && gap.word.bytes().all(|b| b.is_ascii_digit())
}

/// True when the terminal punctuation is an ellipsis (`...`, `..`, `…`) and not `?`/`!`.
pub(crate) fn is_ellipsis(terminal: &str) -> bool {
    !terminal.contains(['!', '?', '؟']) && (terminal.contains('…') || terminal.contains(".."))
}

/// True when the sentence so far ends with a closing quote and the next chunk
/// opens one: two quotations in a row without punctuation are two sentences whose
/// period was left out (`... "محفز" "إنهم ...`, `... » « ...`).
pub(crate) fn quote_follows_quote(gap: &Gap) -> bool {
    let closes = gap.sentence.last().is_some_and(|c| {
        c.text.ends_with(is_quote) && (c.text.chars().count() > 1 || matches!(c.text, "»" | "”"))
    });
    let opens = gap.rest.first().is_some_and(|c| {
        c.text.starts_with(is_quote) && !c.text.ends_with(is_quote) || c.text == "«"
    });
    closes && opens
}

/// Quotation marks of either direction (ASCII `"` is both).
pub(crate) fn is_quote(c: char) -> bool {
    matches!(c, '"' | '«' | '»' | '“' | '”' | '„')
}

/// True when the next words repeat the first two words of the sentence so far: a
/// lede restating its headline (`رجل يتعرض لإطلاق النار ... رجل يتعرض ...`).
pub(crate) fn repeats_sentence_start(gap: &Gap, lang: Lang) -> bool {
    const REPEATED: usize = 2;
    const MIN_BEFORE: usize = 4;
    if gap.sentence.len() < MIN_BEFORE || gap.rest.len() < REPEATED {
        return false;
    }
    gap.sentence[..REPEATED]
        .iter()
        .zip(&gap.rest[..REPEATED])
        .all(|(a, b)| {
            let (a, b) = (core(a.text), core(b.text));
            !a.is_empty() && normalize(a, lang) == normalize(b, lang)
        })
}

/// A cheap necessary condition for [`repeats_sentence_start`]: the next word and
/// the sentence's first word begin with the same letter once folded.
pub(crate) fn may_repeat_sentence_start(gap: &Gap) -> bool {
    let first_letter = |c: &Chunk| {
        core(c.text)
            .chars()
            .next()
            .map(|l| crate::text::normalize::arabic::fold(l).unwrap_or(l))
            .map(|l| l.to_lowercase().next().unwrap_or(l))
    };
    match (gap.sentence.first(), gap.rest.first()) {
        (Some(a), Some(b)) => gap.sentence.len() >= 4 && first_letter(a) == first_letter(b),
        _ => false,
    }
}

/// Most words a headline may have: the headline rules look no further into the
/// text's first sentence, which also bounds their cost.
pub(crate) const MAX_HEADLINE_WORDS: usize = 40;

/// True at a gap inside the text's opening words (the headline position), where a
/// headline may run into the first paragraph without punctuation.
pub(crate) fn in_headline(gap: &Gap) -> bool {
    gap.opens_text && gap.sentence.len() <= MAX_HEADLINE_WORDS
}

/// A word list from a data file: one entry per line, `#` comments, blank lines
/// ignored; entries starting with `*` go to the second set.
pub(crate) fn parse_list(data: &'static str) -> (HashSet<&'static str>, HashSet<&'static str>) {
    let mut plain = HashSet::new();
    let mut starred = HashSet::new();
    for line in data.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.strip_prefix('*') {
            Some(entry) => starred.insert(entry),
            None => plain.insert(line),
        };
    }
    (plain, starred)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, lang: Lang) -> Vec<&str> {
        segment(text, lang)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn lines_handle_crlf_bom_and_blank_lines() {
        let text = "\u{FEFF}Titre\r\n\r\n  Corps du texte. \r\nFin";
        assert_eq!(texts(text, Lang::Fr), ["Titre", "Corps du texte.", "Fin"]);
        let spans = split_lines(text);
        assert_eq!(spans.len(), 3);
        assert_eq!(&text[spans[0].start..spans[0].end], "Titre");
    }

    #[test]
    fn unicode_line_separators_end_sentences() {
        let text = "un\u{2028}deux\u{85}trois\rquatre";
        assert_eq!(texts(text, Lang::Fr), ["un", "deux", "trois", "quatre"]);
    }

    #[test]
    fn terminal_and_word_look_through_closers() {
        assert_eq!(terminal_and_word("il a dit « oui . »"), (".", ""));
        assert_eq!(terminal_and_word("il a dit « oui. »"), (".", "oui"));
        assert_eq!(terminal_and_word("(voir M.)"), (".", "M"));
        assert_eq!(terminal_and_word("Quoi ?!"), ("?!", ""));
        assert_eq!(terminal_and_word("pas de fin"), ("", ""));
    }

    #[test]
    fn spans_cover_every_non_space_character() {
        let text = "Le 3. Il dit : « Non ! » Puis… rien. M. Dupont arrive.\nعاد. ثم ذهب؟ نعم";
        for lang in [Lang::Fr, Lang::Ar] {
            let spans = segment(text, lang);
            let mut covered = vec![false; text.len()];
            for s in &spans {
                assert!(s.start < s.end, "empty span");
                let t = &text[s.start..s.end];
                assert_eq!(t, t.trim(), "untrimmed span");
                covered[s.start..s.end].iter_mut().for_each(|c| *c = true);
            }
            for (i, c) in text.char_indices() {
                assert!(c.is_whitespace() || covered[i], "{c:?} at {i} not covered");
            }
        }
    }

    #[test]
    fn weird_input_never_panics_and_keeps_invariants() {
        let long = "mot ".repeat(20_000) + "fin.";
        let weird = [
            "",
            "   \n\r\n\t",
            "\u{FEFF}",
            "\u{0301}\u{064E}",
            "...!!!???",
            "« » “ ” ( )",
            ". . .",
            "\u{202E}abc\u{202C} مرحبا. hello. عالم؟ world",
            "\u{0000}\u{0007}x.\u{001B} Y",
            "a.\u{85}b",
            long.as_str(),
        ];
        for text in weird {
            for lang in [Lang::Ar, Lang::Fr] {
                for s in segment(text, lang) {
                    assert!(s.start < s.end && s.end <= text.len());
                    let t = &text[s.start..s.end];
                    assert!(!t.trim().is_empty());
                }
                let _ = split_lines(text);
            }
        }
    }
}
