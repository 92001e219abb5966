//! The formats a training job takes, behind one trait.
//!
//! Each format module reads its syntax into jobs (keeping the document tree
//! for locating later findings), writes jobs back, and declares everything
//! else about itself in a [`Declaration`]. Everything else — the pipeline,
//! overrides, validation, diagnostics — is shared. Adding a format is one
//! module here, its binding in the generator, and one line in the
//! registration list below.

pub mod ack;
pub mod aws;
pub mod datadog;
pub mod expression;
pub mod flyteidl;
pub mod join;
pub mod kubernetes;
mod registry;
pub mod sfn;
pub mod sm_operator;
pub mod sm_pipeline;
pub mod terraform;
pub mod workflow;

pub use expression::{Expression, Language};
pub use join::{Join, JoinError};
pub use registry::{
    detect, searched_extensions, Carried, Clue, Declaration, DetectError, EnvelopePart, Precedence,
    Sniff, Syntax, UnknownFormat,
};
pub use tjspec_model::ResourceId;
pub use workflow::{Around, Workflow};

use tjspec_model::Job;
use tjspec_runtime::read::Skipped;
use tjspec_runtime::{CanonPath, Diagnostic, Node, NodeKind, Out, Span};

use crate::source::Source;

/// Declares every format: one line each, `Variant => implementation`, in
/// the order the CLI lists them. [`FormatId`] and the list of
/// implementations are made from it; everything else about a format is in
/// its module's [`Declaration`].
macro_rules! register {
    ($($variant:ident => $format:expr,)*) => {
        /// A registered format (see [`FormatId::declaration`]).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        // New formats are not breaking changes for crates that match on it.
        #[non_exhaustive]
        pub enum FormatId {
            $(
                #[doc = concat!("The format implemented by `", stringify!($format), "`.")]
                $variant,
            )*
        }

        /// Each format's implementation, in the order of [`FormatId`].
        static REGISTERED: &[&dyn Format] = &[$(&$format,)*];

        impl FormatId {
            /// Every format, in registration order.
            pub const ALL: &'static [FormatId] = &[$(FormatId::$variant,)*];
        }
    };
}

register! {
    Aws => aws::AwsJson,
    AwsYaml => aws::AwsYaml,
    SmOperator => sm_operator::SmOperator,
    Ack => ack::Ack,
    Flyteidl => flyteidl::FlyteidlBinary,
    FlyteidlJson => flyteidl::FlyteidlJson,
    TfK8s => terraform::TfK8s,
    TfAws => terraform::TfAws,
    Datadog => datadog::Datadog,
    Sfn => sfn::Sfn,
    SmPipeline => sm_pipeline::SmPipeline,
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
    /// and templates read under `--keep-expressions`, Step Functions and
    /// Pipelines expressions): the job holds a placeholder there, writers of
    /// a format holding the expression's language put it back.
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
    /// Where the job sat in a workflow document holding several jobs (a
    /// state machine, a pipeline definition): the parts around it, and
    /// what references between its jobs may name.
    pub workflow: Option<Workflow>,
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
    /// The job (of any resource).
    pub job: Job,
    /// What the input format carried beside it.
    pub envelope: Envelope,
}

