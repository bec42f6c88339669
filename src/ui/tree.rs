//! The tree pane: groups with counts, tests with markers, a history strip and duration. Only
//! the rows on screen are built.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::{fit, fit_middle, format_duration};
use super::theme::Theme;
use crate::analysis::changes::ChangeSet;
use crate::analysis::{TestAnalysis, Transition};
use crate::app::search::match_indices;
use crate::app::{App, Focus, GroupBy};
use crate::model::tree::{suite_path, TreeNode};
use crate::model::{Status, Test, TestId};
use crate::sanitize::sanitize_line;

/// History runs shown per test row (the current run included, newest right).
const STRIP_RUNS: usize = 6;

/// The tree widget.
pub struct TreePane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
}

/// Short markers of a test for one row.
#[must_use]
pub fn row_markers(test: &Test, analysis: &TestAnalysis, times: &str) -> Vec<String> {
    let mut out = Vec::new();
    if analysis.flaky {
        out.push("flaky".to_owned());
    } else if analysis.flakiness.is_flaky() {
        out.push("flip".to_owned());
    }
    match analysis.transition {
        Some(Transition::New) => out.push("new".to_owned()),
        Some(Transition::Regressed) => out.push("regr".to_owned()),
        Some(Transition::Fixed) => out.push("fixed".to_owned()),
        Some(Transition::Malfunctioned) => out.push("malf".to_owned()),
        None => {}
    }
    if !test.retries.is_empty() {
        out.push(format!("{}{}", times, test.retries.len()));
    }
    out
}

/// The muted suite after a test's name when its row is not under its own suite: in the flat,
/// flaky, triage (unless the group is the suite path), categories and packages views, and in
/// behaviors when the story is not the class. What it shows tells same-named tests apart.
fn suite_suffix(app: &App, node: &TreeNode, test: TestId) -> Option<String> {
    let suite = app.suite_label(test)?;
    let innermost = suite_path(&app.report.tests[test as usize]).pop()?;
    let under_own_suite = node.parent.is_some_and(|p| {
        let group = &app.tree.nodes[p as usize].name;
        // The triage view names its groups by the suite path joined with the separator.
        *group == innermost
            || group
                .strip_suffix(innermost.as_str())
                .is_some_and(|rest| rest.ends_with(app.symbols.path_sep))
    });
    (!under_own_suite).then(|| format!("{}{suite}", app.symbols.dot))
}

/// The Changes view's note on a test row: how it was in the baseline (`was passed`, `new
/// test`, `300ms → 1.20s`), for the set its group stands for.
fn change_note(app: &App, test_id: u32, node: &crate::model::tree::TreeNode) -> Option<String> {
    let parent = node.parent.map(|p| &app.tree.nodes[p as usize])?;
    let set = crate::app::change_views::set_of_group(&parent.name)?;
    let changes = app.compare.changes.as_ref()?;
    let baseline = app.compare.baseline.as_ref()?;
    let test = &app.report.tests[test_id as usize];
    let before = changes
        .baseline_of(test_id)
        .and_then(|b| baseline.tests.get(b as usize));
    match (set, before) {
        (ChangeSet::Slower, Some(before)) => Some(format!(
            "{} {} {}",
            before
                .duration
                .map_or_else(|| "-".to_owned(), format_duration),
            app.symbols.arrow,
            test.result
                .duration()
                .map_or_else(|| "-".to_owned(), format_duration)
        )),
        (ChangeSet::Added, _) => None,
        (_, None) => Some("new test".to_owned()),
        (_, Some(before)) if before.status != test.result.status => {
            Some(format!("was {}", before.status.as_str()))
        }
        _ => None,
    }
}

