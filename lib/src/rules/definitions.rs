//! A tuning job's training-job definitions read as the training jobs they
//! launch, so the training job's rules check them.
//!
//! A definition (`HyperParameterTrainingJobDefinition`) shares most of its
//! members with a training job, often as the very same shapes (Channel,
//! ResourceConfig, StoppingCondition, ...), but it is a structure of its
//! own: `StaticHyperParameters` for `HyperParameters`, a
//! `HyperParameterAlgorithmSpecification` with fewer members, no tags, no
//! debugger. A [`View`] is the training job holding exactly the members
//! that have a counterpart in the definition; a rule's findings on it are
//! translated back member by member, by name, to the definition's paths
//! (`TrainingJobDefinitions[1].StoppingCondition.MaxWaitTimeInSeconds`), so
//! no finding about a tuning job points at a training job's path.

use tjspec_model::{
    AlgorithmSpecification, HyperParameterTrainingJobDefinition, HyperParameterTuningJob,
    ResourceConfig, ResourceId, TrainingJob, SCHEMA,
};
use tjspec_runtime::meta::{ShapeId, ShapeKind};
use tjspec_runtime::{CanonPath, Diagnostic, Seg};

/// One definition, as a training job.
pub(super) struct View {
    /// The training job the definition describes (its members with a
    /// counterpart in a training job; the others unset).
    pub(super) job: TrainingJob,
    /// The definition's path from the tuning job's root.
    base: CanonPath,
    /// Whether the view's ResourceConfig is the definition's
    /// HyperParameterTuningResourceConfig (it has no ResourceConfig).
    tuning_resources: bool,
}

/// The views of a tuning job's definitions: `TrainingJobDefinition`, then
/// each of `TrainingJobDefinitions`.
pub(super) fn views(job: &HyperParameterTuningJob) -> Vec<View> {
    let mut out = Vec::new();
    if let Some(def) = &job.training_job_definition {
        out.push(View::of(def, member_path("TrainingJobDefinition", None)));
    }
    for (i, def) in job.training_job_definitions.iter().flatten().enumerate() {
        out.push(View::of(
            def,
            member_path("TrainingJobDefinitions", Some(i)),
        ));
    }
    out
}

/// The path of a member of the tuning job's root (an element of it, with `index`).
fn member_path(name: &str, index: Option<usize>) -> CanonPath {
    let root = ResourceId::HyperParameterTuningJob.shape();
    let i = SCHEMA
        .members(root)
        .iter()
        .position(|m| m.name == name)
        .expect("the tuning job has its definitions");
    let mut segs = vec![Seg::Member(root, i as u16)];
    segs.extend(index.map(Seg::Index));
    CanonPath(segs)
}

/// The definition's structure shape.
fn definition_shape() -> ShapeId {
    SCHEMA
        .find("HyperParameterTrainingJobDefinition")
        .expect("the schema has training-job definitions")
}

