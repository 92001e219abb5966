//! Whole invocations of `tjspec` on Terraform HCL, snapshotted: a full job
//! in both dialects, expressions with and without `--keep-expressions`,
//! template escaping, non-ASCII values, several blocks, and errors with
//! their positions.

use crate::common::{run, run_with_stdin};
use tjspec_runtime::Code;

fn stdout(run: &str) -> &str {
    run.split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/terraform/{name}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// The full create request in `dialect`, then back to AWS JSON: the same
/// job less what the dialect cannot carry (named in the first run's losses).
fn full_job(dialect: &str) -> (String, serde_json::Value) {
    let hcl = run(&[
        "convert",
        "tests/fixtures/aws/full-create.json",
        "--to",
        dialect,
    ]);
    let back = run_with_stdin(
        &["convert", "-", "--from", dialect, "--to", "aws"],
        Some(stdout(&hcl)),
    );
    assert!(back.starts_with("exit: 0\n"), "{back}");
    (hcl, serde_json::from_str(stdout(&back)).unwrap())
}

fn remove(v: &mut serde_json::Value, path: &[&str]) {
    let (last, parents) = path.split_last().unwrap();
    let mut cur = v;
    for p in parents {
        cur = match p.parse::<usize>() {
            Ok(i) => &mut cur[i],
            Err(_) => &mut cur[*p],
        };
    }
    assert!(
        cur.as_object_mut().unwrap().remove(*last).is_some(),
        "{path:?}"
    );
}

fn original() -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/aws/full-create.json"
        ))
        .unwrap(),
    )
    .unwrap()
}

#[test]
fn full_job_as_tf_k8s() {
    let (hcl, back) = full_job("tf-k8s");
    insta::assert_snapshot!(hcl);
    let mut expected = original();
    for path in [
        &["AlgorithmSpecification", "ContainerEntrypoint"][..],
        &["AlgorithmSpecification", "ContainerArguments"],
        &["AlgorithmSpecification", "TrainingImageConfig"],
        &["InputDataConfig", "0", "DataSource", "DatasetSource"],
        &["ResourceConfig", "TrainingPlanArn"],
        &["ResourceConfig", "InstancePreferences"],
        &["ResourceConfig", "SelectedInstanceType"],
        &["ResourceConfig", "SelectedInstanceCount"],
        &["ExperimentConfig", "RunName"],
        &["ProfilerConfig", "DisableProfiler"],
        &["SessionChainingConfig"],
        &["ServerlessJobConfig"],
        &["MlflowConfig"],
        &["ModelPackageConfig"],
    ] {
        remove(&mut expected, path);
    }
    assert_eq!(back, expected);
}

#[test]
fn full_job_as_tf_aws() {
    let (hcl, back) = full_job("tf-aws");
    insta::assert_snapshot!(hcl);
    let mut expected = original();
    for path in [
        &["InputDataConfig", "0", "DataSource", "DatasetSource"][..],
        &["ResourceConfig", "InstancePreferences"],
        &["ResourceConfig", "SelectedInstanceType"],
        &["ResourceConfig", "SelectedInstanceCount"],
        &["ServerlessJobConfig", "SequenceLength"],
    ] {
        remove(&mut expected, path);
    }
    assert_eq!(back, expected);
}

#[test]
fn tf_k8s_resource_kind_and_namespace() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "tf-k8s",
        "--tf-k8s-kind",
        "resource",
        "--namespace",
        "ml-jobs",
        "--set",
        "AlgorithmSpecification={TrainingImage: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1, TrainingInputMode: File}",
        "--set",
        "ResourceConfig={InstanceType: ml.m5.large, InstanceCount: 1, VolumeSizeInGB: 30}",
        "--set",
        "StoppingCondition.MaxRuntimeInSeconds=3600"
    ]));
    // Like an ACK manifest, a tf-k8s one needs what the CRD requires.
    let bare = run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "tf-k8s",
        "--message-format",
        "json",
    ]);
    assert!(bare.starts_with("exit: 1"), "{bare}");
    assert!(
        bare.contains("the ACK CRD requires spec.stoppingCondition"),
        "{bare}"
    );
}

