//! The ACK binding (`schema/bindings/ack.yaml`): how the ACK SageMaker
//! controller's TrainingJob resource spells the job, and what its CRD
//! declares beyond the AWS model.
//!
//! Names come from [`crate::naming::ack`]; the file lists only the
//! exceptions (absent members, overridden paths) and the ACK-only status
//! fields. Every path it names is checked against the model, so a typo or a
//! schema change that leaves an entry stale is a generator error.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::model::Model;
use crate::naming;

/// `schema/bindings/ack.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AckFile {
    /// The custom resource.
    pub crd: Crd,
    /// Members the CRD has no field for, as `Shape.Member`.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Members whose ACK name is not the computed one, `Shape.Member` → name.
    #[serde(default)]
    pub names: IndexMap<String, String>,
    /// ACK-only fields of `status`, as OpenAPI v3 schema.
    #[serde(default)]
    pub status: IndexMap<String, OpenApi>,
}

/// The custom resource definition's identity and the spec members it requires.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Crd {
    /// API group (`sagemaker.services.k8s.aws`).
    pub group: String,
    /// Version (`v1alpha1`).
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
    /// Job members (API names) the CRD requires in `spec`.
    pub required: Vec<String>,
    /// Columns `kubectl get` prints.
    #[serde(default)]
    pub printer_columns: Vec<PrinterColumn>,
}

/// One `additionalPrinterColumns` entry (a string column).
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PrinterColumn {
    /// Column header.
    pub name: String,
    /// JSON path of the value (`.status.trainingJobStatus`).
    pub path: String,
    /// Priority (0: shown by default).
    #[serde(default)]
    pub priority: Option<u32>,
}

/// A piece of OpenAPI v3 schema, as CRDs write it.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OpenApi {
    /// `object`, `array`, `string`, `integer`, `number` or `boolean`.
    #[serde(rename = "type")]
    pub ty: String,
    /// `date-time`, `int64`, ...
    #[serde(default)]
    pub format: Option<String>,
    /// What the field is.
    #[serde(default)]
    pub description: Option<String>,
    /// Required properties of an object.
    #[serde(default)]
    pub required: Vec<String>,
    /// Properties of an object.
    #[serde(default)]
    pub properties: IndexMap<String, OpenApi>,
    /// Elements of an array.
    #[serde(default)]
    pub items: Option<Box<OpenApi>>,
}

/// The checked binding.
#[derive(Clone, Debug)]
pub struct Ack {
    /// The custom resource.
    pub crd: Crd,
    /// `names[shape][member]`: the ACK name, `None` for members the CRD
    /// lacks. Job members carry their path from the manifest root
    /// (`spec.roleARN`, `status.ackResourceMetadata.arn`).
    pub names: Vec<Vec<Option<String>>>,
    /// ACK-only status fields.
    pub status: IndexMap<String, OpenApi>,
}

/// Parses the file; errors carry the YAML position.
pub fn parse(text: &str) -> Result<AckFile, String> {
    serde_saphyr::from_str(text).map_err(|e| e.to_string())
}

