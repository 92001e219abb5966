//! Datadog's `aws_sagemaker_trainingjob` resource rows.
//!
//! Datadog's resource catalog exports a training job as one JSON object:
//! the DescribeTrainingJob members in botocore snake_case (`role_arn`,
//! `resource_config.volume_size_in_gb`), plus two fields of its own:
//!
//! - `tags`: the job's tags as `"key:value"` strings. Read: a string splits
//!   at its first `:` (`"team:ml:core"` is key `team`, value `ml:core`); a
//!   string without `:` is a key with an empty value. Written: `key:value`,
//!   and `key:` for an empty value. A key that itself contains `:` cannot
//!   come back whole, so writing one is reported.
//! - `account_id`: the AWS account of `training_job_arn`. Written from the
//!   ARN; read and checked against it (a disagreement is an error). Without
//!   an ARN it is kept beside the job and written back to Datadog only.
//!
//! An inventory export holds many rows: JSON Lines (one row per line; a
//! broken line fails alone), a JSON array, or a single object are read; one
//! row is written as pretty JSON, several as JSON Lines.

use std::borrow::Cow;
use std::sync::OnceLock;

use tjspec_model::bindings::datadog::DATADOG;
use tjspec_runtime::{
    CanonPath, Diagnostic, Key, Node, NodeKind, Out, ReadCx, Seg, ShapeId, Span, StrStyle, Write,
    WriteCx,
};

use super::{
    envelope_losses, Carried, Clue, Declaration, Doc, Envelope, EnvelopePart, Format, FormatId,
    Lost, Precedence, ReadDoc, ReadOptions, ResourceId, Sniff, Syntax, WriteOptions,
};
use crate::source::Source;
use crate::syntax::{json, out_json, SyntaxError};
use tjspec_runtime::Code;

/// Datadog resource rows.
pub struct Datadog;

/// Datadog resource rows.
pub const DECLARATION: Declaration = Declaration {
    name: "datadog",
    help: "Datadog `aws_sagemaker_trainingjob` (and `aws_sagemaker_hyperparametertuningjob`) resource rows (snake_case JSON; JSON Lines for an inventory)",
    summary: "A row of Datadog's `aws_sagemaker_trainingjob` resource: the DescribeTrainingJob members in botocore snake_case (`role_arn`, `resource_config.volume_size_in_gb`), `tags` as `\"key:value\"` strings and `account_id`; a row of `aws_sagemaker_hyperparametertuningjob` likewise (told apart by its members). An inventory: JSON Lines (a broken line fails alone), or a JSON array, in; JSON Lines out.",
    syntax: Syntax::Json,
    extensions: &["json", "jsonl"],
    also_named: &[],
    precedence: Precedence::Naming,
    sniff,
    resources: CARRIED,
    envelope: &[EnvelopePart::DatadogRow],
};

/// Each resource's rows, with Datadog's names.
const CARRIED: &[Carried] = &[
    Carried {
        resource: ResourceId::TrainingJob,
        binding: &DATADOG,
        json_schema: Some("datadog"),
    },
    Carried {
        resource: ResourceId::HyperParameterTuningJob,
        binding: &DATADOG,
        json_schema: Some("datadog.hyper_parameter_tuning_job"),
    },
];

/// JSON rows with Datadog's own names.
fn sniff(clue: &Clue<'_>) -> Sniff {
    if clue.is_json() && looks_like(clue.text) {
        Sniff::Is(FormatId::Datadog)
    } else {
        Sniff::No
    }
}

/// The row field that holds the account of the job.
pub const ACCOUNT_ID: &str = "account_id";

/// Where the tags live in the schema: the job member and the Tag shape's
/// key and value members.
struct TagPlaces {
    root: ShapeId,
    member: u16,
    tag: ShapeId,
    key: u16,
    value: u16,
}

fn tag_places(resource: ResourceId) -> &'static TagPlaces {
    static P: OnceLock<Vec<TagPlaces>> = OnceLock::new();
    let all = P.get_or_init(|| {
        ResourceId::ALL
            .iter()
            .map(|r| places_of(r.shape()))
            .collect()
    });
    let i = ResourceId::ALL
        .iter()
        .position(|r| *r == resource)
        .expect("every resource is listed");
    &all[i]
}

