//! `tjspec man`: the manual page, or one page per command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::io::stdout_bytes;
use super::Fatal;

#[derive(Args, Debug)]
pub(super) struct ManArgs {
    /// Write `tjspec.1` and a page per command (`tjspec-convert.1`, ...) into DIR
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR")]
    pub(super) out_dir: Option<PathBuf>,
}

pub(super) fn man(args: &ManArgs) -> Result<ExitCode, Fatal> {
    let cmd = <super::Cli as clap::CommandFactory>::command();
    let Some(dir) = &args.out_dir else {
        let mut buf = Vec::new();
        clap_mangen::Man::new(cmd)
            .render(&mut buf)
            .map_err(|e| Fatal(format!("writing the manual: {e}")))?;
        stdout_bytes(&buf)?;
        return Ok(ExitCode::SUCCESS);
    };
    std::fs::create_dir_all(dir).map_err(|e| Fatal(format!("creating {}: {e}", dir.display())))?;
    clap_mangen::generate_to(cmd, dir).map_err(|e| {
        Fatal(format!(
            "writing the manual pages into {}: {e}",
            dir.display()
        ))
    })?;
    Ok(ExitCode::SUCCESS)
}
