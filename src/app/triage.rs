//! Updates for the triage loop: marks, rerun, copy, open/save, triage views, reload.
//!
//! Like `update`, these only change state and return effects; the runtime runs processes,
//! writes files and talks to the terminal.

use std::collections::HashSet;
use std::path::PathBuf;

use super::action::Action;
use super::detail::attachment_rows;
use super::effect::Effect;
use super::filter::StatusFilter;
use super::layers::{Layer, View};
use super::rerun::{shell_quote, snapshot};
use super::state::{App, Overlay, Prompt, PromptPurpose};
use super::text::plural;
use crate::model::testplan::TestPlan;
use crate::model::tree::NodeId;

/// Largest payload sent through OSC 52; terminals and tmux drop larger ones.
pub const MAX_COPY_BYTES: usize = 100_000;

/// The copy menu's items, in order.
pub const COPY_ITEMS: [&str; 6] = [
    "name",
    "full name",
    "message",
    "trace",
    "rerun command",
    "test plan path",
];

/// Handles a triage action; `None` when the action is not one of them.
pub fn update_triage(app: &mut App, action: &Action) -> Option<Vec<Effect>> {
    let effects = match action {
        Action::ToggleMark => {
            toggle_mark(app);
            Vec::new()
        }
        Action::MarkAllShown => {
            let visible = app.visible_tests();
            let keys: Vec<String> = app
                .report
                .tests
                .iter()
                .zip(&visible)
                .filter(|(_, v)| **v)
                .map(|(t, _)| t.key.to_string())
                .collect();
            app.note = Some(format!("marked {}", plural(keys.len(), "test")));
            app.marks.extend(keys);
            Vec::new()
        }
        Action::ClearMarks => {
            app.marks.clear();
            Vec::new()
        }
        Action::Rerun => rerun(app),
        Action::StopRerun => {
            if app.rerun.running {
                vec![Effect::StopRerun]
            } else {
                app.layers.remove(|l| *l == Layer::Rerun);
                Vec::new()
            }
        }
        Action::ToggleRerunPane => {
            if app.layers.rerun_shown() {
                app.layers.remove(|l| *l == Layer::Rerun);
            } else {
                app.layers.push(Layer::Rerun);
            }
            Vec::new()
        }
        Action::CopyFullName => copy(app, 1),
        Action::OpenCopyMenu => {
            app.layers
                .push(Layer::Popup(Overlay::CopyMenu { cursor: 0 }));
            Vec::new()
        }
        Action::CopyItem(item) => copy(app, *item),
        Action::OpenExternally => open_externally(app),
        Action::StartSave => {
            start_save(app);
            Vec::new()
        }
        Action::ShowFlakyView => {
            super::update::toggle_view(app, View::Flaky);
            Vec::new()
        }
        Action::ShowTriageView => {
            super::update::toggle_view(app, View::Triage);
            Vec::new()
        }
        Action::ShowLaunchInfo => {
            app.layers
                .push(Layer::Popup(Overlay::LaunchInfo { scroll: 0 }));
            Vec::new()
        }
        Action::Reload => vec![Effect::Reload],
        Action::CycleOrder => {
            if app.layers.view() == Some(View::Flaky) {
                app.flaky_sort = app.flaky_sort.next();
                app.rebuild_tree(None);
            } else {
                super::order::cycle_order(app);
            }
            Vec::new()
        }
        Action::MarkFailedAndFlaky => {
            mark_failed_and_flaky(app);
            Vec::new()
        }
        _ => return None,
    };
    Some(effects)
}

/// Marks every failed, broken or flaky test of the launch: the same tests as marking all that
/// the "failed + broken" filter shows and then all that the "flaky" filter shows.
fn mark_failed_and_flaky(app: &mut App) {
    let before = app.marks.len();
    let wanted = app
        .report
        .tests
        .iter()
        .zip(&app.analysis.tests)
        .filter(|(t, a)| StatusFilter::Problems.accepts(t, a) || StatusFilter::Flaky.accepts(t, a));
    let keys: Vec<String> = wanted.map(|(t, _)| t.key.to_string()).collect();
    let count = keys.len();
    app.marks.extend(keys);
    let history = if app.loading == super::state::Loading::History {
        " (history is still being read: flaky tests may be missing; A again later)"
    } else {
        "; r reruns the marked tests"
    };
    app.note = Some(format!(
        "marked {} failed, broken or flaky ({} new){history}",
        plural(count, "test"),
        app.marks.len() - before
    ));
}

