//! The hyperparameter tuning job's own rules: what the SageMaker
//! documentation of CreateHyperParameterTuningJob requires beyond each
//! field's constraints. Their rows are in [`super::RULES`]; the training
//! job's rules reach each training-job definition through
//! [`super::definitions`].

use std::collections::HashSet;

use tjspec_model::{
    HyperParameterScalingType, HyperParameterTrainingJobDefinition, HyperParameterTuningJob,
    HyperParameterTuningJobStrategyType, ParameterRanges,
};
use tjspec_runtime::Seg;

use super::{at_in, Findings};

/// Most ranges (integer, continuous and categorical together) one search takes.
pub const MAX_RANGES: usize = 30;

/// The ECR repositories of SageMaker's built-in algorithms, whose metrics
/// SageMaker knows: only another image must define its objective metric.
const BUILT_IN_REPOSITORIES: [&str; 18] = [
    "blazingtext",
    "factorization-machines",
    "forecasting-deepar",
    "image-classification",
    "ipinsights",
    "kmeans",
    "knn",
    "lda",
    "linear-learner",
    "ntm",
    "object-detection",
    "object2vec",
    "pca",
    "randomcutforest",
    "sagemaker-xgboost",
    "semantic-segmentation",
    "seq2seq",
    "xgboost",
];

/// The definitions with their API paths: `TrainingJobDefinition`, then
/// each of `TrainingJobDefinitions`.
fn definitions(
    job: &HyperParameterTuningJob,
) -> Vec<(String, &HyperParameterTrainingJobDefinition)> {
    let mut out: Vec<_> = job
        .training_job_definition
        .iter()
        .map(|d| ("TrainingJobDefinition".to_owned(), d))
        .collect();
    for (i, d) in job.training_job_definitions.iter().flatten().enumerate() {
        out.push((format!("TrainingJobDefinitions[{i}]"), d));
    }
    out
}

/// Every set of ranges with its API path: the search's, then each definition's.
fn all_ranges(job: &HyperParameterTuningJob) -> Vec<(String, &ParameterRanges)> {
    let mut out: Vec<_> = job
        .hyper_parameter_tuning_job_config
        .as_ref()
        .and_then(|c| c.parameter_ranges.as_ref())
        .map(|r| {
            (
                "HyperParameterTuningJobConfig.ParameterRanges".to_owned(),
                r,
            )
        })
        .into_iter()
        .collect();
    for (path, d) in definitions(job) {
        if let Some(r) = &d.hyper_parameter_ranges {
            out.push((format!("{path}.HyperParameterRanges"), r));
        }
    }
    out
}

/// Whether a string is a decimal number as a range bound holds one: an
/// optional sign, digits with an optional fraction, an optional exponent.
/// Nothing else (`inf`, `NaN`, hex, spaces) passes, unlike `f64::from_str`.
fn decimal(s: &str) -> Option<f64> {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - start
    };
    let mut n = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return None;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return None;
        }
    }
    if i != b.len() {
        return None;
    }
    s.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// An integer bound: an optional sign and digits, within 64 bits.
fn integer(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// One numeric range of a set: its kind, path, bounds and scaling type.
struct Numeric<'a> {
    path: String,
    integer: bool,
    min: Option<&'a str>,
    max: Option<&'a str>,
    scaling: Option<&'a HyperParameterScalingType>,
}

fn numeric<'a>(path: &str, r: &'a ParameterRanges) -> Vec<Numeric<'a>> {
    let mut out = Vec::new();
    for (i, x) in r.integer_parameter_ranges.iter().flatten().enumerate() {
        out.push(Numeric {
            path: format!("{path}.IntegerParameterRanges[{i}]"),
            integer: true,
            min: x.min_value.as_deref(),
            max: x.max_value.as_deref(),
            scaling: x.scaling_type.as_ref(),
        });
    }
    for (i, x) in r.continuous_parameter_ranges.iter().flatten().enumerate() {
        out.push(Numeric {
            path: format!("{path}.ContinuousParameterRanges[{i}]"),
            integer: false,
            min: x.min_value.as_deref(),
            max: x.max_value.as_deref(),
            scaling: x.scaling_type.as_ref(),
        });
    }
    out
}

