//! The `tjspec` command line.

use std::io::{IsTerminal, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use clap::{Args, Parser, Subcommand};
use tjspec_runtime::Severity;

use crate::batch::{Render, Sink};
use crate::diagnostics::{MessageFormat, Report};
use crate::format::{FormatId, ReadOptions, WriteOptions};
use crate::inputs::Input;
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

const DIFF_EXIT_HELP: &str = "\
Exit status:
  0  the jobs are equal
  1  the jobs differ
  2  usage, I/O or input error";

#[derive(Args, Debug)]
struct DiffArgs {
    /// The first job (one document).
    a: String,
    /// The second job (one document).
    b: String,
    /// Format of both inputs (detected when omitted).
    #[arg(long, value_enum)]
    from: Option<FormatId>,
    /// Spell paths with this format's names (default: the first job's format).
    #[arg(long, value_enum)]
    names: Option<FormatId>,
    /// Compare everything, including what the service fills in by itself.
    #[arg(long)]
    exact: bool,
    /// Compare status members too.
    #[arg(long)]
    status: bool,
    /// How to print the changes and diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    message_format: MessageFormat,
}

#[derive(Args, Debug)]
struct Common {
    /// Input files or directories (searched recursively), glob patterns; `-` reads standard input.
    #[arg(value_name = "INPUT")]
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
    /// AWS region of flyteidl jobs: picks the built-in XGBoost training image.
    #[arg(long, value_name = "REGION", default_value = crate::format::flyteidl::images::DEFAULT_REGION)]
    region: String,
    /// Carry Terraform expressions (`var.x`, `aws_iam_role.r.arn`) through to
    /// HCL outputs (tf-k8s, tf-aws) instead of failing on them.
    #[arg(long)]
    keep_expressions: bool,
    /// Skip, with a notice, input files that hold no training job in any
    /// format (files found in directories always are).
    #[arg(long)]
    skip_unrecognized: bool,
}

#[derive(Args, Debug)]
struct ConvertArgs {
    #[command(flatten)]
    common: Common,
    /// Output format.
    #[arg(long, value_enum)]
    to: FormatId,
    /// Output file (written atomically); standard output when omitted.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    output: Option<PathBuf>,
    /// Write one file per job into DIR, named from the job name, with the format's extension.
    #[arg(long, value_name = "DIR")]
    out_dir: Option<PathBuf>,
    /// Write nothing; exit 1 listing every output file that would change (needs -o or --out-dir).
    #[arg(long)]
    check: bool,
    /// Leave out status members (write a CreateTrainingJob request only).
    #[arg(long)]
    no_status: bool,
    /// Fail when the output format cannot carry a field of the input.
    #[arg(long)]
    strict: bool,
    /// Also check the cross-field rules of `tjspec validate`.
    #[arg(long)]
    validate: bool,
    /// Set a field, in AWS member names: `ResourceConfig.InstanceCount=2`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    sets: Vec<String>,
    /// Kubernetes namespace for outputs with object metadata (ACK, Terraform k8s).
    #[arg(long)]
    namespace: Option<String>,
    /// Merge a partial job (any supported format) over every input.
    #[arg(long, value_name = "FILE")]
    overlay: Option<PathBuf>,
    /// The block tf-k8s output uses: the `_manifest` data source, or the
    /// resource of provider versions before 2024.3.30.
    #[arg(long, value_enum, default_value = "data")]
    tf_k8s_kind: crate::format::terraform::TfK8sKind,
}

#[derive(Args, Debug)]
struct ValidateArgs {
    #[command(flatten)]
    common: Common,
    /// Treat warnings as errors.
    #[arg(long)]
    deny_warnings: bool,
    /// Print the cross-field rules (id, severity, explanation) and exit.
    #[arg(long)]
    list_rules: bool,
    /// Check the schema's constraints only, not the cross-field rules.
    #[arg(long)]
    schema_only: bool,
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
        Command::Convert(args) => convert(args),
        Command::Validate(args) => validate(args),
        Command::Schema(args) => schema(&args),
        Command::Diff(args) => diff(args),
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

/// Writes to standard output; a closed pipe (`tjspec ... | head`) ends
/// quietly rather than with a panic.
fn stdout(text: &str) -> Result<(), Fatal> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Fatal(format!("writing standard output: {e}"))),
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

fn load(input: &Input, from: Option<FormatId>) -> Result<(Arc<Source>, Option<PathBuf>), Fatal> {
    match input {
        Input::Stdin => {
            let bytes = crate::source::read_input(std::io::stdin())
                .map_err(|e| Fatal(format!("reading standard input: {e}")))?;
            decode("<stdin>", bytes, None, from)
        }
        Input::File(path) | Input::Found(path) => {
            let name = path.to_string_lossy().into_owned();
            let bytes = crate::source::read_file(path)
                .map_err(|e| Fatal(format!("reading {name}: {e}")))?;
            decode(&name, bytes, Some(path.clone()), from)
        }
    }
}

fn expand_inputs(common: &Common) -> Result<Vec<Input>, Fatal> {
    if common.inputs.is_empty() {
        return Err(Fatal(
            "no input given (pass files, directories, globs or `-`)".to_owned(),
        ));
    }
    crate::inputs::expand(&common.inputs).map_err(Fatal)
}

fn decode(
    name: &str,
    bytes: Vec<u8>,
    path: Option<PathBuf>,
    from: Option<FormatId>,
) -> Result<(Arc<Source>, Option<PathBuf>), Fatal> {
    // Binary formats take any bytes; text formats need UTF-8.
    if std::str::from_utf8(&bytes).is_err() {
        let binary = from.map_or_else(
            || {
                crate::format::detect(path.as_deref(), &String::from_utf8_lossy(&bytes))
                    == Ok(FormatId::Flyteidl)
            },
            |f| f == FormatId::Flyteidl,
        );
        if binary {
            return Ok((Arc::new(Source::binary(name, bytes)), path));
        }
    }
    match Source::from_bytes(name, bytes) {
        Ok(s) => Ok((Arc::new(s), path)),
        Err(e) => Err(Fatal(format!(
            "{name}:{}:{}: {}",
            e.span.line, e.span.col, e.message
        ))),
    }
}

fn print_reports(reports: &[Report], format: MessageFormat) {
    let _ = crate::diagnostics::print(
        reports,
        format,
        color(format),
        &mut std::io::stderr().lock(),
    );
}

/// Reads the `--overlay` file: one job whose members are merged into every
/// input. Its findings are printed like any input's; an invalid overlay
/// stops the run (exit 2) before anything is converted. What only its
/// format's envelope holds (Kubernetes metadata, a Datadog account) is not
/// applied, and each such part is named in a warning.
fn overlay(path: &Path, common: &Common) -> Result<tjspec_model::TrainingJob, Fatal> {
    // Its format is its own (detected), whatever --from says of the inputs.
    let (source, path) = load(&Input::File(path.to_owned()), None)?;
    let format = crate::format::detect(path.as_deref(), &source.text)
        .map_err(|e| Fatal(format!("--overlay {}: {e}", source.name)))?;
    let options = ReadOptions {
        region: Some(common.region.clone()),
        ..ReadOptions::default()
    };
    let mut docs = format.format().read(&source, &options);
    if docs.len() != 1 {
        return Err(Fatal(format!(
            "--overlay {}: expected one document, found {}",
            source.name,
            docs.len()
        )));
    }
    let doc = docs.remove(0);
    let mut findings = doc.diagnostics;
    if let Some(root) = &doc.root {
        // Paths in the overlay's own names.
        for d in &mut findings {
            if let Some(canon) = &d.canon {
                let (path, span) = format.format().locate(root, canon);
                d.path = path;
                d.span = d.span.or(span);
            }
        }
    }
    let mut ignored = Vec::new();
    crate::format::envelope_losses(&doc.envelope, &mut ignored);
    for lost in ignored {
        if let crate::format::Lost::Envelope { path, span } = lost {
            let mut d = tjspec_runtime::Diagnostic::warning(
                "overlay",
                format!("`{path}` is not applied: an overlay sets training job members only"),
            )
            .with_path(path);
            d.span = span;
            findings.push(d);
        }
    }
    let failed = findings.iter().any(tjspec_runtime::Diagnostic::is_error);
    let reports: Vec<Report> = findings
        .into_iter()
        .map(|diag| Report {
            source: source.clone(),
            document: None,
            diag,
        })
        .collect();
    print_reports(&reports, common.message_format);
    if failed {
        return Err(Fatal(format!(
            "--overlay {}: not applied, it is not a valid training job (see above)",
            source.name
        )));
    }
    doc.job.ok_or_else(|| {
        Fatal(format!(
            "--overlay {}: no training job in the file",
            source.name
        ))
    })
}

fn read_options(common: &Common) -> ReadOptions {
    ReadOptions {
        members: tjspec_runtime::ReadOptions {
            allow_unknown: common.allow_unknown,
        },
        region: Some(common.region.clone()),
        keep_expressions: common.keep_expressions,
    }
}

fn convert(args: ConvertArgs) -> Result<ExitCode, Fatal> {
    if let Some(ns) = &args.namespace {
        if let Some(why) = crate::format::ack::namespace_problem(ns) {
            return Err(Fatal(format!(
                "--namespace `{ns}` is not a valid Kubernetes namespace: {why}"
            )));
        }
    }
    let mut overrides = Overrides::default();
    for s in &args.sets {
        overrides
            .sets
            .push(parse_set(s).map_err(|e| Fatal(format!("--set {e}")))?);
    }
    if let Some(path) = &args.overlay {
        overrides.overlay = Some(overlay(path, &args.common)?);
    }
    let mut read = read_options(&args.common);
    // Only HCL outputs can hold an expression.
    read.keep_expressions &= matches!(args.to, FormatId::TfK8s | FormatId::TfAws);
    let settings = Settings {
        from: args.common.from,
        to: Some(args.to),
        read,
        write: WriteOptions {
            include_status: !args.no_status,
            namespace: args.namespace.clone(),
            region: Some(args.common.region.clone()),
            tf_k8s_kind: args.tf_k8s_kind,
        },
        strict: args.strict,
        overrides,
        rules: args.validate,
        skip_unrecognized: args.common.skip_unrecognized,
    };
    let inputs = expand_inputs(&args.common)?;
    if args.check && args.output.is_none() && args.out_dir.is_none() {
        return Err(Fatal(
            "--check compares outputs with existing files: give -o FILE or --out-dir DIR"
                .to_owned(),
        ));
    }
    let mut sink = match (&args.output, &args.out_dir) {
        (Some(path), _) => Sink::file(path.clone()),
        (_, Some(dir)) => Sink::dir(dir.clone()),
        _ => Sink::stdout(),
    };
    let render = Render {
        to: args.to,
        alone: args.out_dir.is_some(),
        many_inputs: inputs.len() > 1,
    };
    let format = args.to.format();
    if args.to == FormatId::Flyteidl
        && matches!(sink, Sink::Stdout { .. })
        && std::io::stdout().is_terminal()
    {
        return Err(Fatal(
            "not writing binary protobuf to a terminal; use -o FILE or redirect standard output"
                .to_owned(),
        ));
    }
    let mut failed = 0;
    let mut stale = Vec::new();
    {
        crate::batch::run_inputs(&inputs, &settings, Some(render), |p| {
            print_reports(&p.outcome.reports, args.common.message_format);
            failed += p.outcome.failed;
            for (doc, text) in p.outcome.jobs.iter().zip(&p.rendered) {
                sink.push(
                    doc,
                    text,
                    format.separator(),
                    format.extension(),
                    args.check,
                    &mut stale,
                )?;
            }
            Ok(())
        })
        .map_err(Fatal)?;
    }
    let written = sink.finish(args.check, &mut stale).map_err(Fatal)?;
    if args.check {
        for path in &stale {
            eprintln!("would change: {}", path.display());
        }
        if stale.is_empty() && failed == 0 {
            eprintln!("{written} output files are up to date");
            return Ok(ExitCode::SUCCESS);
        }
        return Ok(ExitCode::from(1));
    }
    Ok(if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn validate(args: ValidateArgs) -> Result<ExitCode, Fatal> {
    if args.list_rules {
        let mut out = String::new();
        for r in crate::rules::RULES {
            out.push_str(&format!(
                "{:<30} {:<8} {}\n",
                r.id,
                r.severity.as_str(),
                r.summary
            ));
        }
        stdout(&out)?;
        return Ok(ExitCode::SUCCESS);
    }
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
        rules: !args.schema_only,
        skip_unrecognized: args.common.skip_unrecognized,
    };
    let mut failed = 0;
    let mut warned = false;
    let mut documents = 0;
    {
        crate::batch::run_inputs(&expand_inputs(&args.common)?, &settings, None, |p| {
            print_reports(&p.outcome.reports, args.common.message_format);
            warned |= p
                .outcome
                .reports
                .iter()
                .any(|r| r.diag.severity == Severity::Warning);
            failed += p.outcome.failed;
            documents += p.outcome.documents;
            Ok(())
        })
        .map_err(Fatal)?;
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

fn read_one(
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

fn diff(args: DiffArgs) -> Result<ExitCode, Fatal> {
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