/// Test keys under a node (the test itself, or every test below a group).
fn keys_under(app: &App, node: NodeId) -> Vec<String> {
    let mut keys = Vec::new();
    let mut stack = vec![node];
    while let Some(id) = stack.pop() {
        let n = &app.tree.nodes[id as usize];
        match n.test {
            Some(test) => keys.push(app.report.tests[test as usize].key.to_string()),
            None => stack.extend(n.children.iter().copied()),
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn toggle_mark(app: &mut App) {
    let Some(node) = app.selected_node() else {
        return;
    };
    let keys = keys_under(app, node);
    if keys.iter().all(|k| app.marks.contains(k)) {
        for key in &keys {
            app.marks.remove(key);
        }
    } else {
        app.marks.extend(keys);
    }
    app.tree_state.move_by(1);
}

const NOTHING_TO_RERUN: &str = "nothing to rerun: mark tests with Space, or select one";

/// The plan for the tests a rerun is for, their keys and how many tests there are; `None`
/// when there is nothing to rerun (an empty plan would make adapters run everything).
/// O(n) in the tests: the keys are looked up in a set.
fn plan_for_rerun(app: &App) -> Option<(TestPlan, Vec<String>, usize)> {
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
fn plan_destination(app: &App, for_later: bool) -> Result<PathBuf, String> {
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
fn command_line(plan_path: &std::path::Path, command: Option<&[String]>) -> String {
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

fn rerun(app: &mut App) -> Vec<Effect> {
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

/// The payload of a copy menu item for the selected test (items 4 and 5 need `plan`: where a
/// plan for what is marked now was just written).
fn copy_payload(
    app: &App,
    item: usize,
    plan: Option<&std::path::Path>,
) -> Option<(String, &'static str)> {
    let what = COPY_ITEMS.get(item).copied()?;
    let test = app.selected().map(|(t, _)| t);
    let text = match item {
        0 => test.map(|t| t.result.name.to_string()),
        1 => test.map(|t| t.result.full_name_or_name().to_owned()),
        2 => test.and_then(|t| t.result.details.message.as_deref().map(str::to_owned)),
        3 => test.and_then(|t| t.result.details.trace.as_deref().map(str::to_owned)),
        4 => plan
            .map(|p| command_line(p, app.rerun.command.as_deref()))
            .or_else(|| app.rerun.command_line.clone()),
        5 => plan
            .or(app.rerun.last_plan.as_deref())
            .map(|p| p.display().to_string()),
        _ => None,
    }?;
    Some((text, what))
}

fn copy(app: &mut App, item: usize) -> Vec<Effect> {
    app.layers
        .remove(|l| matches!(l, Layer::Popup(Overlay::CopyMenu { .. })));
    let mut effects = Vec::new();
    let mut plan_path = None;
    if item >= 4 && !app.rerun.running {
        // The command and the path are only useful with a plan for what is marked (or
        // selected) now, kept where it outlives the app: write it first.
        let Some((plan, _, _)) = plan_for_rerun(app) else {
            app.note = Some(NOTHING_TO_RERUN.to_owned());
            return effects;
        };
        let path = match plan_destination(app, true) {
            Ok(path) => path,
            Err(reason) => {
                app.note = Some(reason);
                return effects;
            }
        };
        effects.push(Effect::WritePlan {
            plan_json: plan.to_json(),
            plan_path: path.clone(),
        });
        app.rerun.last_plan = Some(path.clone());
        plan_path = Some(path);
    }
    match copy_payload(app, item, plan_path.as_deref()) {
        Some((text, what)) => {
            effects.push(copy_effect(app, text, what));
            effects
        }
        None => {
            app.note = Some(format!(
                "nothing to copy for {}",
                COPY_ITEMS.get(item).unwrap_or(&"that")
            ));
            Vec::new()
        }
    }
}

/// A copy effect, capped at [`MAX_COPY_BYTES`] (the note says when it was cut).
fn copy_effect(app: &mut App, mut text: String, what: &str) -> Effect {
    let total = text.len();
    if total > MAX_COPY_BYTES {
        let mut cut = MAX_COPY_BYTES;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        app.note = Some(format!(
            "copied the first {cut} of {total} bytes of the {what} (terminals refuse more)"
        ));
    } else {
        app.note = Some(format!("copied the {what} ({total} bytes) via OSC 52"));
    }
    Effect::Copy { text }
}

fn selected_attachment(app: &App) -> Option<(PathBuf, crate::model::Attachment)> {
    let (test, _) = app.selected()?;
    let rows = attachment_rows(&test.result);
    let row = rows.get(app.detail.attachment_cursor.min(rows.len().checked_sub(1)?))?;
    let dir = app.report.dir_of(&test.result)?.clone();
    Some((dir, row.attachment.clone()))
}

fn open_externally(app: &mut App) -> Vec<Effect> {
    match selected_attachment(app) {
        Some((dir, attachment)) => vec![Effect::OpenExternal { dir, attachment }],
        None => {
            app.note = Some("no attachment selected (3: Attachments)".to_owned());
            Vec::new()
        }
    }
}

fn start_save(app: &mut App) {
    let Some((_, attachment)) = selected_attachment(app) else {
        app.note = Some("no attachment selected (Attachments tab: 3)".to_owned());
        return;
    };
    // The attachment's own name reads better than the writer's uuid file name, when it is
    // usable as a file name.
    let default = attachment
        .name
        .as_deref()
        .filter(|n| crate::model::attachment::is_safe_source(n))
        .or(attachment.source.as_deref())
        .unwrap_or("attachment")
        .to_owned();
    app.layers.push(Layer::Prompt(Prompt {
        purpose: PromptPurpose::SaveAttachment(app.detail.attachment_cursor),
        text: default,
    }));
}

/// Handles typing in the prompt.
pub fn update_prompt(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(prompt) = app.layers.prompt_mut() else {
        return Vec::new();
    };
    match action {
        Action::SearchInsert(c) => prompt.text.push(*c),
        Action::SearchBackspace => {
            prompt.text.pop();
        }
        Action::SearchClear => prompt.text.clear(),
        Action::SearchAccept => {
            let prompt = app.layers.prompt().cloned();
            app.layers.remove(|l| matches!(l, Layer::Prompt(_)));
            if let (Some(prompt), Some((dir, attachment))) = (prompt, selected_attachment(app)) {
                if prompt.text.trim().is_empty() {
                    app.note = Some("no path given; nothing saved".to_owned());
                    return Vec::new();
                }
                return vec![Effect::SaveAttachment {
                    dir,
                    attachment,
                    dest: PathBuf::from(prompt.text.trim()),
                }];
            }
        }
        _ => {}
    }
    Vec::new()
}
