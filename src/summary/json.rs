//! The stable JSON interface of `summary --format json` (documented in the README).
//!
//! Strings are the report's raw text; serde escapes C0 controls, and we also escape C1 controls
//! and `BiDi` overrides as `\uXXXX`, so the output is lossless for a JSON reader and inert in a
//! terminal.

use serde::Serialize;
use std::io::Write;

use serde_json::ser::Formatter;

use crate::analysis::{Analysis, Flakiness, TestAnalysis, Transition};
use crate::model::tree::suite_path;
use crate::model::{Report, Status, StatusCounts, Test, Warning};

use super::Extras;

/// Identifies the format; bumped only on incompatible changes.
pub const SCHEMA: &str = "allure-tui/summary/v1";

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    launch: Launch<'a>,
    totals: Totals,
    /// What `--baseline` named, or null.
    baseline: Option<super::json_changes::BaselineDoc<'a>>,
    tests: TestsDoc,
    /// The change sets against the baseline, or null without one.
    changes: Option<super::json_changes::ChangesDoc<'a>>,
    /// Failure clusters, largest first (with or without a baseline).
    clusters: Vec<super::json_changes::ClusterDoc<'a>>,
    trend: Vec<TrendDoc<'a>>,
    #[serde(rename = "globalErrors")]
    global_errors: Vec<GlobalErrorDoc<'a>>,
    warnings: &'a [Warning],
}

#[derive(Serialize)]
struct GlobalErrorDoc<'a> {
    file: &'a str,
    message: Option<&'a str>,
    trace: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Launch<'a> {
    name: String,
    build_name: Option<&'a str>,
    build_order: Option<i64>,
    build_url: Option<&'a str>,
    report_url: Option<&'a str>,
    /// Pairs, values of several directories joined with ", " (kept for v1 readers).
    environment: Vec<(&'a str, String)>,
    /// Every key with each of its values.
    environment_values: Vec<EnvironmentDoc<'a>>,
    results_dirs: Vec<String>,
    /// What each given path held, and the history found (one line).
    read: String,
    history_files: &'a [String],
}

#[derive(Serialize)]
struct EnvironmentDoc<'a> {
    name: &'a str,
    values: &'a [String],
}

/// Status counts as the JSON writes them, in totals and in each trend point.
#[derive(Serialize)]
struct CountsDoc {
    total: u32,
    passed: u32,
    failed: u32,
    broken: u32,
    skipped: u32,
    unknown: u32,
}

impl From<&StatusCounts> for CountsDoc {
    fn from(c: &StatusCounts) -> Self {
        CountsDoc {
            total: c.total(),
            passed: c.passed,
            failed: c.failed,
            broken: c.broken,
            skipped: c.skipped,
            unknown: c.unknown,
        }
    }
}

#[derive(Serialize)]
struct Totals {
    #[serde(flatten)]
    counts: CountsDoc,
    retries: u32,
    flaky: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TestDoc<'a> {
    key: &'a str,
    history_id: Option<&'a str>,
    name: &'a str,
    full_name: Option<&'a str>,
    status: Status,
    suite: Vec<String>,
    start: Option<i64>,
    stop: Option<i64>,
    duration: Option<i64>,
    message: Option<&'a str>,
    attempts: Vec<AttemptDoc<'a>>,
    flaky: bool,
    flakiness: FlakinessDoc,
    transition: Option<Transition>,
    categories: Vec<&'a str>,
    /// The id of the test's failure cluster (failed and broken tests).
    cluster: Option<&'a str>,
    history: Vec<HistoryDoc<'a>>,
}

#[derive(Serialize)]
struct AttemptDoc<'a> {
    file: &'a str,
    /// The results directory of the attempt, so a matrix failure can be traced to its job.
    dir: Option<String>,
    status: Status,
    start: Option<i64>,
    duration: Option<i64>,
    message: Option<&'a str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct FlakinessDoc {
    retry_flip: bool,
    flip_rate: Option<f64>,
    fail_rate: Option<f64>,
    runs: u32,
}

#[derive(Serialize)]
struct HistoryDoc<'a> {
    status: Status,
    start: Option<i64>,
    duration: Option<i64>,
    message: Option<&'a str>,
}

