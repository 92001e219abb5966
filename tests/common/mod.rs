//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod arbitrary;
pub mod limits;
pub mod roundtrip;

use std::path::Path;
use std::process::Command;

/// Runs `tjspec` with `args` from the workspace root (so paths in
/// diagnostics are stable), without colour, and returns one text with the
/// exit status, stdout and stderr for snapshotting.
pub fn run(args: &[&str]) -> String {
    run_with_stdin(args, None)
}

/// Like [`run`], feeding `stdin`.
pub fn run_with_stdin(args: &[&str], stdin: Option<&str>) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tjspec"));
    cmd.args(args)
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env("NO_COLOR", "1")
        .env_remove("CLICOLOR_FORCE");
    let out = if let Some(input) = stdin {
        use std::io::Write;
        cmd.stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = cmd.spawn().expect("tjspec runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(input.as_bytes())
            .expect("write stdin");
        child.wait_with_output().expect("tjspec finishes")
    } else {
        cmd.output().expect("tjspec runs")
    };
    format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        out.status
            .code()
            .map_or("signal".to_owned(), |c| c.to_string()),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// `tjspec` from the workspace root, standard input closed, with neither
/// colour variable set (a caller adds `NO_COLOR` or `CLICOLOR_FORCE`).
pub fn tjspec() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tjspec"));
    cmd.current_dir(Path::new(env!("CARGO_MANIFEST_DIR")))
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR_FORCE")
        .stdin(std::process::Stdio::null());
    cmd
}

/// Bytes a process printed, as text.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A finished process's exit status and output, for assertion messages.
pub fn shown(out: &std::process::Output) -> String {
    format!(
        "exit: {:?}\n--- stdout\n{}--- stderr\n{}",
        out.status.code(),
        text(&out.stdout),
        text(&out.stderr)
    )
}

/// A document tree as a JSON value (positions dropped).
pub fn node_json(node: &tjspec_runtime::Node) -> serde_json::Value {
    use serde_json::Value;
    use tjspec_runtime::NodeKind;
    match &node.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Int(i) => i64::try_from(*i).map_or(Value::Null, Value::from),
        NodeKind::Float(f) => serde_json::Number::from_f64(*f).map_or(Value::Null, Value::Number),
        NodeKind::Str(s, _) | NodeKind::Expr(s) => Value::String(s.clone()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(node_json).collect()),
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), node_json(v)))
                .collect(),
        ),
    }
}

/// Every document of a YAML stream as JSON.
pub fn yaml_json(text: &str) -> Vec<serde_json::Value> {
    tjspec::syntax::yaml::documents(text)
        .map(|d| node_json(&d.expect("valid YAML")))
        .filter(|v| !v.is_null())
        .collect()
}

/// A validator for manifests against the generated ACK CRD's schema, made
/// strict as `kubectl apply --validate=strict` is: an object with declared
/// properties takes no others.
pub fn crd_validator() -> jsonschema::Validator {
    crd_validator_for(tjspec_model::ack::CRD)
}

/// A validator for manifests against the schema of the CRD `crd` (YAML),
/// strict as [`crd_validator`]'s.
pub fn crd_validator_for(crd: &str) -> jsonschema::Validator {
    fn strict(v: &mut serde_json::Value) {
        if let Some(map) = v.as_object_mut() {
            if map.contains_key("properties") && !map.contains_key("additionalProperties") {
                map.insert("additionalProperties".to_owned(), false.into());
            }
            for (_, child) in map.iter_mut() {
                strict(child);
            }
        } else if let Some(items) = v.as_array_mut() {
            items.iter_mut().for_each(strict);
        }
    }
    let crd = yaml_json(crd).remove(0);
    let mut schema = crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"].clone();
    strict(&mut schema);
    // `metadata` is checked by the API server, not the CRD: leave it open.
    schema["properties"]["metadata"] = serde_json::json!({"type": "object"});
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the CRD schema compiles")
}

/// Every violation of the CRD schema in `manifest`, one line each.
pub fn crd_errors(validator: &jsonschema::Validator, manifest: &serde_json::Value) -> Vec<String> {
    validator
        .iter_errors(manifest)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The training job a document read holds (panics on another resource or
/// none: the tests that use it read training jobs).
pub fn training_job(job: Option<tjspec_model::Job>) -> tjspec_model::TrainingJob {
    match job {
        Some(tjspec_model::Job::TrainingJob(j)) => j,
        other => panic!("expected a training job, found {other:?}"),
    }
}
