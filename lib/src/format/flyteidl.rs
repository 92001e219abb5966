//! flyteidl: Flyte's `flyteidl.plugins.sagemaker.TrainingJob` message, as
//! protobuf binary (`flyteidl`) and as proto3 JSON (`flyteidl-json`).
//!
//! The message is much smaller than an AWS job; [`mapping`] says what each
//! of its fields means there. Reading maps the message into a job (built-in
//! XGBoost becomes the image of `--region`); writing maps a job into a
//! message and names, as losses, every member that does not come back the
//! same. A job read from flyteidl lacks what an AWS request needs (role,
//! output path, ...): converting it to such a format fails naming each
//! member, to be supplied with `--set` or `--overlay`.
//!
//! Reading checks the input against the message schema first ([`wire`] for
//! bytes, [`json`] for JSON), so problems come with a field path and a byte
//! offset or line and column; values are then decoded by the generated
//! prost and pbjson code of the `tjspec-flyteidl` crate.
//!
//! `flyteidl-json` also reads a whole Flyte `TaskTemplate`, taking the
//! message from its `custom` field (as flytekit stored it), and says so.
//! Several messages: a JSON array or JSON Lines in, JSON Lines out. The
//! binary form holds exactly one message.

pub mod images;
pub mod json;
pub mod mapping;
pub mod proto;
pub mod tuning;
pub mod wire;

use std::borrow::Cow;

use prost::Message as _;
use tjspec_flyteidl::sagemaker as pb;
use tjspec_model::{Job, TrainingJob, SCHEMA};
use tjspec_runtime::{CanonPath, Code, Diagnostic, Node, NodeKind, Out, Seg, Span};

use super::{
    envelope_losses, Carried, Clue, Declaration, Doc, Envelope, EnvelopePart, Format, FormatId,
    Lost, Precedence, ReadDoc, ReadOptions, ResourceId, Sniff, Syntax, WriteOptions,
};
use crate::source::Source;
use crate::syntax::json::parse_values;
use crate::syntax::out_json;

/// The binary wire format.
pub struct FlyteidlBinary;

/// The proto3 JSON mapping.
pub struct FlyteidlJson;

fn region(r: &Option<String>) -> &str {
    r.as_deref().unwrap_or(images::DEFAULT_REGION)
}

/// Whether a document was read from one of the flyteidl formats.
fn from_flyteidl(envelope: &Envelope) -> bool {
    matches!(
        envelope.from,
        Some(FormatId::Flyteidl | FormatId::FlyteidlJson)
    )
}

// ---------------------------------------------------------------- detection

/// The messages, mapped to the jobs: paths in diagnostics and diffs use
/// the AWS names.
const CARRIED: &[Carried] = super::aws::REQUESTS;

/// The message that carries `resource`.
fn message_name(resource: ResourceId) -> &'static str {
    match resource {
        ResourceId::HyperParameterTuningJob => proto::TUNING_JOB,
        _ => proto::TRAINING_JOB,
    }
}

/// Whether every key of a JSON object is a field of the message `full`.
fn keys_of(node: &Node, full: &str) -> bool {
    let keys = json::accepted_keys(proto::proto().message(full));
    match &node.kind {
        NodeKind::Map(entries) => {
            !entries.is_empty() && entries.iter().all(|(k, _)| keys.contains(&k.name.as_str()))
        }
        _ => false,
    }
}

/// The resource a JSON message holds: forced, else the tuning job when its
/// keys are the tuning message's (`trainingJob`, `maxNumberOfTrainingJobs`)
/// and not the training job's.
fn json_resource(message: &Node, forced: Option<ResourceId>) -> ResourceId {
    if let Some(r) = forced.filter(|r| CARRIED.iter().any(|c| c.resource == *r)) {
        return r;
    }
    if !keys_of(message, proto::TRAINING_JOB) && keys_of(message, proto::TUNING_JOB) {
        ResourceId::HyperParameterTuningJob
    } else {
        ResourceId::TrainingJob
    }
}

/// The binary wire format.
pub const BINARY: Declaration = Declaration {
    name: "flyteidl",
    help: "Flyte's `flyteidl.plugins.sagemaker.TrainingJob` (or `HyperparameterTuningJob`, with --resource tuning-job), protobuf binary",
    summary: "Flyte's `flyteidl.plugins.sagemaker.TrainingJob` message, protobuf binary (one message per file); its `HyperparameterTuningJob` with `--resource tuning-job`, since bytes cannot tell.",
    syntax: Syntax::Protobuf,
    extensions: &["pb", "binpb"],
    also_named: &["bin"],
    precedence: Precedence::Encoding,
    sniff: sniff_binary,
    resources: CARRIED,
    envelope: &[],
};

