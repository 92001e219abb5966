"""Conformance of tjspec's flyteidl formats with the released flyteidl package.

Run by `cargo xtask conformance` (and `conformance-flyteidl`), in a virtualenv with
`flyteidl==1.10.0` (the last release with `flyteidl.plugins.sagemaker`):

    python check_flyteidl.py --tjspec PATH_TO_TJSPEC
    python check_flyteidl.py --write-goldens DIR

Checks, each counted:

* the package's encodings are read by tjspec: binary, proto3 JSON (lowerCamel
  and snake_case names), and a TaskTemplate holding the message in `custom`,
  converted by tjspec to binary and to JSON, decode in the package to an
  equal message (and tjspec's bytes equal the package's);
* tjspec's encodings are read by the package: AWS jobs converted by tjspec
  to flyteidl and flyteidl-json decode in the package to the expected
  message;
* the early revision's fields 3 and 4, which tjspec writes, are skipped by
  the package as unknown fields, kept by it when it re-encodes the message,
  and read back by tjspec.

Ends with `flyteidl: N passed, N failed` and exits 1 when anything failed.
`--write-goldens` writes the package's encodings of a few messages: the
fixtures tjspec's own tests compare against.
"""

import argparse
import json
import os
import subprocess
import sys

from google.protobuf import json_format, struct_pb2
from flyteidl.core import identifier_pb2, tasks_pb2
from flyteidl.plugins.sagemaker import training_job_pb2 as tj

PASSED = 0
FAILED = 0


VERBOSE = False


def check(name, ok, detail=""):
    global PASSED, FAILED
    if ok:
        PASSED += 1
        if VERBOSE:
            print(f"ok   {name}")
    else:
        FAILED += 1
        print(f"FAIL {name}")
        if detail:
            for line in str(detail).splitlines():
                print(f"     {line}")


def message(
    input_mode=0,
    algorithm_name=0,
    version="",
    metrics=(),
    count=0,
    instance_type="",
    volume=0,
    mpi=False,
    resources=True,
    algorithm=True,
):
    m = tj.TrainingJob()
    if algorithm:
        a = m.algorithm_specification
        a.SetInParent()
        a.input_mode = input_mode
        a.algorithm_name = algorithm_name
        a.algorithm_version = version
        for n, r in metrics:
            a.metric_definitions.add(name=n, regex=r)
    if resources:
        r = m.training_job_resource_config
        r.SetInParent()
        r.instance_count = count
        r.instance_type = instance_type
        r.volume_size_in_gb = volume
        r.distributed_protocol = tj.DistributedProtocol.MPI if mpi else 0
    return m


PIPE = tj.InputMode.PIPE
XGBOOST = tj.AlgorithmName.XGBOOST

# Messages in the form tjspec writes them (XGBoost versions spelt as tjspec
# spells them), so reading and writing them back must give them unchanged.
CASES = {
    "xgboost-pipe-mpi": message(
        PIPE,
        XGBOOST,
        "0.90",
        [("validation:error", r"validation-error:([0-9\.]+)")],
        2,
        "ml.m4.xlarge",
        25,
        True,
    ),
    "custom-file": message(
        metrics=[("loss", r"loss=(\S+)"), ("accuracy", r"acc=(\S+)")],
        count=1,
        instance_type="ml.p3.2xlarge",
        volume=100,
    ),
    "custom-with-version": message(version="2024.1", count=4, instance_type="ml.c5.xlarge"),
    "xgboost-1.7": message(algorithm_name=XGBOOST, version="1.7", count=1, instance_type="ml.m5.large", volume=10),
    "xgboost-0.90-1": message(PIPE, XGBOOST, "0.90-1", resources=False),
    "xgboost-legacy-1": message(algorithm_name=XGBOOST, version="1", resources=False),
    "largest-counts": message(count=2147483647, instance_type="ml.m5.24xlarge", volume=2147483647),
    "unicode-metrics": message(metrics=[("précision", "préc=(\\d+)"), ("損失", "損失: (.*)")]),
    "resources-only": message(count=3, algorithm=False),
    "empty-parts": message(),
    "nothing": tj.TrainingJob(),
}

GOLDENS = ["xgboost-pipe-mpi", "custom-file", "unicode-metrics"]


def task_template(m):
    t = tasks_pb2.TaskTemplate()
    t.id.CopyFrom(
        identifier_pb2.Identifier(
            resource_type=identifier_pb2.TASK,
            project="flytesnacks",
            domain="development",
            name="xgboost_trainer",
            version="v1",
        )
    )
    t.type = "sagemaker_training_job_task"
    t.metadata.retries.retries = 2
    t.metadata.interruptible = True
    custom = struct_pb2.Struct()
    custom.update(json_format.MessageToDict(m))
    t.custom.CopyFrom(custom)
    return t


