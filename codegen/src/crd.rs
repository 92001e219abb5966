//! An ACK CustomResourceDefinition as a JSON value, built from the model
//! and the ACK binding for one resource, and the check of it against the
//! controller's field list.
//!
//! Field names are the binding's; types follow the CRD's conventions rather
//! than the API's constraints (integers are int64, enums are plain strings,
//! no patterns or lengths, nothing required below `spec`). Keys are sorted,
//! as controller-gen writes them.

use serde_json::{json, Map, Value};

use crate::ack::{Ack, AckCrd, OpenApi};
use crate::model::{Kind, Model, ShapeId};

/// Where the CRD of `crd` goes, relative to the generated crate
/// (`crd/<group>_<plural>.yaml`, as controller-gen names it).
pub fn path(crd: &AckCrd) -> String {
    format!("crd/{}_{}.yaml", crd.crd.group, crd.crd.plural)
}

/// The CRD as a JSON value (keys sorted).
pub fn build(model: &Model, ack: &Ack, crd: &AckCrd) -> Value {
    build_with(model, ack, crd, false)
}

/// The CRD with the canonical schema's constraints added to its schemas
/// (patterns, lengths, ranges, closed enums): what a JSON Schema of the
/// manifest can state beyond the CRD, which leaves them to the controller.
pub fn build_constrained(model: &Model, ack: &Ack, crd: &AckCrd) -> Value {
    build_with(model, ack, crd, true)
}

