//! ACK manifests and tf-k8s manifests are the same Kubernetes object in two
//! syntaxes, read and written by one module: each `metadata` case here is
//! written both ways and must give the same findings and the same losses.

use std::sync::Arc;

use tjspec::format::{FormatId, ReadOptions};
use tjspec::pipeline::{process, Settings};
use tjspec::source::Source;

/// A metadata field as YAML (ACK) and as HCL (tf-k8s).
struct Field {
    yaml: &'static str,
    hcl: &'static str,
}

const SPEC_YAML: &str = "spec:\n  trainingJobName: churn\n  roleARN: arn:aws:iam::111122223333:role/SageMaker\n  algorithmSpecification:\n    trainingImage: 111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1\n    trainingInputMode: File\n  outputDataConfig:\n    s3OutputPath: s3://acme/out/\n  resourceConfig:\n    instanceType: ml.m5.large\n    instanceCount: 1\n    volumeSizeInGB: 10\n  stoppingCondition:\n    maxRuntimeInSeconds: 3600\n";

const SPEC_HCL: &str = "  spec = {\n    training_job_name = \"churn\"\n    role_arn = \"arn:aws:iam::111122223333:role/SageMaker\"\n    algorithm_specification = {\n      training_image = \"111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1\"\n      training_input_mode = \"File\"\n    }\n    output_data_config = {\n      s3_output_path = \"s3://acme/out/\"\n    }\n    resource_config = {\n      instance_type = \"ml.m5.large\"\n      instance_count = 1\n      volume_size_in_gb = 10\n    }\n    stopping_condition = {\n      max_runtime_in_seconds = 3600\n    }\n  }\n";

fn ack(fields: &[Field]) -> String {
    let mut s = "apiVersion: sagemaker.services.k8s.aws/v1alpha1\nkind: TrainingJob\nmetadata:\n"
        .to_owned();
    for f in fields {
        s.push_str(&format!("  {}\n", f.yaml));
    }
    s + SPEC_YAML
}

fn tf_k8s(fields: &[Field]) -> String {
    let mut s =
        "data \"k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest\" \"churn\" {\n  metadata = {\n"
            .to_owned();
    for f in fields {
        s.push_str(&format!("    {}\n", f.hcl));
    }
    s + "  }\n\n" + SPEC_HCL + "}\n"
}

/// What converting `text` from `from` to `to` reports: (severity, code,
/// path, message, hint) of each finding, and whether the job came through.
fn findings(from: FormatId, to: FormatId, text: &str, allow_unknown: bool) -> (Vec<String>, bool) {
    let source = Arc::new(Source::new("input", text));
    let mut read = ReadOptions::default();
    read.members.allow_unknown = allow_unknown;
    let settings = Settings::new().from(from).to(to).read(read);
    let outcome = process(&source, None, &settings);
    let found = outcome
        .reports
        .iter()
        .map(|r| {
            let d = &r.diag;
            format!(
                "{:?} {} {} {} {}",
                d.severity,
                d.code,
                d.path,
                d.message,
                d.hint.as_deref().unwrap_or("-")
            )
        })
        .collect();
    (found, outcome.failed == 0 && outcome.jobs.len() == 1)
}

/// Reads `fields` as an ACK manifest and as a tf-k8s manifest, converting
/// each to `to`: both give the same findings.
fn both(fields: &[Field], to: FormatId, allow_unknown: bool) -> (Vec<String>, bool) {
    let ack = findings(FormatId::Ack, to, &ack(fields), allow_unknown);
    let (tf, tf_ok) = findings(FormatId::TfK8s, to, &tf_k8s(fields), allow_unknown);
    // Each spells the job's members its own way.
    let tf: Vec<String> = tf
        .into_iter()
        .map(|f| f.replace("spec.training_job_name", "spec.trainingJobName"))
        .collect();
    assert_eq!(ack, (tf, tf_ok), "ACK and tf-k8s disagree");
    ack
}

/// What a real object's metadata holds beside the manifest's own fields.
const REAL: &[Field] = &[
    Field {
        yaml: "name: churn",
        hcl: "name = \"churn\"",
    },
    Field {
        yaml: "namespace: ml",
        hcl: "namespace = \"ml\"",
    },
    Field {
        yaml: "uid: 0c3f6a2e-5d1b-4c8e-9f7a-2b6d8e1f3a4c",
        hcl: "uid = \"0c3f6a2e-5d1b-4c8e-9f7a-2b6d8e1f3a4c\"",
    },
    Field {
        yaml: "resourceVersion: \"4411520\"",
        hcl: "resourceVersion = \"4411520\"",
    },
    Field {
        yaml: "generation: 1",
        hcl: "generation = 1",
    },
    Field {
        yaml: "finalizers: [finalizers.sagemaker.services.k8s.aws/TrainingJob]",
        hcl: "finalizers = [\"finalizers.sagemaker.services.k8s.aws/TrainingJob\"]",
    },
];

