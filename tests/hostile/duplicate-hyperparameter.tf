data "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest" "churn" {
  metadata = {
    name = "churn"
  }

  spec = {
    training_job_name = "churn"
    role_arn          = "arn:aws:iam::111122223333:role/Training"
    output_data_config = {
      s3_output_path = "s3://acme-ml/churn/"
    }
    hyper_parameters = {
      eta       = "0.2"
      max_depth = "5"
      "eta"     = "0.3"
    }
  }
}
