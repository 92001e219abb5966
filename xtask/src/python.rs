//! Python virtualenvs for the tasks that check tjspec against Python
//! implementations (conformance) or time it against Python peers (bench).
//!
//! One virtualenv per purpose, under `<target>/python/<name>`, created on
//! first use and reinstalled only when its requirements change (a stamp file
//! holds the requirements it was built from).

use std::path::PathBuf;
use std::process::Command;

use anyhow::{bail, Context, Result};

/// Why an environment is not usable.
#[derive(Debug)]
pub enum Unavailable {
    /// No Python 3 with the `venv` module.
    NoPython(String),
    /// pip could not install the requirements (registry unreachable, no wheel).
    Install(String),
}

impl std::fmt::Display for Unavailable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NoPython(why) | Self::Install(why) => f.write_str(why),
        }
    }
}

impl std::error::Error for Unavailable {}

/// A virtualenv with its requirements installed.
pub struct Env {
    dir: PathBuf,
}

impl Env {
    /// Makes sure the virtualenv `name` exists and has `requirements` (the
    /// text of a requirements file) installed; says what it does on stdout.
    pub fn ensure(name: &str, requirements: &str) -> Result<Self, Unavailable> {
        let dir = crate::target_dir().join("python").join(name);
        let env = Self { dir };
        let stamp = env.dir.join("requirements.installed");
        if std::fs::read_to_string(&stamp).ok().as_deref() == Some(requirements) {
            return Ok(env);
        }
        let python3 = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
        if !env.python().exists() {
            let made = Command::new(&python3)
                .args(["-m", "venv", "--clear"])
                .arg(&env.dir)
                .status();
            if !made.is_ok_and(|s| s.success()) {
                return Err(Unavailable::NoPython(format!(
                    "`{python3} -m venv` failed: Python 3 with the venv module is needed"
                )));
            }
        }
        let wanted: Vec<&str> = requirements
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect();
        println!("python: installing {} into {name}", wanted.join(" "));
        let file = env.dir.join("requirements.txt");
        std::fs::write(&file, requirements).map_err(|e| Unavailable::Install(e.to_string()))?;
        let installed = Command::new(env.python())
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
                "-r",
            ])
            .arg(&file)
            .status();
        if !installed.is_ok_and(|s| s.success()) {
            return Err(Unavailable::Install(format!(
                "pip could not install {}",
                wanted.join(" ")
            )));
        }
        std::fs::write(&stamp, requirements).map_err(|e| Unavailable::Install(e.to_string()))?;
        Ok(env)
    }

    /// The environment's interpreter.
    pub fn python(&self) -> PathBuf {
        self.dir.join("bin/python")
    }

    /// A program the environment installed (a console script).
    pub fn program(&self, name: &str) -> PathBuf {
        self.dir.join("bin").join(name)
    }

    /// Runs `script` (relative to the workspace root) with `args`, capturing
    /// its output; fails when it cannot start.
    pub fn run_script(
        &self,
        script: &str,
        args: &[std::ffi::OsString],
    ) -> Result<std::process::Output> {
        Command::new(self.python())
            .arg(crate::root().join(script))
            .args(args)
            .output()
            .with_context(|| format!("running {script}"))
    }
}

/// Builds the `tjspec` binary (debug) and returns its path.
pub fn build_tjspec() -> Result<PathBuf> {
    let status = Command::new(env!("CARGO"))
        .args([
            "build",
            "--locked",
            "--quiet",
            "--package",
            "tjspec-cli",
            "--bin",
            "tjspec",
        ])
        .current_dir(crate::root())
        .status()
        .context("running cargo build")?;
    if !status.success() {
        bail!("building tjspec failed");
    }
    Ok(crate::target_dir()
        .join("debug")
        .join(format!("tjspec{}", std::env::consts::EXE_SUFFIX)))
}
