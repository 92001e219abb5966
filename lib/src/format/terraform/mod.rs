//! Terraform HCL, in the two shapes providers give a SageMaker job.
//!
//! - `tf-k8s`: the metio/k8s provider's ACK manifest of each resource ACK
//!   has (the generated `tjspec_model::ack::RESOURCES`), the data source
//!   `k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest` (written
//!   by default) or the older resource type
//!   `k8s_sagemaker_services_k8s_aws_training_job_v1alpha1` (read both; write
//!   it with `--tf-k8s-kind resource`), and likewise
//!   `…_hyper_parameter_tuning_job_v1alpha1[_manifest]`. The body is
//!   `metadata = { name, namespace, labels, annotations }` and `spec = { … }`,
//!   every nested structure an object attribute and every list of
//!   structures a list of objects.
//! - `tf-aws`: hashicorp/aws `resource "aws_sagemaker_training_job"`: the
//!   job's members as top-level arguments, nested structures as blocks,
//!   lists of structures as repeated blocks, `tags` as a map. The provider
//!   has no tuning-job resource, so tf-aws carries training jobs only.
//!
//! A file may hold several job blocks, of any resource its dialect
//! carries: each is one document of the block type's resource, in file
//! order; other blocks (providers, variables, outputs) are skipped
//! with a note. The block label is kept in the envelope and written back;
//! without one, the label derives from `metadata.name` or the job name.
//!
//! Values that are expressions (`var.x`, `aws_iam_role.r.arn`,
//! `"s3://${var.bucket}/out"`) cannot become JSON or YAML: each is an
//! error with its position, unless `--keep-expressions`, which carries them
//! verbatim to an HCL output (the job holds a placeholder meanwhile, which
//! validation leaves alone); `reshape` rewrites a `tags` expression for
//! the other dialect's shape. The provider's own arguments of the tf-aws
//! resource (`region`, `timeouts`, …) are kept beside the job (`provider`).

mod aws;
mod expressions;
mod k8s;
mod provider;
mod read;
mod render;
mod reshape;
mod write;

use tjspec_model::bindings::tf_aws::TF_AWS;
use tjspec_model::bindings::tf_k8s::TF_K8S;
use tjspec_runtime::{Binding, CanonPath, Diagnostic, Node, Out, Span};

use super::{
    Carried, Clue, Declaration, Doc, EnvelopePart, Format, FormatId, Lost, Precedence, ReadDoc,
    ReadOptions, ResourceId, Sniff, Syntax, WriteOptions,
};
use crate::source::Source;

use aws::aws_tag_path;
use read::read;
use render::render;
use write::write;

/// The hashicorp/aws resource.
pub const AWS_RESOURCE: &str = "aws_sagemaker_training_job";

/// The metio/k8s block type of `resource` written as `kind` (the data
/// source of current provider versions, or the resource type of versions
/// before 2024.3.30), when ACK has the resource.
pub fn k8s_block_type(resource: ResourceId, kind: TfK8sKind) -> Option<&'static str> {
    tjspec_model::ack::of(resource).map(|c| match kind {
        TfK8sKind::Data => c.tf_k8s_manifest,
        TfK8sKind::Resource => c.tf_k8s_resource,
    })
}

/// The resource a metio/k8s block holds: `data` of a manifest type or
/// `resource` of a resource type.
pub fn k8s_block_resource(kind: &str, ty: &str) -> Option<ResourceId> {
    tjspec_model::ack::RESOURCES
        .iter()
        .find(|c| match kind {
            "data" => c.tf_k8s_manifest == ty,
            "resource" => c.tf_k8s_resource == ty,
            _ => false,
        })
        .map(|c| c.resource)
}

/// Every job block either dialect reads, as `kind "type"`, for messages.
pub fn job_blocks() -> String {
    let mut blocks: Vec<String> = Vec::new();
    for c in tjspec_model::ack::RESOURCES {
        blocks.push(format!("`data \"{}\"`", c.tf_k8s_manifest));
        blocks.push(format!("`resource \"{}\"`", c.tf_k8s_resource));
    }
    blocks.push(format!("`resource \"{AWS_RESOURCE}\"`"));
    blocks.join(", ")
}

/// Which block `tf-k8s` output uses.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TfK8sKind {
    /// `data "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest"`.
    #[default]
    Data,
    /// `resource "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1"` (older providers).
    Resource,
}

impl TfK8sKind {
    /// Every kind, in the order `--help` lists them.
    pub const ALL: &'static [TfK8sKind] = &[TfK8sKind::Data, TfK8sKind::Resource];

