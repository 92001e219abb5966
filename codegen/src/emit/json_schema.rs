//! JSON Schema (draft 2020-12) of the formats, for editors and validators.
//!
//! A [`Builder`] turns the model into schemas with one binding's member
//! names: every structure and enum shape becomes a `$defs` entry, members
//! carry their docs as `description`, and the schema's constraints become
//! `required`, `pattern`, `minLength`/`maxLength`, `minimum`/`maximum`,
//! `minItems`/`maxItems` and `enum`. [`files`] lists every schema the
//! generator writes to `generated/schema/`; a format adds its schema there
//! with one function like [`aws`] or [`datadog`].
//!
//! What the schemas accept follows what `tjspec` reads: an explicit `null`
//! member is an absent one; timestamps are RFC 3339 text or epoch seconds;
//! values of an open enum that the schema does not list are allowed (tjspec
//! keeps them with a warning), while editors still offer the listed ones.
//! Below a status member (what AWS filled in) tjspec checks types only, so
//! the schema does too: those shapes get `status.`-prefixed definitions
//! without required members, lengths, ranges or patterns, and open enums.

use std::collections::BTreeMap;

use serde_json::{json, Map, Value};

use super::bindings::BindingNames;
use super::MARK;
use crate::model::{Kind, Member, Model, ShapeId};
use crate::pattern;

/// The `$schema` of every schema.
pub const DIALECT: &str = "https://json-schema.org/draft/2020-12/schema";

/// One schema file: `generated/schema/<format>.schema.json`.
pub struct SchemaFile {
    /// The format name (`aws`), also the file's stem.
    pub format: String,
    /// The whole document.
    pub document: Value,
}

/// Builds schemas with one binding's names.
pub struct Builder<'m> {
    model: &'m Model,
    names: &'m [Vec<Option<String>>],
    defs: BTreeMap<String, Value>,
    overrides: Vec<((ShapeId, usize), Value)>,
    /// Inside a status member: types only.
    lenient: bool,
}

impl<'m> Builder<'m> {
    /// A builder for `binding`'s names.
    pub fn new(model: &'m Model, binding: &'m BindingNames) -> Self {
        Builder {
            model,
            names: &binding.names,
            defs: BTreeMap::new(),
            overrides: Vec::new(),
            lenient: false,
        }
    }

    /// Uses `schema` for member `index` of `shape` instead of the one its
    /// shape gives (a format that writes the member its own way).
    pub fn override_member(&mut self, shape: ShapeId, index: usize, schema: Value) {
        self.overrides.push(((shape, index), schema));
    }

    /// The object schema of the job's members that `keep` accepts and the
    /// binding names; `required` members are those CreateTrainingJob
    /// requires (status members never are).
    pub fn job_object(&mut self, keep: impl Fn(&Member) -> bool) -> Value {
        let members: Vec<(usize, &Member)> = self
            .model
            .members(0)
            .iter()
            .enumerate()
            .filter(|(_, m)| keep(m))
            .collect();
        self.object(0, &members)
    }