impl Widget for TreePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = self.theme;
        let s = &app.symbols;
        let grouping = app.shown_grouping();
        let mut title = format!(" {} ", grouping.label());
        if grouping == GroupBy::Changes {
            if app.compare.baseline.is_some() {
                let _ = write!(
                    title,
                    "vs {} ",
                    crate::app::doc::changes::baseline_title(app)
                );
            }
        } else if grouping == GroupBy::Errors {
            let _ = write!(
                title,
                "({}, largest first) ",
                super::text::plural(app.clusters.clusters.len(), "cluster")
            );
        }
        if grouping == GroupBy::Flaky {
            let _ = write!(title, "({}; s changes) ", app.flaky_sort.label());
        } else if app.order != crate::app::order::TreeOrder::Name {
            let _ = write!(title, "({}) ", app.order.label());
        }
        let dot = s.dot.trim_start();
        if !app.marks.is_empty() {
            let _ = write!(title, "{dot}{} marked ", app.marks.len());
        }
        if app.filter != crate::app::filter::StatusFilter::All {
            let _ = write!(title, "{dot}{} ", app.filter.label());
        }
        if app.search.is_active() {
            let _ = write!(title, "{dot}/{} ", sanitize_line(&app.search.query));
        }
        let title = fit(
            &title,
            usize::from(area.width.saturating_sub(4)),
            s.ellipsis,
        );
        let shown = app.tree_state.rows.len();
        let block = super::pane_block(app, theme, app.focus == Focus::Tree, title).title_bottom(
            Line::from(Span::styled(
                format!(" {} ", super::text::plural(shown, "row")),
                theme.muted,
            ))
            .right_aligned(),
        );
        let inner = block.inner(area);
        block.render(area, buf);
        let width = usize::from(inner.width);
        let state = &app.tree_state;
        let end = (state.offset + usize::from(inner.height)).min(state.rows.len());
        let mut lines = Vec::with_capacity(end.saturating_sub(state.offset));
        for (row, &node_id) in state.rows[state.offset.min(end)..end].iter().enumerate() {
            let selected = state.offset + row == state.cursor;
            let mut line = tree_row(app, theme, node_id, width);
            if selected {
                line = line.style(theme.selection);
            }
            lines.push(line);
        }
        if state.rows.is_empty() {
            lines.push(Line::styled(empty_reason(app), theme.muted));
        }
        Paragraph::new(lines).render(inner, buf);
    }
}

/// Why the tree is empty, and what to do about it.
fn empty_reason(app: &App) -> String {
    let reason = if app.search.is_active() {
        "No test matches the search (Esc clears it)."
    } else if app.filter != crate::app::filter::StatusFilter::All {
        "No test matches this filter (f shows the next one, Esc clears it)."
    } else if app.shown_grouping() == GroupBy::Flaky {
        "No flaky tests: nothing flipped in this launch or its history. (Esc goes back.)"
    } else if app.shown_grouping() == GroupBy::Triage {
        "Nothing needs triage: no failed or broken test without a known/muted mark. (Esc goes back.)"
    } else if app.shown_grouping() == GroupBy::Changes {
        return app.compare.waiting_reason().unwrap_or_else(|| {
            "Nothing changed against the baseline. (Esc goes back.)".to_owned()
        });
    } else if app.shown_grouping() == GroupBy::Errors {
        "No failed or broken test: nothing to cluster (v shows the next grouping)."
    } else {
        "No tests in this grouping (v shows the next one)."
    };
    reason.to_owned()
}

