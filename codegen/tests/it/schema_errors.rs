//! The generator refuses inconsistent schemas with messages that name the problem.

use tjspec_codegen::model::Model;
use tjspec_codegen::schema;

fn source() -> schema::Source {
    schema::Source {
        service: "sagemaker".into(),
        api_version: "2017-07-24".into(),
        botocore: "1.44.5".into(),
    }
}

const OPS: &str = "operations: {create: CreateJ, describe: DescribeJ}";

/// `job: {name: J, ...}` as a resource file: tests write the resource as
/// `job: {name: J, ` and get its operations added.
fn resource(text: &str) -> String {
    text.replace("job: {name: J, ", &format!("resource: {{name: J, {OPS}, "))
        .replace("job: {name: K, ", &format!("resource: {{name: K, {OPS}, "))
}

fn problems(text: &str) -> Vec<String> {
    let raw = schema::parse(&resource(text)).expect("parses");
    Model::build(source(), vec![raw]).expect_err("the schema is inconsistent")
}

fn problems_of_files(texts: &[&str]) -> Vec<String> {
    let files = texts
        .iter()
        .map(|t| schema::parse(&resource(t)).expect("parses"))
        .collect();
    Model::build(source(), files).expect_err("the schema is inconsistent")
}

#[test]
fn unknown_keys_are_syntax_errors() {
    let e = schema::parse(&resource(
        "job: {name: J, doc: d, members: {}, extra: 1}\nshapes: {}\n",
    ))
    .unwrap_err();
    assert!(e.contains("extra"), "{e}");
    let e = schema::parse(&resource(
        "job: {name: J, doc: d, members: {A: {shape: S, doc: d}}}\nshapes: {S: {type: string, lenght: 3}}\n",
    ))
    .unwrap_err();
    assert!(e.contains("lenght"), "{e}");
}

#[test]
fn dangling_references_are_named() {
    let p = problems("job: {name: J, doc: d, members: {A: {shape: Missing, doc: d}}}\nshapes: {S: {type: string}}\n");
    assert!(
        p.iter()
            .any(|p| p.contains("resource `J`: member `A` refers to shape `Missing`")),
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
    let e = schema::parse(&resource(
        "job: {name: J, doc: d, members: {}}\nshapes: {S: {type: string}, S: {type: long}}\n",
    ))
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
        p.iter()
            .any(|p| p.contains("shape `T` is not reachable from any resource")),
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

/// Resources share one pool of shapes: a second file refers to a shape the
/// first defines by name (its shape ids follow the first file's), and a
/// shape defined in two files is refused rather than copied.
#[test]
fn resources_share_one_pool_of_shapes() {
    let first =
        "job: {name: J, doc: d, members: {A: {shape: S, doc: d}}}\nshapes: {S: {type: string}}\n";
    let second = "job: {name: K, doc: d, members: {A: {shape: S, doc: d}, B: {shape: T, doc: d}}}\nshapes: {T: {type: long}}\n";
    let files = [first, second]
        .iter()
        .map(|t| schema::parse(&resource(t)).expect("parses"))
        .collect();
    let model = Model::build(source(), files).expect("the schema is consistent");
    let names: Vec<&str> = model.shapes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["J", "S", "K", "T"]);
    let roots: Vec<(&str, usize)> = model
        .resources
        .iter()
        .map(|r| (r.name.as_str(), r.shape))
        .collect();
    assert_eq!(roots, [("J", 0), ("K", 2)]);
    let k = model.members(2);
    assert_eq!(k[0].shape, 1, "K.A is J's shape S, not a copy");
    assert_eq!(model.resource("K").unwrap().create, "CreateJ");

    let copied =
        "job: {name: K, doc: d, members: {A: {shape: S, doc: d}}}\nshapes: {S: {type: string}}\n";
    let p = problems_of_files(&[first, copied]);
    assert!(
        p.iter().any(|p| p.contains("`S` is defined twice")),
        "{p:?}"
    );
    // A shape only the second resource reaches is reachable.
    let unreachable =
        "job: {name: K, doc: d, members: {A: {shape: S, doc: d}}}\nshapes: {U: {type: long}}\n";
    let p = problems_of_files(&[first, unreachable]);
    assert_eq!(p, ["shape `U` is not reachable from any resource"]);
}

/// The schema directory's index lists the resource files: one loads with
/// the others' shapes, and a file listed but missing is named.
#[test]
fn the_index_lists_the_resource_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("schema.yaml"),
        "source: {service: s, api_version: v, botocore: b}\nresources: [j.yaml, k.yaml]\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("j.yaml"),
        resource("job: {name: J, doc: d, members: {A: {shape: S, doc: d}}}\nshapes: {S: {type: string}}\n"),
    )
    .unwrap();
    let e = tjspec_codegen::load_model(dir.path())
        .unwrap_err()
        .to_string();
    assert!(e.contains("k.yaml"), "{e}");
    std::fs::write(
        dir.path().join("k.yaml"),
        resource("job: {name: K, doc: d, members: {A: {shape: S, doc: d}}}\n"),
    )
    .unwrap();
    let model = tjspec_codegen::load_model(dir.path()).expect("loads");
    let names: Vec<&str> = model.resources.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(names, ["J", "K"]);
    // A file of the directory names the directory.
    let again = tjspec_codegen::load_model(&dir.path().join("j.yaml")).expect("loads");
    assert_eq!(again.shapes.len(), 3);
}

