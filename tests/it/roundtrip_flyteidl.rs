//! flyteidl → AWS (with `--set` for what AWS requires) → flyteidl gives the
//! same bytes, for any message in the form tjspec writes.
//!
//! The messages always have an algorithm specification: one without cannot
//! become an AWS job without adding one, which then comes back. CUSTOM jobs
//! have no algorithm version: the AWS job has no place for it (converting
//! reports it as lost; see the last test). XGBoost versions are the table's
//! in full: the short `0.90` comes back as the version its image has.

use std::sync::Arc;

use proptest::prelude::*;
use prost::Message as _;
use tjspec::format::flyteidl::images;
use tjspec::format::{FormatId, ReadOptions, WriteOptions};
use tjspec::overrides::{parse_set, Overrides};
use tjspec::pipeline::{process, render_bytes, Settings};
use tjspec::source::Source;
use tjspec_flyteidl::sagemaker as pb;
use tjspec_runtime::Code;

/// XGBoost versions of the table, with a region that has the image.
fn xgboost() -> impl Strategy<Value = (String, String)> {
    let t = images::table();
    let mut pairs = Vec::new();
    for v in t.versions() {
        for r in t.regions() {
            if t.image(v, r).is_ok() {
                pairs.push((v.to_owned(), r.to_owned()));
            }
        }
    }
    prop::sample::select(pairs)
}

/// Names and regexes: printable text without line terminators, which the
/// API's `.+` patterns (Java semantics) do not match (U+2028, U+2029).
fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9:_ ()\\[\\].+*\\\\-]{1,24}",
        "[^\\p{C}\\x{2028}\\x{2029}]{1,12}",
    ]
}

fn i32_or_zero(min: i64) -> impl Strategy<Value = i64> {
    prop_oneof![Just(0), min..=i64::from(i32::MAX)]
}

prop_compose! {
    fn message()(
        input_mode in 0..=1i32,
        xgb in prop::option::of(xgboost()),
        metrics in prop::collection::vec((text(), text()), 0..3),
        resources in prop::option::of((
            i32_or_zero(1),
            prop::sample::select(vec!["", "ml.m5.large", "ml.p3.2xlarge", "ml.g5.12xlarge"]),
            i32_or_zero(1),
            0..=1i32,
        )),
        interruptible in any::<bool>(),
        stopping in prop::option::of((i32_or_zero(1), i32_or_zero(1))),
    ) -> (pb::TrainingJob, String) {
        let (algorithm_name, algorithm_version, region) = match xgb {
            Some((v, r)) => (1, v, r),
            None => (0, String::new(), images::DEFAULT_REGION.to_owned()),
        };
        let m = pb::TrainingJob {
            algorithm_specification: Some(pb::AlgorithmSpecification {
                input_mode,
                algorithm_name,
                algorithm_version,
                metric_definitions: metrics
                    .into_iter()
                    .map(|(name, regex)| pb::MetricDefinition { name, regex })
                    .collect(),
                input_content_type: 0,
            }),
            training_job_resource_config: resources.map(|(count, kind, volume, protocol)| {
                pb::TrainingJobResourceConfig {
                    instance_count: count,
                    instance_type: kind.to_owned(),
                    volume_size_in_gb: volume,
                    distributed_protocol: protocol,
                }
            }),
            interruptible,
            stopping_condition: stopping.map(|(runtime, wait)| pb::StoppingCondition {
                max_runtime_in_seconds: runtime,
                max_wait_time_in_seconds: wait,
            }),
        };
        (m, region)
    }
}

fn settings(from: FormatId, to: FormatId, region: &str, sets: &[&str]) -> Settings {
    let mut overrides = Overrides::default();
    for s in sets {
        overrides.sets.push(parse_set(s).unwrap());
    }
    Settings::new()
        .from(from)
        .to(to)
        .read(ReadOptions::new().region(region))
        .write(WriteOptions::new().include_status(true).region(region))
        .overrides(overrides)
}

/// flyteidl bytes → AWS JSON (with the sets) → flyteidl bytes, and the
/// findings of the second conversion.
fn through_aws(bytes: Vec<u8>, region: &str, sets: &[&str]) -> (Vec<u8>, Vec<String>) {
    let s = settings(FormatId::Flyteidl, FormatId::Aws, region, sets);
    let out = process(&Arc::new(Source::binary("job.pb", bytes)), None, &s);
    let problems: Vec<_> = out
        .reports
        .iter()
        .map(|r| format!("{:?}", r.diag))
        .collect();
    assert_eq!(out.failed, 0, "{problems:#?}");
    let aws = String::from_utf8(render_bytes(FormatId::Aws, &out.jobs, &s.write).unwrap()).unwrap();
    let s = settings(FormatId::Aws, FormatId::Flyteidl, region, &[]);
    let out = process(&Arc::new(Source::new("job.json", aws.clone())), None, &s);
    assert_eq!(out.failed, 0, "{aws}");
    let losses = out.reports.iter().map(|r| r.diag.path.clone()).collect();
    (
        render_bytes(FormatId::Flyteidl, &out.jobs, &s.write).unwrap(),
        losses,
    )
}

