//! `cargo xtask lib-deps`: the `tjspec` library stays cheap to depend on.
//!
//! The command's dependencies (argument parsing, printing, parallelism,
//! temporary files, file search) belong to `tjspec-cli`. A crate that
//! depends on the library must not build them, so each may appear in
//! `cargo tree -p tjspec -e normal` neither directly nor through another
//! crate, with default features or with every feature. And the crates
//! every consumer builds (`tjspec-runtime`, `tjspec-model`,
//! `tjspec-flyteidl`) must not switch on serde_json's `preserve_order`: a
//! feature changes `serde_json::Map` for the consumer's whole build.

use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};

/// Crates the library must not depend on, by name or name prefix (`clap`
/// covers `clap_builder`, `clap_derive`, `clap_complete`, `clap_mangen`).
pub const FORBIDDEN: &[&str] = &["clap", "miette", "rayon", "tempfile", "glob", "globset"];

/// Whether `name` is a forbidden crate or one of its parts (`clap_derive`,
/// `miette-derive`), but not a crate that only shares a prefix
/// (`globwalk` is not `glob`).
pub fn forbidden(name: &str) -> bool {
    FORBIDDEN.iter().any(|f| {
        name == *f
            || name
                .strip_prefix(f)
                .is_some_and(|rest| rest.starts_with(['_', '-']))
    })
}

/// The forbidden crates named in `cargo tree --prefix none` output, once
/// each, in order.
pub fn forbidden_in(tree: &str) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for line in tree.lines() {
        let Some(name) = line.split_whitespace().next() else {
            continue;
        };
        if forbidden(name) && !found.iter().any(|f| f == name) {
            found.push(name.to_owned());
        }
    }
    found
}

/// Whether `cargo tree -e features --prefix none` output shows serde_json's
/// `preserve_order` switched on.
pub fn preserve_order_in(tree: &str) -> bool {
    tree.lines()
        .any(|l| l.starts_with("serde_json feature \"preserve_order\""))
}

fn cargo_tree(args: &[&str]) -> Result<String> {
    let out = Command::new(env!("CARGO"))
        .arg("tree")
        .args(args)
        .current_dir(crate::root())
        .output()
        .context("running cargo tree")?;
    if !out.status.success() {
        bail!(
            "cargo tree {} failed:\n{}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    String::from_utf8(out.stdout).context("cargo tree printed text that is not UTF-8")
}

pub fn run() -> Result<ExitCode> {
    let mut failed = false;
    for features in [None, Some("--all-features")] {
        let mut args = vec![
            "--locked", "-p", "tjspec", "-e", "normal", "--prefix", "none",
        ];
        args.extend(features);
        let tree = cargo_tree(&args)?;
        let with = features.map_or("default features", |_| "every feature");
        for name in forbidden_in(&tree) {
            failed = true;
            // Say who pulls it in, so the fix is plain.
            let why = cargo_tree(&[
                "--locked", "-p", "tjspec", "-e", "normal", "-i", &name, "--depth", "1",
            ])
            .unwrap_or_default();
            println!("tjspec ({with}) depends on {name}, which only the command may use:");
            print!("{why}");
        }
    }
    for krate in ["tjspec-runtime", "tjspec-model", "tjspec-flyteidl"] {
        let tree = cargo_tree(&[
            "--locked",
            "-p",
            krate,
            "-e",
            "normal,features",
            "--prefix",
            "none",
        ])?;
        if preserve_order_in(&tree) {
            failed = true;
            println!(
                "{krate} switches on serde_json's preserve_order for every crate that depends on it"
            );
        }
    }
    if failed {
        return Ok(ExitCode::from(1));
    }
    println!(
        "tjspec depends on none of {}; runtime, model and flyteidl leave serde_json's preserve_order off",
        FORBIDDEN.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_each_forbidden_crate_once() {
        let tree = "tjspec v0.1.0 (/r/lib)\nclap v4.6.7\nclap_builder v4.6.7\nclap v4.6.7 (*)\nhcl-edit v0.10.0\nmiette-derive v7.6.0 (proc-macro)\nglobset v0.4.18\n";
        assert_eq!(
            forbidden_in(tree),
            ["clap", "clap_builder", "miette-derive", "globset"]
        );
    }

    #[test]
    fn shared_prefixes_are_not_forbidden() {
        assert!(forbidden("tempfile"));
        assert!(forbidden("clap_mangen"));
        assert!(!forbidden("globwalk"));
        assert!(forbidden("rayon-core"));
        assert!(forbidden_in("serde v1.0.0\nregex v1.0.0\n").is_empty());
    }

    #[test]
    fn sees_preserve_order() {
        assert!(preserve_order_in(
            "tjspec-model v0.1.0\nserde_json feature \"preserve_order\"\nserde_json feature \"std\"\n"
        ));
        assert!(!preserve_order_in(
            "tjspec-model v0.1.0\nserde_json feature \"std\"\n"
        ));
    }
}
