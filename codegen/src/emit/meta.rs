//! `src/meta.rs`: the static schema description and the shape id constants.

use proc_macro2::TokenStream;
use quote::quote;

use super::{ident, index_lit};
use crate::model::{Kind, Model, ShapeId};

/// `shape::X`: a shape's id constant, as `meta.rs` refers to it.
fn local_const(model: &Model, id: ShapeId) -> TokenStream {
    let k = ident(&model.shapes[id].konst);
    quote!(shape::#k)
}

fn opt_u64(v: Option<i64>) -> TokenStream {
    match v.and_then(|v| u64::try_from(v).ok()) {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

fn opt_i64(v: Option<i64>) -> TokenStream {
    match v {
        Some(v) => quote!(::std::option::Option::Some(#v)),
        None => quote!(::std::option::Option::None),
    }
}

pub(super) fn emit(model: &Model) -> TokenStream {
    let consts = model.shapes.iter().enumerate().map(|(i, s)| {
        let k = ident(&s.konst);
        let i = index_lit(i);
        let d = format!(" Id of the shape `{}`.", s.name);
        quote!(#[doc = #d] pub const #k: ::tjspec_runtime::ShapeId = #i;)
    });
    let shapes = model.shapes.iter().map(|s| {
        let name = &s.name;
        let doc = &s.doc;
        let kind = match &s.kind {
            Kind::Structure { members } => {
                let ms = members.iter().map(|m| {
                    let (name, doc, req, status) = (&m.name, &m.doc, m.required, m.status);
                    let shape = local_const(model, m.shape);
                    quote!(::tjspec_runtime::MemberMeta { name: #name, shape: #shape, required: #req, status: #status, doc: #doc },)
                });
                quote!(::tjspec_runtime::ShapeKind::Structure { members: &[#(#ms)*] })
            }
            Kind::List { member, min, max } => {
                let (member, min, max) = (local_const(model, *member), opt_u64(*min), opt_u64(*max));
                quote!(::tjspec_runtime::ShapeKind::List { member: #member, min: #min, max: #max })
            }
            Kind::Map { key, value, min, max } => {
                let (key, value, min, max) = (local_const(model, *key), local_const(model, *value), opt_u64(*min), opt_u64(*max));
                quote!(::tjspec_runtime::ShapeKind::Map { key: #key, value: #value, min: #min, max: #max })
            }
            Kind::Enum { values, open } => {
                let vs = values.iter().map(|(v, _)| v);
                quote!(::tjspec_runtime::ShapeKind::Enum { values: &[#(#vs),*], open: #open })
            }
            Kind::String { min, max, pattern } => {
                let (min, max) = (opt_u64(*min), opt_u64(*max));
                let pattern = match pattern {
                    Some(p) => {
                        let api = &p.api;
                        quote!(::std::option::Option::Some(#api))
                    }
                    None => quote!(::std::option::Option::None),
                };
                quote!(::tjspec_runtime::ShapeKind::String { min: #min, max: #max, pattern: #pattern })
            }
            Kind::Integer { min, max } => {
                let (min, max) = (opt_i64(*min), opt_i64(*max));
                quote!(::tjspec_runtime::ShapeKind::Integer { min: #min, max: #max })
            }
            Kind::Long { min, max } => {
                let (min, max) = (opt_i64(*min), opt_i64(*max));
                quote!(::tjspec_runtime::ShapeKind::Long { min: #min, max: #max })
            }
            Kind::Float => quote!(::tjspec_runtime::ShapeKind::Float),
            Kind::Double => quote!(::tjspec_runtime::ShapeKind::Double),
            Kind::Boolean => quote!(::tjspec_runtime::ShapeKind::Boolean),
            Kind::Timestamp => quote!(::tjspec_runtime::ShapeKind::Timestamp),
        };
        quote!(::tjspec_runtime::ShapeMeta { name: #name, doc: #doc, kind: #kind },)
    });
    let n = model.shapes.len();
    let nr = model.resources.len();
    let root = model
        .resources
        .first()
        .map(|r| local_const(model, r.shape))
        .expect("the model has a resource");
    let resource_consts = model.resources.iter().map(|r| {
        let (name, cli_name, create, describe) = (&r.name, &r.cli_name, &r.create, &r.describe);
        let k = ident(&model.shapes[r.shape].konst);
        let d = format!(" The resource `{name}`.");
        quote! {
            #[doc = #d]
            pub const #k: ::tjspec_runtime::ResourceMeta = ::tjspec_runtime::ResourceMeta {
                name: #name,
                cli_name: #cli_name,
                shape: super::shape::#k,
                create: #create,
                describe: #describe,
            };
        }
    });
    let resources = model.resources.iter().map(|r| {
        let k = ident(&model.shapes[r.shape].konst);
        quote!(resource::#k,)
    });
    quote! {
        //! A static description of the schema: its resources, and every shape
        //! with its kind, members, constraints and docs, indexed by the ids in
        //! [`shape`].

        /// Shape ids, one constant per shape.
        pub mod shape {
            #(#consts)*
        }

        /// The resources, one constant per resource.
        pub mod resource {
            #(#resource_consts)*
        }

        /// The schema.
        pub static SCHEMA: ::tjspec_runtime::meta::Schema = ::tjspec_runtime::meta::Schema {
            shapes: &SHAPES,
            root: #root,
            resources: &RESOURCES,
        };

        /// The resources, in the schema's order.
        pub static RESOURCES: [::tjspec_runtime::ResourceMeta; #nr] = [#(#resources)*];

        static SHAPES: [::tjspec_runtime::ShapeMeta; #n] = [#(#shapes)*];
    }
}
