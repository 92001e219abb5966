//! `src/read.rs`: `tjspec_runtime::Read` for every structure and enum.
//!
//! Keys are resolved through the binding in the context, so the same code
//! reads every format; unknown and duplicate keys are reported by the runtime.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, index_lit, shape_const};
use crate::model::{Kind, Model};

pub(super) fn emit(model: &Model) -> TokenStream {
    let mut items = Vec::new();
    for (id, shape) in model.shapes.iter().enumerate() {
        let name = ident(&shape.rust);
        match &shape.kind {
            Kind::Structure { members } => {
                let konst = shape_const(model, id);
                let n = members.len();
                let arms: Vec<TokenStream> = members
                    .iter()
                    .enumerate()
                    .map(|(i, m)| {
                        let f = ident(&m.field);
                        let i = index_lit(i);
                        quote!(Some(#i) => out.#f = cx.field(SHAPE, #i, key, value),)
                    })
                    .collect();
                // A single member reads with `if let` (clippy's single_match).
                let dispatch = if let [m] = members.as_slice() {
                    let f = ident(&m.field);
                    quote! {
                        if let Some(0u16) = cx.member(SHAPE, key, &mut seen) {
                            out.#f = cx.field(SHAPE, 0u16, key, value);
                        }
                    }
                } else {
                    quote! {
                        match cx.member(SHAPE, key, &mut seen) {
                            #(#arms)*
                            _ => {}
                        }
                    }
                };
                items.push(quote! {
                    impl ::tjspec_runtime::Read for crate::types::#name {
                        fn read(node: &::tjspec_runtime::Node, cx: &mut ::tjspec_runtime::ReadCx<'_>) -> ::std::option::Option<Self> {
                            const SHAPE: ::tjspec_runtime::ShapeId = #konst;
                            let entries = cx.expect_map(node)?;
                            let mut out = Self::default();
                            let mut seen = [false; #n];
                            for (key, value) in entries {
                                #dispatch
                            }
                            Some(out)
                        }
                    }
                });
            }
            Kind::Enum { .. } => items.push(quote! {
                impl ::tjspec_runtime::Read for crate::types::#name {
                    fn read(node: &::tjspec_runtime::Node, cx: &mut ::tjspec_runtime::ReadCx<'_>) -> ::std::option::Option<Self> {
                        cx.string(node).map(|s| Self::from(s.as_str()))
                    }
                }
            }),
            _ => {}
        }
    }
    quote! {
        //! Reading every structure and enum from a document tree.
        #(#items)*
    }
}
