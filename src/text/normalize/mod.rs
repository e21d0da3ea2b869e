//! Normalization for matching (never for output).
//!
//! Folding is driven by each character's script rather than by the document's
//! language: a Latin name quoted inside an Arabic article (`Hammouchi`, `MWPs`) then
//! normalizes exactly as it does in French text, which is what cross-lingual anchors
//! need. Arabic-script rules live in [`arabic`], Latin-script rules in [`french`], and
//! the rules every script shares (digits, quotes, apostrophes, dashes) here.

pub mod arabic;
pub mod french;

use crate::Lang;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfkc_quick};

/// Returns `text` normalized for comparison.
///
/// Steps: NFKC; Arabic letters lose tashkeel and tatweel, alef forms become `ا`,
/// `ى` becomes `ي` and a word-final `ة` becomes `ه`; Latin letters are lowercased and
/// lose their accents (`é`→`e`, `œ`→`oe`); Arabic-Indic and Persian digits become
/// ASCII; apostrophes become `'`, double quotes and guillemets `"`, dashes `-`, and
/// Arabic comma, semicolon, question and percent marks their ASCII forms. `lang` is
/// part of the signature for callers and future language-only rules; today both
/// languages share the script-driven folding described above.
pub fn normalize(text: &str, lang: Lang) -> String {
    let _ = lang;
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        // Fast path: ASCII is already NFKC and only needs case and backtick folding.
        out.extend(text.bytes().map(|b| fold_ascii(b) as char));
        return out;
    }
    let mut folder = Folder::new(&mut out);
    if is_nfkc_quick(text.chars()) == IsNormalized::Yes {
        text.chars().for_each(|c| folder.push(c));
    } else {
        text.nfkc().for_each(|c| folder.push(c));
    }
    folder.finish();
    out
}

/// Folds one ASCII byte: letters to lowercase, the backtick to an apostrophe.
#[inline]
fn fold_ascii(b: u8) -> u8 {
    match b {
        b'`' => b'\'',
        _ => b.to_ascii_lowercase(),
    }
}

/// Streams NFKC characters into the output, holding back a `ة` until the next
/// character shows whether it ends the word.
struct Folder<'a> {
    /// Where folded characters go.
    out: &'a mut String,
    /// A `ة` was seen and not yet written.
    pending_ta_marbuta: bool,
}

impl<'a> Folder<'a> {
    /// A folder writing into `out`.
    fn new(out: &'a mut String) -> Self {
        Folder {
            out,
            pending_ta_marbuta: false,
        }
    }

    /// Folds one NFKC character into the output.
    fn push(&mut self, c: char) {
        if c.is_ascii() {
            self.flush_ta_marbuta(false);
            self.out.push(fold_ascii(c as u8) as char);
            return;
        }
        if arabic::is_dropped(c) {
            // Harakat and tatweel vanish and leave a pending ة pending.
            return;
        }
        if c == arabic::TA_MARBUTA {
            self.flush_ta_marbuta(false);
            self.pending_ta_marbuta = true;
            return;
        }
        let word_goes_on = arabic::is_letter(c);
        self.flush_ta_marbuta(word_goes_on);
        if let Some(s) = fold_shared(c) {
            self.out.push(s);
        } else if let Some(a) = arabic::fold(c) {
            self.out.push(a);
        } else if !french::fold(c, self.out) {
            self.out.push(c);
        }
    }

    /// Writes a held-back `ة`: as `ه` when the word ended, unchanged inside a word.
    fn flush_ta_marbuta(&mut self, word_goes_on: bool) {
        if self.pending_ta_marbuta {
            self.pending_ta_marbuta = false;
            self.out.push(if word_goes_on {
                arabic::TA_MARBUTA
            } else {
                arabic::HA
            });
        }
    }

    /// Writes what is still held back at the end of the text.
    fn finish(mut self) {
        self.flush_ta_marbuta(false);
    }
}

/// Script-independent folds: digits, quotes, apostrophes, dashes, spaces.
fn fold_shared(c: char) -> Option<char> {
    Some(match c {
        '\u{0660}'..='\u{0669}' => char::from(b'0' + (c as u32 - 0x0660) as u8),
        '\u{06F0}'..='\u{06F9}' => char::from(b'0' + (c as u32 - 0x06F0) as u8),
        '\u{2019}' | '\u{2018}' | '\u{02BC}' | '\u{201B}' | '\u{2032}' | '\u{00B4}' => '\'',
        '\u{00AB}' | '\u{00BB}' | '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}'
        | '\u{2033}' => '"',
        '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
        '\u{00A0}' | '\u{2007}' | '\u{202F}' => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_fast_path_lowercases_and_folds_backtick() {
        assert_eq!(normalize("Qatar `2022` MWP", Lang::Fr), "qatar '2022' mwp");
        assert_eq!(normalize("Qatar 2022", Lang::Ar), "qatar 2022");
    }

    #[test]
    fn french_accents_quotes_and_apostrophes() {
        assert_eq!(
            normalize("L’État « Sûreté » Œuvre Ça", Lang::Fr),
            "l'etat \" surete \" oeuvre ca"
        );
        assert_eq!(normalize("“cœur” ʼx‘ „y”", Lang::Fr), "\"coeur\" 'x' \"y\"");
        assert_eq!(normalize("ÆSCHYLE", Lang::Fr), "aeschyle");
    }

    #[test]
    fn arabic_letters_marks_and_digits() {
        // tashkeel and tatweel dropped, alef forms unified, ى→ي, final ة→ه.
        assert_eq!(
            normalize("أَحْمَد إبراهيم آمال ٱلله", Lang::Ar),
            "احمد ابراهيم امال الله"
        );
        assert_eq!(normalize("مصطفى", Lang::Ar), "مصطفي");
        assert_eq!(normalize("کتابی", Lang::Ar), "كتابي");
        assert_eq!(normalize("المدينةُ الكبيرة", Lang::Ar), "المدينه الكبيره");
        assert_eq!(normalize("جــديد", Lang::Ar), "جديد");
        assert_eq!(normalize("٢٠٢٢ و۱۴", Lang::Ar), "2022 و14");
        assert_eq!(
            normalize("نعم، لا؛ لماذا؟ ٥٪", Lang::Ar),
            "نعم, لا; لماذا? 5%"
        );
    }

    #[test]
    fn ta_marbuta_inside_a_word_is_kept() {
        // Non-standard spelling with a letter after ة: not final, so not folded.
        assert_eq!(normalize("ةب", Lang::Ar), "ةب");
        assert_eq!(normalize("ة", Lang::Ar), "ه");
    }

    #[test]
    fn nfkc_applies_to_presentation_forms_and_ligatures() {
        // U+FEFB is the lam-alef ligature; U+FB01 the fi ligature.
        assert_eq!(normalize("\u{FEFB}", Lang::Ar), "لا");
        assert_eq!(normalize("\u{FB01}n", Lang::Fr), "fin");
        assert_eq!(normalize("6\u{202F}000", Lang::Fr), "6 000");
    }

    #[test]
    fn weird_input_does_not_panic() {
        for s in [
            "",
            "\u{0301}",
            "\u{064E}\u{064E}",
            "ة\u{064E}",
            "\u{0000}\u{202E}x",
        ] {
            let _ = normalize(s, Lang::Ar);
            let _ = normalize(s, Lang::Fr);
        }
        assert_eq!(normalize("ة\u{064F}", Lang::Ar), "ه");
    }
}
