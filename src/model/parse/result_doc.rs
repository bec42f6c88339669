//! `*-result.json` and `*-container.json` parsed straight into the model: typed, borrowed where
//! possible, interned, with no `serde_json::Value` tree in between.
//!
//! Every field is lenient ([`Loose`]): a wrong type becomes "absent" plus a note naming the
//! field, exactly as the `Value`-based converter (`convert.rs`) words it, which stays as the
//! fallback for documents this fast path refuses (duplicate keys, nesting deeper than serde's
//! limit, invalid UTF-8). No terminal dependencies.

use serde::Deserialize;

use super::loose::{Loose, LooseList, LooseObj};
use crate::model::convert::{Issues, MAX_STEP_DEPTH, UNKNOWN_TEST};
use crate::model::result::{
    Attachment, AttachmentAccess, ContainerFixtures, Label, Link, Parameter, ParameterMode,
    ResultBody, StatusDetails, Step, TestResult,
};
use crate::model::status::Status;
use crate::model::text::{Interner, Text};

/// A `*-result.json` as written by Allure adapters, without its body (fields not listed are
/// skipped without being built).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResultDoc<'a> {
    #[serde(default, borrow)]
    uuid: Loose<'a>,
    #[serde(default, borrow)]
    history_id: Loose<'a>,
    #[serde(default, borrow)]
    test_case_id: Loose<'a>,
    #[serde(default, borrow)]
    full_name: Loose<'a>,
    #[serde(default, borrow)]
    name: Loose<'a>,
    #[serde(default, borrow)]
    title_path: Loose<'a>,
    #[serde(default, borrow)]
    status: Loose<'a>,
    #[serde(default, borrow)]
    status_details: LooseObj<DetailsDoc<'a>>,
    #[serde(default, borrow)]
    stage: Loose<'a>,
    #[serde(default, borrow)]
    start: Loose<'a>,
    #[serde(default, borrow)]
    stop: Loose<'a>,
    #[serde(default, borrow)]
    labels: LooseList<LabelDoc<'a>>,
    #[serde(default, borrow)]
    parameters: LooseList<ParameterDoc<'a>>,
}

/// The body of a `*-result.json` (see [`ResultBody`]): read when a result is opened.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BodyDoc<'a> {
    #[serde(default, borrow)]
    links: LooseList<LinkDoc<'a>>,
    #[serde(default, borrow)]
    steps: LooseList<StepDoc<'a>>,
    #[serde(default, borrow)]
    attachments: LooseList<AttachmentDoc<'a>>,
    #[serde(default, borrow)]
    description: Loose<'a>,
    #[serde(default, borrow)]
    description_html: Loose<'a>,
}

/// A `*-container.json`: fixtures for the results named in `children`.
#[derive(Deserialize)]
pub struct ContainerDoc<'a> {
    #[serde(default, borrow)]
    children: Loose<'a>,
    #[serde(default, borrow)]
    befores: LooseList<StepDoc<'a>>,
    #[serde(default, borrow)]
    afters: LooseList<StepDoc<'a>>,
}

#[derive(Deserialize)]
struct DetailsDoc<'a> {
    #[serde(default, borrow)]
    message: Loose<'a>,
    #[serde(default, borrow)]
    trace: Loose<'a>,
    #[serde(default, borrow)]
    known: Loose<'a>,
    #[serde(default, borrow)]
    muted: Loose<'a>,
    #[serde(default, borrow)]
    flaky: Loose<'a>,
    #[serde(default, borrow)]
    actual: Loose<'a>,
    #[serde(default, borrow)]
    expected: Loose<'a>,
}

#[derive(Deserialize)]
struct LabelDoc<'a> {
    #[serde(default, borrow)]
    name: Loose<'a>,
    #[serde(default, borrow)]
    value: Loose<'a>,
}

