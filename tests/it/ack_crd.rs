//! The ACK binding and the CRD generated from it: the whole name table,
//! the CRD's agreement with the binding, and every manifest tjspec writes
//! validating against the CRD.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::common::{crd_errors, crd_validator, yaml_json};
use serde_json::Value;
use tjspec::format::{FormatId, ReadOptions, WriteOptions};
use tjspec::pipeline::{self, Settings};
use tjspec::source::Source;
use tjspec_model::bindings::ack::ACK;
use tjspec_model::SCHEMA;
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::ShapeId;

/// Walks the schema from the job, calling `f(api path, ACK path or None, shape)` for every member.
fn walk(
    shape: ShapeId,
    api: &str,
    ack: Option<&str>,
    f: &mut dyn FnMut(&str, Option<&str>, ShapeId),
) {
    for (i, m) in SCHEMA.members(shape).iter().enumerate() {
        let api_path = if api.is_empty() {
            m.name.to_owned()
        } else {
            format!("{api}.{}", m.name)
        };
        let name = ACK.name(shape, i as u16);
        let ack_path = match (ack, name) {
            (Some(""), Some(n)) => Some(n.to_owned()),
            (Some(a), Some(n)) => Some(format!("{a}.{n}")),
            _ => None,
        };
        f(&api_path, ack_path.as_deref(), m.shape);
        if ack_path.is_none() {
            continue; // Nothing below an absent member.
        }
        let mut target = m.shape;
        let (mut api_path, mut ack_path) = (api_path, ack_path.unwrap());
        while let ShapeKind::List { member, .. } = SCHEMA.shape(target).kind {
            api_path.push_str("[]");
            ack_path.push_str("[]");
            target = member;
        }
        if let ShapeKind::Structure { .. } = SCHEMA.shape(target).kind {
            walk(target, &api_path, Some(&ack_path), f);
        }
    }
}

fn crd_type(shape: ShapeId) -> String {
    match &SCHEMA.shape(shape).kind {
        ShapeKind::Structure { .. } => "object".into(),
        ShapeKind::List { member, .. } => match SCHEMA.shape(*member).kind {
            ShapeKind::Structure { .. } | ShapeKind::List { .. } | ShapeKind::Map { .. } => {
                "array".into()
            }
            _ => format!("array of {}", crd_type(*member)),
        },
        ShapeKind::Map { value, .. } => format!("map of {}", crd_type(*value)),
        ShapeKind::Enum { .. } | ShapeKind::String { .. } => "string".into(),
        ShapeKind::Integer { .. } | ShapeKind::Long { .. } => "integer/int64".into(),
        ShapeKind::Float | ShapeKind::Double => "number".into(),
        ShapeKind::Boolean => "boolean".into(),
        ShapeKind::Timestamp => "string/date-time".into(),
    }
}

#[test]
fn name_table() {
    let mut table = String::new();
    walk(SCHEMA.root, "", Some(""), &mut |api, ack, _| {
        let _ = writeln!(table, "{api} → {}", ack.unwrap_or("(absent from the CRD)"));
    });
    insta::assert_snapshot!(table);
}

/// Every field of the CRD schema below `spec` and `status`, with its type.
fn crd_fields(schema: &Value, path: &str, out: &mut BTreeMap<String, String>) {
    let ty = schema["type"].as_str().unwrap_or("?");
    let described = match (ty, schema.get("additionalProperties"), schema.get("items")) {
        ("object", Some(v), _) => format!("map of {}", v["type"].as_str().unwrap_or("?")),
        ("array", _, Some(items)) if items["type"] != "object" => {
            format!("array of {}", items["type"].as_str().unwrap_or("?"))
        }
        _ => match schema["format"].as_str() {
            Some(f) => format!("{ty}/{f}"),
            None => ty.to_owned(),
        },
    };
    if !path.is_empty() && !path.ends_with("[]") {
        out.insert(path.to_owned(), described);
    }
    if let Some(Value::Object(props)) = schema.get("properties") {
        for (k, v) in props {
            let p = if path.is_empty() {
                k.clone()
            } else {
                format!("{path}.{k}")
            };
            crd_fields(v, &p, out);
        }
    }
    if let Some(items) = schema.get("items") {
        if items["type"] == "object" {
            crd_fields(items, &format!("{path}[]"), out);
        }
    }
}

