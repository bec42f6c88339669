//! The interactive loop: terminal setup and restore, worker threads (input, loading, search,
//! rerun, watch), effects, and one render per batch of messages (no redraw timer while idle).

use std::io::Write;
use std::process::Child;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use crossterm::event::{
    DisableMouseCapture, EnableMouseCapture, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
    MouseEventKind,
};
use ratatui::DefaultTerminal;

use crate::app::update::{apply_matches, sync_heights};
use crate::app::viewer::ViewerState;
use crate::app::{update, Action, App, Effect};
use crate::input::keymap::action_for;
use crate::model::attachment::{read_body, MAX_ATTACHMENT_BYTES};
use crate::model::{load_results, read_history, HistoryInput, LoadOptions, Progress};
use crate::symbols::Symbols;
use crate::ui::{render, theme::Theme};

/// How the TUI was asked to run.
pub struct TuiOptions {
    /// What to load.
    pub load: LoadOptions,
    /// Glyphs.
    pub symbols: Symbols,
    /// Styles.
    pub theme: Theme,
    /// Showing the built-in sample.
    pub is_sample: bool,
    /// The rerun command as an argument vector.
    pub rerun_cmd: Option<Vec<String>>,
    /// Reload on changes in the results directories.
    pub watch: bool,
}

use super::msg::Msg;

/// Everything the loop needs besides the app.
struct Runtime {
    tx: Sender<Msg>,
    search_tx: Sender<(u64, String, Arc<Vec<String>>)>,
    options: LoadOptions,
    /// Newest load; older loads' messages are dropped.
    generation: Arc<AtomicU64>,
    child: Arc<Mutex<Option<Child>>>,
    input_paused: Arc<AtomicBool>,
}

/// Runs the TUI until the user quits.
pub fn run_tui(options: TuiOptions) -> color_eyre::Result<()> {
    let mut terminal = ratatui::init();
    // ratatui's hook restores raw mode and the screen; mouse reporting must be switched off too,
    // or a panic leaves the shell printing escape codes on every mouse move.
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let _ = crossterm::execute!(std::io::stdout(), DisableMouseCapture);
        previous(info);
    }));
    let _ = crossterm::execute!(std::io::stdout(), EnableMouseCapture);
    let result = event_loop(&mut terminal, options);
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

fn event_loop(terminal: &mut DefaultTerminal, options: TuiOptions) -> color_eyre::Result<()> {
    let size = terminal.size()?;
    let mut app = App::new(options.symbols, (size.width, size.height), now_ms());
    app.is_sample = options.is_sample;
    app.hyperlinks = terminal_supports_hyperlinks();
    app.rerun.command = options.rerun_cmd;
    app.rerun.plan_path = Some(super::process::private_plan_dir().join("testplan.json"));
    app.watching = options.watch;
    sync_heights(&mut app);
    let (tx, rx) = mpsc::channel::<Msg>();
    let shutdown = Arc::new(AtomicBool::new(false));
    let input_paused = Arc::new(AtomicBool::new(false));
    super::workers::spawn_input(tx.clone(), Arc::clone(&shutdown), Arc::clone(&input_paused));
    let mut load = options.load;
    if options.watch {
        load.settle = Some(Duration::from_secs(2));
        let watch_tx = tx.clone();
        match super::watch::watch(load.dirs.clone(), move || {
            let _ = watch_tx.send(Msg::ResultsChanged);
        }) {
            Ok(how) => app.note = Some(format!("watching the results ({how})")),
            Err(e) => app.note = Some(format!("cannot watch the results: {e}")),
        }
    }
    let mut runtime = Runtime {
        search_tx: super::workers::spawn_search_worker(tx.clone()),
        tx,
        options: load,
        generation: Arc::new(AtomicU64::new(0)),
        child: Arc::new(Mutex::new(None)),
        input_paused,
    };
    runtime.start_load();
    terminal.draw(|f| render(f, &app, &options.theme))?;
    let result = run(terminal, &mut app, &options.theme, &rx, &mut runtime);
    shutdown.store(true, Ordering::Relaxed);
    if let Ok(mut child) = runtime.child.lock() {
        if let Some(child) = child.as_mut() {
            let _ = child.kill();
        }
    }
    result
}

fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
    theme: &Theme,
    rx: &Receiver<Msg>,
    runtime: &mut Runtime,
) -> color_eyre::Result<()> {
    loop {
        let Ok(first) = rx.recv() else { return Ok(()) };
        let mut dirty = false;
        let mut next = Some(first);
        // Drain everything already queued, then draw once.
        while let Some(msg) = next {
            dirty |= runtime.handle(terminal, app, msg);
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

impl Runtime {
    fn handle(&mut self, terminal: &mut DefaultTerminal, app: &mut App, msg: Msg) -> bool {
        let current = self.generation.load(Ordering::Relaxed);
        let actions = match msg {
            Msg::Term(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                return self.handle_key(terminal, app, key);
            }
            Msg::Term(Event::Resize(w, h)) => vec![Action::Resize(w, h)],
            Msg::Term(Event::Mouse(mouse)) => match mouse.kind {
                MouseEventKind::ScrollDown => vec![Action::Scroll(mouse.column, mouse.row, 1)],
                MouseEventKind::ScrollUp => vec![Action::Scroll(mouse.column, mouse.row, -1)],
                MouseEventKind::Down(_) => vec![Action::Click(mouse.column, mouse.row)],
                _ => Vec::new(),
            },
            Msg::Progress(p) => {
                app.progress = Some(p);
                return true;
            }
            Msg::Results { generation, report } if generation == current => {
                // Relative times ("3m ago") are measured from the latest load.
                app.now_ms = now_ms();
                if app.loading == crate::app::Loading::Results {
                    app.on_results(*report);
                } else {
                    app.on_reload(*report);
                }
                if app.report.files.pending > 0 {
                    // Some files were still being written: look again shortly.
                    self.reload_later(Duration::from_millis(500));
                }
                sync_heights(app);
                return true;
            }
            Msg::History { generation, bundle } if generation == current => {
                app.on_history(*bundle);
                sync_heights(app);
                return true;
            }
            // Other terminal events, and answers of a load that a newer one replaced.
            Msg::Term(_) | Msg::Results { .. } | Msg::History { .. } => return false,
            Msg::LoadFailed(reason) => {
                if app.loading == crate::app::Loading::Results {
                    app.load_error = Some(reason);
                } else {
                    app.note = Some(reason);
                }
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
            Msg::RerunOutput(line) => {
                app.rerun.push_output(line);
                return app.rerun.visible;
            }
            Msg::RerunFinished { exit, started } => {
                app.on_rerun_finished(exit, started);
                if started {
                    self.start_load();
                }
                return true;
            }
            Msg::ResultsChanged => {
                self.start_load();
                return false;
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
                self.run_effect(terminal, app, effect);
            }
        }
        dirty
    }

    /// Handles a key press. Esc followed quickly by a key arrives as Alt+key (the terminal
    /// cannot tell them apart, and over a slow link they often come together); we bind no
    /// Alt keys, so such a press is taken as the two keys it most likely was.
    fn handle_key(&mut self, terminal: &mut DefaultTerminal, app: &mut App, key: KeyEvent) -> bool {
        let presses = match key.code {
            KeyCode::Char(_) | KeyCode::Esc if key.modifiers == KeyModifiers::ALT => {
                vec![
                    KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE),
                    KeyEvent::new(key.code, KeyModifiers::NONE),
                ]
            }
            _ => vec![key],
        };
        let mut dirty = false;
        for press in presses {
            // Each press is resolved in the mode the previous one left.
            if let Some(action) = action_for(app, &press) {
                dirty = true;
                for effect in update(app, action) {
                    self.run_effect(terminal, app, effect);
                }
            }
        }
        dirty
    }

    /// Loads (or reloads) results and then history on a worker thread.
    fn start_load(&self) {
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        let tx = self.tx.clone();
        let options = self.options.clone();
        let latest = Arc::clone(&self.generation);
        std::thread::spawn(move || {
            let last = Mutex::new(std::time::Instant::now());
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
                Ok(report) if report.tests.is_empty() && report.files.pending == 0 => {
                    let dirs: Vec<String> = options
                        .dirs
                        .iter()
                        .map(|d| d.display().to_string())
                        .collect();
                    let _ = tx.send(Msg::LoadFailed(format!(
                        "no readable Allure results in {} ({} result files, {} unreadable)",
                        dirs.join(", "),
                        report.files.results,
                        report.files.unreadable_results
                    )));
                }
                Ok(report) => {
                    let input = HistoryInput::of(&report);
                    let _ = tx.send(Msg::Results {
                        generation,
                        report: Box::new(report),
                    });
                    if latest.load(Ordering::Relaxed) != generation {
                        return;
                    }
                    let bundle = read_history(&input, &options, &progress);
                    let _ = tx.send(Msg::History {
                        generation,
                        bundle: Box::new(bundle),
                    });
                }
                Err(e) => {
                    let _ = tx.send(Msg::LoadFailed(e.to_string()));
                }
            }
        });
    }

    fn reload_later(&self, delay: Duration) {
        let tx = self.tx.clone();
        std::thread::spawn(move || {
            std::thread::sleep(delay);
            let _ = tx.send(Msg::ResultsChanged);
        });
    }

    fn run_effect(&mut self, terminal: &mut DefaultTerminal, app: &mut App, effect: Effect) {
        match effect {
            Effect::Search { generation, query } => {
                let _ = self
                    .search_tx
                    .send((generation, query, Arc::clone(&app.haystacks)));
            }
            Effect::OpenAttachment {
                dir,
                attachment,
                title,
            } => {
                let tx = self.tx.clone();
                std::thread::spawn(move || {
                    let body = read_body(&dir, &attachment, MAX_ATTACHMENT_BYTES);
                    let viewer = ViewerState::from_body(title, attachment.mime.as_deref(), body);
                    let _ = tx.send(Msg::Attachment(Box::new(viewer)));
                });
            }
            Effect::WritePlan {
                plan_json,
                plan_path,
            } => {
                if let Err(e) = std::fs::write(&plan_path, plan_json) {
                    app.rerun
                        .push_output(format!("cannot write {}: {e}", plan_path.display()));
                }
            }
            Effect::Rerun {
                plan_json,
                plan_path,
                argv,
            } => {
                if let Err(e) = std::fs::write(&plan_path, plan_json) {
                    app.rerun
                        .push_output(format!("cannot write {}: {e}", plan_path.display()));
                    app.on_rerun_finished("not started".to_owned(), false);
                    return;
                }
                super::process::spawn_rerun(&self.tx, &self.child, &argv, &plan_path);
            }
            Effect::StopRerun => {
                let pid = self
                    .child
                    .lock()
                    .ok()
                    .and_then(|c| c.as_ref().map(Child::id));
                if let Some(pid) = pid {
                    app.rerun.push_output(
                        "[stopping the command: interrupt, then kill after 5 s]".to_owned(),
                    );
                    super::process::stop_process_group(pid, Arc::clone(&self.child));
                }
            }
            Effect::Copy { text } => {
                let mut stdout = std::io::stdout();
                let _ = stdout.write_all(super::clipboard::osc52(&text).as_bytes());
                let _ = stdout.flush();
            }
            Effect::OpenExternal { dir, attachment } => {
                super::external::open_external(
                    &self.input_paused,
                    terminal,
                    app,
                    &dir,
                    &attachment,
                );
            }
            Effect::SaveAttachment {
                dir,
                attachment,
                dest,
            } => {
                app.note = Some(super::external::save_attachment(&dir, &attachment, &dest));
            }
            Effect::Reload => self.start_load(),
        }
    }
}
