//! Amazon States Language: training jobs inside Step Functions state
//! machines.
//!
//! Every `Task` state whose `Resource` is SageMaker's `createTrainingJob`
//! integration (`.sync` or not) is one job, in document order, those inside
//! `Parallel` branches and `Map` item processors (`ItemProcessor`, the older
//! `Iterator`) included; the state's name is the job's label, the request
//! is its `Parameters` (JSONPath) or `Arguments` (JSONata). Other states are
//! the rest of the workflow and are passed over. Values the state computes
//! when it runs are expressions (`"InstanceCount.$": "$.count"`,
//! `"{% $count %}"`): kept for `sfn` outputs, an error for others. A
//! CloudFormation or SAM template's inline state machines are read too
//! (`template`): its intrinsic functions are expressions no output holds.
//!
//! Output: a state machine with one `Task` state per job
//! (`createTrainingJob.sync`, or the input's `Resource` and state fields
//! when the job came from a state machine), chained by `Next` in document
//! order; a state name an earlier job took gets a suffix (`-2`), reported.

mod join;
mod read;
mod template;
mod write;

pub(crate) use read::parse_tree;

use tjspec_model::bindings::aws::AWS;
use tjspec_runtime::{CanonPath, Diagnostic, Node, NodeKind, Out, Span};

use super::{
    Carried, Clue, Declaration, Doc, EnvelopePart, Format, FormatId, Lost, Precedence, ReadDoc,
    ReadOptions, ResourceId, Sniff, Syntax, WriteOptions,
};
use crate::source::Source;
use crate::syntax::out_json;

/// A Step Functions state machine definition.
pub struct Sfn;

/// The Step Functions integration that creates a job of `resource`: its
/// create operation with a lower-case first letter (`createTrainingJob`,
/// `createHyperParameterTuningJob`).
pub fn integration(resource: ResourceId) -> String {
    let create = resource.meta().create;
    let mut chars = create.chars();
    chars
        .next()
        .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// The resource ARN of a Task state that creates a job of `resource` and
/// waits for it (`arn:aws:states:::sagemaker:createTrainingJob.sync`).
pub fn sync_resource(resource: ResourceId) -> String {
    format!("arn:aws:states:::sagemaker:{}.sync", integration(resource))
}

/// The state fields of a Task state other than the ones tjspec writes
/// itself: carried back to `sfn` outputs as read.
const TASK_FIELDS: &[&str] = &[
    "Comment",
    "TimeoutSeconds",
    "TimeoutSecondsPath",
    "HeartbeatSeconds",
    "HeartbeatSecondsPath",
    "InputPath",
    "OutputPath",
    "ResultPath",
    "ResultSelector",
    "Retry",
    "Catch",
    "Credentials",
    "Output",
    "Assign",
];

/// The query language of a state's expressions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum QueryLanguage {
    /// JSONPath: `Parameters`, keys ending in `.$`.
    #[default]
    JsonPath,
    /// JSONata: `Arguments`, `{% … %}` strings.
    Jsonata,
}

impl QueryLanguage {
    /// Every query language, for the CLI.
    pub const ALL: &'static [QueryLanguage] = &[QueryLanguage::JsonPath, QueryLanguage::Jsonata];

    /// The CLI name.
    pub fn name(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "jsonpath",
            QueryLanguage::Jsonata => "jsonata",
        }
    }

    /// As the States Language spells it (`QueryLanguage`).
    pub fn spelled(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "JSONPath",
            QueryLanguage::Jsonata => "JSONata",
        }
    }

    /// The state field that holds the request.
    pub fn payload(self) -> &'static str {
        match self {
            QueryLanguage::JsonPath => "Parameters",
            QueryLanguage::Jsonata => "Arguments",
        }
    }

    /// The language of its expressions.
    pub fn expressions(self) -> super::Language {
        match self {
            QueryLanguage::JsonPath => super::Language::JsonPath,
            QueryLanguage::Jsonata => super::Language::Jsonata,
        }
    }

    fn from_spelled(s: &str) -> Option<Self> {
        QueryLanguage::ALL
            .iter()
            .copied()
            .find(|l| l.spelled() == s)
    }
}

