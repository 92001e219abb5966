//! Writing converted jobs: to standard output, to a file replaced
//! atomically (a temporary file in the same directory, renamed over the
//! target once complete, so a failed or interrupted run never leaves a
//! truncated file), into a pipe or device directly, or one file per job in
//! a directory; and, for `--check`, finding what would change.

pub mod changes;
pub mod cleanup;
pub mod dir;
pub mod mark;
pub mod names;
pub mod sink;
pub mod stdio;
pub mod target;

pub use names::file_stem;
pub use sink::{Finished, Options, Sink, SinkError};
