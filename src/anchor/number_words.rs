//! Numbers written in words (`أربعة عشر`, `quatorze`, `deux cent mille`), read as
//! values so that they match the digits the other side may write (`14`).
//!
//! Translators switch freely between words and digits, so a number in words is the
//! same evidence as the number in digits. The words and how they compose are data
//! (`data/anchor/number_words.tsv`, format in its header; the scale words come from
//! `data/anchor/number_scales.tsv`, shared with numbers in digits). A run of number
//! words is read left to right: units, teens and tens add up (`خمسة وعشرون`, `vingt
//! et un`), `hundred` multiplies the units before it, and a scale word (`ألف`,
//! `million`) closes a group, or multiplies a smaller number before it (`ألف مليون`).
//! Not read as numbers:
//! - a run right after digits: `3 آلاف` and `1,5 million` are one number, read by
//!   [`super::numbers`];
//! - `مئة`/`cent` of a percentage (`في المئة`, `بالمئة`, `pour cent`);
//! - the weekdays that are also number words (`الاثنين` Monday, `الأحد` Sunday);
//! - in Arabic, a unit after a ten (`ثلاثين ثانية` is thirty seconds, not 32: Arabic
//!   writes the unit first, `اثنان وثلاثون`).

use crate::Lang;
use crate::text::normalize::normalize;
use crate::text::tokenize::Token;
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// A number written in words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NumberWords {
    /// Its value.
    pub value: u64,
    /// Byte range in the text, from its first word to its last.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

/// How a number word combines with the words before it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Add,
    Hundred,
    Scale,
    /// A plural scale: a number only after a group (`ثلاثة آلاف`).
    Plural,
}

/// One number word: its value and how it combines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Atom {
    value: u64,
    kind: Kind,
}

impl Atom {
    /// A unit, 1 to 9.
    fn is_unit(self) -> bool {
        self.kind == Kind::Add && self.value < 10
    }

    /// A ten, 20 to 90.
    fn is_ten(self) -> bool {
        self.kind == Kind::Add && (20..100).contains(&self.value) && self.value.is_multiple_of(10)
    }
}

/// The number words of each language, keyed as tokens carry them ([`normalize`]d):
/// Arabic forms also with every clitic they may carry, so that a word needs one
/// lookup; French forms of two words with a space between them.
struct Table {
    arabic: FxHashMap<String, Atom>,
    french: FxHashMap<String, Atom>,
}

/// Clitics a number word may carry in Arabic, in their order: a conjunction, then a
/// preposition and/or the article.
const ARABIC_CONJUNCTIONS: [&str; 3] = ["", "و", "ف"];
/// The prepositions and article of [`ARABIC_CONJUNCTIONS`]'s second slot.
const ARABIC_PREFIXES: [&str; 6] = ["", "ال", "بال", "لل", "ب", "ل"];

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut arabic_forms: Vec<(String, Atom)> = Vec::new();
    let mut french = FxHashMap::default();
    let mut add_form = |form: &str, atom: Atom| {
        if form.chars().any(crate::ingest::is_arabic_letter) {
            arabic_forms.push((normalize(form, Lang::Ar), atom));
        } else {
            french.insert(normalize(form, Lang::Fr), atom);
        }
    };
    for fields in crate::text::data_lines(include_str!("../../data/anchor/number_words.tsv")) {
        let (Some(Ok(value)), Some(kind)) = (fields.first().map(|v| v.parse()), fields.get(1))
        else {
            continue;
        };
        let kind = match *kind {
            "hundred" => Kind::Hundred,
            "scale" => Kind::Scale,
            _ => Kind::Add,
        };
        for side in [2, 3] {
            for form in fields.get(side).unwrap_or(&"").split('|') {
                let form = form.trim();
                if !form.is_empty() {
                    add_form(form, Atom { value, kind });
                }
            }
        }
    }
    for fields in crate::text::data_lines(include_str!("../../data/anchor/number_scales.tsv")) {
        let (Some(form), Some(Ok(power))) = (fields.first(), fields.get(1).map(|p| p.parse()))
        else {
            continue;
        };
        let kind = if fields.get(2) == Some(&"plural") {
            Kind::Plural
        } else {
            Kind::Scale
        };
        if let Some(value) = 10u64.checked_pow(power) {
            add_form(form, Atom { value, kind });
        }
    }
    // Earlier readings first, as a reader strips clitics: the form as written, then
    // with a conjunction, and so on.
    let mut arabic = FxHashMap::default();
    for conj in ARABIC_CONJUNCTIONS {
        for prefix in ARABIC_PREFIXES {
            for (form, atom) in &arabic_forms {
                // With the article, اثنين and أحد are Monday and Sunday.
                if prefix.contains("ال") && super::dates::is_weekday_form(&format!("ال{form}"))
                {
                    continue;
                }
                arabic
                    .entry(format!("{conj}{prefix}{form}"))
                    .or_insert(*atom);
            }
        }
    }
    Table { arabic, french }
});

