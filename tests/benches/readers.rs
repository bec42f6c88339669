//! Reader benchmark: `read_junit` on one `JUnit` file of 50 000 test cases vs a bare quick-xml
//! event loop over the same bytes (every event read, nothing kept): the floor any XML reader
//! pays. The target (issue 8) is at most 1.5x.
//!
//! `cargo bench --bench readers` (env `ALLURE_TUI_BENCH_CASES`, default 50000,
//! `ALLURE_TUI_BENCH_REPEAT`, default 15). The file is generated in memory, deterministically:
//! suites of 100 test cases in Surefire's dialect; 6% failures and 3% errors with a message and a
//! 12-line stack trace, 3% skipped, 10% with three lines of `system-out`, 5% with properties.
//! Prints a Markdown table for BENCHMARKS.md.

use std::fmt::Write as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use allure_tui::model::readers::junit::read_junit;
use allure_tui::model::result::{
    Label, LazyBody, Origin, ResultBody, StatusDetails, Step, TestResult,
};
use allure_tui::model::status::Status;
use allure_tui::model::text::{Interner, Text};
use quick_xml::events::Event;
use quick_xml::Reader;
use std::sync::Arc;

/// The binary's allocator (src/main.rs), so the figures are the binary's.
#[cfg(not(target_env = "msvc"))]
#[global_allocator]
static GLOBAL: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// A number from the environment, or a default.
fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn junit_file(cases: usize) -> String {
    let mut xml =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"bench\">\n");
    let mut trace = String::new();
    for i in 0..12 {
        let _ = writeln!(
            trace,
            "\tat com.example.service.Module{i}.call(Module{i}.java:{})",
            40 + i
        );
    }
    for suite in 0..cases.div_ceil(100) {
        let class = format!("com.example.module{}.Service{suite}Test", suite % 17);
        let _ = writeln!(
            xml,
            "  <testsuite name=\"{class}\" timestamp=\"2026-03-01T10:{:02}:00\" hostname=\"agent-{}\" tests=\"100\" time=\"12.5\">",
            suite % 60,
            suite % 4
        );
        for n in (suite * 100)..((suite + 1) * 100).min(cases) {
            let _ = write!(
                xml,
                "    <testcase name=\"handles_case_{n}[variant-{}]\" classname=\"{class}\" time=\"0.{:03}\"",
                n % 7,
                n % 1000
            );
            let kind = n % 100;
            let out = n % 10 == 3;
            let props = n % 20 == 7;
            if kind >= 12 && !out && !props {
                xml.push_str("/>\n");
                continue;
            }
            xml.push_str(">\n");
            if props {
                let _ = writeln!(
                    xml,
                    "      <properties><property name=\"ticket\" value=\"BEN-{}\"/></properties>",
                    n % 300
                );
            }
            match kind {
                0..=5 => {
                    let _ = writeln!(
                        xml,
                        "      <failure message=\"expected: &lt;{n}&gt; but was: &lt;{}&gt;\" type=\"org.opentest4j.AssertionFailedError\">org.opentest4j.AssertionFailedError: expected: &lt;{n}&gt; but was: &lt;{}&gt;\n{trace}</failure>",
                        n + 1,
                        n + 1
                    );
                }
                6..=8 => {
                    let _ = writeln!(
                        xml,
                        "      <error message=\"Connection refused (port {})\" type=\"java.net.ConnectException\"><![CDATA[java.net.ConnectException: Connection refused\n{trace}]]></error>",
                        8000 + n % 100
                    );
                }
                9..=11 => {
                    let _ = writeln!(
                        xml,
                        "      <skipped message=\"disabled on this platform\"/>"
                    );
                }
                _ => {}
            }
            if out {
                let _ = writeln!(
                    xml,
                    "      <system-out><![CDATA[starting case {n}\nconnected to db-{}\ndone in {} ms\n]]></system-out>",
                    n % 5,
                    n % 977
                );
            }
            xml.push_str("    </testcase>\n");
        }
        xml.push_str("  </testsuite>\n");
    }
    xml.push_str("</testsuites>\n");
    xml
}

/// Every event of the file, nothing kept.
fn bare_loop(bytes: &[u8]) -> usize {
    let mut reader = Reader::from_reader(bytes);
    let mut events = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Eof) | Err(_) => break,
            Ok(event) => {
                black_box(&event);
                events += 1;
            }
        }
    }
    events
}

/// The names of the generated file's test cases, as (name, classname), for [`results_floor`].
fn case_names(cases: usize) -> Vec<(String, String)> {
    (0..cases)
        .map(|n| {
            let suite = n / 100;
            (
                format!("handles_case_{n}[variant-{}]", n % 7),
                format!("com.example.module{}.Service{suite}Test", suite % 17),
            )
        })
        .collect()
}

