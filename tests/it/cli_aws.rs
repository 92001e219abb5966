//! Whole invocations of `tjspec` on AWS JSON and YAML inputs, snapshotted.

use crate::common::{run, run_with_stdin};

#[test]
fn minimal_job_to_yaml() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "aws-yaml"
    ]));
}

#[test]
fn every_create_member_round_trips_through_yaml() {
    let yaml = run(&[
        "convert",
        "tests/fixtures/aws/full-create.json",
        "--to",
        "aws-yaml",
    ]);
    insta::assert_snapshot!(yaml);
    let body = yaml
        .split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap();
    let back = run_with_stdin(
        &["convert", "-", "--from", "aws-yaml", "--to", "aws"],
        Some(body),
    );
    let original = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/aws/full-create.json"
    ))
    .unwrap();
    let json = back
        .split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap();
    let a: serde_json::Value = serde_json::from_str(json).unwrap();
    let b: serde_json::Value = serde_json::from_str(&original).unwrap();
    assert_eq!(a, b);
}

#[test]
fn describe_response_keeps_status_and_normalises_timestamps() {
    insta::assert_snapshot!(run(&[
        "convert",
        "examples/describe-response.json",
        "--to",
        "aws"
    ]));
}

#[test]
fn no_status_writes_a_create_request() {
    insta::assert_snapshot!(run(&[
        "convert",
        "examples/describe-response.json",
        "--to",
        "aws",
        "--no-status"
    ]));
}

#[test]
fn several_jobs_become_json_lines_and_yaml_streams() {
    let two = r#"[{"TrainingJobName":"a","RoleArn":"arn:aws:iam::111122223333:role/r","OutputDataConfig":{"S3OutputPath":"s3://b/a"}},
                  {"TrainingJobName":"b","RoleArn":"arn:aws:iam::111122223333:role/r","OutputDataConfig":{"S3OutputPath":"s3://b/b"}}]"#;
    insta::assert_snapshot!(
        "json_lines",
        run_with_stdin(&["convert", "-", "--from", "aws", "--to", "aws"], Some(two))
    );
    insta::assert_snapshot!(
        "yaml_stream",
        run_with_stdin(
            &["convert", "-", "--from", "aws", "--to", "aws-yaml"],
            Some(two)
        )
    );
}

#[test]
fn one_bad_document_does_not_stop_the_others() {
    let lines = concat!(
        r#"{"TrainingJobName":"good","RoleArn":"arn:aws:iam::111122223333:role/r","OutputDataConfig":{"S3OutputPath":"s3://b/a"}}"#,
        "\n",
        r#"{"TrainingJobName":"bad","RoleArn":"arn:aws:iam::111122223333:role/r"}"#,
        "\n"
    );
    insta::assert_snapshot!(run_with_stdin(
        &["convert", "-", "--from", "aws", "--to", "aws"],
        Some(lines)
    ));
}

#[test]
fn invalid_inputs_explain_every_violation() {
    for name in [
        "unknown-field",
        "wrong-types",
        "duplicate-keys",
        "constraints",
        "syntax-error",
    ] {
        let path = format!("tests/fixtures/aws/invalid/{name}.json");
        insta::assert_snapshot!(name, run(&["validate", &path]));
    }
}

#[test]
fn machine_message_formats() {
    let path = "tests/fixtures/aws/invalid/unknown-field.json";
    insta::assert_snapshot!("json", run(&["validate", "--message-format", "json", path]));
    insta::assert_snapshot!(
        "github",
        run(&["validate", "--message-format", "github", path])
    );
}

#[test]
fn unknown_fields_can_be_skipped_and_strict_fails_on_them() {
    let job = r#"{"TrainingJobName":"a","RoleArn":"arn:aws:iam::111122223333:role/r","OutputDataConfig":{"S3OutputPath":"s3://b/a"},"BrandNewField":1}"#;
    insta::assert_snapshot!(
        "allowed",
        run_with_stdin(
            &[
                "convert",
                "-",
                "--from",
                "aws",
                "--to",
                "aws",
                "--allow-unknown"
            ],
            Some(job)
        )
    );
    insta::assert_snapshot!(
        "strict",
        run_with_stdin(
            &[
                "convert",
                "-",
                "--from",
                "aws",
                "--to",
                "aws",
                "--allow-unknown",
                "--strict"
            ],
            Some(job)
        )
    );
}

