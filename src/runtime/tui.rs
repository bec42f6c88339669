//! The interactive loop: terminal setup and restore, input/loader/search threads, effects, and
//! one render per batch of messages (no redraw timer while idle).

use std::io::Write;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event::{
    self, DisableMouseCapture, EnableMouseCapture, Event, KeyEventKind, MouseEventKind,
};
use ratatui::DefaultTerminal;

use crate::app::update::{apply_matches, sync_heights};
use crate::app::viewer::ViewerState;
use crate::app::{update, Action, App, Effect};
use crate::input::keymap::action_for;
use crate::model::attachment::{read_body, MAX_ATTACHMENT_BYTES};
use crate::model::{
    load_results, read_history, HistoryBundle, HistoryInput, LoadOptions, Progress, Report,
};
use crate::symbols::Symbols;
use crate::ui::{render, theme::Theme};

/// Messages from the worker threads to the loop.
enum Msg {
    Term(Event),
    Progress(Progress),
    Results(Box<Report>),
    LoadFailed(String),
    History(Box<HistoryBundle>),
    Matches {
        generation: u64,
        matches: crate::app::search::Matches,
    },
    Attachment(Box<ViewerState>),
}

/// Runs the TUI until the user quits.
pub fn run_tui(
    options: LoadOptions,
    symbols: Symbols,
    theme: Theme,
    is_sample: bool,
) -> color_eyre::Result<()> {
    let mut terminal = ratatui::init();
    // ratatui's hook restores raw mode and the screen; mouse reporting must be switched off too,
    // or a panic leaves the shell printing escape codes on every mouse move.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, options, symbols, &theme, is_sample);
    let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
    ratatui::restore();
    let _ = std::io::stdout().flush();
    result
}

/// OSC 8 is ignored by terminals that do not know it, but the Linux console and `dumb`
/// terminals may print it; `ALLURE_TUI_NO_HYPERLINKS` turns it off anywhere.
fn terminal_supports_hyperlinks() -> bool {
    let term = std::env::var("TERM").unwrap_or_default();
    std::env::var_os("ALLURE_TUI_NO_HYPERLINKS").is_none()
        && !matches!(term.as_str(), "linux" | "dumb" | "")
}

fn now_ms() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

fn event_loop(
    terminal: &mut DefaultTerminal,
    options: LoadOptions,
    symbols: Symbols,
    theme: &Theme,
    is_sample: bool,
) -> color_eyre::Result<()> {
    let size = terminal.size()?;
    let mut app = App::new(symbols, (size.width, size.height), now_ms());
    app.is_sample = is_sample;
    app.hyperlinks = terminal_supports_hyperlinks();
    sync_heights(&mut app);
    let (tx, rx) = mpsc::channel::<Msg>();
    let shutdown = Arc::new(AtomicBool::new(false));
    spawn_input(tx.clone(), Arc::clone(&shutdown));
    spawn_loader(tx.clone(), options);
    let search_tx = spawn_search_worker(tx.clone());
    terminal.draw(|f| render(f, &app, theme))?;
    let result = run(terminal, &mut app, theme, &rx, &tx, &search_tx);
    shutdown.store(true, Ordering::Relaxed);
    result
}

fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    rx: &Receiver<Msg>,
    tx: &Sender<Msg>,
    search_tx: &Sender<(u64, String, Arc<Vec<String>>)>,
) -> color_eyre::Result<()> {
    let mut haystacks = Arc::new(Vec::new());
    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut dirty = false;
        let mut next = Some(first);
        // Drain everything already queued, then draw once.
        while let Some(msg) = next {
            dirty |= handle(app, msg, tx, search_tx, &mut haystacks);
            if app.should_quit {
                return Ok(());
            }
            next = rx.try_recv().ok();
        }
        if dirty {
            terminal.draw(|f| render(f, app, theme))?;
        }
    }
}

