//! `cargo xtask bench`: whole-process timings of `tjspec` against the
//! syntax-only floor and peer tools, on a deterministic corpus.
//!
//! The stages, one module each:
//!
//! 1. [`programs`]: builds `tjspec` and the floor programs (`bench/floor-*`)
//!    in release mode, `--locked`.
//! 2. [`corpus`]: generates the seeded AWS JSON Lines corpus
//!    (`<target>/bench/corpus/`) and, with `tjspec convert`, every other form
//!    a case reads.
//! 3. [`peers`]: installs each peer tool into its cached virtualenv
//!    (`<target>/python/bench-<peer>`) when a case first needs it.
//! 4. [`runs`]: runs every case of [`cases::CASES`] (each command once to
//!    warm the page cache, then measured through [`measure`]) and checks
//!    each command's output; [`hostile`] does the same for hostile inputs.
//! 5. [`goals`]: checks the goals of [`goals::GOALS`], each met or not with
//!    the measured ratio.
//! 6. [`report`]: prints each case's table and the verdicts, and writes
//!    them as JSON (`<target>/bench/results.json`) and Markdown
//!    (`<target>/bench/results.md`).

mod cases;
mod corpus;
mod goals;
mod hostile;
pub mod measure;
mod peers;
mod programs;
mod report;
mod runs;

use std::process::ExitCode;

use anyhow::Result;

use cases::{Input, CASES};
use corpus::Corpus;
use peers::Peers;
use runs::Runner;

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

impl Options {
    /// Whether `--only` selects the case `id`.
    fn selects(&self, id: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|o| id.contains(o.as_str()))
    }
}

/// Runs the benchmark.
pub fn run(options: Options) -> Result<ExitCode> {
    let root = crate::root();
    let dir = crate::target_dir().join("bench");
    std::fs::create_dir_all(dir.join("out"))?;
    let load_before = measure::load_average();
    programs::build(&root)?;
    let tjspec = programs::tjspec();
    // Hostile inputs need no corpus: `--only hostile` runs them alone.
    if !options.only.is_empty() && options.only.iter().all(|o| o.starts_with("hostile")) {
        println!("hostile inputs");
        let rows = hostile::run(&tjspec, &dir, &options.only)?;
        report::print_goals(&[goals::hostile_verdict(&rows)]);
        return Ok(ExitCode::SUCCESS);
    }
    let mut corpus = Corpus::generate(&tjspec, &dir, options.jobs, options.seed, options.large_mb)?;
    let mut peers = Peers::new(&root, options.no_peers);
    let mut runner = Runner::new(
        &tjspec,
        &dir.join("out"),
        options.repeat,
        options.small_runs,
    );
    let mut results = Vec::new();
    for case in CASES {
        if !options.selects(case.id) {
            continue;
        }
        if case.input == Input::Large(case.needs[0]) && options.large_mb == 0 {
            continue;
        }
        let result = runner.case(case, &mut corpus, &mut peers)?;
        report::print_case(&result);
        results.push(result);
    }
    corpus.remove_temporary();
    println!("hostile inputs");
    let hostile_rows = hostile::run(&tjspec, &dir, &options.only)?;
    let load_after = measure::load_average();
    let mut verdicts = goals::check(&results);
    if !hostile_rows.is_empty() {
        verdicts.push(goals::hostile_verdict(&hostile_rows));
    }
    report::print_goals(&verdicts);
    report::print_load(load_before, load_after);
    report::write(
        &dir,
        &options,
        &results,
        &verdicts,
        (load_before, load_after),
    )?;
    Ok(ExitCode::SUCCESS)
}
