//! Hostile state machines and pipeline definitions: nesting past the
//! parser's depth budget, thousands of training states and steps, and a
//! pipeline parameter whose large default is referenced many times. Each
//! run ends in time, in bounded memory, with a clear result.

use std::time::Duration;

use crate::common::limits::run_limited;

const LIMIT: Duration = Duration::from_secs(120);

fn training_state(i: usize) -> String {
    format!(
        r#""T{i}": {{"Type": "Task", "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync", "Parameters": {{"TrainingJobName.$": "$.name", "RoleArn": "arn:aws:iam::111122223333:role/R", "AlgorithmSpecification": {{"TrainingInputMode": "File", "TrainingImage": "img"}}, "OutputDataConfig": {{"S3OutputPath": "s3://b/o"}}, "ResourceConfig": {{"InstanceCount": 1, "InstanceType": "ml.m5.xlarge", "VolumeSizeInGB": 1}}, "StoppingCondition": {{"MaxRuntimeInSeconds": 60}}}}, "End": true}}"#
    )
}

fn run(path: &std::path::Path, args: &[&str]) -> crate::common::limits::Ran {
    let mut all = vec![args[0], path.to_str().unwrap()];
    all.extend_from_slice(&args[1..]);
    run_limited(&all, LIMIT)
}

