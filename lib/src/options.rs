//! Constructors and builders for the library's option and result types.
//!
//! The types themselves live beside the code that uses them
//! ([`Settings`](crate::pipeline::Settings) in the pipeline, the read and
//! write options with the formats); they are `#[non_exhaustive]`, so a new
//! option is not a breaking change, and crates that depend on tjspec build
//! them here: `Settings::new().to(FormatId::Ack).strict(true)`.

use std::sync::Arc;

use tjspec_model::TrainingJob;
use tjspec_runtime::Diagnostic;

use crate::diff::DiffOptions;
use crate::format::terraform::TfK8sKind;
use crate::format::{Doc, FormatId, ReadOptions, WriteOptions};
use crate::overrides::Overrides;
use crate::pipeline::{Outcome, Settings};
use crate::report::Report;
use crate::source::Source;

impl Settings {
    /// Reads in the detected format, checks the schema's constraints, and
    /// writes nothing (set [`Settings::to`] to convert).
    pub fn new() -> Self {
        Settings::default()
    }

    /// Reads the input as `format` instead of detecting it (`None`:
    /// detect).
    pub fn from(mut self, format: impl Into<Option<FormatId>>) -> Self {
        self.from = format.into();
        self
    }

    /// Converts to `format`: its losses and its own checks are reported
    /// (`None`: only validate).
    pub fn to(mut self, format: impl Into<Option<FormatId>>) -> Self {
        self.to = format.into();
        self
    }

    /// How to read.
    pub fn read(mut self, options: ReadOptions) -> Self {
        self.read = options;
        self
    }

    /// How to write.
    pub fn write(mut self, options: WriteOptions) -> Self {
        self.write = options;
        self
    }

    /// Fails a document whose output would lose a field (`--strict`).
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Runs the cross-field rules too (`validate`, `convert --validate`).
    pub fn rules(mut self, rules: bool) -> Self {
        self.rules = rules;
        self
    }

    /// Applies `--set`/`--overlay`-style overrides to every document.
    pub fn overrides(mut self, overrides: Overrides) -> Self {
        self.overrides = overrides;
        self
    }

    /// Prints each job into [`Outcome::rendered`] from the same write its
    /// losses come from (with [`Settings::to`]).
    pub fn print(mut self, print: impl Into<Option<crate::pipeline::Print>>) -> Self {
        self.print = print.into();
        self
    }

    /// Reads the input as part of a job to merge into others (`--overlay`):
    /// what reading finds is reported, but it is not checked as a job of
    /// its own.
    pub fn partial(mut self, partial: bool) -> Self {
        self.partial = partial;
        self
    }

    /// Passes over an input holding no training job with a notice instead
    /// of failing on it.
    pub fn skip_unrecognized(mut self, skip: bool) -> Self {
        self.skip_unrecognized = skip;
        self
    }

    /// Gives the rules the levels of each input's configuration
    /// (`.tjspec.toml`); inputs without one get each rule's default.
    pub fn configs(
        mut self,
        configs: impl Into<Option<std::sync::Arc<crate::config::Configs>>>,
    ) -> Self {
        self.configs = configs.into();
        self
    }
}

impl Outcome {
    /// An input that went no further than one finding (it could not be
    /// read, or holds no training job): one failed document when the
    /// finding is an error, no document when it is a notice.
    pub fn whole_input(report: Report) -> Self {
        let failed = usize::from(report.diag.is_error());
        Outcome {
            reports: vec![report],
            documents: failed,
            failed,
            ..Outcome::default()
        }
    }
}

impl ReadOptions {
    /// Unknown fields are errors; expressions are errors; us-east-1.
    pub fn new() -> Self {
        ReadOptions::default()
    }

    /// Skips unknown fields, naming each as a loss, instead of failing on
    /// them (responses of a newer API than the schema).
    pub fn allow_unknown(mut self, allow: bool) -> Self {
        self.members.allow_unknown = allow;
        self
    }

