//! Cross-field rules: what the AWS documentation requires of a training job
//! beyond each field's own constraints (correctness), and policies a
//! platform team holds jobs to (security, cost, reliability).
//!
//! `tjspec validate` runs them; `tjspec convert` runs them only with
//! `--validate`, so converting a job never depends on policy. Every rule has
//! a stable id, a category, a default severity, a one-line summary and an
//! explanation with the fix (`tjspec validate --list-rules`, `--explain`).
//! A [`crate::config::Config`] changes a rule's level or turns it off.

use std::collections::HashSet;

use tjspec_model::{
    CompressionType, HyperParameterTuningJob, RecordWrapper, ResourceId, S3DataType,
    TrainingInputMode, TrainingJob, SCHEMA,
};
use tjspec_runtime::meta::{ShapeId, ShapeKind};
use tjspec_runtime::{CanonPath, Diagnostic, RuleId, Seg, Severity};

mod definitions;
mod policies;
mod tuning;

/// What a rule is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Category {
    /// What AWS requires: a job that breaks it is refused or fails.
    Correctness,
    /// Encryption, isolation, secrets.
    Security,
    /// Money spent for nothing.
    Cost,
    /// A job that fails, or starts over, when it need not.
    Reliability,
}

impl Category {
    /// Every category, in the order `--list-rules` groups them.
    pub const ALL: [Category; 4] = [
        Category::Correctness,
        Category::Security,
        Category::Cost,
        Category::Reliability,
    ];

    /// Lower-case name, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Correctness => "correctness",
            Category::Security => "security",
            Category::Cost => "cost",
            Category::Reliability => "reliability",
        }
    }
}

/// One cross-field rule: its row in [`RULES`]. A new rule is a variant of
/// [`RuleId`] (its id, with a doc comment) and a row here.
pub struct Rule {
    /// Stable id, used as the diagnostic code.
    pub id: RuleId,
    /// What the rule is about.
    pub category: Category,
    /// The severity of its findings unless a configuration says otherwise.
    pub severity: Severity,
    /// Whether it runs without a configuration turning it on. Rules about
    /// hardening a job opts into (a VPC, KMS keys, network isolation) fire on
    /// most jobs as AWS documents them: a team turns them on in `.tjspec.toml`.
    pub on_by_default: bool,
    /// What the rule requires, in one line.
    pub summary: &'static str,
    /// Why, and how to fix a finding, in one paragraph.
    pub explanation: &'static str,
    /// Its check of a training job, if it checks training jobs.
    training: Option<TrainingCheck>,
    /// Whether and how it checks a tuning job.
    tuning: Tuning,
}

type TrainingCheck = fn(&TrainingJob, &mut Findings);

/// How a rule checks a hyperparameter tuning job.
enum Tuning {
    /// It does not: what it checks has no counterpart in a tuning job.
    No,
    /// Its training-job check runs on each training-job definition, read as
    /// the training jobs the definition launches (see [`definitions`]).
    Definitions,
    /// A check of its own.
    Own(fn(&HyperParameterTuningJob, &mut Findings)),
}

impl Rule {
    /// Its level without a configuration: its severity, or off.
    pub fn default_level(&self) -> crate::config::Level {
        if self.on_by_default {
            self.severity.into()
        } else {
            crate::config::Level::Off
        }
    }

    /// Whether it checks jobs of a resource.
    pub fn applies_to(&self, resource: ResourceId) -> bool {
        match resource {
            ResourceId::TrainingJob => self.training.is_some(),
            ResourceId::HyperParameterTuningJob => !matches!(self.tuning, Tuning::No),
            // A resource added to the schema has no rules until they are written.
            _ => false,
        }
    }

    /// The resources whose jobs it checks, in the schema's order.
    pub fn resources(&self) -> impl Iterator<Item = ResourceId> + '_ {
        ResourceId::ALL
            .iter()
            .copied()
            .filter(|&r| self.applies_to(r))
    }

    /// The row of a rule id.
    pub fn of(id: RuleId) -> &'static Rule {
        RULES
            .iter()
            .find(|r| r.id == id)
            .expect("every rule id has a row (tested)")
    }
}

