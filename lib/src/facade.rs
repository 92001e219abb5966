//! The common cases in one call each: read jobs from bytes, validate them,
//! convert them to bytes of another format, compare two jobs.
//!
//! Each function runs the same [`pipeline`](crate::pipeline) as the
//! `tjspec` command, so a finding here is the finding the command prints.

use std::sync::Arc;

use crate::diff::{Change, DiffOptions};
use crate::format::{Doc, FormatId, RenderError, WriteOptions};
use crate::pipeline::{Outcome, Settings};
use crate::report::Report;
use crate::source::Source;
use tjspec_runtime::Code;

/// An input: its name (how findings name it), its bytes, and its format
/// when known.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Input {
    name: String,
    bytes: Vec<u8>,
    format: Option<FormatId>,
}

impl Input {
    /// An input whose format is detected from its content; the extension
    /// of `name` (`jobs.yaml`, `task.pb`) narrows the choice, as for a file.
    pub fn new(name: impl Into<String>, bytes: impl Into<Vec<u8>>) -> Self {
        Input {
            name: name.into(),
            bytes: bytes.into(),
            format: None,
        }
    }

    /// Reads the input as `format` instead of detecting it.
    pub fn format(mut self, format: FormatId) -> Self {
        self.format = Some(format);
        self
    }

    /// The input as the pipeline reads it: binary formats take any bytes,
    /// text formats UTF-8 (anything else is a finding, never a guess).
    fn source(&self, settings: &Settings) -> Result<Arc<Source>, crate::source::DecodeError> {
        let from = self.format.or(settings.from);
        let name = self.name.clone();
        if std::str::from_utf8(&self.bytes).is_err() {
            let binary = from.map_or_else(
                || {
                    crate::format::detect(
                        Some(std::path::Path::new(&self.name)),
                        &String::from_utf8_lossy(&self.bytes),
                    ) == Ok(FormatId::Flyteidl)
                },
                |f| f == FormatId::Flyteidl,
            );
            if binary {
                return Ok(Arc::new(Source::binary(name, self.bytes.clone())));
            }
        }
        Source::from_bytes(name, self.bytes.clone()).map(Arc::new)
    }
}

/// Runs `input` through the pipeline with `settings` (its format, when
/// the input names one, wins over [`Settings::from`]).
pub fn process(input: &Input, settings: &Settings) -> Outcome {
    let settings = match input.format {
        Some(f) => settings.clone().from(f),
        None => settings.clone(),
    };
    match input.source(&settings) {
        Ok(source) => {
            crate::pipeline::process(&source, Some(std::path::Path::new(&input.name)), &settings)
        }
        Err(e) => Outcome::whole_input(Report::new(
            Arc::new(Source::new(input.name.clone(), String::new())),
            None,
            tjspec_runtime::Diagnostic::error(Code::Encoding, e.message).with_span(e.span),
        )),
    }
}

/// Reads every job of `input` and checks the schema's constraints.
///
/// ```
/// let input = tjspec::Input::new("job.json", r#"{"TrainingJobName": "churn"}"#);
/// let outcome = tjspec::read(&input);
/// // A CreateTrainingJob request needs a role, an output path, ...
/// assert_eq!(outcome.failed, 1);
/// assert!(outcome.reports.iter().any(|r| r.diag.path == "RoleArn"));
/// ```
pub fn read(input: &Input) -> Outcome {
    process(input, &Settings::new())
}

/// Reads every job of `input` and checks it as `tjspec validate` does: the
/// schema's constraints, the cross-field rules and what the input's own
/// format requires.
///
/// ```
/// let job = br#"{
///   "TrainingJobName": "churn",
///   "RoleArn": "arn:aws:iam::111122223333:role/SageMaker",
///   "AlgorithmSpecification": {"TrainingImage": "x", "AlgorithmName": "y", "TrainingInputMode": "File"},
///   "OutputDataConfig": {"S3OutputPath": "s3://acme/out/"},
///   "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
///   "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
/// }"#;
/// let outcome = tjspec::validate(&tjspec::Input::new("job.json", &job[..]));
/// // Both an image and an algorithm name: a cross-field rule says no.
/// assert_eq!(outcome.failed, 1);
/// for finding in &outcome.reports {
///     eprintln!("{finding}"); // job.json:LINE:COLUMN: error[CODE] PATH: MESSAGE
/// }
/// ```
pub fn validate(input: &Input) -> Outcome {
    process(input, &Settings::new().rules(true))
}

