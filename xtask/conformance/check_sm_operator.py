"""Checks manifests of the SageMaker Operators for Kubernetes written by
tjspec against the generated CRD schema, with PyYAML (a YAML 1.1 reader, as
kubectl's is) and the `jsonschema` package, both independent of tjspec.

Usage: check_sm_operator.py CRD... FILE...   (each FILE: one manifest or a
stream; the leading files that are CustomResourceDefinitions are the CRDs)

Every document must be an object of one of the CRDs (`sagemaker.aws.amazon.com/v1`
TrainingJob, HyperparameterTuningJob) whose `spec` and `status` validate
against that CRD's OpenAPI v3 schema (its
required fields included: `spec.region`, `resourceConfig.instanceCount`,
...), with additional properties forbidden (the API server prunes unknown
fields silently; tjspec must not write any), every list of `{name, value}`
naming each entry once. Prints `sm-operator: N passed, N failed`.
"""

import sys

import jsonschema
import yaml


def strict(schema):
    """The CRD schema with unknown properties rejected, recursively."""
    if isinstance(schema, dict):
        out = {k: strict(v) for k, v in schema.items()}
        if out.get("type") == "object" and "properties" in out:
            out.setdefault("additionalProperties", False)
        return out
    if isinstance(schema, list):
        return [strict(v) for v in schema]
    return schema


def repeated_names(value, path, problems):
    """Lists of name/value pairs (the operator's maps) name each entry once."""
    if isinstance(value, dict):
        for k, v in value.items():
            repeated_names(v, f"{path}.{k}", problems)
    elif isinstance(value, list):
        pairs = [v for v in value if isinstance(v, dict) and set(v) == {"name", "value"}]
        names = [p["name"] for p in pairs]
        for n in sorted({n for n in names if names.count(n) > 1}):
            problems.append(f"{path}: `{n}` is named twice")
        for i, v in enumerate(value):
            repeated_names(v, f"{path}[{i}]", problems)


def load_crd(crd):
    """What checking an object of `crd` needs: its root schema and a
    validator of `spec` and of `status`, by (apiVersion, kind)."""
    version = crd["spec"]["versions"][0]
    api_version = f"{crd['spec']['group']}/{version['name']}"
    kind = crd["spec"]["names"]["kind"]
    root = version["schema"]["openAPIV3Schema"]
    schema = root["properties"]
    checkers = {part: jsonschema.Draft7Validator(strict(schema[part])) for part in ("spec", "status")}
    return (api_version, kind), (root, checkers)


def main(args):
    crds = {}
    while args:
        with open(args[0], encoding="utf-8") as f:
            first = yaml.safe_load(f)
        if not (isinstance(first, dict) and first.get("kind") == "CustomResourceDefinition"):
            break
        key, value = load_crd(first)
        crds[key] = value
        args = args[1:]
    if not crds:
        print("usage: check_sm_operator.py CRD... FILE...", file=sys.stderr)
        return 2
    passed = failed = 0
    for path in args:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        for i, doc in enumerate(docs):
            problems = []
            found = crds.get((doc.get("apiVersion"), doc.get("kind")))
            if found is None:
                known = ", ".join(f"{a} {k}" for a, k in crds)
                problems.append(f"not an object of the CRDs ({known})")
                root, checkers = {}, {}
            else:
                root, checkers = found
            if not isinstance(doc.get("metadata", {}).get("name"), str):
                problems.append("metadata.name is missing")
            for part in root.get("required", []):
                if part not in doc:
                    problems.append(f"{part} is missing")
            for part, checker in checkers.items():
                if part in doc:
                    for e in checker.iter_errors(doc[part]):
                        where = ".".join(str(p) for p in e.absolute_path)
                        problems.append(f"{part}.{where}: {e.message}")
                    repeated_names(doc[part], part, problems)
            if problems:
                failed += 1
                for p in problems:
                    print(f"FAIL {path} (document {i + 1}): {p}")
            else:
                passed += 1
    print(f"sm-operator: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
