//! `r`: the test plan for the marked (or selected) tests, where it is written, and the rerun
//! it starts (or the command line handed to the user).

use std::collections::HashSet;
use std::path::PathBuf;

use super::copy::copy_effect;
use super::effect::Effect;
use super::layers::Layer;
use super::rerun::{shell_quote, snapshot};
use super::state::App;
use super::text::plural;
use super::triage::keys_under;
use crate::model::testplan::TestPlan;

pub(crate) const NOTHING_TO_RERUN: &str = "nothing to rerun: mark tests with Space, or select one";

/// The plan for the tests a rerun is for, their keys and how many tests there are; `None`
/// when there is nothing to rerun (an empty plan would make adapters run everything).
/// O(n) in the tests: the keys are looked up in a set.
pub(crate) fn plan_for_rerun(app: &App) -> Option<(TestPlan, Vec<String>, usize)> {
    let keys = rerun_keys(app);
    let wanted: HashSet<&str> = keys.iter().map(String::as_str).collect();
    let tests: Vec<_> = app
        .report
        .tests
        .iter()
        .filter(|t| wanted.contains(t.key.as_str()))
        .collect();
    if tests.is_empty() {
        return None;
    }
    let count = tests.len();
    Some((TestPlan::of(tests), keys, count))
}

/// The tests a rerun is for: the marked ones, else the selected test or group.
fn rerun_keys(app: &App) -> Vec<String> {
    if !app.marks.is_empty() {
        let mut keys: Vec<String> = app.marks.iter().cloned().collect();
        keys.sort();
        return keys;
    }
    app.selected_node()
        .map(|n| keys_under(app, n))
        .unwrap_or_default()
}

/// Where a plan goes: the private directory when the app runs it itself (removed on exit), the
/// user's state directory when it is handed to the user to run later (it must outlive us).
pub(crate) fn plan_destination(app: &App, for_later: bool) -> Result<PathBuf, String> {
    if for_later {
        let dir = app.rerun.saved_plans_dir.as_ref().ok_or(
            "no directory to keep the test plan in (set XDG_STATE_HOME or HOME)".to_owned(),
        )?;
        return Ok(dir.join(format!("testplan-{}.json", plan_stamp(app.now_ms))));
    }
    app.rerun.plan_path.clone().ok_or_else(|| {
        "no private directory for the test plan could be made; nothing was run".to_owned()
    })
}

/// `20261122-030712`: a plan file name part that sorts by time.
fn plan_stamp(ms: i64) -> String {
    super::text::format_time_seconds(ms)
        .replace('-', "")
        .replace(' ', "-")
        .replace(':', "")
}

/// The shell line that runs a command with a plan.
pub(crate) fn command_line(plan_path: &std::path::Path, command: Option<&[String]>) -> String {
    let env = format!(
        "ALLURE_TESTPLAN_PATH={}",
        shell_quote(&plan_path.display().to_string())
    );
    match command {
        Some(argv) => format!(
            "{env} {}",
            argv.iter()
                .map(|w| shell_quote(w))
                .collect::<Vec<_>>()
                .join(" ")
        ),
        None => format!("{env} <your test command>"),
    }
}

pub(crate) fn rerun(app: &mut App) -> Vec<Effect> {
    if app.rerun.running {
        app.layers.push(Layer::Rerun);
        app.note = Some("a rerun is already running (Ctrl-c in its pane stops it)".to_owned());
        return Vec::new();
    }
    let Some((plan, keys, count)) = plan_for_rerun(app) else {
        app.note = Some(NOTHING_TO_RERUN.to_owned());
        return Vec::new();
    };
    let plan_path = match plan_destination(app, app.rerun.command.is_none()) {
        Ok(path) => path,
        Err(reason) => {
            app.note = Some(reason);
            return Vec::new();
        }
    };
    app.rerun.last_plan = Some(plan_path.clone());
    app.rerun.before = snapshot(&app.report, &keys, &|i| app.label_with_suite(i as u32));
    app.rerun.since = None;
    app.rerun.exit = None;
    app.rerun.exit_code = None;
    app.rerun.output.clear();
    app.rerun.scroll = 0;
    app.rerun.follow = true;
    app.layers.push(Layer::Rerun);
    let summary = format!(
        "{}, {}, written to {}",
        plural(count, "test"),
        plural(plan.tests.len(), "plan entry"),
        plan_path.display()
    );
    let plan_json = plan.to_json();
    let line = command_line(&plan_path, app.rerun.command.as_deref());
    app.rerun.command_line = Some(line.clone());
    match app.rerun.command.clone() {
        Some(argv) => {
            app.rerun.running = true;
            app.rerun.push_output(format!("rerunning {summary}"));
            match &app.rerun.cwd {
                Some(cwd) => app.rerun.push_output(format!(
                    "$ cd {} && {line}",
                    shell_quote(&cwd.display().to_string())
                )),
                None => app.rerun.push_output(format!("$ {line}")),
            }
            vec![Effect::Rerun {
                plan_json,
                plan_path,
                argv,
                cwd: app.rerun.cwd.clone(),
            }]
        }
        None => {
            app.rerun.push_output(format!("Test plan for {summary}."));
            app.rerun.push_output("No rerun command is configured (--rerun-cmd or ALLURE_TUI_RERUN_CMD), so run it yourself:".to_owned());
            app.rerun.push_output(String::new());
            app.rerun.push_output(format!("  {line}"));
            app.rerun.push_output(String::new());
            app.rerun.push_output(
                "(copied to the clipboard; the plan stays there after allure-tui exits)".to_owned(),
            );
            app.rerun.push_output("With --watch the results reload when your run writes them; else press R to reload.".to_owned());
            vec![
                Effect::WritePlan {
                    plan_json,
                    plan_path,
                },
                copy_effect(app, line, "rerun command"),
            ]
        }
    }
}
