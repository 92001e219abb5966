# A heredoc is a template: `of` is not one of its directives.
resource "aws_sagemaker_training_job" "churn" {
  training_job_name = "churn"
  role_arn          = "arn:aws:iam::111122223333:role/Training"

  algorithm_specification {
    training_image      = "683313688378.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
    training_input_mode = "File"
  }

  hyper_parameters = {
    objective = <<-EOT
      x %{ of } y
    EOT
  }

  output_data_config {
    s3_output_path = "s3://acme-ml/churn/"
  }

  resource_config {
    instance_type     = "ml.m5.large"
    instance_count    = 1
    volume_size_in_gb = 30
  }

  stopping_condition {
    max_runtime_in_seconds = 3600
  }
}
