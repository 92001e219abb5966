//! Where converted jobs go: standard output, one file (`-o`), or one file
//! per job in a directory (`--out-dir`); with `--check`, nothing is written
//! and what would change is collected instead.

use std::collections::HashSet;
use std::io::{self, BufReader, Read as _, Write as _};
use std::path::{Path, PathBuf};

use super::changes::{self, DIFF_LIMIT};
use super::dir::{self, DirHandle, Existing, Temp};
use super::mark::{self, Manifest, RunInputs, StaleFile};
use super::names::{collision_key, file_stem};
use super::stdio::{self, StreamError};
use super::target::{classify, Target};
use crate::format::{Doc, FormatId, Join};
use tjspec_runtime::Diagnostic;

/// How a sink writes.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// The output format.
    pub to: FormatId,
    /// Write nothing; collect what would change.
    pub check: bool,
    /// With `check`, print a unified diff of each change to standard output.
    pub diff: bool,
    /// In a directory, remove the files tjspec wrote that no job produces.
    pub prune: bool,
}

/// Why output stopped.
#[derive(Debug)]
pub enum SinkError {
    /// The reader of a pipe went away (`tjspec ... | head -1`): the run
    /// stops at once, quietly.
    BrokenPipe,
    /// Output cannot be written: the run stops (exit status 2).
    Failed(String),
}

impl std::fmt::Display for SinkError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            SinkError::BrokenPipe => f.write_str("broken pipe"),
            SinkError::Failed(m) => f.write_str(m),
        }
    }
}

impl std::error::Error for SinkError {}

/// What a finished sink did.
#[derive(Debug, Default)]
pub struct Finished {
    /// Jobs written (or compared).
    pub jobs: usize,
    /// Files written (or compared).
    pub files: usize,
    /// With `check`: files whose content would change (or be created).
    pub changed: Vec<PathBuf>,
    /// Files tjspec wrote that no job produced this run: removed under
    /// `prune` (when not checking), else only reported.
    pub stale: Vec<PathBuf>,
    /// Files that could not be written or removed (each failed alone).
    pub errors: Vec<String>,
    /// What joining the last jobs into one document changed (as
    /// [`Sink::take_joined`]): warnings about the input of the job last pushed.
    pub joined: Vec<Diagnostic>,
}

/// Where converted jobs go.
pub struct Sink {
    kind: Kind,
    options: Options,
    changed: Vec<PathBuf>,
    errors: Vec<String>,
    run: RunInputs,
    /// Joins the jobs of a single output into one document, for formats
    /// that hold several jobs that way (not for a directory: one job per file).
    join: Option<Box<dyn Join>>,
    /// What joining changed, since last asked.
    joined: Vec<Diagnostic>,
}

enum Kind {
    /// Standard output or error, written as jobs arrive (in blocks of
    /// [`Sink::BLOCK`] bytes rather than one system call per job).
    Std {
        stderr: bool,
        count: usize,
        pending: Vec<u8>,
    },
    /// A pipe or device, opened at the first job and written directly.
    Stream {
        path: PathBuf,
        file: Option<std::fs::File>,
        count: usize,
        pending: Vec<u8>,
    },
    /// One regular file: written to a temporary file beside it as jobs
    /// arrive and renamed over it at the end (only when a job converted).
    File {
        path: PathBuf,
        temp: Option<Temp>,
        compare: Option<Compare>,
        count: usize,
        pending: Vec<u8>,
    },
    /// One file per job in a directory.
    Dir {
        path: PathBuf,
        /// The directory, once opened (`None` inside: it does not exist).
        handle: Option<Option<DirHandle>>,
        /// Collision keys of the file names used so far.
        used: HashSet<String>,
        /// Files written this run, with their inputs.
        written: Vec<(String, String)>,
        count: usize,
    },
}

impl Sink {
    /// Output is written once this many bytes are pending.
    pub const BLOCK: usize = 64 * 1024;

    fn new(kind: Kind, options: Options) -> Self {
        let join = match kind {
            Kind::Dir { .. } => None,
            _ => options.to.format().joiner(),
        };
        Sink {
            kind,
            options,
            changed: Vec::new(),
            errors: Vec::new(),
            run: RunInputs::default(),
            join,
            joined: Vec::new(),
        }
    }

    /// Standard output.
    pub fn stdout(options: Options) -> Self {
        Self::new(
            Kind::Std {
                stderr: false,
                count: 0,
                pending: Vec::new(),
            },
            options,
        )
    }

