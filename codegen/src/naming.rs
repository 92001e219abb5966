//! Member names of other formats, computed from the API name by each
//! format's rule.
//!
//! ACK (AWS Controllers for Kubernetes) writes a member in lower camel case
//! and spells a handful of initialisms in capitals: `RoleArn` → `roleARN`,
//! `S3Uri` → `s3URI`, `SecurityGroupIds` → `securityGroupIDs`. The first
//! word is lower-cased whole (`VpcConfig` → `vpcConfig`). Other capitals
//! stay as AWS writes them (`VolumeSizeInGB`, `AcceptEula`).

/// The initialisms ACK capitalises, as whole words of the API name.
const ACK_INITIALISMS: &[(&str, &str)] = &[
    ("Arn", "ARN"),
    ("Id", "ID"),
    ("Ids", "IDs"),
    ("Kms", "KMS"),
    ("Uri", "URI"),
    ("Vpc", "VPC"),
];

/// Splits an API name into words: a capital followed by lower-case letters
/// and digits (`Volume`, `S3`), or a run of capitals that no lower-case
/// letter follows (`GB`, the `ML` of `AutoMLJobArn`).
pub fn words(name: &str) -> Vec<&str> {
    let bytes = name.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..bytes.len() {
        let (prev, cur) = (bytes[i - 1], bytes[i]);
        let next = bytes.get(i + 1).copied();
        let boundary = cur.is_ascii_uppercase()
            && (prev.is_ascii_lowercase()
                || prev.is_ascii_digit()
                || (prev.is_ascii_uppercase() && next.is_some_and(|n| n.is_ascii_lowercase())));
        if boundary {
            out.push(&name[start..i]);
            start = i;
        }
    }
    if start < name.len() {
        out.push(&name[start..]);
    }
    out
}

/// A resource's API name as words in a sentence: `TrainingJob` →
/// `training job`.
pub fn sentence(name: &str) -> String {
    words(name)
        .iter()
        .map(|w| w.to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
        // The API spells one English word in two (`HyperParameterTuningJob`).
        .replace("hyper parameter", "hyperparameter")
}

/// The ACK name of a member from its API name: `VolumeKmsKeyId` →
/// `volumeKMSKeyID`, `HubContentArn` → `hubContentARN`.
pub fn ack(name: &str) -> String {
    let mut out = String::with_capacity(name.len() + 2);
    for (i, word) in words(name).into_iter().enumerate() {
        let spelled = ACK_INITIALISMS
            .iter()
            .find(|(aws, _)| *aws == word)
            .map_or(word, |(_, ack)| ack);
        if i == 0 {
            // The first word is lower-cased: wholly when it is all capitals
            // (`VPC` → `vpc`), else its first letter (`S3` → `s3`).
            if spelled.bytes().all(|b| !b.is_ascii_lowercase()) {
                out.push_str(&spelled.to_ascii_lowercase());
            } else {
                let mut chars = spelled.chars();
                if let Some(c) = chars.next() {
                    out.push(c.to_ascii_lowercase());
                    out.push_str(chars.as_str());
                }
            }
        } else {
            out.push_str(spelled);
        }
    }
    out
}

/// The name of a member in lower camel case, initialisms as AWS writes
/// them (the SageMaker Operators for Kubernetes): `RoleArn` → `roleArn`,
/// `VpcConfig` → `vpcConfig`, `S3Uri` → `s3Uri`; a first word in capitals
/// is lower-cased whole.
pub fn lower_camel(name: &str) -> String {
    let words = words(name);
    let Some((first, rest)) = words.split_first() else {
        return String::new();
    };
    let mut out = if first.bytes().all(|b| !b.is_ascii_lowercase()) {
        first.to_ascii_lowercase()
    } else {
        let mut chars = first.chars();
        chars
            .next()
            .map(|c| c.to_ascii_lowercase().to_string() + chars.as_str())
            .unwrap_or_default()
    };
    for w in rest {
        out.push_str(w);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lower_camel_keeps_initialisms() {
        for (aws, name) in [
            ("RoleArn", "roleArn"),
            ("S3Uri", "s3Uri"),
            ("VpcConfig", "vpcConfig"),
            ("SecurityGroupIds", "securityGroupIds"),
            ("VolumeSizeInGB", "volumeSizeInGB"),
            ("KmsKeyId", "kmsKeyId"),
        ] {
            assert_eq!(lower_camel(aws), name, "{aws}");
        }
    }

    #[test]
    fn words_split_at_case_changes() {
        assert_eq!(words("VolumeSizeInGB"), ["Volume", "Size", "In", "GB"]);
        assert_eq!(words("AutoMLJobArn"), ["Auto", "ML", "Job", "Arn"]);
        assert_eq!(words("S3DataSource"), ["S3", "Data", "Source"]);
        assert_eq!(words("SecurityGroupIds"), ["Security", "Group", "Ids"]);
        assert_eq!(words("Seed"), ["Seed"]);
    }

    #[test]
    fn resources_in_a_sentence() {
        assert_eq!(sentence("TrainingJob"), "training job");
        assert_eq!(
            sentence("HyperParameterTuningJob"),
            "hyperparameter tuning job"
        );
    }

    #[test]
    fn the_issue_examples() {
        for (aws, ack_name) in [
            ("RoleArn", "roleARN"),
            ("S3Uri", "s3URI"),
            ("KmsKeyId", "kmsKeyID"),
            ("VolumeKmsKeyId", "volumeKMSKeyID"),
            ("FileSystemId", "fileSystemID"),
            ("SecurityGroupIds", "securityGroupIDs"),
            ("HubContentArn", "hubContentARN"),
            ("UltraServerId", "ultraServerID"),
            ("RuleEvaluationJobArn", "ruleEvaluationJobARN"),
            ("VolumeSizeInGB", "volumeSizeInGB"),
            ("AcceptEula", "acceptEula"),
            ("HyperParameters", "hyperParameters"),
            (
                "EnableSageMakerMetricsTimeSeries",
                "enableSageMakerMetricsTimeSeries",
            ),
            ("VpcConfig", "vpcConfig"),
        ] {
            assert_eq!(ack(aws), ack_name, "{aws}");
        }
    }

    #[test]
    fn initialisms_only_as_whole_words() {
        // `Id` inside `Identity` or `Arn` inside `Arns` is not a word of its own.
        assert_eq!(ack("IdentityPool"), "identityPool");
        assert_eq!(ack("TrainingPlanArns"), "trainingPlanArns");
        assert_eq!(ack("KmsKey"), "kmsKey");
        assert_eq!(ack("AutoMLJobArn"), "autoMLJobARN");
        assert_eq!(ack("MlflowExperimentId"), "mlflowExperimentID");
        assert_eq!(ack("S3DataDistributionType"), "s3DataDistributionType");
    }
}
