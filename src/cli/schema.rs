//! `tjspec schema`.

use std::process::ExitCode;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};

use super::io::stdout;
use super::Fatal;
use crate::format::FormatId;

#[derive(Args, Debug)]
pub(super) struct SchemaArgs {
    /// The format (`aws-yaml` has the schema of `aws`).
    #[arg(long, value_parser = schema_formats())]
    pub(super) format: FormatId,
}

/// The schema a format's documents follow: the YAML twin of a JSON format
/// has the same one.
fn schema_of(format: FormatId) -> Option<&'static str> {
    let name = match format {
        FormatId::AwsYaml => FormatId::Aws.name(),
        f => f.name(),
    };
    tjspec_model::json_schema::get(name)
}

/// Only the formats that have a schema, so `--help` and usage errors list
/// exactly those.
fn schema_formats() -> impl TypedValueParser<Value = FormatId> {
    let names = FormatId::ALL
        .iter()
        .filter(|f| schema_of(**f).is_some())
        .map(|f| f.name());
    PossibleValuesParser::new(names)
        .map(|name| FormatId::from_str(&name, false).expect("a format's own name"))
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
