//! Cross-field rules: what the AWS documentation requires of a training job
//! beyond each field's own constraints.
//!
//! `tjspec validate` runs them; `tjspec convert` runs them only with
//! `--validate`, so converting a job never depends on policy. Every rule has
//! a stable id, a severity and a one-line explanation
//! (`tjspec validate --list-rules`).

use std::collections::HashSet;

use tjspec_model::{
    CompressionType, RecordWrapper, S3DataType, TrainingInputMode, TrainingJob, SCHEMA,
};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::{CanonPath, Diagnostic, RuleId, Seg, Severity};

/// One cross-field rule: its row in [`RULES`]. A new rule is a variant of
/// [`RuleId`] (its id, with a doc comment) and a row here.
pub struct Rule {
    /// Stable id, used as the diagnostic code.
    pub id: RuleId,
    /// Error or warning.
    pub severity: Severity,
    /// What the rule requires, in one line.
    pub summary: &'static str,
    check: fn(&TrainingJob, &mut Findings),
}

/// Findings of one rule.
pub(crate) struct Findings<'r> {
    rule: &'r Rule,
    out: Vec<Diagnostic>,
    /// Whether the job must be whole (a CreateTrainingJob request): false
    /// for a job read from a format that holds only part of one (flyteidl)
    /// and written to such a format, whose missing members are not findings.
    whole: bool,
}

impl Findings<'_> {
    fn add(&mut self, path: &str, message: impl Into<String>) {
        let mut d = Diagnostic::error(self.rule.id, message).with_canon(at(path));
        d.severity = self.rule.severity;
        self.out.push(d);
    }
}

/// The canonical path of an API path such as `InputDataConfig[0].ChannelName`.
///
/// Panics on a path the schema does not have: rule paths are fixed strings,
/// and a test walks every rule over a full job.
pub(crate) fn at(path: &str) -> CanonPath {
    let mut segs = Vec::new();
    let mut shape = SCHEMA.root;
    for part in path.split('.') {
        let (name, indices) = match part.find('[') {
            Some(i) => (&part[..i], &part[i..]),
            None => (part, ""),
        };
        let members = SCHEMA.members(shape);
        let index = members
            .iter()
            .position(|m| m.name == name)
            .unwrap_or_else(|| panic!("rule path `{path}`: no member `{name}`"));
        segs.push(Seg::Member(shape, index as u16));
        shape = members[index].shape;
        for idx in indices.split(['[', ']']).filter(|s| !s.is_empty()) {
            segs.push(Seg::Index(idx.parse().expect("numeric index")));
            shape = match SCHEMA.shape(shape).kind {
                ShapeKind::List { member, .. } => member,
                _ => panic!("rule path `{path}`: `{name}` is not a list"),
            };
        }
    }
    CanonPath(segs)
}

/// MaxRuntimeInSeconds may not exceed 28 days.
pub const MAX_RUNTIME_SECONDS: i32 = 28 * 24 * 3600;

/// The profiling intervals SageMaker Debugger accepts, in milliseconds.
pub const PROFILING_INTERVALS: [i64; 6] = [100, 200, 500, 1000, 5000, 60000];

/// Instance families whose storage is local NVMe only: SageMaker does not
/// accept a volume KMS key with them (the instance store is encrypted by
/// the hardware).
pub const NVME_ONLY_FAMILIES: [&str; 19] = [
    "c5d",
    "g4dn",
    "g5",
    "g6",
    "g6e",
    "m5d",
    "p3dn",
    "p4d",
    "p4de",
    "p5",
    "p5e",
    "p5en",
    "p6-b200",
    "p6-b300",
    "p6e-gb200",
    "r5d",
    "trn1",
    "trn1n",
    "trn2",
];

fn secret_like(name: &str) -> bool {
    let upper = name.to_ascii_uppercase();
    upper == "AWS_SECRET_ACCESS_KEY"
        || [
            "PASSWORD",
            "PASSWD",
            "SECRET",
            "TOKEN",
            "API_KEY",
            "PRIVATE_KEY",
        ]
        .iter()
        .any(|s| upper.ends_with(s))
}

