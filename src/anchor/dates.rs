//! Dates (day, month, year) and weekdays in French and Arabic.
//!
//! Recognized, over a simple word/number/punctuation token stream:
//! - `[weekday] [day] month [year]` in both languages (`mercredi 25 mai 2022`,
//!   `1er janvier`, `الأربعاء 25 ماي`, `في 25 مايو 2022`, `كانون الثاني 2020`), with the
//!   Maghreb, Mashriq, Algerian/Tunisian and Levantine month names of
//!   `data/anchor/months.tsv`, a one-letter clitic on the month (`وماي`, `بمايو`) and
//!   doubled names (`أيار/مايو`);
//! - numeric dates `27/05/2022`, `27-05-2022`, `27.05.2022`, `2022-05-27`;
//! - weekdays alone. French weekdays always count. Arabic weekday words count when they
//!   are next to a date or after `يوم`; standalone, the article forms count (in news
//!   الثلاثاء، الأربعاء، الخميس، السبت، الجمعة name the day), except that الاثنين ("the
//!   two") and الأحد ("the one") do not count next to a blocking word (بين الاثنين,
//!   الأحد عشر; `data/anchor/weekday_blockers.txt`); bare forms (أحد، جمعة) count only
//!   after يوم. See `data/anchor/weekdays.tsv`.
//! - a month alone gives a mention with only `month`, except the names flagged ambiguous
//!   in the table (`mars`, `sept`, `مارس`, `ماي` as in Theresa May, `آب`, `نيسان`), which
//!   need a day or a year next to them. An Arabic month alone also needs a context word
//!   before it (في، شهر، منذ...; `data/anchor/month_context.txt`) or after it (الماضي):
//!   translators also write Theresa May as مايو.
//!
//! A year is a four-digit number 1900–2100 right after a month (a year alone is only a
//! number anchor).

use crate::Lang;
use crate::text::data_lines;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;
use std::sync::LazyLock;
use unicode_normalization::UnicodeNormalization;

/// A date or part of one found in a sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DateMention {
    /// Year, when written.
    pub year: Option<i32>,
    /// Month 1–12, when written.
    pub month: Option<u8>,
    /// Day of month, when written.
    pub day: Option<u8>,
    /// Weekday 1 (Monday) – 7 (Sunday), when written.
    pub weekday: Option<u8>,
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

impl DateMention {
    /// Keys that two mentions of the same date share, for indexing and matching, one per
    /// granularity present: `d:2022-05-25` (day, month, year), `md:05-25`, `ym:2022-05`,
    /// `m:05`, `y:2022` (only with a month), `wd:3`.
    pub fn keys(&self) -> Vec<String> {
        let mut k = Vec::new();
        if let (Some(y), Some(m), Some(d)) = (self.year, self.month, self.day) {
            k.push(format!("d:{y:04}-{m:02}-{d:02}"));
        }
        if let (Some(m), Some(d)) = (self.month, self.day) {
            k.push(format!("md:{m:02}-{d:02}"));
        }
        if let (Some(y), Some(m)) = (self.year, self.month) {
            k.push(format!("ym:{y:04}-{m:02}"));
            k.push(format!("y:{y:04}"));
        }
        if let Some(m) = self.month {
            k.push(format!("m:{m:02}"));
        }
        if let Some(w) = self.weekday {
            k.push(format!("wd:{w}"));
        }
        k
    }
}

/// Folds a word for table lookup: lowercase, marks removed after canonical decomposition
/// (French accents; Arabic harakat, and the hamza/madda of أ إ آ ؤ ئ), ى → ي, ٱ → ا,
/// tatweel dropped.
pub(crate) fn fold(word: &str) -> String {
    fold_cow(word).into_owned()
}

