//! `tjspec validate`.

use std::process::ExitCode;

use clap::Args;
use tjspec_runtime::Severity;

use super::args::{expand_inputs, read_options, Common, OverrideArgs};
use super::io::{print_reports_to_stdout, stdout, summary_line, Printer};
use super::Fatal;
use crate::diagnostics::MessageFormat;
use crate::format::WriteOptions;
use crate::pipeline::Settings;

#[derive(Args, Debug)]
pub(super) struct ValidateArgs {
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) overrides: OverrideArgs,
    /// Treat warnings as errors.
    #[arg(long)]
    pub(super) deny_warnings: bool,
    /// Print the cross-field rules (id, severity, explanation) and exit.
    #[arg(long)]
    pub(super) list_rules: bool,
    /// Check the schema's constraints only, not the cross-field rules.
    #[arg(long)]
    pub(super) schema_only: bool,
}

pub(super) fn validate(args: ValidateArgs) -> Result<ExitCode, Fatal> {
    if args.list_rules {
        let mut out = String::new();
        for r in crate::rules::RULES {
            out.push_str(&format!(
                "{:<30} {:<8} {}\n",
                r.id,
                r.severity.as_str(),
                r.summary
            ));
        }
        stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let settings = Settings::new()
        .from(args.common.from)
        .read(read_options(&args.common))
        .write(WriteOptions::new().include_status(true))
        .overrides(args.overrides.overrides(&args.common)?)
        .rules(!args.schema_only)
        .skip_unrecognized(args.common.skip_unrecognized);
    let inputs = expand_inputs(&args.common)?;
    let mut printer = Printer::new(args.common.message_format, args.common.quiet, true);
    let mut failed = 0;
    let mut warned = false;
    let mut documents = 0;
    {
        crate::batch::run_inputs(&inputs, &settings, |p| {
            // JSON records are the result: on standard output, for `| jq`.
            if args.common.message_format == MessageFormat::Json {
                let shown: Vec<_> = p
                    .outcome
                    .reports
                    .iter()
                    .filter(|r| !args.common.quiet || r.diag.is_error())
                    .cloned()
                    .collect();
                print_reports_to_stdout(&shown, MessageFormat::Json)?;
            } else {
                printer.print(&p.outcome.reports);
            }
            warned |= p
                .outcome
                .reports
                .iter()
                .any(|r| r.diag.severity == Severity::Warning);
            failed += p.outcome.failed;
            documents += p.outcome.documents;
            Ok::<(), Fatal>(())
        })?;
    }
    printer.finish();
    printer.summary(&summary_line(
        documents,
        inputs.len(),
        "valid",
        documents - failed,
        failed,
    ));
    Ok(if failed > 0 || (args.deny_warnings && warned) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
