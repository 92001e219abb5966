//! Converting a training job in code, as the CLI does: read an AWS JSON
//! request, check it, write it as an ACK manifest, and print every finding
//! (what ACK cannot carry included) the way `tjspec convert` would.
//!
//! Run with `cargo run --example convert_in_code`.

use std::sync::Arc;

use tjspec::format::FormatId;
use tjspec::pipeline::{process, render, Settings};
use tjspec::source::Source;
use tjspec_cli::diagnostics::{render as render_finding, MessageFormat};

fn main() -> std::process::ExitCode {
    let text = include_str!("xgboost-churn.json");
    let source = Arc::new(Source::new("xgboost-churn.json", text));
    let settings = Settings {
        // `None` detects the format from the content.
        from: Some(FormatId::Aws),
        // The target decides the loss report and the target's own checks
        // (here: what the ACK CRD requires).
        to: Some(FormatId::Ack),
        // The cross-field rules, as `convert --validate`.
        rules: true,
        ..Settings::default()
    };
    let outcome = process(&source, None, &settings);
    for report in &outcome.reports {
        eprint!("{}", render_finding(report, MessageFormat::Human, false));
    }
    if outcome.failed > 0 {
        return std::process::ExitCode::FAILURE;
    }
    print!("{}", render(FormatId::Ack, &outcome.jobs, &settings.write));

    // The typed job is there too, for code that wants to look inside.
    let job = &outcome.jobs[0].job;
    let instances = job
        .resource_config
        .as_ref()
        .and_then(|r| r.instance_count)
        .unwrap_or(0);
    eprintln!(
        "{} on {instances} instance(s)",
        job.training_job_name.as_deref().unwrap_or("?")
    );
    std::process::ExitCode::SUCCESS
}
