//! Manifests of the SageMaker Operators for Kubernetes, which AWS
//! deprecated in favour of ACK: `apiVersion: sagemaker.aws.amazon.com/v1`,
//! `kind: TrainingJob` or `kind: HyperparameterTuningJob` (every resource
//! the generated `tjspec_model::sm_operator::RESOURCES` lists; reading
//! picks it by `kind`, writing by the job's resource).
//!
//! The job is `spec` (the create request in the operator's names:
//! `roleArn`, `s3Uri`, maps as lists of `{name, value}`) plus `status`
//! (the describe response members the operator mirrors). Like
//! ACK's, the generated binding names job members by their path from the
//! manifest root (`spec.roleArn`), so reading flattens `spec` and `status`
//! into one map with those keys and writing nests them again; `pairs`
//! turns the operator's lists of pairs into maps and back.
//!
//! Beside the job a manifest carries `metadata` (shared Kubernetes code),
//! `spec.region` (the operator requires it; no other format has it: a note
//! when leaving, `--region` or the ARN's region when writing; a manifest
//! without one fails validation, as the operator's CRD requires it),
//! `spec.sageMakerEndpoint` and the operator's own status fields (kept for
//! sm-operator output, reported as not carried elsewhere). A manifest
//! without the job's name in `spec` (`spec.trainingJobName`,
//! `spec.hyperParameterTuningJobName`) names its job after the object, as
//! the operator did: the name the operator recorded in `status`
//! (`status.sageMakerTrainingJobName`), `metadata.name` otherwise (with a
//! note).

mod pairs;
mod read;
mod write;

use tjspec_model::bindings::sm_operator::SM_OPERATOR;
use tjspec_runtime::{CanonPath, Code, Diagnostic, Node, Out, Seg, Span};

use super::kubernetes::{self, ObjectType};
use super::{
    Carried, Clue, Declaration, Doc, EnvelopePart, Format, FormatId, Lost, Precedence, ReadDoc,
    ReadOptions, ResourceId, Sniff, Syntax, WriteOptions,
};
use crate::source::Source;
use crate::syntax::out_yaml;

use tjspec_model::sm_operator::CustomResource;

pub use tjspec_model::sm_operator::API_VERSION;

/// Where the region is kept in the envelope.
const REGION: &str = "spec.region";

/// Manifests of the SageMaker Operators for Kubernetes.
pub struct SmOperator;

/// Manifests of the SageMaker Operators for Kubernetes.
pub const DECLARATION: Declaration = Declaration {
    name: "sm-operator",
    help: "TrainingJob and HyperparameterTuningJob manifests of the deprecated SageMaker Operators for Kubernetes (`sagemaker.aws.amazon.com/v1`), YAML or JSON",
    summary: "`TrainingJob` and `HyperparameterTuningJob` manifests of the SageMaker Operators for Kubernetes, which AWS deprecated in favour of ACK, `apiVersion: sagemaker.aws.amazon.com/v1`: YAML streams or JSON in, YAML out. `spec.region` is kept for this format only; writing takes it from `--region` or the job's ARN. Its CRDs are generated too.",
    syntax: Syntax::Yaml,
    extensions: &["yaml", "yml"],
    also_named: &[],
    precedence: Precedence::Object,
    sniff,
    resources: &[
        Carried {
            resource: ResourceId::TrainingJob,
            binding: &SM_OPERATOR,
            json_schema: Some("sm-operator"),
        },
        Carried {
            resource: ResourceId::HyperParameterTuningJob,
            binding: &SM_OPERATOR,
            json_schema: None,
        },
    ],
    envelope: &[EnvelopePart::KubernetesObject],
};

/// The operator's API group, as `apiVersion` values start.
const GROUP: &str = "sagemaker.aws.amazon.com/";

