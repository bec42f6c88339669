//! Allure 3 `history.jsonl`: one JSON object per line, one line per run.
//!
//! Streamed line by line (lines can be megabytes) and parsed on worker threads; with a limit only
//! the last lines are read, found by scanning back from the end of the file. A corrupt line is a
//! warning, never a failure (Allure 3 itself aborts on one). No terminal dependencies.

use std::borrow::Cow;
use std::collections::HashMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::Path;
use std::sync::{mpsc, OnceLock};

use serde::Deserialize;

use super::{
    id_hash, HistoryFormat, HistoryRun, KeyIndex, RawHistoryEntry, RunAggregate, RunEntry,
};
use crate::model::categories::CategoryRules;
use crate::model::json_read::BorrowedStr;
use crate::model::status::Status;

/// What reading a `history.jsonl` gave.
#[derive(Debug, Default)]
pub struct JsonlHistory {
    /// Runs in file order (1-based physical line numbers alongside).
    pub runs: Vec<(usize, HistoryRun)>,
    /// `(line number, reason)` of lines that could not be read.
    pub bad_lines: Vec<(usize, String)>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct EntryDoc<'a> {
    #[serde(borrow)]
    id: Option<BorrowedStr<'a>>,
    #[serde(borrow)]
    status: Option<BorrowedStr<'a>>,
    start: Option<f64>,
    stop: Option<f64>,
    duration: Option<f64>,
    #[serde(borrow)]
    message: Option<BorrowedStr<'a>>,
    #[serde(borrow)]
    trace: Option<BorrowedStr<'a>>,
    #[serde(borrow)]
    error: Option<ErrorDoc<'a>>,
    // `url`, `labels` and the rest are skipped: nothing reads them from a history entry.
}

#[derive(Deserialize)]
struct ErrorDoc<'a> {
    #[serde(borrow)]
    message: Option<BorrowedStr<'a>>,
    #[serde(borrow)]
    trace: Option<BorrowedStr<'a>>,
}

/// Reads a `history.jsonl`. `index` maps every key a current test may be known by to that test;
/// entries under other keys only feed the run aggregates. The file is read while the index is
/// still being built (another thread sets it); the lines are parsed once it is set. `limit`
/// keeps the last N non-blank lines.
pub fn read_jsonl(
    path: &Path,
    index: &OnceLock<KeyIndex>,
    rules: &CategoryRules,
    limit: Option<usize>,
) -> std::io::Result<JsonlHistory> {
    let mut file = File::open(path)?;
    let (offset, first_line) = match limit {
        Some(n) => tail_offset(&mut file, n)?,
        None => (0, 1),
    };
    file.seek(SeekFrom::Start(offset))?;
    read_lines(file, first_line, index, rules)
}

/// Reads a `history.jsonl` from a stream (an archive entry): every line, since a stream cannot
/// be read from its end; the caller keeps the newest runs.
pub fn read_jsonl_stream(
    reader: impl Read + Send,
    index: &OnceLock<KeyIndex>,
    rules: &CategoryRules,
) -> std::io::Result<JsonlHistory> {
    read_lines(reader, 1, index, rules)
}

/// Parses one history line (a `history.jsonl` line, or an Allure 3 report's
/// `data/history/*.json` point, which has the same shape).
pub fn parse_run(
    bytes: &[u8],
    index: &KeyIndex,
    rules: &CategoryRules,
) -> Result<HistoryRun, String> {
    parse_line(bytes, index, rules)
}

