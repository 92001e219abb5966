//! The formats a training job takes, behind one trait.
//!
//! Each format module reads its syntax into jobs (keeping the document tree
//! for locating later findings) and writes jobs back. Everything else — the
//! pipeline, overrides, validation, diagnostics — is shared. Adding a format
//! is one module here plus its binding in the generator.

pub mod ack;
pub mod aws;
pub mod datadog;
pub mod flyteidl;
pub mod terraform;

use std::path::Path;

use tjspec_model::TrainingJob;
use tjspec_runtime::read::Skipped;
use tjspec_runtime::{CanonPath, Diagnostic, Node, NodeKind, Out, Span};

use crate::source::Source;

/// Every supported format, by the name the CLI uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, clap::ValueEnum)]
#[non_exhaustive]
pub enum FormatId {
    /// AWS API JSON (CreateTrainingJob request / DescribeTrainingJob response); JSON Lines for several jobs.
    Aws,
    /// The AWS API shape as YAML (`aws sagemaker create-training-job --cli-input-yaml`).
    AwsYaml,
    /// ACK TrainingJob manifests (`sagemaker.services.k8s.aws/v1alpha1`), YAML or JSON.
    Ack,
    /// Flyte's `flyteidl.plugins.sagemaker.TrainingJob`, protobuf binary.
    Flyteidl,
    /// Flyte's `flyteidl.plugins.sagemaker.TrainingJob`, proto3 JSON (also read from a TaskTemplate's `custom`).
    FlyteidlJson,
    /// Terraform HCL, metio/k8s provider: the ACK TrainingJob manifest
    /// (`k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest`).
    TfK8s,
    /// Terraform HCL, hashicorp/aws provider: `aws_sagemaker_training_job`.
    TfAws,
    /// Datadog `aws_sagemaker_trainingjob` resource rows (snake_case JSON; JSON Lines for an inventory).
    Datadog,
}

impl FormatId {
    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            FormatId::Aws => "aws",
            FormatId::AwsYaml => "aws-yaml",
            FormatId::Ack => "ack",
            FormatId::Flyteidl => "flyteidl",
            FormatId::FlyteidlJson => "flyteidl-json",
            FormatId::TfK8s => "tf-k8s",
            FormatId::TfAws => "tf-aws",
            FormatId::Datadog => "datadog",
        }
    }

    /// The format's implementation.
    pub fn format(self) -> &'static dyn Format {
        match self {
            FormatId::Aws => &aws::AwsJson,
            FormatId::AwsYaml => &aws::AwsYaml,
            FormatId::Ack => &ack::Ack,
            FormatId::Flyteidl => &flyteidl::FlyteidlBinary,
            FormatId::FlyteidlJson => &flyteidl::FlyteidlJson,
            FormatId::TfK8s => &terraform::TfK8s,
            FormatId::TfAws => &terraform::TfAws,
            FormatId::Datadog => &datadog::Datadog,
        }
    }

    /// How the format names members (for paths in diagnostics and diffs).
    pub fn binding(self) -> &'static tjspec_runtime::Binding {
        match self {
            FormatId::Aws | FormatId::AwsYaml => &tjspec_model::bindings::aws::AWS,
            FormatId::Ack => &tjspec_model::bindings::ack::ACK,
            // flyteidl's message is mapped, not named member by member: paths
            // in diagnostics and diffs use the AWS names.
            FormatId::Flyteidl | FormatId::FlyteidlJson => &tjspec_model::bindings::aws::AWS,
            FormatId::TfK8s => &tjspec_model::bindings::tf_k8s::TF_K8S,
            FormatId::TfAws => &tjspec_model::bindings::tf_aws::TF_AWS,
            FormatId::Datadog => &tjspec_model::bindings::datadog::DATADOG,
        }
    }

    /// Every format.
    pub const ALL: &'static [FormatId] = &[
        FormatId::Aws,
        FormatId::AwsYaml,
        FormatId::Ack,
        FormatId::Flyteidl,
        FormatId::FlyteidlJson,
        FormatId::TfK8s,
        FormatId::TfAws,
        FormatId::Datadog,
    ];
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
#[non_exhaustive]
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
    /// Values written as expressions tjspec cannot evaluate (HCL references
    /// and templates) read under `--keep-expressions`: the job holds a
    /// placeholder there, HCL writers put the expression back.
    pub expressions: Vec<Expression>,
    /// Findings that are errors only when the output needs a whole AWS job
    /// (a flyteidl XGBOOST version without a known image): warnings when
    /// converting between forms that do not. Notes here (defaults the
    /// input's system applied) are shown only where a whole job is written.
    pub deferred: Vec<Diagnostic>,
    /// Parts of the input the job holds in another form, by their path in
    /// the input's format: the same format writes them back as read (the
    /// flyteidl XGBoost version `0.90`, which the job holds as the image it
    /// names) or leaves out again what the reader filled in (Flyte's
    /// defaults). Other formats carry the job's form and lose nothing.
    pub implied: Vec<(String, Node)>,
}

