//! Comparing the schema with a botocore service model.
//!
//! Both sides are expanded, for each resource, into member paths of its
//! create request and its describe response (botocore's `<Create>Request`
//! and `<Describe>Response` shapes)
//! (`InputDataConfig[].DataSource.S3DataSource.S3Uri`, `HyperParameters{key}`),
//! each with its type, shape name, required flag and constraints; the report
//! lists paths only one side has and every attribute that differs.

use std::collections::BTreeMap;

use serde_json::Value;

use crate::model::{Kind, Model, Resource, ShapeId};

/// What one side says about one member path.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Facts {
    /// `structure`, `list`, `map`, `enum`, `string`, `integer`, `long`, ...
    pub ty: String,
    /// The shape name.
    pub shape: String,
    /// Whether the enclosing structure (or operation) requires it.
    pub required: bool,
    /// Minimum length/count/value.
    pub min: Option<i64>,
    /// Maximum length/count/value.
    pub max: Option<i64>,
    /// Pattern.
    pub pattern: Option<String>,
    /// Enum values.
    pub values: Vec<String>,
}

/// Paths of one operation's shape, with facts.
pub type Paths = BTreeMap<String, Facts>;

/// The findings of an audit.
#[derive(Debug, Default)]
pub struct Report {
    /// Number of paths compared per operation.
    pub compared: Vec<(String, usize)>,
    /// One line per difference.
    pub differences: Vec<String>,
}

/// Audits the model against botocore's `service-2.json` text.
pub fn audit(model: &Model, botocore_json: &str) -> Result<Report, String> {
    let doc: Value =
        serde_json::from_str(botocore_json).map_err(|e| format!("not a botocore model: {e}"))?;
    let shapes = doc
        .get("shapes")
        .and_then(Value::as_object)
        .ok_or("not a botocore model: no `shapes`")?;
    let mut report = Report::default();
    let operations = model.resources.iter().flat_map(|r| {
        [
            (r, r.create.as_str(), format!("{}Request", r.create), true),
            (
                r,
                r.describe.as_str(),
                format!("{}Response", r.describe),
                false,
            ),
        ]
    });
    for (resource, op, root, request) in operations {
        let mut theirs = Paths::new();
        botocore_paths(shapes, &root, "", &mut theirs, 0)?;
        let mut ours = Paths::new();
        model_paths(model, resource, request, &mut ours);
        report.compared.push((op.to_owned(), theirs.len()));
        for (path, t) in &theirs {
            match ours.get(path) {
                None => report
                    .differences
                    .push(format!("{op}: {path}: missing from the schema")),
                Some(o) => compare(op, path, o, t, &mut report.differences),
            }
        }
        for path in ours.keys().filter(|p| !theirs.contains_key(*p)) {
            report
                .differences
                .push(format!("{op}: {path}: in the schema but not in the model"));
        }
    }
    Ok(report)
}

fn compare(op: &str, path: &str, ours: &Facts, theirs: &Facts, out: &mut Vec<String>) {
    let mut diff = |what: &str, o: String, t: String| {
        if o != t {
            out.push(format!(
                "{op}: {path}: {what} differs: schema {o}, model {t}"
            ));
        }
    };
    diff("type", ours.ty.clone(), theirs.ty.clone());
    diff("shape", ours.shape.clone(), theirs.shape.clone());
    diff(
        "required",
        ours.required.to_string(),
        theirs.required.to_string(),
    );
    diff(
        "min",
        format!("{:?}", ours.min),
        format!("{:?}", theirs.min),
    );
    diff(
        "max",
        format!("{:?}", ours.max),
        format!("{:?}", theirs.max),
    );
    diff(
        "pattern",
        format!("{:?}", ours.pattern),
        format!("{:?}", theirs.pattern),
    );
    if ours.values != theirs.values {
        let missing: Vec<_> = theirs
            .values
            .iter()
            .filter(|v| !ours.values.contains(v))
            .collect();
        let extra: Vec<_> = ours
            .values
            .iter()
            .filter(|v| !theirs.values.contains(v))
            .collect();
        out.push(format!("{op}: {path}: enum values differ: missing {missing:?}, extra {extra:?}, or order differs"));
    }
}

fn number(v: Option<&Value>) -> Option<i64> {
    v.and_then(|v| v.as_i64().or_else(|| v.as_f64().map(|f| f as i64)))
}

fn botocore_paths(
    shapes: &serde_json::Map<String, Value>,
    name: &str,
    prefix: &str,
    out: &mut Paths,
    depth: usize,
) -> Result<(), String> {
    if depth > 32 {
        return Err(format!(
            "shape `{name}` nests too deeply (recursive shape?)"
        ));
    }
    let shape = shapes
        .get(name)
        .ok_or_else(|| format!("botocore model has no shape `{name}`"))?;
    let ty = shape.get("type").and_then(Value::as_str).unwrap_or("");
    match ty {
        "structure" => {
            let required: Vec<&str> = shape
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            for (m, member) in shape
                .get("members")
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                let target = member
                    .get("shape")
                    .and_then(Value::as_str)
                    .ok_or("member without shape")?;
                let path = if prefix.is_empty() {
                    m.clone()
                } else {
                    format!("{prefix}.{m}")
                };
                let mut facts = botocore_facts(shapes, target)?;
                facts.required = required.contains(&m.as_str());
                out.insert(path.clone(), facts);
                descend(shapes, target, &path, out, depth)?;
            }
        }
        _ => return Err(format!("`{name}` is not a structure")),
    }
    Ok(())
}

