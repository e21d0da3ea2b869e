//! Latin acronyms spelled out in Arabic letter names: سي إن إن is CNN, بي بي سي is
//! BBC, إم إس إن بي سي is MSNBC. French keeps such acronyms in Latin capitals, so
//! the spelled run gives the same Latin-token keys the French acronym gives.

use crate::text::tokenize::Token;
use std::collections::HashMap;
use std::sync::LazyLock;

/// How a letter name may be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Reading {
    /// Only a letter name.
    Letter,
    /// Also a common word (أم, أن), so a run needs another letter name to count.
    Ambiguous,
    /// Also a function word (في, أو): it counts inside a run, never at its ends.
    FunctionWord,
}

/// One letter name: the Latin letters it may stand for (بي is B or P) and how sure.
struct LetterName {
    letters: &'static str,
    reading: Reading,
}

static LETTER_NAMES: LazyLock<HashMap<&'static str, LetterName>> = LazyLock::new(|| {
    include_str!("../../data/anchor/ar_letter_names.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut cols = l.split('\t');
            let form = cols.next().unwrap_or_default();
            let letters = cols.next().unwrap_or_default();
            let reading = match cols.next() {
                Some("amb") => Reading::Ambiguous,
                Some("fw") => Reading::FunctionWord,
                _ => Reading::Letter,
            };
            (form, LetterName { letters, reading })
        })
        .collect()
});

/// Most spellings kept for one run (each ambiguous letter doubles them).
const MAX_SPELLINGS: usize = 8;

/// A spelled acronym: the tokens it covers and its possible Latin spellings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpelledAcronym {
    /// Byte offset of the first letter name.
    pub start: usize,
    /// Byte offset just past the last letter name.
    pub end: usize,
    /// Lowercase Latin spellings (`cnn`; `bbc` and `bpc` for بي بي سي).
    pub spellings: Vec<String>,
}

/// Finds runs of two or more Arabic letter names among `tokens` (an Arabic sentence's
/// tokens, normalized) and reads them as Latin acronyms.
pub fn spelled_acronyms(tokens: &[Token]) -> Vec<SpelledAcronym> {
    let name = |t: &Token| LETTER_NAMES.get(t.norm.as_str());
    let mut out = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        let mut j = i;
        while j < tokens.len() && name(&tokens[j]).is_some() {
            j += 1;
        }
        if j == i {
            i += 1;
            continue;
        }
        let (mut a, mut b) = (i, j);
        let function_word = |t: &Token| name(t).is_some_and(|n| n.reading == Reading::FunctionWord);
        while a < b && function_word(&tokens[a]) {
            a += 1;
        }
        while b > a && function_word(&tokens[b - 1]) {
            b -= 1;
        }
        let run = &tokens[a..b];
        let sure = run
            .iter()
            .any(|t| name(t).is_some_and(|n| n.reading == Reading::Letter));
        if run.len() >= 2 && sure {
            let mut spellings = vec![String::new()];
            for t in run {
                let letters = name(t).map_or("", |n| n.letters);
                spellings = spellings
                    .iter()
                    .flat_map(|s| letters.chars().map(move |c| format!("{s}{c}")))
                    .take(MAX_SPELLINGS)
                    .collect();
            }
            out.push(SpelledAcronym {
                start: run[0].start,
                end: run[run.len() - 1].end,
                spellings,
            });
        }
        i = j;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Lang;
    use crate::text::tokenize::tokenize;

    fn spelled(text: &str) -> Vec<(String, Vec<String>)> {
        spelled_acronyms(&tokenize(text, Lang::Ar))
            .into_iter()
            .map(|a| (text[a.start..a.end].to_string(), a.spellings))
            .collect()
    }

    #[test]
    fn letter_names_spell_latin_acronyms() {
        assert_eq!(
            spelled("قالت شبكة سي إن إن الأمريكية"),
            [("سي إن إن".to_string(), vec!["cnn".to_string()])]
        );
        let bbc = spelled("هيئة الإذاعة البريطانية بي بي سي");
        assert_eq!(bbc[0].0, "بي بي سي");
        assert!(bbc[0].1.contains(&"bbc".to_string()), "{bbc:?}");
    }

    #[test]
    fn function_words_at_the_ends_are_not_letters() {
        // في before MSNBC is "on", not V.
        let found = spelled("ظهر في إم إس إن بي سي أمس");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, "إم إس إن بي سي");
        assert!(found[0].1.contains(&"msnbc".to_string()));
    }

    #[test]
    fn common_words_alone_are_not_acronyms() {
        // أو في "or in", أن في "that in": no letter name without another reading.
        assert!(spelled("في البيت أو في المدرسة").is_empty());
        assert!(spelled("قال إن في المدينة أم الطفل").is_empty());
        assert!(spelled("سي").is_empty());
    }
}
