//! What converting a job out of a workflow does to the workflow around it:
//! `Parallel` branches, `Map` processors and `Condition` branches, which an
//! output of the same format does not keep, are named as losses (errors
//! under `--strict`) and as notes for other formats; references between
//! jobs (`DependsOn`, `{"Get": "Steps.…"}`, a catcher's `Next`) follow the
//! names joining gives the steps and states of their own input, and a
//! reference to something the output does not have is left out, said so.

use serde_json::Value;

use crate::common::run;

const CDK: &str = "tests/fixtures/sfn/cdk-training.asl.json";
const CATCH: &str = "tests/fixtures/sfn/catch.asl.json";
const ABALONE: &str = "tests/fixtures/sm-pipeline/abalone.json";
const DEPENDS: &str = "tests/fixtures/sm-pipeline/depends.json";
const DEPENDS_FRAUD: &str = "tests/fixtures/sm-pipeline/depends-fraud.json";

struct Run {
    exit: String,
    stdout: String,
    findings: Vec<Value>,
}

/// Runs `tjspec` with JSON findings, split into exit status, output and findings.
fn json_run(args: &[&str]) -> Run {
    let mut args = args.to_vec();
    args.extend(["--message-format", "json"]);
    let out = run(&args);
    let (head, rest) = out.split_once("\n--- stdout\n").unwrap();
    let (stdout, stderr) = rest.split_once("--- stderr\n").unwrap();
    Run {
        exit: head.trim_start_matches("exit: ").to_owned(),
        stdout: stdout.to_owned(),
        findings: stderr
            .lines()
            .filter(|l| l.starts_with('{'))
            .map(|l| serde_json::from_str(l).unwrap())
            .collect(),
    }
}

impl Run {
    /// (severity, path, message) of the findings of `code`.
    fn with_code(&self, code: &str) -> Vec<(String, String, String)> {
        self.findings
            .iter()
            .filter(|f| f["code"] == code)
            .map(|f| {
                (
                    f["severity"].as_str().unwrap().to_owned(),
                    f["path"].as_str().unwrap().to_owned(),
                    f["message"].as_str().unwrap().to_owned(),
                )
            })
            .collect()
    }

    fn output(&self) -> Value {
        serde_json::from_str(&self.stdout).unwrap_or_else(|e| panic!("{e}: {}", self.stdout))
    }
}

