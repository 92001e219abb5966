//! `cargo xtask bench`: whole-process timings of `tjspec` against the
//! syntax-only floor and peer tools, on a deterministic corpus.
//!
//! 1. Builds `tjspec` and the floor programs (`bench/floor-*`) in release mode.
//! 2. Generates the corpus (`<target>/bench/corpus/`): seeded AWS JSON Lines,
//!    and from it, with `tjspec convert`, every other form a case reads.
//! 3. Installs each peer into its cached virtualenv (`<target>/python/bench-<peer>`).
//! 4. Runs every case of [`cases::CASES`] (each command once to warm the page
//!    cache, then measured), checks each command's output, prints a table
//!    and writes it as JSON (`<target>/bench/results.json`) and Markdown
//!    (`<target>/bench/results.md`).
//! 5. Checks the goals of [`cases::GOALS`] and reports each as met or not
//!    with the measured ratio.

mod cases;
pub mod corpus;
mod hostile;
pub mod measure;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use anyhow::{bail, Context, Result};
use serde_json::json;

use cases::{Case, Goal, Input, Output, Runs, Tool, CASES, GOALS, PEERS};
use measure::{Run, Sample};

/// Options of `cargo xtask bench`.
#[derive(Clone, Debug, clap::Args)]
pub struct Options {
    /// Jobs in the corpus.
    #[arg(long, default_value_t = 10_000)]
    pub jobs: usize,
    /// Seed of the corpus.
    #[arg(long, default_value_t = 8)]
    pub seed: u64,
    /// Size of the large multi-document input, in MiB (0 skips it; the
    /// memory goal is stated for 1024).
    #[arg(long, default_value_t = 256)]
    pub large_mb: u64,
    /// Measured runs of each whole-corpus command (the median counts).
    #[arg(long, default_value_t = 3)]
    pub repeat: usize,
    /// Measured runs of each one-file command (the median counts).
    #[arg(long, default_value_t = 30)]
    pub small_runs: usize,
    /// Run only the cases whose id contains one of these (repeatable).
    #[arg(long)]
    pub only: Vec<String>,
    /// Skip the peer tools (no Python needed).
    #[arg(long)]
    pub no_peers: bool,
}

/// A prepared input: its files, documents and bytes.
#[derive(Clone, Debug)]
struct Prepared {
    files: Vec<PathBuf>,
    docs: usize,
    bytes: u64,
    /// Delete the files when done (the large input).
    temporary: bool,
}

/// One measured command of a case.
struct Row {
    label: String,
    tool: Tool,
    sample: Sample,
}

/// What happened to a case.
enum CaseResult {
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

struct Bench {
    root: PathBuf,
    dir: PathBuf,
    options: Options,
    formats: HashMap<&'static str, bool>,
    inputs: HashMap<String, Prepared>,
    peers: HashMap<&'static str, std::result::Result<Vec<String>, String>>,
}

fn release_bin(name: &str) -> PathBuf {
    crate::target_dir().join("release").join(name)
}

/// Runs the benchmark.
pub fn run(options: Options) -> Result<ExitCode> {
    let root = crate::root();
    let dir = crate::target_dir().join("bench");
    std::fs::create_dir_all(dir.join("out"))?;
    let load_before = load_average();
    println!("bench: building tjspec and the floor programs (release)");
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--release",
            "--quiet",
            "-p",
            "tjspec-cli",
            "-p",
            "floor-saphyr",
            "-p",
            "floor-yaml-serde",
            "--bins",
        ])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("building the benchmarked programs failed");
    }
    let mut bench = Bench {
        root,
        dir,
        options,
        formats: HashMap::new(),
        inputs: HashMap::new(),
        peers: HashMap::new(),
    };
    // Hostile inputs need no corpus: `--only hostile` runs them alone.
    if !bench.options.only.is_empty() && bench.options.only.iter().all(|o| o.starts_with("hostile"))
    {
        println!("hostile inputs");
        let rows = hostile::run(&bench.tjspec(), &bench.dir, &bench.options.only)?;
        let verdict = hostile_verdict(&rows);
        println!(
            "\ngoals\n  {:<9} {}: {}",
            verdict.status, verdict.goal, verdict.detail
        );
        return Ok(ExitCode::SUCCESS);
    }
    bench.corpus()?;
    let mut results = Vec::new();
    for case in CASES {
        if !bench.options.only.is_empty()
            && !bench
                .options
                .only
                .iter()
                .any(|o| case.id.contains(o.as_str()))
        {
            continue;
        }
        if case.input == Input::Large(case.needs[0]) && bench.options.large_mb == 0 {
            continue;
        }
        let result = bench.case(case)?;
        print_case(&result);
        results.push(result);
    }
    for prepared in bench.inputs.values().filter(|p| p.temporary) {
        for f in &prepared.files {
            let _ = std::fs::remove_file(f);
        }
    }
    println!("hostile inputs");
    let hostile_rows = hostile::run(&bench.tjspec(), &bench.dir, &bench.options.only)?;
    let load_after = load_average();
    let mut goals = check_goals(&results);
    if !hostile_rows.is_empty() {
        goals.push(hostile_verdict(&hostile_rows));
    }
    println!("\ngoals");
    for g in &goals {
        println!("  {:<9} {}: {}", g.status, g.goal, g.detail);
    }
    println!(
        "\nload average (1 min) before and after: {load_before:.2}, {load_after:.2} on {} cores{}",
        cores(),
        if load_before.max(load_after) > 0.5 {
            " - other processes were running; absolute times are noisy, ratios less so"
        } else {
            ""
        }
    );
    let json = report_json(&bench, &results, &goals, load_before, load_after);
    std::fs::write(
        bench.dir.join("results.json"),
        serde_json::to_string_pretty(&json)? + "\n",
    )?;
    std::fs::write(bench.dir.join("results.md"), markdown(&results, &goals))?;
    println!(
        "written: {}, {}",
        bench.dir.join("results.json").display(),
        bench.dir.join("results.md").display()
    );
    Ok(ExitCode::SUCCESS)
}