#[test]
fn expressions_fail_without_keep_expressions() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/terraform/expressions.tf",
        "--to",
        "tf-k8s",
        "--message-format",
        "json"
    ]));
}

#[test]
fn expressions_carry_between_dialects_with_keep_expressions() {
    let k8s = run(&[
        "convert",
        "tests/fixtures/terraform/expressions.tf",
        "--to",
        "tf-k8s",
        "--keep-expressions",
    ]);
    insta::assert_snapshot!(k8s);
    let aws = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "tf-k8s",
            "--to",
            "tf-aws",
            "--keep-expressions",
        ],
        Some(stdout(&k8s)),
    );
    insta::assert_snapshot!(aws);
    // tf-aws → tf-k8s → tf-aws gives the same block again.
    let again = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "tf-aws",
            "--to",
            "tf-aws",
            "--keep-expressions",
        ],
        Some(stdout(&aws)),
    );
    assert_eq!(stdout(&again), stdout(&aws));
}

#[test]
fn keep_expressions_still_fails_for_json() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/terraform/expressions.tf",
        "--to",
        "aws",
        "--keep-expressions",
        "--message-format",
        "json"
    ]));
}

#[test]
fn escaping_and_non_ascii_round_trip_byte_for_byte() {
    let text = fixture("escaping.tf");
    let json = run(&[
        "convert",
        "tests/fixtures/terraform/escaping.tf",
        "--to",
        "aws",
    ]);
    insta::assert_snapshot!(json);
    // The fixture is `terraform fmt`-clean; writing what it reads gives it back.
    let same = run(&[
        "convert",
        "tests/fixtures/terraform/escaping.tf",
        "--to",
        "tf-k8s",
    ]);
    assert_eq!(stdout(&same), text);
    // Through AWS JSON and back, only the metadata is lost.
    let back = run_with_stdin(
        &["convert", "-", "--from", "aws", "--to", "tf-aws"],
        Some(stdout(&json)),
    );
    insta::assert_snapshot!(back);
}

#[test]
fn several_blocks_convert_in_order_and_others_are_skipped() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/terraform/several.tf",
        "--from",
        "tf-k8s",
        "--to",
        "aws-yaml"
    ]));
}

#[test]
fn several_jobs_write_several_blocks() {
    let out = run(&[
        "convert",
        "tests/fixtures/terraform/several.tf",
        "--from",
        "tf-k8s",
        "--to",
        "tf-aws",
    ]);
    insta::assert_snapshot!(out);
}

#[test]
fn a_file_with_both_dialects_needs_from() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/terraform/several.tf",
        "--to",
        "aws"
    ]));
}

#[test]
fn syntax_error_has_a_position() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/terraform/syntax-error.tf",
        "--to",
        "aws"
    ]));
}

#[test]
fn blocks_and_arguments_in_the_wrong_form() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/terraform/wrong-shapes.tf",
        "--to",
        "aws",
        "--message-format",
        "json"
    ]));
}

#[test]
fn manifest_errors() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/terraform/k8s-errors.tf",
        "--to",
        "aws",
        "--message-format",
        "json"
    ]));
}

#[test]
fn numbers_booleans_and_number_like_strings_keep_their_types() {
    let out = run_with_stdin(
        &["convert", "-", "--from", "aws", "--to", "tf-aws"],
        Some(
            r#"{"TrainingJobName":"t","RoleArn":"arn:aws:iam::111122223333:role/R",
            "HyperParameters":{"n":"10","b":"false","f":"1.5"},
            "OutputDataConfig":{"S3OutputPath":"s3://b/o"},
            "ResourceConfig":{"InstanceType":"ml.m5.large","InstanceCount":2,"VolumeSizeInGB":5},
            "StoppingCondition":{"MaxRuntimeInSeconds":60},
            "EnableNetworkIsolation":false}"#,
        ),
    );
    let hcl = stdout(&out);
    assert!(hcl.contains("n = \"10\""), "{hcl}");
    assert!(hcl.contains("b = \"false\""), "{hcl}");
    assert!(hcl.contains("instance_count    = 2\n"), "{hcl}");
    assert!(hcl.contains("enable_network_isolation = false\n"), "{hcl}");
    let back = run_with_stdin(
        &["convert", "-", "--from", "tf-aws", "--to", "aws"],
        Some(hcl),
    );
    let v: serde_json::Value = serde_json::from_str(stdout(&back)).unwrap();
    assert_eq!(v["HyperParameters"]["n"], "10");
    assert_eq!(v["ResourceConfig"]["InstanceCount"], 2);
    assert_eq!(v["EnableNetworkIsolation"], false);
}