/// A copy of the schema directory `root` (resource files and bindings).
fn copy_of_schema(root: &std::path::Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["", "bindings"] {
        std::fs::create_dir_all(dir.path().join(sub)).unwrap();
        for f in std::fs::read_dir(root.join(sub)).unwrap() {
            let f = f.unwrap();
            if f.file_type().unwrap().is_file() {
                std::fs::copy(f.path(), dir.path().join(sub).join(f.file_name())).unwrap();
            }
        }
    }
    dir
}

/// The controller's field lists carry each field's type: a field the
/// generated CRD types otherwise is an error naming both types, in the
/// list of the resource it belongs to.
#[test]
fn a_crd_field_of_another_type_is_an_error() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let dir = copy_of_schema(&root);
    let list = dir
        .path()
        .join("bindings/ack-hyperparametertuningjob-fields.txt");
    let text = std::fs::read_to_string(&list).unwrap();
    let changed = text.replacen(
        "spec.hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs: integer/int64\n",
        "spec.hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs: string\n",
        1,
    );
    assert_ne!(changed, text, "the field moved: update this test");
    std::fs::write(&list, changed).unwrap();
    let e = tjspec_codegen::load(&dir.path().join("schema.yaml"))
        .unwrap_err()
        .to_string();
    assert!(e.contains("ack-hyperparametertuningjob-fields.txt"), "{e}");
    assert!(
        e.contains("`spec.hyperParameterTuningJobConfig.resourceLimits.maxParallelTrainingJobs` is `integer/int64` in the generated CRD but `string` in the controller's"),
        "{e}"
    );
    // A line without its type is an error too.
    let text = std::fs::read_to_string(&list).unwrap();
    std::fs::write(&list, text.replacen("spec: object\n", "spec\n", 1)).unwrap();
    let e = tjspec_codegen::load(&dir.path().join("schema.yaml"))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("`spec`: a field is listed as `path: type`"),
        "{e}"
    );
}

/// A member AWS adds reaches the ACK CRD and the Terraform AWS resource only
/// once classified: regenerating with a new member and the committed
/// bindings fails, naming the field and what to do; `absent:` settles it.
#[test]
fn a_new_member_must_be_classified_for_the_ack_crd() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let dir = copy_of_schema(&root);
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
    std::fs::write(
        dir.path().join("schema.yaml"),
        "source: {service: s, api_version: v, botocore: b}\nresources: [trainingjob.yaml]\n",
    )
    .unwrap();
    let path = dir.path().join("trainingjob.yaml");
    std::fs::write(
        &path,
        resource(
            "job: {name: J, doc: d, members: {}}\nshapes: {S: {type: string}, S: {type: long}}\n",
        ),
    )
    .unwrap();
    let e = tjspec_codegen::load(&path).unwrap_err().to_string();
    assert!(!e.contains("<input>"), "{e}");
    assert!(!e.contains("DuplicateKeyPolicy"), "{e}");
    assert!(e.contains(&path.display().to_string()), "{e}");
}

/// The audit compares every resource's create request and describe
/// response with botocore's `<Create>Request` and `<Describe>Response`.
#[test]
fn the_audit_covers_every_resource() {
    let first = "job: {name: J, doc: d, members: {A: {shape: S, required: [create], doc: d}, St: {shape: S, in: [describe], doc: d}}}\nshapes: {S: {type: string}}\n";
    let second = "resource: {name: K, operations: {create: CreateK, describe: DescribeK}, doc: d, members: {A: {shape: S, doc: d}}}\n";
    let files = vec![
        schema::parse(&resource(first)).expect("parses"),
        schema::parse(second).expect("parses"),
    ];
    let model = Model::build(source(), files).expect("consistent");
    let botocore = r#"{"shapes": {
        "S": {"type": "string"},
        "CreateJRequest": {"type": "structure", "required": ["A"], "members": {"A": {"shape": "S"}}},
        "DescribeJResponse": {"type": "structure", "members": {"A": {"shape": "S"}, "St": {"shape": "S"}}},
        "CreateKRequest": {"type": "structure", "members": {"A": {"shape": "S"}, "B": {"shape": "S"}}},
        "DescribeKResponse": {"type": "structure", "members": {"A": {"shape": "S"}}}
    }}"#;
    let report = tjspec_codegen::audit::audit(&model, botocore).expect("a botocore model");
    let compared: Vec<(&str, usize)> = report
        .compared
        .iter()
        .map(|(op, n)| (op.as_str(), *n))
        .collect();
    assert_eq!(
        compared,
        [
            ("CreateJ", 1),
            ("DescribeJ", 2),
            ("CreateK", 2),
            ("DescribeK", 1)
        ]
    );
    assert_eq!(report.differences, ["CreateK: B: missing from the schema"]);
}
