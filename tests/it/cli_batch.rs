//! The CLI as CI pipelines use it: batches, directories, `--out-dir`,
//! `--check`, `validate` rules, `diff`, message formats, completions.

use crate::common::{run, run_with_stdin};

#[test]
fn every_validate_rule_fires_once() {
    for rule in tjspec::rules::RULES {
        let id = rule.id.as_str();
        let path = format!("tests/fixtures/rules/{id}.json");
        // Rules off by default fire where a configuration turns them on.
        let out = if rule.on_by_default {
            run(&["validate", "--message-format", "json", &path])
        } else {
            let config = "tests/fixtures/rules/off-by-default-on.tjspec.toml";
            run(&[
                "validate",
                "--config",
                config,
                "--message-format",
                "json",
                &path,
            ])
        };
        let codes: Vec<String> = out
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| {
                serde_json::from_str::<serde_json::Value>(l).unwrap()["code"]
                    .as_str()
                    .unwrap()
                    .to_owned()
            })
            .collect();
        assert_eq!(codes, vec![id.to_string()], "{path}:\n{out}");
    }
    insta::assert_snapshot!("list_rules", run(&["validate", "--list-rules"]));
    insta::assert_snapshot!(
        "valid",
        run(&["validate", "tests/fixtures/rules/valid.json"])
    );
}

#[test]
fn rule_messages_for_people() {
    insta::assert_snapshot!(
        "spot",
        run(&["validate", "tests/fixtures/rules/spot-needs-max-wait.json"])
    );
    insta::assert_snapshot!(
        "kms_warning",
        run(&[
            "validate",
            "tests/fixtures/rules/kms-key-on-nvme-instance.json"
        ])
    );
    // A warning fails only with --deny-warnings.
    let denied = run(&[
        "validate",
        "--deny-warnings",
        "tests/fixtures/rules/secret-in-environment.json",
    ]);
    assert!(denied.starts_with("exit: 1"), "{denied}");
    // convert checks the schema only, unless asked.
    let converted = run(&[
        "convert",
        "tests/fixtures/rules/max-runtime-28-days.json",
        "--to",
        "aws",
    ]);
    assert!(converted.starts_with("exit: 0"), "{converted}");
    let validated = run(&[
        "convert",
        "--validate",
        "tests/fixtures/rules/max-runtime-28-days.json",
        "--to",
        "aws",
    ]);
    assert!(validated.starts_with("exit: 1"), "{validated}");
}

#[test]
fn a_directory_with_one_broken_file() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("jobs");
    std::fs::create_dir_all(src.join("nested")).unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    std::fs::copy(
        format!("{root}/tests/fixtures/aws/minimal.json"),
        src.join("a.json"),
    )
    .unwrap();
    std::fs::copy(
        format!("{root}/tests/fixtures/rules/valid.json"),
        src.join("nested/b.json"),
    )
    .unwrap();
    std::fs::copy(
        format!("{root}/tests/fixtures/aws/invalid/syntax-error.json"),
        src.join("broken.json"),
    )
    .unwrap();
    let out_dir = dir.path().join("out");
    let out = run(&[
        "convert",
        src.to_str().unwrap(),
        "--to",
        "aws-yaml",
        "--out-dir",
        out_dir.to_str().unwrap(),
        "--message-format",
        "github",
    ]);
    assert!(out.starts_with("exit: 1"), "{out}");
    assert!(out.contains("::error file="), "{out}");
    assert!(out.contains("broken.json,line=4,col=5"), "{out}");
    let mut written: Vec<String> = std::fs::read_dir(&out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        vec![".tjspec-outputs", "minimal.yaml", "valid.yaml"]
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let valid = out_dir.join("valid.yaml");
        assert_eq!(
            mode(&valid),
            0o644,
            "new outputs are readable like files people write"
        );
        // A rewritten output keeps the permissions it was given.
        std::fs::set_permissions(&valid, std::fs::Permissions::from_mode(0o640)).unwrap();
        std::fs::write(&valid, "stale\n").unwrap();
        run(&[
            "convert",
            src.to_str().unwrap(),
            "--to",
            "aws-yaml",
            "--out-dir",
            out_dir.to_str().unwrap(),
        ]);
        assert_ne!(std::fs::read_to_string(&valid).unwrap(), "stale\n");
        assert_eq!(mode(&valid), 0o640);
    }
}

