//! Properties of the ACK format over generated jobs:
//! - AWS → ACK → AWS keeps every field ACK carries and drops exactly the
//!   fields reported as lost;
//! - ACK → AWS → ACK is the identity (same manifest text);
//! - every manifest written validates against the generated CRD.

use crate::common::roundtrip::read_resource_tree;
use crate::common::{arbitrary, crd_errors, crd_validator, crd_validator_for, yaml_json};

use std::sync::LazyLock;

use proptest::prelude::*;
use tjspec::format::{Doc, FormatId, Lost, ReadOptions, WriteOptions};
use tjspec::overrides::to_node;
use tjspec::source::Source;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::{HyperParameterTuningJob, Job, ResourceId, TrainingJob, SCHEMA};
use tjspec_runtime::{CanonPath, Code, Node, NodeKind, Read, ReadCx, Seg, Severity};

static VALIDATOR: LazyLock<jsonschema::Validator> = LazyLock::new(crd_validator);
static TUNING_VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| crd_validator_for(tjspec_model::ack::hyper_parameter_tuning_job::CRD));

fn read_aws(tree: &Node) -> TrainingJob {
    let mut cx = ReadCx::new(&AWS, tjspec_runtime::ReadOptions::default(), "");
    let job = TrainingJob::read(tree, &mut cx);
    assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
    job.unwrap()
}

/// Supplies the members the CRD requires (the pipeline refuses to write a
/// manifest without them), keeping whatever the job has.
fn complete(mut job: TrainingJob) -> TrainingJob {
    job.training_job_name.get_or_insert_with(|| "job".into());
    job.role_arn
        .get_or_insert_with(|| "arn:aws:iam::111122223333:role/r".into());
    job.algorithm_specification
        .get_or_insert_with(Default::default);
    job.output_data_config.get_or_insert_with(Default::default);
    job.resource_config.get_or_insert_with(Default::default);
    job.stopping_condition.get_or_insert_with(Default::default);
    job
}

/// [`complete`] for a tuning job: the CRD requires its name and config.
fn complete_tuning(mut job: HyperParameterTuningJob) -> HyperParameterTuningJob {
    job.hyper_parameter_tuning_job_config
        .get_or_insert_with(Default::default);
    job
}

fn options() -> WriteOptions {
    WriteOptions::new().include_status(true)
}

/// Writes `job` in `format` and reads it back; returns the job, the text and
/// the fields reported lost.
fn through(format: FormatId, job: &TrainingJob) -> (TrainingJob, String, Vec<CanonPath>) {
    let (job, text, lost) = through_job(format, &job.clone().into());
    (crate::common::training_job(Some(job)), text, lost)
}

/// [`through`] for a job of any resource.
fn through_job(format: FormatId, job: &Job) -> (Job, String, Vec<CanonPath>) {
    let doc = Doc::new(job.clone());
    let mut losses = Vec::new();
    let _ = format.format().write(&doc, &options(), &mut losses);
    let lost = losses
        .into_iter()
        .map(|l| match l {
            Lost::Field(c) => c,
            // No envelope to lose, nothing ACK alters.
            other => panic!("ACK loses only fields here: {other:?}"),
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
    // A job without a name gives a manifest without metadata.name: a warning.
    let unexpected: Vec<_> = doc
        .diagnostics
        .iter()
        .filter(|d| !(d.severity == Severity::Warning && d.code == Code::ObjectName))
        .collect();
    assert!(unexpected.is_empty(), "{unexpected:?}\n{text}");
    (doc.job.expect("a job"), text, lost)
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
    fn aws_ack_aws_keeps_what_ack_carries(tree in arbitrary::job_tree()) {
        let job = complete(read_aws(&tree));
        let (from_ack, manifest, lost) = through(FormatId::Ack, &job);

        // Exactly the lost fields are missing.
        let mut expected = to_node(&tjspec::format::aws::AwsJson::write_job(&job.clone().into()));
        for path in &lost {
            remove(&mut expected, &path.0);
        }
        prop_assert_eq!(&from_ack, &read_aws(&expected));

        // Every lost field is one the binding has no name for.
        for path in &lost {
            let Some(Seg::Member(shape, i)) = path.0.last() else { panic!("{path:?}") };
            prop_assert!(tjspec_model::bindings::ack::ACK.name(*shape, *i).is_none());
        }

        // What ACK carries, AWS carries back unchanged: ACK → AWS → ACK is the identity.
        let (via_aws, _, aws_lost) = through(FormatId::Aws, &from_ack);
        prop_assert!(aws_lost.is_empty());
        prop_assert_eq!(&via_aws, &from_ack);
        let (_, again, _) = through(FormatId::Ack, &via_aws);
        prop_assert_eq!(&again, &manifest);

        // The manifest is one the API server takes, as far as the CRD says.
        for m in yaml_json(&manifest) {
            let errors = crd_errors(&VALIDATOR, &m);
            prop_assert!(errors.is_empty(), "{:?}\n{}", errors, manifest);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    #[test]
    fn tuning_jobs_aws_ack_aws_keep_what_ack_carries(
        tree in arbitrary::resource_tree(ResourceId::HyperParameterTuningJob)
    ) {
        let resource = ResourceId::HyperParameterTuningJob;
        let Job::HyperParameterTuningJob(job) = read_resource_tree(resource, &tree) else {
            panic!("a tuning job")
        };
        let job = Job::from(complete_tuning(job));
        let (from_ack, manifest, lost) = through_job(FormatId::Ack, &job);
        prop_assert!(manifest.contains("kind: HyperParameterTuningJob\n"), "{}", manifest);

        // Exactly the lost fields are missing.
        let mut expected = to_node(&tjspec::format::aws::AwsJson::write_job(&job));
        for path in &lost {
            remove(&mut expected, &path.0);
        }
        prop_assert_eq!(&from_ack, &read_resource_tree(resource, &expected));

        // Every lost field is one the binding has no name for.
        for path in &lost {
            let Some(Seg::Member(shape, i)) = path.0.last() else { panic!("{path:?}") };
            prop_assert!(tjspec_model::bindings::ack::ACK.name(*shape, *i).is_none());
        }

        // ACK → AWS → ACK is the identity.
        let (via_aws, _, aws_lost) = through_job(FormatId::Aws, &from_ack);
        prop_assert!(aws_lost.is_empty());
        prop_assert_eq!(&via_aws, &from_ack);
        let (_, again, _) = through_job(FormatId::Ack, &via_aws);
        prop_assert_eq!(&again, &manifest);

        // The manifest is one the API server takes, as far as the tuning CRD says.
        for m in yaml_json(&manifest) {
            let errors = crd_errors(&TUNING_VALIDATOR, &m);
            prop_assert!(errors.is_empty(), "{:?}\n{}", errors, manifest);
        }
    }
}
