//! Background threads of the event loop: terminal input and fuzzy search.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Sender};
use std::sync::Arc;
use std::time::Duration;

use crossterm::event;

use super::msg::Msg;
use crate::analysis::query::Haystack;

pub(super) fn spawn_input(tx: Sender<Msg>, shutdown: Arc<AtomicBool>, paused: Arc<AtomicBool>) {
    std::thread::spawn(move || {
        while !shutdown.load(Ordering::Relaxed) {
            if paused.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(50));
                continue;
            }
            // Poll so the thread notices shutdown and pauses; this is not a redraw timer.
            match event::poll(Duration::from_millis(100)) {
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

pub(super) fn spawn_search_worker(tx: Sender<Msg>) -> Sender<(u64, String, Arc<Vec<Haystack>>)> {
    let (req_tx, req_rx) = mpsc::channel::<(u64, String, Arc<Vec<Haystack>>)>();
    std::thread::spawn(move || {
        while let Ok(mut request) = req_rx.recv() {
            // Only the newest query matters.
            while let Ok(newer) = req_rx.try_recv() {
                request = newer;
            }
            let (generation, query, haystacks) = request;
            let matches = crate::app::search::match_all(&haystacks, &query);
            if tx
                .send(Msg::Action(crate::app::Action::SearchAnswered {
                    generation,
                    matches,
                }))
                .is_err()
            {
                return;
            }
        }
    });
    req_tx
}