#[test]
fn a_real_objects_metadata_is_read_and_what_is_not_carried_is_named() {
    // tf-k8s writes name, namespace, labels and annotations: the rest is named.
    let (found, ok) = both(REAL, FormatId::TfK8s, false);
    assert!(ok, "{found:#?}");
    let not_carried: Vec<_> = found
        .iter()
        .filter(|f| f.contains("not carried to tf-k8s"))
        .map(|f| f.split(' ').nth(2).unwrap().to_owned())
        .collect();
    assert_eq!(
        not_carried,
        [
            "metadata.uid",
            "metadata.resourceVersion",
            "metadata.generation",
            "metadata.finalizers"
        ],
        "{found:#?}"
    );
    assert!(found.iter().all(|f| f.starts_with("Note")), "{found:#?}");
    // AWS JSON carries the name only.
    let (found, ok) = both(REAL, FormatId::Aws, false);
    assert!(ok);
    assert_eq!(
        found
            .iter()
            .filter(|f| f.contains("not carried to aws"))
            .count(),
        5,
        "{found:#?}"
    );
}

#[test]
fn ack_output_keeps_every_metadata_field() {
    let (found, ok) = both(REAL, FormatId::Ack, false);
    assert!(ok && found.is_empty(), "{found:#?}");
    for (from, text) in [(FormatId::Ack, ack(REAL)), (FormatId::TfK8s, tf_k8s(REAL))] {
        let source = Arc::new(Source::new("input", text));
        let settings = Settings::new().from(from).to(FormatId::Ack);
        let out = process(&source, None, &settings);
        let yaml =
            String::from_utf8(tjspec::render(FormatId::Ack, &out.jobs, &settings.write).unwrap())
                .unwrap();
        assert!(
            yaml.contains("uid: \"0c3f6a2e-5d1b-4c8e-9f7a-2b6d8e1f3a4c\"")
                && yaml.contains("generation: 1"),
            "{from}: {yaml}"
        );
    }
}

#[test]
fn a_key_that_is_no_metadata_field_is_an_error_in_both() {
    let fields = [
        Field {
            yaml: "name: churn",
            hcl: "name = \"churn\"",
        },
        Field {
            yaml: "namespce: ml",
            hcl: "namespce = \"ml\"",
        },
    ];
    let (found, ok) = both(&fields, FormatId::Aws, false);
    assert!(!ok);
    assert_eq!(
        found,
        ["Error unknown-field metadata.namespce unknown field `namespce` in metadata did you mean `namespace`?"]
    );
    // Under --allow-unknown it is skipped, and named as lost.
    let (found, ok) = both(&fields, FormatId::Aws, true);
    assert!(ok, "{found:#?}");
    assert!(
        found.iter().any(|f| f.contains("loss metadata.namespce")),
        "{found:#?}"
    );
}

#[test]
fn names_namespaces_and_labels_are_checked_alike() {
    let fields = [
        Field {
            yaml: "name: Churn_Job",
            hcl: "name = \"Churn_Job\"",
        },
        Field {
            yaml: "namespace: ml.team",
            hcl: "namespace = \"ml.team\"",
        },
        Field {
            yaml: "labels: {team: ml, size: 3}",
            hcl: "labels = { team = \"ml\", size = 3 }",
        },
        Field {
            yaml: "annotations: dashboard",
            hcl: "annotations = \"dashboard\"",
        },
    ];
    let (found, ok) = both(&fields, FormatId::Aws, false);
    assert!(!ok);
    let codes: Vec<_> = found
        .iter()
        .map(|f| f.split(' ').take(3).collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(
        codes,
        [
            "Error object-name metadata.name",
            "Error namespace metadata.namespace",
            "Error type metadata.labels.size",
            "Error type metadata.annotations",
        ],
        "{found:#?}"
    );
}

#[test]
fn a_missing_name_is_derived_alike() {
    let fields = [Field {
        yaml: "namespace: ml",
        hcl: "namespace = \"ml\"",
    }];
    for to in [FormatId::Ack, FormatId::TfK8s] {
        let (found, ok) = both(&fields, to, false);
        assert!(ok, "{found:#?}");
        assert!(
            found
                .iter()
                .any(|f| f
                    .starts_with("Warning object-name metadata the manifest has no metadata.name")),
            "{to}: {found:#?}"
        );
    }
}

/// A job name that is no object name gives the same object name, with the
/// same note, in both outputs.
#[test]
fn object_names_derive_alike_in_both_outputs() {
    let job = r#"{"TrainingJobName": "Churn-Model-2024", "RoleArn": "arn:aws:iam::111122223333:role/SageMaker",
        "AlgorithmSpecification": {"TrainingImage": "111122223333.dkr.ecr.us-east-1.amazonaws.com/churn:1", "TrainingInputMode": "File"},
        "OutputDataConfig": {"S3OutputPath": "s3://acme/out/"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1, "VolumeSizeInGB": 10},
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600}}"#;
    for to in [FormatId::Ack, FormatId::TfK8s] {
        let (found, ok) = findings(FormatId::Aws, to, job, false);
        assert!(ok);
        assert_eq!(
            found,
            ["Note derived-name TrainingJobName metadata.name `churn-model-2024` is derived from TrainingJobName `Churn-Model-2024` -"],
            "{to}"
        );
        let source = Arc::new(Source::new("input", job));
        let settings = Settings::new().from(FormatId::Aws).to(to);
        let out = process(&source, None, &settings);
        let text =
            String::from_utf8(tjspec::render(to, &out.jobs, &settings.write).unwrap()).unwrap();
        assert!(
            text.contains("name: churn-model-2024")
                || text.contains("name      = \"churn-model-2024\""),
            "{to}: {text}"
        );
    }
}
