//! SageMaker Pipelines definitions: training jobs as `Training` steps.
//!
//! A definition (`pipeline.definition()` of the SageMaker Python SDK,
//! `aws sagemaker describe-pipeline-definition-for-execution`) has
//! `Version`, `Parameters` and `Steps`; each step of `Type: Training` is one
//! job, those in a `Condition` step's `IfSteps`/`ElseSteps` included, its
//! `Arguments` the CreateTrainingJob request (the service names the job, so
//! `TrainingJobName` may be absent while the job stays a step) and its
//! `Name` the label. Values the pipeline computes when it runs are
//! expressions (`{"Get": "Parameters.InstanceCount"}`, `{"Std:Join": …}`,
//! `{"Std:JsonGet": …}`): kept for `sm-pipeline` outputs, an error for
//! others, unless `--pipeline-parameters defaults` or
//! `--pipeline-parameter NAME=VALUE` gives a parameter its value.

mod join;
mod read;
mod write;

use tjspec_runtime::{CanonPath, Node, Out, Seg, Span};

use super::{
    Carried, Clue, Declaration, Doc, EnvelopePart, Format, FormatId, Lost, Precedence, ReadDoc,
    ReadOptions, ResourceId, Sniff, Syntax, WriteOptions,
};
use crate::source::Source;
use crate::syntax::out_json;

/// A SageMaker Pipelines definition.
pub struct SmPipeline;

/// The definition schema version tjspec writes.
pub const VERSION: &str = "2020-12-01";

/// Values for the pipeline's parameters, replacing `{"Get": "Parameters.X"}`.
#[derive(Clone, Debug, Default)]
pub struct Parameters {
    /// Use each parameter's `DefaultValue` (`--pipeline-parameters defaults`).
    pub defaults: bool,
    /// Values given by name (`--pipeline-parameter NAME=VALUE`), read as the
    /// parameter's `Type` says; they win over defaults.
    pub values: Vec<(String, String)>,
}

/// The jobs, named as the API names them (a step's `Arguments` are the
/// create operation's request).
const CARRIED: &[Carried] = super::aws::REQUESTS;

/// The step type that runs a job of each resource: Pipelines' own names.
pub const STEP_TYPES: &[(&str, ResourceId)] = &[
    ("Training", ResourceId::TrainingJob),
    ("Tuning", ResourceId::HyperParameterTuningJob),
];

/// The step type of `resource` (every carried resource has one).
pub fn step_type(resource: ResourceId) -> &'static str {
    STEP_TYPES
        .iter()
        .find(|(_, r)| *r == resource)
        .map_or("Training", |(t, _)| t)
}

/// SageMaker Pipelines definitions.
pub const DECLARATION: Declaration = Declaration {
    name: "sm-pipeline",
    help: "A SageMaker Pipelines definition (`pipeline.definition()`): each Training (or Tuning) step",
    summary: "A SageMaker Pipelines definition (`pipeline.definition()`, `describe-pipeline-definition-for-execution`): each `Training` step (a tuning job: `Tuning`), in `Condition` steps too, its `Arguments` the request (the job's name optional); `Get`/`Std:Join`/`Std:JsonGet` expressions kept for `sm-pipeline` outputs, parameters replaced with `--pipeline-parameters defaults` or `--pipeline-parameter`. Out: one pipeline (`Version` 2020-12-01), one step per job in order (names made unique, reported).",
    syntax: Syntax::Json,
    extensions: &["json"],
    also_named: &[],
    precedence: Precedence::Object,
    sniff,
    resources: CARRIED,
    envelope: &[EnvelopePart::WorkflowStep],
};

/// A definition has `Version` and `Steps` at its top; the SDK writes
/// `Metadata` right after `Version`, which finds it when long `Parameters`
/// put `Steps` past what detection reads.
fn sniff(clue: &Clue<'_>) -> Sniff {
    let is_key = |k| super::registry::is_key(clue.text, k);
    if is_key("Version") && (is_key("Steps") || is_key("Metadata")) {
        Sniff::Is(FormatId::SmPipeline)
    } else {
        Sniff::No
    }
}

impl Format for SmPipeline {
    fn id(&self) -> FormatId {
        FormatId::SmPipeline
    }

    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        read::read(source, options)
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        super::sfn::locate_anchored(root, path)
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        write::write(doc, options, losses)
    }

    fn render(&self, out: &Out<'_>, several: bool, _first: bool, buf: &mut String) {
        out_json::render(out, several, out_json::pretty, buf);
    }

    fn joiner(&self) -> Option<Box<dyn super::Join>> {
        Some(Box::new(join::PipelineJoin::new()))
    }

    fn set_by_service(&self, canon: &CanonPath) -> bool {
        // The service names each execution's job.
        CARRIED.iter().any(|c| {
            let r = c.resource;
            r.name_member()
                .is_some_and(|i| canon.0 == [Seg::Member(r.shape(), i)])
        })
    }
}
