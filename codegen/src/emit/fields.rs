//! `docs/fields.md`: the field matrix. One table per resource, with one row
//! per canonical member path (every member of every structure the resource
//! reaches), one column per format giving that format's name for it, or
//! `—` where the format cannot carry it.
//!
//! The columns are [`COLUMNS`]; each names the binding its cells come from.
//! A column whose binding the generator does not have yet is left out and
//! listed under the table as pending, so adding the binding fills it in.

use std::fmt::Write as _;

use crate::binding::BindingNames;
use crate::model::{Kind, Model, Resource, ShapeId};

/// A column of the matrix.
pub struct Column {
    /// The header.
    pub header: &'static str,
    /// The binding the names come from (`BindingNames::format`).
    pub format: &'static str,
    /// A note printed under the table, for names that need more than a path.
    pub note: Option<&'static str>,
    /// The format holds the create request only: status members (and
    /// everything below them) are `—` whatever the binding names them.
    pub request_only: bool,
}

/// The columns, in order.
pub const COLUMNS: &[Column] = &[
    Column {
        header: "AWS",
        format: "aws",
        note: None,
        request_only: false,
    },
    Column {
        header: "ACK",
        format: "ack",
        note: None,
        request_only: false,
    },
    Column {
        header: "tf-k8s",
        format: "tf_k8s",
        note: None,
        request_only: false,
    },
    Column {
        header: "tf-aws",
        format: "tf_aws",
        note: None,
        request_only: false,
    },
    Column {
        header: "sm-operator",
        format: "sm_operator",
        note: Some(
            "The SageMaker Operators for Kubernetes write every map as a list of `{name, value}` objects \
             (`hyperParameters: [{name: epochs, value: \"10\"}]`); `status.modelPath` holds `ModelArtifacts.S3ModelArtifacts` itself. \
             `spec.region` (required), `spec.sageMakerEndpoint` and the operator's own status fields are no members of the job.",
        ),
        request_only: false,
    },
    Column {
        header: "flyteidl",
        format: "flyteidl",
        note: Some(
            "flyteidl maps rather than renames: `algorithm_name` with `algorithm_version` stands for SageMaker's XGBoost image in `--region` \
             (CUSTOM: no image); `input_content_type` TEXT_CSV for `ContentType: text/csv` on the channels; `distributed_protocol` MPI for the \
             hyperparameter `sagemaker_mpi_enabled`; `interruptible` and `stopping_condition` are fields 3 and 4, which the released message never used.",
        ),
        request_only: false,
    },
    Column {
        header: "Datadog",
        format: "datadog",
        note: Some(
            "`tags` holds `\"key:value\"` strings: `tags[].key` is the text before the first `:` and `tags[].value` the rest. \
             Each row also has `account_id`, which is no member of the resource: it is the account in the resource's ARN (`training_job_arn`, `hyper_parameter_tuning_job_arn`).",
        ),
        request_only: false,
    },
    Column {
        header: "sfn, sm-pipeline",
        format: "aws",
        note: Some(
            "A Step Functions state and a SageMaker Pipelines step hold the create request (CreateTrainingJob, CreateHyperParameterTuningJob) with the AWS names: \
             the state's `Parameters` (JSONPath, where a member holding an expression is spelled with `.$` added, `InstanceCount.$`) \
             or `Arguments` (JSONata), the step's `Arguments`. Status members are not part of a request, so neither format carries them. \
             A pipeline step may leave out the job's name (the service names each execution's job).",
        ),
        request_only: true,
    },
];

/// One step of a member path: member `index` of structure `shape`, and how
/// the path goes on below it.
#[derive(Clone, Copy)]
struct Step {
    shape: ShapeId,
    index: usize,
    /// `[]` after a list member, `{}` after a map member.
    suffix: &'static str,
}

/// Every member path from the root `root`, depth first in schema order.
fn paths(model: &Model, root: ShapeId) -> Vec<Vec<Step>> {
    let mut out = Vec::new();
    let mut stack = Vec::new();
    walk(model, root, &mut stack, &mut out);
    out
}

