//! Property: any canonical job survives AWS JSON (and AWS YAML) write → read
//! unchanged, and writing a job gives back exactly the tree it was read from.

use crate::common::arbitrary;
use crate::common::roundtrip::{read_resource_tree, read_tree, through, through_job};

use proptest::prelude::*;
use tjspec::format::{Doc, FormatId, ReadOptions, WriteOptions};
use tjspec::overrides::to_node;
use tjspec::source::Source;
use tjspec_model::{ResourceId, TrainingJob};
use tjspec_runtime::{Node, NodeKind};

fn strip(n: &Node) -> Node {
    // Compare trees without positions.
    let kind = match &n.kind {
        NodeKind::Seq(items) => NodeKind::Seq(items.iter().map(strip).collect()),
        NodeKind::Map(entries) => NodeKind::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    (
                        tjspec_runtime::Key {
                            name: k.name.clone(),
                            span: Default::default(),
                        },
                        strip(v),
                    )
                })
                .collect(),
        ),
        k => k.clone(),
    };
    Node::synthetic(kind)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn aws_json_and_yaml_round_trip(tree in arbitrary::job_tree()) {
        let job = read_tree(&tree);
        // Writing gives back the tree read (nothing dropped, nothing renamed).
        let any = job.clone().into();
        let out = tjspec::format::aws::AwsJson::write_job(&any);
        prop_assert_eq!(strip(&to_node(&out)), strip(&tree));
        prop_assert_eq!(&through(FormatId::Aws, &job, "t"), &job);
        prop_assert_eq!(&through(FormatId::AwsYaml, &job, "t"), &job);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn tuning_jobs_round_trip_through_aws_json_and_yaml(
        tree in arbitrary::resource_tree(ResourceId::HyperParameterTuningJob)
    ) {
        let job = read_resource_tree(ResourceId::HyperParameterTuningJob, &tree);
        let out = tjspec::format::aws::AwsJson::write_job(&job);
        prop_assert_eq!(strip(&to_node(&out)), strip(&tree));
        // Read back as a tuning job (by its keys), unchanged.
        prop_assert_eq!(&through_job(FormatId::Aws, &job, "t"), &job);
        prop_assert_eq!(&through_job(FormatId::AwsYaml, &job, "t"), &job);
    }
}

#[test]
fn several_jobs_round_trip_as_json_lines() {
    let a = TrainingJob {
        training_job_name: Some("a".into()),
        ..Default::default()
    };
    let b = TrainingJob {
        training_job_name: Some("b".into()),
        ..Default::default()
    };
    let docs: Vec<Doc> = [&a, &b].iter().map(|j| Doc::new((*j).clone())).collect();
    let text =
        String::from_utf8(tjspec::render(FormatId::Aws, &docs, &WriteOptions::default()).unwrap())
            .unwrap();
    assert_eq!(text.lines().count(), 2);
    let docs = FormatId::Aws
        .format()
        .read(&Source::new("t", text), &ReadOptions::default());
    let jobs: Vec<_> = docs
        .into_iter()
        .map(|d| crate::common::training_job(d.job))
        .collect();
    assert_eq!(jobs, vec![a, b]);
}
