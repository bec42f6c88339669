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
//! - Status, message, steps and reruns: see `junit/case.rs` and `junit/suite.rs`.
//!
//! Untrusted input: read as a stream with quick-xml (never expanding DTD entities), nesting
//! deeper than [`MAX_XML_DEPTH`] is skipped, texts are capped, and more than
//! [`MAX_RESULTS_PER_FILE`] test cases stop the read; each with an issue. A malformed file keeps
//! the test cases read before the error. No terminal dependencies.

mod case;
mod seconds;
mod suite;

pub use seconds::parse_seconds;
pub use suite::RERUN_MESSAGE;

use std::borrow::Cow;

use quick_xml::events::attributes::Attributes;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::limits::{MAX_RESULTS_PER_FILE, MAX_XML_DEPTH};
use super::xml_text::{attribute_value, decode_document, resolve_reference, TextBuf};
use super::ReaderOutput;
use crate::model::text::{Interner, Text};
use case::{CaseDraft, Outcome, OutcomeKind, RerunDraft};
use suite::{finish_suite, LabelTexts, SuiteInfo};

/// Reads a `JUnit` XML file. `file` is the file's name, kept on every result.
#[must_use]
pub fn read_junit(bytes: &[u8], file: &str, interner: &mut Interner) -> ReaderOutput {
    let mut out = ReaderOutput::default();
    let text = decode_document(bytes, &mut out.issues);
    let mut walker = Walker {
        texts: LabelTexts::new(interner),
        interner,
        file: Text::from(file),
        depth: 0,
        root_seen: false,
        frames: Vec::new(),
        case: None,
        child: None,
        capture: Vec::new(),
        cases_read: 0,
        unknown_entity: false,
        too_deep: false,
    };
    walker.walk(&text, &mut out);
    out
}

/// An open `<testsuite>` (or `<testsuites>`) element.
struct Frame<'d> {
    depth: usize,
    info: SuiteInfo,
    cases: Vec<CaseDraft<'d>>,
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

