//! Arabic sentence rules: `.` `!` `?` `؟` end sentences, `،` and `؛` never do, an
//! ellipsis is a pause, and Latin words inside Arabic text keep their abbreviation
//! rules (`U.S.`, `Dr.`).

use super::{
    Abbreviation, Gap, Rules, core, first_word, in_headline, is_closer, is_ellipsis,
    is_list_marker, latin_abbreviation, may_repeat_sentence_start, parse_list, quote_follows_quote,
    repeats_sentence_start,
};
use crate::Lang;
use crate::text::normalize::normalize;
use std::collections::HashSet;
use std::sync::LazyLock;

/// The Arabic rules.
pub(crate) struct Arabic;

/// Arabic abbreviations (see `data/segment/ar_abbrev.txt`): those that never end a
/// sentence; the starred ones may and are treated as words.
static ABBREVIATIONS: LazyLock<HashSet<&str>> =
    LazyLock::new(|| parse_list(include_str!("../../../data/segment/ar_abbrev.txt")).0);

/// Normalized words that open sentences after a headline, and the subset that
/// also does after a closing quote (see `data/segment/ar_starters.txt`).
static STARTERS: LazyLock<(HashSet<String>, HashSet<String>)> = LazyLock::new(|| {
    let (plain, starred) = parse_list(include_str!("../../../data/segment/ar_starters.txt"));
    let after_quote: HashSet<String> = starred.iter().map(|w| normalize(w, Lang::Ar)).collect();
    let mut all: HashSet<String> = plain.iter().map(|w| normalize(w, Lang::Ar)).collect();
    all.extend(after_quote.iter().cloned());
    (all, after_quote)
});

/// Normalized words after which no sentence ends (see `data/segment/ar_non_final.txt`).
static NON_FINAL: LazyLock<HashSet<String>> =
    LazyLock::new(|| normalized_list(include_str!("../../../data/segment/ar_non_final.txt")));

/// Words that attribute a quotation just closed (`"..." حسبما قال`), so the
/// sentence goes on after the quote's own period.
const ATTRIBUTIONS: &[&str] = &["حسبما", "حسب", "وفق", "وفقا", "وفقًا", "بحسب"];

/// Fewest words a headline needs before an opener may close it: Arabic headlines
/// put their verb early (`خنزير يجرح مزارع`), ledes come after a longer run.
const MIN_HEADLINE_WORDS: usize = 3;

/// A data word list, each entry normalized as the words it is compared with.
fn normalized_list(data: &'static str) -> HashSet<String> {
    parse_list(data)
        .0
        .into_iter()
        .map(|w| normalize(w, Lang::Ar))
        .collect()
}

impl Rules for Arabic {
    fn ends_after_punctuation(&self, gap: &Gap) -> bool {
        if gap.terminal.contains(['!', '?', '؟']) {
            return true;
        }
        if is_ellipsis(gap.terminal) {
            // `..` and `...` join clauses in Arabic news (`فرنسا.. وتأمين`).
            return false;
        }
        let quote_closed = gap
            .sentence
            .last()
            .is_some_and(|c| c.text.ends_with(is_closer));
        if quote_closed && first_word(gap.rest).is_some_and(|(w, _)| ATTRIBUTIONS.contains(&w)) {
            // `"... الأفراد." حسبما أفاد السيد ألبنس.`: the attribution completes the quote.
            return false;
        }
        if gap.word.is_empty() {
            return true;
        }
        if is_list_marker(gap) || ABBREVIATIONS.contains(gap.word) {
            return false;
        }
        if gap.word.starts_with(|c: char| c.is_ascii_alphabetic()) {
            let next_lower = first_word(gap.rest)
                .is_some_and(|(w, _)| w.starts_with(|c: char| c.is_ascii_lowercase()));
            return match latin_abbreviation(gap.word) {
                Abbreviation::No | Abbreviation::MayEnd => !next_lower,
                Abbreviation::Never | Abbreviation::Dotted => false,
            };
        }
        true
    }

    fn starts_without_punctuation(&self, gap: &Gap) -> bool {
        let Some(prev) = gap.sentence.last().map(|c| c.text) else {
            return false;
        };
        let Some(last) = prev.chars().next_back() else {
            return false;
        };
        // A word, a number or a closing quote may end a sentence; `،` `:` `-` may not.
        let quote_closed = is_closer(last) && last != ')';
        if !(crate::text::is_alphanumeric(last) || is_closer(last) || is_arabic_mark(last)) {
            return false;
        }
        let headline = in_headline(gap) && gap.sentence.len() >= MIN_HEADLINE_WORDS;
        let quotes = quote_follows_quote(gap);
        if !(quotes || headline || quote_closed || may_repeat_sentence_start(gap)) {
            return false; // no rule can fire: skip the normalizations below
        }
        if NON_FINAL.contains(&normalize(core(prev), Lang::Ar)) {
            return false;
        }
        if quotes {
            return true;
        }
        if gap.sentence.len() < MIN_HEADLINE_WORDS {
            return false;
        }
        let next = first_word(gap.rest).map(|(w, _)| normalize(core(w), Lang::Ar));
        let (openers, after_quote) = &*STARTERS;
        let opens = next.as_ref().is_some_and(|w| {
            (headline && openers.contains(w)) || (quote_closed && after_quote.contains(w))
        });
        opens || repeats_sentence_start(gap, Lang::Ar)
    }
}