/// The proto3 JSON mapping.
pub const JSON: Declaration = Declaration {
    name: "flyteidl-json",
    help: "Flyte's `flyteidl.plugins.sagemaker.TrainingJob` (or `HyperparameterTuningJob`), proto3 JSON (also read from a TaskTemplate's `custom`)",
    summary: "The same messages as proto3 JSON (a tuning job told apart by `trainingJob` and `maxNumberOfTrainingJobs`), or a whole Flyte `TaskTemplate` holding one in `custom` (read). Several jobs: a JSON array or JSON Lines in, JSON Lines out.",
    syntax: Syntax::Json,
    extensions: &["json", "jsonl", "ndjson"],
    also_named: &[],
    precedence: Precedence::Message,
    sniff: sniff_json,
    resources: CARRIED,
    envelope: &[EnvelopePart::TaskTemplate],
};

/// Binary flyteidl: by extension (`.pb`, `.binpb`, `.bin`), or, when the
/// extension names no syntax, by bytes no text has.
fn sniff_binary(clue: &Clue<'_>) -> Sniff {
    let binary = match clue.named {
        Some(syntax) => syntax.is_binary(),
        None => clue
            .text
            .chars()
            .any(|c| (c < ' ' && !matches!(c, '\t' | '\n' | '\r')) || c == '\u{fffd}'),
    };
    if binary {
        Sniff::Is(FormatId::Flyteidl)
    } else {
        Sniff::No
    }
}

/// flyteidl JSON: JSON whose top-level keys are all fields of the message,
/// directly or in a TaskTemplate's `custom`. A file named as YAML or HCL is
/// not looked at (a stray byte there is an encoding error).
fn sniff_json(clue: &Clue<'_>) -> Sniff {
    if clue.named.is_some_and(|s| s != Syntax::Json) {
        return Sniff::No;
    }
    match json_message(clue.text) {
        Some(f) => Sniff::Is(f),
        None => Sniff::No,
    }
}

fn json_message(text: &str) -> Option<FormatId> {
    let t = text.trim_start();
    if !t.starts_with(['{', '[']) {
        return None;
    }
    // Parse only what could be flyteidl: AWS JSON names members in PascalCase.
    // Most JSON inputs are not flyteidl: their first key (a message's is
    // one of its fields; a TaskTemplate has `custom`) says so without
    // searching the whole text.
    // proto3 JSON names (lowerCamelCase, or a field's snake_case) start in
    // lower case, where AWS JSON, state machines and pipelines start theirs
    // in upper case: such a first key rules flyteidl out at once.
    let first = first_key(t);
    if first.is_some_and(|k| k.starts_with(|c: char| c.is_ascii_uppercase())) {
        return None;
    }
    if first.is_some_and(|k| !message_keys().contains(&k)) && !t.contains("\"custom\"") {
        return None;
    }
    const HINTS: [&str; 13] = [
        "\"trainingJob\"",
        "\"training_job\"",
        "\"maxNumberOfTrainingJobs\"",
        "\"max_number_of_training_jobs\"",
        "\"algorithmSpecification\"",
        "\"algorithm_specification\"",
        "\"trainingJobResourceConfig\"",
        "\"training_job_resource_config\"",
        "\"trainingJobConfig\"",
        "\"training_job_config\"",
        "\"interruptible\"",
        "\"stoppingCondition\"",
        "\"stopping_condition\"",
    ];
    if !HINTS.iter().any(|h| t.contains(h)) {
        return None;
    }
    let first = parse_values(t).ok()?.into_iter().next()?;
    let first = match first.kind {
        NodeKind::Seq(items) => items.into_iter().next()?,
        _ => first,
    };
    let message = task_template_custom(&first).unwrap_or(&first);
    is_message(message).then_some(FormatId::FlyteidlJson)
}

/// The first key of the first object of JSON text, when it is written
/// without escapes (`None`: no telling).
fn first_key(text: &str) -> Option<&str> {
    let t = text.strip_prefix('[').map_or(text, str::trim_start);
    let t = t.strip_prefix('{')?.trim_start();
    let rest = t.strip_prefix('"')?;
    let end = rest.find(['"', '\\'])?;
    (rest.as_bytes()[end] == b'"').then(|| &rest[..end])
}

/// Every key a training or tuning job message accepts at its top level.
fn message_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = json::accepted_keys(proto::proto().message(proto::TRAINING_JOB));
        keys.extend(json::accepted_keys(
            proto::proto().message(proto::TUNING_JOB),
        ));
        keys
    })
}

fn is_message(node: &Node) -> bool {
    keys_of(node, proto::TRAINING_JOB) || keys_of(node, proto::TUNING_JOB)
}