    /// The AWS region for formats whose meaning depends on it (flyteidl's
    /// built-in XGBoost image).
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Carries HCL expressions through to HCL outputs instead of failing
    /// on them.
    pub fn keep_expressions(mut self, keep: bool) -> Self {
        self.keep_expressions = keep;
        self
    }

    /// Puts each SageMaker Pipelines parameter's `DefaultValue` in place of
    /// its references (`{"Get": "Parameters.X"}`).
    pub fn pipeline_parameter_defaults(mut self, defaults: bool) -> Self {
        self.pipeline_parameters.defaults = defaults;
        self
    }

    /// Puts the given values (`NAME`, `VALUE`, read as the parameter's type
    /// says) in place of SageMaker Pipelines parameter references; they win
    /// over defaults.
    pub fn pipeline_parameters(
        mut self,
        values: impl IntoIterator<Item = (String, String)>,
    ) -> Self {
        self.pipeline_parameters.values.extend(values);
        self
    }
}

impl Default for WriteOptions {
    /// Keeps everything the job holds: status members are written when the
    /// job has them, as the command does unless told `--no-status`.
    fn default() -> Self {
        WriteOptions {
            include_status: true,
            namespace: None,
            region: None,
            tf_k8s_kind: TfK8sKind::default(),
            sfn_query_language: None,
        }
    }
}

impl WriteOptions {
    /// Everything the job holds, status members included.
    pub fn new() -> Self {
        WriteOptions::default()
    }

    /// Whether to write status members (DescribeTrainingJob's) when the
    /// job has them; `false` writes a CreateTrainingJob request, which is
    /// not a loss.
    pub fn include_status(mut self, include: bool) -> Self {
        self.include_status = include;
        self
    }

    /// The Kubernetes namespace for formats with object metadata; one the
    /// API server would refuse is an error (see [`check_namespace`]).
    pub fn namespace(mut self, namespace: impl Into<String>) -> Result<Self, InvalidNamespace> {
        let namespace = namespace.into();
        check_namespace(&namespace)?;
        self.namespace = Some(namespace);
        Ok(self)
    }

    /// The AWS region for formats whose meaning depends on it.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Which block `tf-k8s` writes.
    pub fn tf_k8s_kind(mut self, kind: TfK8sKind) -> Self {
        self.tf_k8s_kind = kind;
        self
    }

    /// The query language of `sfn` output states; `None` keeps the input
    /// state's (JSONPath for other inputs).
    pub fn sfn_query_language(
        mut self,
        language: Option<crate::format::sfn::QueryLanguage>,
    ) -> Self {
        self.sfn_query_language = language;
        self
    }
}

/// A Kubernetes namespace the API server would refuse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{namespace}` is not a valid Kubernetes namespace: {reason}")]
#[non_exhaustive]
pub struct InvalidNamespace {
    /// The namespace as given.
    pub namespace: String,
    /// Why not (`only lower-case letters, digits and `-` are allowed`).
    pub reason: &'static str,
}

/// Checks that `namespace` is a Kubernetes namespace (a DNS label), as
/// [`WriteOptions::namespace`] does.
///
/// ```
/// assert!(tjspec::check_namespace("ml-training").is_ok());
/// let e = tjspec::check_namespace("ML").unwrap_err();
/// assert_eq!(e.to_string(), "`ML` is not a valid Kubernetes namespace: only lower-case letters, digits and `-` are allowed");
/// ```
pub fn check_namespace(namespace: &str) -> Result<(), InvalidNamespace> {
    match crate::format::ack::namespace_problem(namespace) {
        None => Ok(()),
        Some(reason) => Err(InvalidNamespace {
            namespace: namespace.to_owned(),
            reason,
        }),
    }
}

impl DiffOptions {
    /// What `tjspec diff` compares by default: no status members, nothing
    /// the service fills in by itself.
    pub fn new() -> Self {
        DiffOptions::default()
    }

    /// Compares everything (`--exact`): what the service fills in by
    /// itself and, in [`compare`](crate::diff::compare), the envelope.
    pub fn exact(mut self, exact: bool) -> Self {
        self.exact = exact;
        self
    }

