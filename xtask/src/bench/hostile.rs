//! Hostile inputs: one case per shape that once cost time or memory out of
//! proportion to the input (a finding per node printed with a snippet, an
//! object of a million keys, an endless input, a million repeated fields),
//! each in the formats it applies to and in the human and JSON message
//! formats. Goal: peak RSS ≤ 64 MB and time ≤ 2 s for every one, up to the
//! 64 MiB input limit.
//!
//! Inputs are generated into the bench directory; each command runs once
//! (they end in findings, exit status 1, which is what they must do).

use std::io::Write as _;
use std::path::{Path, PathBuf};

use anyhow::Result;

use super::measure::{measure, Run, Sample};

/// The goal every hostile case must meet.
pub const MAX_RSS_MB: f64 = 64.0;
/// The goal every hostile case must meet.
pub const MAX_WALL_S: f64 = 2.0;

/// One hostile shape: an input and the `tjspec` arguments before it.
struct Shape {
    id: &'static str,
    title: &'static str,
    /// Writes the input; `None`: `input` names a device.
    make: Option<fn(&Path) -> std::io::Result<()>>,
    /// The input's file name (in the bench directory) or a device path.
    input: &'static str,
    /// Arguments after the input (`--from aws`).
    args: &'static [&'static str],
    /// The command (`validate`, `diff`).
    command: &'static [&'static str],
}

const JOB_JSON_HEAD: &str = "{\"TrainingJobName\":\"j\",\"RoleArn\":\"arn:aws:iam::111122223333:role/R\",\"OutputDataConfig\":{\"S3OutputPath\":\"s3://a/b\"}";

