//! The small enums that name what the UI shows: tabs, groupings, focus, popups, loading
//! stage, and the footer prompt.

/// Detail tabs, switched by `1`–`6`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// Status, message, trace, labels, parameters, links, description.
    #[default]
    Overview,
    /// Setup, steps and teardown as a tree.
    Steps,
    /// Every attachment of the test.
    Attachments,
    /// Previous runs.
    History,
    /// Attempts in this launch.
    Retries,
    /// What changed since the test last passed.
    Diff,
}

impl Tab {
    /// All tabs in order.
    pub const ALL: [Tab; 6] = [
        Tab::Overview,
        Tab::Steps,
        Tab::Attachments,
        Tab::History,
        Tab::Retries,
        Tab::Diff,
    ];

    /// Tab title.
    #[must_use]
    pub fn title(self) -> &'static str {
        match self {
            Tab::Overview => "Overview",
            Tab::Steps => "Steps",
            Tab::Attachments => "Attachments",
            Tab::History => "History",
            Tab::Retries => "Retries",
            Tab::Diff => "Diff",
        }
    }

    /// A shorter title for narrow panes.
    #[must_use]
    pub fn short_title(self) -> &'static str {
        match self {
            Tab::Overview => "Info",
            Tab::Steps => "Steps",
            Tab::Attachments => "Files",
            Tab::History => "History",
            Tab::Retries => "Retries",
            Tab::Diff => "Diff",
        }
    }

    /// Position in [`Tab::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        Tab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

/// The groupings `v` cycles through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum GroupBy {
    /// Suites (titlePath or suite labels).
    #[default]
    Suites,
    /// epic / feature / story.
    Behaviors,
    /// Package label.
    Packages,
    /// Allure category → message → test.
    Categories,
    /// Failure clusters, largest first: failed and broken tests by failure signature.
    Errors,
    /// No groups.
    Flat,
    /// Flaky tests ranked by flakiness (`F`).
    Flaky,
    /// Failures that still need triage (`T`).
    Triage,
    /// What changed against the baseline, one group per change set (`B`).
    Changes,
}

impl GroupBy {
    /// The next grouping.
    #[must_use]
    pub fn next(self) -> GroupBy {
        match self {
            GroupBy::Suites => GroupBy::Behaviors,
            GroupBy::Behaviors => GroupBy::Packages,
            GroupBy::Packages => GroupBy::Categories,
            GroupBy::Categories => GroupBy::Errors,
            GroupBy::Errors => GroupBy::Flat,
            GroupBy::Flat | GroupBy::Flaky | GroupBy::Triage | GroupBy::Changes => GroupBy::Suites,
        }
    }

    /// Label for the tree title.
    #[must_use]
    pub fn label(self) -> &'static str {
        match self {
            GroupBy::Suites => "suites",
            GroupBy::Behaviors => "behaviors",
            GroupBy::Packages => "packages",
            GroupBy::Categories => "categories",
            GroupBy::Errors => "errors",
            GroupBy::Flat => "flat",
            GroupBy::Flaky => "flaky",
            GroupBy::Triage => "needs triage",
            GroupBy::Changes => "changes",
        }
    }
}

/// Which pane has the keyboard.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Focus {
    /// The tree.
    #[default]
    Tree,
    /// The detail pane.
    Detail,
}

/// A popup on top of the screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overlay {
    /// What to copy (`Y`).
    CopyMenu {
        /// Highlighted item.
        cursor: usize,
    },
    /// How the marked tests fared in the last rerun.
    SinceRerun {
        /// First line shown.
        scroll: usize,
    },
    /// Key help.
    Help {
        /// First line shown.
        scroll: usize,
    },
    /// Load warnings.
    Warnings {
        /// First line shown.
        scroll: usize,
    },
    /// The launch: executor and build, environment, inputs read, run-level errors.
    LaunchInfo {
        /// First line shown.
        scroll: usize,
    },
}

/// Loading progress shown in the footer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Loading {
    /// Results are being read.
    #[default]
    Results,
    /// Results are in; history is being read.
    History,
    /// Everything is loaded.
    Done,
}

/// A text prompt in the footer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prompt {
    /// What the text is for.
    pub purpose: PromptPurpose,
    /// Text typed so far.
    pub text: String,
}

/// What a prompt's text is for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PromptPurpose {
    /// Save the attachment at this index of the selected test's attachment list.
    SaveAttachment(usize),
}
