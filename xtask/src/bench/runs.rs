//! Timing runs: each case's commands run on its input (once to warm the
//! page cache, then measured), each output checked document by document,
//! and the figures derived from the medians.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use anyhow::{bail, Context, Result};

use super::cases::{Case, Output, Runs, Tool};
use super::corpus::{Corpus, Prepared};
use super::measure::{self, Run, Sample};
use super::peers::Peers;
use super::programs;

/// A whole-corpus command runs until about this many seconds of it are
/// measured (at least `--repeat` runs).
const MEASURED_SECONDS: f64 = 1.0;

/// The most runs a whole-corpus command gets.
const MAX_RUNS: usize = 60;

/// One measured command of a case.
pub struct Row {
    pub label: String,
    pub tool: Tool,
    pub sample: Sample,
}

/// What happened to a case.
pub enum CaseResult {
    Ran {
        case: &'static Case,
        input: Prepared,
        rows: Vec<Row>,
        skipped: Vec<(String, String)>,
    },
    Unavailable {
        case: &'static Case,
        reason: String,
    },
}

/// Runs cases with one build of `tjspec`.
pub struct Runner {
    tjspec: PathBuf,
    /// Where the checked outputs go.
    out: PathBuf,
    /// Measured runs of a whole-corpus command (`--repeat`).
    repeat: usize,
    /// Measured runs of a one-file command (`--small-runs`).
    small_runs: usize,
    /// The formats this build of tjspec knows, as asked so far.
    formats: HashMap<&'static str, bool>,
}

impl Runner {
    pub fn new(tjspec: &Path, out: &Path, repeat: usize, small_runs: usize) -> Self {
        Self {
            tjspec: tjspec.to_owned(),
            out: out.to_owned(),
            repeat,
            small_runs,
            formats: HashMap::new(),
        }
    }

    /// Whether this build of tjspec knows `format`.
    fn knows(&mut self, format: &'static str) -> bool {
        if let Some(&k) = self.formats.get(format) {
            return k;
        }
        let out = Command::new(&self.tjspec)
            .args(["convert", "--from", format, "--to", format, "-"])
            .stdin(Stdio::null())
            .output();
        let known =
            out.is_ok_and(|o| !String::from_utf8_lossy(&o.stderr).contains("invalid value"));
        self.formats.insert(format, known);
        known
    }

