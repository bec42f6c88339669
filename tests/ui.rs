//! Screen snapshots (ratatui `TestBackend` + insta) of the built-in sample, a real corpus
//! report, at 80x24 (our minimum) and 120x36.

mod common;

use allure_tui::app::{Action, App, Tab};
use allure_tui::ui::render;
use allure_tui::ui::theme::Theme;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};
use ratatui::Terminal;

fn screen(app: &App, theme: &Theme) -> Terminal<TestBackend> {
    let mut app = app.clone();
    app.theme = *theme;
    let mut terminal = Terminal::new(TestBackend::new(app.size.0, app.size.1)).unwrap();
    terminal.draw(|f| render(f, &app)).unwrap();
    terminal
}

fn snapshot(name: &str, size: (u16, u16), ascii: bool, actions: &[Action]) {
    let mut app = common::app_for(&common::sample_results(), size, ascii);
    common::apply(&mut app, actions);
    let terminal = screen(&app, &Theme::color());
    insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), terminal.backend());
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 36)];

#[test]
fn first_screen() {
    for size in SIZES {
        snapshot("first_screen", size, false, &[]);
    }
}

#[test]
fn each_tab() {
    for size in SIZES {
        let open: &[Action] = if size.0 < 100 {
            &[Action::Activate]
        } else {
            &[]
        };
        for tab in Tab::ALL {
            let mut actions = open.to_vec();
            actions.push(Action::ShowTab(tab));
            snapshot(
                &format!("tab_{}", tab.title().to_lowercase()),
                size,
                false,
                &actions,
            );
        }
    }
}

#[test]
fn search_active() {
    let typing: Vec<Action> = std::iter::once(Action::StartSearch)
        .chain("chunk".chars().map(Action::SearchInsert))
        .collect();
    for size in SIZES {
        snapshot("search_active", size, false, &typing);
    }
}

#[test]
fn filter_active() {
    for size in SIZES {
        snapshot("filter_problems", size, false, &[Action::CycleFilter]);
    }
}

#[test]
fn help_popup() {
    for size in SIZES {
        snapshot("help", size, false, &[Action::ShowHelp]);
    }
}

#[test]
fn grouped_by_behaviors() {
    for size in SIZES {
        snapshot(
            "behaviors",
            size,
            false,
            &[Action::CycleGrouping, Action::ExpandAll],
        );
    }
}

#[test]
fn ascii_mode() {
    for size in SIZES {
        snapshot("ascii", size, true, &[]);
    }
    let app = common::app_for(&common::sample_results(), (160, 48), true);
    let terminal = screen(&app, &Theme::monochrome());
    let text = terminal.backend().to_string();
    assert!(text.is_ascii(), "ASCII mode draws only ASCII");
}

#[test]
fn colours_follow_status_and_monochrome_uses_reverse_video() {
    let app = common::app_for(&common::sample_results(), (160, 48), false);
    let terminal = screen(&app, &Theme::color());
    let buffer = terminal.backend().buffer();
    let failed_mark = buffer
        .content()
        .iter()
        .find(|c| c.symbol() == "✗")
        .expect("a failed mark");
    assert_eq!(failed_mark.fg, Color::Red);
    let terminal = screen(&app, &Theme::monochrome());
    let buffer = terminal.backend().buffer();
    let selected = buffer
        .content()
        .iter()
        .filter(|c| c.modifier.contains(Modifier::REVERSED))
        .count();
    assert!(selected > 10, "the selected row is drawn in reverse video");
    assert!(
        buffer.content().iter().all(|c| c.fg == Color::Reset),
        "no colours in monochrome"
    );
}

#[test]
fn links_become_osc8_hyperlinks_when_enabled() {
    let mut app = common::app_for(&common::fixture("basic"), (160, 40), false);
    let adds = common::test_named(&app, "adds_item");
    assert!(app.reveal_test(adds));
    let plain = screen(&app, &Theme::color()).backend().to_string();
    assert!(plain.contains("https://tracker.example/SHOP-1"));
    assert!(!plain.contains('\u{1b}'), "no hyperlinks unless enabled");
    app.hyperlinks = true;
    let terminal = screen(&app, &Theme::color());
    let opening = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .find(|c| c.symbol().starts_with("\u{1b}]8;;"))
        .expect("a link cell");
    assert_eq!(
        opening.symbol(),
        "\u{1b}]8;;https://tracker.example/SHOP-1\u{1b}\\h"
    );
}

