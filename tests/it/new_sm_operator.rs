//! `tjspec new --to sm-operator`: the SageMaker operator needs
//! `spec.region`, which is no member of the job. `--region` gives it;
//! without it the skeleton holds a placeholder that validation names, like
//! every other value only the author knows.

use crate::common::{run_with_stdin, shown, text, tjspec};

const REGION_PLACEHOLDER: &str = "<AWS region: like us-west-2>";

fn new(args: &[&str]) -> String {
    let out = tjspec()
        .args(["new", "--to", "sm-operator"])
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    text(&out.stdout)
}

fn error_messages(checked: &str) -> Vec<String> {
    checked
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["severity"] == "error")
        .map(|v| format!("{}: {}", v["path"], v["message"]))
        .collect()
}

#[test]
fn the_skeleton_holds_a_region_placeholder_that_validation_names() {
    let skeleton = new(&[]);
    assert!(
        skeleton.contains(&format!("  region: \"{REGION_PLACEHOLDER}\"\n")),
        "{skeleton}"
    );
    let checked = run_with_stdin(
        &[
            "validate",
            "--from",
            "sm-operator",
            "-",
            "--message-format",
            "json",
        ],
        Some(&skeleton),
    );
    assert!(checked.starts_with("exit: 1"), "{checked}");
    let errors = error_messages(&checked);
    assert!(
        errors
            .iter()
            .any(|m| m.starts_with("\"spec.region\"") && m.contains(REGION_PLACEHOLDER)),
        "{errors:#?}"
    );
    // Filled in, the region included, the skeleton is valid.
    let filled = skeleton
        .replace(REGION_PLACEHOLDER, "eu-west-1")
        .replace("<training job name>", "churn")
        .replace(
            "<IAM role ARN: arn:aws:iam::ACCOUNT:role/NAME>",
            "arn:aws:iam::111122223333:role/SageMaker",
        )
        .replace("<S3 output URI: s3://BUCKET/PREFIX/>", "s3://acme/out/");
    let checked = run_with_stdin(
        &[
            "convert",
            "--from",
            "sm-operator",
            "-",
            "--to",
            "sm-operator",
            "--validate",
            "--set",
            "AlgorithmSpecification.TrainingImage=111122223333.dkr.ecr.eu-west-1.amazonaws.com/churn:1",
        ],
        Some(&filled),
    );
    assert!(checked.starts_with("exit: 0"), "{checked}");
    assert!(checked.contains("  region: eu-west-1\n"), "{checked}");
}

#[test]
fn region_gives_the_region() {
    let skeleton = new(&["--region", "ap-southeast-2"]);
    assert!(
        skeleton.contains("\nspec:\n  region: ap-southeast-2\n"),
        "{skeleton}"
    );
    assert!(!skeleton.contains(REGION_PLACEHOLDER), "{skeleton}");
}

/// A region that is not one is written as given and named by `validate`.
#[test]
fn a_region_that_is_not_one_is_named() {
    let skeleton = new(&["--region", "Frankfurt"]);
    let checked = run_with_stdin(
        &[
            "validate",
            "--from",
            "sm-operator",
            "-",
            "--message-format",
            "json",
        ],
        Some(&skeleton),
    );
    let errors = error_messages(&checked);
    assert!(
        errors
            .iter()
            .any(|m| m.contains("spec.region `Frankfurt` is not an AWS region")),
        "{errors:#?}"
    );
}

/// Formats that carry no region are unchanged by it.
#[test]
fn other_formats_carry_no_region() {
    let out = tjspec()
        .args(["new", "--to", "aws-yaml", "--region", "eu-west-1"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let plain = tjspec().args(["new", "--to", "aws-yaml"]).output().unwrap();
    assert_eq!(out.stdout, plain.stdout);
}
