//! Findings of the fresh-eyes walk of the whole UI (issue 9, "done means"; the list is in the
//! QA notes): one headless test per fixed finding, each failing if the fix broke.

mod common;

use allure_tui::app::layout::compute;
use allure_tui::app::{Action, App, Focus, View};
use allure_tui::model::Status;

fn sample(size: (u16, u16)) -> App {
    common::app_for(&common::sample_results(), size, false)
}

fn select(app: &mut App, name: &str) {
    let id = common::test_named(app, name);
    assert!(app.reveal_test(id), "{name} is not shown");
    common::apply(app, &[Action::ShowTab(app.tab)]);
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

/// `T` from a passing test: the triage view opens on its first failure (its group expanded),
/// not on a collapsed group; leaving it keeps that failure selected.
#[test]
fn a_view_without_the_selection_starts_on_its_first_failure() {
    for size in [(80, 24), (120, 36)] {
        let mut app = sample(size);
        select(&mut app, "test_odd");
        assert_eq!(
            app.selected().map(|(t, _)| t.result.status),
            Some(Status::Passed)
        );
        common::apply(&mut app, &[Action::ShowTriageView]);
        assert_eq!(app.layers.view(), Some(View::Triage));
        let (test, _) = app
            .selected()
            .expect("a test is selected in the triage view");
        assert!(test.result.status.is_problem(), "{}", test.result.name);
        let screen = common::screen_text(&app);
        assert!(!screen.contains("Select a test"), "{screen}");
        let name = test.result.name.clone();
        common::apply(&mut app, &[Action::Back]);
        assert_eq!(
            app.selected().map(|(t, _)| t.result.name.clone()),
            Some(name)
        );
        // A view that shows the selection keeps it.
        select(&mut app, "test_odd");
        common::apply(&mut app, &[Action::ShowFlakyView]);
        assert_eq!(
            app.selected().map(|(t, _)| t.result.name.to_string()),
            Some("test_odd".to_owned())
        );
    }
}