#[test]
fn a_step_that_only_wraps_its_attachment_is_drawn_as_the_attachment() {
    use allure_tui::model::result::ResultBody;
    use allure_tui::model::{Attachment, AttachmentAccess, Status, Step};
    let mut app = common::app_for(&common::sample_results(), (160, 48), false);
    let id = app.selected_test().unwrap() as usize;
    let attachment = Attachment {
        name: Some("screenshot.png".into()),
        source: Some("x-attachment.png".into()),
        mime: Some("image/png".into()),
        declared_size: Some(2048),
        file_size: None,
        access: AttachmentAccess::Missing,
    };
    app.report.tests[id].result.set_body(ResultBody {
        steps: vec![Step {
            name: "screenshot.png".into(),
            status: Status::Passed,
            attachments: vec![attachment],
            ..Step::default()
        }],
        ..ResultBody::default()
    });
    common::apply(&mut app, &[Action::ShowTab(Tab::Steps)]);
    let text = screen(&app, &Theme::color()).backend().to_string();
    assert!(
        text.contains("attachment screenshot.png (image/png, 2.0 KiB)"),
        "{text}"
    );
}

#[test]
fn footer_notes_are_sanitized_and_cut_to_fit() {
    let mut app = common::app_for(&common::sample_results(), (80, 24), false);
    app.note = Some(format!(
        "refused to read \u{1b}]52;c;AAAA\u{7}{}",
        "x".repeat(200)
    ));
    let terminal = screen(&app, &Theme::color());
    let buffer = terminal.backend().buffer();
    let footer: String = (0..80)
        .map(|x| buffer[(x, 23)].symbol().to_owned())
        .collect();
    assert!(footer.starts_with("refused to read xxxx"), "{footer}");
    assert!(footer.contains('…'), "cut with an ellipsis: {footer}");
    assert!(!footer.contains('\u{1b}'));
}

/// The title says what was read when it is news (`JUnit` XML, an archive, a report), at both
/// sizes; one plain results directory says nothing extra.
#[test]
fn the_title_says_what_was_read() {
    let first_line = |app: &App| {
        common::screen_text(app)
            .lines()
            .next()
            .unwrap_or_default()
            .to_owned()
    };
    for size in SIZES {
        let junit = common::app_for(&common::fixture("readers/junit-surefire"), size, false);
        let title = first_line(&junit);
        assert!(title.contains("JUnit XML directory"), "{size:?}: {title}");
        let report = common::app_for(&common::fixture("reports/allure2"), size, false);
        let title = first_line(&report);
        assert!(title.contains("Allure 2 report"), "{size:?}: {title}");
        // The environment never vanishes without its `+N more (i)`.
        let report3 = common::app_for(&common::fixture("reports/allure3"), size, false);
        let title = first_line(&report3);
        assert!(title.contains("Allure 3 report"), "{size:?}: {title}");
        assert!(
            title.contains("region=eu-west") || title.contains("more (i)"),
            "{size:?}: {title}"
        );
        let plain = common::app_for(&common::fixture("retries"), size, false);
        let title = first_line(&plain);
        assert!(!title.contains("result directory"), "{size:?}: {title}");
    }
}

/// A load that fails before any result is read shows its whole reason at 80 columns, wrapped,
/// not cut at the edge: the line names what was looked for and what was found.
#[test]
fn a_failed_first_load_shows_its_whole_reason_wrapped() {
    let reason =
        "no readable Allure results in ci-artifacts/nightly (0 result files, 0 unreadable): \
                  no Allure results or report here or below; found build.log, coverage.xml";
    let mut app = App::new(
        allure_tui::symbols::Symbols::new(false),
        (80, 24),
        common::NOW_MS,
    );
    common::apply(
        &mut app,
        &[
            Action::Resize(80, 24),
            Action::LoadFailed(reason.to_owned()),
        ],
    );
    let text = common::screen_text(&app);
    let flat: String = text
        .lines()
        .map(|l| l.trim_matches(|c| c == '"' || c == ' '))
        .collect::<Vec<_>>()
        .join(" ");
    assert!(flat.contains("found build.log, coverage.xml"), "{text}");
    assert!(flat.contains("press q to quit"), "{text}");
}
