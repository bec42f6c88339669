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

use crate::app::action::Payload;
use crate::app::update::sync_heights;
use crate::app::viewer::ViewerState;
use crate::app::{update, Action, App, Effect};
use crate::heap::LoadArena;
use crate::input::keymap::action_for;
use crate::model::attachment::MAX_ATTACHMENT_BYTES;
use crate::model::baseline::{load_baseline, BaselineSpec};
use crate::model::{LoadOptions, Progress};
use crate::symbols::Symbols;
use crate::theme::Theme;
use crate::ui::render;

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
    /// The directory it runs in (default: the current one).
    pub rerun_cwd: Option<std::path::PathBuf>,
    /// Reload on changes in the results directories.
    pub watch: bool,
    /// What `--baseline` named.
    pub baseline: Option<BaselineSpec>,
    /// Cluster failures by signature and stack frame.
    pub cluster_by_frame: bool,
}

use super::msg::Msg;
use crate::analysis::query::Haystack;

/// Everything the loop needs besides the app.
struct Runtime {
    tx: Sender<Msg>,
    search_tx: Sender<(u64, String, Arc<Vec<Haystack>>)>,
    options: LoadOptions,
    /// Newest load; older loads' messages are dropped.
    generation: Arc<AtomicU64>,
    child: Arc<Mutex<Option<Child>>>,
    input_paused: Arc<AtomicBool>,
    /// What `--baseline` named (a history run is read again with each history).
    baseline: Option<BaselineSpec>,
    /// Where the newest load builds its report (see `crate::heap`).
    load_arena: LoadArena,
}

/// Runs the TUI until the user quits; returns why the load failed, when no results were ever
/// shown (the caller prints it and exits 2, as `summary` does).
pub fn run_tui(options: TuiOptions) -> color_eyre::Result<Option<String>> {
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

fn event_loop(
    terminal: &mut DefaultTerminal,
    options: TuiOptions,
) -> color_eyre::Result<Option<String>> {
    let size = terminal.size()?;
    let mut app = App::new(options.symbols, (size.width, size.height), now_ms());
    app.is_sample = options.is_sample;
    app.hyperlinks = terminal_supports_hyperlinks();
    app.rerun.command = options.rerun_cmd;
    app.rerun.cwd = options.rerun_cwd;
    // Removed (with the plans in it) when this function returns, however it returns.
    let private_dir = super::plans::PrivateDir::create();
    app.rerun.plan_path = private_dir.as_ref().map(|d| d.path().join("testplan.json"));
    app.rerun.saved_plans_dir = super::plans::saved_plans_dir(|k| std::env::var(k).ok());
    app.watching = options.watch;
    app.cluster_by_frame = options.cluster_by_frame;
    app.compare = crate::app::compare::CompareState::new(options.baseline.clone());
    sync_heights(&mut app);
    let (tx, rx) = mpsc::channel::<Msg>();
    let shutdown = Arc::new(AtomicBool::new(false));
    let input_paused = Arc::new(AtomicBool::new(false));
    super::workers::spawn_input(tx.clone(), Arc::clone(&shutdown), Arc::clone(&input_paused));
    let mut load = options.load;
    if options.watch {
        load.settle = Some(Duration::from_secs(2));
        let watch_tx = tx.clone();
        let dirs = super::watch::dirs_to_watch(&load.dirs, load.limits);
        match super::watch::watch(dirs, move || {
            let _ = watch_tx.send(Msg::Action(Action::ResultsChanged));
        }) {
            Ok(how) => {
                update(
                    &mut app,
                    Action::Notice(format!("watching the results ({how})")),
                );
            }
            Err(e) => {
                update(
                    &mut app,
                    Action::Notice(format!("cannot watch the results: {e}")),
                );
            }
        }
    }
    let mut runtime = Runtime {
        search_tx: super::workers::spawn_search_worker(tx.clone()),
        tx,
        options: load,
        generation: Arc::new(AtomicU64::new(0)),
        child: Arc::new(Mutex::new(None)),
        input_paused,
        baseline: options.baseline,
        load_arena: LoadArena::for_next_load(),
    };
    runtime.start_baseline_load();
    runtime.start_load();
    app.theme = options.theme;
    terminal.draw(|f| render(f, &app))?;
    let result = run(terminal, &mut app, &rx, &mut runtime);
    shutdown.store(true, Ordering::Relaxed);
    if let Ok(mut child) = runtime.child.lock() {
        if let Some(child) = child.as_mut() {
            let _ = child.kill();
        }
    }
    drop(private_dir);
    // A first load that failed is the session's outcome too: the caller says why and exits 2.
    result.map(|()| app.load_error.take())
}

fn run(
    terminal: &mut DefaultTerminal,
    app: &mut App,
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
            terminal.draw(|f| render(f, app))?;
        }
    }
}

