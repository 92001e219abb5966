//! `cargo xtask conformance`: checks tjspec's outputs with real,
//! independent implementations installed from PyPI into a cached
//! virtualenv (`target/conformance/venv`).
//!
//! Every example and test fixture that should convert is converted to each
//! checked format; the outputs land in `target/conformance/out/<format>/`
//! and the format's checker script (in `xtask/conformance/`) reads them all.
//! Each checker prints `<format>: N passed, N failed`; the task sums them.
//! The flyteidl formats are checked both ways against the released package
//! by [`crate::conformance_flyteidl`].

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

/// One output format and how it is checked.
struct Check {
    /// The `--to` format.
    format: &'static str,
    /// File extension of the outputs.
    extension: &'static str,
    /// Extra `convert` arguments for each variant of the output.
    variants: &'static [(&'static str, &'static [&'static str])],
    /// Checker script in `xtask/conformance/`.
    script: &'static str,
    /// Arguments before the output files (paths relative to the workspace).
    leading: &'static [&'static str],
    /// Whether tjspec may refuse an input for this format (a member the
    /// format requires is missing): such inputs are counted and skipped.
    may_refuse: bool,
}

const CHECKS: &[Check] = &[
    Check {
        format: "aws",
        extension: "json",
        variants: &[("full", &[]), ("request", &["--no-status"])],
        script: "check_aws.py",
        leading: &[],
        may_refuse: false,
    },
    Check {
        format: "ack",
        extension: "yaml",
        variants: &[("full", &[]), ("spec", &["--no-status"])],
        script: "check_ack.py",
        leading: &["generated/crd/sagemaker.services.k8s.aws_trainingjobs.yaml"],
        may_refuse: true,
    },
];

/// Checker scripts that make their own outputs with the tjspec binary given
/// as their argument: HCL (python-hcl2 reads every tf-k8s/tf-aws output to
/// the same job, and `terraform fmt -check` accepts it where terraform is
/// installed).
const SELF_DRIVEN: &[&str] = &["check_hcl.py"];

/// Inputs under these folders have no AWS outputs to check: they are meant
/// to fail, or (flyteidl) hold only part of a job and are checked both ways
/// against the flyteidl package instead.
const SKIP_DIRS: &[&str] = &["invalid", "hostile", "flyteidl"];

fn inputs(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        collect(&root.join(dir), &mut out)?;
    }
    out.sort();
    Ok(out)
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Ok(());
    };
    for e in entries {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if p.is_dir() {
            if !SKIP_DIRS.contains(&name) {
                collect(&p, out)?;
            }
        } else if matches!(
            p.extension().and_then(|e| e.to_str()),
            Some("json" | "jsonl" | "yaml" | "yml")
        ) {
            out.push(p);
        }
    }
    Ok(())
}

fn venv(root: &Path) -> Result<PathBuf> {
    let dir = root.join("target/conformance/venv");
    let python = dir.join("bin/python");
    let requirements = root.join("xtask/conformance/requirements.txt");
    let stamp = dir.join("requirements.installed");
    let wanted = std::fs::read_to_string(&requirements)?;
    if std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(python);
    }
    println!(
        "conformance: installing xtask/conformance/requirements.txt into target/conformance/venv"
    );
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&dir)
        .status()
        .context("running python3 -m venv (is Python 3 installed?)")?;
    if !status.success() {
        bail!("python3 -m venv failed");
    }
    let status = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "-r",
        ])
        .arg(&requirements)
        .status()
        .context("running pip")?;
    if !status.success() {
        bail!("pip could not install {}", requirements.display());
    }
    std::fs::write(&stamp, wanted)?;
    Ok(python)
}

/// Runs the conformance stage.
pub fn run() -> Result<ExitCode> {
    let root = crate::root();
    let status = Command::new(env!("CARGO"))
        .args(["build", "--quiet", "--bin", "tjspec"])
        .current_dir(&root)
        .status()?;
    if !status.success() {
        bail!("building tjspec failed");
    }
    let tjspec = root.join("target/debug/tjspec");
    let python = venv(&root)?;
    let inputs = inputs(&root)?;
    let (mut passed, mut failed) = (0usize, 0usize);
    for check in CHECKS {
        let out_dir = root.join("target/conformance/out").join(check.format);
        let _ = std::fs::remove_dir_all(&out_dir);
        std::fs::create_dir_all(&out_dir)?;
        let mut outputs = Vec::new();
        let mut refused = 0usize;
        for input in &inputs {
            let rel = input
                .strip_prefix(&root)
                .unwrap_or(input)
                .to_string_lossy()
                .replace(['/', '.'], "_");
            for (variant, args) in check.variants {
                let out = out_dir.join(format!("{rel}.{variant}.{}", check.extension));
                let result = Command::new(&tjspec)
                    .arg("convert")
                    .arg(input)
                    .args(["--to", check.format, "-o"])
                    .arg(&out)
                    .args(*args)
                    .env("NO_COLOR", "1")
                    .output()?;
                if result.status.success() {
                    outputs.push(out);
                } else if check.may_refuse && result.status.code() == Some(1) {
                    refused += 1;
                } else {
                    failed += 1;
                    println!(
                        "FAIL {}: tjspec convert --to {} {}:",
                        input.display(),
                        check.format,
                        args.join(" ")
                    );
                    println!("{}", String::from_utf8_lossy(&result.stderr));
                }
            }
        }
        if refused > 0 {
            println!(
                "{}: {refused} conversions refused by tjspec (inputs lacking members the format requires); not checked",
                check.format
            );
        }
        let result = Command::new(&python)
            .arg(root.join("xtask/conformance").join(check.script))
            .args(check.leading.iter().map(|p| root.join(p)))
            .args(&outputs)
            .output()?;
        let text = String::from_utf8_lossy(&result.stdout);
        print!("{text}");
        eprint!("{}", String::from_utf8_lossy(&result.stderr));
        let summary = text
            .lines()
            .rev()
            .find_map(parse_summary)
            .with_context(|| format!("{} printed no summary", check.script))?;
        passed += summary.0;
        failed += summary.1;
    }
    // Checkers that convert their own inputs (they need the tjspec binary).
    for script in SELF_DRIVEN {
        let result = Command::new(&python)
            .arg(root.join("xtask/conformance").join(script))
            .arg(&tjspec)
            .current_dir(&root)
            .output()?;
        let text = String::from_utf8_lossy(&result.stdout);
        print!("{text}");
        eprint!("{}", String::from_utf8_lossy(&result.stderr));
        let (p, f) = text
            .lines()
            .rev()
            .find_map(parse_summary)
            .with_context(|| format!("{script} printed no summary"))?;
        passed += p;
        failed += f;
    }
    let (p, f) = crate::conformance_flyteidl::check()?;
    passed += p;
    failed += f;
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// Reads `<label>: N passed, N failed`.
pub fn parse_summary(line: &str) -> Option<(usize, usize)> {
    let rest = line.split_once(": ").map_or(line, |(_, r)| r);
    let (p, f) = rest.split_once(" passed, ")?;
    Some((
        p.trim().parse().ok()?,
        f.strip_suffix(" failed")?.trim().parse().ok()?,
    ))
}