/// One row: indent, mark, status, name (which gets room first), then what fits of the
/// right-hand columns.
fn tree_row(app: &App, theme: &Theme, node_id: u32, width: usize) -> Line<'static> {
    let s = &app.symbols;
    let node = &app.tree.nodes[node_id as usize];
    let mut left: Vec<Span> = vec![Span::raw("  ".repeat(usize::from(node.depth)))];
    // Right-hand groups in display order; when room is short the last ones go first
    // (duration, then the history strip, then markers or reasons) so the name stays readable.
    let mut right: Vec<Vec<Span>> = Vec::new();
    // How many of a test row's first columns are what its view is for (they stay).
    let mut view_columns = 0;
    // The name, and a muted suffix (the suite) cut before the name is.
    let (name, suffix) = match node.test {
        None if node.baseline_only.is_some() => {
            // A removed test: only the baseline has it.
            left.push(Span::styled(
                format!("{} ", s.status(node.status)),
                theme.muted,
            ));
            right.push(vec![Span::styled("removed ", theme.marker)]);
            (sanitize_line(&node.name).into_owned(), None)
        }
        Some(test_id) => {
            let test = &app.report.tests[test_id as usize];
            let marked = app.marks.contains(test.key.as_str());
            left.push(Span::styled(if marked { "* " } else { "" }, theme.key));
            left.push(Span::styled(
                format!("{} ", s.status(test.result.status)),
                theme.status(test.result.status),
            ));
            view_columns = test_columns(app, theme, node, test_id, width, &mut right);
            let suffix = suite_suffix(app, node, test_id);
            (app.label(test_id), suffix)
        }
        None => {
            let glyph = if app.tree_state.is_expanded(node_id) {
                s.expanded
            } else {
                s.collapsed
            };
            left.push(Span::styled(format!("{glyph} "), theme.muted));
            // Counts and the group's mark follow what the filter and search show.
            let counts = app.shown_counts(node_id);
            let status = counts.worst().unwrap_or(node.status);
            // A group of removed tests only has no status in this launch: its mark is muted.
            let mark_style = if counts.total() == 0 {
                theme.muted
            } else {
                theme.status(status)
            };
            left.push(Span::styled(format!("{} ", s.status(status)), mark_style));
            let mut spans = Vec::new();
            for status in Status::BY_PRIORITY {
                let n = counts.get(status);
                if n > 0 {
                    spans.push(Span::styled(
                        format!("{n}{} ", s.status(status)),
                        theme.status(status),
                    ));
                }
            }
            let gone = node
                .children
                .iter()
                .filter(|&&c| app.tree.nodes[c as usize].baseline_only.is_some())
                .count();
            if gone > 0 {
                spans.push(Span::styled(format!("{gone} removed "), theme.muted));
            }
            right.push(spans);
            (sanitize_line(&node.name).into_owned(), None)
        }
    };
    let used: usize = left.iter().map(|sp| sp.content.width()).sum();
    let group_width = |g: &Vec<Span>| -> usize { g.iter().map(|sp| sp.content.width()).sum() };
    // A test's name gets its full width before any column does: the duration goes first,
    // then the history strip, then the markers. (The suite suffix only takes what is left; a
    // group always keeps its counts.) A view's own columns (the flaky view's reasons and
    // strip, the changes view's note) stay on every row and the name is cut instead: they are
    // what the view is for, and they line up.
    let wanted_name = name.width();
    let keep = if node.test.is_none() { 1 } else { view_columns };
    while right.len() > keep
        && width.saturating_sub(used + right.iter().map(group_width).sum::<usize>() + 1)
            < wanted_name
    {
        right.pop();
    }
    let right: Vec<Span> = right.into_iter().flatten().collect();
    let right_w: usize = right.iter().map(|sp| sp.content.width()).sum();
    let room = width.saturating_sub(used + right_w + 1);
    let shown_name = fit_middle(&name, room, s.ellipsis);
    // A suite path of several levels is cut in its middle, keeping both what tells it apart
    // (the module) and the class; one suite keeps its start.
    let suffix = suffix
        .map(|sfx| {
            let body = sfx.strip_prefix(s.dot).unwrap_or(&sfx);
            let room = room.saturating_sub(shown_name.width() + s.dot.width());
            let cut = if body.contains(s.path_sep) {
                fit_middle(body, room, s.ellipsis)
            } else {
                fit(body, room, s.ellipsis)
            };
            format!("{}{cut}", s.dot)
        })
        .filter(|sfx| sfx.width() > s.dot.width() + 1)
        .unwrap_or_default();
    let pad = width.saturating_sub(used + shown_name.width() + suffix.width() + right_w);
    left.extend(highlight(
        &shown_name,
        &app.search.query,
        theme,
        node.test.is_none(),
    ));
    left.push(Span::styled(suffix, theme.muted));
    left.push(Span::raw(" ".repeat(pad)));
    left.extend(right);
    Line::from(left)
}

