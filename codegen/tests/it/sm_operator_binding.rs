//! The SageMaker operator's binding: the CRD built from the schema must
//! have exactly the operator's fields, types and required fields, and the
//! generator says what differs.

use std::path::{Path, PathBuf};

/// A copy of the schema directory, with `edit` applied to the file `name`
/// of `bindings/`; returns the error loading it gives.
fn load_with(name: &str, edit: impl Fn(&str) -> String) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root, dir.path());
    let path: PathBuf = dir.path().join("bindings").join(name);
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing: update this test");
    std::fs::write(&path, edited).unwrap();
    tjspec_codegen::load(dir.path()).unwrap_err().to_string()
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap() {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), target).unwrap();
        }
    }
}

#[test]
fn the_committed_binding_loads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let schema = tjspec_codegen::load(&root).unwrap();
    assert!(schema.bindings.get("sm_operator").is_some());
    let op = schema.bindings.sm_operator.expect("the binding is loaded");
    let kinds: Vec<&str> = op.crds.iter().map(|c| c.crd.kind.as_str()).collect();
    assert_eq!(kinds, ["TrainingJob", "HyperparameterTuningJob"]);
}

/// The tuning job's CRD holds the objective's final value as a string:
/// without `strings:` the generated CRD would say number.
#[test]
fn a_number_the_operator_holds_as_a_string_is_declared() {
    let e = load_with("sm-operator.yaml", |t| {
        t.replace(
            "  - FinalHyperParameterTuningJobObjectiveMetric.Value\n",
            "  []\n",
        )
    });
    assert!(
        e.contains("sm-operator-hyperparametertuningjob-fields.txt"),
        "{e}"
    );
    assert!(
        e.contains("`status.bestTrainingJob.finalHyperParameterTuningJobObjectiveMetric.value` is `number` in the generated CRD but `string` in the operator's"),
        "{e}"
    );
}

#[test]
fn only_numbers_are_held_as_strings() {
    let e = load_with("sm-operator.yaml", |t| {
        t.replace(
            "  - FinalHyperParameterTuningJobObjectiveMetric.Value\n",
            "  - FinalHyperParameterTuningJobObjectiveMetric.Value\n  - FinalHyperParameterTuningJobObjectiveMetric.MetricName\n",
        )
    });
    assert!(
        e.contains(
            "strings: `FinalHyperParameterTuningJobObjectiveMetric.MetricName` is not a number"
        ),
        "{e}"
    );
}

/// `totalError` is the operator's own field inside a member's object.
#[test]
fn a_field_the_operator_adds_inside_a_member_is_declared() {
    let e = load_with("sm-operator.yaml", |t| {
        t.replace(
            "      trainingJobStatusCounters.totalError:\n        type: integer\n        description: \"The operator's sum of the training jobs that failed, retryable or not.\"\n",
            "",
        )
    });
    assert!(
        e.contains("the operator's CRD has `status.trainingJobStatusCounters.totalError`, but no schema member or operator field maps to it"),
        "{e}"
    );
}

#[test]
fn the_name_field_is_one_of_status() {
    let e = load_with("sm-operator.yaml", |t| {
        t.replace(
            "sagemaker_name: sageMakerHyperParameterTuningJobName",
            "sagemaker_name: sageMakerTuningJobName",
        )
    });
    assert!(
        e.contains("sagemaker_name `sageMakerTuningJobName` is not a string field of status"),
        "{e}"
    );
}

/// The list decides which members the operator carries, so every listed
/// path must come from a member or an operator field.
#[test]
fn a_listed_path_nothing_makes_is_named() {
    let e = load_with("sm-operator-crd-fields.txt", |t| {
        t.replace(
            "spec.vpcConfig.subnets array<string> required",
            "spec.vpcConfig.subnetIds array<string> required",
        )
    });
    assert!(e.contains("sm-operator-crd-fields.txt"), "{e}");
    assert!(
        e.contains("the operator's CRD has `spec.vpcConfig.subnetIds`, but no schema member or operator field maps to it"),
        "{e}"
    );
}

#[test]
fn a_type_that_differs_is_named() {
    let e = load_with("sm-operator-crd-fields.txt", |t| {
        t.replace(
            "spec.resourceConfig.instanceCount integer required",
            "spec.resourceConfig.instanceCount string required",
        )
    });
    assert!(
        e.contains("`spec.resourceConfig.instanceCount` is `integer` in the generated CRD but `string` in the operator's"),
        "{e}"
    );
}

#[test]
fn a_listed_field_no_member_maps_to_is_named() {
    let e = load_with("sm-operator.yaml", |t| {
        t.replace("  DebugHookConfig.HookParameters: ruleParameters\n", "")
    });
    assert!(
        e.contains("the operator's CRD has `spec.debugHookConfig.ruleParameters`, but no schema member or operator field maps to it"),
        "{e}"
    );
}

#[test]
fn a_stale_name_is_named() {
    let e = load_with("sm-operator.yaml", |t| {
        t.replace(
            "DebugHookConfig.HookParameters: ruleParameters",
            "DebugHookConfig.HookParams: ruleParameters",
        )
    });
    assert!(e.contains("sm-operator.yaml"), "{e}");
    assert!(e.contains("HookParams"), "{e}");
}

#[test]
fn a_word_that_is_no_marker_is_named() {
    let e = load_with("sm-operator-crd-fields.txt", |t| {
        t.replace(
            "spec.roleArn string required",
            "spec.roleArn string requird",
        )
    });
    assert!(
        e.contains("`requird` is neither `required` nor `enum=A|B`"),
        "{e}"
    );
}