fn write_with(
    path: &Path,
    f: impl FnOnce(&mut dyn std::io::Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut w = std::io::BufWriter::new(std::fs::File::create(path)?);
    f(&mut w)?;
    w.flush()
}

fn unknown_fields(path: &Path) -> std::io::Result<()> {
    write_with(path, |w| {
        writeln!(w, "{JOB_JSON_HEAD},")?;
        for i in 0..40_000 {
            writeln!(w, "\"Unknown{i}\": 1,")?;
        }
        writeln!(w, "\"Last\": 1}}")
    })
}

fn wrong_list_items(path: &Path) -> std::io::Result<()> {
    write_with(path, |w| {
        write!(w, "TrainingJobName: j\nRoleArn: arn:aws:iam::111122223333:role/R\nOutputDataConfig:\n  S3OutputPath: s3://a/b\nAlgorithmSpecification:\n  TrainingInputMode: File\n  TrainingImage: x\n  ContainerEntrypoint:\n")?;
        let filler = "x".repeat(380);
        for _ in 0..20_000 {
            writeln!(w, "  - {{a: {filler}}}")?;
        }
        Ok(())
    })
}

fn skipped_variables(path: &Path) -> std::io::Result<()> {
    write_with(path, |w| {
        for i in 0..40_000 {
            write!(w, "variable \"v{i}\" {{\n  type = string\n}}\n")?;
        }
        write!(w, "resource \"aws_sagemaker_training_job\" \"j\" {{\n  training_job_name = \"j\"\n  role_arn = \"arn:aws:iam::111122223333:role/R\"\n  output_data_config {{\n    s3_output_path = \"s3://a/b\"\n  }}\n}}\n")
    })
}

fn hcl_keys(path: &Path) -> std::io::Result<()> {
    write_with(path, |w| {
        write!(w, "resource \"aws_sagemaker_training_job\" \"j\" {{\n  training_job_name = \"j\"\n  hyper_parameters = {{\n")?;
        for i in 0..1_000_000 {
            writeln!(w, "    k{i} = \"v\"")?;
        }
        write!(w, "  }}\n}}\n")
    })
}

fn int_list(path: &Path) -> std::io::Result<()> {
    write_with(path, |w| {
        write!(w, "{JOB_JSON_HEAD},\"AlgorithmSpecification\":{{\"TrainingInputMode\":\"File\",\"TrainingImage\":\"x\",\"ContainerEntrypoint\":[1")?;
        // 60 MB, under the 64 MiB input limit.
        for _ in 0..30_000_000 {
            w.write_all(b",1")?;
        }
        write!(w, "]}}}}")
    })
}

fn hyperparameters(path: &Path) -> std::io::Result<()> {
    write_with(path, |w| {
        write!(w, "{JOB_JSON_HEAD},\"HyperParameters\":{{\"h0\":\"v\"")?;
        for i in 1..1_000_000 {
            write!(w, ",\"h{i}\":\"v\"")?;
        }
        write!(w, "}}}}")
    })
}

fn metric_definitions(path: &Path) -> std::io::Result<()> {
    // algorithm_specification { metric_definitions {} × 4M }: 8 MB.
    let n: usize = 4_000_000;
    let mut len = n * 2;
    let mut head = vec![0x0a];
    while len >= 0x80 {
        head.push((len as u8) | 0x80);
        len >>= 7;
    }
    head.push(len as u8);
    write_with(path, |w| {
        w.write_all(&head)?;
        let block = [0x22u8, 0x00].repeat(1 << 16);
        for _ in 0..n / (1 << 16) {
            w.write_all(&block)?;
        }
        w.write_all(&[0x22, 0x00].repeat(n % (1 << 16)))
    })
}

const VALIDATE: &[&str] = &["validate"];

const SHAPES: &[Shape] = &[
    Shape {
        id: "unknown-fields-json",
        title: "40,000 unknown fields (JSON, 0.6 MB)",
        make: Some(unknown_fields),
        input: "unknown-fields.json",
        args: &[],
        command: VALIDATE,
    },
    Shape {
        id: "wrong-list-items-yaml",
        title: "20,000 wrongly typed list items (YAML, 8 MB)",
        make: Some(wrong_list_items),
        input: "wrong-list-items.yaml",
        args: &[],
        command: VALIDATE,
    },
    Shape {
        id: "skipped-variables-tf",
        title: "40,000 skipped variable blocks (tf-aws, 1.5 MB)",
        make: Some(skipped_variables),
        input: "skipped-variables.tf",
        args: &["--from", "tf-aws"],
        command: VALIDATE,
    },
    Shape {
        id: "hcl-object-keys",
        title: "an object of 1,000,000 keys (tf-aws, 18 MB)",
        make: Some(hcl_keys),
        input: "object-keys.tf",
        args: &[],
        command: VALIDATE,
    },
    Shape {
        id: "int-list-json",
        title: "ContainerEntrypoint of 30,000,000 integers (JSON, 60 MB)",
        make: Some(int_list),
        input: "int-list.json",
        args: &[],
        command: VALIDATE,
    },
    Shape {
        id: "hyperparameters-json",
        title: "1,000,000 hyperparameters (JSON, 14 MB)",
        make: Some(hyperparameters),
        input: "hyperparameters.json",
        args: &[],
        command: VALIDATE,
    },
    Shape {
        id: "metric-definitions-pb",
        title: "4,000,000 empty metric_definitions (flyteidl, 8 MB)",
        make: Some(metric_definitions),
        input: "metric-definitions.pb",
        args: &["--from", "flyteidl"],
        command: VALIDATE,
    },
    Shape {
        id: "endless-json",
        title: "/dev/zero as JSON",
        make: None,
        input: "/dev/zero",
        args: &["--from", "aws"],
        command: VALIDATE,
    },
    Shape {
        id: "endless-yaml",
        title: "/dev/zero as a YAML stream",
        make: None,
        input: "/dev/zero",
        args: &["--from", "aws-yaml"],
        command: VALIDATE,
    },
    Shape {
        id: "endless-hcl",
        title: "/dev/zero as HCL",
        make: None,
        input: "/dev/zero",
        args: &["--from", "tf-aws"],
        command: VALIDATE,
    },
    Shape {
        id: "endless-pb",
        title: "/dev/zero as flyteidl",
        make: None,
        input: "/dev/zero",
        args: &["--from", "flyteidl"],
        command: VALIDATE,
    },
    Shape {
        id: "endless-diff",
        title: "diff /dev/zero",
        make: None,
        input: "/dev/zero",
        args: &["/dev/zero"],
        command: &["diff"],
    },
];

/// One measured hostile command.
pub struct HostileRow {
    /// `<shape>/<message format>`.
    pub id: String,
    /// What the input is.
    pub title: &'static str,
    /// The input's size in bytes (0 for a device).
    pub bytes: u64,
    /// The figures.
    pub sample: Sample,
}

impl HostileRow {
    /// Whether the goal is met.
    pub fn met(&self) -> bool {
        self.sample.max_rss as f64 / 1e6 <= MAX_RSS_MB && self.sample.median() <= MAX_WALL_S
    }
}

/// Generates the inputs and measures every hostile case whose id contains
/// one of `only` (all when empty).
pub fn run(tjspec: &Path, dir: &Path, only: &[String]) -> Result<Vec<HostileRow>> {
    let dir = dir.join("hostile");
    std::fs::create_dir_all(&dir)?;
    let mut rows = Vec::new();
    for shape in SHAPES {
        let hostile_id = format!("hostile-{}", shape.id);
        if !only.is_empty() && !only.iter().any(|o| hostile_id.contains(o.as_str())) {
            continue;
        }
        let input: PathBuf = match shape.make {
            Some(make) => {
                let path = dir.join(shape.input);
                if !path.exists() {
                    make(&path)?;
                }
                path
            }
            None => PathBuf::from(shape.input),
        };
        let bytes = if shape.make.is_some() {
            std::fs::metadata(&input)?.len()
        } else {
            0
        };
        for format in ["human", "json"] {
            // Findings end in exit status 1 and an unreadable input (`diff`) in 2; a
            // crash (a signal) fails.
            let mut args = vec![
                "-c".to_owned(),
                "\"$@\" 2>/dev/null; test $? -le 2".to_owned(),
                "sh".to_owned(),
                tjspec.display().to_string(),
            ];
            args.extend(shape.command.iter().map(|s| (*s).to_owned()));
            args.push(input.display().to_string());
            args.extend(shape.args.iter().map(|s| (*s).to_owned()));
            args.extend(["--message-format".to_owned(), format.to_owned()]);
            let run = Run {
                program: PathBuf::from("sh"),
                args,
                env: Vec::new(),
                stdout: PathBuf::from("/dev/null"),
            };
            let sample = measure(&run, 1)?;
            let row = HostileRow {
                id: format!("{hostile_id}/{format}"),
                title: shape.title,
                bytes,
                sample,
            };
            println!(
                "  {:<38} {:>7.3} s {:>7.1} MB  {:<13} {} ({})",
                row.id,
                row.sample.median(),
                row.sample.max_rss as f64 / 1e6,
                if row.met() { "ok" } else { "goal not met" },
                row.title,
                if row.bytes == 0 {
                    "endless".to_owned()
                } else {
                    format!("{:.1} MB", row.bytes as f64 / 1e6)
                }
            );
            rows.push(row);
        }
    }
    Ok(rows)
}
