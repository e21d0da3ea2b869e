//! French sentence rules: abbreviations, initials and capitals decide at a period;
//! sentence openers after a word that can end a sentence catch headlines run into
//! the text without punctuation.

use super::{
    Abbreviation, Gap, Rules, core, first_word, in_headline, is_closer, is_ellipsis,
    is_list_marker, latin_abbreviation, parse_list, quote_follows_quote,
};
use std::collections::HashSet;
use std::sync::LazyLock;

/// The French rules.
pub(crate) struct French;

/// Capitalized, these words open sentences (see `data/segment/fr_starters.txt`).
static STARTERS: LazyLock<HashSet<&str>> =
    LazyLock::new(|| parse_list(include_str!("../../../data/segment/fr_starters.txt")).0);

/// Words after which a sentence cannot end (see `data/segment/fr_non_final.txt`).
static NON_FINAL: LazyLock<HashSet<&str>> =
    LazyLock::new(|| parse_list(include_str!("../../../data/segment/fr_non_final.txt")).0);

/// Fewest words a sentence needs before an unpunctuated boundary may close it:
/// shorter runs are more often a name or a label than a headline.
const MIN_UNPUNCTUATED_WORDS: usize = 3;

impl Rules for French {
    fn ends_after_punctuation(&self, gap: &Gap) -> bool {
        let Some((next, _)) = first_word(gap.rest) else {
            return true;
        };
        let Some(first) = next.chars().next() else {
            return true;
        };
        if first.is_lowercase() {
            // `etc. et`, `M. le ministre`, `« Non ? » dit-il`: the sentence goes on.
            return false;
        }
        if gap.terminal.contains(['!', '?']) {
            return true;
        }
        if is_ellipsis(gap.terminal) {
            return first.is_uppercase();
        }
        if gap.word.is_empty() {
            return true;
        }
        if is_list_marker(gap) {
            return false;
        }
        match latin_abbreviation(gap.word) {
            Abbreviation::No if between_names(gap) => is_starter(next),
            Abbreviation::No => true,
            Abbreviation::Never => false,
            Abbreviation::MayEnd => first.is_uppercase(),
            Abbreviation::Dotted => is_starter(next),
        }
    }

    fn starts_without_punctuation(&self, gap: &Gap) -> bool {
        if gap.sentence.len() < MIN_UNPUNCTUATED_WORDS {
            return false;
        }
        let Some(prev) = gap.sentence.last().map(|c| c.text) else {
            return false;
        };
        if !can_end_sentence(prev) {
            return false;
        }
        if quote_follows_quote(gap) {
            return true;
        }
        let Some((next, _)) = first_word(gap.rest) else {
            return false;
        };
        if !next.starts_with(char::is_uppercase) || !is_starter(next) {
            return false;
        }
        // `Menga Le premier but`, but not `Marine Le Pen` or `Gerrard Les Rangers`:
        // after a capitalized word the opener must not start a name itself; and past
        // the headline an opener starting a name is a name (`a rejoint Les Républicains`),
        // while in it `... de nouveaux cas La Chine a ...` is the usual run-in lede.
        let prev_capitalized = core(prev).starts_with(char::is_uppercase);
        let after = word_after_opener(next, gap);
        if after.starts_with(char::is_uppercase) && (prev_capitalized || !in_headline(gap)) {
            return false;
        }
        // `Kim Jong Un et Donald Trump`: no sentence starts with a word and `et`.
        !matches!(core(after), "et" | "ou" | "ni")
    }
}

/// True when the period follows a lone lowercase letter right after a capitalized
/// word: the `c.` or `v.` of a case name (`Roe c. Wade`), not a unit after a number
/// (`à 14 h.`) nor a word (`il y en a.`, `le plan b.`).
fn between_names(gap: &Gap) -> bool {
    let mut letters = gap.word.chars();
    let lone_letter =
        matches!((letters.next(), letters.next()), (Some(c), None) if c.is_ascii_lowercase());
    let before = gap
        .sentence
        .len()
        .checked_sub(2)
        .map(|i| core(gap.sentence[i].text));
    lone_letter && before.is_some_and(|w| w.starts_with(char::is_uppercase))
}

/// True when `word` can be the last word of a sentence: it ends in a lowercase
/// letter, a digit or a closing quote or bracket, or is an acronym (`LSU`), and is
/// not a function word.
fn can_end_sentence(word: &str) -> bool {
    let Some(last) = word.chars().next_back() else {
        return false;
    };
    if matches!(last, '\'' | '’') {
        return false; // an elided `l’` or `qu’`
    }
    let acronym = word.chars().count() >= 2 && word.chars().all(|c| c.is_uppercase());
    if !(last.is_lowercase() || last.is_ascii_digit() || is_closer(last) || acronym) {
        return false;
    }
    let lower = core(word).to_lowercase();
    !NON_FINAL.contains(lower.as_str())
}

/// The lookup key of a word for the opener list: lowercase, up to and with an
/// elision apostrophe (`L’équipe` → `l'`), else up to the first non-letter.
fn starter_key(word: &str) -> String {
    let mut key = String::with_capacity(word.len());
    for c in word.chars() {
        if matches!(c, '\'' | '’') {
            key.push('\'');
            break;
        }
        if !c.is_alphabetic() {
            break;
        }
        key.extend(c.to_lowercase());
    }
    key
}

/// True when `word` is, by the data list, a usual sentence opener.
fn is_starter(word: &str) -> bool {
    STARTERS.contains(starter_key(word).as_str())
}