impl Bench {
    fn tjspec(&self) -> PathBuf {
        release_bin("tjspec")
    }

    fn corpus_dir(&self) -> PathBuf {
        self.dir.join("corpus")
    }

    /// Generates the AWS JSON Lines corpus.
    fn corpus(&mut self) -> Result<()> {
        let dir = self.corpus_dir();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let text = corpus::json_lines(self.options.seed, self.options.jobs);
        let path = dir.join("jobs.jsonl");
        std::fs::write(&path, &text)?;
        println!(
            "bench: corpus of {} jobs (seed {}): {:.1} MB of AWS JSON Lines",
            self.options.jobs,
            self.options.seed,
            text.len() as f64 / 1e6
        );
        self.inputs.insert(
            "jsonl".into(),
            Prepared {
                files: vec![path],
                docs: self.options.jobs,
                bytes: text.len() as u64,
                temporary: false,
            },
        );
        Ok(())
    }

    /// Whether this build of tjspec knows `format`.
    fn knows(&mut self, format: &'static str) -> bool {
        if let Some(&k) = self.formats.get(format) {
            return k;
        }
        let out = Command::new(self.tjspec())
            .args(["convert", "--from", format, "--to", format, "-"])
            .stdin(Stdio::null())
            .output();
        let known =
            out.is_ok_and(|o| !String::from_utf8_lossy(&o.stderr).contains("invalid value"));
        self.formats.insert(format, known);
        known
    }

