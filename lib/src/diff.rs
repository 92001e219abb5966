//! Semantic comparison of two training jobs, whatever their formats.
//!
//! Both jobs are flattened to leaf fields; list elements are matched by
//! their natural key (channel name, rule name, tag key, ...) rather than by
//! position, so reordering is not a change. By default what the service
//! fills in by itself is ignored (see [`normalize`]) along with status;
//! `--exact` and `--status` turn that off.

use std::collections::BTreeMap;

use tjspec_model::bindings::aws::AWS;
use tjspec_model::{Job, OutputCompressionType, RecordWrapper, Tag, TrainingJob, SCHEMA};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::path::{push_key, push_name};
use tjspec_runtime::{Binding, Node, NodeKind, ShapeId, Write, WriteCx};

/// What to compare (`DiffOptions::new()`: what `tjspec diff` compares by
/// default).
#[derive(Clone, Copy, Debug, Default)]
#[non_exhaustive]
pub struct DiffOptions {
    /// Compare everything, including what the service fills in by itself
    /// and, in [`compare`], the envelope (Kubernetes metadata, a Terraform
    /// block label).
    pub exact: bool,
    /// Compare status members too.
    pub status: bool,
}

/// The differences between two documents, and why some were not counted.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Comparison {
    /// The differences, by path.
    pub changes: Vec<Change>,
    /// Why something that differs was not reported (once each).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// Whether a job is a describe response (DescribeTrainingJob's, ...): it
/// has members only the response has.
pub fn is_describe_response(job: &Job) -> bool {
    let members = SCHEMA.members(job.shape());
    match job.write(&mut WriteCx::new(&AWS, true)) {
        tjspec_runtime::Out::Map(entries) => entries
            .iter()
            .any(|(k, _)| members.iter().any(|m| m.status && m.name == k.as_ref())),
        _ => false,
    }
}

/// A job's `Tags` (every resource has them).
fn tags_mut(job: &mut Job) -> Option<&mut Option<Vec<Tag>>> {
    match job {
        Job::TrainingJob(j) => Some(&mut j.tags),
        Job::HyperParameterTuningJob(j) => Some(&mut j.tags),
        _ => None,
    }
}

/// Why tags were not compared, naming the describe operation.
fn tags_note(resource: tjspec_model::ResourceId) -> String {
    format!(
        "Tags are not compared: {} does not return them (ListTags does)",
        resource.meta().describe
    )
}

/// Compares two documents: their jobs as [`diff`] does, and with `exact`
/// their envelopes too. A Describe response carries no `Tags`: when one
/// side is one and has none, the other side's tags are not a difference
/// (unless `exact`), and a note says so.
pub fn compare(
    a: &crate::format::Doc,
    b: &crate::format::Doc,
    names: &Binding,
    options: DiffOptions,
    ignore: &[Pattern],
) -> Comparison {
    let mut notes = Vec::new();
    let (mut ja, mut jb) = (a.job.clone(), b.job.clone());
    if !options.exact {
        let tagged = |j: &mut Job| tags_mut(j).is_some_and(|t| t.is_some());
        let (ta, tb) = (tagged(&mut ja), tagged(&mut jb));
        let untagged = |j: &Job, tagged: bool| is_describe_response(j) && !tagged;
        if (untagged(&ja, ta) && tb) || (untagged(&jb, tb) && ta) {
            for j in [&mut ja, &mut jb] {
                if let Some(t) = tags_mut(j) {
                    *t = None;
                }
            }
            notes.push(tags_note(ja.resource()));
        }
    }
    let mut changes = diff(&ja, &jb, names, options);
    if options.exact {
        changes.extend(envelope_changes(&a.envelope, &b.envelope));
        changes.sort_by(|x, y| x.path.cmp(&y.path));
    }
    changes.retain(|c| !ignore.iter().any(|p| p.matches(&c.path)));
    Comparison { changes, notes }
}