/// Findings of one rule.
pub(crate) struct Findings<'r> {
    rule: &'r Rule,
    out: Vec<Diagnostic>,
    /// Whether the job must be whole (a CreateTrainingJob request): false
    /// for a job read from a format that holds only part of one (flyteidl)
    /// and written to such a format, whose missing members are not findings.
    whole: bool,
    /// The root structure `add`'s paths start from.
    root: ShapeId,
}

impl<'r> Findings<'r> {
    fn new(rule: &'r Rule, whole: bool, root: ShapeId) -> Self {
        Findings {
            rule,
            out: Vec::new(),
            whole,
            root,
        }
    }

    fn add(&mut self, path: &str, message: impl Into<String>) {
        self.add_at(at_in(self.root, path), message);
    }

    fn add_at(&mut self, path: CanonPath, message: impl Into<String>) {
        let mut d = Diagnostic::error(self.rule.id, message).with_canon(path);
        d.severity = self.rule.severity;
        self.out.push(d);
    }

    /// Sets the hint of the finding just added.
    fn hint(&mut self, hint: &str) {
        if let Some(d) = self.out.last_mut() {
            d.hint = Some(hint.to_owned());
        }
    }
}

/// The canonical path of an API path such as `InputDataConfig[0].ChannelName`.
///
/// Panics on a path the schema does not have: rule paths are fixed strings,
/// and a test walks every rule over a full job.
pub(crate) fn at(path: &str) -> CanonPath {
    at_in(SCHEMA.root, path)
}