#[derive(Serialize)]
struct TrendDoc<'a> {
    label: &'a str,
    timestamp: Option<i64>,
    current: bool,
    #[serde(flatten)]
    counts: CountsDoc,
    duration: Option<i64>,
    retries: Option<u32>,
    categories: std::collections::BTreeMap<&'a str, u32>,
}

fn test_doc<'a>(
    report: &'a Report,
    test: &'a Test,
    analysis: &'a TestAnalysis,
    cluster: Option<&'a str>,
) -> TestDoc<'a> {
    let r = &test.result;
    let Flakiness {
        retry_flip,
        flip_rate,
        fail_rate,
        runs,
        ..
    } = analysis.flakiness;
    TestDoc {
        key: &test.key,
        history_id: r.history_id.as_deref(),
        name: &r.name,
        full_name: r.full_name.as_deref(),
        status: r.status,
        suite: suite_path(test),
        start: r.start,
        stop: r.stop,
        duration: r.duration(),
        message: r.details.message.as_deref(),
        attempts: test
            .attempts()
            .map(|a| AttemptDoc {
                file: &a.file,
                dir: report.dir_of(a).map(|d| d.display().to_string()),
                status: a.status,
                start: a.start,
                duration: a.duration(),
                message: a.details.message.as_deref(),
            })
            .collect(),
        flaky: analysis.flaky,
        flakiness: FlakinessDoc {
            retry_flip,
            flip_rate,
            fail_rate,
            runs,
        },
        transition: analysis.transition,
        categories: analysis.category.as_deref().into_iter().collect(),
        cluster,
        history: test
            .history
            .iter()
            .map(|h| HistoryDoc {
                status: h.status,
                start: h.start,
                duration: h.duration,
                message: report.text(h.message),
            })
            .collect(),
    }
}

/// Renders the JSON document (pretty-printed, trailing newline).
pub fn write(
    report: &Report,
    analysis: &Analysis,
    extras: &Extras,
    selected: Option<&[bool]>,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    let executor = report.executor.as_ref();
    let c = &analysis.totals.counts;
    let doc = Doc {
        schema: SCHEMA,
        launch: Launch {
            name: super::launch_title(report),
            build_name: executor.and_then(|e| e.build_name.as_deref()),
            build_order: executor.and_then(|e| e.build_order),
            build_url: executor.and_then(|e| e.build_url.as_deref()),
            report_url: executor.and_then(|e| e.report_url.as_deref()),
            environment: report
                .environment
                .iter()
                .map(|e| (e.name.as_str(), e.value()))
                .collect(),
            environment_values: report
                .environment
                .iter()
                .map(|e| EnvironmentDoc {
                    name: &e.name,
                    values: &e.values,
                })
                .collect(),
            results_dirs: report
                .dirs
                .iter()
                .map(|d| d.display().to_string())
                .collect(),
            read: super::inputs_line(report),
            history_files: &report.history_search.used,
        },
        totals: Totals {
            counts: c.into(),
            retries: analysis.totals.retries,
            flaky: analysis.totals.flaky,
        },
        baseline: extras.comparison.map(|c| {
            let title = c.baseline.report.as_ref().map(super::launch_title);
            super::json_changes::baseline_doc(c, title)
        }),
        tests: TestsDoc,
        changes: extras
            .comparison
            .map(|c| super::json_changes::changes_doc(report, c)),
        clusters: super::json_changes::clusters_doc(report, extras.clusters),
        trend: analysis
            .trend
            .iter()
            .map(|p| TrendDoc {
                label: &p.label,
                timestamp: p.timestamp,
                current: p.current,
                counts: (&p.counts).into(),
                duration: p.duration,
                retries: p.retries,
                categories: p.categories.iter().map(|(k, v)| (k.as_str(), *v)).collect(),
            })
            .collect(),
        global_errors: report
            .globals
            .iter()
            .flat_map(|(_, g)| g.errors.iter())
            .map(|e| GlobalErrorDoc {
                file: &e.file,
                message: e.message.as_deref(),
                trace: e.trace.as_deref(),
            })
            .collect(),
        warnings: &report.warnings,
    };
    // The document with an empty `tests` array, whose items are then written in its place.
    let mut frame = Vec::new();
    let mut serializer = serde_json::Serializer::with_formatter(&mut frame, SafePretty::at(0));
    doc.serialize(&mut serializer)
        .map_err(std::io::Error::from)?;
    // The first `"tests": [` is the key: a quote inside any earlier string value is escaped.
    let key = b"\n  \"tests\": [";
    let at = frame
        .windows(key.len())
        .position(|w| w == key)
        .map_or(frame.len(), |p| p + key.len());
    out.write_all(&frame[..at])?;
    let written = write_tests(report, analysis, extras, selected, out)?;
    let rest = frame[at..].strip_prefix(b"]").unwrap_or(&frame[at..]);
    out.write_all(if written > 0 { b"\n  ]" } else { b"]" })?;
    out.write_all(rest)?;
    out.write_all(b"\n")
}

