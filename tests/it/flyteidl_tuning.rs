//! A tuning job through the flyteidl formats from the command line: JSON is
//! told apart by its fields, binary needs `--resource tuning-job`, and what
//! the message cannot hold is named.

use std::process::Output;

use crate::common::{text, tjspec};

const REQUEST: &str = "tests/fixtures/aws/tuning/xgboost-tuning.json";

fn convert(args: &[&str]) -> Output {
    tjspec()
        .arg("convert")
        .args(args)
        .output()
        .expect("tjspec runs")
}

#[test]
fn a_tuning_job_round_trips_through_the_binary_message_with_resource() {
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("hpo.json");
    let pb = dir.path().join("hpo.pb");
    let to_json = convert(&[
        REQUEST,
        "--to",
        "flyteidl-json",
        "-o",
        json.to_str().unwrap(),
    ]);
    assert!(to_json.status.success(), "{}", text(&to_json.stderr));
    let message = std::fs::read_to_string(&json).unwrap();
    assert!(
        message.contains("\"maxNumberOfTrainingJobs\": \"40\""),
        "{message}"
    );
    assert!(message.contains("\"parameterRangeMap\""), "{message}");
    // The definition's role and warm start are not in the message: losses.
    let lost = text(&to_json.stderr);
    for path in [
        "TrainingJobDefinition.RoleArn",
        "WarmStartConfig",
        "HyperParameterTuningJobName",
    ] {
        assert!(lost.contains(path), "{path} not named as lost:\n{lost}");
    }

    // JSON → binary → JSON gives the same message.
    let to_pb = convert(&[
        json.to_str().unwrap(),
        "--to",
        "flyteidl",
        "-o",
        pb.to_str().unwrap(),
    ]);
    assert!(to_pb.status.success(), "{}", text(&to_pb.stderr));
    let back = convert(&[
        pb.to_str().unwrap(),
        "--from",
        "flyteidl",
        "--resource",
        "tuning-job",
        "--to",
        "flyteidl-json",
    ]);
    assert!(back.status.success(), "{}", text(&back.stderr));
    assert_eq!(text(&back.stdout), message);

    // Without --resource the bytes are read as the training job's message,
    // whose fields these are not.
    let guessed = convert(&[
        pb.to_str().unwrap(),
        "--from",
        "flyteidl",
        "--to",
        "flyteidl-json",
    ]);
    assert!(!guessed.status.success());
}

#[test]
fn tf_aws_refuses_a_tuning_job_and_says_why() {
    let out = convert(&[REQUEST, "--to", "tf-aws"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let err = text(&out.stderr);
    assert!(
        err.contains("tf-aws does not carry a HyperParameterTuningJob"),
        "{err}"
    );
    assert!(
        err.contains("no hyperparameter tuning job resource"),
        "{err}"
    );
    assert!(out.stdout.is_empty());
}

/// The library refuses to render a job in a format that does not carry its
/// resource, instead of reaching a writer that cannot write it.
#[test]
fn rendering_a_tuning_job_where_its_format_lacks_it_is_an_error() {
    let doc = tjspec::format::Doc::new(tjspec_model::HyperParameterTuningJob::default());
    let options = tjspec::format::WriteOptions::new();
    let e = tjspec::render(
        tjspec::FormatId::TfAws,
        std::slice::from_ref(&doc),
        &options,
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "tf-aws does not carry a HyperParameterTuningJob"
    );
    assert!(tjspec::render(tjspec::FormatId::Flyteidl, &[doc], &options).is_ok());
}
