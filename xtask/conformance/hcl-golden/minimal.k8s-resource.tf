resource "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1" "minimal" {
  metadata = {
    name = "minimal"
  }

  spec = {
    training_job_name = "minimal"
    role_arn          = "arn:aws:iam::111122223333:role/SageMakerTraining"

    algorithm_specification = {
      training_image      = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
      training_input_mode = "File"
    }

    output_data_config = {
      s3_output_path = "s3://acme-ml/minimal/"
    }

    resource_config = {
      instance_type     = "ml.m5.large"
      instance_count    = 1
      volume_size_in_gb = 30
    }

    stopping_condition = {
      max_runtime_in_seconds = 3600
    }
  }
}
