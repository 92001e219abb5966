//! `tjspec validate`.

use std::process::ExitCode;

use clap::Args;
use tjspec_runtime::Severity;

use super::args::{expand_inputs, read_options, Common};
use super::io::{print_reports, print_reports_to_stdout, stdout};
use super::Fatal;
use crate::diagnostics::MessageFormat;
use crate::format::WriteOptions;
use crate::overrides::Overrides;
use crate::pipeline::Settings;

#[derive(Args, Debug)]
pub(super) struct ValidateArgs {
    #[command(flatten)]
    pub(super) common: Common,
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
    let settings = Settings {
        from: args.common.from,
        to: None,
        read: read_options(&args.common),
        write: WriteOptions {
            include_status: true,
            ..WriteOptions::default()
        },
        strict: false,
        overrides: Overrides::default(),
        rules: !args.schema_only,
        skip_unrecognized: args.common.skip_unrecognized,
    };
    let mut failed = 0;
    let mut warned = false;
    let mut documents = 0;
    {
        crate::batch::run_inputs(&expand_inputs(&args.common)?, &settings, None, |p| {
            // JSON records are the result: on standard output, for `| jq`.
            if args.common.message_format == MessageFormat::Json {
                print_reports_to_stdout(&p.outcome.reports, MessageFormat::Json)
                    .map_err(|e| e.to_string())?;
            } else {
                print_reports(&p.outcome.reports, args.common.message_format);
            }
            warned |= p
                .outcome
                .reports
                .iter()
                .any(|r| r.diag.severity == Severity::Warning);
            failed += p.outcome.failed;
            documents += p.outcome.documents;
            Ok(())
        })
        .map_err(Fatal)?;
    }
    if args.common.message_format == MessageFormat::Human {
        eprintln!("{} of {documents} documents valid", documents - failed);
    }
    Ok(if failed > 0 || (args.deny_warnings && warned) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
