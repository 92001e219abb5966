//! The meaning of Flyte's hyperparameter tuning job message,
//! `flyteidl.plugins.sagemaker.HyperparameterTuningJob`, in terms of the AWS
//! tuning job, as Flyte's SageMaker plugin built its
//! CreateHyperParameterTuningJob requests.
//!
//! | flyteidl | AWS tuning job |
//! |---|---|
//! | `training_job` | `TrainingJobDefinition`, as [`mapping`] maps a training job: the algorithm (`AlgorithmSpecification`: image, input mode, metric definitions), `ResourceConfig`, the XGBoost channels (`InputDataConfig`), MPI (`StaticHyperParameters`), `EnableManagedSpotTraining`, `StoppingCondition` (Flyte's 86400 s where the message has none) |
//! | `max_number_of_training_jobs`, `max_parallel_training_jobs` | `HyperParameterTuningJobConfig.ResourceLimits` |
//! | `hyperparameter_tuning_job_config` (field 4, tjspec's; Flyte's task input of that name) | the rest of `HyperParameterTuningJobConfig`: |
//! | `tuning_strategy` BAYESIAN / RANDOM | `Strategy` Bayesian / Random |
//! | `tuning_objective` MINIMIZE / MAXIMIZE, `metric_name` | `HyperParameterTuningJobObjective` `Type`, `MetricName` |
//! | `training_job_early_stopping_type` OFF / AUTO | `TrainingJobEarlyStoppingType` Off / Auto |
//! | `hyperparameter_ranges` (name → range) | `ParameterRanges`: `IntegerParameterRanges`, `ContinuousParameterRanges`, `CategoricalParameterRanges`, each in name order |
//! | a range's `scaling_type` AUTO / LINEAR / LOGARITHMIC / REVERSELOGARITHMIC | `ScalingType` Auto / Linear / Logarithmic / ReverseLogarithmic |
//!
//! Range bounds are numbers in the message and strings in AWS. An integer
//! bound is written in decimal; a continuous one as the shortest decimal
//! that reads back as the same `f64` (exponent form when that is shorter
//! than 25 characters would not be: `1e25`), so no digit drifts the way
//! Flyte's `%f` did. The other way, a bound that does not parse as the
//! range's kind of number, or that would be spelled otherwise when read
//! back (`1.0` becomes `1`), is named as a loss. Flyte's plugin took every
//! range's scaling type from its continuous part, so integer ranges were
//! always Auto there; tjspec maps each range's own.
//!
//! The message holds the ranges in a map: a name that two ranges share
//! keeps the first (integer, then continuous, then categorical ranges) and
//! the others are losses; ranges come back ordered by name, which the loss
//! report does not count as a change.
//!
//! [`to_tuning_job`] reads a message into a job; [`from_tuning_job`] writes a
//! job into a message; [`losses`] names everything the message cannot carry.

use std::collections::{BTreeMap, HashMap, VecDeque};

use prost::Message as _;
use tjspec_flyteidl::sagemaker as pb;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::meta::shape;
use tjspec_model::{
    AlgorithmSpecification, CategoricalParameterRange, ContinuousParameterRange,
    HyperParameterAlgorithmSpecification, HyperParameterScalingType,
    HyperParameterTrainingJobDefinition, HyperParameterTuningJob, HyperParameterTuningJobConfig,
    HyperParameterTuningJobObjective, HyperParameterTuningJobObjectiveType,
    HyperParameterTuningJobStrategyType, IntegerParameterRange, ParameterRanges, ResourceLimits,
    TrainingJob, TrainingJobEarlyStoppingType, SCHEMA,
};
use tjspec_runtime::path::push_key;
use tjspec_runtime::{CanonPath, Code, Diagnostic, Node, Seg, ShapeId, Write, WriteCx};

use super::mapping::{self, Kept};

/// The JSON name of the training job inside the message; paths of what
/// [`mapping`] reports about it start with it.
pub const TRAINING_JOB: &str = "trainingJob";

/// The JSON name of the tuning configuration (field 4).
pub const CONFIG: &str = "hyperparameterTuningJobConfig";

/// A message read into a tuning job: as [`mapping::FromMessage`], with the
/// paths of the inner training job's parts under [`TRAINING_JOB`].
#[derive(Debug, Default)]
pub struct FromTuningMessage {
    /// The job.
    pub job: HyperParameterTuningJob,
    /// Parts of the message the job cannot hold, by JSON path.
    pub extras: Vec<(String, Node)>,
    /// Parts the job holds in another form, or filled in where the message
    /// is silent.
    pub implied: Vec<(String, Node)>,
    /// Problems, with the JSON path of the field as `path`.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems and notes only for outputs that need a whole AWS job.
    pub deferred: Vec<Diagnostic>,
}

/// One enum of the message beside the AWS enum each value means.
struct EnumMap<T: 'static> {
    /// The message that wraps the enum (`HyperparameterTuningStrategy`).
    wrapper: &'static str,
    /// Number, name in the message, AWS value.
    values: &'static [(i32, &'static str, T)],
}

impl<T: Clone + PartialEq> EnumMap<T> {
    fn read(&self, n: i32, path: &str, d: &mut Vec<Diagnostic>) -> Option<T> {
        if let Some((.., v)) = self.values.iter().find(|(k, ..)| *k == n) {
            return Some(v.clone());
        }
        let known: Vec<(i32, &str)> = self.values.iter().map(|(k, s, _)| (*k, *s)).collect();
        d.push(mapping::enum_error(path, self.wrapper, n, &known));
        None
    }

    /// The number of an AWS value; 0 (the message's default) for a value
    /// the message has no number for, which the loss report then names.
    fn write(&self, v: Option<&T>) -> i32 {
        v.and_then(|v| self.values.iter().find(|(.., t)| t == v))
            .map_or(0, |(n, ..)| *n)
    }
}

static STRATEGY: EnumMap<HyperParameterTuningJobStrategyType> = EnumMap {
    wrapper: "HyperparameterTuningStrategy",
    values: &[
        (0, "BAYESIAN", HyperParameterTuningJobStrategyType::Bayesian),
        (1, "RANDOM", HyperParameterTuningJobStrategyType::Random),
    ],
};

static OBJECTIVE_TYPE: EnumMap<HyperParameterTuningJobObjectiveType> = EnumMap {
    wrapper: "HyperparameterTuningObjectiveType",
    values: &[
        (
            0,
            "MINIMIZE",
            HyperParameterTuningJobObjectiveType::Minimize,
        ),
        (
            1,
            "MAXIMIZE",
            HyperParameterTuningJobObjectiveType::Maximize,
        ),
    ],
};

static EARLY_STOPPING: EnumMap<TrainingJobEarlyStoppingType> = EnumMap {
    wrapper: "TrainingJobEarlyStoppingType",
    values: &[
        (0, "OFF", TrainingJobEarlyStoppingType::Off),
        (1, "AUTO", TrainingJobEarlyStoppingType::Auto),
    ],
};

