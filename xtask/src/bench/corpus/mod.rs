//! The corpus: the seeded AWS JSON Lines jobs ([`jobs`]) and every other
//! form of them a case reads, made by `tjspec convert` itself, so each
//! format's corpus holds exactly the same jobs.
//!
//! Inputs are made on first use and kept for the rest of the run (in
//! `<target>/bench/corpus/`); the large input is deleted at the end.

pub mod jobs;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context, Result};

use super::cases::Input;

/// A prepared input: its files, documents and bytes.
#[derive(Clone, Debug)]
pub struct Prepared {
    pub files: Vec<PathBuf>,
    pub docs: usize,
    pub bytes: u64,
    /// Delete the files when done (the large input).
    pub temporary: bool,
}

/// The corpus of one run and the inputs made from it so far.
pub struct Corpus {
    tjspec: PathBuf,
    /// The bench directory (`<target>/bench`).
    dir: PathBuf,
    large_mb: u64,
    /// The seed the jobs were made from (the tuning jobs use it too).
    seed: u64,
    inputs: HashMap<String, Prepared>,
}

impl Corpus {
    /// Generates `jobs` jobs from `seed` as AWS JSON Lines in `dir/corpus/`
    /// (replacing what a previous run left there).
    pub fn generate(
        tjspec: &Path,
        dir: &Path,
        jobs: usize,
        seed: u64,
        large_mb: u64,
    ) -> Result<Self> {
        let corpus = dir.join("corpus");
        let _ = std::fs::remove_dir_all(&corpus);
        std::fs::create_dir_all(&corpus)?;
        let text = jobs::json_lines(seed, jobs);
        let path = corpus.join("jobs.jsonl");
        std::fs::write(&path, &text)?;
        println!(
            "bench: corpus of {jobs} jobs (seed {seed}): {:.1} MB of AWS JSON Lines",
            text.len() as f64 / 1e6
        );
        let mut inputs = HashMap::new();
        inputs.insert(
            key(Input::JsonLines),
            Prepared {
                files: vec![path],
                docs: jobs,
                bytes: text.len() as u64,
                temporary: false,
            },
        );
        Ok(Self {
            tjspec: tjspec.to_owned(),
            dir: dir.to_owned(),
            large_mb,
            seed,
            inputs,
        })
    }

    fn corpus_dir(&self) -> PathBuf {
        self.dir.join("corpus")
    }

    /// The files of `input`, made now if this run has not made them yet.
    pub fn prepare(&mut self, input: Input) -> Result<Prepared> {
        let key = key(input);
        if let Some(p) = self.inputs.get(&key) {
            return Ok(p.clone());
        }
        let jsonl = self.inputs[&self::key(Input::JsonLines)].clone();
        let dir = self.corpus_dir();
        let prepared = match input {
            Input::JsonLines => jsonl,
            Input::Stream(format) => {
                let ext = extension(format);
                let path = dir.join(format!("stream.{format}.{ext}"));
                self.convert(
                    &jsonl.files[0],
                    &["--to", format, "-o", path.to_str().context("path")?],
                )?;
                let bytes = std::fs::metadata(&path)?.len();
                println!(
                    "bench: {format} stream: {} documents, {:.1} MB",
                    jsonl.docs,
                    bytes as f64 / 1e6
                );
                Prepared {
                    files: vec![path],
                    docs: jsonl.docs,
                    bytes,
                    temporary: false,
                }
            }
            Input::Files(format, n) => {
                let n = n.min(jsonl.docs);
                // A format that cannot hold every job gets more to pick from.
                let taken = if !refuses(format).is_empty() {
                    (n * 2).min(jsonl.docs)
                } else {
                    n
                };
                let src = dir.join(format!("first-{taken}.jsonl"));
                let text = std::fs::read_to_string(&jsonl.files[0])?;
                let mut first: String = text.lines().take(taken).collect::<Vec<_>>().join("\n");
                first.push('\n');
                std::fs::write(&src, first)?;
                let out = dir.join(format!("files-{format}-{n}"));
                let mut args = vec!["--to", format, "--out-dir", out.to_str().context("path")?];
                args.extend(needs(format));
                self.convert_some(&src, &args, refuses(format))?;
                let mut files = job_files(&out)?;
                if files.len() < n {
                    bail!("expected {n} {format} files, found {}", files.len());
                }
                files.truncate(n);
                let mut bytes = 0;
                for f in &files {
                    bytes += std::fs::metadata(f)?.len();
                }
                Prepared {
                    files,
                    docs: n,
                    bytes,
                    temporary: false,
                }
            }
            Input::Large(format) => self.large(format)?,
            Input::TuningJsonLines => {
                let path = dir.join("tuning-jobs.jsonl");
                let text = jobs::tuning_json_lines(self.seed, jsonl.docs);
                std::fs::write(&path, &text)?;
                println!(
                    "bench: {} tuning jobs over the corpus's jobs: {:.1} MB of AWS JSON Lines",
                    jsonl.docs,
                    text.len() as f64 / 1e6
                );
                Prepared {
                    files: vec![path],
                    docs: jsonl.docs,
                    bytes: text.len() as u64,
                    temporary: false,
                }
            }
        };
        self.inputs.insert(key, prepared.clone());
        Ok(prepared)
    }