impl View {
    fn of(def: &HyperParameterTrainingJobDefinition, base: CanonPath) -> View {
        // Compute given as HyperParameterTuningResourceConfig reads as a
        // ResourceConfig of its single instance type; its alternative
        // InstanceConfigs have no counterpart (they are not instance groups).
        let tuning_resources = def.resource_config.is_none();
        let resource_config = match (
            &def.resource_config,
            &def.hyper_parameter_tuning_resource_config,
        ) {
            (Some(rc), _) => Some(rc.clone()),
            (None, Some(t)) => Some(ResourceConfig {
                instance_type: t.instance_type.clone(),
                instance_count: t.instance_count,
                volume_size_in_gb: t.volume_size_in_gb,
                volume_kms_key_id: t.volume_kms_key_id.clone(),
                ..Default::default()
            }),
            (None, None) => None,
        };
        let job = TrainingJob {
            hyper_parameters: def.static_hyper_parameters.clone(),
            algorithm_specification: def.algorithm_specification.as_ref().map(|a| {
                AlgorithmSpecification {
                    training_image: a.training_image.clone(),
                    algorithm_name: a.algorithm_name.clone(),
                    training_input_mode: a.training_input_mode.clone(),
                    metric_definitions: a.metric_definitions.clone(),
                    ..Default::default()
                }
            }),
            role_arn: def.role_arn.clone(),
            input_data_config: def.input_data_config.clone(),
            output_data_config: def.output_data_config.clone(),
            resource_config,
            vpc_config: def.vpc_config.clone(),
            stopping_condition: def.stopping_condition.clone(),
            enable_network_isolation: def.enable_network_isolation,
            enable_inter_container_traffic_encryption: def
                .enable_inter_container_traffic_encryption,
            enable_managed_spot_training: def.enable_managed_spot_training,
            checkpoint_config: def.checkpoint_config.clone(),
            retry_strategy: def.retry_strategy.clone(),
            environment: def.environment.clone(),
            ..Default::default()
        };
        View {
            job,
            base,
            tuning_resources,
        }
    }

    /// A finding on the view, moved to the definition's member; `None` for
    /// a member the definition does not have (a rule reporting where the
    /// view holds nothing), which no tuning job can be told to fix.
    pub(super) fn reroot(&self, mut d: Diagnostic) -> Option<Diagnostic> {
        let canon = d.canon.take()?;
        d.canon = Some(self.path(&canon)?);
        Some(d)
    }

