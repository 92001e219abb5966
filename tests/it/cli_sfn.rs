//! Whole invocations of `tjspec` on Step Functions state machines: training
//! Task states found in Parallel branches and Map processors, diagnostics
//! pointing into the state machine, JSONPath and JSONata expressions (notes
//! when validating, errors when converting to a format that cannot hold
//! them unless `--set` supplies the member, kept for `sfn` outputs).

use crate::common::{run, run_with_stdin};

fn stdout(run: &str) -> &str {
    run.split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap()
}

const CDK: &str = "tests/fixtures/sfn/cdk-training.asl.json";
const JSONATA: &str = "tests/fixtures/sfn/jsonata.asl.yaml";

/// Every training state is a job, nested ones included; each expression is
/// a note, never a failure.
#[test]
fn validate_finds_nested_training_states() {
    insta::assert_snapshot!(run(&["validate", CDK, "--message-format", "json"]));
}

/// Findings point into the state machine with the path in its own spelling.
#[test]
fn findings_point_into_the_state_machine() {
    insta::assert_snapshot!(run(&["validate", "tests/fixtures/sfn/invalid.asl.json"]));
}

/// Converting to a format that cannot hold an expression names each one.
#[test]
fn expressions_fail_for_other_formats() {
    let out = run(&[
        "convert",
        JSONATA,
        "--to",
        "aws",
        "--message-format",
        "json",
    ]);
    insta::assert_snapshot!(out);
}

/// `--set` supplies what the expressions stand for.
#[test]
fn set_supplies_expression_members() {
    insta::assert_snapshot!(run(&[
        "convert",
        JSONATA,
        "--to",
        "aws-yaml",
        "--set",
        "TrainingJobName=nightly-2026-12-03",
        "--set",
        "ResourceConfig.InstanceCount=2",
    ]));
}

/// sfn → sfn keeps JSONPath expressions as `.$` keys and the state's own
/// fields (Retry, ResultPath); writing it again changes nothing.
#[test]
fn jsonpath_state_machines_round_trip() {
    let first = run(&["convert", CDK, "--to", "sfn", "--quiet"]);
    assert!(first.starts_with("exit: 0\n"), "{first}");
    insta::assert_snapshot!(first);
    let again = run_with_stdin(
        &["convert", "-", "--from", "sfn", "--to", "sfn", "--quiet"],
        Some(stdout(&first)),
    );
    assert_eq!(stdout(&again), stdout(&first));
}

/// A JSONata state machine (YAML) writes back as JSONata.
#[test]
fn jsonata_state_machines_keep_their_language() {
    insta::assert_snapshot!(run(&["convert", JSONATA, "--to", "sfn", "--quiet"]));
}

/// `--sfn-query-language jsonata` writes `Arguments` and `QueryLanguage`;
/// an AWS job converts there and back unchanged.
#[test]
fn aws_job_as_jsonata_state_and_back() {
    let sfn = run(&[
        "convert",
        "examples/xgboost-churn.json",
        "--to",
        "sfn",
        "--sfn-query-language",
        "jsonata",
    ]);
    insta::assert_snapshot!(sfn);
    let back = run_with_stdin(&["convert", "-", "--to", "aws"], Some(stdout(&sfn)));
    assert!(back.starts_with("exit: 0\n"), "{back}");
    let original: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/examples/xgboost-churn.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let back: serde_json::Value = serde_json::from_str(stdout(&back)).unwrap();
    assert_eq!(back, original);
}

/// A JSONPath expression cannot go in a JSONata state.
#[test]
fn jsonpath_expressions_do_not_fit_jsonata_states() {
    let out = run(&[
        "convert",
        "tests/fixtures/sfn/jsonpath.asl.json",
        "--to",
        "sfn",
        "--sfn-query-language",
        "jsonata",
        "--message-format",
        "json",
    ]);
    insta::assert_snapshot!(out);
}

/// Malformed states: a `.$` key holding no string, a JSONata field in a
/// JSONPath state, a field no Task state has, and a state machine with no
/// training state.
#[test]
fn malformed_states_are_errors() {
    let machine = r#"{
  "StartAt": "Train",
  "States": {
    "Train": {
      "Type": "Task",
      "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
      "Parameters": { "RoleArn.$": 3 },
      "Arguments": {},
      "Retries": [],
      "End": true
    }
  }
}"#;
    insta::assert_snapshot!(run_with_stdin(
        &["validate", "-", "--message-format", "json"],
        Some(machine)
    ));
    let none =
        r#"{"StartAt": "Wait", "States": {"Wait": {"Type": "Wait", "Seconds": 3, "End": true}}}"#;
    insta::assert_snapshot!(run_with_stdin(
        &["validate", "-", "--message-format", "json"],
        Some(none)
    ));
}

#[test]
fn values_the_query_language_would_read_otherwise_are_named() {
    // A hyperparameter named like a JSONPath path (`.$`), and one whose
    // value reads as a JSONata expression: written as they are, each named
    // as altered, a failure under --strict.
    let job = r#"{"TrainingJobName": "j", "RoleArn": "arn:aws:iam::111122223333:role/R",
        "OutputDataConfig": {"S3OutputPath": "s3://b/o/"},
        "HyperParameters": {"input.$": "$.x", "template": "{% 1 + 1 %}"}}"#;
    let jsonpath = run_with_stdin(&["convert", "-", "--to", "sfn"], Some(job));
    assert!(jsonpath.starts_with("exit: 0"), "{jsonpath}");
    assert!(
        jsonpath.contains("the key `input.$` ends in `.$`"),
        "{jsonpath}"
    );
    assert!(!jsonpath.contains("JSONata expression"), "{jsonpath}");
    let jsonata = run_with_stdin(
        &[
            "convert",
            "-",
            "--to",
            "sfn",
            "--sfn-query-language",
            "jsonata",
        ],
        Some(job),
    );
    assert!(jsonata.starts_with("exit: 0"), "{jsonata}");
    assert!(
        jsonata.contains("the value `{% 1 + 1 %}` is written as a JSONata expression is"),
        "{jsonata}"
    );
    assert!(!jsonata.contains("ends in `.$`"), "{jsonata}");
    let strict = run_with_stdin(&["convert", "-", "--to", "sfn", "--strict"], Some(job));
    assert!(strict.starts_with("exit: 1"), "{strict}");
}
