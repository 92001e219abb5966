//! The generated JSON Schema of SageMaker operator manifests
//! (`tjspec schema --format sm-operator`): a valid draft 2020-12 document,
//! generated from the operator's binding, that accepts the fixtures and
//! what tjspec writes, and rejects a misspelt field, a map written as a map
//! and a manifest without `spec.region`.

use std::path::Path;

use serde_json::Value;
use tjspec::format::{Doc, FormatId, ReadOptions, WriteOptions};
use tjspec::source::Source;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn validator() -> jsonschema::Validator {
    let text = tjspec_model::json_schema::get("sm-operator").expect("a schema");
    let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    assert!(
        jsonschema::meta::is_valid(&schema),
        "not a valid JSON Schema"
    );
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

fn to_json(n: &tjspec_runtime::Node) -> Value {
    use tjspec_runtime::NodeKind;
    match &n.kind {
        NodeKind::Null => Value::Null,
        NodeKind::Bool(b) => Value::Bool(*b),
        NodeKind::Int(i) => serde_json::json!(*i as i64),
        NodeKind::Float(f) => serde_json::json!(*f),
        NodeKind::Str(s, _) | NodeKind::Expr(s) => Value::String(s.clone()),
        NodeKind::Seq(items) => Value::Array(items.iter().map(to_json).collect()),
        NodeKind::Map(entries) => Value::Object(
            entries
                .iter()
                .map(|(k, v)| (k.name.clone(), to_json(v)))
                .collect(),
        ),
    }
}

/// The TrainingJob documents of a YAML text, as JSON values.
fn manifests(text: &str) -> Vec<Value> {
    tjspec::syntax::yaml::documents(text)
        .map(|d| to_json(&d.expect("the YAML parses")))
        .filter(|d| d["kind"] == "TrainingJob")
        .collect()
}

fn file(path: &str) -> String {
    std::fs::read_to_string(root().join(path)).unwrap()
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

#[test]
fn fixtures_validate() {
    let validator = validator();
    for path in [
        "tests/fixtures/sm-operator/xgboost-mnist.yaml",
        "tests/fixtures/sm-operator/completed.yaml",
        "tests/fixtures/sm-operator/stream.yaml",
    ] {
        let docs = manifests(&file(path));
        assert!(!docs.is_empty(), "{path}");
        for doc in &docs {
            let errs = errors(&validator, doc);
            assert!(errs.is_empty(), "{path}: {errs:#?}");
        }
    }
}

/// What tjspec writes as sm-operator validates against the schema.
#[test]
fn written_manifests_validate() {
    let validator = validator();
    let options = WriteOptions::new().include_status(true).region("eu-west-1");
    for (from, path) in [
        (FormatId::Aws, "examples/describe-response.json"),
        (FormatId::Aws, "tests/fixtures/aws/full-create.json"),
        (FormatId::Ack, "tests/fixtures/ack/xgboost.yaml"),
        (
            FormatId::SmOperator,
            "tests/fixtures/sm-operator/completed.yaml",
        ),
    ] {
        let docs: Vec<Doc> = from
            .format()
            .read(&Source::new(path, file(path)), &ReadOptions::default())
            .into_iter()
            .map(|d| Doc::new(d.job.expect("fixture reads")).with_envelope(d.envelope))
            .collect();
        let written =
            String::from_utf8(tjspec::render(FormatId::SmOperator, &docs, &options).unwrap())
                .unwrap();
        let written = manifests(&written);
        assert_eq!(written.len(), docs.len(), "{path}");
        for doc in &written {
            let errs = errors(&validator, doc);
            assert!(errs.is_empty(), "{path} as sm-operator: {errs:#?}\n{doc:#}");
        }
    }
}

#[test]
fn misspellings_maps_and_a_missing_region_do_not_validate() {
    let validator = validator();
    let good = manifests(&file("tests/fixtures/sm-operator/xgboost-mnist.yaml"))[0].clone();

    let mut misspelt = good.clone();
    let spec = misspelt["spec"].as_object_mut().unwrap();
    let role = spec.remove("roleArn").unwrap();
    spec.insert("roleARN".into(), role);
    let errs = errors(&validator, &misspelt);
    assert!(
        errs.iter()
            .any(|e| e.contains("Additional properties") && e.contains("roleARN")),
        "{errs:#?}"
    );

    // The operator holds hyperparameters as name/value pairs, not a map.
    let mut map = good.clone();
    map["spec"]["hyperParameters"] = serde_json::json!({"num_round": "10"});
    let errs = errors(&validator, &map);
    assert!(
        errs.iter().any(|e| e.contains("/spec/hyperParameters")),
        "{errs:#?}"
    );

    let mut no_region = good.clone();
    no_region["spec"].as_object_mut().unwrap().remove("region");
    let errs = errors(&validator, &no_region);
    assert!(errs.iter().any(|e| e.contains("\"region\"")), "{errs:#?}");

    let invalid = manifests(&file("tests/fixtures/sm-operator/invalid/no-region.yaml"));
    assert!(!validator.is_valid(&invalid[0]));
}

#[test]
fn the_schema_command_prints_the_generated_file() {
    let out = crate::common::run(&["schema", "--format", "sm-operator"]);
    let on_disk = file("generated/schema/sm-operator.schema.json");
    assert_eq!(out, format!("exit: 0\n--- stdout\n{on_disk}--- stderr\n"));
}