static SCALING: EnumMap<HyperParameterScalingType> = EnumMap {
    wrapper: "HyperparameterScalingType",
    values: &[
        (0, "AUTO", HyperParameterScalingType::Auto),
        (1, "LINEAR", HyperParameterScalingType::Linear),
        (2, "LOGARITHMIC", HyperParameterScalingType::Logarithmic),
        (
            3,
            "REVERSELOGARITHMIC",
            HyperParameterScalingType::ReverseLogarithmic,
        ),
    ],
};

/// The tuning job's training job definition of a training job read from
/// the message: the members [`mapping::to_job`] fills, moved over.
fn definition_of(t: TrainingJob) -> HyperParameterTrainingJobDefinition {
    HyperParameterTrainingJobDefinition {
        algorithm_specification: t.algorithm_specification.map(|a| {
            HyperParameterAlgorithmSpecification {
                training_image: a.training_image,
                training_input_mode: a.training_input_mode,
                metric_definitions: a.metric_definitions,
                ..Default::default()
            }
        }),
        static_hyper_parameters: t.hyper_parameters,
        input_data_config: t.input_data_config,
        resource_config: t.resource_config,
        stopping_condition: t.stopping_condition,
        enable_managed_spot_training: t.enable_managed_spot_training,
        ..Default::default()
    }
}

/// The training job [`mapping::from_job`] writes for a definition: the
/// members the message has a place for. The others are losses.
fn training_of(d: &HyperParameterTrainingJobDefinition) -> TrainingJob {
    TrainingJob {
        algorithm_specification: d.algorithm_specification.as_ref().map(|a| {
            AlgorithmSpecification {
                training_image: a.training_image.clone(),
                training_input_mode: a.training_input_mode.clone(),
                metric_definitions: a.metric_definitions.clone(),
                ..Default::default()
            }
        }),
        hyper_parameters: d.static_hyper_parameters.clone(),
        input_data_config: d.input_data_config.clone(),
        resource_config: d.resource_config.clone(),
        stopping_condition: d.stopping_condition.clone(),
        enable_managed_spot_training: d.enable_managed_spot_training,
        ..Default::default()
    }
}

fn under_training_job(mut d: Diagnostic) -> Diagnostic {
    d.path = if d.path.is_empty() {
        TRAINING_JOB.to_owned()
    } else {
        format!("{TRAINING_JOB}.{}", d.path)
    };
    d
}

/// Reads a message into a tuning job; XGBoost images are those of `region`.
pub fn to_tuning_job(m: &pb::HyperparameterTuningJob, region: &str) -> FromTuningMessage {
    let mut out = FromTuningMessage::default();
    if let Some(t) = &m.training_job {
        let r = mapping::to_job(t, region);
        let prefixed = |v: Vec<(String, Node)>| {
            v.into_iter()
                .map(|(p, n)| (format!("{TRAINING_JOB}.{p}"), n))
                .collect::<Vec<_>>()
        };
        out.extras = prefixed(r.extras);
        out.implied = prefixed(r.implied);
        out.diagnostics = r.diagnostics.into_iter().map(under_training_job).collect();
        out.deferred = r.deferred.into_iter().map(under_training_job).collect();
        out.job.training_job_definition = Some(definition_of(r.job));
    }
    let d = &mut out.diagnostics;
    let limits = ResourceLimits {
        max_number_of_training_jobs: mapping::to_i32(
            "maxNumberOfTrainingJobs",
            "maximum number of training jobs",
            m.max_number_of_training_jobs,
            d,
        ),
        max_parallel_training_jobs: mapping::to_i32(
            "maxParallelTrainingJobs",
            "maximum number of parallel training jobs",
            m.max_parallel_training_jobs,
            d,
        ),
        ..ResourceLimits::default()
    };
    let config = match &m.hyperparameter_tuning_job_config {
        Some(c) => Some(read_config(c, d)),
        None => {
            out.deferred.push(
                Diagnostic::note(
                    Code::Required,
                    "no tuning configuration: the job has no strategy, objective or parameter ranges (Flyte passed them beside the message, as the task input `hyperparameter_tuning_job_config`)",
                )
                .with_path(CONFIG)
                .with_hint("supply them with --set or --overlay (HyperParameterTuningJobConfig.Strategy, ...)"),
            );
            None
        }
    };
    let has_limits = limits != ResourceLimits::default();
    if has_limits || config.is_some() {
        let mut c = config.unwrap_or_default();
        if has_limits {
            c.resource_limits = Some(limits);
        }
        out.job.hyper_parameter_tuning_job_config = Some(c);
    }
    out
}

fn read_config(
    c: &pb::HyperparameterTuningJobConfig,
    d: &mut Vec<Diagnostic>,
) -> HyperParameterTuningJobConfig {
    // Flyte's plugin always sent the strategy and the early stopping type
    // (proto3 cannot leave them out), so they are always set here too.
    let mut out = HyperParameterTuningJobConfig {
        strategy: STRATEGY.read(c.tuning_strategy, &format!("{CONFIG}.tuningStrategy"), d),
        training_job_early_stopping_type: EARLY_STOPPING.read(
            c.training_job_early_stopping_type,
            &format!("{CONFIG}.trainingJobEarlyStoppingType"),
            d,
        ),
        ..Default::default()
    };
    if let Some(o) = &c.tuning_objective {
        out.hyper_parameter_tuning_job_objective = Some(HyperParameterTuningJobObjective {
            type_: OBJECTIVE_TYPE.read(
                o.objective_type,
                &format!("{CONFIG}.tuningObjective.objectiveType"),
                d,
            ),
            metric_name: mapping::non_empty(&o.metric_name),
        });
    }
    if let Some(r) = &c.hyperparameter_ranges {
        out.parameter_ranges = Some(read_ranges(r, d));
    }
    out
}

/// A continuous bound as AWS holds it: the shortest decimal that reads
/// back as the same `f64`, in exponent form when the plain one is long.
pub fn float_text(v: f64) -> String {
    let plain = v.to_string();
    if plain.len() <= 24 {
        plain
    } else {
        format!("{v:e}")
    }
}

fn finite_text(v: f64, path: String, d: &mut Vec<Diagnostic>) -> Option<String> {
    if v.is_finite() {
        return Some(float_text(v));
    }
    d.push(
        Diagnostic::error(
            Code::NotFinite,
            format!("range bound {v} is not a finite number, which AWS cannot hold"),
        )
        .with_path(path),
    );
    None
}