    /// The output `-o PATH` names ([`classify`]). With `check`, only a
    /// regular file can be compared.
    pub fn output(path: &Path, options: Options) -> Result<Self, SinkError> {
        let target = classify(path);
        if options.check && !matches!(target, Target::File(_)) {
            return Err(SinkError::Failed(format!(
                "--check compares outputs with existing files: {} is not a regular file",
                path.display()
            )));
        }
        let kind = match target {
            Target::Stdout | Target::Stderr => Kind::Std {
                stderr: target == Target::Stderr,
                count: 0,
                pending: Vec::new(),
            },
            Target::Stream(path) => Kind::Stream {
                path,
                file: None,
                count: 0,
                pending: Vec::new(),
            },
            Target::File(path) => Kind::File {
                path,
                temp: None,
                compare: None,
                count: 0,
                pending: Vec::new(),
            },
        };
        Ok(Self::new(kind, options))
    }

    /// One file per job in `dir`.
    pub fn dir(path: PathBuf, options: Options) -> Self {
        Self::new(
            Kind::Dir {
                path,
                handle: None,
                used: HashSet::new(),
                written: Vec::new(),
                count: 0,
            },
            options,
        )
    }

    /// Whether output goes to this process's standard output.
    pub fn is_stdout(&self) -> bool {
        matches!(self.kind, Kind::Std { stderr: false, .. })
    }

    /// The inputs of the run (as diagnostics name them): an old output of
    /// one of them that no job produces is stale.
    pub fn set_inputs(&mut self, names: impl IntoIterator<Item = String>) {
        self.run.names.extend(names);
    }

    /// An input with a failed document: its old outputs are not stale.
    pub fn input_failed(&mut self, name: &str) {
        self.run.incomplete.insert(name.to_owned());
    }

    /// Failures to write single files of a directory, since last asked:
    /// each fails only its job (exit status 2 at the end).
    pub fn take_errors(&mut self) -> Vec<String> {
        std::mem::take(&mut self.errors)
    }