fn descend(
    shapes: &serde_json::Map<String, Value>,
    target: &str,
    path: &str,
    out: &mut Paths,
    depth: usize,
) -> Result<(), String> {
    let shape = &shapes[target];
    match shape.get("type").and_then(Value::as_str) {
        Some("structure") => botocore_paths(shapes, target, path, out, depth + 1)?,
        Some("list") => {
            let m = shape["member"]["shape"]
                .as_str()
                .ok_or("list without member")?;
            let p = format!("{path}[]");
            out.insert(p.clone(), botocore_facts(shapes, m)?);
            descend(shapes, m, &p, out, depth + 1)?;
        }
        Some("map") => {
            for (part, label) in [("key", "{key}"), ("value", "{value}")] {
                let m = shape[part]["shape"]
                    .as_str()
                    .ok_or("map without key or value")?;
                let p = format!("{path}{label}");
                let mut f = botocore_facts(shapes, m)?;
                f.required = true;
                out.insert(p.clone(), f);
                descend(shapes, m, &p, out, depth + 1)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// The facts of botocore's shape `name` (not `required`, which belongs to
/// the member that refers to it).
pub fn botocore_facts(
    shapes: &serde_json::Map<String, Value>,
    name: &str,
) -> Result<Facts, String> {
    let s = shapes
        .get(name)
        .ok_or_else(|| format!("botocore model has no shape `{name}`"))?;
    let mut ty = s
        .get("type")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_owned();
    let values: Vec<String> = s
        .get("enum")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    if ty == "string" && !values.is_empty() {
        ty = "enum".to_owned();
    }
    Ok(Facts {
        ty,
        shape: name.to_owned(),
        required: false,
        min: number(s.get("min")),
        max: number(s.get("max")),
        pattern: s.get("pattern").and_then(Value::as_str).map(str::to_owned),
        values,
    })
}

/// The facts of the schema's shape `id`, in the terms of [`botocore_facts`].
pub fn model_facts(model: &Model, id: ShapeId) -> Facts {
    let s = &model.shapes[id];
    let (ty, min, max, pattern, values) = match &s.kind {
        Kind::Structure { .. } => ("structure", None, None, None, Vec::new()),
        Kind::List { min, max, .. } => ("list", *min, *max, None, Vec::new()),
        Kind::Map { min, max, .. } => ("map", *min, *max, None, Vec::new()),
        Kind::Enum { values, .. } => (
            "enum",
            None,
            None,
            None,
            values.iter().map(|(v, _)| v.clone()).collect(),
        ),
        Kind::String { min, max, pattern } => (
            "string",
            *min,
            *max,
            pattern.as_ref().map(|p| p.api.clone()),
            Vec::new(),
        ),
        Kind::Integer { min, max } => ("integer", *min, *max, None, Vec::new()),
        Kind::Long { min, max } => ("long", *min, *max, None, Vec::new()),
        Kind::Float => ("float", None, None, None, Vec::new()),
        Kind::Double => ("double", None, None, None, Vec::new()),
        Kind::Boolean => ("boolean", None, None, None, Vec::new()),
        Kind::Timestamp => ("timestamp", None, None, None, Vec::new()),
    };
    Facts {
        ty: ty.to_owned(),
        shape: s.name.clone(),
        required: false,
        min,
        max,
        pattern,
        values,
    }
}

fn model_paths(model: &Model, resource: &Resource, request: bool, out: &mut Paths) {
    for m in model.members(resource.shape) {
        if (request && !m.in_request) || (!request && !m.in_response) {
            continue;
        }
        let mut f = model_facts(model, m.shape);
        f.required = if request {
            m.required
        } else {
            m.required_in_response
        };
        out.insert(m.name.clone(), f);
        model_descend(model, m.shape, &m.name, out);
    }
}

fn model_descend(model: &Model, id: ShapeId, path: &str, out: &mut Paths) {
    match &model.shapes[id].kind {
        Kind::Structure { members } => {
            for m in members {
                let p = format!("{path}.{}", m.name);
                let mut f = model_facts(model, m.shape);
                f.required = m.required;
                out.insert(p.clone(), f);
                model_descend(model, m.shape, &p, out);
            }
        }
        Kind::List { member, .. } => {
            let p = format!("{path}[]");
            out.insert(p.clone(), model_facts(model, *member));
            model_descend(model, *member, &p, out);
        }
        Kind::Map { key, value, .. } => {
            for (shape, label) in [(*key, "{key}"), (*value, "{value}")] {
                let p = format!("{path}{label}");
                let mut f = model_facts(model, shape);
                f.required = true;
                out.insert(p.clone(), f);
                model_descend(model, shape, &p, out);
            }
        }
        _ => {}
    }
}
