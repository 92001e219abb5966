//! `src/bindings/*.rs`: one module per format with its member names.
//!
//! A format's names come from a naming rule applied to the API name; the
//! rule lives in [`crate::model`]'s binding list. Adding a format is adding
//! its rule there; this emitter writes the table and the lookup for it.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, index_lit};
use crate::model::{Kind, Model};

/// A format's naming of members: `names[shape][member]`, `None` where the
/// format cannot carry the member.
pub struct BindingNames {
    /// Module and static name (`aws` → `bindings::aws::AWS`).
    pub format: &'static str,
    /// One line on what the format is.
    pub about: &'static str,
    /// The names.
    pub names: Vec<Vec<Option<String>>>,
    /// Arguments of the format that are not job members (tf-aws: the
    /// provider's own), with the arguments of each block.
    pub provider: Vec<(String, Option<Vec<String>>)>,
}

/// Every binding the generator knows.
pub fn all(model: &Model) -> Vec<BindingNames> {
    let mut all = vec![
        aws(model),
        // Datadog resource rows (botocore snake_case).
        crate::xform::datadog(model),
        flyteidl(model),
    ];
    if let Some(ack) = &model.ack {
        all.push(BindingNames {
            format: "ack",
            about: "ACK TrainingJob manifests: `spec.roleARN`, `status.trainingJobStatus` (job members carry their path from the manifest root).",
            names: ack.names.clone(),
            provider: Vec::new(),
        });
    }
    if let Some(tf) = &model.terraform {
        all.push(BindingNames {
            format: "tf_k8s",
            about: "Terraform, metio/k8s TrainingJob manifest: the provider's rule on the ACK names (`role_arn`, `security_group_i_ds`); job members are the attributes of `spec`.",
            names: tf.k8s.clone(),
            provider: Vec::new(),
        });
        all.push(BindingNames {
            format: "tf_aws",
            about: "Terraform, hashicorp/aws `aws_sagemaker_training_job`: the API names in snake case (`volume_size_in_gb`) with the provider's own spellings.",
            names: tf.aws.clone(),
            provider: tf.provider.clone(),
        });
    }
    all
}

/// Formats whose names only document where a member goes (the field
/// matrix): no runtime binding is generated for them.
pub const DOCUMENTATION_ONLY: &[&str] = &["flyteidl"];

/// Where the members flyteidl's `TrainingJob` message holds sit in it.
/// flyteidl maps rather than renames (see `src/format/flyteidl/mapping.rs`):
/// these are the fields each member lands in.
const FLYTEIDL: &[(&str, &str, &str)] = &[
    (
        "TrainingJob",
        "AlgorithmSpecification",
        "algorithm_specification",
    ),
    (
        "TrainingJob",
        "ResourceConfig",
        "training_job_resource_config",
    ),
    ("TrainingJob", "StoppingCondition", "stopping_condition"),
    ("TrainingJob", "EnableManagedSpotTraining", "interruptible"),
    ("AlgorithmSpecification", "TrainingInputMode", "input_mode"),
    ("AlgorithmSpecification", "TrainingImage", "algorithm_name"),
    (
        "AlgorithmSpecification",
        "MetricDefinitions",
        "metric_definitions",
    ),
    ("MetricDefinition", "Name", "name"),
    ("MetricDefinition", "Regex", "regex"),
    ("ResourceConfig", "InstanceCount", "instance_count"),
    ("ResourceConfig", "InstanceType", "instance_type"),
    ("ResourceConfig", "VolumeSizeInGB", "volume_size_in_gb"),
    (
        "StoppingCondition",
        "MaxRuntimeInSeconds",
        "max_runtime_in_seconds",
    ),
    (
        "StoppingCondition",
        "MaxWaitTimeInSeconds",
        "max_wait_time_in_seconds",
    ),
];