/// Arabic combining marks (tashkeel) that may end a word.
fn is_arabic_mark(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{065F}' | '\u{0670}')
}

#[cfg(test)]
mod tests {
    use crate::Lang;
    use crate::text::segment::segment;

    fn texts(text: &str) -> Vec<&str> {
        segment(text, Lang::Ar)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn arabic_terminals_end_and_commas_do_not() {
        assert_eq!(
            texts("بدأ الاجتماع. قال الوزير، في بيان؛ إن الأمر انتهى. هل هذا صحيح؟ نعم! ربما"),
            [
                "بدأ الاجتماع.",
                "قال الوزير، في بيان؛ إن الأمر انتهى.",
                "هل هذا صحيح؟",
                "نعم!",
                "ربما"
            ]
        );
    }

    #[test]
    fn decimals_latin_abbreviations_and_ellipsis_stay_inside() {
        assert_eq!(
            texts(
                "ارتفع بنسبة 1.5 في المئة حسب Dr. Smith في U.S. اليوم. حموشي يستعد لزيارة فرنسا.. وتأمين الأولمبياد"
            ),
            [
                "ارتفع بنسبة 1.5 في المئة حسب Dr. Smith في U.S. اليوم.",
                "حموشي يستعد لزيارة فرنسا.. وتأمين الأولمبياد"
            ]
        );
    }

    #[test]
    fn headline_run_into_lede_is_cut() {
        assert_eq!(
            texts(
                "خنزير يجرح مزارع صيني حتى الموت أعلنت الشرطة مقتل مزارع. ثم قال المزارع إنه بخير"
            ),
            [
                "خنزير يجرح مزارع صيني حتى الموت",
                "أعلنت الشرطة مقتل مزارع.",
                "ثم قال المزارع إنه بخير"
            ]
        );
        // Openers elsewhere than after the text's first words are not boundaries.
        assert_eq!(
            texts("عنوان\nوأوضح أن الوزير في المدينة قال إنه بخير"),
            ["عنوان", "وأوضح أن الوزير في المدينة قال إنه بخير"]
        );
        assert_eq!(
            texts("جاء الوزير. وأوضح أن الرجل في المدينة أعلنت الشرطة"),
            ["جاء الوزير.", "وأوضح أن الرجل في المدينة أعلنت الشرطة"]
        );
    }

    #[test]
    fn lede_repeating_the_headline_and_quotes_in_a_row() {
        assert_eq!(
            texts("رجل يتعرض لإطلاق النار في المدينة رجل يتعرض لإطلاق النار أثناء عودته."),
            [
                "رجل يتعرض لإطلاق النار في المدينة",
                "رجل يتعرض لإطلاق النار أثناء عودته."
            ]
        );
        assert_eq!(
            texts("قال إن الدم \"محفز\" \"إنهم ودودون\""),
            ["قال إن الدم \"محفز\"", "\"إنهم ودودون\""]
        );
    }

    #[test]
    fn subject_quote_verb_is_one_sentence() {
        assert_eq!(
            texts(
                "عنوان\nصحيفة مغرب “انتلجنس” قالت إن الزيارة مهمة “جدا” وأضاف الوزير أنها ناجحة."
            ),
            [
                "عنوان",
                "صحيفة مغرب “انتلجنس” قالت إن الزيارة مهمة “جدا”",
                "وأضاف الوزير أنها ناجحة."
            ]
        );
    }

    #[test]
    fn arabic_abbreviations_do_not_end_sentences() {
        assert_eq!(
            texts("قال د. أحمد و أ.د. سمير إن النمو بلغ 1.5 بالمئة. وانتهى الاجتماع"),
            [
                "قال د. أحمد و أ.د. سمير إن النمو بلغ 1.5 بالمئة.",
                "وانتهى الاجتماع"
            ]
        );
    }

    #[test]
    fn attribution_after_a_quoted_period_continues() {
        assert_eq!(
            texts("\"نواصل ملاحقة الأفراد.\" حسبما أفاد السيد ألبنس. وسعيًا لذلك"),
            [
                "\"نواصل ملاحقة الأفراد.\" حسبما أفاد السيد ألبنس.",
                "وسعيًا لذلك"
            ]
        );
    }

    #[test]
    fn quotes_and_lines() {
        assert_eq!(
            texts("قلقة بشأن \"السخافة.\" بالنسبة للقراء\r\n0\n212\nحدث/م"),
            [
                "قلقة بشأن \"السخافة.\"",
                "بالنسبة للقراء",
                "0",
                "212",
                "حدث/م"
            ]
        );
    }
}