/// The `custom` field of a Flyte TaskTemplate (a document with `custom` and
/// no field of the message itself).
fn task_template_custom(root: &Node) -> Option<&Node> {
    let NodeKind::Map(entries) = &root.kind else {
        return None;
    };
    let mut keys = json::accepted_keys(proto::proto().message(proto::TRAINING_JOB));
    keys.extend(json::accepted_keys(
        proto::proto().message(proto::TUNING_JOB),
    ));
    if entries.iter().any(|(k, _)| keys.contains(&k.name.as_str())) {
        return None;
    }
    root.get("custom")
}

// ------------------------------------------------------------------ reading

/// The decoder's words, without its internals: `expected expected one
/// of` (a doubled word) and the name of serde's buffering type.
fn tidy_serde(message: &str) -> String {
    message.replace("expected expected", "expected").replace(
        "data did not match any variant of untagged enum Content",
        "the value has the wrong type",
    )
}

/// Puts a finding about a message field (its `path` a JSON path such as
/// `trainingJobResourceConfig.instanceCount`) at its place in a JSON input.
fn place_json(mut d: Diagnostic, walk: &json::Walk, prefix: &str) -> Diagnostic {
    match walk.places.get(&d.path) {
        Some(p) => {
            d.path = p.written.clone();
            d.with_span(p.value)
        }
        None => {
            d.path = wire::join(prefix, &d.path);
            d
        }
    }
}

/// The same for a binary input: the byte of the field's tag goes into the message.
fn place_binary(
    mut d: Diagnostic,
    offsets: &std::collections::HashMap<String, usize>,
) -> Diagnostic {
    if let Some(at) = offsets.get(&d.path) {
        d.message = format!("{} (the field's tag is at byte {at})", d.message);
    }
    d
}

/// A message mapped to a job of either resource.
struct Mapped {
    job: Job,
    extras: Vec<(String, Node)>,
    implied: Vec<(String, Node)>,
    diagnostics: Vec<Diagnostic>,
    deferred: Vec<Diagnostic>,
}

impl From<mapping::FromMessage> for Mapped {
    fn from(m: mapping::FromMessage) -> Self {
        Mapped {
            job: m.job.into(),
            extras: m.extras,
            implied: m.implied,
            diagnostics: m.diagnostics,
            deferred: m.deferred,
        }
    }
}

impl From<tuning::FromTuningMessage> for Mapped {
    fn from(m: tuning::FromTuningMessage) -> Self {
        Mapped {
            job: m.job.into(),
            extras: m.extras,
            implied: m.implied,
            diagnostics: m.diagnostics,
            deferred: m.deferred,
        }
    }
}

/// Decodes bytes or a proto3 JSON value as the message of `resource` and
/// maps it.
enum Decoded {
    Training(pb::TrainingJob),
    Tuning(pb::HyperparameterTuningJob),
}

impl Decoded {
    fn map(&self, region: &str) -> Mapped {
        match self {
            Decoded::Training(m) => mapping::to_job(m, region).into(),
            Decoded::Tuning(m) => tuning::to_tuning_job(m, region).into(),
        }
    }
}

fn finish(
    index: usize,
    from: FormatId,
    mapped: Mapped,
    mut diagnostics: Vec<Diagnostic>,
    root: Node,
    skipped: Vec<tjspec_runtime::read::Skipped>,
    mut extras: Vec<(String, Node)>,
) -> ReadDoc {
    diagnostics.extend(mapped.diagnostics);
    extras.extend(mapped.extras);
    ReadDoc {
        index,
        job: Some(mapped.job),
        envelope: Envelope {
            from: Some(from),
            extras,
            deferred: mapped.deferred,
            implied: mapped.implied,
            ..Envelope::default()
        },
        root: Some(root),
        diagnostics,
        skipped,
    }
}

