//! Word tokenization: word spans of the original text with their normalized form.
//!
//! A token is a run of letters, digits and combining marks. Decisions, all made so
//! that tokens line up with what the other language writes as one word:
//! - Arabic words keep their attached clitics (`والحكومة` is one token); stemming,
//!   elsewhere, strips them.
//! - French elisions are split and the elided word kept as its own token:
//!   `l’État` → `l’` + `État` (norms `l'`, `etat`), `qu’il` → `qu’` + `il`. Keeping
//!   `l'` lets callers drop or use it; other apostrophes stay inside the word
//!   (`aujourd’hui`, `Sainsbury’s`).
//! - Hyphenated words stay whole (`Al-Khulaifi`, `Royaume-Uni`, `a-t-il`, `1-0`):
//!   a hyphenated name is one name, written as one word in Arabic (`الخليفي`).
//! - Numbers stay whole across `.` `,` `/` `:` between digits (`1,5`, `3.250`,
//!   `27/05/2022`, `5:30`) and across a no-break or thin space before a group of
//!   three digits (`6 000` typeset with U+00A0 or U+202F); a plain space splits,
//!   since `en 2013 450 personnes` is two numbers.
//! - An Arabic word never goes on past `ة` or `ى`: both letters only end a word
//!   (before a suffix they become `ت` and `ا`), so a letter after them is a space the
//!   writer left out (`للشهادةبتأكيد` → `للشهادة` + `بتأكيد`). Likewise `إ` only
//!   starts a word, after its clitics at most (`فريقإيبروكس` → `فريق` + `إيبروكس`).
//! - Punctuation and symbols are not tokens.

use crate::Lang;
use crate::text::normalize::normalize;

/// One word of a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Token {
    /// Byte offset of the word in the original text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// The word normalized for matching (see [`normalize`]).
    pub norm: String,
}

/// French words written elided before a vowel, without their apostrophe.
const FRENCH_ELISIONS: &[&str] = &[
    "l", "d", "j", "m", "n", "s", "t", "c", "qu", "lorsqu", "puisqu", "jusqu", "quoiqu", "presqu",
];

/// Splits `text` into words (see the module docs for what a word is).
pub fn tokenize(text: &str, lang: Lang) -> Vec<Token> {
    let mut out = Vec::new();
    tokenize_into(text, lang, &mut out);
    out
}

/// [`tokenize`] into `out` (cleared first), for callers that tokenize sentence after
/// sentence: the list is not grown again for each one.
pub fn tokenize_into(text: &str, lang: Lang, out: &mut Vec<Token>) {
    out.clear();
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if is_word_char(c) || (start.is_some() && is_mark(c)) {
            if lang == Lang::Ar
                && c == 'إ'
                && let Some(s) = start
                && !is_clitic_run(&text[s..i])
            {
                push(out, text, s, i, lang);
                start = None;
            }
            let s = *start.get_or_insert(i);
            // The word-final letter may carry a mark (`الحكومةُبتأكيد`).
            let ends_word = || {
                ends_arabic_word(c)
                    || (is_mark(c)
                        && text[s..i]
                            .chars()
                            .rev()
                            .find(|&p| !is_mark(p))
                            .is_some_and(ends_arabic_word))
            };
            if lang == Lang::Ar && next_is_arabic_letter(&mut chars) && ends_word() {
                push(out, text, s, i + c.len_utf8(), lang);
                start = None;
            }
            continue;
        }
        let Some(s) = start else {
            continue;
        };
        let next = chars.peek().map(|&(_, n)| n);
        let prev = text[..i].chars().next_back();
        let after = i + c.len_utf8();
        let joins = match (prev, next) {
            (Some(p), Some(n)) if is_word_char(n) => {
                if is_apostrophe(c) {
                    if lang == Lang::Fr && is_elision(&text[s..i]) {
                        push(out, text, s, after, lang);
                        start = None;
                        continue;
                    }
                    true
                } else if is_hyphen(c) {
                    true
                } else if matches!(c, '.' | ',' | '/' | ':' | '\u{066B}' | '\u{066C}') {
                    p.is_numeric() && n.is_numeric()
                } else if matches!(c, '\u{00A0}' | '\u{202F}' | '\u{2009}') {
                    p.is_numeric() && starts_digit_group(&text[after..])
                } else {
                    false
                }
            }
            _ => false,
        };
        if !joins {
            push(out, text, s, i, lang);
            start = None;
        }
    }
    if let Some(s) = start {
        push(out, text, s, text.len(), lang);
    }
}

/// Appends the token `text[start..end]` with its normalized form.
fn push(out: &mut Vec<Token>, text: &str, start: usize, end: usize, lang: Lang) {
    out.push(Token {
        start,
        end,
        norm: normalize(&text[start..end], lang),
    });
}

/// Letters (with tatweel) and digits of any script.
fn is_word_char(c: char) -> bool {
    crate::text::is_alphanumeric(c)
}

/// Combining marks that belong to the word before them: Arabic tashkeel, Latin
/// combining accents, and the zero-width (non-)joiners.
fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        | '\u{06D6}'..='\u{06ED}' | '\u{200C}' | '\u{200D}')
}

/// Letters that are written only at the end of an Arabic word: ta marbuta and alef
/// maqsura.
fn ends_arabic_word(c: char) -> bool {
    matches!(c, 'ة' | 'ى')
}