    /// What joining the jobs into one document changed since last asked
    /// (a state renamed because an earlier job took its name): warnings
    /// about the input of the job last pushed.
    pub fn take_joined(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.joined)
    }

    /// Accepts one rendered job converted from `input`.
    pub fn push(&mut self, doc: &Doc, input: &str, text: &[u8]) -> Result<(), SinkError> {
        let joined;
        let failed = |e: crate::format::JoinError| SinkError::Failed(e.to_string());
        let (text, separator) = match &mut self.join {
            Some(join) => {
                let mut part = Vec::new();
                let found = join.push(doc, text, &mut part).map_err(failed)?;
                self.joined.extend(found);
                joined = part;
                // The joiner writes what goes between jobs itself.
                (&joined[..], &b""[..])
            }
            None => match self.options.to.format().joiner() {
                // A file per job: the job joined alone, so that what it
                // refers to is what its file holds.
                Some(mut alone) if matches!(self.kind, Kind::Dir { .. }) => {
                    let mut part = Vec::new();
                    let found = alone.push(doc, text, &mut part).map_err(failed)?;
                    self.joined.extend(found);
                    self.joined.extend(alone.finish(&mut part));
                    joined = part;
                    (&joined[..], &b""[..])
                }
                _ => (text, self.options.to.format().separator().as_bytes()),
            },
        };
        self.write(doc, input, text, separator)
    }

    /// Writes bytes of the output: one job's, or (joining) what of the
    /// document can be written so far.
    fn write(
        &mut self,
        doc: &Doc,
        input: &str,
        text: &[u8],
        separator: &[u8],
    ) -> Result<(), SinkError> {
        let format = self.options.to.format();
        let Options { check, diff, .. } = self.options;
        match &mut self.kind {
            Kind::Std {
                stderr,
                count,
                pending,
            } => {
                append(pending, count, separator, text);
                if pending.len() >= Self::BLOCK {
                    write_std(*stderr, pending)?;
                }
            }
            Kind::Stream {
                path,
                file,
                count,
                pending,
            } => {
                append(pending, count, separator, text);
                if pending.len() >= Self::BLOCK {
                    write_stream(path, file, pending)?;
                }
            }
            Kind::File {
                path,
                temp,
                compare,
                count,
                pending,
            } => {
                let failed =
                    |e: io::Error| SinkError::Failed(format!("writing {}: {e}", path.display()));
                if check {
                    let compare = match compare {
                        Some(c) => c,
                        None => compare.insert(Compare::open(path, diff).map_err(failed)?),
                    };
                    if *count > 0 {
                        compare.feed(separator).map_err(failed)?;
                    }
                    compare.feed(text).map_err(failed)?;
                    *count += 1;
                    return Ok(());
                }
                if temp.is_none() {
                    let (dir, name) = dir::split(path).map_err(failed)?;
                    let handle = DirHandle::open(&dir, false).map_err(failed)?;
                    *temp = Some(
                        handle
                            .temp(handle.existing(&name).map_err(failed)?)
                            .map_err(failed)?,
                    );
                }
                append(pending, count, separator, text);
                if pending.len() >= Self::BLOCK {
                    let t = temp.as_mut().expect("created above");
                    t.file().write_all(pending).map_err(failed)?;
                    pending.clear();
                }
            }
            Kind::Dir {
                path,
                handle,
                used,
                written,
                count,
            } => {
                let stem = file_stem(doc, *count);
                let ext = format.extension();
                let mut name = format!("{stem}.{ext}");
                let mut n = 2;
                while !used.insert(collision_key(&name)) {
                    name = format!("{stem}-{n}.{ext}");
                    n += 1;
                }
                *count += 1;
                let target = path.join(&name);
                let mut contents = mark::header(self.options.to, input)
                    .unwrap_or_default()
                    .into_bytes();
                contents.extend_from_slice(text);
                let handle = match handle {
                    Some(h) => h.as_ref(),
                    None => {
                        let opened = match DirHandle::open(path, !check) {
                            Ok(h) => Some(h),
                            Err(e) if check && e.kind() == io::ErrorKind::NotFound => None,
                            Err(e) => {
                                return Err(SinkError::Failed(format!(
                                    "creating {}: {e}",
                                    path.display()
                                )))
                            }
                        };
                        handle.insert(opened).as_ref()
                    }
                };
                if check {
                    let old = match handle {
                        Some(h) => compare_existing(h, &name, &contents, diff).map_err(|e| {
                            SinkError::Failed(format!("reading {}: {e}", target.display()))
                        })?,
                        None => Old::Missing,
                    };
                    if !matches!(old, Old::Same) {
                        if diff {
                            show(&diff_of(&target, &old, &contents))?;
                        }
                        self.changed.push(target);
                    }
                    return Ok(());
                }
                let handle = handle.expect("opened for writing");
                match handle.write(&name, &contents) {
                    Ok(()) => written.push((name, input.to_owned())),
                    Err(e) => self
                        .errors
                        .push(format!("writing {}: {e}", target.display())),
                }
            }
        }
        Ok(())
    }

    /// Completes the output: flushes it, renames the temporary file over
    /// the target, finds stale files in a directory (removing them under
    /// `prune`) and updates its manifest.
    pub fn finish(mut self) -> Result<Finished, SinkError> {
        let Options {
            check, diff, prune, ..
        } = self.options;
        let mut finished = Finished::default();
        // The end of a joined document (a directory joins nothing).
        let mut tail = Vec::new();
        if let Some(join) = self.join.take() {
            finished.joined = join.finish(&mut tail);
        }
        match self.kind {
            Kind::Std {
                stderr,
                count,
                mut pending,
            } => {
                pending.extend_from_slice(&tail);
                write_std(stderr, &mut pending)?;
                finished.jobs = count;
            }
            Kind::Stream {
                path,
                mut file,
                count,
                mut pending,
            } => {
                if count > 0 {
                    pending.extend_from_slice(&tail);
                    write_stream(&path, &mut file, &mut pending)?;
                }
                finished.jobs = count;
            }
            Kind::File {
                path,
                temp,
                compare,
                count,
                pending,
            } => {
                finished.jobs = count;
                finished.files = usize::from(count > 0);
                let failed =
                    |e: io::Error| SinkError::Failed(format!("writing {}: {e}", path.display()));
                if let Some(mut compare) = compare {
                    compare.feed(&tail).map_err(failed)?;
                    if let Some(new) = compare.finish().map_err(failed)? {
                        if diff {
                            let shown = match new {
                                Some(new) => {
                                    let (dir, name) = dir::split(&path).map_err(failed)?;
                                    let old = match DirHandle::open(&dir, false) {
                                        Ok(h) => compare_existing(&h, &name, &new, true)
                                            .map_err(failed)?,
                                        Err(_) => Old::Missing,
                                    };
                                    diff_of(&path, &old, &new)
                                }
                                None => changes::not_shown(&path),
                            };
                            show(&shown)?;
                        }
                        self.changed.push(path);
                    }
                } else if let Some(mut temp) = temp {
                    temp.file().write_all(&pending).map_err(failed)?;
                    temp.file().write_all(&tail).map_err(failed)?;
                    let (_, name) = dir::split(&path).map_err(failed)?;
                    temp.persist(&name).map_err(failed)?;
                }
            }
            Kind::Dir {
                path,
                handle,
                used,
                written,
                count,
            } => {
                finished.jobs = count;
                finished.files = count;
                let handle = match handle {
                    Some(h) => h,
                    // No job converted: the directory is still looked at
                    // (every job of an input may have been removed).
                    None => match DirHandle::open(&path, false) {
                        Ok(h) => Some(h),
                        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
                        Err(e) => {
                            return Err(SinkError::Failed(format!(
                                "reading {}: {e}",
                                path.display()
                            )))
                        }
                    },
                };
                if let Some(handle) = handle {
                    let failed = |what: &str, e: io::Error| {
                        SinkError::Failed(format!(
                            "{what} {}: {e}",
                            path.join(mark::MANIFEST).display()
                        ))
                    };
                    let manifest = Manifest::read(&handle).map_err(|e| failed("reading", e))?;
                    let stale = mark::stale(&handle, &manifest, &used, &self.run).map_err(|e| {
                        SinkError::Failed(format!("reading {}: {e}", path.display()))
                    })?;
                    let mut removed = HashSet::new();
                    for StaleFile { name, .. } in &stale {
                        let file = path.join(name);
                        if check && diff {
                            let old = handle.read_prefix(name, DIFF_LIMIT as u64 + 1);
                            show(&match old {
                                Ok(old) => changes::unified(&file, Some(&old), None),
                                Err(_) => changes::not_shown(&file),
                            })?;
                        }
                        if !check && prune {
                            match handle.remove(name) {
                                Ok(()) => {
                                    removed.insert(name.clone());
                                }
                                Err(e) => self
                                    .errors
                                    .push(format!("removing {}: {e}", file.display())),
                            }
                        }
                        finished.stale.push(file);
                    }
                    if !check {
                        update_manifest(&handle, manifest, &written, &removed)
                            .map_err(|e| failed("writing", e))?;
                    }
                }
            }
        }
        finished.changed = std::mem::take(&mut self.changed);
        finished.errors = std::mem::take(&mut self.errors);
        Ok(finished)
    }
}