fn handle(
    app: &mut App,
    msg: Msg,
    tx: &Sender<Msg>,
    search_tx: &Sender<(u64, String, Arc<Vec<String>>)>,
    haystacks: &mut Arc<Vec<String>>,
) -> bool {
    let actions = match msg {
        Msg::Term(Event::Key(key)) if key.kind == KeyEventKind::Press => {
            action_for(app, &key).into_iter().collect()
        }
        Msg::Term(Event::Resize(w, h)) => vec![Action::Resize(w, h)],
        Msg::Term(Event::Mouse(mouse)) => match mouse.kind {
            MouseEventKind::ScrollDown => vec![Action::Scroll(mouse.column, mouse.row, 1)],
            MouseEventKind::ScrollUp => vec![Action::Scroll(mouse.column, mouse.row, -1)],
            MouseEventKind::Down(_) => vec![Action::Click(mouse.column, mouse.row)],
            _ => return false,
        },
        Msg::Term(_) => return false,
        Msg::Progress(p) => {
            app.progress = Some(p);
            return true;
        }
        Msg::Results(report) => {
            app.on_results(*report);
            *haystacks = Arc::new(app.haystacks.clone());
            sync_heights(app);
            return true;
        }
        Msg::LoadFailed(reason) => {
            app.load_error = Some(reason);
            return true;
        }
        Msg::History(bundle) => {
            app.on_history(*bundle);
            sync_heights(app);
            return true;
        }
        Msg::Matches {
            generation,
            matches,
        } => {
            apply_matches(app, generation, matches);
            return true;
        }
        Msg::Attachment(viewer) => {
            app.viewer = Some(*viewer);
            return true;
        }
    };
    if app.load_error.is_some() {
        app.should_quit |= actions
            .iter()
            .any(|a| matches!(a, Action::Quit | Action::Back));
        return false;
    }
    let mut dirty = false;
    for action in actions {
        dirty = true;
        for effect in update(app, action) {
            run_effect(effect, tx, search_tx, haystacks);
        }
    }
    dirty
}

fn run_effect(
    effect: Effect,
    tx: &Sender<Msg>,
    search_tx: &Sender<(u64, String, Arc<Vec<String>>)>,
    haystacks: &Arc<Vec<String>>,
) {
    match effect {
        Effect::Search { generation, query } => {
            let _ = search_tx.send((generation, query, Arc::clone(haystacks)));
        }
        Effect::OpenAttachment {
            dir,
            attachment,
            title,
        } => {
            let tx = tx.clone();
            std::thread::spawn(move || {
                let body = read_body(&dir, &attachment, MAX_ATTACHMENT_BYTES);
                let viewer = ViewerState::from_body(title, attachment.mime.as_deref(), body);
                let _ = tx.send(Msg::Attachment(Box::new(viewer)));
            });
        }
    }
}

fn spawn_input(tx: Sender<Msg>, shutdown: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !shutdown.load(Ordering::Relaxed) {
            // Poll so the thread notices shutdown; this is not a redraw timer.
            match event::poll(Duration::from_millis(200)) {
                Ok(true) => match event::read() {
                    Ok(ev) => {
                        if tx.send(Msg::Term(ev)).is_err() {
                            return;
                        }
                    }
                    Err(_) => return,
                },
                Ok(false) => {}
                Err(_) => return,
            }
        }
    });
}

fn spawn_loader(tx: Sender<Msg>, options: LoadOptions) {
    std::thread::spawn(move || {
        let last = std::sync::Mutex::new(std::time::Instant::now());
        let progress = |p: Progress| {
            let mut last = last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            if last.elapsed() >= Duration::from_millis(50) || p.done == p.total {
                *last = std::time::Instant::now();
                let _ = tx.send(Msg::Progress(p));
            }
        };
        match load_results(&options, &progress) {
            Ok(report) if report.tests.is_empty() => {
                let _ = tx.send(Msg::LoadFailed(format!(
                    "no readable Allure results in {} ({} result files, {} unreadable)",
                    options
                        .dirs
                        .iter()
                        .map(|d| d.display().to_string())
                        .collect::<Vec<_>>()
                        .join(", "),
                    report.files.results,
                    report.files.unreadable_results
                )));
            }
            Ok(report) => {
                let input = HistoryInput::of(&report);
                let _ = tx.send(Msg::Results(Box::new(report)));
                let bundle = read_history(&input, &options, &progress);
                let _ = tx.send(Msg::History(Box::new(bundle)));
            }
            Err(e) => {
                let _ = tx.send(Msg::LoadFailed(e.to_string()));
            }
        }
    });
}

fn spawn_search_worker(tx: Sender<Msg>) -> Sender<(u64, String, Arc<Vec<String>>)> {
    let (req_tx, req_rx) = mpsc::channel::<(u64, String, Arc<Vec<String>>)>();
    std::thread::spawn(move || {
        while let Ok(mut request) = req_rx.recv() {
            // Only the newest query matters.
            while let Ok(newer) = req_rx.try_recv() {
                request = newer;
            }
            let (generation, query, haystacks) = request;
            let matches = crate::app::search::match_all(&haystacks, &query);
            if tx
                .send(Msg::Matches {
                    generation,
                    matches,
                })
                .is_err()
            {
                return;
            }
        }
    });
    req_tx
}
