//! Project tasks, run as `cargo xtask <task>`.
//!
//! - `regenerate [--check]`: write `generated/` from `schema/` (or fail,
//!   naming the stale files, when it is out of date): the `tjspec-model`
//!   crate from `trainingjob.yaml` and the `tjspec-flyteidl` crate from
//!   `flyteidl_training_job.proto`. Needs the `regenerate` feature (the
//!   protobuf toolchain), which the `cargo xtask` alias turns on.
//! - `audit-model PATH`: compare `schema/` with a botocore `service-2.json`
//!   (or `.json.gz`).
//! - `import-model PATH [--botocore VERSION] [--check]`: update `schema/`
//!   from a botocore model: new members and shapes with their facts (and no
//!   doc, which `regenerate` then asks for), changed constraints, new enum
//!   values; every other line stays as written.
//! - `conformance [--bless-hcl]`: check tjspec's outputs with independent
//!   implementations; `--bless-hcl` first rewrites the HCL golden files
//!   with `terraform fmt`.
//! - `conformance-flyteidl`: only the flyteidl part of it (against the
//!   released `flyteidl==1.10.0` Python package); `--write-goldens DIR`
//!   writes the package's encodings used as test fixtures. Exit status 3
//!   when the package cannot be installed.
//! - `bench`: time tjspec against the syntax-only floor and peer tools.
//! - `msrv`: every locked dependency of a published crate fits the
//!   workspace's `rust-version`.
//! - `package-check`: each publishable crate's `cargo package --list` has
//!   its README and licences and no test fixtures or CI files.
//! - `lib-deps`: the `tjspec` library depends on none of the command's
//!   crates (clap, miette, rayon, tempfile, glob), and the crates under it
//!   leave serde_json's `preserve_order` off.
#![forbid(unsafe_code)]

mod bench;
mod conformance;
mod conformance_flyteidl;
mod conformance_sarif;
#[cfg(feature = "regenerate")]
mod flyteidl;
mod import_model;
mod lib_deps;
mod msrv;
mod package_check;
mod python;
#[cfg(feature = "regenerate")]
mod regenerate;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand};

#[derive(Parser)]
#[command(name = "cargo xtask", about = "tjspec project tasks")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Write generated/ from schema/ (deterministic; same schema, same bytes).
    Regenerate {
        /// Write nothing; exit 1 naming every stale file.
        #[arg(long)]
        check: bool,
    },
    /// Check tjspec's outputs with independent implementations from PyPI.
    Conformance {
        /// First rewrite xtask/conformance/hcl-golden/ with `terraform fmt`
        /// (needs terraform), then check.
        #[arg(long)]
        bless_hcl: bool,
    },
    /// Time tjspec against the syntax-only floor and peer tools on a generated corpus.
    Bench(bench::Options),
    /// Run a command and print its wall times, CPU time and peak RSS (used by `bench`).
    #[command(hide = true)]
    BenchExec {
        /// Times to run it.
        #[arg(long, default_value_t = 1)]
        runs: usize,
        /// Where its standard output goes.
        #[arg(long)]
        stdout: PathBuf,
        /// The command.
        #[arg(last = true, required = true)]
        command: Vec<String>,
    },
    /// Fail when a locked dependency of a published crate needs a newer Rust than its rust-version.
    Msrv,
    /// Check what `cargo package` would publish for each publishable crate.
    PackageCheck,
    /// Fail when the tjspec library depends on a crate only the command needs.
    LibDeps,
    /// Compare schema/ with a botocore SageMaker model (service-2.json or .json.gz).
    AuditModel {
        /// Path to botocore/data/sagemaker/2017-07-24/service-2.json(.gz).
        path: PathBuf,
    },
    /// Update schema/ from a botocore SageMaker model (service-2.json or .json.gz), printing each change.
    ImportModel {
        /// Path to botocore/data/sagemaker/2017-07-24/service-2.json(.gz).
        path: PathBuf,
        /// The botocore release the model comes from, recorded in schema/schema.yaml.
        #[arg(long, value_name = "VERSION")]
        botocore: Option<String>,
        /// Write nothing; exit 1 when the import would change the schema.
        #[arg(long)]
        check: bool,
        /// The schema directory (default: the workspace's schema/).
        #[arg(long, value_name = "DIR")]
        schema: Option<PathBuf>,
    },
    /// Check flyteidl and flyteidl-json against the flyteidl 1.10.0 Python package (exit 3: PyPI unreachable).
    ConformanceFlyteidl {
        /// Instead of checking, write the package's encodings of the golden messages to this directory.
        #[arg(long, value_name = "DIR")]
        write_goldens: Option<PathBuf>,
    },
}

