//! `cargo xtask import-model PATH [--botocore VERSION] [--check]`.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};

/// Imports the botocore model at `path` into the schema in `dir`, printing each
/// change; with `check`, writes nothing and exits 1 when it would change
/// something.
pub fn run(path: &Path, dir: &Path, botocore: Option<&str>, check: bool) -> Result<ExitCode> {
    let text = crate::read_botocore(path)?;
    let import = tjspec_codegen::import::import(dir, &text, botocore)?;
    let from = match botocore {
        Some(v) => format!("botocore {v}"),
        None => path.display().to_string(),
    };
    for c in &import.changes {
        println!("{c}");
    }
    for n in &import.notes {
        println!("note: {n}");
    }
    if import.changes.is_empty() {
        println!("schema is up to date with {from}");
        return Ok(ExitCode::SUCCESS);
    }
    if check {
        println!(
            "the schema is not up to date with {from}: {} changes to make; run `cargo xtask import-model` with this model",
            import.changes.len()
        );
        return Ok(ExitCode::from(1));
    }
    for (file, contents) in &import.files {
        std::fs::write(file, contents).with_context(|| format!("writing {}", file.display()))?;
    }
    print!("{} changes to the schema from {from}", import.changes.len());
    if import.undocumented > 0 {
        print!(
            "; new entries without a doc: {} (write one line each, then run `cargo xtask regenerate`)",
            import.undocumented
        );
    }
    println!();
    Ok(ExitCode::SUCCESS)
}
