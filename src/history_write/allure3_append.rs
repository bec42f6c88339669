//! Appending a line to an Allure 3 `history.jsonl`: refuse a launch that is already recorded,
//! keep the newest N runs (`historyLimit`), optionally drop tests unseen for N runs, and write
//! the result through a temp file and a rename. Lines are streamed, never all held at once.
//! No terminal dependencies.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::path::Path;

use serde::Deserialize;
use serde_json::value::RawValue;

use super::allure3_line::Allure3Line;
use super::json_object::{write_object, OrderedRaw};

/// What to keep when appending.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct KeepPolicy {
    /// Keep only the newest N runs, the new one included (Allure 3 `historyLimit`).
    pub history_limit: Option<usize>,
    /// Drop the entries of tests absent from the newest N runs, the new one included.
    pub prune_after: Option<usize>,
}

/// One existing line, as the first pass saw it.
#[derive(Debug)]
struct LineInfo {
    offset: u64,
    len: u64,
    /// History keys of the line (only collected when pruning).
    keys: Vec<String>,
    /// Entries whose `id` is also an id of the new line.
    overlap: usize,
}

/// What an append did (or would do, for a dry run).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct JsonlPlan {
    /// Non-blank lines before.
    pub runs_before: usize,
    /// Lines after, the new one included.
    pub runs_after: usize,
    /// Old lines dropped by the limit.
    pub runs_dropped: usize,
    /// Entries removed from old lines by pruning.
    pub entries_pruned: usize,
    /// Tests in the new line.
    pub tests: usize,
    /// `(1-based line number, entries)` of old lines that already hold results of this launch.
    pub duplicates: Vec<(usize, usize)>,
    /// Lines that are not JSON (kept as they are).
    pub unreadable_lines: Vec<usize>,
}

#[derive(Deserialize)]
struct LineKeys<'a> {
    #[serde(rename = "testResults", borrow, default)]
    test_results: Option<HashMap<Cow<'a, str>, &'a RawValue>>,
}

#[derive(Deserialize, Default)]
struct IdOnly<'a> {
    #[serde(borrow)]
    id: Option<Cow<'a, str>>,
}

/// Reads the existing file (if any) and plans the append.
fn survey(
    existing: Option<&mut BufReader<File>>,
    line: &Allure3Line,
    policy: KeepPolicy,
) -> std::io::Result<(Vec<LineInfo>, JsonlPlan)> {
    let new_ids: HashSet<&str> = line.ids().collect();
    let mut infos = Vec::new();
    let mut plan = JsonlPlan {
        tests: line.test_results.0.len(),
        ..JsonlPlan::default()
    };
    if let Some(reader) = existing {
        let mut offset = 0u64;
        let mut number = 0usize;
        let mut buf = Vec::new();
        loop {
            buf.clear();
            let n = reader.read_until(b'\n', &mut buf)?;
            if n == 0 {
                break;
            }
            number += 1;
            let start = offset;
            offset += n as u64;
            if buf.iter().all(u8::is_ascii_whitespace) {
                continue;
            }
            let text = buf.strip_suffix(b"\n").unwrap_or(&buf);
            let mut info = LineInfo {
                offset: start,
                len: n as u64,
                keys: Vec::new(),
                overlap: 0,
            };
            match serde_json::from_slice::<LineKeys>(text) {
                Ok(doc) => {
                    for (key, raw) in doc.test_results.unwrap_or_default() {
                        let id = serde_json::from_str::<IdOnly>(raw.get()).unwrap_or_default();
                        if id.id.is_some_and(|id| new_ids.contains(id.as_ref())) {
                            info.overlap += 1;
                        }
                        if policy.prune_after.is_some() {
                            info.keys.push(key.into_owned());
                        }
                    }
                }
                Err(_) => plan.unreadable_lines.push(number),
            }
            if info.overlap > 0 {
                plan.duplicates.push((number, info.overlap));
            }
            infos.push(info);
        }
    }
    plan.runs_before = infos.len();
    let keep_old = policy
        .history_limit
        .map_or(infos.len(), |n| n.saturating_sub(1).min(infos.len()));
    plan.runs_dropped = infos.len() - keep_old;
    infos.drain(..plan.runs_dropped);
    plan.runs_after = infos.len() + usize::from(policy.history_limit != Some(0));
    Ok((infos, plan))
}

/// The keys to keep when pruning: those of the newest `n` runs, the new one included.
fn live_keys(infos: &[LineInfo], line: &Allure3Line, n: usize) -> HashSet<String> {
    let mut keys: HashSet<String> = line.test_results.0.iter().map(|(k, _)| k.clone()).collect();
    for info in infos.iter().rev().take(n.saturating_sub(1)) {
        keys.extend(info.keys.iter().cloned());
    }
    keys
}

