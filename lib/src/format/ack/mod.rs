//! ACK (AWS Controllers for Kubernetes) manifests:
//! `apiVersion: sagemaker.services.k8s.aws/v1alpha1`, `kind: TrainingJob`
//! or `kind: HyperParameterTuningJob` (every resource the generated
//! `tjspec_model::ack::RESOURCES` lists).
//!
//! The job is `spec` (the create request in ACK's names) plus `status`
//! (what the describe response returns, as far as the controller copies
//! it); the ARN lives in `status.ackResourceMetadata.arn`. The
//! generated ACK binding names job members by their path from the manifest
//! root (`spec.roleARN`), so reading flattens `spec` and `status` into one
//! map with those keys (keeping every position) and writing nests them
//! again.
//!
//! Beside the job an ACK manifest carries `metadata` (kept for ACK output,
//! reported as lost elsewhere) and `status.conditions` (ACK-only). Input is
//! a YAML stream or JSON; documents of other kinds are skipped with a note,
//! and `List`s are read item by item. Output is YAML that YAML 1.1 readers
//! such as kubectl read the same way.
//!
//! Reading is in `read`, writing in `write`; what every Kubernetes object
//! has (`metadata`, `List`s, other kinds, `apiVersion`) is
//! [`super::kubernetes`]'s.

mod read;
mod write;

use tjspec_model::bindings::ack::ACK;
use tjspec_runtime::Code;
use tjspec_runtime::{CanonPath, Diagnostic, Node, Out, Seg, Span};

use super::kubernetes::{self, ObjectType};
use super::{
    Carried, Clue, Declaration, Doc, EnvelopePart, Format, FormatId, Lost, Precedence, ReadDoc,
    ReadOptions, ResourceId, Sniff, Syntax, WriteOptions,
};
use crate::source::Source;
use crate::syntax::out_yaml;

pub use super::kubernetes::{namespace_problem, object_name};
pub use tjspec_model::ack::API_VERSION;
pub use write::write_manifest;

/// The key of the ARN in the flattened job (every resource's).
const ARN_KEY: &str = "status.ackResourceMetadata.arn";

/// ACK manifests.
pub struct Ack;

/// ACK manifests.
pub const DECLARATION: Declaration = Declaration {
    name: "ack",
    help: "ACK TrainingJob and HyperParameterTuningJob manifests (`sagemaker.services.k8s.aws/v1alpha1`), YAML or JSON",
    summary: "ACK (AWS Controllers for Kubernetes) `TrainingJob` and `HyperParameterTuningJob` manifests, `apiVersion: sagemaker.services.k8s.aws/v1alpha1`: YAML streams or JSON in (other kinds skipped with a note, `List`s read item by item), YAML out. The CRD is generated too.",
    syntax: Syntax::Yaml,
    extensions: &["yaml", "yml"],
    also_named: &[],
    precedence: Precedence::Object,
    sniff,
    resources: &[
        Carried {
            resource: ResourceId::TrainingJob,
            binding: &ACK,
            json_schema: Some("ack"),
        },
        Carried {
            resource: ResourceId::HyperParameterTuningJob,
            binding: &ACK,
            json_schema: Some("ack.hyper_parameter_tuning_job"),
        },
    ],
    envelope: &[EnvelopePart::KubernetesObject],
};

/// Kubernetes objects of every kind go to the ACK reader, which reads
/// the kinds of its resources and skips other kinds with a notice.
fn sniff(clue: &Clue<'_>) -> Sniff {
    // Most inputs are not Kubernetes objects: one search says so.
    if !clue.mentions_api_version() {
        return Sniff::No;
    }
    if looks_like_ack(clue.text) || super::kubernetes::looks_like_object(clue.text) {
        Sniff::Is(FormatId::Ack)
    } else {
        Sniff::No
    }
}

/// Whether `text` looks like an ACK manifest: some `apiVersion` names the
/// ACK SageMaker API group, or a Kubernetes object says the kind of one of
/// its resources (so that manifests of other APIs' TrainingJob resources
/// get a clear error).
pub fn looks_like_ack(text: &str) -> bool {
    let group = API_VERSION.split('/').next().unwrap_or(API_VERSION);
    let value_starts = |key: &str, prefix: &str| {
        text.match_indices(key).any(|(at, m)| {
            let rest = text[at + m.len()..].trim_start_matches(['"', '\'']);
            let Some(rest) = rest.trim_start().strip_prefix(':') else {
                return false;
            };
            rest.trim_start()
                .trim_start_matches(['"', '\''])
                .starts_with(prefix)
        })
    };
    value_starts("apiVersion", group)
        || (value_starts("apiVersion", "")
            && tjspec_model::ack::RESOURCES
                .iter()
                .any(|c| value_starts("kind", c.kind)))
}

