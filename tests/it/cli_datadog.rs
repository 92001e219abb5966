//! Whole invocations of `tjspec` on Datadog resource rows, snapshotted.

use crate::common::{run, run_with_stdin};

fn stdout(run: &str) -> &str {
    run.split("--- stdout\n")
        .nth(1)
        .and_then(|s| s.split("--- stderr\n").next())
        .expect("run output has stdout")
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).expect("JSON output")
}

#[test]
fn row_to_aws_expands_tags_and_drops_the_derived_account() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/datadog/row.json",
        "--to",
        "aws"
    ]));
}

#[test]
fn row_survives_aws_and_back() {
    let aws = run(&[
        "convert",
        "tests/fixtures/datadog/row.json",
        "--from",
        "datadog",
        "--to",
        "aws",
    ]);
    assert!(aws.starts_with("exit: 0\n"), "{aws}");
    let back = run_with_stdin(
        &["convert", "-", "--from", "aws", "--to", "datadog"],
        Some(stdout(&aws)),
    );
    assert!(back.starts_with("exit: 0\n"), "{back}");
    assert!(back.ends_with("--- stderr\n"), "no warnings: {back}");
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/datadog/row.json"
    ))
    .unwrap();
    let mut expected = json(&original);
    // A tag without `:` is written in its normal form, `key:`.
    let tags = expected["tags"].as_array_mut().unwrap();
    for t in tags.iter_mut() {
        if !t.as_str().unwrap().contains(':') {
            *t = format!("{}:", t.as_str().unwrap()).into();
        }
    }
    assert_eq!(json(stdout(&back)), expected);
}

#[test]
fn describe_response_to_datadog_derives_the_account() {
    insta::assert_snapshot!(run(&[
        "convert",
        "examples/describe-response.json",
        "--to",
        "datadog"
    ]));
}

#[test]
fn create_only_members_are_named_as_losses() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/full-create.json",
        "--to",
        "datadog"
    ]));
}

#[test]
fn tag_edge_cases() {
    let job = r#"{"TrainingJobName":"t","RoleArn":"arn:aws:iam::111122223333:role/r",
        "OutputDataConfig":{"S3OutputPath":"s3://b/o"},
        "Tags":[{"Key":"team","Value":"ml"},{"Key":"empty","Value":""},
                {"Key":"url","Value":"https://example.com:8443/x"},
                {"Key":"aws:cloudformation:stack-name","Value":"ml-stack"}]}"#;
    insta::assert_snapshot!(
        "tags_to_datadog",
        run_with_stdin(&["convert", "-", "--to", "datadog"], Some(job))
    );
    let row = r#"{"training_job_name":"t","role_arn":"arn:aws:iam::111122223333:role/r",
        "output_data_config":{"s3_output_path":"s3://b/o"},
        "tags":["team:ml","empty:","bare","url:https://example.com:8443/x","team:ml"]}"#;
    insta::assert_snapshot!(
        "tags_from_datadog",
        run_with_stdin(&["convert", "-", "--to", "aws", "--no-status"], Some(row))
    );
    // An empty key breaks the Tag's constraints and is reported where it is written.
    let row = r#"{"training_job_name":"t","role_arn":"arn:aws:iam::111122223333:role/r",
        "output_data_config":{"s3_output_path":"s3://b/o"},
        "tags":[":no-key",""]}"#;
    insta::assert_snapshot!(
        "tags_with_empty_keys",
        run_with_stdin(&["convert", "-", "--to", "aws"], Some(row))
    );
}

#[test]
fn strict_fails_on_an_altered_tag_key() {
    let job = r#"{"TrainingJobName":"t","RoleArn":"arn:aws:iam::111122223333:role/r",
        "OutputDataConfig":{"S3OutputPath":"s3://b/o"},
        "Tags":[{"Key":"a:b","Value":"c"}]}"#;
    let out = run_with_stdin(&["convert", "-", "--to", "datadog", "--strict"], Some(job));
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert!(out.contains("error[altered]"), "{out}");
}

#[test]
fn json_lines_inventory_to_aws_json_lines() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/datadog/inventory.jsonl",
        "--to",
        "aws"
    ]));
}

#[test]
fn an_array_of_rows_reads_like_json_lines() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/datadog/inventory.jsonl"
    ))
    .unwrap();
    let array = format!("[{}]", text.trim_end().replace('\n', ",\n"));
    let from_array = run_with_stdin(&["convert", "-", "--to", "datadog"], Some(&array));
    let from_lines = run(&[
        "convert",
        "tests/fixtures/datadog/inventory.jsonl",
        "--to",
        "datadog",
    ]);
    assert!(from_lines.starts_with("exit: 0\n"), "{from_lines}");
    assert_eq!(from_array, from_lines);
    assert_eq!(stdout(&from_lines).lines().count(), 3);
}

#[test]
fn a_broken_line_fails_alone() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/datadog/invalid/broken-line.jsonl",
        "--to",
        "datadog"
    ]));
}

#[test]
fn account_id_disagreeing_with_the_arn_is_an_error() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/datadog/invalid/account-mismatch.json"
    ]));
}

#[test]
fn account_id_without_an_arn_stays_with_datadog() {
    let row = r#"{"account_id":"012345678901","training_job_name":"t",
        "role_arn":"arn:aws:iam::012345678901:role/r","output_data_config":{"s3_output_path":"s3://b/o"}}"#;
    let same = run_with_stdin(&["convert", "-", "--to", "datadog"], Some(row));
    assert!(same.ends_with("--- stderr\n"), "no loss: {same}");
    assert_eq!(json(stdout(&same))["account_id"], "012345678901");
    insta::assert_snapshot!(
        "account_without_arn_to_aws",
        run_with_stdin(&["convert", "-", "--to", "aws"], Some(row))
    );
}

#[test]
fn bad_tags_and_account_types() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/datadog/invalid/tags.json"
    ]));
}

#[test]
fn create_only_member_in_a_row() {
    insta::assert_snapshot!(run(&[
        "validate",
        "tests/fixtures/datadog/invalid/create-only-member.json"
    ]));
}

#[test]
fn detection_tells_rows_from_aws_json() {
    for (path, expected) in [
        ("tests/fixtures/datadog/row.json", "exit: 0\n"),
        ("tests/fixtures/datadog/inventory.jsonl", "exit: 0\n"),
        ("examples/describe-response.json", "exit: 0\n"),
    ] {
        let out = run(&["validate", "--message-format", "json", path]);
        assert!(out.starts_with(expected), "{path}: {out}");
    }
    // Without a path, from the content alone.
    let row = r#"{"training_job_name":"t","role_arn":"arn:aws:iam::111122223333:role/r","output_data_config":{"s3_output_path":"s3://b/o"}}"#;
    let out = run_with_stdin(&["convert", "-", "--to", "aws"], Some(row));
    assert!(out.contains("\"TrainingJobName\": \"t\""), "{out}");
}
