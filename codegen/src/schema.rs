//! The schema file as written: plain serde structures that reject unknown
//! keys, so a typo in `schema/` is an error rather than a silently ignored line.

use indexmap::IndexMap;
use serde::Deserialize;

/// `schema/schema.yaml`: what the schema is audited against and which
/// files hold its resources.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IndexFile {
    /// The API revision the shapes were audited against.
    pub source: Source,
    /// The resource files (relative to the index), in order: shape ids
    /// follow it, so a new file goes at the end.
    pub resources: Vec<String>,
}

/// One resource file (`schema/trainingjob.yaml`): the resource and the
/// shapes it brings to the pool. A shape another file defines is referred
/// to by name, not copied.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceFile {
    /// The resource.
    pub resource: Resource,
    /// The shapes this file adds to the pool, by API name.
    #[serde(default)]
    pub shapes: IndexMap<String, Shape>,
}

/// Where the shapes come from.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The AWS service (`sagemaker`).
    pub service: String,
    /// The API version (`2017-07-24`).
    pub api_version: String,
    /// The botocore release audited against.
    pub botocore: String,
}

/// A resource: the union of its create request's and describe response's
/// members.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    /// API name of the resource, also its Rust type name.
    pub name: String,
    /// Its name on the command line and in messages (`tuning-job`); the
    /// API name in kebab case (`training-job`) when absent.
    #[serde(default)]
    pub cli_name: Option<String>,
    /// One-line description.
    pub doc: String,
    /// The API operations that carry its members.
    pub operations: Operations,
    /// A Rust doc example of building one, for the generated crate's docs.
    #[serde(default)]
    pub example: Option<String>,
    /// Members in output order.
    pub members: IndexMap<String, ResourceMember>,
}

/// The operation names of a resource.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operations {
    /// The request that creates one (its members are the spec).
    pub create: String,
    /// The response that describes one (it adds the status members).
    pub describe: String,
}

/// The operations of the API that carry resource members.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// The create request.
    Create,
    /// The describe response.
    Describe,
}

/// A member of a resource.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ResourceMember {
    /// Its shape.
    pub shape: String,
    /// The operations that carry it (both when absent).
    #[serde(default, rename = "in")]
    pub in_ops: Option<Vec<Operation>>,
    /// The operations that require it.
    #[serde(default)]
    pub required: Vec<Operation>,
    /// One-line description; absent only on a member `import-model` just
    /// added, which `regenerate` refuses until someone writes it.
    #[serde(default)]
    pub doc: Option<String>,
}

/// The kinds of shapes.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum ShapeType {
    /// Named members.
    Structure,
    /// A list.
    List,
    /// A string-keyed map.
    Map,
    /// A string with known values.
    Enum,
    /// A string.
    String,
    /// A 32-bit integer.
    Integer,
    /// A 64-bit integer.
    Long,
    /// A single-precision number (carried as f64).
    Float,
    /// A double-precision number.
    Double,
    /// A boolean.
    Boolean,
    /// A point in time.
    Timestamp,
}

/// One shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    /// The kind of shape.
    #[serde(rename = "type")]
    pub ty: ShapeType,
    /// One-line description (structures).
    #[serde(default)]
    pub doc: Option<String>,
    /// Structure members.
    #[serde(default)]
    pub members: Option<IndexMap<String, Member>>,
    /// List element shape.
    #[serde(default)]
    pub member: Option<String>,
    /// Map key shape.
    #[serde(default)]
    pub key: Option<String>,
    /// Map value shape.
    #[serde(default)]
    pub value: Option<String>,
    /// Enum values.
    #[serde(default)]
    pub values: Option<Vec<String>>,
    /// Whether the enum is open.
    #[serde(default)]
    pub open: bool,
    /// Minimum length, count or value.
    #[serde(default)]
    pub min: Option<i64>,
    /// Maximum length, count or value.
    #[serde(default)]
    pub max: Option<i64>,
    /// Full-match pattern.
    #[serde(default)]
    pub pattern: Option<String>,
}

/// A member of a structure shape.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Its shape.
    pub shape: String,
    /// Whether the structure requires it.
    #[serde(default)]
    pub required: bool,
    /// One-line description; absent only on a member `import-model` just
    /// added, which `regenerate` refuses until someone writes it.
    #[serde(default)]
    pub doc: Option<String>,
}

impl ResourceFile {
    /// The members and structure shapes written without a `doc`, one line
    /// each (`member `Shape.Member``, `shape `Shape``), in file order.
    pub fn undocumented(&self) -> Vec<String> {
        let mut out = Vec::new();
        for (name, m) in &self.resource.members {
            if m.doc.is_none() {
                out.push(format!("member `{}.{name}`", self.resource.name));
            }
        }
        for (name, s) in &self.shapes {
            if s.ty == ShapeType::Structure && s.doc.is_none() {
                out.push(format!("shape `{name}`"));
            }
            for (mname, m) in s.members.iter().flatten() {
                if m.doc.is_none() {
                    out.push(format!("member `{name}.{mname}`"));
                }
            }
        }
        out
    }
}

/// Parses the index text; errors carry the YAML position.
pub fn parse_index(text: &str) -> Result<IndexFile, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

/// Parses a resource file's text; errors carry the YAML position.
pub fn parse(text: &str) -> Result<ResourceFile, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}
