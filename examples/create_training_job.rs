//! Reads training jobs from any file tjspec understands (AWS JSON or YAML,
//! Datadog rows, ...) and starts each with the AWS SDK for Rust.
//!
//! ```text
//! cargo run --features aws-sdk --example create_training_job -- examples/xgboost-churn.json
//! cargo run --features aws-sdk --example create_training_job -- --dry-run examples/xgboost-churn.json
//! ```
//!
//! Credentials and region come from the usual AWS places (environment,
//! `~/.aws/config`, instance role). `--dry-run` prints the requests instead
//! of sending them.

use std::process::ExitCode;

use tjspec::model::aws_sdk::WithTrainingJob;
use tjspec::Input;

#[tokio::main]
async fn main() -> ExitCode {
    let mut dry_run = false;
    let mut paths = Vec::new();
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--dry-run" => dry_run = true,
            _ => paths.push(arg),
        }
    }
    if paths.is_empty() {
        eprintln!("usage: create_training_job [--dry-run] FILE...");
        return ExitCode::from(2);
    }
    match run(&paths, dry_run).await {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(2)
        }
    }
}

/// Starts every job of every file; says whether all of them were valid.
async fn run(paths: &[String], dry_run: bool) -> Result<bool, Box<dyn std::error::Error>> {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = aws_sdk_sagemaker::Client::new(&config);
    let mut all_valid = true;
    for path in paths {
        let bytes = std::fs::read(path).map_err(|e| format!("reading {path}: {e}"))?;
        // Read (the format is detected from the content and the name's
        // extension), check against the schema; failed documents are
        // reported and left out.
        let outcome = tjspec::read(&Input::new(path.as_str(), bytes));
        for report in &outcome.reports {
            eprintln!("{report}");
        }
        all_valid &= outcome.failed == 0;
        for doc in &outcome.jobs {
            // This program starts training jobs; a tuning job is passed over.
            let Some(job) = doc.job.training_job() else {
                eprintln!(
                    "{path}: a {} is not a training job; skipped",
                    doc.job.resource().name()
                );
                continue;
            };
            // Status members (a DescribeTrainingJob response's) are not
            // part of a request and are left out.
            let request = client.create_training_job().with_training_job(job)?;
            if dry_run {
                println!("{:#?}", request.as_input());
                continue;
            }
            let started = request.send().await?;
            println!(
                "started {}",
                started.training_job_arn().unwrap_or("a training job")
            );
        }
    }
    Ok(all_valid)
}