fn read_lines(
    reader: impl Read + Send,
    first_line: usize,
    index: &OnceLock<KeyIndex>,
    rules: &CategoryRules,
) -> std::io::Result<JsonlHistory> {
    let workers = std::thread::available_parallelism().map_or(2, usize::from);
    // At most one line waits in the queue: lines can be hundreds of megabytes. Parsed lines'
    // buffers come back to be filled again, so a big line's memory is allocated (and its pages
    // touched) once per worker, not once per line.
    let (line_tx, line_rx) = mpsc::sync_channel::<(usize, Vec<u8>)>(1);
    let line_rx = std::sync::Mutex::new(line_rx);
    let (spare_tx, spare_rx) = mpsc::channel::<Vec<u8>>();
    let (out_tx, out_rx) = mpsc::channel();
    // The entries live where the load does (crate::heap).
    let heap = crate::heap::LoadArena::here();
    std::thread::scope(|scope| -> std::io::Result<()> {
        for _ in 0..workers {
            let (out_tx, spare_tx) = (out_tx.clone(), spare_tx.clone());
            let line_rx = &line_rx;
            scope.spawn(move || {
                heap.enter();
                // Lines are read while the index is still being built.
                let index = index.wait();
                loop {
                    let next = line_rx.lock().map(|rx| rx.recv());
                    let Ok(Ok((number, mut bytes))) = next else {
                        break;
                    };
                    let _ = out_tx.send((number, parse_line(&bytes, index, rules)));
                    bytes.clear();
                    let _ = spare_tx.send(bytes);
                }
            });
        }
        drop((out_tx, spare_tx));
        // One buffer per worker and one being filled: the reader waits for a spare one rather
        // than allocate more (at 100k tests a line is over 100 MB).
        let result = feed_lines(reader, first_line, &line_tx, &spare_rx, workers + 1);
        drop(line_tx);
        result
    })?;
    let mut history = JsonlHistory::default();
    let mut parsed: Vec<_> = out_rx.into_iter().collect();
    parsed.sort_by_key(|(n, _)| *n);
    for (number, outcome) in parsed {
        match outcome {
            Ok(run) => history.runs.push((number, run)),
            Err(reason) => history.bad_lines.push((number, reason)),
        }
    }
    Ok(history)
}

/// Bytes read from the file at a time, straight into a line's buffer.
const READ_CHUNK: usize = 1 << 20;

/// Splits the stream into lines, reading straight into each line's own buffer: no copy through
/// a `BufReader`, and a recycled buffer already has room for a line like the last one. Only the
/// bytes read past a line's end (less than [`READ_CHUNK`]) are copied, into the next buffer.
fn feed_lines(
    mut reader: impl Read,
    first_line: usize,
    tx: &mpsc::SyncSender<(usize, Vec<u8>)>,
    spare: &mpsc::Receiver<Vec<u8>>,
    max_buffers: usize,
) -> std::io::Result<()> {
    let mut number = first_line;
    let mut allocated = 0usize;
    let mut last_len = 0usize;
    let mut carry: Vec<u8> = Vec::new();
    let mut at_end = false;
    loop {
        // A spare buffer when a worker gave one back; else a new one, up to `max_buffers`; else
        // wait for a worker to give one back.
        let mut line = match spare.try_recv() {
            Ok(buffer) => buffer,
            Err(_) if allocated < max_buffers => {
                allocated += 1;
                Vec::new()
            }
            Err(_) => spare.recv().unwrap_or_default(),
        };
        line.reserve((last_len + last_len / 8).max(carry.len() + READ_CHUNK));
        line.extend_from_slice(&carry);
        carry.clear();
        let mut scanned = 0usize;
        let end = loop {
            if let Some(i) = memchr::memchr(b'\n', &line[scanned..]) {
                break Some(scanned + i + 1);
            }
            scanned = line.len();
            if at_end {
                break None;
            }
            if line.capacity() - line.len() < READ_CHUNK {
                line.reserve(READ_CHUNK.max(line.len() / 4));
            }
            let read = reader
                .by_ref()
                .take(READ_CHUNK as u64)
                .read_to_end(&mut line)?;
            at_end = read == 0;
        };
        if let Some(end) = end {
            carry.extend_from_slice(&line[end..]);
            line.truncate(end);
        }
        if line.is_empty() {
            return Ok(());
        }
        last_len = line.len();
        if !line.iter().all(u8::is_ascii_whitespace) && tx.send((number, line)).is_err() {
            return Ok(());
        }
        number += 1;
    }
}