/// The envelopes' differences: Kubernetes metadata (`metadata.namespace`,
/// `metadata.labels.team`) and the Terraform block label (`(label)`).
fn envelope_changes(a: &crate::format::Envelope, b: &crate::format::Envelope) -> Vec<Change> {
    let mut fa = BTreeMap::new();
    let mut fb = BTreeMap::new();
    for (env, flat) in [(a, &mut fa), (b, &mut fb)] {
        if let Some(meta) = &env.metadata {
            flatten_node(meta, "metadata".to_owned(), flat);
        }
        if let Some(label) = &env.label {
            flat.insert("(label)".to_owned(), serde_json::Value::from(label.clone()));
        }
    }
    let mut out = Vec::new();
    for (path, va) in &fa {
        match fb.get(path) {
            None => out.push(Change {
                op: Op::Removed,
                path: path.clone(),
                old: Some(va.clone()),
                new: None,
            }),
            Some(vb) if vb != va => out.push(Change {
                op: Op::Changed,
                path: path.clone(),
                old: Some(va.clone()),
                new: Some(vb.clone()),
            }),
            Some(_) => {}
        }
    }
    for (path, vb) in &fb {
        if !fa.contains_key(path) {
            out.push(Change {
                op: Op::Added,
                path: path.clone(),
                old: None,
                new: Some(vb.clone()),
            });
        }
    }
    out
}

/// A document tree's leaves by path (map keys as written, list elements by position).
fn flatten_node(node: &Node, path: String, out: &mut BTreeMap<String, serde_json::Value>) {
    match &node.kind {
        NodeKind::Map(entries) if !entries.is_empty() => {
            for (k, v) in entries {
                let mut p = path.clone();
                push_key(&mut p, &k.name);
                flatten_node(v, p, out);
            }
        }
        NodeKind::Seq(items) if !items.is_empty() => {
            for (i, v) in items.iter().enumerate() {
                flatten_node(v, format!("{path}[{i}]"), out);
            }
        }
        NodeKind::Null => {}
        NodeKind::Map(_) => {
            out.insert(path, serde_json::json!({}));
        }
        NodeKind::Seq(_) => {
            out.insert(path, serde_json::json!([]));
        }
        _ => {
            out.insert(path, leaf(node));
        }
    }
}

/// A path pattern for `--ignore`: a path as `diff` prints it, where `*`
/// (or `[*]`) stands for any one member, map key or list element. A
/// pattern also covers everything below what it matches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pattern(Vec<String>);

/// A `--ignore` pattern that cannot be parsed.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PatternError {
    /// A bracket or quote left open (or an empty segment).
    #[error("`{0}`: unclosed `[` or `\"`")]
    Malformed(String),
    /// Nothing at all.
    #[error("empty path")]
    Empty,
}

impl Pattern {
    /// Parses a pattern (`HyperParameters.*`, `InputDataConfig[*].ContentType`).
    pub fn parse(text: &str) -> Result<Pattern, PatternError> {
        let segments = segments(text).ok_or_else(|| PatternError::Malformed(text.to_owned()))?;
        if segments.is_empty() {
            return Err(PatternError::Empty);
        }
        Ok(Pattern(segments))
    }

    /// Whether the path `path` (as `diff` prints it) is, or lies below, a match.
    pub fn matches(&self, path: &str) -> bool {
        let Some(segs) = segments(path) else {
            return false;
        };
        segs.len() >= self.0.len()
            && self
                .0
                .iter()
                .zip(&segs)
                .all(|(p, s)| p == "*" || p == "[*]" || p == s)
    }
}

/// A printed path's segments: names (`HyperParameters`) and brackets
/// with what they hold (`["train"]`, `[0]`); `None` when malformed.
fn segments(path: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = path;
    while !rest.is_empty() {
        if rest.starts_with('[') {
            let bytes = rest.as_bytes();
            let mut i = 1;
            let mut quoted = false;
            while i < bytes.len() {
                match bytes[i] {
                    b'\\' if quoted => i += 1,
                    b'"' => quoted = !quoted,
                    b']' if !quoted => break,
                    _ => {}
                }
                i += 1;
            }
            if i >= bytes.len() {
                return None;
            }
            // A repeated name's occurrence (`["k"]#2`) belongs to its bracket.
            let mut end = i + 1;
            if rest[end..].starts_with('#') {
                end += rest[end..].find(['.', '[']).unwrap_or(rest.len() - end);
            }
            out.push(rest[..end].to_owned());
            rest = &rest[end..];
        } else {
            let r = rest.strip_prefix('.').unwrap_or(rest);
            let end = r.find(['.', '[']).unwrap_or(r.len());
            if end == 0 {
                return None;
            }
            out.push(r[..end].to_owned());
            rest = &r[end..];
        }
    }
    Some(out)
}

