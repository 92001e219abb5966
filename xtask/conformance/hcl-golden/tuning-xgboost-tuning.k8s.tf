data "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1_manifest" "xgboost-churn-hpo" {
  metadata = {
    name      = "xgboost-churn-hpo"
    namespace = "default"
  }

  spec = {
    hyper_parameter_tuning_job_name = "xgboost-churn-hpo"

    hyper_parameter_tuning_job_config = {
      strategy                         = "Bayesian"
      training_job_early_stopping_type = "Auto"
      hyper_parameter_tuning_job_objective = {
        type_       = "Maximize"
        metric_name = "validation:auc"
      }
      resource_limits = {
        max_number_of_training_jobs = 40
        max_parallel_training_jobs  = 4
      }
      parameter_ranges = {
        integer_parameter_ranges = [
          {
            name         = "max_depth"
            min_value    = "3"
            max_value    = "10"
            scaling_type = "Linear"
          },
          {
            name         = "num_round"
            min_value    = "50"
            max_value    = "500"
            scaling_type = "Auto"
          },
        ]
        continuous_parameter_ranges = [
          {
            name         = "eta"
            min_value    = "0.01"
            max_value    = "0.5"
            scaling_type = "Logarithmic"
          },
          {
            name      = "subsample"
            min_value = "0.5"
            max_value = "1"
          },
          {
            name         = "min_child_weight"
            min_value    = "1"
            max_value    = "10"
            scaling_type = "Linear"
          },
        ]
        categorical_parameter_ranges = [
          {
            name   = "tree_method"
            values = ["auto", "hist", "approx"]
          },
        ]
      }
      tuning_job_completion_criteria = {
        target_objective_metric_value = 0.95
      }
    }

    training_job_definition = {
      role_arn                     = "arn:aws:iam::123456789012:role/SageMakerExecution"
      enable_managed_spot_training = true
      static_hyper_parameters = {
        objective   = "binary:logistic"
        eval_metric = "auc"
      }
      algorithm_specification = {
        training_image      = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
        training_input_mode = "File"
      }
      input_data_config = [
        {
          channel_name     = "train"
          content_type     = "text/csv"
          compression_type = "None"
          data_source = {
            s3_data_source = {
              s3_data_type              = "S3Prefix"
              s3_uri                    = "s3://acme-ml-data/churn/train/"
              s3_data_distribution_type = "FullyReplicated"
            }
          }
        },
        {
          channel_name = "validation"
          content_type = "text/csv"
          data_source = {
            s3_data_source = {
              s3_data_type              = "S3Prefix"
              s3_uri                    = "s3://acme-ml-data/churn/validation/"
              s3_data_distribution_type = "FullyReplicated"
            }
          }
        },
      ]
      vpc_config = {
        security_group_i_ds = ["sg-0a1b2c3d4e5f60718"]
        subnets             = ["subnet-0123456789abcdef0", "subnet-0fedcba9876543210"]
      }
      output_data_config = {
        kms_key_id     = "alias/sagemaker-output"
        s3_output_path = "s3://acme-ml-models/churn/hpo/"
      }
      resource_config = {
        instance_type     = "ml.m5.xlarge"
        instance_count    = 1
        volume_size_in_gb = 30
      }
      stopping_condition = {
        max_runtime_in_seconds   = 3600
        max_wait_time_in_seconds = 7200
      }
      checkpoint_config = {
        s3_uri = "s3://acme-ml-models/churn/hpo/checkpoints/"
      }
      retry_strategy = {
        maximum_retry_attempts = 2
      }
    }

    warm_start_config = {
      warm_start_type = "IdenticalDataAndAlgorithm"
      parent_hyper_parameter_tuning_jobs = [
        {
          hyper_parameter_tuning_job_name = "xgboost-churn-hpo-v1"
        },
      ]
    }

    tags = [
      {
        key   = "team"
        value = "growth-ml"
      },
      {
        key   = "cost-center"
        value = "4711"
      },
    ]
  }
}