    fn object(&mut self, shape: ShapeId, members: &[(usize, &'m Member)]) -> Value {
        let mut properties = Map::new();
        let mut required = Vec::new();
        for &(i, m) in members {
            let Some(name) = self.names[shape][i].clone() else {
                continue;
            };
            let mut schema = match self
                .overrides
                .iter()
                .find(|(at, _)| *at == (shape, i))
                .map(|(_, s)| s.clone())
            {
                Some(s) => s,
                None => {
                    let outer = self.lenient;
                    self.lenient |= m.status;
                    let s = self.shape(m.shape);
                    self.lenient = outer;
                    s
                }
            };
            let is_required = m.required && !m.status && !self.lenient;
            if !is_required {
                schema = nullable(schema);
            }
            let mut description = m.doc.clone();
            if name != m.name {
                description.push_str(&format!(" (API: {})", m.name));
            }
            if m.status {
                description.push_str(" Status: only DescribeTrainingJob returns it.");
            }
            let mut member = Map::new();
            member.insert("description".into(), description.into());
            if let Value::Object(o) = schema {
                member.extend(o);
            }
            if is_required {
                required.push(Value::String(name.clone()));
            }
            properties.insert(name, Value::Object(member));
        }
        let mut o = Map::new();
        o.insert("type".into(), "object".into());
        o.insert("properties".into(), Value::Object(properties));
        if !required.is_empty() {
            o.insert("required".into(), Value::Array(required));
        }
        o.insert("additionalProperties".into(), false.into());
        Value::Object(o)
    }

    /// The schema of a value of shape `id` (a `$ref` for structures and enums).
    pub fn shape(&mut self, id: ShapeId) -> Value {
        let model = self.model;
        let shape = &model.shapes[id];
        match &shape.kind {
            Kind::Structure { members } => {
                let key = self.def_key(&shape.name);
                if !self.defs.contains_key(&key) {
                    // Reserve the name first: shapes may refer to themselves.
                    self.defs.insert(key.clone(), Value::Null);
                    let members: Vec<(usize, &Member)> = members.iter().enumerate().collect();
                    let mut object = self.object(id, &members);
                    if let Value::Object(o) = &mut object {
                        let mut def = Map::new();
                        def.insert("title".into(), shape.name.clone().into());
                        def.insert("description".into(), shape.doc.clone().into());
                        def.extend(std::mem::take(o));
                        *o = def;
                    }
                    self.defs.insert(key.clone(), object);
                }
                json!({ "$ref": format!("#/$defs/{key}") })
            }
            Kind::Enum { values, open } => {
                let key = self.def_key(&shape.name);
                if !self.defs.contains_key(&key) {
                    let values: Vec<&str> = values.iter().map(|(v, _)| v.as_str()).collect();
                    let def = if *open || self.lenient {
                        json!({
                            "title": shape.name,
                            "description": "Known values are listed; AWS adds more every release, and tjspec keeps others with a warning.",
                            "anyOf": [{ "enum": values }, { "type": "string" }],
                        })
                    } else {
                        json!({ "title": shape.name, "enum": values })
                    };
                    self.defs.insert(key.clone(), def);
                }
                json!({ "$ref": format!("#/$defs/{key}") })
            }
            Kind::String { .. } | Kind::Long { .. } if self.lenient => {
                let ty = if matches!(shape.kind, Kind::Long { .. }) {
                    "integer"
                } else {
                    "string"
                };
                json!({ "type": ty })
            }
            // The reader keeps 32-bit integers in range everywhere.
            Kind::Integer { .. } if self.lenient => json!({
                "type": "integer",
                "minimum": i32::MIN,
                "maximum": i32::MAX,
            }),
            Kind::String { min, max, pattern } => {
                let mut o = Map::new();
                o.insert("type".into(), "string".into());
                if let Some(min) = min.filter(|&m| m > 0) {
                    o.insert("minLength".into(), min.into());
                }
                if let Some(max) = max {
                    o.insert("maxLength".into(), (*max).into());
                }
                if let Some(p) = pattern {
                    // `.*` and its kin say nothing; leave them out.
                    if !matches!(p.api.as_str(), ".*" | "[\\S\\s]*") {
                        o.insert("pattern".into(), pattern::to_ecma(&p.api).into());
                    }
                }
                Value::Object(o)
            }
            Kind::Integer { min, max } => json!({
                "type": "integer",
                "minimum": min.unwrap_or(i64::from(i32::MIN)),
                "maximum": max.unwrap_or(i64::from(i32::MAX)),
            }),
            Kind::Long { min, max } => {
                let mut o = Map::new();
                o.insert("type".into(), "integer".into());
                if let Some(min) = min {
                    o.insert("minimum".into(), (*min).into());
                }
                if let Some(max) = max {
                    o.insert("maximum".into(), (*max).into());
                }
                Value::Object(o)
            }
            Kind::Float | Kind::Double => json!({ "type": "number" }),
            Kind::Boolean => json!({ "type": "boolean" }),
            Kind::Timestamp => json!({
                "type": ["string", "number"],
                "format": "date-time",
                "$comment": "RFC 3339 text such as 2024-05-01T12:00:00Z, or epoch seconds",
            }),
            Kind::List { member, min, max } => {
                let items = self.shape(*member);
                let mut o = Map::new();
                o.insert("type".into(), "array".into());
                o.insert("items".into(), items);
                let (min, max) = if self.lenient {
                    (&None, &None)
                } else {
                    (min, max)
                };
                if let Some(min) = min.filter(|&m| m > 0) {
                    o.insert("minItems".into(), min.into());
                }
                if let Some(max) = max {
                    o.insert("maxItems".into(), (*max).into());
                }
                Value::Object(o)
            }
            Kind::Map {
                key,
                value,
                min,
                max,
            } => {
                let keys = self.shape(*key);
                let values = self.shape(*value);
                let mut o = Map::new();
                o.insert("type".into(), "object".into());
                o.insert("propertyNames".into(), keys);
                o.insert("additionalProperties".into(), values);
                let (min, max) = if self.lenient {
                    (&None, &None)
                } else {
                    (min, max)
                };
                if let Some(min) = min.filter(|&m| m > 0) {
                    o.insert("minProperties".into(), min.into());
                }
                if let Some(max) = max {
                    o.insert("maxProperties".into(), (*max).into());
                }
                Value::Object(o)
            }
        }
    }

    /// The `$defs` key of a structure or enum: its name, `status.` first
    /// for the lenient variant below status members.
    fn def_key(&self, name: &str) -> String {
        if self.lenient {
            format!("status.{name}")
        } else {
            name.to_owned()
        }
    }

    /// The whole document: `root` (an object schema) with the dialect,
    /// the generated marker, a title, a description and the definitions.
    pub fn finish(self, format: &str, title: &str, description: &str, root: Value) -> SchemaFile {
        let mut doc = Map::new();
        doc.insert("$schema".into(), DIALECT.into());
        doc.insert("$comment".into(), MARK.into());
        doc.insert("title".into(), title.into());
        doc.insert("description".into(), description.into());
        if let Value::Object(o) = root {
            doc.extend(o);
        }
        let defs: Map<String, Value> = self.defs.into_iter().collect();
        doc.insert("$defs".into(), Value::Object(defs));
        SchemaFile {
            format: format.to_owned(),
            document: Value::Object(doc),
        }
    }
}

/// Lets a member be `null` (which reads as absent).
fn nullable(schema: Value) -> Value {
    match schema {
        Value::Object(mut o) => {
            let plain_type = o.get("type").and_then(Value::as_str).map(str::to_owned);
            match plain_type {
                Some(t) if !o.contains_key("$ref") && !o.contains_key("anyOf") => {
                    o.insert("type".into(), json!([t, "null"]));
                    Value::Object(o)
                }
                _ => match o.get("type") {
                    Some(Value::Array(types)) if !o.contains_key("$ref") => {
                        let mut types = types.clone();
                        types.push("null".into());
                        o.insert("type".into(), Value::Array(types));
                        Value::Object(o)
                    }
                    _ => json!({ "anyOf": [Value::Object(o), { "type": "null" }] }),
                },
            }
        }
        other => other,
    }
}

fn binding<'b>(bindings: &'b [BindingNames], format: &str) -> &'b BindingNames {
    bindings
        .iter()
        .find(|b| b.format == format)
        .unwrap_or_else(|| panic!("no `{format}` binding"))
}

