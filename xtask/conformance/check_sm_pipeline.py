"""Checks tjspec's `sm-pipeline` form against the SageMaker Python SDK.

The SDK writes a pipeline definition (processing, training, tuning and
condition steps, parameters, property references) offline: a
`PipelineSession` with a region and a default bucket makes no call. Then:

1. `tjspec validate` reads it without an error, one job per Training and
   Tuning step (those in the Condition step's branches included);
2. `tjspec convert --to sm-pipeline` gives back one definition with each
   of those steps, in order, its `Arguments` exactly as the SDK wrote them
   (expressions included) and the declarations of the parameters they use;
3. `tjspec convert --to aws` with the parameters' defaults and the members
   the service or other steps supply set gives requests botocore's
   CreateTrainingJob (CreateHyperParameterTuningJob) validation accepts, equal to the SDK's arguments with
   those values put in.

Usage: check_sm_pipeline.py TJSPEC OUT_DIR. Prints `sm-pipeline: N passed, N failed`.
"""

import copy
import json
import os
import subprocess
import sys

os.environ.setdefault("SAGEMAKER_SUPPRESS_V2_WARNING", "1")
# Never used: nothing is signed or sent; botocore wants them to build clients.
os.environ.setdefault("AWS_ACCESS_KEY_ID", "offline")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "offline")
# The SDK reports usage over the network; there is none here.
os.environ.setdefault("SAGEMAKER_TELEMETRY_OPT_OUT", "true")

import logging  # noqa: E402

# Its failures to report usage (no network) are logged, tracebacks and all.
logging.getLogger("sagemaker.telemetry").disabled = True
logging.getLogger("sagemaker.telemetry.telemetry_logging").disabled = True

import boto3  # noqa: E402
import botocore.session  # noqa: E402
from botocore.validate import ParamValidator  # noqa: E402
from sagemaker.estimator import Estimator  # noqa: E402
from sagemaker.inputs import TrainingInput  # noqa: E402
from sagemaker.processing import ProcessingInput, ProcessingOutput  # noqa: E402
from sagemaker.sklearn.processing import SKLearnProcessor  # noqa: E402
from sagemaker.tuner import HyperparameterTuner, IntegerParameter  # noqa: E402
from sagemaker.workflow.condition_step import ConditionStep  # noqa: E402
from sagemaker.workflow.conditions import ConditionGreaterThanOrEqualTo  # noqa: E402
from sagemaker.workflow.parameters import (  # noqa: E402
    ParameterFloat,
    ParameterInteger,
    ParameterString,
)
from sagemaker.workflow.pipeline import Pipeline  # noqa: E402
from sagemaker.workflow.pipeline_context import PipelineSession  # noqa: E402
from sagemaker.workflow.steps import ProcessingStep, TrainingStep, TuningStep  # noqa: E402

ROLE = "arn:aws:iam::111122223333:role/SageMakerRole"
IMAGE = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
PREPARED = "s3://acme-ml/prepared/train"


def definition():
    session = PipelineSession(
        boto_session=boto3.Session(region_name="us-east-1"), default_bucket="acme-ml"
    )
    count = ParameterInteger(name="TrainingInstanceCount", default_value=1)
    itype = ParameterString(name="TrainingInstanceType", default_value="ml.m5.xlarge")
    min_auc = ParameterFloat(name="MinAuc", default_value=0.8)
    processor = SKLearnProcessor(
        framework_version="1.2-1",
        role=ROLE,
        instance_type="ml.m5.xlarge",
        instance_count=1,
        sagemaker_session=session,
    )
    prepare = ProcessingStep(
        name="Prepare",
        step_args=processor.run(
            code="s3://acme-ml/code/prepare.py",
            inputs=[ProcessingInput(source="s3://acme-ml/raw/", destination="/opt/ml/processing/input")],
            outputs=[
                ProcessingOutput(
                    output_name="train", source="/opt/ml/processing/train", destination=PREPARED
                )
            ],
        ),
    )
    estimator = Estimator(
        image_uri=IMAGE,
        role=ROLE,
        instance_count=count,
        instance_type=itype,
        output_path="s3://acme-ml/models/",
        sagemaker_session=session,
        hyperparameters={"objective": "binary:logistic", "num_round": 100},
    )
    train_input = TrainingInput(
        s3_data=prepare.properties.ProcessingOutputConfig.Outputs["train"].S3Output.S3Uri,
        content_type="text/csv",
    )
    train = TrainingStep(name="Train", step_args=estimator.fit(inputs={"train": train_input}))
    tuner = HyperparameterTuner(
        estimator,
        objective_metric_name="validation:auc",
        hyperparameter_ranges={"max_depth": IntegerParameter(3, 10)},
        metric_definitions=[{"Name": "validation:auc", "Regex": "auc:([0-9.]+)"}],
        max_jobs=4,
        max_parallel_jobs=2,
    )
    tune = TuningStep(name="Tune", step_args=tuner.fit(inputs={"train": train_input}))
    larger = Estimator(
        image_uri=IMAGE,
        role=ROLE,
        instance_count=2,
        instance_type="ml.m5.2xlarge",
        volume_size=50,
        output_path="s3://acme-ml/models/larger/",
        sagemaker_session=session,
    )
    retrain = TrainingStep(
        name="RetrainLarger",
        step_args=larger.fit(inputs={"train": train_input}),
        depends_on=[train],
    )
    check = ConditionStep(
        name="CheckAuc",
        conditions=[
            ConditionGreaterThanOrEqualTo(
                left=train.properties.FinalMetricDataList[0].Value, right=min_auc
            )
        ],
        if_steps=[],
        else_steps=[retrain],
    )
    pipeline = Pipeline(
        name="churn",
        parameters=[count, itype, min_auc],
        steps=[prepare, train, tune, check],
        sagemaker_session=session,
    )
    return json.loads(pipeline.definition())


