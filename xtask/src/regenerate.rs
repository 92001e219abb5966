//! `cargo xtask regenerate [--check]`.

use std::collections::BTreeSet;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

/// Regenerates `generated/` and the exports (`generated/schema/`,
/// `docs/fields.md`) or, with `check`, reports what is stale.
pub fn run(check: bool) -> Result<ExitCode> {
    let root = crate::root();
    let mut files = tjspec_codegen::generate(&root.join("schema"))?;
    // The flyteidl crate's files are relative to generated/.
    files.extend(crate::flyteidl::generate(&root)?.into_iter().map(|f| {
        tjspec_codegen::GeneratedFile {
            path: format!("generated/{}", f.path),
            contents: f.contents,
        }
    }));
    let wanted: BTreeSet<String> = files.iter().map(|f| f.path.clone()).collect();
    let mut stale = Vec::new();
    for f in &files {
        let path = root.join(&f.path);
        let current = std::fs::read_to_string(&path).ok();
        if current.as_deref() != Some(f.contents.as_str()) {
            stale.push(f.path.clone());
            if !check {
                if let Some(dir) = path.parent() {
                    std::fs::create_dir_all(dir)
                        .with_context(|| format!("creating {}", dir.display()))?;
                }
                std::fs::write(&path, &f.contents)
                    .with_context(|| format!("writing {}", path.display()))?;
            }
        }
    }
    // Generated files the schema no longer produces.
    for dir in tjspec_codegen::GENERATED_DIRS {
        for old in generated_files(&root, dir)? {
            if !wanted.contains(&old) {
                stale.push(format!("{old} (no longer generated)"));
                if !check {
                    std::fs::remove_file(root.join(&old))
                        .with_context(|| format!("removing {old}"))?;
                }
            }
        }
    }
    if stale.is_empty() {
        println!("generated files are up to date ({} files)", files.len());
        return Ok(ExitCode::SUCCESS);
    }
    if check {
        eprintln!("generated files are stale; run `cargo xtask regenerate`. Stale files:");
        for s in &stale {
            eprintln!("  {s}");
        }
        Ok(ExitCode::from(1))
    } else {
        for s in &stale {
            println!("wrote {s}");
        }
        Ok(ExitCode::SUCCESS)
    }
}

/// Files under `root/dir` that carry the generated marker, relative to `root`.
fn generated_files(root: &Path, dir: &str) -> Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![root.join(dir)];
    while let Some(d) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&d) else {
            continue;
        };
        for e in entries {
            let p = e?.path();
            if p.is_dir() {
                stack.push(p);
            } else if std::fs::read_to_string(&p)
                .is_ok_and(|t| tjspec_codegen::emit::is_generated(&t))
            {
                let rel = p
                    .strip_prefix(root)
                    .expect("under root")
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push(rel);
            }
        }
    }
    out.sort();
    Ok(out)
}
