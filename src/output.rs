//! Writing output files atomically: a temporary file in the same directory,
//! renamed over the target only once complete, so a failed or interrupted
//! run never leaves a truncated or half-written file.

use std::io::Write as _;
use std::path::Path;

/// Where writing `path` should land: through a symbolic link to the file
/// it names (the link stays a link), else `path` itself.
pub fn resolve_target(path: &Path) -> std::path::PathBuf {
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

/// Whether `path` exists and is not a regular file (a pipe, a device):
/// such a target is written through, not replaced.
pub fn is_special(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir())
}

/// Writes `contents` into a pipe or device in one go.
pub fn write_through(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
    f.write_all(contents)?;
    f.flush()
}

/// Replaces `path` with `contents` atomically (through a symbolic link;
/// into a pipe or device directly).
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let path = &resolve_target(path);
    if is_special(path) {
        return write_through(path, contents);
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".tjspec-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    tmp.write_all(contents)?;
    keep_permissions(tmp.as_file(), path)?;
    tmp.as_file().sync_all()?;
    tmp.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Gives a temporary file the permissions its target has, or those of a
/// new file (read/write for the owner, read for others) — temporary files
/// start private.
pub fn keep_permissions(tmp: &std::fs::File, target: &Path) -> std::io::Result<()> {
    let permissions = match std::fs::metadata(target) {
        Ok(m) => m.permissions(),
        Err(_) => {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt as _;
                std::fs::Permissions::from_mode(0o644)
            }
            #[cfg(not(unix))]
            {
                return Ok(());
            }
        }
    };
    tmp.set_permissions(permissions)
}

/// A file name (without extension) for a job written on its own: the
/// Kubernetes object name when the input had one, else the job name, else
/// its position. Characters unsafe in file names become `-`.
pub fn file_stem(doc: &crate::format::Doc, index: usize) -> String {
    let meta_name = doc
        .envelope
        .metadata
        .as_ref()
        .and_then(|m| m.get("name"))
        .and_then(|n| match &n.kind {
            tjspec_runtime::NodeKind::Str(s, _) => Some(s.clone()),
            _ => None,
        });
    let name = meta_name
        .or_else(|| doc.envelope.label.clone())
        .or_else(|| doc.job.training_job_name.clone())
        .unwrap_or_else(|| format!("job-{}", index + 1));
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '-'
            }
        })
        .collect();
    let safe = safe.trim_start_matches('.').to_owned();
    if safe.is_empty() {
        format!("job-{}", index + 1)
    } else {
        safe
    }
}
