//! Properties of the sm-operator format (the SageMaker Operators for
//! Kubernetes) over generated jobs:
//! - AWS → sm-operator → AWS keeps every field the operator carries and
//!   drops exactly the fields reported as lost;
//! - sm-operator → AWS → sm-operator is the identity (same manifest text),
//!   and so is sm-operator → ACK → sm-operator for what ACK carries too;
//! - a manifest validates against the generated CRD exactly when the
//!   format's check finds nothing missing;
//! - likewise for tuning jobs (`HyperparameterTuningJob`) against their CRD.

use crate::common::{arbitrary, crd_errors, crd_validator_for, yaml_json};

use std::sync::LazyLock;

use proptest::prelude::*;
use tjspec::format::{Doc, FormatId, Lost, ReadOptions, WriteOptions};
use tjspec::overrides::to_node;
use tjspec::source::Source;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::{TrainingJob, SCHEMA};
use tjspec_runtime::{CanonPath, Code, Node, NodeKind, Read, ReadCx, Seg, Severity};

static VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| crd_validator_for(tjspec_model::sm_operator::CRD));

fn read_aws(tree: &Node) -> TrainingJob {
    let mut cx = ReadCx::new(&AWS, tjspec_runtime::ReadOptions::default(), "");
    let job = TrainingJob::read(tree, &mut cx);
    assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
    job.unwrap()
}

/// Supplies a name (the object's name comes from it), keeping whatever the
/// job has.
fn named(mut job: TrainingJob) -> TrainingJob {
    job.training_job_name.get_or_insert_with(|| "job".into());
    job
}

fn options() -> WriteOptions {
    WriteOptions::new().include_status(true).region("us-west-2")
}

/// Writes `job` in `format` and reads it back; returns the job, the text and
/// the fields reported lost.
fn through(format: FormatId, job: &TrainingJob) -> (TrainingJob, String, Vec<CanonPath>) {
    let doc = Doc::new(job.clone());
    let mut losses = Vec::new();
    let _ = format.format().write(&doc, &options(), &mut losses);
    let lost = losses
        .into_iter()
        .map(|l| match l {
            Lost::Field(c) => c,
            // No envelope to lose, nothing altered.
            other => panic!("only fields are lost here: {other:?}"),
        })
        .collect();
    let text =
        String::from_utf8(tjspec::render(format, std::slice::from_ref(&doc), &options()).unwrap())
            .unwrap();
    let mut docs = format
        .format()
        .read(&Source::new("t", text.clone()), &ReadOptions::default());
    assert_eq!(docs.len(), 1, "{text}");
    let doc = docs.remove(0);
    // A job name no object name comes from gives a manifest without
    // metadata.name: a warning (the pipeline refuses to write it).
    let unexpected: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .filter(|d| !(d.severity == Severity::Warning && d.code == Code::ObjectName))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}\n{text}");
    (crate::common::training_job(doc.job), text, lost)
}

/// Removes the field at `path` (AWS names) from `tree`.
fn remove(tree: &mut Node, path: &[Seg]) {
    let Some((last, parents)) = path.split_last() else {
        return;
    };
    let mut node = tree;
    for seg in parents {
        let next = match (seg, &mut node.kind) {
            (Seg::Member(shape, i), NodeKind::Map(entries)) => {
                let name = SCHEMA.members(*shape)[usize::from(*i)].name;
                entries
                    .iter_mut()
                    .find(|(k, _)| k.name == name)
                    .map(|(_, v)| v)
            }
            (Seg::Key(key), NodeKind::Map(entries)) => entries
                .iter_mut()
                .find(|(k, _)| &k.name == key)
                .map(|(_, v)| v),
            (Seg::Index(i), NodeKind::Seq(items)) => items.get_mut(*i),
            _ => None,
        };
        node = next.expect("a lost field exists in the job");
    }
    match (last, &mut node.kind) {
        (Seg::Member(shape, i), NodeKind::Map(entries)) => {
            let name = SCHEMA.members(*shape)[usize::from(*i)].name;
            entries.retain(|(k, _)| k.name != name);
        }
        other => panic!("a lost field is a member: {other:?}"),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn aws_sm_operator_aws_keeps_what_the_operator_carries(tree in arbitrary::job_tree()) {
        let job = named(read_aws(&tree));
        let (from_operator, manifest, lost) = through(FormatId::SmOperator, &job);

        // Exactly the lost fields are missing.
        let mut expected = to_node(&tjspec::format::aws::AwsJson::write_job(&job.clone().into()));
        for path in &lost {
            remove(&mut expected, &path.0);
        }
        prop_assert_eq!(&from_operator, &read_aws(&expected));

        // Every lost field is one the binding has no name for, or a wrapped
        // member without the one member the operator holds of it.
        for path in &lost {
            let Some(Seg::Member(shape, i)) = path.0.last() else { panic!("{path:?}") };
            let unnamed = tjspec_model::bindings::sm_operator::SM_OPERATOR.name(*shape, *i).is_none();
            let wrapped = tjspec_model::sm_operator::WRAPPED.iter().any(|w| w.0 == *shape && w.1 == *i);
            prop_assert!(unnamed || wrapped, "{:?}", path);
        }

        // What the operator carries, AWS carries back unchanged.
        let (via_aws, _, aws_lost) = through(FormatId::Aws, &from_operator);
        prop_assert!(aws_lost.is_empty());
        prop_assert_eq!(&via_aws, &from_operator);
        let (_, again, _) = through(FormatId::SmOperator, &via_aws);
        prop_assert_eq!(&again, &manifest);

        // Through ACK and back: ACK carries every member the operator
        // does, so the job comes back as it was.
        let (via_ack, _, ack_lost) = through(FormatId::Ack, &from_operator);
        prop_assert!(ack_lost.is_empty(), "{:?}", ack_lost);
        let (back, _, _) = through(FormatId::SmOperator, &via_ack);
        prop_assert_eq!(&back, &from_operator);

        // The manifest is one the API server takes, as far as the CRD says,
        // exactly when the format's check finds nothing missing.
        let doc = Doc::new(from_operator.clone());
        let check: Vec<_> = tjspec::format::sm_operator::check_manifest(&doc, &options())
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        for m in yaml_json(&manifest) {
            let errors = crd_errors(&VALIDATOR, &m);
            prop_assert_eq!(errors.is_empty(), check.is_empty(), "{:?}\n{:?}\n{}", errors, check, manifest);
        }
    }
}

static TUNING_VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| crd_validator_for(tjspec_model::sm_operator::hyper_parameter_tuning_job::CRD));