/// A word of a run: its atom and byte range.
struct Part {
    atom: Atom,
    start: usize,
    end: usize,
}

/// The numbers written in words among `tokens` (of `text`, a sentence in `lang`), with
/// values of at least `min_value`.
pub fn extract(text: &str, tokens: &[Token], lang: Lang, min_value: u64) -> Vec<NumberWords> {
    let parts = match lang {
        Lang::Ar => arabic_parts(text, tokens),
        Lang::Fr => french_parts(text, tokens),
    };
    let mut out = Vec::new();
    for run in parts {
        if let Some(value) = evaluate(&run)
            && value >= min_value
        {
            out.push(NumberWords {
                value,
                start: run[0].start,
                end: run[run.len() - 1].end,
            });
        }
    }
    out
}

/// The runs of consecutive Arabic number words.
fn arabic_parts(text: &str, tokens: &[Token]) -> Vec<Vec<Part>> {
    let mut runs: Vec<Vec<Part>> = Vec::new();
    let mut current: Vec<Part> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let atom = TABLE
            .arabic
            .get(t.norm.as_str())
            .copied()
            .filter(|&atom| !is_percent(text, tokens, i, atom));
        let Some(atom) = atom else {
            flush(&mut runs, &mut current);
            continue;
        };
        // Arabic writes the unit before the ten: a unit after a ten starts anew.
        if atom.is_unit() && current.last().is_some_and(|p| p.atom.is_ten()) {
            flush(&mut runs, &mut current);
        }
        if current.is_empty() && follows_digits(tokens, i) {
            continue;
        }
        current.push(Part {
            atom,
            start: t.start,
            end: t.end,
        });
    }
    flush(&mut runs, &mut current);
    runs
}

/// The runs of consecutive French number words: hyphenated words are read part by
/// part (`quatre-vingt-dix`), two-word forms across a hyphen or a space
/// (`quatre-vingts`, `quatre vingts`), and `et` joins a ten to `un`, `une` or `onze`
/// (`vingt et un`, `soixante-et-onze`).
fn french_parts(text: &str, tokens: &[Token]) -> Vec<Vec<Part>> {
    let mut runs: Vec<Vec<Part>> = Vec::new();
    let mut current: Vec<Part> = Vec::new();
    // The last word of the current run, for two-word forms across a space.
    let mut last_piece = String::new();
    for (i, t) in tokens.iter().enumerate() {
        // Most words are no number word: answered before splitting them.
        let first = t.norm.split('-').next().unwrap_or("");
        if first != "et" && !TABLE.french.contains_key(first) {
            flush(&mut runs, &mut current);
            continue;
        }
        let pieces: Vec<&str> = t.norm.split('-').collect();
        if pieces == ["et"] {
            let next = tokens.get(i + 1).map(|n| n.norm.as_str());
            if current.last().is_some_and(|p| p.atom.is_ten())
                && matches!(next, Some("un" | "une" | "onze"))
            {
                continue;
            }
            flush(&mut runs, &mut current);
            continue;
        }
        let mut atoms: Vec<Atom> = Vec::new();
        let mut k = 0;
        while k < pieces.len() {
            let piece = pieces[k];
            let two = pieces
                .get(k + 1)
                .and_then(|next| TABLE.french.get(&format!("{piece} {next}")));
            if let Some(&atom) = two {
                atoms.push(atom);
                k += 2;
            } else if piece == "et"
                && atoms.last().is_some_and(|a| a.is_ten())
                && matches!(pieces.get(k + 1), Some(&("un" | "une" | "onze")))
            {
                k += 1;
            } else if let Some(&atom) = TABLE.french.get(piece) {
                atoms.push(atom);
                k += 1;
            } else {
                atoms.clear();
                break;
            }
        }
        if atoms.is_empty()
            || is_percent(text, tokens, i, atoms[0])
            || (current.is_empty() && follows_digits(tokens, i))
        {
            flush(&mut runs, &mut current);
            continue;
        }
        // A two-word form split by a space: its first word ends the run so far.
        let joined = format!("{last_piece} {}", pieces[0]);
        let start = match (current.last(), TABLE.french.get(&joined)) {
            (Some(_), Some(&atom)) => {
                let first = current.pop().map_or(t.start, |p| p.start);
                atoms[0] = atom;
                first
            }
            _ => t.start,
        };
        current.extend(atoms.into_iter().enumerate().map(|(n, atom)| Part {
            atom,
            start: if n == 0 { start } else { t.start },
            end: t.end,
        }));
        last_piece = pieces[pieces.len() - 1].to_string();
    }
    flush(&mut runs, &mut current);
    runs
}

/// True when the hundred `atom` at token `i` is the `مئة` or `cent` of a percentage:
/// the word, or it and the word before, is a percent phrase (`بالمئة`, `في المئة`,
/// `pour cent`).
fn is_percent(text: &str, tokens: &[Token], i: usize, atom: Atom) -> bool {
    atom.kind == Kind::Hundred
        && (super::numbers::is_percent_phrase(&text[tokens[i].start..tokens[i].end])
            || i > 0
                && super::numbers::is_percent_phrase(&text[tokens[i - 1].start..tokens[i].end]))
}

