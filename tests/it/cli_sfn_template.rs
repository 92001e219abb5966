//! Whole invocations of `tjspec` on CloudFormation and SAM templates
//! holding a state machine: its training states are jobs, diagnostics
//! spelled from the template's root; intrinsic functions and
//! `DefinitionSubstitutions` placeholders are expressions (notes when
//! validating, errors when converting unless `--set` supplies the member);
//! a definition kept elsewhere is named, never read as nothing.

use serde_json::Value;

use crate::common::{run, run_with_stdin};

const SAM_JSONPATH: &str = "tests/fixtures/sfn/template/sam-jsonpath.yaml";
const CFN_JSONATA: &str = "tests/fixtures/sfn/template/cfn-jsonata.json";
const CFN_INVALID: &str = "tests/fixtures/sfn/template/cfn-invalid.yaml";
const SAM_URI: &str = "tests/fixtures/sfn/template/sam-uri.json";

fn stdout(run: &str) -> &str {
    run.split("--- stdout\n")
        .nth(1)
        .unwrap()
        .split("--- stderr\n")
        .next()
        .unwrap()
}

/// The JSON findings (on standard output for `validate`, else on standard error).
fn findings(run: &str) -> Vec<Value> {
    run.lines()
        .filter(|l| l.starts_with("{\"file\""))
        .map(|l| serde_json::from_str(l).unwrap())
        .collect()
}

/// A SAM template (YAML, short-form tags, JSONPath): recognised by its
/// content; `!GetAtt`, `!Sub` and `${TrainingImage}` are notes.
#[test]
fn sam_template_validates_with_cloudformation_values_as_notes() {
    insta::assert_snapshot!(run(&["validate", SAM_JSONPATH, "--message-format", "json"]));
}

/// A CloudFormation template (JSON, JSONata, a Map state): a JSONata
/// expression holding a placeholder is known only once deployed.
#[test]
fn cloudformation_template_with_jsonata_validates() {
    insta::assert_snapshot!(run(&["validate", CFN_JSONATA, "--message-format", "json"]));
}

/// Errors point into the template, the path spelled from its root; a
/// state machine kept in S3 is named, and the template's other one read.
#[test]
fn findings_point_into_the_template() {
    insta::assert_snapshot!(run(&["validate", CFN_INVALID]));
}

/// A template whose only state machine is in another file: an error
/// saying tjspec reads inline definitions only.
#[test]
fn a_definition_in_another_file_is_an_error() {
    let out = run(&["validate", SAM_URI, "--message-format", "json"]);
    assert!(out.starts_with("exit: 1\n"), "{out}");
    let f = findings(&out);
    assert_eq!(f.len(), 1, "{out}");
    assert_eq!(f[0]["severity"], "error");
    assert_eq!(f[0]["path"], "Resources.Training.Properties.DefinitionUri");
    assert_eq!((&f[0]["line"], &f[0]["column"]), (&7.into(), &9.into()));
    assert!(
        f[0]["message"]
            .as_str()
            .unwrap()
            .contains("tjspec reads a state machine's inline `Definition` only"),
        "{out}"
    );
}

/// `--to sfn`: a plain state machine cannot hold CloudFormation values,
/// each one an error; `--set` supplies them, and the template around the
/// state machine is named as a loss.
#[test]
fn to_sfn_needs_the_cloudformation_values() {
    let failed = run(&[
        "convert",
        SAM_JSONPATH,
        "--to",
        "sfn",
        "--message-format",
        "json",
    ]);
    assert!(failed.starts_with("exit: 1\n"), "{failed}");
    assert_eq!(stdout(&failed), "");
    let errors: Vec<_> = findings(&failed)
        .into_iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    let prefix = "Resources.NightlyTraining.Properties.Definition.States.Train.Parameters.";
    assert_eq!(
        errors,
        [
            format!("{prefix}RoleArn"),
            format!("{prefix}AlgorithmSpecification.TrainingImage"),
            format!("{prefix}OutputDataConfig.S3OutputPath"),
        ]
    );
    let set = [
        "convert",
        SAM_JSONPATH,
        "--to",
        "sfn",
        "--set",
        "RoleArn=arn:aws:iam::111122223333:role/SageMakerRole",
        "--set",
        "AlgorithmSpecification.TrainingImage=683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        "--set",
        "OutputDataConfig.S3OutputPath=s3://acme-ml-models/churn/",
    ];
    let converted = run(&set);
    insta::assert_snapshot!(converted);
    // The output is a state machine of its own, read back as one.
    let again = run_with_stdin(
        &["convert", "-", "--to", "sfn", "--quiet"],
        Some(stdout(&converted)),
    );
    assert!(again.starts_with("exit: 0\n"), "{again}");
    assert_eq!(stdout(&again), stdout(&converted));
    let mut strict = set.to_vec();
    strict.push("--strict");
    let strict = run(&strict);
    assert!(strict.starts_with("exit: 1\n"), "{strict}");
    assert!(strict.contains("error[loss]"), "{strict}");
}

