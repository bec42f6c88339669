//! Test cases become results, suite by suite: identity, labels, reruns and starts.
//!
//! Reruns: pytest-rerunfailures writes every earlier attempt of a test as its own `<testcase>`
//! with the same classname, name and properties, and without a `failure`/`error` element (its
//! junitxml ignores the "rerun" outcome), the final attempt last. Such an earlier attempt did not
//! pass (it would not have been rerun otherwise), so it is read as failed (broken when the final
//! attempt is broken), with a message saying why. Test cases that repeat within one suite are
//! attempts of one test, in document order.
//!
//! Starts: every test case shares its suite's `timestamp` (Allure 2). Attempts of one test would
//! then tie, and Allure 2 shows whichever it meets first (the junit-pytest-reruns oracle shows
//! four different totals over seven runs). So the attempts of a test get distinct, ordered starts
//! one millisecond apart, the last attempt keeping the suite's timestamp: our retry rule (latest
//! start) then shows the final attempt, as Allure 3 does. Without a timestamp attempts stay
//! untimed and come in order, so the later-read one wins. No terminal dependencies.

use std::collections::HashMap;
use std::sync::Arc;

use crate::model::result::{Label, Parameter, ResultBody, TestResult};
use crate::model::status::Status;
use crate::model::text::{Interner, Text};

use super::case::{parameters, AttemptParts, CaseDraft};
use super::scan::Msg;
use super::seconds::parse_seconds;

/// The message of an earlier pytest attempt that records no outcome.
pub const RERUN_MESSAGE: &str = "Rerun: this attempt did not pass (it was run again); \
the JUnit XML records no outcome for it (pytest-rerunfailures writes reruns this way)";

/// A test's identity within its suite: the suite's serial number, full name and parameters
/// (sorted, each once).
type CaseKey = (u32, Text, Vec<(Text, Option<Text>)>);

/// Interned label names and constant values, made once per file.
struct LabelTexts {
    result_format: Text,
    junit: Text,
    parent_suite: Text,
    suite: Text,
    sub_suite: Text,
    host: Text,
    test_class: Text,
    package: Text,
}

/// What a suite gives its test cases, and its bookkeeping of repeated ones.
#[derive(Default)]
struct SuiteState {
    /// Names of the enclosing `<testsuite>` elements, outermost first.
    names: Vec<Text>,
    host: Option<Text>,
    timestamp: Option<i64>,
    /// Its `tests` attribute: the test cases its writer counted.
    declared_tests: Option<usize>,
    /// Its suite labels (made on its first test case).
    labels: Option<Vec<Label>>,
    /// Its number among the file's suites.
    serial: u32,
    cases: Vec<CaseRecord>,
    /// (first case, later case) pairs of repeated test cases, by position in `cases`.
    repeats: Vec<(u32, u32)>,
}

/// Where a test case's results are.
#[derive(Clone, Copy)]
struct CaseRecord {
    first: u32,
    count: u32,
    has_outcome: bool,
}

/// Builds the results of one file from the scan's messages.
pub struct Converter<'i> {
    interner: &'i mut Interner,
    texts: LabelTexts,
    file: Text,
    suites: Vec<SuiteState>,
    /// Suites opened so far.
    suites_opened: u32,
    /// The first test case of each identity, per suite: one map for the file, sized once.
    index: HashMap<CaseKey, u32, foldhash::fast::RandomState>,
    /// The results so far.
    pub results: Vec<TestResult>,
    /// Problems found while converting.
    pub issues: Vec<String>,
    empty_body: Arc<ResultBody>,
    no_steps: Arc<[crate::model::result::Step]>,
    last_class: Option<Text>,
    truncated: bool,
}

