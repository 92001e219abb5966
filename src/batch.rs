//! Running many inputs and long streams through the pipeline: inputs are
//! read chunk by chunk ([`crate::stream`]), each batch of chunks is
//! processed in parallel, and results come back in input order.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use tjspec_runtime::{Code, Diagnostic};

use crate::diagnostics::Report;
use crate::inputs::Input;
use crate::pipeline::{process_chunk, Outcome, Settings};
use crate::source::Source;
use crate::stream::{Chunk, Chunks, OpenError};

/// Chunks processed together; large enough to keep every core busy, small
/// enough that memory stays bounded.
pub const BATCH: usize = 256;

/// One processed chunk, with its jobs already printed when converting
/// ([`Settings::print`]: `outcome.rendered`).
pub struct Processed {
    /// What the pipeline found and produced.
    pub outcome: Outcome,
    /// Whether the input holds several documents.
    pub several: bool,
    /// The input (a chunk of it), as diagnostics name it.
    pub source: Arc<Source>,
}

/// An opened input: its name, its path (when a file) and a reader.
type Opened = (String, Option<PathBuf>, Box<dyn BufRead + Send>);

fn open(input: &Input) -> std::io::Result<Opened> {
    match input {
        Input::Unreadable { error, .. } => Err(std::io::Error::other(error.clone())),
        Input::Stdin => Ok((
            "<stdin>".to_owned(),
            None,
            Box::new(std::io::BufReader::new(std::io::stdin())),
        )),
        Input::File(path) | Input::Found(path) => {
            let name = path.to_string_lossy().into_owned();
            let file = std::fs::File::open(path)?;
            // A buffer the size of a small file: a large one would be mapped
            // and unmapped for every file of a batch.
            let capacity = file
                .metadata()
                .map_or(READ_BUFFER, |m| {
                    usize::try_from(m.len()).unwrap_or(READ_BUFFER) + 1
                })
                .clamp(8 * 1024, READ_BUFFER);
            Ok((
                name,
                Some(path.clone()),
                Box::new(std::io::BufReader::with_capacity(capacity, file)),
            ))
        }
    }
}

/// The read buffer of a long input.
const READ_BUFFER: usize = 256 * 1024;

/// Files up to this size are read and processed by one worker each, many
/// files at once; larger files and standard input are streamed, their
/// documents processed in parallel.
pub const SMALL_FILE: u64 = 1 << 20;

/// Small files processed together.
const FILE_WINDOW: usize = 64;

fn is_small(input: &Input) -> bool {
    match input {
        Input::Stdin | Input::Unreadable { .. } => false,
        Input::File(path) | Input::Found(path) => {
            std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() <= SMALL_FILE)
        }
    }
}

/// Runs every input through the pipeline, handing each processed chunk to
/// `each` in input order. Runs of small files are processed in parallel,
/// one file per worker; a long input is streamed ([`run_input`]). A lone
/// small file is processed on the calling thread, without starting a pool.
pub fn run_inputs<E: Send>(
    inputs: &[Input],
    settings: &Settings,
    mut each: impl FnMut(Processed) -> Result<(), E>,
) -> Result<(), E> {
    // Looking up each file's size is a path walk in the kernel: done in
    // parallel too when there are many (a lone file starts no pool).
    let small: Vec<bool> = if inputs.len() > 1 {
        inputs.par_iter().map(is_small).collect()
    } else {
        inputs.iter().map(is_small).collect()
    };
    let mut i = 0;
    while i < inputs.len() {
        let mut j = i;
        while j < inputs.len() && j - i < FILE_WINDOW && small[j] {
            j += 1;
        }
        if j == i {
            run_input(&inputs[i], settings, &mut each)?;
            i += 1;
            continue;
        }
        let results: Vec<Vec<Processed>> = if j - i == 1 {
            vec![collect_input(&inputs[i], settings)]
        } else {
            inputs[i..j]
                .par_iter()
                .map(|input| collect_input(input, settings))
                .collect()
        };
        for p in results.into_iter().flatten() {
            each(p)?;
        }
        i = j;
    }
    Ok(())
}

/// Processes a small input on the current thread and returns its chunks.
fn collect_input(input: &Input, settings: &Settings) -> Vec<Processed> {
    let mut out = Vec::new();
    let collected: Result<(), std::convert::Infallible> =
        stream_input(input, settings, false, |p| {
            out.push(p);
            Ok(())
        });
    match collected {
        Ok(()) => out,
    }
}

/// Streams one input through the pipeline, handing each processed chunk to
/// `each` in order. Everything about the input, including an unrecognised
/// format or a failure to read it, is reported in the outcomes; `Err` comes
/// only from `each` (writing the output).
pub fn run_input<E: Send>(
    input: &Input,
    settings: &Settings,
    each: impl FnMut(Processed) -> Result<(), E>,
) -> Result<(), E> {
    stream_input(input, settings, true, each)
}