/// A tuning job read from an AWS tree, named (the object's name comes from it).
fn tuning_job(tree: &Node) -> tjspec_model::Job {
    let resource = tjspec_model::ResourceId::HyperParameterTuningJob;
    let mut cx = ReadCx::new(&AWS, tjspec_runtime::ReadOptions::default(), "");
    let job = resource.read(tree, &mut cx);
    assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
    match job {
        Some(tjspec_model::Job::HyperParameterTuningJob(mut j)) => {
            j.hyper_parameter_tuning_job_name
                .get_or_insert_with(|| "hpo".into());
            j.into()
        }
        other => panic!("expected a tuning job, found {other:?}"),
    }
}

/// Writes `job` in `format` and reads it back: the job, the text, the lost fields.
fn tuning_through(
    format: FormatId,
    job: &tjspec_model::Job,
) -> (tjspec_model::Job, String, Vec<CanonPath>) {
    let doc = Doc::new(job.clone());
    let mut losses = Vec::new();
    let _ = format.format().write(&doc, &options(), &mut losses);
    let lost = losses
        .into_iter()
        .map(|l| match l {
            Lost::Field(c) => c,
            other => panic!("only fields are lost here: {other:?}"),
        })
        .collect();
    let text =
        String::from_utf8(tjspec::render(format, std::slice::from_ref(&doc), &options()).unwrap())
            .unwrap();
    let mut docs = format
        .format()
        .read(&Source::new("t", text.clone()), &ReadOptions::default());
    assert_eq!(docs.len(), 1, "{text}");
    let doc = docs.remove(0);
    let unexpected: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| d.severity != Severity::Note)
        .filter(|d| !(d.severity == Severity::Warning && d.code == Code::ObjectName))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}\n{text}");
    (doc.job.expect("a job"), text, lost)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn tuning_jobs_through_the_operator_keep_what_it_carries(
        tree in arbitrary::shape(tjspec_model::ResourceId::HyperParameterTuningJob.shape())
    ) {
        let job = tuning_job(&tree);
        let (from_operator, manifest, lost) = tuning_through(FormatId::SmOperator, &job);
        prop_assert!(manifest.contains("kind: HyperparameterTuningJob"), "{}", manifest);

        // Every lost field is one the binding has no name for.
        for path in &lost {
            let Some(Seg::Member(shape, i)) = path.0.last() else { panic!("{path:?}") };
            prop_assert!(
                tjspec_model::bindings::sm_operator::SM_OPERATOR.name(*shape, *i).is_none(),
                "{:?}", path
            );
        }

        // What the operator carries, AWS carries back unchanged, and the
        // operator writes the same manifest again.
        let (via_aws, _, aws_lost) = tuning_through(FormatId::Aws, &from_operator);
        prop_assert!(aws_lost.is_empty());
        prop_assert_eq!(&via_aws, &from_operator);
        let (_, again, _) = tuning_through(FormatId::SmOperator, &via_aws);
        prop_assert_eq!(&again, &manifest);

        // The manifest is one the API server takes, as far as the CRD says,
        // exactly when the format's check finds nothing missing.
        let doc = Doc::new(from_operator.clone());
        let check: Vec<_> = tjspec::format::sm_operator::check_manifest(&doc, &options())
            .into_iter()
            .filter(|d| d.is_error())
            .collect();
        for m in yaml_json(&manifest) {
            let errors = crd_errors(&TUNING_VALIDATOR, &m);
            prop_assert_eq!(errors.is_empty(), check.is_empty(), "{:?}\n{:?}\n{}", errors, check, manifest);
        }
    }
}