#[derive(Deserialize)]
struct LinkDoc<'a> {
    #[serde(default, borrow)]
    name: Loose<'a>,
    #[serde(default, borrow)]
    url: Loose<'a>,
    #[serde(default, borrow, rename = "type")]
    kind: Loose<'a>,
}

#[derive(Deserialize)]
struct ParameterDoc<'a> {
    #[serde(default, borrow)]
    name: Loose<'a>,
    #[serde(default, borrow)]
    value: Loose<'a>,
    #[serde(default, borrow)]
    excluded: Loose<'a>,
    #[serde(default, borrow)]
    mode: Loose<'a>,
}

#[derive(Deserialize)]
struct AttachmentDoc<'a> {
    #[serde(default, borrow)]
    name: Loose<'a>,
    #[serde(default, borrow)]
    source: Loose<'a>,
    #[serde(default, borrow, rename = "type")]
    mime: Loose<'a>,
    #[serde(default, borrow)]
    size: Loose<'a>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct StepDoc<'a> {
    #[serde(default, borrow)]
    name: Loose<'a>,
    #[serde(default, borrow)]
    status: Loose<'a>,
    #[serde(default, borrow)]
    status_details: LooseObj<DetailsDoc<'a>>,
    #[serde(default, borrow)]
    start: Loose<'a>,
    #[serde(default, borrow)]
    stop: Loose<'a>,
    #[serde(default, borrow)]
    parameters: LooseList<ParameterDoc<'a>>,
    #[serde(default, borrow)]
    attachments: LooseList<AttachmentDoc<'a>>,
    #[serde(default, borrow)]
    steps: LooseList<StepDoc<'a>>,
}

/// Turns parsed documents into model values: interns repeated text and notes wrong types.
pub struct Converter<'i> {
    interner: &'i mut Interner,
    /// What was wrong, one line per problem, each starting with the field.
    pub issues: Issues,
}

impl<'i> Converter<'i> {
    /// A converter interning into `interner`.
    pub fn new(interner: &'i mut Interner) -> Self {
        Converter {
            interner,
            issues: Issues::default(),
        }
    }

    /// The model result of a document.
    pub fn result(&mut self, doc: ResultDoc<'_>) -> TestResult {
        let full_name = self.text("fullName", doc.full_name);
        let name = self
            .text("name", doc.name)
            .filter(|n| !n.is_empty())
            .or_else(|| full_name.clone())
            .unwrap_or_else(|| Text::from(UNKNOWN_TEST));
        TestResult {
            uuid: self.text("uuid", doc.uuid),
            history_id: self.text("historyId", doc.history_id),
            test_case_id: self.text("testCaseId", doc.test_case_id),
            full_name,
            name,
            title_path: self.title_path(doc.title_path),
            status: self.status("status", &doc.status),
            details: self.details("statusDetails", doc.status_details),
            stage: self.interned("stage", doc.stage),
            start: self.timestamp("start", &doc.start),
            stop: self.timestamp("stop", &doc.stop),
            labels: self.labels(doc.labels),
            parameters: self.parameters("parameters", doc.parameters),
            ..TestResult::default()
        }
    }

    /// The model body of a document; its notes go into the body's `issues`.
    pub fn body(&mut self, doc: BodyDoc<'_>) -> ResultBody {
        let links = self.links(doc.links);
        let steps = self.steps("steps", doc.steps, 1);
        let attachments = self.attachments("attachments", doc.attachments);
        let description = self.text("description", doc.description);
        let description_html = self.text("descriptionHtml", doc.description_html);
        ResultBody {
            steps,
            attachments,
            links,
            description,
            description_html,
            issues: std::mem::take(&mut self.issues.items),
        }
    }

