#!/usr/bin/env python3
"""Conformance of tjspec's HCL outputs (tf-k8s, tf-aws).

For every HCL file tjspec writes from the test fixtures:

1. it must be `terraform fmt`-clean byte for byte: equal to its golden
   file in `xtask/conformance/hcl-golden/`, which `terraform fmt` wrote
   from tjspec's output (`--bless`, run by `cargo xtask conformance
   --bless-hcl`, needs terraform). Where `terraform` is installed,
   `terraform fmt -check` must also leave the file alone, so the goldens
   cannot go stale unnoticed; where it is not, the goldens alone decide;
2. a second, independent HCL parser (python-hcl2) must read the same job:
   its tree, mapped to AWS API names with the committed name tables
   (tests/it/snapshots/it__terraform_names__*.snap), must equal what tjspec itself
   reads from the file (`tjspec convert FILE --to aws`). The tf-k8s outputs
   of the tuning-job fixtures (training jobs beside them in streams) are
   compared with the ACK manifests tjspec writes from the file instead:
   each block's `spec` and each manifest's `spec`, keys compared without
   case and `_` (the provider's names are its rule on the ACK names).

Usage: check_hcl.py TJSPEC_BINARY [--bless]
Exit status 0 when every file passes; the failures are listed otherwise.
"""

import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

import hcl2
import yaml

K8S_TYPES = {
    "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest",
    "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1",
}
AWS_TYPE = "aws_sagemaker_training_job"
TUNING_K8S_TYPES = {
    "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1_manifest",
    "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1",
}


# The workspace root: the paths below are relative to it, wherever this runs from.
ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


def table(name, api_column):
    """tf path -> (API path, kind) from a committed name-table snapshot."""
    path = os.path.join(ROOT, f"tests/it/snapshots/it__terraform_names__{name}.snap")
    with open(path, encoding="utf-8") as f:
        body = f.read().split("---\n", 2)[2]
    out = {}
    for line in body.strip().splitlines():
        cols = line.split("\t")
        out[cols[0]] = (cols[api_column], cols[-1])
    return out


K8S = table("tf_k8s_names_beside_the_crd_paths", 2)
AWS = table("tf_aws_names_beside_the_api_paths", 1)


class Expression(Exception):
    """A value python-hcl2 reports as an expression (not a literal)."""


ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}


def unquote(raw):
    """A python-hcl2 string token (quotes and escapes as written) as its value."""
    if raw.startswith("${"):
        raise Expression(raw)
    if not (raw.startswith('"') and raw.endswith('"')):
        return raw  # a bare word python-hcl2 gives as it is (an identifier key)
    s = raw[1:-1]
    out = []
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\":
            n = s[i + 1]
            if n == "u":
                out.append(chr(int(s[i + 2 : i + 6], 16)))
                i += 6
                continue
            if n == "U":
                out.append(chr(int(s[i + 2 : i + 10], 16)))
                i += 10
                continue
            out.append(ESCAPES[n])
            i += 2
            continue
        if c in "$%" and s.startswith(c + c + "{", i):
            out.append(c + "{")
            i += 3
            continue
        if c in "$%" and s.startswith(c + "{", i):
            raise Expression(raw)
        out.append(c)
        i += 1
    return "".join(out)


def value(v):
    if isinstance(v, str):
        return unquote(v)
    if isinstance(v, list):
        return [value(x) for x in v]
    if isinstance(v, dict):
        return {unquote(k): value(x) for k, x in v.items() if k != "__is_block__"}
    return v


def to_api(node, prefix, names, blocks):
    """A decoded object at tf path `prefix` with AWS API member names."""
    out = {}
    for key, v in node.items():
        if key == "__is_block__":
            continue
        tf_path = prefix + key
        api_path, kind = names[tf_path]
        api = api_path.split(".")[-1]
        if blocks and kind == "object":
            (v,) = v  # python-hcl2 gives every block as a list of bodies
        if tf_path == "tags" and blocks:
            out[api] = [{"Key": unquote(k), "Value": value(x)} for k, x in v.items()]
        elif kind == "object":
            out[api] = to_api(v, tf_path + ".", names, blocks)
        elif kind == "list of objects":
            out[api] = [to_api(x, tf_path + ".", names, blocks) for x in v]
        else:
            out[api] = value(v)
    return out


def jobs(path):
    """Every training job python-hcl2 reads from a file, as AWS JSON."""
    with open(path, encoding="utf-8") as f:
        doc = hcl2.load(f)
    found = []
    for kind in ("data", "resource"):
        for entry in doc.get(kind, []):
            for ty, labelled in entry.items():
                ty = unquote(ty)
                for _, body in labelled.items():
                    if ty in K8S_TYPES:
                        found.append(to_api(body.get("spec", {}), "spec.", K8S, False))
                    elif ty == AWS_TYPE:
                        found.append(to_api(body, "", AWS, True))
    return found