    /// Compares status members too (`--status`).
    pub fn status(mut self, status: bool) -> Self {
        self.status = status;
        self
    }
}

impl Doc {
    /// A job of any resource (a `TrainingJob`, a `Job`) with no envelope
    /// (no Kubernetes metadata, no Terraform label).
    pub fn new(job: impl Into<tjspec_model::Job>) -> Self {
        Doc {
            job: job.into(),
            envelope: Default::default(),
        }
    }
}

impl Doc {
    /// The same job with `envelope` (what its format carried beside it).
    pub fn with_envelope(mut self, envelope: crate::format::Envelope) -> Self {
        self.envelope = envelope;
        self
    }
}

impl From<TrainingJob> for Doc {
    fn from(job: TrainingJob) -> Self {
        Doc::new(job)
    }
}

impl Report {
    /// A finding about `source`; `document` counts from 0 and is `None`
    /// when the input holds one document.
    pub fn new(source: Arc<Source>, document: Option<usize>, diag: Diagnostic) -> Self {
        Report {
            source,
            document,
            diag,
        }
    }
}

/// One line, as compilers print findings:
/// `jobs.yaml:14:3: error[required] RoleArn: missing required field (supply `RoleArn`) [document 2]`.
impl std::fmt::Display for Report {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let d = &self.diag;
        f.write_str(&self.source.name)?;
        if let Some(span) = d.span.as_ref().filter(|s| s.is_known()) {
            write!(f, ":{}:{}", span.line, span.col)?;
        }
        write!(f, ": {}[{}]", d.severity.as_str(), d.code)?;
        if !d.path.is_empty() {
            write!(f, " {}", d.path)?;
        }
        write!(f, ": {}", d.message)?;
        if let Some(hint) = &d.hint {
            write!(f, " ({hint})")?;
        }
        if let Some(n) = self.document {
            write!(f, " [document {}]", n + 1)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tjspec_runtime::Span;

    #[test]
    fn write_options_keep_status_by_default() {
        assert!(WriteOptions::default().include_status);
        assert!(!WriteOptions::new().include_status(false).include_status);
    }

    #[test]
    fn settings_build_like_the_command_flags() {
        let s = Settings::new()
            .from(FormatId::Aws)
            .to(FormatId::Ack)
            .strict(true)
            .rules(true)
            .read(ReadOptions::new().allow_unknown(true).region("eu-west-1"))
            .write(WriteOptions::new().namespace("ml").unwrap());
        assert_eq!((s.from, s.to), (Some(FormatId::Aws), Some(FormatId::Ack)));
        assert!(s.strict && s.rules && s.read.members.allow_unknown);
        assert_eq!(s.read.region.as_deref(), Some("eu-west-1"));
        assert_eq!(s.write.namespace.as_deref(), Some("ml"));
        assert!(s.write.include_status);
        assert_eq!(
            WriteOptions::new().namespace("Team_A").unwrap_err().reason,
            "only lower-case letters, digits and `-` are allowed"
        );
    }

    #[test]
    fn a_report_prints_on_one_line_with_its_position_and_document() {
        let source = Arc::new(Source::new("jobs.yaml", "a: 1\n"));
        let diag = Diagnostic::error(tjspec_runtime::Code::Required, "missing required field")
            .with_path("RoleArn")
            .with_span(Span::new(14, 3, 1));
        let mut diag = diag;
        diag.hint = Some("supply `RoleArn`".into());
        assert_eq!(
            Report::new(source.clone(), Some(1), diag).to_string(),
            "jobs.yaml:14:3: error[required] RoleArn: missing required field (supply `RoleArn`) [document 2]"
        );
        let note = Diagnostic::note(tjspec_runtime::Code::Skipped, "not a TrainingJob");
        assert_eq!(
            Report::new(source, None, note).to_string(),
            "jobs.yaml: note[skipped]: not a TrainingJob"
        );
    }
}