/// An input is the operator's when some `apiVersion` names its API group
/// (ACK objects in the same stream are then reported, with a hint to read
/// them with `--from ack`).
fn sniff(clue: &Clue<'_>) -> Sniff {
    if clue.mentions_api_version() && api_version_starts(clue.text, GROUP) {
        Sniff::Is(FormatId::SmOperator)
    } else {
        Sniff::No
    }
}

/// Whether some `apiVersion` key's value starts with `prefix`.
fn api_version_starts(text: &str, prefix: &str) -> bool {
    text.match_indices("apiVersion").any(|(at, m)| {
        let rest = text[at + m.len()..].trim_start_matches(['"', '\'']);
        let Some(rest) = rest.trim_start().strip_prefix(':') else {
            return false;
        };
        rest.trim_start()
            .trim_start_matches(['"', '\''])
            .starts_with(prefix)
    })
}

/// The operator's objects of each resource, in a stream of Kubernetes objects.
fn object_types() -> &'static [ObjectType] {
    static TYPES: std::sync::OnceLock<Vec<ObjectType>> = std::sync::OnceLock::new();
    TYPES.get_or_init(|| {
        tjspec_model::sm_operator::RESOURCES
            .iter()
            .map(|c| ObjectType {
                api_version: c.api_version,
                kind: c.kind,
                list_kind: c.list_kind,
                other_versions: &[(
                    "sagemaker.services.k8s.aws/",
                    "this is an ACK manifest; read it with --from ack",
                )],
                described: match c.resource {
                    ResourceId::HyperParameterTuningJob => "a SageMaker operator tuning job",
                    _ => "a SageMaker operator training job",
                },
                defined_by: "the SageMaker operator",
                resource: c.resource,
                read: read::read_manifest,
            })
            .collect()
    })
}

/// The operator's custom resource of `resource`; the pipeline hands the
/// format only jobs of resources it declares, which the table has.
fn custom_resource(resource: ResourceId) -> &'static CustomResource {
    tjspec_model::sm_operator::of(resource).expect("the operator has every resource it declares")
}

/// The region of a SageMaker ARN.
fn arn_region(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    (parts.next()? == "arn").then_some(())?;
    let _partition = parts.next()?;
    let _service = parts.next()?;
    let region = parts.next()?;
    parts.next()?;
    (!region.is_empty()).then_some(region)
}

