//! Term candidates of one sentence side: the words with their stems, and the stem
//! n-grams (1–5 content words) that may be terms.
//!
//! A candidate never starts or ends with a function word (`de`, `في`) or a number, and
//! never spans punctuation: `président du Conseil des ministres` is a candidate,
//! `ministres, et le` is not. Function words inside are kept in the surface form but
//! left out of the key, so `Conseil des ministres` and `Conseil de ministres` count as
//! one term. Arabic construct chains with clitics inside (`المديرية العامة للأمن الوطني`)
//! are plain n-grams whose words are keyed on their stems (`للأمن` → `امن`).

use crate::Lang;
use crate::text::normalize::normalize;
use crate::text::stem::{fold_arabic, stem};
use crate::text::tokenize::tokenize;
use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

/// Longest candidate, in content words.
pub const MAX_CONTENT: usize = 5;
/// Longest candidate, in words (function words inside included).
pub const MAX_WORDS: usize = 8;

/// One word of a side, with what term extraction needs to know about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Word {
    /// Byte offset of the word in the side's text.
    pub start: usize,
    /// Byte offset just past the word.
    pub end: usize,
    /// The word normalized for matching.
    pub norm: String,
    /// The stem the word is counted under.
    pub key: String,
    /// A function word: may sit inside a term, never at its edges.
    pub func: bool,
    /// Contains a digit: numbers are anchors, not glossary terms.
    pub digit: bool,
    /// Only a space, hyphen or apostrophe separates it from the previous word, so a
    /// term may run across the boundary.
    pub glued: bool,
}

/// A possible term: a run of words of one side.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The content stems joined by one space.
    pub key: String,
    /// Index of its first word.
    pub first: usize,
    /// Index of its last word.
    pub last: usize,
    /// How many content words it has.
    pub content: usize,
}

/// How often each word's base form occurs in a language's texts, to choose between the
/// readings of an Arabic word with or without a one-letter clitic (`لكأس` is `كأس` with
/// `ل` when `كأس` occurs on its own; `وزير` stays `وزير`).
///
/// Arabic keys are lighter than the lexicon's stems on purpose: only the article, the
/// clitics and a final `ة` go, so `المديرية` (directorate) and `المدير` (director),
/// `الأمنية` and `الأمن`, stay apart — a glossary must not merge them — while
/// `العامة` / `العام` and `للأمن` / `الأمن` merge. French keys are the Snowball stems of
/// [`crate::text::stem::stem`].
#[derive(Debug, Default, Clone)]
pub struct Vocab {
    counts: HashMap<String, usize>,
}

impl Vocab {
    /// Counts the base forms of the words of `text`.
    pub fn add(&mut self, text: &str, lang: Lang) {
        if lang != Lang::Ar {
            return;
        }
        for t in tokenize(text, lang) {
            let w = fold_arabic(&t.norm);
            *self
                .counts
                .entry(strip_article(&w).to_string())
                .or_default() += 1;
        }
    }

    /// The key `norm` (a normalized word) is counted under.
    pub fn key(&self, norm: &str, lang: Lang) -> String {
        if lang == Lang::Fr {
            return stem(norm, lang);
        }
        let (base, readings) = arabic_readings(norm);
        let w = fold_arabic(norm);
        let base_n = self.counts.get(strip_article(&w)).copied().unwrap_or(0);
        for (reading, rest, sure) in readings {
            // Compared as written (a final ة kept): `وزارة` is no `و` + `زارة` just
            // because the verb `زار` occurs.
            let n = self.counts.get(strip_article(&rest)).copied().unwrap_or(0);
            // A clitic glued to the article is certain; a lone one only when the rest is
            // a word of the texts, seen often enough next to the prefixed form.
            if sure || (n >= 1 && 3 * n >= base_n) {
                return reading;
            }
        }
        base
    }
}

/// Drops a leading article (`ال`, or `لل` = `ل` + `ال`), keeping at least three letters.
fn strip_article(w: &str) -> &str {
    let n = w.chars().count();
    for art in ["لل", "ال"] {
        if let Some(rest) = w.strip_prefix(art)
            && n - 2 >= 3
        {
            return rest;
        }
    }
    w
}

