"""Writes lib/data/xgboost_training_images.json from the SageMaker Python SDK.

Usage (from the workspace root):

    python3 -m pip download --no-deps sagemaker==2.232.0 -d target/sdk
    python3 xtask/python/xgboost_images.py target/sdk/sagemaker-2.232.0-py3-none-any.whl \
        > lib/data/xgboost_training_images.json

The SDK's `sagemaker/image_uri_config/xgboost.json`, section `training`,
lists for every XGBoost version the ECR repository and, per region, the
account that hosts the image. The SDK forms the tag with `_format_tag`:
the version, then the processor and Python version when the version lists
exactly one of each (`0.90-2-cpu-py3`), else the version alone (`1.7-1`).
The host is `<account>.dkr.ecr.<region>.<dns suffix>`, with the DNS suffix
of the region's partition as botocore's endpoint data gives it.
"""

import json
import sys
import zipfile

SDK = "sagemaker==2.232.0"
FILE = "sagemaker/image_uri_config/xgboost.json"

# DNS suffixes of the AWS partitions (botocore `endpoints.json`, `dnsSuffix`).
PARTITIONS = [
    ("cn-", "amazonaws.com.cn"),
    ("us-isob-", "sc2s.sgov.gov"),
    ("us-isof-", "csp.hci.ic.gov"),
    ("us-iso-", "c2s.ic.gov"),
    ("", "amazonaws.com"),
]


def dns_suffix(region):
    return next(s for p, s in PARTITIONS if region.startswith(p))


def tag(version, config):
    processors = config.get("processors") or []
    py_versions = config.get("py_versions") or []
    parts = [version]
    if len(processors) == 1:
        parts.append(processors[0])
    if len(py_versions) == 1:
        parts.append(py_versions[0])
    return "-".join(parts)


def main(path):
    if path.endswith(".whl"):
        with zipfile.ZipFile(path) as whl:
            sdk = json.loads(whl.read(FILE))
    else:
        with open(path) as f:
            sdk = json.load(f)
    training = sdk["training"]
    regions = sorted({r for c in training["versions"].values() for r in c["registries"]})
    table = {
        "about": "XGBoost training images of SageMaker: for each version, the ECR repository, "
        "the image tag and the account hosting it in each region. Image URI: "
        "<account>.dkr.ecr.<region>.<dns suffix>/<repository>:<tag>. "
        "Written by xtask/python/xgboost_images.py; do not edit by hand.",
        "source": {"package": SDK, "file": FILE, "section": "training"},
        "dns_suffixes": {r: dns_suffix(r) for r in regions},
        "versions": {
            v: {
                "repository": c["repository"],
                "tag": tag(v, c),
                "registries": dict(sorted(c["registries"].items())),
            }
            for v, c in training["versions"].items()
        },
    }
    json.dump(table, sys.stdout, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main(sys.argv[1])