fn stream_input<E: Send>(
    input: &Input,
    settings: &Settings,
    parallel: bool,
    mut each: impl FnMut(Processed) -> Result<(), E>,
) -> Result<(), E> {
    // An input that yields nothing at all (an empty file, only comments, a
    // lone `---`, `[]`) is said so, not passed over in silence.
    let mut heard = false;
    stream_chunks(input, settings, parallel, &mut |p: Processed| {
        heard |= p.outcome.documents > 0 || !p.outcome.reports.is_empty();
        each(p)
    })?;
    if heard {
        return Ok(());
    }
    let name = input_name(input);
    each(unrecognized(
        input,
        settings,
        name,
        Code::Empty,
        "the input holds no document",
    ))
}

/// How an input is named in diagnostics.
fn input_name(input: &Input) -> String {
    input.path().map_or_else(
        || "<stdin>".to_owned(),
        |p| p.to_string_lossy().into_owned(),
    )
}

/// An input that could not be read (a file removed after it was listed, a
/// device that fails): reported like a failed document, with its path, so
/// the other inputs still go through.
fn unreadable(name: String, error: &std::io::Error) -> Processed {
    Processed {
        outcome: Outcome::whole_input(Report::new(
            Arc::new(Source::new(name.clone(), String::new())),
            None,
            Diagnostic::error(Code::Io, format!("cannot be read: {error}")),
        )),
        several: false,
        source: Arc::new(Source::new(name, String::new())),
    }
}

/// An input that holds no training job (an unknown format, no document at
/// all): an error, or a notice when it was found by searching a directory
/// or `--skip-unrecognized` is given (not every JSON or YAML file in a
/// repository is a training job).
fn unrecognized(
    input: &Input,
    settings: &Settings,
    name: String,
    code: Code,
    message: impl std::fmt::Display,
) -> Processed {
    let skip = settings.skip_unrecognized || matches!(input, Input::Found(_));
    let source = Arc::new(Source::new(name, String::new()));
    let diag = if skip {
        Diagnostic::note(Code::Skipped, format!("skipped: {message}"))
    } else {
        Diagnostic::error(code, message.to_string())
    };
    Processed {
        // A notice counts no document; an error one failed document.
        outcome: Outcome::whole_input(Report::new(source.clone(), None, diag)),
        several: false,
        source,
    }
}

fn stream_chunks<E: Send>(
    input: &Input,
    settings: &Settings,
    parallel: bool,
    each: &mut dyn FnMut(Processed) -> Result<(), E>,
) -> Result<(), E> {
    let (name, path, reader) = match open(input) {
        Ok(opened) => opened,
        Err(e) => return each(unreadable(input_name(input), &e)),
    };
    let mut chunks = match Chunks::open(&name, path.as_deref(), reader, settings.from) {
        Ok(c) => c,
        Err(OpenError::Read { source, .. }) => return each(unreadable(name, &source)),
        Err(e @ OpenError::Empty) => {
            return each(unrecognized(input, settings, name, Code::Empty, e))
        }
        Err(OpenError::Format(e)) => {
            return each(unrecognized(input, settings, name, Code::Format, e))
        }
    };
    if !parallel {
        let mut several = None;
        loop {
            let batch = match chunks.next_batch(BATCH) {
                Ok(batch) => batch,
                Err(e) => return each(unreadable(name, &e)),
            };
            if batch.is_empty() {
                return Ok(());
            }
            let several = *several.get_or_insert(batch.len() > 1 || !chunks.is_done());
            for chunk in &batch {
                each(process(chunk, settings, several))?;
            }
        }
    }
    // A reader thread cuts the next batch while the pool processes this
    // one; the channel holds one batch, so at most three are in memory.
    std::thread::scope(|scope| {
        let (tx, rx) = std::sync::mpsc::sync_channel::<std::io::Result<(Vec<Chunk>, bool)>>(1);
        scope.spawn(move || loop {
            let batch = chunks.next_batch(BATCH).map(|b| (b, chunks.is_done()));
            let end = matches!(&batch, Ok((b, _)) if b.is_empty()) || batch.is_err();
            // A closed channel means the consumer stopped: stop reading.
            if tx.send(batch).is_err() || end {
                return;
            }
        });
        let mut several = None;
        for received in rx {
            let (batch, done) = match received {
                Ok(received) => received,
                // What was read before still counts; the rest cannot be.
                Err(e) => return each(unreadable(name.clone(), &e)),
            };
            if batch.is_empty() {
                break;
            }
            let several = *several.get_or_insert(batch.len() > 1 || !done);
            let results: Vec<Processed> = batch
                .par_iter()
                .map(|chunk| process(chunk, settings, several))
                .collect();
            for r in results {
                each(r)?;
            }
        }
        Ok(())
    })
}

fn process(chunk: &Chunk, settings: &Settings, several: bool) -> Processed {
    Processed {
        outcome: process_chunk(chunk, settings, several),
        several,
        source: chunk.source.clone(),
    }
}
