//! Keys to actions. Kept apart from the event loop so the key map is testable and the
//! help screen lists the same keys the loop obeys.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

/// What the reviewer asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Next pair.
    Down,
    /// Previous pair.
    Up,
    /// A screen further.
    PageDown,
    /// A screen back.
    PageUp,
    /// The first row.
    Top,
    /// The last row.
    Bottom,
    /// Accept the pair under the cursor.
    Accept,
    /// Reject the pair under the cursor.
    Reject,
    /// Take back the last decision.
    Undo,
    /// Next pair below the score threshold.
    NextBelow,
    /// Previous pair below the score threshold.
    PrevBelow,
    /// Start a search.
    Search,
    /// Save the JSON and the TMX.
    Save,
    /// Quit (asks when decisions are unsaved).
    Quit,
    /// Show the keys.
    Help,
    /// A character typed into a prompt.
    Input(char),
    /// Delete the last character of a prompt.
    Backspace,
    /// Confirm a prompt.
    Enter,
    /// Leave a prompt or a message.
    Cancel,
}

/// The keys, as the help screen shows them.
pub const HELP: &[(&str, &str)] = &[
    ("j / ↓", "next pair"),
    ("k / ↑", "previous pair"),
    ("PgDn / PgUp", "a screen down / up"),
    ("g / G", "first / last row"),
    ("a", "accept the pair (and go to the next)"),
    ("r", "reject the pair (and go to the next)"),
    ("u", "undo the last decision"),
    ("n / N", "next / previous pair below the score threshold"),
    ("/", "search the text (Enter on an empty search repeats)"),
    ("s", "save the JSON and the TMX"),
    ("q", "quit (asks when decisions are unsaved)"),
    ("?", "this help"),
];

/// The action of `key`; `typing` is true while a prompt takes text. Key releases and
/// unknown keys give nothing.
pub fn action(key: KeyEvent, typing: bool) -> Option<Action> {
    if key.kind == KeyEventKind::Release {
        return None;
    }
    let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
    if typing {
        return match key.code {
            KeyCode::Enter => Some(Action::Enter),
            KeyCode::Esc => Some(Action::Cancel),
            KeyCode::Backspace => Some(Action::Backspace),
            KeyCode::Char('c') if ctrl => Some(Action::Cancel),
            KeyCode::Char(c) if !ctrl && !c.is_control() => Some(Action::Input(c)),
            _ => None,
        };
    }
    Some(match key.code {
        KeyCode::Char('c') if ctrl => Action::Quit,
        KeyCode::Char('f') if ctrl => Action::PageDown,
        KeyCode::Char('b') if ctrl => Action::PageUp,
        _ if ctrl => return None,
        KeyCode::Char('j') | KeyCode::Down => Action::Down,
        KeyCode::Char('k') | KeyCode::Up => Action::Up,
        KeyCode::PageDown | KeyCode::Char(' ') => Action::PageDown,
        KeyCode::PageUp => Action::PageUp,
        KeyCode::Char('g') | KeyCode::Home => Action::Top,
        KeyCode::Char('G') | KeyCode::End => Action::Bottom,
        KeyCode::Char('a') => Action::Accept,
        KeyCode::Char('r') => Action::Reject,
        KeyCode::Char('u') => Action::Undo,
        KeyCode::Char('n') => Action::NextBelow,
        KeyCode::Char('N') => Action::PrevBelow,
        KeyCode::Char('/') => Action::Search,
        KeyCode::Char('s') => Action::Save,
        KeyCode::Char('q') => Action::Quit,
        KeyCode::Char('?') => Action::Help,
        KeyCode::Enter => Action::Enter,
        KeyCode::Esc => Action::Cancel,
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(c: KeyCode) -> KeyEvent {
        KeyEvent::new(c, KeyModifiers::NONE)
    }

    #[test]
    fn review_keys() {
        assert_eq!(action(key(KeyCode::Char('j')), false), Some(Action::Down));
        assert_eq!(action(key(KeyCode::Up), false), Some(Action::Up));
        assert_eq!(action(key(KeyCode::Char('a')), false), Some(Action::Accept));
        assert_eq!(action(key(KeyCode::Char('r')), false), Some(Action::Reject));
        assert_eq!(
            action(key(KeyCode::Char('N')), false),
            Some(Action::PrevBelow)
        );
        assert_eq!(action(key(KeyCode::Char('x')), false), None);
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(action(ctrl_c, false), Some(Action::Quit));
    }

    #[test]
    fn prompts_take_letters_as_text() {
        assert_eq!(
            action(key(KeyCode::Char('q')), true),
            Some(Action::Input('q'))
        );
        assert_eq!(
            action(key(KeyCode::Char('ق')), true),
            Some(Action::Input('ق'))
        );
        assert_eq!(action(key(KeyCode::Esc), true), Some(Action::Cancel));
        let mut release = key(KeyCode::Char('a'));
        release.kind = KeyEventKind::Release;
        assert_eq!(action(release, false), None);
    }
}