/// A member whose value is an expression carried through verbatim.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    /// The member (or list element, or map entry).
    pub canon: CanonPath,
    /// The expression as written (`aws_iam_role.r.arn`).
    pub text: String,
    /// Where the input has it.
    pub span: Span,
}

impl Envelope {
    /// Whether `canon` is, or lies inside, a value carried as an expression
    /// (its placeholder is not checked against the schema).
    pub fn is_expression(&self, canon: &CanonPath) -> bool {
        self.expressions
            .iter()
            .any(|e| canon.0.starts_with(&e.canon.0))
    }
}

/// A job on its way through the pipeline: the job and its envelope.
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
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

    /// A document whose text could not be parsed.
    pub fn syntax_error(index: usize, e: crate::syntax::SyntaxError) -> Self {
        ReadDoc::failed(index, e.into_diagnostic())
    }
}

/// Options for reading.
#[derive(Clone, Debug, Default)]
#[non_exhaustive]
pub struct ReadOptions {
    /// How strictly members are read.
    pub members: tjspec_runtime::ReadOptions,
    /// AWS region for formats whose meaning depends on it (flyteidl's
    /// built-in XGBoost image); `None` is us-east-1.
    pub region: Option<String>,
    /// Carry HCL expressions through (to HCL outputs) instead of failing on them.
    pub keep_expressions: bool,
}

/// Options for writing (the default keeps status members: see `options.rs`).
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct WriteOptions {
    /// Write status members (DescribeTrainingJob's) when the job has them.
    pub include_status: bool,
    /// Kubernetes namespace for formats with object metadata.
    pub namespace: Option<String>,
    /// AWS region for formats whose meaning depends on it (flyteidl's
    /// built-in XGBoost image); `None` is us-east-1.
    pub region: Option<String>,
    /// Which block `tf-k8s` writes.
    pub tf_k8s_kind: terraform::TfK8sKind,
}

/// Something the output cannot carry.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
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

    /// What writing `doc` in this format needs beyond the schema (members
    /// the format requires, names it derives), as findings. The pipeline
    /// asks the output format (`validate`: the input's own).
    fn check(&self, _doc: &Doc, _options: &WriteOptions) -> Vec<Diagnostic> {
        Vec::new()
    }

    /// Prints one written job; `several` says whether the output holds more
    /// than one, `first` whether this is the first.
    fn render(&self, out: &Out<'_>, several: bool, first: bool, buf: &mut String);

    /// The file extension for outputs (`json`).
    fn extension(&self) -> &'static str;

    /// How a long input in this format can be cut into documents while it
    /// is read (`head` is its beginning). Whole by default.
    fn split(&self, head: &str) -> crate::stream::Split {
        let _ = head;
        crate::stream::Split::Whole
    }

    /// What goes between two rendered documents when `render` is called
    /// with `first` set for each (YAML: `---`).
    fn separator(&self) -> &'static str {
        ""
    }

    /// Prints one written job as bytes. Text formats keep this default (the
    /// UTF-8 of [`Format::render`]); binary formats override it, and may
    /// refuse what they cannot print (several jobs in a one-message format).
    fn render_bytes(
        &self,
        out: &Out<'_>,
        several: bool,
        first: bool,
        buf: &mut Vec<u8>,
    ) -> Result<(), String> {
        let mut text = String::new();
        self.render(out, several, first, &mut text);
        buf.extend_from_slice(text.as_bytes());
        Ok(())
    }

    /// Whether a job written in this format needs the members a
    /// CreateTrainingJob request requires. Formats that hold only part of a
    /// job (flyteidl) say no: converting to them (or validating an input in
    /// them) does not ask for the AWS-only members.
    fn requires_create_members(&self) -> bool {
        true
    }

    /// What a job read in this format still needs, beyond the schema's
    /// required members, before a format that requires them can be written
    /// (checked after `--set`/`--overlay`). flyteidl's CUSTOM algorithm
    /// names no image, for example.
    fn requirements(&self, _job: &TrainingJob) -> Vec<Diagnostic> {
        Vec::new()
    }
}