fn read_ranges(r: &pb::ParameterRanges, d: &mut Vec<Diagnostic>) -> ParameterRanges {
    use pb::parameter_range_one_of::ParameterRangeType as Kind;
    let (mut ints, mut floats, mut categories) = (Vec::new(), Vec::new(), Vec::new());
    for (name, range) in &r.parameter_range_map {
        let mut path = format!("{CONFIG}.hyperparameterRanges.parameterRangeMap");
        push_key(&mut path, name);
        match &range.parameter_range_type {
            None => d.push(
                Diagnostic::error(
                    Code::Required,
                    format!("range `{name}` is none of continuousParameterRange, integerParameterRange and categoricalParameterRange"),
                )
                .with_path(path),
            ),
            Some(Kind::IntegerParameterRange(i)) => ints.push(IntegerParameterRange {
                name: Some(name.clone()),
                min_value: Some(i.min_value.to_string()),
                max_value: Some(i.max_value.to_string()),
                scaling_type: SCALING.read(
                    i.scaling_type,
                    &format!("{path}.integerParameterRange.scalingType"),
                    d,
                ),
            }),
            Some(Kind::ContinuousParameterRange(c)) => {
                let at = format!("{path}.continuousParameterRange");
                floats.push(ContinuousParameterRange {
                    name: Some(name.clone()),
                    min_value: finite_text(c.min_value, format!("{at}.minValue"), d),
                    max_value: finite_text(c.max_value, format!("{at}.maxValue"), d),
                    scaling_type: SCALING.read(c.scaling_type, &format!("{at}.scalingType"), d),
                });
            }
            Some(Kind::CategoricalParameterRange(c)) => {
                categories.push(CategoricalParameterRange {
                    name: Some(name.clone()),
                    values: Some(c.values.clone()),
                });
            }
        }
    }
    ParameterRanges {
        integer_parameter_ranges: (!ints.is_empty()).then_some(ints),
        continuous_parameter_ranges: (!floats.is_empty()).then_some(floats),
        categorical_parameter_ranges: (!categories.is_empty()).then_some(categories),
        auto_parameters: None,
    }
}

/// A continuous bound the message can hold: a finite number.
fn parse_float(s: Option<&String>) -> Option<f64> {
    s?.parse::<f64>().ok().filter(|v| v.is_finite())
}

fn parse_int(s: Option<&String>) -> Option<i64> {
    s?.parse::<i64>().ok()
}

/// The message's ranges: the ranges whose bounds it can hold, the first of
/// each name.
fn write_ranges(r: &ParameterRanges) -> pb::ParameterRanges {
    use pb::parameter_range_one_of::ParameterRangeType as Kind;
    let mut map = BTreeMap::new();
    let mut add = |name: &Option<String>, kind: Kind| {
        map.entry(name.clone().unwrap_or_default())
            .or_insert(pb::ParameterRangeOneOf {
                parameter_range_type: Some(kind),
            });
    };
    for x in r.integer_parameter_ranges.iter().flatten() {
        let (Some(min), Some(max)) = (
            parse_int(x.min_value.as_ref()),
            parse_int(x.max_value.as_ref()),
        ) else {
            continue;
        };
        add(
            &x.name,
            Kind::IntegerParameterRange(pb::IntegerParameterRange {
                max_value: max,
                min_value: min,
                scaling_type: SCALING.write(x.scaling_type.as_ref()),
            }),
        );
    }
    for x in r.continuous_parameter_ranges.iter().flatten() {
        let (Some(min), Some(max)) = (
            parse_float(x.min_value.as_ref()),
            parse_float(x.max_value.as_ref()),
        ) else {
            continue;
        };
        add(
            &x.name,
            Kind::ContinuousParameterRange(pb::ContinuousParameterRange {
                max_value: max,
                min_value: min,
                scaling_type: SCALING.write(x.scaling_type.as_ref()),
            }),
        );
    }
    for x in r.categorical_parameter_ranges.iter().flatten() {
        add(
            &x.name,
            Kind::CategoricalParameterRange(pb::CategoricalParameterRange {
                values: x.values.clone().unwrap_or_default(),
            }),
        );
    }
    pb::ParameterRanges {
        parameter_range_map: map,
    }
}

/// `kept`'s entries about the inner training job, with paths as
/// [`mapping`] spells them.
fn inner(entries: &[(String, Node)]) -> Vec<(String, Node)> {
    let prefix = format!("{TRAINING_JOB}.");
    entries
        .iter()
        .filter_map(|(p, n)| p.strip_prefix(&prefix).map(|p| (p.to_owned(), n.clone())))
        .collect()
}

/// Writes a tuning job into a message; `kept` is what a job read from
/// flyteidl carries beside it (paths as [`to_tuning_job`] gives them).
pub fn from_tuning_job(
    job: &HyperParameterTuningJob,
    kept: &Kept<'_>,
) -> pb::HyperparameterTuningJob {
    let mut m = pb::HyperparameterTuningJob::default();
    if let Some(def) = &job.training_job_definition {
        let (extras, implied) = (inner(kept.extras), inner(kept.implied));
        let kept = Kept {
            from_flyteidl: kept.from_flyteidl,
            extras: &extras,
            implied: &implied,
        };
        m.training_job = Some(mapping::from_job(&training_of(def), &kept));
    }
    let Some(c) = &job.hyper_parameter_tuning_job_config else {
        return m;
    };
    if let Some(l) = &c.resource_limits {
        m.max_number_of_training_jobs = l.max_number_of_training_jobs.map_or(0, i64::from);
        m.max_parallel_training_jobs = l.max_parallel_training_jobs.map_or(0, i64::from);
    }
    let said = c.strategy.is_some()
        || c.hyper_parameter_tuning_job_objective.is_some()
        || c.parameter_ranges.is_some()
        || c.training_job_early_stopping_type.is_some();
    if said {
        m.hyperparameter_tuning_job_config = Some(pb::HyperparameterTuningJobConfig {
            hyperparameter_ranges: c.parameter_ranges.as_ref().map(write_ranges),
            tuning_strategy: STRATEGY.write(c.strategy.as_ref()),
            tuning_objective: c.hyper_parameter_tuning_job_objective.as_ref().map(|o| {
                pb::HyperparameterTuningObjective {
                    objective_type: OBJECTIVE_TYPE.write(o.type_.as_ref()),
                    metric_name: o.metric_name.clone().unwrap_or_default(),
                }
            }),
            training_job_early_stopping_type: EARLY_STOPPING
                .write(c.training_job_early_stopping_type.as_ref()),
        });
    }
    m
}

/// Every member of `job` that does not come back the same through the
/// message (read back in `region`): what writing it as flyteidl loses, as
/// canonical paths from the tuning job's root. Status members count only
/// with `include_status`.
pub fn losses(
    job: &HyperParameterTuningJob,
    kept: &Kept<'_>,
    region: &str,
    include_status: bool,
) -> Vec<CanonPath> {
    // Through the bytes: proto3 leaves out a `-0.0` bound as it does 0.
    let written = from_tuning_job(job, kept);
    let written =
        pb::HyperparameterTuningJob::decode(written.encode_to_vec().as_slice()).unwrap_or(written);
    let mut back = to_tuning_job(&written, region).job;
    // The ranges are compared by name, below; the rest member by member.
    let mut job = job.clone();
    let ranges = job
        .hyper_parameter_tuning_job_config
        .as_mut()
        .and_then(|c| c.parameter_ranges.take());
    let back_ranges = back
        .hyper_parameter_tuning_job_config
        .as_mut()
        .and_then(|c| c.parameter_ranges.take());
    let a = job.write(&mut WriteCx::new(&AWS, include_status));
    let b = back.write(&mut WriteCx::new(&AWS, true));
    let mut out = Vec::new();
    let root = shape::HYPER_PARAMETER_TUNING_JOB;
    mapping::diff(&a, Some(&b), root, &mut Vec::new(), &mut out);
    if let Some(r) = &ranges {
        let mut path = vec![
            member(root, "HyperParameterTuningJobConfig"),
            member(shape::HYPER_PARAMETER_TUNING_JOB_CONFIG, "ParameterRanges"),
        ];
        range_losses(r, back_ranges.as_ref(), &mut path, &mut out);
    }
    out.sort();
    out
}

