//! Arguments every command that reads inputs shares, and what follows from them.

use std::path::{Path, PathBuf};

use super::io::print_reports;
use super::Fatal;
use crate::diagnostics::MessageFormat;
use crate::format::{FormatId, ReadOptions};
use crate::inputs::Input;
use crate::overrides::{parse_set, Overrides};
use crate::pipeline::Settings;

use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::Args;

#[derive(Args, Debug)]
pub(super) struct Common {
    /// Input files or directories (searched recursively), glob patterns; `-` reads standard input.
    #[arg(value_name = "INPUT")]
    pub(super) inputs: Vec<std::ffi::OsString>,
    /// Input format (detected from the extension and content when omitted).
    #[arg(long, value_parser = formats())]
    pub(super) from: Option<FormatId>,
    /// The resource the inputs hold, where their content cannot tell
    /// (flyteidl binary) or could be either; detected per document when omitted.
    #[arg(long, value_parser = resources())]
    pub(super) resource: Option<tjspec_model::ResourceId>,
    /// Skip unknown fields (naming each) instead of failing: for responses from a newer API.
    #[arg(long)]
    pub(super) allow_unknown: bool,
    /// How to print diagnostics.
    #[arg(long, value_enum, default_value = "human")]
    pub(super) message_format: MessageFormat,
    /// AWS region: of flyteidl jobs, picks the built-in XGBoost training
    /// image (default us-east-1); of sm-operator outputs, their
    /// `spec.region` (default: the input's, else the region of the job's ARN).
    #[arg(long, value_name = "REGION")]
    pub(super) region: Option<String>,
    /// Carry Terraform expressions (`var.x`, `aws_iam_role.r.arn`) through to
    /// HCL outputs (tf-k8s, tf-aws) instead of failing on them.
    #[arg(long)]
    pub(super) keep_expressions: bool,
    /// Replace each SageMaker Pipelines parameter reference
    /// (`{"Get": "Parameters.X"}`) by the parameter's `DefaultValue`.
    #[arg(long, value_name = "VALUES", value_parser = ["defaults"])]
    pub(super) pipeline_parameters: Option<String>,
    /// Replace the SageMaker Pipelines parameter NAME's references by VALUE
    /// (read as the parameter's Type says; wins over defaults). Repeatable.
    #[arg(long = "pipeline-parameter", value_name = "NAME=VALUE", value_parser = name_value)]
    pub(super) pipeline_parameter: Vec<(String, String)>,
    /// Skip, with a notice, input files that hold no training job in any
    /// format (files found in directories always are).
    #[arg(long)]
    pub(super) skip_unrecognized: bool,
    /// Print errors only: no warnings, notes or summary.
    #[arg(short, long)]
    pub(super) quiet: bool,
    /// Search directories whole: do not honour `.gitignore` and `.ignore`
    /// files, and search hidden files and directories too.
    #[arg(long)]
    pub(super) no_ignore: bool,
}

/// The values of an option naming a format: each registered format's name,
/// with its help.
pub(super) fn formats() -> impl TypedValueParser<Value = FormatId> {
    let values = FormatId::ALL.iter().map(|f| {
        let d = f.declaration();
        PossibleValue::new(d.name).help(d.help)
    });
    PossibleValuesParser::new(values)
        .map(|name| FormatId::by_name(&name).expect("a registered format's own name"))
}

/// The names of the formats `keep` keeps, without help (so `--help` and
/// usage errors list exactly those, briefly).
pub(super) fn format_names_where(
    keep: fn(FormatId) -> bool,
) -> impl TypedValueParser<Value = FormatId> {
    let names = FormatId::ALL.iter().filter(|f| keep(**f)).map(|f| f.name());
    PossibleValuesParser::new(names)
        .map(|name| FormatId::by_name(&name).expect("a registered format's own name"))
}

/// The values of an option naming a resource: each resource's CLI name.
pub(super) fn resources() -> impl TypedValueParser<Value = tjspec_model::ResourceId> {
    let names = tjspec_model::ResourceId::ALL.iter().map(|r| r.cli_name());
    PossibleValuesParser::new(names)
        .map(|name| tjspec_model::ResourceId::by_cli_name(&name).expect("a resource's own name"))
}

/// A `NAME=VALUE` argument.
fn name_value(raw: &str) -> Result<(String, String), String> {
    match raw.split_once('=') {
        Some((name, value)) if !name.is_empty() => Ok((name.to_owned(), value.to_owned())),
        _ => Err(format!("`{raw}`: expected NAME=VALUE")),
    }
}

/// The values of `--sfn-query-language`.
pub(super) fn sfn_query_languages(
) -> impl TypedValueParser<Value = crate::format::sfn::QueryLanguage> {
    use crate::format::sfn::QueryLanguage;
    let values = QueryLanguage::ALL
        .iter()
        .map(|l| PossibleValue::new(l.name()));
    PossibleValuesParser::new(values).map(|name| {
        *QueryLanguage::ALL
            .iter()
            .find(|l| l.name() == name)
            .expect("a query language's own name")
    })
}