/// A document-tree value carried to an output as it was read (metadata,
/// envelope parts), nulls left out; `string` makes its strings.
pub fn node_out<'a>(
    node: &'a Node,
    string: fn(std::borrow::Cow<'a, str>) -> Out<'a>,
) -> Option<Out<'a>> {
    use std::borrow::Cow;
    Some(match &node.kind {
        NodeKind::Null => return None,
        NodeKind::Bool(b) => Out::Bool(*b),
        NodeKind::Int(i) => match i64::try_from(*i) {
            Ok(i) => Out::Int(i),
            // Beyond 64 bits: the nearest number rather than nothing.
            Err(_) => Out::Float(*i as f64),
        },
        NodeKind::Float(f) => Out::Float(*f),
        NodeKind::Str(s, _) => string(Cow::Borrowed(s)),
        NodeKind::Expr(e) => Out::Expr(Cow::Borrowed(e)),
        NodeKind::Seq(items) => Out::Seq(
            items
                .iter()
                .filter_map(|item| node_out(item, string))
                .collect(),
        ),
        NodeKind::Map(entries) => Out::Map(
            entries
                .iter()
                .filter_map(|(k, v)| Some((Cow::Borrowed(k.name.as_str()), node_out(v, string)?)))
                .collect(),
        ),
    })
}

/// Envelope parts that a format without an envelope cannot carry.
pub fn envelope_losses(envelope: &Envelope, losses: &mut Vec<Lost>) {
    if let Some(meta) = &envelope.metadata {
        if let NodeKind::Map(entries) = &meta.kind {
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
    for e in &envelope.expressions {
        losses.push(Lost::Field(e.canon.clone()));
    }
}

/// Picks the format of an input from its extension and content, or says
/// which formats it could be. Content decides: a `.json` or `.yaml` file
/// that holds no training job in any form (a `package.json`, a CI
/// workflow) is not read as an AWS job with every key unknown.
pub fn detect(path: Option<&Path>, text: &str) -> Result<FormatId, String> {
    let ext = path
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    if let Some(f) = flyteidl::sniff(ext.as_deref(), text) {
        return Ok(f);
    }
    // Kubernetes objects of every kind go to the ACK reader, which reads
    // TrainingJobs and skips other kinds with a notice.
    if ack::looks_like_ack(text) || looks_like_kubernetes(text) {
        return Ok(FormatId::Ack);
    }
    let first = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .next();
    let json = match ext.as_deref() {
        Some("json" | "jsonl" | "ndjson") => true,
        Some("yaml" | "yml") => false,
        Some("tf" | "hcl") => return terraform::detect(text),
        _ if matches!(first, Some('{' | '[')) => true,
        _ => {
            if let Ok(f) = terraform::detect(text) {
                return Ok(f);
            }
            false
        }
    };
    if json && datadog::looks_like(text) {
        return Ok(FormatId::Datadog);
    }
    if has_job_member(text) {
        return Ok(if json {
            FormatId::Aws
        } else {
            FormatId::AwsYaml
        });
    }
    let candidates = if json {
        "aws, datadog, flyteidl-json"
    } else {
        "aws-yaml, ack"
    };
    Err(format!(
        "holds no training job that tjspec can recognise (no training job member such as `TrainingJobName` or `AlgorithmSpecification` as a key, no Kubernetes `apiVersion`/`kind`); candidates: {candidates}; pass --from to read it as one of them"
    ))
}

/// Whether a top-level member of the training job (`RoleArn`,
/// `TrainingJobName`, …) appears as a key: quoted and followed by `:`
/// (JSON), or at the start of a line and followed by `:` (YAML).
fn has_job_member(text: &str) -> bool {
    let schema = tjspec_model::SCHEMA;
    schema
        .members(schema.root)
        .iter()
        .any(|m| is_key(text, m.name))
}

/// Whether `name` appears in `text` as a mapping key.
fn is_key(text: &str, name: &str) -> bool {
    text.match_indices(name).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = &text[at + name.len()..];
        let (quoted, after) = match (before, after.strip_prefix(['"', '\''])) {
            (Some('"' | '\''), Some(rest)) => (true, rest),
            _ => (false, after),
        };
        if !quoted {
            // YAML: at the start of its line (after indentation or a list
            // dash) or of a flow mapping entry (`{Name: …`, `, Name: …`).
            let line = &text[text[..at].rfind('\n').map_or(0, |n| n + 1)..at];
            if !matches!(
                line.trim_end().chars().next_back(),
                None | Some('-' | '{' | ',')
            ) {
                return false;
            }
        }
        after.trim_start_matches([' ', '\t']).starts_with(':')
    })
}

/// Whether the text is a Kubernetes object: `apiVersion` and `kind` keys.
fn looks_like_kubernetes(text: &str) -> bool {
    is_key(text, "apiVersion") && is_key(text, "kind")
}
