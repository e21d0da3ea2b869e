//! Dates (day, month, year) and weekdays in French and Arabic.
// PLACEHOLDER: the anchors helper replaces this file.

use crate::Lang;

/// A date or part of one found in a sentence.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DateMention {
    /// Year, when written.
    pub year: Option<i32>,
    /// Month 1–12, when written.
    pub month: Option<u8>,
    /// Day of month, when written.
    pub day: Option<u8>,
    /// Weekday 1 (Monday) – 7 (Sunday), when written.
    pub weekday: Option<u8>,
    /// Byte range in the text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
}

impl DateMention {
    /// Keys that two mentions of the same date share, for indexing and matching
    /// ("d:2022-05-25", "m:2022-05", "md:05-25", "wd:3" ...).
    pub fn keys(&self) -> Vec<String> {
        Vec::new()
    }
}

/// Finds dates and weekdays in `text`.
pub fn extract(_text: &str, _lang: Lang) -> Vec<DateMention> {
    Vec::new()
}
