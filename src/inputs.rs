//! Turning command-line inputs into a list of files: plain files, `-` for
//! standard input, directories (searched recursively for files with a
//! training job extension, honouring ignore files as ripgrep does) and glob
//! patterns. File names are taken as the operating system gives them: they
//! need not be UTF-8.

use std::collections::HashSet;
use std::ffi::{OsStr, OsString};
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

/// One input to read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// Standard input.
    Stdin,
    /// A file named on the command line or matched by a glob pattern.
    File(PathBuf),
    /// A file found by searching a directory: when it holds no training
    /// job in any format, it is skipped with a notice rather than failing.
    Found(PathBuf),
    /// An entry of a directory search that could not be listed (a
    /// directory without read permission): it fails alone, like a file
    /// that cannot be read, and the search goes on.
    Unreadable {
        /// The entry.
        path: PathBuf,
        /// Why it could not be listed.
        error: String,
    },
}

impl Input {
    /// The file's path (`None` for standard input).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(p) | Input::Found(p) | Input::Unreadable { path: p, .. } => Some(p),
        }
    }
}

/// Extensions of files a directory search picks up: those the registered
/// formats declare.
pub static EXTENSIONS: std::sync::LazyLock<Vec<&'static str>> =
    std::sync::LazyLock::new(crate::format::searched_extensions);

/// How directories are searched.
#[derive(Clone, Copy, Debug, Default)]
pub struct Search {
    /// Search everything: ignore files (`.gitignore`, `.ignore`) are not
    /// read and hidden files and directories are searched too.
    pub no_ignore: bool,
}

/// Why the command-line inputs cannot be expanded into files; each names
/// the argument as given.
#[derive(Debug, thiserror::Error)]
pub enum ExpandError {
    /// A directory with no file a search picks up.
    #[error("{}: no training job files ({}) in this directory{}", .path.display(), EXTENSIONS.join(", "), if *.no_ignore { "" } else { "; ignored and hidden files are not searched (--no-ignore searches them)" })]
    EmptyDirectory {
        /// The directory.
        path: PathBuf,
        /// Whether ignored and hidden files were searched too.
        no_ignore: bool,
    },
    /// A glob pattern that matches nothing.
    #[error("{}: the pattern matches no file", .0.display())]
    NoMatch(PathBuf),
    /// A name that is neither a file, a directory nor a pattern.
    #[error("{}: no such file or directory", .0.display())]
    NotFound(PathBuf),
    /// A glob pattern that cannot be used.
    #[error("pattern {}: {reason}", .pattern.display())]
    BadPattern {
        /// The pattern.
        pattern: PathBuf,
        /// What is wrong with it.
        reason: String,
    },
}

/// Expands the inputs in order, searching directories with the default
/// [`Search`]; see [`expand_with`].
pub fn expand<S: AsRef<OsStr>>(args: &[S]) -> Result<Vec<Input>, ExpandError> {
    expand_with(args, Search::default())
}

/// Expands the inputs in order; directory contents and glob matches are
/// sorted so runs are reproducible.
pub fn expand_with<S: AsRef<OsStr>>(args: &[S], search: Search) -> Result<Vec<Input>, ExpandError> {
    let mut out = Vec::new();
    for arg in args {
        let arg = arg.as_ref();
        if arg == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        // One lookup tells a directory, something else that exists, and
        // nothing there apart.
        let found = std::fs::metadata(path);
        if found.as_ref().is_ok_and(std::fs::Metadata::is_dir) {
            let found = search_dir(path, search);
            if found.is_empty() {
                return Err(ExpandError::EmptyDirectory {
                    path: path.to_owned(),
                    no_ignore: search.no_ignore,
                });
            }
            out.extend(found);
        } else if found.is_ok() {
            out.push(Input::File(path.to_owned()));
        } else if has_glob_meta(arg) {
            let found = glob(arg)?;
            if found.is_empty() {
                return Err(ExpandError::NoMatch(path.to_owned()));
            }
            out.extend(found.into_iter().map(Input::File));
        } else {
            return Err(ExpandError::NotFound(path.to_owned()));
        }
    }
    Ok(out)
}

/// Whether standard input is a pipe, a file or a socket: what a command
/// given no input reads, as most Unix tools do. A terminal (someone would
/// have to type the job) and a character device such as `/dev/null` (CI
/// runners without input) are not read.
pub fn stdin_is_piped() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd as _;
        use std::os::unix::fs::FileTypeExt as _;
        // The metadata of the descriptor itself (a duplicate, closed here).
        let Ok(fd) = std::io::stdin().as_fd().try_clone_to_owned() else {
            return false;
        };
        std::fs::File::from(fd).metadata().is_ok_and(|m| {
            let t = m.file_type();
            t.is_file() || t.is_fifo() || t.is_socket()
        })
    }
    #[cfg(not(unix))]
    {
        use std::io::IsTerminal as _;
        !std::io::stdin().is_terminal()
    }
}

