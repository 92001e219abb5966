//! Diagnostics: what went wrong (or might have), where, and how to fix it.

use crate::node::Span;
use crate::path::CanonPath;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// The document cannot be converted.
    Error,
    /// The document converts, but something deserves a look.
    Warning,
    /// Information (a field the target cannot carry, a derived name, ...).
    Note,
}

impl Severity {
    /// Lower-case name, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// One finding about a document.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable, machine-readable code (`unknown-field`, `pattern`, ...).
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The field path in the input's own spelling (`spec.roleARN`), or empty for the document.
    pub path: String,
    /// The canonical path (AWS member names), when the finding is about a member.
    pub canon: Option<CanonPath>,
    /// Where in the source, when known.
    pub span: Option<Span>,
    /// How to fix it, when there is an obvious way.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error with the given code and message.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            path: String::new(),
            canon: None,
            span: None,
            hint: None,
        }
    }

    /// A warning with the given code and message.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// A note with the given code and message.
    pub fn note(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, message)
        }
    }

    /// Sets the spelled path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Sets the source position.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = span.is_known().then_some(span);
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the canonical path.
    pub fn with_canon(mut self, canon: CanonPath) -> Self {
        self.canon = Some(canon);
        self
    }

    /// Whether this is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// Most findings kept for one document. A hostile document can hold a
/// finding per node (a list of a million wrongly typed items); past this
/// many, findings are only counted, and one finding made by [`NotKept::diagnostic`] says how many.
pub const MAX_KEPT: usize = 1000;

/// Findings counted but not kept, past [`MAX_KEPT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotKept {
    /// How many.
    pub count: usize,
    /// The most serious among them: a document whose dropped findings
    /// include an error still fails.
    pub severity: Severity,
}

impl Default for NotKept {
    fn default() -> Self {
        NotKept {
            count: 0,
            severity: Severity::Note,
        }
    }
}

impl NotKept {
    /// Counts one more finding of `severity`.
    pub fn add(&mut self, severity: Severity) {
        self.count += 1;
        self.severity = self.severity.min(severity);
    }

    /// Adds what another count holds.
    pub fn merge(&mut self, other: NotKept) {
        self.count += other.count;
        self.severity = self.severity.min(other.severity);
    }

    /// The finding that says how many were not kept.
    pub fn diagnostic(self) -> Diagnostic {
        Diagnostic {
            severity: self.severity,
            ..Diagnostic::error(
                NOT_KEPT,
                format!(
                    "{} more findings not kept (only the first {MAX_KEPT} of a document are)",
                    self.count
                ),
            )
        }
    }

    /// The count a [`NotKept::diagnostic`] holds.
    pub fn of(d: &Diagnostic) -> Option<NotKept> {
        if d.code != NOT_KEPT {
            return None;
        }
        let count = d.message.split(' ').next()?.parse().ok()?;
        Some(NotKept {
            count,
            severity: d.severity,
        })
    }
}

/// The code of a [`NotKept::diagnostic`].
pub const NOT_KEPT: &str = "not-kept";

/// `error[code] path: message (hint)`, one line, for logs and library users.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.severity.as_str(), self.code)?;
        if let Some(span) = &self.span {
            write!(f, " {}:{}", span.line, span.col)?;
        }
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn not_kept_counts_round_trip() {
        let mut n = NotKept::default();
        n.add(Severity::Warning);
        n.add(Severity::Error);
        n.add(Severity::Note);
        let d = n.diagnostic();
        assert!(d.is_error(), "an error among them fails the document");
        assert_eq!(
            d.message,
            "3 more findings not kept (only the first 1000 of a document are)"
        );
        assert_eq!(NotKept::of(&d), Some(n));
        assert_eq!(NotKept::of(&Diagnostic::error("type", "3 more")), None);
    }
}
