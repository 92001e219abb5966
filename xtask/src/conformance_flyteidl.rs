//! `cargo xtask conformance-flyteidl`: tjspec's flyteidl formats against the
//! released Python package.
//!
//! Creates a virtualenv under `target/conformance/`, installs
//! `flyteidl==1.10.0` from PyPI into it (once), builds `tjspec` and runs
//! `xtask/python/conformance_flyteidl.py`, which prints `N passed, N failed`.

use std::path::Path;
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

/// The package release checked against: the last with `flyteidl.plugins.sagemaker`.
const PACKAGE: &str = "flyteidl==1.10.0";

/// Exit status when the package cannot be installed (PyPI unreachable).
const UNAVAILABLE: u8 = 3;

/// Runs the check, or writes the golden fixtures to `goldens`.
pub fn run(goldens: Option<&Path>) -> Result<ExitCode> {
    let root = crate::root();
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    let venv = target.join("conformance/flyteidl-1.10.0");
    let python = venv.join("bin/python");
    let ready = venv.join(".installed");
    if !ready.exists() {
        let python3 = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
        let made = Command::new(&python3)
            .args(["-m", "venv"])
            .arg(&venv)
            .status()
            .with_context(|| format!("running {python3}"))?;
        if !made.success() {
            eprintln!("notice: could not create a virtualenv with {python3} -m venv");
            return Ok(ExitCode::from(UNAVAILABLE));
        }
        let installed = Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
                "--retries",
                "2",
                "--timeout",
                "30",
                PACKAGE,
            ])
            .status()
            .context("running pip")?;
        if !installed.success() {
            eprintln!("notice: {PACKAGE} could not be installed from PyPI");
            return Ok(ExitCode::from(UNAVAILABLE));
        }
        std::fs::write(&ready, PACKAGE).context("marking the virtualenv ready")?;
    }
    let script = root.join("xtask/python/conformance_flyteidl.py");
    let mut cmd = Command::new(&python);
    cmd.arg(&script);
    if let Some(dir) = goldens {
        cmd.arg("--write-goldens").arg(dir);
    } else {
        let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
        let built = Command::new(cargo)
            .current_dir(&root)
            .args(["build", "--quiet", "--package", "tjspec", "--bin", "tjspec"])
            .status()
            .context("building tjspec")?;
        if !built.success() {
            anyhow::bail!("building tjspec failed");
        }
        let exe = target
            .join("debug")
            .join(format!("tjspec{}", std::env::consts::EXE_SUFFIX));
        cmd.arg("--tjspec").arg(exe);
    }
    let status = cmd.status().context("running the conformance script")?;
    Ok(if status.success() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Runs the check as part of `cargo xtask conformance`: returns the
/// script's `(passed, failed)`; a package that cannot be installed is an error.
pub fn check() -> Result<(usize, usize)> {
    let root = crate::root();
    let target =
        std::env::var_os("CARGO_TARGET_DIR").map_or_else(|| root.join("target"), Into::into);
    // Installs the package on first use; the script run below is ours.
    if run_install(&target)? {
        anyhow::bail!("{PACKAGE} could not be installed from PyPI");
    }
    let python = target.join("conformance/flyteidl-1.10.0/bin/python");
    let exe = target
        .join("debug")
        .join(format!("tjspec{}", std::env::consts::EXE_SUFFIX));
    let out = Command::new(&python)
        .arg(root.join("xtask/python/conformance_flyteidl.py"))
        .arg("--tjspec")
        .arg(exe)
        .output()
        .context("running the flyteidl conformance script")?;
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    text.lines()
        .rev()
        .find_map(crate::conformance::parse_summary)
        .context("the flyteidl conformance script printed no summary")
}

/// Creates the virtualenv and installs the package once; `Ok(true)` when it
/// could not be installed.
fn run_install(target: &Path) -> Result<bool> {
    let venv = target.join("conformance/flyteidl-1.10.0");
    let python = venv.join("bin/python");
    if venv.join(".installed").exists() {
        return Ok(false);
    }
    let python3 = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    if !Command::new(&python3)
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .with_context(|| format!("running {python3}"))?
        .success()
    {
        return Ok(true);
    }
    let installed = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--retries",
            "2",
            "--timeout",
            "30",
            PACKAGE,
        ])
        .status()
        .context("running pip")?;
    if !installed.success() {
        return Ok(true);
    }
    std::fs::write(venv.join(".installed"), PACKAGE).context("marking the virtualenv ready")?;
    Ok(false)
}