/// True when the token before `i` is a number in digits (whose scale word `i` is).
fn follows_digits(tokens: &[Token], i: usize) -> bool {
    i > 0
        && tokens[i - 1]
            .norm
            .chars()
            .next()
            .is_some_and(|c| c.is_numeric())
}

/// Ends the current run.
fn flush(runs: &mut Vec<Vec<Part>>, current: &mut Vec<Part>) {
    if !current.is_empty() {
        runs.push(std::mem::take(current));
    }
}

/// The value of a run (see the module docs); `None` on overflow, for a plural scale
/// with no number before it, and for a hundred after more than a unit (`cinquante
/// cents` is money, not 5000).
fn evaluate(run: &[Part]) -> Option<u64> {
    let (mut total, mut group) = (0u64, 0u64);
    for part in run {
        let Atom { value, kind } = part.atom;
        match kind {
            Kind::Add => group = group.checked_add(value)?,
            Kind::Hundred if group >= 10 => return None,
            Kind::Hundred => group = group.max(1).checked_mul(value)?,
            Kind::Scale | Kind::Plural if group == 0 && total > 0 && total < value => {
                // A scale after a smaller number multiplies it: ألف مليون, mille milliards.
                total = total.checked_mul(value)?;
            }
            Kind::Plural if group == 0 => return None,
            Kind::Scale | Kind::Plural => {
                total = total.checked_add(group.max(1).checked_mul(value)?)?;
                group = 0;
            }
        }
    }
    total.checked_add(group)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::tokenize::tokenize;

    fn values(text: &str, lang: Lang) -> Vec<u64> {
        extract(text, &tokenize(text, lang), lang, 10)
            .into_iter()
            .map(|n| n.value)
            .collect()
    }

    #[test]
    fn arabic_numbers_in_words() {
        assert_eq!(values("تلقى أربعة عشر شخصًا العلاج", Lang::Ar), [14]);
        assert_eq!(values("في سن الثالثة عشرة", Lang::Ar), [13]);
        assert_eq!(values("خمسة وعشرون عاما", Lang::Ar), [25]);
        assert_eq!(
            values("ثلاثة آلاف جندي ومئة ألف لاجئ", Lang::Ar),
            [3000, 100_000]
        );
        assert_eq!(values("عشرون مليون دولار", Lang::Ar), [20_000_000]);
        assert_eq!(values("ألفين ومئة", Lang::Ar), [2100]);
        assert_eq!(values("مليونان وخمسمئة ألف", Lang::Ar), [2_500_000]);
        assert_eq!(values("مئتي ألف لاجئ", Lang::Ar), [200_000]);
        assert_eq!(values("ألف مليون", Lang::Ar), [1_000_000_000]);
        assert_eq!(values("تبرع بمئة ألف دولار", Lang::Ar), [100_000]);
    }

    #[test]
    fn french_numbers_in_words() {
        assert_eq!(values("quatorze manifestants", Lang::Fr), [14]);
        assert_eq!(values("vingt et un ans", Lang::Fr), [21]);
        assert_eq!(values("vingt-et-un ans", Lang::Fr), [21]);
        assert_eq!(values("quatre-vingt-dix-sept", Lang::Fr), [97]);
        assert_eq!(values("quatre vingts", Lang::Fr), [80]);
        assert_eq!(values("deux cent mille personnes", Lang::Fr), [200_000]);
        assert_eq!(
            values("trois millions cinq cent mille", Lang::Fr),
            [3_500_000]
        );
        assert_eq!(values("un million", Lang::Fr), [1_000_000]);
        assert_eq!(values("mille milliards", Lang::Fr), [1_000_000_000_000]);
        assert_eq!(values("quinze et seize ans", Lang::Fr), [15, 16]);
    }

    #[test]
    fn words_that_are_not_numbers_here_are_left_out() {
        assert!(values("trois enfants et un chien", Lang::Fr).is_empty());
        assert!(values("ثلاثة أطفال", Lang::Ar).is_empty());
        assert!(values("30 pour cent", Lang::Fr).is_empty());
        assert!(values("30 في المئة و20 بالمئة", Lang::Ar).is_empty());
        assert!(values("1,5 million d'euros", Lang::Fr).is_empty());
        assert!(values("3 آلاف", Lang::Ar).is_empty());
        assert!(values("ملايين الأشخاص", Lang::Ar).is_empty());
        assert!(values("des millions de gens", Lang::Fr).is_empty());
        assert!(values("cinquante cents", Lang::Fr).is_empty());
        // Thirty seconds; Monday the eleventh.
        assert_eq!(values("خلال ثلاثين ثانية", Lang::Ar), [30]);
        assert_eq!(values("يوم الاثنين الحادي عشر", Lang::Ar), [11]);
    }
}
