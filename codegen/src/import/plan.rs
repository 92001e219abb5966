//! Comparing botocore's shapes with the schema's, and the edits that
//! bring the schema up to date.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::edit::{quoted, Edit, Target};
use super::ImportError;
use crate::audit::{self, Facts};
use crate::model::{Kind, Model, ShapeId};

/// A name as the schema files write it: plain, and not a word YAML 1.1
/// readers take for a boolean or null.
fn plain(name: &str) -> Result<&str, ImportError> {
    let special = ["true", "false", "null", "yes", "no", "on", "off", "y", "n"];
    let ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !special.contains(&name.to_ascii_lowercase().as_str());
    if ok {
        Ok(name)
    } else {
        Err(ImportError::Name(name.to_owned()))
    }
}

/// The word for a shape's min/max: the length of a string, the count of a
/// list or map, the value of a number.
fn measure(ty: &str) -> &'static str {
    match ty {
        "string" => "length",
        "list" | "map" => "count",
        _ => "value",
    }
}

fn range(min: Option<i64>, max: Option<i64>) -> Option<String> {
    match (min, max) {
        (None, None) => None,
        (Some(a), Some(b)) => Some(format!("{a}..={b}")),
        (Some(a), None) => Some(format!("{a}..")),
        (None, Some(b)) => Some(format!("..={b}")),
    }
}

/// The operations as a resource member's `in`/`required` list.
fn ops_list(create: bool, describe: bool) -> Option<String> {
    match (create, describe) {
        (true, true) => Some("[create, describe]".into()),
        (true, false) => Some("[create]".into()),
        (false, true) => Some("[describe]".into()),
        (false, false) => None,
    }
}

fn ops_words(create: bool, describe: bool, c: &str, d: &str) -> String {
    match (create, describe) {
        (true, true) => format!("{c} and {d}"),
        (true, false) => c.to_owned(),
        (false, true) => d.to_owned(),
        (false, false) => "none".to_owned(),
    }
}

/// One member of a resource as botocore has it across its operations.
struct RootMember {
    name: String,
    shape: String,
    create: bool,
    describe: bool,
    required_create: bool,
    required_describe: bool,
}

/// A botocore structure's members in order: name, shape, required.
fn structure_members(
    shapes: &Map<String, Value>,
    name: &str,
) -> Result<Vec<(String, String, bool)>, ImportError> {
    let shape = shapes
        .get(name)
        .ok_or_else(|| ImportError::NotBotocore(format!("no shape `{name}`")))?;
    let required: Vec<&str> = shape
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    let mut out = Vec::new();
    for (m, member) in shape
        .get("members")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let target = member
            .get("shape")
            .and_then(Value::as_str)
            .ok_or_else(|| ImportError::NotBotocore(format!("member `{name}.{m}` has no shape")))?;
        out.push((m.clone(), target.to_owned(), required.contains(&m.as_str())));
    }
    Ok(out)
}

/// The shape a list's member or a map's key or value refers to.
fn part<'a>(shape: &'a Value, part: &str, name: &str) -> Result<&'a str, ImportError> {
    shape[part]["shape"]
        .as_str()
        .ok_or_else(|| ImportError::NotBotocore(format!("`{name}` has no {part}")))
}

/// The edits that bring the schema up to date, found resource by resource.
pub struct Plan<'a> {
    model: &'a Model,
    shapes: &'a Map<String, Value>,
    by_name: HashMap<&'a str, ShapeId>,
    /// Botocore shapes already visited (compared or added).
    seen: BTreeSet<String>,
    /// Each edit with its file (0 the index) and its line.
    edits: Vec<(usize, Edit, String)>,
    notes: Vec<String>,
    undocumented: usize,
    names: &'a [String],
}

impl<'a> Plan<'a> {
    /// A plan for `model` (of the files `names`, the index first) from
    /// botocore's `shapes`.
    pub fn new(model: &'a Model, shapes: &'a Map<String, Value>, names: &'a [String]) -> Self {
        Plan {
            model,
            shapes,
            by_name: model
                .shapes
                .iter()
                .enumerate()
                .map(|(id, s)| (s.name.as_str(), id))
                .collect(),
            seen: BTreeSet::new(),
            edits: Vec::new(),
            notes: Vec::new(),
            undocumented: 0,
            names,
        }
    }

