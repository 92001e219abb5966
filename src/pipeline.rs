//! The conversion pipeline shared by every command:
//! read (format → job) → overrides → validate → write (job → format).
//!
//! Each document goes through on its own: one that fails is reported and
//! left out, the others carry on. Nothing here prints or touches files; the
//! CLI decides what to do with the outcome.

use std::sync::Arc;

use tjspec_runtime::{Diagnostic, Severity};

use crate::diagnostics::Report;
use crate::format::{Doc, FormatId, Lost, ReadOptions, WriteOptions};
use crate::overrides::Overrides;
use crate::source::Source;

/// What the pipeline should do.
#[derive(Debug, Default)]
pub struct Settings {
    /// The input format, when not detected.
    pub from: Option<FormatId>,
    /// The output format; `None` only validates.
    pub to: Option<FormatId>,
    /// How to read.
    pub read: ReadOptions,
    /// How to write.
    pub write: WriteOptions,
    /// Fail a document whose output would lose a field.
    pub strict: bool,
    /// Overrides applied to every document.
    pub overrides: Overrides,
}

/// What happened to one input.
#[derive(Debug, Default)]
pub struct Outcome {
    /// Every finding, in document order.
    pub reports: Vec<Report>,
    /// The jobs that made it through, in document order.
    pub jobs: Vec<Doc>,
    /// How many documents the input held.
    pub documents: usize,
    /// How many of them failed.
    pub failed: usize,
}

/// Runs one input through the pipeline.
pub fn process(
    source: &Arc<Source>,
    path: Option<&std::path::Path>,
    settings: &Settings,
) -> Outcome {
    let mut outcome = Outcome::default();
    let from = match settings
        .from
        .map(Ok)
        .unwrap_or_else(|| crate::format::detect(path, &source.text))
    {
        Ok(f) => f.format(),
        Err(message) => {
            outcome.documents = 1;
            outcome.failed = 1;
            outcome.reports.push(Report {
                source: source.clone(),
                document: None,
                diag: Diagnostic::error("format", message),
            });
            return outcome;
        }
    };
    let docs = from.read(source, &settings.read);
    outcome.documents = docs.len();
    let several = docs.len() > 1;
    for doc in docs {
        let document = several.then_some(doc.index);
        let report = |diag: Diagnostic| Report {
            source: source.clone(),
            document,
            diag,
        };
        let first_report = outcome.reports.len();
        let mut failed = false;
        for d in doc.diagnostics {
            failed |= d.is_error();
            outcome.reports.push(report(d));
        }
        // Fields that could not be read are not checked again (a type error
        // should not also read as "missing required field").
        let unreadable: Vec<_> = doc_error_paths(&outcome.reports[first_report..]);
        let root = doc.root;
        let locate = |mut d: Diagnostic| {
            if let (Some(canon), Some(root)) = (&d.canon, &root) {
                let (path, span) = from.locate(root, canon);
                d.path = path;
                d.span = span;
            }
            d
        };
        for s in doc.skipped {
            let d = Diagnostic {
                severity: if settings.strict {
                    Severity::Error
                } else {
                    Severity::Warning
                },
                ..Diagnostic::error(
                    "loss",
                    "unknown field skipped (--allow-unknown); it is not in the output",
                )
            }
            .with_path(s.path)
            .with_span(s.span);
            failed |= d.is_error();
            outcome.reports.push(report(d));
        }
        let Some(mut job) = doc.job else {
            outcome.failed += 1;
            continue;
        };
        if failed {
            // Report every constraint violation at once, then give up on the document.
            for d in tjspec_model::validate(&job) {
                if !d
                    .canon
                    .as_ref()
                    .is_some_and(|c| unreadable.iter().any(|u| c.0.starts_with(&u.0)))
                {
                    outcome.reports.push(report(supply_hint(locate(d))));
                }
            }
            outcome.failed += 1;
            continue;
        }
        if !settings.overrides.is_empty() {
            match settings.overrides.apply(&job) {
                Ok(j) => job = j,
                Err(diags) => {
                    outcome.reports.extend(diags.into_iter().map(report));
                    outcome.failed += 1;
                    continue;
                }
            }
        }
        for d in tjspec_model::validate(&job) {
            let d = supply_hint(locate(d));
            failed |= d.is_error();
            outcome.reports.push(report(d));
        }
        let doc = Doc {
            job,
            envelope: doc.envelope,
        };
        if let Some(to) = settings.to {
            let mut losses = Vec::new();
            let _ = to.format().write(&doc, &settings.write, &mut losses);
            for lost in losses {
                let d = Diagnostic {
                    severity: if settings.strict {
                        Severity::Error
                    } else {
                        Severity::Warning
                    },
                    ..Diagnostic::error(
                        "loss",
                        format!(
                            "{} cannot carry this field; it is not in the output",
                            to.name()
                        ),
                    )
                };
                let d = match lost {
                    Lost::Field(canon) => locate(d.with_canon(canon)),
                    Lost::Envelope { path, span } => {
                        let mut d = d.with_path(path);
                        d.span = span;
                        d
                    }
                    Lost::Altered { path, reason } => {
                        let mut d = locate(d.with_canon(path));
                        d.code = "altered";
                        d.message = reason;
                        d
                    }
                };
                failed |= d.is_error();
                outcome.reports.push(report(d));
            }
        }
        if failed {
            outcome.failed += 1;
        } else {
            outcome.jobs.push(doc);
        }
    }
    outcome
}

/// A missing required member can be supplied on the command line.
fn supply_hint(mut d: Diagnostic) -> Diagnostic {
    if d.code == "required" && d.hint.is_none() {
        if let Some(canon) = &d.canon {
            let api = canon.spell_api(tjspec_model::SCHEMA);
            d.hint = Some(format!("supply it with --set {api}=... or --overlay FILE"));
        }
    }
    d
}

fn doc_error_paths(reports: &[Report]) -> Vec<tjspec_runtime::CanonPath> {
    reports
        .iter()
        .filter(|r| r.diag.is_error())
        .filter_map(|r| r.diag.canon.clone())
        .collect()
}

/// Prints jobs in a format (several jobs: the format's multi-document form).
pub fn render(to: FormatId, docs: &[Doc], options: &WriteOptions) -> String {
    let format = to.format();
    let mut buf = String::new();
    let several = docs.len() > 1;
    for (i, doc) in docs.iter().enumerate() {
        let out = format.write(doc, options, &mut Vec::new());
        format.render(&out, several, i == 0, &mut buf);
    }
    buf
}