    /// Converts the corpus with `tjspec convert`, failing on any diagnostic
    /// but a loss: a format that cannot carry every member (status members
    /// in ACK, most of a job in flyteidl) gets what it can hold.
    fn convert_corpus(&self, source: &Path, args: &[&str]) -> Result<()> {
        let out = Command::new(self.tjspec())
            .arg("convert")
            .arg(source)
            .args(args)
            .args(["--message-format", "json"])
            .output()?;
        let unexpected = String::from_utf8_lossy(&out.stderr)
            .lines()
            .any(|l| !l.contains(r#""severity":"warning","code":"loss""#));
        if !out.status.success() || unexpected {
            bail!(
                "tjspec convert {} {} did not convert the corpus cleanly:\n{}",
                source.display(),
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .take(40)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        Ok(())
    }

    fn prepare(&mut self, input: Input) -> Result<Prepared> {
        let key = format!("{input:?}");
        if let Some(p) = self.inputs.get(&key) {
            return Ok(p.clone());
        }
        let jsonl = self.inputs["jsonl"].clone();
        let dir = self.corpus_dir();
        let prepared = match input {
            Input::JsonLines => jsonl,
            Input::Stream(format) => {
                let ext = self.extension(format);
                let path = dir.join(format!("stream.{format}.{ext}"));
                self.convert_corpus(
                    &jsonl.files[0],
                    &["--to", format, "-o", path.to_str().context("path")?],
                )?;
                let bytes = std::fs::metadata(&path)?.len();
                println!(
                    "bench: {format} stream: {} documents, {:.1} MB",
                    jsonl.docs,
                    bytes as f64 / 1e6
                );
                Prepared {
                    files: vec![path],
                    docs: jsonl.docs,
                    bytes,
                    temporary: false,
                }
            }
            Input::Files(format, n) => {
                let n = n.min(jsonl.docs);
                let src = dir.join(format!("first-{n}.jsonl"));
                let text = std::fs::read_to_string(&jsonl.files[0])?;
                let mut first: String = text.lines().take(n).collect::<Vec<_>>().join("\n");
                first.push('\n');
                std::fs::write(&src, first)?;
                let out = dir.join(format!("files-{format}-{n}"));
                self.convert_corpus(
                    &src,
                    &["--to", format, "--out-dir", out.to_str().context("path")?],
                )?;
                let mut files: Vec<PathBuf> = std::fs::read_dir(&out)?
                    .map(|e| e.map(|e| e.path()))
                    .collect::<std::io::Result<_>>()?;
                files.sort();
                if files.len() != n {
                    bail!("expected {n} {format} files, found {}", files.len());
                }
                let mut bytes = 0;
                for f in &files {
                    bytes += std::fs::metadata(f)?.len();
                }
                Prepared {
                    files,
                    docs: n,
                    bytes,
                    temporary: false,
                }
            }
            Input::Large(format) => {
                let stream = self.prepare(Input::Stream(format))?;
                let text = std::fs::read(&stream.files[0])?;
                let separator = self.separator(format);
                let target = self.options.large_mb * 1024 * 1024;
                let ext = self.extension(format);
                let path = self.dir.join(format!("large.{format}.{ext}"));
                let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
                let (mut bytes, mut docs) = (0u64, 0usize);
                while bytes < target {
                    use std::io::Write as _;
                    if bytes > 0 {
                        file.write_all(separator.as_bytes())?;
                        bytes += separator.len() as u64;
                    }
                    file.write_all(&text)?;
                    bytes += text.len() as u64;
                    docs += stream.docs;
                }
                std::io::Write::flush(&mut file)?;
                println!(
                    "bench: large {format} input: {docs} documents, {:.0} MB (temporary)",
                    bytes as f64 / 1e6
                );
                Prepared {
                    files: vec![path],
                    docs,
                    bytes,
                    temporary: true,
                }
            }
        };
        self.inputs.insert(key, prepared.clone());
        Ok(prepared)
    }

    /// The file extension of a format's outputs (from a one-job conversion).
    fn extension(&self, format: &str) -> &'static str {
        match format {
            "aws" => "jsonl",
            "tf-k8s" | "tf-aws" | "hcl" => "tf",
            "flyteidl" => "pb",
            _ => "yaml",
        }
    }

    /// What goes between two documents of a stream of `format`.
    fn separator(&self, format: &str) -> &'static str {
        match format {
            "aws" => "",
            _ => "---\n",
        }
    }

    /// The command line of a peer, or why it cannot run.
    fn peer(&mut self, name: &'static str) -> std::result::Result<Vec<String>, String> {
        if let Some(p) = self.peers.get(name) {
            return p.clone();
        }
        let result = self.install_peer(name);
        self.peers.insert(name, result.clone());
        result
    }

    fn install_peer(&self, name: &str) -> std::result::Result<Vec<String>, String> {
        if self.options.no_peers {
            return Err("--no-peers".into());
        }
        let peer = PEERS
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| format!("no peer named {name} in xtask/src/bench/cases.rs"))?;
        for (program, install) in peer.needs_programs {
            if which(program).is_none() {
                return Err(format!("`{program}` is not installed ({install})"));
            }
        }
        let env =
            crate::python::Env::ensure(&format!("bench-{name}"), &(peer.pip.join("\n") + "\n"))
                .map_err(|e| e.to_string())?;
        if peer.program.ends_with(".py") {
            let script = self.root.join("xtask/bench").join(peer.program);
            Ok(vec![
                env.python().to_string_lossy().into_owned(),
                script.to_string_lossy().into_owned(),
            ])
        } else {
            Ok(vec![env
                .program(peer.program)
                .to_string_lossy()
                .into_owned()])
        }
    }

    fn case(&mut self, case: &'static Case) -> Result<CaseResult> {
        for f in case.needs {
            if !self.knows(f) {
                return Ok(CaseResult::Unavailable {
                    case,
                    reason: format!("not available on this build (no `{f}` format yet)"),
                });
            }
        }
        let input = self.prepare(case.input)?;
        let runs = match case.runs {
            Runs::Corpus => self.options.repeat,
            Runs::Small => self.options.small_runs,
            Runs::Once => 1,
        };
        let mut rows = Vec::new();
        let mut skipped = Vec::new();
        for (i, tool) in case.tools.iter().enumerate() {
            let (label, mut command, env) = match *tool {
                Tool::Tjspec { args, threads } => {
                    let mut c = vec![self.tjspec().to_string_lossy().into_owned()];
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
                    let mut c = vec![release_bin(bin).to_string_lossy().into_owned()];
                    c.extend(args.iter().map(|s| s.to_string()));
                    (format!("floor: {bin}"), c, vec![])
                }
                Tool::Peer { name, args } => match self.peer(name) {
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
                self.dir.join("out").join(format!("{}.{i}.out", case.id))
            };
            let run = Run {
                program: PathBuf::from(&command[0]),
                args: command[1..].to_vec(),
                env,
                stdout: stdout.clone(),
            };
            if case.runs != Runs::Once {
                let warm = if case.runs == Runs::Small { 3 } else { 1 };
                measure::measure(&run, warm)?;
            }
            let sample =
                measure::measure(&run, runs).with_context(|| format!("{}: {label}", case.id))?;
            check_output(case.output, &stdout, input.docs)
                .with_context(|| format!("{}: {label}: output", case.id))?;
            rows.push(Row {
                label,
                tool: *tool,
                sample,
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

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}

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

fn load_average() -> f64 {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse().ok())
        .unwrap_or(0.0)
}

fn cores() -> usize {
    std::thread::available_parallelism().map_or(1, |n| n.get())
}

/// Figures of one row, with ratios.
struct Figures {
    wall: f64,
    docs_per_s: f64,
    mb_per_s: f64,
    cores: f64,
    rss_mb: f64,
    vs_floor: Option<f64>,
    vs_peers: Vec<(String, f64)>,
}

fn figures(input: &Prepared, rows: &[Row]) -> Vec<Figures> {
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

fn wall_text(s: f64) -> String {
    if s < 0.1 {
        format!("{:.2} ms", s * 1e3)
    } else {
        format!("{s:.3} s")
    }
}

fn print_case(result: &CaseResult) {
    match result {
        CaseResult::Unavailable { case, reason } => {
            println!("\n{} [{}]: {reason}", case.title, case.id);
        }
        CaseResult::Ran {
            case,
            input,
            rows,
            skipped,
        } => {
            println!(
                "\n{} [{}]: {} documents, {:.1} MB in {} file{}",
                case.title,
                case.id,
                input.docs,
                input.bytes as f64 / 1e6,
                input.files.len(),
                if input.files.len() == 1 { "" } else { "s" }
            );
            let figs = figures(input, rows);
            let peer_names: Vec<String> = figs
                .first()
                .map(|f| f.vs_peers.iter().map(|(n, _)| n.clone()).collect())
                .unwrap_or_default();
            let mut header = format!(
                "  {:<26} {:>10} {:>10} {:>8} {:>6} {:>9} {:>8}",
                "command", "wall", "docs/s", "MB/s", "cores", "peak RSS", "x floor"
            );
            for n in &peer_names {
                let _ = write!(header, " {:>8}", format!("x {n}"));
            }
            println!("{header}");
            for (row, f) in rows.iter().zip(&figs) {
                let mut line = format!(
                    "  {:<26} {:>10} {:>10.0} {:>8.1} {:>6.2} {:>6.1} MB {:>8}",
                    row.label,
                    wall_text(f.wall),
                    f.docs_per_s,
                    f.mb_per_s,
                    f.cores,
                    f.rss_mb,
                    f.vs_floor.map_or("-".to_owned(), |v| format!("{v:.2}")),
                );
                for (_, v) in &f.vs_peers {
                    let _ = write!(line, " {:>8.2}", v);
                }
                println!("{line}");
            }
            for (label, reason) in skipped {
                println!("  {label:<26} skipped: {reason}");
            }
        }
    }
}

/// The hostile-input goal: every case within [`hostile::MAX_RSS_MB`] and
/// [`hostile::MAX_WALL_S`].
fn hostile_verdict(rows: &[hostile::HostileRow]) -> Verdict {
    let failing: Vec<&str> = rows
        .iter()
        .filter(|r| !r.met())
        .map(|r| r.id.as_str())
        .collect();
    let worst_rss = rows
        .iter()
        .map(|r| r.sample.max_rss as f64 / 1e6)
        .fold(0.0, f64::max);
    let worst_wall = rows.iter().map(|r| r.sample.median()).fold(0.0, f64::max);
    Verdict {
        goal: "hostile inputs up to the input size limit: peak RSS <= 64 MB and time <= 2 s each",
        status: if failing.is_empty() { "met" } else { "not met" },
        detail: format!(
            "{} cases, worst {worst_rss:.1} MB and {worst_wall:.3} s{}",
            rows.len(),
            if failing.is_empty() {
                String::new()
            } else {
                format!("; over: {}", failing.join(", "))
            }
        ),
        value: Some(worst_rss),
    }
}

/// One goal's verdict.
struct Verdict {
    goal: &'static str,
    status: &'static str,
    detail: String,
    value: Option<f64>,
}

fn tjspec_row(rows: &[Row], threads: Option<usize>) -> Option<&Row> {
    rows.iter()
        .find(|r| matches!(r.tool, Tool::Tjspec { threads: t, .. } if t == threads))
}

fn check_goals(results: &[CaseResult]) -> Vec<Verdict> {
    let mut out = Vec::new();
    for (goal, ids, check) in GOALS {
        let ran = ids.iter().enumerate().find_map(|(i, id)| {
            results.iter().find_map(|r| match r {
                CaseResult::Ran {
                    case, input, rows, ..
                } if case.id == *id => Some((i, *id, input, rows)),
                _ => None,
            })
        });
        let Some((position, id, input, rows)) = ran else {
            let reason = results
                .iter()
                .find_map(|r| match r {
                    CaseResult::Unavailable { case, reason } if ids.contains(&case.id) => {
                        Some(reason.clone())
                    }
                    _ => None,
                })
                .unwrap_or_else(|| "case not run".to_owned());
            out.push(Verdict {
                goal,
                status: "n/a",
                detail: reason,
                value: None,
            });
            continue;
        };
        let stand_in = if position > 0 {
            format!(
                " [measured on {id}; {} not available on this build]",
                ids[0]
            )
        } else {
            format!(" [{id}]")
        };
        let figs = figures(input, rows);
        let all = rows
            .iter()
            .position(|r| matches!(r.tool, Tool::Tjspec { threads: None, .. }));
        let verdict = match (*check, all) {
            (_, None) => Err("no tjspec run in the case".to_owned()),
            (Goal::VsFloor { min }, Some(i)) => match figs[i].vs_floor {
                Some(v) => Ok((v >= min, v, format!("{v:.2}x the floor's throughput"))),
                None => Err("no floor ran".to_owned()),
            },
            (Goal::VsPeer { peer, min }, Some(i)) => {
                match figs[i].vs_peers.iter().find(|(n, _)| n == peer) {
                    Some((_, v)) => Ok((v >= &min, *v, format!("{v:.1}x faster than {peer}"))),
                    None => Err(format!("{peer} did not run")),
                }
            }
            (Goal::WallUnder { max_ms }, Some(i)) => {
                let ms = figs[i].wall * 1e3;
                Ok((ms < max_ms, ms, format!("{ms:.2} ms median")))
            }
            (Goal::Parallel { min }, Some(i)) => match tjspec_row(rows, Some(1)) {
                Some(one) if one.sample.cores_used() < 0.8 => Err(format!(
                    "not measurable here: the one-thread run got {:.2} of a core (other processes were running), so no second core was free; {:.2}x measured",
                    one.sample.cores_used(),
                    one.sample.median() / figs[i].wall
                )),
                Some(one) => {
                    let v = one.sample.median() / figs[i].wall;
                    Ok((
                        v >= min,
                        v,
                        format!(
                            "{v:.2}x ({} on 1 thread, {} on {} cores)",
                            wall_text(one.sample.median()),
                            wall_text(figs[i].wall),
                            cores()
                        ),
                    ))
                }
                None => Err("no one-thread run in the case".to_owned()),
            },
            (Goal::RssUnder { max_mb }, Some(i)) => {
                let mb = figs[i].rss_mb;
                Ok((
                    mb < max_mb,
                    mb,
                    format!(
                        "{mb:.1} MB peak RSS on {:.0} MB of input",
                        input.bytes as f64 / 1e6
                    ),
                ))
            }
        };
        out.push(match verdict {
            Ok((met, value, detail)) => Verdict {
                goal,
                status: if met { "met" } else { "NOT MET" },
                detail: detail + &stand_in,
                value: Some(value),
            },
            Err(reason) => Verdict {
                goal,
                status: "n/a",
                detail: reason + &stand_in,
                value: None,
            },
        });
    }
    out
}

fn report_json(
    bench: &Bench,
    results: &[CaseResult],
    goals: &[Verdict],
    load_before: f64,
    load_after: f64,
) -> serde_json::Value {
    let cases: Vec<serde_json::Value> = results
        .iter()
        .map(|r| match r {
            CaseResult::Unavailable { case, reason } => json!({
                "id": case.id, "title": case.title, "available": false, "reason": reason,
            }),
            CaseResult::Ran {
                case,
                input,
                rows,
                skipped,
            } => {
                let figs = figures(input, rows);
                json!({
                    "id": case.id,
                    "title": case.title,
                    "available": true,
                    "documents": input.docs,
                    "bytes": input.bytes,
                    "files": input.files.len(),
                    "commands": rows.iter().zip(&figs).map(|(row, f)| json!({
                        "command": row.label,
                        "walls_s": row.sample.walls,
                        "median_s": f.wall,
                        "docs_per_s": f.docs_per_s,
                        "mb_per_s": f.mb_per_s,
                        "cores_used": f.cores,
                        "peak_rss_bytes": row.sample.max_rss,
                        "vs_floor": f.vs_floor,
                        "vs_peers": f.vs_peers.iter().map(|(n, v)| (n.clone(), json!(v))).collect::<serde_json::Map<_, _>>(),
                    })).collect::<Vec<_>>(),
                    "skipped": skipped.iter().map(|(l, r)| json!({"command": l, "reason": r})).collect::<Vec<_>>(),
                })
            }
        })
        .collect();
    json!({
        "corpus": { "jobs": bench.options.jobs, "seed": bench.options.seed, "large_mb": bench.options.large_mb },
        "repeat": bench.options.repeat,
        "small_runs": bench.options.small_runs,
        "cores": cores(),
        "load_average": { "before": load_before, "after": load_after },
        "cases": cases,
        "goals": goals.iter().map(|g| json!({
            "goal": g.goal, "status": g.status, "value": g.value, "detail": g.detail,
        })).collect::<Vec<_>>(),
    })
}

fn markdown(results: &[CaseResult], goals: &[Verdict]) -> String {
    let mut md = String::new();
    for r in results {
        match r {
            CaseResult::Unavailable { case, reason } => {
                let _ = writeln!(md, "**{}**: {reason}\n", case.title);
            }
            CaseResult::Ran {
                case, input, rows, ..
            } => {
                let figs = figures(input, rows);
                let peers: Vec<String> = figs
                    .first()
                    .map(|f| f.vs_peers.iter().map(|(n, _)| n.clone()).collect())
                    .unwrap_or_default();
                let _ = writeln!(
                    md,
                    "**{}** ({} documents, {:.1} MB)\n",
                    case.title,
                    input.docs,
                    input.bytes as f64 / 1e6
                );
                let mut head =
                    "| command | wall | docs/s | MB/s | cores | peak RSS | × floor |".to_owned();
                let mut rule = "|---|--:|--:|--:|--:|--:|--:|".to_owned();
                for p in &peers {
                    let _ = write!(head, " × {p} |");
                    rule.push_str("--:|");
                }
                let _ = writeln!(md, "{head}\n{rule}");
                for (row, f) in rows.iter().zip(&figs) {
                    let _ = write!(
                        md,
                        "| {} | {} | {:.0} | {:.1} | {:.2} | {:.1} MB | {} |",
                        row.label,
                        wall_text(f.wall),
                        f.docs_per_s,
                        f.mb_per_s,
                        f.cores,
                        f.rss_mb,
                        f.vs_floor.map_or("–".to_owned(), |v| format!("{v:.2}"))
                    );
                    for (_, v) in &f.vs_peers {
                        let _ = write!(md, " {v:.2} |");
                    }
                    md.push('\n');
                }
                md.push('\n');
            }
        }
    }
    md.push_str("| goal | status | measured |\n|---|---|---|\n");
    for g in goals {
        let _ = writeln!(md, "| {} | {} | {} |", g.goal, g.status, g.detail);
    }
    md
}
