//! `cargo xtask msrv`: the workspace's `rust-version` is true of the
//! lockfile.
//!
//! Every package that a published crate of the workspace depends on (normal
//! and build dependencies, followed through the locked resolve graph, on
//! every platform, with default features) must declare a `rust-version` no
//! higher than that crate's own. Dev-dependencies are not followed: they
//! build only this repository's tests. Optional dependencies behind
//! features (the `aws-sdk` feature's SDK crates) are not in the default
//! resolve; the README states their minimum apart.

use std::collections::{BTreeMap, HashMap, VecDeque};
use std::fmt;
use std::process::{Command, ExitCode};

use anyhow::{bail, Context, Result};
use serde_json::Value;

/// A Rust version as a `rust-version` field writes it (`1.88`, `1.88.0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct RustVersion([u32; 3]);

impl RustVersion {
    fn parse(text: &str) -> Option<Self> {
        let mut parts = [0u32; 3];
        let mut n = 0;
        for piece in text.split('.') {
            *parts.get_mut(n)? = piece.parse().ok()?;
            n += 1;
        }
        (n >= 2).then_some(RustVersion(parts))
    }
}

impl fmt::Display for RustVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let [major, minor, patch] = self.0;
        write!(f, "{major}.{minor}.{patch}")
    }
}

/// A locked package that asks for a newer Rust than a published crate.
#[derive(Debug, PartialEq, Eq)]
pub struct TooNew {
    /// `name version`.
    pub package: String,
    /// Its `rust-version`.
    pub needs: RustVersion,
    /// The published crate whose minimum it breaks, and that crate's minimum.
    pub crate_name: String,
    pub ours: RustVersion,
    /// How it is reached from the crate (`crate → dep → … → package`).
    pub via: Vec<String>,
}

impl fmt::Display for TooNew {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} needs Rust {}, but {} declares rust-version {} ({})",
            self.package,
            self.needs,
            self.crate_name,
            self.ours,
            self.via.join(" → ")
        )
    }
}