/// Where `root`'s tags are (every resource has `Tags`, a list of `Tag`).
fn places_of(root: ShapeId) -> TagPlaces {
    {
        let schema = tjspec_model::SCHEMA;
        let index = |shape: ShapeId, name: &str| -> u16 {
            let i = schema
                .members(shape)
                .iter()
                .position(|m| m.name == name)
                .unwrap_or_else(|| panic!("the schema has {name}"));
            u16::try_from(i).expect("few members")
        };
        let member = index(root, "Tags");
        let list = schema.members(root)[usize::from(member)].shape;
        let tag = match schema.shape(list).kind {
            tjspec_runtime::ShapeKind::List { member, .. } => member,
            _ => panic!("Tags is a list"),
        };
        TagPlaces {
            root,
            member,
            tag,
            key: index(tag, "Key"),
            value: index(tag, "Value"),
        }
    }
}

fn name(shape: ShapeId, index: u16) -> &'static str {
    DATADOG
        .name(shape, index)
        .expect("the Datadog binding names the tags")
}

/// Splits a Datadog tag at its first `:`; no `:` means an empty value.
pub fn split_tag(tag: &str) -> (&str, &str) {
    tag.split_once(':').unwrap_or((tag, ""))
}

/// Joins a tag key and value the way Datadog writes them.
pub fn join_tag(key: &str, value: &str) -> String {
    format!("{key}:{value}")
}

/// The account of an ARN (`arn:aws:sagemaker:us-east-1:123456789012:...`).
pub fn arn_account(arn: &str) -> Option<&str> {
    let mut parts = arn.splitn(6, ':');
    let (Some("arn"), Some(_), Some(_), Some(_), Some(account), Some(_)) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    is_account_id(account).then_some(account)
}

