//! Whole invocations of `tjspec` on ACK TrainingJob manifests, snapshotted.

use crate::common::{run, run_with_stdin};

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

#[test]
fn xgboost_manifest_to_aws() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/xgboost.yaml",
        "--to",
        "aws"
    ]));
}

#[test]
fn xgboost_manifest_to_ack_is_yaml_11_safe() {
    // Hyperparameter and environment values stay quoted ("no", "off", "0755").
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/xgboost.yaml",
        "--to",
        "ack"
    ]));
}

#[test]
fn aws_json_to_ack() {
    insta::assert_snapshot!(run(&[
        "convert",
        "examples/xgboost-churn.json",
        "--from",
        "aws",
        "--to",
        "ack",
        "--namespace",
        "ml-training"
    ]));
}

#[test]
fn debugger_and_profiler_job_round_trips_through_aws() {
    let ack = run(&[
        "convert",
        "tests/fixtures/ack/debugger-profiler.yaml",
        "--to",
        "ack",
    ]);
    let aws = run(&[
        "convert",
        "tests/fixtures/ack/debugger-profiler.yaml",
        "--to",
        "aws",
    ]);
    insta::assert_snapshot!("debugger_profiler_aws", aws);
    let back = run_with_stdin(
        &["convert", "-", "--from", "aws", "--to", "ack"],
        Some(stdout(&aws)),
    );
    // Nothing is lost either way: the manifest comes back the same.
    assert_eq!(stdout(&back), stdout(&ack));
    assert!(back.ends_with("--- stderr\n"), "{back}");
}

#[test]
fn instance_groups_and_warm_pool() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/instance-groups-warm-pool.yaml",
        "--to",
        "aws-yaml"
    ]));
}

#[test]
fn full_status_to_aws() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/full-status.yaml",
        "--to",
        "aws"
    ]));
}

#[test]
fn full_status_to_ack_keeps_metadata_and_conditions() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/full-status.yaml",
        "--to",
        "ack"
    ]));
}

#[test]
fn no_status_leaves_status_out() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/full-status.yaml",
        "--to",
        "ack",
        "--no-status"
    ]));
}

#[test]
fn describe_response_fills_status() {
    insta::assert_snapshot!(run(&[
        "convert",
        "examples/describe-response.json",
        "--to",
        "ack"
    ]));
}

#[test]
fn members_the_crd_lacks_are_reported_lost() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/full-create.json",
        "--to",
        "ack",
        "--message-format",
        "json"
    ]));
}

#[test]
fn crd_required_members_are_checked() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "ack"
    ]));
}

#[test]
fn stream_skips_other_kinds_and_keeps_order() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/stream.yaml",
        "--to",
        "aws-yaml"
    ]));
    let ack = run(&["convert", "tests/fixtures/ack/stream.yaml", "--to", "ack"]);
    let out = stdout(&ack);
    let small = out.find("name: churn-small").unwrap();
    let large = out.find("name: churn-large").unwrap();
    assert!(
        small < large && out.matches("\n---\n").count() == 1,
        "{out}"
    );
}

#[test]
fn validate_counts_only_training_jobs() {
    insta::assert_snapshot!(run(&["validate", "tests/fixtures/ack/stream.yaml"]));
}

#[test]
fn kubectl_list_output_is_read_item_by_item() {
    let list = r#"{"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": [
      {"apiVersion": "v1", "kind": "Secret", "metadata": {"name": "s"}},
      {"apiVersion": "sagemaker.services.k8s.aws/v1alpha1", "kind": "TrainingJob", "metadata": {"name": "listed"},
       "spec": {"trainingJobName": "listed", "roleARN": "arn:aws:iam::111122223333:role/r",
                "algorithmSpecification": {"trainingImage": "img:1", "trainingInputMode": "File"},
                "outputDataConfig": {"s3OutputPath": "s3://b/o"},
                "resourceConfig": {"instanceType": "ml.m5.large", "instanceCount": 1, "volumeSizeInGB": 1},
                "stoppingCondition": {"maxRuntimeInSeconds": 60}}}]}"#;
    insta::assert_snapshot!(run_with_stdin(&["convert", "-", "--to", "aws"], Some(list)));
}

#[test]
fn json_manifest_is_read() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/manifest.json",
        "--to",
        "aws-yaml"
    ]));
}

