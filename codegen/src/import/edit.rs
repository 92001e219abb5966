//! The edits an import makes, and making them on a file's text.

use super::text::{Entry, Text};

/// Where an edit applies.
#[derive(Clone, Debug)]
pub enum Target {
    /// The index's `source`.
    Source,
    /// A member of the file's resource.
    ResourceMember(String),
    /// A shape.
    Shape(String),
    /// A member of a structure shape.
    ShapeMember(String, String),
}

/// One change to a file.
#[derive(Clone, Debug)]
pub enum Edit {
    /// Sets a one-line key of a block, or removes it (`None`).
    SetKey {
        at: Target,
        key: &'static str,
        value: Option<String>,
    },
    /// Adds a member after its predecessor in `order` (botocore's).
    AddMember {
        /// `None`: the resource.
        shape: Option<String>,
        name: String,
        order: Vec<String>,
        /// A resource's other operation's order (empty for a structure).
        other: Vec<String>,
        keys: Vec<String>,
    },
    /// Adds a shape where its name falls in the file's order.
    AddShape { name: String, lines: Vec<String> },
    /// Adds an enum value after its predecessor in `order` (botocore's).
    AddValue {
        shape: String,
        value: String,
        order: Vec<String>,
    },
}

/// Key orders within a block, as the schema files write them.
const MEMBER_KEYS: &[&str] = &["shape", "in", "required", "doc"];
const SHAPE_KEYS: &[&str] = &[
    "type", "doc", "member", "key", "value", "open", "values", "min", "max", "pattern", "members",
];
const SOURCE_KEYS: &[&str] = &["service", "api_version", "botocore"];

/// A string as the schema files write it: double-quoted (JSON's escapes are
/// YAML's).
pub fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
}

/// Applies one edit to a file's text, or says what it could not find.
pub fn apply(text: &mut Text, edit: &Edit) -> Result<(), String> {
    match edit {
        Edit::SetKey { at, key, value } => {
            let (path, order): (Vec<&str>, &[&str]) = match at {
                Target::Source => (vec!["source"], SOURCE_KEYS),
                Target::ResourceMember(m) => (vec!["resource", "members", m], MEMBER_KEYS),
                Target::Shape(s) => (vec!["shapes", s], SHAPE_KEYS),
                Target::ShapeMember(s, m) => (vec!["shapes", s, "members", m], MEMBER_KEYS),
            };
            let block = text.find(&path).ok_or_else(|| path.join("."))?;
            let indent = path.len() * 2;
            let entries = text.entries(block.line + 1, block.end, indent);
            let line = value
                .as_ref()
                .map(|v| format!("{}{key}: {v}", " ".repeat(indent)));
            match (entries.iter().find(|e| e.key == *key), line) {
                (Some(e), Some(line)) => text.replace(e.line, line),
                (Some(e), None) => text.remove(e.line),
                (None, Some(line)) => {
                    let rank = |k: &str| order.iter().position(|o| *o == k);
                    let mine = rank(key);
                    let at = entries
                        .iter()
                        .filter(|e| rank(&e.key) < mine)
                        .map(|e| e.end)
                        .max()
                        .unwrap_or(block.line + 1);
                    text.insert(at, vec![line]);
                }
                (None, None) => {}
            }
        }
        Edit::AddMember {
            shape,
            name,
            order,
            other,
            keys,
        } => {
            let path: Vec<&str> = match shape {
                None => vec!["resource", "members"],
                Some(s) => vec!["shapes", s, "members"],
            };
            let block = text.find(&path).ok_or_else(|| path.join("."))?;
            let indent = path.len() * 2;
            let entries = text.entries(block.line + 1, block.end, indent);
            let at = after_predecessor(&entries, name, order, other, block.line + 1);
            let mut lines = vec![format!("{}{name}:", " ".repeat(indent))];
            lines.extend(
                keys.iter()
                    .map(|k| format!("{}{k}", " ".repeat(indent + 2))),
            );
            text.insert(at, lines);
        }
        Edit::AddShape { name, lines } => {
            let block = match text.find(&["shapes"]) {
                Some(b) => b,
                None => {
                    let end = text.len();
                    text.insert(end, vec![String::new(), "shapes:".into()]);
                    text.find(&["shapes"]).ok_or("shapes")?
                }
            };
            let entries = text.entries(block.line + 1, block.end, 2);
            // The shapes of a file are in byte order of their names.
            let at = match entries.iter().find(|e| e.key.as_str() > name.as_str()) {
                Some(e) => e.line,
                None => entries.last().map_or(block.line + 1, |e| e.end),
            };
            text.insert(at, lines.clone());
        }
        Edit::AddValue {
            shape,
            value,
            order,
        } => {
            let path = ["shapes", shape.as_str(), "values"];
            let block = text.find(&path).ok_or_else(|| path.join("."))?;
            let items = text.items(block.line + 1, block.end, 6);
            let before = order.iter().take_while(|v| *v != value).collect::<Vec<_>>();
            let at = items
                .iter()
                .rev()
                .find(|(_, v)| before.contains(&v))
                .map_or(block.line + 1, |(line, _)| line + 1);
            text.insert(at, vec![format!("      - {}", quoted(value))]);
        }
    }
    Ok(())
}

/// Where a new member `name` goes: after the nearest member before it in
/// botocore's `order` that the block has, and after the members right
/// behind that one which `order` does not list but `other` (the resource's
/// other operation) puts before it (Tags, create-only, stays between
/// WarmStartConfig and Autotune); at the start when none comes before it.
fn after_predecessor(
    entries: &[Entry],
    name: &str,
    order: &[String],
    other: &[String],
    start: usize,
) -> usize {
    let before: Vec<&String> = order.iter().take_while(|m| *m != name).collect();
    let Some(i) = entries.iter().rposition(|e| before.contains(&&e.key)) else {
        return entries.first().map_or(start, |e| e.line);
    };
    let position = |m: &str| other.iter().position(|o| o == m);
    let mut at = entries[i].end;
    for e in &entries[i + 1..] {
        let earlier = matches!((position(&e.key), position(name)), (Some(x), Some(m)) if x < m);
        if order.contains(&e.key) || !earlier {
            break;
        }
        at = e.end;
    }
    at
}
