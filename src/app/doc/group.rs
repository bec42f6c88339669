//! The detail of a selected group: its tests by status (as the filter and search show them) and
//! what the keys do on it.

use ratatui::text::Line;

use crate::app::App;
use crate::model::Status;
use crate::sanitize::sanitize_line;
use crate::theme::Theme;

/// Lines for the selected group (or a note when nothing is selected).
#[must_use]
pub fn group_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let Some(id) = app.selected_node() else {
        return vec![Line::styled("Nothing to show.", theme.muted)];
    };
    let node = &app.tree.nodes[id as usize];
    if let Some(lines) = super::changes::node_lines(app, node, theme) {
        return lines;
    }
    let s = &app.symbols;
    let counts = app.shown_counts(id);
    let all = node.counts.total();
    let shown = counts.total();
    let mut lines = vec![
        Line::styled(sanitize_line(&node.name).into_owned(), theme.heading),
        Line::raw(if shown == all {
            crate::app::text::plural(all as usize, "test")
        } else {
            format!("{shown} of {all} tests shown (filter or search)")
        }),
        Line::raw(""),
    ];
    for status in Status::BY_PRIORITY {
        let n = counts.get(status);
        if n > 0 {
            lines.push(Line::styled(
                format!("  {} {n} {}", s.status(status), status.as_str()),
                theme.status(status),
            ));
        }
    }
    lines.push(Line::raw(""));
    let expanded = app.tree_state.is_expanded(id);
    let fold = if app.tree_state.force_expanded {
        "Groups stay open while a filter or search is on"
    } else if expanded {
        "Enter or h collapses it"
    } else {
        "Enter or l expands it"
    };
    lines.push(Line::styled(
        format!("{fold}; Space marks its tests; n jumps to the next failure."),
        theme.muted,
    ));
    lines
}