    /// The name `--tf-k8s-kind` takes.
    pub fn name(self) -> &'static str {
        match self {
            TfK8sKind::Data => "data",
            TfK8sKind::Resource => "resource",
        }
    }

    /// One line for `--help` (no final period).
    pub fn help(self) -> &'static str {
        match self {
            TfK8sKind::Data => {
                "`data \"k8s_sagemaker_services_k8s_aws_<resource>_v1alpha1_manifest\"`"
            }
            TfK8sKind::Resource => {
                "`resource \"k8s_sagemaker_services_k8s_aws_<resource>_v1alpha1\"` (older providers)"
            }
        }
    }
}

/// The metio/k8s ACK manifests.
pub struct TfK8s;

/// The hashicorp/aws `aws_sagemaker_training_job` resource.
pub struct TfAws;

/// The metio/k8s ACK manifests.
pub const K8S: Declaration = Declaration {
    name: "tf-k8s",
    help: "Terraform HCL, metio/k8s provider: the ACK TrainingJob and HyperParameterTuningJob manifests (`k8s_sagemaker_services_k8s_aws_<resource>_v1alpha1_manifest`)",
    summary: "Terraform, metio/k8s provider: the ACK TrainingJob and HyperParameterTuningJob manifests, `data \"k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest\"` and `data \"k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1_manifest\"` (or, with `--tf-k8s-kind resource`, the older `resource \"k8s_sagemaker_services_k8s_aws_training_job_v1alpha1\"` and `resource \"k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1\"`; both are read). Several jobs: several blocks.",
    syntax: Syntax::Hcl,
    extensions: &["tf", "hcl"],
    also_named: &[],
    precedence: Precedence::Block,
    sniff,
    resources: &[
        Carried {
            resource: ResourceId::TrainingJob,
            binding: &TF_K8S,
            json_schema: None,
        },
        Carried {
            resource: ResourceId::HyperParameterTuningJob,
            binding: &TF_K8S,
            json_schema: None,
        },
    ],
    envelope: &[EnvelopePart::TerraformBlock, EnvelopePart::KubernetesObject],
};

/// The hashicorp/aws `aws_sagemaker_training_job` resource.
pub const AWS: Declaration = Declaration {
    name: "tf-aws",
    help: "Terraform HCL, hashicorp/aws provider: `aws_sagemaker_training_job`",
    summary: "Terraform, hashicorp/aws provider: `resource \"aws_sagemaker_training_job\"`. Several jobs: several blocks.",
    syntax: Syntax::Hcl,
    extensions: &["tf", "hcl"],
    also_named: &[],
    precedence: Precedence::Block,
    sniff,
    resources: &[Carried {
        resource: ResourceId::TrainingJob,
        binding: &TF_AWS,
        json_schema: None,
    }],
    envelope: &[EnvelopePart::TerraformBlock],
};

/// A file named `.tf` or `.hcl` is one dialect or the other (or an error
/// saying why it is neither); a file whose name says nothing is Terraform
/// when it declares job blocks and does not look like JSON.
fn sniff(clue: &Clue<'_>) -> Sniff {
    let named = clue.named == Some(Syntax::Hcl);
    if !named && (clue.named.is_some() || clue.is_json()) {
        return Sniff::No;
    }
    match detect(clue.text) {
        Ok(f) => Sniff::Is(f),
        Err(message) if named => Sniff::Unreadable(message),
        Err(_) => Sniff::No,
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Dialect {
    K8s,
    Aws,
}

/// Terraform's own arguments and blocks, valid in any resource or data
/// block; they are not part of the job (kept in the envelope, reported as
/// not carried).
const META_ARGUMENTS: &[&str] = &["count", "for_each", "depends_on", "provider"];
const META_BLOCKS: &[&str] = &["lifecycle", "provisioner", "connection"];

impl Dialect {
    fn id(self) -> FormatId {
        match self {
            Dialect::K8s => FormatId::TfK8s,
            Dialect::Aws => FormatId::TfAws,
        }
    }

    fn binding(self) -> &'static Binding {
        match self {
            Dialect::K8s => &TF_K8S,
            Dialect::Aws => &TF_AWS,
        }
    }

    /// The spelled path of the job root in a document.
    fn prefix(self) -> &'static str {
        match self {
            Dialect::K8s => "spec",
            Dialect::Aws => "",
        }
    }

    /// The resource a block of this dialect holds, when it is a job block.
    fn job_of(self, kind: &str, ty: &str) -> Option<ResourceId> {
        match self {
            Dialect::K8s => k8s_block_resource(kind, ty),
            Dialect::Aws => {
                (kind == "resource" && ty == AWS_RESOURCE).then_some(ResourceId::TrainingJob)
            }
        }
    }

    /// The blocks this dialect reads, as `kind "type"`, for messages.
    fn blocks(self) -> String {
        match self {
            Dialect::K8s => tjspec_model::ack::RESOURCES
                .iter()
                .map(|c| {
                    format!(
                        "`data \"{}\"` or `resource \"{}\"`",
                        c.tf_k8s_manifest, c.tf_k8s_resource
                    )
                })
                .collect::<Vec<_>>()
                .join(", "),
            Dialect::Aws => format!("`resource \"{AWS_RESOURCE}\"`"),
        }
    }
}

