//! The measured programs: `tjspec` and the syntax-only floors, built in
//! release mode with the lockfiles as committed.
//!
//! The floors (`bench/floor-*`) are a workspace of their own with their own
//! `Cargo.lock`, so building and testing tjspec never compiles them. They
//! are built into cargo's target directory of this workspace, beside
//! `tjspec`.

use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

/// The floors' workspace, relative to the repository root.
const FLOORS: &str = "bench/Cargo.toml";

/// A release binary of this workspace or of the floors'.
pub fn release_bin(name: &str) -> PathBuf {
    crate::target_dir().join("release").join(name)
}

/// The `tjspec` binary measured.
pub fn tjspec() -> PathBuf {
    release_bin("tjspec")
}

/// Builds `tjspec` and the floor programs (release, `--locked`).
pub fn build(root: &Path) -> Result<()> {
    println!("bench: building tjspec and the floor programs (release)");
    cargo_build(root, &["-p", "tjspec-cli", "--bins"]).context("building tjspec")?;
    let target = crate::target_dir();
    cargo_build(
        root,
        &[
            "--manifest-path",
            FLOORS,
            "--target-dir",
            target
                .to_str()
                .context("the target directory is not UTF-8")?,
            "--bins",
        ],
    )
    .context("building the floor programs")
}

fn cargo_build(root: &Path, args: &[&str]) -> Result<()> {
    let status = Command::new(env!("CARGO"))
        .args(["build", "--release", "--locked", "--quiet"])
        .args(args)
        .current_dir(root)
        .status()?;
    if !status.success() {
        bail!("cargo build {} failed", args.join(" "));
    }
    Ok(())
}
