//! Properties of the Datadog rows against the AWS form:
//!
//! - Datadog ↔ AWS (DescribeTrainingJob with status) is the identity on
//!   every member both carry: all DescribeTrainingJob members and the tags;
//! - what Datadog cannot carry (CreateTrainingJob-only members) is named in
//!   the losses, and so is every tag key the `key:value` form changes;
//! - tags follow the documented rule (split at the first `:`);
//! - JSON Lines inventories of any number of rows read back row for row.

use crate::common::arbitrary;
use crate::common::roundtrip::read_resource_tree;

use proptest::prelude::*;
use tjspec::format::{Doc, FormatId, Lost, ReadOptions, WriteOptions};
use tjspec::source::Source;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::bindings::datadog::DATADOG;
use tjspec_model::{Job, ResourceId, TrainingJob, SCHEMA};
use tjspec_runtime::{CanonPath, Key, Node, NodeKind, Read, ReadCx, Seg, StrStyle};

/// The documented tag rule, written out independently of the
/// implementation: Datadog writes `key:value`; a tag string splits at its
/// first `:`, and one without `:` is a key with an empty value.
fn rule_split(tag: &str) -> (&str, &str) {
    match tag.find(':') {
        Some(i) => (&tag[..i], &tag[i + 1..]),
        None => (tag, ""),
    }
}

fn read_aws_tree(tree: &Node) -> TrainingJob {
    let mut cx = ReadCx::new(&AWS, tjspec_runtime::ReadOptions::default(), "");
    let job = TrainingJob::read(tree, &mut cx);
    assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
    job.unwrap()
}

fn str_node(s: &str) -> Node {
    Node::synthetic(NodeKind::Str(s.to_owned(), StrStyle::Quoted))
}

fn text(n: Option<&Node>) -> &str {
    match n.map(|n| &n.kind) {
        Some(NodeKind::Str(s, _)) => s,
        _ => "",
    }
}

/// The AWS tree of what a Datadog row can hold: create-only members
/// removed (returned by index), tags as the `key:value` rule reads them
/// back, and the number of tag keys containing `:`.
fn datadog_view(tree: &Node) -> (Node, Vec<u16>, usize) {
    datadog_view_of(tree, SCHEMA.root)
}

/// [`datadog_view`] of a job whose root structure is `root`.
fn datadog_view_of(tree: &Node, root: tjspec_runtime::ShapeId) -> (Node, Vec<u16>, usize) {
    let NodeKind::Map(entries) = &tree.kind else {
        unreachable!()
    };
    let mut dropped = Vec::new();
    let mut altered = 0;
    let mut kept = Vec::new();
    for (k, v) in entries {
        let index = AWS.member(root, &k.name).expect("AWS names");
        if DATADOG.name(root, index).is_none() {
            dropped.push(index);
            continue;
        }
        let v = if k.name == "Tags" {
            let NodeKind::Seq(tags) = &v.kind else {
                unreachable!()
            };
            let tags = tags
                .iter()
                .map(|t| {
                    let (key, value) = (text(t.get("Key")), text(t.get("Value")));
                    altered += usize::from(key.contains(':'));
                    let joined = format!("{key}:{value}");
                    let (key, value) = rule_split(&joined);
                    Node::synthetic(NodeKind::Map(vec![
                        (key_node("Key"), str_node(key)),
                        (key_node("Value"), str_node(value)),
                    ]))
                })
                .collect();
            Node::synthetic(NodeKind::Seq(tags))
        } else {
            v.clone()
        };
        kept.push((k.clone(), v));
    }
    (Node::synthetic(NodeKind::Map(kept)), dropped, altered)
}

fn key_node(name: &str) -> Key {
    Key {
        name: name.to_owned(),
        span: Default::default(),
    }
}

fn render(format: FormatId, jobs: &[TrainingJob]) -> String {
    let jobs: Vec<Job> = jobs.iter().map(|j| j.clone().into()).collect();
    render_jobs(format, &jobs)
}

fn render_jobs(format: FormatId, jobs: &[Job]) -> String {
    let docs: Vec<Doc> = jobs.iter().map(|j| Doc::new(j.clone())).collect();
    let options = WriteOptions::new().include_status(true);
    String::from_utf8(tjspec::render(format, &docs, &options).unwrap()).unwrap()
}

fn read(format: FormatId, text: &str) -> Vec<TrainingJob> {
    read_jobs(format, text)
        .into_iter()
        .map(|j| crate::common::training_job(Some(j)))
        .collect()
}