/// One document read from an input.
#[derive(Debug)]
pub struct ReadDoc {
    /// Position of the document in its input (0-based).
    pub index: usize,
    /// The job, when the document could be read at all.
    pub job: Option<Job>,
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
    /// Values for a SageMaker Pipelines definition's parameters.
    pub pipeline_parameters: sm_pipeline::Parameters,
    /// The resource documents hold where their content cannot tell
    /// (`--resource`; flyteidl binary), or which one to take where it
    /// could be either. `None`: detected per document.
    pub resource: Option<ResourceId>,
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
    /// built-in XGBoost image; `None` is us-east-1) or that carry it (the
    /// SageMaker operator's `spec.region`; `None` keeps the input's).
    pub region: Option<String>,
    /// Which block `tf-k8s` writes.
    pub tf_k8s_kind: terraform::TfK8sKind,
    /// The query language of `sfn` output states (`None`: the input
    /// state's, else JSONPath).
    pub sfn_query_language: Option<sfn::QueryLanguage>,
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
    /// A part of the workflow around the job (a `Parallel` state, a
    /// `Condition` step), or a reference from the job to a part of the
    /// workflow, that an output of the same workflow format does not keep.
    /// Unlike an envelope part left behind by another format, the output
    /// could be expected to hold it: a loss (an error under `--strict`).
    Workflow {
        /// Its path in the input (`States.Fan.Branches[0]`).
        path: String,
        /// Where the input has it.
        span: Option<Span>,
        /// What is not kept and what comes back instead, in one sentence.
        reason: String,
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

/// Why a written job cannot be printed in its format.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    /// Several jobs for a format that holds one per output.
    #[error("the {format} binary form holds one message, and several jobs would merge into one; convert one job per output, or use {alternative} (JSON Lines)")]
    OneMessage {
        /// The format.
        format: FormatId,
        /// A format of the same message that holds several.
        alternative: FormatId,
    },
    /// The encoder failed.
    #[error("encoding the message: {0}")]
    Encode(String),
    /// The jobs could not be joined into one document.
    #[error(transparent)]
    Join(#[from] JoinError),
    /// A job of a resource the format does not carry (a tuning job to
    /// `tf-aws`).
    #[error("{format} does not carry a {}", resource.name())]
    Resource {
        /// The format.
        format: FormatId,
        /// The job's resource.
        resource: ResourceId,
    },
}

/// A format: reading, locating and writing.
pub trait Format: Sync {
    /// Which format this is.
    fn id(&self) -> FormatId;

    /// What the format declares about itself: names, extensions,
    /// detection, the resources it carries.
    fn declaration(&self) -> &'static Declaration;

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

    /// The file extension for outputs (`json`): the first one declared.
    fn extension(&self) -> &'static str {
        self.declaration().extensions[0]
    }

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

    /// For a format whose document holds several jobs as its parts (a
    /// state machine's states): what joins the jobs of one output, each
    /// printed by [`Format::render_bytes`], into one document. `None` (the
    /// default): the jobs follow one another, [`Format::separator`] between.
    fn joiner(&self) -> Option<Box<dyn Join>> {
        None
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
    ) -> Result<(), RenderError> {
        if buf.is_empty() {
            // Printed straight into the caller's buffer, not copied there.
            let mut text = String::from_utf8(std::mem::take(buf)).expect("an empty buffer");
            self.render(out, several, first, &mut text);
            *buf = text.into_bytes();
        } else {
            let mut text = String::new();
            self.render(out, several, first, &mut text);
            buf.extend_from_slice(text.as_bytes());
        }
        Ok(())
    }

    /// Whether a job written in this format needs the members a
    /// CreateTrainingJob request requires. Formats that hold only part of a
    /// job (flyteidl) say no: converting to them (or validating an input in
    /// them) does not ask for the AWS-only members.
    fn requires_create_members(&self) -> bool {
        true
    }

    /// Whether the service that runs this format's documents sets `canon`
    /// itself (a Pipelines training step's `TrainingJobName`): it is not
    /// required of a job written in (or validated as) this format.
    fn set_by_service(&self, _canon: &CanonPath) -> bool {
        false
    }

    /// Why the format does not carry `resource`, when there is more to
    /// say than that it does not (an upstream project lacks it).
    fn why_not(&self, _resource: ResourceId) -> Option<&'static str> {
        None
    }

    /// What a job read in this format still needs, beyond the schema's
    /// required members, before a format that requires them can be written
    /// (checked after `--set`/`--overlay`). flyteidl's CUSTOM algorithm
    /// names no image, for example.
    fn requirements(&self, _job: &Job) -> Vec<Diagnostic> {
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
    // `name` becomes TrainingJobName's counterpart.
    kubernetes::metadata_losses(envelope, &["name"], losses);
    for (path, node) in &envelope.extras {
        losses.push(Lost::Envelope {
            path: path.clone(),
            span: Some(node.span).filter(|s| s.is_known()),
        });
    }
    // The workflow around a job is no part of the job, as the state's own
    // fields are not: another format leaves it behind with them.
    for around in envelope.workflow.iter().flat_map(|w| &w.around) {
        losses.push(Lost::Envelope {
            path: around.path.clone(),
            span: around.span,
        });
    }
    // Expressions of other languages are errors where they cannot go
    // (`expression::settle`), not losses as well.
    for e in envelope
        .expressions
        .iter()
        .filter(|e| e.language == Language::Hcl)
    {
        losses.push(Lost::Field(e.canon.clone()));
    }
}
