//! `tjspec new` (alias `init`): a minimal training job to fill in.
//!
//! Like `aws sagemaker create-training-job --generate-cli-skeleton`, but a
//! skeleton that validated unchanged would be worse than none: every value
//! that only its author can know is a placeholder that breaks its member's
//! pattern, so `tjspec validate` names each one until it is filled. The
//! training image is left out: its pattern takes any text, so no
//! placeholder would fail, and the cross-field rule that wants an image or
//! an algorithm name names it instead.

use std::process::ExitCode;

use clap::Args;
use tjspec_model::{
    AlgorithmSpecification, OutputDataConfig, ResourceConfig, StoppingCondition, TrainingInputMode,
    TrainingInstanceType, TrainingJob,
};

use super::io::stdout_bytes;
use super::Fatal;
use crate::format::{Doc, FormatId, WriteOptions};

#[derive(Args, Debug)]
pub(super) struct NewArgs {
    /// Output format.
    #[arg(long, value_parser = super::args::formats(), default_value = "aws-yaml")]
    pub(super) to: FormatId,
    /// Write the job to FILE (which must not exist yet) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub(super) output: Option<std::path::PathBuf>,
    /// AWS region to create the job in, for formats that carry one
    /// (sm-operator's `spec.region`); without it, such a format gets a
    /// placeholder.
    #[arg(long)]
    pub(super) region: Option<String>,
}

/// The placeholders, by member path (AWS names). Each holds a space or
/// starts with `<`, which the member's pattern rejects, and is long enough
/// that the pattern, not the length, is what fails (the message then shows
/// the placeholder).
pub const PLACEHOLDERS: &[(&str, &str)] = &[
    ("TrainingJobName", "<training job name>"),
    ("RoleArn", "<IAM role ARN: arn:aws:iam::ACCOUNT:role/NAME>"),
    (
        "OutputDataConfig.S3OutputPath",
        "<S3 output URI: s3://BUCKET/PREFIX/>",
    ),
];

/// The placeholder of the region a format carries beside the job (the
/// SageMaker operator's `spec.region`), which is no member of the job:
/// `tjspec validate` rejects it as it rejects the others.
pub const REGION_PLACEHOLDER: &str = "<AWS region: like us-west-2>";

fn placeholder(path: &str) -> Option<String> {
    PLACEHOLDERS
        .iter()
        .find(|(p, _)| *p == path)
        .map(|(_, v)| (*v).to_owned())
}

/// The skeleton: every member CreateTrainingJob requires, the values only
/// the author knows as placeholders, the others at common defaults; no
/// training image (see the module's documentation).
pub fn skeleton() -> TrainingJob {
    TrainingJob {
        training_job_name: placeholder("TrainingJobName"),
        role_arn: placeholder("RoleArn"),
        algorithm_specification: Some(AlgorithmSpecification {
            training_input_mode: Some(TrainingInputMode::File),
            ..Default::default()
        }),
        output_data_config: Some(OutputDataConfig {
            s3_output_path: placeholder("OutputDataConfig.S3OutputPath"),
            ..Default::default()
        }),
        resource_config: Some(ResourceConfig {
            instance_type: Some(TrainingInstanceType::MlM5Xlarge),
            instance_count: Some(1),
            volume_size_in_gb: Some(30),
            ..Default::default()
        }),
        stopping_condition: Some(StoppingCondition {
            max_runtime_in_seconds: Some(86_400),
            ..Default::default()
        }),
        ..Default::default()
    }
}

pub(super) fn new(args: &NewArgs) -> Result<ExitCode, Fatal> {
    if !args.to.format().requires_create_members() {
        // The message has no member for a name, a role, an image or a
        // path: a skeleton would validate unchanged.
        return Err(Fatal(format!(
            "no {} skeleton: the message holds no member a placeholder could stand in \
             (no job name, role, image or output path), so it would pass validation unfilled; \
             start from `tjspec new --to aws-yaml` and convert the filled job with --to {}",
            args.to, args.to
        )));
    }
    let doc = Doc::new(skeleton());
    let mut options = WriteOptions::default();
    // Only the operator's manifests carry a region (flyteidl, which would
    // read it for its XGBoost image, has no skeleton).
    options.region = match (&args.region, args.to) {
        (Some(r), _) => Some(r.clone()),
        (None, FormatId::SmOperator) => Some(REGION_PLACEHOLDER.to_owned()),
        (None, _) => None,
    };
    let bytes = crate::pipeline::render_bytes(args.to, &[doc], &options)
        .map_err(|e| Fatal(format!("writing the {} skeleton: {e}", args.to)))?;
    let Some(path) = &args.output else {
        stdout_bytes(&bytes)?;
        return Ok(ExitCode::SUCCESS);
    };
    // A skeleton never replaces a job someone wrote.
    if path.exists() {
        return Err(Fatal(format!(
            "{} already exists: not replacing it with a skeleton",
            path.display()
        )));
    }
    crate::output::dir::split(path)
        .and_then(|(dir, name)| {
            crate::output::dir::DirHandle::open(&dir, false)?.write(&name, &bytes)
        })
        .map_err(|e| Fatal(format!("writing {}: {e}", path.display())))?;
    eprintln!(
        "wrote {}: replace each <placeholder>; `tjspec validate {}` names those left",
        path.display(),
        path.display()
    );
    Ok(ExitCode::SUCCESS)
}