impl Runtime {
    /// Turns a message into the action it is and applies it; true when the screen may have
    /// changed.
    fn handle(&mut self, terminal: &mut DefaultTerminal, app: &mut App, msg: Msg) -> bool {
        let action = match msg {
            Msg::Term(Event::Key(key)) if key.kind == KeyEventKind::Press => {
                return self.handle_key(terminal, app, key);
            }
            Msg::Term(Event::Resize(w, h)) => Action::Resize(w, h),
            Msg::Term(Event::Mouse(mouse)) => match mouse.kind {
                MouseEventKind::ScrollDown => Action::Scroll(mouse.column, mouse.row, 1),
                MouseEventKind::ScrollUp => Action::Scroll(mouse.column, mouse.row, -1),
                MouseEventKind::Down(_) => Action::Click(mouse.column, mouse.row),
                _ => return false,
            },
            Msg::Term(_) => return false,
            // Answers of a load that a newer one replaced are dropped.
            Msg::Load { generation, action } => {
                if generation != self.generation.load(Ordering::Relaxed) {
                    return false;
                }
                if matches!(action, Action::ResultsLoaded { .. }) {
                    // What is derived from the new report lives beside it; once the old
                    // report is dropped, its arena's pages go back.
                    self.load_arena.enter();
                    self.apply(terminal, app, action);
                    crate::heap::shown(self.load_arena);
                    return true;
                }
                action
            }
            Msg::Action(action) => action,
        };
        self.apply(terminal, app, action);
        true
    }

