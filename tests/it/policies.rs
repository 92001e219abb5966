//! Policy rules (security, cost, reliability) in every format, the
//! configuration that sets their levels (`.tjspec.toml`), suppression
//! comments, and SARIF output.

use std::path::Path;

use crate::common::{run, shown, text, tjspec};
use serde_json::Value;

/// The JSON records of `validate --message-format json` output.
fn records(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .filter(|l| l.starts_with('{'))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// `tjspec validate` in `dir` (standard input closed, no colour).
fn validate_in(dir: &Path, args: &[&str]) -> std::process::Output {
    tjspec()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .arg("validate")
        .args(args)
        .output()
        .unwrap()
}

fn fixture(name: &str) -> String {
    std::fs::read_to_string(format!(
        "{}/tests/fixtures/rules/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap()
}

/// A repository in a temporary directory (`.git` bounds the configuration search).
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

/// Converts a job to `to` (text), as a user would keep it.
fn convert(job: &str, to: &str) -> String {
    let out = tjspec()
        .args(["convert", "--from", "aws", "--to", to, "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(job.as_bytes())?;
            child.wait_with_output()
        })
        .unwrap();
    assert!(out.status.success(), "{}", shown(&out));
    text(&out.stdout)
}

#[test]
fn the_compliant_job_is_quiet() {
    let out = run(&[
        "validate",
        "--message-format",
        "json",
        "--fail-on",
        "note",
        "tests/fixtures/rules/valid.json",
    ]);
    assert_eq!(out, "exit: 0\n--- stdout\n--- stderr\n");
}

#[test]
fn secrets_in_hyperparameters() {
    let mut job: Value = serde_json::from_str(&fixture("valid")).unwrap();
    job["HyperParameters"] = serde_json::json!({ "epochs": "3", "hf_token": "x" });
    let dir = repo();
    write(dir.path(), "job.json", &job.to_string());
    let out = validate_in(dir.path(), &["--message-format", "json", "job.json"]);
    let found = records(&text(&out.stdout));
    assert_eq!(found.len(), 1, "{}", shown(&out));
    assert_eq!(found[0]["code"], "secret-in-environment");
    assert_eq!(found[0]["path"], "HyperParameters.hf_token");
}

/// Each policy, in each format that holds whole jobs, points at the
/// member in that format's spelling, at its value's line and column.
#[test]
fn policies_point_at_the_field_in_every_format() {
    let cases = [
        // (fixture, rule, the key each format names the member with)
        ("network-isolation", ["EnableNetworkIsolation", "enableNetworkIsolation", "enable_network_isolation", "enable_network_isolation"]),
        ("remote-debug", ["EnableRemoteDebug", "enableRemoteDebug", "enable_remote_debug", "enable_remote_debug"]),
        ("previous-generation-instance", ["InstanceType", "instanceType", "instance_type", "instance_type"]),
        ("warm-pool-over-30-minutes", ["KeepAlivePeriodInSeconds", "keepAlivePeriodInSeconds", "keep_alive_period_in_seconds", "keep_alive_period_in_seconds"]),
    ];
    let formats = [("aws-yaml", "yaml"), ("ack", "yaml"), ("tf-k8s", "tf"), ("tf-aws", "tf")];
    for (rule, keys) in cases {
        for ((format, ext), key) in formats.iter().zip(keys) {
            let converted = convert(&fixture(rule), format);
            let dir = repo();
            let name = format!("job.{ext}");
            write(dir.path(), &name, &converted);
            let out = validate_in(dir.path(), &["--message-format", "json", &name]);
            let found = records(&text(&out.stdout));
            let ours: Vec<_> = found.iter().filter(|r| r["code"] == rule).collect();
            assert_eq!(ours.len(), 1, "{rule} in {format}:\n{converted}\n{}", shown(&out));
            let (line, col) = (
                ours[0]["line"].as_u64().unwrap() as usize,
                ours[0]["column"].as_u64().unwrap() as usize,
            );
            // As for every finding about a value: the value, on its key's line.
            let text_line = converted.lines().nth(line - 1).unwrap();
            let at: String = text_line.chars().skip(col - 1).collect();
            let key_end = text_line.find(key).map(|i| text_line[..i + key.len()].chars().count());
            assert!(
                key_end.is_some_and(|end| col > end) && !at.trim().is_empty(),
                "{rule} in {format} at {line}:{col}: `{text_line}`\n{converted}"
            );
            assert!(ours[0]["path"].as_str().unwrap().ends_with(key), "{rule} in {format}: {}", ours[0]);
        }
    }
}

#[test]
fn configuration_sets_levels_by_file_and_job() {
    let dir = repo();
    write(
        dir.path(),
        ".tjspec.toml",
        "fail-on = \"warning\"\n\n[rules]\nvpc-config = \"warning\"\n\n[[overrides]]\nfiles = [\"sandbox/**\"]\nrules = { vpc-config = \"off\" }\n\n[[overrides]]\nfiles = [\"*.json\"]\njobs = [\"scratch-*\"]\nrules = { vpc-config = \"note\" }\n",
    );
    write(dir.path(), "prod/a.json", &fixture("vpc-config"));
    write(dir.path(), "sandbox/b.json", &fixture("vpc-config"));
    let scratch = fixture("vpc-config").replace("\"vpc-config\"", "\"scratch-1\"");
    write(dir.path(), "prod/scratch.json", &scratch);
    let levels = |file: &str| {
        let out = validate_in(dir.path(), &["--message-format", "json", file]);
        let found = records(&text(&out.stdout));
        (
            out.status.code(),
            found.iter().map(|r| r["severity"].as_str().unwrap().to_owned()).collect::<Vec<_>>(),
        )
    };
    // [rules] makes it a warning, and fail-on = "warning" fails the run.
    assert_eq!(levels("prod/a.json"), (Some(1), vec!["warning".to_owned()]));
    // The first override turns it off for sandbox/.
    assert_eq!(levels("sandbox/b.json"), (Some(0), vec![]));
    // The second applies to a job name.
    assert_eq!(levels("prod/scratch.json"), (Some(0), vec!["note".to_owned()]));
    // The command line's threshold wins over the file's.
    let out = validate_in(dir.path(), &["--fail-on", "error", "prod/a.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    // A configuration below the repository root is found from the input upward.
    write(dir.path(), "prod/.tjspec.toml", "[rules]\nvpc-config = \"error\"\n");
    assert_eq!(levels("prod/a.json"), (Some(1), vec!["error".to_owned()]));
    // --config names the file for every input.
    let out = validate_in(
        dir.path(),
        &["--config", ".tjspec.toml", "--message-format", "json", "prod/a.json"],
    );
    assert_eq!(records(&text(&out.stdout))[0]["severity"], "warning");
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    write(outer.path(), ".tjspec.toml", "[rules]\nvpc-config = \"error\"\n");
    std::fs::create_dir_all(outer.path().join("repo/.git")).unwrap();
    write(&outer.path().join("repo"), "job.json", &fixture("vpc-config"));
    let out = validate_in(&outer.path().join("repo"), &["job.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
}

#[test]
fn deny_warnings_is_fail_on_warning() {
    let out = run(&["validate", "--deny-warnings", "tests/fixtures/rules/remote-debug.json"]);
    assert!(out.starts_with("exit: 1"), "{out}");
    let out = run(&["validate", "--fail-on", "warning", "tests/fixtures/rules/remote-debug.json"]);
    assert!(out.starts_with("exit: 1"), "{out}");
    // A note (vpc-config by default) fails only from `note` on.
    let out = run(&["validate", "--deny-warnings", "tests/fixtures/rules/vpc-config.json"]);
    assert!(out.starts_with("exit: 0"), "{out}");
    let out = run(&["validate", "--fail-on", "note", "tests/fixtures/rules/vpc-config.json"]);
    assert!(out.starts_with("exit: 1"), "{out}");
}

#[test]
fn configuration_errors_have_positions() {
    let dir = repo();
    write(dir.path(), ".tjspec.toml", "[rules]\nvpc-config = \"off\"\n  no-such-rule = \"off\"\n");
    write(dir.path(), "job.json", &fixture("valid"));
    let out = validate_in(dir.path(), &["job.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: .tjspec.toml:3:3: unknown rule `no-such-rule` (`tjspec validate --list-rules` lists them)\n"
    );
    write(dir.path(), ".tjspec.toml", "fail-on = \"warning\"\n[rule]\n");
    let out = validate_in(dir.path(), &["job.json"]);
    assert_eq!(
        text(&out.stderr),
        "error: .tjspec.toml:2:2: unknown key `rule` (expected one of: rules, overrides, fail-on)\n"
    );
}

#[test]
fn list_rules_and_print_config_say_where_levels_come_from() {
    let dir = repo();
    write(dir.path(), ".tjspec.toml", "[rules]\nvpc-config = \"error\"\n\n[[overrides]]\nfiles = [\"dev/*\"]\nrules = { remote-debug = \"off\" }\n");
    write(dir.path(), "dev/job.json", &fixture("valid"));
    let out = validate_in(dir.path(), &["--list-rules"]);
    let listed = text(&out.stdout);
    let line = |id: &str| listed.lines().find(|l| l.starts_with(&format!("{id} "))).unwrap().to_owned();
    let words = |l: String| l.split_whitespace().take(4).map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(words(line("vpc-config")), ["vpc-config", "security", "error", ".tjspec.toml:2:1"]);
    assert_eq!(words(line("remote-debug")), ["remote-debug", "security", "warning", "default"]);
    let out = validate_in(dir.path(), &["--print-config", "dev/job.json"]);
    let printed = text(&out.stdout);
    assert!(printed.starts_with("# effective configuration for dev/job.json from .tjspec.toml\n"), "{printed}");
    assert!(printed.contains("\nremote-debug = \"off\" # security, .tjspec.toml:6:11 [[overrides]]\n"), "{printed}");
    assert!(printed.contains("\nvpc-config = \"error\" # security, .tjspec.toml:2:1 [rules]\n"), "{printed}");
    // What it prints is a configuration.
    let toml: String = printed.lines().map(|l| format!("{}\n", l.split(" #").next().unwrap())).collect();
    assert!(tjspec::config::Config::parse(&toml, "printed").is_ok(), "{toml}");
}

#[test]
fn explain_prints_the_fix() {
    let out = run(&["validate", "--explain", "spot-without-checkpoint"]);
    assert!(out.starts_with("exit: 0\n--- stdout\nspot-without-checkpoint (reliability, warning by default)\n"), "{out}");
    assert!(out.contains("CheckpointConfig.S3Uri"), "{out}");
    let out = run(&["validate", "--explain", "nope"]);
    assert!(out.starts_with("exit: 2"), "{out}");
}
