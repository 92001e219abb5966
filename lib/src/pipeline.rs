//! The conversion pipeline shared by every command:
//! read (format → job) → overrides → validate → write (job → format).
//!
//! Each document goes through on its own: one that fails is reported and
//! left out, the others carry on. Nothing here prints or touches files; the
//! CLI decides what to do with the outcome.

use std::sync::Arc;

use tjspec_runtime::{Diagnostic, Severity};

use crate::format::{Doc, FormatId, Lost, ReadOptions, WriteOptions};
use crate::overrides::Overrides;
use crate::report::Report;
use crate::source::Source;
use crate::stream::Chunk;

/// What the pipeline should do.
#[derive(Clone, Debug, Default)]
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
    /// Also run the cross-field rules (`crate::rules`).
    pub rules: bool,
    /// Pass over inputs that hold no training job in any format (a notice)
    /// instead of failing on them.
    pub skip_unrecognized: bool,
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

impl Outcome {
    /// One document that could not be read at all.
    fn unreadable(chunk: &Chunk, several: bool, diag: Diagnostic) -> Self {
        Outcome {
            reports: vec![Report {
                source: chunk.source.clone(),
                document: several.then_some(chunk.index),
                diag,
            }],
            jobs: Vec::new(),
            documents: 1,
            failed: 1,
        }
    }
}

/// Runs one input through the pipeline.
pub fn process(
    source: &Arc<Source>,
    path: Option<&std::path::Path>,
    settings: &Settings,
) -> Outcome {
    process_numbered(source, path, settings, None)
}

/// Runs one chunk of a long input (see [`crate::stream`]) through the
/// pipeline: documents are numbered from the chunk's position when the
/// input holds several.
pub fn process_chunk(
    chunk: &Chunk,
    path: Option<&std::path::Path>,
    settings: &Settings,
    several: bool,
) -> Outcome {
    if let Some((line, col, byte)) = chunk.decode_error {
        let diag = Diagnostic::error(
            "encoding",
            format!("the input is not UTF-8 (invalid byte 0x{byte:02x})"),
        )
        .with_span(tjspec_runtime::Span::new(line, col, 1));
        return Outcome::unreadable(chunk, several, diag);
    }
    if let Some(too_large) = chunk.too_large {
        let diag = Diagnostic::error("too-large", too_large.message()).with_span(
            tjspec_runtime::Span::new(chunk.source.line_offset + 1, 1, 1),
        );
        return Outcome::unreadable(chunk, several, diag);
    }
    process_numbered(
        &chunk.source,
        path,
        settings,
        several.then_some(chunk.index),
    )
}

