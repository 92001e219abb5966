//! A deterministic corpus of realistic, varied training jobs.
//!
//! Jobs are generated from a seed as AWS API JSON (one object per line);
//! every other form of the corpus is converted from them by `tjspec`
//! itself, so each format's corpus holds exactly the same jobs. The mix:
//! XGBoost, PyTorch, TensorFlow, Hugging Face and built-in algorithm jobs,
//! one to three channels, optional VPC, spot training with checkpoints,
//! debugger and profiler settings, environment and tags; one job in ten is
//! a DescribeTrainingJob response with status, transitions and metrics.
//! Every job is valid (schema and cross-field rules).

use serde_json::{json, Map, Value};

/// A small, fast, seeded generator (SplitMix64): the corpus depends on the
/// seed only, never on a crate's algorithm choices.
pub struct Rng(u64);

impl Rng {
    /// A generator for `seed`.
    pub fn new(seed: u64) -> Self {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `lo..=hi`.
    pub fn range(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.next() % (hi - lo + 1)
    }

    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next() % 100 < percent
    }

    /// One of `items`.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() % items.len() as u64) as usize]
    }

    fn hex(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b"0123456789abcdef"[(self.next() % 16) as usize]))
            .collect()
    }

    fn digits(&mut self, len: usize) -> String {
        (0..len)
            .map(|_| char::from(b'0' + (self.next() % 10) as u8))
            .collect()
    }
}

const TEAMS: &[&str] = &[
    "growth", "search", "ads", "risk", "vision", "speech", "recsys", "forecast", "fraud", "nlp",
];
const PROJECTS: &[&str] = &[
    "churn",
    "ctr",
    "ranking",
    "fraud-score",
    "demand",
    "segmentation",
    "sentiment",
    "asr",
    "detector",
    "embeddings",
    "ltv",
    "anomaly",
];
const REGIONS: &[&str] = &[
    "us-east-1",
    "us-west-2",
    "eu-west-1",
    "eu-central-1",
    "ap-southeast-2",
];
const INSTANCES: &[&str] = &[
    "ml.m5.xlarge",
    "ml.m5.2xlarge",
    "ml.m5.4xlarge",
    "ml.c5.2xlarge",
    "ml.c5.4xlarge",
    "ml.g4dn.xlarge",
    "ml.g5.2xlarge",
    "ml.g5.12xlarge",
    "ml.p3.2xlarge",
    "ml.p3.8xlarge",
    "ml.p4d.24xlarge",
    "ml.trn1.32xlarge",
];
const SECONDARY: &[(&str, &str)] = &[
    ("Starting", "Preparing the instances for training"),
    ("Downloading", "Downloading input data"),
    (
        "Training",
        "Training image download completed. Training in progress.",
    ),
    ("Uploading", "Uploading generated training model"),
    ("Completed", "Training job completed"),
];

/// One kind of job: image, hyperparameters, metrics.
struct Kind {
    name: &'static str,
    image: &'static str,
    hyper: &'static [(&'static str, &'static [&'static str])],
    metrics: &'static [(&'static str, &'static str)],
    content_type: &'static str,
}