const REQUEST: [&str; 3] = [
    "TrainingJobName=round-trip",
    "RoleArn=arn:aws:iam::111122223333:role/SageMakerTraining",
    "OutputDataConfig.S3OutputPath=s3://acme-ml/out",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn flyteidl_to_aws_and_back_is_identity((m, region) in message()) {
        let mut sets = REQUEST.to_vec();
        if m.algorithm_specification.as_ref().unwrap().algorithm_name == 1 {
            sets.push("InputDataConfig[0].DataSource.S3DataSource.S3Uri=s3://acme-ml/train");
            sets.push("InputDataConfig[1].DataSource.S3DataSource.S3Uri=s3://acme-ml/validation");
        } else {
            sets.push("AlgorithmSpecification.TrainingImage=111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:3");
        }
        let bytes = m.encode_to_vec();
        let (back, _) = through_aws(bytes.clone(), &region, &sets);
        prop_assert_eq!(pb::TrainingJob::decode(&back[..]).unwrap(), m);
        prop_assert_eq!(back, bytes);
    }
}

#[test]
fn what_the_aws_job_adds_is_reported_on_the_way_back() {
    let m = pb::TrainingJob {
        algorithm_specification: Some(pb::AlgorithmSpecification::default()),
        ..Default::default()
    };
    let mut sets = REQUEST.to_vec();
    sets.push("AlgorithmSpecification.TrainingImage=111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:3");
    let (back, mut losses) = through_aws(m.encode_to_vec(), "us-east-1", &sets);
    assert_eq!(back, m.encode_to_vec());
    losses.sort();
    assert_eq!(
        losses,
        [
            "AlgorithmSpecification.TrainingImage",
            "OutputDataConfig",
            "RoleArn",
            "TrainingJobName"
        ]
    );
}

#[test]
fn a_custom_version_and_a_long_xgboost_spelling_do_not_survive_aws() {
    // CUSTOM's version has no place in the AWS job: reported, then gone.
    let custom = pb::TrainingJob {
        algorithm_specification: Some(pb::AlgorithmSpecification {
            algorithm_version: "2024.1".into(),
            ..Default::default()
        }),
        ..Default::default()
    };
    let s = settings(FormatId::Flyteidl, FormatId::Aws, "us-east-1", &REQUEST);
    let mut s = s;
    s.overrides
        .sets
        .push(parse_set("AlgorithmSpecification.TrainingImage=111122223333.dkr.ecr.us-east-1.amazonaws.com/trainer:3").unwrap());
    let out = process(
        &Arc::new(Source::binary("job.pb", custom.encode_to_vec())),
        None,
        &s,
    );
    let losses: Vec<_> = out
        .reports
        .iter()
        .filter(|r| r.diag.code == Code::Loss)
        .map(|r| r.diag.path.clone())
        .collect();
    assert_eq!(losses, ["algorithmSpecification.algorithmVersion"]);
    // A pinned version stays pinned; the short `0.90` names an image whose
    // version is `0.90-2`, which the AWS job holds and brings back.
    let mut sets = REQUEST.to_vec();
    sets.push("InputDataConfig[0].DataSource.S3DataSource.S3Uri=s3://acme-ml/train");
    sets.push("InputDataConfig[1].DataSource.S3DataSource.S3Uri=s3://acme-ml/validation");
    for (version, back) in [
        ("0.90-2", "0.90-2"),
        ("1.7-1", "1.7-1"),
        ("1.2-2", "1.2-2"),
        ("0.90", "0.90-2"),
    ] {
        let m = pb::TrainingJob {
            algorithm_specification: Some(pb::AlgorithmSpecification {
                algorithm_name: 1,
                algorithm_version: version.into(),
                ..Default::default()
            }),
            ..Default::default()
        };
        let (bytes, _) = through_aws(m.encode_to_vec(), "us-east-1", &sets);
        let m = pb::TrainingJob::decode(&bytes[..]).unwrap();
        assert_eq!(m.algorithm_specification.unwrap().algorithm_version, back);
    }
}
