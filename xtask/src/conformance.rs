//! `cargo xtask conformance`: checks tjspec's outputs with real,
//! independent implementations installed from PyPI into cached
//! virtualenvs (`<target>/python/`; see [`crate::python`]).
//!
//! Every example and test fixture that should convert is converted to each
//! checked format; the outputs land in `<target>/conformance/<format>/`
//! and the format's checker script (in `xtask/conformance/`) reads them all.
//! Each checker prints `<format>: N passed, N failed`; the task sums them.
//! The flyteidl formats are checked both ways against the released package
//! by [`crate::conformance_flyteidl`], the SARIF logs of `validate`
//! with Microsoft's SARIF multitool by [`crate::conformance_sarif`].
//! `sfn` outputs are checked with the `asl-validator` npm package, and
//! `sm-pipeline` against definitions the SageMaker Python SDK writes.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use anyhow::{Context, Result};

use crate::python::Env;

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
    /// Whether the format carries tuning jobs, so that the tuning fixtures
    /// ([`TUNING_DIRS`]) are converted to it too.
    tuning: bool,
}

const CHECKS: &[Check] = &[
    Check {
        format: "aws",
        extension: "json",
        variants: &[("full", &[]), ("request", &["--no-status"])],
        script: "check_aws.py",
        leading: &[],
        may_refuse: false,
        tuning: false,
    },
    Check {
        format: "ack",
        extension: "yaml",
        variants: &[("full", &[]), ("spec", &["--no-status"])],
        script: "check_ack.py",
        // Each document against the CRD of its kind: rule fixtures hold
        // tuning jobs too.
        leading: &[
            "generated/crd/sagemaker.services.k8s.aws_trainingjobs.yaml",
            "generated/crd/sagemaker.services.k8s.aws_hyperparametertuningjobs.yaml",
            "--",
        ],
        may_refuse: true,
        tuning: false,
    },
    // The region is given: the operator requires one, and most inputs
    // (requests) have no ARN to take it from. Each output document is
    // checked against the CRD of its kind.
    Check {
        format: "sm-operator",
        extension: "yaml",
        variants: &[
            ("full", &["--region", "us-west-2"]),
            ("spec", &["--no-status", "--region", "us-west-2"]),
        ],
        script: "check_sm_operator.py",
        leading: &[
            "generated/crd/sagemaker.aws.amazon.com_trainingjobs.yaml",
            "generated/crd/sagemaker.aws.amazon.com_hyperparametertuningjobs.yaml",
        ],
        may_refuse: true,
        tuning: true,
    },
];

/// The checker script that makes its own outputs with the tjspec binary
/// given as its argument: HCL (python-hcl2 reads every tf-k8s/tf-aws output
/// to the same job, and each output is byte for byte the golden file
/// `terraform fmt` wrote, and `terraform fmt -check` accepts it where
/// terraform is installed).
const HCL: &str = "check_hcl.py";

/// Inputs under these folders have no AWS outputs to check: they are meant
/// to fail, hold only part of a job on purpose (`partial`, and `overrides`,
/// the inputs `--set` and `--overlay` complete), (flyteidl) are checked
/// both ways against the flyteidl package instead, or (state machines and
/// pipelines) hold expressions only their own format can carry: those are
/// inputs of the `sfn` check ([`WORKFLOW_DIRS`]). `tuning` holds
/// hyperparameter tuning jobs (with training jobs beside them in streams):
/// the checks above are of training jobs, so these are the inputs of the
/// ACK check of every resource ([`check_ack_resources`]) and of the checks
/// whose formats carry them ([`TUNING_DIRS`]).
const SKIP_DIRS: &[&str] = &[
    "invalid",
    "hostile",
    "flyteidl",
    "partial",
    "overrides",
    "sfn",
    "sm-pipeline",
    "tuning",
];

/// The tuning job fixtures, converted to the formats whose check says they
/// carry tuning jobs (`Check::tuning`).
const TUNING_DIRS: &[&str] = &[
    "tests/fixtures/aws/tuning",
    "tests/fixtures/sm-operator/tuning",
];