/// Drops a leading article (see [`strip_article`]) and a final `ة`/`ه`, keeping at
/// least three letters.
fn arabic_base(w: &str) -> String {
    let mut s = strip_article(w);
    if s.chars().count() > 3
        && let Some(rest) = s.strip_suffix('ه')
    {
        s = rest;
    }
    s.to_string()
}

/// The base form of an Arabic word and its readings without clitics, shortest last:
/// (reading, the word without the clitics as written, certain). `والأمن` → `امن`
/// (certain); `لكأس` → `كأس` (possible).
pub fn arabic_readings(norm: &str) -> (String, Vec<(String, String, bool)>) {
    let w = fold_arabic(norm);
    let base = arabic_base(&w);
    let mut out = Vec::new();
    let long = |s: &str| s.chars().count() >= 4;
    let mut rest = w.as_str();
    let mut peeled = false;
    for set in [&['و', 'ف'][..], &['ب', 'ك', 'ل'][..]] {
        let Some(c) = rest.chars().next() else {
            break;
        };
        if !set.contains(&c) || !long(rest) {
            continue;
        }
        let after = &rest[c.len_utf8()..];
        if after.starts_with("ال") && after.chars().count() >= 5 {
            // A clitic on the article: certain.
            out.push((arabic_base(after), after.to_string(), true));
            return (base, out);
        }
        rest = after;
        peeled = true;
        // A clitic before `ال` with fewer than three letters after it is no clitic
        // (`بالين` is Palin, not ب + الين).
        if !rest.starts_with("ال") {
            out.push((arabic_base(rest), rest.to_string(), false));
        }
    }
    if !peeled {
        out.clear();
    }
    (base, out)
}

const AR_FUNCTION: &str = "في من على إلى الى عن مع أن إن ان أو او ثم قد لقد لا لم لن ما ماذا \
    هذا هذه ذلك تلك هؤلاء هناك هنا الذي التي الذين اللذين اللتين اللواتي كان كانت يكون تكون \
    كانوا كل بعض غير بين عند حتى منذ خلال بعد قبل حول ضد عبر لدى لكن لكنه و ف ب ل ك هو هي \
    هم هن هما نحن أنا انا أنت انت أنه انه إنه بأن وأن وإن وفي ومن وعلى وإلى وقد ولا وما ولم \
    ولكن وهو وهي وكان وكانت فإن فقد كما حيث أيضا ايضا إذا اذا لو أي اي به بها له لها لهم \
    لهن فيه فيها فيهم منه منها منهم عليه عليها عليهم إليه اليه إليها عنه عنها معه معها مما \
    عما بما كذلك الآن قال قالت وقال وقالت يقول تقول أضاف وأضاف أضافت وأضافت إلا الا لأن \
    لان بأنه وأنه أنها انها إنها بسبب ضمن نحو مثل وفقا وفق دون أمام امام عدة عدد يتم تم \
    التى الذى ذات نفس كلا أكثر اكثر أقل اقل جدا فقط أيضاً ايضاً هل وهل بل سوف سيتم ليس \
    ليست وليس أما اما إما اما يا لذلك ولذلك";

const FR_FUNCTION: &str = "le la les l un une des du de d au aux à a et ou mais donc or ni \
    car que qu qui quoi dont où ce cet cette ces c se s sa son ses leur leurs lui elle il \
    ils elles on nous vous je j me m te t y en ne n pas plus moins par pour sur sous dans \
    avec sans entre vers chez est sont été être ont avait avaient sera seront était étaient \
    fait faire comme aussi très tout tous toute toutes si même autre autres ainsi alors \
    selon après avant depuis pendant lors contre déjà encore ici là cela ceci ça notre \
    nos votre vos mon ma mes ton ta tes dit déclaré également peut peuvent doit doivent \
    avoir eu ayant étant lequel laquelle lesquels lesquelles auquel duquel quand comment \
    pourquoi chaque plusieurs certains certaines quelques aucun aucune non oui bien \
    beaucoup peu trop afin cependant toutefois puis enfin jusqu lorsqu puisqu quoiqu presqu";

