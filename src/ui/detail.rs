//! The detail pane: a tab bar and the selected tab's content for the selected test or group.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget, Wrap};

use super::attachments::attachment_lines;
use super::history::history_lines;
use super::overview::overview_lines;
use super::retries::retries_lines;
use super::steps::steps_lines;
use super::theme::Theme;
use crate::app::{App, Focus, Tab};
use crate::model::Status;
use crate::sanitize::sanitize_line;

/// The detail widget.
pub struct DetailPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = self.theme;
        let title = app.selected_node().map_or_else(String::new, |n| {
            format!(" {} ", sanitize_line(&app.tree.nodes[n as usize].name))
        });
        let title = super::text::fit(
            &title,
            usize::from(area.width.saturating_sub(4)),
            app.symbols.ellipsis,
        );
        let block = super::pane_block(app, theme, app.focus == Focus::Detail, title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 {
            return;
        }
        // Tab titles shrink on narrow panes so all five stay visible.
        let full: usize = Tab::ALL.iter().map(|t| t.title().len() + 5).sum();
        let compact = full > usize::from(inner.width);
        let mut tabs = Vec::new();
        for (i, tab) in Tab::ALL.iter().enumerate() {
            let style = if *tab == app.tab {
                theme.selection
            } else {
                theme.muted
            };
            let title = if compact {
                tab.short_title()
            } else {
                tab.title()
            };
            let pad = if compact { "" } else { " " };
            tabs.push(Span::styled(format!("{pad}{} {title}{pad}", i + 1), style));
            tabs.push(Span::raw(" "));
        }
        Paragraph::new(Line::from(tabs)).render(Rect { height: 1, ..inner }, buf);
        let body = Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(2),
            ..inner
        };
        let (lines, cursor) = content(app, theme);
        let height = usize::from(body.height);
        let (scroll, cursor_line) = match cursor {
            // Cursor tabs keep the selected line on screen.
            Some(c) => (c.saturating_sub(height.saturating_sub(3)).min(c), Some(c)),
            None => (
                app.detail.scroll.min(lines.len().saturating_sub(height)),
                None,
            ),
        };
        let mut lines = lines;
        if let Some(c) = cursor_line {
            if let Some(line) = lines.get_mut(c) {
                *line = std::mem::take(line).style(theme.selection);
            }
        }
        // Prose wraps; tables and trees are cut at the edge so columns stay aligned.
        let wrap = cursor.is_none();
        let visible: Vec<Line> = lines.into_iter().skip(scroll).take(height * 4).collect();
        let mut paragraph = Paragraph::new(visible);
        if wrap {
            paragraph = paragraph.wrap(Wrap { trim: false });
        }
        paragraph.render(body, buf);
        if app.hyperlinks && app.tab == Tab::Overview {
            if let Some((test, _)) = app.selected() {
                for link in &test.result.body().links {
                    super::hyperlink::link_url(buf, body, &link.url);
                }
            }
        }
    }
}

fn content(app: &App, theme: &Theme) -> (Vec<Line<'static>>, Option<usize>) {
    let Some((test, analysis)) = app.selected() else {
        return (group_lines(app, theme), None);
    };
    match app.tab {
        Tab::Overview => (overview_lines(app, test, analysis, theme), None),
        Tab::Steps => steps_lines(app, test, theme),
        Tab::Attachments => attachment_lines(app, test, theme),
        Tab::History => (history_lines(app, test, analysis, theme), None),
        Tab::Retries => (retries_lines(app, test, theme), None),
        Tab::Diff => (super::diff::diff_tab_lines(app, test, theme), None),
    }
}

fn group_lines(app: &App, theme: &Theme) -> Vec<Line<'static>> {
    let Some(node) = app.selected_node().map(|n| &app.tree.nodes[n as usize]) else {
        return vec![Line::styled("Nothing to show.", theme.muted)];
    };
    let s = &app.symbols;
    let mut lines = vec![
        Line::styled(sanitize_line(&node.name).into_owned(), theme.heading),
        Line::raw(format!("{} tests", node.counts.total())),
        Line::raw(""),
    ];
    for status in Status::BY_PRIORITY {
        let n = node.counts.get(status);
        if n > 0 {
            lines.push(Line::styled(
                format!("  {} {n} {}", s.status(status), status.as_str()),
                theme.status(status),
            ));
        }
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(
        "Enter or l expands; n jumps to the next failure.",
        theme.muted,
    ));
    lines
}
