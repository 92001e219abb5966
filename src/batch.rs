//! Running many inputs and long streams through the pipeline: inputs are
//! read chunk by chunk ([`crate::stream`]), each batch of chunks is
//! processed in parallel, and results come back in input order.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tjspec_runtime::Diagnostic;

use crate::diagnostics::Report;
use crate::format::FormatId;
use crate::inputs::Input;
use crate::pipeline::{process_chunk, Outcome, Settings};
use crate::source::Source;
use crate::stream::Chunks;

/// Chunks processed together; large enough to keep every core busy, small
/// enough that memory stays bounded.
pub const BATCH: usize = 256;

/// One processed chunk, with its jobs already rendered when converting.
pub struct Processed {
    /// What the pipeline found and produced.
    pub outcome: Outcome,
    /// The rendered output of each job in `outcome.jobs`, when converting.
    pub rendered: Vec<String>,
    /// Whether the input holds several documents.
    pub several: bool,
}

/// How jobs are rendered while converting.
#[derive(Clone, Copy, Debug)]
pub struct Render {
    /// The output format.
    pub to: FormatId,
    /// Render each job on its own (one output file per job).
    pub alone: bool,
    /// More than one input: the output holds several jobs whatever each input holds.
    pub many_inputs: bool,
}

/// An opened input: its name, its path (when a file) and a reader.
type Opened = (String, Option<PathBuf>, Box<dyn BufRead + Send>);

fn open(input: &Input) -> Result<Opened, String> {
    match input {
        Input::Stdin => Ok((
            "<stdin>".to_owned(),
            None,
            Box::new(std::io::BufReader::new(std::io::stdin())),
        )),
        Input::File(path) => {
            let name = path.to_string_lossy().into_owned();
            let file = std::fs::File::open(path).map_err(|e| format!("reading {name}: {e}"))?;
            Ok((
                name,
                Some(path.clone()),
                Box::new(std::io::BufReader::with_capacity(256 * 1024, file)),
            ))
        }
    }
}

/// Streams one input through the pipeline, handing each processed chunk to
/// `each` in order. I/O failures are `Err`; everything about the content
/// (including an unrecognised format) is reported in the outcomes.
pub fn run_input(
    input: &Input,
    settings: &Settings,
    render: Option<Render>,
    mut each: impl FnMut(Processed) -> Result<(), String>,
) -> Result<(), String> {
    let (name, path, reader) = open(input)?;
    let mut chunks = match Chunks::open(&name, path.as_deref(), reader, settings.from) {
        Ok(c) => c,
        Err(message) if message.starts_with("reading ") => return Err(message),
        Err(message) => {
            let source = Arc::new(Source::new(name, String::new()));
            let outcome = Outcome {
                reports: vec![Report {
                    source,
                    document: None,
                    diag: Diagnostic::error("format", message),
                }],
                jobs: Vec::new(),
                documents: 1,
                failed: 1,
            };
            return each(Processed {
                outcome,
                rendered: Vec::new(),
                several: false,
            });
        }
    };
    let settings = Settings {
        from: Some(chunks.format),
        ..settings.clone()
    };
    let mut several = None;
    loop {
        let batch = chunks
            .next_batch(BATCH)
            .map_err(|e| format!("reading {name}: {e}"))?;
        if batch.is_empty() {
            break;
        }
        let several = *several.get_or_insert(batch.len() > 1 || !chunks.is_done());
        let results: Vec<Processed> = batch
            .par_iter()
            .map(|chunk| {
                let outcome = process_chunk(chunk, path.as_deref(), &settings, several);
                let rendered = match render {
                    Some(r) => {
                        let format = r.to.format();
                        let many = !r.alone && (r.many_inputs || several || outcome.documents > 1);
                        outcome
                            .jobs
                            .iter()
                            .map(|doc| {
                                let out = format.write(doc, &settings.write, &mut Vec::new());
                                let mut buf = String::new();
                                format.render(&out, many, true, &mut buf);
                                buf
                            })
                            .collect()
                    }
                    None => Vec::new(),
                };
                Processed {
                    outcome,
                    rendered,
                    several,
                }
            })
            .collect();
        for r in results {
            each(r)?;
        }
    }
    Ok(())
}

