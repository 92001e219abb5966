//! The meaning of the flyteidl message in terms of the AWS training job.
//!
//! | flyteidl | AWS job |
//! |---|---|
//! | `input_mode` FILE / PIPE | `AlgorithmSpecification.TrainingInputMode` File / Pipe |
//! | `algorithm_name` XGBOOST + `algorithm_version` (+ `--region`) | `AlgorithmSpecification.TrainingImage`, from the XGBoost image table |
//! | `algorithm_name` CUSTOM | no image: it has to come from `--set`/`--overlay` |
//! | `metric_definitions` | `AlgorithmSpecification.MetricDefinitions` |
//! | `input_content_type` TEXT_CSV | `ContentType: text/csv` on the `train` and `validation` channels Flyte gave XGBoost jobs |
//! | `instance_count`, `instance_type`, `volume_size_in_gb` | `ResourceConfig` |
//! | `distributed_protocol` MPI | hyperparameter `sagemaker_mpi_enabled: "true"` |
//! | `interruptible` (early revision) | `EnableManagedSpotTraining` |
//! | `stopping_condition` (early revision) | `StoppingCondition` |
//!
//! Where the message is silent, the job gets what Flyte's SageMaker plugin
//! submitted ([`FLYTE_MAX_RUNTIME_IN_SECONDS`], each XGBoost channel's input
//! mode): the reader says so in notes and records it as implied, so
//! writing flyteidl leaves it out again.
//!
//! [`to_job`] reads a message into a job; [`from_job`] writes a job into a
//! message; [`losses`] compares a job with what comes back of it through
//! the message, so everything the message cannot carry is named.

use tjspec_flyteidl::sagemaker as pb;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::{
    AlgorithmSpecification, Channel, DataSource, MetricDefinition, ResourceConfig, S3DataSource,
    S3DataType, StoppingCondition, TrainingInputMode, TrainingInstanceType, TrainingJob, SCHEMA,
};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::{
    CanonPath, Diagnostic, Node, NodeKind, Out, Seg, ShapeId, StrStyle, Write, WriteCx,
};

use super::images::{self, ImageError};
use tjspec_runtime::Code;

/// The hyperparameter SageMaker's MPI support reads (Flyte set it for MPI jobs).
pub const MPI_HYPERPARAMETER: &str = "sagemaker_mpi_enabled";

/// The channels Flyte gave built-in XGBoost jobs.
pub const XGBOOST_CHANNELS: [&str; 2] = ["train", "validation"];

/// The envelope path that keeps a CUSTOM job's `algorithm_version`, which
/// the AWS job has no place for.
pub const CUSTOM_VERSION: &str = "algorithmSpecification.algorithmVersion";

/// The implied path that keeps an XGBoost version as the message spelled
/// it (`0.90`) where the job holds the image it names.
pub const VERSION_AS_WRITTEN: &str = "algorithmSpecification.algorithmVersion";

/// The implied path that says the message had no stopping condition and the
/// job holds Flyte's.
pub const DEFAULT_STOPPING_CONDITION: &str = "stoppingCondition";

/// The runtime limit Flyte's SageMaker plugin submitted with every job
/// (`StoppingCondition.MaxRuntimeInSeconds`; its tasks could not set one).
pub const FLYTE_MAX_RUNTIME_IN_SECONDS: i32 = 86400;

/// The envelope path that keeps XGBOOST for a message whose image could not
/// be picked (unknown version or region): another flyteidl form can still
/// be written from it, with the version above.
pub const XGBOOST_UNRESOLVED: &str = "algorithmSpecification.algorithmName";

/// A message read into a job.
#[derive(Debug, Default)]
pub struct FromMessage {
    /// The job.
    pub job: TrainingJob,
    /// Parts of the message the job cannot hold, by JSON path.
    pub extras: Vec<(String, Node)>,
    /// Parts the job holds in another form, or filled in where the message
    /// is silent (see [`crate::format::Envelope::implied`]).
    pub implied: Vec<(String, Node)>,
    /// Problems, with the JSON path of the field as `path`.
    pub diagnostics: Vec<Diagnostic>,
    /// Problems only for outputs that need a whole AWS job (no training
    /// image for an XGBOOST version or region), and notes on the defaults
    /// applied for them; same paths.
    pub deferred: Vec<Diagnostic>,
}

