//! The peer tools: other programs that read the same inputs (`yq`,
//! python-hcl2, the flyteidl package), each installed from PyPI into its
//! cached virtualenv (`<target>/python/bench-<peer>`) on first use.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// A peer tool installed from PyPI into the cached virtualenv.
#[derive(Clone, Copy, Debug)]
pub struct Peer {
    /// Name in tables (`yq`).
    pub name: &'static str,
    /// pip requirements (pinned).
    pub pip: &'static [&'static str],
    /// A console script of the virtualenv (`yq`), or a script in
    /// `xtask/bench/` run with the virtualenv's Python (`hcl2_read.py`).
    pub program: &'static str,
    /// Programs it needs on `PATH`, with how to install each.
    pub needs_programs: &'static [(&'static str, &'static str)],
}

/// The peers.
pub const PEERS: &[Peer] = &[
    Peer {
        name: "yq",
        pip: &["yq==4.4.5"],
        program: "yq",
        needs_programs: &[("jq", "apt-get install jq")],
    },
    Peer {
        name: "python-hcl2",
        pip: &["python-hcl2==8.1.4"],
        program: "hcl2_read.py",
        needs_programs: &[],
    },
    Peer {
        name: "flyteidl",
        pip: &["flyteidl==1.10.0"],
        program: "flyteidl_decode.py",
        needs_programs: &[],
    },
];

/// The peers a run has asked for: each one's command line, or why it
/// cannot run.
pub struct Peers {
    root: PathBuf,
    disabled: bool,
    installed: HashMap<&'static str, Result<Vec<String>, String>>,
}

impl Peers {
    /// Peers of the workspace at `root`; none run when `disabled` (`--no-peers`).
    pub fn new(root: &Path, disabled: bool) -> Self {
        Self {
            root: root.to_owned(),
            disabled,
            installed: HashMap::new(),
        }
    }

    /// The command line of a peer (installing it the first time), or why
    /// it cannot run.
    pub fn command(&mut self, name: &'static str) -> Result<Vec<String>, String> {
        if let Some(p) = self.installed.get(name) {
            return p.clone();
        }
        let result = self.install(name);
        self.installed.insert(name, result.clone());
        result
    }

    fn install(&self, name: &str) -> Result<Vec<String>, String> {
        if self.disabled {
            return Err("--no-peers".into());
        }
        let peer = PEERS
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| format!("no peer named {name} in xtask/src/bench/peers.rs"))?;
        for (program, install) in peer.needs_programs {
            if which(program).is_none() {
                return Err(format!("`{program}` is not installed ({install})"));
            }
        }
        let env =
            crate::python::Env::ensure(&format!("bench-{name}"), &(peer.pip.join("\n") + "\n"))
                .map_err(|e| e.to_string())?;
        if peer.program.ends_with(".py") {
            let script = self.root.join("xtask/bench").join(peer.program);
            Ok(vec![
                env.python().to_string_lossy().into_owned(),
                script.to_string_lossy().into_owned(),
            ])
        } else {
            Ok(vec![env
                .program(peer.program)
                .to_string_lossy()
                .into_owned()])
        }
    }
}

fn which(program: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|d| d.join(program))
        .find(|p| p.is_file())
}