impl Numeric<'_> {
    /// A bound as a number, `None` when unset or not a number.
    fn bound(&self, value: Option<&str>) -> Option<f64> {
        let v = value?;
        if self.integer {
            // Bounds within 2^53 compare exactly as f64; beyond, AWS's
            // 32-bit integers are exceeded long before.
            integer(v).map(|n| n as f64)
        } else {
            decimal(v)
        }
    }
}

pub(super) fn unique_tag_keys(job: &HyperParameterTuningJob, f: &mut Findings) {
    let mut seen = HashSet::new();
    for (i, tag) in job.tags.iter().flatten().enumerate() {
        if let Some(key) = &tag.key {
            if !seen.insert(key.as_str()) {
                f.add(
                    &format!("Tags[{i}].Key"),
                    format!("tag key `{key}` is used twice"),
                );
            }
        }
    }
}

pub(super) fn definition_or_definitions(job: &HyperParameterTuningJob, f: &mut Findings) {
    match (&job.training_job_definition, &job.training_job_definitions) {
        (Some(_), Some(_)) => f.add(
            "TrainingJobDefinitions",
            "TrainingJobDefinition and TrainingJobDefinitions are both set; keep one",
        ),
        (None, None) if f.whole => f.add(
            "TrainingJobDefinition",
            "neither TrainingJobDefinition nor TrainingJobDefinitions is set; set one",
        ),
        _ => {}
    }
}

pub(super) fn unique_definition_names(job: &HyperParameterTuningJob, f: &mut Findings) {
    let mut seen = HashSet::new();
    for (i, d) in job.training_job_definitions.iter().flatten().enumerate() {
        if let Some(name) = &d.definition_name {
            if !seen.insert(name.as_str()) {
                f.add(
                    &format!("TrainingJobDefinitions[{i}].DefinitionName"),
                    format!("definition name `{name}` is used twice"),
                );
            }
        }
    }
}

pub(super) fn parallel_within_total(job: &HyperParameterTuningJob, f: &mut Findings) {
    let limits = job
        .hyper_parameter_tuning_job_config
        .as_ref()
        .and_then(|c| c.resource_limits.as_ref());
    let Some(limits) = limits else { return };
    if let (Some(parallel), Some(total)) = (
        limits.max_parallel_training_jobs,
        limits.max_number_of_training_jobs,
    ) {
        if parallel > total {
            f.add(
                "HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs",
                format!("MaxParallelTrainingJobs ({parallel}) is more than MaxNumberOfTrainingJobs ({total})"),
            );
        }
    }
}

pub(super) fn range_bounds(job: &HyperParameterTuningJob, f: &mut Findings) {
    for (path, ranges) in all_ranges(job) {
        for r in numeric(&path, ranges) {
            let what = if r.integer { "an integer" } else { "a number" };
            let mut bad = false;
            for (member, value) in [("MinValue", r.min), ("MaxValue", r.max)] {
                if let Some(v) = value {
                    if r.bound(Some(v)).is_none() {
                        bad = true;
                        f.add(
                            &format!("{}.{member}", r.path),
                            format!("{member} `{v}` is not {what}"),
                        );
                    }
                }
            }
            if bad {
                continue;
            }
            if let (Some(min), Some(max)) = (r.bound(r.min), r.bound(r.max)) {
                if min > max {
                    f.add(
                        &format!("{}.MinValue", r.path),
                        format!(
                            "MinValue ({}) is more than MaxValue ({})",
                            r.min.unwrap_or_default(),
                            r.max.unwrap_or_default()
                        ),
                    );
                }
            }
        }
    }
}

