//! The launch as each Allure version groups it for history: which result is shown per key and
//! how many attempts are hidden retries.
//!
//! Allure 3 groups by its own key (what the model's tests already are). Allure 2 groups by its
//! retry hash (`md5(testCaseId or fullName) + "." + md5(params)`, de-duplicated parameters), so
//! a few results group differently (`allure2 · retry/RetryPlugin.java`: the newest `start` is
//! shown, a missing start loses). No terminal dependencies.

use std::collections::HashMap;

use crate::model::{Report, TestKeys, TestResult};

/// One shown result and the key history stores it under (`None`: the result has no identity,
/// so it is counted but never written to per-test history).
#[derive(Debug, Clone, Copy)]
pub struct Shown<'a> {
    /// History key.
    pub key: Option<&'a str>,
    /// The shown attempt.
    pub result: &'a TestResult,
}

/// The launch grouped one version's way.
#[derive(Debug)]
pub struct LaunchView<'a> {
    /// Shown results, in the report's test order.
    pub shown: Vec<Shown<'a>>,
    /// Hidden retries (attempts that are not shown).
    pub retries: usize,
}

/// Allure 3's view: the model's tests, keyed by their Allure 3 key.
#[must_use]
pub fn allure3_view(report: &Report) -> LaunchView<'_> {
    LaunchView {
        shown: report
            .tests
            .iter()
            .map(|t| Shown {
                key: t.keys.allure3.as_deref(),
                result: &t.result,
            })
            .collect(),
        retries: report.tests.iter().map(|t| t.retries.len()).sum(),
    }
}

/// Every attempt's Allure 2 key, computed once.
#[derive(Debug)]
pub struct Allure2Keys {
    keys: Vec<Option<String>>,
}

impl Allure2Keys {
    /// Computes the Allure 2 key of every attempt, in report order.
    #[must_use]
    pub fn of(report: &Report) -> Allure2Keys {
        Allure2Keys {
            keys: report
                .tests
                .iter()
                .flat_map(crate::model::Test::attempts)
                .map(|r| TestKeys::of(r).allure2.map(String::from))
                .collect(),
        }
    }

    /// Allure 2's view: attempts regrouped by Allure 2 key; the latest start is shown (a later
    /// attempt wins a tie, as in the model).
    #[must_use]
    pub fn view<'a>(&'a self, report: &'a Report) -> LaunchView<'a> {
        let attempts: Vec<&TestResult> = report
            .tests
            .iter()
            .flat_map(crate::model::Test::attempts)
            .collect();
        let mut best: HashMap<&str, usize> = HashMap::new();
        let mut shown_slots: Vec<usize> = Vec::new();
        let mut retries = 0;
        for (i, (result, key)) in attempts.iter().zip(&self.keys).enumerate() {
            let Some(key) = key.as_deref() else {
                shown_slots.push(i);
                continue;
            };
            match best.get_mut(key) {
                None => {
                    best.insert(key, i);
                    shown_slots.push(i);
                }
                Some(slot) => {
                    retries += 1;
                    let current = attempts[*slot];
                    if (result.start.is_some(), result.start)
                        >= (current.start.is_some(), current.start)
                    {
                        let old = *slot;
                        *slot = i;
                        if let Some(pos) = shown_slots.iter().position(|&s| s == old) {
                            shown_slots[pos] = i;
                        }
                    }
                }
            }
        }
        LaunchView {
            shown: shown_slots
                .into_iter()
                .map(|i| Shown {
                    key: self.keys[i].as_deref(),
                    result: attempts[i],
                })
                .collect(),
            retries,
        }
    }
}
