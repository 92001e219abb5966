//! The Terraform name tables, whole: every attribute path of the metio/k8s
//! manifest (`tf_k8s`) beside the ACK CRD path it comes from and the API
//! path, and every argument path of `aws_sagemaker_training_job` (`tf_aws`)
//! beside the API path. The conformance checker maps a second HCL parser's
//! tree to API names with these tables. A renamed, added or dropped member shows up as a snapshot change.

use tjspec_model::bindings::ack::ACK;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::bindings::tf_aws::TF_AWS;
use tjspec_model::bindings::tf_k8s::TF_K8S;
use tjspec_model::SCHEMA;
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::{Binding, ShapeId};

/// What a member holds, as the provider docs say it.
fn kind(id: ShapeId) -> String {
    match &SCHEMA.shape(id).kind {
        ShapeKind::Structure { .. } => "object".into(),
        ShapeKind::List { member, .. } => match SCHEMA.shape(*member).kind {
            ShapeKind::Structure { .. } => "list of objects".into(),
            _ => format!("list of {}", kind(*member)),
        },
        ShapeKind::Map { value, .. } => format!("map of {}", kind(*value)),
        ShapeKind::Enum { .. } | ShapeKind::String { .. } => "string".into(),
        ShapeKind::Integer { .. } | ShapeKind::Long { .. } => "integer".into(),
        ShapeKind::Float | ShapeKind::Double => "number".into(),
        ShapeKind::Boolean => "bool".into(),
        ShapeKind::Timestamp => "timestamp".into(),
    }
}

/// The structure a member leads into (through lists), if any.
fn inner(id: ShapeId) -> Option<ShapeId> {
    match &SCHEMA.shape(id).kind {
        ShapeKind::Structure { .. } => Some(id),
        ShapeKind::List { member, .. } => inner(*member),
        _ => None,
    }
}

/// One line per member: the path in `binding`, in each of `others`, the
/// kind of value.
fn walk(
    binding: &Binding,
    others: &[&Binding],
    shape: ShapeId,
    prefixes: &[String],
    out: &mut Vec<String>,
) {
    for (i, m) in SCHEMA.members(shape).iter().enumerate() {
        let i = i as u16;
        let Some(name) = binding.name(shape, i) else {
            continue;
        };
        let mut paths = vec![format!("{}{name}", prefixes[0])];
        for (b, p) in others.iter().zip(&prefixes[1..]) {
            paths.push(format!("{p}{}", b.name(shape, i).unwrap_or(m.name)));
        }
        out.push(format!("{}\t{}", paths.join("\t"), kind(m.shape)));
        if let Some(s) = inner(m.shape) {
            let prefixes: Vec<String> = paths.iter().map(|p| format!("{p}.")).collect();
            walk(binding, others, s, &prefixes, out);
        }
    }
}

#[test]
fn tf_k8s_names_beside_the_crd_paths() {
    let mut lines = Vec::new();
    walk(
        &TF_K8S,
        &[&ACK, &AWS],
        SCHEMA.root,
        &["spec.".into(), String::new(), String::new()],
        &mut lines,
    );
    lines.sort();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn tf_aws_names_beside_the_api_paths() {
    let mut lines = Vec::new();
    walk(
        &TF_AWS,
        &[&AWS],
        SCHEMA.root,
        &[String::new(), String::new()],
        &mut lines,
    );
    lines.sort();
    insta::assert_snapshot!(lines.join("\n"));
}

#[test]
fn tf_k8s_carries_what_ack_carries_in_spec() {
    // Every ACK spec member has a tf-k8s name and the reverse, for every
    // resource's root.
    for (id, shape) in SCHEMA.shapes.iter().enumerate() {
        let id = id as ShapeId;
        let root = SCHEMA.resource_at(id).is_some();
        for i in 0..SCHEMA.members(id).len() as u16 {
            let ack = ACK.name(id, i).filter(|n| !root || n.starts_with("spec."));
            assert_eq!(
                ack.is_some(),
                TF_K8S.name(id, i).is_some(),
                "{}.{}",
                shape.name,
                SCHEMA.members(id)[usize::from(i)].name
            );
        }
    }
}
