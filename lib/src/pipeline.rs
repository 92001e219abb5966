//! The conversion pipeline shared by every command:
//! read (format → job) → overrides → validate → write (job → format).
//!
//! Each document goes through on its own: one that fails is reported and
//! left out, the others carry on. Nothing here prints or touches files; the
//! CLI decides what to do with the outcome.

use std::sync::Arc;

use tjspec_runtime::{Code, Diagnostic, Severity};

use crate::format::{Doc, FormatId, Lost, ReadOptions, WriteOptions};
use crate::overrides::Overrides;
use crate::report::Report;
use crate::source::Source;
use crate::stream::Chunk;
use crate::suppress::Suppressions;

/// What the pipeline should do.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
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
    /// Rule levels by input (`.tjspec.toml`); inputs without one get each
    /// rule's default level (some rules are off by default).
    pub configs: Option<Arc<crate::config::Configs>>,
    /// Pass over inputs that hold no training job in any format (a notice)
    /// instead of failing on them.
    pub skip_unrecognized: bool,
    /// Print each job (with [`Settings::to`]) into [`Outcome::rendered`]
    /// from the same write its losses come from.
    pub print: Option<Print>,
    /// The input is part of a job to merge into others (`--overlay`): it
    /// is read and what reading finds is reported, but it is not checked
    /// as a job of its own, and its envelope is named as not applied.
    pub partial: bool,
}

/// How jobs are printed while converting.
#[derive(Clone, Copy, Debug, Default)]
pub struct Print {
    /// Each job goes to an output of its own (one file per job).
    pub alone: bool,
    /// More than one input: an output holds several jobs whatever each input holds.
    pub many_inputs: bool,
}

/// What happened to one input.
#[derive(Debug, Default)]
#[non_exhaustive]
pub struct Outcome {
    /// Every finding, in document order.
    pub reports: Vec<Report>,
    /// The jobs that made it through, in document order.
    pub jobs: Vec<Doc>,
    /// With [`Settings::print`]: each job of `jobs` printed in the output format.
    pub rendered: Vec<Vec<u8>>,
    /// How many documents the input held.
    pub documents: usize,
    /// How many of them failed.
    pub failed: usize,
}

/// What became of one document.
enum Verdict {
    /// It made it through (printed, with [`Settings::print`]).
    Passed(Box<Doc>, Option<Vec<u8>>),
    /// It failed; its findings say why.
    Failed,
    /// It holds no job, and its format said why (a Kubernetes object of another kind).
    NotAJob,
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
            documents: 1,
            failed: 1,
            ..Outcome::default()
        }
    }

    /// Counts one document's verdict.
    fn fold(&mut self, verdict: Verdict) {
        self.documents += 1;
        match verdict {
            Verdict::Passed(doc, rendered) => {
                self.jobs.push(*doc);
                self.rendered.extend(rendered);
            }
            Verdict::Failed => self.failed += 1,
            Verdict::NotAJob => self.documents -= 1,
        }
    }
}

/// Runs one input through the pipeline; its format is [`Settings::from`]
/// or, when that is `None`, recognised here from its content.
pub fn process(
    source: &Arc<Source>,
    path: Option<&std::path::Path>,
    settings: &Settings,
) -> Outcome {
    let from = match settings
        .from
        .map_or_else(|| crate::format::detect(path, &source.text), Ok)
    {
        Ok(f) => f,
        Err(e) => {
            return Outcome {
                reports: vec![Report {
                    source: source.clone(),
                    document: None,
                    diag: Diagnostic::error(Code::Format, e.to_string()),
                }],
                documents: 1,
                failed: 1,
                ..Outcome::default()
            }
        }
    };
    process_numbered(source, from, settings, Numbering::Input, false)
}

/// Runs one chunk of a long input (see [`crate::stream`]) through the
/// pipeline, in the format recognised when the input was opened:
/// documents are numbered from the chunk's position when the input holds
/// several.
pub fn process_chunk(chunk: &Chunk, settings: &Settings, several: bool) -> Outcome {
    if let Some((line, col, byte)) = chunk.decode_error {
        let diag = Diagnostic::error(
            Code::Encoding,
            format!("the input is not UTF-8 (invalid byte 0x{byte:02x})"),
        )
        .with_span(tjspec_runtime::Span::new(line, col, 1));
        return Outcome::unreadable(chunk, several, diag);
    }
    if let Some(too_large) = chunk.too_large {
        let diag = Diagnostic::error(Code::TooLarge, too_large.message()).with_span(
            tjspec_runtime::Span::new(chunk.source.line_offset + 1, 1, 1),
        );
        return Outcome::unreadable(chunk, several, diag);
    }
    let numbering = if several {
        Numbering::From(chunk.index)
    } else {
        Numbering::Input
    };
    process_numbered(&chunk.source, chunk.format, settings, numbering, several)
}

