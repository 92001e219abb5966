//! `src/resource.rs`: `tjspec_runtime::Resource` for each resource's root
//! type, and the two enums code generic over resources works with:
//! [`ResourceId`] (which resource) and `Job` (a value of any of them).

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

            impl ::std::convert::From<crate::types::#name> for Job {
                fn from(job: crate::types::#name) -> Self {
                    Job::#name(job)
                }
            }
        }
    });
    let variants: Vec<_> = model
        .resources
        .iter()
        .map(|r| ident(&model.shapes[r.shape].rust))
        .collect();
    let konsts: Vec<_> = model
        .resources
        .iter()
        .map(|r| ident(&model.shapes[r.shape].konst))
        .collect();
    let id_docs = model.resources.iter().map(|r| {
        format!(
            " The {} resource ({} / {}; `{}` on the command line).",
            r.name, r.create, r.describe, r.cli_name
        )
    });
    let job_docs = model.resources.iter().map(|r| format!(" A `{}`.", r.name));
    let accessors = model.resources.iter().map(|r| {
        let name = ident(&model.shapes[r.shape].rust);
        let get = ident(&super::resource_module_name(model, r.shape));
        let doc = format!(" The job, when it is a `{}`.", r.name);
        quote! {
            #[doc = #doc]
            pub fn #get(&self) -> ::std::option::Option<&crate::types::#name> {
                match self {
                    Job::#name(job) => ::std::option::Option::Some(job),
                    #[allow(unreachable_patterns)]
                    _ => ::std::option::Option::None,
                }
            }
        }
    });
    // A resource names itself with `<Resource>Name` and has its ARN in
    // `<Resource>Arn`, when it follows the API's convention.
    let member_of = |r: &crate::model::Resource, suffix: &str| {
        let crate::model::Kind::Structure { members } = &model.shapes[r.shape].kind else {
            unreachable!("a resource is a structure")
        };
        let wanted = format!("{}{suffix}", r.name);
        members.iter().position(|m| m.name == wanted).map(|i| {
            let m = &members[i];
            // Root members are optional in the type.
            (super::index_lit(i), ident(&m.field))
        })
    };
    let index = |suffix: &'static str| {
        let member_of = &member_of;
        model
            .resources
            .iter()
            .map(move |r| match member_of(r, suffix) {
                Some((i, _)) => quote!(::std::option::Option::Some(#i)),
                None => quote!(::std::option::Option::None),
            })
    };
    let field = |suffix: &'static str| {
        let member_of = &member_of;
        model
            .resources
            .iter()
            .map(move |r| match member_of(r, suffix) {
                Some((_, f)) => quote!(job.#f.as_deref()),
                None => quote!({
                    let _ = job;
                    ::std::option::Option::None
                }),
            })
    };
    let (name_index, arn_index) = (index("Name"), index("Arn"));
    let (name_field, arn_field) = (field("Name"), field("Arn"));
    let first = &variants[0];
    quote! {
        //! Each resource's root type as a `tjspec_runtime::Resource`, and the
        //! enums that code generic over resources works with: [`ResourceId`]
        //! names a resource, [`Job`] holds a value of any.

        #(#impls)*

        /// A resource of the schema.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        // New resources are not breaking changes for crates that match on it.
        #[non_exhaustive]
        pub enum ResourceId {
            #(
                #[doc = #id_docs]
                #variants,
            )*
        }

        impl ResourceId {
            /// Every resource, in the schema's order.
            pub const ALL: &'static [ResourceId] = &[#(ResourceId::#variants),*];

            /// Its description in the schema.
            pub fn meta(self) -> &'static ::tjspec_runtime::ResourceMeta {
                match self {
                    #(ResourceId::#variants => &crate::meta::resource::#konsts,)*
                }
            }

            /// The id of its root structure.
            pub fn shape(self) -> ::tjspec_runtime::ShapeId {
                self.meta().shape
            }

            /// Its API name (`TrainingJob`).
            pub fn name(self) -> &'static str {
                self.meta().name
            }

            /// Its name on the command line (`training-job`).
            pub fn cli_name(self) -> &'static str {
                self.meta().cli_name
            }

            /// The resource whose command-line name is `name`.
            pub fn by_cli_name(name: &str) -> ::std::option::Option<ResourceId> {
                ResourceId::ALL.iter().copied().find(|r| r.cli_name() == name)
            }

            /// The resource whose root structure is `shape`.
            pub fn at(shape: ::tjspec_runtime::ShapeId) -> ::std::option::Option<ResourceId> {
                ResourceId::ALL.iter().copied().find(|r| r.shape() == shape)
            }

            /// Reads a job of this resource from a document tree.
            pub fn read(
                self,
                node: &::tjspec_runtime::Node,
                cx: &mut ::tjspec_runtime::ReadCx<'_>,
            ) -> ::std::option::Option<Job> {
                match self {
                    #(ResourceId::#variants => {
                        <crate::types::#variants as ::tjspec_runtime::Read>::read(node, cx).map(Job::#variants)
                    })*
                }
            }

            /// The index of the member that names a job (`TrainingJobName`).
            pub fn name_member(self) -> ::std::option::Option<u16> {
                match self {
                    #(ResourceId::#variants => #name_index,)*
                }
            }

            /// The index of the member holding a job's ARN (`TrainingJobArn`).
            pub fn arn_member(self) -> ::std::option::Option<u16> {
                match self {
                    #(ResourceId::#variants => #arn_index,)*
                }
            }

            /// An empty job of this resource.
            pub fn empty(self) -> Job {
                match self {
                    #(ResourceId::#variants => Job::#variants(::std::default::Default::default()),)*
                }
            }
        }

        impl ::std::fmt::Display for ResourceId {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.cli_name())
            }
        }

        /// A job of any resource of the schema.
        #[derive(Clone, Debug, PartialEq)]
        #[non_exhaustive]
        pub enum Job {
            #(
                #[doc = #job_docs]
                #variants(crate::types::#variants),
            )*
        }

        impl ::std::default::Default for Job {
            /// An empty job of the schema's first resource.
            fn default() -> Self {
                Job::#first(::std::default::Default::default())
            }
        }

        impl Job {
            /// Which resource it is.
            pub fn resource(&self) -> ResourceId {
                match self {
                    #(Job::#variants(_) => ResourceId::#variants,)*
                }
            }

            /// The id of its root structure.
            pub fn shape(&self) -> ::tjspec_runtime::ShapeId {
                self.resource().shape()
            }

            /// Its name (`TrainingJobName`, ...), when set.
            pub fn name(&self) -> ::std::option::Option<&str> {
                match self {
                    #(Job::#variants(job) => #name_field,)*
                }
            }

            /// Its ARN (`TrainingJobArn`, ...), when set.
            pub fn arn(&self) -> ::std::option::Option<&str> {
                match self {
                    #(Job::#variants(job) => #arn_field,)*
                }
            }

            #(#accessors)*
        }

        impl ::tjspec_runtime::Write for Job {
            fn write<'a>(&'a self, cx: &mut ::tjspec_runtime::WriteCx<'_>) -> ::tjspec_runtime::Out<'a> {
                match self {
                    #(Job::#variants(job) => job.write(cx),)*
                }
            }
        }

        impl ::tjspec_runtime::Validate for Job {
            fn validate(&self, v: &mut ::tjspec_runtime::Validator) {
                match self {
                    #(Job::#variants(job) => job.validate(v),)*
                }
            }
        }
    }
}
