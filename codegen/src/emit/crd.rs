//! `src/ack.rs` and `crd/<group>_<plural>.yaml`: each ACK custom resource's
//! CustomResourceDefinition (built by [`crate::crd`]) and the facts about it
//! the ACK format needs, one module per resource that ACK has.

use proc_macro2::TokenStream;
use quote::quote;

use crate::ack::{Ack, AckCrd};
use crate::model::Model;

/// The CRD as YAML text (without the generated header).
pub fn emit(model: &Model, ack: &Ack, crd: &AckCrd) -> String {
    serde_saphyr::to_string(&crate::crd::build(model, ack, crd))
        .expect("a JSON value serialises as YAML")
}

/// `src/ack.rs`: a module per custom resource; the first resource's items
/// are also re-exported at the top, where the ACK format has always found
/// them.
pub(super) fn module(model: &Model, ack: &Ack) -> TokenStream {
    let modules = ack.crds.iter().map(|c| resource_module(model, c));
    let first = ack.crds.first().map(|c| {
        let m = super::ident(&super::resource_module_name(model, c.resource));
        quote!(pub use #m::{API_VERSION, CRD, KIND, LIST_KIND, REQUIRED};)
    });
    let rows = ack.crds.iter().map(|c| {
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
                tf_k8s_manifest: #m::TF_K8S_MANIFEST,
                tf_k8s_resource: #m::TF_K8S_RESOURCE,
            },
        }
    });
    quote! {
        //! The ACK custom resources: the CustomResourceDefinitions generated
        //! beside this crate and what the ACK format needs of them, one module
        //! per resource, and [`RESOURCES`] for code generic over resources.

        #first

        /// What the ACK format (and the metio/k8s Terraform provider's
        /// manifests of it) needs of one resource's custom resource.
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
            /// The members of the resource (indices) the CRD requires in `spec`.
            pub required: &'static [u16],
            /// The metio/k8s provider's data source rendering a manifest.
            pub tf_k8s_manifest: &'static str,
            /// The same provider's older resource type.
            pub tf_k8s_resource: &'static str,
        }

        /// Every resource ACK has, in the schema's order.
        pub static RESOURCES: &[CustomResource] = &[#(#rows)*];

        /// The custom resource of `resource`, when ACK has one.
        pub fn of(resource: crate::ResourceId) -> ::std::option::Option<&'static CustomResource> {
            RESOURCES.iter().find(|c| c.resource == resource)
        }

        /// The custom resource whose objects are of `kind`.
        pub fn by_kind(kind: &str) -> ::std::option::Option<&'static CustomResource> {
            RESOURCES.iter().find(|c| c.kind == kind)
        }

        #(#modules)*
    }
}

fn resource_module(model: &Model, c: &AckCrd) -> TokenStream {
    let path = format!("../{}", crate::crd::path(c));
    let api_version = format!("{}/{}", c.crd.group, c.crd.version);
    let kind = &c.crd.kind;
    let list_kind = &c.crd.list_kind;
    let members = model.members(c.resource);
    let required = c.crd.required.iter().map(|r| {
        let i = members
            .iter()
            .position(|m| &m.name == r)
            .expect("checked by the binding");
        super::index_lit(i)
    });
    let name = super::ident(&super::resource_module_name(model, c.resource));
    let tf_k8s = crate::terraform::k8s_type(&c.crd);
    let tf_k8s_manifest = format!("{tf_k8s}_manifest");
    let doc = format!(
        " The ACK custom resource of `{}` (kind `{kind}`).",
        model.shapes[c.resource].name
    );
    let required_doc = format!(
        " The members of `{}` (indices) the CRD requires in `spec`: {}.",
        model.shapes[c.resource].name,
        c.crd
            .required
            .iter()
            .map(|r| format!("`{r}`"))
            .collect::<Vec<_>>()
            .join(", ")
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

            #[doc = #required_doc]
            pub const REQUIRED: &[u16] = &[#(#required),*];

            /// The metio/k8s Terraform provider's data source rendering a
            /// manifest of the resource (`tf-k8s`).
            pub const TF_K8S_MANIFEST: &str = #tf_k8s_manifest;

            /// The same provider's older resource type of it.
            pub const TF_K8S_RESOURCE: &str = #tf_k8s;
        }
    }
}
