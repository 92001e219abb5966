//! Policy checks (security, cost, reliability): what a platform team asks
//! of a training job beyond what AWS accepts. Their rows are in
//! [`super::RULES`]; each check reports at the member a fix would set.

use tjspec_model::{TrainingInstanceType, TrainingJob, TrainingRepositoryAccessMode};
use tjspec_runtime::Seg;

use super::{at, secret_like, Findings, MAX_RUNTIME_SECONDS, NVME_ONLY_FAMILIES};

/// The family of an instance type (`p4d` for `ml.p4d.24xlarge`).
pub(super) fn family(t: &TrainingInstanceType) -> &str {
    t.as_str()
        .strip_prefix("ml.")
        .and_then(|s| s.split('.').next())
        .unwrap_or("")
}

/// Every instance type the job names, with the API path naming it.
fn instance_types(job: &TrainingJob) -> Vec<(String, &TrainingInstanceType)> {
    let Some(rc) = &job.resource_config else {
        return Vec::new();
    };
    let mut out: Vec<_> = rc
        .instance_type
        .iter()
        .map(|t| ("ResourceConfig.InstanceType".to_owned(), t))
        .collect();
    for (i, g) in rc.instance_groups.iter().flatten().enumerate() {
        if let Some(t) = &g.instance_type {
            out.push((
                format!("ResourceConfig.InstanceGroups[{i}].InstanceType"),
                t,
            ));
        }
    }
    out
}

/// Instances the job runs on: the count, or the groups' counts summed
/// (an unset count is AWS's default, one).
fn instances(job: &TrainingJob) -> i64 {
    let Some(rc) = &job.resource_config else {
        return 0;
    };
    match rc.instance_groups.as_deref() {
        Some(groups) if !groups.is_empty() => groups
            .iter()
            .map(|g| i64::from(g.instance_count.unwrap_or(1)))
            .sum(),
        _ => i64::from(rc.instance_count.unwrap_or(1)),
    }
}

fn spot(job: &TrainingJob) -> bool {
    job.enable_managed_spot_training == Some(true)
}

/// GPU and Trainium families: where on-demand hours cost the most.
fn accelerated(family: &str) -> bool {
    family.starts_with('p') || family.starts_with('g') || family.starts_with("trn")
}

/// Whether an image URI is in Amazon ECR (`<account>.dkr.ecr.<region>.amazonaws.com/...`).
pub(super) fn in_ecr(image: &str) -> bool {
    let host = image.split('/').next().unwrap_or("");
    (host.contains(".dkr.ecr.") || host.contains(".dkr.ecr-fips."))
        && (host.ends_with(".amazonaws.com") || host.ends_with(".amazonaws.com.cn"))
}

pub(super) fn network_isolation(job: &TrainingJob, f: &mut Findings) {
    match job.enable_network_isolation {
        Some(true) => {}
        Some(false) => f.add(
            "EnableNetworkIsolation",
            "network isolation is off: the training container can reach the network",
        ),
        None if f.whole => f.add(
            "EnableNetworkIsolation",
            "EnableNetworkIsolation is not set: the training container can reach the network",
        ),
        None => {}
    }
}

pub(super) fn inter_container_encryption(job: &TrainingJob, f: &mut Findings) {
    let n = instances(job);
    let encrypted = job.enable_inter_container_traffic_encryption;
    // Unset in a format that holds only part of a job (flyteidl) is not a choice.
    if n > 1 && (encrypted == Some(false) || (encrypted.is_none() && f.whole)) {
        f.add(
            "EnableInterContainerTrafficEncryption",
            format!("the job runs on {n} instances but traffic between them is not encrypted"),
        );
    }
}

pub(super) fn volume_kms_key(job: &TrainingJob, f: &mut Findings) {
    let Some(rc) = &job.resource_config else {
        return;
    };
    if rc
        .volume_kms_key_id
        .as_deref()
        .is_some_and(|k| !k.is_empty())
    {
        return;
    }
    // A volume key is refused where storage is NVMe only (encrypted by the
    // hardware): ask for one only when some instance has an EBS volume.
    let types = instance_types(job);
    if let Some((_, t)) = types
        .iter()
        .find(|(_, t)| !NVME_ONLY_FAMILIES.contains(&family(t)))
    {
        f.add(
            "ResourceConfig.VolumeKmsKeyId",
            format!("no VolumeKmsKeyId: the {t} storage volume is encrypted with an AWS managed key only"),
        );
    }
}

pub(super) fn output_kms_key(job: &TrainingJob, f: &mut Findings) {
    let Some(out) = &job.output_data_config else {
        return;
    };
    if out.kms_key_id.as_deref().is_none_or(str::is_empty) {
        f.add(
            "OutputDataConfig.KmsKeyId",
            "no KmsKeyId: the model artifacts are encrypted with the S3 default key only",
        );
    }
}

pub(super) fn vpc_config(job: &TrainingJob, f: &mut Findings) {
    if job.vpc_config.is_none() && f.whole {
        f.add(
            "VpcConfig",
            "no VpcConfig: the job runs outside your VPC, its traffic outside your security groups",
        );
    }
}