/// [`fold`], borrowing the word when it folds to itself (most Arabic words, and
/// lowercase ASCII ones): no new string.
pub(crate) fn fold_cow(word: &str) -> Cow<'_, str> {
    // Fast paths with the same result, for most words: ASCII only needs lowercasing,
    // and the Arabic letters without a decomposition, case or mapping fold to
    // themselves.
    if word.is_ascii() {
        return match word.bytes().any(|b| b.is_ascii_uppercase()) {
            true => Cow::Owned(word.to_ascii_lowercase()),
            false => Cow::Borrowed(word),
        };
    }
    let plain_arabic = |c: char| matches!(c, '\u{0621}' | '\u{0627}'..='\u{063A}' | '\u{0641}'..='\u{0648}' | '\u{064A}');
    if word.chars().all(plain_arabic) {
        return Cow::Borrowed(word);
    }
    Cow::Owned(full_fold(word))
}

/// [`fold`] without its fast paths.
fn full_fold(word: &str) -> String {
    word.nfd()
        .filter(|c| !is_mark(*c) && *c != '\u{0640}')
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            'ى' => 'ي',
            'ٱ' => 'ا',
            _ => c,
        })
        .collect()
}

/// Combining marks (Unicode Mn in the ranges news text uses).
pub(crate) fn is_mark(c: char) -> bool {
    matches!(c,
        '\u{0300}'..='\u{036F}'
        | '\u{0610}'..='\u{061A}'
        | '\u{064B}'..='\u{065F}'
        | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}'
        | '\u{1AB0}'..='\u{1AFF}'
        | '\u{1DC0}'..='\u{1DFF}'
        | '\u{20D0}'..='\u{20FF}'
        | '\u{FE20}'..='\u{FE2F}')
}

/// Month forms (folded, possibly two words) → (month, ambiguous).
static MONTHS: LazyLock<FxHashMap<String, (u8, bool)>> = LazyLock::new(|| {
    data_lines(include_str!("../../data/anchor/months.tsv"))
        .filter_map(|f| {
            let m: u8 = f.get(1)?.parse().ok()?;
            Some((fold(f[0]), (m, f.get(2) == Some(&"amb"))))
        })
        .collect()
});

/// The first words of the two-word months (كانون الثاني), folded.
static MONTH_FIRST_WORDS: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut firsts: Vec<String> = MONTHS
        .keys()
        .filter_map(|k| k.split_once(' ').map(|(first, _)| first.to_string()))
        .collect();
    firsts.sort_unstable();
    firsts.dedup();
    firsts
});

/// How freely a weekday word counts (see the module doc).
#[derive(Clone, Copy, PartialEq, Debug)]
enum WdFlag {
    Free,
    Ctx,
    AfterYawm,
}

/// Weekday forms (folded) → (weekday, flag).
static WEEKDAYS: LazyLock<FxHashMap<String, (u8, WdFlag)>> = LazyLock::new(|| {
    data_lines(include_str!("../../data/anchor/weekdays.tsv"))
        .filter_map(|f| {
            let d: u8 = f.get(1)?.parse().ok()?;
            let flag = match f.get(2) {
                Some(&"free") => WdFlag::Free,
                Some(&"ctx") => WdFlag::Ctx,
                _ => WdFlag::AfterYawm,
            };
            Some((fold(f[0]), (d, flag)))
        })
        .collect()
});

/// True when `form` is a weekday word of the table as it stands (`الاثنين`, `lundi`).
pub(crate) fn is_weekday_form(form: &str) -> bool {
    WEEKDAYS.contains_key(&fold(form))
}

/// Words after an Arabic weekday that show it names a day.
static WD_CONTEXT: LazyLock<Vec<String>> = LazyLock::new(|| {
    data_lines(include_str!("../../data/anchor/weekday_context.txt"))
        .map(|f| fold(f[0]))
        .collect()
});

/// Words before a lone Arabic month that show it is the month (في مايو).
static MONTH_CONTEXT: LazyLock<Vec<String>> = LazyLock::new(|| {
    data_lines(include_str!("../../data/anchor/month_context.txt"))
        .map(|f| fold(f[0]))
        .collect()
});

