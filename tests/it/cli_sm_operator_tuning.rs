//! Whole invocations of `tjspec` on the SageMaker operator's
//! HyperparameterTuningJob manifests (`sagemaker.aws.amazon.com/v1`),
//! snapshotted: the migration to ACK, alone and in a stream with a
//! TrainingJob, and writing the operator's kind. Every output is checked
//! against the CRD of its kind.

use std::sync::LazyLock;

use crate::common::{crd_errors, crd_validator_for, run, run_with_stdin, yaml_json};

static OPERATOR_TUNING: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| crd_validator_for(tjspec_model::sm_operator::hyper_parameter_tuning_job::CRD));
static OPERATOR_TRAINING: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| crd_validator_for(tjspec_model::sm_operator::training_job::CRD));
static ACK_TUNING: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| crd_validator_for(tjspec_model::ack::hyper_parameter_tuning_job::CRD));
static ACK_TRAINING: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| crd_validator_for(tjspec_model::ack::training_job::CRD));

/// The standard output part of a [`run`] transcript.
fn stdout(transcript: &str) -> &str {
    transcript
        .split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap()
}

/// Asserts that the output has `kinds` (`apiVersion` group, kind), in
/// order, and that every document validates against its kind's CRD.
fn assert_valid(transcript: &str, kinds: &[(&str, &str)]) {
    let docs = yaml_json(stdout(transcript));
    let found: Vec<(String, String)> = docs
        .iter()
        .map(|m| {
            let group = m["apiVersion"].as_str().unwrap_or_default();
            let group = group.split('/').next().unwrap_or_default().to_owned();
            (group, m["kind"].as_str().unwrap_or_default().to_owned())
        })
        .collect();
    let expected: Vec<(String, String)> = kinds
        .iter()
        .map(|(g, k)| ((*g).to_owned(), (*k).to_owned()))
        .collect();
    assert_eq!(found, expected, "{transcript}");
    for m in docs {
        let validator: &jsonschema::Validator = match (
            m["apiVersion"].as_str().unwrap_or_default(),
            m["kind"].as_str().unwrap_or_default(),
        ) {
            ("sagemaker.aws.amazon.com/v1", "HyperparameterTuningJob") => &OPERATOR_TUNING,
            ("sagemaker.aws.amazon.com/v1", "TrainingJob") => &OPERATOR_TRAINING,
            ("sagemaker.services.k8s.aws/v1alpha1", "HyperParameterTuningJob") => &ACK_TUNING,
            ("sagemaker.services.k8s.aws/v1alpha1", "TrainingJob") => &ACK_TRAINING,
            other => panic!("unexpected object {other:?}\n{transcript}"),
        };
        let errors = crd_errors(validator, &m);
        assert!(errors.is_empty(), "{errors:?}\n{transcript}");
    }
}

const OPERATOR: &str = "sagemaker.aws.amazon.com";
const ACK: &str = "sagemaker.services.k8s.aws";

#[test]
fn completed_tuning_job_to_ack_carries_status_and_metadata() {
    let out = run(&[
        "convert",
        "tests/fixtures/sm-operator/tuning/completed.yaml",
        "--to",
        "ack",
    ]);
    assert_valid(&out, &[(ACK, "HyperParameterTuningJob")]);
    insta::assert_snapshot!(out);
}

#[test]
fn directory_with_a_mixed_stream_migrates_to_ack() {
    // `convert old/ --from sm-operator --to ack`: the tuning jobs become
    // ACK HyperParameterTuningJobs, the training job an ACK TrainingJob,
    // each in its namespace.
    let out = run(&[
        "convert",
        "tests/fixtures/sm-operator/tuning/",
        "--from",
        "sm-operator",
        "--to",
        "ack",
    ]);
    assert_valid(
        &out,
        &[
            (ACK, "HyperParameterTuningJob"),
            (ACK, "TrainingJob"),
            (ACK, "HyperParameterTuningJob"),
        ],
    );
    let docs = yaml_json(stdout(&out));
    let namespaces: Vec<_> = docs
        .iter()
        .map(|d| d["metadata"]["namespace"].as_str().unwrap_or_default())
        .collect();
    assert_eq!(namespaces, ["ml-jobs", "fraud", "fraud"]);
    insta::assert_snapshot!(out);
}