pub(super) fn remote_debug(job: &TrainingJob, f: &mut Findings) {
    if job
        .remote_debug_config
        .as_ref()
        .and_then(|r| r.enable_remote_debug)
        == Some(true)
    {
        f.add("RemoteDebugConfig.EnableRemoteDebug", "remote debugging is enabled: anyone allowed to start a session can run commands in the training container");
    }
}

pub(super) fn image_outside_ecr(job: &TrainingJob, f: &mut Findings) {
    let Some(spec) = &job.algorithm_specification else {
        return;
    };
    let Some(image) = spec.training_image.as_deref() else {
        return;
    };
    if in_ecr(image) {
        return;
    }
    let mode = spec
        .training_image_config
        .as_ref()
        .and_then(|c| c.training_repository_access_mode.as_ref());
    if mode != Some(&TrainingRepositoryAccessMode::Vpc) {
        f.add(
            "AlgorithmSpecification.TrainingImage",
            format!("`{image}` is not in Amazon ECR and TrainingImageConfig does not set TrainingRepositoryAccessMode Vpc"),
        );
    }
}

pub(super) fn secrets(job: &TrainingJob, f: &mut Findings) {
    for (member, map, shown) in [
        (
            "Environment",
            &job.environment,
            "DescribeTrainingJob shows environment values in clear",
        ),
        (
            "HyperParameters",
            &job.hyper_parameters,
            "DescribeTrainingJob shows hyperparameters in clear",
        ),
    ] {
        for name in map.iter().flat_map(|m| m.keys()) {
            if secret_like(name) {
                let mut path = at(member);
                path.0.push(Seg::Key(name.clone()));
                f.add_at(path, format!("`{name}` looks like a secret; {shown}"));
                f.hint("pass secrets through AWS Secrets Manager or a file in the training image instead");
            }
        }
    }
}

pub(super) fn spot_for_long_jobs(job: &TrainingJob, f: &mut Findings) {
    if spot(job) {
        return;
    }
    let run = job
        .stopping_condition
        .as_ref()
        .and_then(|s| s.max_runtime_in_seconds);
    let Some(run) = run.filter(|&r| r > 3600) else {
        return;
    };
    if let Some((_, t)) = instance_types(job)
        .into_iter()
        .find(|(_, t)| accelerated(family(t)))
    {
        f.add(
            "EnableManagedSpotTraining",
            format!("a job of up to {} hours on on-demand {t}: managed spot training costs up to 90% less", run / 3600),
        );
    }
}

pub(super) fn warm_pool(job: &TrainingJob, f: &mut Findings) {
    let keep = job
        .resource_config
        .as_ref()
        .and_then(|rc| rc.keep_alive_period_in_seconds);
    if let Some(keep) = keep.filter(|&k| k > 1800) {
        f.add(
            "ResourceConfig.KeepAlivePeriodInSeconds",
            format!(
                "the warm pool keeps instances, billed, for {} minutes after the job",
                keep / 60
            ),
        );
    }
}

pub(super) fn previous_generation(job: &TrainingJob, f: &mut Findings) {
    for (path, t) in instance_types(job) {
        let fam = family(t);
        if let Some((_, new)) = tjspec_model::instance_families::PREVIOUS_GENERATION
            .iter()
            .find(|(old, _)| *old == fam)
        {
            f.add(
                &path,
                format!("{t} is a previous-generation instance; ml.{new} gives more for the money"),
            );
        }
    }
}

pub(super) fn max_runtime_at_ceiling(job: &TrainingJob, f: &mut Findings) {
    let run = job
        .stopping_condition
        .as_ref()
        .and_then(|s| s.max_runtime_in_seconds);
    if run == Some(MAX_RUNTIME_SECONDS) {
        f.add(
            "StoppingCondition.MaxRuntimeInSeconds",
            "MaxRuntimeInSeconds is the 28-day ceiling: a job that hangs is billed for four weeks",
        );
    }
}

pub(super) fn spot_without_checkpoint(job: &TrainingJob, f: &mut Findings) {
    if spot(job) && job.checkpoint_config.is_none() && f.whole {
        f.add("CheckpointConfig", "spot training without CheckpointConfig: an interrupted job starts again from the beginning");
    }
}

pub(super) fn spot_without_retry(job: &TrainingJob, f: &mut Findings) {
    if spot(job) && job.retry_strategy.is_none() && f.whole {
        f.add("RetryStrategy", "spot training without a RetryStrategy: a job whose capacity is reclaimed fails instead of retrying");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ecr_hosts() {
        assert!(in_ecr("123456789012.dkr.ecr.us-east-1.amazonaws.com/xgb:1"));
        assert!(in_ecr(
            "123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn/xgb"
        ));
        assert!(in_ecr(
            "123456789012.dkr.ecr-fips.us-east-1.amazonaws.com/xgb"
        ));
        assert!(!in_ecr("docker.io/library/python:3"));
        assert!(!in_ecr("evil.example/x.dkr.ecr.us-east-1.amazonaws.com"));
        assert!(!in_ecr("registry.example.com/dkr.ecr.amazonaws.com/x"));
    }
}
