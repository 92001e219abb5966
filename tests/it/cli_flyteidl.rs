//! Whole invocations of `tjspec` on flyteidl inputs and outputs, snapshotted.

use prost::Message as _;

use crate::common::{run, run_with_stdin};

const GOLDEN: &str = "tests/fixtures/flyteidl/golden/xgboost-pipe-mpi.pb";

/// What an AWS request needs beyond what flyteidl carries.
const REQUEST: &[&str] = &[
    "--set",
    "TrainingJobName=xgboost-churn",
    "--set",
    "RoleArn=arn:aws:iam::111122223333:role/SageMakerTraining",
    "--set",
    "OutputDataConfig.S3OutputPath=s3://acme-ml/churn/output",
];

const CHANNELS: &[&str] = &[
    "--set",
    "InputDataConfig[0].DataSource.S3DataSource.S3Uri=s3://acme-ml/churn/train",
    "--set",
    "InputDataConfig[1].DataSource.S3DataSource.S3Uri=s3://acme-ml/churn/validation",
];

fn args<'a>(head: &[&'a str], tails: &[&[&'a str]]) -> Vec<&'a str> {
    let mut v = head.to_vec();
    for t in tails {
        v.extend_from_slice(t);
    }
    v
}

fn stdout(out: &str) -> &str {
    out.split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap()
}

#[test]
fn xgboost_to_aws_names_every_missing_member() {
    insta::assert_snapshot!(run(&["convert", GOLDEN, "--to", "aws"]));
}

#[test]
fn xgboost_to_aws_with_sets() {
    insta::assert_snapshot!(run(&args(
        &["convert", GOLDEN, "--to", "aws"],
        &[REQUEST, CHANNELS]
    )));
}

#[test]
fn xgboost_in_another_region() {
    insta::assert_snapshot!(run(&args(
        &[
            "convert",
            GOLDEN,
            "--to",
            "aws-yaml",
            "--region",
            "cn-north-1"
        ],
        &[REQUEST, CHANNELS]
    )));
}

#[test]
fn regions_without_the_image() {
    insta::assert_snapshot!(
        "unknown_region",
        run(&["validate", GOLDEN, "--region", "mars-north-1"])
    );
    insta::assert_snapshot!(
        "legacy_version_not_in_region",
        run_with_stdin(
            &[
                "validate",
                "-",
                "--from",
                "flyteidl-json",
                "--region",
                "il-central-1"
            ],
            Some(
                r#"{"algorithmSpecification": {"algorithmName": "XGBOOST", "algorithmVersion": "1"}}"#
            )
        )
    );
}

#[test]
fn custom_needs_an_image() {
    let input = "tests/fixtures/flyteidl/valid/custom-pipe-mpi.pb";
    insta::assert_snapshot!(
        "custom_without_image",
        run(&args(&["convert", input, "--to", "aws"], &[REQUEST]))
    );
    insta::assert_snapshot!(
        "custom_pipe_mpi_with_set",
        run(&args(
            &[
                "convert",
                input,
                "--to",
                "aws",
                "--set",
                "AlgorithmSpecification.TrainingImage=111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:3",
            ],
            &[REQUEST]
        ))
    );
}

#[test]
fn flyteidl_to_flyteidl_needs_nothing_more() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/flyteidl/valid/custom-pipe-mpi.pb",
        "--to",
        "flyteidl-json"
    ]));
}

#[test]
fn task_template_input() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/flyteidl/golden/task-template.json",
        "--to",
        "flyteidl-json"
    ]));
}

#[test]
fn early_revision_spellings() {
    insta::assert_snapshot!(
        "seed_snake_case",
        run(&[
            "convert",
            "tests/fixtures/flyteidl/valid/seed-spelling.json",
            "--to",
            "flyteidl-json"
        ])
    );
    insta::assert_snapshot!(
        "seed_camel_case_to_aws",
        run(&args(
            &[
                "convert",
                "tests/fixtures/flyteidl/valid/camel-early.json",
                "--to",
                "aws-yaml"
            ],
            &[REQUEST, CHANNELS]
        ))
    );
}

