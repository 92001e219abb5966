"""Benchmark peer: the flyteidl package decodes each binary
`flyteidl.plugins.sagemaker.TrainingJob` message given as an argument and
prints it as one line of proto3 JSON, as `tjspec convert --to flyteidl-json`
does with the same files."""

import sys

from google.protobuf import json_format
from flyteidl.plugins.sagemaker import training_job_pb2


def main():
    out = sys.stdout
    for path in sys.argv[1:]:
        message = training_job_pb2.TrainingJob()
        with open(path, "rb") as f:
            message.ParseFromString(f.read())
        out.write(json_format.MessageToJson(message, indent=None))
        out.write("\n")


if __name__ == "__main__":
    main()