const KINDS: &[Kind] = &[
    Kind {
        name: "xgboost",
        image: "683313688378.dkr.ecr.{region}.amazonaws.com/sagemaker-xgboost:1.7-1",
        hyper: &[
            ("objective", &["binary:logistic", "reg:squarederror", "multi:softprob"]),
            ("num_round", &["100", "200", "500", "1000"]),
            ("max_depth", &["4", "6", "8", "10"]),
            ("eta", &["0.05", "0.1", "0.2", "0.3"]),
            ("subsample", &["0.7", "0.8", "0.9", "1.0"]),
            ("colsample_bytree", &["0.6", "0.8", "1.0"]),
            ("min_child_weight", &["1", "3", "6"]),
            ("gamma", &["0", "0.5", "1"]),
            ("eval_metric", &["auc", "rmse", "logloss", "mlogloss"]),
            ("early_stopping_rounds", &["10", "20", "50"]),
        ],
        metrics: &[
            ("validation:auc", ".*\\[[0-9]+\\].*#011validation-auc:([-+]?[0-9]*\\.?[0-9]+)"),
            ("train:auc", ".*\\[[0-9]+\\].*#011train-auc:([-+]?[0-9]*\\.?[0-9]+)"),
        ],
        content_type: "text/csv",
    },
    Kind {
        name: "pytorch",
        image: "763104351884.dkr.ecr.{region}.amazonaws.com/pytorch-training:2.3.0-gpu-py311",
        hyper: &[
            ("epochs", &["3", "10", "20", "50"]),
            ("batch-size", &["32", "64", "128", "256"]),
            ("learning-rate", &["0.001", "0.0003", "0.01", "5e-5"]),
            ("optimizer", &["\"adamw\"", "\"sgd\"", "\"adam\""]),
            ("weight-decay", &["0.01", "0.0", "0.05"]),
            ("warmup-steps", &["0", "500", "1000"]),
            ("sagemaker_program", &["\"train.py\"", "\"main.py\""]),
            ("sagemaker_submit_directory", &["\"s3://{bucket}/code/{project}/sourcedir.tar.gz\""]),
            ("sagemaker_region", &["\"{region}\""]),
            ("sagemaker_container_log_level", &["20"]),
        ],
        metrics: &[
            ("train:loss", "train_loss=([0-9\\.]+)"),
            ("validation:loss", "val_loss=([0-9\\.]+)"),
            ("validation:accuracy", "val_acc=([0-9\\.]+)"),
        ],
        content_type: "application/x-parquet",
    },
    Kind {
        name: "tensorflow",
        image: "763104351884.dkr.ecr.{region}.amazonaws.com/tensorflow-training:2.14.1-gpu-py310",
        hyper: &[
            ("epochs", &["5", "10", "30"]),
            ("batch_size", &["64", "128", "512"]),
            ("learning_rate", &["0.001", "0.0001"]),
            ("model_dir", &["\"s3://{bucket}/{project}/model\""]),
            ("sagemaker_program", &["\"train.py\""]),
            ("sagemaker_submit_directory", &["\"s3://{bucket}/code/{project}/sourcedir.tar.gz\""]),
        ],
        metrics: &[
            ("train:accuracy", "accuracy: ([0-9\\.]+)"),
            ("validation:accuracy", "val_accuracy: ([0-9\\.]+)"),
        ],
        content_type: "application/x-recordio",
    },
    Kind {
        name: "huggingface",
        image: "763104351884.dkr.ecr.{region}.amazonaws.com/huggingface-pytorch-training:2.1.0-transformers4.36.0-gpu-py310",
        hyper: &[
            ("model_name_or_path", &["\"distilbert-base-uncased\"", "\"bert-base-cased\"", "\"roberta-base\""]),
            ("num_train_epochs", &["1", "2", "3"]),
            ("per_device_train_batch_size", &["8", "16", "32"]),
            ("learning_rate", &["2e-5", "3e-5", "5e-5"]),
            ("fp16", &["true", "false"]),
            ("max_seq_length", &["128", "256", "512"]),
            ("output_dir", &["\"/opt/ml/model\""]),
            ("sagemaker_program", &["\"run_glue.py\""]),
        ],
        metrics: &[
            ("loss", "'loss': ([0-9]+(.|e\\-)[0-9]+),?"),
            ("eval_accuracy", "'eval_accuracy': ([0-9]+(.|e\\-)[0-9]+),?"),
        ],
        content_type: "application/json",
    },
    Kind {
        name: "linear-learner",
        image: "382416733822.dkr.ecr.{region}.amazonaws.com/linear-learner:1",
        hyper: &[
            ("predictor_type", &["binary_classifier", "regressor"]),
            ("mini_batch_size", &["100", "200", "1000"]),
            ("epochs", &["10", "15"]),
            ("feature_dim", &["auto", "24", "128"]),
            ("normalize_data", &["true", "false"]),
            ("loss", &["auto", "logistic", "squared_loss"]),
        ],
        metrics: &[],
        content_type: "text/csv",
    },
];

fn fill(template: &str, region: &str, bucket: &str, project: &str) -> String {
    template
        .replace("{region}", region)
        .replace("{bucket}", bucket)
        .replace("{project}", project)
}

