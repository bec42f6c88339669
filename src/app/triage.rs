//! Updates for the triage loop: marks, rerun, copy, open/save, triage views, reload.
//!
//! Like `update`, these only change state and return effects; the runtime runs processes,
//! writes files and talks to the terminal.

use std::path::PathBuf;

use super::action::Action;
use super::copy::copy;
pub use super::copy::{COPY_ITEMS, MAX_COPY_BYTES};
use super::detail::attachment_rows;
use super::effect::Effect;
use super::filter::StatusFilter;
use super::layers::{Layer, View};
use super::rerun_plan::rerun;
use super::state::{App, Overlay, Prompt, PromptPurpose};
use super::text::plural;
use crate::model::tree::NodeId;

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
        Action::ShowChangesView => {
            super::update::toggle_view(app, View::Changes);
            if app.compare.spec.is_none() {
                app.note = Some(
                    "no baseline: start with --baseline B (another launch, previous or run:N)"
                        .to_owned(),
                );
            }
            Vec::new()
        }
        Action::ShowCluster => {
            show_cluster(app);
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
        "; r reruns them"
    };
    // "marked 5 failed, broken or flaky tests", not "marked 5 tests failed, …".
    app.note = Some(format!(
        "marked {count} failed, broken or flaky {} ({} new){history}",
        if count == 1 { "test" } else { "tests" },
        app.marks.len() - before
    ));
}

/// `c`: the selected failure in its cluster: the errors grouping, with the cluster open.
fn show_cluster(app: &mut App) {
    let Some(test) = app.selected_test() else {
        app.note = Some("select a failed or broken test to see its cluster".to_owned());
        return;
    };
    if app.clusters.of_test(test).is_none() {
        app.note = Some("this test did not fail: it is in no failure cluster".to_owned());
        return;
    }
    app.layers.remove(|l| matches!(l, Layer::View(_)));
    app.group_by = super::state::GroupBy::Errors;
    app.rebuild_tree(Some(test));
    super::update::on_selection_changed(app);
}

/// Test keys under a node (the test itself, or every test below a group).
pub(crate) fn keys_under(app: &App, node: NodeId) -> Vec<String> {
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
    if keys.is_empty() {
        app.note = Some("removed tests are not in this launch: nothing to mark".to_owned());
        app.tree_state.move_by(1);
        return;
    }
    if keys.iter().all(|k| app.marks.contains(k)) {
        for key in &keys {
            app.marks.remove(key);
        }
    } else {
        app.marks.extend(keys);
    }
    app.tree_state.move_by(1);
}

fn selected_attachment(
    app: &App,
) -> Option<(crate::model::result::Origin, crate::model::Attachment)> {
    let (test, _) = app.selected()?;
    let rows = attachment_rows(&test.result);
    let row = rows.get(app.detail.attachment_cursor.min(rows.len().checked_sub(1)?))?;
    Some((test.result.origin.clone(), row.attachment.clone()))
}

fn open_externally(app: &mut App) -> Vec<Effect> {
    match selected_attachment(app) {
        Some((files, attachment)) => vec![Effect::OpenExternal { files, attachment }],
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
            if let (Some(prompt), Some((files, attachment))) = (prompt, selected_attachment(app)) {
                if prompt.text.trim().is_empty() {
                    app.note = Some("no path given; nothing saved".to_owned());
                    return Vec::new();
                }
                return vec![Effect::SaveAttachment {
                    files,
                    attachment,
                    dest: PathBuf::from(prompt.text.trim()),
                }];
            }
        }
        _ => {}
    }
    Vec::new()
}