fn build_with(model: &Model, ack: &Ack, resource: &AckCrd, constrained: bool) -> Value {
    let crd = &resource.crd;
    let root = resource.resource;
    let noun = crate::naming::sentence(&model.shapes[root].name);
    let create = model
        .resource_at(root)
        .map(|r| r.create.as_str())
        .unwrap_or_default();
    let mut spec = object(Some(&format!(
        "The {noun}: the {create} request in ACK's names."
    )));
    let mut status = object(Some(&format!(
        "What SageMaker and the controller report about the {}.",
        noun.rsplit(' ').next().unwrap_or_default()
    )));
    for (i, m) in model.members(root).iter().enumerate() {
        let Some(path) = &ack.names[root][i] else {
            continue;
        };
        let schema = with_description(shape_schema(model, ack, m.shape, constrained), &m.doc);
        let mut parts = path.split('.');
        let target = match parts.next() {
            Some("spec") => &mut spec,
            Some("status") => &mut status,
            _ => unreachable!("the binding checks job member paths"),
        };
        insert(target, &parts.collect::<Vec<_>>(), schema);
    }
    for (name, extra) in &resource.status {
        merge(&mut status, name, openapi(extra));
    }
    let required: Vec<Value> = crd
        .required
        .iter()
        .map(|r| {
            let i = model
                .members(root)
                .iter()
                .position(|m| &m.name == r)
                .expect("checked by the binding");
            let name = ack.names[root][i]
                .as_deref()
                .expect("checked by the binding");
            Value::from(name.trim_start_matches("spec."))
        })
        .collect();
    spec["required"] = Value::Array(required);

    let columns: Vec<Value> = crd
        .printer_columns
        .iter()
        .map(|c| {
            let mut v = json!({"jsonPath": c.path, "name": c.name, "type": "string"});
            if let Some(p) = c.priority {
                v["priority"] = p.into();
            }
            v
        })
        .collect();
    let kind = &crd.kind;
    let schema = json!({
        "description": format!("{kind} is the Schema for the {}s API", kind),
        "type": "object",
        "properties": {
            "apiVersion": {
                "type": "string",
                "description": "The versioned schema of this representation of an object.",
            },
            "kind": {
                "type": "string",
                "description": "The REST resource this object represents.",
            },
            "metadata": {"type": "object"},
            "spec": spec,
            "status": status,
        },
    });
    let mut v = json!({
        "apiVersion": "apiextensions.k8s.io/v1",
        "kind": "CustomResourceDefinition",
        "metadata": {"name": format!("{}.{}", crd.plural, crd.group)},
        "spec": {
            "group": crd.group,
            "names": {
                "kind": crd.kind,
                "listKind": crd.list_kind,
                "plural": crd.plural,
                "singular": crd.singular,
            },
            "scope": crd.scope,
            "versions": [{
                "additionalPrinterColumns": columns,
                "name": crd.version,
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

fn object(description: Option<&str>) -> Value {
    let mut v = json!({"type": "object", "properties": {}});
    if let Some(d) = description {
        v["description"] = d.into();
    }
    v
}

fn with_description(mut v: Value, doc: &str) -> Value {
    v["description"] = doc.into();
    v
}

/// The schema of a value of shape `id`.
fn shape_schema(model: &Model, ack: &Ack, id: ShapeId, constrained: bool) -> Value {
    let mut schema = match &model.shapes[id].kind {
        Kind::Structure { members } => {
            let mut props = Map::new();
            for (i, m) in members.iter().enumerate() {
                if let Some(name) = &ack.names[id][i] {
                    props.insert(
                        name.clone(),
                        with_description(shape_schema(model, ack, m.shape, constrained), &m.doc),
                    );
                }
            }
            json!({"type": "object", "properties": props})
        }
        Kind::List { member, .. } => {
            let mut items = shape_schema(model, ack, *member, constrained);
            let shape = &model.shapes[*member];
            if matches!(shape.kind, Kind::Structure { .. }) && !shape.doc.is_empty() {
                items["description"] = shape.doc.clone().into();
            }
            json!({"type": "array", "items": items})
        }
        Kind::Map { value, .. } => {
            json!({"type": "object", "additionalProperties": shape_schema(model, ack, *value, constrained)})
        }
        Kind::Enum { .. } | Kind::String { .. } => json!({"type": "string"}),
        Kind::Integer { .. } | Kind::Long { .. } => json!({"type": "integer", "format": "int64"}),
        Kind::Float | Kind::Double => json!({"type": "number"}),
        Kind::Boolean => json!({"type": "boolean"}),
        Kind::Timestamp => json!({"type": "string", "format": "date-time"}),
    };
    if constrained {
        if let Value::Object(o) = &mut schema {
            o.extend(constraints(model, id));
        }
    }
    schema
}

/// The canonical constraints of shape `id` in JSON Schema keywords.
fn constraints(model: &Model, id: ShapeId) -> Map<String, Value> {
    let mut o = Map::new();
    let mut put = |key: &str, v: Option<i64>| {
        if let Some(v) = v {
            o.insert(key.to_owned(), v.into());
        }
    };
    match &model.shapes[id].kind {
        Kind::String { min, max, .. } => {
            put("minLength", min.filter(|&m| m > 0));
            put("maxLength", *max);
        }
        // The canonical type is 32-bit: ACK's int64 holds larger values the
        // controller would refuse.
        Kind::Integer { min, max } => {
            put("minimum", Some(min.unwrap_or(i64::from(i32::MIN))));
            put("maximum", Some(max.unwrap_or(i64::from(i32::MAX))));
        }
        Kind::Long { min, max } => {
            put("minimum", *min);
            put("maximum", *max);
        }
        Kind::List { min, max, .. } => {
            put("minItems", min.filter(|&m| m > 0));
            put("maxItems", *max);
        }
        Kind::Map { min, max, .. } => {
            put("minProperties", min.filter(|&m| m > 0));
            put("maxProperties", *max);
        }
        _ => {}
    }
    match &model.shapes[id].kind {
        Kind::String {
            pattern: Some(p), ..
        } if !matches!(p.api.as_str(), ".*" | "[\\S\\s]*") => {
            o.insert("pattern".into(), crate::pattern::to_ecma(&p.api).into());
        }
        Kind::Enum {
            values,
            open: false,
        } => {
            let values: Vec<Value> = values.iter().map(|(v, _)| v.clone().into()).collect();
            o.insert("enum".into(), values.into());
        }
        _ => {}
    }
    o
}

/// Puts `schema` at `path` below `obj`, creating the objects between.
fn insert(obj: &mut Value, path: &[&str], schema: Value) {
    match path {
        [] => {}
        [last] => {
            obj["properties"][*last] = schema;
        }
        [first, rest @ ..] => {
            let props = &mut obj["properties"];
            if props.get(*first).is_none() {
                props[*first] = object(None);
            }
            insert(&mut props[*first], rest, schema);
        }
    }
}

/// Merges an ACK-only field into `obj`: objects merge their properties and
/// required lists; anything else is added.
fn merge(obj: &mut Value, name: &str, extra: Value) {
    let props = &mut obj["properties"];
    match props.get_mut(name) {
        Some(existing) if existing["type"] == "object" && extra["type"] == "object" => {
            if let Some(d) = extra.get("description") {
                existing["description"] = d.clone();
            }
            if let Some(Value::Object(p)) = extra.get("properties") {
                for (k, v) in p {
                    existing["properties"][k.as_str()] = v.clone();
                }
            }
            if let Some(r) = extra.get("required") {
                existing["required"] = r.clone();
            }
        }
        _ => props[name] = extra,
    }
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
    if !s.required.is_empty() {
        v["required"] = s.required.iter().map(|r| Value::from(r.as_str())).collect();
    }
    if let Some(items) = &s.items {
        v["items"] = openapi(items);
    }
    v
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

/// Checks the CRD built from `model` and `ack` for `resource` against the
/// controller's field list (`schema/bindings/ack-crd-fields.txt`: one
/// `path: type` per line, `#` comments): every difference, in a path or in
/// a type, is a problem that says what to do.
pub fn check_controller_fields(
    model: &Model,
    ack: &Ack,
    resource: &AckCrd,
    listed: &str,
) -> Result<(), Vec<String>> {
    let mut problems = Vec::new();
    let mut fields = std::collections::BTreeMap::new();
    for line in crate::binding::listed_paths(listed) {
        match line.split_once(": ") {
            Some((path, ty)) => {
                fields.insert(path, ty);
            }
            None => problems.push(format!(
                "`{line}`: a field is listed as `path: type` (`spec.roleARN: string`)"
            )),
        }
    }
    let crd = build(model, ack, resource);
    let root = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"];
    let mut built = std::collections::BTreeMap::new();
    for part in ["spec", "status"] {
        crd_fields(&root[part], part.to_owned(), &mut built);
    }
    for (p, ty) in &built {
        match fields.get(p.as_str()) {
            None => problems.push(format!(
                "`{p}` would be a field of the generated CRD, but the controller's CRD has no such field: add its member to `absent:` in schema/bindings/ack.yaml (writing ACK then reports it as lost), or list the path here once a controller release has it"
            )),
            Some(listed) if listed != ty => problems.push(format!(
                "`{p}` is `{ty}` in the generated CRD but `{listed}` in the controller's: check the member's shape"
            )),
            Some(_) => {}
        }
    }
    for p in fields.keys().filter(|p| !built.contains_key(**p)) {
        problems.push(format!(
            "the controller's CRD has `{p}`, but no schema member maps to it: check `names:` and `absent:` in schema/bindings/ack.yaml"
        ));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// The fields of a CRD schema (elements of lists of objects as `[]`) with
/// their types as the field lists write them: `object`, `string`,
/// `integer/int64`, `string/date-time`, `array` (of objects), `array of
/// string`, `map of string`.
fn crd_fields(
    schema: &serde_json::Value,
    path: String,
    out: &mut std::collections::BTreeMap<String, String>,
) {
    if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
        for (k, v) in props {
            crd_fields(v, format!("{path}.{k}"), out);
        }
    }
    let items = schema.get("items");
    if let Some(items) = items {
        if items.get("type").and_then(|t| t.as_str()) == Some("object") {
            crd_fields(items, format!("{path}[]"), out);
        }
    }
    if !path.ends_with("[]") {
        out.insert(path, field_type(schema));
    }
}

fn field_type(schema: &serde_json::Value) -> String {
    let of = |v: Option<&serde_json::Value>| {
        v.and_then(|v| v.get("type"))
            .and_then(|t| t.as_str())
            .unwrap_or("?")
            .to_owned()
    };
    let ty = of(Some(schema));
    match ty.as_str() {
        "object" if schema.get("additionalProperties").is_some() => {
            format!("map of {}", of(schema.get("additionalProperties")))
        }
        "array" if of(schema.get("items")) != "object" => {
            format!("array of {}", of(schema.get("items")))
        }
        _ => match schema.get("format").and_then(|f| f.as_str()) {
            Some(f) => format!("{ty}/{f}"),
            None => ty,
        },
    }
}
