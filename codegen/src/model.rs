//! The checked model the emitters work from: the resources and the pool of
//! shapes they share, by id, references resolved, Rust names chosen, every
//! inconsistency reported at once. It is plain data: how formats name the
//! members (the bindings) is kept apart, in [`crate::sources`].

use std::collections::{BTreeSet, HashMap};

use crate::ident;
use crate::pattern::{self, Translated};
use crate::schema::{self, Operation, ResourceFile, ShapeType};

/// Index of a shape in [`Model::shapes`].
pub type ShapeId = usize;

/// The checked schema.
#[derive(Debug)]
pub struct Model {
    /// Where the shapes come from.
    pub source: schema::Source,
    /// The pool of shapes every resource draws on; each resource's root
    /// structure is one of them.
    pub shapes: Vec<Shape>,
    /// The resources, in the index's order.
    pub resources: Vec<Resource>,
}

/// A resource: a root structure whose members two API operations carry.
#[derive(Debug)]
pub struct Resource {
    /// API name, also the root shape's name and Rust type (`TrainingJob`).
    pub name: String,
    /// Its name on the command line (`training-job`).
    pub cli_name: String,
    /// The root structure.
    pub shape: ShapeId,
    /// The operation that creates one (`CreateTrainingJob`).
    pub create: String,
    /// The operation that describes one (`DescribeTrainingJob`).
    pub describe: String,
    /// A Rust doc example of building one.
    pub example: Option<String>,
}

/// A shape with its Rust names.
#[derive(Debug)]
pub struct Shape {
    /// API name.
    pub name: String,
    /// Rust type name (structures and enums).
    pub rust: String,
    /// Rust name of the constant holding its id (`ALGORITHM_SPECIFICATION`).
    pub konst: String,
    /// One-line description.
    pub doc: String,
    /// Kind and constraints.
    pub kind: Kind,
}

/// Kinds of shapes with resolved references.
#[derive(Debug)]
pub enum Kind {
    /// Named members.
    Structure {
        /// Members in schema order.
        members: Vec<Member>,
    },
    /// A list.
    List {
        /// Element shape.
        member: ShapeId,
        /// Fewest elements.
        min: Option<i64>,
        /// Most elements.
        max: Option<i64>,
    },
    /// A map.
    Map {
        /// Key shape.
        key: ShapeId,
        /// Value shape.
        value: ShapeId,
        /// Fewest entries.
        min: Option<i64>,
        /// Most entries.
        max: Option<i64>,
    },
    /// Known string values.
    Enum {
        /// The values with their Rust variant names.
        values: Vec<(String, String)>,
        /// Whether AWS grows the list every release.
        open: bool,
    },
    /// A string.
    String {
        /// Shortest length.
        min: Option<i64>,
        /// Longest length.
        max: Option<i64>,
        /// Full-match pattern.
        pattern: Option<Translated>,
    },
    /// A 32-bit integer.
    Integer {
        /// Smallest value.
        min: Option<i64>,
        /// Largest value.
        max: Option<i64>,
    },
    /// A 64-bit integer.
    Long {
        /// Smallest value.
        min: Option<i64>,
        /// Largest value.
        max: Option<i64>,
    },
    /// Single precision in the API, carried as f64.
    Float,
    /// Double precision.
    Double,
    /// A boolean.
    Boolean,
    /// A point in time.
    Timestamp,
}

/// A structure member.
#[derive(Debug)]
pub struct Member {
    /// API name.
    pub name: String,
    /// Rust field name.
    pub field: String,
    /// Its shape.
    pub shape: ShapeId,
    /// Required by the structure (for a resource's root: by its create
    /// request).
    pub required: bool,
    /// Required in the describe response (root members only).
    pub required_in_response: bool,
    /// Carried by the create request (always true below a root).
    pub in_request: bool,
    /// Carried by the describe response (always true below a root).
    pub in_response: bool,
    /// Only the describe response carries it: a status member.
    pub status: bool,
    /// One-line description.
    pub doc: String,
}

