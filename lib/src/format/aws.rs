//! AWS API JSON and its YAML twin.
//!
//! The shape is exactly the SageMaker API's: PascalCase members, as
//! `aws sagemaker create-training-job --cli-input-json` (or
//! `--cli-input-yaml`) and boto3 take them and DescribeTrainingJob returns
//! them. Several jobs: a JSON array or JSON Lines in; JSON Lines (JSON) or a
//! multi-document stream (YAML) out.

use tjspec_model::bindings::aws::AWS;
use tjspec_model::Job;
use tjspec_runtime::{CanonPath, Diagnostic, Node, NodeKind, Out, ReadCx, Span, Write, WriteCx};

use super::{
    envelope_losses, Carried, Clue, Declaration, Doc, Envelope, Format, FormatId, Lost, Precedence,
    ReadDoc, ReadOptions, ResourceId, Sniff, Syntax, WriteOptions,
};
use crate::source::Source;
use crate::syntax::{json, out_json, out_yaml, yaml};
use tjspec_runtime::Code;

/// AWS API JSON.
pub struct AwsJson;

/// The AWS API shape as YAML.
pub struct AwsYaml;

/// Every resource as the API names it, without a JSON Schema of its own:
/// what formats that hold the create request inside something else carry
/// (a workflow step's request, a flyteidl message mapped to the API's).
pub(crate) const REQUESTS: &[Carried] = &[
    Carried {
        resource: ResourceId::TrainingJob,
        binding: &AWS,
        json_schema: None,
    },
    Carried {
        resource: ResourceId::HyperParameterTuningJob,
        binding: &AWS,
        json_schema: None,
    },
];

/// Every resource, named as the API names it.
const CARRIED: &[Carried] = &[
    Carried {
        resource: ResourceId::TrainingJob,
        binding: &AWS,
        json_schema: Some("aws"),
    },
    Carried {
        resource: ResourceId::HyperParameterTuningJob,
        binding: &AWS,
        json_schema: Some("aws.hyper_parameter_tuning_job"),
    },
];

/// AWS API JSON.
pub const JSON: Declaration = Declaration {
    name: "aws",
    help: "AWS API JSON (CreateTrainingJob request / DescribeTrainingJob response, and the tuning job's); JSON Lines for several jobs",
    summary: "AWS API JSON: a CreateTrainingJob request (`aws sagemaker create-training-job --cli-input-json`, boto3) or a DescribeTrainingJob response; a CreateHyperParameterTuningJob request or DescribeHyperParameterTuningJob response for a tuning job (told apart by their members). Several jobs: a JSON array or JSON Lines in, JSON Lines out.",
    syntax: Syntax::Json,
    extensions: &["json", "jsonl", "ndjson"],
    also_named: &[],
    precedence: Precedence::Members,
    sniff,
    resources: CARRIED,
    envelope: &[],
};

/// The AWS API shape as YAML.
pub const YAML: Declaration = Declaration {
    name: "aws-yaml",
    help: "The AWS API shape as YAML (`aws sagemaker create-training-job --cli-input-yaml`)",
    summary: "The same shape as YAML (`--cli-input-yaml`). Several jobs: a multi-document stream.",
    syntax: Syntax::Yaml,
    extensions: &["yaml", "yml"],
    also_named: &[],
    precedence: Precedence::Members,
    sniff,
    resources: CARRIED,
    envelope: &[],
};

/// Recognises a job of any resource by any of its top-level members
/// (`RoleArn`, `TrainingJobName`, `HyperParameterTuningJobConfig`, …)
/// written as a key: JSON or YAML as the input seems.
fn sniff(clue: &Clue<'_>) -> Sniff {
    let schema = tjspec_model::SCHEMA;
    let any = CARRIED.iter().any(|c| {
        schema
            .members(c.resource.shape())
            .iter()
            .any(|m| super::registry::is_key(clue.text, m.name))
    });
    match (any, clue.is_json()) {
        (false, _) => Sniff::No,
        (true, true) => Sniff::Is(FormatId::Aws),
        (true, false) => Sniff::Is(FormatId::AwsYaml),
    }
}

/// Reads one document tree as a job with the AWS names.
pub fn read_job(format: FormatId, index: usize, root: Node, options: &ReadOptions) -> ReadDoc {
    if !matches!(root.kind, NodeKind::Map(_)) {
        let d = Diagnostic::error(
            Code::Type,
            format!("expected a job object, found {}", root.kind_name()),
        )
        .with_span(root.span);
        return ReadDoc::failed(index, d);
    }
    let mut cx = ReadCx::new(&AWS, options.members, "");
    let mut notes = Vec::new();
    let resource = resource_of(&root, options.resource);
    let job = match without_response_metadata(&root) {
        Some((job_tree, key)) => {
            notes.push(
                Diagnostic::note(
                    Code::ResponseMetadata,
                    format!("`{RESPONSE_METADATA}` is the SDK's record of the call (request id, HTTP status and headers, retries), not part of the job; it is not carried"),
                )
                .with_path(RESPONSE_METADATA)
                .with_span(key),
            );
            resource.read(&job_tree, &mut cx)
        }
        None => resource.read(&root, &mut cx),
    };
    notes.extend(cx.diagnostics);
    ReadDoc {
        index,
        job,
        envelope: Envelope {
            from: Some(format),
            ..Envelope::default()
        },
        root: Some(root),
        diagnostics: notes,
        skipped: cx.skipped,
    }
}

