//! The `tjspec` command line: argument definitions (`args`) and one module
//! per command over the library.

mod args;
mod convert;
mod diff;
mod io;
mod schema;
mod validate;

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::diagnostics::MessageFormat;
use convert::ConvertArgs;
use diff::{DiffArgs, DIFF_EXIT_HELP};
use io::stdout;
use schema::SchemaArgs;
use validate::ValidateArgs;

pub(crate) const EXIT_HELP: &str = "\
Exit status:
  0  success
  1  invalid input, a failed document, or a lost field under --strict
  2  usage or I/O error";

/// Convert and check AWS SageMaker training job specifications.
#[derive(Parser, Debug)]
#[command(name = "tjspec", version, about, after_help = EXIT_HELP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert training jobs from one format to another.
    #[command(after_help = EXIT_HELP)]
    Convert(ConvertArgs),
    /// Check training jobs against the schema and the cross-field rules.
    #[command(after_help = EXIT_HELP)]
    Validate(ValidateArgs),
    /// Print the JSON Schema (draft 2020-12) of a format, for editors and validators.
    Schema(SchemaArgs),
    /// Compare two training jobs in any formats.
    #[command(after_help = DIFF_EXIT_HELP)]
    Diff(DiffArgs),
    /// Print a shell completion script.
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff).
    Man,
}

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let format = match &cli.command {
        Command::Convert(a) => a.common.message_format,
        Command::Validate(a) => a.common.message_format,
        Command::Diff(a) => a.message_format,
        _ => MessageFormat::Human,
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprint!("{}", crate::diagnostics::fatal(&e.0, format));
            ExitCode::from(2)
        }
    }
}

/// A usage or I/O failure (exit status 2).
#[derive(Debug)]
pub struct Fatal(String);

impl std::fmt::Display for Fatal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Convert(args) => convert::convert(args),
        Command::Validate(args) => validate::validate(args),
        Command::Schema(args) => schema::schema(&args),
        Command::Diff(args) => diff::diff(args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "tjspec", &mut buf);
            stdout(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd)
                .render(&mut buf)
                .map_err(|e| Fatal(format!("writing the manual: {e}")))?;
            stdout(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}
