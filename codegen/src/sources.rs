//! The binding sources: how each format names the members, and the data
//! particular formats add (the ACK custom resources, the Terraform provider
//! resources, the names people write by mistake). They are read from
//! `schema/bindings/` or computed by a format's rule, checked against the
//! model, and handed to the emitters beside it: the model itself knows no
//! format.

use crate::ack::Ack;
use crate::aliases::Aliases;
use crate::binding::BindingNames;
use crate::model::{Kind, Model};
use crate::sm_operator::SmOperator;
use crate::terraform::Terraform;

/// Every binding source, checked.
#[derive(Clone, Debug, Default)]
pub struct Bindings {
    /// Every format's names, in the order the generated modules list them.
    pub formats: Vec<BindingNames>,
    /// The ACK binding (`schema/bindings/ack.yaml`): its custom resources.
    pub ack: Option<Ack>,
    /// The Terraform bindings (`schema/bindings/tf-aws.yaml` and the ACK
    /// names): the provider's resources.
    pub terraform: Option<Terraform>,
    /// Names people write for members, by format, shape and key
    /// (`schema/bindings/aliases.yaml`).
    pub aliases: Aliases,
    /// The SageMaker Operators for Kubernetes binding
    /// (`schema/bindings/sm-operator.yaml`): its custom resources.
    pub sm_operator: Option<SmOperator>,
}

impl Bindings {
    /// The bindings of `model` from its rules alone and the given sources:
    /// `aws`, `datadog` and `flyteidl` always; `ack`, `tf_k8s` and `tf_aws`
    /// when those are given.
    pub fn new(model: &Model, ack: Option<Ack>, terraform: Option<Terraform>) -> Bindings {
        let mut formats = vec![
            aws(model),
            // Datadog resource rows (botocore snake_case).
            crate::xform::datadog(model),
            flyteidl(model),
        ];
        // The custom resources' kinds and the provider's resource types, for
        // the bindings' docs.
        let kinds = ack.as_ref().map_or(String::new(), |a| {
            let kinds: Vec<&str> = a.crds.iter().map(|c| c.crd.kind.as_str()).collect();
            kinds.join(", ")
        });
        if let Some(ack) = &ack {
            formats.push(BindingNames {
                format: "ack",
                about: format!("ACK {kinds} manifests: `spec.roleARN`, `status.trainingJobStatus` (job members carry their path from the manifest root)."),
                names: ack.names.clone(),
                provider: Vec::new(),
            });
        }
        if let Some(tf) = &terraform {
            formats.push(BindingNames {
                format: "tf_k8s",
                about: format!("Terraform, metio/k8s {kinds} manifest: the provider's rule on the ACK names (`role_arn`, `security_group_i_ds`); job members are the attributes of `spec`."),
                names: tf.k8s.clone(),
                provider: Vec::new(),
            });
            formats.push(BindingNames {
                format: "tf_aws",
                about: {
                    let types: Vec<String> = tf
                        .resources
                        .iter()
                        .map(|r| format!("`{}`", r.type_name))
                        .collect();
                    format!("Terraform, hashicorp/aws {}: the API names in snake case (`volume_size_in_gb`) with the provider's own spellings.", types.join(", "))
                },
                names: tf.aws.clone(),
                provider: tf
                    .resources
                    .iter()
                    .map(|r| (r.resource, r.provider.clone()))
                    .collect(),
            });
        }
        Bindings {
            formats,
            ack,
            terraform,
            aliases: Aliases::new(),
            sm_operator: None,
        }
    }

    /// Adds the SageMaker Operators for Kubernetes binding: its names, and
    /// its custom resources for the emitters.
    pub fn add_sm_operator(&mut self, op: SmOperator) {
        let kinds: Vec<&str> = op.crds.iter().map(|c| c.crd.kind.as_str()).collect();
        self.formats.push(BindingNames {
            format: "sm_operator",
            about: format!("SageMaker Operators for Kubernetes {} manifests (`sagemaker.aws.amazon.com/v1`): `spec.roleArn`, `status.trainingJobStatus`; maps are lists of `{{name, value}}` (job members carry their path from the manifest root).", kinds.join(", ")),
            names: op.names.clone(),
            provider: Vec::new(),
        });
        self.sm_operator = Some(op);
    }

    /// The binding of `format`, if there is one.
    pub fn get(&self, format: &str) -> Option<&BindingNames> {
        self.formats.iter().find(|b| b.format == format)
    }
}

/// Formats whose names only document where a member goes (the field
/// matrix): no runtime binding is generated for them.
pub const DOCUMENTATION_ONLY: &[&str] = &["flyteidl"];

/// Where the members flyteidl's `TrainingJob` message holds sit in it.
/// flyteidl maps rather than renames (see `src/format/flyteidl/mapping.rs`):
/// these are the fields each member lands in.
const FLYTEIDL: &[(&str, &str, &str)] = &[
    (
        "TrainingJob",
        "AlgorithmSpecification",
        "algorithm_specification",
    ),
    (
        "TrainingJob",
        "ResourceConfig",
        "training_job_resource_config",
    ),
    ("TrainingJob", "StoppingCondition", "stopping_condition"),
    ("TrainingJob", "EnableManagedSpotTraining", "interruptible"),
    ("AlgorithmSpecification", "TrainingInputMode", "input_mode"),
    ("AlgorithmSpecification", "TrainingImage", "algorithm_name"),
    (
        "AlgorithmSpecification",
        "MetricDefinitions",
        "metric_definitions",
    ),
    ("MetricDefinition", "Name", "name"),
    ("MetricDefinition", "Regex", "regex"),
    ("ResourceConfig", "InstanceCount", "instance_count"),
    ("ResourceConfig", "InstanceType", "instance_type"),
    ("ResourceConfig", "VolumeSizeInGB", "volume_size_in_gb"),
    (
        "StoppingCondition",
        "MaxRuntimeInSeconds",
        "max_runtime_in_seconds",
    ),
    (
        "StoppingCondition",
        "MaxWaitTimeInSeconds",
        "max_wait_time_in_seconds",
    ),
];

/// What the flyteidl binding is.
const FLYTEIDL_ABOUT: &str =
    "flyteidl.plugins.sagemaker.TrainingJob: the message fields the job's members map to.";

fn flyteidl(model: &Model) -> BindingNames {
    BindingNames {
        format: "flyteidl",
        about: FLYTEIDL_ABOUT.to_owned(),
        names: model
            .shapes
            .iter()
            .map(|s| match &s.kind {
                Kind::Structure { members } => members
                    .iter()
                    .map(|m| {
                        FLYTEIDL
                            .iter()
                            .find(|(shape, member, _)| *shape == s.name && *member == m.name)
                            .map(|(_, _, field)| (*field).to_owned())
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect(),
        provider: Vec::new(),
    }
}

fn aws(model: &Model) -> BindingNames {
    BindingNames {
        format: "aws",
        about: "AWS API JSON: the member names of the SageMaker API (`RoleArn`).".to_owned(),
        names: model
            .shapes
            .iter()
            .map(|s| match &s.kind {
                Kind::Structure { members } => {
                    members.iter().map(|m| Some(m.name.clone())).collect()
                }
                _ => Vec::new(),
            })
            .collect(),
        provider: Vec::new(),
    }
}
