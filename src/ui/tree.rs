//! The tree pane: groups with counts, tests with markers, a history strip and duration. Only
//! the rows on screen are built.

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::text::{fit, format_duration};
use super::theme::Theme;
use crate::analysis::{TestAnalysis, Transition};
use crate::app::search::match_indices;
use crate::app::{App, Focus};
use crate::model::{Status, Test};
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

impl Widget for TreePane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = self.theme;
        let s = &app.symbols;
        let mut title = format!(" {} ", app.group_by.label());
        if app.group_by == crate::app::GroupBy::Flaky {
            let _ = write!(title, "({}; S changes) ", app.flaky_sort.label());
        }
        if !app.marks.is_empty() {
            let _ = write!(title, "· {} marked ", app.marks.len());
        }
        if app.filter != crate::app::filter::StatusFilter::All {
            let _ = write!(title, "· {} ", app.filter.label());
        }
        if app.search.is_active() {
            let _ = write!(title, "· /{} ", sanitize_line(&app.search.query));
        }
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
        // Columns are dropped for the whole pane, not per row, so they stay aligned.
        let show_duration = width >= 44;
        let show_strip = width >= 34;
        let end = (state.offset + usize::from(inner.height)).min(state.rows.len());
        let mut lines = Vec::with_capacity(end.saturating_sub(state.offset));
        for (row, &node_id) in state.rows[state.offset.min(end)..end].iter().enumerate() {
            let node = &app.tree.nodes[node_id as usize];
            let selected = state.offset + row == state.cursor;
            let indent = "  ".repeat(usize::from(node.depth));
            let mut left: Vec<Span> = vec![Span::raw(indent)];
            // Right-hand groups in display order; on a narrow pane the last ones are dropped
            // first (duration, then the history strip, then markers) to keep names readable.
            let mut right: Vec<Vec<Span>> = Vec::new();
            let name = sanitize_line(&node.name);
            if let Some(test_id) = node.test {
                let test = &app.report.tests[test_id as usize];
                let analysis = &app.analysis.tests[test_id as usize];
                let marked = app.marks.contains(test.key.as_str());
                left.push(Span::styled(if marked { "* " } else { "" }, theme.key));
                left.push(Span::styled(
                    format!("{} ", s.status(test.result.status)),
                    theme.status(test.result.status),
                ));
                if app.group_by == crate::app::GroupBy::Flaky {
                    // The flaky view shows why, not just that; the name keeps up to 20 columns.
                    let used: usize = left.iter().map(|sp| sp.content.width()).sum();
                    let room = width.saturating_sub(used + name.width().min(20) + 2);
                    let reason = crate::app::views::flaky_reason(test, analysis, s);
                    right.push(vec![Span::styled(
                        format!("{} ", fit(&reason, room.saturating_sub(1), s.ellipsis)),
                        theme.marker,
                    )]);
                }
                let markers = if app.group_by == crate::app::GroupBy::Flaky {
                    Vec::new()
                } else {
                    row_markers(test, analysis, s.times)
                };
                if !markers.is_empty() {
                    right.push(vec![Span::styled(
                        format!("{} ", markers.join(" ")),
                        theme.marker,
                    )]);
                }
                let history: Vec<Status> = test
                    .history
                    .iter()
                    .take(STRIP_RUNS - 1)
                    .map(|h| h.status)
                    .collect();
                if show_strip && !history.is_empty() {
                    let mut strip: Vec<Span> = history
                        .iter()
                        .rev()
                        .chain(std::iter::once(&test.result.status))
                        .map(|st| Span::styled(s.status_char(*st).to_string(), theme.status(*st)))
                        .collect();
                    strip.push(Span::raw(" "));
                    right.push(strip);
                }
                if let Some(d) = test.result.duration().filter(|_| show_duration) {
                    right.push(vec![Span::styled(
                        format!("{:>7}", format_duration(d)),
                        theme.muted,
                    )]);
                }
            } else {
                let glyph = if state.is_expanded(node_id) {
                    s.expanded
                } else {
                    s.collapsed
                };
                left.push(Span::styled(format!("{glyph} "), theme.muted));
                left.push(Span::styled(
                    format!("{} ", s.status(node.status)),
                    theme.status(node.status),
                ));
                let mut counts = Vec::new();
                for status in Status::BY_PRIORITY {
                    let n = node.counts.get(status);
                    if n > 0 {
                        counts.push(Span::styled(
                            format!("{n}{} ", s.status(status)),
                            theme.status(status),
                        ));
                    }
                }
                right.push(counts);
            }
            let used: usize = left.iter().map(|sp| sp.content.width()).sum();
            let group_width =
                |g: &Vec<Span>| -> usize { g.iter().map(|sp| sp.content.width()).sum() };
            let wanted_name = name.width().min(16);
            while right.len() > 1
                && width.saturating_sub(used + right.iter().map(group_width).sum::<usize>() + 1)
                    < wanted_name
            {
                right.pop();
            }
            let right: Vec<Span> = right.into_iter().flatten().collect();
            let right_w: usize = right.iter().map(|sp| sp.content.width()).sum();
            let name_w = width.saturating_sub(used + right_w + 1);
            let shown_name = fit(&name, name_w, s.ellipsis);
            let pad = width.saturating_sub(used + shown_name.width() + right_w);
            left.extend(highlight(
                &shown_name,
                &app.search.query,
                theme,
                node.test.is_none(),
            ));
            left.push(Span::raw(" ".repeat(pad)));
            left.extend(right);
            let mut line = Line::from(left);
            if selected {
                line = line.style(theme.selection);
            }
            lines.push(line);
        }
        if state.rows.is_empty() {
            let why = if app.search.is_active() {
                "No test matches the search (Esc clears it)."
            } else if app.filter != crate::app::filter::StatusFilter::All {
                "No test matches this filter (f shows the next one)."
            } else if app.group_by == crate::app::GroupBy::Flaky {
                "No flaky tests: nothing flipped in this launch or its history. (v goes back.)"
            } else if app.group_by == crate::app::GroupBy::Triage {
                "Nothing needs triage: no failed or broken test without a known/muted mark. (v goes back.)"
            } else {
                "No tests in this grouping (v shows the next one)."
            };
            lines.push(Line::styled(why, theme.muted));
        }
        Paragraph::new(lines).render(inner, buf);
    }
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