/// How a field differs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// Only the second job has it.
    Added,
    /// Only the first job has it.
    Removed,
    /// Both have it, with different values.
    Changed,
}

/// One difference.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[non_exhaustive]
pub struct Change {
    /// How it differs.
    pub op: Op,
    /// The field, spelled in the chosen format's names.
    pub path: String,
    /// The first job's value (JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old: Option<serde_json::Value>,
    /// The second job's value (JSON).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new: Option<serde_json::Value>,
}

/// Repositories of SageMaker's built-in algorithm images: the service adds
/// metric definitions of its own to jobs that use them.
const BUILT_IN_ALGORITHMS: &[&str] = &[
    "sagemaker-xgboost",
    "xgboost",
    "linear-learner",
    "kmeans",
    "pca",
    "factorization-machines",
    "ntm",
    "lda",
    "blazingtext",
    "object2vec",
    "image-classification",
    "object-detection",
    "semantic-segmentation",
    "seq2seq",
    "forecasting-deepar",
    "randomcutforest",
    "ipinsights",
    "knn",
];

fn uses_built_in_algorithm(job: &TrainingJob) -> bool {
    let Some(spec) = &job.algorithm_specification else {
        return false;
    };
    spec.algorithm_name.is_some()
        || spec.training_image.as_deref().is_some_and(|image| {
            let repo = image
                .rsplit('/')
                .next()
                .unwrap_or("")
                .split([':', '@'])
                .next()
                .unwrap_or("");
            BUILT_IN_ALGORITHMS.contains(&repo)
        })
}

/// Drops what the service (or the ACK controller) fills in by itself: for
/// every resource the controller's `services.k8s.aws/*` and AWS's `aws:*`
/// tags; for a training job also `Enable*` flags left false, empty KMS key
/// ids, output compression GZIP, channel record wrapper None and rule
/// volume size 0.
pub fn normalize(job: &mut Job) {
    if let Job::TrainingJob(j) = job {
        normalize_training_job(j);
    }
    if let Some(tags) = tags_mut(job) {
        normalize_tags(tags);
    }
}

/// The controller's and AWS's own tags left out; none left is none.
fn normalize_tags(tags: &mut Option<Vec<Tag>>) {
    if let Some(list) = tags {
        list.retain(|t| {
            !t.key
                .as_deref()
                .is_some_and(|k| k.starts_with("services.k8s.aws/") || k.starts_with("aws:"))
        });
        if list.is_empty() {
            *tags = None;
        }
    }
}

fn normalize_training_job(job: &mut TrainingJob) {
    for flag in [
        &mut job.enable_network_isolation,
        &mut job.enable_inter_container_traffic_encryption,
        &mut job.enable_managed_spot_training,
    ] {
        if *flag == Some(false) {
            *flag = None;
        }
    }
    if let Some(spec) = &mut job.algorithm_specification {
        if spec.enable_sage_maker_metrics_time_series == Some(false) {
            spec.enable_sage_maker_metrics_time_series = None;
        }
    }
    if let Some(out) = &mut job.output_data_config {
        if out.kms_key_id.as_deref() == Some("") {
            out.kms_key_id = None;
        }
        if out.compression_type == Some(OutputCompressionType::GZIP) {
            out.compression_type = None;
        }
    }
    if let Some(rc) = &mut job.resource_config {
        if rc.volume_kms_key_id.as_deref() == Some("") {
            rc.volume_kms_key_id = None;
        }
    }
    for ch in job.input_data_config.iter_mut().flatten() {
        if ch.record_wrapper_type == Some(RecordWrapper::None) {
            ch.record_wrapper_type = None;
        }
    }
    for r in job.debug_rule_configurations.iter_mut().flatten() {
        if r.volume_size_in_gb == Some(0) {
            r.volume_size_in_gb = None;
        }
    }
    for r in job.profiler_rule_configurations.iter_mut().flatten() {
        if r.volume_size_in_gb == Some(0) {
            r.volume_size_in_gb = None;
        }
    }
}

