//! The Examples section of each command's `--help` (and manual page). Every
//! line starting with `  tjspec ` runs as written from the repository root
//! (a test runs them against a copy of `examples/`).

/// An Examples section followed by the exit statuses.
pub(super) fn with_exit(examples: &str, exit: &str) -> String {
    format!("{examples}\n\n{exit}")
}

pub(super) const TJSPEC: &str = "\
Examples:
  tjspec convert examples/xgboost-churn.json --to aws-yaml
  tjspec validate examples/
  tjspec new --to aws-yaml
  tjspec diff examples/xgboost-churn.json examples/describe-response.json

Run `tjspec help COMMAND` or `tjspec COMMAND --help` for each command's examples.";

pub(super) const CONVERT: &str = "\
Examples:
  # Switch between JSON and YAML, or to any other format
  tjspec convert examples/xgboost-churn.json --to aws-yaml
  tjspec convert examples/ack-xgboost.yaml --to tf-aws -o training.tf
  # Keep only what CreateTrainingJob takes
  tjspec convert examples/describe-response.json --to aws --no-status
  # Fill or replace fields (AWS member names)
  tjspec convert examples/xgboost-churn.json --to aws --set ResourceConfig.InstanceCount=2
  # One file per job; then, in CI, fail when a copy is stale
  tjspec convert examples/ --to ack --out-dir deploy/k8s/
  tjspec convert examples/ --to ack --out-dir deploy/k8s/ --check";

pub(super) const VALIDATE: &str = "\
Examples:
  tjspec validate examples/
  tjspec validate examples/xgboost-churn.json --deny-warnings
  # Annotations on a pull request; JSON records on standard output (`| jq`)
  tjspec validate examples/ --message-format github
  tjspec validate examples/ --message-format json
  tjspec validate --list-rules";

pub(super) const NEW: &str = "\
Examples:
  tjspec new
  tjspec new --to tf-aws
  tjspec init --to ack
  # Until every placeholder is replaced, validation names each one
  tjspec new --to aws -o job.json";

pub(super) const SCHEMA: &str = "\
Examples:
  tjspec schema --format aws
  tjspec schema --format ack";

pub(super) const DIFF: &str = "\
Examples:
  tjspec diff examples/xgboost-churn.json examples/describe-response.json
  tjspec diff examples/xgboost-churn.json examples/ack-xgboost.yaml --names ack
  tjspec diff examples/xgboost-churn.json examples/describe-response.json --message-format json";

pub(super) const COMPLETIONS: &str = "\
Examples:
  tjspec completions bash
  tjspec completions zsh
  tjspec completions fish";

pub(super) const MAN: &str = "\
Examples:
  tjspec man
  tjspec man --out-dir man/";
