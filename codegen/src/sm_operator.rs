//! The binding of the SageMaker Operators for Kubernetes
//! (`schema/bindings/sm-operator.yaml`): how the deprecated operator's
//! custom resources spell the resources, and its CRD built from the schema.
//!
//! Names come from [`crate::naming::lower_camel`] with the file's
//! exceptions. Which members the operator carries is decided by its field
//! list: the CRD is frozen, so a member whose path the list lacks is one the
//! operator cannot carry. The CRD built from the carried members and the
//! operator's own fields must have exactly the listed paths and types
//! ([`check_fields`]); the list's `required` markers become the CRD's
//! required fields.

use std::collections::{BTreeMap, BTreeSet};

use indexmap::IndexMap;
use serde::Deserialize;
use serde_json::{json, Map, Value};

use crate::ack::OpenApi;
use crate::model::{Kind, Model, ShapeId};

/// `schema/bindings/sm-operator.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorFile {
    /// The custom resource of each resource the operator has, by resource name.
    pub resources: IndexMap<String, OperatorResource>,
    /// Members whose name is not the computed one, `Shape.Member` → name.
    #[serde(default)]
    pub names: IndexMap<String, String>,
    /// Structure members held as their one inner member, `Shape.Member` → inner member.
    #[serde(default)]
    pub wrapped: IndexMap<String, String>,
    /// Number members the CRD holds as strings, `Shape.Member`.
    #[serde(default)]
    pub strings: Vec<String>,
}

/// One resource's custom resource as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OperatorResource {
    /// The custom resource's identity.
    pub crd: Crd,
    /// The CRD's field list (a file beside this one).
    pub fields: String,
    /// The operator's own fields of `spec`.
    #[serde(default)]
    pub spec: IndexMap<String, OpenApi>,
    /// The operator's own fields of `status`; `member.field` is a field the
    /// operator adds inside a member's object.
    #[serde(default)]
    pub status: IndexMap<String, OpenApi>,
    /// The field of `status` holding the job's name in SageMaker (one of
    /// `status`), which the operator generates when `spec` names no job.
    pub sagemaker_name: String,
}

/// The custom resource definition's identity.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crd {
    /// API group (`sagemaker.aws.amazon.com`).
    pub group: String,
    /// Version (`v1`).
    pub version: String,
    /// Kind (`TrainingJob`).
    pub kind: String,
    /// Kind of a list (`TrainingJobList`).
    pub list_kind: String,
    /// Plural resource name (`trainingjobs`).
    pub plural: String,
    /// Singular resource name (`trainingjob`).
    pub singular: String,
    /// `Namespaced` or `Cluster`.
    pub scope: String,
}

/// One line of a field list: a path, its type, whether the CRD requires it.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Field {
    /// `spec.resourceConfig.instanceCount`; list elements are `[]`.
    pub path: String,
    /// `string`, `integer`, `boolean`, `number`, `object`, `array` (of
    /// objects), `array<string>`, `date-time`.
    pub ty: String,
    /// Whether its object requires it.
    pub required: bool,
    /// The only values it takes, when the CRD closes them (`enum=A|B`).
    pub values: Vec<String>,
}

/// Reads a field list (`path type [required]` per line; `#` comments).
pub fn parse_fields(text: &str) -> Result<Vec<Field>, Vec<String>> {
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(path), Some(ty)) = (words.next(), words.next()) else {
            problems.push(format!("line {}: expected `path type`", n + 1));
            continue;
        };
        let mut field = Field {
            path: path.to_owned(),
            ty: ty.to_owned(),
            required: false,
            values: Vec::new(),
        };
        for word in words {
            match word {
                "required" if !field.required => field.required = true,
                _ => match word.strip_prefix("enum=") {
                    Some(values) if field.values.is_empty() && !values.is_empty() => {
                        field.values = values.split('|').map(str::to_owned).collect();
                    }
                    _ => problems.push(format!(
                        "line {}: `{word}` is neither `required` nor `enum=A|B`",
                        n + 1
                    )),
                },
            }
        }
        out.push(field);
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}

/// Reads the field list a file names: its fields, or every problem.
pub type ReadFields<'a> = dyn FnMut(&str) -> Result<Vec<Field>, Vec<String>> + 'a;

/// The checked binding.
#[derive(Clone, Debug)]
pub struct SmOperator {
    /// The custom resources, in the model's resource order.
    pub crds: Vec<OperatorCrd>,
    /// `names[shape][member]`: the operator's name, `None` for members it
    /// cannot carry. Members of a resource's root carry their path from the
    /// object root (`spec.roleArn`).
    pub names: Vec<Vec<Option<String>>>,
    /// Structure members held as their one inner member: (shape, member, inner).
    pub wrapped: Vec<(ShapeId, usize, usize)>,
    /// Number members the CRD holds as strings: (shape, member).
    pub strings: Vec<(ShapeId, usize)>,
}

