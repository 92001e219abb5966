//! Writing a job as a state machine with one Task state (several jobs of
//! one output are joined into one machine by `join`).

use std::borrow::Cow;

use tjspec_model::bindings::aws::AWS;
use tjspec_model::SCHEMA;
use tjspec_runtime::Code;
use tjspec_runtime::{Diagnostic, NodeKind, Out, Seg};

use super::super::expression::{self, holds_placeholder, slot, Language};
use super::super::workflow::{around_losses, kept_items, Workflow};
use super::super::{envelope_losses, node_out, Doc, FormatId, Lost, WriteOptions};
use super::QueryLanguage;

/// State names are at most 80 characters.
pub(super) const MAX_STATE_NAME: usize = 80;

/// The query language the output's state uses: `--sfn-query-language`,
/// else the input state's, else JSONPath.
pub(super) fn output_language(doc: &Doc, options: &WriteOptions) -> QueryLanguage {
    options.sfn_query_language.unwrap_or_else(|| {
        if doc.envelope.from != Some(FormatId::Sfn) {
            return QueryLanguage::JsonPath;
        }
        match implied(doc, "QueryLanguage").map(|n| &n.kind) {
            Some(NodeKind::Str(s, _)) => {
                QueryLanguage::from_spelled(s).unwrap_or(QueryLanguage::JsonPath)
            }
            _ => QueryLanguage::JsonPath,
        }
    })
}

fn implied<'a>(doc: &'a Doc, name: &str) -> Option<&'a tjspec_runtime::Node> {
    doc.envelope
        .implied
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v)
}

/// Expressions of the other query language cannot go in the output's state.
pub(super) fn check(doc: &Doc, options: &WriteOptions) -> Vec<Diagnostic> {
    let language = output_language(doc, options);
    doc.envelope
        .expressions
        .iter()
        .filter(|e| {
            matches!(e.language, Language::JsonPath | Language::Jsonata)
                && e.language != language.expressions()
        })
        .map(|e| {
            Diagnostic::error(
                Code::Expression,
                format!(
                    "`{}` is {}; a {} state cannot hold it",
                    expression::shown(&e.text),
                    e.language.describe(),
                    language.spelled()
                ),
            )
            .with_canon(e.canon.clone())
            .with_span(e.span)
            .with_hint(format!(
                "write the state in the expression's query language (leave out --sfn-query-language), or supply the value with `--set {}=...`",
                e.canon.spell_api(SCHEMA)
            ))
        })
        .collect()
}

/// The state's name: the label (a state or step name, a Terraform block
/// label), else the job name, else `TrainingJob`.
fn state_name(doc: &Doc) -> String {
    let name_is_expression = doc.envelope.expressions.iter().any(|e| {
        let r = doc.job.resource();
        r.name_member()
            .is_some_and(|i| e.canon.0 == [Seg::Member(r.shape(), i)])
    });
    let name = doc
        .envelope
        .label
        .clone()
        .or_else(|| {
            (!name_is_expression)
                .then(|| doc.job.name().map(str::to_owned))
                .flatten()
        })
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| doc.job.resource().name().to_owned());
    name.chars().take(MAX_STATE_NAME).collect()
}

pub(super) fn write<'a>(doc: &'a Doc, options: &WriteOptions, losses: &mut Vec<Lost>) -> Out<'a> {
    let mut request = super::request(doc, options, losses);
    let language = output_language(doc, options);
    lookalikes(&request, doc.job.shape(), &mut Vec::new(), language, losses);
    put_back(&mut request, doc, language);
    if language == QueryLanguage::Jsonata {
        empty_strings_as_literals(&mut request);
    }
    let from_sfn = doc.envelope.from == Some(FormatId::Sfn);
    if !from_sfn {
        envelope_losses(&doc.envelope, losses);
    }
    let resource = implied(doc, "Resource")
        .filter(|_| from_sfn)
        .and_then(|n| node_out(n, Out::Str))
        .unwrap_or_else(|| Out::Str(Cow::Owned(super::sync_resource(doc.job.resource()))));
    let mut state: Vec<(Cow<'a, str>, Out<'a>)> = vec![
        (Cow::Borrowed("Type"), Out::Str(Cow::Borrowed("Task"))),
        (Cow::Borrowed("Resource"), resource),
        (Cow::Borrowed(language.payload()), request),
    ];
    if from_sfn {
        around_losses(&doc.envelope, losses);
        for (path, node) in &doc.envelope.extras {
            let field = path.rsplit('.').next().unwrap_or(path);
            let value = match (field, &doc.envelope.workflow) {
                ("Catch", Some(workflow)) => catchers(path, node, workflow, losses),
                _ => node_out(node, Out::UserStr),
            };
            if let Some(v) = value {
                state.push((Cow::Borrowed(field), v));
            }
        }
    }
    if language == QueryLanguage::Jsonata {
        state.push((
            Cow::Borrowed("QueryLanguage"),
            Out::Str(Cow::Borrowed("JSONata")),
        ));
    }
    state.push((Cow::Borrowed("End"), Out::Bool(true)));
    let name = state_name(doc);
    Out::Map(vec![
        (Cow::Borrowed("StartAt"), Out::Str(Cow::Owned(name.clone()))),
        (
            Cow::Borrowed("States"),
            Out::Map(vec![(Cow::Owned(name), Out::Map(state))]),
        ),
    ])
}