#[test]
fn check_reports_outputs_that_would_change() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("out");
    let out_s = out_dir.to_str().unwrap();
    let inputs = [
        "tests/fixtures/aws/minimal.json",
        "tests/fixtures/rules/valid.json",
    ];
    let first = run(&[
        "convert",
        inputs[0],
        inputs[1],
        "--to",
        "aws-yaml",
        "--out-dir",
        out_s,
        "--check",
    ]);
    assert!(first.starts_with("exit: 1"), "{first}");
    assert!(
        first.contains("would change:")
            && first.contains("minimal.yaml")
            && first.contains("valid.yaml"),
        "{first}"
    );
    assert!(!out_dir.exists(), "--check writes nothing");
    let write = run(&[
        "convert",
        inputs[0],
        inputs[1],
        "--to",
        "aws-yaml",
        "--out-dir",
        out_s,
    ]);
    assert!(write.starts_with("exit: 0"), "{write}");
    let again = run(&[
        "convert",
        inputs[0],
        inputs[1],
        "--to",
        "aws-yaml",
        "--out-dir",
        out_s,
        "--check",
    ]);
    assert!(
        again.starts_with("exit: 0") && again.contains("2 output files are up to date"),
        "{again}"
    );
    std::fs::write(out_dir.join("valid.yaml"), "edited by hand\n").unwrap();
    let edited = run(&[
        "convert",
        inputs[0],
        inputs[1],
        "--to",
        "aws-yaml",
        "--out-dir",
        out_s,
        "--check",
    ]);
    assert!(
        edited.starts_with("exit: 1")
            && edited.contains("valid.yaml")
            && !edited.contains("minimal.yaml"),
        "{edited}"
    );
    let no_target = run(&["convert", inputs[0], "--to", "aws", "--check"]);
    assert!(no_target.starts_with("exit: 2"), "{no_target}");
}