/// One resource's custom resource, checked.
#[derive(Clone, Debug)]
pub struct OperatorCrd {
    /// The resource's root structure.
    pub resource: ShapeId,
    /// The custom resource's identity.
    pub crd: Crd,
    /// The field list file, relative to the binding.
    pub fields: String,
    /// The field list.
    pub listed: Vec<Field>,
    /// The operator's own `spec` fields.
    pub spec: IndexMap<String, OpenApi>,
    /// The operator's own `status` fields.
    pub status: IndexMap<String, OpenApi>,
    /// The `status` field holding the job's name in SageMaker.
    pub sagemaker_name: String,
}

/// Parses the file; errors carry the YAML position.
pub fn parse(text: &str) -> Result<OperatorFile, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

impl SmOperator {
    /// Checks the file against the model and computes every name; `fields`
    /// reads a field list named by the file.
    pub fn build(
        raw: OperatorFile,
        model: &Model,
        fields: &mut ReadFields<'_>,
    ) -> Result<SmOperator, Vec<String>> {
        let mut problems = Vec::new();
        let mut overrides = BTreeMap::new();
        for (path, name) in &raw.names {
            match model.member_at(path) {
                Ok(at) => {
                    if model.resource_at(at.0).is_some()
                        && !(name.starts_with("spec.") || name.starts_with("status."))
                    {
                        problems.push(format!(
                            "names: `{path}` is a member of a resource; its name must start with `spec.` or `status.`"
                        ));
                    }
                    overrides.insert(at, name.clone());
                }
                Err(e) => problems.push(format!("names: {e}")),
            }
        }
        let mut wrapped = Vec::new();
        for (path, inner) in &raw.wrapped {
            match model.member_at(path) {
                Ok((shape, i)) => {
                    let target = model.members(shape)[i].shape;
                    let inner_members = model.members(target);
                    match inner_members.iter().position(|m| &m.name == inner) {
                        Some(j) if inner_members.len() == 1 => wrapped.push((shape, i, j)),
                        Some(_) => problems.push(format!(
                            "wrapped: `{path}` has members besides `{inner}`: holding it as one would lose them"
                        )),
                        None => problems.push(format!(
                            "wrapped: `{path}` has no member `{inner}`"
                        )),
                    }
                }
                Err(e) => problems.push(format!("wrapped: {e}")),
            }
        }
        let mut strings = Vec::new();
        for path in &raw.strings {
            match model.member_at(path) {
                Ok((shape, i)) => {
                    let target = model.members(shape)[i].shape;
                    if matches!(
                        model.shapes[target].kind,
                        Kind::Integer { .. } | Kind::Long { .. } | Kind::Float | Kind::Double
                    ) {
                        strings.push((shape, i));
                    } else {
                        problems.push(format!(
                            "strings: `{path}` is not a number: only numbers are held as strings"
                        ));
                    }
                }
                Err(e) => problems.push(format!("strings: {e}")),
            }
        }
        let computed: Vec<Vec<String>> = (0..model.shapes.len())
            .map(|id| {
                let root = model.resource_at(id).is_some();
                model
                    .members(id)
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        if let Some(name) = overrides.get(&(id, i)) {
                            return name.clone();
                        }
                        let name = crate::naming::lower_camel(&m.name);
                        if root {
                            let section = if m.status { "status" } else { "spec" };
                            format!("{section}.{name}")
                        } else {
                            name
                        }
                    })
                    .collect()
            })
            .collect();
        let mut carried: Vec<Vec<bool>> = computed.iter().map(|r| vec![false; r.len()]).collect();
        let mut crds = Vec::new();
        for (resource, raw) in raw.resources {
            let Some(root) = model.resource(&resource).map(|r| r.shape) else {
                problems.push(format!("resources: there is no resource `{resource}`"));
                continue;
            };
            let listed = match fields(&raw.fields) {
                Ok(l) => l,
                Err(mut p) => {
                    problems.append(&mut p);
                    continue;
                }
            };
            let paths: BTreeSet<&str> = listed.iter().map(|f| f.path.as_str()).collect();
            let mut walk = Walk {
                model,
                computed: &computed,
                wrapped: &wrapped,
                listed: &paths,
                carried: &mut carried,
            };
            walk.structure(root, "");
            for (name, schema) in raw.spec.iter().chain(&raw.status) {
                check_openapi(&mut problems, &format!("{resource}: {name}"), schema);
            }
            if raw.spec.keys().any(|k| k.contains('.')) {
                problems.push(format!(
                    "{resource}: spec: the operator's own fields of spec are its own top-level fields"
                ));
            }
            if raw.status.keys().any(|k| k.matches('.').count() > 1) {
                problems.push(format!(
                    "{resource}: status: a field the operator adds inside a member is `member.field`, one level deep"
                ));
            }
            if raw
                .status
                .get(&raw.sagemaker_name)
                .is_none_or(|s| s.ty != "string")
            {
                problems.push(format!(
                    "{resource}: sagemaker_name `{}` is not a string field of status",
                    raw.sagemaker_name
                ));
            }
            crds.push(OperatorCrd {
                resource: root,
                crd: raw.crd,
                fields: raw.fields,
                listed,
                spec: raw.spec,
                status: raw.status,
                sagemaker_name: raw.sagemaker_name,
            });
        }
        crds.sort_by_key(|c| c.resource);
        let names: Vec<Vec<Option<String>>> = computed
            .into_iter()
            .zip(&carried)
            .map(|(row, carried)| {
                row.into_iter()
                    .zip(carried)
                    .map(|(name, &c)| c.then_some(name))
                    .collect()
            })
            .collect();
        if problems.is_empty() {
            Ok(SmOperator {
                crds,
                names,
                wrapped,
                strings,
            })
        } else {
            Err(problems)
        }
    }

    /// Whether member `i` of `shape` is held as its one inner member.
    fn wrapped_inner(&self, shape: ShapeId, i: usize) -> Option<usize> {
        self.wrapped
            .iter()
            .find(|w| w.0 == shape && w.1 == i)
            .map(|w| w.2)
    }
}

