//! `tjspec schema`.

use std::process::ExitCode;

use clap::Args;

use super::io::stdout;
use super::Fatal;
use crate::format::{FormatId, ResourceId};

#[derive(Args, Debug)]
pub(super) struct SchemaArgs {
    /// The format (`aws-yaml` has the schema of `aws`).
    #[arg(long, value_parser = super::args::format_names_where(|f| {
        ResourceId::ALL.iter().any(|r| schema_of(f, *r).is_some())
    }))]
    pub(super) format: FormatId,
    /// The resource whose documents the schema describes.
    #[arg(long, value_parser = super::args::resources(), default_value = "training-job")]
    pub(super) resource: ResourceId,
}

/// The schema a format's documents of `resource` follow: the YAML twin of
/// a JSON format has the same one.
fn schema_of(format: FormatId, resource: ResourceId) -> Option<&'static str> {
    let name = format.carried(resource)?.json_schema?;
    tjspec_model::json_schema::get(name)
}

pub(super) fn schema(args: &SchemaArgs) -> Result<ExitCode, Fatal> {
    let text = schema_of(args.format, args.resource).ok_or_else(|| {
        Fatal(format!(
            "there is no JSON Schema for the {} format's {} documents",
            args.format, args.resource
        ))
    })?;
    // A closed pipe (`tjspec schema ... | head -1`) ends quietly.
    stdout(text)?;
    Ok(ExitCode::SUCCESS)
}
