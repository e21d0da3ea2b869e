//! The full-screen review: its state on top of [`Review`] (cursor, scroll, prompt,
//! message) and the event loop. Everything but [`run`] works without a terminal.

use super::bidi::BidiMode;
use super::keys::{self, Action};
use super::model::{Review, Row};
use super::{Stamp, bidi, save};
use crate::output::Status;
use crate::{Error, Result};
use ratatui::crossterm::event::{self, Event, KeyEvent, KeyEventKind};
use std::path::PathBuf;

/// What the keys currently do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// Reviewing.
    Normal,
    /// Typing a search.
    Search(String),
    /// Asked whether to quit with unsaved decisions.
    ConfirmQuit,
    /// The help screen is shown.
    Help,
}

/// Whether the loop goes on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Flow {
    /// Keep going.
    Continue,
    /// Leave the review.
    Quit,
}

/// Settings of a full-screen review.
#[derive(Debug, Clone)]
pub struct Options {
    /// The JSON reviewed, saved to.
    pub path: PathBuf,
    /// The stamp of the JSON as loaded.
    pub stamp: Stamp,
    /// The score threshold of `n`/`N`.
    pub below: f64,
    /// Display order of the Arabic column.
    pub bidi: BidiMode,
    /// Whether to use colour (false under `NO_COLOR`: bold, underline, reverse only).
    pub color: bool,
}

/// The state of the full-screen review.
#[derive(Debug, Clone)]
pub struct App {
    /// The rows and decisions.
    pub review: Review,
    /// The row under the cursor.
    pub cursor: usize,
    /// The first row on screen.
    pub top: usize,
    /// What the keys do now.
    pub mode: Mode,
    /// A one-line message for the reviewer (result of the last action).
    pub message: Option<String>,
    /// The last search, repeated by an empty one.
    pub last_search: Option<String>,
    /// How many text lines the rows get on screen (set by the renderer).
    pub page: usize,
    /// Settings.
    pub opts: Options,
}

impl App {
    /// A review starting on the first pair.
    pub fn new(review: Review, opts: Options) -> App {
        let cursor = review
            .rows
            .iter()
            .position(|r| matches!(r, Row::Pair(_)))
            .or_else(|| {
                review
                    .rows
                    .iter()
                    .position(|r| !matches!(r, Row::Header { .. }))
            })
            .unwrap_or(0);
        App {
            review,
            cursor,
            top: 0,
            mode: Mode::Normal,
            message: None,
            last_search: None,
            page: 20,
            opts,
        }
    }

    /// The pair under the cursor, if the cursor is on a pair.
    pub fn current_pair(&self) -> Option<usize> {
        self.review.pair_at(self.cursor)
    }

    /// Handles one key.
    pub fn handle_key(&mut self, key: KeyEvent) -> Flow {
        if key.kind == KeyEventKind::Release {
            return Flow::Continue;
        }
        let typing = matches!(self.mode, Mode::Search(_));
        match (keys::action(key, typing), &self.mode) {
            (Some(a), _) => self.handle(a),
            // Any key closes the help or answers "keep reviewing", even one with no action.
            (None, Mode::Help | Mode::ConfirmQuit) => {
                self.mode = Mode::Normal;
                self.message = None;
                Flow::Continue
            }
            (None, _) => Flow::Continue,
        }
    }

    /// Carries out one action.
    pub fn handle(&mut self, action: Action) -> Flow {
        match std::mem::replace(&mut self.mode, Mode::Normal) {
            Mode::Normal => self.normal(action),
            Mode::Help => Flow::Continue,
            Mode::ConfirmQuit => match action {
                Action::Save => {
                    if self.save() {
                        Flow::Quit
                    } else {
                        Flow::Continue
                    }
                }
                Action::Quit => Flow::Quit,
                _ => {
                    self.message = None;
                    Flow::Continue
                }
            },
            Mode::Search(mut query) => {
                match action {
                    Action::Input(c) => {
                        query.push(c);
                        self.mode = Mode::Search(query);
                    }
                    Action::Backspace => {
                        query.pop();
                        self.mode = Mode::Search(query);
                    }
                    Action::Enter => {
                        let query = if query.is_empty() {
                            self.last_search.clone().unwrap_or_default()
                        } else {
                            query
                        };
                        self.search(&query);
                    }
                    _ => self.message = None,
                }
                Flow::Continue
            }
        }
    }