/// Records the files written this run in the directory's manifest, drops
/// those removed or gone, and keeps the rest (outputs of inputs this run
/// did not read).
fn update_manifest(
    dir: &DirHandle,
    old: Manifest,
    written: &[(String, String)],
    removed: &HashSet<String>,
) -> io::Result<()> {
    let mut new = old.clone();
    new.0.retain(|name, _| {
        !removed.contains(name) && matches!(dir.existing(name), Ok(Existing::File { .. }))
    });
    for (name, input) in written {
        new.0.insert(name.clone(), input.clone());
    }
    if new == old && matches!(dir.existing(mark::MANIFEST)?, Existing::File { .. }) {
        return Ok(());
    }
    if new.0.is_empty() && old.0.is_empty() {
        return Ok(());
    }
    dir.write(mark::MANIFEST, new.render().as_bytes())
}

fn append(pending: &mut Vec<u8>, count: &mut usize, separator: &[u8], text: &[u8]) {
    if *count > 0 {
        pending.extend_from_slice(separator);
    }
    pending.extend_from_slice(text);
    *count += 1;
}

/// Writes and empties `pending` on standard output or error.
fn write_std(stderr: bool, pending: &mut Vec<u8>) -> Result<(), SinkError> {
    let r = stdio::write_all(stderr, pending);
    pending.clear();
    r.map_err(|e| match e {
        StreamError::BrokenPipe => SinkError::BrokenPipe,
        StreamError::Io(e) => SinkError::Failed(format!(
            "writing standard {}: {e}",
            if stderr { "error" } else { "output" }
        )),
    })
}