/// Where the region an output gets comes from.
#[derive(Debug, PartialEq)]
enum RegionFrom<'a> {
    /// `--region`.
    Option(&'a str),
    /// The input's own `spec.region`.
    Input(&'a str),
    /// The region of the job's ARN.
    Arn(&'a str),
}

impl<'a> RegionFrom<'a> {
    fn region(&self) -> &'a str {
        match self {
            RegionFrom::Option(r) | RegionFrom::Input(r) | RegionFrom::Arn(r) => r,
        }
    }
}

/// The region an output gets: `--region`, else the input's `spec.region`,
/// else the region of the job's ARN.
fn region<'a>(doc: &'a Doc, options: &'a WriteOptions) -> Option<RegionFrom<'a>> {
    if let Some(r) = &options.region {
        return Some(RegionFrom::Option(r));
    }
    let kept = doc
        .envelope
        .extras
        .iter()
        .find(|(p, _)| p == REGION)
        .and_then(|(_, n)| kubernetes::str_value(n));
    if let Some(r) = kept {
        return Some(RegionFrom::Input(r));
    }
    doc.job.arn().and_then(arn_region).map(RegionFrom::Arn)
}

/// The canonical path of the job's ARN member and its API name.
fn arn_member(resource: ResourceId) -> Option<(CanonPath, &'static str)> {
    let shape = resource.shape();
    let i = resource.arn_member()?;
    let name = tjspec_model::SCHEMA.members(shape)[usize::from(i)].name;
    Some((CanonPath(vec![Seg::Member(shape, i)]), name))
}

/// What writing `doc` for the operator needs: a region, and every field
/// the operator's CRD requires (it requires fields the API does not, such
/// as `resourceConfig.instanceCount`, which a job with instance groups lacks).
pub fn check_manifest(doc: &Doc, options: &WriteOptions) -> Vec<Diagnostic> {
    let resource = doc.job.resource();
    let Some(crd) = tjspec_model::sm_operator::of(resource) else {
        return Vec::new();
    };
    let arn = arn_member(resource);
    let mut out = Vec::new();
    match region(doc, options) {
        None => out.push(
            Diagnostic::error(
                Code::Required,
                "the SageMaker operator requires spec.region, and neither the input nor the job's ARN has one",
            )
            .with_hint(if doc.envelope.from == Some(FormatId::SmOperator) {
                "add `region:` to the manifest's spec, or pass --region (the region to create the job in)"
            } else {
                "pass --region (the region to create the job in)"
            }),
        ),
        Some(RegionFrom::Arn(r)) => {
            let (canon, name) = match arn {
                Some((c, name)) => (Some(c), name),
                None => (None, "the job's ARN"),
            };
            let mut d = Diagnostic::note(
                Code::Region,
                format!("spec.region `{r}` is the region of {name}"),
            );
            if let Some(c) = canon {
                d = d.with_canon(c);
            }
            out.push(d);
        }
        Some(RegionFrom::Option(r)) => {
            if let Some(problem) = region_problem(r) {
                out.push(Diagnostic::error(
                    Code::Region,
                    format!("--region `{r}` is not an AWS region: {problem}"),
                ));
            }
        }
        Some(RegionFrom::Input(r)) => {
            // A manifest's own region (or the placeholder `tjspec new` writes).
            if let Some(problem) = region_problem(r) {
                let mut d = Diagnostic::error(
                    Code::Region,
                    format!("spec.region `{r}` is not an AWS region: {problem}"),
                )
                .with_path(REGION)
                .with_hint("write the region to create the job in, or pass --region");
                let span = doc
                    .envelope
                    .extras
                    .iter()
                    .find(|(p, _)| p == REGION)
                    .map(|(_, n)| n.span)
                    .filter(|s| s.is_known());
                if let Some(span) = span {
                    d = d.with_span(span);
                }
                out.push(d);
            }
        }
    }
    let mut losses = Vec::new();
    let written = write::write_manifest(doc, options, &mut losses);
    let mut missing = Vec::new();
    for path in crd.required {
        if *path == REGION {
            continue;
        }
        missing_at(&written, path, String::new(), &mut missing);
    }
    let mut closed = Vec::new();
    for (path, allowed) in crd.closed {
        let mut found = Vec::new();
        strings_at(&written, path, String::new(), &mut found);
        for (at, value) in found {
            if !allowed.contains(&value.as_str()) {
                closed.push((at, value, *allowed));
            }
        }
    }
    for (path, value, allowed) in closed {
        let mut d = Diagnostic::error(
            Code::Enum,
            format!(
                "the SageMaker operator's CRD takes only {} at {path}; the API server would reject `{value}`",
                allowed.join(", ")
            ),
        )
        .with_hint("the operator predates this value: convert to a format that has it (ack)");
        if let Some(c) = member_of(resource, &path) {
            d = d.with_canon(c);
        }
        out.push(d);
    }
    for path in missing {
        let member = member_of(resource, &path);
        let mut d = Diagnostic::error(
            Code::Required,
            format!("the SageMaker operator's CRD requires {path}; the API server would reject the manifest"),
        )
        .with_hint("set it (--set), or convert to a format that does not need it (ack)");
        if let Some(c) = member {
            d = d.with_canon(c);
        }
        out.push(d);
    }
    out
}

/// The job member a field of the manifest (`spec.resourceConfig.instanceType`)
/// lies in, to locate findings about it in the input.
fn member_of(resource: ResourceId, path: &str) -> Option<CanonPath> {
    let shape = resource.shape();
    path.strip_prefix("spec.")
        .map(|rest| rest.split(['.', '[']).next().unwrap_or(rest))
        .and_then(|name| SM_OPERATOR.member(shape, &format!("spec.{name}")))
        .map(|i| CanonPath(vec![Seg::Member(shape, i)]))
}

/// Collects the strings at `path` (`spec.inputDataConfig[].inputMode`) in
/// a written manifest, each with its path (`spec.inputDataConfig[0].inputMode`).
fn strings_at(out: &Out<'_>, path: &str, at: String, found: &mut Vec<(String, String)>) {
    let (step, rest) = match path.split_once('.') {
        Some((s, r)) => (s, Some(r)),
        None => (path, None),
    };
    let (name, element) = match step.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (step, false),
    };
    let Out::Map(entries) = out else { return };
    let Some((_, value)) = entries.iter().find(|(k, _)| k == name) else {
        return;
    };
    let here = if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    };
    match (element, rest, value) {
        (true, Some(rest), Out::Seq(items)) => {
            for (i, item) in items.iter().enumerate() {
                strings_at(item, rest, format!("{here}[{i}]"), found);
            }
        }
        (false, Some(rest), v) => strings_at(v, rest, here, found),
        (false, None, Out::Str(s) | Out::UserStr(s)) => found.push((here, s.to_string())),
        _ => {}
    }
}

