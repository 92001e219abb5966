//! `cargo xtask package-check`: what `cargo package` would publish for each
//! publishable crate of the workspace holds what a user needs (the
//! manifest, the README, both licence texts, every file its sources
//! `include_str!` or `include_bytes!`) and none of the repository's own
//! files (test fixtures, CI scripts, cargo configuration, fuzz targets).

use std::path::{Component, Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// Files every published crate must ship.
const REQUIRED: &[&str] = &["Cargo.toml", "README.md", "LICENSE-MIT", "LICENSE-APACHE"];

/// Paths (or their first component) no published crate may ship.
const FORBIDDEN: &[&str] = &[
    "tests",
    ".ci",
    ".cargo",
    ".github",
    "fuzz",
    "target",
    "xtask",
    "bench",
    "benches",
    ".pre-commit-config.yaml",
    ".pre-commit-hooks.yaml",
];

/// What is wrong with one crate's package list.
pub fn problems(files: &[&str]) -> Vec<String> {
    let mut out = Vec::new();
    for required in REQUIRED {
        if !files.contains(required) {
            out.push(format!("{required} is missing"));
        }
    }
    for file in files {
        let first = file.split('/').next().unwrap_or(file);
        if FORBIDDEN.contains(&first) {
            out.push(format!("{file} should not be published"));
        }
    }
    out
}

/// The paths (relative to the crate root) that a source file at `file`
/// (relative to the crate root) includes with `include_str!` or
/// `include_bytes!` and a string literal.
pub fn included_files(file: &str, source: &str) -> Vec<String> {
    let dir = Path::new(file).parent().unwrap_or(Path::new(""));
    let mut out = Vec::new();
    for mac in ["include_str!(", "include_bytes!("] {
        for (at, _) in source.match_indices(mac) {
            let rest = source[at + mac.len()..].trim_start();
            let Some(literal) = rest.strip_prefix('"') else {
                continue;
            };
            let Some(end) = literal.find('"') else {
                continue;
            };
            if let Some(path) = normalise(&dir.join(&literal[..end])) {
                out.push(path);
            }
        }
    }
    out
}

/// `a/b/../c` as `a/c`; `None` when it climbs out of the crate root.
fn normalise(path: &Path) -> Option<String> {
    let mut parts: Vec<&str> = Vec::new();
    for c in path.components() {
        match c {
            Component::Normal(p) => parts.push(p.to_str()?),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.join("/"))
}

/// Runs `cargo package --list` for every publishable workspace crate.
pub fn run() -> Result<ExitCode> {
    let root = crate::root();
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--no-deps", "--locked"])
        .current_dir(&root)
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!(
            "cargo metadata failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let metadata: Value = serde_json::from_slice(&out.stdout)?;
    let mut failed = 0usize;
    let mut passed = 0usize;
    for package in metadata["packages"].as_array().into_iter().flatten() {
        if !crate::msrv::is_published(package) {
            continue;
        }
        let name = package["name"].as_str().context("a package name")?;
        let listed = Command::new(env!("CARGO"))
            .args([
                "package",
                "--list",
                "--locked",
                "--allow-dirty",
                "--package",
                name,
            ])
            .current_dir(&root)
            .output()
            .with_context(|| format!("running cargo package --list for {name}"))?;
        if !listed.status.success() {
            bail!(
                "cargo package --list --package {name} failed:\n{}",
                String::from_utf8_lossy(&listed.stderr)
            );
        }
        let text = String::from_utf8_lossy(&listed.stdout);
        let files: Vec<&str> = text.lines().collect();
        let mut found = problems(&files);
        let crate_dir: PathBuf = Path::new(
            package["manifest_path"]
                .as_str()
                .context("a package's manifest path")?,
        )
        .parent()
        .context("a manifest's directory")?
        .to_owned();
        for file in files.iter().filter(|f| f.ends_with(".rs")) {
            let source = std::fs::read_to_string(crate_dir.join(file))
                .with_context(|| format!("reading {file} of {name}"))?;
            for included in included_files(file, &source) {
                if !files.contains(&included.as_str()) {
                    found.push(format!("{file} includes {included}, which is not packaged"));
                }
            }
        }
        if found.is_empty() {
            passed += 1;
            println!("{name}: {} files", files.len());
        } else {
            failed += 1;
            for p in found {
                println!("FAIL {name}: {p}");
            }
        }
    }
    println!("package-check: {passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

#[cfg(test)]
mod tests {
    use super::{included_files, problems};

    #[test]
    fn included_files_are_found_relative_to_the_source() {
        let source = "const A: &str = include_str!(\n    \"../schema/a.json\"\n);\nconst B: &[u8] = include_bytes!(\"b.bin\");\nconst C: &str = include_str!(concat!(\"x\"));";
        assert_eq!(
            included_files("src/format/mod.rs", source),
            ["src/schema/a.json", "src/format/b.bin"]
        );
        assert_eq!(
            included_files("src/lib.rs", "include_str!(\"../../outside\")"),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_complete_package_passes() {
        let files = [
            "Cargo.toml",
            "Cargo.toml.orig",
            "README.md",
            "LICENSE-MIT",
            "LICENSE-APACHE",
            "src/lib.rs",
            "examples/job.json",
        ];
        assert_eq!(problems(&files), Vec::<String>::new());
    }

    #[test]
    fn fixtures_ci_files_and_missing_licences_are_named() {
        let files = [
            "Cargo.toml",
            "README.md",
            "LICENSE-MIT",
            "src/lib.rs",
            "tests/fixtures/aws/minimal.json",
            ".ci/run",
            ".cargo/config.toml",
        ];
        assert_eq!(
            problems(&files),
            [
                "LICENSE-APACHE is missing",
                "tests/fixtures/aws/minimal.json should not be published",
                ".ci/run should not be published",
                ".cargo/config.toml should not be published",
            ]
        );
    }
}
