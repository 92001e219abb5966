//! `src/lib.rs`: crate docs, modules and re-exports.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Model;
use crate::sources::Bindings;

pub(super) fn emit(model: &Model, bindings: &Bindings) -> TokenStream {
    let nouns: Vec<String> = model
        .resources
        .iter()
        .map(|r| crate::naming::sentence(&r.name))
        .collect();
    // `a`, `a and b`, `a, b and c`.
    let listed = match nouns.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => nouns.join(""),
    };
    let about = format!(
        " Rust types for the AWS SageMaker {listed} ({} API {}, audited against botocore {}),",
        model.source.service, model.source.api_version, model.source.botocore
    );
    let ack = bindings.ack.is_some().then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod ack;
        }
    });
    let sm_operator = bindings.sm_operator.is_some().then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod sm_operator;
        }
    });
    // Per resource: what its type is, and its example.
    let mut resource_docs = Vec::new();
    for (r, noun) in model.resources.iter().zip(&nouns) {
        let whole = noun.rsplit(' ').next().unwrap_or_default();
        resource_docs.push(format!(
            "[`{}`] is the whole {whole}: every member of a {}",
            r.name, r.create
        ));
        resource_docs.push(format!(
            "request plus the status members a {} response adds.",
            r.describe
        ));
        match &r.example {
            Some(example) => {
                resource_docs.push(
                    "Every member is an `Option`, so partial documents can be built with"
                        .to_owned(),
                );
                resource_docs.push("`Default` and struct literals:".to_owned());
                resource_docs.push(String::new());
                resource_docs.push("```".to_owned());
                resource_docs.extend(example.lines().map(str::to_owned));
                resource_docs.push("```".to_owned());
            }
            None => resource_docs.push("Every member is an `Option`.".to_owned()),
        }
        resource_docs.push(String::new());
        resource_docs.extend(resource_example(model, r));
    }
    let resource_docs = resource_docs.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    quote! {
        #![doc = #about]
        //! generated from the tjspec canonical schema by `cargo xtask regenerate`.
        //!
        #(#resource_docs)*
        //! The serde derives use the AWS API JSON names. The `read`, `write` and
        //! `validate` implementations (traits from `tjspec_runtime`) are what the
        //! `tjspec` tool uses to read any format with positions, write it back
        //! with a format's names, and check the schema's constraints.
        #![forbid(unsafe_code)]
        #![cfg_attr(docsrs, feature(doc_cfg))]

        #ack
        #sm_operator
        #[cfg(feature = "aws-sdk")]
        #[cfg_attr(docsrs, doc(cfg(feature = "aws-sdk")))]
        #[rustfmt::skip]
        pub mod aws_sdk;
        #[rustfmt::skip]
        pub mod bindings;
        #[rustfmt::skip]
        pub mod instance_families;
        #[rustfmt::skip]
        pub mod meta;
        #[rustfmt::skip]
        mod resource;
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
        pub use resource::{Job, ResourceId};

        /// The schema the types were generated from.
        pub static SCHEMA: &tjspec_runtime::meta::Schema = &meta::SCHEMA;

        /// Checks a whole resource (a root type, or a [`Job`] of any) against
        /// the schema's constraints and returns every finding: `path` spelled
        /// with the AWS names (`ResourceConfig.InstanceCount`), `canon` the
        /// canonical path (see `tjspec_runtime::CanonPath`).
        pub fn validate<R: tjspec_runtime::Validate>(resource: &R) -> ::std::vec::Vec<tjspec_runtime::Diagnostic> {
            let mut v = tjspec_runtime::Validator::new();
            tjspec_runtime::Validate::validate(resource, &mut v);
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

/// The docs and example of a resource's `tjspec_runtime::Resource`
/// implementation, from the model: its operations and a status member.
fn resource_example(model: &Model, r: &crate::model::Resource) -> Vec<String> {
    let name = &r.name;
    let mut lines = vec![
        format!("[`{name}`] is a `tjspec_runtime::Resource`: code written for any resource"),
        "finds its operations and status members there:".to_owned(),
        String::new(),
        "```".to_owned(),
        format!("use tjspec_model::{{runtime::Resource, {name}}};"),
        String::new(),
        format!("assert_eq!({name}::create_operation(), \"{}\");", r.create),
        format!(
            "assert_eq!({name}::describe_operation(), \"{}\");",
            r.describe
        ),
        format!("assert_eq!({name}::SCHEMA.shape({name}::shape()).name, \"{name}\");"),
    ];
    let members = model.members(r.shape);
    let status = members.iter().filter(|m| m.status).count();
    lines.push(format!(
        "let status: Vec<&str> = {name}::status_members().map(|i| {name}::members()[usize::from(i)].name).collect();"
    ));
    lines.push(format!("assert_eq!(status.len(), {status});"));
    if let Some(first) = members.iter().find(|m| m.status) {
        lines.push(format!("assert_eq!(status[0], \"{}\");", first.name));
    }
    lines.extend(["```".to_owned(), String::new()]);
    lines
}