/// What a job read from flyteidl carries beside it for writing flyteidl
/// again; empty for a job from another format.
#[derive(Clone, Copy, Debug, Default)]
pub struct Kept<'a> {
    /// Whether the job was read from flyteidl.
    pub from_flyteidl: bool,
    /// Parts of the message the job cannot hold (a CUSTOM job's version).
    pub extras: &'a [(String, Node)],
    /// Parts the job holds in another form or filled in.
    pub implied: &'a [(String, Node)],
}

impl Kept<'_> {
    fn implied(&self, path: &str) -> Option<&Node> {
        self.implied.iter().find(|(p, _)| p == path).map(|(_, n)| n)
    }
}

fn text_node(v: &str) -> Node {
    Node::synthetic(NodeKind::Str(v.to_owned(), StrStyle::Quoted))
}

pub(crate) fn enum_error(
    path: &str,
    wrapper: &str,
    number: i32,
    known: &[(i32, &str)],
) -> Diagnostic {
    let known = known
        .iter()
        .map(|(n, s)| format!("{n} ({s})"))
        .collect::<Vec<_>>()
        .join(", ");
    Diagnostic::error(
        Code::Enum,
        format!("unknown enum number {number} for {wrapper}.Value; known values: {known}"),
    )
    .with_path(path)
}

pub(crate) fn to_i32(path: &str, what: &str, v: i64, out: &mut Vec<Diagnostic>) -> Option<i32> {
    if v == 0 {
        return None;
    }
    match i32::try_from(v) {
        Ok(v) => Some(v),
        Err(_) => {
            out.push(
                Diagnostic::error(
                    Code::Range,
                    format!(
                        "{what} {v} does not fit the AWS job, which holds it as a 32-bit integer ({} to {})",
                        i32::MIN,
                        i32::MAX
                    ),
                )
                .with_path(path),
            );
            None
        }
    }
}

pub(crate) fn non_empty(s: &str) -> Option<String> {
    (!s.is_empty()).then(|| s.to_owned())
}