#[test]
fn unknown_instance_type_is_kept_with_a_warning() {
    let job = r#"{"TrainingJobName":"a","RoleArn":"arn:aws:iam::111122223333:role/r","OutputDataConfig":{"S3OutputPath":"s3://b/a"},"ResourceConfig":{"InstanceType":"ml.p9.96xlarge","InstanceCount":1,"VolumeSizeInGB":10},"TrainingJobStatus":"Paused"}"#;
    insta::assert_snapshot!(run_with_stdin(
        &["convert", "-", "--from", "aws", "--to", "aws"],
        Some(job)
    ));
}

#[test]
fn sets_and_overlays_fill_missing_members() {
    let partial = r#"{"TrainingJobName":"a","HyperParameters":{"eta":"0.1"}}"#;
    insta::assert_snapshot!(run_with_stdin(
        &[
            "convert",
            "-",
            "--from",
            "aws",
            "--to",
            "aws-yaml",
            "--overlay",
            "tests/fixtures/aws/minimal.json",
            "--set",
            "HyperParameters.max_depth=5",
            "--set",
            "ResourceConfig.InstanceCount=2",
        ],
        Some(partial)
    ));
}

#[test]
fn output_file_is_written_atomically_and_not_on_failure() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("job.yaml");
    std::fs::write(&out, "previous contents\n").unwrap();
    let out_s = out.to_str().unwrap();
    let failed = run(&[
        "convert",
        "tests/fixtures/aws/invalid/syntax-error.json",
        "--to",
        "aws-yaml",
        "-o",
        out_s,
    ]);
    assert!(failed.starts_with("exit: 1"), "{failed}");
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "previous contents\n"
    );
    let ok = run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "aws-yaml",
        "-o",
        out_s,
    ]);
    assert!(ok.starts_with("exit: 0"), "{ok}");
    assert!(std::fs::read_to_string(&out)
        .unwrap()
        .starts_with("TrainingJobName: minimal\n"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode() & 0o777;
        assert_eq!(
            mode, 0o644,
            "outputs are not left private like temporary files"
        );
    }
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "no temporary files left behind"
    );
}

#[test]
fn usage_and_io_errors_exit_2() {
    insta::assert_snapshot!(
        "missing_file",
        run(&[
            "convert",
            "tests/fixtures/aws/does-not-exist.json",
            "--to",
            "aws"
        ])
    );
    let bad_set = run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "aws",
        "--set",
        "NoEquals",
    ]);
    assert!(bad_set.starts_with("exit: 2"), "{bad_set}");
    let no_to = run(&["convert", "tests/fixtures/aws/minimal.json"]);
    assert!(no_to.starts_with("exit: 2"), "{no_to}");
}

/// `-o` writes through a symbolic link (the link stays) and into a pipe or
/// device, instead of replacing them with a regular file.
#[cfg(unix)]
#[test]
fn output_through_links_and_devices() {
    let dir = tempfile::tempdir().unwrap();
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::write(&real, "old\n").unwrap();
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "aws",
        "-o",
        link.to_str().unwrap(),
    ]);
    assert!(out.starts_with("exit: 0"), "{out}");
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(std::fs::read_to_string(&real)
        .unwrap()
        .contains("\"TrainingJobName\": \"minimal\""));
    // A named pipe (made with mkfifo where it exists), read by a thread.
    let fifo = dir.path().join("pipe");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        return;
    }
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    let piped = run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "aws",
        "-o",
        fifo.to_str().unwrap(),
    ]);
    assert!(piped.starts_with("exit: 0"), "{piped}");
    // Checked before joining: a replaced pipe would leave the reader waiting.
    use std::os::unix::fs::FileTypeExt as _;
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert!(reader
        .join()
        .unwrap()
        .contains("\"TrainingJobName\": \"minimal\""));
}