/// How the documents of a source are numbered in reports.
#[derive(Clone, Copy)]
enum Numbering {
    /// The source is the whole input: numbered when it holds several.
    Input,
    /// The source is a chunk of an input of several documents, the first at this index.
    From(usize),
}

fn process_numbered(
    source: &Arc<Source>,
    from: FormatId,
    settings: &Settings,
    numbering: Numbering,
    several_chunks: bool,
) -> Outcome {
    let mut outcome = Outcome::default();
    let docs = from.format().read(source, &settings.read);
    let several = docs.len() > 1;
    let print = settings.print.map(|p| {
        // Documents that are not jobs (other Kubernetes kinds) do not make an output hold several.
        let counted = docs.iter().filter(|d| counts(d, from, settings)).count();
        !p.alone && (p.many_inputs || several_chunks || counted > 1)
    });
    // Suppression comments, where the syntax has comments and rules run.
    let syntax = from.declaration().syntax;
    let mut suppressions = (settings.rules && !settings.partial && syntax.has_hash_comments())
        .then(|| {
            Suppressions::new(
                &source.text,
                source.line_offset,
                syntax == crate::format::Syntax::Yaml,
            )
        });
    for doc in docs {
        let start = outcome.reports.len();
        let mut findings = Findings {
            reports: &mut outcome.reports,
            source,
            document: match numbering {
                Numbering::From(b) => Some(b + doc.index),
                Numbering::Input => several.then_some(doc.index),
            },
            start,
            failed: false,
            suppressions: suppressions.as_mut(),
        };
        let verdict = process_doc(doc, from, settings, print, &mut findings);
        cap_findings(&mut outcome.reports, start);
        outcome.fold(verdict);
    }
    let start = outcome.reports.len();
    for diag in suppressions.map(Suppressions::problems).unwrap_or_default() {
        outcome.reports.push(Report {
            source: source.clone(),
            document: None,
            diag,
        });
    }
    // An input of nothing but suppression comments keeps as many findings as a document.
    cap_findings(&mut outcome.reports, start);
    outcome
}

/// Whether a document read counts as one: it holds a job, or it fails
/// (what [`process_doc`] decides for a document without a job).
fn counts(doc: &crate::format::ReadDoc, from: FormatId, settings: &Settings) -> bool {
    let require = requires_whole_job(from, settings);
    doc.job.is_some()
        || doc.diagnostics.iter().any(Diagnostic::is_error)
        || (require && doc.envelope.deferred.iter().any(Diagnostic::is_error))
        || (settings.strict && !doc.skipped.is_empty())
}

/// Whether the documents must be whole jobs: formats that hold only part
/// of a job (flyteidl), as the output or (validating) the input, do not ask
/// for the members a CreateTrainingJob request requires.
fn requires_whole_job(from: FormatId, settings: &Settings) -> bool {
    settings
        .to
        .unwrap_or(from)
        .format()
        .requires_create_members()
}

/// The findings of one document as they are made, and whether one of them
/// fails it.
struct Findings<'a> {
    reports: &'a mut Vec<Report>,
    source: &'a Arc<Source>,
    document: Option<usize>,
    /// Where the document's reports start.
    start: usize,
    failed: bool,
    /// The input's suppression comments.
    suppressions: Option<&'a mut Suppressions>,
}

impl Findings<'_> {
    /// Records a finding; an error fails the document.
    fn push(&mut self, mut diag: Diagnostic) {
        // Positions of a chunk are relative to it; report them in the whole input's lines.
        if let Some(span) = &mut diag.span {
            span.line += self.source.line_offset;
        }
        if let Some(s) = self.suppressions.as_deref_mut() {
            s.suppress(&mut diag);
        }
        self.failed |= diag.is_error();
        self.reports.push(Report {
            source: self.source.clone(),
            document: self.document,
            diag,
        });
    }

    /// Records a finding about the input rather than this document.
    fn push_for_input(&mut self, diag: Diagnostic) {
        let document = self.document.take();
        self.push(diag);
        self.document = document;
    }

    /// The document's reports so far.
    fn reports(&mut self) -> &mut [Report] {
        &mut self.reports[self.start..]
    }
}

