//! Whole invocations of `tjspec` on manifests of the SageMaker Operators
//! for Kubernetes (`sagemaker.aws.amazon.com/v1`), snapshotted, and the
//! migration to ACK.

use std::sync::LazyLock;

use crate::common::{crd_errors, crd_validator_for, run, run_with_stdin, yaml_json};

static VALIDATOR: LazyLock<jsonschema::Validator> =
    LazyLock::new(|| crd_validator_for(tjspec_model::sm_operator::CRD));

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

/// Asserts that every document of an sm-operator output validates against
/// the generated CRD.
fn assert_valid(transcript: &str) {
    let docs = yaml_json(stdout(transcript));
    assert!(!docs.is_empty(), "{transcript}");
    for m in docs {
        let errors = crd_errors(&VALIDATOR, &m);
        assert!(errors.is_empty(), "{errors:?}\n{transcript}");
    }
}

#[test]
fn sample_manifest_to_aws_names_the_job_after_the_object() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/sm-operator/xgboost-mnist.yaml",
        "--to",
        "aws"
    ]));
}

#[test]
fn completed_job_to_ack_carries_status_and_metadata() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/sm-operator/completed.yaml",
        "--to",
        "ack"
    ]));
}

#[test]
fn completed_job_round_trips_through_itself() {
    let out = run(&[
        "convert",
        "tests/fixtures/sm-operator/completed.yaml",
        "--to",
        "sm-operator",
    ]);
    assert_valid(&out);
    insta::assert_snapshot!(out);
}

#[test]
fn stream_keeps_order_and_takes_the_recorded_name() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/sm-operator/stream.yaml",
        "--to",
        "aws-yaml"
    ]));
}

#[test]
fn aws_request_needs_a_region() {
    insta::assert_snapshot!(run(&[
        "convert",
        "examples/xgboost-churn.json",
        "--to",
        "sm-operator"
    ]));
}

#[test]
fn aws_request_with_region() {
    let out = run(&[
        "convert",
        "examples/xgboost-churn.json",
        "--to",
        "sm-operator",
        "--region",
        "us-west-2",
        "--namespace",
        "ml-training",
    ]);
    assert_valid(&out);
    insta::assert_snapshot!(out);
}

#[test]
fn describe_response_takes_the_region_of_its_arn() {
    let out = run(&[
        "convert",
        "examples/describe-response.json",
        "--to",
        "sm-operator",
    ]);
    assert_valid(&out);
    insta::assert_snapshot!(out);
}

#[test]
fn fields_the_operator_crd_requires_are_checked() {
    // Instance groups instead of instanceCount/instanceType: the operator's
    // CRD requires both.
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/instance-groups-warm-pool.yaml",
        "--to",
        "sm-operator",
        "--region",
        "us-west-2"
    ]));
}

#[test]
fn pairs_and_misplaced_fields_are_reported_with_positions() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/sm-operator/invalid/pairs.yaml"
    ]));
}

#[test]
fn hyperparameters_written_as_a_map_are_refused() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/sm-operator/invalid/map-hyperparameters.yaml"
    ]));
}

#[test]
fn ack_manifest_read_as_the_operator_points_to_ack() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/ack/xgboost.yaml",
        "--from",
        "sm-operator"
    ]));
}

#[test]
fn sm_operator_aws_ack_round_trip() {
    // The job read from the operator's manifest is the same job after AWS
    // and after ACK, and comes back to the same manifest (the region given
    // again: only the operator has it).
    let direct = run(&[
        "convert",
        "tests/fixtures/sm-operator/completed.yaml",
        "--to",
        "aws",
    ]);
    let ack = run(&[
        "convert",
        "tests/fixtures/sm-operator/completed.yaml",
        "--to",
        "ack",
    ]);
    let via_ack = run_with_stdin(
        &["convert", "-", "--from", "ack", "--to", "aws"],
        Some(stdout(&ack)),
    );
    assert_eq!(stdout(&via_ack), stdout(&direct));
    let back_from_aws = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "aws",
            "--to",
            "sm-operator",
            "--region",
            "eu-west-1",
        ],
        Some(stdout(&direct)),
    );
    let back_from_ack = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "ack",
            "--to",
            "sm-operator",
            "--region",
            "eu-west-1",
        ],
        Some(stdout(&ack)),
    );
    assert_valid(&back_from_aws);
    assert_valid(&back_from_ack);
    let again = run_with_stdin(
        &["convert", "-", "--from", "sm-operator", "--to", "aws"],
        Some(stdout(&back_from_ack)),
    );
    assert_eq!(stdout(&again), stdout(&direct));
    // ACK carries metadata; AWS does not (the object is named after the job).
    insta::assert_snapshot!("round_trip_back_from_aws", back_from_aws);
}

#[test]
fn migration_to_ack_is_one_command() {
    let dir = tempfile::tempdir().unwrap();
    let old = dir.path().join("old-manifests");
    std::fs::create_dir(&old).unwrap();
    for f in ["xgboost-mnist.yaml", "completed.yaml", "stream.yaml"] {
        std::fs::copy(format!("tests/fixtures/sm-operator/{f}"), old.join(f)).unwrap();
    }
    let out_dir = dir.path().join("deploy/k8s");
    let out = run(&[
        "convert",
        old.to_str().unwrap(),
        "--from",
        "sm-operator",
        "--to",
        "ack",
        "--out-dir",
        out_dir.to_str().unwrap(),
    ]);
    let shown = out.replace(dir.path().to_str().unwrap(), "<tmp>");
    let mut files: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    files.sort();
    let xgboost = std::fs::read_to_string(out_dir.join("xgboost-mnist.yaml"))
        .unwrap()
        .replace(dir.path().to_str().unwrap(), "<tmp>");
    insta::assert_snapshot!(format!(
        "{shown}\n--- files\n{}\n--- xgboost-mnist.yaml\n{xgboost}",
        files.join("\n")
    ));
}

#[test]
fn a_manifest_without_a_region_fails_validation_but_converts_elsewhere() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/sm-operator/invalid/no-region.yaml"
    ]));
    // ACK has no region to lose: nothing is said of it.
    let out = run(&[
        "convert",
        "tests/fixtures/sm-operator/invalid/no-region.yaml",
        "--to",
        "ack",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(!out.contains("spec.region"), "{out}");
}

#[test]
fn values_the_operator_predates_are_refused() {
    // FastFile input mode: the operator's CRD takes only File and Pipe.
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/ack/debugger-profiler.yaml",
        "--to",
        "sm-operator",
        "--region",
        "us-west-2"
    ]));
}
