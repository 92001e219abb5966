//! `--set` and `--overlay` in `convert` and `validate`, hints that name
//! them, envelope notes, `--quiet` and the batch summary.

use crate::common::{run, run_with_stdin};

const NO_OUTPUT: &str = "tests/fixtures/overrides/no-output.json";
const CHANNELS: &str = "tests/fixtures/overrides/channels.json";

fn stderr(out: &str) -> &str {
    out.split("--- stderr\n").nth(1).unwrap_or("")
}

fn stdout(out: &str) -> &str {
    out.split("--- stdout\n")
        .nth(1)
        .and_then(|s| s.split("--- stderr\n").next())
        .unwrap_or("")
}

#[test]
fn hints_name_what_works_where_they_are_printed() {
    // validate's hint names --set with the value the structure needs, and
    // validate takes it.
    let missing = run(&["validate", NO_OUTPUT]);
    assert!(
        missing.contains(
            "help: supply it with --set OutputDataConfig.S3OutputPath=... or --overlay FILE"
        ),
        "{missing}"
    );
    let supplied = run(&[
        "validate",
        NO_OUTPUT,
        "--set",
        "OutputDataConfig.S3OutputPath=s3://acme/out/",
    ]);
    assert!(supplied.starts_with("exit: 0"), "{supplied}");
    // The whole structure as a JSON value works too.
    let json = run(&[
        "convert",
        NO_OUTPUT,
        "--to",
        "aws",
        "--set",
        r#"OutputDataConfig={"S3OutputPath": "s3://acme/out/"}"#,
    ]);
    assert!(json.starts_with("exit: 0"), "{json}");
    assert!(
        json.contains("\"S3OutputPath\": \"s3://acme/out/\""),
        "{json}"
    );
    // diff has no --set: its hint names the member only.
    let diff = run(&["diff", "--message-format", "json", NO_OUTPUT, CHANNELS]);
    assert!(
        diff.contains(r#""hint":"supply `OutputDataConfig.S3OutputPath`""#),
        "{diff}"
    );
    assert!(!diff.contains("--set"), "{diff}");
    // An overlay with validate.
    let dir = tempfile::tempdir().unwrap();
    let overlay = dir.path().join("overrides.yaml");
    std::fs::write(
        &overlay,
        "OutputDataConfig:\n  S3OutputPath: s3://acme/out/\n",
    )
    .unwrap();
    let overlaid = run(&[
        "validate",
        NO_OUTPUT,
        "--overlay",
        overlay.to_str().unwrap(),
    ]);
    assert!(overlaid.starts_with("exit: 0"), "{overlaid}");
}

#[test]
fn set_takes_the_paths_diff_prints() {
    insta::assert_snapshot!(
        "set_named_elements",
        run(&[
            "convert",
            CHANNELS,
            "--to",
            "aws-yaml",
            "--set",
            r#"InputDataConfig["validation"].ContentType=application/json"#,
            "--set",
            r#"Tags["env"].Value=prod"#,
            "--set",
            r#"Tags["team"]=null"#,
            "--set",
            r#"HyperParameters["a.b"]=1"#,
        ])
    );
    let out_of_range = run(&[
        "convert",
        CHANNELS,
        "--to",
        "aws",
        "--set",
        "InputDataConfig[99999999999999999999].ContentType=x",
    ]);
    assert!(out_of_range.starts_with("exit: 2"), "{out_of_range}");
    assert!(
        out_of_range.contains("index 99999999999999999999 is out of range"),
        "{out_of_range}"
    );
    let unnamed = run(&[
        "convert",
        CHANNELS,
        "--to",
        "aws",
        "--set",
        r#"AlgorithmSpecification.ContainerEntrypoint["x"]=python"#,
    ]);
    assert!(
        unnamed.contains("the elements of this list have no name; use an index"),
        "{unnamed}"
    );
    let help = run(&["convert", "--help"]);
    assert!(help.contains("The value is YAML flow or JSON"), "{help}");
    let help = run(&["validate", "--help"]);
    assert!(help.contains("--set <PATH=VALUE>"), "{help}");
    assert!(help.contains("--overlay <FILE>"), "{help}");
}

const MANIFEST: &str = "\
apiVersion: sagemaker.services.k8s.aws/v1alpha1
kind: TrainingJob
metadata:
  name: churn
  namespace: ml
  labels:
    team: growth
spec:
  trainingJobName: churn
  roleARN: arn:aws:iam::111122223333:role/SageMaker
  algorithmSpecification:
    trainingImage: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1
    trainingInputMode: File
  outputDataConfig:
    s3OutputPath: s3://acme/out/
  resourceConfig:
    instanceType: ml.m5.xlarge
    instanceCount: 1
    volumeSizeInGB: 10
  stoppingCondition:
    maxRuntimeInSeconds: 3600
";

fn stream(n: usize) -> String {
    vec![MANIFEST; n].join("---\n")
}

#[test]
fn envelope_losses_are_notes_gathered_per_path() {
    let three = stream(3);
    let out = run_with_stdin(&["convert", "-", "--to", "aws"], Some(&three));
    assert!(out.starts_with("exit: 0"), "{out}");
    insta::assert_snapshot!("envelope_notes", stderr(&out));
    // --strict is about job members: the envelope does not fail it.
    let strict = run_with_stdin(&["convert", "-", "--to", "aws", "--strict"], Some(&three));
    assert!(strict.starts_with("exit: 0"), "{strict}");
    // Machine formats keep one record per document.
    let json = run_with_stdin(
        &["convert", "-", "--to", "aws", "--message-format", "json"],
        Some(&three),
    );
    let records: Vec<&str> = stderr(&json)
        .lines()
        .filter(|l| l.contains(r#""path":"metadata.namespace""#))
        .collect();
    assert_eq!(records.len(), 3, "{json}");
    assert!(records[0].contains(r#""severity":"note""#), "{json}");
    // A member the output cannot carry stays a warning, and --strict fails on it.
    let member = run_with_stdin(
        &["convert", "-", "--to", "flyteidl-json", "--strict"],
        Some(MANIFEST),
    );
    assert!(member.starts_with("exit: 1"), "{member}");
}

#[test]
fn quiet_prints_errors_only_and_batches_end_with_a_summary() {
    let mut two = stream(2);
    two.push_str("---\n");
    two.push_str(&MANIFEST.replace("instanceCount: 1", "instanceCount: two"));
    let out = run_with_stdin(&["convert", "-", "--to", "aws"], Some(&two));
    assert!(out.starts_with("exit: 1"), "{out}");
    assert!(
        stderr(&out).ends_with("3 documents from 1 file: 2 converted, 1 failed\n"),
        "{out}"
    );
    let quiet = run_with_stdin(&["convert", "-", "--to", "aws", "-q"], Some(&two));
    assert!(quiet.starts_with("exit: 1"), "{quiet}");
    let err = stderr(&quiet);
    assert!(err.contains("error[type]"), "{quiet}");
    assert!(!err.contains("note") && !err.contains("warning"), "{quiet}");
    assert!(!err.contains("documents from"), "{quiet}");
    assert_eq!(stdout(&quiet), stdout(&out));
    // Not in machine formats.
    let json = run_with_stdin(&["validate", "-", "--message-format", "json"], Some(&two));
    assert!(!json.contains("documents from"), "{json}");
    let valid = run(&["validate", CHANNELS, NO_OUTPUT]);
    assert!(
        stderr(&valid).ends_with("2 documents from 2 files: 1 valid, 1 failed\n"),
        "{valid}"
    );
    assert!(run(&["validate", "-q", CHANNELS]) == "exit: 0\n--- stdout\n--- stderr\n");
}

#[test]
fn names_people_write_get_one_finding_by_meaning() {
    // tf-aws `name =` for `training_job_name`, `role =` for `role_arn`, and
    // an ACK `roleArn:` for `roleARN`: one finding each, naming the member
    // and that it is required.
    insta::assert_snapshot!(
        "misnamed_members",
        run(&[
            "validate",
            "--message-format",
            "json",
            "tests/fixtures/overrides/tf-aws-names.tf",
            "tests/fixtures/overrides/ack-misnamed.yaml",
        ])
    );
}

#[test]
fn overlays_merge_named_lists_by_name() {
    // The overlay's `train` channel and `team` tag merge into the input's;
    // `validation` and `cost-center` stay; `test` and `env` are added; the
    // subnets (values without names) are replaced, with a warning.
    insta::assert_snapshot!(
        "overlay_merges_by_name",
        run(&[
            "convert",
            CHANNELS,
            "--to",
            "aws-yaml",
            "--overlay",
            "tests/fixtures/overrides/overrides.yaml",
        ])
    );
}

/// The JSON records of a run, from both streams, without the `fatal` one.
fn records(out: &str) -> Vec<serde_json::Value> {
    stdout(out)
        .lines()
        .chain(stderr(out).lines())
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|r| r["code"] != "fatal")
        .collect()
}

#[test]
fn an_overlay_is_read_as_an_input_is() {
    // The same file as an input and as an overlay: what reading it finds
    // has the same code, position, path and message either way.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(
        &bad,
        "ResourceConfig:\n  InstanceCount: two\n  VolumeSizeInGb: 30\n",
    )
    .unwrap();
    let bad = bad.to_str().unwrap();
    let as_input = run(&["validate", bad, "--message-format", "json"]);
    let read: Vec<_> = records(&as_input)
        .into_iter()
        .filter(|r| r["code"] == "type" || r["code"] == "unknown-field")
        .collect();
    assert_eq!(read.len(), 2, "{as_input}");
    let as_overlay = run(&[
        "validate",
        CHANNELS,
        "--overlay",
        bad,
        "--message-format",
        "json",
    ]);
    assert!(as_overlay.starts_with("exit: 2\n"), "{as_overlay}");
    assert!(
        as_overlay.contains("not applied, it is not a valid job"),
        "{as_overlay}"
    );
    assert_eq!(records(&as_overlay), read, "{as_overlay}");

    // Bytes that are not UTF-8: the position of the bad byte, as an input gets.
    let latin1 = dir.path().join("latin1.yaml");
    std::fs::write(&latin1, b"TrainingJobName: caf\xe9\n").unwrap();
    let latin1 = latin1.to_str().unwrap();
    let as_input = records(&run(&["validate", latin1, "--message-format", "json"]));
    let as_overlay = run(&[
        "validate",
        CHANNELS,
        "--overlay",
        latin1,
        "--message-format",
        "json",
    ]);
    assert_eq!(as_input.len(), 1);
    assert_eq!(as_input[0]["code"], "encoding");
    assert_eq!(
        (&as_input[0]["line"], &as_input[0]["column"]),
        (&1.into(), &21.into())
    );
    assert_eq!(records(&as_overlay), as_input, "{as_overlay}");
}