    /// The model fixtures of a container document.
    pub fn container(&mut self, doc: ContainerDoc<'_>) -> ContainerFixtures {
        let children = match doc.children {
            Loose::Other(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(serde_json::Value::as_str)
                .map(Text::from)
                .collect(),
            _ => Vec::new(),
        };
        ContainerFixtures {
            children,
            befores: self.fixtures("befores", doc.befores),
            afters: self.fixtures("afters", doc.afters),
        }
    }

    fn wrong_type(&mut self, key: &str, expected: &str, got: &str) {
        self.issues
            .items
            .push(format!("{key}: expected {expected}, got {got}"));
    }

    /// A string field; numbers and booleans are taken as their text (some writers put numeric
    /// ids), other types are noted and dropped.
    fn string<'v>(&mut self, key: &str, value: Loose<'v>) -> Option<std::borrow::Cow<'v, str>> {
        match value {
            Loose::Null => None,
            Loose::Str(s) => Some(s),
            Loose::Other(_) => {
                self.wrong_type(key, "a string", value.kind());
                None
            }
            scalar => scalar_text(&scalar).map(std::borrow::Cow::Owned),
        }
    }

    fn text(&mut self, key: &str, value: Loose<'_>) -> Option<Text> {
        self.string(key, value).map(Text::from)
    }

    fn interned(&mut self, key: &str, value: Loose<'_>) -> Option<Text> {
        let text = self.string(key, value)?;
        Some(self.interner.intern(&text))
    }

    fn flag(&mut self, key: &str, value: &Loose<'_>) -> bool {
        match value {
            Loose::Null => false,
            Loose::Bool(b) => *b,
            Loose::Str(s) => s.eq_ignore_ascii_case("true"),
            other => {
                self.wrong_type(key, "a boolean", other.kind());
                false
            }
        }
    }

    /// An epoch-ms timestamp; floats in range are truncated.
    fn timestamp(&mut self, key: &str, value: &Loose<'_>) -> Option<i64> {
        match value {
            Loose::Null => None,
            Loose::Int(i) => Some(*i),
            Loose::UInt(u) => {
                self.issues
                    .items
                    .push(format!("{key}: {u} is out of range"));
                None
            }
            Loose::Float(f) => {
                if f.is_finite() && f.abs() < 9.0e15 {
                    Some(*f as i64)
                } else {
                    let shown = serde_json::Number::from_f64(*f)
                        .map_or_else(|| f.to_string(), |n| n.to_string());
                    self.issues
                        .items
                        .push(format!("{key}: {shown} is out of range"));
                    None
                }
            }
            // Allure 2 (Jackson) reads a number written as a string.
            Loose::Str(text) if text.trim().parse::<i64>().is_ok() => {
                self.issues.items.push(format!(
                    "{key}: a number written as a string; read as the number"
                ));
                text.trim().parse().ok()
            }
            other => {
                self.wrong_type(key, "a number", other.kind());
                None
            }
        }
    }

    fn status(&mut self, key: &str, value: &Loose<'_>) -> Status {
        match value {
            Loose::Null => Status::Unknown,
            Loose::Str(s) => Status::parse(s),
            other => {
                self.wrong_type(key, "a string", other.kind());
                Status::Unknown
            }
        }
    }

    fn title_path(&mut self, value: Loose<'_>) -> Vec<Text> {
        match value {
            Loose::Null => Vec::new(),
            Loose::Other(serde_json::Value::Array(items)) => items
                .iter()
                .filter_map(|v| match v {
                    serde_json::Value::String(s) => Some(self.interner.intern(s)),
                    serde_json::Value::Number(n) => Some(Text::from(n.to_string())),
                    _ => None,
                })
                .collect(),
            other => {
                self.wrong_type("titlePath", "an array", other.kind());
                Vec::new()
            }
        }
    }

    fn details(&mut self, key: &str, value: LooseObj<DetailsDoc<'_>>) -> StatusDetails {
        match value {
            LooseObj::Null => StatusDetails::default(),
            LooseObj::Obj(d) => StatusDetails {
                message: self.text("message", d.message),
                trace: self.text("trace", d.trace),
                known: self.flag("known", &d.known),
                muted: self.flag("muted", &d.muted),
                flaky: self.flag("flaky", &d.flaky),
                actual: self.text("actual", d.actual),
                expected: self.text("expected", d.expected),
            },
            LooseObj::Wrong(kind) => {
                self.wrong_type(key, "an object", kind);
                StatusDetails::default()
            }
        }
    }

    /// The items of an array field, noting a field that is not an array.
    fn items<T>(&mut self, key: &str, list: LooseList<T>) -> Vec<LooseObj<T>> {
        if let LooseList::Wrong(kind) = list {
            self.wrong_type(key, "an array", kind);
        }
        list.items()
    }

    fn labels(&mut self, list: LooseList<LabelDoc<'_>>) -> Vec<Label> {
        let items = self.items("labels", list);
        let mut skipped = 0;
        let mut labels = Vec::with_capacity(items.len());
        for item in items {
            let label = match &item {
                LooseObj::Obj(LabelDoc {
                    name: Loose::Str(name),
                    value,
                }) => scalar_str(value).map(|value| Label {
                    name: self.interner.intern(name),
                    value: self.interner.intern(&value),
                }),
                _ => None,
            };
            match label {
                Some(label) => labels.push(label),
                None => skipped += 1,
            }
        }
        if skipped > 0 {
            self.issues.items.push(format!(
                "labels: {skipped} entries without a name/value skipped"
            ));
        }
        labels
    }

    fn links(&mut self, list: LooseList<LinkDoc<'_>>) -> Vec<Link> {
        let items = self.items("links", list);
        let mut skipped = 0;
        let mut links = Vec::new();
        for item in items {
            match item {
                // Allure 3 drops links without a url; we do the same.
                LooseObj::Obj(LinkDoc {
                    name,
                    url: Loose::Str(url),
                    kind,
                }) if !url.is_empty() => links.push(Link {
                    name: scalar_str(&name).map(|n| self.interner.intern(&n)),
                    url: self.interner.intern(&url),
                    kind: scalar_str(&kind).map(|k| self.interner.intern(&k)),
                }),
                LooseObj::Obj(_) => {}
                LooseObj::Null | LooseObj::Wrong(_) => skipped += 1,
            }
        }
        if skipped > 0 {
            self.issues
                .items
                .push(format!("links: {skipped} non-object entries skipped"));
        }
        links
    }

    fn parameters(&mut self, key: &str, list: LooseList<ParameterDoc<'_>>) -> Vec<Parameter> {
        let items = self.items(key, list);
        let mut skipped = 0;
        let mut parameters = Vec::with_capacity(items.len());
        for item in items {
            let LooseObj::Obj(p) = item else {
                skipped += 1;
                continue;
            };
            let mode = match &p.mode {
                Loose::Str(m) if m == "masked" => ParameterMode::Masked,
                Loose::Str(m) if m == "hidden" => ParameterMode::Hidden,
                _ => ParameterMode::Default,
            };
            let value = match &p.value {
                Loose::Null => None,
                Loose::Str(s) => Some(self.interner.intern(s)),
                Loose::Other(v) => Some(Text::from(v.to_string())),
                scalar => scalar_text(scalar).map(Text::from),
            };
            parameters.push(Parameter {
                name: scalar_str(&p.name).map_or_else(Text::default, |n| self.interner.intern(&n)),
                value,
                excluded: matches!(p.excluded, Loose::Bool(true)),
                mode,
            });
        }
        if skipped > 0 {
            self.issues
                .items
                .push(format!("{key}: {skipped} non-object entries skipped"));
        }
        parameters
    }

    fn attachments(&mut self, key: &str, list: LooseList<AttachmentDoc<'_>>) -> Vec<Attachment> {
        let items = self.items(key, list);
        let mut skipped = 0;
        let mut attachments = Vec::with_capacity(items.len());
        for item in items {
            let LooseObj::Obj(a) = item else {
                skipped += 1;
                continue;
            };
            let source = match &a.source {
                Loose::Str(s) if !s.is_empty() => Some(Text::from(s.as_ref())),
                _ => None,
            };
            attachments.push(Attachment {
                name: scalar_str(&a.name).map(|n| self.interner.intern(&n)),
                access: if source.is_some() {
                    AttachmentAccess::Missing
                } else {
                    AttachmentAccess::NoSource
                },
                source,
                mime: match &a.mime {
                    Loose::Str(m) => Some(self.interner.intern(m)),
                    _ => None,
                },
                declared_size: match a.size {
                    Loose::Int(n) => u64::try_from(n).ok(),
                    Loose::UInt(n) => Some(n),
                    _ => None,
                },
                file_size: None,
            });
        }
        if skipped > 0 {
            self.issues
                .items
                .push(format!("{key}: {skipped} non-object entries skipped"));
        }
        attachments
    }

    fn steps(&mut self, key: &str, list: LooseList<StepDoc<'_>>, depth: usize) -> Vec<Step> {
        let items = self.items(key, list);
        if depth > MAX_STEP_DEPTH {
            if !items.is_empty() {
                self.issues.items.push(format!(
                    "steps nested deeper than {MAX_STEP_DEPTH} levels were dropped"
                ));
            }
            return Vec::new();
        }
        let mut steps = Vec::with_capacity(items.len());
        for item in items {
            match item {
                LooseObj::Obj(doc) => steps.push(self.step(doc, depth)),
                LooseObj::Null => self.wrong_type(key, "an object", "null"),
                LooseObj::Wrong(kind) => self.wrong_type(key, "an object", kind),
            }
        }
        steps
    }

    /// Fixtures: like steps, but `null` entries are skipped without a note (adapters write
    /// them for fixtures that never ran).
    fn fixtures(&mut self, key: &str, list: LooseList<StepDoc<'_>>) -> Vec<Step> {
        if let LooseList::Wrong(_) = list {
            self.issues.items.push(format!("{key}: expected an array"));
        }
        let items = list.items();
        let mut steps = Vec::with_capacity(items.len());
        for item in items {
            match item {
                LooseObj::Obj(doc) => steps.push(self.step(doc, 1)),
                LooseObj::Null => {}
                LooseObj::Wrong(kind) => self.wrong_type(key, "an object", kind),
            }
        }
        steps
    }

    fn step(&mut self, doc: StepDoc<'_>, depth: usize) -> Step {
        Step {
            name: self
                .string("name", doc.name)
                .map_or_else(Text::default, |n| self.interner.intern(&n)),
            status: self.status("status", &doc.status),
            details: self.details("statusDetails", doc.status_details),
            start: self.timestamp("start", &doc.start),
            stop: self.timestamp("stop", &doc.stop),
            duration: None,
            parameters: self.parameters("parameters", doc.parameters),
            attachments: self.attachments("attachments", doc.attachments),
            steps: self.steps("steps", doc.steps, depth + 1),
        }
    }
}

/// The text of a scalar (string, number, boolean); `None` for null, arrays and objects.
fn scalar_text(value: &Loose<'_>) -> Option<String> {
    match value {
        Loose::Str(s) => Some(s.to_string()),
        Loose::Int(i) => Some(i.to_string()),
        Loose::UInt(u) => Some(u.to_string()),
        Loose::Float(f) => {
            Some(serde_json::Number::from_f64(*f).map_or_else(|| f.to_string(), |n| n.to_string()))
        }
        Loose::Bool(b) => Some(b.to_string()),
        Loose::Null | Loose::Other(_) => None,
    }
}

/// [`scalar_text`], borrowing a string.
fn scalar_str<'a>(value: &'a Loose<'_>) -> Option<std::borrow::Cow<'a, str>> {
    match value {
        Loose::Str(s) => Some(std::borrow::Cow::Borrowed(s.as_ref())),
        other => scalar_text(other).map(std::borrow::Cow::Owned),
    }
}