    fn normal(&mut self, action: Action) -> Flow {
        self.message = None;
        match action {
            Action::Down => self.step(true),
            Action::Up => self.step(false),
            Action::PageDown => self.jump(self.cursor.saturating_add(self.page.max(1)), true),
            Action::PageUp => self.jump(self.cursor.saturating_sub(self.page.max(1)), false),
            Action::Top => self.jump(0, true),
            Action::Bottom => self.jump(self.review.rows.len().saturating_sub(1), false),
            Action::Accept => self.decide(Status::Accepted),
            Action::Reject => self.decide(Status::Rejected),
            Action::Undo => match self.review.undo() {
                Some(p) => {
                    if let Some(row) = self.review.row_of(p) {
                        self.cursor = row;
                    }
                    let status = self.review.file.pairs.get(p).map(|p| p.status);
                    self.message = Some(format!(
                        "undone: #{p} is {} again",
                        status.map_or("?", status_name)
                    ));
                }
                None => self.message = Some("nothing to undo".into()),
            },
            Action::NextBelow | Action::PrevBelow => {
                let forward = action == Action::NextBelow;
                match self
                    .review
                    .next_below(self.cursor, forward, self.opts.below)
                {
                    Some(row) => self.cursor = row,
                    None => {
                        self.message = Some(format!(
                            "no pair below {:.2} {}",
                            self.opts.below,
                            if forward {
                                "further down"
                            } else {
                                "further up"
                            }
                        ))
                    }
                }
            }
            Action::Search => self.mode = Mode::Search(String::new()),
            Action::Save => {
                self.save();
            }
            Action::Quit => {
                let n = self.review.unsaved();
                if n == 0 {
                    return Flow::Quit;
                }
                self.mode = Mode::ConfirmQuit;
                self.message = Some(format!(
                    "{n} unsaved decision{}: s save and quit, q quit without saving, \
                     Esc keep reviewing",
                    if n == 1 { "" } else { "s" }
                ));
            }
            Action::Help => self.mode = Mode::Help,
            Action::Input(_) | Action::Backspace | Action::Enter | Action::Cancel => {}
        }
        Flow::Continue
    }

    /// Moves to the next (previous) pair; past the last pair, to the rows after it, so
    /// that the unaligned sentences at the end can be seen too.
    fn step(&mut self, forward: bool) {
        let next = self.review.next_pair(self.cursor, forward).or_else(|| {
            let rows = &self.review.rows;
            let content = |r: &usize| !matches!(rows.get(*r), Some(Row::Header { .. }));
            if forward {
                (self.cursor + 1..rows.len()).find(content)
            } else {
                (0..self.cursor.min(rows.len())).rev().find(content)
            }
        });
        if let Some(row) = next {
            self.cursor = row;
        }
    }

    /// Puts the cursor on `row`, or the nearest row that is not a header in `forward`
    /// direction (then the other).
    fn jump(&mut self, row: usize, forward: bool) {
        let rows = &self.review.rows;
        if rows.is_empty() {
            return;
        }
        let row = row.min(rows.len() - 1);
        let content = |r: &usize| !matches!(rows.get(*r), Some(Row::Header { .. }));
        let found = if forward {
            (row..rows.len())
                .find(content)
                .or_else(|| (0..row).rev().find(content))
        } else {
            (0..=row)
                .rev()
                .find(content)
                .or_else(|| (row..rows.len()).find(content))
        };
        if let Some(r) = found {
            self.cursor = r;
        }
    }

    fn decide(&mut self, status: Status) {
        let Some(p) = self.current_pair() else {
            self.message = Some("not a pair: only pairs are accepted or rejected".into());
            return;
        };
        let changed = self.review.decide(p, status);
        self.message = Some(if changed {
            format!("#{p} {}", status_name(status))
        } else {
            format!("#{p} is already {}", status_name(status))
        });
        if let Some(next) = self.review.next_pair(self.cursor, true) {
            self.cursor = next;
        }
    }

    fn search(&mut self, query: &str) {
        if query.is_empty() {
            return;
        }
        self.last_search = Some(query.to_string());
        match self.review.search(self.cursor, query, true) {
            Some(row) => self.cursor = row,
            None => {
                self.message = Some(format!("not found: {}", bidi::sanitize(query).text));
            }
        }
    }

    /// Saves; returns whether it worked. The outcome is in the message.
    pub fn save(&mut self) -> bool {
        match save(&self.opts.path, &self.review.file, self.opts.stamp) {
            Ok(stamp) => {
                self.opts.stamp = stamp;
                self.review.mark_saved();
                self.message = Some(format!(
                    "saved {} and its TMX",
                    bidi::sanitize(&self.opts.path.display().to_string()).text
                ));
                true
            }
            Err(e) => {
                self.message = Some(format!("error: {e}"));
                false
            }
        }
    }
}

/// The name of a status, as in the JSON.
pub fn status_name(status: Status) -> &'static str {
    match status {
        Status::Auto => "auto",
        Status::Accepted => "accepted",
        Status::Rejected => "rejected",
    }
}