impl FlyteidlBinary {
    /// Reads one message from bytes.
    pub fn read_bytes(bytes: &[u8], options: &ReadOptions) -> ReadDoc {
        // Bytes do not say which message they are: `--resource` does.
        let resource = options
            .resource
            .filter(|r| CARRIED.iter().any(|c| c.resource == *r))
            .unwrap_or(ResourceId::TrainingJob);
        let full = message_name(resource);
        let scan = wire::scan_message(bytes, options.members.allow_unknown, full);
        if scan.diagnostics.iter().any(Diagnostic::is_error) {
            return ReadDoc {
                index: 0,
                job: None,
                envelope: Envelope::default(),
                root: None,
                diagnostics: scan.diagnostics,
                skipped: scan.skipped,
            };
        }
        let decoded = match resource {
            ResourceId::HyperParameterTuningJob => {
                pb::HyperparameterTuningJob::decode(bytes).map(Decoded::Tuning)
            }
            _ => pb::TrainingJob::decode(bytes).map(Decoded::Training),
        };
        let m = match decoded {
            Ok(m) => m,
            Err(e) => {
                let short = full.rsplit('.').next().unwrap_or(full);
                return ReadDoc::failed(
                    0,
                    Diagnostic::error(
                        Code::Wire,
                        format!("the bytes are not a {short} message: {e}"),
                    ),
                );
            }
        };
        let mut mapped = m.map(region(&options.region));
        for list in [&mut mapped.diagnostics, &mut mapped.deferred] {
            *list = std::mem::take(list)
                .into_iter()
                .map(|d| place_binary(d, &scan.offsets))
                .collect();
        }
        finish(
            0,
            FormatId::Flyteidl,
            mapped,
            scan.diagnostics,
            // Binary input has no positions: an empty tree spells paths
            // with the JSON names and locates nothing.
            Node::synthetic(NodeKind::Map(Vec::new())),
            scan.skipped,
            Vec::new(),
        )
    }
}

impl FlyteidlJson {
    /// Reads one JSON document: a message, or a TaskTemplate holding one.
    pub fn read_node(index: usize, root: Node, options: &ReadOptions) -> ReadDoc {
        if !matches!(root.kind, NodeKind::Map(_)) {
            let d = Diagnostic::error(
                Code::Type,
                format!("expected a TrainingJob object, found {}", root.kind_name()),
            )
            .with_span(root.span);
            return ReadDoc::failed(index, d);
        }
        let mut diagnostics = Vec::new();
        let mut extras = Vec::new();
        let (message, prefix) = match task_template_custom(&root) {
            Some(custom) => {
                let key = match &root.kind {
                    NodeKind::Map(entries) => {
                        for (k, v) in entries {
                            if k.name != "custom" && !v.is_null() {
                                let mut v = v.clone();
                                v.span = k.span;
                                extras.push((k.name.clone(), v));
                            }
                        }
                        entries
                            .iter()
                            .find(|(k, _)| k.name == "custom")
                            .map(|(k, _)| k.span)
                    }
                    _ => None,
                };
                diagnostics.push(
                    Diagnostic::note(
                        Code::TaskTemplate,
                        "the input is a Flyte TaskTemplate: the training job is read from its `custom` field",
                    )
                    .with_path("custom")
                    .with_span(key.unwrap_or_default()),
                );
                (custom, "custom")
            }
            None => (&root, ""),
        };
        let resource = json_resource(message, options.resource);
        let walk = json::walk_message(
            message,
            prefix,
            options.members.allow_unknown,
            message_name(resource),
        );
        let skipped = walk.skipped.clone();
        diagnostics.extend(walk.diagnostics.iter().cloned());
        if diagnostics.iter().any(Diagnostic::is_error) {
            return ReadDoc {
                index,
                job: None,
                envelope: Envelope::default(),
                root: Some(root),
                diagnostics,
                skipped,
            };
        }
        let decoded = match resource {
            ResourceId::HyperParameterTuningJob => {
                serde_path_to_error::deserialize(walk.value.clone()).map(Decoded::Tuning)
            }
            _ => serde_path_to_error::deserialize(walk.value.clone()).map(Decoded::Training),
        };
        let m = match decoded {
            Ok(m) => m,
            Err(e) => {
                let path = e.path().to_string();
                let mut d = Diagnostic::error(Code::Value, tidy_serde(&e.into_inner().to_string()));
                if let Some(p) = walk.places.get(&path) {
                    d.message = format!("invalid {}: {}", p.kind, d.message);
                    if p.kind.starts_with("int") || p.kind.starts_with("uint") {
                        d.hint = Some(format!(
                            "proto3 JSON writes {} as a number or a string of digits",
                            p.kind
                        ));
                    }
                }
                diagnostics.push(place_json(d.with_path(path), &walk, prefix));
                return ReadDoc {
                    index,
                    job: None,
                    envelope: Envelope::default(),
                    root: Some(root),
                    diagnostics,
                    skipped,
                };
            }
        };
        let mut mapped = m.map(region(&options.region));
        for list in [&mut mapped.diagnostics, &mut mapped.deferred] {
            *list = std::mem::take(list)
                .into_iter()
                .map(|d| place_json(d, &walk, prefix))
                .collect();
        }
        for (path, node) in &mut mapped.extras {
            if let Some(p) = walk.places.get(path.as_str()) {
                node.span = p.key;
            }
        }
        finish(
            index,
            FormatId::FlyteidlJson,
            mapped,
            diagnostics,
            root,
            skipped,
            extras,
        )
    }
}

