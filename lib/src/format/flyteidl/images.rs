//! SageMaker's XGBoost training images, per version and region.
//!
//! flyteidl names the built-in algorithm (`XGBOOST`) and its version; the AWS
//! job names an image. The table in `data/xgboost_training_images.json`
//! (taken from the SageMaker Python SDK) links the two: for each version the
//! repository, the tag and the account hosting the image in each region.
//!
//! Versions are the SDK's (`0.90-2`, `1.7-1`, the legacy `1`). flyteidl
//! users also wrote the short form Flyte's own configuration used (`0.90`),
//! so a version without a revision means the newest revision of it in the
//! table. An image is written back as its version in full: the short form
//! is an alias that moves when the table grows.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use indexmap::IndexMap;
use serde::Deserialize;

/// The region flyteidl jobs run in unless `--region` says otherwise (as in Flyte).
pub const DEFAULT_REGION: &str = "us-east-1";

const TABLE: &str = include_str!("../../../data/xgboost_training_images.json");

/// The image table.
#[derive(Debug, Deserialize)]
pub struct Images {
    /// The DNS suffix of each region's partition.
    dns_suffixes: BTreeMap<String, String>,
    /// The versions in the SDK's order.
    versions: IndexMap<String, Version>,
}

/// One version's images.
#[derive(Debug, Deserialize)]
struct Version {
    repository: String,
    tag: String,
    /// Region → account.
    registries: BTreeMap<String, String>,
}

/// Why a version has no image.
#[derive(Debug, PartialEq)]
pub enum ImageError {
    /// The table has no such version.
    UnknownVersion,
    /// The version exists, but not in the region.
    NotInRegion(Vec<String>),
}

/// The shipped table.
pub fn table() -> &'static Images {
    static T: OnceLock<Images> = OnceLock::new();
    T.get_or_init(|| {
        let t: Images = serde_json::from_str(TABLE).expect("the shipped image table is valid");
        t
    })
}

impl Images {
    /// The table's key for a version as flyteidl spells it: the key itself,
    /// or for `X.Y` the newest `X.Y-N`.
    pub fn resolve(&self, spelled: &str) -> Option<&str> {
        if let Some((k, _)) = self.versions.get_key_value(spelled) {
            return Some(k);
        }
        if spelled.is_empty() || spelled.contains('-') {
            return None;
        }
        self.versions
            .keys()
            .filter_map(|k| {
                let rev = k.strip_prefix(spelled)?.strip_prefix('-')?;
                Some((rev.parse::<u32>().ok()?, k.as_str()))
            })
            .max()
            .map(|(_, k)| k)
    }

    /// How flyteidl spells a version key: `X.Y` for the newest revision of
    /// `X.Y`, the key itself otherwise.
    pub fn spelling<'a>(&self, key: &'a str) -> &'a str {
        match key.rsplit_once('-') {
            Some((short, _)) if self.resolve(short) == Some(key) => short,
            _ => key,
        }
    }

    /// The image URI of a version key in a region.
    pub fn image(&self, key: &str, region: &str) -> Result<String, ImageError> {
        let v = self.versions.get(key).ok_or(ImageError::UnknownVersion)?;
        let account = v
            .registries
            .get(region)
            .ok_or_else(|| ImageError::NotInRegion(v.registries.keys().cloned().collect()))?;
        let suffix = self
            .dns_suffixes
            .get(region)
            .map_or("amazonaws.com", String::as_str);
        Ok(format!(
            "{account}.dkr.ecr.{region}.{suffix}/{}:{}",
            v.repository, v.tag
        ))
    }

    /// The version key and region of an XGBoost training image URI of the
    /// table (the account must be the one the table names for the region).
    pub fn parse(&self, uri: &str) -> Option<(&str, &str)> {
        let (host, repo_tag) = uri.split_once('/')?;
        let (repository, tag) = repo_tag.split_once(':')?;
        let (account, rest) = host.split_once(".dkr.ecr.")?;
        let (region, suffix) = rest.split_once('.')?;
        let (region, expected) = self.dns_suffixes.get_key_value(region)?;
        if suffix != expected {
            return None;
        }
        self.versions.iter().find_map(|(k, v)| {
            (v.repository == repository
                && v.tag == tag
                && v.registries.get(region.as_str()).map(String::as_str) == Some(account))
            .then_some((k.as_str(), region.as_str()))
        })
    }

    /// Every version as flyteidl spells it (the short form where there is
    /// one), for messages.
    pub fn spellings(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for k in self.versions.keys() {
            let s = self.spelling(k);
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }

    /// Every version key of the table (`0.90-2`, `1.7-1`), in its order.
    pub fn versions(&self) -> impl Iterator<Item = &str> {
        self.versions.keys().map(String::as_str)
    }

    /// Every region of the table.
    pub fn regions(&self) -> impl Iterator<Item = &str> {
        self.dns_suffixes.keys().map(String::as_str)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flytes_default_image_is_in_the_table() {
        let t = table();
        let key = t.resolve("0.90").unwrap();
        assert_eq!(key, "0.90-2");
        assert_eq!(
            t.image(key, "us-east-1").unwrap(),
            "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3"
        );
        assert_eq!(t.spelling("0.90-2"), "0.90");
        assert_eq!(t.spelling("0.90-1"), "0.90-1");
        assert_eq!(t.spelling("1"), "1");
    }

    #[test]
    fn images_parse_back_to_their_version_and_region() {
        let t = table();
        for k in t.versions.keys() {
            for r in t.regions() {
                if let Ok(uri) = t.image(k, r) {
                    assert_eq!(t.parse(&uri), Some((k.as_str(), r)), "{uri}");
                    assert_eq!(t.resolve(t.spelling(k)), Some(k.as_str()));
                }
            }
        }
        assert_eq!(
            t.image("1.7-1", "cn-north-1").unwrap(),
            "450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1"
        );
        assert_eq!(
            t.image("1", "us-east-1").unwrap(),
            "811284229777.dkr.ecr.us-east-1.amazonaws.com/xgboost:1"
        );
    }

    #[test]
    fn foreign_images_and_unknown_versions_do_not_match() {
        let t = table();
        // Right shape, wrong account.
        assert_eq!(
            t.parse("111122223333.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"),
            None
        );
        assert_eq!(
            t.parse("683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:9.9-1"),
            None
        );
        assert_eq!(t.parse("python:3.12"), None);
        assert_eq!(t.resolve("9.9"), None);
        assert_eq!(t.resolve(""), None);
        assert_eq!(
            t.image("9.9-1", "us-east-1"),
            Err(ImageError::UnknownVersion)
        );
        assert!(matches!(
            t.image("1.7-1", "mars-north-1"),
            Err(ImageError::NotInRegion(_))
        ));
    }
}
