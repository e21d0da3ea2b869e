//! Progress bars for long runs: one bar per stage of `mizan align` (read,
//! segment+features, align pass 1, align pass 2, write) with counts, elapsed time and
//! ETA, drawn on standard error.
//!
//! Nothing is ever drawn when progress is disabled or standard error is not a
//! terminal (a pipe, a file, a test capturing it): every call is then a no-op. When it
//! is a terminal, a stage's bar stays hidden for its first [`REVEAL_AFTER`], so short
//! runs print nothing either; a stage still running then appears, ticks steadily (so
//! a stage made of one long step still shows its elapsed time) and, once finished,
//! stays on screen as a record of what took the time.
//!
//! Callers increment per chunk of work (a chunk of sentences, a document pair, a
//! mining unit), never per sentence pair: an increment is an atomic addition, and
//! indicatif redraws at most 20 times a second.
//!
//! ```
//! use mizan::progress::Progress;
//! let progress = Progress::new(false); // or Progress::new(true): only on a terminal
//! let bar = progress.stage("read", 3, "files");
//! for _ in 0..3 {
//!     bar.inc(1);
//! }
//! bar.finish();
//! ```

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::thread::JoinHandle;
use std::time::Duration;

/// How long a stage runs hidden before its bar appears, unless the environment
/// variable [`DELAY_VAR`] gives another delay.
pub const REVEAL_AFTER: Duration = Duration::from_secs(1);

/// `MIZAN_PROGRESS_DELAY_MS`: the delay before a stage's bar appears, in
/// milliseconds, instead of [`REVEAL_AFTER`] (0 shows every bar at once: for tests
/// and demonstrations on short inputs).
pub const DELAY_VAR: &str = "MIZAN_PROGRESS_DELAY_MS";

/// How often a visible bar redraws by itself (elapsed time, ETA) between increments.
const TICK: Duration = Duration::from_millis(200);

/// The bar's look: stage name, bar (as wide as the terminal leaves room for),
/// position/total and unit, elapsed time, ETA.
const TEMPLATE: &str =
    "{prefix:>16.bold} [{wide_bar:.cyan/blue}] {pos}/{len} {msg} {elapsed} (ETA {eta})";

/// The progress display of a run: a factory of per-stage bars. Cheap to clone; the
/// disabled one ([`Progress::hidden`], the default) does nothing at all.
#[derive(Debug, Clone, Default)]
pub struct Progress {
    /// Draws bars (standard error is a terminal and progress was asked for).
    enabled: bool,
    /// How long a stage stays hidden.
    reveal_after: Duration,
    /// Where a revealed bar draws: standard error, or hidden in tests.
    target: Target,
}

/// Where a revealed bar draws.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
enum Target {
    #[default]
    Stderr,
    /// Drawn nowhere; only for testing the reveal.
    #[cfg(test)]
    Hidden,
}

impl Target {
    fn draw_target(self) -> ProgressDrawTarget {
        match self {
            Target::Stderr => ProgressDrawTarget::stderr(),
            #[cfg(test)]
            Target::Hidden => ProgressDrawTarget::hidden(),
        }
    }
}

impl Progress {
    /// Progress on standard error when `enabled` and standard error is a terminal;
    /// otherwise the same as [`Progress::hidden`].
    pub fn new(enabled: bool) -> Progress {
        let reveal_after = std::env::var(DELAY_VAR)
            .ok()
            .and_then(|v| v.trim().parse::<u64>().ok())
            .map_or(REVEAL_AFTER, Duration::from_millis);
        Progress {
            enabled: enabled && std::io::stderr().is_terminal(),
            reveal_after,
            target: Target::Stderr,
        }
    }

    /// No progress: every stage is a no-op.
    pub fn hidden() -> Progress {
        Progress::default()
    }

    /// True when stages may draw.
    pub fn is_enabled(&self) -> bool {
        self.enabled
    }

    /// Starts a stage of `total` steps counted in `unit` (`"files"`, `"sentences"`,
    /// `"units"`, ...). The bar appears only if the stage is still running after
    /// [`REVEAL_AFTER`]; call [`StageBar::finish`] when it is done (dropping it
    /// finishes it too).
    pub fn stage(&self, name: &'static str, total: u64, unit: &'static str) -> StageBar {
        if !self.enabled {
            return StageBar { inner: None };
        }
        let style = ProgressStyle::with_template(TEMPLATE)
            .expect("progress template is valid")
            .progress_chars("█▉▊▋▌▍▎▏ ");
        let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden())
            .with_style(style)
            .with_prefix(name)
            .with_message(unit);
        let revealed = std::sync::Arc::new(AtomicBool::new(false));
        let (stop, wait) = mpsc::channel::<()>();
        let thread = {
            let (bar, revealed, target, delay) = (
                bar.clone(),
                revealed.clone(),
                self.target,
                self.reveal_after,
            );
            std::thread::spawn(move || {
                // Stopped (a message or the sender dropped) before the delay: stay hidden.
                if let Err(RecvTimeoutError::Timeout) = wait.recv_timeout(delay) {
                    bar.set_draw_target(target.draw_target());
                    bar.enable_steady_tick(TICK);
                    revealed.store(true, Ordering::Release);
                }
            })
        };
        StageBar {
            inner: Some(Inner {
                bar,
                revealed,
                revealer: Mutex::new(Some((stop, thread))),
            }),
        }
    }
}

