//! Standard output as an output: writing it, and telling a closed one.

use std::io::{self, Write as _};

/// Why writing a standard stream stopped.
#[derive(Debug)]
pub enum StreamError {
    /// The reader went away (`tjspec ... | head`): the run stops quietly.
    BrokenPipe,
    /// Any other failure (a full disk, a closed descriptor).
    Io(io::Error),
}

impl From<io::Error> for StreamError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe {
            StreamError::BrokenPipe
        } else {
            StreamError::Io(e)
        }
    }
}

/// Writes all of `bytes` to standard output (or error) and flushes.
pub fn write_all(stderr: bool, bytes: &[u8]) -> Result<(), StreamError> {
    if stderr {
        let mut out = io::stderr().lock();
        out.write_all(bytes)?;
        out.flush()?;
    } else {
        let mut out = io::stdout().lock();
        out.write_all(bytes)?;
        out.flush()?;
    }
    Ok(())
}

/// Whether standard output was closed when the process started
/// (`tjspec ... >&-`). The Rust runtime opens `/dev/null` read-write in
/// place of a closed standard descriptor, so writes would vanish without
/// an error; a shell redirection to `/dev/null` opens it write-only.
pub fn stdout_closed() -> bool {
    #[cfg(unix)]
    {
        use rustix::fs::{FileType, OFlags};
        let out = io::stdout();
        let (Ok(st), Ok(null), Ok(flags)) = (
            rustix::fs::fstat(&out),
            rustix::fs::stat("/dev/null"),
            rustix::fs::fcntl_getfl(&out),
        ) else {
            return false;
        };
        FileType::from_raw_mode(st.st_mode) == FileType::CharacterDevice
            && st.st_rdev == null.st_rdev
            && flags & OFlags::RWMODE == OFlags::RDWR
    }
    #[cfg(not(unix))]
    {
        false
    }
}
