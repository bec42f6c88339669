//! Caps that keep every reader's memory and time proportional to its input, whatever the input
//! says. Each cap that bites leaves an issue naming it. No terminal dependencies.

/// Deepest element nesting read in XML; deeper content is skipped. Real `JUnit` files use four
/// levels, Allure 1 files two per step level.
pub const MAX_XML_DEPTH: usize = 256;

/// Longest text kept of one message, trace, name or log (bytes); the rest is cut at a character
/// boundary and the cut is noted.
pub const MAX_TEXT_BYTES: usize = 8 * 1024 * 1024;

/// Most results made from one file; further test cases are skipped with an issue. Real files
/// hold up to about 100 000.
pub const MAX_RESULTS_PER_FILE: usize = 1_000_000;

/// Most steps made from the lines of one `JUnit` `system-out` (Allure 2 makes one per line); the
/// whole log stays readable as the "System output" attachment.
pub const MAX_LOG_STEPS: usize = 500;

/// Most elements kept of one Allure 1 XML document.
pub const MAX_XML_ELEMENTS: usize = 1_000_000;
