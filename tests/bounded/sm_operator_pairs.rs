//! The SageMaker operator's lists of `{name, value}` pairs near the size the
//! node budget allows: turning them into maps, and finding repeated names,
//! is linear, and the findings are capped.

use std::time::Duration;

use crate::common::limits::{children_peak_rss_mib, run_limited};

/// Generous for a debug build on a busy machine; a quadratic check of
/// repeated names over these lists takes far longer.
const LIMIT: Duration = Duration::from_secs(60);

/// A manifest whose hyperparameters are `n` pairs, every one named the same
/// when `same`, all different otherwise.
fn manifest(n: usize, same: bool) -> String {
    let mut s = String::from(
        "apiVersion: sagemaker.aws.amazon.com/v1\nkind: TrainingJob\nmetadata:\n  name: many\nspec:\n  trainingJobName: many\n  roleArn: arn:aws:iam::111122223333:role/r\n  region: us-west-2\n  algorithmSpecification: {trainingImage: x, trainingInputMode: File}\n  outputDataConfig: {s3OutputPath: \"s3://b/o\"}\n  resourceConfig: {instanceCount: 1, instanceType: ml.m5.large, volumeSizeInGB: 5}\n  stoppingCondition: {maxRuntimeInSeconds: 60}\n  hyperParameters:\n",
    );
    for i in 0..n {
        let name = if same {
            "p".to_owned()
        } else {
            format!("p{i}")
        };
        s.push_str(&format!("    - {{name: {name}, value: \"{i}\"}}\n"));
    }
    s
}

#[test]
fn long_pair_lists_are_read_in_linear_time_and_bounded_memory() {
    let dir = tempfile::tempdir().unwrap();
    // Distinct names: a valid job (HyperParameters allows at most 100
    // entries, so validation reports one count error).
    let distinct = dir.path().join("distinct.yaml");
    std::fs::write(&distinct, manifest(19_000, false)).unwrap();
    let ran = run_limited(
        &[
            "validate",
            distinct.to_str().unwrap(),
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    assert!(ran.stdout.contains("\"code\":\"count\""), "{}", ran.stdout);

    // One name repeated: every repeat is a finding, the kept ones capped.
    let repeated = dir.path().join("repeated.yaml");
    std::fs::write(&repeated, manifest(19_000, true)).unwrap();
    let ran = run_limited(
        &[
            "validate",
            repeated.to_str().unwrap(),
            "--message-format",
            "json",
        ],
        LIMIT,
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stderr);
    let lines: Vec<&str> = ran.stdout.lines().collect();
    assert!(lines.len() <= 1001, "{} findings kept", lines.len());
    assert!(
        lines[0].contains("\"code\":\"duplicate-key\""),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("\"path\":\"spec.hyperParameters[1].name\""),
        "{}",
        lines[0]
    );

    let peak = children_peak_rss_mib();
    assert!(peak < 128.0, "peak RSS {peak:.1} MiB");
}