/// The canonical path of an API path from the root structure `root`.
pub(crate) fn at_in(root: ShapeId, path: &str) -> CanonPath {
    let mut segs = Vec::new();
    let mut shape = root;
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

pub(crate) fn secret_like(name: &str) -> bool {
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
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "AlgorithmSpecification names exactly one of AlgorithmName and TrainingImage.",
        explanation: "CreateTrainingJob refuses an AlgorithmSpecification that names both a marketplace algorithm and a container image, or neither: SageMaker would not know what to run. Keep AlgorithmName for an algorithm resource or TrainingImage for your own container, not both.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
            if let Some(spec) = &job.algorithm_specification {
                match (&spec.algorithm_name, &spec.training_image) {
                    (Some(_), Some(_)) => f.add("AlgorithmSpecification.AlgorithmName", "AlgorithmName and TrainingImage are both set; keep one"),
                    (None, None) if f.whole => f.add("AlgorithmSpecification", "neither AlgorithmName nor TrainingImage is set; set one"),
                    _ => {}
                }
            }
        }),
    },
    Rule {
        id: RuleId::SpotNeedsMaxWait,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "Managed spot training needs StoppingCondition.MaxWaitTimeInSeconds of at least MaxRuntimeInSeconds.",
        explanation: "With managed spot training, SageMaker waits for spot capacity up to MaxWaitTimeInSeconds, and the wait includes the run: AWS refuses a spot job without it, or with less wait than runtime. Set StoppingCondition.MaxWaitTimeInSeconds to at least MaxRuntimeInSeconds.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
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
        }),
    },
    Rule {
        id: RuleId::MaxWaitWithoutSpot,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "StoppingCondition.MaxWaitTimeInSeconds is only allowed with managed spot training.",
        explanation: "MaxWaitTimeInSeconds is how long a spot job may wait for capacity; AWS refuses it on an on-demand job. Remove it, or set EnableManagedSpotTraining to true.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
            let wait = job.stopping_condition.as_ref().and_then(|s| s.max_wait_time_in_seconds);
            if wait.is_some() && job.enable_managed_spot_training != Some(true) {
                f.add("StoppingCondition.MaxWaitTimeInSeconds", "MaxWaitTimeInSeconds is set but EnableManagedSpotTraining is not true");
            }
        }),
    },
    Rule {
        id: RuleId::MaxRuntime28Days,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "StoppingCondition.MaxRuntimeInSeconds is at most 28 days (2419200 seconds).",
        explanation: "SageMaker stops every training job after 28 days and refuses a longer MaxRuntimeInSeconds. Lower it to 2419200 or less; checkpoint longer training and continue it in a new job.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
            if let Some(run) = job.stopping_condition.as_ref().and_then(|s| s.max_runtime_in_seconds) {
                if run > MAX_RUNTIME_SECONDS {
                    f.add("StoppingCondition.MaxRuntimeInSeconds", format!("{run} seconds is more than 28 days ({MAX_RUNTIME_SECONDS})"));
                }
            }
        }),
    },
    Rule {
        id: RuleId::PipeOnlyChannelOptions,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "A channel's CompressionType Gzip and RecordWrapperType RecordIO need Pipe input mode.",
        explanation: "Gzip compression and RecordIO wrapping are decoded by Pipe input mode only; in File or FastFile mode the container would receive the raw bytes, and AWS refuses the channel. Set the channel's (or the job's) TrainingInputMode to Pipe, or remove the option.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
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
        }),
    },
    Rule {
        id: RuleId::AugmentedManifestNeedsPipe,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "S3DataType AugmentedManifestFile needs Pipe input mode.",
        explanation: "An augmented manifest is streamed record by record, which only Pipe input mode does. Set the channel's InputMode (or AlgorithmSpecification.TrainingInputMode) to Pipe.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
            let job_mode = job.algorithm_specification.as_ref().and_then(|a| a.training_input_mode.as_ref());
            for (i, ch) in job.input_data_config.iter().flatten().enumerate() {
                let s3 = ch.data_source.as_ref().and_then(|d| d.s3_data_source.as_ref());
                if matches!(s3.and_then(|s| s.s3_data_type.as_ref()), Some(S3DataType::AugmentedManifestFile))
                    && ch.input_mode.as_ref().or(job_mode) != Some(&TrainingInputMode::Pipe)
                {
                    f.add(&format!("InputDataConfig[{i}].DataSource.S3DataSource.S3DataType"), "AugmentedManifestFile needs Pipe input mode");
                }
            }
        }),
    },
    Rule {
        id: RuleId::InstanceGroupsExclusive,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "ResourceConfig.InstanceGroups excludes InstanceType, InstanceCount and KeepAlivePeriodInSeconds.",
        explanation: "A heterogeneous cluster is described by ResourceConfig.InstanceGroups alone; AWS refuses InstanceType, InstanceCount or KeepAlivePeriodInSeconds beside it. Move the instance type and count into the groups and remove them from ResourceConfig.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
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
        }),
    },
    Rule {
        id: RuleId::InstanceGroupNamesExist,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "S3DataSource.InstanceGroupNames name groups defined in ResourceConfig.InstanceGroups.",
        explanation: "A channel sent to instance groups must name groups the job defines, or AWS refuses the job. Fix the name, or add the group to ResourceConfig.InstanceGroups.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
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
        }),
    },
    Rule {
        id: RuleId::OneDataSource,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "A channel's DataSource has exactly one of S3DataSource, FileSystemDataSource and DatasetSource.",
        explanation: "A channel reads from one place: S3, a file system or a dataset. Keep exactly one of S3DataSource, FileSystemDataSource and DatasetSource.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
            for (i, ch) in job.input_data_config.iter().flatten().enumerate() {
                let Some(ds) = &ch.data_source else { continue };
                let n = usize::from(ds.s3_data_source.is_some()) + usize::from(ds.file_system_data_source.is_some()) + usize::from(ds.dataset_source.is_some());
                if n != 1 {
                    f.add(&format!("InputDataConfig[{i}].DataSource"), format!("the data source has {n} sources; it needs exactly one"));
                }
            }
        }),
    },
    Rule {
        id: RuleId::UniqueChannelNames,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "Channel names are unique.",
        explanation: "Each channel becomes a directory (or pipe) named after it in the container; AWS refuses two channels with one name. Rename or merge the channels.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
            let mut seen = HashSet::new();
            for (i, ch) in job.input_data_config.iter().flatten().enumerate() {
                if let Some(name) = &ch.channel_name {
                    if !seen.insert(name.as_str()) {
                        f.add(&format!("InputDataConfig[{i}].ChannelName"), format!("channel name `{name}` is used twice"));
                    }
                }
            }
        }),
    },
    Rule {
        id: RuleId::UniqueTagKeys,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "Tag keys are unique (AWS refuses a request that repeats one).",
        explanation: "AWS refuses a request that repeats a tag key. Keep one value per key.",
        tuning: Tuning::Own(tuning::unique_tag_keys),
        training: Some(|job, f| {
            let mut seen = HashSet::new();
            for (i, tag) in job.tags.iter().flatten().enumerate() {
                if let Some(key) = &tag.key {
                    if !seen.insert(key.as_str()) {
                        f.add(&format!("Tags[{i}].Key"), format!("tag key `{key}` is used twice"));
                    }
                }
            }
        }),
    },
    Rule {
        id: RuleId::UniqueRuleNames,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "Debugger and profiler rule configuration names are unique.",
        explanation: "Debugger and profiler rules share one namespace of names, which AWS requires to be unique. Rename one of the rules.",
        tuning: Tuning::No,
        training: Some(|job, f| {
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
        }),
    },
    Rule {
        id: RuleId::UniqueCollectionNames,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "DebugHookConfig collection names are unique.",
        explanation: "Each debugger collection is saved under its name; AWS refuses two with one name. Merge or rename them.",
        tuning: Tuning::No,
        training: Some(|job, f| {
            let mut seen = HashSet::new();
            let collections = job.debug_hook_config.as_ref().and_then(|d| d.collection_configurations.as_ref());
            for (i, c) in collections.into_iter().flatten().enumerate() {
                if let Some(name) = &c.collection_name {
                    if !seen.insert(name.as_str()) {
                        f.add(&format!("DebugHookConfig.CollectionConfigurations[{i}].CollectionName"), format!("collection name `{name}` is used twice"));
                    }
                }
            }
        }),
    },
    Rule {
        id: RuleId::ProfilingInterval,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "ProfilerConfig.ProfilingIntervalInMilliseconds is one of 100, 200, 500, 1000, 5000 and 60000.",
        explanation: "SageMaker Debugger samples system metrics at a fixed set of intervals and refuses any other. Use 100, 200, 500, 1000, 5000 or 60000 milliseconds.",
        tuning: Tuning::No,
        training: Some(|job, f| {
            if let Some(ms) = job.profiler_config.as_ref().and_then(|p| p.profiling_interval_in_milliseconds) {
                if !PROFILING_INTERVALS.contains(&ms) {
                    f.add("ProfilerConfig.ProfilingIntervalInMilliseconds", format!("{ms} ms is not an accepted interval (100, 200, 500, 1000, 5000, 60000)"));
                }
            }
        }),
    },
    Rule {
        id: RuleId::KmsKeyOnNvmeInstance,
        category: Category::Correctness,
        severity: Severity::Warning,
        on_by_default: true,
        summary: "ResourceConfig.VolumeKmsKeyId is not accepted with instance types that only have local NVMe storage (p4d, g4dn, g5, ...).",
        explanation: "Instance families whose only storage is local NVMe (p4d, g4dn, g5, trn1, ...) encrypt it in hardware, and SageMaker refuses a VolumeKmsKeyId with them. Remove the key for these instance types; the volume-kms-key policy does not ask for one there.",
        tuning: Tuning::Definitions,
        training: Some(|job, f| {
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
        }),
    },
    Rule {
        id: RuleId::SecretInEnvironment,
        category: Category::Security,
        severity: Severity::Warning,
        on_by_default: true,
        summary: "Environment variables and hyperparameters whose names look like secrets (…PASSWORD, …SECRET, …TOKEN, AWS_SECRET_ACCESS_KEY) are visible in the job description.",
        explanation: "DescribeTrainingJob, the console and CloudTrail show environment variables and hyperparameters in clear to anyone who can describe the job, and they stay there after it ends. Pass secrets through AWS Secrets Manager (read by the training code with the job's role) or a file in the training image, and remove the variable or hyperparameter.",
        tuning: Tuning::Definitions,
        training: Some(policies::secrets),
    },
    Rule {
        id: RuleId::NetworkIsolation,
        category: Category::Security,
        severity: Severity::Note,
        on_by_default: false,
        summary: "EnableNetworkIsolation is true, so the training container cannot reach the network.",
        explanation: "Without network isolation the training container can make outbound calls: code or a dependency in the image can send data or credentials anywhere. Set EnableNetworkIsolation to true; SageMaker still downloads the input channels and uploads the model for the container. Turn this rule off for jobs that must reach a service at run time.",
        tuning: Tuning::Definitions,
        training: Some(policies::network_isolation),
    },
    Rule {
        id: RuleId::InterContainerEncryption,
        category: Category::Security,
        severity: Severity::Note,
        on_by_default: true,
        summary: "A job on more than one instance (InstanceCount or instance groups) sets EnableInterContainerTrafficEncryption.",
        explanation: "Distributed training exchanges gradients and parameters between instances; without inter-container traffic encryption they travel in clear inside the cluster network. Set EnableInterContainerTrafficEncryption to true (training takes somewhat longer).",
        tuning: Tuning::Definitions,
        training: Some(policies::inter_container_encryption),
    },
    Rule {
        id: RuleId::VolumeKmsKey,
        category: Category::Security,
        severity: Severity::Note,
        on_by_default: false,
        summary: "ResourceConfig.VolumeKmsKeyId is set where the instance type accepts one (not NVMe-only families).",
        explanation: "The ML storage volume holds the input data and checkpoints during training. Without VolumeKmsKeyId it is encrypted with an AWS managed key that you cannot audit, rotate or revoke. Set ResourceConfig.VolumeKmsKeyId to a customer managed KMS key. Instance types whose storage is NVMe only are skipped: SageMaker refuses a key there (kms-key-on-nvme-instance).",
        tuning: Tuning::Definitions,
        training: Some(policies::volume_kms_key),
    },
    Rule {
        id: RuleId::OutputKmsKey,
        category: Category::Security,
        severity: Severity::Note,
        on_by_default: false,
        summary: "OutputDataConfig.KmsKeyId is set, so model artifacts are encrypted with your key.",
        explanation: "The model artifacts SageMaker uploads to S3 are encrypted with the bucket's default key unless OutputDataConfig.KmsKeyId names one. Set it to a customer managed KMS key whose policy allows the job's role to use it.",
        tuning: Tuning::Definitions,
        training: Some(policies::output_kms_key),
    },
    Rule {
        id: RuleId::VpcConfig,
        category: Category::Security,
        severity: Severity::Note,
        on_by_default: false,
        summary: "The job runs in your VPC (VpcConfig).",
        explanation: "Without VpcConfig the training containers run in a network SageMaker manages, outside your security groups, flow logs and VPC endpoints. Set VpcConfig with private subnets and a security group, and give the VPC endpoints (S3, ECR, CloudWatch) the job needs.",
        tuning: Tuning::Definitions,
        training: Some(policies::vpc_config),
    },
    Rule {
        id: RuleId::RemoteDebug,
        category: Category::Security,
        severity: Severity::Warning,
        on_by_default: true,
        summary: "RemoteDebugConfig.EnableRemoteDebug is not true.",
        explanation: "Remote debugging opens a session into the running training container: anyone allowed to start one can run commands with the job's role and read its data. Leave RemoteDebugConfig.EnableRemoteDebug unset or false outside a debugging session.",
        tuning: Tuning::No,
        training: Some(policies::remote_debug),
    },
    Rule {
        id: RuleId::ImageOutsideEcr,
        category: Category::Security,
        severity: Severity::Warning,
        on_by_default: true,
        summary: "A training image outside Amazon ECR is pulled through your VPC (TrainingImageConfig.TrainingRepositoryAccessMode Vpc).",
        explanation: "SageMaker pulls training images from Amazon ECR; an image from another registry is only reachable through your VPC (TrainingImageConfig with TrainingRepositoryAccessMode Vpc, with credentials in TrainingRepositoryAuthConfig), and otherwise the job fails to start. Push the image to ECR, or set TrainingImageConfig and VpcConfig for the private registry.",
        tuning: Tuning::No,
        training: Some(policies::image_outside_ecr),
    },
    Rule {
        id: RuleId::SpotForLongJobs,
        category: Category::Cost,
        severity: Severity::Note,
        on_by_default: true,
        summary: "A job of more than an hour on GPU or Trainium instances uses managed spot training.",
        explanation: "Managed spot training runs on spare capacity for up to 90% less than on-demand; on a long job on accelerated instances that is most of its cost. Set EnableManagedSpotTraining to true with StoppingCondition.MaxWaitTimeInSeconds and a CheckpointConfig so interrupted work resumes.",
        tuning: Tuning::Definitions,
        training: Some(policies::spot_for_long_jobs),
    },
    Rule {
        id: RuleId::WarmPoolOver30Minutes,
        category: Category::Cost,
        severity: Severity::Note,
        on_by_default: true,
        summary: "ResourceConfig.KeepAlivePeriodInSeconds (the warm pool) is at most 30 minutes.",
        explanation: "A warm pool keeps the instances after the job, billed, so that the next job starts at once. Past half an hour the idle time usually costs more than the start-up it saves. Lower KeepAlivePeriodInSeconds to 1800 or less, or remove it.",
        tuning: Tuning::Definitions,
        training: Some(policies::warm_pool),
    },
    Rule {
        id: RuleId::PreviousGenerationInstance,
        category: Category::Cost,
        severity: Severity::Warning,
        on_by_default: true,
        summary: "Instance types are not of a previous-generation family (ml.m4, ml.c4, ml.p2: schema/instance_families.yaml).",
        explanation: "Previous-generation instance families cost as much as or more than the current ones and do less per hour. Move to the family named in the finding (ml.m5 for ml.m4, ml.c5 for ml.c4, ml.g5 for ml.p2).",
        tuning: Tuning::Definitions,
        training: Some(policies::previous_generation),
    },
    Rule {
        id: RuleId::MaxRuntimeAtCeiling,
        category: Category::Cost,
        severity: Severity::Note,
        on_by_default: true,
        summary: "StoppingCondition.MaxRuntimeInSeconds is below the 28-day ceiling.",
        explanation: "A MaxRuntimeInSeconds of 28 days is usually a placeholder for no limit: a job that hangs runs, billed, for four weeks. Set it to the longest the job should take, with some margin.",
        tuning: Tuning::Definitions,
        training: Some(policies::max_runtime_at_ceiling),
    },
    Rule {
        id: RuleId::SpotWithoutCheckpoint,
        category: Category::Reliability,
        severity: Severity::Warning,
        on_by_default: true,
        summary: "Managed spot training has a CheckpointConfig.",
        explanation: "Spot capacity can be reclaimed at any time; without checkpoints an interrupted job starts again from the beginning and may never finish within MaxWaitTimeInSeconds. Set CheckpointConfig.S3Uri and have the training code save and resume from checkpoints in CheckpointConfig.LocalPath.",
        tuning: Tuning::Definitions,
        training: Some(policies::spot_without_checkpoint),
    },
    Rule {
        id: RuleId::SpotWithoutRetry,
        category: Category::Reliability,
        severity: Severity::Note,
        on_by_default: true,
        summary: "Managed spot training has a RetryStrategy.",
        explanation: "When spot capacity is not available the job fails with an internal or capacity error; a RetryStrategy restarts it up to MaximumRetryAttempts times. Set RetryStrategy.MaximumRetryAttempts (for example 3).",
        tuning: Tuning::Definitions,
        training: Some(policies::spot_without_retry),
    },
    Rule {
        id: RuleId::DefinitionOrDefinitions,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "A tuning job has exactly one of TrainingJobDefinition and TrainingJobDefinitions.",
        explanation: "CreateHyperParameterTuningJob takes the training jobs to launch either as one TrainingJobDefinition or as a list of TrainingJobDefinitions (1 to 10, for several algorithms), and refuses both or neither. Keep TrainingJobDefinition for one algorithm, or move every definition into TrainingJobDefinitions.",
        training: None,
        tuning: Tuning::Own(tuning::definition_or_definitions),
    },
    Rule {
        id: RuleId::UniqueDefinitionNames,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "TrainingJobDefinitions have unique DefinitionNames.",
        explanation: "Each training-job definition of a tuning job is told apart by its DefinitionName (the training jobs it launches carry it); AWS refuses two definitions with one name. Rename one of them.",
        training: None,
        tuning: Tuning::Own(tuning::unique_definition_names),
    },
    Rule {
        id: RuleId::ParallelWithinTotal,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "ResourceLimits.MaxParallelTrainingJobs is at most MaxNumberOfTrainingJobs.",
        explanation: "A tuning job cannot run more training jobs at once than it launches in all; AWS refuses MaxParallelTrainingJobs above MaxNumberOfTrainingJobs. Lower MaxParallelTrainingJobs, or raise MaxNumberOfTrainingJobs.",
        training: None,
        tuning: Tuning::Own(tuning::parallel_within_total),
    },
    Rule {
        id: RuleId::RangeBounds,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "An integer or continuous range's MinValue and MaxValue are numbers (integers for an integer range), MinValue at most MaxValue.",
        explanation: "The API carries range bounds as strings, but SageMaker reads them as numbers: a bound that is not a decimal number (an integer, for an integer range), or a MinValue above MaxValue, is refused. Write each bound as a plain number (`0.01`, `1e-3`, `10`) and keep MinValue at most MaxValue.",
        training: None,
        tuning: Tuning::Own(tuning::range_bounds),
    },
    Rule {
        id: RuleId::RangeScalingType,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "A range's ScalingType fits its values: Logarithmic needs a positive MinValue, ReverseLogarithmic a continuous range within [0, 1).",
        explanation: "Logarithmic scaling searches the logarithm of the values, defined only above zero; ReverseLogarithmic searches log(1 - x), defined only for a continuous range within 0 <= x < 1. AWS refuses a scaling type the range does not fit. Change the bounds, or use Linear or Auto scaling.",
        training: None,
        tuning: Tuning::Own(tuning::range_scaling_type),
    },
    Rule {
        id: RuleId::AtMost30Ranges,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "A search has at most 30 integer, continuous and categorical ranges in all.",
        explanation: "SageMaker tunes at most 30 hyperparameters in one search: the integer, continuous and categorical ranges together (each list alone may also hold 30). Tune fewer hyperparameters, and pass the others as StaticHyperParameters.",
        training: None,
        tuning: Tuning::Own(tuning::at_most_30_ranges),
    },
    Rule {
        id: RuleId::StaticOrTuned,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "A hyperparameter is either in StaticHyperParameters or in a range, never both.",
        explanation: "A tuned hyperparameter's value is the tuner's choice for each training job; giving it a static value too is refused. Remove it from StaticHyperParameters, or remove its range.",
        training: None,
        tuning: Tuning::Own(tuning::static_or_tuned),
    },
    Rule {
        id: RuleId::GridCategoricalOnly,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "The Grid strategy takes only categorical ranges.",
        explanation: "Grid search tries every combination of the listed values, so it takes CategoricalParameterRanges only; AWS refuses integer, continuous or automatic ranges with it. List the values to try as categorical ranges, or use the Bayesian, Random or Hyperband strategy.",
        training: None,
        tuning: Tuning::Own(tuning::grid_categorical_only),
    },
    Rule {
        id: RuleId::HyperbandConfigNeedsHyperband,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "StrategyConfig.HyperbandStrategyConfig is only set with the Hyperband strategy.",
        explanation: "HyperbandStrategyConfig bounds the epochs the Hyperband strategy gives a training job; AWS refuses it with another strategy. Set Strategy to Hyperband, or remove the StrategyConfig.",
        training: None,
        tuning: Tuning::Own(tuning::hyperband_config_needs_hyperband),
    },
    Rule {
        id: RuleId::WarmStartParents,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "WarmStartConfig names each parent tuning job (1 to 5 of them), each once.",
        explanation: "A warm start reads the results of the parent tuning jobs it names, at least 1 and at most 5 (the list's length is checked as the schema's `count`): a parent without HyperParameterTuningJobName, or named twice, is refused. Name each parent tuning job once.",
        training: None,
        tuning: Tuning::Own(tuning::warm_start_parents),
    },
    Rule {
        id: RuleId::ObjectiveMetricDefined,
        category: Category::Correctness,
        severity: Severity::Error,
        on_by_default: true,
        summary: "With a custom training image, the objective metric is one of the definition's MetricDefinitions.",
        explanation: "SageMaker knows the metrics of its built-in algorithms and of algorithm resources, but reads a custom image's metrics from its logs with the regular expressions in AlgorithmSpecification.MetricDefinitions: an objective metric no definition extracts is refused. Add a MetricDefinition named like the objective's MetricName, or fix the name.",
        training: None,
        tuning: Tuning::Own(tuning::objective_metric_defined),
    },
];