class Tjspec:
    def __init__(self, path):
        self.path = path

    def run(self, args, data):
        p = subprocess.run(
            [self.path, *args],
            input=data,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, "NO_COLOR": "1"},
        )
        return p.returncode, p.stdout, p.stderr.decode("utf-8", "replace")

    def convert(self, data, source, target, *extra):
        code, out, err = self.run(["convert", "-", "--from", source, "--to", target, *extra], data)
        if code != 0:
            raise RuntimeError(f"tjspec exited {code}:\n{err}")
        return out, err


def same(a, b):
    return json_format.MessageToDict(a) == json_format.MessageToDict(b)


def show(m):
    return json_format.MessageToJson(m, indent=None)


def package_to_tjspec(t):
    """The package writes, tjspec reads (and writes back)."""
    for name, m in CASES.items():
        inputs = [
            ("binary", "flyteidl", m.SerializeToString()),
            ("json", "flyteidl-json", json_format.MessageToJson(m).encode()),
            (
                "json snake_case",
                "flyteidl-json",
                json_format.MessageToJson(m, preserving_proto_field_name=True).encode(),
            ),
            ("TaskTemplate", "flyteidl-json", json_format.MessageToJson(task_template(m)).encode()),
        ]
        for label, source, data in inputs:
            try:
                binary, _ = t.convert(data, source, "flyteidl")
                back = tj.TrainingJob.FromString(binary)
                check(f"{name}: package {label} -> tjspec binary -> package", same(back, m), f"{show(m)}\n{show(back)}")
                check(
                    f"{name}: package {label} -> tjspec binary equals the package's bytes",
                    binary == m.SerializeToString(),
                    f"{m.SerializeToString().hex()}\n{binary.hex()}",
                )
                text, _ = t.convert(data, source, "flyteidl-json")
                back = json_format.Parse(text, tj.TrainingJob())
                check(f"{name}: package {label} -> tjspec JSON -> package", same(back, m), f"{show(m)}\n{text.decode()}")
                check(
                    f"{name}: package {label} -> tjspec JSON is the package's JSON",
                    json.loads(text) == json.loads(json_format.MessageToJson(m)),
                    text.decode(),
                )
            except Exception as e:  # noqa: BLE001 - every failure is a finding
                check(f"{name}: package {label} -> tjspec", False, e)


# AWS jobs tjspec converts to flyteidl, with the message the package must decode.
# A pinned image keeps its version whole (sagemaker-xgboost:1.7-1 is 1.7-1).
AWS_CASES = [
    (
        "xgboost job",
        {
            "TrainingJobName": "churn",
            "RoleArn": "arn:aws:iam::111122223333:role/SageMaker",
            "AlgorithmSpecification": {
                "TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1",
                "TrainingInputMode": "Pipe",
                "MetricDefinitions": [{"Name": "validation:auc", "Regex": "auc:([0-9.]+)"}],
            },
            "HyperParameters": {"sagemaker_mpi_enabled": "true", "eta": "0.2"},
            "OutputDataConfig": {"S3OutputPath": "s3://acme/out"},
            "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 3, "VolumeSizeInGB": 50},
        },
        message(PIPE, XGBOOST, "1.7-1", [("validation:auc", "auc:([0-9.]+)")], 3, "ml.m5.xlarge", 50, True),
    ),
    (
        "custom image job",
        {
            "TrainingJobName": "custom",
            "RoleArn": "arn:aws:iam::111122223333:role/SageMaker",
            "AlgorithmSpecification": {
                "TrainingImage": "111122223333.dkr.ecr.eu-west-1.amazonaws.com/trainer:3",
                "TrainingInputMode": "File",
            },
            "OutputDataConfig": {"S3OutputPath": "s3://acme/out"},
            "ResourceConfig": {"InstanceType": "ml.g5.2xlarge", "InstanceCount": 1, "VolumeSizeInGB": 30},
        },
        message(count=1, instance_type="ml.g5.2xlarge", volume=30),
    ),
    (
        "eu-west-1 xgboost image",
        {
            "AlgorithmSpecification": {
                "TrainingImage": "141502667606.dkr.ecr.eu-west-1.amazonaws.com/sagemaker-xgboost:0.90-2-cpu-py3",
                "TrainingInputMode": "File",
            },
        },
        message(algorithm_name=XGBOOST, version="0.90-2", resources=False),
    ),
]


