//! What the paths given on the command line are, resolved into the places results are read
//! from: `allure-results` directories, generated Allure 2 and 3 reports, and archives or trees
//! holding any number of them.
//!
//! Detection is by content, not by flag: an archive by its magic bytes, a report by its own
//! index files (`data/test-cases/` and `widgets/` for Allure 2; `summary.json` and
//! `test-results.json` for Allure 3), a results directory by the files Allure adapters write
//! (Allure 1's `*-testsuite.xml/json` included), and a directory or file of other reports by
//! their content: `JUnit` XML by a `<testsuites>`/`<testsuite>` root, Cucumber JSON by an array
//! of features. A directory that is none of these is searched (like Allure 3's `**/allure-results`) for the
//! results directories and reports below it. A single-file Allure 3 report is named as such in
//! a clear error, never misread. No terminal dependencies.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::readers::allure1::is_allure1_file;
use super::readers::cucumber::is_cucumber_json;
use super::readers::dotnet::DotnetFormat;
use super::readers::junit::is_junit_root;
use super::readers::root_element;
use super::source::archive::ArchiveLimits;
use super::source::file::FileSource;
use super::source::tar::{is_gzip, is_tar, TarSource};
use super::source::zip::ZipSource;
use super::source::{join, DirSource, EntryInfo, EntryKind, Source};
use super::warning::Warning;

/// How deep below a given directory results directories are searched for.
pub const MAX_SEARCH_DEPTH: usize = 10;

/// What a place holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LocationKind {
    /// An `allure-results` directory (Allure 2+ or Allure 1 results; `JUnit` XML and Cucumber
    /// JSON mixed into it are read too, as both Allure CLIs do).
    Results,
    /// A directory (or one file) of `JUnit` XML reports and nothing of Allure's.
    Junit,
    /// A directory (or one file) of Cucumber JSON reports and nothing of Allure's.
    Cucumber,
    /// A directory (or one file) of .NET reports (TRX, xUnit.net v2 XML) and nothing of
    /// Allure's.
    Dotnet,
    /// A generated Allure 2 report.
    Allure2Report,
    /// A generated Allure 3 report.
    Allure3Report,
}

impl LocationKind {
    /// A short name for messages.
    #[must_use]
    pub fn noun(self) -> &'static str {
        match self {
            LocationKind::Results => "result directory",
            LocationKind::Junit => "JUnit XML directory",
            LocationKind::Cucumber => "Cucumber JSON directory",
            LocationKind::Dotnet => "TRX / xUnit.net directory",
            LocationKind::Allure2Report => "Allure 2 report",
            LocationKind::Allure3Report => "Allure 3 report",
        }
    }

    /// True for the kinds read file by file from a directory (not a generated report).
    #[must_use]
    pub fn is_results(self) -> bool {
        matches!(
            self,
            LocationKind::Results
                | LocationKind::Junit
                | LocationKind::Cucumber
                | LocationKind::Dotnet
        )
    }

    /// True for inputs that carry no Allure identity (`JUnit` XML, Cucumber JSON): a test
    /// plan's selectors match nothing an adapter runs from them.
    #[must_use]
    pub fn is_foreign(self) -> bool {
        matches!(
            self,
            LocationKind::Junit | LocationKind::Cucumber | LocationKind::Dotnet
        )
    }
}

/// One place results are read from.
#[derive(Clone)]
pub struct Location {
    /// The tree it is in.
    pub source: Arc<dyn Source>,
    /// Its directory within the source (`""` is the source's root).
    pub dir: String,
    /// What it holds.
    pub kind: LocationKind,
}

impl std::fmt::Debug for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Location({:?}, {})", self.kind, self.label().display())
    }
}

impl Location {
    /// The place as a person finds it: a path on disk, or `archive.zip!/dir`.
    #[must_use]
    pub fn label(&self) -> PathBuf {
        PathBuf::from(self.source.describe(&self.dir))
    }

    /// The path of a file of this place within its source.
    #[must_use]
    pub fn path(&self, name: &str) -> String {
        join(&self.dir, name)
    }
}