fn walk(model: &Model, shape: ShapeId, stack: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    for (index, m) in model.members(shape).iter().enumerate() {
        // Follow lists and maps down to the structure they hold, if any.
        let mut target = m.shape;
        let mut suffix = "";
        loop {
            match &model.shapes[target].kind {
                Kind::List { member, .. } => {
                    target = *member;
                    suffix = "[]";
                }
                Kind::Map { value, .. } => {
                    target = *value;
                    suffix = "{}";
                }
                _ => break,
            }
        }
        stack.push(Step {
            shape,
            index,
            suffix,
        });
        out.push(stack.clone());
        let recursive = stack[..stack.len() - 1].iter().any(|s| s.shape == target);
        if matches!(model.shapes[target].kind, Kind::Structure { .. }) && !recursive {
            walk(model, target, stack, out);
        }
        stack.pop();
    }
}

/// The path in a binding's names, or `None` when a step has no name.
fn spell(path: &[Step], names: &[Vec<Option<String>>]) -> Option<String> {
    let mut out = String::new();
    for (i, step) in path.iter().enumerate() {
        let name = names[step.shape][step.index].as_deref()?;
        if i > 0 {
            out.push('.');
        }
        out.push_str(name);
        if i + 1 < path.len() {
            out.push_str(step.suffix);
        }
    }
    Some(out)
}

fn type_of(model: &Model, id: ShapeId) -> String {
    let shape = &model.shapes[id];
    match &shape.kind {
        Kind::Structure { .. } => format!("structure `{}`", shape.name),
        Kind::Enum { .. } => format!("enum `{}`", shape.name),
        Kind::List { member, .. } => format!("list of {}", type_of(model, *member)),
        Kind::Map { value, .. } => format!("map to {}", type_of(model, *value)),
        Kind::String { .. } => "string".into(),
        Kind::Integer { .. } => "integer".into(),
        Kind::Long { .. } => "long".into(),
        Kind::Float => "float".into(),
        Kind::Double => "double".into(),
        Kind::Boolean => "boolean".into(),
        Kind::Timestamp => "timestamp".into(),
    }
}

/// The section of resource `r`: its heading, what the table says, the table.
fn table(out: &mut String, model: &Model, r: &Resource, columns: &[(&Column, &BindingNames)]) {
    let noun = crate::naming::sentence(&r.name);
    let _ = write!(out, "## {}\n\n", r.name);
    let _ = write!(
        out,
        "Every member of the canonical {noun}, by its path, and what each format calls it. \
         `—` means the format cannot carry the member: converting a {short} that has it to that format \
         names it as a loss. `[]` follows a list (the path goes on in each element), `{{}}` a map. \
         Status members are the ones only a {} response carries (and everything below them); required ones are required in a {} request.\n\n",
        r.describe,
        r.create,
        short = noun.rsplit(' ').next().unwrap_or_default(),
    );
    let _ = write!(out, "|");
    for (c, _) in columns {
        let _ = write!(out, " {} |", c.header);
    }
    out.push_str(" Type |\n|");
    for _ in 0..=columns.len() {
        out.push_str(" --- |");
    }
    out.push('\n');
    for path in paths(model, r.shape) {
        let last = path.last().expect("paths are not empty");
        let member = &model.members(last.shape)[last.index];
        // Below a status member everything is status: AWS fills it in.
        let status = path.iter().any(|s| model.members(s.shape)[s.index].status);
        out.push('|');
        for (c, b) in columns {
            if status && c.request_only {
                out.push_str(" — |");
                continue;
            }
            match spell(&path, &b.names) {
                Some(s) => {
                    let _ = write!(out, " `{s}` |");
                }
                None => out.push_str(" — |"),
            }
        }
        let mut ty = type_of(model, member.shape);
        if status {
            ty.push_str(", status");
        } else if member.required {
            ty.push_str(", required");
        }
        let _ = writeln!(out, " {ty} |");
    }
}

