"""Conformance of tjspec's hyperparameter tuning job message with the released
flyteidl package (flyteidl==1.10.0, the last release with the SageMaker plugin).

Run by `cargo xtask conformance` (and `conformance-flyteidl`) in the
package's virtualenv, in three steps around a tjspec test that reads and
writes messages:

    python check_flyteidl_tuning.py --write-goldens DIR/package
    (tjspec reads DIR/package, writes DIR/tjspec)
    python check_flyteidl_tuning.py --check DIR

tjspec's `HyperparameterTuningJob` is the released message plus the tuning
configuration at field 4, where released Flyte passed it beside the message
(the task input `hyperparameter_tuning_job_config`). The package's
encodings of a case are therefore its `HyperparameterTuningJob` with its
`HyperparameterTuningJobConfig` as field 4: bytes appended to the message's
(protobuf merges them), and in JSON the config's object under
`hyperparameterTuningJobConfig`.

Checks, each counted:

* tjspec's schema against the package's descriptors: every message and enum
  of `hyperparameter_tuning_job.proto`, `parameter_ranges.proto` and
  `training_job.proto` has the same fields (names, JSON names, numbers,
  labels, types, oneofs, map entries) and enum values in tjspec's, which
  adds only the fields the file comments list;
* tjspec's encodings decode in the package: binary to the expected message,
  field 4 (an unknown field there) decoding as the package's
  `HyperparameterTuningJobConfig`; tjspec's bytes equal the package's; JSON
  parses in the package, the message strictly without field 4 and field 4
  strictly as a `HyperparameterTuningJobConfig`.

The other way (the package's encodings read by tjspec's mapping) is the
tjspec test between the steps. Ends with `flyteidl tuning: N passed, N
failed` and exits 1 when anything failed.
"""

import argparse
import json
import os
import sys

from google.protobuf import descriptor_pb2, json_format
from flyteidl.plugins.sagemaker import hyperparameter_tuning_job_pb2 as hpo
from flyteidl.plugins.sagemaker import parameter_ranges_pb2 as pr
from flyteidl.plugins.sagemaker import training_job_pb2 as tj

PASSED = 0
FAILED = 0

CONFIG_FIELD = 4
CONFIG_JSON = "hyperparameterTuningJobConfig"

# Fields tjspec adds at numbers the released messages never used.
EXTRA_FIELDS = {
    "flyteidl.plugins.sagemaker.TrainingJob": {3, 4},
    "flyteidl.plugins.sagemaker.HyperparameterTuningJob": {CONFIG_FIELD},
}


def check(name, ok, detail=""):
    global PASSED, FAILED
    if ok:
        PASSED += 1
    else:
        FAILED += 1
        print(f"FAIL {name}")
        for line in str(detail).splitlines():
            print(f"     {line}")


# ------------------------------------------------------------------ cases


def training_job():
    m = tj.TrainingJob()
    a = m.algorithm_specification
    a.input_mode = tj.InputMode.PIPE
    a.algorithm_name = tj.AlgorithmName.XGBOOST
    a.algorithm_version = "1.7-1"
    a.metric_definitions.add(name="validation:auc", regex="auc:([0-9.]+)")
    r = m.training_job_resource_config
    r.instance_count = 2
    r.instance_type = "ml.m5.xlarge"
    r.volume_size_in_gb = 30
    r.distributed_protocol = tj.DistributedProtocol.MPI
    return m


def job():
    m = hpo.HyperparameterTuningJob()
    m.training_job.CopyFrom(training_job())
    m.max_number_of_training_jobs = 20
    m.max_parallel_training_jobs = 4
    return m


def config(eta=(0.1, 0.5, pr.HyperparameterScalingType.LOGARITHMIC), depth=(3, 10, pr.HyperparameterScalingType.LINEAR)):
    c = hpo.HyperparameterTuningJobConfig()
    ranges = c.hyperparameter_ranges.parameter_range_map
    e = ranges["eta"].continuous_parameter_range
    e.min_value, e.max_value, e.scaling_type = eta
    d = ranges["max_depth"].integer_parameter_range
    d.min_value, d.max_value, d.scaling_type = depth
    ranges["objective"].categorical_parameter_range.values.extend(["binary:logistic", "reg:logistic"])
    c.tuning_strategy = hpo.HyperparameterTuningStrategy.RANDOM
    c.tuning_objective.objective_type = hpo.HyperparameterTuningObjectiveType.MAXIMIZE
    c.tuning_objective.metric_name = "validation:auc"
    c.training_job_early_stopping_type = hpo.TrainingJobEarlyStoppingType.AUTO
    return c


AUTO = pr.HyperparameterScalingType.AUTO
EXTREME_DEPTH = (-(2**63), 2**63 - 1, AUTO)

# The same cases as tjspec's test `conformance_with_the_released_package`.
CASES = {
    "golden": (job(), config()),
    "without-config": (job(), None),
    "extremes": (job(), config(eta=(0.1 + 0.2, 1e25, AUTO), depth=EXTREME_DEPTH)),
    "tiny": (job(), config(eta=(-5e-324, 5e-324, AUTO), depth=EXTREME_DEPTH)),
}


def varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def encode(m, c):
    """The package's bytes of a case: the message, then field 4 (map entries
    in key order, as tjspec writes them; protobuf leaves their order open)."""
    data = m.SerializeToString(deterministic=True)
    if c is not None:
        body = c.SerializeToString(deterministic=True)
        data += varint(CONFIG_FIELD << 3 | 2) + varint(len(body)) + body
    return data


