//! `src/aws_sdk.rs`: conversions between the model and the AWS SDK for
//! Rust (`aws-sdk-sagemaker`), compiled under the `aws-sdk` feature.
//!
//! The SDK is generated from AWS's Smithy model, the model from botocore's:
//! the shapes and member names agree (audited), so each conversion is
//! derived from the schema. Three facts are not in botocore's model and are
//! stated here, checked against the schema when generating:
//!
//! - [`SDK_REQUIRED`]: the required members the SDK holds without an
//!   `Option` (the Smithy model does not mark them client-optional), whose
//!   builders fail when they are missing;
//! - [`SDK_RECORDS`]: the SDK's record type of a resource (what its Search
//!   operation returns), if it has one, and the members it lacks;
//! - single-precision `float` members are `f32` in the SDK.
//!
//! Everything else per resource is derived from its operation names:
//! `create_training_job::CreateTrainingJobInput` from `CreateTrainingJob`.

use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use super::ident;
use crate::model::{Kind, Member, Model, Resource, ShapeId};

/// `(structure, member)`: required members that the SDK types hold as a
/// plain value rather than an `Option`.
pub const SDK_REQUIRED: &[(&str, &str)] = &[
    ("DatasetSource", "DatasetArn"),
    ("MlflowConfig", "MlflowResourceArn"),
    ("ModelPackageConfig", "ModelPackageGroupArn"),
    ("ServerlessJobConfig", "BaseModelArn"),
    ("ServerlessJobConfig", "JobType"),
];

/// Job members that `aws_sdk_sagemaker::types::TrainingJob` lacks.
pub const NOT_IN_SDK_TRAINING_JOB: &[&str] = &[
    "BillableTokenCount",
    "ProfilerRuleConfigurations",
    "ProfilerRuleEvaluationStatuses",
    "ProfilingStatus",
    "RemoteDebugConfig",
    "InfraCheckConfig",
    "SessionChainingConfig",
    "ServerlessJobConfig",
    "MlflowConfig",
    "MlflowDetails",
    "ProgressInfo",
];

/// A resource's record type in the SDK.
pub struct SdkRecord {
    /// The resource (API name).
    pub resource: &'static str,
    /// The record's type in `aws_sdk_sagemaker::types`.
    pub record: &'static str,
    /// The resource's members the record lacks.
    pub missing: &'static [&'static str],
}

/// The resources the SDK has a record type of.
pub const SDK_RECORDS: &[SdkRecord] = &[SdkRecord {
    resource: "TrainingJob",
    record: "TrainingJob",
    missing: NOT_IN_SDK_TRAINING_JOB,
}];

fn sdk_required(model: &Model, shape: ShapeId, m: &Member) -> bool {
    let name = &model.shapes[shape].name;
    SDK_REQUIRED
        .iter()
        .any(|(s, mm)| s == name && *mm == m.name)
}

/// Panics when a table above names something the schema does not have, so
/// a schema change cannot silently make it wrong.
fn check_tables(model: &Model) {
    for (s, m) in SDK_REQUIRED {
        let id = model
            .shapes
            .iter()
            .position(|x| &x.name == s)
            .unwrap_or_else(|| panic!("SDK_REQUIRED names shape `{s}`, which the schema lacks"));
        let member = model
            .members(id)
            .iter()
            .find(|x| &x.name == m)
            .unwrap_or_else(|| panic!("SDK_REQUIRED names `{s}.{m}`, which the schema lacks"));
        assert!(
            member.required,
            "SDK_REQUIRED names `{s}.{m}`, which the schema does not require"
        );
    }
    for r in SDK_RECORDS {
        let root = model
            .resource(r.resource)
            .unwrap_or_else(|| panic!("SDK_RECORDS names `{}`, which the schema lacks", r.resource))
            .shape;
        for m in r.missing {
            assert!(
                model.members(root).iter().any(|x| &x.name == m),
                "SDK_RECORDS: `{m}` is not a member of `{}`",
                r.resource
            );
        }
    }
}