struct Walker<'i, 'd> {
    texts: LabelTexts,
    interner: &'i mut Interner,
    file: Text,
    depth: usize,
    root_seen: bool,
    frames: Vec<Frame<'d>>,
    /// The open test case and its depth.
    case: Option<(usize, CaseDraft<'d>)>,
    child: Option<Child>,
    /// Capturing elements and their depths, innermost last.
    capture: Vec<(Target, usize)>,
    cases_read: usize,
    unknown_entity: bool,
    too_deep: bool,
}

impl<'d> Walker<'_, 'd> {
    fn walk(&mut self, text: &'d str, out: &mut ReaderOutput) {
        let mut reader = Reader::from_str(text);
        reader.config_mut().check_end_names = true;
        let mut skip = 0usize;
        loop {
            let event = match reader.read_event() {
                Ok(event) => event,
                Err(err) => {
                    out.issues.push(format!(
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
                Event::Start(start) => {
                    if self.depth >= MAX_XML_DEPTH {
                        self.too_deep = true;
                        skip = 1;
                        continue;
                    }
                    self.depth += 1;
                    let attrs = borrowed_attributes(text, &start);
                    if !self.open(&start, &attrs, out) {
                        // Not JUnit, or too many cases: the walk stops or skips this element.
                        if !self.root_seen {
                            return;
                        }
                        self.depth -= 1;
                        skip = 1;
                    }
                }
                Event::Empty(start) => {
                    if self.depth >= MAX_XML_DEPTH {
                        self.too_deep = true;
                        continue;
                    }
                    self.depth += 1;
                    let attrs = borrowed_attributes(text, &start);
                    let opened = self.open(&start, &attrs, out);
                    if !self.root_seen {
                        return;
                    }
                    if opened {
                        self.close(out);
                    } else {
                        self.depth -= 1;
                    }
                }
                Event::End(_) => self.close(out),
                Event::Text(t) => self.text_raw(&t),
                Event::CData(c) => self.text_raw(&c),
                Event::GeneralRef(r) => {
                    let name = String::from_utf8_lossy(&r);
                    match resolve_reference(&name) {
                        Some(replacement) => self.text(&replacement),
                        None => {
                            self.unknown_entity = true;
                            self.text(&format!("&{name};"));
                        }
                    }
                }
                Event::Eof => break,
                Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_) => {}
            }
        }
        while self.depth > 0 {
            self.close(out);
        }
        if !self.root_seen {
            out.issues
                .push("no <testsuites> or <testsuite> element: not a JUnit XML report".to_owned());
        }
        if self.too_deep {
            out.issues.push(format!(
                "elements nested deeper than {MAX_XML_DEPTH} levels were skipped"
            ));
        }
        if self.unknown_entity {
            out.issues.push(
                "entities the document declares are not expanded; kept as written".to_owned(),
            );
        }
    }

    /// Handles an opening tag at `self.depth`. False when the element is refused: a root that
    /// is not `JUnit`'s (then `root_seen` stays false), or a test case over the cap.
    fn open(
        &mut self,
        start: &BytesStart<'_>,
        attrs: &AttrSource<'d, '_>,
        out: &mut ReaderOutput,
    ) -> bool {
        let name = start.local_name();
        let name = name.as_ref();
        if !self.root_seen {
            if name == b"testsuites" || name == b"testsuite" {
                self.root_seen = true;
            } else {
                out.issues.push(format!(
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
                    let parent = self
                        .frames
                        .last()
                        .map(|f| f.info.clone())
                        .unwrap_or_default();
                    let mut info = parent;
                    let interner = &mut *self.interner;
                    attrs.for_each(|key, value| match key {
                        b"name" if name == b"testsuite" => {
                            info.names.push(interner.intern(&value));
                        }
                        b"hostname" => info.host = Some(interner.intern(&value)),
                        b"timestamp" => {
                            if let Some(ms) = super::parse_timestamp(&value) {
                                info.timestamp = Some(ms);
                            } else {
                                out.issues.push(format!(
                                    "testsuite timestamp \"{value}\" is not an ISO 8601 date-time"
                                ));
                            }
                        }
                        _ => {}
                    });
                    self.frames.push(Frame {
                        depth,
                        info,
                        cases: Vec::new(),
                    });
                }
                b"testcase" if !self.frames.is_empty() => {
                    if self.cases_read >= MAX_RESULTS_PER_FILE {
                        if self.cases_read == MAX_RESULTS_PER_FILE {
                            out.issues.push(format!(
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
                    attrs.for_each(|key, value| match key {
                        b"name" => draft.name = Some(value),
                        b"classname" => draft.classname = Some(value),
                        b"time" => draft.time = Some(value),
                        b"status" => draft.not_run = value == "notrun",
                        _ => {}
                    });
                    self.case = Some((depth, draft));
                }
                _ => {}
            }
            return true;
        };
        if depth == *case_depth + 1 {
            let (child, target) = match name {
                b"failure" | b"error" | b"skipped" => {
                    let kind = match name {
                        b"failure" => OutcomeKind::Failure,
                        b"error" => OutcomeKind::Error,
                        _ => OutcomeKind::Skipped,
                    } as usize;
                    if case.outcomes[kind].is_some() {
                        (Child::Other, None)
                    } else {
                        case.outcomes[kind] = Some(Outcome {
                            message: attrs.get(b"message"),
                            text: TextBuf::default(),
                        });
                        (Child::Other, Some(Target::Outcome(kind)))
                    }
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
                    case.reruns.push(rerun);
                    let i = case.reruns.len() - 1;
                    (Child::Rerun(i), Some(Target::RerunText(i)))
                }
                b"properties" => (Child::Properties, None),
                b"system-out" => (Child::Other, Some(Target::Out)),
                b"system-err" => (Child::Other, Some(Target::Err)),
                _ => (Child::Other, None),
            };
            self.child = Some(child);
            if let Some(target) = target {
                self.capture.push((target, depth));
            }
        } else if depth == *case_depth + 2 {
            match (self.child, name) {
                (Some(Child::Properties), b"property") => {
                    let mut property = (None, None);
                    attrs.for_each(|key, value| match key {
                        b"name" => property.0 = Some(value),
                        b"value" => property.1 = Some(value),
                        _ => {}
                    });
                    if let (Some(name), value) = property {
                        case.properties.push((name, value));
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

    /// Handles the end of the element at `self.depth`.
    fn close(&mut self, out: &mut ReaderOutput) {
        let depth = self.depth;
        if self.capture.last().is_some_and(|(_, d)| *d == depth) {
            if let Some((Target::Out, _)) = self.capture.pop() {
                if let Some((_, case)) = &mut self.case {
                    case.first_out_len.get_or_insert(case.out.text.len());
                }
            }
        }
        if let Some((case_depth, _)) = &self.case {
            if *case_depth + 1 == depth {
                self.child = None;
            }
            if *case_depth == depth {
                if let Some((_, case)) = self.case.take() {
                    if let Some(frame) = self.frames.last_mut() {
                        frame.cases.push(case);
                    }
                }
            }
        }
        if self.frames.last().is_some_and(|f| f.depth == depth) {
            if let Some(frame) = self.frames.pop() {
                finish_suite(
                    &frame.cases,
                    &frame.info,
                    &self.texts,
                    self.interner,
                    &self.file,
                    out,
                );
            }
        }
        self.depth = self.depth.saturating_sub(1);
    }

    fn buffer(&mut self) -> Option<&mut TextBuf> {
        let (target, _) = *self.capture.last()?;
        let (_, case) = self.case.as_mut()?;
        Some(match target {
            Target::Outcome(kind) => &mut case.outcomes[kind].as_mut()?.text,
            Target::Out => &mut case.out,
            Target::Err => &mut case.err,
            Target::RerunText(i) => &mut case.reruns.get_mut(i)?.text,
            Target::RerunTrace(i) => &mut case.reruns.get_mut(i)?.stack_trace,
            Target::RerunOut(i) => &mut case.reruns.get_mut(i)?.out,
            Target::RerunErr(i) => &mut case.reruns.get_mut(i)?.err,
        })
    }

    fn text_raw(&mut self, raw: &[u8]) {
        if let Some(buffer) = self.buffer() {
            buffer.push_raw(raw);
        }
    }

    fn text(&mut self, text: &str) {
        if let Some(buffer) = self.buffer() {
            buffer.push(text);
        }
    }
}

/// The attributes of a tag, borrowed from the document when the event is (so names and
/// classnames are not copied until a result is made).
enum AttrSource<'d, 'e> {
    Document(&'d str, usize),
    Event(&'e BytesStart<'e>),
}

impl<'d> AttrSource<'d, '_> {
    /// Calls `f` with each (local name, decoded value); malformed attributes are skipped.
    fn for_each(&self, mut f: impl FnMut(&[u8], Cow<'d, str>)) {
        match self {
            AttrSource::Document(content, name_len) => {
                for attr in Attributes::new(content, *name_len)
                    .with_checks(false)
                    .flatten()
                {
                    let value = match attr.value {
                        Cow::Borrowed(raw) => attribute_value(raw).0,
                        Cow::Owned(raw) => Cow::Owned(attribute_value(&raw).0.into_owned()),
                    };
                    f(attr.key.local_name().as_ref(), value);
                }
            }
            AttrSource::Event(start) => {
                for attr in start.attributes().with_checks(false).flatten() {
                    let value = Cow::Owned(attribute_value(&attr.value).0.into_owned());
                    f(attr.key.local_name().as_ref(), value);
                }
            }
        }
    }

    /// The value of one attribute.
    fn get(&self, wanted: &[u8]) -> Option<Cow<'d, str>> {
        let mut found = None;
        self.for_each(|key, value| {
            if key == wanted && found.is_none() {
                found = Some(value);
            }
        });
        found
    }
}

/// The tag's content (`name attr="…"`) as a slice of the document, found by address: events of
/// a `&str` reader borrow from it, so attribute values can outlive the event.
fn borrowed_attributes<'d, 'e>(document: &'d str, start: &'e BytesStart<'e>) -> AttrSource<'d, 'e> {
    let content: &[u8] = start;
    let offset = (content.as_ptr() as usize).wrapping_sub(document.as_ptr() as usize);
    match document.get(offset..offset.saturating_add(content.len())) {
        Some(slice) if slice.as_ptr() == content.as_ptr() => {
            AttrSource::Document(slice, start.name().as_ref().len())
        }
        _ => AttrSource::Event(start),
    }
}

#[cfg(test)]
mod tests;