/// Why `r` is not an AWS region name (`us-west-2`), if it is not.
fn region_problem(r: &str) -> Option<&'static str> {
    let ok = !r.is_empty()
        && r.len() <= 32
        && r.split('-').count() >= 3
        && r.chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    (!ok).then_some("regions are written like `us-west-2`")
}

/// Collects the paths (`spec.inputDataConfig[0].channelName`) where the
/// required field `path` (`spec.inputDataConfig[].channelName`) is missing
/// from an object that is there.
fn missing_at(out: &Out<'_>, path: &str, at: String, missing: &mut Vec<String>) {
    let (step, rest) = match path.split_once('.') {
        Some((s, r)) => (s, Some(r)),
        None => (path, None),
    };
    let (name, element) = match step.strip_suffix("[]") {
        Some(n) => (n, true),
        None => (step, false),
    };
    let Out::Map(entries) = out else { return };
    let here = if at.is_empty() {
        name.to_owned()
    } else {
        format!("{at}.{name}")
    };
    let Some((_, value)) = entries.iter().find(|(k, _)| k == name) else {
        if rest.is_none() {
            missing.push(here);
        }
        return;
    };
    let Some(rest) = rest else { return };
    match (element, value) {
        (true, Out::Seq(items)) => {
            for (i, item) in items.iter().enumerate() {
                missing_at(item, rest, format!("{here}[{i}]"), missing);
            }
        }
        (false, v) => missing_at(v, rest, here, missing),
        _ => {}
    }
}