/// (position, word) pairs that show an ambiguous weekday word is not a day.
static BLOCKERS: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    data_lines(include_str!("../../data/anchor/weekday_blockers.txt"))
        .filter(|f| f.len() >= 2)
        .map(|f| (f[0].to_string(), fold(f[1])))
        .collect()
});

/// Whether `w`, or `w` without a one-letter proclitic, is in `set`.
fn lookup_set(set: &[String], w: &str) -> bool {
    if set.iter().any(|s| s == w) {
        return true;
    }
    let mut cs = w.chars();
    cs.next()
        .is_some_and(|c| AR_CLITICS.contains(&c) && set.iter().any(|s| s == cs.as_str()))
}

/// Arabic one-letter proclitics that may sit on a month or weekday word.
const AR_CLITICS: &[char] = &['و', 'ف', 'ب', 'ل', 'ك'];

/// Forms of "day" (يوم) with clitics, folded.
const YAWM: &[&str] = &["يوم", "ويوم", "بيوم", "ليوم", "فيوم", "اليوم"];

#[derive(Debug, Clone, PartialEq)]
enum Tok<'t> {
    /// A word, folded (borrowed from the text when folding leaves it as is).
    Word(Cow<'t, str>),
    /// A run of digits: value (saturated), digit count.
    Num(u32, usize),
    /// Any other visible character.
    Punct(char),
}

#[derive(Debug, Clone)]
struct Token<'t> {
    tok: Tok<'t>,
    start: usize,
    end: usize,
}

fn tokenize(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((s, c)) = it.next() {
        if c.is_whitespace() || c.is_control() {
            continue;
        }
        if let Some(d) = super::numbers::digit_value(c) {
            let (mut v, mut n, mut e) = (u32::from(d), 1usize, s + c.len_utf8());
            while let Some(&(i, c2)) = it.peek() {
                let Some(d2) = super::numbers::digit_value(c2) else {
                    break;
                };
                v = v.saturating_mul(10).saturating_add(u32::from(d2));
                n += 1;
                e = i + c2.len_utf8();
                it.next();
            }
            out.push(Token {
                tok: Tok::Num(v, n),
                start: s,
                end: e,
            });
        } else if crate::text::is_alphabetic(c) {
            let e = word_end(&mut it, s, c);
            out.push(Token {
                tok: Tok::Word(fold_cow(&text[s..e])),
                start: s,
                end: e,
            });
        } else if !is_mark(c) {
            out.push(Token {
                tok: Tok::Punct(c),
                start: s,
                end: s + c.len_utf8(),
            });
        }
    }
    out
}

/// A date written with digits only.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct NumericDate {
    pub start: usize,
    pub end: usize,
    pub day: u8,
    pub month: u8,
    pub year: i32,
    /// Byte range and value of the year.
    pub year_span: Option<(usize, usize, i32)>,
}

/// Numeric dates at token `i`: d/m/y (or d-m-y, d.m.y) and y-m-d, with no spaces.
fn numeric_at(t: &[Token], i: usize) -> Option<NumericDate> {
    let w = t.get(i..i + 5)?;
    let (Tok::Num(a, na), Tok::Punct(s1), Tok::Num(b, nb), Tok::Punct(s2), Tok::Num(c, nc)) =
        (&w[0].tok, &w[1].tok, &w[2].tok, &w[3].tok, &w[4].tok)
    else {
        return None;
    };
    if s1 != s2 || !matches!(s1, '/' | '-' | '.') || w.windows(2).any(|p| p[0].end != p[1].start) {
        return None;
    }
    // Not part of a longer run ("1.2.3.4", "27/05/2022/1").
    if t.get(i + 5)
        .is_some_and(|n| n.start == w[4].end && n.tok == Tok::Punct(*s1))
    {
        return None;
    }
    let (day, month, year, ytok) = if *na == 4 && *nb <= 2 && *nc <= 2 {
        (*c, *b, *a, 0)
    } else if *na <= 2 && *nb <= 2 && (*nc == 4 || *nc == 2) {
        let y = if *nc == 2 {
            if *c < 50 { 2000 + *c } else { 1900 + *c }
        } else {
            *c
        };
        (*a, *b, y, 4)
    } else {
        return None;
    };
    if !(1..=31).contains(&day) || !(1..=12).contains(&month) || !(1000..=2999).contains(&year) {
        return None;
    }
    Some(NumericDate {
        start: w[0].start,
        end: w[4].end,
        day: day as u8,
        month: month as u8,
        year: year as i32,
        year_span: Some((w[ytok].start, w[ytok].end, year as i32)),
    })
}