/// The ACK objects of each resource, in a stream of Kubernetes objects.
fn object_types() -> &'static [ObjectType] {
    static TYPES: std::sync::OnceLock<Vec<ObjectType>> = std::sync::OnceLock::new();
    TYPES.get_or_init(|| {
        tjspec_model::ack::RESOURCES
            .iter()
            .map(|c| ObjectType {
                api_version: c.api_version,
                kind: c.kind,
                list_kind: c.list_kind,
                other_versions: &[(
                    "sagemaker.aws.amazon.com/",
                    "this is a manifest of the older SageMaker Operators for Kubernetes, whose spec differs; read it with --from sm-operator",
                )],
                described: "an ACK training job",
                defined_by: "the ACK SageMaker controller",
                resource: c.resource,
                read: read::read_manifest,
            })
            .collect()
    })
}

/// The parts of a SageMaker ARN: partition, region, account.
fn arn_parts(arn: &str) -> Option<(&str, &str, &str)> {
    let mut parts = arn.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let _service = parts.next()?;
    let region = parts.next()?;
    let account = parts.next()?;
    parts.next()?;
    (!partition.is_empty()).then_some((partition, region, account))
}

/// The members the ACK CRD requires beyond the API's own (which validation
/// reports): an ACK manifest, or a tf-k8s one, without them would be refused
/// by the API server.
pub fn crd_required(doc: &Doc) -> Vec<Diagnostic> {
    let resource = doc.job.resource();
    let Some(crd) = tjspec_model::ack::of(resource) else {
        return Vec::new();
    };
    let shape = resource.shape();
    let job = tjspec_model::SCHEMA.members(shape);
    let written = super::aws::AwsJson::write_job(&doc.job);
    let present = |name: &str| matches!(&written, Out::Map(m) if m.iter().any(|(k, _)| k == name));
    crd.required
        .iter()
        .filter(|&&i| {
            let member = &job[usize::from(i)];
            !member.required && !present(member.name)
        })
        .map(|&i| {
            Diagnostic::error(
                Code::Required,
                format!(
                    "the ACK CRD requires {}; the API server would reject the manifest",
                    ACK.name(shape, i).unwrap_or_default()
                ),
            )
            .with_canon(CanonPath(vec![Seg::Member(shape, i)]))
        })
        .collect()
}

impl Format for Ack {
    fn id(&self) -> FormatId {
        FormatId::Ack
    }

    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        let types: Vec<&ObjectType> = object_types().iter().collect();
        kubernetes::read_objects_of(source, options, &types)
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        path.locate(root, &ACK, "")
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        write_manifest(doc, options, losses)
    }

    fn check(&self, doc: &Doc, options: &WriteOptions) -> Vec<Diagnostic> {
        let mut out = crd_required(doc);
        out.extend(kubernetes::check_object(doc, options));
        out
    }

    fn render(&self, out: &Out<'_>, _several: bool, first: bool, buf: &mut String) {
        if !first {
            buf.push_str("---\n");
        }
        out_yaml::document(out, buf);
    }

    fn split(&self, head: &str) -> crate::stream::Split {
        // A YAML stream converts document by document; JSON is read whole.
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('{') || head.starts_with('[') {
            crate::stream::Split::Whole
        } else {
            crate::stream::Split::YamlDocuments
        }
    }

    fn separator(&self) -> &'static str {
        "---\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arns_split() {
        assert_eq!(
            arn_parts("arn:aws:sagemaker:us-west-2:111122223333:training-job/x"),
            Some(("aws", "us-west-2", "111122223333"))
        );
        assert_eq!(arn_parts("not an arn"), None);
    }

    #[test]
    fn detection() {
        assert!(looks_like_ack(
            "apiVersion: sagemaker.services.k8s.aws/v1alpha1\nkind: TrainingJob\n"
        ));
        assert!(looks_like_ack(
            "{\"apiVersion\": \"sagemaker.services.k8s.aws/v1alpha1\"}"
        ));
        assert!(looks_like_ack("apiVersion: v1\nkind: ConfigMap\n---\n'apiVersion': 'sagemaker.services.k8s.aws/v1alpha1'\n"));
        assert!(looks_like_ack(
            "apiVersion: sagemaker.aws.amazon.com/v1\nkind: TrainingJob\n"
        ));
        assert!(!looks_like_ack("{\"TrainingJobName\": \"apiVersion\"}"));
        assert!(!looks_like_ack("apiVersion: v1\nkind: ConfigMap\n"));
    }
}
