//! Numbers written with digits, in any of the digit systems and separators news use.
//!
//! What is extracted, and how it is canonicalized:
//! - digits: ASCII, Arabic-Indic (٠–٩) and Extended Arabic-Indic (۰–۹) are all read;
//!   the canonical `value` uses ASCII digits, `.` as decimal mark and no grouping, with
//!   leading zeros of the integer part and trailing zeros of the fraction dropped
//!   (`05` → `5`, `1,50` → `1.5`).
//! - separators: `٫` is always a decimal mark and `٬` always grouping; spaces (no-break,
//!   narrow no-break, thin, and in French plain spaces) group thousands when every group
//!   after the first has exactly three digits. When both `.` and `,` occur, the last one
//!   is the decimal mark. A single `.` or `,` followed by exactly three digits is ambiguous:
//!   French reads `3.250` as 3250 and `1,500` as 1.5; Arabic (Maghreb press follows the
//!   French `6.000`, translated wire copy the English `350,000`) reads both as grouping.
//!   The other reading is kept in `alt`. Any other single `.`/`,` is a decimal mark.
//! - a number followed by a scale word (`1,5 million`, `1.5 مليون`, `3 آلاف`) keeps its
//!   written value in `value` and gets the product in `scaled`;
//! - `%`, `٪`, `pour cent`, `بالمئة`... set `percent` (in Arabic the sign may also come
//!   first: `%30`); French ordinal suffixes (`1er`,
//!   `21e`, `2ème`) set `ordinal`; both are included in the byte range.
//! - an Arabic hour followed by مساءً ("pm") gets the 24-hour reading in `alt`
//!   (`3 مساءً` ~ `15 h`);
//! - numeric dates (`27/05/2022`, `2022-05-27`): only the year is reported as a number;
//!   the whole date is a [`super::dates`] mention. Day and month alone are weak evidence
//!   and would pair with any small number.
//!
//! Extraction is one left-to-right pass; every digit is read at most twice.

use crate::Lang;
use std::sync::LazyLock;

/// A number found in a sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NumberMention {
    /// Canonical value: ASCII digits, `.` as decimal mark, no grouping ("6000", "1.5").
    pub value: String,
    /// Byte range in the text it was found in.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// The other reading of an ambiguous separator (Arabic `1.500`: value "1500", alt
    /// "1.5"; French `1,500`: value "1.5", alt "1500").
    pub alt: Option<String>,
    /// The value times a following scale word (`1,5 million` → "1500000").
    pub scaled: Option<String>,
    /// Followed by `%`, `٪`, `pour cent`, `بالمئة`...
    pub percent: bool,
    /// Written as a French ordinal (`1er`, `21e`).
    pub ordinal: bool,
}

impl NumberMention {
    /// Every canonical value the mention may stand for (value, then alt and scaled), so
    /// that `1,5 million` matches both `1.5 مليون` and `1500000`.
    pub fn values(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.value.as_str())
            .chain(self.alt.as_deref())
            .chain(self.scaled.as_deref())
    }

    /// Whether `self` and `other` may denote the same number. A reading through `alt`
    /// counts as well; the scorer may weigh [`Self::value`] equality higher.
    pub fn matches(&self, other: &NumberMention) -> bool {
        self.values().any(|a| other.values().any(|b| a == b))
    }
}

/// The numeric value of a digit in any of the three digit systems.
pub(crate) fn digit_value(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '\u{0660}'..='\u{0669}' => Some((c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => Some((c as u32 - 0x06F0) as u8),
        _ => None,
    }
}

/// Scale words (data/anchor/number_scales.tsv), normalized, with their power of ten.
static SCALES: LazyLock<Vec<(String, u32)>> = LazyLock::new(|| {
    let mut v: Vec<(String, u32)> = include_str!("../../data/anchor/number_scales.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut f = l.split('\t');
            let w = super::dates::fold(f.next()?.trim());
            let p = f.next()?.trim().parse().ok()?;
            Some((w, p))
        })
        .collect();
    v.sort_by_key(|(w, _)| std::cmp::Reverse(w.chars().count()));
    v
});

