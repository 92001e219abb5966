//! tjspec's flyteidl formats against the released Python package
//! (`xtask/conformance/requirements-flyteidl.txt`), both ways; run by
//! `cargo xtask conformance` and alone by `cargo xtask conformance-flyteidl`.
//!
//! The package gets its own virtualenv: its protobuf pin need not agree with
//! the other checkers' requirements.

use std::ffi::OsString;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

use crate::python::Env;

const SCRIPT: &str = "xtask/conformance/check_flyteidl.py";

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
    Ok(if status.success() {
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
    crate::conformance::summary(SCRIPT, &out)
}