// ----------------------------------------------------------------- locating

/// The JSON path of the message field an AWS member maps to, if any.
fn message_path(canon: &CanonPath) -> Option<Vec<Seg>> {
    // Spell the AWS path as names and indices first.
    let api: Vec<Result<&str, usize>> = canon
        .0
        .iter()
        .map(|s| match s {
            Seg::Member(shape, i) => Ok(SCHEMA.members(*shape)[usize::from(*i)].name),
            Seg::Index(i) => Err(*i),
            Seg::Key(k) => Ok(k.as_str()),
        })
        .collect();
    let name = |s: &str| Seg::Key(s.to_owned());
    let field = |prefix: &str, rest: &[Result<&str, usize>], table: &[(&str, &str)]| {
        let mut out = vec![name(prefix)];
        for r in rest {
            out.push(match r {
                Ok(n) => name(table.iter().find(|(a, _)| a == n)?.1),
                Err(i) => Seg::Index(*i),
            });
        }
        Some(out)
    };
    match api.as_slice() {
        [Ok("AlgorithmSpecification"), Ok("TrainingImage"), ..] => {
            Some(vec![name("algorithmSpecification"), name("algorithmName")])
        }
        [Ok("AlgorithmSpecification"), rest @ ..] => field(
            "algorithmSpecification",
            rest,
            &[
                ("TrainingInputMode", "inputMode"),
                ("MetricDefinitions", "metricDefinitions"),
                ("Name", "name"),
                ("Regex", "regex"),
            ],
        ),
        [Ok("ResourceConfig"), rest @ ..] => field(
            "trainingJobResourceConfig",
            rest,
            &[
                ("InstanceCount", "instanceCount"),
                ("InstanceType", "instanceType"),
                ("VolumeSizeInGB", "volumeSizeInGb"),
            ],
        ),
        [Ok("HyperParameters"), Ok(mapping::MPI_HYPERPARAMETER)] => Some(vec![
            name("trainingJobResourceConfig"),
            name("distributedProtocol"),
        ]),
        [Ok("InputDataConfig"), Err(_), Ok("ContentType")] => Some(vec![
            name("algorithmSpecification"),
            name("inputContentType"),
        ]),
        [Ok("EnableManagedSpotTraining")] => Some(vec![name("interruptible")]),
        [Ok("StoppingCondition"), rest @ ..] => field(
            "stoppingCondition",
            rest,
            &[
                ("MaxRuntimeInSeconds", "maxRuntimeInSeconds"),
                ("MaxWaitTimeInSeconds", "maxWaitTimeInSeconds"),
            ],
        ),
        _ => None,
    }
}

/// `instanceCount` → `instance_count`.
fn snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

/// Finds an AWS member in a flyteidl document tree: the path in the
/// document's spelling and the position of the deepest part that exists.
fn locate_in(root: &Node, canon: &CanonPath) -> (String, Option<Span>) {
    let (mut node, mut spelled) = match task_template_custom(root) {
        Some(custom) => (Some(custom), "custom".to_owned()),
        None => (Some(root), String::new()),
    };
    let mut span = node.map(|n| n.span).filter(Span::is_known);
    let Some(path) = message_path(canon) else {
        return (canon.spell_api(SCHEMA), span.map(|s| Span { len: 1, ..s }));
    };
    let mut found = true;
    for seg in &path {
        match seg {
            Seg::Key(k) => {
                let mut candidates = vec![k.clone(), snake(k)];
                if k == "trainingJobResourceConfig" {
                    candidates.extend(["trainingJobConfig".into(), "training_job_config".into()]);
                }
                let hit = node.and_then(|n| {
                    candidates
                        .iter()
                        .find_map(|c| n.get(c).map(|v| (c.clone(), v)))
                });
                match hit {
                    Some((written, v)) => {
                        spelled = wire::join(&spelled, &written);
                        node = Some(v);
                    }
                    None => {
                        spelled = wire::join(&spelled, k);
                        node = None;
                    }
                }
            }
            Seg::Index(i) => {
                spelled = format!("{spelled}[{i}]");
                node = node.and_then(|n| match &n.kind {
                    NodeKind::Seq(items) => items.get(*i),
                    _ => None,
                });
            }
            Seg::Member(..) => unreachable!("message paths are keys and indices"),
        }
        match node {
            Some(n) if n.span.is_known() => span = Some(n.span),
            Some(_) => {}
            None => found = false,
        }
    }
    if !found {
        span = span.map(|s| Span { len: 1, ..s });
    }
    (spelled, span)
}

// ------------------------------------------------------------------ writing