#[test]
fn aws_to_flyteidl_names_every_loss() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/full-create.json",
        "--to",
        "flyteidl-json",
        "--message-format",
        "json"
    ]));
}

#[test]
fn strict_refuses_losses() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "flyteidl-json",
        "--strict"
    ]));
}

#[test]
fn bad_binary_inputs() {
    // Truncated messages, wrong wire types and unknown enum numbers are in
    // the hostile corpus (tests/hostile/flyteidl-*.pb); here, as people see them.
    for name in [
        "hostile/flyteidl-truncated",
        "hostile/flyteidl-wrong-wire-type",
        "hostile/flyteidl-unknown-enum",
        "fixtures/flyteidl/invalid/count-beyond-i32",
        "fixtures/flyteidl/invalid/unknown-field",
    ] {
        let path = format!("tests/{name}.pb");
        let name = name
            .rsplit('/')
            .next()
            .unwrap()
            .trim_start_matches("flyteidl-");
        insta::assert_snapshot!(
            format!("binary_{name}"),
            run(&["convert", &path, "--to", "flyteidl-json"])
        );
    }
    insta::assert_snapshot!(
        "binary_unknown_field_allowed",
        run(&[
            "convert",
            "tests/fixtures/flyteidl/invalid/unknown-field.pb",
            "--to",
            "flyteidl-json",
            "--allow-unknown"
        ])
    );
}

#[test]
fn bad_json_inputs() {
    for name in [
        "count-beyond-i32",
        "unknown-enum-name",
        "typo",
        "both-spellings",
        "not-a-number",
    ] {
        let path = format!("tests/fixtures/flyteidl/invalid/{name}.json");
        insta::assert_snapshot!(
            format!("json_{name}"),
            run(&["convert", &path, "--to", "flyteidl"])
        );
    }
}

/// An XGBOOST version without a known image fails only where an AWS job
/// is needed; between the flyteidl forms the message travels as it is.
#[test]
fn unknown_xgboost_version() {
    let path = "tests/fixtures/flyteidl/invalid/unknown-version.json";
    insta::assert_snapshot!(
        "unknown_version_to_aws",
        run(&["convert", path, "--to", "aws"])
    );
    let dir = tempfile::tempdir().unwrap();
    let pb = dir.path().join("unknown-version.pb");
    let out = run(&[
        "convert",
        path,
        "--to",
        "flyteidl",
        "-o",
        pb.to_str().unwrap(),
    ]);
    assert!(out.starts_with("exit: 0"), "{out}");
    assert!(out.contains("warning[image]"), "{out}");
    let back = run(&["convert", pb.to_str().unwrap(), "--to", "flyteidl-json"]);
    assert!(back.starts_with("exit: 0"), "{back}");
    let json = stdout(&back);
    let value: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(
        value,
        serde_json::json!({"algorithmSpecification": {"algorithmName": "XGBOOST", "algorithmVersion": "0.72"}})
    );
}

#[test]
fn several_jobs_do_not_fit_one_binary_message() {
    let two = "{\"trainingJobResourceConfig\": {\"instanceCount\": \"1\"}}\n{\"trainingJobResourceConfig\": {\"instanceCount\": \"2\"}}\n";
    insta::assert_snapshot!(
        "several_to_binary",
        run_with_stdin(&["convert", "-", "--to", "flyteidl"], Some(two))
    );
    insta::assert_snapshot!(
        "several_to_json_lines",
        run_with_stdin(&["convert", "-", "--to", "flyteidl-json"], Some(two))
    );
}