/// Percent words (data/anchor/percent_words.txt), normalized, longest first.
static PERCENT_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut v: Vec<String> = include_str!("../../data/anchor/percent_words.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| super::dates::fold(l.trim()))
        .collect();
    v.sort_by_key(|w| std::cmp::Reverse(w.chars().count()));
    v
});

/// True when `words`, as written, is one of the percent words (`pour cent`, `بالمئة`).
pub(crate) fn is_percent_phrase(words: &str) -> bool {
    let folded = super::dates::fold(words);
    PERCENT_WORDS.contains(&folded)
}

/// French ordinal suffixes written right after the digits, longest first.
const ORDINAL_SUFFIXES: &[&str] = &[
    "ᵉʳ", "ème", "eme", "ère", "ᵉ", "er", "re", "nd", "nde", "e", "è",
];

/// A separator between two digit groups.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Sep {
    Dot,
    Comma,
    /// ٫ — always decimal.
    ArDecimal,
    /// ٬ or a space — always grouping.
    Group,
}

fn separator(c: char, lang: Lang) -> Option<Sep> {
    match c {
        '.' => Some(Sep::Dot),
        ',' => Some(Sep::Comma),
        '\u{066B}' => Some(Sep::ArDecimal),
        '\u{066C}' | '\u{00A0}' | '\u{202F}' | '\u{2009}' => Some(Sep::Group),
        ' ' if lang == Lang::Fr => Some(Sep::Group),
        _ => None,
    }
}

/// Finds the numbers in `text`.
pub fn extract(text: &str, lang: Lang) -> Vec<NumberMention> {
    // Every mention starts at a digit: most sentences have none.
    if !text.chars().any(|c| digit_value(c).is_some()) {
        return Vec::new();
    }
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let dates = super::dates::numeric_dates(text);
    let mut out = Vec::new();
    let mut next_date = 0;
    let mut i = 0;
    while i < chars.len() {
        if digit_value(chars[i].1).is_none() {
            i += 1;
            continue;
        }
        // Inside a numeric date: keep only its year. Dates are in text order, so one
        // cursor walks them (no search per digit).
        while next_date < dates.len() && dates[next_date].end <= chars[i].0 {
            next_date += 1;
        }
        if let Some(d) = dates.get(next_date).filter(|d| d.start <= chars[i].0) {
            if let Some((ys, ye, y)) = d.year_span {
                out.push(NumberMention {
                    value: y.to_string(),
                    start: ys,
                    end: ye,
                    ..Default::default()
                });
            }
            while i < chars.len() && chars[i].0 < d.end {
                i += 1;
            }
            continue;
        }
        let (groups, seps, next) = read_groups(&chars, i, lang);
        let mut mentions = interpret(&chars, &groups, &seps, lang);
        let mut end_idx = next;
        if let Some(last) = mentions.last_mut() {
            end_idx = decorate(text, &chars, end_idx, last, lang);
        }
        // Arabic text also has the sign first in logical order (%30, ٪30).
        if lang == Lang::Ar
            && i > 0
            && matches!(chars[i - 1].1, '%' | '\u{066A}')
            && let Some(first) = mentions.first_mut()
            && !first.percent
        {
            first.percent = true;
            first.start = chars[i - 1].0;
        }
        out.extend(mentions);
        i = end_idx.max(i + 1);
    }
    out
}