/// The workflow fixtures: converted to `sfn` too, and the state machines
/// among them checked as they are.
const WORKFLOW_DIRS: &[&str] = &["tests/fixtures/sfn", "tests/fixtures/sm-pipeline"];

fn inputs(root: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        collect(&root.join(dir), &mut out)?;
    }
    out.sort();
    Ok(out)
}

/// The inputs of [`check_ack_resources`]: the JSON and YAML files in the
/// `tuning` folders of the examples and fixtures.
fn tuning_inputs(root: &Path) -> Result<Vec<PathBuf>> {
    fn walk(dir: &Path, inside: bool, out: &mut Vec<PathBuf>) -> Result<()> {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return Ok(());
        };
        for e in entries {
            let p = e?.path();
            let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
            if p.is_dir() {
                walk(&p, inside || name == "tuning", out)?;
            } else if inside
                && matches!(
                    p.extension().and_then(|e| e.to_str()),
                    Some("json" | "jsonl" | "yaml" | "yml")
                )
            {
                out.push(p);
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures"] {
        walk(&root.join(dir), false, &mut out)?;
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

/// Runs the conformance stage; with `bless_hcl`, first rewrites the HCL
/// golden files with `terraform fmt` (which must be installed).
pub fn run(bless_hcl: bool) -> Result<ExitCode> {
    let root = crate::root();
    let tjspec = crate::python::build_tjspec()?;
    let env = Env::ensure(
        "conformance",
        include_str!("../conformance/requirements.txt"),
    )
    .context("the conformance checkers' requirements are needed")?;
    let python = env.python();
    let inputs = inputs(&root)?;
    let mut tuning_inputs = Vec::new();
    for dir in TUNING_DIRS {
        collect(&root.join(dir), &mut tuning_inputs)?;
    }
    tuning_inputs.sort();
    let (mut passed, mut failed) = (0usize, 0usize);
    for check in CHECKS {
        let out_dir = crate::target_dir().join("conformance").join(check.format);
        let _ = std::fs::remove_dir_all(&out_dir);
        std::fs::create_dir_all(&out_dir)?;
        let mut outputs = Vec::new();
        let mut refused = 0usize;
        let tuning: &[PathBuf] = if check.tuning { &tuning_inputs } else { &[] };
        for input in inputs.iter().chain(tuning) {
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
                    .output()
                    .with_context(|| format!("running {}", tjspec.display()))?;
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
            // Paths from the workspace root; `--` ends them as it is.
            .args(check.leading.iter().map(|p| match *p {
                "--" => std::path::PathBuf::from(p),
                p => root.join(p),
            }))
            .args(&outputs)
            .output()
            .with_context(|| format!("running {}", check.script))?;
        let (p, f) = summary(check.script, &result)?;
        passed += p;
        failed += f;
    }
    let (p, f) = check_ack_resources(&tjspec, &root, &python)?;
    passed += p;
    failed += f;
    // The HCL checker converts its own inputs (it needs the tjspec binary).
    let result = Command::new(&python)
        .arg(root.join("xtask/conformance").join(HCL))
        .arg(&tjspec)
        .args(bless_hcl.then_some("--bless"))
        .current_dir(&root)
        .output()
        .with_context(|| format!("running {HCL}"))?;
    let (p, f) = summary(HCL, &result)?;
    passed += p;
    failed += f;
    let (p, f) = crate::conformance_flyteidl::check(&tjspec)?;
    passed += p;
    failed += f;
    let (p, f) = check_sfn(&tjspec, &root, &inputs)?;
    passed += p;
    failed += f;
    let (p, f) = check_sm_pipeline(&tjspec, &root)?;
    passed += p;
    failed += f;
    let (p, f) = crate::conformance_sarif::check(&tjspec)?;
    passed += p;
    failed += f;
    println!("{passed} passed, {failed} failed");
    Ok(if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The generated ACK CRDs (one per resource ACK has) by the `kind` of
/// their objects.
fn ack_crds(root: &Path) -> Result<Vec<(String, PathBuf)>> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(root.join("generated/crd"))? {
        let p = e?.path();
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !name.starts_with("sagemaker.services.k8s.aws_") {
            continue;
        }
        let text = std::fs::read_to_string(&p)?;
        // `spec.names.kind`: the first `kind:` after `names:`.
        let kind = text
            .split_once("\n  names:\n")
            .and_then(|(_, rest)| rest.lines().find_map(|l| l.trim().strip_prefix("kind: ")))
            .with_context(|| format!("{} names no kind", p.display()))?;
        out.push((kind.to_owned(), p));
    }
    out.sort();
    Ok(out)
}

/// The documents of a YAML stream tjspec wrote (`---` between them), by
/// their top-level `kind`.
fn documents_by_kind(stream: &str) -> Vec<(String, String)> {
    stream
        .split("\n---\n")
        .map(|doc| {
            let kind = doc
                .lines()
                .find_map(|l| l.strip_prefix("kind: "))
                .unwrap_or("")
                .to_owned();
            let mut doc = doc.to_owned();
            if !doc.ends_with('\n') {
                doc.push('\n');
            }
            (kind, doc)
        })
        .collect()
}

/// The tuning-job inputs ([`tuning_inputs`]) converted to ACK (with and
/// without status): each document written is checked by `check_ack.py`
/// against the generated CRD of its kind, which `cargo xtask regenerate
/// --check` holds to the controller's field lists
/// (`schema/bindings/ack-crd-fields.txt`,
/// `schema/bindings/ack-hyperparametertuningjob-fields.txt`). A document
/// of a kind no CRD has fails.
fn check_ack_resources(tjspec: &Path, root: &Path, python: &Path) -> Result<(usize, usize)> {
    let out_dir = crate::target_dir()
        .join("conformance")
        .join("ack-resources");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir)?;
    let crds = ack_crds(root)?;
    let mut by_kind: Vec<Vec<PathBuf>> = vec![Vec::new(); crds.len()];
    let (mut passed, mut failed, mut refused) = (0usize, 0usize, 0usize);
    for input in tuning_inputs(root)? {
        let rel = input
            .strip_prefix(root)
            .unwrap_or(&input)
            .to_string_lossy()
            .replace(['/', '.'], "_");
        for (variant, args) in [("full", &[][..]), ("spec", &["--no-status"][..])] {
            let result = Command::new(tjspec)
                .arg("convert")
                .arg(&input)
                .args(["--to", "ack"])
                .args(args)
                .env("NO_COLOR", "1")
                .output()
                .with_context(|| format!("running {}", tjspec.display()))?;
            if result.status.code() == Some(1) {
                // A member the CRD requires is missing.
                refused += 1;
                continue;
            }
            if !result.status.success() {
                failed += 1;
                println!(
                    "FAIL {}: tjspec convert --to ack {}:\n{}",
                    input.display(),
                    args.join(" "),
                    String::from_utf8_lossy(&result.stderr)
                );
                continue;
            }
            let stream = String::from_utf8_lossy(&result.stdout).into_owned();
            for (n, (kind, doc)) in documents_by_kind(&stream).into_iter().enumerate() {
                let Some(i) = crds.iter().position(|(k, _)| *k == kind) else {
                    failed += 1;
                    println!(
                        "FAIL {} (document {}): kind `{kind}` is no ACK resource",
                        input.display(),
                        n + 1
                    );
                    continue;
                };
                let out = out_dir.join(format!("{rel}.{variant}.{}.{kind}.yaml", n + 1));
                std::fs::write(&out, doc)?;
                by_kind[i].push(out);
            }
        }
    }
    if refused > 0 {
        println!("ack (tuning inputs): {refused} conversions refused by tjspec (inputs lacking members the CRD requires); not checked");
    }
    for ((kind, crd), outputs) in crds.iter().zip(&by_kind) {
        if outputs.is_empty() {
            continue;
        }
        let result = Command::new(python)
            .arg(root.join("xtask/conformance/check_ack.py"))
            .arg(crd)
            .args(outputs)
            .output()
            .with_context(|| format!("running check_ack.py on the {kind} outputs"))?;
        let (p, f) = summary("check_ack.py", &result)?;
        passed += p;
        failed += f;
    }
    Ok((passed, failed))
}

/// The asl-validator release the `sfn` outputs are checked with (npm).
const ASL_VALIDATOR: &str = "asl-validator@4.0.0";

/// The variants of `sfn` output: each query language.
const SFN_VARIANTS: &[(&str, &[&str])] = &[
    ("jsonpath", &["--sfn-query-language", "jsonpath"]),
    ("jsonata", &["--sfn-query-language", "jsonata"]),
];

/// Every input that converts to `sfn` (in each query language) gives a
/// state machine the `asl-validator` npm package accepts. The package is
/// installed once with npm into `<target>/node/`; without node and npm the
/// check is skipped, and says so.
fn check_sfn(tjspec: &Path, root: &Path, inputs: &[PathBuf]) -> Result<(usize, usize)> {
    let has = |program: &str| {
        Command::new(program)
            .arg("--version")
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if !has("node") || !has("npm") {
        println!("sfn: SKIPPED: node and npm are needed to run {ASL_VALIDATOR}; the sfn outputs were not checked");
        return Ok((0, 0));
    }
    let prefix = crate::target_dir()
        .join("node")
        .join(ASL_VALIDATOR.replace('@', "-"));
    let module = prefix.join("node_modules").join("asl-validator");
    if !module.join("package.json").exists() {
        std::fs::create_dir_all(&prefix)?;
        let status = Command::new("npm")
            .args(["install", "--prefix"])
            .arg(&prefix)
            .args([ASL_VALIDATOR, "--no-audit", "--no-fund", "--ignore-scripts"])
            .status()
            .context("running npm install")?;
        anyhow::ensure!(status.success(), "npm install {ASL_VALIDATOR} failed");
    }
    let out_dir = crate::target_dir().join("conformance").join("sfn");
    let _ = std::fs::remove_dir_all(&out_dir);
    std::fs::create_dir_all(&out_dir)?;
    let (mut outputs, mut refused, mut failed) = (Vec::new(), 0usize, 0usize);
    let mut inputs = inputs.to_vec();
    for dir in WORKFLOW_DIRS {
        for entry in std::fs::read_dir(root.join(dir))? {
            let path = entry?.path();
            let name = path.to_string_lossy();
            // The state machine fixtures are themselves checked (they must
            // be real state machines), the invalid one aside: its request
            // is what is wrong.
            if name.ends_with(".asl.json") && !name.contains("invalid") {
                outputs.push(path.clone());
            }
            inputs.push(path);
        }
    }
    inputs.sort();
    // By variant, the inputs that converted alone: converted together too,
    // into one state machine chaining all their jobs (names made unique).
    let mut joinable: Vec<Vec<&PathBuf>> = vec![Vec::new(); SFN_VARIANTS.len()];
    for input in &inputs {
        let rel = input
            .strip_prefix(root)
            .unwrap_or(input)
            .to_string_lossy()
            .replace(['/', '.'], "_");
        for (v, (variant, args)) in SFN_VARIANTS.iter().enumerate() {
            let out = out_dir.join(format!("{rel}.{variant}.json"));
            let result = Command::new(tjspec)
                .arg("convert")
                .arg(input)
                .args(["--to", "sfn", "-o"])
                .arg(&out)
                .args(*args)
                .env("NO_COLOR", "1")
                .output()
                .with_context(|| format!("running {}", tjspec.display()))?;
            match result.status.code() {
                Some(0) => {
                    outputs.push(out);
                    joinable[v].push(input);
                }
                // An expression of the other query language, or an input
                // missing members: refused with its reasons, not checked.
                Some(1) => refused += 1,
                _ => {
                    failed += 1;
                    println!(
                        "FAIL {}: tjspec convert --to sfn {}:\n{}",
                        input.display(),
                        args.join(" "),
                        String::from_utf8_lossy(&result.stderr)
                    );
                }
            }
        }
    }
    for ((variant, args), inputs) in SFN_VARIANTS.iter().zip(&joinable) {
        let out = out_dir.join(format!("all-jobs.{variant}.json"));
        let result = Command::new(tjspec)
            .arg("convert")
            .args(inputs)
            .args(["--to", "sfn", "--quiet", "-o"])
            .arg(&out)
            .args(*args)
            .env("NO_COLOR", "1")
            .output()
            .with_context(|| format!("running {}", tjspec.display()))?;
        if result.status.success() {
            outputs.push(out);
        } else {
            failed += 1;
            println!(
                "FAIL tjspec convert ({} inputs) --to sfn {}: one state machine of every job:\n{}",
                inputs.len(),
                args.join(" "),
                String::from_utf8_lossy(&result.stderr)
            );
        }
    }
    if refused > 0 {
        println!("sfn: {refused} conversions refused by tjspec; not checked");
    }
    let result = Command::new("node")
        .arg(root.join("xtask/conformance/check_sfn.js"))
        .arg(&module)
        .args(&outputs)
        .output()
        .context("running check_sfn.js")?;
    let (p, f) = summary("check_sfn.js", &result)?;
    Ok((p, f + failed))
}

/// Pipeline definitions the SageMaker Python SDK writes (offline) are read
/// by tjspec, and its outputs give back the SDK's requests
/// (`check_sm_pipeline.py`). The SDK is installed into its own virtualenv;
/// when it cannot be, the check is skipped, and says so.
fn check_sm_pipeline(tjspec: &Path, root: &Path) -> Result<(usize, usize)> {
    let env = match Env::ensure(
        "sm-sdk",
        include_str!("../conformance/requirements-sm-pipeline.txt"),
    ) {
        Ok(env) => env,
        Err(why) => {
            println!("sm-pipeline: SKIPPED: the SageMaker Python SDK is needed ({why}); the sm-pipeline check did not run");
            return Ok((0, 0));
        }
    };
    let out_dir = crate::target_dir().join("conformance").join("sm-pipeline");
    let result = Command::new(env.python())
        .arg(root.join("xtask/conformance/check_sm_pipeline.py"))
        .arg(tjspec)
        .arg(&out_dir)
        .output()
        .context("running check_sm_pipeline.py")?;
    summary("check_sm_pipeline.py", &result)
}

/// Prints a checker's output and reads its closing summary line.
pub fn summary(script: &str, out: &std::process::Output) -> Result<(usize, usize)> {
    let text = String::from_utf8_lossy(&out.stdout);
    print!("{text}");
    eprint!("{}", String::from_utf8_lossy(&out.stderr));
    text.lines()
        .rev()
        .find_map(parse_summary)
        .with_context(|| format!("{script} printed no summary"))
}

/// Reads `<label>: N passed, N failed`.
fn parse_summary(line: &str) -> Option<(usize, usize)> {
    let rest = line.split_once(": ").map_or(line, |(_, r)| r);
    let (p, f) = rest.split_once(" passed, ")?;
    Some((
        p.trim().parse().ok()?,
        f.strip_suffix(" failed")?.trim().parse().ok()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_generated_ack_crd_is_found_by_its_kind() {
        let crds = ack_crds(&crate::root()).unwrap();
        let kinds: Vec<&str> = crds.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kinds, ["HyperParameterTuningJob", "TrainingJob"]);
    }

    #[test]
    fn a_written_stream_splits_by_kind() {
        let stream = "apiVersion: v\nkind: TrainingJob\nspec:\n  kind: x\n---\napiVersion: v\nkind: HyperParameterTuningJob\n";
        let docs = documents_by_kind(stream);
        let kinds: Vec<&str> = docs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(kinds, ["TrainingJob", "HyperParameterTuningJob"]);
        assert!(docs.iter().all(|(_, d)| d.ends_with('\n')));
    }

    #[test]
    fn the_tuning_fixtures_are_the_ack_resources_check_s_inputs() {
        let root = crate::root();
        let tuning = tuning_inputs(&root).unwrap();
        let all = inputs(&root).unwrap();
        let named = |p: &str| root.join(p);
        assert!(tuning.contains(&named("tests/fixtures/ack/tuning/stream.yaml")));
        assert!(tuning.contains(&named("tests/fixtures/aws/tuning/describe-response.json")));
        // HCL is the HCL checker's; the training checks do not see tuning jobs.
        assert!(tuning
            .iter()
            .all(|p| p.extension().is_some_and(|e| e != "tf")));
        assert!(tuning.iter().all(|p| !all.contains(p)));
    }
}
