//! `tjspec diff`.

use std::collections::BTreeMap;
use std::process::ExitCode;

use clap::Args;

use super::io::{print_reports, stdout};
use super::Fatal;
use crate::diagnostics::MessageFormat;
use crate::diff::{Comparison, DiffOptions, Pattern};
use crate::format::{Doc, FormatId};
use crate::pipeline::Settings;

pub(super) const DIFF_EXIT_HELP: &str = "\
Exit status:
  0  the jobs are equal
  1  the jobs differ (or a job only one side has)
  2  usage, I/O or input error";

#[derive(Args, Debug)]
pub(super) struct DiffArgs {
    /// The first side: a file (one or several documents), a directory, or `-`.
    pub(super) a: String,
    /// The second side, likewise. Jobs are matched by name (TrainingJobName,
    /// else the Kubernetes object name or the Terraform block label).
    pub(super) b: String,
    /// Format of both inputs (detected when omitted).
    #[arg(long, value_parser = super::args::formats())]
    pub(super) from: Option<FormatId>,
    /// Spell paths with this format's names (default: the first job's format).
    #[arg(long, value_parser = super::args::formats())]
    pub(super) names: Option<FormatId>,
    /// Compare everything: what the service fills in by itself, `Tags`
    /// against a Describe response, and the envelope (Kubernetes metadata
    /// such as namespace and labels, the Terraform block label).
    #[arg(long)]
    pub(super) exact: bool,
    /// Compare status members too.
    #[arg(long)]
    pub(super) status: bool,
    /// Leave out a path and what lies below it, spelled as the changes are
    /// (in the names of --names); `*` stands for any member, map key or list
    /// element: `--ignore 'HyperParameters.*' --ignore 'InputDataConfig[*].ContentType'`. Repeatable.
    #[arg(long, value_name = "PATH")]
    pub(super) ignore: Vec<String>,
    /// Skip unknown fields (naming each) instead of failing: for responses from a newer API.
    #[arg(long)]
    pub(super) allow_unknown: bool,
    /// How to print the changes and diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub(super) message_format: MessageFormat,
}

/// One side's jobs, with the format of its first document.
struct Side {
    docs: Vec<Doc>,
    format: Option<FormatId>,
}

fn read_side(arg: &str, args: &DiffArgs) -> Result<Side, Fatal> {
    let inputs = crate::inputs::expand(&[arg.to_owned()]).map_err(|e| Fatal(e.to_string()))?;
    let settings = Settings::new()
        .from(args.from)
        .read(crate::format::ReadOptions::new().allow_unknown(args.allow_unknown));
    let mut docs = Vec::new();
    let mut failed = 0;
    let Ok(()) = crate::batch::run_inputs(&inputs, &settings, |p| {
        print_reports(&p.outcome.reports, args.message_format);
        failed += p.outcome.failed;
        docs.extend(p.outcome.jobs);
        Ok::<(), std::convert::Infallible>(())
    });
    if failed > 0 {
        return Err(Fatal(format!(
            "{arg}: {failed} document(s) could not be read (see above)"
        )));
    }
    if docs.is_empty() {
        return Err(Fatal(format!("{arg}: no training job found")));
    }
    let format = docs[0].envelope.from;
    Ok(Side { docs, format })
}

/// The name a job is matched by.
fn job_name(doc: &Doc) -> Option<String> {
    doc.job
        .name()
        .map(str::to_owned)
        .or_else(|| {
            doc.envelope
                .metadata
                .as_ref()
                .and_then(|m| m.get("name"))
                .and_then(|n| match &n.kind {
                    tjspec_runtime::NodeKind::Str(s, _) => Some(s.clone()),
                    _ => None,
                })
        })
        .or_else(|| doc.envelope.label.clone())
}

/// Jobs by name; a name given twice on one side is an error (which to compare?).
fn by_name(arg: &str, side: Side) -> Result<BTreeMap<String, Doc>, Fatal> {
    let mut out = BTreeMap::new();
    for (i, doc) in side.docs.into_iter().enumerate() {
        let name = job_name(&doc).ok_or_else(|| {
            Fatal(format!(
                "{arg}: job {} has no name (TrainingJobName, metadata.name or a block label) to match it by",
                i + 1
            ))
        })?;
        if out.insert(name.clone(), doc).is_some() {
            return Err(Fatal(format!("{arg}: two jobs are named `{name}`")));
        }
    }
    Ok(out)
}