fn s3_channel(rng: &mut Rng, name: &str, bucket: &str, project: &str, kind: &Kind) -> Value {
    let mut s3 = Map::new();
    s3.insert(
        "S3DataType".into(),
        json!(if rng.chance(90) {
            "S3Prefix"
        } else {
            "ManifestFile"
        }),
    );
    let suffix = if s3["S3DataType"] == "ManifestFile" {
        "manifest.json"
    } else {
        ""
    };
    s3.insert(
        "S3Uri".into(),
        json!(format!("s3://{bucket}/{project}/{name}/{suffix}")),
    );
    s3.insert(
        "S3DataDistributionType".into(),
        json!(if rng.chance(70) {
            "FullyReplicated"
        } else {
            "ShardedByS3Key"
        }),
    );
    let mut ch = Map::new();
    ch.insert("ChannelName".into(), json!(name));
    ch.insert("DataSource".into(), json!({ "S3DataSource": s3 }));
    ch.insert("ContentType".into(), json!(kind.content_type));
    if rng.chance(30) {
        ch.insert(
            "CompressionType".into(),
            json!(if rng.chance(70) { "None" } else { "Gzip" }),
        );
    }
    if rng.chance(15) {
        ch.insert("InputMode".into(), json!(*rng.pick(&["File", "FastFile"])));
    }
    if name == "train" && rng.chance(20) {
        ch.insert(
            "ShuffleConfig".into(),
            json!({ "Seed": rng.range(1, 1 << 31) }),
        );
    }
    Value::Object(ch)
}

/// Epoch seconds in 2026.
fn time(rng: &mut Rng) -> u64 {
    1_767_225_600 + rng.range(0, 360 * 86_400)
}

fn rfc3339(epoch: u64) -> String {
    let secs = i64::try_from(epoch).expect("corpus times are in 2026");
    jiff::Timestamp::from_second(secs)
        .expect("corpus times are in 2026")
        .to_string()
}