/// One document through the pipeline: read → overrides → checks → write.
fn process_doc(
    mut doc: crate::format::ReadDoc,
    from: FormatId,
    settings: &Settings,
    print: Option<bool>,
    findings: &mut Findings<'_>,
) -> Verdict {
    let format = from.format();
    let require = requires_whole_job(from, settings);
    let has_job = doc.job.is_some();
    let scoped = settings
        .configs
        .as_ref()
        .and_then(|c| c.get(&findings.source.name));
    for d in doc.diagnostics {
        // A note about something skipped beside a job (a Terraform
        // `provider` block) belongs to the file, not to that job.
        if has_job && d.code == Code::Skipped {
            findings.push_for_input(d);
        } else {
            findings.push(d);
        }
    }
    if settings.partial {
        return partial(doc.job, &doc.envelope, findings);
    }
    for mut d in std::mem::take(&mut doc.envelope.deferred) {
        if !require {
            if d.severity == Severity::Note {
                continue;
            }
            d.severity = Severity::Warning;
        }
        findings.push(d);
    }
    // Fields that could not be read are not checked again (a type error
    // should not also read as "missing required field").
    let unreadable: Vec<_> = doc_error_paths(findings.reports());
    let root = doc.root;
    let locate = |mut d: Diagnostic| {
        if let (Some(canon), Some(root)) = (&d.canon, &root) {
            let (path, span) = format.locate(root, canon);
            d.path = path;
            d.span = span;
        }
        d
    };
    for s in doc.skipped {
        findings.push(
            loss(
                settings.strict,
                "unknown field skipped (--allow-unknown); it is not in the output",
            )
            .with_path(s.path)
            .with_span(s.span),
        );
    }
    let Some(mut job) = doc.job else {
        return if findings.failed {
            Verdict::Failed
        } else {
            Verdict::NotAJob
        };
    };
    if let Some(to) = settings.to.filter(|to| !to.carries(job.resource())) {
        findings.push(unsupported_resource(to, job.resource()));
        return Verdict::Failed;
    }
    // A kept expression's placeholder is not the value: leave it unchecked.
    // Nor is what the service running the output sets itself required (a
    // Pipelines training step's TrainingJobName).
    let target = settings.to.map_or(format, FormatId::format);
    let unchecked = |d: &Diagnostic, envelope: &crate::format::Envelope| {
        (d.code == Code::Required
            && (!require || d.canon.as_ref().is_some_and(|c| target.set_by_service(c))))
            || d.canon.as_ref().is_some_and(|c| envelope.is_expression(c))
    };
    if findings.failed {
        // Report every constraint violation and rule finding at once,
        // then give up on the document.
        // Rules need every member read: only unknown fields (skipped,
        // not half-read) leave the rest of the job whole.
        let whole = findings
            .reports()
            .iter()
            .filter(|r| r.diag.is_error())
            .all(|r| r.diag.code == Code::UnknownField);
        for d in checks(&job, settings.rules && whole, require, scoped) {
            if unchecked(&d, &doc.envelope)
                || d.canon
                    .as_ref()
                    .is_some_and(|c| unreadable.iter().any(|u| c.0.starts_with(&u.0)))
            {
                continue;
            }
            let d = supply_hint(locate(d));
            if !merge_misnamed(findings.reports(), &d) {
                findings.push(d);
            }
        }
        return Verdict::Failed;
    }
    if !settings.overrides.is_empty() {
        match settings.overrides.apply(&job) {
            Ok((j, warnings)) => {
                job = j;
                warnings.into_iter().for_each(|d| findings.push(d));
            }
            Err(diags) => {
                diags.into_iter().for_each(|d| findings.push(d));
                return Verdict::Failed;
            }
        }
    }
    let overridden = !settings.overrides.is_empty();
    for d in crate::format::expression::settle(&mut doc.envelope, &job, overridden, settings.to) {
        findings.push(locate(d));
    }
    for d in checks(&job, settings.rules, require, scoped) {
        if !unchecked(&d, &doc.envelope) {
            findings.push(supply_hint(locate(d)));
        }
    }
    if require {
        for d in format.requirements(&job) {
            findings.push(supply_hint(locate(d)));
        }
    }
    let doc = Doc {
        job,
        envelope: doc.envelope,
    };
    for d in target.check(&doc, &settings.write) {
        findings.push(supply_hint(locate(d)));
    }
    let mut rendered = None;
    if let Some(to) = settings.to {
        // One write: what it cannot carry is reported, and what it wrote is printed.
        let mut losses = Vec::new();
        let out = write(to, &doc, &settings.write, &mut losses);
        for lost in losses {
            findings.push(lost_finding(to, lost, settings.strict, &locate));
        }
        if let (Some(several), false) = (print, findings.failed) {
            // Room for a typical job, so printing it seldom reallocates.
            let mut buf = Vec::with_capacity(4096);
            match to.format().render_bytes(&out, several, true, &mut buf) {
                Ok(()) => rendered = Some(buf),
                // The output format cannot hold this job here (several jobs
                // in a one-message format): the document fails, nothing is written.
                Err(e) => findings.push(Diagnostic::error(Code::Output, e.to_string())),
            }
        }
    }
    if findings.failed {
        Verdict::Failed
    } else {
        Verdict::Passed(Box::new(doc), rendered)
    }
}