/// The AWS API JSON form: the whole job, status members optional.
pub fn aws(model: &Model, bindings: &[BindingNames]) -> SchemaFile {
    let mut b = Builder::new(model, binding(bindings, "aws"));
    let root = b.job_object(|_| true);
    b.finish(
        "aws",
        "SageMaker training job (AWS API JSON)",
        "A CreateTrainingJob request or a DescribeTrainingJob response, as the AWS CLI (--cli-input-json / --cli-input-yaml) and boto3 take them. Status members are optional. Several jobs: a JSON array or JSON Lines, one job each.",
        root,
    )
}

/// A Datadog `aws_sagemaker_trainingjob` resource row.
pub fn datadog(model: &Model, bindings: &[BindingNames]) -> SchemaFile {
    let names = binding(bindings, "datadog");
    let mut b = Builder::new(model, names);
    let tags = model
        .members(0)
        .iter()
        .position(|m| m.name == crate::xform::DATADOG_TAGS)
        .expect("the job has Tags");
    let max = match &model.shapes[model.members(0)[tags].shape].kind {
        Kind::List { max, .. } => *max,
        _ => None,
    };
    let mut tag_list = json!({
        "type": "array",
        "items": {
            "type": "string",
            "description": "A tag as \"key:value\": the key is the text before the first `:`, the value the rest; a tag without `:` has an empty value.",
        },
    });
    if let Some(max) = max {
        tag_list["maxItems"] = max.into();
    }
    b.override_member(0, tags, tag_list);
    let mut root = b.job_object(|_| true);
    if let Some(Value::Object(props)) = root.get_mut("properties") {
        let mut with_account = Map::new();
        with_account.insert(
            "account_id".into(),
            json!({
                "description": "The AWS account of the job; must agree with the account in training_job_arn.",
                "type": ["string", "null"],
                "pattern": "^[0-9]{12}$",
            }),
        );
        with_account.extend(std::mem::take(props));
        *props = with_account;
    }
    b.finish(
        "datadog",
        "SageMaker training job (Datadog aws_sagemaker_trainingjob row)",
        "One row of Datadog's resource catalog: the DescribeTrainingJob members in botocore snake_case, the tags as \"key:value\" strings and the account_id. An inventory export is JSON Lines, one row each.",
        root,
    )
}

