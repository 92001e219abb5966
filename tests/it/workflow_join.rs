//! Several jobs of one output written as one workflow: one Step Functions
//! state machine whose Task states are chained by `Next` in document order,
//! or one SageMaker Pipelines definition with a Training step per job;
//! names an earlier job took get a suffix, with a warning. `--out-dir`
//! keeps one workflow per job.

use serde_json::Value;

use crate::common::{run, run_with_stdin, shown, tjspec};

const FULL: &str = "tests/fixtures/aws/full-create.json";
const DESCRIBE: &str = "tests/fixtures/aws/describe-boto3.json";
const CDK: &str = "tests/fixtures/sfn/cdk-training.asl.json";

fn converted(args: &[&str]) -> (Value, String) {
    let out = tjspec().args(args).env("NO_COLOR", "1").output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", shown(&out));
    let stdout = String::from_utf8(out.stdout).unwrap();
    let value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("one JSON document ({e}):\n{stdout}"));
    (value, String::from_utf8(out.stderr).unwrap())
}

/// The state names in order, checking the chain: `StartAt` the first, each
/// going on to the next, the last ending the machine.
fn chain(machine: &Value) -> Vec<String> {
    let states = machine["States"].as_object().expect("States");
    let names: Vec<String> = states.keys().cloned().collect();
    assert_eq!(machine["StartAt"], names[0].as_str(), "{machine:#}");
    for (i, name) in names.iter().enumerate() {
        let state = &states[name];
        assert_eq!(state["Type"], "Task");
        match names.get(i + 1) {
            Some(next) => {
                assert_eq!(state["Next"], next.as_str(), "{machine:#}");
                assert!(state.get("End").is_none(), "{machine:#}");
            }
            None => {
                assert_eq!(state["End"], true, "{machine:#}");
                assert!(state.get("Next").is_none(), "{machine:#}");
            }
        }
    }
    names
}

#[test]
fn several_inputs_make_one_state_machine() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("machine.json");
    let out = out.to_str().unwrap();
    let ran = tjspec()
        .args(["convert", FULL, DESCRIBE, "--to", "sfn", "-o", out])
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(0), "{}", shown(&ran));
    let machine: Value = serde_json::from_slice(&std::fs::read(out).unwrap()).unwrap();
    assert_eq!(
        chain(&machine),
        ["churn-full-example", "xgboost-churn-2026-11-02"]
    );
    // It reads back as the two jobs, in order.
    let back = run(&["convert", out, "--to", "aws", "--quiet"]);
    let lines: Vec<Value> = back
        .split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2, "{back}");
    assert_eq!(lines[0]["TrainingJobName"], "churn-full-example");
    assert_eq!(lines[1]["TrainingJobName"], "xgboost-churn-2026-11-02");
}

#[test]
fn taken_state_names_get_a_suffix_and_a_warning() {
    let (machine, stderr) = converted(&["convert", FULL, FULL, "--to", "sfn"]);
    assert_eq!(
        chain(&machine),
        ["churn-full-example", "churn-full-example-2"]
    );
    assert!(stderr.contains("warning[altered]"), "{stderr}");
    assert!(stderr.contains("`churn-full-example-2`"), "{stderr}");
    // The job itself keeps its name: only the state is renamed.
    assert_eq!(
        machine["States"]["churn-full-example-2"]["Parameters"]["TrainingJobName"],
        "churn-full-example"
    );
}

/// A state machine's training states (in Parallel branches and a Map
/// processor) are written back as one machine of as many states, chained
/// in document order; writing that again changes nothing.
#[test]
fn nested_training_states_come_back_as_one_machine() {
    let (machine, _) = converted(&["convert", CDK, "--to", "sfn", "--quiet"]);
    assert_eq!(
        chain(&machine),
        ["TrainXgboost", "TrainLinear", "TrainRegional"]
    );
    let text = serde_json::to_string(&machine).unwrap();
    let again = run_with_stdin(
        &["convert", "-", "--from", "sfn", "--to", "sfn", "--quiet"],
        Some(&text),
    );
    assert!(again.starts_with("exit: 0\n"), "{again}");
    let again: Value = serde_json::from_str(
        again
            .split("--- stdout\n")
            .nth(1)
            .unwrap()
            .split("--- stderr\n")
            .next()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(again, machine);
}

#[test]
fn a_stream_of_jobs_makes_one_state_machine() {
    let job: Value = serde_json::from_slice(
        &std::fs::read(format!("{}/{FULL}", env!("CARGO_MANIFEST_DIR"))).unwrap(),
    )
    .unwrap();
    let mut stream = String::new();
    for name in ["first", "second", "third"] {
        let mut j = job.clone();
        j["TrainingJobName"] = Value::from(name);
        stream.push_str(&serde_json::to_string(&j).unwrap());
        stream.push('\n');
    }
    let out = run_with_stdin(
        &["convert", "-", "--from", "aws", "--to", "sfn", "--quiet"],
        Some(&stream),
    );
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let stdout = out
        .split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap();
    let machine: Value = serde_json::from_str(stdout).unwrap();
    assert_eq!(chain(&machine), ["first", "second", "third"]);
}

#[test]
fn out_dir_writes_one_state_machine_per_job() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let ran = tjspec()
        .args(["convert", CDK, "--to", "sfn", "--quiet", "--out-dir", out])
        .output()
        .unwrap();
    assert_eq!(ran.status.code(), Some(0), "{}", shown(&ran));
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let machine: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
            names.extend(chain(&machine));
        }
    }
    names.sort();
    assert_eq!(names, ["TrainLinear", "TrainRegional", "TrainXgboost"]);
}

#[test]
fn several_jobs_make_one_pipeline() {
    let (pipeline, stderr) = converted(&["convert", FULL, DESCRIBE, FULL, "--to", "sm-pipeline"]);
    assert_eq!(pipeline["Version"], "2020-12-01");
    let names: Vec<&str> = pipeline["Steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            assert_eq!(s["Type"], "Training");
            s["Name"].as_str().unwrap()
        })
        .collect();
    assert_eq!(
        names,
        [
            "churn-full-example",
            "xgboost-churn-2026-11-02",
            "churn-full-example-2"
        ]
    );
    assert_eq!(pipeline["Parameters"], Value::Array(Vec::new()));
    assert!(stderr.contains("warning[altered]"), "{stderr}");
    assert!(
        stderr.contains("step name `churn-full-example`"),
        "{stderr}"
    );
}

/// The library joins as the command does, and `convert` reports a rename.
#[test]
fn the_library_joins_too() {
    let job = std::fs::read(format!("{}/{FULL}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let line = serde_json::to_string(&serde_json::from_slice::<Value>(&job).unwrap()).unwrap();
    let input = tjspec::Input::new("jobs.jsonl", format!("{line}\n{line}\n").into_bytes());
    let conversion = tjspec::convert(&input, tjspec::FormatId::Sfn).unwrap();
    let machine: Value = serde_json::from_slice(&conversion.output).unwrap();
    assert_eq!(
        chain(&machine),
        ["churn-full-example", "churn-full-example-2"]
    );
    assert!(conversion
        .reports
        .iter()
        .any(|r| r.diag.code == tjspec::Code::Altered && r.diag.message.contains("-2`")));
    let pipeline = tjspec::convert(&input, tjspec::FormatId::SmPipeline).unwrap();
    let pipeline: Value = serde_json::from_slice(&pipeline.output).unwrap();
    assert_eq!(pipeline["Steps"].as_array().unwrap().len(), 2);
}
