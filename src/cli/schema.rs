//! `tjspec schema`.

use std::process::ExitCode;

use clap::Args;

use super::io::stdout;
use super::Fatal;
use crate::format::{FormatId, Resource};

#[derive(Args, Debug)]
pub(super) struct SchemaArgs {
    /// The format (`aws-yaml` has the schema of `aws`).
    #[arg(long, value_parser = super::args::format_names_where(|f| schema_of(f).is_some()))]
    pub(super) format: FormatId,
}

/// The schema a format's documents follow: the YAML twin of a JSON format
/// has the same one.
fn schema_of(format: FormatId) -> Option<&'static str> {
    let name = format.carried(Resource::TrainingJob)?.json_schema?;
    tjspec_model::json_schema::get(name)
}

pub(super) fn schema(args: &SchemaArgs) -> Result<ExitCode, Fatal> {
    let text = schema_of(args.format).ok_or_else(|| {
        Fatal(format!(
            "there is no JSON Schema for the {} format",
            args.format
        ))
    })?;
    // A closed pipe (`tjspec schema ... | head -1`) ends quietly.
    stdout(text)?;
    Ok(ExitCode::SUCCESS)
}