/// Everything the given paths hold.
#[derive(Debug, Default, Clone)]
pub struct Inputs {
    /// The places, in the order given (and, within one path, in name order).
    pub locations: Vec<Location>,
    /// Directories that hold no results at all, each with what was looked for and found. An
    /// empty `allure-results` is common (a build that failed before its tests): it is not an
    /// error among other inputs; alone, the launch has no tests.
    pub empty: Vec<(PathBuf, String)>,
    /// What the source itself said (hostile archive entries and the like).
    pub warnings: Vec<Warning>,
    /// What each given path was, e.g. `ci.zip: zip, 2 result directories`.
    pub described: Vec<InputRead>,
    /// Each location's listing, as made while it was found (same order as `locations`): the
    /// loader reuses it instead of listing 150,000 files a second time.
    pub listings: Vec<Vec<EntryInfo>>,
}

/// What one given path was: shown as `path: what` (`ci.zip: zip, 2 result directories`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InputRead {
    /// The path as given.
    pub path: String,
    /// What it held: `zip, 2 result directories`, `JUnit XML file`, `no results`.
    pub what: String,
}

impl InputRead {
    /// True for the everyday input, one `allure-results` directory: nothing to point out.
    #[must_use]
    pub fn is_plain_results_dir(&self) -> bool {
        self.what == format!("1 {}", LocationKind::Results.noun())
    }
}

impl std::fmt::Display for InputRead {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.path, self.what)
    }
}

/// Why a path cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputError {
    /// Nothing at the path.
    NotFound(PathBuf),
    /// It exists but holds nothing this product reads; says what was looked for and found.
    NotAnInput(PathBuf, String),
    /// It could not be read at all.
    Unreadable(PathBuf, String),
}

impl std::fmt::Display for InputError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            InputError::NotFound(p) => write!(f, "no such file or directory: {}", p.display()),
            InputError::NotAnInput(p, why) => write!(f, "{}: {why}", p.display()),
            InputError::Unreadable(p, why) => write!(f, "cannot read {}: {why}", p.display()),
        }
    }
}

impl std::error::Error for InputError {}

/// Resolves every given path.
pub fn resolve(paths: &[PathBuf], limits: ArchiveLimits) -> Result<Inputs, InputError> {
    let mut inputs = Inputs::default();
    for path in paths {
        let (source, kind_label) = open_source(path, limits)?;
        inputs.warnings.extend(source.warnings());
        let found = find_locations(&source, "")
            .map_err(|e| InputError::Unreadable(path.clone(), e.to_string()))?;
        if found.is_empty() {
            let reason = not_found_reason(&source);
            if kind_label == "directory" {
                inputs.described.push(InputRead {
                    path: path.display().to_string(),
                    what: "no results".to_owned(),
                });
                inputs.empty.push((path.clone(), reason));
                continue;
            }
            return Err(InputError::NotAnInput(path.clone(), reason));
        }
        inputs.described.push(describe(path, kind_label, &found));
        let is_report = |l: &Location| {
            matches!(
                l.kind,
                LocationKind::Allure2Report | LocationKind::Allure3Report
            )
        };
        if found.iter().any(|(l, _)| is_report(l)) && found.iter().any(|(l, _)| !is_report(l)) {
            // A project's folder often holds allure-results and the report made from them:
            // read together, each test counts twice.
            inputs.warnings.push(Warning::new(
                path.display().to_string(),
                "holds both generated reports and results, read as one launch: a report made \
                 from those results counts their tests twice (open the one you mean)",
            ));
        }
        for (location, listing) in found {
            inputs.locations.push(location);
            inputs.listings.push(listing);
        }
    }
    Ok(inputs)
}

/// `ci.zip: zip, 2 result directories` / `allure-report: Allure 2 report`.
fn describe(path: &Path, kind: &str, found: &[(Location, Vec<EntryInfo>)]) -> InputRead {
    let mut counts: Vec<(LocationKind, usize)> = Vec::new();
    for (location, _) in found {
        match counts.iter_mut().find(|(k, _)| *k == location.kind) {
            Some(entry) => entry.1 += 1,
            None => counts.push((location.kind, 1)),
        }
    }
    let parts: Vec<String> = counts
        .iter()
        .map(|(kind, n)| match (kind.noun(), n) {
            (noun, 1) => format!("1 {noun}"),
            (noun, n) => match noun.strip_suffix("directory") {
                Some(stem) => format!("{n} {stem}directories"),
                None => format!("{n} {noun}s"),
            },
        })
        .collect();
    if kind == "file" {
        let what = match found.first().map(|(l, _)| l.kind) {
            Some(LocationKind::Junit) => "JUnit XML file",
            Some(LocationKind::Cucumber) => "Cucumber JSON file",
            Some(LocationKind::Dotnet) => "TRX / xUnit.net XML file",
            _ => "Allure 1 results file",
        };
        return InputRead {
            path: path.display().to_string(),
            what: what.to_owned(),
        };
    }
    let prefix = if kind == "directory" {
        String::new()
    } else {
        format!("{kind}, ")
    };
    InputRead {
        path: path.display().to_string(),
        what: format!("{prefix}{}", parts.join(", ")),
    }
}

