//! Syntaxes: text ⇄ the runtime's document tree.
//!
//! Parsers turn text into [`tjspec_runtime::Node`] trees with positions,
//! enforcing limits that keep hostile input cheap (nesting depth, alias
//! expansion); emitters print a [`tjspec_runtime::Out`] tree as text.

pub mod hcl;
pub mod hcl_budget;
mod hcl_path;
pub mod json;
mod json_string;
pub mod out_hcl;
pub mod out_json;
pub mod out_yaml;
pub mod yaml;

use tjspec_runtime::{Code, Span};

/// Deepest nesting a document may have. A training job nests eight levels;
/// the margin leaves room for envelopes (ACK, Terraform) without letting a
/// hostile file recurse without bound.
pub const MAX_DEPTH: usize = 64;

/// Most nodes one document may hold (YAML: aliases expanded). Real
/// training jobs have a few hundred; a document past this is refused while
/// it is parsed, before it costs memory or a finding per node.
pub const MAX_NODES: usize = 100_000;

/// Documents one JSON input read whole may hold (top-level values, or the
/// elements of a top-level array). Each costs a result of its own, so
/// without a limit a 16 MB array of small values would cost gigabytes;
/// larger inventories stream as JSON Lines, which has no such limit.
pub const MAX_DOCUMENTS: usize = 10_000;

/// A syntax error with its position.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
#[error("{}:{}: {message}", span.line, span.col)]
pub struct SyntaxError {
    /// Diagnostic code: `syntax`, or a finer one (`duplicate-key`).
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Span,
    /// The field it concerns, in the input's own names, when known.
    pub path: String,
}

impl SyntaxError {
    /// The finding as a diagnostic, with a hint for the codes that have one.
    pub fn into_diagnostic(self) -> tjspec_runtime::Diagnostic {
        let hint = match self.code {
            Code::DuplicateKey => Some("remove one of the two entries"),
            Code::Yaml11Octal => {
                Some("write the number without leading zeros, or quote it if it is text")
            }
            Code::Yaml11Bool => Some("quote it"),
            _ => None,
        };
        let d = tjspec_runtime::Diagnostic::error(self.code, self.message)
            .with_span(self.span)
            .with_path(self.path);
        match hint {
            Some(h) => d.with_hint(h),
            None => d,
        }
    }

    /// An error at `span`.
    pub fn new(message: impl Into<String>, span: Span) -> Self {
        SyntaxError {
            code: Code::Syntax,
            message: message.into(),
            span,
            path: String::new(),
        }
    }
}