/// The result of [`convert`]: the output and every finding.
#[derive(Debug)]
#[non_exhaustive]
pub struct Conversion {
    /// The jobs that converted, in the target format (several jobs: its
    /// multi-document form). Documents that failed are left out.
    pub output: Vec<u8>,
    /// Every finding, in document order: errors, warnings, the losses
    /// (code `loss` or `altered`) and notes.
    pub reports: Vec<Report>,
    /// How many documents the input held.
    pub documents: usize,
    /// How many of them failed (reported, left out of `output`).
    pub failed: usize,
}

impl Conversion {
    /// What the target format could not carry (or carries in a form that
    /// reads back differently), one finding each.
    pub fn losses(&self) -> impl Iterator<Item = &Report> {
        self.reports
            .iter()
            .filter(|r| matches!(r.diag.code, Code::Loss | Code::Altered))
    }

    /// Whether every document converted.
    pub fn is_ok(&self) -> bool {
        self.failed == 0
    }
}

/// Converts every job of `input` to `to` as `tjspec convert` does: the
/// schema's constraints are checked and everything `to` cannot carry is
/// reported. Status members are kept.
///
/// ```
/// let input = tjspec::Input::new("job.json", br#"{
///   "TrainingJobName": "churn",
///   "RoleArn": "arn:aws:iam::111122223333:role/SageMaker",
///   "AlgorithmSpecification": {"TrainingImage": "683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1", "TrainingInputMode": "File"},
///   "OutputDataConfig": {"S3OutputPath": "s3://acme/out/"},
///   "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
///   "StoppingCondition": {"MaxRuntimeInSeconds": 3600}
/// }"#.to_vec());
/// let conversion = tjspec::convert(&input, tjspec::FormatId::Flyteidl).unwrap();
/// assert!(conversion.is_ok());
/// // Protobuf bytes: flyteidl has no role or output path, and says so.
/// assert!(!conversion.output.is_empty());
/// assert!(conversion.losses().any(|r| r.diag.path == "RoleArn"));
/// ```
pub fn convert(input: &Input, to: FormatId) -> Result<Conversion, RenderError> {
    convert_with(input, &Settings::new().to(to))
}

/// [`convert`] with every setting: `--strict`, the cross-field rules,
/// overrides, read and write options. `settings.to` names the target; when
/// it is `None`, the jobs are written back in the input's format.
pub fn convert_with(input: &Input, settings: &Settings) -> Result<Conversion, RenderError> {
    let mut outcome = process(input, settings);
    let to = settings
        .to
        .or(input.format)
        .or(settings.from)
        .or_else(|| outcome.jobs.first().and_then(|d| d.envelope.from));
    let output = match to {
        Some(to) => {
            let (output, joined) = render_joined(to, &outcome.jobs, &settings.write)?;
            if !joined.is_empty() {
                let source = outcome.reports.first().map_or_else(
                    || Arc::new(Source::new(input.name.clone(), String::new())),
                    |r| r.source.clone(),
                );
                outcome
                    .reports
                    .extend(joined.into_iter().map(|diag| Report {
                        source: source.clone(),
                        document: None,
                        diag,
                    }));
            }
            output
        }
        None => Vec::new(),
    };
    Ok(Conversion {
        output,
        reports: outcome.reports,
        documents: outcome.documents,
        failed: outcome.failed,
    })
}

/// Prints jobs in a format, as bytes (several jobs: the format's
/// multi-document form; a format that holds one message refuses several).
///
/// Rendering reports nothing: what the format cannot carry, and its own
/// checks, are reported by [`convert`] (or the pipeline run with
/// [`Settings::to`] set to the same format).
///
/// ```
/// use tjspec::{model::TrainingJob, Doc, FormatId, WriteOptions};
/// let job = TrainingJob { training_job_name: Some("churn".into()), ..Default::default() };
/// let yaml = tjspec::render(FormatId::AwsYaml, &[Doc::new(job)], &WriteOptions::new()).unwrap();
/// assert_eq!(yaml, b"TrainingJobName: churn\n");
/// ```
pub fn render(to: FormatId, docs: &[Doc], options: &WriteOptions) -> Result<Vec<u8>, RenderError> {
    render_joined(to, docs, options).map(|(output, _)| output)
}

