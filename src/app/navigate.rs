//! Tree navigation: moving, folding, opening, and jumping between failures.

use super::action::Action;
use super::effect::Effect;
use super::state::{App, Focus, Tab};
use super::update::on_selection_changed;
use crate::model::tree::NodeId;
use crate::model::TestId;

pub(crate) fn update_tree(app: &mut App, action: &Action) -> Vec<Effect> {
    let page = app.tree_state.height.max(1) as isize;
    let before = app.selected_node();
    let mut effects = Vec::new();
    match action {
        Action::MoveDown => app.tree_state.move_by(1),
        Action::MoveUp => app.tree_state.move_by(-1),
        Action::PageDown => app.tree_state.move_by(page),
        Action::PageUp => app.tree_state.move_by(-page),
        Action::Top => app.tree_state.select_row(0),
        Action::Bottom => app.tree_state.select_row(usize::MAX),
        Action::Collapse => collapse(app),
        Action::Expand => expand(app),
        Action::Activate => effects = activate(app),
        _ => {}
    }
    if app.selected_node() != before {
        on_selection_changed(app);
    }
    effects
}

pub(crate) fn is_group(app: &App, node: NodeId) -> bool {
    app.tree.nodes[node as usize].is_group()
}

pub(crate) fn collapse(app: &mut App) {
    let Some(node) = app.selected_node() else {
        return;
    };
    if is_group(app, node) && app.tree_state.is_expanded(node) && !app.tree_state.force_expanded {
        app.tree_state.expanded.remove(&node);
        app.refresh_rows();
    } else if let Some(parent) = app.tree.nodes[node as usize].parent {
        app.tree_state.select_node(parent);
    }
}

pub(crate) fn expand(app: &mut App) {
    let Some(node) = app.selected_node() else {
        return;
    };
    if !is_group(app, node) {
        open_detail(app);
    } else if !app.tree_state.is_expanded(node) {
        app.tree_state.expanded.insert(node);
        app.refresh_rows();
    } else {
        app.tree_state.move_by(1);
    }
}

/// Enter on a tree row: folds a group; opens a test's detail, and on the Attachments tab the
/// selected attachment too (one Enter, not one to focus and one to open).
pub(crate) fn activate(app: &mut App) -> Vec<Effect> {
    let Some(node) = app.selected_node() else {
        return Vec::new();
    };
    if is_group(app, node) {
        if !app.tree_state.force_expanded {
            if app.tree_state.expanded.contains(&node) {
                app.tree_state.expanded.remove(&node);
            } else {
                app.tree_state.expanded.insert(node);
            }
            app.refresh_rows();
        }
        return Vec::new();
    }
    open_detail(app);
    if app.tab == Tab::Attachments {
        let page = super::layout::detail_rows(app).max(1);
        return super::detail_keys::update_attachments(app, &Action::Activate, page);
    }
    Vec::new()
}

pub(crate) fn open_detail(app: &mut App) {
    if app.is_narrow() {
        app.detail_open = true;
        app.focus = Focus::Detail;
    } else {
        app.focus = Focus::Detail;
    }
}

pub(crate) fn first_visible_test(app: &App) -> Option<TestId> {
    app.tree_state
        .rows
        .iter()
        .find_map(|&r| app.tree.nodes[r as usize].test)
}

/// Tests in tree order (every visible node, ignoring expansion).
pub(crate) fn tree_order(app: &App) -> Vec<NodeId> {
    let visible =
        super::state::visible_nodes(&app.tree, &app.visible_tests(), app.baseline_only_shown());
    let mut order = Vec::new();
    let mut stack: Vec<NodeId> = app.tree.roots.iter().rev().copied().collect();
    while let Some(id) = stack.pop() {
        if !visible[id as usize] {
            continue;
        }
        let node = &app.tree.nodes[id as usize];
        if node.test.is_some() {
            order.push(id);
        }
        stack.extend(node.children.iter().rev().copied());
    }
    order
}

pub(crate) fn jump_to_problem(app: &mut App, forward: bool) {
    let order = tree_order(app);
    let current = app.selected_node();
    let position = current.and_then(|c| order.iter().position(|&n| n == c));
    let is_problem = |node: NodeId| {
        app.tree.nodes[node as usize]
            .test
            .is_some_and(|t| app.report.tests[t as usize].result.status.is_problem())
    };
    let candidates: Box<dyn Iterator<Item = &NodeId>> = match (forward, position) {
        (true, Some(p)) => Box::new(order[p + 1..].iter().chain(order[..=p].iter())),
        (true, None) => Box::new(order.iter()),
        (false, Some(p)) => Box::new(order[..p].iter().rev().chain(order[p..].iter().rev())),
        (false, None) => Box::new(order.iter().rev()),
    };
    let target = candidates
        .copied()
        .find(|&n| is_problem(n) && Some(n) != current);
    match target {
        Some(node) => {
            app.reveal_node(node);
        }
        None => {
            // Say when the view, filter or search is what hides the others, or the user
            // concludes there are none.
            let shown: std::collections::HashSet<TestId> = order
                .iter()
                .filter_map(|&n| app.tree.nodes[n as usize].test)
                .collect();
            let hidden = (0..app.report.tests.len() as TestId)
                .filter(|t| {
                    app.report.tests[*t as usize].result.status.is_problem() && !shown.contains(t)
                })
                .count();
            app.note = Some(if hidden == 0 {
                "no other failed or broken test".to_owned()
            } else {
                format!("no other failure shown; {hidden} hidden by the view, filter or search")
            });
        }
    }
}

/// Selects the first failed test (else the first broken one) in tree order.
pub fn select_first_problem(app: &mut App) {
    let order = tree_order(app);
    let status_of = |node: NodeId| {
        app.tree.nodes[node as usize]
            .test
            .map(|t| app.report.tests[t as usize].result.status)
    };
    let target = order
        .iter()
        .copied()
        .find(|&n| status_of(n) == Some(crate::model::Status::Failed))
        .or_else(|| {
            order
                .iter()
                .copied()
                .find(|&n| status_of(n) == Some(crate::model::Status::Broken))
        });
    if let Some(node) = target {
        app.reveal_node(node);
    } else {
        app.tree_state.select_row(0);
        on_selection_changed(app);
    }
}