#[test]
fn derived_name_is_noted() {
    let job = r#"{"TrainingJobName": "XGBoost-Churn-V2", "RoleArn": "arn:aws:iam::111122223333:role/r",
      "AlgorithmSpecification": {"TrainingImage": "img:1", "TrainingInputMode": "File"},
      "OutputDataConfig": {"S3OutputPath": "s3://b/o"},
      "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 1},
      "StoppingCondition": {"MaxRuntimeInSeconds": 60}}"#;
    insta::assert_snapshot!(run_with_stdin(
        &["convert", "-", "--from", "aws", "--to", "ack"],
        Some(job)
    ));
}

#[test]
fn status_disagreeing_with_the_arn_warns() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/invalid/status-mismatch.yaml",
        "--to",
        "ack"
    ]));
}

#[test]
fn bad_namespace_is_refused() {
    insta::assert_snapshot!(run(&[
        "convert",
        "examples/ack-xgboost.yaml",
        "--to",
        "ack",
        "--namespace",
        "ML_Team"
    ]));
}

macro_rules! invalid {
    ($($name:ident => $file:literal,)*) => {$(
        #[test]
        fn $name() {
            let out = run(&["convert", concat!("tests/fixtures/ack/invalid/", $file), "--to", "aws"]);
            assert!(out.starts_with("exit: 1\n"), "{out}");
            insta::assert_snapshot!(out);
        }
    )*};
}

invalid! {
    unknown_field => "unknown-field.yaml",
    duplicate_key => "duplicate-key.yaml",
    wrong_type => "wrong-type.yaml",
    int64_beyond_i32 => "int64.yaml",
    alias_bomb => "alias-bomb.yaml",
    deep_nesting => "deep-nesting.yaml",
}

#[test]
fn older_operator() {
    // Detection reads it as sm-operator; read as ACK, it points there.
    let out = run(&[
        "convert",
        "tests/fixtures/ack/invalid/old-operator.yaml",
        "--from",
        "ack",
        "--to",
        "aws",
    ]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    insta::assert_snapshot!(out);
}

#[test]
fn errors_as_json_lines_carry_line_and_column() {
    let out = run(&[
        "convert",
        "tests/fixtures/ack/invalid/unknown-field.yaml",
        "--to",
        "aws",
        "--message-format",
        "json",
    ]);
    let first: serde_json::Value = serde_json::from_str(
        out.split("--- stderr\n")
            .nth(1)
            .unwrap()
            .lines()
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(first["path"], "spec.roleArn");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(7), Some(3))
    );
    assert_eq!(first["hint"], "did you mean `roleARN` (required)?");
}

#[test]
fn resource_metadata_without_an_arn_is_kept_for_ack_only() {
    let pending = "apiVersion: sagemaker.services.k8s.aws/v1alpha1
kind: TrainingJob
metadata: {name: pending, creationTimestamp: null}
spec:
  trainingJobName: pending
  roleARN: arn:aws:iam::111122223333:role/r
  algorithmSpecification: {trainingImage: 'img:1', trainingInputMode: File}
  outputDataConfig: {s3OutputPath: 's3://b/o'}
  resourceConfig: {instanceType: ml.m5.large, instanceCount: 1, volumeSizeInGB: 1}
  stoppingCondition: {maxRuntimeInSeconds: 60}
status:
  ackResourceMetadata: {ownerAccountID: '111122223333', region: us-west-2}
  conditions:
    - {type: ACK.Recoverable, status: 'True', message: 'AccessDenied'}
";
    insta::assert_snapshot!(
        "pending_to_ack",
        run_with_stdin(&["convert", "-", "--to", "ack"], Some(pending))
    );
    insta::assert_snapshot!(
        "pending_to_aws",
        run_with_stdin(&["convert", "-", "--to", "aws"], Some(pending))
    );
}

#[test]
fn validate_checks_what_the_crd_requires() {
    let manifest = "apiVersion: sagemaker.services.k8s.aws/v1alpha1
kind: TrainingJob
metadata: {name: no-limits}
spec:
  trainingJobName: no-limits
  roleARN: arn:aws:iam::111122223333:role/r
  algorithmSpecification: {trainingImage: 'img:1', trainingInputMode: File}
  outputDataConfig: {s3OutputPath: 's3://b/o'}
  resourceConfig: {instanceType: ml.m5.large, instanceCount: 1, volumeSizeInGB: 1}
";
    let out = run_with_stdin(
        &["validate", "-", "--message-format", "json"],
        Some(manifest),
    );
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert!(
        out.contains(r#""path":"spec.stoppingCondition","message":"the ACK CRD requires spec.stoppingCondition; the API server would reject the manifest""#),
        "{out}"
    );
}