/// The whole markdown text (without the generated marker).
pub fn render(model: &Model, bindings: &[BindingNames]) -> String {
    let columns: Vec<(&Column, &BindingNames)> = COLUMNS
        .iter()
        .filter_map(|c| {
            bindings
                .iter()
                .find(|b| b.format == c.format)
                .map(|b| (c, b))
        })
        .collect();
    let pending: Vec<&str> = COLUMNS
        .iter()
        .filter(|c| !bindings.iter().any(|b| b.format == c.format))
        .map(|c| c.header)
        .collect();

    let mut out = String::new();
    out.push_str("# Field matrix\n");
    for r in &model.resources {
        out.push('\n');
        table(&mut out, model, r, &columns);
    }
    let notes: Vec<_> = columns
        .iter()
        .filter_map(|(c, _)| c.note.map(|n| (c.header, n)))
        .collect();
    if !notes.is_empty() || !pending.is_empty() {
        out.push('\n');
    }
    for (header, note) in notes {
        let _ = writeln!(out, "- {header}: {note}");
    }
    if !pending.is_empty() {
        let _ = writeln!(
            out,
            "- Not in this table yet (their generator bindings are still to come): {}.",
            pending.join(", ")
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Model;
    use crate::schema;

    fn model() -> Model {
        let text = r#"
resource:
  name: TrainingJob
  doc: "A job."
  operations: { create: CreateTrainingJob, describe: DescribeTrainingJob }
  members:
    Name: { shape: Name, required: [create], doc: "Its name." }
    Arn: { shape: Name, in: [describe], doc: "Its ARN." }
    Channels: { shape: Channels, doc: "Inputs." }
shapes:
  Name: { type: string }
  Channels: { type: list, member: Channel }
  Channel:
    type: structure
    doc: "One input."
    members:
      S3Uri: { shape: Name, doc: "Where." }
"#;
        let source = schema::Source {
            service: "sagemaker".into(),
            api_version: "2017-07-24".into(),
            botocore: "1.0".into(),
        };
        Model::build(source, vec![schema::parse(text).unwrap()]).unwrap()
    }

    fn binding(format: &'static str, names: Vec<Vec<Option<&str>>>) -> BindingNames {
        BindingNames {
            format,
            about: String::new(),
            names: names
                .into_iter()
                .map(|r| r.into_iter().map(|n| n.map(str::to_owned)).collect())
                .collect(),
            provider: Vec::new(),
        }
    }

    #[test]
    fn rows_are_paths_and_missing_bindings_are_pending() {
        let m = model();
        let aws = binding(
            "aws",
            vec![
                vec![Some("Name"), Some("Arn"), Some("Channels")],
                vec![],
                vec![],
                vec![Some("S3Uri")],
            ],
        );
        let dd = binding(
            "datadog",
            vec![
                vec![Some("name"), None, Some("channels")],
                vec![],
                vec![],
                vec![Some("s3_uri")],
            ],
        );
        let text = render(&m, &[aws, dd]);
        assert!(text.contains("## TrainingJob\n\n"), "{text}");
        assert!(
            text.contains("| AWS | Datadog | sfn, sm-pipeline | Type |"),
            "{text}"
        );
        assert!(
            text.contains("| `Name` | `name` | `Name` | string, required |"),
            "{text}"
        );
        // A request holds no status member, whatever its binding names it.
        assert!(
            text.contains("| `Arn` | — | — | string, status |"),
            "{text}"
        );
        assert!(
            text.contains(
                "| `Channels[].S3Uri` | `channels[].s3_uri` | `Channels[].S3Uri` | string |"
            ),
            "{text}"
        );
        assert!(text.contains("Not in this table yet"), "{text}");
        assert!(
            text.contains("ACK, tf-k8s, tf-aws, sm-operator, flyteidl."),
            "{text}"
        );
    }
}