/// The jobs, named as the API names them (the request is the create
/// operation's: CreateTrainingJob, CreateHyperParameterTuningJob).
const CARRIED: &[Carried] = super::aws::REQUESTS;

/// Amazon States Language.
pub const DECLARATION: Declaration = Declaration {
    name: "sfn",
    help: "A Step Functions state machine (Amazon States Language): each SageMaker createTrainingJob (or createHyperParameterTuningJob) Task state",
    summary: "A Step Functions state machine (Amazon States Language, JSON or YAML): each `Task` state calling `arn:aws:states:::sagemaker:createTrainingJob[.sync]` (a tuning job: `createHyperParameterTuningJob[.sync]`), in `Parallel` branches and `Map` processors too, its `Parameters` (JSONPath, `.$` keys) or `Arguments` (JSONata) the request; expressions kept for `sfn` outputs. Also the inline `Definition` of a state machine in a CloudFormation or SAM template (intrinsic functions are expressions). Out: one state machine, one `Task` state per job chained in order (names made unique, reported).",
    syntax: Syntax::Json,
    extensions: &["json"],
    also_named: &[],
    precedence: Precedence::Object,
    sniff,
    resources: CARRIED,
    envelope: &[EnvelopePart::WorkflowStep],
};

/// A state machine has `StartAt` and `States` at its top.
fn sniff(clue: &Clue<'_>) -> Sniff {
    if super::registry::is_key(clue.text, "StartAt") && super::registry::is_key(clue.text, "States")
        || template::sniff(clue.text)
    {
        Sniff::Is(FormatId::Sfn)
    } else {
        Sniff::No
    }
}

/// Whether a JSONata state reads the string `text` as an expression (or as
/// the literal an empty string is written as): `{% … %}`, space around
/// allowed.
pub(super) fn is_jsonata(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 4 && t.starts_with("{%") && t.ends_with("%}")
}

/// A document root that remembers where the request sits in its file:
/// one entry, its key the request's spelled path (`States.Train.Parameters`).
pub(crate) fn anchored(prefix: String, at: Span, request: Node) -> Node {
    Node {
        span: request.span,
        kind: NodeKind::Map(vec![(
            tjspec_runtime::node::Key {
                name: prefix,
                span: at,
            },
            request,
        )]),
    }
}

/// The job as the CreateTrainingJob request a workflow step sends: status
/// members (DescribeTrainingJob's) would make the call fail, so they are
/// left out, each named as a loss unless `--no-status` asked for that.
pub(crate) fn request<'a>(doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
    use tjspec_model::SCHEMA;
    use tjspec_runtime::{Seg, Write, WriteCx};
    let mut cx = WriteCx::new(&AWS, true);
    let mut out = doc.job.write(&mut cx);
    losses.extend(cx.losses.into_iter().map(Lost::Field));
    let root = doc.job.shape();
    if let Out::Map(entries) = &mut out {
        entries.retain(|(name, _)| {
            let Some(i) = AWS.member(root, name) else {
                return true;
            };
            if !SCHEMA.members(root)[usize::from(i)].status {
                return true;
            }
            if options.include_status {
                losses.push(Lost::Field(CanonPath(vec![Seg::Member(root, i)])));
            }
            false
        });
    }
    out
}

/// Locates `path` in a root made by [`anchored`].
pub(crate) fn locate_anchored(root: &Node, path: &CanonPath) -> (String, Option<Span>) {
    match &root.kind {
        NodeKind::Map(entries) if entries.len() == 1 => {
            let (key, request) = &entries[0];
            path.locate(request, &AWS, &key.name)
        }
        _ => path.locate(root, &AWS, ""),
    }
}

impl Format for Sfn {
    fn id(&self) -> FormatId {
        FormatId::Sfn
    }

    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        read::read(source, options)
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        locate_anchored(root, path)
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        write::write(doc, options, losses)
    }

    fn check(&self, doc: &Doc, options: &WriteOptions) -> Vec<Diagnostic> {
        write::check(doc, options)
    }

    fn render(&self, out: &Out<'_>, several: bool, _first: bool, buf: &mut String) {
        out_json::render(out, several, out_json::pretty, buf);
    }

    fn joiner(&self) -> Option<Box<dyn super::Join>> {
        Some(Box::new(join::SfnJoin::new()))
    }
}
