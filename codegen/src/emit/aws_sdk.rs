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
//! - [`NOT_IN_SDK_TRAINING_JOB`]: the job members `types::TrainingJob`
//!   (the record SearchTrainingJobs returns) does not have;
//! - single-precision `float` members are `f32` in the SDK.

use proc_macro2::TokenStream;
use quote::quote;

use super::ident;
use crate::model::{Kind, Member, Model, ShapeId};

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
    for m in NOT_IN_SDK_TRAINING_JOB {
        assert!(
            model.members(0).iter().any(|x| &x.name == m),
            "NOT_IN_SDK_TRAINING_JOB names `{m}`, which the job lacks"
        );
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
        Kind::Float => Conv::Expr(quote!(float_to_sdk(*x)), false),
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

/// Builder calls setting each member of `src` (a model struct, by field)
/// that has a value: `b = b.set_x(Some(...));`.
fn setters<'a>(
    model: &'a Model,
    members: impl Iterator<Item = &'a Member> + 'a,
    src: TokenStream,
) -> impl Iterator<Item = TokenStream> + 'a {
    members.map(move |m| {
        let f = ident(&m.field);
        let set = ident(&format!("set_{}", m.field));
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
        let conv = from_sdk(model, m.shape);
        if sdk_required(model, shape, m) {
            let value = match conv {
                Conv::Clone => quote!(v.#f.clone()),
                Conv::Copy => quote!(v.#f),
                conv => conv.apply(quote!(&v.#f)),
            };
            return quote!(#f: ::std::option::Option::Some(#value),);
        }
        match conv {
            Conv::Clone => quote!(#f: v.#f.clone(),),
            Conv::Copy => quote!(#f: v.#f,),
            conv if conv.fallible() => {
                let g = conv.mapper();
                quote!(#f: v.#f.as_ref().map(#g).transpose()?,)
            }
            conv => {
                let g = conv.mapper();
                quote!(#f: v.#f.as_ref().map(#g),)
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
    for (id, shape) in model.shapes.iter().enumerate().skip(1) {
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

    let job = model.members(0);
    let in_create = || job.iter().filter(|m| m.in_request);
    let in_describe = || job.iter().filter(|m| m.in_response);
    let in_record = || {
        job.iter()
            .filter(|m| !NOT_IN_SDK_TRAINING_JOB.contains(&m.name.as_str()))
    };
    let not_in = |keep: &dyn Fn(&Member) -> bool| {
        let names: Vec<&str> = job
            .iter()
            .filter(|m| !keep(m))
            .map(|m| m.name.as_str())
            .collect();
        names_list(&names)
    };
    let not_in_create = not_in(&|m| m.in_request);
    let not_in_describe = not_in(&|m| m.in_response);
    let not_in_record = not_in(&|m| !NOT_IN_SDK_TRAINING_JOB.contains(&m.name.as_str()));

    let create_setters: Vec<TokenStream> = setters(model, in_create(), quote!(job)).collect();
    let describe_setters = setters(model, in_describe(), quote!(job));
    let record_setters = setters(model, in_record(), quote!(job));
    let create_fields = fields(model, 0, in_create());
    let describe_fields = fields(model, 0, in_describe());
    let record_fields = fields(model, 0, in_record());

    let create = quote!(::aws_sdk_sagemaker::operation::create_training_job);
    let describe = quote!(::aws_sdk_sagemaker::operation::describe_training_job);
    quote! {
        //! Conversions between the model and the AWS SDK for Rust (`aws-sdk-sagemaker`),
        //! compiled under the `aws-sdk` feature.
        //!
        //! - [`WithTrainingJob`] sets a job's CreateTrainingJob members on a request
        //!   builder: `client.create_training_job().with_training_job(&job)?.send().await`.
        //! - `TryFrom<&TrainingJob>` builds a `CreateTrainingJobInput`, a
        //!   `DescribeTrainingJobOutput` or a `types::TrainingJob`; `TryFrom` of a
        //!   reference to any of them gives a job back.
        //! - Every structure of the schema converts both ways through [`ToSdk`] and
        //!   [`FromSdk`], every enum through `From`. Enum values that either side does
        //!   not know are kept by name (`Unknown`); timestamps keep their nanoseconds;
        //!   maps come back sorted by key (the SDK holds them in a `HashMap`);
        //!   single-precision `float` members are `f32` in the SDK.
        //!
        //! Members a target does not have are left out: [`NOT_IN_CREATE`],
        //! [`NOT_IN_DESCRIBE`] and [`NOT_IN_SDK_TRAINING_JOB`] name them.
        //!
        //! ```
        //! use tjspec_model::aws_sdk::sdk::operation::create_training_job::CreateTrainingJobInput;
        //! use tjspec_model::TrainingJob;
        //!
        //! let job = TrainingJob {
        //!     training_job_name: Some("xgboost-churn".into()),
        //!     ..Default::default()
        //! };
        //! let input = CreateTrainingJobInput::try_from(&job).unwrap();
        //! assert_eq!(input.training_job_name(), Some("xgboost-churn"));
        //! assert_eq!(TrainingJob::try_from(&input).unwrap(), job);
        //! ```

        use crate::types::TrainingJob;

        /// The SDK crate the conversions are for.
        pub use ::aws_sdk_sagemaker as sdk;

        /// Job members (API names) a CreateTrainingJob request does not carry: the status members.
        pub const NOT_IN_CREATE: &[&str] = #not_in_create;

        /// Job members (API names) a DescribeTrainingJob response does not carry.
        pub const NOT_IN_DESCRIBE: &[&str] = #not_in_describe;

        /// Job members (API names) `types::TrainingJob`, the SearchTrainingJobs record, does not carry.
        pub const NOT_IN_SDK_TRAINING_JOB: &[&str] = #not_in_record;

        /// Why a conversion failed.
        #[derive(Debug)]
        #[non_exhaustive]
        pub enum ConversionError {
            /// The SDK would not build a value: a member it requires is missing.
            Build(::aws_sdk_sagemaker::error::BuildError),
            /// An SDK timestamp outside the years 0 to 9999, which the model cannot hold.
            Timestamp(::aws_sdk_sagemaker::primitives::DateTime),
        }

        impl ::std::fmt::Display for ConversionError {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    ConversionError::Build(e) => write!(f, "the SDK cannot build the value: {e}"),
                    ConversionError::Timestamp(t) => write!(f, "timestamp {t} is outside the years 0 to 9999"),
                }
            }
        }

        impl ::std::error::Error for ConversionError {
            fn source(&self) -> ::std::option::Option<&(dyn ::std::error::Error + 'static)> {
                match self {
                    ConversionError::Build(e) => ::std::option::Option::Some(e),
                    ConversionError::Timestamp(_) => ::std::option::Option::None,
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

        /// The API's `float` is single precision.
        #[allow(clippy::cast_possible_truncation)]
        fn float_to_sdk(v: f64) -> f32 {
            v as f32
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

        /// Sets a job's CreateTrainingJob members on a request builder. Members
        /// the job lacks are left as the builder has them; status members are
        /// not part of a request and are ignored.
        pub trait WithTrainingJob: Sized {
            /// Sets every CreateTrainingJob member `job` has.
            fn with_training_job(self, job: &TrainingJob) -> ::std::result::Result<Self, ConversionError>;
        }

        impl WithTrainingJob for #create::builders::CreateTrainingJobInputBuilder {
            fn with_training_job(self, job: &TrainingJob) -> ::std::result::Result<Self, ConversionError> {
                let mut b = self;
                #(#create_setters)*
                ::std::result::Result::Ok(b)
            }
        }

        impl WithTrainingJob for #create::builders::CreateTrainingJobFluentBuilder {
            fn with_training_job(self, job: &TrainingJob) -> ::std::result::Result<Self, ConversionError> {
                let mut b = self;
                #(#create_setters)*
                ::std::result::Result::Ok(b)
            }
        }

        impl ::std::convert::TryFrom<&TrainingJob> for #create::CreateTrainingJobInput {
            type Error = ConversionError;
            /// The job's CreateTrainingJob members ([`NOT_IN_CREATE`] are left out).
            fn try_from(job: &TrainingJob) -> ::std::result::Result<Self, ConversionError> {
                ::std::result::Result::Ok(
                    #create::CreateTrainingJobInput::builder().with_training_job(job)?.build()?,
                )
            }
        }

        impl ::std::convert::TryFrom<&#create::CreateTrainingJobInput> for TrainingJob {
            type Error = ConversionError;
            fn try_from(v: &#create::CreateTrainingJobInput) -> ::std::result::Result<Self, ConversionError> {
                ::std::result::Result::Ok(TrainingJob { #(#create_fields)* ..::std::default::Default::default() })
            }
        }

        impl ::std::convert::TryFrom<&TrainingJob> for #describe::DescribeTrainingJobOutput {
            type Error = ConversionError;
            /// The job's DescribeTrainingJob members ([`NOT_IN_DESCRIBE`] are left out).
            fn try_from(job: &TrainingJob) -> ::std::result::Result<Self, ConversionError> {
                let mut b = #describe::DescribeTrainingJobOutput::builder();
                #(#describe_setters)*
                ::std::result::Result::Ok(b.build())
            }
        }

        impl ::std::convert::TryFrom<&#describe::DescribeTrainingJobOutput> for TrainingJob {
            type Error = ConversionError;
            fn try_from(v: &#describe::DescribeTrainingJobOutput) -> ::std::result::Result<Self, ConversionError> {
                ::std::result::Result::Ok(TrainingJob { #(#describe_fields)* ..::std::default::Default::default() })
            }
        }

        impl ::std::convert::TryFrom<&TrainingJob> for ::aws_sdk_sagemaker::types::TrainingJob {
            type Error = ConversionError;
            /// The job's members the record has ([`NOT_IN_SDK_TRAINING_JOB`] are left out).
            fn try_from(job: &TrainingJob) -> ::std::result::Result<Self, ConversionError> {
                let mut b = ::aws_sdk_sagemaker::types::TrainingJob::builder();
                #(#record_setters)*
                ::std::result::Result::Ok(b.build())
            }
        }

        impl ::std::convert::TryFrom<&::aws_sdk_sagemaker::types::TrainingJob> for TrainingJob {
            type Error = ConversionError;
            fn try_from(v: &::aws_sdk_sagemaker::types::TrainingJob) -> ::std::result::Result<Self, ConversionError> {
                ::std::result::Result::Ok(TrainingJob { #(#record_fields)* ..::std::default::Default::default() })
            }
        }
    }
}