pub(super) fn range_scaling_type(job: &HyperParameterTuningJob, f: &mut Findings) {
    for (path, ranges) in all_ranges(job) {
        for r in numeric(&path, ranges) {
            let at = format!("{}.ScalingType", r.path);
            let (min, max) = (r.bound(r.min), r.bound(r.max));
            match r.scaling {
                Some(HyperParameterScalingType::Logarithmic) => {
                    if let Some(min) = min.filter(|&m| m <= 0.0) {
                        f.add(
                            &at,
                            format!("Logarithmic scaling needs a positive MinValue, not {min}"),
                        );
                    }
                }
                Some(HyperParameterScalingType::ReverseLogarithmic) if r.integer => f.add(
                    &at,
                    "ReverseLogarithmic scaling is for continuous ranges only",
                ),
                Some(HyperParameterScalingType::ReverseLogarithmic) => {
                    let outside = min.is_some_and(|m| m < 0.0) || max.is_some_and(|m| m >= 1.0);
                    if outside {
                        f.add(
                            &at,
                            format!(
                                "ReverseLogarithmic scaling needs values in [0, 1); the range is [{}, {}]",
                                r.min.unwrap_or("?"),
                                r.max.unwrap_or("?")
                            ),
                        );
                    }
                }
                _ => {}
            }
        }
    }
}

pub(super) fn at_most_30_ranges(job: &HyperParameterTuningJob, f: &mut Findings) {
    for (path, r) in all_ranges(job) {
        let n = r.integer_parameter_ranges.as_ref().map_or(0, Vec::len)
            + r.continuous_parameter_ranges.as_ref().map_or(0, Vec::len)
            + r.categorical_parameter_ranges.as_ref().map_or(0, Vec::len);
        if n > MAX_RANGES {
            f.add(
                &path,
                format!("{n} ranges; a search takes at most {MAX_RANGES} in all"),
            );
        }
    }
}

/// The names a set of ranges tunes.
fn tuned(r: &ParameterRanges) -> HashSet<&str> {
    let ints = r.integer_parameter_ranges.iter().flatten().map(|x| &x.name);
    let conts = r
        .continuous_parameter_ranges
        .iter()
        .flatten()
        .map(|x| &x.name);
    let cats = r
        .categorical_parameter_ranges
        .iter()
        .flatten()
        .map(|x| &x.name);
    let autos = r.auto_parameters.iter().flatten().map(|x| &x.name);
    ints.chain(conts)
        .chain(cats)
        .chain(autos)
        .filter_map(|n| n.as_deref())
        .collect()
}

pub(super) fn static_or_tuned(job: &HyperParameterTuningJob, f: &mut Findings) {
    let search = job
        .hyper_parameter_tuning_job_config
        .as_ref()
        .and_then(|c| c.parameter_ranges.as_ref());
    let root = f.root;
    // The search's set once, however many definitions fall back on it, so
    // the time stays linear in the job.
    let search = search.map(tuned);
    for (path, d) in definitions(job) {
        // A definition's own ranges, else (a single definition) the search's.
        let own = d.hyper_parameter_ranges.as_ref().map(tuned);
        let Some(tuned) = own.as_ref().or(search.as_ref()) else {
            continue;
        };
        for name in d.static_hyper_parameters.iter().flat_map(|m| m.keys()) {
            if tuned.contains(name.as_str()) {
                let mut p = at_in(root, &format!("{path}.StaticHyperParameters"));
                p.0.push(Seg::Key(name.clone()));
                f.add_at(
                    p,
                    format!("`{name}` is both a static hyperparameter and tuned"),
                );
            }
        }
    }
}

