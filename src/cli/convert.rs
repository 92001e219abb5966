//! `tjspec convert`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::args::{expand_inputs, read_options, Common};
use super::io::{load, print_reports};
use super::Fatal;
use crate::batch::{Render, Sink};
use crate::diagnostics::Report;
use crate::format::{FormatId, ReadOptions, WriteOptions};
use crate::inputs::Input;
use crate::overrides::{parse_set, Overrides};
use crate::pipeline::Settings;

#[derive(Args, Debug)]
pub(super) struct ConvertArgs {
    #[command(flatten)]
    pub(super) common: Common,
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
    /// Set a field, in AWS member names: `ResourceConfig.InstanceCount=2`. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub(super) sets: Vec<String>,
    /// Kubernetes namespace for outputs with object metadata (ACK, Terraform k8s).
    #[arg(long)]
    pub(super) namespace: Option<String>,
    /// Merge a partial job (any supported format) over every input.
    #[arg(long, value_name = "FILE")]
    pub(super) overlay: Option<PathBuf>,
    /// The block tf-k8s output uses: the `_manifest` data source, or the
    /// resource of provider versions before 2024.3.30.
    #[arg(long, value_enum, default_value = "data")]
    tf_k8s_kind: crate::format::terraform::TfK8sKind,
}

/// Reads the `--overlay` file: one job whose members are merged into every
/// input. Its findings are printed like any input's; an invalid overlay
/// stops the run (exit 2) before anything is converted. What only its
/// format's envelope holds (Kubernetes metadata, a Datadog account) is not
/// applied, and each such part is named in a warning.
pub(super) fn overlay(path: &Path, common: &Common) -> Result<tjspec_model::TrainingJob, Fatal> {
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

pub(super) fn convert(args: ConvertArgs) -> Result<ExitCode, Fatal> {
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
