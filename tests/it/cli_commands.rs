//! The commands users reach for: `new`, `schema`, `man`, each command's
//! examples, machine-readable output and usage errors, and colour.

use std::path::Path;
use std::process::Stdio;

use crate::common::{run, run_with_stdin, shown, text, tjspec};

/// Every subcommand, as the top-level help lists them.
const COMMANDS: &[&str] = &[
    "convert",
    "validate",
    "new",
    "schema",
    "diff",
    "completions",
    "man",
];

const PLACEHOLDERS: &[&str] = &[
    "<training job name>",
    "<IAM role ARN: arn:aws:iam::ACCOUNT:role/NAME>",
    "<S3 output URI: s3://BUCKET/PREFIX/>",
];

/// `tjspec new --to X | tjspec validate --from X -` fails for every format
/// that can hold a placeholder, naming each one; flyteidl cannot hold any,
/// so it is refused rather than handed out as a job that validates unfilled.
#[test]
fn new_skeletons_fail_validation_until_filled() {
    for to in ["aws", "aws-yaml", "ack", "tf-k8s", "tf-aws", "datadog"] {
        let skeleton = tjspec().args(["new", "--to", to]).output().unwrap();
        assert_eq!(
            skeleton.status.code(),
            Some(0),
            "{to}: {}",
            shown(&skeleton)
        );
        let skeleton = text(&skeleton.stdout);
        let checked = run_with_stdin(
            &["validate", "--from", to, "-", "--message-format", "json"],
            Some(&skeleton),
        );
        assert!(checked.starts_with("exit: 1"), "{to}: {checked}");
        let messages: Vec<String> = checked
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .filter(|v| v["severity"] == "error")
            .map(|v| v["message"].as_str().unwrap().to_owned())
            .collect();
        // The image's pattern takes any text: the rule wanting one names it.
        assert!(
            messages.iter().any(|m| m.contains("TrainingImage")),
            "{to}: the training image is not asked for:\n{checked}"
        );
        for placeholder in PLACEHOLDERS {
            let named = messages.iter().any(|m| m.contains(placeholder));
            assert!(named, "{to}: {placeholder} is not named:\n{checked}");
        }
        // Filled in, with an image, the same skeleton is valid.
        let filled = skeleton
            .replace("<training job name>", "churn")
            .replace(
                "<IAM role ARN: arn:aws:iam::ACCOUNT:role/NAME>",
                "arn:aws:iam::111122223333:role/SageMaker",
            )
            .replace("<S3 output URI: s3://BUCKET/PREFIX/>", "s3://acme/out/");
        let image = "AlgorithmSpecification.TrainingImage=111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1";
        let checked = run_with_stdin(
            &[
                "convert",
                "--from",
                to,
                "-",
                "--to",
                to,
                "--validate",
                "--set",
                image,
            ],
            Some(&filled),
        );
        assert!(checked.starts_with("exit: 0"), "{to}: {checked}");
    }
    for to in ["flyteidl", "flyteidl-json"] {
        let refused = run(&["new", "--to", to]);
        assert!(refused.starts_with("exit: 2"), "{refused}");
        assert!(
            refused.contains("would pass validation unfilled"),
            "{refused}"
        );
    }
    insta::assert_snapshot!("new_aws_yaml", run(&["init"]));
}