/// Plans an append without writing (for `--dry-run` and the duplicate check).
pub fn plan_append(
    path: &Path,
    line: &Allure3Line,
    policy: KeepPolicy,
) -> std::io::Result<JsonlPlan> {
    let mut reader = open_existing(path)?;
    let (infos, mut plan) = survey(reader.as_mut(), line, policy)?;
    if let Some(n) = policy.prune_after {
        let live = live_keys(&infos, line, n);
        plan.entries_pruned = infos
            .iter()
            .map(|i| i.keys.iter().filter(|k| !live.contains(*k)).count())
            .sum();
    }
    Ok(plan)
}

fn open_existing(path: &Path) -> std::io::Result<Option<BufReader<File>>> {
    match File::open(path) {
        Ok(file) => Ok(Some(BufReader::with_capacity(1 << 20, file))),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

/// Writes `source`'s kept lines plus the new line to `target` (which may be `source`) through
/// a temp file and a rename. The caller holds the lock and has checked for duplicates.
pub fn write_append(
    source: &Path,
    target: &Path,
    line: &Allure3Line,
    policy: KeepPolicy,
) -> std::io::Result<JsonlPlan> {
    let mut reader = open_existing(source)?;
    let (infos, mut plan) = survey(reader.as_mut(), line, policy)?;
    let live = policy.prune_after.map(|n| live_keys(&infos, line, n));
    let mut pruned = 0usize;
    super::safe_file::write_atomic_with(target, |out| {
        let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
        if let Some(reader) = reader.as_mut() {
            let file = reader.get_mut();
            let mut buf = Vec::new();
            for info in &infos {
                buf.clear();
                file.seek(SeekFrom::Start(info.offset))?;
                Read::by_ref(file).take(info.len).read_to_end(&mut buf)?;
                let stale = live.as_ref().map_or(0, |live| {
                    info.keys.iter().filter(|k| !live.contains(*k)).count()
                });
                if stale > 0 {
                    let (text, removed) = prune_line(&buf, live.as_ref().expect("pruning"));
                    pruned += removed;
                    out.write_all(text.as_bytes())?;
                    out.write_all(b"\n")?;
                } else {
                    out.write_all(&buf)?;
                    if !buf.ends_with(b"\n") {
                        out.write_all(b"\n")?;
                    }
                }
            }
        }
        if policy.history_limit != Some(0) {
            out.write_all(line.to_json().as_bytes())?;
            out.write_all(b"\n")?;
        }
        out.flush()
    })?;
    plan.entries_pruned = pruned;
    Ok(plan)
}

/// Removes the entries of keys not in `live` from one line, keeping everything else as written.
/// Returns the new text and how many entries went.
fn prune_line(bytes: &[u8], live: &HashSet<String>) -> (String, usize) {
    let text = String::from_utf8_lossy(bytes);
    let text = text.trim_end();
    let Ok(top) = serde_json::from_str::<OrderedRaw>(text) else {
        return (text.to_owned(), 0);
    };
    let mut removed = 0;
    let members: Vec<(Cow<'_, str>, Cow<'_, str>)> = top
        .0
        .iter()
        .map(|(key, raw)| {
            if key == "testResults" {
                if let Ok(entries) = serde_json::from_str::<OrderedRaw>(raw.get()) {
                    let kept: Vec<(Cow<'_, str>, Cow<'_, str>)> = entries
                        .0
                        .iter()
                        .filter(|(k, _)| live.contains(k.as_ref()))
                        .map(|(k, v)| (k.clone(), Cow::Borrowed(v.get())))
                        .collect();
                    removed += entries.0.len() - kept.len();
                    return (key.clone(), Cow::Owned(write_object(&kept)));
                }
            }
            (key.clone(), Cow::Borrowed(raw.get()))
        })
        .collect();
    (write_object(&members), removed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pruning_keeps_every_other_byte_of_the_line() {
        let line = br#"{"uuid":"u","testResults":{"a.1":{"id":"x","status":"passed"},"b.2":{"id":"y"}},"metrics":{},"url":""}"#;
        let live: HashSet<String> = ["a.1".to_owned()].into();
        let (text, removed) = prune_line(line, &live);
        assert_eq!(removed, 1);
        assert_eq!(
            text,
            r#"{"uuid":"u","testResults":{"a.1":{"id":"x","status":"passed"}},"metrics":{},"url":""}"#
        );
    }
}