    /// The stream of `format` repeated to `--large-mb` megabytes.
    fn large(&mut self, format: &'static str) -> Result<Prepared> {
        use std::io::Write as _;
        let stream = self.prepare(Input::Stream(format))?;
        let text = std::fs::read(&stream.files[0])?;
        let separator = separator(format);
        let target = self.large_mb * 1024 * 1024;
        let path = self
            .dir
            .join(format!("large.{format}.{}", extension(format)));
        let mut file = std::io::BufWriter::new(std::fs::File::create(&path)?);
        let (mut bytes, mut docs) = (0u64, 0usize);
        while bytes < target {
            if bytes > 0 {
                file.write_all(separator.as_bytes())?;
                bytes += separator.len() as u64;
            }
            file.write_all(&text)?;
            bytes += text.len() as u64;
            docs += stream.docs;
        }
        file.flush()?;
        println!(
            "bench: large {format} input: {docs} documents, {:.0} MB (temporary)",
            bytes as f64 / 1e6
        );
        Ok(Prepared {
            files: vec![path],
            docs,
            bytes,
            temporary: true,
        })
    }

    /// Deletes the temporary inputs (the large one).
    pub fn remove_temporary(&self) {
        for prepared in self.inputs.values().filter(|p| p.temporary) {
            for f in &prepared.files {
                let _ = std::fs::remove_file(f);
            }
        }
    }

    /// Converts the corpus with `tjspec convert`, failing on any diagnostic
    /// but a loss: a format that cannot carry every member (status members
    /// in ACK, most of a job in flyteidl) gets what it can hold.
    fn convert(&self, source: &Path, args: &[&str]) -> Result<()> {
        self.convert_some(source, args, &[])
    }

    /// [`Corpus::convert`], letting jobs fail with the error codes
    /// `refused` (they are then not written).
    fn convert_some(&self, source: &Path, args: &[&str], refused: &[&str]) -> Result<()> {
        let out = Command::new(&self.tjspec)
            .arg("convert")
            .arg(source)
            .args(args)
            .args(["--message-format", "json"])
            .output()?;
        let allowed = |l: &str| {
            l.contains(r#""severity":"warning","code":"loss""#)
                || refused
                    .iter()
                    .any(|c| l.contains(&format!(r#""severity":"error","code":"{c}""#)))
                // The summary line of a run with refused jobs.
                || (!refused.is_empty() && !l.starts_with('{'))
        };
        let unexpected = String::from_utf8_lossy(&out.stderr)
            .lines()
            .any(|l| !allowed(l));
        let status_ok =
            out.status.success() || (!refused.is_empty() && out.status.code() == Some(1));
        if !status_ok || unexpected {
            bail!(
                "tjspec convert {} {} did not convert the corpus cleanly:\n{}",
                source.display(),
                args.join(" "),
                String::from_utf8_lossy(&out.stderr)
                    .lines()
                    .take(40)
                    .collect::<Vec<_>>()
                    .join("\n")
            );
        }
        Ok(())
    }
}

/// The files `tjspec convert --out-dir` wrote into `dir`, one per job, in
/// name order: not its manifest of outputs (`.tjspec-outputs`), which no
/// case reads.
fn job_files(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path.file_name() != Some(std::ffi::OsStr::new(MANIFEST)) {
            files.push(path);
        }
    }
    files.sort();
    Ok(files)
}

/// The manifest `tjspec convert --out-dir` keeps beside the files it writes.
const MANIFEST: &str = ".tjspec-outputs";

fn key(input: Input) -> String {
    format!("{input:?}")
}

/// What converting the corpus to `format` needs beyond the jobs: the
/// SageMaker operator requires the region to create each job in, which
/// only the corpus's Describe-like jobs carry (in their ARN).
fn needs(format: &str) -> &'static [&'static str] {
    match format {
        "sm-operator" => &["--region", "us-east-1"],
        _ => &[],
    }
}

/// Errors (by code) for which converting the corpus to `format` may refuse
/// a job: the SageMaker operator's CRD predates values the API has since
/// added (`FastFile` input mode), so some generated jobs do not fit it.
fn refuses(format: &str) -> &'static [&'static str] {
    match format {
        "sm-operator" => &["enum", "required"],
        _ => &[],
    }
}

/// The file extension of a format's outputs.
fn extension(format: &str) -> &'static str {
    match format {
        "aws" => "jsonl",
        "tf-k8s" | "tf-aws" | "hcl" => "tf",
        "flyteidl" => "pb",
        _ => "yaml",
    }
}

/// What goes between two documents of a stream of `format`.
fn separator(format: &str) -> &'static str {
    match format {
        "aws" => "",
        _ => "---\n",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn job_files_leave_out_the_manifest() {
        let dir =
            std::env::temp_dir().join(format!("tjspec-bench-job-files-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in ["b.yaml", "a.yaml", MANIFEST] {
            std::fs::write(dir.join(name), "").unwrap();
        }
        let files = job_files(&dir).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(files, vec![dir.join("a.yaml"), dir.join("b.yaml")]);
    }
}