/// True when `norm` (a normalized word) is a function word of `lang`.
pub fn is_function_word(norm: &str, lang: Lang) -> bool {
    static SETS: OnceLock<[HashSet<String>; 2]> = OnceLock::new();
    let sets = SETS.get_or_init(|| {
        let set = |list: &str, lang| {
            list.split_whitespace()
                .map(|w| normalize(w, lang))
                .collect::<HashSet<String>>()
        };
        [set(AR_FUNCTION, Lang::Ar), set(FR_FUNCTION, Lang::Fr)]
    });
    let set = match lang {
        Lang::Ar => &sets[0],
        Lang::Fr => &sets[1],
    };
    // French elisions come as their own token with the apostrophe (`l’`, `qu’`).
    let norm = norm.trim_end_matches(['\'', '’']);
    norm.is_empty() || set.contains(norm) || norm.chars().count() == 1
}

/// True for an Arabic function word with one or two proclitics glued to it (`وهذه`,
/// `بهذه`, `وبهذه`).
fn clitic_function_word(norm: &str) -> bool {
    let mut rest = norm;
    for _ in 0..2 {
        let Some(c) = rest.chars().next() else {
            return false;
        };
        if !matches!(c, 'و' | 'ف' | 'ب' | 'ل' | 'ك') || rest.chars().count() < 3 {
            return false;
        }
        rest = &rest[c.len_utf8()..];
        if is_function_word(rest, Lang::Ar) {
            return true;
        }
    }
    false
}

/// The words of `text` in `lang`, keyed with `vocab`.
pub fn words(text: &str, lang: Lang, vocab: &Vocab) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for t in tokenize(text, lang) {
        let glued = out.last().is_some_and(|prev| {
            text.get(prev.end..t.start).is_some_and(|gap| {
                gap.chars()
                    .all(|c| c.is_whitespace() || matches!(c, '-' | '\'' | '’' | '‐' | '‑'))
            })
        });
        let func =
            is_function_word(&t.norm, lang) || (lang == Lang::Ar && clitic_function_word(&t.norm));
        let digit = t.norm.chars().any(|c| c.is_ascii_digit());
        let key = vocab.key(&t.norm, lang);
        out.push(Word {
            start: t.start,
            end: t.end,
            norm: t.norm,
            key,
            func,
            digit,
            glued,
        });
    }
    out
}

/// Every candidate term of a side: runs of glued words of 1 to [`MAX_CONTENT`] content
/// words that start and end with a content word and hold no number.
pub fn candidates(words: &[Word]) -> Vec<Candidate> {
    let mut out = Vec::new();
    for i in 0..words.len() {
        if words[i].func || words[i].digit || words[i].key.is_empty() {
            continue;
        }
        let mut keys: Vec<&str> = Vec::new();
        for (j, w) in words.iter().enumerate().take(i + MAX_WORDS).skip(i) {
            if (j > i && !w.glued) || w.digit {
                break;
            }
            if w.func {
                continue;
            }
            keys.push(&w.key);
            if keys.len() > MAX_CONTENT {
                break;
            }
            out.push(Candidate {
                key: keys.join(" "),
                first: i,
                last: j,
                content: keys.len(),
            });
        }
    }
    out
}

/// The key a phrase (an anchor's surface string, say) is counted under, as for a
/// candidate spanning all its words; `None` when it has no content word.
pub fn phrase_key(text: &str, lang: Lang, vocab: &Vocab) -> Option<String> {
    let keys: Vec<String> = words(text, lang, vocab)
        .into_iter()
        .filter(|w| !w.func && !w.digit)
        .map(|w| w.key)
        .collect();
    (!keys.is_empty()).then(|| keys.join(" "))
}