/// A message of the package: a training job's or a tuning job's.
#[derive(Debug)]
pub enum Message {
    /// `flyteidl.plugins.sagemaker.TrainingJob`.
    Training(pb::TrainingJob),
    /// `flyteidl.plugins.sagemaker.HyperparameterTuningJob`.
    Tuning(pb::HyperparameterTuningJob),
}

impl Message {
    /// The message's bytes.
    pub fn encode_to_vec(&self) -> Vec<u8> {
        match self {
            Message::Training(m) => m.encode_to_vec(),
            Message::Tuning(m) => m.encode_to_vec(),
        }
    }
}

/// Writes a job as a message; everything the message cannot carry goes to `losses`.
pub fn write_message(doc: &Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Message {
    let kept = if from_flyteidl(&doc.envelope) {
        mapping::Kept {
            from_flyteidl: true,
            extras: &doc.envelope.extras,
            implied: &doc.envelope.implied,
        }
    } else {
        mapping::Kept::default()
    };
    let job = match &doc.job {
        Job::HyperParameterTuningJob(job) => {
            let m = tuning::from_tuning_job(job, &kept);
            losses.extend(
                tuning::losses(job, &kept, region(&options.region), options.include_status)
                    .into_iter()
                    .map(Lost::Field),
            );
            let mut rest = doc.envelope.clone();
            if from_flyteidl(&doc.envelope) {
                // The inner training job's parts go back into it.
                let inner = format!("{}.", tuning::TRAINING_JOB);
                rest.extras.retain(|(p, _)| !p.starts_with(&inner));
            }
            rest.deferred.clear();
            envelope_losses(&rest, losses);
            return Message::Tuning(m);
        }
        Job::TrainingJob(job) => job,
        // The pipeline writes only resources the format declares it carries.
        other => unreachable!("flyteidl does not carry {}", other.resource()),
    };
    let m = mapping::from_job(job, &kept);
    losses.extend(
        mapping::losses(job, &kept, region(&options.region), options.include_status)
            .into_iter()
            .map(Lost::Field),
    );
    // A version kept in the envelope (CUSTOM, or XGBOOST without a known
    // image) and that XGBOOST go back into the message; every other
    // envelope part is lost.
    let spec = m.algorithm_specification.as_ref();
    let kept = spec
        .map(|a| a.algorithm_version.as_str())
        .filter(|v| !v.is_empty());
    let xgboost =
        spec.is_some_and(|a| a.algorithm_name == pb::algorithm_name::Value::Xgboost as i32);
    let mut rest = doc.envelope.clone();
    rest.extras.retain(|(p, n)| {
        let written_back = match (p.as_str(), &n.kind) {
            (mapping::CUSTOM_VERSION, NodeKind::Str(s, _)) => kept == Some(s.as_str()),
            (mapping::XGBOOST_UNRESOLVED, _) => xgboost,
            _ => false,
        };
        !(from_flyteidl(&doc.envelope) && written_back)
    });
    rest.deferred.clear();
    envelope_losses(&rest, losses);
    Message::Training(m)
}

fn to_out(v: serde_json::Value) -> Out<'static> {
    match v {
        serde_json::Value::Null => Out::Map(Vec::new()),
        serde_json::Value::Bool(b) => Out::Bool(b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Out::Int(i),
            None => Out::Float(n.as_f64().unwrap_or(0.0)),
        },
        serde_json::Value::String(s) => Out::Str(Cow::Owned(s)),
        serde_json::Value::Array(items) => Out::Seq(items.into_iter().map(to_out).collect()),
        serde_json::Value::Object(m) => Out::Map(
            m.into_iter()
                .map(|(k, v)| (Cow::Owned(k), to_out(v)))
                .collect(),
        ),
    }
}

/// The output tree of a message: its proto3 JSON form.
fn message_out(m: &Message) -> Out<'static> {
    let v = match m {
        Message::Training(m) => serde_json::to_value(m),
        Message::Tuning(m) => serde_json::to_value(m),
    };
    to_out(v.expect("messages serialize"))
}

/// The message back from its output tree. The two messages have no JSON
/// name in common, so the keys say which it is (an empty tree is the same
/// empty message either way).
fn out_message(out: &Out<'_>) -> Message {
    let v = serde_json::to_value(out).expect("output trees serialize");
    let tuning_keys = json::accepted_keys(proto::proto().message(proto::TUNING_JOB));
    let tuning = matches!(&v, serde_json::Value::Object(m)
        if m.keys().next().is_some_and(|k| tuning_keys.contains(&k.as_str())));
    if tuning {
        Message::Tuning(serde_json::from_value(v).expect("the tree is a message's proto3 JSON"))
    } else {
        Message::Training(serde_json::from_value(v).expect("the tree is a message's proto3 JSON"))
    }
}