impl Model {
    /// Resolves `Shape.Member` (as bindings in `schema/` name members) to a
    /// structure shape and member index.
    pub fn member_at(&self, path: &str) -> Result<(ShapeId, usize), String> {
        let Some((shape, member)) = path.split_once('.') else {
            return Err(format!("`{path}` is not of the form Shape.Member"));
        };
        let Some(id) = self.shapes.iter().position(|s| s.name == shape) else {
            return Err(format!("`{path}`: there is no shape `{shape}`"));
        };
        let Kind::Structure { members } = &self.shapes[id].kind else {
            return Err(format!("`{path}`: shape `{shape}` is not a structure"));
        };
        match members.iter().position(|m| m.name == member) {
            Some(i) => Ok((id, i)),
            None => Err(format!(
                "`{path}`: structure `{shape}` has no member `{member}`"
            )),
        }
    }

    /// Checks the resource files (in the index's order) and builds the
    /// model, or lists every problem. Each file's resource comes first, then
    /// the shapes it adds to the pool; a reference resolves in any file.
    pub fn build(source: schema::Source, files: Vec<ResourceFile>) -> Result<Model, Vec<String>> {
        let model = Self::resolve(source, files)?;
        let mut problems = Vec::new();
        model.check_graph(&mut problems);
        if problems.is_empty() {
            Ok(model)
        } else {
            Err(problems)
        }
    }

    /// [`Model::build`] without the checks of the whole graph (Rust type
    /// names, map keys, every shape reachable): what `import-model` reads,
    /// since a schema a release has left behind may have a shape no member
    /// reaches until the import restores the member.
    pub fn resolve(source: schema::Source, files: Vec<ResourceFile>) -> Result<Model, Vec<String>> {
        let mut problems = Vec::new();
        let mut ids: HashMap<&str, ShapeId> = HashMap::new();
        let mut next = 0;
        for file in &files {
            for name in std::iter::once(&file.resource.name).chain(file.shapes.keys()) {
                if ids.insert(name.as_str(), next).is_some() {
                    problems.push(format!(
                        "`{name}` is defined twice (a shape or resource name is defined once and referred to by name)"
                    ));
                }
                next += 1;
            }
        }
        if files.is_empty() {
            problems.push("the schema has no resource".to_owned());
        }
        let resolve = |problems: &mut Vec<String>, owner: &str, target: &str| -> ShapeId {
            ids.get(target).copied().unwrap_or_else(|| {
                problems.push(format!(
                    "{owner} refers to shape `{target}`, which is not defined"
                ));
                0
            })
        };
        let check_doc = |problems: &mut Vec<String>, owner: &str, doc: &str| {
            if doc.trim().is_empty() {
                problems.push(format!("{owner} has an empty doc"));
            } else if doc.contains('\n') {
                problems.push(format!("{owner}: docs are one line"));
            }
        };

        let mut shapes = Vec::with_capacity(next);
        let mut resources = Vec::with_capacity(files.len());
        for file in &files {
            let raw = &file.resource;
            let what = format!("resource `{}`", raw.name);
            check_doc(&mut problems, &what, &raw.doc);
            let mut root_members = Vec::new();
            for (name, m) in &raw.members {
                let owner = format!("{what}: member `{name}`");
                // A missing doc is not a problem of the model (audit and
                // import-model read such a schema); `load` refuses it.
                if let Some(doc) = &m.doc {
                    check_doc(&mut problems, &owner, doc);
                }
                let ops = m
                    .in_ops
                    .clone()
                    .unwrap_or_else(|| vec![Operation::Create, Operation::Describe]);
                if ops.is_empty() {
                    problems.push(format!("{owner}: `in` must name at least one operation"));
                }
                for op in &m.required {
                    if !ops.contains(op) {
                        problems.push(format!(
                            "{owner} is required in {op:?} but not carried by it"
                        ));
                    }
                }
                let in_request = ops.contains(&Operation::Create);
                root_members.push(Member {
                    name: name.clone(),
                    field: ident::field(name),
                    shape: resolve(&mut problems, &owner, &m.shape),
                    required: m.required.contains(&Operation::Create),
                    required_in_response: m.required.contains(&Operation::Describe),
                    in_request,
                    in_response: ops.contains(&Operation::Describe),
                    status: !in_request,
                    doc: m.doc.clone().unwrap_or_default(),
                });
            }
            check_fields(&mut problems, &what, &root_members);
            resources.push(Resource {
                name: raw.name.clone(),
                cli_name: raw
                    .cli_name
                    .clone()
                    .unwrap_or_else(|| ident::field(&raw.name).replace('_', "-")),
                shape: shapes.len(),
                create: raw.operations.create.clone(),
                describe: raw.operations.describe.clone(),
                example: raw.example.clone(),
            });
            shapes.push(Shape {
                name: raw.name.clone(),
                rust: raw.name.clone(),
                konst: ident::konst(&raw.name),
                doc: raw.doc.clone(),
                kind: Kind::Structure {
                    members: root_members,
                },
            });
            shapes.extend(build_shapes(
                &mut problems,
                &file.shapes,
                &resolve,
                &check_doc,
            ));
        }

        if problems.is_empty() {
            Ok(Model {
                source,
                shapes,
                resources,
            })
        } else {
            Err(problems)
        }
    }
    fn check_graph(&self, problems: &mut Vec<String>) {
        let mut names = BTreeSet::new();
        for s in &self.shapes {
            if matches!(s.kind, Kind::Structure { .. } | Kind::Enum { .. })
                && !names.insert(s.rust.clone())
            {
                problems.push(format!("two shapes get the Rust type name `{}`", s.rust));
            }
            if let Kind::Map { key, .. } = s.kind {
                if !matches!(self.shapes[key].kind, Kind::String { .. }) {
                    problems.push(format!(
                        "shape `{}`: map keys must be a string shape",
                        s.name
                    ));
                }
            }
        }
        let reach = self.reachable();
        for (id, s) in self.shapes.iter().enumerate() {
            if !reach.contains(&id) {
                problems.push(format!(
                    "shape `{}` is not reachable from any resource",
                    s.name
                ));
            }
        }
    }

