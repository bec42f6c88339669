//! `update`: the only place the app state changes. Pure state transitions; I/O is returned as
//! [`Effect`]s for the runtime.

use super::action::Action;
use super::detail::{attachment_rows, collapse_key, step_rows, DetailState};
use super::effect::Effect;
use super::layout;
use super::search::{self, SYNC_LIMIT};
use super::state::{App, Focus, Overlay, Tab};
use crate::model::tree::NodeId;
use crate::model::TestId;

/// Applies an action and returns the effects to run.
pub fn update(app: &mut App, action: Action) -> Vec<Effect> {
    app.note = None;
    if action != Action::Quit {
        app.quit_armed = false;
    }
    match action {
        Action::Interrupt if app.rerun.running => {
            return super::triage::update_triage(app, &Action::StopRerun).unwrap_or_default();
        }
        Action::Quit if app.rerun.running && !app.quit_armed => {
            // Quitting stops the command; make sure that is meant.
            app.quit_armed = true;
            app.note = Some(
                "a rerun is running: q again quits and stops it; Ctrl-C stops only the rerun"
                    .to_owned(),
            );
            return Vec::new();
        }
        Action::Quit | Action::Interrupt => {
            app.should_quit = true;
            return Vec::new();
        }
        Action::Resize(w, h) => {
            app.size = (w, h);
            if !app.is_narrow() {
                app.detail_open = false;
            }
            sync_heights(app);
            return Vec::new();
        }
        Action::Click(x, y) => return click(app, x, y),
        Action::Scroll(x, y, delta) => {
            scroll_at(app, x, y, delta);
            return Vec::new();
        }
        _ => {}
    }
    if app.viewer.is_some() {
        return update_viewer(app, &action);
    }
    if let Some(&top) = app.overlays.last() {
        return update_overlay(app, top, &action);
    }
    if app.prompt.is_some() {
        return super::triage::update_prompt(app, &action);
    }
    if app.search.typing {
        return update_search(app, &action);
    }
    if app.rerun.visible && scroll_rerun_pane(app, &action) {
        return Vec::new();
    }
    if let Some(effects) = super::triage::update_triage(app, &action) {
        return effects;
    }
    match action {
        Action::ShowHelp => app.overlays.push(Overlay::Help { scroll: 0 }),
        Action::ShowWarnings => app.overlays.push(Overlay::Warnings { scroll: 0 }),
        Action::StartSearch => {
            app.search.typing = true;
            app.focus = Focus::Tree;
            app.detail_open = false;
        }
        Action::CycleFilter => {
            app.filter = app.filter.next();
            app.refresh_rows();
            on_selection_changed(app);
        }
        Action::CycleGrouping => {
            app.group_by = app.group_by.next();
            app.rebuild_tree(None);
            on_selection_changed(app);
        }
        Action::NextProblem => jump_to_problem(app, true),
        Action::PrevProblem => jump_to_problem(app, false),
        Action::ShowTab(tab) => show_tab(app, tab),
        Action::NextTab => show_tab(app, Tab::ALL[(app.tab.index() + 1) % Tab::ALL.len()]),
        Action::PrevTab => show_tab(
            app,
            Tab::ALL[(app.tab.index() + Tab::ALL.len() - 1) % Tab::ALL.len()],
        ),
        Action::SwitchFocus => {
            app.focus = match app.focus {
                Focus::Tree => Focus::Detail,
                Focus::Detail => Focus::Tree,
            };
            if app.is_narrow() {
                app.detail_open = app.focus == Focus::Detail;
            }
        }
        Action::ToggleTrace => app.detail.trace_unfolded = !app.detail.trace_unfolded,
        Action::ExpandAll => {
            let groups = app
                .tree
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.test.is_none());
            let ids: Vec<NodeId> = groups.map(|(i, _)| i as NodeId).collect();
            app.tree_state.expanded.extend(ids);
            app.refresh_rows();
        }
        Action::CollapseAll => {
            app.tree_state.expanded.clear();
            app.refresh_rows();
            on_selection_changed(app);
        }
        Action::Back => {
            if app.is_narrow() && app.detail_open {
                app.detail_open = false;
                app.focus = Focus::Tree;
            } else if app.focus == Focus::Detail {
                app.focus = Focus::Tree;
            } else if app.search.is_active() {
                clear_search(app);
            }
        }
        other => match app.focus {
            Focus::Tree => update_tree(app, &other),
            Focus::Detail => return update_detail(app, &other),
        },
    }
    Vec::new()
}

