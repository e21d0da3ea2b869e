//! The printed view: the same two columns as plain text, for pipes, pagers and logs.
//! Colour (ANSI SGR escapes) only when asked for; everything else is the text itself.

use super::bidi::BidiMode;
use super::layout::{self, Columns, Line, Tone};
use super::model::Review;
use crate::output::Status;
use std::io::Write;

/// Options of the printed view.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintOptions {
    /// Total line width in cells.
    pub width: usize,
    /// Whether to colour with ANSI escapes.
    pub color: bool,
    /// Display order of the Arabic column.
    pub bidi: BidiMode,
}

/// Writes every row of `review` to `out`.
pub fn print(review: &Review, opts: PrintOptions, out: &mut impl Write) -> std::io::Result<()> {
    let cols = Columns::new(review, opts.width);
    let (auto, accepted, rejected) = review.counts();
    writeln!(
        out,
        "{} pairs: {accepted} accepted, {rejected} rejected, {auto} auto; {} rows shown",
        review.file.pairs.len(),
        review.rows.len()
    )?;
    for row in 0..review.rows.len() {
        for line in layout::row_lines(review, row, cols, opts.bidi) {
            write_line(&line, opts.color, out)?;
        }
    }
    Ok(())
}

/// The printed view as a string.
pub fn to_string(review: &Review, opts: PrintOptions) -> String {
    let mut buf = Vec::new();
    // Writing to a Vec cannot fail.
    let _ = print(review, opts, &mut buf);
    String::from_utf8_lossy(&buf).into_owned()
}

fn write_line(line: &Line, color: bool, out: &mut impl Write) -> std::io::Result<()> {
    let mut text = String::new();
    for span in line {
        match sgr(span.tone).filter(|_| color) {
            Some(code) => {
                text.push_str(&format!("\x1b[{code}m{}\x1b[0m", span.text));
            }
            None => text.push_str(&span.text),
        }
    }
    // Padding of the right column makes no sense at the end of a printed line.
    writeln!(out, "{}", text.trim_end_matches(' '))
}

/// The SGR parameters of a tone, if it is coloured.
fn sgr(tone: Tone) -> Option<&'static str> {
    Some(match tone {
        Tone::Plain => return None,
        Tone::Dim => "2",
        Tone::Anchor(i) => ["1;36", "1;35", "1;33", "1;34", "1;32", "1;31"][i % 6],
        Tone::Escape => "7;31",
        Tone::Score(2) => "32",
        Tone::Score(1) => "33",
        Tone::Score(_) => "31",
        Tone::Status(Status::Accepted) => "1;32",
        Tone::Status(Status::Rejected) => "1;31",
        Tone::Status(Status::Auto) => "2",
        Tone::Header => "1;34",
        Tone::Mark => "2",
    })
}
