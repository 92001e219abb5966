resource "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1" "baseline" {
  metadata = {
    name = "speech-baseline"
  }

  spec = {
    training_job_name = "speech-baseline"
    role_arn          = "arn:aws:iam::555566667777:role/speech-train"

    algorithm_specification = {
      training_image      = "555566667777.dkr.ecr.us-west-2.amazonaws.com/asr-train:2.1"
      training_input_mode = "Pipe"
    }

    output_data_config = {
      s3_output_path = "s3://speech-artifacts/baseline/"
    }

    resource_config = {
      instance_type     = "ml.g5.2xlarge"
      instance_count    = 2
      volume_size_in_gb = 100
    }

    stopping_condition = {
      max_runtime_in_seconds = 43200
    }
  }
}

resource "k8s_sagemaker_services_k8s_aws_hyper_parameter_tuning_job_v1alpha1" "lr_search" {
  metadata = {
    name = "speech-lr-search"
  }

  spec = {
    hyper_parameter_tuning_job_name = "speech-lr-search"

    hyper_parameter_tuning_job_config = {
      strategy = "Bayesian"
      hyper_parameter_tuning_job_objective = {
        type_       = "Minimize"
        metric_name = "valid:wer"
      }
      resource_limits = {
        max_number_of_training_jobs = 30
        max_parallel_training_jobs  = 5
      }
      parameter_ranges = {
        continuous_parameter_ranges = [
          {
            name         = "lr"
            min_value    = "0.00001"
            max_value    = "0.001"
            scaling_type = "Logarithmic"
          },
        ]
      }
    }

    training_job_definition = {
      role_arn = "arn:aws:iam::555566667777:role/speech-train"
      algorithm_specification = {
        training_image      = "555566667777.dkr.ecr.us-west-2.amazonaws.com/asr-train:2.1"
        training_input_mode = "Pipe"
      }
      output_data_config = {
        s3_output_path = "s3://speech-artifacts/lr-search/"
      }
      resource_config = {
        instance_type     = "ml.g5.2xlarge"
        instance_count    = 1
        volume_size_in_gb = 100
      }
      stopping_condition = {
        max_runtime_in_seconds = 21600
      }
    }
  }
}