/// The word following a sentence opener: after its apostrophe for elisions
/// (`L’Assemblée` → `Assemblée`), else the next chunk.
fn word_after_opener<'a>(opener: &'a str, gap: &Gap<'a, '_>) -> &'a str {
    if let Some(i) = opener.find(['\'', '’']) {
        let rest = &opener[i..];
        return rest.trim_start_matches(['\'', '’']);
    }
    // `first_word` looks at most two chunks ahead, so the opener is in one of them.
    let index = gap
        .rest
        .iter()
        .take(2)
        .position(|c| c.text.ends_with(opener))
        .unwrap_or(0);
    gap.rest
        .get(index + 1)
        .map_or("", |c| c.text.trim_start_matches(super::is_opener))
}

#[cfg(test)]
mod tests {
    use crate::Lang;
    use crate::text::segment::segment;

    fn texts(text: &str) -> Vec<&str> {
        segment(text, Lang::Fr)
            .into_iter()
            .map(|s| &text[s.start..s.end])
            .collect()
    }

    #[test]
    fn abbreviations_and_initials_do_not_end_sentences() {
        assert_eq!(
            texts("M. Dupont et Mme Durand ont vu le Dr Martin. J. K. Rowling aussi."),
            [
                "M. Dupont et Mme Durand ont vu le Dr Martin.",
                "J. K. Rowling aussi."
            ]
        );
        assert_eq!(
            texts(
                "Voir art. 3 et p. ex. la page 4. Il y a des pommes, des poires, etc. Le reste suit."
            ),
            [
                "Voir art. 3 et p. ex. la page 4.",
                "Il y a des pommes, des poires, etc.",
                "Le reste suit."
            ]
        );
        assert_eq!(
            texts("Né en 52 av. J.-C. à Rome. Il part aux U.S.A. en mai."),
            ["Né en 52 av. J.-C. à Rome.", "Il part aux U.S.A. en mai."]
        );
    }

    #[test]
    fn a_lone_letter_between_names_is_an_abbreviation() {
        assert_eq!(
            texts(
                "L’arrêt Roe c. Wade est en jeu, comme Brown v. Board. Il y en a. Le 400 m. Bolt a gagné à 14 h. Macron arrive."
            ),
            [
                "L’arrêt Roe c. Wade est en jeu, comme Brown v. Board.",
                "Il y en a.",
                "Le 400 m.",
                "Bolt a gagné à 14 h.",
                "Macron arrive."
            ]
        );
    }

    #[test]
    fn numbers_dates_and_times_do_not_end_sentences() {
        assert_eq!(
            texts(
                "Le 27/05/2022 à 17h53, 1,5 million et 3.250 euros, soit 6 000 au total. Fin 17 h 53."
            ),
            [
                "Le 27/05/2022 à 17h53, 1,5 million et 3.250 euros, soit 6 000 au total.",
                "Fin 17 h 53."
            ]
        );
    }

    #[test]
    fn guillemets_close_the_sentence_they_end() {
        assert_eq!(
            texts("Il a dit : « C’est fini. » Puis il est parti. « Vraiment ? » demanda-t-elle."),
            [
                "Il a dit : « C’est fini. »",
                "Puis il est parti.",
                "« Vraiment ? » demanda-t-elle."
            ]
        );
    }

    #[test]
    fn ellipsis_and_exclamations() {
        assert_eq!(
            texts("Des gamins curieux... ils jouent. Attendez… Voilà ! Quoi ?! Non."),
            [
                "Des gamins curieux... ils jouent.",
                "Attendez…",
                "Voilà !",
                "Quoi ?!",
                "Non."
            ]
        );
    }

    #[test]
    fn headline_run_into_text_is_cut_before_an_opener() {
        assert_eq!(
            texts(
                "Chine : un cochon tue un éleveur Selon des médias locaux, un agriculteur est mort."
            ),
            [
                "Chine : un cochon tue un éleveur",
                "Selon des médias locaux, un agriculteur est mort."
            ]
        );
        assert_eq!(
            texts("Le premier but de Dolly Menga Le premier but fut beau."),
            ["Le premier but de Dolly Menga", "Le premier but fut beau."]
        );
        // Past the headline, an article with a capitalized word is a name.
        assert_eq!(
            texts("Il hésite. Puis il a rejoint Les Républicains depuis La Haye."),
            [
                "Il hésite.",
                "Puis il a rejoint Les Républicains depuis La Haye."
            ]
        );
        // Names and titles after a function word or a capitalized word stay whole.
        assert_eq!(
            texts("Il l’a dit dans Le Monde hier soir avec Marine Le Pen."),
            ["Il l’a dit dans Le Monde hier soir avec Marine Le Pen."]
        );
    }

    #[test]
    fn quotation_after_quotation_is_a_new_sentence() {
        assert_eq!(
            texts("Les manifestants criaient « pas de guerre » « Nous resterons ici », dit-il."),
            [
                "Les manifestants criaient « pas de guerre »",
                "« Nous resterons ici », dit-il."
            ]
        );
    }

    #[test]
    fn seed_lines_stand_alone() {
        let text = "Le 27/05/2022 à 17h53\n\nDR\n\nPar Hajar Kharroubi\nLe 27/05/2022 à 17h53";
        assert_eq!(
            texts(text),
            [
                "Le 27/05/2022 à 17h53",
                "DR",
                "Par Hajar Kharroubi",
                "Le 27/05/2022 à 17h53"
            ]
        );
    }
}
