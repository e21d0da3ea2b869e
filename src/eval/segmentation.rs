//! Sentence-boundary precision, recall and F1 against a gold segmentation.
//!
//! A *boundary* is the character offset (counted in Unicode scalar values from the
//! start of the text) just past the last non-space character of a sentence. The end
//! of the text's last sentence is not counted: every segmentation has it, so it
//! would only inflate the scores. A predicted boundary is correct when the gold has
//! a boundary at exactly the same offset; precision, recall and F1 follow, summed
//! over documents (micro-average) by adding [`BoundaryScore`]s.

use crate::text::segment::Span;

/// Boundary counts for one or more documents; add them up (`+=`) to pool documents.
pub type BoundaryScore = super::Prf;

/// The boundaries of predicted sentence spans in `text` (see the module docs),
/// ascending.
pub fn span_boundaries(text: &str, spans: &[Span]) -> Vec<usize> {
    let mut ends: Vec<usize> = spans.iter().map(|s| s.end).collect();
    ends.sort_unstable();
    ends.dedup();
    to_char_offsets(text, &ends)
}

/// The gold boundaries: each gold sentence is found in `text` after the previous
/// one (they must appear in order, as in a `.raw`/`.sents` pair); a sentence not
/// found there is skipped.
pub fn gold_boundaries(text: &str, sentences: &[&str]) -> Vec<usize> {
    let mut ends = Vec::with_capacity(sentences.len());
    let mut cursor = 0;
    for sentence in sentences {
        let sentence = sentence.trim();
        if sentence.is_empty() {
            continue;
        }
        if let Some(found) = text[cursor..].find(sentence) {
            cursor += found + sentence.len();
            ends.push(cursor);
        }
    }
    to_char_offsets(text, &ends)
}

/// Scores predicted boundaries against gold ones; both ascending.
pub fn score_boundaries(predicted: &[usize], gold: &[usize]) -> BoundaryScore {
    let (mut i, mut j, mut correct) = (0, 0, 0);
    while i < predicted.len() && j < gold.len() {
        match predicted[i].cmp(&gold[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                correct += 1;
                i += 1;
                j += 1;
            }
        }
    }
    BoundaryScore {
        correct,
        predicted: predicted.len(),
        gold: gold.len(),
    }
}

/// Scores a predicted segmentation of `text` against its gold sentences.
pub fn score_document(text: &str, predicted: &[Span], gold_sentences: &[&str]) -> BoundaryScore {
    score_boundaries(
        &span_boundaries(text, predicted),
        &gold_boundaries(text, gold_sentences),
    )
}

/// Converts ascending byte offsets (at char boundaries) to character offsets,
/// dropping those at or past the end of the trimmed text.
fn to_char_offsets(text: &str, byte_offsets: &[usize]) -> Vec<usize> {
    let text_end = text.trim_end().len();
    let mut out = Vec::with_capacity(byte_offsets.len());
    let mut chars = 0;
    let mut last_byte = 0;
    for &b in byte_offsets {
        if b >= text_end || b < last_byte || !text.is_char_boundary(b) {
            continue;
        }
        chars += text[last_byte..b].chars().count();
        last_byte = b;
        out.push(chars);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect_segmentation_scores_one() {
        let text = "Un. Deux. Trois.";
        let spans = [
            Span { start: 0, end: 3 },
            Span { start: 4, end: 9 },
            Span { start: 10, end: 16 },
        ];
        let score = score_document(text, &spans, &["Un.", "Deux.", "Trois."]);
        assert_eq!(
            score,
            BoundaryScore {
                correct: 2,
                predicted: 2,
                gold: 2
            }
        );
        assert_eq!(score.f1(), 1.0);
    }

    #[test]
    fn offsets_are_in_characters_not_bytes() {
        let text = "ثم. هو.";
        assert_eq!(gold_boundaries(text, &["ثم.", "هو."]), vec![3]);
    }

    #[test]
    fn missed_and_extra_boundaries_count() {
        let gold = [3, 10, 20];
        let predicted = [3, 12, 20, 25];
        let score = score_boundaries(&predicted, &gold);
        assert_eq!(score.correct, 2);
        assert!((score.precision() - 0.5).abs() < 1e-9);
        assert!((score.recall() - 2.0 / 3.0).abs() < 1e-9);
        let mut total = score;
        total += score;
        assert_eq!(total.gold, 6);
    }

    #[test]
    fn empty_inputs_do_not_divide_by_zero() {
        let score = score_boundaries(&[], &[]);
        assert_eq!(score.f1(), 1.0);
        assert_eq!(score_boundaries(&[1], &[]).f1(), 0.0);
    }
}
