data "k8s_sagemaker_services_k8s_aws_training_job_v1alpha1_manifest" "escaping" {
  metadata = {
    name      = "escaping"
    namespace = "ml"
    labels = {
      "app.kubernetes.io/name" = "Überwachung"
    }
  }

  spec = {
    training_job_name = "escaping"
    role_arn          = "arn:aws:iam::111122223333:role/Training"

    hyper_parameters = {
      template     = "$${not_a_reference}"
      directive    = "%%{ if x }y%%{ endif }"
      dollar       = "costs $5, 100% sure"
      quoted       = "say \"hi\"\\now"
      tab          = "one\ttwo"
      number_like  = "5"
      bool_like    = "true"
      "日本語"        = "値"
      "with space" = "ünïcödé ✓"
    }

    algorithm_specification = {
      training_image                        = "683313688378.dkr.ecr.us-west-2.amazonaws.com/sagemaker-xgboost:1.7-1"
      training_input_mode                   = "File"
      enable_sage_maker_metrics_time_series = true
    }

    output_data_config = {
      s3_output_path = "s3://bucket/Ausgabe/é/"
    }

    resource_config = {
      instance_type     = "ml.m5.large"
      instance_count    = 1
      volume_size_in_gb = 30
    }

    stopping_condition = {
      max_runtime_in_seconds = 86400
    }

    environment = {
      MULTI_LINE = "first\nsecond\r\n"
      CONTROL    = "bell\u0007"
    }
  }
}