/// The `n`th job of the corpus for `seed` (deterministic).
pub fn job(rng: &mut Rng, n: usize) -> Value {
    let kind = rng.pick(KINDS);
    let team = *rng.pick(TEAMS);
    let project = *rng.pick(PROJECTS);
    let region = *rng.pick(REGIONS);
    let account = rng.digits(12);
    let bucket = format!("{team}-ml-{}", rng.digits(4));
    let start = time(rng);
    let name = format!(
        "{project}-{}-{}-{n:05}",
        kind.name,
        rfc3339(start)[..10].replace('-', "")
    );
    let spot = rng.chance(25);
    let describe = rng.chance(8);
    let mut job = Map::new();
    job.insert("TrainingJobName".into(), json!(name));
    if describe {
        job.insert(
            "TrainingJobArn".into(),
            json!(format!(
                "arn:aws:sagemaker:{region}:{account}:training-job/{name}"
            )),
        );
    }

    let mut hyper = Map::new();
    let count = rng.range(2, kind.hyper.len().min(5) as u64) as usize;
    for (key, values) in kind.hyper.iter().take(count) {
        let picked: &str = rng.pick::<&str>(values);
        let v = fill(picked, region, &bucket, project);
        hyper.insert((*key).into(), json!(v));
    }
    job.insert("HyperParameters".into(), Value::Object(hyper));

    let mut algo = Map::new();
    algo.insert(
        "TrainingImage".into(),
        json!(fill(kind.image, region, &bucket, project)),
    );
    algo.insert(
        "TrainingInputMode".into(),
        json!(*rng.pick(&["File", "File", "FastFile", "Pipe"])),
    );
    if !kind.metrics.is_empty() && rng.chance(40) {
        let m: Vec<Value> = kind
            .metrics
            .iter()
            .map(|(n, r)| json!({ "Name": n, "Regex": r }))
            .collect();
        algo.insert("MetricDefinitions".into(), Value::Array(m));
        if rng.chance(30) {
            algo.insert("EnableSageMakerMetricsTimeSeries".into(), json!(true));
        }
    }
    job.insert("AlgorithmSpecification".into(), Value::Object(algo));
    job.insert(
        "RoleArn".into(),
        json!(format!(
            "arn:aws:iam::{account}:role/SageMaker-{}",
            rng.digits(8)
        )),
    );

    let mut channels = vec![s3_channel(rng, "train", &bucket, project, kind)];
    if rng.chance(60) {
        channels.push(s3_channel(rng, "validation", &bucket, project, kind));
    }
    if rng.chance(12) {
        channels.push(s3_channel(rng, "test", &bucket, project, kind));
    }
    job.insert("InputDataConfig".into(), Value::Array(channels));

    let mut output = Map::new();
    output.insert(
        "S3OutputPath".into(),
        json!(format!("s3://{bucket}/{project}/output/")),
    );
    if rng.chance(25) {
        output.insert(
            "KmsKeyId".into(),
            json!(format!(
                "arn:aws:kms:{region}:{account}:key/{}-{}-{}-{}-{}",
                rng.hex(8),
                rng.hex(4),
                rng.hex(4),
                rng.hex(4),
                rng.hex(12)
            )),
        );
    }
    job.insert("OutputDataConfig".into(), Value::Object(output));

    let instance = *rng.pick(INSTANCES);
    let mut resources = Map::new();
    resources.insert("InstanceType".into(), json!(instance));
    resources.insert("InstanceCount".into(), json!(rng.range(1, 8)));
    resources.insert(
        "VolumeSizeInGB".into(),
        json!(*rng.pick(&[30, 50, 100, 200, 500])),
    );
    if !spot && rng.chance(15) {
        resources.insert(
            "KeepAlivePeriodInSeconds".into(),
            json!(*rng.pick(&[600, 1800, 3600])),
        );
    }
    job.insert("ResourceConfig".into(), Value::Object(resources));

    if rng.chance(20) {
        let groups: Vec<Value> = (0..rng.range(1, 2))
            .map(|_| json!(format!("sg-{}", rng.hex(17))))
            .collect();
        let subnets: Vec<Value> = (0..rng.range(1, 3))
            .map(|_| json!(format!("subnet-{}", rng.hex(17))))
            .collect();
        job.insert(
            "VpcConfig".into(),
            json!({ "SecurityGroupIds": groups, "Subnets": subnets }),
        );
    }

    let runtime = *rng.pick(&[3600u64, 7200, 14_400, 86_400, 172_800]);
    let mut stopping = Map::new();
    stopping.insert("MaxRuntimeInSeconds".into(), json!(runtime));
    if spot {
        stopping.insert("MaxWaitTimeInSeconds".into(), json!(runtime * 2));
    }
    job.insert("StoppingCondition".into(), Value::Object(stopping));

    let mut tags = vec![json!({ "Key": "team", "Value": team })];
    if rng.chance(60) {
        tags.push(json!({ "Key": "project", "Value": project }));
    }
    for (k, v) in [
        ("cost-center", format!("ml-{}", rng.digits(4))),
        ("owner", format!("{team}-oncall@example.com")),
        ("env", (*rng.pick(&["dev", "staging", "prod"])).to_owned()),
    ] {
        if rng.chance(20) {
            tags.push(json!({ "Key": k, "Value": v }));
        }
    }
    job.insert("Tags".into(), Value::Array(tags));

    if describe {
        let status = *rng.pick(&[
            "Completed",
            "Completed",
            "Completed",
            "Failed",
            "InProgress",
        ]);
        job.insert("TrainingJobStatus".into(), json!(status));
        let reached = match status {
            "Completed" => SECONDARY.len(),
            "Failed" => rng.range(1, 3) as usize,
            _ => rng.range(1, 3) as usize,
        };
        let secondary = if status == "Failed" {
            "Failed"
        } else {
            SECONDARY[reached - 1].0
        };
        job.insert("SecondaryStatus".into(), json!(secondary));
        if status == "Failed" {
            job.insert(
                "FailureReason".into(),
                json!("AlgorithmError: ExecuteUserScriptError: Command \"/opt/conda/bin/python train.py\" exited with code 1"),
            );
        }
        let mut t = start;
        job.insert("CreationTime".into(), json!(rfc3339(t)));
        job.insert("TrainingStartTime".into(), json!(rfc3339(t + 60)));
        let mut transitions = Vec::new();
        for (i, (s, message)) in SECONDARY.iter().take(reached).enumerate() {
            let mut tr = Map::new();
            tr.insert("Status".into(), json!(s));
            tr.insert("StartTime".into(), json!(rfc3339(t)));
            t += rng.range(30, 1800);
            if i + 1 < reached || status == "Completed" {
                tr.insert("EndTime".into(), json!(rfc3339(t)));
            }
            tr.insert("StatusMessage".into(), json!(message));
            transitions.push(Value::Object(tr));
        }
        job.insert(
            "SecondaryStatusTransitions".into(),
            Value::Array(transitions),
        );
        if status == "Completed" {
            job.insert("TrainingEndTime".into(), json!(rfc3339(t)));
            job.insert(
                "ModelArtifacts".into(),
                json!({ "S3ModelArtifacts": format!("s3://{bucket}/{project}/output/{name}/output/model.tar.gz") }),
            );
            let metrics: Vec<Value> = kind
                .metrics
                .iter()
                .map(|(n, _)| {
                    json!({
                        "MetricName": n,
                        "Value": rng.range(1, 999_999) as f64 / 1_000_000.0,
                        "Timestamp": rfc3339(t),
                    })
                })
                .collect();
            if !metrics.is_empty() {
                job.insert("FinalMetricDataList".into(), Value::Array(metrics));
            }
            let secs = t - start;
            job.insert("TrainingTimeInSeconds".into(), json!(secs));
            job.insert(
                "BillableTimeInSeconds".into(),
                json!(if spot { secs / 3 } else { secs }),
            );
        }
        job.insert("LastModifiedTime".into(), json!(rfc3339(t)));
    }

    job.insert("EnableNetworkIsolation".into(), json!(rng.chance(20)));
    if rng.chance(30) {
        job.insert("EnableInterContainerTrafficEncryption".into(), json!(true));
    }
    if spot {
        job.insert("EnableManagedSpotTraining".into(), json!(true));
        job.insert(
            "CheckpointConfig".into(),
            json!({
                "S3Uri": format!("s3://{bucket}/{project}/checkpoints/{name}/"),
                "LocalPath": "/opt/ml/checkpoints",
            }),
        );
    }
    if rng.chance(10) {
        job.insert(
            "DebugHookConfig".into(),
            json!({
                "S3OutputPath": format!("s3://{bucket}/{project}/debug-output/"),
                "CollectionConfigurations": [
                    { "CollectionName": "losses", "CollectionParameters": { "save_interval": "50" } },
                ],
            }),
        );
    }
    if rng.chance(8) {
        job.insert(
            "ProfilerConfig".into(),
            json!({
                "S3OutputPath": format!("s3://{bucket}/{project}/profiler/"),
                "ProfilingIntervalInMilliseconds": *rng.pick(&[100, 500, 1000]),
            }),
        );
    }
    if rng.chance(20) {
        let mut env = Map::new();
        env.insert("AWS_REGION".into(), json!(region));
        env.insert(
            "LOG_LEVEL".into(),
            json!(*rng.pick(&["INFO", "DEBUG", "WARN"])),
        );
        if rng.chance(50) {
            env.insert("NCCL_DEBUG".into(), json!("WARN"));
        }
        job.insert("Environment".into(), Value::Object(env));
    }
    if rng.chance(15) {
        job.insert(
            "RetryStrategy".into(),
            json!({ "MaximumRetryAttempts": rng.range(1, 3) }),
        );
    }
    if rng.chance(5) {
        job.insert(
            "ExperimentConfig".into(),
            json!({
                "ExperimentName": format!("{project}-experiments"),
                "TrialName": format!("{name}-trial"),
            }),
        );
    }
    Value::Object(job)
}

