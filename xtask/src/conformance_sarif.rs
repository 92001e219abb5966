//! The SARIF check of `cargo xtask conformance`: `tjspec validate
//! --message-format sarif` over the fixtures, each log validated by
//! Microsoft's SARIF multitool (npm `@microsoft/sarif-multitool`, pinned,
//! installed once into `<target>/npm/`). Without npm the check is skipped,
//! saying so.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The multitool version checked against.
const MULTITOOL: &str = "@microsoft/sarif-multitool@5.7.0";

/// Fixture directories validated into one log each, with extra `validate` arguments.
const LOGS: &[(&str, &[&str])] = &[
    // Every rule fires here, those off by default turned on.
    (
        "tests/fixtures/rules",
        &[
            "--config",
            "tests/fixtures/rules/off-by-default-on.tjspec.toml",
        ],
    ),
    ("tests/fixtures/policies", &[]),
    ("tests/fixtures/ack", &[]),
    ("tests/fixtures/aws", &[]),
    ("tests/fixtures/terraform", &[]),
    ("examples", &[]),
];

/// The multitool, installed when missing; `None` when npm is not there.
fn multitool() -> Result<Option<PathBuf>> {
    let dir = crate::target_dir()
        .join("npm")
        .join("sarif-multitool-5.7.0");
    let bin = dir.join("node_modules/.bin/sarif-multitool");
    if bin.exists() {
        return Ok(Some(bin));
    }
    if Command::new("npm").arg("--version").output().is_err() {
        return Ok(None);
    }
    std::fs::create_dir_all(&dir)?;
    let out = Command::new("npm")
        .args(["install", "--no-audit", "--no-fund", "--prefix"])
        .arg(&dir)
        .arg(MULTITOOL)
        .output()
        .context("running npm install")?;
    if !out.status.success() || !bin.exists() {
        bail!(
            "npm install {MULTITOOL} failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(Some(bin))
}

/// Runs the check: `(passed, failed)` logs.
pub fn check(tjspec: &Path) -> Result<(usize, usize)> {
    let Some(tool) = multitool()? else {
        println!("sarif: npm is not installed, so the SARIF multitool check is SKIPPED");
        return Ok((0, 0));
    };
    let root = crate::root();
    let out_dir = crate::target_dir().join("conformance").join("sarif");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir)?;
    let (mut passed, mut failed) = (0, 0);
    for (dir, args) in LOGS {
        let log = out_dir.join(format!("{}.sarif", dir.replace('/', "_")));
        let run = Command::new(tjspec)
            .args(["validate", dir, "--message-format", "sarif"])
            .args(*args)
            .current_dir(&root)
            .env("NO_COLOR", "1")
            .output()
            .with_context(|| format!("running {}", tjspec.display()))?;
        // 1: findings that fail; 2 would be a usage or I/O failure.
        if run.status.code() == Some(2) || run.stdout.is_empty() {
            failed += 1;
            println!(
                "FAIL {dir}: tjspec validate --message-format sarif:\n{}",
                String::from_utf8_lossy(&run.stderr)
            );
            continue;
        }
        std::fs::write(&log, &run.stdout)?;
        let report = log.with_extension("validation.sarif");
        let check = Command::new(&tool)
            .arg("validate")
            .arg(&log)
            .arg("--output")
            .arg(&report)
            .arg("--log")
            .arg("ForceOverwrite")
            .output()
            .context("running the SARIF multitool")?;
        let text = String::from_utf8_lossy(&check.stdout);
        let errors: Vec<&str> = text.lines().filter(|l| l.contains(": error ")).collect();
        if check.status.success() && errors.is_empty() {
            passed += 1;
        } else {
            failed += 1;
            println!(
                "FAIL {dir}: the SARIF multitool finds errors in {}:",
                log.display()
            );
            println!("{text}{}", String::from_utf8_lossy(&check.stderr));
        }
    }
    println!("sarif: {passed} passed, {failed} failed");
    Ok((passed, failed))
}
