//! Diagnostics: what went wrong (or might have), where, and how to fix it.

use crate::node::Span;
use crate::path::CanonPath;

/// How serious a diagnostic is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// The document cannot be converted.
    Error,
    /// The document converts, but something deserves a look.
    Warning,
    /// Information (a field the target cannot carry, a derived name, ...).
    Note,
}

impl Severity {
    /// Lower-case name, as printed.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }
}

/// Declares a code enum: each variant with its doc comment and the
/// kebab-case name it is printed and serialised as, the table of those
/// variants, and optionally (`@wrap`) one variant wrapping another code enum.
macro_rules! codes {
    (
        $(#[$meta:meta])* pub enum $name:ident {
            $(@wrap $(#[doc = $wdoc:literal])* $wrap:ident($inner:ty);)?
            $($(#[doc = $doc:literal])* $variant:ident = $text:literal,)*
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[doc = $doc])* $variant,)*
            $($(#[doc = $wdoc])* $wrap($inner),)?
        }

        impl $name {
            /// Every variant with a name of its own, in declaration order.
            pub const NAMED: &'static [$name] = &[$($name::$variant,)*];

            /// The kebab-case name, as printed and serialised.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)*
                    $($name::$wrap(inner) => <$inner>::as_str(inner),)?
                }
            }
        }
    };
}

codes! {
    /// The id of a cross-field rule (`tjspec validate --list-rules`), used
    /// as the code of its findings. Adding a rule is a variant here and its
    /// row (severity, explanation, check) in the library's rule table.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum RuleId {
        /// AlgorithmSpecification names exactly one of AlgorithmName and TrainingImage.
        AlgorithmOrImage = "algorithm-or-image",
        /// Managed spot training needs MaxWaitTimeInSeconds of at least MaxRuntimeInSeconds.
        SpotNeedsMaxWait = "spot-needs-max-wait",
        /// MaxWaitTimeInSeconds is set without managed spot training.
        MaxWaitWithoutSpot = "max-wait-without-spot",
        /// MaxRuntimeInSeconds exceeds 28 days.
        MaxRuntime28Days = "max-runtime-28-days",
        /// A channel option that only Pipe input mode takes.
        PipeOnlyChannelOptions = "pipe-only-channel-options",
        /// An augmented manifest channel needs Pipe input mode.
        AugmentedManifestNeedsPipe = "augmented-manifest-needs-pipe",
        /// Instance groups exclude InstanceType and InstanceCount.
        InstanceGroupsExclusive = "instance-groups-exclusive",
        /// A channel names an instance group that does not exist.
        InstanceGroupNamesExist = "instance-group-names-exist",
        /// A channel's DataSource holds exactly one source.
        OneDataSource = "one-data-source",
        /// Channel names are unique.
        UniqueChannelNames = "unique-channel-names",
        /// Tag keys are unique.
        UniqueTagKeys = "unique-tag-keys",
        /// Debugger and profiler rule names are unique.
        UniqueRuleNames = "unique-rule-names",
        /// Debugger collection names are unique.
        UniqueCollectionNames = "unique-collection-names",
        /// A profiling interval SageMaker Debugger does not accept.
        ProfilingInterval = "profiling-interval",
        /// A volume KMS key on an instance type whose storage is NVMe only (a warning).
        KmsKeyOnNvmeInstance = "kms-key-on-nvme-instance",
        /// An environment variable or hyperparameter whose name looks like a secret (security policy).
        SecretInEnvironment = "secret-in-environment",
        /// EnableNetworkIsolation is not true (security policy).
        NetworkIsolation = "network-isolation",
        /// Several instances without inter-container traffic encryption (security policy).
        InterContainerEncryption = "inter-container-encryption",
        /// No volume KMS key where the instance type accepts one (security policy).
        VolumeKmsKey = "volume-kms-key",
        /// No KMS key for the output artifacts (security policy).
        OutputKmsKey = "output-kms-key",
        /// No VpcConfig (security policy).
        VpcConfig = "vpc-config",
        /// Remote debugging is enabled (security policy).
        RemoteDebug = "remote-debug",
        /// A training image outside Amazon ECR without VPC registry access (security policy).
        ImageOutsideEcr = "image-outside-ecr",
        /// A long on-demand job on accelerated instances (cost policy).
        SpotForLongJobs = "spot-for-long-jobs",
        /// A warm pool kept more than 30 minutes (cost policy).
        WarmPoolOver30Minutes = "warm-pool-over-30-minutes",
        /// A previous-generation instance family (cost policy).
        PreviousGenerationInstance = "previous-generation-instance",
        /// MaxRuntimeInSeconds at the 28-day ceiling (cost policy).
        MaxRuntimeAtCeiling = "max-runtime-at-ceiling",
        /// Spot training without checkpoints (reliability policy).
        SpotWithoutCheckpoint = "spot-without-checkpoint",
        /// Spot training without a retry strategy (reliability policy).
        SpotWithoutRetry = "spot-without-retry",
        /// A tuning job has neither or both of TrainingJobDefinition and TrainingJobDefinitions.
        DefinitionOrDefinitions = "definition-or-definitions",
        /// Two training-job definitions of a tuning job share a DefinitionName.
        UniqueDefinitionNames = "unique-definition-names",
        /// MaxParallelTrainingJobs exceeds MaxNumberOfTrainingJobs.
        ParallelWithinTotal = "parallel-within-total",
        /// A hyperparameter range whose bounds are not numbers, or whose MinValue exceeds its MaxValue.
        RangeBounds = "range-bounds",
        /// A scaling type the range's values do not fit.
        RangeScalingType = "range-scaling-type",
        /// More than 30 hyperparameter ranges.
        AtMost30Ranges = "at-most-30-ranges",
        /// A hyperparameter both static and tuned.
        StaticOrTuned = "static-or-tuned",
        /// The Grid strategy with a range that is not categorical.
        GridCategoricalOnly = "grid-categorical-only",
        /// HyperbandStrategyConfig without the Hyperband strategy.
        HyperbandConfigNeedsHyperband = "hyperband-config-needs-hyperband",
        /// A warm start parent without a name, or named twice.
        WarmStartParents = "warm-start-parents",
        /// A custom image's objective metric that no metric definition extracts.
        ObjectiveMetricDefined = "objective-metric-defined",
    }
}

codes! {
    /// What kind of thing went wrong (or might have): the stable,
    /// machine-readable part of a finding, printed and serialised as its
    /// kebab-case name (`unknown-field`, `spot-needs-max-wait`).
    /// Cross-field rules' findings are [`Code::Rule`].
    /// New codes and rules are added without a major release: match
    /// with a wildcard arm.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
    #[non_exhaustive]
    pub enum Code {
        @wrap
        /// A cross-field rule's finding, coded by the rule's id.
        Rule(RuleId);
        /// The text cannot be parsed (JSON, YAML or HCL syntax).
        Syntax = "syntax",
        /// The input is not UTF-8 where its format needs text.
        Encoding = "encoding",
        /// A document or an input larger than tjspec reads.
        TooLarge = "too-large",
        /// The input's format could not be recognised.
        Format = "format",
        /// The input holds no document at all.
        Empty = "empty",
        /// The input cannot be read (an I/O failure).
        Io = "io",
        /// The output format cannot hold this job here (several jobs in a one-message format).
        Output = "output",
        /// The output format does not carry the job's resource (a tuning job to `tf-aws`).
        Resource = "resource",
        /// Something passed over with a notice (another Kubernetes kind, an unrecognised file).
        Skipped = "skipped",
        /// A key the format does not have.
        UnknownField = "unknown-field",
        /// A key written twice in one mapping.
        DuplicateKey = "duplicate-key",
        /// A value of the wrong type.
        Type = "type",
        /// A number outside what its member can hold.
        OutOfRange = "out-of-range",
        /// A value the format's reader cannot take.
        Value = "value",
        /// A NaN or infinite number, which JSON and the AWS API cannot carry.
        NotFinite = "not-finite",
        /// A timestamp that is neither ISO-8601 text nor epoch seconds in range.
        Timestamp = "timestamp",
        /// A member the job or the format requires is missing.
        Required = "required",
        /// A string shorter or longer than the schema allows.
        Length = "length",
        /// A list or map with fewer or more entries than the schema allows.
        Count = "count",
        /// A number below the minimum or above the maximum the schema allows.
        Range = "range",
        /// A string that does not match the schema's pattern.
        Pattern = "pattern",
        /// A value that is not one of the enumeration's.
        Enum = "enum",
        /// Something the output format cannot carry.
        Loss = "loss",
        /// Something the output format holds in a form that reads back differently.
        Altered = "altered",
        /// A YAML 1.1 boolean (`yes`, `on`) where a string is meant.
        Yaml11Bool = "yaml11-bool",
        /// A YAML 1.1 octal number (`0755`) where a string or decimal is meant.
        Yaml11Octal = "yaml11-octal",
        /// A `--set` that cannot be applied.
        Set = "set",
        /// An `--overlay` part that is not applied.
        Overlay = "overlay",
        /// Findings counted but not kept past [`MAX_KEPT`].
        NotKept = "not-kept",
        /// An ACK manifest's `apiVersion` is not the controller's.
        ApiVersion = "api-version",
        /// A value that disagrees with the job's ARN (an ACK manifest's status).
        ArnMismatch = "arn-mismatch",
        /// A document that is not a Kubernetes object (no `kind`).
        NotAManifest = "not-a-manifest",
        /// A Kubernetes namespace that is not valid (`--namespace`).
        Namespace = "namespace",
        /// A Terraform input with no block that holds a training job.
        NoJob = "no-job",
        /// A Kubernetes object name that is missing or not valid.
        ObjectName = "object-name",
        /// A name derived from another (the Kubernetes object name from the job name).
        DerivedName = "derived-name",
        /// An AWS region missing where the output needs one, taken from the job's ARN, or not a region.
        Region = "region",
        /// A name that disagrees with the job's (the SageMaker operator's `status.sageMakerTrainingJobName`).
        NameMismatch = "name-mismatch",
        /// A Terraform block where an argument is expected, or one tjspec does not read.
        Block = "block",
        /// An expression (Terraform, Step Functions, SageMaker Pipelines) or
        /// non-literal key where only a literal value can go.
        Expression = "expression",
        /// A value written as an expression, known only when the workflow
        /// runs: not checked.
        Unverified = "unverified",
        /// A SageMaker Pipelines parameter given a value it cannot take, or
        /// one the pipeline does not declare.
        PipelineParameter = "pipeline-parameter",
        /// A Datadog row's `account_id` that is not an account id or disagrees with its ARN.
        AccountId = "account-id",
        /// An AWS response's `ResponseMetadata`, which is not part of the job.
        ResponseMetadata = "response-metadata",
        /// The input is a Flyte TaskTemplate: the job is read from its `custom` field.
        TaskTemplate = "task-template",
        /// Protobuf bytes that do not decode.
        Wire = "wire",
        /// flyteidl's built-in XGBoost: a version whose training image is not known.
        Image = "image",
        /// What the input's system fills in (Flyte's XGBoost revision and channels), made explicit.
        Default = "default",
        /// A usage error on the command line.
        Usage = "usage",
        /// An error that stops the run (an I/O failure writing the output, no input).
        Fatal = "fatal",
        /// A suppression comment that names no rule, gives no reason, or suppresses nothing.
        Suppression = "suppression",
    }
}

impl Code {
    /// Every code: tjspec's own, then each rule's.
    pub fn all() -> impl Iterator<Item = Code> {
        Code::NAMED
            .iter()
            .copied()
            .chain(RuleId::NAMED.iter().map(|&r| Code::Rule(r)))
    }
}

impl From<RuleId> for Code {
    fn from(rule: RuleId) -> Self {
        Code::Rule(rule)
    }
}

impl std::fmt::Display for Code {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

impl std::fmt::Display for RuleId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.pad(self.as_str())
    }
}