/// [`render`], with what joining the jobs into one document changed
/// (formats with a [`crate::format::Format::joiner`]: a state renamed).
fn render_joined(
    to: FormatId,
    docs: &[Doc],
    options: &WriteOptions,
) -> Result<(Vec<u8>, Vec<tjspec_runtime::Diagnostic>), RenderError> {
    // Writers take only the resources their format declares.
    if let Some(doc) = docs.iter().find(|d| !to.carries(d.job.resource())) {
        return Err(RenderError::Resource {
            format: to,
            resource: doc.job.resource(),
        });
    }
    let format = to.format();
    let Some(mut join) = format.joiner() else {
        return Ok((
            crate::pipeline::render_bytes(to, docs, options)?,
            Vec::new(),
        ));
    };
    let (mut output, mut found) = (Vec::new(), Vec::new());
    for doc in docs {
        // Each job printed as the streaming path prints it, then joined.
        let out = format.write(doc, options, &mut Vec::new());
        let mut alone = Vec::new();
        format.render_bytes(&out, docs.len() > 1, true, &mut alone)?;
        found.extend(join.push(doc, &alone, &mut output)?);
    }
    found.extend(join.finish(&mut output));
    Ok((output, found))
}

/// The differences between two jobs, as `tjspec diff` finds them: list
/// elements matched by name, status and what the service fills in by
/// itself left out, paths in `names`' spelling (`FormatId::Aws`: the AWS
/// member names).
///
/// ```
/// use tjspec::{model::TrainingJob, FormatId};
/// let a = TrainingJob { training_job_name: Some("churn".into()), ..Default::default() };
/// let b = TrainingJob { training_job_name: Some("churn-2".into()), ..Default::default() };
/// let changes = tjspec::diff(&a.into(), &b.into(), FormatId::Aws);
/// assert_eq!(changes.len(), 1);
/// assert_eq!(changes[0].path, "TrainingJobName");
/// ```
pub fn diff(a: &tjspec_model::Job, b: &tjspec_model::Job, names: FormatId) -> Vec<Change> {
    crate::diff::diff(a, b, names.binding(), DiffOptions::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_formats_refuse_bytes_that_are_not_utf8() {
        let outcome = read(&Input::new(
            "job.json",
            b"{\"TrainingJobName\": \"\xff\"}".to_vec(),
        ));
        assert_eq!(outcome.failed, 1);
        assert_eq!(outcome.reports[0].diag.code, Code::Encoding);
        assert_eq!(
            outcome.reports[0].to_string(),
            "job.json:1:22: error[encoding]: the input is not UTF-8 (invalid byte 0xff)"
        );
    }

    #[test]
    fn flyteidl_converts_to_bytes_and_back() {
        let json = br#"{"algorithmSpecification": {"algorithmName": "XGBOOST", "algorithmVersion": "1.7-1", "inputMode": "FILE"}, "trainingJobResourceConfig": {"instanceCount": "1", "instanceType": "ml.m5.xlarge", "volumeSizeInGb": "10"}}"#;
        let input = Input::new("job.json", &json[..]).format(FormatId::FlyteidlJson);
        let binary = convert(&input, FormatId::Flyteidl).unwrap();
        assert!(binary.is_ok(), "{:?}", binary.reports);
        // Protobuf, not hex text: field 1 (the algorithm specification),
        // wire type 2.
        assert_eq!(binary.output[0], 0x0a);
        let back = convert(&Input::new("job.pb", binary.output), FormatId::FlyteidlJson).unwrap();
        assert!(back.is_ok(), "{:?}", back.reports);
        let text = String::from_utf8(back.output).unwrap();
        assert!(text.contains("\"algorithmVersion\": \"1.7-1\""), "{text}");
    }

    #[test]
    fn several_jobs_do_not_fit_one_message() {
        let docs = [Doc::default(), Doc::default()];
        let e = render(FormatId::Flyteidl, &docs, &WriteOptions::new()).unwrap_err();
        assert!(
            matches!(
                e,
                RenderError::OneMessage {
                    format: FormatId::Flyteidl,
                    ..
                }
            ),
            "{e}"
        );
    }

    #[test]
    fn status_members_are_kept_by_default() {
        let input = Input::new(
            "describe.json",
            r#"{"TrainingJobName": "churn", "TrainingJobStatus": "Completed",
                "RoleArn": "arn:aws:iam::111122223333:role/SageMaker",
                "AlgorithmSpecification": {"TrainingImage": "acme/churn:1", "TrainingInputMode": "File"},
                "OutputDataConfig": {"S3OutputPath": "s3://acme/out/"},
                "ResourceConfig": {"InstanceType": "ml.m5.xlarge", "InstanceCount": 1, "VolumeSizeInGB": 10},
                "StoppingCondition": {"MaxRuntimeInSeconds": 3600}}"#,
        );
        let c = convert(&input, FormatId::Aws).unwrap();
        let text = String::from_utf8(c.output).unwrap();
        assert!(text.contains("\"TrainingJobStatus\""), "{text}");
    }
}
