data "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1_manifest" "churn-multi-algo-hpo" {
  metadata = {
    name      = "churn-multi-algo-hpo"
    namespace = "default"
  }

  spec = {
    hyper_parameter_tuning_job_name = "churn-multi-algo-hpo"

    hyper_parameter_tuning_job_config = {
      strategy = "Bayesian"
      resource_limits = {
        max_number_of_training_jobs = 10
        max_parallel_training_jobs  = 20
      }
    }

    training_job_definitions = [
      {
        definition_name = "churn"
        role_arn        = "arn:aws:iam::123456789012:role/SageMakerExecution"
        tuning_objective = {
          type_       = "Maximize"
          metric_name = "validation:auc"
        }
        hyper_parameter_ranges = {
          integer_parameter_ranges = [
            {
              name      = "max_depth"
              min_value = "three"
              max_value = "10"
            },
          ]
          continuous_parameter_ranges = [
            {
              name      = "eta"
              min_value = "0.5"
              max_value = "0.1"
            },
            {
              name         = "alpha"
              min_value    = "0"
              max_value    = "2"
              scaling_type = "Logarithmic"
            },
          ]
        }
        static_hyper_parameters = {
          objective = "binary:logistic"
        }
        algorithm_specification = {
          training_image      = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
          training_input_mode = "File"
        }
        output_data_config = {
          s3_output_path = "s3://acme-ml-models/churn/hpo/"
        }
        resource_config = {
          instance_type     = "ml.m5.xlarge"
          instance_count    = 1
          volume_size_in_gb = 30
        }
        stopping_condition = {
          max_runtime_in_seconds = 3600
        }
      },
      {
        definition_name              = "churn"
        role_arn                     = "arn:aws:iam::123456789012:role/SageMakerExecution"
        enable_managed_spot_training = true
        tuning_objective = {
          type_       = "Minimize"
          metric_name = "validation:loss"
        }
        hyper_parameter_ranges = {
          categorical_parameter_ranges = [
            {
              name   = "optimizer"
              values = ["adam", "sgd"]
            },
          ]
        }
        static_hyper_parameters = {
          optimizer = "adam"
          epochs    = "20"
        }
        algorithm_specification = {
          training_image      = "123456789012.dkr.ecr.us-east-1.amazonaws.com/churn-torch:3"
          training_input_mode = "File"
          metric_definitions = [
            {
              name  = "train:loss"
              regex = "train_loss=([0-9.]+)"
            },
          ]
        }
        output_data_config = {
          s3_output_path = "s3://acme-ml-models/churn/hpo/"
        }
        resource_config = {
          instance_type     = "ml.m5.xlarge"
          instance_count    = 1
          volume_size_in_gb = 30
        }
        stopping_condition = {
          max_runtime_in_seconds   = 3600
          max_wait_time_in_seconds = 1800
        }
        checkpoint_config = {
          s3_uri = "s3://acme-ml-models/churn/hpo/checkpoints/"
        }
        retry_strategy = {
          maximum_retry_attempts = 2
        }
      },
    ]

    warm_start_config = {
      warm_start_type = "TransferLearning"
      parent_hyper_parameter_tuning_jobs = [
        {
          hyper_parameter_tuning_job_name = "churn-hpo-v1"
        },
        {
          hyper_parameter_tuning_job_name = "churn-hpo-v1"
        },
      ]
    }

    tags = [
      {
        key   = "team"
        value = "growth-ml"
      },
      {
        key   = "team"
        value = "churn"
      },
    ]
  }
}
