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
/// resource's items re-exported at the top, and the wrapped members.
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
    quote! {
        //! The custom resources of the SageMaker Operators for Kubernetes: the
        //! CustomResourceDefinitions generated beside this crate and what the
        //! format needs of them, one module per resource.

        #first

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
        }
    }
}
