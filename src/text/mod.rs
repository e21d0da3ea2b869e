//! Text processing for matching: normalization, sentence segmentation, tokenization.
//! Outputs always keep the original text; these forms are for comparison only.

pub mod normalize;
pub mod segment;
pub mod stem;
pub mod tokenize;

/// `char::is_alphabetic`, answered without the Unicode tables for ASCII and the basic
/// Arabic letters (U+0621–U+064A, all alphabetic), most of the text mizan reads.
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphabetic()
    } else {
        ('\u{0621}'..='\u{064A}').contains(&c) || c.is_alphabetic()
    }
}

/// `char::is_alphanumeric`, with the fast paths of [`is_alphabetic`].
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else {
        ('\u{0621}'..='\u{064A}').contains(&c) || c.is_alphanumeric()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn fast_paths_agree_with_the_standard_library() {
        for c in ('\0'..='\u{07FF}').chain('\u{FB50}'..='\u{FEFF}') {
            assert_eq!(super::is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(super::is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }
}
