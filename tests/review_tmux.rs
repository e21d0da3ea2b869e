//! End to end in a real terminal: tmux runs `mizan review` on a copy of a fixture, keys
//! accept the first pair and reject the next, save and quit; the JSON afterwards holds
//! exactly those decisions and the TMX leaves the rejected pair out.
//!
//! Needs tmux (CI installs it); skips with a message only when tmux is absent.

use mizan::output::{AlignmentFile, Status};
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// A private tmux server (its own socket), killed when dropped.
struct Tmux {
    socket: String,
}

impl Tmux {
    fn cmd(&self, args: &[&str]) -> std::process::Output {
        Command::new("tmux")
            .args(["-L", &self.socket, "-f", "/dev/null"])
            .args(args)
            .output()
            .expect("tmux runs")
    }

    fn screen(&self) -> String {
        String::from_utf8_lossy(&self.cmd(&["capture-pane", "-p", "-t", "review"]).stdout)
            .into_owned()
    }

    fn alive(&self) -> bool {
        self.cmd(&["has-session", "-t", "review"]).status.success()
    }

    /// Waits until the screen satisfies `want`; panics with the screen after 30 s.
    fn wait_for(&self, what: &str, want: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if want(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!("timed out waiting for {what}; screen:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn keys(&self, keys: &str) {
        let out = self.cmd(&["send-keys", "-t", "review", keys]);
        assert!(out.status.success(), "send-keys {keys}");
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd(&["kill-server"]);
    }
}

fn tmux_present() -> bool {
    Command::new("tmux")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success())
}

fn quote(p: &Path) -> String {
    format!("'{}'", p.display().to_string().replace('\'', r"'\''"))
}

#[test]
fn accept_reject_save_quit_in_tmux() {
    if !tmux_present() {
        eprintln!("SKIPPED accept_reject_save_quit_in_tmux: tmux is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("review.json");
    std::fs::copy(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/review/seeds_small.json"),
        &json,
    )
    .unwrap();
    let status_file = dir.path().join("exit-status");
    let bin = Path::new(env!("CARGO_BIN_EXE_mizan"));
    let command = format!(
        "{} review {}; echo $? > {}",
        quote(bin),
        quote(&json),
        quote(&status_file)
    );
    let tmux = Tmux {
        socket: format!("mizan-review-test-{}", std::process::id()),
    };
    let out = tmux.cmd(&[
        "new-session",
        "-d",
        "-s",
        "review",
        "-x",
        "160",
        "-y",
        "45",
        &command,
    ]);
    assert!(
        out.status.success(),
        "tmux new-session: {}",
        String::from_utf8_lossy(&out.stderr)
    );

    tmux.wait_for("the review to start", |s| s.contains("mizan review"));
    // The first pair in the view is #0; after a decision the cursor moves to the next
    // pair in the view, #3 (the pairs cross: #3 holds the second French sentence).
    tmux.keys("a");
    tmux.wait_for("the accept", |s| s.contains("[1 unsaved]"));
    tmux.keys("r");
    tmux.wait_for("the reject", |s| s.contains("[2 unsaved]"));
    tmux.keys("s");
    tmux.wait_for("the save", |s| {
        s.contains("saved ") && !s.contains("unsaved]")
    });
    tmux.keys("q");
    let start = Instant::now();
    while tmux.alive() && !status_file.exists() {
        assert!(
            start.elapsed() < Duration::from_secs(30),
            "mizan did not quit; screen:\n{}",
            tmux.screen()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    // The shell writes the status right after mizan exits.
    let start = Instant::now();
    let status = loop {
        match std::fs::read_to_string(&status_file) {
            Ok(s) if !s.trim().is_empty() => break s,
            _ if start.elapsed() > Duration::from_secs(10) => panic!("no exit status"),
            _ => std::thread::sleep(Duration::from_millis(50)),
        }
    };
    assert_eq!(status.trim(), "0", "mizan review exit status");

    let saved = AlignmentFile::load(&json).unwrap();
    let statuses: Vec<Status> = saved.pairs.iter().map(|p| p.status).collect();
    assert_eq!(
        statuses,
        [
            Status::Accepted, // #0: accepted with `a`
            Status::Auto,
            Status::Auto,
            Status::Rejected, // #3: rejected with `r`
            Status::Accepted, // #4: accepted in the fixture already
        ]
    );
    let tmx = std::fs::read_to_string(dir.path().join("review.tmx")).unwrap();
    assert_eq!(tmx.matches("<tu>").count(), 4);
    assert!(
        !tmx.contains("DiaporamaEn marge"),
        "the rejected pair is not in the TMX"
    );
}
