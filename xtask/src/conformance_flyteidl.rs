//! tjspec's flyteidl formats against the released Python package
//! (`xtask/conformance/requirements-flyteidl.txt`), both ways; run by
//! `cargo xtask conformance` and alone by `cargo xtask conformance-flyteidl`.
//!
//! The tuning job's message is checked in three steps: the package writes
//! its encodings of some tuning jobs, a tjspec test
//! (`TUNING_TEST`) reads them through the tuning job mapping and writes
//! tjspec's encodings and schema descriptor beside them, and the package
//! reads those and compares the descriptor with its own.
//!
//! The package gets its own virtualenv: its protobuf pin need not agree with
//! the other checkers' requirements.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};

use crate::python::Env;

const SCRIPT: &str = "xtask/conformance/check_flyteidl.py";

/// The package's side of the tuning job's check.
const TUNING_SCRIPT: &str = "xtask/conformance/check_flyteidl_tuning.py";

/// tjspec's side: reads the package's encodings, writes tjspec's.
const TUNING_TEST: &str = "format::flyteidl::tuning::tests::conformance_with_the_released_package";

/// Exit status of `conformance-flyteidl` when the package cannot be
/// installed (PyPI unreachable, no Python).
const UNAVAILABLE: u8 = 3;

fn env() -> Result<Env, crate::python::Unavailable> {
    let requirements = include_str!("../conformance/requirements-flyteidl.txt");
    Env::ensure("flyteidl", requirements)
}

/// `cargo xtask conformance-flyteidl`: runs the check, or writes the
/// package's encodings of the golden messages to `goldens`.
pub fn run(goldens: Option<&Path>) -> Result<ExitCode> {
    let env = match env() {
        Ok(env) => env,
        Err(why) => {
            eprintln!("notice: flyteidl conformance unavailable: {why}");
            return Ok(ExitCode::from(UNAVAILABLE));
        }
    };
    let args: Vec<OsString> = match goldens {
        Some(dir) => vec!["--write-goldens".into(), dir.into()],
        None => vec!["--tjspec".into(), crate::python::build_tjspec()?.into()],
    };
    let status = std::process::Command::new(env.python())
        .arg(crate::root().join(SCRIPT))
        .args(&args)
        .status()
        .with_context(|| format!("running {SCRIPT}"))?;
    let tuning_failed = match goldens {
        Some(_) => 0,
        None => tuning(&env)?.1,
    };
    Ok(if status.success() && tuning_failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The check as part of `cargo xtask conformance`: the script's
/// `(passed, failed)`; here a package that cannot be installed is an error.
pub fn check(tjspec: &Path) -> Result<(usize, usize)> {
    let env = env().context("the flyteidl package is needed")?;
    let out = env.run_script(SCRIPT, &["--tjspec".into(), tjspec.into()])?;
    let (passed, failed) = crate::conformance::summary(SCRIPT, &out)?;
    let (p, f) = tuning(&env)?;
    Ok((passed + p, failed + f))
}

/// The tuning job's check, printing what it finds: `(passed, failed)`.
fn tuning(env: &Env) -> Result<(usize, usize)> {
    let dir = crate::target_dir()
        .join("conformance")
        .join("flyteidl-tuning");
    if dir.exists() {
        std::fs::remove_dir_all(&dir).with_context(|| format!("clearing {}", dir.display()))?;
    }
    let out = env.run_script(
        TUNING_SCRIPT,
        &["--write-goldens".into(), dir.join("package").into()],
    )?;
    if !out.status.success() {
        bail!(
            "{TUNING_SCRIPT} could not write the package's encodings:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let read = std::process::Command::new(env!("CARGO"))
        .args([
            "test",
            "--locked",
            "--quiet",
            "--package",
            "tjspec",
            "--lib",
            TUNING_TEST,
            "--",
            "--ignored",
            "--exact",
        ])
        .env("TJSPEC_FLYTEIDL_TUNING_DIR", &dir)
        .current_dir(crate::root())
        .status()
        .context("running cargo test")?;
    if !read.success() {
        // Without tjspec's encodings there is nothing for the package to read.
        println!("FAIL tjspec reads the package's tuning job encodings ({TUNING_TEST})");
        println!("flyteidl tuning: 0 passed, 1 failed");
        return Ok((0, 1));
    }
    let out = env.run_script(TUNING_SCRIPT, &["--check".into(), dir.into()])?;
    let (passed, failed) = crate::conformance::summary(TUNING_SCRIPT, &out)?;
    // The tjspec test counts as one check.
    Ok((passed + 1, failed))
}