    /// Measures every command of `case` on its input.
    pub fn case(
        &mut self,
        case: &'static Case,
        corpus: &mut Corpus,
        peers: &mut Peers,
    ) -> Result<CaseResult> {
        for f in case.needs {
            if !self.knows(f) {
                return Ok(CaseResult::Unavailable {
                    case,
                    reason: format!("not available on this build (no `{f}` format yet)"),
                });
            }
        }
        let input = corpus.prepare(case.input)?;
        let mut rows = Vec::new();
        let mut skipped = Vec::new();
        let mut planned = Vec::new();
        for (i, tool) in case.tools.iter().enumerate() {
            let (label, mut command, env) = match *tool {
                Tool::Tjspec { args, threads } => {
                    let mut c = vec![self.tjspec.to_string_lossy().into_owned()];
                    c.extend(args.iter().map(|s| s.to_string()));
                    let (label, env) = match threads {
                        None => ("tjspec".to_owned(), vec![]),
                        Some(n) => (
                            format!("tjspec ({n} thread{})", if n == 1 { "" } else { "s" }),
                            vec![("RAYON_NUM_THREADS".to_owned(), n.to_string())],
                        ),
                    };
                    (label, c, env)
                }
                Tool::Floor { bin, args } => {
                    let mut c = vec![programs::release_bin(bin).to_string_lossy().into_owned()];
                    c.extend(args.iter().map(|s| s.to_string()));
                    (format!("floor: {bin}"), c, vec![])
                }
                Tool::Peer { name, args } => match peers.command(name) {
                    Ok(mut c) => {
                        c.extend(args.iter().map(|s| s.to_string()));
                        (format!("peer: {name}"), c, vec![])
                    }
                    Err(reason) => {
                        skipped.push((format!("peer: {name}"), reason));
                        continue;
                    }
                },
            };
            command.extend(input.files.iter().map(|f| f.to_string_lossy().into_owned()));
            let stdout = if case.output == Output::Discard {
                PathBuf::from("/dev/null")
            } else {
                self.out.join(format!("{}.{i}.out", case.id))
            };
            let run = Run {
                program: PathBuf::from(&command[0]),
                args: command[1..].to_vec(),
                env,
                stdout,
            };
            planned.push((label, *tool, run));
        }
        // Each command once (three times for one small file) to warm the
        // page cache, which also tells how long it takes: a short command
        // runs until about MEASURED_SECONDS of it are measured, so its
        // median is not that of three samples from one moment.
        let mut counts = Vec::with_capacity(planned.len());
        for (label, _, run) in &planned {
            let count = match case.runs {
                Runs::Once => 1,
                Runs::Small => {
                    measure::measure(run, 3).with_context(|| format!("{}: {label}", case.id))?;
                    self.small_runs
                }
                Runs::Corpus => {
                    let warm = measure::measure(run, 1)
                        .with_context(|| format!("{}: {label}", case.id))?;
                    let wanted = (MEASURED_SECONDS / warm.median().max(1e-6)).ceil() as usize;
                    self.repeat.max(wanted.min(MAX_RUNS))
                }
            };
            counts.push(count);
        }
        // Runs go round the commands, one each per round: a change in the
        // machine's speed during the case weighs on every command alike,
        // where one command's runs all in a row would take it alone.
        let mut samples: Vec<Option<Sample>> = vec![None; planned.len()];
        for round in 0..counts.iter().copied().max().unwrap_or(0) {
            for (k, (label, _, run)) in planned.iter().enumerate() {
                if round < counts[k] {
                    let sample = measure::measure(run, 1)
                        .with_context(|| format!("{}: {label}", case.id))?;
                    match &mut samples[k] {
                        Some(all) => all.merge(sample),
                        slot => *slot = Some(sample),
                    }
                }
            }
        }
        for ((label, tool, run), sample) in planned.into_iter().zip(samples) {
            check_output(case.output, &run.stdout, input.docs)
                .with_context(|| format!("{}: {label}: output", case.id))?;
            rows.push(Row {
                label,
                tool,
                sample: sample.context("a command with no run")?,
            });
        }
        Ok(CaseResult::Ran {
            case,
            input,
            rows,
            skipped,
        })
    }
}

/// Checks that a command printed one document per input document.
fn check_output(output: Output, path: &Path, docs: usize) -> Result<()> {
    if output == Output::Discard {
        return Ok(());
    }
    let text = std::fs::read_to_string(path)?;
    let found = match output {
        Output::JsonLines => text.lines().filter(|l| !l.trim().is_empty()).count(),
        Output::YamlStream => {
            text.lines().filter(|l| *l == "---").count() + usize::from(!text.starts_with("---"))
        }
        Output::NonEmpty => usize::from(!text.trim().is_empty()),
        Output::Discard => unreachable!(),
    };
    let expected = if output == Output::NonEmpty { 1 } else { docs };
    if found != expected {
        bail!("expected {expected} documents, found {found}");
    }
    Ok(())
}

/// Figures of one row, with ratios.
pub struct Figures {
    pub wall: f64,
    pub docs_per_s: f64,
    pub mb_per_s: f64,
    pub cores: f64,
    pub rss_mb: f64,
    /// Throughput relative to the case's fastest floor.
    pub vs_floor: Option<f64>,
    /// How many times faster than each peer that ran.
    pub vs_peers: Vec<(String, f64)>,
}

/// The figures of each row of a case, in row order.
pub fn figures(input: &Prepared, rows: &[Row]) -> Vec<Figures> {
    let floor = rows
        .iter()
        .filter(|r| matches!(r.tool, Tool::Floor { .. }))
        .map(|r| r.sample.median())
        .min_by(f64::total_cmp);
    let peers: Vec<(String, f64)> = rows
        .iter()
        .filter_map(|r| match r.tool {
            Tool::Peer { name, .. } => Some((name.to_owned(), r.sample.median())),
            _ => None,
        })
        .collect();
    rows.iter()
        .map(|r| {
            let wall = r.sample.median();
            Figures {
                wall,
                docs_per_s: input.docs as f64 / wall,
                mb_per_s: input.bytes as f64 / 1e6 / wall,
                cores: r.sample.cores_used(),
                rss_mb: r.sample.max_rss as f64 / 1024.0 / 1024.0,
                vs_floor: floor.map(|f| f / wall),
                vs_peers: peers.iter().map(|(n, p)| (n.clone(), p / wall)).collect(),
            }
        })
        .collect()
}
