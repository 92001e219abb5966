//! `tjspec diff` as a drift gate: Describe responses, `--exact` envelopes,
//! `--ignore`, and many jobs per side.

use crate::common::run;

const CHURN: &str = "tests/fixtures/diff/spec/churn.yaml";

#[test]
fn tags_absent_from_a_describe_response_are_not_a_difference() {
    // The request has Tags, the Describe response (which never returns them) none.
    let out = run(&[
        "diff",
        "examples/xgboost-churn.json",
        "examples/describe-response.json",
    ]);
    assert!(out.starts_with("exit: 1"), "{out}");
    let changes = out.split("--- stderr").next().unwrap();
    assert!(!changes.contains("Tags"), "{out}");
    assert!(
        out.contains("note: Tags are not compared: DescribeTrainingJob does not return them"),
        "{out}"
    );
    assert_eq!(out.matches("note:").count(), 1, "{out}");
    // --exact compares them.
    let exact = run(&[
        "diff",
        "--exact",
        "examples/xgboost-churn.json",
        "examples/describe-response.json",
    ]);
    assert!(exact.contains("- Tags[\"team\"]"), "{exact}");
    let json = run(&[
        "diff",
        "--message-format",
        "json",
        "examples/xgboost-churn.json",
        "examples/describe-response.json",
    ]);
    assert!(
        json.contains(r#""notes":["Tags are not compared"#),
        "{json}"
    );
}

#[test]
fn exact_compares_the_envelope() {
    let other = "tests/fixtures/diff/churn-other-namespace.yaml";
    let default = run(&["diff", CHURN, other]);
    assert!(default.starts_with("exit: 0"), "{default}");
    insta::assert_snapshot!("exact_envelope", run(&["diff", "--exact", CHURN, other]));
}

#[test]
fn ignore_leaves_out_paths_with_wildcards() {
    insta::assert_snapshot!(
        "ignore",
        run(&[
            "diff",
            "--ignore",
            "HyperParameters.*",
            "--ignore",
            "InputDataConfig[*].DataSource",
            "--ignore",
            r#"InputDataConfig["validation"]"#,
            "examples/xgboost-churn.json",
            "examples/describe-response.json",
        ])
    );
    // Everything ignored: equal.
    let all = run(&[
        "diff",
        "--ignore",
        "*",
        "examples/xgboost-churn.json",
        "examples/describe-response.json",
    ]);
    assert!(all.starts_with("exit: 0"), "{all}");
    // In the names of --names.
    let ack = run(&[
        "diff",
        "--names",
        "ack",
        "--ignore",
        "spec.hyperParameters.*",
        "examples/xgboost-churn.json",
        "examples/describe-response.json",
    ]);
    assert!(!ack.contains("hyperParameters"), "{ack}");
    assert!(ack.contains("spec.inputDataConfig"), "{ack}");
}

#[test]
fn directories_and_streams_compare_job_by_name() {
    insta::assert_snapshot!(
        "many_jobs",
        run(&[
            "diff",
            "tests/fixtures/diff/spec",
            "tests/fixtures/diff/live"
        ])
    );
    insta::assert_snapshot!(
        "many_jobs_json",
        run(&[
            "diff",
            "--message-format",
            "json",
            "tests/fixtures/diff/spec",
            "tests/fixtures/diff/live"
        ])
    );
    let same = run(&[
        "diff",
        "tests/fixtures/diff/spec",
        "tests/fixtures/diff/spec",
    ]);
    assert!(same.starts_with("exit: 0"), "{same}");
}
