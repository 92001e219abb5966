//! `import-model`: updating the schema from a botocore service model.
//!
//! For every resource, in the index's order, the botocore shapes its create
//! request and describe response reach are compared with the schema's, shape
//! by shape, in the terms of [`audit`] ([`audit::botocore_facts`],
//! [`audit::model_facts`]). What botocore adds or changes becomes an edit of
//! the file that defines the shape (a new shape goes into the file of the
//! first resource that reaches it): new members and shapes with their facts
//! and no `doc` (`regenerate` refuses them until someone writes one), changed
//! constraints, required-ness and shapes, new enum values. Edits are made to
//! the text (the `text` module), so every line they do not touch stays as
//! written. What botocore no longer has is reported, never removed. The
//! result is audited again; what still differs is reported.

mod text;

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::audit::{self, Facts};
use crate::model::{Kind, Model, ShapeId};
use crate::schema;
use text::Text;

/// Why an import could not be made.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// The schema does not load.
    #[error(transparent)]
    Schema(#[from] crate::Error),
    /// The input is not a botocore service model the schema's resources are in.
    #[error("not a botocore model of this schema: {0}")]
    NotBotocore(String),
    /// The model is of another API version.
    #[error("the botocore model is of API version {model}, the schema of {schema}")]
    ApiVersion {
        /// The model's `metadata.apiVersion`.
        model: String,
        /// The schema's `source.api_version`.
        schema: String,
    },
    /// A shape the resources reach has a type the schema cannot describe.
    #[error("botocore shape `{shape}` is of type `{ty}`, which the schema cannot describe")]
    Unsupported {
        /// The shape.
        shape: String,
        /// Its botocore type.
        ty: String,
    },
    /// A botocore name that cannot be written as a plain key of the schema.
    #[error("botocore name `{0}` is not a plain name (letters, digits, `_`)")]
    Name(String),
    /// The file is not laid out as the schema files are (block style, two
    /// spaces per level), so the edit has no place.
    #[error("{}: cannot find {what} (block-style YAML, two spaces per level, expected); edit it by hand", .path.display())]
    Layout {
        /// The file.
        path: PathBuf,
        /// What was looked for.
        what: String,
    },
}

/// What an import did.
#[derive(Debug, Default)]
pub struct Import {
    /// The new text of each file that changed, in the index's order.
    pub files: Vec<(PathBuf, String)>,
    /// One line per change, prefixed with its file's name.
    pub changes: Vec<String>,
    /// What the import left for a maintainer: what botocore no longer has,
    /// changes of type, facts the schema cannot carry, and whatever the
    /// audit of the result still finds.
    pub notes: Vec<String>,
    /// The members and structures it added without a doc.
    pub undocumented: usize,
}

/// The files of a schema directory: the index first, then the resource
/// files in its order.
struct Files {
    paths: Vec<PathBuf>,
    names: Vec<String>,
    texts: Vec<Text>,
}

/// Where an edit applies.
#[derive(Clone, Debug)]
enum Target {
    Source,
    ResourceMember(String),
    Shape(String),
    ShapeMember(String, String),
}