/// A tags expression is rewritten for the other dialect's shape (a map in
/// tf-aws, a list of `{ key, value }` objects in tf-k8s) and comes back as
/// written; in its own dialect it stays as it is.
#[test]
fn tags_expressions_change_shape_across_dialects() {
    let aws = "resource \"aws_sagemaker_training_job\" \"x\" {\n  training_job_name = \"a\"\n  role_arn          = \"arn:aws:iam::111122223333:role/R\"\n  tags              = var.tags\n\n  output_data_config {\n    s3_output_path = \"s3://b/o\"\n  }\n}\n";
    let same = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "tf-aws",
            "--to",
            "tf-aws",
            "--keep-expressions",
            "--strict",
        ],
        Some(aws),
    );
    assert!(same.starts_with("exit: 0"), "{same}");
    assert_eq!(stdout(&same), aws);
    // What the ACK CRD requires beside the tags.
    let k8s = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "tf-aws",
            "--to",
            "tf-k8s",
            "--keep-expressions",
            "--strict",
            "--set",
            "AlgorithmSpecification.TrainingImage=111122223333.dkr.ecr.us-east-1.amazonaws.com/t:1",
            "--set",
            "AlgorithmSpecification.TrainingInputMode=File",
            "--set",
            "ResourceConfig.InstanceType=ml.m5.xlarge",
            "--set",
            "ResourceConfig.InstanceCount=1",
            "--set",
            "ResourceConfig.VolumeSizeInGB=30",
            "--set",
            "StoppingCondition.MaxRuntimeInSeconds=3600",
        ],
        Some(aws),
    );
    assert!(k8s.starts_with("exit: 0"), "{k8s}");
    assert!(
        stdout(&k8s)
            .contains("    tags              = [for k, v in var.tags : { key = k, value = v }]\n"),
        "{k8s}"
    );
    let back = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "tf-k8s",
            "--to",
            "tf-aws",
            "--keep-expressions",
        ],
        Some(stdout(&k8s)),
    );
    assert!(back.starts_with("exit: 0"), "{back}");
    assert!(
        stdout(&back).contains("  tags              = var.tags\n"),
        "{back}"
    );
    // A list of tags written for tf-k8s becomes a map for tf-aws.
    let list = stdout(&k8s).replace(
        "[for k, v in var.tags : { key = k, value = v }]",
        "local.tag_list",
    );
    let map = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "tf-k8s",
            "--to",
            "tf-aws",
            "--keep-expressions",
        ],
        Some(&list),
    );
    assert!(
        stdout(&map)
            .contains("  tags              = { for t in local.tag_list : t.key => t.value }\n"),
        "{map}"
    );
}

/// Every member whose value is an expression carries to the other dialect
/// with nothing lost: `tags` in the other shape, `hyper_parameters` and
/// `environment` (maps in both) as written; and back again.
#[test]
fn map_member_expressions_carry_across_dialects() {
    let k8s = run(&[
        "convert",
        "tests/fixtures/terraform/tags-expression.tf",
        "--to",
        "tf-k8s",
        "--keep-expressions",
        "--strict",
    ]);
    insta::assert_snapshot!(k8s);
    let spec = stdout(&k8s);
    for line in [
        "    hyper_parameters  = local.hyper_parameters\n",
        "    tags              = [for k, v in local.ai_tags : { key = k, value = v }]\n",
        "    environment       = merge(local.environment, { STAGE = \"train\" })\n",
    ] {
        assert!(spec.contains(line), "{line}{k8s}");
    }
    let back = run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "tf-k8s",
            "--to",
            "tf-aws",
            "--keep-expressions",
        ],
        Some(spec),
    );
    let written = fixture("tags-expression.tf");
    let resource = &written[written.find("resource").unwrap()..];
    assert_eq!(stdout(&back), resource, "{back}");
}