fn is_account_id(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Whether JSON text looks like Datadog rows rather than AWS API JSON:
/// it has a `"training_job_name"`, `"hyper_parameter_tuning_job_name"` or
/// `"account_id"` key and no `"TrainingJobName"` or
/// `"HyperParameterTuningJobName"`.
pub fn looks_like(text: &str) -> bool {
    let has_key = |key: &str| {
        let quoted = format!("\"{key}\"");
        text.match_indices(&quoted).any(|(at, _)| {
            text[at + quoted.len()..]
                .trim_start_matches([' ', '\t', '\r', '\n'])
                .starts_with(':')
        })
    };
    let schema = tjspec_model::SCHEMA;
    let names = || {
        CARRIED.iter().filter_map(|c| {
            let (shape, i) = (c.resource.shape(), c.resource.name_member()?);
            let api = schema.members(shape)[usize::from(i)].name;
            Some((DATADOG.name(shape, i).unwrap_or(api), api))
        })
    };
    (names().any(|(row, _)| has_key(row)) || has_key(ACCOUNT_ID))
        && !names().any(|(_, api)| has_key(api))
}

/// Moves every position of a tree down by `lines` lines.
fn shift(node: &mut Node, lines: u32) {
    if node.span.is_known() {
        node.span.line += lines;
    }
    match &mut node.kind {
        NodeKind::Seq(items) => items.iter_mut().for_each(|n| shift(n, lines)),
        NodeKind::Map(entries) => {
            for (k, v) in entries {
                if k.span.is_known() {
                    k.span.line += lines;
                }
                shift(v, lines);
            }
        }
        _ => {}
    }
}

/// The rows of an input: one per JSON Lines line (each parsed alone, so a
/// broken line fails by itself), the elements of an array, or one object.
fn rows(text: &str) -> Vec<Result<Node, SyntaxError>> {
    match json::parse_values(text) {
        Ok(mut values) => {
            if values.len() == 1 && matches!(values[0].kind, NodeKind::Seq(_)) {
                match values.pop().map(|n| n.kind) {
                    Some(NodeKind::Seq(items)) => items.into_iter().map(Ok).collect(),
                    _ => unreachable!("checked above"),
                }
            } else {
                values.into_iter().map(Ok).collect()
            }
        }
        Err(e) => {
            // JSON Lines: when the first row is a whole line by itself, read
            // line by line so one broken row does not take the others down.
            let first_is_a_row = text
                .lines()
                .find(|l| !l.trim().is_empty())
                .is_some_and(|l| l.trim_start().starts_with('{') && json::parse_values(l).is_ok());
            if !first_is_a_row {
                return vec![Err(e)];
            }
            text.lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .flat_map(|(i, l)| {
                    let lines = u32::try_from(i).unwrap_or(u32::MAX);
                    match json::parse_values(l) {
                        Ok(values) => values
                            .into_iter()
                            .map(|mut n| {
                                shift(&mut n, lines);
                                Ok(n)
                            })
                            .collect::<Vec<_>>(),
                        Err(mut e) => {
                            e.span.line += lines;
                            vec![Err(e)]
                        }
                    }
                })
                .collect()
        }
    }
}

/// Turns the `"key:value"` strings of `tags` into Tag objects the generated
/// reader understands (keeping each string's position), reporting elements
/// that are not strings.
fn expand_tags(p: &TagPlaces, tags: &mut Node, diagnostics: &mut Vec<Diagnostic>) {
    let NodeKind::Seq(items) = &mut tags.kind else {
        // Not a list: the generated reader reports it.
        return;
    };
    for (i, item) in items.iter_mut().enumerate() {
        let span = item.span;
        let (key, value) = match &item.kind {
            NodeKind::Str(s, _) => {
                let (k, v) = split_tag(s);
                (k.to_owned(), v.to_owned())
            }
            _ => {
                let mut d = Diagnostic::error(
                    Code::Type,
                    format!(
                        "expected a \"key:value\" tag string, found {}",
                        item.kind_name()
                    ),
                )
                .with_path(format!("{}[{i}]", name(p.root, p.member)))
                .with_span(span)
                .with_canon(CanonPath(vec![
                    Seg::Member(p.root, p.member),
                    Seg::Index(i),
                ]));
                d.hint =
                    Some("Datadog writes each tag as one string, such as \"team:ml\"".to_owned());
                diagnostics.push(d);
                // A stand-in so the element is not reported twice; the
                // document fails on the error above.
                (String::new(), String::new())
            }
        };
        let string = |s: String| Node {
            kind: NodeKind::Str(s, StrStyle::Quoted),
            span,
        };
        let key_of = |index: u16| Key {
            name: name(p.tag, index).to_owned(),
            span,
        };
        *item = Node {
            kind: NodeKind::Map(vec![
                (key_of(p.key), string(key)),
                (key_of(p.value), string(value)),
            ]),
            span,
        };
    }
}

/// Reads one row.
pub fn read_row(index: usize, mut root: Node, options: &ReadOptions) -> ReadDoc {
    let NodeKind::Map(entries) = &mut root.kind else {
        let d = Diagnostic::error(
            Code::Type,
            format!(
                "expected a training job row (a JSON object), found {}",
                root.kind_name()
            ),
        )
        .with_span(root.span);
        return ReadDoc::failed(index, d);
    };
    let mut diagnostics = Vec::new();
    // `account_id` is not a member of the job: take it out before reading.
    let mut account: Option<Node> = None;
    let mut i = 0;
    while i < entries.len() {
        if entries[i].0.name != ACCOUNT_ID {
            i += 1;
            continue;
        }
        let (key, value) = entries.remove(i);
        if account.is_some() {
            diagnostics.push(
                Diagnostic::error(Code::DuplicateKey, format!("duplicate key `{ACCOUNT_ID}`"))
                    .with_path(ACCOUNT_ID)
                    .with_span(key.span)
                    .with_hint("remove one of the two entries"),
            );
        } else if !value.is_null() {
            account = Some(value);
        }
    }
    let resource = super::registry::resource_by_keys(
        CARRIED,
        entries.iter().map(|(k, _)| k.name.as_str()),
        options.resource,
    );
    let p = tag_places(resource);
    let tags_name = name(p.root, p.member);
    if let Some((_, tags)) = entries.iter_mut().find(|(k, _)| k.name == tags_name) {
        expand_tags(p, tags, &mut diagnostics);
    }

    let mut cx = ReadCx::new(&DATADOG, options.members, "");
    let job = resource.read(&root, &mut cx);
    diagnostics.extend(
        cx.diagnostics
            .into_iter()
            .map(|d| explain_create_only(resource, d)),
    );

    let mut envelope = Envelope {
        from: Some(FormatId::Datadog),
        ..Envelope::default()
    };
    if let Some(node) = account {
        match &node.kind {
            NodeKind::Str(s, _) if is_account_id(s) => {
                let from_arn = job.as_ref().and_then(|j| j.arn()).and_then(arn_account);
                match from_arn {
                    Some(a) if a != s => diagnostics.push(
                        Diagnostic::error(
                            Code::AccountId,
                            format!(
                                "account_id `{s}` disagrees with the account `{a}` of training_job_arn"
                            ),
                        )
                        .with_path(ACCOUNT_ID)
                        .with_span(node.span)
                        .with_hint(
                            "the two must name the same AWS account; fix whichever is wrong",
                        ),
                    ),
                    // The ARN carries it: nothing to keep.
                    Some(_) => {}
                    None => envelope.extras.push((ACCOUNT_ID.to_owned(), node)),
                }
            }
            NodeKind::Str(s, _) => diagnostics.push(
                Diagnostic::error(
                    Code::AccountId,
                    format!("account_id `{s}` is not an AWS account id (12 digits)"),
                )
                .with_path(ACCOUNT_ID)
                .with_span(node.span),
            ),
            _ => {
                let mut d = Diagnostic::error(
                    Code::Type,
                    format!("expected a string of 12 digits, found {}", node.kind_name()),
                )
                .with_path(ACCOUNT_ID)
                .with_span(node.span);
                if matches!(node.kind, NodeKind::Int(_)) {
                    d.hint = Some("quote the account id: leading zeros matter".to_owned());
                }
                diagnostics.push(d);
            }
        }
    }
    // Report in document order.
    diagnostics.sort_by_key(|d| d.span.map(|s| (s.line, s.col)));
    ReadDoc {
        index,
        job,
        envelope,
        root: Some(root),
        diagnostics,
        skipped: cx.skipped,
    }
}

/// An unknown top-level field that is a CreateTrainingJob-only member in
/// snake_case gets a hint saying so instead of a list of known fields.
fn explain_create_only(resource: ResourceId, mut d: Diagnostic) -> Diagnostic {
    if d.code != Code::UnknownField || d.path.contains(['.', '[']) {
        return d;
    }
    let schema = tjspec_model::SCHEMA;
    let root = resource.shape();
    let folded = d.path.replace('_', "");
    let member = schema.members(root).iter().enumerate().find(|(i, m)| {
        m.name.eq_ignore_ascii_case(&folded)
            && u16::try_from(*i).is_ok_and(|i| DATADOG.name(root, i).is_none())
    });
    if let Some((_, m)) = member {
        let meta = resource.meta();
        d.hint = Some(format!(
            "{} is a {} member; Datadog rows carry only what {} returns, plus tags",
            m.name, meta.create, meta.describe
        ));
    }
    d
}

/// Writes one row: the job with Datadog's names, `tags` as strings and
/// `account_id` from the ARN (or as read from a Datadog row).
pub fn write_row<'a>(doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
    let mut cx = WriteCx::new(&DATADOG, options.include_status);
    let out = doc.job.write(&mut cx);
    losses.extend(cx.losses.into_iter().map(Lost::Field));
    let Out::Map(mut entries) = out else {
        unreachable!("a job writes as a map")
    };
    let p = tag_places(doc.job.resource());
    let tags_name = name(p.root, p.member);
    if let Some((_, tags)) = entries.iter_mut().find(|(k, _)| k == tags_name) {
        collapse_tags(p, tags, losses);
    }
    let from_datadog = doc.envelope.from == Some(FormatId::Datadog);
    let account = doc
        .job
        .arn()
        .and_then(arn_account)
        .map(Cow::Borrowed)
        .or_else(|| {
            from_datadog
                .then(|| doc.envelope.extras.iter().find(|(p, _)| p == ACCOUNT_ID))
                .flatten()
                .and_then(|(_, n)| match &n.kind {
                    NodeKind::Str(s, _) => Some(Cow::Borrowed(s.as_str())),
                    _ => None,
                })
        });
    if let Some(a) = account {
        entries.insert(0, (Cow::Borrowed(ACCOUNT_ID), Out::Str(a)));
    }
    let mut envelope = Vec::new();
    envelope_losses(&doc.envelope, &mut envelope);
    losses.extend(envelope.into_iter().filter(|l| {
        !(from_datadog && matches!(l, Lost::Envelope { path, .. } if path == ACCOUNT_ID))
    }));
    Out::Map(entries)
}

