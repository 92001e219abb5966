//! `src/resource.rs`: `tjspec_runtime::Resource` for each resource's root
//! type, tying it to its description in `meta::resource`.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::Model;

pub(super) fn emit(model: &Model) -> TokenStream {
    let impls = model.resources.iter().map(|r| {
        let name = ident(&model.shapes[r.shape].rust);
        let k = ident(&model.shapes[r.shape].konst);
        quote! {
            impl ::tjspec_runtime::Resource for crate::types::#name {
                const SCHEMA: &'static ::tjspec_runtime::meta::Schema = &crate::meta::SCHEMA;
                const META: &'static ::tjspec_runtime::ResourceMeta = &crate::meta::resource::#k;
            }
        }
    });
    quote! {
        //! Each resource's root type as a `tjspec_runtime::Resource`.
        #(#impls)*
    }
}