/// The tree a path is: itself (a directory) or the archive it is.
fn open_source(
    path: &Path,
    limits: ArchiveLimits,
) -> Result<(Arc<dyn Source>, &'static str), InputError> {
    let meta = std::fs::metadata(path).map_err(|_| InputError::NotFound(path.to_owned()))?;
    if meta.is_dir() {
        return Ok((Arc::new(DirSource::new(path.to_owned())), "directory"));
    }
    let mut head = vec![0u8; 512];
    let read = std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read(&mut f, &mut head))
        .map_err(|e| InputError::Unreadable(path.to_owned(), e.to_string()))?;
    head.truncate(read);
    let unreadable = |e: std::io::Error| InputError::Unreadable(path.to_owned(), e.to_string());
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        let source = ZipSource::open(path, limits).map_err(unreadable)?;
        return Ok((Arc::new(source), "zip"));
    }
    if is_gzip(&head) {
        let source = TarSource::open(path, true, limits).map_err(|e| {
            InputError::Unreadable(
                path.to_owned(),
                format!("a gzip file that is not a readable tar archive ({e})"),
            )
        })?;
        return Ok((Arc::new(source), "tar.gz"));
    }
    if is_tar(&head) {
        let source = TarSource::open(path, false, limits).map_err(unreadable)?;
        return Ok((Arc::new(source), "tar"));
    }
    if is_single_file_input(path) {
        if let Some(source) = FileSource::new(path) {
            return Ok((Arc::new(source), "file"));
        }
    }
    Err(InputError::NotAnInput(
        path.to_owned(),
        single_file_reason(path, &head),
    ))
}

/// True for a file that is an input on its own: a `JUnit` XML or Cucumber JSON report, or an
/// Allure 1 test suite (told by its name, as Allure 2 tells it).
fn is_single_file_input(path: &Path) -> bool {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
    if is_allure1_file(name) {
        return true;
    }
    file_head(path).is_some_and(|head| {
        let root = root_element(&head);
        root.as_deref().is_some_and(is_junit_root)
            || DotnetFormat::from_root(name, root.as_deref()).is_some()
            || is_cucumber_json(&head)
    })
}

/// The first [`SNIFF_BYTES`] of a file on disk.
fn file_head(path: &Path) -> Option<Vec<u8>> {
    let file = std::fs::File::open(path).ok()?;
    let mut head = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(file, SNIFF_BYTES), &mut head).ok()?;
    Some(head)
}

/// Why a single-file report cannot be read.
pub const SINGLE_FILE_REPORT: &str = "a single-file Allure report (everything embedded in index.html) cannot be read: open the allure-results it was generated from, or a report generated without singleFile";

/// True when the start of an HTML file is an Allure report's page: Allure 2 names itself in
/// a meta tag, Allure 3.18 in its `allureReportOptions` script a few KiB in; Allure 3 betas put
/// their scripts after megabytes of embedded data, so their `<title>` (`Allure Report`) is
/// what the head shows.
fn is_allure_page(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(head);
    let title = text
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(title, _)| title.trim());
    text.contains("<html")
        && (text.contains("allureReportOptions")
            || text.contains("allure-report-uuid")
            || title == Some("Allure Report"))
}

/// Names beside a report's `index.html` that only a multi-file report has: a page with any
/// of them is not a single-file report (its data may be missing). `summary.json` is not one:
/// Allure 3 writes it beside a single-file page too.
fn is_report_part(name: &str) -> bool {
    matches!(
        name,
        "data" | "widgets" | "assets" | "history" | "export" | "plugin"
    ) || has_extension(name, "js")
        || has_extension(name, "css")
}

