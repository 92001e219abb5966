//! The ACK binding file is checked against the schema: stale or misspelt
//! paths are generator errors, and the computed names follow ACK's rule.

use std::path::Path;

use tjspec_codegen::ack::{self, Ack};
use tjspec_codegen::Model;

fn job_model() -> Model {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    tjspec_codegen::load_model(&root).expect("the schema loads")
}

const CRD: &str = "resources:\n  TrainingJob:\n    crd: {group: g, version: v1, kind: K, list_kind: KList, plural: ks, singular: k, scope: Namespaced, required: [RoleArn]}\n    fields: f.txt\n";

/// The binding file: the resource's CRD, then `text` (the resource's own
/// keys, indented by four, or the file's).
fn file(text: &str) -> String {
    format!("{CRD}{text}")
}

fn problems(text: &str) -> Vec<String> {
    let raw = ack::parse(&file(text)).expect("parses");
    Ack::build(raw, &job_model()).expect_err("the binding is inconsistent")
}

fn build(text: &str) -> Ack {
    let raw = ack::parse(&file(text)).expect("parses");
    Ack::build(raw, &job_model()).expect("the binding is consistent")
}

#[test]
fn the_committed_binding_loads() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../schema");
    let tjspec_codegen::Schema { model, bindings } =
        tjspec_codegen::load(&root).expect("the schema loads");
    let ack = bindings.ack.as_ref().expect("the ACK binding is loaded");
    let job = model.resource("TrainingJob").unwrap().shape;
    let name = |api: &str| {
        let i = model
            .members(job)
            .iter()
            .position(|m| m.name == api)
            .unwrap();
        ack.names[job][i].clone()
    };
    assert_eq!(name("RoleArn").as_deref(), Some("spec.roleARN"));
    assert_eq!(name("VpcConfig").as_deref(), Some("spec.vpcConfig"));
    assert_eq!(
        name("TrainingJobStatus").as_deref(),
        Some("status.trainingJobStatus")
    );
    assert_eq!(
        name("TrainingJobArn").as_deref(),
        Some("status.ackResourceMetadata.arn")
    );
    assert_eq!(name("MlflowConfig"), None);
}

#[test]
fn unknown_paths_are_errors() {
    let p = problems("absent: [AlgorithmSpecification.ContainerEntrypoints, Nope.X, RoleArn]\n");
    let all = p.join("\n");
    assert!(
        all.contains("structure `AlgorithmSpecification` has no member `ContainerEntrypoints`"),
        "{all}"
    );
    assert!(all.contains("there is no shape `Nope`"), "{all}");
    assert!(
        all.contains("`RoleArn` is not of the form Shape.Member"),
        "{all}"
    );
}

#[test]
fn contradictions_are_errors() {
    let p = problems(
        "absent: [TrainingJob.RoleArn, TrainingJob.RoleArn]\nnames: {TrainingJob.RoleArn: roleArn, Channel.ChannelName: name, Channel.ContentType: name}\n",
    );
    let all = p.join("\n");
    assert!(all.contains("listed twice"), "{all}");
    assert!(all.contains("also listed as absent"), "{all}");
    assert!(
        all.contains("must start with `spec.` or `status.`"),
        "{all}"
    );
    assert!(
        all.contains("two members of `Channel` get the ACK name `name`"),
        "{all}"
    );
    assert!(
        all.contains("TrainingJob: crd.required: `RoleArn` is not a spec field"),
        "{all}"
    );
}

#[test]
fn status_fields_are_checked() {
    let p = problems("    status:\n      x: {type: object, required: [y], properties: {z: {type: strnig}}}\n      l: {type: array}\n");
    let all = p.join("\n");
    assert!(
        all.contains("TrainingJob: status.x: required `y` is not a property"),
        "{all}"
    );
    assert!(
        all.contains("TrainingJob: status.x.z: unknown type `strnig`"),
        "{all}"
    );
    assert!(
        all.contains("TrainingJob: status.l: arrays, and only arrays, have `items`"),
        "{all}"
    );
    let e = ack::parse(&file("    status: {x: {type: string, pattern: a}}\n")).unwrap_err();
    assert!(e.contains("pattern"), "{e}");
}

#[test]
fn names_follow_the_rule_unless_overridden() {
    let ack = build("names: {ResourceConfig.VolumeKmsKeyId: volumeKey}\n");
    let model = job_model();
    let shape = model
        .shapes
        .iter()
        .position(|s| s.name == "ResourceConfig")
        .unwrap();
    let names: Vec<_> = model
        .members(shape)
        .iter()
        .zip(&ack.names[shape])
        .map(|(m, n)| format!("{} {}", m.name, n.as_deref().unwrap_or("-")))
        .collect();
    assert!(
        names.contains(&"VolumeKmsKeyId volumeKey".to_owned()),
        "{names:?}"
    );
    assert!(
        names.contains(&"VolumeSizeInGB volumeSizeInGB".to_owned()),
        "{names:?}"
    );
}
