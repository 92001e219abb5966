//! Values written as expressions tjspec cannot evaluate: Terraform
//! references and templates, Step Functions paths, intrinsic functions and
//! JSONata, SageMaker Pipelines `Get`/`Std:*` functions.
//!
//! A reader turns each into a [`NodeKind::Expr`] before the job is read;
//! [`Resolver`] then records it (its language, text and position) and puts a
//! placeholder of the member's type in the job, which validation leaves
//! alone. A writer of a format that holds the expression's language puts it
//! back ([`restore`]); converting to any other format is an error naming
//! each expression, unless `--set` or `--overlay` supplies the member
//! ([`settle`]).

use std::borrow::Cow;

use tjspec_model::bindings::aws::AWS;
use tjspec_model::{Job, SCHEMA};
use tjspec_runtime::meta::ShapeKind;
use tjspec_runtime::Code;
use tjspec_runtime::{
    Binding, CanonPath, Diagnostic, Node, NodeKind, Out, Seg, ShapeId, Span, StrStyle, Write,
    WriteCx,
};

use super::{Envelope, FormatId};

/// The language an expression is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Language {
    /// Terraform HCL: references, templates, function calls.
    Hcl,
    /// Step Functions JSONPath: a path or an intrinsic function in a
    /// `Parameters` key ending in `.$`.
    JsonPath,
    /// Step Functions JSONata: a `{% … %}` string in `Arguments`.
    Jsonata,
    /// SageMaker Pipelines: `{"Get": …}`, `{"Std:Join": …}`, `{"Std:JsonGet": …}`.
    PipelineFunction,
    /// CloudFormation, in a template's state machine: an intrinsic function
    /// (`{"Fn::GetAtt": …}`, `!Ref X`) or a `DefinitionSubstitutions`
    /// placeholder (`${TrainingImage}`). No output format holds them.
    CloudFormation,
}

impl Language {
    /// How the language is named in messages.
    pub fn describe(self) -> &'static str {
        match self {
            Language::Hcl => "a Terraform expression",
            Language::JsonPath => "a Step Functions JSONPath expression",
            Language::Jsonata => "a Step Functions JSONata expression",
            Language::PipelineFunction => "a SageMaker Pipelines expression",
            Language::CloudFormation => {
                "a CloudFormation value (an intrinsic function or a DefinitionSubstitutions placeholder)"
            }
        }
    }

    /// Whether documents of `to` can hold an expression of this language.
    pub fn held_by(self, to: FormatId) -> bool {
        match self {
            Language::Hcl => to.declaration().syntax.has_expressions(),
            Language::JsonPath | Language::Jsonata => to == FormatId::Sfn,
            Language::PipelineFunction => to == FormatId::SmPipeline,
            // A state machine definition written out is no longer in its
            // template: CloudFormation would not resolve them there.
            Language::CloudFormation => false,
        }
    }

    /// When the value is known: for the unverified note.
    fn evaluated(self) -> &'static str {
        match self {
            Language::Hcl => "when Terraform plans",
            Language::JsonPath | Language::Jsonata => "when the state runs",
            Language::PipelineFunction => "when the pipeline runs",
            Language::CloudFormation => "when the stack is deployed",
        }
    }
}

/// A member whose value is an expression carried through verbatim.
#[derive(Clone, Debug, PartialEq)]
pub struct Expression {
    /// The member (or list element, or map entry).
    pub canon: CanonPath,
    /// The expression as written (`aws_iam_role.r.arn`, `$.count`,
    /// `{% $count %}`; a Pipelines function as compact JSON).
    pub text: String,
    /// Where the input has it.
    pub span: Span,
    /// Its language.
    pub language: Language,
}

/// `text`, cut to 60 characters for a message.
pub fn shown(text: &str) -> String {
    if text.chars().count() > 60 {
        format!("{}…", text.chars().take(60).collect::<String>())
    } else {
        text.to_owned()
    }
}

/// An expression where only a literal value can go.
pub fn expression_error(text: &str, span: Span, path: &str, hint: &str) -> Diagnostic {
    Diagnostic::error(
        Code::Expression,
        format!(
            "`{}` is an expression; only literal values convert",
            shown(text)
        ),
    )
    .with_path(path.to_owned())
    .with_span(span)
    .with_hint(hint.to_owned())
}

/// Finds expressions in a job tree: each becomes a placeholder of the
/// member's type, recorded (kept) or reported (rejected).
pub struct Resolver<'d> {
    /// The input's names.
    pub binding: &'static Binding,
    /// What paths start with in the input (`spec`, `States.Train.Parameters`).
    pub prefix: &'d str,
    /// The expressions' language.
    pub language: Language,
    /// Keep them (else each is an error).
    pub keep: bool,
    /// The hint of an expression error.
    pub hint: &'d str,
    /// The expressions kept.
    pub expressions: Vec<Expression>,
    /// Where errors go.
    pub diags: &'d mut Vec<Diagnostic>,
}

