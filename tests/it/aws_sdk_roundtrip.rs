//! The generated conversions to and from the AWS SDK for Rust types: a job
//! converted to an SDK value and back is the job, on every member the SDK
//! value carries. Built only with `--features aws-sdk`.
#![cfg(feature = "aws-sdk")]

use crate::common::arbitrary;

use aws_sdk_sagemaker::operation::create_training_job::CreateTrainingJobInput;
use aws_sdk_sagemaker::operation::describe_training_job::DescribeTrainingJobOutput;
use proptest::prelude::*;
use tjspec_codegen::emit::aws_sdk::{NOT_IN_SDK_TRAINING_JOB, SDK_REQUIRED};
use tjspec_model::aws_sdk::{ConversionError, WithTrainingJob};
use tjspec_model::bindings::aws::AWS;
use tjspec_model::{TrainingJob, SCHEMA};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::{Key, Node, NodeKind, Read, ReadCx, ShapeId, StrStyle, Timestamp};

fn read_aws_tree(tree: &Node) -> TrainingJob {
    let mut cx = ReadCx::new(&AWS, tjspec_runtime::ReadOptions::default(), "");
    let job = TrainingJob::read(tree, &mut cx);
    assert!(cx.diagnostics.is_empty(), "{:?}", cx.diagnostics);
    job.unwrap()
}

/// Makes a generated tree one the SDK can hold: `float` values rounded to
/// single precision (what the SDK's `f32` keeps) and the members the SDK
/// requires present.
fn sdk_ready(node: &mut Node, shape: ShapeId) {
    match (&SCHEMA.shape(shape).kind, &mut node.kind) {
        (ShapeKind::Float, NodeKind::Float(f)) => {
            let single = *f as f32;
            *f = if single.is_finite() {
                f64::from(single)
            } else {
                0.5
            };
        }
        (ShapeKind::Float, NodeKind::Int(i)) => {
            *i = i128::from(*i as f32 as i32);
        }
        (ShapeKind::Structure { members }, NodeKind::Map(entries)) => {
            let name = SCHEMA.shape(shape).name;
            for (s, m) in SDK_REQUIRED {
                if *s == name && !entries.iter().any(|(k, _)| k.name == *m) {
                    let member = members.iter().find(|x| x.name == *m).unwrap();
                    let value = match &SCHEMA.shape(member.shape).kind {
                        ShapeKind::Enum { values, .. } => values[0],
                        _ => "arn:aws:sagemaker:us-east-1:111122223333:x/y",
                    };
                    entries.push((
                        Key {
                            name: (*m).to_owned(),
                            span: Default::default(),
                        },
                        Node::synthetic(NodeKind::Str(value.to_owned(), StrStyle::Quoted)),
                    ));
                }
            }
            for (k, v) in entries.iter_mut() {
                let m = members.iter().find(|m| m.name == k.name).unwrap();
                sdk_ready(v, m.shape);
            }
        }
        (ShapeKind::List { member, .. }, NodeKind::Seq(items)) => {
            items.iter_mut().for_each(|n| sdk_ready(n, *member));
        }
        (ShapeKind::Map { value, .. }, NodeKind::Map(entries)) => {
            entries.iter_mut().for_each(|(_, n)| sdk_ready(n, *value));
        }
        _ => {}
    }
}

/// The job with only the members `keep` accepts (by API name and status flag).
fn only(tree: &Node, keep: impl Fn(&str, bool) -> bool) -> TrainingJob {
    let NodeKind::Map(entries) = &tree.kind else {
        unreachable!()
    };
    let members = SCHEMA.members(SCHEMA.root);
    let kept = entries
        .iter()
        .filter(|(k, _)| {
            let m = members.iter().find(|m| m.name == k.name).unwrap();
            keep(m.name, m.status)
        })
        .cloned()
        .collect();
    read_aws_tree(&Node::synthetic(NodeKind::Map(kept)))
}

fn in_describe(name: &str) -> bool {
    // Every job member but the create-only ones.
    !tjspec_model::aws_sdk::NOT_IN_DESCRIBE.contains(&name)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn create_input_round_trips(mut tree in arbitrary::job_tree()) {
        sdk_ready(&mut tree, SCHEMA.root);
        let job = read_aws_tree(&tree);
        let expected = only(&tree, |_, status| !status);
        let input = CreateTrainingJobInput::try_from(&job).unwrap();
        prop_assert_eq!(&TrainingJob::try_from(&input).unwrap(), &expected);
        // The builder route gives the same request.
        let built = CreateTrainingJobInput::builder()
            .with_training_job(&job)
            .unwrap()
            .build()
            .unwrap();
        prop_assert_eq!(built, input);
    }

    #[test]
    fn describe_output_round_trips(mut tree in arbitrary::job_tree()) {
        sdk_ready(&mut tree, SCHEMA.root);
        let job = read_aws_tree(&tree);
        let expected = only(&tree, |name, _| in_describe(name));
        let output = DescribeTrainingJobOutput::try_from(&job).unwrap();
        prop_assert_eq!(TrainingJob::try_from(&output).unwrap(), expected);
    }

    #[test]
    fn training_job_record_round_trips(mut tree in arbitrary::job_tree()) {
        sdk_ready(&mut tree, SCHEMA.root);
        let job = read_aws_tree(&tree);
        let expected = only(&tree, |name, _| !NOT_IN_SDK_TRAINING_JOB.contains(&name));
        let record = aws_sdk_sagemaker::types::TrainingJob::try_from(&job).unwrap();
        prop_assert_eq!(TrainingJob::try_from(&record).unwrap(), expected);
    }
}