/// `count` jobs as JSON Lines.
pub fn json_lines(seed: u64, count: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut out = String::with_capacity(count * 1600);
    for n in 0..count {
        out.push_str(&job(&mut rng, n).to_string());
        out.push('\n');
    }
    out
}

/// The members of a training job that a tuning job's training job
/// definition also has, under the same name (`HyperParameters` becomes
/// `StaticHyperParameters`).
const DEFINITION_MEMBERS: &[&str] = &[
    "RoleArn",
    "InputDataConfig",
    "VpcConfig",
    "OutputDataConfig",
    "ResourceConfig",
    "StoppingCondition",
    "EnableNetworkIsolation",
    "EnableInterContainerTrafficEncryption",
    "EnableManagedSpotTraining",
    "CheckpointConfig",
    "RetryStrategy",
    "Environment",
];

/// The algorithm specification members a definition's has.
const DEFINITION_ALGORITHM: &[&str] = &[
    "TrainingImage",
    "TrainingInputMode",
    "AlgorithmName",
    "MetricDefinitions",
];

/// A hyperparameter tuning job (CreateHyperParameterTuningJob) searching
/// over the seeded training job `job`: its request members that a
/// definition has become the definition, two of its hyperparameters are
/// tuned instead of fixed.
pub fn tuning_job(rng: &mut Rng, job: &Value, n: usize) -> Value {
    let mut definition = Map::new();
    if let Some(Value::Object(spec)) = job.get("AlgorithmSpecification") {
        let kept: Map<String, Value> = spec
            .iter()
            .filter(|(k, _)| DEFINITION_ALGORITHM.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        definition.insert("AlgorithmSpecification".into(), Value::Object(kept));
    }
    for m in DEFINITION_MEMBERS {
        if let Some(v) = job.get(*m) {
            definition.insert((*m).into(), v.clone());
        }
    }
    let mut statics = match job.get("HyperParameters") {
        Some(Value::Object(h)) => h.clone(),
        _ => Map::new(),
    };
    statics.remove("max_depth");
    statics.remove("eta");
    if !statics.is_empty() {
        definition.insert("StaticHyperParameters".into(), Value::Object(statics));
    }
    let parallel = rng.range(1, 4);
    let mut out = Map::new();
    // Tuning job names are at most 32 characters.
    out.insert(
        "HyperParameterTuningJobName".into(),
        json!(format!("hpo-{n:05}-{}", rng.digits(8))),
    );
    out.insert(
        "HyperParameterTuningJobConfig".into(),
        json!({
            "Strategy": if rng.chance(50) { "Bayesian" } else { "Random" },
            "HyperParameterTuningJobObjective": {"Type": "Maximize", "MetricName": "validation:auc"},
            "ResourceLimits": {"MaxNumberOfTrainingJobs": parallel * 10, "MaxParallelTrainingJobs": parallel},
            "ParameterRanges": {
                "IntegerParameterRanges": [{"Name": "max_depth", "MinValue": "3", "MaxValue": "10", "ScalingType": "Linear"}],
                "ContinuousParameterRanges": [{"Name": "eta", "MinValue": "0.01", "MaxValue": "0.3", "ScalingType": "Logarithmic"}],
            },
            "TrainingJobEarlyStoppingType": "Auto",
        }),
    );
    out.insert("TrainingJobDefinition".into(), Value::Object(definition));
    if let Some(tags) = job.get("Tags") {
        out.insert("Tags".into(), tags.clone());
    }
    Value::Object(out)
}

/// `count` tuning jobs from `seed`, one per line, each over the training
/// job of the same position in [`json_lines`].
pub fn tuning_json_lines(seed: u64, count: usize) -> String {
    let mut rng = Rng::new(seed);
    let mut tuning_rng = Rng::new(seed ^ 0x7475_6e69_6e67);
    let mut out = String::with_capacity(count * 2000);
    for n in 0..count {
        let training = job(&mut rng, n);
        out.push_str(&tuning_job(&mut tuning_rng, &training, n).to_string());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deterministic_and_varied() {
        let a = json_lines(8, 50);
        assert_eq!(a, json_lines(8, 50));
        assert_ne!(a, json_lines(9, 50));
        let lines: std::collections::HashSet<&str> = a.lines().collect();
        assert_eq!(lines.len(), 50);
    }

    #[test]
    fn tuning_jobs_are_deterministic_and_named_within_the_limit() {
        let a = tuning_json_lines(8, 50);
        assert_eq!(a, tuning_json_lines(8, 50));
        for line in a.lines() {
            let job: Value = serde_json::from_str(line).unwrap();
            let name = job["HyperParameterTuningJobName"].as_str().unwrap();
            assert!(name.len() <= 32, "{name}");
            let definition = &job["TrainingJobDefinition"];
            assert!(definition["RoleArn"].is_string(), "{line}");
            assert!(definition.get("HyperParameters").is_none());
        }
    }

    #[test]
    fn dates() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_767_225_600), "2026-01-01T00:00:00Z");
        assert_eq!(rfc3339(1_772_323_199), "2026-02-28T23:59:59Z");
    }
}