pub(super) fn grid_categorical_only(job: &HyperParameterTuningJob, f: &mut Findings) {
    let strategy = job
        .hyper_parameter_tuning_job_config
        .as_ref()
        .and_then(|c| c.strategy.as_ref());
    if strategy != Some(&HyperParameterTuningJobStrategyType::Grid) {
        return;
    }
    for (path, r) in all_ranges(job) {
        for (member, n) in [
            (
                "IntegerParameterRanges",
                r.integer_parameter_ranges.as_ref().map_or(0, Vec::len),
            ),
            (
                "ContinuousParameterRanges",
                r.continuous_parameter_ranges.as_ref().map_or(0, Vec::len),
            ),
            (
                "AutoParameters",
                r.auto_parameters.as_ref().map_or(0, Vec::len),
            ),
        ] {
            if n > 0 {
                f.add(
                    &format!("{path}.{member}"),
                    format!("the Grid strategy takes only categorical ranges, not {member}"),
                );
            }
        }
    }
}

pub(super) fn hyperband_config_needs_hyperband(job: &HyperParameterTuningJob, f: &mut Findings) {
    let Some(config) = &job.hyper_parameter_tuning_job_config else {
        return;
    };
    let hyperband = config
        .strategy_config
        .as_ref()
        .and_then(|s| s.hyperband_strategy_config.as_ref());
    if hyperband.is_none() {
        return;
    }
    if config.strategy != Some(HyperParameterTuningJobStrategyType::Hyperband) {
        let strategy = config.strategy.as_ref().map_or("unset", |s| s.as_str());
        f.add(
            "HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig",
            format!("HyperbandStrategyConfig is set but the strategy is {strategy}, not Hyperband"),
        );
    }
}

pub(super) fn warm_start_parents(job: &HyperParameterTuningJob, f: &mut Findings) {
    let parents = job
        .warm_start_config
        .as_ref()
        .and_then(|w| w.parent_hyper_parameter_tuning_jobs.as_ref());
    let mut seen = HashSet::new();
    for (i, p) in parents.into_iter().flatten().enumerate() {
        let path = format!("WarmStartConfig.ParentHyperParameterTuningJobs[{i}]");
        match &p.hyper_parameter_tuning_job_name {
            None if f.whole => f.add(
                &path,
                "the parent tuning job has no HyperParameterTuningJobName",
            ),
            None => {}
            Some(name) if !seen.insert(name.as_str()) => f.add(
                &format!("{path}.HyperParameterTuningJobName"),
                format!("parent tuning job `{name}` is named twice"),
            ),
            Some(_) => {}
        }
    }
}

/// Whether an image is one of SageMaker's built-in algorithms (its
/// repository, in an ECR registry).
fn built_in(image: &str) -> bool {
    let Some((host, rest)) = image.split_once('/') else {
        return false;
    };
    let repo = rest.split([':', '@']).next().unwrap_or("");
    super::policies::in_ecr(host) && BUILT_IN_REPOSITORIES.contains(&repo)
}