/// The summary as one string (tests and small outputs; [`write`] streams).
#[must_use]
pub fn render(
    report: &Report,
    analysis: &Analysis,
    extras: &Extras,
    selected: Option<&[bool]>,
) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail, and the serializer only writes valid UTF-8.
    let _ = write(report, analysis, extras, selected, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// Where the tests go: serialized empty, and filled by [`write_tests`].
struct TestsDoc;

impl Serialize for TestsDoc {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(std::iter::empty::<()>())
    }
}

/// Pretty JSON as serde's `PrettyFormatter` writes it (two spaces per level), starting at any
/// level (so a test can be rendered on its own and spliced into the document), that also
/// escapes C1 controls and `BiDi` overrides as `\uXXXX` inside strings (serde escapes only C0):
/// lossless for a JSON reader, inert in a terminal.
struct SafePretty {
    level: usize,
    has_value: bool,
}

impl SafePretty {
    fn at(level: usize) -> SafePretty {
        SafePretty {
            level,
            has_value: false,
        }
    }

    fn indent<W: ?Sized + Write>(&self, w: &mut W) -> std::io::Result<()> {
        for _ in 0..self.level {
            w.write_all(b"  ")?;
        }
        Ok(())
    }
}

fn is_terminal_unsafe(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c) || crate::sanitize::is_bidi_control(c)
}

impl Formatter for SafePretty {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        // C1 controls start with byte 0xC2, the BiDi controls with 0xD8 or 0xE2: most text has
        // none of them and is written as is.
        if !fragment.bytes().any(|b| matches!(b, 0xC2 | 0xD8 | 0xE2)) {
            return writer.write_all(fragment.as_bytes());
        }
        let mut rest = fragment;
        while let Some(at) = rest.find(is_terminal_unsafe) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"[")
    }
    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"]")
    }
    fn begin_array_value<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
    fn end_array_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level += 1;
        self.has_value = false;
        w.write_all(b"{")
    }
    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.level -= 1;
        if self.has_value {
            w.write_all(b"\n")?;
            self.indent(w)?;
        }
        w.write_all(b"}")
    }
    fn begin_object_key<W: ?Sized + Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        w.write_all(if first { b"\n" } else { b",\n" })?;
        self.indent(w)
    }
    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        w.write_all(b": ")
    }
    fn end_object_value<W: ?Sized + Write>(&mut self, _: &mut W) -> std::io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

