//! `tjspec diff`.

use std::process::ExitCode;

use clap::Args;

use super::io::{load, print_reports, stdout};
use super::Fatal;
use crate::diagnostics::MessageFormat;
use crate::format::FormatId;
use crate::pipeline::{self, Settings};

pub(super) const DIFF_EXIT_HELP: &str = "\
Exit status:
  0  the jobs are equal
  1  the jobs differ
  2  usage, I/O or input error";

#[derive(Args, Debug)]
pub(super) struct DiffArgs {
    /// The first job (one document).
    pub(super) a: String,
    /// The second job (one document).
    pub(super) b: String,
    /// Format of both inputs (detected when omitted).
    #[arg(long, value_enum)]
    pub(super) from: Option<FormatId>,
    /// Spell paths with this format's names (default: the first job's format).
    #[arg(long, value_enum)]
    pub(super) names: Option<FormatId>,
    /// Compare everything, including what the service fills in by itself.
    #[arg(long)]
    pub(super) exact: bool,
    /// Compare status members too.
    #[arg(long)]
    pub(super) status: bool,
    /// How to print the changes and diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub(super) message_format: MessageFormat,
}

pub(super) fn read_one(
    arg: &str,
    from: Option<FormatId>,
    format: MessageFormat,
) -> Result<(crate::format::Doc, FormatId), Fatal> {
    let inputs = crate::inputs::expand(&[arg.to_owned()]).map_err(Fatal)?;
    let [input] = inputs.as_slice() else {
        return Err(Fatal(format!(
            "{arg}: expected one file, found {}",
            inputs.len()
        )));
    };
    let (source, path) = load(input, from)?;
    let id = from
        .map(Ok)
        .unwrap_or_else(|| crate::format::detect(path.as_deref(), &source.text))
        .map_err(|e| Fatal(format!("{arg}: {e}")))?;
    let settings = Settings {
        from: Some(id),
        ..Settings::default()
    };
    let mut outcome = pipeline::process(&source, path.as_deref(), &settings);
    print_reports(&outcome.reports, format);
    if outcome.failed > 0 {
        return Err(Fatal(format!("{arg}: the job could not be read")));
    }
    if outcome.jobs.len() != 1 {
        return Err(Fatal(format!(
            "{arg}: expected one job, found {}",
            outcome.jobs.len()
        )));
    }
    Ok((outcome.jobs.remove(0), id))
}

pub(super) fn diff(args: DiffArgs) -> Result<ExitCode, Fatal> {
    let (a, a_format) = read_one(&args.a, args.from, args.message_format)?;
    let (b, _) = read_one(&args.b, args.from, args.message_format)?;
    let names = args.names.unwrap_or(a_format).binding();
    let options = crate::diff::DiffOptions {
        exact: args.exact,
        status: args.status,
    };
    let changes = crate::diff::diff(&a.job, &b.job, names, options);
    match args.message_format {
        MessageFormat::Json => {
            let v = serde_json::json!({ "equal": changes.is_empty(), "changes": changes });
            stdout(&format!("{v}\n"))?;
        }
        MessageFormat::Human | MessageFormat::Github => {
            stdout(&crate::diff::render_human(&changes))?;
            if changes.is_empty() {
                eprintln!("no differences");
            }
        }
    }
    Ok(if changes.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
