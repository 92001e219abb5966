data "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest" "churn-full-example" {
  metadata = {
    name      = "churn-full-example"
    namespace = "default"
  }

  spec = {
    training_job_name                         = "churn-full-example"
    role_arn                                  = "arn:aws:iam::111122223333:role/SageMakerTraining"
    enable_network_isolation                  = true
    enable_inter_container_traffic_encryption = true
    enable_managed_spot_training              = true

    hyper_parameters = {
      epochs = "10"
    }

    algorithm_specification = {
      training_image                        = "111122223333.dkr.ecr.us-west-2.amazonaws.com/churn-trainer:2.4.1"
      algorithm_name                        = "arn:aws:sagemaker:us-west-2:111122223333:algorithm/churn-algo"
      training_input_mode                   = "File"
      enable_sage_maker_metrics_time_series = true
      metric_definitions = [
        {
          name  = "train:loss"
          regex = "loss=([0-9\\.]+)"
        },
      ]
    }

    input_data_config = [
      {
        channel_name        = "train"
        content_type        = "application/x-recordio-protobuf"
        compression_type    = "None"
        record_wrapper_type = "None"
        input_mode          = "File"
        data_source = {
          s3_data_source = {
            s3_data_type              = "S3Prefix"
            s3_uri                    = "s3://acme-ml/churn/"
            s3_data_distribution_type = "FullyReplicated"
            attribute_names           = ["source-ref"]
            instance_group_names      = ["workers"]
            model_access_config = {
              accept_eula = true
            }
            hub_access_config = {
              hub_content_arn = "arn:aws:sagemaker:us-west-2:aws:hub-content/SageMakerPublicHub/Model/meta-llama-3-8b/1.0.0"
            }
          }
          file_system_data_source = {
            file_system_id          = "fs-0123456789abcdef0"
            file_system_access_mode = "rw"
            file_system_type        = "EFS"
            directory_path          = "/fsx/datasets/churn"
          }
        }
        shuffle_config = {
          seed = 1
        }
      },
    ]

    output_data_config = {
      kms_key_id       = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      s3_output_path   = "s3://acme-ml/churn/"
      compression_type = "GZIP"
    }

    resource_config = {
      instance_type                = "ml.p4d.24xlarge"
      instance_count               = 1
      volume_size_in_gb            = 100
      volume_kms_key_id            = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab"
      keep_alive_period_in_seconds = 1
      instance_groups = [
        {
          instance_type       = "ml.p4d.24xlarge"
          instance_count      = 1
          instance_group_name = "workers"
        },
      ]
      instance_placement_config = {
        enable_multiple_jobs = true
        placement_specifications = [
          {
            ultra_server_id = "value-String256"
            instance_count  = 1
          },
        ]
      }
    }

    vpc_config = {
      security_group_i_ds = ["sg-0a1b2c3d4e5f67890"]
      subnets             = ["subnet-0a1b2c3d"]
    }

    stopping_condition = {
      max_runtime_in_seconds      = 86400
      max_wait_time_in_seconds    = 172800
      max_pending_time_in_seconds = 7200
    }

    tags = [
      {
        key   = "team"
        value = "growth"
      },
    ]

    checkpoint_config = {
      s3_uri     = "s3://acme-ml/churn/"
      local_path = "/fsx/datasets/churn"
    }

    debug_hook_config = {
      local_path     = "/fsx/datasets/churn"
      s3_output_path = "s3://acme-ml/churn/"
      hook_parameters = {
        start_step = "100"
      }
      collection_configurations = [
        {
          collection_name = "weights"
          collection_parameters = {
            start_step = "100"
          }
        },
      ]
    }

    experiment_config = {
      experiment_name              = "churn-experiment"
      trial_name                   = "churn-experiment"
      trial_component_display_name = "churn-experiment"
    }

    debug_rule_configurations = [
      {
        rule_configuration_name = "LossNotDecreasing"
        local_path              = "/fsx/datasets/churn"
        s3_output_path          = "s3://acme-ml/churn/"
        rule_evaluator_image    = "111122223333.dkr.ecr.us-west-2.amazonaws.com/churn-trainer:2.4.1"
        instance_type           = "ml.t3.medium"
        volume_size_in_gb       = 100
        rule_parameters = {
          start_step = "100"
        }
      },
    ]

    tensor_board_output_config = {
      local_path     = "/fsx/datasets/churn"
      s3_output_path = "s3://acme-ml/churn/"
    }

    profiler_config = {
      s3_output_path                     = "s3://acme-ml/churn/"
      profiling_interval_in_milliseconds = 500
      profiling_parameters = {
        start_step = "100"
      }
    }

    profiler_rule_configurations = [
      {
        rule_configuration_name = "LossNotDecreasing"
        local_path              = "/fsx/datasets/churn"
        s3_output_path          = "s3://acme-ml/churn/"
        rule_evaluator_image    = "111122223333.dkr.ecr.us-west-2.amazonaws.com/churn-trainer:2.4.1"
        instance_type           = "ml.t3.medium"
        volume_size_in_gb       = 100
        rule_parameters = {
          start_step = "100"
        }
      },
    ]

    environment = {
      LOG_LEVEL = "debug"
    }

    retry_strategy = {
      maximum_retry_attempts = 1
    }

    remote_debug_config = {
      enable_remote_debug = true
    }

    infra_check_config = {
      enable_infra_check = true
    }
  }
}