/// The values of `--tf-k8s-kind`.
pub(super) fn tf_k8s_kinds() -> impl TypedValueParser<Value = crate::format::terraform::TfK8sKind> {
    use crate::format::terraform::TfK8sKind;
    let values = TfK8sKind::ALL
        .iter()
        .map(|k| PossibleValue::new(k.name()).help(k.help()));
    PossibleValuesParser::new(values).map(|name| {
        *TfK8sKind::ALL
            .iter()
            .find(|k| k.name() == name)
            .expect("a kind's own name")
    })
}

/// `--set` and `--overlay`, which `convert` and `validate` share.
#[derive(Args, Debug)]
pub(super) struct OverrideArgs {
    /// Set a field, in AWS member names: `ResourceConfig.InstanceCount=2`,
    /// `InputDataConfig[0].ChannelName=train`, or a named list element as
    /// `diff` prints it: `InputDataConfig["train"].ContentType=text/csv`.
    /// The value is YAML flow or JSON (`OutputDataConfig={"S3OutputPath":
    /// "s3://b/out"}`); `null` removes the field. Repeatable.
    #[arg(long = "set", value_name = "PATH=VALUE")]
    pub(super) sets: Vec<String>,
    /// Merge a partial job (any supported format) over every input: its
    /// values win; structures and maps merge member by member, lists of
    /// named elements (channels, tags, rules) element by element by name,
    /// other lists are replaced.
    #[arg(long, value_name = "FILE")]
    pub(super) overlay: Option<PathBuf>,
}

impl OverrideArgs {
    /// Parses the `--set`s and reads the `--overlay` file.
    pub(super) fn overrides(&self, common: &Common) -> Result<Overrides, Fatal> {
        let mut overrides = Overrides::default();
        for s in &self.sets {
            overrides
                .sets
                .push(parse_set(s).map_err(|e| Fatal(format!("--set {e}")))?);
        }
        if let Some(path) = &self.overlay {
            overrides.overlay = Some(overlay(path, common)?);
        }
        Ok(overrides)
    }
}

/// Reads the `--overlay` file: one job whose members are merged into every
/// input. It is opened, recognised and read as an input is (its format is
/// its own, whatever --from says of the inputs), so its findings carry the
/// same positions and messages; they are printed like any input's, and an
/// invalid overlay stops the run (exit 2) before anything is converted.
/// What only its format's envelope holds (Kubernetes metadata, a Datadog
/// account) is not applied, and each such part is named in a warning.
fn overlay(path: &Path, common: &Common) -> Result<tjspec_model::Job, Fatal> {
    let mut read = ReadOptions::new();
    read.region = common.region.clone();
    read.resource = common.resource;
    let settings = Settings::new().read(read).partial(true);
    let name = path.to_string_lossy();
    let (mut jobs, mut documents, mut failed) = (Vec::new(), 0, 0);
    let Ok(()) = crate::batch::run_input(&Input::File(path.to_owned()), &settings, |p| {
        print_reports(&p.outcome.reports, common.message_format);
        jobs.extend(p.outcome.jobs);
        documents += p.outcome.documents;
        failed += p.outcome.failed;
        Ok::<(), std::convert::Infallible>(())
    });
    if failed > 0 {
        return Err(Fatal(format!(
            "--overlay {name}: not applied, it is not a valid job (see above)"
        )));
    }
    if documents > 1 {
        return Err(Fatal(format!(
            "--overlay {name}: expected one document, found {documents}"
        )));
    }
    match jobs.pop() {
        Some(doc) => Ok(doc.job),
        None => Err(Fatal(format!(
            "--overlay {name}: no training job in the file"
        ))),
    }
}

pub(super) fn read_options(common: &Common) -> ReadOptions {
    let mut options = ReadOptions::new()
        .allow_unknown(common.allow_unknown)
        .keep_expressions(common.keep_expressions)
        .pipeline_parameter_defaults(common.pipeline_parameters.is_some())
        .pipeline_parameters(common.pipeline_parameter.iter().cloned());
    // Unset, each format keeps its default (flyteidl: us-east-1).
    options.region = common.region.clone();
    options.resource = common.resource;
    options
}

pub(super) fn expand_inputs(common: &Common) -> Result<Vec<Input>, Fatal> {
    if common.inputs.is_empty() {
        // Piped or redirected: read it, as `jq` or `grep` would.
        if crate::inputs::stdin_is_piped() {
            return Ok(vec![Input::Stdin]);
        }
        return Err(Fatal(
            "no input given (pass files, directories, globs or `-` for standard input)".to_owned(),
        ));
    }
    let search = crate::inputs::Search {
        no_ignore: common.no_ignore,
    };
    crate::inputs::expand_with(&common.inputs, search).map_err(|e| Fatal(e.to_string()))
}
