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
