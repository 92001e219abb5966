//! botocore's `xform_name`: API member names in snake_case, and the
//! Datadog binding built from it.
//!
//! Datadog's resources (the SageMaker ones in [`DATADOG_RESOURCES`]) name
//! every member the way boto3 does: `AutoMLJobArn` is `auto_ml_job_arn`, `VolumeSizeInGB` is
//! `volume_size_in_gb`, `S3Uri` is `s3_uri`. The rule is botocore's, which
//! differs from heck's snake case (used for Rust field names) on runs of
//! capitals followed by a plural `s`.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use regex::Regex;

use crate::binding::BindingNames;
use crate::model::{Kind, Model};

fn first_cap() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new("(.)([A-Z][a-z]+)").expect("valid"))
}

fn end_cap() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new("([a-z0-9])([A-Z])").expect("valid"))
}

fn plural_acronym() -> &'static Regex {
    static R: OnceLock<Regex> = OnceLock::new();
    R.get_or_init(|| Regex::new("[A-Z]{2,}s$").expect("valid"))
}

/// botocore's `xform_name(name)` with the `_` separator:
///
/// 1. a name that already contains `_` is returned unchanged;
/// 2. a pluralised acronym at the end becomes one word (`GatewayARNs` →
///    `Gateway_arns`);
/// 3. `(.)([A-Z][a-z]+)` → `\1_\2`: split before a capital that starts a
///    lowercase run;
/// 4. `([a-z0-9])([A-Z])` → `\1_\2`: split between a lowercase letter or
///    digit and a capital;
/// 5. lowercase everything.
pub fn xform_name(name: &str) -> String {
    if name.contains('_') {
        return name.to_owned();
    }
    let mut name = name.to_owned();
    if let Some(m) = plural_acronym().find(&name) {
        let lowered = m.as_str().to_lowercase();
        name = format!("{}_{lowered}", &name[..m.start()]);
    }
    let s1 = first_cap().replace_all(&name, "${1}_${2}");
    end_cap().replace_all(&s1, "${1}_${2}").to_lowercase()
}

/// The API member of a resource that Datadog writes as `"key:value"` strings.
pub const DATADOG_TAGS: &str = "Tags";

/// A resource Datadog has rows of.
pub struct DatadogResource {
    /// The resource (API name).
    pub resource: &'static str,
    /// Datadog's resource type.
    pub table: &'static str,
    /// The member holding the resource's ARN, whose account the row's
    /// `account_id` must agree with.
    pub arn: &'static str,
}

/// The resources Datadog has rows of; other resources have no Datadog names.
pub const DATADOG_RESOURCES: &[DatadogResource] = &[
    DatadogResource {
        resource: "TrainingJob",
        table: "aws_sagemaker_trainingjob",
        arn: "TrainingJobArn",
    },
    DatadogResource {
        resource: "HyperParameterTuningJob",
        table: "aws_sagemaker_hyperparametertuningjob",
        arn: "HyperParameterTuningJobArn",
    },
];

