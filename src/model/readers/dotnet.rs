//! Telling the two .NET report formats apart from other XML: TRX (`*.trx`, or any `*.xml` whose
//! root is `<TestRun>`; read by `trx.rs`) and xUnit.net v2 XML (an `*.xml` whose root is
//! `<assemblies>`; read by `xunit_net.rs`). Allure 2 reads both with plugins on by default
//! (`trx-plugin`, `xunit-xml-plugin`); Allure 3 reads neither. No terminal dependencies.

use super::xml_text::root_element;

/// A .NET test report format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DotnetFormat {
    /// Visual Studio / `dotnet test` TRX: root `<TestRun>`, one `<UnitTestResult>` per result.
    Trx,
    /// xUnit.net v2 XML: root `<assemblies>`, one `<test>` per result.
    XunitNet,
}

impl DotnetFormat {
    /// The format of a file, from its name and its first bytes; `None` for anything else.
    #[must_use]
    pub fn of(name: &str, head: &[u8]) -> Option<DotnetFormat> {
        Self::from_root(name, root_element(head).as_deref())
    }

    /// The format of a file, from its name and its root element's local name (see
    /// [`root_element`]), for callers that read the root once for several kinds.
    #[must_use]
    pub fn from_root(name: &str, root: Option<&[u8]>) -> Option<DotnetFormat> {
        let ext = std::path::Path::new(name)
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match (ext.as_deref(), root) {
            (Some("trx"), _) | (Some("xml"), Some(b"TestRun")) => Some(DotnetFormat::Trx),
            (Some("xml"), Some(b"assemblies")) => Some(DotnetFormat::XunitNet),
            _ => None,
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
            DotnetFormat::of("run.trx", TRX.as_bytes()),
            Some(DotnetFormat::Trx)
        );
        assert_eq!(DotnetFormat::of("run.TRX", b""), Some(DotnetFormat::Trx));
        assert_eq!(
            DotnetFormat::of("run.xml", TRX.as_bytes()),
            Some(DotnetFormat::Trx)
        );
    }

    #[test]
    fn xunit_net_is_told_by_its_root() {
        assert_eq!(
            DotnetFormat::of("results.xml", XUNIT.as_bytes()),
            Some(DotnetFormat::XunitNet)
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
            assert_eq!(DotnetFormat::of(name, text.as_bytes()), None, "{name}");
        }
    }
}