#[test]
fn nested_training_states_name_the_states_around_them_for_sfn_output() {
    let r = json_run(&["convert", CDK, "--to", "sfn"]);
    assert_eq!(r.exit, "0");
    let losses = r.with_code("loss");
    let paths: Vec<_> = losses.iter().map(|(_, p, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [
            r#"States["Train candidates"].Branches[0]"#,
            r#"States["Train candidates"].Branches[1]"#,
            r#"States["Per region"].ItemProcessor"#,
        ]
    );
    assert!(losses.iter().all(|(s, _, _)| s == "warning"), "{losses:?}");
    assert!(
        losses[0].2.contains("the Parallel state `Train candidates` around this Task state is not carried; the state comes back at the top level"),
        "{}",
        losses[0].2
    );
    assert!(
        losses[2].2.contains("the Map state `Per region`"),
        "{}",
        losses[2].2
    );
    // Each points where the part begins.
    let first = r.findings.iter().find(|f| f["code"] == "loss").unwrap();
    assert_eq!((&first["line"], &first["column"]), (&13.into(), &9.into()));
    // The states do come back one after another.
    let states = r.output()["States"].as_object().unwrap().clone();
    assert_eq!(states.len(), 3);
}

#[test]
fn strict_fails_on_flattening_and_writes_nothing() {
    let r = json_run(&["convert", CDK, "--to", "sfn", "--strict"]);
    assert_eq!(r.exit, "1");
    assert_eq!(r.stdout, "");
    let losses = r.with_code("loss");
    assert_eq!(losses.len(), 3, "{losses:?}");
    assert!(losses.iter().all(|(s, _, _)| s == "error"), "{losses:?}");
}

/// For another format the workflow around a job is left behind with the
/// state's own fields: a note, never a failure under `--strict`.
#[test]
fn other_formats_note_the_workflow_around_the_job() {
    let r = json_run(&["convert", CATCH, "--to", "aws", "--strict"]);
    assert_eq!(r.exit, "0", "{:?}", r.findings);
    let losses = r.with_code("loss");
    for path in [
        "States.Fan.Branches[0]",
        "States.Fan.Branches[0].States.Train.Catch",
    ] {
        assert!(
            losses.contains(&(
                "note".to_owned(),
                path.to_owned(),
                "not carried to aws".to_owned()
            )),
            "{path}: {losses:?}"
        );
    }
    assert!(losses.iter().all(|(s, _, _)| s == "note"), "{losses:?}");
}

#[test]
fn condition_branches_are_named_for_pipeline_output() {
    let r = json_run(&["convert", ABALONE, "--to", "sm-pipeline"]);
    assert_eq!(r.exit, "0");
    let losses = r.with_code("loss");
    assert_eq!(losses.len(), 1, "{losses:?}");
    assert_eq!(losses[0].0, "warning");
    assert_eq!(losses[0].1, "Steps[2].Arguments.IfSteps");
    assert!(
        losses[0].2.starts_with("the Condition step `AbaloneMSECond` around this step is not carried; the step comes back as a step of its own"),
        "{}",
        losses[0].2
    );
    let strict = json_run(&["convert", ABALONE, "--to", "sm-pipeline", "--strict"]);
    assert_eq!(strict.exit, "1");
    assert!(strict
        .with_code("loss")
        .iter()
        .all(|(s, _, _)| s == "error"));
}

/// Every `DependsOn` of a definition names one of its steps, and every
/// catcher's `Next` one of its states: what the service accepts.
fn references_resolve(definition: &Value) {
    if let Some(steps) = definition["Steps"].as_array() {
        let names: Vec<_> = steps.iter().map(|s| s["Name"].clone()).collect();
        for s in steps {
            for d in s["DependsOn"].as_array().into_iter().flatten() {
                assert!(names.contains(d), "{d} is not a step: {definition:#}");
            }
        }
    }
    if let Some(states) = definition["States"].as_object() {
        for s in states.values() {
            for c in s["Catch"].as_array().into_iter().flatten() {
                let next = c["Next"].as_str().unwrap();
                assert!(
                    states.contains_key(next),
                    "{next} is not a state: {definition:#}"
                );
            }
        }
    }
}

#[test]
fn dependencies_on_steps_passed_over_are_losses() {
    let r = json_run(&["convert", DEPENDS, "--to", "sm-pipeline"]);
    assert_eq!(r.exit, "0");
    let out = r.output();
    references_resolve(&out);
    assert!(out["Steps"][0].get("DependsOn").is_none(), "{out:#}");
    assert_eq!(out["Steps"][1]["DependsOn"], serde_json::json!(["Train"]));
    let losses = r.with_code("loss");
    let paths: Vec<_> = losses.iter().map(|(_, p, _)| p.as_str()).collect();
    assert_eq!(paths, ["Steps[1].DependsOn[0]", "Steps[2].DependsOn[0]"]);
    assert!(losses[0].2.contains("step `Prep`"), "{}", losses[0].2);
    let strict = json_run(&["convert", DEPENDS, "--to", "sm-pipeline", "--strict"]);
    assert_eq!(strict.exit, "1");
    assert_eq!(strict.stdout, "");
}

/// Two definitions with the same step names in one output: the second's
/// steps are renamed, and its references follow its own steps, not the
/// first definition's steps of the same names.
#[test]
fn references_follow_renamed_steps_of_their_own_definition() {
    let r = json_run(&["convert", DEPENDS, DEPENDS_FRAUD, "--to", "sm-pipeline"]);
    assert_eq!(r.exit, "0");
    let out = r.output();
    references_resolve(&out);
    let steps = out["Steps"].as_array().unwrap();
    let names: Vec<_> = steps.iter().map(|s| s["Name"].as_str().unwrap()).collect();
    assert_eq!(names, ["Train", "TrainWide", "Train-2", "TrainWide-2"]);
    let warm = |s: &Value| s["Arguments"]["HyperParameters"]["warm_start_model"]["Get"].clone();
    assert_eq!(steps[1]["DependsOn"], serde_json::json!(["Train"]));
    assert_eq!(
        warm(&steps[1]),
        "Steps.Train.ModelArtifacts.S3ModelArtifacts"
    );
    assert_eq!(steps[3]["DependsOn"], serde_json::json!(["Train-2"]));
    assert_eq!(
        warm(&steps[3]),
        "Steps.Train-2.ModelArtifacts.S3ModelArtifacts"
    );
    assert_eq!(
        steps[3]["Arguments"]["OutputDataConfig"]["S3OutputPath"],
        "s3://acme-ml-models/fraud-wide/"
    );
}

/// One file per job: a dependency on a job of another file is left out,
/// with a warning, so that each definition names only its own steps.
#[test]
fn one_file_per_job_leaves_out_dependencies_on_other_files() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_str().unwrap();
    let r = json_run(&[
        "convert",
        DEPENDS,
        "--to",
        "sm-pipeline",
        "--out-dir",
        out_dir,
    ]);
    assert_eq!(r.exit, "0");
    let dangling: Vec<_> = r
        .with_code("altered")
        .into_iter()
        .filter(|(_, _, m)| m.contains("not in this output"))
        .collect();
    assert_eq!(dangling.len(), 1, "{:?}", r.findings);
    assert!(dangling[0].2.contains("step `Train`"), "{}", dangling[0].2);
    let mut files = 0;
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let text = std::fs::read_to_string(&path).unwrap();
            references_resolve(&serde_json::from_str(&text).unwrap());
            files += 1;
        }
    }
    assert_eq!(files, 2);
}

/// A catcher going on to a state that is not a job cannot stay (the
/// machine would name a state it does not have): a loss. One going on to
/// another training state of its machine follows it when it is renamed.
#[test]
fn catchers_follow_their_own_machine_and_leave_out_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("catch-copy.asl.json");
    std::fs::copy(CATCH, &copy).unwrap();
    let r = json_run(&["convert", CATCH, copy.to_str().unwrap(), "--to", "sfn"]);
    assert_eq!(r.exit, "0");
    let out = r.output();
    references_resolve(&out);
    let states = out["States"].as_object().unwrap();
    let names: Vec<_> = states.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        ["Train", "TrainSmaller", "Train-2", "TrainSmaller-2"]
    );
    assert_eq!(states["Train"]["Catch"].as_array().unwrap().len(), 1);
    assert_eq!(states["Train"]["Catch"][0]["Next"], "TrainSmaller");
    assert_eq!(states["Train-2"]["Catch"][0]["Next"], "TrainSmaller-2");
    let losses = r.with_code("loss");
    let catchers: Vec<_> = losses
        .iter()
        .filter(|(_, p, _)| p == "States.Fan.Branches[0].States.Train.Catch[1]")
        .collect();
    assert_eq!(catchers.len(), 2, "{losses:?}");
    assert!(
        catchers[0].2.contains("the state `Failed`"),
        "{}",
        catchers[0].2
    );
    let strict = json_run(&["convert", CATCH, "--to", "sfn", "--strict"]);
    assert_eq!(strict.exit, "1");
}
