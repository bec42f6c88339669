//! Replays the keys `demo.tape` types (after `Show`) through the app headless, checking every
//! `# expect:` line against the rendered screen, so the demo cannot rot.

mod common;

use allure_tui::input::keymap::action_for;
use allure_tui::ui::render;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::backend::TestBackend;
use ratatui::Terminal;

enum Step {
    Key(KeyEvent),
    Expect(String),
}

fn key(code: KeyCode) -> KeyEvent {
    KeyEvent::new(code, KeyModifiers::NONE)
}

fn parse_tape(text: &str) -> Vec<Step> {
    let mut steps = Vec::new();
    let mut shown = false;
    for line in text.lines().map(str::trim) {
        if line == "Show" {
            shown = true;
            continue;
        }
        if !shown {
            continue;
        }
        if let Some(expect) = line.strip_prefix("# expect:") {
            steps.push(Step::Expect(expect.trim().to_owned()));
        } else if let Some(typed) = line.strip_prefix("Type ") {
            let typed = typed.trim().trim_matches('"');
            steps.extend(typed.chars().map(|c| Step::Key(key(KeyCode::Char(c)))));
        } else {
            let code = match line.split_whitespace().next().unwrap_or("") {
                "Enter" => KeyCode::Enter,
                "Escape" => KeyCode::Esc,
                "Tab" => KeyCode::Tab,
                "Down" => KeyCode::Down,
                "Up" => KeyCode::Up,
                "Left" => KeyCode::Left,
                "Right" => KeyCode::Right,
                "Space" => KeyCode::Char(' '),
                "Backspace" => KeyCode::Backspace,
                "PageDown" => KeyCode::PageDown,
                "PageUp" => KeyCode::PageUp,
                _ => continue,
            };
            steps.push(Step::Key(key(code)));
        }
    }
    steps
}

#[test]
fn demo_tape_replays_headless() {
    let tape = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/demo.tape")).unwrap();
    let steps = parse_tape(&tape);
    assert!(steps.len() > 10, "the tape types keys");
    let mut app = common::app_for(&common::sample_results(), (160, 45), false);
    let mut expectations = 0;
    for step in steps {
        match step {
            Step::Key(k) => {
                assert!(!app.should_quit, "keys after quitting");
                if let Some(action) = action_for(&app, &k) {
                    allure_tui::app::update(&mut app, action);
                }
            }
            Step::Expect(text) => {
                let mut terminal = Terminal::new(TestBackend::new(160, 45)).unwrap();
                terminal.draw(|f| render(f, &app)).unwrap();
                let screen = terminal.backend().to_string();
                assert!(
                    screen.contains(&text),
                    "demo expects {text:?} on screen:\n{screen}"
                );
                expectations += 1;
            }
        }
    }
    assert!(expectations >= 8);
    assert!(app.should_quit, "the demo ends by quitting");
}
