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
        (
            "network-isolation",
            [
                "EnableNetworkIsolation",
                "enableNetworkIsolation",
                "enable_network_isolation",
                "enable_network_isolation",
            ],
        ),
        (
            "remote-debug",
            [
                "EnableRemoteDebug",
                "enableRemoteDebug",
                "enable_remote_debug",
                "enable_remote_debug",
            ],
        ),
        (
            "previous-generation-instance",
            [
                "InstanceType",
                "instanceType",
                "instance_type",
                "instance_type",
            ],
        ),
        (
            "warm-pool-over-30-minutes",
            [
                "KeepAlivePeriodInSeconds",
                "keepAlivePeriodInSeconds",
                "keep_alive_period_in_seconds",
                "keep_alive_period_in_seconds",
            ],
        ),
    ];
    let formats = [
        ("aws-yaml", "yaml"),
        ("ack", "yaml"),
        ("tf-k8s", "tf"),
        ("tf-aws", "tf"),
    ];
    for (rule, keys) in cases {
        for ((format, ext), key) in formats.iter().zip(keys) {
            let converted = convert(&fixture(rule), format);
            let dir = repo();
            let name = format!("job.{ext}");
            write(dir.path(), &name, &converted);
            // Some of the rules are off by default.
            let config = format!(
                "{}/tests/fixtures/rules/off-by-default-on.tjspec.toml",
                env!("CARGO_MANIFEST_DIR")
            );
            let out = validate_in(
                dir.path(),
                &["--config", &config, "--message-format", "json", &name],
            );
            let found = records(&text(&out.stdout));
            let ours: Vec<_> = found.iter().filter(|r| r["code"] == rule).collect();
            assert_eq!(
                ours.len(),
                1,
                "{rule} in {format}:\n{converted}\n{}",
                shown(&out)
            );
            let (line, col) = (
                ours[0]["line"].as_u64().unwrap() as usize,
                ours[0]["column"].as_u64().unwrap() as usize,
            );
            // As for every finding about a value: the value, on its key's line.
            let text_line = converted.lines().nth(line - 1).unwrap();
            let at: String = text_line.chars().skip(col - 1).collect();
            let key_end = text_line
                .find(key)
                .map(|i| text_line[..i + key.len()].chars().count());
            assert!(
                key_end.is_some_and(|end| col > end) && !at.trim().is_empty(),
                "{rule} in {format} at {line}:{col}: `{text_line}`\n{converted}"
            );
            assert!(
                ours[0]["path"].as_str().unwrap().ends_with(key),
                "{rule} in {format}: {}",
                ours[0]
            );
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
            found
                .iter()
                .map(|r| r["severity"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>(),
        )
    };
    // [rules] makes it a warning, and fail-on = "warning" fails the run.
    assert_eq!(levels("prod/a.json"), (Some(1), vec!["warning".to_owned()]));
    // The first override turns it off for sandbox/.
    assert_eq!(levels("sandbox/b.json"), (Some(0), vec![]));
    // The second applies to a job name.
    assert_eq!(
        levels("prod/scratch.json"),
        (Some(0), vec!["note".to_owned()])
    );
    // The command line's threshold wins over the file's.
    let out = validate_in(dir.path(), &["--fail-on", "error", "prod/a.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    // A configuration below the repository root is found from the input upward.
    write(
        dir.path(),
        "prod/.tjspec.toml",
        "[rules]\nvpc-config = \"error\"\n",
    );
    assert_eq!(levels("prod/a.json"), (Some(1), vec!["error".to_owned()]));
    // --config names the file for every input.
    let out = validate_in(
        dir.path(),
        &[
            "--config",
            ".tjspec.toml",
            "--message-format",
            "json",
            "prod/a.json",
        ],
    );
    assert_eq!(records(&text(&out.stdout))[0]["severity"], "warning");
}

#[test]
fn the_search_stops_at_the_repository_root() {
    let outer = tempfile::tempdir().unwrap();
    write(
        outer.path(),
        ".tjspec.toml",
        "[rules]\nvpc-config = \"error\"\n",
    );
    std::fs::create_dir_all(outer.path().join("repo/.git")).unwrap();
    write(
        &outer.path().join("repo"),
        "job.json",
        &fixture("vpc-config"),
    );
    let out = validate_in(&outer.path().join("repo"), &["job.json"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
}

#[test]
fn deny_warnings_is_fail_on_warning() {
    let out = run(&[
        "validate",
        "--deny-warnings",
        "tests/fixtures/rules/remote-debug.json",
    ]);
    assert!(out.starts_with("exit: 1"), "{out}");
    let out = run(&[
        "validate",
        "--fail-on",
        "warning",
        "tests/fixtures/rules/remote-debug.json",
    ]);
    assert!(out.starts_with("exit: 1"), "{out}");
    // A note (spot-without-retry by default) fails only from `note` on.
    let out = run(&[
        "validate",
        "--deny-warnings",
        "tests/fixtures/rules/spot-without-retry.json",
    ]);
    assert!(out.starts_with("exit: 0"), "{out}");
    let out = run(&[
        "validate",
        "--fail-on",
        "note",
        "tests/fixtures/rules/spot-without-retry.json",
    ]);
    assert!(out.starts_with("exit: 1"), "{out}");
    // Rules off by default stay quiet without a configuration.
    let out = run(&[
        "validate",
        "--fail-on",
        "note",
        "tests/fixtures/rules/vpc-config.json",
    ]);
    assert!(out.starts_with("exit: 0"), "{out}");
}

#[test]
fn configuration_errors_have_positions() {
    let dir = repo();
    write(
        dir.path(),
        ".tjspec.toml",
        "[rules]\nvpc-config = \"off\"\n  no-such-rule = \"off\"\n",
    );
    write(dir.path(), "job.json", &fixture("valid"));
    let out = validate_in(dir.path(), &["job.json"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        text(&out.stderr),
        "error: .tjspec.toml:3:3: unknown rule `no-such-rule` (`tjspec validate --list-rules` lists them)\n"
    );
    write(
        dir.path(),
        ".tjspec.toml",
        "fail-on = \"warning\"\n[rule]\n",
    );
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
    let line = |id: &str| {
        listed
            .lines()
            .find(|l| l.starts_with(&format!("{id} ")))
            .unwrap()
            .to_owned()
    };
    let words = |l: String| {
        l.split_whitespace()
            .take(4)
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        words(line("vpc-config")),
        ["vpc-config", "security", "error", ".tjspec.toml:2:1"]
    );
    assert_eq!(
        words(line("remote-debug")),
        ["remote-debug", "security", "warning", "default"]
    );
    let out = validate_in(dir.path(), &["--print-config", "dev/job.json"]);
    let printed = text(&out.stdout);
    assert!(
        printed.starts_with("# effective configuration for dev/job.json from .tjspec.toml\n"),
        "{printed}"
    );
    assert!(
        printed.contains("\nremote-debug = \"off\" # security, .tjspec.toml:6:11 [[overrides]]\n"),
        "{printed}"
    );
    assert!(
        printed.contains("\nvpc-config = \"error\" # security, .tjspec.toml:2:1 [rules]\n"),
        "{printed}"
    );
    // What it prints is a configuration.
    let toml: String = printed
        .lines()
        .map(|l| format!("{}\n", l.split(" #").next().unwrap()))
        .collect();
    assert!(
        tjspec::config::Config::parse(&toml, "printed").is_ok(),
        "{toml}"
    );
}

#[test]
fn explain_prints_the_fix() {
    let out = run(&["validate", "--explain", "spot-without-checkpoint"]);
    assert!(
        out.starts_with(
            "exit: 0\n--- stdout\nspot-without-checkpoint (reliability, warning by default)\n"
        ),
        "{out}"
    );
    assert!(out.contains("CheckpointConfig.S3Uri"), "{out}");
    let out = run(&["validate", "--explain", "nope"]);
    assert!(out.starts_with("exit: 2"), "{out}");
}

/// An ACK manifest of the remote-debug fixture, with its lines.
fn ack(rule: &str) -> String {
    convert(&fixture(rule), "ack")
}

/// Inserts `comment` above the line holding `key` (or at its end with `trailing`).
fn comment_at(text: &str, key: &str, comment: &str, trailing: bool) -> String {
    let mut out = String::new();
    for line in text.lines() {
        if line.trim_start().starts_with(key) {
            if trailing {
                out.push_str(&format!("{line} {comment}\n"));
                continue;
            }
            let indent: String = line.chars().take_while(|c| *c == ' ').collect();
            out.push_str(&format!("{indent}{comment}\n"));
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn validate_text(name: &str, text: &str, args: &[&str]) -> (Option<i32>, Vec<Value>, String) {
    let dir = repo();
    write(dir.path(), name, text);
    let mut all = vec!["--message-format", "json"];
    all.extend_from_slice(args);
    all.push(name);
    let out = validate_in(dir.path(), &all);
    (
        out.status.code(),
        records(&text_of(&out.stdout)),
        shown(&out),
    )
}

fn text_of(b: &[u8]) -> String {
    text(b)
}

#[test]
fn suppression_comments_in_yaml() {
    let manifest = ack("remote-debug");
    // Unsuppressed, remote debugging fails with --fail-on warning.
    let (code, found, out) = validate_text("job.yaml", &manifest, &["--fail-on", "warning"]);
    assert_eq!((code, found.len()), (Some(1), 1), "{out}");
    // On the line above, with a reason: suppressed, kept in JSON, not failing.
    let above = comment_at(
        &manifest,
        "enableRemoteDebug:",
        "# tjspec:ignore remote-debug -- debugging a hang, until Friday",
        false,
    );
    let (code, found, out) = validate_text("job.yaml", &above, &["--fail-on", "warning"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(found.len(), 1, "{out}");
    assert_eq!(found[0]["code"], "remote-debug");
    assert_eq!(found[0]["suppressed"], true);
    assert_eq!(
        found[0]["suppression_reason"],
        "debugging a hang, until Friday"
    );
    // On the finding's own line.
    let trailing = comment_at(
        &manifest,
        "enableRemoteDebug:",
        "# tjspec:ignore remote-debug -- r",
        true,
    );
    let (code, found, out) = validate_text("job.yaml", &trailing, &["--fail-on", "warning"]);
    assert_eq!(
        (code, found[0]["suppressed"].clone()),
        (Some(0), Value::Bool(true)),
        "{out}"
    );
    // At the top of the document: the whole document.
    let top = format!("# tjspec:ignore remote-debug -- a debugging sandbox\n{manifest}");
    let (code, found, out) = validate_text("job.yaml", &top, &["--fail-on", "warning"]);
    assert_eq!((code, found.len()), (Some(0), 1), "{out}");
    // The human format hides it.
    let dir = repo();
    write(dir.path(), "job.yaml", &top);
    let out = validate_in(dir.path(), &["job.yaml"]);
    assert!(
        !text(&out.stderr).contains("remote-debug"),
        "{}",
        shown(&out)
    );
}

#[test]
fn suppressions_without_reason_or_effect_are_warnings() {
    let manifest = ack("valid");
    let text = comment_at(&manifest, "roleARN:", "# tjspec:ignore remote-debug", false);
    let (code, found, out) = validate_text("job.yaml", &text, &["--fail-on", "warning"]);
    assert_eq!(code, Some(1), "{out}");
    let messages: Vec<_> = found
        .iter()
        .map(|r| (r["code"].as_str().unwrap(), r["message"].as_str().unwrap()))
        .collect();
    assert_eq!(
        messages,
        [
            (
                "suppression",
                "the suppression of `remote-debug` gives no reason"
            ),
            (
                "suppression",
                "the suppression of `remote-debug` suppresses nothing"
            ),
        ],
        "{out}"
    );
    let text = comment_at(
        &manifest,
        "roleARN:",
        "# tjspec:ignore remote-debugging -- r",
        false,
    );
    let (_, found, out) = validate_text("job.yaml", &text, &[]);
    assert_eq!(
        found[0]["message"],
        "`tjspec:ignore remote-debugging`: no rule is named `remote-debugging`",
        "{out}"
    );
    // Not a comment: inside a quoted string.
    let text = manifest.replace("roleARN:", "# x\n  roleARN:").replace(
        "trainingJobName: valid",
        "trainingJobName: \"valid # tjspec:ignore vpc-config -- r\"",
    );
    let (_, found, out) = validate_text("job.yaml", &text, &[]);
    assert!(found.iter().all(|r| r["code"] != "suppression"), "{out}");
}

#[test]
fn suppression_comments_in_hcl() {
    let hcl = convert(&fixture("remote-debug"), "tf-aws");
    let text = comment_at(
        &hcl,
        "enable_remote_debug",
        "# tjspec:ignore remote-debug -- debugging",
        false,
    );
    let (code, found, out) = validate_text("main.tf", &text, &["--fail-on", "warning"]);
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(found.len(), 1, "{out}");
    assert_eq!(found[0]["suppressed"], true, "{out}");
    let top = format!("# tjspec:ignore remote-debug -- debugging\n{hcl}");
    let (code, found, out) = validate_text("main.tf", &top, &["--fail-on", "warning"]);
    assert_eq!(
        (code, found[0]["suppressed"].clone()),
        (Some(0), Value::Bool(true)),
        "{out}"
    );
}

#[test]
fn sarif_log_for_the_run() {
    let dir = repo();
    write(dir.path(), "jobs/debug.json", &fixture("remote-debug"));
    let suppressed = format!(
        "# tjspec:ignore remote-debug -- sandbox\n{}",
        ack("remote-debug")
    );
    write(dir.path(), "jobs/ack job.yaml", &suppressed);
    write(dir.path(), "jobs/valid.json", &fixture("valid"));
    let out = validate_in(dir.path(), &["--message-format", "sarif", "jobs"]);
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "tjspec");
    let rules = driver["rules"].as_array().unwrap();
    assert!(rules.len() >= tjspec::rules::RULES.len());
    let rd = rules.iter().find(|r| r["id"] == "remote-debug").unwrap();
    assert_eq!(rd["properties"]["category"], "security");
    assert_eq!(rd["defaultConfiguration"]["level"], "warning");
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), 2, "{results:#?}");
    for r in results {
        assert_eq!(r["ruleId"], "remote-debug");
        assert_eq!(
            rules[r["ruleIndex"].as_u64().unwrap() as usize]["id"],
            "remote-debug"
        );
        let loc = &r["locations"][0];
        let region = &loc["physicalLocation"]["region"];
        assert!(region["startLine"].as_u64().unwrap() > 1);
        assert!(region["endColumn"].as_u64() > region["startColumn"].as_u64());
        assert!(loc["logicalLocations"][0]["fullyQualifiedName"]
            .as_str()
            .unwrap()
            .ends_with("nableRemoteDebug"));
    }
    let uris: Vec<_> = results
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert_eq!(uris, ["jobs/ack%20job.yaml", "jobs/debug.json"]);
    assert_eq!(results[0]["suppressions"][0]["kind"], "inSource");
    assert_eq!(results[0]["suppressions"][0]["justification"], "sandbox");
    assert!(results[1].get("suppressions").is_none());
    // Standard error keeps the summary only.
    assert!(text(&out.stderr).is_empty(), "{}", shown(&out));
}

/// The README's table of rules, as the rule table gives it.
fn rules_table() -> String {
    let mut table =
        String::from("| rule | category | default | what it asks |\n|---|---|---|---|\n");
    for r in tjspec::rules::RULES {
        table.push_str(&format!(
            "| `{}` | {} | {} | {} |\n",
            r.id,
            r.category.as_str(),
            r.default_level(),
            r.summary.replace('|', "\\|")
        ));
    }
    table
}

#[test]
fn readme_rules_table_is_the_rule_tables() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("| rule | category | default | what it asks |")
        .expect("README.md has a table of rules");
    let end = readme[start..]
        .find("\n\n")
        .map_or(readme.len(), |n| start + n + 1);
    let expected = rules_table();
    assert!(
        readme[start..end] == expected,
        "README.md's table of rules differs from the rule table; it should read:\n\n{expected}"
    );
}