/// Turns the written Tag objects into `"key:value"` strings.
fn collapse_tags(p: &TagPlaces, tags: &mut Out<'_>, losses: &mut Vec<Lost>) {
    let Out::Seq(items) = tags else { return };
    for (i, item) in items.iter_mut().enumerate() {
        let Out::Map(kv) = item else { continue };
        let part = |index: u16| {
            let n = name(p.tag, index);
            kv.iter()
                .find(|(k, _)| k == n)
                .and_then(|(_, v)| match v {
                    Out::Str(s) | Out::UserStr(s) => Some(s.as_ref()),
                    _ => None,
                })
                .unwrap_or("")
        };
        let (key, value) = (part(p.key), part(p.value));
        if key.contains(':') {
            let (k, v) = split_tag(key);
            losses.push(Lost::Altered {
                path: CanonPath(vec![
                    Seg::Member(p.root, p.member),
                    Seg::Index(i),
                    Seg::Member(p.tag, p.key),
                ]),
                reason: format!(
                    "the tag key `{key}` contains `:`; Datadog's `key:value` form reads it back as key `{k}` with a value starting `{v}:`"
                ),
            });
        }
        *item = Out::Str(Cow::Owned(join_tag(key, value)));
    }
}

impl Format for Datadog {
    fn id(&self) -> FormatId {
        FormatId::Datadog
    }

