resource "aws_sagemaker_training_job" "churn" {
  training_job_name = "churn"
  role_arn          = "arn:aws:iam::111122223333:role/Training"
  training_job_name = "churn-2"
}
