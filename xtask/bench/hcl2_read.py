"""Benchmark peer: python-hcl2 reads each Terraform file given as an
argument and prints it as one line of JSON, the work `tjspec convert` does
on the same files minus the schema (so the comparison flatters the peer)."""

import json
import sys

import hcl2


def main():
    out = sys.stdout
    for path in sys.argv[1:]:
        with open(path, encoding="utf-8") as f:
            out.write(json.dumps(hcl2.load(f), separators=(",", ":")))
        out.write("\n")


if __name__ == "__main__":
    main()
