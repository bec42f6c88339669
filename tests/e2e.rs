//! End to end: the real binary in a real terminal (tmux), driven by keys, read off the screen.
//! Skips (and says so) where tmux is not installed.

mod common;

use std::process::Command;
use std::time::{Duration, Instant};

struct Session(String);

impl Session {
    fn start(width: u16, height: u16, args: &str) -> Option<Session> {
        if Command::new("tmux").arg("-V").output().is_err() {
            eprintln!("skipping: tmux is not installed");
            return None;
        }
        let name = format!("allure-tui-e2e-{}-{width}", std::process::id());
        let bin = env!("CARGO_BIN_EXE_allure-tui");
        let command = format!("{bin} {args}; echo \"exit=$?\"; sleep 60");
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                "-s",
                &name,
            ])
            .arg("-e")
            .arg("LANG=C.UTF-8")
            .arg(command)
            .status()
            .ok()?;
        assert!(status.success(), "tmux could not start");
        Some(Session(name))
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`. The generous limit only guards against a hang; the
    /// test does not depend on how fast the app is.
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn keys(&self, keys: &[&str]) {
        for key in keys {
            Command::new("tmux")
                .args(["send-keys", "-t", &self.0, key])
                .status()
                .unwrap();
        }
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .status();
    }
}

#[test]
fn browse_a_report_with_keys_and_quit_cleanly() {
    let dir = common::fixture("flaky-history/allure-results");
    let Some(session) = Session::start(120, 30, &dir.display().to_string()) else {
        return;
    };
    // Opens on the first failure with its Overview.
    let screen = session.wait_for("4 History");
    assert!(
        screen.contains("6 previous") || screen.contains("FAILED"),
        "{screen}"
    );
    assert!(screen.contains("brand_new"), "{screen}");
    // The History tab of the flaky test.
    session.keys(&["/", "flaky", "Enter", "4"]);
    let screen = session.wait_for("previous runs");
    assert!(screen.contains("flip rate"), "{screen}");
    // Help lists the keys; Escape closes it.
    session.keys(&["?"]);
    session.wait_for("next failure");
    session.keys(&["Escape", "Escape", "q"]);
    let screen = session.wait_for("exit=0");
    assert!(
        !screen.contains("4 History"),
        "the alternate screen is gone:\n{screen}"
    );
}

#[test]
fn narrow_terminal_opens_details_full_screen() {
    let dir = common::fixture("basic");
    let Some(session) = Session::start(80, 24, &dir.display().to_string()) else {
        return;
    };
    session.wait_for("removes_item");
    session.keys(&["Enter"]);
    let screen = session.wait_for("4 History");
    assert!(
        screen.contains("AssertionError: expected 0 items, got 1"),
        "{screen}"
    );
    session.keys(&["Escape"]);
    session.wait_for("CartTest");
    session.keys(&["q"]);
    session.wait_for("exit=0");
}