/// The resource a document with the AWS names holds: the one whose
/// members its keys are (`HyperParameterTuningJobConfig` makes a tuning
/// job), unless forced.
pub(crate) fn resource_of(root: &Node, forced: Option<ResourceId>) -> ResourceId {
    let keys: Vec<&str> = match &root.kind {
        NodeKind::Map(entries) => entries.iter().map(|(k, _)| k.name.as_str()).collect(),
        _ => Vec::new(),
    };
    super::registry::resource_by_keys(CARRIED, keys.iter().copied(), forced)
}

/// The member boto3 adds to every response it returns (a DescribeTrainingJob
/// result dumped to JSON has it).
const RESPONSE_METADATA: &str = "ResponseMetadata";

/// The document without boto3's `ResponseMetadata`, and where its key is;
/// `None` when it has none.
fn without_response_metadata(root: &Node) -> Option<(Node, Span)> {
    let NodeKind::Map(entries) = &root.kind else {
        return None;
    };
    let key = entries
        .iter()
        .find(|(k, _)| k.name == RESPONSE_METADATA)?
        .0
        .span;
    let kept = entries
        .iter()
        .filter(|(k, _)| k.name != RESPONSE_METADATA)
        .cloned()
        .collect();
    Some((
        Node {
            kind: NodeKind::Map(kept),
            span: root.span,
        },
        key,
    ))
}

/// Splits top-level values into documents: one array holds several jobs.
fn documents(mut values: Vec<Node>) -> Vec<Node> {
    if values.len() == 1 && matches!(values[0].kind, NodeKind::Seq(_)) {
        match values.pop().map(|n| n.kind) {
            Some(NodeKind::Seq(items)) => items,
            _ => unreachable!("checked above"),
        }
    } else {
        values
    }
}

/// Writes a job with the AWS names; envelope parts are losses.
pub fn write_aws<'a>(doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
    let mut cx = WriteCx::new(&AWS, options.include_status);
    let out = doc.job.write(&mut cx);
    losses.extend(cx.losses.into_iter().map(Lost::Field));
    envelope_losses(&doc.envelope, losses);
    out
}

impl AwsJson {
    /// Writes a whole job (status included) with the AWS names.
    pub fn write_job(job: &Job) -> Out<'_> {
        job.write(&mut WriteCx::new(&AWS, true))
    }
}

impl Format for AwsJson {
    fn id(&self) -> FormatId {
        FormatId::Aws
    }

    fn declaration(&self) -> &'static Declaration {
        &JSON
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        match json::parse_values(&source.text) {
            Ok(values) => documents(values)
                .into_iter()
                .enumerate()
                .map(|(i, n)| read_job(FormatId::Aws, i, n, options))
                .collect(),
            Err(e) => vec![ReadDoc::syntax_error(0, e)],
        }
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        path.locate(root, &AWS, "")
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        write_aws(doc, options, losses)
    }

    fn render(&self, out: &Out<'_>, several: bool, _first: bool, buf: &mut String) {
        out_json::render(out, several, out_json::pretty, buf);
    }

    fn split(&self, head: &str) -> crate::stream::Split {
        // JSON Lines: the first line is a complete object of its own.
        let first = head
            .trim_start_matches('\u{feff}')
            .lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("");
        if first.trim_start().starts_with('{') && json::parse_values(first).is_ok() {
            crate::stream::Split::Lines
        } else {
            crate::stream::Split::Whole
        }
    }
}

impl Format for AwsYaml {
    fn id(&self) -> FormatId {
        FormatId::AwsYaml
    }

    fn declaration(&self) -> &'static Declaration {
        &YAML
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        let mut docs = Vec::new();
        let mut index = 0;
        for doc in yaml::documents(&source.text) {
            match doc {
                Ok(node) if node.is_null() => {}
                Ok(node) => {
                    for item in documents(vec![node]) {
                        docs.push(read_job(FormatId::AwsYaml, index, item, options));
                        index += 1;
                    }
                }
                Err(e) => {
                    docs.push(ReadDoc::syntax_error(index, e));
                    break;
                }
            }
        }
        if docs.is_empty() {
            docs.push(ReadDoc::failed(
                0,
                Diagnostic::error(Code::Syntax, "the input holds no document"),
            ));
        }
        docs
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        path.locate(root, &AWS, "")
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        write_aws(doc, options, losses)
    }

    fn render(&self, out: &Out<'_>, _several: bool, first: bool, buf: &mut String) {
        if !first {
            buf.push_str("---\n");
        }
        out_yaml::document(out, buf);
    }

    fn split(&self, _head: &str) -> crate::stream::Split {
        crate::stream::Split::YamlDocuments
    }

    fn separator(&self) -> &'static str {
        "---\n"
    }
}