/// Reads a message into a job; XGBoost images are those of `region`.
pub fn to_job(m: &pb::TrainingJob, region: &str) -> FromMessage {
    let mut out = FromMessage::default();
    let d = &mut out.diagnostics;
    let job = &mut out.job;
    if let Some(a) = &m.algorithm_specification {
        let mut spec = AlgorithmSpecification::default();
        const P: &str = "algorithmSpecification";
        spec.training_input_mode = match a.input_mode {
            0 => Some(TrainingInputMode::File),
            1 => Some(TrainingInputMode::Pipe),
            n => {
                d.push(enum_error(
                    &format!("{P}.inputMode"),
                    "InputMode",
                    n,
                    &[(0, "FILE"), (1, "PIPE")],
                ));
                None
            }
        };
        match a.algorithm_name {
            0 => {
                if !a.algorithm_version.is_empty() {
                    out.extras.push((
                        CUSTOM_VERSION.to_owned(),
                        Node::synthetic(NodeKind::Str(
                            a.algorithm_version.clone(),
                            StrStyle::Quoted,
                        )),
                    ));
                }
            }
            1 => match xgboost_image(&a.algorithm_version, region) {
                Err(e) => {
                    out.deferred
                        .push(e.with_path(format!("{P}.algorithmVersion")));
                    out.extras
                        .push((XGBOOST_UNRESOLVED.to_owned(), text_node("XGBOOST")));
                    if !a.algorithm_version.is_empty() {
                        out.extras
                            .push((CUSTOM_VERSION.to_owned(), text_node(&a.algorithm_version)));
                    }
                }
                Ok((key, image)) => {
                    if key != a.algorithm_version {
                        // `0.90` floats in Flyte's sense only: the job pins
                        // the image, the message keeps the spelling.
                        out.implied.push((
                            VERSION_AS_WRITTEN.to_owned(),
                            text_node(&a.algorithm_version),
                        ));
                        out.deferred.push(
                            Diagnostic::note(
                                Code::Default,
                                format!(
                                    "XGBoost version `{}` is read as its newest revision, {key}: the job names that image, and flyteidl written from the job says `{key}`",
                                    a.algorithm_version
                                ),
                            )
                            .with_path(format!("{P}.algorithmVersion")),
                        );
                    }
                    spec.training_image = Some(image);
                    if a.input_content_type == 0 {
                        job.input_data_config = Some(
                            XGBOOST_CHANNELS
                                .iter()
                                .map(|name| csv_channel(name, spec.training_input_mode.clone()))
                                .collect(),
                        );
                        out.deferred.push(
                            Diagnostic::note(
                                Code::Default,
                                "channels `train` and `validation` (S3Prefix, text/csv), as Flyte's SageMaker plugin gave built-in XGBoost jobs; their S3 URIs were the task's inputs",
                            )
                            .with_path(format!("{P}.algorithmName")),
                        );
                        out.deferred.push(
                            Diagnostic::note(
                                Code::Default,
                                "each channel's InputMode is the algorithm's input mode, as Flyte's SageMaker plugin set it",
                            )
                            .with_path(format!("{P}.inputMode")),
                        );
                    }
                }
            },
            n => d.push(enum_error(
                &format!("{P}.algorithmName"),
                "AlgorithmName",
                n,
                &[(0, "CUSTOM"), (1, "XGBOOST")],
            )),
        }
        if a.input_content_type != 0 {
            d.push(enum_error(
                &format!("{P}.inputContentType"),
                "InputContentType",
                a.input_content_type,
                &[(0, "TEXT_CSV")],
            ));
        }
        if !a.metric_definitions.is_empty() {
            spec.metric_definitions = Some(
                a.metric_definitions
                    .iter()
                    .map(|md| MetricDefinition {
                        name: non_empty(&md.name),
                        regex: non_empty(&md.regex),
                    })
                    .collect(),
            );
        }
        job.algorithm_specification = Some(spec);
    }
    if let Some(r) = &m.training_job_resource_config {
        const P: &str = "trainingJobResourceConfig";
        job.resource_config = Some(ResourceConfig {
            instance_count: to_i32(
                &format!("{P}.instanceCount"),
                "instance count",
                r.instance_count,
                d,
            ),
            instance_type: non_empty(&r.instance_type)
                .map(|t| TrainingInstanceType::from(t.as_str())),
            volume_size_in_gb: to_i32(
                &format!("{P}.volumeSizeInGb"),
                "volume size",
                r.volume_size_in_gb,
                d,
            ),
            ..ResourceConfig::default()
        });
        match r.distributed_protocol {
            0 => {}
            1 => {
                job.hyper_parameters
                    .get_or_insert_with(Default::default)
                    .insert(MPI_HYPERPARAMETER.to_owned(), "true".to_owned());
            }
            n => d.push(enum_error(
                &format!("{P}.distributedProtocol"),
                "DistributedProtocol",
                n,
                &[(0, "UNSPECIFIED"), (1, "MPI")],
            )),
        }
    }
    if m.interruptible {
        job.enable_managed_spot_training = Some(true);
    }
    if let Some(s) = &m.stopping_condition {
        const P: &str = "stoppingCondition";
        job.stopping_condition = Some(StoppingCondition {
            max_runtime_in_seconds: to_i32(
                &format!("{P}.maxRuntimeInSeconds"),
                "maximum runtime",
                s.max_runtime_in_seconds,
                d,
            ),
            max_wait_time_in_seconds: to_i32(
                &format!("{P}.maxWaitTimeInSeconds"),
                "maximum wait time",
                s.max_wait_time_in_seconds,
                d,
            ),
            ..StoppingCondition::default()
        });
    } else {
        job.stopping_condition = Some(StoppingCondition {
            max_runtime_in_seconds: Some(FLYTE_MAX_RUNTIME_IN_SECONDS),
            ..StoppingCondition::default()
        });
        out.implied.push((
            DEFAULT_STOPPING_CONDITION.to_owned(),
            Node::synthetic(NodeKind::Map(Vec::new())),
        ));
        out.deferred.push(
            Diagnostic::note(
                Code::Default,
                format!("no stopping condition: StoppingCondition.MaxRuntimeInSeconds is {FLYTE_MAX_RUNTIME_IN_SECONDS}, which Flyte's SageMaker plugin submitted with every job"),
            )
            .with_path(DEFAULT_STOPPING_CONDITION),
        );
    }
    out
}