/// An invalid overlay is reported like any input (every finding, its path,
/// the message format asked for) and stops the run; envelope parts an
/// overlay cannot apply are named.
#[test]
fn overlays_report_like_inputs() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.yaml");
    std::fs::write(&bad, "ResourceConfig:\n  InstanceCount: two\n  Bogus: 1\n").unwrap();
    let out = run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "aws",
        "--overlay",
        bad.to_str().unwrap(),
        "--message-format",
        "json",
    ]);
    assert!(out.starts_with("exit: 2"), "{out}");
    assert!(out.contains(r#""line":2,"column":18,"severity":"error","code":"type","path":"ResourceConfig.InstanceCount""#), "{out}");
    assert!(
        out.contains(r#""code":"unknown-field","path":"ResourceConfig.Bogus""#),
        "{out}"
    );
    assert!(
        !out.split("--- stderr")
            .next()
            .unwrap()
            .contains("TrainingJobName"),
        "{out}"
    );

    let manifest = dir.path().join("overlay.yaml");
    std::fs::write(
        &manifest,
        "apiVersion: sagemaker.services.k8s.aws/v1alpha1\nkind: TrainingJob\nmetadata:\n  name: ov\n  labels: {team: ml}\nspec:\n  stoppingCondition: {maxRuntimeInSeconds: 600}\n",
    )
    .unwrap();
    let applied = run(&[
        "convert",
        "tests/fixtures/aws/minimal.json",
        "--to",
        "aws",
        "--overlay",
        manifest.to_str().unwrap(),
        "--message-format",
        "json",
    ]);
    assert!(applied.starts_with("exit: 0"), "{applied}");
    assert!(
        applied.contains("\"MaxRuntimeInSeconds\": 600"),
        "{applied}"
    );
    assert!(
        applied.contains(r#""severity":"warning","code":"overlay","path":"metadata.labels""#),
        "{applied}"
    );
}

/// The API's patterns are Java's: `.` matches no line terminator, so a
/// carriage return in a hyperparameter is refused as AWS would.
#[test]
fn java_dot_matches_no_line_terminator() {
    for value in ["x\\ry", "x\\u2028y", "x\\u0085y"] {
        let job = format!(
            r#"{{"TrainingJobName":"a","RoleArn":"arn:aws:iam::111122223333:role/R","OutputDataConfig":{{"S3OutputPath":"s3://b/o"}},"HyperParameters":{{"a":"{value}"}}}}"#
        );
        let out = run_with_stdin(
            &["validate", "-", "--from", "aws", "--message-format", "json"],
            Some(&job),
        );
        assert!(out.starts_with("exit: 1"), "{value}: {out}");
        assert!(
            out.contains(r#""code":"pattern","path":"HyperParameters.a""#),
            "{out}"
        );
        assert!(out.contains("matches no line break"), "{out}");
    }
}

/// The model crate's findings carry AWS paths and print on one line.
#[test]
fn model_findings_spell_paths_and_print() {
    let job = tjspec_model::TrainingJob {
        training_job_name: Some("not a valid name".into()),
        ..Default::default()
    };
    let found = tjspec_model::validate(&job);
    let name = found
        .iter()
        .find(|d| d.path == "TrainingJobName")
        .unwrap_or_else(|| panic!("{found:?}"));
    let line = name.to_string();
    assert!(
        line.starts_with("error[pattern] TrainingJobName: "),
        "{line}"
    );
}

/// A boto3 `describe_training_job` result dumped to JSON keeps the SDK's
/// `ResponseMetadata`: a note, not an unknown field failing the job.
#[test]
fn boto3_response_metadata_is_not_part_of_the_job() {
    insta::assert_snapshot!(run(&[
        "convert",
        "tests/fixtures/aws/describe-boto3.json",
        "--to",
        "aws",
        "--strict"
    ]));
}