    /// Runs an action through `update`, then its effects, then whatever they report back.
    fn apply(&mut self, terminal: &mut DefaultTerminal, app: &mut App, action: Action) {
        let mut pending = vec![action];
        while let Some(action) = pending.pop() {
            for effect in update(app, action) {
                pending.extend(self.run_effect(terminal, app, effect));
            }
        }
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
                self.apply(terminal, app, action);
            }
        }
        dirty
    }

    /// Reads a baseline input (`--baseline PATH`) on a worker thread, once: reloads compare
    /// the new results with the same baseline.
    fn start_baseline_load(&self) {
        let Some(BaselineSpec::Input(path)) = self.baseline.clone() else {
            return;
        };
        let tx = self.tx.clone();
        let options = self.options.clone();
        std::thread::spawn(move || {
            let action = match load_baseline(&path, &options) {
                Ok(report) => Action::BaselineLoaded(Payload::new(report)),
                Err(e) => Action::BaselineFailed(e.to_string()),
            };
            let _ = tx.send(Msg::Action(action));
        });
    }

    /// Loads (or reloads) results and then history on a worker thread.
    fn start_load(&mut self) {
        let generation = self.generation.fetch_add(1, Ordering::Relaxed) + 1;
        // Not the arena of the report shown meanwhile (see `crate::heap`).
        let arena = LoadArena::for_next_load();
        self.load_arena = arena;
        let tx = self.tx.clone();
        let options = self.options.clone();
        let latest = Arc::clone(&self.generation);
        let baseline_run = match self.baseline {
            Some(BaselineSpec::Run(n)) => Some(n),
            _ => None,
        };
        std::thread::spawn(move || {
            arena.enter();
            let last = Mutex::new(std::time::Instant::now());
            let progress = |p: Progress| {
                let mut last = last
                    .lock()
                    .unwrap_or_else(std::sync::PoisonError::into_inner);
                if last.elapsed() >= Duration::from_millis(50) || p.done == p.total {
                    *last = std::time::Instant::now();
                    let _ = tx.send(Msg::Action(Action::LoadProgress(p)));
                }
            };
            let send = |action: Action| {
                let _ = tx.send(Msg::Load { generation, action });
            };
            let is_latest = || latest.load(Ordering::Relaxed) == generation;
            super::loader::load_and_send(
                &options,
                &progress,
                now_ms(),
                baseline_run,
                &is_latest,
                &mut |a| send(a),
            );
        });
    }

    /// Runs an effect; returns what it reports back, as actions for `update`.
    fn run_effect(
        &mut self,
        terminal: &mut DefaultTerminal,
        app: &App,
        effect: Effect,
    ) -> Vec<Action> {
        match effect {
            Effect::Search { generation, query } => {
                let _ = self
                    .search_tx
                    .send((generation, query, Arc::clone(&app.haystacks)));
            }
            Effect::OpenAttachment {
                files,
                attachment,
                title,
            } => {
                let tx = self.tx.clone();
                std::thread::spawn(move || {
                    let body = files.read_attachment(&attachment, MAX_ATTACHMENT_BYTES);
                    let viewer = ViewerState::from_body(title, attachment.mime.as_deref(), body);
                    let _ = tx.send(Msg::Action(Action::AttachmentRead(Box::new(viewer))));
                });
            }
            Effect::WritePlan {
                plan_json,
                plan_path,
            } => {
                if let Err(e) = super::plans::write_plan(&plan_path, &plan_json) {
                    return vec![Action::RerunOutput(format!(
                        "cannot write {}: {e}",
                        plan_path.display()
                    ))];
                }
            }
            Effect::Rerun {
                plan_json,
                plan_path,
                argv,
                cwd,
            } => {
                if let Err(e) = super::plans::write_plan(&plan_path, &plan_json) {
                    return vec![
                        Action::RerunOutput(format!("cannot write {}: {e}", plan_path.display())),
                        Action::RerunFinished {
                            exit: "not started".to_owned(),
                            code: None,
                            started: false,
                        },
                    ];
                }
                super::process::spawn_rerun(
                    &self.tx,
                    &self.child,
                    &argv,
                    &plan_path,
                    cwd.as_deref(),
                );
            }
            Effect::StopRerun => {
                let pid = self
                    .child
                    .lock()
                    .ok()
                    .and_then(|c| c.as_ref().map(Child::id));
                if let Some(pid) = pid {
                    super::process::stop_process_group(pid, Arc::clone(&self.child));
                    return vec![Action::RerunOutput(
                        "[stopping the command: interrupt, then kill after 5 s]".to_owned(),
                    )];
                }
            }
            Effect::Copy { text } => {
                let mut stdout = std::io::stdout();
                let _ = stdout.write_all(super::clipboard::osc52(&text).as_bytes());
                let _ = stdout.flush();
            }
            Effect::OpenExternal { files, attachment } => {
                if let Some(note) = super::external::open_external(
                    &self.input_paused,
                    terminal,
                    &files,
                    &attachment,
                ) {
                    return vec![Action::Notice(note)];
                }
            }
            Effect::SaveAttachment {
                files,
                attachment,
                dest,
            } => {
                return vec![Action::Notice(super::external::save_attachment(
                    &files,
                    &attachment,
                    &dest,
                ))];
            }
            Effect::Reload => self.start_load(),
            Effect::ReloadLater { after_ms } => {
                let tx = self.tx.clone();
                std::thread::spawn(move || {
                    std::thread::sleep(Duration::from_millis(after_ms));
                    let _ = tx.send(Msg::Action(Action::ResultsChanged));
                });
            }
        }
        Vec::new()
    }
}