/// Runs every rule over a job, each finding at its rule's severity, rules
/// off by default included: apply a [`crate::config::Config`] (the default
/// one, without a file) for levels. `whole` says whether the job must be a
/// whole create request (CreateTrainingJob, CreateHyperParameterTuningJob;
/// false for a flyteidl job written to flyteidl, whose missing members are
/// not findings).
pub fn check(job: &tjspec_model::Job, whole: bool) -> Vec<Diagnostic> {
    if let Some(j) = job.training_job() {
        return check_training_job(j, whole);
    }
    if let Some(j) = job.hyper_parameter_tuning_job() {
        return check_tuning_job(j, whole);
    }
    Vec::new()
}

/// The rules of a training job.
pub fn check_training_job(job: &TrainingJob, whole: bool) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for rule in RULES {
        if let Some(check) = rule.training {
            let mut f = Findings::new(rule, whole, SCHEMA.root);
            check(job, &mut f);
            out.append(&mut f.out);
        }
    }
    out
}

/// The rules of a hyperparameter tuning job: its own, and the training
/// job's inside each training-job definition, reported at the definition's
/// members.
pub fn check_tuning_job(job: &HyperParameterTuningJob, whole: bool) -> Vec<Diagnostic> {
    let root = ResourceId::HyperParameterTuningJob.shape();
    let views = definitions::views(job);
    let mut out = Vec::new();
    for rule in RULES {
        match rule.tuning {
            Tuning::No => {}
            Tuning::Own(check) => {
                let mut f = Findings::new(rule, whole, root);
                check(job, &mut f);
                out.append(&mut f.out);
            }
            Tuning::Definitions => {
                let Some(check) = rule.training else { continue };
                for view in &views {
                    let mut f = Findings::new(rule, whole, SCHEMA.root);
                    check(&view.job, &mut f);
                    out.extend(f.out.into_iter().filter_map(|d| view.reroot(d)));
                }
            }
        }
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