/// A name that is no code's (or no rule's).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown code `{0}`")]
pub struct UnknownCode(pub String);

impl std::str::FromStr for Code {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Code::all()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

impl std::str::FromStr for RuleId {
    type Err = UnknownCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        RuleId::NAMED
            .iter()
            .copied()
            .find(|c| c.as_str() == s)
            .ok_or_else(|| UnknownCode(s.to_owned()))
    }
}

/// Serialised as the kebab-case name, so JSON output is what it was when
/// codes were strings.
impl serde::Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl serde::Serialize for RuleId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// One finding about a document.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// What kind of finding it is (printed as `unknown-field`, `pattern`, ...).
    pub code: Code,
    /// What is wrong, in one sentence.
    pub message: String,
    /// The field path in the input's own spelling (`spec.roleARN`), or empty for the document.
    pub path: String,
    /// The canonical path (AWS member names), when the finding is about a member.
    pub canon: Option<CanonPath>,
    /// Where in the source, when known.
    pub span: Option<Span>,
    /// How to fix it, when there is an obvious way.
    pub hint: Option<String>,
    /// What the finding says in a form callers act on, beside its text.
    pub detail: Option<Detail>,
    /// Set when a suppression comment (`# tjspec:ignore RULE -- reason`)
    /// covers the finding: it is kept for machine-readable output (JSON,
    /// SARIF) but neither printed for people nor counted.
    pub suppressed: Option<Suppression>,
}