#[test]
fn unknown_enum_values_survive_both_ways() {
    use aws_sdk_sagemaker::types::TrainingInstanceType as Sdk;
    use tjspec_model::TrainingInstanceType as Model;
    let ours = Model::from("ml.future.99xlarge");
    assert!(!ours.is_known());
    let sdk = Sdk::from(&ours);
    assert!(
        !Sdk::values().contains(&sdk.as_str()),
        "the SDK holds it as Unknown"
    );
    assert_eq!(sdk.as_str(), "ml.future.99xlarge");
    assert_eq!(Model::from(&sdk), ours);
    // A value both know arrives as the SDK's own variant.
    let known = Sdk::from(&Model::MlP4d24xlarge);
    assert!(Sdk::values().contains(&known.as_str()));
    assert_eq!(known.as_str(), "ml.p4d.24xlarge");
    assert_eq!(Model::from(&known), Model::MlP4d24xlarge);
}

#[test]
fn timestamps_keep_nanoseconds() {
    let t = Timestamp::from_parts(1_793_613_600, 123_456_789).unwrap();
    let job = TrainingJob {
        creation_time: Some(t),
        training_end_time: Some(Timestamp::from_parts(-62_167_219_200, 1).unwrap()),
        ..Default::default()
    };
    let output = DescribeTrainingJobOutput::try_from(&job).unwrap();
    let ct = output.creation_time().unwrap();
    assert_eq!((ct.secs(), ct.subsec_nanos()), (1_793_613_600, 123_456_789));
    assert_eq!(TrainingJob::try_from(&output).unwrap(), job);
}

#[test]
fn a_timestamp_the_model_cannot_hold_is_an_error() {
    let far = aws_sdk_sagemaker::primitives::DateTime::from_secs(300_000_000_000);
    let output = DescribeTrainingJobOutput::builder()
        .creation_time(far)
        .build();
    assert!(matches!(
        TrainingJob::try_from(&output),
        Err(ConversionError::Timestamp(_))
    ));
}

#[test]
fn a_member_the_sdk_requires_is_reported() {
    let job = TrainingJob {
        mlflow_config: Some(tjspec_model::MlflowConfig::default()),
        ..Default::default()
    };
    let err = CreateTrainingJobInput::try_from(&job).unwrap_err();
    assert!(matches!(err, ConversionError::Build(_)));
    assert!(err.to_string().contains("mlflow_resource_arn"), "{err}");
}

#[test]
fn the_fluent_builder_takes_a_whole_job() {
    let config = aws_sdk_sagemaker::Config::builder()
        .behavior_version(aws_sdk_sagemaker::config::BehaviorVersion::latest())
        .region(aws_sdk_sagemaker::config::Region::new("us-east-1"))
        .build();
    let client = aws_sdk_sagemaker::Client::from_conf(config);
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/aws/full-create.json"
    ))
    .unwrap();
    let source = tjspec::source::Source::new("full-create.json", text);
    let mut docs = tjspec::format::FormatId::Aws
        .format()
        .read(&source, &tjspec::format::ReadOptions::default());
    let job = crate::common::training_job(docs.remove(0).job);
    let request = client
        .create_training_job()
        .with_training_job(&job)
        .unwrap();
    let input = request.as_input().clone().build().unwrap();
    assert_eq!(input, CreateTrainingJobInput::try_from(&job).unwrap());
    assert_eq!(TrainingJob::try_from(&input).unwrap(), job);
}

/// The tuning job converts to the SDK's CreateHyperParameterTuningJob input
/// and DescribeHyperParameterTuningJob output and back: the request without
/// its status members, the response whole (its `Tags` aside, which the
/// response does not have).
#[test]
fn a_tuning_job_round_trips_through_the_sdk() {
    use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::CreateHyperParameterTuningJobInput;
    use aws_sdk_sagemaker::operation::describe_hyper_parameter_tuning_job::DescribeHyperParameterTuningJobOutput;
    use tjspec_model::HyperParameterTuningJob;

    let read = |path: &str| {
        let text = std::fs::read_to_string(path).unwrap();
        let mut docs = tjspec::format::FormatId::Aws.format().read(
            &tjspec::source::Source::new(path, text),
            &tjspec::format::ReadOptions::default(),
        );
        match docs.remove(0).job {
            Some(tjspec_model::Job::HyperParameterTuningJob(j)) => j,
            other => panic!("expected a tuning job, found {other:?}"),
        }
    };
    let request = read("tests/fixtures/aws/tuning/xgboost-tuning.json");
    let input = CreateHyperParameterTuningJobInput::try_from(&request).unwrap();
    // The SDK holds the API's single-precision float: 0.95 comes back as
    // that float's exact value, the same number for the API.
    let mut expected = request.clone();
    let criteria = expected
        .hyper_parameter_tuning_job_config
        .as_mut()
        .and_then(|c| c.tuning_job_completion_criteria.as_mut())
        .unwrap();
    criteria.target_objective_metric_value = Some(f64::from(0.95_f32));
    assert_eq!(HyperParameterTuningJob::try_from(&input).unwrap(), expected);
    // A number no single-precision float stands for is refused, not rounded.
    let mut precise = request.clone();
    precise
        .hyper_parameter_tuning_job_config
        .as_mut()
        .and_then(|c| c.tuning_job_completion_criteria.as_mut())
        .unwrap()
        .target_objective_metric_value = Some(0.123_456_789);
    assert!(CreateHyperParameterTuningJobInput::try_from(&precise).is_err());

    let described = read("tests/fixtures/aws/tuning/describe-response.json");
    let output = DescribeHyperParameterTuningJobOutput::try_from(&described).unwrap();
    let mut expected = described.clone();
    expected.tags = None;
    assert_eq!(
        HyperParameterTuningJob::try_from(&output).unwrap(),
        expected
    );
}
