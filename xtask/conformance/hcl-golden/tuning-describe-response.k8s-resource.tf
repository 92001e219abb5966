resource "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1" "xgboost-churn-hpo" {
  metadata = {
    name = "xgboost-churn-hpo"
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
        categorical_parameter_ranges = []
        auto_parameters              = []
        integer_parameter_ranges = [
          {
            name         = "max_depth"
            min_value    = "3"
            max_value    = "10"
            scaling_type = "Linear"
          },
        ]
        continuous_parameter_ranges = [
          {
            name         = "eta"
            min_value    = "0.01"
            max_value    = "0.5"
            scaling_type = "Logarithmic"
          },
        ]
      }
    }

    training_job_definition = {
      role_arn                                  = "arn:aws:iam::123456789012:role/SageMakerExecution"
      enable_network_isolation                  = false
      enable_inter_container_traffic_encryption = false
      enable_managed_spot_training              = false
      static_hyper_parameters = {
        objective   = "binary:logistic"
        eval_metric = "auc"
      }
      algorithm_specification = {
        training_image      = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
        training_input_mode = "File"
        metric_definitions = [
          {
            name  = "validation:auc"
            regex = ".*\\[[0-9]+\\].*#011validation-auc:([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?).*"
          },
        ]
      }
      input_data_config = [
        {
          channel_name        = "train"
          content_type        = "text/csv"
          compression_type    = "None"
          record_wrapper_type = "None"
          data_source = {
            s3_data_source = {
              s3_data_type              = "S3Prefix"
              s3_uri                    = "s3://acme-ml-data/churn/train/"
              s3_data_distribution_type = "FullyReplicated"
            }
          }
        },
      ]
      output_data_config = {
        kms_key_id     = ""
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
    }
  }
}