/// Reads digit groups joined by separators from char index `i`. Returns the groups as
/// (first char index, end char index), the separators between them, and the char index
/// after the last group taken.
fn read_groups(
    chars: &[(usize, char)],
    mut i: usize,
    lang: Lang,
) -> (Vec<(usize, usize)>, Vec<Sep>, usize) {
    let run = |mut j: usize| {
        while j < chars.len() && digit_value(chars[j].1).is_some() {
            j += 1;
        }
        j
    };
    let mut groups = Vec::new();
    let mut seps = Vec::new();
    let e = run(i);
    groups.push((i, e));
    i = e;
    while i + 1 < chars.len() {
        let Some(sep) = separator(chars[i].1, lang) else {
            break;
        };
        if digit_value(chars[i + 1].1).is_none() {
            break;
        }
        let e = run(i + 1);
        let len = e - (i + 1);
        if sep == Sep::Group {
            // Spaces group thousands only between a 1–3 digit head and 3-digit groups.
            let head_ok = groups.len() > 1 || groups[0].1 - groups[0].0 <= 3;
            let prev_group = seps.iter().all(|s| *s == Sep::Group);
            if len != 3 || !head_ok || !prev_group {
                break;
            }
        }
        seps.push(sep);
        groups.push((i + 1, e));
        i = e;
    }
    (groups, seps, i)
}

fn digits(chars: &[(usize, char)], (s, e): (usize, usize)) -> String {
    chars[s..e]
        .iter()
        .filter_map(|(_, c)| digit_value(*c))
        .map(|d| char::from(b'0' + d))
        .collect()
}

/// Builds the canonical form of an integer part and a fraction.
fn canonical(int: &str, frac: &str) -> String {
    let int = int.trim_start_matches('0');
    let frac = frac.trim_end_matches('0');
    let mut s = if int.is_empty() {
        "0".to_string()
    } else {
        int.to_string()
    };
    if !frac.is_empty() {
        s.push('.');
        s.push_str(frac);
    }
    s
}

/// Turns digit groups and their separators into one or more mentions.
fn interpret(
    chars: &[(usize, char)],
    groups: &[(usize, usize)],
    seps: &[Sep],
    lang: Lang,
) -> Vec<NumberMention> {
    let g: Vec<String> = groups.iter().map(|&r| digits(chars, r)).collect();
    let byte_end = |ci: usize| chars.get(ci).map_or_else(|| last_end(chars), |c| c.0);
    let whole = |value: String, alt: Option<String>| NumberMention {
        value,
        start: chars[groups[0].0].0,
        end: byte_end(groups[groups.len() - 1].1),
        alt,
        ..Default::default()
    };
    if seps.is_empty() {
        return vec![whole(canonical(&g[0], ""), None)];
    }
    let n = seps.len();
    let has_dot = seps.contains(&Sep::Dot);
    let has_comma = seps.contains(&Sep::Comma);
    // Which separator index is the decimal mark, if any.
    let mut decimal: Option<usize> = None;
    let mut alt_decimal = false;
    let last = seps[n - 1];
    if let Some(p) = seps.iter().position(|s| *s == Sep::ArDecimal) {
        decimal = Some(p);
    } else if has_dot && has_comma {
        decimal = Some(n - 1);
    } else if has_dot || has_comma {
        let count = seps
            .iter()
            .filter(|s| matches!(s, Sep::Dot | Sep::Comma))
            .count();
        if count == 1 && matches!(last, Sep::Dot | Sep::Comma) {
            let after = &g[n];
            let grouped_before = n > 1; // spaces before: "1 000,5"
            if after.len() != 3 || grouped_before || g[0].len() > 3 {
                decimal = Some(n - 1);
            } else {
                // Exactly three digits after a single mark: ambiguous.
                let grouping = !matches!((lang, last), (Lang::Fr, Sep::Comma));
                if !grouping {
                    decimal = Some(n - 1);
                }
                alt_decimal = true;
            }
        }
    }
    // Every grouping separator must be followed by exactly three digits, the head by
    // one to three digits, and the decimal mark (if any) must come last.
    let valid = decimal.is_none_or(|d| d == n - 1)
        && (0..n)
            .filter(|&k| Some(k) != decimal)
            .all(|k| g[k + 1].len() == 3)
        && (decimal == Some(0) || g[0].len() <= 3 || n == 0);
    if !valid {
        // "1.2.3", "27.05.2022": separate numbers.
        return groups
            .iter()
            .zip(&g)
            .map(|(&(s, e), d)| NumberMention {
                value: canonical(d, ""),
                start: chars[s].0,
                end: byte_end(e),
                ..Default::default()
            })
            .collect();
    }
    let (value, other) = match decimal {
        Some(d) => {
            let int: String = g[..=d].concat();
            let v = canonical(&int, &g[d + 1]);
            let all: String = g.concat();
            (v, canonical(&all, ""))
        }
        None => {
            let all: String = g.concat();
            let int: String = g[..n].concat();
            (canonical(&all, ""), canonical(&int, &g[n]))
        }
    };
    let alt = (alt_decimal && other != value).then_some(other);
    vec![whole(value, alt)]
}

