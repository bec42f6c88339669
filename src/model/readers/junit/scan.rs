//! The event walk over a `JUnit` document: what each suite and test case says, as messages
//! that borrow from the document (see `convert.rs` for what they become).
//!
//! Untrusted input: quick-xml never expands DTD entities; nesting deeper than
//! [`MAX_XML_DEPTH`] is skipped; texts are capped; more than [`MAX_RESULTS_PER_FILE`] test
//! cases are skipped; each with an issue. A malformed document keeps what was read before the
//! error: open test cases and suites are closed. No terminal dependencies.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::super::limits::{MAX_RESULTS_PER_FILE, MAX_XML_DEPTH};
use super::super::xml_text::{resolve_reference, TextBuf};
use super::attrs::AttrSource;
use super::case::{CaseDraft, CaseExtra, Outcome, OutcomeKind, RerunDraft};

/// What the walk reports, in document order.
#[derive(Debug)]
pub enum Msg<'d> {
    /// A `<testsuite>` (or, with `named` false, a `<testsuites>`) opens.
    Suite {
        /// True for `<testsuite>`: its name is a suite level.
        named: bool,
        /// `name`.
        name: Option<Cow<'d, str>>,
        /// `hostname`.
        host: Option<Cow<'d, str>>,
        /// `timestamp`, as written.
        timestamp: Option<Cow<'d, str>>,
        /// `tests`, the number of test cases the writer counted, as written.
        tests: Option<Cow<'d, str>>,
    },
    /// A whole test case.
    Case(CaseDraft<'d>),
    /// The innermost open suite closes.
    EndSuite,
}

/// The open child of the open test case, for its own children.
#[derive(Clone, Copy)]
enum Child {
    Properties,
    Rerun(usize),
    Other,
}

/// Where character data goes.
#[derive(Clone, Copy)]
enum Target {
    Outcome(usize),
    Out,
    Err,
    RerunText(usize),
    RerunTrace(usize),
    RerunOut(usize),
    RerunErr(usize),
}

/// Walks `text`, calling `emit` with each message; returns the document's issues.
pub fn scan<'d>(text: &'d str, emit: impl FnMut(Msg<'d>)) -> Vec<String> {
    let mut scanner = Scanner {
        emit,
        depth: 0,
        root_seen: false,
        suites: Vec::new(),
        case: None,
        child: None,
        capture: Vec::new(),
        cases_read: 0,
        unknown_entity: false,
        too_deep: false,
        issues: Vec::new(),
    };
    scanner.walk(text);
    scanner.issues
}

struct Scanner<'d, F> {
    emit: F,
    depth: usize,
    root_seen: bool,
    /// Depths of the open suite elements.
    suites: Vec<usize>,
    /// The open test case and its depth.
    case: Option<(usize, CaseDraft<'d>)>,
    child: Option<Child>,
    /// Capturing elements and their depths, innermost last.
    capture: Vec<(Target, usize)>,
    cases_read: usize,
    unknown_entity: bool,
    too_deep: bool,
    issues: Vec<String>,
}