/// Checks a generated CRD against the binding (every field a member maps
/// to, with the type its shape gives) and against the controller's field
/// list (every path and type), and returns the spec members it requires.
fn check_crd(crd: &str, root: ShapeId, listed: &str, listed_count: usize) -> Vec<String> {
    let crd = yaml_json(crd).remove(0);
    let schema = &crd["spec"]["versions"][0]["schema"]["openAPIV3Schema"];
    let mut from_crd = BTreeMap::new();
    crd_fields(&schema["properties"]["spec"], "spec", &mut from_crd);
    crd_fields(&schema["properties"]["status"], "status", &mut from_crd);
    let mut from_binding = BTreeMap::new();
    walk(root, "", Some(""), &mut |_, ack, shape| {
        if let Some(p) = ack {
            from_binding.insert(p.to_owned(), crd_type(shape));
        }
    });
    from_binding.insert("spec".into(), "object".into());
    from_binding.insert("status".into(), "object".into());
    // ACK's own status fields.
    from_binding.insert("status.ackResourceMetadata".into(), "object".into());
    for f in ["ownerAccountID", "partition", "region"] {
        from_binding.insert(format!("status.ackResourceMetadata.{f}"), "string".into());
    }
    from_binding.insert("status.conditions".into(), "array".into());
    for f in ["message", "reason", "status", "type"] {
        from_binding.insert(format!("status.conditions[].{f}"), "string".into());
    }
    from_binding.insert(
        "status.conditions[].lastTransitionTime".into(),
        "string/date-time".into(),
    );
    assert_eq!(from_crd, from_binding);
    // The controller's field list (`path: type`), which `cargo xtask
    // regenerate` checks too.
    let listed: BTreeMap<String, String> = listed
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (path, ty) = l.split_once(": ").expect("`path: type`");
            (path.to_owned(), ty.to_owned())
        })
        .collect();
    assert_eq!(listed.len(), listed_count);
    assert_eq!(
        from_crd, listed,
        "the generated CRD must have exactly the fields and types of the controller's field list"
    );
    schema["properties"]["spec"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn the_crd_has_exactly_the_binding_fields() {
    let required = check_crd(
        tjspec_model::ack::CRD,
        SCHEMA.root,
        include_str!("../../schema/bindings/ack-crd-fields.txt"),
        148,
    );
    assert_eq!(
        required,
        [
            "algorithmSpecification",
            "outputDataConfig",
            "resourceConfig",
            "roleARN",
            "stoppingCondition",
            "trainingJobName"
        ]
    );
}

#[test]
fn the_tuning_job_crd_has_exactly_the_controller_fields() {
    let required = check_crd(
        tjspec_model::ack::hyper_parameter_tuning_job::CRD,
        tjspec_model::meta::shape::HYPER_PARAMETER_TUNING_JOB,
        include_str!("../../schema/bindings/ack-hyperparametertuningjob-fields.txt"),
        263,
    );
    assert_eq!(
        required,
        [
            "hyperParameterTuningJobConfig",
            "hyperParameterTuningJobName"
        ]
    );
}

/// Converts `path` to ACK as the CLI does and returns the manifests written.
fn written(path: &str, namespace: Option<&str>) -> Vec<Value> {
    let root = env!("CARGO_MANIFEST_DIR");
    let text = std::fs::read_to_string(format!("{root}/{path}")).unwrap();
    let source = std::sync::Arc::new(Source::new(path, text));
    let settings = Settings::new()
        .to(FormatId::Ack)
        .read(ReadOptions::default())
        .write({
            let mut w = WriteOptions::new().include_status(true);
            w.namespace = namespace.map(str::to_owned);
            w
        });
    let outcome = pipeline::process(&source, Some(std::path::Path::new(path)), &settings);
    assert_eq!(outcome.failed, 0, "{path}: {:?}", outcome.reports);
    let bytes = tjspec::render(FormatId::Ack, &outcome.jobs, &settings.write).unwrap();
    yaml_json(std::str::from_utf8(&bytes).unwrap())
}

#[test]
fn every_manifest_written_validates_against_the_crd() {
    let validator = crd_validator();
    let mut checked = 0;
    for path in [
        "tests/fixtures/ack/xgboost.yaml",
        "tests/fixtures/ack/debugger-profiler.yaml",
        "tests/fixtures/ack/instance-groups-warm-pool.yaml",
        "tests/fixtures/ack/full-status.yaml",
        "tests/fixtures/ack/stream.yaml",
        "tests/fixtures/ack/manifest.json",
        "examples/ack-xgboost.yaml",
        "examples/xgboost-churn.json",
        "examples/describe-response.json",
    ] {
        for manifest in written(path, Some("ml-team")) {
            let errors = crd_errors(&validator, &manifest);
            assert!(errors.is_empty(), "{path}: {errors:#?}\n{manifest:#}");
            checked += 1;
        }
    }
    assert_eq!(checked, 10);
}

#[test]
fn the_validator_catches_what_the_crd_forbids() {
    let validator = crd_validator();
    let mut manifest = written("tests/fixtures/ack/full-status.yaml", None).remove(0);
    assert!(crd_errors(&validator, &manifest).is_empty());
    manifest["spec"]["roleArn"] = "arn".into();
    manifest["spec"]["resourceConfig"]["instanceCount"] = "two".into();
    manifest["status"]["creationTime"] = "yesterday".into();
    manifest["status"]["ackResourceMetadata"]
        .as_object_mut()
        .unwrap()
        .remove("region");
    let errors = crd_errors(&validator, &manifest).join("\n");
    for expected in [
        "roleArn",
        "/spec/resourceConfig/instanceCount",
        "/status/creationTime",
        "region",
    ] {
        assert!(errors.contains(expected), "{expected} in {errors}");
    }
}