/// Why a directory holding an Allure report's page but nothing we read cannot be opened:
/// a single-file report when the page is alone (or has only its `summary.json` beside it),
/// else a generated report missing its data.
fn page_only_reason<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let parts: Vec<&str> = names.filter(|n| is_report_part(n)).collect();
    if parts.is_empty() {
        return SINGLE_FILE_REPORT.to_owned();
    }
    format!(
        "an incomplete generated Allure report: it has index.html and {}, but not the data a \
         report is read from (an Allure 2 report's data/test-cases/ and widgets/, an Allure 3 \
         report's summary.json with test-results.json or widgets/nav.json)",
        parts.join(", ")
    )
}

/// Why a file that is not an archive cannot be opened on its own.
fn single_file_reason(path: &Path, head: &[u8]) -> String {
    let text = String::from_utf8_lossy(head);
    if path.file_name().is_some_and(|n| n == "index.html") || text.contains("<html") {
        if file_head(path).is_some_and(|page| is_allure_page(&page)) {
            // A multi-file report's page: its folder is what to open.
            let parent = path.parent().filter(|p| !p.as_os_str().is_empty());
            let siblings: Vec<String> = parent
                .and_then(|p| std::fs::read_dir(p).ok())
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            if let (Some(parent), true) = (parent, siblings.iter().any(|n| is_report_part(n))) {
                return format!(
                    "the page of a generated Allure report: open its folder, {}",
                    parent.display()
                );
            }
            return SINGLE_FILE_REPORT.to_owned();
        }
        return "an HTML file is not an Allure input".to_owned();
    }
    "not an Allure input: expected an allure-results directory, a generated Allure 2 or 3 report, a JUnit XML, TRX, xUnit.net or Cucumber JSON report, an Allure 1 *-testsuite.xml/json, or a .zip, .tar or .tar.gz holding any of them".to_owned()
}

/// The locations in a directory of a source: the directory itself when it is one, else every
/// one found below it (not below a location already found); each with its listing.
pub fn find_locations(
    source: &Arc<dyn Source>,
    dir: &str,
) -> std::io::Result<Vec<(Location, Vec<EntryInfo>)>> {
    let mut found = Vec::new();
    let mut stack = vec![(dir.to_owned(), 0usize)];
    let mut visited = 0usize;
    while let Some((dir, depth)) = stack.pop() {
        visited += 1;
        if visited > 100_000 {
            break;
        }
        let entries = match source.list(&dir) {
            Ok(entries) => entries,
            // A subdirectory that cannot be listed is skipped; the given one must be readable.
            Err(e) if depth == 0 => return Err(e),
            Err(_) => continue,
        };
        if let Some(kind) = classify(source.as_ref(), &dir, &entries) {
            found.push((
                Location {
                    source: source.clone(),
                    dir,
                    kind,
                },
                entries,
            ));
            continue;
        }
        if depth >= MAX_SEARCH_DEPTH {
            continue;
        }
        let mut subdirs: Vec<&EntryInfo> = entries
            .iter()
            .filter(|e| e.kind == EntryKind::Dir && !e.name.starts_with('.'))
            .collect();
        // Reverse name order on the stack: found in name order.
        subdirs.sort_by(|a, b| b.name.cmp(&a.name));
        for sub in subdirs {
            stack.push((join(&dir, &sub.name), depth + 1));
        }
    }
    Ok(found)
}

/// What a directory is, from its listing.
fn classify(source: &dyn Source, dir: &str, entries: &[EntryInfo]) -> Option<LocationKind> {
    let has_file = |name: &str| {
        entries
            .iter()
            .any(|e| e.kind == EntryKind::File && e.name == name)
    };
    let has_dir = |name: &str| {
        entries
            .iter()
            .any(|e| e.kind == EntryKind::Dir && e.name == name)
    };
    // An Allure 3 report indexes its results in test-results.json (3.18); older ones (3.13)
    // only in widgets/nav.json.
    let has_nav = || {
        has_dir("widgets")
            && source.list(&join(dir, "widgets")).is_ok_and(|w| {
                w.iter()
                    .any(|e| e.kind == EntryKind::File && e.name == "nav.json")
            })
    };
    if has_file("summary.json") && (has_file("test-results.json") || has_nav()) {
        return Some(LocationKind::Allure3Report);
    }
    if has_dir("data") && has_dir("widgets") {
        let test_cases = source.list(&join(dir, "data")).is_ok_and(|d| {
            d.iter()
                .any(|e| e.kind == EntryKind::Dir && e.name == "test-cases")
        });
        if test_cases {
            return Some(LocationKind::Allure2Report);
        }
    }
    let results = entries.iter().any(|e| {
        e.kind == EntryKind::File
            && (e.name.ends_with("-result.json")
                || e.name.ends_with("-container.json")
                || is_allure1_file(&e.name))
    });
    if results {
        return Some(LocationKind::Results);
    }
    sniff_reports(source, dir, entries)
}

