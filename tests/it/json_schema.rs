//! The generated JSON Schemas: valid draft 2020-12 documents that accept
//! every example and fixture of their format (and what tjspec writes), and
//! reject inputs tjspec rejects for reasons a schema can express.

use std::path::Path;

use serde_json::Value;
use tjspec::format::{Doc, FormatId, ReadOptions, WriteOptions};
use tjspec::source::Source;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema(format: &str) -> jsonschema::Validator {
    let text = tjspec_model::json_schema::get(format).expect("a schema");
    let schema: Value = serde_json::from_str(text).expect("the schema is JSON");
    assert!(
        jsonschema::meta::is_valid(&schema),
        "{format}: not a valid JSON Schema"
    );
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    jsonschema::validator_for(&schema).expect("the schema compiles")
}

/// The JSON documents of a file: one per line for JSON Lines.
fn documents(path: &str) -> Vec<Value> {
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    if path.ends_with(".jsonl") {
        text.lines()
            .filter(|l| !l.trim().is_empty())
            .map(|l| serde_json::from_str(l).unwrap())
            .collect()
    } else {
        vec![serde_json::from_str(&text).unwrap()]
    }
}

fn errors(validator: &jsonschema::Validator, doc: &Value) -> Vec<String> {
    validator
        .iter_errors(doc)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

fn assert_valid(format: &str, paths: &[&str]) {
    let validator = schema(format);
    for path in paths {
        for (i, doc) in documents(path).iter().enumerate() {
            let errs = errors(&validator, doc);
            assert!(errs.is_empty(), "{path} (document {i}): {errs:#?}");
        }
    }
}

fn assert_invalid(format: &str, cases: &[(&str, &str)]) {
    let validator = schema(format);
    for (path, expected) in cases {
        let doc = &documents(path)[0];
        let errs = errors(&validator, doc);
        assert!(
            errs.iter().any(|e| e.contains(expected)),
            "{path}: expected an error mentioning `{expected}`, got {errs:#?}"
        );
    }
}

#[test]
fn aws_examples_and_fixtures_validate() {
    assert_valid(
        "aws",
        &[
            "examples/describe-response.json",
            "examples/xgboost-churn.json",
            "tests/fixtures/aws/minimal.json",
            "tests/fixtures/aws/full-create.json",
        ],
    );
}

#[test]
fn datadog_fixtures_validate() {
    assert_valid(
        "datadog",
        &[
            "tests/fixtures/datadog/row.json",
            "tests/fixtures/datadog/inventory.jsonl",
            // Valid as far as a schema can tell: the account disagrees with the ARN.
            "tests/fixtures/datadog/invalid/account-mismatch.json",
        ],
    );
}

#[test]
fn invalid_aws_inputs_do_not_validate() {
    assert_invalid(
        "aws",
        &[
            (
                "tests/fixtures/aws/invalid/unknown-field.json",
                "Additional properties",
            ),
            (
                "tests/fixtures/aws/invalid/wrong-types.json",
                "is not of type",
            ),
            ("tests/fixtures/aws/invalid/constraints.json", "RoleArn"),
        ],
    );
}

#[test]
fn invalid_datadog_rows_do_not_validate() {
    assert_invalid(
        "datadog",
        &[
            ("tests/fixtures/datadog/invalid/tags.json", "/tags/1"),
            ("tests/fixtures/datadog/invalid/tags.json", "/account_id"),
            (
                "tests/fixtures/datadog/invalid/create-only-member.json",
                "session_chaining_config",
            ),
        ],
    );
    let validator = schema("datadog");
    for bad in [
        r#"{"training_job_name": "a", "role_arn": "arn:aws:iam::111122223333:role/r", "output_data_config": {"s3_output_path": "s3://b/o"}, "account_id": "12345"}"#,
        r#"{"training_job_name": "a", "output_data_config": {"s3_output_path": "s3://b/o"}}"#,
        r#"{"training_job_name": "a", "role_arn": "arn:aws:iam::111122223333:role/r", "output_data_config": {"s3_output_path": "s3://b/o"}, "resource_config": {"volume_size_in_gb": -1}}"#,
        r#"{"training_job_name": "a", "role_arn": "arn:aws:iam::111122223333:role/r", "output_data_config": {"s3_output_path": "s3://b/o"}, "TrainingJobArn": "x"}"#,
    ] {
        let doc: Value = serde_json::from_str(bad).unwrap();
        assert!(!validator.is_valid(&doc), "{bad}");
    }
}

#[test]
fn closed_enums_are_checked_and_open_ones_are_not() {
    let validator = schema("aws");
    let job = |instance_type: &str, input_mode: &str| -> Value {
        serde_json::json!({
            "TrainingJobName": "a",
            "RoleArn": "arn:aws:iam::111122223333:role/r",
            "OutputDataConfig": {"S3OutputPath": "s3://b/o"},
            "AlgorithmSpecification": {"TrainingInputMode": input_mode, "TrainingImage": "img"},
            "ResourceConfig": {"InstanceType": instance_type, "VolumeSizeInGB": 30},
        })
    };
    assert!(validator.is_valid(&job("ml.m5.xlarge", "File")));
    // Instance types grow every release: tjspec warns, the schema allows.
    assert!(validator.is_valid(&job("ml.future.99xlarge", "File")));
    assert!(!validator.is_valid(&job("ml.m5.xlarge", "NotAnInputMode")));
}

/// What tjspec writes in a format validates against that format's schema.
#[test]
fn written_documents_validate() {
    let options = WriteOptions::new().include_status(true);
    let inputs = [
        (FormatId::Aws, "examples/describe-response.json"),
        (FormatId::Aws, "tests/fixtures/aws/full-create.json"),
        (FormatId::Datadog, "tests/fixtures/datadog/row.json"),
        (FormatId::Datadog, "tests/fixtures/datadog/inventory.jsonl"),
    ];
    for (from, path) in inputs {
        let text = std::fs::read_to_string(root().join(path)).unwrap();
        let docs: Vec<Doc> = from
            .format()
            .read(&Source::new(path, text), &ReadOptions::default())
            .into_iter()
            .map(|d| Doc::new(d.job.expect("fixture reads")).with_envelope(d.envelope))
            .collect();
        for (to, name) in [(FormatId::Aws, "aws"), (FormatId::Datadog, "datadog")] {
            let validator = schema(name);
            let written = String::from_utf8(tjspec::render(to, &docs, &options).unwrap()).unwrap();
            let values: Vec<Value> = if docs.len() > 1 {
                written
                    .lines()
                    .map(|l| serde_json::from_str(l).unwrap())
                    .collect()
            } else {
                vec![serde_json::from_str(&written).unwrap()]
            };
            for v in values {
                let errs = errors(&validator, &v);
                assert!(errs.is_empty(), "{path} as {name}: {errs:#?}");
            }
        }
    }
}

#[test]
fn the_schema_command_prints_the_generated_files() {
    for (format, file) in [
        ("aws", "aws"),
        ("aws-yaml", "aws"),
        ("ack", "ack"),
        ("datadog", "datadog"),
    ] {
        let out = crate::common::run(&["schema", "--format", format]);
        let on_disk =
            std::fs::read_to_string(root().join(format!("generated/schema/{file}.schema.json")))
                .unwrap();
        assert_eq!(out, format!("exit: 0\n--- stdout\n{on_disk}--- stderr\n"));
    }
}

/// The TrainingJob documents of a YAML file, as JSON values.
fn yaml_documents(path: &str) -> Vec<Value> {
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
    let text = std::fs::read_to_string(root().join(path)).unwrap();
    tjspec::syntax::yaml::documents(&text)
        .map(|d| to_json(&d.expect("the fixture parses")))
        .filter(|d| d["kind"] == "TrainingJob")
        .collect()
}

#[test]
fn ack_manifests_validate_and_misspellings_do_not() {
    let validator = schema("ack");
    for path in [
        "examples/ack-xgboost.yaml",
        "tests/fixtures/ack/xgboost.yaml",
        "tests/fixtures/ack/debugger-profiler.yaml",
        "tests/fixtures/ack/instance-groups-warm-pool.yaml",
        "tests/fixtures/ack/full-status.yaml",
        "tests/fixtures/ack/stream.yaml",
    ] {
        let docs = yaml_documents(path);
        assert!(!docs.is_empty(), "{path}");
        for doc in &docs {
            let errs = errors(&validator, doc);
            assert!(errs.is_empty(), "{path}: {errs:#?}");
        }
    }
    let bad = &yaml_documents("tests/fixtures/ack/invalid/unknown-field.yaml")[0];
    let errs = errors(&validator, bad);
    assert!(
        errs.iter()
            .any(|e| e.contains("Additional properties") && e.contains("roleArn")),
        "{errs:#?}"
    );
    let wrong = &yaml_documents("tests/fixtures/ack/invalid/wrong-type.yaml")[0];
    assert!(!errors(&validator, wrong).is_empty());

    // Beyond the CRD: the canonical 32-bit ranges, patterns and closed enums.
    let big = &yaml_documents("tests/fixtures/ack/invalid/int64.yaml")[0];
    let errs = errors(&validator, big);
    assert!(
        errs.iter()
            .any(|e| e.contains("/spec/resourceConfig/volumeSizeInGB")),
        "{errs:#?}"
    );
    let mut doc = yaml_documents("examples/ack-xgboost.yaml")[0].clone();
    doc["spec"]["algorithmSpecification"]["trainingInputMode"] = "NotAnInputMode".into();
    doc["spec"]["trainingJobName"] = "not a valid name".into();
    let errs = errors(&validator, &doc);
    assert!(
        errs.iter()
            .any(|e| e.contains("/spec/algorithmSpecification/trainingInputMode")),
        "{errs:#?}"
    );
    assert!(
        errs.iter().any(|e| e.contains("/spec/trainingJobName")),
        "{errs:#?}"
    );
}