    /// A path from the training job's root, as the definition's path from
    /// the tuning job's root: each member found by name in the definition's
    /// structures (the shared shapes are the same shapes).
    pub(super) fn path(&self, path: &CanonPath) -> Option<CanonPath> {
        let mut segs = self.base.0.clone();
        let mut shape = definition_shape();
        for (n, seg) in path.0.iter().enumerate() {
            match seg {
                Seg::Member(parent, index) => {
                    let mut name = SCHEMA.members(*parent).get(usize::from(*index))?.name;
                    if n == 0 {
                        name = match name {
                            "HyperParameters" => "StaticHyperParameters",
                            "ResourceConfig" if self.tuning_resources => {
                                "HyperParameterTuningResourceConfig"
                            }
                            other => other,
                        };
                    }
                    let members = SCHEMA.members(shape);
                    let i = members.iter().position(|m| m.name == name)?;
                    segs.push(Seg::Member(shape, i as u16));
                    shape = members[i].shape;
                }
                Seg::Index(i) => {
                    segs.push(Seg::Index(*i));
                    shape = match SCHEMA.shape(shape).kind {
                        ShapeKind::List { member, .. } => member,
                        _ => return None,
                    };
                }
                Seg::Key(k) => {
                    segs.push(Seg::Key(k.clone()));
                    shape = match SCHEMA.shape(shape).kind {
                        ShapeKind::Map { value, .. } => value,
                        _ => return None,
                    };
                }
            }
        }
        Some(CanonPath(segs))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{at, at_in};
    use tjspec_model::HyperParameterTuningResourceConfig;

    fn tuning_path(p: &str) -> CanonPath {
        at_in(ResourceId::HyperParameterTuningJob.shape(), p)
    }

    #[test]
    fn view_paths_are_the_definitions() {
        let job = HyperParameterTuningJob {
            training_job_definitions: Some(vec![Default::default(), Default::default()]),
            ..Default::default()
        };
        let views = views(&job);
        assert_eq!(views.len(), 2);
        for (view, expected) in [
            (
                "StoppingCondition.MaxWaitTimeInSeconds",
                "TrainingJobDefinitions[1].StoppingCondition.MaxWaitTimeInSeconds",
            ),
            (
                "HyperParameters",
                "TrainingJobDefinitions[1].StaticHyperParameters",
            ),
            (
                "AlgorithmSpecification.TrainingImage",
                "TrainingJobDefinitions[1].AlgorithmSpecification.TrainingImage",
            ),
            (
                "InputDataConfig[2].DataSource.S3DataSource.InstanceGroupNames[0]",
                "TrainingJobDefinitions[1].InputDataConfig[2].DataSource.S3DataSource.InstanceGroupNames[0]",
            ),
            (
                "ResourceConfig.VolumeKmsKeyId",
                "TrainingJobDefinitions[1].HyperParameterTuningResourceConfig.VolumeKmsKeyId",
            ),
        ] {
            assert_eq!(views[1].path(&at(view)), Some(tuning_path(expected)), "{view}");
        }
        // A map key keeps its place.
        let mut env = at("Environment");
        env.0.push(Seg::Key("DB_PASSWORD".into()));
        let mut expected = tuning_path("TrainingJobDefinitions[1].Environment");
        expected.0.push(Seg::Key("DB_PASSWORD".into()));
        assert_eq!(views[1].path(&env), Some(expected));
        // Members a definition does not have are not translated.
        assert_eq!(views[0].path(&at("Tags[0].Key")), None);
        assert_eq!(
            views[0].path(&at("AlgorithmSpecification.TrainingImageConfig")),
            None
        );
    }

    #[test]
    fn every_member_of_a_view_has_a_place_in_the_definition() {
        // A definition with a ResourceConfig: the view's members all map.
        let def = HyperParameterTrainingJobDefinition {
            resource_config: Some(Default::default()),
            ..Default::default()
        };
        let view = View::of(&def, member_path("TrainingJobDefinition", None));
        for name in [
            "HyperParameters",
            "AlgorithmSpecification",
            "RoleArn",
            "InputDataConfig",
            "OutputDataConfig",
            "ResourceConfig",
            "VpcConfig",
            "StoppingCondition",
            "EnableNetworkIsolation",
            "EnableInterContainerTrafficEncryption",
            "EnableManagedSpotTraining",
            "CheckpointConfig",
            "RetryStrategy",
            "Environment",
        ] {
            assert!(view.path(&at(name)).is_some(), "{name}");
        }
        for name in [
            "TrainingImage",
            "AlgorithmName",
            "TrainingInputMode",
            "MetricDefinitions",
        ] {
            let p = at(&format!("AlgorithmSpecification.{name}"));
            assert_eq!(
                view.path(&p),
                Some(tuning_path(&format!(
                    "TrainingJobDefinition.AlgorithmSpecification.{name}"
                )))
            );
        }
        let p = at("ResourceConfig.InstanceType");
        assert_eq!(
            view.path(&p),
            Some(tuning_path(
                "TrainingJobDefinition.ResourceConfig.InstanceType"
            ))
        );
    }

    #[test]
    fn tuning_resources_read_as_a_resource_config() {
        let def = HyperParameterTrainingJobDefinition {
            hyper_parameter_tuning_resource_config: Some(HyperParameterTuningResourceConfig {
                instance_type: Some("ml.p4d.24xlarge".parse().unwrap()),
                instance_count: Some(2),
                volume_kms_key_id: Some("alias/k".into()),
                ..Default::default()
            }),
            ..Default::default()
        };
        let view = View::of(&def, member_path("TrainingJobDefinition", None));
        let rc = view.job.resource_config.as_ref().unwrap();
        assert_eq!(rc.instance_count, Some(2));
        assert_eq!(rc.volume_kms_key_id.as_deref(), Some("alias/k"));
        assert_eq!(
            view.path(&at("ResourceConfig.InstanceCount")),
            Some(tuning_path(
                "TrainingJobDefinition.HyperParameterTuningResourceConfig.InstanceCount"
            ))
        );
        // KeepAlivePeriodInSeconds has no counterpart there.
        assert_eq!(
            view.path(&at("ResourceConfig.KeepAlivePeriodInSeconds")),
            None
        );
    }
}
