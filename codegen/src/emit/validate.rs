//! `src/validate.rs`: the schema's constraints as code.
//!
//! Every structure implements `tjspec_runtime::Validate`; every other shape
//! with a constraint gets a `check_*` function its members call. Shapes
//! without constraints generate nothing.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{ident, index_lit, rust_type, shape_const};
use crate::model::{Kind, Model, ShapeId};

/// Whether values of the shape need any check.
fn needs(model: &Model, id: ShapeId) -> bool {
    match &model.shapes[id].kind {
        Kind::Structure { .. } | Kind::Enum { .. } => true,
        Kind::String { min, max, pattern } => min.is_some() || max.is_some() || pattern.is_some(),
        Kind::Integer { min, max } | Kind::Long { min, max } => min.is_some() || max.is_some(),
        Kind::List { member, min, max } => min.is_some() || max.is_some() || needs(model, *member),
        Kind::Map {
            key,
            value,
            min,
            max,
        } => min.is_some() || max.is_some() || needs(model, *key) || needs(model, *value),
        Kind::Float | Kind::Double | Kind::Boolean | Kind::Timestamp => false,
    }
}

fn check_fn(model: &Model, id: ShapeId) -> TokenStream {
    let shape = &model.shapes[id];
    match shape.kind {
        Kind::Structure { .. } => {
            let t = ident(&shape.rust);
            quote!(<crate::types::#t as ::tjspec_runtime::Validate>::validate)
        }
        _ => {
            let f = format_ident!("check_{}", shape.konst.to_lowercase());
            quote!(#f)
        }
    }
}

/// How a check of an `Option<T>` member gets its argument (`&str`, `&[T]` or `&T`).
fn borrow(model: &Model, id: ShapeId) -> TokenStream {
    match model.shapes[id].kind {
        Kind::String { .. } | Kind::List { .. } => quote!(as_deref),
        _ => quote!(as_ref),
    }
}

/// A call that checks one element or map value of shape `id` (`e: &T`).
fn element_check(model: &Model, id: ShapeId) -> TokenStream {
    if !needs(model, id) {
        return quote!(|_, _| {});
    }
    let f = check_fn(model, id);
    match model.shapes[id].kind {
        Kind::String { .. } | Kind::List { .. } => quote!(|e, v| #f(e, v)),
        _ => quote!(#f),
    }
}

pub(super) fn emit(model: &Model) -> TokenStream {
    let mut items = Vec::new();
    for (id, shape) in model.shapes.iter().enumerate() {
        if !needs(model, id) {
            continue;
        }
        let f = check_fn(model, id);
        let doc = format!(" Checks a value of the shape `{}`.", shape.name);
        match &shape.kind {
            Kind::Structure { members } => {
                let name = ident(&shape.rust);
                let konst = shape_const(model, id);
                let checks = members.iter().enumerate().map(|(i, m)| {
                    let field = ident(&m.field);
                    let idx = index_lit(i);
                    let api = &m.name;
                    let required = (m.required && !m.status)
                        .then(|| quote!(v.required(SHAPE, #idx, #api, self.#field.is_some());));
                    let check = needs(model, m.shape).then(|| {
                        let f = check_fn(model, m.shape);
                        let b = borrow(model, m.shape);
                        if m.status {
                            quote!(v.status_member(SHAPE, #idx, self.#field.#b(), #f);)
                        } else {
                            quote!(v.member(SHAPE, #idx, self.#field.#b(), #f);)
                        }
                    });
                    quote!(#required #check)
                });
                let checks: Vec<TokenStream> = checks.filter(|c| !c.is_empty()).collect();
                items.push(if checks.is_empty() {
                    quote! {
                        impl ::tjspec_runtime::Validate for crate::types::#name {
                            fn validate(&self, _v: &mut ::tjspec_runtime::Validator) {}
                        }
                    }
                } else {
                    quote! {
                        impl ::tjspec_runtime::Validate for crate::types::#name {
                            fn validate(&self, v: &mut ::tjspec_runtime::Validator) {
                                const SHAPE: ::tjspec_runtime::ShapeId = #konst;
                                #(#checks)*
                            }
                        }
                    }
                });
            }
            Kind::Enum { open, .. } => {
                let t = ident(&shape.rust);
                items.push(quote! {
                    #[doc = #doc]
                    fn #f(x: &crate::types::#t, v: &mut ::tjspec_runtime::Validator) {
                        if let crate::types::#t::Unknown(s) = x {
                            v.unknown_enum(s, crate::types::#t::VALUES, #open);
                        }
                    }
                });
            }
            Kind::String { min, max, pattern } => {
                let (min, max) = (opt(min), opt(max));
                let mut body = Vec::new();
                if let Some(p) = pattern {
                    let stat = format_ident!("PATTERN_{}", shape.konst);
                    let (api, rust, look) = (&p.api, &p.rust, p.lookaround);
                    let pdoc = format!(" The pattern of `{}`.", shape.name);
                    // The hand-written matcher for this translation, chosen
                    // here rather than by comparing text at run time.
                    let fast = match tjspec_runtime::fast_pattern::lookup(rust) {
                        Some(known) => {
                            let name = format_ident!("{}", known.name);
                            quote!(Some(::tjspec_runtime::fast_pattern::#name))
                        }
                        None => quote!(None),
                    };
                    items.push(quote! {
                        #[doc = #pdoc]
                        static #stat: ::tjspec_runtime::Pattern = ::tjspec_runtime::Pattern::new(#api, #rust, #look, #fast);
                    });
                    body.push(quote!(if v.length(x, #min, #max) {
                        v.pattern(x, &#stat);
                    }));
                } else {
                    body.push(quote!(v.length(x, #min, #max);));
                }
                items.push(quote! {
                    #[doc = #doc]
                    fn #f(x: &str, v: &mut ::tjspec_runtime::Validator) {
                        #(#body)*
                    }
                });
            }
            Kind::Integer { min, max } | Kind::Long { min, max } => {
                let t = rust_type(model, id);
                let (min, max) = (opt_i(min), opt_i(max));
                let value = if matches!(shape.kind, Kind::Long { .. }) {
                    quote!(*x)
                } else {
                    quote!(i64::from(*x))
                };
                items.push(quote! {
                    #[doc = #doc]
                    fn #f(x: &#t, v: &mut ::tjspec_runtime::Validator) {
                        v.range(#value, #min, #max);
                    }
                });
            }
            Kind::List { member, min, max } => {
                let t = rust_type(model, *member);
                let (min, max) = (opt(min), opt(max));
                let each = needs(model, *member).then(|| {
                    let e = element_check(model, *member);
                    quote!(v.each(x, #e);)
                });
                items.push(quote! {
                    #[doc = #doc]
                    fn #f(x: &[#t], v: &mut ::tjspec_runtime::Validator) {
                        v.count(x.len(), #min, #max);
                        #each
                    }
                });
            }
            Kind::Map {
                key,
                value,
                min,
                max,
            } => {
                let t = rust_type(model, id);
                let (min, max) = (opt(min), opt(max));
                let entries = (needs(model, *key) || needs(model, *value)).then(|| {
                    let k = if needs(model, *key) {
                        check_fn(model, *key)
                    } else {
                        quote!(|_, _| {})
                    };
                    let e = element_check(model, *value);
                    quote!(v.entries(x, #k, #e);)
                });
                items.push(quote! {
                    #[doc = #doc]
                    fn #f(x: &#t, v: &mut ::tjspec_runtime::Validator) {
                        v.count(x.len(), #min, #max);
                        #entries
                    }
                });
            }
            Kind::Float | Kind::Double | Kind::Boolean | Kind::Timestamp => {}
        }
    }
    quote! {
        //! Checking a job against the schema's constraints: required members,
        //! lengths, counts, ranges, full-match patterns and enum values.
        #(#items)*
    }
}

fn opt(v: &Option<i64>) -> TokenStream {
    match v.and_then(|v| u64::try_from(v).ok()) {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn opt_i(v: &Option<i64>) -> TokenStream {
    match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}
