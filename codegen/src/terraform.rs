//! The two Terraform bindings.
//!
//! `tf_k8s` — the metio/k8s provider's manifests of the ACK custom resources — names every
//! member by the provider's rule applied to the ACK name (the provider
//! generates its schema from the ACK CRD): [`k8s_name`] on the names
//! [`crate::ack`] computed, so the ACK binding's exceptions carry over.
//! Job members live under `spec`; the manifest has no `status`, so status
//! members have no name.
//!
//! `tf_aws` — the hashicorp/aws provider's resources (`tf-aws.yaml` names
//! the one of each resource it has) — names members by the API name in
//! snake case ([`snake`], on the words of [`crate::naming::words`]);
//! `schema/bindings/tf-aws.yaml` lists where the provider spells a member
//! its own way and which members it lacks. Status members have no name
//! either: a Terraform configuration cannot set them. Neither has names for
//! a resource's members when it has no such resource.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::ack::Ack;
pub use crate::binding::ProviderArguments;
use crate::model::{Model, ShapeId};
use crate::naming;

/// `schema/bindings/tf-aws.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TfAwsFile {
    /// The provider's resource of each resource it has, by resource name.
    pub resources: IndexMap<String, TfAwsResourceFile>,
    /// Members the provider's resources have no argument for, as `Shape.Member`.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Members the provider spells differently from the snake-case rule,
    /// `Shape.Member` → name.
    #[serde(default)]
    pub names: IndexMap<String, String>,
}

/// One provider resource as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TfAwsResourceFile {
    /// The provider's resource type (`aws_sagemaker_training_job`).
    pub resource: String,
    /// The provider's argument list of it (a file beside this one).
    pub arguments: String,
    /// Its top-level arguments that are not members of the resource (the
    /// provider's own settings): name → `argument`, or the arguments of a
    /// block.
    #[serde(default)]
    pub provider: IndexMap<String, ProviderArgument>,
}

/// A provider argument as `tf-aws.yaml` writes it.
#[derive(Clone, Debug, Deserialize)]
#[serde(untagged)]
pub enum ProviderArgument {
    /// `argument`: a plain argument (`region = "eu-west-1"`).
    Argument(String),
    /// The arguments of a block (`timeouts { create = "10m" }`).
    Block(Vec<String>),
}

/// Both Terraform bindings, checked.
#[derive(Clone, Debug)]
pub struct Terraform {
    /// `names[shape][member]` for the metio/k8s manifests (`tf_k8s`).
    pub k8s: Vec<Vec<Option<String>>>,
    /// `names[shape][member]` for the hashicorp/aws resources (`tf_aws`).
    pub aws: Vec<Vec<Option<String>>>,
    /// The hashicorp/aws resources, in the model's resource order.
    pub resources: Vec<TfAwsResource>,
}

/// One hashicorp/aws resource, checked.
#[derive(Clone, Debug)]
pub struct TfAwsResource {
    /// The resource's root structure.
    pub resource: ShapeId,
    /// The provider's resource type (`aws_sagemaker_training_job`).
    pub type_name: String,
    /// The provider's argument list file, relative to the binding.
    pub arguments: String,
    /// The provider's own arguments.
    pub provider: ProviderArguments,
}

/// Parses `tf-aws.yaml`; errors carry the YAML position.
pub fn parse(text: &str) -> Result<TfAwsFile, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

/// The metio/k8s provider's attribute name for a CRD field name, by the
/// provider's own rule: `URL` → `Url` and `CIDR` → `Cidr`; `_` before a
/// capital that starts a lower-case run (`(.)([A-Z][a-z]+)`), then between a
/// lower-case letter or digit and a capital (`([a-z0-9])([A-Z])`); `-./:`
/// become `_`; all lower case. Hence `securityGroupIDs` →
/// `security_group_i_ds` and `enableSageMakerMetricsTimeSeries` →
/// `enable_sage_maker_metrics_time_series`.
pub fn k8s_name(crd_name: &str) -> String {
    use std::sync::LazyLock;
    static WORD: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new("(.)([A-Z][a-z]+)").expect("valid regex"));
    static CAP: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new("([a-z0-9])([A-Z])").expect("valid regex"));
    let s = crd_name.replace("URL", "Url").replace("CIDR", "Cidr");
    let s = WORD.replace_all(&s, "${1}_${2}");
    let s = CAP.replace_all(&s, "${1}_${2}");
    s.chars()
        .map(|c| match c {
            '-' | '.' | '/' | ':' => '_',
            c => c.to_ascii_lowercase(),
        })
        .collect()
}

/// The metio/k8s provider's resource type of a custom resource:
/// `k8s_<group>_<kind>_<version>`, each part by [`k8s_name`]
/// (`k8s_sagemaker_services_k8s_aws_training_job_v1alpha1`); its data
/// source that renders a manifest adds `_manifest`.
pub fn k8s_type(crd: &crate::ack::Crd) -> String {
    format!(
        "k8s_{}_{}_{}",
        k8s_name(&crd.group),
        k8s_name(&crd.kind),
        k8s_name(&crd.version)
    )
}

