//! `--message-format sarif`: one SARIF 2.1.0 log for the whole run, for
//! code scanning (GitHub's `upload-sarif`), printed when the run ends.

use std::collections::BTreeMap;
use std::path::Path;

use serde_json::{json, Value};
use tjspec_runtime::{Code, Severity};

use crate::diagnostics::Report;

/// The id under which artifact URIs are relative: the current directory.
const SRCROOT: &str = "SRCROOT";

fn level(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        _ => "note",
    }
}

/// The reporting descriptor of every cross-field rule, then of each other
/// code the results use (tjspec's own findings: syntax, unknown fields...).
fn descriptors(reports: &[Report]) -> (Vec<Value>, BTreeMap<Code, usize>) {
    let mut rules = Vec::new();
    let mut index = BTreeMap::new();
    for r in crate::rules::RULES {
        index.insert(Code::Rule(r.id), rules.len());
        rules.push(json!({
            "id": r.id.as_str(),
            "name": format!("{:?}", r.id),
            "shortDescription": { "text": r.summary },
            "fullDescription": { "text": r.explanation },
            "help": { "text": format!("{}\n\n{}\n\n`tjspec validate --explain {}`", r.summary, r.explanation, r.id) },
            "helpUri": format!("{}#policies", env!("CARGO_PKG_HOMEPAGE")),
            "defaultConfiguration": { "level": level(r.severity), "enabled": r.on_by_default },
            "properties": {
                "category": r.category.as_str(),
                "tags": [r.category.as_str()],
                "resources": r.resources().map(|id| id.cli_name()).collect::<Vec<_>>(),
            },
        }));
    }
    for r in reports {
        let code = r.diag.code;
        if let std::collections::btree_map::Entry::Vacant(e) = index.entry(code) {
            e.insert(rules.len());
            rules.push(json!({
                "id": code.as_str(),
                "shortDescription": { "text": format!("tjspec `{code}` finding: the input is not a valid job (training or tuning) as written.") },
                "properties": { "category": "input", "tags": ["input"] },
            }));
        }
    }
    (rules, index)
}

/// Percent-encodes what a URI reference cannot hold as is.
fn encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b'/' => {
                out.push(b as char)
            }
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The artifact of an input: relative to the current directory (`SRCROOT`)
/// when it is under it, else an absolute `file:` URI; `None` for standard
/// input, which has no location a code scanner can show.
fn artifact(name: &str, cwd: &Path) -> Option<Value> {
    if name == "<stdin>" {
        return None;
    }
    let path = Path::new(name);
    let absolute = cwd.join(path);
    let shown = |p: &Path| p.to_string_lossy().replace('\\', "/");
    match absolute.strip_prefix(cwd) {
        Ok(rel) => {
            let rel = shown(rel);
            let rel = rel.trim_start_matches("./");
            Some(json!({ "uri": encode(rel), "uriBaseId": SRCROOT }))
        }
        Err(_) => Some(json!({ "uri": format!("file://{}", encode(&shown(&absolute))) })),
    }
}

fn result(r: &Report, rule_index: usize, cwd: &Path) -> Value {
    let d = &r.diag;
    let mut text = d.message.clone();
    if let Some(h) = &d.hint {
        text.push_str(&format!(" ({h})"));
    }
    if let Some(i) = r.document {
        text.push_str(&format!(" [document {}]", i + 1));
    }
    let mut location = serde_json::Map::new();
    if let Some(artifact) = artifact(&r.source.name, cwd) {
        let mut physical = json!({ "artifactLocation": artifact });
        if let Some(s) = d.span {
            physical["region"] = json!({
                "startLine": s.line,
                "startColumn": s.col,
                "endLine": s.line,
                "endColumn": s.col + s.len.max(1),
            });
        }
        location.insert("physicalLocation".into(), physical);
    }
    if !d.path.is_empty() {
        location.insert(
            "logicalLocations".into(),
            json!([{ "fullyQualifiedName": d.path, "kind": "member" }]),
        );
    }
    let mut v = json!({
        "ruleId": d.code.as_str(),
        "ruleIndex": rule_index,
        "level": level(d.severity),
        "message": { "text": text },
    });
    if !location.is_empty() {
        v["locations"] = json!([Value::Object(location)]);
    }
    if let Some(s) = &d.suppressed {
        let kind = match s.kind {
            tjspec::SuppressionKind::External => "external",
            _ => "inSource",
        };
        v["suppressions"] = json!([{ "kind": kind, "justification": s.reason }]);
    }
    v
}

/// The SARIF log of a run's findings (suppressed ones included, with a
/// `suppressions` entry), as pretty-printed JSON.
pub fn log(reports: &[Report], cwd: &Path) -> String {
    let (rules, index) = descriptors(reports);
    let results: Vec<Value> = reports
        .iter()
        .map(|r| result(r, index[&r.diag.code], cwd))
        .collect();
    let mut root = format!(
        "file://{}",
        encode(&cwd.to_string_lossy().replace('\\', "/"))
    );
    if !root.ends_with('/') {
        root.push('/');
    }
    let log = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "tjspec",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "informationUri": env!("CARGO_PKG_HOMEPAGE"),
                "rules": rules,
            }},
            "originalUriBaseIds": { SRCROOT: { "uri": root } },
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    });
    let mut s = serde_json::to_string_pretty(&log).expect("a JSON value prints");
    s.push('\n');
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn artifacts_are_relative_to_the_current_directory() {
        let cwd = Path::new("/work/repo");
        assert_eq!(
            artifact("jobs/a b.json", cwd),
            Some(json!({ "uri": "jobs/a%20b.json", "uriBaseId": "SRCROOT" }))
        );
        assert_eq!(
            artifact("/work/repo/./x.yaml", cwd).unwrap()["uri"],
            "x.yaml"
        );
        assert_eq!(
            artifact("/elsewhere/x.yaml", cwd),
            Some(json!({ "uri": "file:///elsewhere/x.yaml" }))
        );
        assert_eq!(artifact("<stdin>", cwd), None);
    }
}