/// Runs the full-screen review on the terminal until the reviewer quits.
pub fn run(mut app: App) -> Result<()> {
    let mut terminal = ratatui::try_init()
        .map_err(|e| Error::Input(format!("cannot start the full-screen view: {e}")))?;
    let result = (|| -> std::io::Result<()> {
        loop {
            terminal.draw(|f| super::render::draw(f, &mut app))?;
            if let Event::Key(key) = event::read()?
                && app.handle_key(key) == Flow::Quit
            {
                return Ok(());
            }
        }
    })();
    // Restored before any error is reported, so the message lands on a sane terminal.
    ratatui::restore();
    result.map_err(|e| Error::Input(format!("terminal error: {e}")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::output::AlignmentFile;
    use crate::review::model::Filters;

    fn app() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        std::fs::copy(
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/tests/data/review/seeds_small.json"
            ),
            &path,
        )
        .unwrap();
        let (file, stamp) = crate::review::load(&path).unwrap();
        let review = Review::new(file, &Filters::default()).unwrap();
        let opts = Options {
            path,
            stamp,
            below: 0.5,
            bidi: BidiMode::Visual,
            color: true,
        };
        (dir, App::new(review, opts))
    }

    #[test]
    fn accept_reject_undo_save_quit() {
        let (_dir, mut app) = app();
        let first = app.current_pair().unwrap();
        app.handle(Action::Accept);
        let second = app.current_pair().unwrap();
        assert_ne!(first, second, "a decision moves on to the next pair");
        app.handle(Action::Reject);
        app.handle(Action::Undo);
        assert_eq!(
            app.current_pair(),
            Some(second),
            "undo goes back to the pair"
        );
        app.handle(Action::Reject);
        assert_eq!(app.handle(Action::Quit), Flow::Continue, "asks first");
        assert_eq!(app.mode, Mode::ConfirmQuit);
        assert_eq!(app.handle(Action::Save), Flow::Quit);
        let saved = AlignmentFile::load(&app.opts.path).unwrap();
        assert_eq!(saved.pairs[first].status, Status::Accepted);
        assert_eq!(saved.pairs[second].status, Status::Rejected);
        assert_eq!(app.handle(Action::Quit), Flow::Quit, "nothing unsaved");
    }

    #[test]
    fn save_refuses_a_file_changed_on_disk() {
        let (_dir, mut app) = app();
        app.handle(Action::Accept);
        let path = app.opts.path.clone();
        let mut other = AlignmentFile::load(&path).unwrap();
        other.pairs.pop();
        std::fs::write(&path, other.to_json()).unwrap();
        assert!(!app.save());
        let msg = app.message.clone().unwrap();
        assert!(msg.contains("changed on disk"), "{msg}");
        assert_eq!(AlignmentFile::load(&path).unwrap(), other, "left untouched");
        assert!(!crate::review::tmx_path(&path).exists());
        assert_eq!(app.review.unsaved(), 1, "decisions kept");
    }

    #[test]
    fn search_prompt_and_below_navigation() {
        let (_dir, mut app) = app();
        app.handle(Action::Search);
        for c in "cybersécurité".chars() {
            app.handle(Action::Input(c));
        }
        app.handle(Action::Enter);
        assert_eq!(app.mode, Mode::Normal);
        let (fr, _) = app.review.texts(app.cursor);
        assert!(fr.contains("cybersécurité"), "{fr}");
        app.handle(Action::Top);
        app.handle(Action::NextBelow);
        let p = app.current_pair().unwrap();
        assert!(app.review.file.pairs[p].score < 0.5);
        app.handle(Action::NextBelow);
        assert!(app.message.as_deref().unwrap().starts_with("no pair below"));
    }

    #[test]
    fn any_key_closes_help_and_cancels_quit() {
        use ratatui::crossterm::event::{KeyCode, KeyModifiers};
        let key = |c| KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE);
        let (_dir, mut app) = app();
        app.handle_key(key('?'));
        assert_eq!(app.mode, Mode::Help);
        app.handle_key(key('x'));
        assert_eq!(app.mode, Mode::Normal);
        app.handle_key(key('/'));
        assert_eq!(app.mode, Mode::Search(String::new()));
        app.handle_key(key('r'));
        assert_eq!(
            app.mode,
            Mode::Search("r".into()),
            "letters are text in a search"
        );
        assert_eq!(app.review.unsaved(), 0);
        app.handle_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE));
        app.handle_key(key('a'));
        assert_eq!(app.handle_key(key('q')), Flow::Continue);
        assert_eq!(app.mode, Mode::ConfirmQuit);
        assert_eq!(app.handle_key(key('x')), Flow::Continue);
        assert_eq!(app.mode, Mode::Normal);
        app.handle_key(key('q'));
        assert_eq!(
            app.handle_key(key('q')),
            Flow::Quit,
            "q twice quits without saving"
        );
    }

    #[test]
    fn not_a_pair_cannot_be_decided() {
        let (_dir, mut app) = app();
        app.handle(Action::Bottom);
        assert!(app.current_pair().is_none());
        app.handle(Action::Accept);
        assert_eq!(app.review.unsaved(), 0);
        assert!(app.message.as_deref().unwrap().starts_with("not a pair"));
    }
}