/// How many bytes of a file are read to tell what it is.
const SNIFF_BYTES: u64 = 64 * 1024;

/// How many files of one directory are opened to tell whether it holds reports: a directory of
/// other XML or JSON (a project's sources) is given up on after these.
const MAX_SNIFFED_FILES: usize = 64;

/// A directory with nothing of Allure's: `JUnit` when one of its `*.xml` files has a
/// `<testsuites>`/`<testsuite>` root, Cucumber when one of its `*.json` is an array of features,
/// else [`LocationKind::Dotnet`] when it holds a TRX or xUnit.net report.
fn sniff_reports(source: &dyn Source, dir: &str, entries: &[EntryInfo]) -> Option<LocationKind> {
    let files = entries
        .iter()
        .filter(|e| e.kind == EntryKind::File)
        .map(|e| e.name.as_str());
    // A `.trx` is told by its name, without opening it: found however many other files there
    // are.
    let mut dotnet = files.clone().any(|n| has_extension(n, "trx"));
    let mut names: Vec<&str> = files
        .filter(|n| has_extension(n, "xml") || has_extension(n, "json"))
        .collect();
    // `TEST-*.xml` (Surefire, Gradle) first: found at the first file opened.
    names.sort_by_key(|n| (!n.starts_with("TEST-"), !has_extension(n, "xml"), *n));
    for name in names.into_iter().take(MAX_SNIFFED_FILES) {
        let Some(head) = read_head(source, &join(dir, name)) else {
            continue;
        };
        if has_extension(name, "xml") {
            let root = root_element(&head);
            if root.as_deref().is_some_and(is_junit_root) {
                return Some(LocationKind::Junit);
            }
            dotnet |= DotnetFormat::from_root(name, root.as_deref()).is_some();
        } else if is_cucumber_json(&head) {
            return Some(LocationKind::Cucumber);
        }
    }
    dotnet.then_some(LocationKind::Dotnet)
}

/// True when `name` ends with `.ext`, in any case.
#[must_use]
pub fn has_extension(name: &str, ext: &str) -> bool {
    Path::new(name)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(ext))
}

/// The first [`SNIFF_BYTES`] of a file of a source.
fn read_head(source: &dyn Source, path: &str) -> Option<Vec<u8>> {
    let reader = source.open(path).ok()?;
    let mut head = Vec::new();
    std::io::Read::read_to_end(&mut std::io::Read::take(reader, SNIFF_BYTES), &mut head).ok()?;
    Some(head)
}

