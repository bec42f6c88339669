//! Rendering: a pure function of `&App` and the theme. Each pane is a small borrow-only widget.

pub mod attachments;
pub mod detail;
pub mod diff;
pub mod footer;
pub mod header;
pub mod history;
pub mod hyperlink;
pub mod overview;
pub mod popup;
pub mod rerun;
pub mod retries;
pub mod steps;
pub mod text;
pub mod theme;
pub mod tree;
pub mod viewer;

use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};
use ratatui::Frame;

use crate::app::layout::compute;
use crate::app::{App, Loading};
use theme::Theme;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App, theme: &Theme) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    if app.loading == Loading::Results || app.load_error.is_some() {
        render_loading(app, theme, area, buf);
        return;
    }
    let areas = compute(app);
    header::HeaderPane { app, theme }.render(areas.header, buf);
    if let Some(tree) = areas.tree {
        tree::TreePane { app, theme }.render(tree, buf);
    }
    if let Some(detail) = areas.detail {
        detail::DetailPane { app, theme }.render(detail, buf);
        if let Some(viewer) = &app.viewer {
            viewer::ViewerPane { app, viewer, theme }.render(detail, buf);
        }
    } else if let Some(viewer) = &app.viewer {
        let body = areas.tree.unwrap_or(area);
        viewer::ViewerPane { app, viewer, theme }.render(body, buf);
    }
    if app.rerun.visible {
        let body = Rect::new(
            0,
            areas.header.height,
            area.width,
            area.height.saturating_sub(areas.header.height + 1),
        );
        let pane = Rect {
            y: body.y + body.height / 3,
            height: body.height - body.height / 3,
            ..body
        };
        rerun::RerunPane { app, theme }.render(pane, buf);
    }
    footer::FooterPane { app, theme }.render(areas.footer, buf);
    if let Some(&overlay) = app.overlays.last() {
        popup::PopupPane {
            app,
            theme,
            overlay,
        }
        .render(area, buf);
    }
}

fn render_loading(app: &App, theme: &Theme, area: Rect, buf: &mut ratatui::buffer::Buffer) {
    let mut lines = vec![Line::raw(""), Line::styled("  allure-tui", theme.heading)];
    if let Some(error) = &app.load_error {
        lines.push(Line::styled(
            format!("  {error}"),
            theme.status(crate::model::Status::Failed),
        ));
        lines.push(Line::styled("  press q to quit", theme.muted));
    } else {
        let progress = app.progress.map_or_else(
            || "  reading results…".to_owned(),
            |p| format!("  reading results… {} of {}", p.done, p.total),
        );
        lines.push(Line::raw(progress));
    }
    Paragraph::new(lines).render(area, buf);
}

/// A bordered pane block with the app's border glyphs and focus colour.
#[must_use]
pub fn pane_block(app: &App, theme: &Theme, focused: bool, title: String) -> Block<'static> {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if focused {
            theme.focused_border
        } else {
            theme.border
        })
        .title(Span::styled(title, theme.heading));
    if app.symbols.ascii {
        block.border_set(tree::ascii_border())
    } else {
        block.border_type(BorderType::Rounded)
    }
}