/// The surface form of words `first..=last` of `text` as a glossary shows it: the
/// original characters with runs of white space folded to one space and, in Arabic,
/// the first word without the conjunction or preposition glued to it (`لكأس العالم`
/// → `كأس العالم`, `للأمن` → `الأمن`).
pub fn surface(text: &str, words: &[Word], first: usize, last: usize, lang: Lang) -> String {
    let (Some(a), Some(b)) = (words.get(first), words.get(last)) else {
        return String::new();
    };
    let Some(raw) = text.get(a.start..b.end) else {
        return String::new();
    };
    let mut s = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if lang == Lang::Ar {
        s = strip_proclitic(&s, a);
    }
    s
}

/// Drops a leading `و ف ب ك ل` (or turns `لل` into `ال`) when the word's key shows that
/// the letter is a clitic rather than part of the word.
fn strip_proclitic(s: &str, first: &Word) -> String {
    let (base, _) = arabic_readings(&first.norm);
    let mut chars = s.chars();
    let (Some(c1), Some(c2)) = (chars.next(), chars.next()) else {
        return s.to_string();
    };
    let rest = &s[c1.len_utf8()..];
    if c1 == 'ل' && c2 == 'ل' && rest.chars().count() > 3 {
        // للأمن = ل + الأمن with the alef of the article dropped.
        return format!("ا{rest}");
    }
    let clitic = matches!(c1, 'و' | 'ف' | 'ب' | 'ك' | 'ل');
    let article_follows = rest.starts_with("ال") && rest.chars().count() > 4;
    if clitic && (article_follows || (first.key != base && rest.chars().count() >= 3)) {
        // One clitic off; a second one (وبال...) goes on the next round.
        let again = Word {
            norm: first.norm.chars().skip(1).collect(),
            ..first.clone()
        };
        return strip_proclitic(rest, &again);
    }
    s.to_string()
}

/// A French acronym tied to its expansion in the same sentence:
/// `Direction générale de la sûreté nationale (DGSN)` or `DGSN (Direction ...)`.
#[derive(Debug, Clone, PartialEq)]
pub struct Acronym {
    /// The acronym as written (`DGSN`).
    pub acronym: String,
    /// Index of the acronym's word.
    pub word: usize,
    /// First word of the expansion.
    pub first: usize,
    /// Last word of the expansion.
    pub last: usize,
}

/// True for a word written in capitals only, 2 to 8 letters (`DGSN`, `ONU`).
pub fn is_acronym(word: &str) -> bool {
    let n = word.chars().count();
    (2..=8).contains(&n) && word.chars().all(|c| c.is_uppercase())
}

/// The acronyms of a French side whose expansion stands next to them in parentheses,
/// matched on the initials of the expansion's content words.
pub fn acronyms(text: &str, words: &[Word]) -> Vec<Acronym> {
    let mut out = Vec::new();
    for (k, w) in words.iter().enumerate() {
        let Some(acr) = text.get(w.start..w.end) else {
            continue;
        };
        if !is_acronym(acr) {
            continue;
        }
        let letters: Vec<char> = acr.chars().flat_map(char::to_lowercase).collect();
        let before = text.get(..w.start).unwrap_or("").trim_end();
        let after = text.get(w.end..).unwrap_or("").trim_start();
        if before.ends_with('(') && after.starts_with(')') && k > 0 {
            // Expansion (ACR): walk back over the content words, matching initials from
            // the acronym's last letter.
            let mut need = letters.len();
            let mut j = k;
            while j > 0 && need > 0 {
                j -= 1;
                let x = &words[j];
                if x.func {
                    continue;
                }
                if initial(text, x) != Some(letters[need - 1]) {
                    break;
                }
                need -= 1;
            }
            if need == 0 {
                out.push(Acronym {
                    acronym: acr.to_string(),
                    word: k,
                    first: j,
                    last: k - 1,
                });
            }
        } else if after.starts_with('(') {
            // ACR (Expansion ...): walk forward.
            let mut need = 0;
            let mut j = k + 1;
            let mut last = k;
            while j < words.len() && need < letters.len() {
                let x = &words[j];
                if !x.func {
                    if initial(text, x) != Some(letters[need]) {
                        break;
                    }
                    need += 1;
                    last = j;
                }
                j += 1;
            }
            if need == letters.len() && last > k {
                out.push(Acronym {
                    acronym: acr.to_string(),
                    word: k,
                    first: k + 1,
                    last,
                });
            }
        }
    }
    out
}