/// Pane widths (columns) from which the flaky view shows its reasons, and its strip too: each
/// leaves a name at least 16 columns wide. Below them the columns go on every row alike.
const FLAKY_REASONS_FROM: usize = 52;
const FLAKY_STRIP_FROM: usize = 60;

/// A test row's right-hand columns: the flaky view's reasons or the markers, the history
/// strip, the duration. Returns how many of them are the view's own (see [`tree_row`]).
fn test_columns(
    app: &App,
    theme: &Theme,
    node: &crate::model::tree::TreeNode,
    test_id: u32,
    width: usize,
    right: &mut Vec<Vec<Span<'static>>>,
) -> usize {
    let s = &app.symbols;
    let test = &app.report.tests[test_id as usize];
    let analysis = &app.analysis.tests[test_id as usize];
    let flaky_view = app.shown_grouping() == GroupBy::Flaky;
    if flaky_view {
        if width < FLAKY_REASONS_FROM {
            return 0;
        }
        // The compact reasons; the Overview lists all of them.
        // Padded to one width so the strip and duration columns line up across rows.
        right.push(vec![Span::styled(
            format!("{:>32} ", crate::app::views::flaky_summary(analysis, s)),
            theme.marker,
        )]);
    } else if app.shown_grouping() == GroupBy::Changes {
        if let Some(note) = change_note(app, test_id, node) {
            right.push(vec![Span::styled(format!("{note} "), theme.marker)]);
        }
    } else {
        let markers = row_markers(test, analysis, s.times);
        if !markers.is_empty() {
            right.push(vec![Span::styled(
                format!("{} ", markers.join(" ")),
                theme.marker,
            )]);
        }
    }
    let history: Vec<Status> = test
        .history
        .iter()
        .take(STRIP_RUNS - 1)
        .map(|h| h.status)
        .collect();
    // The changes view's note is its own column; the markers of the other trees are not.
    let own = if app.shown_grouping() == GroupBy::Changes {
        right.len()
    } else {
        0
    };
    // Narrow panes drop these columns on every row alike, so the rest stay aligned.
    let strip_from = if flaky_view { FLAKY_STRIP_FROM } else { 34 };
    if width >= strip_from && !history.is_empty() {
        let mut strip: Vec<Span> = history
            .iter()
            .rev()
            .chain(std::iter::once(&test.result.status))
            .map(|st| Span::styled(s.status_char(*st).to_string(), theme.status(*st)))
            .collect();
        strip.push(Span::raw(" "));
        right.push(strip);
    }
    // The flaky view's strip is one of its own columns.
    let own = if flaky_view { right.len() } else { own };
    // The flaky view's reasons take the duration's place: its rows stay aligned.
    if let Some(d) = test
        .result
        .duration()
        .filter(|_| width >= 44 && !flaky_view)
    {
        right.push(vec![Span::styled(
            format!("{:>7}", format_duration(d)),
            theme.muted,
        )]);
    }
    own
}

fn highlight<'a>(name: &str, query: &str, theme: &Theme, group: bool) -> Vec<Span<'a>> {
    let base = if group {
        theme.heading
    } else {
        ratatui::style::Style::new()
    };
    let indices = if query.is_empty() {
        Vec::new()
    } else {
        match_indices(name, query)
    };
    if indices.is_empty() {
        return vec![Span::styled(name.to_owned(), base)];
    }
    name.chars()
        .enumerate()
        .map(|(i, c)| {
            Span::styled(
                c.to_string(),
                if indices.contains(&i) {
                    theme.matched
                } else {
                    base
                },
            )
        })
        .collect()
}

/// Box drawing in plain ASCII for `--ascii`.
#[must_use]
pub fn ascii_border() -> ratatui::symbols::border::Set<'static> {
    ratatui::symbols::border::Set {
        top_left: "+",
        top_right: "+",
        bottom_left: "+",
        bottom_right: "+",
        vertical_left: "|",
        vertical_right: "|",
        horizontal_top: "-",
        horizontal_bottom: "-",
    }
}