    fn declaration(&self) -> &'static Declaration {
        &DECLARATION
    }

    fn read(&self, source: &Source, options: &ReadOptions) -> Vec<ReadDoc> {
        rows(&source.text)
            .into_iter()
            .enumerate()
            .map(|(i, row)| match row {
                Ok(node) => read_row(i, node, options),
                Err(e) => ReadDoc::syntax_error(i, e),
            })
            .collect()
    }

    fn locate(&self, root: &Node, path: &CanonPath) -> (String, Option<Span>) {
        path.locate(root, &DATADOG, "")
    }

    fn write<'a>(&self, doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
        write_row(doc, options, losses)
    }

    fn render(&self, out: &Out<'_>, several: bool, _first: bool, buf: &mut String) {
        out_json::render(out, several, out_json::pretty, buf);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_split_at_the_first_colon() {
        assert_eq!(split_tag("team:ml"), ("team", "ml"));
        assert_eq!(split_tag("team:ml:core"), ("team", "ml:core"));
        assert_eq!(split_tag("team:"), ("team", ""));
        assert_eq!(split_tag("team"), ("team", ""));
        assert_eq!(split_tag(":x"), ("", "x"));
        assert_eq!(join_tag("team", ""), "team:");
    }

    #[test]
    fn accounts_come_from_arns() {
        assert_eq!(
            arn_account("arn:aws:sagemaker:us-east-1:123456789012:training-job/x"),
            Some("123456789012")
        );
        assert_eq!(
            arn_account("arn:aws-cn:sagemaker:cn-north-1:000000000001:training-job/a:b"),
            Some("000000000001")
        );
        assert_eq!(
            arn_account("arn:aws:sagemaker:us-east-1:12345:training-job/x"),
            None
        );
        assert_eq!(arn_account("training-job/x"), None);
    }

    #[test]
    fn detection_looks_at_keys() {
        assert!(looks_like(r#"{"training_job_name": "a"}"#));
        assert!(looks_like("{\"account_id\"\n : \"123456789012\"}"));
        assert!(!looks_like(
            r#"{"TrainingJobName": "a", "HyperParameters": {"x": "account_id"}}"#
        ));
        assert!(!looks_like(
            r#"{"TrainingJobName": "a", "Environment": {"training_job_name": "x"}}"#
        ));
    }

    #[test]
    fn json_lines_rows_fail_alone() {
        let text = "{\"training_job_name\": \"a\"}\n{\"training_job_name\": \n{\"training_job_name\": \"c\"}\n";
        let rows = rows(text);
        assert_eq!(rows.len(), 3);
        assert!(rows[0].is_ok() && rows[2].is_ok());
        let e = rows[1].as_ref().unwrap_err();
        assert_eq!(e.span.line, 2);
        assert_eq!(rows[2].as_ref().unwrap().span.line, 3);
    }
}