/// Whether a stopping condition is the one a message without one means.
fn is_flyte_default(s: &StoppingCondition) -> bool {
    *s == StoppingCondition {
        max_runtime_in_seconds: Some(FLYTE_MAX_RUNTIME_IN_SECONDS),
        ..StoppingCondition::default()
    }
}

fn csv_channel(name: &str, input_mode: Option<TrainingInputMode>) -> Channel {
    Channel {
        channel_name: Some(name.to_owned()),
        data_source: Some(DataSource {
            s3_data_source: Some(S3DataSource {
                s3_data_type: Some(S3DataType::S3Prefix),
                ..S3DataSource::default()
            }),
            ..DataSource::default()
        }),
        content_type: Some("text/csv".to_owned()),
        input_mode,
        ..Channel::default()
    }
}

/// The table's key for an XGBoost version and its image in `region`.
fn xgboost_image(version: &str, region: &str) -> Result<(&'static str, String), Box<Diagnostic>> {
    let t = images::table();
    let known = || t.spellings().join(", ");
    if version.is_empty() {
        return Err(Box::new(
            Diagnostic::error(
                Code::Image,
                "XGBOOST needs an algorithm version to pick the training image",
            )
            .with_hint(format!("known versions: {}", known())),
        ));
    }
    let Some(key) = t.resolve(version) else {
        return Err(Box::new(Diagnostic::error(
            Code::Image,
            format!("no XGBoost training image is known for version `{version}`"),
        )
        .with_hint(format!(
            "known versions: {}; for another image use algorithm CUSTOM and --set AlgorithmSpecification.TrainingImage=...",
            known()
        ))));
    };
    t.image(key, region)
        .map(|image| (key, image))
        .map_err(|e| match e {
            ImageError::NotInRegion(regions) => Box::new(
                Diagnostic::error(
                    Code::Image,
                    if key == version {
                        format!("XGBoost {key} has no training image in region `{region}`")
                    } else {
                        format!(
                            "XGBoost {version} ({key}) has no training image in region `{region}`"
                        )
                    },
                )
                .with_hint(format!("--region picks one of: {}", regions.join(", "))),
            ),
            ImageError::UnknownVersion => unreachable!("resolved above"),
        })
}

