//! An Allure 1 test suite as written, whichever the file's form (XML or JSON): the model of
//! `ru.yandex.qatools.allure.model` (`TestSuiteResult`, `TestCaseResult`, `Step`,
//! `Attachment`) that Allure 2's `Allure1Plugin` reads. No terminal dependencies.

/// A `<description>`: its text and whether its `type` is `html`.
#[derive(Debug, Default, Clone)]
pub struct DescriptionDoc {
    /// The text.
    pub value: String,
    /// `type="html"` (else text or markdown).
    pub html: bool,
}

/// An attachment reference.
#[derive(Debug, Default, Clone)]
pub struct AttachmentDoc {
    /// `title`.
    pub title: Option<String>,
    /// `source`: a file name in the same directory.
    pub source: Option<String>,
    /// `type` (MIME).
    pub mime: Option<String>,
    /// `size` in bytes.
    pub size: Option<u64>,
}

/// A step.
#[derive(Debug, Default, Clone)]
pub struct StepDoc {
    /// `name`.
    pub name: Option<String>,
    /// `title` (shown instead of the name when present).
    pub title: Option<String>,
    /// `status` as written.
    pub status: Option<String>,
    /// `start`, epoch ms.
    pub start: Option<i64>,
    /// `stop`, epoch ms.
    pub stop: Option<i64>,
    /// Nested steps.
    pub steps: Vec<StepDoc>,
    /// Attachments.
    pub attachments: Vec<AttachmentDoc>,
}

/// A parameter: `kind` is `argument` (or absent), `environment-variable` or `system-property`.
#[derive(Debug, Default, Clone)]
pub struct ParameterDoc {
    /// `name`.
    pub name: Option<String>,
    /// `value`.
    pub value: Option<String>,
    /// `kind` as written.
    pub kind: Option<String>,
}

/// A test case.
#[derive(Debug, Default, Clone)]
pub struct CaseDoc {
    /// `name`.
    pub name: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<DescriptionDoc>,
    /// `status` as written.
    pub status: Option<String>,
    /// `start`, epoch ms.
    pub start: Option<i64>,
    /// `stop`, epoch ms.
    pub stop: Option<i64>,
    /// `failure/message`.
    pub message: Option<String>,
    /// `failure/stack-trace`.
    pub trace: Option<String>,
    /// Steps.
    pub steps: Vec<StepDoc>,
    /// Attachments.
    pub attachments: Vec<AttachmentDoc>,
    /// Labels `(name, value)`.
    pub labels: Vec<(String, String)>,
    /// Parameters.
    pub parameters: Vec<ParameterDoc>,
}

/// A test suite.
#[derive(Debug, Default, Clone)]
pub struct SuiteDoc {
    /// `name`.
    pub name: Option<String>,
    /// `title`.
    pub title: Option<String>,
    /// `description`.
    pub description: Option<DescriptionDoc>,
    /// Labels `(name, value)`, shared by its test cases.
    pub labels: Vec<(String, String)>,
    /// Test cases.
    pub cases: Vec<CaseDoc>,
}
