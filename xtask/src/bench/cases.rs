//! The benchmark cases: one entry per workload.
//!
//! A case names its input (a form of the corpus), the `tjspec` command, the
//! syntax-only floor programs and the peer tools it is compared with, and
//! the formats `tjspec` must know for it to run. A case whose formats this
//! build of `tjspec` does not know is reported as "not available on this
//! build" instead of failing, so the cases of formats still being built sit
//! here already and start running the day their format lands.
//!
//! The corpus of every format is produced from the same seeded jobs by
//! `tjspec convert --to <format>` (streams, one file per job, or one job),
//! so adding a format's workload is one entry in [`CASES`] (plus, for a new
//! peer, one entry in [`PEERS`](super::peers::PEERS) and its script in
//! `xtask/bench/`).

/// A form of the corpus.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Input {
    /// Every job as AWS JSON Lines (the generated corpus itself).
    JsonLines,
    /// Every job as one multi-document output of `tjspec convert --to <format>`.
    Stream(&'static str),
    /// The first `n` jobs, one file each (`tjspec convert --to <format> --out-dir`).
    Files(&'static str, usize),
    /// The stream of a format repeated to `--large-mb` megabytes.
    Large(&'static str),
    /// A hyperparameter tuning job over each job, as AWS JSON Lines.
    TuningJsonLines,
}

/// What a command's standard output must hold, checked after each run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    /// One JSON document per line, one per input document.
    JsonLines,
    /// A YAML stream, one document per input document.
    YamlStream,
    /// Anything non-empty (one document in, one out).
    NonEmpty,
    /// Dropped (`/dev/null`): the large input's output is not kept.
    Discard,
}

/// A measured command.
#[derive(Clone, Copy, Debug)]
pub enum Tool {
    /// `tjspec <args...> <input...>`; `threads: Some(n)` sets `RAYON_NUM_THREADS`.
    Tjspec {
        /// Arguments before the inputs (`convert --to aws`).
        args: &'static [&'static str],
        /// Worker threads; all cores when `None`.
        threads: Option<usize>,
    },
    /// A syntax-only floor program (`bench/<name>`), single-threaded.
    Floor {
        /// The binary (`floor-yaml-serde`).
        bin: &'static str,
        /// Arguments before the inputs (`--to-yaml`).
        args: &'static [&'static str],
    },
    /// A peer tool from [`PEERS`](super::peers::PEERS), by name.
    Peer {
        /// The peer.
        name: &'static str,
        /// Arguments before the inputs.
        args: &'static [&'static str],
    },
}

/// How often a case's commands run.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Runs {
    /// `--repeat` times (whole-corpus workloads).
    Corpus,
    /// `--small-runs` times (one small file: start-up dominates).
    Small,
    /// Once (the large input).
    Once,
}

/// One workload.
#[derive(Clone, Copy, Debug)]
pub struct Case {
    /// Stable id, used in the JSON report and by `--only`.
    pub id: &'static str,
    /// What it measures, for the table.
    pub title: &'static str,
    /// Formats `tjspec` must know.
    pub needs: &'static [&'static str],
    /// The input.
    pub input: Input,
    /// What each command must print.
    pub output: Output,
    /// How often to run.
    pub runs: Runs,
    /// The commands; the first `Tjspec` one is "tjspec" in the goals.
    pub tools: &'static [Tool],
}

const TO_AWS: &[&str] = &["convert", "--to", "aws"];
const TO_AWS_YAML: &[&str] = &["convert", "--to", "aws-yaml"];
const TO_ACK: &[&str] = &["convert", "--to", "ack"];
/// A flyteidl message holds part of a job: it is decoded and printed as
/// proto3 JSON, what the package's peer script does.
const TO_FLYTEIDL_JSON: &[&str] = &["convert", "--to", "flyteidl-json"];

/// The floors of a YAML stream → JSON Lines transcode.
macro_rules! yaml_floors {
    () => {
        [
            Tool::Floor {
                bin: "floor-yaml-serde",
                args: &[],
            },
            Tool::Floor {
                bin: "floor-saphyr",
                args: &[],
            },
        ]
    };
}

/// A YAML input converted to AWS JSON Lines, on every core and on one,
/// against the floors and `yq`.
macro_rules! yaml_to_aws {
    () => {
        &[
            Tool::Tjspec {
                args: TO_AWS,
                threads: None,
            },
            Tool::Tjspec {
                args: TO_AWS,
                threads: Some(1),
            },
            yaml_floors!()[0],
            yaml_floors!()[1],
            Tool::Peer {
                name: "yq",
                args: &["-c", "."],
            },
        ]
    };
}

/// Terraform files read into AWS JSON Lines, on every core and on one,
/// against python-hcl2 parsing the same files.
const HCL_READ: &[Tool] = &[
    Tool::Tjspec {
        args: TO_AWS,
        threads: None,
    },
    Tool::Tjspec {
        args: TO_AWS,
        threads: Some(1),
    },
    Tool::Peer {
        name: "python-hcl2",
        args: &[],
    },
];

/// JSON workflow definitions (state machines, pipelines) read into AWS
/// JSON Lines, on every core and on one, against the serde_json floor
/// (each file parsed into a value and printed as one line).
const WORKFLOW_READ: &[Tool] = &[
    Tool::Tjspec {
        args: TO_AWS,
        threads: None,
    },
    Tool::Tjspec {
        args: TO_AWS,
        threads: Some(1),
    },
    Tool::Floor {
        bin: "floor-json-serde",
        args: &[],
    },
];

