//! JSON Schema (draft 2020-12) of the formats, for editors and validators.
//!
//! A [`Builder`] turns the model into schemas with one binding's member
//! names: every structure and enum shape becomes a `$defs` entry, members
//! carry their docs as `description`, and the schema's constraints become
//! `required`, `pattern`, `minLength`/`maxLength`, `minimum`/`maximum`,
//! `minItems`/`maxItems` and `enum`. [`files`] lists every schema the
//! generator writes to `generated/schema/`, for each resource in turn; a
//! format adds its schema there with one function like [`aws`] or
//! [`datadog`].
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

use super::MARK;
use crate::ack::{Ack, AckCrd};
use crate::binding::BindingNames;
use crate::model::{Kind, Member, Model, Resource, ShapeId};
use crate::pattern;
use crate::sm_operator::{OperatorCrd, SmOperator};
use crate::sources::Bindings;
use crate::xform::DatadogResource;

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

    /// The object schema of the members of the resource rooted at `root`
    /// that `keep` accepts and the binding names; `required` members are
    /// those its create request requires (status members never are).
    pub fn resource_object(&mut self, root: ShapeId, keep: impl Fn(&Member) -> bool) -> Value {
        let members: Vec<(usize, &Member)> = self
            .model
            .members(root)
            .iter()
            .enumerate()
            .filter(|(_, m)| keep(m))
            .collect();
        self.object(root, &members)
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
                let describe = self
                    .model
                    .resource_at(shape)
                    .map(|r| r.describe.as_str())
                    .expect("only a resource's root has status members");
                description.push_str(&format!(" Status: only {describe} returns it."));
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

/// The file stem of a resource's schema of `format`: the format's name for
/// the first resource (as the crate has always named them), `format.module`
/// for the others (`aws.hyper_parameter_tuning_job`).
fn stem(model: &Model, r: &Resource, format: &str) -> String {
    if model.resources.first().is_some_and(|f| f.shape == r.shape) {
        format.to_owned()
    } else {
        format!("{format}.{}", super::resource_module_name(model, r.shape))
    }
}

/// `TrainingJob` → (`training job`, `job`): how the schemas speak of it.
fn nouns(r: &Resource) -> (String, String) {
    let noun = crate::naming::sentence(&r.name);
    let short = noun.rsplit(' ').next().unwrap_or_default().to_owned();
    (noun, short)
}

/// The AWS API JSON form: the whole resource, status members optional.
pub fn aws(model: &Model, bindings: &[BindingNames], r: &Resource) -> SchemaFile {
    let mut b = Builder::new(model, binding(bindings, "aws"));
    let root = b.resource_object(r.shape, |_| true);
    let (noun, short) = nouns(r);
    b.finish(
        &stem(model, r, "aws"),
        &format!("SageMaker {noun} (AWS API JSON)"),
        &format!(
            "A {} request or a {} response, as the AWS CLI (--cli-input-json / --cli-input-yaml) and boto3 take them. Status members are optional. Several {short}s: a JSON array or JSON Lines, one {short} each.",
            r.create, r.describe
        ),
        root,
    )
}

/// A Datadog resource row (`aws_sagemaker_trainingjob`).
pub fn datadog(
    model: &Model,
    bindings: &[BindingNames],
    r: &Resource,
    table: &DatadogResource,
) -> SchemaFile {
    let names = binding(bindings, "datadog");
    let mut b = Builder::new(model, names);
    let members = model.members(r.shape);
    let tags = members
        .iter()
        .position(|m| m.name == crate::xform::DATADOG_TAGS)
        .expect("a Datadog resource has Tags");
    let max = match &model.shapes[members[tags].shape].kind {
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
    b.override_member(r.shape, tags, tag_list);
    let (noun, short) = nouns(r);
    let mut root = b.resource_object(r.shape, |_| true);
    if let Some(Value::Object(props)) = root.get_mut("properties") {
        let mut with_account = Map::new();
        with_account.insert(
            "account_id".into(),
            json!({
                "description": format!(
                    "The AWS account of the {short}; must agree with the account in {}.",
                    crate::xform::xform_name(table.arn)
                ),
                "type": ["string", "null"],
                "pattern": "^[0-9]{12}$",
            }),
        );
        with_account.extend(std::mem::take(props));
        *props = with_account;
    }
    b.finish(
        &stem(model, r, "datadog"),
        &format!("SageMaker {noun} (Datadog {} row)", table.table),
        &format!(
            "One row of Datadog's resource catalog: the {} members in botocore snake_case, the tags as \"key:value\" strings and the account_id. An inventory export is JSON Lines, one row each.",
            r.describe
        ),
        root,
    )
}

/// An ACK manifest of a resource's custom resource: the generated CRD's
/// `spec` and `status` schemas inside the Kubernetes envelope, with the
/// canonical constraints (patterns, lengths, ranges, closed enums) the CRD
/// leaves out.
pub fn ack(model: &Model, ack: &Ack, c: &AckCrd, r: &Resource) -> SchemaFile {
    let crd = crate::crd::build_constrained(model, ack, c);
    let (noun, _) = nouns(r);
    let kind_name = crd["spec"]["names"]["kind"].as_str().unwrap_or_default();
    let title = format!("SageMaker {noun} (ACK {kind_name} manifest)");
    let description = format!("A {kind_name} object of the AWS Controllers for Kubernetes SageMaker controller; spec and status are those of the generated CustomResourceDefinition, with the constraints of the canonical schema (patterns, lengths, ranges, closed enums) that the CRD leaves to the controller.");
    SchemaFile {
        format: stem(model, r, "ack"),
        document: manifest(&crd, &title, &description, &[]),
    }
}

/// A manifest of the SageMaker Operators for Kubernetes (deprecated in
/// favour of ACK): the generated CRD's `spec` and `status` schemas inside
/// the Kubernetes envelope, with `spec.region`, which the operator needs
/// to create the job (the frozen CRD does not say so), required.
pub fn sm_operator(model: &Model, op: &SmOperator, c: &OperatorCrd, r: &Resource) -> SchemaFile {
    let crd = crate::sm_operator::build_crd(model, op, c);
    let (noun, _) = nouns(r);
    let kind = &c.crd.kind;
    let title = format!("SageMaker {noun} (SageMaker Operators for Kubernetes {kind} manifest)");
    let description = format!("A {kind} object of the SageMaker Operators for Kubernetes, which AWS deprecated in favour of ACK; spec and status are those of the generated CustomResourceDefinition (maps as lists of name/value pairs), and spec.region, which the operator needs to create the job, is required.");
    SchemaFile {
        format: stem(model, r, "sm-operator"),
        document: manifest(&crd, &title, &description, &["region"]),
    }
}

/// A custom resource's manifest: `crd`'s `spec` and `status` schemas,
/// closed, inside the Kubernetes envelope; `spec_required` adds to what
/// the CRD requires of `spec`.
fn manifest(crd: &Value, title: &str, description: &str, spec_required: &[&str]) -> Value {
    let version = &crd["spec"]["versions"][0];
    let api_version = format!(
        "{}/{}",
        crd["spec"]["group"].as_str().unwrap_or_default(),
        version["name"].as_str().unwrap_or_default()
    );
    let kind = crd["spec"]["names"]["kind"].clone();
    let parts = &version["schema"]["openAPIV3Schema"]["properties"];
    let string_map = json!({"type": "object", "additionalProperties": {"type": "string"}});
    let mut spec = parts["spec"].clone();
    if !spec_required.is_empty() {
        let required = spec
            .as_object_mut()
            .map(|o| o.entry("required").or_insert_with(|| json!([])));
        if let Some(Value::Array(list)) = required {
            for name in spec_required {
                if !list.iter().any(|v| v == name) {
                    list.push((*name).into());
                }
            }
            list.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
        }
    }
    json!({
        "$schema": DIALECT,
        "$comment": MARK,
        "title": title,
        "description": description,
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
            "spec": closed(spec),
            "status": closed(parts["status"].clone()),
        },
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

/// Every schema the generator writes: for each resource, its AWS form, its
/// ACK manifest (when ACK has it), its SageMaker operator manifest (when the
/// operator has it) and its Datadog row (when Datadog has it).
pub fn files(model: &Model, bindings: &Bindings) -> Vec<SchemaFile> {
    let mut files = Vec::new();
    for r in &model.resources {
        files.push(aws(model, &bindings.formats, r));
        if let Some(a) = &bindings.ack {
            if let Some(c) = a.crd_of(r.shape) {
                files.push(ack(model, a, c, r));
            }
        }
        if let Some(op) = &bindings.sm_operator {
            if let Some(c) = op.crds.iter().find(|c| c.resource == r.shape) {
                files.push(sm_operator(model, op, c, r));
            }
        }
        // Datadog resource rows.
        if let Some(table) = crate::xform::DATADOG_RESOURCES
            .iter()
            .find(|d| d.resource == r.name)
        {
            files.push(datadog(model, &bindings.formats, r, table));
        }
    }
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