#[test]
fn globs_expand_in_order() {
    let out = run(&[
        "validate",
        "--message-format",
        "json",
        "tests/fixtures/rules/unique-*.json",
    ]);
    let files: Vec<String> = out
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["file"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(
        files,
        [
            "unique-channel-names",
            "unique-collection-names",
            "unique-definition-names",
            "unique-rule-names",
            "unique-tag-keys"
        ]
        .iter()
        .map(|n| format!("tests/fixtures/rules/{n}.json"))
        .collect::<Vec<_>>()
    );
}

#[test]
fn diff_between_formats_and_exit_codes() {
    insta::assert_snapshot!(
        "request_vs_response",
        run(&[
            "diff",
            "examples/xgboost-churn.json",
            "examples/describe-response.json"
        ])
    );
    // Paths and whole values alike in the names of --names.
    insta::assert_snapshot!(
        "request_vs_response_ack_names",
        run(&[
            "diff",
            "--names",
            "ack",
            "examples/xgboost-churn.json",
            "examples/describe-response.json"
        ])
    );
    insta::assert_snapshot!(
        "json",
        run(&[
            "diff",
            "--message-format",
            "json",
            "tests/fixtures/aws/minimal.json",
            "tests/fixtures/rules/valid.json"
        ])
    );
    let same_job_as_yaml = run(&["convert", "examples/xgboost-churn.json", "--to", "aws-yaml"]);
    let yaml = same_job_as_yaml
        .split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap();
    let equal = run_with_stdin(&["diff", "examples/xgboost-churn.json", "-"], Some(yaml));
    assert!(equal.starts_with("exit: 0"), "{equal}");
    let missing = run(&["diff", "examples/xgboost-churn.json", "nope.json"]);
    assert!(missing.starts_with("exit: 2"), "{missing}");
}

#[test]
fn completions_and_man_page() {
    for shell in ["bash", "zsh", "fish"] {
        let out = run(&["completions", shell]);
        assert!(
            out.starts_with("exit: 0")
                && out.contains("convert")
                && (out.contains("--to") || out.contains("-l to")),
            "{shell}: {out}"
        );
    }
    let man = run(&["man"]);
    assert!(
        man.starts_with("exit: 0") && man.contains(".TH tjspec"),
        "{man}"
    );
}

#[test]
fn help_documents_exit_codes() {
    let help = run(&["convert", "--help"]);
    assert!(
        help.contains("Exit status:") && help.contains("2  usage or I/O error"),
        "{help}"
    );
}

/// A JSON or YAML file that holds no training job is not read as one with
/// every key unknown: named, it is an error naming the candidate formats;
/// found in a directory (or with --skip-unrecognized), it is skipped.
#[test]
fn files_holding_no_training_job() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("ci.yml"), "name: CI\non: [push]\njobs: {}\n").unwrap();
    std::fs::write(
        d.join("package.json"),
        r#"{"name": "x", "version": "1.0.0"}"#,
    )
    .unwrap();
    std::fs::write(
        d.join("configmap.yaml"),
        "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n",
    )
    .unwrap();
    std::fs::copy("examples/xgboost-churn.json", d.join("job.json")).unwrap();
    let package = d.join("package.json");
    let package = package.to_str().unwrap();

    let named = run(&["validate", package, "--message-format", "json"]);
    assert!(named.starts_with("exit: 1"), "{named}");
    assert!(named.contains(r#""code":"format""#), "{named}");
    assert!(
        named.contains("candidates: aws, datadog, sm-pipeline, sfn, flyteidl-json; pass --from"),
        "{named}"
    );
    let ci = d.join("ci.yml");
    let named_yaml = run(&["validate", ci.to_str().unwrap(), "--message-format", "json"]);
    assert!(
        named_yaml.contains("candidates: aws-yaml, ack"),
        "{named_yaml}"
    );

    let skipped = run(&[
        "validate",
        package,
        "--skip-unrecognized",
        "--message-format",
        "json",
    ]);
    assert!(skipped.starts_with("exit: 0"), "{skipped}");
    assert!(
        skipped.contains(r#""severity":"note","code":"skipped""#),
        "{skipped}"
    );

    // A directory: the job is checked, the rest skipped with notices.
    let searched = run(&["validate", d.to_str().unwrap(), "--message-format", "json"]);
    assert!(searched.starts_with("exit: 0"), "{searched}");
    assert_eq!(
        searched.matches(r#""code":"skipped""#).count(),
        3,
        "{searched}"
    );
    assert!(!searched.contains(r#""severity":"error""#), "{searched}");
}

/// An unknown field does not hide the cross-field rules' findings: one run
/// reports both.
#[test]
fn rules_run_beside_unknown_fields() {
    let text = std::fs::read_to_string("tests/fixtures/rules/unique-channel-names.json").unwrap();
    let with_unknown = text.replacen('{', "{\n    \"Bogus\": 1,", 1);
    let out = run_with_stdin(
        &["validate", "-", "--from", "aws", "--message-format", "json"],
        Some(&with_unknown),
    );
    assert!(out.starts_with("exit: 1"), "{out}");
    assert!(out.contains(r#""code":"unknown-field""#), "{out}");
    assert!(out.contains(r#""code":"unique-channel-names""#), "{out}");
}

/// Every message format gives the same column, counted in characters, also
/// after multibyte text on the line.
#[test]
fn columns_count_characters_in_every_format() {
    let yaml = "TrainingJobName: abc\nRoleArn: arn:aws:iam::111122223333:role/R\nOutputDataConfig: {S3OutputPath: s3://b/o}\nHyperParameters: {\"日本語\": \"1\", x: 2}\n";
    let json = run_with_stdin(
        &[
            "validate",
            "-",
            "--from",
            "aws-yaml",
            "--message-format",
            "json",
        ],
        Some(yaml),
    );
    assert!(json.contains(r#""line":4,"column":34"#), "{json}");
    let human = run_with_stdin(&["validate", "-", "--from", "aws-yaml"], Some(yaml));
    assert!(human.contains("<stdin>:4:34]"), "{human}");
    let github = run_with_stdin(
        &[
            "validate",
            "-",
            "--from",
            "aws-yaml",
            "--message-format",
            "github",
        ],
        Some(yaml),
    );
    assert!(github.contains("line=4,col=34"), "{github}");
}

/// An input without any document is an error in every format, not a
/// silent success.
#[test]
fn inputs_without_documents() {
    for (from, text) in [
        ("aws-yaml", ""),
        ("aws-yaml", "---\n"),
        ("ack", "# nothing\n"),
        ("ack", "null\n"),
        ("aws", "[]"),
        ("datadog", "\n\n"),
    ] {
        let out = run_with_stdin(
            &["validate", "-", "--from", from, "--message-format", "json"],
            Some(text),
        );
        assert!(out.starts_with("exit: 1"), "{from} {text:?}: {out}");
        assert!(
            out.contains(r#""severity":"error""#),
            "{from} {text:?}: {out}"
        );
    }
}

/// Usage and I/O errors follow --message-format too.
#[test]
fn fatal_errors_follow_the_message_format() {
    let json = run(&["validate", "no-such-file.json", "--message-format", "json"]);
    assert!(json.starts_with("exit: 2"), "{json}");
    assert!(
        json.contains(r#""severity":"error","code":"fatal","path":"","message":"no-such-file.json: no such file or directory""#),
        "{json}"
    );
    let github = run(&[
        "validate",
        "no-such-file.json",
        "--message-format",
        "github",
    ]);
    assert!(
        github.contains("::error title=tjspec::no-such-file.json: no such file or directory"),
        "{github}"
    );
}

#[test]
fn many_files_come_out_in_order_around_a_streamed_one() {
    // More files than one window of small files, a file too large to read
    // with them (streamed on its own) in the middle, and broken files in
    // several windows: outputs and messages keep the files' order.
    let dir = tempfile::tempdir().unwrap();
    let job = |name: &str| {
        format!(
            r#"{{"TrainingJobName": "{name}", "RoleArn": "arn:aws:iam::111122223333:role/R", "OutputDataConfig": {{"S3OutputPath": "s3://b/o/"}}}}"#
        )
    };
    let mut expected = Vec::new();
    for i in 0..150 {
        let name = format!("job-{i:03}");
        let path = dir.path().join(format!("{name}.json"));
        if i % 50 == 7 {
            std::fs::write(&path, "{\"TrainingJobName\": ").unwrap();
        } else if i == 70 {
            // Over a mebibyte: a stream of JSON Lines, one job per line.
            let mut text = String::new();
            let mut n = 0;
            while text.len() <= 1 << 20 {
                text.push_str(&job(&format!("{name}-{n}")));
                text.push('\n');
                expected.push(format!("{name}-{n}"));
                n += 1;
            }
            std::fs::write(dir.path().join(format!("{name}.jsonl")), text).unwrap();
        } else {
            std::fs::write(&path, job(&name)).unwrap();
            expected.push(name);
        }
    }
    let out = run(&["convert", dir.path().to_str().unwrap(), "--to", "aws"]);
    assert!(out.starts_with("exit: 1"), "{}", &out[..out.len().min(300)]);
    let stdout = out
        .split_once("--- stdout\n")
        .unwrap()
        .1
        .split_once("--- stderr\n")
        .unwrap();
    let names: Vec<String> = stdout
        .0
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["TrainingJobName"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(names, expected);
    let broken: Vec<&str> = stdout
        .1
        .lines()
        .filter_map(|l| l.split_once(".json:").map(|(file, _)| file))
        .filter_map(|file| file.rsplit('/').next())
        .collect();
    assert_eq!(broken, ["job-007", "job-057", "job-107"], "{}", stdout.1);
}