impl Ack {
    /// Checks the file against the model and computes every name, or lists
    /// every problem.
    pub fn build(raw: AckFile, model: &Model) -> Result<Ack, Vec<String>> {
        let mut problems = Vec::new();
        let mut absent = BTreeSet::new();
        for path in &raw.absent {
            match model.member_at(path) {
                Ok(at) => {
                    if !absent.insert(at) {
                        problems.push(format!("absent: `{path}` is listed twice"));
                    }
                }
                Err(e) => problems.push(format!("absent: {e}")),
            }
        }
        let mut overrides = IndexMap::new();
        for (path, name) in &raw.names {
            match model.member_at(path) {
                Ok(at) => {
                    if absent.contains(&at) {
                        problems.push(format!("names: `{path}` is also listed as absent"));
                    }
                    if at.0 == 0 && !(name.starts_with("spec.") || name.starts_with("status.")) {
                        problems.push(format!(
                            "names: `{path}` is a job member; its name must start with `spec.` or `status.`"
                        ));
                    }
                    overrides.insert(at, name.clone());
                }
                Err(e) => problems.push(format!("names: {e}")),
            }
        }

        let mut names = Vec::with_capacity(model.shapes.len());
        for (id, shape) in model.shapes.iter().enumerate() {
            let row: Vec<Option<String>> = model
                .members(id)
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    if absent.contains(&(id, i)) {
                        return None;
                    }
                    if let Some(name) = overrides.get(&(id, i)) {
                        return Some(name.clone());
                    }
                    let name = naming::ack(&m.name);
                    Some(if id == 0 {
                        let section = if m.status { "status" } else { "spec" };
                        format!("{section}.{name}")
                    } else {
                        name
                    })
                })
                .collect();
            let mut seen = BTreeSet::new();
            for name in row.iter().flatten() {
                if !seen.insert(name) {
                    problems.push(format!(
                        "two members of `{}` get the ACK name `{name}`",
                        shape.name
                    ));
                }
            }
            names.push(row);
        }

        for req in &raw.crd.required {
            let job = model.members(0);
            match job.iter().position(|m| &m.name == req) {
                None => problems.push(format!("crd.required: the job has no member `{req}`")),
                Some(i) => {
                    if !names[0][i]
                        .as_deref()
                        .is_some_and(|n| n.starts_with("spec."))
                    {
                        problems.push(format!(
                            "crd.required: `{req}` is not a spec field of the CRD"
                        ));
                    }
                }
            }
        }
        for (name, schema) in &raw.status {
            check_openapi(&mut problems, &format!("status.{name}"), schema);
        }
        if problems.is_empty() {
            Ok(Ack {
                crd: raw.crd,
                names,
                status: raw.status,
            })
        } else {
            Err(problems)
        }
    }
}

fn check_openapi(problems: &mut Vec<String>, at: &str, s: &OpenApi) {
    let known = ["object", "array", "string", "integer", "number", "boolean"];
    if !known.contains(&s.ty.as_str()) {
        problems.push(format!("{at}: unknown type `{}`", s.ty));
    }
    if s.ty != "object" && (!s.properties.is_empty() || !s.required.is_empty()) {
        problems.push(format!(
            "{at}: only objects have `properties` and `required`"
        ));
    }
    if (s.ty == "array") != s.items.is_some() {
        problems.push(format!("{at}: arrays, and only arrays, have `items`"));
    }
    for r in &s.required {
        if !s.properties.contains_key(r) {
            problems.push(format!("{at}: required `{r}` is not a property"));
        }
    }
    for (name, p) in &s.properties {
        check_openapi(problems, &format!("{at}.{name}"), p);
    }
    if let Some(items) = &s.items {
        check_openapi(problems, &format!("{at}[]"), items);
    }
}

/// Checks the CRD built from `model` and `ack` against the controller's
/// field list (`schema/bindings/ack-crd-fields.txt`: one path per line,
/// `#` comments): every difference is a problem that says what to do.
pub fn check_controller_fields(model: &Model, ack: &Ack, listed: &str) -> Result<(), Vec<String>> {
    let listed = crate::listed_paths(listed);
    let crd = crate::emit::crd::build(model, ack);
    let root = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"]["properties"];
    let mut built = std::collections::BTreeSet::new();
    for part in ["spec", "status"] {
        crd_paths(&root[part], part.to_owned(), &mut built);
    }
    let mut problems = Vec::new();
    for p in built.iter().filter(|p| !listed.contains(p.as_str())) {
        problems.push(format!(
            "`{p}` would be a field of the generated CRD, but the controller's CRD has no such field: add its member to `absent:` in schema/bindings/ack.yaml (writing ACK then reports it as lost), or list the path here once a controller release has it"
        ));
    }
    for p in listed.iter().filter(|p| !built.contains(**p)) {
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

/// The field paths of a CRD schema (elements of lists of objects as `[]`).
fn crd_paths(
    schema: &serde_json::Value,
    path: String,
    out: &mut std::collections::BTreeSet<String>,
) {
    if let Some(props) = schema.get("properties").and_then(|p| p.as_object()) {
        for (k, v) in props {
            crd_paths(v, format!("{path}.{k}"), out);
        }
    }
    if let Some(items) = schema.get("items") {
        if items.get("type").and_then(|t| t.as_str()) == Some("object") {
            crd_paths(items, format!("{path}[]"), out);
        }
    }
    if !path.ends_with("[]") {
        out.insert(path);
    }
}