/// Marks the members whose paths the field list has.
struct Walk<'a> {
    model: &'a Model,
    computed: &'a [Vec<String>],
    wrapped: &'a [(ShapeId, usize, usize)],
    listed: &'a BTreeSet<&'a str>,
    carried: &'a mut [Vec<bool>],
}

impl Walk<'_> {
    fn structure(&mut self, shape: ShapeId, prefix: &str) {
        for (i, m) in self.model.members(shape).iter().enumerate() {
            let name = &self.computed[shape][i];
            let path = if prefix.is_empty() {
                name.clone()
            } else {
                format!("{prefix}.{name}")
            };
            // Only listed paths are followed: the walk ends with the list.
            if !self.listed.contains(path.as_str()) {
                continue;
            }
            self.carried[shape][i] = true;
            if let Some(&(_, _, inner)) = self.wrapped.iter().find(|w| w.0 == shape && w.1 == i) {
                self.carried[m.shape][inner] = true;
                continue;
            }
            match &self.model.shapes[m.shape].kind {
                Kind::Structure { .. } => self.structure(m.shape, &path),
                Kind::List { member, .. }
                    if matches!(self.model.shapes[*member].kind, Kind::Structure { .. }) =>
                {
                    self.structure(*member, &format!("{path}[]"));
                }
                _ => {}
            }
        }
    }
}

/// Where the CRD of `crd` goes, relative to the generated crate.
pub fn path(crd: &OperatorCrd) -> String {
    format!("crd/{}_{}.yaml", crd.crd.group, crd.crd.plural)
}

