//! `tjspec validate`.

use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Args;
use tjspec::config::{Config, LevelOrigin};
use tjspec_runtime::{RuleId, Severity};

use super::args::{expand_inputs, read_options, Common, OverrideArgs};
use super::config_files::Finder;
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
    /// Fail (exit 1) on findings of this severity or worse; the default is
    /// the configuration's `fail-on`, else `error`.
    #[arg(long, value_enum, value_name = "SEVERITY")]
    pub(super) fail_on: Option<FailOn>,
    /// Treat warnings as errors (`--fail-on warning`).
    #[arg(long, conflicts_with = "fail_on")]
    pub(super) deny_warnings: bool,
    /// The configuration file to use for every input, instead of the
    /// `.tjspec.toml` found from each input's directory upward.
    #[arg(long, value_name = "FILE")]
    pub(super) config: Option<PathBuf>,
    /// Print the rules (id, category, effective level and where it comes
    /// from, explanation) and exit.
    #[arg(long)]
    pub(super) list_rules: bool,
    /// Print what a rule checks, why, and how to fix its findings, and exit.
    #[arg(long, value_name = "RULE")]
    pub(super) explain: Option<String>,
    /// Print the effective configuration for each input (or the current
    /// directory) and exit.
    #[arg(long)]
    pub(super) print_config: bool,
    /// Check the schema's constraints only, not the cross-field rules.
    #[arg(long)]
    pub(super) schema_only: bool,
}

/// The least serious finding that fails the run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum FailOn {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Any finding.
    Note,
}

impl FailOn {
    fn severity(self) -> Severity {
        match self {
            FailOn::Error => Severity::Error,
            FailOn::Warning => Severity::Warning,
            FailOn::Note => Severity::Note,
        }
    }
}

/// `--list-rules`: each rule with the level the configuration found from
/// the current directory (or `--config`) gives it.
fn list_rules(finder: &mut Finder) -> Result<String, Fatal> {
    let scoped = finder.scoped(None)?;
    let mut out = String::new();
    for r in crate::rules::RULES {
        let (level, origin) = match &scoped {
            Some(s) => s.config.level(r.id, None, None),
            None => (r.default_level(), LevelOrigin::Default),
        };
        out.push_str(&format!(
            "{:<33} {:<12} {:<8} {:<10} {:<24} {}\n",
            r.id,
            r.category.as_str(),
            level,
            origin.to_string(),
            resources(r),
            r.summary
        ));
    }
    Ok(out)
}

/// The resources a rule checks, by their command-line names (`training-job,tuning-job`).
fn resources(r: &crate::rules::Rule) -> String {
    r.resources()
        .map(|id| id.cli_name())
        .collect::<Vec<_>>()
        .join(",")
}

/// `--explain RULE`.
fn explain(id: &str) -> Result<String, Fatal> {
    let rule: RuleId = id.parse().map_err(|_| {
        Fatal(format!(
            "--explain: unknown rule `{id}` (`--list-rules` lists them)"
        ))
    })?;
    let r = crate::rules::Rule::of(rule);
    Ok(format!(
        "{} ({}, {} by default)\nchecks: {}\n\n{}\n\n{}\n",
        r.id,
        r.category.as_str(),
        r.default_level(),
        resources(r).replace(',', ", "),
        r.summary,
        r.explanation
    ))
}

pub(super) fn validate(args: ValidateArgs) -> Result<ExitCode, Fatal> {
    if let Some(id) = &args.explain {
        stdout(&explain(id)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    let mut finder = Finder::new(args.config.as_deref())?;
    if args.list_rules {
        stdout(&list_rules(&mut finder)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if args.print_config {
        let mut out = String::new();
        let paths: Vec<Option<PathBuf>> = if args.common.inputs.is_empty() {
            vec![None]
        } else {
            expand_inputs(&args.common)?
                .iter()
                .map(|i| i.path().map(std::path::Path::to_path_buf))
                .collect()
        };
        for path in paths {
            let text = match finder.scoped(path.as_deref())? {
                Some(s) => s.config.effective_toml(s.file.as_deref(), None),
                None => Config::default().effective_toml(
                    path.as_deref().map(|p| p.to_string_lossy()).as_deref(),
                    None,
                ),
            };
            if !out.is_empty() {
                out.push('\n');
            }
            out.push_str(&text);
        }
        stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let inputs = expand_inputs(&args.common)?;
    let configs = Arc::new(finder.configs(&inputs)?);
    let cli_fail_on = match (args.fail_on, args.deny_warnings) {
        (Some(f), _) => Some(f.severity()),
        (None, true) => Some(Severity::Warning),
        (None, false) => None,
    };
    let settings = Settings::new()
        .from(args.common.from)
        .read(read_options(&args.common))
        .write(WriteOptions::new().include_status(true))
        .overrides(args.overrides.overrides(&args.common)?)
        .rules(!args.schema_only)
        .configs(configs.clone())
        .skip_unrecognized(args.common.skip_unrecognized);
    let mut printer = Printer::new(args.common.message_format, args.common.quiet, true);
    let mut failed = 0;
    // Findings below errors that reach the input's fail-on level.
    let mut over_threshold = false;
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
            over_threshold |= p.outcome.reports.iter().any(|r| {
                let fail_on = cli_fail_on
                    .or_else(|| configs.get(&r.source.name).and_then(|s| s.config.fail_on))
                    .unwrap_or(Severity::Error);
                r.diag.suppressed.is_none() && r.diag.severity <= fail_on
            });
            failed += p.outcome.failed;
            documents += p.outcome.documents;
            Ok::<(), Fatal>(())
        })?;
    }
    printer.finish()?;
    printer.summary(&summary_line(
        documents,
        inputs.len(),
        "valid",
        documents - failed,
        failed,
    ));
    Ok(if failed > 0 || over_threshold {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
