//! `tjspec convert`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::args::{expand_inputs, read_options, Common, OverrideArgs};
use super::io::{summary_line, Printer};
use super::Fatal;
use crate::format::{FormatId, WriteOptions};
use crate::output::{Options, Sink, SinkError};
use crate::pipeline::{Print, Settings};

#[derive(Args, Debug)]
pub(super) struct ConvertArgs {
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) overrides: OverrideArgs,
    /// Output format.
    #[arg(long, value_parser = super::args::formats())]
    pub(super) to: FormatId,
    /// Output file (written atomically; a pipe or device directly, `-` is
    /// standard output); standard output when omitted.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    pub(super) output: Option<PathBuf>,
    /// Write one file per job into DIR, named from the job name, with the format's extension.
    #[arg(long, value_name = "DIR")]
    pub(super) out_dir: Option<PathBuf>,
    /// Write nothing; exit 1 listing every output file that would change,
    /// and every file in --out-dir that no job produces any more (needs -o
    /// or --out-dir).
    #[arg(long)]
    pub(super) check: bool,
    /// With --check, print what would change as a unified diff on standard output.
    #[arg(long, requires = "check")]
    pub(super) diff: bool,
    /// Remove the files tjspec wrote into --out-dir that no job produces any
    /// more (a job renamed or deleted in its input).
    #[arg(long, requires = "out_dir")]
    pub(super) prune: bool,
    /// Leave out status members (write a CreateTrainingJob request only).
    #[arg(long)]
    pub(super) no_status: bool,
    /// Fail when the output format cannot carry a field of the input.
    #[arg(long)]
    pub(super) strict: bool,
    /// Also check the cross-field rules of `tjspec validate`.
    #[arg(long)]
    pub(super) validate: bool,
    /// Kubernetes namespace for outputs with object metadata (ACK, Terraform k8s).
    #[arg(long)]
    pub(super) namespace: Option<String>,
    /// The block tf-k8s output uses: the `_manifest` data source, or the
    /// resource of provider versions before 2024.3.30.
    #[arg(long, value_parser = super::args::tf_k8s_kinds(), default_value = "data")]
    tf_k8s_kind: tjspec::TfK8sKind,
    /// The query language of sfn output states: JSONPath (`Parameters`) or
    /// JSONata (`Arguments`, `QueryLanguage`); by default the input state's.
    #[arg(long, value_parser = super::args::sfn_query_languages())]
    sfn_query_language: Option<crate::format::sfn::QueryLanguage>,
}