/// Two job blocks with one address: Terraform refuses the file, so does tjspec.
#[test]
fn repeated_block_addresses() {
    let block = "resource \"aws_sagemaker_training_job\" \"a\" {\n  training_job_name = \"a\"\n  role_arn          = \"arn:aws:iam::111122223333:role/R\"\n  output_data_config {\n    s3_output_path = \"s3://b/o\"\n  }\n}\n";
    let out = run_with_stdin(
        &[
            "validate",
            "-",
            "--from",
            "tf-aws",
            "--message-format",
            "json",
        ],
        Some(&format!("{block}{block}")),
    );
    assert!(out.starts_with("exit: 1"), "{out}");
    assert!(
        out.contains(r#""line":8,"column":39,"severity":"error","code":"duplicate-key""#),
        "{out}"
    );
    assert!(
        out.contains("`aws_sagemaker_training_job.a` is declared twice"),
        "{out}"
    );
}

/// A member missing from a tf-aws block is reported at the block.
#[test]
fn missing_members_point_at_the_block() {
    let out = run_with_stdin(
        &[
            "validate",
            "-",
            "--from",
            "tf-aws",
            "--message-format",
            "json",
        ],
        Some("resource \"aws_sagemaker_training_job\" \"x\" {\n  training_job_name = \"a\"\n}\n"),
    );
    assert!(
        out.contains(
            r#""line":1,"column":1,"severity":"error","code":"required","path":"role_arn""#
        ),
        "{out}"
    );
}

/// Every argument of `aws_sagemaker_training_job` the provider documents
/// (`schema/bindings/tf-aws-arguments.txt`, job members and the provider's
/// own settings alike) is read: none is an unknown field or in the wrong
/// form. Each is tried alone, inside the blocks that hold it.
#[test]
fn every_provider_argument_is_read() {
    use std::sync::Arc;
    use tjspec::format::{FormatId, ReadOptions};
    use tjspec::source::Source;

    let listed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/schema/bindings/tf-aws-arguments.txt"
    ))
    .unwrap();
    let paths: Vec<&str> = listed
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    assert!(paths.contains(&"delete_vpc_enis_on_destroy"));
    assert!(paths.contains(&"region"));
    for path in &paths {
        let parts: Vec<&str> = path.split('.').collect();
        let is_block = paths.iter().any(|p| p.starts_with(&format!("{path}.")));
        let mut body = if is_block {
            format!("{} {{\n}}\n", parts[parts.len() - 1])
        } else {
            format!("{} = \"x\"\n", parts[parts.len() - 1])
        };
        for parent in parts[..parts.len() - 1].iter().rev() {
            body = format!("{parent} {{\n{body}}}\n");
        }
        let text = format!("resource \"aws_sagemaker_training_job\" \"t\" {{\n{body}}}\n");
        let source = Arc::new(Source::new("arguments.tf", text.clone()));
        let docs = FormatId::TfAws
            .format()
            .read(&source, &ReadOptions::default());
        for doc in &docs {
            for d in &doc.diagnostics {
                assert!(
                    !matches!(d.code, Code::UnknownField | Code::Block | Code::Syntax),
                    "`{path}` is refused: {d:?}\n{text}"
                );
            }
        }
    }
}

/// The provider's own arguments (`region`, `delete_vpc_enis_on_destroy`,
/// `timeouts`) are not job members: other formats name each as not
/// carried; tf-aws writes them back as read.
#[test]
fn provider_arguments_are_kept_for_tf_aws() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/terraform/provider-arguments.tf",
        "--to",
        "aws",
        "--message-format",
        "json"
    ]));
    let same = run(&[
        "convert",
        "tests/fixtures/terraform/provider-arguments.tf",
        "--to",
        "tf-aws",
        "--strict",
    ]);
    assert!(same.starts_with("exit: 0\n"), "{same}");
    assert_eq!(stdout(&same), fixture("provider-arguments.tf"));
    assert!(same.ends_with("--- stderr\n"), "{same}");
}

/// Findings in tf-aws `tags` name the tag as the file's map writes it
/// (`tags.owner`, `tags["bad key!"]`), not by a list index the file does
/// not have.
#[test]
fn tag_findings_name_the_tag() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/terraform/bad-tags.tf",
        "--message-format",
        "json"
    ]));
}