/// Where the word starting with `c` at `s` ends: letters and the marks on them,
/// read off `it` (which is left after the word).
fn word_end(it: &mut std::iter::Peekable<std::str::CharIndices<'_>>, s: usize, c: char) -> usize {
    let mut e = s + c.len_utf8();
    while let Some(&(i, c2)) = it.peek() {
        if !(crate::text::is_alphabetic(c2) || is_mark(c2)) {
            break;
        }
        e = i + c2.len_utf8();
        it.next();
    }
    e
}

/// True when `text` has a digit, a date separator and a digit in a row, as every
/// numeric date does ([`numeric_at`] wants its tokens touching): most sentences have
/// none, and are not tokenized for dates then.
fn may_hold_numeric_date(text: &str) -> bool {
    let digit = |c: char| super::numbers::digit_value(c).is_some();
    let (mut before, mut last) = (' ', ' ');
    text.chars().any(|c| {
        let found = digit(before) && matches!(last, '/' | '-' | '.') && digit(c);
        (before, last) = (last, c);
        found
    })
}

/// The month and weekday words, and the first words of the two-word months, folded:
/// every date that is not numeric has one of them, or one after a one-letter
/// clitic (see [`may_hold_date`]).
static DATE_WORDS: LazyLock<FxHashSet<String>> = LazyLock::new(|| {
    MONTHS
        .keys()
        .chain(WEEKDAYS.keys())
        .chain(MONTH_FIRST_WORDS.iter())
        .cloned()
        .collect()
});

/// False when `text` can hold no date: no digits in a numeric date's pattern and no
/// word of [`DATE_WORDS`] (with or without a clitic), which every other mention
/// needs: its month ([`month_at`]: the word or the first of two words) or its
/// weekday. The words are read as [`tokenize`] reads them, without making tokens.
fn may_hold_date(text: &str) -> bool {
    if may_hold_numeric_date(text) {
        return true;
    }
    let mut it = text.char_indices().peekable();
    while let Some((s, c)) = it.next() {
        // As in `tokenize`: digits first (never letters), then letters with marks.
        if super::numbers::digit_value(c).is_some() || !crate::text::is_alphabetic(c) {
            continue;
        }
        let e = word_end(&mut it, s, c);
        let word = fold_cow(&text[s..e]);
        if DATE_WORDS.contains(word.as_ref()) {
            return true;
        }
        let mut cs = word.chars();
        if cs
            .next()
            .is_some_and(|c| AR_CLITICS.contains(&c) && DATE_WORDS.contains(cs.as_str()))
        {
            return true;
        }
    }
    false
}

/// The numeric dates of `text` (used by [`super::numbers`] to report only their year).
pub(crate) fn numeric_dates(text: &str) -> Vec<NumericDate> {
    if !may_hold_numeric_date(text) {
        return Vec::new();
    }
    let t = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if let Some(d) = numeric_at(&t, i) {
            out.push(d);
            i += 5;
        } else {
            i += 1;
        }
    }
    out
}

