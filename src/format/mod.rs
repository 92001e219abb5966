//! The formats a training job takes, behind one trait.
//!
//! Each format module reads its syntax into jobs (keeping the document tree
//! for locating later findings) and writes jobs back. Everything else — the
//! pipeline, overrides, validation, diagnostics — is shared. Adding a format
//! is one module here plus its binding in the generator.

pub mod aws;

use std::path::Path;

use tjspec_model::TrainingJob;
use tjspec_runtime::read::Skipped;
use tjspec_runtime::{CanonPath, Diagnostic, Node, Out, ReadOptions, Span};

use crate::source::Source;

/// Every supported format, by the name the CLI uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
pub enum FormatId {
    /// AWS API JSON (CreateTrainingJob request / DescribeTrainingJob response); JSON Lines for several jobs.
    Aws,
    /// The AWS API shape as YAML (`aws sagemaker create-training-job --cli-input-yaml`).
    AwsYaml,
}

impl FormatId {
    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            FormatId::Aws => "aws",
            FormatId::AwsYaml => "aws-yaml",
        }
    }

    /// The format's implementation.
    pub fn format(self) -> &'static dyn Format {
        match self {
            FormatId::Aws => &aws::AwsJson,
            FormatId::AwsYaml => &aws::AwsYaml,
        }
    }

    /// Every format.
    pub const ALL: &'static [FormatId] = &[FormatId::Aws, FormatId::AwsYaml];
}

impl std::fmt::Display for FormatId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One document read from an input.
#[derive(Debug)]
pub struct ReadDoc {
    /// Position of the document in its input (0-based).
    pub index: usize,
    /// The job, when the document could be read at all.
    pub job: Option<TrainingJob>,
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
            root: None,
            diagnostics: vec![diagnostic],
            skipped: Vec::new(),
        }
    }
}

/// Options for writing.
#[derive(Clone, Copy, Debug)]
pub struct WriteOptions {
    /// Write status members (DescribeTrainingJob's) when the job has them.
    pub include_status: bool,
}

/// A format: reading, locating and writing.
pub trait Format: Sync {
    /// Which format this is.
    fn id(&self) -> FormatId;

    /// Reads every document of an input.
    fn read(&self, source: &Source, options: ReadOptions) -> Vec<ReadDoc>;

    /// Spells a canonical path in this format and finds it in a document tree.
    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>);

    /// Writes one job; members the format cannot carry go to `losses`.
    fn write<'a>(
        &self,
        job: &'a TrainingJob,
        options: WriteOptions,
        losses: &mut Vec<CanonPath>,
    ) -> Out<'a>;

    /// Prints one written job; `several` says whether the output holds more than one.
    fn render(&self, out: &Out<'_>, several: bool, first: bool, buf: &mut String);

    /// The file extension for outputs (`json`).
    fn extension(&self) -> &'static str;
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
        Some("json" | "jsonl" | "ndjson") => return Ok(FormatId::Aws),
        Some("yaml" | "yml") => return Ok(FormatId::AwsYaml),
        _ => {}
    }
    match first {
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