impl<'i> Converter<'i> {
    /// A converter for the file named `file`, expecting about `capacity` results.
    pub fn new(interner: &'i mut Interner, file: &str, capacity: usize) -> Converter<'i> {
        let mut intern = |s: &str| interner.intern(s);
        let texts = LabelTexts {
            result_format: intern("resultFormat"),
            junit: intern("junit"),
            parent_suite: intern("parentSuite"),
            suite: intern("suite"),
            sub_suite: intern("subSuite"),
            host: intern("host"),
            test_class: intern("testClass"),
            package: intern("package"),
        };
        Converter {
            interner,
            texts,
            file: Text::from(file),
            suites: Vec::new(),
            suites_opened: 0,
            index: HashMap::with_capacity_and_hasher(
                capacity,
                foldhash::fast::RandomState::default(),
            ),
            results: Vec::with_capacity(capacity),
            issues: Vec::new(),
            empty_body: Arc::new(ResultBody::default()),
            no_steps: Arc::from(Vec::new()),
            last_class: None,
            truncated: false,
        }
    }

    /// Handles one message of the scan.
    pub fn handle(&mut self, msg: Msg<'_>) {
        match msg {
            Msg::Suite {
                named,
                name,
                host,
                timestamp,
                tests,
            } => {
                self.open_suite(
                    named,
                    name.as_deref(),
                    host.as_deref(),
                    timestamp.as_deref(),
                );
                if let Some(suite) = self.suites.last_mut() {
                    suite.declared_tests = tests.and_then(|t| t.trim().parse().ok());
                }
            }
            Msg::Case(mut case) => {
                let texts = case.texts.take();
                self.case(&case, texts);
            }
            Msg::EndSuite => self.close_suite(),
        }
    }

    /// The results and issues, once every message was handled.
    #[must_use]
    pub fn finish(mut self) -> (Vec<TestResult>, Vec<String>) {
        while !self.suites.is_empty() {
            self.close_suite();
        }
        if self.truncated {
            self.issues.push(format!(
                "texts longer than {} bytes were cut",
                super::super::limits::MAX_TEXT_BYTES
            ));
        }
        // Shrinking copies every result (hundreds of bytes each) into fresh memory: worth it
        // only when the size guess left much unused.
        if self.results.capacity() > self.results.len() + self.results.len() / 4 + 16 {
            self.results.shrink_to_fit();
        }
        (self.results, self.issues)
    }

    fn open_suite(
        &mut self,
        named: bool,
        name: Option<&str>,
        host: Option<&str>,
        timestamp: Option<&str>,
    ) {
        let parent = self.suites.last();
        let mut suite = SuiteState {
            names: parent.map(|p| p.names.clone()).unwrap_or_default(),
            host: parent.and_then(|p| p.host.clone()),
            timestamp: parent.and_then(|p| p.timestamp),
            serial: self.suites_opened,
            ..SuiteState::default()
        };
        self.suites_opened += 1;
        // An empty suite name is no suite level (a blank group tells nothing).
        if let (true, Some(name)) = (named, name.filter(|n| !n.trim().is_empty())) {
            suite.names.push(self.interner.intern(name));
        }
        if let Some(host) = host {
            suite.host = Some(self.interner.intern(host));
        }
        if let Some(raw) = timestamp {
            match super::super::parse_timestamp(raw) {
                Some(ms) => suite.timestamp = Some(ms),
                None => self.issues.push(format!(
                    "testsuite timestamp \"{raw}\" is not an ISO 8601 date-time"
                )),
            }
        }
        self.suites.push(suite);
    }

    fn case(&mut self, case: &CaseDraft<'_>, texts: Option<(Text, Option<Text>)>) {
        let Some(suite) = self.suites.len().checked_sub(1) else {
            return;
        };
        let template = self.template(case, texts, suite);
        let first = self.results.len() as u32;
        let reruns = case.reruns();
        let count = reruns.len() + 1;
        let timestamp = self.suites[suite].timestamp;
        let start_of = |n: usize| timestamp.map(|t| t - (count - 1 - n) as i64);
        for (n, rerun) in reruns.iter().enumerate() {
            let duration = self.seconds(rerun.time.as_deref(), case);
            let parts = rerun.attempt(duration, &mut self.truncated);
            let result = self.finish_result(template.clone(), parts, start_of(n));
            self.results.push(result);
        }
        let duration = self.seconds(case.time.as_deref(), case);
        let parts = case.own_attempt(duration, &mut self.truncated);
        let serial = self.suites[suite].serial;
        let key = template
            .full_name
            .clone()
            .map(|name| (serial, name, identity_parameters(&template.parameters)));
        let result = self.finish_result(template, parts, start_of(count - 1));
        self.results.push(result);
        let suite = &mut self.suites[suite];
        let position = suite.cases.len() as u32;
        suite.cases.push(CaseRecord {
            first,
            count: count as u32,
            has_outcome: case.has_outcome(),
        });
        // A case without a full name has no identity: it repeats nothing.
        if let Some(key) = key {
            match self.index.get(&key) {
                Some(&earlier) => suite.repeats.push((earlier, position)),
                None => {
                    self.index.insert(key, position);
                }
            }
        }
    }

    /// Repeated test cases of the closing suite become attempts of one test.
    fn close_suite(&mut self) {
        let Some(mut suite) = self.suites.pop() else {
            return;
        };
        if suite.repeats.is_empty() {
            return;
        }
        suite.repeats.sort_by_key(|(first, later)| (*first, *later));
        // pytest-rerunfailures counts each test once in `tests` and writes every attempt:
        // fewer counted than written. Other writers (jest-junit, Gradle) count every element
        // they write, and their repeats are separate runs with their own outcomes, kept.
        let reruns_written = suite
            .declared_tests
            .is_some_and(|declared| declared < suite.cases.len());
        for group in suite.repeats.chunk_by(|a, b| a.0 == b.0) {
            let cases: Vec<CaseRecord> = std::iter::once(group[0].0)
                .chain(group.iter().map(|(_, later)| *later))
                .map(|c| suite.cases[c as usize])
                .collect();
            let last = cases[cases.len() - 1];
            let final_status = self.results[(last.first + last.count - 1) as usize].status;
            for case in &cases[..cases.len() - 1] {
                if reruns_written && !case.has_outcome {
                    let own = &mut self.results[(case.first + case.count - 1) as usize];
                    own.status = if final_status == Status::Broken {
                        Status::Broken
                    } else {
                        Status::Failed
                    };
                    own.details.message = Some(Text::from(RERUN_MESSAGE));
                }
            }
            let attempts: Vec<usize> = cases
                .iter()
                .flat_map(|c| (c.first..c.first + c.count).map(|i| i as usize))
                .collect();
            if let Some(t) = suite.timestamp {
                let n = attempts.len() as i64;
                for (k, &i) in attempts.iter().enumerate() {
                    let result = &mut self.results[i];
                    let start = t - (n - 1 - k as i64);
                    result.start = Some(start);
                    result.stop = result.duration.map(|d| start + d);
                }
            }
        }
    }

    fn seconds(&mut self, raw: Option<&str>, case: &CaseDraft<'_>) -> Option<i64> {
        let raw = raw?;
        let ms = parse_seconds(raw);
        if ms.is_none() {
            self.issues.push(format!(
                "test case {}: time \"{raw}\" is not a number of seconds; no duration",
                case.name.as_deref().unwrap_or("(unnamed)")
            ));
        }
        ms
    }

    /// The parts every attempt of a case shares: names, labels, parameters.
    fn template(
        &mut self,
        case: &CaseDraft<'_>,
        names: Option<(Text, Option<Text>)>,
        suite: usize,
    ) -> TestResult {
        if self.suites[suite].labels.is_none() {
            let labels = self.suite_labels(suite);
            self.suites[suite].labels = Some(labels);
        }
        let suite_labels = self.suites[suite].labels.as_deref().unwrap_or_default();
        let texts = &self.texts;
        let mut labels = Vec::with_capacity(suite_labels.len() + 3);
        labels.extend_from_slice(suite_labels);
        if let Some(class) = case.classname.as_deref() {
            let class = match &self.last_class {
                Some(last) if last.as_str() == class => last.clone(),
                _ => {
                    let interned = self.interner.intern(class);
                    self.last_class = Some(interned.clone());
                    interned
                }
            };
            if self.suites[suite].names.is_empty() {
                // Allure 2: the suite is the classname when the suite has no name.
                labels.insert(1, label(&texts.suite, &class));
            }
            labels.push(label(&texts.test_class, &class));
            labels.push(label(&texts.package, &class));
        }
        let (name, full_name) = match names {
            Some(names) => names,
            None => {
                let mut named = CaseDraft {
                    name: case.name.clone(),
                    classname: case.classname.clone(),
                    ..CaseDraft::default()
                };
                named.name_texts();
                named.texts.unwrap_or_default()
            }
        };
        // Every field by hand: `..TestResult::default()` would allocate (and free) an empty
        // text and two empty fixture lists per result.
        TestResult {
            file: self.file.clone(),
            dir: 0,
            uuid: None,
            // A case without classname or name has no identity: a key of its own keeps it
            // apart from the other such cases of the file.
            history_id: full_name
                .is_none()
                .then(|| Text::from(format!("{}#testcase-{}", self.file, case.ordinal))),
            test_case_id: None,
            full_name,
            name,
            title_path: Vec::new(),
            status: Status::Unknown,
            details: crate::model::result::StatusDetails::default(),
            stage: None,
            start: None,
            stop: None,
            duration: None,
            labels,
            parameters: parameters(case.properties()),
            befores: Arc::clone(&self.no_steps),
            afters: Arc::clone(&self.no_steps),
            origin: crate::model::result::Origin::default(),
            lazy_body: crate::model::result::LazyBody::default(),
            report_categories: None,
            embedded_history: Vec::new(),
        }
    }

    /// The suite labels Allure 2 gives (`suite` = the suite's name); nested suites add
    /// `parentSuite` (outermost) and `subSuite` (the rest, joined by " / ").
    fn suite_labels(&self, suite: usize) -> Vec<Label> {
        let (texts, suite) = (&self.texts, &self.suites[suite]);
        let mut labels = vec![label(&texts.result_format, &texts.junit)];
        match suite.names.as_slice() {
            [] => {}
            [only] => labels.push(label(&texts.suite, only)),
            [parent, own, rest @ ..] => {
                labels.push(label(&texts.parent_suite, parent));
                labels.push(label(&texts.suite, own));
                if !rest.is_empty() {
                    let sub: Vec<&str> = rest.iter().map(Text::as_str).collect();
                    labels.push(label(&texts.sub_suite, &Text::from(sub.join(" / "))));
                }
            }
        }
        if let Some(host) = &suite.host {
            labels.push(label(&texts.host, host));
        }
        labels
    }

    fn finish_result(
        &self,
        mut result: TestResult,
        parts: AttemptParts,
        start: Option<i64>,
    ) -> TestResult {
        result.status = parts.status;
        result.details = parts.details;
        result.start = start;
        result.stop = start.zip(parts.duration).map(|(s, d)| s + d);
        result.duration = parts.duration;
        match parts.body {
            Some(body) => result.set_body(body),
            None => result.set_shared_body(Arc::clone(&self.empty_body)),
        }
        result
    }
}

fn label(name: &Text, value: &Text) -> Label {
    Label {
        name: name.clone(),
        value: value.clone(),
    }
}

/// Parameters as identity sees them: sorted, each once (pytest repeats properties on every
/// rerun; Allure 2.45+ de-duplicates them for identity too).
fn identity_parameters(parameters: &[Parameter]) -> Vec<(Text, Option<Text>)> {
    if parameters.is_empty() {
        return Vec::new();
    }
    let mut key: Vec<(Text, Option<Text>)> = parameters
        .iter()
        .map(|p| (p.name.clone(), p.value.clone()))
        .collect();
    key.sort_unstable();
    key.dedup();
    key
}
