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

/// An input as a worker first sees it: a small file is read whole there;
/// standard input and a large file are streamed.
enum Handle {
    Stdin,
    /// A file, open, with its size from the open descriptor (one call,
    /// where a lookup by path first would walk the path again).
    File {
        path: PathBuf,
        file: std::fs::File,
        len: u64,
    },
    /// It could not be opened or is not a file to read.
    Unreadable(std::io::Error),
}

fn handle(input: &Input) -> Handle {
    match input {
        Input::Unreadable { error, .. } => Handle::Unreadable(std::io::Error::other(error.clone())),
        Input::Stdin => Handle::Stdin,
        Input::File(path) | Input::Found(path) => {
            let opened = std::fs::File::open(path).map(|file| {
                // A FIFO or a device has no length to go by: streamed.
                let len =
                    file.metadata()
                        .map_or(u64::MAX, |m| if m.is_file() { m.len() } else { u64::MAX });
                (file, len)
            });
            match opened {
                Ok((file, len)) => Handle::File {
                    path: path.clone(),
                    file,
                    len,
                },
                Err(e) => Handle::Unreadable(e),
            }
        }
    }
}

impl Handle {
    fn is_small(&self) -> bool {
        matches!(self, Handle::File { len, .. } if *len <= SMALL_FILE)
    }

    fn into_opened(self) -> std::io::Result<Opened> {
        match self {
            Handle::Unreadable(e) => Err(e),
            Handle::Stdin => Ok((
                "<stdin>".to_owned(),
                None,
                Box::new(std::io::BufReader::new(std::io::stdin())),
            )),
            Handle::File { path, file, len } => {
                let name = path.to_string_lossy().into_owned();
                // A buffer the size of a small file (one read takes it
                // whole): a large one would be mapped and unmapped for
                // every file of a window.
                let capacity = usize::try_from(len)
                    .map_or(READ_BUFFER, |n| n.saturating_add(1))
                    .clamp(8 * 1024, READ_BUFFER);
                Ok((
                    name,
                    Some(path),
                    Box::new(std::io::BufReader::with_capacity(capacity, file)),
                ))
            }
        }
    }
}

/// The read buffer of a long input.
const READ_BUFFER: usize = 256 * 1024;

/// Files up to this size are read and processed by one worker each, many
/// files at once; larger files and standard input are streamed, their
/// documents processed in parallel.
pub const SMALL_FILE: u64 = 1 << 20;

/// Files opened and processed together.
const FILE_WINDOW: usize = 64;

/// What a worker did with one input of a window.
enum Step {
    /// A small file (or one that could not be read), processed.
    Done(Vec<Processed>),
    /// An input to stream, in its turn, on every core.
    Stream(Handle),
}

/// Runs every input through the pipeline, handing each processed chunk to
/// `each` in input order. Inputs are taken a window at a time: each worker
/// opens one, and processes it when it is a small file; standard input and
/// large files are streamed in their turn ([`run_input`]). A lone input is
/// handled on the calling thread, without starting a pool.
pub fn run_inputs<E: Send>(
    inputs: &[Input],
    settings: &Settings,
    mut each: impl FnMut(Processed) -> Result<(), E>,
) -> Result<(), E> {
    let first = |input: &Input| {
        let handle = handle(input);
        if handle.is_small() || matches!(handle, Handle::Unreadable(_)) {
            Step::Done(collect_opened(input, handle, settings))
        } else {
            Step::Stream(handle)
        }
    };
    for window in inputs.chunks(FILE_WINDOW) {
        let steps: Vec<Step> = if window.len() == 1 {
            window.iter().map(first).collect()
        } else {
            window.par_iter().map(first).collect()
        };
        for (input, step) in window.iter().zip(steps) {
            match step {
                Step::Done(processed) => {
                    for p in processed {
                        each(p)?;
                    }
                }
                Step::Stream(handle) => stream_opened(input, handle, settings, true, &mut each)?,
            }
        }
    }
    Ok(())
}

/// Processes an opened input on the current thread and returns its chunks.
fn collect_opened(input: &Input, handle: Handle, settings: &Settings) -> Vec<Processed> {
    let mut out = Vec::new();
    let collected: Result<(), std::convert::Infallible> =
        stream_opened(input, handle, settings, false, |p| {
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
    stream_opened(input, handle(input), settings, true, each)
}

fn stream_opened<E: Send>(
    input: &Input,
    handle: Handle,
    settings: &Settings,
    parallel: bool,
    mut each: impl FnMut(Processed) -> Result<(), E>,
) -> Result<(), E> {
    // An input that yields nothing at all (an empty file, only comments, a
    // lone `---`, `[]`) is said so, not passed over in silence.
    let mut heard = false;
    stream_chunks(input, handle, settings, parallel, &mut |p: Processed| {
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
    handle: Handle,
    settings: &Settings,
    parallel: bool,
    each: &mut dyn FnMut(Processed) -> Result<(), E>,
) -> Result<(), E> {
    let len = match &handle {
        Handle::File { len, .. } if *len != u64::MAX => Some(*len),
        _ => None,
    };
    let (name, path, reader) = match handle.into_opened() {
        Ok(opened) => opened,
        Err(e) => return each(unreadable(input_name(input), &e)),
    };
    let mut chunks = match Chunks::open(&name, path.as_deref(), reader, settings.from) {
        Ok(c) => match len {
            Some(len) => c.with_len_hint(len),
            None => c,
        },
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
