//! The ACK binding (`schema/bindings/ack.yaml`): how the ACK SageMaker
//! controller's custom resources spell the resources, and what each CRD
//! declares beyond the AWS model.
//!
//! Names come from [`crate::naming::ack`]; the file lists the custom
//! resource of each resource ACK has, and only the exceptions (absent
//! members, overridden paths) and the ACK-only status fields. Every path it
//! names is checked against the model, so a typo or a schema change that
//! leaves an entry stale is a generator error. A resource the file does not
//! list has no ACK names.

use std::collections::BTreeSet;

use indexmap::IndexMap;
use serde::Deserialize;

use crate::model::{Model, ShapeId};
use crate::naming;

/// `schema/bindings/ack.yaml` as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AckFile {
    /// The custom resource of each resource ACK has, by resource name.
    pub resources: IndexMap<String, AckResource>,
    /// Members the CRDs have no field for, as `Shape.Member`.
    #[serde(default)]
    pub absent: Vec<String>,
    /// Members whose ACK name is not the computed one, `Shape.Member` → name.
    #[serde(default)]
    pub names: IndexMap<String, String>,
}

/// One resource's custom resource as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AckResource {
    /// The custom resource definition.
    pub crd: Crd,
    /// The controller's field list of the CRD (a file beside this one).
    pub fields: String,
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
    /// Members of the resource (API names) the CRD requires in `spec`.
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
    /// The custom resources, in the model's resource order.
    pub crds: Vec<AckCrd>,
    /// `names[shape][member]`: the ACK name, `None` for members the CRD
    /// lacks. Members of a resource's root carry their path from the
    /// manifest root (`spec.roleARN`, `status.ackResourceMetadata.arn`).
    pub names: Vec<Vec<Option<String>>>,
}

/// One resource's custom resource, checked.
#[derive(Clone, Debug)]
pub struct AckCrd {
    /// The resource's root structure.
    pub resource: ShapeId,
    /// The custom resource definition.
    pub crd: Crd,
    /// The controller's field list file, relative to the binding.
    pub fields: String,
    /// ACK-only status fields.
    pub status: IndexMap<String, OpenApi>,
}

impl Ack {
    /// The custom resource of the resource rooted at `shape`, if ACK has one.
    pub fn crd_of(&self, shape: ShapeId) -> Option<&AckCrd> {
        self.crds.iter().find(|c| c.resource == shape)
    }
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
        let mut roots = BTreeSet::new();
        for name in raw.resources.keys() {
            match model.resource(name) {
                Some(r) => {
                    roots.insert(r.shape);
                }
                None => problems.push(format!("resources: there is no resource `{name}`")),
            }
        }
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

        let mut names = Vec::with_capacity(model.shapes.len());
        for (id, shape) in model.shapes.iter().enumerate() {
            let row: Vec<Option<String>> = model
                .members(id)
                .iter()
                .enumerate()
                .map(|(i, m)| {
                    let root = model.resource_at(id).is_some();
                    // A resource ACK has no custom resource for has no names.
                    if absent.contains(&(id, i)) || (root && !roots.contains(&id)) {
                        return None;
                    }
                    if let Some(name) = overrides.get(&(id, i)) {
                        return Some(name.clone());
                    }
                    let name = naming::ack(&m.name);
                    Some(if root {
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

        let mut crds = Vec::new();
        for (resource, raw) in raw.resources {
            let Some(root) = model.resource(&resource).map(|r| r.shape) else {
                continue;
            };
            for req in &raw.crd.required {
                match model.members(root).iter().position(|m| &m.name == req) {
                    None => problems.push(format!(
                        "{resource}: crd.required: the resource has no member `{req}`"
                    )),
                    Some(i) => {
                        if !names[root][i]
                            .as_deref()
                            .is_some_and(|n| n.starts_with("spec."))
                        {
                            problems.push(format!(
                                "{resource}: crd.required: `{req}` is not a spec field of the CRD"
                            ));
                        }
                    }
                }
            }
            for (name, schema) in &raw.status {
                check_openapi(&mut problems, &format!("{resource}: status.{name}"), schema);
            }
            crds.push(AckCrd {
                resource: root,
                crd: raw.crd,
                fields: raw.fields,
                status: raw.status,
            });
        }
        // In the model's resource order, whatever the file's.
        crds.sort_by_key(|c| c.resource);
        if problems.is_empty() {
            Ok(Ack { crds, names })
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
