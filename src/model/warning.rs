//! Load warnings: a file that could not be read (or only partly), and why.
//!
//! No terminal dependencies.

use serde::Serialize;

/// Something wrong with one input file. Loading always continues past it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// The file, as a path the user can find.
    pub file: String,
    /// What was wrong and what was done about it.
    pub reason: String,
}

impl Warning {
    /// A warning about `file`.
    pub fn new(file: impl Into<String>, reason: impl Into<String>) -> Warning {
        Warning {
            file: file.into(),
            reason: reason.into(),
        }
    }
}