    /// The edits (each with its file, 0 the index, and its line), the notes
    /// and the number of entries added without a doc.
    pub fn finish(self) -> (Vec<(usize, Edit, String)>, Vec<String>, usize) {
        (self.edits, self.notes, self.undocumented)
    }

    /// Records the botocore release `v` as the schema's source.
    pub fn source(&mut self, v: &str) {
        self.edit(
            0,
            Edit::SetKey {
                at: Target::Source,
                key: "botocore",
                value: Some(quoted(v)),
            },
            format!("source: botocore {} → {v}", self.model.source.botocore),
        );
    }

    fn edit(&mut self, file: usize, edit: Edit, line: String) {
        self.edits.push((file, edit, line));
    }

    fn note(&mut self, file: usize, line: String) {
        self.notes.push(format!("{}: {line}", self.names[file]));
    }

    /// The resource file (1-based among the files) that defines `id`.
    fn file_of(&self, id: ShapeId) -> usize {
        1 + self
            .model
            .resources
            .iter()
            .rposition(|r| r.shape <= id)
            .expect("shape ids start with the first resource")
    }

    /// Compares resource `r` (its root members, then every shape it
    /// reaches) with botocore.
    pub fn resource(
        &mut self,
        r: usize,
        resource: &crate::model::Resource,
    ) -> Result<(), ImportError> {
        let file = r + 1;
        let create = structure_members(self.shapes, &format!("{}Request", resource.create))?;
        let describe = structure_members(self.shapes, &format!("{}Response", resource.describe))?;
        let mut members: Vec<RootMember> = Vec::new();
        for (ops, is_create) in [(&create, true), (&describe, false)] {
            for (name, shape, required) in ops.iter() {
                let i = match members.iter().position(|m| m.name == *name) {
                    Some(i) => i,
                    None => {
                        members.push(RootMember {
                            name: name.clone(),
                            shape: shape.clone(),
                            create: false,
                            describe: false,
                            required_create: false,
                            required_describe: false,
                        });
                        members.len() - 1
                    }
                };
                let m = &mut members[i];
                if is_create {
                    m.create = true;
                    m.required_create = *required;
                } else {
                    m.describe = true;
                    m.required_describe = *required;
                }
            }
        }
        let create_order: Vec<String> = create.iter().map(|m| m.0.clone()).collect();
        let describe_order: Vec<String> = describe.iter().map(|m| m.0.clone()).collect();
        let (c, d) = (resource.create.as_str(), resource.describe.as_str());
        let ours = self.model.members(resource.shape);
        for m in &members {
            let name = plain(&m.name)?.to_owned();
            let Some(o) = ours.iter().find(|o| o.name == m.name) else {
                let mut keys = vec![format!("shape: {}", plain(&m.shape)?)];
                if !(m.create && m.describe) {
                    keys.extend(ops_list(m.create, m.describe).map(|l| format!("in: {l}")));
                }
                keys.extend(
                    ops_list(m.required_create, m.required_describe)
                        .map(|l| format!("required: {l}")),
                );
                let ty = self.botocore_type(&m.shape)?;
                let mut line = format!(
                    "added member {}.{name} ({}, {ty}; in {}",
                    resource.name,
                    m.shape,
                    ops_words(m.create, m.describe, c, d)
                );
                if m.required_create || m.required_describe {
                    line += &format!(
                        "; required in {}",
                        ops_words(m.required_create, m.required_describe, c, d)
                    );
                }
                line += "; no doc yet)";
                self.undocumented += 1;
                let (order, other) = if m.describe {
                    (describe_order.clone(), create_order.clone())
                } else {
                    (create_order.clone(), describe_order.clone())
                };
                self.edit(
                    file,
                    Edit::AddMember {
                        shape: None,
                        name,
                        order,
                        other,
                        keys,
                    },
                    line,
                );
                continue;
            };
            let at = Target::ResourceMember(m.name.clone());
            let what = format!("member {}.{}", resource.name, m.name);
            let their_shape = self.model.shapes[o.shape].name.as_str();
            if their_shape != m.shape {
                self.edit(
                    file,
                    Edit::SetKey {
                        at: at.clone(),
                        key: "shape",
                        value: Some(plain(&m.shape)?.to_owned()),
                    },
                    format!("changed shape of {what} from {their_shape} to {}", m.shape),
                );
            }
            if (o.in_request, o.in_response) != (m.create, m.describe) {
                let value = if m.create && m.describe {
                    None
                } else {
                    ops_list(m.create, m.describe)
                };
                self.edit(
                    file,
                    Edit::SetKey {
                        at: at.clone(),
                        key: "in",
                        value,
                    },
                    format!(
                        "changed {what}: in {} (was {})",
                        ops_words(m.create, m.describe, c, d),
                        ops_words(o.in_request, o.in_response, c, d)
                    ),
                );
            }
            if (o.required, o.required_in_response) != (m.required_create, m.required_describe) {
                self.edit(
                    file,
                    Edit::SetKey {
                        at,
                        key: "required",
                        value: ops_list(m.required_create, m.required_describe),
                    },
                    format!(
                        "changed {what}: required in {} (was {})",
                        ops_words(m.required_create, m.required_describe, c, d),
                        ops_words(o.required, o.required_in_response, c, d)
                    ),
                );
            }
        }
        for o in ours {
            if !members.iter().any(|m| m.name == o.name) {
                self.note(
                    file,
                    format!(
                        "member {}.{} is in neither {c} nor {d} any more; kept (remove it by hand if AWS dropped it)",
                        resource.name, o.name
                    ),
                );
            }
        }
        for m in &members {
            self.visit(&m.shape, file)?;
        }
        Ok(())
    }

