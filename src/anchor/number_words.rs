//! Numbers written in words (`أربعة عشر`, `quatorze`, `deux cent mille`), read as
//! values so that they match the digits the other side may write (`14`).
//!
//! Translators switch freely between words and digits, so a number in words is the
//! same evidence as the number in digits. The words and how they compose are data
//! (`data/anchor/number_words.tsv`, format in its header). A run of number words is
//! read left to right: units, teens and tens add up (`خمسة وعشرون`, `vingt et un`),
//! `hundred` multiplies what came before it, and a scale word (`ألف`, `million`)
//! closes a group. Not read as numbers:
//! - a run right after digits: `3 آلاف` and `1,5 million` are one number, read by
//!   [`super::numbers`];
//! - `مئة`/`cent` of a percentage (`في المئة`, `بالمئة`, `pour cent`).

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

/// The number words of each language, keyed as tokens carry them
/// ([`normalize`]d); Arabic forms also with every clitic they may carry (so a word
/// needs one lookup), French forms of two words with a space between them.
struct Table {
    /// Arabic: the atom and whether the form carries the preposition `ب`.
    arabic: FxHashMap<String, (Atom, bool)>,
    french: FxHashMap<String, Atom>,
}

static TABLE: LazyLock<Table> = LazyLock::new(|| {
    let mut arabic_forms: Vec<(String, Atom)> = Vec::new();
    let mut french = FxHashMap::default();
    for line in include_str!("../../data/anchor/number_words.tsv").lines() {
        if line.starts_with('#') || line.trim().is_empty() {
            continue;
        }
        let fields: Vec<&str> = line.split('\t').collect();
        let (Some(value), Some(kind)) = (fields.first(), fields.get(1)) else {
            continue;
        };
        let Ok(value) = value.trim().parse() else {
            continue;
        };
        let kind = match kind.trim() {
            "hundred" => Kind::Hundred,
            "scale" => Kind::Scale,
            "plural" => Kind::Plural,
            _ => Kind::Add,
        };
        let atom = Atom { value, kind };
        let forms = |side: usize| {
            fields
                .get(side)
                .unwrap_or(&"")
                .split('|')
                .map(str::trim)
                .filter(|f| !f.is_empty())
        };
        arabic_forms.extend(forms(2).map(|f| (normalize(f, Lang::Ar), atom)));
        for form in forms(3) {
            french.insert(normalize(form, Lang::Fr), atom);
        }
    }
    // Earlier readings first, as a reader strips clitics: the form as written, then
    // with a conjunction, and so on.
    let mut arabic = FxHashMap::default();
    for conj in ARABIC_CONJUNCTIONS {
        for prefix in ARABIC_PREFIXES {
            for (form, atom) in &arabic_forms {
                arabic
                    .entry(format!("{conj}{prefix}{form}"))
                    .or_insert((*atom, prefix.starts_with('ب')));
            }
        }
    }
    Table { arabic, french }
});

/// Arabic clitics a number word may carry: a conjunction, then a preposition and/or
/// the article. `ب` with the article marks `بالمئة` (per cent).
const ARABIC_CONJUNCTIONS: [&str; 3] = ["", "و", "ف"];
const ARABIC_PREFIXES: [&str; 6] = ["", "ال", "بال", "لل", "ب", "ل"];

/// The words before `مئة` or `cent` that make it a percentage.
const PERCENT_LEADS: [&str; 2] = ["في", "pour"];

/// A word of a run: its atom and byte range.
struct Part {
    atom: Atom,
    start: usize,
    end: usize,
}