/// The state's catchers (`Catch`, at `path`) that the output can hold:
/// one going on to a state that is not a training state of its machine
/// would name a state the output does not have (a machine Step Functions
/// refuses), so it is left out and named as a loss.
fn catchers<'a>(
    path: &str,
    node: &'a tjspec_runtime::Node,
    workflow: &Workflow,
    losses: &mut Vec<Lost>,
) -> Option<Out<'a>> {
    kept_items(path, node, losses, |catcher| {
        match catcher.get("Next").map(|n| &n.kind) {
        Some(NodeKind::Str(next, _)) if !workflow.is_job(next) => Some(format!(
            "this catcher goes on to the state `{next}`, which is not a training state and is not in the output; the catcher is left out"
        )),
        _ => None,
    }
    })
}

/// Names the values of the request (before its expressions are put back)
/// that the state's query language reads as something else: in JSONPath a
/// map key ending in `.$` (a path), in JSONata a string `{% … %}` (an
/// expression). The States Language has no way to escape either; they are
/// written as they are and named as altered (a loss under `--strict`).
fn lookalikes(
    out: &Out<'_>,
    shape: tjspec_runtime::ShapeId,
    canon: &mut Vec<Seg>,
    language: QueryLanguage,
    losses: &mut Vec<Lost>,
) {
    use tjspec_runtime::meta::ShapeKind;
    match (out, &SCHEMA.shape(shape).kind) {
        (Out::Map(entries), ShapeKind::Structure { members }) => {
            for (k, v) in entries {
                if let Some(i) = AWS.member(shape, k) {
                    canon.push(Seg::Member(shape, i));
                    lookalikes(v, members[usize::from(i)].shape, canon, language, losses);
                    canon.pop();
                }
            }
        }
        (Out::Map(entries), ShapeKind::Map { value, .. }) => {
            for (k, v) in entries {
                canon.push(Seg::Key(k.to_string()));
                if language == QueryLanguage::JsonPath && k.ends_with(".$") {
                    losses.push(Lost::Altered {
                        path: tjspec_runtime::CanonPath(canon.clone()),
                        reason: format!(
                            "the key `{k}` ends in `.$`, which a JSONPath state reads as a path to a value, not as a key; `--sfn-query-language jsonata` keeps it"
                        ),
                    });
                }
                lookalikes(v, *value, canon, language, losses);
                canon.pop();
            }
        }
        (Out::Seq(items), ShapeKind::List { member, .. }) => {
            for (i, item) in items.iter().enumerate() {
                canon.push(Seg::Index(i));
                lookalikes(item, *member, canon, language, losses);
                canon.pop();
            }
        }
        (Out::Str(text) | Out::UserStr(text), _)
            if language == QueryLanguage::Jsonata && super::is_jsonata(text) =>
        {
            losses.push(Lost::Altered {
                path: tjspec_runtime::CanonPath(canon.clone()),
                reason: format!(
                    "the value `{text}` is written as a JSONata expression is, which a JSONata state evaluates; `--sfn-query-language jsonpath` keeps it"
                ),
            });
        }
        _ => {}
    }
}

/// Puts the state's expressions back: JSONata as `{% … %}` strings in
/// place, JSONPath as the member's key with `.$` added.
fn put_back<'a>(request: &mut Out<'a>, doc: &'a Doc, language: QueryLanguage) {
    let wanted = language.expressions();
    for e in doc
        .envelope
        .expressions
        .iter()
        .filter(|e| e.language == wanted)
    {
        match language {
            QueryLanguage::Jsonata => {
                if let Some(v) = slot(request, &e.canon.0, &AWS) {
                    if holds_placeholder(v, e) {
                        *v = Out::Str(Cow::Borrowed(&e.text));
                    }
                }
            }
            QueryLanguage::JsonPath => {
                let Some((last, parent)) = e.canon.0.split_last() else {
                    continue;
                };
                let name = match last {
                    Seg::Member(s, i) => match AWS.name(*s, *i) {
                        Some(n) => n.to_owned(),
                        None => continue,
                    },
                    Seg::Key(k) => k.clone(),
                    Seg::Index(_) => continue,
                };
                let Some(Out::Map(entries)) = slot(request, parent, &AWS) else {
                    continue;
                };
                if let Some(entry) = entries.iter_mut().find(|(k, _)| *k == name) {
                    if holds_placeholder(&entry.1, e) {
                        *entry = (
                            Cow::Owned(format!("{name}.$")),
                            Out::Str(Cow::Borrowed(&e.text)),
                        );
                    }
                }
            }
        }
    }
}

/// The JSONata expression of an empty string. A JSONata template takes a
/// string only if it is not empty (the States Language schema's rule), so
/// an empty value is written as this literal, which reads back as `""`.
pub(super) const EMPTY_STRING: &str = "{% '' %}";

fn empty_strings_as_literals(out: &mut Out<'_>) {
    match out {
        Out::Str(s) | Out::UserStr(s) if s.is_empty() => {
            *out = Out::Str(Cow::Borrowed(EMPTY_STRING));
        }
        Out::Map(entries) => entries
            .iter_mut()
            .for_each(|(_, v)| empty_strings_as_literals(v)),
        Out::Seq(items) => items.iter_mut().for_each(empty_strings_as_literals),
        _ => {}
    }
}