/// The error for a job of a resource the output format does not carry.
fn unsupported_resource(to: FormatId, resource: tjspec_model::ResourceId) -> Diagnostic {
    let carried: Vec<&str> = FormatId::ALL
        .iter()
        .filter(|f| f.carries(resource))
        .map(|f| f.name())
        .collect();
    let mut message = format!("{to} does not carry a {} ({resource})", resource.name());
    if let Some(why) = to.format().why_not(resource) {
        message.push_str(": ");
        message.push_str(why);
    }
    Diagnostic::error(Code::Resource, message)
        .with_hint(format!("formats that carry it: {}", carried.join(", ")))
}

/// A part of a job to merge into others (`--overlay`): what reading found
/// fails it; what only its format's envelope holds (Kubernetes metadata, a
/// Datadog account) is not applied, and each such part is named.
fn partial(
    job: Option<tjspec_model::Job>,
    envelope: &crate::format::Envelope,
    findings: &mut Findings<'_>,
) -> Verdict {
    let mut ignored = Vec::new();
    crate::format::envelope_losses(envelope, &mut ignored);
    for lost in ignored {
        if let Lost::Envelope { path, span } = lost {
            let mut d = Diagnostic::warning(
                Code::Overlay,
                format!("`{path}` is not applied: an overlay sets training job members only"),
            )
            .with_path(path);
            d.span = span;
            findings.push(d);
        }
    }
    match job {
        _ if findings.failed => Verdict::Failed,
        Some(job) => Verdict::Passed(
            Box::new(Doc {
                job,
                envelope: crate::format::Envelope::default(),
            }),
            None,
        ),
        None => Verdict::NotAJob,
    }
}

/// Writes one job in a format: every write of the pipeline goes through
/// here, so a test can count them.
fn write<'a>(
    to: FormatId,
    doc: &'a Doc,
    options: &WriteOptions,
    losses: &mut Vec<Lost>,
) -> tjspec_runtime::Out<'a> {
    #[cfg(test)]
    tests::WRITES.with(|w| w.set(w.get() + 1));
    to.format().write(doc, options, losses)
}

/// The finding for something the output format `to` cannot carry.
fn lost_finding(
    to: FormatId,
    lost: Lost,
    strict: bool,
    locate: &dyn Fn(Diagnostic) -> Diagnostic,
) -> Diagnostic {
    let d = loss(
        strict,
        format!(
            "{} cannot carry this field; it is not in the output",
            to.name()
        ),
    );
    match lost {
        Lost::Field(canon) => locate(d.with_canon(canon)),
        // Leaving a format leaves its envelope behind: expected,
        // so a note, never a failure under --strict.
        Lost::Envelope { path, span } => {
            let mut d = envelope_note(to).with_path(path);
            d.span = span;
            d
        }
        // The output is a workflow of the same kind and could hold it.
        Lost::Workflow { path, span, reason } => {
            let mut d = loss(strict, reason).with_path(path);
            d.span = span;
            d
        }
        Lost::Altered { path, reason } => {
            let mut d = locate(d.with_canon(path));
            d.code = Code::Altered;
            d.message = reason;
            d
        }
    }
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
    Diagnostic::note(Code::Loss, format!("not carried to {}", to.name()))
}

/// Whether `d` is a note about an envelope part the output leaves behind
/// (one per document: printers may gather them).
pub fn is_envelope_note(d: &Diagnostic) -> bool {
    d.code == Code::Loss && d.severity == Severity::Note
}