fn parse_line(bytes: &[u8], index: &KeyIndex, rules: &CategoryRules) -> Result<HistoryRun, String> {
    let bytes = bytes.strip_suffix(b"\n").unwrap_or(bytes);
    let bytes = bytes.strip_suffix(b"\r").unwrap_or(bytes);
    let mut tally = RunTally {
        index,
        rules,
        aggregate: RunAggregate::default(),
        categories: HashMap::new(),
        spans: Vec::new(),
        // Virtual until used: at most one entry per key of the current tests.
        found: Vec::with_capacity(index.len()),
    };
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let head = serde::de::DeserializeSeed::deserialize(LineSeed(&mut tally), &mut deserializer)
        .and_then(|head| deserializer.end().map(|()| head))
        .map_err(|e| crate::model::json_read::describe(&e))?;
    let RunTally {
        mut aggregate,
        categories,
        spans,
        mut found,
        ..
    } = tally;
    // One entry per test: the one found under its best-ranked key. The order is worked out on
    // small (test, rank, position) triples: the entries themselves are bigger to move.
    let mut order: Vec<(u32, u8, u32)> = found
        .iter()
        .enumerate()
        .map(|(i, (test, rank, _))| (*test, *rank, i as u32))
        .collect();
    order.sort_unstable();
    order.dedup_by_key(|(test, _, _)| *test);
    // Exactly sized: every run's entries are kept until all runs are merged.
    let mut entries = Vec::with_capacity(order.len());
    entries.extend(
        order
            .into_iter()
            .map(|(_, _, i)| std::mem::take(&mut found[i as usize].2)),
    );
    aggregate.duration = crate::model::clock::run_span(&spans, crate::model::clock::now_ms());
    let mut categories: Vec<_> = categories.into_iter().collect();
    categories.sort();
    aggregate.categories = categories;
    Ok(HistoryRun {
        uuid: head.uuid,
        name: head.name,
        timestamp: head.timestamp.map(|t| t as i64),
        url: head.url.filter(|u| !u.is_empty()),
        build_order: None,
        format: Some(HistoryFormat::Allure3),
        entries,
        aggregate,
    })
}

/// A line's own fields (`testResults` aside).
#[derive(Default)]
struct LineHead {
    uuid: Option<String>,
    name: Option<String>,
    timestamp: Option<f64>,
    url: Option<String>,
}

/// What a line's `testResults` add up to, filled while they are read: no list of the line's
/// entries is built (a line holds every test of a run, and most entries are only counted;
/// at 50k tests the list was 12 MB per line, grown by doubling).
struct RunTally<'x> {
    index: &'x KeyIndex,
    rules: &'x CategoryRules,
    aggregate: RunAggregate,
    categories: HashMap<String, u32>,
    /// (start, stop) of every entry, for the run's duration.
    spans: Vec<(Option<i64>, Option<i64>)>,
    /// (test, key rank, entry) of the entries under a current test's key.
    found: Vec<(u32, u8, RunEntry)>,
}

impl RunTally<'_> {
    fn add(&mut self, key: &str, entry: EntryDoc<'_>) {
        let (message, trace) = match entry.error {
            Some(err) => (entry.message.or(err.message), entry.trace.or(err.trace)),
            None => (entry.message, entry.trace),
        };
        let (message, trace) = (message.map(|m| m.0), trace.map(|t| t.0));
        let status = entry
            .status
            .as_ref()
            .map_or(Status::Unknown, |s| Status::parse(&s.0));
        let start = entry.start.map(|v| v as i64);
        let stop = entry.stop.map(|v| v as i64);
        self.aggregate.counts.add(status);
        self.spans.push((start, stop));
        if let Some(category) =
            self.rules
                .classify(status, message.as_deref(), trace.as_deref(), false)
        {
            *self.categories.entry(category.to_owned()).or_default() += 1;
        }
        let Some(targets) = self.index.get(key) else {
            return;
        };
        let raw = RawHistoryEntry {
            id_hash: entry.id.as_ref().map(|id| id_hash(&id.0)),
            status,
            start,
            stop,
            duration: entry
                .duration
                .map(|v| v as i64)
                .or_else(|| crate::model::result::duration_of(start, stop)),
            message: message.map(Cow::into_owned),
            trace: trace.map(Cow::into_owned),
            url: None,
        };
        if let [(test, rank)] = targets {
            self.found.push((*test, *rank, RunEntry::new(*test, raw)));
        } else {
            for &(test, rank) in targets {
                self.found
                    .push((test, rank, RunEntry::new(test, raw.clone())));
            }
        }
    }
}

