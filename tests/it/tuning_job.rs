//! The hyperparameter tuning job, the schema's second resource, through the
//! generated code alone: its type reads and writes real
//! CreateHyperParameterTuningJob requests and DescribeHyperParameterTuningJob
//! responses in the AWS names, and its validation finds the schema's
//! constraints at the tuning job's paths, the training job's shared shapes
//! included.

use serde_json::Value;
use tjspec_model::bindings::aws::AWS;
use tjspec_model::{
    HyperParameterScalingType, HyperParameterTuningJob, HyperParameterTuningJobStatus,
    HyperParameterTuningJobStrategyType, TrainingInputMode,
};
use tjspec_runtime::{Code, Diagnostic, Read, ReadCx, ReadOptions, Resource, Write, WriteCx};

const REQUEST: &str = include_str!("../fixtures/aws/tuning/xgboost-tuning.json");
const DESCRIBE: &str = include_str!("../fixtures/aws/tuning/describe-response.json");

/// Reads one AWS JSON document as a tuning job, with the reader's findings.
fn read(text: &str) -> (Option<HyperParameterTuningJob>, Vec<Diagnostic>) {
    let mut nodes = tjspec::syntax::json::parse_values(text).expect("valid JSON");
    assert_eq!(nodes.len(), 1);
    let mut cx = ReadCx::new(&AWS, ReadOptions::default(), "");
    let job = HyperParameterTuningJob::read(&nodes.remove(0), &mut cx);
    (job, cx.diagnostics)
}

fn read_clean(text: &str) -> HyperParameterTuningJob {
    let (job, diagnostics) = read(text);
    assert!(diagnostics.is_empty(), "{diagnostics:#?}");
    job.expect("a tuning job")
}

/// Writes the job as AWS JSON, with or without its status members, and
/// returns the JSON and the members the names could not carry.
fn write(job: &HyperParameterTuningJob, include_status: bool) -> (Value, usize) {
    let mut cx = WriteCx::new(&AWS, include_status);
    let out = job.write(&mut cx);
    let text = tjspec::syntax::out_json::pretty(&out);
    (serde_json::from_str(&text).unwrap(), cx.losses.len())
}

#[test]
fn a_tuning_request_reads_and_writes_back_as_written() {
    let job = read_clean(REQUEST);
    let config = job.hyper_parameter_tuning_job_config.as_ref().unwrap();
    assert_eq!(
        config.strategy,
        Some(HyperParameterTuningJobStrategyType::Bayesian)
    );
    let ranges = config.parameter_ranges.as_ref().unwrap();
    let eta = &ranges.continuous_parameter_ranges.as_ref().unwrap()[0];
    assert_eq!(eta.min_value.as_deref(), Some("0.01"));
    assert_eq!(
        eta.scaling_type,
        Some(HyperParameterScalingType::Logarithmic)
    );
    let criteria = config.tuning_job_completion_criteria.as_ref().unwrap();
    assert_eq!(criteria.target_objective_metric_value, Some(0.95));
    // The definition holds the training job's own shapes.
    let definition = job.training_job_definition.as_ref().unwrap();
    let channels = definition.input_data_config.as_ref().unwrap();
    let _: &tjspec_model::Channel = &channels[0];
    let _: &tjspec_model::ResourceConfig = definition.resource_config.as_ref().unwrap();
    assert_eq!(
        definition
            .algorithm_specification
            .as_ref()
            .unwrap()
            .training_input_mode,
        Some(TrainingInputMode::File)
    );

    let (written, losses) = write(&job, true);
    assert_eq!(losses, 0);
    let original: Value = serde_json::from_str(REQUEST).unwrap();
    assert_eq!(written, original);
    assert!(tjspec_model::validate(&job).is_empty());
}

#[test]
fn a_describe_response_keeps_its_status_unless_left_out() {
    let job = read_clean(DESCRIBE);
    assert_eq!(
        job.hyper_parameter_tuning_job_status,
        Some(HyperParameterTuningJobStatus::Completed)
    );
    let best = job.best_training_job.as_ref().unwrap();
    assert_eq!(
        best.final_hyper_parameter_tuning_job_objective_metric
            .as_ref()
            .unwrap()
            .value,
        Some(0.9312000274658203)
    );
    assert_eq!(
        job.training_job_status_counters.as_ref().unwrap().completed,
        Some(38)
    );

    // With status: every member, read back as the same job.
    let (written, losses) = write(&job, true);
    assert_eq!(losses, 0);
    assert_eq!(read_clean(&written.to_string()), job);
    // Without: what CreateHyperParameterTuningJob takes; leaving status out
    // is no loss.
    let (request, losses) = write(&job, false);
    assert_eq!(losses, 0);
    let status: Vec<&str> = HyperParameterTuningJob::status_members()
        .map(|i| HyperParameterTuningJob::members()[i as usize].name)
        .collect();
    assert!(status.contains(&"BestTrainingJob"), "{status:?}");
    assert!(status.contains(&"HyperParameterTuningJobArn"), "{status:?}");
    for member in &status {
        assert!(request.get(member).is_none(), "{member} in {request:#}");
    }
    assert!(request.get("TrainingJobDefinition").is_some());
    assert!(tjspec_model::validate(&job).is_empty());
}