fn last_end(chars: &[(usize, char)]) -> usize {
    chars.last().map_or(0, |(b, c)| b + c.len_utf8())
}

/// Looks after a number for an ordinal suffix, a scale word and a percent sign; fills
/// the mention's flags and extends its range. Returns the char index to resume at.
fn decorate(
    text: &str,
    chars: &[(usize, char)],
    mut ci: usize,
    m: &mut NumberMention,
    lang: Lang,
) -> usize {
    let byte_at = |ci: usize| chars.get(ci).map_or(text.len(), |c| c.0);
    // Ordinal suffix glued to the digits, then a word boundary.
    if lang == Lang::Fr {
        let rest = &text[byte_at(ci)..];
        for suf in ORDINAL_SUFFIXES {
            if let Some(after) = rest.strip_prefix(suf)
                && !after.chars().next().is_some_and(char::is_alphanumeric)
            {
                m.ordinal = true;
                ci += suf.chars().count();
                m.end = byte_at(ci);
                return ci;
            }
        }
    }
    // Skip spaces (at most a few) to the next word.
    let skip_spaces = |mut j: usize| {
        let mut n = 0;
        while j < chars.len() && chars[j].1.is_whitespace() && n < 3 {
            j += 1;
            n += 1;
        }
        j
    };
    let j = skip_spaces(ci);
    // Scale word.
    if let Some((len_chars, power)) = word_at(text, chars, j, &SCALES) {
        m.scaled = Some(scale(m.value.as_str(), power));
        ci = j + len_chars;
        m.end = byte_at(ci);
    }
    // Arabic clock times: "3 مساءً" is the French "15 h" (the hour is kept as `alt`).
    if lang == Lang::Ar
        && m.alt.is_none()
        && let Ok(h @ 1..=11) = m.value.parse::<u8>()
    {
        let j = skip_spaces(ci);
        let start = chars.get(j).map_or(text.len(), |c| c.0);
        let next: String = text[start..]
            .chars()
            .take_while(|c| c.is_alphabetic())
            .collect();
        if super::dates::fold(&next).starts_with("مساء") {
            m.alt = Some((h + 12).to_string());
        }
    }
    // Percent sign or words.
    let j = skip_spaces(ci);
    if j < chars.len() && matches!(chars[j].1, '%' | '\u{066A}') {
        m.percent = true;
        ci = j + 1;
        m.end = byte_at(ci);
    } else {
        if let Some(len_chars) = phrase_at(text, chars, j, &PERCENT_WORDS) {
            m.percent = true;
            ci = j + len_chars;
            m.end = byte_at(ci);
        }
    }
    ci
}

/// If a word of `table` starts at char index `j` (and ends at a word boundary), its
/// length in chars and its value.
fn word_at(
    text: &str,
    chars: &[(usize, char)],
    j: usize,
    table: &[(String, u32)],
) -> Option<(usize, u32)> {
    let start = chars.get(j)?.0;
    let mut k = j;
    while k < chars.len() && chars[k].1.is_alphabetic() && k - j < 20 {
        k += 1;
    }
    if k == j {
        return None;
    }
    let end = chars.get(k).map_or(text.len(), |c| c.0);
    let word = super::dates::fold(&text[start..end]);
    table
        .iter()
        .find(|(w, _)| *w == word)
        .map(|(_, p)| (k - j, *p))
}