/// Pretty JSON with two-space indentation, as protobuf's `MessageToJson` prints it.
fn pretty(out: &Out<'_>) -> String {
    use serde::Serialize as _;
    let mut buf = Vec::new();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut buf,
        serde_json::ser::PrettyFormatter::with_indent(b"  "),
    );
    out.serialize(&mut ser).expect("output trees serialize");
    buf.push(b'\n');
    String::from_utf8(buf).expect("serde_json writes UTF-8")
}

// ------------------------------------------------------------------ formats

impl Format for FlyteidlBinary {
    fn id(&self) -> FormatId {
        FormatId::Flyteidl
    }

    fn declaration(&self) -> &'static Declaration {
        &BINARY
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        vec![FlyteidlBinary::read_bytes(source.bytes(), options)]
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        locate_in(root, path)
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        message_out(&write_message(doc, options, losses))
    }

    /// Text callers get the bytes in hex; [`Format::render_bytes`] writes the bytes.
    fn render(&self, out: &Out<'_>, _several: bool, _first: bool, buf: &mut String) {
        for b in out_message(out).encode_to_vec() {
            buf.push_str(&format!("{b:02x}"));
        }
        buf.push('\n');
    }

    fn render_bytes(
        &self,
        out: &Out<'_>,
        several: bool,
        _first: bool,
        buf: &mut Vec<u8>,
    ) -> Result<(), super::RenderError> {
        if several {
            return Err(super::RenderError::OneMessage {
                format: FormatId::Flyteidl,
                alternative: FormatId::FlyteidlJson,
            });
        }
        buf.extend_from_slice(&out_message(out).encode_to_vec());
        Ok(())
    }

    fn requires_create_members(&self) -> bool {
        false
    }

    fn requirements(&self, job: &Job) -> Vec<Diagnostic> {
        job.training_job()
            .map(custom_image_required)
            .unwrap_or_default()
    }
}

impl Format for FlyteidlJson {
    fn id(&self) -> FormatId {
        FormatId::FlyteidlJson
    }

    fn declaration(&self) -> &'static Declaration {
        &JSON
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        match parse_values(&source.text) {
            Ok(values) => {
                let docs = if values.len() == 1 && matches!(values[0].kind, NodeKind::Seq(_)) {
                    match values.into_iter().next().map(|n| n.kind) {
                        Some(NodeKind::Seq(items)) => items,
                        _ => unreachable!("checked above"),
                    }
                } else {
                    values
                };
                docs.into_iter()
                    .enumerate()
                    .map(|(i, n)| FlyteidlJson::read_node(i, n, options))
                    .collect()
            }
            Err(e) => vec![ReadDoc::failed(0, e.into_diagnostic())],
        }
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        locate_in(root, path)
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        message_out(&write_message(doc, options, losses))
    }

    fn render(&self, out: &Out<'_>, several: bool, _first: bool, buf: &mut String) {
        out_json::render(out, several, pretty, buf);
    }

    fn requires_create_members(&self) -> bool {
        false
    }

    fn requirements(&self, job: &Job) -> Vec<Diagnostic> {
        job.training_job()
            .map(custom_image_required)
            .unwrap_or_default()
    }
}