/// An API name in snake case, word by word: `VolumeSizeInGB` →
/// `volume_size_in_gb`, `S3Uri` → `s3_uri`, `SecurityGroupIds` →
/// `security_group_ids`.
pub fn snake(api_name: &str) -> String {
    naming::words(api_name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join("_")
}

fn check_unique(
    problems: &mut Vec<String>,
    model: &Model,
    names: &[Vec<Option<String>>],
    what: &str,
) {
    for (id, row) in names.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for name in row.iter().flatten() {
            if !seen.insert(name) {
                problems.push(format!(
                    "two members of `{}` get the {what} name `{name}`",
                    model.shapes[id].name
                ));
            }
        }
    }
}

impl Terraform {
    /// Computes both bindings from the model, the ACK binding (tf-k8s
    /// names derive from it) and the tf-aws exceptions, or lists every
    /// problem.
    pub fn build(raw: TfAwsFile, model: &Model, ack: &Ack) -> Result<Terraform, Vec<String>> {
        let mut problems = Vec::new();

        // tf-k8s: the provider's rule on the ACK names; `spec` only.
        let k8s: Vec<Vec<Option<String>>> = ack
            .names
            .iter()
            .enumerate()
            .map(|(id, row)| {
                row.iter()
                    .map(|n| {
                        let n = n.as_deref()?;
                        if model.resource_at(id).is_some() {
                            n.strip_prefix("spec.").map(k8s_name)
                        } else {
                            Some(k8s_name(n))
                        }
                    })
                    .collect()
            })
            .collect();
        check_unique(&mut problems, model, &k8s, "tf-k8s");

        // tf-aws: snake case of the API names, with the file's exceptions.
        let mut absent = BTreeSet::new();
        for path in &raw.absent {
            match model.member_at(path) {
                Ok(at) => {
                    if model.resource_at(at.0).is_some() && model.members(at.0)[at.1].status {
                        problems.push(format!(
                            "absent: `{path}` is a status member; those are absent already"
                        ));
                    }
                    if !absent.insert(at) {
                        problems.push(format!("absent: `{path}` is listed twice"));
                    }
                }
                Err(e) => problems.push(format!("absent: {e}")),
            }
        }
        let mut overrides = IndexMap::new();
        for (path, name) in &raw.names {
            match model.member_at(path) {
                Ok(at) => {
                    if absent.contains(&at) {
                        problems.push(format!("names: `{path}` is also listed as absent"));
                    }
                    if name == &snake(&model.members(at.0)[at.1].name) {
                        problems.push(format!("names: `{path}` is `{name}` by the rule already"));
                    }
                    overrides.insert(at, name.clone());
                }
                Err(e) => problems.push(format!("names: {e}")),
            }
        }
        let mut roots = BTreeSet::new();
        for name in raw.resources.keys() {
            match model.resource(name) {
                Some(r) => {
                    roots.insert(r.shape);
                }
                None => problems.push(format!("resources: there is no resource `{name}`")),
            }
        }
        let aws: Vec<Vec<Option<String>>> = (0..model.shapes.len())
            .map(|id| {
                model
                    .members(id)
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let root = model.resource_at(id).is_some();
                        if absent.contains(&(id, i)) || (root && (m.status || !roots.contains(&id)))
                        {
                            None
                        } else if let Some(name) = overrides.get(&(id, i)) {
                            Some(name.clone())
                        } else {
                            Some(snake(&m.name))
                        }
                    })
                    .collect()
            })
            .collect();
        check_unique(&mut problems, model, &aws, "tf-aws");

        let mut resources = Vec::new();
        for (resource, file) in raw.resources {
            let Some(root) = model.resource(&resource).map(|r| r.shape) else {
                continue;
            };
            let mut provider = Vec::new();
            for (name, kind) in file.provider {
                if aws[root].iter().flatten().any(|n| *n == name) {
                    problems.push(format!(
                        "{resource}: provider: `{name}` is the argument of a member already"
                    ));
                }
                provider.push(match kind {
                    ProviderArgument::Argument(k) if k == "argument" => (name, None),
                    ProviderArgument::Argument(k) => {
                        problems.push(format!(
                            "{resource}: provider: `{name}: {k}`: write `argument`, or the list of the block's arguments"
                        ));
                        continue;
                    }
                    ProviderArgument::Block(inner) => (name, Some(inner)),
                });
            }
            resources.push(TfAwsResource {
                resource: root,
                type_name: file.resource,
                arguments: file.arguments,
                provider,
            });
        }
        // In the model's resource order, whatever the file's.
        resources.sort_by_key(|r| r.resource);

        if problems.is_empty() {
            Ok(Terraform {
                k8s,
                aws,
                resources,
            })
        } else {
            Err(problems)
        }
    }
}

impl Terraform {
    /// Every argument path of the provider's resource `r` (`a.b.c`; map
    /// arguments end at the map), in schema order.
    pub fn aws_paths(&self, model: &Model, r: &TfAwsResource) -> Vec<String> {
        let mut out = Vec::new();
        self.aws_walk(model, r.resource, "", &mut out);
        for (name, inner) in &r.provider {
            out.push(name.clone());
            for i in inner.iter().flatten() {
                out.push(format!("{name}.{i}"));
            }
        }
        out
    }