/// Writes the selected tests' JSON objects as the items of the document's `tests` array (each
/// preceded by its separator and indentation), in order. Above a few thousand tests they are
/// rendered on two threads in chunks and written as each chunk's turn comes, so the output is
/// streamed and at most a few chunks wait in memory.
fn write_tests(
    report: &Report,
    analysis: &Analysis,
    extras: &Extras,
    selected: Option<&[bool]>,
    out: &mut dyn Write,
) -> std::io::Result<usize> {
    const CHUNK: usize = 256;
    let chosen: Vec<usize> = (0..report.tests.len())
        .filter(|&i| selected.is_none_or(|s| s.get(i).copied().unwrap_or(false)))
        .collect();
    let render = |range: std::ops::Range<usize>| -> Vec<u8> {
        let mut buf = Vec::with_capacity(range.len() * 1024);
        for (k, &i) in chosen[range.clone()].iter().enumerate() {
            buf.extend_from_slice(if range.start + k == 0 {
                b"\n    "
            } else {
                b",\n    "
            });
            let cluster = extras.clusters.of_test(i as u32).map(|c| c.id.as_str());
            let doc = test_doc(report, &report.tests[i], &analysis.tests[i], cluster);
            let mut ser = serde_json::Serializer::with_formatter(&mut buf, SafePretty::at(2));
            // Serializing into memory fails only on a map with non-string keys: none here.
            let _ = doc.serialize(&mut ser);
        }
        buf
    };
    let chunks: Vec<std::ops::Range<usize>> = (0..chosen.len())
        .step_by(CHUNK)
        .map(|start| start..(start + CHUNK).min(chosen.len()))
        .collect();
    if chunks.len() < 8 {
        for range in chunks {
            out.write_all(&render(range))?;
        }
        return Ok(chosen.len());
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Vec<u8>)>(4);
    std::thread::scope(|scope| {
        for _ in 0..2 {
            let (tx, next, chunks, render) = (tx.clone(), &next, &chunks, &render);
            scope.spawn(move || loop {
                let k = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(range) = chunks.get(k) else { break };
                if tx.send((k, render(range.clone()))).is_err() {
                    break;
                }
            });
        }
        drop(tx);
        let mut waiting = std::collections::BTreeMap::new();
        let mut turn = 0;
        for (k, bytes) in rx {
            waiting.insert(k, bytes);
            while let Some(bytes) = waiting.remove(&turn) {
                out.write_all(&bytes)?;
                turn += 1;
            }
        }
        Ok(chosen.len())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_and_bidi_are_escaped_losslessly() {
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::with_formatter(&mut out, SafePretty::at(0));
        "a\u{9b}b\u{202e}\u{7}".serialize(&mut serializer).unwrap();
        let escaped = String::from_utf8(out).unwrap();
        assert_eq!(escaped, "\"a\\u009bb\\u202e\\u0007\"");
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}\u{7}");
    }

    fn render(report: &Report, analysis: &Analysis, selected: Option<&[bool]>) -> String {
        let clusters = crate::analysis::clusters::Clusters::of(report, false);
        let extras = Extras {
            clusters: &clusters,
            comparison: None,
        };
        super::render(report, analysis, &extras, selected)
    }

    fn report_of(n: usize) -> (Report, Analysis) {
        let results = (0..n)
            .map(|i| crate::model::TestResult {
                full_name: Some(format!("pkg.T#t{i:05}").into()),
                name: format!("t{i:05} \u{202e}").into(),
                status: if i % 7 == 0 {
                    Status::Failed
                } else {
                    Status::Passed
                },
                ..crate::model::TestResult::default()
            })
            .collect();
        let report = Report {
            tests: crate::model::retries::group_results(results),
            ..Report::default()
        };
        let analysis = Analysis::of(&report);
        (report, analysis)
    }

    /// Many tests take the two-thread path: the document still parses, in order, and reads as
    /// serde's own pretty printer writes it.
    #[test]
    fn streamed_tests_are_a_valid_ordered_document() {
        for n in [0, 3, 5000] {
            let (report, analysis) = report_of(n);
            let text = render(&report, &analysis, None);
            let doc: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
            let tests = doc["tests"].as_array().unwrap();
            assert_eq!(tests.len(), n);
            for (i, t) in tests.iter().enumerate() {
                assert_eq!(t["name"], format!("t{i:05} \u{202e}"));
            }
            assert!(!text.contains('\u{202e}'), "BiDi escaped");
            if n > 0 {
                assert!(text.contains("\n  \"tests\": [\n    {\n      \"key\": "));
                assert!(text.contains("\n    }\n  ],\n  \"trend\": ["));
            } else {
                assert!(text.contains("\n  \"tests\": [],\n"));
            }
            let reference = serde_json::to_string_pretty(&doc["tests"]).unwrap();
            assert!(reference.starts_with('['), "serde agrees it is an array");
        }
    }

    #[test]
    fn a_selection_keeps_only_its_tests() {
        let (report, analysis) = report_of(20);
        let selected: Vec<bool> = (0..20).map(|i| i == 4).collect();
        let doc: serde_json::Value =
            serde_json::from_str(&render(&report, &analysis, Some(&selected))).unwrap();
        assert_eq!(doc["tests"].as_array().unwrap().len(), 1);
        assert_eq!(doc["tests"][0]["name"], "t00004 \u{202e}");
        let none = vec![false; 20];
        let doc: serde_json::Value =
            serde_json::from_str(&render(&report, &analysis, Some(&none))).unwrap();
        assert_eq!(doc["tests"], serde_json::json!([]));
    }
}
