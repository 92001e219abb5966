//! The schema file as written: plain serde structures that reject unknown
//! keys, so a typo in `schema/` is an error rather than a silently ignored line.

use indexmap::IndexMap;
use serde::Deserialize;

/// The whole schema file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SchemaFile {
    /// The API revision the shapes were audited against.
    pub source: Source,
    /// The canonical training job.
    pub job: Job,
    /// Every shape the job reaches, by API name.
    pub shapes: IndexMap<String, Shape>,
}

/// Where the shapes come from.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The AWS service (`sagemaker`).
    pub service: String,
    /// The API version (`2017-07-24`).
    pub api_version: String,
    /// The botocore release audited against.
    pub botocore: String,
}

/// The canonical job: the union of the request and response members.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Job {
    /// Rust type name of the job.
    pub name: String,
    /// One-line description.
    pub doc: String,
    /// Members in output order.
    pub members: IndexMap<String, JobMember>,
}

/// The operations of the API that carry job members.
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum Operation {
    /// CreateTrainingJob (request).
    Create,
    /// DescribeTrainingJob (response).
    Describe,
}

/// A member of the job.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JobMember {
    /// Its shape.
    pub shape: String,
    /// The operations that carry it (both when absent).
    #[serde(default, rename = "in")]
    pub in_ops: Option<Vec<Operation>>,
    /// The operations that require it.
    #[serde(default)]
    pub required: Vec<Operation>,
    /// One-line description.
    pub doc: String,
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
    /// One-line description.
    pub doc: String,
}

/// Parses the schema text; errors carry the YAML position.
pub fn parse(text: &str) -> Result<SchemaFile, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}