/// Every rule, in the order `--list-rules` prints them.
pub static RULES: &[Rule] = &[
    Rule {
        id: RuleId::AlgorithmOrImage,
        severity: Severity::Error,
        summary: "AlgorithmSpecification names exactly one of AlgorithmName and TrainingImage.",
        check: |job, f| {
            if let Some(spec) = &job.algorithm_specification {
                match (&spec.algorithm_name, &spec.training_image) {
                    (Some(_), Some(_)) => f.add("AlgorithmSpecification.AlgorithmName", "AlgorithmName and TrainingImage are both set; keep one"),
                    (None, None) if f.whole => f.add("AlgorithmSpecification", "neither AlgorithmName nor TrainingImage is set; set one"),
                    _ => {}
                }
            }
        },
    },
    Rule {
        id: RuleId::SpotNeedsMaxWait,
        severity: Severity::Error,
        summary: "Managed spot training needs StoppingCondition.MaxWaitTimeInSeconds of at least MaxRuntimeInSeconds.",
        check: |job, f| {
            if job.enable_managed_spot_training != Some(true) {
                return;
            }
            let stop = job.stopping_condition.as_ref();
            match (stop.and_then(|s| s.max_wait_time_in_seconds), stop.and_then(|s| s.max_runtime_in_seconds)) {
                (None, _) => f.add("EnableManagedSpotTraining", "spot training is enabled but StoppingCondition.MaxWaitTimeInSeconds is not set"),
                (Some(wait), Some(run)) if wait < run => f.add(
                    "StoppingCondition.MaxWaitTimeInSeconds",
                    format!("MaxWaitTimeInSeconds ({wait}) is less than MaxRuntimeInSeconds ({run})"),
                ),
                _ => {}
            }
        },
    },
    Rule {
        id: RuleId::MaxWaitWithoutSpot,
        severity: Severity::Error,
        summary: "StoppingCondition.MaxWaitTimeInSeconds is only allowed with managed spot training.",
        check: |job, f| {
            let wait = job.stopping_condition.as_ref().and_then(|s| s.max_wait_time_in_seconds);
            if wait.is_some() && job.enable_managed_spot_training != Some(true) {
                f.add("StoppingCondition.MaxWaitTimeInSeconds", "MaxWaitTimeInSeconds is set but EnableManagedSpotTraining is not true");
            }
        },
    },
    Rule {
        id: RuleId::MaxRuntime28Days,
        severity: Severity::Error,
        summary: "StoppingCondition.MaxRuntimeInSeconds is at most 28 days (2419200 seconds).",
        check: |job, f| {
            if let Some(run) = job.stopping_condition.as_ref().and_then(|s| s.max_runtime_in_seconds) {
                if run > MAX_RUNTIME_SECONDS {
                    f.add("StoppingCondition.MaxRuntimeInSeconds", format!("{run} seconds is more than 28 days ({MAX_RUNTIME_SECONDS})"));
                }
            }
        },
    },
    Rule {
        id: RuleId::PipeOnlyChannelOptions,
        severity: Severity::Error,
        summary: "A channel's CompressionType Gzip and RecordWrapperType RecordIO need Pipe input mode.",
        check: |job, f| {
            let job_mode = job.algorithm_specification.as_ref().and_then(|a| a.training_input_mode.as_ref());
            for (i, ch) in job.input_data_config.iter().flatten().enumerate() {
                let mode = ch.input_mode.as_ref().or(job_mode);
                if mode == Some(&TrainingInputMode::Pipe) {
                    continue;
                }
                let mode = mode.map_or("unset", TrainingInputMode::as_str);
                if matches!(ch.compression_type, Some(CompressionType::Gzip)) {
                    f.add(&format!("InputDataConfig[{i}].CompressionType"), format!("CompressionType Gzip needs Pipe input mode (the channel's mode is {mode})"));
                }
                if matches!(ch.record_wrapper_type, Some(RecordWrapper::RecordIO)) {
                    f.add(&format!("InputDataConfig[{i}].RecordWrapperType"), format!("RecordWrapperType RecordIO needs Pipe input mode (the channel's mode is {mode})"));
                }
            }
        },
    },
    Rule {
        id: RuleId::AugmentedManifestNeedsPipe,
        severity: Severity::Error,
        summary: "S3DataType AugmentedManifestFile needs Pipe input mode.",
        check: |job, f| {
            let job_mode = job.algorithm_specification.as_ref().and_then(|a| a.training_input_mode.as_ref());
            for (i, ch) in job.input_data_config.iter().flatten().enumerate() {
                let s3 = ch.data_source.as_ref().and_then(|d| d.s3_data_source.as_ref());
                if matches!(s3.and_then(|s| s.s3_data_type.as_ref()), Some(S3DataType::AugmentedManifestFile))
                    && ch.input_mode.as_ref().or(job_mode) != Some(&TrainingInputMode::Pipe)
                {
                    f.add(&format!("InputDataConfig[{i}].DataSource.S3DataSource.S3DataType"), "AugmentedManifestFile needs Pipe input mode");
                }
            }
        },
    },
    Rule {
        id: RuleId::InstanceGroupsExclusive,
        severity: Severity::Error,
        summary: "ResourceConfig.InstanceGroups excludes InstanceType, InstanceCount and KeepAlivePeriodInSeconds.",
        check: |job, f| {
            let Some(rc) = &job.resource_config else { return };
            if rc.instance_groups.as_ref().is_none_or(Vec::is_empty) {
                return;
            }
            for (set, name) in [
                (rc.instance_type.is_some(), "InstanceType"),
                (rc.instance_count.is_some(), "InstanceCount"),
                (rc.keep_alive_period_in_seconds.is_some(), "KeepAlivePeriodInSeconds"),
            ] {
                if set {
                    f.add(&format!("ResourceConfig.{name}"), format!("{name} cannot be used together with InstanceGroups"));
                }
            }
        },
    },
    Rule {
        id: RuleId::InstanceGroupNamesExist,
        severity: Severity::Error,
        summary: "S3DataSource.InstanceGroupNames name groups defined in ResourceConfig.InstanceGroups.",
        check: |job, f| {
            let groups: HashSet<&str> = job
                .resource_config
                .iter()
                .flat_map(|rc| rc.instance_groups.iter().flatten())
                .filter_map(|g| g.instance_group_name.as_deref())
                .collect();
            for (i, ch) in job.input_data_config.iter().flatten().enumerate() {
                let names = ch.data_source.as_ref().and_then(|d| d.s3_data_source.as_ref()).and_then(|s| s.instance_group_names.as_ref());
                for (j, name) in names.into_iter().flatten().enumerate() {
                    if !groups.contains(name.as_str()) {
                        f.add(
                            &format!("InputDataConfig[{i}].DataSource.S3DataSource.InstanceGroupNames[{j}]"),
                            format!("no instance group is named `{name}`"),
                        );
                    }
                }
            }
        },
    },
    Rule {
        id: RuleId::OneDataSource,
        severity: Severity::Error,
        summary: "A channel's DataSource has exactly one of S3DataSource, FileSystemDataSource and DatasetSource.",
        check: |job, f| {
            for (i, ch) in job.input_data_config.iter().flatten().enumerate() {
                let Some(ds) = &ch.data_source else { continue };
                let n = usize::from(ds.s3_data_source.is_some()) + usize::from(ds.file_system_data_source.is_some()) + usize::from(ds.dataset_source.is_some());
                if n != 1 {
                    f.add(&format!("InputDataConfig[{i}].DataSource"), format!("the data source has {n} sources; it needs exactly one"));
                }
            }
        },
    },
    Rule {
        id: RuleId::UniqueChannelNames,
        severity: Severity::Error,
        summary: "Channel names are unique.",
        check: |job, f| {
            let mut seen = HashSet::new();
            for (i, ch) in job.input_data_config.iter().flatten().enumerate() {
                if let Some(name) = &ch.channel_name {
                    if !seen.insert(name.as_str()) {
                        f.add(&format!("InputDataConfig[{i}].ChannelName"), format!("channel name `{name}` is used twice"));
                    }
                }
            }
        },
    },
    Rule {
        id: RuleId::UniqueTagKeys,
        severity: Severity::Error,
        summary: "Tag keys are unique (AWS refuses a request that repeats one).",
        check: |job, f| {
            let mut seen = HashSet::new();
            for (i, tag) in job.tags.iter().flatten().enumerate() {
                if let Some(key) = &tag.key {
                    if !seen.insert(key.as_str()) {
                        f.add(&format!("Tags[{i}].Key"), format!("tag key `{key}` is used twice"));
                    }
                }
            }
        },
    },
    Rule {
        id: RuleId::UniqueRuleNames,
        severity: Severity::Error,
        summary: "Debugger and profiler rule configuration names are unique.",
        check: |job, f| {
            let mut seen = HashSet::new();
            for (i, r) in job.debug_rule_configurations.iter().flatten().enumerate() {
                if let Some(name) = &r.rule_configuration_name {
                    if !seen.insert(name.clone()) {
                        f.add(&format!("DebugRuleConfigurations[{i}].RuleConfigurationName"), format!("rule name `{name}` is used twice"));
                    }
                }
            }
            for (i, r) in job.profiler_rule_configurations.iter().flatten().enumerate() {
                if let Some(name) = &r.rule_configuration_name {
                    if !seen.insert(name.clone()) {
                        f.add(&format!("ProfilerRuleConfigurations[{i}].RuleConfigurationName"), format!("rule name `{name}` is used twice"));
                    }
                }
            }
        },
    },
    Rule {
        id: RuleId::UniqueCollectionNames,
        severity: Severity::Error,
        summary: "DebugHookConfig collection names are unique.",
        check: |job, f| {
            let mut seen = HashSet::new();
            let collections = job.debug_hook_config.as_ref().and_then(|d| d.collection_configurations.as_ref());
            for (i, c) in collections.into_iter().flatten().enumerate() {
                if let Some(name) = &c.collection_name {
                    if !seen.insert(name.as_str()) {
                        f.add(&format!("DebugHookConfig.CollectionConfigurations[{i}].CollectionName"), format!("collection name `{name}` is used twice"));
                    }
                }
            }
        },
    },
    Rule {
        id: RuleId::ProfilingInterval,
        severity: Severity::Error,
        summary: "ProfilerConfig.ProfilingIntervalInMilliseconds is one of 100, 200, 500, 1000, 5000 and 60000.",
        check: |job, f| {
            if let Some(ms) = job.profiler_config.as_ref().and_then(|p| p.profiling_interval_in_milliseconds) {
                if !PROFILING_INTERVALS.contains(&ms) {
                    f.add("ProfilerConfig.ProfilingIntervalInMilliseconds", format!("{ms} ms is not an accepted interval (100, 200, 500, 1000, 5000, 60000)"));
                }
            }
        },
    },
    Rule {
        id: RuleId::KmsKeyOnNvmeInstance,
        severity: Severity::Warning,
        summary: "ResourceConfig.VolumeKmsKeyId is not accepted with instance types that only have local NVMe storage (p4d, g4dn, g5, ...).",
        check: |job, f| {
            let Some(rc) = &job.resource_config else { return };
            if rc.volume_kms_key_id.as_deref().is_none_or(str::is_empty) {
                return;
            }
            let types = rc.instance_type.iter().chain(rc.instance_groups.iter().flatten().filter_map(|g| g.instance_type.as_ref()));
            for t in types {
                let family = t.as_str().strip_prefix("ml.").and_then(|s| s.split('.').next()).unwrap_or("");
                if NVME_ONLY_FAMILIES.contains(&family) {
                    f.add("ResourceConfig.VolumeKmsKeyId", format!("{t} has only local NVMe storage; SageMaker rejects a volume KMS key with it"));
                    return;
                }
            }
        },
    },
    Rule {
        id: RuleId::SecretInEnvironment,
        severity: Severity::Warning,
        summary: "Environment variables whose names look like secrets (…PASSWORD, …SECRET, …TOKEN, AWS_SECRET_ACCESS_KEY) are visible in the job description.",
        check: |job, f| {
            for name in job.environment.iter().flat_map(|e| e.keys()) {
                if secret_like(name) {
                    let mut path = at("Environment");
                    path.0.push(Seg::Key(name.clone()));
                    let mut d = Diagnostic::warning(f.rule.id, format!("`{name}` looks like a secret; DescribeTrainingJob shows environment values in clear"))
                        .with_canon(path)
                        .with_hint("pass secrets through AWS Secrets Manager or a file in the training image instead");
                    d.severity = f.rule.severity;
                    f.out.push(d);
                }
            }
        },
    },
];

