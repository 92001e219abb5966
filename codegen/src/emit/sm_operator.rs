//! `src/sm_operator.rs` and `crd/sagemaker.aws.amazon.com_<plural>.yaml`:
//! each custom resource of the SageMaker Operators for Kubernetes, built
//! from the schema by [`crate::sm_operator`], and what the format needs of
//! it, one module per resource the operator has.

use proc_macro2::TokenStream;
use quote::quote;

use crate::model::Model;
use crate::sm_operator::{OperatorCrd, SmOperator};

/// The CRD as YAML text (without the generated header).
pub fn emit(model: &Model, op: &SmOperator, crd: &OperatorCrd) -> String {
    serde_saphyr::to_string(&crate::sm_operator::build_crd(model, op, crd))
        .expect("a JSON value serialises as YAML")
}

/// `src/sm_operator.rs`: a module per custom resource, the first
/// resource's items re-exported at the top, [`RESOURCES`] for code generic
/// over resources, and the wrapped and stringified members.
pub(super) fn module(model: &Model, op: &SmOperator) -> TokenStream {
    let modules = op.crds.iter().map(|c| resource_module(model, c));
    let first = op.crds.first().map(|c| {
        let m = super::ident(&super::resource_module_name(model, c.resource));
        quote!(pub use #m::{API_VERSION, CLOSED, CRD, KIND, LIST_KIND, REQUIRED};)
    });
    let wrapped = op.wrapped.iter().map(|(shape, member, inner)| {
        let shape = super::shape_const(model, *shape);
        let member = super::index_lit(*member);
        let inner = super::index_lit(*inner);
        quote!((#shape, #member, #inner),)
    });
    let strings = op.strings.iter().map(|(shape, member)| {
        let shape = super::shape_const(model, *shape);
        let member = super::index_lit(*member);
        quote!((#shape, #member),)
    });
    let rows = op.crds.iter().map(|c| {
        let m = super::ident(&super::resource_module_name(model, c.resource));
        let variant = super::ident(&model.shapes[c.resource].rust);
        quote! {
            CustomResource {
                resource: crate::ResourceId::#variant,
                crd: #m::CRD,
                api_version: #m::API_VERSION,
                kind: #m::KIND,
                list_kind: #m::LIST_KIND,
                required: #m::REQUIRED,
                closed: #m::CLOSED,
                spec_fields: #m::SPEC_FIELDS,
                status_fields: #m::STATUS_FIELDS,
                sagemaker_name: #m::SAGEMAKER_NAME,
            },
        }
    });
    quote! {
        //! The custom resources of the SageMaker Operators for Kubernetes: the
        //! CustomResourceDefinitions generated beside this crate and what the
        //! format needs of them, one module per resource.

        #first

        /// What the format needs of one resource's custom resource.
        #[derive(Debug)]
        pub struct CustomResource {
            /// The resource.
            pub resource: crate::ResourceId,
            /// The CustomResourceDefinition, as YAML.
            pub crd: &'static str,
            /// `apiVersion` of its objects.
            pub api_version: &'static str,
            /// `kind` of its objects.
            pub kind: &'static str,
            /// `kind` of a list of them.
            pub list_kind: &'static str,
            /// The fields the CRD requires, by path from the object root.
            pub required: &'static [&'static str],
            /// The fields the CRD takes only some values of, with those values.
            pub closed: &'static [(&'static str, &'static [&'static str])],
            /// The operator's own fields of `spec` (no job member), with their types.
            pub spec_fields: &'static [(&'static str, &'static str)],
            /// The operator's own fields of `status`, with their types;
            /// `member.field` is one inside a member's object.
            pub status_fields: &'static [(&'static str, &'static str)],
            /// The field of `status` holding the job's name in SageMaker.
            pub sagemaker_name: &'static str,
        }

        /// Every resource the operator has, in the schema's order.
        pub static RESOURCES: &[CustomResource] = &[#(#rows)*];

        /// The custom resource of `resource`, when the operator has one.
        pub fn of(resource: crate::ResourceId) -> ::std::option::Option<&'static CustomResource> {
            RESOURCES.iter().find(|c| c.resource == resource)
        }

        /// The custom resource whose objects are of `kind`.
        pub fn by_kind(kind: &str) -> ::std::option::Option<&'static CustomResource> {
            RESOURCES.iter().find(|c| c.kind == kind)
        }

        /// Number members the operator holds as strings (the tuning job's
        /// final objective value): shape, member.
        pub const STRINGS: &[(::tjspec_runtime::ShapeId, u16)] = &[#(#strings)*];

        /// Structure members the operator holds as their one inner member,
        /// under the member's name (`status.modelPath` is
        /// `ModelArtifacts.S3ModelArtifacts`): shape, member, inner member.
        pub const WRAPPED: &[(::tjspec_runtime::ShapeId, u16, u16)] = &[#(#wrapped)*];

        #(#modules)*
    }
}

fn resource_module(model: &Model, c: &OperatorCrd) -> TokenStream {
    let path = format!("../{}", crate::sm_operator::path(c));
    let api_version = format!("{}/{}", c.crd.group, c.crd.version);
    let kind = &c.crd.kind;
    let list_kind = &c.crd.list_kind;
    let required = c
        .listed
        .iter()
        .filter(|f| f.required)
        .map(|f| f.path.as_str());
    let closed = c.listed.iter().filter(|f| !f.values.is_empty()).map(|f| {
        let path = f.path.as_str();
        let values = f.values.iter().map(String::as_str);
        quote!((#path, &[#(#values),*]),)
    });
    let own = |fields: &indexmap::IndexMap<String, crate::ack::OpenApi>| {
        fields
            .iter()
            .map(|(name, s)| {
                let ty = match s.format.as_deref() {
                    Some("date-time") => "date-time",
                    _ => s.ty.as_str(),
                };
                quote!((#name, #ty),)
            })
            .collect::<Vec<_>>()
    };
    let spec_fields = own(&c.spec);
    let status_fields = own(&c.status);
    let sagemaker_name = format!("status.{}", c.sagemaker_name);
    let name = super::ident(&super::resource_module_name(model, c.resource));
    let doc = format!(
        " The operator's custom resource of `{}` (kind `{kind}`).",
        model.shapes[c.resource].name
    );
    quote! {
        #[doc = #doc]
        pub mod #name {
            /// The CustomResourceDefinition, as YAML.
            pub const CRD: &str = include_str!(#path);

            /// `apiVersion` of the resource.
            pub const API_VERSION: &str = #api_version;

            /// `kind` of the resource.
            pub const KIND: &str = #kind;

            /// `kind` of a list of resources.
            pub const LIST_KIND: &str = #list_kind;

            /// The fields the CRD requires, by path from the object root
            /// (`spec.resourceConfig.instanceCount`; list elements `[]`).
            pub const REQUIRED: &[&str] = &[#(#required),*];

            /// The fields the CRD takes only some values of, by path, with
            /// those values (the operator's enums predate values the API
            /// has since added).
            pub const CLOSED: &[(&str, &[&str])] = &[#(#closed)*];

            /// The operator's own fields of `spec` (no job member), with
            /// their OpenAPI types.
            pub const SPEC_FIELDS: &[(&str, &str)] = &[#(#spec_fields)*];

            /// The operator's own fields of `status`, with their OpenAPI
            /// types (`date-time` for a time); `member.field` is one inside
            /// a member's object.
            pub const STATUS_FIELDS: &[(&str, &str)] = &[#(#status_fields)*];

            /// The field of `status` holding the job's name in SageMaker,
            /// which the operator generated when `spec` named no job.
            pub const SAGEMAKER_NAME: &str = #sagemaker_name;
        }
    }
}
