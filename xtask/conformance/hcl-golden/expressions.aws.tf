resource "aws_sagemaker_training_job" "churn" {
  training_job_name = "churn-${var.suffix}"
  role_arn          = aws_iam_role.training.arn

  hyper_parameters = {
    epochs = tostring(var.epochs)
    eta    = "0.2"
  }

  tags = {
    team  = "ml"
    owner = var.owner
  }

  algorithm_specification {
    training_image      = var.training_image
    training_input_mode = "File"
  }

  output_data_config {
    s3_output_path = "s3://${var.bucket}/output/"
  }

  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = var.instances
    volume_size_in_gb = 50
  }

  vpc_config {
    security_group_ids = [aws_security_group.training.id]
    subnets            = var.subnets
  }

  stopping_condition {
    max_runtime_in_seconds = 3600
  }
}
