//! The whole triage loop for real: a pytest suite under allure-pytest fails, the app (in tmux)
//! reruns the failing flaky test through `r` with a test plan the adapter honours, and the
//! reloaded view shows the new, passing attempt. Reported as ignored without tmux or without
//! the Python environment `.ci/run` builds in `target/pyenv` (a failure under CI).

mod common;

use common::harness::{self, Need};

use std::path::{Path, PathBuf};
use std::process::Command;

fn python() -> Option<PathBuf> {
    Some(common::python_path()).filter(|p| p.is_file())
}

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
    let bin = env!("CARGO_BIN_EXE_allure-tui");
    let env = [
        "PYTHONDONTWRITEBYTECODE=1".to_owned(),
        format!("PYSUITE_STATE_DIR={}", state.display()),
        format!("ALLURE_TUI_RERUN_CMD={rerun_cmd}"),
    ];
    let command = format!("{bin} {}; echo exit=$?; sleep 60", results.display());
    let Some(session) = common::Tmux::start("rerun", (140, 40), &env, &command) else {
        return;
    };
    session.wait_for("4 History");
    // Find the flaky test, rerun it alone, wait for the reload's verdict.
    session.keys(&["/", "passes_on_rerun", "Enter", "r"]);
    // Each text is waited for: a capture can catch a frame half drawn.
    session.wait_for("since the rerun");
    session.wait_for("now passing");
    session.wait_for("test_passes_on_rerun");
    // The new attempt is the shown result; the failed one is its retry.
    session.keys(&["Escape"]);
    session.wait_gone("since the rerun");
    session.keys(&["Escape"]);
    session.wait_gone("Esc hides");
    session.keys(&["5"]);
    session.wait_for("2 attempts");
    session.wait_for("✗ failed");
    session.wait_for("✓ passed");
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

fn main() {
    harness::run(vec![harness::trial(
        "rerun_through_r_runs_the_plan_and_shows_the_new_attempt",
        &[Need::Tmux, Need::PythonEnv],
        rerun_through_r_runs_the_plan_and_shows_the_new_attempt,
    )]);
}
