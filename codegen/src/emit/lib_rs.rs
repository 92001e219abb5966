//! `src/lib.rs`: crate docs, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Model;

pub(super) fn emit(model: &Model) -> TokenStream {
    let job = super::ident(&model.job().rust);
    let about = format!(
        " Rust types for the AWS SageMaker training job ({} API {}, audited against botocore {}),",
        model.source.service, model.source.api_version, model.source.botocore
    );
    let ack = model.ack.is_some().then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod ack;
        }
    });
    quote! {
        #![doc = #about]
        //! generated from the tjspec canonical schema by `cargo xtask regenerate`.
        //!
        //! [`TrainingJob`] is the whole job: every member of a CreateTrainingJob
        //! request plus the status members a DescribeTrainingJob response adds.
        //! Every member is an `Option`, so partial documents can be built with
        //! `Default` and struct literals:
        //!
        //! ```
        //! use tjspec_model::{OutputDataConfig, TrainingJob};
        //!
        //! let job = TrainingJob {
        //!     training_job_name: Some("xgboost-churn".into()),
        //!     role_arn: Some("arn:aws:iam::123456789012:role/SageMaker".into()),
        //!     output_data_config: Some(OutputDataConfig {
        //!         s3_output_path: Some("s3://bucket/output".into()),
        //!         ..Default::default()
        //!     }),
        //!     ..Default::default()
        //! };
        //! assert_eq!(serde_json::to_value(&job).unwrap()["TrainingJobName"], "xgboost-churn");
        //! ```
        //!
        //! The serde derives use the AWS API JSON names. The `read`, `write` and
        //! `validate` implementations (traits from `tjspec_runtime`) are what the
        //! `tjspec` tool uses to read any format with positions, write it back
        //! with a format's names, and check the schema's constraints.
        #![forbid(unsafe_code)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #ack
        #[cfg(feature = "aws-sdk")]
        #[cfg_attr(docsrs, doc(cfg(feature = "aws-sdk")))]
        #[rustfmt::skip]
        pub mod aws_sdk;
        #[rustfmt::skip]
        pub mod bindings;
        #[rustfmt::skip]
        pub mod meta;
        #[rustfmt::skip]
        pub mod json_schema;
        #[rustfmt::skip]
        mod read;
        #[rustfmt::skip]
        pub mod types;
        #[rustfmt::skip]
        mod validate;
        #[rustfmt::skip]
        mod write;

        pub use tjspec_runtime as runtime;
        pub use types::*;

        /// The schema the types were generated from.
        pub static SCHEMA: &tjspec_runtime::meta::Schema = &meta::SCHEMA;

        /// Checks a whole job against the schema's constraints and returns
        /// every finding: `path` spelled with the AWS names
        /// (`ResourceConfig.InstanceCount`), `canon` the canonical path (see
        /// `tjspec_runtime::CanonPath`).
        pub fn validate(job: &#job) -> ::std::vec::Vec<tjspec_runtime::Diagnostic> {
            let mut v = tjspec_runtime::Validator::new();
            tjspec_runtime::Validate::validate(job, &mut v);
            let mut found = v.diagnostics;
            for d in found.iter_mut().filter(|d| d.path.is_empty()) {
                if let ::std::option::Option::Some(canon) = &d.canon {
                    d.path = canon.spell_api(SCHEMA);
                }
            }
            found
        }
    }
}