pub(super) fn objective_metric_defined(job: &HyperParameterTuningJob, f: &mut Findings) {
    let search = job
        .hyper_parameter_tuning_job_config
        .as_ref()
        .and_then(|c| c.hyper_parameter_tuning_job_objective.as_ref());
    for (path, d) in definitions(job) {
        let Some(spec) = &d.algorithm_specification else {
            continue;
        };
        // An algorithm resource or a built-in algorithm defines its metrics.
        let Some(image) = spec.training_image.as_deref() else {
            continue;
        };
        if spec.algorithm_name.is_some() || built_in(image) {
            continue;
        }
        let (objective, at) = match &d.tuning_objective {
            Some(o) => (o, format!("{path}.TuningObjective.MetricName")),
            None => match search {
                Some(o) => (
                    o,
                    "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName"
                        .to_owned(),
                ),
                None => continue,
            },
        };
        let Some(metric) = objective.metric_name.as_deref() else {
            continue;
        };
        let defined = spec
            .metric_definitions
            .iter()
            .flatten()
            .any(|m| m.name.as_deref() == Some(metric));
        if !defined {
            f.add(
                &at,
                format!("the objective metric `{metric}` is not one of {path}.AlgorithmSpecification.MetricDefinitions"),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::{check_tuning_job, Rule, Tuning, RULES};
    use serde_json::{json, Value};
    use tjspec_model::{ResourceId, SCHEMA};
    use tjspec_runtime::RuleId;

    fn clean() -> Value {
        serde_json::from_str(include_str!(
            "../../../tests/fixtures/aws/tuning/xgboost-tuning.json"
        ))
        .unwrap()
    }

    /// Every finding as `rule path`, paths spelled with API names from the
    /// tuning job's root.
    fn findings(job: &Value) -> Vec<String> {
        let job: HyperParameterTuningJob = serde_json::from_value(job.clone()).unwrap();
        let root = ResourceId::HyperParameterTuningJob.shape();
        check_tuning_job(&job, true)
            .into_iter()
            .map(|d| {
                let canon = d.canon.expect("every finding has a path");
                assert!(
                    matches!(canon.0.first(), Some(Seg::Member(s, _)) if *s == root),
                    "{}: not a tuning job's path",
                    d.message
                );
                format!("{} {}", d.code, canon.spell_api(SCHEMA))
            })
            .collect()
    }

    /// The findings of one rule.
    fn of(job: &Value, rule: RuleId) -> Vec<String> {
        let prefix = format!("{rule} ");
        findings(job)
            .into_iter()
            .filter(|f| f.starts_with(&prefix))
            .map(|f| f[prefix.len()..].to_owned())
            .collect()
    }

    fn own_rules() -> impl Iterator<Item = &'static Rule> {
        RULES.iter().filter(|r| matches!(r.tuning, Tuning::Own(_)))
    }

    #[test]
    fn a_clean_tuning_job_has_no_tuning_findings() {
        let job = clean();
        for r in own_rules() {
            assert_eq!(of(&job, r.id), Vec::<String>::new(), "{}", r.id);
        }
        // The definition is held to the training job's rules, and meets
        // them but for two hardening policies (off by default).
        assert_eq!(
            findings(&job),
            [
                "network-isolation TrainingJobDefinition.EnableNetworkIsolation",
                "volume-kms-key TrainingJobDefinition.ResourceConfig.VolumeKmsKeyId",
            ]
        );
    }

    /// The clean job with `edit` applied, and the one finding `rule` must make.
    fn fires_once(rule: RuleId, edit: impl FnOnce(&mut Value), path: &str) {
        let mut job = clean();
        edit(&mut job);
        assert_eq!(of(&job, rule), [path], "{rule}");
    }

    fn config(job: &mut Value) -> &mut Value {
        &mut job["HyperParameterTuningJobConfig"]
    }

    #[test]
    fn each_tuning_rule_fires_once() {
        fires_once(
            RuleId::UniqueTagKeys,
            |j| j["Tags"][1]["Key"] = json!("team"),
            "Tags[1].Key",
        );
        fires_once(
            RuleId::DefinitionOrDefinitions,
            |j| j["TrainingJobDefinitions"] = json!([j["TrainingJobDefinition"].clone()]),
            "TrainingJobDefinitions",
        );
        fires_once(
            RuleId::DefinitionOrDefinitions,
            |j| {
                j.as_object_mut().unwrap().remove("TrainingJobDefinition");
            },
            "TrainingJobDefinition",
        );
        fires_once(
            RuleId::UniqueDefinitionNames,
            |j| {
                let mut d = j
                    .as_object_mut()
                    .unwrap()
                    .remove("TrainingJobDefinition")
                    .unwrap();
                d["DefinitionName"] = json!("xgb");
                j["TrainingJobDefinitions"] = json!([d.clone(), d]);
            },
            "TrainingJobDefinitions[1].DefinitionName",
        );
        fires_once(
            RuleId::ParallelWithinTotal,
            |j| config(j)["ResourceLimits"]["MaxParallelTrainingJobs"] = json!(41),
            "HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs",
        );
        fires_once(
            RuleId::RangeBounds,
            |j| config(j)["ParameterRanges"]["IntegerParameterRanges"][0]["MinValue"] = json!("11"),
            "HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges[0].MinValue",
        );
        fires_once(
            RuleId::RangeBounds,
            |j| {
                config(j)["ParameterRanges"]["ContinuousParameterRanges"][1]["MaxValue"] =
                    json!("1.0x")
            },
            "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[1].MaxValue",
        );
        fires_once(
            RuleId::RangeBounds,
            |j| {
                config(j)["ParameterRanges"]["IntegerParameterRanges"][1]["MaxValue"] =
                    json!("500.5")
            },
            "HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges[1].MaxValue",
        );
        fires_once(
            RuleId::RangeScalingType,
            |j| config(j)["ParameterRanges"]["ContinuousParameterRanges"][0]["MinValue"] = json!("0"),
            "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[0].ScalingType",
        );
        fires_once(
            RuleId::RangeScalingType,
            |j| {
                config(j)["ParameterRanges"]["ContinuousParameterRanges"][1]["ScalingType"] =
                    json!("ReverseLogarithmic")
            },
            "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[1].ScalingType",
        );
        fires_once(
            RuleId::RangeScalingType,
            |j| {
                config(j)["ParameterRanges"]["IntegerParameterRanges"][0]["ScalingType"] =
                    json!("ReverseLogarithmic")
            },
            "HyperParameterTuningJobConfig.ParameterRanges.IntegerParameterRanges[0].ScalingType",
        );
        fires_once(
            RuleId::AtMost30Ranges,
            |j| {
                let cats: Vec<Value> = (0..28)
                    .map(|i| json!({ "Name": format!("c{i}"), "Values": ["a"] }))
                    .collect();
                config(j)["ParameterRanges"]["CategoricalParameterRanges"] = json!(cats);
            },
            "HyperParameterTuningJobConfig.ParameterRanges",
        );
        fires_once(
            RuleId::StaticOrTuned,
            |j| j["TrainingJobDefinition"]["StaticHyperParameters"]["eta"] = json!("0.1"),
            "TrainingJobDefinition.StaticHyperParameters.eta",
        );
        fires_once(
            RuleId::GridCategoricalOnly,
            |j| {
                config(j)["Strategy"] = json!("Grid");
                config(j)["ParameterRanges"]
                    .as_object_mut()
                    .unwrap()
                    .remove("IntegerParameterRanges");
            },
            "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges",
        );
        fires_once(
            RuleId::HyperbandConfigNeedsHyperband,
            |j| {
                config(j)["StrategyConfig"] =
                    json!({ "HyperbandStrategyConfig": { "MinResource": 1, "MaxResource": 10 } })
            },
            "HyperParameterTuningJobConfig.StrategyConfig.HyperbandStrategyConfig",
        );
        fires_once(
            RuleId::WarmStartParents,
            |j| {
                j["WarmStartConfig"]["ParentHyperParameterTuningJobs"] = json!([
                    { "HyperParameterTuningJobName": "a" },
                    { "HyperParameterTuningJobName": "a" },
                ])
            },
            "WarmStartConfig.ParentHyperParameterTuningJobs[1].HyperParameterTuningJobName",
        );
        fires_once(
            RuleId::WarmStartParents,
            |j| j["WarmStartConfig"]["ParentHyperParameterTuningJobs"] = json!([{}]),
            "WarmStartConfig.ParentHyperParameterTuningJobs[0]",
        );
        fires_once(
            RuleId::ObjectiveMetricDefined,
            |j| {
                j["TrainingJobDefinition"]["AlgorithmSpecification"]["TrainingImage"] =
                    json!("123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:3");
                j["TrainingJobDefinition"]["AlgorithmSpecification"]["MetricDefinitions"] =
                    json!([{ "Name": "validation:loss", "Regex": "loss=(\\S+)" }]);
            },
            "HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName",
        );
    }

    #[test]
    fn every_own_rule_has_a_firing_test() {
        // Keep `each_tuning_rule_fires_once` covering every tuning rule.
        let src = include_str!("tuning.rs");
        for r in own_rules() {
            let variant = format!("RuleId::{:?},", r.id);
            assert!(src.contains(&variant), "no test fires {}", r.id);
        }
    }

    #[test]
    fn a_custom_image_with_its_objective_defined_passes() {
        let mut j = clean();
        j["TrainingJobDefinition"]["AlgorithmSpecification"]["TrainingImage"] =
            json!("123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:3");
        j["TrainingJobDefinition"]["AlgorithmSpecification"]["MetricDefinitions"] =
            json!([{ "Name": "validation:auc", "Regex": "auc=(\\S+)" }]);
        assert!(of(&j, RuleId::ObjectiveMetricDefined).is_empty());
        // A definition's own objective is where its finding is.
        j["TrainingJobDefinition"]["TuningObjective"] =
            json!({ "Type": "Minimize", "MetricName": "validation:rmse" });
        assert_eq!(
            of(&j, RuleId::ObjectiveMetricDefined),
            ["TrainingJobDefinition.TuningObjective.MetricName"]
        );
    }

    #[test]
    fn training_rules_report_at_the_definitions_members() {
        let mut j = clean();
        let mut d = j
            .as_object_mut()
            .unwrap()
            .remove("TrainingJobDefinition")
            .unwrap();
        d["DefinitionName"] = json!("a");
        let mut second = d.clone();
        second["DefinitionName"] = json!("b");
        second["StoppingCondition"]["MaxWaitTimeInSeconds"] = json!(1800);
        second["Environment"]["DB_PASSWORD"] = json!("hunter2");
        second["StaticHyperParameters"]["api_token"] = json!("t");
        second.as_object_mut().unwrap().remove("ResourceConfig");
        second["HyperParameterTuningResourceConfig"] = json!({ "InstanceType": "ml.m4.xlarge", "InstanceCount": 1, "VolumeKmsKeyId": "alias/v" });
        j["TrainingJobDefinitions"] = json!([d, second]);
        let mut got = findings(&j);
        got.sort();
        assert_eq!(
            got,
            [
                "network-isolation TrainingJobDefinitions[0].EnableNetworkIsolation",
                "network-isolation TrainingJobDefinitions[1].EnableNetworkIsolation",
                "previous-generation-instance TrainingJobDefinitions[1].HyperParameterTuningResourceConfig.InstanceType",
                "secret-in-environment TrainingJobDefinitions[1].Environment.DB_PASSWORD",
                "secret-in-environment TrainingJobDefinitions[1].StaticHyperParameters.api_token",
                "spot-needs-max-wait TrainingJobDefinitions[1].StoppingCondition.MaxWaitTimeInSeconds",
                "volume-kms-key TrainingJobDefinitions[0].ResourceConfig.VolumeKmsKeyId",
            ]
        );
    }

    #[test]
    fn numbers_are_strict() {
        for ok in ["0", "-1", "+2", "0.01", ".5", "5.", "1e-3", "2.5E+4"] {
            assert!(decimal(ok).is_some(), "{ok}");
        }
        for bad in [
            "", "-", ".", "e3", "1e", "1e+", "inf", "NaN", "0x10", " 1", "1 ", "1,5", "1e999",
        ] {
            assert!(decimal(bad).is_none(), "{bad}");
        }
        assert_eq!(integer("-12"), Some(-12));
        for bad in ["", "+", "1.0", "1e3", "99999999999999999999"] {
            assert!(integer(bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn built_in_images() {
        assert!(built_in(
            "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
        ));
        assert!(built_in(
            "382416733822.dkr.ecr.us-east-1.amazonaws.com/linear-learner:1"
        ));
        assert!(!built_in(
            "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn:3"
        ));
        assert!(!built_in("docker.io/library/xgboost:1"));
    }
}