    /// Checks the arguments against the provider's list
    /// (`schema/bindings/tf-aws-arguments.txt`: one path per line, `#`
    /// comments): every difference is a problem that says what to do.
    pub fn check_aws_arguments(
        &self,
        model: &Model,
        r: &TfAwsResource,
        listed: &str,
    ) -> Result<(), Vec<String>> {
        let listed = crate::binding::listed_paths(listed);
        let built = self.aws_paths(model, r);
        let mut problems = Vec::new();
        let type_name = &r.type_name;
        let provider = |p: &str| {
            r.provider
                .iter()
                .any(|(n, _)| p == n || p.starts_with(&format!("{n}.")))
        };
        for p in built.iter().filter(|p| !listed.contains(p.as_str())) {
            if provider(p) {
                problems.push(format!(
                    "`{p}` is under `provider:` in schema/bindings/tf-aws.yaml but not listed here: list it, or take it out of `provider:`"
                ));
                continue;
            }
            problems.push(format!(
                "`{p}` would be an argument of {type_name}, but the provider has no such argument: add its member to `absent:` in schema/bindings/tf-aws.yaml (writing tf-aws then reports it as lost), or list the path here once a provider release has it"
            ));
        }
        for p in listed.iter().filter(|p| !built.iter().any(|b| b == *p)) {
            problems.push(format!(
                "the provider has the argument `{p}`, but no schema member maps to it: check `names:` and `absent:` in schema/bindings/tf-aws.yaml, or list it under `provider:` there if it is the provider's own setting"
            ));
        }
        if problems.is_empty() {
            Ok(())
        } else {
            Err(problems)
        }
    }

    fn aws_walk(&self, model: &Model, shape: ShapeId, prefix: &str, out: &mut Vec<String>) {
        let crate::model::Kind::Structure { members } = &model.shapes[shape].kind else {
            return;
        };
        for (i, m) in members.iter().enumerate() {
            let Some(name) = &self.aws[shape][i] else {
                continue;
            };
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            out.push(path.clone());
            // `tags` is a map argument in the provider, though the API
            // has a list of Key/Value structures.
            if model.resource_at(shape).is_some() && m.name == "Tags" {
                continue;
            }
            // Blocks and repeated blocks nest; maps and scalars end here.
            let inner = match &model.shapes[m.shape].kind {
                crate::model::Kind::List { member, .. } => *member,
                _ => m.shape,
            };
            if matches!(
                model.shapes[inner].kind,
                crate::model::Kind::Structure { .. }
            ) {
                self.aws_walk(model, inner, &path, out);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_provider_rule() {
        for (crd, tf) in [
            ("securityGroupIDs", "security_group_i_ds"),
            (
                "enableSageMakerMetricsTimeSeries",
                "enable_sage_maker_metrics_time_series",
            ),
            ("s3URI", "s3_uri"),
            ("volumeKMSKeyID", "volume_kms_key_id"),
            ("roleARN", "role_arn"),
            ("volumeSizeInGB", "volume_size_in_gb"),
            ("hubContentARN", "hub_content_arn"),
            ("fileSystemID", "file_system_id"),
            (
                "profilingIntervalInMilliseconds",
                "profiling_interval_in_milliseconds",
            ),
            ("instancePlacementConfig", "instance_placement_config"),
            ("ultraServerID", "ultra_server_id"),
            ("someURLField", "some_url_field"),
            ("allowedCIDRBlocks", "allowed_cidr_blocks"),
            ("app.kubernetes.io/name", "app_kubernetes_io_name"),
        ] {
            assert_eq!(k8s_name(crd), tf, "{crd}");
        }
    }

    #[test]
    fn the_provider_s_types_of_the_custom_resources() {
        let crd = |kind: &str| crate::ack::Crd {
            group: "sagemaker.services.k8s.aws".into(),
            version: "v1alpha1".into(),
            kind: kind.into(),
            list_kind: format!("{kind}List"),
            plural: String::new(),
            singular: String::new(),
            scope: "Namespaced".into(),
            required: Vec::new(),
            printer_columns: Vec::new(),
        };
        assert_eq!(
            k8s_type(&crd("TrainingJob")),
            "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1"
        );
        assert_eq!(
            k8s_type(&crd("HyperParameterTuningJob")),
            "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1"
        );
    }

    #[test]
    fn snake_case_of_api_names() {
        for (api, tf) in [
            ("VolumeSizeInGB", "volume_size_in_gb"),
            ("S3Uri", "s3_uri"),
            ("SecurityGroupIds", "security_group_ids"),
            ("KeepAlivePeriodInSeconds", "keep_alive_period_in_seconds"),
            (
                "EnableSageMakerMetricsTimeSeries",
                "enable_sage_maker_metrics_time_series",
            ),
            ("HubContentArn", "hub_content_arn"),
            ("S3DataDistributionType", "s3_data_distribution_type"),
        ] {
            assert_eq!(snake(api), tf, "{api}");
        }
    }
}
