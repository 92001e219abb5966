//! What `-o PATH` names: a standard stream, a stream to write directly (a
//! pipe, a device, `/dev/fd/N`), or a regular file to replace atomically.

use std::path::{Path, PathBuf};

/// Where `-o PATH` output goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// The process's standard output (`-`, `/dev/stdout`, `/dev/fd/1`),
    /// written through the descriptor the process has, so `>> log`
    /// appends and a pipe stays a pipe.
    Stdout,
    /// The process's standard error.
    Stderr,
    /// A pipe, device, socket or other descriptor (`/dev/null`, `>(cmd)`):
    /// opened and written directly, appending, never truncated.
    Stream(PathBuf),
    /// A regular file (or a new one), replaced by renaming a complete
    /// temporary file over it. A symbolic link named here is written
    /// through: this is the file it names.
    File(PathBuf),
}

/// Classifies the path given to `-o`.
pub fn classify(path: &Path) -> Target {
    let text = path.to_string_lossy();
    if text == "-" {
        return Target::Stdout;
    }
    let fd = text
        .strip_prefix("/dev/fd/")
        .or_else(|| text.strip_prefix("/proc/self/fd/"))
        .and_then(|n| n.parse::<u32>().ok());
    match (text.as_ref(), fd) {
        ("/dev/stdout", _) | (_, Some(1)) => return Target::Stdout,
        ("/dev/stderr", _) | (_, Some(2)) => return Target::Stderr,
        (_, Some(_)) => return Target::Stream(path.to_owned()),
        _ => {}
    }
    match std::fs::metadata(path) {
        Ok(m) if !m.is_file() && !m.is_dir() => Target::Stream(path.to_owned()),
        _ => Target::File(resolve_link(path)),
    }
}

/// Where writing `path` should land: through a symbolic link to the file
/// it names (the link stays a link), else `path` itself.
fn resolve_link(path: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    if !is_link {
        return path.to_owned();
    }
    std::fs::canonicalize(path).unwrap_or_else(|_| {
        // A dangling link: create the file it names.
        match std::fs::read_link(path) {
            Ok(target) if target.is_absolute() => target,
            Ok(target) => path.parent().unwrap_or(Path::new(".")).join(target),
            Err(_) => path.to_owned(),
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standard_streams_by_name() {
        for p in ["-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"] {
            assert_eq!(classify(Path::new(p)), Target::Stdout, "{p}");
        }
        for p in ["/dev/stderr", "/dev/fd/2", "/proc/self/fd/2"] {
            assert_eq!(classify(Path::new(p)), Target::Stderr, "{p}");
        }
        assert_eq!(
            classify(Path::new("/dev/fd/63")),
            Target::Stream(PathBuf::from("/dev/fd/63"))
        );
        #[cfg(unix)]
        assert_eq!(
            classify(Path::new("/dev/null")),
            Target::Stream(PathBuf::from("/dev/null"))
        );
        assert_eq!(
            classify(Path::new("out/x.yaml")),
            Target::File(PathBuf::from("out/x.yaml"))
        );
    }
}
