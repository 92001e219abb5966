resource "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1" "fare_hpo" {
  metadata = {
    name      = "fare-lgbm-hpo-2"
    namespace = "pricing"
    labels = {
      team = "pricing"
    }
  }

  spec = {
    hyper_parameter_tuning_job_name = "fare-lgbm-hpo-2"

    hyper_parameter_tuning_job_config = {
      strategy                         = "Random"
      training_job_early_stopping_type = "Off"
      hyper_parameter_tuning_job_objective = {
        type_       = "Minimize"
        metric_name = "validation:rmse"
      }
      resource_limits = {
        max_number_of_training_jobs = 24
        max_parallel_training_jobs  = 3
      }
      parameter_ranges = {
        integer_parameter_ranges = [
          {
            name         = "num_leaves"
            min_value    = "16"
            max_value    = "256"
            scaling_type = "Logarithmic"
          },
        ]
        continuous_parameter_ranges = [
          {
            name      = "learning_rate"
            min_value = "0.005"
            max_value = "0.2"
          },
        ]
        categorical_parameter_ranges = [
          {
            name   = "boosting"
            values = ["gbdt", "dart"]
          },
        ]
      }
    }

    training_job_definition = {
      role_arn = "arn:aws:iam::210987654321:role/pricing-sagemaker"
      static_hyper_parameters = {
        objective = "regression"
      }
      algorithm_specification = {
        training_image      = "210987654321.dkr.ecr.eu-west-1.amazonaws.com/lightgbm-train:4.3"
        training_input_mode = "FastFile"
      }
      input_data_config = [
        {
          channel_name = "train"
          data_source = {
            s3_data_source = {
              s3_data_type = "S3Prefix"
              s3_uri       = "s3://pricing-features/fares/train/"
            }
          }
        },
        {
          channel_name = "validation"
          data_source = {
            s3_data_source = {
              s3_data_type = "S3Prefix"
              s3_uri       = "s3://pricing-features/fares/validation/"
            }
          }
        },
      ]
      output_data_config = {
        s3_output_path = "s3://pricing-models/fares/hpo/"
      }
      resource_config = {
        instance_type     = "ml.c5.2xlarge"
        instance_count    = 1
        volume_size_in_gb = 20
      }
      stopping_condition = {
        max_runtime_in_seconds = 7200
      }
    }

    warm_start_config = {
      warm_start_type = "IdenticalDataAndAlgorithm"
      parent_hyper_parameter_tuning_jobs = [
        {
          hyper_parameter_tuning_job_name = "fare-lgbm-hpo-1"
        },
      ]
    }

    tags = [
      {
        key   = "cost-center"
        value = "pricing-42"
      },
    ]
  }
}