    /// The type botocore gives `name`, in the schema's terms.
    fn botocore_type(&self, name: &str) -> Result<String, ImportError> {
        let facts = audit::botocore_facts(self.shapes, name).map_err(ImportError::NotBotocore)?;
        Ok(facts.ty)
    }

    /// Compares (or adds, to `file`) the botocore shape `name` and every
    /// shape it reaches, depth first in botocore's order.
    fn visit(&mut self, name: &str, file: usize) -> Result<(), ImportError> {
        let mut stack = vec![name.to_owned()];
        while let Some(name) = stack.pop() {
            if !self.seen.insert(name.clone()) {
                continue;
            }
            let shape = self
                .shapes
                .get(&name)
                .ok_or_else(|| ImportError::NotBotocore(format!("no shape `{name}`")))?;
            match self.by_name.get(name.as_str()) {
                Some(&id) => self.compare(&name, id)?,
                None => self.add_shape(&name, file)?,
            }
            let mut children: Vec<String> = match shape.get("type").and_then(Value::as_str) {
                Some("structure") => structure_members(self.shapes, &name)?
                    .into_iter()
                    .map(|(_, s, _)| s)
                    .collect(),
                Some("list") => vec![part(shape, "member", &name)?.to_owned()],
                Some("map") => vec![
                    part(shape, "key", &name)?.to_owned(),
                    part(shape, "value", &name)?.to_owned(),
                ],
                _ => Vec::new(),
            };
            children.reverse();
            stack.extend(children);
        }
        Ok(())
    }

    /// The facts of botocore's `name`, with those the schema's shape of its
    /// type cannot carry named in a note and left out.
    fn carried_facts(&mut self, name: &str, file: usize) -> Result<Facts, ImportError> {
        let mut f = audit::botocore_facts(self.shapes, name).map_err(ImportError::NotBotocore)?;
        let (bounds, pattern) = match f.ty.as_str() {
            "string" => (true, true),
            "list" | "map" | "integer" | "long" => (true, false),
            "structure" | "enum" | "float" | "double" | "boolean" | "timestamp" => (false, false),
            other => {
                return Err(ImportError::Unsupported {
                    shape: name.to_owned(),
                    ty: other.to_owned(),
                })
            }
        };
        let mut dropped = Vec::new();
        if !bounds {
            if let Some(v) = f.min.take() {
                dropped.push(format!("min {v}"));
            }
            if let Some(v) = f.max.take() {
                dropped.push(format!("max {v}"));
            }
        }
        if !pattern {
            if let Some(p) = f.pattern.take() {
                dropped.push(format!("pattern {}", quoted(&p)));
            }
        }
        if !dropped.is_empty() {
            self.note(
                file,
                format!(
                    "shape {name}: a {} shape of the schema carries no {}; left out",
                    f.ty,
                    dropped.join(", ")
                ),
            );
        }
        Ok(f)
    }

