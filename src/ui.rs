//! Rendering: a pure function of `&App`. Each pane is a small borrow-only widget; the layer stack
//! is drawn bottom to top, so what has the keys is what is in front.

pub mod detail;
pub mod footer;
pub mod header;
pub mod hyperlink;
pub mod popup;
pub mod preview;
pub mod rerun;
pub mod tree;
pub mod viewer;

pub use crate::app::doc::{attachments, diff, history, overview, retries, steps};
pub use crate::app::text;
pub use crate::theme;

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, BorderType, Borders, Paragraph, Widget};
use ratatui::Frame;

use crate::app::layout::{compute, rerun_area, viewer_area};
use crate::app::wrap::{row_line, Wrapped};
use crate::app::{App, Layer, Loading};
use theme::Theme;

/// Draws the whole screen.
pub fn render(frame: &mut Frame, app: &App) {
    let area = frame.area();
    let buf = frame.buffer_mut();
    let theme = &app.theme;
    if app.loading == Loading::Results || app.load_error.is_some() {
        render_loading(app, theme, area, buf);
        return;
    }
    let areas = compute(app);
    header::HeaderPane { app, theme }.render(areas.header, buf);
    if let Some(tree) = areas.tree {
        tree::TreePane { app, theme }.render(tree, buf);
    }
    if let Some(preview) = areas.preview {
        preview::PreviewPane { app, theme }.render(preview, buf);
    }
    if let Some(detail) = areas.detail {
        detail::DetailPane { app, theme }.render(detail, buf);
    }
    for layer in app.layers.iter() {
        match layer {
            Layer::Rerun => rerun::RerunPane { app, theme }.render(rerun_area(app), buf),
            Layer::Viewer(viewer) => {
                viewer::ViewerPane { app, viewer, theme }.render(viewer_area(app), buf);
            }
            Layer::Popup(popup) => popup::PopupPane { app, popup: *popup }.render(area, buf),
            Layer::View(_) | Layer::Search | Layer::Prompt(_) => {}
        }
    }
    footer::FooterPane { app, theme }.render(areas.footer, buf);
}

fn render_loading(app: &App, theme: &Theme, area: Rect, buf: &mut Buffer) {
    let mut lines = vec![Line::raw(""), Line::styled("allure-tui", theme.heading)];
    if let Some(error) = &app.load_error {
        // Wrapped: the line names what was looked for and found, and must be read whole at
        // 80 columns.
        lines.push(Line::styled(
            crate::sanitize::sanitize_line(error).into_owned(),
            theme.status(crate::model::Status::Failed),
        ));
        lines.push(Line::styled("press q to quit", theme.muted));
    } else {
        let progress = app.progress.map_or_else(
            || format!("reading results{}", app.symbols.ellipsis),
            |p| {
                format!(
                    "reading results{} {} of {}",
                    app.symbols.ellipsis, p.done, p.total
                )
            },
        );
        lines.push(Line::raw(progress));
    }
    Paragraph::new(lines)
        .block(ratatui::widgets::Block::default().padding(ratatui::widgets::Padding::left(2)))
        .wrap(ratatui::widgets::Wrap { trim: false })
        .render(area, buf);
}

/// Draws wrapped rows `scroll..` of a document into an area (no further wrapping: the layout
/// already fits the width). `highlight` gives the lines drawn in the selection style.
pub fn render_rows(
    lines: &[Line<'static>],
    wrapped: &Wrapped,
    scroll: usize,
    area: Rect,
    buf: &mut Buffer,
    highlight: Option<(usize, ratatui::style::Style)>,
) {
    let rows: Vec<Line> = wrapped
        .rows
        .iter()
        .skip(scroll)
        .take(usize::from(area.height))
        .map(|row| {
            let line = row_line(&lines[row.line as usize], row);
            match highlight {
                Some((at, style)) if at == row.line as usize => line.style(style),
                _ => line,
            }
        })
        .collect();
    Paragraph::new(rows).render(area, buf);
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
