//! The `tjspec` command line: argument definitions (`args`) and one module
//! per command over the library.

mod args;
mod config_files;
mod convert;
mod diff;
mod examples;
mod io;
mod man;
mod new;
mod schema;
mod validate;

use std::ffi::OsString;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum as _};

use crate::diagnostics::MessageFormat;
use convert::ConvertArgs;
use diff::{DiffArgs, DIFF_EXIT_HELP};
use io::{stdout, ColorWhen};
use man::ManArgs;
use new::NewArgs;
use schema::SchemaArgs;
use validate::ValidateArgs;

pub(crate) const EXIT_HELP: &str = "\
Exit status:
  0  success
  1  invalid input, a failed or unreadable input, or a lost field under --strict
  2  usage or I/O error";

/// Convert and check AWS SageMaker training job specifications.
#[derive(Parser, Debug)]
#[command(
    name = "tjspec",
    version,
    about,
    after_help = EXIT_HELP,
    after_long_help = examples::with_exit(examples::TJSPEC, EXIT_HELP)
)]
pub struct Cli {
    /// When to colour diagnostics: `auto` colours on a terminal unless
    /// NO_COLOR is set, or when CLICOLOR_FORCE is.
    #[arg(
        long,
        global = true,
        value_enum,
        default_value = "auto",
        value_name = "WHEN"
    )]
    color: ColorWhen,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Convert training jobs from one format to another.
    #[command(after_help = EXIT_HELP, after_long_help = examples::with_exit(examples::CONVERT, EXIT_HELP))]
    Convert(ConvertArgs),
    /// Check training jobs against the schema and the cross-field rules.
    #[command(after_help = EXIT_HELP, after_long_help = examples::with_exit(examples::VALIDATE, EXIT_HELP))]
    Validate(ValidateArgs),
    /// Print a training job to fill in: every required member, with
    /// placeholders that fail validation until they are replaced.
    #[command(visible_alias = "init", after_help = EXIT_HELP, after_long_help = examples::with_exit(examples::NEW, EXIT_HELP))]
    New(NewArgs),
    /// Print the JSON Schema (draft 2020-12) of a format, for editors and validators.
    #[command(after_long_help = examples::SCHEMA)]
    Schema(SchemaArgs),
    /// Compare two training jobs in any formats.
    #[command(after_help = DIFF_EXIT_HELP, after_long_help = examples::with_exit(examples::DIFF, DIFF_EXIT_HELP))]
    Diff(DiffArgs),
    /// Print a shell completion script.
    #[command(after_long_help = examples::COMPLETIONS)]
    Completions {
        /// The shell.
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff), or write one page per command.
    #[command(after_long_help = examples::MAN)]
    Man(ManArgs),
}

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => return usage_error(e),
    };
    io::set_color(cli.color);
    let (format, on_stdout) = match &cli.command {
        Command::Convert(a) => (a.common.message_format, false),
        Command::Validate(a) => (
            a.common.message_format,
            a.common.message_format == MessageFormat::Json,
        ),
        Command::Diff(a) => (a.message_format, false),
        _ => (MessageFormat::Human, false),
    };
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            let text = crate::diagnostics::fatal(&e.0, format);
            if on_stdout {
                let _ = stdout(&text);
            } else {
                eprint!("{text}");
            }
            ExitCode::from(2)
        }
    }
}

/// A usage error follows `--message-format` when the arguments ask for
/// one, as every other error does (exit 2); help and the version print as
/// usual, and so do usage errors in the human format.
fn usage_error(e: clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    let args: Vec<OsString> = std::env::args_os().collect();
    let format = message_format_in(&args);
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion)
        || format == MessageFormat::Human
    {
        e.exit();
    }
    // clap's text without its `error: ` prefix; the usage line and the
    // pointer to --help become the hint.
    let rendered = e.render().to_string();
    let rendered = rendered.trim().trim_start_matches("error: ");
    let (message, hint) = match rendered.split_once("\n\n") {
        Some((message, rest)) => (message.trim(), Some(rest.trim())),
        None => (rendered, None),
    };
    let text = match format {
        MessageFormat::Json => {
            let mut record: serde_json::Value =
                serde_json::from_str(&crate::diagnostics::fatal(message, format))
                    .expect("fatal records are JSON");
            record["code"] = tjspec_runtime::Code::Usage.as_str().into();
            record["hint"] = hint.into();
            format!("{record}\n")
        }
        _ => crate::diagnostics::fatal(message, format),
    };
    if format == MessageFormat::Json && subcommand_in(&args).is_some_and(|s| s == "validate") {
        let _ = stdout(&text);
    } else {
        eprint!("{text}");
    }
    ExitCode::from(2)
}

/// The last `--message-format` among raw arguments (they did not parse).
fn message_format_in(args: &[OsString]) -> MessageFormat {
    let mut format = MessageFormat::Human;
    let mut args = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(arg) = args.next() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--message-format") {
            Some("") => args.next(),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(f) = value.and_then(|v| MessageFormat::from_str(v, false).ok()) {
            format = f;
        }
    }
    format
}

/// The command named among raw arguments: the first that is not an option
/// (skipping the value of the one global option that takes one).
fn subcommand_in(args: &[OsString]) -> Option<&str> {
    let mut args = args.iter().skip(1).map(|a| a.to_str().unwrap_or(""));
    while let Some(arg) = args.next() {
        if arg == "--color" {
            args.next();
        } else if !arg.starts_with('-') {
            return Some(arg);
        }
    }
    None
}

/// A usage or I/O failure (exit status 2): what the command prints before
/// it stops, already in words.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Fatal(String);

fn run(cli: Cli) -> Result<ExitCode, Fatal> {
    match cli.command {
        Command::Convert(args) => convert::convert(args),
        Command::Validate(args) => validate::validate(args),
        Command::New(args) => new::new(&args),
        Command::Schema(args) => schema::schema(&args),
        Command::Diff(args) => diff::diff(args),
        Command::Completions { shell } => {
            let mut cmd = <Cli as clap::CommandFactory>::command();
            let mut buf = Vec::new();
            clap_complete::generate(shell, &mut cmd, "tjspec", &mut buf);
            stdout(&String::from_utf8_lossy(&buf))?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man(args) => man::man(&args),
    }
}