pub(super) fn convert(args: ConvertArgs) -> Result<ExitCode, Fatal> {
    if args.common.message_format == crate::diagnostics::MessageFormat::Sarif {
        // Standard output carries the converted jobs.
        return Err(Fatal(
            "--message-format sarif is for `tjspec validate`; convert prints human, json or github"
                .to_owned(),
        ));
    }
    if let Some(ns) = &args.namespace {
        tjspec::check_namespace(ns).map_err(|e| Fatal(format!("--namespace {e}")))?;
    }
    let overrides = args.overrides.overrides(&args.common)?;
    let mut read = read_options(&args.common);
    // Only HCL outputs can hold an expression.
    read.keep_expressions &= args.to.declaration().syntax.has_expressions();
    let mut write = WriteOptions::new()
        .include_status(!args.no_status)
        .tf_k8s_kind(args.tf_k8s_kind)
        .sfn_query_language(args.sfn_query_language);
    // Checked above, before anything is read.
    write.namespace = args.namespace.clone();
    // Unset, each format keeps its default (sm-operator: the input's region).
    write.region = args.common.region.clone();
    let settings = Settings::new()
        .from(args.common.from)
        .to(args.to)
        .read(read)
        .write(write)
        .strict(args.strict)
        .overrides(overrides)
        .rules(args.validate)
        .skip_unrecognized(args.common.skip_unrecognized);
    let inputs = expand_inputs(&args.common)?;
    // The rules' levels come from each input's `.tjspec.toml`, as for `validate`.
    let settings = if args.validate {
        let configs = super::config_files::Finder::new(None)?.configs(&inputs)?;
        settings.configs(std::sync::Arc::new(configs))
    } else {
        settings
    };
    if args.check && args.output.is_none() && args.out_dir.is_none() {
        return Err(Fatal(
            "--check compares outputs with existing files: give -o FILE or --out-dir DIR"
                .to_owned(),
        ));
    }
    let options = Options {
        to: args.to,
        check: args.check,
        diff: args.diff,
        prune: args.prune,
    };
    let mut sink = match (&args.output, &args.out_dir) {
        (Some(path), _) => Sink::output(path, options).map_err(|e| Fatal(e.to_string()))?,
        (_, Some(dir)) => Sink::dir(dir.clone(), options),
        _ => Sink::stdout(options),
    };
    sink.set_inputs(inputs.iter().map(|input| {
        input.path().map_or_else(
            || "<stdin>".to_owned(),
            |p| p.to_string_lossy().into_owned(),
        )
    }));
    let settings = settings.print(Print {
        alone: args.out_dir.is_some(),
        many_inputs: inputs.len() > 1,
    });
    if sink.is_stdout() {
        if crate::output::stdio::stdout_closed() {
            return Err(Fatal("writing standard output: it is closed".to_owned()));
        }
        if args.to.declaration().syntax.is_binary() && std::io::stdout().is_terminal() {
            return Err(Fatal(
                "not writing binary protobuf to a terminal; use -o FILE or redirect standard output"
                    .to_owned(),
            ));
        }
    }
    let message_format = args.common.message_format;
    let mut failed = 0;
    let mut io_failed = false;
    let (mut documents, mut converted) = (0, 0);
    let mut printer = Printer::new(message_format, args.common.quiet, true);
    let mut last_source = None;
    let ran = crate::batch::run_inputs(&inputs, &settings, |p| {
        printer.print(&p.outcome.reports);
        failed += p.outcome.failed;
        documents += p.outcome.documents;
        converted += p.outcome.jobs.len();
        if p.outcome.failed > 0 {
            sink.input_failed(&p.source.name);
        }
        for (doc, text) in p.outcome.jobs.iter().zip(&p.outcome.rendered) {
            last_source = Some(p.source.clone());
            sink.push(doc, &p.source.name, text)?;
            let joined: Vec<_> = sink
                .take_joined()
                .into_iter()
                .map(|diag| crate::diagnostics::Report::new(p.source.clone(), None, diag))
                .collect();
            printer.print(&joined);
            for message in sink.take_errors() {
                io_failed = true;
                eprint!("{}", crate::diagnostics::fatal(&message, message_format));
            }
        }
        Ok(())
    });
    let finished = match ran.and_then(|()| sink.finish()) {
        Ok(finished) => finished,
        Err(SinkError::BrokenPipe) => return Ok(ExitCode::from(BROKEN_PIPE)),
        Err(SinkError::Failed(message)) => return Err(Fatal(message)),
    };
    if let Some(source) = last_source {
        let joined: Vec<_> = finished
            .joined
            .iter()
            .map(|diag| crate::diagnostics::Report::new(source.clone(), None, diag.clone()))
            .collect();
        printer.print(&joined);
    }
    for message in &finished.errors {
        io_failed = true;
        eprint!("{}", crate::diagnostics::fatal(message, message_format));
    }
    printer.finish()?;
    if documents > 1 || inputs.len() > 1 {
        printer.summary(&summary_line(
            documents,
            inputs.len(),
            "converted",
            converted,
            failed,
        ));
    }
    if args.check {
        for path in &finished.changed {
            eprintln!("would change: {}", path.display());
        }
        for path in &finished.stale {
            eprintln!(
                "would remove: {} (no job produces it; write with --prune to remove it)",
                path.display()
            );
        }
        if finished.changed.is_empty() && finished.stale.is_empty() && failed == 0 && !io_failed {
            eprintln!("{}", up_to_date(finished.files));
            return Ok(ExitCode::SUCCESS);
        }
        return Ok(ExitCode::from(if io_failed { 2 } else { 1 }));
    }
    for path in &finished.stale {
        if args.prune {
            eprintln!("removed: {}", path.display());
        } else {
            eprintln!(
                "note: {} is no longer produced by any job; --prune removes it",
                path.display()
            );
        }
    }
    Ok(if io_failed {
        ExitCode::from(2)
    } else if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

/// The exit status when the reader of standard output went away
/// (`tjspec convert ... | head -1`): that of a process ended by SIGPIPE in
/// a shell (128 + 13), as `cat` or `yes` would report; nothing is printed.
const BROKEN_PIPE: u8 = 141;

/// "1 output file is up to date", "3 output files are up to date".
fn up_to_date(files: usize) -> String {
    if files == 1 {
        "1 output file is up to date".to_owned()
    } else {
        format!("{files} output files are up to date")
    }
}
