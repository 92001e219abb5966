//! Whole invocations of `tjspec` on hyperparameter tuning jobs, snapshotted:
//! conversions among aws, ack, tf-k8s and datadog, a stream mixing both
//! resources, the formats that refuse a tuning job, `diff`, `--set` and
//! `schema --resource`.

use crate::common::{run, run_with_stdin};

fn stdout(run: &str) -> &str {
    run.split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap()
}

const TF_TUNING: &str = "tests/fixtures/tf-k8s/tuning/lightgbm-random.tf";
const TF_MIXED: &str = "tests/fixtures/tf-k8s/tuning/mixed.tf";
const AWS_DESCRIBE: &str = "tests/fixtures/aws/tuning/describe-response.json";

#[test]
fn tf_k8s_tuning_block_reads_as_a_tuning_job() {
    // Detected as tf-k8s by its block type alone (no --from).
    insta::assert_snapshot!(run(&["convert", TF_TUNING, "--to", "aws"]));
}

#[test]
fn tf_k8s_tuning_block_converts_back_unchanged() {
    let out = run(&["convert", TF_TUNING, "--to", "tf-k8s"]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let fixture = std::fs::read_to_string(TF_TUNING).unwrap();
    // The fixture less its two comment lines.
    let body: String = fixture.lines().skip(2).map(|l| format!("{l}\n")).collect();
    assert_eq!(stdout(&out), body);
}

#[test]
fn a_tuning_job_writes_the_tuning_block_of_either_kind() {
    insta::assert_snapshot!(
        "tf_k8s_data",
        run(&["convert", AWS_DESCRIBE, "--to", "tf-k8s"])
    );
    let resource = run(&[
        "convert",
        AWS_DESCRIBE,
        "--to",
        "tf-k8s",
        "--tf-k8s-kind",
        "resource",
    ]);
    assert!(resource.starts_with("exit: 0\n"), "{resource}");
    assert!(
        stdout(&resource).starts_with(
            "resource \"k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1\" \"xgboost-churn-hpo\" {\n"
        ),
        "{resource}"
    );
    // Read back from the resource type as the same tuning job.
    let back = run_with_stdin(
        &["convert", "-", "--from", "tf-k8s", "--to", "aws"],
        Some(stdout(&resource)),
    );
    let data = run(&["convert", AWS_DESCRIBE, "--to", "tf-k8s"]);
    let back_data = run_with_stdin(
        &["convert", "-", "--from", "tf-k8s", "--to", "aws"],
        Some(stdout(&data)),
    );
    assert!(back.starts_with("exit: 0\n"), "{back}");
    assert_eq!(stdout(&back), stdout(&back_data));
    assert!(stdout(&back).contains("\"HyperParameterTuningJobConfig\""));
}

#[test]
fn a_tf_file_mixing_resources_converts_each_block_as_its_own() {
    insta::assert_snapshot!(run(&["convert", TF_MIXED, "--to", "ack"]));
}

#[test]
fn a_tf_file_mixing_resources_writes_each_resource_s_block() {
    let out = run(&[
        "convert",
        TF_MIXED,
        "--to",
        "tf-k8s",
        "--tf-k8s-kind",
        "resource",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let fixture = std::fs::read_to_string(TF_MIXED).unwrap();
    let body: String = fixture.lines().skip(2).map(|l| format!("{l}\n")).collect();
    assert_eq!(stdout(&out), body);
}

#[test]
fn tf_aws_refuses_a_tuning_job_from_tf_k8s() {
    insta::assert_snapshot!(run(&["convert", TF_TUNING, "--to", "tf-aws"]));
}

#[test]
fn a_terraform_file_without_job_blocks_names_every_block_type() {
    let found = tjspec::format::detect(Some(std::path::Path::new("x.tf")), "variable \"x\" {}\n");
    let Err(e @ tjspec::format::DetectError::NoTerraformBlock) = found else {
        panic!("{found:?}");
    };
    let message = e.to_string();
    for c in tjspec_model::ack::RESOURCES {
        assert!(
            message.contains(&format!("`data \"{}\"`", c.tf_k8s_manifest)),
            "{message}"
        );
        assert!(
            message.contains(&format!("`resource \"{}\"`", c.tf_k8s_resource)),
            "{message}"
        );
    }
    assert!(
        message.contains("`resource \"aws_sagemaker_training_job\"`"),
        "{message}"
    );
}

#[test]
fn a_file_with_only_a_tuning_block_is_tf_k8s() {
    for ty in [
        "data \"k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1_manifest\" \"x\" {}",
        "resource \"k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1\" \"x\" {}",
    ] {
        assert_eq!(
            tjspec::format::detect(None, ty),
            Ok(tjspec::format::FormatId::TfK8s),
            "{ty}"
        );
    }
}

const ACK_TUNING: &str = "tests/fixtures/ack/tuning/lightgbm-random-completed.yaml";
const ACK_STREAM: &str = "tests/fixtures/ack/tuning/stream.yaml";

#[test]
fn ack_tuning_manifest_with_status_to_aws() {
    // metadata and status.conditions are named as not carried.
    insta::assert_snapshot!(run(&["convert", ACK_TUNING, "--to", "aws"]));
}

#[test]
fn aws_describe_tuning_response_to_ack() {
    insta::assert_snapshot!(run(&["convert", AWS_DESCRIBE, "--to", "ack"]));
}

#[test]
fn ack_tuning_manifest_to_datadog_row() {
    insta::assert_snapshot!(run(&["convert", ACK_TUNING, "--to", "datadog"]));
}

/// `input` to `via` and back to `back`: the text `input` converts to
/// directly (nothing `via` carries lost on the way).
fn via(input: &str, via: &str, back: &str) -> (String, String) {
    let direct = run(&["convert", input, "--to", back]);
    assert!(direct.starts_with("exit: 0\n"), "{direct}");
    let first = run(&["convert", input, "--to", via]);
    assert!(first.starts_with("exit: 0\n"), "{first}");
    let again = run_with_stdin(
        &["convert", "-", "--from", via, "--to", back],
        Some(stdout(&first)),
    );
    assert!(again.starts_with("exit: 0\n"), "{again}");
    (stdout(&direct).to_owned(), stdout(&again).to_owned())
}

#[test]
fn ack_tuning_manifest_through_aws_tf_k8s_and_datadog_keeps_the_job() {
    // Through AWS and Datadog the whole job (spec and status) comes back.
    for through in ["aws", "aws-yaml", "datadog"] {
        let (direct, again) = via(ACK_TUNING, through, "aws");
        assert_eq!(direct, again, "through {through}");
    }
    // tf-k8s holds the spec: the request comes back whole.
    let direct = run(&["convert", ACK_TUNING, "--to", "aws", "--no-status"]);
    let tf = run(&["convert", ACK_TUNING, "--to", "tf-k8s"]);
    let again = run_with_stdin(
        &["convert", "-", "--from", "tf-k8s", "--to", "aws"],
        Some(stdout(&tf)),
    );
    assert_eq!(stdout(&direct), stdout(&again), "{tf}");
}

#[test]
fn aws_tuning_response_through_ack_and_back() {
    // What ACK loses of the response is named in the first conversion's
    // losses (snapshotted in aws_describe_tuning_response_to_ack); the rest
    // comes back, and a second trip changes nothing.
    let (direct, again) = via(AWS_DESCRIBE, "ack", "ack");
    assert_eq!(direct, again);
}

#[test]
fn a_stream_mixing_resources_converts_each_as_its_own() {
    insta::assert_snapshot!(run(&["convert", ACK_STREAM, "--to", "aws-yaml"]));
}

#[test]
fn tf_aws_writes_the_training_job_and_refuses_the_tuning_job_of_a_stream() {
    insta::assert_snapshot!(run(&["convert", ACK_STREAM, "--to", "tf-aws"]));
}

#[test]
fn diff_of_two_tuning_jobs() {
    let dir = tempfile::tempdir().unwrap();
    let other = dir.path().join("other.yaml");
    let text = std::fs::read_to_string(ACK_TUNING)
        .unwrap()
        .replace("maxParallelTrainingJobs: 3", "maxParallelTrainingJobs: 6")
        .replace("maxValue: \"0.2\"", "maxValue: \"0.3\"");
    std::fs::write(&other, text).unwrap();
    let out = run(&["diff", ACK_TUNING, other.to_str().unwrap()]);
    insta::assert_snapshot!(out);
}

#[test]
fn set_a_tuning_job_member() {
    insta::assert_snapshot!(run(&[
        "convert",
        ACK_TUNING,
        "--to",
        "aws",
        "--no-status",
        "--set",
        "HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs=8",
    ]));
}

#[test]
fn schema_of_the_ack_tuning_job() {
    let out = run(&["schema", "--format", "ack", "--resource", "tuning-job"]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let printed: serde_json::Value = serde_json::from_str(stdout(&out)).unwrap();
    let generated: serde_json::Value = serde_json::from_str(
        tjspec_model::json_schema::get("ack.hyper_parameter_tuning_job").unwrap(),
    )
    .unwrap();
    assert_eq!(printed, generated);
    // It takes the fixture's manifest (spec and status), and it is not
    // the training job's schema.
    let validator = jsonschema::validator_for(&printed).unwrap();
    for manifest in crate::common::yaml_json(&std::fs::read_to_string(ACK_TUNING).unwrap()) {
        let errors: Vec<String> = validator
            .iter_errors(&manifest)
            .map(|e| e.to_string())
            .collect();
        assert!(errors.is_empty(), "{errors:?}");
    }
    let training = run(&["schema", "--format", "ack"]);
    assert_ne!(stdout(&training), stdout(&out));
}

/// In a stream of both resources, a `--set` path of one resource is applied
/// to its jobs and passed over, with a warning, for the other's; a path of
/// neither is still an error.
#[test]
fn set_paths_apply_to_the_jobs_of_their_resource() {
    let stream = "tests/fixtures/ack/tuning/stream.yaml";
    let out = run(&[
        "convert",
        stream,
        "--to",
        "aws",
        "--no-status",
        "--set",
        "HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs=3",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    assert!(out.contains("\"MaxParallelTrainingJobs\":3"), "{out}");
    let stderr = out
        .split("--- stderr\n")
        .nth(1)
        .unwrap()
        .replace(['\n', '│', ' '], "");
    assert!(
        stderr.contains("notappliedtothisTrainingJob:thepathisaHyperParameterTuningJob's"),
        "{out}"
    );
    let typo = run(&["convert", stream, "--to", "aws", "--set", "NoSuchMember=1"]);
    assert!(!typo.starts_with("exit: 0\n"), "{typo}");
}