impl<'d, F: FnMut(Msg<'d>)> Scanner<'d, F> {
    fn walk(&mut self, text: &'d str) {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        let mut skip = 0usize;
        loop {
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    self.issues.push(format!(
                        "malformed XML at byte {} ({err}); the rest of the file is ignored",
                        reader.error_position()
                    ));
                    break;
                }
            };
            if skip > 0 {
                match event {
                    Event::Start(_) => skip += 1,
                    Event::End(_) => skip -= 1,
                    Event::Eof => break,
                    _ => {}
                }
                continue;
            }
            match event {
                Event::Start(_) if self.depth >= MAX_XML_DEPTH => {
                    self.too_deep = true;
                    skip = 1;
                }
                Event::Empty(_) if self.depth >= MAX_XML_DEPTH => self.too_deep = true,
                Event::Start(start) => {
                    self.depth += 1;
                    if !self.open(&start, &AttrSource::of(text, &start)) {
                        if !self.root_seen {
                            return;
                        }
                        self.depth -= 1;
                        skip = 1;
                    }
                }
                Event::Empty(start) => {
                    self.depth += 1;
                    let opened = self.open(&start, &AttrSource::of(text, &start));
                    if !self.root_seen {
                        return;
                    }
                    if opened {
                        self.close();
                    } else {
                        self.depth -= 1;
                    }
                }
                Event::End(_) => self.close(),
                Event::Text(t) => {
                    if let Some(buffer) = self.buffer() {
                        buffer.push_raw(&t);
                    }
                }
                Event::CData(c) => {
                    if let Some(buffer) = self.buffer() {
                        buffer.push_raw(&c);
                    }
                }
                Event::GeneralRef(r) => {
                    if self.buffer().is_some() {
                        let name = String::from_utf8_lossy(&r);
                        let text = resolve_reference(&name).unwrap_or_else(|| {
                            self.unknown_entity = true;
                            Cow::Owned(format!("&{name};"))
                        });
                        if let Some(buffer) = self.buffer() {
                            buffer.push(&text);
                        }
                    }
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
        if self.depth > 0 && self.root_seen {
            // Cut off (a writer killed mid-file, an upload cut short): what was read is kept
            // and said so (Allure 2 refuses the whole file); a test case left open has no
            // known outcome unless it had one already.
            self.issues.push(
                "the file ends inside open elements (cut off?): the test cases read before \
                 are kept"
                    .to_owned(),
            );
            if let Some((_, case)) = &mut self.case {
                case.cut = true;
            }
        }
        while self.depth > 0 {
            self.close();
        }
        self.final_notes();
    }

    fn final_notes(&mut self) {
        if !self.root_seen {
            self.issues
                .push("no <testsuites> or <testsuite> element: not a JUnit XML report".to_owned());
        } else if self.cases_read == 0 {
            self.issues
                .push("no <testcase> elements: no tests".to_owned());
        }
        if self.too_deep {
            self.issues.push(format!(
                "elements nested deeper than {MAX_XML_DEPTH} levels were skipped"
            ));
        }
        if self.unknown_entity {
            self.issues.push(
                "entities the document declares are not expanded; kept as written".to_owned(),
            );
        }
    }

    /// Handles an opening tag at `self.depth`. False when the element is refused: a root that
    /// is not `JUnit`'s (then `root_seen` stays false), or a test case over the cap.
    fn open(&mut self, start: &BytesStart<'_>, attrs: &AttrSource<'d, '_>) -> bool {
        let name = start.local_name();
        let name = name.as_ref();
        if !self.root_seen {
            if name == b"testsuites" || name == b"testsuite" {
                self.root_seen = true;
            } else {
                self.issues.push(format!(
                    "the root element is <{}>, not <testsuites> or <testsuite>: not a JUnit XML report",
                    String::from_utf8_lossy(name)
                ));
                return false;
            }
        }
        let depth = self.depth;
        let Some((case_depth, case)) = &mut self.case else {
            match name {
                b"testsuite" | b"testsuites" => {
                    let (mut suite_name, mut host, mut timestamp, mut tests) =
                        (None, None, None, None);
                    self.unknown_entity |= attrs.for_each(|key, value| match key {
                        b"name" => suite_name = Some(value),
                        b"hostname" => host = Some(value),
                        b"timestamp" => timestamp = Some(value),
                        b"tests" => tests = Some(value),
                        _ => {}
                    });
                    self.suites.push(depth);
                    (self.emit)(Msg::Suite {
                        named: name == b"testsuite",
                        name: suite_name,
                        host,
                        timestamp,
                        tests,
                    });
                }
                b"testcase" if !self.suites.is_empty() => return self.open_case(depth, attrs),
                _ => {}
            }
            return true;
        };
        if depth == *case_depth + 1 {
            let extra = case.extra.get_or_insert_with(Box::default);
            let (child, target) = open_child(name, attrs, extra);
            self.child = Some(child);
            if let Some(target) = target {
                self.capture.push((target, depth));
            }
        } else if depth == *case_depth + 2 {
            let extra = case.extra.get_or_insert_with(Box::default);
            match (self.child, name) {
                (Some(Child::Properties), b"property") => {
                    let (mut property, mut value) = (None, None);
                    self.unknown_entity |= attrs.for_each(|key, v| match key {
                        b"name" => property = Some(v),
                        b"value" => value = Some(v),
                        _ => {}
                    });
                    if let Some(property) = property {
                        extra.properties.push((property, value));
                    }
                }
                (Some(Child::Rerun(i)), b"stackTrace") => {
                    self.capture.push((Target::RerunTrace(i), depth));
                }
                (Some(Child::Rerun(i)), b"system-out") => {
                    self.capture.push((Target::RerunOut(i), depth));
                }
                (Some(Child::Rerun(i)), b"system-err") => {
                    self.capture.push((Target::RerunErr(i), depth));
                }
                _ => {}
            }
        }
        true
    }

    fn open_case(&mut self, depth: usize, attrs: &AttrSource<'d, '_>) -> bool {
        if self.cases_read >= MAX_RESULTS_PER_FILE {
            if self.cases_read == MAX_RESULTS_PER_FILE {
                self.issues.push(format!(
                    "more than {MAX_RESULTS_PER_FILE} test cases; the rest are skipped"
                ));
                self.cases_read += 1;
            }
            return false;
        }
        let mut draft = CaseDraft {
            ordinal: self.cases_read,
            ..CaseDraft::default()
        };
        self.cases_read += 1;
        self.unknown_entity |= attrs.for_each(|key, value| match key {
            b"name" => draft.name = Some(value),
            b"classname" => draft.classname = Some(value),
            b"time" => draft.time = Some(value),
            b"status" => draft.not_run = value == "notrun",
            _ => {}
        });
        self.case = Some((depth, draft));
        true
    }

    /// Handles the end of the element at `self.depth`.
    fn close(&mut self) {
        let depth = self.depth;
        if self.capture.last().is_some_and(|(_, d)| *d == depth) {
            if let Some((Target::Out, _)) = self.capture.pop() {
                if let Some(extra) = self.case.as_mut().and_then(|(_, c)| c.extra.as_deref_mut()) {
                    extra.first_out_len.get_or_insert(extra.out.text.len());
                }
            }
        }
        match &self.case {
            Some((case_depth, _)) if *case_depth == depth => {
                if let Some((_, mut case)) = self.case.take() {
                    case.name_texts();
                    (self.emit)(Msg::Case(case));
                }
            }
            Some((case_depth, _)) if *case_depth + 1 == depth => self.child = None,
            _ => {}
        }
        if self.suites.last() == Some(&depth) {
            self.suites.pop();
            (self.emit)(Msg::EndSuite);
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn buffer(&mut self) -> Option<&mut TextBuf> {
        let (target, _) = *self.capture.last()?;
        let extra = self.case.as_mut()?.1.extra.as_deref_mut()?;
        Some(match target {
            Target::Outcome(kind) => &mut extra.outcomes[kind].as_mut()?.text,
            Target::Out => &mut extra.out,
            Target::Err => &mut extra.err,
            Target::RerunText(i) => &mut extra.reruns.get_mut(i)?.text,
            Target::RerunTrace(i) => &mut extra.reruns.get_mut(i)?.stack_trace,
            Target::RerunOut(i) => &mut extra.reruns.get_mut(i)?.out,
            Target::RerunErr(i) => &mut extra.reruns.get_mut(i)?.err,
        })
    }
}

/// A child of a test case: what it is, and where its text goes.
fn open_child<'d>(
    name: &[u8],
    attrs: &AttrSource<'d, '_>,
    extra: &mut CaseExtra<'d>,
) -> (Child, Option<Target>) {
    match name {
        b"failure" | b"error" | b"skipped" => {
            let kind = match name {
                b"failure" => OutcomeKind::Failure,
                b"error" => OutcomeKind::Error,
                _ => OutcomeKind::Skipped,
            } as usize;
            if extra.outcomes[kind].is_some() {
                return (Child::Other, None);
            }
            extra.outcomes[kind] = Some(Outcome {
                message: attrs.get(b"message"),
                text: TextBuf::default(),
            });
            (Child::Other, Some(Target::Outcome(kind)))
        }
        b"flakyFailure" | b"flakyError" | b"rerunFailure" | b"rerunError" => {
            let mut rerun = RerunDraft {
                error: name.ends_with(b"Error"),
                ..RerunDraft::default()
            };
            attrs.for_each(|key, value| match key {
                b"message" => rerun.message = Some(value),
                b"time" => rerun.time = Some(value),
                _ => {}
            });
            extra.reruns.push(rerun);
            let i = extra.reruns.len() - 1;
            (Child::Rerun(i), Some(Target::RerunText(i)))
        }
        b"properties" => (Child::Properties, None),
        b"system-out" => (Child::Other, Some(Target::Out)),
        b"system-err" => (Child::Other, Some(Target::Err)),
        _ => (Child::Other, None),
    }
}
