//! Launch-level metadata: `executor.json` and `*-globals.json`.
//!
//! No terminal dependencies.

use serde_json::Value;

use super::convert::{self, Issues};
use super::result::Attachment;

/// `executor.json`: the CI build that produced the results.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Executor {
    /// CI name.
    pub name: Option<String>,
    /// CI type, e.g. `github`.
    pub kind: Option<String>,
    /// CI URL.
    pub url: Option<String>,
    /// Build number; labels the trend x-axis.
    pub build_order: Option<i64>,
    /// Build name.
    pub build_name: Option<String>,
    /// Build URL.
    pub build_url: Option<String>,
    /// Report name.
    pub report_name: Option<String>,
    /// Report URL.
    pub report_url: Option<String>,
}

impl Executor {
    /// Reads `executor.json` leniently; wrong-typed fields are noted and dropped.
    #[must_use]
    pub fn from_json(doc: &Value, issues: &mut Issues) -> Executor {
        let Some(obj) = doc.as_object() else {
            issues.items.push("expected an object".to_owned());
            return Executor::default();
        };
        let build_order = match obj.get("buildOrder") {
            None | Some(Value::Null) => None,
            Some(Value::Number(n)) => n.as_i64(),
            Some(Value::String(s)) => {
                let parsed = s.trim().parse().ok();
                if parsed.is_none() {
                    issues
                        .items
                        .push(format!("buildOrder: \"{s}\" is not a number; ignored"));
                }
                parsed
            }
            Some(_) => {
                issues
                    .items
                    .push("buildOrder: not a number; ignored".to_owned());
                None
            }
        };
        Executor {
            name: convert::string(obj, "name", issues),
            kind: convert::string(obj, "type", issues),
            url: convert::string(obj, "url", issues),
            build_order,
            build_name: convert::string(obj, "buildName", issues),
            build_url: convert::string(obj, "buildUrl", issues),
            report_name: convert::string(obj, "reportName", issues),
            report_url: convert::string(obj, "reportUrl", issues),
        }
    }
}

/// A run-level error from `*-globals.json` (Allure 3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlobalError {
    /// Error message.
    pub message: Option<String>,
    /// Stack trace.
    pub trace: Option<String>,
    /// File it came from.
    pub file: String,
}

/// Run-level errors and attachments from one `*-globals.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Globals {
    /// Global errors.
    pub errors: Vec<GlobalError>,
    /// Global attachments.
    pub attachments: Vec<Attachment>,
}

impl Globals {
    /// Reads a `*-globals.json` document.
    #[must_use]
    pub fn from_json(doc: &Value, file: &str, issues: &mut Issues) -> Globals {
        let Some(obj) = doc.as_object() else {
            issues.items.push("expected an object".to_owned());
            return Globals::default();
        };
        let errors = obj
            .get("errors")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_object)
                    .map(|e| GlobalError {
                        message: convert::string(e, "message", issues),
                        trace: convert::string(e, "trace", issues),
                        file: file.to_owned(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Globals {
            errors,
            attachments: convert::attachments(obj, "attachments", issues),
        }
    }
}
