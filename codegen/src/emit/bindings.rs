//! `src/bindings/*.rs`: one module per format with its member names.
//!
//! A format's names come from its binding source ([`crate::sources`]): a
//! naming rule applied to the API name, with the exceptions in
//! `schema/bindings/`. This emitter writes the table and the lookup for
//! each binding it is given.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, index_lit, shape_const};
use crate::binding::BindingNames;
use crate::model::Model;
use crate::sources::{Bindings, DOCUMENTATION_ONLY};

/// A table of a generated file whose rows get a comment each: the static's
/// name and the row labels.
pub(super) type Rows = Vec<(String, Vec<String>)>;

pub(super) fn emit(model: &Model, all: &Bindings) -> Vec<(String, TokenStream, Rows)> {
    let bindings: Vec<&BindingNames> = all
        .formats
        .iter()
        .filter(|b| !DOCUMENTATION_ONLY.contains(&b.format))
        .collect();
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
        Vec::new(),
    ));
    // One label per shape: the names table has a row for every shape.
    let labels: Vec<String> = model.shapes.iter().map(|s| s.name.clone()).collect();
    for b in bindings {
        files.push((
            format!("src/bindings/{}.rs", b.format),
            binding(model, all, b),
            vec![("NAMES".to_owned(), labels.clone())],
        ));
    }
    files
}

fn binding(model: &Model, all: &Bindings, b: &BindingNames) -> TokenStream {
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
        // A shape whose members the format names none of has no arm.
        .filter(|(_, row)| row.iter().any(Option::is_some))
        .map(|(shape, row)| {
            let konst = shape_const(model, shape);
            let keys = row.iter().enumerate().filter_map(|(i, c)| {
                let i = index_lit(i);
                c.as_ref()
                    .map(|name| quote!(#name => ::std::option::Option::Some(#i),))
            });
            quote!(#konst => match key { #(#keys)* _ => ::std::option::Option::None },)
        });
    // Checked when the bindings were loaded.
    let aliases = crate::aliases::resolve(model, b, &all.aliases).unwrap_or_default();
    let aliases = aliases.iter().map(|(shape, key, suggestion)| {
        let shape = shape_const(model, *shape);
        quote!(::tjspec_runtime::Alias { shape: #shape, key: #key, suggestion: #suggestion },)
    });
    let doc = format!(" {}", b.about);
    let provider = provider_arguments(model, b);
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

/// Per resource that has them, a module with the arguments that are not
/// members; the first such resource's are re-exported at the top.
fn provider_arguments(model: &Model, b: &BindingNames) -> Option<TokenStream> {
    let with: Vec<_> = b.provider.iter().filter(|(_, p)| !p.is_empty()).collect();
    let first = with.first().map(|(root, _)| {
        let m = ident(&super::resource_module_name(model, *root));
        quote!(pub use #m::PROVIDER_ARGUMENTS;)
    })?;
    let modules = with.iter().map(|(root, args)| {
        let m = ident(&super::resource_module_name(model, *root));
        let doc = format!(" The {} arguments of `{}`.", b.format, model.shapes[*root].name);
        let entries = args.iter().map(|(name, inner)| match inner {
            Some(inner) => quote!((#name, ::std::option::Option::Some(&[#(#inner),*])),),
            None => quote!((#name, ::std::option::Option::None),),
        });
        quote! {
            #[doc = #doc]
            pub mod #m {
                /// The arguments that are not members of the resource (the
                /// provider's own settings), with the arguments of each that
                /// is a block.
                pub static PROVIDER_ARGUMENTS: &[(&str, ::std::option::Option<&[&str]>)] = &[#(#entries)*];
            }
        }
    });
    Some(quote! {
        #first

        #(#modules)*
    })
}
