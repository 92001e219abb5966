data "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest" "churn" {
  metadata = {
    name      = "churn-${var.suffix}"
    namespace = "default"
  }

  spec = {
    training_job_name = "churn-${var.suffix}"
    role_arn          = aws_iam_role.training.arn

    hyper_parameters = {
      epochs = tostring(var.epochs)
      eta    = "0.2"
    }

    algorithm_specification = {
      training_image      = var.training_image
      training_input_mode = "File"
    }

    output_data_config = {
      s3_output_path = "s3://${var.bucket}/output/"
    }

    resource_config = {
      instance_type     = "ml.m5.xlarge"
      instance_count    = var.instances
      volume_size_in_gb = 50
    }

    vpc_config = {
      security_group_i_ds = [aws_security_group.training.id]
      subnets             = var.subnets
    }

    stopping_condition = {
      max_runtime_in_seconds = 3600
    }

    tags = [
      {
        key   = "team"
        value = "ml"
      },
      {
        key   = "owner"
        value = var.owner
      },
    ]
  }
}
