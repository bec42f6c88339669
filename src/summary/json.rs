//! The stable JSON interface of `summary --format json` (documented in the README).
//!
//! Strings are the report's raw text; serde escapes C0 controls, and we also escape C1 controls
//! and `BiDi` overrides as `\uXXXX`, so the output is lossless for a JSON reader and inert in a
//! terminal.

use serde::Serialize;
use serde_json::ser::{Formatter, PrettyFormatter};

use crate::analysis::{Analysis, Flakiness, TestAnalysis, Transition};
use crate::model::tree::suite_path;
use crate::model::{Report, Status, StatusCounts, Test, Warning};

/// Identifies the format; bumped only on incompatible changes.
pub const SCHEMA: &str = "allure-tui/summary/v1";

#[derive(Serialize)]
struct Doc<'a> {
    schema: &'static str,
    launch: Launch<'a>,
    totals: Totals,
    tests: TestsDoc<'a>,
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

fn test_doc<'a>(report: &'a Report, test: &'a Test, analysis: &'a TestAnalysis) -> TestDoc<'a> {
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
            history_files: &report.history_search.used,
        },
        totals: Totals {
            counts: c.into(),
            retries: analysis.totals.retries,
            flaky: analysis.totals.flaky,
        },
        tests: TestsDoc {
            report,
            analysis,
            selected,
        },
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
    let mut serializer =
        serde_json::Serializer::with_formatter(&mut *out, TerminalSafe(PrettyFormatter::new()));
    doc.serialize(&mut serializer)
        .map_err(std::io::Error::from)?;
    out.write_all(b"\n")
}

/// The summary as one string (tests and small outputs; [`write`] streams).
#[must_use]
pub fn render(report: &Report, analysis: &Analysis, selected: Option<&[bool]>) -> String {
    let mut bytes = Vec::new();
    // Writing to memory cannot fail, and the serializer only writes valid UTF-8.
    let _ = write(report, analysis, selected, &mut bytes);
    String::from_utf8(bytes).unwrap_or_default()
}

/// The tests array, serialized one test at a time: 100k tests never exist as a second copy.
struct TestsDoc<'a> {
    report: &'a Report,
    analysis: &'a Analysis,
    selected: Option<&'a [bool]>,
}

impl Serialize for TestsDoc<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let selected = self.selected;
        serializer.collect_seq(
            self.report
                .tests
                .iter()
                .zip(&self.analysis.tests)
                .enumerate()
                .filter(move |(i, _)| selected.is_none_or(|s| s.get(*i).copied().unwrap_or(false)))
                .map(|(_, (t, a))| test_doc(self.report, t, a)),
        )
    }
}

/// Pretty JSON that also escapes C1 controls and `BiDi` overrides as `\uXXXX` inside strings
/// (serde escapes only C0): lossless for a JSON reader, inert in a terminal.
struct TerminalSafe(PrettyFormatter<'static>);

fn is_terminal_unsafe(c: char) -> bool {
    ('\u{80}'..='\u{9f}').contains(&c) || crate::sanitize::is_bidi_control(c)
}

impl Formatter for TerminalSafe {
    fn write_string_fragment<W: ?Sized + std::io::Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> std::io::Result<()> {
        let mut rest = fragment;
        while let Some(at) = rest.find(is_terminal_unsafe) {
            writer.write_all(&rest.as_bytes()[..at])?;
            let c = rest[at..].chars().next().unwrap_or_default();
            write!(writer, "\\u{:04x}", u32::from(c))?;
            rest = &rest[at + c.len_utf8()..];
        }
        writer.write_all(rest.as_bytes())
    }
    fn begin_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_array(w)
    }
    fn end_array<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array(w)
    }
    fn begin_array_value<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_array_value(w, first)
    }
    fn end_array_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_array_value(w)
    }
    fn begin_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object(w)
    }
    fn end_object<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object(w)
    }
    fn begin_object_key<W: ?Sized + std::io::Write>(
        &mut self,
        w: &mut W,
        first: bool,
    ) -> std::io::Result<()> {
        self.0.begin_object_key(w, first)
    }
    fn begin_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.begin_object_value(w)
    }
    fn end_object_value<W: ?Sized + std::io::Write>(&mut self, w: &mut W) -> std::io::Result<()> {
        self.0.end_object_value(w)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn c1_and_bidi_are_escaped_losslessly() {
        let mut out = Vec::new();
        let mut serializer =
            serde_json::Serializer::with_formatter(&mut out, TerminalSafe(PrettyFormatter::new()));
        "a\u{9b}b\u{202e}\u{7}".serialize(&mut serializer).unwrap();
        let escaped = String::from_utf8(out).unwrap();
        assert_eq!(escaped, "\"a\\u009bb\\u202e\\u0007\"");
        let back: String = serde_json::from_str(&escaped).unwrap();
        assert_eq!(back, "a\u{9b}b\u{202e}\u{7}");
    }
}