def loose(v):
    """A tree with its object keys lower-cased and without `_`."""
    if isinstance(v, list):
        return [loose(x) for x in v]
    if isinstance(v, dict):
        return {k.lower().replace("_", ""): loose(x) for k, x in v.items()}
    return v


def k8s_specs(path):
    """The `spec` of every tf-k8s block python-hcl2 reads from a file, loosely keyed."""
    with open(path, encoding="utf-8") as f:
        doc = hcl2.load(f)
    found = []
    for kind in ("data", "resource"):
        for entry in doc.get(kind, []):
            for ty, labelled in entry.items():
                if unquote(ty) in K8S_TYPES | TUNING_K8S_TYPES:
                    for _, body in labelled.items():
                        found.append(loose(value(body.get("spec", {}))))
    return found


def run(args, stdin=None):
    return subprocess.run(args, input=stdin, capture_output=True, text=True)


GOLDEN = os.path.join("xtask", "conformance", "hcl-golden")
PROVENANCE = os.path.join(GOLDEN, "TERRAFORM_VERSION")


def bless(terraform, path, name):
    """Writes `terraform fmt`'s formatting of `path` as the golden for `name`."""
    with open(path, "rb") as f:
        r = subprocess.run([terraform, "fmt", "-no-color", "-"], input=f.read(), capture_output=True)
    if r.returncode != 0:
        return f"{name}: terraform fmt cannot format it:\n{r.stderr.decode(errors='replace')}"
    with open(os.path.join(GOLDEN, name), "wb") as f:
        f.write(r.stdout)
    return None


def compare_with_golden(path, name):
    """A failure message when tjspec's output is not byte for byte its golden."""
    golden = os.path.join(GOLDEN, name)
    if not os.path.exists(golden):
        return f"{name}: no golden file {golden}; run `cargo xtask conformance --bless-hcl` where terraform is installed"
    with open(path, "rb") as f, open(golden, "rb") as g:
        ours, formatted = f.read(), g.read()
    if ours == formatted:
        return None
    diff = "".join(
        difflib.unified_diff(
            formatted.decode(errors="replace").splitlines(True),
            ours.decode(errors="replace").splitlines(True),
            "terraform fmt (golden)",
            "tjspec",
        )
    )
    return (
        f"{name}: differs from the golden file terraform fmt wrote (when tjspec's"
        f" output changed on purpose, run `cargo xtask conformance --bless-hcl`):\n{diff}"
    )


def compare_with_ack(tjspec, path, name):
    """A failure message when python-hcl2 reads other specs from a tf-k8s
    file than the ACK manifests tjspec writes from it hold."""
    try:
        theirs = k8s_specs(path)
    except Exception as e:  # noqa: BLE001 - any parser failure is a finding
        return f"{name}: python-hcl2 cannot read it: {e!r}"
    r = run([tjspec, "convert", path, "--from", "tf-k8s", "--to", "ack"])
    if r.returncode != 0:
        return f"{name}: tjspec cannot read its own output:\n{r.stderr}"
    ours = [loose(d.get("spec", {})) for d in yaml.safe_load_all(r.stdout) if d is not None]
    if ours != theirs:
        return (
            f"{name}: python-hcl2 reads a different job\n  tjspec (ACK spec): {json.dumps(ours, ensure_ascii=False)}"
            f"\n  python-hcl2:       {json.dumps(theirs, ensure_ascii=False)}"
        )
    return None


