"""Checks AWS JSON written by tjspec with botocore, an independent implementation.

Usage: check_aws.py FILE...   (each file: one job as JSON, or JSON Lines)

For every job (a training job, or a hyperparameter tuning job when it has
the tuning job's name or configuration: then the operations below are
CreateHyperParameterTuningJob and DescribeHyperParameterTuningJob):
- the CreateTrainingJob part (the job without its status members) must pass
  botocore's ParamValidator for the CreateTrainingJob input shape;
- botocore does not check maximum lengths, patterns or enum values, so this
  script checks those too: lengths and counts against `max`, patterns as full
  matches (with the `regex` module, which knows \\p{L} and friends), enum values;
- when the job carries status members, the whole job minus `Tags` must have
  the types of the DescribeTrainingJob response (required members aside:
  tjspec never invents status).

Prints one line per failure and a closing `N passed, N failed` line.
"""

import json
import sys

import botocore.session
import regex
from botocore.validate import ParamValidator

session = botocore.session.get_session()
model = session.get_service_model("sagemaker")

def operations(create_name, describe_name):
    create = model.operation_model(create_name).input_shape
    describe = model.operation_model(describe_name).output_shape
    return create, describe, set(describe.members) - set(create.members)


TRAINING = operations("CreateTrainingJob", "DescribeTrainingJob")
TUNING = operations("CreateHyperParameterTuningJob", "DescribeHyperParameterTuningJob")
# Members only the tuning job's request or response has at its top.
TUNING_ONLY = (set(TUNING[0].members) | set(TUNING[1].members)) - (
    set(TRAINING[0].members) | set(TRAINING[1].members)
)


def resource_of(job):
    return TUNING if any(k in TUNING_ONLY for k in job) else TRAINING

# Java's \p{Alnum} is ASCII; say so explicitly for the regex module.
def pattern(p):
    return regex.compile(p.replace(r"\p{Alnum}", "a-zA-Z0-9"))


def extra_checks(value, shape, path, problems):
    t = shape.type_name
    meta = shape.metadata
    if t == "structure":
        for name, member in shape.members.items():
            if name in value:
                extra_checks(value[name], member, f"{path}.{name}" if path else name, problems)
    elif t == "list":
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: {len(value)} elements, max {meta['max']}")
        for i, v in enumerate(value):
            extra_checks(v, shape.member, f"{path}[{i}]", problems)
    elif t == "map":
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: {len(value)} entries, max {meta['max']}")
        for k, v in value.items():
            extra_checks(k, shape.key, f"{path}{{key}}", problems)
            extra_checks(v, shape.value, f"{path}.{k}", problems)
    elif t == "string":
        if shape.enum and value not in shape.enum and shape.name != "TrainingInstanceType":
            problems.append(f"{path}: {value!r} is not one of the enum values")
        if "max" in meta and len(value) > meta["max"]:
            problems.append(f"{path}: length {len(value)}, max {meta['max']}")
        if "pattern" in meta and not pattern(meta["pattern"]).fullmatch(value):
            problems.append(f"{path}: {value!r} does not fully match {meta['pattern']}")
    elif t in ("integer", "long"):
        if "max" in meta and value > meta["max"]:
            problems.append(f"{path}: {value} is more than {meta['max']}")


def describe_type_errors(job, describe):
    report = ParamValidator().validate({k: v for k, v in job.items() if k != "Tags"}, describe)
    if not report.has_errors():
        return []
    lines = [l for l in report.generate_report().splitlines()[1:] if "Missing required parameter" not in l]
    return lines


def check(job):
    create, describe, STATUS = resource_of(job)
    problems = []
    request = {k: v for k, v in job.items() if k not in STATUS}
    report = ParamValidator().validate(request, create)
    if report.has_errors():
        # Types are wrong; the finer checks below would only repeat that.
        problems += report.generate_report().splitlines()[1:]
    else:
        extra_checks(request, create, "", problems)
    if any(k in STATUS for k in job):
        problems += describe_type_errors(job, describe)
    return problems


def main(files):
    passed = failed = 0
    for f in files:
        with open(f, encoding="utf-8") as fh:
            text = fh.read()
        try:
            jobs = [json.loads(text)]
        except json.JSONDecodeError:
            jobs = [json.loads(line) for line in text.splitlines() if line.strip()]
        for i, job in enumerate(jobs):
            problems = check(job)
            if problems:
                failed += 1
                for p in problems:
                    print(f"FAIL {f} (job {i + 1}): {p}")
            else:
                passed += 1
    print(f"aws: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
