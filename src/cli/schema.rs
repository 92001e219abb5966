//! `tjspec schema`.

use std::io::Write as _;
use std::process::ExitCode;

use clap::Args;

use super::Fatal;
use crate::format::FormatId;

#[derive(Args, Debug)]
pub(super) struct SchemaArgs {
    /// The format (`aws-yaml` has the schema of `aws`).
    #[arg(long, value_enum)]
    pub(super) format: FormatId,
}

pub(super) fn schema(args: &SchemaArgs) -> Result<ExitCode, Fatal> {
    // The YAML twin of a JSON format has the same schema.
    let name = match args.format {
        FormatId::AwsYaml => FormatId::Aws.name(),
        f => f.name(),
    };
    let text = tjspec_model::json_schema::get(name).ok_or_else(|| {
        Fatal(format!(
            "there is no JSON Schema for the {} format",
            args.format
        ))
    })?;
    let mut out = std::io::stdout().lock();
    out.write_all(text.as_bytes())
        .and_then(|()| out.flush())
        .map_err(|e| Fatal(format!("writing standard output: {e}")))?;
    Ok(ExitCode::SUCCESS)
}