# The step types that run a job tjspec reads, with the create operation,
# the name member and where the first channel's S3 URI sits in its request.
JOB_STEPS = {
    "Training": ("CreateTrainingJob", "TrainingJobName", ["InputDataConfig"]),
    "Tuning": (
        "CreateHyperParameterTuningJob",
        "HyperParameterTuningJobName",
        ["TrainingJobDefinition", "InputDataConfig"],
    ),
}


def job_steps(steps):
    for step in steps:
        if step["Type"] in JOB_STEPS:
            yield step
        elif step["Type"] == "Condition":
            yield from job_steps(step["Arguments"].get("IfSteps", []))
            yield from job_steps(step["Arguments"].get("ElseSteps", []))


def with_values(node, defaults):
    """The arguments with parameter references given their defaults."""
    if isinstance(node, dict):
        if list(node) == ["Get"] and node["Get"].startswith("Parameters."):
            return defaults[node["Get"][len("Parameters."):]]
        return {k: with_values(v, defaults) for k, v in node.items()}
    if isinstance(node, list):
        return [with_values(v, defaults) for v in node]
    return node


def run(tjspec, *args):
    return subprocess.run([tjspec, *args], capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"})


def main():
    tjspec, out_dir = sys.argv[1], sys.argv[2]
    os.makedirs(out_dir, exist_ok=True)
    passed = failed = 0

    def check(ok, what, detail=""):
        nonlocal passed, failed
        if ok:
            passed += 1
        else:
            failed += 1
            print(f"FAIL sm-pipeline: {what}\n{detail}")

    sdk = definition()
    path = os.path.join(out_dir, "sdk-pipeline.json")
    with open(path, "w") as f:
        json.dump(sdk, f, indent=2)
    steps = list(job_steps(sdk["Steps"]))
    types = [s["Type"] for s in steps]
    check(types.count("Training") == 2 and types.count("Tuning") == 1, f"the SDK wrote steps {types}, expected 2 Training and 1 Tuning")

    validated = run(tjspec, "validate", path, "--message-format", "json")
    records = [json.loads(line) for line in validated.stdout.splitlines() if line.strip()]
    errors = [r for r in records if r["severity"] == "error"]
    check(validated.returncode == 0 and not errors, "tjspec validate", validated.stdout + validated.stderr)

    # One definition holding every Training and Tuning step, in order
    # (those of the Condition step's branches among them).
    written = run(tjspec, "convert", path, "--to", "sm-pipeline", "--quiet")
    check(written.returncode == 0, "tjspec convert --to sm-pipeline", written.stderr)
    out = json.loads(written.stdout) if written.returncode == 0 else {"Steps": []}
    check(out.get("Version") == "2020-12-01", f"Version {out.get('Version')}")
    check(len(out["Steps"]) == len(steps), f"{len(out['Steps'])} steps written, expected {len(steps)}")
    used = {p["Name"] for p in out.get("Parameters", [])}
    declared = {p["Name"]: p for p in sdk["Parameters"]}
    check(
        all(p == declared.get(p["Name"]) for p in out.get("Parameters", [])),
        "the parameters written differ from the SDK's declarations",
        json.dumps(out.get("Parameters")),
    )
    check(
        used <= set(declared) and "TrainingInstanceCount" in used,
        f"parameters written: {sorted(used)}",
    )
    for step, back in zip(steps, out["Steps"]):
        check(back["Name"] == step["Name"], f"step name {back['Name']} != {step['Name']}")
        check(
            back["Arguments"] == step["Arguments"],
            f"{step['Name']}: the Arguments tjspec wrote differ from the SDK's",
            json.dumps(back["Arguments"], sort_keys=True) + "\n" + json.dumps(step["Arguments"], sort_keys=True),
        )

    defaults = {p["Name"]: p["DefaultValue"] for p in sdk["Parameters"]}
    requests = run(
        tjspec,
        "convert",
        path,
        "--to",
        "aws",
        "--pipeline-parameters",
        "defaults",
        # Each job takes the paths of its own resource (the others are
        # passed over with a warning).
        "--set",
        "TrainingJobName=churn-train",
        "--set",
        f"InputDataConfig[0].DataSource.S3DataSource.S3Uri={PREPARED}",
        "--set",
        "HyperParameterTuningJobName=churn-tune",
        "--set",
        f"TrainingJobDefinition.InputDataConfig[0].DataSource.S3DataSource.S3Uri={PREPARED}",
    )
    jobs = [json.loads(line) for line in requests.stdout.splitlines() if line.strip()]
    check(requests.returncode == 0 and len(jobs) == len(steps), "tjspec convert --to aws", requests.stderr)
    model = botocore.session.get_session().get_service_model("sagemaker")
    names = {"Training": "churn-train", "Tuning": "churn-tune"}
    for step, job in zip(steps, jobs):
        operation, name_member, channels = JOB_STEPS[step["Type"]]
        shape = model.operation_model(operation).input_shape
        report = ParamValidator().validate(job, shape)
        check(not report.has_errors(), f"{step['Name']}: botocore rejects the request", report.generate_report())
        expected = with_values(copy.deepcopy(step["Arguments"]), defaults)
        expected[name_member] = names[step["Type"]]
        at = expected
        for key in channels:
            at = at[key]
        at[0]["DataSource"]["S3DataSource"]["S3Uri"] = PREPARED
        check(
            job == expected,
            f"{step['Name']}: the request differs from the SDK's arguments with the values put in",
            json.dumps(job, sort_keys=True) + "\n" + json.dumps(expected, sort_keys=True),
        )
    print(f"sm-pipeline: {passed} passed, {failed} failed")


if __name__ == "__main__":
    main()