/// What suppresses a finding: a comment in the input, or an
/// `[[overrides]]` table of the configuration that turns its rule off for
/// the file (the only way to suppress in formats without comments).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Suppression {
    /// The reason: the comment's text after `--`, or which table turned the rule off.
    pub reason: String,
    /// Where the comment is (unknown for an `[[overrides]]` table, which is
    /// not in the input).
    pub span: Span,
    /// In the input, or in the configuration.
    pub kind: SuppressionKind,
}

/// Where a suppression is written (SARIF's `suppression.kind`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum SuppressionKind {
    /// A `# tjspec:ignore` comment in the input.
    InSource,
    /// An `[[overrides]]` table of the configuration.
    External,
}

/// What a finding says beside its text, for callers that act on it.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Detail {
    /// The name a "did you mean" hint suggests (an unknown field's nearest
    /// member): a required member written under a wrong name is one
    /// finding, not two.
    Suggestion(String),
    /// How many findings a [`NotKept::diagnostic`] stands for.
    NotKept(usize),
}

impl Diagnostic {
    /// An error with the given code and message.
    pub fn error(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code: code.into(),
            message: message.into(),
            path: String::new(),
            canon: None,
            span: None,
            hint: None,
            detail: None,
            suppressed: None,
        }
    }

    /// A warning with the given code and message.
    pub fn warning(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// A note with the given code and message.
    pub fn note(code: impl Into<Code>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, message)
        }
    }

    /// Sets the spelled path.
    pub fn with_path(mut self, path: impl Into<String>) -> Self {
        self.path = path.into();
        self
    }

    /// Sets the source position.
    pub fn with_span(mut self, span: Span) -> Self {
        self.span = span.is_known().then_some(span);
        self
    }

    /// Sets the hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Sets the canonical path.
    pub fn with_canon(mut self, canon: CanonPath) -> Self {
        self.canon = Some(canon);
        self
    }

    /// Whether this is an error that counts (not suppressed).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error && self.suppressed.is_none()
    }
}