/// Writes a job into a message; `kept` is what a job read from flyteidl
/// carries beside it.
pub fn from_job(job: &TrainingJob, kept: &Kept<'_>) -> pb::TrainingJob {
    let extras = kept.extras;
    let mut m = pb::TrainingJob::default();
    if let Some(a) = &job.algorithm_specification {
        let mut spec = pb::AlgorithmSpecification {
            input_mode: match a.training_input_mode {
                Some(TrainingInputMode::Pipe) => pb::input_mode::Value::Pipe as i32,
                _ => pb::input_mode::Value::File as i32,
            },
            ..Default::default()
        };
        let t = images::table();
        match a.training_image.as_deref().and_then(|i| t.parse(i)) {
            Some((key, _region)) => {
                spec.algorithm_name = pb::algorithm_name::Value::Xgboost as i32;
                // The version as the message had it while it still names
                // this image; otherwise the table's, in full (`1.7-1`).
                let written = match kept.implied(VERSION_AS_WRITTEN).map(|n| &n.kind) {
                    Some(NodeKind::Str(v, _)) if t.resolve(v) == Some(key) => v.as_str(),
                    _ => key,
                };
                spec.algorithm_version = written.to_owned();
            }
            None => {
                let xgboost = extras.iter().any(|(p, n)| {
                    p == XGBOOST_UNRESOLVED
                        && matches!(&n.kind, NodeKind::Str(s, _) if s == "XGBOOST")
                });
                spec.algorithm_name = if xgboost {
                    pb::algorithm_name::Value::Xgboost as i32
                } else {
                    pb::algorithm_name::Value::Custom as i32
                };
                if let Some((_, node)) = extras.iter().find(|(p, _)| p == CUSTOM_VERSION) {
                    if let NodeKind::Str(v, _) = &node.kind {
                        spec.algorithm_version = v.clone();
                    }
                }
            }
        }
        spec.metric_definitions = a
            .metric_definitions
            .iter()
            .flatten()
            .map(|md| pb::MetricDefinition {
                name: md.name.clone().unwrap_or_default(),
                regex: md.regex.clone().unwrap_or_default(),
            })
            .collect();
        m.algorithm_specification = Some(spec);
    }
    let mpi = job
        .hyper_parameters
        .as_ref()
        .and_then(|h| h.get(MPI_HYPERPARAMETER))
        .is_some_and(|v| v == "true");
    if job.resource_config.is_some() || mpi {
        let r = job.resource_config.clone().unwrap_or_default();
        m.training_job_resource_config = Some(pb::TrainingJobResourceConfig {
            instance_count: r.instance_count.map_or(0, i64::from),
            instance_type: r
                .instance_type
                .as_ref()
                .map_or_else(String::new, |t| t.as_str().to_owned()),
            volume_size_in_gb: r.volume_size_in_gb.map_or(0, i64::from),
            distributed_protocol: if mpi {
                pb::distributed_protocol::Value::Mpi as i32
            } else {
                pb::distributed_protocol::Value::Unspecified as i32
            },
        });
    }
    m.interruptible = job.enable_managed_spot_training == Some(true);
    // Flyte's default goes without saying (released messages cannot say
    // it), unless the message read had it.
    let said = kept.from_flyteidl && kept.implied(DEFAULT_STOPPING_CONDITION).is_none();
    let stopping = job
        .stopping_condition
        .as_ref()
        .filter(|s| said || !is_flyte_default(s));
    if let Some(s) = stopping {
        m.stopping_condition = Some(pb::StoppingCondition {
            max_runtime_in_seconds: s.max_runtime_in_seconds.map_or(0, i64::from),
            max_wait_time_in_seconds: s.max_wait_time_in_seconds.map_or(0, i64::from),
        });
    }
    m
}

/// Every member of `job` that does not come back the same through the
/// message (read back in `region`): what writing it as flyteidl loses.
/// Status members count only with `include_status`.
pub fn losses(
    job: &TrainingJob,
    kept: &Kept<'_>,
    region: &str,
    include_status: bool,
) -> Vec<CanonPath> {
    let back = to_job(&from_job(job, kept), region).job;
    let a = job.write(&mut WriteCx::new(&AWS, include_status));
    let b = back.write(&mut WriteCx::new(&AWS, true));
    let mut out = Vec::new();
    diff(&a, Some(&b), SCHEMA.root, &mut Vec::new(), &mut out);
    out
}

fn is_empty(o: &Out<'_>) -> bool {
    match o {
        Out::Seq(v) => v.is_empty(),
        Out::Map(v) => v.is_empty(),
        _ => false,
    }
}

fn find<'o, 'a>(
    entries: &'o [(std::borrow::Cow<'a, str>, Out<'a>)],
    key: &str,
) -> Option<&'o Out<'a>> {
    entries.iter().find(|(k, _)| k == key).map(|(_, v)| v)
}

