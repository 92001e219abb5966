//! Arguments every command that reads inputs shares, and what follows from them.

use super::Fatal;
use crate::diagnostics::MessageFormat;
use crate::format::{FormatId, ReadOptions};
use crate::inputs::Input;

use clap::Args;

#[derive(Args, Debug)]
pub(super) struct Common {
    /// Input files or directories (searched recursively), glob patterns; `-` reads standard input.
    #[arg(value_name = "INPUT")]
    pub(super) inputs: Vec<std::ffi::OsString>,
    /// Input format (detected from the extension and content when omitted).
    #[arg(long, value_enum)]
    pub(super) from: Option<FormatId>,
    /// Skip unknown fields (naming each) instead of failing: for responses from a newer API.
    #[arg(long)]
    pub(super) allow_unknown: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub(super) message_format: MessageFormat,
    /// AWS region of flyteidl jobs: picks the built-in XGBoost training image.
    #[arg(long, value_name = "REGION", default_value = crate::format::flyteidl::images::DEFAULT_REGION)]
    pub(super) region: String,
    /// Carry Terraform expressions (`var.x`, `aws_iam_role.r.arn`) through to
    /// HCL outputs (tf-k8s, tf-aws) instead of failing on them.
    #[arg(long)]
    pub(super) keep_expressions: bool,
    /// Skip, with a notice, input files that hold no training job in any
    /// format (files found in directories always are).
    #[arg(long)]
    pub(super) skip_unrecognized: bool,
    /// Search directories whole: do not honour `.gitignore` and `.ignore`
    /// files, and search hidden files and directories too.
    #[arg(long)]
    pub(super) no_ignore: bool,
}

pub(super) fn read_options(common: &Common) -> ReadOptions {
    ReadOptions {
        members: tjspec_runtime::ReadOptions {
            allow_unknown: common.allow_unknown,
        },
        region: Some(common.region.clone()),
        keep_expressions: common.keep_expressions,
    }
}

pub(super) fn expand_inputs(common: &Common) -> Result<Vec<Input>, Fatal> {
    if common.inputs.is_empty() {
        // Piped or redirected: read it, as `jq` or `grep` would.
        if crate::inputs::stdin_is_piped() {
            return Ok(vec![Input::Stdin]);
        }
        return Err(Fatal(
            "no input given (pass files, directories, globs or `-` for standard input)".to_owned(),
        ));
    }
    let search = crate::inputs::Search {
        no_ignore: common.no_ignore,
    };
    crate::inputs::expand_with(&common.inputs, search).map_err(Fatal)
}