fn word<'a>(t: &'a [Token<'_>], i: usize) -> Option<&'a str> {
    match &t.get(i)?.tok {
        Tok::Word(w) => Some(w),
        _ => None,
    }
}

/// Looks a word up in `table`, then (Arabic) without a one-letter clitic.
fn lookup<V: Copy>(table: &FxHashMap<String, V>, w: &str) -> Option<V> {
    if let Some(v) = table.get(w) {
        return Some(*v);
    }
    let mut cs = w.chars();
    let first = cs.next()?;
    if AR_CLITICS.contains(&first) && w.chars().count() > 3 {
        return table.get(cs.as_str()).copied();
    }
    None
}

/// A month at token `i` (one or two words): (month, ambiguous, tokens used).
fn month_at(t: &[Token], i: usize) -> Option<(u8, bool, usize)> {
    let w0 = word(t, i)?;
    // Two words are joined (a new string) only when the first can begin a
    // two-word month, with or without a clitic ([`lookup`] strips one).
    let opens = |w: &str| MONTH_FIRST_WORDS.iter().any(|f| f == w);
    let mut cs = w0.chars();
    let can_open = opens(w0)
        || cs
            .next()
            .is_some_and(|c| AR_CLITICS.contains(&c) && opens(cs.as_str()));
    if can_open && let Some(w1) = word(t, i + 1) {
        let two = format!("{w0} {w1}");
        if let Some((m, a)) = lookup(&MONTHS, &two) {
            return Some((m, a, 2));
        }
    }
    lookup(&MONTHS, w0).map(|(m, a)| (m, a, 1))
}

fn day_at(t: &[Token], i: usize) -> Option<u8> {
    match t.get(i)?.tok {
        Tok::Num(v, n) if n <= 2 && (1..=31).contains(&v) => Some(v as u8),
        _ => None,
    }
}

fn year_at(t: &[Token], i: usize) -> Option<i32> {
    match t.get(i)?.tok {
        Tok::Num(v, 4) if (1900..=2100).contains(&v) => Some(v as i32),
        _ => None,
    }
}

/// Tries to read a date or weekday starting at token `i`; returns it and the next token.
fn date_at(t: &[Token], i: usize, lang: Lang) -> Option<(DateMention, usize)> {
    if let Some(d) = numeric_at(t, i) {
        let m = DateMention {
            year: Some(d.year),
            month: Some(d.month),
            day: Some(d.day),
            weekday: None,
            start: d.start,
            end: d.end,
        };
        return Some((m, i + 5));
    }
    let mut j = i;
    let yawm = word(t, j).is_some_and(|w| YAWM.contains(&w));
    if yawm {
        j += 1;
    }
    let mut weekday = None;
    if let Some((wd, flag)) = word(t, j).and_then(|w| lookup(&WEEKDAYS, w)) {
        weekday = Some((wd, flag, j));
        j += 1;
        if matches!(t.get(j).map(|x| &x.tok), Some(Tok::Punct(',' | '،'))) && day_or_month(t, j + 1)
        {
            j += 1;
        }
    }
    let after_weekday = j;
    // French "1er": the day number followed by a glued ordinal suffix.
    let mut day = None;
    if let Some(d) = day_at(t, j) {
        let mut k = j + 1;
        if lang == Lang::Fr && word(t, k).is_some_and(|w| w == "er") && t[k].start == t[j].end {
            k += 1;
        }
        if month_at(t, k).is_some() {
            day = Some(d);
            j = k;
        }
    }
    let mut month = None;
    if let Some((m, amb, n)) = month_at(t, j) {
        let mut k = j + n;
        // Doubled names: أيار/مايو, مايو (أيار).
        if let Some(Tok::Punct('/' | '(' | '-')) = t.get(k).map(|x| &x.tok)
            && let Some((m2, _, n2)) = month_at(t, k + 1)
            && m2 == m
        {
            k += 1 + n2;
            if let Some(Tok::Punct(')')) = t.get(k).map(|x| &x.tok) {
                k += 1;
            }
        }
        let year = year_at(t, k);
        let alone = day.is_none() && year.is_none();
        let context = weekday.is_some()
            || j.checked_sub(1)
                .and_then(|p| word(t, p))
                .is_some_and(|w| lookup_set(&MONTH_CONTEXT, w))
            || word(t, k).is_some_and(|w| WD_CONTEXT.iter().any(|c| c == w));
        if !alone || (!amb && (lang == Lang::Fr || context)) {
            month = Some((m, year));
            j = k + usize::from(year.is_some());
        }
    }
    if month.is_none() {
        // A weekday alone.
        let (wd, flag, wi) = weekday?;
        let ok = match (lang, flag) {
            (Lang::Fr, _) => true,
            (_, _) if yawm => true,
            (Lang::Ar, WdFlag::Free) => true,
            (Lang::Ar, WdFlag::Ctx) => {
                let before = wi.checked_sub(1).and_then(|p| word(t, p));
                let after = word(t, wi + 1);
                !before.is_some_and(|w| BLOCKERS.contains(&("before".to_string(), w.to_string())))
                    && !after
                        .is_some_and(|w| BLOCKERS.contains(&("after".to_string(), w.to_string())))
            }
            (Lang::Ar, WdFlag::AfterYawm) => false,
        };
        if !ok {
            return None;
        }
        let m = DateMention {
            weekday: Some(wd),
            start: t[i].start,
            end: t[wi].end,
            ..Default::default()
        };
        return Some((m, wi + 1));
    }
    let (m, year) = month?;
    let m = DateMention {
        year,
        month: Some(m),
        day,
        weekday: weekday.map(|w| w.0),
        start: t[if weekday.is_some() || day.is_some() {
            i
        } else {
            after_weekday
        }]
        .start,
        end: t[j - 1].end,
    };
    Some((m, j))
}

fn day_or_month(t: &[Token], i: usize) -> bool {
    day_at(t, i).is_some() || month_at(t, i).is_some()
}

/// Finds dates and weekdays in `text`.
pub fn extract(text: &str, lang: Lang) -> Vec<DateMention> {
    if !may_hold_date(text) {
        return Vec::new();
    }
    read_dates(text, lang)
}

/// [`extract`] without the check that the text may hold a date.
fn read_dates(text: &str, lang: Lang) -> Vec<DateMention> {
    let t = tokenize(text);
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        match date_at(&t, i, lang) {
            Some((m, next)) => {
                out.push(m);
                i = next.max(i + 1);
            }
            None => i += 1,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_fast_paths_agree_with_the_full_fold() {
        let words = [
            "mai",
            "Mai",
            "JANVIER",
            "2022",
            "été",
            "Février",
            "مايو",
            "أيار",
            "الأول",
            "إبريل",
            "يَوم",
            "ـيوم",
            "ى",
            "ٱلاثنين",
            "سبتمبر",
            "œuvre",
            "ÉTÉ",
        ];
        for w in words {
            let fast = fold_cow(w);
            assert_eq!(fast, full_fold(w), "{w}");
        }
        // The common words are borrowed, not copied.
        for w in ["mai", "2022", "مايو", "سبتمبر"] {
            assert!(matches!(fold_cow(w), Cow::Borrowed(_)), "{w}");
        }
    }

    #[test]
    fn months_are_read_as_when_every_pair_of_words_was_looked_up() {
        // The reading without the filter on first words.
        let joined = |t: &[Token], i: usize| -> Option<(u8, bool, usize)> {
            let w0 = word(t, i)?;
            if let Some(w1) = word(t, i + 1)
                && let Some((m, a)) = lookup(&MONTHS, &format!("{w0} {w1}"))
            {
                return Some((m, a, 2));
            }
            lookup(&MONTHS, w0).map(|(m, a)| (m, a, 1))
        };
        let text = "في 3 كانون الثاني 2020 ووكانون الاول وتشرين الأول بتشرين الثاني \
                    كانون 2021 تشرين و كانون الأول le 5 janvier 2022 في مايو وأيار";
        let t = tokenize(text);
        assert!(!MONTH_FIRST_WORDS.is_empty());
        let mut twos = 0;
        for i in 0..t.len() {
            assert_eq!(month_at(&t, i), joined(&t, i), "token {i}");
            twos += usize::from(matches!(month_at(&t, i), Some((_, _, 2))));
        }
        assert!(twos >= 4, "{twos}");
    }

    #[test]
    fn texts_told_without_dates_have_none() {
        // Every table form, alone, with a clitic, a day, a year, a context word.
        let forms = MONTHS.keys().chain(WEEKDAYS.keys());
        let mut texts: Vec<String> = forms
            .flat_map(|f| {
                [
                    f.clone(),
                    format!("و{f}"),
                    format!("في {f} 2020"),
                    format!("يوم {f}"),
                    format!("le 3 {f} 2020"),
                    format!("1er {f}"),
                    format!("{} 2020", f.to_uppercase()),
                ]
            })
            .collect();
        texts.extend(
            [
                "27/05/2022",
                "2022-05-27",
                "٢٧.٠٥.٢٠٢٢",
                "le 1.2.3",
                "كانون الثاني 2020",
            ]
            .map(String::from),
        );
        texts.extend(["Il a 27 ans.", "قال إن 3 - 4 منهم", ""].map(String::from));
        for t in &texts {
            for lang in [Lang::Ar, Lang::Fr] {
                if !read_dates(t, lang).is_empty() {
                    assert!(may_hold_date(t), "{t}");
                }
            }
            if !may_hold_numeric_date(t) {
                assert!(numeric_dates_unchecked(t).is_empty(), "{t}");
            }
        }
        assert!(!may_hold_date("Il a 27 ans, dit-il."));
    }

    /// The numeric dates of `text`, read without the pre-check.
    fn numeric_dates_unchecked(text: &str) -> Vec<NumericDate> {
        let t = tokenize(text);
        (0..t.len()).filter_map(|i| numeric_at(&t, i)).collect()
    }

    fn one(t: &str, l: Lang) -> DateMention {
        let v = extract(t, l);
        assert_eq!(v.len(), 1, "{t}: {v:?}");
        v.into_iter().next().unwrap()
    }

    #[test]
    fn french() {
        let m = one("reçu, mercredi 25 mai 2022, le patron", Lang::Fr);
        assert_eq!(
            (m.weekday, m.day, m.month, m.year),
            (Some(3), Some(25), Some(5), Some(2022))
        );
        let m = one("Le 27/05/2022 à 17h53", Lang::Fr);
        assert_eq!((m.day, m.month, m.year), (Some(27), Some(5), Some(2022)));
        let m = one("le 1er janvier", Lang::Fr);
        assert_eq!((m.day, m.month), (Some(1), Some(1)));
        assert!(extract("la planète Mars", Lang::Fr).is_empty());
    }

    #[test]
    fn arabic() {
        let m = one(
            "ليتم استقبال عبد اللطيف حموشي يوم 24 ماي 2022 من طرف",
            Lang::Ar,
        );
        assert_eq!((m.day, m.month, m.year), (Some(24), Some(5), Some(2022)));
        let m = one("في 14 تشرين الثاني 2019", Lang::Ar);
        assert_eq!((m.day, m.month, m.year), (Some(14), Some(11), Some(2019)));
        let m = one("الأربعاء الماضي كل من", Lang::Ar);
        assert_eq!(m.weekday, Some(3));
        assert!(extract("تيريزا ماي", Lang::Ar).is_empty());
        assert!(extract("بين الاثنين", Lang::Ar).is_empty());
        assert!(extract("السيدة مايو", Lang::Ar).is_empty());
        assert_eq!(one("في مايو", Lang::Ar).month, Some(5));
        assert!(extract("il y a sept ans", Lang::Fr).is_empty());
        let m = one("في أيار/مايو 2020", Lang::Ar);
        assert_eq!((m.month, m.year), (Some(5), Some(2020)));
    }

    #[test]
    fn shared_keys() {
        let fr = one("mercredi 25 mai 2022", Lang::Fr).keys();
        let ar = one("الأربعاء 25 ماي", Lang::Ar).keys();
        assert!(ar.iter().all(|k| fr.contains(k)), "{fr:?} {ar:?}");
        assert!(ar.contains(&"md:05-25".to_string()) && ar.contains(&"wd:3".to_string()));
    }
}