    fn add_shape(&mut self, name: &str, file: usize) -> Result<(), ImportError> {
        let f = self.carried_facts(name, file)?;
        let shape = &self.shapes[name];
        let mut lines = vec![
            format!("  {}:", plain(name)?),
            format!("    type: {}", f.ty),
        ];
        let mut what = f.ty.clone();
        match f.ty.as_str() {
            "structure" => {
                let members = structure_members(self.shapes, name)?;
                lines.push("    members:".into());
                for (m, s, required) in &members {
                    lines.push(format!("      {}:", plain(m)?));
                    lines.push(format!("        shape: {}", plain(s)?));
                    if *required {
                        lines.push("        required: true".into());
                    }
                }
                let list: Vec<&str> = members.iter().map(|m| m.0.as_str()).collect();
                what += &format!(" of {}; no doc yet", list.join(", "));
                self.undocumented += 1 + members.len();
            }
            "list" => {
                let m = part(shape, "member", name)?;
                lines.push(format!("    member: {}", plain(m)?));
                what += &format!(" of {m}");
            }
            "map" => {
                let (k, v) = (part(shape, "key", name)?, part(shape, "value", name)?);
                lines.push(format!("    key: {}", plain(k)?));
                lines.push(format!("    value: {}", plain(v)?));
                what += &format!(" of {k} to {v}");
            }
            "enum" => {
                lines.push("    values:".into());
                lines.extend(f.values.iter().map(|v| format!("      - {}", quoted(v))));
                let list: Vec<String> = f.values.iter().map(|v| quoted(v)).collect();
                what += &format!(": {}", list.join(", "));
            }
            _ => {}
        }
        lines.extend(f.min.map(|v| format!("    min: {v}")));
        lines.extend(f.max.map(|v| format!("    max: {v}")));
        lines.extend(
            f.pattern
                .as_deref()
                .map(|p| format!("    pattern: {}", quoted(p))),
        );
        if let Some(r) = range(f.min, f.max) {
            what += &format!(", {} {r}", measure(&f.ty));
        }
        if let Some(p) = &f.pattern {
            what += &format!(", pattern {}", quoted(p));
        }
        self.edit(
            file,
            Edit::AddShape {
                name: name.to_owned(),
                lines,
            },
            format!("added shape {name} ({what})"),
        );
        Ok(())
    }

