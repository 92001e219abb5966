resource "aws_sagemaker_training_job" "first" {
  training_job_name = "first-job"
  role_arn          = "arn:aws:iam::111122223333:role/Training"

  algorithm_specification {
    training_image      = "683313688378.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
    training_input_mode = "File"
  }

  output_data_config {
    s3_output_path = "s3://bucket/first/"
  }

  resource_config {
    instance_type     = "ml.m5.large"
    instance_count    = 2
    volume_size_in_gb = 30
  }

  stopping_condition {
    max_runtime_in_seconds = 3600
  }
}

resource "aws_sagemaker_training_job" "second" {
  training_job_name = "second-job"
  role_arn          = "arn:aws:iam::111122223333:role/Training"

  algorithm_specification {
    algorithm_name      = "my-algorithm"
    training_input_mode = "Pipe"
  }

  output_data_config {
    s3_output_path = "s3://bucket/second/"
  }

  resource_config {
    instance_type     = "ml.c5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 10
  }

  stopping_condition {
    max_runtime_in_seconds = 600
  }
}