#[test]
fn new_writes_a_file_but_never_over_one() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("job.json");
    let out = tjspec()
        .args(["new", "--to", "aws", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let written = std::fs::read_to_string(&file).unwrap();
    assert!(written.contains("\"<training job name>\""), "{written}");
    std::fs::write(&file, "{}").unwrap();
    let out = tjspec()
        .args(["new", "--to", "aws", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    assert!(
        text(&out.stderr).contains("already exists"),
        "{}",
        shown(&out)
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "{}");
}

/// `schema --format` offers only the formats that have a schema.
#[test]
fn schema_lists_only_formats_with_a_schema() {
    let refused = run(&["schema", "--format", "flyteidl"]);
    assert!(refused.starts_with("exit: 2"), "{refused}");
    assert!(
        refused.contains("[possible values: aws, aws-yaml, sm-operator, ack, datadog]"),
        "{refused}"
    );
    let help = run(&["schema", "--help"]);
    assert!(
        help.contains("[possible values: aws, aws-yaml, sm-operator, ack, datadog]"),
        "{help}"
    );
    let ok = run(&["schema", "--format", "aws-yaml"]);
    assert!(ok.starts_with("exit: 0"), "{}", &ok[..200]);
}

/// A reader that stops early (`| head -1`) ends the command quietly: the
/// read end is closed before the schema (larger than a pipe's buffer) is
/// written.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_quietly() {
    for args in [
        &["schema", "--format", "aws"][..],
        &["completions", "bash"][..],
        &["new"][..],
        &["validate", "examples/", "--message-format", "json"][..],
    ] {
        let mut child = tjspec()
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.code() == Some(0) && out.stderr.is_empty(),
            "{args:?}: {}",
            shown(&out)
        );
    }
}

/// `validate --message-format json` puts its records on standard output
/// (for `| jq`); convert and diff keep diagnostics on standard error, beside
/// their output on standard output.
#[test]
fn machine_readable_output_goes_where_documented() {
    let out = tjspec()
        .args(["validate", "tests/fixtures/rules/spot-needs-max-wait.json"])
        .args(["examples/", "--message-format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", shown(&out));
    assert!(out.stderr.is_empty(), "{}", shown(&out));
    let records: Vec<serde_json::Value> = text(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is a JSON record"))
        .collect();
    assert!(
        records.iter().any(|r| r["code"] == "spot-needs-max-wait"),
        "{}",
        shown(&out)
    );
    // Fatal errors too.
    let out = tjspec()
        .args(["validate", "no-such.json", "--message-format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    assert!(
        text(&out.stdout).contains(r#""code":"fatal""#),
        "{}",
        shown(&out)
    );
    // convert: the job on stdout, the findings on stderr.
    let out = tjspec()
        .args(["convert", "tests/fixtures/rules/secret-in-environment.json"])
        .args(["--to", "aws", "--validate", "--message-format", "json"])
        .output()
        .unwrap();
    assert!(text(&out.stderr).contains(r#""code":"#), "{}", shown(&out));
    assert!(text(&out.stdout).starts_with('{'), "{}", shown(&out));
    assert!(
        !text(&out.stdout).contains(r#""severity""#),
        "{}",
        shown(&out)
    );
}

/// Usage errors follow --message-format (exit 2); help still prints.
#[test]
fn usage_errors_follow_the_message_format() {
    let out = tjspec()
        .args(["validate", "--bogus", "--message-format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    let record: serde_json::Value = serde_json::from_str(text(&out.stdout).trim()).unwrap();
    assert_eq!(record["code"], "usage");
    assert_eq!(record["severity"], "error");
    assert_eq!(record["message"], "unexpected argument '--bogus' found");

    let out = tjspec()
        .args(["convert", "x.json", "--to", "nope", "--message-format=json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", shown(&out));
    let record: serde_json::Value = serde_json::from_str(text(&out.stderr).trim()).unwrap();
    assert_eq!(record["code"], "usage", "{}", shown(&out));
    assert!(
        record["message"]
            .as_str()
            .unwrap()
            .contains("invalid value 'nope'"),
        "{}",
        shown(&out)
    );

    let github = run(&["convert", "--message-format", "github", "--to"]);
    assert!(github.starts_with("exit: 2"), "{github}");
    assert!(github.contains("::error title=tjspec::"), "{github}");

    let help = run(&["validate", "--help", "--message-format", "json"]);
    assert!(
        help.starts_with("exit: 0") && help.contains("Usage:"),
        "{help}"
    );
    let human = run(&["validate", "--bogus"]);
    assert!(
        human.starts_with("exit: 2") && human.contains("error: unexpected argument"),
        "{human}"
    );
}

/// Each command's `--help` ends with examples that run as written against
/// the shipped `examples/` (in a copy, since some write files).
#[test]
fn every_command_has_examples_that_run() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir(dir.path().join("examples")).unwrap();
    for entry in std::fs::read_dir(root.join("examples")).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(
            entry.path(),
            dir.path().join("examples").join(entry.file_name()),
        )
        .unwrap();
    }
    let mut ran = 0;
    for command in std::iter::once("").chain(COMMANDS.iter().copied()) {
        let help = tjspec()
            .args([command, "--help"])
            .args(command.is_empty().then_some("--help"))
            .output();
        let help = if command.is_empty() {
            tjspec().arg("--help").output().unwrap()
        } else {
            help.unwrap()
        };
        let help = text(&help.stdout);
        let (_, examples) = help
            .split_once("\nExamples:\n")
            .unwrap_or_else(|| panic!("`{command} --help` has no Examples section:\n{help}"));
        let examples = examples.split("\n\n").next().unwrap();
        for line in examples.lines().filter_map(|l| l.strip_prefix("  tjspec ")) {
            let args: Vec<&str> = line.split_whitespace().collect();
            let out = tjspec()
                .current_dir(dir.path())
                .args(&args)
                .output()
                .unwrap();
            // diff exits 1 when the jobs differ, as its examples show.
            let expected: &[i32] = if args[0] == "diff" { &[0, 1] } else { &[0] };
            assert!(
                out.status.code().is_some_and(|c| expected.contains(&c)),
                "`tjspec {line}`: {}",
                shown(&out)
            );
            ran += 1;
        }
    }
    assert!(ran >= COMMANDS.len() * 2, "{ran} examples");
}

/// `tjspec man --out-dir DIR` writes the main page and one per command.
#[test]
fn man_writes_a_page_per_command() {
    let dir = tempfile::tempdir().unwrap();
    let out = tjspec()
        .args(["man", "--out-dir"])
        .arg(dir.path().join("man"))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let main = std::fs::read_to_string(dir.path().join("man/tjspec.1")).unwrap();
    assert!(main.contains(".TH tjspec 1"), "{main}");
    for command in COMMANDS {
        let page = dir.path().join(format!("man/tjspec-{command}.1"));
        let page =
            std::fs::read_to_string(&page).unwrap_or_else(|e| panic!("{}: {e}", page.display()));
        assert!(page.contains(&format!(".TH tjspec-{command} 1")), "{page}");
        assert!(page.contains("Examples:"), "{command}: {page}");
    }
}

/// `CLICOLOR_FORCE` colours without a terminal, `NO_COLOR` still wins in
/// `auto`, and `--color` wins over both.
#[test]
fn colour_follows_the_flag_and_the_environment() {
    let file = "tests/fixtures/rules/spot-needs-max-wait.json";
    let coloured = |envs: &[(&str, &str)], args: &[&str]| {
        let out = tjspec()
            .arg("validate")
            .arg(file)
            .args(args)
            .envs(envs.iter().copied())
            .output()
            .unwrap();
        text(&out.stderr).contains('\u{1b}')
    };
    assert!(!coloured(&[], &[]));
    assert!(coloured(&[("CLICOLOR_FORCE", "1")], &[]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "0")], &[]));
    assert!(!coloured(
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &[]
    ));
    assert!(coloured(&[("NO_COLOR", "1")], &["--color", "always"]));
    assert!(coloured(&[], &["--color=always"]));
    assert!(!coloured(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]));
    // Machine formats are never coloured.
    assert!(!coloured(
        &[],
        &["--color", "always", "--message-format", "json"]
    ));
}
