data "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest" "churn-gbt-baseline" {
  metadata = {
    name      = "churn-gbt-baseline"
    namespace = "default"
  }

  spec = {
    training_job_name = "churn-gbt-baseline"
    role_arn          = "arn:aws:iam::444455556666:role/churn-train"

    algorithm_specification = {
      training_image      = "444455556666.dkr.ecr.ap-southeast-2.amazonaws.com/gbt:3.0"
      training_input_mode = "File"
    }

    output_data_config = {
      s3_output_path = "s3://churn-models/baseline/"
    }

    resource_config = {
      instance_type     = "ml.m5.2xlarge"
      instance_count    = 1
      volume_size_in_gb = 40
    }

    stopping_condition = {
      max_runtime_in_seconds = 5400
    }
  }
}

data "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1_manifest" "churn-gbt-depth" {
  metadata = {
    name      = "churn-gbt-depth"
    namespace = "default"
  }

  spec = {
    hyper_parameter_tuning_job_name = "churn-gbt-depth"

    hyper_parameter_tuning_job_config = {
      strategy = "Grid"
      hyper_parameter_tuning_job_objective = {
        type_       = "Maximize"
        metric_name = "validation:f1"
      }
      resource_limits = {
        max_parallel_training_jobs = 2
      }
      parameter_ranges = {
        categorical_parameter_ranges = [
          {
            name   = "max_depth"
            values = ["4", "6", "8"]
          },
        ]
      }
    }

    training_job_definition = {
      role_arn = "arn:aws:iam::444455556666:role/churn-train"
      algorithm_specification = {
        training_image      = "444455556666.dkr.ecr.ap-southeast-2.amazonaws.com/gbt:3.0"
        training_input_mode = "File"
      }
      output_data_config = {
        s3_output_path = "s3://churn-models/depth-search/"
      }
      resource_config = {
        instance_type     = "ml.m5.2xlarge"
        instance_count    = 1
        volume_size_in_gb = 40
      }
      stopping_condition = {
        max_runtime_in_seconds = 5400
      }
    }
  }
}