/// How one job compares, when each side holds several.
#[derive(serde::Serialize)]
struct JobDiff {
    name: String,
    status: &'static str,
    #[serde(flatten)]
    comparison: Comparison,
}

pub(super) fn diff(args: DiffArgs) -> Result<ExitCode, Fatal> {
    if args.message_format == MessageFormat::Sarif {
        return Err(Fatal(
            "--message-format sarif is for findings (validate, convert); diff prints human, json or github"
                .to_owned(),
        ));
    }
    let ignore = args
        .ignore
        .iter()
        .map(|p| Pattern::parse(p).map_err(|e| Fatal(format!("--ignore {e}"))))
        .collect::<Result<Vec<_>, _>>()?;
    let a = read_side(&args.a, &args)?;
    let b = read_side(&args.b, &args)?;
    let names = args.names.or(a.format).unwrap_or(FormatId::Aws).binding();
    let options = DiffOptions::new().exact(args.exact).status(args.status);
    if a.docs.len() == 1 && b.docs.len() == 1 {
        let c = crate::diff::compare(&a.docs[0], &b.docs[0], names, options, &ignore);
        let equal = c.changes.is_empty();
        match args.message_format {
            MessageFormat::Json => {
                let mut v = serde_json::json!({ "equal": equal, "changes": c.changes });
                if !c.notes.is_empty() {
                    v["notes"] = serde_json::json!(c.notes);
                }
                stdout(&format!("{v}\n"))?;
            }
            MessageFormat::Human | MessageFormat::Github | MessageFormat::Sarif => {
                stdout(&crate::diff::render_human(&c.changes))?;
                for n in &c.notes {
                    eprintln!("note: {n}");
                }
                if equal {
                    eprintln!("no differences");
                }
            }
        }
        return Ok(if equal {
            ExitCode::SUCCESS
        } else {
            ExitCode::from(1)
        });
    }
    let a = by_name(&args.a, a)?;
    let mut b = by_name(&args.b, b)?;
    let mut jobs = Vec::new();
    for (name, da) in &a {
        let (status, comparison) = match b.remove(name) {
            None => ("removed", Comparison::default()),
            Some(db) => {
                let c = crate::diff::compare(da, &db, names, options, &ignore);
                (
                    if c.changes.is_empty() {
                        "equal"
                    } else {
                        "changed"
                    },
                    c,
                )
            }
        };
        jobs.push(JobDiff {
            name: name.clone(),
            status,
            comparison,
        });
    }
    for name in b.into_keys() {
        jobs.push(JobDiff {
            name,
            status: "added",
            comparison: Comparison::default(),
        });
    }
    jobs.sort_by(|x, y| x.name.cmp(&y.name));
    let differing = jobs.iter().filter(|j| j.status != "equal").count();
    match args.message_format {
        MessageFormat::Json => {
            let v = serde_json::json!({ "equal": differing == 0, "jobs": jobs });
            stdout(&format!("{v}\n"))?;
        }
        MessageFormat::Human | MessageFormat::Github | MessageFormat::Sarif => {
            let mut out = String::new();
            let mut notes = std::collections::BTreeSet::new();
            for j in &jobs {
                match j.status {
                    "added" => out.push_str(&format!("+ job {}\n", j.name)),
                    "removed" => out.push_str(&format!("- job {}\n", j.name)),
                    "changed" => {
                        out.push_str(&format!("~ job {}\n", j.name));
                        for line in crate::diff::render_human(&j.comparison.changes).lines() {
                            out.push_str(&format!("  {line}\n"));
                        }
                    }
                    _ => {}
                }
                notes.extend(j.comparison.notes.iter().cloned());
            }
            stdout(&out)?;
            for n in notes {
                eprintln!("note: {n}");
            }
            eprintln!(
                "{} jobs compared: {} equal, {} changed, {} added, {} removed",
                jobs.len(),
                jobs.iter().filter(|j| j.status == "equal").count(),
                jobs.iter().filter(|j| j.status == "changed").count(),
                jobs.iter().filter(|j| j.status == "added").count(),
                jobs.iter().filter(|j| j.status == "removed").count(),
            );
        }
    }
    Ok(if differing == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