/// Parallel branches nested past the depth budget: a syntax error.
#[test]
fn nesting_past_the_budget_is_a_syntax_error() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 2_000;
    let mut s = String::new();
    for i in 0..depth {
        s.push_str(&format!(
            r#"{{"StartAt": "P{i}", "States": {{"P{i}": {{"Type": "Parallel", "End": true, "Branches": ["#
        ));
    }
    s.push_str(&format!(
        r#"{{"StartAt": "T0", "States": {{{}}}}}"#,
        training_state(0)
    ));
    for _ in 0..depth {
        s.push_str("]}}}");
    }
    let path = dir.path().join("deep.asl.json");
    std::fs::write(&path, s).unwrap();
    let ran = run(&path, &["validate", "--message-format", "json"]);
    assert_eq!(ran.code, Some(1), "{}", ran.stdout);
    assert!(ran.stdout.contains(r#""code":"syntax""#), "{}", ran.stdout);
    assert!(ran.stdout.contains("nesting deeper than"), "{}", ran.stdout);
}

/// Thousands of training states, each with an expression: every one is
/// read (its unverified note counted), in bounded memory.
#[test]
fn many_training_states_stay_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let n = 5_000;
    let states: Vec<String> = (0..n).map(training_state).collect();
    let s = format!(r#"{{"StartAt": "T0", "States": {{{}}}}}"#, states.join(","));
    let path = dir.path().join("wide.asl.json");
    std::fs::write(&path, &s).unwrap();
    let ran = run(&path, &["validate", "--quiet"]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    assert!(ran.peak_mib < 512.0, "{} MiB", ran.peak_mib);
    let ran = run(&path, &["convert", "--to", "sfn", "--quiet"]);
    assert_eq!(ran.code, Some(0), "{}", ran.stderr);
    // One state machine holding every state, chained in order.
    let machine: serde_json::Value = serde_json::from_str(&ran.stdout).unwrap();
    assert_eq!(machine["States"].as_object().unwrap().len(), n);
    assert!(ran.peak_mib < 512.0, "{} MiB", ran.peak_mib);
}

/// A parameter with a 1 MB default referenced by 20,000 members: putting
/// the default in everywhere would take 20 GB, so substitution stops at a
/// multiple of the input and says so.
#[test]
fn a_large_default_referenced_many_times_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let big = "x".repeat(1 << 20);
    let refs: Vec<String> = (0..20_000)
        .map(|i| format!(r#""k{i}": {{"Get": "Parameters.Big"}}"#))
        .collect();
    let mut steps = Vec::new();
    // Spread over steps: a training job has at most 100 hyperparameters.
    for (i, chunk) in refs.chunks(100).enumerate() {
        steps.push(format!(
            r#"{{"Name": "S{i}", "Type": "Training", "Arguments": {{"HyperParameters": {{{}}}}}}}"#,
            chunk.join(",")
        ));
    }
    let s = format!(
        r#"{{"Version": "2020-12-01", "Metadata": {{}}, "Parameters": [{{"Name": "Big", "Type": "String", "DefaultValue": "{big}"}}], "Steps": [{}]}}"#,
        steps.join(",")
    );
    let path = dir.path().join("bomb.json");
    std::fs::write(&path, &s).unwrap();
    let ran = run(
        &path,
        &[
            "validate",
            "--pipeline-parameters",
            "defaults",
            "--message-format",
            "json",
        ],
    );
    assert_eq!(
        ran.code,
        Some(1),
        "{}",
        &ran.stdout[..ran.stdout.len().min(2000)]
    );
    assert!(
        ran.stdout
            .contains("would make the step several times the size of its input"),
        "{}",
        &ran.stdout[..ran.stdout.len().min(2000)]
    );
    assert!(ran.peak_mib < 1024.0, "{} MiB", ran.peak_mib);
}

/// Thousands of Condition steps nested in each other's `IfSteps`: past the
/// depth budget, a syntax error; within it, read.
#[test]
fn nested_condition_steps_are_bounded() {
    let dir = tempfile::tempdir().unwrap();
    let depth = 3_000;
    let mut s = String::from(r#"{"Version": "2020-12-01", "Steps": "#);
    for i in 0..depth {
        s.push_str(&format!(
            r#"[{{"Name": "C{i}", "Type": "Condition", "Arguments": {{"Conditions": [], "ElseSteps": [], "IfSteps": "#
        ));
    }
    s.push_str("[]");
    for _ in 0..depth {
        s.push_str("}}]");
    }
    s.push('}');
    let path = dir.path().join("deep.json");
    std::fs::write(&path, s).unwrap();
    let ran = run(
        &path,
        &[
            "validate",
            "--from",
            "sm-pipeline",
            "--message-format",
            "json",
        ],
    );
    assert_eq!(ran.code, Some(1), "{}", ran.stdout);
    assert!(ran.stdout.contains("nesting deeper than"), "{}", ran.stdout);
}

/// A template of thousands of state machines, each with substitutions
/// and intrinsic functions, and a string of a million `${` looked at for
/// placeholders: read in time and bounded memory, each value a note.
#[test]
fn a_template_of_many_state_machines_stays_bounded() {
    let dir = tempfile::tempdir().unwrap();
    // Within the YAML reader's budget of nodes per document.
    let n = 1_000;
    let mut s = String::from("AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n");
    let dollars = "${".repeat(1 << 20);
    for i in 0..n {
        // The first holds the long string where a placeholder could be.
        let image = if i == 0 {
            format!("\"{dollars}Image}}\"")
        } else {
            "\"${Image}\"".to_owned()
        };
        s.push_str(&format!(
            "  M{i}:\n    Type: AWS::StepFunctions::StateMachine\n    Properties:\n      DefinitionSubstitutions: {{Image: img}}\n      Definition:\n        StartAt: T{i}\n        States:\n          T{i}:\n            Type: Task\n            Resource: arn:aws:states:::sagemaker:createTrainingJob.sync\n            Parameters:\n              TrainingJobName: !Sub job-${{AWS::StackName}}-{i}\n              RoleArn: !GetAtt Role.Arn\n              AlgorithmSpecification: {{TrainingInputMode: File, TrainingImage: {image}}}\n              OutputDataConfig: {{S3OutputPath: !Join ['', [s3://, !Ref Bucket]]}}\n              ResourceConfig: {{InstanceCount: 1, InstanceType: ml.m5.xlarge, VolumeSizeInGB: 1}}\n              StoppingCondition: {{MaxRuntimeInSeconds: 60}}\n            End: true\n"
        ));
    }
    let path = dir.path().join("template.yaml");
    std::fs::write(&path, &s).unwrap();
    let ran = run(&path, &["validate", "--message-format", "json"]);
    assert_eq!(
        ran.code,
        Some(0),
        "{}{}",
        ran.stderr,
        &ran.stdout[..2000.min(ran.stdout.len())]
    );
    assert_eq!(
        ran.stdout.matches("CloudFormation value").count(),
        4 * n,
        "{}",
        &ran.stdout[..2000.min(ran.stdout.len())]
    );
    assert!(ran.peak_mib < 512.0, "{} MiB", ran.peak_mib);
}