fn read_jobs(format: FormatId, text: &str) -> Vec<Job> {
    format
        .format()
        .read(&Source::new("t", text.to_owned()), &ReadOptions::default())
        .into_iter()
        .map(|d| {
            assert!(d.diagnostics.is_empty(), "{:?}\n{text}", d.diagnostics);
            d.job.expect("a job")
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn datadog_and_aws_agree_on_shared_members(tree in arbitrary::job_tree()) {
        let job = read_aws_tree(&tree);
        let (view, dropped, altered) = datadog_view(&tree);
        let expected = read_aws_tree(&view);

        // AWS → Datadog: everything shared arrives; the rest is named.
        let mut losses = Vec::new();
        let doc = Doc::new(job.clone());
        let options = WriteOptions::new().include_status(true);
        let _ = FormatId::Datadog.format().write(&doc, &options, &mut losses);
        let lost: Vec<u16> = losses.iter().filter_map(|l| match l {
            Lost::Field(CanonPath(segs)) => match segs.as_slice() {
                [Seg::Member(s, i)] if *s == SCHEMA.root => Some(*i),
                other => panic!("unexpected loss {other:?}"),
            },
            _ => None,
        }).collect();
        prop_assert_eq!(&lost, &dropped);
        let altered_reported = losses.iter().filter(|l| matches!(l, Lost::Altered { .. })).count();
        prop_assert_eq!(altered_reported, altered);

        let row = render(FormatId::Datadog, std::slice::from_ref(&job));
        let from_row = read(FormatId::Datadog, &row);
        prop_assert_eq!(&from_row, &vec![expected.clone()]);

        // Datadog → AWS → Datadog: the identity, text for text.
        let aws = render(FormatId::Aws, &from_row);
        let back = read(FormatId::Aws, &aws);
        prop_assert_eq!(&back, &from_row);
        prop_assert_eq!(render(FormatId::Datadog, &back), row);
    }

    #[test]
    fn json_lines_inventories_read_back_row_for_row(
        trees in proptest::collection::vec(arbitrary::job_tree(), 2..5)
    ) {
        let jobs: Vec<TrainingJob> = trees
            .iter()
            .map(|t| read_aws_tree(&datadog_view(t).0))
            .collect();
        let lines = render(FormatId::Datadog, &jobs);
        prop_assert_eq!(lines.lines().count(), jobs.len());
        prop_assert_eq!(read(FormatId::Datadog, &lines), jobs.clone());
        // The same rows as a JSON array.
        let array = format!("[{}]", lines.trim_end().replace('\n', ","));
        prop_assert_eq!(read(FormatId::Datadog, &array), jobs);
    }

    #[test]
    fn any_tag_string_reads_by_the_rule(tags in proptest::collection::vec(prop_oneof!["[ab:]{0,8}", ".{0,12}"], 0..6)) {
        let row = serde_json::json!({ "training_job_name": "t", "tags": tags });
        let jobs = read(FormatId::Datadog, &row.to_string());
        let read_tags = jobs[0].tags.clone().unwrap();
        prop_assert_eq!(read_tags.len(), tags.len());
        for (t, s) in read_tags.iter().zip(&tags) {
            let (k, v) = rule_split(s);
            prop_assert_eq!(t.key.as_deref(), Some(k));
            prop_assert_eq!(t.value.as_deref(), Some(v));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn tuning_job_rows_and_aws_agree_on_shared_members(
        tree in arbitrary::resource_tree(ResourceId::HyperParameterTuningJob)
    ) {
        let resource = ResourceId::HyperParameterTuningJob;
        let root = resource.shape();
        let job = read_resource_tree(resource, &tree);
        let (view, dropped, altered) = datadog_view_of(&tree, root);
        let expected = read_resource_tree(resource, &view);

        // AWS → Datadog: everything shared arrives; the rest is named.
        let mut losses = Vec::new();
        let doc = Doc::new(job.clone());
        let options = WriteOptions::new().include_status(true);
        let _ = FormatId::Datadog.format().write(&doc, &options, &mut losses);
        let lost: Vec<u16> = losses.iter().filter_map(|l| match l {
            Lost::Field(CanonPath(segs)) => match segs.as_slice() {
                [Seg::Member(s, i)] if *s == root => Some(*i),
                other => panic!("unexpected loss {other:?}"),
            },
            _ => None,
        }).collect();
        prop_assert_eq!(&lost, &dropped);
        let altered_reported = losses.iter().filter(|l| matches!(l, Lost::Altered { .. })).count();
        prop_assert_eq!(altered_reported, altered);

        // Read back as a tuning job (by its members).
        let row = render_jobs(FormatId::Datadog, std::slice::from_ref(&job));
        let from_row = read_jobs(FormatId::Datadog, &row);
        prop_assert_eq!(&from_row, &vec![expected]);

        // Datadog → AWS → Datadog: the identity, text for text.
        let aws = render_jobs(FormatId::Aws, &from_row);
        let back = read_jobs(FormatId::Aws, &aws);
        prop_assert_eq!(&back, &from_row);
        prop_assert_eq!(render_jobs(FormatId::Datadog, &back), row);
    }
}

#[test]
fn tag_rule_examples() {
    let row = r#"{"training_job_name":"t","tags":["a:b","a:b:c","a:","a",":b",""]}"#;
    let tags = read(FormatId::Datadog, row).remove(0).tags.unwrap();
    let pairs: Vec<(&str, &str)> = tags
        .iter()
        .map(|t| (t.key.as_deref().unwrap(), t.value.as_deref().unwrap()))
        .collect();
    assert_eq!(
        pairs,
        [
            ("a", "b"),
            ("a", "b:c"),
            ("a", ""),
            ("a", ""),
            ("", "b"),
            ("", "")
        ]
    );
    let written = render(
        FormatId::Datadog,
        &[TrainingJob {
            tags: Some(tags),
            ..Default::default()
        }],
    );
    let v: serde_json::Value = serde_json::from_str(&written).unwrap();
    assert_eq!(
        v["tags"],
        serde_json::json!(["a:b", "a:b:c", "a:", "a:", ":b", ":"])
    );
}

#[test]
fn account_id_follows_the_arn() {
    let job = TrainingJob {
        training_job_name: Some("a".into()),
        training_job_arn: Some("arn:aws:sagemaker:us-east-1:123456789012:training-job/a".into()),
        ..Default::default()
    };
    let row = render(FormatId::Datadog, std::slice::from_ref(&job));
    let v: serde_json::Value = serde_json::from_str(&row).unwrap();
    assert_eq!(v["account_id"], "123456789012");
    assert_eq!(read(FormatId::Datadog, &row), vec![job]);
}