def tjspec_to_package(t):
    """tjspec writes, the package reads."""
    for name, job, expected in AWS_CASES:
        data = json.dumps(job).encode()
        try:
            binary, _ = t.convert(data, "aws", "flyteidl", "--region", "eu-west-1")
            got = tj.TrainingJob.FromString(binary)
            check(f"{name}: tjspec binary decodes in the package", same(got, expected), f"{show(expected)}\n{show(got)}")
            check(
                f"{name}: tjspec binary equals the package's encoding",
                binary == expected.SerializeToString(),
                f"{expected.SerializeToString().hex()}\n{binary.hex()}",
            )
            text, _ = t.convert(data, "aws", "flyteidl-json", "--region", "eu-west-1")
            got = json_format.Parse(text, tj.TrainingJob())
            check(f"{name}: tjspec JSON parses in the package", same(got, expected), text.decode())
        except Exception as e:  # noqa: BLE001
            check(f"{name}: tjspec -> package", False, e)


def early_revision_fields(t):
    """Fields 3 and 4 travel through the released package as unknown fields."""
    job = {
        "AlgorithmSpecification": {"TrainingInputMode": "File"},
        "ResourceConfig": {"InstanceType": "ml.m5.large", "InstanceCount": 1},
        "EnableManagedSpotTraining": True,
        "StoppingCondition": {"MaxRuntimeInSeconds": 3600, "MaxWaitTimeInSeconds": 7200},
    }
    expected = message(count=1, instance_type="ml.m5.large")
    try:
        binary, _ = t.convert(json.dumps(job).encode(), "aws", "flyteidl")
        got = tj.TrainingJob.FromString(binary)
        check("fields 3 and 4: the package decodes the released fields", same(got, expected), show(got))
        check(
            "fields 3 and 4: the package sees them as unknown fields",
            binary != expected.SerializeToString() and len(binary) > len(expected.SerializeToString()),
            binary.hex(),
        )
        reencoded = got.SerializeToString()
        check("fields 3 and 4: the package keeps them when it re-encodes", reencoded == binary, reencoded.hex())
        back, _ = t.convert(reencoded, "flyteidl", "flyteidl-json")
        back = json.loads(back)
        check(
            "fields 3 and 4: tjspec reads them back from the package's bytes",
            back.get("interruptible") is True
            and back.get("stoppingCondition") == {"maxRuntimeInSeconds": "3600", "maxWaitTimeInSeconds": "7200"},
            json.dumps(back),
        )
        text, _ = t.convert(json.dumps(job).encode(), "aws", "flyteidl-json")
        got = json_format.Parse(text, tj.TrainingJob(), ignore_unknown_fields=True)
        check("fields 3 and 4: the package's JSON parser skips them when told to", same(got, expected), text.decode())
        try:
            json_format.Parse(text, tj.TrainingJob())
            strict = "accepted"
        except json_format.ParseError as e:
            strict = str(e)
        check(
            "fields 3 and 4: the package's strict JSON parser names them",
            "interruptible" in strict or "stoppingCondition" in strict,
            strict,
        )
    except Exception as e:  # noqa: BLE001
        check("fields 3 and 4", False, e)


def write_goldens(directory):
    os.makedirs(directory, exist_ok=True)
    for name in GOLDENS:
        m = CASES[name]
        with open(os.path.join(directory, f"{name}.pb"), "wb") as f:
            f.write(m.SerializeToString())
        with open(os.path.join(directory, f"{name}.json"), "w", encoding="utf-8") as f:
            f.write(json_format.MessageToJson(m, ensure_ascii=False) + "\n")
    with open(os.path.join(directory, "xgboost-pipe-mpi.snake.json"), "w", encoding="utf-8") as f:
        f.write(json_format.MessageToJson(CASES["xgboost-pipe-mpi"], preserving_proto_field_name=True) + "\n")
    with open(os.path.join(directory, "task-template.json"), "w", encoding="utf-8") as f:
        f.write(json_format.MessageToJson(task_template(CASES["xgboost-pipe-mpi"])) + "\n")
    print(f"wrote goldens to {directory}")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tjspec")
    ap.add_argument("--write-goldens")
    ap.add_argument("--verbose", action="store_true", help="name every passing check too")
    args = ap.parse_args()
    global VERBOSE
    VERBOSE = args.verbose
    if args.write_goldens:
        write_goldens(args.write_goldens)
        return 0
    t = Tjspec(args.tjspec)
    package_to_tjspec(t)
    tjspec_to_package(t)
    early_revision_fields(t)
    print(f"flyteidl: {PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