fn flyteidl(model: &Model) -> BindingNames {
    BindingNames {
        format: "flyteidl",
        about:
            "flyteidl.plugins.sagemaker.TrainingJob: the message fields the job's members map to.",
        names: model
            .shapes
            .iter()
            .map(|s| match &s.kind {
                Kind::Structure { members } => members
                    .iter()
                    .map(|m| {
                        FLYTEIDL
                            .iter()
                            .find(|(shape, member, _)| *shape == s.name && *member == m.name)
                            .map(|(_, _, field)| (*field).to_owned())
                    })
                    .collect(),
                _ => Vec::new(),
            })
            .collect(),
        provider: Vec::new(),
    }
}

fn aws(model: &Model) -> BindingNames {
    BindingNames {
        format: "aws",
        about: "AWS API JSON: the member names of the SageMaker API (`RoleArn`).",
        names: model
            .shapes
            .iter()
            .map(|s| match &s.kind {
                Kind::Structure { members } => {
                    members.iter().map(|m| Some(m.name.clone())).collect()
                }
                _ => Vec::new(),
            })
            .collect(),
        provider: Vec::new(),
    }
}

pub(super) fn emit(model: &Model) -> Vec<(String, TokenStream)> {
    let mut bindings = all(model);
    bindings.retain(|b| !DOCUMENTATION_ONLY.contains(&b.format));
    let mut files = Vec::new();
    let mods = bindings.iter().map(|b| {
        let m = ident(b.format);
        let d = format!(" {}", b.about);
        quote!(#[doc = #d] #[rustfmt::skip] pub mod #m;)
    });
    files.push((
        "src/bindings/mod.rs".to_owned(),
        quote! {
            //! Per-format member names, one module per format.
            #(#mods)*
        },
    ));
    for b in &bindings {
        files.push((format!("src/bindings/{}.rs", b.format), binding(model, b)));
    }
    files
}

fn binding(model: &Model, b: &BindingNames) -> TokenStream {
    let stat = ident(&b.format.to_uppercase());
    let format = b.format;
    let n = model.shapes.len();
    let rows = b.names.iter().map(|row| {
        let cells = row.iter().map(|c| match c {
            Some(name) => quote!(::std::option::Option::Some(#name)),
            None => quote!(::std::option::Option::None),
        });
        quote!(&[#(#cells),*],)
    });
    let arms = b
        .names
        .iter()
        .enumerate()
        .filter(|(_, row)| !row.is_empty())
        .map(|(shape, row)| {
            let shape = index_lit(shape);
            let keys = row.iter().enumerate().filter_map(|(i, c)| {
                let i = index_lit(i);
                c.as_ref()
                    .map(|name| quote!(#name => ::std::option::Option::Some(#i),))
            });
            quote!(#shape => match key { #(#keys)* _ => ::std::option::Option::None },)
        });
    // Checked when the model was loaded.
    let aliases = crate::aliases::resolve(model, b, &model.aliases).unwrap_or_default();
    let aliases = aliases.iter().map(|(shape, key, suggestion)| {
        let shape = index_lit(*shape);
        quote!(::tjspec_runtime::Alias { shape: #shape, key: #key, suggestion: #suggestion },)
    });
    let doc = format!(" {}", b.about);
    let provider = (!b.provider.is_empty()).then(|| {
        let entries = b.provider.iter().map(|(name, inner)| match inner {
            Some(inner) => quote!((#name, ::std::option::Option::Some(&[#(#inner),*])),),
            None => quote!((#name, ::std::option::Option::None),),
        });
        quote! {
            /// The arguments that are not job members (the provider's own
            /// settings), with the arguments of each that is a block.
            pub static PROVIDER_ARGUMENTS: &[(&str, ::std::option::Option<&[&str]>)] = &[#(#entries)*];
        }
    });
    quote! {
        #![doc = #doc]

        /// The binding: names and lookup.
        pub static #stat: ::tjspec_runtime::Binding = ::tjspec_runtime::Binding {
            format: #format,
            schema: &crate::meta::SCHEMA,
            names: &NAMES,
            lookup,
            aliases: &[#(#aliases)*],
        };

        static NAMES: [&[::std::option::Option<&str>]; #n] = [#(#rows)*];

        #provider

        fn lookup(shape: ::tjspec_runtime::ShapeId, key: &str) -> ::std::option::Option<u16> {
            match shape {
                #(#arms)*
                _ => ::std::option::Option::None,
            }
        }
    }
}