/// Compares two jobs; the paths are spelled with `names`. Jobs of two
/// resources differ as a whole: one change, at the empty path, names both.
pub fn diff(a: &Job, b: &Job, names: &Binding, options: DiffOptions) -> Vec<Change> {
    if a.resource() != b.resource() {
        return vec![Change {
            op: Op::Changed,
            path: String::new(),
            old: Some(serde_json::Value::String(a.resource().name().to_owned())),
            new: Some(serde_json::Value::String(b.resource().name().to_owned())),
        }];
    }
    let (mut a, mut b) = (a.clone(), b.clone());
    if !options.exact {
        normalize(&mut a);
        normalize(&mut b);
    }
    if let (false, Job::TrainingJob(a), Job::TrainingJob(b)) = (options.exact, &mut a, &mut b) {
        let built_in = uses_built_in_algorithm(a) || uses_built_in_algorithm(b);
        let metrics = |j: &TrainingJob| {
            j.algorithm_specification
                .as_ref()
                .and_then(|s| s.metric_definitions.as_ref())
                .is_some()
        };
        if built_in && metrics(a) != metrics(b) {
            for j in [a, b] {
                if let Some(s) = &mut j.algorithm_specification {
                    s.metric_definitions = None;
                }
            }
        }
    }
    let flat_a = flatten(&a, names, options.status);
    let flat_b = flatten(&b, names, options.status);
    let mut changes = Vec::new();
    // Whole list elements only one side has.
    let only = |x: &Flat, y: &Flat| -> Vec<String> {
        let mut v: Vec<String> = x
            .elements
            .keys()
            .filter(|k| !y.elements.contains_key(*k))
            .cloned()
            .collect();
        // Keep the outermost element of nested ones.
        v.sort();
        v.dedup_by(|later, earlier| later.starts_with(earlier.as_str()));
        v
    };
    let removed = only(&flat_a, &flat_b);
    let added = only(&flat_b, &flat_a);
    for e in &removed {
        changes.push(Change {
            op: Op::Removed,
            path: e.clone(),
            old: flat_a.elements.get(e).cloned(),
            new: None,
        });
    }
    for e in &added {
        changes.push(Change {
            op: Op::Added,
            path: e.clone(),
            old: None,
            new: flat_b.elements.get(e).cloned(),
        });
    }
    let inside = |p: &str, set: &[String]| set.iter().any(|e| p.starts_with(e.as_str()));
    for (path, va) in &flat_a.leaves {
        match flat_b.leaves.get(path) {
            None if inside(&path.text, &removed) => {}
            None => changes.push(Change {
                op: Op::Removed,
                path: path.text.clone(),
                old: Some(va.clone()),
                new: None,
            }),
            Some(vb) if vb != va => changes.push(Change {
                op: Op::Changed,
                path: path.text.clone(),
                old: Some(va.clone()),
                new: Some(vb.clone()),
            }),
            Some(_) => {}
        }
    }
    for (path, vb) in &flat_b.leaves {
        if !flat_a.leaves.contains_key(path) && !inside(&path.text, &added) {
            changes.push(Change {
                op: Op::Added,
                path: path.text.clone(),
                old: None,
                new: Some(vb.clone()),
            });
        }
    }
    changes.sort_by_key(|c| c.path.clone());
    changes
}

/// A flattened path: ordered by text so output is stable.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
struct FlatPath {
    text: String,
}

/// Leaf fields, and list elements with their whole value (so an element
/// only one side has is one change, not one per field).
#[derive(Default)]
struct Flat {
    leaves: BTreeMap<FlatPath, serde_json::Value>,
    elements: BTreeMap<String, serde_json::Value>,
}

fn flatten(job: &Job, names: &Binding, status: bool) -> Flat {
    let out = job.write(&mut WriteCx::new(&AWS, status));
    let node = crate::overrides::to_node(&out);
    let mut flat = Flat::default();
    walk(&node, job.shape(), names, String::new(), &mut flat);
    flat
}