/// Prints a diff on standard output.
fn show(diff: &str) -> Result<(), SinkError> {
    write_std(false, &mut diff.as_bytes().to_vec())
}

/// Writes and empties `pending` into a pipe or device, opening it first.
fn write_stream(
    path: &Path,
    file: &mut Option<std::fs::File>,
    pending: &mut Vec<u8>,
) -> Result<(), SinkError> {
    let failed = |e: io::Error| match StreamError::from(e) {
        StreamError::BrokenPipe => SinkError::BrokenPipe,
        StreamError::Io(e) => SinkError::Failed(format!("writing {}: {e}", path.display())),
    };
    let f = match file {
        Some(f) => f,
        // Appending: a descriptor the shell opened with `>>` keeps what it holds.
        None => file.insert(
            std::fs::OpenOptions::new()
                .append(true)
                .open(path)
                .map_err(failed)?,
        ),
    };
    f.write_all(pending)
        .and_then(|()| f.flush())
        .map_err(failed)?;
    pending.clear();
    Ok(())
}

/// An existing output compared with what would be written.
enum Old {
    /// Nothing at the name.
    Missing,
    /// A regular file holding exactly the new content.
    Same,
    /// A regular file holding something else: its content when a diff
    /// needs it and it is not too large.
    Different(Option<Vec<u8>>),
    /// A link, directory or device, which writing replaces.
    Replaced,
}

/// Compares the regular file `name` with `new`; its content is read only
/// when the lengths match or a diff (`want`) needs it.
fn compare_existing(dir: &DirHandle, name: &str, new: &[u8], want: bool) -> io::Result<Old> {
    Ok(match dir.existing(name)? {
        Existing::Missing => Old::Missing,
        Existing::File { len, .. } if len == new.len() as u64 => {
            let old = dir.read_prefix(name, len + 1)?;
            if old == new {
                Old::Same
            } else {
                Old::Different(Some(old))
            }
        }
        Existing::File { len, .. } if want && len <= DIFF_LIMIT as u64 => {
            Old::Different(Some(dir.read_prefix(name, len + 1)?))
        }
        Existing::File { .. } => Old::Different(None),
        Existing::Link | Existing::Other => Old::Replaced,
    })
}

/// The diff of one output; `old` as [`compare_existing`] found it.
fn diff_of(path: &Path, old: &Old, new: &[u8]) -> String {
    match old {
        Old::Different(Some(old)) => changes::unified(path, Some(old), Some(new)),
        Old::Different(None) => changes::not_shown(path),
        Old::Missing | Old::Replaced | Old::Same => changes::unified(path, None, Some(new)),
    }
}

/// The output of `-o FILE --check`, compared with the file as it is
/// produced (nothing is written, nothing held but what a diff needs).
struct Compare {
    old: Option<BufReader<std::fs::File>>,
    differs: bool,
    /// The new content, kept for a diff while it is under [`DIFF_LIMIT`].
    new: Option<Vec<u8>>,
    buf: Vec<u8>,
}

impl Compare {
    fn open(path: &Path, diff: bool) -> io::Result<Self> {
        let old = match std::fs::File::open(path) {
            Ok(f) if f.metadata()?.is_file() => Some(BufReader::new(f)),
            Ok(_) => None,
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e),
        };
        Ok(Compare {
            differs: old.is_none(),
            old,
            new: diff.then(Vec::new),
            buf: Vec::new(),
        })
    }

    fn feed(&mut self, bytes: &[u8]) -> io::Result<()> {
        if let Some(new) = &mut self.new {
            if new.len() + bytes.len() > DIFF_LIMIT {
                self.new = None;
            } else {
                new.extend_from_slice(bytes);
            }
        }
        if self.differs {
            return Ok(());
        }
        let old = self.old.as_mut().expect("present unless differing");
        self.buf.clear();
        old.by_ref()
            .take(bytes.len() as u64)
            .read_to_end(&mut self.buf)?;
        self.differs = self.buf != bytes;
        Ok(())
    }

    /// `None` when the file holds exactly what was fed; else `Some` of the
    /// new content when a diff was asked for and it is not too large.
    fn finish(mut self) -> io::Result<Option<Option<Vec<u8>>>> {
        if !self.differs {
            let old = self.old.as_mut().expect("present unless differing");
            let mut more = [0u8; 1];
            self.differs = old.read(&mut more)? > 0;
        }
        Ok(self.differs.then_some(self.new))
    }
}