def to_dict(m, c):
    d = json_format.MessageToDict(m)
    if c is not None:
        d[CONFIG_JSON] = json_format.MessageToDict(c)
    return d


def write_goldens(directory):
    os.makedirs(directory, exist_ok=True)
    for name, (m, c) in CASES.items():
        with open(os.path.join(directory, f"{name}.pb"), "wb") as f:
            f.write(encode(m, c))
        with open(os.path.join(directory, f"{name}.json"), "w", encoding="utf-8") as f:
            f.write(json.dumps(to_dict(m, c)) + "\n")
    print(f"wrote the package's tuning job encodings to {directory}")


# ------------------------------------------------------------ descriptors


def messages(fd):
    """Every message of a file, nested ones included, by full name."""
    out = {}

    def walk(prefix, msgs):
        for m in msgs:
            full = f"{prefix}.{m.name}"
            out[full] = m
            walk(full, m.nested_type)

    walk(fd.package, fd.message_type)
    return out


def shape(m, skip=()):
    fields = [
        (f.number, f.name, f.json_name, f.label, f.type, f.type_name, f.HasField("oneof_index") and f.oneof_index)
        for f in m.field
        if f.number not in skip
    ]
    enums = [(e.name, [(v.name, v.number) for v in e.value]) for e in m.enum_type]
    oneofs = [o.name for o in m.oneof_decl]
    return {
        "fields": sorted(fields),
        "enums": enums,
        "oneofs": oneofs,
        "map_entry": m.options.map_entry,
        "nested": sorted(n.name for n in m.nested_type),
    }


def check_descriptors(path):
    with open(path, "rb") as f:
        ours_set = descriptor_pb2.FileDescriptorSet.FromString(f.read())
    ours = {}
    for fd in ours_set.file:
        ours.update(messages(fd))
    for module in (pr, hpo, tj):
        fd = descriptor_pb2.FileDescriptorProto()
        module.DESCRIPTOR.CopyToProto(fd)
        for full, theirs in messages(fd).items():
            mine = ours.get(full)
            if mine is None:
                check(f"descriptor: {full} is in tjspec's schema", False, "missing")
                continue
            extra = EXTRA_FIELDS.get(full, set())
            got = shape(mine, skip=extra)
            want = shape(theirs)
            # tjspec's own extras may bring a nested message name only
            # through fields; nested types must match exactly.
            check(f"descriptor: {full} equals the package's", got == want, f"package: {want}\ntjspec:  {got}")
            added = {f.number for f in mine.field} - {f.number for f in theirs.field}
            check(f"descriptor: {full} adds only the listed fields", added == extra, f"added {sorted(added)}, listed {sorted(extra)}")


# ------------------------------------------------------ tjspec -> package


def unknown_config(m):
    """Field 4 of a decoded message, as the package's config, or None."""
    from google.protobuf import unknown_fields

    found = [f for f in unknown_fields.UnknownFieldSet(m) if f.field_number == CONFIG_FIELD]
    if not found:
        return None
    if len(found) != 1 or found[0].wire_type != 2:
        raise ValueError(f"field 4 is not one length-delimited field: {found}")
    return hpo.HyperparameterTuningJobConfig.FromString(found[0].data)


def check_tjspec(directory):
    for name, (m, c) in CASES.items():
        try:
            with open(os.path.join(directory, f"{name}.pb"), "rb") as f:
                data = f.read()
            got = hpo.HyperparameterTuningJob.FromString(data)
            released = hpo.HyperparameterTuningJob()
            released.CopyFrom(got)
            released.DiscardUnknownFields()
            check(f"{name}: tjspec binary decodes in the package", released == m, f"{m}\n{released}")
            check(f"{name}: its field 4 is the package's HyperparameterTuningJobConfig", unknown_config(got) == c, f"{c}\n{unknown_config(got)}")
            check(f"{name}: tjspec binary equals the package's encoding", data == encode(m, c), f"{encode(m, c).hex()}\n{data.hex()}")
            again = got.SerializeToString(deterministic=True)
            check(f"{name}: the package keeps field 4 when it re-encodes", again == data, again.hex())

            with open(os.path.join(directory, f"{name}.json"), encoding="utf-8") as f:
                obj = json.load(f)
            config = obj.pop(CONFIG_JSON, None)
            parsed = json_format.ParseDict(obj, hpo.HyperparameterTuningJob())
            check(f"{name}: tjspec JSON parses strictly in the package", parsed == m, json.dumps(obj))
            parsed_config = None if config is None else json_format.ParseDict(config, hpo.HyperparameterTuningJobConfig())
            check(f"{name}: its {CONFIG_JSON} parses strictly as the package's config", parsed_config == c, json.dumps(config))
        except Exception as e:  # noqa: BLE001 - every failure is a finding
            check(f"{name}: tjspec -> package", False, repr(e))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--write-goldens")
    ap.add_argument("--check")
    args = ap.parse_args()
    if args.write_goldens:
        write_goldens(args.write_goldens)
        return 0
    ours = os.path.join(args.check, "tjspec")
    check_descriptors(os.path.join(ours, "descriptor.pb"))
    check_tjspec(ours)
    print(f"flyteidl tuning: {PASSED} passed, {FAILED} failed")
    return 1 if FAILED else 0


if __name__ == "__main__":
    sys.exit(main())