/// What any reader that hands the model its results pays after parsing: one `TestResult` per
/// test case with its own name and full name, five shared labels and a duration, pushed into a
/// vector (no parsing, no steps, no identity index). The gap between this and the bare loop is
/// the cost of the model's results themselves.
fn results_floor(names: &[(String, String)], interner: &mut Interner) -> Vec<TestResult> {
    let file = Text::from("TEST-bench.xml");
    let no_steps: Arc<[Step]> = Arc::from(Vec::new());
    let body = Arc::new(ResultBody::default());
    let label = |name: &str, value: &str, interner: &mut Interner| Label {
        name: interner.intern(name),
        value: interner.intern(value),
    };
    let suite_labels = vec![
        label("resultFormat", "junit", interner),
        label("suite", "bench", interner),
        label("host", "agent-1", interner),
    ];
    let (test_class, package) = (interner.intern("testClass"), interner.intern("package"));
    let mut results = Vec::with_capacity(names.len());
    let mut last_class: Option<Text> = None;
    for (name, class) in names {
        let class = match &last_class {
            Some(last) if last.as_str() == class => last.clone(),
            _ => {
                let interned = interner.intern(class);
                last_class = Some(interned.clone());
                interned
            }
        };
        let mut full = String::with_capacity(class.len() + 1 + name.len());
        full.push_str(&class);
        full.push('.');
        full.push_str(name);
        let mut labels = Vec::with_capacity(5);
        labels.extend_from_slice(&suite_labels);
        labels.push(Label {
            name: test_class.clone(),
            value: class.clone(),
        });
        labels.push(Label {
            name: package.clone(),
            value: class,
        });
        let mut result = TestResult {
            file: file.clone(),
            dir: 0,
            uuid: None,
            history_id: None,
            test_case_id: None,
            full_name: Some(Text::from(full.as_str())),
            name: Text::from(name.as_str()),
            title_path: Vec::new(),
            status: Status::Passed,
            details: StatusDetails::default(),
            stage: None,
            start: None,
            stop: None,
            duration: Some(12),
            labels,
            parameters: Vec::new(),
            befores: Arc::clone(&no_steps),
            afters: Arc::clone(&no_steps),
            origin: Origin::default(),
            lazy_body: LazyBody::default(),
            report_categories: None,
            embedded_history: Vec::new(),
        };
        result.set_shared_body(Arc::clone(&body));
        results.push(result);
    }
    results
}

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

fn main() {
    if std::env::args().any(|a| a == "--list" || a == "--test") {
        return;
    }
    let cases = env_number("ALLURE_TUI_BENCH_CASES", 50_000);
    let repeat = env_number("ALLURE_TUI_BENCH_REPEAT", 15).max(1);
    let xml = junit_file(cases);
    let bytes = xml.as_bytes();
    if let Ok(path) = std::env::var("ALLURE_TUI_BENCH_WRITE") {
        std::fs::write(&path, bytes).expect("the file is writable");
    }
    eprintln!("{cases} test cases, {:.1} MB", bytes.len() as f64 / 1e6);
    let mut bare = Vec::new();
    let mut ours = Vec::new();
    let mut floor = Vec::new();
    let names = case_names(cases);
    let mut events = 0;
    let mut results = 0;
    // Interleaved, so both see the same machine state.
    for _ in 0..repeat {
        let start = Instant::now();
        events = black_box(bare_loop(black_box(bytes)));
        bare.push(start.elapsed());
        let start = Instant::now();
        let mut interner = Interner::default();
        let out = read_junit(black_box(bytes), "TEST-bench.xml", &mut interner);
        ours.push(start.elapsed());
        results = out.results.len();
        assert!(out.issues.is_empty(), "{:?}", out.issues);
        drop(black_box(out));
        let start = Instant::now();
        let mut interner = Interner::default();
        let built = results_floor(black_box(&names), &mut interner);
        floor.push(start.elapsed());
        drop(black_box(built));
    }
    assert_eq!(results, cases);
    let (bare, ours, floor) = (median(bare), median(ours), median(floor));
    println!("| what | time (median of {repeat}) |");
    println!("|---|---:|");
    println!(
        "| bare quick-xml event loop ({events} events, {:.1} MB) | {:.2} ms |",
        bytes.len() as f64 / 1e6,
        bare.as_secs_f64() * 1e3
    );
    println!(
        "| results floor: {cases} results built from names already parsed (no XML) | {:.2} ms ({:.2}x the loop) |",
        floor.as_secs_f64() * 1e3,
        floor.as_secs_f64() / bare.as_secs_f64()
    );
    println!(
        "| `read_junit`: {results} results with labels, parameters, steps and logs | {:.2} ms (**{:.2}x** the loop; target ≤ 1.5x) |",
        ours.as_secs_f64() * 1e3,
        ours.as_secs_f64() / bare.as_secs_f64()
    );
}