/// Walks a workflow's request (`root`, of shape `shape`, read with AWS's
/// names) and returns its expressions of `language`, every one kept.
pub fn keep_expressions(
    root: &mut Node,
    shape: ShapeId,
    prefix: &str,
    language: Language,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Expression> {
    let mut resolver = Resolver {
        binding: &AWS,
        prefix,
        language,
        keep: true,
        hint: "",
        expressions: Vec::new(),
        diags,
    };
    resolver.walk(root, shape, &mut Vec::new());
    resolver.expressions
}

/// The stand-in value of an expression for a member of shape `shape`.
pub fn placeholder(shape: ShapeId, text: &str) -> NodeKind {
    match &SCHEMA.shape(shape).kind {
        ShapeKind::Structure { .. } | ShapeKind::Map { .. } => NodeKind::Map(Vec::new()),
        ShapeKind::List { .. } => NodeKind::Seq(Vec::new()),
        ShapeKind::Enum { .. } | ShapeKind::String { .. } => {
            NodeKind::Str(format!("${{{text}}}"), StrStyle::Quoted)
        }
        ShapeKind::Integer { .. } | ShapeKind::Long { .. } => NodeKind::Int(0),
        ShapeKind::Float | ShapeKind::Double => NodeKind::Float(0.0),
        ShapeKind::Boolean => NodeKind::Bool(false),
        ShapeKind::Timestamp => NodeKind::Str("1970-01-01T00:00:00Z".into(), StrStyle::Quoted),
    }
}

/// The placeholder as an output value.
pub fn placeholder_out(shape: ShapeId, text: &str) -> Out<'static> {
    match placeholder(shape, text) {
        NodeKind::Map(_) => Out::Map(Vec::new()),
        NodeKind::Seq(_) => Out::Seq(Vec::new()),
        NodeKind::Str(s, _) => Out::Str(Cow::Owned(s)),
        NodeKind::Int(i) => Out::Int(i64::try_from(i).unwrap_or_default()),
        NodeKind::Float(f) => Out::Float(f),
        NodeKind::Bool(b) => Out::Bool(b),
        _ => Out::Map(Vec::new()),
    }
}

impl Resolver<'_> {
    /// Walks `node` (of shape `shape`, at `canon`), replacing each expression.
    pub fn walk(&mut self, node: &mut Node, shape: ShapeId, canon: &mut Vec<Seg>) {
        if let NodeKind::Expr(text) = &node.kind {
            let text = text.clone();
            let path = CanonPath(canon.clone());
            if self.keep {
                self.expressions.push(Expression {
                    canon: path,
                    text: text.clone(),
                    span: node.span,
                    language: self.language,
                });
            } else {
                let mut spelled = self.prefix.to_owned();
                let rest = path.spell(self.binding);
                if !rest.is_empty() && !spelled.is_empty() && !rest.starts_with('[') {
                    spelled.push('.');
                }
                spelled.push_str(&rest);
                self.diags
                    .push(expression_error(&text, node.span, &spelled, self.hint).with_canon(path));
            }
            node.kind = placeholder(shape, &text);
            return;
        }
        match (&mut node.kind, &SCHEMA.shape(shape).kind) {
            (NodeKind::Map(entries), ShapeKind::Structure { members }) => {
                for (k, v) in entries {
                    if let Some(i) = self.binding.member(shape, &k.name) {
                        canon.push(Seg::Member(shape, i));
                        self.walk(v, members[usize::from(i)].shape, canon);
                        canon.pop();
                    }
                }
            }
            (NodeKind::Map(entries), ShapeKind::Map { value, .. }) => {
                for (k, v) in entries {
                    canon.push(Seg::Key(k.name.clone()));
                    self.walk(v, *value, canon);
                    canon.pop();
                }
            }
            (NodeKind::Seq(items), ShapeKind::List { member, .. }) => {
                for (i, item) in items.iter_mut().enumerate() {
                    canon.push(Seg::Index(i));
                    self.walk(item, *member, canon);
                    canon.pop();
                }
            }
            _ => {}
        }
    }
}

