//! The fuzz targets' bodies (`fuzz/src/lib.rs`, which needs nothing but
//! tjspec) compiled on stable and run once on every seed the README gives
//! the fuzzer (the fixtures and examples), so no target rots unnoticed.

#[path = "../../fuzz/src/lib.rs"]
mod harness;

use std::path::{Path, PathBuf};

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Every target, by the name of its `fuzz/fuzz_targets/` file. `budget`
/// builds inputs of up to 1 MiB when fuzzing; here a sixteenth of that
/// keeps the test short.
/// A target's body.
type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("json_parse", harness::json_parse),
    ("yaml_parse", harness::yaml_parse),
    ("hcl_parse", harness::hcl_parse),
    ("convert", harness::convert),
    ("roundtrip", harness::roundtrip),
    ("stream", harness::stream),
    ("budget", |data| {
        let _whole: Target = harness::budget;
        harness::budget_sized(data, harness::BUDGET_MAX / 16)
    }),
    ("overrides", harness::overrides),
    ("diff", harness::diff),
    ("inputs", harness::inputs),
    ("sinks", harness::sinks),
];

#[test]
fn every_target_runs_on_every_seed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seeds = Vec::new();
    files(&root.join("tests/fixtures"), &mut seeds);
    files(&root.join("examples"), &mut seeds);
    seeds.sort();
    assert!(seeds.len() > 50, "{} seeds", seeds.len());
    // One thread per target: the longest test of the suite, on one thread
    // it would keep a core busy long after the other tests have finished.
    std::thread::scope(|scope| {
        for &(name, target) in TARGETS {
            let seeds = &seeds;
            scope.spawn(move || {
                for seed in seeds {
                    let bytes = std::fs::read(seed).unwrap();
                    let run = std::panic::catch_unwind(|| target(&bytes));
                    assert!(run.is_ok(), "{name} fails on {}", seed.display());
                }
            });
        }
    });
}

/// Each target file calls its harness function, and each harness function
/// has a target: the list above and `fuzz/` agree.
#[test]
fn every_harness_function_has_a_target() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let manifest = std::fs::read_to_string(root.join("fuzz/Cargo.toml")).unwrap();
    for (name, _) in TARGETS {
        let target = std::fs::read_to_string(root.join(format!("fuzz/fuzz_targets/{name}.rs")))
            .unwrap_or_else(|e| panic!("fuzz/fuzz_targets/{name}.rs: {e}"));
        assert!(
            target.contains(&format!("tjspec_fuzz::{name}(")),
            "{name}: {target}"
        );
        assert!(
            manifest.contains(&format!("name = \"{name}\"")),
            "{name} is not a [[bin]]"
        );
    }
    let targets = std::fs::read_dir(root.join("fuzz/fuzz_targets"))
        .unwrap()
        .count();
    assert_eq!(targets, TARGETS.len());
}
