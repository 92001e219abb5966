resource "aws_sagemaker_training_job" "minimal" {
  training_job_name = "minimal"
  role_arn          = "arn:aws:iam::111122223333:role/SageMakerTraining"

  output_data_config {
    s3_output_path = "s3://acme-ml/minimal/"
  }
}