/// The path segment of the member `name` of the structure `shape`.
fn member(shape: ShapeId, name: &str) -> Seg {
    let i = SCHEMA
        .members(shape)
        .iter()
        .position(|m| m.name == name)
        .expect("a member of the schema");
    Seg::Member(shape, u16::try_from(i).expect("members fit u16"))
}

fn range_losses(
    a: &ParameterRanges,
    b: Option<&ParameterRanges>,
    path: &mut Vec<Seg>,
    out: &mut Vec<CanonPath>,
) {
    let s = shape::PARAMETER_RANGES;
    let b = b.cloned().unwrap_or_default();
    path.push(member(s, "IntegerParameterRanges"));
    list_losses(
        a.integer_parameter_ranges.as_deref(),
        b.integer_parameter_ranges.as_deref(),
        |r| r.name.as_deref(),
        shape::INTEGER_PARAMETER_RANGE,
        path,
        out,
    );
    path.pop();
    path.push(member(s, "ContinuousParameterRanges"));
    list_losses(
        a.continuous_parameter_ranges.as_deref(),
        b.continuous_parameter_ranges.as_deref(),
        |r| r.name.as_deref(),
        shape::CONTINUOUS_PARAMETER_RANGE,
        path,
        out,
    );
    path.pop();
    path.push(member(s, "CategoricalParameterRanges"));
    list_losses(
        a.categorical_parameter_ranges.as_deref(),
        b.categorical_parameter_ranges.as_deref(),
        |r| r.name.as_deref(),
        shape::CATEGORICAL_PARAMETER_RANGE,
        path,
        out,
    );
    path.pop();
    if a.auto_parameters.as_ref().is_some_and(|v| !v.is_empty()) {
        path.push(member(s, "AutoParameters"));
        out.push(CanonPath(path.clone()));
        path.pop();
    }
}

