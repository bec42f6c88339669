//! The detail pane: a tab bar and the selected tab's document for the selected test or group,
//! drawn from the cached document and its wrapped layout.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Widget};

use super::theme::Theme;
use crate::app::doc::{cursor_line, detail_view};
use crate::app::layout::tab_bar;
use crate::app::{App, Focus, Tab};
use crate::sanitize::sanitize_line;

/// The detail widget.
pub struct DetailPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
}

/// The pane title: the selected test's label and suite (what tells it from same-named tests), or the
/// group's name.
#[must_use]
pub fn detail_title(app: &App) -> String {
    if let Some(test) = app.selected_test() {
        return app.label_with_suite(test);
    }
    app.selected_node().map_or_else(String::new, |n| {
        sanitize_line(&app.tree.nodes[n as usize].name).into_owned()
    })
}

impl Widget for DetailPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = self.theme;
        let title = crate::app::text::fit_middle(
            &detail_title(app),
            usize::from(area.width.saturating_sub(4)),
            app.symbols.ellipsis,
        );
        // Nothing selected (a filter that shows nothing): no title, not an empty pair of spaces.
        let title = if title.is_empty() {
            String::new()
        } else {
            format!(" {title} ")
        };
        let block = super::pane_block(app, theme, app.focus == Focus::Detail, title);
        let inner = block.inner(area);
        block.render(area, buf);
        if inner.height < 2 {
            return;
        }
        let mut tabs = Vec::new();
        let mut x = 0;
        for label in tab_bar(app, inner.width) {
            let style = if label.tab == app.tab {
                theme.selection
            } else {
                theme.muted
            };
            tabs.push(Span::raw(" ".repeat(usize::from(label.x - x))));
            x = label.x + label.text.chars().count() as u16;
            tabs.push(Span::styled(label.text, style));
        }
        Paragraph::new(Line::from(tabs)).render(Rect { height: 1, ..inner }, buf);
        let body = Rect {
            y: inner.y + 2,
            height: inner.height.saturating_sub(2),
            ..inner
        };
        let view = detail_view(app);
        let height = usize::from(body.height);
        let cursor = cursor_line(app, &view.doc);
        let scroll = match cursor {
            Some(line) => view.wrapped.scroll_to_show(line, height, app.detail.scroll),
            None => app.detail.scroll.min(view.wrapped.max_scroll(height)),
        };
        super::render_rows(
            &view.doc.lines,
            &view.wrapped,
            scroll,
            body,
            buf,
            cursor.map(|c| (c, theme.selection)),
        );
        if app.hyperlinks && app.tab == Tab::Overview {
            if let Some((test, _)) = app.selected() {
                for link in &test.result.body().links {
                    super::hyperlink::link_url(buf, body, &link.url);
                }
            }
        }
    }
}