/// A loss: a warning, or an error under `--strict`.
fn loss(strict: bool, message: impl Into<String>) -> Diagnostic {
    let mut d = Diagnostic::error(Code::Loss, message);
    if !strict {
        d.severity = Severity::Warning;
    }
    d
}

/// A missing required member: the hint names what to supply, down to the
/// values (`OutputDataConfig.S3OutputPath`, not `OutputDataConfig`), in
/// AWS member names. How to supply them is the caller's business (the CLI
/// names its flags).
fn supply_hint(mut d: Diagnostic) -> Diagnostic {
    if d.code == Code::Required && d.hint.is_none() {
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
    if required.code != Code::Required {
        return false;
    }
    for r in reports
        .iter_mut()
        .filter(|r| r.diag.code == Code::UnknownField)
    {
        let Some(tjspec_runtime::Detail::Suggestion(suggested)) = r.diag.detail.clone() else {
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
/// The rules' findings take the levels the input's configuration gives them.
fn checks(
    job: &tjspec_model::Job,
    rules: bool,
    require: bool,
    config: Option<&crate::config::Scoped>,
) -> Vec<Diagnostic> {
    let mut out = tjspec_model::validate(job);
    if rules {
        let mut found = crate::rules::check(job, require);
        match config {
            Some(c) => c.apply(&mut found, job.name()),
            None => crate::config::Config::default().apply(&mut found, None, None),
        }
        out.extend(found);
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
pub fn render_bytes(
    to: FormatId,
    docs: &[Doc],
    options: &WriteOptions,
) -> Result<Vec<u8>, crate::format::RenderError> {
    if let Some(doc) = docs.iter().find(|d| !to.carries(d.job.resource())) {
        return Err(crate::format::RenderError::Resource {
            format: to,
            resource: doc.job.resource(),
        });
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use tjspec_runtime::{CanonPath, Seg};

    thread_local! {
        /// Jobs written by the pipeline on this thread.
        pub(super) static WRITES: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

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

    /// An input of three jobs.
    fn three_jobs() -> Arc<Source> {
        let job = include_str!("../../examples/xgboost-churn.json");
        Arc::new(Source::new("jobs.json", format!("[{job},{job},{job}]")))
    }

    #[test]
    fn each_job_is_written_once_and_printed_from_that_write() {
        for to in FormatId::ALL
            .iter()
            .copied()
            .filter(|&f| f != FormatId::Flyteidl)
        {
            let settings = Settings {
                to: Some(to),
                print: Some(Print::default()),
                // The region flyteidl assumes anyway; sm-operator needs one.
                write: WriteOptions {
                    region: Some("us-east-1".into()),
                    ..WriteOptions::default()
                },
                ..Settings::default()
            };
            WRITES.with(|w| w.set(0));
            let outcome = process(&three_jobs(), None, &settings);
            assert_eq!(outcome.failed, 0, "{to}: {:?}", outcome.reports);
            assert_eq!(outcome.jobs.len(), 3, "{to}");
            assert_eq!(
                WRITES.with(std::cell::Cell::get),
                3,
                "{to}: one write per job"
            );
            assert_eq!(outcome.rendered.len(), 3, "{to}");
            // What was printed is what writing the job prints.
            let format = to.format();
            for (doc, printed) in outcome.jobs.iter().zip(&outcome.rendered) {
                let mut expected = Vec::new();
                let out = format.write(doc, &settings.write, &mut Vec::new());
                format
                    .render_bytes(&out, true, true, &mut expected)
                    .unwrap();
                assert_eq!(printed, &expected, "{to}");
            }
        }
    }

    #[test]
    fn a_job_failing_at_its_write_is_written_once_and_not_printed() {
        // Under --strict a loss fails the document: its findings come from
        // the one write, and nothing is printed for it.
        // flyteidl's message holds part of a job: the role, the output
        // location and more are lost.
        let settings = Settings {
            to: Some(FormatId::FlyteidlJson),
            print: Some(Print::default()),
            strict: true,
            ..Settings::default()
        };
        let job = include_str!("../../examples/xgboost-churn.json");
        let source = Arc::new(Source::new("job.json", job));
        WRITES.with(|w| w.set(0));
        let outcome = process(&source, None, &settings);
        assert_eq!(WRITES.with(std::cell::Cell::get), 1);
        assert_eq!((outcome.documents, outcome.failed), (1, 1));
        assert!(outcome.rendered.is_empty() && outcome.jobs.is_empty());
        assert!(outcome
            .reports
            .iter()
            .any(|r| r.diag.code == Code::Loss && r.diag.is_error()));
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
