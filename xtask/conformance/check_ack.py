"""Checks ACK manifests written by tjspec against the generated CRD schema,
with PyYAML (a YAML 1.1 reader, as kubectl's is) and the `jsonschema`
package, both independent of tjspec.

Usage: check_ack.py CRD FILE...   (each FILE: one manifest or a stream)
       check_ack.py CRD... -- FILE...   (each document against its kind's CRD)

Every document must be a `sagemaker.services.k8s.aws/v1alpha1` TrainingJob
whose `spec` and `status` validate against the CRD's OpenAPI v3 schema,
with additional properties forbidden (the API server prunes unknown fields
silently; tjspec must not write any). Prints `ack: N passed, N failed`.
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


def load(crd_path):
    """The kind a CRD defines, its apiVersion and its spec/status checkers."""
    with open(crd_path, encoding="utf-8") as f:
        crd = yaml.safe_load(f)
    version = crd["spec"]["versions"][0]
    api_version = f"{crd['spec']['group']}/{version['name']}"
    kind = crd["spec"]["names"]["kind"]
    schema = version["schema"]["openAPIV3Schema"]["properties"]
    checkers = {part: jsonschema.Draft7Validator(strict(schema[part])) for part in ("spec", "status")}
    return kind, api_version, checkers


def main(crd_paths, files):
    crds = {}
    for p in crd_paths:
        kind, api_version, checkers = load(p)
        crds[kind] = (api_version, checkers)
    passed = failed = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d is not None]
        for i, doc in enumerate(docs):
            problems = []
            # Each document is checked against the CRD of its kind.
            kind = doc.get("kind")
            api_version, checkers = crds.get(kind, (None, {}))
            if api_version is None or doc.get("apiVersion") != api_version:
                problems.append(f"not a manifest of {', '.join(sorted(crds))} ({kind!r})")
            if not isinstance(doc.get("metadata", {}).get("name"), str):
                problems.append("metadata.name is missing")
            for part, checker in checkers.items():
                if part in doc:
                    for e in checker.iter_errors(doc[part]):
                        where = ".".join(str(p) for p in e.absolute_path)
                        problems.append(f"{part}.{where}: {e.message}")
            if problems:
                failed += 1
                for p in problems:
                    print(f"FAIL {path} (document {i + 1}): {p}")
            else:
                passed += 1
    print(f"ack: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    # check_ack.py CRD FILE...   or   check_ack.py CRD... -- FILE...
    args = sys.argv[1:]
    if "--" in args:
        at = args.index("--")
        sys.exit(main(args[:at], args[at + 1 :]))
    sys.exit(main(args[:1], args[1:]))