fn update_overlay(app: &mut App, top: Overlay, action: &Action) -> Vec<Effect> {
    if let Overlay::CopyMenu { cursor } = top {
        let last = super::triage::COPY_ITEMS.len() - 1;
        let cursor = match action {
            Action::MoveDown => (cursor + 1).min(last),
            Action::MoveUp => cursor.saturating_sub(1),
            Action::Activate | Action::Expand => {
                return super::triage::update_triage(app, &Action::CopyItem(cursor))
                    .unwrap_or_default()
            }
            Action::CopyItem(_) => {
                return super::triage::update_triage(app, action).unwrap_or_default()
            }
            Action::CloseOverlay | Action::Back | Action::OpenCopyMenu => {
                app.overlays.pop();
                return Vec::new();
            }
            _ => cursor,
        };
        if let Some(Overlay::CopyMenu { cursor: c }) = app.overlays.last_mut() {
            *c = cursor;
        }
        return Vec::new();
    }
    let closes = matches!(
        action,
        Action::CloseOverlay | Action::Back | Action::ShowHelp
    ) || (matches!(action, Action::ShowWarnings)
        && matches!(top, Overlay::Warnings { .. }));
    if closes {
        app.overlays.pop();
        return Vec::new();
    }
    if let Some(
        Overlay::Help { scroll } | Overlay::Warnings { scroll } | Overlay::SinceRerun { scroll },
    ) = app.overlays.last_mut()
    {
        match action {
            Action::MoveDown => *scroll += 1,
            Action::MoveUp => *scroll = scroll.saturating_sub(1),
            Action::PageDown => *scroll += 10,
            Action::PageUp => *scroll = scroll.saturating_sub(10),
            Action::Top => *scroll = 0,
            _ => {}
        }
    }
    Vec::new()
}

/// Scrolls the rerun output; true when the action was a scroll.
fn scroll_rerun_pane(app: &mut App, action: &Action) -> bool {
    let last = app.rerun.output.len().saturating_sub(1);
    let is_scroll = matches!(
        action,
        Action::MoveDown
            | Action::MoveUp
            | Action::PageDown
            | Action::PageUp
            | Action::Top
            | Action::Bottom
    );
    if is_scroll && app.rerun.follow {
        // Leave the tail where it is on screen, then scroll from there.
        app.rerun.follow = false;
        app.rerun.scroll = app
            .rerun
            .output
            .len()
            .saturating_sub(layout::rerun_rows(app));
    }
    let scroll = &mut app.rerun.scroll;
    match action {
        Action::MoveDown => *scroll = (*scroll + 1).min(last),
        Action::MoveUp => *scroll = scroll.saturating_sub(1),
        Action::PageDown => *scroll = (*scroll + 10).min(last),
        Action::PageUp => *scroll = scroll.saturating_sub(10),
        Action::Top => *scroll = 0,
        Action::Bottom => *scroll = last,
        Action::Back => app.rerun.visible = false,
        _ => return false,
    }
    true
}

/// Keeps the tree viewport height in step with the layout.
pub fn sync_heights(app: &mut App) {
    app.tree_state.height = layout::tree_rows(app).max(1);
    app.tree_state.clamp();
}

fn on_selection_changed(app: &mut App) {
    app.detail = DetailState::for_test(app.selected().map(|(t, _)| t));
    if let Some(test) = app.selected_test() {
        app.last_test = Some(test);
    }
}

