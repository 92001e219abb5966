//! An output directory opened once: files are created, replaced, read and
//! removed relative to it, so a directory or symbolic link swapped into
//! its path during the run cannot redirect a write, and a symbolic link at
//! a file's own name is replaced (renaming over a link replaces the link),
//! never followed.

use std::io::{self, Read as _, Write as _};
use std::path::{Path, PathBuf};

use super::cleanup::{self, Registered};

/// What a name in the directory holds, looked at without following links.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Nothing.
    Missing,
    /// A regular file of this length and mode.
    File { len: u64, mode: u32 },
    /// A symbolic link (never followed: a write replaces it).
    Link,
    /// A directory, pipe, device or socket.
    Other,
}

/// An opened directory, cheap to clone.
#[derive(Clone, Debug)]
pub struct DirHandle {
    #[cfg(unix)]
    fd: std::sync::Arc<std::os::fd::OwnedFd>,
    #[cfg(not(unix))]
    path: PathBuf,
}

/// A temporary file being written in a directory, removed when dropped
/// (or by a terminating signal) unless [`Temp::persist`]ed.
#[derive(Debug)]
pub struct Temp {
    dir: DirHandle,
    name: String,
    file: std::fs::File,
    registered: Option<Registered>,
}

/// New files are created with this mode less the umask, as other programs
/// create them.
#[cfg(unix)]
const NEW_FILE_MODE: u32 = 0o666;

impl DirHandle {
    /// Opens the directory `path` (following links in the path the user
    /// gave); with `create`, creates it and its parents first.
    pub fn open(path: &Path, create: bool) -> io::Result<Self> {
        let path = if path.as_os_str().is_empty() {
            Path::new(".")
        } else {
            path
        };
        if create {
            std::fs::create_dir_all(path)?;
        }
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let fd = rustix::fs::open(
                path,
                OFlags::RDONLY | OFlags::DIRECTORY | OFlags::CLOEXEC,
                Mode::empty(),
            )?;
            Ok(DirHandle {
                fd: std::sync::Arc::new(fd),
            })
        }
        #[cfg(not(unix))]
        {
            if !std::fs::metadata(path)?.is_dir() {
                return Err(io::Error::new(io::ErrorKind::Other, "not a directory"));
            }
            Ok(DirHandle {
                path: path.to_owned(),
            })
        }
    }

    /// What `name` holds, links not followed.
    pub fn existing(&self, name: &str) -> io::Result<Existing> {
        #[cfg(unix)]
        {
            use rustix::fs::{AtFlags, FileType};
            match rustix::fs::statat(&*self.fd, name, AtFlags::SYMLINK_NOFOLLOW) {
                Ok(st) => Ok(match FileType::from_raw_mode(st.st_mode) {
                    FileType::RegularFile => Existing::File {
                        len: u64::try_from(st.st_size).unwrap_or(0),
                        mode: st.st_mode & 0o7777,
                    },
                    FileType::Symlink => Existing::Link,
                    _ => Existing::Other,
                }),
                Err(rustix::io::Errno::NOENT) => Ok(Existing::Missing),
                Err(e) => Err(e.into()),
            }
        }
        #[cfg(not(unix))]
        {
            match std::fs::symlink_metadata(self.path.join(name)) {
                Ok(m) if m.file_type().is_symlink() => Ok(Existing::Link),
                Ok(m) if m.is_file() => Ok(Existing::File {
                    len: m.len(),
                    mode: 0,
                }),
                Ok(_) => Ok(Existing::Other),
                Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(Existing::Missing),
                Err(e) => Err(e),
            }
        }
    }

    /// Opens the regular file `name` for reading, never through a link.
    pub fn open_file(&self, name: &str) -> io::Result<std::fs::File> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let fd = rustix::fs::openat(
                &*self.fd,
                name,
                OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC | OFlags::NONBLOCK,
                Mode::empty(),
            )?;
            Ok(std::fs::File::from(fd))
        }
        #[cfg(not(unix))]
        {
            std::fs::File::open(self.path.join(name))
        }
    }

    /// The first `limit` bytes of the regular file `name`, or all of it.
    pub fn read_prefix(&self, name: &str, limit: u64) -> io::Result<Vec<u8>> {
        let mut out = Vec::new();
        self.open_file(name)?.take(limit).read_to_end(&mut out)?;
        Ok(out)
    }

    /// Names in the directory that are regular files (links not followed).
    pub fn regular_files(&self) -> io::Result<Vec<String>> {
        let mut names = Vec::new();
        #[cfg(unix)]
        {
            for entry in rustix::fs::Dir::read_from(&*self.fd)? {
                let entry = entry?;
                let Ok(name) = entry.file_name().to_str() else {
                    continue;
                };
                if name == "." || name == ".." {
                    continue;
                }
                if matches!(self.existing(name)?, Existing::File { .. }) {
                    names.push(name.to_owned());
                }
            }
        }
        #[cfg(not(unix))]
        {
            for entry in std::fs::read_dir(&self.path)? {
                let entry = entry?;
                if entry.file_type()?.is_file() {
                    if let Some(name) = entry.file_name().to_str() {
                        names.push(name.to_owned());
                    }
                }
            }
        }
        names.sort();
        Ok(names)
    }

    /// Removes `name` (a link itself, not what it names).
    pub fn remove(&self, name: &str) -> io::Result<()> {
        #[cfg(unix)]
        {
            rustix::fs::unlinkat(&*self.fd, name, rustix::fs::AtFlags::empty())?;
            Ok(())
        }
        #[cfg(not(unix))]
        {
            std::fs::remove_file(self.path.join(name))
        }
    }

    /// Creates a new temporary file in the directory, readable as the
    /// finished file will be: with the mode of the regular file it will
    /// replace, else the mode new files get under the umask.
    pub fn temp(&self, replacing: Existing) -> io::Result<Temp> {
        let mut attempt = 0u32;
        loop {
            let name = temp_name(attempt);
            match self.create_new(&name) {
                Ok(file) => {
                    let registered = Some(cleanup::register(self, &name));
                    let temp = Temp {
                        dir: self.clone(),
                        name,
                        file,
                        registered,
                    };
                    if let Existing::File { mode, .. } = replacing {
                        temp.set_mode(mode)?;
                    }
                    return Ok(temp);
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && attempt < 100 => {
                    attempt += 1;
                }
                Err(e) => return Err(e),
            }
        }
    }

    fn create_new(&self, name: &str) -> io::Result<std::fs::File> {
        #[cfg(unix)]
        {
            use rustix::fs::{Mode, OFlags};
            let fd = rustix::fs::openat(
                &*self.fd,
                name,
                OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC,
                Mode::from_raw_mode(NEW_FILE_MODE),
            )?;
            Ok(std::fs::File::from(fd))
        }
        #[cfg(not(unix))]
        {
            std::fs::OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(self.path.join(name))
        }
    }

    /// Replaces `name` with `contents` atomically: a temporary file renamed
    /// over it (over a symbolic link too, which is replaced, not followed).
    pub fn write(&self, name: &str, contents: &[u8]) -> io::Result<()> {
        let mut temp = self.temp(self.existing(name)?)?;
        temp.file().write_all(contents)?;
        temp.persist(name)
    }

    fn rename(&self, from: &str, to: &str) -> io::Result<()> {
        #[cfg(unix)]
        {
            rustix::fs::renameat(&*self.fd, from, &*self.fd, to)?;
            Ok(())
        }
        #[cfg(not(unix))]
        {
            std::fs::rename(self.path.join(from), self.path.join(to))
        }
    }
}

