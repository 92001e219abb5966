//! Finding `.tjspec.toml`: from each input's directory upward, stopping at
//! the repository root (a directory holding `.git`), or the one `--config`
//! names. Reading and applying it is the library's (`tjspec::config`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tjspec::config::{Config, Configs, Scoped, FILE_NAME};

use super::Fatal;
use crate::inputs::Input;

/// Configurations found so far, by directory searched (one read per file).
pub(super) struct Finder {
    /// `--config`: the one configuration of every input, with its directory.
    fixed: Option<(Arc<Config>, PathBuf)>,
    /// Directory → the configuration that applies there, with its directory.
    found: HashMap<PathBuf, Option<(Arc<Config>, PathBuf)>>,
    cwd: PathBuf,
}

impl Finder {
    /// A finder; with `config`, that file is read now (an error in it stops the run).
    pub(super) fn new(config: Option<&Path>) -> Result<Finder, Fatal> {
        let cwd = std::env::current_dir().map_err(|e| Fatal(format!("current directory: {e}")))?;
        let fixed = match config {
            Some(path) => {
                let config = read(path, &path.to_string_lossy())?;
                let dir = absolute(&cwd, path.parent().unwrap_or(Path::new("")));
                Some((Arc::new(config), dir))
            }
            None => None,
        };
        Ok(Finder {
            fixed,
            found: HashMap::new(),
            cwd,
        })
    }

    /// The configuration of an input (`None`: standard input, searched
    /// from the current directory), with the input's path relative to the
    /// configuration's directory; `None` when there is none.
    pub(super) fn scoped(&mut self, input: Option<&Path>) -> Result<Option<Scoped>, Fatal> {
        let file = input.map(|p| absolute(&self.cwd, p));
        let start = match &file {
            Some(f) => f
                .parent()
                .map_or_else(|| self.cwd.clone(), Path::to_path_buf),
            None => self.cwd.clone(),
        };
        let found = match &self.fixed {
            Some(fixed) => Some(fixed.clone()),
            None => self.search(&start)?,
        };
        Ok(found.map(|(config, dir)| Scoped {
            config,
            file: file.map(|f| relative(&f, &dir)),
        }))
    }

    fn search(&mut self, start: &Path) -> Result<Option<(Arc<Config>, PathBuf)>, Fatal> {
        let mut visited = Vec::new();
        let mut dir = Some(start);
        let mut result = None;
        while let Some(d) = dir {
            if let Some(known) = self.found.get(d) {
                result = known.clone();
                break;
            }
            visited.push(d.to_path_buf());
            let candidate = d.join(FILE_NAME);
            if candidate.is_file() {
                let shown = relative(&candidate, &self.cwd);
                result = Some((Arc::new(read(&candidate, &shown)?), d.to_path_buf()));
                break;
            }
            // The repository root is as far as a configuration applies.
            if d.join(".git").exists() {
                break;
            }
            dir = d.parent();
        }
        for d in visited {
            self.found.insert(d, result.clone());
        }
        Ok(result)
    }

    /// The configurations of every input, by the name its findings carry.
    pub(super) fn configs(&mut self, inputs: &[Input]) -> Result<Configs, Fatal> {
        let mut configs = Configs::default();
        for input in inputs {
            if let Some(scoped) = self.scoped(input.path())? {
                let name = input.path().map_or_else(
                    || "<stdin>".to_owned(),
                    |p| p.to_string_lossy().into_owned(),
                );
                configs.by_input.insert(name, scoped);
            }
        }
        Ok(configs)
    }
}

fn read(path: &Path, shown: &str) -> Result<Config, Fatal> {
    let text = std::fs::read_to_string(path).map_err(|e| Fatal(format!("{shown}: {e}")))?;
    Config::parse(&text, shown).map_err(|e| Fatal(e.to_string()))
}

/// `path` made absolute against `cwd`, with `.` and `..` resolved lexically
/// (a symlinked directory is searched where it is named, as git does).
fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in cwd.join(path).components() {
        match c {
            std::path::Component::ParentDir => {
                out.pop();
            }
            std::path::Component::CurDir => {}
            c => out.push(c),
        }
    }
    out
}

/// `path` relative to `dir`, `/`-separated (as globs are written), or
/// `path` itself when it is not under `dir`.
fn relative(path: &Path, dir: &Path) -> String {
    let Ok(rel) = path.strip_prefix(dir) else {
        return path.to_string_lossy().into_owned();
    };
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_lexically() {
        let cwd = Path::new("/r/a");
        assert_eq!(
            absolute(cwd, Path::new("../b/./c.json")),
            Path::new("/r/b/c.json")
        );
        assert_eq!(
            relative(Path::new("/r/b/c.json"), Path::new("/r")),
            "b/c.json"
        );
        assert_eq!(
            relative(Path::new("/x/c.json"), Path::new("/r")),
            "/x/c.json"
        );
    }
}