fn update_tree(app: &mut App, action: &Action) {
    let page = app.tree_state.height.max(1) as isize;
    let before = app.selected_node();
    match action {
        Action::MoveDown => app.tree_state.move_by(1),
        Action::MoveUp => app.tree_state.move_by(-1),
        Action::PageDown => app.tree_state.move_by(page),
        Action::PageUp => app.tree_state.move_by(-page),
        Action::Top => app.tree_state.select_row(0),
        Action::Bottom => app.tree_state.select_row(usize::MAX),
        Action::Collapse => collapse(app),
        Action::Expand => expand(app),
        Action::Activate => activate(app),
        _ => {}
    }
    if app.selected_node() != before {
        on_selection_changed(app);
    }
}

fn is_group(app: &App, node: NodeId) -> bool {
    app.tree.nodes[node as usize].test.is_none()
}

fn collapse(app: &mut App) {
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

fn expand(app: &mut App) {
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

fn activate(app: &mut App) {
    let Some(node) = app.selected_node() else {
        return;
    };
    if is_group(app, node) {
        if app.tree_state.expanded.contains(&node) {
            app.tree_state.expanded.remove(&node);
        } else {
            app.tree_state.expanded.insert(node);
        }
        app.refresh_rows();
    } else {
        open_detail(app);
    }
}

fn open_detail(app: &mut App) {
    if app.is_narrow() {
        app.detail_open = true;
        app.focus = Focus::Detail;
    } else {
        app.focus = Focus::Detail;
    }
}

fn show_tab(app: &mut App, tab: Tab) {
    app.tab = tab;
    app.detail.scroll = 0;
}

fn update_detail(app: &mut App, action: &Action) -> Vec<Effect> {
    let page = layout::detail_rows(app).max(1);
    match app.tab {
        Tab::Steps => update_steps(app, action, page),
        Tab::Attachments => return update_attachments(app, action, page),
        _ => {
            let scroll = &mut app.detail.scroll;
            match action {
                Action::MoveDown => *scroll += 1,
                Action::MoveUp => *scroll = scroll.saturating_sub(1),
                Action::PageDown => *scroll += page,
                Action::PageUp => *scroll = scroll.saturating_sub(page),
                Action::Top => *scroll = 0,
                Action::Bottom => *scroll = usize::MAX / 2,
                Action::Collapse => app.focus = Focus::Tree,
                _ => {}
            }
        }
    }
    Vec::new()
}

fn update_steps(app: &mut App, action: &Action, page: usize) {
    let Some((test, _)) = app.selected() else {
        return;
    };
    let rows = step_rows(&test.result, &app.detail.collapsed_steps);
    if rows.is_empty() {
        return;
    }
    let cursor = &mut app.detail.step_cursor;
    let last = rows.len() - 1;
    match action {
        Action::MoveDown => *cursor = (*cursor + 1).min(last),
        Action::MoveUp => *cursor = cursor.saturating_sub(1),
        Action::PageDown => *cursor = (*cursor + page).min(last),
        Action::PageUp => *cursor = cursor.saturating_sub(page),
        Action::Top => *cursor = 0,
        Action::Bottom => *cursor = last,
        Action::Collapse | Action::Expand | Action::Activate => {
            let row = &rows[(*cursor).min(last)];
            let key = collapse_key(row);
            let collapsed = app.detail.collapsed_steps.contains(&key);
            match action {
                Action::Collapse if row.has_children && !collapsed => {
                    app.detail.collapsed_steps.insert(key);
                }
                Action::Collapse => {
                    // Go to the parent step.
                    if let Some(parent) = rows[..*cursor]
                        .iter()
                        .rposition(|r| r.section == row.section && r.depth + 1 == row.depth)
                    {
                        *cursor = parent;
                    } else if row.depth == 0 {
                        app.focus = Focus::Tree;
                    }
                }
                Action::Expand if collapsed => {
                    app.detail.collapsed_steps.remove(&key);
                }
                Action::Activate if row.has_children => {
                    if collapsed {
                        app.detail.collapsed_steps.remove(&key);
                    } else {
                        app.detail.collapsed_steps.insert(key);
                    }
                }
                _ => {}
            }
        }
        _ => {}
    }
}

fn update_attachments(app: &mut App, action: &Action, page: usize) -> Vec<Effect> {
    let Some((test, _)) = app.selected() else {
        return Vec::new();
    };
    let rows = attachment_rows(&test.result);
    if rows.is_empty() {
        if matches!(action, Action::Collapse) {
            app.focus = Focus::Tree;
        }
        return Vec::new();
    }
    let last = rows.len() - 1;
    let cursor = app.detail.attachment_cursor.min(last);
    let effect = match action {
        Action::Activate | Action::Expand => {
            let row = rows[cursor];
            let dir = app.report.dir_of(&test.result).cloned().unwrap_or_default();
            let name = row
                .attachment
                .name
                .as_deref()
                .or(row.attachment.source.as_deref())
                .unwrap_or("attachment");
            let title = format!(
                "{} ({})",
                name,
                row.attachment.mime.as_deref().unwrap_or("unknown type")
            );
            Some(Effect::OpenAttachment {
                dir,
                attachment: row.attachment.clone(),
                title: crate::sanitize::sanitize_line(&title).into_owned(),
            })
        }
        _ => None,
    };
    let cursor_ref = &mut app.detail.attachment_cursor;
    match action {
        Action::MoveDown => *cursor_ref = (cursor + 1).min(last),
        Action::MoveUp => *cursor_ref = cursor.saturating_sub(1),
        Action::PageDown => *cursor_ref = (cursor + page).min(last),
        Action::PageUp => *cursor_ref = cursor.saturating_sub(page),
        Action::Top => *cursor_ref = 0,
        Action::Bottom => *cursor_ref = last,
        Action::Collapse => app.focus = Focus::Tree,
        _ => {}
    }
    effect.into_iter().collect()
}

fn update_viewer(app: &mut App, action: &Action) -> Vec<Effect> {
    let page = layout::detail_rows(app).max(1);
    let Some(viewer) = app.viewer.as_mut() else {
        return Vec::new();
    };
    if viewer.typing {
        match action {
            Action::SearchInsert(c) => {
                viewer.query.push(*c);
                viewer.update_matches();
            }
            Action::SearchBackspace => {
                viewer.query.pop();
                viewer.update_matches();
            }
            Action::SearchClear => {
                viewer.query.clear();
                viewer.update_matches();
            }
            Action::SearchAccept => viewer.typing = false,
            Action::SearchCancel | Action::Back => {
                viewer.typing = false;
                viewer.query.clear();
                viewer.update_matches();
            }
            _ => {}
        }
        return Vec::new();
    }
    let last = viewer.lines.len().saturating_sub(1);
    match action {
        Action::MoveDown => viewer.scroll = (viewer.scroll + 1).min(last),
        Action::MoveUp => viewer.scroll = viewer.scroll.saturating_sub(1),
        Action::PageDown => viewer.scroll = (viewer.scroll + page).min(last),
        Action::PageUp => viewer.scroll = viewer.scroll.saturating_sub(page),
        Action::Top => viewer.scroll = 0,
        Action::Bottom => viewer.scroll = last.saturating_sub(page.saturating_sub(1)),
        Action::StartSearch => {
            viewer.typing = true;
            viewer.query.clear();
        }
        Action::NextMatch | Action::NextProblem => viewer.step_match(true),
        Action::PrevMatch | Action::PrevProblem => viewer.step_match(false),
        Action::Back | Action::CloseOverlay | Action::Collapse => app.viewer = None,
        _ => {}
    }
    Vec::new()
}

fn update_search(app: &mut App, action: &Action) -> Vec<Effect> {
    match action {
        Action::SearchInsert(c) => {
            app.search.query.push(*c);
            return start_search(app);
        }
        Action::SearchBackspace => {
            app.search.query.pop();
            return start_search(app);
        }
        Action::SearchClear => {
            app.search.query.clear();
            return start_search(app);
        }
        Action::SearchAccept => app.search.typing = false,
        Action::SearchCancel | Action::Back => clear_search(app),
        Action::MoveDown => app.tree_state.move_by(1),
        Action::MoveUp => app.tree_state.move_by(-1),
        _ => {}
    }
    Vec::new()
}

fn clear_search(app: &mut App) {
    let keep = app.selected_test();
    app.search.typing = false;
    app.search.query.clear();
    app.search.matches = None;
    app.search.generation += 1;
    app.search.pending = false;
    app.refresh_rows();
    if let Some(test) = keep {
        app.reveal_test(test);
    }
}

/// Starts matching the query: synchronously for small reports, else as an effect.
fn start_search(app: &mut App) -> Vec<Effect> {
    app.search.generation += 1;
    if app.search.query.is_empty() {
        app.search.matches = None;
        app.search.pending = false;
        app.refresh_rows();
        return Vec::new();
    }
    if app.haystacks.len() <= SYNC_LIMIT {
        let matches = search::match_all(&app.haystacks, &app.search.query);
        apply_matches(app, app.search.generation, matches);
        return Vec::new();
    }
    app.search.pending = true;
    vec![Effect::Search {
        generation: app.search.generation,
        query: app.search.query.clone(),
    }]
}

/// Takes a search answer, unless a newer query has been typed since, and selects the best
/// match (or the first one shown).
pub fn apply_matches(app: &mut App, generation: u64, matches: search::Matches) {
    if generation != app.search.generation {
        return;
    }
    let best = matches.best;
    app.search.matches = Some(matches.hits);
    app.search.pending = false;
    app.refresh_rows();
    let visible = app.visible_tests();
    let target = best
        .filter(|&b| visible[b as usize])
        .or_else(|| first_visible_test(app));
    if let Some(test) = target {
        app.reveal_test(test);
    }
    on_selection_changed(app);
}

fn first_visible_test(app: &App) -> Option<TestId> {
    app.tree_state
        .rows
        .iter()
        .find_map(|&r| app.tree.nodes[r as usize].test)
}

/// Tests in tree order (every visible node, ignoring expansion).
fn tree_order(app: &App) -> Vec<NodeId> {
    let visible = super::state::visible_nodes(&app.tree, &app.visible_tests());
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

fn jump_to_problem(app: &mut App, forward: bool) {
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
        None => app.note = Some("no other failed or broken test".to_owned()),
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

fn click(app: &mut App, x: u16, y: u16) -> Vec<Effect> {
    let areas = layout::compute(app);
    if let Some(tree) = areas.tree {
        if x >= tree.x && x < tree.x + tree.width && y > tree.y && y < tree.y + tree.height - 1 {
            let row = app.tree_state.offset + usize::from(y - tree.y - 1);
            if row < app.tree_state.rows.len() {
                let before = app.selected_node();
                app.tree_state.select_row(row);
                app.focus = Focus::Tree;
                if app.selected_node() == before {
                    activate(app);
                } else {
                    on_selection_changed(app);
                }
            }
            return Vec::new();
        }
    }
    if let Some(detail) = areas.detail {
        if x >= detail.x && y == detail.y + 1 {
            // The tab bar: each tab is its title plus padding.
            let mut start = detail.x + 1;
            for tab in Tab::ALL {
                let width = tab.title().len() as u16 + 5;
                if x >= start && x < start + width {
                    show_tab(app, tab);
                    break;
                }
                start += width;
            }
        }
        if x >= detail.x && y >= detail.y {
            app.focus = Focus::Detail;
        }
    }
    Vec::new()
}

fn scroll_at(app: &mut App, x: u16, y: u16, delta: i8) {
    let action = if delta > 0 {
        Action::MoveDown
    } else {
        Action::MoveUp
    };
    if app.viewer.is_some() {
        for _ in 0..3 {
            update_viewer(app, &action);
        }
        return;
    }
    let areas = layout::compute(app);
    let in_tree = areas.tree.is_some_and(|t| x < t.x + t.width && y >= t.y);
    if in_tree {
        let before = app.selected_node();
        app.tree_state.move_by(isize::from(delta) * 3);
        if app.selected_node() != before {
            on_selection_changed(app);
        }
    } else {
        let page = layout::detail_rows(app).max(1);
        for _ in 0..3 {
            match app.tab {
                Tab::Steps => update_steps(app, &action, page),
                Tab::Attachments => {
                    update_attachments(app, &action, page);
                }
                _ => {
                    app.detail.scroll = if delta > 0 {
                        app.detail.scroll + 1
                    } else {
                        app.detail.scroll.saturating_sub(1)
                    };
                }
            }
        }
    }
}
