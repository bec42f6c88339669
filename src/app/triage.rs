//! Updates for the triage loop: marks, rerun, copy, open/save, triage views, reload.
//!
//! Like `update`, these only change state and return effects; the runtime runs processes,
//! writes files and talks to the terminal.

use std::path::PathBuf;

use super::action::Action;
use super::detail::attachment_rows;
use super::effect::Effect;
use super::rerun::{shell_quote, snapshot};
use super::state::{App, GroupBy, Overlay, Prompt, PromptPurpose};
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
            app.note = Some(format!("marked {} tests", keys.len()));
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
                app.rerun.visible = false;
                Vec::new()
            }
        }
        Action::ToggleRerunPane => {
            app.rerun.visible = !app.rerun.visible;
            Vec::new()
        }
        Action::CopyFullName => copy(app, 1),
        Action::OpenCopyMenu => {
            app.overlays.push(Overlay::CopyMenu { cursor: 0 });
            Vec::new()
        }
        Action::CopyItem(item) => copy(app, *item),
        Action::OpenExternally => open_externally(app),
        Action::StartSave => {
            start_save(app);
            Vec::new()
        }
        Action::ShowFlakyView => {
            app.group_by = GroupBy::Flaky;
            app.rebuild_tree(None);
            Vec::new()
        }
        Action::ShowTriageView => {
            app.group_by = GroupBy::Triage;
            app.rebuild_tree(None);
            Vec::new()
        }
        Action::CycleSort => {
            if app.group_by == GroupBy::Flaky {
                app.flaky_sort = app.flaky_sort.next();
                app.rebuild_tree(None);
            }
            Vec::new()
        }
        Action::Reload => vec![Effect::Reload],
        _ => return None,
    };
    Some(effects)
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
fn plan_for_rerun(app: &App) -> Option<(TestPlan, Vec<String>, usize)> {
    let keys = rerun_keys(app);
    let tests: Vec<_> = app
        .report
        .tests
        .iter()
        .filter(|t| keys.iter().any(|k| *k == t.key))
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

fn rerun(app: &mut App) -> Vec<Effect> {
    if app.rerun.running {
        app.rerun.visible = true;
        app.note = Some("a rerun is already running (Ctrl-C in its pane stops it)".to_owned());
        return Vec::new();
    }
    let Some((plan, keys, count)) = plan_for_rerun(app) else {
        app.note = Some(NOTHING_TO_RERUN.to_owned());
        return Vec::new();
    };
    let plan_path = app
        .rerun
        .plan_path
        .clone()
        .unwrap_or_else(|| PathBuf::from("testplan.json"));
    app.rerun.plan_path = Some(plan_path.clone());
    app.rerun.before = snapshot(&app.report, &keys);
    app.rerun.since = None;
    app.rerun.exit = None;
    app.rerun.output.clear();
    app.rerun.scroll = 0;
    app.rerun.visible = true;
    let env = format!(
        "ALLURE_TESTPLAN_PATH={}",
        shell_quote(&plan_path.display().to_string())
    );
    let summary = format!(
        "{} tests, {} plan entries, written to {}",
        count,
        plan.tests.len(),
        plan_path.display()
    );
    let plan_json = plan.to_json();
    match app.rerun.command.clone() {
        Some(argv) => {
            let line = format!(
                "{env} {}",
                argv.iter()
                    .map(|w| shell_quote(w))
                    .collect::<Vec<_>>()
                    .join(" ")
            );
            app.rerun.command_line = Some(line.clone());
            app.rerun.running = true;
            app.rerun.push_output(format!("rerunning {summary}"));
            app.rerun.push_output(format!("$ {line}"));
            vec![Effect::Rerun {
                plan_json,
                plan_path,
                argv,
            }]
        }
        None => {
            let line = format!("{env} <your test command>");
            app.rerun.command_line = Some(line.clone());
            app.rerun.push_output(format!("Test plan for {summary}."));
            app.rerun.push_output("No rerun command is configured (--rerun-cmd or ALLURE_TUI_RERUN_CMD), so run it yourself:".to_owned());
            app.rerun.push_output(String::new());
            app.rerun.push_output(format!("  {line}"));
            app.rerun.push_output(String::new());
            app.rerun.push_output(
                "(copied to the clipboard; the adapter reads the plan from ALLURE_TESTPLAN_PATH)"
                    .to_owned(),
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

/// The payload of a copy menu item for the selected test.
fn copy_payload(app: &App, item: usize) -> Option<(String, &'static str)> {
    let what = COPY_ITEMS.get(item).copied()?;
    let test = app.selected().map(|(t, _)| t);
    let text = match item {
        0 => test.map(|t| t.result.name.to_string()),
        1 => test.map(|t| t.result.full_name_or_name().to_owned()),
        2 => test.and_then(|t| t.result.details.message.as_deref().map(str::to_owned)),
        3 => test.and_then(|t| t.result.details.trace.as_deref().map(str::to_owned)),
        4 => app.rerun.command_line.clone().or_else(|| {
            app.rerun.plan_path.as_ref().map(|p| {
                let command = app.rerun.command.as_ref().map_or_else(
                    || "<your test command>".to_owned(),
                    |argv| {
                        argv.iter()
                            .map(|w| shell_quote(w))
                            .collect::<Vec<_>>()
                            .join(" ")
                    },
                );
                format!(
                    "ALLURE_TESTPLAN_PATH={} {command}",
                    shell_quote(&p.display().to_string())
                )
            })
        }),
        5 => app
            .rerun
            .plan_path
            .as_ref()
            .map(|p| p.display().to_string()),
        _ => None,
    }?;
    Some((text, what))
}

fn copy(app: &mut App, item: usize) -> Vec<Effect> {
    if matches!(app.overlays.last(), Some(Overlay::CopyMenu { .. })) {
        app.overlays.pop();
    }
    let mut effects = Vec::new();
    if item >= 4 && !app.rerun.running {
        // The command and the path are only useful with a plan for what is marked (or
        // selected) now: write it first.
        let (Some((plan, _, _)), Some(plan_path)) =
            (plan_for_rerun(app), app.rerun.plan_path.clone())
        else {
            app.note = Some(NOTHING_TO_RERUN.to_owned());
            return effects;
        };
        effects.push(Effect::WritePlan {
            plan_json: plan.to_json(),
            plan_path,
        });
        app.rerun.command_line = None;
    }
    match copy_payload(app, item) {
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
            app.note = Some("no attachment selected (Attachments tab: 3)".to_owned());
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
    app.prompt = Some(Prompt {
        purpose: PromptPurpose::SaveAttachment(app.detail.attachment_cursor),
        text: default,
    });
}

/// Handles typing in the prompt.
pub fn update_prompt(app: &mut App, action: &Action) -> Vec<Effect> {
    let Some(prompt) = app.prompt.as_mut() else {
        return Vec::new();
    };
    match action {
        Action::SearchInsert(c) => prompt.text.push(*c),
        Action::SearchBackspace => {
            prompt.text.pop();
        }
        Action::SearchClear => prompt.text.clear(),
        Action::SearchCancel | Action::Back => app.prompt = None,
        Action::SearchAccept => {
            let prompt = app.prompt.take();
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
