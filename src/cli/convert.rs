//! `tjspec convert`.

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use super::args::{expand_inputs, read_options, Common, OverrideArgs};
use super::io::{summary_line, Printer};
use super::Fatal;
use crate::batch::{Render, Sink};
use crate::format::{FormatId, WriteOptions};
use crate::pipeline::Settings;

#[derive(Args, Debug)]
pub(super) struct ConvertArgs {
    #[command(flatten)]
    pub(super) common: Common,
    #[command(flatten)]
    pub(super) overrides: OverrideArgs,
    /// Output format.
    #[arg(long, value_enum)]
    pub(super) to: FormatId,
    /// Output file (written atomically); standard output when omitted.
    #[arg(short, long, value_name = "FILE", conflicts_with = "out_dir")]
    pub(super) output: Option<PathBuf>,
    /// Write one file per job into DIR, named from the job name, with the format's extension.
    #[arg(long, value_name = "DIR")]
    pub(super) out_dir: Option<PathBuf>,
    /// Write nothing; exit 1 listing every output file that would change (needs -o or --out-dir).
    #[arg(long)]
    pub(super) check: bool,
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
    #[arg(long, value_enum, default_value = "data")]
    tf_k8s_kind: crate::format::terraform::TfK8sKind,
}

pub(super) fn convert(args: ConvertArgs) -> Result<ExitCode, Fatal> {
    if let Some(ns) = &args.namespace {
        if let Some(why) = crate::format::ack::namespace_problem(ns) {
            return Err(Fatal(format!(
                "--namespace `{ns}` is not a valid Kubernetes namespace: {why}"
            )));
        }
    }
    let overrides = args.overrides.overrides(&args.common)?;
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
    let (mut documents, mut converted) = (0, 0);
    let mut printer = Printer::new(args.common.message_format, args.common.quiet, true);
    let mut stale = Vec::new();
    {
        crate::batch::run_inputs(&inputs, &settings, Some(render), |p| {
            printer.print(&p.outcome.reports);
            failed += p.outcome.failed;
            documents += p.outcome.documents;
            converted += p.outcome.jobs.len();
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
    printer.finish();
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