fn has_glob_meta(arg: &OsStr) -> bool {
    arg.as_encoded_bytes()
        .iter()
        .any(|b| matches!(b, b'*' | b'?' | b'['))
}

fn has_job_extension(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// The files below `dir` with a training job extension, as ripgrep would
/// search them: `.gitignore` (inside a git repository), `.ignore` and
/// hidden entries are honoured unless `search.no_ignore`. Links are
/// followed, links that lead nowhere skipped, and each directory is entered
/// once (a link back up the tree would otherwise loop). An entry that
/// cannot be listed is returned as [`Input::Unreadable`].
fn search_dir(dir: &Path, search: Search) -> Vec<Input> {
    let seen: Arc<Mutex<HashSet<PathBuf>>> = Arc::default();
    if let Ok(root) = std::fs::canonicalize(dir) {
        seen.lock().expect("not poisoned").insert(root);
    }
    let mut builder = ignore::WalkBuilder::new(dir);
    builder
        .standard_filters(!search.no_ignore)
        .follow_links(true)
        // By name within each directory. Entries compared are siblings (one
        // parent path), so their whole paths compare as their names do,
        // without taking each name out of its path at every comparison.
        .sort_by_file_path(|a, b| a.as_os_str().cmp(b.as_os_str()))
        .filter_entry(move |entry| {
            if entry.depth() == 0 || !entry.file_type().is_some_and(|t| t.is_dir()) {
                return true;
            }
            match std::fs::canonicalize(entry.path()) {
                Ok(real) => seen.lock().expect("not poisoned").insert(real),
                Err(_) => true,
            }
        });
    let mut found = Vec::new();
    for entry in builder.build() {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_some_and(|t| t.is_file()) && has_job_extension(entry.path())
                {
                    found.push(Input::Found(entry.into_path()));
                }
            }
            Err(e) if is_loop(&e) || leads_nowhere(&e) => {
                // A link back up the tree (its directory is searched
                // already), or a link to nothing / an entry removed meanwhile.
            }
            Err(e) => found.push(Input::Unreadable {
                path: error_path(&e).unwrap_or(dir).to_owned(),
                error: error_message(&e),
            }),
        }
    }
    // The walk gives path order already (each directory's entries sorted
    // by name, depth first): checking is linear, sorting is not.
    if !found.is_sorted_by(|a, b| a.path() <= b.path()) {
        found.sort_by(|a, b| a.path().cmp(&b.path()));
    }
    found
}

/// A link to nothing (or to itself), or an entry removed meanwhile.
fn leads_nowhere(e: &ignore::Error) -> bool {
    if e.io_error()
        .is_some_and(|io| io.kind() == std::io::ErrorKind::NotFound)
    {
        return true;
    }
    error_path(e).is_some_and(|p| {
        std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
            && std::fs::metadata(p).is_err()
    })
}

fn is_loop(e: &ignore::Error) -> bool {
    match e {
        ignore::Error::Loop { .. } => true,
        ignore::Error::WithPath { err, .. }
        | ignore::Error::WithDepth { err, .. }
        | ignore::Error::WithLineNumber { err, .. } => is_loop(err),
        ignore::Error::Partial(errs) => errs.iter().all(is_loop),
        _ => false,
    }
}

fn error_path(e: &ignore::Error) -> Option<&Path> {
    match e {
        ignore::Error::WithPath { path, .. } => Some(path),
        ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
            error_path(err)
        }
        _ => None,
    }
}

/// The error without the path it is reported with anyway.
fn error_message(e: &ignore::Error) -> String {
    match e {
        ignore::Error::WithPath { err, .. } | ignore::Error::WithDepth { err, .. } => {
            error_message(err)
        }
        other => other.to_string(),
    }
}

/// The files a glob pattern matches, sorted. Each part of the pattern with
/// wildcards is matched against the names in the directories the parts
/// before it lead to (`**` stands for a directory and all below it), on
/// the names' bytes, so names that are not UTF-8 match too. As in a shell,
/// a wildcard does not match a leading `.` (hidden entries) unless the
/// pattern's part starts with one.
fn glob(pattern: &OsStr) -> Result<Vec<PathBuf>, ExpandError> {
    let bad = |reason: String| ExpandError::BadPattern {
        pattern: PathBuf::from(pattern),
        reason,
    };
    let mut candidates = vec![PathBuf::new()];
    for component in Path::new(pattern).components() {
        let Component::Normal(part) = component else {
            for c in &mut candidates {
                c.push(component.as_os_str());
            }
            continue;
        };
        if !has_glob_meta(part) {
            for c in &mut candidates {
                c.push(part);
            }
            continue;
        }
        let mut next = Vec::new();
        if part == "**" {
            let mut seen = HashSet::new();
            for c in &candidates {
                below(c, &mut next, &mut seen);
            }
        } else {
            let text = part
                .to_str()
                .ok_or_else(|| bad("a part with wildcards must be UTF-8 text".to_owned()))?;
            let matcher = globset::GlobBuilder::new(text)
                .literal_separator(true)
                .build()
                .map_err(|e| bad(e.kind().to_string()))?
                .compile_matcher();
            let dots = text.starts_with('.');
            for c in &candidates {
                let dir = if c.as_os_str().is_empty() {
                    Path::new(".")
                } else {
                    c
                };
                let Ok(entries) = std::fs::read_dir(dir) else {
                    continue;
                };
                let mut names: Vec<OsString> = entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name())
                    .filter(|n| {
                        (dots || !n.as_encoded_bytes().starts_with(b".")) && matcher.is_match(n)
                    })
                    .collect();
                names.sort();
                next.extend(names.into_iter().map(|n| c.join(n)));
            }
        }
        candidates = next;
    }
    candidates.retain(|p| p.is_file());
    candidates.sort();
    candidates.dedup();
    Ok(candidates)
}

