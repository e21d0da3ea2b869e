//! Drawing the full-screen review with ratatui: a title line, the column heads, the rows
//! of the diff around the cursor, the current pair's anchors and a status line.

use super::app::{App, Mode};
use super::keys::HELP;
use super::layout::{self, Columns, Line, Tone};
use super::model::Row;
use crate::output::Status;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line as TuiLine, Span as TuiSpan, Text};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

/// The colours of the anchors, by anchor number.
const ANCHOR: [Color; layout::ANCHOR_COLOURS] = [
    Color::LightCyan,
    Color::LightMagenta,
    Color::LightYellow,
    Color::LightBlue,
    Color::LightGreen,
    Color::LightRed,
];

/// The style of a tone; without colour, only bold, underline and reverse.
pub fn style(tone: Tone, color: bool) -> Style {
    let s = Style::default();
    if !color {
        return match tone {
            Tone::Plain | Tone::Mark => s,
            Tone::Dim => s.add_modifier(Modifier::DIM),
            Tone::Anchor(_) => s.add_modifier(Modifier::UNDERLINED),
            Tone::Escape => s.add_modifier(Modifier::REVERSED),
            Tone::Score(_) | Tone::Status(_) | Tone::Header => s.add_modifier(Modifier::BOLD),
        };
    }
    match tone {
        Tone::Plain => s,
        Tone::Dim | Tone::Mark => s.fg(Color::DarkGray),
        Tone::Anchor(i) => s.fg(ANCHOR[i % ANCHOR.len()]).add_modifier(Modifier::BOLD),
        Tone::Escape => s.fg(Color::Red).add_modifier(Modifier::REVERSED),
        Tone::Score(2) => s.fg(Color::Green),
        Tone::Score(1) => s.fg(Color::Yellow),
        Tone::Score(_) => s.fg(Color::Red),
        Tone::Status(Status::Accepted) => s.fg(Color::Green).add_modifier(Modifier::BOLD),
        Tone::Status(Status::Rejected) => s.fg(Color::Red).add_modifier(Modifier::BOLD),
        Tone::Status(Status::Auto) => s.fg(Color::DarkGray),
        Tone::Header => s.fg(Color::Blue).add_modifier(Modifier::BOLD),
    }
}

fn tui_line(line: Line, color: bool) -> TuiLine<'static> {
    TuiLine::from(
        line.into_iter()
            .map(|s| TuiSpan::styled(s.text, style(s.tone, color)))
            .collect::<Vec<_>>(),
    )
}

/// Draws `app` on `frame`, scrolling so that the cursor row is on screen.
pub fn draw(frame: &mut Frame, app: &mut App) {
    let [title, heads, body, anchors, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(frame.area());
    let color = app.opts.color;
    let cols = Columns::new(&app.review, body.width as usize);

    frame.render_widget(Paragraph::new(title_line(app)), title);
    frame.render_widget(Paragraph::new(heads_line(cols)), heads);

    app.page = body.height as usize;
    scroll(app, cols, body.height as usize);
    let mut lines: Vec<TuiLine> = Vec::with_capacity(body.height as usize);
    let mut row = app.top;
    while lines.len() < body.height as usize && row < app.review.rows.len() {
        let cursor = row == app.cursor;
        for line in layout::row_lines(&app.review, row, cols, app.opts.bidi) {
            let mut l = tui_line(line, color);
            if cursor {
                l = l.patch_style(if color {
                    Style::default().bg(Color::Indexed(236))
                } else {
                    Style::default().add_modifier(Modifier::REVERSED)
                });
            }
            lines.push(l);
        }
        row += 1;
    }
    if app.review.rows.is_empty() {
        lines.push(TuiLine::from("no rows: nothing matches the filters"));
    }
    lines.truncate(body.height as usize);
    frame.render_widget(Paragraph::new(Text::from(lines)), body);

    let detail = match app.review.rows.get(app.cursor) {
        Some(Row::Pair(p)) => {
            let mut l = where_line(app, *p);
            l.extend(layout::anchor_line(&app.review, *p, app.opts.bidi));
            tui_line(l, color)
        }
        Some(Row::Unaligned {
            lang,
            doc,
            sentence,
        }) => {
            let id = app
                .review
                .file
                .documents
                .get(*doc)
                .map_or(String::new(), |d| {
                    super::bidi::sanitize(&d.id).into_owned_text()
                });
            TuiLine::styled(
                format!("unaligned {lang} sentence {sentence} of {id}"),
                style(Tone::Dim, color),
            )
        }
        _ => TuiLine::default(),
    };
    frame.render_widget(Paragraph::new(detail), anchors);
    frame.render_widget(Paragraph::new(status_line(app)), status);

    if app.mode == Mode::Help {
        help(frame, color);
    }
}

/// Moves `app.top` so that the cursor row fits on the `height` lines of the body,
/// looking at no more rows than fit on screen (files may have many thousands).
fn scroll(app: &mut App, cols: Columns, height: usize) {
    let rows = app.review.rows.len();
    if rows == 0 {
        app.top = 0;
        return;
    }
    app.cursor = app.cursor.min(rows - 1);
    let h = |r: usize| {
        layout::row_lines(&app.review, r, cols, app.opts.bidi)
            .len()
            .max(1)
    };
    if app.cursor < app.top {
        app.top = app.cursor;
        // Keep the group title in view when the cursor is on the group's first row.
        if app.top > 0 && matches!(app.review.rows[app.top - 1], Row::Header { .. }) {
            app.top -= 1;
        }
        return;
    }
    let mut used = 0;
    for r in app.top..=app.cursor {
        used += h(r);
        if used > height {
            break;
        }
    }
    if used <= height {
        return;
    }
    // The cursor row goes to the bottom: walk up from it while rows still fit.
    let mut top = app.cursor;
    let mut used = h(top);
    while top > 0 {
        let above = h(top - 1);
        if used + above > height {
            break;
        }
        used += above;
        top -= 1;
    }
    app.top = top;
}

fn title_line(app: &App) -> TuiLine<'static> {
    let (auto, accepted, rejected) = app.review.counts();
    let color = app.opts.color;
    let name = super::bidi::sanitize(&app.opts.path.display().to_string()).into_owned_text();
    let mut spans = vec![
        TuiSpan::styled(" mizan review ", style(Tone::Header, color)),
        TuiSpan::raw(format!("{name}  ")),
        TuiSpan::raw(format!("{} pairs: ", app.review.file.pairs.len())),
        TuiSpan::styled(
            format!("{accepted} ✓ "),
            style(Tone::Status(Status::Accepted), color),
        ),
        TuiSpan::styled(
            format!("{rejected} ✗ "),
            style(Tone::Status(Status::Rejected), color),
        ),
        TuiSpan::raw(format!("{auto} · ")),
    ];
    let unsaved = app.review.unsaved();
    if unsaved > 0 {
        spans.push(TuiSpan::styled(
            format!(" [{unsaved} unsaved]"),
            style(Tone::Score(1), color),
        ));
    }
    TuiLine::from(spans)
}

