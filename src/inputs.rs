//! Turning command-line inputs into a list of files: plain files, `-` for
//! standard input, directories (searched recursively for files with a
//! training job extension) and glob patterns.

use std::path::{Path, PathBuf};

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
}

impl Input {
    /// The file's path (`None` for standard input).
    pub fn path(&self) -> Option<&Path> {
        match self {
            Input::Stdin => None,
            Input::File(p) | Input::Found(p) => Some(p),
        }
    }
}

/// Extensions of files a directory search picks up.
pub const EXTENSIONS: &[&str] = &[
    "json", "jsonl", "ndjson", "yaml", "yml", "tf", "hcl", "pb", "binpb",
];

/// Expands the inputs in order; directory contents and glob matches are
/// sorted so runs are reproducible.
pub fn expand(args: &[String]) -> Result<Vec<Input>, String> {
    let mut out = Vec::new();
    for arg in args {
        if arg == "-" {
            out.push(Input::Stdin);
            continue;
        }
        let path = Path::new(arg);
        if path.is_dir() {
            let mut found = Vec::new();
            walk(path, &mut found).map_err(|e| format!("reading directory {arg}: {e}"))?;
            found.sort();
            if found.is_empty() {
                return Err(format!(
                    "{arg}: no training job files ({}) in this directory",
                    EXTENSIONS.join(", ")
                ));
            }
            out.extend(found.into_iter().map(Input::Found));
        } else if path.exists() {
            out.push(Input::File(path.to_owned()));
        } else if arg.contains(['*', '?', '[']) {
            let mut found: Vec<PathBuf> = glob::glob(arg)
                .map_err(|e| format!("pattern {arg}: {e}"))?
                .filter_map(Result::ok)
                .filter(|p| p.is_file())
                .collect();
            found.sort();
            if found.is_empty() {
                return Err(format!("{arg}: the pattern matches no file"));
            }
            out.extend(found.into_iter().map(Input::File));
        } else {
            return Err(format!("{arg}: no such file or directory"));
        }
    }
    Ok(out)
}

/// Collects the files below `dir` with a training job extension, skipping
/// hidden entries and links that lead nowhere, and entering each directory
/// once (a link back up the tree would otherwise loop).
fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut seen = std::collections::HashSet::new();
    walk_into(dir, out, &mut seen)
}

fn walk_into(
    dir: &Path,
    out: &mut Vec<PathBuf>,
    seen: &mut std::collections::HashSet<PathBuf>,
) -> std::io::Result<()> {
    if !seen.insert(std::fs::canonicalize(dir)?) {
        return Ok(());
    }
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        let hidden = path
            .file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with('.'));
        if hidden {
            continue;
        }
        // The directory entry's type needs no lookup (unless it is a link).
        let file_type = entry.file_type()?;
        let (is_dir, is_file) = if file_type.is_symlink() {
            match std::fs::metadata(&path) {
                Ok(m) => (m.is_dir(), m.is_file()),
                Err(_) => continue,
            }
        } else {
            (file_type.is_dir(), file_type.is_file())
        };
        if is_dir {
            walk_into(&path, out, seen)?;
        } else if is_file
            && path
                .extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
        {
            out.push(path);
        }
    }
    Ok(())
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
        let got = expand(&[d.to_str().unwrap().to_owned()]).unwrap();
        assert_eq!(got, vec![Input::Found(d.join("sub/job.json"))]);
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
        assert!(expand(&[format!("{}/*.nothing", d.display())])
            .unwrap_err()
            .contains("matches no file"));
        assert!(expand(&["does/not/exist.json".to_owned()])
            .unwrap_err()
            .contains("no such file"));
    }
}