#[test]
fn formats_are_detected() {
    // A binary message on standard input, flyteidl JSON by content.
    let json = run(&["convert", GOLDEN, "--to", "flyteidl-json"]);
    assert!(json.starts_with("exit: 0\n"), "{json}");
    let back = run_with_stdin(&["validate", "-"], Some(stdout(&json)));
    // Valid; Flyte's example runs on ml.m4, which the cost policy names.
    assert!(
        back.starts_with("exit: 0\n--- stdout\n--- stderr\nwarning[previous-generation-instance]")
            && back.ends_with("\n1 document from 1 file: 1 valid, 0 failed\n"),
        "{back}"
    );
    let template = run(&[
        "validate",
        "tests/fixtures/flyteidl/golden/task-template.json",
    ]);
    assert!(
        template.contains("1 document from 1 file: 1 valid, 0 failed"),
        "{template}"
    );
    // AWS JSON stays AWS JSON.
    let aws = run(&["validate", "tests/fixtures/aws/minimal.json"]);
    assert!(
        aws.contains("1 document from 1 file: 1 valid, 0 failed"),
        "{aws}"
    );
}

/// A version is written as read: `1.2-2` is not `1.2` (whose newest
/// revision moves when SageMaker releases one), in every direction and
/// with nothing to report even under `--strict`.
#[test]
fn pinned_versions_stay_pinned() {
    insta::assert_snapshot!(
        "pinned_binary_to_json",
        run(&[
            "convert",
            "tests/fixtures/flyteidl/valid/xgboost-pinned.pb",
            "--to",
            "flyteidl-json",
            "--strict"
        ])
    );
    for version in ["1.7-1", "0.90-2", "1.7", "0.90"] {
        let json = format!(
            r#"{{"algorithmSpecification": {{"algorithmName": "XGBOOST", "algorithmVersion": "{version}"}}}}"#
        );
        let out = run_with_stdin(
            &[
                "convert",
                "-",
                "--from",
                "flyteidl-json",
                "--to",
                "flyteidl-json",
                "--strict",
            ],
            Some(&json),
        );
        assert!(out.starts_with("exit: 0\n"), "{out}");
        assert!(
            stdout(&out).contains(&format!(r#""algorithmVersion": "{version}""#)),
            "{out}"
        );
        // Nothing to report: no loss, no note.
        let stderr = out.split("--- stderr\n").nth(1).unwrap();
        assert!(stderr.trim().is_empty(), "{out}");
    }
    insta::assert_snapshot!(
        "pinned_image_to_flyteidl",
        run(&[
            "convert",
            "tests/fixtures/aws/partial/xgboost-image-only.json",
            "--to",
            "flyteidl-json",
            "--strict"
        ])
    );
}

/// A Flyte task becomes the job Flyte's plugin submitted: its channels with
/// their input mode, the plugin's stopping condition, each default named
/// in a note. Only what the task's execution held is supplied.
#[test]
fn flyte_task_to_ack_is_the_job_flyte_ran() {
    insta::assert_snapshot!(run(&args(
        &[
            "convert",
            "tests/fixtures/flyteidl/golden/task-template.json",
            "--to",
            "ack",
            "--message-format",
            "json"
        ],
        &[REQUEST, CHANNELS]
    )));
}

#[test]
fn aws_back_to_flyteidl_is_the_golden_message() {
    let aws = run(&args(
        &["convert", GOLDEN, "--to", "aws"],
        &[REQUEST, CHANNELS],
    ));
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("job.json");
    std::fs::write(&json, stdout(&aws)).unwrap();
    let pb = dir.path().join("job.pb");
    let out = run(&[
        "convert",
        json.to_str().unwrap(),
        "--to",
        "flyteidl",
        "-o",
        pb.to_str().unwrap(),
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    // The golden message says `0.90`; the AWS job pins its image, 0.90-2,
    // and that is the version that comes back. Nothing else differs (the
    // stopping condition the AWS job got is Flyte's default, left out).
    let golden = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/flyteidl/golden/xgboost-pipe-mpi.pb"
    ))
    .unwrap();
    let mut expected = tjspec_flyteidl::sagemaker::TrainingJob::decode(&golden[..]).unwrap();
    expected
        .algorithm_specification
        .as_mut()
        .unwrap()
        .algorithm_version = "0.90-2".into();
    assert_eq!(std::fs::read(pb).unwrap(), expected.encode_to_vec());
}