fn process_numbered(
    source: &Arc<Source>,
    path: Option<&std::path::Path>,
    settings: &Settings,
    base: Option<usize>,
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
    // Formats that hold only part of a job (flyteidl) do not ask for the
    // members a CreateTrainingJob request requires.
    let require = settings
        .to
        .unwrap_or_else(|| from.id())
        .format()
        .requires_create_members();
    // What the service running the output sets itself is not required of
    // the job (a Pipelines training step's TrainingJobName).
    let target_format = settings.to.map_or(from, FormatId::format);
    let service_sets = |d: &Diagnostic| {
        d.code == "required"
            && d.canon
                .as_ref()
                .is_some_and(|c| target_format.set_by_service(c))
    };
    let docs = from.read(source, &settings.read);
    outcome.documents = docs.len();
    let several = docs.len() > 1;
    let mut doc_start = 0;
    for mut doc in docs {
        cap_findings(&mut outcome.reports, doc_start);
        doc_start = outcome.reports.len();
        let document = match base {
            Some(b) => Some(b + doc.index),
            None => several.then_some(doc.index),
        };
        // Positions of a chunk are relative to it; report them in the whole input's lines.
        let offset = source.line_offset;
        let report = |mut diag: Diagnostic| {
            if let Some(span) = &mut diag.span {
                span.line += offset;
            }
            Report {
                source: source.clone(),
                document,
                diag,
            }
        };
        let first_report = outcome.reports.len();
        let mut failed = false;
        let has_job = doc.job.is_some();
        for d in doc.diagnostics {
            failed |= d.is_error();
            let mut r = report(d);
            // A note about something skipped beside a job (a Terraform
            // `provider` block) belongs to the file, not to that job.
            if has_job && r.diag.code == "skipped" {
                r.document = None;
            }
            outcome.reports.push(r);
        }
        for mut d in std::mem::take(&mut doc.envelope.deferred) {
            if !require {
                if d.severity == Severity::Note {
                    continue;
                }
                d.severity = Severity::Warning;
            }
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
            let d = loss(
                settings.strict,
                "unknown field skipped (--allow-unknown); it is not in the output",
            )
            .with_path(s.path)
            .with_span(s.span);
            failed |= d.is_error();
            outcome.reports.push(report(d));
        }
        let Some(mut job) = doc.job else {
            if failed {
                outcome.failed += 1;
            } else {
                // Not a job, and the format said why (a Kubernetes object of another kind).
                outcome.documents -= 1;
            }
            continue;
        };
        if failed {
            // Report every constraint violation and rule finding at once,
            // then give up on the document.
            // Rules need every member read: only unknown fields (skipped,
            // not half-read) leave the rest of the job whole.
            let whole = outcome.reports[first_report..]
                .iter()
                .filter(|r| r.diag.is_error())
                .all(|r| r.diag.code == "unknown-field");
            for d in findings(&job, settings.rules && whole, require) {
                let expression = d
                    .canon
                    .as_ref()
                    .is_some_and(|c| doc.envelope.is_expression(c));
                if (!require && d.code == "required") || expression || service_sets(&d) {
                    continue;
                }
                if !d
                    .canon
                    .as_ref()
                    .is_some_and(|c| unreadable.iter().any(|u| c.0.starts_with(&u.0)))
                {
                    let d = supply_hint(locate(d));
                    if !merge_misnamed(&mut outcome.reports[first_report..], &d) {
                        outcome.reports.push(report(d));
                    }
                }
            }
            outcome.failed += 1;
            continue;
        }
        if !settings.overrides.is_empty() {
            match settings.overrides.apply(&job) {
                Ok((j, warnings)) => {
                    job = j;
                    outcome.reports.extend(warnings.into_iter().map(report));
                }
                Err(diags) => {
                    outcome.reports.extend(diags.into_iter().map(report));
                    outcome.failed += 1;
                    continue;
                }
            }
        }
        let overridden = !settings.overrides.is_empty();
        for d in crate::format::expression::settle(&mut doc.envelope, &job, overridden, settings.to)
        {
            let d = locate(d);
            failed |= d.is_error();
            outcome.reports.push(report(d));
        }
        for d in findings(&job, settings.rules, require) {
            // A kept expression's placeholder is not the value: leave it unchecked.
            let expression = d
                .canon
                .as_ref()
                .is_some_and(|c| doc.envelope.is_expression(c));
            if (!require && d.code == "required") || expression || service_sets(&d) {
                continue;
            }
            let d = supply_hint(locate(d));
            failed |= d.is_error();
            outcome.reports.push(report(d));
        }
        if require {
            for d in from.requirements(&job) {
                let d = supply_hint(locate(d));
                failed |= d.is_error();
                outcome.reports.push(report(d));
            }
        }
        let doc = Doc {
            job,
            envelope: doc.envelope,
        };
        let target = settings.to.map_or(from, FormatId::format);
        for d in target.check(&doc, &settings.write) {
            let d = supply_hint(locate(d));
            failed |= d.is_error();
            outcome.reports.push(report(d));
        }
        if let Some(to) = settings.to {
            let mut losses = Vec::new();
            let _ = to.format().write(&doc, &settings.write, &mut losses);
            for lost in losses {
                let d = loss(
                    settings.strict,
                    format!(
                        "{} cannot carry this field; it is not in the output",
                        to.name()
                    ),
                );
                let d = match lost {
                    Lost::Field(canon) => locate(d.with_canon(canon)),
                    // Leaving a format leaves its envelope behind: expected,
                    // so a note, never a failure under --strict.
                    Lost::Envelope { path, span } => {
                        let mut d = envelope_note(to).with_path(path);
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
    cap_findings(&mut outcome.reports, doc_start);
    outcome
}

/// Keeps the first [`tjspec_runtime::MAX_KEPT`] findings of the document
/// whose reports start at `from`, and one that counts the rest (merging
/// the count a reader already made), so a document with a finding per node
/// costs no more than one with a thousand.
fn cap_findings(reports: &mut Vec<Report>, from: usize) {
    use tjspec_runtime::{NotKept, MAX_KEPT};
    // Reports of one document are few unless they pass the limit: only
    // then is anything moved.
    if reports.len() - from <= MAX_KEPT {
        return;
    }
    let (source, document) = match reports.last() {
        Some(r) => (r.source.clone(), r.document),
        None => return,
    };
    let mut not_kept = NotKept::default();
    let mut kept = 0;
    let mut i = from;
    for j in from..reports.len() {
        if let Some(n) = NotKept::of(&reports[j].diag) {
            not_kept.merge(n);
        } else if kept < MAX_KEPT {
            kept += 1;
            reports.swap(i, j);
            i += 1;
        } else {
            not_kept.add(reports[j].diag.severity);
        }
    }
    reports.truncate(i);
    if not_kept.count > 0 {
        reports.push(Report {
            source,
            document,
            diag: not_kept.diagnostic(),
        });
    }
}

/// What the output format `to` cannot carry of the input's envelope
/// (Kubernetes metadata, a Terraform label, a TaskTemplate's parts).
fn envelope_note(to: FormatId) -> Diagnostic {
    Diagnostic::note("loss", format!("not carried to {}", to.name()))
}

/// Whether `d` is a note about an envelope part the output leaves behind
/// (one per document: printers may gather them).
pub fn is_envelope_note(d: &Diagnostic) -> bool {
    d.code == "loss" && d.severity == Severity::Note
}

/// A loss: a warning, or an error under `--strict`.
fn loss(strict: bool, message: impl Into<String>) -> Diagnostic {
    let d = Diagnostic::error("loss", message);
    if strict {
        d
    } else {
        Diagnostic {
            severity: Severity::Warning,
            ..d
        }
    }
}

/// A missing required member: the hint names what to supply, down to the
/// values (`OutputDataConfig.S3OutputPath`, not `OutputDataConfig`), in
/// AWS member names. How to supply them is the caller's business (the CLI
/// names its flags).
fn supply_hint(mut d: Diagnostic) -> Diagnostic {
    if d.code == "required" && d.hint.is_none() {
        if let Some(canon) = &d.canon {
            d.hint = Some(required_hint(canon));
        }
    }
    d
}

/// The hint of a missing required member `canon`: what to supply.
pub fn required_hint(canon: &tjspec_runtime::CanonPath) -> String {
    let leaves: Vec<String> = required_leaves(canon)
        .iter()
        .map(|l| format!("`{l}`"))
        .collect();
    format!("supply {}", leaves.join(", "))
}

/// What to supply for the missing required member `canon`, in AWS member
/// names: the member itself when it holds a value (or a list, or a
/// structure with no required members), else every required member below
/// it, however deep.
pub fn required_leaves(canon: &tjspec_runtime::CanonPath) -> Vec<String> {
    let path = canon.spell_api(tjspec_model::SCHEMA);
    let Some(tjspec_runtime::path::Seg::Member(shape, index)) = canon.0.last() else {
        return vec![path];
    };
    let shape = tjspec_model::SCHEMA.members(*shape)[usize::from(*index)].shape;
    let mut out = Vec::new();
    push_required_leaves(shape, &path, 0, &mut out);
    out
}

fn push_required_leaves(
    shape: tjspec_runtime::ShapeId,
    path: &str,
    depth: usize,
    out: &mut Vec<String>,
) {
    let schema = tjspec_model::SCHEMA;
    let required: Vec<_> = match &schema.shape(shape).kind {
        tjspec_runtime::meta::ShapeKind::Structure { members } => {
            members.iter().filter(|m| m.required).collect()
        }
        _ => Vec::new(),
    };
    // A depth bound, should a schema ever hold a cycle of required members.
    if required.is_empty() || depth > 16 {
        out.push(path.to_owned());
        return;
    }
    for m in required {
        let mut p = path.to_owned();
        tjspec_runtime::path::push_name(&mut p, m.name);
        push_required_leaves(m.shape, &p, depth + 1, out);
    }
}

/// A required member written under a wrong name (`roleArn` for `roleARN`,
/// tf-aws `name` for `training_job_name`) is one mistake, not two: when the
/// unknown key's suggestion is the missing member `required`, the unknown
/// key's finding says so and the missing member is not reported again.
fn merge_misnamed(reports: &mut [Report], required: &Diagnostic) -> bool {
    if required.code != "required" {
        return false;
    }
    for r in reports
        .iter_mut()
        .filter(|r| r.diag.code == "unknown-field")
    {
        let Some(suggested) = r
            .diag
            .hint
            .as_deref()
            .and_then(|h| h.strip_prefix("did you mean `"))
            .and_then(|h| h.strip_suffix("`?"))
        else {
            continue;
        };
        let target = match r.diag.path.rsplit_once('.') {
            Some((parent, _)) => format!("{parent}.{suggested}"),
            None => suggested.to_owned(),
        };
        if target == required.path {
            r.diag.hint = Some(format!("did you mean `{suggested}` (required)?"));
            return true;
        }
    }
    false
}

/// The schema's constraint violations, then (with `rules`) the cross-field
/// rules' findings.
fn findings(job: &tjspec_model::TrainingJob, rules: bool, require: bool) -> Vec<Diagnostic> {
    let mut out = tjspec_model::validate(job);
    if rules {
        out.extend(crate::rules::check(job, require));
    }
    out
}

fn doc_error_paths(reports: &[Report]) -> Vec<tjspec_runtime::CanonPath> {
    reports
        .iter()
        .filter(|r| r.diag.is_error())
        .filter_map(|r| r.diag.canon.clone())
        .collect()
}

/// Prints jobs in a format as bytes, which binary formats need (several
/// jobs: the format's multi-document form, or an error where it has none).
pub fn render_bytes(to: FormatId, docs: &[Doc], options: &WriteOptions) -> Result<Vec<u8>, String> {
    let format = to.format();
    let mut buf = Vec::new();
    let several = docs.len() > 1;
    for (i, doc) in docs.iter().enumerate() {
        // As the streaming path does: each job alone, the format's separator between.
        if i > 0 {
            buf.extend_from_slice(format.separator().as_bytes());
        }
        let out = format.write(doc, options, &mut Vec::new());
        format.render_bytes(&out, several, true, &mut buf)?;
    }
    Ok(buf)
}

/// Prints jobs in a format (several jobs: the format's multi-document form).
///
/// Rendering reports nothing: what the format cannot carry, and the format's
/// own checks, come from [`process`] run with [`Settings::to`] set to the
/// same format (see `examples/convert_in_code.rs`).
pub fn render(to: FormatId, docs: &[Doc], options: &WriteOptions) -> String {
    let format = to.format();
    let mut buf = String::new();
    let several = docs.len() > 1;
    for (i, doc) in docs.iter().enumerate() {
        if i > 0 {
            buf.push_str(format.separator());
        }
        let out = format.write(doc, options, &mut Vec::new());
        format.render(&out, several, true, &mut buf);
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;
    use tjspec_runtime::{CanonPath, Seg};

    fn member(shape: &str, name: &str) -> Seg {
        let schema = tjspec_model::SCHEMA;
        let shape = schema.find(shape).expect("shape");
        let i = schema
            .members(shape)
            .iter()
            .position(|m| m.name == name)
            .expect("member");
        Seg::Member(shape, i as u16)
    }

    #[test]
    fn required_leaves_name_every_value_to_supply() {
        let output = CanonPath(vec![member("TrainingJob", "OutputDataConfig")]);
        assert_eq!(required_leaves(&output), ["OutputDataConfig.S3OutputPath"]);
        assert_eq!(
            required_hint(&output),
            "supply `OutputDataConfig.S3OutputPath`"
        );
        let fs = CanonPath(vec![
            member("TrainingJob", "InputDataConfig"),
            Seg::Index(0),
            member("Channel", "DataSource"),
            member("DataSource", "FileSystemDataSource"),
        ]);
        assert_eq!(
            required_leaves(&fs),
            [
                "InputDataConfig[0].DataSource.FileSystemDataSource.FileSystemId",
                "InputDataConfig[0].DataSource.FileSystemDataSource.FileSystemAccessMode",
                "InputDataConfig[0].DataSource.FileSystemDataSource.FileSystemType",
                "InputDataConfig[0].DataSource.FileSystemDataSource.DirectoryPath",
            ]
        );
        // A value is itself what to supply.
        let name = CanonPath(vec![member("TrainingJob", "TrainingJobName")]);
        assert_eq!(required_leaves(&name), ["TrainingJobName"]);
    }
}