fn initial(text: &str, w: &Word) -> Option<char> {
    text.get(w.start..w.end)?
        .chars()
        .next()?
        .to_lowercase()
        .next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conjunction_and_function_word() {
        let ws = words("وهذه الزيارات وفي بهذه وزير", Lang::Ar, &Vocab::default());
        let funcs: Vec<bool> = ws.iter().map(|w| w.func).collect();
        assert_eq!(funcs, [true, false, true, true, false]);
    }

    #[test]
    fn elisions_are_function_words() {
        let text = "l’Assemblée d’Écosse s’est réunie jusqu’au soir";
        let ws = fr_words(text);
        let funcs: Vec<&str> = ws
            .iter()
            .filter(|w| w.func)
            .map(|w| &text[w.start..w.end])
            .collect();
        assert!(funcs.contains(&"l’") && funcs.contains(&"d’"), "{funcs:?}");
        let shown: Vec<String> = candidates(&ws)
            .iter()
            .map(|c| surface(text, &ws, c.first, c.last, Lang::Fr))
            .collect();
        assert!(
            shown.contains(&"Assemblée d’Écosse".to_string()),
            "{shown:?}"
        );
        assert!(
            !shown
                .iter()
                .any(|s| s.starts_with("l’") || s.ends_with('’')),
            "{shown:?}"
        );
    }

    fn fr_words(text: &str) -> Vec<Word> {
        words(text, Lang::Fr, &Vocab::default())
    }

    #[test]
    fn candidates_keep_inner_function_words_but_not_edges() {
        let text = "le président du Conseil des ministres, et le directeur";
        let ws = fr_words(text);
        let cands = candidates(&ws);
        let shown: Vec<String> = cands
            .iter()
            .map(|c| surface(text, &ws, c.first, c.last, Lang::Fr))
            .collect();
        assert!(shown.contains(&"président du Conseil des ministres".to_string()));
        assert!(shown.contains(&"Conseil des ministres".to_string()));
        // Never across the comma, never at a function word.
        assert!(!shown.iter().any(|s| s.contains("ministres, et")));
        assert!(
            !shown
                .iter()
                .any(|s| s.starts_with("du ") || s.ends_with(" des"))
        );
    }

    #[test]
    fn acronym_tied_to_expansion() {
        let text = "Le directeur de la Direction générale de la sûreté nationale (DGSN) a visité";
        let ws = fr_words(text);
        let acr = acronyms(text, &ws);
        assert_eq!(acr.len(), 1);
        assert_eq!(acr[0].acronym, "DGSN");
        assert_eq!(
            surface(text, &ws, acr[0].first, acr[0].last, Lang::Fr),
            "Direction générale de la sûreté nationale"
        );
    }

    #[test]
    fn arabic_surface_drops_clitic_of_first_word() {
        let text = "زيارة المديرية العامة للأمن الوطني لكأس العالم";
        let mut vocab = Vocab::default();
        vocab.add("كأس العالم كأس", Lang::Ar);
        vocab.add(text, Lang::Ar);
        let ws = words(text, Lang::Ar, &vocab);
        let n = ws.len();
        assert_eq!(surface(text, &ws, n - 2, n - 1, Lang::Ar), "كأس العالم");
        assert_eq!(surface(text, &ws, 3, 4, Lang::Ar), "الأمن الوطني");
        // The construct chain is one candidate with its clitic inside.
        let keys: Vec<String> = candidates(&ws).into_iter().map(|c| c.key).collect();
        let chain = phrase_key("المديرية العامة للأمن الوطني", Lang::Ar, &vocab).unwrap();
        assert!(keys.contains(&chain), "{chain} not in {keys:?}");
    }
}