/// An ACK `TrainingJob` manifest: the generated CRD's `spec` and `status`
/// schemas inside the Kubernetes envelope, with the canonical constraints
/// (patterns, lengths, ranges, closed enums) the CRD leaves out.
pub fn ack(model: &Model) -> Option<SchemaFile> {
    let ack = model.ack.as_ref()?;
    let crd = super::crd::build_constrained(model, ack);
    let version = &crd["spec"]["versions"][0];
    let api_version = format!(
        "{}/{}",
        crd["spec"]["group"].as_str().unwrap_or_default(),
        version["name"].as_str().unwrap_or_default()
    );
    let kind = crd["spec"]["names"]["kind"].clone();
    let parts = &version["schema"]["openAPIV3Schema"]["properties"];
    let string_map = json!({"type": "object", "additionalProperties": {"type": "string"}});
    let document = json!({
        "$schema": DIALECT,
        "$comment": MARK,
        "title": "SageMaker training job (ACK TrainingJob manifest)",
        "description": "A TrainingJob object of the AWS Controllers for Kubernetes SageMaker controller; spec and status are those of the generated CustomResourceDefinition, with the constraints of the canonical schema (patterns, lengths, ranges, closed enums) that the CRD leaves to the controller.",
        "type": "object",
        "required": ["apiVersion", "kind", "metadata", "spec"],
        "properties": {
            "apiVersion": {"const": api_version},
            "kind": {"const": kind},
            "metadata": {
                "description": "Kubernetes object metadata.",
                "type": "object",
                "required": ["name"],
                "properties": {
                    "name": {
                        "description": "The object name: lower-case letters, digits, `-` and `.`, at most 253 characters.",
                        "type": "string",
                        "maxLength": 253,
                        "pattern": "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$",
                    },
                    "namespace": {"type": "string"},
                    "labels": string_map,
                    "annotations": string_map,
                },
            },
            "spec": closed(parts["spec"].clone()),
            "status": closed(parts["status"].clone()),
        },
    });
    Some(SchemaFile {
        format: "ack".to_owned(),
        document,
    })
}

/// Rejects properties the CRD does not define, at every level, so editors
/// flag a misspelt field (the API server would silently prune it), and lets
/// every property be `null`, which tjspec reads as absent (real manifests
/// carry `failureReason: null`).
fn closed(schema: Value) -> Value {
    match schema {
        Value::Object(mut o) => {
            for v in o.values_mut() {
                *v = closed(std::mem::take(v));
            }
            if let Some(Value::Object(props)) = o.get_mut("properties") {
                for v in props.values_mut() {
                    *v = nullable(std::mem::take(v));
                }
            }
            if o.get("type").and_then(Value::as_str) == Some("object")
                && o.contains_key("properties")
            {
                o.entry("additionalProperties")
                    .or_insert(Value::Bool(false));
            }
            Value::Object(o)
        }
        Value::Array(items) => Value::Array(items.into_iter().map(closed).collect()),
        other => other,
    }
}

/// Every schema the generator writes.
pub fn files(model: &Model) -> Vec<SchemaFile> {
    let bindings = super::bindings::all(model);
    let mut files = vec![aws(model, &bindings)];
    files.extend(ack(model));
    // Datadog resource rows.
    files.push(datadog(model, &bindings));
    files
}

#[cfg(test)]
mod tests {
    use super::nullable;
    use serde_json::json;

    #[test]
    fn members_may_be_null() {
        assert_eq!(
            nullable(json!({"type": "string"})),
            json!({"type": ["string", "null"]})
        );
        assert_eq!(
            nullable(json!({"type": ["string", "number"]})),
            json!({"type": ["string", "number", "null"]})
        );
        assert_eq!(
            nullable(json!({"$ref": "#/$defs/X"})),
            json!({"anyOf": [{"$ref": "#/$defs/X"}, {"type": "null"}]})
        );
    }
}