impl Format for SmOperator {
    fn id(&self) -> FormatId {
        FormatId::SmOperator
    }

    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        let types: Vec<&ObjectType> = object_types().iter().collect();
        kubernetes::read_objects_of(source, options, &types)
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        path.locate(root, &SM_OPERATOR, "")
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        write::write_manifest(doc, options, losses)
    }

    fn check(&self, doc: &Doc, options: &WriteOptions) -> Vec<Diagnostic> {
        let mut out = check_manifest(doc, options);
        out.extend(kubernetes::check_object(doc, options));
        out
    }

    fn render(&self, out: &Out<'_>, _several: bool, first: bool, buf: &mut String) {
        if !first {
            buf.push_str("---\n");
        }
        out_yaml::document(out, buf);
    }

    fn split(&self, head: &str) -> crate::stream::Split {
        // A YAML stream converts document by document; JSON is read whole.
        let head = head.trim_start_matches('\u{feff}').trim_start();
        if head.starts_with('{') || head.starts_with('[') {
            crate::stream::Split::Whole
        } else {
            crate::stream::Split::YamlDocuments
        }
    }

    fn separator(&self) -> &'static str {
        "---\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_from_arns() {
        assert_eq!(
            arn_region("arn:aws:sagemaker:eu-west-1:111122223333:training-job/x"),
            Some("eu-west-1")
        );
        assert_eq!(arn_region("arn:aws:sagemaker::1:training-job/x"), None);
        assert_eq!(arn_region("nope"), None);
    }

    #[test]
    fn region_names() {
        assert_eq!(region_problem("us-west-2"), None);
        assert_eq!(region_problem("us-gov-west-1"), None);
        assert!(region_problem("US-WEST-2").is_some());
        assert!(region_problem("uswest2").is_some());
    }

    #[test]
    fn detection() {
        let clue = |t| Clue::new(None, t);
        assert_eq!(
            sniff(&clue(
                "apiVersion: sagemaker.aws.amazon.com/v1\nkind: TrainingJob\n"
            )),
            Sniff::Is(FormatId::SmOperator)
        );
        assert_eq!(
            sniff(&clue(
                "apiVersion: sagemaker.services.k8s.aws/v1alpha1\nkind: TrainingJob\n"
            )),
            Sniff::No
        );
        assert_eq!(
            sniff(&clue("{\"apiVersion\": \"sagemaker.aws.amazon.com/v1\"}")),
            Sniff::Is(FormatId::SmOperator)
        );
        assert_eq!(
            sniff(&clue(
                "kind: TrainingJob\nnote: apiVersion sagemaker.aws.amazon.com/v1\n"
            )),
            Sniff::No
        );
    }

    #[test]
    fn model_artifacts_without_their_path_are_lost_not_written_empty() {
        let doc = Doc {
            job: tjspec_model::TrainingJob {
                training_job_name: Some("j".into()),
                model_artifacts: Some(Default::default()),
                ..Default::default()
            }
            .into(),
            envelope: Default::default(),
        };
        let options = WriteOptions {
            include_status: true,
            region: Some("us-west-2".into()),
            ..WriteOptions::default()
        };
        let mut losses = Vec::new();
        let out = write::write_manifest(&doc, &options, &mut losses);
        let job = ResourceId::TrainingJob.shape();
        let member = SM_OPERATOR.member(job, "status.modelPath").unwrap();
        assert_eq!(
            losses,
            [Lost::Field(CanonPath(vec![Seg::Member(job, member)]))]
        );
        let Out::Map(top) = out else { panic!() };
        assert!(!top.iter().any(|(k, _)| k == "status"), "{top:?}");
    }

    #[test]
    fn required_fields_are_found_in_list_elements() {
        use std::borrow::Cow;
        let s = |v: &'static str| Out::Str(Cow::Borrowed(v));
        let out = Out::Map(vec![(
            Cow::Borrowed("spec"),
            Out::Map(vec![(
                Cow::Borrowed("inputDataConfig"),
                Out::Seq(vec![
                    Out::Map(vec![(Cow::Borrowed("channelName"), s("train"))]),
                    Out::Map(vec![(Cow::Borrowed("contentType"), s("text/csv"))]),
                ]),
            )]),
        )]);
        let mut missing = Vec::new();
        missing_at(
            &out,
            "spec.inputDataConfig[].channelName",
            String::new(),
            &mut missing,
        );
        assert_eq!(missing, ["spec.inputDataConfig[1].channelName"]);
        let mut found = Vec::new();
        strings_at(
            &out,
            "spec.inputDataConfig[].channelName",
            String::new(),
            &mut found,
        );
        assert_eq!(
            found,
            [(
                "spec.inputDataConfig[0].channelName".to_owned(),
                "train".to_owned()
            )]
        );
        missing.clear();
        // An absent optional object needs none of its required fields.
        missing_at(&out, "spec.vpcConfig.subnets", String::new(), &mut missing);
        assert!(missing.is_empty());
    }
}