/// Runs the check on the workspace's `cargo metadata`.
pub fn run() -> Result<ExitCode> {
    let out = Command::new(env!("CARGO"))
        .args(["metadata", "--format-version", "1", "--locked"])
        .current_dir(crate::root())
        .output()
        .context("running cargo metadata")?;
    if !out.status.success() {
        bail!(
            "cargo metadata --locked failed:\n{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let metadata: Value =
        serde_json::from_slice(&out.stdout).context("reading cargo metadata's output")?;
    let (checked, too_new) = check(&metadata)?;
    for (name, (version, count)) in &checked {
        println!("{name}: rust-version {version}; {count} locked dependencies checked");
    }
    if too_new.is_empty() {
        println!("msrv: every locked dependency of a published crate fits its rust-version");
        return Ok(ExitCode::SUCCESS);
    }
    for t in &too_new {
        println!("FAIL {t}");
    }
    println!(
        "msrv: {} locked dependencies need a newer Rust; raise rust-version in Cargo.toml (and the README's), or pin an older release with `cargo update --precise`",
        too_new.len()
    );
    Ok(ExitCode::from(1))
}

/// Each published crate's minimum and how many packages it builds.
pub type Checked = BTreeMap<String, (RustVersion, usize)>;

/// For each published crate, its minimum and how many packages were
/// checked; and every package that asks for more than its crate's minimum.
pub fn check(metadata: &Value) -> Result<(Checked, Vec<TooNew>)> {
    let packages: HashMap<&str, &Value> = metadata["packages"]
        .as_array()
        .context("no packages in cargo metadata")?
        .iter()
        .filter_map(|p| Some((p["id"].as_str()?, p)))
        .collect();
    let nodes: HashMap<&str, &Value> = metadata["resolve"]["nodes"]
        .as_array()
        .context("no resolve graph in cargo metadata")?
        .iter()
        .filter_map(|n| Some((n["id"].as_str()?, n)))
        .collect();
    let label = |id: &str| {
        packages.get(id).map_or_else(
            || id.to_owned(),
            |p| {
                format!(
                    "{} {}",
                    p["name"].as_str().unwrap_or("?"),
                    p["version"].as_str().unwrap_or("?")
                )
            },
        )
    };
    let mut checked = BTreeMap::new();
    let mut too_new = Vec::new();
    for member in metadata["workspace_members"]
        .as_array()
        .context("no workspace members in cargo metadata")?
    {
        let id = member.as_str().context("a workspace member id")?;
        let package = packages.get(id).context("a workspace member's package")?;
        if !is_published(package) {
            continue;
        }
        let name = package["name"].as_str().unwrap_or("?").to_owned();
        let Some(ours) = package["rust_version"]
            .as_str()
            .and_then(RustVersion::parse)
        else {
            bail!("{name} is published but declares no rust-version");
        };
        // Breadth first, so the path named for each package is a shortest one.
        let mut parent: HashMap<&str, &str> = HashMap::new();
        let mut queue = VecDeque::from([id]);
        let mut count = 0;
        while let Some(at) = queue.pop_front() {
            let node = nodes
                .get(at)
                .context("a package missing from the resolve graph")?;
            for dep in node["deps"].as_array().into_iter().flatten() {
                let Some(dep_id) = dep["pkg"].as_str() else {
                    continue;
                };
                let built = dep["dep_kinds"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .any(|k| matches!(k["kind"].as_str(), None | Some("build")));
                if !built || dep_id == id || parent.contains_key(dep_id) {
                    continue;
                }
                parent.insert(dep_id, at);
                queue.push_back(dep_id);
                count += 1;
                let needs = packages
                    .get(dep_id)
                    .and_then(|p| p["rust_version"].as_str())
                    .and_then(RustVersion::parse);
                if let Some(needs) = needs.filter(|n| *n > ours) {
                    let mut via = vec![label(dep_id)];
                    let mut up = at;
                    while up != id {
                        via.push(label(up));
                        up = parent[up];
                    }
                    via.push(name.clone());
                    via.reverse();
                    too_new.push(TooNew {
                        package: label(dep_id),
                        needs,
                        crate_name: name.clone(),
                        ours,
                        via,
                    });
                }
            }
        }
        checked.insert(name, (ours, count));
    }
    Ok((checked, too_new))
}

/// Whether cargo may publish the package (`publish` unset or a registry list).
pub fn is_published(package: &Value) -> bool {
    match &package["publish"] {
        Value::Null => true,
        Value::Array(registries) => !registries.is_empty(),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn package(id: &str, rust: Option<&str>, publish: Value) -> Value {
        json!({"id": id, "name": id, "version": "1.0.0", "rust_version": rust, "publish": publish})
    }

    fn edge(to: &str, kind: Option<&str>) -> Value {
        json!({"pkg": to, "dep_kinds": [{"kind": kind, "target": null}]})
    }

    /// `app` (published, 1.85) → `lib` → `new` (1.88); `app` → dev-only
    /// `tester` (1.90); `app` → build dependency `gen` (1.86); `tool`
    /// (unpublished) → `newest` (1.95).
    fn metadata() -> Value {
        json!({
            "packages": [
                package("app", Some("1.85"), Value::Null),
                package("tool", Some("1.85"), json!([])),
                package("lib", Some("1.60"), Value::Null),
                package("new", Some("1.88.0"), Value::Null),
                package("tester", Some("1.90"), Value::Null),
                package("gen", Some("1.86"), Value::Null),
                package("newest", Some("1.95"), Value::Null),
            ],
            "workspace_members": ["app", "tool"],
            "resolve": {"nodes": [
                {"id": "app", "deps": [edge("lib", None), edge("tester", Some("dev")), edge("gen", Some("build"))]},
                {"id": "tool", "deps": [edge("newest", None)]},
                {"id": "lib", "deps": [edge("new", None)]},
                {"id": "new", "deps": []},
                {"id": "tester", "deps": []},
                {"id": "gen", "deps": []},
                {"id": "newest", "deps": []},
            ]}
        })
    }

    #[test]
    fn names_what_a_published_crate_builds_and_nothing_else() {
        let (checked, too_new) = check(&metadata()).unwrap();
        assert_eq!(
            checked.keys().collect::<Vec<_>>(),
            ["app"],
            "unpublished crates are not checked"
        );
        let found: Vec<String> = too_new.iter().map(ToString::to_string).collect();
        assert_eq!(
            found,
            [
                "gen 1.0.0 needs Rust 1.86.0, but app declares rust-version 1.85.0 (app → gen 1.0.0)",
                "new 1.0.0 needs Rust 1.88.0, but app declares rust-version 1.85.0 (app → lib 1.0.0 → new 1.0.0)",
            ]
        );
    }

    #[test]
    fn a_high_enough_minimum_passes() {
        let mut m = metadata();
        m["packages"][0]["rust_version"] = json!("1.88");
        let (_, too_new) = check(&m).unwrap();
        assert_eq!(too_new.len(), 0, "{too_new:?}");
    }

    #[test]
    fn versions_compare_numerically() {
        let v = |s| RustVersion::parse(s).unwrap();
        assert!(v("1.100") > v("1.89.1"));
        assert_eq!(v("1.88"), v("1.88.0"));
        assert!(RustVersion::parse("1").is_none());
        assert!(RustVersion::parse("1.x").is_none());
    }
}
