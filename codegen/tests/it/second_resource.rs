//! A second resource is a schema file listed in the index, nothing more:
//! everything is generated for it next to the training job, over the same
//! shapes, and the training job's output does not move.

use std::path::Path;

use tjspec_codegen::GeneratedFile;

/// A resource made up for the test: it shares the training job's shapes
/// and adds one of its own.
const EXAMPLE: &str = r#"
resource:
  name: ExampleJob
  doc: "A job made up for a test: it shares the training job's shapes."
  operations:
    create: CreateExampleJob
    describe: DescribeExampleJob
  members:
    ExampleJobName:
      shape: ExampleJobName
      required: [create, describe]
      doc: "Its name."
    AlgorithmSpecification:
      shape: AlgorithmSpecification
      doc: "The training job's algorithm shape, shared."
    ResourceConfig:
      shape: ResourceConfig
      doc: "The training job's resource shape, shared."
    Tags:
      shape: TagList
      in: [create]
      doc: "Tags."
    ExampleJobStatus:
      shape: TrainingJobStatus
      in: [describe]
      doc: "What AWS reports."
shapes:
  ExampleJobName:
    type: string
    min: 1
    max: 63
"#;

fn schema_with_example() -> tempfile::TempDir {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("bindings")).unwrap();
    for f in std::fs::read_dir(root.join("bindings")).unwrap() {
        let f = f.unwrap();
        std::fs::copy(f.path(), dir.path().join("bindings").join(f.file_name())).unwrap();
    }
    for f in std::fs::read_dir(&root).unwrap() {
        let f = f.unwrap();
        if f.path().extension().is_some_and(|e| e == "yaml") {
            std::fs::copy(f.path(), dir.path().join(f.file_name())).unwrap();
        }
    }
    let index = std::fs::read_to_string(root.join("schema.yaml")).unwrap();
    // At the end of the list, as a new resource goes.
    let listed = format!("{}\n  - examplejob.yaml\n", index.trim_end());
    assert!(
        index.trim_end().ends_with(".yaml"),
        "the index ends with its list of resources: update this test"
    );
    std::fs::write(dir.path().join("schema.yaml"), listed).unwrap();
    std::fs::write(dir.path().join("examplejob.yaml"), EXAMPLE).unwrap();
    dir
}

fn file<'a>(files: &'a [GeneratedFile], path: &str) -> &'a str {
    &files
        .iter()
        .find(|f| f.path == path)
        .unwrap_or_else(|| panic!("{path} is generated"))
        .contents
}

#[test]
fn a_second_resource_is_a_schema_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let before = tjspec_codegen::generate(&root).expect("the schema loads");
    let dir = schema_with_example();
    let after = tjspec_codegen::generate(dir.path()).expect("with a second resource, it loads");

    // One shape, not copies: the shared shapes keep their ids and the new
    // resource's members point at them.
    let model = tjspec_codegen::load_model(dir.path()).unwrap();
    let example = model.resource("ExampleJob").unwrap();
    let shared = model
        .shapes
        .iter()
        .position(|s| s.name == "ResourceConfig")
        .unwrap();
    assert!(model
        .members(example.shape)
        .iter()
        .any(|m| m.shape == shared));
    assert_eq!(
        model
            .shapes
            .iter()
            .filter(|s| s.name == "ResourceConfig")
            .count(),
        1
    );

    let types = file(&after, "generated/src/types.rs");
    assert!(types.contains("pub struct ExampleJob {"), "{types}");
    assert!(types.contains("Status: only DescribeExampleJob returns it."));
    let resource = file(&after, "generated/src/resource.rs");
    assert!(resource.contains("impl ::tjspec_runtime::Resource for crate::types::ExampleJob"));
    let meta = file(&after, "generated/src/meta.rs");
    assert!(meta.contains("create: \"CreateExampleJob\""), "{meta}");
    // Each binding names the new root's row; ACK and tf-aws have no
    // resource for it, so no names.
    let ack = file(&after, "generated/src/bindings/ack.rs");
    assert!(ack.contains("    // ExampleJob\n    &[\n        ::std::option::Option::None,"));
    let aws = file(&after, "generated/src/bindings/aws.rs");
    assert!(aws.contains(
        "    // ExampleJob\n    &[\n        ::std::option::Option::Some(\"ExampleJobName\"),"
    ));
    assert!(aws.contains("crate::meta::shape::EXAMPLE_JOB => {"));
    // Its SDK conversions come from its operation names.
    let sdk = file(&after, "generated/src/aws_sdk.rs");
    assert!(sdk.contains("pub trait WithExampleJob"), "{sdk}");
    assert!(sdk.contains("operation::create_example_job::builders::CreateExampleJobInputBuilder"));
    assert!(sdk.contains("pub mod example_job {"));
    // Its JSON Schema and field matrix table.
    let schema = file(&after, "generated/schema/aws.example_job.schema.json");
    assert!(schema.contains("\"title\": \"SageMaker example job (AWS API JSON)\""));
    assert!(schema.contains("\"ExampleJobName\""));
    let fields = file(&after, "docs/fields.md");
    assert!(fields.contains("\n## ExampleJob\n"), "{fields}");
    assert!(fields.contains("| `ResourceConfig.InstanceCount` |"));

    // Every file the training job had is there; its own did not change but
    // for the lists of resources, the shape ids after the training job's
    // file, and the tables that have a row per shape.
    for f in &before {
        let now = file(&after, &f.path);
        if [
            "generated/crd/",
            "generated/schema/aws.schema.json",
            "generated/schema/ack",
            "generated/schema/datadog",
        ]
        .iter()
        .any(|p| f.path.starts_with(p))
        {
            assert_eq!(now, f.contents, "{}", f.path);
        }
    }
}