/// The CRD of one resource as a JSON value (keys sorted): field names are
/// the binding's, types the CRD's (integers int64, enums plain strings,
/// maps lists of `{name, value}`), required fields the field list's.
pub fn build_crd(model: &Model, op: &SmOperator, c: &OperatorCrd) -> Value {
    let root = c.resource;
    let noun = crate::naming::sentence(&model.shapes[root].name);
    let mut spec = json!({"type": "object", "properties": {}, "description": format!("The {noun} in the operator's names, and the region to create it in.")});
    let mut status = json!({"type": "object", "properties": {}, "description": "What the operator reports about the job."});
    for (i, m) in model.members(root).iter().enumerate() {
        let Some(path) = &op.names[root][i] else {
            continue;
        };
        let schema = member_schema(model, op, root, i);
        let (section, name) = path.split_once('.').expect("checked by the binding");
        let target = if section == "spec" {
            &mut spec
        } else {
            &mut status
        };
        target["properties"][name] = with_description(schema, &m.doc);
    }
    for (name, extra) in &c.spec {
        spec["properties"][name.as_str()] = openapi(extra);
    }
    for (name, extra) in &c.status {
        // `member.field`: inside the member's object, when the CRD has it
        // (the check against the field list reports it otherwise).
        match name.split_once('.') {
            Some((member, field)) => {
                if let Some(Value::Object(props)) = status["properties"]
                    .get_mut(member)
                    .and_then(|m| m.get_mut("properties"))
                {
                    props.insert(field.to_owned(), openapi(extra));
                }
            }
            None => status["properties"][name.as_str()] = openapi(extra),
        }
    }
    let mut schema = json!({
        "description": format!("{} is the Schema for the {}s API", c.crd.kind, c.crd.kind),
        "type": "object",
        "required": ["spec"],
        "properties": {
            "apiVersion": {"type": "string", "description": "The versioned schema of this representation of an object."},
            "kind": {"type": "string", "description": "The REST resource this object represents."},
            "metadata": {"type": "object"},
            "spec": spec,
            "status": status,
        },
    });
    for f in c.listed.iter().filter(|f| f.required) {
        require(&mut schema, &f.path);
    }
    for f in c.listed.iter().filter(|f| !f.values.is_empty()) {
        if let Some(at) = field_schema(&mut schema, &f.path) {
            at["enum"] = f.values.iter().map(|v| Value::from(v.as_str())).collect();
        }
    }
    let mut v = json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{}.{}", c.crd.plural, c.crd.group)},
        "spec": {
            "group": c.crd.group,
            "names": {
                "kind": c.crd.kind,
                "listKind": c.crd.list_kind,
                "plural": c.crd.plural,
                "singular": c.crd.singular,
            },
            "scope": c.crd.scope,
            "versions": [{
                "name": c.crd.version,
                "schema": {"openAPIV3Schema": schema},
                "served": true,
                "storage": true,
                "subresources": {"status": {}},
            }],
        },
    });
    sort(&mut v);
    v
}

/// The schema of member `i` of `shape` (its inner member's, when wrapped).
fn member_schema(model: &Model, op: &SmOperator, shape: ShapeId, i: usize) -> Value {
    let m = &model.members(shape)[i];
    match op.wrapped_inner(shape, i) {
        Some(inner) => {
            let inner = &model.members(m.shape)[inner];
            shape_schema(model, op, inner.shape)
        }
        None if op.strings.contains(&(shape, i)) => json!({"type": "string"}),
        None => shape_schema(model, op, m.shape),
    }
}

fn shape_schema(model: &Model, op: &SmOperator, id: ShapeId) -> Value {
    match &model.shapes[id].kind {
        Kind::Structure { members } => {
            let mut props = Map::new();
            for (i, m) in members.iter().enumerate() {
                if let Some(name) = &op.names[id][i] {
                    props.insert(
                        name.clone(),
                        with_description(member_schema(model, op, id, i), &m.doc),
                    );
                }
            }
            json!({"type": "object", "properties": props})
        }
        Kind::List { member, .. } => {
            json!({"type": "array", "items": shape_schema(model, op, *member)})
        }
        // The operator's KeyValuePair.
        Kind::Map { .. } => json!({
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"name": {"type": "string"}, "value": {"type": "string"}},
            },
        }),
        Kind::Enum { .. } | Kind::String { .. } => json!({"type": "string"}),
        Kind::Integer { .. } | Kind::Long { .. } => json!({"type": "integer", "format": "int64"}),
        Kind::Float | Kind::Double => json!({"type": "number"}),
        Kind::Boolean => json!({"type": "boolean"}),
        Kind::Timestamp => json!({"type": "string", "format": "date-time"}),
    }
}

fn with_description(mut v: Value, doc: &str) -> Value {
    if !doc.is_empty() {
        v["description"] = doc.into();
    }
    v
}

/// Adds the last step of `path` to the `required` list of the object
/// holding it (a listed path: the check makes sure it exists).
fn require(schema: &mut Value, path: &str) {
    let mut at = schema;
    let steps: Vec<&str> = path.split('.').collect();
    for (n, step) in steps.iter().enumerate() {
        let (name, element) = match step.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (*step, false),
        };
        if n + 1 == steps.len() {
            if let Some(obj) = at.as_object_mut() {
                let list = obj.entry("required").or_insert_with(|| json!([]));
                if let Some(list) = list.as_array_mut() {
                    list.push(name.into());
                }
            }
            return;
        }
        let next = &mut at["properties"][name];
        at = if element { &mut next["items"] } else { next };
    }
}

