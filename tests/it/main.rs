//! The integration tests, one binary: each module is one area (a format's CLI,
//! round trips, generated code, ...), sharing the helpers in `common`.

#[path = "../common/mod.rs"]
mod common;

mod ack_crd;
mod aws_sdk_roundtrip;
mod cli_ack;
mod cli_aws;
mod cli_batch;
mod cli_commands;
mod cli_datadog;
mod cli_diff;
mod cli_flyteidl;
mod cli_inputs;
mod cli_output;
mod cli_overrides;
mod cli_sfn;
mod cli_sfn_template;
mod cli_sm_operator;
mod cli_sm_operator_tuning;
mod cli_sm_pipeline;
mod cli_terraform;
mod cli_tuning;
mod flyteidl_golden;
mod flyteidl_tuning;
mod format_registry;
mod fuzz_harness;
mod generated_fresh;
mod json_schema;
mod kubernetes_objects;
mod new_sm_operator;
mod policies;
mod roundtrip_ack;
mod roundtrip_aws;
mod roundtrip_datadog;
mod roundtrip_flyteidl;
mod roundtrip_sm_operator;
mod roundtrip_terraform;
mod roundtrip_workflows;
mod rules_tuning;
mod sm_operator_schema;
mod terraform_names;
mod tuning_job;
mod workflow_join;
mod workflow_structure;