/// Each range of `a` against the unused range of `b` with its name: a
/// range with none is lost whole, one with a partner is compared member by
/// member.
fn list_losses<T: Write>(
    a: Option<&[T]>,
    b: Option<&[T]>,
    name: fn(&T) -> Option<&str>,
    element: ShapeId,
    path: &mut Vec<Seg>,
    out: &mut Vec<CanonPath>,
) {
    let b = b.unwrap_or_default();
    // `b`'s ranges by name, in order, so pairing stays linear.
    let mut by_name: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (j, y) in b.iter().enumerate() {
        by_name
            .entry(name(y).unwrap_or(""))
            .or_default()
            .push_back(j);
    }
    for (i, x) in a.unwrap_or_default().iter().enumerate() {
        path.push(Seg::Index(i));
        let partner = by_name
            .get_mut(name(x).unwrap_or(""))
            .and_then(VecDeque::pop_front);
        match partner {
            None => out.push(CanonPath(path.clone())),
            Some(j) => {
                let xa = x.write(&mut WriteCx::new(&AWS, true));
                let yb = b[j].write(&mut WriteCx::new(&AWS, true));
                mapping::diff(&xa, Some(&yb), element, path, out);
            }
        }
        path.pop();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pb::parameter_range_one_of::ParameterRangeType as Kind;
    use tjspec_model::{
        Autotune, AutotuneMode, HyperParameterTuningJobWarmStartConfig,
        HyperParameterTuningJobWarmStartType, OutputDataConfig, ParentHyperParameterTuningJob,
        StoppingCondition, TrainingInputMode,
    };

    fn kept(r: &FromTuningMessage) -> Kept<'_> {
        Kept {
            from_flyteidl: true,
            extras: &r.extras,
            implied: &r.implied,
        }
    }

    fn spelled(paths: &[CanonPath]) -> Vec<String> {
        paths.iter().map(|p| p.spell_api(SCHEMA)).collect()
    }

    fn range(kind: Kind) -> pb::ParameterRangeOneOf {
        pb::ParameterRangeOneOf {
            parameter_range_type: Some(kind),
        }
    }

    fn golden() -> pb::HyperparameterTuningJob {
        pb::HyperparameterTuningJob {
            training_job: Some(pb::TrainingJob {
                algorithm_specification: Some(pb::AlgorithmSpecification {
                    input_mode: 1,
                    algorithm_name: 1,
                    algorithm_version: "1.7-1".into(),
                    metric_definitions: vec![pb::MetricDefinition {
                        name: "validation:auc".into(),
                        regex: "auc:([0-9.]+)".into(),
                    }],
                    input_content_type: 0,
                }),
                training_job_resource_config: Some(pb::TrainingJobResourceConfig {
                    instance_count: 2,
                    instance_type: "ml.m5.xlarge".into(),
                    volume_size_in_gb: 30,
                    distributed_protocol: 1,
                }),
                interruptible: true,
                stopping_condition: Some(pb::StoppingCondition {
                    max_runtime_in_seconds: 3600,
                    max_wait_time_in_seconds: 7200,
                }),
            }),
            max_number_of_training_jobs: 20,
            max_parallel_training_jobs: 4,
            hyperparameter_tuning_job_config: Some(pb::HyperparameterTuningJobConfig {
                hyperparameter_ranges: Some(pb::ParameterRanges {
                    parameter_range_map: BTreeMap::from([
                        (
                            "eta".to_owned(),
                            range(Kind::ContinuousParameterRange(
                                pb::ContinuousParameterRange {
                                    max_value: 0.5,
                                    min_value: 0.1,
                                    scaling_type: 2,
                                },
                            )),
                        ),
                        (
                            "max_depth".to_owned(),
                            range(Kind::IntegerParameterRange(pb::IntegerParameterRange {
                                max_value: 10,
                                min_value: 3,
                                scaling_type: 1,
                            })),
                        ),
                        (
                            "objective".to_owned(),
                            range(Kind::CategoricalParameterRange(
                                pb::CategoricalParameterRange {
                                    values: vec!["binary:logistic".into(), "reg:logistic".into()],
                                },
                            )),
                        ),
                    ]),
                }),
                tuning_strategy: 1,
                tuning_objective: Some(pb::HyperparameterTuningObjective {
                    objective_type: 1,
                    metric_name: "validation:auc".into(),
                }),
                training_job_early_stopping_type: 1,
            }),
        }
    }

    /// The AWS job the golden message means (in us-east-1).
    fn golden_job() -> HyperParameterTuningJob {
        let training = mapping::to_job(golden().training_job.as_ref().unwrap(), "us-east-1").job;
        HyperParameterTuningJob {
            hyper_parameter_tuning_job_config: Some(HyperParameterTuningJobConfig {
                strategy: Some(HyperParameterTuningJobStrategyType::Random),
                hyper_parameter_tuning_job_objective: Some(HyperParameterTuningJobObjective {
                    type_: Some(HyperParameterTuningJobObjectiveType::Maximize),
                    metric_name: Some("validation:auc".into()),
                }),
                resource_limits: Some(ResourceLimits {
                    max_number_of_training_jobs: Some(20),
                    max_parallel_training_jobs: Some(4),
                    ..Default::default()
                }),
                parameter_ranges: Some(ParameterRanges {
                    integer_parameter_ranges: Some(vec![IntegerParameterRange {
                        name: Some("max_depth".into()),
                        min_value: Some("3".into()),
                        max_value: Some("10".into()),
                        scaling_type: Some(HyperParameterScalingType::Linear),
                    }]),
                    continuous_parameter_ranges: Some(vec![ContinuousParameterRange {
                        name: Some("eta".into()),
                        min_value: Some("0.1".into()),
                        max_value: Some("0.5".into()),
                        scaling_type: Some(HyperParameterScalingType::Logarithmic),
                    }]),
                    categorical_parameter_ranges: Some(vec![CategoricalParameterRange {
                        name: Some("objective".into()),
                        values: Some(vec!["binary:logistic".into(), "reg:logistic".into()]),
                    }]),
                    auto_parameters: None,
                }),
                training_job_early_stopping_type: Some(TrainingJobEarlyStoppingType::Auto),
                ..Default::default()
            }),
            training_job_definition: Some(HyperParameterTrainingJobDefinition {
                algorithm_specification: Some(HyperParameterAlgorithmSpecification {
                    training_image: Some(
                        "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
                            .into(),
                    ),
                    training_input_mode: Some(TrainingInputMode::Pipe),
                    metric_definitions: training
                        .algorithm_specification
                        .as_ref()
                        .unwrap()
                        .metric_definitions
                        .clone(),
                    algorithm_name: None,
                }),
                static_hyper_parameters: training.hyper_parameters.clone(),
                input_data_config: training.input_data_config.clone(),
                resource_config: training.resource_config.clone(),
                stopping_condition: Some(StoppingCondition {
                    max_runtime_in_seconds: Some(3600),
                    max_wait_time_in_seconds: Some(7200),
                    ..Default::default()
                }),
                enable_managed_spot_training: Some(true),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    #[test]
    fn the_golden_message_maps_both_ways() {
        let r = to_tuning_job(&golden(), "us-east-1");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        assert_eq!(r.job, golden_job());
        let def = r.job.training_job_definition.as_ref().unwrap();
        assert_eq!(
            def.static_hyper_parameters.as_ref().unwrap()[mapping::MPI_HYPERPARAMETER],
            "true"
        );
        assert_eq!(def.input_data_config.as_ref().unwrap().len(), 2);
        // Message → job → message, as read and as from an AWS job.
        assert_eq!(from_tuning_job(&r.job, &kept(&r)), golden());
        assert_eq!(from_tuning_job(&golden_job(), &Kept::default()), golden());
        assert!(losses(&r.job, &kept(&r), "us-east-1", true).is_empty());
        assert!(losses(&golden_job(), &Kept::default(), "us-east-1", true).is_empty());
    }

    #[test]
    fn the_training_job_moves_into_the_definition_whole() {
        // Whatever the training job mapping fills, the definition holds.
        for m in [golden().training_job.unwrap(), pb::TrainingJob::default()] {
            let t = mapping::to_job(&m, "us-east-1").job;
            assert_eq!(training_of(&definition_of(t.clone())), t);
        }
    }

    #[test]
    fn the_inner_training_job_keeps_what_flyteidl_kept() {
        // A short XGBoost spelling and a CUSTOM version travel beside the
        // job under `trainingJob.`, and come back.
        let mut m = golden();
        let a = m
            .training_job
            .as_mut()
            .unwrap()
            .algorithm_specification
            .as_mut()
            .unwrap();
        a.algorithm_version = "1.7".into();
        m.training_job.as_mut().unwrap().stopping_condition = None;
        let r = to_tuning_job(&m, "us-east-1");
        let paths: Vec<_> = r.implied.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths,
            [
                "trainingJob.algorithmSpecification.algorithmVersion",
                "trainingJob.stoppingCondition"
            ]
        );
        assert!(r
            .deferred
            .iter()
            .any(|d| d.path == "trainingJob.algorithmSpecification.algorithmVersion"));
        assert_eq!(from_tuning_job(&r.job, &kept(&r)), m);
        assert!(losses(&r.job, &kept(&r), "us-east-1", true).is_empty());

        let mut custom = m.clone();
        let a = custom
            .training_job
            .as_mut()
            .unwrap()
            .algorithm_specification
            .as_mut()
            .unwrap();
        a.algorithm_name = 0;
        a.algorithm_version = "v3".into();
        let r = to_tuning_job(&custom, "us-east-1");
        assert_eq!(
            r.extras[0].0,
            "trainingJob.algorithmSpecification.algorithmVersion"
        );
        assert_eq!(from_tuning_job(&r.job, &kept(&r)), custom);
    }

    #[test]
    fn every_enum_value_maps_both_ways() {
        fn check<T: Clone + PartialEq + std::fmt::Debug>(
            table: &EnumMap<T>,
            set: impl Fn(&mut pb::HyperparameterTuningJob, i32),
            get: impl Fn(&HyperParameterTuningJob) -> Option<T>,
            path: &str,
        ) {
            for (n, _, v) in table.values {
                let mut m = golden();
                set(&mut m, *n);
                let r = to_tuning_job(&m, "us-east-1");
                assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
                assert_eq!(get(&r.job).as_ref(), Some(v));
                assert_eq!(from_tuning_job(&r.job, &kept(&r)), m);
                assert!(losses(&r.job, &kept(&r), "us-east-1", true).is_empty());
            }
            let unknown = i32::try_from(table.values.len()).unwrap();
            let mut m = golden();
            set(&mut m, unknown);
            let r = to_tuning_job(&m, "us-east-1");
            let got: Vec<_> = r
                .diagnostics
                .iter()
                .map(|d| (d.code.as_str(), d.path.as_str()))
                .collect();
            assert_eq!(got, [("enum", path)]);
            assert!(r.diagnostics[0].message.contains(table.wrapper));
        }
        fn config(m: &mut pb::HyperparameterTuningJob) -> &mut pb::HyperparameterTuningJobConfig {
            m.hyperparameter_tuning_job_config.as_mut().unwrap()
        }
        fn job_config(j: &HyperParameterTuningJob) -> &HyperParameterTuningJobConfig {
            j.hyper_parameter_tuning_job_config.as_ref().unwrap()
        }
        fn ranges(
            m: &mut pb::HyperparameterTuningJob,
        ) -> &mut BTreeMap<String, pb::ParameterRangeOneOf> {
            &mut config(m)
                .hyperparameter_ranges
                .as_mut()
                .unwrap()
                .parameter_range_map
        }
        fn job_ranges(j: &HyperParameterTuningJob) -> &ParameterRanges {
            job_config(j).parameter_ranges.as_ref().unwrap()
        }
        check(
            &STRATEGY,
            |m, n| config(m).tuning_strategy = n,
            |j| job_config(j).strategy.clone(),
            "hyperparameterTuningJobConfig.tuningStrategy",
        );
        check(
            &EARLY_STOPPING,
            |m, n| config(m).training_job_early_stopping_type = n,
            |j| job_config(j).training_job_early_stopping_type.clone(),
            "hyperparameterTuningJobConfig.trainingJobEarlyStoppingType",
        );
        check(
            &OBJECTIVE_TYPE,
            |m, n| config(m).tuning_objective.as_mut().unwrap().objective_type = n,
            |j| {
                job_config(j)
                    .hyper_parameter_tuning_job_objective
                    .as_ref()
                    .unwrap()
                    .type_
                    .clone()
            },
            "hyperparameterTuningJobConfig.tuningObjective.objectiveType",
        );
        check(
            &SCALING,
            |m, n| match &mut ranges(m).get_mut("max_depth").unwrap().parameter_range_type {
                Some(Kind::IntegerParameterRange(i)) => i.scaling_type = n,
                _ => unreachable!(),
            },
            |j| job_ranges(j).integer_parameter_ranges.as_ref().unwrap()[0].scaling_type.clone(),
            "hyperparameterTuningJobConfig.hyperparameterRanges.parameterRangeMap.max_depth.integerParameterRange.scalingType",
        );
        check(
            &SCALING,
            |m, n| match &mut ranges(m).get_mut("eta").unwrap().parameter_range_type {
                Some(Kind::ContinuousParameterRange(c)) => c.scaling_type = n,
                _ => unreachable!(),
            },
            |j| job_ranges(j).continuous_parameter_ranges.as_ref().unwrap()[0].scaling_type.clone(),
            "hyperparameterTuningJobConfig.hyperparameterRanges.parameterRangeMap.eta.continuousParameterRange.scalingType",
        );
        // The AWS values the message has no number for are losses.
        let mut job = golden_job();
        let c = job.hyper_parameter_tuning_job_config.as_mut().unwrap();
        c.strategy = Some(HyperParameterTuningJobStrategyType::Hyperband);
        c.training_job_early_stopping_type =
            Some(TrainingJobEarlyStoppingType::Unknown("Sometimes".into()));
        c.hyper_parameter_tuning_job_objective
            .as_mut()
            .unwrap()
            .type_ = Some(HyperParameterTuningJobObjectiveType::Unknown(
            "Ignore".into(),
        ));
        c.parameter_ranges
            .as_mut()
            .unwrap()
            .integer_parameter_ranges
            .as_mut()
            .unwrap()[0]
            .scaling_type = Some(HyperParameterScalingType::Unknown("Cubic".into()));
        let m = from_tuning_job(&job, &Kept::default());
        let mc = m.hyperparameter_tuning_job_config.as_ref().unwrap();
        assert_eq!(
            (mc.tuning_strategy, mc.training_job_early_stopping_type),
            (0, 0)
        );
        assert_eq!(
            spelled(&losses(&job, &Kept::default(), "us-east-1", true)),
            [
                "HyperParameterTuningJobConfig.Strategy",
                "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.Type",
                "HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges[0].ScalingType",
                "HyperParameterTuningJobConfig.TrainingJobEarlyStoppingType",
            ]
        );
        let mut grid = golden_job();
        grid.hyper_parameter_tuning_job_config
            .as_mut()
            .unwrap()
            .strategy = Some(HyperParameterTuningJobStrategyType::Grid);
        assert_eq!(
            spelled(&losses(&grid, &Kept::default(), "us-east-1", true)),
            ["HyperParameterTuningJobConfig.Strategy"]
        );
    }

    #[test]
    fn every_member_the_message_cannot_carry_is_named() {
        let mut job = golden_job();
        job.hyper_parameter_tuning_job_name = Some("hpo".into());
        job.warm_start_config = Some(HyperParameterTuningJobWarmStartConfig {
            parent_hyper_parameter_tuning_jobs: Some(vec![ParentHyperParameterTuningJob {
                hyper_parameter_tuning_job_name: Some("parent".into()),
            }]),
            warm_start_type: Some(HyperParameterTuningJobWarmStartType::TransferLearning),
        });
        job.autotune = Some(Autotune {
            mode: Some(AutotuneMode::Enabled),
        });
        job.training_job_definitions = Some(vec![HyperParameterTrainingJobDefinition::default()]);
        job.failure_reason = Some("status, not counted without include_status".into());
        let c = job.hyper_parameter_tuning_job_config.as_mut().unwrap();
        c.random_seed = Some(7);
        c.resource_limits.as_mut().unwrap().max_runtime_in_seconds = Some(3600);
        let r = c.parameter_ranges.as_mut().unwrap();
        r.auto_parameters = Some(vec![Default::default()]);
        let ints = r.integer_parameter_ranges.as_mut().unwrap();
        // Not an integer: the range is lost whole.
        ints.push(IntegerParameterRange {
            name: Some("rounds".into()),
            min_value: Some("1.5".into()),
            max_value: Some("9".into()),
            scaling_type: None,
        });
        // A name a continuous range has too: integer ranges come first,
        // and the continuous `eta` is lost whole.
        ints.push(IntegerParameterRange {
            name: Some("eta".into()),
            min_value: Some("1".into()),
            max_value: Some("2".into()),
            scaling_type: None,
        });
        let floats = r.continuous_parameter_ranges.as_mut().unwrap();
        // Spelled otherwise when read back: the bound is named.
        floats.push(ContinuousParameterRange {
            name: Some("gamma".into()),
            min_value: Some("1.0".into()),
            max_value: Some("5".into()),
            scaling_type: None,
        });
        // Not finite: lost whole.
        floats.push(ContinuousParameterRange {
            name: Some("alpha".into()),
            min_value: Some("0".into()),
            max_value: Some("inf".into()),
            scaling_type: None,
        });
        // No bound: lost whole, never made up.
        floats.push(ContinuousParameterRange {
            name: Some("lambda".into()),
            min_value: None,
            max_value: Some("1".into()),
            scaling_type: None,
        });
        let def = job.training_job_definition.as_mut().unwrap();
        def.definition_name = Some("xgb".into());
        def.role_arn = Some("arn:aws:iam::111122223333:role/r".into());
        def.output_data_config = Some(OutputDataConfig {
            s3_output_path: Some("s3://b/o".into()),
            ..Default::default()
        });
        def.enable_network_isolation = Some(true);
        def.hyper_parameter_ranges = Some(ParameterRanges::default());
        def.tuning_objective = Some(HyperParameterTuningJobObjective {
            metric_name: Some("validation:auc".into()),
            ..Default::default()
        });
        def.algorithm_specification.as_mut().unwrap().algorithm_name = Some("my-algo".into());
        def.static_hyper_parameters
            .as_mut()
            .unwrap()
            .insert("num_round".into(), "100".into());
        def.environment = Some([("A".to_owned(), "1".to_owned())].into_iter().collect());
        let got = spelled(&losses(&job, &Kept::default(), "us-east-1", false));
        assert_eq!(
            got,
            [
                "HyperParameterTuningJobName",
                "HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds",
                "HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges[1]",
                "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0]",
                "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[1].MinValue",
                "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[2]",
                "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[3]",
                "HyperParameterTuningJobConfig.ParameterRanges.AutoParameters",
                "HyperParameterTuningJobConfig.RandomSeed",
                "TrainingJobDefinition.DefinitionName",
                "TrainingJobDefinition.TuningObjective",
                "TrainingJobDefinition.StaticHyperParameters.num_round",
                "TrainingJobDefinition.AlgorithmSpecification.AlgorithmName",
                "TrainingJobDefinition.RoleArn",
                "TrainingJobDefinition.OutputDataConfig",
                "TrainingJobDefinition.EnableNetworkIsolation",
                "TrainingJobDefinition.Environment",
                "TrainingJobDefinitions",
                "WarmStartConfig",
                "Autotune",
            ]
        );
        // Status members count when asked for.
        assert!(spelled(&losses(&job, &Kept::default(), "us-east-1", true))
            .contains(&"FailureReason".to_owned()));
        // What is carried still is.
        let m = from_tuning_job(&job, &Kept::default());
        let map = &m
            .hyperparameter_tuning_job_config
            .as_ref()
            .unwrap()
            .hyperparameter_ranges
            .as_ref()
            .unwrap()
            .parameter_range_map;
        assert_eq!(
            map.keys().map(String::as_str).collect::<Vec<_>>(),
            ["eta", "gamma", "max_depth", "objective"]
        );
        assert!(matches!(
            map["eta"].parameter_range_type,
            Some(Kind::IntegerParameterRange(_))
        ));
    }

    #[test]
    fn ranges_in_another_order_are_not_losses() {
        let mut job = golden_job();
        let r = job
            .hyper_parameter_tuning_job_config
            .as_mut()
            .unwrap()
            .parameter_ranges
            .as_mut()
            .unwrap();
        r.integer_parameter_ranges.as_mut().unwrap().insert(
            0,
            IntegerParameterRange {
                name: Some("num_round".into()),
                min_value: Some("10".into()),
                max_value: Some("100".into()),
                scaling_type: None,
            },
        );
        assert!(losses(&job, &Kept::default(), "us-east-1", true).is_empty());
        let back = to_tuning_job(&from_tuning_job(&job, &Kept::default()), "us-east-1").job;
        let names: Vec<_> = back
            .hyper_parameter_tuning_job_config
            .unwrap()
            .parameter_ranges
            .unwrap()
            .integer_parameter_ranges
            .unwrap()
            .into_iter()
            .map(|r| r.name.unwrap())
            .collect();
        assert_eq!(names, ["max_depth", "num_round"]);
    }

    #[test]
    fn many_ranges_of_one_name_each_find_their_partner_or_none() {
        // Pairing by name: the first `n` keeps its place in the map, the
        // others (same name) are each lost whole, however many there are.
        let mut job = golden_job();
        let r = job
            .hyper_parameter_tuning_job_config
            .as_mut()
            .unwrap()
            .parameter_ranges
            .as_mut()
            .unwrap();
        let ints = r.integer_parameter_ranges.as_mut().unwrap();
        for i in 0..20_000 {
            ints.push(IntegerParameterRange {
                name: Some("n".into()),
                min_value: Some(i.to_string()),
                max_value: Some("1".into()),
                scaling_type: None,
            });
        }
        let got = losses(&job, &Kept::default(), "us-east-1", true);
        assert_eq!(got.len(), 19_999);
        assert_eq!(
            spelled(&got[..1]),
            ["HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges[2]"]
        );
    }

    fn continuous(min: f64, max: f64) -> pb::HyperparameterTuningJob {
        let mut m = golden();
        let map = &mut m
            .hyperparameter_tuning_job_config
            .as_mut()
            .unwrap()
            .hyperparameter_ranges
            .as_mut()
            .unwrap()
            .parameter_range_map;
        map.insert(
            "eta".into(),
            range(Kind::ContinuousParameterRange(
                pb::ContinuousParameterRange {
                    max_value: max,
                    min_value: min,
                    scaling_type: 0,
                },
            )),
        );
        map.insert(
            "max_depth".into(),
            range(Kind::IntegerParameterRange(pb::IntegerParameterRange {
                max_value: i64::MAX,
                min_value: i64::MIN,
                scaling_type: 0,
            })),
        );
        m
    }

    fn bounds(j: &HyperParameterTuningJob) -> (String, String, String, String) {
        let r = j
            .hyper_parameter_tuning_job_config
            .as_ref()
            .unwrap()
            .parameter_ranges
            .as_ref()
            .unwrap();
        let c = &r.continuous_parameter_ranges.as_ref().unwrap()[0];
        let i = &r.integer_parameter_ranges.as_ref().unwrap()[0];
        (
            c.min_value.clone().unwrap(),
            c.max_value.clone().unwrap(),
            i.min_value.clone().unwrap(),
            i.max_value.clone().unwrap(),
        )
    }

    #[test]
    fn bounds_convert_exactly() {
        for (v, text) in [
            (0.1, "0.1"),
            (0.3, "0.3"),
            (1.0, "1"),
            (-2.5, "-2.5"),
            (1e-7, "0.0000001"),
            (123456789.123, "123456789.123"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e25, "1e25"),
            (5e-324, "5e-324"),
            (f64::MAX, "1.7976931348623157e308"),
        ] {
            assert_eq!(float_text(v), text);
            let m = continuous(v, v);
            let r = to_tuning_job(&m, "us-east-1");
            assert!(r.diagnostics.is_empty(), "{v}: {:?}", r.diagnostics);
            let (min, max, imin, imax) = bounds(&r.job);
            assert_eq!((min.as_str(), max.as_str()), (text, text));
            assert_eq!(
                (imin.as_str(), imax.as_str()),
                ("-9223372036854775808", "9223372036854775807")
            );
            let back = from_tuning_job(&r.job, &kept(&r));
            assert_eq!(back, m, "{v}");
            // Bit for bit, the sign of zero included.
            match &back
                .hyperparameter_tuning_job_config
                .unwrap()
                .hyperparameter_ranges
                .unwrap()
                .parameter_range_map["eta"]
                .parameter_range_type
            {
                Some(Kind::ContinuousParameterRange(c)) => {
                    assert_eq!(c.min_value.to_bits(), v.to_bits());
                }
                _ => unreachable!(),
            }
            assert!(losses(&r.job, &kept(&r), "us-east-1", true).is_empty());
        }
    }

    #[test]
    fn a_negative_zero_bound_is_read_but_cannot_be_written() {
        // proto3 does not encode a 0 bound, whatever its sign.
        let m = continuous(-0.0, 1.0);
        let r = to_tuning_job(&m, "us-east-1");
        assert_eq!(bounds(&r.job).0, "-0");
        assert_eq!(
            spelled(&losses(&r.job, &kept(&r), "us-east-1", true)),
            ["HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].MinValue"]
        );
        let mut plus = r.job.clone();
        let c = &mut plus
            .hyper_parameter_tuning_job_config
            .as_mut()
            .unwrap()
            .parameter_ranges
            .as_mut()
            .unwrap()
            .continuous_parameter_ranges
            .as_mut()
            .unwrap()[0];
        c.min_value = Some("0".into());
        assert!(losses(&plus, &Kept::default(), "us-east-1", true).is_empty());
    }

    #[test]
    fn bad_numbers_are_errors_with_paths() {
        let m = continuous(f64::NAN, f64::INFINITY);
        let r = to_tuning_job(&m, "us-east-1");
        let got: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.path.as_str()))
            .collect();
        let at = "hyperparameterTuningJobConfig.hyperparameterRanges.parameterRangeMap.eta.continuousParameterRange";
        assert_eq!(
            got,
            [
                ("not-finite", format!("{at}.minValue").as_str()),
                ("not-finite", format!("{at}.maxValue").as_str())
            ]
        );
        let mut m = golden();
        m.max_number_of_training_jobs = 1 << 40;
        m.max_parallel_training_jobs = -(1 << 40);
        let c = m.hyperparameter_tuning_job_config.as_mut().unwrap();
        c.hyperparameter_ranges
            .as_mut()
            .unwrap()
            .parameter_range_map
            .insert("weird key".into(), pb::ParameterRangeOneOf::default());
        m.training_job
            .as_mut()
            .unwrap()
            .training_job_resource_config
            .as_mut()
            .unwrap()
            .instance_count = 1 << 40;
        let r = to_tuning_job(&m, "us-east-1");
        let got: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.path.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("range", "trainingJob.trainingJobResourceConfig.instanceCount"),
                ("range", "maxNumberOfTrainingJobs"),
                ("range", "maxParallelTrainingJobs"),
                (
                    "required",
                    "hyperparameterTuningJobConfig.hyperparameterRanges.parameterRangeMap[\"weird key\"]"
                ),
            ]
        );
    }

    #[test]
    fn a_released_message_without_config_says_what_is_missing() {
        let mut m = golden();
        m.hyperparameter_tuning_job_config = None;
        let r = to_tuning_job(&m, "us-east-1");
        assert!(r.diagnostics.is_empty());
        assert!(r
            .deferred
            .iter()
            .any(|d| d.path == CONFIG && d.message.contains("hyperparameter_tuning_job_config")));
        let c = r.job.hyper_parameter_tuning_job_config.as_ref().unwrap();
        assert_eq!(
            (
                c.strategy.as_ref(),
                c.resource_limits
                    .as_ref()
                    .unwrap()
                    .max_parallel_training_jobs
            ),
            (None, Some(4))
        );
        // Written back without a config it never had.
        assert_eq!(from_tuning_job(&r.job, &kept(&r)), m);
        // An empty message is an empty job, and back.
        let r = to_tuning_job(&pb::HyperparameterTuningJob::default(), "us-east-1");
        assert_eq!(r.job, HyperParameterTuningJob::default());
        assert_eq!(
            from_tuning_job(&r.job, &kept(&r)),
            pb::HyperparameterTuningJob::default()
        );
    }

    /// The messages the conformance stage exchanges with the released
    /// package, by name (`xtask/conformance/check_flyteidl_tuning.py` builds
    /// the same ones). Their training jobs keep to the released fields.
    fn conformance_cases() -> Vec<(&'static str, pb::HyperparameterTuningJob)> {
        let released_fields = |mut m: pb::HyperparameterTuningJob| {
            let t = m.training_job.as_mut().unwrap();
            t.interruptible = false;
            t.stopping_condition = None;
            m
        };
        let mut without_config = golden();
        without_config.hyperparameter_tuning_job_config = None;
        vec![
            ("golden", released_fields(golden())),
            ("without-config", released_fields(without_config)),
            ("extremes", released_fields(continuous(0.1 + 0.2, 1e25))),
            ("tiny", released_fields(continuous(-5e-324, 5e-324))),
        ]
    }

    /// With `TJSPEC_FLYTEIDL_TUNING_DIR` set (by `cargo xtask conformance`):
    /// reads the package's encodings of the cases from its `package/`
    /// directory, and writes tjspec's, with tjspec's descriptor, to `tjspec/`.
    #[test]
    #[ignore = "run by `cargo xtask conformance` with the released package's encodings"]
    fn conformance_with_the_released_package() {
        let dir = std::path::PathBuf::from(
            std::env::var_os("TJSPEC_FLYTEIDL_TUNING_DIR")
                .expect("TJSPEC_FLYTEIDL_TUNING_DIR names the exchange directory"),
        );
        let (theirs, ours) = (dir.join("package"), dir.join("tjspec"));
        std::fs::create_dir_all(&ours).unwrap();
        std::fs::write(
            ours.join("descriptor.pb"),
            tjspec_flyteidl::FILE_DESCRIPTOR_SET,
        )
        .unwrap();
        for (name, m) in conformance_cases() {
            let r = to_tuning_job(&m, "us-east-1");
            assert!(r.diagnostics.is_empty(), "{name}: {:?}", r.diagnostics);
            // tjspec writes what the message means, from the job alone.
            let written = from_tuning_job(&r.job, &Kept::default());
            assert_eq!(written, m, "{name}: written from the job");
            std::fs::write(ours.join(format!("{name}.pb")), written.encode_to_vec()).unwrap();
            std::fs::write(
                ours.join(format!("{name}.json")),
                serde_json::to_vec(&written).unwrap(),
            )
            .unwrap();
            // The package's bytes and JSON mean the same job.
            let bytes = std::fs::read(theirs.join(format!("{name}.pb"))).unwrap();
            let decoded = pb::HyperparameterTuningJob::decode(&bytes[..]).unwrap();
            assert_eq!(decoded, m, "{name}: the package's binary");
            let text = std::fs::read(theirs.join(format!("{name}.json"))).unwrap();
            let parsed: pb::HyperparameterTuningJob = serde_json::from_slice(&text).unwrap();
            assert_eq!(parsed, m, "{name}: the package's JSON");
            assert_eq!(to_tuning_job(&decoded, "us-east-1").job, r.job, "{name}");
            assert!(losses(&r.job, &Kept::default(), "us-east-1", true).is_empty());
        }
    }
}