/// `dir` and every directory below it that is not hidden, each once.
fn below(dir: &Path, out: &mut Vec<PathBuf>, seen: &mut HashSet<PathBuf>) {
    let shown = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let Ok(real) = std::fs::canonicalize(shown) else {
        return;
    };
    if !real.is_dir() || !seen.insert(real) {
        return;
    }
    out.push(dir.to_owned());
    let Ok(entries) = std::fs::read_dir(shown) else {
        return;
    };
    let mut names: Vec<OsString> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name())
        .filter(|n| !n.as_encoded_bytes().starts_with(b"."))
        .collect();
    names.sort();
    for n in names {
        below(&dir.join(n), out, seen);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_back_up_and_links_to_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub")).unwrap();
        std::fs::write(d.join("sub/job.json"), "{}").unwrap();
        std::os::unix::fs::symlink("..", d.join("sub/loop")).unwrap();
        std::os::unix::fs::symlink("/nonexistent", d.join("sub/gone.json")).unwrap();
        std::os::unix::fs::symlink("self.json", d.join("sub/self.json")).unwrap();
        let got = expand(&[d.to_str().unwrap().to_owned()]).unwrap();
        assert_eq!(got, vec![Input::Found(d.join("sub/job.json"))]);
    }

    #[test]
    fn glob_parts_and_recursive_wildcards() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("a/b/.hidden")).unwrap();
        std::fs::create_dir_all(d.join("c")).unwrap();
        for f in [
            "top.json",
            "a/one.json",
            "a/b/two.json",
            "a/b/.hidden/three.json",
            "c/four.yaml",
            ".dot.json",
        ] {
            std::fs::write(d.join(f), "{}").unwrap();
        }
        let files = |pattern: &str| -> Vec<PathBuf> {
            expand(&[d.join(pattern)])
                .map(|v| {
                    v.into_iter()
                        .filter_map(|i| i.path().map(Path::to_owned))
                        .collect()
                })
                .unwrap_or_default()
        };
        assert_eq!(
            files("**/*.json"),
            vec![
                d.join("a/b/two.json"),
                d.join("a/one.json"),
                d.join("top.json")
            ]
        );
        assert_eq!(
            files("*/*.{json,yaml}"),
            vec![d.join("a/one.json"), d.join("c/four.yaml")]
        );
        assert_eq!(files(".*.json"), vec![d.join(".dot.json")]);
        assert_eq!(
            files("a/b/.hidden/*.json"),
            vec![d.join("a/b/.hidden/three.json")]
        );
        assert_eq!(files("[tx]op.json"), vec![d.join("top.json")]);
    }

    #[test]
    fn directories_globs_and_stdin() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path();
        std::fs::create_dir_all(d.join("sub/.hidden")).unwrap();
        for f in [
            "b.json",
            "a.yaml",
            "sub/c.yml",
            "sub/notes.txt",
            "sub/.hidden/x.json",
        ] {
            std::fs::write(d.join(f), "{}").unwrap();
        }
        let got = expand(&[d.to_str().unwrap().to_owned(), "-".to_owned()]).unwrap();
        assert_eq!(
            got,
            vec![
                Input::Found(d.join("a.yaml")),
                Input::Found(d.join("b.json")),
                Input::Found(d.join("sub/c.yml")),
                Input::Stdin
            ]
        );
        let pattern = format!("{}/*.json", d.display());
        assert_eq!(
            expand(&[pattern]).unwrap(),
            vec![Input::File(d.join("b.json"))]
        );
        let none = expand(&[format!("{}/*.nothing", d.display())]).unwrap_err();
        assert!(matches!(none, ExpandError::NoMatch(_)), "{none}");
        assert!(none
            .to_string()
            .ends_with("/*.nothing: the pattern matches no file"));
        let missing = expand(&["does/not/exist.json".to_owned()]).unwrap_err();
        assert!(matches!(missing, ExpandError::NotFound(_)), "{missing}");
        assert_eq!(
            missing.to_string(),
            "does/not/exist.json: no such file or directory"
        );
    }
}