#[test]
fn the_resource_is_the_schema_s_second() {
    assert_eq!(
        HyperParameterTuningJob::create_operation(),
        "CreateHyperParameterTuningJob"
    );
    assert_eq!(
        HyperParameterTuningJob::describe_operation(),
        "DescribeHyperParameterTuningJob"
    );
    assert_eq!(
        HyperParameterTuningJob::shape(),
        tjspec_model::meta::shape::HYPER_PARAMETER_TUNING_JOB
    );
    // The training job stays the schema's root.
    assert_eq!(
        tjspec_model::SCHEMA.root,
        tjspec_model::meta::shape::TRAINING_JOB
    );
}

#[test]
fn a_misspelled_member_is_an_unknown_field_with_a_suggestion() {
    let text = REQUEST.replacen(
        "\"HyperParameterTuningJobConfig\"",
        "\"HyperParameterTuningJobConfg\"",
        1,
    );
    let (_, diagnostics) = read(&text);
    let unknown: Vec<_> = diagnostics
        .iter()
        .filter(|d| d.code == Code::UnknownField)
        .collect();
    assert_eq!(unknown.len(), 1, "{diagnostics:#?}");
    assert_eq!(unknown[0].path, "HyperParameterTuningJobConfg");
    assert!(
        unknown[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("HyperParameterTuningJobConfig")),
        "{:?}",
        unknown[0].hint
    );
}

/// The findings of validating `job` as (path, code) pairs, sorted.
fn findings(job: &HyperParameterTuningJob) -> Vec<(String, Code)> {
    let mut found: Vec<_> = tjspec_model::validate(job)
        .into_iter()
        .map(|d| (d.path, d.code))
        .collect();
    found.sort();
    found
}

#[test]
fn validation_finds_each_constraint_violation_at_its_path() {
    let mut request: Value = serde_json::from_str(REQUEST).unwrap();
    // Tuning-job shapes: a name over its length, a minimum, an empty
    // list that needs one value, a list over its maximum, a runtime under
    // its minimum, and a required member left out.
    request["HyperParameterTuningJobName"] = "xgboost-churn-hyperparameter-tuning".into();
    let config = &mut request["HyperParameterTuningJobConfig"];
    config["ResourceLimits"]["MaxParallelTrainingJobs"] = 0.into();
    config["ResourceLimits"]["MaxRuntimeInSeconds"] = 60.into();
    config["ParameterRanges"]["CategoricalParameterRanges"][0]["Values"] = serde_json::json!([]);
    config["TuningJobCompletionCriteria"]["BestObjectiveNotImproving"]
        ["MaxNumberOfTrainingJobsNotImproving"] = 2.into();
    config["HyperParameterTuningJobObjective"]
        .as_object_mut()
        .unwrap()
        .remove("MetricName");
    request["WarmStartConfig"]["ParentHyperParameterTuningJobs"] = (0..6)
        .map(|i| serde_json::json!({ "HyperParameterTuningJobName": format!("parent-{i}") }))
        .collect();
    // The training job's shapes inside the definition, and the tuning
    // job's own environment map.
    let definition = &mut request["TrainingJobDefinition"];
    definition["RetryStrategy"]["MaximumRetryAttempts"] = 31.into();
    definition["InputDataConfig"][0]["ChannelName"] = "train data".into();
    definition["Environment"]["1BAD"] = "x".into();

    let job = read_clean(&request.to_string());
    assert_eq!(
        findings(&job),
        [
            ("HyperParameterTuningJobConfig.HyperParameterTuningJobObjective.MetricName".to_owned(), Code::Required),
            ("HyperParameterTuningJobConfig.ParameterRanges.CategoricalParameterRanges[0].Values".to_owned(), Code::Count),
            ("HyperParameterTuningJobConfig.ResourceLimits.MaxParallelTrainingJobs".to_owned(), Code::Range),
            ("HyperParameterTuningJobConfig.ResourceLimits.MaxRuntimeInSeconds".to_owned(), Code::Range),
            ("HyperParameterTuningJobConfig.TuningJobCompletionCriteria.BestObjectiveNotImproving.MaxNumberOfTrainingJobsNotImproving".to_owned(), Code::Range),
            ("HyperParameterTuningJobName".to_owned(), Code::Length),
            ("TrainingJobDefinition.Environment[\"1BAD\"]".to_owned(), Code::Pattern),
            ("TrainingJobDefinition.InputDataConfig[0].ChannelName".to_owned(), Code::Pattern),
            ("TrainingJobDefinition.RetryStrategy.MaximumRetryAttempts".to_owned(), Code::Range),
            ("WarmStartConfig.ParentHyperParameterTuningJobs".to_owned(), Code::Count),
        ]
    );
}