/// The numbers written in words among `tokens` (of a sentence in `lang`), with values of
/// at least `min_value`.
pub fn extract(tokens: &[Token], lang: Lang, min_value: u64) -> Vec<NumberWords> {
    let parts = match lang {
        Lang::Ar => arabic_parts(tokens),
        Lang::Fr => french_parts(tokens),
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
fn arabic_parts(tokens: &[Token]) -> Vec<Vec<Part>> {
    let mut runs: Vec<Vec<Part>> = Vec::new();
    let mut current: Vec<Part> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let atom = TABLE
            .arabic
            .get(t.norm.as_str())
            .copied()
            .filter(|&(atom, with_bi)| {
                let percent = atom.kind == Kind::Hundred
                    && (with_bi || i > 0 && PERCENT_LEADS.contains(&tokens[i - 1].norm.as_str()));
                !percent
            });
        match atom {
            Some((atom, _)) if !(current.is_empty() && follows_digits(tokens, i)) => {
                current.push(Part {
                    atom,
                    start: t.start,
                    end: t.end,
                })
            }
            _ => flush(&mut runs, &mut current),
        }
    }
    flush(&mut runs, &mut current);
    runs
}

/// The runs of consecutive French number words: hyphenated words are read part by
/// part (`quatre-vingt-dix`), and `et` may join two number words (`vingt et un`).
fn french_parts(tokens: &[Token]) -> Vec<Vec<Part>> {
    let mut runs: Vec<Vec<Part>> = Vec::new();
    let mut current: Vec<Part> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let word = t.norm.as_str();
        if word == "et" && !current.is_empty() {
            continue;
        }
        let pieces: Vec<&str> = word.split('-').collect();
        let mut atoms = Vec::new();
        let mut k = 0;
        while k < pieces.len() {
            let two = pieces
                .get(k + 1)
                .and_then(|next| TABLE.french.get(&format!("{} {next}", pieces[k])));
            if let Some(&atom) = two {
                atoms.push(atom);
                k += 2;
            } else if let Some(&atom) = TABLE.french.get(pieces[k]) {
                atoms.push(atom);
                k += 1;
            } else {
                atoms.clear();
                break;
            }
        }
        let percent = atoms.first().is_some_and(|a| a.kind == Kind::Hundred)
            && i > 0
            && PERCENT_LEADS.contains(&tokens[i - 1].norm.as_str());
        if atoms.is_empty() || percent || (current.is_empty() && follows_digits(tokens, i)) {
            flush(&mut runs, &mut current);
            continue;
        }
        current.extend(atoms.into_iter().map(|atom| Part {
            atom,
            start: t.start,
            end: t.end,
        }));
    }
    flush(&mut runs, &mut current);
    runs
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

/// The value of a run (see the module docs); `None` on overflow, or for a plural
/// scale with no number before it.
fn evaluate(run: &[Part]) -> Option<u64> {
    let (mut total, mut group) = (0u64, 0u64);
    for part in run {
        let Atom { value, kind } = part.atom;
        match kind {
            Kind::Add => group = group.checked_add(value)?,
            Kind::Hundred => group = group.max(1).checked_mul(value)?,
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
        extract(&tokenize(text, lang), lang, 10)
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
    }

    #[test]
    fn french_numbers_in_words() {
        assert_eq!(values("quatorze manifestants", Lang::Fr), [14]);
        assert_eq!(values("vingt et un ans", Lang::Fr), [21]);
        assert_eq!(values("quatre-vingt-dix-sept", Lang::Fr), [97]);
        assert_eq!(values("deux cent mille personnes", Lang::Fr), [200_000]);
        assert_eq!(
            values("trois millions cinq cent mille", Lang::Fr),
            [3_500_000]
        );
        assert_eq!(values("un million", Lang::Fr), [1_000_000]);
    }

    #[test]
    fn small_numbers_percentages_and_scales_of_digits_are_left_out() {
        assert!(values("trois enfants et un chien", Lang::Fr).is_empty());
        assert!(values("ثلاثة أطفال", Lang::Ar).is_empty());
        assert!(values("30 pour cent", Lang::Fr).is_empty());
        assert!(values("30 في المئة و20 بالمئة", Lang::Ar).is_empty());
        assert!(values("1,5 million d'euros", Lang::Fr).is_empty());
        assert!(values("3 آلاف", Lang::Ar).is_empty());
        assert!(values("ملايين الأشخاص et des millions de gens", Lang::Ar).is_empty());
        assert!(values("des millions de gens", Lang::Fr).is_empty());
    }
}
