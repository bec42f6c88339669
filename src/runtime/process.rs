//! The rerun command as a child process: spawned as an argument vector in its own process
//! group, its output streamed line by line, stopped gently then firmly.

use std::io::{BufRead, BufReader, Read};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use super::msg::Msg;
use crate::app::Action;

/// Runs the rerun command (an argument vector: no shell ever sees report text) with
/// `ALLURE_TESTPLAN_PATH`, streaming its output into the rerun pane.
pub(super) fn spawn_rerun(
    tx: &Sender<Msg>,
    slot: &Arc<Mutex<Option<Child>>>,
    argv: &[String],
    plan_path: &Path,
    cwd: Option<&Path>,
) {
    let tx = tx.clone();
    let Some((program, args)) = argv.split_first() else {
        return;
    };
    let mut command = Command::new(program);
    #[cfg(unix)]
    {
        // Its own process group, so stopping it reaches pytest's workers, browsers and
        // whatever else it started, and a Ctrl-C in our terminal is not theirs.
        use std::os::unix::process::CommandExt;
        command.process_group(0);
    }
    if let Some(cwd) = cwd {
        command.current_dir(cwd);
    }
    let spawned = command
        .args(args)
        .env("ALLURE_TESTPLAN_PATH", plan_path)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) => {
            let _ = tx.send(Msg::Action(Action::RerunOutput(format!(
                "cannot start {program}: {e}"
            ))));
            let _ = tx.send(Msg::Action(Action::RerunFinished {
                exit: "failed to start".to_owned(),
                code: None,
                started: false,
            }));
            return;
        }
    };
    let readers: Vec<Box<dyn Read + Send>> = [
        child
            .stdout
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
        child
            .stderr
            .take()
            .map(|s| Box::new(s) as Box<dyn Read + Send>),
    ]
    .into_iter()
    .flatten()
    .collect();
    let mut pipes = Vec::new();
    for reader in readers {
        let tx = tx.clone();
        pipes.push(std::thread::spawn(move || {
            for line in BufReader::new(reader).lines() {
                let Ok(line) = line else { break };
                if tx.send(Msg::Action(Action::RerunOutput(line))).is_err() {
                    break;
                }
            }
        }));
    }
    if let Ok(mut slot) = slot.lock() {
        *slot = Some(child);
    }
    let child = Arc::clone(slot);
    std::thread::spawn(move || {
        for pipe in pipes {
            let _ = pipe.join();
        }
        // The pipes closed: the command is ending; collect its status.
        let status = loop {
            let polled = child
                .lock()
                .ok()
                .and_then(|mut c| c.as_mut().map(Child::try_wait));
            match polled {
                Some(Ok(Some(status))) => break (status.to_string(), status.code()),
                Some(Ok(None)) => std::thread::sleep(Duration::from_millis(20)),
                Some(Err(e)) => break (e.to_string(), None),
                None => break ("finished".to_owned(), None),
            }
        };
        if let Ok(mut slot) = child.lock() {
            *slot = None;
        }
        let (exit, code) = status;
        let _ = tx.send(Msg::Action(Action::RerunFinished {
            exit,
            code,
            started: true,
        }));
    });
}

/// Interrupts the rerun's process group (as Ctrl-C in a terminal would, so test runners clean
/// up), and kills it if it is still there 5 s later. Signals go through `kill(1)` as an argument
/// vector: no shell, no unsafe code.
pub(super) fn stop_process_group(pid: u32, child: Arc<Mutex<Option<Child>>>) {
    let signal = move |sig: &str| {
        if cfg!(unix) {
            let _ = Command::new("kill")
                .args([sig, "--", &format!("-{pid}")])
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .status();
        }
    };
    signal("-INT");
    std::thread::spawn(move || {
        for _ in 0..50 {
            std::thread::sleep(Duration::from_millis(100));
            if child.lock().map_or(true, |c| c.is_none()) {
                return;
            }
        }
        signal("-KILL");
        if let Ok(mut c) = child.lock() {
            if let Some(c) = c.as_mut() {
                let _ = c.kill();
            }
        }
    });
}
