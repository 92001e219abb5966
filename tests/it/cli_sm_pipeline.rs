//! Whole invocations of `tjspec` on SageMaker Pipelines definitions:
//! Training steps (in Condition branches too), expressions (`Get`,
//! `Std:Join`, `Std:JsonGet`), parameters given their values, and the
//! service-named `TrainingJobName`.

use crate::common::{run, run_with_stdin};

fn stdout(run: &str) -> &str {
    run.split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap()
}

const ABALONE: &str = "tests/fixtures/sm-pipeline/abalone.json";
const PARAMETERS: &str = "tests/fixtures/sm-pipeline/parameters.json";

/// Each Training step is a job; `TrainingJobName` is not required while
/// the job stays a step; expressions are notes.
#[test]
fn validate_reads_training_steps() {
    insta::assert_snapshot!(run(&["validate", ABALONE, "--message-format", "json"]));
}

/// Converting to a request names each expression and the missing job name.
#[test]
fn expressions_and_the_job_name_fail_for_aws() {
    insta::assert_snapshot!(run(&[
        "convert",
        ABALONE,
        "--to",
        "aws",
        "--message-format",
        "json"
    ]));
}

/// `--pipeline-parameters defaults` puts each parameter's default in,
/// `--pipeline-parameter` a given value (read as the parameter's type),
/// and `--set` supplies the rest: the step converts to a concrete request.
#[test]
fn parameters_and_set_make_a_concrete_request() {
    insta::assert_snapshot!(run(&[
        "convert",
        PARAMETERS,
        "--to",
        "aws-yaml",
        "--pipeline-parameters",
        "defaults",
        "--pipeline-parameter",
        "TrainingInstanceCount=3",
        "--pipeline-parameter",
        "TrainData=s3://acme-ml-data/churn/train/",
        "--set",
        "TrainingJobName=churn-train",
    ]));
}

/// Without values, a parameter with no default stays an expression: an
/// error for a request, with the hint to supply it.
#[test]
fn a_parameter_without_a_value_stays_an_expression() {
    insta::assert_snapshot!(run(&[
        "convert",
        PARAMETERS,
        "--to",
        "aws",
        "--pipeline-parameters",
        "defaults",
        "--set",
        "TrainingJobName=churn-train",
        "--message-format",
        "json",
    ]));
}

/// A value the parameter's type cannot take, and a parameter the pipeline
/// does not declare.
#[test]
fn bad_parameter_values_are_reported() {
    insta::assert_snapshot!(run(&[
        "validate",
        ABALONE,
        "--pipeline-parameter",
        "TrainingInstanceCount=two",
        "--pipeline-parameter",
        "Nope=1",
        "--message-format",
        "json",
    ]));
}

/// sm-pipeline → sm-pipeline keeps the expressions, the parameters they
/// use and the step's own fields; writing it again changes nothing.
#[test]
fn definitions_round_trip() {
    let first = run(&["convert", ABALONE, "--to", "sm-pipeline", "--quiet"]);
    assert!(first.starts_with("exit: 0\n"), "{first}");
    insta::assert_snapshot!(first);
    let again = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "sm-pipeline",
            "--to",
            "sm-pipeline",
            "--quiet",
        ],
        Some(stdout(&first)),
    );
    assert_eq!(stdout(&again), stdout(&first));
}

/// An AWS job as a pipeline and back: the same request.
#[test]
fn aws_job_as_a_step_and_back() {
    let step = run(&[
        "convert",
        "examples/xgboost-churn.json",
        "--to",
        "sm-pipeline",
    ]);
    assert!(step.starts_with("exit: 0\n"), "{step}");
    let back = run_with_stdin(&["convert", "-", "--to", "aws"], Some(stdout(&step)));
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

/// Pipelines expressions cannot go in a state machine, nor Step Functions
/// expressions in a pipeline.
#[test]
fn expressions_do_not_cross_workflow_formats() {
    let out = run(&[
        "convert",
        "tests/fixtures/sfn/jsonpath.asl.json",
        "--to",
        "sm-pipeline",
        "--message-format",
        "json",
    ]);
    insta::assert_snapshot!(out);
}
