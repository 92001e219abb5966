//! A finding together with the input and document it is about.

use std::sync::Arc;

use tjspec_runtime::Diagnostic;

use crate::source::Source;

/// A diagnostic with the input it is about.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Report {
    /// The input (for its name and snippet).
    pub source: Arc<Source>,
    /// The document within the input (0-based here; printed 1-based in
    /// every message format), when the input has several.
    pub document: Option<usize>,
    /// The finding.
    pub diag: Diagnostic,
}