/// The workspace root (the parent of this crate's directory).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_owned()
}

/// Cargo's target directory for this workspace, wherever it is configured
/// (`CARGO_TARGET_DIR`, `build.target-dir`, or the default `target/`).
pub fn target_dir() -> PathBuf {
    static DIR: std::sync::OnceLock<PathBuf> = std::sync::OnceLock::new();
    DIR.get_or_init(|| {
        let asked = std::process::Command::new(env!("CARGO"))
            .args([
                "metadata",
                "--format-version",
                "1",
                "--no-deps",
                "--offline",
            ])
            .current_dir(root())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .and_then(|o| serde_json::from_slice::<serde_json::Value>(&o.stdout).ok())
            .and_then(|v| v["target_directory"].as_str().map(PathBuf::from));
        asked.unwrap_or_else(|| root().join("target"))
    })
    .clone()
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.task {
        #[cfg(feature = "regenerate")]
        Task::Regenerate { check } => regenerate::run(check),
        // Built without the protobuf toolchain (as `cargo test` builds it).
        #[cfg(not(feature = "regenerate"))]
        Task::Regenerate { .. } => Err(anyhow::anyhow!(
            "this xtask was built without the `regenerate` feature; run `cargo xtask regenerate`"
        )),
        Task::AuditModel { path } => audit_model(&path),
        Task::ImportModel {
            path,
            botocore,
            check,
            schema,
        } => {
            let schema = schema.unwrap_or_else(|| root().join("schema"));
            import_model::run(&path, &schema, botocore.as_deref(), check)
        }
        Task::Conformance { bless_hcl } => conformance::run(bless_hcl),
        Task::ConformanceFlyteidl { write_goldens } => {
            conformance_flyteidl::run(write_goldens.as_deref())
        }
        Task::Bench(options) => bench::run(options),
        Task::Msrv => msrv::run(),
        Task::PackageCheck => package_check::run(),
        Task::LibDeps => lib_deps::run(),
        Task::BenchExec {
            runs,
            stdout,
            command,
        } => bench::measure::exec(runs, &stdout, &command),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// The text of a botocore `service-2.json`, or of a `.json.gz` decompressed.
pub fn read_botocore(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).with_context(|| format!("reading {}", path.display()))?;
    if path.extension().is_some_and(|e| e == "gz") {
        let mut s = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&bytes[..]), &mut s)
            .with_context(|| format!("decompressing {}", path.display()))?;
        Ok(s)
    } else {
        String::from_utf8(bytes).context("the model is not UTF-8")
    }
}

fn audit_model(path: &Path) -> Result<ExitCode> {
    let text = read_botocore(path)?;
    let model = tjspec_codegen::load_model(&root().join("schema"))?;
    let report = tjspec_codegen::audit::audit(&model, &text).map_err(anyhow::Error::msg)?;
    for (op, n) in &report.compared {
        println!("{op}: {n} member paths compared");
    }
    for d in &report.differences {
        println!("{d}");
    }
    if report.differences.is_empty() {
        println!("no differences");
        Ok(ExitCode::SUCCESS)
    } else {
        println!("{} differences", report.differences.len());
        Ok(ExitCode::from(1))
    }
}