/// Where converted jobs go.
pub enum Sink {
    /// Standard output, written as jobs arrive.
    Stdout {
        /// Jobs written so far.
        count: usize,
    },
    /// One file, written to a temporary file as jobs arrive and renamed
    /// over the target at the end (only when at least one job converted).
    File {
        /// The target.
        path: PathBuf,
        /// The temporary file.
        tmp: Option<tempfile::NamedTempFile>,
        /// Jobs written so far.
        count: usize,
    },
    /// One file per job in a directory.
    Dir {
        /// The directory.
        dir: PathBuf,
        /// File names used so far.
        used: std::collections::HashSet<String>,
        /// Files written (or, when checking, compared).
        count: usize,
    },
}

/// A stale output found by `--check`.
pub type Stale = PathBuf;

impl Sink {
    /// Accepts one rendered job; `separator` goes between jobs of one file.
    /// With `check`, nothing is written and stale targets are returned.
    pub fn push(
        &mut self,
        doc: &crate::format::Doc,
        text: &str,
        separator: &str,
        ext: &str,
        check: bool,
        stale: &mut Vec<Stale>,
    ) -> Result<(), String> {
        use std::io::Write as _;
        match self {
            Sink::Stdout { count } => {
                let mut out = std::io::stdout().lock();
                let sep = if *count > 0 { separator } else { "" };
                let r = out
                    .write_all(sep.as_bytes())
                    .and_then(|()| out.write_all(text.as_bytes()));
                match r {
                    Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
                    other => other.map_err(|e| format!("writing standard output: {e}"))?,
                }
                *count += 1;
            }
            Sink::File { path, tmp, count } => {
                if tmp.is_none() {
                    let dir = match path.parent() {
                        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
                        _ => PathBuf::from("."),
                    };
                    *tmp = Some(
                        tempfile::Builder::new()
                            .prefix(".tjspec-")
                            .suffix(".tmp")
                            .tempfile_in(&dir)
                            .map_err(|e| format!("writing {}: {e}", path.display()))?,
                    );
                    let file = tmp.as_ref().expect("created above").as_file();
                    crate::output::keep_permissions(file, path)
                        .map_err(|e| format!("writing {}: {e}", path.display()))?;
                }
                let file = tmp.as_mut().expect("created above");
                let sep = if *count > 0 { separator } else { "" };
                file.write_all(sep.as_bytes())
                    .and_then(|()| file.write_all(text.as_bytes()))
                    .map_err(|e| format!("writing {}: {e}", path.display()))?;
                *count += 1;
            }
            Sink::Dir { dir, used, count } => {
                let base = crate::output::file_stem(doc, *count);
                let mut name = format!("{base}.{ext}");
                let mut n = 2;
                while !used.insert(name.clone()) {
                    name = format!("{base}-{n}.{ext}");
                    n += 1;
                }
                let target = dir.join(name);
                *count += 1;
                if check {
                    if std::fs::read(&target).ok().as_deref() != Some(text.as_bytes()) {
                        stale.push(target);
                    }
                } else {
                    std::fs::create_dir_all(&*dir)
                        .map_err(|e| format!("creating {}: {e}", dir.display()))?;
                    crate::output::write_atomic(&target, text.as_bytes())
                        .map_err(|e| format!("writing {}: {e}", target.display()))?;
                }
            }
        }
        Ok(())
    }

    /// Completes the output: renames the temporary file over the target,
    /// or with `check` compares it. Returns how many jobs went out.
    pub fn finish(self, check: bool, stale: &mut Vec<Stale>) -> Result<usize, String> {
        match self {
            Sink::Stdout { count } | Sink::Dir { count, .. } => Ok(count),
            Sink::File { path, tmp, .. } => {
                let Some(mut tmp) = tmp else { return Ok(0) };
                if check {
                    let written = std::fs::read(tmp.path())
                        .map_err(|e| format!("reading back {}: {e}", path.display()))?;
                    if std::fs::read(&path).ok() != Some(written) {
                        stale.push(path);
                    }
                    return Ok(1);
                }
                use std::io::Write as _;
                tmp.flush()
                    .and_then(|()| tmp.as_file().sync_all())
                    .map_err(|e| format!("writing {}: {e}", path.display()))?;
                tmp.persist(&path)
                    .map_err(|e| format!("writing {}: {}", path.display(), e.error))?;
                Ok(1)
            }
        }
    }
}