/// If a phrase of `table` starts at char index `j`, its length in chars.
fn phrase_at(text: &str, chars: &[(usize, char)], j: usize, table: &[String]) -> Option<usize> {
    let start = chars.get(j)?.0;
    // Phrases are short: look at most 16 chars ahead, up to a word boundary.
    for len in (1..=16.min(chars.len() - j)).rev() {
        let k = j + len;
        if chars.get(k).is_some_and(|c| c.1.is_alphabetic()) {
            continue;
        }
        let end = chars.get(k).map_or(text.len(), |c| c.0);
        let folded = super::dates::fold(&text[start..end]);
        if table.contains(&folded) {
            return Some(len);
        }
    }
    None
}

/// Multiplies a canonical value by 10^power by moving the decimal point.
fn scale(value: &str, power: u32) -> String {
    let (int, frac) = value.split_once('.').unwrap_or((value, ""));
    let p = power as usize;
    let mut digits = String::from(int);
    if frac.len() >= p {
        digits.push_str(&frac[..p]);
        canonical(&digits, &frac[p..])
    } else {
        digits.push_str(frac);
        digits.extend(std::iter::repeat_n('0', p - frac.len()));
        canonical(&digits, "")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vals(t: &str, l: Lang) -> Vec<String> {
        extract(t, l).into_iter().map(|m| m.value).collect()
    }

    #[test]
    fn digit_systems() {
        assert_eq!(vals("٢٠٢٢ و ۲۰۲۲ و 2022", Lang::Ar), ["2022"; 3]);
    }

    #[test]
    fn separators() {
        assert_eq!(
            vals("1,5 et 6 000 et 6\u{a0}000 et 6\u{202f}000", Lang::Fr),
            ["1.5", "6000", "6000", "6000"]
        );
        assert_eq!(vals("3.250", Lang::Fr), ["3250"]);
        assert_eq!(
            vals("1.5 و 76.000 و 350,000", Lang::Ar),
            ["1.5", "76000", "350000"]
        );
        assert_eq!(vals("٣٫٥ و ١٬٠٠٠", Lang::Ar), ["3.5", "1000"]);
        assert_eq!(vals("1.234.567,89", Lang::Fr), ["1234567.89"]);
        assert_eq!(vals("en 2019 300 personnes", Lang::Fr), ["2019", "300"]);
    }

    #[test]
    fn scale_words_and_flags() {
        let m = &extract("1,5 million de dollars", Lang::Fr)[0];
        assert_eq!(m.value, "1.5");
        assert_eq!(m.scaled.as_deref(), Some("1500000"));
        let m = &extract("1.5 مليون دولار", Lang::Ar)[0];
        assert_eq!(m.scaled.as_deref(), Some("1500000"));
        let m = &extract("hausse de 30 %", Lang::Fr)[0];
        assert!(m.percent);
        assert!(extract("30٪", Lang::Ar)[0].percent);
        assert!(extract("بنسبة %30", Lang::Ar)[0].percent);
        assert!(extract("30 بالمئة", Lang::Ar)[0].percent);
        assert_eq!(
            extract("الساعة 3 مساءً", Lang::Ar)[0].alt.as_deref(),
            Some("15")
        );
        let m = &extract("le 1er janvier et le 21e siècle", Lang::Fr);
        assert!(m[0].ordinal && m[1].ordinal);
        assert_eq!(m[1].value, "21");
    }

    #[test]
    fn numeric_dates_give_the_year() {
        assert_eq!(
            vals("Le 27/05/2022 à 17h53", Lang::Fr),
            ["2022", "17", "53"]
        );
    }
}
