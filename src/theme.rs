//! Semantic styles: renderers ask for a role, never for a colour. Chosen once at start (colour
//! or monochrome) and held by the app, like the glyph set.

use ratatui::style::{Color, Modifier, Style};

use crate::model::Status;

/// Styles by role, in a colour and a monochrome variant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    /// Passed, failed, broken, skipped, unknown.
    pub status: [Style; 5],
    /// The selected row.
    pub selection: Style,
    /// Border of the focused pane.
    pub focused_border: Style,
    /// Border of other panes.
    pub border: Style,
    /// Secondary text.
    pub muted: Style,
    /// Titles and headings.
    pub heading: Style,
    /// Key names in hints and help.
    pub key: Style,
    /// Search match highlight.
    pub matched: Style,
    /// Markers such as flaky/new/regressed.
    pub marker: Style,
    /// Warnings.
    pub warning: Style,
    /// Diff: expected lines.
    pub diff_expected: Style,
    /// Diff: actual lines.
    pub diff_actual: Style,
}

impl Default for Theme {
    fn default() -> Theme {
        Theme::color()
    }
}

impl Theme {
    /// The default, coloured theme.
    #[must_use]
    pub fn color() -> Theme {
        Theme {
            status: [
                Style::new().fg(Color::Green),
                Style::new().fg(Color::Red),
                Style::new().fg(Color::Yellow),
                Style::new().fg(Color::DarkGray),
                Style::new().fg(Color::Magenta),
            ],
            selection: Style::new()
                .bg(Color::Indexed(237))
                .add_modifier(Modifier::BOLD),
            focused_border: Style::new().fg(Color::Cyan),
            border: Style::new().fg(Color::DarkGray),
            muted: Style::new().fg(Color::DarkGray),
            heading: Style::new().add_modifier(Modifier::BOLD),
            key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            matched: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
            marker: Style::new().fg(Color::LightMagenta),
            warning: Style::new().fg(Color::Yellow),
            diff_expected: Style::new().fg(Color::Green),
            diff_actual: Style::new().fg(Color::Red),
        }
    }

    /// No colours: selection by reverse video, emphasis by bold and underline.
    #[must_use]
    pub fn monochrome() -> Theme {
        let plain = Style::new();
        Theme {
            status: [
                plain,
                plain.add_modifier(Modifier::BOLD),
                plain.add_modifier(Modifier::BOLD),
                plain,
                plain,
            ],
            selection: Style::new().add_modifier(Modifier::REVERSED),
            focused_border: Style::new().add_modifier(Modifier::BOLD),
            border: plain,
            muted: plain,
            heading: Style::new().add_modifier(Modifier::BOLD),
            key: Style::new().add_modifier(Modifier::BOLD),
            matched: Style::new().add_modifier(Modifier::UNDERLINED),
            marker: plain,
            warning: Style::new().add_modifier(Modifier::BOLD),
            diff_expected: plain,
            diff_actual: plain,
        }
    }

    /// The style of a status.
    #[must_use]
    pub fn status(&self, status: Status) -> Style {
        self.status[status.display_index()]
    }
}