def main():
    tjspec = os.path.abspath(sys.argv[1])
    blessing = "--bless" in sys.argv[2:]
    os.chdir(ROOT)
    terraform = shutil.which("terraform")
    if blessing:
        if not terraform:
            print("FAIL --bless needs terraform: the golden files are what `terraform fmt` writes")
            print("hcl: 0 passed, 1 failed")
            return 1
        shutil.rmtree(GOLDEN, ignore_errors=True)
        os.makedirs(GOLDEN)
        version = run([terraform, "version"]).stdout.splitlines()[0]
        with open(PROVENANCE, "w", encoding="utf-8") as f:
            f.write(f"{version}\n")
    if not terraform:
        with open(PROVENANCE, encoding="utf-8") as f:
            version = f.read().strip()
        print(
            "notice: terraform is not installed; each output is compared byte for byte"
            f" with the golden file `terraform fmt` wrote ({version})"
        )
    failures = []
    work = tempfile.mkdtemp(prefix="tjspec-hcl-")
    outputs = []

    attempts = []

    def write(name, args):
        attempts.append(name)
        r = run([tjspec, "convert", *args])
        if r.returncode != 0:
            failures.append(f"{name}: tjspec {' '.join(args)} failed:\n{r.stderr}")
            return
        target = os.path.join(work, name)
        with open(target, "w", encoding="utf-8") as f:
            f.write(r.stdout)
        outputs.append((target, name))

    inputs = ["tests/fixtures/aws/full-create.json", "tests/fixtures/aws/minimal.json"]
    inputs += [os.path.join("examples", f) for f in sorted(os.listdir("examples")) if f.endswith(".json")]
    # The k8s provider's manifest is an ACK manifest: the minimal job gets
    # the members the CRD requires.
    crd_members = {
        "tests/fixtures/aws/minimal.json": [
            "--set", "AlgorithmSpecification={TrainingImage: 683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1, TrainingInputMode: File}",
            "--set", "ResourceConfig={InstanceType: ml.m5.large, InstanceCount: 1, VolumeSizeInGB: 30}",
            "--set", "StoppingCondition.MaxRuntimeInSeconds=3600",
        ]
    }
    for src in inputs:
        base = os.path.splitext(os.path.basename(src))[0]
        k8s = crd_members.get(src, [])
        write(f"{base}.k8s.tf", [src, "--to", "tf-k8s", *k8s])
        write(f"{base}.k8s-resource.tf", [src, "--to", "tf-k8s", "--tf-k8s-kind", "resource", *k8s])
        write(f"{base}.aws.tf", [src, "--to", "tf-aws"])
    for src, dialect in [
        ("tests/fixtures/terraform/escaping.tf", "tf-k8s"),
        ("tests/fixtures/terraform/several.tf", "tf-k8s"),
    ]:
        base = os.path.splitext(os.path.basename(src))[0]
        write(f"{base}.k8s.tf", [src, "--from", dialect, "--to", "tf-k8s"])
        write(f"{base}.aws.tf", [src, "--from", dialect, "--to", "tf-aws"])
    # Tuning jobs (and the training jobs beside them in streams) in the
    # block types of each resource.
    tuning = []
    for folder in ("tests/fixtures/aws/tuning", "tests/fixtures/ack/tuning", "tests/fixtures/tf-k8s/tuning"):
        tuning += [os.path.join(folder, f) for f in sorted(os.listdir(folder)) if f.endswith((".json", ".yaml", ".tf"))]
    for src in tuning:
        base = "tuning-" + os.path.splitext(os.path.basename(src))[0]
        write(f"{base}.k8s.tf", [src, "--to", "tf-k8s"])
        write(f"{base}.k8s-resource.tf", [src, "--to", "tf-k8s", "--tf-k8s-kind", "resource"])
    keep = ["--keep-expressions"]
    write("expressions.k8s.tf", ["tests/fixtures/terraform/expressions.tf", "--to", "tf-k8s", *keep])
    write("expressions.aws.tf", ["tests/fixtures/terraform/expressions.tf", "--to", "tf-aws", *keep])

    for path, name in outputs:
        if blessing:
            failure = bless(terraform, path, name)
            if failure:
                failures.append(failure)
                continue
        failure = compare_with_golden(path, name)
        if failure:
            failures.append(failure)
        if terraform:
            r = run([terraform, "fmt", "-check", "-diff", path])
            if r.returncode != 0:
                failures.append(f"{name}: terraform fmt would change it:\n{r.stdout}{r.stderr}")
        if name.startswith("tuning-"):
            failure = compare_with_ack(tjspec, path, name)
            if failure:
                failures.append(failure)
            continue
        try:
            theirs = jobs(path)
        except Expression:
            # Kept expressions: python-hcl2 must parse the file; the values
            # are not literals to compare.
            continue
        except Exception as e:  # noqa: BLE001 - any parser failure is a finding
            failures.append(f"{name}: python-hcl2 cannot read it: {e!r}")
            continue
        dialect = "tf-aws" if name.endswith(".aws.tf") else "tf-k8s"
        r = run([tjspec, "convert", path, "--from", dialect, "--to", "aws"])
        if r.returncode != 0:
            failures.append(f"{name}: tjspec cannot read its own output:\n{r.stderr}")
            continue
        ours = [json.loads(line) for line in r.stdout.splitlines()] if len(theirs) > 1 else [json.loads(r.stdout)]
        if ours != theirs:
            failures.append(
                f"{name}: python-hcl2 reads a different job\n  tjspec:      {json.dumps(ours, ensure_ascii=False)}\n  python-hcl2: {json.dumps(theirs, ensure_ascii=False)}"
            )
    shutil.rmtree(work, ignore_errors=True)
    for f in failures:
        print(f"FAIL {f}")
    # A file can fail several ways; each failing file counts once.
    failed = len({f.split(":", 1)[0] for f in failures})
    print(f"hcl: {len(attempts) - failed} passed, {failed} failed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