/// The schema of the field at `path` (a listed path), if the CRD has it.
fn field_schema<'v>(schema: &'v mut Value, path: &str) -> Option<&'v mut Value> {
    let mut at = schema;
    for step in path.split('.') {
        let (name, element) = match step.strip_suffix("[]") {
            Some(name) => (name, true),
            None => (step, false),
        };
        let next = at.get_mut("properties")?.get_mut(name)?;
        at = if element {
            next.get_mut("items")?
        } else {
            next
        };
    }
    Some(at)
}

fn openapi(s: &OpenApi) -> Value {
    let mut v = json!({"type": s.ty});
    if let Some(f) = &s.format {
        v["format"] = f.as_str().into();
    }
    if let Some(d) = &s.description {
        v["description"] = d.as_str().into();
    }
    if !s.properties.is_empty() {
        let props: Map<String, Value> = s
            .properties
            .iter()
            .map(|(k, p)| (k.clone(), openapi(p)))
            .collect();
        v["properties"] = Value::Object(props);
    }
    if let Some(items) = &s.items {
        v["items"] = openapi(items);
    }
    v
}

fn check_openapi(problems: &mut Vec<String>, at: &str, s: &OpenApi) {
    if !["string", "integer", "number", "boolean"].contains(&s.ty.as_str()) {
        problems.push(format!(
            "{at}: the operator's own fields are scalars; `{}` is not",
            s.ty
        ));
    }
}

/// Sorts every object's keys and every `required` list.
fn sort(v: &mut Value) {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            for (k, mut e) in entries {
                if k == "required" {
                    if let Value::Array(items) = &mut e {
                        items.sort_by(|a, b| a.as_str().cmp(&b.as_str()));
                    }
                }
                sort(&mut e);
                map.insert(k, e);
            }
        }
        Value::Array(items) => items.iter_mut().for_each(sort),
        _ => {}
    }
}

/// The fields of a built CRD: every path below `spec` and `status` with its
/// type and whether it is required, as a field list spells them.
pub fn crd_fields(crd: &Value) -> Vec<Field> {
    let root = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
    let mut out = Vec::new();
    for part in ["spec", "status"] {
        let required = root["required"]
            .as_array()
            .is_some_and(|r| r.iter().any(|x| x == part));
        fields_of(
            &root["properties"][part],
            part.to_owned(),
            required,
            &mut out,
        );
    }
    out.sort();
    out
}

fn fields_of(schema: &Value, path: String, required: bool, out: &mut Vec<Field>) {
    let ty = schema["type"].as_str().unwrap_or_default();
    let spelled = match ty {
        "array" if schema["items"]["type"] != "object" => {
            format!(
                "array<{}>",
                schema["items"]["type"].as_str().unwrap_or_default()
            )
        }
        "string" if schema["format"] == "date-time" => "date-time".to_owned(),
        other => other.to_owned(),
    };
    let element = ty == "array" && schema["items"]["type"] == "object";
    let object = if element { &schema["items"] } else { schema };
    let prefix = if element {
        format!("{path}[]")
    } else {
        path.clone()
    };
    let required_here: Vec<&str> = object["required"]
        .as_array()
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if let Some(props) = object["properties"].as_object() {
        for (k, v) in props {
            fields_of(
                v,
                format!("{prefix}.{k}"),
                required_here.contains(&k.as_str()),
                out,
            );
        }
    }
    out.push(Field {
        path,
        ty: spelled,
        required,
        values: Vec::new(),
    });
}

/// Checks the CRD built for `c` against its field list: every difference
/// of path or type is a problem that says what to do.
pub fn check_fields(model: &Model, op: &SmOperator, c: &OperatorCrd) -> Result<(), Vec<String>> {
    let built: BTreeMap<String, String> = crd_fields(&build_crd(model, op, c))
        .into_iter()
        .map(|f| (f.path, f.ty))
        .collect();
    let listed: BTreeMap<&str, &str> = c
        .listed
        .iter()
        .map(|f| (f.path.as_str(), f.ty.as_str()))
        .collect();
    let mut problems = Vec::new();
    for (p, ty) in &built {
        match listed.get(p.as_str()) {
            None => problems.push(format!(
                "`{p}` would be a field of the generated CRD, but the operator's CRD has no such field: check `names:` and `wrapped:` in schema/bindings/sm-operator.yaml"
            )),
            Some(l) if l != ty => problems.push(format!(
                "`{p}` is `{ty}` in the generated CRD but `{l}` in the operator's: the member's shape and the operator disagree"
            )),
            Some(_) => {}
        }
    }
    for p in listed.keys().filter(|p| !built.contains_key(**p)) {
        problems.push(format!(
            "the operator's CRD has `{p}`, but no schema member or operator field maps to it: check `names:`, `wrapped:`, `spec:` and `status:` in schema/bindings/sm-operator.yaml"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}