/// Most findings kept for one document. A hostile document can hold a
/// finding per node (a list of a million wrongly typed items); past this
/// many, findings are only counted, and one finding made by [`NotKept::diagnostic`] says how many.
pub const MAX_KEPT: usize = 1000;

/// Findings counted but not kept, past [`MAX_KEPT`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NotKept {
    /// How many.
    pub count: usize,
    /// The most serious among them: a document whose dropped findings
    /// include an error still fails.
    pub severity: Severity,
}

impl Default for NotKept {
    fn default() -> Self {
        NotKept {
            count: 0,
            severity: Severity::Note,
        }
    }
}

impl NotKept {
    /// Counts one more finding of `severity`.
    pub fn add(&mut self, severity: Severity) {
        self.count += 1;
        self.severity = self.severity.min(severity);
    }

    /// Adds what another count holds.
    pub fn merge(&mut self, other: NotKept) {
        self.count += other.count;
        self.severity = self.severity.min(other.severity);
    }

    /// The finding that says how many were not kept.
    pub fn diagnostic(self) -> Diagnostic {
        Diagnostic {
            severity: self.severity,
            detail: Some(Detail::NotKept(self.count)),
            ..Diagnostic::error(
                Code::NotKept,
                format!(
                    "{} more findings not kept (only the first {MAX_KEPT} of a document are)",
                    self.count
                ),
            )
        }
    }

    /// The count a [`NotKept::diagnostic`] holds.
    pub fn of(d: &Diagnostic) -> Option<NotKept> {
        match d.detail {
            Some(Detail::NotKept(count)) if d.code == Code::NotKept => Some(NotKept {
                count,
                severity: d.severity,
            }),
            _ => None,
        }
    }
}

/// A finding is an error value too, so library users can return one with `?`.
impl std::error::Error for Diagnostic {}

