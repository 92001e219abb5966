//! Converting a training job in code, as `tjspec convert` does: read an AWS
//! JSON request, check it (the cross-field rules too), write it as an ACK
//! manifest, and print every finding, what ACK cannot carry included.
//!
//! Run with `cargo run -p tjspec --example convert_in_code`.

use std::process::ExitCode;

use tjspec::{FormatId, Input, Settings};

fn main() -> ExitCode {
    let input = Input::new(
        "xgboost-churn.json",
        include_str!("../../examples/xgboost-churn.json"),
    )
    // Without this, the format is detected from the content.
    .format(FormatId::Aws);
    // The target decides the loss report and the target's own checks (here:
    // what the ACK CRD requires); `rules` adds the cross-field rules, as
    // `convert --validate`.
    let settings = Settings::new().to(FormatId::Ack).rules(true);
    let conversion = match tjspec::convert_with(&input, &settings) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    for finding in &conversion.reports {
        eprintln!("{finding}");
    }
    if !conversion.is_ok() {
        return ExitCode::FAILURE;
    }
    print!("{}", String::from_utf8_lossy(&conversion.output));

    // The typed job is there too, for code that wants to look inside.
    let outcome = tjspec::read(&input);
    let Some(doc) = outcome.jobs.first() else {
        return ExitCode::FAILURE;
    };
    // A `Job` holds any resource; this input is a training job.
    let Some(job) = doc.job.training_job() else {
        return ExitCode::FAILURE;
    };
    let instances = job
        .resource_config
        .as_ref()
        .and_then(|r| r.instance_count)
        .unwrap_or(0);
    eprintln!(
        "{} on {instances} instance(s)",
        job.training_job_name.as_deref().unwrap_or("?")
    );
    ExitCode::SUCCESS
}