#[test]
fn an_unknown_strategy_is_rejected_in_a_request() {
    // Read as written (so a newer API's value is not lost), then rejected:
    // the strategy is a closed enum.
    let job = read_clean(&REQUEST.replacen("\"Bayesian\"", "\"Annealing\"", 1));
    let found = tjspec_model::validate(&job);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].code, Code::Enum);
    assert_eq!(found[0].path, "HyperParameterTuningJobConfig.Strategy");
    assert!(
        found[0].message.contains("Annealing"),
        "{}",
        found[0].message
    );
}

#[test]
fn the_tf_k8s_type_names_follow_the_custom_resources() {
    use tjspec::format::terraform::{k8s_block_resource, k8s_block_type};
    use tjspec::TfK8sKind;
    use tjspec_model::ack::{hyper_parameter_tuning_job, training_job};
    use tjspec_model::ResourceId;
    // The names the tf-k8s format reads and writes for each resource.
    assert_eq!(
        k8s_block_type(ResourceId::TrainingJob, TfK8sKind::Data),
        Some(training_job::TF_K8S_MANIFEST)
    );
    assert_eq!(
        k8s_block_type(ResourceId::TrainingJob, TfK8sKind::Resource),
        Some(training_job::TF_K8S_RESOURCE)
    );
    assert_eq!(
        k8s_block_resource("data", hyper_parameter_tuning_job::TF_K8S_MANIFEST),
        Some(ResourceId::HyperParameterTuningJob)
    );
    assert_eq!(
        k8s_block_resource("resource", hyper_parameter_tuning_job::TF_K8S_RESOURCE),
        Some(ResourceId::HyperParameterTuningJob)
    );
    // A manifest type is a data source, not a resource.
    assert_eq!(
        k8s_block_resource("resource", hyper_parameter_tuning_job::TF_K8S_MANIFEST),
        None
    );
    assert_eq!(
        hyper_parameter_tuning_job::TF_K8S_MANIFEST,
        "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1_manifest"
    );
    assert_eq!(hyper_parameter_tuning_job::KIND, "HyperParameterTuningJob");
}

#[test]
fn the_tuning_job_s_json_schema_takes_the_fixtures_and_flags_violations() {
    let text = tjspec_model::json_schema::get("aws.hyper_parameter_tuning_job").expect("a schema");
    let schema: Value = serde_json::from_str(text).unwrap();
    assert!(jsonschema::meta::is_valid(&schema));
    let validator = jsonschema::validator_for(&schema).expect("the schema compiles");
    for fixture in [REQUEST, DESCRIBE] {
        let doc: Value = serde_json::from_str(fixture).unwrap();
        let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
        assert!(errors.is_empty(), "{errors:#?}");
    }
    let mut doc: Value = serde_json::from_str(REQUEST).unwrap();
    doc["HyperParameterTuningJobConfig"]["Strategy"] = "Annealing".into();
    doc["TrainingJobDefinition"]
        .as_object_mut()
        .unwrap()
        .remove("RoleArn");
    let errors: Vec<String> = validator
        .iter_errors(&doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(
        errors.iter().any(|e| e.contains("Annealing")),
        "{errors:#?}"
    );
    // The definition without the role it requires.
    assert!(
        errors
            .iter()
            .any(|e| e.ends_with(" at /TrainingJobDefinition")),
        "{errors:#?}"
    );
    // The training job's schema keeps its name and its root.
    let training: Value =
        serde_json::from_str(tjspec_model::json_schema::get("aws").unwrap()).unwrap();
    assert!(training["properties"].get("TrainingJobName").is_some());
}

/// The SDK's request and response types carry the whole tuning job: to
/// them and back is the job (the single-precision `float` members as the
/// SDK's `f32` keeps them).
#[cfg(feature = "aws-sdk")]
#[test]
fn the_sdk_request_and_response_carry_the_tuning_job() {
    use aws_sdk_sagemaker::operation::create_hyper_parameter_tuning_job::CreateHyperParameterTuningJobInput;
    use aws_sdk_sagemaker::operation::describe_hyper_parameter_tuning_job::DescribeHyperParameterTuningJobOutput;

    let job = read_clean(REQUEST);
    let input = CreateHyperParameterTuningJobInput::try_from(&job).expect("converts");
    assert_eq!(
        input.hyper_parameter_tuning_job_name(),
        Some("xgboost-churn-hpo")
    );
    let mut expected = job.clone();
    let criteria = expected
        .hyper_parameter_tuning_job_config
        .as_mut()
        .and_then(|c| c.tuning_job_completion_criteria.as_mut())
        .unwrap();
    criteria.target_objective_metric_value = Some(f64::from(0.95f32));
    assert_eq!(
        HyperParameterTuningJob::try_from(&input).expect("converts back"),
        expected
    );

    let described = read_clean(DESCRIBE);
    let output = DescribeHyperParameterTuningJobOutput::try_from(&described).expect("converts");
    assert_eq!(
        HyperParameterTuningJob::try_from(&output).expect("converts back"),
        described
    );
}