/// `error[code] path: message (hint)`, one line, for logs and library users.
impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}[{}]", self.severity.as_str(), self.code)?;
        if let Some(span) = &self.span {
            write!(f, " {}:{}", span.line, span.col)?;
        }
        if !self.path.is_empty() {
            write!(f, " {}", self.path)?;
        }
        write!(f, ": {}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " ({hint})")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Codes are an interface (JSON output, GitHub annotations, scripts
    /// matching on them): every name stays as it was when codes were strings.
    #[test]
    fn codes_keep_their_names() {
        let names: Vec<&str> = Code::all().map(Code::as_str).collect();
        assert_eq!(
            names,
            [
                "syntax",
                "encoding",
                "too-large",
                "format",
                "empty",
                "io",
                "output",
                "resource",
                "skipped",
                "unknown-field",
                "duplicate-key",
                "type",
                "out-of-range",
                "value",
                "not-finite",
                "timestamp",
                "required",
                "length",
                "count",
                "range",
                "pattern",
                "enum",
                "loss",
                "altered",
                "yaml11-bool",
                "yaml11-octal",
                "set",
                "overlay",
                "not-kept",
                "api-version",
                "arn-mismatch",
                "not-a-manifest",
                "namespace",
                "no-job",
                "object-name",
                "derived-name",
                "region",
                "name-mismatch",
                "block",
                "expression",
                "unverified",
                "pipeline-parameter",
                "account-id",
                "response-metadata",
                "task-template",
                "wire",
                "image",
                "default",
                "usage",
                "fatal",
                "suppression",
                "algorithm-or-image",
                "spot-needs-max-wait",
                "max-wait-without-spot",
                "max-runtime-28-days",
                "pipe-only-channel-options",
                "augmented-manifest-needs-pipe",
                "instance-groups-exclusive",
                "instance-group-names-exist",
                "one-data-source",
                "unique-channel-names",
                "unique-tag-keys",
                "unique-rule-names",
                "unique-collection-names",
                "profiling-interval",
                "kms-key-on-nvme-instance",
                "secret-in-environment",
                "network-isolation",
                "inter-container-encryption",
                "volume-kms-key",
                "output-kms-key",
                "vpc-config",
                "remote-debug",
                "image-outside-ecr",
                "spot-for-long-jobs",
                "warm-pool-over-30-minutes",
                "previous-generation-instance",
                "max-runtime-at-ceiling",
                "spot-without-checkpoint",
                "spot-without-retry",
                "definition-or-definitions",
                "unique-definition-names",
                "parallel-within-total",
                "range-bounds",
                "range-scaling-type",
                "at-most-30-ranges",
                "static-or-tuned",
                "grid-categorical-only",
                "hyperband-config-needs-hyperband",
                "warm-start-parents",
                "objective-metric-defined",
            ]
        );
        let unique: std::collections::HashSet<_> = names.iter().collect();
        assert_eq!(unique.len(), names.len(), "two codes share a name");
    }

    #[test]
    fn codes_print_parse_and_serialise_as_their_names() {
        for code in Code::all() {
            assert_eq!(code.to_string(), code.as_str());
            assert_eq!(code.as_str().parse::<Code>(), Ok(code));
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
        for rule in RuleId::NAMED {
            assert_eq!(Code::from(*rule).as_str(), rule.as_str());
            assert_eq!(rule.as_str().parse::<RuleId>(), Ok(*rule));
        }
        assert_eq!(
            "no-such-code".parse::<Code>(),
            Err(UnknownCode("no-such-code".to_owned()))
        );
        // Widths pad, as `--list-rules` columns need.
        assert_eq!(format!("[{:<8}]", Code::Io), "[io      ]");
    }

    #[test]
    fn a_diagnostic_is_an_error() {
        fn boxed(d: Diagnostic) -> Box<dyn std::error::Error> {
            Box::new(d)
        }
        let e = boxed(
            Diagnostic::error(RuleId::UniqueTagKeys, "tag key `a` is repeated")
                .with_path("Tags[1].Key"),
        );
        assert_eq!(
            e.to_string(),
            "error[unique-tag-keys] Tags[1].Key: tag key `a` is repeated"
        );
    }

    #[test]
    fn not_kept_counts_round_trip() {
        let mut n = NotKept::default();
        n.add(Severity::Warning);
        n.add(Severity::Error);
        n.add(Severity::Note);
        let d = n.diagnostic();
        assert!(d.is_error(), "an error among them fails the document");
        assert_eq!(
            d.message,
            "3 more findings not kept (only the first 1000 of a document are)"
        );
        assert_eq!(NotKept::of(&d), Some(n));
        assert_eq!(NotKept::of(&Diagnostic::error(Code::Type, "3 more")), None);
        // The count is the finding's, not read back from its text.
        let mut d = d;
        d.message = "several more findings not kept".to_owned();
        assert_eq!(NotKept::of(&d), Some(n));
    }
}
