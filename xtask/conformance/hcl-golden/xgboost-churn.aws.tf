resource "aws_sagemaker_training_job" "xgboost-churn-2026-11-02" {
  training_job_name            = "xgboost-churn-2026-11-02"
  role_arn                     = "arn:aws:iam::111122223333:role/service-role/SageMakerTrainingRole"
  enable_managed_spot_training = false

  hyper_parameters = {
    objective   = "binary:logistic"
    num_round   = "200"
    max_depth   = "6"
    eta         = "0.2"
    subsample   = "0.8"
    eval_metric = "auc"
  }

  tags = {
    team        = "growth"
    cost-center = "ml-4711"
  }

  algorithm_specification {
    training_image      = "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1"
    training_input_mode = "File"

    metric_definitions {
      name  = "validation:auc"
      regex = ".*\\[[0-9]+\\].*#011validation-auc:([-+]?[0-9]*\\.?[0-9]+)"
    }
  }

  input_data_config {
    channel_name     = "train"
    content_type     = "text/csv"
    compression_type = "None"

    data_source {
      s3_data_source {
        s3_data_type              = "S3Prefix"
        s3_uri                    = "s3://acme-ml-data/churn/train/"
        s3_data_distribution_type = "FullyReplicated"
      }
    }
  }

  input_data_config {
    channel_name = "validation"
    content_type = "text/csv"

    data_source {
      s3_data_source {
        s3_data_type              = "S3Prefix"
        s3_uri                    = "s3://acme-ml-data/churn/validation/"
        s3_data_distribution_type = "FullyReplicated"
      }
    }
  }

  output_data_config {
    s3_output_path = "s3://acme-ml-models/churn/"
  }

  resource_config {
    instance_type     = "ml.m5.xlarge"
    instance_count    = 1
    volume_size_in_gb = 30
  }

  stopping_condition {
    max_runtime_in_seconds = 3600
  }
}