/// Every case, in report order.
pub const CASES: &[Case] = &[
    Case {
        id: "aws-yaml-stream-to-aws",
        title: "aws-yaml stream -> aws JSON Lines",
        needs: &["aws-yaml"],
        input: Input::Stream("aws-yaml"),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: yaml_to_aws!(),
    },
    Case {
        id: "ack-stream-to-aws",
        title: "ACK manifest stream -> aws JSON Lines",
        needs: &["ack"],
        input: Input::Stream("ack"),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: yaml_to_aws!(),
    },
    Case {
        id: "aws-jsonl-to-aws-yaml",
        title: "aws JSON Lines -> aws-yaml stream",
        needs: &["aws", "aws-yaml"],
        input: Input::JsonLines,
        output: Output::YamlStream,
        runs: Runs::Corpus,
        tools: &[
            Tool::Tjspec {
                args: TO_AWS_YAML,
                threads: None,
            },
            Tool::Tjspec {
                args: TO_AWS_YAML,
                threads: Some(1),
            },
            Tool::Floor {
                bin: "floor-yaml-serde",
                args: &["--to-yaml"],
            },
            Tool::Floor {
                bin: "floor-saphyr",
                args: &["--to-yaml"],
            },
        ],
    },
    Case {
        id: "aws-yaml-files-to-aws",
        title: "1,000 aws-yaml files -> aws JSON Lines",
        needs: &["aws-yaml"],
        input: Input::Files("aws-yaml", 1000),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: yaml_to_aws!(),
    },
    Case {
        id: "one-aws-yaml-file",
        title: "one aws-yaml file -> aws (one process per file, as in CI)",
        needs: &["aws-yaml"],
        input: Input::Files("aws-yaml", 1),
        output: Output::NonEmpty,
        runs: Runs::Small,
        tools: &[
            Tool::Tjspec {
                args: TO_AWS,
                threads: None,
            },
            yaml_floors!()[0],
            Tool::Peer {
                name: "yq",
                args: &["."],
            },
        ],
    },
    Case {
        id: "one-ack-file",
        title: "one ACK manifest -> aws (one process per file, as in CI)",
        needs: &["ack"],
        input: Input::Files("ack", 1),
        output: Output::NonEmpty,
        runs: Runs::Small,
        tools: &[
            Tool::Tjspec {
                args: TO_AWS,
                threads: None,
            },
            yaml_floors!()[0],
            Tool::Peer {
                name: "yq",
                args: &["."],
            },
        ],
    },
    Case {
        id: "tf-k8s-files-read",
        title: "1,000 Terraform (k8s provider) files read",
        needs: &["tf-k8s"],
        input: Input::Files("tf-k8s", 1000),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: HCL_READ,
    },
    Case {
        id: "tf-aws-files-read",
        title: "1,000 Terraform (AWS provider) files read",
        needs: &["tf-aws"],
        input: Input::Files("tf-aws", 1000),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: HCL_READ,
    },
    Case {
        id: "flyteidl-files-decode",
        title: "1,000 flyteidl binary messages decoded",
        needs: &["flyteidl"],
        input: Input::Files("flyteidl", 1000),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: &[
            Tool::Tjspec {
                args: TO_FLYTEIDL_JSON,
                threads: None,
            },
            Tool::Tjspec {
                args: TO_FLYTEIDL_JSON,
                threads: Some(1),
            },
            Tool::Peer {
                name: "flyteidl",
                args: &[],
            },
        ],
    },
    Case {
        id: "sfn-files-read",
        title: "1,000 Step Functions state machines read",
        needs: &["sfn"],
        input: Input::Files("sfn", 1000),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: WORKFLOW_READ,
    },
    Case {
        id: "sm-pipeline-files-read",
        title: "1,000 SageMaker Pipelines definitions read",
        needs: &["sm-pipeline"],
        input: Input::Files("sm-pipeline", 1000),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: WORKFLOW_READ,
    },
    Case {
        id: "sm-operator-files-read",
        title: "1,000 SageMaker operator manifests read",
        needs: &["sm-operator"],
        input: Input::Files("sm-operator", 1000),
        output: Output::JsonLines,
        runs: Runs::Corpus,
        tools: &[
            Tool::Tjspec {
                args: TO_AWS,
                threads: None,
            },
            Tool::Tjspec {
                args: TO_AWS,
                threads: Some(1),
            },
            yaml_floors!()[0],
            yaml_floors!()[1],
        ],
    },
    Case {
        id: "tuning-jsonl-to-ack",
        title: "tuning jobs: aws JSON Lines -> ACK manifest stream",
        needs: &["aws", "ack"],
        input: Input::TuningJsonLines,
        output: Output::YamlStream,
        runs: Runs::Corpus,
        tools: &[
            Tool::Tjspec {
                args: TO_ACK,
                threads: None,
            },
            Tool::Tjspec {
                args: TO_ACK,
                threads: Some(1),
            },
            Tool::Floor {
                bin: "floor-yaml-serde",
                args: &["--to-yaml"],
            },
            Tool::Floor {
                bin: "floor-saphyr",
                args: &["--to-yaml"],
            },
        ],
    },
    Case {
        id: "large-aws-yaml-stream",
        title: "large aws-yaml stream -> aws JSON Lines (memory)",
        needs: &["aws-yaml"],
        input: Input::Large("aws-yaml"),
        output: Output::Discard,
        runs: Runs::Once,
        tools: &[Tool::Tjspec {
            args: TO_AWS,
            threads: None,
        }],
    },
];
