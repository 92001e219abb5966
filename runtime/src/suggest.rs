//! "Did you mean ...?" suggestions for misspelt keys.

/// The candidate closest to `key`, if one is close enough to be a likely
/// typo. Case-only differences (`roleArn` for `roleARN`) always qualify.
pub fn closest<'a>(key: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lower = key.to_ascii_lowercase();
    let mut best: Option<(f64, &'a str)> = None;
    for cand in candidates {
        if cand.to_ascii_lowercase() == lower {
            return Some(cand);
        }
        let score = strsim::jaro_winkler(&lower, &cand.to_ascii_lowercase());
        if score >= 0.85 && best.is_none_or(|(b, _)| score > b) {
            best = Some((score, cand));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn case_difference_wins() {
        assert_eq!(closest("roleArn", ["roleARN", "roleName"]), Some("roleARN"));
    }

    #[test]
    fn typo_is_found_and_noise_is_not() {
        assert_eq!(
            closest("TrainingImge", ["TrainingImage", "AlgorithmName"]),
            Some("TrainingImage")
        );
        assert_eq!(closest("zzz", ["TrainingImage", "AlgorithmName"]), None);
    }
}
