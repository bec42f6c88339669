//! The whole triage loop for real: a pytest suite under allure-pytest fails, the app (in tmux)
//! reruns the failing flaky test through `r` with a test plan the adapter honours, and the
//! reloaded view shows the new, passing attempt. Skips (and says so) without tmux or without
//! the Python environment `.ci/run` builds in `target/pyenv`.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

fn python() -> Option<PathBuf> {
    let python = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyenv/bin/python");
    if !python.is_file() {
        eprintln!("skipping: no target/pyenv (run .ci/run to build it)");
        return None;
    }
    if Command::new("tmux").arg("-V").output().is_err() {
        eprintln!("skipping: tmux is not installed");
        return None;
    }
    Some(python)
}

struct Session(String);

impl Session {
    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits for text on screen; the limit only guards against a hang (pytest included).
    fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(90);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
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
fn rerun_through_r_runs_the_plan_and_shows_the_new_attempt() {
    let Some(python) = python() else { return };
    let root = std::env::temp_dir().join(format!("allure-tui-rerun-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&root);
    let results = root.join("allure-results");
    let state = root.join("state");
    std::fs::create_dir_all(&state).unwrap();
    let suite = common::fixture("pysuite");
    let pytest = |extra_env: &[(&str, &Path)]| {
        let mut cmd = Command::new(&python);
        cmd.args(["-m", "pytest", "-q"])
            .arg(&suite)
            .arg("--alluredir")
            .arg(&results);
        cmd.env("PYSUITE_STATE_DIR", &state)
            .env("PYTHONDONTWRITEBYTECODE", "1");
        for (k, v) in extra_env {
            cmd.env(k, v);
        }
        cmd.output().unwrap()
    };
    let first = pytest(&[]);
    assert_eq!(
        first.status.code(),
        Some(1),
        "the first run fails: {}",
        String::from_utf8_lossy(&first.stdout)
    );

    let rerun_cmd = format!(
        "{} -m pytest -q {} --alluredir {}",
        python.display(),
        suite.display(),
        results.display()
    );
    let name = format!("allure-tui-rerun-{}", std::process::id());
    let bin = env!("CARGO_BIN_EXE_allure-tui");
    let status = Command::new("tmux")
        .args(["new-session", "-d", "-x", "140", "-y", "40", "-s", &name])
        .args(["-e", "LANG=C.UTF-8", "-e", "PYTHONDONTWRITEBYTECODE=1"])
        .arg("-e")
        .arg(format!("PYSUITE_STATE_DIR={}", state.display()))
        .arg("-e")
        .arg(format!("ALLURE_TUI_RERUN_CMD={rerun_cmd}"))
        .arg(format!(
            "{bin} {}; echo exit=$?; sleep 60",
            results.display()
        ))
        .status()
        .unwrap();
    assert!(status.success());
    let session = Session(name);
    session.wait_for("4 History");
    // Find the flaky test, rerun it alone, wait for the reload's verdict.
    session.keys(&["/", "passes_on_rerun", "Enter", "r"]);
    let screen = session.wait_for("since the rerun");
    assert!(screen.contains("now passing"), "{screen}");
    assert!(screen.contains("test_passes_on_rerun"), "{screen}");
    // The new attempt is the shown result; the failed one is its retry.
    session.keys(&["Escape", "Escape", "5"]);
    let screen = session.wait_for("2 attempts");
    assert!(
        screen.contains("failed") && screen.contains("passed"),
        "{screen}"
    );
    // Only the planned test ran: the always-failing one was not rerun.
    let always_fails_attempts = std::fs::read_dir(&results)
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with("-result.json"))
        .filter(|e| {
            std::fs::read_to_string(e.path())
                .unwrap()
                .contains("test_always_fails")
        })
        .count();
    assert_eq!(
        always_fails_attempts, 1,
        "the plan limited the rerun to the marked test"
    );
    session.keys(&["q"]);
    session.wait_for("exit=0");
    let _ = std::fs::remove_dir_all(&root);
}
