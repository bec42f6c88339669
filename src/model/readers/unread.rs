//! Test report formats that Allure 2 reads and this product does not: TRX (`*.trx`, from
//! `dotnet test --logger trx` and Visual Studio; Allure 2's `trx-plugin`) and xUnit.net v2 XML
//! (an `*.xml` whose root is `<assemblies>`; Allure 2's `xunit-xml-plugin`). Both plugins are
//! on in Allure 2's default `allure.yml`; Allure 3 reads neither.
//!
//! Such a file is never passed over quietly: its tests would be missing from the totals (and
//! from `--fail-on`), so it gets a warning naming the format and how many test results it
//! holds, and a path holding nothing else says so in its exit-2 line. No terminal dependencies.

use quick_xml::events::Event;
use quick_xml::Reader;

/// A format this product recognizes but does not read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnreadFormat {
    /// Visual Studio / `dotnet test` TRX: root `<TestRun>`, one `<UnitTestResult>` per result.
    Trx,
    /// xUnit.net v2 XML: root `<assemblies>`, one `<test>` per result.
    XunitNet,
}

impl UnreadFormat {
    /// The format of a file, from its name and its first bytes; `None` for anything else.
    #[must_use]
    pub fn of(name: &str, head: &[u8]) -> Option<UnreadFormat> {
        let ext = std::path::Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match (ext.as_deref(), root_element(head).as_deref()) {
            (Some("trx"), _) | (Some("xml"), Some(b"TestRun")) => Some(UnreadFormat::Trx),
            (Some("xml"), Some(b"assemblies")) => Some(UnreadFormat::XunitNet),
            _ => None,
        }
    }

    /// What it is, for messages: `a TRX report (dotnet test, Visual Studio)`.
    #[must_use]
    pub fn what(self) -> &'static str {
        match self {
            UnreadFormat::Trx => "a TRX report (dotnet test, Visual Studio)",
            UnreadFormat::XunitNet => "an xUnit.net v2 XML report",
        }
    }

    /// The warning for a whole file: what it is, how many test results it holds, and that
    /// they are not counted.
    #[must_use]
    pub fn warning(self, bytes: &[u8]) -> String {
        let element: &[u8] = match self {
            UnreadFormat::Trx => b"<UnitTestResult",
            UnreadFormat::XunitNet => b"<test ",
        };
        let count = memchr::memmem::find_iter(bytes, element).count();
        format!(
            "{} with {count} test result{}: not read, so they are missing from the totals \
             (Allure 2 reads this format; allure-tui does not yet)",
            self.what(),
            if count == 1 { "" } else { "s" }
        )
    }
}

/// The local name of the document's root element, from the first 64 KiB at most.
fn root_element(bytes: &[u8]) -> Option<Vec<u8>> {
    let head = &bytes[..bytes.len().min(64 * 1024)];
    let mut reader = Reader::from_reader(head);
    loop {
        match reader.read_event() {
            Ok(Event::Start(e) | Event::Empty(e)) => return Some(e.local_name().as_ref().to_vec()),
            Ok(Event::Eof) | Err(_) => return None,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRX: &str = r#"<?xml version="1.0" encoding="utf-8"?>
<TestRun id="1" xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">
  <Results>
    <UnitTestResult testName="Adds" outcome="Passed" />
    <UnitTestResult testName="Divides" outcome="Failed" />
  </Results>
</TestRun>"#;

    const XUNIT: &str = r#"<assemblies><assembly name="Calc.Tests.dll">
  <collection name="Calc"><test name="Calc.Adds" result="Pass" time="0.01" />
  <test name="Calc.Divides" result="Fail" time="0.02"><failure><message>boom</message></failure></test>
  <test name="Calc.Skips" result="Skip" time="0" /></collection></assembly></assemblies>"#;

    #[test]
    fn trx_is_told_by_its_extension_or_its_root() {
        assert_eq!(
            UnreadFormat::of("run.trx", TRX.as_bytes()),
            Some(UnreadFormat::Trx)
        );
        assert_eq!(UnreadFormat::of("run.TRX", b""), Some(UnreadFormat::Trx));
        assert_eq!(
            UnreadFormat::of("run.xml", TRX.as_bytes()),
            Some(UnreadFormat::Trx)
        );
        let warning = UnreadFormat::Trx.warning(TRX.as_bytes());
        assert!(warning.starts_with("a TRX report"), "{warning}");
        assert!(
            warning.contains("with 2 test results: not read, so they are missing"),
            "{warning}"
        );
    }

    #[test]
    fn xunit_net_is_told_by_its_root() {
        assert_eq!(
            UnreadFormat::of("results.xml", XUNIT.as_bytes()),
            Some(UnreadFormat::XunitNet)
        );
        let warning = UnreadFormat::XunitNet.warning(XUNIT.as_bytes());
        assert!(
            warning.contains("xUnit.net v2 XML report with 3 test results"),
            "{warning}"
        );
    }

    #[test]
    fn other_files_are_none_of_these() {
        for (name, text) in [
            ("TEST-x.xml", "<testsuite name=\"x\"/>"),
            ("pom.xml", "<project/>"),
            ("notes.json", "[]"),
            ("broken.xml", "<<<"),
            ("assemblies.json", "<assemblies/>"),
        ] {
            assert_eq!(UnreadFormat::of(name, text.as_bytes()), None, "{name}");
        }
    }
}