    /// Shapes reachable from the resources.
    pub fn reachable(&self) -> BTreeSet<ShapeId> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<ShapeId> = self.resources.iter().map(|r| r.shape).collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match &self.shapes[id].kind {
                Kind::Structure { members } => stack.extend(members.iter().map(|m| m.shape)),
                Kind::List { member, .. } => stack.push(*member),
                Kind::Map { key, value, .. } => stack.extend([*key, *value]),
                _ => {}
            }
        }
        seen
    }

    /// The resource whose root structure is `shape`, if it is one.
    pub fn resource_at(&self, shape: ShapeId) -> Option<&Resource> {
        self.resources.iter().find(|r| r.shape == shape)
    }

    /// The resource named `name`.
    pub fn resource(&self, name: &str) -> Option<&Resource> {
        self.resources.iter().find(|r| r.name == name)
    }

    /// The members of a structure shape (empty for other kinds).
    pub fn members(&self, id: ShapeId) -> &[Member] {
        match &self.shapes[id].kind {
            Kind::Structure { members } => members,
            _ => &[],
        }
    }
}

fn check_fields(problems: &mut Vec<String>, owner: &str, members: &[Member]) {
    let mut seen = BTreeSet::new();
    for m in members {
        if !seen.insert(&m.field) {
            problems.push(format!(
                "{owner}: two members get the Rust field name `{}`",
                m.field
            ));
        }
    }
}

