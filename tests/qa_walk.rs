//! Findings of the fresh-eyes walk of the whole UI (issue 9, "done means"; the list is in the
//! QA notes): one headless test per fixed finding, each failing if the fix broke.

mod common;

use allure_tui::app::layout::compute;
use allure_tui::app::{Action, App, Focus};

fn sample(size: (u16, u16)) -> App {
    common::app_for(&common::sample_results(), size, false)
}

/// Wide to narrow with the detail focused: the narrow screen shows the detail, so `j` scrolls
/// what is drawn; narrow to wide and back with the tree focused shows the tree.
#[test]
fn narrowing_the_window_shows_the_focused_pane() {
    let mut app = sample((120, 36));
    common::apply(&mut app, &[Action::SwitchFocus]);
    assert_eq!(app.focus, Focus::Detail);
    common::apply(&mut app, &[Action::Resize(80, 24)]);
    let areas = compute(&app);
    assert!(areas.detail.is_some(), "the focused detail is drawn");
    assert!(areas.tree.is_none());
    let screen = common::screen_text(&app);
    assert!(screen.contains("1 Overview"), "{screen}");
    // Esc goes back to the tree, which is then what a narrow screen shows.
    common::apply(&mut app, &[Action::Back]);
    assert_eq!(app.focus, Focus::Tree);
    assert!(compute(&app).tree.is_some());
    common::apply(&mut app, &[Action::Resize(120, 36), Action::Resize(80, 24)]);
    assert!(compute(&app).tree.is_some(), "the focused tree stays drawn");
}