#[test]
fn mixed_stream_round_trips_through_itself() {
    let out = run(&[
        "convert",
        "tests/fixtures/sm-operator/tuning/mixed.yaml",
        "--to",
        "sm-operator",
    ]);
    assert_valid(
        &out,
        &[
            (OPERATOR, "TrainingJob"),
            (OPERATOR, "HyperparameterTuningJob"),
        ],
    );
    let again = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "sm-operator",
            "--to",
            "sm-operator",
        ],
        Some(stdout(&out)),
    );
    assert_eq!(stdout(&again), stdout(&out));
    insta::assert_snapshot!(out);
}

#[test]
fn completed_tuning_job_keeps_the_operators_status_fields() {
    // totalError (inside the counters), lastCheckTime and the objective
    // value held as a string come back as the operator wrote them.
    let out = run(&[
        "convert",
        "tests/fixtures/sm-operator/tuning/completed.yaml",
        "--to",
        "sm-operator",
    ]);
    assert_valid(&out, &[(OPERATOR, "HyperparameterTuningJob")]);
    let doc = yaml_json(stdout(&out)).remove(0);
    assert_eq!(doc["status"]["trainingJobStatusCounters"]["totalError"], 1);
    assert_eq!(
        doc["status"]["bestTrainingJob"]["finalHyperParameterTuningJobObjectiveMetric"]["value"],
        "0.9214"
    );
    assert_eq!(doc["status"]["lastCheckTime"], "2021-06-01T09:42:10Z");
    assert_eq!(
        doc["spec"]["hyperParameterTuningJobName"],
        "churn-hpo-5c1d2e3f"
    );
    insta::assert_snapshot!(out);
}

#[test]
fn fields_the_operator_tuning_crd_requires_are_checked() {
    // The operator's CRD requires every range's scalingType; the API does not.
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/tuning/xgboost-tuning.json",
        "--to",
        "sm-operator",
        "--region",
        "us-west-2",
    ]));
}

#[test]
fn aws_tuning_job_to_the_operator_with_region() {
    let out = run(&[
        "convert",
        "tests/fixtures/aws/tuning/xgboost-tuning.json",
        "--to",
        "sm-operator",
        "--region",
        "us-west-2",
        "--set",
        "HyperParameterTuningJobConfig.ParameterRanges.ContinuousParameterRanges[1].ScalingType=Auto",
    ]);
    assert_valid(&out, &[(OPERATOR, "HyperparameterTuningJob")]);
    insta::assert_snapshot!(out);
}

/// A tuning job without a name in its spec and without a status.
const UNNAMED: &str = "apiVersion: sagemaker.aws.amazon.com/v1
kind: HyperparameterTuningJob
metadata:
  name: nightly-search
spec:
  region: ap-southeast-2
  hyperParameterTuningJobConfig:
    strategy: Bayesian
    resourceLimits:
      maxNumberOfTrainingJobs: 6
      maxParallelTrainingJobs: 2
  trainingJobDefinition:
    roleArn: arn:aws:iam::456789012345:role/Nightly
    algorithmSpecification:
      trainingImage: 456789012345.dkr.ecr.ap-southeast-2.amazonaws.com/nightly:1
      trainingInputMode: File
    outputDataConfig:
      s3OutputPath: s3://nightly/out/
    resourceConfig:
      instanceCount: 1
      instanceType: ml.m5.large
      volumeSizeInGB: 5
    stoppingCondition:
      maxRuntimeInSeconds: 600
";

#[test]
fn unnamed_tuning_job_is_named_after_the_object() {
    insta::assert_snapshot!(run_with_stdin(
        &["convert", "-", "--from", "sm-operator", "--to", "aws"],
        Some(UNNAMED),
    ));
}

#[test]
fn objective_value_must_be_a_string_holding_a_number() {
    let manifest = format!(
        "{UNNAMED}status:
  bestTrainingJob:
    trainingJobName: a
    trainingJobArn: arn:aws:sagemaker:ap-southeast-2:456789012345:training-job/a
    creationTime: \"2021-06-01T08:31:00Z\"
    trainingJobStatus: Completed
    tunedHyperParameters: []
    finalHyperParameterTuningJobObjectiveMetric:
      metricName: auc
      value: 0.9
  trainingJobStatusCounters:
    totalError: one
"
    );
    insta::assert_snapshot!(run_with_stdin(
        &["validate", "-", "--from", "sm-operator"],
        Some(&manifest),
    ));
}
