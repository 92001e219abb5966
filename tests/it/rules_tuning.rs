//! `tjspec validate` on a hyperparameter tuning job: the tuning job's own
//! rules and the training job's rules inside each training-job definition,
//! each finding at its field's path, line and column in the input's own
//! spelling (AWS JSON, and the same job as an ACK manifest).

use std::process::Stdio;

use crate::common::{run_with_stdin, tjspec};

const FIXTURE: &str = "tests/fixtures/aws/tuning/rule-findings.json";

/// Each finding of a `--message-format json` run as one line:
/// `line:column severity[code] path: message`.
fn findings(out: &str) -> String {
    let mut lines = Vec::new();
    for line in out.lines().filter(|l| l.starts_with('{')) {
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        lines.push(format!(
            "{}:{} {}[{}] {}: {}",
            v["line"],
            v["column"],
            v["severity"].as_str().unwrap(),
            v["code"].as_str().unwrap(),
            v["path"].as_str().unwrap(),
            v["message"].as_str().unwrap()
        ));
    }
    lines.join("\n")
}

#[test]
fn tuning_rules_locate_their_findings() {
    let out = run_with_stdin(&["validate", "--message-format", "json", FIXTURE], None);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    insta::assert_snapshot!("aws_json", findings(&out));
}

#[test]
fn tuning_rules_locate_their_findings_in_an_ack_manifest() {
    let converted = tjspec()
        .args(["convert", "--to", "ack", FIXTURE])
        .stderr(Stdio::null())
        .output()
        .unwrap();
    assert!(converted.status.success());
    let manifest = String::from_utf8(converted.stdout).unwrap();
    let out = run_with_stdin(
        &["validate", "--message-format", "json", "--from", "ack", "-"],
        Some(&manifest),
    );
    assert!(out.starts_with("exit: 1\n"), "{out}");
    insta::assert_snapshot!("ack", findings(&out));
}

#[test]
fn a_clean_tuning_job_passes() {
    let out = run_with_stdin(
        &["validate", "tests/fixtures/aws/tuning/xgboost-tuning.json"],
        None,
    );
    assert!(out.starts_with("exit: 0\n"), "{out}");
}

#[test]
fn sarif_names_the_resources_each_rule_checks() {
    let out = tjspec()
        .args(["validate", "--message-format", "sarif", FIXTURE])
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let log: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let resources =
        |id: &str| rules.iter().find(|r| r["id"] == id).unwrap()["properties"]["resources"].clone();
    assert_eq!(resources("range-bounds"), serde_json::json!(["tuning-job"]));
    assert_eq!(
        resources("spot-needs-max-wait"),
        serde_json::json!(["training-job", "tuning-job"])
    );
    assert_eq!(
        resources("remote-debug"),
        serde_json::json!(["training-job"])
    );
    let spot = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "spot-needs-max-wait")
        .unwrap();
    assert_eq!(
        spot["locations"][0]["logicalLocations"][0]["fullyQualifiedName"],
        "TrainingJobDefinitions[1].StoppingCondition.MaxWaitTimeInSeconds"
    );
    assert_eq!(
        spot["locations"][0]["physicalLocation"]["region"]["startLine"],
        55
    );
}
