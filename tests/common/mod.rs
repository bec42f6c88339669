//! Helpers shared by the integration tests. (`common/mod.rs` rather than `common.rs` so cargo
//! does not build it as a test target of its own.)
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod archives;
pub mod harness;

/// The built binary.
pub fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_allure-tui"))
}

/// Runs the binary with args and returns its output.
pub fn run(args: &[&str]) -> Output {
    bin()
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("binary runs")
}

/// A checked-in fixture scenario.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Where the shared corpus is, beside the project (CI has it; a bare clone may not).
pub fn corpus_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// The shared corpus, for tests run under [`harness::Need::Corpus`].
pub fn corpus() -> Option<PathBuf> {
    let path = corpus_path();
    path.is_dir().then_some(path)
}

/// The Python of the venv `.ci/run` builds.
pub fn python_path() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pyenv/bin/python")
}

/// `summary --format json` of some args, parsed.
pub fn summary_json(args: &[&str]) -> serde_json::Value {
    let mut all = vec!["summary", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(&all);
    assert!(
        out.status.success(),
        "summary failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("summary prints JSON")
}

/// One string field of every object in a JSON array.
pub fn field(list: &serde_json::Value, name: &str) -> Vec<String> {
    list.as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i[name].as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

/// Statuses of a JSON array of objects with a `status` field.
pub fn statuses(list: &serde_json::Value) -> Vec<String> {
    field(list, "status")
}

/// The index of the test with a display name.
pub fn test_named(app: &allure_tui::app::App, name: &str) -> u32 {
    app.report
        .tests
        .iter()
        .position(|t| t.result.name == name)
        .unwrap_or_else(|| panic!("no test named {name}")) as u32
}

/// True when text holds an escape or another control character (newline and tab allowed).
pub fn has_control(text: &str) -> bool {
    text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t') || ('\u{202A}'..='\u{202E}').contains(&c)
    })
}

/// The built-in sample's results directory (checked in under assets/).
pub fn sample_results() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/sample/allure-results")
}

/// A fixed "now" so relative dates in screens never change: 2026-11-22 06:00 UTC.
pub const NOW_MS: i64 = 1_795_327_200_000;

/// Load options for one results directory (history looked for beside it).
pub fn load_options(results: &Path) -> allure_tui::model::LoadOptions {
    allure_tui::model::LoadOptions {
        dirs: vec![results.to_owned()],
        cwd: results.to_owned(),
        ..allure_tui::model::LoadOptions::default()
    }
}

/// The actions the runtime sends for one load: the results, then their history.
pub fn load_actions(results: &Path) -> Vec<allure_tui::app::Action> {
    use allure_tui::app::action::Payload;
    use allure_tui::app::Action;
    use allure_tui::model::{load_results, read_history, HistoryInput};
    let options = load_options(results);
    let report = load_results(&options, &|_| {}).expect("results load");
    let bundle = read_history(&HistoryInput::of(&report), &options, &|_| {});
    vec![
        Action::ResultsLoaded {
            report: Payload::new(report),
            now_ms: NOW_MS,
        },
        Action::HistoryLoaded(Payload::new(bundle)),
    ]
}

/// An app loaded the way the runtime loads it (the same actions, through `update`), at a size.
pub fn app_for(results: &Path, size: (u16, u16), ascii: bool) -> allure_tui::app::App {
    app_prepared(results, size, ascii, |_| {})
}

/// [`app_for`], with the app prepared before the load as the runtime prepares it (e.g. the
/// comparison `--baseline` asks for).
pub fn app_prepared(
    results: &Path,
    size: (u16, u16),
    ascii: bool,
    prepare: impl FnOnce(&mut allure_tui::app::App),
) -> allure_tui::app::App {
    let symbols = allure_tui::symbols::Symbols::new(ascii);
    let mut app = allure_tui::app::App::new(symbols, size, NOW_MS);
    prepare(&mut app);
    // Where the runtime would put plans; headless tests only look at the effects.
    let plans = Path::new(env!("CARGO_TARGET_TMPDIR")).join("plans");
    app.rerun.plan_path = Some(plans.join("private/testplan.json"));
    app.rerun.saved_plans_dir = Some(plans.join("saved"));
    allure_tui::app::update(&mut app, allure_tui::app::Action::Resize(size.0, size.1));
    for action in load_actions(results) {
        allure_tui::app::update(&mut app, action);
    }
    app
}

/// The screen as text after rendering the app at its size.
pub fn screen_text(app: &allure_tui::app::App) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|f| allure_tui::ui::render(f, app)).unwrap();
    terminal.backend().to_string()
}

/// Applies actions in order, returning every effect.
pub fn apply(
    app: &mut allure_tui::app::App,
    actions: &[allure_tui::app::Action],
) -> Vec<allure_tui::app::Effect> {
    actions
        .iter()
        .flat_map(|a| allure_tui::app::update(app, a.clone()))
        .collect()
}

/// A program running in a detached tmux session: keys in, screen out. Killed on drop.
pub struct Tmux(String);

impl Tmux {
    /// Starts `command` (run by tmux's shell) at a size with extra environment, or `None`
    /// when tmux is not installed (the harness ignores such tests, see [`harness::Need`]).
    pub fn start(name: &str, size: (u16, u16), env: &[String], command: &str) -> Option<Tmux> {
        if Command::new("tmux").arg("-V").output().is_err() {
            return None;
        }
        let name = format!("allure-tui-{name}-{}", std::process::id());
        // A tmux server that is just exiting (another test killed its last session) refuses
        // new sessions for a moment: try again rather than fail.
        for _ in 0..10 {
            let mut tmux = Command::new("tmux");
            tmux.args([
                "new-session",
                "-d",
                "-x",
                &size.0.to_string(),
                "-y",
                &size.1.to_string(),
                "-s",
                &name,
            ]);
            tmux.args(["-e", "LANG=C.UTF-8"]);
            for pair in env {
                tmux.arg("-e").arg(pair);
            }
            if tmux.arg(command).status().is_ok_and(|s| s.success()) {
                return Some(Tmux(name));
            }
            std::thread::sleep(std::time::Duration::from_millis(300));
        }
        panic!("tmux could not start a session");
    }

    /// The screen's text.
    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.0])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`. The limit only guards against a hang; tests do not
    /// depend on how fast anything is.
    pub fn wait_for(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting for {text:?}; screen:\n{screen}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_gone(&self, text: &str) -> String {
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(90);
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return screen;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "timed out waiting for {text:?} to go; screen:\n{screen}"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }

    /// Sends keys (tmux key names or literal text).
    pub fn keys(&self, keys: &[&str]) {
        for key in keys {
            Command::new("tmux")
                .args(["send-keys", "-t", &self.0, key])
                .status()
                .unwrap();
        }
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.0])
            .status();
    }
}
