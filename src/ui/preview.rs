//! On narrow screens, under the tree: the selected test's status and the start of its message,
//! so the first failure's message shows without a key (Enter opens the whole detail).

use std::fmt::Write as _;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Widget;

use super::theme::Theme;
use crate::app::doc::Doc;
use crate::app::App;
use crate::sanitize::sanitize_block;

/// The baseline's test when the selected row is a removed test.
fn removed_test(app: &App) -> Option<&crate::analysis::baseline::BaselineTest> {
    let node = &app.tree.nodes[app.selected_node()? as usize];
    let index = node.baseline_only?;
    app.compare.baseline.as_ref()?.tests.get(index as usize)
}

/// The preview widget.
pub struct PreviewPane<'a> {
    /// State to draw.
    pub app: &'a App,
    /// Styles.
    pub theme: &'a Theme,
}

impl Widget for PreviewPane<'_> {
    fn render(self, area: Rect, buf: &mut Buffer) {
        let app = self.app;
        let theme = self.theme;
        let s = &app.symbols;
        let (title, lines) = match app.selected() {
            Some((test, _)) => {
                let r = &test.result;
                let mut head = format!(
                    " {} {}",
                    s.status(r.status),
                    r.status.as_str().to_uppercase()
                );
                if let Some(d) = r.duration() {
                    let _ = write!(head, "{}{}", s.dot, super::text::format_duration(d));
                }
                let _ = write!(head, "{}Enter: detail ", s.dot);
                let lines: Vec<Line<'static>> = match r.details.message.as_deref() {
                    Some(m) if !m.trim().is_empty() => sanitize_block(m)
                        .lines()
                        .filter(|l| !l.trim().is_empty())
                        .take(10)
                        .map(|l| Line::styled(l.to_owned(), theme.status(r.status)))
                        .collect(),
                    _ => vec![Line::styled(
                        "No message. Enter shows the detail (1-6: tabs).",
                        theme.muted,
                    )],
                };
                (head, lines)
            }
            None => match (removed_test(app), app.selected_node()) {
                (Some(test), _) => (
                    format!(
                        " removed{}was {} in the baseline{}Enter: detail ",
                        s.dot,
                        test.status.as_str(),
                        s.dot
                    ),
                    vec![Line::styled(
                        "In the baseline, not in this launch.",
                        theme.muted,
                    )],
                ),
                // A group: its name (the title "group" said nothing); nothing shown: no title.
                (None, Some(_)) => (
                    format!(
                        " {} ",
                        super::text::fit_middle(
                            &super::detail::detail_title(app),
                            usize::from(area.width.saturating_sub(4)),
                            s.ellipsis
                        )
                    ),
                    vec![Line::styled(
                        "Select a test to see its message here (n: next failure).",
                        theme.muted,
                    )],
                ),
                (None, None) => (String::new(), Vec::new()),
            },
        };
        let block = super::pane_block(app, theme, false, title);
        let inner = block.inner(area);
        block.render(area, buf);
        let doc = Doc::of(lines);
        let wrapped = doc.wrap(inner.width);
        super::render_rows(&doc.lines, &wrapped, 0, inner, buf, None);
    }
}
