//! Walks the whole UI over every corpus dataset and the malformed set, at 80x24 and 120x36, in
//! Unicode and ASCII: every test, every tab, every view and popup. Nothing may panic, no control
//! character may reach the screen, `--ascii` screens draw no Unicode glyph of ours, and every scrolled detail
//! reaches its last line. Reported as ignored without `../shared/corpus` (a failure under CI).

mod common;

use allure_tui::app::doc::detail_view;
use allure_tui::app::layout::detail_rows;
use allure_tui::app::{Action, App, Focus, Tab};
use common::harness::{self, Need};

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 36)];

fn datasets() -> Vec<std::path::PathBuf> {
    let corpus = common::corpus().expect("the harness checked for the corpus");
    let mut dirs: Vec<_> = std::fs::read_dir(corpus.join("datasets"))
        .unwrap()
        .map(|e| e.unwrap().path().join("allure-results"))
        .collect();
    dirs.sort();
    dirs.push(corpus.join("malformed/allure-results"));
    dirs
}

fn check_screen(app: &App, what: &str) {
    let screen = common::screen_text(app);
    assert!(
        !screen
            .chars()
            .any(|c| (c.is_control() && c != '\n') || ('\u{202a}'..='\u{202e}').contains(&c)),
        "{what}: control character drawn:\n{screen}"
    );
    if app.symbols.ascii {
        // Report text is drawn as it is (it is data: vitest messages hold `…`); none of our
        // own glyphs may be Unicode.
        let ours = "✓✗▾▸▁▂▃▄▅▆▇█╭╮╰╯│─→←↑↓";
        assert!(
            !screen.chars().any(|c| ours.contains(c)),
            "{what}: a Unicode glyph in ASCII mode:\n{screen}"
        );
    }
}

/// Every test of the tree, every tab; the Overview of problems scrolled to its end.
fn walk_tests(app: &mut App, what: &str, limit: usize) {
    common::apply(app, &[Action::ExpandAll, Action::Top]);
    let rows = app.tree_state.rows.len().min(limit);
    for row in 0..rows {
        app.tree_state.select_row(row);
        common::apply(app, &[Action::ShowTab(Tab::Overview)]);
        for tab in Tab::ALL {
            common::apply(app, &[Action::ShowTab(tab)]);
            check_screen(app, &format!("{what} row {row} tab {}", tab.title()));
        }
        let is_problem = app
            .selected()
            .is_some_and(|(t, _)| t.result.status.is_problem());
        if is_problem {
            // The last line of the detail is reachable however its lines wrap.
            common::apply(app, &[Action::ShowTab(Tab::Overview)]);
            if app.focus == Focus::Tree {
                common::apply(app, &[Action::SwitchFocus]);
            }
            common::apply(app, &[Action::Bottom]);
            let view = detail_view(app);
            let height = detail_rows(app);
            let last_rows = view.wrapped.rows.len();
            assert!(
                app.detail.scroll + height >= last_rows,
                "{what} row {row}: scrolled to {} of {last_rows} rows with {height} on screen",
                app.detail.scroll
            );
            drop(view);
            common::apply(app, &[Action::Back]);
            common::apply(app, &[Action::Back]);
        }
    }
}

/// Walks every dataset; `rows` and `view_rows` bound how many tree rows are visited.
fn walk(ascii: bool, rows: usize, view_rows: usize) {
    for dir in datasets() {
        // Loaded once per dataset (loading dominates a debug build's time); resized after.
        let loaded = common::app_for(&dir, SIZES[0], ascii);
        for size in SIZES {
            let what = format!("{} {}x{} ascii={ascii}", dir.display(), size.0, size.1);
            let mut app = loaded.clone();
            common::apply(&mut app, &[Action::Resize(size.0, size.1)]);
            check_screen(&app, &what);
            walk_tests(&mut app, &what, rows);
            // Compared with the newest run of its history (as `--baseline previous`).
            app.compare = allure_tui::app::compare::CompareState::new(Some(
                allure_tui::model::baseline::BaselineSpec::Run(1),
            ));
            app.refresh_changes();
            // The views and groupings, on the same app (loading once per dataset and size).
            for (enter, leave) in [
                (Action::ShowFlakyView, Some(Action::ShowFlakyView)),
                (Action::ShowTriageView, Some(Action::ShowTriageView)),
                (Action::ShowChangesView, Some(Action::ShowChangesView)),
                (Action::CycleGrouping, None),
                (Action::CycleGrouping, None),
                (Action::CycleGrouping, None),
                (Action::CycleGrouping, None),
                (Action::CycleGrouping, None),
            ] {
                common::apply(&mut app, std::slice::from_ref(&enter));
                walk_tests(&mut app, &format!("{what} {enter:?}"), view_rows);
                if let Some(leave) = leave {
                    common::apply(&mut app, &[leave]);
                }
            }
            for popup in [
                Action::ShowHelp,
                Action::ShowWarnings,
                Action::ShowLaunchInfo,
                Action::OpenCopyMenu,
            ] {
                common::apply(&mut app, std::slice::from_ref(&popup));
                check_screen(&app, &format!("{what} {popup:?}"));
                common::apply(&mut app, &[Action::Bottom]);
                check_screen(&app, &format!("{what} {popup:?} bottom"));
                common::apply(&mut app, &[Action::Back]);
                assert!(app.layers.is_empty(), "{what}: Esc closes {popup:?}");
            }
            common::apply(&mut app, &[Action::Rerun]);
            check_screen(&app, &format!("{what} rerun pane"));
        }
    }
}

fn every_screen_of_every_dataset() {
    walk(false, 30, 10);
}

fn every_screen_of_every_dataset_in_ascii() {
    // The glyphs do not depend on the test: fewer rows do.
    walk(true, 8, 4);
}

fn main() {
    harness::run(vec![
        harness::trial(
            "every_screen_of_every_dataset",
            &[Need::Corpus],
            every_screen_of_every_dataset,
        ),
        harness::trial(
            "every_screen_of_every_dataset_in_ascii",
            &[Need::Corpus],
            every_screen_of_every_dataset_in_ascii,
        ),
    ]);
}