fn heads_line(cols: Columns) -> TuiLine<'static> {
    let fr = "French";
    let ar = "Arabic";
    TuiLine::from(format!(
        "{:p$}{fr:<s$}   {ar:>s$}",
        "",
        p = cols.prefix,
        s = cols.side
    ))
    .style(Style::default().add_modifier(Modifier::BOLD))
}

fn where_line(app: &App, p: usize) -> Line {
    let Some(pair) = app.review.file.pairs.get(p) else {
        return Vec::new();
    };
    let range = |s: &[usize]| match (s.first(), s.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}-{b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    };
    vec![layout::Span {
        text: format!(
            "#{p} {} · fr {} · ar {} · ",
            super::app::status_name(pair.status),
            range(&pair.fr.sentences),
            range(&pair.ar.sentences)
        ),
        tone: Tone::Dim,
    }]
}

fn status_line(app: &App) -> TuiLine<'static> {
    let color = app.opts.color;
    if let Mode::Search(q) = &app.mode {
        return TuiLine::from(format!("/{}", super::bidi::sanitize(q).into_owned_text()));
    }
    if let Some(m) = &app.message {
        let tone = if m.starts_with("error") {
            Tone::Status(Status::Rejected)
        } else {
            Tone::Plain
        };
        // Messages can quote file names and searches: made safe like the text.
        let safe = super::bidi::sanitize(m).into_owned_text();
        return TuiLine::styled(safe, style(tone, color));
    }
    TuiLine::styled(
        format!(
            "j/k move  a accept  r reject  u undo  n/N below {:.2}  / search  s save  q quit  ? help",
            app.opts.below
        ),
        style(Tone::Dim, color),
    )
}

fn help(frame: &mut Frame, color: bool) {
    let area = frame.area();
    let width = 64.min(area.width);
    let height = (HELP.len() as u16 + 4).min(area.height);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + (area.height - height) / 2,
        width,
        height,
    };
    let mut lines: Vec<TuiLine> = HELP
        .iter()
        .map(|(k, what)| {
            TuiLine::from(vec![
                TuiSpan::styled(format!(" {k:<13}"), style(Tone::Header, color)),
                TuiSpan::raw(what.to_string()),
            ])
        })
        .collect();
    lines.push(TuiLine::from(""));
    lines.push(TuiLine::styled(" any key closes", style(Tone::Dim, color)));
    frame.render_widget(Clear, popup);
    frame.render_widget(
        Paragraph::new(Text::from(lines))
            .block(Block::default().borders(Borders::ALL).title(" keys ")),
        popup,
    );
}