    fn compare(&mut self, name: &str, id: ShapeId) -> Result<(), ImportError> {
        let file = self.file_of(id);
        let ours = audit::model_facts(self.model, id);
        let theirs = self.carried_facts(name, file)?;
        if ours.ty != theirs.ty {
            self.note(
                file,
                format!(
                    "shape {name} is a {} in botocore, a {} in the schema; change it by hand",
                    theirs.ty, ours.ty
                ),
            );
            return Ok(());
        }
        let shape = &self.shapes[name];
        let at = Target::Shape(name.to_owned());
        match &self.model.shapes[id].kind {
            Kind::Structure { members } => {
                let theirs_members = structure_members(self.shapes, name)?;
                let order: Vec<String> = theirs_members.iter().map(|m| m.0.clone()).collect();
                for (m, s, required) in &theirs_members {
                    let what = format!("member {name}.{m}");
                    let Some(o) = members.iter().find(|o| o.name == *m) else {
                        let mut keys = vec![format!("shape: {}", plain(s)?)];
                        if *required {
                            keys.push("required: true".into());
                        }
                        let ty = self.botocore_type(s)?;
                        let req = if *required { "required" } else { "optional" };
                        self.undocumented += 1;
                        self.edit(
                            file,
                            Edit::AddMember {
                                shape: Some(name.to_owned()),
                                name: plain(m)?.to_owned(),
                                order: order.clone(),
                                other: Vec::new(),
                                keys,
                            },
                            format!("added {what} ({s}, {ty}; {req}; no doc yet)"),
                        );
                        continue;
                    };
                    let mat = Target::ShapeMember(name.to_owned(), m.clone());
                    let their_shape = self.model.shapes[o.shape].name.clone();
                    if their_shape != *s {
                        self.edit(
                            file,
                            Edit::SetKey {
                                at: mat.clone(),
                                key: "shape",
                                value: Some(plain(s)?.to_owned()),
                            },
                            format!("changed shape of {what} from {their_shape} to {s}"),
                        );
                    }
                    if o.required != *required {
                        let (value, line) = if *required {
                            (Some("true".to_owned()), format!("{what} is now required"))
                        } else {
                            (None, format!("{what} is no longer required"))
                        };
                        self.edit(
                            file,
                            Edit::SetKey {
                                at: mat,
                                key: "required",
                                value,
                            },
                            line,
                        );
                    }
                }
                for o in members {
                    if !order.contains(&o.name) {
                        self.note(
                            file,
                            format!(
                                "member {name}.{} is not in botocore's {name} any more; kept (remove it by hand if AWS dropped it)",
                                o.name
                            ),
                        );
                    }
                }
                return Ok(());
            }
            Kind::List { member, .. } => {
                self.set_ref(file, name, "member", *member, part(shape, "member", name)?)?;
            }
            Kind::Map { key, value, .. } => {
                self.set_ref(file, name, "key", *key, part(shape, "key", name)?)?;
                self.set_ref(file, name, "value", *value, part(shape, "value", name)?)?;
            }
            Kind::Enum { .. } => {
                for v in theirs.values.iter().filter(|v| !ours.values.contains(v)) {
                    self.edit(
                        file,
                        Edit::AddValue {
                            shape: name.to_owned(),
                            value: v.clone(),
                            order: theirs.values.clone(),
                        },
                        format!("added enum value {} to {name}", quoted(v)),
                    );
                }
                for v in ours.values.iter().filter(|v| !theirs.values.contains(v)) {
                    self.note(
                        file,
                        format!(
                            "enum value {} of {name} is not in botocore any more; kept (remove it by hand if AWS dropped it)",
                            quoted(v)
                        ),
                    );
                }
            }
            _ => {}
        }
        let m = measure(&ours.ty);
        for (key, o, t) in [("min", ours.min, theirs.min), ("max", ours.max, theirs.max)] {
            let line = match (o, t) {
                (Some(o), Some(t)) if o != t => {
                    format!("changed {key} {m} of {name} from {o} to {t}")
                }
                (None, Some(t)) => format!("added {key} {m} of {name}: {t}"),
                (Some(o), None) => format!("removed {key} {m} of {name} (was {o})"),
                _ => continue,
            };
            self.edit(
                file,
                Edit::SetKey {
                    at: at.clone(),
                    key,
                    value: t.map(|t| t.to_string()),
                },
                line,
            );
        }
        if ours.pattern != theirs.pattern {
            let show = |p: &Option<String>| p.as_deref().map_or("none".to_owned(), quoted);
            self.edit(
                file,
                Edit::SetKey {
                    at,
                    key: "pattern",
                    value: theirs.pattern.as_deref().map(quoted),
                },
                format!(
                    "changed pattern of {name} from {} to {}",
                    show(&ours.pattern),
                    show(&theirs.pattern)
                ),
            );
        }
        Ok(())
    }

    /// A list's member or a map's key or value now referring to `theirs`.
    fn set_ref(
        &mut self,
        file: usize,
        name: &str,
        key: &'static str,
        ours: ShapeId,
        theirs: &str,
    ) -> Result<(), ImportError> {
        let ours = self.model.shapes[ours].name.clone();
        if ours != theirs {
            self.edit(
                file,
                Edit::SetKey {
                    at: Target::Shape(name.to_owned()),
                    key,
                    value: Some(plain(theirs)?.to_owned()),
                },
                format!("changed {key} of {name} from {ours} to {theirs}"),
            );
        }
        Ok(())
    }
}
