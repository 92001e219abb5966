//! `src/types.rs`: a struct per structure shape, an enum per enum shape.

use proc_macro2::TokenStream;
use quote::quote;

use super::{docs, ident, rust_type};
use crate::model::{Kind, Member, Model};

pub(super) fn emit(model: &Model) -> TokenStream {
    let mut items = Vec::new();
    for (id, shape) in model.shapes.iter().enumerate() {
        match &shape.kind {
            Kind::Structure { members } => {
                let name = ident(&shape.rust);
                let doc = docs(&[&shape.doc]);
                let describe = model.resource_at(id).map(|r| r.describe.as_str());
                let fields = members.iter().map(|m| field(model, m, describe));
                items.push(quote! {
                    #doc
                    #[derive(Clone, Debug, Default, PartialEq, ::serde::Serialize, ::serde::Deserialize)]
                    pub struct #name {
                        #(#fields)*
                    }
                });
            }
            Kind::Enum { values, open } => {
                items.push(enum_item(&shape.rust, &shape.name, values, *open))
            }
            _ => {}
        }
    }
    quote! {
        //! The types of the resources: one struct per structure shape and one
        //! enum per enum shape of the schema. Field docs give each member's
        //! constraints.
        #(#items)*
    }
}

/// A field of a structure; `describe` is the describe operation when the
/// structure is a resource's root.
fn field(model: &Model, m: &Member, describe: Option<&str>) -> TokenStream {
    let name = ident(&m.field);
    let ty = rust_type(model, m.shape);
    let api = &m.name;
    let mut lines = vec![m.doc.clone(), String::new()];
    lines.push(format!(
        "API name: `{api}`. {}",
        constraints(model, m, describe)
    ));
    let doc = docs(&lines);
    quote! {
        #doc
        #[serde(rename = #api, default, skip_serializing_if = "::std::option::Option::is_none")]
        pub #name: ::std::option::Option<#ty>,
    }
}

/// One sentence describing a member's requirements, for the rustdoc.
fn constraints(model: &Model, m: &Member, describe: Option<&str>) -> String {
    let mut parts = Vec::new();
    if m.status {
        let describe = describe.expect("only a resource's root has status members");
        parts.push(format!("Status: only {describe} returns it."));
    } else if m.required {
        parts.push("Required.".to_owned());
    }
    let shape = &model.shapes[m.shape];
    let range = |what: &str, min: Option<i64>, max: Option<i64>| match (min, max) {
        (Some(a), Some(b)) => Some(format!("{what} {a} to {b}.")),
        (Some(a), None) => Some(format!("{what} at least {a}.")),
        (None, Some(b)) => Some(format!("{what} at most {b}.")),
        (None, None) => None,
    };
    match &shape.kind {
        Kind::String { min, max, pattern } => {
            parts.extend(range("Length", *min, *max));
            if let Some(p) = pattern {
                parts.push(format!("Pattern: `{}`.", p.api.replace('`', "\\`")));
            }
        }
        Kind::Integer { min, max } | Kind::Long { min, max } => {
            parts.extend(range("Value", *min, *max))
        }
        Kind::List { min, max, .. } => parts.extend(range("Elements:", *min, *max)),
        Kind::Map { min, max, .. } => parts.extend(range("Entries:", *min, *max)),
        Kind::Enum { open: true, .. } => {
            parts.push("Open enum: unknown values are kept with a warning.".to_owned())
        }
        _ => {}
    }
    parts.join(" ")
}

fn enum_item(rust: &str, api: &str, values: &[(String, String)], open: bool) -> TokenStream {
    let name = ident(rust);
    let doc = docs(&[
        format!("Values of the API enum `{api}`."),
        String::new(),
        if open {
            "AWS adds values to this enum every release: a value the schema does not know is kept in `Unknown` and reported as a warning.".to_owned()
        } else {
            "A value the schema does not know is kept in `Unknown`; validation reports it."
                .to_owned()
        },
    ]);
    let variants = values.iter().map(|(v, var)| {
        let var = ident(var);
        let d = format!(" `{v}`");
        quote!(#[doc = #d] #var,)
    });
    let as_str = values.iter().map(|(v, var)| {
        let var = ident(var);
        quote!(Self::#var => #v,)
    });
    let from = values.iter().map(|(v, var)| {
        let var = ident(var);
        quote!(#v => Self::#var,)
    });
    let strs = values.iter().map(|(v, _)| v);
    quote! {
        #doc
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #(#variants)*
            /// A value this version of the schema does not know, kept as written.
            Unknown(::std::string::String),
        }

        impl #name {
            /// Every value the schema knows, in API order.
            pub const VALUES: &'static [&'static str] = &[#(#strs),*];

            /// The value as the API writes it.
            pub fn as_str(&self) -> &str {
                match self {
                    #(#as_str)*
                    Self::Unknown(s) => s,
                }
            }

            /// Whether the schema knows this value.
            pub fn is_known(&self) -> bool {
                !matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for #name {
            fn from(s: &str) -> Self {
                match s {
                    #(#from)*
                    other => Self::Unknown(other.to_owned()),
                }
            }
        }

        impl ::std::str::FromStr for #name {
            type Err = ::std::convert::Infallible;

            fn from_str(s: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(s))
            }
        }

        impl ::std::fmt::Display for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::serde::Serialize for #name {
            fn serialize<S: ::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> ::serde::Deserialize<'de> for #name {
            fn deserialize<D: ::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let s = <::std::string::String as ::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(s.as_str()))
            }
        }
    }
}
