//! The generator refuses inconsistent schemas with messages that name the problem.

use tjspec_codegen::model::Model;
use tjspec_codegen::schema;

const HEAD: &str =
    "source: {service: sagemaker, api_version: \"2017-07-24\", botocore: \"1.44.5\"}\n";

fn problems(text: &str) -> Vec<String> {
    let raw = schema::parse(&format!("{HEAD}{text}")).expect("parses");
    Model::build(raw).expect_err("the schema is inconsistent")
}

#[test]
fn unknown_keys_are_syntax_errors() {
    let e = schema::parse(&format!(
        "{HEAD}job: {{name: J, doc: d, members: {{}}, extra: 1}}\nshapes: {{}}\n"
    ))
    .unwrap_err();
    assert!(e.contains("extra"), "{e}");
    let e = schema::parse(&format!(
        "{HEAD}job: {{name: J, doc: d, members: {{A: {{shape: S, doc: d}}}}}}\nshapes: {{S: {{type: string, lenght: 3}}}}\n"
    ))
    .unwrap_err();
    assert!(e.contains("lenght"), "{e}");
}

#[test]
fn dangling_references_are_named() {
    let p = problems("job: {name: J, doc: d, members: {A: {shape: Missing, doc: d}}}\nshapes: {S: {type: string}}\n");
    assert!(
        p.iter()
            .any(|p| p.contains("job member `A` refers to shape `Missing`")),
        "{p:?}"
    );
}

#[test]
fn duplicate_rust_names_are_refused() {
    let p = problems(
        "job: {name: J, doc: d, members: {S3Uri: {shape: S, doc: d}, S3_Uri: {shape: S, doc: d}}}\nshapes: {S: {type: string}}\n",
    );
    assert!(
        p.iter()
            .any(|p| p.contains("two members get the Rust field name `s3_uri`")),
        "{p:?}"
    );
}

#[test]
fn duplicate_yaml_keys_are_refused() {
    let e = schema::parse(&format!("{HEAD}job: {{name: J, doc: d, members: {{}}}}\nshapes: {{S: {{type: string}}, S: {{type: long}}}}\n"))
        .unwrap_err();
    assert!(e.to_lowercase().contains("duplicate"), "{e}");
}

#[test]
fn misplaced_constraints_unreachable_shapes_and_missing_docs() {
    let p = problems(
        "job: {name: J, doc: d, members: {A: {shape: S, doc: \"\"}}}\nshapes: {S: {type: boolean, pattern: x}, T: {type: string}}\n",
    );
    assert!(
        p.iter().any(|p| p.contains("`pattern` does not apply")),
        "{p:?}"
    );
    assert!(p.iter().any(|p| p.contains("empty doc")), "{p:?}");
    let p = problems("job: {name: J, doc: d, members: {A: {shape: S, doc: d}}}\nshapes: {S: {type: string}, T: {type: string}}\n");
    assert!(
        p.iter().any(|p| p.contains("shape `T` is not reachable")),
        "{p:?}"
    );
}

#[test]
fn bad_patterns_and_enum_collisions() {
    let p = problems(
        "job: {name: J, doc: d, members: {A: {shape: S, doc: d}, B: {shape: E, doc: d}}}\nshapes: {S: {type: string, pattern: \"(\"}, E: {type: enum, values: [a-b, a.b]}}\n",
    );
    assert!(
        p.iter().any(|p| p.contains("pattern does not compile")),
        "{p:?}"
    );
    assert!(
        p.iter()
            .any(|p| p.contains("gives the Rust variant `AB` twice")),
        "{p:?}"
    );
}

/// A member AWS adds reaches the ACK CRD and the Terraform AWS resource only
/// once classified: regenerating with a new member and the committed
/// bindings fails, naming the field and what to do; `absent:` settles it.
#[test]
fn a_new_member_must_be_classified_for_the_ack_crd() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("bindings")).unwrap();
    for f in [
        "ack.yaml",
        "ack-crd-fields.txt",
        "tf-aws.yaml",
        "tf-aws-arguments.txt",
        "aliases.yaml",
    ] {
        std::fs::copy(
            root.join("bindings").join(f),
            dir.path().join("bindings").join(f),
        )
        .unwrap();
    }
    let schema = std::fs::read_to_string(root.join("trainingjob.yaml")).unwrap();
    let added = schema.replacen(
        "    TrainingJobName:\n",
        "    CapacityReservationName:\n      shape: TrainingJobName\n      doc: A capacity reservation AWS might add one day.\n    TrainingJobName:\n",
        1,
    );
    assert_ne!(
        added, schema,
        "the job's first member moved: update this test"
    );
    let path = dir.path().join("trainingjob.yaml");
    std::fs::write(&path, &added).unwrap();
    let e = tjspec_codegen::load(&path).unwrap_err().to_string();
    assert!(e.contains("ack-crd-fields.txt"), "{e}");
    assert!(
        e.contains("`spec.capacityReservationName` would be a field of the generated CRD"),
        "{e}"
    );
    assert!(e.contains("add its member to `absent:`"), "{e}");

    let ack = std::fs::read_to_string(dir.path().join("bindings/ack.yaml")).unwrap();
    let absent = ack.replacen(
        "absent:\n",
        "absent:\n  - TrainingJob.CapacityReservationName\n",
        1,
    );
    assert_ne!(absent, ack);
    std::fs::write(dir.path().join("bindings/ack.yaml"), absent).unwrap();
    // Then the Terraform AWS provider's arguments.
    let e = tjspec_codegen::load(&path).unwrap_err().to_string();
    assert!(e.contains("tf-aws-arguments.txt"), "{e}");
    assert!(
        e.contains("`capacity_reservation_name` would be an argument"),
        "{e}"
    );
    let tf = std::fs::read_to_string(dir.path().join("bindings/tf-aws.yaml")).unwrap();
    let absent = tf.replacen(
        "absent:\n",
        "absent:\n  - TrainingJob.CapacityReservationName\n",
        1,
    );
    assert_ne!(absent, tf);
    std::fs::write(dir.path().join("bindings/tf-aws.yaml"), absent).unwrap();
    tjspec_codegen::load(&path).expect("classified as absent, the schema loads");
}

/// A YAML error names the schema file (not the reader's `<input>`), without
/// advice meant for the YAML library's API.
#[test]
fn yaml_errors_name_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("trainingjob.yaml");
    std::fs::write(
        &path,
        "source: {service: s, api_version: v, botocore: b}\njob: {name: J, doc: d, members: {}}\nshapes: {S: {type: string}, S: {type: long}}\n",
    )
    .unwrap();
    let e = tjspec_codegen::load(&path).unwrap_err().to_string();
    assert!(!e.contains("<input>"), "{e}");
    assert!(!e.contains("DuplicateKeyPolicy"), "{e}");
    assert!(e.contains(&path.display().to_string()), "{e}");
}