/// `sdk::types::X` for a structure or enum shape.
fn sdk_type(model: &Model, id: ShapeId) -> TokenStream {
    let t = ident(&model.shapes[id].rust);
    quote!(::aws_sdk_sagemaker::types::#t)
}

/// How a value converts between the model and the SDK.
enum Conv {
    /// Same type on both sides: clone it.
    Clone,
    /// Same `Copy` type on both sides.
    Copy,
    /// A function of the reference (`f(x)`), returning a `Result` when fallible.
    Call(TokenStream, bool),
    /// An expression of the reference `x`, a `Result` when fallible.
    Expr(TokenStream, bool),
}

impl Conv {
    fn fallible(&self) -> bool {
        matches!(self, Conv::Call(_, true) | Conv::Expr(_, true))
    }

    /// The converted value of the reference `x`, `?` applied.
    fn apply(&self, x: TokenStream) -> TokenStream {
        let (value, fallible) = match self {
            Conv::Clone => (quote!(#x.clone()), false),
            Conv::Copy => (quote!(*#x), false),
            Conv::Call(f, fallible) => (quote!(#f(#x)), *fallible),
            Conv::Expr(e, fallible) => (rebind(e, x), *fallible),
        };
        if fallible {
            quote!(#value?)
        } else {
            value
        }
    }

    /// A closure (or function path) for `Iterator::map` over references;
    /// it returns a `Result` when the conversion is fallible.
    fn mapper(&self) -> TokenStream {
        match self {
            Conv::Clone => quote!(::std::clone::Clone::clone),
            Conv::Copy => quote!(|e| *e),
            Conv::Call(f, _) => f.clone(),
            Conv::Expr(e, _) => quote!(|x| #e),
        }
    }
}

/// `e` with its reference `x` replaced: expressions are written for `x`
/// and used with other names by wrapping them in a `let`.
fn rebind(e: &TokenStream, x: TokenStream) -> TokenStream {
    if x.to_string() == "x" {
        e.clone()
    } else {
        quote!({ let x = #x; #e })
    }
}

/// How a model value of shape `id` becomes its SDK value.
fn to_sdk(model: &Model, id: ShapeId) -> Conv {
    match &model.shapes[id].kind {
        Kind::String { .. } => Conv::Clone,
        Kind::Integer { .. } | Kind::Long { .. } | Kind::Boolean | Kind::Double => Conv::Copy,
        Kind::Float => Conv::Expr(quote!(float_to_sdk(*x)), true),
        Kind::Timestamp => Conv::Call(quote!(timestamp_to_sdk), false),
        Kind::Enum { .. } => {
            let t = sdk_type(model, id);
            Conv::Expr(quote!(#t::from(x.as_str())), false)
        }
        Kind::Structure { .. } => Conv::Call(quote!(ToSdk::to_sdk), true),
        Kind::List { member, .. } => match to_sdk(model, *member) {
            Conv::Clone | Conv::Copy => Conv::Clone,
            inner if inner.fallible() => {
                let f = inner.mapper();
                Conv::Expr(
                    quote!(x.iter().map(#f).collect::<::std::result::Result<::std::vec::Vec<_>, ConversionError>>()),
                    true,
                )
            }
            inner => {
                let f = inner.mapper();
                Conv::Expr(
                    quote!(x.iter().map(#f).collect::<::std::vec::Vec<_>>()),
                    false,
                )
            }
        },
        Kind::Map { value, .. } => {
            let inner = to_sdk(model, *value);
            let v = inner.apply(quote!(x));
            if inner.fallible() {
                Conv::Expr(
                    quote!(x.iter().map(|(k, x)| ::std::result::Result::Ok((k.clone(), #v))).collect::<::std::result::Result<::std::collections::HashMap<_, _>, ConversionError>>()),
                    true,
                )
            } else {
                Conv::Expr(
                    quote!(x.iter().map(|(k, x)| (k.clone(), #v)).collect::<::std::collections::HashMap<_, _>>()),
                    false,
                )
            }
        }
    }
}

/// How an SDK value of shape `id` becomes the model's value.
fn from_sdk(model: &Model, id: ShapeId) -> Conv {
    match &model.shapes[id].kind {
        Kind::String { .. } => Conv::Clone,
        Kind::Integer { .. } | Kind::Long { .. } | Kind::Boolean | Kind::Double => Conv::Copy,
        Kind::Float => Conv::Expr(quote!(f64::from(*x)), false),
        Kind::Timestamp => Conv::Call(quote!(timestamp_from_sdk), true),
        Kind::Enum { .. } => {
            let t = ident(&model.shapes[id].rust);
            Conv::Expr(quote!(crate::types::#t::from(x.as_str())), false)
        }
        Kind::Structure { .. } => Conv::Call(quote!(FromSdk::from_sdk), true),
        Kind::List { member, .. } => match from_sdk(model, *member) {
            Conv::Clone | Conv::Copy => Conv::Clone,
            inner if inner.fallible() => {
                let f = inner.mapper();
                Conv::Expr(
                    quote!(x.iter().map(#f).collect::<::std::result::Result<::std::vec::Vec<_>, ConversionError>>()),
                    true,
                )
            }
            inner => {
                let f = inner.mapper();
                Conv::Expr(
                    quote!(x.iter().map(#f).collect::<::std::vec::Vec<_>>()),
                    false,
                )
            }
        },
        Kind::Map { value, .. } => {
            let inner = from_sdk(model, *value);
            let f = if inner.fallible() {
                inner.mapper()
            } else {
                let v = inner.apply(quote!(x));
                quote!(|x| ::std::result::Result::Ok(#v))
            };
            Conv::Expr(quote!(map_from_sdk(x, #f)), true)
        }
    }
}

/// The SDK's field and setter of a member. Both sides name fields in snake
/// case, but where that is a keyword the model appends `_` (`type_`) and
/// the SDK uses a raw identifier (`r#type`, set by `set_type`).
fn sdk_field(m: &Member) -> (Ident, Ident) {
    use heck::ToSnakeCase;
    let snake = m.name.to_snake_case();
    let field = if snake == m.field {
        ident(&snake)
    } else {
        Ident::new_raw(&snake, Span::call_site())
    };
    (field, ident(&format!("set_{snake}")))
}

/// Builder calls setting each member of `src` (a model struct, by field)
/// that has a value: `b = b.set_x(Some(...));`.
fn setters<'a>(
    model: &'a Model,
    members: impl Iterator<Item = &'a Member> + 'a,
    src: TokenStream,
) -> impl Iterator<Item = TokenStream> + 'a {
    members.map(move |m| {
        let f = ident(&m.field);
        let (_, set) = sdk_field(m);
        let value = to_sdk(model, m.shape).apply(quote!(x));
        quote! {
            if let ::std::option::Option::Some(x) = &#src.#f {
                b = b.#set(::std::option::Option::Some(#value));
            }
        }
    })
}

/// Field initialisers of a model struct from an SDK value `v` whose fields
/// are public.
fn fields<'a>(
    model: &'a Model,
    shape: ShapeId,
    members: impl Iterator<Item = &'a Member> + 'a,
) -> impl Iterator<Item = TokenStream> + 'a {
    members.map(move |m| {
        let f = ident(&m.field);
        let (sf, _) = sdk_field(m);
        let conv = from_sdk(model, m.shape);
        if sdk_required(model, shape, m) {
            let value = match conv {
                Conv::Clone => quote!(v.#sf.clone()),
                Conv::Copy => quote!(v.#sf),
                conv => conv.apply(quote!(&v.#sf)),
            };
            return quote!(#f: ::std::option::Option::Some(#value),);
        }
        match conv {
            Conv::Clone => quote!(#f: v.#sf.clone(),),
            Conv::Copy => quote!(#f: v.#sf,),
            conv if conv.fallible() => {
                let g = conv.mapper();
                quote!(#f: v.#sf.as_ref().map(#g).transpose()?,)
            }
            conv => {
                let g = conv.mapper();
                quote!(#f: v.#sf.as_ref().map(#g),)
            }
        }
    })
}

fn names_list(names: &[&str]) -> TokenStream {
    quote!(&[#(#names),*])
}

pub(super) fn emit(model: &Model) -> TokenStream {
    check_tables(model);
    let mut items = Vec::new();
    for (id, shape) in model.shapes.iter().enumerate() {
        // A resource's root converts through its operations, below.
        if model.resource_at(id).is_some() {
            continue;
        }
        let name = ident(&shape.rust);
        let sdk = sdk_type(model, id);
        match &shape.kind {
            Kind::Structure { members } => {
                let set = setters(model, members.iter(), quote!(self));
                let fallible = members.iter().any(|m| sdk_required(model, id, m));
                let build = if fallible {
                    quote!(::std::result::Result::Ok(b.build()?))
                } else {
                    quote!(::std::result::Result::Ok(b.build()))
                };
                let init = fields(model, id, members.iter());
                items.push(quote! {
                    impl ToSdk for crate::types::#name {
                        type Sdk = #sdk;
                        fn to_sdk(&self) -> ::std::result::Result<#sdk, ConversionError> {
                            let mut b = #sdk::builder();
                            #(#set)*
                            #build
                        }
                    }

                    impl FromSdk<#sdk> for crate::types::#name {
                        fn from_sdk(v: &#sdk) -> ::std::result::Result<Self, ConversionError> {
                            ::std::result::Result::Ok(Self { #(#init)* })
                        }
                    }
                });
            }
            Kind::Enum { .. } => {
                // Conversions by value name keep values either side does not know.
                items.push(quote! {
                    impl ::std::convert::From<&crate::types::#name> for #sdk {
                        fn from(v: &crate::types::#name) -> Self {
                            #sdk::from(v.as_str())
                        }
                    }

                    impl ::std::convert::From<&#sdk> for crate::types::#name {
                        fn from(v: &#sdk) -> Self {
                            crate::types::#name::from(v.as_str())
                        }
                    }
                });
            }
            _ => {}
        }
    }

    let resources: Vec<TokenStream> = model.resources.iter().map(|r| resource(model, r)).collect();
    let first = model.resources.first().map(|r| {
        let m = ident(&super::resource_module_name(model, r.shape));
        quote!(pub use #m::{NOT_IN_CREATE, NOT_IN_DESCRIBE};)
    });
    let mut module_docs = Vec::new();
    for r in &model.resources {
        module_docs.extend(resource_docs(model, r));
    }
    let module_docs = module_docs.iter().map(|l| {
        let l = if l.is_empty() {
            String::new()
        } else {
            format!(" {l}")
        };
        quote!(#![doc = #l])
    });
    quote! {
        //! Conversions between the model and the AWS SDK for Rust (`aws-sdk-sagemaker`),
        //! compiled under the `aws-sdk` feature.
        //!
        #(#module_docs)*
        //! Every structure of the schema converts both ways through [`ToSdk`] and
        //! [`FromSdk`], every enum through `From`. Enum values that either side does
        //! not know are kept by name (`Unknown`); timestamps keep their nanoseconds;
        //! maps come back sorted by key (the SDK holds them in a `HashMap`);
        //! single-precision `float` members are `f32` in the SDK: a number
        //! no single-precision value stands for is a
        //! `ConversionError::Float`, and an `f32` comes back as its exact
        //! value (`0.95` as `0.949999988079071`, the same single-precision
        //! number).

        /// The SDK crate the conversions are for.
        pub use ::aws_sdk_sagemaker as sdk;

        #first

        /// Why a conversion failed.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum ConversionError {
            /// The SDK would not build a value: a member it requires is missing.
            Build(::aws_sdk_sagemaker::error::BuildError),
            /// An SDK timestamp outside the years 0 to 9999, which the model cannot hold.
            Timestamp(::aws_sdk_sagemaker::primitives::DateTime),
            /// A number the API's single-precision `float` cannot hold: the
            /// nearest one it can is another number.
            Float(f64),
        }

        impl ::std::fmt::Display for ConversionError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    ConversionError::Build(e) => write!(f, "the SDK cannot build the value: {e}"),
                    ConversionError::Timestamp(t) => write!(f, "timestamp {t} is outside the years 0 to 9999"),
                    ConversionError::Float(v) => write!(f, "{v} has no single-precision equal (the SDK's f32 would hold {})", *v as f32),
                }
            }
        }

        impl ::std::error::Error for ConversionError {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    ConversionError::Build(e) => ::std::option::Option::Some(e),
                    ConversionError::Timestamp(_) | ConversionError::Float(_) => ::std::option::Option::None,
                }
            }
        }

        impl ::std::convert::From<::aws_sdk_sagemaker::error::BuildError> for ConversionError {
            fn from(e: ::aws_sdk_sagemaker::error::BuildError) -> Self {
                ConversionError::Build(e)
            }
        }

        /// A model structure that converts to its SDK type.
        pub trait ToSdk {
            /// The SDK type.
            type Sdk;
            /// Converts; fails only where the SDK requires a member the value lacks.
            fn to_sdk(&self) -> ::std::result::Result<Self::Sdk, ConversionError>;
        }

        /// A model structure that converts from its SDK type.
        pub trait FromSdk<S>: Sized {
            /// Converts; fails only on a timestamp the model cannot hold.
            fn from_sdk(v: &S) -> ::std::result::Result<Self, ConversionError>;
        }

        fn timestamp_to_sdk(t: &::tjspec_runtime::Timestamp) -> ::aws_sdk_sagemaker::primitives::DateTime {
            ::aws_sdk_sagemaker::primitives::DateTime::from_secs_and_nanos(t.secs(), t.subsec_nanos())
        }

        fn timestamp_from_sdk(
            t: &::aws_sdk_sagemaker::primitives::DateTime,
        ) -> ::std::result::Result<::tjspec_runtime::Timestamp, ConversionError> {
            ::tjspec_runtime::Timestamp::from_parts(t.secs(), t.subsec_nanos())
                .ok_or(ConversionError::Timestamp(*t))
        }

        /// The API's `float` is single precision: a number goes to the SDK
        /// when a single-precision value stands for it — exactly
        /// (`0.9312000274658203`, as describe responses print them) or as
        /// its shortest decimal (`0.95`) — and is an error otherwise, never
        /// rounded silently.
        #[allow(clippy::cast_possible_truncation)]
        fn float_to_sdk(v: f64) -> ::std::result::Result<f32, ConversionError> {
            let single = v as f32;
            let shortest = single.to_string().parse::<f64>().ok();
            if f64::from(single) == v || shortest == ::std::option::Option::Some(v) || v.is_nan() {
                ::std::result::Result::Ok(single)
            } else {
                ::std::result::Result::Err(ConversionError::Float(v))
            }
        }

        /// A map in key order, so conversions are deterministic.
        fn map_from_sdk<S, V>(
            m: &::std::collections::HashMap<::std::string::String, S>,
            f: impl Fn(&S) -> ::std::result::Result<V, ConversionError>,
        ) -> ::std::result::Result<::tjspec_runtime::Map<V>, ConversionError> {
            let mut entries: ::std::vec::Vec<_> = m.iter().collect();
            entries.sort_by(|a, b| a.0.cmp(b.0));
            entries
                .into_iter()
                .map(|(k, v)| ::std::result::Result::Ok((k.clone(), f(v)?)))
                .collect()
        }

        #(#items)*

        #(#resources)*
    }
}

/// The module docs of one resource's conversions: what converts to what,
/// and an example when its first member is a string the create request
/// carries.
fn resource_docs(model: &Model, r: &Resource) -> Vec<String> {
    let name = &r.name;
    let with = format!("With{name}");
    let with_fn = format!("with_{}", super::resource_module_name(model, r.shape));
    let create_mod = crate::ident::field(&r.create);
    let module = super::resource_module_name(model, r.shape);
    let mut lines = vec![
        format!(
            "[`{with}`] sets a {}'s {} members on a request builder:",
            crate::naming::sentence(name),
            r.create
        ),
        format!("`client.{create_mod}().{with_fn}(&x)?.send().await`."),
    ];
    match SDK_RECORDS.iter().find(|x| x.resource == r.name) {
        Some(record) => lines.extend([
            format!("`TryFrom<&{name}>` builds a `{}Input`, a `{}Output`", r.create, r.describe),
            format!(
                "or a `types::{}` (members it lacks: [`{}`]); `TryFrom` of a reference to any of them gives one back.",
                record.record,
                record_const(model, r)
            ),
        ]),
        None => lines.push(format!(
            "`TryFrom<&{name}>` builds a `{}Input` or a `{}Output`; `TryFrom` of a reference to either gives one back.",
            r.create, r.describe
        )),
    }
    lines.push(format!(
        "Members a target does not have are left out: [`{module}::NOT_IN_CREATE`] and [`{module}::NOT_IN_DESCRIBE`] name them."
    ));
    lines.push(String::new());
    if let Some(first) = model.members(r.shape).first() {
        if matches!(model.shapes[first.shape].kind, Kind::String { .. }) && first.in_request {
            let field = &first.field;
            lines.extend([
                "```".to_owned(),
                format!(
                    "use tjspec_model::aws_sdk::sdk::operation::{create_mod}::{}Input;",
                    r.create
                ),
                format!("use tjspec_model::{name};"),
                String::new(),
                format!("let x = {name} {{"),
                format!("    {field}: Some(\"xgboost-churn\".into()),"),
                "    ..Default::default()".to_owned(),
                "};".to_owned(),
                format!("let input = {}Input::try_from(&x).unwrap();", r.create),
                format!("assert_eq!(input.{field}(), Some(\"xgboost-churn\"));"),
                format!("assert_eq!({name}::try_from(&input).unwrap(), x);"),
                "```".to_owned(),
                String::new(),
            ]);
        }
    }
    lines
}

/// `NOT_IN_SDK_TRAINING_JOB`: the constant naming the members a resource's
/// SDK record lacks.
fn record_const(model: &Model, r: &Resource) -> String {
    format!("NOT_IN_SDK_{}", model.shapes[r.shape].konst)
}

/// The conversions of one resource: the builder trait, `TryFrom` both ways
/// for its create input, describe output and record, and the lists of
/// members each lacks.
fn resource(model: &Model, r: &Resource) -> TokenStream {
    let root = model.members(r.shape);
    let name = ident(&model.shapes[r.shape].rust);
    let name = quote!(crate::types::#name);
    let noun = crate::naming::sentence(&r.name);
    let with = ident(&format!("With{}", r.name));
    let with_fn = ident(&format!(
        "with_{}",
        super::resource_module_name(model, r.shape)
    ));
    let module = ident(&super::resource_module_name(model, r.shape));
    let create_mod = ident(&crate::ident::field(&r.create));
    let describe_mod = ident(&crate::ident::field(&r.describe));
    let create_input = ident(&format!("{}Input", r.create));
    let create_input_builder = ident(&format!("{}InputBuilder", r.create));
    let create_fluent = ident(&format!("{}FluentBuilder", r.create));
    let describe_output = ident(&format!("{}Output", r.describe));
    let (create_op, describe_op) = (&r.create, &r.describe);

    let in_create = || root.iter().filter(|m| m.in_request);
    let in_describe = || root.iter().filter(|m| m.in_response);
    let not_in = |keep: &dyn Fn(&Member) -> bool| {
        let names: Vec<&str> = root
            .iter()
            .filter(|m| !keep(m))
            .map(|m| m.name.as_str())
            .collect();
        names_list(&names)
    };
    let not_in_create = not_in(&|m| m.in_request);
    let not_in_describe = not_in(&|m| m.in_response);

    let create_setters: Vec<TokenStream> = setters(model, in_create(), quote!(job)).collect();
    let describe_setters = setters(model, in_describe(), quote!(job));
    let create_fields = fields(model, r.shape, in_create());
    let describe_fields = fields(model, r.shape, in_describe());

    let create = quote!(::aws_sdk_sagemaker::operation::#create_mod);
    let describe = quote!(::aws_sdk_sagemaker::operation::#describe_mod);
    let module_doc = format!(" What the {noun}'s SDK values lack.");
    let not_in_create_doc = format!(
        " Members of `{}` (API names) a {create_op} request does not carry: the status members.",
        r.name
    );
    let not_in_describe_doc = format!(
        " Members of `{}` (API names) a {describe_op} response does not carry.",
        r.name
    );
    let trait_doc = [
        format!(" Sets a {noun}'s {create_op} members on a request builder. Members"),
        " the value lacks are left as the builder has them; status members are".to_owned(),
        " not part of a request and are ignored.".to_owned(),
    ];
    let fn_doc = format!(" Sets every {create_op} member `job` has.");
    let create_doc =
        format!(" The {noun}'s {create_op} members ([`{module}::NOT_IN_CREATE`] are left out).");
    let describe_doc = format!(
        " The {noun}'s {describe_op} members ([`{module}::NOT_IN_DESCRIBE`] are left out)."
    );

    let record = SDK_RECORDS.iter().find(|x| x.resource == r.name).map(|record| {
        let konst = ident(&record_const(model, r));
        let record_type = ident(record.record);
        let keep = |m: &&Member| !record.missing.contains(&m.name.as_str());
        let in_record = || root.iter().filter(keep);
        let not_in_record = not_in(&|m| !record.missing.contains(&m.name.as_str()));
        let record_setters = setters(model, in_record(), quote!(job));
        let record_fields = fields(model, r.shape, in_record());
        let const_doc = format!(
            " Members of `{}` (API names) `types::{}`, the SDK's record of it, does not carry.",
            r.name, record.record
        );
        let doc = format!(" The {noun}'s members the record has ([`{konst}`] are left out).");
        quote! {
            #[doc = #const_doc]
            pub const #konst: &[&str] = #not_in_record;

            impl ::std::convert::TryFrom<&#name> for ::aws_sdk_sagemaker::types::#record_type {
                type Error = ConversionError;
                #[doc = #doc]
                fn try_from(job: &#name) -> ::std::result::Result<Self, ConversionError> {
                    let mut b = ::aws_sdk_sagemaker::types::#record_type::builder();
                    #(#record_setters)*
                    ::std::result::Result::Ok(b.build())
                }
            }

            impl ::std::convert::TryFrom<&::aws_sdk_sagemaker::types::#record_type> for #name {
                type Error = ConversionError;
                fn try_from(v: &::aws_sdk_sagemaker::types::#record_type) -> ::std::result::Result<Self, ConversionError> {
                    ::std::result::Result::Ok(#name { #(#record_fields)* ..::std::default::Default::default() })
                }
            }
        }
    });

    quote! {
        #[doc = #module_doc]
        pub mod #module {
            #[doc = #not_in_create_doc]
            pub const NOT_IN_CREATE: &[&str] = #not_in_create;

            #[doc = #not_in_describe_doc]
            pub const NOT_IN_DESCRIBE: &[&str] = #not_in_describe;
        }

        #record

        #(#[doc = #trait_doc])*
        pub trait #with: Sized {
            #[doc = #fn_doc]
            fn #with_fn(self, job: &#name) -> ::std::result::Result<Self, ConversionError>;
        }

        impl #with for #create::builders::#create_input_builder {
            fn #with_fn(self, job: &#name) -> ::std::result::Result<Self, ConversionError> {
                let mut b = self;
                #(#create_setters)*
                ::std::result::Result::Ok(b)
            }
        }

        impl #with for #create::builders::#create_fluent {
            fn #with_fn(self, job: &#name) -> ::std::result::Result<Self, ConversionError> {
                let mut b = self;
                #(#create_setters)*
                ::std::result::Result::Ok(b)
            }
        }

        impl ::std::convert::TryFrom<&#name> for #create::#create_input {
            type Error = ConversionError;
            #[doc = #create_doc]
            fn try_from(job: &#name) -> ::std::result::Result<Self, ConversionError> {
                ::std::result::Result::Ok(
                    #create::#create_input::builder().#with_fn(job)?.build()?,
                )
            }
        }

        impl ::std::convert::TryFrom<&#create::#create_input> for #name {
            type Error = ConversionError;
            fn try_from(v: &#create::#create_input) -> ::std::result::Result<Self, ConversionError> {
                ::std::result::Result::Ok(#name { #(#create_fields)* ..::std::default::Default::default() })
            }
        }

        impl ::std::convert::TryFrom<&#name> for #describe::#describe_output {
            type Error = ConversionError;
            #[doc = #describe_doc]
            fn try_from(job: &#name) -> ::std::result::Result<Self, ConversionError> {
                let mut b = #describe::#describe_output::builder();
                #(#describe_setters)*
                ::std::result::Result::Ok(b.build())
            }
        }

        impl ::std::convert::TryFrom<&#describe::#describe_output> for #name {
            type Error = ConversionError;
            fn try_from(v: &#describe::#describe_output) -> ::std::result::Result<Self, ConversionError> {
                ::std::result::Result::Ok(#name { #(#describe_fields)* ..::std::default::Default::default() })
            }
        }
    }
}
