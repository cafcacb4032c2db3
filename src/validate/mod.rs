//! Findings as data: every problem found in the user's inputs becomes a [`Finding`] with a
//! place (file, then line or `sheet!cell`), the offending value and a message in Japanese
//! that a clerk can act on. Findings never stop a run; they end up in the `diagnostics`
//! table and in the summary workbook.

use std::fmt;

/// How bad a finding is. `Error` means some input (a file, an item, a row) was not used
/// as given; it makes the run's exit status 2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    /// Label used in tables and workbooks.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Info => "情報",
        }
    }
}

/// One problem found in an input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// Input file name as the clerk knows it (relative to the input folder).
    pub file: String,
    /// `行 12`, `バイト 40`, `Sheet1!C7`, or empty when the finding is about the whole file.
    pub location: String,
    /// Stable machine-readable code, e.g. `plan.missing_department`.
    pub code: &'static str,
    /// The offending value, as found.
    pub value: String,
    /// What is wrong and what to do, in Japanese.
    pub message: String,
}

impl Finding {
    pub fn new(
        severity: Severity,
        file: impl Into<String>,
        location: impl Into<String>,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Finding {
            severity,
            file: file.into(),
            location: location.into(),
            code,
            value: String::new(),
            message: message.into(),
        }
    }

    pub fn with_value(mut self, value: impl Into<String>) -> Self {
        self.value = value.into();
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}", self.severity.label(), self.file)?;
        if !self.location.is_empty() {
            write!(f, " {}", self.location)?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Location text for a line of a text file (1-based).
pub fn line_location(line: usize) -> String {
    format!("行 {line}")
}