/// The shapes of one file, in its order.
fn build_shapes(
    problems: &mut Vec<String>,
    raw: &indexmap::IndexMap<String, schema::Shape>,
    resolve: &dyn Fn(&mut Vec<String>, &str, &str) -> ShapeId,
    check_doc: &dyn Fn(&mut Vec<String>, &str, &str),
) -> Vec<Shape> {
    let mut shapes = Vec::with_capacity(raw.len());
    for (name, s) in raw {
        let owner = format!("shape `{name}`");
        let allowed: &[&str] = match s.ty {
            ShapeType::Structure => &["doc", "members"],
            ShapeType::List => &["member", "min", "max"],
            ShapeType::Map => &["key", "value", "min", "max"],
            ShapeType::Enum => &["values", "open"],
            ShapeType::String => &["min", "max", "pattern"],
            ShapeType::Integer | ShapeType::Long => &["min", "max"],
            _ => &[],
        };
        let present = [
            ("doc", s.doc.is_some()),
            ("members", s.members.is_some()),
            ("member", s.member.is_some()),
            ("key", s.key.is_some()),
            ("value", s.value.is_some()),
            ("values", s.values.is_some()),
            ("open", s.open),
            ("min", s.min.is_some()),
            ("max", s.max.is_some()),
            ("pattern", s.pattern.is_some()),
        ];
        for (key, is) in present {
            if is && !allowed.contains(&key) {
                problems.push(format!(
                    "{owner}: `{key}` does not apply to a {:?} shape",
                    s.ty
                ));
            }
        }
        if let (Some(min), Some(max)) = (s.min, s.max) {
            if min > max {
                problems.push(format!("{owner}: min {min} is greater than max {max}"));
            }
        }
        let kind = match s.ty {
            ShapeType::Structure => {
                if let Some(doc) = &s.doc {
                    check_doc(problems, &owner, doc);
                }
                let mut members = Vec::new();
                for (mname, m) in s.members.iter().flatten() {
                    let mowner = format!("member `{name}.{mname}`");
                    if let Some(doc) = &m.doc {
                        check_doc(problems, &mowner, doc);
                    }
                    members.push(Member {
                        name: mname.clone(),
                        field: ident::field(mname),
                        shape: resolve(problems, &mowner, &m.shape),
                        required: m.required,
                        required_in_response: m.required,
                        in_request: true,
                        in_response: true,
                        status: false,
                        doc: m.doc.clone().unwrap_or_default(),
                    });
                }
                if members.is_empty() {
                    problems.push(format!("{owner} has no members"));
                }
                check_fields(problems, &owner, &members);
                Kind::Structure { members }
            }
            ShapeType::List => match &s.member {
                Some(m) => Kind::List {
                    member: resolve(problems, &owner, m),
                    min: s.min,
                    max: s.max,
                },
                None => {
                    problems.push(format!("{owner}: a list needs `member`"));
                    Kind::List {
                        member: 0,
                        min: None,
                        max: None,
                    }
                }
            },
            ShapeType::Map => {
                let key = match &s.key {
                    Some(k) => resolve(problems, &owner, k),
                    None => {
                        problems.push(format!("{owner}: a map needs `key`"));
                        0
                    }
                };
                let value = match &s.value {
                    Some(v) => resolve(problems, &owner, v),
                    None => {
                        problems.push(format!("{owner}: a map needs `value`"));
                        0
                    }
                };
                Kind::Map {
                    key,
                    value,
                    min: s.min,
                    max: s.max,
                }
            }
            ShapeType::Enum => {
                let values = s.values.clone().unwrap_or_default();
                if values.is_empty() {
                    problems.push(format!("{owner}: an enum needs `values`"));
                }
                let mut seen = BTreeSet::new();
                let mut out = Vec::new();
                for v in values {
                    let variant = ident::variant(&v);
                    if variant == "Unknown" {
                        problems.push(format!(
                            "{owner}: value `{v}` collides with the Unknown variant"
                        ));
                    }
                    if !seen.insert(variant.clone()) {
                        problems.push(format!(
                            "{owner}: value `{v}` gives the Rust variant `{variant}` twice"
                        ));
                    }
                    out.push((v, variant));
                }
                Kind::Enum {
                    values: out,
                    open: s.open,
                }
            }
            ShapeType::String => {
                let pattern = s.pattern.as_deref().map(|p| match pattern::translate(p) {
                    Ok(t) => t,
                    Err(e) => {
                        problems.push(format!("{owner}: pattern does not compile: {e}"));
                        Translated {
                            api: p.to_owned(),
                            rust: String::new(),
                            lookaround: false,
                        }
                    }
                });
                Kind::String {
                    min: s.min,
                    max: s.max,
                    pattern,
                }
            }
            ShapeType::Integer => Kind::Integer {
                min: s.min,
                max: s.max,
            },
            ShapeType::Long => Kind::Long {
                min: s.min,
                max: s.max,
            },
            ShapeType::Float => Kind::Float,
            ShapeType::Double => Kind::Double,
            ShapeType::Boolean => Kind::Boolean,
            ShapeType::Timestamp => Kind::Timestamp,
        };
        shapes.push(Shape {
            name: name.clone(),
            rust: ident::type_name(name),
            konst: ident::konst(name),
            doc: s.doc.clone().unwrap_or_default(),
            kind,
        });
    }
    shapes
}
