//! Cucumber JSON.