/// Tells tf-k8s from tf-aws by the job blocks a file declares.
pub fn detect(text: &str) -> Result<FormatId, super::DetectError> {
    let (mut k8s, mut aws) = (false, false);
    let quoted = |t: &str, ty: &str| {
        t.match_indices(ty)
            .any(|(at, _)| t[..at].ends_with('"') && t[at + ty.len()..].starts_with('"'))
    };
    for line in text.lines() {
        let t = line.trim_start();
        if !(t.starts_with("data") || t.starts_with("resource")) {
            continue;
        }
        k8s |= tjspec_model::ack::RESOURCES
            .iter()
            .any(|c| quoted(t, c.tf_k8s_manifest) || quoted(t, c.tf_k8s_resource));
        aws |= quoted(t, AWS_RESOURCE);
    }
    match (k8s, aws) {
        (true, false) => Ok(FormatId::TfK8s),
        (false, true) => Ok(FormatId::TfAws),
        (true, true) => Err(super::DetectError::BothTerraformDialects),
        (false, false) => Err(super::DetectError::NoTerraformBlock),
    }
}

/// Spells a member as the document does and finds it.
fn locate(dialect: Dialect, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
    let (spelled, span) = path.locate(root, dialect.binding(), dialect.prefix());
    match dialect {
        Dialect::Aws => (aws_tag_path(root, path).unwrap_or(spelled), span),
        Dialect::K8s => (spelled, span),
    }
}

macro_rules! terraform_format {
    ($t:ty, $d:expr) => {
        impl Format for $t {
            fn id(&self) -> FormatId {
                $d.id()
            }

            fn declaration(&self) -> &'static Declaration {
                match $d {
                    Dialect::K8s => &K8S,
                    Dialect::Aws => &AWS,
                }
            }

            fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
                read($d, source, options)
            }

            fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
                locate($d, root, path)
            }

            fn write<'a>(
                &self,
                doc: &'a Doc,
                options: &WriteOptions,
                losses: &mut Vec<Lost>,
            ) -> Out<'a> {
                write($d, doc, options, losses)
            }

            fn render(&self, out: &Out<'_>, _several: bool, first: bool, buf: &mut String) {
                render($d, out, first, buf)
            }

            fn separator(&self) -> &'static str {
                "\n"
            }

            fn why_not(&self, resource: ResourceId) -> Option<&'static str> {
                match ($d, resource) {
                    (Dialect::Aws, ResourceId::HyperParameterTuningJob) => Some(
                        "the hashicorp/aws provider has no hyperparameter tuning job resource yet (a request for one is open in its issue tracker); use tf-k8s to manage the job through ACK",
                    ),
                    _ => None,
                }
            }

            fn check(&self, doc: &Doc, options: &WriteOptions) -> Vec<Diagnostic> {
                // The k8s provider's manifest is an ACK manifest.
                match $d {
                    Dialect::K8s => {
                        let mut out = super::ack::crd_required(doc);
                        // A name written as an expression is carried as it is.
                        let resource = doc.job.resource();
                        let named_by_expression = resource.name_member().is_some_and(|i| {
                            doc.envelope.is_expression(&CanonPath(vec![
                                tjspec_runtime::Seg::Member(resource.shape(), i),
                            ]))
                        });
                        if !named_by_expression {
                            out.extend(super::kubernetes::check_object(doc, options));
                        }
                        out
                    }
                    Dialect::Aws => Vec::new(),
                }
            }
        }
    };
}

terraform_format!(TfK8s, Dialect::K8s);
terraform_format!(TfAws, Dialect::Aws);