/// A whole value as JSON, its members spelled with `names` (map keys are
/// user data and stay as written).
fn to_json(node: &Node, shape: ShapeId, names: &Binding) -> serde_json::Value {
    match (&SCHEMA.shape(shape).kind, &node.kind) {
        (ShapeKind::Structure { members }, NodeKind::Map(entries)) => entries
            .iter()
            .map(|(k, v)| match AWS.member(shape, &k.name) {
                Some(i) => {
                    let member = &members[usize::from(i)];
                    let name = names.name(shape, i).unwrap_or(member.name);
                    (name.to_owned(), to_json(v, member.shape, names))
                }
                None => (k.name.clone(), leaf(v)),
            })
            .collect::<serde_json::Map<_, _>>()
            .into(),
        (ShapeKind::List { member, .. }, NodeKind::Seq(items)) => {
            items.iter().map(|v| to_json(v, *member, names)).collect()
        }
        (ShapeKind::Map { value, .. }, NodeKind::Map(entries)) => entries
            .iter()
            .map(|(k, v)| (k.name.clone(), to_json(v, *value, names)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
        _ => leaf(node),
    }
}

/// The member that identifies an element of a list of structures.
pub(crate) fn element_key(shape: ShapeId) -> Option<u16> {
    let members = SCHEMA.members(shape);
    [
        "ChannelName",
        "RuleConfigurationName",
        "InstanceGroupName",
        "CollectionName",
        "Key",
        "Name",
        "MetricName",
    ]
    .iter()
    .find_map(|k| members.iter().position(|m| m.name == *k))
    .map(|i| i as u16)
}

fn leaf(node: &Node) -> serde_json::Value {
    match &node.kind {
        NodeKind::Null => serde_json::Value::Null,
        NodeKind::Bool(b) => (*b).into(),
        NodeKind::Int(i) => i64::try_from(*i).map_or_else(|_| i.to_string().into(), Into::into),
        NodeKind::Float(f) => serde_json::Number::from_f64(*f)
            .map_or(serde_json::Value::Null, serde_json::Value::Number),
        NodeKind::Str(s, _) | NodeKind::Expr(s) => s.clone().into(),
        NodeKind::Seq(_) | NodeKind::Map(_) => serde_json::Value::Null,
    }
}

fn walk(node: &Node, shape: ShapeId, names: &Binding, path: String, out: &mut Flat) {
    match (&SCHEMA.shape(shape).kind, &node.kind) {
        (ShapeKind::Structure { members }, NodeKind::Map(entries)) => {
            for (k, v) in entries {
                let Some(i) = AWS.member(shape, &k.name) else {
                    continue;
                };
                let name = names.name(shape, i).unwrap_or(members[usize::from(i)].name);
                let mut p = path.clone();
                push_name(&mut p, name);
                walk(v, members[usize::from(i)].shape, names, p, out);
            }
        }
        (ShapeKind::List { member, .. }, NodeKind::Seq(items)) => {
            let key = element_key(*member);
            // A repeated name (two tags `k`) gets its occurrence number, so
            // neither element hides the other.
            let mut seen: std::collections::HashMap<String, usize> = Default::default();
            for (i, item) in items.iter().enumerate() {
                let label = key
                    .and_then(|k| item.get(SCHEMA.members(*member)[usize::from(k)].name))
                    .and_then(|n| match &n.kind {
                        NodeKind::Str(s, _) => Some(serde_json::to_string(s).unwrap_or_default()),
                        _ => None,
                    })
                    .unwrap_or_else(|| i.to_string());
                let n = seen.entry(label.clone()).or_default();
                *n += 1;
                let label = if *n > 1 {
                    format!("{label}#{n}")
                } else {
                    label
                };
                let element = format!("{path}[{label}]");
                out.elements
                    .insert(element.clone(), to_json(item, *member, names));
                walk(item, *member, names, element, out);
            }
            if items.is_empty() {
                out.leaves
                    .insert(FlatPath { text: path }, serde_json::json!([]));
            }
        }
        (ShapeKind::Map { value, .. }, NodeKind::Map(entries)) => {
            for (k, v) in entries {
                let mut p = path.clone();
                push_key(&mut p, &k.name);
                walk(v, *value, names, p, out);
            }
            if entries.is_empty() {
                out.leaves
                    .insert(FlatPath { text: path }, serde_json::json!({}));
            }
        }
        _ => {
            out.leaves.insert(FlatPath { text: path }, leaf(node));
        }
    }
}

/// Prints changes for people: `~ path: old → new`, `+ path: new`, `- path: old`.
pub fn render_human(changes: &[Change]) -> String {
    let mut s = String::new();
    for c in changes {
        let line = match c.op {
            Op::Changed => format!(
                "~ {}: {} → {}\n",
                c.path,
                c.old.as_ref().map(ToString::to_string).unwrap_or_default(),
                c.new.as_ref().map(ToString::to_string).unwrap_or_default()
            ),
            Op::Added => format!(
                "+ {}: {}\n",
                c.path,
                c.new.as_ref().map(ToString::to_string).unwrap_or_default()
            ),
            Op::Removed => format!(
                "- {}: {}\n",
                c.path,
                c.old.as_ref().map(ToString::to_string).unwrap_or_default()
            ),
        };
        s.push_str(&line);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use tjspec_model::{Channel, OutputDataConfig, Tag};

    fn job() -> TrainingJob {
        TrainingJob {
            training_job_name: Some("j".into()),
            input_data_config: Some(vec![
                Channel {
                    channel_name: Some("train".into()),
                    content_type: Some("text/csv".into()),
                    ..Default::default()
                },
                Channel {
                    channel_name: Some("validation".into()),
                    ..Default::default()
                },
            ]),
            ..Default::default()
        }
    }

    #[test]
    fn reordering_a_keyed_list_is_not_a_change() {
        let a = job();
        let mut b = job();
        b.input_data_config.as_mut().unwrap().reverse();
        let opts = DiffOptions {
            exact: true,
            status: false,
        };
        assert!(diff(&a.clone().into(), &b.clone().into(), &AWS, opts).is_empty());
        b.input_data_config.as_mut().unwrap()[1].content_type = Some("application/json".into());
        let d = diff(&a.clone().into(), &b.clone().into(), &AWS, opts);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].path, "InputDataConfig[\"train\"].ContentType");
        assert_eq!(d[0].op, Op::Changed);
    }

    #[test]
    fn service_defaults_are_ignored_unless_exact() {
        let a = job();
        let mut b = job();
        b.enable_network_isolation = Some(false);
        b.output_data_config = Some(OutputDataConfig {
            compression_type: Some(OutputCompressionType::GZIP),
            kms_key_id: Some(String::new()),
            ..Default::default()
        });
        b.tags = Some(vec![Tag {
            key: Some("services.k8s.aws/controller-version".into()),
            value: Some("1.2".into()),
        }]);
        assert!(diff(
            &a.clone().into(),
            &b.clone().into(),
            &AWS,
            DiffOptions {
                exact: false,
                status: false
            }
        )
        .is_empty());
        assert_eq!(
            diff(
                &a.clone().into(),
                &b.clone().into(),
                &AWS,
                DiffOptions {
                    exact: true,
                    status: false
                }
            )
            .len(),
            4
        );
    }

    #[test]
    fn ignore_patterns_match_segments_and_what_lies_below() {
        let p = Pattern::parse("InputDataConfig[*].ContentType").unwrap();
        assert!(p.matches("InputDataConfig[\"train\"].ContentType"));
        assert!(p.matches("InputDataConfig[0].ContentType"));
        assert!(!p.matches("InputDataConfig[\"train\"].ChannelName"));
        assert!(!p.matches("InputDataConfig[\"train\"]"));
        let p = Pattern::parse("HyperParameters.*").unwrap();
        assert!(p.matches("HyperParameters.eta"));
        assert!(p.matches("HyperParameters[\"a.b]\"]"));
        assert!(!p.matches("HyperParameters"));
        let p = Pattern::parse("Tags[\"k\"]").unwrap();
        assert!(p.matches("Tags[\"k\"].Value"));
        assert!(!p.matches("Tags[\"k\"]#2"));
        assert!(Pattern::parse("Tags[\"k").is_err());
    }
}
