//! The formats a training job takes, behind one trait.
//!
//! Each format module reads its syntax into jobs (keeping the document tree
//! for locating later findings) and writes jobs back. Everything else — the
//! pipeline, overrides, validation, diagnostics — is shared. Adding a format
//! is one module here plus its binding in the generator.

pub mod aws;
pub mod datadog;

use std::path::Path;

use tjspec_model::TrainingJob;
use tjspec_runtime::read::Skipped;
use tjspec_runtime::{CanonPath, Diagnostic, Node, Out, Span};

use crate::source::Source;

/// Every supported format, by the name the CLI uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum FormatId {
    /// AWS API JSON (CreateTrainingJob request / DescribeTrainingJob response); JSON Lines for several jobs.
    Aws,
    /// The AWS API shape as YAML (`aws sagemaker create-training-job --cli-input-yaml`).
    AwsYaml,
    /// Datadog `aws_sagemaker_trainingjob` resource rows (snake_case JSON; JSON Lines for an inventory).
    Datadog,
}

impl FormatId {
    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            FormatId::Aws => "aws",
            FormatId::AwsYaml => "aws-yaml",
            FormatId::Datadog => "datadog",
        }
    }

    /// The format's implementation.
    pub fn format(self) -> &'static dyn Format {
        match self {
            FormatId::Aws => &aws::AwsJson,
            FormatId::AwsYaml => &aws::AwsYaml,
            FormatId::Datadog => &datadog::Datadog,
        }
    }

    /// Every format.
    pub const ALL: &'static [FormatId] = &[FormatId::Aws, FormatId::AwsYaml, FormatId::Datadog];
}

impl std::fmt::Display for FormatId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// What a format carries beside the job itself: Kubernetes metadata, a
/// Terraform block label, parts only the same format can hold. Writers of
/// the same format put it back; writers of other formats name what they
/// cannot carry as losses.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Envelope {
    /// The format the document was read from.
    pub from: Option<FormatId>,
    /// Kubernetes object metadata (`metadata` of an ACK manifest or a
    /// Terraform k8s manifest), as written.
    pub metadata: Option<Node>,
    /// A name outside the job, such as a Terraform block label.
    pub label: Option<String>,
    /// Other parts only the same format can write back, by their path in
    /// that format (`status.conditions`).
    pub extras: Vec<(String, Node)>,
}

/// A job on its way through the pipeline: the job and its envelope.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Doc {
    /// The training job.
    pub job: TrainingJob,
    /// What the input format carried beside it.
    pub envelope: Envelope,
}

/// One document read from an input.
#[derive(Debug)]
pub struct ReadDoc {
    /// Position of the document in its input (0-based).
    pub index: usize,
    /// The job, when the document could be read at all.
    pub job: Option<TrainingJob>,
    /// What the format carried beside the job.
    pub envelope: Envelope,
    /// The document tree, to locate findings made after reading.
    pub root: Option<Node>,
    /// What reading found (errors make the document fail).
    pub diagnostics: Vec<Diagnostic>,
    /// Unknown fields skipped under `--allow-unknown` (reported as losses).
    pub skipped: Vec<Skipped>,
}

impl ReadDoc {
    /// A document that failed before any job could be read.
    pub fn failed(index: usize, diagnostic: Diagnostic) -> Self {
        ReadDoc {
            index,
            job: None,
            envelope: Envelope::default(),
            root: None,
            diagnostics: vec![diagnostic],
            skipped: Vec::new(),
        }
    }
}

/// Options for reading.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// How strictly members are read.
    pub members: tjspec_runtime::ReadOptions,
}

/// Options for writing.
#[derive(Clone, Debug, Default)]
pub struct WriteOptions {
    /// Write status members (DescribeTrainingJob's) when the job has them.
    pub include_status: bool,
    /// Kubernetes namespace for formats with object metadata.
    pub namespace: Option<String>,
}

/// Something the output cannot carry.
#[derive(Clone, Debug, PartialEq)]
pub enum Lost {
    /// A member of the job.
    Field(CanonPath),
    /// A part of the envelope, by its path in the input's spelling.
    Envelope {
        /// The path (`metadata.labels`).
        path: String,
        /// Where the input has it.
        span: Option<Span>,
    },
    /// A member the output holds in a form that reads back differently
    /// (a Datadog tag key with a `:`).
    Altered {
        /// The member.
        path: CanonPath,
        /// What changes, in one sentence.
        reason: String,
    },
}

/// A format: reading, locating and writing.
pub trait Format: Sync {
    /// Which format this is.
    fn id(&self) -> FormatId;

    /// Reads every document of an input.
    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc>;

    /// Spells a canonical path in this format and finds it in a document tree.
    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>);

    /// Writes one job; whatever the format cannot carry goes to `losses`.
    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a>;

    /// Prints one written job; `several` says whether the output holds more
    /// than one, `first` whether this is the first.
    fn render(&self, out: &Out<'_>, several: bool, first: bool, buf: &mut String);

    /// The file extension for outputs (`json`).
    fn extension(&self) -> &'static str;
}

/// Envelope parts that a format without an envelope cannot carry.
pub fn envelope_losses(envelope: &Envelope, losses: &mut Vec<Lost>) {
    if let Some(meta) = &envelope.metadata {
        if let tjspec_runtime::NodeKind::Map(entries) = &meta.kind {
            for (k, v) in entries {
                // `name` becomes TrainingJobName's counterpart and a null means absent.
                if k.name == "name" || v.is_null() {
                    continue;
                }
                losses.push(Lost::Envelope {
                    path: format!("metadata.{}", k.name),
                    span: Some(k.span).filter(|s| s.is_known()),
                });
            }
        }
    }
    for (path, node) in &envelope.extras {
        losses.push(Lost::Envelope {
            path: path.clone(),
            span: Some(node.span).filter(|s| s.is_known()),
        });
    }
}

/// Picks the format of an input from its extension and content, or says
/// which formats it could be.
pub fn detect(path: Option<&Path>, text: &str) -> Result<FormatId, String> {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let first = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next();
    match ext.as_deref() {
        Some("json" | "jsonl" | "ndjson") if datadog::looks_like(text) => {
            return Ok(FormatId::Datadog)
        }
        Some("json" | "jsonl" | "ndjson") => return Ok(FormatId::Aws),
        Some("yaml" | "yml") => return Ok(FormatId::AwsYaml),
        _ => {}
    }
    match first {
        Some('{' | '[') if datadog::looks_like(text) => Ok(FormatId::Datadog),
        Some('{' | '[') => Ok(FormatId::Aws),
        Some(_) if text.contains("TrainingJobName") => Ok(FormatId::AwsYaml),
        _ => Err(format!(
            "cannot tell the format of the input; candidates: {}; pass --from",
            FormatId::ALL
                .iter()
                .map(|f| f.name())
                .collect::<Vec<_>>()
                .join(", ")
        )),
    }
}
