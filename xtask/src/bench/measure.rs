//! Timing whole processes: wall time, CPU time and peak resident memory.
//!
//! A process's peak RSS is only known to whoever waits for it
//! (`getrusage(RUSAGE_CHILDREN)`), and that figure is the maximum over every
//! child waited for so far. So each measurement runs through a fresh
//! `cargo xtask bench-exec` process that starts the measured command, waits
//! for it (and so for whatever it started and waited for itself, such as
//! `jq` under `yq`) and reports the figures of that command alone.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};
use std::time::Instant;

use anyhow::{bail, Context, Result};
use serde_json::json;

/// What one measured command took.
#[derive(Clone, Debug)]
pub struct Sample {
    /// Wall time of each run, in seconds.
    pub walls: Vec<f64>,
    /// User plus system CPU time of all runs, in seconds.
    pub cpu: f64,
    /// Peak resident set size of the largest run, in bytes.
    pub max_rss: u64,
}

impl Sample {
    /// The median wall time.
    pub fn median(&self) -> f64 {
        let mut w = self.walls.clone();
        w.sort_by(f64::total_cmp);
        let n = w.len();
        if n % 2 == 1 {
            w[n / 2]
        } else {
            (w[n / 2 - 1] + w[n / 2]) / 2.0
        }
    }

    /// Adds the runs of `other` (the same command measured again).
    pub fn merge(&mut self, other: Sample) {
        self.walls.extend(other.walls);
        self.cpu += other.cpu;
        self.max_rss = self.max_rss.max(other.max_rss);
    }

    /// CPU time over wall time (1.0 = one core busy the whole time).
    pub fn cores_used(&self) -> f64 {
        let total: f64 = self.walls.iter().sum();
        if total > 0.0 {
            self.cpu / total
        } else {
            0.0
        }
    }
}

/// A command to measure.
#[derive(Clone, Debug)]
pub struct Run {
    /// The program.
    pub program: PathBuf,
    /// Its arguments.
    pub args: Vec<String>,
    /// Extra environment.
    pub env: Vec<(String, String)>,
    /// Where standard output goes (`/dev/null` to drop it).
    pub stdout: PathBuf,
}

/// Runs `run` `runs` times through `bench-exec` and collects the figures.
pub fn measure(run: &Run, runs: usize) -> Result<Sample> {
    let exe = std::env::current_exe().context("locating the xtask binary")?;
    let mut cmd = Command::new(exe);
    cmd.arg("bench-exec")
        .arg("--runs")
        .arg(runs.to_string())
        .arg("--stdout")
        .arg(&run.stdout)
        .arg("--")
        .arg(&run.program)
        .args(&run.args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stderr(Stdio::piped())
        .stdout(Stdio::piped());
    for (k, v) in &run.env {
        cmd.env(k, v);
    }
    let out = cmd.output().context("running bench-exec")?;
    if !out.status.success() {
        bail!(
            "{} {} failed:\n{}",
            run.program.display(),
            run.args.join(" "),
            tail(&String::from_utf8_lossy(&out.stderr), 2000)
        );
    }
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).with_context(|| {
        format!(
            "bench-exec printed {:?}",
            String::from_utf8_lossy(&out.stdout)
        )
    })?;
    Ok(Sample {
        walls: v["walls"]
            .as_array()
            .context("walls")?
            .iter()
            .filter_map(serde_json::Value::as_f64)
            .collect(),
        cpu: v["cpu"].as_f64().context("cpu")?,
        max_rss: v["max_rss"].as_u64().context("max_rss")?,
    })
}

fn tail(s: &str, n: usize) -> &str {
    let start = s.len().saturating_sub(n);
    let start = (start..s.len())
        .find(|&i| s.is_char_boundary(i))
        .unwrap_or(s.len());
    &s[start..]
}

/// `cargo xtask bench-exec --runs N --stdout FILE -- PROGRAM ARGS...`: runs
/// the command N times (standard output to FILE, standard error kept for a
/// failure report) and prints `{"walls": [...], "cpu": s, "max_rss": bytes}`.
/// Fails when any run exits unsuccessfully.
pub fn exec(runs: usize, stdout: &Path, command: &[String]) -> Result<ExitCode> {
    let (program, args) = command.split_first().context("no command given")?;
    let mut walls = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let out = std::fs::File::create(stdout)
            .with_context(|| format!("creating {}", stdout.display()))?;
        let start = Instant::now();
        let child = Command::new(program)
            .args(args)
            .stdin(Stdio::null())
            .stdout(out)
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {program}"))?;
        let result = child.wait_with_output()?;
        walls.push(start.elapsed().as_secs_f64());
        if !result.status.success() {
            eprint!("{}", String::from_utf8_lossy(&result.stderr));
            bail!("{program} exited with {}", result.status);
        }
    }
    let usage = nix::sys::resource::getrusage(nix::sys::resource::UsageWho::RUSAGE_CHILDREN)?;
    let secs = |t: nix::sys::time::TimeVal| t.tv_sec() as f64 + t.tv_usec() as f64 / 1e6;
    let report = json!({
        "walls": walls,
        "cpu": secs(usage.user_time()) + secs(usage.system_time()),
        // Linux reports kilobytes.
        "max_rss": (usage.max_rss().max(0) as u64) * 1024,
    });
    println!("{report}");
    Ok(ExitCode::SUCCESS)
}

/// The machine's load average over the last minute (0 where unknown).
pub fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

/// The cores this process may use.
pub fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}