/// The Datadog binding: the describe response's members of each resource in
/// [`DATADOG_RESOURCES`] (and every member of the shapes below them) named
/// by [`xform_name`], plus `Tags` as `tags`. Create-only members have no
/// Datadog name.
///
/// # Panics
///
/// When two members of one shape get the same name (the schema would need
/// a rename table then), or a table row names no resource.
pub fn datadog(model: &Model) -> BindingNames {
    let rows: Vec<usize> = DATADOG_RESOURCES
        .iter()
        .map(|d| {
            model
                .resource(d.resource)
                .unwrap_or_else(|| {
                    panic!(
                        "DATADOG_RESOURCES names `{}`, which the schema lacks",
                        d.resource
                    )
                })
                .shape
        })
        .collect();
    let names: Vec<Vec<Option<String>>> = model
        .shapes
        .iter()
        .enumerate()
        .map(|(id, s)| match &s.kind {
            Kind::Structure { members } => members
                .iter()
                .map(|m| {
                    let carried = match model.resource_at(id) {
                        None => true,
                        Some(_) => rows.contains(&id) && (m.in_response || m.name == DATADOG_TAGS),
                    };
                    carried.then(|| xform_name(&m.name))
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (id, row) in names.iter().enumerate() {
        let mut seen = BTreeSet::new();
        for n in row.iter().flatten() {
            assert!(
                seen.insert(n),
                "two members of `{}` get the Datadog name `{n}`",
                model.shapes[id].name
            );
        }
    }
    let mut about = String::from("Datadog ");
    for (i, d) in DATADOG_RESOURCES.iter().enumerate() {
        if i > 0 {
            about.push_str(", ");
        }
        about.push_str(&format!("`{}`", d.table));
    }
    let describe: Vec<&str> = DATADOG_RESOURCES
        .iter()
        .filter_map(|d| model.resource(d.resource))
        .map(|r| r.describe.as_str())
        .collect();
    about.push_str(&format!(
        " resource rows: {} members in botocore snake_case (`role_arn`) plus `tags`.",
        describe.join(", ")
    ));
    BindingNames {
        format: "datadog",
        about,
        names,
        provider: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::xform_name;

    #[test]
    fn the_issue_examples() {
        assert_eq!(xform_name("AutoMLJobArn"), "auto_ml_job_arn");
        assert_eq!(xform_name("VolumeSizeInGB"), "volume_size_in_gb");
        assert_eq!(xform_name("S3Uri"), "s3_uri");
        assert_eq!(
            xform_name("EnableSageMakerMetricsTimeSeries"),
            "enable_sage_maker_metrics_time_series"
        );
        assert_eq!(
            xform_name("TensorBoardOutputConfig"),
            "tensor_board_output_config"
        );
    }

    #[test]
    fn names_from_the_datadog_table() {
        for (api, dd) in [
            ("TrainingJobName", "training_job_name"),
            ("S3DataSource", "s3_data_source"),
            ("S3OutputPath", "s3_output_path"),
            ("KmsKeyId", "kms_key_id"),
            (
                "TrainingRepositoryCredentialsProviderArn",
                "training_repository_credentials_provider_arn",
            ),
            (
                "ResourceRetainedBillableTimeInSeconds",
                "resource_retained_billable_time_in_seconds",
            ),
            ("FileSystemId", "file_system_id"),
            ("HubContentArn", "hub_content_arn"),
            ("Value", "value"),
            (
                "HyperParameterTuningJobName",
                "hyper_parameter_tuning_job_name",
            ),
            ("TrainingJobStatusCounters", "training_job_status_counters"),
            ("MaxNumberOfTrainingJobs", "max_number_of_training_jobs"),
        ] {
            assert_eq!(xform_name(api), dd, "{api}");
        }
    }

    #[test]
    fn acronyms() {
        assert_eq!(xform_name("HTTPSConfig"), "https_config");
        assert_eq!(xform_name("MLflowConfig"), "m_lflow_config");
        assert_eq!(xform_name("VpcConfig"), "vpc_config");
        assert_eq!(xform_name("EnableIAM"), "enable_iam");
        assert_eq!(xform_name("ARN"), "arn");
    }

    #[test]
    fn plural_acronyms_are_one_word() {
        assert_eq!(xform_name("GatewayARNs"), "gateway_arns");
        assert_eq!(xform_name("ListWebACLs"), "list_web_acls");
    }

    #[test]
    fn already_transformed_names_are_kept() {
        assert_eq!(xform_name("already_snake"), "already_snake");
        assert_eq!(xform_name("Mixed_Case"), "Mixed_Case");
    }

    #[test]
    fn digits() {
        assert_eq!(xform_name("Ec2InstanceId"), "ec2_instance_id");
        assert_eq!(xform_name("P4de"), "p4de");
        assert_eq!(xform_name("Sha256Hash"), "sha256_hash");
    }
}