/// A `Resource` taking its partition from the template is a training
/// state; the plain state machine names the `aws` partition, and says so.
#[test]
fn a_partition_substituted_resource_is_written_out() {
    let out = run(&[
        "convert",
        CFN_JSONATA,
        "--to",
        "sfn",
        "--message-format",
        "json",
        "--set",
        "RoleArn=arn:aws:iam::111122223333:role/SageMaker-prod",
        "--set",
        "AlgorithmSpecification.TrainingImage=683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        "--set",
        "OutputDataConfig.S3OutputPath=s3://acme-fraud-models/eu-west-1/",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let machine: Value = serde_json::from_str(stdout(&out)).unwrap();
    let state = &machine["States"]["TrainFraud"];
    assert_eq!(
        state["Resource"],
        "arn:aws:states:::sagemaker:createTrainingJob.sync"
    );
    assert_eq!(state["QueryLanguage"], "JSONata");
    assert_eq!(state["TimeoutSeconds"], 10800);
    let losses: Vec<_> = findings(&out)
        .into_iter()
        .filter(|f| f["code"] == "loss")
        .map(|f| f["path"].as_str().unwrap().to_owned())
        .collect();
    let state_path = "Resources.FraudRetraining.Properties.Definition.States.PerRegion.ItemProcessor.States.TrainFraud";
    assert_eq!(
        losses,
        [
            "Resources.FraudRetraining".to_owned(),
            "Resources.FraudRetraining.Properties.Definition.States.PerRegion.ItemProcessor"
                .to_owned(),
            format!("{state_path}.Resource"),
        ],
        "{out}"
    );
}

/// Another format leaves the template behind with the state's fields: notes.
#[test]
fn to_aws_notes_the_template() {
    let out = run(&[
        "convert",
        CFN_JSONATA,
        "--to",
        "aws",
        "--strict",
        "--message-format",
        "json",
        "--set",
        "TrainingJobName=fraud-eu-west-1",
        "--set",
        "RoleArn=arn:aws:iam::111122223333:role/SageMaker-prod",
        "--set",
        "AlgorithmSpecification.TrainingImage=683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
        "--set",
        "OutputDataConfig.S3OutputPath=s3://acme-fraud-models/eu-west-1/",
    ]);
    assert!(out.starts_with("exit: 0\n"), "{out}");
    let notes: Vec<_> = findings(&out)
        .into_iter()
        .filter(|f| f["code"] == "loss")
        .map(|f| {
            (
                f["severity"].clone(),
                f["path"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        notes.contains(&("note".into(), "Resources.FraudRetraining".to_owned())),
        "{out}"
    );
    let job: Value = serde_json::from_str(stdout(&out)).unwrap();
    assert_eq!(job["ResourceConfig"]["InstanceType"], "ml.m5.2xlarge");
}

/// CloudFormation's tags are read only in a template: in a plain state
/// machine, or an AWS job, they stay errors.
#[test]
fn cloudformation_tags_elsewhere_stay_errors() {
    let machine = "StartAt: Train\nStates:\n  Train:\n    Type: Task\n    Resource: arn:aws:states:::sagemaker:createTrainingJob\n    Parameters:\n      RoleArn: !Ref Role\n    End: true\n";
    let out = run_with_stdin(&["validate", "-", "--from", "sfn"], Some(machine));
    assert!(out.starts_with("exit: 1\n"), "{out}");
    assert!(out.contains("unsupported YAML tag `!Ref`"), "{out}");
    let job = "TrainingJobName: churn\nRoleArn: !Ref Role\n";
    let out = run_with_stdin(&["validate", "-", "--from", "aws-yaml"], Some(job));
    assert!(out.contains("unsupported YAML tag `!Ref`"), "{out}");
}

/// A JSONPath path built by an intrinsic function (`"X.$": !Sub …`, a
/// common way to put a template's parameter into a path) is a
/// CloudFormation value, a note when validating, not a type error; outside
/// a template the same object is still an error.
#[test]
fn a_path_built_by_an_intrinsic_function_is_a_cloudformation_value() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.yaml");
    std::fs::write(
        &template,
        r#"Transform: AWS::Serverless-2016-10-31
Parameters:
  Bucket: {Type: String}
Resources:
  Flow:
    Type: AWS::Serverless::StateMachine
    Properties:
      Definition:
        StartAt: Train
        States:
          Train:
            Type: Task
            Resource: arn:aws:states:::sagemaker:createTrainingJob.sync
            Parameters:
              TrainingJobName.$: $.name
              RoleArn: arn:aws:iam::111122223333:role/R
              AlgorithmSpecification: {TrainingImage: i, TrainingInputMode: File}
              OutputDataConfig:
                S3OutputPath.$: !Sub "States.Format('s3://${Bucket}/out/{}', $.name)"
              ResourceConfig: {InstanceCount: 1, InstanceType: ml.m5.xlarge, VolumeSizeInGB: 10}
              StoppingCondition: {MaxRuntimeInSeconds: 3600}
            End: true
"#,
    )
    .unwrap();
    let out = run(&[
        "validate",
        template.to_str().unwrap(),
        "--message-format",
        "json",
    ]);
    assert!(out.starts_with("exit: 0"), "{out}");
    let found = findings(&out);
    let at = |path: &str| {
        found
            .iter()
            .find(|f| f["path"].as_str().is_some_and(|p| p.ends_with(path)))
            .unwrap_or_else(|| panic!("no finding at {path}: {out}"))
    };
    assert_eq!(
        at("OutputDataConfig.S3OutputPath")["code"],
        "unverified",
        "{out}"
    );
    assert!(!out.contains("must hold a path"), "{out}");

    let plain = dir.path().join("machine.asl.json");
    std::fs::write(
        &plain,
        r#"{"StartAt": "Train", "States": {"Train": {"Type": "Task",
            "Resource": "arn:aws:states:::sagemaker:createTrainingJob.sync",
            "Parameters": {"OutputDataConfig": {"S3OutputPath.$": {"Fn::Sub": "x"}}}, "End": true}}}"#,
    )
    .unwrap();
    let out = run(&["validate", plain.to_str().unwrap()]);
    assert!(out.contains("must hold a path"), "{out}");
}