/// True for what may stand before `إ` inside one word: clitics only (`و ف ب ك ل س`
/// and the article, as in `وبالإضافة`, `لإعادة`). `إ` only starts a word, so after
/// anything else it starts the next one (`فريقإيبروكس`).
fn is_clitic_run(before: &str) -> bool {
    let mut letters = before.chars().filter(|&c| !is_mark(c) && c != '\u{0640}');
    letters.clone().count() <= 4
        && letters.all(|c| matches!(c, 'و' | 'ف' | 'ب' | 'ك' | 'ل' | 'س' | 'ا'))
}

/// True when the next character is an Arabic letter (not a mark, digit or space).
fn next_is_arabic_letter(chars: &mut std::iter::Peekable<std::str::CharIndices<'_>>) -> bool {
    chars
        .peek()
        .is_some_and(|&(_, n)| crate::ingest::is_arabic_letter(n) && n != '\u{0640}')
}

/// Apostrophes that may join or elide words.
fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

/// Hyphens that join compound words and names.
fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}')
}

/// True for a French elided word (`l`, `qu`, `L`), case-insensitively.
fn is_elision(word: &str) -> bool {
    FRENCH_ELISIONS
        .iter()
        .any(|e| e.len() == word.len() && e.eq_ignore_ascii_case(word))
}

/// True when `rest` starts with exactly three digits (a thousands group).
fn starts_digit_group(rest: &str) -> bool {
    let mut chars = rest.chars();
    let digits = chars.by_ref().take(3).filter(|c| c.is_numeric()).count();
    digits == 3 && !chars.next().is_some_and(char::is_numeric)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str, lang: Lang) -> Vec<&str> {
        tokenize(text, lang)
            .into_iter()
            .map(|t| &text[t.start..t.end])
            .collect()
    }

    fn norms(text: &str, lang: Lang) -> Vec<String> {
        tokenize(text, lang).into_iter().map(|t| t.norm).collect()
    }

    #[test]
    fn french_elisions_split_and_keep_the_article() {
        assert_eq!(
            words("l’État d'un qu’il aujourd’hui", Lang::Fr),
            ["l’", "État", "d'", "un", "qu’", "il", "aujourd’hui"]
        );
        assert_eq!(norms("L’État", Lang::Fr), ["l'", "etat"]);
    }

    #[test]
    fn hyphenated_names_and_numbers_stay_whole() {
        assert_eq!(
            words("Saad Al-Khulaifi, Royaume-Uni : 1-0 !", Lang::Fr),
            ["Saad", "Al-Khulaifi", "Royaume-Uni", "1-0"]
        );
        assert_eq!(
            words(
                "Le 27/05/2022 à 17h53, 1,5 million, 3.250 et 6\u{202F}000 ; en 2013 450.",
                Lang::Fr
            ),
            [
                "Le",
                "27/05/2022",
                "à",
                "17h53",
                "1,5",
                "million",
                "3.250",
                "et",
                "6\u{202F}000",
                "en",
                "2013",
                "450"
            ]
        );
    }

    #[test]
    fn arabic_words_keep_clitics_and_marks() {
        assert_eq!(
            words("وقالَ الحكومةُ، في 2022: «نعم».", Lang::Ar),
            ["وقالَ", "الحكومةُ", "في", "2022", "نعم"]
        );
        assert_eq!(
            norms("وقالَ الحكومةُ ٢٠٢٢", Lang::Ar),
            ["وقال", "الحكومه", "2022"]
        );
    }

    #[test]
    fn arabic_words_run_together_split_after_a_word_final_letter() {
        assert_eq!(
            words("للشهادةبتأكيد علىفريق الحكومةُ مستشفى", Lang::Ar),
            ["للشهادة", "بتأكيد", "على", "فريق", "الحكومةُ", "مستشفى"]
        );
        // Other letters keep the word whole, and French is untouched.
        assert_eq!(
            words("بالنسبةلرئيسة وزارة", Lang::Ar),
            ["بالنسبة", "لرئيسة", "وزارة"]
        );
        assert_eq!(words("مدرستها", Lang::Ar), ["مدرستها"]);
        assert_eq!(
            words("فريقإيبروكس إلكترونيإلى", Lang::Ar),
            ["فريق", "إيبروكس", "إلكتروني", "إلى"]
        );
        assert_eq!(
            words("وبالإضافة لإعادة فإن", Lang::Ar),
            ["وبالإضافة", "لإعادة", "فإن"]
        );
        // Vowel marks and tatweel are not letters: clitics that carry them stay clitics,
        // and a mark on the word-final letter does not hide the next word.
        assert_eq!(
            words("وَبِالإِضافة بـإسرائيل", Lang::Ar),
            ["وَبِالإِضافة", "بـإسرائيل"]
        );
        assert_eq!(words("الحكومةُبتأكيد", Lang::Ar), ["الحكومةُ", "بتأكيد"]);
    }

    #[test]
    fn offsets_point_into_the_original_text() {
        let text = "« Déjà » l’été";
        for t in tokenize(text, Lang::Fr) {
            assert!(text.is_char_boundary(t.start) && text.is_char_boundary(t.end));
            assert_eq!(normalize(&text[t.start..t.end], Lang::Fr), t.norm);
        }
    }

    #[test]
    fn weird_input_does_not_panic() {
        let long = "a".repeat(100_000);
        for text in [
            "",
            "\u{0301}\u{064E}",
            "'-'",
            "l'",
            "...",
            "٣٫٥",
            "\u{202E}abc مرحبا\u{0000}",
            long.as_str(),
        ] {
            for lang in [Lang::Ar, Lang::Fr] {
                for t in tokenize(text, lang) {
                    assert!(t.start < t.end && t.end <= text.len());
                }
            }
        }
        assert_eq!(words("٣٫٥", Lang::Ar), ["٣٫٥"]);
    }
}
