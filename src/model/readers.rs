//! Readers of the input kinds that are not Allure 2 results: `JUnit` XML, Allure 1 test suites
//! (XML and JSON), Cucumber JSON, TRX and xUnit.net v2 XML. Each is a pure function from a
//! file's bytes to results; `dotnet` tells the two .NET formats apart from other XML.
//!
//! A reader parses everything at once: the results it returns carry their body (steps,
//! attachments) already set, so they are never read again. Attachments that name a file
//! (Allure 1) come back as [`AttachmentAccess::Missing`](super::result::AttachmentAccess) for
//! the caller to check against its directory or archive; bytes carried by the file itself
//! (Cucumber embeddings, `JUnit` `system-out`) come back as
//! [`AttachmentAccess::Inline`](super::result::AttachmentAccess).
//!
//! Results come back in attempt order: when several results are attempts of one test (`JUnit`
//! reruns), earlier attempts come first and, where the file gives a start time, have earlier
//! starts. The caller must keep that order (Allure's retry rule gives ties to the later-read
//! result). Nothing here crashes on bad input: every problem is a line in
//! [`ReaderOutput::issues`], and what could be read is kept. No terminal dependencies.

pub mod allure1;
pub mod cucumber;
pub mod dotnet;
pub mod junit;
mod limits;
mod logs;
mod timestamp;
pub mod trx;
mod xml_doc;
mod xml_text;
pub mod xunit_net;

#[cfg(test)]
mod answers;

pub use limits::{MAX_RESULTS_PER_FILE, MAX_TEXT_BYTES, MAX_XML_DEPTH};
pub use timestamp::parse_timestamp;
pub use xml_text::root_element;

use super::result::TestResult;

/// What a reader made of one file.
#[derive(Debug, Default)]
pub struct ReaderOutput {
    /// The results, in attempt order (see the module documentation), bodies set.
    pub results: Vec<TestResult>,
    /// What was wrong with the file, one line per problem, without the file name (the caller
    /// adds it). Problems of the whole file and of single results alike.
    pub issues: Vec<String>,
}