/// The shape of the value at `canon`.
pub fn shape_at(canon: &[Seg]) -> Option<ShapeId> {
    // A path starts at a member of its resource's root structure.
    let mut cur = match canon.first() {
        Some(Seg::Member(root, _)) => *root,
        _ => SCHEMA.root,
    };
    for seg in canon {
        cur = match (seg, &SCHEMA.shape(cur).kind) {
            (Seg::Member(s, i), _) => SCHEMA.members(*s).get(usize::from(*i))?.shape,
            (Seg::Index(_), ShapeKind::List { member, .. }) => *member,
            (Seg::Key(_), ShapeKind::Map { value, .. }) => *value,
            _ => return None,
        };
    }
    Some(cur)
}

/// The output value at `canon`, spelled with `binding`.
pub fn slot<'o, 'a>(
    out: &'o mut Out<'a>,
    canon: &[Seg],
    binding: &Binding,
) -> Option<&'o mut Out<'a>> {
    let Some((first, rest)) = canon.split_first() else {
        return Some(out);
    };
    let next = match (first, out) {
        (Seg::Member(s, i), Out::Map(entries)) => {
            let name = binding.name(*s, *i)?;
            entries
                .iter_mut()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v)?
        }
        (Seg::Key(key), Out::Map(entries)) => {
            entries.iter_mut().find(|(k, _)| k == key).map(|(_, v)| v)?
        }
        (Seg::Index(i), Out::Seq(items)) => items.get_mut(*i)?,
        _ => return None,
    };
    slot(next, rest, binding)
}

/// Whether `value` is still the placeholder of `e` (nothing replaced it).
pub fn holds_placeholder(value: &Out<'_>, e: &Expression) -> bool {
    let Some(shape) = shape_at(&e.canon.0) else {
        return false;
    };
    match (value, placeholder_out(shape, &e.text)) {
        (Out::Str(a) | Out::UserStr(a), Out::Str(b)) => *a == b,
        (a, b) => *a == b,
    }
}

/// Puts back the expressions of the languages `keep` accepts where the
/// job still holds their placeholder; `put` writes one into its slot.
pub fn restore<'a>(
    out: &mut Out<'a>,
    envelope: &'a Envelope,
    binding: &Binding,
    keep: impl Fn(Language) -> bool,
    put: impl Fn(&mut Out<'a>, &'a Expression),
) {
    for e in envelope.expressions.iter().filter(|e| keep(e.language)) {
        if let Some(v) = slot(out, &e.canon.0, binding) {
            if holds_placeholder(v, e) {
                put(v, e);
            }
        }
    }
}

/// What the pipeline makes of a document's expressions once `--set` and
/// `--overlay` have applied: those they replaced are values now (dropped
/// from the envelope, so validation checks them); each other one is an
/// error when converting to `to`, which cannot hold its language, or a note
/// that it is not checked. Terraform expressions keep their behaviour of
/// before: rejected when reading unless `--keep-expressions`, silent when kept.
pub fn settle(
    envelope: &mut Envelope,
    job: &Job,
    overridden: bool,
    to: Option<FormatId>,
) -> Vec<Diagnostic> {
    if envelope.expressions.is_empty() {
        return Vec::new();
    }
    if overridden {
        let mut out = job.write(&mut WriteCx::new(&AWS, true));
        envelope
            .expressions
            .retain(|e| slot(&mut out, &e.canon.0, &AWS).is_some_and(|v| holds_placeholder(v, e)));
    }
    let mut findings = Vec::new();
    for e in &envelope.expressions {
        if e.language == Language::Hcl {
            continue;
        }
        let d = match to {
            Some(to) if !e.language.held_by(to) => Diagnostic::error(
                Code::Expression,
                format!(
                    "`{}` is {}; {to} cannot hold it, only its value",
                    shown(&e.text),
                    e.language.describe()
                ),
            )
            .with_hint(match parameter(e) {
                Some(name) => format!(
                    "give the parameter a value with `--pipeline-parameter {name}=...` (or its default with `--pipeline-parameters defaults`), or supply the member with `--set {}=...`",
                    e.canon.spell_api(SCHEMA)
                ),
                None => format!(
                    "supply the value with `--set {}=...`",
                    e.canon.spell_api(SCHEMA)
                ),
            }),
            _ => Diagnostic::note(
                Code::Unverified,
                format!(
                    "`{}` is {}, known only {}: not checked",
                    shown(&e.text),
                    e.language.describe(),
                    e.language.evaluated()
                ),
            ),
        };
        findings.push(d.with_canon(e.canon.clone()).with_span(e.span));
    }
    findings
}

/// The pipeline parameter a Pipelines expression is, when it is one
/// (`{"Get":"Parameters.X"}`).
fn parameter(e: &Expression) -> Option<&str> {
    if e.language != Language::PipelineFunction {
        return None;
    }
    e.text
        .strip_prefix("{\"Get\":\"Parameters.")?
        .strip_suffix("\"}")
}
