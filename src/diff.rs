//! Semantic comparison of two training jobs, whatever their formats.
//!
//! Both jobs are flattened to leaf fields; list elements are matched by
//! their natural key (channel name, rule name, tag key, ...) rather than by
//! position, so reordering is not a change. By default what the service
//! fills in by itself is ignored (see [`normalize`]) along with status;
//! `--exact` and `--status` turn that off.

use std::collections::BTreeMap;

use tjspec_model::bindings::aws::AWS;
use tjspec_model::{OutputCompressionType, RecordWrapper, TrainingJob, SCHEMA};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::path::{push_key, push_name};
use tjspec_runtime::{Binding, Node, NodeKind, ShapeId, Write, WriteCx};

/// What to compare.
#[derive(Clone, Copy, Debug)]
pub struct DiffOptions {
    /// Compare everything, including what the service fills in by itself.
    pub exact: bool,
    /// Compare status members too.
    pub status: bool,
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

/// Drops what the service (or the ACK controller) fills in by itself:
/// `Enable*` flags left false, empty KMS key ids, output compression GZIP,
/// channel record wrapper None, rule volume size 0, and the controller's
/// `services.k8s.aws/*` and AWS's `aws:*` tags.
pub fn normalize(job: &mut TrainingJob) {
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
    if let Some(tags) = &mut job.tags {
        tags.retain(|t| {
            !t.key
                .as_deref()
                .is_some_and(|k| k.starts_with("services.k8s.aws/") || k.starts_with("aws:"))
        });
        if tags.is_empty() {
            job.tags = None;
        }
    }
}

/// Compares two jobs; the paths are spelled with `names`.
pub fn diff(
    a: &TrainingJob,
    b: &TrainingJob,
    names: &Binding,
    options: DiffOptions,
) -> Vec<Change> {
    let (mut a, mut b) = (a.clone(), b.clone());
    if !options.exact {
        normalize(&mut a);
        normalize(&mut b);
        let built_in = uses_built_in_algorithm(&a) || uses_built_in_algorithm(&b);
        let metrics = |j: &TrainingJob| {
            j.algorithm_specification
                .as_ref()
                .and_then(|s| s.metric_definitions.as_ref())
                .is_some()
        };
        if built_in && metrics(&a) != metrics(&b) {
            for j in [&mut a, &mut b] {
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

fn flatten(job: &TrainingJob, names: &Binding, status: bool) -> Flat {
    let out = job.write(&mut WriteCx::new(&AWS, status));
    let node = crate::overrides::to_node(&out);
    let mut flat = Flat::default();
    walk(&node, SCHEMA.root, names, String::new(), &mut flat);
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
        assert!(diff(&a, &b, &AWS, opts).is_empty());
        b.input_data_config.as_mut().unwrap()[1].content_type = Some("application/json".into());
        let d = diff(&a, &b, &AWS, opts);
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
            &a,
            &b,
            &AWS,
            DiffOptions {
                exact: false,
                status: false
            }
        )
        .is_empty());
        assert_eq!(
            diff(
                &a,
                &b,
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
}