/// Names in `out` every member of `a` (a job written with the AWS binding,
/// at `shape`) that `b` lacks or holds otherwise.
pub(crate) fn diff(
    a: &Out<'_>,
    b: Option<&Out<'_>>,
    shape: ShapeId,
    path: &mut Vec<Seg>,
    out: &mut Vec<CanonPath>,
) {
    if b.is_none() && is_empty(a) {
        // An empty list or map carries nothing.
        return;
    }
    match (&SCHEMA.shape(shape).kind, a, b) {
        (ShapeKind::Structure { members }, Out::Map(ae), Some(Out::Map(be))) => {
            for (k, av) in ae {
                let Some(i) = AWS.member(shape, k) else {
                    continue;
                };
                let member = &members[usize::from(i)];
                path.push(Seg::Member(shape, i));
                let bv = find(be, k);
                // `false` is what an absent EnableManagedSpotTraining means.
                let spot_off = member.name == "EnableManagedSpotTraining"
                    && *av == Out::Bool(false)
                    && bv.is_none();
                if !spot_off {
                    diff(av, bv, member.shape, path, out);
                }
                path.pop();
            }
        }
        (ShapeKind::Map { value, .. }, Out::Map(ae), Some(Out::Map(be))) => {
            for (k, av) in ae {
                path.push(Seg::Key(k.to_string()));
                diff(av, find(be, k), *value, path, out);
                path.pop();
            }
        }
        (ShapeKind::List { member, .. }, Out::Seq(ai), Some(Out::Seq(bi))) => {
            for (i, av) in ai.iter().enumerate() {
                path.push(Seg::Index(i));
                diff(av, bi.get(i), *member, path, out);
                path.pop();
            }
        }
        (_, a, Some(b)) if a == b => {}
        _ => out.push(CanonPath(path.clone())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kept(r: &FromMessage) -> Kept<'_> {
        Kept {
            from_flyteidl: true,
            extras: &r.extras,
            implied: &r.implied,
        }
    }

    fn spelled(paths: &[CanonPath]) -> Vec<String> {
        paths.iter().map(|p| p.spell_api(SCHEMA)).collect()
    }

    fn golden() -> pb::TrainingJob {
        pb::TrainingJob {
            algorithm_specification: Some(pb::AlgorithmSpecification {
                input_mode: 1,
                algorithm_name: 1,
                algorithm_version: "0.90".into(),
                metric_definitions: vec![pb::MetricDefinition {
                    name: "validation:error".into(),
                    regex: "validation-error:([0-9\\.]+)".into(),
                }],
                input_content_type: 0,
            }),
            training_job_resource_config: Some(pb::TrainingJobResourceConfig {
                instance_count: 2,
                instance_type: "ml.m4.xlarge".into(),
                volume_size_in_gb: 25,
                distributed_protocol: 1,
            }),
            interruptible: true,
            stopping_condition: Some(pb::StoppingCondition {
                max_runtime_in_seconds: 3600,
                max_wait_time_in_seconds: 7200,
            }),
        }
    }

    #[test]
    fn the_golden_message_maps_as_flyte_did() {
        let r = to_job(&golden(), "us-east-1");
        assert!(r.diagnostics.is_empty(), "{:?}", r.diagnostics);
        let a = r.job.algorithm_specification.as_ref().unwrap();
        assert_eq!(
            a.training_image.as_deref(),
            Some("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3")
        );
        assert_eq!(a.training_input_mode, Some(TrainingInputMode::Pipe));
        let channels = r.job.input_data_config.as_ref().unwrap();
        assert_eq!(channels.len(), 2);
        assert_eq!(channels[1].content_type.as_deref(), Some("text/csv"));
        assert_eq!(
            r.job.hyper_parameters.as_ref().unwrap()[MPI_HYPERPARAMETER],
            "true"
        );
        assert_eq!(r.job.enable_managed_spot_training, Some(true));
        assert_eq!(from_job(&r.job, &kept(&r)), golden());
        assert!(losses(&r.job, &kept(&r), "us-east-1", true).is_empty());
    }

    #[test]
    fn what_the_message_cannot_hold_is_named() {
        let mut job = to_job(&golden(), "us-east-1").job;
        job.role_arn = Some("arn:aws:iam::111122223333:role/r".into());
        job.hyper_parameters
            .as_mut()
            .unwrap()
            .insert("eta".into(), "0.1".into());
        job.algorithm_specification
            .as_mut()
            .unwrap()
            .training_input_mode = Some(TrainingInputMode::FastFile);
        job.input_data_config.as_mut().unwrap()[0].content_type = Some("text/libsvm".into());
        job.resource_config
            .as_mut()
            .unwrap()
            .keep_alive_period_in_seconds = Some(60);
        job.enable_network_isolation = Some(false);
        job.stopping_condition
            .as_mut()
            .unwrap()
            .max_pending_time_in_seconds = Some(7200);
        let mut got = spelled(&losses(&job, &Kept::default(), "us-east-1", true));
        got.sort();
        assert_eq!(
            got,
            [
                "AlgorithmSpecification.TrainingInputMode",
                "EnableNetworkIsolation",
                "HyperParameters.eta",
                "InputDataConfig[0].ContentType",
                // The channels said Pipe, as the message did; FastFile
                // becomes File, and Flyte's channels take the job's mode.
                "InputDataConfig[0].InputMode",
                "InputDataConfig[1].InputMode",
                "ResourceConfig.KeepAlivePeriodInSeconds",
                "RoleArn",
                "StoppingCondition.MaxPendingTimeInSeconds",
            ]
        );
        // Another region's image keeps the version but not the region.
        let job = TrainingJob {
            algorithm_specification: Some(AlgorithmSpecification {
                training_image: Some(
                    "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:1.7-1".into(),
                ),
                training_input_mode: Some(TrainingInputMode::File),
                ..Default::default()
            }),
            ..Default::default()
        };
        let m = from_job(&job, &Kept::default());
        assert_eq!(
            m.algorithm_specification
                .as_ref()
                .unwrap()
                .algorithm_version,
            "1.7-1"
        );
        assert_eq!(
            spelled(&losses(&job, &Kept::default(), "us-east-1", true)),
            ["AlgorithmSpecification.TrainingImage"]
        );
        assert!(losses(&job, &Kept::default(), "eu-west-1", true).is_empty());
    }

    #[test]
    fn bad_numbers_are_errors_with_paths() {
        let mut m = golden();
        m.training_job_resource_config
            .as_mut()
            .unwrap()
            .instance_count = 3_000_000_000;
        m.algorithm_specification.as_mut().unwrap().input_mode = 7;
        let r = to_job(&m, "us-east-1");
        let got: Vec<_> = r
            .diagnostics
            .iter()
            .map(|d| (d.code.as_str(), d.path.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("enum", "algorithmSpecification.inputMode"),
                ("range", "trainingJobResourceConfig.instanceCount")
            ]
        );
        let mut m = golden();
        m.algorithm_specification
            .as_mut()
            .unwrap()
            .algorithm_version = "0.72".into();
        // No image: an error only for outputs that need a whole AWS job,
        // and XGBOOST with its version stays for the flyteidl forms.
        let r = to_job(&m, "us-east-1");
        assert!(r.diagnostics.is_empty());
        assert_eq!(
            r.deferred[0].path,
            "algorithmSpecification.algorithmVersion"
        );
        assert_eq!(
            r.extras.iter().map(|(p, _)| p.as_str()).collect::<Vec<_>>(),
            [XGBOOST_UNRESOLVED, CUSTOM_VERSION]
        );
        let back = from_job(&r.job, &kept(&r));
        assert_eq!(back.algorithm_specification, m.algorithm_specification);
        let r = to_job(&golden(), "mars-north-1");
        assert!(r.deferred[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("--region picks one of: af-south-1"));
    }

    #[test]
    fn a_custom_version_travels_in_the_envelope() {
        let m = pb::TrainingJob {
            algorithm_specification: Some(pb::AlgorithmSpecification {
                algorithm_version: "v3".into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let r = to_job(&m, "us-east-1");
        assert_eq!(r.extras[0].0, CUSTOM_VERSION);
        assert_eq!(
            r.job
                .algorithm_specification
                .as_ref()
                .unwrap()
                .training_image,
            None
        );
        assert_eq!(from_job(&r.job, &kept(&r)), m);
        assert_eq!(
            from_job(&r.job, &Kept::default())
                .algorithm_specification
                .unwrap()
                .algorithm_version,
            ""
        );
    }
    fn xgboost(version: &str) -> pb::TrainingJob {
        pb::TrainingJob {
            algorithm_specification: Some(pb::AlgorithmSpecification {
                algorithm_name: 1,
                algorithm_version: version.into(),
                ..Default::default()
            }),
            ..Default::default()
        }
    }

    fn version(m: &pb::TrainingJob) -> &str {
        &m.algorithm_specification
            .as_ref()
            .unwrap()
            .algorithm_version
    }

    #[test]
    fn versions_are_written_as_read() {
        for v in [
            "1.7-1", "1.2-2", "0.90-2", "0.90-1", "1", "1.7", "0.90", "1.2",
        ] {
            let r = to_job(&xgboost(v), "us-east-1");
            assert!(r.diagnostics.is_empty(), "{v}: {:?}", r.diagnostics);
            assert_eq!(version(&from_job(&r.job, &kept(&r))), v);
            assert!(losses(&r.job, &kept(&r), "us-east-1", true).is_empty());
        }
        // From an image (an AWS job): the table's version in full, never
        // the alias of the newest revision.
        for (v, written) in [("1.7-1", "1.7-1"), ("1.2", "1.2-2"), ("0.90", "0.90-2")] {
            let job = to_job(&xgboost(v), "eu-west-1").job;
            assert_eq!(version(&from_job(&job, &Kept::default())), written);
        }
        // A short spelling is said once, for outputs that pin the image.
        let r = to_job(&xgboost("1.7"), "us-east-1");
        assert!(r
            .deferred
            .iter()
            .any(|d| d.path == "algorithmSpecification.algorithmVersion"
                && d.message.contains("newest revision, 1.7-1")));
        let r = to_job(&xgboost("1.7-1"), "us-east-1");
        assert!(!r
            .deferred
            .iter()
            .any(|d| d.path.ends_with("algorithmVersion")));
        // Another image replaces the spelling.
        let mut r = to_job(&xgboost("1.7"), "us-east-1");
        r.job
            .algorithm_specification
            .as_mut()
            .unwrap()
            .training_image =
            Some("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.2-1".into());
        assert_eq!(version(&from_job(&r.job, &kept(&r))), "1.2-1");
    }

    #[test]
    fn flyte_defaults_fill_the_job_and_stay_out_of_the_message() {
        let m = xgboost("1.7-1");
        let r = to_job(&m, "us-east-1");
        assert_eq!(
            r.job.stopping_condition,
            Some(StoppingCondition {
                max_runtime_in_seconds: Some(86400),
                ..Default::default()
            })
        );
        let channels = r.job.input_data_config.as_ref().unwrap();
        assert!(channels
            .iter()
            .all(|c| c.input_mode == Some(TrainingInputMode::File)));
        let notes: Vec<_> = r
            .deferred
            .iter()
            .map(|d| (d.code.as_str(), d.severity))
            .collect();
        assert_eq!(notes, [("default", tjspec_runtime::Severity::Note); 3]);
        // Written back as read, from flyteidl and from an AWS job alike.
        assert_eq!(from_job(&r.job, &kept(&r)), m);
        assert_eq!(from_job(&r.job, &Kept::default()), m);
        // A message that says 86400 keeps saying it; another value is written.
        let mut said = m.clone();
        said.stopping_condition = Some(pb::StoppingCondition {
            max_runtime_in_seconds: 86400,
            max_wait_time_in_seconds: 0,
        });
        let r = to_job(&said, "us-east-1");
        assert!(r.implied.is_empty());
        assert_eq!(from_job(&r.job, &kept(&r)), said);
        let mut r = to_job(&m, "us-east-1");
        r.job
            .stopping_condition
            .as_mut()
            .unwrap()
            .max_runtime_in_seconds = Some(3600);
        assert_eq!(
            from_job(&r.job, &kept(&r)).stopping_condition,
            Some(pb::StoppingCondition {
                max_runtime_in_seconds: 3600,
                max_wait_time_in_seconds: 0,
            })
        );
        // Pipe jobs get Pipe channels.
        let mut pipe = xgboost("1.7-1");
        pipe.algorithm_specification.as_mut().unwrap().input_mode = 1;
        let r = to_job(&pipe, "us-east-1");
        assert!(r
            .job
            .input_data_config
            .unwrap()
            .iter()
            .all(|c| c.input_mode == Some(TrainingInputMode::Pipe)));
    }
}