/// What was looked for, and what was there instead, for a source holding no input.
fn not_found_reason(source: &Arc<dyn Source>) -> String {
    let listing = source.list("").unwrap_or_default();
    let single_file = listing.iter().any(|e| {
        e.kind == EntryKind::File
            && e.name == "index.html"
            && read_head(source.as_ref(), "index.html").is_some_and(|h| is_allure_page(&h))
    });
    if single_file {
        return page_only_reason(
            listing
                .iter()
                .map(|e| e.name.as_str())
                .filter(|n| *n != "index.html"),
        );
    }
    let mut names: Vec<&str> = listing.iter().map(|e| e.name.as_str()).collect();
    names.sort_unstable();
    let shown: Vec<&str> = names.iter().take(5).copied().collect();
    let skipped = source.warnings();
    let found = if names.is_empty() && !skipped.is_empty() {
        // An archive whose every entry was refused: say why, not "empty".
        format!(
            "nothing in it can be read ({} entr{} skipped; {}: {})",
            skipped.len(),
            if skipped.len() == 1 { "y" } else { "ies" },
            skipped[0].file,
            skipped[0].reason
        )
    } else if names.is_empty() {
        "it is empty".to_owned()
    } else {
        format!(
            "found {}{}",
            shown.join(", "),
            if names.len() > shown.len() {
                format!(" and {} more", names.len() - shown.len())
            } else {
                String::new()
            }
        )
    };
    format!(
        "no Allure results or report here or below (looked for *-result.json, *-container.json, Allure 1 *-testsuite.xml/json, JUnit XML, TRX, xUnit.net XML, Cucumber JSON, an Allure 2 report's data/test-cases/ and widgets/, an Allure 3 report's summary.json and test-results.json); {found}"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::test_support::TempDir;

    #[test]
    fn a_results_directory_is_itself() {
        let dir = TempDir::new();
        dir.write("a-result.json", "{}");
        let inputs = resolve(&[dir.path().to_owned()], ArchiveLimits::default()).unwrap();
        assert_eq!(inputs.locations.len(), 1);
        assert_eq!(inputs.locations[0].kind, LocationKind::Results);
        assert_eq!(inputs.locations[0].dir, "");
    }

    #[test]
    fn a_tree_of_artifacts_finds_every_results_directory_and_report() {
        let dir = TempDir::new();
        dir.write("linux/allure-results/a-result.json", "{}");
        dir.write("windows/allure-results/b-container.json", "{}");
        dir.write("windows/allure-results/nested/c-result.json", "{}");
        dir.write("report/data/test-cases/x.json", "{}");
        dir.write("report/widgets/summary.json", "{}");
        dir.write("report3/summary.json", "{}");
        dir.write("report3/test-results.json", "{}");
        dir.write("notes/readme.txt", "hi");
        let inputs = resolve(&[dir.path().to_owned()], ArchiveLimits::default()).unwrap();
        let found: Vec<(String, LocationKind)> = inputs
            .locations
            .iter()
            .map(|l| (l.dir.clone(), l.kind))
            .collect();
        assert_eq!(
            found,
            [
                ("linux/allure-results".to_owned(), LocationKind::Results),
                ("report".to_owned(), LocationKind::Allure2Report),
                ("report3".to_owned(), LocationKind::Allure3Report),
                ("windows/allure-results".to_owned(), LocationKind::Results),
            ]
        );
        assert!(
            inputs.described[0]
                .to_string()
                .ends_with(": 2 result directories, 1 Allure 2 report, 1 Allure 3 report"),
            "{:?}",
            inputs.described
        );
    }

    /// A zip whose every entry is refused says why in its one line, not "no directory".
    #[test]
    fn an_archive_with_nothing_readable_says_why() {
        let dir = TempDir::new();
        let path = dir.path().join("ci.zip");
        // Method 12 (bzip2, not built in) in the local and the central header.
        let entries: [(&str, &[u8], u16); 1] = [("allure-results/a-result.json", b"{}", 12)];
        std::fs::write(
            &path,
            crate::test_support::hand_zip_with_methods(&entries, 0),
        )
        .unwrap();
        let Err(InputError::NotAnInput(_, reason)) = resolve(&[path], ArchiveLimits::default())
        else {
            panic!("an archive with nothing readable is not an input");
        };
        assert!(
            reason.contains("nothing in it can be read (1 entry skipped")
                && reason.contains("which is not supported"),
            "{reason}"
        );
    }

    #[test]
    fn nothing_readable_says_what_was_looked_for_and_found() {
        let dir = TempDir::new();
        dir.write("notes.txt", "hi");
        let inputs = resolve(&[dir.path().to_owned()], ArchiveLimits::default()).unwrap();
        assert!(inputs.locations.is_empty());
        let text = &inputs.empty[0].1;
        assert!(
            text.contains("looked for *-result.json") && text.contains("found notes.txt"),
            "{text}"
        );
        let file = dir.write(
            "index.html",
            "<html><head><script>window.allureReportOptions = {}</script>",
        );
        let text = resolve(&[file], ArchiveLimits::default())
            .unwrap_err()
            .to_string();
        assert!(text.contains("single-file Allure report"), "{text}");
        assert!(matches!(
            resolve(&[dir.path().join("nope")], ArchiveLimits::default()),
            Err(InputError::NotFound(_))
        ));
    }
}