#[derive(Clone, Debug)]
enum Edit {
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
    AddShape {
        name: String,
        lines: Vec<String>,
    },
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

/// Imports the botocore model `botocore_json` into the schema in `dir`,
/// recording `botocore` (a release, `1.44.5`) as its source when given.
/// Nothing is written: the caller writes [`Import::files`].
pub fn import(
    dir: &Path,
    botocore_json: &str,
    botocore: Option<&str>,
) -> Result<Import, ImportError> {
    let (files, model) = read_files(dir)?;
    let doc: Value =
        serde_json::from_str(botocore_json).map_err(|e| ImportError::NotBotocore(e.to_string()))?;
    let shapes = doc
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or_else(|| ImportError::NotBotocore("no `shapes`".into()))?;
    if let Some(v) = doc.pointer("/metadata/apiVersion").and_then(Value::as_str) {
        if v != model.source.api_version {
            return Err(ImportError::ApiVersion {
                model: v.to_owned(),
                schema: model.source.api_version.clone(),
            });
        }
    }

    let mut plan = Plan {
        model: &model,
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
        names: &files.names,
    };
    if let Some(v) = botocore.filter(|v| *v != model.source.botocore) {
        plan.edit(
            0,
            Edit::SetKey {
                at: Target::Source,
                key: "botocore",
                value: Some(quoted(v)),
            },
            format!("source: botocore {} → {v}", model.source.botocore),
        );
    }
    for (r, resource) in model.resources.iter().enumerate() {
        plan.resource(r, resource)?;
    }
    let Plan {
        edits,
        mut notes,
        undocumented,
        ..
    } = plan;

    let mut texts = files.texts.clone();
    let mut changes = Vec::with_capacity(edits.len());
    for (file, edit, line) in edits {
        apply(&mut texts[file], &edit).map_err(|what| ImportError::Layout {
            path: files.paths[file].clone(),
            what,
        })?;
        changes.push(format!("{}: {line}", files.names[file]));
    }
    let rendered: Vec<String> = texts.iter().map(Text::render).collect();
    notes.extend(audit_again(&rendered, botocore_json));
    let files = files
        .paths
        .iter()
        .zip(files.texts.iter().zip(rendered))
        .filter(|(_, (old, new))| old.render() != *new)
        .map(|(path, (_, new))| (path.clone(), new))
        .collect();
    Ok(Import {
        files,
        changes,
        notes,
        undocumented,
    })
}

/// The schema's files and its model (resolved, not checked as a graph).
fn read_files(dir: &Path) -> Result<(Files, Model), ImportError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| crate::Error::Io {
            path: path.to_owned(),
            source,
        })
    };
    let index_path = dir.join(crate::INDEX);
    let index_text = read(&index_path)?;
    let index = schema::parse_index(&index_text).map_err(|message| crate::Error::Syntax {
        path: index_path.clone(),
        message,
    })?;
    let mut files = Files {
        paths: vec![index_path],
        names: vec![crate::INDEX.to_owned()],
        texts: vec![Text::new(&index_text)],
    };
    let mut parsed = Vec::with_capacity(index.resources.len());
    for name in &index.resources {
        let path = dir.join(name);
        let text = read(&path)?;
        parsed.push(
            schema::parse(&text).map_err(|message| crate::Error::Syntax {
                path: path.clone(),
                message,
            })?,
        );
        files.texts.push(Text::new(&text));
        files.paths.push(path);
        files.names.push(name.clone());
    }
    let model = Model::resolve(index.source, parsed).map_err(|problems| crate::Error::Invalid {
        path: files.paths[0].clone(),
        problems,
    })?;
    Ok((files, model))
}

/// The audit of the imported texts: whatever still differs (what botocore
/// no longer has, what the schema cannot carry) or why they do not load.
fn audit_again(texts: &[String], botocore_json: &str) -> Vec<String> {
    let built = schema::parse_index(&texts[0]).and_then(|index| {
        let files = texts[1..]
            .iter()
            .map(|t| schema::parse(t))
            .collect::<Result<Vec<_>, _>>()?;
        Model::build(index.source, files).map_err(|p| p.join("; "))
    });
    match built {
        Err(e) => vec![format!("the imported schema does not load: {e}")],
        Ok(model) => match audit::audit(&model, botocore_json) {
            Err(e) => vec![format!("the imported schema cannot be audited: {e}")],
            // What botocore no longer has is noted member by member already.
            Ok(report) => report
                .differences
                .into_iter()
                .filter(|d| !d.ends_with(": in the schema but not in the model"))
                .map(|d| format!("audit after import: {d}"))
                .collect(),
        },
    }
}

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

/// A string as the schema files write it: double-quoted (JSON's escapes are
/// YAML's).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("a string serializes")
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

struct Plan<'a> {
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

impl Plan<'_> {
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

    fn resource(&mut self, r: usize, resource: &crate::model::Resource) -> Result<(), ImportError> {
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

/// Applies one edit to a file's text, or says what it could not find.
fn apply(text: &mut Text, edit: &Edit) -> Result<(), String> {
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
    entries: &[text::Entry],
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