/// Reads a line's object: its own fields kept, `testResults` fed to the tally.
struct LineSeed<'t, 'x>(&'t mut RunTally<'x>);

impl<'de> serde::de::DeserializeSeed<'de> for LineSeed<'_, '_> {
    type Value = LineHead;
    fn deserialize<D: serde::Deserializer<'de>>(
        self,
        deserializer: D,
    ) -> Result<LineHead, D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for LineSeed<'_, '_> {
    type Value = LineHead;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a history point object")
    }
    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<LineHead, M::Error> {
        let mut head = LineHead::default();
        while let Some(key) = map.next_key::<BorrowedStr<'de>>()? {
            match key.0.as_ref() {
                "uuid" => head.uuid = map.next_value()?,
                "name" => head.name = map.next_value()?,
                "timestamp" => head.timestamp = map.next_value()?,
                "url" => head.url = map.next_value()?,
                "testResults" => map.next_value_seed(TestResultsSeed(&mut *self.0))?,
                _ => {
                    map.next_value::<serde::de::IgnoredAny>()?;
                }
            }
        }
        Ok(head)
    }
}

/// Reads `testResults` into the tally, entry by entry.
struct TestResultsSeed<'t, 'x>(&'t mut RunTally<'x>);

impl<'de> serde::de::DeserializeSeed<'de> for TestResultsSeed<'_, '_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        deserializer.deserialize_map(self)
    }
}

impl<'de> serde::de::Visitor<'de> for TestResultsSeed<'_, '_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("an object of test results")
    }
    fn visit_map<M: serde::de::MapAccess<'de>>(self, mut map: M) -> Result<(), M::Error> {
        while let Some(key) = map.next_key::<BorrowedStr<'de>>()? {
            // An entry that is not an object (hand-edited files) is skipped, not fatal.
            if let Some(entry) = map.next_value::<Option<EntryDoc<'de>>>().unwrap_or(None) {
                self.0.add(&key.0, entry);
            }
        }
        Ok(())
    }
}