/// One stage's bar; all methods are no-ops when progress is disabled (as for the
/// default one). `Sync`: worker threads may increment it.
#[derive(Debug, Default)]
pub struct StageBar {
    inner: Option<Inner>,
}

#[derive(Debug)]
struct Inner {
    bar: ProgressBar,
    /// Set once the bar draws.
    revealed: std::sync::Arc<AtomicBool>,
    /// The thread that reveals the bar after the delay, and the way to stop it.
    revealer: Mutex<Option<(mpsc::Sender<()>, JoinHandle<()>)>>,
}

impl StageBar {
    /// Advances the stage by `n` steps.
    pub fn inc(&self, n: u64) {
        if let Some(inner) = &self.inner {
            inner.bar.inc(n);
        }
    }

    /// Sets the number of steps, when it is known only after the stage started.
    pub fn set_total(&self, total: u64) {
        if let Some(inner) = &self.inner {
            inner.bar.set_length(total);
        }
    }

    /// Counts anew from 0: `total` steps in `unit`, for a stage made of two parts
    /// (documents segmented, then sentences analysed). The elapsed time runs on.
    pub fn restart(&self, total: u64, unit: &'static str) {
        if let Some(inner) = &self.inner {
            inner.bar.set_length(total);
            inner.bar.set_position(0);
            inner.bar.set_message(unit);
            inner.bar.reset_eta();
        }
    }

    /// The steps done so far (0 when disabled).
    pub fn position(&self) -> u64 {
        self.inner.as_ref().map_or(0, |i| i.bar.position())
    }

    /// True once the bar has appeared on screen.
    pub fn is_visible(&self) -> bool {
        self.inner
            .as_ref()
            .is_some_and(|i| i.revealed.load(Ordering::Acquire))
    }

    /// Ends the stage: a bar that appeared is left on screen in its final state; one
    /// that never appeared never will.
    pub fn finish(&self) {
        let Some(inner) = &self.inner else {
            return;
        };
        let revealer = inner
            .revealer
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take();
        let Some((stop, thread)) = revealer else {
            return; // already finished
        };
        // The revealer is done once joined, so the bar's state is settled.
        let _ = stop.send(());
        let _ = thread.join();
        if inner.revealed.load(Ordering::Acquire) {
            inner.bar.finish();
        }
    }
}

impl Drop for StageBar {
    fn drop(&mut self) {
        self.finish();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn disabled_progress_is_a_no_op() {
        let progress = Progress::new(false);
        assert!(!progress.is_enabled());
        let bar = progress.stage("read", 10, "files");
        bar.inc(3);
        bar.set_total(20);
        bar.restart(5, "sentences");
        assert_eq!(bar.position(), 0);
        assert!(!bar.is_visible());
        bar.finish();
        bar.finish();
        assert!(!Progress::hidden().is_enabled());
    }

    #[test]
    fn a_stage_shorter_than_the_delay_never_appears() {
        let progress = Progress {
            enabled: true,
            reveal_after: Duration::from_secs(60),
            target: Target::Hidden,
        };
        let bar = progress.stage("align pass 1", 4, "units");
        std::thread::scope(|s| {
            for _ in 0..4 {
                s.spawn(|| bar.inc(1));
            }
        });
        assert_eq!(bar.position(), 4);
        bar.finish();
        assert!(!bar.is_visible());
    }

    #[test]
    fn a_long_stage_appears_and_finishes() {
        let progress = Progress {
            enabled: true,
            reveal_after: Duration::ZERO,
            target: Target::Hidden,
        };
        let bar = progress.stage("write", 2, "files");
        let start = std::time::Instant::now();
        while !bar.is_visible() && start.elapsed() < Duration::from_secs(10) {
            std::thread::sleep(Duration::from_millis(5));
        }
        assert!(bar.is_visible());
        bar.inc(1);
        bar.restart(2, "files");
        assert_eq!(bar.position(), 0);
        bar.inc(2);
        assert_eq!(bar.position(), 2);
        bar.finish();
        assert!(bar.inner.as_ref().unwrap().bar.is_finished());
    }
}
