//! The `tjspec` command line.

use std::io::{IsTerminal, Read as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use tjspec_runtime::Severity;

use crate::diagnostics::{render, MessageFormat, Report};
use crate::format::{FormatId, ReadOptions, WriteOptions};
use crate::overrides::{parse_set, Overrides};
use crate::pipeline::{self, Settings};
use crate::source::Source;

const EXIT_HELP: &str = "\
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
    /// Check training jobs against the schema.
    #[command(after_help = EXIT_HELP)]
    Validate(ValidateArgs),
    /// Print the JSON Schema (draft 2020-12) of a format, for editors and validators.
    Schema(SchemaArgs),
}

#[derive(Args, Debug)]
struct Common {
    /// Input files; `-` reads standard input.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<String>,
    /// Input format (detected from the extension and content when omitted).
    #[arg(long, value_enum)]
    from: Option<FormatId>,
    /// Skip unknown fields (naming each) instead of failing: for responses from a newer API.
    #[arg(long)]
    allow_unknown: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    #[command(flatten)]
    common: Common,
    /// Output format.
    #[arg(long, value_enum)]
    to: FormatId,
    /// Output file (written atomically); standard output when omitted.
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Leave out status members (write a CreateTrainingJob request only).
    #[arg(long)]
    no_status: bool,
    /// Fail when the output format cannot carry a field of the input.
    #[arg(long)]
    strict: bool,
    /// Set a field, in AWS member names: `ResourceConfig.InstanceCount=2`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    sets: Vec<String>,
    /// Kubernetes namespace for outputs with object metadata (ACK, Terraform k8s).
    #[arg(long)]
    namespace: Option<String>,
    /// Merge a partial job (any supported format) over every input.
    #[arg(long, value_name = "FILE")]
    overlay: Option<PathBuf>,
}

#[derive(Args, Debug)]
struct ValidateArgs {
    #[command(flatten)]
    common: Common,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
}

#[derive(Args, Debug)]
struct SchemaArgs {
    /// The format (`aws-yaml` has the schema of `aws`).
    #[arg(long, value_enum)]
    format: FormatId,
}

/// Runs the CLI with the process arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e}");
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
        Command::Convert(args) => convert(args),
        Command::Validate(args) => validate(args),
        Command::Schema(args) => schema(&args),
    }
}

fn schema(args: &SchemaArgs) -> Result<ExitCode, Fatal> {
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

fn color(format: MessageFormat) -> bool {
    format == MessageFormat::Human
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
        && std::io::stderr().is_terminal()
}

fn load(input: &str) -> Result<(Arc<Source>, Option<PathBuf>), Fatal> {
    if input == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .read_to_end(&mut bytes)
            .map_err(|e| Fatal(format!("reading standard input: {e}")))?;
        return decode("<stdin>", bytes, None);
    }
    let path = PathBuf::from(input);
    let bytes = std::fs::read(&path).map_err(|e| Fatal(format!("reading {input}: {e}")))?;
    decode(input, bytes, Some(path))
}

fn decode(
    name: &str,
    bytes: Vec<u8>,
    path: Option<PathBuf>,
) -> Result<(Arc<Source>, Option<PathBuf>), Fatal> {
    match Source::from_bytes(name, bytes) {
        Ok(s) => Ok((Arc::new(s), path)),
        Err(e) => Err(Fatal(format!(
            "{name}:{}:{}: {}",
            e.span.line, e.span.col, e.message
        ))),
    }
}

fn print_reports(reports: &[Report], format: MessageFormat) {
    let color = color(format);
    let mut err = std::io::stderr().lock();
    for r in reports {
        let _ = err.write_all(render(r, format, color).as_bytes());
    }
}

fn overlay(path: &Path, from: Option<FormatId>) -> Result<tjspec_model::TrainingJob, Fatal> {
    let (source, path) = load(&path.to_string_lossy())?;
    let format = from
        .map(Ok)
        .unwrap_or_else(|| crate::format::detect(path.as_deref(), &source.text))
        .map_err(Fatal)?;
    let mut docs = format.format().read(&source, &ReadOptions::default());
    if docs.len() != 1 {
        return Err(Fatal(format!(
            "--overlay {}: expected one document, found {}",
            source.name,
            docs.len()
        )));
    }
    let doc = docs.remove(0);
    let errors: Vec<_> = doc.diagnostics.iter().filter(|d| d.is_error()).collect();
    if let Some(e) = errors.first() {
        let at = e
            .span
            .map(|s| format!(":{}:{}", s.line, s.col))
            .unwrap_or_default();
        return Err(Fatal(format!(
            "--overlay {}{at}: {}",
            source.name, e.message
        )));
    }
    doc.job
        .ok_or_else(|| Fatal(format!("--overlay {}: no job in the file", source.name)))
}

fn read_options(common: &Common) -> ReadOptions {
    ReadOptions {
        members: tjspec_runtime::ReadOptions {
            allow_unknown: common.allow_unknown,
        },
    }
}

fn convert(args: ConvertArgs) -> Result<ExitCode, Fatal> {
    let mut overrides = Overrides::default();
    for s in &args.sets {
        overrides
            .sets
            .push(parse_set(s).map_err(|e| Fatal(format!("--set {e}")))?);
    }
    if let Some(path) = &args.overlay {
        overrides.overlay = Some(overlay(path, None)?);
    }
    let settings = Settings {
        from: args.common.from,
        to: Some(args.to),
        read: read_options(&args.common),
        write: WriteOptions {
            include_status: !args.no_status,
            namespace: args.namespace.clone(),
        },
        strict: args.strict,
        overrides,
    };
    let mut jobs = Vec::new();
    let mut failed = 0;
    for input in &args.common.inputs {
        let (source, path) = load(input)?;
        let outcome = pipeline::process(&source, path.as_deref(), &settings);
        print_reports(&outcome.reports, args.common.message_format);
        failed += outcome.failed;
        jobs.extend(outcome.jobs);
    }
    if !jobs.is_empty() {
        let text = pipeline::render(args.to, &jobs, &settings.write);
        match &args.output {
            Some(path) => crate::output::write_atomic(path, text.as_bytes())
                .map_err(|e| Fatal(format!("writing {}: {e}", path.display())))?,
            None => {
                let mut out = std::io::stdout().lock();
                out.write_all(text.as_bytes())
                    .and_then(|()| out.flush())
                    .map_err(|e| Fatal(format!("writing standard output: {e}")))?;
            }
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn validate(args: ValidateArgs) -> Result<ExitCode, Fatal> {
    let settings = Settings {
        from: args.common.from,
        to: None,
        read: read_options(&args.common),
        write: WriteOptions {
            include_status: true,
            ..WriteOptions::default()
        },
        strict: false,
        overrides: Overrides::default(),
    };
    let mut failed = 0;
    let mut warned = false;
    let mut documents = 0;
    for input in &args.common.inputs {
        let (source, path) = load(input)?;
        let outcome = pipeline::process(&source, path.as_deref(), &settings);
        print_reports(&outcome.reports, args.common.message_format);
        warned |= outcome
            .reports
            .iter()
            .any(|r| r.diag.severity == Severity::Warning);
        failed += outcome.failed;
        documents += outcome.documents;
    }
    if args.common.message_format == MessageFormat::Human {
        eprintln!("{} of {documents} documents valid", documents - failed);
    }
    Ok(if failed > 0 || (args.deny_warnings && warned) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
