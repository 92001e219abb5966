//! `src/write.rs`: `tjspec_runtime::Write` for every structure and enum.
//!
//! Members are named through the binding in the context; a member the target
//! format cannot carry becomes a loss entry. The job's status members are
//! written only when the context asks for status.

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
                let calls = members.iter().enumerate().map(|(i, m)| {
                    let f = ident(&m.field);
                    let i = index_lit(i);
                    if m.status {
                        quote!(cx.status_field(&mut map, SHAPE, #i, &self.#f);)
                    } else {
                        quote!(cx.field(&mut map, SHAPE, #i, &self.#f);)
                    }
                });
                items.push(quote! {
                    impl ::tjspec_runtime::Write for crate::types::#name {
                        fn write<'a>(&'a self, cx: &mut ::tjspec_runtime::WriteCx<'_>) -> ::tjspec_runtime::Out<'a> {
                            const SHAPE: ::tjspec_runtime::ShapeId = #konst;
                            let mut map = ::std::vec::Vec::with_capacity(#n);
                            #(#calls)*
                            ::tjspec_runtime::Out::Map(map)
                        }
                    }
                });
            }
            Kind::Enum { .. } => items.push(quote! {
                impl ::tjspec_runtime::Write for crate::types::#name {
                    fn write<'a>(&'a self, _cx: &mut ::tjspec_runtime::WriteCx<'_>) -> ::tjspec_runtime::Out<'a> {
                        ::tjspec_runtime::Out::Str(::std::borrow::Cow::Borrowed(self.as_str()))
                    }
                }
            }),
            _ => {}
        }
    }
    quote! {
        //! Writing every structure and enum to an output tree.
        #(#items)*
    }
}