impl Temp {
    /// The file, to write into.
    pub fn file(&mut self) -> &mut std::fs::File {
        &mut self.file
    }

    fn set_mode(&self, mode: u32) -> io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            self.file
                .set_permissions(std::fs::Permissions::from_mode(mode))
        }
        #[cfg(not(unix))]
        {
            let _ = mode;
            Ok(())
        }
    }

    /// Flushes the file to disk and renames it to `target` in its directory.
    pub fn persist(mut self, target: &str) -> io::Result<()> {
        self.file.flush()?;
        self.file.sync_all()?;
        let registered = self.registered.take().expect("registered until settled");
        let (dir, name) = (self.dir.clone(), std::mem::take(&mut self.name));
        registered.settle(|| {
            let renamed = dir.rename(&name, target);
            if renamed.is_err() {
                let _ = dir.remove(&name);
            }
            renamed
        })
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(registered) = self.registered.take() {
            let (dir, name) = (&self.dir, &self.name);
            registered.settle(|| {
                let _ = dir.remove(name);
            });
        }
    }
}

/// A name no other run picks: process id, a counter and a random number.
fn temp_name(attempt: u32) -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u32(attempt);
    format!(".tjspec-{:012x}.tmp", h.finish() & 0xffff_ffff_ffff)
}

/// The directory part of `path` (`.` for a bare file name) and its file name.
pub fn split(path: &Path) -> io::Result<(PathBuf, String)> {
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?
        .to_owned();
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    };
    Ok((dir, name))
}