/// Finds where the last `n` non-blank lines start, scanning back from the end in blocks so a
/// multi-gigabyte file is not read whole. Returns the byte offset and the line number to give
/// the first line read (1: numbering is relative to the tail, as counting skipped lines would
/// need the full scan the limit exists to avoid).
fn tail_offset(file: &mut File, n: usize) -> std::io::Result<(u64, usize)> {
    const BLOCK: u64 = 1 << 16;
    let len = file.metadata()?.len();
    let mut pos = len;
    let mut found = 0usize;
    let mut line_has_content = false;
    let mut buf = vec![0u8; BLOCK as usize];
    while pos > 0 {
        let start = pos.saturating_sub(BLOCK);
        let size = (pos - start) as usize;
        file.seek(SeekFrom::Start(start))?;
        file.read_exact(&mut buf[..size])?;
        for i in (0..size).rev() {
            let b = buf[i];
            if b == b'\n' {
                if line_has_content {
                    found += 1;
                    if found == n {
                        return Ok((start + i as u64 + 1, 1));
                    }
                }
                line_has_content = false;
            } else if !b.is_ascii_whitespace() {
                line_has_content = true;
            }
        }
        pos = start;
    }
    Ok((0, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    fn write(content: &str) -> (std::path::PathBuf, TempDir) {
        let dir = TempDir::new();
        let path = dir.write("history.jsonl", content);
        (path, dir)
    }

    /// An epoch-ms instant in 2023: entry times must be plausible to count in a run's span.
    const T0: i64 = 1_700_000_000_000;

    fn line(ts: i64, status: &str) -> String {
        format!(
            r#"{{"uuid":"u{ts}","name":"n","timestamp":{ts},"testResults":{{"k":{{"id":"i{ts}","status":"{status}","start":{},"stop":{},"error":{{"message":"m{ts}"}}}},"other":{{"status":"failed","start":0,"stop":5}}}},"url":""}}"#,
            T0 + ts,
            T0 + ts + 10
        )
    }

    fn wanted() -> OnceLock<KeyIndex> {
        let mut index = KeyIndex::default();
        index.insert("k", 0, 0);
        OnceLock::from(index)
    }

    #[test]
    fn reads_runs_skips_blank_and_reports_corrupt_lines() {
        let content = format!(
            "{}\n{}\r\n\n   \n{{\"uuid\": \"trunc\n{}\n",
            line(100, "passed"),
            line(200, "failed"),
            line(300, "broken")
        );
        let (path, _dir) = write(&content);
        let h = read_jsonl(&path, &wanted(), &CategoryRules::default(), None).unwrap();
        assert_eq!(h.runs.len(), 3);
        assert_eq!(h.bad_lines.len(), 1);
        assert_eq!(h.bad_lines[0].0, 5, "physical line number");
        let (_, second) = &h.runs[1];
        let entry = &second.entries[0];
        assert_eq!(entry.status, Status::Failed);
        assert_eq!(entry.message(), Some("m200"), "message under error");
        assert_eq!(entry.duration, Some(10));
        assert_eq!(second.entries.len(), 1, "unwanted keys dropped");
        assert_eq!(second.aggregate.counts.total(), 2, "but counted");
        assert_eq!(
            second.aggregate.duration,
            Some(10),
            "the entry with a zero start does not stretch the run"
        );
    }

    #[test]
    fn lines_longer_than_a_read_chunk_and_a_last_line_without_newline_are_read_whole() {
        let long = format!(
            r#"{{"timestamp":2,"padding":"{}","testResults":{{"k":{{"status":"failed"}}}}}}"#,
            "x".repeat(READ_CHUNK * 2 + 17)
        );
        let content = format!("{}\n{long}\n\n{}", line(100, "passed"), line(300, "broken"));
        let (path, _dir) = write(&content);
        let h = read_jsonl(&path, &wanted(), &CategoryRules::default(), None).unwrap();
        assert!(h.bad_lines.is_empty(), "{:?}", h.bad_lines);
        let statuses: Vec<_> = h
            .runs
            .iter()
            .map(|(n, r)| (*n, r.entries[0].status))
            .collect();
        assert_eq!(
            statuses,
            [
                (1, Status::Passed),
                (2, Status::Failed),
                (4, Status::Broken)
            ]
        );
    }

    #[test]
    fn limit_reads_only_the_tail() {
        let content = format!(
            "{}\n{}\n{}\n\n",
            line(100, "passed"),
            line(200, "failed"),
            line(300, "broken")
        );
        let (path, _dir) = write(&content);
        let h = read_jsonl(&path, &wanted(), &CategoryRules::default(), Some(2)).unwrap();
        let stamps: Vec<_> = h.runs.iter().map(|(_, r)| r.timestamp).collect();
        assert_eq!(stamps, [Some(200), Some(300)]);
    }

    #[test]
    fn top_level_message_wins_over_error_object() {
        let content = r#"{"timestamp":1,"testResults":{"k":{"status":"failed","message":"top","trace":"t","error":{"message":"nested"}}}}"#;
        let (path, _dir) = write(content);
        let h = read_jsonl(&path, &wanted(), &CategoryRules::default(), None).unwrap();
        let entry = &h.runs[0].1.entries[0];
        assert_eq!(entry.message(), Some("top"));
        assert_eq!(entry.trace(), Some("t"));
    }
}