/// Runs every rule over a job. `whole` says whether the job must be a whole
/// CreateTrainingJob request (false for a flyteidl job written to flyteidl,
/// whose missing members are not findings).
pub fn check(job: &TrainingJob, whole: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        let mut f = Findings {
            rule,
            out: Vec::new(),
            whole,
        };
        (rule.check)(job, &mut f);
        out.append(&mut f.out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_ids_are_unique_and_paths_resolve() {
        let ids: HashSet<_> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids.len(), RULES.len());
        // Every id the runtime declares has its row here, in the same order
        // (`--list-rules` prints the table): a new rule is both.
        let ids: Vec<_> = RULES.iter().map(|r| r.id).collect();
        assert_eq!(ids, RuleId::NAMED);
        for p in [
            "InputDataConfig[3].DataSource.S3DataSource.InstanceGroupNames[1]",
            "DebugHookConfig.CollectionConfigurations[0].CollectionName",
            "ResourceConfig.VolumeKmsKeyId",
        ] {
            assert!(!at(p).0.is_empty());
        }
    }

    #[test]
    fn secret_names() {
        assert!(
            secret_like("DB_PASSWORD")
                && secret_like("github_token")
                && secret_like("AWS_SECRET_ACCESS_KEY")
        );
        assert!(!secret_like("LOG_LEVEL") && !secret_like("TOKENIZER"));
    }
}
