//! Property: conversions among AWS JSON, tf-k8s and tf-aws are the
//! identity on every member both sides carry. A generated job is cut down
//! to what a Terraform dialect carries (members without a name in its
//! binding, status members; for tf-aws also what a map of tags or a list
//! of blocks cannot hold) and must come back from the HCL text exactly so.

use crate::common::arbitrary;
use crate::common::roundtrip::{read_resource_tree, read_tree, through, through_job};

use proptest::prelude::*;
use tjspec::format::FormatId;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::bindings::tf_aws::TF_AWS;
use tjspec_model::bindings::tf_k8s::TF_K8S;
use tjspec_model::{ResourceId, SCHEMA};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::{Binding, Node, NodeKind, ShapeId};

fn is_structure(id: ShapeId) -> bool {
    matches!(SCHEMA.shape(id).kind, ShapeKind::Structure { .. })
}

/// The tree (AWS names) less the members `binding` cannot carry; for
/// tf-aws also without empty lists of blocks and with tags a map can hold.
fn project(node: &Node, shape: ShapeId, binding: &Binding) -> Node {
    let aws = std::ptr::eq(binding, &TF_AWS);
    let kind = match (&node.kind, &SCHEMA.shape(shape).kind) {
        (NodeKind::Map(entries), ShapeKind::Structure { members }) => NodeKind::Map(
            entries
                .iter()
                .filter_map(|(k, v)| {
                    let i = AWS.member(shape, &k.name).unwrap();
                    binding.name(shape, i)?;
                    let m = &members[usize::from(i)];
                    if aws {
                        if let (NodeKind::Seq(items), ShapeKind::List { member, .. }) =
                            (&v.kind, &SCHEMA.shape(m.shape).kind)
                        {
                            if items.is_empty() && is_structure(*member) && m.name != "Tags" {
                                return None;
                            }
                        }
                    }
                    let mut v = project(v, m.shape, binding);
                    if aws && shape == SCHEMA.root && m.name == "Tags" {
                        v = map_able_tags(v);
                    }
                    Some((k.clone(), v))
                })
                .collect(),
        ),
        (NodeKind::Seq(items), ShapeKind::List { member, .. }) => {
            NodeKind::Seq(items.iter().map(|i| project(i, *member, binding)).collect())
        }
        (k, _) => k.clone(),
    };
    Node {
        kind,
        span: node.span,
    }
}

/// Tags with a key and a value, the first of each key.
fn map_able_tags(tags: Node) -> Node {
    let NodeKind::Seq(items) = tags.kind else {
        return tags;
    };
    let mut seen = Vec::new();
    let items = items
        .into_iter()
        .filter(|t| {
            let (Some(NodeKind::Str(k, _)), Some(_)) =
                (t.get("Key").map(|n| &n.kind), t.get("Value"))
            else {
                return false;
            };
            if seen.contains(k) {
                return false;
            }
            seen.push(k.clone());
            true
        })
        .collect();
    Node {
        kind: NodeKind::Seq(items),
        span: tags.span,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn aws_tf_k8s_tf_aws_agree_on_shared_members(tree in arbitrary::job_tree()) {
        let job = read_tree(&tree);
        let k8s = read_tree(&project(&tree, SCHEMA.root, &TF_K8S));
        let aws = read_tree(&project(&tree, SCHEMA.root, &TF_AWS));
        let both = read_tree(&project(&project(&tree, SCHEMA.root, &TF_K8S), SCHEMA.root, &TF_AWS));

        prop_assert_eq!(&through(FormatId::TfK8s, &job, "t.tf"), &k8s);
        prop_assert_eq!(&through(FormatId::TfAws, &job, "t.tf"), &aws);
        // Between the dialects, and back to where it started.
        prop_assert_eq!(&through(FormatId::TfAws, &through(FormatId::TfK8s, &job, "t.tf"), "t.tf"), &both);
        prop_assert_eq!(&through(FormatId::TfK8s, &through(FormatId::TfAws, &job, "t.tf"), "t.tf"), &both);
        prop_assert_eq!(&through(FormatId::TfK8s, &k8s, "t.tf"), &k8s);
        prop_assert_eq!(&through(FormatId::TfAws, &aws, "t.tf"), &aws);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn tuning_jobs_keep_what_tf_k8s_carries(
        tree in arbitrary::resource_tree(ResourceId::HyperParameterTuningJob)
    ) {
        let resource = ResourceId::HyperParameterTuningJob;
        let job = read_resource_tree(resource, &tree);
        let k8s = read_resource_tree(resource, &project(&tree, resource.shape(), &TF_K8S));
        prop_assert_eq!(&through_job(FormatId::TfK8s, &job, "t.tf"), &k8s);
        prop_assert_eq!(&through_job(FormatId::TfK8s, &k8s, "t.tf"), &k8s);
    }
}
