//! `JUnit` XML (`TEST-*.xml`, `junit.xml`): test cases as results, mapped as Allure 2's
//! junit-xml plugin maps them (`allure2 · plugins/junit-xml-plugin/.../JunitXmlPlugin.java`).
//!
//! - The root is `<testsuites>` or `<testsuite>`; suites may nest (Allure 2 reads only the
//!   suites directly under the root: we read every level). Test cases of a suite share its
//!   `timestamp` as start, and its `hostname` (a nested suite inherits both).
//! - A test case is a test named `name`, with full name `classname.name`; labels
//!   `resultFormat=junit`, `suite` (the suite's name, else the classname; nested suites add
//!   `parentSuite`/`subSuite`), `host`, `testClass` and `package` (the classname); its
//!   `properties` are parameters, so they take part in identity; `time` is the duration.
//! - Status, message, steps and reruns: see `junit/case.rs` and `junit/convert.rs`.
//!
//! Untrusted input: read as a stream with quick-xml (never expanding DTD entities), nesting
//! deeper than [`MAX_XML_DEPTH`] is skipped, texts are capped, and more than
//! [`MAX_RESULTS_PER_FILE`] test cases stop the read; each with an issue. A malformed file keeps
//! the test cases read before the error. No terminal dependencies.

mod attrs;
mod case;
mod convert;
mod scan;
mod seconds;

pub use convert::RERUN_MESSAGE;
pub use seconds::parse_seconds;

use super::xml_text::decode_document;
use super::ReaderOutput;
use crate::model::text::Interner;
use convert::Converter;
use scan::{scan, Msg};

/// Documents at least this large are scanned and converted on two threads.
const PIPELINE_BYTES: usize = 1 << 20;

/// Messages handed from the scanning thread to the converting one at a time.
const BATCH: usize = 256;

/// Reads a `JUnit` XML file. `file` is the file's name, kept on every result.
///
/// A large file is scanned on the calling thread while a second thread turns its test cases
/// into results (the two take about the same time); a panic of either is resumed on the caller.
#[must_use]
pub fn read_junit(bytes: &[u8], file: &str, interner: &mut Interner) -> ReaderOutput {
    let mut issues = Vec::new();
    let text = decode_document(bytes, &mut issues);
    // About one test case per 200 bytes: the capacity is virtual until used.
    let capacity = (text.len() / 200).min(super::MAX_RESULTS_PER_FILE);
    let pipelined = (text.len() >= PIPELINE_BYTES)
        .then(|| read_pipelined(&text, file, &mut *interner, capacity))
        .flatten();
    let (scan_issues, (results, convert_issues)) = match pipelined {
        Some(done) => done,
        None => {
            let mut converter = Converter::new(interner, file, capacity);
            let scan_issues = scan(&text, |msg| converter.handle(msg));
            (scan_issues, converter.finish())
        }
    };
    issues.extend(scan_issues);
    issues.extend(convert_issues);
    ReaderOutput { results, issues }
}

/// True when the document's root element is `<testsuites>` or `<testsuite>`: how to tell a
/// `JUnit` report among the `*.xml` files of a directory (both Allure CLIs read any such file).
/// Looks at the first 64 KiB at most.
#[must_use]
pub fn is_junit_xml(bytes: &[u8]) -> bool {
    super::xml_text::root_element(bytes).is_some_and(|root| is_junit_root(&root))
}

/// True for a `JUnit` report's root element name (see [`is_junit_xml`]).
#[must_use]
pub fn is_junit_root(name: &[u8]) -> bool {
    matches!(name, b"testsuites" | b"testsuite")
}

type Converted = (
    Vec<String>,
    (Vec<crate::model::result::TestResult>, Vec<String>),
);

/// Scans here and converts on a scoped thread; `None` when the thread cannot be started.
fn read_pipelined(
    text: &str,
    file: &str,
    interner: &mut Interner,
    capacity: usize,
) -> Option<Converted> {
    std::thread::scope(|scope| {
        let (sender, receiver) = std::sync::mpsc::sync_channel::<Vec<Msg<'_>>>(8);
        let mut converter = Converter::new(interner, file, capacity);
        // The results live where the load does (crate::heap).
        let heap = crate::heap::LoadArena::here();
        let worker = std::thread::Builder::new()
            .name("junit-convert".to_owned())
            .spawn_scoped(scope, move || {
                heap.enter();
                for batch in receiver {
                    for msg in batch {
                        converter.handle(msg);
                    }
                }
                converter.finish()
            })
            .ok()?;
        let mut batch = Vec::with_capacity(BATCH);
        let scan_issues = scan(text, |msg| {
            batch.push(msg);
            if batch.len() == BATCH {
                // A closed channel means the worker panicked: `join` below resumes it.
                let _ = sender.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)));
            }
        });
        let _ = sender.send(batch);
        drop(sender);
        match worker.join() {
            Ok(converted) => Some((scan_issues, converted)),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    })
}

#[cfg(test)]
mod tests;