/// A job from a CUSTOM message names no image; a whole AWS job needs one.
fn custom_image_required(job: &TrainingJob) -> Vec<Diagnostic> {
    let spec = job.algorithm_specification.as_ref();
    let has_image = spec.is_some_and(|a| a.training_image.is_some() || a.algorithm_name.is_some());
    if has_image {
        return Vec::new();
    }
    let shape = SCHEMA
        .find("AlgorithmSpecification")
        .expect("the schema has it");
    let root = SCHEMA.root;
    let member = |shape, name| {
        SCHEMA
            .members(shape)
            .iter()
            .position(|m| m.name == name)
            .and_then(|i| u16::try_from(i).ok())
            .expect("the schema has it")
    };
    let canon = CanonPath(vec![
        Seg::Member(root, member(root, "AlgorithmSpecification")),
        Seg::Member(shape, member(shape, "TrainingImage")),
    ]);
    vec![Diagnostic::error(
        Code::Required,
        "missing required field `AlgorithmSpecification.TrainingImage`: the flyteidl algorithm is CUSTOM, which names no image",
    )
    .with_canon(canon)]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What detection's flyteidl sniffers say of `text` with extension `ext`.
    fn sniff(ext: Option<&str>, text: &str) -> Option<FormatId> {
        let path = ext.map(|e| std::path::PathBuf::from(format!("input.{e}")));
        let clue = Clue::new(path.as_deref(), text);
        [sniff_binary(&clue), sniff_json(&clue)]
            .into_iter()
            .find_map(|s| match s {
                Sniff::Is(f) => Some(f),
                _ => None,
            })
    }

    #[test]
    fn inputs_are_told_apart() {
        let golden = "\n;\u{8}\u{1}\u{10}\u{1}";
        assert_eq!(sniff(None, golden), Some(FormatId::Flyteidl));
        assert_eq!(sniff(Some("pb"), "{}"), Some(FormatId::Flyteidl));
        assert_eq!(sniff(Some("json"), golden), None);
        let message = r#"{"algorithmSpecification": {}, "trainingJobConfig": {}}"#;
        assert_eq!(sniff(Some("json"), message), Some(FormatId::FlyteidlJson));
        assert_eq!(
            sniff(None, &format!("[{message}]")),
            Some(FormatId::FlyteidlJson)
        );
        let template = format!(r#"{{"id": {{}}, "type": "t", "custom": {message}}}"#);
        assert_eq!(sniff(None, &template), Some(FormatId::FlyteidlJson));
        // AWS JSON, an ACK manifest in JSON, YAML: not flyteidl.
        assert_eq!(sniff(Some("json"), r#"{"TrainingJobName": "a"}"#), None);
        assert_eq!(
            sniff(
                None,
                r#"{"kind": "TrainingJob", "spec": {"algorithmSpecification": {}}}"#
            ),
            None
        );
        assert_eq!(sniff(Some("yaml"), "interruptible: true"), None);
        assert_eq!(sniff(None, ""), None);
    }

    #[test]
    fn the_first_key_decides_only_what_it_can() {
        assert_eq!(first_key(r#"{ "StartAt": "A"}"#), Some("StartAt"));
        assert_eq!(first_key(r#"[ {"a": 1}]"#), Some("a"));
        // An escape, or no object first: no telling, the text is searched.
        assert_eq!(first_key(r#"{"tr\u0061iningJob": {}}"#), None);
        assert_eq!(first_key(r#"[[{"a": 1}]]"#), None);
        assert_eq!(first_key(r#"{}"#), None);
        // A TaskTemplate's first key is not a field of the message: its
        // `custom` is still looked at, wherever it is.
        let message = r#"{"algorithmSpecification": {}, "trainingJobConfig": {}}"#;
        let template = format!(r#"{{"metadata": {{}}, "type": "t", "custom": {message}}}"#);
        assert_eq!(sniff(None, &template), Some(FormatId::FlyteidlJson));
        // A message written with an escaped first key is still found.
        let escaped = r#"{"\u0061lgorithmSpecification": {}, "trainingJobConfig": {}}"#;
        assert_eq!(sniff(None, escaped), Some(FormatId::FlyteidlJson));
        // A message field first but another key later: not a message.
        let mixed = r#"{"trainingJobConfig": {}, "StartAt": "A"}"#;
        assert_eq!(sniff(None, mixed), None);
        // proto3 JSON names start in lower case: a first key in upper case
        // (AWS JSON, a state machine, a pipeline) rules flyteidl out, even
        // with a `custom` that holds a message further on.
        let upper = format!(r#"{{"Comment": "c", "custom": {message}}}"#);
        assert_eq!(sniff(None, &upper), None);
    }

    #[test]
    fn aws_members_are_found_in_flyteidl_documents() {
        let root = parse_values(
            r#"{"custom": {"training_job_config": {"instance_count": "2"}, "algorithmSpecification": {}}}"#,
        )
        .unwrap()
        .remove(0);
        let path = |names: &[&str]| {
            let mut shape = SCHEMA.root;
            let mut segs = Vec::new();
            for n in names {
                let members = SCHEMA.members(shape);
                let i = members.iter().position(|m| m.name == *n).unwrap();
                segs.push(Seg::Member(shape, u16::try_from(i).unwrap()));
                shape = members[i].shape;
            }
            CanonPath(segs)
        };
        let (p, span) = locate_in(&root, &path(&["ResourceConfig", "InstanceCount"]));
        assert_eq!(p, "custom.training_job_config.instance_count");
        assert_eq!(span.map(|s| (s.line, s.col)), Some((1, 55)));
        let (p, span) = locate_in(&root, &path(&["AlgorithmSpecification", "TrainingImage"]));
        assert_eq!(p, "custom.algorithmSpecification.algorithmName");
        assert_eq!(span.map(|s| (s.col, s.len)), Some((87, 1)));
        let (p, _) = locate_in(&root, &path(&["RoleArn"]));
        assert_eq!(p, "RoleArn");
    }
}
